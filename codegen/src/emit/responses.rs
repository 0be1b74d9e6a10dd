//! Per-operation response types: the error enum (one variant per documented error status,
//! plus `Undocumented`), the success enum when several success statuses have different
//! bodies, and the status dispatch that picks a variant by HTTP status, never by body shape.

use super::types::{doc_lines, ident, rust_type};
use crate::ir::{BodyEncoding, Operation, Response, StatusMatch, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

fn types_path() -> TokenStream {
    quote!(super::types::)
}

/// The success body type of an operation, as seen from the API module.
pub fn success_type(op: &Operation) -> TokenStream {
    let bodies = success_bodies(op);
    match bodies.as_slice() {
        [] => quote!(()),
        [only] => body_type(only, &quote!(types::)),
        _ => {
            let name = format_ident!("{}Success", op.type_stem);
            quote!(responses::#name)
        }
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

fn body_type(body: &Option<(TypeRef, BodyEncoding)>, types_path: &TokenStream) -> TokenStream {
    match body {
        None => quote!(()),
        Some((ty, BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart)) => {
            rust_type(ty, types_path)
        }
        Some((_, BodyEncoding::Text)) => quote!(::std::string::String),
        Some((_, BodyEncoding::Bytes)) => quote!(::std::vec::Vec<u8>),
    }
}

fn status_doc(r: &Response) -> TokenStream {
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

/// The error enum of an operation (in the `errors` module).
pub fn error_enum(op: &Operation) -> TokenStream {
    let name = format_ident!("{}Error", op.type_stem);
    let doc = format!(
        " Error statuses of `{}` (`{} {}`).",
        op.fn_name, op.method, op.path
    );
    let variants = op.responses.iter().filter(|r| !r.success).map(|r| {
        let variant = ident(&r.variant);
        let docs = status_doc(r);
        match &r.body {
            None => quote!(#docs #variant,),
            Some(b) => {
                let ty = body_type(&Some((b.ty.clone(), b.encoding.clone())), &types_path());
                quote!(#docs #variant(#ty),)
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A status the spec does not document, with its raw body.
            Undocumented(crate::runtime::UndocumentedBody),
        }
    }
}

/// The success enum of an operation, when its success statuses have different bodies.
pub fn success_enum(op: &Operation) -> Option<TokenStream> {
    if success_bodies(op).len() < 2 {
        return None;
    }
    let name = format_ident!("{}Success", op.type_stem);
    let doc = format!(
        " Success statuses of `{}` (`{} {}`).",
        op.fn_name, op.method, op.path
    );
    let variants = op.responses.iter().filter(|r| r.success).map(|r| {
        let variant = ident(&r.variant);
        let docs = status_doc(r);
        let ty = body_type(
            &r.body.as_ref().map(|b| (b.ty.clone(), b.encoding.clone())),
            &types_path(),
        );
        quote!(#docs #variant(#ty),)
    });
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

fn status_pattern(status: StatusMatch) -> TokenStream {
    match status {
        StatusMatch::Code(c) => quote!(#c),
        StatusMatch::Range(n) => {
            let lo = n * 100;
            let hi = n * 100 + 99;
            quote!(#lo..=#hi)
        }
        StatusMatch::Default => quote!(_),
    }
}

fn decode_success(encoding: Option<&BodyEncoding>) -> TokenStream {
    match encoding {
        None => quote!(raw.success_empty()),
        Some(BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart) => {
            quote!(raw.success())
        }
        Some(BodyEncoding::Text) => quote!(raw.success_text()),
        Some(BodyEncoding::Bytes) => quote!(raw.success_bytes()),
    }
}

/// The `match raw.status() { .. }` that turns a raw response into the operation's result.
pub fn dispatch(op: &Operation) -> TokenStream {
    let error = format_ident!("{}Error", op.type_stem);
    let several = success_bodies(op).len() > 1;
    let success_name = format_ident!("{}Success", op.type_stem);
    let mut arms = Vec::new();
    for r in &op.responses {
        let pattern = status_pattern(r.status);
        let variant = ident(&r.variant);
        let arm = if r.success {
            let decode = decode_success(r.body.as_ref().map(|b| &b.encoding));
            if several {
                quote!(#pattern => #decode.map(|r| crate::runtime::Response {
                    status: r.status,
                    headers: r.headers,
                    body: responses::#success_name::#variant(r.body),
                }),)
            } else {
                quote!(#pattern => #decode,)
            }
        } else {
            match &r.body {
                None => {
                    quote!(#pattern => ::std::result::Result::Err(raw.failure_empty(errors::#error::#variant)),)
                }
                Some(b) if matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form) => {
                    quote!(#pattern => ::std::result::Result::Err(raw.failure(errors::#error::#variant)),)
                }
                Some(_) => {
                    quote!(#pattern => ::std::result::Result::Err(raw.failure_raw(|b| errors::#error::#variant(b.body.into()))),)
                }
            }
        };
        arms.push((r.status, arm));
    }
    // Specific codes before ranges before `default`, as the IR orders them; an undocumented
    // 2xx decodes as the only success body when there is exactly one.
    let has_default = op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default);
    let mut tokens: Vec<TokenStream> = arms.into_iter().map(|(_, a)| a).collect();
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.success).collect();
    let has_2xx_range = successes.iter().any(|r| r.status == StatusMatch::Range(2));
    if !several && !has_2xx_range {
        let decode = match successes.first() {
            Some(r) => decode_success(r.body.as_ref().map(|b| &b.encoding)),
            None => quote!(raw.success_empty()),
        };
        let arm = quote!(status if (200..300).contains(&status) => #decode,);
        // Insert before any range or default arm.
        let at = op
            .responses
            .iter()
            .position(|r| !matches!(r.status, StatusMatch::Code(_)))
            .unwrap_or(tokens.len());
        tokens.insert(at, arm);
    }
    if !has_default {
        tokens.push(
            quote!(_ => ::std::result::Result::Err(raw.failure_raw(errors::#error::Undocumented)),),
        );
    }
    quote! {
        match raw.status() {
            #(#tokens)*
        }
    }
}
