//! Enums (string and integer) that keep unknown values, and unions for `oneOf`/`anyOf`.
//!
//! Every enum has an `Unknown(..)` variant so a value the vendor adds later decodes instead of
//! failing the whole response; `as_str()`, `Display` and `FromStr` round-trip the wire value.

use super::types::{ident, rust_type};
use super::Index;
use crate::ir::{EnumDef, EnumRepr, TypeDef, TypeRef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

/// An enum; its conversions, serde implementations and no-op `Validate` come from one
/// invocation of the runtime's `string_enum!` or `integer_enum!`.
pub fn emit_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    match e.repr {
        EnumRepr::String => string_enum(def, e),
        EnumRepr::Integer => integer_enum(def, e),
    }
}

fn variant_docs(wire: &str) -> TokenStream {
    let doc = format!(" `{wire}`");
    quote!(#[doc = #doc])
}

fn string_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = super::types::type_docs(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
    let vdocs = e.variants.iter().map(|v| variant_docs(&v.wire));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #vdocs #variants, )*
            /// A value this version of the spec does not list.
            Unknown(::std::string::String),
        }
        crate::runtime::string_enum!(#name { #( #variants = #wires, )* });
    }
}

fn integer_enum(def: &TypeDef, e: &EnumDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = super::types::type_docs(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<proc_macro2::Literal> = e
        .variants
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(v.wire.parse::<i64>().unwrap_or_default()))
        .collect();
    let vdocs = e.variants.iter().map(|v| variant_docs(&v.wire));
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #vdocs #variants, )*
            /// A value this version of the spec does not list.
            Unknown(i64),
        }
        crate::runtime::integer_enum!(#name { #( #variants = #values, )* });
    }
}

/// A union: untagged, or selected by its discriminator with an `Unknown` fallback.
pub fn emit_union(index: &Index<'_>, def: &TypeDef, u: &UnionDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = super::types::type_docs(def);
    let none = TokenStream::new();
    let variants: Vec<_> = u.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let types: Vec<_> = u.variants.iter().map(|v| rust_type(&v.ty, &none)).collect();
    let vdocs = u.variants.iter().map(|v| {
        let doc = if v.tags.is_empty() {
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
        quote!(#[doc = #doc])
    });
    let validate_arms = u.variants.iter().map(|v| {
        let variant = ident(&v.rust_name);
        if super::types::needs_validation(index, &v.ty, 0) {
            quote!(Self::#variant(value) => crate::runtime::Validate::validate_into(value, path, out),)
        } else {
            quote!(Self::#variant(_) => {})
        }
    });
    let tagged = u
        .discriminator
        .as_ref()
        .filter(|_| u.variants.iter().all(|v| !v.tags.is_empty()));
    let (derive_de, unknown, unknown_arm, de_impl) = match tagged {
        None => (
            quote!(, ::serde::Deserialize),
            TokenStream::new(),
            TokenStream::new(),
            TokenStream::new(),
        ),
        Some(tag) => {
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.rust_name);
                let tags = &v.tags;
                let ty = unboxed(&v.ty);
                let wrap = if matches!(v.ty, TypeRef::Boxed(_)) {
                    quote!(|v| Self::#variant(::std::boxed::Box::new(v)))
                } else {
                    quote!(Self::#variant)
                };
                quote! {
                    #( ::std::option::Option::Some(#tags) )|* => <#ty as ::serde::Deserialize>::deserialize(value)
                        .map(#wrap)
                        .map_err(::serde::de::Error::custom),
                }
            });
            (
                TokenStream::new(),
                quote! {
                    /// A value whose discriminator this version of the spec does not list.
                    Unknown(::serde_json::Value),
                },
                quote!(Self::Unknown(_) => {}),
                quote! {
                    impl<'de> ::serde::Deserialize<'de> for #name {
                        fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                            let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                            match crate::runtime::discriminator_of(&value, #tag).as_deref() {
                                #(#arms)*
                                _ => ::std::result::Result::Ok(Self::Unknown(value)),
                            }
                        }
                    }
                },
            )
        }
    };
    // A union of scalars can be a parameter: it writes the value it holds.
    let to_param = u
        .variants
        .iter()
        .all(|v| super::client::simple_param(index, &v.ty))
        .then(|| {
            let unknown_param = tagged.map(|_| {
                quote!(Self::Unknown(value) => crate::runtime::ToParam::to_param_values(value),)
            });
            quote! {
                impl crate::runtime::ToParam for #name {
                    fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                        match self {
                            #( Self::#variants(value) => crate::runtime::ToParam::to_param_values(value), )*
                            #unknown_param
                        }
                    }
                }
            }
        });
    let any_validated = u
        .variants
        .iter()
        .any(|v| super::types::needs_validation(index, &v.ty, 0));
    let validate = if any_validated {
        quote! {
            impl crate::runtime::Validate for #name {
                fn validate_into(&self, path: &mut crate::runtime::Path, out: &mut ::std::vec::Vec<crate::runtime::Violation>) {
                    match self {
                        #(#validate_arms)*
                        #unknown_arm
                    }
                }
            }
        }
    } else {
        // The trait's default checks nothing.
        quote!(impl crate::runtime::Validate for #name {})
    };
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize #derive_de)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #( #vdocs #variants(#types), )*
            #unknown
        }
        #de_impl
        #to_param
        #validate
    }
}

fn unboxed(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Boxed(inner) => rust_type(inner, &TokenStream::new()),
        other => rust_type(other, &TokenStream::new()),
    }
}
