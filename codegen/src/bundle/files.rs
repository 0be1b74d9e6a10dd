//! Reading the files of a multi-file description: parsing (YAML with integers beyond 64
//! bits, JSON, text), naming them in messages, and finding the files a value refers to so
//! they can be read ahead.

use super::{Content, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

/// How a file of the specs folder is named in messages: beside the root document's name.
pub(super) fn display_of(root_dir: &Path, display_dir: &str, canonical: &Path) -> String {
    let relative = canonical
        .strip_prefix(root_dir)
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .unwrap_or_default();
    format!("{display_dir}{relative}")
}

/// Reads and parses one file: YAML and JSON into a value, anything else as text. Also its size.
pub(super) fn parse_file(canonical: &Path, display: &str) -> Result<(Content, usize), Diagnostic> {
    let fail =
        |message: String, hint: &str| Diagnostic::error(display, "", message).with_hint(hint);
    let too_large = |size: u64| {
        fail(
            format!(
                "the file is {size} bytes; the limit is {}",
                crate::load::MAX_DOCUMENT_BYTES
            ),
            "split the file",
        )
    };
    if let Ok(metadata) = std::fs::metadata(canonical) {
        if metadata.len() > crate::load::MAX_DOCUMENT_BYTES as u64 {
            return Err(too_large(metadata.len()));
        }
    }
    let bytes = std::fs::read(canonical).map_err(|e| {
        fail(
            format!("cannot read the file: {e}"),
            "check that the file is readable",
        )
    })?;
    if bytes.len() > crate::load::MAX_DOCUMENT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    let size = bytes.len();
    let text = String::from_utf8(bytes)
        .map_err(|_| fail("the file is not valid UTF-8".to_owned(), "save it as UTF-8"))?;
    let extension = canonical
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let content = match extension.as_str() {
        "json" => Content::Value(crate::load::parse_json(&text, display)?),
        "yaml" | "yml" => Content::Value(parse_yaml_fragment(&text, display)?),
        _ => Content::Text(text),
    };
    Ok((content, size))
}

/// `dir` joined with `relative`, `.` and `..` resolved without asking the file system.
fn lexical_join(dir: &Path, relative: &str) -> PathBuf {
    let mut out = dir.to_path_buf();
    for part in Path::new(relative).components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::Normal(name) => out.push(name),
            std::path::Component::RootDir => out = PathBuf::from("/"),
            std::path::Component::CurDir | std::path::Component::Prefix(_) => {}
        }
    }
    out
}

/// The files inside `root_dir` that `$ref`s in `value` (a file in `dir`) name, whatever their
/// position, by their path as written (links are not followed); for reading ahead, so
/// mistakes are left for the walk to report.
pub(super) fn referenced_files(
    value: &Value,
    dir: &Path,
    root_dir: &Path,
    out: &mut Vec<PathBuf>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let path = reference.split('#').next().unwrap_or_default();
                if !path.is_empty() && !path.contains("://") {
                    let found = lexical_join(dir, &percent_decode(path));
                    if found.starts_with(root_dir) {
                        out.push(found);
                    }
                }
            }
            for v in map.values() {
                referenced_files(v, dir, root_dir, out, depth + 1);
            }
        }
        Value::Array(items) => {
            for v in items {
                referenced_files(v, dir, root_dir, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `%XX` escapes decoded (a `$ref` is a URI reference); anything else kept as written.
pub(super) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

/// Reads a YAML fragment. A file whose integers exceed 64 bits (DigitalOcean writes
/// `maximum: 18446744073709552000`, which is 2^64 printed as a float) is read a second way,
/// with such integers as floating-point numbers, as a JSON reader would read them.
pub(super) fn parse_yaml_fragment(text: &str, display: &str) -> Result<Value, Diagnostic> {
    crate::load::parse_yaml(text, display).or_else(|d| {
        if !(d.message.contains("u128") || d.message.contains("i128")) {
            return Err(d);
        }
        serde_yaml::from_str::<WideYaml>(text)
            .map(|w| w.0)
            .map_err(|_| d)
    })
}

/// A YAML value read into JSON with 128-bit integers as floats.
pub(super) struct WideYaml(Value);

impl<'de> serde::Deserialize<'de> for WideYaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WideVisitor).map(WideYaml)
    }
}

struct WideVisitor;

impl<'de> serde::de::Visitor<'de> for WideVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Value, E> {
        serde_json::Number::from_f64(v as f64)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Value, E> {
        serde_json::Number::from_f64(v as f64)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| E::custom("the number is not finite"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(WideVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(WideYaml(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        use serde::de::Error;
        let mut out = Map::new();
        while let Some(WideYaml(key)) = map.next_key()? {
            let key = match key {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null => "null".to_owned(),
                _ => {
                    return Err(A::Error::custom(
                        "a mapping key must be a string or a number",
                    ))
                }
            };
            let WideYaml(value) = map.next_value()?;
            if out.insert(key.clone(), value).is_some() {
                return Err(A::Error::custom(format!(
                    "duplicate entry with key \"{key}\""
                )));
            }
        }
        Ok(Value::Object(out))
    }
}

/// Whether the file at `path` is an API document (a YAML or JSON object with an `openapi` or
/// `swagger` key) rather than a fragment of one. A file that does not read counts as a
/// document, so that its error is reported.
pub fn is_api_document(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return true;
    };
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let value = if json {
        crate::load::parse_json(&text, "")
    } else {
        parse_yaml_fragment(&text, "")
    };
    match value {
        Ok(Value::Object(map)) => map.contains_key("openapi") || map.contains_key("swagger"),
        _ => true,
    }
}
