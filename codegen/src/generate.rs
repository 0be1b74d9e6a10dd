//! The whole pipeline over a folder of specs: every spec is loaded, lowered, emitted and
//! formatted; the result is the complete file set of the generated crate, in memory. Nothing
//! is written here (see [`crate::output`]), so a failing spec cannot leave anything half done.

use crate::diagnostic::Diagnostic;
use crate::emit::{self, krate};
use crate::format::format_file;
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

/// Spec files in `dir` (`.yaml`, `.yml`, `.json`; not recursive), sorted by name.
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
    let lowered = lower::lower(&doc)?;
    Ok((doc, lowered))
}

/// The formatted module file of one API.
pub fn api_file(api: &Api) -> Result<String, Diagnostic> {
    let body = emit::emit_api(api);
    let mut lines: Vec<String> = vec![format!("{} (version {}).", api.title, api.version)];
    if let Some(d) = &api.description {
        lines.push(String::new());
        lines.extend(d.lines().map(str::to_owned));
    }
    let docs = emit::types::doc_lines_as(&lines, true);
    let tokens = quote! {
        #docs
        // Names and documentation come from the spec; these lints judge them, not the code.
        #![allow(
            deprecated,
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::enum_variant_names,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments,
            clippy::empty_docs,
            rustdoc::bare_urls,
            rustdoc::broken_intra_doc_links,
            rustdoc::invalid_html_tags,
            rustdoc::invalid_rust_codeblocks
        )]
        #body
    };
    format_file(tokens, &api.source)
}

/// The stack of the thread that runs the pipeline. Loading, lowering, emitting and formatting
/// recurse once per level of nesting in a document; the parsers refuse more than 128 levels,
/// which needs a few MiB in a debug build. The stack is reserved, not committed, so a generous
/// size costs nothing and makes the limit independent of the caller's thread.
pub const PIPELINE_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Generates the whole crate from the specs in `specs_dir`. `display_dir` is how the folder
/// is named in messages and file headers. Errors from all specs are returned together.
///
/// The work runs on a thread of its own with [`PIPELINE_STACK_BYTES`] of stack. Should the
/// generator panic (a bug), the panic is reported as an error diagnostic instead of unwinding
/// into the caller.
pub fn generate_crate(specs_dir: &Path, display_dir: &str) -> Result<Generated, Vec<Diagnostic>> {
    let internal = |what: String| {
        vec![Diagnostic::error(display_dir, "", format!("internal error: {what}"))
            .with_hint("please report this with the spec that triggered it")]
    };
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("codegen".to_owned())
            .stack_size(PIPELINE_STACK_BYTES)
            .spawn_scoped(scope, || generate_on_this_thread(specs_dir, display_dir));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "the generator panicked".to_owned());
                Err(internal(format!("the generator panicked: {message}")))
            }),
            Err(e) => Err(internal(format!("cannot start the generator thread: {e}"))),
        }
    })
}

/// [`generate_crate`] on the calling thread, whose stack must be large enough for the
/// documents given (see [`PIPELINE_STACK_BYTES`]).
pub fn generate_on_this_thread(
    specs_dir: &Path,
    display_dir: &str,
) -> Result<Generated, Vec<Diagnostic>> {
    let settings = Settings::load(specs_dir, display_dir).map_err(|d| vec![d])?;
    let files = spec_files(specs_dir, display_dir).map_err(|d| vec![d])?;
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let mut apis: Vec<Api> = Vec::new();
    for (path, display) in &files {
        match lower_file(path, display) {
            Ok((_, lowered)) => {
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
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    apis.sort_by(|a, b| a.module.cmp(&b.module));
    generate_from_apis(&settings, apis, warnings)
}

/// Emits the crate for already lowered APIs.
pub fn generate_from_apis(
    settings: &Settings,
    apis: Vec<Api>,
    warnings: Vec<Diagnostic>,
) -> Result<Generated, Vec<Diagnostic>> {
    let mut files = BTreeMap::new();
    let mut errors = Vec::new();
    for api in &apis {
        match api_file(api) {
            Ok(text) => {
                files.insert(format!("src/{}.rs", api.module), text);
            }
            Err(d) => errors.push(d),
        }
    }
    match format_file(krate::lib_rs(settings, &apis), "the specs folder") {
        Ok(text) => {
            files.insert("src/lib.rs".to_owned(), text);
        }
        Err(d) => errors.push(d),
    }
    match format_file(krate::contract_rs(), "the generator") {
        Ok(text) => {
            files.insert("src/contract.rs".to_owned(), text);
        }
        Err(d) => errors.push(d),
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    files.insert("src/runtime.rs".to_owned(), krate::runtime_rs());
    files.insert("Cargo.toml".to_owned(), krate::cargo_toml(settings, &apis));
    Ok(Generated {
        files,
        apis,
        warnings,
    })
}
