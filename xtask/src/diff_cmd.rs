//! `cargo xtask diff (--base REV | --base-dir DIR) [--specs DIR] [--fail-on breaking]`.
//!
//! Compares the specs folder (default `specs/`) with the same folder at a git revision, or
//! with another folder, and prints what the change does to users of the generated crate:
//! every change with its JSON pointer, the Rust item it touches and a verdict, then the
//! version bump it needs. The revision is read with `git ls-tree` and `git cat-file` into a
//! temporary folder; the working tree is never touched.
//!
//! Exit codes: 0 when the report is printed (and, with `--fail-on breaking`, no breaking
//! change is left unannounced); 1 when a spec does not load, git fails, or `--fail-on
//! breaking` finds a breaking change while the head's `[package] version` is still
//! Cargo-compatible with the base's; 2 on bad usage.

use crate::codegen_cmd::display_path;
use crate::{project_root, take_value, Io, Usage, EXIT_FAILURE, EXIT_OK};
use codegen::diff::{self, Snapshot};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the base specs come from.
enum Base {
    /// A git revision of the specs folder.
    Rev(String),
    /// Another folder.
    Dir(PathBuf),
}

/// Parses the options and runs the command.
pub fn run(mut args: Vec<String>, io: &mut Io<'_>) -> Result<u8, Usage> {
    let specs = take_value(&mut args, "--specs")?
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("specs"));
    let rev = take_value(&mut args, "--base")?;
    let dir = take_value(&mut args, "--base-dir")?;
    let fail_on_breaking = match take_value(&mut args, "--fail-on")?.as_deref() {
        None => false,
        Some("breaking") => true,
        Some(other) => return Err(Usage(format!("--fail-on takes `breaking`, not {other:?}"))),
    };
    if let Some(extra) = args.first() {
        return Err(Usage(format!("unexpected argument {extra:?}")));
    }
    let base = match (rev, dir) {
        (Some(rev), None) => Base::Rev(rev),
        (None, Some(dir)) => Base::Dir(PathBuf::from(dir)),
        (Some(_), Some(_)) => {
            return Err(Usage("give --base or --base-dir, not both".to_owned()));
        }
        (None, None) => {
            return Err(Usage("diff needs --base REV or --base-dir DIR".to_owned()));
        }
    };
    Ok(diff_cmd(&specs, &base, fail_on_breaking, io))
}

fn diff_cmd(specs: &Path, base: &Base, fail_on_breaking: bool, io: &mut Io<'_>) -> u8 {
    let checkout;
    let (base_dir, base_label) = match base {
        Base::Dir(dir) => (dir.clone(), display_path(dir)),
        Base::Rev(rev) => match checkout_specs(specs, rev) {
            Ok(c) => {
                checkout = c;
                (checkout.dir.clone(), checkout.label.clone())
            }
            Err(message) => {
                let _ = writeln!(io.err, "error: {message}");
                return EXIT_FAILURE;
            }
        },
    };
    let Some(old) = load(&base_dir, &base_label, "base", io) else {
        return EXIT_FAILURE;
    };
    let Some(new) = load(specs, &display_path(specs), "head", io) else {
        return EXIT_FAILURE;
    };
    let report = diff::compare(&old, &new);
    let _ = write!(io.out, "{report}");
    if fail_on_breaking && report.has_unannounced_breaking_change() {
        let needed = report
            .base_version()
            .map(|b| b.bumped(diff::semver::bump_for(Some(diff::Verdict::Breaking), b)))
            .map_or_else(|| "a higher version".to_owned(), |v| v.to_string());
        let _ = writeln!(
            io.err,
            "error: {} breaking change(s), but version {} is still compatible with {}: set `[package] version` in {} to {needed} or later",
            report.count(diff::Verdict::Breaking),
            report.head_version,
            report.base_version,
            report.settings_file
        );
        return EXIT_FAILURE;
    }
    EXIT_OK
}

fn load(dir: &Path, label: &str, side: &str, io: &mut Io<'_>) -> Option<Snapshot> {
    match diff::load(dir, label) {
        Ok(snapshot) => Some(snapshot),
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(io.err, "{e}");
            }
            let _ = writeln!(
                io.err,
                "{} error(s) in the {side} specs ({label}); nothing to compare",
                errors.len()
            );
            None
        }
    }
}

/// The specs folder as it was at a revision, in a temporary folder removed on drop.
struct Checkout {
    dir: PathBuf,
    label: String,
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs git in `dir` and returns its standard output.
fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

fn git_text(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = git(dir, args)?;
    Ok(String::from_utf8_lossy(&out)
        .trim_end_matches('\n')
        .to_owned())
}

/// Writes the files of the specs folder at `rev`, sub-folders included (the fragments of
/// multi-file descriptions, which may be of any type: a `description` can be a Markdown
/// file), into a new temporary folder.
fn checkout_specs(specs: &Path, rev: &str) -> Result<Checkout, String> {
    if rev.starts_with('-') {
        return Err(format!("{rev:?} is not a revision"));
    }
    let top = PathBuf::from(git_text(specs, &["rev-parse", "--show-toplevel"])?);
    let prefix = git_text(specs, &["rev-parse", "--show-prefix"])?;
    let commit = git_text(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("{rev:?} is not a commit in {}", top.display()))?;
    let folder = prefix.trim_end_matches('/');
    let label = if folder.is_empty() {
        format!("{rev}:.")
    } else {
        format!("{rev}:{folder}")
    };
    let listing = git(
        &top,
        &["ls-tree", "-r", "-z", &format!("{commit}:{folder}")],
    )
    .map_err(|_| format!("{label} does not exist: the folder is not in that revision"))?;
    let dir = std::env::temp_dir().join(format!(
        "xtask-diff-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    ));
    std::fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let checkout = Checkout { dir, label };
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        // `<mode> SP <type> SP <object> TAB <name>`
        let Some((meta, name)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let [mode, "blob", object] = fields.as_slice() else {
            continue;
        };
        let safe = Path::new(name)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !matches!(*mode, "100644" | "100755") || !safe {
            continue;
        }
        let bytes = git(&top, &["cat-file", "blob", object])?;
        let path = checkout.dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, bytes)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(checkout)
}
