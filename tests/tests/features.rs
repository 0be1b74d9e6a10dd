//! Document filtering and per-tag cargo features (`[api.<stem>]` in `codegen.toml`): the
//! fixture `tests/fixtures/features/` keeps `shop.yaml` without its `admin` operations, with
//! one cargo feature per remaining tag. The generated crate must compile with every feature,
//! with the module alone, and with one tag alone, without a warning; bad filter settings get a
//! diagnostic that points into `codegen.toml`.

use std::path::Path;

/// `cargo xtask <args>` in-process: the exit code and stderr.
fn xtask(args: &[&str]) -> (u8, String) {
    let (code, _, err) = tests::xtask(args);
    (code, err)
}

fn generate(specs: &Path, out: &Path) -> (u8, String) {
    xtask(&[
        "codegen",
        "--specs",
        &specs.display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
}

fn fixture() -> std::path::PathBuf {
    tests::root().join("tests/fixtures/features")
}

/// The fixture folder with `codegen.toml` replaced by `settings`.
fn specs_with_settings(settings: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(fixture().join("shop.yaml"), dir.path().join("shop.yaml"))
        .expect("copy the spec");
    std::fs::write(dir.path().join("codegen.toml"), settings).expect("write the settings");
    dir
}

const PACKAGE: &str = "[package]\nname = \"shop\"\nversion = \"0.1.0\"\n";

#[test]
fn filtered_crate_with_tag_features_compiles_in_every_combination() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let (code, err) = generate(&fixture(), out.path());
    assert_eq!(code, 0, "stderr:\n{err}");
    let module = std::fs::read_to_string(out.path().join("src/shop.rs")).expect("the module");
    // `admin` operations and the types only they reach are gone; so is the unused schema.
    for gone in [
        "fn delete_store",
        "fn create_pet",
        "struct NewPet",
        "struct AdminProblem",
        "struct Unused",
    ] {
        assert!(!module.contains(gone), "{gone} is still generated");
    }
    for kept in [
        "#[cfg(feature = \"shop-pets\")]\n    pub fn list_pets",
        "#[cfg(feature = \"shop-stores\")]\n    pub fn list_stores",
        "#[cfg(any(feature = \"shop-owners\", feature = \"shop-pets\"))]\n    pub fn get_pet_owner",
        "    pub fn health",
        "pub struct Health",
    ] {
        assert!(module.contains(kept), "{kept:?} missing from the module");
    }
    let health = module.find("pub fn health").expect("the untagged method");
    assert!(
        !module[..health].ends_with(")]\n    "),
        "the untagged method is gated"
    );
    let manifest = std::fs::read_to_string(out.path().join("Cargo.toml")).expect("the manifest");
    assert!(
        manifest.contains("default = [\"shop\", \"shop-owners\", \"shop-pets\", \"shop-stores\"]"),
        "{manifest}"
    );
    assert!(
        manifest.contains("\"shop-stores\" = [\"shop\"]"),
        "{manifest}"
    );
    assert!(!manifest.contains("shop-admin"), "{manifest}");

    std::fs::copy(
        tests::root().join("Cargo.lock"),
        out.path().join("Cargo.lock"),
    )
    .expect("copy the lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let features: [&[&str]; 5] = [
        &["--all-features"],
        &["--no-default-features", "--features", "shop"],
        &["--no-default-features", "--features", "shop-stores"],
        &[
            "--no-default-features",
            "--features",
            "shop-owners,contract",
        ],
        &["--no-default-features", "--features", "contract"],
    ];
    for args in features {
        let output = std::process::Command::new(&cargo)
            .args(["check", "--offline", "--quiet"])
            .args(args)
            .current_dir(out.path())
            .env(
                "CARGO_TARGET_DIR",
                tests::root().join("target/bad-input-check"),
            )
            .env("RUSTFLAGS", "-D warnings")
            .output()
            .expect("run cargo check");
        assert!(
            output.status.success(),
            "cargo check {args:?} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn filter_entries_that_match_nothing_are_errors() {
    let specs = specs_with_settings(&format!(
        "{PACKAGE}[api.shop]\ninclude_tags = [\"pets\", \"pest\"]\nexclude_operations = [\"remove*\"]\n"
    ));
    let out = tempfile::tempdir().expect("a temporary folder");
    let (code, err) = generate(specs.path(), out.path());
    assert_ne!(code, 0);
    assert!(
        err.contains(
            "codegen.toml#/api/shop/include_tags/1: `include_tags` entry \"pest\" matches no tag"
        ),
        "{err}"
    );
    assert!(err.contains("admin, owners, pets, stores"), "{err}");
    assert!(
        err.contains("#/api/shop/exclude_operations/0: `exclude_operations` entry \"remove*\" matches no operationId"),
        "{err}"
    );
    assert!(
        !out.path().join("Cargo.toml").exists(),
        "nothing is written"
    );
}

#[test]
fn unknown_tables_and_keys_are_errors() {
    let specs = specs_with_settings(&format!("{PACKAGE}[api.shops]\ntag_features = true\n"));
    let out = tempfile::tempdir().expect("a temporary folder");
    let (code, err) = generate(specs.path(), out.path());
    assert_ne!(code, 0);
    assert!(
        err.contains("#/api/shops: `[api.shops]` names no spec file"),
        "{err}"
    );
    assert!(
        err.contains("hint: name the table after a spec's file stem or module name: shop"),
        "{err}"
    );

    let specs = specs_with_settings(&format!("{PACKAGE}[api.shop]\ninclude_tag = [\"pets\"]\n"));
    let (code, err) = generate(specs.path(), out.path());
    assert_ne!(code, 0);
    assert!(
        err.contains("codegen.toml:5:1") && err.contains("include_tag"),
        "{err}"
    );
}
