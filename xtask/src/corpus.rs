//! `cargo xtask corpus [DIR] [--keep DIR] [--only TEXT] [--no-check] [--known-failures FILE]
//! [--runtime-path PATH]`.
//!
//! Every OpenAPI document in `DIR` (default `../shared/corpus`, relative to the project root),
//! and every folder there (a multi-file description, copied whole), is generated on its own,
//! through the same code path as `cargo xtask codegen --specs
//! --out`: a specs folder holding just that document and a `codegen.toml` naming the crate,
//! [`codegen::generate_crate`], then [`codegen::output::plan`] and [`codegen::output::apply`]
//! into a scratch crate. Each scratch crate is then checked with `cargo check`. All checks share
//! one target folder (`target/corpus`) and the project's `Cargo.lock`, so the dependencies
//! compile once; they are checked first, on their own, so each document's check time is the
//! time of its own crate.
//!
//! Scratch crates live in a folder of the system's temporary directory and are removed
//! afterwards, or stay in `--keep DIR/<crate>`. Either way they declare an empty `[workspace]`,
//! so they never join the project's workspace.
//!
//! With `--runtime-path PATH` the crates depend on the runtime crate at `PATH` (the
//! `[runtime] path` setting of `codegen.toml`) instead of holding a copy of it.
//!
//! The report is a table (operations, skipped operations, types, lines, generation and check
//! time, generator warnings, compiler warnings), the warnings of each document grouped by kind
//! with the JSON pointer of every occurrence, and the first compiler errors of any crate that
//! does not check.
//!
//! A sub-folder of `DIR` is one entry too: a multi-file description, copied whole into the
//! scratch specs folder, whose top-level documents are the APIs.
//!
//! The entries listed in `xtask/corpus-known-failures.toml` (or `--known-failures FILE`; a
//! folder other than the default has no list unless given one) are expected to fail, each
//! naming its issue ([`crate::known_failures`]). The exit code is 1 when an entry that is not
//! listed fails to generate or check, when a listed entry passes (the list must shrink), or
//! when a listed entry is not in the folder.

use crate::codegen_cmd::display_path;
use crate::{project_root, take_flag, take_value, Io, Usage, EXIT_FAILURE, EXIT_OK};
use codegen::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::known_failures::{self, KnownFailures, Verdict};

/// Pointers listed per warning kind before the rest are counted.
const MAX_POINTERS_PER_KIND: usize = 12;

/// Lines of an expected failure's message shown in the report.
const MAX_EXPECTED_LINES: usize = 3;

/// Compiler diagnostics shown per crate that fails to check.
const MAX_COMPILER_LINES: usize = 40;

/// The line appended to every scratch `Cargo.toml`: the crate is a workspace of its own.
const OWN_WORKSPACE: &str =
    "\n# A scratch crate of `cargo xtask corpus`, outside any workspace.\n[workspace]\n";

/// Parses the options and runs the command.
pub fn run(mut args: Vec<String>, io: &mut Io<'_>) -> Result<u8, Usage> {
    let root = project_root();
    let keep = take_value(&mut args, "--keep")?.map(PathBuf::from);
    let only = take_value(&mut args, "--only")?;
    let no_check = take_flag(&mut args, "--no-check");
    let known_file = take_value(&mut args, "--known-failures")?;
    let runtime = take_value(&mut args, "--runtime-path")?.map(|p| {
        // Absolute, since the crates are written elsewhere.
        let p = PathBuf::from(p);
        p.canonicalize().unwrap_or(p)
    });
    if let Some(flag) = args.iter().find(|a| a.starts_with("--")) {
        return Err(Usage(format!("unknown option {flag:?}")));
    }
    if args.len() > 1 {
        return Err(Usage(format!("unexpected argument {:?}", args[1])));
    }
    let given = args.pop().map(PathBuf::from);
    // The known failures are those of the project's corpus; another folder has none.
    let known = match (&given, known_file) {
        (_, Some(file)) => load_known(Path::new(&file))?,
        (None, None) => load_known(&root.join(known_failures::FILE))?,
        (Some(_), None) => KnownFailures::default(),
    };
    let dir = given.unwrap_or_else(|| root.join("..").join("shared").join("corpus"));
    let options = Options {
        known,
        dir,
        keep,
        only,
        check: !no_check,
        target_dir: root.join("target").join("corpus"),
        lockfile: root.join("Cargo.lock"),
        runtime,
    };
    Ok(corpus(&options, io))
}

fn load_known(path: &Path) -> Result<KnownFailures, Usage> {
    KnownFailures::load(path).map_err(|e| Usage(format!("the known failures list: {e}")))
}

/// What one run does.
#[derive(Debug, Clone)]
pub struct Options {
    /// The entries expected to fail, each naming its issue.
    pub known: KnownFailures,
    /// The folder of documents.
    pub dir: PathBuf,
    /// Where scratch crates are kept (`DIR/<crate>`); a temporary folder when `None`.
    pub keep: Option<PathBuf>,
    /// Only documents whose file name contains this text.
    pub only: Option<String>,
    /// Whether to run `cargo check` on each crate.
    pub check: bool,
    /// The target folder all checks share.
    pub target_dir: PathBuf,
    /// The lock file copied into each scratch crate, so every crate resolves the same versions.
    pub lockfile: PathBuf,
    /// The runtime crate the crates depend on (`[runtime] path`), instead of a copy of it.
    pub runtime: Option<PathBuf>,
}

/// The outcome of one document.
#[derive(Debug, Default)]
struct Row {
    file: String,
    crate_name: String,
    operations_in_document: usize,
    operations: usize,
    types: usize,
    lines: usize,
    generate: Duration,
    check: Option<Duration>,
    warnings: Vec<Diagnostic>,
    compiler_warnings: Vec<String>,
    failure: Option<String>,
    verdict: Option<Verdict>,
    /// Why the list expects this entry to fail.
    known_why: Option<String>,
}

/// Runs the whole corpus and prints the report; returns the exit code.
pub fn corpus(options: &Options, io: &mut Io<'_>) -> u8 {
    let started = Instant::now();
    let dir = options
        .dir
        .canonicalize()
        .unwrap_or_else(|_| options.dir.clone());
    let dir_display = display_path(&dir);
    let files = match documents(&dir, &dir_display) {
        Ok(files) => files,
        Err(d) => {
            let _ = writeln!(io.err, "{d}");
            return EXIT_FAILURE;
        }
    };
    let files: Vec<(PathBuf, String)> = files
        .into_iter()
        .filter(|(path, _)| match &options.only {
            Some(text) => file_name(path).contains(text.as_str()),
            None => true,
        })
        .collect();
    if files.is_empty() {
        let _ = writeln!(io.err, "no document in {dir_display} matches");
        return EXIT_FAILURE;
    }
    let scratch = match &options.keep {
        Some(dir) => dir.clone(),
        // One folder per run: two runs at once must not remove each other's crates.
        None => std::env::temp_dir().join(format!("xtask-corpus-{}", run_id())),
    };
    let specs_root = std::env::temp_dir().join(format!("xtask-corpus-specs-{}", run_id()));

    let mut deps_row = None;
    if options.check {
        let _ = writeln!(io.err, "checking the dependencies and the runtime once");
        deps_row = Some(check_dependencies(options, &scratch, io));
    }
    let mut rows = Vec::new();
    for (path, display) in &files {
        let _ = writeln!(io.err, "generating {display}");
        let mut row = generate_one(
            path,
            display,
            &specs_root,
            &scratch,
            options.runtime.as_deref(),
        );
        if options.check && row.failure.is_none() {
            let _ = writeln!(io.err, "checking {}", row.crate_name);
            check_one(options, &scratch.join(&row.crate_name), &mut row);
        }
        rows.push(row);
    }
    let _ = std::fs::remove_dir_all(&specs_root);
    if options.keep.is_none() {
        for row in &rows {
            let _ = std::fs::remove_dir_all(scratch.join(&row.crate_name));
        }
        let _ = std::fs::remove_dir_all(scratch.join(DEPS_CRATE));
        let _ = std::fs::remove_dir(&scratch);
    }

    for row in &mut rows {
        row.verdict = Some(known_failures::verdict(
            &options.known,
            &row.file,
            row.failure.is_some(),
        ));
        row.known_why = options.known.get(&row.file).map(|k| k.why.clone());
    }
    report(&rows, deps_row.as_ref(), io);
    let stale = stale_known(options, &rows, io);
    let expected = rows
        .iter()
        .filter(|r| matches!(r.verdict, Some(Verdict::Expected(_))))
        .count();
    let failed = rows
        .iter()
        .filter(|r| r.verdict.as_ref().is_some_and(Verdict::fails_the_run))
        .count()
        + usize::from(deps_row.as_ref().is_some_and(|r| r.failure.is_some()))
        + stale;
    let _ = writeln!(
        io.out,
        "\n{} document(s), {} failed, {} expected failure(s), {:.1} s in total{}",
        rows.len(),
        failed,
        expected,
        started.elapsed().as_secs_f64(),
        match &options.keep {
            Some(dir) => format!("; crates kept in {}", dir.display()),
            None => String::new(),
        }
    );
    if failed > 0 {
        EXIT_FAILURE
    } else {
        EXIT_OK
    }
}

/// The documents of the corpus folder: its spec files, and its folders, each a multi-file
/// description whose root documents are its top-level files with an `openapi` or `swagger`
/// key (the whole folder is copied into the scratch specs folder).
fn documents(dir: &Path, display: &str) -> Result<Vec<(PathBuf, String)>, Box<Diagnostic>> {
    let mut out = codegen::generate::spec_files(dir, display)?;
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                let name = file_name(&path);
                out.push((path, format!("{}/{name}", display.trim_end_matches('/'))));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The root documents of a corpus entry: the file itself, or a folder's API documents.
fn roots(path: &Path, display: &str) -> Vec<(PathBuf, String)> {
    if !path.is_dir() {
        return vec![(path.to_path_buf(), display.to_owned())];
    }
    codegen::generate::spec_files(path, display)
        .unwrap_or_default()
        .into_iter()
        .filter(|(file, _)| codegen::bundle::is_api_document(file))
        .collect()
}

/// Copies the folder `from` with everything in it into `to`.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// A name for this run's scratch folders: the process and a count, so that runs at once (two
/// commands, or tests in one process) never share, nor remove, each other's folders.
fn run_id() -> String {
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{}-{run}", std::process::id())
}

/// Reports listed entries the run did not meet (only when every entry ran) and listed entries
/// that passed; returns how many listed entries are stale.
fn stale_known(options: &Options, rows: &[Row], io: &mut Io<'_>) -> usize {
    let mut stale = 0;
    for row in rows {
        if let Some(Verdict::UnexpectedPass(issue)) = row.verdict {
            let _ = writeln!(
                io.out,
                "\n{} now passes: remove it from {} (issue {issue})",
                row.file,
                known_failures::FILE
            );
        }
    }
    if options.only.is_none() {
        for known in options.known.entries() {
            if !rows.iter().any(|r| r.file == known.entry) {
                stale += 1;
                let _ = writeln!(
                    io.out,
                    "\n{} is listed in {} (issue {}) but is not in the corpus: remove it",
                    known.entry,
                    known_failures::FILE,
                    known.issue
                );
            }
        }
    }
    stale
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The scratch crate name of a document: `corpus-` and the file stem, in crate-name characters.
fn crate_name(path: &Path) -> String {
    let stem = if path.is_dir() {
        path.file_name()
    } else {
        path.file_stem()
    }
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    let cleaned: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("corpus-{}", cleaned.trim_matches('-'))
}

/// Operations in the raw document: every method of every path item.
fn count_operations(raw: &serde_json::Value) -> usize {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ];
    raw.get("paths")
        .and_then(serde_json::Value::as_object)
        .map(|paths| {
            paths
                .values()
                .filter_map(serde_json::Value::as_object)
                .map(|item| {
                    item.keys()
                        .filter(|k| METHODS.contains(&k.as_str()))
                        .count()
                })
                .sum()
        })
        .unwrap_or(0)
}

/// Generates one document into `scratch/<crate>` through the `codegen --specs --out` path.
fn generate_one(
    path: &Path,
    display: &str,
    specs_root: &Path,
    scratch: &Path,
    runtime: Option<&Path>,
) -> Row {
    let name = crate_name(path);
    let mut row = Row {
        file: file_name(path),
        crate_name: name.clone(),
        ..Row::default()
    };
    let specs = specs_root.join(&name);
    let prepared = std::fs::create_dir_all(&specs)
        .and_then(|()| {
            if path.is_dir() {
                copy_tree(path, &specs)
            } else {
                std::fs::copy(path, specs.join(file_name(path))).map(|_| ())
            }
        })
        .and_then(|()| {
            std::fs::write(
                specs.join(codegen::settings::SETTINGS_FILE),
                format!(
                    "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\ndescription = \"Scratch crate generated from {} by cargo xtask corpus.\"\n{}",
                    row.file.replace(['"', '\\'], ""),
                    runtime_table(runtime)
                ),
            )
        });
    if let Err(e) = prepared {
        row.failure = Some(format!("cannot prepare {}: {e}", specs.display()));
        return row;
    }
    // Messages name the original file, not the copy.
    let display_dir = if path.is_dir() {
        display.to_owned()
    } else {
        display
            .rsplit_once('/')
            .map(|(dir, _)| dir.to_owned())
            .unwrap_or_default()
    };
    let started = Instant::now();
    let generated = codegen::generate_crate(&specs, &display_dir);
    row.generate = started.elapsed();
    let mut generated = match generated {
        Ok(g) => g,
        Err(errors) => {
            row.failure = Some(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
            return row;
        }
    };
    if let Some(api) = generated.apis.first() {
        row.operations = api.operations.len();
        row.types = api.types.len();
        // The module's lines: its one file, or every file of its folder.
        let file = format!("src/{}.rs", api.module);
        let folder = format!("src/{}/", api.module);
        row.lines = generated
            .files
            .iter()
            .filter(|(path, _)| **path == file || path.starts_with(&folder))
            .map(|(_, text)| text.lines().count())
            .sum();
    }
    row.operations_in_document = roots(path, display)
        .iter()
        .map(|(root, display)| {
            codegen::load::load_file(root, display)
                .map(|doc| count_operations(&doc.raw))
                .unwrap_or(row.operations)
        })
        .sum();
    row.warnings = std::mem::take(&mut generated.warnings);
    if let Some(manifest) = generated.files.get_mut("Cargo.toml") {
        manifest.push_str(OWN_WORKSPACE);
    }
    let out = scratch.join(&name);
    if let Err(d) = write_crate(&out, &generated.files) {
        row.failure = Some(d.to_string());
    }
    row
}

/// The `[runtime]` table of a scratch `codegen.toml`: a dependency on the runtime crate at
/// `path`, or nothing (the runtime copied in).
fn runtime_table(path: Option<&Path>) -> String {
    path.map(|p| {
        let path = toml::Value::from(p.display().to_string());
        format!("[runtime]\npath = {path}\n")
    })
    .unwrap_or_default()
}

/// Writes a crate with `output::plan` and `output::apply`, then marks `src/lib.rs` as changed
/// so the next check compiles the crate even when its files did not change.
fn write_crate(out: &Path, files: &BTreeMap<String, String>) -> Result<(), Box<Diagnostic>> {
    std::fs::create_dir_all(out).map_err(|e| {
        Diagnostic::error(
            &out.display().to_string(),
            "",
            format!("cannot create: {e}"),
        )
    })?;
    let changes = codegen::output::plan(out, files)?;
    codegen::output::apply(out, &changes)?;
    if let Ok(file) = std::fs::File::options()
        .append(true)
        .open(out.join("src").join("lib.rs"))
    {
        let _ = file.set_modified(std::time::SystemTime::now());
    }
    Ok(())
}

/// The crate generated from no document, which holds only the runtime; checked first so that
/// dependencies are built before any document's crate is timed.
const DEPS_CRATE: &str = "corpus-runtime";

fn check_dependencies(options: &Options, scratch: &Path, io: &mut Io<'_>) -> Row {
    let mut row = Row {
        file: "(dependencies and runtime)".to_owned(),
        crate_name: DEPS_CRATE.to_owned(),
        ..Row::default()
    };
    let settings = {
        let mut s = codegen::Settings::default();
        s.with_crate_name(DEPS_CRATE)
            .with_description("The runtime of the generated crates, alone.");
        if let Some(path) = &options.runtime {
            s.runtime = codegen::settings::RuntimeSource::Path(path.display().to_string());
        }
        s
    };
    // The generator's own output for no API at all: the crate around the runtime, as every
    // document's crate has it.
    let mut files = codegen::generate::generate_from_apis(&settings, Vec::new(), Vec::new()).files;
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        manifest.push_str(OWN_WORKSPACE);
    }
    let out = scratch.join(DEPS_CRATE);
    if let Err(d) = write_crate(&out, &files) {
        row.failure = Some(d.to_string());
        return row;
    }
    check_one(options, &out, &mut row);
    if let Some(failure) = &row.failure {
        let _ = writeln!(io.err, "{failure}");
    }
    row
}

/// Runs `cargo check --all-features` on the crate at `dir` and records the time, warnings and failure.
fn check_one(options: &Options, dir: &Path, row: &mut Row) {
    if let Err(e) = std::fs::copy(&options.lockfile, dir.join("Cargo.lock")) {
        row.failure = Some(format!(
            "cannot copy {} into {}: {e}",
            options.lockfile.display(),
            dir.display()
        ));
        return;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .arg("check")
        // The `contract` registry too, not only the default API modules.
        .arg("--all-features")
        .arg("--quiet")
        .arg("--message-format=short")
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &options.target_dir)
        // Every run checks from scratch: honest times, and no incremental state piling up.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output();
    row.check = Some(started.elapsed());
    let output = match output {
        Ok(o) => o,
        Err(e) => {
            row.failure = Some(format!("cannot run cargo: {e}"));
            return;
        }
    };
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let diagnostics: Vec<&str> = text
        .lines()
        // The crate's own files (`src/..`), and the runtime crate's when it is a dependency by
        // path (an absolute path).
        .filter(|l| {
            (l.starts_with("src/") || l.starts_with('/'))
                && (l.contains(": warning") || l.contains(": error"))
        })
        .collect();
    row.compiler_warnings = diagnostics
        .iter()
        .filter(|l| l.contains(": warning"))
        .map(|l| (*l).to_owned())
        .collect();
    if !output.status.success() {
        let mut shown: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("error"))
            .take(MAX_COMPILER_LINES)
            .collect();
        if shown.is_empty() {
            shown = text.lines().rev().take(MAX_COMPILER_LINES).collect();
            shown.reverse();
        }
        row.failure = Some(format!(
            "cargo check failed ({}):\n{}",
            output.status,
            shown.join("\n")
        ));
    }
}

/// The first `n` lines of `text`, and how many more there are.
fn first_lines(text: &str, n: usize) -> String {
    let total = text.lines().count();
    let mut shown: Vec<&str> = text.lines().take(n).collect();
    let more = format!("... and {} more line(s)", total.saturating_sub(n));
    if total > n {
        shown.push(&more);
    }
    shown.join("\n")
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

fn millis(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

fn report(rows: &[Row], deps: Option<&Row>, io: &mut Io<'_>) {
    let _ = writeln!(
        io.out,
        "| spec | operations | skipped | types | lines | generate | check | warnings | rustc warnings | result |"
    );
    let _ = writeln!(io.out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    if let Some(d) = deps {
        let _ = writeln!(
            io.out,
            "| {} | | | | | | {} | | {} | {} |",
            d.file,
            d.check.map(seconds).unwrap_or_default(),
            d.compiler_warnings.len(),
            if d.failure.is_some() { "FAILED" } else { "ok" }
        );
    }
    let mut totals = (0, 0, 0, 0, Duration::ZERO, Duration::ZERO, 0, 0);
    for r in rows {
        let skipped = r.operations_in_document.saturating_sub(r.operations);
        totals.0 += r.operations;
        totals.1 += skipped;
        totals.2 += r.types;
        totals.3 += r.lines;
        totals.4 += r.generate;
        totals.5 += r.check.unwrap_or_default();
        totals.6 += r.warnings.len();
        totals.7 += r.compiler_warnings.len();
        let _ = writeln!(
            io.out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            r.file,
            r.operations,
            skipped,
            r.types,
            r.lines,
            millis(r.generate),
            r.check.map(seconds).unwrap_or_else(|| "-".to_owned()),
            r.warnings.len(),
            r.compiler_warnings.len(),
            r.verdict.as_ref().map_or_else(
                || if r.failure.is_some() {
                    "FAILED".to_owned()
                } else {
                    "ok".to_owned()
                },
                Verdict::label
            )
        );
    }
    let _ = writeln!(
        io.out,
        "| total | {} | {} | {} | {} | {} | {} | {} | {} | |",
        totals.0,
        totals.1,
        totals.2,
        totals.3,
        millis(totals.4),
        seconds(totals.5),
        totals.6,
        totals.7
    );

    for r in deps.into_iter().chain(rows) {
        if r.warnings.is_empty() && r.compiler_warnings.is_empty() && r.failure.is_none() {
            continue;
        }
        let _ = writeln!(io.out, "\n## {}", r.file);
        if let Some(failure) = &r.failure {
            match &r.verdict {
                Some(Verdict::Expected(issue)) => {
                    let why = r.known_why.as_deref().unwrap_or_default();
                    let _ = writeln!(
                        io.out,
                        "expected failure (issue {issue}: {why}): {}",
                        first_lines(failure, MAX_EXPECTED_LINES)
                    );
                }
                _ => {
                    let _ = writeln!(io.out, "FAILED: {failure}");
                }
            }
        }
        for line in r.compiler_warnings.iter().take(MAX_COMPILER_LINES) {
            let _ = writeln!(io.out, "- rustc: {line}");
        }
        if r.compiler_warnings.len() > MAX_COMPILER_LINES {
            let _ = writeln!(
                io.out,
                "- ... and {} more rustc warnings",
                r.compiler_warnings.len() - MAX_COMPILER_LINES
            );
        }
        let mut kinds: Vec<(String, Vec<&Diagnostic>)> = codegen::diagnostic::group(&r.warnings)
            .into_iter()
            .filter_map(|g| Some((g.first()?.group_key(), g)))
            .collect();
        kinds.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        for (kind, list) in kinds {
            let _ = writeln!(io.out, "- {} x {kind}", list.len());
            for w in list.iter().take(MAX_POINTERS_PER_KIND) {
                let _ = writeln!(io.out, "    #{}: {}", w.pointer, w.message);
            }
            if list.len() > MAX_POINTERS_PER_KIND {
                let _ = writeln!(
                    io.out,
                    "    ... and {} more",
                    list.len() - MAX_POINTERS_PER_KIND
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_and_distinct() {
        assert_eq!(
            crate_name(Path::new("/x/progenitor_api.github.com.json")),
            "corpus-progenitor-api-github-com"
        );
        assert_eq!(
            crate_name(Path::new("oai_petstore-expanded.yaml")),
            "corpus-oai-petstore-expanded"
        );
    }

    #[test]
    fn a_failing_document_is_reported_and_fails_the_run() {
        let root = project_root();
        let dir = std::env::temp_dir().join(format!("xtask-corpus-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        for name in ["good.yaml", "dangling_ref.yaml"] {
            std::fs::copy(root.join("tests/fixtures/bad").join(name), dir.join(name))
                .expect("copy a fixture");
        }
        let keep = dir.join("crates");
        let options = Options {
            known: KnownFailures::default(),
            dir: dir.clone(),
            keep: Some(keep.clone()),
            only: None,
            check: false,
            target_dir: root.join("target").join("corpus"),
            lockfile: root.join("Cargo.lock"),
            runtime: None,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = corpus(
            &options,
            &mut Io {
                out: &mut out,
                err: &mut err,
            },
        );
        let out = String::from_utf8_lossy(&out).into_owned();
        let kept_manifest = std::fs::read_to_string(keep.join("corpus-good").join("Cargo.toml"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(code, EXIT_FAILURE, "{out}");
        let row = |name: &str| {
            out.lines()
                .find(|l| l.starts_with(&format!("| {name} |")))
                .unwrap_or_else(|| panic!("no row for {name} in {out}"))
                .to_owned()
        };
        assert!(row("good.yaml").ends_with("| ok |"), "{out}");
        assert!(row("dangling_ref.yaml").ends_with("| FAILED |"), "{out}");
        assert!(
            out.contains("#/components/schemas/Case/properties/owner"),
            "the failure names its pointer: {out}"
        );
        let manifest = kept_manifest.expect("the good crate is kept");
        assert!(manifest.contains("name = \"corpus-good\""), "{manifest}");
        assert!(manifest.trim_end().ends_with("[workspace]"), "{manifest}");
    }

    /// Runs the corpus command over copies of the given bad-input fixtures with `known` as the
    /// list of expected failures, without checking the crates.
    fn run_with_known(fixtures: &[&str], known: &str) -> (u8, String) {
        let root = project_root();
        // Tests run at once; each gets a folder of its own.
        static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("xtask-corpus-known-{}-{run}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        for name in fixtures {
            std::fs::copy(root.join("tests/fixtures/bad").join(name), dir.join(name))
                .expect("copy a fixture");
        }
        let options = Options {
            known: KnownFailures::parse(known).expect("the list parses"),
            dir: dir.clone(),
            keep: None,
            only: None,
            check: false,
            target_dir: root.join("target").join("corpus"),
            lockfile: root.join("Cargo.lock"),
            runtime: None,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = corpus(
            &options,
            &mut Io {
                out: &mut out,
                err: &mut err,
            },
        );
        let _ = std::fs::remove_dir_all(&dir);
        (code, String::from_utf8_lossy(&out).into_owned())
    }

    fn known(entry: &str) -> String {
        format!("[[known]]\nentry = \"{entry}\"\nissue = 99\nwhy = \"a reason\"\n")
    }

    #[test]
    fn a_listed_failure_is_expected_and_passes_the_run() {
        let (code, out) = run_with_known(
            &["good.yaml", "dangling_ref.yaml"],
            &known("dangling_ref.yaml"),
        );
        assert_eq!(code, EXIT_OK, "{out}");
        assert!(
            out.contains("| expected failure (issue 99) |"),
            "the row says so: {out}"
        );
        assert!(
            out.contains("expected failure (issue 99: a reason)"),
            "{out}"
        );
        assert!(out.contains("0 failed, 1 expected failure(s)"), "{out}");
    }

    #[test]
    fn a_listed_entry_that_passes_fails_the_run() {
        let (code, out) = run_with_known(&["good.yaml"], &known("good.yaml"));
        assert_eq!(code, EXIT_FAILURE, "{out}");
        assert!(
            out.contains("good.yaml now passes: remove it from"),
            "{out}"
        );
    }

    #[test]
    fn a_listed_entry_missing_from_the_corpus_fails_the_run() {
        let (code, out) = run_with_known(&["good.yaml"], &known("gone.yaml"));
        assert_eq!(code, EXIT_FAILURE, "{out}");
        assert!(out.contains("gone.yaml is listed in"), "{out}");
    }

    #[test]
    fn an_unlisted_failure_still_fails_the_run() {
        let (code, out) = run_with_known(&["good.yaml", "dangling_ref.yaml"], &known("good.yaml"));
        assert_eq!(code, EXIT_FAILURE, "{out}");
        assert!(out.contains("| FAILED |"), "{out}");
    }

    #[test]
    fn a_folder_is_one_multi_file_document() {
        let root = project_root();
        let dir = std::env::temp_dir().join(format!("xtask-corpus-folder-{}", std::process::id()));
        copy_tree(
            &root.join("tests/fixtures/multifile/pets"),
            &dir.join("pets-folder"),
        )
        .expect("copy the multi-file fixture");
        std::fs::copy(
            root.join("tests/fixtures/bad/good.yaml"),
            dir.join("good.yaml"),
        )
        .expect("copy a fixture");
        let options = Options {
            known: KnownFailures::default(),
            dir: dir.clone(),
            keep: Some(dir.join("crates")),
            only: Some("pets".to_owned()),
            check: false,
            target_dir: root.join("target").join("corpus"),
            lockfile: root.join("Cargo.lock"),
            runtime: None,
        };
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = corpus(
            &options,
            &mut Io {
                out: &mut out,
                err: &mut err,
            },
        );
        let out = String::from_utf8_lossy(&out).into_owned();
        let module = std::fs::read_to_string(dir.join("crates/corpus-pets-folder/src/pets.rs"));
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(code, EXIT_OK, "{out}");
        // The operations are counted after following the path item and operation files.
        assert!(out.contains("| pets-folder | 3 | 0 |"), "{out}");
        assert!(
            !out.contains("good.yaml"),
            "--only selects the folder: {out}"
        );
        assert!(module.expect("the module").contains("pub struct Owner"));
    }

    #[test]
    fn operations_are_counted_per_method() {
        let raw = serde_json::json!({
            "paths": {
                "/a": {"get": {}, "post": {}, "parameters": [], "summary": "x"},
                "/b": {"delete": {}}
            }
        });
        assert_eq!(count_operations(&raw), 3);
    }
}
