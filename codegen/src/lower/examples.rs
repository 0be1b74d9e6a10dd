//! Where a spec documents examples: the JSON pointer of every object with an `example` or
//! `examples` key. The contract registry covers these positions (and what encloses them)
//! only, since a position without an example has nothing to check.

use serde_json::Value;
use std::collections::BTreeSet;

/// Pointers of the objects in `raw` that have an `example` or `examples` key, sorted.
///
/// The walk is blind to structure: a property that happens to be named `example` makes its
/// `properties` object count too. That only ever adds positions, never loses one.
pub fn example_holders(raw: &Value) -> Vec<String> {
    let mut out = BTreeSet::new();
    let mut pointer = String::new();
    walk(raw, &mut pointer, &mut out);
    out.into_iter().collect()
}

fn walk(value: &Value, pointer: &mut String, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("example") || map.contains_key("examples") {
                out.insert(pointer.clone());
            }
            for (key, child) in map {
                if child.is_object() || child.is_array() {
                    descend(key, child, pointer, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                if child.is_object() || child.is_array() {
                    descend(&i.to_string(), child, pointer, out);
                }
            }
        }
        _ => {}
    }
}

fn descend(segment: &str, child: &Value, pointer: &mut String, out: &mut BTreeSet<String>) {
    let len = pointer.len();
    pointer.push('/');
    for c in segment.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
    walk(child, pointer, out);
    pointer.truncate(len);
}

/// Whether the registry needs an entry at `position`: an example sits there, or under it, or
/// at the parameter or header whose `schema` it is.
pub fn needed(holders: &[String], position: &str) -> bool {
    let at_or_after = |p: &str| holders.partition_point(|h| h.as_str() < p);
    if holders
        .get(at_or_after(position))
        .is_some_and(|h| h == position)
    {
        return true;
    }
    let prefix = format!("{position}/");
    if holders
        .get(at_or_after(&prefix))
        .is_some_and(|h| h.starts_with(&prefix))
    {
        return true;
    }
    position.strip_suffix("/schema").is_some_and(|holder| {
        holders
            .get(at_or_after(holder))
            .is_some_and(|h| h == holder)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holders_are_found_and_positions_kept_by_them() {
        let raw = serde_json::json!({
            "paths": {"/a/{id}": {"get": {
                "parameters": [{"name": "id", "in": "path", "example": "x", "schema": {"type": "string"}}],
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"},
                    "examples": {"one": {"value": {"example": 1}}}
                }}}}
            }}},
            "components": {"schemas": {
                "A": {"properties": {"n": {"type": "integer", "example": 3}}},
                "A-b": {"example": {}},
                "B": {"type": "string"}
            }}
        });
        let holders = example_holders(&raw);
        assert_eq!(
            holders,
            [
                "/components/schemas/A-b",
                "/components/schemas/A/properties/n",
                "/paths/~1a~1{id}/get/parameters/0",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json",
                "/paths/~1a~1{id}/get/responses/200/content/application~1json/examples/one/value",
            ]
        );
        let keeps = |p: &str| needed(&holders, p);
        assert!(keeps("/components/schemas/A"));
        assert!(keeps("/components/schemas/A/properties/n"));
        assert!(keeps("/components/schemas/A-b"));
        assert!(!keeps("/components/schemas/B"));
        assert!(keeps("/paths/~1a~1{id}/get/parameters/0/schema"));
        assert!(keeps(
            "/paths/~1a~1{id}/get/responses/200/content/application~1json"
        ));
        assert!(!keeps(
            "/paths/~1a~1{id}/get/responses/201/content/application~1json"
        ));
    }
}
