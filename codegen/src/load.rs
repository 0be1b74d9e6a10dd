//! Reading a spec file into an `openapiv3::OpenAPI` document.
//!
//! Bytes are checked for UTF-8, parsed as YAML or JSON into a plain JSON value (so line and
//! column are known for syntax errors and later steps can work with JSON pointers), checked
//! for the OpenAPI version, normalised for quirks of real-world documents
//! ([`crate::normalize`]) and only then handed to `openapiv3`, through
//! `serde_path_to_error` so that a shape error names the JSON pointer where it happened.

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::normalize;
use std::path::Path;

/// Documents larger than this are refused before parsing.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// A parsed spec.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name used in messages.
    pub file: String,
    /// The module stem (file name without extension).
    pub stem: String,
    /// The typed document.
    pub openapi: openapiv3::OpenAPI,
    /// The normalised JSON value the typed document was read from.
    pub raw: serde_json::Value,
    /// What normalisation changed, as warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and parses one spec file. `display` is the name used in messages.
pub fn load_file(path: &Path, display: &str) -> Result<Document, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|e| {
        Diagnostic::error(display, "", format!("cannot read the file: {e}"))
            .with_hint("check that the path exists and is readable")
    })?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("api")
        .to_owned();
    let json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    load_bytes(&bytes, display, &stem, json)
}

/// Parses a spec from memory. `json` selects the JSON parser; YAML otherwise.
pub fn load_bytes(
    bytes: &[u8],
    display: &str,
    stem: &str,
    json: bool,
) -> Result<Document, Diagnostic> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(Diagnostic::error(
            display,
            "",
            format!(
                "the document is {} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                bytes.len()
            ),
        )
        .with_hint("split the document or remove unused parts"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        // `valid_up_to` is the length of the longest valid prefix, so this slice is valid UTF-8.
        let before = std::str::from_utf8(bytes.get(..valid).unwrap_or_default()).unwrap_or("");
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Diagnostic::error(
            display,
            "",
            format!("the file is not valid UTF-8 (first bad byte at offset {valid})"),
        )
        .at(line, column)
        .with_hint("save the spec as UTF-8")
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(display, "", "the file is empty")
            .with_hint("write an OpenAPI 3.0 document into it, or remove it"));
    }
    let mut raw = if json {
        parse_json(text, display)?
    } else {
        parse_yaml(text, display)?
    };
    check_version(&raw, display)?;
    let warnings = normalize::normalize(&mut raw, display);
    let openapi = to_openapi(&raw, display)?;
    Ok(Document {
        file: display.to_owned(),
        stem: stem.to_owned(),
        openapi,
        raw,
        warnings,
    })
}

fn parse_json(text: &str, display: &str) -> Result<serde_json::Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| {
        let hint = if e.to_string().contains("recursion limit exceeded") {
            "the document nests too deeply; move nested schemas into components.schemas and \
             refer to them with `$ref`"
        } else {
            "fix the syntax at the given line and column"
        };
        Diagnostic::error(display, "", format!("invalid JSON: {e}"))
            .at(e.line(), e.column())
            .with_hint(hint)
    })
}

fn parse_yaml(text: &str, display: &str) -> Result<serde_json::Value, Diagnostic> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let message = e.to_string();
        let hint = if message.contains("repetition limit exceeded") {
            "the document expands YAML aliases (`*name`) too many times; write the repeated \
             parts out, or use `$ref` to components instead of aliases"
        } else if message.contains("recursion limit exceeded") {
            "the document nests too deeply; move nested schemas into components.schemas and \
             refer to them with `$ref`"
        } else {
            "fix the syntax at the given line and column"
        };
        let mut d =
            Diagnostic::error(display, "", format!("invalid YAML: {message}")).with_hint(hint);
        if let Some(loc) = e.location() {
            d = d.at(loc.line(), loc.column());
        }
        d
    })?;
    yaml_to_json(value, display, "", 0)
}

/// The deepest nesting accepted; the parsers stop at 128 levels already, this guards the
/// conversion below against any other path.
const MAX_DEPTH: usize = 256;

/// Converts YAML to JSON. YAML allows non-string keys (`200:` in `responses`); they become
/// their text.
fn yaml_to_json(
    value: serde_yaml::Value,
    display: &str,
    pointer: &str,
    depth: usize,
) -> Result<serde_json::Value, Diagnostic> {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    if depth > MAX_DEPTH {
        return Err(Diagnostic::error(
            display,
            pointer,
            format!("the document nests deeper than {MAX_DEPTH} levels"),
        ));
    }
    Ok(match value {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(J::Number)
                    .ok_or_else(|| {
                        Diagnostic::error(display, pointer, format!("the number {n} is not finite"))
                            .with_hint("JSON has no NaN or infinity; write a finite number")
                    })?
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    yaml_to_json(
                        v,
                        display,
                        &pointer_push(pointer, &i.to_string()),
                        depth + 1,
                    )
                })
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::with_capacity(map.len());
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".to_owned(),
                    other => {
                        return Err(Diagnostic::error(
                            display,
                            pointer,
                            format!("a mapping key must be a scalar, found {other:?}"),
                        ))
                    }
                };
                let child = pointer_push(pointer, &key);
                out.insert(key, yaml_to_json(v, display, &child, depth + 1)?);
            }
            J::Object(out)
        }
        Y::Tagged(tagged) => yaml_to_json(tagged.value, display, pointer, depth + 1)?,
    })
}

fn check_version(raw: &serde_json::Value, display: &str) -> Result<(), Diagnostic> {
    let Some(obj) = raw.as_object() else {
        return Err(Diagnostic::error(
            display,
            "",
            "the document is not an object, so it is not an OpenAPI document",
        )
        .with_hint("an OpenAPI document starts with `openapi: 3.0.3`, `info` and `paths`"));
    };
    if obj.contains_key("swagger") {
        return Err(Diagnostic::error(
            display,
            "/swagger",
            "Swagger 2.0 documents are not supported; this generator reads OpenAPI 3.0.x",
        )
        .with_hint(
            "convert the document to OpenAPI 3.0 first (for example with swagger2openapi)",
        ));
    }
    let Some(version) = obj.get("openapi") else {
        return Err(Diagnostic::error(
            display,
            "",
            "no `openapi` field: this is not an OpenAPI document",
        )
        .with_hint("add `openapi: 3.0.3` at the top, or remove the file from the specs folder"));
    };
    let version = version.as_str().unwrap_or_default();
    if version.starts_with("3.0") {
        return Ok(());
    }
    let hint = if version.starts_with("3.1") {
        "OpenAPI 3.1 is not supported yet; this generator reads 3.0.x. Write `openapi: 3.0.3` and \
         use `nullable: true` instead of `type: [..., \"null\"]`, single `example` values, and \
         no `const`"
    } else {
        "write `openapi: 3.0.3`; this generator reads OpenAPI 3.0.x"
    };
    Err(Diagnostic::error(
        display,
        "/openapi",
        format!(
            "unsupported OpenAPI version {:?}",
            obj.get("openapi").cloned().unwrap_or_default()
        ),
    )
    .with_hint(hint))
}

fn to_openapi(raw: &serde_json::Value, display: &str) -> Result<openapiv3::OpenAPI, Diagnostic> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let pointer = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .fold(String::new(), |acc, t| pointer_push(&acc, &t));
        Diagnostic::error(
            display,
            &pointer,
            format!("not a valid OpenAPI 3.0 document here: {}", e.inner()),
        )
        .with_hint("compare this item with the OpenAPI 3.0.3 specification")
    })
}
