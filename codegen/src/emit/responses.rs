//! Per-operation response types: the error enum (one variant per documented error status,
//! plus `Undocumented`), the success enum when several success statuses have different
//! bodies, and the status dispatch that picks a variant by HTTP status, never by body shape.

use super::types::{doc_lines, ident, rust_type};
use crate::ir::{BodyEncoding, Operation, Response, StatusMatch, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

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
    let number = proc_macro2::Literal::u16_unsuffixed;
    match status {
        StatusMatch::Code(c) => number(c).into_token_stream(),
        StatusMatch::Range(n) => {
            let (lo, hi) = (number(n * 100), number(n * 100 + 99));
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
///
/// With one success body, every 2xx status decodes it (documented or not), in one arm. With
/// several, each documented success status has its own arm and an undocumented 2xx falls to
/// `default` or `Undocumented`.
pub fn dispatch(op: &Operation) -> TokenStream {
    let error = format_ident!("{}Error", op.type_stem);
    let several = success_bodies(op).len() > 1;
    let success_name = format_ident!("{}Success", op.type_stem);
    let mut arms = Vec::new();
    if !several {
        let decode = decode_success(
            op.responses
                .iter()
                .find(|r| r.success)
                .and_then(|r| r.body.as_ref())
                .map(|b| &b.encoding),
        );
        let all_2xx = status_pattern(StatusMatch::Range(2));
        arms.push(quote!(#all_2xx => #decode,));
    }
    // Specific codes before ranges before `default`, as the IR orders them.
    for r in &op.responses {
        let pattern = status_pattern(r.status);
        let variant = ident(&r.variant);
        if r.success {
            if several {
                let decode = decode_success(r.body.as_ref().map(|b| &b.encoding));
                arms.push(
                    quote!(#pattern => #decode.map(|r| r.map(responses::#success_name::#variant)),),
                );
            }
            continue;
        }
        arms.push(match &r.body {
            None => quote!(#pattern => raw.error_empty(errors::#error::#variant),),
            Some(b) if matches!(b.encoding, BodyEncoding::Json | BodyEncoding::Form) => {
                quote!(#pattern => raw.error(errors::#error::#variant),)
            }
            Some(_) => {
                quote!(#pattern => raw.error_raw(|b| errors::#error::#variant(b.body.into())),)
            }
        });
    }
    if !op
        .responses
        .iter()
        .any(|r| r.status == StatusMatch::Default)
    {
        arms.push(quote!(_ => raw.error_raw(errors::#error::Undocumented),));
    }
    quote! {
        match raw.status() {
            #(#arms)*
        }
    }
}
