//! Reads a Markdown page with pulldown-cmark: headings set the context, fenced JSON blocks
//! become examples, GitHub tables with a name column become field tables, bulleted
//! `` `name` (type, required) `` items become field rows, and paragraphs go to `text.rs` for
//! the plain-text layouts of saved reference pages.

use super::page::{parse_example, Cell, Columns, Context, Headings, Lines, Page, Table};
use super::text::{list_field, TextReader};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// Lead-in sentences longer than this are prose, not a caption for the next block.
const MAX_LEAD_IN: usize = 100;

/// Where the walk is inside a table.
#[derive(Default)]
struct TableState {
    line: usize,
    columns: Option<Columns>,
    row: Vec<Cell>,
    row_line: usize,
    cell: Option<Cell>,
    table: Option<Table>,
    header_seen: bool,
}

/// Reads `text` as Markdown.
pub fn read(text: &str) -> Page {
    match restore_line_breaks(text) {
        Some((restored, original_lines)) => {
            let mut page = read_restored(&restored);
            let to_original = |line: usize| {
                original_lines
                    .get(line.saturating_sub(1))
                    .copied()
                    .unwrap_or(1)
            };
            page.map_lines(to_original);
            page.notes.push((
                1,
                "the page's line breaks were lost; they were restored before ` ## ` headings and \
                 `` - ` `` list items, so lines refer to the saved file's few long lines"
                    .to_owned(),
            ));
            page
        }
        None => read_restored(text),
    }
}

/// A page saved with its line breaks lost (a whole Markdown document on a line or two, with
/// ` ## ` headings and `` - `field` `` items inside the lines) gets them back before
/// parsing; also returns, for each restored line, the line of the saved file it comes from.
fn restore_line_breaks(text: &str) -> Option<(String, Vec<usize>)> {
    let lines: Vec<&str> = text.lines().collect();
    let flattened = lines.len() <= 2 && text.len() > 500 && text.contains(" ## ");
    if !flattened {
        return None;
    }
    let mut restored = String::new();
    let mut origin = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let chunk = line.replace(" ## ", "\n\n## ").replace(" - `", "\n- `");
        for _ in 0..=chunk.matches('\n').count() {
            origin.push(i + 1);
        }
        restored.push_str(&chunk);
        restored.push('\n');
    }
    Some((restored, origin))
}

/// Collects a list item's text: its first code span and what follows.
struct Item {
    line: usize,
    code: Option<String>,
    text: String,
    /// The item's lines, for `text.rs` when the item is not a field.
    lines: Vec<(usize, String)>,
}

impl Item {
    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
        if let Some((_, last)) = self.lines.last_mut() {
            last.push_str(text);
        }
    }
}

/// Reads a Markdown text whose line breaks are in place.
fn read_restored(text: &str) -> Page {
    let mut walker = Walker {
        lines: Lines::new(text),
        ..Walker::default()
    };
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        let line = walker.lines.line(range.start);
        match event {
            Event::Start(tag) => walker.start(tag, line),
            Event::End(tag) => walker.end(tag, line),
            // Type text such as `number<double>` and placeholders such as `"<string>"` parse
            // as inline HTML; they are text here.
            Event::Text(t) | Event::InlineHtml(t) => walker.text(&t, false),
            Event::Code(t) => walker.text(&t, true),
            Event::SoftBreak | Event::HardBreak => walker.line_break(range.end),
            _ => {}
        }
    }
    walker.reader.flush(&mut walker.page);
    walker.page
}

/// The walk over one page's events: what is open, and what has been read.
#[derive(Default)]
struct Walker {
    lines: Lines,
    page: Page,
    headings: Headings,
    reader: TextReader,
    /// An open heading: level, line, title.
    heading: Option<(usize, usize, String)>,
    /// An open paragraph's lines.
    paragraph: Option<Vec<(usize, String)>>,
    /// Open list items, innermost last.
    items: Vec<Item>,
    /// An open code block: first line, language, text.
    code: Option<(usize, String, String)>,
    table: TableState,
    in_table: bool,
}

impl Walker {
    fn start(&mut self, tag: Tag<'_>, line: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.reader.flush(&mut self.page);
                self.heading = Some((level as usize, line, String::new()));
            }
            Tag::Paragraph if !self.in_table && self.items.is_empty() => {
                self.paragraph = Some(vec![(line, String::new())]);
            }
            Tag::Item => self.items.push(Item {
                line,
                code: None,
                text: String::new(),
                lines: vec![(line, String::new())],
            }),
            Tag::CodeBlock(kind) => {
                self.reader.flush(&mut self.page);
                let (first, lang) = match kind {
                    CodeBlockKind::Fenced(info) => (
                        line + 1,
                        info.split_whitespace().next().unwrap_or("").to_owned(),
                    ),
                    CodeBlockKind::Indented => (line, String::new()),
                };
                self.code = Some((first, lang.to_ascii_lowercase(), String::new()));
            }
            Tag::Table(_) => {
                self.reader.flush(&mut self.page);
                self.in_table = true;
                self.table = TableState {
                    line,
                    ..TableState::default()
                };
            }
            Tag::TableHead | Tag::TableRow => {
                self.table.row.clear();
                self.table.row_line = line;
            }
            Tag::TableCell => self.table.cell = Some(Cell::default()),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, line: usize) {
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, line, title)) = self.heading.take() {
                    let context = Context::from_text(&title);
                    if let Some(status) = &context.status {
                        self.page.mention_status(status, line);
                    }
                    self.headings.push(level, context);
                }
            }
            TagEnd::Paragraph => {
                if let Some(para) = self.paragraph.take() {
                    let joined: Vec<&str> = para.iter().map(|(_, t)| t.as_str()).collect();
                    lead_in(&mut self.page, &mut self.headings, line, &joined.join(" "));
                    self.reader
                        .paragraph(&mut self.page, &mut self.headings, &para);
                }
            }
            TagEnd::Item => {
                let Some(item) = self.items.pop() else {
                    return;
                };
                match item
                    .code
                    .as_deref()
                    .and_then(|name| list_field(name, &item.text, item.line))
                {
                    Some(field) => self.reader.push_list_field(&self.headings, field),
                    None => self
                        .reader
                        .paragraph(&mut self.page, &mut self.headings, &item.lines),
                }
            }
            TagEnd::CodeBlock => {
                if let Some((first, lang, body)) = self.code.take() {
                    code_block(&mut self.page, &self.headings, first, &lang, &body);
                }
            }
            TagEnd::Table => {
                self.in_table = false;
                if let Some(done) = self.table.table.take() {
                    if !done.fields.is_empty() {
                        self.page.tables.push(done);
                    }
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => end_row(&mut self.table, &self.headings),
            TagEnd::TableCell => {
                let cell = self.table.cell.take().unwrap_or_default();
                self.table.row.push(cell);
            }
            _ => {}
        }
    }

    /// Text or a code span, to whatever is open.
    fn text(&mut self, text: &str, code_span: bool) {
        if let Some((_, _, title)) = self.heading.as_mut() {
            title.push_str(text);
        } else if let Some((_, _, body)) = self.code.as_mut() {
            body.push_str(text);
        } else if let Some(cell) = self.table.cell.as_mut() {
            cell.text.push_str(text);
            if code_span {
                cell.codes.push(text.to_owned());
            }
        } else if let Some(item) = self.items.last_mut() {
            if code_span && item.code.is_none() && item.text.trim().is_empty() {
                // The item's name; the rest of the item describes it.
                item.code = Some(text.to_owned());
                if let Some((_, last)) = item.lines.last_mut() {
                    last.push_str(text);
                }
            } else {
                item.push_str(text);
            }
        } else if let Some((_, last)) = self.paragraph.as_mut().and_then(|p| p.last_mut()) {
            last.push_str(text);
        }
    }

    /// A line break inside a paragraph or item starts a new line at `offset`.
    fn line_break(&mut self, offset: usize) {
        let line = self.lines.line(offset);
        if let Some(item) = self.items.last_mut() {
            item.text.push(' ');
            item.lines.push((line, String::new()));
        } else if let Some(para) = self.paragraph.as_mut() {
            para.push((line, String::new()));
        }
    }
}

/// A short sentence that names a direction or status ("Response (404):") captions what
/// follows, until the next heading.
fn lead_in(page: &mut Page, headings: &mut Headings, line: usize, text: &str) {
    let mut context = Context::from_text(text);
    if text.trim().len() > MAX_LEAD_IN || context.is_empty() {
        return;
    }
    // "Maximum string length: 511" names no status; "Response (404):" does.
    if !names_a_status(text) {
        context = Context::from_text(&text.replace(|c: char| c.is_ascii_digit(), ""));
        if context.is_empty() {
            return;
        }
    }
    if let Some(status) = &context.status {
        page.mention_status(status, line);
    }
    headings.lead = context;
}

/// True when a sentence speaks of responses or statuses, so a number in it is a status code.
pub fn names_a_status(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["response", "status", "error", "http", "returns", "code"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Files a finished row: the header decides whether the table is a field table.
fn end_row(table: &mut TableState, headings: &Headings) {
    let cells = std::mem::take(&mut table.row);
    if !table.header_seen {
        table.header_seen = true;
        table.columns = Columns::from_header(&cells);
        if table.columns.is_some() {
            table.table = Some(Table {
                line: table.line,
                context: headings.current(),
                fields: Vec::new(),
                schema: None,
            });
        }
        return;
    }
    let (Some(columns), Some(done)) = (table.columns, table.table.as_mut()) else {
        return;
    };
    if let Some(field) = columns.field(&cells, table.row_line) {
        done.fields.push(field);
    }
}

/// Files a code block: JSON becomes an example; a `json` block that does not parse is noted.
fn code_block(page: &mut Page, headings: &Headings, first: usize, lang: &str, body: &str) {
    let jsonish = matches!(lang, "json" | "jsonc" | "json5" | "javascript-json");
    let bare = lang.is_empty() && matches!(body.trim_start().chars().next(), Some('{' | '['));
    if !jsonish && !bare {
        return;
    }
    match parse_example(body, first, headings.current()) {
        Some(example) => page.examples.push(example),
        None if jsonish => page.notes.push((
            first,
            "a JSON code block does not parse as JSON; it is not compared".to_owned(),
        )),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_check::page::Direction;

    const PAGE: &str = "# Create\n\n## Request\n\n```json\n{\"a\": 1}\n```\n\n| Field | Type | Required | Description |\n|---|---|---|---|\n| `a` | integer | Yes | One of: `1`, `2` |\n\n## Response\n\n### 201 Created\n\n```json\n{\n  \"id\": \"x\"\n}\n```\n\n### Errors\n\nResponse (404):\n\n```json\n{\"error\": \"nope\"}\n```\n";

    #[test]
    fn reads_blocks_tables_and_statuses() {
        let page = read(PAGE);
        assert_eq!(page.examples.len(), 3);
        let request = &page.examples[0];
        assert_eq!(request.line, 6);
        assert_eq!(request.context.direction, Some(Direction::Request));
        let created = &page.examples[1];
        assert_eq!(created.context.status.as_deref(), Some("201"));
        assert_eq!(created.keys, vec![("id".to_owned(), 19)]);
        let not_found = &page.examples[2];
        assert_eq!(not_found.context.status.as_deref(), Some("404"));
        assert_eq!(page.tables.len(), 1);
        let field = &page.tables[0].fields[0];
        assert_eq!((field.name.as_str(), field.line), ("a", 11));
        assert_eq!(field.required, Some(true));
        assert_eq!(field.enum_values, Some(vec!["1".into(), "2".into()]));
        assert_eq!(
            page.statuses,
            vec![("201".to_owned(), 15), ("404".to_owned(), 25)]
        );
    }
}
