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

/// `impl Validate for #name` with the given per-field checks; none when there is nothing to
/// check (a type without checks does not implement `Validate`, and nothing validates it: see
/// [`needs_validation`]).
pub fn impl_validate(name: &Ident, checks: Vec<Stmt>) -> Option<Item> {
    if checks.is_empty() {
        return None;
    }
    let self_ty = super::syntax::path_type(syn::Path::from(name.clone()));
    Some(impl_item(
        Some(path(runtime::VALIDATE)),
        self_ty,
        vec![validate_into(checks)],
    ))
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
    if needs_validation(index, &f.ty) {
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

/// The values of an integer type, as the runtime's checks compare them (as `f64`).
fn integer_range(p: Primitive) -> Option<(f64, f64)> {
    // Exact for the 32-bit types; the 64-bit bounds round to the `f64` the checks compare
    // every value of the type as, so the answers below hold for the checks as run.
    match p {
        Primitive::I32 => Some((f64::from(i32::MIN), f64::from(i32::MAX))),
        Primitive::U32 => Some((0.0, f64::from(u32::MAX))),
        Primitive::I64 => Some((i64::MIN as f64, i64::MAX as f64)),
        Primitive::U64 => Some((0.0, u64::MAX as f64)),
        _ => None,
    }
}

/// Whether a `minimum` can reject a value of the type: not when the type's own range starts
/// at or above it (`minimum: 0` on a `u32`, `-2147483648` on an `i32`).
fn can_fail_minimum(range: Option<(f64, f64)>, (min, exclusive): (f64, bool)) -> bool {
    match range {
        // The runtime rejects `v < min`, or `v <= min` when exclusive.
        Some((low, _)) => !(min < low || (!exclusive && min <= low)),
        None => true,
    }
}

/// Whether a `maximum` can reject a value of the type: not when the type's own range ends at
/// or below it.
fn can_fail_maximum(range: Option<(f64, f64)>, (max, exclusive): (f64, bool)) -> bool {
    match range {
        Some((_, high)) => !(max > high || (!exclusive && max >= high)),
        None => true,
    }
}

/// Whether a `multipleOf` can reject a value of the type: not `1` on an integer, nor a divisor
/// the runtime ignores (not finite or not positive).
fn can_fail_multiple_of(range: Option<(f64, f64)>, m: f64) -> bool {
    let ignored = !(m.is_finite() && m > 0.0);
    !(ignored || (range.is_some() && m == 1.0))
}

/// Whether [`constraint_checks`] has anything to check, without building the checks.
pub fn has_checks(index: &Index<'_>, ty_ref: &TypeRef, c: &Constraints) -> bool {
    let scalar = scalar_of(index, ty_ref);
    if scalar == Some(Primitive::Url) {
        return true;
    }
    match checked(scalar, ty_ref) {
        Checked::Text => c.max_length.is_some() || c.min_length.is_some() || c.pattern.is_some(),
        Checked::Number => {
            let range = scalar.and_then(integer_range);
            c.minimum.is_some_and(|min| can_fail_minimum(range, min))
                || c.maximum.is_some_and(|max| can_fail_maximum(range, max))
                || c.multiple_of
                    .is_some_and(|m| can_fail_multiple_of(range, m))
        }
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
            let range = scalar.and_then(integer_range);
            if let Some((min, exclusive)) = c.minimum.filter(|&m| can_fail_minimum(range, m)) {
                out.push(check(
                    "check_minimum",
                    deref(value_expr()),
                    vec![number(min), lit_bool(exclusive)],
                ));
            }
            if let Some((max, exclusive)) = c.maximum.filter(|&m| can_fail_maximum(range, m)) {
                out.push(check(
                    "check_maximum",
                    deref(value_expr()),
                    vec![number(max), lit_bool(exclusive)],
                ));
            }
            if let Some(m) = c.multiple_of.filter(|&m| can_fail_multiple_of(range, m)) {
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

    /// A bound the Rust type already guarantees is not checked; one it does not, is.
    #[test]
    fn bounds_the_type_guarantees_are_not_checked() {
        let doc = crate::load::load_bytes(
            br##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths: {}
components:
  schemas:
    Bounds:
      type: object
      properties:
        i32_full: { type: integer, format: int32, minimum: -2147483648, maximum: 2147483647 }
        i64_full: { type: integer, format: int64, minimum: -9223372036854775808, maximum: 9223372036854775807 }
        u32_zero: { type: integer, format: uint32, minimum: 0 }
        u64_zero: { type: integer, format: uint64, minimum: 0, maximum: 18446744073709551615 }
        any_multiple: { type: integer, multipleOf: 1 }
        i32_exclusive: { type: integer, format: int32, minimum: -2147483648, exclusiveMinimum: true }
        i32_upper: { type: integer, format: int32, maximum: 2147483647, exclusiveMaximum: true }
        i64_zero: { type: integer, format: int64, minimum: 0 }
        u32_one: { type: integer, format: uint32, minimum: 1 }
        u32_small: { type: integer, format: uint32, maximum: 100 }
        even: { type: integer, multipleOf: 2 }
        number_zero: { type: number, minimum: 0, multipleOf: 1 }
"##,
            "test.yaml",
            "test",
            false,
        )
        .expect("the spec loads");
        let api = crate::lower::lower(&doc).expect("the spec lowers").api;
        let index = Index::new(&api);
        let Some(crate::ir::TypeKind::Struct(s)) = api.types.first().map(|d| &d.kind) else {
            panic!("a struct");
        };
        let checked: Vec<(&str, usize)> = s
            .fields
            .iter()
            .map(|f| {
                let n = constraint_checks(&index, &f.ty, &f.constraints, "", "v").len();
                assert_eq!(
                    has_checks(&index, &f.ty, &f.constraints),
                    n > 0,
                    "{}",
                    f.wire_name
                );
                (f.wire_name.as_str(), n)
            })
            .filter(|&(_, n)| n > 0)
            .collect();
        assert_eq!(
            checked,
            [
                ("i32_exclusive", 1),
                ("i32_upper", 1),
                ("i64_zero", 1),
                ("u32_one", 1),
                ("u32_small", 1),
                ("even", 1),
                ("number_zero", 2),
            ]
        );
    }

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
