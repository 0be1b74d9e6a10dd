//! The runtime as the generator sees it, in one place (smithy-rs's `RuntimeType` is the
//! model): the path of every runtime item emitted code names, and the runtime's files and
//! dependencies, taken from the runtime crate (`codegen/runtime`) when the generator is
//! compiled. That crate is the runtime's one source: it is formatted, linted and unit-tested
//! there, and copied from there into every generated crate as `src/runtime/`.

use crate::format::header;

/// The module generated code reaches the runtime through.
pub const MODULE: &str = "crate::runtime";

/// The path of a runtime item, from its name; `MODULE` spelled out because `concat!` takes
/// only literals.
macro_rules! item {
    ($name:literal) => {
        concat!("crate::runtime::", $name)
    };
}

/// `ApiClient`: what a generated `Client` gives the builder.
pub const API_CLIENT: &str = item!("ApiClient");
/// `AuthPlacement`: where a security scheme puts its credential.
pub const AUTH_PLACEMENT: &str = item!("AuthPlacement");
/// `Builder<C>`: the client builder.
pub const BUILDER: &str = item!("Builder");
/// `Checks`: the violations of an operation's inputs.
pub const CHECKS: &str = item!("Checks");
/// `ClientCore`: the HTTP core a generated client wraps.
pub const CLIENT_CORE: &str = item!("ClientCore");
/// `Credential`: a credential value for one scheme.
pub const CREDENTIAL: &str = item!("Credential");
/// `discriminator_of`: the discriminator of a JSON object.
pub const DISCRIMINATOR_OF: &str = item!("discriminator_of");
/// `double_option`: the deserializer of optional nullable fields.
pub const DOUBLE_OPTION: &str = item!("double_option");
/// `encode_path`: a path parameter, percent-encoded.
pub const ENCODE_PATH: &str = item!("encode_path");
/// `Error<E>`: everything that can go wrong in a call.
pub const ERROR: &str = item!("Error");
/// `integer_enum!`: the conversions of an integer enum.
pub const INTEGER_ENUM: &str = item!("integer_enum");
/// `Multipart`: a `multipart/form-data` body.
pub const MULTIPART: &str = item!("Multipart");
/// `OperationMeta`: the static description of an operation.
pub const OPERATION_META: &str = item!("OperationMeta");
/// `Path`: a field path under validation.
pub const PATH: &str = item!("Path");
/// `QueryStyle`: how a query parameter is serialised.
pub const QUERY_STYLE: &str = item!("QueryStyle");
/// `RequestSpec`: a request under construction.
pub const REQUEST_SPEC: &str = item!("RequestSpec");
/// `Response<T>`: a successful response.
pub const RESPONSE: &str = item!("Response");
/// `SchemeDef`: the static description of a security scheme.
pub const SCHEME_DEF: &str = item!("SchemeDef");
/// `Secret`: a credential that never prints.
pub const SECRET: &str = item!("Secret");
/// `string_enum!`: the conversions of a string enum.
pub const STRING_ENUM: &str = item!("string_enum");
/// `ToParam`: a value as parameter text.
pub const TO_PARAM: &str = item!("ToParam");
/// `UndocumentedBody`: the body of an undocumented status.
pub const UNDOCUMENTED_BODY: &str = item!("UndocumentedBody");
/// `Validate`: implemented by every generated model.
pub const VALIDATE: &str = item!("Validate");
/// `Violation`: one broken constraint.
pub const VIOLATION: &str = item!("Violation");

/// A member of a runtime item: `member(CHECKS, "new")` is `crate::runtime::Checks::new`.
pub fn member(item: &str, name: &str) -> String {
    format!("{item}::{name}")
}

/// The runtime's function that checks one constraint, such as `check_max_length`.
pub fn check(function: &str) -> String {
    format!("{MODULE}::{function}")
}

/// The files of the runtime module, as (name in `src/runtime/`, text), in name order.
const FILES: [(&str, &str); 14] = [
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
        "enums.rs",
        include_str!("../../runtime/src/runtime/enums.rs"),
    ),
    (
        "error.rs",
        include_str!("../../runtime/src/runtime/error.rs"),
    ),
    ("mod.rs", include_str!("../../runtime/src/runtime/mod.rs")),
    (
        "multipart.rs",
        include_str!("../../runtime/src/runtime/multipart.rs"),
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
    (
        "serde_helpers.rs",
        include_str!("../../runtime/src/runtime/serde_helpers.rs"),
    ),
    (
        "validate.rs",
        include_str!("../../runtime/src/runtime/validate.rs"),
    ),
];

/// The runtime crate's manifest, whose `[dependencies]` the generated crate takes.
const MANIFEST: &str = include_str!("../../runtime/Cargo.toml");

/// The runtime's files for the generated crate, as (path in the crate, text): each file of
/// the runtime module as written, under the `@generated` header and without its unit tests.
pub fn files() -> impl Iterator<Item = (String, String)> {
    FILES.iter().map(|(name, text)| {
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
        Some(at) => &text[..=at],
        None => text,
    }
}

/// The `[dependencies]` table of the runtime crate's manifest, as written there (from its
/// header line to the next table), ending in a newline.
pub fn dependencies() -> String {
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
        let items = [
            API_CLIENT,
            AUTH_PLACEMENT,
            BUILDER,
            CHECKS,
            CLIENT_CORE,
            CREDENTIAL,
            DISCRIMINATOR_OF,
            DOUBLE_OPTION,
            ENCODE_PATH,
            ERROR,
            INTEGER_ENUM,
            MULTIPART,
            OPERATION_META,
            PATH,
            QUERY_STYLE,
            REQUEST_SPEC,
            RESPONSE,
            SCHEME_DEF,
            SECRET,
            STRING_ENUM,
            TO_PARAM,
            UNDOCUMENTED_BODY,
            VALIDATE,
            VIOLATION,
        ];
        for path in items {
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

    #[test]
    fn dependencies_are_the_runtime_crates_table() {
        let section = dependencies();
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
        let files: Vec<(String, String)> = files().collect();
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
