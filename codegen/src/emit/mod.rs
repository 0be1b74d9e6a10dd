//! Emission: IR in, `syn` items out (built directly, see [`syntax`]). Nothing here reads
//! `openapiv3` types.
//!
//! One API becomes one module (one file; a folder when large, see [`crate::split`]) laid out as:
//! `types` (models, enums, unions), `params` (per-operation parameter structs), `errors`
//! (per-operation error enums), `responses` (success enums, when needed), `servers`, and the
//! `Client` with one method per operation. [`krate`] writes the crate around the modules.

mod client;
mod contract;
mod deserialize;
mod directions;
mod enums;
pub mod features;
pub mod krate;
mod mock;
mod models;
mod responses;
pub mod runtime;
mod serialize;
mod short_names;
pub mod syntax;
pub mod types;
mod validate;
mod webhooks;

use crate::ir::{Api, TypeDef, TypeKind, TypeRef};
use std::collections::{HashMap, HashSet};
use syn::Item;

/// Name lookup over an API's types.
pub struct Index<'a> {
    /// The API.
    pub api: &'a Api,
    by_name: HashMap<&'a str, &'a TypeDef>,
    /// Named types whose `Validate` checks something: a field with a constraint, directly or
    /// through the types it contains.
    validated: HashSet<&'a str>,
    /// Per-tag feature gates (empty unless the API has `tag_features`).
    pub gates: features::Gates,
    /// The `serde` directions each type needs.
    pub directions: directions::Directions,
    /// The std names the module may spell short.
    short: short_names::ShortNames,
    /// Which operations share an error enum.
    pub errors: responses::SharedErrors,
}

impl<'a> Index<'a> {
    /// Indexes `api`.
    pub fn new(api: &'a Api) -> Self {
        let by_name = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        let gates = features::Gates::new(api);
        let errors = responses::SharedErrors::new(api, |i| gates.op(i));
        let mut index = Self {
            api,
            by_name,
            validated: HashSet::new(),
            gates,
            directions: directions::Directions::new(api),
            short: short_names::ShortNames::new(api),
            errors,
        };
        index.validated = index.validated_types();
        index
    }

    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_name.get(name).copied()
    }

    /// Whether the named type's `Validate` checks anything.
    pub fn is_validated(&self, name: &str) -> bool {
        self.validated.contains(name)
    }

    /// The named types that check something: those with a constrained field, then, walking the
    /// references backwards, every type that contains one of them (as a field, a union
    /// variant or an alias, inside arrays, maps, boxes and nullables). Linear in the size of
    /// the API; recursive types need no special case.
    fn validated_types(&self) -> HashSet<&'a str> {
        use crate::filter::named;
        let mut referrers: HashMap<&'a str, Vec<&'a str>> = HashMap::new();
        let mut work: Vec<&'a str> = Vec::new();
        for def in &self.api.types {
            let contained: Vec<&'a TypeRef> = match &def.kind {
                TypeKind::Struct(s) => {
                    let constrained = s
                        .fields
                        .iter()
                        .any(|f| validate::has_checks(self, &f.ty, &f.constraints));
                    if constrained {
                        work.push(&def.name);
                    }
                    s.fields.iter().map(|f| &f.ty).collect()
                }
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(inner) => vec![inner],
                TypeKind::Enum(_) => Vec::new(),
            };
            for name in contained.into_iter().filter_map(named) {
                referrers.entry(name).or_default().push(&def.name);
            }
        }
        let mut validated = HashSet::new();
        while let Some(name) = work.pop() {
            if validated.insert(name) {
                if let Some(up) = referrers.get(name) {
                    work.extend(up.iter().copied());
                }
            }
        }
        validated
    }
}

/// Whether the API deprecates anything the module marks `#[deprecated]` (an operation, a
/// parameter, a body, a type, a field, a webhook): the module then allows `deprecated`, since
/// it must still build, check and send those items itself.
pub fn deprecates_anything(api: &Api) -> bool {
    let body = |b: &Option<crate::ir::RequestBody>| b.as_ref().is_some_and(|b| b.docs.deprecated);
    api.operations.iter().any(|op| {
        op.docs.deprecated || body(&op.body) || op.params.iter().any(|p| p.docs.deprecated)
    }) || api
        .webhooks
        .iter()
        .any(|w| w.docs.deprecated || body(&w.body)) || api.types.iter().any(|d| {
        d.docs.deprecated
            || matches!(&d.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.docs.deprecated))
    })
}

/// The items of one API module: every [`Piece`] of [`pieces`], in order.
pub fn emit_api(api: &Api) -> Vec<Item> {
    let index = Index::new(api);
    pieces(api, 1)
        .iter()
        .flat_map(|piece| emit_piece(&index, piece))
        .collect()
}

/// A run of one API module's items that can be emitted, and formatted, on its own. The pieces
/// of [`pieces`], in order, make the whole module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Types `range` (indices into [`Api::types`]) in a `pub mod types { .. }` of their own.
    /// Consecutive `Types` pieces are one module split in parts.
    Types(std::ops::Range<usize>),
    /// Everything between the `types` module and the client's methods: `params`, `errors`,
    /// `responses`, `servers`, the operation constants and the client and its builder.
    Middle,
    /// The methods of operations `range` in an `impl Client { .. }` of their own. Consecutive
    /// `Methods` pieces are one `impl` block split in parts.
    Methods(std::ops::Range<usize>),
    /// The contract registry.
    Contract,
}

/// The pieces of one API module, with the `types` module and the client's methods each cut
/// into at most `parts` runs of about equal length.
pub fn pieces(api: &Api, parts: usize) -> Vec<Piece> {
    fn split(len: usize, parts: usize) -> Vec<std::ops::Range<usize>> {
        let parts = parts.clamp(1, len.max(1));
        (0..parts)
            .map(|i| (len * i / parts)..(len * (i + 1) / parts))
            .collect()
    }
    let mut out: Vec<Piece> = split(api.types.len(), parts)
        .into_iter()
        .map(Piece::Types)
        .collect();
    out.push(Piece::Middle);
    out.extend(
        split(api.operations.len(), parts)
            .into_iter()
            .map(Piece::Methods),
    );
    out.push(Piece::Contract);
    out
}

/// The items of one piece of an API module, std items named short where the module allows
/// (`emit/short_names.rs`).
pub fn emit_piece(index: &Index<'_>, piece: &Piece) -> Vec<Item> {
    let mut items = emit_piece_full(index, piece);
    index.short.apply(&mut items);
    items
}

/// The items of one piece of an API module, std items by full path.
fn emit_piece_full(index: &Index<'_>, piece: &Piece) -> Vec<Item> {
    let api = index.api;
    match piece {
        Piece::Types(range) => {
            let mut items = Vec::new();
            for def in &api.types[range.clone()] {
                let first = items.len();
                match &def.kind {
                    TypeKind::Struct(s) => models::emit_struct(index, def, s, &mut items),
                    TypeKind::Enum(e) => enums::emit_enum(def, e, &mut items),
                    TypeKind::Union(u) => enums::emit_union(index, def, u, &mut items),
                    TypeKind::Alias(ty) => items.push(syntax::type_item(
                        types::type_docs(def),
                        types::ident(&def.name),
                        types::rust_type(ty, ""),
                    )),
                }
                if let Some(cfg) = index.gates.ty(&def.name) {
                    for item in &mut items[first..] {
                        features::gate_item(item, &cfg);
                    }
                }
            }
            vec![syntax::mod_item(
                " Models, enums and unions of this API.",
                "types",
                items,
            )]
        }
        Piece::Middle => emit_middle(index),
        Piece::Methods(range) => {
            let methods = range
                .clone()
                .filter_map(|i| Some((i, api.operations.get(i)?)))
                .map(|(i, op)| {
                    let mut method = client::operation(index, op);
                    if let Some(cfg) = index.gates.op(i) {
                        features::gate_method(&mut method, &cfg);
                    }
                    method
                })
                .collect();
            vec![syntax::impl_item(None, syntax::ty("Client"), methods)]
        }
        Piece::Contract => vec![contract::registry(index)],
    }
}

fn emit_middle(index: &Index<'_>) -> Vec<Item> {
    let api = index.api;
    let mut items = Vec::new();
    // Per-operation items carry their operation's feature gate, if any.
    let gated = |i: usize, mut item: Item| {
        if let Some(cfg) = index.gates.op(i) {
            features::gate_item(&mut item, &cfg);
        }
        item
    };
    let mut params = Vec::new();
    for (i, op) in api.operations.iter().enumerate() {
        let first = params.len();
        client::params_struct(index, op, &mut params);
        if let Some(cfg) = index.gates.op(i) {
            for item in &mut params[first..] {
                features::gate_item(item, &cfg);
            }
        }
    }
    if !params.is_empty() {
        items.push(syntax::mod_item(
            " Parameter structs: the query, header and cookie parameters of each operation.",
            "params",
            params,
        ));
    }
    items.push(syntax::mod_item(
        " Error enums: one variant per documented error status (operations with the same errors \
         share one).",
        "errors",
        api.operations
            .iter()
            .enumerate()
            .flat_map(|(i, op)| {
                // The enum and the `error_enum!` call that gives it `Display`, `Error`, `is_*`,
                // or the alias of an enum another operation with the same errors owns.
                let owner = index.errors.shared_with(i).map(|o| &api.operations[o]);
                responses::error_items(op, owner)
                    .into_iter()
                    .map(move |item| gated(i, item))
            })
            .collect(),
    ));
    let successes: Vec<Item> = api
        .operations
        .iter()
        .enumerate()
        .filter_map(|(i, op)| Some(gated(i, responses::success_enum(op)?)))
        .collect();
    if !successes.is_empty() {
        items.push(syntax::mod_item(
            " Success enums of operations whose success statuses carry different bodies.",
            "responses",
            successes,
        ));
    }
    items.push(client::servers(api));
    items.extend(webhooks::module(api));
    // A glob re-export of an empty module is an unused import.
    if !api.types.is_empty() {
        items.push(syntax::use_glob("types"));
    }
    client::scheme_consts(api, &mut items);
    items.extend(
        api.operations
            .iter()
            .enumerate()
            .map(|(i, op)| gated(i, client::operation_meta(op))),
    );
    client::client(api, &mut items);
    items.push(mock::module(index));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    /// The module allows no `clippy::too_many_arguments`: a method of more than seven inputs
    /// (the receiver counted, as clippy counts it) allows it itself, and only such a method.
    #[test]
    fn only_methods_with_many_arguments_allow_them() {
        let api = api(r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a/{p1}/{p2}/{p3}/{p4}/{p5}/{p6}/{p7}:
    get:
      operationId: seven
      parameters:
        - { name: p1, in: path, required: true, schema: { type: string } }
        - { name: p2, in: path, required: true, schema: { type: string } }
        - { name: p3, in: path, required: true, schema: { type: string } }
        - { name: p4, in: path, required: true, schema: { type: string } }
        - { name: p5, in: path, required: true, schema: { type: string } }
        - { name: p6, in: path, required: true, schema: { type: string } }
        - { name: p7, in: path, required: true, schema: { type: string } }
      responses: { "204": { description: done } }
  /b/{p1}/{p2}/{p3}/{p4}/{p5}/{p6}:
    get:
      operationId: six
      parameters:
        - { name: p1, in: path, required: true, schema: { type: string } }
        - { name: p2, in: path, required: true, schema: { type: string } }
        - { name: p3, in: path, required: true, schema: { type: string } }
        - { name: p4, in: path, required: true, schema: { type: string } }
        - { name: p5, in: path, required: true, schema: { type: string } }
        - { name: p6, in: path, required: true, schema: { type: string } }
      responses: { "204": { description: done } }
"##);
        let text = crate::format::print_items(Vec::new(), emit_api(&api));
        let allowed_before = |name: &str| {
            let at = text.rfind(&format!("pub fn {name}(")).expect("the method");
            let head = &text[..at];
            let start = head.rfind('}').unwrap_or(0);
            head[start..].contains("#[allow(clippy::too_many_arguments)]")
        };
        assert!(allowed_before("seven"), "{text}");
        assert!(!allowed_before("six"), "{text}");
    }

    #[test]
    fn only_types_that_reach_a_constraint_are_validated() {
        let api = api(r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Named:
      type: object
      properties:
        name: { type: string, maxLength: 3 }
    Holder:
      type: object
      properties:
        items: { type: array, items: { $ref: "#/components/schemas/Named" } }
    Choice:
      oneOf:
        - $ref: "#/components/schemas/Holder"
        - type: string
    Plain:
      type: object
      properties:
        note: { type: string }
        count: { type: integer }
    Tree:
      type: object
      properties:
        children: { type: array, items: { $ref: "#/components/schemas/Tree" } }
    CheckedTree:
      type: object
      properties:
        size: { type: integer, minimum: 0 }
        children: { type: array, items: { $ref: "#/components/schemas/CheckedTree" } }
    UsesCheckedTree:
      type: object
      properties:
        tree: { $ref: "#/components/schemas/CheckedTree" }
"##);
        let index = Index::new(&api);
        let validated: Vec<&str> = api
            .types
            .iter()
            .map(|d| d.name.as_str())
            .filter(|n| index.is_validated(n))
            .collect();
        assert_eq!(
            validated,
            [
                "CheckedTree",
                "Choice",
                "Holder",
                "Named",
                "UsesCheckedTree"
            ]
        );
    }

    /// Operations with the same error responses share the first one's enum; a different
    /// description, status or body, or a different feature gate, gets an enum of its own.
    #[test]
    fn operations_with_the_same_errors_share_an_enum() {
        let mut api = api(r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      operationId: first
      tags: [one]
      responses:
        "200": { description: ok }
        "404": { $ref: "#/components/responses/Missing" }
    put:
      operationId: same
      tags: [one]
      responses:
        "204": { description: done }
        "404": { $ref: "#/components/responses/Missing" }
    post:
      operationId: other_description
      tags: [one]
      responses:
        "204": { description: done }
        "404": { description: not here, content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } } }
    delete:
      operationId: other_status
      tags: [one]
      responses:
        "204": { description: done }
        "410": { $ref: "#/components/responses/Missing" }
    patch:
      operationId: other_tag
      tags: [two]
      responses:
        "204": { description: done }
        "404": { $ref: "#/components/responses/Missing" }
components:
  responses:
    Missing:
      description: not found
      content: { application/json: { schema: { $ref: "#/components/schemas/Problem" } } }
  schemas:
    Problem: { type: object, properties: { detail: { type: string } } }
"##);
        let shared = |api: &Api| {
            let index = Index::new(api);
            (0..api.operations.len())
                .map(|i| {
                    let owner = index.errors.shared_with(i);
                    owner.map(|o| api.operations[o].fn_name.clone())
                })
                .collect::<Vec<_>>()
        };
        let first = Some("first".to_owned());
        assert_eq!(
            shared(&api),
            [None, first.clone(), None, None, first.clone()]
        );
        let text = crate::format::print_items(Vec::new(), emit_api(&api));
        assert!(text.contains("pub type SameError = FirstError;"), "{text}");
        assert!(text.contains("pub enum OtherDescriptionError {"), "{text}");
        let mock_error = format!("impl {} for", runtime::MOCK_ERROR);
        assert_eq!(text.matches(&mock_error).count(), 3);
        // With a feature per tag, `other_tag` is compiled without `first`: its own enum.
        api.tag_features = true;
        assert_eq!(shared(&api), [None, first, None, None, None]);
    }
}
