//! One API module: its documentation, servers, security setters and operations (method
//! signatures, parameter structs, request bodies, success and error enums).

use super::context::{body_rust_type, spell, spell_opt, At, Ctx, Use};
use super::types::{compare_members, compare_types, constraints, uri_format, Container, Member};
use super::{Change, Verdict};
use crate::diagnostic::{pointer_of, pointer_push};
use crate::ir::{
    Api, Operation, ParamLocation, Parameter, SecurityKind, Server, StatusMatch, TypeRef,
};
use crate::shape::{Construction, Presence};

/// Every change between two versions of one API module.
pub fn compare_api(base: &Api, head: &Api) -> Vec<Change> {
    let mut ctx = Ctx::new(base, head);
    if base.title != head.title
        || base.version != head.version
        || base.description != head.description
    {
        ctx.push(
            Verdict::Docs,
            "",
            "module documentation (title, version or description) changes".to_owned(),
            At::Head("/info"),
        );
    }
    servers(&mut ctx);
    security(&mut ctx);
    operations(&mut ctx);
    webhooks(&mut ctx);
    compare_types(&mut ctx);
    ctx.changes
}

fn servers(ctx: &mut Ctx<'_>) {
    let (base, head) = (ctx.base, ctx.head);
    for (i, s) in base.servers.iter().enumerate() {
        let item = format!("servers::{}", s.const_name);
        match head
            .servers
            .iter()
            .position(|t| t.const_name == s.const_name)
        {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                if s.variables.is_empty() {
                    "server constant removed".to_owned()
                } else {
                    format!(
                        "server constant and its URL function `{}` removed",
                        url_fn(&s.const_name)
                    )
                },
                At::Base(&pointer_of(["servers", &i.to_string()])),
            ),
            Some(j) => {
                // `j` comes from `position` over this same list, so it is in bounds.
                let t = &head.servers[j];
                let pointer = pointer_of(["servers", &j.to_string()]);
                server_variables(ctx, s, t, &pointer);
                if s.url != t.url {
                    ctx.push(
                        Verdict::Compatible,
                        &item,
                        format!("value `{}` -> `{}`", s.url, t.url),
                        At::Head(&pointer),
                    );
                }
                if s.description != t.description {
                    ctx.push(
                        Verdict::Docs,
                        &item,
                        "description changes".to_owned(),
                        At::Head(&pointer),
                    );
                }
            }
        }
    }
    for (j, t) in head.servers.iter().enumerate() {
        if !base.servers.iter().any(|s| s.const_name == t.const_name) {
            ctx.push(
                Verdict::Compatible,
                &format!("servers::{}", t.const_name),
                format!("new server constant `{}`", t.url),
                At::Head(&pointer_of(["servers", &j.to_string()])),
            );
        }
    }
    let default_url = |api: &Api| {
        api.servers
            .iter()
            .find(|s| s.url.starts_with("http://") || s.url.starts_with("https://"))
            .map(|s| s.url.clone())
            .unwrap_or_default()
    };
    let (a, b) = (default_url(base), default_url(head));
    if a != b {
        ctx.push(
            Verdict::Compatible,
            "ClientBuilder",
            format!(
                "default base URL `{a}` -> `{b}`: clients that do not set one call the new URL"
            ),
            At::Head("/servers"),
        );
    }
}

/// The webhook parse functions (`webhooks::parse_<name>`): one per webhook with a JSON
/// payload, whose return type is the payload's.
fn webhooks(ctx: &mut Ctx<'_>) {
    fn parse_fns(api: &Api) -> Vec<(&str, String, &str)> {
        api.webhooks
            .iter()
            .filter_map(|w| {
                let body = w.body.as_ref()?;
                (body.encoding == crate::ir::BodyEncoding::Json)
                    .then(|| (w.fn_name.as_str(), spell(&body.ty), w.pointer.as_str()))
            })
            .collect()
    }
    let (base, head) = (parse_fns(ctx.base), parse_fns(ctx.head));
    for (name, ty, pointer) in &base {
        let item = format!("webhooks::{name}");
        match head.iter().find(|(n, _, _)| n == name) {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                "webhook parse function removed".to_owned(),
                At::Base(pointer),
            ),
            Some((_, new, at)) if new != ty => ctx.push(
                Verdict::Breaking,
                &item,
                format!("payload type `{ty}` -> `{new}`"),
                At::Head(at),
            ),
            Some(_) => {}
        }
    }
    for (name, ty, pointer) in &head {
        if !base.iter().any(|(n, _, _)| n == name) {
            ctx.push(
                Verdict::Compatible,
                &format!("webhooks::{name}"),
                format!("new webhook parse function returning `{ty}`"),
                At::Head(pointer),
            );
        }
    }
}

/// The function that fills in a server's URL variables (`servers::production`).
fn url_fn(const_name: &str) -> String {
    format!("servers::{}", crate::naming::snake(const_name))
}

/// A server with variables also has a function taking one `&str` per variable, in template
/// order: the names and their order are its signature and the meaning of each argument.
fn server_variables(ctx: &mut Ctx<'_>, s: &Server, t: &Server, pointer: &str) {
    let names = |server: &Server| -> Vec<String> {
        server
            .variables
            .iter()
            .map(|v| v.rust_name.clone())
            .collect()
    };
    let (a, b) = (names(s), names(t));
    let item = url_fn(&t.const_name);
    let at = At::Head(pointer);
    match (a.is_empty(), b.is_empty()) {
        (true, true) => {}
        (true, false) => ctx.push(
            Verdict::Compatible,
            &item,
            format!(
                "new function filling the URL's variables ({})",
                b.join(", ")
            ),
            at,
        ),
        (false, true) => ctx.push(
            Verdict::Breaking,
            &item,
            "function removed: the URL has no variables left".to_owned(),
            at,
        ),
        (false, false) if a != b => ctx.push(
            Verdict::Breaking,
            &item,
            format!(
                "arguments change from ({}) to ({})",
                a.join(", "),
                b.join(", ")
            ),
            at,
        ),
        (false, false) if s.template != t.template => ctx.push(
            Verdict::Compatible,
            &item,
            format!("URL template `{}` -> `{}`", s.template, t.template),
            at,
        ),
        (false, false) => {}
    }
}

/// Where a credential goes, for messages.
fn placement(kind: &SecurityKind) -> String {
    match kind {
        SecurityKind::ApiKeyHeader(h) => format!("header `{h}`"),
        SecurityKind::ApiKeyQuery(q) => format!("query parameter `{q}`"),
        SecurityKind::ApiKeyCookie(c) => format!("cookie `{c}`"),
        SecurityKind::Bearer => "bearer token".to_owned(),
        SecurityKind::Basic => "basic credentials".to_owned(),
    }
}

/// Security alternatives, for messages: `A + B or C`, `none` when empty.
fn requirements(security: &[Vec<String>]) -> String {
    if security.is_empty() {
        return "none".to_owned();
    }
    security
        .iter()
        .map(|alt| {
            if alt.is_empty() {
                "anonymous".to_owned()
            } else {
                alt.join(" + ")
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

/// A status as the spec writes it: `404`, `4XX`, `default`.
fn status(s: StatusMatch) -> String {
    match s {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "default".to_owned(),
    }
}

/// How a security setter is called: `(username, password)` for basic, one value otherwise.
fn setter_arity(kind: &SecurityKind) -> usize {
    match kind {
        SecurityKind::Basic => 2,
        _ => 1,
    }
}

fn security(ctx: &mut Ctx<'_>) {
    let (base, head) = (ctx.base, ctx.head);
    let pointer = |key: &str| pointer_of(["components", "securitySchemes", key]);
    for s in &base.security_schemes {
        let item = format!("ClientBuilder::{}", s.rust_name);
        match head
            .security_schemes
            .iter()
            .find(|t| t.rust_name == s.rust_name)
        {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                format!("credential setter for `{}` removed", s.key),
                At::Base(&pointer(&s.key)),
            ),
            Some(t) => {
                let at = pointer(&t.key);
                if setter_arity(&s.kind) != setter_arity(&t.kind) {
                    ctx.push(
                        Verdict::Breaking,
                        &item,
                        format!(
                            "arguments change: {} -> {}",
                            placement(&s.kind),
                            placement(&t.kind)
                        ),
                        At::Head(&at),
                    );
                } else if s.kind != t.kind || s.key != t.key {
                    ctx.push(
                        Verdict::Compatible,
                        &item,
                        format!(
                            "credential placement {} -> {} (scheme `{}` -> `{}`); the setter is unchanged",
                            placement(&s.kind), placement(&t.kind), s.key, t.key
                        ),
                        At::Head(&at),
                    );
                }
                if s.description != t.description {
                    ctx.push(
                        Verdict::Docs,
                        &item,
                        "description changes".to_owned(),
                        At::Head(&at),
                    );
                }
            }
        }
    }
    for t in &head.security_schemes {
        if !base
            .security_schemes
            .iter()
            .any(|s| s.rust_name == t.rust_name)
        {
            ctx.push(
                Verdict::Compatible,
                &format!("ClientBuilder::{}", t.rust_name),
                format!("new credential setter for `{}`", t.key),
                At::Head(&pointer(&t.key)),
            );
        }
    }
}

fn operations(ctx: &mut Ctx<'_>) {
    let (base, head) = (ctx.base, ctx.head);
    let find = |api: &'_ Api, name: &str| -> Option<usize> {
        api.operations.iter().position(|o| o.fn_name == name)
    };
    let mut renamed_to: Vec<usize> = Vec::new();
    for o in &base.operations {
        if let Some(j) = find(head, &o.fn_name) {
            // `j` comes from `position` over this same list, so it is in bounds.
            compare_operation(ctx, o, &head.operations[j]);
            continue;
        }
        let item = format!("Client::{}", o.fn_name);
        let same_endpoint = head.operations.iter().position(|n| {
            n.method == o.method && n.path == o.path && find(base, &n.fn_name).is_none()
        });
        match same_endpoint {
            Some(j) if !renamed_to.contains(&j) => {
                // `j` comes from `position` over this same list, so it is in bounds.
                let n = &head.operations[j];
                renamed_to.push(j);
                ctx.push(
                    Verdict::Breaking,
                    &item,
                    format!(
                        "method renamed to `{}` (`{} {}`, operationId `{}` -> `{}`); its error, parameter and success types are renamed with it",
                        n.fn_name, n.method, n.path, o.operation_id, n.operation_id
                    ),
                    At::Head(&n.pointer),
                );
            }
            _ => ctx.push(
                Verdict::Breaking,
                &item,
                format!(
                    "method removed (`{} {}`), with {}",
                    o.method,
                    o.path,
                    operation_types(o)
                ),
                At::Base(&o.pointer),
            ),
        }
    }
    for (j, n) in head.operations.iter().enumerate() {
        if find(base, &n.fn_name).is_none() && !renamed_to.contains(&j) {
            ctx.push(
                Verdict::Compatible,
                &format!("Client::{}", n.fn_name),
                format!("new method (`{} {}`)", n.method, n.path),
                At::Head(&n.pointer),
            );
        }
    }
}

/// The per-operation types that go with a method, for messages.
fn operation_types(op: &Operation) -> String {
    let mut names = vec![format!("`errors::{}Error`", op.type_stem)];
    if !struct_params(op).is_empty() {
        names.push(format!("`params::{}Params`", op.type_stem));
    }
    if matches!(success_shape(op), Success::Enum(_)) {
        names.push(format!("`responses::{}Success`", op.type_stem));
    }
    names.join(" and ")
}

/// The place name of a parameter that is a field of the parameter struct.
fn place(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path => "path parameter",
    }
}

fn param_member(p: &Parameter) -> Member<'_> {
    Member {
        rust_name: &p.rust_name,
        wire_name: &p.wire_name,
        ty: p.ty.clone(),
        presence: Presence::of_param(p),
        required: p.required,
        constraints: &p.constraints,
        docs: &p.docs,
        pointer: &p.pointer,
        place: Some(place(p.location)),
        read_only: false,
    }
}

fn compare_operation(ctx: &mut Ctx<'_>, o: &Operation, n: &Operation) {
    let method = format!("Client::{}", n.fn_name);
    let at = At::Head(&n.pointer);
    if o.type_stem != n.type_stem {
        ctx.push(
            Verdict::Breaking,
            &format!("errors::{}Error", o.type_stem),
            format!(
                "per-operation types renamed from `{}*` to `{}*` (error, parameter and success types)",
                o.type_stem, n.type_stem
            ),
            at,
        );
    }
    if o.method != n.method || o.path != n.path {
        ctx.push(
            Verdict::Compatible,
            &method,
            format!(
                "now calls `{} {}` instead of `{} {}`",
                n.method, n.path, o.method, o.path
            ),
            at,
        );
    }
    path_arguments(ctx, &method, o, n);
    parameters(ctx, &method, o, n);
    body(ctx, &method, o, n);
    success(ctx, &method, o, n);
    errors(ctx, o, n);
    if o.security != n.security {
        ctx.push(
            Verdict::Compatible,
            &method,
            format!(
                "security requirements {} -> {}: set the matching credentials on the builder",
                requirements(&o.security),
                requirements(&n.security)
            ),
            at,
        );
    }
    if o.idempotent != n.idempotent {
        ctx.push(
            Verdict::Compatible,
            &method,
            if n.idempotent {
                "now idempotent: retried by default".to_owned()
            } else {
                "no longer idempotent: not retried by default".to_owned()
            },
            at,
        );
    }
    if o.operation_id != n.operation_id {
        ctx.push(
            Verdict::Compatible,
            &method,
            format!(
                "operationId `{}` -> `{}` (shown in errors); the method name is unchanged",
                o.operation_id, n.operation_id
            ),
            at,
        );
    }
    ctx.docs(&method, "method", &o.docs, &n.docs, at);
}

fn path_params(op: &Operation) -> Vec<&Parameter> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect()
}

fn path_arguments(ctx: &mut Ctx<'_>, method: &str, o: &Operation, n: &Operation) {
    let (a, b) = (path_params(o), path_params(n));
    let same = a.len() == b.len() && a.iter().zip(&b).all(|(x, y)| ctx.same_type(&x.ty, &y.ty));
    if !same {
        let list = |ps: &[&Parameter]| {
            ps.iter()
                .map(|p| format!("{}: {}", p.rust_name, spell(&p.ty)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        ctx.push(
            Verdict::Breaking,
            method,
            format!(
                "path arguments change from ({}) to ({})",
                list(&a),
                list(&b)
            ),
            At::Head(&n.pointer),
        );
    }
    let request = Use {
        request: true,
        response: false,
    };
    for p in &a {
        if let Some(q) = b.iter().find(|q| q.rust_name == p.rust_name) {
            let item = format!("{method}::{}", q.rust_name);
            let at = At::Head(&q.pointer);
            constraints(ctx, &item, request, &p.constraints, &q.constraints, at);
            uri_format(ctx, &item, request, &p.ty, &q.ty, at);
            ctx.docs(&item, "path parameter", &p.docs, &q.docs, at);
        }
    }
}

/// Query, header and cookie parameters: the fields of the parameter struct.
fn struct_params(op: &Operation) -> Vec<&Parameter> {
    op.params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect()
}

fn parameters(ctx: &mut Ctx<'_>, method: &str, o: &Operation, n: &Operation) {
    let (a, b) = (struct_params(o), struct_params(n));
    let name = format!("params::{}Params", n.type_stem);
    match (a.is_empty(), b.is_empty()) {
        (true, true) => {}
        (true, false) => ctx.push(
            Verdict::Breaking,
            method,
            format!("gains a `params: &{name}` argument (first query, header or cookie parameter)"),
            At::Head(&n.pointer),
        ),
        (false, true) => ctx.push(
            Verdict::Breaking,
            method,
            format!(
                "loses its `params: &params::{}Params` argument (no query, header or cookie parameters left)",
                o.type_stem
            ),
            At::Head(&n.pointer),
        ),
        (false, false) => {
            let container = Container {
                path: name,
                noun: "parameter",
                used: Use {
                    request: true,
                    response: false,
                },
                construction: Construction::of_params,
            };
            let old: Vec<Member<'_>> = a.iter().map(|p| param_member(p)).collect();
            let new: Vec<Member<'_>> = b.iter().map(|p| param_member(p)).collect();
            compare_members(ctx, &container, &old, &new);
        }
    }
}

/// The `body` argument of a method: its Rust type and whether it is an `Option`.
fn body_arg(op: &Operation) -> Option<(TypeRef, bool)> {
    op.body
        .as_ref()
        .map(|b| (body_rust_type(&b.ty, &b.encoding), b.required))
}

fn body(ctx: &mut Ctx<'_>, method: &str, o: &Operation, n: &Operation) {
    let describe = |arg: &Option<(TypeRef, bool)>| match arg {
        None => "none".to_owned(),
        Some((ty, true)) => format!("&{}", spell(ty)),
        Some((ty, false)) => format!("Option<&{}>", spell(ty)),
    };
    let (a, b) = (body_arg(o), body_arg(n));
    let same = match (&a, &b) {
        (None, None) => true,
        (Some((x, xr)), Some((y, yr))) => xr == yr && ctx.same_type(x, y),
        _ => false,
    };
    let pointer = n.body.as_ref().map_or_else(
        || pointer_push(&n.pointer, "requestBody"),
        |b| b.pointer.clone(),
    );
    if !same {
        ctx.push(
            Verdict::Breaking,
            method,
            format!(
                "body argument changes from {} to {}",
                describe(&a),
                describe(&b)
            ),
            At::Head(&pointer),
        );
    }
    if let (Some(x), Some(y)) = (&o.body, &n.body) {
        let at = At::Head(&pointer);
        if x.media_type != y.media_type {
            ctx.push(
                Verdict::Compatible,
                method,
                format!(
                    "request body is sent as `{}` instead of `{}`",
                    y.media_type, x.media_type
                ),
                at,
            );
        }
        if x.example != y.example {
            ctx.push(
                Verdict::Docs,
                method,
                "request body example changes".to_owned(),
                at,
            );
        }
        ctx.docs(method, "request body", &x.docs, &y.docs, at);
    }
}

/// What a method returns on success, as `emit/responses.rs` shapes it.
#[derive(Debug, PartialEq)]
enum Success {
    /// One type (`()` when no success response has a body).
    Single(Option<TypeRef>),
    /// `responses::{Stem}Success`, with the variant and payload of each success status.
    Enum(Vec<(String, Option<TypeRef>)>),
}

fn success_shape(op: &Operation) -> Success {
    let mut distinct = Vec::new();
    for r in op.responses.iter().filter(|r| r.success) {
        let body = r.body.as_ref().map(|b| (b.ty.clone(), b.encoding.clone()));
        if !distinct.contains(&body) {
            distinct.push(body);
        }
    }
    if distinct.len() < 2 {
        let ty = distinct
            .into_iter()
            .flatten()
            .next()
            .map(|(ty, encoding)| body_rust_type(&ty, &encoding));
        return Success::Single(ty);
    }
    Success::Enum(
        op.responses
            .iter()
            .filter(|r| r.success)
            .map(|r| {
                let ty = r.body.as_ref().map(|b| body_rust_type(&b.ty, &b.encoding));
                (r.variant.clone(), ty)
            })
            .collect(),
    )
}

fn same_opt(ctx: &Ctx<'_>, a: &Option<TypeRef>, b: &Option<TypeRef>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), Some(y)) => ctx.same_type(x, y),
        _ => false,
    }
}

fn success(ctx: &mut Ctx<'_>, method: &str, o: &Operation, n: &Operation) {
    let at = At::Head(&n.pointer);
    match (success_shape(o), success_shape(n)) {
        (Success::Single(a), Success::Single(b)) => {
            if !same_opt(ctx, &a, &b) {
                ctx.push(
                    Verdict::Breaking,
                    method,
                    format!(
                        "success type {} -> {}",
                        spell_opt(a.as_ref()),
                        spell_opt(b.as_ref())
                    ),
                    at,
                );
            }
        }
        (Success::Enum(a), Success::Enum(b)) => {
            let name = format!("responses::{}Success", n.type_stem);
            variants(ctx, &name, "success status", &a, &b, o, n);
        }
        (Success::Single(a), Success::Enum(_)) => ctx.push(
            Verdict::Breaking,
            method,
            format!(
                "success type {} -> `responses::{}Success` (success statuses now carry different bodies)",
                spell_opt(a.as_ref()),
                n.type_stem
            ),
            at,
        ),
        (Success::Enum(_), Success::Single(b)) => ctx.push(
            Verdict::Breaking,
            method,
            format!(
                "success type `responses::{}Success` -> {}",
                o.type_stem,
                spell_opt(b.as_ref())
            ),
            at,
        ),
    }
    for r in n.responses.iter().filter(|r| r.success) {
        if let Some(q) = o.responses.iter().find(|q| q.status == r.status) {
            if q.description != r.description || q.headers != r.headers {
                ctx.push(
                    Verdict::Docs,
                    method,
                    format!("documentation of the {} response changes", status(r.status)),
                    At::Head(&r.pointer),
                );
            }
        }
    }
}

fn error_variants(op: &Operation) -> Vec<(String, Option<TypeRef>)> {
    op.responses
        .iter()
        .filter(|r| !r.success)
        .map(|r| {
            let ty = r.body.as_ref().map(|b| body_rust_type(&b.ty, &b.encoding));
            (r.variant.clone(), ty)
        })
        .collect()
}

fn errors(ctx: &mut Ctx<'_>, o: &Operation, n: &Operation) {
    let name = format!("errors::{}Error", n.type_stem);
    variants(
        ctx,
        &name,
        "documented error status",
        &error_variants(o),
        &error_variants(n),
        o,
        n,
    );
    for r in n.responses.iter().filter(|r| !r.success) {
        if let Some(q) = o.responses.iter().find(|q| q.variant == r.variant) {
            let item = format!("{name}::{}", r.variant);
            if q.status != r.status {
                ctx.push(
                    Verdict::Compatible,
                    &item,
                    format!(
                        "now matches status {} instead of {}",
                        status(r.status),
                        status(q.status)
                    ),
                    At::Head(&r.pointer),
                );
            }
            if q.description != r.description || q.headers != r.headers {
                ctx.push(
                    Verdict::Docs,
                    &item,
                    "documentation of the response changes".to_owned(),
                    At::Head(&r.pointer),
                );
            }
        }
    }
}

/// Variants of a `#[non_exhaustive]` per-operation enum: removing one or changing its payload
/// breaks callers, adding one does not.
fn variants(
    ctx: &mut Ctx<'_>,
    enum_path: &str,
    what: &str,
    a: &[(String, Option<TypeRef>)],
    b: &[(String, Option<TypeRef>)],
    o: &Operation,
    n: &Operation,
) {
    let pointer_in = |op: &Operation, variant: &str| {
        op.responses
            .iter()
            .find(|r| r.variant == variant)
            .map_or_else(|| op.pointer.clone(), |r| r.pointer.clone())
    };
    for (variant, ty) in a {
        let item = format!("{enum_path}::{variant}");
        match b.iter().find(|(v, _)| v == variant) {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                format!("{what} removed: the variant is gone"),
                At::Base(&pointer_in(o, variant)),
            ),
            Some((_, other)) if !same_opt(ctx, ty, other) => ctx.push(
                Verdict::Breaking,
                &item,
                format!(
                    "payload {} -> {}",
                    spell_opt(ty.as_ref()),
                    spell_opt(other.as_ref())
                ),
                At::Head(&pointer_in(n, variant)),
            ),
            Some(_) => {}
        }
    }
    for (variant, ty) in b {
        if !a.iter().any(|(v, _)| v == variant) {
            ctx.push(
                Verdict::Compatible,
                &format!("{enum_path}::{variant}"),
                format!(
                    "new {what} with payload {} (the enum is #[non_exhaustive]; this status used to arrive as another variant)",
                    spell_opt(ty.as_ref())
                ),
                At::Head(&pointer_in(n, variant)),
            );
        }
    }
}
