//! The `webhooks` module: for each webhook with a JSON payload, a function that parses a
//! received body into the payload's type.

use super::syntax::{
    call_path, expr_path, fn_item, generic, mod_item, ref_type, slice_type, tail, ty, Sig,
};
use super::types::{doc_attrs, doc_lines, ident, rust_type};
use crate::ir::{Api, BodyEncoding, Webhook};
use syn::Item;

/// The `webhooks` module of an API, or `None` when no webhook has a JSON payload.
pub fn module(api: &Api) -> Option<Item> {
    let functions: Vec<Item> = api.webhooks.iter().filter_map(parse_fn).collect();
    (!functions.is_empty()).then(|| {
        mod_item(
            " Webhooks: typed parsing of the requests this API sends to your endpoints.",
            "webhooks",
            functions,
        )
    })
}

/// `pub fn parse_<name>(body: &[u8]) -> Result<Payload, serde_json::Error>`.
fn parse_fn(webhook: &Webhook) -> Option<Item> {
    let body = webhook.body.as_ref()?;
    if body.encoding != BodyEncoding::Json {
        return None;
    }
    let mut attrs = doc_attrs(&webhook.docs);
    if !attrs.is_empty() {
        attrs.extend(doc_lines(&[""]));
    }
    attrs.extend(doc_lines(&[format!(
        "Parses the body of the `{}` webhook (`{}` `{}`, from `{}`).",
        webhook.name, webhook.method, body.media_type, webhook.pointer
    )]));
    let payload = rust_type(&body.ty, "super::types");
    let mut sig = Sig::new(&webhook.fn_name);
    sig.args
        .push((ident("body"), ref_type(slice_type(ty("u8")))));
    sig.output = Some(generic(
        "::std::result::Result",
        [payload, ty("::serde_json::Error")],
    ));
    let parse = call_path("::serde_json::from_slice", [expr_path("body")]);
    Some(fn_item(attrs, sig, vec![tail(parse)]))
}
