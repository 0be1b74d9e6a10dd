//! Enums (string and integer) that keep unknown values, and unions for `oneOf`/`anyOf`.
//!
//! Every enum has an `Unknown(..)` variant so a value the vendor adds later decodes instead of
//! failing the whole response; `as_str()`, `Display` and `FromStr` round-trip the wire value.

use super::types::{ident, rust_type};
use super::Index;
use crate::ir::{EnumDef, EnumRepr, TypeDef, TypeRef, UnionDef};
use proc_macro2::TokenStream;
use quote::quote;

/// An enum with its conversions, serde implementations and a no-op `Validate`.
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
        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wires, )*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match value {
                    #( #wires => Self::#variants, )*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                })
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                let parsed: ::std::result::Result<Self, ::std::convert::Infallible> = value.parse();
                match parsed {
                    ::std::result::Result::Ok(v) => ::std::result::Result::Ok(v),
                    ::std::result::Result::Err(never) => match never {},
                }
            }
        }
        impl crate::runtime::ToParam for #name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![::std::borrow::ToOwned::to_owned(self.as_str())]
            }
        }
        impl crate::runtime::Validate for #name {
            fn validate_into(&self, _path: &mut crate::runtime::Path, _out: &mut ::std::vec::Vec<crate::runtime::Violation>) {}
        }
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
        impl #name {
            /// The value on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::Unknown(value) => *value,
                }
            }
        }
        impl ::std::convert::From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::Unknown(other),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
        impl crate::runtime::ToParam for #name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![self.as_i64().to_string()]
            }
        }
        impl crate::runtime::Validate for #name {
            fn validate_into(&self, _path: &mut crate::runtime::Path, _out: &mut ::std::vec::Vec<crate::runtime::Violation>) {}
        }
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
    let (path, out) = if any_validated {
        (quote!(path), quote!(out))
    } else {
        (quote!(_path), quote!(_out))
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
        impl crate::runtime::Validate for #name {
            fn validate_into(&self, #path: &mut crate::runtime::Path, #out: &mut ::std::vec::Vec<crate::runtime::Violation>) {
                match self {
                    #(#validate_arms)*
                    #unknown_arm
                }
            }
        }
    }
}

fn unboxed(ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Boxed(inner) => rust_type(inner, &TokenStream::new()),
        other => rust_type(other, &TokenStream::new()),
    }
}
