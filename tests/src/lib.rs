//! Shared helpers of the test suites: where the repository's folders are, and running
//! `cargo xtask` in-process.

use std::path::PathBuf;

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// Runs `cargo xtask <args>` in-process; returns the exit code, stdout and stderr.
pub fn xtask(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = xtask::run(
        args.iter().map(|a| (*a).to_owned()).collect(),
        &mut xtask::Io {
            out: &mut out,
            err: &mut err,
        },
    );
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// The `specs/` folder.
pub fn specs_dir() -> PathBuf {
    root().join("specs")
}

/// The spec files in `specs/`, sorted.
pub fn spec_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(specs_dir())
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    files
}

/// The README, whose Rust snippets `cargo test -p tests --doc` compiles against the generated
/// crate, so they cannot drift from its API.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    /// A snippet marked `ignore` (or `text`) would not be compiled, and could drift.
    #[test]
    fn every_rust_snippet_in_the_readme_is_compiled() {
        let readme = std::fs::read_to_string(super::root().join("README.md")).expect("README");
        let fences: Vec<&str> = readme
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("```"))
            .filter(|info| info.starts_with("rust"))
            .collect();
        assert!(!fences.is_empty(), "the README shows no Rust snippet");
        for info in fences {
            assert!(
                !info.contains("ignore") && !info.contains("text"),
                "README snippet ```{info} is not compiled"
            );
        }
    }
}
