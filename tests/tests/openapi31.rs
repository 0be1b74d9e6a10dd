//! OpenAPI 3.1: the same meaning written the 3.1 way gives the same Rust as written the 3.0
//! way. `specs/` is rewritten as 3.1 by the migration's rules (`specs_as_31`);
//! `tests/fixtures/openapi31/v31/` holds every 3.1 construct the generator reads, and `v30/`
//! the same API written as 3.0. Each pair must give no change in `cargo xtask diff` and the
//! same module text, but for the file names and pointers the text quotes.

use codegen::diff;
use std::path::Path;
use tests::{root, specs_dir};

fn generate(dir: &Path, display: &str) -> codegen::Generated {
    codegen::generate_crate(dir, display).unwrap_or_else(|errors| {
        panic!(
            "{display} does not generate:\n{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

fn load(dir: &Path, label: &str) -> diff::Snapshot {
    diff::load(dir, label).unwrap_or_else(|errors| {
        panic!(
            "{} does not load: {}",
            dir.display(),
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

/// Asserts that `diff` finds no change and that every generated file is the same text once
/// each `(from, to)` replacement is applied to the 3.1 side.
fn same_crate(v30: (&Path, &str), v31: (&Path, &str), replace: &[(&str, &str)]) {
    let report = diff::compare(&load(v30.0, "3.0"), &load(v31.0, "3.1"));
    assert!(report.changes.is_empty(), "{report}");
    let (a, b) = (generate(v30.0, v30.1), generate(v31.0, v31.1));
    assert_eq!(
        a.files.keys().collect::<Vec<_>>(),
        b.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &a.files {
        let mut other = b.files[path].clone();
        for (from, to) in replace {
            other = other.replace(from, to);
        }
        if *text != other {
            let diff = similar::TextDiff::from_lines(text.as_str(), other.as_str());
            panic!("{path} differs:\n{}", diff.unified_diff().context_radius(2));
        }
    }
}

/// Keys under which a schema holds schemas, each as one schema (`true`) or as a map or list
/// of them (`false`).
const SCHEMA_CHILDREN: &[(&str, bool)] = &[
    ("items", true),
    ("not", true),
    ("additionalProperties", true),
    ("properties", false),
    ("allOf", false),
    ("anyOf", false),
    ("oneOf", false),
];

/// Rewrites one 3.0 schema (and those inside it) the 3.1 way. `plain` counts the plain
/// nullable scalars met so far: every other one is written with `anyOf`, the others with a
/// type list, so that both spellings are exercised.
fn schema_as_31(schema: &mut serde_json::Value, plain: &mut usize) {
    use serde_json::{json, Value};
    let Some(map) = schema.as_object_mut() else {
        return;
    };
    for (key, one) in SCHEMA_CHILDREN {
        match (map.get_mut(*key), one) {
            (Some(child), true) => schema_as_31(child, plain),
            (Some(Value::Object(children)), false) => {
                children.values_mut().for_each(|c| schema_as_31(c, plain))
            }
            (Some(Value::Array(children)), false) => {
                children.iter_mut().for_each(|c| schema_as_31(c, plain))
            }
            _ => {}
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".to_owned(), json!([example]));
    }
    for (flag, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if map.get(flag) == Some(&json!(true)) {
            if let Some(n) = map.remove(bound) {
                map.insert(flag.to_owned(), n);
            }
        } else if map.get(flag) == Some(&json!(false)) {
            map.remove(flag);
        }
    }
    if map.remove("nullable") != Some(json!(true)) {
        return;
    }
    let Some(Value::String(ty)) = map.get("type").cloned() else {
        panic!("a nullable schema without a type has no rule here: {map:?}");
    };
    let is_plain = map
        .keys()
        .all(|k| matches!(k.as_str(), "type" | "description" | "title"));
    if is_plain {
        *plain += 1;
    }
    if is_plain && plain.is_multiple_of(2) {
        map.remove("type");
        map.insert("anyOf".to_owned(), json!([{"type": ty}, {"type": "null"}]));
    } else {
        map.insert("type".to_owned(), json!([ty, "null"]));
        if let Some(Value::Array(values)) = map.get_mut("enum") {
            if !values.contains(&Value::Null) {
                values.push(Value::Null);
            }
        }
    }
}

/// Walks a document to its schemas (under `schema` and `components.schemas`) and rewrites each.
fn document_as_31(value: &mut serde_json::Value, plain: &mut usize) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema_as_31(child, plain),
                    "schemas" => {
                        if let Value::Object(schemas) = child {
                            schemas.values_mut().for_each(|s| schema_as_31(s, plain));
                        }
                    }
                    // Media type and parameter examples are not JSON Schema: they stay.
                    "example" | "examples" => {}
                    _ => document_as_31(child, plain),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|c| document_as_31(c, plain)),
        _ => {}
    }
}

/// `specs/` rewritten by the rules of the OpenAPI 3.0 -> 3.1 migration
/// (<https://www.openapis.org/blog/2021/02/16/migrating-from-openapi-3-0-to-3-1-0>), with
/// nothing else changed: `openapi: 3.1.0`; `type: T` + `nullable: true` -> `type: [T, 'null']`
/// (and `null` added to an `enum`), or, for every other plain nullable scalar,
/// `anyOf: [{type: T}, {type: 'null'}]`; a schema's `example: v` -> `examples: [v]`; boolean
/// exclusive bounds -> numeric ones. The rewrite is made here, from the specs as they are, so
/// an edit to a spec never needs a second, hand-made copy.
fn specs_as_31(into: &Path) -> String {
    let mut all = String::new();
    let mut plain = 0;
    for path in tests::spec_files() {
        let text = std::fs::read_to_string(&path).expect("a spec");
        let mut value: serde_json::Value = serde_yaml::from_str(&text).expect("a spec parses");
        value["openapi"] = serde_json::json!("3.1.0");
        document_as_31(&mut value, &mut plain);
        let yaml = serde_yaml::to_string(&value).expect("serialises");
        all.push_str(&yaml);
        std::fs::write(into.join(path.file_name().expect("a file name")), yaml)
            .expect("write the rewrite");
    }
    std::fs::copy(specs_dir().join("codegen.toml"), into.join("codegen.toml"))
        .expect("copy codegen.toml");
    all
}

#[test]
fn specs_rewritten_as_31_generate_the_same_crate() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let all = specs_as_31(dir.path());
    // The rewrite really is 3.1: no 3.0 spelling left, and both 3.1 spellings of null used.
    assert!(!all.contains("nullable"), "{all}");
    for spelling in ["- 'null'", "type: 'null'", "anyOf:", "examples:"] {
        assert!(all.contains(spelling), "no {spelling:?} in the rewrite");
    }
    same_crate(
        (&specs_dir(), "specs"),
        (dir.path(), "specs31"),
        &[("specs31/", "specs/")],
    );
}

#[test]
fn constructs_read_as_their_30_twin() {
    let dir = root().join("tests/fixtures/openapi31");
    same_crate(
        (&dir.join("v30"), "v30"),
        (&dir.join("v31"), "v31"),
        &[("v31/", "v30/"), ("`/webhooks/", "`/x-webhooks/")],
    );
}

#[test]
fn constructs_snapshot_and_warnings() {
    let generated = generate(
        &root().join("tests/fixtures/openapi31/v31"),
        "tests/fixtures/openapi31/v31",
    );
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        warnings,
        ["warning: tests/fixtures/openapi31/v31/constructs.yaml#/components/schemas/NewDocument/dependentRequired: \
          JSON Schema keyword not enforced: `dependentRequired` is read but neither the generated types nor `Validate` check it\n  \
          hint: the client accepts values that break this rule; check it in your code if it matters"]
    );
    let code = &generated.files["src/constructs.rs"];
    for needle in [
        "pub fn parse_document_created(",
        "pub fn parse_document_scored(",
        "pub fn upload_content(",
        "pub struct Size",
    ] {
        assert!(code.contains(needle), "{needle} missing");
    }
    insta::assert_snapshot!("constructs", code);
}

/// Rebilly's 3.1.0 bundle is its 3.0.3 bundle migrated by the vendor (`type: [T, 'null']`
/// for `nullable`, `oneOf: [$ref, {type: 'null'}]` for `allOf: [$ref]` + `nullable`,
/// `webhooks` for `x-webhooks`): the same API, so the same crate. The documents are in the
/// third-party corpus beside the project (`../shared/corpus`, see its SOURCES.md).
#[test]
fn rebilly_30_and_31_bundles_are_the_same_api() {
    let corpus = root().join("../shared/corpus");
    let pair = [
        ("v30", "rebilly_full_bundled_oas303_2023-11-08.yaml"),
        ("v31", "rebilly_full_bundled_oas310_2023-11-13.yaml"),
    ];
    let scratch = tempfile::tempdir().expect("a temporary folder");
    for (dir, file) in pair {
        let folder = scratch.path().join(dir);
        std::fs::create_dir_all(&folder).expect("create a specs folder");
        std::fs::copy(corpus.join(file), folder.join("rebilly.yaml")).unwrap_or_else(|e| {
            panic!(
                "{file} is missing from {} ({e}); the corpus comes with the project",
                corpus.display()
            )
        });
        std::fs::copy(
            specs_dir().join("codegen.toml"),
            folder.join("codegen.toml"),
        )
        .expect("copy codegen.toml");
    }
    let load_dir = |dir: &str| load(&scratch.path().join(dir), dir);
    let (v30, v31) = (load_dir("v30"), load_dir("v31"));
    let report = diff::compare(&v30, &v31);
    assert!(report.changes.is_empty(), "{report}");
    let webhooks = |s: &diff::Snapshot| s.apis.iter().map(|a| a.webhooks.len()).sum::<usize>();
    assert_eq!((webhooks(&v30), webhooks(&v31)), (92, 92));
}
