//! Malformed input: every bad spec, folder or command line gets a clear diagnostic (file,
//! JSON pointer, what is wrong, what to do), the exit code says what kind of failure it was,
//! nothing panics, and the output folder is left byte for byte as it was.
//!
//! Each case runs `cargo xtask codegen --specs <folder with just that fixture> --out <folder
//! pre-filled with a sentinel crate>` in-process. The fixtures live in `tests/fixtures/bad/`,
//! each with its expectation beside it (`<stem>.expected.toml`: exit code, counts of errors and
//! warnings, and the diagnostics that must appear; see the folder's README); the folder is
//! read, so adding a case is adding two files. The cases too big, too deep or too odd to keep
//! as files, and checks of the generated code, are built here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The outcome of one `cargo xtask` invocation.
struct Run {
    code: u8,
    out: String,
    err: String,
}

fn xtask(args: &[&str]) -> Run {
    let (code, out, err) = tests::xtask(args);
    Run { code, out, err }
}

fn codegen(specs: &Path, out: &Path) -> Run {
    xtask(&[
        "codegen",
        "--specs",
        &specs.display().to_string(),
        "--out",
        &out.display().to_string(),
    ])
}

fn fixture(name: &str) -> PathBuf {
    tests::root().join("tests/fixtures/bad").join(name)
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary folder")
}

/// A specs folder holding copies of the given fixtures.
fn specs_with(fixtures: &[&str]) -> tempfile::TempDir {
    let dir = temp();
    for name in fixtures {
        std::fs::copy(fixture(name), dir.path().join(name)).expect("copy the fixture");
    }
    dir
}

/// An output folder holding a previous generation: a generated file that the next run would
/// rewrite, one it would delete, and hand-written files it must never touch.
fn sentinel_out() -> tempfile::TempDir {
    let dir = temp();
    let marker = codegen::format::header("specs/old.yaml");
    let files = [
        ("Cargo.toml", "[package]\nname = \"sentinel\"\n".to_owned()),
        ("README.md", "hand-written\n".to_owned()),
        ("src/lib.rs", format!("{marker}pub mod old;\n")),
        ("src/old.rs", format!("{marker}pub struct Old;\n")),
        ("src/hand.rs", "// hand-written\n".to_owned()),
    ];
    for (rel, text) in files {
        let path = dir.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the sentinel folders");
        }
        std::fs::write(path, text).expect("write a sentinel file");
    }
    dir
}

/// Every entry under `dir` (relative path -> bytes; folders as `None`).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<PathBuf, Option<Vec<u8>>>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(base).expect("under base").to_path_buf();
            if path.is_dir() {
                into.insert(rel, None);
                walk(base, &path, into);
            } else {
                into.insert(rel, Some(std::fs::read(&path).expect("read a file")));
            }
        }
    }
    let mut map = BTreeMap::new();
    walk(dir, dir, &mut map);
    map
}

/// A fixture's expectation, `<stem>.expected.toml` beside it (the format is described in
/// `tests/fixtures/bad/README.md`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The exit code: 1 (refused, nothing written) or 0 (generated).
    exit: u8,
    /// How many `error: ` diagnostics are printed.
    errors: usize,
    /// How many `warning: ` diagnostics are printed.
    warnings: usize,
    /// Diagnostics that must be among them.
    #[serde(default, rename = "diagnostic")]
    diagnostics: Vec<ExpectedDiagnostic>,
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedDiagnostic {
    severity: Severity,
    /// The JSON pointer the diagnostic names (`""` for the whole document).
    pointer: String,
    /// `":line:column"` when the parser knows where.
    #[serde(default)]
    location: Option<String>,
    /// Fragments the message (the diagnostic's first line) must contain.
    message: Vec<String>,
    /// A fragment the `hint: ` line must contain.
    hint: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
enum Severity {
    Error,
    Warning,
}

/// The suffix of an expectation file; the rest of its name is the fixture's stem.
const EXPECTED: &str = ".expected.toml";

/// Every fixture of `tests/fixtures/bad/` with its expectation, sorted by name. An input
/// without an expectation, an expectation without an input, one that does not parse, or a
/// file that is neither is an `Err` naming the file.
fn fixtures() -> Vec<(String, Result<Expected, String>)> {
    let dir = fixture("");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("the fixtures folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let is_input = |n: &str| [".yaml", ".yml", ".json"].iter().any(|e| n.ends_with(e));
    let stem = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_owned();
    let mut found = Vec::new();
    for name in &names {
        if name == "README.md" {
            continue;
        }
        if let Some(of) = name.strip_suffix(EXPECTED) {
            if !names.iter().any(|n| is_input(n) && stem(n) == of) {
                found.push((
                    name.clone(),
                    Err(format!(
                        "{name}: no input `{of}.yaml` or `{of}.json` beside it"
                    )),
                ));
            }
            continue;
        }
        if !is_input(name) {
            found.push((
                name.clone(),
                Err(format!(
                    "{name}: neither a spec (.yaml, .yml, .json) nor an expectation (*{EXPECTED})"
                )),
            ));
            continue;
        }
        if let Some(twin) = names
            .iter()
            .find(|n| *n != name && is_input(n) && stem(n) == stem(name))
        {
            found.push((
                name.clone(),
                Err(format!("{name}: {twin} has the same stem, so they would share an expectation; rename one")),
            ));
            continue;
        }
        let expected_name = format!("{}{EXPECTED}", stem(name));
        let expected = std::fs::read_to_string(dir.join(&expected_name))
            .map_err(|e| format!("{name}: no expectation: cannot read {expected_name}: {e}"))
            .and_then(|text| {
                toml::from_str::<Expected>(&text)
                    .map_err(|e| format!("{name}: {expected_name} is malformed: {e}"))
            });
        found.push((name.clone(), expected));
    }
    found
}

/// The diagnostic line `severity: file[:line:column]#pointer: ` expected of `fixture`.
fn expected_head(fixture: &str, diagnostic: &ExpectedDiagnostic, specs: &Path) -> String {
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{severity}: {}/{fixture}{}#{}",
        specs.display(),
        diagnostic.location.as_deref().unwrap_or(""),
        diagnostic.pointer
    )
}

/// The diagnostic in `stderr` whose first line starts with `head` and contains every message
/// fragment: that line and, when there is one, the `  hint: ` line right after it.
fn find_diagnostic<'a>(stderr: &'a str, head: &str, message: &[&str]) -> Option<&'a str> {
    let mut offset = 0;
    for line in stderr.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let first = line.trim_end_matches('\n');
        if !first.starts_with(head) || !message.iter().all(|m| first.contains(m)) {
            continue;
        }
        let rest = &stderr[offset..];
        let end = match rest.strip_prefix("  hint: ") {
            Some(hint) => offset + "  hint: ".len() + hint.find('\n').unwrap_or(hint.len()),
            None => line_start + first.len(),
        };
        return Some(&stderr[line_start..end]);
    }
    None
}

/// The text of the generated module `module` under `out`: `src/<module>.rs`, or every `.rs`
/// file under `src/<module>/` (sorted by path), whichever the generator wrote; `None` when
/// neither exists.
fn module_text(out: &Path, module: &str) -> Option<String> {
    let src = out.join("src");
    let file = src.join(format!("{module}.rs"));
    let mut texts = Vec::new();
    if file.is_file() {
        texts.push(std::fs::read_to_string(&file).expect("read the module"));
    }
    let folder = src.join(module);
    for (path, bytes) in snapshot(&folder) {
        if let Some(bytes) = bytes.filter(|_| path.extension().is_some_and(|e| e == "rs")) {
            texts.push(String::from_utf8(bytes).expect("generated code is UTF-8"));
        }
    }
    (!texts.is_empty()).then(|| texts.join("\n"))
}

/// The generated module of the spec file `spec` under `out`; fails when none was written.
fn module_of(out: &Path, spec: &str) -> String {
    let stem = spec.rsplit_once('.').map_or(spec, |(s, _)| s);
    let module = codegen::naming::module_name(stem);
    module_text(out, &module).unwrap_or_else(|| panic!("no module `{module}` written for {spec}"))
}

/// What is wrong with one fixture's run, judged against its expectation.
fn check_fixture(name: &str, want: &Expected, table: &mut String) -> Vec<String> {
    let specs = specs_with(&[name]);
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = match std::panic::catch_unwind(|| codegen(specs.path(), out.path())) {
        Ok(run) => run,
        Err(_) => return vec!["the generator panicked".to_owned()],
    };
    let after = snapshot(out.path());
    let mut problems = Vec::new();
    if run.code != want.exit {
        problems.push(format!("exit code {} (expected {})", run.code, want.exit));
    }
    let count = |prefix: &str| run.err.lines().filter(|l| l.starts_with(prefix)).count();
    let (errors, warnings) = (count("error: "), count("warning: "));
    if (errors, warnings) != (want.errors, want.warnings) {
        problems.push(format!(
            "{errors} error(s) and {warnings} warning(s) (expected {} and {})",
            want.errors, want.warnings
        ));
    }
    for diagnostic in &want.diagnostics {
        let head = expected_head(name, diagnostic, specs.path());
        let message: Vec<&str> = diagnostic.message.iter().map(String::as_str).collect();
        match find_diagnostic(&run.err, &head, &message) {
            None => problems.push(format!(
                "no diagnostic starting with {head:?} containing {message:?}"
            )),
            Some(text) => {
                match text.split_once("\n  hint: ") {
                    Some((_, hint)) if hint.contains(&diagnostic.hint) => {}
                    _ => problems.push(format!("hint missing or without {:?}", diagnostic.hint)),
                }
                table.push_str(&format!(
                    "{name:<28} {}\n",
                    text.replace(&format!("{}/", specs.path().display()), "")
                ));
            }
        }
    }
    if want.exit == 0 {
        if module_text(
            out.path(),
            &codegen::naming::module_name(name.rsplit_once('.').map_or(name, |(s, _)| s)),
        )
        .is_none()
        {
            problems.push("its module was not written".to_owned());
        }
        if after.get(Path::new("src/hand.rs")) != before.get(Path::new("src/hand.rs")) {
            problems.push("a hand-written file changed".to_owned());
        }
    } else {
        if before != after {
            problems.push("the output folder changed".to_owned());
        }
        if !run.err.contains("was left unchanged") {
            problems.push("no `left unchanged` summary".to_owned());
        }
        if !run.out.is_empty() {
            problems.push(format!("something is reported as written: {}", run.out));
        }
    }
    if !problems.is_empty() {
        problems.push(format!("stderr:\n{}", run.err));
    }
    problems
}

/// Every fixture in `tests/fixtures/bad/` fares as its `<stem>.expected.toml` says. All
/// fixtures run before the test reports, so one run lists every failure.
#[test]
fn every_fixture_meets_its_expectation() {
    let fixtures = fixtures();
    assert!(
        fixtures.len() >= 30,
        "only {} fixtures found in {}",
        fixtures.len(),
        fixture("").display()
    );
    let mut failures = Vec::new();
    let mut table = String::new();
    for (name, expected) in &fixtures {
        let problems = match expected {
            Ok(want) => check_fixture(name, want, &mut table),
            Err(problem) => vec![problem.clone()],
        };
        if !problems.is_empty() {
            failures.push(format!("{name}:\n  {}", problems.join("\n  ")));
        }
    }
    println!("{table}{} fixtures checked", fixtures.len());
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        fixtures.len(),
        failures.join("\n\n")
    );
}

/// Asserts an error run: exit code, the diagnostic's head and fragments, a hint, and an
/// untouched output folder.
fn assert_error(
    run: &Run,
    head: &str,
    fragments: &[&str],
    before: &BTreeMap<PathBuf, Option<Vec<u8>>>,
    out: &Path,
) {
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.err);
    let text = find_diagnostic(&run.err, head, fragments)
        .unwrap_or_else(|| panic!("no diagnostic {head:?} with {fragments:?} in:\n{}", run.err));
    assert!(text.contains("\n  hint: "), "no hint in {text}");
    assert_eq!(&snapshot(out), before, "the output folder changed");
}

#[test]
fn unreadable_spec_file() {
    let specs = temp();
    let link = specs.path().join("spec.yaml");
    std::os::unix::fs::symlink(specs.path().join("gone.yaml"), &link).expect("a symlink");
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    let head = format!("error: {}/spec.yaml#", specs.path().display());
    assert_error(&run, &head, &["cannot read the file"], &before, out.path());
}

/// A specs folder `<tmp>/specs` holding `spec.yaml` whose schema `Case` has a property
/// `address: {$ref: <reference>}`, and a schema file `<tmp>/outside.yaml` beside the folder.
fn spec_with_ref(reference: &str) -> (tempfile::TempDir, PathBuf) {
    let base = temp();
    let specs = base.path().join("specs");
    std::fs::create_dir_all(specs.join("schemas")).expect("the specs folder");
    std::fs::write(base.path().join("outside.yaml"), "type: string\n").expect("a file outside");
    let spec = format!(
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths: {{}}\ncomponents:\n  schemas:\n    Case:\n      type: object\n      properties:\n        address:\n          $ref: '{reference}'\n"
    );
    std::fs::write(specs.join("spec.yaml"), spec).expect("the spec");
    (base, specs)
}

/// Runs codegen on `specs` and asserts one error at the `address` property with `fragments`.
fn assert_ref_refused(specs: &Path, fragments: &[&str]) {
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs, out.path());
    let head = format!(
        "error: {}/spec.yaml#/components/schemas/Case/properties/address",
        specs.display()
    );
    assert_error(&run, &head, fragments, &before, out.path());
    assert!(run.err.contains("1 error(s)"), "{}", run.err);
}

#[test]
fn ref_escaping_the_specs_folder_through_dot_dot() {
    let (_base, specs) = spec_with_ref("../outside.yaml");
    assert_ref_refused(
        &specs,
        &["$ref ../outside.yaml leads outside the specs folder"],
    );
}

#[test]
fn ref_escaping_the_specs_folder_through_a_symlink() {
    let (base, specs) = spec_with_ref("schemas/inside.yaml");
    std::os::unix::fs::symlink(
        base.path().join("outside.yaml"),
        specs.join("schemas/inside.yaml"),
    )
    .expect("a symlink");
    assert_ref_refused(
        &specs,
        &["$ref schemas/inside.yaml leads outside the specs folder"],
    );
}

#[test]
fn ref_to_a_url_is_refused_with_a_hint_to_bundle() {
    let (_base, specs) = spec_with_ref("https://example.com/schemas/address.yaml");
    assert_ref_refused(&specs, &["is a URL", "no network access"]);
    let out = sentinel_out();
    let run = codegen(&specs, out.path());
    assert!(
        run.err
            .contains("hint: download the referenced document and bundle it"),
        "{}",
        run.err
    );
}

#[test]
fn ref_where_openapi_allows_none() {
    let specs = temp();
    std::fs::write(
        specs.path().join("spec.yaml"),
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              $ref: media.yaml\n",
    )
    .expect("the spec");
    std::fs::write(specs.path().join("media.yaml"), "schema:\n  type: string\n")
        .expect("a fragment");
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    let head = format!(
        "error: {}/spec.yaml#/paths/~1a/get/responses/200/content/application~1json",
        specs.path().display()
    );
    assert_error(
        &run,
        &head,
        &["$ref media.yaml is not allowed here: OpenAPI allows no reference for a media type object"],
        &before,
        out.path(),
    );
}

#[test]
fn folder_named_like_a_spec_is_not_read() {
    let specs = temp();
    std::fs::create_dir(specs.path().join("x.yaml")).expect("a folder");
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    let head = format!("error: {}#", specs.path().display());
    assert_error(&run, &head, &["no spec files"], &before, out.path());
}

#[test]
fn empty_specs_folder() {
    let specs = temp();
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    let head = format!("error: {}#", specs.path().display());
    assert_error(
        &run,
        &head,
        &["no spec files (.yaml, .yml, .json)"],
        &before,
        out.path(),
    );
}

#[test]
fn missing_specs_folder() {
    let specs = temp();
    let missing = specs.path().join("nope");
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(&missing, out.path());
    let head = format!("error: {}#", missing.display());
    assert_error(
        &run,
        &head,
        &["cannot read the specs folder"],
        &before,
        out.path(),
    );
}

#[test]
fn output_under_a_regular_file() {
    let specs = specs_with(&["good.yaml"]);
    let base = temp();
    let file = base.path().join("file");
    std::fs::write(&file, "not a folder\n").expect("a file");
    let out = file.join("out");
    let run = codegen(specs.path(), &out);
    assert_eq!(run.code, 1, "stderr:\n{}", run.err);
    let head = format!("error: {}#", out.display());
    let text = find_diagnostic(&run.err, &head, &["Not a directory"])
        .unwrap_or_else(|| panic!("no diagnostic {head:?} in:\n{}", run.err));
    assert!(text.contains("\n  hint: "), "no hint in {text}");
    assert_eq!(
        std::fs::read_to_string(&file).expect("the file"),
        "not a folder\n"
    );
}

#[test]
fn one_bad_spec_blocks_the_good_one() {
    let specs = specs_with(&["good.yaml", "dangling_ref.yaml"]);
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    let head = format!(
        "error: {}/dangling_ref.yaml#/components/schemas/Case/properties/owner",
        specs.path().display()
    );
    assert_error(&run, &head, &["does not exist"], &before, out.path());
    assert!(run.err.contains("1 error(s)"), "{}", run.err);
    assert!(
        run.out.is_empty(),
        "nothing may be reported as written: {}",
        run.out
    );
}

#[test]
fn all_errors_of_all_specs_are_reported_together() {
    let specs = specs_with(&["dangling_ref.yaml", "swagger2_two_bodies.yaml", "good.yaml"]);
    let out = sentinel_out();
    let before = snapshot(out.path());
    let run = codegen(specs.path(), out.path());
    assert_error(
        &run,
        &format!(
            "error: {}/swagger2_two_bodies.yaml#/paths/~1pets/post/parameters/1",
            specs.path().display()
        ),
        &["a second `in: body` parameter"],
        &before,
        out.path(),
    );
    assert!(
        run.err
            .contains("dangling_ref.yaml#/components/schemas/Case"),
        "{}",
        run.err
    );
    assert!(run.err.contains("2 error(s)"), "{}", run.err);
}

#[test]
fn usage_errors_exit_2() {
    let specs = specs_with(&["good.yaml"]);
    let out = sentinel_out();
    let before = snapshot(out.path());
    let s = specs.path().display().to_string();
    let o = out.path().display().to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["codegen", "--specs", &s, "--out", &o, "--frobnicate"],
            "unexpected argument \"--frobnicate\"",
        ),
        (
            &["codegen", "--out", &o, "--specs"],
            "--specs needs a value",
        ),
        (&["codegen", "--specs", &s, "--out"], "--out needs a value"),
        (
            &["codegen", "--specs", "--out", &o],
            "--specs needs a value",
        ),
        (&["frobnicate"], "unknown command \"frobnicate\""),
        (&[], "no command given"),
    ];
    for (args, message) in cases {
        let run = xtask(args);
        assert_eq!(run.code, 2, "{args:?}: stderr:\n{}", run.err);
        assert!(
            run.err.starts_with(&format!("error: {message}\n")),
            "{args:?}: stderr:\n{}",
            run.err
        );
        assert!(
            run.err.contains("usage:"),
            "{args:?}: no usage in {}",
            run.err
        );
        assert_eq!(
            snapshot(out.path()),
            before,
            "{args:?} changed the output folder"
        );
    }
}

#[test]
fn missing_operation_id_gets_a_stable_derived_name() {
    let specs = specs_with(&["missing_operation_id.yaml"]);
    let first = temp();
    let second = temp();
    assert_eq!(codegen(specs.path(), first.path()).code, 0);
    assert_eq!(codegen(specs.path(), second.path()).code, 0);
    let module = snapshot(first.path());
    assert_eq!(module, snapshot(second.path()), "two runs differ");
    let code = module_of(first.path(), "missing_operation_id.yaml");
    assert!(
        code.contains("pub fn get_cases_case_id_documents("),
        "derived method missing:\n{code}"
    );
}

#[test]
fn collisions_keep_every_wire_name() {
    let specs = specs_with(&["collisions.yaml"]);
    let out = temp();
    assert_eq!(codegen(specs.path(), out.path()).code, 0);
    let code = module_of(out.path(), "collisions.yaml");
    for needle in [
        "pub foo_bar: ",
        "pub foo_bar_2: ",
        // Each field is written under its own wire name.
        "(\"fooBar\", crate::runtime::field_if_some(&self.foo_bar))",
        "(\"foo_bar\", crate::runtime::field_if_some(&self.foo_bar_2))",
        "AB,",
        "AB2,",
        "\"a-b\"",
        "\"a_b\"",
    ] {
        assert!(code.contains(needle), "{needle:?} missing:\n{code}");
    }
}

/// A document whose schema `Deep` nests `levels` schemas deep, each level wrapping the next
/// with `wrap` (`{}` marks where the inner schema goes). Flow style keeps the text small.
fn nested_document(levels: usize, wrap: &str) -> String {
    let mut schema = String::from("{type: string}");
    for _ in 0..levels {
        schema = wrap.replace("{}", &schema);
    }
    format!(
        "openapi: 3.0.3\ninfo:\n  title: Deep\n  version: \"1\"\npaths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n"
    )
}

const ITEMS: &str = "{type: array, items: {}}";
const PROPERTIES: &str = "{type: object, properties: {child: {}}}";

/// 100 nested schema levels generate. (Through `items`, each level is one level of YAML; the
/// parsers stop at 128 levels of YAML or JSON, so object properties, two levels of YAML each,
/// reach that limit at about 60 schema levels and are refused like the case below.)
#[test]
fn nesting_100_levels_generates() {
    let specs = temp();
    std::fs::write(specs.path().join("deep.yaml"), nested_document(100, ITEMS)).expect("write");
    let out = temp();
    let run = codegen(specs.path(), out.path());
    assert_eq!(run.code, 0, "stderr:\n{}", run.err);
    let code = module_of(out.path(), "deep.yaml");
    let depth = code.matches("Vec<").count();
    assert!(depth >= 100, "expected 100 nested Vecs, found {depth}");
}

#[test]
fn nesting_200_levels_is_refused() {
    for (name, text) in [
        ("items.yaml", nested_document(200, ITEMS)),
        ("properties.yaml", nested_document(200, PROPERTIES)),
        ("objects.json", {
            let mut schema = String::from("{\"type\": \"string\"}");
            for _ in 0..200 {
                schema = format!("{{\"type\": \"array\", \"items\": {schema}}}");
            }
            format!("{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"Deep\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{\"Deep\": {schema}}}}}}}")
        }),
    ] {
        let specs = temp();
        std::fs::write(specs.path().join(name), text).expect("write");
        let out = sentinel_out();
        let before = snapshot(out.path());
        let run = codegen(specs.path(), out.path());
        let head = format!("error: {}/{name}:1:", specs.path().display());
        let head = if name.ends_with(".yaml") {
            format!("error: {}/{name}:8:", specs.path().display())
        } else {
            head
        };
        assert_error(
            &run,
            &head,
            &["recursion limit exceeded"],
            &before,
            out.path(),
        );
        assert!(
            run.err.contains("nests too deeply"),
            "{name}: hint: {}",
            run.err
        );
    }
}

#[test]
fn yaml_alias_bomb_is_refused() {
    let mut doc =
        String::from("openapi: 3.0.3\ninfo: {title: Bomb, version: \"1\"}\npaths: {}\nx-lol:\n");
    doc.push_str(
        "  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
    for pair in names.windows(2) {
        let (prev, next) = (pair[0], pair[1]);
        let refs = vec![format!("*{prev}"); 9].join(",");
        doc.push_str(&format!("  {next}: &{next} [{refs}]\n"));
    }
    let specs = temp();
    std::fs::write(specs.path().join("bomb.yaml"), doc).expect("write");
    let out = sentinel_out();
    let before = snapshot(out.path());
    let started = Instant::now();
    let run = codegen(specs.path(), out.path());
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let head = format!("error: {}/bomb.yaml", specs.path().display());
    assert_error(
        &run,
        &head,
        &["invalid YAML", "repetition limit"],
        &before,
        out.path(),
    );
    assert!(
        run.err.contains("aliases"),
        "the hint should explain aliases: {}",
        run.err
    );
}

#[test]
fn huge_document_in_bounded_time() {
    const SCHEMAS: usize = 20_000;
    let mut doc = String::from("openapi: 3.0.3\ninfo:\n  title: Huge\n  version: \"1\"\npaths: {}\ncomponents:\n  schemas:\n");
    for i in 0..SCHEMAS {
        let next = (i + 1) % SCHEMAS;
        doc.push_str(&format!(
            "    S{i}:\n      type: object\n      properties:\n        id: {{type: string}}\n        next: {{$ref: '#/components/schemas/S{next}'}}\n"
        ));
    }
    let specs = temp();
    std::fs::write(specs.path().join("huge.yaml"), doc).expect("write");
    let out = temp();
    let started = Instant::now();
    let run = codegen(specs.path(), out.path());
    let took = started.elapsed();
    assert_eq!(
        run.code,
        0,
        "stderr:\n{}",
        run.err.chars().take(2000).collect::<String>()
    );
    // A module this large is a folder (`src/huge/`) of files within the line budget.
    let files = snapshot(&out.path().join("src/huge"));
    assert!(files.len() > 5, "{:?}", files.keys());
    let mut found = false;
    for (path, bytes) in &files {
        let Some(bytes) = bytes else { continue };
        let code = String::from_utf8(bytes.clone()).expect("UTF-8");
        let lines = code.lines().count();
        assert!(lines <= 10_000, "{} has {lines} lines", path.display());
        found |= code.contains("pub struct S19999");
    }
    assert!(found, "the last type is in one of the files");
    assert!(took < Duration::from_secs(240), "took {took:?}");
}

/// Files whose names mark them as temporaries of `output::apply`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir)
        .into_keys()
        .filter(|p| p.to_string_lossy().contains(".tmp-"))
        .collect()
}

/// A rename that fails half way through (the second target is a non-empty folder) rolls
/// back the first one: the folder is byte for byte as before and holds no temporaries.
#[test]
fn interrupted_write_is_rolled_back() {
    use codegen::output::{apply, plan};
    let out = sentinel_out();
    std::fs::create_dir_all(out.path().join("src/b.rs/inside")).expect("a folder in the way");
    let before = snapshot(out.path());
    let mut files = BTreeMap::new();
    files.insert(
        "Cargo.toml".to_owned(),
        "[package]\nname = \"new\"\n".to_owned(),
    );
    files.insert("src/a.rs".to_owned(), "// a\n".to_owned());
    files.insert("src/new/deep.rs".to_owned(), "// deep\n".to_owned());
    files.insert("src/lib.rs".to_owned(), "// lib\n".to_owned());
    // `plan` reads every target; a folder cannot be read, so build the change by hand.
    let mut changes = plan(out.path(), &files).expect("a plan");
    changes.push(codegen::output::Change::Create {
        path: "src/b.rs".to_owned(),
        new: "// b\n".to_owned(),
    });
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    assert!(
        changes
            .iter()
            .any(|c| matches!(c, codegen::output::Change::Delete { .. })),
        "the plan should delete src/old.rs: {changes:?}"
    );
    let error = apply(out.path(), &changes).expect_err("the rename onto a folder fails");
    let text = error.to_string();
    assert!(text.contains("cannot replace"), "{text}");
    assert!(text.contains("b.rs"), "{text}");
    assert!(text.contains("hint: "), "{text}");
    assert_eq!(temporaries(out.path()), Vec::<PathBuf>::new());
    assert_eq!(snapshot(out.path()), before, "the folder changed");
}

/// The same holds when the last step, deleting a file no spec produces any more, fails.
#[test]
fn failed_delete_is_rolled_back() {
    use codegen::output::{apply, Change};
    let out = sentinel_out();
    let before = snapshot(out.path());
    let changes = vec![
        Change::Create {
            path: "src/a.rs".to_owned(),
            new: "// a\n".to_owned(),
        },
        Change::Update {
            path: "src/lib.rs".to_owned(),
            old: String::from_utf8(before[Path::new("src/lib.rs")].clone().expect("a file"))
                .expect("UTF-8"),
            new: "// lib\n".to_owned(),
        },
        Change::Delete {
            path: "src/gone.rs".to_owned(),
            old: "// gone\n".to_owned(),
        },
    ];
    let error = apply(out.path(), &changes).expect_err("deleting a missing file fails");
    assert!(error.to_string().contains("cannot delete"), "{error}");
    assert_eq!(temporaries(out.path()), Vec::<PathBuf>::new());
    assert_eq!(snapshot(out.path()), before, "the folder changed");
}

/// A failure while writing the temporaries (a folder cannot be created because a file is in
/// the way) leaves no temporaries and no created folders behind.
#[test]
fn failed_temporary_write_leaves_nothing() {
    use codegen::output::{apply, Change};
    let out = sentinel_out();
    std::fs::write(out.path().join("blocker"), "a file\n").expect("a file");
    let before = snapshot(out.path());
    let changes = vec![
        Change::Create {
            path: "a/new/file.rs".to_owned(),
            new: "// a\n".to_owned(),
        },
        Change::Create {
            path: "blocker/file.rs".to_owned(),
            new: "// b\n".to_owned(),
        },
    ];
    let error = apply(out.path(), &changes).expect_err("a file is in the way");
    assert!(error.to_string().contains("blocker"), "{error}");
    assert_eq!(temporaries(out.path()), Vec::<PathBuf>::new());
    assert_eq!(snapshot(out.path()), before, "the folder changed");
}

/// The naming edge cases (keywords, std type names as schema names, leading digits, symbols,
/// names that collide once converted), the collision fixture, the derived operation name and
/// control characters in names, enum values and descriptions (a bare carriage return in a doc
/// comment does not compile) generate one crate that `cargo check` accepts without a warning.
#[test]
fn naming_edge_cases_compile() {
    let specs = specs_with(&[
        "naming_edge_cases.yaml",
        "collisions.yaml",
        "missing_operation_id.yaml",
        "recursive_union_param.yaml",
        "control_characters.json",
        "good.yaml",
        "pointer_refs.yaml",
        "pointer_ref_self.yaml",
        "undeclared_security.yaml",
        "big_integer.yaml",
    ]);
    let out = temp();
    let run = codegen(specs.path(), out.path());
    assert_eq!(run.code, 0, "stderr:\n{}", run.err);
    for warning in [
        "naming_edge_cases.yaml#/components/schemas/Keywords/properties/foo_bar: property \"foo_bar\" and another both become `foo_bar`",
        "naming_edge_cases.yaml#/components/schemas/1Password/enum: enum values",
    ] {
        assert!(run.err.contains(warning), "missing warning {warning:?} in:\n{}", run.err);
    }
    // The workspace's lock file pins the same dependency versions the checked-in crate uses,
    // so the check needs no network.
    std::fs::copy(
        tests::root().join("Cargo.lock"),
        out.path().join("Cargo.lock"),
    )
    .expect("copy the lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(["check", "--all-features", "--offline", "--quiet"])
        .current_dir(out.path())
        .env(
            "CARGO_TARGET_DIR",
            tests::root().join("target/bad-input-check"),
        )
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .expect("run cargo check");
    assert!(
        output.status.success(),
        "cargo check failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let code = module_of(out.path(), "naming_edge_cases.yaml");
    for needle in [
        "pub type_: ",
        "pub self_: ",
        "pub match_: ",
        "pub async_: ",
        "(\"@type\", crate::runtime::field_if_some(&self.at_type))",
        "(\"+1\", crate::runtime::field_if_some(&self.plus_1))",
        "(\"-1\", crate::runtime::field_if_some(&self.minus_1))",
        "(\"1st\", crate::runtime::field_if_some(&self._1st))",
        "pub struct String",
        "pub struct Option",
        "pub struct Box",
        "pub enum Result",
        // Std names the schemas take keep their full paths; the others are short.
        "impl Into<::std::string::String>",
        "pub option: ::std::option::Option<Option>,",
        "-> ::std::result::Result<",
        "::std::boxed::Box::new(",
        "None,",
    ] {
        assert!(code.contains(needle), "{needle:?} missing from the module");
    }
    for full in ["::std::convert::Into", "::std::option::Option::None"] {
        assert!(!code.contains(full), "{full:?} in the module");
    }
}

/// `$ref`s into a component's inner parts (a property, a parameter's schema, another path's
/// parameter, a chain of them) generate, and every place that names the same schema gets the
/// same Rust type.
#[test]
fn pointer_refs_share_one_type() {
    let specs = specs_with(&["pointer_refs.yaml"]);
    let out = temp();
    let run = codegen(specs.path(), out.path());
    assert_eq!(run.code, 0, "stderr:\n{}", run.err);
    let module = module_of(out.path(), "pointer_refs.yaml");
    // Compared without whitespace: the printer breaks long signatures.
    let flat = |text: &str| text.split_whitespace().collect::<String>();
    let flat_module = flat(&module);
    for line in [
        "pub struct TagStyle {",
        "pub style: Option<TagStyle>,",
        "pub also_style: Option<TagStyle>,",
        "pub via_chain: Option<TagStyle>,",
        "pub kind: Option<super::types::Kind>,",
        "pub limit: Option<i64>,",
        "-> impl crate::runtime::Call<Vec<types::TagStyle>, errors::ListTagsError> + '_",
    ] {
        assert!(
            flat_module.contains(&flat(line)),
            "missing {line:?} in:\n{module}"
        );
    }
    assert_eq!(module.matches("pub struct TagStyle {").count(), 1);
}

/// A YAML integer beyond the 64-bit range (`minimum: -9223372036854776000`) is read as the
/// float it means, exactly as the same document written as JSON.
#[test]
fn a_yaml_integer_beyond_64_bits_generates_like_its_json_twin() {
    let yaml = specs_with(&["big_integer.yaml"]);
    let json = temp();
    std::fs::write(
        json.path().join("big_integer.json"),
        r#"{"openapi": "3.0.3", "info": {"title": "Big integer", "version": "1"},
            "paths": {"/n": {"get": {"operationId": "getN",
              "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "format": "int64",
                "minimum": -9223372036854776000, "maximum": 9223372036854776000}}],
              "responses": {"200": {"description": "ok"}}}}}}"#,
    )
    .expect("write the JSON twin");
    let (yaml_out, json_out) = (temp(), temp());
    let from_yaml = codegen(yaml.path(), yaml_out.path());
    let from_json = codegen(json.path(), json_out.path());
    assert_eq!(from_yaml.code, 0, "stderr:\n{}", from_yaml.err);
    assert_eq!(from_json.code, 0, "stderr:\n{}", from_json.err);
    // Everything but the `@generated` headers, which name the spec file.
    let read = |dir: &Path| {
        module_of(dir, "big_integer.yaml")
            .lines()
            .filter(|l| !l.starts_with("// @generated"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let module = read(yaml_out.path());
    assert_eq!(module, read(json_out.path()));
    // The bounds are the ends of the 64-bit range, which the type already holds to.
    assert!(module.contains("pub n: Option<i64>,"), "{module}");
}
