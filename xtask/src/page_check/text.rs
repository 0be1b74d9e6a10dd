//! Reads the plain-text layouts that API reference sites leave when a page is saved as text,
//! line by line inside the paragraphs pulldown-cmark finds:
//!
//! - section lines (`Request`, `Body`, `Response`, `Errors`) and status lines (`401`,
//!   `201 - application/json`) act as headings;
//! - field lines: a name line followed by a type line (`customer_id` / `integer` /
//!   `required`, as Mintlify renders), or the name glued to its type
//!   (`session_idstringRequired<=64 characters`, as Fern renders), with
//!   `Available options:` / `Allowed values:` lists;
//! - JSON values that start a line (also with the code viewer's line numbers, `1{`, `2 "id"`),
//!   or follow `-d '` in a cURL command;
//! - TypeScript object types (`export type Name = { field?: string | null; ... }`), compared
//!   with the spec schema of the same name, and the inline response type of a typed client
//!   call (`client.post<{ principal: string; case: KycCaseRecord }>(`), compared with the
//!   success response.
//!
//! Bulleted field lists (`` - `name` (string, required) Description. Enum: ... ``, as Redocly
//! writes them) are read by `markdown.rs` from list items, through [`list_field`].

use super::page::{
    enum_values, parse_example, Cell, Context, Direction, Field, Headings, Page, Table,
};

/// Level given to section lines; status lines sit one below.
const SECTION_LEVEL: usize = 7;

/// Type words a field's type starts with, longest first where one is a prefix of another.
const TYPE_WORDS: [&str; 18] = [
    "string", "integer", "number", "boolean", "object", "array", "list", "map", "enum", "datetime",
    "date", "double", "float", "long", "uuid", "unknown", "any", "file",
];

/// The text reader's state across the paragraphs of one page.
#[derive(Default)]
pub struct TextReader {
    table: Option<Table>,
    /// Inside a section whose fields are not body fields (authorization, headers).
    skipping: bool,
}

impl TextReader {
    /// Files the field table being collected.
    pub fn flush(&mut self, page: &mut Page) {
        if let Some(table) = self.table.take() {
            if !table.fields.is_empty() {
                page.tables.push(table);
            }
        }
    }

    /// Reads one paragraph, given as its lines with their line numbers.
    pub fn paragraph(
        &mut self,
        page: &mut Page,
        headings: &mut Headings,
        lines: &[(usize, String)],
    ) {
        let mut i = 0;
        while i < lines.len() {
            let (line, raw) = &lines[i];
            let text = raw.trim();
            if let Some(consumed) = self.json(page, headings, lines, i) {
                i += consumed;
                continue;
            }
            if let Some(consumed) = self.typescript(page, lines, i) {
                i += consumed;
                continue;
            }
            if let Some(table) = client_call_type(text, *line) {
                self.flush(page);
                page.tables.push(table);
            }
            if let Some(context) = section(text) {
                self.flush(page);
                self.skipping = context.is_none();
                headings.push(SECTION_LEVEL, context.unwrap_or_default());
            } else if let Some(status) = status_line(text) {
                self.flush(page);
                self.skipping = false;
                page.mention_status(&status, *line);
                let context = Context {
                    direction: Some(Direction::Response),
                    status: Some(status),
                };
                headings.push(SECTION_LEVEL + 1, context);
            } else if text.eq_ignore_ascii_case("required") {
                if let Some(field) = self.last_field(*line, 2) {
                    field.required = Some(true);
                }
            } else if is_options_marker(text) {
                let (values, used) = options(&lines[i + 1..]);
                if let (Some(field), false) =
                    (self.last_field(*line, usize::MAX), values.is_empty())
                {
                    field.enum_values = Some(values);
                }
                i += used;
            } else if !self.skipping {
                let next = lines.get(i + 1).map(|(_, t)| t.trim());
                if let Some((field, consumed)) = field_lines(text, next, *line) {
                    self.push_field(headings, field);
                    i += consumed;
                    continue;
                }
            }
            i += 1;
        }
    }

    /// The field most recently read, when it is at most `within` lines above `line`.
    fn last_field(&mut self, line: usize, within: usize) -> Option<&mut Field> {
        self.table
            .as_mut()
            .and_then(|t| t.fields.last_mut())
            .filter(|f| line.saturating_sub(f.line) <= within)
    }

    /// Adds a bulleted field (see [`list_field`]) to the table being collected.
    pub fn push_list_field(&mut self, headings: &Headings, field: Field) {
        self.push_field(headings, field);
    }

    fn push_field(&mut self, headings: &Headings, field: Field) {
        let context = headings.current();
        let table = self.table.get_or_insert_with(|| Table {
            line: field.line,
            context,
            fields: Vec::new(),
            schema: None,
        });
        table.fields.push(field);
    }

    /// A JSON value starting at line `i`; the number of lines it takes.
    fn json(
        &mut self,
        page: &mut Page,
        headings: &Headings,
        lines: &[(usize, String)],
        i: usize,
    ) -> Option<usize> {
        let (line, raw) = &lines[i];
        let text = raw.trim_start();
        // The code viewer's line numbers: `1{`, then `2 "id": ...`.
        if let Some(rest) = text.strip_prefix('1') {
            if rest.starts_with('{') || rest.starts_with('[') {
                let mut body = String::new();
                let mut used = 0;
                for (k, (_, l)) in lines[i..].iter().enumerate() {
                    let Some(stripped) = l.trim_start().strip_prefix(&(k + 1).to_string()) else {
                        break;
                    };
                    body.push_str(stripped);
                    body.push('\n');
                    used = k + 1;
                }
                return self.example(page, headings, &body, *line, used);
            }
        }
        let start = if text.starts_with('{') || text.starts_with('[') {
            0
        } else if let Some(at) = raw.find("'{").or_else(|| raw.find("'[")) {
            let before = raw[..at].trim_end();
            if !(before.ends_with("-d")
                || before.ends_with("--data")
                || before.ends_with("--data-raw"))
            {
                return None;
            }
            at + 1
        } else {
            return None;
        };
        let mut body = raw[start..].to_owned();
        for (_, l) in &lines[i + 1..] {
            body.push('\n');
            body.push_str(l);
        }
        let mut stream = serde_json::Deserializer::from_str(&body).into_iter::<serde_json::Value>();
        match stream.next() {
            Some(Ok(_)) => {
                let end = stream.byte_offset();
                let json = &body[..end];
                let used = json.matches('\n').count() + 1;
                self.example(page, headings, json, *line, used)
            }
            _ => None,
        }
    }

    fn example(
        &mut self,
        page: &mut Page,
        headings: &Headings,
        body: &str,
        line: usize,
        used: usize,
    ) -> Option<usize> {
        let example = parse_example(body, line, headings.current())?;
        self.flush(page);
        page.examples.push(example);
        Some(used.max(1))
    }

    /// A TypeScript object type starting at line `i`; the number of lines it takes.
    fn typescript(
        &mut self,
        page: &mut Page,
        lines: &[(usize, String)],
        i: usize,
    ) -> Option<usize> {
        let (line, raw) = &lines[i];
        let text = raw.trim();
        let rest = text
            .strip_prefix("export ")
            .unwrap_or(text)
            .strip_prefix("type ")
            .or_else(|| text.strip_prefix("export interface "))
            .or_else(|| text.strip_prefix("interface "))?;
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() || !text.ends_with('{') {
            return None;
        }
        self.flush(page);
        let mut table = Table {
            line: *line,
            context: Context::default(),
            fields: Vec::new(),
            schema: Some(name),
        };
        let mut k = i + 1;
        while k < lines.len() {
            let (member_line, member) = &lines[k];
            let member = member.trim();
            k += 1;
            if member.starts_with('}') {
                break;
            }
            let Some((field_name, ty)) = member.split_once(':') else {
                continue;
            };
            let mut ty = ty.trim().to_owned();
            while !ty.ends_with(';') && k < lines.len() && lines[k].1.trim().starts_with('|') {
                ty.push(' ');
                ty.push_str(lines[k].1.trim());
                k += 1;
            }
            let optional = field_name.trim().ends_with('?');
            let field_name = field_name.trim().trim_end_matches('?').to_owned();
            if !is_ident(&field_name) {
                continue;
            }
            table
                .fields
                .push(ts_field(&field_name, &ty, !optional, *member_line));
        }
        if !table.fields.is_empty() {
            page.tables.push(table);
        }
        Some(k - i)
    }
}

/// The response type of a typed client call written inline, as in
/// `client.post<{ principal: string; case: KycCaseRecord }>(`: a field table for the
/// success response.
fn client_call_type(text: &str, line: usize) -> Option<Table> {
    let start = ["get<{", "post<{", "put<{", "patch<{", "delete<{"]
        .iter()
        .find_map(|m| text.find(m).map(|at| at + m.len()))?;
    let body = &text[start..];
    let body = &body[..body.find("}>")?];
    let fields: Vec<Field> = body
        .split(';')
        .filter_map(|member| {
            let (name, ty) = member.split_once(':')?;
            let optional = name.trim().ends_with('?');
            let name = name.trim().trim_end_matches('?');
            is_ident(name).then(|| ts_field(name, ty, !optional, line))
        })
        .collect();
    (!fields.is_empty()).then_some(Table {
        line,
        context: Context {
            direction: Some(Direction::Response),
            status: None,
        },
        fields,
        schema: None,
    })
}

/// A TypeScript member's type as a field: unions of string literals become enums, `| null`
/// nullability.
fn ts_field(name: &str, ty: &str, required: bool, line: usize) -> Field {
    let parts: Vec<&str> = ty
        .trim_end_matches(';')
        .split('|')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let nullable = parts.contains(&"null");
    let literals: Vec<String> = parts
        .iter()
        .filter_map(|p| p.strip_prefix('"').and_then(|p| p.strip_suffix('"')))
        .map(str::to_owned)
        .collect();
    let base = if literals.is_empty() {
        parts
            .iter()
            .find(|p| **p != "null")
            .copied()
            .unwrap_or("")
            .to_owned()
    } else {
        "string".to_owned()
    };
    let type_text = if nullable {
        format!("{base} | null")
    } else {
        base
    };
    Field {
        name: name.to_owned(),
        line,
        type_text: Some(type_text),
        required: Some(required),
        enum_values: (!literals.is_empty()).then_some(literals),
    }
}

/// A section line: `Some(Some(context))` for a body section, `Some(None)` for a section whose
/// fields are not body fields.
fn section(text: &str) -> Option<Option<Context>> {
    let lower = text.trim_end_matches(':').to_ascii_lowercase();
    let direction = match lower.as_str() {
        "request" | "body" | "request body" | "request fields" => Direction::Request,
        "response" | "responses" | "response body" | "response fields" | "errors" => {
            Direction::Response
        }
        "authorizations" | "authorization" | "authentication" | "headers" | "query parameters"
        | "path parameters" | "parameters" => return Some(None),
        _ => return None,
    };
    Some(Some(Context {
        direction: Some(direction),
        status: None,
    }))
}

/// A status line: `401`, or `201 - application/json`.
fn status_line(text: &str) -> Option<String> {
    let code: String = text.chars().take_while(char::is_ascii_digit).collect();
    let rest = &text[code.len()..];
    let valid = code.len() == 3 && (b"12345").contains(&code.as_bytes()[0]);
    (valid && (rest.is_empty() || rest.starts_with(" - "))).then_some(code)
}

fn is_options_marker(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    matches!(
        lower.trim_end_matches(':'),
        "available options" | "allowed values" | "possible values" | "enum"
    )
}

/// The values listed on the lines after `Available options:`: `A,` lines up to one without a
/// trailing comma, or one line of comma-separated values. Returns the values and the number
/// of lines they take.
fn options(lines: &[(usize, String)]) -> (Vec<String>, usize) {
    let mut values = Vec::new();
    let mut used = 0;
    for (_, line) in lines {
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        let found: Vec<&str> = line
            .split(',')
            .map(|v| v.trim().trim_matches('"').trim_matches('`'))
            .filter(|v| !v.is_empty())
            .collect();
        // An empty list (a page that lost its values) must not swallow the next field.
        if found.iter().any(|v| v.contains(char::is_whitespace))
            || field_lines(line, None, 0).is_some()
        {
            break;
        }
        values.extend(found.into_iter().map(str::to_owned));
        used += 1;
        if !line.ends_with(',') {
            break;
        }
    }
    (values, used)
}

/// True for a field name: a lowercase letter or `_`, then letters, digits, `_`, `.` or `-`.
fn is_ident(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.'))
}

/// The type word `text` starts with (the longest), when what follows does not continue a word.
fn type_word(text: &str) -> Option<&'static str> {
    let lower = text.to_ascii_lowercase();
    let word = TYPE_WORDS
        .iter()
        .filter(|w| lower.starts_with(**w))
        .max_by_key(|w| w.len())?;
    let after = text[word.len()..].chars().next();
    match after {
        None => Some(word),
        Some(c) if !c.is_ascii_lowercase() => Some(word),
        _ => None,
    }
}

/// A type line as Mintlify renders it: `integer`, `string | null`, `object[]`,
/// `number<double> | null`, `enum<string>`.
fn is_type_line(text: &str) -> bool {
    type_word(text).is_some() && text.split_whitespace().count() <= 4 && !text.ends_with('.')
}

/// A field starting at `text`: a name line followed by a type line (2 lines used) or by
/// `required` (1 line; the next line sets it), or a name glued to its type (1 line).
fn field_lines(text: &str, next: Option<&str>, line: usize) -> Option<(Field, usize)> {
    if let (true, Some(next)) = (is_ident(text), next) {
        if is_type_line(next) {
            let field = Field {
                name: text.to_owned(),
                line,
                type_text: Some(next.to_owned()),
                required: Some(false),
                enum_values: None,
            };
            return Some((field, 2));
        }
        if next.eq_ignore_ascii_case("required") {
            let field = Field {
                name: text.to_owned(),
                line,
                type_text: None,
                required: Some(false),
                enum_values: None,
            };
            return Some((field, 1));
        }
    }
    // Fern: `session_idstringRequired<=64 characters`, `assigned_tostring or null`.
    for (i, _) in text.char_indices().skip(1) {
        let (name, rest) = text.split_at(i);
        if !is_ident(name) {
            break;
        }
        let Some(word) = type_word(rest) else {
            continue;
        };
        let after = &rest[word.len()..];
        let mut type_text = word.to_owned();
        if after.starts_with(" or null") {
            type_text.push_str(" or null");
        }
        let field = Field {
            name: name.to_owned(),
            line,
            type_text: Some(type_text),
            required: Some(after.contains("Required")),
            enum_values: None,
        };
        return Some((field, 1));
    }
    None
}

/// A bulleted field (`` `name` (string, required) Description. Enum: "a", "b" ``): the code
/// span is the name, the parenthesis the type and requiredness, the rest the description.
pub fn list_field(name: &str, after: &str, line: usize) -> Option<Field> {
    let after = after.trim_start();
    let inner = after.strip_prefix('(')?;
    let (inside, description) = inner.split_once(')')?;
    let mut required = false;
    let mut types = Vec::new();
    for token in inside.split(',').map(str::trim) {
        if token.eq_ignore_ascii_case("required") {
            required = true;
        } else if !token.is_empty() {
            types.push(token);
        }
    }
    let cell = Cell {
        text: description.to_owned(),
        codes: Vec::new(),
    };
    Some(Field {
        name: name.trim().to_owned(),
        line,
        type_text: (!types.is_empty()).then(|| types.join(",")),
        required: Some(required),
        enum_values: enum_values(&cell),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Page {
        let mut page = Page::default();
        let mut headings = Headings::default();
        let mut reader = TextReader::default();
        let lines: Vec<(usize, String)> = text
            .lines()
            .enumerate()
            .map(|(i, l)| (i + 1, l.to_owned()))
            .collect();
        reader.paragraph(&mut page, &mut headings, &lines);
        reader.flush(&mut page);
        page
    }

    #[test]
    fn mintlify_fields_and_statuses() {
        let page = read("Body\ncustomer_id\ninteger\nResponse\n201 - application/json\nid\ninteger\nrequired\noutcome\nrequired\nAvailable options:\nACCEPTED,\nREJECTED\nrisk_score\nnumber<double> | null");
        assert_eq!(page.tables.len(), 2);
        assert_eq!(page.tables[0].context.direction, Some(Direction::Request));
        assert_eq!(page.tables[0].fields[0].name, "customer_id");
        let response = &page.tables[1];
        assert_eq!(response.context.status.as_deref(), Some("201"));
        let names: Vec<(&str, usize, Option<bool>)> = response
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.line, f.required))
            .collect();
        assert_eq!(
            names,
            vec![
                ("id", 6, Some(true)),
                ("outcome", 9, Some(true)),
                ("risk_score", 14, Some(false))
            ]
        );
        assert_eq!(
            response.fields[1].enum_values,
            Some(vec!["ACCEPTED".into(), "REJECTED".into()])
        );
        assert_eq!(page.statuses, vec![("201".to_owned(), 5)]);
    }

    #[test]
    fn fern_glued_fields_numbered_json_and_error_statuses() {
        let page = read("1{\n2 \"id\": \"rvc_1\",\n3 \"status\": \"open\"\n4}\nRequest\nsession_idstringRequired<=64 characters\nSession ID.\nResponse\nassigned_tostring or null\ncreated_atdatetime\nstatusenum\nErrors\n401\nUnauthorized Error\n404");
        assert_eq!(page.examples.len(), 1);
        assert_eq!(
            page.examples[0].keys,
            vec![("id".into(), 2), ("status".into(), 3)]
        );
        let request = &page.tables[0].fields[0];
        assert_eq!(
            (request.name.as_str(), request.required),
            ("session_id", Some(true))
        );
        let response: Vec<(&str, Option<&str>)> = page.tables[1]
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.type_text.as_deref()))
            .collect();
        assert_eq!(
            response,
            vec![
                ("assigned_to", Some("string or null")),
                ("created_at", Some("datetime")),
                ("status", Some("enum"))
            ]
        );
        assert_eq!(
            page.statuses,
            vec![("401".to_owned(), 13), ("404".to_owned(), 15)]
        );
    }

    #[test]
    fn curl_data_and_typescript_types() {
        let page = read("curl --request POST \\\n  --data '\n{\n  \"a\": 1\n}\n'\nexport type Input = {\nid?: string | null;\nkind:\n| \"A\"\n| \"B\";\n};");
        assert_eq!(page.examples.len(), 1);
        assert_eq!(page.examples[0].line, 3);
        let table = &page.tables[0];
        assert_eq!(table.schema.as_deref(), Some("Input"));
        assert_eq!(table.fields[0].type_text.as_deref(), Some("string | null"));
        assert_eq!(table.fields[0].required, Some(false));
        assert_eq!(
            table.fields[1].enum_values,
            Some(vec!["A".into(), "B".into()])
        );
        assert_eq!(table.fields[1].line, 9);
    }

    #[test]
    fn inline_client_call_types() {
        let page = read("return client.post<{ principal: string; case?: KycCaseRecord }>(");
        let table = &page.tables[0];
        assert_eq!(table.context.direction, Some(Direction::Response));
        let fields: Vec<(&str, Option<bool>)> = table
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.required))
            .collect();
        assert_eq!(
            fields,
            vec![("principal", Some(true)), ("case", Some(false))]
        );
    }

    #[test]
    fn bulleted_fields() {
        let field = list_field(
            "documents.subtypes",
            " (array,null) Permitted. Enum: \"passport\", null",
            1,
        )
        .expect("field");
        assert_eq!(field.type_text.as_deref(), Some("array,null"));
        assert_eq!(field.required, Some(false));
        assert_eq!(
            field.enum_values,
            Some(vec!["passport".into(), "null".into()])
        );
        let field = list_field("matchLevel", "(integer) Level. Enum: 1, 2, 3", 1).expect("field");
        assert_eq!(
            field.enum_values,
            Some(vec!["1".into(), "2".into(), "3".into()])
        );
    }
}
