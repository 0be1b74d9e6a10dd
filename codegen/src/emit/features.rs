//! Per-tag cargo features (`tag_features = true` in an API's `codegen.toml` table): each
//! operation's method and per-operation types are compiled only with the feature of one of its
//! tags (`<module>-<tag>`), and each named type only with a feature of a tag whose operations
//! reach it, so a user of one tag of a large API compiles that tag's part.
//!
//! Soundness: a type `U` that refers to `T` is reached by no operation that does not also
//! reach `T`, so `T`'s features include `U`'s. Types reached by an untagged operation, or by
//! no operation at all, are always compiled, and so is everything they refer to.

use crate::filter::{closure, used_by};
use crate::ir::{Api, TypeDef};
use quote::quote;
use std::collections::{BTreeSet, HashMap};
use syn::{Attribute, ImplItem, Item};

/// The features each operation and type is compiled under; an absent entry is always
/// compiled.
#[derive(Debug, Default)]
pub struct Gates {
    /// By operation index: the features of its tags.
    ops: Vec<BTreeSet<String>>,
    /// By type name.
    types: HashMap<String, BTreeSet<String>>,
}

/// The cargo feature of `tag` in `module`; `None` when the tag has no letter or digit.
pub fn feature_name(module: &str, tag: &str) -> Option<String> {
    let kebab = heck::ToKebabCase::to_kebab_case(tag);
    let clean: String = kebab
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let clean = clean.trim_matches('-');
    (!clean.is_empty()).then(|| format!("{module}-{clean}"))
}

/// The tag features of an API, sorted; empty unless it has `tag_features`.
pub fn api_features(api: &Api) -> Vec<String> {
    if !api.tag_features {
        return Vec::new();
    }
    let set: BTreeSet<String> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter())
        .filter_map(|t| feature_name(&api.module, t))
        .collect();
    set.into_iter().collect()
}

impl Gates {
    /// The gates of `api`; nothing is gated unless it has `tag_features`.
    pub fn new(api: &Api) -> Self {
        if !api.tag_features {
            return Self::default();
        }
        let ops: Vec<BTreeSet<String>> = api
            .operations
            .iter()
            .map(|op| {
                op.tags
                    .iter()
                    .filter_map(|t| feature_name(&api.module, t))
                    .collect()
            })
            .collect();
        let by_name: HashMap<&str, &TypeDef> =
            api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        let mut types: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut always: Vec<&str> = Vec::new();
        for (op, features) in api.operations.iter().zip(&ops) {
            let reached = closure(&by_name, used_by(op));
            if features.is_empty() {
                always.extend(reached);
                continue;
            }
            for name in reached {
                types
                    .entry(name.to_owned())
                    .or_default()
                    .extend(features.iter().cloned());
            }
        }
        always.extend(
            api.types
                .iter()
                .map(|d| d.name.as_str())
                .filter(|n| !types.contains_key(*n)),
        );
        for name in closure(&by_name, always) {
            types.remove(name);
        }
        Self { ops, types }
    }

    /// The `#[cfg(..)]` of operation `i`, if it is gated.
    pub fn op(&self, i: usize) -> Option<Attribute> {
        self.ops.get(i).and_then(cfg_any)
    }

    /// The `#[cfg(..)]` of the named type, if it is gated.
    pub fn ty(&self, name: &str) -> Option<Attribute> {
        self.types.get(name).and_then(cfg_any)
    }

    /// The `#[cfg(..)]` of a position whose type is `ty`: that of the named type in it.
    pub fn type_ref(&self, ty: &crate::ir::TypeRef) -> Option<Attribute> {
        crate::filter::named(ty).and_then(|name| self.ty(name))
    }
}

/// `#[cfg(feature = "a")]` or `#[cfg(any(feature = "a", ..))]`; `None` for no features.
fn cfg_any(features: &BTreeSet<String>) -> Option<Attribute> {
    let list: Vec<&String> = features.iter().collect();
    match list.as_slice() {
        [] => None,
        [one] => Some(super::syntax::attr_list("cfg", quote!(feature = #one))),
        many => Some(super::syntax::attr_list(
            "cfg",
            quote!(any(#(feature = #many),*)),
        )),
    }
}

/// Puts `attr` on `item`, after its doc comment.
pub fn gate_item(item: &mut Item, attr: &Attribute) {
    let attrs = match item {
        Item::Const(i) => &mut i.attrs,
        Item::Enum(i) => &mut i.attrs,
        Item::Fn(i) => &mut i.attrs,
        Item::Impl(i) => &mut i.attrs,
        Item::Macro(i) => &mut i.attrs,
        Item::Mod(i) => &mut i.attrs,
        Item::Static(i) => &mut i.attrs,
        Item::Struct(i) => &mut i.attrs,
        Item::Trait(i) => &mut i.attrs,
        Item::Type(i) => &mut i.attrs,
        Item::Union(i) => &mut i.attrs,
        Item::Use(i) => &mut i.attrs,
        _ => return,
    };
    insert_after_docs(attrs, attr);
}

/// Puts `attr` on a method, after its doc comment.
pub fn gate_method(item: &mut ImplItem, attr: &Attribute) {
    if let ImplItem::Fn(f) = item {
        insert_after_docs(&mut f.attrs, attr);
    }
}

fn insert_after_docs(attrs: &mut Vec<Attribute>, attr: &Attribute) {
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.insert(at, attr.clone());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names() {
        assert_eq!(
            feature_name("github", "repos").as_deref(),
            Some("github-repos")
        );
        assert_eq!(
            feature_name("nexus", "Sub Organizations & Users").as_deref(),
            Some("nexus-sub-organizations-users")
        );
        assert_eq!(feature_name("m", "silos_v2").as_deref(), Some("m-silos-v2"));
        assert_eq!(feature_name("m", "  &&"), None);
    }

    #[test]
    fn types_are_gated_by_the_tags_that_reach_them() {
        let yaml = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    get:
      tags: [alpha]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/OnlyA" } } }
  /b:
    get:
      tags: [beta, gamma]
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Shared" } } }
  /c:
    get:
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Untagged" } } }
components:
  schemas:
    OnlyA:
      type: object
      properties:
        shared: { $ref: "#/components/schemas/Shared" }
        kept: { $ref: "#/components/schemas/Kept" }
    Kept:
      type: object
      properties:
        z: { type: string }
    Shared:
      type: object
      properties:
        x: { type: string }
    Untagged:
      type: object
      properties:
        leaf: { $ref: "#/components/schemas/Leaf" }
    Leaf:
      type: object
      properties:
        y: { type: string }
    Orphan:
      type: object
      properties:
        a: { $ref: "#/components/schemas/Kept" }
"##;
        let doc =
            crate::load::load_bytes(yaml.as_bytes(), "t.yaml", "t", false).expect("the spec loads");
        let mut api = crate::lower::lower(&doc).expect("the spec lowers").api;
        let print = |a: Option<Attribute>| a.map(|a| quote!(#a).to_string());
        assert!(Gates::new(&api).ty("OnlyA").is_none(), "off by default");
        api.tag_features = true;
        assert_eq!(api_features(&api), ["t-alpha", "t-beta", "t-gamma"]);
        let gates = Gates::new(&api);
        assert_eq!(
            print(gates.op(1)).as_deref(),
            Some("# [cfg (any (feature = \"t-beta\" , feature = \"t-gamma\"))]")
        );
        assert!(gates.op(2).is_none());
        assert_eq!(
            print(gates.ty("OnlyA")).as_deref(),
            Some("# [cfg (feature = \"t-alpha\")]")
        );
        // `Kept` is reached by `alpha` only, but the unreached `Orphan` (always compiled)
        // refers to it.
        assert!(gates.ty("Kept").is_none() && gates.ty("Orphan").is_none());
        assert!(gates.ty("Leaf").is_none() && gates.ty("Untagged").is_none());
        assert_eq!(
            print(gates.ty("Shared")).as_deref(),
            Some("# [cfg (any (feature = \"t-alpha\" , feature = \"t-beta\" , feature = \"t-gamma\"))]")
        );
    }
}
