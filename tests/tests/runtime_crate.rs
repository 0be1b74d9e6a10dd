//! A crate generated with `[runtime] path = ..` in `codegen.toml`: it holds no copy of the
//! runtime, depends on the workspace's runtime crate by path, and checks with no warning
//! (`cargo xtask corpus --runtime-path`, which checks the crate as a user would build it).

use tests::{root, xtask};

#[test]
fn a_crate_that_depends_on_the_runtime_crate_checks_without_warnings() {
    let keep = std::env::temp_dir().join(format!("runtime-crate-test-{}", std::process::id()));
    let specs = root().join("tests/fixtures/showcase");
    let runtime = root().join("codegen/runtime");
    let (code, out, err) = xtask(&[
        "corpus",
        &specs.display().to_string(),
        "--only",
        "showcase.yaml",
        "--keep",
        &keep.display().to_string(),
        "--runtime-path",
        &runtime.display().to_string(),
    ]);
    let krate = keep.join("corpus-showcase");
    let manifest = std::fs::read_to_string(krate.join("Cargo.toml"));
    let lib = std::fs::read_to_string(krate.join("src/lib.rs"));
    let copied = krate.join("src/runtime").exists();
    let _ = std::fs::remove_dir_all(&keep);
    assert_eq!(code, 0, "{out}\n{err}");
    let row = |name: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("| {name} |")))
            .unwrap_or_else(|| panic!("no row for {name} in {out}"))
            .to_owned()
    };
    // The rustc warnings column, then the result.
    assert!(
        row("(dependencies and runtime)").ends_with("| 0 | ok |"),
        "{out}"
    );
    assert!(row("showcase.yaml").ends_with("| 0 | ok |"), "{out}");
    let manifest = manifest.expect("the crate is kept");
    let runtime = runtime.canonicalize().expect("the runtime crate's folder");
    assert!(
        manifest.contains(&format!(
            "client-runtime = {{ path = \"{}\" }}",
            runtime.display()
        )),
        "{manifest}"
    );
    assert!(
        manifest.contains("mock = [\"client-runtime/mock\"]"),
        "{manifest}"
    );
    assert!(!manifest.contains("optional = true"), "{manifest}");
    assert!(
        lib.expect("the crate is kept")
            .contains("pub use client_runtime::runtime;"),
        "the runtime is the runtime crate's module"
    );
    assert!(!copied, "no copy of the runtime");
}

/// The two modes differ only in the crate around the API modules: the modules themselves are
/// the same bytes, so the API is the same whichever the `[runtime]` table says.
#[test]
fn only_the_crate_around_the_api_modules_depends_on_the_mode() {
    let specs = std::env::temp_dir().join(format!("runtime-crate-specs-{}", std::process::id()));
    std::fs::create_dir_all(&specs).expect("a temporary folder");
    let fixtures = root().join("tests/fixtures/showcase");
    for name in ["showcase.yaml", "swagger2.yaml", "codegen.toml"] {
        std::fs::copy(fixtures.join(name), specs.join(name)).expect("copy a fixture");
    }
    let copied = codegen::generate_crate(&specs, "specs").expect("the crate generates");
    let settings = std::fs::read_to_string(specs.join("codegen.toml")).expect("the settings");
    std::fs::write(
        specs.join("codegen.toml"),
        format!("{settings}\n[runtime]\nversion = \"0.1\"\n"),
    )
    .expect("write the settings");
    let dependent = codegen::generate_crate(&specs, "specs");
    std::fs::write(
        specs.join("codegen.toml"),
        format!("{settings}\n[runtime]\npath = \"a\"\nversion = \"0.1\"\n"),
    )
    .expect("write the settings");
    let both = codegen::generate_crate(&specs, "specs");
    let _ = std::fs::remove_dir_all(&specs);
    let dependent = dependent.expect("the crate generates");

    let api_modules: Vec<&String> = copied
        .files
        .keys()
        .filter(|p| p.starts_with("src/") && !p.starts_with("src/runtime/") && *p != "src/lib.rs")
        .collect();
    assert!(api_modules.len() >= 3, "{api_modules:?}");
    for path in api_modules {
        assert_eq!(dependent.files.get(path), copied.files.get(path), "{path}");
    }
    assert!(copied.files.contains_key("src/runtime/mod.rs"));
    assert!(!dependent
        .files
        .keys()
        .any(|p| p.starts_with("src/runtime/")));
    let lib = |files: &std::collections::BTreeMap<String, String>| files["src/lib.rs"].clone();
    assert!(lib(&copied.files).contains("\npub mod runtime;\n"));
    assert!(lib(&dependent.files).contains("\npub use client_runtime::runtime;\n"));
    assert_eq!(
        lib(&copied.files).replace(
            "\npub mod runtime;\n",
            "\npub use client_runtime::runtime;\n"
        ),
        lib(&dependent.files)
    );
    assert!(dependent.files["Cargo.toml"].contains("\nclient-runtime = \"0.1\"\n"));

    let errors = both.expect_err("`path` and `version` together are refused");
    assert!(
        errors.iter().any(|d| d.file == "specs/codegen.toml"
            && d.pointer == "/runtime"
            && d.message.contains("both")),
        "{errors:?}"
    );
}
