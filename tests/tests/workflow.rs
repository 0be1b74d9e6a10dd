//! The user's loop, through the real command line in-process: generate, edit a spec, see the
//! drift check fail naming the stale file, regenerate, see it pass with the change in the crate.

use std::path::Path;
use tests::xtask;

fn path(p: &Path) -> &str {
    p.to_str().expect("temp paths are UTF-8")
}

#[test]
fn edit_spec_check_fails_then_regenerate_passes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let out = dir.path().join("crate");
    std::fs::create_dir(&specs).expect("specs dir");
    let original =
        std::fs::read_to_string(tests::specs_dir().join("vove-id-kyb.yaml")).expect("spec");
    std::fs::write(specs.join("vove-id-kyb.yaml"), &original).expect("write spec");

    let (code, stdout, stderr) = xtask(&["codegen", "--specs", path(&specs), "--out", path(&out)]);
    assert_eq!(code, 0, "first generation failed: {stdout}{stderr}");
    let (code, stdout, _) = xtask(&[
        "codegen",
        "--check",
        "--specs",
        path(&specs),
        "--out",
        path(&out),
    ]);
    assert_eq!(code, 0, "fresh output reported stale: {stdout}");

    // A vendor documents a new optional request field.
    let edited = original.replacen(
        "        country_state:\n",
        "        businessType:\n          type: string\n          description: Legal form of the business.\n        country_state:\n",
        1,
    );
    assert_ne!(edited, original, "the edit must apply to the spec");
    std::fs::write(specs.join("vove-id-kyb.yaml"), &edited).expect("edit spec");
    let before = std::fs::read_to_string(out.join("src/vove_id_kyb.rs")).expect("module");

    let (code, stdout, _) = xtask(&[
        "codegen",
        "--check",
        "--specs",
        path(&specs),
        "--out",
        path(&out),
    ]);
    assert_eq!(code, 1, "the drift check must fail after a spec edit");
    assert!(
        stdout.contains("stale: ") && stdout.contains("src/vove_id_kyb.rs"),
        "names the stale file: {stdout}"
    );
    assert!(
        stdout.contains("+        pub business_type"),
        "shows the diff: {stdout}"
    );
    assert!(
        stdout.contains("run `cargo xtask codegen`"),
        "says what to do: {stdout}"
    );
    let after_check = std::fs::read_to_string(out.join("src/vove_id_kyb.rs")).expect("module");
    assert_eq!(before, after_check, "--check must not change anything");

    let (code, stdout, stderr) = xtask(&["codegen", "--specs", path(&specs), "--out", path(&out)]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("updated") && stdout.contains("src/vove_id_kyb.rs"),
        "{stdout}"
    );
    let regenerated = std::fs::read_to_string(out.join("src/vove_id_kyb.rs")).expect("module");
    assert!(
        regenerated
            .contains("(\"businessType\", crate::runtime::field_if_some(&self.business_type))"),
        "new field in the crate"
    );
    assert!(regenerated.contains("pub business_type: Option<String>"));
    let (code, stdout, _) = xtask(&[
        "codegen",
        "--check",
        "--specs",
        path(&specs),
        "--out",
        path(&out),
    ]);
    assert_eq!(code, 0, "fresh after regeneration: {stdout}");
}

#[test]
fn removed_spec_files_are_deleted_and_foreign_files_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    let out = dir.path().join("crate");
    std::fs::create_dir(&specs).expect("specs dir");
    for name in ["vove-id-kyb.yaml", "verifa-cases.yaml"] {
        std::fs::copy(tests::specs_dir().join(name), specs.join(name)).expect("copy spec");
    }
    assert_eq!(
        xtask(&["codegen", "--specs", path(&specs), "--out", path(&out)]).0,
        0
    );
    std::fs::write(out.join("src/handwritten.rs"), "// mine\n").expect("foreign file");
    std::fs::remove_file(specs.join("verifa-cases.yaml")).expect("remove spec");
    let (code, stdout, _) = xtask(&["codegen", "--specs", path(&specs), "--out", path(&out)]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("deleted") && stdout.contains("src/verifa_cases.rs"),
        "{stdout}"
    );
    assert!(!out.join("src/verifa_cases.rs").exists());
    assert!(
        out.join("src/handwritten.rs").exists(),
        "files without the marker are never touched"
    );
    let lib = std::fs::read_to_string(out.join("src/lib.rs")).expect("lib");
    assert!(!lib.contains("verifa_cases"));
}
