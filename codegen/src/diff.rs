//! What a change to the specs does to users of the generated crate.
//!
//! Two folders of specs are lowered to IR ([`load`]) and compared item by item ([`compare`]).
//! Each difference becomes a [`Change`]: the JSON pointer it comes from, the Rust item it
//! touches (`vove_id_kyb::types::KybCase::ref_id`) and a [`Verdict`] judged by Rust's SemVer
//! rules against the code the emitters write:
//!
//! The shape of that code (how a field is held, how a value is built, what is
//! `#[non_exhaustive]`) comes from [`crate::shape`], the module the emitters use too:
//!
//! - structs, parameter structs, enums, unions, error enums and success enums are
//!   `#[non_exhaustive]`, so a new optional field (and its setter), enum value, union
//!   alternative or documented status is an addition, while removing one, or changing its type
//!   (`T`, `Option<T>`, `Nullable<T>` included), breaks callers;
//! - a struct without required fields derives `Default`, one with up to seven has
//!   `new(required...)`, one with more a builder whose `build()` fails without them; so a new
//!   required field (or an optional one made required) changes how values are built;
//! - the client validates requests before sending, so a narrowed constraint on a value that
//!   travels in a request makes calls fail that used to succeed; responses are not validated.
//!
//! The [`Report`] also says which version bump the changes need ([`semver`]) and whether the
//! version in `codegen.toml` already has it.

mod api;
mod context;
pub mod semver;
mod types;

use crate::diagnostic::Diagnostic;
use crate::ir::Api;
use crate::settings::{Settings, SETTINGS_FILE};
use semver::{Bump, Version};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// How a change affects users of the generated crate. Ordered from least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    /// Only documentation changes.
    Docs,
    /// Existing code keeps compiling and working: an addition, a relaxed check, a wire detail.
    Compatible,
    /// Existing code may stop compiling, or calls that worked may now be refused.
    Breaking,
}

impl Verdict {
    /// The word used in reports: `breaking`, `compatible` or `docs`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Docs => "docs",
            Self::Compatible => "compatible",
            Self::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between the two sides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// How it affects users.
    pub verdict: Verdict,
    /// The API module it belongs to; `None` for changes to the crate settings.
    pub module: Option<String>,
    /// The Rust item it touches, e.g. `vove_id_kyb::Client::create_kyb_case`.
    pub item: String,
    /// What changed and why it has this verdict.
    pub message: String,
    /// Where it is in the specs: `file#pointer`, in the base for removed items and in the
    /// head otherwise.
    pub location: String,
}

/// One side of the comparison: the settings and the lowered APIs of a specs folder.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// How the folder is named in the report (`specs`, `HEAD~1:specs`).
    pub label: String,
    /// `codegen.toml` (defaults when the folder has none).
    pub settings: Settings,
    /// Every API, in module order.
    pub apis: Vec<Api>,
}

impl Snapshot {
    /// Where the settings live, for messages.
    fn settings_file(&self) -> String {
        format!("{}/{SETTINGS_FILE}", self.label.trim_end_matches('/'))
    }
}

/// Loads and lowers every spec in `dir` (named `display` in messages). Fails when any spec
/// would fail `cargo xtask codegen`.
pub fn load(dir: &Path, display: &str) -> Result<Snapshot, Vec<Diagnostic>> {
    let settings = Settings::load(dir, display).map_err(|d| vec![d])?;
    let generated = crate::generate::generate_crate(dir, display)?;
    Ok(Snapshot {
        label: display.to_owned(),
        settings,
        apis: generated.apis,
    })
}

/// The changes from `base` to `head`, and what they mean for the version number.
#[derive(Debug, Clone)]
pub struct Report {
    /// The base's label.
    pub base_label: String,
    /// The head's label.
    pub head_label: String,
    /// Changes: crate settings first, then per module in module order.
    pub changes: Vec<Change>,
    /// Spec file of each module (the head's, or the base's for a removed module).
    pub sources: BTreeMap<String, String>,
    /// `[package] version` of the base.
    pub base_version: String,
    /// `[package] version` of the head.
    pub head_version: String,
    /// The head's settings file, for messages.
    pub settings_file: String,
}

/// Compares two snapshots.
pub fn compare(base: &Snapshot, head: &Snapshot) -> Report {
    let mut changes = settings_changes(base, head);
    let mut sources = BTreeMap::new();
    let mut modules: Vec<&str> = base
        .apis
        .iter()
        .chain(&head.apis)
        .map(|a| a.module.as_str())
        .collect();
    modules.sort_unstable();
    modules.dedup();
    for module in modules {
        let old = base.apis.iter().find(|a| a.module == module);
        let new = head.apis.iter().find(|a| a.module == module);
        match (old, new) {
            (Some(old), Some(new)) => {
                sources.insert(module.to_owned(), new.source.clone());
                let mut found = api::compare_api(old, new);
                // Most severe first; document order within a verdict.
                found.sort_by_key(|c| std::cmp::Reverse(c.verdict));
                changes.extend(found);
            }
            (Some(old), None) => {
                sources.insert(module.to_owned(), old.source.clone());
                changes.push(Change {
                    verdict: Verdict::Breaking,
                    module: Some(module.to_owned()),
                    item: module.to_owned(),
                    message: format!(
                        "API module and its `{module}` feature removed (the spec file is gone)"
                    ),
                    location: format!("{}#", old.source),
                });
            }
            (None, Some(new)) => {
                sources.insert(module.to_owned(), new.source.clone());
                changes.push(Change {
                    verdict: Verdict::Compatible,
                    module: Some(module.to_owned()),
                    item: module.to_owned(),
                    message: format!("new API module, behind the new `{module}` feature"),
                    location: format!("{}#", new.source),
                });
            }
            (None, None) => {}
        }
    }
    Report {
        base_label: base.label.clone(),
        head_label: head.label.clone(),
        changes,
        sources,
        base_version: base.settings.crate_version.clone(),
        head_version: head.settings.crate_version.clone(),
        settings_file: head.settings_file(),
    }
}

fn settings_changes(base: &Snapshot, head: &Snapshot) -> Vec<Change> {
    let (old, new) = (&base.settings, &head.settings);
    let file = head.settings_file();
    let mut out = Vec::new();
    let mut push = |verdict, key: &str, message: String| {
        out.push(Change {
            verdict,
            module: None,
            item: format!("package.{key}"),
            message,
            location: format!("{file}#/package/{key}"),
        });
    };
    if old.crate_name != new.crate_name {
        push(
            Verdict::Breaking,
            "name",
            format!(
                "the package is renamed from `{}` to `{}`: dependents must change their manifests and paths",
                old.crate_name, new.crate_name
            ),
        );
    }
    if old.all_apis_by_default != new.all_apis_by_default {
        if new.all_apis_by_default {
            push(
                Verdict::Compatible,
                "all_apis_by_default",
                "every API module becomes a default feature".to_owned(),
            );
        } else {
            push(
                Verdict::Breaking,
                "all_apis_by_default",
                "API modules are no longer default features: dependents relying on the defaults lose them".to_owned(),
            );
        }
    }
    if old.edition != new.edition {
        push(
            Verdict::Compatible,
            "edition",
            format!(
                "the generated crate's edition changes from {} to {}; dependents are unaffected",
                old.edition, new.edition
            ),
        );
    }
    if old.description != new.description {
        push(
            Verdict::Docs,
            "description",
            "package description and crate documentation change".to_owned(),
        );
    }
    if old.license != new.license {
        push(
            Verdict::Docs,
            "license",
            format!("license {:?} -> {:?}", old.license, new.license),
        );
    }
    out
}

impl Report {
    /// The most severe verdict, if anything changed.
    pub fn worst(&self) -> Option<Verdict> {
        self.changes.iter().map(|c| c.verdict).max()
    }

    /// How many changes have `verdict`.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.changes.iter().filter(|c| c.verdict == verdict).count()
    }

    /// The base version, parsed.
    pub fn base_version(&self) -> Option<Version> {
        Version::parse(&self.base_version)
    }

    /// The head version, parsed.
    pub fn head_version(&self) -> Option<Version> {
        Version::parse(&self.head_version)
    }

    /// The bump the changes need from the base version.
    pub fn bump(&self) -> Bump {
        match self.base_version() {
            Some(base) => semver::bump_for(self.worst(), base),
            None if self.worst().is_some() => Bump::Major,
            None => Bump::None,
        }
    }

    /// The smallest version the head may carry.
    pub fn required_version(&self) -> Option<Version> {
        self.base_version().map(|b| b.bumped(self.bump()))
    }

    /// Whether the head version is at least [`Report::required_version`].
    pub fn version_reflects_changes(&self) -> bool {
        match (self.head_version(), self.required_version()) {
            (Some(head), Some(required)) => head >= required,
            _ => false,
        }
    }

    /// Whether there is a breaking change that the head version does not announce: the head
    /// version is still Cargo-compatible with the base one. This is what
    /// `cargo xtask diff --fail-on breaking` fails on.
    pub fn has_unannounced_breaking_change(&self) -> bool {
        if self.count(Verdict::Breaking) == 0 {
            return false;
        }
        let needed = self
            .base_version()
            .map(|b| b.bumped(semver::bump_for(Some(Verdict::Breaking), b)));
        match (self.head_version(), needed) {
            (Some(head), Some(needed)) => head < needed,
            _ => true,
        }
    }

    fn write_version(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "version: {} in {} (base {})",
            self.head_version, self.settings_file, self.base_version
        )?;
        let (Some(base), Some(required)) = (self.base_version(), self.required_version()) else {
            return writeln!(
                f,
                "bump needed: unknown (the base version is not MAJOR.MINOR.PATCH)"
            );
        };
        let bump = self.bump();
        if bump == Bump::None {
            return writeln!(f, "bump needed: none");
        }
        let why = match self.worst() {
            Some(Verdict::Breaking) => "breaking changes",
            Some(Verdict::Compatible) => "compatible changes",
            _ => "documentation changes",
        };
        writeln!(
            f,
            "bump needed: {bump} ({why}; rule: {}): {base} -> {required} or later",
            semver::rule_for(base)
        )?;
        if self.version_reflects_changes() {
            writeln!(f, "the version already reflects it")
        } else {
            writeln!(
                f,
                "the version does not reflect it yet: set `[package] version` in {} to {required} or later",
                self.settings_file
            )
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "spec changes from {} to {}",
            self.base_label, self.head_label
        )?;
        if self.changes.is_empty() {
            writeln!(f, "\nno changes to the generated crate")?;
        }
        let mut current: Option<Option<&str>> = None;
        for change in &self.changes {
            let module = change.module.as_deref();
            if current != Some(module) {
                current = Some(module);
                match module {
                    Some(m) => {
                        let source = self.sources.get(m).map(String::as_str).unwrap_or("");
                        writeln!(f, "\n{m} ({source})")?;
                    }
                    None => writeln!(f, "\ncrate settings")?,
                }
            }
            writeln!(
                f,
                "  {:<10}  {}: {}\n              at {}",
                change.verdict.as_str(),
                change.item,
                change.message,
                change.location
            )?;
        }
        writeln!(
            f,
            "\n{} breaking, {} compatible, {} docs",
            self.count(Verdict::Breaking),
            self.count(Verdict::Compatible),
            self.count(Verdict::Docs)
        )?;
        self.write_version(f)
    }
}
