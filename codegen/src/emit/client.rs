//! The async client of one API: servers, security schemes, the builder, parameter structs and
//! one method per operation. The HTTP work itself lives in the generated crate's runtime; each
//! method only validates, builds the request and dispatches on the status.

use super::responses::{dispatch, success_type};
use super::types::{doc_attrs, doc_lines, ident, rust_type, scalar_of};
use super::validate::constraint_checks;
use super::Index;
use crate::ir::{
    Api, BodyEncoding, Operation, ParamLocation, Parameter, Primitive, QueryStyle, SecurityKind,
    TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Server constants and the `Server`-free default base URL.
pub fn servers(api: &Api) -> TokenStream {
    let consts = api.servers.iter().map(|s| {
        let name = ident(&s.const_name);
        let url = &s.url;
        let doc = doc_lines(&[format!(
            "{} (`{}`).",
            s.description.as_deref().unwrap_or("Server"),
            s.url
        )]);
        let url_fn = (!s.variables.is_empty()).then(|| {
            let fn_name = ident(&crate::naming::snake(&s.const_name));
            let args = s.variables.iter().map(|v| {
                let arg = ident(&v.rust_name);
                quote!(#arg: &str)
            });
            let template = &s.template;
            let replacements = s.variables.iter().map(|v| {
                let arg = ident(&v.rust_name);
                let placeholder = format!("{{{}}}", v.name);
                quote!(.replace(#placeholder, #arg))
            });
            let mut lines = vec![format!("`{}` with its variables filled in.", s.template)];
            for v in &s.variables {
                lines.push(String::new());
                let about = v
                    .description
                    .as_deref()
                    .unwrap_or("")
                    .lines()
                    .next()
                    .unwrap_or("");
                lines.push(format!(
                    "`{}` (default `{}`): {about}",
                    v.rust_name, v.default
                ));
            }
            let doc = doc_lines(&lines);
            quote! {
                #doc
                pub fn #fn_name(#(#args),*) -> ::std::string::String {
                    ::std::string::String::from(#template) #(#replacements)*
                }
            }
        });
        quote!(#doc pub const #name: &str = #url; #url_fn)
    });
    quote! {
        /// The base URLs this API is published at.
        pub mod servers {
            #(#consts)*
        }
    }
}

fn scheme_const(key: &str) -> proc_macro2::Ident {
    format_ident!("SCHEME_{}", crate::naming::const_name(key))
}

/// `SchemeDef` constants, one per supported security scheme.
pub fn scheme_consts(api: &Api) -> TokenStream {
    let consts = api.security_schemes.iter().map(|s| {
        let name = scheme_const(&s.key);
        let key = &s.key;
        let placement = match &s.kind {
            SecurityKind::ApiKeyHeader(h) => quote!(crate::runtime::AuthPlacement::Header(#h)),
            SecurityKind::ApiKeyQuery(q) => quote!(crate::runtime::AuthPlacement::Query(#q)),
            SecurityKind::ApiKeyCookie(c) => quote!(crate::runtime::AuthPlacement::Cookie(#c)),
            SecurityKind::Bearer => quote!(crate::runtime::AuthPlacement::Bearer),
            SecurityKind::Basic => quote!(crate::runtime::AuthPlacement::Basic),
        };
        quote! {
            const #name: crate::runtime::SchemeDef = crate::runtime::SchemeDef { key: #key, placement: #placement };
        }
    });
    quote!(#(#consts)*)
}

/// The `Client` and `ClientBuilder` of an API.
pub fn client(api: &Api) -> TokenStream {
    let default_url = api
        .servers
        .iter()
        .find(|s| s.url.starts_with("http://") || s.url.starts_with("https://"))
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let setters = api.security_schemes.iter().map(|s| {
        let method = ident(&s.rust_name);
        let key = scheme_const(&s.key);
        let what = match &s.kind {
            SecurityKind::ApiKeyHeader(h) => format!("an API key sent in the `{h}` header"),
            SecurityKind::ApiKeyQuery(q) => format!("an API key sent as the `{q}` query parameter"),
            SecurityKind::ApiKeyCookie(c) => format!("an API key sent as the `{c}` cookie"),
            SecurityKind::Bearer => "a token sent as `Authorization: Bearer <token>`".to_owned(),
            SecurityKind::Basic => "HTTP basic credentials".to_owned(),
        };
        let mut lines = vec![format!("Sets the `{}` credential: {what}.", s.key)];
        if let Some(d) = &s.description {
            lines.push(String::new());
            lines.extend(d.lines().map(str::to_owned));
        }
        let docs = doc_lines(&lines);
        let (args, credential) = match s.kind {
            SecurityKind::Basic => (
                quote!(username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<crate::runtime::Secret>),
                quote!(basic(username, password)),
            ),
            SecurityKind::Bearer => (
                quote!(token: impl ::std::convert::Into<crate::runtime::Secret>),
                quote!(bearer(token)),
            ),
            _ => (
                quote!(key: impl ::std::convert::Into<crate::runtime::Secret>),
                quote!(api_key(key)),
            ),
        };
        quote! {
            #docs
            pub fn #method(self, #args) -> Self {
                self.credential(#key.key, crate::runtime::Credential::#credential)
            }
        }
    });
    let url_doc = if default_url.is_empty() {
        " The spec names no absolute server URL: set one with `base_url`.".to_owned()
    } else {
        format!(" Starts with the first server, `{default_url}`.")
    };
    let setters = (!api.security_schemes.is_empty()).then(|| {
        quote! {
            impl ClientBuilder {
                #(#setters)*
            }
        }
    });
    let scheme_keys = api.security_schemes.iter().map(|s| &s.key);
    let title = format!(" Client for {}.", api.title);
    quote! {
        #[doc = #title]
        ///
        /// Cheap to clone; clones share one connection pool.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: crate::runtime::ClientCore,
        }

        /// Configures a [`Client`]: base URL, timeout, retries and credentials.
        ///
        #[doc = #url_doc]
        pub type ClientBuilder = crate::runtime::Builder<Client>;

        impl crate::runtime::ApiClient for Client {
            const DEFAULT_BASE_URL: &'static str = #default_url;
            const SECURITY_SCHEMES: &'static [&'static str] = &[#(#scheme_keys),*];
            fn from_core(core: crate::runtime::ClientCore) -> Self {
                Self { core }
            }
        }

        #setters

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }
            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                self.core.base_url()
            }
        }
    }
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
pub fn params_struct(index: &Index<'_>, op: &Operation) -> Option<TokenStream> {
    let params: Vec<&Parameter> = op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .collect();
    if params.is_empty() {
        return None;
    }
    let name = format_ident!("{}Params", op.type_stem);
    let tp = quote!(super::types::);
    let fields = params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = rust_type(&p.ty, &tp);
        let ty = if p.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
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
            docs.extend(quote!(#[doc = ""]));
            docs.extend(more);
        }
        quote!(#docs pub #field: #ty,)
    });
    let required: Vec<&&Parameter> = params.iter().filter(|p| p.required).collect();
    let derive_default = if required.is_empty() {
        quote!(, Default)
    } else {
        TokenStream::new()
    };
    let ctor = (!required.is_empty()).then(|| {
        let args = required.iter().map(|p| {
            let field = ident(&p.rust_name);
            let ty = rust_type(&p.ty, &tp);
            quote!(#field: #ty)
        });
        let inits = params.iter().map(|p| {
            let field = ident(&p.rust_name);
            if p.required {
                quote!(#field)
            } else {
                quote!(#field: ::std::option::Option::None)
            }
        });
        let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            impl #name {
                /// Creates the parameters from the required ones; optional ones start empty.
                #allow
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }
        }
    });
    let checks: Vec<TokenStream> = params
        .iter()
        .map(|p| {
            let field = ident(&p.rust_name);
            let checks =
                constraint_checks(index, &p.ty, &p.constraints, &p.wire_name, &quote!(value));
            if checks.is_empty() {
                TokenStream::new()
            } else if p.required {
                quote!({ let value = &self.#field; #checks })
            } else {
                quote!(if let ::std::option::Option::Some(value) = &self.#field { #checks })
            }
        })
        .collect();
    let validate = super::validate::impl_validate(&name, checks);
    let doc = format!(" Parameters of `{}`.", op.fn_name);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #ctor
        #validate
    })
}

/// The parts of a multipart body (`body`, a reference): one per property of its struct, binary
/// properties as files, scalars as text and anything else as JSON text; for a body that is not
/// a plain struct, every property of what it serialises to.
fn multipart_parts(index: &Index<'_>, ty: &TypeRef) -> TokenStream {
    use super::models::Presence;
    let invalid = quote!(.map_err(|e| request.invalid(e))?);
    let def = match ty {
        TypeRef::Named(name) => match index.get(name).map(|d| &d.kind) {
            Some(TypeKind::Struct(s)) if s.additional.is_none() => Some(s),
            _ => None,
        },
        _ => None,
    };
    let Some(def) = def else {
        return quote!(form.fields(body) #invalid;);
    };
    let is_bytes = |ty: &TypeRef| scalar_of(index, ty) == Some(Primitive::Bytes);
    def.fields
        .iter()
        .map(|f| {
            let field = ident(&f.rust_name);
            let wire = &f.wire_name;
            let add = |value: TokenStream| {
                if f.flatten {
                    quote!(form.fields(#value) #invalid;)
                } else if is_bytes(&f.ty) {
                    quote!(form.file(#wire, #value);)
                } else if matches!(&f.ty, TypeRef::Array(item) if is_bytes(item)) {
                    quote!(for file in #value { form.file(#wire, file); })
                } else if simple_param(index, &f.ty) {
                    quote!(form.text(#wire, #value);)
                } else {
                    quote!(form.json(#wire, #value) #invalid;)
                }
            };
            match Presence::of(f) {
                Presence::Plain => add(quote!(&body.#field)),
                Presence::Optional => {
                    let add = add(quote!(value));
                    quote!(if let ::std::option::Option::Some(value) = &body.#field { #add })
                }
                Presence::DoubleOptional => {
                    let add = add(quote!(value));
                    quote!(if let ::std::option::Option::Some(::std::option::Option::Some(value)) = &body.#field { #add })
                }
            }
        })
        .collect()
}

fn query_style(style: QueryStyle) -> TokenStream {
    match style {
        QueryStyle::Form { explode } => {
            quote!(crate::runtime::QueryStyle::Form { explode: #explode })
        }
        QueryStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        QueryStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}

/// The argument type of a path parameter.
fn path_arg_type(index: &Index<'_>, ty: &TypeRef) -> TokenStream {
    match scalar_of(index, ty) {
        Some(Primitive::String | Primitive::Url) => quote!(&str),
        Some(p) => super::types::primitive(p),
        None => {
            let ty = rust_type(ty, &quote!(types::));
            quote!(&#ty)
        }
    }
}

/// One async method.
pub fn operation(index: &Index<'_>, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let meta = format_ident!("OP_{}", crate::naming::const_name(&op.type_stem));
    let error = format_ident!("{}Error", op.type_stem);
    let success = success_type(op);
    let mut args = Vec::new();
    let mut validation = Vec::new();
    let path_params: Vec<&Parameter> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .collect();
    for p in &path_params {
        let name = ident(&p.rust_name);
        let ty = path_arg_type(index, &p.ty);
        args.push(quote!(#name: #ty));
        let checks = constraint_checks(index, &p.ty, &p.constraints, &p.wire_name, &quote!(value));
        if !checks.is_empty() {
            validation.push(quote!({
                let value = &#name;
                let (path, out) = checks.parts();
                #checks
            }));
        }
    }
    let params_name = format_ident!("{}Params", op.type_stem);
    let has_params = op.params.iter().any(|p| p.location != ParamLocation::Path);
    if has_params {
        args.push(quote!(params: &params::#params_name));
    }
    let body_arg = op.body.as_ref().map(|b| {
        let ty = match b.encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                let ty = rust_type(&b.ty, &quote!(types::));
                quote!(&#ty)
            }
            BodyEncoding::Text => quote!(&str),
            BodyEncoding::Bytes => quote!(::std::vec::Vec<u8>),
        };
        if b.required {
            ty
        } else {
            quote!(::std::option::Option<#ty>)
        }
    });
    if let Some(ty) = &body_arg {
        args.push(quote!(body: #ty));
    }
    // Path.
    let mut fmt = String::new();
    let mut fmt_args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((wire, tail)) = after.split_once('}') else {
            break;
        };
        fmt.push_str(&literal.replace('{', "{{").replace('}', "}}"));
        if let Some(p) = path_params.iter().find(|p| p.wire_name == wire) {
            let name = ident(&p.rust_name);
            fmt.push_str("{}");
            fmt_args.push(quote!(crate::runtime::encode_path(&#name)));
        }
        rest = tail;
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path_expr = if fmt_args.is_empty() {
        let path = &op.path;
        quote!(::std::string::String::from(#path))
    } else {
        quote!(::std::format!(#fmt, #(#fmt_args),*))
    };
    // Parameters.
    let setters = op.params.iter().filter(|p| p.location != ParamLocation::Path).map(|p| {
        let field = ident(&p.rust_name);
        let wire = &p.wire_name;
        let value = if simple_param(index, &p.ty) {
            quote!(&params.#field)
        } else if p.required {
            quote!(&::serde_json::to_string(&params.#field).unwrap_or_default())
        } else {
            quote!(&params.#field.as_ref().map(|v| ::serde_json::to_string(v).unwrap_or_default()))
        };
        match p.location {
            ParamLocation::Query if p.style == (QueryStyle::Form { explode: true }) => {
                quote!(request.query(#wire, #value);)
            }
            ParamLocation::Query => {
                let style = query_style(p.style);
                quote!(request.query_with(#wire, #value, #style);)
            }
            ParamLocation::Header => quote!(request.header(#wire, #value);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, #value);),
            ParamLocation::Path => TokenStream::new(),
        }
    });
    // The parameter struct's `Validate` checks the constraints of its fields, if any.
    let params_checked = op.params.iter().any(|p| {
        p.location != ParamLocation::Path
            && !constraint_checks(index, &p.ty, &p.constraints, "", &quote!(v)).is_empty()
    });
    if params_checked {
        validation.push(quote!(checks.value(params);));
    }
    let body_set = op.body.as_ref().map(|b| {
        let json_like = matches!(
            b.encoding,
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
        );
        if json_like && super::types::needs_validation(index, &b.ty, 0) {
            validation.push(if b.required {
                quote!(checks.value(body);)
            } else {
                quote!(checks.value(&body);)
            });
        }
        let media = &b.media_type;
        let set = match b.encoding {
            BodyEncoding::Json => quote!(request.json(body)?;),
            BodyEncoding::Form => quote!(request.form(body)?;),
            BodyEncoding::Text => {
                quote!(request.body_bytes(#media, ::std::string::String::from(body).into_bytes());)
            }
            BodyEncoding::Bytes => quote!(request.body_bytes(#media, body);),
            BodyEncoding::Multipart => {
                let parts = multipart_parts(index, &b.ty);
                quote! {
                    let mut form = crate::runtime::Multipart::new();
                    #parts
                    request.multipart(form);
                }
            }
        };
        if b.required {
            set
        } else {
            quote!(if let ::std::option::Option::Some(body) = body { #set })
        }
    });
    let validate = (!validation.is_empty()).then(|| {
        quote! {
            let mut checks = crate::runtime::Checks::new();
            #(#validation)*
            checks.finish()?;
        }
    });
    let mut doc_lines_ = vec![format!("`{} {}`", op.method, op.path)];
    if op.idempotent {
        doc_lines_.push(String::new());
        doc_lines_
            .push("Idempotent: retried by default on 429, 503 and connection failures.".to_owned());
    }
    let sig_doc = doc_lines(&doc_lines_);
    let dispatch_tokens = dispatch(op);
    let docs = doc_attrs(&op.docs);
    let sep = if docs.is_empty() {
        TokenStream::new()
    } else {
        quote!(#[doc = ""])
    };
    let mutability =
        if op.params.iter().any(|p| p.location != ParamLocation::Path) || op.body.is_some() {
            quote!(mut)
        } else {
            TokenStream::new()
        };
    quote! {
        #docs
        #sep
        #sig_doc
        pub async fn #fn_name(&self, #(#args),*) -> ::std::result::Result<crate::runtime::Response<#success>, crate::runtime::Error<errors::#error>> {
            #validate
            let #mutability request = crate::runtime::RequestSpec::new(&#meta, #path_expr);
            #(#setters)*
            #body_set
            let raw = self.core.execute(request, &#meta).await?;
            #dispatch_tokens
        }
    }
}

/// The `OperationMeta` constant of an operation.
pub fn operation_meta(op: &Operation) -> TokenStream {
    let meta = format_ident!("OP_{}", crate::naming::const_name(&op.type_stem));
    let id = &op.operation_id;
    let method = &op.method;
    let path = &op.path;
    let idempotent = op.idempotent;
    let alternatives = op.security.iter().map(|alt| {
        let schemes = alt.iter().map(|k| {
            let c = scheme_const(k);
            quote!(&#c)
        });
        quote!(&[#(#schemes),*])
    });
    quote! {
        const #meta: crate::runtime::OperationMeta = crate::runtime::OperationMeta {
            operation_id: #id,
            method: #method,
            path: #path,
            idempotent: #idempotent,
            security: &[#(#alternatives),*],
        };
    }
}
