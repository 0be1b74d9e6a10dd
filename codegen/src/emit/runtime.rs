//! The runtime as the generator sees it, in one place (smithy-rs's `RuntimeType` is the
//! model): the path of every runtime item emitted code names, and the runtime's files and
//! dependencies, taken from the runtime crate (`codegen/runtime`) when the generator is
//! compiled. That crate is the runtime's one source: it is formatted, linted and unit-tested
//! there, and copied from there into every generated crate as `src/runtime/`.

use crate::format::header;
use crate::settings::RuntimeSource;

/// The module generated code reaches the runtime through.
pub const MODULE: &str = "crate::runtime";

/// Declares the path constant of each runtime item generated code names, and `ITEMS`, all of
/// them (for the test that holds each to the runtime's re-exports). `MODULE` is spelled out
/// because `concat!` takes only literals.
macro_rules! items {
    ($($(#[$doc:meta])* $name:ident = $item:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: &str = concat!("crate::runtime::", $item);
        )*
        /// Every item path above.
        #[cfg(test)]
        const ITEMS: &[&str] = &[$($name),*];
    };
}

items! {
    /// `ApiClient`: what a generated `Client` gives the builder.
    API_CLIENT = "ApiClient";
    /// `AuthPlacement`: where a security scheme puts its credential.
    AUTH_PLACEMENT = "AuthPlacement";
    /// `Builder<C>`: the client builder.
    BUILDER = "Builder";
    /// `Call<T, E>`: what the future a generated method returns implements.
    CALL = "Call";
    /// `client_builder!`: `Builder`'s setters on an API module's `ClientBuilder`.
    CLIENT_BUILDER = "client_builder";
    /// `Checks`: the violations of an operation's inputs.
    CHECKS = "Checks";
    /// `CallOptions`: headers, cookies, timeout and idempotency key of a scoped client.
    CALL_OPTIONS = "CallOptions";
    /// `ClientCore`: the HTTP core a generated client wraps.
    CLIENT_CORE = "ClientCore";
    /// `Credential`: a credential value for one scheme.
    CREDENTIAL = "Credential";
    /// `decode_struct`: decodes a map into a generated struct's field slots.
    DECODE_STRUCT = "decode_struct";
    /// `discriminator_of`: the discriminator of a JSON object.
    DISCRIMINATOR_OF = "discriminator_of";
    /// `encode_path`: a path parameter, percent-encoded.
    ENCODE_PATH = "encode_path";
    /// `encode_struct`: encodes a generated struct's fields.
    ENCODE_STRUCT = "encode_struct";
    /// `Error<E>`: everything that can go wrong in a call.
    ERROR = "Error";
    /// `ErrorBody<T>`: a documented error body, typed or raw.
    ERROR_BODY = "ErrorBody";
    /// `error_enum!`: `is_*`, `message()`, `Display` and `Error` of an operation's errors.
    ERROR_ENUM = "error_enum";
    /// `field`: a struct field that is always encoded.
    FIELD = "field";
    /// `field_if_some`: an optional struct field, encoded when it is `Some`.
    FIELD_IF_SOME = "field_if_some";
    /// `field_unless_absent`: a nullable struct field, encoded unless it is absent.
    FIELD_UNLESS_ABSENT = "field_unless_absent";
    /// `integer_enum!`: the conversions of an integer enum.
    INTEGER_ENUM = "integer_enum";
    /// `MissingField`: a required value a builder was not given.
    MISSING_FIELD = "MissingField";
    /// `Expectation<T, E>`: a mock server's expectation of one operation.
    MOCK_EXPECTATION = "Expectation";
    /// `MockError`: an error enum as a mock server's answer.
    MOCK_ERROR = "MockError";
    /// `MockExample`: the spec's example of one response.
    MOCK_EXAMPLE = "MockExample";
    /// `MockOperation`: what a mock server knows of one operation.
    MOCK_OPERATION = "MockOperation";
    /// `MockParam`: a documented parameter, as a mock server checks it.
    MOCK_PARAM = "MockParam";
    /// `MockReply`: a mock server's response.
    MOCK_REPLY = "MockReply";
    /// `MockRequestBody`: a documented request body, as a mock server checks it.
    MOCK_REQUEST_BODY = "MockRequestBody";
    /// `MockServer`: the mock server of one API.
    MOCK_SERVER = "MockServer";
    /// `mock_check_json`: decodes and validates a request body.
    MOCK_CHECK_JSON = "mock_check_json";
    /// `mock_check_decode`: decodes a request body whose type checks nothing.
    MOCK_CHECK_DECODE = "mock_check_decode";
    /// `mock_json`: encodes a JSON success value.
    MOCK_JSON = "mock_json";
    /// `mock_text`: encodes a text success value.
    MOCK_TEXT = "mock_text";
    /// `mock_bytes`: encodes a binary success value.
    MOCK_BYTES = "mock_bytes";
    /// `mock_empty`: the success value of a response without a body.
    MOCK_EMPTY = "mock_empty";
    /// `ParamIn`: where a parameter goes.
    PARAM_IN = "ParamIn";
    /// `Received`: a request a mock server received.
    RECEIVED = "Received";
    /// `Multipart`: a `multipart/form-data` body.
    MULTIPART = "Multipart";
    /// `Nullable<T>`: an optional field that may be `null` (absent, null, value).
    NULLABLE = "Nullable";
    /// `OperationMeta`: the static description of an operation.
    OPERATION_META = "OperationMeta";
    /// `Path`: a field path under validation.
    PATH = "Path";
    /// `QueryStyle`: how a query parameter is serialised.
    QUERY_STYLE = "QueryStyle";
    /// `RawBody`: an error body kept as text.
    RAW_BODY = "RawBody";
    /// `RequestSpec`: a request under construction.
    REQUEST_SPEC = "RequestSpec";
    /// `Response<T>`: a successful response.
    RESPONSE = "Response";
    /// `SchemeDef`: the static description of a security scheme.
    SCHEME_DEF = "SchemeDef";
    /// `Secret`: a credential that never prints.
    SECRET = "Secret";
    /// `string_enum!`: the conversions of a string enum.
    STRING_ENUM = "string_enum";
    /// `ToParam`: a value as parameter text.
    TO_PARAM = "ToParam";
    /// `UnknownValue<T>`: the opaque payload of an enum's `Unknown` variant.
    UNKNOWN_VALUE = "UnknownValue";
    /// `Validate`: implemented by every generated model.
    VALIDATE = "Validate";
    /// `Violation`: one broken constraint.
    VIOLATION = "Violation";
}

/// A member of a runtime item: `member(CHECKS, "new")` is `crate::runtime::Checks::new`.
pub fn member(item: &str, name: &str) -> String {
    format!("{item}::{name}")
}

/// The runtime's function that checks one constraint, such as `check_max_length`.
pub fn check(function: &str) -> String {
    format!("{MODULE}::{function}")
}

/// The files of the runtime module, as (name in `src/runtime/`, text), in name order.
const FILES: [(&str, &str); 19] = [
    ("auth.rs", include_str!("../../runtime/src/runtime/auth.rs")),
    (
        "builder.rs",
        include_str!("../../runtime/src/runtime/builder.rs"),
    ),
    (
        "client.rs",
        include_str!("../../runtime/src/runtime/client.rs"),
    ),
    (
        "construct.rs",
        include_str!("../../runtime/src/runtime/construct.rs"),
    ),
    ("de.rs", include_str!("../../runtime/src/runtime/de.rs")),
    (
        "enums.rs",
        include_str!("../../runtime/src/runtime/enums.rs"),
    ),
    (
        "error.rs",
        include_str!("../../runtime/src/runtime/error.rs"),
    ),
    ("mock.rs", include_str!("../../runtime/src/runtime/mock.rs")),
    ("mod.rs", include_str!("../../runtime/src/runtime/mod.rs")),
    (
        "multipart.rs",
        include_str!("../../runtime/src/runtime/multipart.rs"),
    ),
    (
        "nullable.rs",
        include_str!("../../runtime/src/runtime/nullable.rs"),
    ),
    (
        "params.rs",
        include_str!("../../runtime/src/runtime/params.rs"),
    ),
    (
        "request.rs",
        include_str!("../../runtime/src/runtime/request.rs"),
    ),
    (
        "response.rs",
        include_str!("../../runtime/src/runtime/response.rs"),
    ),
    (
        "retry.rs",
        include_str!("../../runtime/src/runtime/retry.rs"),
    ),
    (
        "secret.rs",
        include_str!("../../runtime/src/runtime/secret.rs"),
    ),
    ("ser.rs", include_str!("../../runtime/src/runtime/ser.rs")),
    (
        "serde_helpers.rs",
        include_str!("../../runtime/src/runtime/serde_helpers.rs"),
    ),
    (
        "validate.rs",
        include_str!("../../runtime/src/runtime/validate.rs"),
    ),
];

/// The runtime crate's manifest, whose `[dependencies]` and `[features]` the generated crate
/// takes.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The package name of the runtime crate, which a generated crate depends on when
/// `codegen.toml` has a `[runtime]` table.
pub const PACKAGE: &str = "client-runtime";

/// The runtime crate's `runtime` module, as a crate that depends on it names it
/// (`client_runtime::runtime`).
pub fn dependency_module() -> String {
    format!("{}::runtime", PACKAGE.replace('-', "_"))
}

/// The runtime's files for the generated crate, as (path in the crate, text): each file of
/// the runtime module as written, under the `@generated` header and without its unit tests;
/// none when the crate depends on the runtime crate.
pub fn files(source: &RuntimeSource) -> impl Iterator<Item = (String, String)> {
    let files: &[(&str, &str)] = match source {
        RuntimeSource::Copied => &FILES,
        RuntimeSource::Path(_) | RuntimeSource::Version(_) => &[],
    };
    files.iter().map(|(name, text)| {
        (
            format!("src/runtime/{name}"),
            format!(
                "{}{}",
                header(&format!("the generator's runtime (runtime/{name})")),
                without_tests(text)
            ),
        )
    })
}

/// The opening of a runtime file's unit tests, which end the file. They run in the runtime
/// crate; a generated crate has neither their dev-dependencies nor a use for them.
const TESTS: &str = "\n#[cfg(test)]\nmod tests {";

/// `text` without its trailing unit test module.
fn without_tests(text: &str) -> &str {
    match text.find(TESTS) {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The generated crate's `[dependencies]` table, ending in a newline: the runtime crate's, as
/// written there, when the runtime is copied in; else the runtime crate (by path or version)
/// and the runtime's required dependencies, which generated code names (`::serde`, ..).
pub fn dependencies(source: &RuntimeSource) -> String {
    let table = runtime_dependencies();
    let runtime = match source {
        RuntimeSource::Copied => return table,
        RuntimeSource::Path(path) => format!("{{ path = {} }}", toml::Value::from(path.as_str())),
        RuntimeSource::Version(version) => toml::Value::from(version.as_str()).to_string(),
    };
    let mut out = String::new();
    for line in table.lines() {
        out.push_str(line);
        out.push('\n');
        if line.trim() == "[dependencies]" {
            out.push_str(&format!("{PACKAGE} = {runtime}\n"));
        }
    }
    // The optional ones serve the runtime's features, which the runtime crate now has.
    out.lines()
        .filter(|line| !line.contains("optional = true"))
        .map(|line| format!("{line}\n"))
        .collect()
}

/// The `[dependencies]` table of the runtime crate's manifest, as written there (from its
/// header line to the next table), ending in a newline.
fn runtime_dependencies() -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in MANIFEST.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed == "[dependencies]";
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The runtime's features (its optional behaviour, such as `tracing`) as the generated crate
/// lists them beside its API features: the body of the runtime crate's `[features]` table as
/// written there when the runtime is copied in, else each feature turning on the runtime
/// crate's own; comments kept, each line ending in a newline.
pub fn features(source: &RuntimeSource) -> String {
    let table = runtime_features();
    if *source == RuntimeSource::Copied {
        return table;
    }
    let mut out = String::new();
    for line in table.lines() {
        match line.split_once(" = ") {
            Some((name, _)) if !line.trim_start().starts_with('#') => {
                out.push_str(&format!("{name} = [\"{PACKAGE}/{name}\"]\n"));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

/// The body of the `[features]` table of the runtime crate's manifest, comments kept, without
/// the header line; each ends in a newline.
fn runtime_features() -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in MANIFEST.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            inside = trimmed == "[features]";
            continue;
        }
        if inside && !trimmed.is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new file in the runtime module must be listed in `FILES`, or the copies would not
    /// compile.
    #[test]
    fn every_runtime_file_is_copied() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime/src/runtime");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .expect("the runtime module's folder")
            .map(|e| {
                e.expect("a folder entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(on_disk, listed);
    }

    /// Every path spelled here names an item the runtime module makes visible to its crate.
    #[test]
    fn every_item_path_names_a_runtime_item() {
        let module = FILES
            .iter()
            .find(|(name, _)| *name == "mod.rs")
            .map(|(_, text)| *text)
            .expect("mod.rs");
        let file = syn::parse_file(module).expect("mod.rs parses");
        let mut names = Vec::new();
        fn collect(tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => collect(&p.tree, out),
                syn::UseTree::Name(n) => out.push(n.ident.to_string()),
                syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect(t, out)),
                syn::UseTree::Glob(_) => {}
            }
        }
        for item in &file.items {
            if let syn::Item::Use(u) = item {
                if !matches!(u.vis, syn::Visibility::Inherited) {
                    collect(&u.tree, &mut names);
                }
            }
        }
        for path in ITEMS {
            let name = path
                .strip_prefix(&format!("{MODULE}::"))
                .expect("a runtime path");
            assert!(
                names.iter().any(|n| n == name),
                "{name} is not re-exported by mod.rs"
            );
        }
        for function in ["check_max_length", "check_uri", "check_unique_items"] {
            assert!(names.iter().any(|n| n == function), "{function}");
        }
    }

    /// No emitter spells a runtime path itself: they name items through this module.
    #[test]
    fn only_this_module_spells_runtime_paths() {
        let emitters = [
            ("client.rs", include_str!("client.rs")),
            ("contract.rs", include_str!("contract.rs")),
            ("enums.rs", include_str!("enums.rs")),
            ("krate.rs", include_str!("krate.rs")),
            ("mock.rs", include_str!("mock.rs")),
            ("mod.rs", include_str!("mod.rs")),
            ("models.rs", include_str!("models.rs")),
            ("responses.rs", include_str!("responses.rs")),
            ("syntax.rs", include_str!("syntax.rs")),
            ("types.rs", include_str!("types.rs")),
            ("validate.rs", include_str!("validate.rs")),
        ];
        for (name, text) in emitters {
            let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
            for line in code {
                assert!(!line.contains("crate::runtime"), "emit/{name}: {line}");
            }
        }
    }

    /// The runtime's optional features (`mock`, `tracing`) turn on only optional dependencies
    /// and features of required ones, so a normal build of a generated crate compiles none of
    /// the mock server.
    #[test]
    fn the_mock_feature_is_the_runtime_crates() {
        let line = features(&RuntimeSource::Copied);
        let parsed: toml::Table = toml::from_str(&line).expect("the lines are TOML");
        let manifest: toml::Table = toml::from_str(MANIFEST).expect("the manifest is TOML");
        let features = manifest.get("features").and_then(toml::Value::as_table);
        assert_eq!(parsed.get("mock"), features.and_then(|f| f.get("mock")));
        let deps = manifest
            .get("dependencies")
            .and_then(toml::Value::as_table)
            .expect("dependencies");
        let enabled = parsed
            .get("mock")
            .and_then(toml::Value::as_array)
            .expect("a list");
        assert!(!enabled.is_empty());
        for entry in enabled {
            let entry = entry.as_str().expect("a string");
            if let Some(dep) = entry.strip_prefix("dep:") {
                let optional = deps
                    .get(dep)
                    .and_then(toml::Value::as_table)
                    .and_then(|t| t.get("optional"))
                    .and_then(toml::Value::as_bool);
                assert_eq!(optional, Some(true), "{dep} is optional");
            } else {
                let dep = entry.split('/').next().expect("a name");
                assert!(deps.contains_key(dep), "{entry}");
            }
        }
    }

    #[test]
    fn dependencies_are_the_runtime_crates_table() {
        let section = dependencies(&RuntimeSource::Copied);
        assert!(section.starts_with("[dependencies]\n"), "{section}");
        assert!(
            section.ends_with("\"\n") || section.ends_with("}\n"),
            "{section}"
        );
        let copied: toml::Table = toml::from_str(&section).expect("the section is TOML");
        let manifest: toml::Table = toml::from_str(MANIFEST).expect("the manifest is TOML");
        assert_eq!(copied.get("dependencies"), manifest.get("dependencies"));
        let table = copied
            .get("dependencies")
            .and_then(toml::Value::as_table)
            .expect("a dependencies table");
        assert!(table.contains_key("reqwest") && table.contains_key("serde"));
        // A generated crate stands alone: versions only, nothing local to this workspace.
        for (name, spec) in table {
            let local = spec
                .as_table()
                .is_some_and(|t| t.contains_key("path") || t.contains_key("workspace"));
            assert!(!local, "{name} is not a crates.io dependency");
        }
    }

    /// With `[runtime]`, the crate depends on the runtime crate: no copy, the runtime crate in
    /// `[dependencies]` beside the required dependencies generated code names, and each
    /// runtime feature turning on the runtime crate's.
    #[test]
    fn a_crate_that_depends_on_the_runtime_takes_none_of_its_files() {
        let path = RuntimeSource::Path("../codegen/runtime".to_owned());
        assert_eq!(files(&path).count(), 0);
        let section = dependencies(&path);
        let parsed: toml::Table = toml::from_str(&section).expect("the section is TOML");
        let table = parsed
            .get("dependencies")
            .and_then(toml::Value::as_table)
            .expect("a dependencies table");
        let runtime = table.get(PACKAGE).and_then(toml::Value::as_table);
        assert_eq!(
            runtime
                .and_then(|t| t.get("path"))
                .and_then(toml::Value::as_str),
            Some("../codegen/runtime")
        );
        assert!(table.contains_key("serde") && !table.contains_key("hyper"));
        let version = dependencies(&RuntimeSource::Version("0.1".to_owned()));
        assert!(
            version.contains("\nclient-runtime = \"0.1\"\n"),
            "{version}"
        );
        let features: toml::Table = toml::from_str(&features(&path)).expect("TOML");
        assert_eq!(
            features.get("mock"),
            Some(&toml::Value::Array(vec!["client-runtime/mock".into()]))
        );
        assert_eq!(
            features.len(),
            runtime_features()
                .lines()
                .filter(|l| !l.starts_with('#'))
                .count()
        );
        assert_eq!(dependency_module(), "client_runtime::runtime");
        let manifest: toml::Table = toml::from_str(MANIFEST).expect("the manifest is TOML");
        assert_eq!(
            manifest
                .get("package")
                .and_then(|p| p.get("name"))
                .and_then(toml::Value::as_str),
            Some(PACKAGE)
        );
    }

    /// The unit tests are the end of a file, so cutting them leaves the runtime whole.
    #[test]
    fn copies_leave_out_the_unit_tests_and_nothing_else() {
        let mut with_tests = 0;
        for (name, text) in FILES {
            let copy = without_tests(text);
            if copy.len() < text.len() {
                with_tests += 1;
                let tests = &text[copy.len()..];
                let parsed = syn::parse_file(tests).expect("the tests are whole items");
                assert_eq!(
                    parsed.items.len(),
                    1,
                    "{name}: the test module ends the file"
                );
            }
            assert!(!copy.contains("#[cfg(test)]"), "{name}");
            syn::parse_file(copy).expect("the copy parses");
        }
        assert!(
            with_tests >= 5,
            "the runtime's tricky parts have tests ({with_tests})"
        );
    }

    #[test]
    fn files_carry_the_generated_marker() {
        let files: Vec<(String, String)> = files(&RuntimeSource::Copied).collect();
        assert_eq!(files.len(), FILES.len());
        for (path, text) in &files {
            assert!(path.starts_with("src/runtime/"), "{path}");
            assert!(
                text.lines()
                    .next()
                    .is_some_and(|l| l.contains(crate::format::MARKER)),
                "{path}"
            );
        }
    }
}
