//! What a vendor page shows, whatever its format: JSON examples, field tables and the status
//! codes it lists, each with the 1-based line it starts on.
//!
//! The readers (`markdown.rs`, `html.rs`) fill a [`Page`]; `compare.rs` reads it. Headings and
//! short lead-in sentences ("Response (201):") give each example and table its [`Context`].

use serde_json::Value;

/// Whether something describes what the client sends or what it gets back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// The request body.
    Request,
    /// A response body.
    Response,
}

/// Where an example or table sits: request or response, and which status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// Request or response, when the nearby headings or text say so.
    pub direction: Option<Direction>,
    /// The HTTP status (`"200"`), when the nearby headings or text name one.
    pub status: Option<String>,
}

impl Context {
    /// What a heading or lead-in sentence says about the direction and status.
    pub fn from_text(text: &str) -> Self {
        let lower = text.to_ascii_lowercase();
        let status = status_in(text);
        let direction = if status.is_some()
            || lower.contains("response")
            || lower.contains("error")
            || lower.contains("returns")
        {
            Some(Direction::Response)
        } else if lower.contains("request") || lower.contains("body") {
            Some(Direction::Request)
        } else {
            None
        };
        Self { direction, status }
    }

    /// `self`, with what `inner` says taking precedence.
    pub fn with(&self, inner: &Context) -> Self {
        let direction = inner.direction.or(self.direction);
        let status = match (&inner.direction, &inner.status) {
            (_, Some(status)) => Some(status.clone()),
            // A heading that turns from responses to the request drops the status.
            (Some(Direction::Request), None) => None,
            (_, None) => self.status.clone(),
        };
        Self { direction, status }
    }

    /// True when the text said nothing about direction or status.
    pub fn is_empty(&self) -> bool {
        self.direction.is_none() && self.status.is_none()
    }
}

/// The first HTTP status code (100 to 599) that stands as a word of its own in `text`.
pub fn status_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .find(|word| {
            word.len() == 3
                && word.bytes().all(|b| b.is_ascii_digit())
                && (b"12345").contains(&word.as_bytes()[0])
        })
        .map(str::to_owned)
}

/// Headings in force, each with its level and what it says.
#[derive(Default)]
pub struct Headings {
    stack: Vec<(usize, Context)>,
    /// What the last short lead-in sentence said, until the next heading.
    pub lead: Context,
}

impl Headings {
    /// Enters a heading of `level`, leaving the deeper and equal ones.
    pub fn push(&mut self, level: usize, context: Context) {
        self.stack.retain(|(l, _)| *l < level);
        self.stack.push((level, context));
        self.lead = Context::default();
    }

    /// The context in force.
    pub fn current(&self) -> Context {
        let base = self
            .stack
            .iter()
            .fold(Context::default(), |acc, (_, ctx)| acc.with(ctx));
        base.with(&self.lead)
    }
}

/// A JSON code block.
#[derive(Debug, Clone)]
pub struct Example {
    /// Line of the first line of JSON.
    pub line: usize,
    /// Request or response, and status.
    pub context: Context,
    /// The parsed block.
    pub value: Value,
    /// Every object key as a dotted path (`kybCase.refId`; array items add no segment), with
    /// the line it is written on, in document order.
    pub keys: Vec<(String, usize)>,
}

/// One row of a field table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Field {
    /// Dotted name as shown (`kybCase.status`).
    pub name: String,
    /// Line of the row.
    pub line: usize,
    /// The type column as written, when the table has one.
    pub type_text: Option<String>,
    /// The required column, when the table has one and the cell says yes or no.
    pub required: Option<bool>,
    /// Values listed after "Enum:", "One of", "Allowed values" or "Possible values".
    pub enum_values: Option<Vec<String>>,
}

/// A table with a name column and a type, required or description column.
#[derive(Debug, Clone)]
pub struct Table {
    /// Line of the header row.
    pub line: usize,
    /// Request or response, and status.
    pub context: Context,
    /// The rows, in page order.
    pub fields: Vec<Field>,
    /// The type name the page gives the table (a TypeScript type's name), when it has one.
    pub schema: Option<String>,
}

/// Everything a page shows that the check compares.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// JSON code blocks.
    pub examples: Vec<Example>,
    /// Field tables.
    pub tables: Vec<Table>,
    /// Status codes in headings, with their lines (each code once, first mention).
    pub statuses: Vec<(String, usize)>,
    /// Things on the page the check could not use, with their lines.
    pub notes: Vec<(usize, String)>,
}

impl Page {
    /// Rewrites every line number with `f`.
    pub fn map_lines(&mut self, f: impl Fn(usize) -> usize) {
        for example in &mut self.examples {
            example.line = f(example.line);
            for (_, line) in &mut example.keys {
                *line = f(*line);
            }
        }
        for table in &mut self.tables {
            table.line = f(table.line);
            for field in &mut table.fields {
                field.line = f(field.line);
            }
        }
        for (_, line) in &mut self.statuses {
            *line = f(*line);
        }
        for (line, _) in &mut self.notes {
            *line = f(*line);
        }
    }

    /// Records a status code the first time it is mentioned.
    pub fn mention_status(&mut self, status: &str, line: usize) {
        if !self.statuses.iter().any(|(s, _)| s == status) {
            self.statuses.push((status.to_owned(), line));
        }
    }
}

/// A table cell: its text, and the text of each code span in it.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    /// Plain text, code spans included without their backticks.
    pub text: String,
    /// The code spans.
    pub codes: Vec<String>,
}

/// What each column of a table holds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Columns {
    name: Option<usize>,
    ty: Option<usize>,
    required: Option<usize>,
    description: Option<usize>,
}

impl Columns {
    /// Reads a header row; `None` unless it has a name column and one more known column.
    pub fn from_header(cells: &[Cell]) -> Option<Self> {
        let mut columns = Self::default();
        for (i, cell) in cells.iter().enumerate() {
            let head = cell.text.trim().to_ascii_lowercase();
            let slot = match head.as_str() {
                "field" | "name" | "parameter" | "property" | "attribute" | "key" => {
                    &mut columns.name
                }
                "type" => &mut columns.ty,
                "required" | "required?" | "mandatory" => &mut columns.required,
                "description" | "details" | "notes" => &mut columns.description,
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        let known = [columns.ty, columns.required, columns.description];
        (columns.name.is_some() && known.iter().any(Option::is_some)).then_some(columns)
    }

    /// Reads a body row into a field; `None` when the name cell is empty.
    pub fn field(&self, cells: &[Cell], line: usize) -> Option<Field> {
        let cell = |slot: Option<usize>| slot.and_then(|i| cells.get(i));
        let name = cell(self.name)?
            .text
            .trim()
            .trim_matches('`')
            .trim()
            .to_owned();
        if name.is_empty() {
            return None;
        }
        let type_text = cell(self.ty)
            .map(|c| c.text.trim().to_owned())
            .filter(|t| !t.is_empty());
        let required = cell(self.required).and_then(|c| yes_no(&c.text));
        let enum_values = cell(self.description).and_then(enum_values);
        Some(Field {
            name,
            line,
            type_text,
            required,
            enum_values,
        })
    }
}

/// `Yes`/`No`-style cell text as a flag.
fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "required" | "✓" | "✔" | "x" => Some(true),
        "no" | "n" | "false" | "optional" | "-" | "—" => Some(false),
        _ => None,
    }
}

/// The values a description lists after "Enum:", "One of", "Allowed values" or "Possible
/// values": its code spans there, or else the comma-separated words up to the end of the
/// sentence, quotes removed (`Enum: "a", "b", null`, `Enum: 1, 2, 3`).
pub fn enum_values(cell: &Cell) -> Option<Vec<String>> {
    let lower = cell.text.to_ascii_lowercase();
    let markers = ["enum:", "one of", "allowed values", "possible values"];
    let at = markers.iter().filter_map(|m| lower.find(m)).min()?;
    let after = &cell.text[at..];
    let codes: Vec<String> = cell
        .codes
        .iter()
        .filter(|code| after.contains(code.as_str()))
        .cloned()
        .collect();
    if !codes.is_empty() {
        return Some(codes);
    }
    let list = after.split_once(':').map_or(after, |(_, rest)| rest);
    let list = list
        .split(". ")
        .next()
        .unwrap_or("")
        .lines()
        .next()
        .unwrap_or("");
    let mut values = Vec::new();
    for token in list.split(',') {
        let token = token
            .trim()
            .trim_end_matches('.')
            .trim_matches(['"', '`', '\'']);
        if token.is_empty() || token.contains(char::is_whitespace) {
            break;
        }
        values.push(token.to_owned());
    }
    (!values.is_empty()).then_some(values)
}

/// Parses a JSON code block; `None` when it is not JSON.
pub fn parse_example(text: &str, first_line: usize, context: Context) -> Option<Example> {
    let value: Value = serde_json::from_str(text).ok()?;
    let mut keys = Vec::new();
    let mut cursor = 0;
    key_lines(&value, "", text, &mut cursor, first_line, &mut keys);
    let leading = &text[..text.len() - text.trim_start().len()];
    Some(Example {
        line: first_line + leading.matches('\n').count(),
        context,
        value,
        keys,
    })
}

/// Finds the line of every key by searching the text in document order (the map keeps it).
fn key_lines(
    value: &Value,
    prefix: &str,
    text: &str,
    cursor: &mut usize,
    first_line: usize,
    out: &mut Vec<(String, usize)>,
) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let quoted = serde_json::to_string(key).unwrap_or_default();
                if let Some(found) = text.get(*cursor..).and_then(|rest| rest.find(&quoted)) {
                    *cursor += found + quoted.len();
                }
                let line = first_line + text[..(*cursor).min(text.len())].matches('\n').count();
                let path = join(prefix, key);
                out.push((path.clone(), line));
                key_lines(child, &path, text, cursor, first_line, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                key_lines(item, prefix, text, cursor, first_line, out);
            }
        }
        _ => {}
    }
}

/// `prefix.name`, or `name` at the top.
pub fn join(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Line numbers of byte offsets in one text.
#[derive(Debug, Default)]
pub struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The 1-based line of `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_give_direction_and_status() {
        let ctx = Context::from_text("Success Response (200 OK)");
        assert_eq!(ctx.direction, Some(Direction::Response));
        assert_eq!(ctx.status.as_deref(), Some("200"));
        assert_eq!(
            Context::from_text("Request Body").direction,
            Some(Direction::Request)
        );
        assert!(Context::from_text("Best Practices").is_empty());
        assert_eq!(status_in("Error 4000 or 600"), None);
    }

    #[test]
    fn keys_get_their_lines() {
        let text = "{\n  \"a\": {\n    \"b\": 1\n  },\n  \"b\": 2\n}";
        let example = parse_example(text, 10, Context::default()).expect("json");
        assert_eq!(
            example.keys,
            vec![("a".into(), 11), ("a.b".into(), 12), ("b".into(), 14)]
        );
    }

    #[test]
    fn enum_values_come_from_code_spans_or_quotes() {
        let cell = Cell {
            text: "Status. One of: open, closed".into(),
            codes: vec!["open".into(), "closed".into()],
        };
        assert_eq!(
            enum_values(&cell),
            Some(vec!["open".into(), "closed".into()])
        );
        let cell = Cell {
            text: "Level. Enum: \"low\", \"high\"".into(),
            codes: vec![],
        };
        assert_eq!(enum_values(&cell), Some(vec!["low".into(), "high".into()]));
        let cell = Cell {
            text: "Current status: \"NOT_STARTED\" initially".into(),
            codes: vec![],
        };
        assert_eq!(enum_values(&cell), None);
    }

    #[test]
    fn lines_of_offsets() {
        let lines = Lines::new("a\nbc\n\nd");
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(2), 2);
        assert_eq!(lines.line(5), 3);
        assert_eq!(lines.line(6), 4);
    }
}
