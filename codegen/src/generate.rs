//! The whole pipeline over a folder of specs: every spec is loaded, lowered, emitted and
//! formatted; the result is the complete file set of the generated crate, in memory. Nothing
//! is written here (see [`crate::output`]), so a failing spec cannot leave anything half done.

use crate::diagnostic::Diagnostic;
use crate::emit::{self, krate};
use crate::format::{header, print_items};
use crate::ir::Api;
use crate::load::{self, Document};
use crate::lower::{self, Lowered};
use crate::settings::Settings;
use quote::quote;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The generated crate, in memory.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path (with `/`) -> content.
    pub files: BTreeMap<String, String>,
    /// The lowered APIs, in module order.
    pub apis: Vec<Api>,
    /// Warnings from every spec.
    pub warnings: Vec<Diagnostic>,
}

/// Spec files in `dir` (`.yaml`, `.yml`, `.json`; not recursive), sorted by name. The files
/// of a multi-file description may sit beside its root document or in sub-folders: a
/// top-level file without an `openapi` or `swagger` key that an API refers to is read as part
/// of that API (see [`generate_on_this_thread`]); one that no API refers to is reported.
pub fn spec_files(dir: &Path, display_dir: &str) -> Result<Vec<(PathBuf, String)>, Diagnostic> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Diagnostic::error(
            display_dir,
            "",
            format!("cannot read the specs folder: {e}"),
        )
        .with_hint("pass an existing folder with --specs")
    })?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        // Anything named like a spec that is not a folder is read, so a file that cannot be
        // (a dangling link, missing permissions) is reported instead of silently skipped.
        let is_spec = !path.is_dir()
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"));
        if is_spec {
            let name = entry.file_name().to_string_lossy().into_owned();
            let display = format!("{}/{name}", display_dir.trim_end_matches('/'));
            files.push((path, display));
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::error(
            display_dir,
            "",
            "no spec files (.yaml, .yml, .json) in this folder",
        )
        .with_hint("add an OpenAPI 3.0 document, or point --specs at the folder that has them"));
    }
    Ok(files)
}

/// Loads and lowers one spec.
pub fn lower_file(path: &Path, display: &str) -> Result<(Document, Lowered), Diagnostic> {
    let doc = load::load_file(path, display)?;
    // Diagnostics about content bundled from another file name that file.
    let mut lowered = lower::lower(&doc).map_err(|d| doc.fragments.relocate(d))?;
    lowered.warnings = std::mem::take(&mut lowered.warnings)
        .into_iter()
        .map(|w| {
            // The loader's warnings are placed already.
            if doc.warnings.contains(&w) {
                w
            } else {
                doc.fragments.relocate(w)
            }
        })
        .collect();
    Ok((doc, lowered))
}

/// The formatted module file of one API.
///
/// The module is emitted and formatted in pieces ([`emit::pieces`]) on as many threads as
/// there are cores, and the pieces' text joined; the text is the same as formatting the whole
/// module at once. Small pieces are faster than the whole even on one thread: each `syn` tree
/// stays small while it is printed and dropped.
pub fn api_file(api: &Api) -> String {
    let threads = if is_small(api) {
        1
    } else {
        crate::workers::cores()
    };
    api_file_on(api, threads)
}

/// Whether an API is too small for sharing its pieces between threads to pay.
pub(crate) fn is_small(api: &Api) -> bool {
    api.types.len() + api.operations.len() < SMALL_API_ITEMS
}

/// Types and operations below which an API is generated on one thread.
const SMALL_API_ITEMS: usize = 64;

/// [`api_file`] on at most `threads` threads (the calling one included).
pub fn api_file_on(api: &Api, threads: usize) -> String {
    match pieces_on(api, threads.max(1)) {
        Some(body) => format!("{}{body}", header(&api.source)),
        None => api_whole(api),
    }
}

/// The module body formatted in pieces on `threads` threads and joined; `None` when the
/// pieces cannot be joined (then the module is formatted whole).
fn pieces_on(api: &Api, threads: usize) -> Option<String> {
    // Several pieces per thread, so that a thread done early takes another; the pieces that
    // cannot be cut (the middle and the contract registry) go first, so that no thread starts
    // a large piece when the others are about to finish.
    let pieces = emit::pieces(api, threads * PIECES_PER_THREAD);
    let mut order: Vec<usize> = (0..pieces.len()).collect();
    order.sort_by_key(|&i| !matches!(pieces[i], emit::Piece::Middle | emit::Piece::Contract));
    let index = emit::Index::new(api);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<String>>> =
        pieces.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || loop {
        let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(&i) = order.get(taken) else { break };
        let attrs = if i == 0 { api_head(api) } else { Vec::new() };
        let text = print_items(attrs, emit::emit_piece(&index, &pieces[i]));
        if let Ok(mut slot) = results[i].lock() {
            *slot = Some(text);
        }
    };
    crate::workers::spread(threads.min(pieces.len()), work);
    let mut texts = Vec::with_capacity(pieces.len());
    for slot in results {
        texts.push(slot.into_inner().ok().flatten()?);
    }
    join_pieces(&pieces, &texts)
}

/// How many pieces each thread gets, about: the `types` module and the client's methods are
/// each cut into `threads * PIECES_PER_THREAD` runs.
const PIECES_PER_THREAD: usize = 16;

/// Joins the formatted pieces of a module: a `types` module or `impl Client` split over
/// consecutive pieces loses the closing brace of all but its last part and the opening line
/// (and anything before it) of all but its first. `None` when a piece does not look as
/// expected.
fn join_pieces(pieces: &[emit::Piece], texts: &[String]) -> Option<String> {
    fn opening(piece: &emit::Piece) -> Option<&'static str> {
        match piece {
            emit::Piece::Types(_) => Some("pub mod types {\n"),
            emit::Piece::Methods(_) => Some("impl Client {\n"),
            emit::Piece::Middle | emit::Piece::Contract => None,
        }
    }
    let same_run = |a: &emit::Piece, b: &emit::Piece| {
        std::mem::discriminant(a) == std::mem::discriminant(b) && opening(a).is_some()
    };
    let mut out = String::with_capacity(texts.iter().map(String::len).sum());
    for (i, (piece, text)) in pieces.iter().zip(texts).enumerate() {
        let mut text = text.as_str();
        if i > 0 && same_run(&pieces[i - 1], piece) {
            let open = opening(piece)?;
            let at = if text.starts_with(open) {
                0
            } else {
                text.find(&format!("\n{open}"))? + 1
            };
            text = &text[at + open.len()..];
        }
        if pieces.get(i + 1).is_some_and(|next| same_run(piece, next)) {
            text = text.strip_suffix("}\n")?;
            if !text.ends_with('\n') {
                return None;
            }
        }
        out.push_str(text);
    }
    Some(out)
}

/// The inner documentation and lint attributes of an API module.
pub(crate) fn api_head(api: &Api) -> Vec<syn::Attribute> {
    let mut lines: Vec<String> = vec![format!("{} (version {}).", api.title, api.version)];
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(d.lines().map(str::to_owned));
    }
    let mut attrs = emit::types::doc_lines_as(&lines, true);
    // Only lints that judge what the spec decides, not the generator. Documentation is
    // sanitised (`emit::types::doc_lines`: brackets, HTML, bare URLs, code fences, tabs), so
    // no rustdoc lint needs allowing; constructors and methods of more than seven arguments
    // allow `clippy::too_many_arguments` themselves. Variant names that share a word (from
    // enum values such as `image/png`, `image/jpeg`) need no allow: `clippy::enum_variant_names`
    // leaves exported enums alone, and every generated enum is exported. Lines that continue
    // a Markdown list item are indented to it (`emit::types::doc_lines`), so neither
    // `clippy::doc_lazy_continuation` nor `clippy::doc_overindented_list_items` needs allowing.
    // The spec deprecates items (`deprecated: true`) that the module must still build, check
    // and send: only then.
    let deprecated = emit::deprecates_anything(api).then(|| quote!(deprecated,));
    let allow = emit::syntax::attr_list(
        "allow",
        quote!(
            #deprecated
            // Response and union enums hold the spec's bodies as they are, however their sizes
            // differ (Figma's, GitHub's and DigitalOcean's descriptions have such enums).
            clippy::large_enum_variant
        ),
    );
    attrs.push(emit::syntax::inner(allow));
    attrs
}

/// The module file of one API printed whole, in one piece (what [`api_file`] prints in
/// pieces).
pub fn api_whole(api: &Api) -> String {
    format!(
        "{}{}",
        header(&api.source),
        print_items(api_head(api), emit::emit_api(api))
    )
}

/// Generates the whole crate from the specs in `specs_dir`. `display_dir` is how the folder
/// is named in messages and file headers. Errors from all specs are returned together.
///
/// The work runs on the pipeline's threads ([`crate::workers`]), which have a large stack.
/// Should the generator panic (a bug), the panic is reported as an error diagnostic instead of
/// unwinding into the caller.
pub fn generate_crate(specs_dir: &Path, display_dir: &str) -> Result<Generated, Vec<Diagnostic>> {
    crate::workers::run(|| generate_on_this_thread(specs_dir, display_dir)).unwrap_or_else(|what| {
        Err(vec![Diagnostic::error(
            display_dir,
            "",
            format!("internal error: {what}"),
        )
        .with_hint(
            "please report this with the spec that triggered it",
        )])
    })
}

/// [`generate_crate`] on the calling thread, whose stack must be large enough for the
/// documents given (see [`crate::workers::STACK_BYTES`]).
pub fn generate_on_this_thread(
    specs_dir: &Path,
    display_dir: &str,
) -> Result<Generated, Vec<Diagnostic>> {
    let settings = Settings::load(specs_dir, display_dir).map_err(|d| vec![d])?;
    let files = spec_files(specs_dir, display_dir).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut apis: Vec<Api> = Vec::new();
    let mut documents = Vec::new();
    let mut failed = Vec::new();
    let settings_file = Settings::display_path(display_dir);
    let mut tables_used = std::collections::BTreeSet::new();
    for (path, display) in &files {
        match lower_file(path, display) {
            Ok((document, mut lowered)) => {
                if let Some((key, api_settings)) = settings.api(&document.stem, &lowered.api.module)
                {
                    tables_used.insert(key.to_owned());
                    lowered.api.tag_features = api_settings.tag_features;
                    match crate::filter::apply(&mut lowered.api, api_settings, &settings_file, key)
                    {
                        Ok(found) => lowered.warnings.extend(found),
                        Err(found) => errors.extend(found),
                    }
                }
                documents.push(document);
                warnings.extend(lowered.warnings);
                if let Some(other) = apis.iter().find(|a| a.module == lowered.api.module) {
                    errors.push(
                        Diagnostic::error(
                            display,
                            "",
                            format!(
                                "module name `{}` is also produced by {}",
                                other.module, other.source
                            ),
                        )
                        .with_hint(
                            "rename one of the files; the module name comes from the file name",
                        ),
                    );
                    continue;
                }
                if matches!(lowered.api.module.as_str(), "runtime" | "contract") {
                    errors.push(
                        Diagnostic::error(
                            display,
                            "",
                            format!(
                                "module name `{}` is reserved by the generated crate",
                                lowered.api.module
                            ),
                        )
                        .with_hint("rename the file"),
                    );
                    continue;
                }
                apis.push(lowered.api);
            }
            Err(d) => failed.push((path, d)),
        }
    }
    // A top-level file that an API refers to is a fragment of that API, not an API.
    let referenced: std::collections::BTreeSet<&PathBuf> = documents
        .iter()
        .flat_map(|d: &Document| &d.fragments.files)
        .collect();
    // Which files an API that failed refers to is not known; while one fails, top-level files
    // that are not APIs are taken for its fragments (its error is reported).
    let api_failed = failed
        .iter()
        .any(|(path, _)| crate::bundle::is_api_document(path));
    for (path, mut d) in failed {
        let is_api = crate::bundle::is_api_document(path);
        let is_fragment =
            !is_api && (api_failed || path.canonicalize().is_ok_and(|p| referenced.contains(&p)));
        if is_fragment {
            continue;
        }
        if !is_api {
            let hint = d.hint.take().unwrap_or_default();
            d.hint = Some(format!(
                "{hint}; if it is part of a multi-file spec, no API here refers to it with `$ref`"
            ));
        }
        errors.push(d);
    }
    if errors.is_empty() {
        for key in settings.apis.keys().filter(|k| !tables_used.contains(*k)) {
            errors.push(
                Diagnostic::error(
                    &settings_file,
                    &crate::diagnostic::pointer_of(["api", key]),
                    format!("`[api.{key}]` names no spec file of this folder"),
                )
                .with_hint(format!(
                    "name the table after a spec's file stem or module name: {}",
                    apis.iter()
                        .map(|a| a.module.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    // The documents of a large spec are freed beside emission rather than before it: that is
    // several milliseconds of one thread.
    let large = !apis.iter().all(is_small);
    let (generated, ()) = crate::workers::join(
        large,
        || generate_from_apis(&settings, apis, warnings),
        move || drop(documents),
    );
    Ok(generated)
}

/// Emits the crate for already lowered APIs. Nothing can fail here: every file is a tree
/// built from the IR and printed.
pub fn generate_from_apis(
    settings: &Settings,
    apis: Vec<Api>,
    warnings: Vec<Diagnostic>,
) -> Generated {
    let mut files = BTreeMap::new();
    for api in &apis {
        files.extend(crate::split::api_files(api, crate::split::LINE_BUDGET));
    }
    let (attrs, items) = krate::lib_rs(settings, &apis);
    files.insert(
        "src/lib.rs".to_owned(),
        format!(
            "{}{}",
            header("the specs folder"),
            print_items(attrs, items)
        ),
    );
    let (attrs, items) = krate::contract_rs();
    files.insert(
        "src/contract.rs".to_owned(),
        format!("{}{}", header("the generator"), print_items(attrs, items)),
    );
    files.extend(emit::runtime::files(&settings.runtime));
    files.insert("Cargo.toml".to_owned(), krate::cargo_toml(settings, &apis));
    Generated {
        files,
        apis,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spec of the project, lowered.
    fn apis() -> Vec<Api> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut out = Vec::new();
        for dir in ["specs", "tests/fixtures/showcase"] {
            let files = spec_files(&root.join(dir), dir).expect("the folder has specs");
            for (path, display) in files {
                let (_, lowered) = lower_file(&path, &display).expect("the spec lowers");
                out.push(lowered.api);
            }
        }
        out
    }

    /// A module allows `deprecated` only when its spec deprecates something.
    #[test]
    fn deprecated_is_allowed_only_when_the_spec_deprecates() {
        let head = |deprecated: bool| {
            let yaml = format!(
                "openapi: 3.0.3\ninfo: {{ title: t, version: \"1\" }}\npaths:\n  /a:\n    get:\n      operationId: a\n      deprecated: {deprecated}\n      responses: {{ \"204\": {{ description: done }} }}\n"
            );
            let doc =
                crate::load::load_bytes(yaml.as_bytes(), "t.yaml", "t", false).expect("loads");
            let api = crate::lower::lower(&doc).expect("lowers").api;
            let text = api_whole(&api);
            let end = text.find(")]").expect("the allow list");
            text[..end].to_owned()
        };
        assert!(head(true).contains("deprecated,"), "{}", head(true));
        assert!(!head(false).contains("deprecated"), "{}", head(false));
        assert!(head(false).contains("clippy::large_enum_variant"));
    }

    #[test]
    fn pieces_on_threads_join_to_the_whole_module() {
        for api in apis() {
            let whole = api_whole(&api);
            for threads in [1, 2, 3, 8] {
                let pieces = emit::pieces(&api, threads * PIECES_PER_THREAD);
                assert!(pieces.len() > 2, "{}: the module is split", api.module);
                let body = pieces_on(&api, threads).expect("the pieces join");
                let joined = format!("{}{body}", header(&api.source));
                assert!(
                    joined == whole,
                    "{} on {threads} threads differs from the whole module",
                    api.module
                );
            }
        }
    }

    /// The trees are built without parsing. Their text must parse back to a tree that prints
    /// the same: a tree no source parses to (an expression needing parentheses the printer
    /// does not add, an attribute where none can stand) shows up as a difference here.
    #[test]
    fn built_trees_print_as_their_parsed_text() {
        let generated = generate_from_apis(&Settings::default(), apis(), Vec::new());
        let rust_files = generated
            .files
            .iter()
            .filter(|(path, _)| path.ends_with(".rs") && !path.starts_with("src/runtime/"));
        let mut seen = 0;
        for (path, text) in rust_files {
            let parsed = syn::parse_file(text).expect("the generated file parses");
            let (head, _) = text.split_once('\n').expect("a header line");
            let reprinted = format!("{head}\n{}", prettyplease::unparse(&parsed));
            assert!(
                reprinted == *text,
                "{path}: the printed file changes when parsed and printed again"
            );
            seen += 1;
        }
        assert!(
            seen >= 8,
            "lib.rs, contract.rs and the API modules ({seen})"
        );
    }

    /// Found by the `grammar` fuzz target: a schema named `"\0\0\0\r"` put a bare carriage
    /// return into a doc comment, and the module did not lex.
    #[test]
    fn control_characters_from_the_spec_keep_the_code_valid() {
        let spec = r#"{"openapi":"3.0.3","info":{"title":"T\r","version":"1"},"paths":{},
            "components":{"schemas":{
                "\u0000\u0000\u0000\r":{"type":"integer","enum":[]},
                "Mode":{"type":"string","enum":["a\rb","\u0007"],"description":"x\ry"}}}}"#;
        let doc = crate::load::load_bytes(spec.as_bytes(), "odd.json", "odd", true)
            .expect("the spec loads");
        let lowered = crate::lower::lower(&doc).expect("the spec lowers");
        let generated = generate_from_apis(&Settings::default(), vec![lowered.api], Vec::new());
        for (path, text) in &generated.files {
            if path.ends_with(".rs") {
                assert!(
                    syn::parse_file(text).is_ok(),
                    "{path} does not parse:\n{text}"
                );
            }
        }
    }

    #[test]
    fn unexpected_piece_layout_is_refused() {
        let pieces = [
            emit::Piece::Types(0..1),
            emit::Piece::Types(1..2),
            emit::Piece::Middle,
        ];
        let texts = [
            "pub mod types {\n    pub struct A;\n}\n".to_owned(),
            "pub mod types {\n    pub struct B;\n}\n".to_owned(),
            "pub mod errors {}\n".to_owned(),
        ];
        assert_eq!(
            join_pieces(&pieces, &texts).as_deref(),
            Some("pub mod types {\n    pub struct A;\n    pub struct B;\n}\npub mod errors {}\n")
        );
        let broken = [
            texts[0].replace('}', ""),
            texts[1].clone(),
            texts[2].clone(),
        ];
        assert_eq!(join_pieces(&pieces, &broken), None);
    }
}
