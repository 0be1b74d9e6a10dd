//! The spec side of the check: loading the document, its page extensions, the operation the
//! page describes, and walking its schemas by dotted field name.
//!
//! The spec is read as a plain JSON value (not through the generator's loader), so the check
//! sees exactly what is written, `$ref`s and `allOf`s included.
//!
//! Extensions (both ignored by the generator):
//! - `info.x-vendor-page: {url, file, operation?}`: the public page, the saved copy's file name
//!   (looked up in the pages folder), and the `operationId` it documents when the spec has more
//!   than one operation.
//! - `x-page-accepted: [{field, difference?, in?, reason}]` in `info` or on the operation:
//!   differences kept on purpose. `field` is the page's dotted name or a status code,
//!   `difference` a kind (`required`, `enum`, ...), `in` narrows it to `request`, `response` or
//!   one status.

use super::report::Kind;
use codegen::Diagnostic;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::Path;

/// How many `$ref` hops or `allOf` levels are followed before giving up (cycles).
const MAX_DEPTH: usize = 32;

/// The HTTP methods an OpenAPI path item can hold.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The saved vendor page a spec names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorPage {
    /// The public address of the page.
    pub url: Option<String>,
    /// The saved copy's file name, relative to the pages folder.
    pub file: String,
}

/// A difference the spec keeps on purpose.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The page's dotted field name, or the status code.
    pub field: String,
    /// The kind of difference; any kind when absent.
    pub difference: Option<Kind>,
    /// `in`: `request`, `response` or a status code; anywhere when absent.
    pub place: Option<String>,
    /// Why the spec differs.
    pub reason: String,
    /// Where the entry is written.
    pub pointer: String,
}

/// A loaded spec and the operation its page documents.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The file, as shown in messages.
    pub file: String,
    /// The whole document.
    pub doc: Value,
    /// JSON pointer of the operation.
    pub operation: String,
    /// `POST /kyb/case`.
    pub label: String,
    /// `info.x-vendor-page`, when present.
    pub page: Option<VendorPage>,
    /// `x-page-accepted` entries from `info` and the operation.
    pub accepted: Vec<Accepted>,
}

/// Escapes one JSON pointer segment.
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Reads and parses a spec file; errors are diagnostics on `display`.
pub fn load(path: &Path, display: &str) -> Result<Spec, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(display, "", format!("cannot read the spec: {e}"))
            .with_hint("check the path given to --spec or --specs")
    })?;
    let doc: Value = serde_yaml::from_str(&text).map_err(|e| {
        let mut d = Diagnostic::error(display, "", format!("the spec is not YAML or JSON: {e}"))
            .with_hint("fix the syntax; `cargo xtask codegen` reports the same error");
        d.location = e.location().map(|l| (l.line(), l.column()));
        d
    })?;
    from_value(doc, display)
}

/// Builds a [`Spec`] from a parsed document.
pub fn from_value(doc: Value, display: &str) -> Result<Spec, Diagnostic> {
    let page = vendor_page(&doc, display)?;
    let wanted = doc
        .pointer("/info/x-vendor-page/operation")
        .and_then(Value::as_str);
    let operations = operations(&doc);
    let chosen = match wanted {
        Some(id) => operations.iter().find(|op| op.2.as_deref() == Some(id)),
        None if operations.len() == 1 => operations.first(),
        None => None,
    };
    let Some((pointer, label, _)) = chosen.cloned() else {
        let message = match wanted {
            Some(id) => format!("no operation has operationId {id:?}"),
            None => format!(
                "the spec has {} operations; the check compares one",
                operations.len()
            ),
        };
        return Err(Diagnostic::error(display, "/info/x-vendor-page", message)
            .with_hint("name the page's operation in `info.x-vendor-page.operation`"));
    };
    let mut accepted = accepted_list(&doc, "/info/x-page-accepted", display)?;
    accepted.extend(accepted_list(
        &doc,
        &format!("{pointer}/x-page-accepted"),
        display,
    )?);
    Ok(Spec {
        file: display.to_owned(),
        doc,
        operation: pointer,
        label,
        page,
        accepted,
    })
}

/// Every operation as (pointer, `METHOD /path`, operationId), in document order.
fn operations(doc: &Value) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        for method in METHODS {
            if let Some(op) = item.get(method) {
                out.push((
                    format!("/paths/{}/{method}", escape(path)),
                    format!("{} {path}", method.to_ascii_uppercase()),
                    op.get("operationId")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                ));
            }
        }
    }
    out
}

/// Reads `info.x-vendor-page`.
fn vendor_page(doc: &Value, display: &str) -> Result<Option<VendorPage>, Diagnostic> {
    let Some(value) = doc.pointer("/info/x-vendor-page") else {
        return Ok(None);
    };
    let file = value
        .get("file")
        .and_then(Value::as_str)
        .filter(|f| !f.is_empty());
    let Some(file) = file else {
        return Err(Diagnostic::error(
            display,
            "/info/x-vendor-page",
            "`x-vendor-page` needs `file`, the saved page's file name",
        )
        .with_hint("write `x-vendor-page: {url: https://..., file: vendor-page.md}`"));
    };
    Ok(Some(VendorPage {
        url: value.get("url").and_then(Value::as_str).map(str::to_owned),
        file: file.to_owned(),
    }))
}

/// Reads one `x-page-accepted` list.
fn accepted_list(doc: &Value, at: &str, display: &str) -> Result<Vec<Accepted>, Diagnostic> {
    let Some(value) = doc.pointer(at) else {
        return Ok(Vec::new());
    };
    let hint = "write `- {field: name, difference: required, in: response, reason: why}` \
                (difference and in optional)";
    let Some(items) = value.as_array() else {
        return Err(
            Diagnostic::error(display, at, "`x-page-accepted` must be a list").with_hint(hint),
        );
    };
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let here = format!("{at}/{i}");
        let text = |key: &str| match item.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let (Some(field), Some(reason)) = (text("field"), text("reason")) else {
            return Err(Diagnostic::error(
                display,
                &here,
                "an accepted difference needs `field` and `reason`",
            )
            .with_hint(hint));
        };
        if reason.trim().is_empty() {
            return Err(Diagnostic::error(display, &here, "the reason is empty")
                .with_hint("say why the spec differs from the page"));
        }
        let difference = match text("difference") {
            None => None,
            Some(name) => Some(Kind::from_name(&name).ok_or_else(|| {
                Diagnostic::error(display, &here, format!("unknown difference {name:?}"))
                    .with_hint(format!("use one of: {}", Kind::names().join(", ")))
            })?),
        };
        out.push(Accepted {
            field,
            difference,
            place: text("in"),
            reason: reason.trim().to_owned(),
            pointer: here,
        });
    }
    Ok(out)
}

impl Spec {
    /// Follows `$ref`s from `pointer`; the pointer and value reached.
    pub fn resolve(&self, pointer: &str) -> Option<(String, &Value)> {
        let mut at = pointer.to_owned();
        for _ in 0..MAX_DEPTH {
            let value = self.doc.pointer(&at)?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(target) => at = target.strip_prefix('#')?.to_owned(),
                None => return Some((at, value)),
            }
        }
        None
    }

    /// The JSON schema pointer of the request body.
    pub fn request_schema(&self) -> Option<String> {
        self.body_schema(&format!("{}/requestBody", self.operation))
    }

    /// The JSON schema pointer of the response for `status`.
    pub fn response_schema(&self, status: &str) -> Option<String> {
        self.body_schema(&format!("{}/responses/{status}", self.operation))
    }

    /// The operation's response keys, in document order.
    pub fn statuses(&self) -> Vec<String> {
        self.doc
            .pointer(&format!("{}/responses", self.operation))
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The lowest 2xx status the spec declares.
    pub fn success_status(&self) -> Option<String> {
        let mut statuses: Vec<String> = self
            .statuses()
            .into_iter()
            .filter(|s| s.starts_with('2'))
            .collect();
        statuses.sort();
        statuses.into_iter().next()
    }

    /// The JSON media type's schema under a request body or response.
    fn body_schema(&self, holder: &str) -> Option<String> {
        let (at, value) = self.resolve(holder)?;
        let content = value.get("content")?.as_object()?;
        let media = content
            .keys()
            .find(|k| k.as_str() == "application/json")
            .or_else(|| content.keys().find(|k| k.contains("json")))?;
        content.get(media)?.get("schema")?;
        Some(format!("{at}/content/{}/schema", escape(media)))
    }

    /// The object behind `pointer` (through `$ref`, array `items` and `allOf`): its properties
    /// with their pointers, its required names, and whether it takes other keys as a map.
    pub fn object(&self, pointer: &str) -> Option<ObjectView> {
        let (mut at, mut value) = self.resolve(pointer)?;
        // Arrays of arrays (and `items` cycles) end after MAX_DEPTH levels.
        for _ in 0..MAX_DEPTH {
            if value.get("items").is_none() || value.get("properties").is_some() {
                break;
            }
            (at, value) = self.resolve(&format!("{at}/items"))?;
        }
        let mut view = ObjectView {
            pointer: at.clone(),
            ..ObjectView::default()
        };
        self.collect(&at, value, &mut view, 0);
        Some(view)
    }

    fn collect(&self, at: &str, value: &Value, view: &mut ObjectView, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        if let Some(props) = value.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                if !view.properties.iter().any(|(n, _)| n == name) {
                    let pointer = format!("{at}/properties/{}", escape(name));
                    view.properties.push((name.clone(), pointer));
                }
            }
        }
        for name in value
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(name) = name.as_str() {
                view.required.insert(name.to_owned());
            }
        }
        match value.get("additionalProperties") {
            Some(Value::Bool(true)) | Some(Value::Object(_)) => view.open_map = true,
            _ => {}
        }
        let typed = value.get("type").is_some()
            || value.get("properties").is_some()
            || value.get("allOf").is_some();
        if !typed && value.get("enum").is_none() {
            view.any = true;
        }
        for (i, _) in value
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some((part_at, part)) = self.resolve(&format!("{at}/allOf/{i}")) {
                self.collect(&part_at, part, view, depth + 1);
            }
        }
        if value.get("allOf").is_some() {
            view.any = false;
        }
    }

    /// Finds the schema of a dotted field name below the schema at `root`.
    pub fn lookup(&self, root: &str, dotted: &str) -> Lookup {
        let mut at = root.to_owned();
        let mut required = false;
        let segments: Vec<&str> = dotted.split('.').collect();
        for (i, segment) in segments.iter().enumerate() {
            let Some(view) = self.object(&at) else {
                return Lookup::Open;
            };
            match view.properties.iter().find(|(n, _)| n == segment) {
                Some((_, pointer)) => {
                    required = view.required.contains(*segment);
                    at = pointer.clone();
                }
                None if view.open_map || view.any => return Lookup::Open,
                None => {
                    return Lookup::Missing {
                        parent: format!("{}/properties", view.pointer),
                        depth: i,
                    }
                }
            }
        }
        Lookup::Found {
            pointer: at,
            required,
        }
    }

    /// Type, format, nullability and enum values of the schema at `pointer`.
    pub fn facts(&self, pointer: &str) -> Facts {
        let own_nullable = self
            .doc
            .pointer(pointer)
            .and_then(|v| v.get("nullable"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let Some((at, value)) = self.resolve(pointer) else {
            return Facts::default();
        };
        let ty = value
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| {
                (value.get("properties").is_some() || value.get("allOf").is_some())
                    .then(|| "object".to_owned())
            });
        let nullable = own_nullable
            || value
                .get("nullable")
                .and_then(Value::as_bool)
                .unwrap_or(false);
        let mut enum_values = enum_of(value);
        if ty.as_deref() == Some("array") {
            if let Some((_, items)) = self.resolve(&format!("{at}/items")) {
                enum_values = enum_of(items);
            }
        }
        Facts {
            ty,
            format: value
                .get("format")
                .and_then(Value::as_str)
                .map(str::to_owned),
            nullable,
            enum_values,
        }
    }

    /// A draft 7 JSON Schema for the schema at `pointer`, with `components/schemas` as
    /// `definitions`.
    pub fn json_schema(&self, pointer: &str) -> Option<Value> {
        let schema = self.doc.pointer(pointer)?;
        let definitions: Map<String, Value> = self
            .doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, s)| (name.clone(), translate(s)))
            .collect();
        Some(json!({ "definitions": definitions, "allOf": [translate(schema)] }))
    }
}

/// The enum values of a schema, as text (`null` for null).
fn enum_of(value: &Value) -> Option<Vec<String>> {
    let values = value.get("enum")?.as_array()?;
    Some(
        values
            .iter()
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
    )
}

/// An object schema seen through `$ref`s, `items` and `allOf`.
#[derive(Debug, Clone, Default)]
pub struct ObjectView {
    /// Where the object is written.
    pub pointer: String,
    /// Properties and their pointers, in document order.
    pub properties: Vec<(String, String)>,
    /// Required property names.
    pub required: BTreeSet<String>,
    /// True when other keys are allowed as map entries (`additionalProperties`).
    pub open_map: bool,
    /// True when the schema says nothing about its shape (any JSON value).
    pub any: bool,
}

/// What a dotted name finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// The property's schema, and whether its object requires it.
    Found {
        /// Pointer of the property's schema.
        pointer: String,
        /// In its object's `required`.
        required: bool,
    },
    /// Segment `depth` (0-based) is not a property of the object at `parent`.
    Missing {
        /// Pointer of the `properties` the name would go into.
        parent: String,
        /// Index of the first missing segment.
        depth: usize,
    },
    /// A map or type-less schema takes any key.
    Open,
}

/// What a schema says about one field.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// `type`, or `object` for a schema with properties or `allOf`.
    pub ty: Option<String>,
    /// `format`.
    pub format: Option<String>,
    /// `nullable: true` on the property or its target.
    pub nullable: bool,
    /// `enum` values (of the items, for an array).
    pub enum_values: Option<Vec<String>>,
}

/// Translates an OpenAPI 3.0 schema object into draft 7 JSON Schema: `$ref`s to
/// `#/components/schemas/X` become `#/definitions/X` (other `$ref`s accept anything),
/// `nullable: true` adds `null` to `type`, boolean `exclusiveMinimum`/`exclusiveMaximum`
/// become numbers, and OpenAPI-only keywords are dropped.
pub fn translate(schema: &Value) -> Value {
    let Some(obj) = schema.as_object() else {
        return schema.clone();
    };
    if let Some(reference) = obj.get("$ref").and_then(Value::as_str) {
        return match reference.strip_prefix("#/components/schemas/") {
            Some(rest) => json!({ "$ref": format!("#/definitions/{rest}") }),
            None => json!({}),
        };
    }
    let mut out = Map::new();
    for (key, value) in obj {
        let translated = match key.as_str() {
            "discriminator" | "xml" | "example" | "externalDocs" | "deprecated" | "nullable" => {
                continue
            }
            k if k.starts_with("x-") => continue,
            "properties" => Value::Object(
                value
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, prop)| (name.clone(), translate(prop)))
                    .collect(),
            ),
            "items" | "not" => translate(value),
            "additionalProperties" if value.is_object() => translate(value),
            "allOf" | "anyOf" | "oneOf" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(translate)
                    .collect(),
            ),
            _ => value.clone(),
        };
        out.insert(key.clone(), translated);
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Bool(exclusive)) = out.get(flag).cloned() {
            out.remove(flag);
            if exclusive {
                if let Some(limit) = out.remove(bound) {
                    out.insert(flag.to_owned(), limit);
                }
            }
        }
    }
    if obj.get("nullable") == Some(&Value::Bool(true)) {
        match out.get("type").cloned() {
            Some(Value::String(ty)) => {
                out.insert("type".to_owned(), json!([ty, "null"]));
            }
            Some(_) => {}
            None => return json!({ "anyOf": [Value::Object(out), { "type": "null" }] }),
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> Spec {
        let doc: Value = serde_yaml::from_str(
            "openapi: 3.0.3
info: {title: t, version: '1', x-vendor-page: {url: 'https://example.com/p', file: p.md},
  x-page-accepted: [{field: '403', difference: status-missing-on-page, reason: sibling pages}]}
paths:
  /a:
    post:
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/In'}}}}
      responses:
        '201': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Out'}}}}
components:
  schemas:
    In: {type: object, required: [a], properties: {a: {type: string}, list: {type: array, items: {$ref: '#/components/schemas/Item'}}}}
    Item: {type: object, properties: {kind: {$ref: '#/components/schemas/Kind'}}}
    Kind: {type: string, enum: [x, y]}
    Out: {allOf: [{$ref: '#/components/schemas/In'}, {type: object, properties: {id: {type: string, nullable: true}}}]}
",
        )
        .expect("yaml");
        from_value(doc, "t.yaml").expect("spec")
    }

    #[test]
    fn reads_the_extensions_and_the_operation() {
        let spec = spec();
        assert_eq!(spec.label, "POST /a");
        assert_eq!(spec.operation, "/paths/~1a/post");
        assert_eq!(spec.page.as_ref().map(|p| p.file.as_str()), Some("p.md"));
        assert_eq!(spec.accepted.len(), 1);
        assert_eq!(spec.accepted[0].difference, Some(Kind::StatusMissingOnPage));
    }

    #[test]
    fn dotted_names_walk_refs_items_and_all_of() {
        let spec = spec();
        let request = spec.request_schema().expect("request");
        assert_eq!(
            spec.lookup(&request, "list.kind"),
            Lookup::Found {
                pointer: "/components/schemas/Item/properties/kind".into(),
                required: false
            }
        );
        let facts = spec.facts("/components/schemas/Item/properties/kind");
        assert_eq!(facts.enum_values, Some(vec!["x".into(), "y".into()]));
        let response = spec.response_schema("201").expect("response");
        assert_eq!(
            spec.lookup(&response, "a"),
            Lookup::Found {
                pointer: "/components/schemas/In/properties/a".into(),
                required: true
            }
        );
        assert!(
            spec.facts("/components/schemas/Out/allOf/1/properties/id")
                .nullable
        );
        assert_eq!(
            spec.lookup(&response, "list.other"),
            Lookup::Missing {
                parent: "/components/schemas/Item/properties".into(),
                depth: 1
            }
        );
    }

    #[test]
    fn cycles_through_items_and_refs_end() {
        let doc = json!({
            "info": {},
            "paths": {"/a": {"post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/A"}}}}}}},
            "components": {"schemas": {
                "A": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                "B": {"$ref": "#/components/schemas/B"}
            }}
        });
        let spec = from_value(doc, "t.yaml").expect("spec");
        let root = spec.request_schema().expect("request");
        assert!(!matches!(spec.lookup(&root, "x.y"), Lookup::Found { .. }));
        assert_eq!(spec.facts("/components/schemas/B"), Facts::default());
    }

    #[test]
    fn bad_extensions_are_diagnostics() {
        let doc =
            json!({"info": {"x-page-accepted": [{"field": "a"}]}, "paths": {"/a": {"get": {}}}});
        let err = from_value(doc, "t.yaml").expect_err("no reason");
        assert_eq!(err.pointer, "/info/x-page-accepted/0");
        let doc = json!({"info": {}, "paths": {"/a": {"get": {}, "post": {}}}});
        let err = from_value(doc, "t.yaml").expect_err("two operations");
        assert!(err.message.contains("2 operations"), "{}", err.message);
    }
}
