//! Per-operation response types: the error enum (one variant per documented error status,
//! plus `Undocumented`), the success enum when several success statuses have different
//! bodies, and the status dispatch that picks a variant by HTTP status, never by body shape.
//!
//! An error enum is shaped like aws-sdk-rust's operation errors
//! (<https://docs.aws.amazon.com/sdk-for-rust/latest/dg/error-handling.html>): one runtime `error_enum!`
//! call gives it `is_<variant>()`, `message()`, `Display` and `std::error::Error`. A JSON
//! error body is held as `ErrorBody<T>`: typed when it decodes, else the raw body and the
//! decode problem, so matching a documented status never depends on the body's shape.

use super::runtime;
use super::syntax::macro_item;
use super::syntax::{
    arm, call, closure, doc, enum_item, expr_of_path, expr_path, field, generic, lit_of,
    match_expr, method, pat_lit, pat_range, pat_wild, path, ty, unit_type, variant,
};
use super::types::{doc_lines, ident, rust_type};
use crate::ir::{BodyEncoding, Operation, Response, StatusMatch, TypeRef};
use crate::naming;
use quote::quote;
use syn::{Attribute, Expr, Item, Pat, Type};

/// The success body type of an operation, as seen from the API module.
pub fn success_type(op: &Operation) -> Type {
    let bodies = success_bodies(op);
    match bodies.as_slice() {
        [] => unit_type(),
        [only] => body_type(only, "types"),
        _ => ty(&format!("responses::{}Success", op.type_stem)),
    }
}

/// The distinct success bodies, in status order; `None` for a response without a body.
fn success_bodies(op: &Operation) -> Vec<Option<(TypeRef, BodyEncoding)>> {
    let mut out: Vec<Option<(TypeRef, BodyEncoding)>> = Vec::new();
    for r in op.responses.iter().filter(|r| r.success) {
        let body = r.body.as_ref().map(|b| (b.ty.clone(), b.encoding.clone()));
        if !out.contains(&body) {
            out.push(body);
        }
    }
    out
}

fn body_type(body: &Option<(TypeRef, BodyEncoding)>, types_path: &str) -> Type {
    match body {
        None => unit_type(),
        Some((ty_ref, BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart)) => {
            rust_type(ty_ref, types_path)
        }
        Some((_, BodyEncoding::Text)) => ty("::std::string::String"),
        Some((_, BodyEncoding::Bytes)) => generic("::std::vec::Vec", [ty("u8")]),
    }
}

fn status_doc(r: &Response) -> Vec<Attribute> {
    let status = match r.status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "Any other status".to_owned(),
    };
    // The whole description: its first line alone often stops in the middle of a sentence.
    let description = r.description.as_deref().unwrap_or("").trim();
    let mut description_lines = description.lines();
    let mut lines = vec![format!(
        "{status}: {}",
        description_lines.next().unwrap_or("")
    )];
    lines.extend(description_lines.map(str::to_owned));
    if !r.headers.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Documented headers: {}.",
            r.headers
                .iter()
                .map(|h| format!("`{}`", h.wire_name))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    doc_lines(&lines)
}

/// `#[doc = text] #[derive(Debug, Clone)] #[non_exhaustive]`: the attributes of the response
/// enums.
fn response_enum_attrs(text: String) -> Vec<Attribute> {
    super::types::derived(vec![doc(&text, false)], quote!(Debug, Clone))
}

/// The type an error variant holds: a JSON or form body as `ErrorBody<T>` (typed, or raw
/// when it is not the documented shape), text as `String`, bytes as `Vec<u8>`.
fn error_body_type(b: &crate::ir::ResponseBody) -> Type {
    match b.encoding {
        BodyEncoding::Json | BodyEncoding::Form => {
            generic(runtime::ERROR_BODY, [rust_type(&b.ty, "super::types")])
        }
        _ => body_type(&Some((b.ty.clone(), b.encoding.clone())), "super::types"),
    }
}

/// The `is_<variant>` test of an error variant.
fn is_name(variant: &str) -> String {
    let snake = naming::snake(variant);
    format!("is_{}", snake.trim_start_matches("r#"))
}

/// Which operations share an error enum. Operations whose error responses are the same
/// (statuses, variant names, descriptions, documented headers, body types and media types) and
/// that are compiled under the same features use one enum: the first such operation's, in
/// document order. The others name it through a type alias, so every operation keeps its
/// `<Op>Error` name. An API commonly has a handful of distinct error sets for hundreds of
/// operations (a shared `default` or `4XX` response), and each enum costs rustc its
/// `error_enum!` impls, `Debug` and `Clone`.
#[derive(Debug)]
pub struct SharedErrors {
    /// By operation index: the index of the operation whose enum it uses (itself for an owner).
    owner: Vec<usize>,
}

impl SharedErrors {
    /// The sharing of `api`'s error enums; `gate(i)` is operation `i`'s feature gate.
    pub fn new(api: &crate::ir::Api, gate: impl Fn(usize) -> Option<Attribute>) -> Self {
        let mut first: std::collections::HashMap<String, usize> = Default::default();
        let owner = api
            .operations
            .iter()
            .enumerate()
            .map(|(i, op)| {
                let gate = gate(i).map(|a| quote!(#a).to_string());
                let errors: Vec<_> = op
                    .responses
                    .iter()
                    .filter(|r| !r.success)
                    .map(|r| {
                        (
                            r.status,
                            &r.variant,
                            &r.description,
                            r.headers.iter().map(|h| &h.wire_name).collect::<Vec<_>>(),
                            r.body.as_ref().map(|b| (&b.media_type, &b.encoding, &b.ty)),
                        )
                    })
                    .collect();
                *first.entry(format!("{gate:?} {errors:?}")).or_insert(i)
            })
            .collect();
        Self { owner }
    }

    /// The operation whose enum operation `i` names, when that is another one.
    pub fn shared_with(&self, i: usize) -> Option<usize> {
        self.owner.get(i).copied().filter(|o| *o != i)
    }
}

/// The error enum's name of an operation.
fn error_name(op: &Operation) -> String {
    format!("{}Error", op.type_stem)
}

/// The first doc line of an operation's error enum or alias.
fn error_heading(op: &Operation) -> String {
    format!(
        "Error statuses of `{}` (`{} {}`).",
        op.fn_name, op.method, op.path
    )
}

/// The error enum of an operation (in the `errors` module), and the runtime `error_enum!`
/// call that gives it `is_*` tests, `message()`, `Display` and `std::error::Error`; or, for an
/// operation that shares another's enum ([`SharedErrors`]), the alias that names it.
pub fn error_items(op: &Operation, shared_with: Option<&Operation>) -> Vec<Item> {
    let Some(owner) = shared_with else {
        return error_enum(op).into();
    };
    // Written as doc attributes directly: `doc_lines` escapes the link's brackets.
    let mut attrs = doc_lines(&[error_heading(op)]);
    attrs.push(doc("", false));
    attrs.push(doc(
        &format!(
            " The same error responses as `{}`, so the same type: [`{}`].",
            owner.fn_name,
            error_name(owner)
        ),
        false,
    ));
    vec![super::syntax::type_item(
        attrs,
        ident(&error_name(op)),
        ty(&error_name(owner)),
    )]
}

/// The error enum of an operation and its `error_enum!` call.
fn error_enum(op: &Operation) -> [Item; 2] {
    let name = error_name(op);
    let attrs = super::types::derived(
        doc_lines(&[
            error_heading(op),
            String::new(),
            "The variant is chosen by status alone: a JSON body that is not the documented"
                .to_owned(),
            "shape still gives its status's variant, holding `ErrorBody::Raw` (the body text"
                .to_owned(),
            "and the decode problem). `Display` shows the server's message.".to_owned(),
        ]),
        quote!(Debug, Clone),
    );
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.success).collect();
    let mut variants: Vec<syn::Variant> = errors
        .iter()
        .map(|r| {
            variant(
                status_doc(r),
                ident(&r.variant),
                r.body.as_ref().map(error_body_type),
            )
        })
        .collect();
    variants.push(variant(
        vec![doc(
            " A status the spec does not document, with its raw body.",
            false,
        )],
        ident("Undocumented"),
        Some(ty(runtime::RAW_BODY)),
    ));
    let arms = errors
        .iter()
        .map(|r| (r.variant.as_str(), r.body.is_some()))
        .chain([("Undocumented", true)])
        .map(|(v, has_body)| {
            let variant = ident(v);
            let is = ident(&is_name(v));
            if has_body {
                quote!(#variant(body) => #is)
            } else {
                quote!(#variant => #is)
            }
        });
    let name_ident = ident(&name);
    [
        enum_item(attrs, ident(&name), variants),
        macro_item(runtime::ERROR_ENUM, quote!(#name_ident { #(#arms,)* })),
    ]
}

/// The success enum of an operation, when its success statuses have different bodies.
pub fn success_enum(op: &Operation) -> Option<Item> {
    if success_bodies(op).len() < 2 {
        return None;
    }
    let text = format!(
        " Success statuses of `{}` (`{} {}`).",
        op.fn_name, op.method, op.path
    );
    let variants = op
        .responses
        .iter()
        .filter(|r| r.success)
        .map(|r| {
            let ty_ = body_type(
                &r.body.as_ref().map(|b| (b.ty.clone(), b.encoding.clone())),
                "super::types",
            );
            variant(status_doc(r), ident(&r.variant), Some(ty_))
        })
        .collect();
    Some(enum_item(
        response_enum_attrs(text),
        ident(&format!("{}Success", op.type_stem)),
        variants,
    ))
}

fn status_pattern(status: StatusMatch) -> Pat {
    let number = |n: u16| lit_of(proc_macro2::Literal::u16_unsuffixed(n));
    match status {
        StatusMatch::Code(c) => pat_lit(proc_macro2::Literal::u16_unsuffixed(c)),
        StatusMatch::Range(n) => pat_range(number(n * 100), number(n * 100 + 99)),
        StatusMatch::Default => pat_wild(),
    }
}

fn decode_success(encoding: Option<&BodyEncoding>) -> Expr {
    let name = match encoding {
        None => "success_empty",
        Some(BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart) => "success",
        Some(BodyEncoding::Text) => "success_text",
        Some(BodyEncoding::Bytes) => "success_bytes",
    };
    method(expr_path("raw"), name, [])
}

/// The `match raw.status() { .. }` that turns a raw response into the operation's result.
///
/// With one success body, every 2xx status decodes it (documented or not), in one arm. With
/// several, each documented success status has its own arm and an undocumented 2xx falls to
/// `default` or `Undocumented`.
pub fn dispatch(op: &Operation) -> Expr {
    let error = format!("errors::{}Error", op.type_stem);
    let several = success_bodies(op).len() > 1;
    let success_name = format!("responses::{}Success", op.type_stem);
    let raw = |name: &str, arg: Expr| method(expr_path("raw"), name, [arg]);
    let mut arms = Vec::new();
    if !several {
        let decode = decode_success(
            op.responses
                .iter()
                .find(|r| r.success)
                .and_then(|r| r.body.as_ref())
                .map(|b| &b.encoding),
        );
        arms.push(arm(status_pattern(StatusMatch::Range(2)), decode));
    }
    // Specific codes before ranges before `default`, as the IR orders them.
    for r in &op.responses {
        let pattern = status_pattern(r.status);
        if r.success {
            if several {
                let decode = decode_success(r.body.as_ref().map(|b| &b.encoding));
                let variant = expr_path(&format!("{success_name}::{}", r.variant));
                let wrap = closure("r", method(expr_path("r"), "map", [variant]));
                arms.push(arm(pattern, method(decode, "map", [wrap])));
            }
            continue;
        }
        let variant = path(&format!("{error}::{}", r.variant));
        arms.push(arm(
            pattern,
            match &r.body {
                None => raw("error_empty", expr_of_path(variant)),
                Some(b) if matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form) => {
                    raw("error", expr_of_path(variant))
                }
                Some(_) => raw(
                    "error_raw",
                    closure(
                        "b",
                        call(
                            expr_of_path(variant),
                            [method(field(expr_path("b"), "body"), "into", [])],
                        ),
                    ),
                ),
            },
        ));
    }
    if !op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default)
    {
        arms.push(arm(
            pat_wild(),
            raw("error_raw", expr_path(&format!("{error}::Undocumented"))),
        ));
    }
    match_expr(method(expr_path("raw"), "status", []), arms)
}
