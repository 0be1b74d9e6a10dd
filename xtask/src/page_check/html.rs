//! Reads an HTML page with scraper (html5ever): headings and short paragraphs set the
//! context, `<pre>` blocks holding JSON become examples, `<table>`s with a name column become
//! field tables.
//!
//! The parser keeps no source positions, so lines come from the tags themselves: the n-th
//! `<pre>` element in document order is the n-th `<pre` tag in the source, and likewise for
//! headings, tables and rows.

use super::markdown::names_a_status;
use super::page::{parse_example, Cell, Columns, Context, Headings, Lines, Page, Table};
use scraper::{ElementRef, Html, Selector};
use std::collections::HashMap;

/// Lead-in sentences longer than this are prose, not a caption for the next block.
const MAX_LEAD_IN: usize = 100;

/// The elements the reader looks at, in document order.
const BLOCKS: &str = "h1, h2, h3, h4, h5, h6, p, pre, table";

/// Finds the source line of the n-th element of each tag name.
struct TagLines<'a> {
    lower: String,
    lines: &'a Lines,
    cursors: HashMap<&'static str, usize>,
}

impl<'a> TagLines<'a> {
    fn new(source: &str, lines: &'a Lines) -> Self {
        Self {
            lower: source.to_ascii_lowercase(),
            lines,
            cursors: HashMap::new(),
        }
    }

    /// The line of the next `<tag` and the offset just past its `>`.
    fn next(&mut self, tag: &'static str) -> (usize, usize) {
        let open = format!("<{tag}");
        let cursor = self.cursors.entry(tag).or_insert(0);
        let mut from = *cursor;
        while let Some(found) = self.lower.get(from..).and_then(|rest| rest.find(&open)) {
            let at = from + found;
            let after = self.lower.as_bytes().get(at + open.len()).copied();
            if matches!(after, Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')) {
                let end = self.lower[at..].find('>').map_or(at, |e| at + e + 1);
                *cursor = end;
                return (self.lines.line(at), end);
            }
            from = at + open.len();
        }
        (self.lines.line(*cursor), *cursor)
    }

    /// The line a `<pre>`'s text starts on: the tag's line, or the next one when the tag ends
    /// the line, since HTML drops a newline right after `<pre>`.
    fn pre_text_line(&self, line: usize, end: usize) -> usize {
        let rest = self.lower.get(end..).unwrap_or("");
        if rest.starts_with('\n') || rest.starts_with("\r\n") {
            line + 1
        } else {
            line
        }
    }
}

/// Reads `text` as HTML.
pub fn read(text: &str) -> Page {
    let mut page = Page::default();
    let (Ok(blocks), Ok(rows), Ok(cells), Ok(codes)) = (
        Selector::parse(BLOCKS),
        Selector::parse("tr"),
        Selector::parse("th, td"),
        Selector::parse("code"),
    ) else {
        page.notes.push((
            1,
            "internal error: a fixed CSS selector did not parse".to_owned(),
        ));
        return page;
    };
    let document = Html::parse_document(text);
    let lines = Lines::new(text);
    let mut tags = TagLines::new(text, &lines);
    let mut headings = Headings::default();
    for element in document.select(&blocks) {
        let name = element.value().name();
        let own_text = || element.text().collect::<String>();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let tag: &'static str = match name {
                    "h1" => "h1",
                    "h2" => "h2",
                    "h3" => "h3",
                    "h4" => "h4",
                    "h5" => "h5",
                    _ => "h6",
                };
                let (line, _) = tags.next(tag);
                let level = usize::from(name.as_bytes()[1] - b'0');
                let context = Context::from_text(&own_text());
                if let Some(status) = &context.status {
                    page.mention_status(status, line);
                }
                headings.push(level, context);
            }
            "p" => {
                let (line, _) = tags.next("p");
                let text = own_text();
                let mut context = Context::from_text(&text);
                if !names_a_status(&text) {
                    context = Context::from_text(&text.replace(|c: char| c.is_ascii_digit(), ""));
                }
                if text.trim().len() <= MAX_LEAD_IN && !context.is_empty() && !in_table(element) {
                    if let Some(status) = &context.status {
                        page.mention_status(status, line);
                    }
                    headings.lead = context;
                }
            }
            "pre" => {
                let (line, end) = tags.next("pre");
                let first = tags.pre_text_line(line, end);
                pre(&mut page, &headings, element, first);
            }
            _ => {
                let (line, _) = tags.next("table");
                let mut header: Option<Option<Columns>> = None;
                let mut table = Table {
                    line,
                    context: headings.current(),
                    fields: Vec::new(),
                    schema: None,
                };
                for row in element.select(&rows) {
                    let (row_line, _) = tags.next("tr");
                    let row_cells: Vec<Cell> = row
                        .select(&cells)
                        .map(|cell| Cell {
                            text: cell.text().collect::<String>().trim().to_owned(),
                            codes: cell
                                .select(&codes)
                                .map(|c| c.text().collect::<String>())
                                .collect(),
                        })
                        .collect();
                    match header {
                        None => header = Some(Columns::from_header(&row_cells)),
                        Some(Some(columns)) => {
                            if let Some(field) = columns.field(&row_cells, row_line) {
                                table.fields.push(field);
                            }
                        }
                        Some(None) => {}
                    }
                }
                if !table.fields.is_empty() {
                    page.tables.push(table);
                }
            }
        }
    }
    page
}

/// True when `element` sits inside a table.
fn in_table(element: ElementRef<'_>) -> bool {
    element
        .ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "table")
}

/// Files a `<pre>` block: JSON (by class `language-json`/`json`, or by its first character)
/// becomes an example.
fn pre(page: &mut Page, headings: &Headings, element: ElementRef<'_>, first: usize) {
    let body = element.text().collect::<String>();
    let classes = element
        .descendants()
        .filter_map(ElementRef::wrap)
        .flat_map(|e| e.value().classes().map(str::to_owned).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    let tagged_json = classes
        .iter()
        .any(|c| matches!(c.as_str(), "json" | "language-json" | "lang-json"));
    let bare = matches!(body.trim_start().chars().next(), Some('{' | '['));
    if !tagged_json && !bare {
        return;
    }
    match parse_example(&body, first, headings.current()) {
        Some(example) => page.examples.push(example),
        None if tagged_json => page.notes.push((
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

    const PAGE: &str = "<html><body>\n<h2>Request body</h2>\n<table>\n<tr><th>Name</th><th>Type</th><th>Required</th></tr>\n<tr><td><code>a</code></td><td>string</td><td>yes</td></tr>\n</table>\n<h2>Responses</h2>\n<p>Response (201):</p>\n<pre><code class=\"language-json\">\n{\n  \"id\": \"x\"\n}\n</code></pre>\n</body></html>\n";

    #[test]
    fn reads_tables_and_blocks_with_lines() {
        let page = read(PAGE);
        assert_eq!(page.tables.len(), 1);
        let table = &page.tables[0];
        assert_eq!(table.line, 3);
        assert_eq!(table.context.direction, Some(Direction::Request));
        assert_eq!(table.fields[0].name, "a");
        assert_eq!(table.fields[0].line, 5);
        assert_eq!(table.fields[0].required, Some(true));
        assert_eq!(page.examples.len(), 1);
        let example = &page.examples[0];
        assert_eq!(example.context.status.as_deref(), Some("201"));
        assert_eq!(example.line, 10);
        assert_eq!(example.keys, vec![("id".to_owned(), 11)]);
        assert_eq!(page.statuses, vec![("201".to_owned(), 8)]);
    }
}
