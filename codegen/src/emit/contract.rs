//! The contract registry: a function, compiled only with the crate's `contract` feature, that
//! maps a JSON pointer into the spec (a media type object, a component schema, a property, or
//! the schema of a parameter or response header) to a round trip through the Rust type
//! generated for that position. Contract tests find
//! every example in a spec, validate it, and hand it to this function; no test names a type.
//! Only positions with an example at or under them are registered
//! ([`crate::lower::examples::needed`]): the rest would be code nothing calls.

use super::types::rust_type;
use crate::ir::{Api, BodyEncoding, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

fn entries(api: &Api) -> BTreeMap<String, TokenStream> {
    let tp = quote!(types::);
    let mut out = BTreeMap::new();
    for def in &api.types {
        let name = super::types::ident(&def.name);
        out.entry(def.pointer.clone())
            .or_insert_with(|| quote!(types::#name));
        fields(def, &tp, &mut out);
    }
    for op in &api.operations {
        for p in &op.params {
            out.insert(p.pointer.clone(), rust_type(&p.ty, &tp));
        }
        for r in &op.responses {
            for h in &r.headers {
                if let Some(pointer) = &h.pointer {
                    out.insert(pointer.clone(), rust_type(&h.ty, &tp));
                }
            }
        }
        if let Some(b) = &op.body {
            if matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form) {
                out.insert(b.pointer.clone(), rust_type(&b.ty, &tp));
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
                    out.insert(pointer, rust_type(&b.ty, &tp));
                }
            }
        }
    }
    out
}

fn fields(def: &TypeDef, tp: &TokenStream, out: &mut BTreeMap<String, TokenStream>) {
    if let TypeKind::Struct(s) = &def.kind {
        for f in &s.fields {
            let ty = if f.nullable {
                TypeRef::Nullable(Box::new(f.ty.clone()))
            } else {
                f.ty.clone()
            };
            // A field type is at least as permissive as the type defined at the same place.
            out.insert(f.pointer.clone(), rust_type(&ty, tp));
        }
    }
}

/// `contract_roundtrip(pointer, value)` for one API.
pub fn registry(api: &Api) -> TokenStream {
    // One short arm per position: the match picks the round trip, one call runs it.
    let arms = entries(api)
        .into_iter()
        .filter(|(pointer, _)| crate::lower::examples::needed(&api.examples, pointer))
        .map(|(pointer, ty)| quote!(#pointer => r::<#ty>,))
        .collect::<Vec<_>>();
    let body = if arms.is_empty() {
        quote! {
            let _ = (pointer, value);
            ::std::option::Option::None
        }
    } else {
        quote! {
            use crate::contract::roundtrip as r;
            let roundtrip: fn(::serde_json::Value) -> ::std::result::Result<::serde_json::Value, ::std::string::String> = match pointer {
                #(#arms)*
                _ => return ::std::option::Option::None,
            };
            ::std::option::Option::Some(roundtrip(value))
        }
    };
    quote! {
        /// Round-trips `value` through the Rust type generated for the schema at `pointer`
        /// (a media type object, a component schema, a property, or the schema of a
        /// parameter or response header of this API's spec) where the spec documents an
        /// example, at that position or inside it.
        /// `None` for any other position.
        #[cfg(feature = "contract")]
        pub fn contract_roundtrip(
            pointer: &str,
            value: ::serde_json::Value,
        ) -> ::std::option::Option<::std::result::Result<::serde_json::Value, ::std::string::String>> {
            #body
        }
    }
}
