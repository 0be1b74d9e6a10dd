//! Multi-file descriptions: a specs folder whose API refers to files beside it and in
//! sub-folders (`tests/fixtures/multifile/pets`): path items, operations, schemas with a
//! cycle across files, fragments into other files, texts. Errors in a fragment name the
//! fragment, the pointer in it and the chain of references; editing a fragment is a change to
//! its API for `--check` and `cargo xtask diff`.

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    tests::root().join("tests/fixtures/multifile/pets")
}

use tests::xtask;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a folder");
    for entry in std::fs::read_dir(from).expect("read a folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// A copy of the fixture in a temporary folder, as `<tmp>/specs`.
fn copy_of_fixture() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let specs = dir.path().join("specs");
    copy_dir(&fixture(), &specs);
    (dir, specs)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read the fragment");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).expect("write the fragment");
}

fn generate(specs: &Path) -> codegen::Generated {
    codegen::generate_crate(specs, "specs").unwrap_or_else(|errors| {
        panic!(
            "the specs do not generate:\n{}",
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn the_root_document_is_the_only_api_and_its_files_are_bundled() {
    let generated = generate(&fixture());
    let modules: Vec<&str> = generated.apis.iter().map(|a| a.module.as_str()).collect();
    assert_eq!(
        modules,
        ["pets"],
        "notes.yaml and common.yaml are fragments"
    );
    let code = &generated.files["src/pets.rs"];
    // The path item file, the operation file (a repaired quirk) and the shared response.
    for method in [
        "pub fn list_pets(",
        "pub fn create_pet(",
        "pub fn get_owner(",
    ] {
        assert!(code.contains(method), "{method} missing");
    }
    // A cycle across files: pet.yaml -> owner.yaml -> pet.yaml.
    assert!(code.contains("pub owner: Option<Owner>,"));
    assert!(code.contains("pub pets: Option<Vec<Pet>>,"));
    // A local reference inside a fragment (`#/definitions/Tag` of pet.yaml), a fragment of
    // another file (`common.yaml#/schemas/Error`) and a property of another file's schema.
    assert!(code.contains("pub enum Tag {"));
    assert!(code.contains("pub struct Error {"));
    assert!(code.contains("pub struct NewPet {"));
    assert!(code.contains("pub limit: Option<i64>,"));
    // Texts from a Markdown file and from a YAML fragment.
    assert!(code.contains("Pets and their owners."), "info.description");
    let warnings: Vec<String> = generated.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "warning: specs/pets.yaml#/paths/~1owners~1{ownerId}/get: 1 operation(s) are `$ref`s"
        )),
        "{warnings:#?}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("warning: specs/pets.yaml#/info/description: 2 text(s)")),
        "{warnings:#?}"
    );
}

#[test]
fn components_are_named_from_their_key_or_file_and_pointer() {
    let doc = codegen::load::load_file(&fixture().join("pets.yaml"), "specs/pets.yaml")
        .expect("the document loads");
    let keys = |section: &str| -> Vec<String> {
        doc.raw["components"][section]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    // `Pet` is the root's own key for schemas/pet.yaml; the rest are named from the file
    // (`owner`, `new_pet`) or the last token of the pointer (`Tag`, `Error`, `name`).
    assert_eq!(
        keys("schemas"),
        ["Pet", "Error", "Tag", "name", "new_pet", "owner"]
    );
    assert_eq!(keys("parameters"), ["limit"]);
    assert_eq!(keys("headers"), ["rate-limit"]);
    assert_eq!(keys("responses"), ["error"]);
    assert_eq!(
        doc.raw["tags"][0]["description"],
        serde_json::json!("Everything about pets.\n")
    );
    assert_eq!(
        doc.raw["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"]["items"]["$ref"],
        serde_json::json!("#/components/schemas/Pet")
    );
    let mut fragments: Vec<String> = doc
        .fragments
        .files
        .iter()
        .map(|p| {
            p.strip_prefix(fixture().canonicalize().expect("the fixture"))
                .expect("inside the fixture")
                .display()
                .to_string()
        })
        .collect();
    fragments.sort();
    assert_eq!(
        fragments,
        [
            "common.yaml",
            "docs/pets.md",
            "notes.yaml",
            "operations/get_owner.yaml",
            "paths/pets.yaml",
            "schemas/new_pet.yaml",
            "schemas/owner.yaml",
            "schemas/pet.yaml"
        ]
    );
}

#[test]
fn generation_from_a_copy_elsewhere_is_the_same() {
    let (_dir, specs) = copy_of_fixture();
    assert_eq!(generate(&fixture()).files, generate(&specs).files);
}

#[test]
fn a_broken_fragment_is_named_with_its_pointer_and_the_chain_of_refs() {
    let (_dir, specs) = copy_of_fixture();
    edit(
        &specs.join("schemas/owner.yaml"),
        "  name:\n    type: string",
        "  name:\n    type: 7",
    );
    let errors = codegen::generate_crate(&specs, "specs").expect_err("the fragment is broken");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let text = errors[0].to_string();
    assert!(
        text.starts_with("error: specs/schemas/owner.yaml#/properties/name: "),
        "{text}"
    );
    assert!(
        text.contains(
            "(reached through $ref specs/pets.yaml#/paths/~1pets -> \
             specs/paths/pets.yaml#/get/responses/200/content/application~1json/schema/items -> \
             specs/schemas/pet.yaml#/properties/owner)"
        ),
        "{text}"
    );
}

#[test]
fn a_syntax_error_in_a_fragment_has_its_line_and_chain() {
    let (_dir, specs) = copy_of_fixture();
    std::fs::write(
        specs.join("schemas/new_pet.yaml"),
        "type: object\nproperties: [\n",
    )
    .expect("write the fragment");
    let errors = codegen::generate_crate(&specs, "specs").expect_err("the fragment is broken");
    assert_eq!(
        errors.len(),
        1,
        "fragments are not reported as APIs: {errors:#?}"
    );
    let text = errors[0].to_string();
    assert!(
        text.starts_with("error: specs/schemas/new_pet.yaml:3:1#: invalid YAML"),
        "{text}"
    );
    assert!(
        text.contains("specs/paths/pets.yaml#/post/requestBody/content/application~1json/schema)"),
        "{text}"
    );
}

#[test]
fn a_top_level_file_no_api_refers_to_is_still_reported() {
    let (_dir, specs) = copy_of_fixture();
    std::fs::write(
        specs.join("typo.yaml"),
        "opneapi: 3.0.3\ninfo: {}\npaths: {}\n",
    )
    .expect("write a misspelled spec");
    let errors = codegen::generate_crate(&specs, "specs").expect_err("typo.yaml is no API");
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 1, "{text:#?}");
    assert!(
        text[0].starts_with("error: specs/typo.yaml#: no `openapi` field"),
        "{text:#?}"
    );
    assert!(
        text[0].contains("no API here refers to it with `$ref`"),
        "{text:#?}"
    );
}

#[test]
fn editing_a_fragment_makes_the_crate_stale() {
    let (dir, specs) = copy_of_fixture();
    let out = dir.path().join("out");
    let (s, o) = (specs.display().to_string(), out.display().to_string());
    let (code, _, err) = xtask(&["codegen", "--specs", &s, "--out", &o]);
    assert_eq!(code, 0, "{err}");
    let (code, out_text, _) = xtask(&["codegen", "--check", "--specs", &s, "--out", &o]);
    assert_eq!(code, 0, "{out_text}");
    edit(
        &specs.join("schemas/owner.yaml"),
        "  name:\n    type: string",
        "  name:\n    type: string\n  nickname:\n    type: string",
    );
    let (code, out_text, _) = xtask(&["codegen", "--check", "--specs", &s, "--out", &o]);
    assert_eq!(code, 1, "{out_text}");
    assert!(out_text.contains("stale: "), "{out_text}");
    assert!(out_text.contains("/src/pets.rs"), "{out_text}");
    assert!(out_text.contains("+        pub nickname:"), "{out_text}");
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(args)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}

#[test]
fn diff_sees_an_edited_fragment_in_a_sub_folder() {
    let (dir, specs) = copy_of_fixture();
    git(dir.path(), &["init", "--quiet"]);
    git(dir.path(), &["add", "."]);
    git(dir.path(), &["commit", "--quiet", "-m", "base"]);
    let s = specs.display().to_string();
    let (code, out, err) = xtask(&["diff", "--base", "HEAD", "--specs", &s]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("no changes to the generated crate"), "{out}");
    edit(
        &specs.join("schemas/owner.yaml"),
        "required: [name]",
        "required: [name, pets]",
    );
    let (code, out, err) = xtask(&[
        "diff",
        "--base",
        "HEAD",
        "--specs",
        &s,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(out.contains("pets::types::Owner::pets"), "{out}");
    assert!(out.contains("#/components/schemas/owner"), "{out}");
}
