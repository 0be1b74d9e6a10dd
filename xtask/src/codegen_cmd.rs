//! `cargo xtask codegen [--check] [--specs DIR] [--out DIR]`.

use crate::{project_root, take_flag, take_value, Io, Usage, EXIT_FAILURE, EXIT_OK};
use codegen::output::{self, Change};
use std::path::{Path, PathBuf};

/// Diff lines shown per stale file.
const MAX_DIFF_LINES: usize = 60;

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
    Ok(codegen(&specs, &out, check, io))
}

/// Generates from `specs` into `out` (or checks `out` when `check`). Prints diagnostics.
pub fn codegen(specs: &Path, out: &Path, check: bool, io: &mut Io<'_>) -> u8 {
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
    for w in &generated.warnings {
        let _ = writeln!(io.err, "{w}");
    }
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
