//! Contract tests: every example in `specs/` is valid against the schema at its position and
//! survives a round trip through the Rust type generated for that position.
//!
//! The examples are found by walking each spec, so adding an example to a spec adds a check.
//! Validation uses a real JSON Schema validator (draft 7) on the OpenAPI 3.0 schema translated
//! as described on [`translate`]. The round trip goes through the generated crate's
//! `contract_roundtrip` registry; an example whose position has no registered type, at that
//! position or at any parent the value can be wrapped into, is a failure.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Validator};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tests::spec_files;

/// The registry of one generated API module.
type Roundtrip = fn(&str, Value) -> Option<Result<Value, String>>;

/// The generated module for a spec file stem. A new spec must be added here, and
/// `every_spec_has_a_registry` fails until it is.
fn registry(stem: &str) -> Option<Roundtrip> {
    match stem {
        "generic-cases" => Some(generated::generic_cases::contract_roundtrip),
        "kyc-cases" => Some(generated::kyc_cases::contract_roundtrip),
        "rebilly-kyc-requests" => Some(generated::rebilly_kyc_requests::contract_roundtrip),
        "verifa-cases" => Some(generated::verifa_cases::contract_roundtrip),
        "vove-id-kyb" => Some(generated::vove_id_kyb::contract_roundtrip),
        _ => None,
    }
}

/// The fewest examples each spec must keep, per place: request bodies, success bodies, error
/// bodies. Removing a documented example from a spec fails the suite.
const MINIMUMS: &[(&str, usize, usize, usize)] = &[
    ("generic-cases", 2, 1, 0),
    ("kyc-cases", 1, 1, 1),
    ("rebilly-kyc-requests", 3, 1, 1),
    ("verifa-cases", 1, 1, 2),
    ("vove-id-kyb", 2, 1, 3),
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

// ---------------------------------------------------------------------------------------------
// Loading and pointers

struct Spec {
    stem: String,
    doc: Value,
    /// `components.schemas`, translated, to be used as `definitions`.
    definitions: Value,
}

fn load(path: &Path) -> Spec {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    let doc: Value = serde_yaml::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_owned();
    let definitions = match doc.pointer("/components/schemas") {
        Some(Value::Object(schemas)) => Value::Object(
            schemas
                .iter()
                .map(|(name, schema)| (name.clone(), translate(schema)))
                .collect(),
        ),
        _ => json!({}),
    };
    Spec {
        stem,
        doc,
        definitions,
    }
}

fn load_stem(stem: &str) -> Spec {
    let path = tests::specs_dir().join(format!("{stem}.yaml"));
    load(&path)
}

/// `base` with one more JSON pointer segment (escaped).
fn push(base: &str, segment: &str) -> String {
    format!("{base}/{}", segment.replace('~', "~0").replace('/', "~1"))
}

/// The last segment of a pointer (unescaped) and the parent pointer.
fn pop(pointer: &str) -> Option<(&str, String)> {
    let (parent, last) = pointer.rsplit_once('/')?;
    Some((parent, last.replace("~1", "/").replace("~0", "~")))
}

// ---------------------------------------------------------------------------------------------
// Finding examples

/// Where an example sits, for the summary and the minimums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// A request body media type.
    Request,
    /// A 2xx response media type.
    Success,
    /// Any other response media type.
    Error,
    /// A parameter.
    Parameter,
    /// A response header.
    Header,
    /// A schema (component, property, item, at any depth).
    Schema,
}

#[derive(Debug, Clone)]
struct Example {
    /// Pointer of the example value itself.
    at: String,
    /// Pointer of the schema the example must satisfy.
    schema: String,
    /// Pointer handed to the registry (a media type object or a schema).
    target: String,
    place: Place,
    value: Value,
}

/// The typed walk: visits every position OpenAPI 3.0 allows an example at.
struct Finder<'a> {
    doc: &'a Value,
    out: Vec<Example>,
    problems: Vec<String>,
    /// Component responses referenced from a 2xx status.
    success_responses: BTreeSet<String>,
}

impl<'a> Finder<'a> {
    fn run(doc: &'a Value) -> (Vec<Example>, Vec<String>) {
        let mut finder = Finder {
            doc,
            out: Vec::new(),
            problems: Vec::new(),
            success_responses: BTreeSet::new(),
        };
        finder.document();
        (finder.out, finder.problems)
    }

    fn document(&mut self) {
        let doc = self.doc;
        if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
            for (path, item) in paths {
                let at = push("/paths", path);
                self.parameters(item.get("parameters"), &push(&at, "parameters"));
                for method in METHODS {
                    if let Some(op) = item.get(*method) {
                        self.operation(op, &push(&at, method));
                    }
                }
            }
        }
        let Some(components) = doc.get("components") else {
            return;
        };
        let each = |key: &'static str| {
            components
                .get(key)
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(move |(name, v)| (push(&push("/components", key), name), v))
        };
        for (at, schema) in each("schemas") {
            self.schema(schema, &at);
        }
        for (at, param) in each("parameters") {
            self.parameter(param, &at);
        }
        for (at, header) in each("headers") {
            self.header(header, &at);
        }
        for (at, body) in each("requestBodies") {
            self.content(body, &at, Place::Request);
        }
        for (at, response) in each("responses") {
            let place = if self.success_responses.contains(&at) {
                Place::Success
            } else {
                Place::Error
            };
            self.response(response, &at, place);
        }
    }

    fn operation(&mut self, op: &Value, at: &str) {
        self.parameters(op.get("parameters"), &push(at, "parameters"));
        if let Some(body) = op.get("requestBody") {
            if body.get("$ref").is_none() {
                self.content(body, &push(at, "requestBody"), Place::Request);
            }
        }
        let Some(responses) = op.get("responses").and_then(Value::as_object) else {
            return;
        };
        for (code, response) in responses {
            let place = if code.starts_with('2') {
                Place::Success
            } else {
                Place::Error
            };
            match response.get("$ref").and_then(Value::as_str) {
                Some(target) => {
                    if place == Place::Success {
                        if let Some(local) = target.strip_prefix('#') {
                            self.success_responses.insert(local.to_owned());
                        }
                    }
                }
                None => self.response(response, &push(&push(at, "responses"), code), place),
            }
        }
    }

    fn parameters(&mut self, list: Option<&Value>, at: &str) {
        for (i, param) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            self.parameter(param, &push(at, &i.to_string()));
        }
    }

    fn parameter(&mut self, param: &Value, at: &str) {
        if param.get("$ref").is_some() {
            return;
        }
        self.examples(
            param,
            at,
            &push(at, "schema"),
            &push(at, "schema"),
            Place::Parameter,
        );
        if let Some(schema) = param.get("schema") {
            self.schema(schema, &push(at, "schema"));
        }
        self.content(param, at, Place::Parameter);
    }

    fn header(&mut self, header: &Value, at: &str) {
        if header.get("$ref").is_some() {
            return;
        }
        self.examples(
            header,
            at,
            &push(at, "schema"),
            &push(at, "schema"),
            Place::Header,
        );
        if let Some(schema) = header.get("schema") {
            self.schema(schema, &push(at, "schema"));
        }
        self.content(header, at, Place::Header);
    }

    fn response(&mut self, response: &Value, at: &str, place: Place) {
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            for (name, header) in headers {
                self.header(header, &push(&push(at, "headers"), name));
            }
        }
        self.content(response, at, place);
    }

    /// The media types under `holder.content`.
    fn content(&mut self, holder: &Value, at: &str, place: Place) {
        let Some(content) = holder.get("content").and_then(Value::as_object) else {
            return;
        };
        for (media_type, media) in content {
            let media_at = push(&push(at, "content"), media_type);
            let schema_at = push(&media_at, "schema");
            // Bodies are registered by media type; parameters and headers by schema.
            let target = match place {
                Place::Parameter | Place::Header => schema_at.clone(),
                _ => media_at.clone(),
            };
            self.examples(media, &media_at, &schema_at, &target, place);
            if let Some(schema) = media.get("schema") {
                self.schema(schema, &schema_at);
            }
            if let Some(encodings) = media.get("encoding").and_then(Value::as_object) {
                for (name, encoding) in encodings {
                    if let Some(headers) = encoding.get("headers").and_then(Value::as_object) {
                        let enc_at = push(&push(&media_at, "encoding"), name);
                        for (header_name, header) in headers {
                            self.header(header, &push(&push(&enc_at, "headers"), header_name));
                        }
                    }
                }
            }
        }
    }

    /// `example` and `examples.<name>.value` of a media type, parameter or header.
    fn examples(&mut self, holder: &Value, at: &str, schema: &str, target: &str, place: Place) {
        let mut found = |at: String, value: Value| {
            self.out.push(Example {
                at,
                schema: schema.to_owned(),
                target: target.to_owned(),
                place,
                value,
            })
        };
        if let Some(value) = holder.get("example") {
            found(push(at, "example"), value.clone());
        }
        let Some(examples) = holder.get("examples").and_then(Value::as_object) else {
            return;
        };
        for (name, example) in examples {
            let entry = push(&push(at, "examples"), name);
            match example.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let resolved = reference
                        .strip_prefix('#')
                        .and_then(|local| self.doc.pointer(local))
                        .and_then(|e| e.get("value"));
                    match resolved {
                        Some(value) => found(entry, value.clone()),
                        None => self
                            .problems
                            .push(format!("{entry}: cannot resolve example {reference}")),
                    }
                }
                None => match example.get("value") {
                    Some(value) => found(push(&entry, "value"), value.clone()),
                    None => self
                        .problems
                        .push(format!("{entry}: no inline `value` to check")),
                },
            }
        }
    }

    fn schema(&mut self, schema: &Value, at: &str) {
        let Some(obj) = schema.as_object() else {
            return;
        };
        if obj.contains_key("$ref") {
            return;
        }
        if let Some(value) = obj.get("example") {
            self.out.push(Example {
                at: push(at, "example"),
                schema: at.to_owned(),
                target: at.to_owned(),
                place: Place::Schema,
                value: value.clone(),
            });
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            for (name, prop) in props {
                self.schema(prop, &push(&push(at, "properties"), name));
            }
        }
        for key in ["items", "not", "additionalProperties"] {
            if let Some(sub) = obj.get(key) {
                self.schema(sub, &push(at, key));
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            for (i, sub) in obj
                .get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                self.schema(sub, &push(&push(at, key), &i.to_string()));
            }
        }
    }
}

/// Keys whose object value is a map from names (not keywords) to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "paths",
    "schemas",
    "parameters",
    "headers",
    "responses",
    "requestBodies",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "variables",
    "mapping",
];

/// A structure-blind scan for every `example` and `examples` entry in the document, used to
/// prove that the typed walk misses no position.
fn scan(value: &Value, at: &str, names: bool, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(obj) if names => {
            for (name, child) in obj {
                scan(child, &push(at, name), false, out);
            }
        }
        Value::Object(obj) => {
            for (key, child) in obj {
                let child_at = push(at, key);
                if key == "example" {
                    out.insert(child_at);
                } else if key == "examples" && at != "/components" && child.is_object() {
                    for (name, e) in child.as_object().into_iter().flatten() {
                        let entry = push(&child_at, name);
                        out.insert(if e.get("value").is_some() {
                            push(&entry, "value")
                        } else {
                            entry
                        });
                    }
                } else if key == "default"
                    || key == "enum"
                    || key.starts_with("x-")
                    || (at == "/components" && key == "examples")
                {
                    // Data, not structure.
                } else {
                    let is_map = NAME_MAPS.contains(&key.as_str()) && child.is_object();
                    scan(child, &child_at, is_map, out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                scan(item, &push(at, &i.to_string()), false, out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Validation

/// Translates an OpenAPI 3.0 schema object into a draft 7 JSON Schema with the translation
/// `cargo xtask page-check` uses (`xtask::page_check::spec::translate`: `$ref`s to components
/// become `#/definitions/..`, `nullable` adds `null`, boolean exclusive bounds become numbers,
/// OpenAPI-only keywords go). Where that translation reads any other `$ref` as "anything", the
/// contract tests refuse it, so that no schema of the specs goes unchecked.
fn translate(schema: &Value) -> Value {
    refuse_foreign_refs(schema);
    xtask::page_check::spec::translate(schema)
}

/// Panics on a schema `$ref` that does not point at `#/components/schemas/..`.
fn refuse_foreign_refs(value: &Value) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                assert!(
                    reference.starts_with("#/components/schemas/"),
                    "unsupported $ref {reference:?} in a schema"
                );
            }
            // Examples, defaults and enum values are data, not schemas.
            map.iter()
                .filter(|(key, _)| !matches!(key.as_str(), "example" | "default" | "enum"))
                .for_each(|(_, child)| refuse_foreign_refs(child));
        }
        Value::Array(items) => items.iter().for_each(refuse_foreign_refs),
        _ => {}
    }
}

/// A draft 7 validator for the schema at `pointer` in the spec.
fn validator(spec: &Spec, pointer: &str) -> Result<Validator, String> {
    let schema = spec
        .doc
        .pointer(pointer)
        .ok_or_else(|| format!("no schema at {pointer}"))?;
    let root = json!({
        "definitions": spec.definitions,
        "allOf": [translate(schema)],
    });
    jsonschema::options()
        .with_draft(Draft::Draft7)
        .should_validate_formats(true)
        .build(&root)
        .map_err(|e| format!("the schema at {pointer} does not compile: {e}"))
}

/// Validation failures, each as `(instance path, message)`; empty when valid.
fn validate(spec: &Spec, pointer: &str, value: &Value) -> Result<Vec<(String, String)>, String> {
    let validator = validator(spec, pointer)?;
    Ok(validator
        .iter_errors(value)
        .map(|e| (e.instance_path.to_string(), e.to_string()))
        .collect())
}

// ---------------------------------------------------------------------------------------------
// Round trips

/// The result of a round trip: where the type was found, and the comparison.
struct Trip {
    /// The registered pointer used, when it is not the example's own position.
    via: Option<String>,
    outcome: Result<(), String>,
}

/// Round-trips `value` through the type registered for `target`, or for the nearest parent
/// position the value can be wrapped into: a property (`{name: value}`), an item
/// (`[value]`), a map value (`{"key": value}`), an `allOf` part or a media type's `schema`
/// (the value as is). `None` when no position on the way up has a registered type.
fn roundtrip(roundtrip: Roundtrip, target: &str, value: &Value) -> Option<Trip> {
    let mut pointer = target.to_owned();
    let mut wrapped = value.clone();
    loop {
        if let Some(result) = roundtrip(&pointer, wrapped.clone()) {
            let outcome = result.and_then(|back| equivalent(&wrapped, &back, ""));
            let via = (pointer != target).then_some(pointer);
            return Some(Trip { via, outcome });
        }
        let (parent, last) = pop(&pointer)?;
        let (grand, parent_last) = pop(parent)
            .map(|(g, l)| (g.to_owned(), l))
            .unwrap_or_default();
        (pointer, wrapped) = match (parent_last.as_str(), last.as_str()) {
            ("properties", name) => (grand, json!({ name: wrapped })),
            ("allOf", _) => (grand, wrapped),
            (_, "items") => (parent.to_owned(), json!([wrapped])),
            (_, "additionalProperties") => (parent.to_owned(), json!({ "key": wrapped })),
            (_, "schema") => (parent.to_owned(), wrapped),
            _ => return None,
        };
    }
}

/// Compares an example with what came back from the Rust type: absent stays absent, null
/// stays null, numbers are equal by value, and RFC 3339 timestamps are equal when they denote
/// the same instant. `Err` names the first difference by JSON pointer.
fn equivalent(original: &Value, back: &Value, at: &str) -> Result<(), String> {
    let here = if at.is_empty() { "/" } else { at };
    match (original, back) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys() {
                if !b.contains_key(key) {
                    return Err(format!(
                        "{}: present in the example, absent after the round trip",
                        push(at, key)
                    ));
                }
            }
            for key in b.keys() {
                if !a.contains_key(key) {
                    return Err(format!(
                        "{}: absent in the example, {} after the round trip",
                        push(at, key),
                        b[key]
                    ));
                }
            }
            for (key, value) in a {
                equivalent(value, &b[key], &push(at, key))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!(
                    "{here}: {} items in the example, {} after the round trip",
                    a.len(),
                    b.len()
                ));
            }
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                equivalent(x, y, &push(at, &i.to_string()))?;
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) => {
            let same = match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            };
            if same {
                Ok(())
            } else {
                Err(format!("{here}: {a} became {b}"))
            }
        }
        (Value::String(a), Value::String(b)) => {
            let instant = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (instant(a), instant(b)) {
                _ if a == b => Ok(()),
                (Some(x), Some(y)) if x == y => Ok(()),
                _ => Err(format!("{here}: {a:?} became {b:?}")),
            }
        }
        _ if original == back => Ok(()),
        _ => Err(format!("{here}: {original} became {back}")),
    }
}

// ---------------------------------------------------------------------------------------------
// The suite

#[derive(Default)]
struct Counts {
    found: usize,
    validated: usize,
    round_tripped: usize,
    via_parent: usize,
    per_place: BTreeMap<Place, usize>,
}

#[test]
fn every_spec_has_a_registry() {
    let files = spec_files();
    assert!(
        !files.is_empty(),
        "no specs found in {}",
        tests::specs_dir().display()
    );
    for path in files {
        let spec = load(&path);
        assert!(
            registry(&spec.stem).is_some(),
            "{}: no contract registry; add the generated module to `registry` in this file",
            path.display()
        );
    }
}

#[test]
fn every_example_validates_and_round_trips() {
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    let mut walked_up = Vec::new();
    let mut counts_by_spec = BTreeMap::new();
    for path in spec_files() {
        let spec = load(&path);
        let file = format!("specs/{}.yaml", spec.stem);
        let Some(rt) = registry(&spec.stem) else {
            failures.push(format!("{file}: no contract registry"));
            continue;
        };
        let (examples, problems) = Finder::run(&spec.doc);
        failures.extend(problems.into_iter().map(|p| format!("{file}#{p}")));

        // The typed walk and the structure-blind scan must agree.
        let walked: BTreeSet<String> = examples.iter().map(|e| e.at.clone()).collect();
        let mut scanned = BTreeSet::new();
        scan(&spec.doc, "", false, &mut scanned);
        for missed in scanned.difference(&walked) {
            failures.push(format!(
                "{file}#{missed}: an example the contract walk does not reach"
            ));
        }
        assert_eq!(
            walked.len(),
            examples.len(),
            "{file}: an example was found twice"
        );

        let mut counts = Counts::default();
        for example in &examples {
            counts.found += 1;
            let at = format!("{file}#{}", example.at);
            match validate(&spec, &example.schema, &example.value) {
                Ok(errors) if errors.is_empty() => counts.validated += 1,
                Ok(errors) => failures.push(format!(
                    "{at}: invalid against {}: {}",
                    example.schema,
                    errors
                        .iter()
                        .map(|(path, msg)| format!("{path}: {msg}"))
                        .collect::<Vec<_>>()
                        .join("; ")
                )),
                Err(e) => failures.push(format!("{at}: {e}")),
            }
            match roundtrip(rt, &example.target, &example.value) {
                None => failures.push(format!(
                    "{at}: no generated type is registered for {} or any parent position",
                    example.target
                )),
                Some(Trip { via, outcome }) => match outcome {
                    Ok(()) => {
                        counts.round_tripped += 1;
                        *counts.per_place.entry(example.place).or_default() += 1;
                        if let Some(via) = via {
                            counts.via_parent += 1;
                            walked_up.push(format!("{at} -> {via}"));
                        }
                    }
                    Err(e) => failures.push(format!(
                        "{at}: round trip through the type at {} changed the value: {e}",
                        via.as_deref().unwrap_or(&example.target)
                    )),
                },
            }
        }
        summary.push(format!(
            "{file}: {} examples, {} validated, {} round-tripped ({}), {} through a parent type",
            counts.found,
            counts.validated,
            counts.round_tripped,
            counts
                .per_place
                .iter()
                .map(|(place, n)| format!("{n} {place:?}"))
                .collect::<Vec<_>>()
                .join(", "),
            counts.via_parent,
        ));
        counts_by_spec.insert(spec.stem.clone(), counts);
    }
    println!("contract examples per spec:\n  {}", summary.join("\n  "));
    if !walked_up.is_empty() {
        println!(
            "round-tripped through a parent type:\n  {}",
            walked_up.join("\n  ")
        );
    }
    assert!(
        failures.is_empty(),
        "contract failures:\n{}",
        failures.join("\n")
    );

    for (stem, requests, successes, errors) in MINIMUMS {
        let counts = counts_by_spec
            .get(*stem)
            .unwrap_or_else(|| panic!("specs/{stem}.yaml is missing"));
        let n = |place| counts.per_place.get(&place).copied().unwrap_or(0);
        assert!(
            n(Place::Request) >= *requests
                && n(Place::Success) >= *successes
                && n(Place::Error) >= *errors,
            "specs/{stem}.yaml: expected at least {requests} request, {successes} success and \
             {errors} error examples checked; got {}, {} and {}",
            n(Place::Request),
            n(Place::Success),
            n(Place::Error)
        );
        assert!(
            n(Place::Request) >= 1 && n(Place::Success) >= 1,
            "specs/{stem}.yaml: every endpoint needs a request and a success example"
        );
    }
    assert_eq!(
        counts_by_spec.len(),
        MINIMUMS.len(),
        "every spec needs a row in MINIMUMS"
    );
}

#[test]
fn every_documented_error_body_example_is_checked() {
    // Counted from the documents independently of the walk above: every non-2xx response
    // media type that carries an example, by the pointer of its media type object.
    for path in spec_files() {
        let spec = load(&path);
        let mut documented = BTreeSet::new();
        for (path_key, item) in spec.doc["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let Some(responses) = item.pointer(&format!("/{method}/responses")) else {
                    continue;
                };
                let base = push(&push(&push("/paths", path_key), method), "responses");
                for (code, response) in responses.as_object().into_iter().flatten() {
                    if code.starts_with('2') {
                        continue;
                    }
                    let (response, at) = match response.get("$ref").and_then(Value::as_str) {
                        Some(r) => {
                            let local = r.strip_prefix('#').unwrap_or(r);
                            (
                                spec.doc.pointer(local).unwrap_or(&Value::Null),
                                local.to_owned(),
                            )
                        }
                        None => (response, push(&base, code)),
                    };
                    let content = response.get("content").and_then(Value::as_object);
                    for (media_type, media) in content.into_iter().flatten() {
                        if media.get("example").is_some() || media.get("examples").is_some() {
                            documented.insert(push(&push(&at, "content"), media_type));
                        }
                    }
                }
            }
        }
        let (examples, _) = Finder::run(&spec.doc);
        let rt = registry(&spec.stem).expect("a registry for every spec");
        let mut checked = BTreeSet::new();
        for example in examples.iter().filter(|e| e.place == Place::Error) {
            let valid = validate(&spec, &example.schema, &example.value)
                .is_ok_and(|errors| errors.is_empty());
            let trip =
                roundtrip(rt, &example.target, &example.value).is_some_and(|t| t.outcome.is_ok());
            assert!(
                valid && trip,
                "specs/{}.yaml#{}: error example fails",
                spec.stem,
                example.at
            );
            checked.insert(example.target.clone());
        }
        let missing: Vec<_> = documented.difference(&checked).collect();
        assert!(
            missing.is_empty(),
            "specs/{}.yaml: error bodies with examples that are not checked: {missing:?}",
            spec.stem
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Negative cases: the checks above can fail, each for its own reason.

const REBILLY_REQUEST: &str = "/paths/~1kyc-requests/post/requestBody/content/application~1json";
const GENERIC_REQUEST: &str = "/paths/~1api~1cases~1/post/requestBody/content/application~1json";
const VERIFA_REQUEST: &str = "/paths/~1api~1v1~1cases/post/requestBody/content/application~1json";
const VOVE_REQUEST: &str = "/paths/~1kyb~1case/post/requestBody/content/application~1json";

/// The single validation error for `value` against the media type's schema.
fn single_error(spec: &Spec, media: &str, value: &Value) -> (String, ValidationErrorKind, String) {
    let validator = validator(spec, &push(media, "schema")).expect("the schema compiles");
    let errors: Vec<_> = validator.iter_errors(value).collect();
    assert_eq!(
        errors.len(),
        1,
        "expected exactly one validation error, got: {:?}",
        errors.iter().map(ToString::to_string).collect::<Vec<_>>()
    );
    let e = errors.into_iter().next().expect("one error");
    let message = e.to_string();
    (e.instance_path.to_string(), e.kind, message)
}

#[test]
fn a_wrong_type_is_rejected() {
    let spec = load_stem("rebilly-kyc-requests");
    let value = json!({"customerId": 123, "documents": [{"type": "identity-proof"}]});
    let (path, kind, message) = single_error(&spec, REBILLY_REQUEST, &value);
    assert_eq!(path, "/customerId");
    assert!(
        matches!(kind, ValidationErrorKind::Type { .. }),
        "{message}"
    );
    assert!(message.contains("is not of type \"string\""), "{message}");
}

#[test]
fn a_missing_required_field_is_rejected() {
    let spec = load_stem("verifa-cases");
    let (path, kind, message) = single_error(&spec, VERIFA_REQUEST, &json!({}));
    assert_eq!(path, "");
    assert!(
        matches!(&kind, ValidationErrorKind::Required { property } if property == "session_id"),
        "{message}"
    );
    assert!(
        message.contains("\"session_id\" is a required property"),
        "{message}"
    );
}

#[test]
fn an_out_of_range_value_is_rejected() {
    let spec = load_stem("rebilly-kyc-requests");
    let value = json!({
        "customerId": "123_456789",
        "documents": [{"type": "identity-proof", "maxAttempts": 101}],
    });
    let (path, kind, message) = single_error(&spec, REBILLY_REQUEST, &value);
    assert_eq!(path, "/documents/0/maxAttempts");
    assert!(
        matches!(kind, ValidationErrorKind::Maximum { .. }),
        "{message}"
    );
    assert!(
        message.contains("101 is greater than the maximum of 100"),
        "{message}"
    );

    let spec = load_stem("generic-cases");
    let (path, kind, message) = single_error(
        &spec,
        GENERIC_REQUEST,
        &json!({"customer_id": 123, "delete_after": 366}),
    );
    assert_eq!(path, "/delete_after");
    assert!(
        matches!(kind, ValidationErrorKind::Maximum { .. }),
        "{message}"
    );
    assert!(
        message.contains("366 is greater than the maximum of 365"),
        "{message}"
    );
}

#[test]
fn nullable_allows_null_only_where_declared() {
    let spec = load_stem("rebilly-kyc-requests");
    let with_null_url = json!({
        "customerId": "123_456789",
        "documents": [{"type": "identity-proof", "subtypes": null}],
        "redirectUrl": null,
    });
    assert_eq!(
        validate(&spec, &push(REBILLY_REQUEST, "schema"), &with_null_url),
        Ok(Vec::new())
    );
    let (path, kind, message) = single_error(
        &spec,
        REBILLY_REQUEST,
        &json!({"customerId": null, "documents": [{"type": "identity-proof"}]}),
    );
    assert_eq!(path, "/customerId");
    assert!(
        matches!(kind, ValidationErrorKind::Type { .. }),
        "{message}"
    );
}

#[test]
fn a_bad_format_and_an_unknown_enum_value_are_rejected() {
    let spec = load_stem("rebilly-kyc-requests");
    let (path, kind, message) = single_error(
        &spec,
        REBILLY_REQUEST,
        &json!({"customerId": "c", "documents": [{"type": "identity-proof"}], "expirationTime": "tomorrow"}),
    );
    assert_eq!(path, "/expirationTime");
    assert!(
        matches!(&kind, ValidationErrorKind::Format { format } if format == "date-time"),
        "{message}"
    );

    let (path, kind, message) = single_error(
        &spec,
        REBILLY_REQUEST,
        &json!({"customerId": "c", "documents": [{"type": "selfie"}]}),
    );
    assert_eq!(path, "/documents/0/type");
    assert!(
        matches!(kind, ValidationErrorKind::Enum { .. }),
        "{message}"
    );
}

#[test]
fn a_field_the_rust_type_drops_fails_the_round_trip() {
    // The shape of VOVE's older page version: valid against the open schema, but the
    // generated struct has no place for the extra field.
    let spec = load_stem("vove-id-kyb");
    let value = json!({"refId": "ref-1", "businessName": "Acme Ltd"});
    assert_eq!(
        validate(&spec, &push(VOVE_REQUEST, "schema"), &value),
        Ok(Vec::new())
    );
    let rt = registry("vove-id-kyb").expect("registry");
    let trip = roundtrip(rt, VOVE_REQUEST, &value).expect("the request body has a type");
    assert_eq!(
        trip.outcome,
        Err("/businessName: present in the example, absent after the round trip".to_owned())
    );
}

#[test]
fn a_type_mismatch_fails_the_round_trip() {
    let rt = registry("rebilly-kyc-requests").expect("registry");
    let value =
        json!({"customerId": "c", "documents": [{"type": "identity-proof", "maxAttempts": "3"}]});
    let trip = roundtrip(rt, REBILLY_REQUEST, &value).expect("the request body has a type");
    let error = trip.outcome.expect_err("a string where an integer belongs");
    assert!(error.starts_with("does not deserialize:"), "{error}");
    assert!(
        error.contains("invalid type: string \"3\", expected"),
        "{error}"
    );
}

#[test]
fn a_position_without_a_type_is_reported() {
    let rt = registry("rebilly-kyc-requests").expect("registry");
    assert!(roundtrip(rt, "/info/description", &json!("x")).is_none());
    assert!(roundtrip(rt, "/components/schemas/NoSuchSchema", &json!({})).is_none());
}

#[test]
fn a_position_without_its_own_type_uses_the_parent_type() {
    // An item schema has no entry of its own; the value is wrapped into the array property,
    // which is registered because an example sits there.
    let rt = registry("rebilly-kyc-requests").expect("registry");
    let trip = roundtrip(
        rt,
        "/components/schemas/ValidationProblemDetails/allOf/1/properties/invalidFields/items",
        &json!({"field": "reason", "message": "reason is invalid"}),
    )
    .expect("the array property has a type");
    assert_eq!(
        trip.via.as_deref(),
        Some("/components/schemas/ValidationProblemDetails/allOf/1/properties/invalidFields")
    );
    assert_eq!(trip.outcome, Ok(()));
}

#[test]
fn positions_without_examples_are_not_registered() {
    // The registry covers positions with an example at or under them, nothing else.
    let rt = registry("rebilly-kyc-requests").expect("registry");
    assert!(rt("/components/schemas/KycRequest", json!({})).is_some());
    assert!(rt(
        "/components/schemas/KycRequestDocument/properties/subtypes",
        json!([])
    )
    .is_none());
}

#[test]
fn the_comparison_has_the_documented_equivalences() {
    let same = |a: Value, b: Value| equivalent(&a, &b, "");
    assert_eq!(same(json!({"n": 1}), json!({"n": 1.0})), Ok(()));
    assert_eq!(
        same(
            json!({"t": "2024-01-15T09:30:00Z"}),
            json!({"t": "2024-01-15T10:30:00+01:00"})
        ),
        Ok(())
    );
    assert_eq!(
        same(
            json!({"t": "2024-01-15T09:30:00Z"}),
            json!({"t": "2024-01-15T09:30:01Z"})
        ),
        Err("/t: \"2024-01-15T09:30:00Z\" became \"2024-01-15T09:30:01Z\"".to_owned())
    );
    assert_eq!(
        same(json!({"a": null}), json!({})),
        Err("/a: present in the example, absent after the round trip".to_owned())
    );
    assert_eq!(
        same(json!({}), json!({"a": null})),
        Err("/a: absent in the example, null after the round trip".to_owned())
    );
    assert_eq!(
        same(json!({"n": 1}), json!({"n": 2})),
        Err("/n: 1 became 2".to_owned())
    );
    assert_eq!(
        same(json!([1, 2]), json!([1])),
        Err("/: 2 items in the example, 1 after the round trip".to_owned())
    );
    assert_eq!(
        same(json!({"s": "1"}), json!({"s": 1})),
        Err("/s: \"1\" became 1".to_owned())
    );
}

#[test]
fn the_translation_handles_openapi_specifics() {
    assert_eq!(
        translate(&json!({
            "type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1,
            "exclusiveMaximum": false, "nullable": true, "example": 0.5,
            "xml": {"name": "n"}, "x-extra": 1,
        })),
        json!({"type": ["number", "null"], "exclusiveMinimum": 0, "maximum": 1})
    );
    assert_eq!(
        translate(&json!({"$ref": "#/components/schemas/A", "description": "ignored"})),
        json!({"$ref": "#/definitions/A"})
    );
    assert_eq!(
        translate(&json!({"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})),
        json!({"anyOf": [{"allOf": [{"$ref": "#/definitions/A"}]}, {"type": "null"}]})
    );
    assert_eq!(
        translate(
            &json!({"type": "object", "discriminator": {"propertyName": "k"},
            "properties": {"example": {"type": "string", "nullable": true, "example": "x"}}})
        ),
        json!({"type": "object", "properties": {"example": {"type": ["string", "null"]}}})
    );
}

#[test]
fn the_walk_finds_examples_at_every_position() {
    // A small document with an example at each kind of position, including a property
    // literally named `example`.
    let doc = json!({
        "paths": {"/x": {
            "parameters": [{"name": "p", "in": "query", "schema": {"type": "string"}, "example": "a"}],
            "post": {
                "requestBody": {"content": {"application/json": {
                    "schema": {"type": "object", "properties": {
                        "example": {"type": "string", "example": "b"},
                        "list": {"type": "array", "items": {"type": "integer", "example": 1}},
                    }},
                    "examples": {"one": {"value": {"example": "c"}}, "two": {"$ref": "#/components/examples/E"}},
                }}},
                "responses": {
                    "200": {"$ref": "#/components/responses/Ok"},
                    "400": {"description": "", "headers": {"H": {"schema": {"type": "integer"}, "example": 2}},
                            "content": {"application/json": {"example": {"e": 1}}}},
                },
            },
        }},
        "components": {
            "examples": {"E": {"value": {"example": "d"}}},
            "responses": {"Ok": {"description": "", "content": {"application/json": {"example": {}}}}},
            "schemas": {"S": {"allOf": [{"type": "object", "example": {}}], "default": {"example": 1}}},
        },
    });
    let (examples, problems) = Finder::run(&doc);
    assert!(problems.is_empty(), "{problems:?}");
    let found: Vec<(String, Place)> = examples.iter().map(|e| (e.at.clone(), e.place)).collect();
    let mut scanned = BTreeSet::new();
    scan(&doc, "", false, &mut scanned);
    let walked: BTreeSet<String> = found.iter().map(|(at, _)| at.clone()).collect();
    assert_eq!(walked, scanned);
    let expect = [
        ("/paths/~1x/parameters/0/example", Place::Parameter),
        ("/paths/~1x/post/requestBody/content/application~1json/examples/one/value", Place::Request),
        ("/paths/~1x/post/requestBody/content/application~1json/examples/two", Place::Request),
        ("/paths/~1x/post/requestBody/content/application~1json/schema/properties/example/example", Place::Schema),
        ("/paths/~1x/post/requestBody/content/application~1json/schema/properties/list/items/example", Place::Schema),
        ("/paths/~1x/post/responses/400/headers/H/example", Place::Header),
        ("/paths/~1x/post/responses/400/content/application~1json/example", Place::Error),
        ("/components/schemas/S/allOf/0/example", Place::Schema),
        ("/components/responses/Ok/content/application~1json/example", Place::Success),
    ];
    assert_eq!(found.len(), expect.len(), "{found:#?}");
    for (at, place) in expect {
        assert!(
            found.contains(&(at.to_owned(), place)),
            "{at} not found as {place:?}: {found:#?}"
        );
    }
}

#[test]
fn a_null_item_of_a_nullable_enum_round_trips() {
    // `KycDocumentSubtype` is `nullable: true` and lists `null` among its values, so an array
    // of it may hold `null`; the generated element type must keep it.
    let spec = load_stem("rebilly-kyc-requests");
    let value = json!({
        "customerId": "123_456789",
        "documents": [{"type": "identity-proof", "subtypes": ["passport", null]}],
    });
    assert_eq!(
        validate(&spec, &push(REBILLY_REQUEST, "schema"), &value),
        Ok(Vec::new())
    );
    let rt = registry("rebilly-kyc-requests").expect("registry");
    let trip = roundtrip(rt, REBILLY_REQUEST, &value).expect("the request body has a type");
    assert_eq!(trip.outcome, Ok(()));
}
