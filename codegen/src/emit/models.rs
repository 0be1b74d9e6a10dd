//! Structs for object schemas: serde attributes that keep required, optional and nullable
//! distinct on the wire, a constructor that takes the required fields, and `Validate`.

use super::syntax::{
    attr_list, attr_word, call_path, doc, expr_path, generic, impl_fn, impl_into, impl_item,
    method, named_field, path_type, struct_expr, struct_item, tail, ty, Sig,
};
use super::types::{doc_attrs, ident, rust_type};
use super::validate::{field_checks, self_field};
use super::Index;
use crate::ir::{Field, StructDef, TypeDef, TypeRef};
use quote::quote;
use syn::{Attribute, Expr, Item, Type};

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
pub fn field_type(field: &Field) -> Type {
    let inner = rust_type(&field.ty, "");
    match Presence::of(field) {
        Presence::Plain => inner,
        Presence::Optional => generic("::std::option::Option", [inner]),
        Presence::DoubleOptional => generic(
            "::std::option::Option",
            [generic("::std::option::Option", [inner])],
        ),
    }
}

fn serde_attrs(field: &Field) -> Option<Attribute> {
    if field.flatten {
        return Some(attr_list("serde", quote!(flatten)));
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
    (!parts.is_empty()).then(|| attr_list("serde", quote!(#(#parts),*)))
}

/// The argument type and conversion of a required field in `new`.
fn ctor_arg(field: &Field) -> (Type, Expr) {
    let name = expr_path(&field.rust_name);
    match (&field.ty, Presence::of(field)) {
        (
            TypeRef::Primitive(crate::ir::Primitive::String | crate::ir::Primitive::Url),
            Presence::Plain,
        ) => (
            impl_into(ty("::std::string::String")),
            method(name, "into", []),
        ),
        (TypeRef::Boxed(inner), Presence::Plain) => (
            rust_type(inner, ""),
            call_path("::std::boxed::Box::new", [name]),
        ),
        _ => (field_type(field), name),
    }
}

/// A struct, its constructor and its `Validate` implementation.
pub fn emit_struct(index: &Index<'_>, def: &TypeDef, s: &StructDef, out: &mut Vec<Item>) {
    let name = ident(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let (serde, other) = index.directions.derives(&def.name);
    let derives = if required.is_empty() {
        quote!(Debug, Clone, PartialEq, #serde, Default)
    } else {
        quote!(Debug, Clone, PartialEq, #serde)
    };
    let additional_name = additional_field_name(s);
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .map(|f| {
            let mut attrs = field_docs(index, f);
            attrs.extend(serde_attrs(f));
            named_field(attrs, ident(&f.rust_name), field_type(f))
        })
        .collect();
    if let Some(ty_ref) = &s.additional {
        fields.push(named_field(
            vec![
                doc(" Properties not listed in the schema.", false),
                attr_list("serde", quote!(flatten)),
            ],
            ident(&additional_name),
            generic(
                "::std::collections::BTreeMap",
                [ty("::std::string::String"), rust_type(ty_ref, "")],
            ),
        ));
    }
    let mut attrs = super::types::derived(super::types::type_docs(def), derives);
    attrs.extend(other);
    out.push(struct_item(attrs, name.clone(), fields));
    if !required.is_empty() {
        out.push(constructor(&name, s, &required, &additional_name));
    }
    out.push(super::validate::impl_validate(
        &name,
        s.fields
            .iter()
            .filter_map(|f| field_checks(index, f, self_field(&f.rust_name)))
            .collect(),
    ));
}

/// A field's documentation: its own, else that of the type it refers to, else its wire name.
fn field_docs(index: &Index<'_>, field: &Field) -> Vec<Attribute> {
    if super::types::has_text(&field.docs) {
        return doc_attrs(&field.docs);
    }
    let deprecated = field.docs.deprecated.then(|| attr_word("deprecated"));
    let mut inner = &field.ty;
    while let TypeRef::Boxed(t) | TypeRef::Nullable(t) = inner {
        inner = t;
    }
    if let TypeRef::Named(name) = inner {
        if let Some(def) = index.get(name).filter(|d| super::types::has_text(&d.docs)) {
            let mut docs = doc_attrs(&crate::ir::Docs {
                deprecated: false,
                ..def.docs.clone()
            });
            docs.extend(deprecated);
            return docs;
        }
    }
    let mut docs = vec![doc(&format!(" The `{}` property.", field.wire_name), false)];
    docs.extend(deprecated);
    docs
}

/// The name of the flattened map of additional properties, clear of field names.
fn additional_field_name(s: &StructDef) -> String {
    let mut name = "additional_properties".to_owned();
    while s.fields.iter().any(|f| f.rust_name == name) {
        name.push('_');
    }
    name
}

/// `#[allow(clippy::too_many_arguments)]` for a constructor of more than seven arguments.
pub fn many_arguments(count: usize) -> Option<Attribute> {
    (count > 7).then(|| attr_list("allow", quote!(clippy::too_many_arguments)))
}

fn constructor(
    name: &proc_macro2::Ident,
    s: &StructDef,
    required: &[&Field],
    additional_name: &str,
) -> Item {
    let mut sig = Sig::new("new");
    sig.args = required
        .iter()
        .map(|f| (ident(&f.rust_name), ctor_arg(f).0))
        .collect();
    sig.output = Some(ty("Self"));
    let mut inits: Vec<(proc_macro2::Ident, Expr)> = s
        .fields
        .iter()
        .map(|f| {
            let value = if f.required {
                ctor_arg(f).1
            } else {
                expr_path("::std::option::Option::None")
            };
            (ident(&f.rust_name), value)
        })
        .collect();
    if s.additional.is_some() {
        inits.push((
            ident(additional_name),
            call_path("::std::collections::BTreeMap::new", []),
        ));
    }
    let mut attrs = vec![doc(
        " Creates a value from its required fields; optional fields start empty.",
        false,
    )];
    attrs.extend(many_arguments(required.len()));
    let new = impl_fn(attrs, true, sig, vec![tail(struct_expr("Self", inits))]);
    impl_item(None, path_type(syn::Path::from(name.clone())), vec![new])
}
