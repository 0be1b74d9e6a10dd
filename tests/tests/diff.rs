//! `cargo xtask diff`: what a spec edit does to users of the generated crate.
//!
//! Each folder in `tests/fixtures/diff/` holds a `base/` and a `head/` specs folder that
//! differ by one kind of change, and `expected.txt` with the verdict of every change
//! (`<verdict> <rust item>`, compared as a sorted list, so nothing extra may appear), the
//! version bump (`bump <level>`) and the exit code of `--fail-on breaking` (`exit <code>`).
//! The realistic pair compares an older VOVE ID page with `specs/vove-id-kyb.yaml`.

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

struct Expected {
    changes: Vec<String>,
    bump: String,
    exit: u8,
}

fn expected(case: &Path) -> Expected {
    let path = case.join("expected.txt");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut changes = Vec::new();
    let mut bump = None;
    let mut exit = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once(' ') {
            Some(("bump", level)) => bump = Some(level.to_owned()),
            Some(("exit", code)) => exit = code.parse().ok(),
            Some(("breaking" | "compatible" | "docs", _)) => changes.push(line.to_owned()),
            _ => panic!("{}: unexpected line {line:?}", path.display()),
        }
    }
    changes.sort();
    Expected {
        changes,
        bump: bump.unwrap_or_else(|| panic!("{}: no `bump` line", path.display())),
        exit: exit.unwrap_or_else(|| panic!("{}: no `exit` line", path.display())),
    }
}

/// Compares the fixture's two folders and checks the verdicts, the bump and the exit code of
/// `--fail-on breaking`. Returns the report for further checks.
fn check(case: &str) -> Report {
    let dir = fixtures().join(case);
    let want = expected(&dir);
    let (base, head) = (dir.join("base"), dir.join("head"));
    let report = report(&base, &head);
    assert_eq!(
        verdicts(&report, true),
        want.changes,
        "{case}: verdicts differ; the report:\n{report}"
    );
    assert_eq!(
        report.bump().to_string(),
        want.bump,
        "{case}: bump\n{report}"
    );
    let (code, out, err) = xtask(&[
        "diff",
        "--base-dir",
        path_arg(&base),
        "--specs",
        path_arg(&head),
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, want.exit, "{case}: exit code\n{out}\n{err}");
    report
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

/// Every fixture folder, so that a new one cannot be left out of the list below.
const CASES: &[&str] = &[
    "builder-threshold",
    "changed-type",
    "doc-change",
    "first-query-parameter",
    "narrowed-constraint",
    "new-error-status",
    "new-operation",
    "new-optional-field",
    "new-required-parameter",
    "new-required-request-field",
    "new-response-enum-value",
    "new-union-alternative",
    "nullable-field",
    "optional-to-required",
    "relaxed-constraint",
    "removed-enum-value",
    "removed-enum-value-bumped",
    "removed-error-status",
    "removed-operation",
    "renamed-field",
    "renamed-operation",
    "server-variables",
    "unchanged",
    "union-gains-discriminator",
    "uri-format",
    "vove-older-page",
    "webhooks",
];

#[test]
fn every_fixture_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures())
        .expect("read tests/fixtures/diff")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, CASES);
}

#[test]
fn uri_format_is_a_constraint_not_a_type() {
    // `format: uri` keeps the Rust type `String`; only the check changes.
    let r = check("uri-format");
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
    let r = check("webhooks");
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
    let r = check("removed-operation");
    assert!(message(&r, Verdict::Breaking, "shop::Client::get_case").contains("method removed"));
    assert!(r.to_string().contains("0.1.0 -> 0.2.0 or later"), "{r}");
    assert!(!r.version_reflects_changes());
}

#[test]
fn renamed_operation() {
    let r = check("renamed-operation");
    assert!(message(&r, Verdict::Breaking, "shop::Client::get_case")
        .contains("method renamed to `fetch_case`"));
}

#[test]
fn renamed_field() {
    let r = check("renamed-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::reference");
    assert!(
        m.contains("renamed to `external_ref` (wire `reference` -> `externalRef`:"),
        "{m}"
    );
}

#[test]
fn changed_type() {
    let r = check("changed-type");
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
    let r = check("optional-to-required");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::note");
    assert!(m.contains("optional -> required"), "{m}");
    assert!(m.contains("type Option<String> -> String"), "{m}");
}

#[test]
fn new_required_request_field() {
    let r = check("new-required-request-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::country");
    assert!(
        m.contains("`types::CaseRequest::new` takes it as an argument"),
        "{m}"
    );
}

#[test]
fn new_required_parameter() {
    let r = check("new-required-parameter");
    let m = message(&r, Verdict::Breaking, "shop::params::GetCaseParams::tenant");
    assert!(m.contains("no longer implements `Default`"), "{m}");
}

#[test]
fn first_query_parameter() {
    let r = check("first-query-parameter");
    let m = message(&r, Verdict::Breaking, "shop::Client::create_case");
    assert!(
        m.contains("gains a `params: &params::CreateCaseParams` argument"),
        "{m}"
    );
}

#[test]
fn narrowed_constraint() {
    let r = check("narrowed-constraint");
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
    let r = check("relaxed-constraint");
    let m = message(
        &r,
        Verdict::Compatible,
        "shop::types::CaseRequest::reference",
    );
    assert_eq!(m, "relaxed constraint: maxLength 64 -> 128");
}

#[test]
fn new_optional_field() {
    check("new-optional-field");
}

#[test]
fn new_operation() {
    // Version 1.4.2: an addition needs the minor number, so 1.4.3 does not reflect it; but
    // nothing breaks, so `--fail-on breaking` passes.
    let r = check("new-operation");
    assert_eq!(
        r.required_version().map(|v| v.to_string()).as_deref(),
        Some("1.5.0")
    );
    assert!(!r.version_reflects_changes());
}

#[test]
fn new_response_enum_value() {
    check("new-response-enum-value");
}

#[test]
fn removed_enum_value() {
    let r = check("removed-enum-value");
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
    let r = check("removed-enum-value-bumped");
    assert!(r.version_reflects_changes());
    assert!(!r.has_unannounced_breaking_change());
    assert!(
        r.to_string().contains("the version already reflects it"),
        "{r}"
    );
}

#[test]
fn doc_change() {
    let r = check("doc-change");
    assert_eq!(r.worst(), Some(Verdict::Docs));
}

#[test]
fn new_error_status() {
    let r = check("new-error-status");
    assert!(message(
        &r,
        Verdict::Compatible,
        "shop::errors::CreateCaseError::Conflict"
    )
    .contains("#[non_exhaustive]"));
}

#[test]
fn removed_error_status() {
    check("removed-error-status");
}

#[test]
fn new_union_alternative() {
    // Unions are emitted `#[non_exhaustive]`, so a new alternative breaks no match.
    let r = check("new-union-alternative");
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
    let r = check("union-gains-discriminator");
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
    let r = check("builder-threshold");
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
    let r = check("nullable-field");
    let m = message(&r, Verdict::Breaking, "shop::types::CaseRequest::note");
    assert_eq!(m, "type Option<String> -> Nullable<String>");
}

#[test]
fn server_variables() {
    // A server with variables has a function taking one `&str` per variable, in order.
    let r = check("server-variables");
    let m = message(&r, Verdict::Breaking, "shop::servers::production");
    assert_eq!(m, "arguments change from (region) to (region, version)");
}

#[test]
fn unchanged() {
    let r = check("unchanged");
    assert!(r.changes.is_empty());
    assert!(
        r.to_string().contains("no changes to the generated crate"),
        "{r}"
    );
}

/// A temporary folder holding a copy of `specs/vove-id-kyb.yaml` only.
fn current_vove() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(
        specs_dir().join("vove-id-kyb.yaml"),
        dir.path().join("vove-id-kyb.yaml"),
    )
    .expect("copy specs/vove-id-kyb.yaml");
    dir
}

#[test]
fn older_vove_page_against_the_current_spec() {
    // The older page took `businessName` and `formData`; the current one takes `country` and
    // `country_state` instead. Dropping request fields breaks code that sets them.
    let head = current_vove();
    let base = fixtures().join("vove-older-page/base");
    let r = report(&base, head.path());
    assert_eq!(
        verdicts(&r, false),
        [
            "breaking vove_id_kyb::types::CreateKybCaseRequest::business_name",
            "breaking vove_id_kyb::types::CreateKybCaseRequest::form_data",
            "breaking vove_id_kyb::types::CreateKybCaseRequestFormData",
            "compatible vove_id_kyb::types::CreateKybCaseRequest::country",
            "compatible vove_id_kyb::types::CreateKybCaseRequest::country_state",
        ],
        "{r}"
    );
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
    assert_eq!(r.bump().to_string(), "minor");
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
