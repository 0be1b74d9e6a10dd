//! `cargo xtask codegen [--check] [--specs DIR] [--out DIR]`.

use crate::{project_root, take_flag, take_value, Io, Usage, EXIT_FAILURE, EXIT_OK};
use codegen::output::{self, Change};
use std::path::{Path, PathBuf};

/// Diff lines shown per stale file.
const MAX_DIFF_LINES: usize = 60;

/// Warnings of one kind in one file printed in full; a larger group is printed as one
/// diagnostic with a count and the first pointers (`--all-warnings` prints every one).
const MAX_WARNINGS_PER_KIND: usize = 3;

/// How a folder is named in messages and file headers: relative to the project root when it
/// is inside it (so the output does not depend on where the command runs), else as given.
pub fn display_path(path: &Path) -> String {
    let root = project_root();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let normalized = absolute.canonicalize().unwrap_or(absolute);
    let root = root.canonicalize().unwrap_or(root);
    match normalized.strip_prefix(&root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string().replace('\\', "/"),
        _ => path.display().to_string(),
    }
}

/// Parses the options and runs the command.
pub fn run(mut args: Vec<String>, io: &mut Io<'_>) -> Result<u8, Usage> {
    let check = take_flag(&mut args, "--check");
    let all_warnings = take_flag(&mut args, "--all-warnings");
    let root = project_root();
    let specs = take_value(&mut args, "--specs")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("specs"));
    let out = take_value(&mut args, "--out")?
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("generated"));
    if let Some(extra) = args.first() {
        return Err(Usage(format!("unexpected argument {extra:?}")));
    }
    Ok(codegen(&specs, &out, check, all_warnings, io))
}

/// Prints warnings: every one when `all`, else each kind (per file) in full up to
/// `MAX_WARNINGS_PER_KIND` and a larger kind as its first warning, the count and the first
/// pointers of the rest, so a large document's hundreds of repairs stay readable.
pub fn print_warnings(warnings: &[codegen::Diagnostic], all: bool, io: &mut Io<'_>) {
    if all {
        for w in warnings {
            let _ = writeln!(io.err, "{w}");
        }
        return;
    }
    for group in codegen::diagnostic::group(warnings) {
        let [first, rest @ ..] = group.as_slice() else {
            continue;
        };
        if group.len() <= MAX_WARNINGS_PER_KIND {
            for w in &group {
                let _ = writeln!(io.err, "{w}");
            }
            continue;
        }
        let shown: Vec<String> = rest
            .iter()
            .take(MAX_WARNINGS_PER_KIND)
            .map(|w| format!("#{}", w.pointer))
            .collect();
        let more = if rest.len() > shown.len() {
            format!(", ... ({} more)", rest.len() - shown.len())
        } else {
            String::new()
        };
        let mut summary = (*first).clone();
        summary.message = format!(
            "{} [and {} more like it: {}{more}; `--all-warnings` lists each]",
            first.message,
            rest.len(),
            shown.join(", "),
        );
        let _ = writeln!(io.err, "{summary}");
    }
}

/// Generates from `specs` into `out` (or checks `out` when `check`). Prints diagnostics,
/// warnings grouped by kind unless `all_warnings`.
pub fn codegen(specs: &Path, out: &Path, check: bool, all_warnings: bool, io: &mut Io<'_>) -> u8 {
    let specs_display = display_path(specs);
    let generated = match codegen::generate_crate(specs, &specs_display) {
        Ok(g) => g,
        Err(errors) => {
            for e in &errors {
                let _ = writeln!(io.err, "{e}");
            }
            let _ = writeln!(
                io.err,
                "{} error(s); {} was left unchanged",
                errors.len(),
                display_path(out)
            );
            return EXIT_FAILURE;
        }
    };
    print_warnings(&generated.warnings, all_warnings, io);
    let changes = match output::plan(out, &generated.files) {
        Ok(c) => c,
        Err(e) => {
            let _ = writeln!(io.err, "{e}");
            return EXIT_FAILURE;
        }
    };
    let out_display = display_path(out);
    if check {
        if changes.is_empty() {
            let _ = writeln!(
                io.out,
                "{out_display} is up to date with {specs_display} ({} files)",
                generated.files.len()
            );
            return EXIT_OK;
        }
        for change in &changes {
            let what = match change {
                Change::Create { .. } => "missing",
                Change::Update { .. } => "stale",
                Change::Delete { .. } => "no longer generated",
            };
            let _ = writeln!(io.out, "{what}: {out_display}/{}", change.path());
            let _ = write!(io.out, "{}", change.diff(MAX_DIFF_LINES));
        }
        let _ = writeln!(
            io.out,
            "\n{} file(s) in {out_display} differ from what {specs_display} generates: run `cargo xtask codegen` and commit the result",
            changes.len()
        );
        return EXIT_FAILURE;
    }
    if let Err(e) = output::apply(out, &changes) {
        let _ = writeln!(io.err, "{e}");
        return EXIT_FAILURE;
    }
    for change in &changes {
        let what = match change {
            Change::Create { .. } => "created",
            Change::Update { .. } => "updated",
            Change::Delete { .. } => "deleted",
        };
        let _ = writeln!(io.out, "{what} {out_display}/{}", change.path());
    }
    let _ = writeln!(
        io.out,
        "{out_display}: {} API(s), {} file(s), {} changed",
        generated.apis.len(),
        generated.files.len(),
        changes.len()
    );
    EXIT_OK
}

#[cfg(test)]
mod tests {
    use super::*;
    use codegen::Diagnostic;

    fn printed(warnings: &[Diagnostic], all: bool) -> String {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        print_warnings(
            warnings,
            all,
            &mut Io {
                out: &mut out,
                err: &mut err,
            },
        );
        String::from_utf8(err).expect("UTF-8")
    }

    #[test]
    fn a_large_kind_of_warning_is_one_line_with_a_count_and_the_first_pointers() {
        let mut warnings: Vec<Diagnostic> = (0..6)
            .map(|i| {
                Diagnostic::warning("a.yaml", &format!("/p{i}"), format!("moved {i}"))
                    .with_kind("hoisted")
                    .with_hint("refer to it")
            })
            .collect();
        warnings.insert(2, Diagnostic::warning("a.yaml", "/q", "other"));
        assert_eq!(
            printed(&warnings, false),
            "warning: a.yaml#/p0: moved 0 [and 5 more like it: #/p1, #/p2, #/p3, ... (2 more); \
             `--all-warnings` lists each]\n  hint: refer to it\nwarning: a.yaml#/q: other\n"
        );
        let all = printed(&warnings, true);
        assert_eq!(all.lines().filter(|l| l.starts_with("warning:")).count(), 7);
        assert!(all.starts_with("warning: a.yaml#/p0: moved 0\n  hint: refer to it\n"));
        // A kind with few members is printed in full.
        assert_eq!(
            printed(&warnings[..3], false),
            printed(&warnings[..3], true)
        );
    }
}
