//! `cargo xtask diff`: what a spec edit does to users of the generated crate.
//!
//! Every folder in `tests/fixtures/diff/` is a case, found by reading the folder (adding a
//! case is adding a folder; see its README): a `base/` and a `head/` specs folder that differ
//! by one kind of change, and `expected.txt` with the verdict of every change (`<verdict>
//! <rust item>`, compared as a sorted list, so nothing extra may appear), the version bump
//! (`bump <level>`) and the exit code of `--fail-on breaking` (`exit <code>`). A folder
//! without `expected.txt`, or with a line the format does not know, fails naming it. The
//! realistic pair compares an older VOVE ID page with `specs/vove-id-kyb.yaml`
//! (`head specs/vove-id-kyb.yaml` in its `expected.txt`). The tests below check what a case's
//! messages say.

use codegen::diff::{self, Report, Verdict};
use std::path::{Path, PathBuf};
use tests::{root, specs_dir};

fn fixtures() -> PathBuf {
    root().join("tests/fixtures/diff")
}

use tests::xtask;

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("fixture paths are UTF-8")
}

fn report(base: &Path, head: &Path) -> Report {
    let load = |dir: &Path, label: &str| match diff::load(dir, label) {
        Ok(s) => s,
        Err(errors) => panic!(
            "{} does not generate:\n{}",
            dir.display(),
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("\n")
        ),
    };
    diff::compare(&load(base, "base"), &load(head, "head"))
}

/// `<verdict> <item>` of every change, sorted.
fn verdicts(report: &Report, with_docs: bool) -> Vec<String> {
    let mut lines: Vec<String> = report
        .changes
        .iter()
        .filter(|c| with_docs || c.verdict != Verdict::Docs)
        .map(|c| format!("{} {}", c.verdict, c.item))
        .collect();
    lines.sort();
    lines
}

/// A case's `expected.txt`, read by `expected`.
struct Expected {
    changes: Vec<String>,
    bump: String,
    exit: u8,
    /// `head <file>`: the head is a folder holding a copy of this file of the repository
    /// instead of the case's `head/`.
    head_file: Option<PathBuf>,
    /// `ignore docs`: documentation-only changes are not compared.
    ignore_docs: bool,
}

/// Reads `<case>/expected.txt`; a missing file, an unknown line or a missing `bump` or `exit`
/// is an error naming the file.
fn expected(case: &Path) -> Result<Expected, String> {
    let path = case.join("expected.txt");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut changes = Vec::new();
    let (mut bump, mut exit, mut head_file, mut ignore_docs) = (None, None, None, false);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(' ') {
            Some(("bump", _)) if bump.is_some() => {
                return Err(format!("{}: a second `bump` line", path.display()))
            }
            Some(("exit", _)) if exit.is_some() => {
                return Err(format!("{}: a second `exit` line", path.display()))
            }
            Some(("bump", level)) => bump = Some(level.to_owned()),
            Some(("exit", code)) => {
                exit = Some(code.parse().map_err(|_| {
                    format!("{}: `exit` needs a number, found {code:?}", path.display())
                })?);
            }
            Some(("head", file)) => head_file = Some(root().join(file)),
            Some(("ignore", "docs")) => ignore_docs = true,
            Some(("breaking" | "compatible" | "docs", _)) => changes.push(line.to_owned()),
            _ => return Err(format!("{}: unexpected line {line:?}", path.display())),
        }
    }
    changes.sort();
    Ok(Expected {
        changes,
        bump: bump.ok_or_else(|| format!("{}: no `bump` line", path.display()))?,
        exit: exit.ok_or_else(|| format!("{}: no `exit` line", path.display()))?,
        head_file,
        ignore_docs,
    })
}

/// A temporary folder holding a copy of `file` only.
fn folder_with(file: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    let name = file.file_name().expect("a file name");
    std::fs::copy(file, dir.path().join(name))
        .unwrap_or_else(|e| panic!("copy {}: {e}", file.display()));
    dir
}

/// Compares the case's two folders and checks the verdicts, the bump and the exit code of
/// `--fail-on breaking` against its `expected.txt`.
fn check(case: &str) -> Result<(), String> {
    let dir = fixtures().join(case);
    let want = expected(&dir)?;
    let base = dir.join("base");
    let head_copy = want.head_file.as_deref().map(folder_with);
    let head = head_copy
        .as_ref()
        .map_or_else(|| dir.join("head"), |d| d.path().to_path_buf());
    let report = report(&base, &head);
    let mut problems = Vec::new();
    let got = verdicts(&report, !want.ignore_docs);
    if got != want.changes {
        problems.push(format!(
            "verdicts differ:\n  expected {:?}\n  found    {got:?}",
            want.changes
        ));
    }
    if report.bump().to_string() != want.bump {
        problems.push(format!("bump {} (expected {})", report.bump(), want.bump));
    }
    let (code, out, err) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(&base),
        "--specs",
        path_arg(&head),
        "--fail-on",
        "breaking",
    ]);
    if code != want.exit {
        problems.push(format!(
            "exit code {code} (expected {})\n{out}\n{err}",
            want.exit
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\nthe report:\n{report}", problems.join("\n")))
    }
}

/// The report of a case whose head is its `head/` folder.
fn case_report(case: &str) -> Report {
    let dir = fixtures().join(case);
    report(&dir.join("base"), &dir.join("head"))
}

/// The message of the change to `item` with `verdict`.
fn message<'r>(report: &'r Report, verdict: Verdict, item: &str) -> &'r str {
    report
        .changes
        .iter()
        .find(|c| c.verdict == verdict && c.item == item)
        .map(|c| c.message.as_str())
        .unwrap_or_else(|| panic!("no {verdict} change to {item} in\n{report}"))
}

/// Every case folder of `tests/fixtures/diff/`, sorted. A folder is a case whether or not
/// its `expected.txt` is there, so a case without one fails rather than being skipped.
fn cases() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(fixtures())
        .expect("read tests/fixtures/diff")
        .map(|e| e.expect("a fixture folder entry"))
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

/// Every case folder passes `check`: its verdicts, bump and exit code are as its
/// `expected.txt` says. All failures are reported together, each naming its folder.
#[test]
fn every_case_matches_its_expected_txt() {
    let cases = cases();
    assert!(
        cases.len() >= 20,
        "only {} case folders found in {}",
        cases.len(),
        fixtures().display()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let outcome = std::panic::catch_unwind(|| check(case)).unwrap_or_else(|panic| {
            Err(panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "panicked".to_owned()))
        });
        if let Err(text) = outcome {
            failures.push(format!("tests/fixtures/diff/{case}: {text}"));
        }
    }
    println!("{} diff cases checked", cases.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn uri_format_is_a_constraint_not_a_type() {
    // `format: uri` keeps the Rust type `String`; only the check changes.
    let r = case_report("uri-format");
    assert!(
        message(&r, Verdict::Breaking, "shop::types::CaseRequest::note")
            .contains("narrowed constraint on a request value: format: uri added"),
        "{r}"
    );
    assert!(
        message(&r, Verdict::Compatible, "shop::types::Case::id")
            .contains("relaxed constraint: format: uri removed"),
        "{r}"
    );
    assert!(!r.to_string().contains("type String"), "{r}");
}

#[test]
fn webhook_parse_functions() {
    // The base has 3.0's `x-webhooks`, the head 3.1's `webhooks`: the same kind of item.
    let r = case_report("webhooks");
    assert!(
        message(&r, Verdict::Breaking, "shop::webhooks::parse_case_closed")
            .contains("payload type `Case` -> `CaseStatus`"),
        "{r}"
    );
    assert!(
        message(&r, Verdict::Breaking, "shop::webhooks::parse_case_opened")
            .contains("webhook parse function removed"),
        "{r}"
    );
}

#[test]
fn removed_operation() {
    let r = case_report("removed-operation");
    assert!(message(&r, Verdict::Breaking, "shop::Client::get_case").contains("method removed"));
    assert!(r.to_string().contains("0.1.0 -> 0.2.0 or later"), "{r}");
    assert!(!r.version_reflects_changes());
}

#[test]
fn renamed_operation() {
    let r = case_report("renamed-operation");
    assert!(message(&r, Verdict::Breaking, "shop::Client::get_case")
        .contains("method renamed to `fetch_case`"));
}

#[test]
fn renamed_field() {
    let r = case_report("renamed-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::reference");
    assert!(
        m.contains("renamed to `external_ref` (wire `reference` -> `externalRef`:"),
        "{m}"
    );
}

#[test]
fn changed_type() {
    let r = case_report("changed-type");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::amount");
    assert_eq!(m, "type Option<i64> -> Option<String>");
    // The integer's minimum went with it, which accepts more values.
    let m = message(&r, Verdict::Compatible, "shop::types::CaseRequest::amount");
    assert!(
        m.starts_with("relaxed constraint: minimum 1 -> none"),
        "{m}"
    );
}

#[test]
fn optional_to_required() {
    let r = case_report("optional-to-required");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::note");
    assert!(m.contains("optional -> required"), "{m}");
    assert!(m.contains("type Option<String> -> String"), "{m}");
}

#[test]
fn new_required_request_field() {
    let r = case_report("new-required-request-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::country");
    assert!(
        m.contains("`types::CaseRequest::new` takes it as an argument"),
        "{m}"
    );
}

#[test]
fn new_required_parameter() {
    let r = case_report("new-required-parameter");
    let m = message(&r, Verdict::Breaking, "shop::params::GetCaseParams::tenant");
    assert!(m.contains("no longer implements `Default`"), "{m}");
}

#[test]
fn first_query_parameter() {
    let r = case_report("first-query-parameter");
    let m = message(&r, Verdict::Breaking, "shop::Client::create_case");
    assert!(
        m.contains("gains a `params: &params::CreateCaseParams` argument"),
        "{m}"
    );
}

#[test]
fn narrowed_constraint() {
    let r = case_report("narrowed-constraint");
    // Request-only, request-and-response and response-only values get different verdicts.
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::reference");
    assert!(m.contains("on a request value: maxLength 64 -> 32"), "{m}");
    let m = message(&r, Verdict::Breaking, "shop::types::Address::line1");
    assert!(m.contains("on a request and response value"), "{m}");
    let m = message(&r, Verdict::Compatible, "shop::types::Case::summary");
    assert!(
        m.contains("on a response value: maxLength 500 -> 200"),
        "{m}"
    );
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::amount");
    assert!(m.contains("maximum none -> 1000"), "{m}");
}

#[test]
fn relaxed_constraint() {
    let r = case_report("relaxed-constraint");
    let m = message(
        &r,
        Verdict::Compatible,
        "shop::types::CaseRequest::reference",
    );
    assert_eq!(m, "relaxed constraint: maxLength 64 -> 128");
}

#[test]
fn new_operation() {
    // Version 1.4.2: an addition needs the minor number, so 1.4.3 does not reflect it; but
    // nothing breaks, so `--fail-on breaking` passes.
    let r = case_report("new-operation");
    assert_eq!(
        r.required_version().map(|v| v.to_string()).as_deref(),
        Some("1.5.0")
    );
    assert!(!r.version_reflects_changes());
}

#[test]
fn removed_enum_value() {
    let r = case_report("removed-enum-value");
    assert!(
        message(&r, Verdict::Breaking, "shop::types::CaseStatus::InReview")
            .contains("enum value `in_review` removed")
    );
    assert!(
        r.has_unannounced_breaking_change(),
        "0.1.1 is compatible with 0.1.0"
    );
}

#[test]
fn removed_enum_value_with_a_bumped_version() {
    let r = case_report("removed-enum-value-bumped");
    assert!(r.version_reflects_changes());
    assert!(!r.has_unannounced_breaking_change());
    assert!(
        r.to_string().contains("the version already reflects it"),
        "{r}"
    );
}

#[test]
fn doc_change() {
    let r = case_report("doc-change");
    assert_eq!(r.worst(), Some(Verdict::Docs));
}

#[test]
fn new_error_status() {
    let r = case_report("new-error-status");
    assert!(message(
        &r,
        Verdict::Compatible,
        "shop::errors::CreateCaseError::Conflict"
    )
    .contains("#[non_exhaustive]"));
}

#[test]
fn new_union_alternative() {
    // Unions are emitted `#[non_exhaustive]`, so a new alternative breaks no match.
    let r = case_report("new-union-alternative");
    assert!(message(
        &r,
        Verdict::Compatible,
        "shop::types::ProblemDetail::Boolean"
    )
    .contains("non_exhaustive"));
}

#[test]
fn union_gaining_a_discriminator_is_compatible() {
    // The union is `#[non_exhaustive]` (as `shape::is_non_exhaustive` says, and the emitter
    // writes): a new `Unknown` variant breaks no match.
    let r = case_report("union-gains-discriminator");
    assert!(message(
        &r,
        Verdict::Compatible,
        "shop::types::ProblemDetail::Unknown"
    )
    .contains("non_exhaustive"));
}

#[test]
fn crossing_the_builder_threshold_changes_construction() {
    // Seven required fields have `new`; the eighth makes it a builder.
    let r = case_report("builder-threshold");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest");
    assert!(
        m.contains("`types::CaseRequest::builder()` instead of `types::CaseRequest::new`"),
        "{m}"
    );
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::field7");
    assert!(m.contains("`build()` fails until it is set"), "{m}");
}

#[test]
fn optional_field_made_nullable_becomes_tri_state() {
    let r = case_report("nullable-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::note");
    assert_eq!(m, "type Option<String> -> Nullable<String>");
}

#[test]
fn server_variables() {
    // A server with variables has a function taking one `&str` per variable, in order.
    let r = case_report("server-variables");
    let m = message(&r, Verdict::Breaking, "shop::servers::production");
    assert_eq!(m, "arguments change from (region) to (region, version)");
}

#[test]
fn unchanged() {
    let r = case_report("unchanged");
    assert!(r.changes.is_empty());
    assert!(
        r.to_string().contains("no changes to the generated crate"),
        "{r}"
    );
}

/// A temporary folder holding a copy of `specs/vove-id-kyb.yaml` only.
fn current_vove() -> tempfile::TempDir {
    folder_with(&specs_dir().join("vove-id-kyb.yaml"))
}

#[test]
fn older_vove_page_against_the_current_spec() {
    // The older page took `businessName` and `formData`; the current one takes `country` and
    // `country_state` instead. Dropping request fields breaks code that sets them.
    let head = current_vove();
    let base = fixtures().join("vove-older-page/base");
    // The verdicts, the bump and the exit code are in its `expected.txt`.
    let r = report(&base, head.path());
    let removed = r
        .changes
        .iter()
        .find(|c| c.item.ends_with("::business_name"))
        .expect("business_name is reported");
    assert_eq!(removed.message, "field removed (request side)");
    assert_eq!(
        removed.location,
        "base/vove-id-kyb.yaml#/components/schemas/CreateKybCaseRequest/properties/businessName"
    );
    let (code, out, err) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(&base),
        "--specs",
        path_arg(head.path()),
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        err.contains("3 breaking change(s), but version 0.1.0 is still compatible with 0.1.0"),
        "{err}"
    );
    assert!(err.contains("to 0.2.0 or later"), "{err}");
    // Without `--fail-on` the report is only printed.
    let (code, ..) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(&base),
        "--specs",
        path_arg(head.path()),
    ]);
    assert_eq!(code, 0);
}

#[test]
fn older_vove_page_report_text() {
    let head = current_vove();
    let base = diff::load(&fixtures().join("vove-older-page/base"), "older-page")
        .expect("the older page generates");
    let head = diff::load(head.path(), "specs").expect("the current spec generates");
    insta::assert_snapshot!("vove-older-page", diff::compare(&base, &head).to_string());
}

#[test]
fn a_copy_of_specs_has_no_changes() {
    let copy = tempfile::tempdir().expect("temporary folder");
    for entry in std::fs::read_dir(specs_dir())
        .expect("read specs/")
        .flatten()
    {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), copy.path().join(entry.file_name())).expect("copy a spec");
        }
    }
    let (code, out, err) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(copy.path()),
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("no changes to the generated crate"), "{out}");
    assert!(out.contains("0 breaking, 0 compatible, 0 docs"), "{out}");
    assert!(out.contains("bump needed: none"), "{out}");
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=diff test",
            "-c",
            "user.email=diff@example.com",
        ])
        .args(args)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture").flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).expect("copy fixture file");
    }
}

#[test]
fn base_revision_is_read_from_git_without_touching_the_tree() {
    let repo = tempfile::tempdir().expect("temporary folder");
    let specs = repo.path().join("api/specs");
    let case = fixtures().join("removed-enum-value");
    copy_dir(&case.join("base"), &specs);
    git(repo.path(), &["init", "--quiet"]);
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "--quiet", "-m", "base"]);
    let specs_arg = path_arg(&specs);

    // No edit since the commit: nothing to report.
    let (code, out, err) = xtask(&[
        "diff",
        "--base",
        "HEAD",
        "--specs",
        specs_arg,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(
        out.starts_with("spec changes from HEAD:api/specs to "),
        "{out}"
    );
    assert!(out.contains("no changes to the generated crate"), "{out}");

    // The head's edit removes an enum value; its version is still compatible with the base's.
    copy_dir(&case.join("head"), &specs);
    let head_text = std::fs::read_to_string(specs.join("shop.yaml")).expect("read head spec");
    let (code, out, err) = xtask(&[
        "diff",
        "--base",
        "HEAD",
        "--specs",
        specs_arg,
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(
        out.contains("breaking    shop::types::CaseStatus::InReview"),
        "{out}"
    );
    assert!(
        out.contains("at HEAD:api/specs/shop.yaml#/components/schemas/CaseStatus/enum"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(specs.join("shop.yaml")).expect("read head spec"),
        head_text,
        "the working tree is left as it was"
    );

    let (code, _, err) = xtask(&["diff", "--base", "no-such-rev", "--specs", specs_arg]);
    assert_eq!(code, 1);
    assert!(err.contains("\"no-such-rev\" is not a commit"), "{err}");
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["diff"][..],
        &["diff", "--base", "HEAD", "--base-dir", "specs"],
        &["diff", "--base", "HEAD", "--fail-on", "compatible"],
        &["diff", "--base"],
        &["diff", "--base", "HEAD", "extra"],
    ] {
        let (code, _, err) = xtask(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("usage:"), "{args:?}: {err}");
    }
}

#[test]
fn a_base_that_does_not_load_exits_1() {
    let (code, _, err) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(&root().join("tests/fixtures/diff/no-such-folder")),
        "--specs",
        path_arg(&fixtures().join("unchanged/head")),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("in the base specs"), "{err}");
}
