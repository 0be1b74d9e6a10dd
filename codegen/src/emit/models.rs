//! Structs for object schemas: serde attributes that keep required, optional and nullable
//! distinct on the wire, a constructor that takes the required fields, and `Validate`.

use super::types::{doc_attrs, ident, rust_type};
use super::validate::field_checks;
use super::Index;
use crate::ir::{Field, StructDef, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// How a field is held in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: `T`.
    Plain,
    /// Required and nullable, or optional and not nullable: `Option<T>`.
    Optional,
    /// Optional and nullable: `Option<Option<T>>` (absent, null, value).
    DoubleOptional,
}

impl Presence {
    /// The presence of a field.
    pub fn of(field: &Field) -> Self {
        match (field.required, field.nullable) {
            (true, false) => Self::Plain,
            (false, true) => Self::DoubleOptional,
            _ => Self::Optional,
        }
    }
}

/// The Rust type of a field, with its presence applied.
pub fn field_type(field: &Field) -> TokenStream {
    let inner = rust_type(&field.ty, &TokenStream::new());
    match Presence::of(field) {
        Presence::Plain => inner,
        Presence::Optional => quote!(::std::option::Option<#inner>),
        Presence::DoubleOptional => quote!(::std::option::Option<::std::option::Option<#inner>>),
    }
}

fn serde_attrs(field: &Field) -> TokenStream {
    if field.flatten {
        return quote!(#[serde(flatten)]);
    }
    let mut parts = Vec::new();
    if field.rust_name != field.wire_name {
        let wire = &field.wire_name;
        parts.push(quote!(rename = #wire));
    }
    match Presence::of(field) {
        Presence::Plain => {}
        Presence::Optional if field.required => {}
        Presence::Optional => {
            parts.push(quote!(
                default,
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        }
        Presence::DoubleOptional => parts.push(quote!(
            default,
            deserialize_with = "crate::runtime::double_option",
            skip_serializing_if = "::std::option::Option::is_none"
        )),
    }
    if parts.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[serde(#(#parts),*)])
    }
}

/// The argument type and conversion of a required field in `new`.
fn ctor_arg(field: &Field) -> (TokenStream, TokenStream) {
    let name = ident(&field.rust_name);
    match (&field.ty, Presence::of(field)) {
        (
            TypeRef::Primitive(crate::ir::Primitive::String | crate::ir::Primitive::Url),
            Presence::Plain,
        ) => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#name.into()),
        ),
        (TypeRef::Boxed(inner), Presence::Plain) => {
            let inner = rust_type(inner, &TokenStream::new());
            (quote!(#inner), quote!(::std::boxed::Box::new(#name)))
        }
        _ => (field_type(field), quote!(#name)),
    }
}

/// A struct, its constructor and its `Validate` implementation.
pub fn emit_struct(index: &Index<'_>, def: &TypeDef, s: &StructDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = super::types::type_docs(def);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let derive_default = if required.is_empty() {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let additional_name = additional_field_name(s);
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(f);
        let attrs = serde_attrs(f);
        let docs = field_docs(index, f);
        quote! {
            #docs
            #attrs
            pub #fname: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|ty| {
        let ty = rust_type(ty, &TokenStream::new());
        let fname = ident(&additional_name);
        quote! {
            /// Properties not listed in the schema.
            #[serde(flatten)]
            pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let ctor = (!required.is_empty()).then(|| constructor(&name, s, &required, &additional_name));
    let validate = super::validate::impl_validate(
        &name,
        s.fields
            .iter()
            .map(|f| {
                let value = ident(&f.rust_name);
                field_checks(index, f, quote!(self.#value))
            })
            .collect(),
    );
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #ctor
        #validate
    }
}

/// A field's documentation: its own, else that of the type it refers to, else its wire name.
fn field_docs(index: &Index<'_>, field: &Field) -> TokenStream {
    if super::types::has_text(&field.docs) {
        return doc_attrs(&field.docs);
    }
    let deprecated = field.docs.deprecated.then(|| quote!(#[deprecated]));
    let mut inner = &field.ty;
    while let TypeRef::Boxed(t) | TypeRef::Nullable(t) = inner {
        inner = t;
    }
    if let TypeRef::Named(name) = inner {
        if let Some(def) = index.get(name).filter(|d| super::types::has_text(&d.docs)) {
            let docs = doc_attrs(&crate::ir::Docs {
                deprecated: false,
                ..def.docs.clone()
            });
            return quote!(#docs #deprecated);
        }
    }
    let line = format!(" The `{}` property.", field.wire_name);
    quote!(#[doc = #line] #deprecated)
}

/// The name of the flattened map of additional properties, clear of field names.
fn additional_field_name(s: &StructDef) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

fn constructor(
    name: &proc_macro2::Ident,
    s: &StructDef,
    required: &[&Field],
    additional_name: &str,
) -> TokenStream {
    let args = required.iter().map(|f| {
        let field = ident(&f.rust_name);
        let (ty, _) = ctor_arg(f);
        quote!(#field: #ty)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.rust_name);
        if f.required {
            let (_, conv) = ctor_arg(f);
            if field == conv.to_string() {
                quote!(#field)
            } else {
                quote!(#field: #conv)
            }
        } else {
            quote!(#field: ::std::option::Option::None)
        }
    });
    let additional = s.additional.as_ref().map(|_| {
        let field = ident(additional_name);
        quote!(#field: ::std::collections::BTreeMap::new(),)
    });
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            /// Creates a value from its required fields; optional fields start empty.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    #additional
                }
            }
        }
    }
}
