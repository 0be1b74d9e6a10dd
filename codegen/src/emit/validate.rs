//! `Validate` implementations: constraint checks from the schema, run before a request is
//! sent. Each check calls a helper in the generated crate's runtime, which names the field
//! path and the broken constraint.

use super::runtime;
use super::syntax::{
    block_expr, call_path, deref, expr_path, field, generic, if_let, impl_fn, impl_item, let_,
    lit_bool, lit_of, lit_str, method, pat_ident, pat_some, path, stmt, tail, ty, Receiver, Sig,
};
use super::types::{needs_validation, scalar_of};
use super::Index;
use crate::ir::{Constraints, Field, Primitive, TypeRef};
use crate::shape::Presence;
use proc_macro2::{Ident, Literal};
use syn::{Expr, Item, Stmt};

/// `impl Validate for #name` with the given per-field checks.
pub fn impl_validate(name: &Ident, checks: Vec<Stmt>) -> Item {
    let self_ty = super::syntax::path_type(syn::Path::from(name.clone()));
    let trait_ = Some(path(runtime::VALIDATE));
    if checks.is_empty() {
        // The trait's default checks nothing.
        return impl_item(trait_, self_ty, Vec::new());
    }
    impl_item(trait_, self_ty, vec![validate_into(checks)])
}

/// `fn validate_into(&self, path, out) { body }`, the one method of `Validate`.
pub fn validate_into(body: Vec<Stmt>) -> syn::ImplItem {
    let mut sig = Sig::new("validate_into");
    sig.receiver = Some(Receiver::Borrowed);
    sig.args = vec![
        (
            super::syntax::ident("path"),
            super::syntax::ref_mut_type(ty(runtime::PATH)),
        ),
        (
            super::syntax::ident("out"),
            super::syntax::ref_mut_type(generic("::std::vec::Vec", [ty(runtime::VIOLATION)])),
        ),
    ];
    impl_fn(Vec::new(), false, sig, body)
}

/// `Validate::validate_into(value, path, out)`, through the runtime's path
pub fn validate_call(value: &str) -> Expr {
    call_path(
        &runtime::member(runtime::VALIDATE, "validate_into"),
        [expr_path(value), expr_path("path"), expr_path("out")],
    )
}

/// [`validate_call`] as a statement.
pub fn validate_value(value: &str) -> Stmt {
    stmt(validate_call(value))
}

/// Checks for one struct field reached through `access` (a place expression), if any.
pub fn field_checks(index: &Index<'_>, f: &Field, access: Expr) -> Option<Stmt> {
    let wire = &f.wire_name;
    let mut body = constraint_checks(index, &f.ty, &f.constraints, wire, "value");
    if needs_validation(index, &f.ty, 0) {
        if f.flatten {
            // Its properties are the object's own: no path segment of its own.
            body.push(validate_value("value"));
        } else {
            body.push(stmt(method(
                expr_path("path"),
                "push_field",
                [lit_str(wire)],
            )));
            body.push(validate_value("value"));
            body.push(stmt(method(expr_path("path"), "pop", [])));
        }
    }
    if body.is_empty() {
        return None;
    }
    let place = super::syntax::reference(access);
    Some(tail(match Presence::of(f) {
        Presence::Plain => {
            body.insert(0, let_("value", false, place));
            block_expr(body)
        }
        Presence::Optional => if_let(pat_some(pat_ident("value")), place, body),
        Presence::Nullable => if_let(value_pattern(), place, body),
    }))
}

/// `crate::runtime::Nullable::Value(value)`: the pattern of a nullable field that holds a
/// value.
pub fn value_pattern() -> syn::Pat {
    super::syntax::pat_tuple_struct(
        &super::runtime::member(super::runtime::NULLABLE, "Value"),
        [pat_ident("value")],
    )
}

/// `self.name`.
pub fn self_field(name: &str) -> Expr {
    field(expr_path("self"), name)
}

/// What kind of value a constraint applies to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// A string (lengths, pattern).
    Text,
    /// A number (bounds, multiple).
    Number,
    /// An array (item counts, uniqueness).
    List,
    /// Anything else: no constraint applies.
    Other,
}

fn checked(scalar: Option<Primitive>, ty_ref: &TypeRef) -> Checked {
    match scalar {
        Some(Primitive::String | Primitive::Url) => Checked::Text,
        Some(
            Primitive::I32
            | Primitive::I64
            | Primitive::U32
            | Primitive::U64
            | Primitive::F32
            | Primitive::F64,
        ) => Checked::Number,
        _ if matches!(ty_ref, TypeRef::Array(_)) => Checked::List,
        _ => Checked::Other,
    }
}

/// Whether [`constraint_checks`] has anything to check, without building the checks.
pub fn has_checks(index: &Index<'_>, ty_ref: &TypeRef, c: &Constraints) -> bool {
    let scalar = scalar_of(index, ty_ref);
    if scalar == Some(Primitive::Url) {
        return true;
    }
    match checked(scalar, ty_ref) {
        Checked::Text => c.max_length.is_some() || c.min_length.is_some() || c.pattern.is_some(),
        Checked::Number => c.minimum.is_some() || c.maximum.is_some() || c.multiple_of.is_some(),
        Checked::List => c.min_items.is_some() || c.max_items.is_some() || c.unique_items,
        Checked::Other => false,
    }
}

/// Checks of `constraints` on the variable `value` (of type `&T` for the field's type).
pub fn constraint_checks(
    index: &Index<'_>,
    ty_ref: &TypeRef,
    c: &Constraints,
    wire: &str,
    value: &str,
) -> Vec<Stmt> {
    let scalar = scalar_of(index, ty_ref);
    let mut out = Vec::new();
    let check = |name: &str, value: Expr, rest: Vec<Expr>| {
        let mut args = vec![expr_path("path"), lit_str(wire), value];
        args.extend(rest);
        args.push(expr_path("out"));
        stmt(call_path(&runtime::check(name), args))
    };
    let value_expr = || expr_path(value);
    if scalar == Some(Primitive::Url) {
        out.push(check("check_uri", value_expr(), Vec::new()));
    }
    if c.is_empty() {
        return out;
    }
    let count = |n: u64| lit_of(Literal::u64_suffixed(n));
    let number = |n: f64| lit_of(Literal::f64_suffixed(n));
    match checked(scalar, ty_ref) {
        Checked::Text => {
            if let Some(n) = c.max_length {
                out.push(check("check_max_length", value_expr(), vec![count(n)]));
            }
            if let Some(n) = c.min_length {
                out.push(check("check_min_length", value_expr(), vec![count(n)]));
            }
            if let Some(p) = &c.pattern {
                out.push(check("check_pattern", value_expr(), vec![lit_str(p)]));
            }
        }
        Checked::Number => {
            if let Some((min, exclusive)) = c.minimum {
                out.push(check(
                    "check_minimum",
                    deref(value_expr()),
                    vec![number(min), lit_bool(exclusive)],
                ));
            }
            if let Some((max, exclusive)) = c.maximum {
                out.push(check(
                    "check_maximum",
                    deref(value_expr()),
                    vec![number(max), lit_bool(exclusive)],
                ));
            }
            if let Some(m) = c.multiple_of {
                out.push(check(
                    "check_multiple_of",
                    deref(value_expr()),
                    vec![number(m)],
                ));
            }
        }
        Checked::List => {
            let len = || method(value_expr(), "len", []);
            if let Some(n) = c.min_items {
                out.push(check("check_min_items", len(), vec![count(n)]));
            }
            if let Some(n) = c.max_items {
                out.push(check("check_max_items", len(), vec![count(n)]));
            }
            if c.unique_items {
                out.push(check("check_unique_items", value_expr(), Vec::new()));
            }
        }
        Checked::Other => {}
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// `has_checks` answers as building the checks would, on every field and parameter of the
    /// project's specs (which between them use every constraint).
    #[test]
    fn has_checks_agrees_with_the_checks() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut seen = 0;
        for dir in ["specs", "tests/fixtures/showcase"] {
            let files = crate::generate::spec_files(&root.join(dir), dir).expect("specs");
            for (path, display) in files {
                let (_, lowered) = crate::generate::lower_file(&path, &display).expect("lowers");
                let api = &lowered.api;
                let index = Index::new(api);
                let mut positions: Vec<(&TypeRef, &Constraints)> = api
                    .operations
                    .iter()
                    .flat_map(|op| op.params.iter().map(|p| (&p.ty, &p.constraints)))
                    .collect();
                for def in &api.types {
                    if let crate::ir::TypeKind::Struct(s) = &def.kind {
                        positions.extend(s.fields.iter().map(|f| (&f.ty, &f.constraints)));
                    }
                }
                for (ty_ref, c) in positions {
                    let built = !constraint_checks(&index, ty_ref, c, "", "v").is_empty();
                    assert_eq!(has_checks(&index, ty_ref, c), built, "{display}: {c:?}");
                    seen += usize::from(built);
                }
            }
        }
        assert!(seen > 10, "the specs have constrained positions ({seen})");
    }
}
