//! Short names for std items, where no generated item takes the name.
//!
//! Emitters spell every std item by full path (`::std::option::Option`), which is always right.
//! This pass, run over each piece of an API module, rewrites the full path of a Rust 2021
//! prelude item to the name the prelude gives it (`Option`, `Some`, `Into::into`) unless an
//! item of the module takes that name: a schema called `Option` keeps `::std::option::Option`
//! in the whole module (the module root re-exports `types::*`, and a glob import shadows the
//! prelude), while `Some`, `Vec` and the rest stay short.
//!
//! Only `syn` paths are rewritten. Macro bodies and attribute arguments are tokens this pass
//! does not read, except `skip_serializing_if = "::std::option::Option::is_none"` of `serde`,
//! whose string is a path serde resolves in the module, like any other.

use crate::ir::Api;
use std::collections::BTreeSet;
use syn::visit_mut::{self, VisitMut};

/// Prelude items by full path and the name the prelude gives them. A longer path comes before
/// a path it starts with (`Option::Some` before `Option`).
const PRELUDE: &[(&[&str], &str)] = &[
    (&["std", "option", "Option", "Some"], "Some"),
    (&["std", "option", "Option", "None"], "None"),
    (&["std", "option", "Option"], "Option"),
    (&["std", "result", "Result", "Ok"], "Ok"),
    (&["std", "result", "Result", "Err"], "Err"),
    (&["std", "result", "Result"], "Result"),
    (&["std", "string", "String"], "String"),
    (&["std", "string", "ToString"], "ToString"),
    (&["std", "vec", "Vec"], "Vec"),
    (&["std", "boxed", "Box"], "Box"),
    (&["std", "borrow", "ToOwned"], "ToOwned"),
    (&["std", "clone", "Clone"], "Clone"),
    (&["std", "default", "Default"], "Default"),
    (&["std", "convert", "Into"], "Into"),
    (&["std", "convert", "From"], "From"),
    (&["std", "convert", "TryFrom"], "TryFrom"),
    (&["std", "convert", "TryInto"], "TryInto"),
    (&["std", "convert", "AsRef"], "AsRef"),
    (&["std", "convert", "AsMut"], "AsMut"),
    (&["std", "iter", "Iterator"], "Iterator"),
    (&["std", "iter", "IntoIterator"], "IntoIterator"),
    (&["std", "iter", "Extend"], "Extend"),
    (&["std", "iter", "FromIterator"], "FromIterator"),
    (&["std", "cmp", "PartialEq"], "PartialEq"),
    (&["std", "cmp", "Eq"], "Eq"),
    (&["std", "cmp", "PartialOrd"], "PartialOrd"),
    (&["std", "cmp", "Ord"], "Ord"),
    (&["std", "marker", "Send"], "Send"),
    (&["std", "marker", "Sync"], "Sync"),
    (&["std", "marker", "Sized"], "Sized"),
    (&["std", "marker", "Copy"], "Copy"),
    (&["std", "ops", "Drop"], "Drop"),
];

/// The prelude names one API module may use short: those no item of the module declares.
#[derive(Debug, Clone, Default)]
pub struct ShortNames {
    free: BTreeSet<&'static str>,
}

impl ShortNames {
    /// The short names free in the module of `api`. Items the module declares with a
    /// `CamelCase` name are its types (`api.types`, declared in `types` and re-exported by
    /// a glob at the root) and items whose names end in a suffix no prelude name has
    /// (`..Params`, `..Error`, `..Builder`, `Client`, `MockServer`); a test holds this.
    pub fn new(api: &Api) -> Self {
        let taken: BTreeSet<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
        Self {
            free: PRELUDE
                .iter()
                .map(|&(_, short)| short)
                .filter(|short| !taken.contains(short))
                .collect(),
        }
    }

    /// Every prelude name free: for a module that declares no type.
    pub fn all_free() -> Self {
        Self {
            free: PRELUDE.iter().map(|&(_, short)| short).collect(),
        }
    }

    /// Rewrites the full paths of free prelude names in `items` to their short names.
    pub fn apply(&self, items: &mut [syn::Item]) {
        if self.free.is_empty() {
            return;
        }
        let mut visitor = Shorten { free: &self.free };
        for item in items {
            visitor.visit_item_mut(item);
        }
    }
}

/// The visitor of [`ShortNames::apply`].
struct Shorten<'a> {
    free: &'a BTreeSet<&'static str>,
}

impl Shorten<'_> {
    /// Shortens `path` if it starts with the full path of a free prelude name.
    fn shorten(&self, path: &mut syn::Path) {
        if path.leading_colon.is_none() || path.segments.len() < 2 {
            return;
        }
        let found = PRELUDE.iter().find(|(full, _)| {
            full.len() <= path.segments.len()
                && path
                    .segments
                    .iter()
                    .zip(full.iter())
                    .enumerate()
                    .all(|(i, (seg, name))| {
                        // Only the last segment of the full path may carry generic arguments.
                        seg.ident == name
                            && (i + 1 == full.len()
                                || matches!(seg.arguments, syn::PathArguments::None))
                    })
        });
        let Some(&(full, short)) = found else { return };
        if !self.free.contains(short) {
            return;
        }
        let mut segments: syn::punctuated::Punctuated<syn::PathSegment, syn::Token![::]> =
            path.segments.iter().skip(full.len() - 1).cloned().collect();
        if let Some(first) = segments.first_mut() {
            first.ident = syn::Ident::new(short, first.ident.span());
        }
        path.leading_colon = None;
        path.segments = segments;
    }

    /// Visits a path that has a qualified self (`<T as Trait>::item`) without shortening the
    /// path itself, whose segment count `qself.position` depends on. `false` when there is no
    /// qualified self.
    fn qualified(&mut self, qself: &mut Option<syn::QSelf>, path: &mut syn::Path) -> bool {
        let Some(q) = qself else { return false };
        self.visit_qself_mut(q);
        for segment in &mut path.segments {
            self.visit_path_arguments_mut(&mut segment.arguments);
        }
        true
    }
}

impl VisitMut for Shorten<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        self.shorten(path);
        visit_mut::visit_path_mut(self, path);
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        if !self.qualified(&mut node.qself, &mut node.path) {
            visit_mut::visit_expr_path_mut(self, node);
        }
    }

    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        if !self.qualified(&mut node.qself, &mut node.path) {
            visit_mut::visit_type_path_mut(self, node);
        }
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        if !self.qualified(&mut node.qself, &mut node.path) {
            visit_mut::visit_expr_struct_mut(self, node);
            return;
        }
        for field in &mut node.fields {
            self.visit_field_value_mut(field);
        }
        if let Some(rest) = &mut node.rest {
            self.visit_expr_mut(rest);
        }
    }

    fn visit_pat_struct_mut(&mut self, node: &mut syn::PatStruct) {
        if !self.qualified(&mut node.qself, &mut node.path) {
            visit_mut::visit_pat_struct_mut(self, node);
            return;
        }
        for field in &mut node.fields {
            self.visit_field_pat_mut(field);
        }
    }

    fn visit_pat_tuple_struct_mut(&mut self, node: &mut syn::PatTupleStruct) {
        if !self.qualified(&mut node.qself, &mut node.path) {
            visit_mut::visit_pat_tuple_struct_mut(self, node);
            return;
        }
        for elem in &mut node.elems {
            self.visit_pat_mut(elem);
        }
    }

    fn visit_attribute_mut(&mut self, attr: &mut syn::Attribute) {
        // Attribute paths (`doc`, `derive`, `serde`) are never std paths, and their arguments
        // are tokens; only serde's one path in a string is rewritten.
        if !self.free.contains("Option") || !attr.path().is_ident("serde") {
            return;
        }
        if let syn::Meta::List(list) = &mut attr.meta {
            list.tokens = std::mem::take(&mut list.tokens)
                .into_iter()
                .map(|token| match token {
                    proc_macro2::TokenTree::Literal(lit)
                        if lit.to_string() == "\"::std::option::Option::is_none\"" =>
                    {
                        let mut short = proc_macro2::Literal::string("Option::is_none");
                        short.set_span(lit.span());
                        proc_macro2::TokenTree::Literal(short)
                    }
                    other => other,
                })
                .collect();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn api(yaml: &str) -> Api {
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    /// Schemas called `Option`, `String` and `Result` keep the full paths of those three names
    /// in the whole module; every other prelude name is short.
    #[test]
    fn a_schema_named_like_a_prelude_item_keeps_that_full_path_only() {
        let colliding = api(r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: { type: array, items: { $ref: "#/components/schemas/Holder" } }
components:
  schemas:
    Option: { type: object, properties: { some: { type: string } } }
    String: { type: object, properties: { text: { type: string } } }
    Result:
      oneOf:
        - $ref: "#/components/schemas/Option"
        - $ref: "#/components/schemas/String"
    Holder:
      type: object
      required: [name]
      properties:
        name: { type: string }
        tags: { type: array, items: { type: string } }
        option: { $ref: "#/components/schemas/Option" }
        result: { $ref: "#/components/schemas/Result" }
"##);
        let text = crate::format::print_items(Vec::new(), super::super::emit_api(&colliding));
        for kept in [
            "pub option: ::std::option::Option<Option>",
            "pub name: ::std::string::String,",
            "pub tags: ::std::option::Option<Vec<::std::string::String>>",
            "-> ::std::result::Result<",
        ] {
            assert!(text.contains(kept), "missing {kept:?} in:\n{text}");
        }
        for short in ["name: impl Into<::std::string::String>", "Some(", "None,"] {
            assert!(text.contains(short), "missing {short:?} in:\n{text}");
        }
        for full in [
            "::std::vec::Vec",
            "::std::convert::Into",
            "::std::option::Option::Some",
            "::std::option::Option::None",
        ] {
            assert!(!text.contains(full), "{full:?} in:\n{text}");
        }
        // Without the colliding schemas, every one of them is short.
        let plain = api(r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Holder:
      type: object
      required: [name]
      properties:
        name: { type: string }
        tags: { type: array, items: { type: string } }
"##);
        let text = crate::format::print_items(Vec::new(), super::super::emit_api(&plain));
        assert!(!text.contains("::std::option::Option"), "{text}");
        assert!(!text.contains("::std::string::String"), "{text}");
        assert!(text.contains("pub tags: Option<Vec<String>>"), "{text}");
    }

    /// The names [`ShortNames::new`] takes are all the prelude names an API module declares:
    /// no emitter declares one outside `types` (checked on every spec of the project and the
    /// naming edge cases).
    #[test]
    fn only_types_take_prelude_names() {
        fn declared(items: &[syn::Item], out: &mut BTreeSet<String>) {
            for item in items {
                let name = match item {
                    syn::Item::Struct(i) => Some(&i.ident),
                    syn::Item::Enum(i) => Some(&i.ident),
                    syn::Item::Type(i) => Some(&i.ident),
                    syn::Item::Trait(i) => Some(&i.ident),
                    syn::Item::Const(i) => Some(&i.ident),
                    syn::Item::Static(i) => Some(&i.ident),
                    syn::Item::Fn(i) => Some(&i.sig.ident),
                    syn::Item::Union(i) => Some(&i.ident),
                    syn::Item::Mod(i) => {
                        if let Some((_, inner)) = &i.content {
                            declared(inner, out);
                        }
                        Some(&i.ident)
                    }
                    _ => None,
                };
                out.extend(name.map(ToString::to_string));
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["specs", "tests/fixtures/showcase"] {
            files.extend(crate::generate::spec_files(&root.join(dir), dir).expect("specs"));
        }
        files.push((
            root.join("tests/fixtures/bad/naming_edge_cases.yaml"),
            "naming_edge_cases.yaml".to_owned(),
        ));
        let prelude: BTreeSet<&str> = PRELUDE.iter().map(|&(_, short)| short).collect();
        for (path, display) in files {
            let (_, lowered) = crate::generate::lower_file(&path, &display).expect("lowers");
            let api = &lowered.api;
            let mut names = BTreeSet::new();
            declared(&super::super::emit_api(api), &mut names);
            let types: BTreeSet<&str> = api.types.iter().map(|d| d.name.as_str()).collect();
            let stray: Vec<&String> = names
                .iter()
                .filter(|n| prelude.contains(n.as_str()) && !types.contains(n.as_str()))
                .collect();
            assert!(stray.is_empty(), "{display}: {stray:?}");
            if display.contains("naming_edge_cases") {
                assert!(names.contains("Option") && names.contains("Result"));
            }
        }
    }
}
