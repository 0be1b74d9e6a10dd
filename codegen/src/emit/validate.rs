//! `Validate` implementations: constraint checks from the schema, run before a request is
//! sent. Each check calls a helper in the generated crate's runtime, which names the field
//! path and the broken constraint.

use super::models::Presence;
use super::types::{needs_validation, scalar_of};
use super::Index;
use crate::ir::{Constraints, Field, Primitive, TypeRef};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `impl Validate for #name` with the given per-field checks.
pub fn impl_validate(name: &Ident, checks: Vec<TokenStream>) -> TokenStream {
    let checks: Vec<TokenStream> = checks.into_iter().filter(|c| !c.is_empty()).collect();
    if checks.is_empty() {
        // The trait's default checks nothing.
        return quote!(impl crate::runtime::Validate for #name {});
    }
    quote! {
        impl crate::runtime::Validate for #name {
            fn validate_into(
                &self,
                path: &mut crate::runtime::Path,
                out: &mut ::std::vec::Vec<crate::runtime::Violation>,
            ) {
                #(#checks)*
            }
        }
    }
}

/// Checks for one struct field reached through `access` (a place expression).
pub fn field_checks(index: &Index<'_>, field: &Field, access: TokenStream) -> TokenStream {
    let wire = &field.wire_name;
    let scalar = constraint_checks(index, &field.ty, &field.constraints, wire, &quote!(value));
    let nested = needs_validation(index, &field.ty, 0).then(|| {
        if field.flatten {
            // Its properties are the object's own: no path segment of its own.
            quote!(crate::runtime::Validate::validate_into(value, path, out);)
        } else {
            quote! {
                path.push_field(#wire);
                crate::runtime::Validate::validate_into(value, path, out);
                path.pop();
            }
        }
    });
    if scalar.is_empty() && nested.is_none() {
        return TokenStream::new();
    }
    let body = quote!(#scalar #nested);
    match Presence::of(field) {
        Presence::Plain => quote! {
            {
                let value = &#access;
                #body
            }
        },
        Presence::Optional => quote! {
            if let ::std::option::Option::Some(value) = &#access {
                #body
            }
        },
        Presence::DoubleOptional => quote! {
            if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &#access {
                #body
            }
        },
    }
}

/// Checks of `constraints` on `value` (an expression of type `&T` for the field's type).
pub fn constraint_checks(
    index: &Index<'_>,
    ty: &TypeRef,
    c: &Constraints,
    wire: &str,
    value: &TokenStream,
) -> TokenStream {
    let scalar = scalar_of(index, ty);
    let mut out = TokenStream::new();
    if scalar == Some(Primitive::Url) {
        out.extend(quote!(crate::runtime::check_uri(path, #wire, #value, out);));
    }
    if c.is_empty() {
        return out;
    }
    let is_array = matches!(ty, TypeRef::Array(_));
    match scalar {
        Some(Primitive::String | Primitive::Url) => {
            if let Some(n) = c.max_length {
                out.extend(quote!(crate::runtime::check_max_length(path, #wire, #value, #n, out);));
            }
            if let Some(n) = c.min_length {
                out.extend(quote!(crate::runtime::check_min_length(path, #wire, #value, #n, out);));
            }
            if let Some(p) = &c.pattern {
                out.extend(quote!(crate::runtime::check_pattern(path, #wire, #value, #p, out);));
            }
        }
        Some(
            Primitive::I32
            | Primitive::I64
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64,
        ) => {
            if let Some((min, exclusive)) = c.minimum {
                out.extend(quote!(crate::runtime::check_minimum(path, #wire, *#value, #min, #exclusive, out);));
            }
            if let Some((max, exclusive)) = c.maximum {
                out.extend(quote!(crate::runtime::check_maximum(path, #wire, *#value, #max, #exclusive, out);));
            }
            if let Some(m) = c.multiple_of {
                out.extend(
                    quote!(crate::runtime::check_multiple_of(path, #wire, *#value, #m, out);),
                );
            }
        }
        _ if is_array => {
            if let Some(n) = c.min_items {
                out.extend(
                    quote!(crate::runtime::check_min_items(path, #wire, #value.len(), #n, out);),
                );
            }
            if let Some(n) = c.max_items {
                out.extend(
                    quote!(crate::runtime::check_max_items(path, #wire, #value.len(), #n, out);),
                );
            }
            if c.unique_items {
                out.extend(quote!(crate::runtime::check_unique_items(path, #wire, #value, out);));
            }
        }
        _ => {}
    }
    out
}
