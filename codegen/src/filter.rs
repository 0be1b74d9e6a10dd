//! Document filtering (`[api.<stem>]` in `codegen.toml`, see [`crate::settings`]): which
//! operations of a lowered API are kept, and the types they reach.
//!
//! An operation is kept when no `include_*` key is set or it matches one of them (a tag, an
//! operationId, a path template), and it matches no `exclude_*` key. Operation ids and paths
//! are patterns in which `*` matches any run of characters (`/` included); tags are compared
//! exactly. Then only the named types the kept operations reach (through parameters, bodies,
//! response bodies and headers, and on through fields, unions and aliases) are kept. Names do
//! not change: a type or method keeps the name it has in the unfiltered crate.
//!
//! Every filter entry must match something in the document: a misspelt tag or a path the
//! vendor renamed is an error, rather than a crate silently missing what was asked for.

use crate::diagnostic::Diagnostic;
use crate::ir::{Api, Operation, TypeDef, TypeKind, TypeRef};
use crate::settings::ApiSettings;
use std::collections::{BTreeSet, HashMap};

/// Keeps the operations `settings` select and the types they reach. `file` names the settings
/// file and `key` the API's table in it, for messages. On error nothing is kept out.
pub fn apply(
    api: &mut Api,
    settings: &ApiSettings,
    file: &str,
    key: &str,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    if !settings.filters() {
        return Ok(Vec::new());
    }
    let errors = unmatched(api, settings, file, key);
    if !errors.is_empty() {
        return Err(errors);
    }
    let before = api.operations.len();
    api.operations.retain(|op| keeps(settings, op));
    let mut warnings = Vec::new();
    if api.operations.is_empty() && before > 0 {
        warnings.push(
            Diagnostic::warning(
                file,
                &crate::diagnostic::pointer_of(["api", key]),
                format!(
                    "the filter keeps none of the {before} operations of {}",
                    api.source
                ),
            )
            .with_hint("loosen `include_*` or `exclude_*`"),
        );
    }
    let reached = reachable(&api.types, &api.operations);
    api.types.retain(|def| reached.contains(def.name.as_str()));
    Ok(warnings)
}

/// Whether `op` is kept.
pub fn keeps(s: &ApiSettings, op: &Operation) -> bool {
    let includes =
        s.include_tags.is_empty() && s.include_operations.is_empty() && s.include_paths.is_empty();
    let included = includes
        || op.tags.iter().any(|t| s.include_tags.contains(t))
        || s.include_operations
            .iter()
            .any(|p| matches(p, &op.operation_id))
        || s.include_paths.iter().any(|p| matches(p, &op.path));
    let excluded = op.tags.iter().any(|t| s.exclude_tags.contains(t))
        || s.exclude_operations
            .iter()
            .any(|p| matches(p, &op.operation_id))
        || s.exclude_paths.iter().any(|p| matches(p, &op.path));
    included && !excluded
}

/// One error per filter entry that matches no operation of `api`.
fn unmatched(api: &Api, s: &ApiSettings, file: &str, key: &str) -> Vec<Diagnostic> {
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    let mut errors = Vec::new();
    let mut check = |list_key: &str, list: &[String], hit: &dyn Fn(&str) -> bool, what: &str| {
        for (i, entry) in list.iter().enumerate() {
            if !hit(entry) {
                let pointer = crate::diagnostic::pointer_of(["api", key, list_key, &i.to_string()]);
                let hint = match what {
                    "tag" => {
                        let known: Vec<&str> = tags.iter().copied().take(12).collect();
                        let more = if tags.len() > known.len() {
                            ", ..."
                        } else {
                            ""
                        };
                        format!(
                            "the document's tags are: {}{more}",
                            if known.is_empty() {
                                "(none)".to_owned()
                            } else {
                                known.join(", ")
                            }
                        )
                    }
                    _ => {
                        format!("check the spelling; `*` matches any run of characters in a {what}")
                    }
                };
                errors.push(
                    Diagnostic::error(
                        file,
                        &pointer,
                        format!(
                            "`{list_key}` entry {entry:?} matches no {what} of {}",
                            api.source
                        ),
                    )
                    .with_hint(hint)
                    .with_kind("filter-matches-nothing"),
                );
            }
        }
    };
    let tag = |t: &str| tags.contains(t);
    let id = |p: &str| api.operations.iter().any(|op| matches(p, &op.operation_id));
    let path = |p: &str| api.operations.iter().any(|op| matches(p, &op.path));
    check("include_tags", &s.include_tags, &tag, "tag");
    check("exclude_tags", &s.exclude_tags, &tag, "tag");
    check(
        "include_operations",
        &s.include_operations,
        &id,
        "operationId",
    );
    check(
        "exclude_operations",
        &s.exclude_operations,
        &id,
        "operationId",
    );
    check("include_paths", &s.include_paths, &path, "path");
    check("exclude_paths", &s.exclude_paths, &path, "path");
    errors
}

/// Whether `text` matches `pattern`, in which `*` matches any run of characters.
pub fn matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else {
        return text.is_empty();
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        // No `*` at all: the whole text must be the pattern.
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The named types directly in `ty`.
pub fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Array(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => named(inner),
        TypeRef::Primitive(_) => None,
    }
}

/// The named types `def` refers to (fields, `additionalProperties`, union variants, alias).
pub fn referred(def: &TypeDef) -> Vec<&str> {
    let refs: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref())
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(inner) => vec![inner],
        TypeKind::Enum(_) => Vec::new(),
    };
    refs.into_iter().filter_map(named).collect()
}

/// The named types an operation uses directly: parameters, body, response bodies and headers.
pub fn used_by(op: &Operation) -> Vec<&str> {
    op.params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty))
        .chain(
            op.responses
                .iter()
                .filter_map(|r| r.body.as_ref().map(|b| &b.ty)),
        )
        .chain(
            op.responses
                .iter()
                .flat_map(|r| r.headers.iter().map(|h| &h.ty)),
        )
        .filter_map(named)
        .collect()
}

/// The closure of `roots` over [`referred`].
pub fn closure<'a>(
    by_name: &HashMap<&'a str, &'a TypeDef>,
    roots: impl IntoIterator<Item = &'a str>,
) -> BTreeSet<&'a str> {
    let mut seen = BTreeSet::new();
    let mut work: Vec<&str> = roots.into_iter().collect();
    while let Some(name) = work.pop() {
        if let Some(def) = by_name.get(name) {
            if seen.insert(def.name.as_str()) {
                work.extend(referred(def));
            }
        }
    }
    seen
}

/// The names of the types `operations` reach.
fn reachable(types: &[TypeDef], operations: &[Operation]) -> BTreeSet<String> {
    let by_name: HashMap<&str, &TypeDef> = types.iter().map(|d| (d.name.as_str(), d)).collect();
    closure(&by_name, operations.iter().flat_map(used_by))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(matches("/repos/*", "/repos/{owner}/{repo}"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "abc"));
        assert!(matches("a*b*c", "a-b-b-c"));
        assert!(!matches("a*b*c", "a-c"));
        assert!(!matches("ab*ba", "aba"));
        assert!(matches("repos/get", "repos/get"));
        assert!(!matches("repos/get", "repos/get-all"));
        assert!(!matches("/repos", "/repos/x"));
        assert!(matches("*/delete", "repos/delete"));
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Pet" } }
  /pets/{id}:
    delete:
      operationId: deletePet
      tags: [pets, admin]
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        "204": { description: gone }
        default:
          description: error
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Problem" }
  /stores:
    post:
      operationId: createStore
      tags: [stores]
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Store" }
      responses:
        "201": { description: made }
components:
  schemas:
    Pet:
      type: object
      properties:
        owner: { $ref: "#/components/schemas/Owner" }
    Owner:
      type: object
      properties:
        name: { type: string }
    Problem:
      type: object
      properties:
        detail: { type: string }
    Store:
      type: object
      properties:
        pets: { type: array, items: { $ref: "#/components/schemas/Pet" } }
        kind: { oneOf: [{ $ref: "#/components/schemas/Mall" }, { type: string }] }
    Mall:
      type: object
      properties:
        floors: { type: integer }
    Unused:
      type: object
      properties:
        x: { type: string }
"##;

    fn api() -> Api {
        let doc = crate::load::load_bytes(SPEC.as_bytes(), "pets.yaml", "pets", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    fn run(toml: &str) -> Result<(Vec<String>, Vec<String>), Vec<Diagnostic>> {
        let text = format!("[package]\nname = \"a\"\nversion = \"1.0.0\"\n[api.pets]\n{toml}");
        let settings = crate::settings::Settings::parse(&text, "codegen.toml").expect("parses");
        let (key, s) = settings.api("pets", "pets").expect("the table");
        let mut api = api();
        apply(&mut api, s, "codegen.toml", key)?;
        Ok((
            api.operations
                .iter()
                .map(|o| o.operation_id.clone())
                .collect(),
            api.types.iter().map(|t| t.name.clone()).collect(),
        ))
    }

    #[test]
    fn no_filter_keeps_everything() {
        let (ops, types) = run("tag_features = true\n").expect("no errors");
        assert_eq!(ops, ["listPets", "deletePet", "createStore"]);
        assert!(types.contains(&"Unused".to_owned()));
    }

    #[test]
    fn by_tag_keeps_the_types_reached() {
        let (ops, types) = run("include_tags = [\"pets\"]\n").expect("no errors");
        assert_eq!(ops, ["listPets", "deletePet"]);
        assert_eq!(types, ["Owner", "Pet", "Problem"]);
    }

    #[test]
    fn excludes_win_over_includes() {
        let (ops, types) =
            run("include_tags = [\"pets\"]\nexclude_tags = [\"admin\"]\n").expect("no errors");
        assert_eq!(ops, ["listPets"]);
        assert_eq!(types, ["Owner", "Pet"]);
        let (ops, _) = run("exclude_paths = [\"/pets*\"]\n").expect("no errors");
        assert_eq!(ops, ["createStore"]);
    }

    #[test]
    fn by_operation_and_path_follow_unions_and_arrays() {
        let (ops, types) = run("include_operations = [\"create*\"]\n").expect("no errors");
        assert_eq!(ops, ["createStore"]);
        assert!(types.contains(&"Mall".to_owned()), "{types:?}");
        assert!(types.contains(&"Owner".to_owned()), "{types:?}");
        assert!(!types.contains(&"Problem".to_owned()), "{types:?}");
        let (ops, _) = run("include_paths = [\"/pets/{id}\"]\ninclude_tags = [\"stores\"]\n")
            .expect("no errors");
        assert_eq!(ops, ["deletePet", "createStore"]);
    }

    #[test]
    fn entries_matching_nothing_are_errors() {
        let errors = run("include_tags = [\"pets\", \"pest\"]\nexclude_paths = [\"/nope*\"]\n")
            .expect_err("two entries match nothing");
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].pointer, "/api/pets/include_tags/1");
        assert!(errors[0].message.contains("\"pest\""));
        assert!(errors[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("admin, pets, stores")));
        assert_eq!(errors[1].pointer, "/api/pets/exclude_paths/0");
    }
}
