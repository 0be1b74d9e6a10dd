//! Lowering: `openapiv3` types in, [`crate::ir::Api`] out.
//!
//! This is the only place that reads `openapiv3` types after loading. It resolves `$ref`s,
//! names everything through [`crate::naming`], orders everything, and reports problems as
//! diagnostics with JSON pointers. Submodules: `schema` (types), `operation` (operations,
//! parameters, bodies, responses), `security` (servers and security schemes), `recursion`
//! (boxing of self-containing types), [`examples`] (where the spec documents examples).

pub mod examples;
mod operation;
pub(crate) use operation::template_params;
mod recursion;
mod schema;
mod security;
mod webhooks;

pub use schema::{component_key, unescape_token};

use crate::diagnostic::Diagnostic;
use crate::ir::Api;
use crate::load::Document;
use schema::TypeSpace;

/// An API and the warnings produced while lowering it.
#[derive(Debug, Clone)]
pub struct Lowered {
    /// The IR.
    pub api: Api,
    /// Everything that was skipped, renamed or guessed, with where.
    pub warnings: Vec<Diagnostic>,
}

/// Shared state while lowering one document.
pub(crate) struct Ctx<'a> {
    file: &'a str,
    doc: &'a openapiv3::OpenAPI,
    types: TypeSpace,
    warnings: Vec<Diagnostic>,
    /// Whether each `pattern` seen so far compiles; specs repeat the same few patterns.
    patterns: std::collections::HashMap<String, bool>,
}

impl Ctx<'_> {
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message));
    }

    /// A warning that says what to do about it.
    fn warn_hint(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.warnings
            .push(Diagnostic::warning(self.file, pointer, message).with_hint(hint));
    }
}

/// Lowers a loaded document into the IR.
///
/// Where the document holds examples ([`examples::example_holders`]) is found by a walk over
/// the raw JSON that needs nothing else; on a large document it runs on a second thread
/// beside the rest of lowering.
pub fn lower(document: &Document) -> Result<Lowered, Diagnostic> {
    let (lowered, examples) = crate::workers::join(
        is_large(&document.openapi),
        || lower_all_but_examples(document),
        || examples::example_holders(&document.raw),
    );
    lowered.map(|mut lowered| {
        lowered.api.examples = examples;
        lowered
    })
}

/// Whether a document is large enough for handing half the work to a second thread to pay.
fn is_large(doc: &openapiv3::OpenAPI) -> bool {
    let schemas = doc.components.as_ref().map_or(0, |c| c.schemas.len());
    schemas + doc.paths.paths.len() >= LARGE_DOCUMENT_ITEMS
}

/// Schemas and paths from which a document is lowered on two threads.
const LARGE_DOCUMENT_ITEMS: usize = 64;

/// [`lower`] but for [`Api::examples`], left empty.
fn lower_all_but_examples(document: &Document) -> Result<Lowered, Diagnostic> {
    let doc = &document.openapi;
    let keys = doc
        .components
        .as_ref()
        .map(|c| c.schemas.keys().cloned().collect::<Vec<_>>())
        .unwrap_or_default();
    let (types, collisions) = TypeSpace::new(keys);
    let mut ctx = Ctx {
        file: &document.file,
        doc,
        types,
        warnings: document.warnings.clone(),
        patterns: std::collections::HashMap::new(),
    };
    for (key, what) in collisions {
        let pointer = crate::diagnostic::pointer_of(["components", "schemas", key.as_str()]);
        ctx.warn_hint(
            &pointer,
            format!("schema names collide after conversion to Rust: {what}"),
            "rename one of the schemas if the suffixed name is not wanted",
        );
    }
    ctx.lower_components()?;
    let servers = ctx.servers();
    let security_schemes = ctx.security_schemes()?;
    let operations = ctx.operations(&security_schemes)?;
    // After the operations, so that webhook payloads never take a name an operation had.
    let webhooks = ctx.webhooks(&document.raw);
    let mut types: Vec<_> = std::mem::take(&mut ctx.types.defs).into_values().collect();
    recursion::box_cycles(&mut types);
    if let Some(cycle) = recursion::alias_cycles(&types).first() {
        let defs: Vec<&crate::ir::TypeDef> = cycle.iter().filter_map(|&i| types.get(i)).collect();
        let names: Vec<String> = defs.iter().map(|d| format!("`{}`", d.name)).collect();
        let pointer = defs.first().map(|d| d.pointer.as_str()).unwrap_or_default();
        let what = match names.as_slice() {
            [one] => format!("schema {one} is defined only in terms of itself"),
            _ => format!(
                "schemas {} are defined only in terms of each other",
                names.join(", ")
            ),
        };
        return Err(Diagnostic::error(
            &document.file,
            pointer,
            format!("{what} (through `$ref`, single-alternative `oneOf`/`anyOf`/`allOf`, arrays or maps), with no object in between"),
        )
        .with_hint("give one schema in the cycle a type of its own, for example an object with the reference as a property"));
    }
    let api = Api {
        module: crate::naming::module_name(&document.stem),
        source: document.file.clone(),
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers,
        security_schemes,
        operations,
        types,
        examples: Vec::new(),
        webhooks,
        tag_features: false,
    };
    // A schema reached from several places (a base merged into every schema that extends
    // it) is reported once.
    let mut seen = std::collections::HashSet::new();
    let mut warnings = ctx.warnings;
    warnings.retain(|w| seen.insert((w.pointer.clone(), w.message.clone())));
    Ok(Lowered { api, warnings })
}
