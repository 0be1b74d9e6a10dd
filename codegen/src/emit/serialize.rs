//! `Serialize` of a plain struct, written out instead of derived: one call of the runtime's
//! `encode_struct` with the struct's fields as `(wire name, value)` pairs, where an optional
//! or nullable field that the derive would skip gives no value. `serde`'s derive writes a
//! length sum and a generic `serialize_field` or `skip_field` per field; this writes the same
//! JSON in the same order (see the runtime's `ser.rs`). Structs with a flattened field or
//! additional properties keep the derive, as they do for `Deserialize`
//! ([`super::deserialize::written_out`]).
//!
//! ```ignore
//! impl ::serde::Serialize for Baseboard {
//!     fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         crate::runtime::encode_struct(
//!             serializer,
//!             "Baseboard",
//!             &[
//!                 ("part", crate::runtime::field(&self.part)),
//!                 ("note", crate::runtime::field_if_some(&self.note)),
//!             ],
//!         )
//!     }
//! }
//! ```

use super::runtime;
use super::syntax::{
    array, bounded_generics, call_path, expr_path, generic, ident, impl_fn, impl_generic, lit_str,
    path, path_type, reference, tail, tuple, ty, Receiver, Sig,
};
use super::validate::self_field;
use crate::ir::{Field, StructDef};
use crate::shape::Presence;
use syn::Item;

/// `impl Serialize for #name`.
pub fn impl_serialize(name: &str, s: &StructDef) -> Item {
    let fields = array(s.fields.iter().map(|f| {
        tuple([
            lit_str(&f.wire_name),
            call_path(encoder(f), [reference(self_field(&f.rust_name))]),
        ])
    }));
    let encode = call_path(
        runtime::ENCODE_STRUCT,
        [expr_path("serializer"), lit_str(name), reference(fields)],
    );
    let mut sig = Sig::new("serialize");
    sig.receiver = Some(Receiver::Borrowed);
    sig.generics = bounded_generics("S", path("::serde::Serializer"));
    sig.args = vec![(ident("serializer"), ty("S"))];
    sig.output = Some(generic(
        "::std::result::Result",
        [ty("S::Ok"), ty("S::Error")],
    ));
    impl_generic(
        syn::Generics::default(),
        Some(path("::serde::Serialize")),
        path_type(syn::Path::from(ident(name))),
        vec![impl_fn(Vec::new(), false, sig, vec![tail(encode)])],
    )
}

/// The runtime function that gives a field's value, or nothing where the derive would skip it:
/// an optional field that is `None` (unless the field is required, when it is sent as `null`)
/// and a nullable one that is absent.
fn encoder(f: &Field) -> &'static str {
    match Presence::of(f) {
        Presence::Plain => runtime::FIELD,
        Presence::Optional if f.required => runtime::FIELD,
        Presence::Optional => runtime::FIELD_IF_SOME,
        Presence::Nullable => runtime::FIELD_UNLESS_ABSENT,
    }
}
