//! `Deserialize` of a plain struct, written out instead of derived: one typed `Option` slot per
//! field, one call of the runtime's `decode_struct` with the wire names and the slots, then the
//! struct (a required field through `Decoded::required`, an optional or
//! nullable one empty when absent). `serde`'s derive writes three visitors and a field enum per
//! struct, all generic; this is a tenth of it and reads the same JSON the same way (see the
//! runtime's `de.rs`). Structs with a flattened field or additional properties keep the
//! derive, which knows how to hand the other keys on.
//!
//! ```ignore
//! impl<'de> ::serde::Deserialize<'de> for Baseboard {
//!     fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         let mut slot_part: Option<String> = None;
//!         let mut slot_note: Option<Option<String>> = None;
//!         let decoded = crate::runtime::decode_struct(
//!             deserializer,
//!             "Baseboard",
//!             &["part", "note"],
//!             &mut [&mut slot_part, &mut slot_note],
//!         )?;
//!         Ok(Self {
//!             part: decoded.required(slot_part, "part")?,
//!             note: slot_note.unwrap_or_default(),
//!         })
//!     }
//! }
//! ```

use super::models::field_type;
use super::runtime;
use super::syntax::{
    array, bounded_generics, call_path, expr_path, generic, ident, impl_fn, impl_generic, let_,
    let_pat, lifetime_generics, lit_str, method, pat_ident_mut, path_type, reference,
    reference_mut, stmt, struct_expr, tail, try_, ty, with_lifetime, Sig,
};
use crate::ir::{Field, StructDef};
use crate::shape::Presence;
use syn::Item;

/// Whether `s` is decoded by [`impl_deserialize`] rather than the derive.
pub fn written_out(s: &StructDef) -> bool {
    s.additional.is_none() && !s.fields.iter().any(|f| f.flatten)
}

/// `impl<'de> Deserialize<'de> for #name`.
pub fn impl_deserialize(name: &str, s: &StructDef) -> Item {
    // Each field with the local that holds its value while decoding, typed, so that nothing
    // is left for inference.
    let fields: Vec<(&Field, String)> = s.fields.iter().zip(slot_names(s)).collect();
    let mut body: Vec<syn::Stmt> = fields
        .iter()
        .map(|(f, slot)| {
            let_pat(
                pat_ident_mut(slot),
                Some(generic("::std::option::Option", [field_type(f)])),
                expr_path("::std::option::Option::None"),
            )
        })
        .collect();
    let wire_names = reference(array(s.fields.iter().map(|f| lit_str(&f.wire_name))));
    let slots = reference_mut(array(
        fields
            .iter()
            .map(|(_, slot)| reference_mut(expr_path(slot))),
    ));
    let decode = try_(call_path(
        runtime::DECODE_STRUCT,
        [expr_path("deserializer"), lit_str(name), wire_names, slots],
    ));
    let any_required = s.fields.iter().any(|f| Presence::of(f) == Presence::Plain);
    body.push(if any_required {
        let_("decoded", false, decode)
    } else {
        stmt(decode)
    });
    let values = fields.iter().map(|(f, slot)| {
        let value = match Presence::of(f) {
            Presence::Plain => try_(method(
                expr_path("decoded"),
                "required",
                [expr_path(slot), lit_str(&f.wire_name)],
            )),
            Presence::Optional | Presence::Nullable => {
                method(expr_path(slot), "unwrap_or_default", [])
            }
        };
        (ident(&f.rust_name), value)
    });
    body.push(tail(call_path(
        "::std::result::Result::Ok",
        [struct_expr("Self", values)],
    )));
    impl_deserialize_with(path_type(syn::Path::from(ident(name))), body)
}

/// `impl<'de> Deserialize<'de> for self_ty { fn deserialize<D: Deserializer<'de>>(deserializer:
/// D) -> Result<Self, D::Error> { body } }`: the frame of every hand-written `Deserialize`.
pub fn impl_deserialize_with(self_ty: syn::Type, body: Vec<syn::Stmt>) -> Item {
    let mut sig = Sig::new("deserialize");
    sig.generics = bounded_generics("D", with_lifetime("::serde::Deserializer", "'de"));
    sig.args = vec![(ident("deserializer"), ty("D"))];
    sig.output = Some(generic(
        "::std::result::Result",
        [ty("Self"), ty("D::Error")],
    ));
    impl_generic(
        lifetime_generics("'de"),
        Some(with_lifetime("::serde::Deserialize", "'de")),
        self_ty,
        vec![impl_fn(Vec::new(), false, sig, body)],
    )
}

/// The local holding each field's value while decoding: `slot_<field>` (without the field's
/// leading underscores, which would make it a name for an unused binding), or `slot_<index>`
/// for every field when two would meet.
fn slot_names(s: &StructDef) -> Vec<String> {
    let named: Vec<String> = s
        .fields
        .iter()
        .map(|f| format!("slot_{}", f.rust_name.trim_start_matches('_')))
        .collect();
    let clear = named
        .iter()
        .enumerate()
        .all(|(i, n)| n != "slot_" && !named[..i].contains(n));
    if clear {
        named
    } else {
        (0..s.fields.len()).map(|i| format!("slot_{i}")).collect()
    }
}
