//! The `mock` module of an API, behind the crate's `mock` feature: what the runtime's mock
//! server knows of each operation (method, path, security, parameters, request body, the
//! spec's example of the first success response), a typed `MockServer` with one expectation
//! builder and one typed reader of received bodies per operation, and each error enum as a
//! mock answer. The server itself is the runtime's (`runtime/mock.rs`).

use super::runtime;
use super::syntax::{
    arm, array, attr_list, await_, call_path, doc, expr_path, field, generic, impl_fn, impl_item,
    lit_bool, lit_of, lit_str, match_expr, mod_item, pat_ident, pat_tuple_struct, path,
    private_field, ref_type, reference, slice_type, struct_expr, struct_item, tail, turbofish, ty,
    Receiver, Sig,
};
use super::types::{ident, needs_validation, rust_type};
use super::Index;
use crate::ir::{BodyEncoding, Operation, ParamLocation, Response, StatusMatch, TypeRef};
use proc_macro2::Literal;
use quote::quote;
use syn::{Expr, Item, Type};

/// `#[cfg(feature = "mock")] pub mod mock { .. }` for `api`.
pub fn module(index: &Index<'_>) -> Item {
    let api = index.api;
    let mut items: Vec<Item> = Vec::new();
    for op in &api.operations {
        items.push(super::syntax::const_item(
            Vec::new(),
            false,
            ident(&op_const(op)),
            ty(runtime::MOCK_OPERATION),
            operation(index, op),
        ));
    }
    items.push(super::syntax::const_item(
        vec![doc(" Every operation of this API.", false)],
        false,
        ident("OPERATIONS"),
        ref_type(slice_type(ref_type(ty(runtime::MOCK_OPERATION)))),
        reference(array(
            api.operations
                .iter()
                .map(|op| reference(expr_path(&op_const(op)))),
        )),
    ));
    items.push(struct_item(
        vec![
            doc(
                &format!(" A validating mock server of {} on loopback.", api.title.replace('`', "'")),
                false,
            ),
            doc("", false),
            doc(
                " One expectation builder per operation; every request is checked against the spec, and",
                false,
            ),
            doc(
                " `verify()`, or dropping the server, panics with what broke it. The runtime's server,",
                false,
            ),
            doc(" which this one dereferences to, has the rest.", false),
            attr_list("derive", quote!(Debug)),
        ],
        ident("MockServer"),
        vec![private_field("server", ty(runtime::MOCK_SERVER))],
    ));
    items.push(impl_item(None, ty("MockServer"), server_methods(index)));
    let mut deref = Sig::new("deref");
    deref.receiver = Some(Receiver::Borrowed);
    deref.output = Some(ref_type(ty("Self::Target")));
    items.push(impl_item(
        Some(path("::std::ops::Deref")),
        ty("MockServer"),
        vec![
            syn::ImplItem::Type(syn::ImplItemType {
                attrs: Vec::new(),
                vis: syn::Visibility::Inherited,
                defaultness: None,
                type_token: Default::default(),
                ident: ident("Target"),
                generics: Default::default(),
                eq_token: Default::default(),
                ty: ty(runtime::MOCK_SERVER),
                semi_token: Default::default(),
            }),
            impl_fn(
                Vec::new(),
                false,
                deref,
                vec![tail(reference(field(expr_path("self"), "server")))],
            ),
        ],
    ));
    // One impl per error enum: an operation that shares another's enum names it by an alias.
    for (i, op) in api.operations.iter().enumerate() {
        if index.errors.shared_with(i).is_none() {
            items.push(error_reply(op));
        }
    }
    let mut module = mod_item(
        " A validating, typed mock server of this API, for tests (the `mock` feature).",
        "mock",
        items,
    );
    if let Item::Mod(m) = &mut module {
        m.attrs.push(attr_list("cfg", quote!(feature = "mock")));
    }
    module
}

/// The name of the operation's `MockOperation` here, and of its `OperationMeta` in the API
/// module (`super::`), as `client.rs` names it.
fn op_const(op: &Operation) -> String {
    format!("OP_{}", crate::naming::const_name(&op.type_stem))
}

fn some(expr: Expr) -> Expr {
    call_path("::std::option::Option::Some", [expr])
}

fn none() -> Expr {
    expr_path("::std::option::Option::None")
}

fn u16_lit(n: u16) -> Expr {
    lit_of(Literal::u16_unsuffixed(n))
}

/// The status a mock answers for a documented status: a range answers its first code,
/// `default` 500.
fn status_code(status: StatusMatch) -> u16 {
    match status {
        StatusMatch::Code(c) => c,
        StatusMatch::Range(n) => n * 100,
        StatusMatch::Default => 500,
    }
}

/// The success response an expectation answers by default: the first documented one with
/// an example, else the first.
fn first_success(op: &Operation) -> Option<&Response> {
    let mut successes = op.responses.iter().filter(|r| r.success);
    op.responses
        .iter()
        .filter(|r| r.success)
        .find(|r| r.body.as_ref().is_some_and(|b| b.example.is_some()))
        .or_else(|| successes.next())
}

/// The `MockOperation` literal of `op`.
fn operation(index: &Index<'_>, op: &Operation) -> Expr {
    let params = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| {
            let location = match p.location {
                ParamLocation::Query => "Query",
                ParamLocation::Header => "Header",
                ParamLocation::Cookie => "Cookie",
                ParamLocation::Path => "Path",
            };
            struct_expr(
                runtime::MOCK_PARAM,
                [
                    (ident("name"), lit_str(&p.wire_name)),
                    (
                        ident("location"),
                        expr_path(&runtime::member(runtime::PARAM_IN, location)),
                    ),
                    (ident("required"), lit_bool(p.required)),
                    (
                        ident("pointer"),
                        lit_str(p.pointer.strip_suffix("/schema").unwrap_or(&p.pointer)),
                    ),
                ],
            )
        });
    let body = match &op.body {
        None => none(),
        Some(body) => {
            let check = match body.encoding {
                BodyEncoding::Json => some(body_check(index, &body.ty)),
                _ => none(),
            };
            some(struct_expr(
                runtime::MOCK_REQUEST_BODY,
                [
                    (ident("media_type"), lit_str(&body.media_type)),
                    (ident("required"), lit_bool(body.required)),
                    (ident("pointer"), lit_str(&body.pointer)),
                    (ident("check"), check),
                ],
            ))
        }
    };
    let success = first_success(op);
    let success_status = success.map_or(200, |r| status_code(r.status));
    let success_body = success.and_then(|r| r.body.as_ref());
    let example = success_body
        .and_then(|b| b.example.as_ref())
        .filter(|_| success_body.is_some_and(|b| b.encoding == BodyEncoding::Json))
        .and_then(|e| serde_json::to_string(e).ok());
    struct_expr(
        runtime::MOCK_OPERATION,
        [
            (
                ident("meta"),
                reference(expr_path(&format!("super::{}", op_const(op)))),
            ),
            (ident("pointer"), lit_str(&op.pointer)),
            (ident("params"), reference(array(params))),
            (ident("body"), body),
            (ident("success_status"), u16_lit(success_status)),
            (
                ident("success_media_type"),
                success_body.map_or_else(none, |b| some(lit_str(&b.media_type))),
            ),
            (
                ident("example"),
                example.map_or_else(none, |e| some(lit_str(&e))),
            ),
            (
                ident("error_examples"),
                reference(array(error_examples(op))),
            ),
        ],
    )
}

/// The `MockExample`s of the error responses whose JSON body has an example, by status (the
/// first of a status wins).
fn error_examples(op: &Operation) -> Vec<Expr> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for r in op.responses.iter().filter(|r| !r.success) {
        let Some(body) = r.body.as_ref().filter(|b| b.encoding == BodyEncoding::Json) else {
            continue;
        };
        let status = status_code(r.status);
        let Some(text) = body
            .example
            .as_ref()
            .and_then(|e| serde_json::to_string(e).ok())
        else {
            continue;
        };
        if seen.contains(&status) {
            continue;
        }
        seen.push(status);
        out.push(struct_expr(
            runtime::MOCK_EXAMPLE,
            [
                (ident("status"), u16_lit(status)),
                (ident("media_type"), lit_str(&body.media_type)),
                (ident("body"), lit_str(&text)),
            ],
        ));
    }
    out
}

/// `mock_check_json::<T>` when the body's type has a `Validate` that checks something
/// ([`needs_validation`]), else a decode-only check.
fn body_check(index: &Index<'_>, ty_ref: &TypeRef) -> Expr {
    let validated = needs_validation(index, ty_ref);
    let rust = rust_type(ty_ref, "super::types");
    if validated {
        turbofish(runtime::MOCK_CHECK_JSON, [rust])
    } else {
        turbofish(runtime::MOCK_CHECK_DECODE, [rust])
    }
}

/// The success value type of the first success response and its encoder.
fn success_value(op: &Operation) -> (Type, &'static str) {
    match first_success(op).and_then(|r| r.body.as_ref()) {
        None => (super::syntax::unit_type(), runtime::MOCK_EMPTY),
        Some(b) => match b.encoding {
            BodyEncoding::Text => (ty("::std::string::String"), runtime::MOCK_TEXT),
            BodyEncoding::Bytes => (generic("::std::vec::Vec", [ty("u8")]), runtime::MOCK_BYTES),
            _ => (rust_type(&b.ty, "super::types"), runtime::MOCK_JSON),
        },
    }
}

/// Methods that are the server's own; an operation of the same name gets `_operation`.
const RESERVED: [&str; 2] = ["start", "client"];

fn builder_name(op: &Operation) -> String {
    let name = op.fn_name.trim_start_matches("r#");
    if RESERVED.contains(&name) {
        format!("{name}_operation")
    } else {
        op.fn_name.clone()
    }
}

fn server_methods(index: &Index<'_>) -> Vec<syn::ImplItem> {
    let api = index.api;
    let mut out = Vec::new();
    let mut start = Sig::new("start");
    start.is_async = true;
    start.output = Some(ty("Self"));
    out.push(impl_fn(
        vec![
            doc(
                " Starts a server on a free port of `127.0.0.1`, on the current tokio runtime.",
                false,
            ),
            doc("", false),
            doc(" # Panics", false),
            doc("", false),
            doc(
                " When no loopback port can be bound, or outside a tokio runtime.",
                false,
            ),
        ],
        true,
        start,
        vec![tail(struct_expr(
            "Self",
            [(
                ident("server"),
                await_(call_path(
                    &runtime::member(runtime::MOCK_SERVER, "start"),
                    [lit_str(&api.module), expr_path("OPERATIONS")],
                )),
            )],
        ))],
    ));
    let mut client = Sig::new("client");
    client.receiver = Some(Receiver::Borrowed);
    client.output = Some(ty("super::ClientBuilder"));
    out.push(impl_fn(
        vec![doc(
            " A client builder whose base URL is this server; credentials are still to set.",
            false,
        )],
        true,
        client,
        vec![tail(super::syntax::method(
            call_path("super::Client::builder", []),
            "base_url",
            [super::syntax::method(
                field(expr_path("self"), "server"),
                "uri",
                [],
            )],
        ))],
    ));
    for op in &api.operations {
        let (value, encode) = success_value(op);
        let error = ty(&format!("super::errors::{}Error", op.type_stem));
        let mut sig = Sig::new(&builder_name(op));
        sig.receiver = Some(Receiver::Borrowed);
        sig.output = Some(generic(runtime::MOCK_EXPECTATION, [value, error]));
        let example = first_success(op)
            .and_then(|r| r.body.as_ref())
            .is_some_and(|b| b.example.is_some());
        let default = if example {
            " By default it answers the spec's example of the first success response."
        } else {
            " The spec documents no example of the first success response: answer with `respond`."
        };
        out.push(impl_fn(
            vec![
                doc(
                    &format!(
                        " An expectation of `{}` (`{} {}`); mount it with `mount()`.",
                        op.fn_name.trim_start_matches("r#"),
                        op.method,
                        op.path.replace('`', "'")
                    ),
                    false,
                ),
                doc(default, false),
            ],
            true,
            sig,
            vec![tail(call_path(
                &runtime::member(runtime::MOCK_EXPECTATION, "new"),
                [
                    reference(field(expr_path("self"), "server")),
                    reference(expr_path(&op_const(op))),
                    expr_path(encode),
                ],
            ))],
        ));
        if let Some(body) = op
            .body
            .as_ref()
            .filter(|b| b.encoding == BodyEncoding::Json)
        {
            let mut sig = Sig::new(&format!("received_{}", op.fn_name.trim_start_matches("r#")));
            sig.receiver = Some(Receiver::Borrowed);
            sig.output = Some(generic(
                "::std::vec::Vec",
                [rust_type(&body.ty, "super::types")],
            ));
            out.push(impl_fn(
                vec![doc(
                    &format!(
                        " The decoded bodies of the `{}` requests received so far, in order.",
                        op.fn_name.trim_start_matches("r#")
                    ),
                    false,
                )],
                true,
                sig,
                vec![tail(super::syntax::method(
                    field(expr_path("self"), "server"),
                    "received_json",
                    [reference(expr_path(&op_const(op)))],
                ))],
            ));
        }
    }
    out
}

/// `impl MockError for errors::<Op>Error`: each documented variant answers its status and
/// body; `Undocumented` answers what it carries.
fn error_reply(op: &Operation) -> Item {
    let mut arms = Vec::new();
    for r in op.responses.iter().filter(|r| !r.success) {
        let status = u16_lit(status_code(r.status));
        let variant = format!("Self::{}", r.variant);
        let reply = |name: &str, args: Vec<Expr>| {
            call_path(&runtime::member(runtime::MOCK_REPLY, name), args)
        };
        arms.push(match &r.body {
            None => arm(pat_ident_path(&variant), reply("empty", vec![status])),
            Some(body) => {
                let kind = match body.encoding {
                    BodyEncoding::Text => "text",
                    BodyEncoding::Bytes => "bytes",
                    // A JSON or form error body is held as `ErrorBody<T>` (emit/responses.rs).
                    _ => "error_body",
                };
                arm(
                    pat_tuple_struct(&variant, [pat_ident("value")]),
                    reply(
                        kind,
                        vec![status, lit_str(&body.media_type), expr_path("value")],
                    ),
                )
            }
        });
    }
    arms.push(arm(
        pat_tuple_struct("Self::Undocumented", [pat_ident("value")]),
        call_path(
            &runtime::member(runtime::MOCK_REPLY, "undocumented"),
            [expr_path("value")],
        ),
    ));
    let mut sig = Sig::new("reply");
    sig.receiver = Some(Receiver::Borrowed);
    sig.output = Some(ty(runtime::MOCK_REPLY));
    impl_item(
        Some(path(runtime::MOCK_ERROR)),
        ty(&format!("super::errors::{}Error", op.type_stem)),
        vec![impl_fn(
            Vec::new(),
            false,
            sig,
            vec![tail(match_expr(expr_path("self"), arms))],
        )],
    )
}

/// A path pattern (`Self::Forbidden`).
fn pat_ident_path(p: &str) -> syn::Pat {
    syn::Pat::Path(syn::ExprPath {
        attrs: Vec::new(),
        qself: None,
        path: path(p),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with `RT::` spelled as the runtime's path.
    fn rt(text: &str) -> String {
        text.replace("RT::", &format!("{}::", runtime::MODULE))
    }

    fn printed(yaml: &str) -> String {
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        let api = crate::lower::lower(&doc).expect("the spec lowers").api;
        let index = Index::new(&api);
        crate::format::print_items(Vec::new(), vec![module(&index)])
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
security: [{ key: [] }]
paths:
  /things/{id}:
    post:
      operationId: start
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: q, in: query, required: true, schema: { type: string } }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties: { name: { type: string, maxLength: 3 } }
      responses:
        "200":
          description: no example here
          content:
            application/json: { schema: { type: object, properties: { id: { type: integer } } } }
        "201":
          description: created
          content:
            application/json:
              schema: { type: object, properties: { id: { type: integer } } }
              examples:
                one: { value: { id: 1 } }
        "404": { description: gone }
        "409":
          description: taken
          content:
            application/json:
              schema: { type: object, properties: { code: { type: string } } }
              example: { code: taken }
        4XX:
          description: other
          content:
            text/plain: { schema: { type: string } }
"##;

    #[test]
    fn the_module_is_behind_the_feature_and_knows_the_operation() {
        let text = printed(SPEC);
        assert!(
            text.starts_with("/// A validating, typed mock server"),
            "{text}"
        );
        assert!(
            text.contains("#[cfg(feature = \"mock\")]\npub mod mock {"),
            "{text}"
        );
        assert!(text.contains("meta: &super::OP_START,"), "{text}");
        assert!(
            text.contains("pointer: \"/paths/~1things~1{id}/post\","),
            "{text}"
        );
        // The path parameter is the template's; the query parameter is checked.
        assert!(!text.contains("name: \"id\""), "{text}");
        assert!(text.contains("name: \"q\""), "{text}");
        assert!(text.contains(&rt("location: RT::ParamIn::Query")), "{text}");
        assert!(
            text.contains(&rt("RT::mock_check_json::<super::types::StartBody>")),
            "{text}"
        );
    }

    #[test]
    fn the_default_answer_is_the_first_success_with_an_example() {
        let text = printed(SPEC);
        assert!(text.contains("success_status: 201,"), "{text}");
        assert!(
            text.contains("example: ::std::option::Option::Some(\"{\\\"id\\\":1}\"),"),
            "{text}"
        );
    }

    #[test]
    fn error_examples_are_kept_by_status() {
        let text = printed(SPEC);
        assert!(text.contains("status: 409,"), "{text}");
        assert!(
            text.contains("body: \"{\\\"code\\\":\\\"taken\\\"}\","),
            "{text}"
        );
        assert!(
            !text.contains("status: 404,"),
            "no body, no example: {text}"
        );
    }

    #[test]
    fn a_builder_never_shadows_the_servers_own_methods() {
        let text = printed(SPEC);
        assert!(text.contains("pub fn start_operation("), "{text}");
        assert!(text.contains("pub async fn start() -> Self"), "{text}");
        assert!(text.contains("pub fn received_start("), "{text}");
    }

    #[test]
    fn each_error_variant_answers_its_status_and_body() {
        let text = printed(SPEC);
        assert!(
            text.contains(&rt("Self::NotFound => RT::MockReply::empty(404)")),
            "{text}"
        );
        assert!(
            text.contains(&rt("RT::MockReply::text(400, \"text/plain\", value)")),
            "{text}"
        );
        assert!(
            text.contains(&rt(
                "Self::Undocumented(value) => {\n                    RT::MockReply::undocumented(value)"
            )),
            "{text}"
        );
    }
}
