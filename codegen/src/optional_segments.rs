//! Laravel's optional route segments in path templates.
//!
//! Laravel writes a route parameter that may be left out as `{name?}`
//! (<https://laravel.com/docs/routing#parameters-optional-parameters>), and documents generated
//! from Laravel routes carry it into OpenAPI paths (`/bibles/{bible_id}/{verse_number?}`),
//! where it is not a template expression (OpenAPI 3.0.3, "Path Templating"). Such documents
//! also tend to declare the route's other parameters under different names. The repair, on the
//! JSON value before typed parsing, with a warning each:
//!
//! - `{name?}` becomes `{name}`, and the path parameter `name` is required: a client fills in
//!   every segment, which Laravel accepts too;
//! - in such a path, a template expression no path parameter declares gets one (a required
//!   string), so the document generates and the caller is asked for the segment;
//! - in any path, a template expression whose parameter is declared with the same name in
//!   another place (`in: query`) makes that parameter a path parameter.

use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{Map, Value};

/// Kind key of the warning for a `{name?}` segment.
pub const KIND_OPTIONAL: &str = "optional-path-segment";
/// Kind key of the warning for a parameter moved to the path.
pub const KIND_MOVED: &str = "path-parameter-location";
/// Kind key of the warning for an added path parameter.
pub const KIND_ADDED: &str = "undeclared-path-parameter";

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Repairs every path with a `{name?}` segment; one warning per change.
pub fn repair(raw: &mut Value, file: &str) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let parameters = raw
        .get("components")
        .and_then(|c| c.get("parameters"))
        .cloned()
        .unwrap_or(Value::Null);
    let Some(paths) = raw.get_mut("paths").and_then(Value::as_object_mut) else {
        return warnings;
    };
    let old = std::mem::take(paths);
    let mut repaired = Map::with_capacity(old.len());
    let wanted: Vec<String> = old.keys().map(|k| k.replace("?}", "}")).collect();
    for (path, mut item) in old {
        if !path.contains("?}") {
            let at = pointer_push("/paths", &path);
            fix_item(
                &mut item,
                &path,
                &[],
                false,
                &parameters,
                file,
                &at,
                &mut warnings,
            );
            repaired.insert(path, item);
            continue;
        }
        let fixed = path.replace("?}", "}");
        let taken =
            repaired.contains_key(&fixed) || wanted.iter().filter(|w| **w == fixed).count() > 1;
        let at = pointer_push("/paths", &path);
        if taken {
            warnings.push(
                Diagnostic::warning(
                    file,
                    &at,
                    format!("{path:?} uses Laravel's optional segment syntax `{{name?}}`, and {fixed:?} is declared too; left as it is"),
                )
                .with_hint("describe the path once, with every segment as a path parameter")
                .with_kind(KIND_OPTIONAL),
            );
            repaired.insert(path, item);
            continue;
        }
        let optional: Vec<String> = crate::lower::template_params(&path)
            .into_iter()
            .filter_map(|n| n.strip_suffix('?').map(str::to_owned))
            .collect();
        warnings.push(
            Diagnostic::warning(
                file,
                &at,
                format!(
                    "{path:?} uses Laravel's optional segment syntax, which OpenAPI lacks; read as {fixed:?} with {} required",
                    optional.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            )
            .with_hint("write the path once with and once without the optional segment")
            .with_kind(KIND_OPTIONAL),
        );
        fix_item(
            &mut item,
            &fixed,
            &optional,
            true,
            &parameters,
            file,
            &at,
            &mut warnings,
        );
        repaired.insert(fixed, item);
    }
    *paths = repaired;
    warnings
}

/// The path parameters a list declares (inline, or through a component reference), by name.
fn path_parameter_names(list: Option<&Value>, components: &Value) -> Vec<String> {
    let Some(list) = list.and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/components/parameters/")
                .and_then(|key| components.get(key.replace("~1", "/").replace("~0", "~"))),
            None => Some(p),
        })
        .filter(|p| p.get("in").and_then(Value::as_str) == Some("path"))
        .filter_map(|p| p.get("name").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Makes every template expression of `fixed` a declared path parameter where the meaning is
/// plain: a parameter of the same name declared in another place (`in: query`) moves to the
/// path; with `add_missing` (a path that had `{name?}`), a missing one is added.
#[allow(clippy::too_many_arguments)]
fn fix_item(
    item: &mut Value,
    fixed: &str,
    optional: &[String],
    add_missing: bool,
    components: &Value,
    file: &str,
    at: &str,
    warnings: &mut Vec<Diagnostic>,
) {
    let Some(item) = item.as_object_mut() else {
        return;
    };
    let shared = path_parameter_names(item.get("parameters"), components);
    require(item.get_mut("parameters"), optional);
    for method in METHODS {
        let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else {
            continue;
        };
        require(op.get_mut("parameters"), optional);
        let mut declared = shared.clone();
        declared.extend(path_parameter_names(op.get("parameters"), components));
        let op_at = pointer_push(at, method);
        for name in crate::lower::template_params(fixed) {
            if declared.iter().any(|d| d == name) {
                continue;
            }
            let misplaced = op
                .get_mut("parameters")
                .and_then(|l| misplaced(l, name))
                .map(|p| (pointer_push(&op_at, "parameters"), p));
            if let Some((list_at, (i, found_in))) = misplaced {
                if let Some(p) = op
                    .get_mut("parameters")
                    .and_then(|l| l.get_mut(i))
                    .and_then(Value::as_object_mut)
                {
                    p.insert("in".to_owned(), Value::String("path".to_owned()));
                    p.insert("required".to_owned(), Value::Bool(true));
                }
                declared.push(name.to_owned());
                warnings.push(
                    Diagnostic::warning(
                        file,
                        &pointer_push(&list_at, &i.to_string()),
                        format!("parameter {name:?} is declared `in: {found_in}` but the path uses {{{name}}}; read as a path parameter"),
                    )
                    .with_hint("declare it with `in: path` and `required: true`")
                    .with_kind(KIND_MOVED),
                );
                continue;
            }
            if !add_missing {
                continue;
            }
            let list = op
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Some(list) = list.as_array_mut() else {
                continue;
            };
            list.push(serde_json::json!({
                "name": name,
                "in": "path",
                "required": true,
                "schema": {"type": "string"},
            }));
            declared.push(name.to_owned());
            warnings.push(
                Diagnostic::warning(
                    file,
                    &op_at,
                    format!("the path uses {{{name}}} but no path parameter {name:?} is declared; a required string path parameter is added"),
                )
                .with_hint(format!("add a parameter with `name: {name}` and `in: path`"))
                .with_kind(KIND_ADDED),
            );
        }
    }
}

/// The index and place of the inline non-path parameter called `name` in `list`.
fn misplaced(list: &Value, name: &str) -> Option<(usize, String)> {
    list.as_array()?.iter().enumerate().find_map(|(i, p)| {
        let place = p.get("in").and_then(Value::as_str)?;
        (place != "path" && p.get("name").and_then(Value::as_str) == Some(name))
            .then(|| (i, place.to_owned()))
    })
}

/// Marks the inline path parameters named in `optional` as required.
fn require(list: Option<&mut Value>, optional: &[String]) {
    let Some(list) = list.and_then(Value::as_array_mut) else {
        return;
    };
    for p in list.iter_mut().filter_map(Value::as_object_mut) {
        let is_path = p.get("in").and_then(Value::as_str) == Some("path");
        let named = p
            .get("name")
            .and_then(Value::as_str)
            .is_some_and(|n| optional.iter().any(|o| o == n));
        if is_path && named {
            p.insert("required".to_owned(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_optional_segment_is_required_and_a_missing_path_parameter_is_added() {
        let mut raw = json!({"paths": {
            "/a": {},
            "/v/{book}/{chapter_id}/{verse?}": {"get": {"parameters": [
                {"name": "book", "in": "path", "required": true},
                {"name": "chapter", "in": "query", "required": true},
                {"name": "verse", "in": "path"}
            ]}},
            "/z": {}
        }});
        let warnings = repair(&mut raw, "f.json");
        let keys: Vec<&String> = raw["paths"].as_object().expect("paths").keys().collect();
        assert_eq!(keys, ["/a", "/v/{book}/{chapter_id}/{verse}", "/z"]);
        let params = &raw["paths"]["/v/{book}/{chapter_id}/{verse}"]["get"]["parameters"];
        assert_eq!(
            params[2],
            json!({"name": "verse", "in": "path", "required": true})
        );
        assert_eq!(
            params[3],
            json!({"name": "chapter_id", "in": "path", "required": true, "schema": {"type": "string"}})
        );
        let kinds: Vec<&str> = warnings.iter().map(|w| w.kind).collect();
        assert_eq!(kinds, [KIND_OPTIONAL, KIND_ADDED]);
        assert_eq!(
            warnings[0].pointer,
            "/paths/~1v~1{book}~1{chapter_id}~1{verse?}"
        );
    }

    #[test]
    fn a_template_name_declared_in_the_query_becomes_a_path_parameter() {
        let mut raw = json!({"paths": {"/b/{id}/{x}": {"get": {"parameters": [
            {"name": "id", "in": "query"}
        ]}}}});
        let warnings = repair(&mut raw, "f.json");
        assert_eq!(
            raw["paths"]["/b/{id}/{x}"]["get"]["parameters"],
            json!([{"name": "id", "in": "path", "required": true}]),
            "`x` is left for lowering to report"
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].kind, KIND_MOVED);
        assert_eq!(
            warnings[0].pointer,
            "/paths/~1b~1{id}~1{x}/get/parameters/0"
        );
    }

    #[test]
    fn documents_without_optional_segments_are_untouched() {
        let original = json!({"paths": {"/v/{id}": {"get": {}}}});
        let mut raw = original.clone();
        assert!(repair(&mut raw, "f.json").is_empty());
        assert_eq!(raw, original);
    }
}
