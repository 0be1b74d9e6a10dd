//! Random valid OpenAPI documents, built from a small grammar of schema pieces, go through the
//! whole generator: it must return no error, not panic, produce `.rs` files that parse with
//! `syn`, and produce the same bytes when run twice.
//!
//! The grammar covers objects (with required and odd property names), arrays, maps, string
//! and integer enums (with values that collide once turned into identifiers), `oneOf` with and
//! without a discriminator, `anyOf`, `allOf`, `nullable`, and `$ref`s to the other generated
//! schemas, including self-references that need boxing. `allOf` parts and top-level
//! components only refer to earlier schemas, so the documents never hold a `$ref` cycle with
//! nothing in between (which is an error, tested in `bad_input.rs`).

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Names that exercise the naming rules.
const NAMES: &[&str] = &[
    "id", "type", "self", "Self", "match", "async", "crate", "_id", "_links", "fooBar", "foo_bar",
    "FooBar", "foo-bar", "a-b", "a_b", "+1", "-1", "@type", "1st", "2", "", "é", "String",
    "Option", "Box", "Result", "Vec", "Unknown", "Client", "value", "kind", "status", "x y",
];

#[derive(Debug, Clone)]
enum Piece {
    String(u8),
    Integer(u8),
    Number,
    Boolean,
    StringEnum(Vec<u8>),
    IntegerEnum(Vec<i64>),
    Array(Box<Piece>),
    Map(Box<Piece>),
    Object(Vec<(u8, Piece, bool)>),
    OneOf(Vec<Piece>, bool),
    AnyOf(Vec<Piece>),
    /// Parts are references to earlier schemas (by index) plus one inline object.
    AllOf(Vec<u8>, Vec<(u8, Piece, bool)>),
    Nullable(Box<Piece>),
    /// A reference to any generated schema, itself included.
    Ref(u8),
}

fn piece() -> impl Strategy<Value = Piece> {
    let leaf = prop_oneof![
        any::<u8>().prop_map(Piece::String),
        any::<u8>().prop_map(Piece::Integer),
        Just(Piece::Number),
        Just(Piece::Boolean),
        prop::collection::vec(any::<u8>(), 1..5).prop_map(Piece::StringEnum),
        prop::collection::vec(-3i64..1000, 1..4).prop_map(Piece::IntegerEnum),
        any::<u8>().prop_map(Piece::Ref),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        let fields = prop::collection::vec((any::<u8>(), inner.clone(), any::<bool>()), 0..4);
        prop_oneof![
            inner.clone().prop_map(|p| Piece::Array(Box::new(p))),
            inner.clone().prop_map(|p| Piece::Map(Box::new(p))),
            fields.clone().prop_map(Piece::Object),
            (prop::collection::vec(inner.clone(), 1..4), any::<bool>())
                .prop_map(|(alts, d)| Piece::OneOf(alts, d)),
            prop::collection::vec(inner.clone(), 1..3).prop_map(Piece::AnyOf),
            (prop::collection::vec(any::<u8>(), 0..3), fields)
                .prop_map(|(refs, fields)| Piece::AllOf(refs, fields)),
            inner.prop_map(|p| Piece::Nullable(Box::new(p))),
        ]
    })
}

#[derive(Debug, Clone)]
struct Doc {
    schemas: Vec<(u8, Piece)>,
    operations: Vec<(u8, bool, Option<Piece>, Option<Piece>)>,
}

fn doc() -> impl Strategy<Value = Doc> {
    (
        prop::collection::vec((any::<u8>(), piece()), 1..6),
        prop::collection::vec(
            (
                any::<u8>(),
                any::<bool>(),
                prop::option::of(piece()),
                prop::option::of(piece()),
            ),
            0..3,
        ),
    )
        .prop_map(|(schemas, operations)| Doc {
            schemas,
            operations,
        })
}

fn name(i: u8) -> &'static str {
    NAMES[usize::from(i) % NAMES.len()]
}

struct Builder {
    /// Component keys, in order.
    keys: Vec<String>,
    /// The index of the component being built; `allOf` refers only to earlier ones.
    current: usize,
}

impl Builder {
    fn reference(&self, i: u8) -> Value {
        let key = &self.keys[usize::from(i) % self.keys.len()];
        json!({"$ref": format!("#/components/schemas/{}", key.replace('~', "~0").replace('/', "~1"))})
    }

    fn object(&self, fields: &[(u8, Piece, bool)]) -> Value {
        let mut props = Map::new();
        let mut required = Vec::new();
        for (n, p, req) in fields {
            let key = name(*n).to_owned();
            if *req && !required.contains(&Value::String(key.clone())) {
                required.push(Value::String(key.clone()));
            }
            props.insert(key, self.schema(p));
        }
        let mut v = json!({"type": "object", "properties": props});
        if !required.is_empty() {
            v["required"] = Value::Array(required);
        }
        v
    }

    fn schema(&self, piece: &Piece) -> Value {
        match piece {
            Piece::String(f) => {
                let formats = ["", "date-time", "date", "uuid", "uri", "binary", "email"];
                match formats[usize::from(*f) % formats.len()] {
                    "" => json!({"type": "string", "minLength": 1, "pattern": "^[a-z]+$"}),
                    f => json!({"type": "string", "format": f}),
                }
            }
            Piece::Integer(f) => {
                let formats = ["int32", "int64", "uint64"];
                json!({"type": "integer", "format": formats[usize::from(*f) % formats.len()], "minimum": 0, "maximum": 1000})
            }
            Piece::Number => json!({"type": "number", "exclusiveMinimum": true, "minimum": 0.5}),
            Piece::Boolean => json!({"type": "boolean"}),
            Piece::StringEnum(values) => {
                let mut v: Vec<&str> = values.iter().map(|i| name(*i)).collect();
                v.dedup();
                json!({"type": "string", "enum": v})
            }
            Piece::IntegerEnum(values) => json!({"type": "integer", "enum": values}),
            Piece::Array(item) => {
                json!({"type": "array", "items": self.schema(item), "maxItems": 10})
            }
            Piece::Map(value) => {
                json!({"type": "object", "additionalProperties": self.schema(value)})
            }
            Piece::Object(fields) => self.object(fields),
            Piece::OneOf(alternatives, discriminated) => {
                let alts: Vec<Value> = alternatives.iter().map(|a| self.schema(a)).collect();
                let mut v = json!({"oneOf": alts});
                if *discriminated {
                    v["discriminator"] = json!({"propertyName": "kind"});
                }
                v
            }
            Piece::AnyOf(alternatives) => {
                json!({"anyOf": alternatives.iter().map(|a| self.schema(a)).collect::<Vec<_>>()})
            }
            Piece::AllOf(refs, fields) => {
                let mut parts: Vec<Value> = if self.current == 0 {
                    Vec::new()
                } else {
                    refs.iter()
                        .map(|i| {
                            let earlier = usize::from(*i) % self.current;
                            json!({"$ref": format!("#/components/schemas/{}", self.keys[earlier].replace('~', "~0").replace('/', "~1"))})
                        })
                        .collect()
                };
                parts.push(self.object(fields));
                json!({"allOf": parts})
            }
            Piece::Nullable(inner) => {
                let mut v = self.schema(inner);
                match v.as_object_mut() {
                    Some(obj) if !obj.contains_key("$ref") => {
                        obj.insert("nullable".to_owned(), Value::Bool(true));
                        v
                    }
                    _ => json!({"allOf": [v], "nullable": true}),
                }
            }
            Piece::Ref(i) => self.reference(*i),
        }
    }
}

/// The document as JSON text.
fn document(doc: &Doc) -> String {
    let mut keys: Vec<String> = Vec::new();
    for (n, _) in &doc.schemas {
        let key = format!("{}{}", name(*n), keys.len());
        keys.push(key);
    }
    let mut builder = Builder {
        keys: keys.clone(),
        current: 0,
    };
    let mut schemas = Map::new();
    for (i, (_, piece)) in doc.schemas.iter().enumerate() {
        builder.current = i;
        // A component that is only a reference, a nullable wrapper, an array or a union of one
        // alternative could refer to itself with nothing in between (an error); make those an
        // object holding the piece instead.
        let piece = match piece {
            Piece::Ref(_) | Piece::Nullable(_) | Piece::Array(_) => {
                Piece::Object(vec![(0, piece.clone(), false)])
            }
            Piece::OneOf(alts, _) | Piece::AnyOf(alts) if alts.len() < 2 => {
                Piece::Object(vec![(0, piece.clone(), false)])
            }
            other => other.clone(),
        };
        schemas.insert(keys[i].clone(), builder.schema(&piece));
    }
    builder.current = keys.len();
    let mut paths = Map::new();
    for (i, (n, post, body, response)) in doc.operations.iter().enumerate() {
        let path = format!("/things{i}/{{{}}}", name(*n).replace(['{', '}', '/'], ""));
        let param = path
            .split_once('{')
            .and_then(|(_, rest)| rest.strip_suffix('}'))
            .unwrap_or_default()
            .to_owned();
        let mut op = json!({
            "operationId": format!("op{i}"),
            "parameters": [{"name": param, "in": "path", "required": true, "schema": {"type": "string"}},
                           {"name": name(n.wrapping_add(1)), "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}, "default": {"description": "error"}},
        });
        if let Some(body) = body {
            op["requestBody"] = json!({"required": true, "content": {"application/json": {"schema": builder.schema(body)}}});
        }
        if let Some(response) = response {
            op["responses"]["200"]["content"] =
                json!({"application/json": {"schema": builder.schema(response)}});
        }
        let method = if *post { "post" } else { "get" };
        let mut item = Map::new();
        item.insert(method.to_owned(), op);
        paths.insert(path, Value::Object(item));
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Property", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
    .to_string()
}

/// The generated files for a document, or every diagnostic as text.
fn generate(text: &str) -> Result<BTreeMap<String, String>, String> {
    let loaded = codegen::load::load_bytes(text.as_bytes(), "property.json", "property", true)
        .map_err(|d| d.to_string())?;
    let lowered = codegen::lower::lower(&loaded).map_err(|d| d.to_string())?;
    Ok(codegen::generate::generate_from_apis(
        &codegen::Settings::default(),
        vec![lowered.api],
        lowered.warnings,
    )
    .files)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 96,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_documents_generate_parseable_deterministic_code(doc in doc()) {
        let text = document(&doc);
        let first = generate(&text);
        let files = match first {
            Ok(files) => files,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\ndocument: {text}"))),
        };
        for (path, content) in &files {
            if path.ends_with(".rs") {
                if let Err(e) = syn::parse_file(content) {
                    return Err(TestCaseError::fail(format!("{path} does not parse: {e}\ndocument: {text}")));
                }
            }
        }
        prop_assert!(files.contains_key("src/property.rs"));
        let second = generate(&text).map_err(TestCaseError::fail)?;
        prop_assert_eq!(&files, &second, "two runs differ");
    }
}
