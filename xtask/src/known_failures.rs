//! The corpus entries `cargo xtask corpus` cannot build yet, each naming the issue that fixes
//! it (`xtask/corpus-known-failures.toml`).
//!
//! The list keeps CI honest while the generator catches up with a grown corpus: a listed entry
//! that fails is reported as expected; a listed entry that passes fails the run (so the list
//! only shrinks: remove the entry), and so does a listed entry the corpus does not hold, or an
//! entry listed twice. Any failure not on the list fails the run as before.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file, relative to the project root.
pub const FILE: &str = "xtask/corpus-known-failures.toml";

/// One expected failure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KnownFailure {
    /// The corpus entry: a file name, or a folder name for a multi-file description.
    pub entry: String,
    /// The issue whose work makes the entry pass.
    pub issue: u32,
    /// Why it fails today.
    pub why: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ListFile {
    #[serde(default)]
    known: Vec<KnownFailure>,
}

/// The list, by entry name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KnownFailures {
    by_entry: BTreeMap<String, KnownFailure>,
}

impl KnownFailures {
    /// Reads the list at `path`; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Parses the list's text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let file: ListFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut by_entry = BTreeMap::new();
        for known in file.known {
            if known.why.trim().is_empty() {
                return Err(format!("`{}` needs a `why`", known.entry));
            }
            if let Some(old) = by_entry.insert(known.entry.clone(), known) {
                return Err(format!("`{}` is listed twice", old.entry));
            }
        }
        Ok(Self { by_entry })
    }

    /// The expected failure of `entry`, if listed.
    pub fn get(&self, entry: &str) -> Option<&KnownFailure> {
        self.by_entry.get(entry)
    }

    /// Whether nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.by_entry.is_empty()
    }

    /// The listed entries.
    pub fn entries(&self) -> impl Iterator<Item = &KnownFailure> {
        self.by_entry.values()
    }
}

/// What one corpus entry's outcome means against the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Passed and not listed.
    Ok,
    /// Failed and listed: expected.
    Expected(u32),
    /// Failed and not listed.
    Failed,
    /// Passed although listed: the list must shrink.
    UnexpectedPass(u32),
}

impl Verdict {
    /// Whether this outcome fails the run.
    pub fn fails_the_run(&self) -> bool {
        matches!(self, Verdict::Failed | Verdict::UnexpectedPass(_))
    }

    /// The result column of the report.
    pub fn label(&self) -> String {
        match self {
            Verdict::Ok => "ok".to_owned(),
            Verdict::Expected(issue) => format!("expected failure (issue {issue})"),
            Verdict::Failed => "FAILED".to_owned(),
            Verdict::UnexpectedPass(issue) => {
                format!("PASSED, but listed as a known failure (issue {issue})")
            }
        }
    }
}

/// The verdict for `entry`, which `failed` or not.
pub fn verdict(list: &KnownFailures, entry: &str, failed: bool) -> Verdict {
    match (list.get(entry), failed) {
        (None, false) => Verdict::Ok,
        (None, true) => Verdict::Failed,
        (Some(k), true) => Verdict::Expected(k.issue),
        (Some(k), false) => Verdict::UnexpectedPass(k.issue),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"
[[known]]
entry = "a.yaml"
issue = 13
why = "OpenAPI 3.1"
"#;

    #[test]
    fn each_outcome_gets_its_verdict() {
        let list = KnownFailures::parse(LIST).expect("parses");
        assert_eq!(verdict(&list, "a.yaml", true), Verdict::Expected(13));
        assert_eq!(verdict(&list, "a.yaml", false), Verdict::UnexpectedPass(13));
        assert_eq!(verdict(&list, "b.yaml", true), Verdict::Failed);
        assert_eq!(verdict(&list, "b.yaml", false), Verdict::Ok);
        assert!(Verdict::UnexpectedPass(13).fails_the_run());
        assert!(Verdict::Failed.fails_the_run());
        assert!(!Verdict::Expected(13).fails_the_run());
        assert!(!Verdict::Ok.fails_the_run());
    }

    #[test]
    fn a_bad_list_is_refused() {
        let twice = format!("{LIST}{LIST}");
        assert!(KnownFailures::parse(&twice)
            .unwrap_err()
            .contains("listed twice"));
        assert!(
            KnownFailures::parse("[[known]]\nentry = \"a\"\nissue = 1\nwhy = \" \"\n")
                .unwrap_err()
                .contains("needs a `why`")
        );
        assert!(KnownFailures::parse("[[known]]\nentry = \"a\"\nwhy = \"x\"\n").is_err());
        assert!(KnownFailures::parse(
            "[[known]]\nentry = \"a\"\nissue = 1\nwhy = \"x\"\nextra = 1\n"
        )
        .is_err());
    }

    #[test]
    fn the_checked_in_list_reads_and_names_issues() {
        let list = KnownFailures::load(&crate::project_root().join(FILE)).expect("the list reads");
        for known in list.entries() {
            assert!(known.issue > 0, "{known:?}");
        }
    }
}
