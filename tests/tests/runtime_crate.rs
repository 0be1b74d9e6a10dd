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
