//! One construct per test: a small 3.1 JSON document in, the translated JSON (or what it
//! lowers to) out.

use super::*;
use serde_json::json;

fn doc(schemas: Value) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": schemas},
    })
}

/// Translates `doc` and returns it with the warnings' messages.
fn run(mut doc: Value) -> (Value, Vec<String>) {
    let warnings = translate(&mut doc, "t.json").expect("translates");
    (doc, warnings.into_iter().map(|w| w.message).collect())
}

/// The translated schema `name` of a document made of `schemas`.
fn schema(schemas: Value, name: &str) -> (Value, Vec<String>) {
    let (doc, warnings) = run(doc(schemas));
    let at = format!("/components/schemas/{name}");
    (doc.pointer(&at).cloned().unwrap_or(Value::Null), warnings)
}

/// The document, loaded through the whole reader (3.1 translation, normalisation,
/// `openapiv3`) and lowered.
fn lowered(doc: &Value) -> crate::lower::Lowered {
    let text = serde_json::to_string(doc).expect("serialises");
    let loaded = crate::load::load_bytes(text.as_bytes(), "t.json", "t", true).expect("loads");
    crate::lower::lower(&loaded).expect("lowers")
}

#[test]
fn type_lists_with_null_are_nullable() {
    let (s, warnings) = schema(
        json!({"S": {"type": "object", "properties": {
            "a": {"type": ["string", "null"], "maxLength": 3},
            "b": {"type": ["null", "integer"]},
            "c": {"type": "null"},
            "d": {"type": ["integer", "number"]},
            "e": {"type": ["string"]}
        }}}),
        "S",
    );
    let p = &s["properties"];
    assert_eq!(
        p["a"],
        json!({"type": "string", "nullable": true, "maxLength": 3})
    );
    assert_eq!(p["b"], json!({"type": "integer", "nullable": true}));
    assert_eq!(p["c"], json!({"nullable": true}));
    assert_eq!(p["d"], json!({"type": "number"}));
    assert_eq!(p["e"], json!({"type": "string"}));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn several_types_are_alternatives() {
    let (s, warnings) = schema(
        json!({"S": {"type": ["string", "integer", "null"], "description": "d", "maxLength": 3, "minimum": 1, "format": "int64"}}),
        "S",
    );
    assert_eq!(
        s,
        json!({"nullable": true, "description": "d", "anyOf": [
            {"type": "string", "maxLength": 3},
            {"type": "integer", "minimum": 1, "format": "int64"}
        ]})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn several_types_with_an_enum_are_any_value_with_a_warning() {
    let (s, warnings) = schema(
        json!({"S": {"type": ["string", "integer"], "enum": ["a", 1]}}),
        "S",
    );
    assert_eq!(s, json!({"enum": ["a", 1]}));
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with(SEVERAL_TYPES), "{warnings:?}");
}

#[test]
fn null_alternatives_make_the_rest_nullable() {
    let (doc, warnings) = run(doc(json!({
        "Ref": {"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"},
        "Inline": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}], "title": "When", "default": null},
        "Clash": {"anyOf": [{"type": "string", "description": "inner"}, {"type": "null"}], "description": "outer"},
        "Two": {"anyOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]},
        "OnlyNull": {"anyOf": [{"type": "null"}, {"const": null}]},
        "T": {"type": "object"}
    })));
    let s = |name: &str| doc["components"]["schemas"][name].clone();
    assert_eq!(
        s("Ref"),
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "description": "d"})
    );
    assert_eq!(
        s("Inline"),
        json!({"type": "string", "format": "date", "nullable": true, "title": "When", "default": null})
    );
    assert_eq!(
        s("Clash"),
        json!({"allOf": [{"type": "string", "description": "inner"}], "nullable": true, "description": "outer"})
    );
    assert_eq!(
        s("Two"),
        json!({"anyOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
    );
    assert_eq!(s("OnlyNull"), json!({"nullable": true}));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn null_in_enum_and_const_are_read_as_30() {
    let (doc, _) = run(doc(json!({
        "E": {"type": ["string", "null"], "enum": ["a", "b", null]},
        "K": {"type": "string", "const": "fixed"},
        "Kn": {"const": null},
        "Both": {"type": "string", "const": "a", "enum": ["a", "b"]}
    })));
    let s = |name: &str| doc["components"]["schemas"][name].clone();
    assert_eq!(
        s("E"),
        json!({"type": "string", "nullable": true, "enum": ["a", "b", null]})
    );
    assert_eq!(s("K"), json!({"type": "string", "enum": ["fixed"]}));
    assert_eq!(s("Kn"), json!({"nullable": true, "enum": [null]}));
    // `const` narrows an `enum` beside it; the enum keeps its values (the narrowing is the
    // server's business, every value still reads).
    assert_eq!(s("Both"), json!({"type": "string", "enum": ["a", "b"]}));
}

#[test]
fn schema_examples_become_example_and_media_examples_stay() {
    let mut d = doc(
        json!({"S": {"type": "integer", "examples": [2, 3]}, "Kept": {"type": "integer", "example": 1, "examples": [5]}}),
    );
    d["paths"] = json!({"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"type": "string"}, "examples": {"one": {"value": "x"}}}}}}}}});
    let (d, _) = run(d);
    assert_eq!(
        d["components"]["schemas"]["S"],
        json!({"type": "integer", "example": 2})
    );
    assert_eq!(
        d["components"]["schemas"]["Kept"],
        json!({"type": "integer", "example": 1})
    );
    assert_eq!(
        d.pointer("/paths/~1a/get/responses/200/content/application~1json/examples/one/value"),
        Some(&json!("x"))
    );
}

#[test]
fn numeric_exclusive_bounds_become_30_flags() {
    let (s, warnings) = schema(
        json!({"S": {"type": "object", "properties": {
            "a": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 10},
            "b": {"type": "number", "minimum": 5, "exclusiveMinimum": 1},
            "c": {"type": "number", "minimum": 1, "exclusiveMinimum": 5}
        }}}),
        "S",
    );
    let p = &s["properties"];
    assert_eq!(
        p["a"],
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 10, "exclusiveMaximum": true})
    );
    // The stricter bound wins.
    assert_eq!(p["b"], json!({"type": "number", "minimum": 5}));
    assert_eq!(
        p["c"],
        json!({"type": "number", "minimum": 5, "exclusiveMinimum": true})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn ref_siblings_apply_through_all_of() {
    let (s, warnings) = schema(
        json!({"S": {"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/T", "description": "d", "examples": ["x"]},
            "b": {"$ref": "#/components/schemas/T", "x-note": 1, "$comment": "c"}
        }}, "T": {"type": "string"}}),
        "S",
    );
    assert_eq!(
        s["properties"]["a"],
        json!({"allOf": [{"$ref": "#/components/schemas/T"}], "description": "d", "example": "x"})
    );
    assert_eq!(
        s["properties"]["b"],
        json!({"$ref": "#/components/schemas/T", "x-note": 1, "$comment": "c"})
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn tuples_items_false_and_boolean_schemas() {
    let (s, warnings) = schema(
        json!({"S": {"type": "object", "properties": {
            "pair": {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": false},
            "mixed": {"type": "array", "prefixItems": [{"type": "string"}, {"$ref": "#/components/schemas/S"}]},
            "empty": {"type": "array", "items": false},
            "anything": true,
            "nothing": false
        }, "additionalProperties": false}}),
        "S",
    );
    let p = &s["properties"];
    assert_eq!(
        p["pair"],
        json!({"type": "array", "items": {"type": "number"}})
    );
    assert_eq!(p["mixed"], json!({"type": "array", "items": {}}));
    assert_eq!(p["empty"], json!({"type": "array"}));
    assert_eq!(p["anything"], json!({}));
    assert_eq!(p["nothing"], json!({"not": {}}));
    assert_eq!(s["additionalProperties"], json!(false));
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with(TUPLE));
}

#[test]
fn content_media_type_and_encoding_are_binary_and_byte() {
    let (s, _) = schema(
        json!({"S": {"type": "object", "properties": {
            "file": {"type": "string", "contentMediaType": "application/octet-stream"},
            "photo": {"type": "string", "contentMediaType": "image/png", "contentEncoding": "base64"},
            "html": {"type": "string", "contentMediaType": "text/html"},
            "doc": {"type": "string", "contentMediaType": "application/json"}
        }}}),
        "S",
    );
    let p = &s["properties"];
    assert_eq!(p["file"], json!({"type": "string", "format": "binary"}));
    assert_eq!(p["photo"], json!({"type": "string", "format": "byte"}));
    assert_eq!(p["html"], json!({"type": "string"}));
    assert_eq!(p["doc"], json!({"type": "string"}));
    // A body schema that only names its media type is bytes.
    let mut d = doc(json!({}));
    d["paths"] = json!({"/up": {"post": {"operationId": "up",
        "requestBody": {"content": {"application/octet-stream": {"schema": {"contentMediaType": "application/octet-stream"}}}},
        "responses": {"204": {"description": "ok"}}}}});
    let (d, _) = run(d);
    assert_eq!(
        d.pointer("/paths/~1up/post/requestBody/content/application~1octet-stream/schema"),
        Some(&json!({"type": "string", "format": "binary"}))
    );
}

#[test]
fn defs_become_components_and_references_follow() {
    let mut d = doc(json!({
        "Outer": {"type": "object", "properties": {
            "inner": {"$ref": "#/components/schemas/Outer/$defs/Inner"},
            "deep": {"$ref": "#/components/schemas/Outer/$defs/Inner/properties/n"},
            "taken": {"$ref": "#/components/schemas/Outer/$defs/Taken"}
        }, "$defs": {
            "Inner": {"type": "object", "properties": {"n": {"type": "integer"}}},
            "Taken": {"type": "string"}
        }},
        "Taken": {"type": "integer"}
    }));
    d["$defs"] = json!({"Top": {"type": "boolean"}});
    d["paths"] = json!({"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/$defs/Top"}}}}}}}});
    let (d, warnings) = run(d);
    let schemas = &d["components"]["schemas"];
    assert_eq!(
        schemas["Inner"],
        json!({"type": "object", "properties": {"n": {"type": "integer"}}})
    );
    assert_eq!(schemas["OuterTaken"], json!({"type": "string"}));
    assert_eq!(schemas["Top"], json!({"type": "boolean"}));
    let outer = &schemas["Outer"];
    assert!(outer.get("$defs").is_none());
    assert_eq!(
        outer["properties"]["inner"]["$ref"],
        "#/components/schemas/Inner"
    );
    assert_eq!(
        outer["properties"]["deep"]["$ref"],
        "#/components/schemas/Inner/properties/n"
    );
    assert_eq!(
        outer["properties"]["taken"]["$ref"],
        "#/components/schemas/OuterTaken"
    );
    assert_eq!(
        d.pointer("/paths/~1a/get/responses/200/content/application~1json/schema/$ref"),
        Some(&json!("#/components/schemas/Top"))
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn unenforced_keywords_warn_and_identifiers_go() {
    let (s, warnings) = schema(
        json!({"S": {
            "$id": "https://example.com/s", "$anchor": "s", "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "string"}},
            "dependentRequired": {"a": ["b"]},
            "unevaluatedProperties": false,
            "if": {"required": ["a"]}, "then": {"required": ["b"]}
        }}),
        "S",
    );
    assert!(s.get("$id").is_none() && s.get("$anchor").is_none() && s.get("$schema").is_none());
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    assert!(warnings.iter().all(|w| w.starts_with(NOT_ENFORCED)));
    assert!(warnings[0].contains("`dependentRequired`"), "{warnings:?}");
}

#[test]
fn document_level_constructs() {
    let (d, warnings) = run(json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1", "summary": "Short", "license": {"name": "MIT", "identifier": "MIT"}},
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "webhooks": {"ping": {"$ref": "#/components/pathItems/Ping"}, "gone": {"$ref": "#/components/pathItems/Gone"}},
        "components": {"pathItems": {"Ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}}}}}}
    }));
    assert_eq!(d["paths"], json!({}));
    assert_eq!(d["info"]["description"], "Short");
    assert!(d.get("jsonSchemaDialect").is_none());
    assert!(d["components"].get("pathItems").is_none());
    assert_eq!(
        d.pointer("/webhooks/ping/post/requestBody/content/application~1json/schema"),
        Some(&json!({"type": "string", "nullable": true}))
    );
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with(DIALECT));
    assert!(warnings[1].starts_with(REFERENCE));
    // The default dialect is no news.
    let (_, warnings) = run(
        json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base"}),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn every_warning_starts_with_a_listed_kind() {
    let (_, warnings) = run(doc(json!({
        "A": {"type": ["string", "integer"], "enum": ["a", 1]},
        "B": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
        "C": {"type": "object", "propertyNames": {"pattern": "^a"}, "$dynamicRef": "#meta"}
    })));
    assert_eq!(warnings.len(), 4, "{warnings:?}");
    for w in &warnings {
        assert!(
            WARNING_KINDS
                .iter()
                .any(|k| w.starts_with(&format!("{k}: "))),
            "{w}"
        );
    }
}

#[test]
fn webhooks_without_paths_lower_to_parse_targets() {
    let lowered = lowered(&json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "webhooks": {
            "case.updated": {"post": {"summary": "A case changed",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Case"}}}},
                "responses": {"200": {"description": "ok"}}}},
            "ping": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"at": {"type": ["string", "null"]}}}}}}}},
            "raw": {"post": {"requestBody": {"content": {"application/octet-stream": {}}}}}
        },
        "components": {"schemas": {"Case": {"type": "object", "properties": {"id": {"type": "string"}}}}}
    }));
    let api = &lowered.api;
    assert!(api.operations.is_empty());
    let hooks: Vec<(&str, &str)> = api
        .webhooks
        .iter()
        .map(|w| (w.name.as_str(), w.fn_name.as_str()))
        .collect();
    assert_eq!(
        hooks,
        [
            ("case.updated", "parse_case_updated"),
            ("ping", "parse_ping"),
            ("raw", "parse_raw")
        ]
    );
    let body = |i: usize| api.webhooks[i].body.as_ref().map(|b| b.ty.clone());
    assert_eq!(body(0), Some(crate::ir::TypeRef::Named("Case".into())));
    assert_eq!(
        body(1),
        Some(crate::ir::TypeRef::Named("PingWebhookBody".into()))
    );
    assert_eq!(
        api.webhooks[0].docs.summary.as_deref(),
        Some("A case changed")
    );
    assert!(
        lowered.warnings.iter().any(|w| w.pointer
            == "/webhooks/raw/post/requestBody/content/application~1octet-stream"
            && w.message.contains("not JSON")),
        "{:?}",
        lowered.warnings
    );
    let code = crate::generate::api_whole(api);
    assert!(code.contains("pub mod webhooks"), "{code}");
    assert!(code.contains("pub fn parse_case_updated("), "{code}");
    assert!(!code.contains("pub fn parse_raw("), "{code}");
}

#[test]
fn same_meaning_lowers_to_the_same_ir_as_30() {
    let v30 = json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {
            "S": {"type": "object", "required": ["n"], "properties": {
                "n": {"type": "integer", "minimum": 0, "exclusiveMinimum": true, "example": 3},
                "s": {"type": "string", "nullable": true, "enum": ["a", null]},
                "r": {"allOf": [{"$ref": "#/components/schemas/T"}], "nullable": true, "description": "d"},
                "k": {"type": "string", "enum": ["only"]},
                "u": {"type": "string", "format": "date", "nullable": true}
            }},
            "T": {"type": "object", "properties": {"x": {"type": "boolean"}}}
        }}
    });
    let v31 = json!({
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "components": {"schemas": {
            "S": {"type": "object", "required": ["n"], "properties": {
                "n": {"type": "integer", "exclusiveMinimum": 0, "examples": [3]},
                "s": {"type": ["string", "null"], "enum": ["a", null]},
                "r": {"oneOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"},
                "k": {"type": "string", "const": "only"},
                "u": {"anyOf": [{"type": "string", "format": "date"}, {"type": "null"}]}
            }},
            "T": {"type": "object", "properties": {"x": {"type": "boolean"}}}
        }}
    });
    let (a, b) = (lowered(&v30), lowered(&v31));
    assert_eq!(a.api.types, b.api.types);
    assert_eq!(a.api.examples, b.api.examples);
    assert!(b.warnings.is_empty(), "{:?}", b.warnings);
}

#[test]
fn anchor_references_become_pointers() {
    let mut d = doc(json!({
        "Money": {"$anchor": "money", "type": "object", "properties": {"amount": {"type": "integer"}}},
        "Order": {"type": "object", "properties": {"total": {"$ref": "#money"}, "other": {"$ref": "#nowhere"}}}
    }));
    d["paths"] = json!({"/o": {"get": {"operationId": "o", "responses": {"200": {"description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#money"}, "example": {"$ref": "#money"}}}}}}}});
    let (d, _) = run(d);
    let order = &d["components"]["schemas"]["Order"]["properties"];
    assert_eq!(order["total"]["$ref"], "#/components/schemas/Money");
    assert_eq!(order["other"]["$ref"], "#nowhere");
    assert!(d["components"]["schemas"]["Money"].get("$anchor").is_none());
    let media = &d["paths"]["/o"]["get"]["responses"]["200"]["content"]["application/json"];
    assert_eq!(media["schema"]["$ref"], "#/components/schemas/Money");
    // Examples are data.
    assert_eq!(media["example"]["$ref"], "#money");
}
