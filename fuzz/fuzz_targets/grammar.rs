//! Structured documents: a small grammar of schema pieces (objects, arrays, maps, string and
//! integer enums, unions with and without a discriminator, `allOf`, `nullable`, references to
//! other generated schemas, odd names) and operations using them, serialised to JSON and run
//! through load -> lower -> emit -> format. A document may be OpenAPI 3.1, with its spellings
//! (`type` lists with `"null"`, `anyOf`/`oneOf` with a `{type: "null"}` branch, `const`,
//! `prefixItems`, boolean schemas, numeric exclusive bounds, `examples`, `$defs`) and `webhooks`. Lowering may reject a document (a `$ref` cycle
//! with nothing in between is an error); formatting must never fail and nothing may panic.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

/// Names that exercise the naming rules, picked by index; `Free` takes any text.
const NAMES: &[&str] = &[
    "id", "type", "self", "Self", "match", "async", "crate", "super", "_id", "_links", "fooBar",
    "foo_bar", "FooBar", "foo-bar", "a-b", "a_b", "+1", "-1", "@type", "1st", "2", "", " ", "é",
    "String", "Option", "Box", "Result", "Vec", "Unknown", "Client", "value", "r#type", "__",
];

#[derive(Debug, Arbitrary)]
enum Name {
    Known(u8),
    Free(String),
}

impl Name {
    fn text(&self) -> String {
        match self {
            Name::Known(i) => NAMES[usize::from(*i) % NAMES.len()].to_owned(),
            Name::Free(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
enum Piece {
    String { format: u8 },
    Integer { format: u8, minimum: Option<i32> },
    Number,
    Boolean,
    StringEnum(Vec<Name>),
    IntegerEnum(Vec<i64>),
    Array(Box<Piece>),
    Map(Box<Piece>),
    Object(Vec<(Name, Piece, bool)>),
    OneOf(Vec<Piece>, Option<Name>),
    AnyOf(Vec<Piece>),
    AllOf(Vec<Piece>),
    Nullable(Box<Piece>),
    Ref(u8),
    Free,
    /// 3.1: `inner` made nullable by a `type` list, an `anyOf` or a `oneOf` (by `style`).
    Null31 { inner: Box<Piece>, style: u8 },
    /// 3.1: `const`.
    Const(Name),
    /// 3.1: `prefixItems`, closed by `items: false` or not.
    Tuple(Vec<Piece>, bool),
    /// 3.1: a boolean schema.
    Always(bool),
    /// 3.1: a numeric `exclusiveMinimum` and an `examples` array.
    Above(i32),
    /// 3.1: a schema in `$defs` beside a reference to it.
    Defs(Box<Piece>),
}

#[derive(Debug, Arbitrary)]
struct Operation {
    path: Vec<Name>,
    method: u8,
    operation_id: Option<Name>,
    query: Vec<(Name, Piece)>,
    body: Option<Piece>,
    response: Option<Piece>,
}

#[derive(Debug, Arbitrary)]
struct Doc {
    schemas: Vec<(Name, Piece)>,
    operations: Vec<Operation>,
    /// `openapi: 3.1.0`, with `webhooks`.
    v31: bool,
    webhooks: Vec<(Name, Piece)>,
}

struct Builder {
    keys: Vec<String>,
    budget: usize,
}

impl Builder {
    fn schema(&mut self, piece: &Piece, depth: usize) -> Value {
        if depth > 12 || self.budget == 0 {
            return json!({"type": "string"});
        }
        self.budget -= 1;
        match piece {
            Piece::String { format } => {
                let formats = ["", "date-time", "date", "uuid", "uri", "binary", "email"];
                let f = formats[usize::from(*format) % formats.len()];
                if f.is_empty() {
                    json!({"type": "string"})
                } else {
                    json!({"type": "string", "format": f})
                }
            }
            Piece::Integer { format, minimum } => {
                let formats = ["int32", "int64", "uint64", "uint8"];
                let mut v = json!({"type": "integer", "format": formats[usize::from(*format) % formats.len()]});
                if let Some(m) = minimum {
                    v["minimum"] = json!(m);
                }
                v
            }
            Piece::Number => json!({"type": "number"}),
            Piece::Boolean => json!({"type": "boolean"}),
            Piece::StringEnum(names) => {
                let values: Vec<String> = names.iter().map(Name::text).collect();
                json!({"type": "string", "enum": values})
            }
            Piece::IntegerEnum(values) => json!({"type": "integer", "enum": values}),
            Piece::Array(item) => json!({"type": "array", "items": self.schema(item, depth + 1)}),
            Piece::Map(value) => {
                json!({"type": "object", "additionalProperties": self.schema(value, depth + 1)})
            }
            Piece::Object(fields) => {
                let mut props = Map::new();
                let mut required = Vec::new();
                for (name, piece, req) in fields {
                    let name = name.text();
                    if *req {
                        required.push(Value::String(name.clone()));
                    }
                    props.insert(name, self.schema(piece, depth + 1));
                }
                let mut v = json!({"type": "object", "properties": props});
                if !required.is_empty() {
                    v["required"] = Value::Array(required);
                }
                v
            }
            Piece::OneOf(alternatives, discriminator) => {
                let alts: Vec<Value> = alternatives
                    .iter()
                    .map(|a| self.schema(a, depth + 1))
                    .collect();
                let mut v = json!({"oneOf": alts});
                if let Some(d) = discriminator {
                    v["discriminator"] = json!({"propertyName": d.text()});
                }
                v
            }
            Piece::AnyOf(alternatives) => {
                let alts: Vec<Value> = alternatives
                    .iter()
                    .map(|a| self.schema(a, depth + 1))
                    .collect();
                json!({"anyOf": alts})
            }
            Piece::AllOf(parts) => {
                let parts: Vec<Value> = parts.iter().map(|a| self.schema(a, depth + 1)).collect();
                json!({"allOf": parts})
            }
            Piece::Nullable(inner) => {
                let mut v = self.schema(inner, depth + 1);
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("nullable".to_owned(), Value::Bool(true));
                }
                v
            }
            Piece::Ref(i) => match self.keys.get(usize::from(*i) % self.keys.len().max(1)) {
                Some(key) => {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    json!({"$ref": format!("#/components/schemas/{escaped}")})
                }
                None => json!({"type": "integer"}),
            },
            Piece::Free => json!({}),
            Piece::Null31 { inner, style } => {
                let inner = self.schema(inner, depth + 1);
                let null_branch = json!({"type": "null"});
                match (style % 3, inner.get("type").and_then(Value::as_str)) {
                    (0, Some(t)) => {
                        let mut v = inner.clone();
                        v["type"] = json!([t, "null"]);
                        v
                    }
                    (1, _) => json!({"anyOf": [inner, null_branch], "description": "maybe"}),
                    _ => json!({"oneOf": [null_branch, inner]}),
                }
            }
            Piece::Const(name) => json!({"type": "string", "const": name.text()}),
            Piece::Tuple(positions, closed) => {
                let positions: Vec<Value> = positions
                    .iter()
                    .take(4)
                    .map(|p| self.schema(p, depth + 1))
                    .collect();
                let mut v = json!({"type": "array", "prefixItems": positions});
                if *closed {
                    v["items"] = json!(false);
                }
                v
            }
            Piece::Always(allows) => json!(allows),
            Piece::Above(n) => json!({"type": "integer", "exclusiveMinimum": n, "examples": [n]}),
            Piece::Defs(inner) => json!({
                "$defs": {"Inner": self.schema(inner, depth + 1)},
                "type": "object",
                "properties": {"inner": {"$ref": "#/$defs/Inner"}},
            }),
        }
    }

    fn document(&mut self, doc: &Doc) -> Value {
        let mut schemas = Map::new();
        for (name, piece) in doc.schemas.iter().take(16) {
            let key = name.text();
            let schema = self.schema(piece, 0);
            schemas.insert(key, schema);
        }
        let mut paths = Map::new();
        let methods = ["get", "post", "put", "delete", "patch"];
        for op in doc.operations.iter().take(8) {
            let mut path = String::new();
            let mut params = Vec::new();
            for (i, segment) in op.path.iter().take(4).enumerate() {
                let text = segment.text();
                if i % 2 == 1 {
                    path.push_str(&format!("/{{{text}}}"));
                    params.push(json!({"name": text, "in": "path", "required": true, "schema": {"type": "string"}}));
                } else {
                    path.push('/');
                    path.push_str(&text);
                }
            }
            if path.is_empty() {
                path.push('/');
            }
            for (name, piece) in op.query.iter().take(4) {
                params.push(
                    json!({"name": name.text(), "in": "query", "schema": self.schema(piece, 0)}),
                );
            }
            let mut operation =
                json!({"parameters": params, "responses": {"200": {"description": "ok"}}});
            if let Some(id) = &op.operation_id {
                operation["operationId"] = json!(id.text());
            }
            if let Some(body) = &op.body {
                operation["requestBody"] =
                    json!({"content": {"application/json": {"schema": self.schema(body, 0)}}});
            }
            if let Some(response) = &op.response {
                operation["responses"]["200"]["content"] =
                    json!({"application/json": {"schema": self.schema(response, 0)}});
            }
            let method = methods[usize::from(op.method) % methods.len()];
            let item = paths.entry(path).or_insert_with(|| json!({}));
            if let Some(item) = item.as_object_mut() {
                item.insert(method.to_owned(), operation);
            }
        }
        let mut document = json!({
            "openapi": "3.0.3",
            "info": {"title": "Fuzz", "version": "1.0.0"},
            "paths": paths,
            "components": {"schemas": schemas},
        });
        if doc.v31 {
            document["openapi"] = json!("3.1.0");
            let mut webhooks = Map::new();
            for (name, piece) in doc.webhooks.iter().take(4) {
                let schema = self.schema(piece, 0);
                webhooks.insert(
                    name.text(),
                    json!({"post": {"requestBody": {"content": {"application/json": {"schema": schema}}}}}),
                );
            }
            document["webhooks"] = Value::Object(webhooks);
        }
        document
    }
}

fuzz_target!(|doc: Doc| {
    let keys = doc.schemas.iter().take(16).map(|(n, _)| n.text()).collect();
    let mut builder = Builder { keys, budget: 400 };
    let value = builder.document(&doc);
    let text = value.to_string();
    // `GRAMMAR_PRINT=1 ./grammar <input>` shows the document an input stands for.
    if std::env::var_os("GRAMMAR_PRINT").is_some() {
        eprintln!("{text}");
    }
    let Ok(loaded) = codegen::load::load_bytes(text.as_bytes(), "grammar.json", "grammar", true)
    else {
        return;
    };
    let Ok(lowered) = codegen::lower::lower(&loaded) else {
        return;
    };
    // Generated code must always print, and parse back (emission builds its trees without
    // parsing).
    let code = codegen::generate::api_file(&lowered.api);
    if let Err(e) = syn::parse_file(&code) {
        panic!("the generated module does not parse: {e}\n{text}");
    }
});
