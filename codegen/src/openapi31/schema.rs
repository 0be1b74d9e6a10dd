//! One JSON Schema 2020-12 schema rewritten as the OpenAPI 3.0 schema of the same meaning.

use super::document::MAX_DEPTH;
use super::{Translator, NOT_ENFORCED, REFERENCE, SEVERAL_TYPES, TUPLE};
use crate::diagnostic::pointer_push;
use serde_json::{Map, Value};

/// Keywords that constrain values in ways the generated types and checks do not express.
/// They are read (the document is valid) and reported, and their schemas are not walked.
const UNENFORCED: &[&str] = &[
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "patternProperties",
    "contentSchema",
];

/// Keywords that identify or annotate a schema and change nothing generated.
const IDENTIFIERS: &[&str] = &[
    "$id",
    "$anchor",
    "$schema",
    "$comment",
    "$dynamicAnchor",
    "$vocabulary",
];

/// Schema keywords that hold one schema.
const ONE_SCHEMA: &[&str] = &["items", "not", "additionalProperties"];

/// Schema keywords that hold a list of schemas.
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf"];

/// Keys beside a schema `$ref` that change nothing (the rest make it an `allOf`).
fn is_inert(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "$ref" | "$comment" | "$id" | "$anchor" | "$schema")
}

impl Translator<'_> {
    /// Translates the schema at `at` and everything in it.
    pub(super) fn schema(&mut self, schema: &mut Value, at: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        // Boolean schemas: `true` allows anything, `false` nothing.
        if let Value::Bool(allows) = *schema {
            *schema = if allows {
                Value::Object(Map::new())
            } else {
                let mut not = Map::new();
                not.insert("not".to_owned(), Value::Object(Map::new()));
                Value::Object(not)
            };
            return;
        }
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        self.null_alternatives(map);
        if map.contains_key("$ref") {
            if map.keys().all(|k| is_inert(k)) {
                return;
            }
            ref_into_all_of(map);
        }
        self.keywords(map, at);
        self.children(map, at, depth);
    }

    /// The keywords of one schema object, its subschemas aside.
    fn keywords(&mut self, map: &mut Map<String, Value>, at: &str) {
        for key in IDENTIFIERS {
            map.remove(*key);
        }
        if map.remove("$dynamicRef").is_some() {
            self.warn(
                &pointer_push(at, "$dynamicRef"),
                REFERENCE,
                "`$dynamicRef` is not followed; the schema is read without it",
            );
        }
        for key in UNENFORCED {
            if map.contains_key(*key) {
                self.warn(
                    &pointer_push(at, key),
                    NOT_ENFORCED,
                    format!(
                        "`{key}` is read but neither the generated types nor `Validate` check it"
                    ),
                );
            }
        }
        self.types(map, at);
        if let Some(value) = map.remove("const") {
            if value.is_null() {
                map.insert("nullable".to_owned(), Value::Bool(true));
            }
            map.entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
        if map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null))
        {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        // An `examples` object (not JSON Schema, but written by some) is left alone.
        if let Some(Value::Array(values)) = map.get("examples") {
            let first = values.first().cloned();
            if let (Some(first), false) = (first, map.contains_key("example")) {
                map.insert("example".to_owned(), first);
            }
            map.remove("examples");
        }
        exclusive_bound(map, "exclusiveMinimum", "minimum", |new, old| new >= old);
        exclusive_bound(map, "exclusiveMaximum", "maximum", |new, old| new <= old);
        self.tuple(map, at);
        content_encoding(map);
    }

    /// `type: [T, "null"]` -> `type: T, nullable: true`; `type: "null"` -> `nullable: true`.
    fn types(&mut self, map: &mut Map<String, Value>, at: &str) {
        let names: Vec<String> = match map.get("type") {
            Some(Value::String(one)) if one == "null" => vec![one.clone()],
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            _ => return,
        };
        if names.iter().any(|t| t == "null") {
            map.insert("nullable".to_owned(), Value::Bool(true));
        }
        let mut rest: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|t| *t != "null")
            .collect();
        rest.dedup();
        // An integer is a number: `[integer, number]` means any number.
        if rest.len() == 2 && rest.contains(&"integer") && rest.contains(&"number") {
            rest = vec!["number"];
        }
        match rest.as_slice() {
            [] => {
                map.remove("type");
            }
            [one] => {
                map.insert("type".to_owned(), Value::String((*one).to_owned()));
            }
            several => {
                let several: Vec<String> = several.iter().map(|t| (*t).to_owned()).collect();
                if let Some(alternatives) = split_by_type(map, &several) {
                    map.remove("type");
                    map.insert("anyOf".to_owned(), Value::Array(alternatives));
                    return;
                }
                let list = several
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                map.remove("type");
                self.warn(
                    &pointer_push(at, "type"),
                    SEVERAL_TYPES,
                    format!("the value may be any of {list}; it is read as any JSON value"),
                );
            }
        }
    }

    /// `prefixItems` (a tuple): a list of the one item type when all positions agree, else of
    /// any JSON value.
    fn tuple(&mut self, map: &mut Map<String, Value>, at: &str) {
        let closed = matches!(map.get("items"), Some(Value::Bool(false)));
        if closed {
            map.remove("items");
        } else if let Some(Value::Bool(true)) = map.get("items") {
            map.insert("items".to_owned(), Value::Object(Map::new()));
        }
        let Some(Value::Array(positions)) = map.remove("prefixItems") else {
            return;
        };
        if map.contains_key("items") {
            // The tail's schema already says what every item is, the positions narrow it.
            self.warn(
                &pointer_push(at, "prefixItems"),
                TUPLE,
                "the positions of the tuple are read as the schema of `items`",
            );
            return;
        }
        match positions.split_first() {
            Some((first, rest)) if rest.iter().all(|p| p == first) => {
                map.insert("items".to_owned(), first.clone());
            }
            Some(_) => {
                map.insert("items".to_owned(), Value::Object(Map::new()));
                self.warn(
                    &pointer_push(at, "prefixItems"),
                    TUPLE,
                    format!(
                        "the {} positions have different schemas; the items are read as any JSON value",
                        positions.len()
                    ),
                );
            }
            None => {}
        }
        if !map.contains_key("type") {
            map.insert("type".to_owned(), Value::String("array".to_owned()));
        }
    }

    /// Walks the subschemas.
    fn children(&mut self, map: &mut Map<String, Value>, at: &str, depth: usize) {
        if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
            let base = pointer_push(at, "properties");
            for (name, property) in properties.iter_mut() {
                self.schema(property, &pointer_push(&base, name), depth + 1);
            }
        }
        for keyword in ONE_SCHEMA {
            if let Some(sub) = map.get_mut(*keyword) {
                // `additionalProperties: false` is OpenAPI 3.0 as well.
                if sub.is_object() || (*keyword != "additionalProperties" && sub.is_boolean()) {
                    self.schema(sub, &pointer_push(at, keyword), depth + 1);
                }
            }
        }
        for keyword in SCHEMA_LISTS {
            if let Some(Value::Array(items)) = map.get_mut(*keyword) {
                let base = pointer_push(at, keyword);
                for (i, sub) in items.iter_mut().enumerate() {
                    self.schema(sub, &pointer_push(&base, &i.to_string()), depth + 1);
                }
            }
        }
    }

    /// `anyOf`/`oneOf` with `{type: "null"}` among the alternatives: a nullable schema of the
    /// others. One alternative left is the schema itself (a `$ref` as `allOf: [$ref]`, the
    /// 3.0 way to make a reference nullable).
    fn null_alternatives(&mut self, map: &mut Map<String, Value>) {
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(alternatives)) = map.get(keyword) else {
                continue;
            };
            if !alternatives.iter().any(is_null_schema) {
                continue;
            }
            let rest: Vec<Value> = alternatives
                .iter()
                .filter(|a| !is_null_schema(a))
                .cloned()
                .collect();
            map.remove(keyword);
            map.insert("nullable".to_owned(), Value::Bool(true));
            match <[Value; 1]>::try_from(rest) {
                Ok([only]) => merge_alternative(map, only),
                Err(rest) if rest.is_empty() => {}
                Err(rest) => {
                    map.insert(keyword.to_owned(), Value::Array(rest));
                }
            }
        }
    }
}

/// The types a type-specific keyword applies to; `None` for keywords that apply to any value.
fn keyword_types(keyword: &str) -> Option<&'static [&'static str]> {
    Some(match keyword {
        "format" => &["string", "integer", "number"],
        "pattern" | "minLength" | "maxLength" | "contentEncoding" | "contentMediaType" => {
            &["string"]
        }
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            &["integer", "number"]
        }
        "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            &["object"]
        }
        _ => return None,
    })
}

/// `type: [string, integer]` as 3.0 says it: `anyOf: [{type: string, ..}, {type: integer, ..}]`,
/// each alternative with the keywords that apply to its type (a `maxLength` to the string).
/// `None` when the schema cannot be split that way (an `enum`, or alternatives already).
fn split_by_type(map: &mut Map<String, Value>, types: &[String]) -> Option<Vec<Value>> {
    const KNOWN: &[&str] = &["string", "integer", "number", "boolean", "array", "object"];
    let blocked = [
        "enum",
        "const",
        "anyOf",
        "oneOf",
        "allOf",
        "not",
        "discriminator",
    ];
    if blocked.iter().any(|k| map.contains_key(*k))
        || !types.iter().all(|t| KNOWN.contains(&t.as_str()))
    {
        return None;
    }
    let specific: Vec<String> = map
        .keys()
        .filter(|k| keyword_types(k).is_some())
        .cloned()
        .collect();
    let alternatives = types
        .iter()
        .map(|t| {
            let mut branch = Map::new();
            branch.insert("type".to_owned(), Value::String(t.clone()));
            for key in &specific {
                let mut applies = keyword_types(key).is_some_and(|ts| ts.contains(&t.as_str()));
                if key == "format" {
                    // `int64` is a number's format, `date` a string's.
                    let numeric = map.get(key).and_then(Value::as_str).is_some_and(|f| {
                        matches!(f, "int32" | "int64" | "float" | "double") || f.starts_with("uint")
                    });
                    applies &= numeric != (t == "string");
                }
                if let (true, Some(value)) = (applies, map.get(key)) {
                    branch.insert(key.clone(), value.clone());
                }
            }
            Value::Object(branch)
        })
        .collect();
    for key in specific {
        map.remove(&key);
    }
    Some(alternatives)
}

/// Whether a schema admits only `null`: `{type: "null"}`, `{type: ["null"]}`, `{const: null}`,
/// `{enum: [null]}`.
fn is_null_schema(schema: &Value) -> bool {
    let Some(map) = schema.as_object() else {
        return false;
    };
    if map.contains_key("$ref") {
        return false;
    }
    match map.get("type") {
        Some(Value::String(t)) => return t == "null",
        Some(Value::Array(list)) => return list.iter().all(|t| t == "null") && !list.is_empty(),
        _ => {}
    }
    map.get("const").is_some_and(Value::is_null)
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.len() == 1 && values.iter().all(Value::is_null))
}

/// The one alternative left beside `null`, made the schema: its keywords join the schema's
/// when none of them clash, else it becomes the schema's `allOf`.
fn merge_alternative(map: &mut Map<String, Value>, only: Value) {
    let Value::Object(alternative) = only else {
        push_all_of(map, only);
        return;
    };
    let is_reference = alternative.contains_key("$ref");
    let clash = alternative
        .iter()
        .any(|(k, v)| map.get(k).is_some_and(|mine| mine != v));
    if is_reference || clash {
        push_all_of(map, Value::Object(alternative));
        return;
    }
    for (key, value) in alternative {
        map.entry(key).or_insert(value);
    }
}

fn push_all_of(map: &mut Map<String, Value>, part: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.push(part),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![part]));
        }
    }
}

/// `{$ref, description, ...}` (siblings apply in 3.1) -> `{allOf: [{$ref}], description, ...}`.
fn ref_into_all_of(map: &mut Map<String, Value>) {
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let mut only = Map::new();
    only.insert("$ref".to_owned(), reference);
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, Value::Object(only)),
        _ => {
            map.insert("allOf".to_owned(), Value::Array(vec![Value::Object(only)]));
        }
    }
}

/// `exclusiveMinimum: 5` -> `minimum: 5, exclusiveMinimum: true` (the stricter bound wins
/// when `minimum` is given too).
fn exclusive_bound(
    map: &mut Map<String, Value>,
    flag: &str,
    bound: &str,
    stricter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(n)) = map.get(flag).cloned() else {
        return;
    };
    let old = map.get(bound).and_then(Value::as_f64);
    match (n.as_f64(), old) {
        (Some(new), Some(old)) if !stricter(new, old) => {
            map.remove(flag);
        }
        _ => {
            map.insert(bound.to_owned(), Value::Number(n));
            map.insert(flag.to_owned(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` is 3.0's `format: byte`; a `contentMediaType` that is not text
/// (an image, `application/octet-stream`) without an encoding is raw bytes, 3.0's
/// `format: binary`.
fn content_encoding(map: &mut Map<String, Value>) {
    let encoding = map.remove("contentEncoding");
    let media = map.remove("contentMediaType");
    let is_string =
        map.get("type").and_then(Value::as_str) == Some("string") || !map.contains_key("type");
    if !is_string || map.contains_key("format") {
        return;
    }
    let format = match (
        encoding.as_ref().and_then(Value::as_str),
        media.as_ref().and_then(Value::as_str),
    ) {
        (Some("base64" | "base64url"), _) => "byte",
        (None, Some(media)) if !is_textual(media) => "binary",
        _ => return,
    };
    map.insert("type".to_owned(), Value::String("string".to_owned()));
    map.insert("format".to_owned(), Value::String(format.to_owned()));
}

/// Media types whose values are text in a JSON string.
fn is_textual(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || essence.ends_with("json")
        || essence.ends_with("+xml")
        || essence == "application/xml"
        || essence == "application/x-www-form-urlencoded"
}
