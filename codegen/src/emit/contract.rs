//! The contract registry: a function, compiled only with the crate's `contract` feature, that
//! maps a JSON pointer into the spec (a media type object, a component schema, a property, or
//! the schema of a parameter or response header) to a round trip through the Rust type
//! generated for that position. Contract tests find
//! every example in a spec, validate it, and hand it to this function; no test names a type.
//! Only positions with an example at or under them are registered
//! ([`crate::lower::examples::needed`]): the rest would be code nothing calls.

use super::syntax::{
    arm, attr_list, call, doc, expr_path, fn_item, fn_pointer, generic, ident, let_pat, match_expr,
    pat_str, pat_wild, return_, tail, tuple, turbofish, ty, use_as, Sig,
};
use super::types::rust_type;
use crate::ir::{Api, BodyEncoding, TypeDef, TypeKind, TypeRef};
use quote::quote;
use std::collections::BTreeMap;
use syn::{Attribute, Item, Type};

/// The positions with an example at or under them, and the type generated for each.
fn entries(api: &Api) -> BTreeMap<String, TypeRef> {
    let needed = |pointer: &str| crate::lower::examples::needed(&api.examples, pointer);
    let mut out = BTreeMap::new();
    if api.examples.is_empty() {
        return out;
    }
    for def in &api.types {
        if needed(&def.pointer) {
            out.entry(def.pointer.clone())
                .or_insert_with(|| TypeRef::Named(def.name.clone()));
        }
        fields(def, &needed, &mut out);
    }
    let mut insert = |pointer: String, ty_ref: &TypeRef| {
        if needed(&pointer) {
            out.insert(pointer, ty_ref.clone());
        }
    };
    for op in &api.operations {
        for p in &op.params {
            insert(p.pointer.clone(), &p.ty);
        }
        for r in &op.responses {
            for h in &r.headers {
                if let Some(pointer) = &h.pointer {
                    insert(pointer.clone(), &h.ty);
                }
            }
        }
        if let Some(b) = &op.body {
            if matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form) {
                insert(b.pointer.clone(), &b.ty);
            }
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                if b.encoding == BodyEncoding::Json {
                    let pointer = format!(
                        "{}/content/{}",
                        r.pointer,
                        b.media_type.replace('~', "~0").replace('/', "~1")
                    );
                    insert(pointer, &b.ty);
                }
            }
        }
    }
    out
}

fn fields(def: &TypeDef, needed: &dyn Fn(&str) -> bool, out: &mut BTreeMap<String, TypeRef>) {
    if let TypeKind::Struct(s) = &def.kind {
        for f in s.fields.iter().filter(|f| needed(&f.pointer)) {
            let ty_ref = if f.nullable {
                TypeRef::Nullable(Box::new(f.ty.clone()))
            } else {
                f.ty.clone()
            };
            // A field type is at least as permissive as the type defined at the same place.
            out.insert(f.pointer.clone(), ty_ref);
        }
    }
}

/// `::std::result::Result<::serde_json::Value, ::std::string::String>`
fn result_type() -> Type {
    generic(
        "::std::result::Result",
        [ty("::serde_json::Value"), ty("::std::string::String")],
    )
}

/// `contract_roundtrip(pointer, value)` for one API.
pub fn registry(index: &super::Index<'_>) -> Item {
    let api = index.api;
    // One short arm per position: the match picks the round trip, one call runs it. An arm
    // whose type is behind a tag feature is behind it too.
    let mut arms: Vec<syn::Arm> = entries(api)
        .into_iter()
        .map(|(pointer, ty_ref)| {
            let mut arm = arm(
                pat_str(&pointer),
                turbofish("r", [rust_type(&ty_ref, "types")]),
            );
            arm.attrs.extend(index.gates.type_ref(&ty_ref));
            arm
        })
        .collect();
    let none = || expr_path("::std::option::Option::None");
    let body = if arms.is_empty() {
        vec![
            let_pat(
                pat_wild(),
                None,
                tuple([expr_path("pointer"), expr_path("value")]),
            ),
            tail(none()),
        ]
    } else {
        arms.push(arm(pat_wild(), return_(none())));
        let fn_type = fn_pointer([ty("::serde_json::Value")], result_type());
        vec![
            use_as("crate::contract::roundtrip", "r"),
            let_pat(
                super::syntax::pat_ident("roundtrip"),
                Some(fn_type),
                match_expr(expr_path("pointer"), arms),
            ),
            tail(call(
                expr_path("::std::option::Option::Some"),
                [call(expr_path("roundtrip"), [expr_path("value")])],
            )),
        ]
    };
    let mut sig = Sig::new("contract_roundtrip");
    sig.args = vec![
        (ident("pointer"), super::syntax::ref_type(ty("str"))),
        (ident("value"), ty("::serde_json::Value")),
    ];
    sig.output = Some(generic("::std::option::Option", [result_type()]));
    let mut attrs: Vec<Attribute> = [
        " Round-trips `value` through the Rust type generated for the schema at `pointer`",
        " (a media type object, a component schema, a property, or the schema of a",
        " parameter or response header of this API's spec) where the spec documents an",
        " example, at that position or inside it.",
        " `None` for any other position.",
    ]
    .into_iter()
    .map(|line| doc(line, false))
    .collect();
    attrs.push(attr_list("cfg", quote!(feature = "contract")));
    fn_item(attrs, sig, body)
}
