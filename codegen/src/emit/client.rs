//! The async client of one API: servers, security schemes, the builder, parameter structs and
//! one method per operation. The HTTP work itself lives in the generated crate's runtime; each
//! method only validates, builds the request and dispatches on the status.

use super::models::many_arguments;
use super::responses::{dispatch, success_type};
use super::runtime;
use super::syntax::{
    array, attr_list, block_expr, call_path, closure, const_item, doc, expr_path, field, fn_item,
    for_loop, generic, if_let, impl_const, impl_fn, impl_into, impl_item, let_, let_pat, lit_bool,
    lit_str, macro_call, macro_item, method, mod_item, named_field, newtype_item, pat_ident,
    pat_some, pat_tuple, path, private_field, ref_type, reference, slice_type, static_ref_type,
    stmt, struct_expr, struct_item, tail, ty, Receiver, Sig,
};
use super::types::{doc_attrs, doc_lines, ident, rust_type, scalar_of};
use super::validate::{constraint_checks, impl_validate, self_field};
use super::Index;
use crate::ir::{
    Api, BodyEncoding, Operation, ParamLocation, Parameter, Primitive, QueryStyle, SecurityKind,
    TypeKind, TypeRef,
};
use proc_macro2::Ident;
use quote::quote;
use syn::{Attribute, Expr, ImplItem, Item, Stmt, Type};

/// Server constants and the `Server`-free default base URL.
pub fn servers(api: &Api) -> Item {
    let mut items = Vec::new();
    for s in &api.servers {
        let mut lines = vec![format!(
            "{} (`{}`).",
            s.description.as_deref().unwrap_or("Server"),
            s.url
        )];
        if !s.usable {
            lines.push(String::new());
            lines.push(
                "A placeholder (a reserved example host, or a variable default to replace): \
                 never the client's default base URL."
                    .to_owned(),
            );
        }
        let docs = doc_lines(&lines);
        items.push(const_item(
            docs,
            true,
            ident(&s.const_name),
            ref_type(ty("str")),
            lit_str(&s.url),
        ));
        if s.variables.is_empty() {
            continue;
        }
        let mut lines = vec![format!("`{}` with its variables filled in.", s.template)];
        for v in &s.variables {
            lines.push(String::new());
            let about: Vec<&str> = v
                .description
                .as_deref()
                .unwrap_or("")
                .split_whitespace()
                .collect();
            lines.push(format!(
                "`{}` (default `{}`): {}",
                v.rust_name,
                v.default,
                about.join(" ")
            ));
        }
        let mut sig = Sig::new(&crate::naming::snake(&s.const_name));
        sig.args = s
            .variables
            .iter()
            .map(|v| (ident(&v.rust_name), ref_type(ty("str"))))
            .collect();
        sig.output = Some(ty("::std::string::String"));
        let url = s.variables.iter().fold(
            call_path("::std::string::String::from", [lit_str(&s.template)]),
            |url, v| {
                let placeholder = format!("{{{}}}", v.name);
                method(
                    url,
                    "replace",
                    [lit_str(&placeholder), expr_path(&v.rust_name)],
                )
            },
        );
        items.push(fn_item(doc_lines(&lines), sig, vec![tail(url)]));
    }
    mod_item(" The base URLs this API is published at.", "servers", items)
}

fn scheme_const(key: &str) -> String {
    format!("SCHEME_{}", crate::naming::const_name(key))
}

/// `SchemeDef` constants, one per supported security scheme.
pub fn scheme_consts(api: &Api, out: &mut Vec<Item>) {
    for s in &api.security_schemes {
        let placement = match &s.kind {
            SecurityKind::ApiKeyHeader(h) => call_path(
                &runtime::member(runtime::AUTH_PLACEMENT, "Header"),
                [lit_str(h)],
            ),
            SecurityKind::ApiKeyQuery(q) => call_path(
                &runtime::member(runtime::AUTH_PLACEMENT, "Query"),
                [lit_str(q)],
            ),
            SecurityKind::ApiKeyCookie(c) => call_path(
                &runtime::member(runtime::AUTH_PLACEMENT, "Cookie"),
                [lit_str(c)],
            ),
            SecurityKind::Bearer => expr_path(&runtime::member(runtime::AUTH_PLACEMENT, "Bearer")),
            SecurityKind::Basic => expr_path(&runtime::member(runtime::AUTH_PLACEMENT, "Basic")),
        };
        out.push(const_item(
            Vec::new(),
            false,
            ident(&scheme_const(&s.key)),
            ty(runtime::SCHEME_DEF),
            struct_expr(
                runtime::SCHEME_DEF,
                [
                    (ident("key"), lit_str(&s.key)),
                    (ident("placement"), placement),
                ],
            ),
        ));
    }
}

/// The `Client` and `ClientBuilder` of an API.
pub fn client(api: &Api, out: &mut Vec<Item>) {
    // Only a usable server (see `ir::Server::usable`) is a default: without one, `build()`
    // requires a base URL, so no credential is ever sent to a placeholder host.
    let default_url = api
        .servers
        .iter()
        .find(|s| s.usable)
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let setters: Vec<ImplItem> = api
        .security_schemes
        .iter()
        .map(|s| {
            let what = match &s.kind {
                SecurityKind::ApiKeyHeader(h) => format!("an API key sent in the `{h}` header"),
                SecurityKind::ApiKeyQuery(q) => {
                    format!("an API key sent as the `{q}` query parameter")
                }
                SecurityKind::ApiKeyCookie(c) => format!("an API key sent as the `{c}` cookie"),
                SecurityKind::Bearer => {
                    "a token sent as `Authorization: Bearer <token>`".to_owned()
                }
                SecurityKind::Basic => "HTTP basic credentials".to_owned(),
            };
            let mut lines = vec![format!("Sets the `{}` credential: {what}.", s.key)];
            if let Some(d) = &s.description {
                lines.push(String::new());
                lines.extend(d.lines().map(str::to_owned));
            }
            let secret = || impl_into(ty(runtime::SECRET));
            let (args, credential, values): (Vec<(Ident, Type)>, &str, &[&str]) = match s.kind {
                SecurityKind::Basic => (
                    vec![
                        (ident("username"), impl_into(ty("::std::string::String"))),
                        (ident("password"), secret()),
                    ],
                    "basic",
                    &["username", "password"],
                ),
                SecurityKind::Bearer => (vec![(ident("token"), secret())], "bearer", &["token"]),
                _ => (vec![(ident("key"), secret())], "api_key", &["key"]),
            };
            let mut sig = Sig::new(&s.rust_name);
            sig.receiver = Some(Receiver::Owned);
            sig.args = args;
            sig.output = Some(ty("Self"));
            let credential = call_path(
                &runtime::member(runtime::CREDENTIAL, credential),
                values.iter().map(|v| expr_path(v)),
            );
            let body = method(
                expr_path("self"),
                "credential",
                [field(expr_path(&scheme_const(&s.key)), "key"), credential],
            );
            impl_fn(doc_lines(&lines), true, sig, vec![tail(body)])
        })
        .collect();
    let url_doc = if default_url.is_empty() {
        " The spec names no usable server (none, or only placeholders): `build()` fails unless \
         `base_url` is set."
            .to_owned()
    } else {
        format!(" Starts with the first server, `{default_url}`.")
    };
    let client_ty = || ty("Client");
    out.push(struct_item(
        vec![
            doc(&format!(" Client for {}.", api.title), false),
            doc("", false),
            doc(" Cheap to clone; clones share one connection pool.", false),
            attr_list("derive", quote!(Debug, Clone)),
        ],
        ident("Client"),
        vec![private_field("core", ty(runtime::CLIENT_CORE))],
    ));
    // A type of this crate, not an alias of the runtime's `Builder<Client>`: the scheme
    // setters below are an inherent impl, which a type of another crate (the runtime, when it
    // is a dependency) cannot have. `client_builder!` gives it `Builder`'s setters.
    out.push(newtype_item(
        vec![
            doc(
                " Configures a [`Client`]: base URL, timeout, retries and credentials.",
                false,
            ),
            doc("", false),
            doc(&url_doc, false),
            attr_list("derive", quote!(Debug, Default)),
        ],
        ident("ClientBuilder"),
        generic(runtime::BUILDER, [client_ty()]),
    ));
    out.push(macro_item(
        runtime::CLIENT_BUILDER,
        quote!(ClientBuilder => Client),
    ));
    let mut from_core = Sig::new("from_core");
    from_core.args = vec![(ident("core"), ty(runtime::CLIENT_CORE))];
    from_core.output = Some(ty("Self"));
    let static_str = || static_ref_type(ty("str"));
    let mut api_client = vec![impl_const(
        "DEFAULT_BASE_URL",
        static_str(),
        lit_str(&default_url),
    )];
    if let Some(header) = idempotency_header(api) {
        api_client.push(impl_const(
            "IDEMPOTENCY_HEADER",
            static_str(),
            lit_str(&header),
        ));
    }
    out.push(impl_item(
        Some(path(runtime::API_CLIENT)),
        client_ty(),
        api_client
            .into_iter()
            .chain([
                impl_const(
                    "SECURITY_SCHEMES",
                    static_ref_type(slice_type(static_str())),
                    reference(array(api.security_schemes.iter().map(|s| lit_str(&s.key)))),
                ),
                impl_fn(
                    Vec::new(),
                    false,
                    from_core,
                    vec![tail(struct_expr(
                        "Self",
                        [(ident("core"), expr_path("core"))],
                    ))],
                ),
            ])
            .collect(),
    ));
    if !setters.is_empty() {
        out.push(impl_item(None, ty("ClientBuilder"), setters));
    }
    let mut builder = Sig::new("builder");
    builder.output = Some(ty("ClientBuilder"));
    let mut base_url = Sig::new("base_url");
    base_url.receiver = Some(Receiver::Borrowed);
    base_url.output = Some(ref_type(ty("str")));
    let mut with_options = Sig::new("with_options");
    with_options.receiver = Some(Receiver::Borrowed);
    with_options.args = vec![(ident("options"), ty(runtime::CALL_OPTIONS))];
    with_options.output = Some(ty("Self"));
    let header = idempotency_header(api).unwrap_or_else(|| "Idempotency-Key".to_owned());
    let with_options_doc = doc_lines(&[
        "A client whose every call carries `options`: extra headers and cookies, a timeout,"
            .to_owned(),
        format!("an idempotency key (sent as `{header}`). It shares this client's connection"),
        "pool and configuration; options given to a scoped client replace its options.".to_owned(),
        String::new(),
        "Scope a client to one call (`client.with_options(..).operation(..)`) or to a".to_owned(),
        "session, such as Django's CSRF token header and cookie on unsafe methods.".to_owned(),
    ]);
    out.push(impl_item(
        None,
        client_ty(),
        vec![
            impl_fn(
                vec![doc(" Starts configuring a client.", false)],
                true,
                builder,
                vec![tail(call_path("ClientBuilder::default", []))],
            ),
            impl_fn(
                vec![doc(" The base URL requests go to.", false)],
                true,
                base_url,
                vec![tail(method(
                    field(expr_path("self"), "core"),
                    "base_url",
                    [],
                ))],
            ),
            impl_fn(
                with_options_doc,
                true,
                with_options,
                vec![tail(struct_expr(
                    "Self",
                    [(
                        ident("core"),
                        method(
                            field(expr_path("self"), "core"),
                            "with_options",
                            [expr_path("options")],
                        ),
                    )],
                ))],
            ),
        ],
    ));
}

/// The header the API documents for idempotency keys, when it is not `Idempotency-Key`: the
/// first header parameter (in document order) whose name contains `idempotency`, such as
/// Stripe's `Idempotency-Key` or another vendor's `X-Idempotency-Key`.
fn idempotency_header(api: &Api) -> Option<String> {
    api.operations
        .iter()
        .flat_map(|op| &op.params)
        .find(|p| {
            p.location == ParamLocation::Header
                && p.wire_name.to_ascii_lowercase().contains("idempotency")
        })
        .map(|p| p.wire_name.clone())
        .filter(|name| !name.eq_ignore_ascii_case("Idempotency-Key"))
}

/// Whether a parameter type can be written with `ToParam` directly.
pub(super) fn simple_param(index: &Index<'_>, ty: &TypeRef) -> bool {
    simple_param_within(index, ty, &mut Vec::new())
}

/// [`simple_param`], with the named types already on the way in `seen`: a type that contains
/// itself (`oneOf: [string, array of itself]`) is not simple.
fn simple_param_within(index: &Index<'_>, ty: &TypeRef, seen: &mut Vec<String>) -> bool {
    match ty {
        TypeRef::Primitive(p) => !matches!(
            p,
            Primitive::Json | Primitive::JsonObject | Primitive::Bytes
        ),
        TypeRef::Named(name) => {
            if seen.contains(name) {
                return false;
            }
            seen.push(name.clone());
            let simple = match index.get(name).map(|d| &d.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(inner)) => simple_param_within(index, inner, seen),
                // A union of scalars (`oneOf: [integer, string]`) writes the value it holds.
                Some(TypeKind::Union(u)) => u
                    .variants
                    .iter()
                    .all(|v| simple_param_within(index, &v.ty, seen)),
                _ => false,
            };
            seen.pop();
            simple
        }
        TypeRef::Array(inner) | TypeRef::Nullable(inner) => simple_param_within(index, inner, seen),
        TypeRef::Map(_) | TypeRef::Boxed(_) => false,
    }
}

/// The parameter struct of an operation (in the `params` module), if it has non-path
/// parameters.
pub fn params_struct(index: &Index<'_>, op: &Operation, out: &mut Vec<Item>) {
    let params: Vec<&Parameter> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    if params.is_empty() {
        return;
    }
    let name = ident(&format!("{}Params", op.type_stem));
    let tp = "super::types";
    let fields = params
        .iter()
        .map(|p| {
            let ty_ = rust_type(&p.ty, tp);
            let ty_ = if p.required {
                ty_
            } else {
                generic("::std::option::Option", [ty_])
            };
            let where_ = match p.location {
                ParamLocation::Query => "query parameter",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
                ParamLocation::Path => "path parameter",
            };
            let mut docs = doc_lines(&[format!("`{}` ({where_}).", p.wire_name)]);
            let more = doc_attrs(&p.docs);
            if !more.is_empty() {
                docs.push(doc("", false));
                docs.extend(more);
            }
            named_field(docs, ident(&p.rust_name), ty_)
        })
        .collect();
    let required: Vec<&&Parameter> = params.iter().filter(|p| p.required).collect();
    let derives = if required.is_empty() {
        quote!(Debug, Clone, PartialEq, Default)
    } else {
        quote!(Debug, Clone, PartialEq)
    };
    let self_ty = || super::syntax::path_type(syn::Path::from(name.clone()));
    out.push(struct_item(
        super::types::derived(
            vec![doc(&format!(" Parameters of `{}`.", op.fn_name), false)],
            derives,
        ),
        name.clone(),
        fields,
    ));
    if !required.is_empty() {
        let mut sig = Sig::new("new");
        sig.args = required
            .iter()
            .map(|p| (ident(&p.rust_name), rust_type(&p.ty, tp)))
            .collect();
        sig.output = Some(ty("Self"));
        let inits = params.iter().map(|p| {
            let value = if p.required {
                expr_path(&p.rust_name)
            } else {
                expr_path("::std::option::Option::None")
            };
            (ident(&p.rust_name), value)
        });
        let mut attrs = vec![doc(
            " Creates the parameters from the required ones; optional ones start empty.",
            false,
        )];
        attrs.extend(many_arguments(required.len()));
        out.push(impl_item(
            None,
            self_ty(),
            vec![impl_fn(
                attrs,
                true,
                sig,
                vec![tail(struct_expr("Self", inits))],
            )],
        ));
    }
    out.push(impl_item(
        None,
        self_ty(),
        super::models::setters(
            &params
                .iter()
                .map(|p| super::models::Settable::param(p))
                .collect::<Vec<_>>(),
            tp,
        ),
    ));
    let checks: Vec<Stmt> = params
        .iter()
        .filter_map(|p| {
            let mut checks = constraint_checks(index, &p.ty, &p.constraints, &p.wire_name, "value");
            if checks.is_empty() {
                return None;
            }
            let place = reference(self_field(&p.rust_name));
            Some(tail(if p.required {
                checks.insert(0, let_("value", false, place));
                block_expr(checks)
            } else {
                if_let(pat_some(pat_ident("value")), place, checks)
            }))
        })
        .collect();
    out.extend(impl_validate(&name, checks));
}

/// `request.record(expr)`: a step that may fail; its problem fails the call before sending.
fn invalid(expr: Expr) -> Expr {
    method(expr_path("request"), "record", [expr])
}

/// `form.name(args..)`
fn form(name: &str, args: impl IntoIterator<Item = Expr>) -> Expr {
    method(expr_path("form"), name, args)
}

/// The parts of a multipart body (`body`, a reference): one per property of its struct, binary
/// properties as files, scalars as text and anything else as JSON text; for a body that is not
/// a plain struct, every property of what it serialises to.
fn multipart_parts(index: &Index<'_>, ty_ref: &TypeRef) -> Vec<Stmt> {
    use crate::shape::Presence;
    let def = match ty_ref {
        TypeRef::Named(name) => match index.get(name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) if s.additional.is_none() => Some(s),
            _ => None,
        },
        _ => None,
    };
    let Some(def) = def else {
        return vec![stmt(invalid(form("fields", [expr_path("body")])))];
    };
    let is_bytes = |ty_ref: &TypeRef| scalar_of(index, ty_ref) == Some(Primitive::Bytes);
    def.fields
        .iter()
        .map(|f| {
            let wire = || lit_str(&f.wire_name);
            let add = |value: Expr| {
                if f.flatten {
                    stmt(invalid(form("fields", [value])))
                } else if is_bytes(&f.ty) {
                    stmt(form("file", [wire(), value]))
                } else if matches!(&f.ty, TypeRef::Array(item) if is_bytes(item)) {
                    tail(for_loop(
                        pat_ident("file"),
                        value,
                        vec![stmt(form("file", [wire(), expr_path("file")]))],
                    ))
                } else if super::client::simple_param(index, &f.ty) {
                    stmt(form("text", [wire(), value]))
                } else {
                    stmt(invalid(form("json", [wire(), value])))
                }
            };
            let place = reference(field(expr_path("body"), &f.rust_name));
            match Presence::of(f) {
                Presence::Plain => add(place),
                Presence::Optional => tail(if_let(
                    pat_some(pat_ident("value")),
                    place,
                    vec![add(expr_path("value"))],
                )),
                Presence::Nullable => tail(if_let(
                    super::validate::value_pattern(),
                    place,
                    vec![add(expr_path("value"))],
                )),
            }
        })
        .collect()
}

fn query_style(style: QueryStyle) -> Expr {
    match style {
        QueryStyle::Form { explode } => struct_expr(
            &runtime::member(runtime::QUERY_STYLE, "Form"),
            [(ident("explode"), lit_bool(explode))],
        ),
        QueryStyle::SpaceDelimited => {
            expr_path(&runtime::member(runtime::QUERY_STYLE, "SpaceDelimited"))
        }
        QueryStyle::PipeDelimited => {
            expr_path(&runtime::member(runtime::QUERY_STYLE, "PipeDelimited"))
        }
        QueryStyle::DeepObject => expr_path(&runtime::member(runtime::QUERY_STYLE, "DeepObject")),
    }
}

/// The fixed text of a path template as it goes on the wire: characters a path may hold
/// (RFC 3986 `pchar` and `/`: unreserved, sub-delims, `:`, `@`, and `%` starting an escape)
/// stay; anything else is percent-encoded, so a `#` or `?` in `/files/{id}#get_shared_link`
/// is part of the path rather than the start of a fragment or query. Braces are doubled for
/// `format!`.
pub(crate) fn encode_path_literal(literal: &str) -> String {
    let bytes = literal.as_bytes();
    let mut out = String::with_capacity(literal.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_start = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        match b {
            b'{' => out.push_str("{{"),
            b'}' => out.push_str("}}"),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => out.push(char::from(b)),
            b'-' | b'.' | b'_' | b'~' | b'/' | b':' | b'@' => out.push(char::from(b)),
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => {
                out.push(char::from(b))
            }
            b'%' if escape_start => out.push('%'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The argument type of a path parameter.
fn path_arg_type(index: &Index<'_>, ty_ref: &TypeRef) -> Type {
    match scalar_of(index, ty_ref) {
        Some(Primitive::String | Primitive::Url) => ref_type(ty("str")),
        Some(p) => super::types::primitive(p),
        None => ref_type(rust_type(ty_ref, "types")),
    }
}

/// `request.name(args..);`
fn request(name: &str, args: impl IntoIterator<Item = Expr>) -> Stmt {
    stmt(method(expr_path("request"), name, args))
}

/// `checks.value(value);`
/// `checks.body(..)` or `checks.params(..)`: the violations are reported with the input.
fn check_value(input: &str, value: Expr) -> Stmt {
    stmt(method(expr_path("checks"), input, [value]))
}

fn meta_name(op: &Operation) -> String {
    format!("OP_{}", crate::naming::const_name(&op.type_stem))
}

/// One method: builds the request and returns the runtime's `Call` future.
pub fn operation(index: &Index<'_>, op: &Operation) -> ImplItem {
    let meta = meta_name(op);
    let mut args: Vec<(Ident, Type)> = Vec::new();
    let mut validation: Vec<Stmt> = Vec::new();
    let path_params: Vec<&Parameter> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    for p in &path_params {
        args.push((ident(&p.rust_name), path_arg_type(index, &p.ty)));
        let checks = constraint_checks(index, &p.ty, &p.constraints, &p.wire_name, "value");
        if !checks.is_empty() {
            let mut block = vec![
                let_("value", false, reference(expr_path(&p.rust_name))),
                let_pat(
                    pat_tuple(&["path", "out"]),
                    None,
                    method(expr_path("checks"), "parts", []),
                ),
            ];
            block.extend(checks);
            validation.push(tail(block_expr(block)));
        }
    }
    let has_params = op.params.iter().any(|p| p.location != ParamLocation::Path);
    if has_params {
        args.push((
            ident("params"),
            ref_type(ty(&format!("params::{}Params", op.type_stem))),
        ));
    }
    if let Some(b) = &op.body {
        let ty_ = match b.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                ref_type(rust_type(&b.ty, "types"))
            }
            BodyEncoding::Text => ref_type(ty("str")),
            BodyEncoding::Bytes => generic("::std::vec::Vec", [ty("u8")]),
        };
        let ty_ = if b.required {
            ty_
        } else {
            generic("::std::option::Option", [ty_])
        };
        args.push((ident("body"), ty_));
    }
    // Path.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((wire, tail_)) = after.split_once('}') else {
            break;
        };
        fmt.push_str(&encode_path_literal(literal));
        if let Some(p) = path_params.iter().find(|p| p.wire_name == wire) {
            let name = ident(&p.rust_name);
            fmt.push_str("{}");
            let encode = path(runtime::ENCODE_PATH);
            fmt_args.push(quote!(#encode(&#name)));
        }
        rest = tail_;
    }
    fmt.push_str(&encode_path_literal(rest));
    let path_expr = if fmt_args.is_empty() {
        call_path(
            "::std::string::String::from",
            [lit_str(&fmt.replace("{{", "{").replace("}}", "}"))],
        )
    } else {
        macro_call("::std::format", quote!(#fmt, #(#fmt_args),*))
    };
    // Parameters.
    let params = || expr_path("params");
    let setters = op.params.iter().filter_map(|p| {
        let wire = || lit_str(&p.wire_name);
        let place = || field(params(), &p.rust_name);
        let to_string = |v: Expr| {
            method(
                call_path("::serde_json::to_string", [v]),
                "unwrap_or_default",
                [],
            )
        };
        let value = if simple_param(index, &p.ty) {
            reference(place())
        } else if p.required {
            reference(to_string(reference(place())))
        } else {
            reference(method(
                method(place(), "as_ref", []),
                "map",
                [closure("v", to_string(expr_path("v")))],
            ))
        };
        Some(match p.location {
            ParamLocation::Query if p.style == (QueryStyle::Form { explode: true }) => {
                request("query", [wire(), value])
            }
            ParamLocation::Query => request("query_with", [wire(), value, query_style(p.style)]),
            ParamLocation::Header => request("header", [wire(), value]),
            ParamLocation::Cookie => request("cookie", [wire(), value]),
            // Path parameters are in the path.
            ParamLocation::Path => return None,
        })
    });
    let setters: Vec<Stmt> = setters.collect();
    // The parameter struct's `Validate` checks the constraints of its fields, if any.
    let params_checked = op.params.iter().any(|p| {
        p.location != ParamLocation::Path
            && super::validate::has_checks(index, &p.ty, &p.constraints)
    });
    if params_checked {
        validation.push(check_value("params", params()));
    }
    let mut body_set = Vec::new();
    if let Some(b) = &op.body {
        let json_like = matches!(
            b.encoding,
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
        );
        if json_like && super::types::needs_validation(index, &b.ty) {
            validation.push(if b.required {
                check_value("body", expr_path("body"))
            } else {
                check_value("body", reference(expr_path("body")))
            });
        }
        let media = || lit_str(&b.media_type);
        let body = || expr_path("body");
        let set = match b.encoding {
            BodyEncoding::Json => vec![request("json", [body()])],
            BodyEncoding::Form => vec![request("form", [body()])],
            BodyEncoding::Text => vec![request(
                "body_bytes",
                [
                    media(),
                    method(
                        call_path("::std::string::String::from", [body()]),
                        "into_bytes",
                        [],
                    ),
                ],
            )],
            BodyEncoding::Bytes => vec![request("body_bytes", [media(), body()])],
            BodyEncoding::Multipart => {
                let mut set = vec![let_(
                    "form",
                    true,
                    call_path(&runtime::member(runtime::MULTIPART, "new"), []),
                )];
                set.extend(multipart_parts(index, &b.ty));
                set.push(request("multipart", [expr_path("form")]));
                set
            }
        };
        if b.required {
            body_set = set;
        } else {
            body_set.push(tail(if_let(pat_some(pat_ident("body")), body(), set)));
        }
    }
    // The method reads its inputs into the request (input checks, problems serialising the
    // body) and returns the runtime's `Call`: the one state machine of every call, which
    // fails before sending when the request has violations or problems.
    let mut stmts = Vec::new();
    let checked = !validation.is_empty();
    if checked {
        stmts.push(let_(
            "checks",
            true,
            call_path(&runtime::member(runtime::CHECKS, "new"), []),
        ));
        stmts.extend(validation);
    }
    let mutable =
        checked || op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some();
    stmts.push(let_(
        "request",
        mutable,
        call_path(
            &runtime::member(runtime::REQUEST_SPEC, "new"),
            [reference(expr_path(&meta)), path_expr],
        ),
    ));
    if checked {
        stmts.push(request("checked", [expr_path("checks")]));
    }
    stmts.extend(setters);
    stmts.extend(body_set);
    stmts.push(tail(method(
        field(expr_path("self"), "core"),
        "call",
        [
            expr_path("request"),
            reference(expr_path(&meta)),
            closure("raw", dispatch(op)),
        ],
    )));
    let mut sig_lines = vec![format!("`{} {}`", op.method, op.path)];
    if op.idempotent {
        sig_lines.push(String::new());
        sig_lines
            .push("Idempotent: retried by default on 429, 503 and connection failures.".to_owned());
    }
    let mut attrs: Vec<Attribute> = doc_attrs(&op.docs);
    if !attrs.is_empty() {
        attrs.push(doc("", false));
    }
    attrs.extend(doc_lines(&sig_lines));
    // Clippy counts the receiver too.
    attrs.extend(many_arguments(args.len() + 1));
    let mut sig = Sig::new(&op.fn_name);
    sig.receiver = Some(Receiver::Borrowed);
    sig.args = args;
    sig.output = Some(super::syntax::impl_with_lifetime(
        runtime::CALL,
        [
            success_type(op),
            ty(&format!("errors::{}Error", op.type_stem)),
        ],
        "'_",
    ));
    impl_fn(attrs, true, sig, stmts)
}

/// The `OperationMeta` constant of an operation.
pub fn operation_meta(op: &Operation) -> Item {
    let alternatives = op.security.iter().map(|alt| {
        reference(array(
            alt.iter().map(|k| reference(expr_path(&scheme_const(k)))),
        ))
    });
    const_item(
        Vec::new(),
        false,
        ident(&meta_name(op)),
        ty(runtime::OPERATION_META),
        struct_expr(
            runtime::OPERATION_META,
            [
                (ident("operation_id"), lit_str(&op.operation_id)),
                (ident("method"), lit_str(&op.method)),
                (ident("path"), lit_str(&op.path)),
                (ident("idempotent"), lit_bool(op.idempotent)),
                (ident("security"), reference(array(alternatives))),
            ],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::{encode_path_literal, idempotency_header, Api};

    fn api(yaml: &str) -> Api {
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    fn spec(servers: &str, header: &str) -> String {
        format!(
            r#"
openapi: 3.0.3
info: {{ title: t, version: "1" }}
servers: {servers}
paths:
  /orders:
    post:
      operationId: createOrder
      parameters:
        - {{ name: {header}, in: header, schema: {{ type: string }} }}
      responses: {{ "204": {{ description: done }} }}
"#
        )
    }

    fn default_base_url(api: &Api) -> String {
        let mut items = Vec::new();
        super::client(api, &mut items);
        let text = prettyplease::unparse(&syn::File {
            shebang: None,
            attrs: Vec::new(),
            items,
        });
        let line = text
            .lines()
            .find(|l| l.contains("const DEFAULT_BASE_URL"))
            .expect("the constant");
        line.split('"').nth(1).unwrap_or_default().to_owned()
    }

    #[test]
    fn only_a_usable_server_is_the_default_base_url() {
        let placeholder_first = api(&spec(
            "[{ url: 'https://api.example.com' }, { url: 'https://{org}.vendor.io', variables: { org: { default: unknown } } }, { url: 'https://api.vendor.io/v2' }]",
            "X-Trace",
        ));
        let usable: Vec<bool> = placeholder_first.servers.iter().map(|s| s.usable).collect();
        assert_eq!(usable, [false, false, true]);
        assert_eq!(
            default_base_url(&placeholder_first),
            "https://api.vendor.io/v2"
        );
        let none = api(&spec("[{ url: 'http://localhost:8080' }]", "X-Trace"));
        assert_eq!(default_base_url(&none), "");
        let no_servers = api(&spec("[]", "X-Trace"));
        assert_eq!(default_base_url(&no_servers), "");
    }

    #[test]
    fn the_documented_idempotency_header_is_found() {
        assert_eq!(
            idempotency_header(&api(&spec("[]", "X-Idempotency-Key"))).as_deref(),
            Some("X-Idempotency-Key")
        );
        assert_eq!(
            idempotency_header(&api(&spec("[]", "Idempotency-Key"))),
            None
        );
        assert_eq!(idempotency_header(&api(&spec("[]", "X-Trace"))), None);
    }

    #[test]
    fn path_literals_keep_path_characters_and_encode_the_rest() {
        assert_eq!(
            encode_path_literal("#get_shared_link"),
            "%23get_shared_link"
        );
        assert_eq!(encode_path_literal(":cancel"), ":cancel");
        assert_eq!(encode_path_literal("/@me/a;b=c,d"), "/@me/a;b=c,d");
        assert_eq!(encode_path_literal("/a?b"), "/a%3Fb");
        assert_eq!(encode_path_literal("/a b/é"), "/a%20b/%C3%A9");
        assert_eq!(encode_path_literal("/100%25/50%"), "/100%25/50%25");
        assert_eq!(encode_path_literal("/x}"), "/x}}");
    }
}
