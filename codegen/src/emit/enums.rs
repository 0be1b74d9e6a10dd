//! Enums (string and integer) that keep unknown values, and unions for `oneOf`/`anyOf`.
//!
//! Every enum has an `Unknown(UnknownValue)` variant so a value the vendor adds later decodes
//! instead of failing the whole response; `as_str()`, `Display` and `FromStr` round-trip the
//! wire value. `UnknownValue` is opaque (as in aws-sdk-rust): only decoding makes one, and
//! only for a value no variant lists, so a listed value is always its own variant.

use super::runtime;
use super::syntax::{
    arm, attr_list, attr_word, block_expr, call, call_path, closure, doc, enum_item, expr_of_path,
    expr_path, generic, impl_fn, impl_item, let_, lit_str, macro_item, match_expr, method,
    pat_ident, pat_or, pat_str, pat_tuple_struct, pat_wild, path, path_to, path_type, qualified,
    reference, tail, try_, ty, variant, Receiver, Sig,
};
use super::types::{ident, rust_type};
use super::Index;
use crate::ir::{EnumDef, EnumRepr, TypeDef, TypeRef, UnionDef};
use quote::quote;
use syn::{Attribute, Item, Type};

/// An enum; its conversions, and serde implementations come from one
/// invocation of the runtime's `string_enum!` or `integer_enum!`.
pub fn emit_enum(def: &TypeDef, e: &EnumDef, out: &mut Vec<Item>) {
    let name = ident(&def.name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let mut members: Vec<syn::Variant> = e
        .variants
        .iter()
        .zip(&variants)
        .map(|(v, name)| {
            variant(
                vec![doc(&format!(" `{}`", v.wire), false)],
                name.clone(),
                None,
            )
        })
        .collect();
    let (derives, unknown, invocation) = match e.repr {
        EnumRepr::String => {
            let wires = e.variants.iter().map(|v| v.wire.as_str());
            (
                quote!(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord),
                ty(runtime::UNKNOWN_VALUE),
                macro_item(
                    runtime::STRING_ENUM,
                    quote!(#name { #( #variants = #wires, )* }),
                ),
            )
        }
        EnumRepr::Integer => {
            let values = e.variants.iter().map(|v| {
                proc_macro2::Literal::i64_unsuffixed(v.wire.parse::<i64>().unwrap_or_default())
            });
            (
                quote!(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord),
                generic(runtime::UNKNOWN_VALUE, [ty("i64")]),
                macro_item(
                    runtime::INTEGER_ENUM,
                    quote!(#name { #( #variants = #values, )* }),
                ),
            )
        }
    };
    let read = match e.repr {
        EnumRepr::String => "as_str",
        EnumRepr::Integer => "as_i64",
    };
    members.push(variant(
        vec![doc(
            &format!(
                " A value this version of the spec does not list, kept as received (`{read}()` reads it). It cannot be built by hand: decoding, `from` and `parse` give a listed value its own variant."
            ),
            false,
        )],
        ident("Unknown"),
        Some(unknown),
    ));
    let attrs = super::types::derived(super::types::type_docs(def), derives);
    out.push(enum_item(attrs, name, members));
    out.push(invocation);
}

/// A union: untagged, or selected by its discriminator with an `Unknown` fallback.
pub fn emit_union(index: &Index<'_>, def: &TypeDef, u: &UnionDef, out: &mut Vec<Item>) {
    let name = ident(&def.name);
    let self_ty = || path_type(syn::Path::from(name.clone()));
    let mut members: Vec<syn::Variant> = u
        .variants
        .iter()
        .map(|v| {
            let text = if v.tags.is_empty() {
                format!(" The `{}` alternative.", v.rust_name)
            } else {
                format!(
                    " Selected by discriminator value {}.",
                    v.tags
                        .iter()
                        .map(|t| format!("`{t}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            variant(
                vec![doc(&text, false)],
                ident(&v.rust_name),
                Some(rust_type(&v.ty, "")),
            )
        })
        .collect();
    let variant_pat = |variant: &str, bind: Option<&str>| {
        pat_tuple_struct(
            &format!("Self::{variant}"),
            [bind.map_or_else(pat_wild, pat_ident)],
        )
    };
    let mut validate_arms: Vec<syn::Arm> = u
        .variants
        .iter()
        .map(|v| {
            if super::types::needs_validation(index, &v.ty) {
                arm(
                    variant_pat(&v.rust_name, Some("value")),
                    super::validate::validate_call("value"),
                )
            } else {
                arm(variant_pat(&v.rust_name, None), block_expr(Vec::new()))
            }
        })
        .collect();
    let tagged = u
        .discriminator
        .as_ref()
        .filter(|_| u.variants.iter().all(|v| !v.tags.is_empty()));
    let (serde, mut other) = index.directions.derives(&def.name);
    let mut derives = quote!(Debug, Clone, PartialEq, #serde);
    let mut de_impl = None;
    // `#[serde(untagged)]` needs a `serde` derive beside it.
    let mut untagged = true;
    match tagged {
        None => {}
        Some(tag) => {
            members.push(variant(
                vec![doc(
                    " A value whose discriminator this version of the spec does not list.",
                    false,
                )],
                ident("Unknown"),
                Some(ty("::serde_json::Value")),
            ));
            validate_arms.push(arm(variant_pat("Unknown", None), block_expr(Vec::new())));
            // The derive's `Deserialize` is replaced by one that reads the discriminator.
            let mut de = deserialize_impl(self_ty(), u, tag);
            if !index.directions.deserialized(&def.name) {
                if let Item::Impl(i) = &mut de {
                    i.attrs
                        .push(attr_list("cfg", super::directions::both_directions()));
                }
            }
            de_impl = Some(de);
            if index.directions.serialized(&def.name) {
                derives = quote!(Debug, Clone, PartialEq, ::serde::Serialize);
                other = None;
            } else {
                // No `serde` derive outside `contract`: the helper attribute goes with it.
                derives = quote!(Debug, Clone, PartialEq);
                untagged = false;
                other = Some(attr_list("cfg_attr", {
                    let both = super::directions::both_directions();
                    quote!(#both, derive(::serde::Serialize), serde(untagged))
                }));
            }
        }
    }
    let mut attrs: Vec<Attribute> = super::types::type_docs(def);
    attrs.push(attr_list("derive", derives));
    attrs.extend(other);
    if untagged {
        attrs.push(attr_list("serde", quote!(untagged)));
    }
    if crate::shape::is_non_exhaustive(crate::shape::Item::Union) {
        attrs.push(attr_word("non_exhaustive"));
    }
    out.push(enum_item(attrs, name.clone(), members));
    out.extend(de_impl);
    // A union of scalars can be a parameter: it writes the value it holds.
    let to_param = u
        .variants
        .iter()
        .all(|v| super::client::simple_param(index, &v.ty));
    if to_param {
        let arms: Vec<syn::Arm> = u
            .variants
            .iter()
            .map(|v| v.rust_name.as_str())
            .chain(tagged.map(|_| "Unknown"))
            .map(|v| {
                arm(
                    variant_pat(v, Some("value")),
                    call_path(
                        &runtime::member(runtime::TO_PARAM, "to_param_values"),
                        [expr_path("value")],
                    ),
                )
            })
            .collect();
        let mut sig = Sig::new("to_param_values");
        sig.receiver = Some(Receiver::Borrowed);
        sig.output = Some(generic("::std::vec::Vec", [ty("::std::string::String")]));
        let body = vec![tail(match_expr(expr_path("self"), arms))];
        out.push(impl_item(
            Some(path(runtime::TO_PARAM)),
            self_ty(),
            vec![impl_fn(Vec::new(), false, sig, body)],
        ));
    }
    let any_validated = u
        .variants
        .iter()
        .any(|v| super::types::needs_validation(index, &v.ty));
    if any_validated {
        out.push(impl_item(
            Some(path(runtime::VALIDATE)),
            self_ty(),
            vec![super::validate::validate_into(vec![tail(match_expr(
                expr_path("self"),
                validate_arms,
            ))])],
        ));
    }
}

/// `impl<'de> Deserialize<'de>` for a union selected by its discriminator `tag`.
fn deserialize_impl(self_ty: Type, u: &UnionDef, tag: &str) -> Item {
    let mut arms: Vec<syn::Arm> = u
        .variants
        .iter()
        .map(|v| {
            let pattern = pat_or(
                v.tags
                    .iter()
                    .map(|t| pat_tuple_struct("::std::option::Option::Some", [pat_str(t)])),
            );
            let constructor = expr_of_path(path_to("Self", &v.rust_name));
            let wrap = if matches!(v.ty, TypeRef::Boxed(_)) {
                closure(
                    "v",
                    call(
                        constructor,
                        [call_path("::std::boxed::Box::new", [expr_path("v")])],
                    ),
                )
            } else {
                constructor
            };
            let decode = call(
                qualified(unboxed(&v.ty), "::serde::Deserialize", "deserialize"),
                [expr_path("value")],
            );
            arm(
                pattern,
                method(
                    method(decode, "map", [wrap]),
                    "map_err",
                    [expr_path("::serde::de::Error::custom")],
                ),
            )
        })
        .collect();
    arms.push(arm(
        pat_wild(),
        call_path(
            "::std::result::Result::Ok",
            [call_path("Self::Unknown", [expr_path("value")])],
        ),
    ));
    let read = try_(call(
        qualified(
            ty("::serde_json::Value"),
            "::serde::Deserialize",
            "deserialize",
        ),
        [expr_path("deserializer")],
    ));
    let discriminator = method(
        call_path(
            runtime::DISCRIMINATOR_OF,
            [reference(expr_path("value")), lit_str(tag)],
        ),
        "as_deref",
        [],
    );
    let body = vec![
        let_("value", false, read),
        tail(match_expr(discriminator, arms)),
    ];
    super::deserialize::impl_deserialize_with(self_ty, body)
}

fn unboxed(ty_ref: &TypeRef) -> Type {
    match ty_ref {
        TypeRef::Boxed(inner) => rust_type(inner, ""),
        other => rust_type(other, ""),
    }
}
