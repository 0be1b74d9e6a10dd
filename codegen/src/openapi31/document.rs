//! The document around the schemas: `info`, `jsonSchemaDialect`, a missing `paths`,
//! `components.pathItems`, `$defs`, and the walk to every place that holds a schema.

use super::{Translator, DIALECT, REFERENCE};
use crate::diagnostic::pointer_push;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The dialect OpenAPI 3.1 schemas use unless the document says otherwise.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// How many `$ref` links to `components.pathItems` are followed before giving up (a cycle).
const MAX_LINKS: usize = 16;

/// Nesting beyond which walks stop; the parsers refuse deeper documents anyway.
pub(super) const MAX_DEPTH: usize = 256;

impl Translator<'_> {
    pub(super) fn document(&mut self, raw: &mut Value) {
        let Some(root) = raw.as_object_mut() else {
            return;
        };
        if let Some(dialect) = root.remove("jsonSchemaDialect") {
            if dialect.as_str() != Some(DEFAULT_DIALECT) {
                self.warn(
                    "/jsonSchemaDialect",
                    DIALECT,
                    format!("{dialect} is read as the OpenAPI 3.1 default, {DEFAULT_DIALECT}"),
                );
            }
        }
        // `info.summary` (new in 3.1) documents the API when there is no description.
        if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
            if !info.contains_key("description") {
                if let Some(summary) = info.get("summary").cloned() {
                    info.insert("description".to_owned(), summary);
                }
            }
        }
        // 3.1 makes `paths` optional: a document may describe only webhooks or components.
        if !root.contains_key("paths") {
            root.insert("paths".to_owned(), Value::Object(Map::new()));
        }
        self.inline_path_items(root);
        hoist_defs(root);
        resolve_anchors(root);
        self.walk(root);
    }

    /// Replaces every path item `$ref` to `components.pathItems` (in `paths`, `webhooks` and
    /// callbacks) by the item it names, siblings on top, then drops `components.pathItems`,
    /// which OpenAPI 3.0 does not have.
    fn inline_path_items(&mut self, root: &mut Map<String, Value>) {
        let Some(items) = root
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.remove("pathItems"))
        else {
            return;
        };
        let Value::Object(items) = items else {
            return;
        };
        let mut places: Vec<String> = Vec::new();
        for section in ["paths", "webhooks", "x-webhooks"] {
            if let Some(map) = root.get(section).and_then(Value::as_object) {
                let base = pointer_push("", section);
                places.extend(map.keys().map(|k| pointer_push(&base, k)));
            }
        }
        let mut doc = Value::Object(std::mem::take(root));
        for at in places {
            self.inline_path_item(&mut doc, &at, &items);
        }
        if let Value::Object(map) = doc {
            *root = map;
        }
    }

    fn inline_path_item(&mut self, doc: &mut Value, at: &str, items: &Map<String, Value>) {
        let Some(Value::Object(here)) = doc.pointer_mut(at) else {
            return;
        };
        let mut links = 0;
        while let Some(reference) = here.get("$ref").and_then(Value::as_str).map(str::to_owned) {
            let key = reference
                .strip_prefix("#/components/pathItems/")
                .map(crate::lower::unescape_token);
            let target = key.as_deref().and_then(|k| items.get(k));
            let Some(Value::Object(target)) = target.filter(|_| links < MAX_LINKS) else {
                if reference.starts_with("#/components/pathItems/") || links >= MAX_LINKS {
                    self.warn(
                        at,
                        REFERENCE,
                        format!("{reference} is not an entry of components.pathItems, or the references form a cycle"),
                    );
                }
                return;
            };
            links += 1;
            here.remove("$ref");
            for (key, value) in target {
                here.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
    }

    /// Translates every schema of the document, walking the places OpenAPI puts them.
    fn walk(&mut self, root: &mut Map<String, Value>) {
        for section in ["paths", "webhooks", "x-webhooks"] {
            if let Some(map) = root.get_mut(section).and_then(Value::as_object_mut) {
                let base = pointer_push("", section);
                for (key, item) in map.iter_mut() {
                    self.path_item(item, &pointer_push(&base, key), 0);
                }
            }
        }
        let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) else {
            return;
        };
        for (section, map) in components.iter_mut() {
            let Some(map) = map.as_object_mut() else {
                continue;
            };
            let base = pointer_push("/components", section);
            for (key, value) in map.iter_mut() {
                let at = pointer_push(&base, key);
                match section.as_str() {
                    "schemas" => self.schema(value, &at, 0),
                    "parameters" | "headers" => self.parameter(value, &at, 0),
                    "requestBodies" => self.request_body(value, &at, 0),
                    "responses" => self.response(value, &at, 0),
                    "callbacks" => self.callback(value, &at, 0),
                    _ => {}
                }
            }
        }
    }

    fn path_item(&mut self, item: &mut Value, at: &str, depth: usize) {
        let Some(item) = item.as_object_mut().filter(|_| depth < MAX_DEPTH) else {
            return;
        };
        self.parameters(item, at, depth);
        for method in METHODS {
            if let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) {
                let op_at = pointer_push(at, method);
                self.parameters(op, &op_at, depth);
                if let Some(body) = op.get_mut("requestBody") {
                    self.request_body(body, &pointer_push(&op_at, "requestBody"), depth);
                }
                if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
                    let base = pointer_push(&op_at, "responses");
                    for (code, response) in responses.iter_mut() {
                        self.response(response, &pointer_push(&base, code), depth);
                    }
                }
                if let Some(callbacks) = op.get_mut("callbacks").and_then(Value::as_object_mut) {
                    let base = pointer_push(&op_at, "callbacks");
                    for (name, callback) in callbacks.iter_mut() {
                        self.callback(callback, &pointer_push(&base, name), depth);
                    }
                }
            }
        }
    }

    fn callback(&mut self, callback: &mut Value, at: &str, depth: usize) {
        if let Some(map) = callback.as_object_mut() {
            for (expression, item) in map.iter_mut() {
                self.path_item(item, &pointer_push(at, expression), depth + 1);
            }
        }
    }

    fn parameters(&mut self, owner: &mut Map<String, Value>, at: &str, depth: usize) {
        if let Some(params) = owner.get_mut("parameters").and_then(Value::as_array_mut) {
            let base = pointer_push(at, "parameters");
            for (i, p) in params.iter_mut().enumerate() {
                self.parameter(p, &pointer_push(&base, &i.to_string()), depth);
            }
        }
    }

    /// A parameter or header object: `schema` or `content`.
    fn parameter(&mut self, p: &mut Value, at: &str, depth: usize) {
        let Some(map) = p.as_object_mut() else {
            return;
        };
        if let Some(schema) = map.get_mut("schema") {
            self.schema(schema, &pointer_push(at, "schema"), depth);
        }
        if let Some(content) = map.get_mut("content") {
            self.content(content, &pointer_push(at, "content"), depth);
        }
    }

    fn request_body(&mut self, body: &mut Value, at: &str, depth: usize) {
        if let Some(content) = body.get_mut("content") {
            self.content(content, &pointer_push(at, "content"), depth);
        }
    }

    fn response(&mut self, response: &mut Value, at: &str, depth: usize) {
        let Some(map) = response.as_object_mut() else {
            return;
        };
        if let Some(content) = map.get_mut("content") {
            self.content(content, &pointer_push(at, "content"), depth);
        }
        if let Some(headers) = map.get_mut("headers").and_then(Value::as_object_mut) {
            let base = pointer_push(at, "headers");
            for (name, h) in headers.iter_mut() {
                self.parameter(h, &pointer_push(&base, name), depth);
            }
        }
    }

    fn content(&mut self, content: &mut Value, at: &str, depth: usize) {
        let Some(content) = content.as_object_mut() else {
            return;
        };
        for (media, object) in content.iter_mut() {
            if let Some(schema) = object.get_mut("schema") {
                let media_at = pointer_push(at, media);
                self.schema(schema, &pointer_push(&media_at, "schema"), depth);
            }
        }
    }
}

/// Keys under which a `$defs` key is data, not a keyword.
const DATA_KEYS: &[&str] = &[
    "properties",
    "example",
    "examples",
    "default",
    "enum",
    "const",
    "x-",
];

/// Moves every `$defs` entry into `components.schemas` and points the references at the new
/// place. An entry keeps its key as its name when that is free, else it is prefixed with the
/// component it was defined in (`Parent` + `Child`), else numbered.
pub(super) fn hoist_defs(root: &mut Map<String, Value>) {
    let mut found: Vec<(String, String, Value)> = Vec::new();
    let mut doc = Value::Object(std::mem::take(root));
    collect_defs(&mut doc, "", "", &mut found, 0);
    if let Value::Object(map) = doc {
        *root = map;
    }
    if found.is_empty() {
        return;
    }
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        *components = Value::Object(Map::new());
    }
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if !schemas.is_object() {
        *schemas = Value::Object(Map::new());
    }
    let Some(schemas) = schemas.as_object_mut() else {
        return;
    };
    let mut moved: BTreeMap<String, String> = BTreeMap::new();
    for (pointer, owner, schema) in found {
        let key = pointer.rsplit('/').next().map(crate::lower::unescape_token);
        let key = key.unwrap_or_default();
        let mut candidates = vec![key.clone(), format!("{owner}{key}")];
        candidates.extend((2..).take(1000).map(|n| format!("{owner}{key}{n}")));
        let Some(name) = candidates
            .into_iter()
            .find(|c| !c.is_empty() && !schemas.contains_key(c))
        else {
            continue;
        };
        moved.insert(
            format!("#{pointer}"),
            format!("#{}", pointer_push("/components/schemas", &name)),
        );
        schemas.insert(name, schema);
    }
    let mut doc = Value::Object(std::mem::take(root));
    rewrite_refs(&mut doc, &moved, 0);
    if let Value::Object(map) = doc {
        *root = map;
    }
}

/// Takes every `$defs` map out of `value` (depth first, so nested ones come out too):
/// (pointer of the entry, name of the component it sits in, the schema).
fn collect_defs(
    value: &mut Value,
    pointer: &str,
    owner: &str,
    out: &mut Vec<(String, String, Value)>,
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(defs)) = map.remove("$defs") {
                let base = pointer_push(pointer, "$defs");
                for (key, mut schema) in defs {
                    let at = pointer_push(&base, &key);
                    collect_defs(&mut schema, &at, owner, out, depth + 1);
                    out.push((at, owner.to_owned(), schema));
                }
            }
            for (key, child) in map.iter_mut() {
                if DATA_KEYS
                    .iter()
                    .any(|d| key == d || (*d == "x-" && key.starts_with(d)))
                {
                    continue;
                }
                let at = pointer_push(pointer, key);
                // The name of a component schema is the owner of what it defines.
                let child_owner = match at.strip_prefix("/components/schemas/") {
                    Some(rest) if !rest.contains('/') => crate::lower::unescape_token(rest),
                    _ => owner.to_owned(),
                };
                collect_defs(child, &at, &child_owner, out, depth + 1);
            }
            // Properties hold schemas by name: walk into them but not as keywords.
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                let base = pointer_push(pointer, "properties");
                for (name, schema) in properties.iter_mut() {
                    collect_defs(schema, &pointer_push(&base, name), owner, out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                collect_defs(
                    child,
                    &pointer_push(pointer, &i.to_string()),
                    owner,
                    out,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Points every `$ref` that names a moved `$defs` entry (or a place inside one) at its new
/// place.
fn rewrite_refs(value: &mut Value, moved: &BTreeMap<String, String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(new) = moved_to(reference, moved) {
                    *reference = new;
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    rewrite_refs(child, moved, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                rewrite_refs(child, moved, depth + 1);
            }
        }
        _ => {}
    }
}

/// Where a reference points after the move, if it points into a moved entry. Entries nested in
/// other entries are matched longest first.
fn moved_to(reference: &str, moved: &BTreeMap<String, String>) -> Option<String> {
    let mut best: Option<(&String, &String)> = None;
    for (old, new) in moved {
        let inside = reference == old
            || reference
                .strip_prefix(old.as_str())
                .is_some_and(|rest| rest.starts_with('/'));
        if inside && best.map_or(true, |(b, _)| old.len() > b.len()) {
            best = Some((old, new));
        }
    }
    best.map(|(old, new)| format!("{new}{}", reference.get(old.len()..).unwrap_or_default()))
}

/// Points every `$ref: "#name"` that names a schema's `$anchor` at that schema's JSON pointer,
/// the only form of reference the rest of the pipeline follows.
fn resolve_anchors(root: &mut Map<String, Value>) {
    let mut doc = Value::Object(std::mem::take(root));
    let mut anchors: BTreeMap<String, String> = BTreeMap::new();
    collect_anchors(&doc, "", &mut anchors, 0);
    if !anchors.is_empty() {
        let anchors: BTreeMap<String, String> = anchors
            .into_iter()
            .map(|(name, pointer)| (format!("#{name}"), format!("#{pointer}")))
            .collect();
        rewrite_anchor_refs(&mut doc, &anchors, 0);
    }
    if let Value::Object(map) = doc {
        *root = map;
    }
}

/// Every `$anchor` of `value`: name -> JSON pointer of the schema that declares it.
fn collect_anchors(value: &Value, pointer: &str, out: &mut BTreeMap<String, String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("$anchor") {
                // The first schema with a name keeps it (a document should not repeat one).
                out.entry(name.clone())
                    .or_insert_with(|| pointer.to_owned());
            }
            for (key, child) in map {
                let data = DATA_KEYS
                    .iter()
                    .any(|d| key == d || (*d == "x-" && key.starts_with(d)));
                if !data || key == "properties" {
                    collect_anchors(child, &pointer_push(pointer, key), out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_anchors(
                    child,
                    &pointer_push(pointer, &i.to_string()),
                    out,
                    depth + 1,
                );
            }
        }
        _ => {}
    }
}

/// Replaces each `$ref` naming an anchor by the anchored schema's pointer.
fn rewrite_anchor_refs(value: &mut Value, anchors: &BTreeMap<String, String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(pointer) = anchors.get(reference.as_str()) {
                    *reference = pointer.clone();
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    rewrite_anchor_refs(child, anchors, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for child in items {
                rewrite_anchor_refs(child, anchors, depth + 1);
            }
        }
        _ => {}
    }
}
