//! Structs for object schemas: serde attributes that keep required, optional and nullable
//! distinct on the wire (`T`, `Option<T>`, `Nullable<T>`), a way to build a value
//! (`default()`, `new(required..)` or a builder, as [`Construction`] says), chainable setters,
//! and `Validate`.

use super::runtime;
use super::syntax::{
    assign, attr_list, attr_word, call_path, doc, expr_path, generic, impl_fn, impl_into,
    impl_item, lit_str, method, named_field, path_type, stmt, struct_expr, struct_item, tail, try_,
    ty, Receiver, Sig,
};
use super::types::{doc_attrs, ident, rust_type};
use super::validate::{field_checks, self_field};
use super::Index;
use crate::ir::{Field, Primitive, StructDef, TypeDef, TypeRef};
use crate::shape::{setter_name, Construction, Presence};
use quote::quote;
use syn::{Attribute, Expr, Item, Type};

/// The Rust type of a field, with its presence applied.
pub fn field_type(field: &Field) -> Type {
    held_type(Presence::of(field), rust_type(&field.ty, ""))
}

/// `inner` held with `presence`: `T`, `Option<T>` or `Nullable<T>`.
pub fn held_type(presence: Presence, inner: Type) -> Type {
    match presence {
        Presence::Plain => inner,
        Presence::Optional => generic("::std::option::Option", [inner]),
        Presence::Nullable => generic(runtime::NULLABLE, [inner]),
    }
}

/// The `#[serde(..)]` of a field of a struct that derives its serde impls.
fn serde_attrs(field: &Field) -> Option<Attribute> {
    Some(attr_list("serde", serde_args(field)?))
}

fn serde_args(field: &Field) -> Option<proc_macro2::TokenStream> {
    if field.flatten {
        return Some(quote!(flatten));
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
        Presence::Nullable => {
            let is_absent = runtime::member(runtime::NULLABLE, "is_absent");
            parts.push(quote!(default, skip_serializing_if = #is_absent))
        }
    }
    (!parts.is_empty()).then(|| quote!(#(#parts),*))
}

/// The argument type of a value of type `ty_ref` given to `new` or a setter, and the
/// conversion of the argument `name` into the type held: strings take `impl Into<String>`,
/// boxed values their inner type, numbers and booleans themselves (so a literal keeps its
/// type), anything else `impl Into<T>`.
fn argument(ty_ref: &TypeRef, types_path: &str, name: &str) -> (Type, Expr) {
    let value = expr_path(name);
    match ty_ref {
        TypeRef::Primitive(Primitive::String | Primitive::Url) => (
            impl_into(ty("::std::string::String")),
            method(value, "into", []),
        ),
        TypeRef::Primitive(_) => (rust_type(ty_ref, types_path), value),
        TypeRef::Boxed(inner) => (
            rust_type(inner, types_path),
            call_path("::std::boxed::Box::new", [value]),
        ),
        _ => (
            impl_into(rust_type(ty_ref, types_path)),
            method(value, "into", []),
        ),
    }
}

/// The argument type and conversion of a required field in `new`.
fn ctor_arg(field: &Field) -> (Type, Expr) {
    match Presence::of(field) {
        Presence::Plain => argument(&field.ty, "", &field.rust_name),
        _ => (field_type(field), expr_path(&field.rust_name)),
    }
}

/// A value that gets a setter: a struct field or a parameter.
pub struct Settable<'a> {
    /// The Rust field name.
    pub rust_name: &'a str,
    /// Its value type (without presence).
    pub ty: &'a TypeRef,
    /// How it is held.
    pub presence: Presence,
}

impl<'a> Settable<'a> {
    /// The setter of a struct field.
    pub fn field(f: &'a Field) -> Self {
        Self {
            rust_name: &f.rust_name,
            ty: &f.ty,
            presence: Presence::of(f),
        }
    }

    /// The setter of a parameter.
    pub fn param(p: &'a crate::ir::Parameter) -> Self {
        Self {
            rust_name: &p.rust_name,
            ty: &p.ty,
            presence: Presence::of_param(p),
        }
    }
}

/// Chainable setters (Rust API Guidelines C-BUILDER, as aws-sdk-rust writes them): for each
/// value `pub fn name(mut self, value: ..) -> Self` that sets it (an optional value to
/// `Some`, a nullable one to `Nullable::Value`), and for a nullable one also
/// `pub fn name_null(mut self) -> Self` that sets it to `null`. Setter names come from
/// [`setter_name`]; types in another module are reached through `types_path`.
pub fn setters(values: &[Settable<'_>], types_path: &str) -> Vec<syn::ImplItem> {
    let mut taken: Vec<String> = values.iter().map(|v| setter_name(v.rust_name)).collect();
    let mut out = Vec::new();
    let mut emitted: Vec<String> = Vec::new();
    for v in values {
        let name = setter_name(v.rust_name);
        // `with_new` for a field `new` and a field `with_new`: the first keeps the name.
        if emitted.contains(&name) {
            continue;
        }
        emitted.push(name.clone());
        let (arg, value) = argument(v.ty, types_path, "value");
        let wrapped = match v.presence {
            Presence::Plain => value,
            Presence::Optional => call_path("::std::option::Option::Some", [value]),
            Presence::Nullable => call_path(&runtime::member(runtime::NULLABLE, "Value"), [value]),
        };
        let null = null_setter_name(&name);
        let docs = match v.presence {
            Presence::Nullable => format!(
                " Sets `{}` to a value (`{null}()` sends `null`).",
                v.rust_name
            ),
            _ => format!(" Sets `{}`.", v.rust_name),
        };
        out.push(setter(&docs, &name, Some(arg), v.rust_name, wrapped));
        if v.presence == Presence::Nullable && !taken.contains(&null) {
            out.push(setter(
                &format!(" Sets `{}` to `null` (sent as `null`).", v.rust_name),
                &null,
                None,
                v.rust_name,
                expr_path(&runtime::member(runtime::NULLABLE, "Null")),
            ));
            taken.push(null);
        }
    }
    out
}

/// The setter that sets a nullable field to `null`: `note_null`, `type_null` for `type_`.
fn null_setter_name(setter: &str) -> String {
    format!("{}_null", setter.trim_end_matches('_'))
}

/// `pub fn name(mut self[, value: arg]) -> Self { self.field = value; self }`
fn setter(docs: &str, name: &str, arg: Option<Type>, field: &str, value: Expr) -> syn::ImplItem {
    let mut sig = Sig::new(name);
    sig.receiver = Some(Receiver::OwnedMut);
    sig.args = arg.map(|a| (ident("value"), a)).into_iter().collect();
    sig.output = Some(ty("Self"));
    let body = vec![
        stmt(assign(self_field(field), value)),
        tail(expr_path("self")),
    ];
    impl_fn(
        vec![doc(docs, false), attr_word("must_use")],
        true,
        sig,
        body,
    )
}

/// A struct, its constructor and its `Validate` implementation.
pub fn emit_struct(index: &Index<'_>, def: &TypeDef, s: &StructDef, out: &mut Vec<Item>) {
    let name = ident(&def.name);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    // A plain struct's `Serialize` and `Deserialize` are written out (`emit/serialize.rs`,
    // `emit/deserialize.rs`): no serde derive, no field attributes.
    let written_out = super::deserialize::written_out(s);
    let (serde, other) = if written_out {
        (None, None)
    } else {
        let (serde, other) = index.directions.derives(&def.name);
        (Some(serde), other)
    };
    let default = required.is_empty().then(|| quote!(Default));
    let list = [Some(quote!(Debug, Clone, PartialEq)), serde, default];
    let list = list.iter().flatten();
    let derives = quote!(#(#list),*);
    let additional_name = additional_field_name(s);
    let mut fields: Vec<syn::Field> = s
        .fields
        .iter()
        .map(|f| {
            let mut attrs = field_docs(index, f);
            if !written_out {
                attrs.extend(serde_attrs(f));
            }
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
    if written_out {
        // A direction the API does not use is compiled only for the contract tests and mock.
        let both = attr_list("cfg", super::directions::both_directions());
        let mut ser = super::serialize::impl_serialize(&def.name, s);
        if !index.directions.serialized(&def.name) {
            super::features::gate_item(&mut ser, &both);
        }
        let mut de = super::deserialize::impl_deserialize(&def.name, s);
        if !index.directions.deserialized(&def.name) {
            super::features::gate_item(&mut de, &both);
        }
        out.extend([ser, de]);
    }
    let mut values: Vec<Settable<'_>> = s.fields.iter().map(Settable::field).collect();
    let additional_ty = s
        .additional
        .as_ref()
        .map(|t| TypeRef::Map(Box::new(t.clone())));
    if let Some(map) = &additional_ty {
        values.push(Settable {
            rust_name: &additional_name,
            ty: map,
            presence: Presence::Plain,
        });
    }
    let mut methods = Vec::new();
    match Construction::of(required.len()) {
        Construction::Default => {}
        Construction::New => methods.push(constructor(s, &required, &additional_name)),
        Construction::Builder => {
            let builder = builder_name(index, &def.name);
            let mut sig = Sig::new("builder");
            sig.output = Some(ty(&builder));
            methods.push(impl_fn(
                vec![doc(
                    &format!(" Starts a [`{builder}`]: set each required field, then `build()`."),
                    false,
                )],
                true,
                sig,
                vec![tail(call_path(&format!("{builder}::default"), []))],
            ));
            emit_builder(def, s, &builder, &values, &additional_name, out);
        }
    }
    methods.extend(setters(&values, ""));
    out.push(impl_item(
        None,
        path_type(syn::Path::from(name.clone())),
        methods,
    ));
    out.extend(super::validate::impl_validate(
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

/// `new(required..)`: the required fields as arguments, the others empty.
fn constructor(s: &StructDef, required: &[&Field], additional_name: &str) -> syn::ImplItem {
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
                empty(Presence::of(f))
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
    let attrs = vec![doc(
        " Creates a value from its required fields; optional fields start empty (set them with the setters).",
        false,
    )];
    impl_fn(attrs, true, sig, vec![tail(struct_expr("Self", inits))])
}

/// The empty value of an optional field: `None` or `Nullable::Absent`.
fn empty(presence: Presence) -> Expr {
    match presence {
        Presence::Nullable => expr_path(&runtime::member(runtime::NULLABLE, "Absent")),
        _ => expr_path("::std::option::Option::None"),
    }
}

/// The name of the builder of `name`: `NameBuilder`, clear of the API's type names.
fn builder_name(index: &Index<'_>, name: &str) -> String {
    let mut builder = format!("{name}Builder");
    while index.get(&builder).is_some() {
        builder.push_str("Builder");
    }
    builder
}

/// The builder of a struct with more required fields than `new` takes: every field held as
/// optional, the same setters, and `build()`, which names the first required field not set.
fn emit_builder(
    def: &TypeDef,
    s: &StructDef,
    builder: &str,
    values: &[Settable<'_>],
    additional_name: &str,
    out: &mut Vec<Item>,
) {
    let builder_ident = ident(builder);
    // In the builder a required value is optional until `build()`.
    let held: Vec<Settable<'_>> = values
        .iter()
        .map(|v| Settable {
            rust_name: v.rust_name,
            ty: v.ty,
            presence: match v.presence {
                Presence::Plain if v.rust_name != additional_name => Presence::Optional,
                other => other,
            },
        })
        .collect();
    let fields: Vec<syn::Field> = held
        .iter()
        .map(|v| syn::Field {
            vis: syn::Visibility::Inherited,
            ..named_field(
                Vec::new(),
                ident(v.rust_name),
                held_type(v.presence, rust_type(v.ty, "")),
            )
        })
        .collect();
    let docs = vec![
        doc(
            &format!(
                " A builder of [`{}`] (made by `{}::builder()`): a setter per field, then `build()`.",
                def.name, def.name
            ),
            false,
        ),
        doc("", false),
        doc(
            " `build()` fails with the first required field that was not set.",
            false,
        ),
    ];
    out.push(struct_item(
        super::types::derived(docs, quote!(Debug, Clone, Default)),
        builder_ident.clone(),
        fields,
    ));
    let missing = |field: &str| {
        call_path(
            &runtime::member(runtime::MISSING_FIELD, "new"),
            [lit_str(&def.name), lit_str(field)],
        )
    };
    let inits: Vec<(proc_macro2::Ident, Expr)> = s
        .fields
        .iter()
        .map(|f| {
            let place = self_field(&f.rust_name);
            let value = if Presence::of(f) == Presence::Plain {
                try_(method(place, "ok_or", [missing(&f.rust_name)]))
            } else {
                place
            };
            (ident(&f.rust_name), value)
        })
        .chain(
            s.additional
                .is_some()
                .then(|| (ident(additional_name), self_field(additional_name))),
        )
        .collect();
    let mut sig = Sig::new("build");
    sig.receiver = Some(Receiver::Owned);
    sig.output = Some(generic(
        "::std::result::Result",
        [ty(&def.name), ty(runtime::MISSING_FIELD)],
    ));
    let build = impl_fn(
        vec![doc(
            " The value, or the first required field that was not set.",
            false,
        )],
        true,
        sig,
        vec![tail(call_path(
            "::std::result::Result::Ok",
            [struct_expr(&def.name, inits)],
        ))],
    );
    let mut methods = setters(&held, "");
    methods.push(build);
    out.push(impl_item(
        None,
        path_type(syn::Path::from(builder_ident)),
        methods,
    ));
}

/// Rust source that builds a value of `ty_ref` (a struct) from a JSON `example` with the
/// generated API (`Type::new(..)`, `Type::builder()` or `Type::default()`, then setters), for
/// the crate docs; `type_path` is the struct's path without its name (`my_crate::api::types`).
/// `None` when the example cannot be written that way (a property the struct does not
/// have, a nested object, an array): the caller then decodes the JSON instead.
pub fn example_value(
    api: &crate::ir::Api,
    type_path: &str,
    ty_ref: &TypeRef,
    example: &serde_json::Value,
) -> Option<String> {
    example_value_in(api, type_path, ty_ref, example, "\n    ")
}

/// [`example_value`], its setter calls separated by `separator`.
fn example_value_in(
    api: &crate::ir::Api,
    type_path: &str,
    ty_ref: &TypeRef,
    example: &serde_json::Value,
    separator: &str,
) -> Option<String> {
    let TypeRef::Named(name) = ty_ref else {
        return None;
    };
    let def = api.types.iter().find(|d| &d.name == name)?;
    let crate::ir::TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    let object = example.as_object()?;
    // Every property of the example must be a field, so nothing is dropped.
    let mut present: Vec<(&Field, &serde_json::Value)> = Vec::new();
    for (key, value) in object {
        present.push((s.fields.iter().find(|f| &f.wire_name == key)?, value));
    }
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let value_of = |f: &Field| present.iter().find(|(p, _)| p.rust_name == f.rust_name);
    let mut calls: Vec<String> = Vec::new();
    let construction = Construction::of(required.len());
    let start = match construction {
        Construction::Default => format!("{type_path}::{name}::default()"),
        Construction::New => {
            let mut args = Vec::new();
            for f in &required {
                let (_, value) = value_of(f)?;
                // `new` takes a required nullable field as `Option<T>`: not written here.
                if Presence::of(f) != Presence::Plain {
                    return None;
                }
                args.push(example_literal(api, type_path, &f.ty, value, false)?);
            }
            format!("{type_path}::{name}::new({})", args.join(", "))
        }
        Construction::Builder => format!("{type_path}::{name}::builder()"),
    };
    for (f, value) in &present {
        if f.required && construction == Construction::New {
            continue;
        }
        let setter = setter_name(&f.rust_name);
        if value.is_null() {
            match Presence::of(f) {
                Presence::Nullable => calls.push(format!(".{}()", null_setter_name(&setter))),
                // A required nullable field not set is `null`; an optional field that may
                // not be `null` is left out, which is what the example's `null` can mean.
                Presence::Optional => {}
                _ => return None,
            }
            continue;
        }
        calls.push(format!(
            ".{setter}({})",
            example_literal(api, type_path, &f.ty, value, false)?
        ));
    }
    if construction == Construction::Builder {
        if required
            .iter()
            .any(|f| Presence::of(f) == Presence::Plain && value_of(f).is_none())
        {
            return None;
        }
        calls.push(".build()?".to_owned());
    }
    let mut out = start;
    for call in calls {
        out.push_str(separator);
        out.push_str(&call);
    }
    Some(out)
}

/// Rust source for the JSON `value` as a value of `ty_ref`: `exact` where the place takes
/// exactly that type (an item of a `vec![..]`), else as an argument of `new` or a setter,
/// which converts (`"text"` for a `String` or a string enum).
fn example_literal(
    api: &crate::ir::Api,
    type_path: &str,
    ty_ref: &TypeRef,
    value: &serde_json::Value,
    exact: bool,
) -> Option<String> {
    use serde_json::Value;
    let suffix = |s: &str| if exact { s.to_owned() } else { String::new() };
    match (ty_ref, value) {
        (TypeRef::Primitive(Primitive::String | Primitive::Url), Value::String(text)) => {
            Some(if exact {
                format!("{text:?}.to_owned()")
            } else {
                format!("{text:?}")
            })
        }
        (TypeRef::Primitive(Primitive::Bool), Value::Bool(b)) => Some(b.to_string()),
        // Dates, times and UUIDs are parsed from the example's text, as `serde` would.
        (
            TypeRef::Primitive(Primitive::Date | Primitive::DateTime | Primitive::Uuid),
            Value::String(text),
        ) => Some(format!("{text:?}.parse()?")),
        (
            TypeRef::Primitive(
                p @ (Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64),
            ),
            Value::Number(n),
        ) => {
            let n = n.as_i64()?;
            let (fits, name) = match p {
                Primitive::I32 => (i32::try_from(n).is_ok(), "i32"),
                Primitive::U32 => (u32::try_from(n).is_ok(), "u32"),
                Primitive::U64 => (n >= 0, "u64"),
                _ => (true, "i64"),
            };
            fits.then(|| format!("{n}{}", suffix(name)))
        }
        (TypeRef::Primitive(p @ (Primitive::F32 | Primitive::F64)), Value::Number(n)) => {
            let text = n.to_string();
            let text = if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            };
            let name = if *p == Primitive::F32 { "f32" } else { "f64" };
            Some(format!("{text}{}", suffix(name)))
        }
        (TypeRef::Named(name), _) => {
            let def = api.types.iter().find(|d| &d.name == name)?;
            match (&def.kind, value) {
                // A string enum converts from `&str`, an integer enum from `i64`.
                (crate::ir::TypeKind::Enum(e), Value::String(text))
                    if e.repr == crate::ir::EnumRepr::String =>
                {
                    Some(if exact {
                        format!("{type_path}::{name}::from({text:?})")
                    } else {
                        format!("{text:?}")
                    })
                }
                (crate::ir::TypeKind::Enum(e), Value::Number(n))
                    if e.repr == crate::ir::EnumRepr::Integer =>
                {
                    let n = n.as_i64()?;
                    Some(if exact {
                        format!("{type_path}::{name}::from({n}i64)")
                    } else {
                        format!("{n}i64")
                    })
                }
                (crate::ir::TypeKind::Struct(_), Value::Object(_)) => {
                    example_value_in(api, type_path, ty_ref, value, "")
                }
                _ => None,
            }
        }
        (TypeRef::Array(item), Value::Array(items)) => {
            let items = items
                .iter()
                .map(|v| example_literal(api, type_path, item, v, true))
                .collect::<Option<Vec<_>>>()?;
            Some(format!("vec![{}]", items.join(", ")))
        }
        (TypeRef::Nullable(_), Value::Null) => Some("None".to_owned()),
        (TypeRef::Nullable(inner), _) => Some(format!(
            "Some({})",
            example_literal(api, type_path, inner, value, true)?
        )),
        (TypeRef::Boxed(inner), _) => {
            let inner = example_literal(api, type_path, inner, value, true)?;
            Some(if exact {
                format!("Box::new({inner})")
            } else {
                inner
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn api() -> crate::ir::Api {
        let yaml = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Status: { type: string, enum: [open, closed] }
    Small:
      type: object
      required: [name]
      properties:
        name: { type: string }
        score: { type: number }
        note: { type: string, nullable: true }
        status: { $ref: '#/components/schemas/Status' }
        tags: { type: array, items: { type: string } }
        type: { type: string, nullable: true }
        items: { type: array, items: { $ref: '#/components/schemas/Small' } }
    Wide:
      type: object
      required: [a, b, c, d, e, f, g, h]
      properties:
        a: { type: string }
        b: { type: string }
        c: { type: string }
        d: { type: string }
        e: { type: string }
        f: { type: string }
        g: { type: string }
        h: { type: integer }
        new: { type: string }
"##;
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_owned())
    }

    #[test]
    fn examples_are_written_with_constructors_and_setters() {
        let api = api();
        let small = json!({"name": "x", "score": 2, "note": null, "status": "open"});
        assert_eq!(
            example_value(&api, "k::t", &named("Small"), &small).as_deref(),
            Some(
                "k::t::Small::new(\"x\")\n    .score(2.0)\n    .note_null()\n    .status(\"open\")"
            )
        );
        // Arrays hold exactly typed items; a nested struct is built inline.
        let nested =
            json!({"name": "x", "tags": ["a", "b"], "items": [{"name": "y", "status": "closed"}]});
        assert_eq!(
            example_value(&api, "k::t", &named("Small"), &nested).as_deref(),
            Some("k::t::Small::new(\"x\")\n    .tags(vec![\"a\".to_owned(), \"b\".to_owned()])\n    .items(vec![k::t::Small::new(\"y\").status(\"closed\")])")
        );
        let wide = json!({"a": "1", "b": "2", "c": "3", "d": "4", "e": "5", "f": "6", "g": "7", "h": 8, "new": "n"});
        let text = example_value(&api, "k::t", &named("Wide"), &wide).expect("a builder");
        assert!(
            text.starts_with("k::t::Wide::builder()\n    .a(\"1\")"),
            "{text}"
        );
        assert!(
            text.contains(".h(8)") && text.contains(".with_new(\"n\")"),
            "{text}"
        );
        assert!(text.ends_with(".build()?"), "{text}");
    }

    #[test]
    fn structs_get_setters_and_wide_ones_a_builder() {
        let text = crate::format::print_items(Vec::new(), super::super::emit_api(&api()));
        let nullable = runtime::NULLABLE;
        let missing = runtime::MISSING_FIELD;
        for expected in [
            // One setter per field; an optional one takes the value, a nullable one also has
            // `_null`; a field named like the constructor gets `with_`.
            "pub fn score(mut self, value: f64) -> Self {".to_owned(),
            "self.score = Some(value);".to_owned(),
            format!("self.note = {nullable}::Value(value.into());"),
            "pub fn note_null(mut self) -> Self {".to_owned(),
            "pub fn type_null(mut self) -> Self {".to_owned(),
            "pub fn with_new(".to_owned(),
            // Seven required fields or fewer: `new`; more: a builder whose `build` can fail.
            "pub fn new(name: impl Into<String>) -> Self {".to_owned(),
            "pub fn builder() -> WideBuilder {".to_owned(),
            format!("pub fn build(self) -> Result<Wide, {missing}> {{"),
            format!("{missing}::new(\"Wide\", \"h\")"),
        ] {
            assert!(text.contains(&expected), "missing {expected:?} in\n{text}");
        }
        // No field, argument or setter is `Option<Option<T>>` (a written-out `Deserialize`
        // holds an optional field's value in such a slot while it decodes).
        let mut public = text.lines().filter(|l| !l.contains("let mut slot_"));
        assert!(!public.any(|l| l.contains("Option<Option")), "{text}");
        assert!(!text.contains("too_many_arguments"), "{text}");
    }

    #[test]
    fn examples_the_typed_api_cannot_write_fall_back() {
        let api = api();
        let cases = [
            json!({"name": "x", "nmae": "misspelled"}),
            json!({"name": "x", "tags": [1]}),
            json!({"score": 1}),
            json!({"name": 3}),
        ];
        for example in cases {
            assert_eq!(
                example_value(&api, "k", &named("Small"), &example),
                None,
                "{example}"
            );
        }
        // A builder without every required field would fail at `build()`.
        assert_eq!(
            example_value(&api, "k", &named("Wide"), &json!({"a": "1"})),
            None
        );
    }
}
