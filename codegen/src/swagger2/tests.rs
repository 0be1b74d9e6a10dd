//! One test per conversion: a small 2.0 document in, the expected 3.0 parts out.

use super::{convert, Loss};
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{json, Value};

/// A 2.0 document with `host` and `schemes`, plus the given top-level keys.
fn doc(extra: Value) -> Value {
    let mut doc = json!({
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        "host": "api.example.com",
        "schemes": ["https"],
        "paths": {}
    });
    if let (Some(doc), Value::Object(extra)) = (doc.as_object_mut(), extra) {
        doc.extend(extra);
    }
    doc
}

/// A document with one operation, `POST /things`, made of `op` (plus `responses`).
fn with_op(op: Value, extra: Value) -> Value {
    let mut op = op;
    if op.get("responses").is_none() {
        op["responses"] = json!({"204": {"description": "done"}});
    }
    let mut d = doc(extra);
    d["paths"] = json!({"/things": {"post": op}});
    d
}

fn run(mut doc: Value) -> (Value, Vec<Diagnostic>) {
    let warnings = convert(&mut doc, "t.json").expect("the document converts");
    (doc, warnings)
}

fn refused(mut doc: Value) -> Diagnostic {
    match convert(&mut doc, "t.json") {
        Ok(_) => panic!("converted, expected a refusal: {doc:#}"),
        Err(d) => d,
    }
}

fn op(converted: &Value) -> &Value {
    &converted["paths"]["/things"]["post"]
}

/// The messages of the warnings, each checked to start with a kind's prefix.
fn messages(warnings: &[Diagnostic]) -> Vec<String> {
    let prefixes = [
        Loss::Server,
        Loss::CollectionFormat,
        Loss::MediaType,
        Loss::Parameter,
    ]
    .map(Loss::prefix);
    for w in warnings {
        assert_eq!(w.severity, Severity::Warning);
        assert!(
            prefixes
                .iter()
                .any(|p| w.message.starts_with(&format!("{p}: "))),
            "a warning without a kind prefix: {w}"
        );
        assert!(w.hint.is_some(), "a warning without a hint: {w}");
    }
    warnings.iter().map(|w| w.message.clone()).collect()
}

#[test]
fn definitions_become_component_schemas_and_refs_follow() {
    let (out, warnings) = run(doc(json!({
        "definitions": {
            "Pet": {
                "type": "object",
                "discriminator": "kind",
                "properties": {
                    "kind": {"type": "string"},
                    "owner": {"$ref": "#/definitions/Owner", "x-nullable": true},
                    "photo": {"type": "file"},
                    "default": {"$ref": "#/definitions/Owner"},
                    "tags": {"type": "array", "items": {"$ref": "#/definitions/Owner/properties/name"}},
                    "note": {"type": "string", "x-nullable": true, "example": {"$ref": "#/definitions/kept"}}
                }
            },
            "Owner": {"type": "object", "properties": {"name": {"type": "string"}}}
        }
    })));
    assert!(messages(&warnings).is_empty());
    assert_eq!(out["openapi"], "3.0.3");
    assert!(out.get("definitions").is_none() && out.get("swagger").is_none());
    let pet = &out["components"]["schemas"]["Pet"];
    assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
    assert_eq!(
        pet["properties"]["owner"],
        json!({"$ref": "#/components/schemas/Owner", "nullable": true})
    );
    assert_eq!(
        pet["properties"]["default"]["$ref"], "#/components/schemas/Owner",
        "a property called `default` is a schema, not data"
    );
    assert_eq!(
        pet["properties"]["photo"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        pet["properties"]["tags"]["items"]["$ref"],
        "#/components/schemas/Owner/properties/name"
    );
    // An example is data: a `$ref` in it is not a reference.
    assert_eq!(
        pet["properties"]["note"],
        json!({"type": "string", "nullable": true, "example": {"$ref": "#/definitions/kept"}})
    );
}

#[test]
fn a_body_parameter_becomes_the_request_body_per_consumed_media_type() {
    let (out, warnings) = run(with_op(
        json!({
            "consumes": ["application/json", "application/xml"],
            "parameters": [{
                "in": "body", "name": "pet", "description": "The pet.", "required": true,
                "schema": {"$ref": "#/definitions/Pet"}
            }]
        }),
        json!({"consumes": ["text/plain"], "definitions": {"Pet": {"type": "object"}}}),
    ));
    assert!(messages(&warnings).is_empty());
    let schema = json!({"$ref": "#/components/schemas/Pet"});
    assert_eq!(
        op(&out)["requestBody"],
        json!({
            "description": "The pet.",
            "content": {
                "application/json": {"schema": schema},
                "application/xml": {"schema": schema}
            },
            "required": true
        })
    );
    assert!(op(&out).get("parameters").is_none());
    assert!(op(&out).get("consumes").is_none());
}

#[test]
fn a_body_without_consumes_is_json_with_a_warning() {
    let (out, warnings) = run(with_op(
        json!({"parameters": [{"in": "body", "name": "b", "schema": {"type": "string"}}]}),
        json!({}),
    ));
    assert_eq!(
        op(&out)["requestBody"],
        json!({"content": {"application/json": {"schema": {"type": "string"}}}})
    );
    assert_eq!(
        messages(&warnings),
        ["Swagger 2.0 media types: no `consumes` for a body; sent as application/json"]
    );
}

#[test]
fn form_parameters_become_one_object_schema() {
    let (out, warnings) = run(with_op(
        json!({
            "parameters": [
                {"in": "formData", "name": "name", "type": "string", "required": true, "description": "Who.", "maxLength": 20},
                {"in": "formData", "name": "tags", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"},
                {"in": "formData", "name": "age", "type": "integer", "default": 3}
            ]
        }),
        json!({}),
    ));
    assert!(messages(&warnings).is_empty());
    assert_eq!(
        op(&out)["requestBody"],
        json!({
            "content": {"application/x-www-form-urlencoded": {"schema": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 20, "description": "Who."},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "age": {"type": "integer", "default": 3}
                },
                "required": ["name"]
            }}},
            "required": true
        })
    );
}

#[test]
fn a_file_makes_a_multipart_body() {
    let (out, warnings) = run(with_op(
        json!({
            "consumes": ["multipart/form-data", "application/x-www-form-urlencoded"],
            "parameters": [
                {"in": "formData", "name": "file", "type": "file", "required": true},
                {"in": "formData", "name": "ids", "type": "array", "items": {"type": "integer"}}
            ]
        }),
        json!({}),
    ));
    let content = &op(&out)["requestBody"]["content"];
    assert_eq!(
        content
            .as_object()
            .map(|c| c.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["multipart/form-data".to_owned()]),
        "a form that carries a file is multipart only"
    );
    assert_eq!(
        content["multipart/form-data"]["schema"]["properties"]["file"],
        json!({"type": "string", "format": "binary"})
    );
    assert_eq!(
        messages(&warnings),
        ["Swagger 2.0 collectionFormat: form field `ids` is `csv`; form bodies are sent with the field repeated per item (multi)"]
    );
    // A file without a multipart `consumes` is sent as multipart all the same, with a warning.
    let (out, warnings) = run(with_op(
        json!({
            "consumes": ["application/json"],
            "parameters": [{"in": "formData", "name": "file", "type": "file"}]
        }),
        json!({}),
    ));
    assert!(op(&out)["requestBody"]["content"]["multipart/form-data"].is_object());
    assert!(
        messages(&warnings)[0].starts_with("Swagger 2.0 media types: form parameters with a file")
    );
}

#[test]
fn collection_formats_become_styles() {
    let array = |name: &str, location: &str, format: &str| json!({"in": location, "name": name, "type": "array", "items": {"type": "string"}, "collectionFormat": format});
    let (out, warnings) = run(with_op(
        json!({"parameters": [
            array("csv", "query", "csv"),
            {"in": "query", "name": "plain", "type": "array", "items": {"type": "integer"}},
            array("multi", "query", "multi"),
            array("ssv", "query", "ssv"),
            array("pipes", "query", "pipes"),
            array("tsv", "query", "tsv"),
            array("X-Csv", "header", "csv"),
            array("X-Pipes", "header", "pipes")
        ]}),
        json!({}),
    ));
    let styles: Vec<(String, Value, Value)> = op(&out)["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or("").to_owned(),
                p["style"].clone(),
                p["explode"].clone(),
            )
        })
        .collect();
    let expected = [
        ("csv", "form", false),
        ("plain", "form", false),
        ("multi", "form", true),
        ("ssv", "spaceDelimited", false),
        ("pipes", "pipeDelimited", false),
        ("tsv", "form", false),
        ("X-Csv", "simple", false),
        ("X-Pipes", "simple", false),
    ]
    .map(|(n, s, e)| (n.to_owned(), json!(s), json!(e)));
    assert_eq!(styles, expected);
    assert_eq!(
        op(&out)["parameters"][0]["schema"],
        json!({"type": "array", "items": {"type": "string"}})
    );
    assert_eq!(
        messages(&warnings),
        [
            "Swagger 2.0 collectionFormat: `tsv` has no OpenAPI 3.0 style; the items are sent comma-separated (csv)",
            "Swagger 2.0 collectionFormat: `pipes` has no OpenAPI 3.0 style in a `header` parameter; the items are sent comma-separated (csv)",
        ]
    );
    assert_eq!(
        warnings[0].pointer,
        "/paths/~1things/post/parameters/5/collectionFormat"
    );
}

#[test]
fn parameter_keywords_move_into_the_schema() {
    let (out, warnings) = run(with_op(
        json!({"parameters": [
            {"in": "query", "name": "limit", "type": "integer", "format": "int32", "minimum": 1,
             "maximum": 100, "exclusiveMaximum": true, "default": 10, "multipleOf": 5,
             "allowEmptyValue": true, "x-example": 20, "x-custom": "kept"},
            {"in": "query", "name": "sort", "type": "string", "enum": ["asc", "desc"], "pattern": "^[a-z]+$"},
            {"in": "query", "name": "ids", "type": "array", "minItems": 1, "uniqueItems": true,
             "items": {"type": "integer", "format": "int64", "maximum": 9}},
            {"in": "path", "name": "id", "type": "string", "x-nullable": true},
            {"in": "header", "name": "X-Untyped"}
        ]}),
        json!({}),
    ));
    let params = &op(&out)["parameters"];
    assert_eq!(
        params[0],
        json!({
            "name": "limit", "in": "query", "allowEmptyValue": true,
            "schema": {"type": "integer", "format": "int32", "default": 10, "maximum": 100,
                       "exclusiveMaximum": true, "minimum": 1, "multipleOf": 5},
            "example": 20, "x-custom": "kept"
        })
    );
    assert_eq!(
        params[1]["schema"],
        json!({"type": "string", "pattern": "^[a-z]+$", "enum": ["asc", "desc"]})
    );
    assert_eq!(
        params[2]["schema"],
        json!({"type": "array", "minItems": 1, "uniqueItems": true,
               "items": {"type": "integer", "format": "int64", "maximum": 9}})
    );
    assert_eq!(
        params[3],
        json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "nullable": true}})
    );
    assert_eq!(params[4]["schema"], json!({"type": "string"}));
    assert_eq!(
        messages(&warnings),
        ["Swagger 2.0 parameters: no `type`; read as `type: string`"]
    );
}

#[test]
fn shared_parameters_stay_components_unless_they_are_bodies() {
    let (out, warnings) = run(doc(json!({
        "parameters": {
            "page": {"in": "query", "name": "page", "type": "integer"},
            "payload": {"in": "body", "name": "payload", "schema": {"$ref": "#/definitions/Thing"}},
            "note": {"in": "formData", "name": "note", "type": "string"}
        },
        "definitions": {"Thing": {"type": "object"}},
        "consumes": ["application/json"],
        "paths": {
            "/things": {
                "parameters": [{"$ref": "#/parameters/note"}, {"$ref": "#/parameters/page"}],
                "put": {"consumes": ["application/x-www-form-urlencoded"],
                        "responses": {"204": {"description": "done"}}},
                "patch": {"consumes": ["application/x-www-form-urlencoded"],
                          "parameters": [{"in": "formData", "name": "note", "type": "integer"}],
                          "responses": {"204": {"description": "done"}}}
            },
            "/other": {
                "post": {"parameters": [{"$ref": "#/parameters/page"}, {"$ref": "#/parameters/payload"}],
                         "responses": {"204": {"description": "done"}}}
            }
        }
    })));
    assert!(messages(&warnings).is_empty());
    assert_eq!(
        out["components"]["parameters"],
        json!({"page": {"name": "page", "in": "query", "schema": {"type": "integer"}}})
    );
    let item = &out["paths"]["/things"];
    assert_eq!(
        item["parameters"],
        json!([{"$ref": "#/components/parameters/page"}])
    );
    let put = &item["put"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(
        put["properties"],
        json!({"note": {"type": "string"}}),
        "the path's form field applies"
    );
    let patch =
        &item["patch"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"];
    assert_eq!(
        patch["properties"],
        json!({"note": {"type": "integer"}}),
        "the operation's own field wins"
    );
    let post = &out["paths"]["/other"]["post"];
    assert_eq!(
        post["parameters"],
        json!([{"$ref": "#/components/parameters/page"}])
    );
    assert_eq!(
        post["requestBody"],
        json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}})
    );
}

#[test]
fn a_body_beside_an_inherited_form_field_is_refused() {
    let mut d = doc(json!({
        "parameters": {"note": {"in": "formData", "name": "note", "type": "string"}},
        "definitions": {"Thing": {"type": "object"}}
    }));
    d["paths"] = json!({"/things": {
        "parameters": [{"$ref": "#/parameters/note"}],
        "post": {"parameters": [{"in": "body", "name": "b", "schema": {"$ref": "#/definitions/Thing"}}],
                 "responses": {"204": {"description": "done"}}}
    }});
    let d = refused(d);
    assert_eq!(d.pointer, "/parameters/note");
    assert!(d.message.contains("beside the `in: body` parameter"), "{d}");
}

#[test]
fn responses_get_content_per_produced_media_type() {
    let (out, warnings) = run(doc(json!({
        "produces": ["application/json"],
        "definitions": {"Error": {"type": "object"}},
        "responses": {
            "NotFound": {"description": "missing", "schema": {"$ref": "#/definitions/Error"}},
            "Empty": {"description": "nothing"}
        },
        "paths": {"/things": {
            "get": {"responses": {
                "200": {"description": "ok", "schema": {"type": "array", "items": {"type": "string"}},
                        "examples": {"application/json": ["a"], "text/csv": "a\n"},
                        "headers": {
                            "X-Rate": {"type": "integer", "description": "Left."},
                            "X-Ids": {"type": "array", "items": {"type": "string"}, "collectionFormat": "pipes"}
                        }},
                "404": {"$ref": "#/responses/NotFound"},
                "409": {"description": "conflict", "examples": {"application/json": {"code": 409}}},
                "default": {"$ref": "#/responses/Empty"}
            }},
            "delete": {"produces": ["text/plain"], "responses": {
                "200": {"description": "ok", "schema": {"type": "file"}},
                "404": {"$ref": "#/responses/NotFound"}
            }}
        }}
    })));
    let get = &out["paths"]["/things"]["get"]["responses"];
    assert_eq!(
        get["200"],
        json!({
            "description": "ok",
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"type": "string"}}, "example": ["a"]}
            },
            "headers": {
                "X-Rate": {"description": "Left.", "schema": {"type": "integer"}},
                "X-Ids": {"style": "simple", "schema": {"type": "array", "items": {"type": "string"}}}
            }
        })
    );
    assert_eq!(
        get["404"],
        json!({"$ref": "#/components/responses/NotFound"})
    );
    assert_eq!(
        get["default"],
        json!({"$ref": "#/components/responses/Empty"})
    );
    assert_eq!(
        out["components"]["responses"]["NotFound"],
        json!({"description": "missing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
    );
    assert_eq!(
        out["components"]["responses"]["Empty"],
        json!({"description": "nothing"})
    );
    // An operation with its own `produces` gets its own copy of a shared response with a body.
    let delete = &out["paths"]["/things"]["delete"]["responses"];
    assert_eq!(
        delete["200"]["content"],
        json!({"text/plain": {"schema": {"type": "string", "format": "binary"}}})
    );
    assert_eq!(
        delete["404"]["content"],
        json!({"text/plain": {"schema": {"$ref": "#/components/schemas/Error"}}})
    );
    assert_eq!(
        messages(&warnings),
        [
            "Swagger 2.0 media types: an example for `text/csv`, which is not in the operation's `produces`; left out",
            "Swagger 2.0 collectionFormat: `pipes` has no OpenAPI 3.0 style in a header; the value is read comma-separated (csv)",
        ]
    );
    assert_eq!(
        warnings[0].pointer,
        "/paths/~1things/get/responses/200/examples/text~1csv"
    );
}

#[test]
fn security_definitions_become_security_schemes() {
    let (out, warnings) = run(doc(json!({
        "securityDefinitions": {
            "basic": {"type": "basic", "description": "User and password."},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "implicit": {"type": "oauth2", "flow": "implicit", "authorizationUrl": "https://a.example/auth", "scopes": {"read": "Read."}},
            "password": {"type": "oauth2", "flow": "password", "tokenUrl": "https://a.example/token"},
            "application": {"type": "oauth2", "flow": "application", "tokenUrl": "https://a.example/token", "scopes": {}},
            "accessCode": {"type": "oauth2", "flow": "accessCode", "authorizationUrl": "https://a.example/auth", "tokenUrl": "https://a.example/token"}
        },
        "security": [{"basic": []}, {"key": []}]
    })));
    assert!(messages(&warnings).is_empty());
    assert_eq!(
        out["components"]["securitySchemes"],
        json!({
            "basic": {"type": "http", "scheme": "basic", "description": "User and password."},
            "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
            "implicit": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a.example/auth", "scopes": {"read": "Read."}}}},
            "password": {"type": "oauth2", "flows": {"password": {"tokenUrl": "https://a.example/token", "scopes": {}}}},
            "application": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://a.example/token", "scopes": {}}}},
            "accessCode": {"type": "oauth2", "flows": {"authorizationCode": {"authorizationUrl": "https://a.example/auth", "tokenUrl": "https://a.example/token", "scopes": {}}}}
        })
    );
    assert_eq!(out["security"], json!([{"basic": []}, {"key": []}]));
    let d = refused(doc(
        json!({"securityDefinitions": {"o": {"type": "oauth2", "flow": "password"}}}),
    ));
    assert_eq!(d.pointer, "/securityDefinitions/o");
    assert!(d.message.contains("needs `tokenUrl`"), "{d}");
}

#[test]
fn host_base_path_and_schemes_become_servers() {
    let mut d = doc(json!({"basePath": "/api/v2/", "schemes": ["http", "https", "wss"]}));
    d["host"] = json!("api.example.com:8443");
    let (out, warnings) = run(d);
    assert_eq!(
        out["servers"],
        json!([
            {"url": "http://api.example.com:8443/api/v2", "description": "http"},
            {"url": "https://api.example.com:8443/api/v2", "description": "https"}
        ])
    );
    assert_eq!(
        messages(&warnings),
        ["Swagger 2.0 servers: scheme `wss` is left out; the client speaks HTTP"]
    );
    // No schemes: https.
    let mut d = doc(json!({}));
    d.as_object_mut().map(|m| m.remove("schemes"));
    let (out, warnings) = run(d);
    assert_eq!(out["servers"], json!([{"url": "https://api.example.com"}]));
    assert!(
        messages(&warnings)[0].starts_with("Swagger 2.0 servers: the document names no `schemes`")
    );
}

#[test]
fn without_a_host_the_origin_is_a_server_variable() {
    let mut d = doc(json!({"basePath": "/v1"}));
    d.as_object_mut().map(|m| m.remove("host"));
    let (out, warnings) = run(d);
    assert_eq!(out["servers"][0]["url"], "{origin}/v1");
    assert_eq!(out["servers"][0]["variables"]["origin"]["default"], "");
    assert_eq!(warnings.len(), 1);
    assert!(messages(&warnings)[0].starts_with("Swagger 2.0 servers: the document names no `host`"));
    // Neither host nor base path: no server at all, the base URL is the user's.
    let mut d = doc(json!({}));
    d.as_object_mut().map(|m| m.remove("host"));
    let (out, warnings) = run(d);
    assert!(out.get("servers").is_none());
    assert_eq!(warnings.len(), 1);
}

#[test]
fn malformed_parameters_are_refused_with_their_place() {
    let two_bodies = with_op(
        json!({"parameters": [
            {"in": "body", "name": "a", "schema": {"type": "string"}},
            {"in": "body", "name": "b", "schema": {"type": "string"}}
        ]}),
        json!({}),
    );
    let d = refused(two_bodies);
    assert_eq!(d.pointer, "/paths/~1things/post/parameters/1");
    assert!(d.message.contains("a second `in: body` parameter"), "{d}");
    let no_schema = with_op(
        json!({"parameters": [{"in": "body", "name": "a"}]}),
        json!({}),
    );
    let d = refused(no_schema);
    assert_eq!(d.pointer, "/paths/~1things/post/parameters/0");
    assert!(d.message.contains("has no `schema`"), "{d}");
    let file_in_query = with_op(
        json!({"parameters": [{"in": "query", "name": "f", "type": "file"}]}),
        json!({}),
    );
    assert_eq!(
        refused(file_in_query).pointer,
        "/paths/~1things/post/parameters/0/type"
    );
    let dangling = with_op(
        json!({"parameters": [{"$ref": "#/parameters/nope"}]}),
        json!({}),
    );
    let d = refused(dangling);
    assert_eq!(d.pointer, "/paths/~1things/post/parameters/0/$ref");
    assert!(d.message.contains("does not exist"), "{d}");
    let bad_in = with_op(
        json!({"parameters": [{"in": "cookie", "name": "c", "type": "string"}]}),
        json!({}),
    );
    assert_eq!(
        refused(bad_in).pointer,
        "/paths/~1things/post/parameters/0/in"
    );
    for d in [
        refused(json!({"swagger": "2.0", "info": {}})),
        refused(json!(["swagger"])),
    ] {
        assert!(d.hint.is_some(), "{d}");
    }
}

#[test]
fn a_converted_document_loads_as_openapi_3() {
    let yaml = r##"
swagger: "2.0"
info: {title: Pets, version: "1"}
host: pets.example.com
basePath: /v1
schemes: [https]
consumes: [application/json]
produces: [application/json]
securityDefinitions:
  basic: {type: basic}
paths:
  /pets/{id}:
    parameters:
      - {name: id, in: path, required: true, type: integer, format: int64}
    put:
      operationId: updatePet
      parameters:
        - {name: pet, in: body, required: true, schema: {$ref: "#/definitions/Pet"}}
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: multi}
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/Pet"}}
definitions:
  Pet:
    type: object
    required: [name]
    properties:
      name: {type: string}
      owner: {type: string, x-nullable: true}
"##;
    let document = crate::load::load_bytes(yaml.as_bytes(), "pets.yaml", "pets", false)
        .expect("a 2.0 document loads");
    assert_eq!(document.openapi.openapi, "3.0.3");
    assert_eq!(
        document.openapi.servers[0].url,
        "https://pets.example.com/v1"
    );
    let op = document.openapi.paths.paths["/pets/{id}"]
        .as_item()
        .and_then(|item| item.put.as_ref())
        .expect("the operation");
    assert!(op.request_body.is_some());
    assert_eq!(op.parameters.len(), 1);
}

#[test]
fn pointers_into_the_converted_document_name_the_source() {
    use super::source_pointer;
    let cases = [
        (
            "/components/schemas/Pet/properties/owner",
            "/definitions/Pet/properties/owner",
        ),
        (
            "/components/securitySchemes/basic",
            "/securityDefinitions/basic",
        ),
        (
            "/components/parameters/page/schema/items",
            "/parameters/page/items",
        ),
        ("/components/parameters/page", "/parameters/page"),
        (
            "/components/responses/NotFound/content/application~1json/schema/properties/a",
            "/responses/NotFound/schema/properties/a",
        ),
        (
            "/paths/~1pets/get/responses/200/content/application~1json/schema/items",
            "/paths/~1pets/get/responses/200/schema/items",
        ),
        // A property called `content` inside a response schema is not a media type map.
        (
            "/paths/~1p/get/responses/200/content/text~1plain/schema/properties/content/x/schema",
            "/paths/~1p/get/responses/200/schema/properties/content/x/schema",
        ),
        (
            "/paths/~1pets/get/parameters/0",
            "/paths/~1pets/get/parameters/0",
        ),
        ("", ""),
    ];
    for (converted, source) in cases {
        assert_eq!(source_pointer(converted), source, "{converted}");
    }
}

#[test]
fn repairs_after_the_conversion_name_the_source_once() {
    let yaml = r##"
swagger: "2.0"
info: {title: T, version: "1"}
host: api.example.com
schemes: [https]
produces: [application/json, application/xml]
paths:
  /p:
    get:
      operationId: get
      responses:
        "200": {description: ok, schema: {$ref: "#/definitions/A", description: The A.}}
definitions:
  A:
    type: object
    properties:
      b: {$ref: "#/definitions/A", x-nullable: true}
"##;
    let document =
        crate::load::load_bytes(yaml.as_bytes(), "t.yaml", "t", false).expect("the document loads");
    let pointers: Vec<&str> = document
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1p/get/responses/200/schema",
            "/definitions/A/properties/b"
        ]
    );
}

#[test]
fn without_a_host_the_client_offers_the_base_path_under_any_origin() {
    let specs = tempfile::tempdir().expect("a temporary folder");
    let yaml = r#"
swagger: "2.0"
info: {title: Legacy, version: "1"}
basePath: /api/v2.0
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "204": {description: ok}
"#;
    std::fs::write(specs.path().join("legacy.yaml"), yaml).expect("write the spec");
    let generated = crate::generate_crate(specs.path(), "specs").expect("the spec generates");
    let code = generated.files.get("src/legacy.rs").expect("the module");
    assert!(
        code.contains("pub const DEFAULT: &str = \"/api/v2.0\";"),
        "{code}"
    );
    assert!(
        code.contains("pub fn default(origin: &str) -> String"),
        "{code}"
    );
    assert!(
        code.contains("const DEFAULT_BASE_URL: &'static str = \"\";"),
        "no made-up default host: {code}"
    );
}

/// Every place of a realistic 2.0 document replaced, one at a time, by a value of each JSON
/// kind: the conversion (and the repairs after it) answer with a document or a diagnostic,
/// never a panic.
#[test]
fn any_single_change_to_a_document_is_converted_or_refused() {
    fn places(value: &Value, at: String, out: &mut Vec<String>) {
        match value {
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| places(v, crate::diagnostic::pointer_push(&at, k), out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| {
                places(v, crate::diagnostic::pointer_push(&at, &i.to_string()), out)
            }),
            _ => {}
        }
        out.push(at);
    }
    let text = include_str!("../../../tests/fixtures/showcase/swagger2.yaml");
    let original: Value = serde_yaml::from_str(text).expect("the fixture parses");
    let mut all = Vec::new();
    places(&original, String::new(), &mut all);
    assert!(all.len() > 200, "only {} places", all.len());
    let replacements = [
        json!(null),
        json!(7),
        json!("x"),
        json!([]),
        json!({}),
        json!({"$ref": "#/definitions/Nope"}),
    ];
    let mut refused = 0;
    for at in all.iter().filter(|p| !p.is_empty()) {
        for replacement in &replacements {
            let mut changed = original.clone();
            if let Some(place) = changed.pointer_mut(at) {
                *place = replacement.clone();
            }
            match convert(&mut changed, "t.json") {
                Ok(_) => {
                    let _ = crate::normalize::normalize(&mut changed, "t.json");
                }
                Err(_) => refused += 1,
            }
        }
    }
    assert!(refused > 0, "some changes must be refused");
}

#[test]
fn a_host_with_a_scheme_and_a_path_is_read_as_meant() {
    let mut d = doc(json!({"basePath": "/v2"}));
    d["host"] = json!("https://api.example.com/gateway/");
    d.as_object_mut().map(|m| m.remove("schemes"));
    let (out, warnings) = run(d);
    assert_eq!(
        out["servers"],
        json!([{"url": "https://api.example.com/gateway/v2"}])
    );
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].pointer, "/host");
    assert!(
        messages(&warnings)[0].starts_with("Swagger 2.0 servers: `host` holds more than a host")
    );
    let mut d = doc(json!({}));
    d["host"] = json!("ftp://files.example.com");
    assert_eq!(refused(d).pointer, "/host");
}
