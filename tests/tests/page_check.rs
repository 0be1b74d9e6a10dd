//! `cargo xtask page-check`: small vendor pages with known differences from a small spec, in
//! Markdown and HTML (`tests/fixtures/pages/`). Each difference must come with its page line
//! and the spec's JSON pointer, and the spec's accepted difference must be reported as such.

use std::path::{Path, PathBuf};
use xtask::page_check::{check, spec};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pages")
}

use tests::xtask as run;

/// (kind, field, page line, spec pointer, accepted) of every finding.
fn findings(page: &str) -> Vec<(String, String, Option<usize>, String, bool)> {
    let spec = spec::load(&fixtures().join("specs/cases.yaml"), "cases.yaml").expect("spec");
    let report = check(&spec, &fixtures().join(page)).expect("page");
    report
        .findings
        .iter()
        .map(|f| {
            (
                f.kind.name().to_owned(),
                f.field.clone(),
                f.line,
                f.pointer.clone(),
                f.accepted.is_some(),
            )
        })
        .collect()
}

fn expected(lines: [usize; 6]) -> Vec<(String, String, Option<usize>, String, bool)> {
    let row = |kind: &str, field: &str, line: Option<usize>, pointer: &str, accepted: bool| {
        (
            kind.to_owned(),
            field.to_owned(),
            line,
            pointer.to_owned(),
            accepted,
        )
    };
    let input = "/components/schemas/CaseInput";
    vec![
        // The example renames `refId` to `referenceId`: the required field is missing...
        row(
            "example-invalid",
            "refId",
            Some(lines[0]),
            &format!("{input}/required"),
            false,
        ),
        // ...and the new name is not in the spec.
        row(
            "field-missing-in-spec",
            "referenceId",
            Some(lines[1]),
            &format!("{input}/properties"),
            false,
        ),
        // The spec's `channel` is not in the page's table.
        row(
            "field-missing-on-page",
            "channel",
            Some(lines[2]),
            &format!("{input}/properties/channel"),
            false,
        ),
        // The enum list changed: `urgent` added, `high` gone.
        row(
            "enum",
            "priority",
            Some(lines[3]),
            &format!("{input}/properties/priority"),
            false,
        ),
        // A field added to the table.
        row(
            "field-missing-in-spec",
            "nickname",
            Some(lines[4]),
            &format!("{input}/properties"),
            false,
        ),
        // A new status code.
        row(
            "status-missing-in-spec",
            "409",
            Some(lines[5]),
            "/paths/~1cases/post/responses",
            false,
        ),
        // The spec's 403 is not on the page, on purpose.
        row(
            "status-missing-on-page",
            "403",
            None,
            "/paths/~1cases/post/responses/403",
            true,
        ),
    ]
}

#[test]
fn a_markdown_page_reports_each_known_difference() {
    assert_eq!(findings("cases.md"), expected([6, 7, 12, 15, 17, 37]));
}

#[test]
fn an_html_page_reports_each_known_difference() {
    assert_eq!(findings("cases.html"), expected([6, 7, 10, 16, 18, 30]));
}

#[test]
fn the_report_names_page_lines_and_spec_pointers() {
    let spec = fixtures().join("specs/cases.yaml");
    let page = fixtures().join("cases.md");
    let (code, out, err) = run(&[
        "page-check",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--page",
        page.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("difference cases.md:17 [field-missing-in-spec] nickname:"),
        "{out}"
    );
    assert!(
        out.contains("#/components/schemas/CaseInput/properties\n"),
        "{out}"
    );
    assert!(
        out.contains("accepted cases.md:- [status-missing-on-page] 403:")
            && out.contains("reason: sibling pages document 403; this page does not"),
        "{out}"
    );
    assert!(out.contains("result: 6 differences, 1 accepted"), "{out}");
}

#[test]
fn fail_on_difference_fails_only_on_unexplained_differences() {
    let spec = fixtures().join("specs/cases.yaml");
    let page = fixtures().join("cases.md");
    let (code, _, err) = run(&[
        "page-check",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--page",
        page.to_str().expect("utf-8"),
        "--fail-on",
        "difference",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("6 differences"), "{err}");

    // A page that agrees with the spec except for the accepted 403 passes.
    let dir = tempfile::tempdir().expect("tempdir");
    let clean = dir.path().join("clean.md");
    std::fs::write(
        &clean,
        "# Create\n\n## Request\n\n| Field | Type | Required |\n|---|---|---|\n| `refId` | string | Yes |\n| `priority` | string | No |\n| `note` | string | No |\n| `channel` | string | No |\n\n## 201 Created\n\n```json\n{\"id\": \"c\", \"refId\": \"r\"}\n```\n\n## 400 Bad Request\n",
    )
    .expect("write");
    let (code, out, err) = run(&[
        "page-check",
        "--spec",
        spec.to_str().expect("utf-8"),
        "--page",
        clean.to_str().expect("utf-8"),
        "--fail-on",
        "difference",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("result: 0 differences, 1 accepted"), "{out}");
}

#[test]
fn the_batch_form_finds_each_page_by_its_info_extension() {
    let specs = fixtures().join("specs");
    let pages = fixtures();
    let (code, out, err) = run(&[
        "page-check",
        "--specs",
        specs.to_str().expect("utf-8"),
        "--pages",
        pages.to_str().expect("utf-8"),
        "--fail-on",
        "difference",
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("against cases.md"), "{out}");
    assert!(
        out.contains("page-check: 1 pages, 6 differences, 1 accepted"),
        "{out}"
    );
}

#[test]
fn a_stale_accepted_difference_is_noted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = std::fs::read_to_string(fixtures().join("specs/cases.yaml")).expect("spec");
    let text = text.replace(
        "    - field: '403'",
        "    - field: gone\n      reason: no longer on either side\n    - field: '403'",
    );
    let spec_path = dir.path().join("cases.yaml");
    std::fs::write(&spec_path, text).expect("write");
    let spec = spec::load(&spec_path, "cases.yaml").expect("spec");
    let report = check(&spec, &fixtures().join("cases.md")).expect("page");
    assert!(
        report.notes.iter().any(|n| n.contains(
            "cases.yaml#/info/x-page-accepted/0: accepted difference `gone` (any) no longer occurs"
        )),
        "{:?}",
        report.notes
    );
}

#[test]
fn bad_input_and_bad_usage() {
    let spec = fixtures().join("specs/cases.yaml");
    let spec = spec.to_str().expect("utf-8");
    let (code, _, err) = run(&["page-check", "--spec", spec]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&[
        "page-check",
        "--spec",
        spec,
        "--page",
        "x.md",
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(&["page-check", "--spec", spec, "--page", "no-such-page.md"]);
    assert_eq!(code, 1);
    assert!(err.contains("cannot read the page"), "{err}");

    let dir = tempfile::tempdir().expect("tempdir");
    let bad = dir.path().join("bad.yaml");
    let text = std::fs::read_to_string(spec).expect("spec");
    std::fs::write(&bad, text.replace("status-missing-on-page", "gone-missing")).expect("write");
    let (code, _, err) = run(&[
        "page-check",
        "--spec",
        bad.to_str().expect("utf-8"),
        "--page",
        fixtures().join("cases.md").to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1);
    assert!(
        err.contains("/info/x-page-accepted/0")
            && err.contains("unknown difference \"gone-missing\""),
        "{err}"
    );
}

/// Writes `text` as a page in a temporary folder and returns the findings as
/// `(kind, field, line)`.
fn findings_of(name: &str, text: &str) -> Vec<(String, String, Option<usize>)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write");
    let spec = spec::load(&fixtures().join("specs/cases.yaml"), "cases.yaml").expect("spec");
    let report = check(&spec, &path).expect("page");
    report
        .findings
        .iter()
        .filter(|f| f.accepted.is_none())
        .map(|f| (f.kind.name().to_owned(), f.field.clone(), f.line))
        .collect()
}

#[test]
fn type_format_nullable_and_required_differences() {
    let page = "# Create\n\n## Request\n\n| Field | Type | Required |\n|---|---|---|\n| `refId` | integer | No |\n| `priority` | string | No |\n| `note` | string \\| null | No |\n| `channel` | string | No |\n\n## 201 Created\n\n| Field | Type | Required |\n|---|---|---|\n| `id` | string | Yes |\n| `refId` | string | Yes |\n| `createdAt` | string (date) | No |\n\n## 400 Bad Request\n";
    let row =
        |kind: &str, field: &str, line: usize| (kind.to_owned(), field.to_owned(), Some(line));
    assert_eq!(
        findings_of("p.md", page),
        vec![
            row("type", "refId", 7),
            row("required", "refId", 7),
            row("nullable", "note", 9),
            row("format", "createdAt", 18),
        ]
    );
}

#[test]
fn saved_reference_layouts_are_read() {
    // Plain text as a reference site renders it: a numbered response example, glued
    // name-and-type lines, an error status list.
    let page = "Create a case\n\nPOST /cases\n\n1{\n2 \"id\": \"case_1\",\n3 \"refId\": \"r\",\n4 \"createdAt\": \"yesterday\"\n5}\n\nRequest\n\nrefIdstringRequired\nnotestring\nchannelstring\npriorityenum\nAllowed values:\nlow, normal, high\n\nErrors\n\n400\nBad Request\n";
    let row =
        |kind: &str, field: &str, line: usize| (kind.to_owned(), field.to_owned(), Some(line));
    assert_eq!(
        findings_of("p.md", page),
        vec![
            // The example's `createdAt` is not a date-time.
            row("example-invalid", "createdAt", 8),
            // The page lists only its error status.
            ("status-missing-on-page".to_owned(), "201".to_owned(), None),
        ]
    );
}

#[test]
fn no_page_prefix_makes_the_check_panic() {
    let spec = spec::load(&fixtures().join("specs/cases.yaml"), "cases.yaml").expect("spec");
    for name in ["cases.md", "cases.html"] {
        let text = std::fs::read_to_string(fixtures().join(name)).expect("page");
        let cuts = text
            .char_indices()
            .map(|(i, _)| i)
            .step_by(3)
            .chain([text.len()]);
        for cut in cuts {
            let page = xtask::page_check::read_page(Path::new(name), &text[..cut]);
            let report = xtask::page_check::compare::compare(&spec, &page, name);
            assert!(report.findings.len() < 100, "{name} cut at {cut}");
        }
    }
}

#[test]
fn an_accepted_difference_can_be_narrowed_to_a_body() {
    let text = std::fs::read_to_string(fixtures().join("specs/cases.yaml")).expect("spec");
    let accepted = |place: &str| {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec_path = dir.path().join("cases.yaml");
        let entry = format!(
            "    - field: nickname\n      in: {place}\n      reason: kept for now\n    - field: '403'"
        );
        std::fs::write(&spec_path, text.replace("    - field: '403'", &entry)).expect("write");
        let spec = spec::load(&spec_path, "cases.yaml").expect("spec");
        let report = check(&spec, &fixtures().join("cases.md")).expect("page");
        let nickname = report
            .findings
            .iter()
            .find(|f| f.field == "nickname")
            .expect("nickname");
        (nickname.place.clone(), nickname.accepted.clone())
    };
    assert_eq!(
        accepted("request"),
        ("request".to_owned(), Some("kept for now".to_owned()))
    );
    assert_eq!(accepted("response"), ("request".to_owned(), None));
    assert_eq!(accepted("'201'"), ("request".to_owned(), None));
}
