//! `cargo xtask page-check --spec FILE --page FILE [--fail-on difference]`, and the batch
//! form `cargo xtask page-check [--specs DIR] [--pages DIR] [--fail-on difference]`.
//!
//! Compares a vendor's documentation page with the spec written from it, so a doc change
//! becomes a spec change: the page's JSON examples are validated against the spec's schemas,
//! its field tables compared with the schemas' properties (type, format, nullability,
//! requiredness, enum values, fields on one side only), and its status codes with the
//! operation's responses. Each difference is printed with the page line and the spec's JSON
//! pointer; differences the spec declares in `x-page-accepted` are printed as accepted.
//!
//! The batch form checks every spec in `DIR` (default `specs/`) whose `info.x-vendor-page`
//! names a saved page, found by its `file` in the pages folder (default `../shared/docs`,
//! relative to the project root).
//!
//! Exit codes: 0 when the check ran (and, under `--fail-on difference`, found no unexplained
//! difference); 1 on unreadable input or a failed check; 2 on bad usage.
//!
//! Modules: `page` (what a page shows), `markdown` and `html` (the readers), `spec` (the spec
//! side and its extensions), `compare` (the differences), `report` (findings and printing).
//! Nothing here is part of the generator's pipeline.

pub mod compare;
pub mod html;
pub mod markdown;
pub mod page;
pub mod report;
pub mod spec;
pub mod text;

use crate::codegen_cmd::display_path;
use crate::{project_root, take_value, Io, Usage, EXIT_FAILURE, EXIT_OK};
use codegen::Diagnostic;
use page::Page;
use report::Report;
use std::path::{Path, PathBuf};

/// Parses the options and runs the command.
pub fn run(mut args: Vec<String>, io: &mut Io<'_>) -> Result<u8, Usage> {
    let root = project_root();
    let spec = take_value(&mut args, "--spec")?.map(PathBuf::from);
    let page = take_value(&mut args, "--page")?.map(PathBuf::from);
    let specs = take_value(&mut args, "--specs")?.map(PathBuf::from);
    let pages = take_value(&mut args, "--pages")?.map(PathBuf::from);
    let fail_on = take_value(&mut args, "--fail-on")?;
    if let Some(extra) = args.first() {
        return Err(Usage(format!("unexpected argument {extra:?}")));
    }
    let fail = match fail_on.as_deref() {
        None => false,
        Some("difference") => true,
        Some(other) => {
            return Err(Usage(format!(
                "--fail-on takes `difference`, not {other:?}"
            )))
        }
    };
    let batch_form = spec.is_none();
    let outcome = match (spec, page) {
        (Some(spec), Some(page)) => {
            if specs.is_some() || pages.is_some() {
                return Err(Usage(
                    "--spec/--page and --specs/--pages are two forms; use one".to_owned(),
                ));
            }
            single(&spec, &page, io)
        }
        (None, None) => batch(
            &specs.unwrap_or_else(|| root.join("specs")),
            &pages.unwrap_or_else(|| root.join("..").join("shared").join("docs")),
            io,
        ),
        _ => return Err(Usage("--spec and --page go together".to_owned())),
    };
    Ok(finish(outcome, fail, batch_form, io))
}

/// What a run found: reports, and whether any input could not be read.
#[derive(Default)]
struct Outcome {
    reports: Vec<Report>,
    failed_input: bool,
}

/// Prints the totals and picks the exit code.
fn finish(outcome: Outcome, fail: bool, batch_form: bool, io: &mut Io<'_>) -> u8 {
    let unexplained: usize = outcome.reports.iter().map(Report::unexplained).sum();
    let accepted: usize = outcome.reports.iter().map(Report::accepted).sum();
    if batch_form {
        let _ = writeln!(
            io.out,
            "page-check: {} pages, {unexplained} differences, {accepted} accepted",
            outcome.reports.len()
        );
    }
    if outcome.failed_input {
        return EXIT_FAILURE;
    }
    if fail && unexplained > 0 {
        let _ = writeln!(
            io.err,
            "error: {unexplained} differences between the pages and the specs are not explained\n  hint: fix the spec (then `cargo xtask codegen`), or declare the difference in the spec's `x-page-accepted` with a reason"
        );
        return EXIT_FAILURE;
    }
    EXIT_OK
}

/// One spec against one page.
fn single(spec_path: &Path, page_path: &Path, io: &mut Io<'_>) -> Outcome {
    let mut outcome = Outcome::default();
    let display = display_path(spec_path);
    match spec::load(spec_path, &display).and_then(|spec| check(&spec, page_path)) {
        Ok(report) => {
            let _ = report.print(io.out);
            outcome.reports.push(report);
        }
        Err(diagnostic) => {
            let _ = writeln!(io.err, "{diagnostic}");
            outcome.failed_input = true;
        }
    }
    outcome
}

/// Every spec in `specs` that names its page, against that page in `pages`.
fn batch(specs: &Path, pages: &Path, io: &mut Io<'_>) -> Outcome {
    let mut outcome = Outcome::default();
    let entries = match std::fs::read_dir(specs) {
        Ok(entries) => entries,
        Err(e) => {
            let shown = display_path(specs);
            let _ = writeln!(
                io.err,
                "{}",
                Diagnostic::error(&shown, "", format!("cannot read the specs folder: {e}"))
                    .with_hint("pass --specs DIR")
            );
            outcome.failed_input = true;
            return outcome;
        }
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            )
        })
        .collect();
    files.sort();
    for file in files {
        let display = display_path(&file);
        let spec = match spec::load(&file, &display) {
            Ok(spec) => spec,
            Err(diagnostic) => {
                let _ = writeln!(io.err, "{diagnostic}");
                outcome.failed_input = true;
                continue;
            }
        };
        let Some(vendor) = &spec.page else {
            let _ = writeln!(
                io.out,
                "page-check {display}: skipped (no `info.x-vendor-page`)\n"
            );
            continue;
        };
        match check(&spec, &pages.join(&vendor.file)) {
            Ok(report) => {
                let _ = report.print(io.out);
                let _ = writeln!(io.out);
                outcome.reports.push(report);
            }
            Err(diagnostic) => {
                let _ = writeln!(io.err, "{diagnostic}");
                outcome.failed_input = true;
            }
        }
    }
    outcome
}

/// Reads the page and compares it with the spec.
pub fn check(spec: &spec::Spec, page_path: &Path) -> Result<Report, Diagnostic> {
    let shown = page_path.file_name().map_or_else(
        || display_path(page_path),
        |n| n.to_string_lossy().into_owned(),
    );
    let text = std::fs::read_to_string(page_path).map_err(|e| {
        Diagnostic::error(
            &spec.file,
            "/info/x-vendor-page/file",
            format!("cannot read the page {}: {e}", display_path(page_path)),
        )
        .with_hint("save the vendor page under that name in the pages folder (--pages DIR)")
    })?;
    let page = read_page(page_path, &text);
    Ok(compare::compare(spec, &page, &shown))
}

/// Reads a page as HTML (`.html`, `.htm`, or text starting with `<`) or else as Markdown.
pub fn read_page(path: &Path, text: &str) -> Page {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let html = match ext.as_deref() {
        Some("html" | "htm") => true,
        Some("md" | "markdown") => false,
        _ => text.trim_start().starts_with('<'),
    };
    if html {
        html::read(text)
    } else {
        markdown::read(text)
    }
}
