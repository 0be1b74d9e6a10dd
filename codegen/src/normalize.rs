//! Repairs for quirks of real-world documents that `openapiv3` is stricter about than the
//! OpenAPI specification or common practice. Each repair happens on the JSON value before typed
//! parsing and is reported as a warning naming the JSON pointer it touched.
//!
//! The walk follows the places where the specification puts schemas, parameters, request
//! bodies and responses, so a property that happens to be called `$ref` or `required` is never
//! mistaken for a keyword, and examples are never touched. The repairs:
//!
//! - a schema `$ref` with sibling keywords (`readOnly`, `nullable`, `description`, ...), which
//!   OpenAPI 3.0 says to ignore and `openapiv3` drops: the reference moves into `allOf`, so the
//!   siblings apply;
//! - a request body, response or parameter `$ref` with siblings (`required: true` beside a
//!   request body reference): the referenced object is copied in place with the siblings on top;
//! - an operation without `responses`: an empty map;
//! - a response without `description`: an empty one;
//! - a parameter or header with neither `schema` nor `content`: a string schema;
//! - a `type` list (`[string, "null"]`, OpenAPI 3.1 style): the one type plus `nullable`;
//! - a numeric `exclusiveMinimum`/`exclusiveMaximum` (3.1 style): `minimum`/`maximum` plus
//!   the boolean flag;
//! - `required: true` on a property schema (Swagger 2 style): the property joins its object's
//!   `required` list;
//! - `type: int64` (also `int32`, `float`, `double`): the format's type plus that `format`.

use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{Map, Value};

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Schema keywords that hold one schema.
const SCHEMA_KEYWORDS: &[&str] = &["items", "not", "additionalProperties"];

/// Schema keywords that hold a list of schemas.
const SCHEMA_LIST_KEYWORDS: &[&str] = &["allOf", "anyOf", "oneOf"];

/// Nesting beyond which the walk stops; the parsers refuse deeper documents anyway.
const MAX_DEPTH: usize = 256;

/// Applies every repair to `raw` in place and returns one warning per change.
pub fn normalize(raw: &mut Value, file: &str) -> Vec<Diagnostic> {
    let mut n = Normalizer {
        file,
        warnings: Vec::new(),
        inline: Vec::new(),
    };
    n.document(raw);
    n.inline_references(raw);
    n.warnings
}

/// What kind of component a `$ref` with siblings points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Parameter,
    RequestBody,
    Response,
}

impl Kind {
    fn section(self) -> &'static str {
        match self {
            Kind::Parameter => "parameters",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
        }
    }
}

struct Normalizer<'a> {
    file: &'a str,
    warnings: Vec<Diagnostic>,
    /// Non-schema `$ref`s with siblings, replaced once the walk is done.
    inline: Vec<(String, Kind)>,
}

fn keys_of(map: &Map<String, Value>, skip: &str) -> Vec<String> {
    map.keys()
        .filter(|k| k.as_str() != skip && !k.starts_with("x-"))
        .cloned()
        .collect()
}

fn list(keys: &[String]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Normalizer<'_> {
    fn warn(&mut self, pointer: &str, message: String) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    fn document(&mut self, raw: &mut Value) {
        let Some(root) = raw.as_object_mut() else {
            return;
        };
        // Webhooks (3.1, or 3.0's `x-webhooks` extension) are path items too.
        for section in ["paths", "webhooks", "x-webhooks"] {
            if let Some(items) = root.get_mut(section).and_then(Value::as_object_mut) {
                let base = pointer_push("", section);
                for (key, item) in items.iter_mut() {
                    self.path_item(item, &pointer_push(&base, key));
                }
            }
        }
        if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
            self.components(components);
        }
    }

    fn components(&mut self, components: &mut Map<String, Value>) {
        let each = |components: &mut Map<String, Value>,
                    section: &str,
                    f: &mut dyn FnMut(&mut Value, &str)| {
            if let Some(map) = components.get_mut(section).and_then(Value::as_object_mut) {
                let base = pointer_push("/components", section);
                for (key, value) in map.iter_mut() {
                    f(value, &pointer_push(&base, key));
                }
            }
        };
        each(components, "schemas", &mut |v, at| self.schema(v, at, 0));
        each(components, "parameters", &mut |v, at| {
            self.parameter(v, at, false)
        });
        each(components, "requestBodies", &mut |v, at| {
            self.request_body(v, at, false)
        });
        each(components, "responses", &mut |v, at| {
            self.response(v, at, false)
        });
        each(components, "headers", &mut |v, at| self.header(v, at));
    }

    fn path_item(&mut self, item: &mut Value, at: &str) {
        let Some(item) = item.as_object_mut() else {
            return;
        };
        if let Some(params) = item.get_mut("parameters").and_then(Value::as_array_mut) {
            let base = pointer_push(at, "parameters");
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &pointer_push(&base, &i.to_string()), true);
            }
        }
        for method in METHODS {
            if let Some(op) = item.get_mut(*method) {
                self.operation(op, &pointer_push(at, method));
            }
        }
    }

    fn operation(&mut self, op: &mut Value, at: &str) {
        let Some(op) = op.as_object_mut() else {
            return;
        };
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            let base = pointer_push(at, "parameters");
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &pointer_push(&base, &i.to_string()), true);
            }
        }
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &pointer_push(at, "requestBody"), true);
        }
        match op.get_mut("responses") {
            Some(Value::Object(responses)) => {
                let base = pointer_push(at, "responses");
                for (code, response) in responses.iter_mut() {
                    if code.starts_with("x-") {
                        continue;
                    }
                    self.response(response, &pointer_push(&base, code), true);
                }
            }
            Some(_) => {}
            None => {
                op.insert("responses".to_owned(), Value::Object(Map::new()));
                self.warn(
                    at,
                    "the operation has no `responses`, which OpenAPI requires; it is read as documenting none".to_owned(),
                );
            }
        }
    }

    /// Records a non-schema `$ref` with siblings for inlining; true when `value` is a `$ref`.
    fn reference(&mut self, value: &Value, at: &str, kind: Kind, may_inline: bool) -> bool {
        let Some(map) = value.as_object() else {
            return false;
        };
        if !map.contains_key("$ref") {
            return false;
        }
        if may_inline && !keys_of(map, "$ref").is_empty() {
            self.inline.push((at.to_owned(), kind));
        }
        true
    }

    fn parameter(&mut self, p: &mut Value, at: &str, may_inline: bool) {
        if self.reference(p, at, Kind::Parameter, may_inline) {
            return;
        }
        self.parameter_like(p, at);
    }

    fn header(&mut self, h: &mut Value, at: &str) {
        if h.get("$ref").is_some() {
            return;
        }
        self.parameter_like(h, at);
    }

    /// A parameter or header object: `schema` or `content`.
    fn parameter_like(&mut self, p: &mut Value, at: &str) {
        let Some(map) = p.as_object_mut() else {
            return;
        };
        if !map.contains_key("schema") && !map.contains_key("content") {
            let mut schema = Map::new();
            schema.insert("type".to_owned(), Value::String("string".to_owned()));
            map.insert("schema".to_owned(), Value::Object(schema));
            self.warn(
                at,
                "neither `schema` nor `content` is given; the value is read as a string".to_owned(),
            );
        }
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &pointer_push(at, "schema"), 0);
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &pointer_push(at, "content"));
        }
    }

    fn request_body(&mut self, body: &mut Value, at: &str, may_inline: bool) {
        if self.reference(body, at, Kind::RequestBody, may_inline) {
            return;
        }
        if let Some(content) = body.get_mut("content") {
            self.content(content, &pointer_push(at, "content"));
        }
    }

    fn response(&mut self, response: &mut Value, at: &str, may_inline: bool) {
        if self.reference(response, at, Kind::Response, may_inline) {
            return;
        }
        let Some(map) = response.as_object_mut() else {
            return;
        };
        if !map.contains_key("description") {
            map.insert("description".to_owned(), Value::String(String::new()));
            self.warn(
                at,
                "the response has no `description`, which OpenAPI requires; it is read as empty"
                    .to_owned(),
            );
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &pointer_push(at, "content"));
        }
        if let Some(headers) = map.get_mut("headers").and_then(Value::as_object_mut) {
            let base = pointer_push(at, "headers");
            for (name, h) in headers.iter_mut() {
                self.header(h, &pointer_push(&base, name));
            }
        }
    }

    /// A `content` map: media type -> media type object.
    fn content(&mut self, content: &mut Value, at: &str) {
        let Some(content) = content.as_object_mut() else {
            return;
        };
        for (media, object) in content.iter_mut() {
            if let Some(schema) = object.get_mut("schema") {
                let media_at = pointer_push(at, media);
                self.schema(schema, &pointer_push(&media_at, "schema"), 0);
            }
        }
    }

    fn schema(&mut self, schema: &mut Value, at: &str, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some(map) = schema.as_object_mut() else {
            return;
        };
        if map.contains_key("$ref") {
            let siblings = keys_of(map, "$ref");
            if !siblings.is_empty() {
                self.wrap_reference(map, at, &siblings);
            }
            return;
        }
        self.type_list(map, at);
        self.format_as_type(map, at);
        self.exclusive_bound(map, at, "exclusiveMinimum", "minimum");
        self.exclusive_bound(map, at, "exclusiveMaximum", "maximum");
        if let Some(properties) = map.get_mut("properties").and_then(Value::as_object_mut) {
            let base = pointer_push(at, "properties");
            let mut newly_required = Vec::new();
            for (name, property) in properties.iter_mut() {
                let property_at = pointer_push(&base, name);
                let swagger_flag = property.get("required").and_then(Value::as_bool);
                if let (Some(flag), Some(p)) = (swagger_flag, property.as_object_mut()) {
                    p.remove("required");
                    self.warn(
                        &pointer_push(&property_at, "required"),
                        format!(
                            "`required: {flag}` on a property is Swagger 2 style; {}",
                            if flag {
                                format!("{name:?} is added to the object's `required` list")
                            } else {
                                "it is dropped".to_owned()
                            }
                        ),
                    );
                    if flag {
                        newly_required.push(name.clone());
                    }
                }
                self.schema(property, &property_at, depth + 1);
            }
            if !newly_required.is_empty() {
                let required = map
                    .entry("required")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !required.is_array() {
                    *required = Value::Array(Vec::new());
                }
                if let Value::Array(list) = required {
                    for name in newly_required {
                        if !list.iter().any(|v| v.as_str() == Some(name.as_str())) {
                            list.push(Value::String(name));
                        }
                    }
                }
            }
        }
        for keyword in SCHEMA_KEYWORDS {
            if let Some(sub) = map.get_mut(*keyword) {
                if sub.is_object() {
                    self.schema(sub, &pointer_push(at, keyword), depth + 1);
                }
            }
        }
        for keyword in SCHEMA_LIST_KEYWORDS {
            if let Some(Value::Array(items)) = map.get_mut(*keyword) {
                let base = pointer_push(at, keyword);
                for (i, sub) in items.iter_mut().enumerate() {
                    self.schema(sub, &pointer_push(&base, &i.to_string()), depth + 1);
                }
            }
        }
    }

    /// `{$ref, readOnly: true}` -> `{allOf: [{$ref}], readOnly: true}`.
    fn wrap_reference(&mut self, map: &mut Map<String, Value>, at: &str, siblings: &[String]) {
        let Some(reference) = map.remove("$ref") else {
            return;
        };
        let mut only = Map::new();
        only.insert("$ref".to_owned(), reference);
        map.insert("allOf".to_owned(), Value::Array(vec![Value::Object(only)]));
        self.warn(
            at,
            format!(
                "OpenAPI 3.0 ignores keywords beside `$ref` ({}); the reference is moved into `allOf` so they apply",
                list(siblings)
            ),
        );
    }

    /// `type: [string, "null"]` -> `type: string, nullable: true`.
    fn type_list(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(Value::Array(types)) = map.get("type") else {
            return;
        };
        let names: Vec<String> = types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect();
        let nullable = names.iter().any(|t| t == "null");
        let rest: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
        let message = match rest.as_slice() {
            [one] => {
                map.insert("type".to_owned(), Value::String((*one).clone()));
                format!("`type` is a list (OpenAPI 3.1 style); read as `type: {one}`")
            }
            _ => {
                map.remove("type");
                format!(
                    "`type` is a list of {} types (OpenAPI 3.1 style); the schema is read without a type",
                    rest.len()
                )
            }
        };
        let message = if nullable {
            map.insert("nullable".to_owned(), Value::Bool(true));
            format!("{message} with `nullable: true`")
        } else {
            message
        };
        self.warn(&pointer_push(at, "type"), message);
    }

    /// `type: int64` (a format written as the type) -> `type: integer, format: int64`; the same
    /// for `int32`, `float` and `double`, when no other `format` is given.
    fn format_as_type(&mut self, map: &mut Map<String, Value>, at: &str) {
        let Some(format) = map.get("type").and_then(Value::as_str) else {
            return;
        };
        let typ = match format {
            "int32" | "int64" => "integer",
            "float" | "double" => "number",
            _ => return,
        };
        if map
            .get("format")
            .is_some_and(|f| f.as_str() != Some(format))
        {
            return;
        }
        let format = format.to_owned();
        map.insert("type".to_owned(), Value::String(typ.to_owned()));
        map.insert("format".to_owned(), Value::String(format.clone()));
        self.warnings.push(
            Diagnostic::warning(
                self.file,
                &pointer_push(at, "type"),
                format!("`type: {format}` names a format, not a type; read as `type: {typ}, format: {format}`"),
            )
            .with_hint(format!("write `type: {typ}` and `format: {format}`"))
            .with_kind("format-as-type"),
        );
    }

    /// `exclusiveMinimum: 5` -> `minimum: 5, exclusiveMinimum: true`.
    fn exclusive_bound(&mut self, map: &mut Map<String, Value>, at: &str, flag: &str, bound: &str) {
        let Some(Value::Number(n)) = map.get(flag).cloned() else {
            return;
        };
        map.insert(bound.to_owned(), Value::Number(n.clone()));
        map.insert(flag.to_owned(), Value::Bool(true));
        self.warn(
            &pointer_push(at, flag),
            format!(
                "`{flag}: {n}` is OpenAPI 3.1 style; read as `{bound}: {n}` with `{flag}: true`"
            ),
        );
    }

    /// Replaces each recorded `$ref` with siblings by the object it points at, siblings on top.
    fn inline_references(&mut self, raw: &mut Value) {
        let pending = std::mem::take(&mut self.inline);
        for (at, kind) in pending {
            let Some(Value::Object(here)) = raw.pointer(&at).cloned() else {
                continue;
            };
            let Some(reference) = here.get("$ref").and_then(Value::as_str).map(str::to_owned)
            else {
                continue;
            };
            let Some(mut target) = resolve(raw, &reference, kind) else {
                // Lowering reports the dangling or external reference.
                continue;
            };
            let siblings = keys_of(&here, "$ref");
            for (key, value) in here {
                if key != "$ref" {
                    target.insert(key, value);
                }
            }
            if let Some(slot) = raw.pointer_mut(&at) {
                *slot = Value::Object(target);
            }
            self.warn(
                &at,
                format!(
                    "a Reference Object ignores keywords beside `$ref` ({}); {reference} is copied here so they apply",
                    list(&siblings)
                ),
            );
        }
    }
}

/// The object a local `#/components/<section>/<key>` reference ends at, following chains.
fn resolve(raw: &Value, reference: &str, kind: Kind) -> Option<Map<String, Value>> {
    let mut reference = reference.to_owned();
    for _ in 0..16 {
        let pointer = reference.strip_prefix('#')?;
        let prefix = format!("/components/{}/", kind.section());
        if !pointer.starts_with(&prefix) {
            return None;
        }
        let target = raw.pointer(pointer)?.as_object()?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next.to_owned(),
            None => return Some(target.clone()),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(mut doc: Value) -> (Value, Vec<Diagnostic>) {
        let warnings = normalize(&mut doc, "t.json");
        (doc, warnings)
    }

    fn pointers(warnings: &[Diagnostic]) -> Vec<&str> {
        warnings.iter().map(|w| w.pointer.as_str()).collect()
    }

    fn base(paths: Value, components: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components,
        })
    }

    /// A repaired document must load into `openapiv3` (the reason the repairs exist).
    fn loads(doc: &Value) {
        let text = serde_json::to_string(doc).expect("serialises");
        let loaded = crate::load::load_bytes(text.as_bytes(), "t.json", "t", true);
        assert!(loaded.is_ok(), "{loaded:?}");
    }

    #[test]
    fn schema_ref_siblings_move_into_all_of() {
        let doc = base(
            json!({}),
            json!({"schemas": {
                "Id": {"type": "string"},
                "Memo": {"type": "object", "properties": {
                    "customerId": {"$ref": "#/components/schemas/Id", "readOnly": true, "x-sortable": true},
                    "plain": {"$ref": "#/components/schemas/Id", "x-only-extension": true},
                    "$ref": {"type": "string"}
                }}
            }}),
        );
        let (doc, warnings) = run(doc);
        assert_eq!(
            doc.pointer("/components/schemas/Memo/properties/customerId"),
            Some(
                &json!({"allOf": [{"$ref": "#/components/schemas/Id"}], "readOnly": true, "x-sortable": true})
            )
        );
        // Extensions alone change nothing; a property named `$ref` is a property.
        assert_eq!(
            doc.pointer("/components/schemas/Memo/properties/plain"),
            Some(&json!({"$ref": "#/components/schemas/Id", "x-only-extension": true}))
        );
        assert_eq!(
            pointers(&warnings),
            ["/components/schemas/Memo/properties/customerId"]
        );
        assert!(warnings[0].message.contains("`readOnly`"));
        assert!(!warnings[0].message.contains("x-sortable"));
        loads(&doc);
    }

    #[test]
    fn request_body_ref_siblings_inline_the_target() {
        let doc = base(
            json!({"/kyc/{id}": {"patch": {
                "operationId": "patch",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"$ref": "#/components/requestBodies/Patch", "required": true, "description": "d"},
                "responses": {"204": {"description": "ok"}}
            }}}),
            json!({"requestBodies": {
                "Patch": {"$ref": "#/components/requestBodies/Real"},
                "Real": {"content": {"application/json": {"schema": {"type": "object"}}}}
            }}),
        );
        let (doc, warnings) = run(doc);
        assert_eq!(
            doc.pointer("/paths/~1kyc~1{id}/patch/requestBody"),
            Some(
                &json!({"content": {"application/json": {"schema": {"type": "object"}}}, "required": true, "description": "d"})
            )
        );
        assert_eq!(
            pointers(&warnings),
            ["/paths/~1kyc~1{id}/patch/requestBody"]
        );
        // A Reference Object takes no other keywords in OpenAPI 3.0 and 3.1 alike: the
        // warning names no version.
        assert!(
            warnings[0].message.starts_with(
                "a Reference Object ignores keywords beside `$ref` (`required`, `description`)"
            ),
            "{}",
            warnings[0].message
        );
        loads(&doc);
    }

    #[test]
    fn missing_required_members_are_filled_in() {
        let doc = base(
            json!({"/a": {"get": {
                "operationId": "a",
                "parameters": [{"name": "q", "in": "query"}],
            }, "post": {
                "operationId": "b",
                "responses": {"200": {"content": {}}}
            }}}),
            json!({}),
        );
        let (doc, warnings) = run(doc);
        assert_eq!(
            pointers(&warnings),
            [
                "/paths/~1a/get/parameters/0",
                "/paths/~1a/get",
                "/paths/~1a/post/responses/200"
            ]
        );
        assert_eq!(doc.pointer("/paths/~1a/get/responses"), Some(&json!({})));
        assert_eq!(
            doc.pointer("/paths/~1a/get/parameters/0/schema"),
            Some(&json!({"type": "string"}))
        );
        assert_eq!(
            doc.pointer("/paths/~1a/post/responses/200/description"),
            Some(&json!(""))
        );
        loads(&doc);
    }

    #[test]
    fn a_format_written_as_the_type_is_read_as_type_and_format() {
        let doc = base(
            json!({}),
            json!({"schemas": {"S": {"type": "object", "properties": {
                "a": {"type": "int64"},
                "b": {"type": "double", "format": "double"},
                "c": {"type": "int32", "format": "int64"}
            }}}}),
        );
        let (doc, warnings) = run(doc);
        let s = "/components/schemas/S/properties";
        assert_eq!(
            pointers(&warnings),
            [format!("{s}/a/type"), format!("{s}/b/type")]
        );
        assert_eq!(warnings[0].kind, "format-as-type");
        let at = |p: &str| doc.pointer(&format!("{s}/{p}")).cloned();
        assert_eq!(at("a"), Some(json!({"type": "integer", "format": "int64"})));
        assert_eq!(at("b"), Some(json!({"type": "number", "format": "double"})));
        // A format that disagrees leaves the schema for lowering to report.
        assert_eq!(at("c"), Some(json!({"type": "int32", "format": "int64"})));
    }

    #[test]
    fn openapi_31_and_swagger_2_styles_are_read_as_30() {
        let doc = base(
            json!({}),
            json!({"schemas": {"S": {
                "type": "object",
                "properties": {
                    "name": {"type": ["string", "null"], "required": true},
                    "age": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 150},
                    "any": {"type": ["string", "integer"]}
                }
            }}}),
        );
        let (doc, warnings) = run(doc);
        let s = doc.pointer("/components/schemas/S").expect("schema stays");
        assert_eq!(s["required"], json!(["name"]));
        assert_eq!(
            s["properties"]["name"],
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            s["properties"]["age"],
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 150, "exclusiveMaximum": true})
        );
        assert_eq!(s["properties"]["any"], json!({}));
        assert_eq!(warnings.len(), 5, "{warnings:?}");
        loads(&doc);
    }

    #[test]
    fn a_clean_document_is_untouched() {
        let doc = base(
            json!({"/a": {"get": {
                "operationId": "a",
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/S"},
                    "example": {"$ref": "not a reference", "required": true}
                }}}}
            }}}),
            json!({"schemas": {"S": {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}}}}),
        );
        let (after, warnings) = run(doc.clone());
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(after, doc);
    }
}
