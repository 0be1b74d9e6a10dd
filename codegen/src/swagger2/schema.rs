//! Schemas: the few keywords 2.0 spells differently, and `$ref`s into the places that moved.

use serde_json::{Map, Value};

/// Where 2.0 references point, and where the same thing lives in 3.0.
const MOVED: &[(&str, &str)] = &[
    ("#/definitions/", "#/components/schemas/"),
    ("#/parameters/", "#/components/parameters/"),
    ("#/responses/", "#/components/responses/"),
];

/// Keys whose values are data, not description: a `$ref` inside them is left as written.
const DATA_KEYS: &[&str] = &["example", "examples", "default", "enum", "x-example"];

/// Keys whose values map names chosen by the author to objects, so a key inside them (a
/// property called `default`, the `default` response) is a name, never a keyword.
const NAME_MAPS: &[&str] = &[
    "properties",
    "paths",
    "responses",
    "schemas",
    "parameters",
    "headers",
    "securitySchemes",
    "content",
    "variables",
];

/// Rewrites a schema in place: `x-nullable` -> `nullable`, `type: file` -> a binary string,
/// a `discriminator` property name -> a discriminator object; the same for every schema
/// inside it.
pub(super) fn fix_schema(schema: &mut Value) {
    let Value::Object(map) = schema else {
        return;
    };
    if let Some(nullable) = map.remove("x-nullable") {
        if nullable.is_boolean() {
            map.insert("nullable".to_owned(), nullable);
        } else {
            map.insert("x-nullable".to_owned(), nullable);
        }
    }
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".to_owned(), Value::from("string"));
        map.insert("format".to_owned(), Value::from("binary"));
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let mut discriminator = Map::new();
        discriminator.insert("propertyName".to_owned(), Value::from(property.as_str()));
        map.insert("discriminator".to_owned(), Value::Object(discriminator));
    }
    for key in ["items", "additionalProperties", "not"] {
        match map.get_mut(key) {
            Some(Value::Array(items)) => items.iter_mut().for_each(fix_schema),
            Some(inner) => fix_schema(inner),
            None => {}
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(items)) = map.get_mut(key) {
            items.iter_mut().for_each(fix_schema);
        }
    }
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        properties.values_mut().for_each(fix_schema);
    }
}

/// Rewrites every `$ref` into `definitions`, `parameters` or `responses` to its place under
/// `components`.
pub(super) fn rewrite_refs(doc: &mut Map<String, Value>) {
    rewrite_in(doc, false);
}

/// `names` says the keys of `map` are names, not keywords.
fn rewrite_in(map: &mut Map<String, Value>, names: bool) {
    for (key, value) in map.iter_mut() {
        if names {
            rewrite_value(value, false);
        } else if key == "$ref" {
            if let Value::String(reference) = value {
                if let Some(moved) = moved(reference) {
                    *reference = moved;
                }
            }
        } else if !DATA_KEYS.contains(&key.as_str()) {
            rewrite_value(value, NAME_MAPS.contains(&key.as_str()));
        }
    }
}

fn rewrite_value(value: &mut Value, names: bool) {
    match value {
        Value::Object(map) => rewrite_in(map, names),
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_value(v, false)),
        _ => {}
    }
}

fn moved(reference: &str) -> Option<String> {
    MOVED.iter().find_map(|(from, to)| {
        reference
            .strip_prefix(from)
            .map(|rest| format!("{to}{rest}"))
    })
}
