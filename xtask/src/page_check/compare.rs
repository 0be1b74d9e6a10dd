//! Maps what a page shows onto the spec's operation and lists the differences.
//!
//! - A table or example is placed by its context: the request body, the response of its
//!   status, or (a response without a status) the spec's lowest 2xx response.
//! - Table rows are looked up by dotted name; type, format, nullability, requiredness (when the
//!   table has a required column) and enum values (when the row lists them) are compared. Every
//!   object the table covers (its root, and each object whose fields it names with a dotted
//!   prefix) has its other properties reported as no longer shown.
//! - Examples are validated with `jsonschema` against the translated schema, and each key is
//!   looked up, so a renamed field shows as an unknown key even where objects are open.
//! - Status codes in the page's headings are compared with the operation's responses, both
//!   ways, when the page lists any.

use super::page::{join, Context, Direction, Example, Field, Page, Table};
use super::report::{Finding, Kind, Report};
use super::spec::{escape, Lookup, Spec};
use jsonschema::error::ValidationErrorKind;
use jsonschema::Draft;
use std::collections::BTreeSet;

/// Compares `page` (shown as `page_name`) with `spec`.
pub fn compare(spec: &Spec, page: &Page, page_name: &str) -> Report {
    let mut report = Report {
        spec: spec.file.clone(),
        page: page_name.to_owned(),
        url: spec.page.as_ref().and_then(|p| p.url.clone()),
        operation: spec.label.clone(),
        read: (page.examples.len(), page.tables.len(), page.statuses.len()),
        ..Report::default()
    };
    for (line, note) in &page.notes {
        report.notes.push(format!("{page_name}:{line}: {note}"));
    }
    statuses(spec, page, &mut report);
    for table in &page.tables {
        let names: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
        let located = locate(spec, &table.context, table.schema.as_deref(), &names);
        let what = format!("{page_name}:{}: a field table", table.line);
        compare_located(&mut report, located, &what, |report, root| {
            compare_table(spec, table, root, report);
        });
    }
    for example in &page.examples {
        let names: Vec<&str> = example.keys.iter().map(|(k, _)| k.as_str()).collect();
        let located = locate(spec, &example.context, None, &names);
        let what = format!("{page_name}:{}: a JSON example", example.line);
        compare_located(&mut report, located, &what, |report, root| {
            compare_example(spec, example, root, report);
        });
    }
    if page.examples.is_empty() && page.tables.is_empty() {
        report.notes.push(format!(
            "{page_name}: the page has no JSON code block and no field table the check can read"
        ));
    }
    report.sort();
    report.apply(&spec.accepted);
    report
}

/// Where a table or example is compared: the schema, the body it belongs to (`request`, a
/// status, or empty for a schema the page names), and how it was chosen when the page did not
/// say.
struct Located {
    root: String,
    place: String,
    how: Option<String>,
}

/// Runs `compare` on a located table or example and labels its findings with the place, or
/// notes why it was not compared.
fn compare_located(
    report: &mut Report,
    located: Result<Located, String>,
    what: &str,
    compare: impl FnOnce(&mut Report, &str),
) {
    let located = match located {
        Ok(located) => located,
        Err(why) => {
            report.notes.push(format!("{what} is not compared: {why}"));
            return;
        }
    };
    if let Some(how) = &located.how {
        report.notes.push(format!("{what} {how}"));
    }
    let before = report.findings.len();
    compare(report, &located.root);
    for finding in &mut report.findings[before..] {
        finding.place.clone_from(&located.place);
    }
}

/// The schema a table or example is compared with: a schema of the name the page gives, the
/// body its context names, or else the body whose properties its names match best.
fn locate(
    spec: &Spec,
    context: &Context,
    schema: Option<&str>,
    names: &[&str],
) -> Result<Located, String> {
    if let Some(name) = schema {
        let pointer = format!("/components/schemas/{}", escape(name));
        if spec.doc.pointer(&pointer).is_some() {
            return Ok(Located {
                root: pointer,
                place: String::new(),
                how: None,
            });
        }
    }
    if !context.is_empty() {
        return place(spec, context).map(|(root, place)| Located {
            root,
            place,
            how: None,
        });
    }
    let mut candidates: Vec<(String, String)> = Vec::new();
    if let Some(root) = spec.request_schema() {
        candidates.push(("request".to_owned(), root));
    }
    for status in spec.statuses() {
        if let Some(root) = spec.response_schema(&status) {
            candidates.push((status, root));
        }
    }
    let score = |root: &str| -> i64 {
        names
            .iter()
            .map(|name| match spec.lookup(root, name) {
                Lookup::Found { .. } => 1,
                Lookup::Missing { .. } => -1,
                Lookup::Open => 0,
            })
            .sum()
    };
    let mut best: Option<(i64, &(String, String))> = None;
    for candidate in &candidates {
        let s = score(&candidate.1);
        if s > 0 && best.map_or(true, |(b, _)| s > b) {
            best = Some((s, candidate));
        }
    }
    let Some((_, (place, root))) = best else {
        return Err(
            "the nearby text says neither request nor response, and its names match no body"
                .to_owned(),
        );
    };
    let label = if place == "request" {
        "the request body".to_owned()
    } else {
        format!("the {place} response")
    };
    Ok(Located {
        root: root.clone(),
        place: place.clone(),
        how: Some(format!(
            "has no request or response heading nearby; compared with {label}, whose fields its names match best"
        )),
    })
}

/// The schema pointer a context refers to, and its place (`request` or the status).
fn place(spec: &Spec, context: &Context) -> Result<(String, String), String> {
    let status = match (context.direction, &context.status) {
        (Some(Direction::Request), _) => {
            return spec
                .request_schema()
                .map(|root| (root, "request".to_owned()))
                .ok_or_else(|| format!("{} has no JSON request body", spec.label));
        }
        (_, Some(status)) => status.clone(),
        (Some(Direction::Response), None) => spec
            .success_status()
            .ok_or_else(|| format!("{} declares no 2xx response", spec.label))?,
        (None, None) => {
            return Err("the nearby headings say neither request nor response".to_owned())
        }
    };
    spec.response_schema(&status)
        .map(|root| (root, status.clone()))
        .ok_or_else(|| format!("the spec has no JSON body for status {status}"))
}

/// Status codes: the page's that the spec lacks, and the spec's that the page does not list.
fn statuses(spec: &Spec, page: &Page, report: &mut Report) {
    let declared = spec.statuses();
    let responses = format!("{}/responses", spec.operation);
    for (status, line) in &page.statuses {
        if !declared.contains(status) {
            report.findings.push(Finding {
                kind: Kind::StatusMissingInSpec,
                field: status.clone(),
                line: Some(*line),
                pointer: responses.clone(),
                message: format!(
                    "the page lists status {status}; the operation does not declare it"
                ),
                accepted: None,
                place: String::new(),
            });
        }
    }
    if page.statuses.is_empty() {
        report.notes.push(format!(
            "{}: the page names no status code in a heading; statuses are not compared",
            report.page
        ));
        return;
    }
    for status in declared {
        if !page.statuses.iter().any(|(s, _)| *s == status) {
            report.findings.push(Finding {
                kind: Kind::StatusMissingOnPage,
                field: status.clone(),
                line: None,
                pointer: format!("{responses}/{}", escape(&status)),
                message: format!("the spec declares status {status}; the page does not list it"),
                accepted: None,
                place: String::new(),
            });
        }
    }
}

/// Compares a field table with the schema at `root`.
fn compare_table(spec: &Spec, table: &Table, root: &str, report: &mut Report) {
    let mut covered: Vec<(String, String)> = vec![(String::new(), root.to_owned())];
    for field in &table.fields {
        match spec.lookup(root, &field.name) {
            Lookup::Found { pointer, required } => {
                compare_field(spec, field, &pointer, required, report);
            }
            Lookup::Missing { parent, depth } => {
                let shown = field.type_text.as_deref().unwrap_or("no type");
                let message = if depth + 1 == field.name.split('.').count() {
                    format!(
                        "the page shows `{}` ({shown}); the spec has no such property",
                        field.name
                    )
                } else {
                    format!(
                        "the page shows `{}`, under a parent the spec lacks",
                        field.name
                    )
                };
                report.findings.push(Finding {
                    kind: Kind::FieldMissingInSpec,
                    field: field.name.clone(),
                    line: Some(field.line),
                    pointer: parent,
                    message,
                    accepted: None,
                    place: String::new(),
                });
            }
            Lookup::Open => {}
        }
    }
    // An object is covered when the table shows at least one of its fields
    // (`kybCase.status`); a row for the object alone may be a collapsed section.
    for field in &table.fields {
        let parts: Vec<&str> = field.name.split('.').collect();
        for end in 1..parts.len() {
            let prefix = parts[..end].join(".");
            if covered.iter().any(|(name, _)| *name == prefix) {
                continue;
            }
            if let Lookup::Found { pointer, .. } = spec.lookup(root, &prefix) {
                covered.push((prefix, pointer));
            }
        }
    }
    let shown: BTreeSet<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
    let is_shown = |name: &str| {
        shown.contains(name)
            || shown.iter().any(|s| {
                s.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
    };
    for (prefix, pointer) in &covered {
        let Some(view) = spec.object(pointer) else {
            continue;
        };
        for (name, property) in &view.properties {
            let dotted = join(prefix, name);
            if !is_shown(&dotted) {
                report.findings.push(Finding {
                    kind: Kind::FieldMissingOnPage,
                    field: dotted.clone(),
                    line: Some(table.line),
                    pointer: property.clone(),
                    message: format!("the spec has `{dotted}`; the page's table does not show it"),
                    accepted: None,
                    place: String::new(),
                });
            }
        }
    }
}

/// A type as a page writes it: `string | null`, `integer[]`, `number<double>`, `datetime`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageType {
    /// The JSON Schema type, when the text names one.
    pub base: Option<&'static str>,
    /// The format, when the text names one.
    pub format: Option<String>,
    /// True when the text allows null.
    pub nullable: bool,
}

/// Reads a page's type text.
pub fn page_type(text: &str) -> PageType {
    let lower = text.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .filter(|w| !w.is_empty())
        .collect();
    let nullable = words.iter().any(|w| matches!(*w, "null" | "nullable"));
    let mut format = lower
        .split(['<', '('])
        .nth(1)
        .and_then(|rest| rest.split(['>', ')']).next())
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty() && !f.contains(' '));
    let first = words
        .iter()
        .find(|w| !matches!(**w, "null" | "nullable" | "or" | "optional" | "required"));
    let (mut base, implied) = match first.copied().unwrap_or("") {
        "string" | "str" | "text" => (Some("string"), None),
        "integer" | "int" | "long" => (Some("integer"), None),
        "int32" | "int64" => (Some("integer"), first.copied()),
        "number" | "decimal" => (Some("number"), None),
        "float" | "double" => (Some("number"), first.copied()),
        "boolean" | "bool" => (Some("boolean"), None),
        "object" | "dict" | "map" | "hash" => (Some("object"), None),
        "array" | "list" => (Some("array"), None),
        "datetime" | "date-time" | "timestamp" => (Some("string"), Some("date-time")),
        "date" => (Some("string"), Some("date")),
        "uuid" => (Some("string"), Some("uuid")),
        "uri" | "url" => (Some("string"), Some("uri")),
        "email" => (Some("string"), Some("email")),
        _ => (None, None),
    };
    // `enum<string>`: the angle brackets hold the values' type, not a format.
    if let Some(inner) = format.as_deref() {
        let inner_base = page_type(inner).base.filter(|_| inner != lower);
        if inner_base.is_some() && matches!(inner, "string" | "integer" | "number" | "boolean") {
            base = base.or(inner_base);
            format = None;
        }
    }
    if lower.contains("[]") || lower.starts_with("array") || lower.starts_with("list") {
        base = Some("array");
        format = None;
    } else if format.is_none() {
        format = implied.map(str::to_owned);
    }
    PageType {
        base,
        format,
        nullable,
    }
}

/// Compares one table row with the property at `pointer`.
fn compare_field(spec: &Spec, field: &Field, pointer: &str, required: bool, report: &mut Report) {
    let facts = spec.facts(pointer);
    let mut push = |kind: Kind, message: String| {
        report.findings.push(Finding {
            kind,
            field: field.name.clone(),
            line: Some(field.line),
            pointer: pointer.to_owned(),
            message,
            accepted: None,
            place: String::new(),
        });
    };
    if let Some(text) = &field.type_text {
        let shown = page_type(text);
        if let (Some(page_ty), Some(spec_ty)) = (shown.base, facts.ty.as_deref()) {
            if page_ty != spec_ty {
                push(
                    Kind::Type,
                    format!("the page says `{text}`; the spec says type `{spec_ty}`"),
                );
            }
        }
        if let Some(page_format) = &shown.format {
            if facts.format.as_deref() != Some(page_format.as_str()) {
                let spec_format = facts.format.as_deref().unwrap_or("none");
                push(
                    Kind::Format,
                    format!("the page says `{text}`; the spec says format `{spec_format}`"),
                );
            }
        }
        if shown.nullable != facts.nullable {
            let message = if shown.nullable {
                format!("the page says `{text}`; the spec does not allow null")
            } else {
                format!("the page says `{text}`; the spec allows null")
            };
            push(Kind::Nullable, message);
        }
    }
    if let Some(page_required) = field.required {
        if page_required != required {
            let (page, spec) = if page_required {
                ("required", "optional")
            } else {
                ("optional", "required")
            };
            push(
                Kind::Required,
                format!("the page marks it {page}; the spec makes it {spec}"),
            );
        }
    }
    if let Some(values) = &field.enum_values {
        let page: BTreeSet<&str> = values.iter().map(String::as_str).collect();
        match &facts.enum_values {
            None => push(
                Kind::Enum,
                format!(
                    "the page lists values {}; the spec has no enum",
                    list(&page)
                ),
            ),
            Some(spec_values) => {
                let spec: BTreeSet<&str> = spec_values.iter().map(String::as_str).collect();
                let added: BTreeSet<&str> = page.difference(&spec).copied().collect();
                let gone: BTreeSet<&str> = spec.difference(&page).copied().collect();
                if !added.is_empty() || !gone.is_empty() {
                    let mut parts = Vec::new();
                    if !added.is_empty() {
                        parts.push(format!("the page adds {}", list(&added)));
                    }
                    if !gone.is_empty() {
                        parts.push(format!("the page no longer lists {}", list(&gone)));
                    }
                    push(Kind::Enum, parts.join("; "));
                }
            }
        }
    }
}

/// `a`, `b` in backticks, comma-separated.
fn list(values: &BTreeSet<&str>) -> String {
    values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The pointer of the schema a dotted path reaches below `root` (`root` itself, resolved,
/// for the empty path or a path the spec does not describe).
fn schema_at(spec: &Spec, root: &str, dotted: &str) -> String {
    let resolved = || {
        spec.resolve(root)
            .map_or_else(|| root.to_owned(), |(at, _)| at)
    };
    if dotted.is_empty() {
        return resolved();
    }
    match spec.lookup(root, dotted) {
        Lookup::Found { pointer, .. } => pointer,
        _ => resolved(),
    }
}

/// Validates an example against the schema at `root` and looks up each of its keys.
fn compare_example(spec: &Spec, example: &Example, root: &str, report: &mut Report) {
    validate_example(spec, example, root, report);
    unknown_keys(spec, example, root, report);
}

/// Validates an example with `jsonschema`; each error at the line of its key.
fn validate_example(spec: &Spec, example: &Example, root: &str, report: &mut Report) {
    // The line of a key, or of its nearest parent key shown (a missing required field is
    // reported at its object).
    let line_of = |path: &str| {
        let mut path = path;
        loop {
            if let Some((_, line)) = example.keys.iter().find(|(k, _)| k == path) {
                return *line;
            }
            match path.rsplit_once('.') {
                Some((parent, _)) => path = parent,
                None => return example.line,
            }
        }
    };
    let Some(schema) = spec.json_schema(root) else {
        return;
    };
    let built = jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .build(&schema);
    match built {
        Ok(validator) => {
            for error in validator.iter_errors(&example.value) {
                let mut path: Vec<String> = error
                    .instance_path
                    .to_string()
                    .split('/')
                    .skip(1)
                    .filter(|s| s.parse::<usize>().is_err())
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
                    .collect();
                let holder = path.join(".");
                let mut pointer = schema_at(spec, root, &holder);
                if let ValidationErrorKind::Required { property } = &error.kind {
                    path.push(property.as_str().unwrap_or_default().to_owned());
                    pointer = spec
                        .object(&pointer)
                        .map_or(pointer, |view| format!("{}/required", view.pointer));
                }
                let field = path.join(".");
                let line = line_of(&field);
                report.findings.push(Finding {
                    kind: Kind::ExampleInvalid,
                    field: if field.is_empty() { "(body)".to_owned() } else { field },
                    line: Some(line),
                    pointer,
                    message: format!("the example does not validate: {error}"),
                    accepted: None,
                    place: String::new(),
                });
            }
        }
        Err(e) => report.notes.push(format!(
            "{}#{root}: the schema does not compile as JSON Schema ({e}); the example at line {} is not validated",
            spec.file, example.line
        )),
    }
}

/// Reports the example's keys the spec does not have (a renamed field shows here even where
/// objects are open).
fn unknown_keys(spec: &Spec, example: &Example, root: &str, report: &mut Report) {
    for (path, line) in &example.keys {
        if let Lookup::Missing { parent, depth } = spec.lookup(root, path) {
            if depth + 1 == path.split('.').count() {
                report.findings.push(Finding {
                    kind: Kind::FieldMissingInSpec,
                    field: path.clone(),
                    line: Some(*line),
                    pointer: parent,
                    message: format!(
                        "the page's example has `{path}`; the spec has no such property"
                    ),
                    accepted: None,
                    place: String::new(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_types() {
        let t = page_type("string | null");
        assert_eq!((t.base, t.nullable), (Some("string"), true));
        let t = page_type("number<double> | null");
        assert_eq!(
            (t.base, t.format.as_deref()),
            (Some("number"), Some("double"))
        );
        let t = page_type("datetime or null");
        assert_eq!(
            (t.base, t.format.as_deref(), t.nullable),
            (Some("string"), Some("date-time"), true)
        );
        assert_eq!(page_type("object[]").base, Some("array"));
        assert_eq!(page_type("array,null").base, Some("array"));
        assert_eq!(page_type("enum").base, None);
        let t = page_type("enum<string>");
        assert_eq!((t.base, t.format), (Some("string"), None));
        assert_eq!(
            page_type("string (date-time)").format.as_deref(),
            Some("date-time")
        );
    }
}
