//! OpenAPI 3.1: the same meaning written the 3.1 way gives the same Rust as written the 3.0
//! way. `tests/fixtures/specs31/` is `specs/` rewritten as 3.1 (see its README.md);
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

#[test]
fn specs_rewritten_as_31_generate_the_same_crate() {
    let dir = root().join("tests/fixtures/specs31");
    // The rewrite really is 3.1: each file says so, and the folder uses the 3.1 spellings.
    let mut all = String::new();
    for entry in std::fs::read_dir(&dir)
        .expect("the fixture folder")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).expect("a fixture");
            assert!(text.starts_with("openapi: 3.1.0"), "{}", path.display());
            assert!(!text.contains("nullable"), "{}", path.display());
            all.push_str(&text);
        }
    }
    for spelling in [
        "- 'null'",
        "type: 'null'",
        "anyOf:",
        "examples:\n          - ",
    ] {
        assert!(all.contains(spelling), "no {spelling:?} in the rewrite");
    }
    same_crate(
        (&specs_dir(), "specs"),
        (&dir, "tests/fixtures/specs31"),
        &[("tests/fixtures/specs31/", "specs/")],
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
        "pub async fn upload_content(",
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
