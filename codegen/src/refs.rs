//! `$ref`s that point anywhere inside the document, not only at a `components` entry.
//!
//! A reference is a URI whose fragment is a JSON pointer (OpenAPI 3.0.3, "Reference Object";
//! RFC 6901), so `#/components/schemas/Tag/properties/y`, `#/components/parameters/P/schema`
//! and `#/paths/~1a/get/responses/200` are all legal, and generators such as swagger-php write
//! them. The rest of the pipeline reads references to `#/components/<section>/<name>` only;
//! this pass, on the JSON value before typed parsing, turns every other local reference into
//! one:
//!
//! - a target that is itself just a `$ref` is followed (a chain ends at its last link);
//! - any other target is moved ("hoisted") into `components.<section>` under a name made from
//!   its place (`Tag` + `properties/y` -> `TagY`, the name lowering would give the inline
//!   schema there), and its old place refers to the new entry, so the place and every
//!   reference to it share one Rust type;
//! - a chain that comes back to where it started (a reference to itself) constrains nothing:
//!   its first link is read as `{}` (any value), with a warning;
//! - a pointer that leads nowhere is an error naming the last part that exists.
//!
//! Which section a target belongs to follows from where it is (a schema under `properties`, a
//! parameter under `parameters`, ...), by the structure of an OpenAPI document; a target
//! outside that structure (`#/definitions/Pet`) belongs where the place referring to it says.

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::naming;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Nesting beyond which the walks stop; the parsers refuse deeper documents anyway.
const MAX_DEPTH: usize = 256;

/// Kind key of the warning for a hoisted target.
pub const KIND_HOISTED: &str = "pointer-ref-hoisted";
/// Kind key of the warning for a reference cycle read as any value.
pub const KIND_CYCLE: &str = "pointer-ref-cycle";

/// Rewrites every local `$ref` that does not point at a `components` entry so that it does.
/// Returns a warning per hoisted target and per repaired cycle.
pub fn resolve(raw: &mut Value, file: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    let mut sites: Vec<(String, String)> = Vec::new();
    collect(
        raw,
        &mut Vec::new(),
        false,
        &is_deep,
        &mut |reference, at| {
            sites.push((reference.to_owned(), at));
        },
    );
    if sites.is_empty() {
        return Ok(Vec::new());
    }
    // The first place each target is referred from, for messages; targets in document order.
    let mut first_site: BTreeMap<String, String> = BTreeMap::new();
    let mut targets: Vec<String> = Vec::new();
    for (reference, at) in sites {
        if !first_site.contains_key(&reference) {
            first_site.insert(reference.clone(), at);
            targets.push(reference);
        }
    }
    // Deeper targets first: moving a target must not move another one still to be read.
    let mut order: Vec<&String> = targets.iter().collect();
    order.sort_by_key(|t| std::cmp::Reverse(tokens(t).len()));

    let mut warnings = Vec::new();
    let mut taken: BTreeSet<(String, String)> = BTreeSet::new();
    // target -> what references to it become (a component reference, or the next link).
    let mut next: BTreeMap<String, String> = BTreeMap::new();
    for target in order {
        let site = first_site.get(target).map_or("", String::as_str);
        let path = tokens(target);
        let value = raw
            .pointer(&target[1..])
            .ok_or_else(|| missing(raw, file, site, target, &path))?;
        if let Some(link) = pure_ref(value) {
            next.insert(target.clone(), link.to_owned());
            continue;
        }
        let new_ref = hoist(raw, file, site, target, &path, &mut taken, &mut warnings)?;
        next.insert(target.clone(), new_ref);
    }

    // Follow chains to their end; a chain that comes back is a cycle.
    let mut end: BTreeMap<String, String> = BTreeMap::new();
    for target in &targets {
        let mut chain: Vec<String> = vec![target.clone()];
        let mut current = target.clone();
        let result = loop {
            if let Some(done) = end.get(&current) {
                break done.clone();
            }
            let Some(link) = next.get(&current) else {
                break current;
            };
            if !is_deep(link) {
                break link.clone();
            }
            if chain.contains(link) {
                // A cycle: its first link (in document order of targets) becomes `{}`.
                let start = chain.iter().position(|c| c == link).unwrap_or(0);
                let members: Vec<String> = chain[start..].to_vec();
                let first = targets
                    .iter()
                    .find(|t| members.contains(t))
                    .cloned()
                    .unwrap_or_else(|| link.clone());
                let site = first_site.get(&first).map_or("", String::as_str);
                if let Some(slot) = raw.pointer_mut(&first[1..]) {
                    *slot = Value::Object(Map::new());
                }
                let mut shown = members.clone();
                shown.push(link.clone());
                warnings.push(
                    Diagnostic::warning(
                        file,
                        &first[1..],
                        format!(
                            "$ref cycle with nothing in between: {}; read as any value",
                            shown.join(" -> ")
                        ),
                    )
                    .with_hint(format!(
                        "give {first} a schema of its own (referred to from #{site})"
                    ))
                    .with_kind(KIND_CYCLE),
                );
                let path = tokens(&first);
                let new_ref = hoist(raw, file, site, &first, &path, &mut taken, &mut warnings)?;
                next.insert(first.clone(), new_ref);
                // Ends found so far never reach this cycle (they would have met it); the
                // chain from `target` is followed again now that the cycle is cut.
                chain = vec![target.clone()];
                current = target.clone();
                continue;
            }
            chain.push(link.clone());
            current = link.clone();
        };
        for link in chain {
            end.insert(link, result.clone());
        }
    }
    rewrite(raw, &end, 0);
    Ok(warnings)
}

/// Whether `reference` is local and not of the form `#/components/<section>/<name>`.
fn is_deep(reference: &str) -> bool {
    let Some(pointer) = reference.strip_prefix('#') else {
        return false;
    };
    if pointer.is_empty() {
        return false;
    }
    let parts = tokens(reference);
    !(parts.len() == 3 && parts[0] == "components")
}

/// The unescaped tokens of the pointer in `#/a/b`.
fn tokens(reference: &str) -> Vec<String> {
    reference
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// The `$ref` of an object that holds nothing else (extensions aside).
fn pure_ref(value: &Value) -> Option<&str> {
    let map = value.as_object()?;
    let reference = map.get("$ref")?.as_str()?;
    map.keys()
        .all(|k| k == "$ref" || k.starts_with("x-"))
        .then_some(reference)
}

/// Keys whose value is a map from names (not keywords) to objects.
const NAME_MAPS: &[&str] = &[
    "properties",
    "paths",
    "schemas",
    "responses",
    "parameters",
    "requestBodies",
    "headers",
    "securitySchemes",
    "links",
    "callbacks",
    "content",
    "encoding",
    "$defs",
    "definitions",
    "pathItems",
    "webhooks",
    "patternProperties",
];

/// Keys whose value is data, not description: never searched for references.
fn is_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

/// Calls `f(reference, pointer of the object holding it)` for every `$ref` string that
/// `wanted` accepts. The pointer is built from `at` (the tokens so far) only for those, so
/// the walk over a large document without such references allocates next to nothing.
fn collect<'v>(
    value: &'v Value,
    at: &mut Vec<Token<'v>>,
    names: bool,
    wanted: &dyn Fn(&str) -> bool,
    f: &mut dyn FnMut(&str, String),
) {
    if at.len() > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if !names {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if wanted(reference) {
                        let pointer = at.iter().fold(String::new(), |acc, t| match t {
                            Token::Key(k) => pointer_push(&acc, k),
                            Token::Index(i) => pointer_push(&acc, &i.to_string()),
                        });
                        f(reference, pointer);
                    }
                }
            }
            for (key, child) in map {
                if !names && (is_data(key) || key == "$ref") {
                    continue;
                }
                let child_names = !names && NAME_MAPS.contains(&key.as_str());
                at.push(Token::Key(key));
                collect(child, at, child_names, wanted, f);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                at.push(Token::Index(i));
                collect(item, at, false, wanted, f);
                at.pop();
            }
        }
        _ => {}
    }
}

/// One step of a JSON pointer during a walk.
enum Token<'v> {
    Key(&'v str),
    Index(usize),
}

/// Replaces each `$ref` found in `map` by what it maps to (the same walk as [`collect`]).
fn rewrite(value: &mut Value, map: &BTreeMap<String, String>, depth: usize) {
    fn walk(value: &mut Value, names: bool, map: &BTreeMap<String, String>, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match value {
            Value::Object(object) => {
                if !names {
                    if let Some(Value::String(reference)) = object.get_mut("$ref") {
                        if let Some(to) = map.get(reference.as_str()) {
                            *reference = to.clone();
                        }
                    }
                }
                for (key, child) in object.iter_mut() {
                    if !names && (is_data(key) || key == "$ref") {
                        continue;
                    }
                    let child_names = !names && NAME_MAPS.contains(&key.as_str());
                    walk(child, child_names, map, depth + 1);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, false, map, depth + 1);
                }
            }
            _ => {}
        }
    }
    walk(value, false, map, depth);
}

/// What an OpenAPI document holds at a place, as far as references care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    Paths,
    PathItem,
    Operation,
    Parameters,
    Parameter,
    RequestBodies,
    RequestBody,
    Responses,
    Response,
    Headers,
    Header,
    Content,
    MediaType,
    Schemas,
    SchemaList,
    Schema,
    Components,
    Other,
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

fn step(place: Place, token: &str) -> Place {
    use Place::*;
    match (place, token) {
        (Root, "paths") => Paths,
        (Root, "components") => Components,
        (Paths, _) => PathItem,
        (PathItem, "parameters") | (Operation, "parameters") => Parameters,
        (PathItem, m) if METHODS.contains(&m) => Operation,
        (Operation, "requestBody") => RequestBody,
        (Operation, "responses") => Responses,
        (Operation, "callbacks") => Other,
        (Parameters, _) => Parameter,
        (RequestBodies, _) => RequestBody,
        (Responses, _) => Response,
        (Headers, _) => Header,
        (Parameter | Header, "schema") | (MediaType, "schema") => Schema,
        (Parameter | Header | RequestBody | Response, "content") => Content,
        (Response, "headers") => Headers,
        (Content, _) => MediaType,
        (Schemas, _) | (SchemaList, _) => Schema,
        (Schema, "properties") => Schemas,
        (Schema, "items" | "not" | "additionalProperties") => Schema,
        (Schema, "allOf" | "anyOf" | "oneOf") => SchemaList,
        (Components, "schemas") => Schemas,
        (Components, "parameters") => Parameters,
        (Components, "requestBodies") => RequestBodies,
        (Components, "responses") => Responses,
        (Components, "headers") => Headers,
        _ => Other,
    }
}

/// The `components` section an object at `path` belongs in, and a type name for it.
fn section_and_name(raw: &Value, path: &[String]) -> (Option<&'static str>, String) {
    let mut place = Place::Root;
    let mut name = String::new();
    let mut here = raw;
    for (i, token) in path.iter().enumerate() {
        let parent = place;
        place = step(place, token);
        let part = match (parent, place) {
            // The component's own key, or the operation that holds the target.
            (Place::Schemas | Place::Parameters | Place::RequestBodies | Place::Responses, _)
                if i == 2 && path[0] == "components" =>
            {
                naming::type_name(token)
            }
            (Place::PathItem, Place::Operation) => here
                .get(token)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .map(naming::type_name)
                .unwrap_or_else(|| {
                    naming::type_name(&format!("{token} {}", path.get(1).map_or("", |p| p)))
                }),
            (Place::Schemas, Place::Schema) => naming::type_name(token),
            (Place::Parameters, Place::Parameter) => here
                .get(token.parse::<usize>().unwrap_or(usize::MAX))
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .map(naming::type_name)
                .unwrap_or_else(|| format!("Param{token}")),
            (Place::Responses, Place::Response) => format!("Response{}", naming::type_name(token)),
            (Place::Operation, Place::RequestBody) => "Body".to_owned(),
            (Place::Headers, Place::Header) => naming::type_name(token),
            (Place::Schema, Place::Schema) => match token.as_str() {
                "items" => "Item".to_owned(),
                "additionalProperties" => "Value".to_owned(),
                _ => naming::type_name(token),
            },
            (Place::SchemaList, Place::Schema) => {
                let list = path.get(i.wrapping_sub(1)).map_or("", String::as_str);
                format!("{}{token}", naming::type_name(list))
            }
            _ => String::new(),
        };
        name.push_str(&part);
        here = match here {
            Value::Object(map) => map.get(token.as_str()).unwrap_or(&Value::Null),
            Value::Array(items) => token
                .parse::<usize>()
                .ok()
                .and_then(|i| items.get(i))
                .unwrap_or(&Value::Null),
            _ => &Value::Null,
        };
    }
    let section = match place {
        Place::Schema => Some("schemas"),
        Place::Parameter => Some("parameters"),
        Place::RequestBody => Some("requestBodies"),
        Place::Response => Some("responses"),
        Place::Header => Some("headers"),
        _ => None,
    };
    if name.is_empty() {
        name = "Referenced".to_owned();
    }
    (section, name)
}

/// Moves the object at `target` into `components.<section>` and leaves a reference to it in
/// its place; returns that reference.
fn hoist(
    raw: &mut Value,
    file: &str,
    site: &str,
    target: &str,
    path: &[String],
    taken: &mut BTreeSet<(String, String)>,
    warnings: &mut Vec<Diagnostic>,
) -> Result<String, Diagnostic> {
    let (section, mut base) = section_and_name(raw, path);
    // A target outside the places OpenAPI defines (`#/definitions/Pet`, `#/x-shared/Pet`) is
    // what the place referring to it expects.
    let outside = path.first().is_some_and(|top| {
        !matches!(
            top.as_str(),
            "openapi"
                | "info"
                | "jsonSchemaDialect"
                | "servers"
                | "paths"
                | "webhooks"
                | "components"
                | "security"
                | "tags"
                | "externalDocs"
        )
    });
    let section = section.or_else(|| {
        if !outside {
            return None;
        }
        let site_path: Vec<String> = site
            .split('/')
            .skip(1)
            .map(|t| t.replace("~1", "/").replace("~0", "~"))
            .collect();
        let found = section_and_name(raw, &site_path).0;
        if found.is_some() {
            base = path
                .last()
                .map_or_else(String::new, |t| naming::type_name(t));
        }
        found
    });
    let Some(section) = section else {
        return Err(Diagnostic::error(
            file,
            site,
            format!(
                "$ref {target} points at something that is not a schema, parameter, request body, response or header"
            ),
        )
        .with_hint("point the reference at one of those objects, or at a components entry"));
    };
    let exists = |raw: &Value, name: &str| {
        raw.get("components")
            .and_then(|c| c.get(section))
            .and_then(|s| s.get(name))
            .is_some()
    };
    let mut name = base.clone();
    let mut n = 2;
    while exists(raw, &name) || taken.contains(&(section.to_owned(), name.clone())) {
        name = format!("{base}{n}");
        n += 1;
    }
    taken.insert((section.to_owned(), name.clone()));
    let new_ref = format!("#/components/{section}/{}", escape(&name));
    let Some(slot) = raw.pointer_mut(&target[1..]) else {
        return Err(missing(raw, file, site, target, path));
    };
    let value = std::mem::replace(slot, serde_json::json!({ "$ref": new_ref }));
    let Some(root) = raw.as_object_mut() else {
        return Err(Diagnostic::error(file, "", "the document is not an object"));
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    if !components.is_object() {
        return Err(
            Diagnostic::error(file, "/components", "`components` is not an object")
                .with_hint("write `components` as a mapping"),
        );
    }
    let entries = components
        .as_object_mut()
        .map(|c| {
            c.entry(section)
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut);
    let Some(entries) = entries else {
        return Err(Diagnostic::error(
            file,
            &format!("/components/{section}"),
            format!("`components.{section}` is not an object"),
        )
        .with_hint("write it as a mapping from names to objects"));
    };
    entries.insert(name.clone(), value);
    warnings.push(
        Diagnostic::warning(
            file,
            &target[1..],
            format!("referred to by $ref (first from #{site}); moved to components.{section}.{name} so that both places share one type"),
        )
        .with_hint(format!("define it as components.{section}.{name} and refer to that"))
        .with_kind(KIND_HOISTED),
    );
    Ok(new_ref)
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The error for a pointer that leads nowhere: the last part that exists and what it lacks.
fn missing(raw: &Value, file: &str, site: &str, target: &str, path: &[String]) -> Diagnostic {
    let mut here = raw;
    let mut at = String::new();
    for token in path {
        let next = match here {
            Value::Object(map) => map.get(token.as_str()),
            Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        let Some(next) = next else {
            let hint = match here {
                Value::Object(map) => {
                    let keys: Vec<String> = map.keys().take(8).map(|k| format!("`{k}`")).collect();
                    let more = if map.len() > keys.len() { ", ..." } else { "" };
                    format!(
                        "fix the reference; #{at} has {}{more}",
                        if keys.is_empty() {
                            "no entries".to_owned()
                        } else {
                            keys.join(", ")
                        }
                    )
                }
                Value::Array(items) => {
                    format!("fix the reference; #{at} has {} items", items.len())
                }
                _ => format!("fix the reference; #{at} is not an object"),
            };
            return Diagnostic::error(
                file,
                site,
                format!("$ref {target} does not exist: #{at} has no `{token}`"),
            )
            .with_hint(hint);
        };
        here = next;
        at = pointer_push(&at, token);
    }
    Diagnostic::error(file, site, format!("$ref {target} does not exist"))
        .with_hint("fix the reference")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(components: Value, paths: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": paths,
            "components": components,
        })
    }

    #[test]
    fn a_property_target_moves_into_components_and_both_places_refer_to_it() {
        let mut raw = doc(
            json!({"schemas": {
                "Tag": {"type": "object", "properties": {"y": {"type": "string", "enum": ["a"]}}},
                "Use": {"type": "object", "properties": {"t": {"$ref": "#/components/schemas/Tag/properties/y"}}}
            }}),
            json!({}),
        );
        let warnings = resolve(&mut raw, "f.yaml").expect("resolves");
        assert_eq!(
            raw["components"]["schemas"]["TagY"],
            json!({"type": "string", "enum": ["a"]})
        );
        assert_eq!(
            raw["components"]["schemas"]["Tag"]["properties"]["y"],
            json!({"$ref": "#/components/schemas/TagY"})
        );
        assert_eq!(
            raw["components"]["schemas"]["Use"]["properties"]["t"],
            json!({"$ref": "#/components/schemas/TagY"})
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].pointer, "/components/schemas/Tag/properties/y");
        assert_eq!(warnings[0].kind, KIND_HOISTED);
    }

    #[test]
    fn chains_end_at_their_last_link_and_names_follow_the_place() {
        let mut raw = doc(
            json!({
                "schemas": {
                    "Tag": {"allOf": [{"type": "object"}], "properties": {
                        "a": {"$ref": "#/components/schemas/Tag/properties/b"},
                        "b": {"$ref": "#/components/schemas/Other"},
                        "c": {"type": "array", "items": {"type": "integer"}}
                    }},
                    "Other": {"type": "string"},
                    "TagAllOf0": {"type": "string"}
                },
                "parameters": {"P": {"name": "p", "in": "query", "schema": {"type": "integer"}}}
            }),
            json!({"/x": {"get": {"operationId": "getX", "parameters": [
                {"name": "q", "in": "query", "schema": {"$ref": "#/components/schemas/Tag/properties/a"}},
                {"name": "r", "in": "query", "schema": {"$ref": "#/components/parameters/P/schema"}},
                {"name": "s", "in": "query", "schema": {"$ref": "#/components/schemas/Tag/allOf/0"}},
                {"name": "u", "in": "query", "schema": {"$ref": "#/components/schemas/Tag/properties/c/items"}},
                {"$ref": "#/paths/~1y/get/parameters/0"}
            ], "responses": {}}},
             "/y": {"get": {"operationId": "getY", "parameters": [{"name": "v", "in": "query"}], "responses": {}}}}),
        );
        resolve(&mut raw, "f.yaml").expect("resolves");
        let params = &raw["paths"]["/x"]["get"]["parameters"];
        assert_eq!(params[0]["schema"]["$ref"], "#/components/schemas/Other");
        assert_eq!(params[1]["schema"]["$ref"], "#/components/schemas/P");
        assert_eq!(
            params[2]["schema"]["$ref"],
            "#/components/schemas/TagAllOf02"
        );
        assert_eq!(params[3]["schema"]["$ref"], "#/components/schemas/TagCItem");
        assert_eq!(params[4]["$ref"], "#/components/parameters/GetYV");
        assert_eq!(
            raw["components"]["parameters"]["GetYV"],
            json!({"name": "v", "in": "query"})
        );
        assert_eq!(
            raw["components"]["schemas"]["TagCItem"],
            json!({"type": "integer"})
        );
    }

    #[test]
    fn a_reference_to_itself_is_read_as_any_value_with_a_warning() {
        let mut raw = doc(
            json!({"schemas": {"C": {"type": "object", "properties": {
                "l": {"$ref": "#/components/schemas/C/properties/l"},
                "m": {"$ref": "#/components/schemas/C/properties/n"},
                "n": {"$ref": "#/components/schemas/C/properties/m"}
            }}}}),
            json!({}),
        );
        let warnings = resolve(&mut raw, "f.yaml").expect("resolves");
        let props = &raw["components"]["schemas"]["C"]["properties"];
        assert_eq!(props["l"]["$ref"], "#/components/schemas/CL");
        assert_eq!(raw["components"]["schemas"]["CL"], json!({}));
        // The cycle m -> n -> m is cut at n, the target referred to first.
        assert_eq!(props["m"]["$ref"], "#/components/schemas/CN");
        assert_eq!(props["n"]["$ref"], "#/components/schemas/CN");
        assert_eq!(raw["components"]["schemas"]["CN"], json!({}));
        let cycles: Vec<&str> = warnings
            .iter()
            .filter(|w| w.kind == KIND_CYCLE)
            .map(|w| w.message.as_str())
            .collect();
        assert_eq!(cycles.len(), 2, "{cycles:?}");
        assert!(cycles[0].contains(
            "#/components/schemas/C/properties/l -> #/components/schemas/C/properties/l"
        ));
    }

    #[test]
    fn a_target_outside_the_openapi_structure_is_what_its_referrer_expects() {
        let mut raw = doc(
            json!({"schemas": {"Use": {"type": "object", "properties": {
                "pet": {"$ref": "#/definitions/Pet"}
            }}}}),
            json!({}),
        );
        raw["definitions"] = json!({"Pet": {"type": "object"}});
        resolve(&mut raw, "f.yaml").expect("resolves");
        assert_eq!(
            raw["components"]["schemas"]["Pet"],
            json!({"type": "object"})
        );
        assert_eq!(
            raw["components"]["schemas"]["Use"]["properties"]["pet"]["$ref"],
            "#/components/schemas/Pet"
        );
        let mut info = doc(json!({"schemas": {"U": {"$ref": "#/info"}}}), json!({}));
        let e = resolve(&mut info, "f.yaml").expect_err("the info object is no schema");
        assert!(e.message.contains("#/info"), "{e}");
    }

    #[test]
    fn a_pointer_into_nothing_names_what_is_missing() {
        let mut raw = doc(
            json!({"schemas": {
                "Tag": {"type": "object", "properties": {"y": {"type": "string"}}},
                "Use": {"type": "object", "properties": {"t": {"$ref": "#/components/schemas/Tag/properties/z"}}}
            }}),
            json!({}),
        );
        let e = resolve(&mut raw, "f.yaml").expect_err("no such property");
        assert_eq!(e.pointer, "/components/schemas/Use/properties/t");
        assert_eq!(
            e.message,
            "$ref #/components/schemas/Tag/properties/z does not exist: #/components/schemas/Tag/properties has no `z`"
        );
        assert!(e.hint.as_deref().is_some_and(|h| h.contains("`y`")));
    }

    #[test]
    fn references_in_examples_and_component_references_are_left_alone() {
        let original = doc(
            json!({"schemas": {"A": {"type": "object", "example": {"$ref": "#/x/y"},
                "properties": {"example": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "string"}}}),
            json!({}),
        );
        let mut raw = original.clone();
        assert!(resolve(&mut raw, "f.yaml").expect("resolves").is_empty());
        assert_eq!(raw, original);
    }
}
