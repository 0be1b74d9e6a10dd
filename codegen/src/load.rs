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
    /// The other files the document refers to ([`crate::bundle`]).
    pub fragments: crate::bundle::Fragments,
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
    load_bytes_at(&bytes, display, &stem, json, Some(path))
}

/// Parses a spec from memory. `json` selects the JSON parser; YAML otherwise.
pub fn load_bytes(
    bytes: &[u8],
    display: &str,
    stem: &str,
    json: bool,
) -> Result<Document, Diagnostic> {
    load_bytes_at(bytes, display, stem, json, None)
}

/// [`load_bytes`] for a document read from `path`, whose `$ref`s to other files are resolved.
fn load_bytes_at(
    bytes: &[u8],
    display: &str,
    stem: &str,
    json: bool,
    path: Option<&Path>,
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
    let raw = if json {
        parse_json(text, display)?
    } else {
        parse_yaml(text, display)?
    };
    let bundled = match path {
        Some(path) => crate::bundle::bundle(path, display, raw)?,
        None => crate::bundle::Bundled::single(raw, display),
    };
    let (mut raw, fragments) = (bundled.value, bundled.fragments);
    let version = check_version(&raw, display)?;
    let mut warnings = match version {
        Version::Swagger2 => crate::swagger2::convert(&mut raw, display)?,
        Version::V31 => crate::openapi31::translate(&mut raw, display)?,
        Version::V30 => Vec::new(),
    };
    // Repairs and shape errors of a converted 2.0 document name the place the user wrote, and
    // those of a bundled document the fragment file.
    let in_source = |mut d: Diagnostic| {
        if version == Version::Swagger2 {
            d.pointer = crate::swagger2::source_pointer(&d.pointer);
        }
        fragments.relocate(d)
    };
    let repairs = crate::refs::resolve(&mut raw, display).map_err(in_source)?;
    warnings.extend(repairs.into_iter().map(in_source));
    warnings.extend(
        crate::optional_segments::repair(&mut raw, display)
            .into_iter()
            .map(in_source),
    );
    warnings.extend(
        normalize::normalize(&mut raw, display)
            .into_iter()
            .map(in_source),
    );
    if version == Version::Swagger2 {
        // One 2.0 response schema is copied per media type; its repairs are reported once.
        let mut seen = std::collections::HashSet::new();
        warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
    }
    let openapi = to_openapi(&raw, display).map_err(in_source)?;
    let warnings = bundled.warnings.into_iter().chain(warnings).collect();
    Ok(Document {
        file: display.to_owned(),
        stem: stem.to_owned(),
        openapi,
        raw,
        warnings,
        fragments,
    })
}

pub(crate) fn parse_json(text: &str, display: &str) -> Result<serde_json::Value, Diagnostic> {
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

pub(crate) fn parse_yaml(text: &str, display: &str) -> Result<serde_json::Value, Diagnostic> {
    let value: serde_yaml::Value = serde_yaml::from_str(text)
        .or_else(|e| {
            // `serde_yaml::Value` has no place for an integer beyond 64 bits and refuses the
            // document; JSON reads such a number as the float it means, and so does this.
            let message = e.to_string();
            if message.contains(" as i128") || message.contains(" as u128") {
                serde_yaml::from_str::<WideYaml>(text).map(|wide| wide.0)
            } else {
                Err(e)
            }
        })
        .map_err(|e| {
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
                let (line, column) = duplicate_key_location(text, &message, loc.line())
                    .unwrap_or((loc.line(), loc.column()));
                d = d.at(line, column);
            }
            d
        })?;
    yaml_to_json(value, display, "", 0)
}

/// A YAML value read as `serde_yaml::Value` reads it, except that an integer beyond the 64-bit
/// range (`minimum: -9223372036854776000`, which JSON parsers read as a float) becomes the
/// nearest float instead of an error.
struct WideYaml(serde_yaml::Value);

impl<'de> serde::Deserialize<'de> for WideYaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideYamlVisitor).map(WideYaml)
    }
}

struct WideYamlVisitor;

impl<'de> serde::de::Visitor<'de> for WideYamlVisitor {
    type Value = serde_yaml::Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(i.into()))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(u.into()))
    }
    fn visit_i128<E>(self, i: i128) -> Result<Self::Value, E> {
        Ok(match i64::try_from(i) {
            Ok(i) => serde_yaml::Value::Number(i.into()),
            // The nearest float is what the number means to every JSON reader.
            Err(_) => serde_yaml::Value::Number((i as f64).into()),
        })
    }
    fn visit_u128<E>(self, u: u128) -> Result<Self::Value, E> {
        Ok(match u64::try_from(u) {
            Ok(u) => serde_yaml::Value::Number(u.into()),
            Err(_) => serde_yaml::Value::Number((u as f64).into()),
        })
    }
    fn visit_f64<E>(self, f: f64) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Number(f.into()))
    }
    fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(serde_yaml::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(WideYamlVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        while let Some(WideYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(serde_yaml::Value::Sequence(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut mapping = serde_yaml::Mapping::new();
        while let Some(WideYaml(key)) = map.next_key()? {
            if mapping.contains_key(&key) {
                let message = match &key {
                    serde_yaml::Value::String(k) => format!("duplicate entry with key \"{k}\""),
                    _ => "duplicate entry in YAML map".to_owned(),
                };
                return Err(serde::de::Error::custom(message));
            }
            let WideYaml(value) = map.next_value()?;
            mapping.insert(key, value);
        }
        Ok(serde_yaml::Value::Mapping(mapping))
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        use serde::de::VariantAccess;
        let (tag, contents) = data.variant::<String>()?;
        let WideYaml(value) = contents.newtype_variant()?;
        Ok(serde_yaml::Value::Tagged(Box::new(
            serde_yaml::value::TaggedValue {
                tag: serde_yaml::value::Tag::new(tag),
                value,
            },
        )))
    }
}

/// For `duplicate entry with key "k"`, which the parser reports at the start of the mapping,
/// the line and column of the second `k:` in that mapping (block style), when it can be found.
fn duplicate_key_location(
    text: &str,
    message: &str,
    mapping_line: usize,
) -> Option<(usize, usize)> {
    let key = message
        .strip_prefix("duplicate entry with key \"")?
        .split('"')
        .next()?;
    let spellings = [
        format!("{key}:"),
        format!("\"{key}\":"),
        format!("'{key}':"),
    ];
    let mut indent_of_first = None;
    for (i, line) in text
        .lines()
        .enumerate()
        .skip(mapping_line.saturating_sub(1))
    {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let trimmed = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        if !spellings.iter().any(|s| trimmed.starts_with(s.as_str())) {
            continue;
        }
        match indent_of_first {
            None => indent_of_first = Some(indent),
            Some(first) if first == indent => return Some((i + 1, indent + 1)),
            Some(_) => {}
        }
    }
    None
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
        )
        .with_hint("move nested schemas into components.schemas and refer to them with `$ref`"));
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
                        let found = match other {
                            Y::Sequence(_) => "a sequence",
                            Y::Mapping(_) => "a mapping",
                            _ => "a tagged value",
                        };
                        return Err(Diagnostic::error(
                            display,
                            pointer,
                            format!("a mapping key must be a string or a number, found {found}"),
                        )
                        .with_hint(
                            "JSON, and so OpenAPI, has only string keys; write the key as text",
                        ));
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

/// The description format a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// `swagger: "2.0"`, converted by [`crate::swagger2`].
    Swagger2,
    /// `openapi: 3.0.x`, read as it is.
    V30,
    /// `openapi: 3.1.x`, translated by [`crate::openapi31`].
    V31,
}

/// The version a document declares, or why it is not a document this generator reads.
pub fn check_version(raw: &serde_json::Value, display: &str) -> Result<Version, Diagnostic> {
    let Some(obj) = raw.as_object() else {
        return Err(Diagnostic::error(
            display,
            "",
            "the document is not an object, so it is not an OpenAPI document",
        )
        .with_hint("an OpenAPI document starts with `openapi: 3.0.3`, `info` and `paths`"));
    };
    if let Some(swagger) = obj.get("swagger") {
        let text = match swagger {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if text == "2.0" || text == "2" {
            return Ok(Version::Swagger2);
        }
        return Err(Diagnostic::error(
            display,
            "/swagger",
            format!("unsupported Swagger version {swagger}"),
        )
        .with_hint("write `swagger: \"2.0\"`, or describe the API as OpenAPI 3.0 or 3.1"));
    }
    let Some(version) = obj.get("openapi") else {
        return Err(Diagnostic::error(
            display,
            "",
            "no `openapi` field: this is not an OpenAPI document",
        )
        .with_hint("add `openapi: 3.0.3` at the top, or remove the file from the specs folder"));
    };
    let text = version.as_str().unwrap_or_default();
    if text.starts_with("3.0") {
        return Ok(Version::V30);
    }
    if text.starts_with("3.1") {
        return Ok(Version::V31);
    }
    Err(Diagnostic::error(
        display,
        "/openapi",
        format!("unsupported OpenAPI version {version}"),
    )
    .with_hint("this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x"))
}

fn to_openapi(raw: &serde_json::Value, display: &str) -> Result<openapiv3::OpenAPI, Diagnostic> {
    // Tracking the path costs time on every value; it is only needed to report an error.
    if let Some(openapi) = deserialize_split(raw) {
        return Ok(openapi);
    }
    if let Ok(openapi) = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(raw) {
        return Ok(openapi);
    }
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let (pointer, message) =
            narrow_root(raw).unwrap_or_else(|| (path_pointer(e.path()), e.inner().to_string()));
        Diagnostic::error(
            display,
            &pointer,
            format!("not a valid OpenAPI 3.0 document here: {message}"),
        )
        .with_hint("compare this item with the OpenAPI 3.0.3 specification")
    })
}

/// The document read as three parts: `components` on a second thread, `paths` and the rest on
/// this one. `openapiv3::OpenAPI` collects its extensions with `#[serde(flatten)]`, which makes
/// serde copy the whole document into a buffer before reading any field; reading the two large
/// parts on their own skips that copy, and on two cores overlaps them (GitHub's 3.6 MB
/// document: 21 ms -> 13 ms). `None` when any part does not read; the caller then reads the
/// document whole, which reports the error.
fn deserialize_split(raw: &serde_json::Value) -> Option<openapiv3::OpenAPI> {
    use serde::Deserialize;
    let object = raw.as_object()?;
    let paths = object.get("paths")?;
    let components = object.get("components");
    let mut rest: serde_json::Map<String, serde_json::Value> = object
        .iter()
        .filter(|(key, _)| !matches!(key.as_str(), "paths" | "components"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    rest.insert(
        "paths".to_owned(),
        serde_json::Value::Object(Default::default()),
    );
    let read_components = || {
        components
            .map(openapiv3::Components::deserialize)
            .transpose()
            .ok()
    };
    // A second thread pays for itself only on a large document.
    let large = components
        .and_then(|c| c.get("schemas"))
        .and_then(serde_json::Value::as_object)
        .is_some_and(|schemas| schemas.len() >= 64);
    let ((paths, top), components) = crate::workers::join(
        large,
        || {
            (
                openapiv3::Paths::deserialize(paths).ok(),
                openapiv3::OpenAPI::deserialize(&serde_json::Value::Object(rest)).ok(),
            )
        },
        read_components,
    );
    let mut openapi = top?;
    openapi.paths = paths?;
    openapi.components = components?;
    Some(openapi)
}

/// A `serde_path_to_error` path as a JSON pointer.
fn path_pointer(path: &serde_path_to_error::Path) -> String {
    path.iter()
        .filter_map(|seg| match seg {
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
            serde_path_to_error::Segment::Unknown => None,
        })
        .fold(String::new(), |acc, t| pointer_push(&acc, &t))
}

/// The OpenAPI objects whose places in a document are known. `openapiv3` reads many of them
/// through untagged enums (`$ref` or item), which lose the path of an error; a shape error is
/// therefore narrowed down by reading the objects one by one, innermost first.
#[derive(Debug, Clone, Copy)]
enum Shape {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Header,
    Schema,
    SecurityScheme,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Reads `value` as `T`, or says where inside it and why that fails.
fn probe<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<(), (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(|_| ())
        .map_err(|e| (path_pointer(e.path()), e.inner().to_string()))
}

/// Reads `value` as the object `shape` (or a `$ref` to one).
fn check(shape: Shape, value: &serde_json::Value) -> Result<(), (String, String)> {
    use openapiv3 as o;
    let is_ref = value.get("$ref").is_some();
    match (shape, is_ref) {
        (_, true) => probe::<o::ReferenceOr<o::Schema>>(value),
        (Shape::PathItem, false) => probe::<o::PathItem>(value),
        (Shape::Operation, false) => probe::<o::Operation>(value),
        (Shape::Parameter, false) => probe::<o::Parameter>(value),
        (Shape::RequestBody, false) => probe::<o::RequestBody>(value),
        (Shape::Response, false) => probe::<o::Response>(value),
        (Shape::MediaType, false) => probe::<o::MediaType>(value),
        (Shape::Header, false) => probe::<o::Header>(value),
        (Shape::Schema, false) => probe::<o::Schema>(value),
        (Shape::SecurityScheme, false) => probe::<o::SecurityScheme>(value),
    }
}

/// The objects directly inside `value`, read as `shape`: (pointer tokens, shape, value).
fn children(
    shape: Shape,
    value: &serde_json::Value,
) -> Vec<(Vec<String>, Shape, &serde_json::Value)> {
    let mut out = Vec::new();
    let Some(obj) = value.as_object() else {
        return out;
    };
    let one = |key: &str, shape: Shape, out: &mut Vec<_>| {
        if let Some(v) = obj.get(key) {
            out.push((vec![key.to_owned()], shape, v));
        }
    };
    let each_in = |key: &str, shape: Shape, out: &mut Vec<_>| match obj.get(key) {
        Some(serde_json::Value::Object(map)) => {
            for (k, v) in map {
                if !(k.starts_with("x-") && matches!(key, "responses")) {
                    out.push((vec![key.to_owned(), k.clone()], shape, v));
                }
            }
        }
        Some(serde_json::Value::Array(items)) => {
            for (i, v) in items.iter().enumerate() {
                out.push((vec![key.to_owned(), i.to_string()], shape, v));
            }
        }
        _ => {}
    };
    match shape {
        Shape::PathItem => {
            for method in METHODS {
                one(method, Shape::Operation, &mut out);
            }
            each_in("parameters", Shape::Parameter, &mut out);
        }
        Shape::Operation => {
            one("requestBody", Shape::RequestBody, &mut out);
            each_in("parameters", Shape::Parameter, &mut out);
            each_in("responses", Shape::Response, &mut out);
        }
        Shape::Parameter | Shape::Header => {
            one("schema", Shape::Schema, &mut out);
            each_in("content", Shape::MediaType, &mut out);
        }
        Shape::RequestBody => each_in("content", Shape::MediaType, &mut out),
        Shape::Response => {
            each_in("content", Shape::MediaType, &mut out);
            each_in("headers", Shape::Header, &mut out);
        }
        Shape::MediaType => one("schema", Shape::Schema, &mut out),
        Shape::Schema => {
            for key in ["items", "not"] {
                one(key, Shape::Schema, &mut out);
            }
            if obj
                .get("additionalProperties")
                .is_some_and(serde_json::Value::is_object)
            {
                one("additionalProperties", Shape::Schema, &mut out);
            }
            for key in ["properties", "allOf", "oneOf", "anyOf"] {
                each_in(key, Shape::Schema, &mut out);
            }
        }
        Shape::SecurityScheme => {}
    }
    out
}

/// The innermost object at or below `value` that does not read as `shape`: its pointer and
/// the reason. `None` when `value` reads fine.
fn narrow(
    shape: Shape,
    value: &serde_json::Value,
    pointer: &str,
    depth: usize,
) -> Option<(String, String)> {
    let (inner, message) = check(shape, value).err()?;
    if depth < MAX_DEPTH {
        for (tokens, child_shape, child) in children(shape, value) {
            let at = tokens
                .iter()
                .fold(pointer.to_owned(), |acc, t| pointer_push(&acc, t));
            if let Some(found) = narrow(child_shape, child, &at, depth + 1) {
                return Some(found);
            }
        }
    }
    Some((format!("{pointer}{inner}"), message))
}

/// Narrows a shape error of the whole document to the innermost object that is wrong.
fn narrow_root(raw: &serde_json::Value) -> Option<(String, String)> {
    let mut places: Vec<(String, Shape, &serde_json::Value)> = Vec::new();
    if let Some(paths) = raw.get("paths").and_then(serde_json::Value::as_object) {
        for (path, item) in paths.iter().filter(|(k, _)| !k.starts_with("x-")) {
            places.push((
                crate::diagnostic::pointer_of(["paths", path]),
                Shape::PathItem,
                item,
            ));
        }
    }
    if let Some(components) = raw.get("components").and_then(serde_json::Value::as_object) {
        for (key, shape) in [
            ("schemas", Shape::Schema),
            ("responses", Shape::Response),
            ("parameters", Shape::Parameter),
            ("requestBodies", Shape::RequestBody),
            ("headers", Shape::Header),
            ("securitySchemes", Shape::SecurityScheme),
        ] {
            if let Some(map) = components.get(key).and_then(serde_json::Value::as_object) {
                for (name, value) in map {
                    places.push((
                        crate::diagnostic::pointer_of(["components", key, name]),
                        shape,
                        value,
                    ));
                }
            }
        }
    }
    places
        .into_iter()
        .find_map(|(pointer, shape, value)| narrow(shape, value, &pointer, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every document of the project that parses into a JSON value.
    fn values() -> Vec<(String, serde_json::Value)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for dir in ["specs", "tests/fixtures/showcase", "tests/fixtures/bad"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let display = path.display().to_string();
                let value = match path.extension().and_then(|e| e.to_str()) {
                    Some("json") => parse_json(&text, &display).ok(),
                    Some("yaml") => parse_yaml(&text, &display).ok(),
                    _ => None,
                };
                if let Some(mut value) = value {
                    let _ = normalize::normalize(&mut value, &display);
                    out.push((display, value));
                }
            }
        }
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    #[test]
    fn a_yaml_integer_beyond_64_bits_reads_as_the_float_json_reads() {
        let yaml = "a: -9223372036854776000\nb: 18446744073709551616\nc: [1, -2, !t 3]\nd: 9\n";
        let json =
            r#"{"a": -9223372036854776000, "b": 18446744073709551616, "c": [1, -2, 3], "d": 9}"#;
        let from_yaml = parse_yaml(yaml, "x.yaml").expect("reads");
        assert_eq!(from_yaml, parse_json(json, "x.json").expect("reads"));
        assert_eq!(from_yaml["a"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(from_yaml["d"].as_i64(), Some(9));
        // The wide reader still refuses what the plain one refuses.
        let duplicate = "a: 99999999999999999999\nb: 1\nb: 2\n";
        let e = parse_yaml(duplicate, "x.yaml").expect_err("a duplicate key");
        assert!(e.message.contains("duplicate entry with key \"b\""), "{e}");
    }

    #[test]
    fn reading_in_parts_gives_the_whole_document_or_nothing() {
        let mut split_read = 0;
        for (name, value) in values() {
            let whole = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&value).ok();
            let split = deserialize_split(&value);
            match (&whole, &split) {
                (Some(whole), Some(split)) => {
                    assert!(whole == split, "{name}: the parts differ from the whole");
                    split_read += 1;
                }
                // Reading in parts may give up where the whole reads (the caller then reads
                // it whole), never the other way round.
                (_, None) => {}
                (None, Some(_)) => panic!("{name}: read in parts but not whole"),
            }
        }
        assert!(split_read >= 10, "only {split_read} documents compared");
    }

    #[test]
    fn a_large_document_is_read_on_two_threads_to_the_same_result() {
        let schemas: serde_json::Map<String, serde_json::Value> = (0..100)
            .map(|i| {
                let schema = serde_json::json!({
                    "type": "object",
                    "x-order": i,
                    "properties": {"next": {"$ref": format!("#/components/schemas/S{}", (i + 1) % 100)}}
                });
                (format!("S{i}"), schema)
            })
            .collect();
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "x-top": true,
            "paths": {"/s": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}}}}}}},
            "components": {"schemas": schemas}
        });
        let whole = <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&doc).expect("reads");
        let split = deserialize_split(&doc).expect("reads in parts");
        assert!(whole == split);
        assert_eq!(
            split.extensions.get("x-top"),
            Some(&serde_json::json!(true))
        );
        let mut broken = doc.clone();
        broken["components"]["schemas"]["S7"]["type"] = serde_json::json!(7);
        assert!(
            deserialize_split(&broken).is_none(),
            "a part that does not read gives up"
        );
    }
}
