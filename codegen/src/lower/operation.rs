//! Operations: parameters, request bodies, responses and their security.

use super::schema::{component_key, unescape_token, Naming};
use super::Ctx;
use crate::diagnostic::{pointer_of, pointer_push, Diagnostic};
use crate::ir::{
    BodyEncoding, Docs, Operation, ParamLocation, Parameter, Primitive, QueryStyle, RequestBody,
    Response, ResponseBody, ResponseHeader, SecurityScheme, StatusMatch, TypeRef,
};
use crate::naming::{self, Scope};
use openapiv3::{ParameterSchemaOrContent, ReferenceOr, StatusCode};
use std::collections::BTreeMap;

/// Names a generated client already uses for its own methods.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "with_options",
    "core",
    "clone",
];

/// Headers that OpenAPI says are described elsewhere and must be ignored as parameters.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Picks how a media type is encoded, and how much it is preferred (lower is better).
fn media_rank(media_type: &str) -> (u8, BodyEncoding) {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" {
        (0, BodyEncoding::Json)
    } else if essence.ends_with("+json") || essence.ends_with("/json") {
        (1, BodyEncoding::Json)
    } else if essence == "application/x-www-form-urlencoded" {
        (2, BodyEncoding::Form)
    } else if essence == "multipart/form-data" {
        (3, BodyEncoding::Multipart)
    } else if essence.starts_with("text/") {
        (4, BodyEncoding::Text)
    } else {
        (5, BodyEncoding::Bytes)
    }
}

/// The preferred media type of a `content` map.
fn choose_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&String, &openapiv3::MediaType, BodyEncoding)> {
    content
        .iter()
        .map(|(k, v)| {
            let (rank, enc) = media_rank(k);
            (rank, k, v, enc)
        })
        .min_by_key(|(rank, ..)| *rank)
        .map(|(_, k, v, enc)| (k, v, enc))
}

/// The variant name of a response in its operation's enum.
fn response_variant(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => naming::status_variant(code),
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Default => "Default".to_owned(),
    }
}

/// What an entry of `components.<section>` is, with its article.
fn what_section(section: &str) -> String {
    match section {
        "schemas" => "a schema".to_owned(),
        "responses" => "a response".to_owned(),
        "parameters" => "a parameter".to_owned(),
        "examples" => "an example".to_owned(),
        "requestBodies" => "a request body".to_owned(),
        "headers" => "a header".to_owned(),
        "securitySchemes" => "a security scheme".to_owned(),
        "links" => "a link".to_owned(),
        "callbacks" => "a callback".to_owned(),
        "pathItems" => "a path item".to_owned(),
        other => format!("an entry of components.{other}"),
    }
}

/// The names in `{...}` of a path template, in order.
pub(crate) fn template_params(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some((_, after)) = rest.split_once('{') {
        let Some((name, tail)) = after.split_once('}') else {
            break;
        };
        out.push(name);
        rest = tail;
    }
    out
}

impl Ctx<'_> {
    /// Follows `$ref`s into `components.<kind>` until an item.
    fn deref_component<'s, T>(
        &self,
        item: &'s ReferenceOr<T>,
        kind: &str,
        table: Option<&'s indexmap::IndexMap<String, ReferenceOr<T>>>,
        pointer: &str,
    ) -> Result<(&'s T, String), Diagnostic> {
        let mut current = item;
        let mut at = pointer.to_owned();
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(t) => return Ok((t, at)),
                ReferenceOr::Reference { reference } => {
                    if !reference.starts_with('#') {
                        return Err(Diagnostic::error(self.file, &at, format!("external $ref {reference} is not supported"))
                            .with_hint("bundle the document into one file first (for example with `redocly bundle`)"));
                    }
                    let key = component_key(reference, kind).map(unescape_token);
                    let found = key.as_ref().and_then(|k| table.and_then(|t| t.get(k)));
                    match (found, key) {
                        (Some(next), Some(key)) => {
                            at = pointer_of(["components", kind, key.as_str()]);
                            current = next;
                        }
                        _ => return Err(self.wrong_target(reference, kind, &at)),
                    }
                }
            }
        }
        Err(Diagnostic::error(
            self.file,
            pointer,
            "$ref chain is a cycle or longer than 32 links",
        )
        .with_hint("make the reference point at a definition"))
    }

    /// Why `reference`, found where a `components.<kind>` entry is expected, does not lead to
    /// one: it names an entry of another kind (what it is and where), or nothing.
    fn wrong_target(&self, reference: &str, kind: &str, at: &str) -> Diagnostic {
        self.other_kind(reference, kind, at).unwrap_or_else(|| {
            Diagnostic::error(self.file, at, format!("$ref {reference} does not exist")).with_hint(
                format!("define it under components.{kind} or fix the reference"),
            )
        })
    }

    /// The error for `reference`, found where a `components.<kind>` entry is expected, when it
    /// names an existing entry of another section: what it is, where, and what was expected.
    pub(super) fn other_kind(&self, reference: &str, kind: &str, at: &str) -> Option<Diagnostic> {
        let (section, key) = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .filter(|(section, key)| *section != kind && !key.contains('/'))?;
        let key = unescape_token(key);
        let c = self.doc.components.as_ref()?;
        let exists = match section {
            "schemas" => c.schemas.contains_key(&key),
            "responses" => c.responses.contains_key(&key),
            "parameters" => c.parameters.contains_key(&key),
            "examples" => c.examples.contains_key(&key),
            "requestBodies" => c.request_bodies.contains_key(&key),
            "headers" => c.headers.contains_key(&key),
            "securitySchemes" => c.security_schemes.contains_key(&key),
            "links" => c.links.contains_key(&key),
            "callbacks" => c.callbacks.contains_key(&key),
            _ => false,
        };
        exists.then(|| {
            Diagnostic::error(
                self.file,
                at,
                format!(
                    "$ref {reference} points at {} (an entry of components.{section}), but {} is expected here",
                    what_section(section),
                    what_section(kind)
                ),
            )
            .with_hint(format!(
                "point the reference at an entry of components.{kind}, or move the entry there"
            ))
        })
    }

    /// All operations, in document order.
    pub(super) fn operations(
        &mut self,
        schemes: &[SecurityScheme],
    ) -> Result<Vec<Operation>, Diagnostic> {
        let mut ids: BTreeMap<String, String> = BTreeMap::new();
        let mut fn_scope = Scope::with_reserved(RESERVED_METHODS);
        let mut stem_scope = Scope::new();
        let mut out = Vec::new();
        let doc = self.doc;
        for (path, item) in &doc.paths.paths {
            let item_ptr = pointer_of(["paths", path.as_str()]);
            let ReferenceOr::Item(item) = item else {
                return Err(Diagnostic::error(
                    self.file,
                    &item_ptr,
                    "path item $refs are not supported",
                )
                .with_hint("write the path item inline"));
            };
            for (method, op) in item.iter() {
                let op_ptr = pointer_push(&item_ptr, method);
                let operation_id = match &op.operation_id {
                    Some(id) if !id.trim().is_empty() => id.clone(),
                    _ => {
                        let derived = naming::snake(&format!("{method} {path}"));
                        self.warn_hint(
                            &op_ptr,
                            format!("no operationId; using the derived name `{derived}`"),
                            "add an operationId so the method name does not change with the path",
                        );
                        derived
                    }
                };
                if let Some(first) = ids.get(&operation_id) {
                    return Err(Diagnostic::error(
                        self.file,
                        &pointer_push(&op_ptr, "operationId"),
                        format!("operationId {operation_id:?} is also used at {first}"),
                    )
                    .with_hint("operationIds must be unique within a document; rename one"));
                }
                ids.insert(operation_id.clone(), op_ptr.clone());
                let fn_claim = fn_scope.claim(&naming::snake(&operation_id));
                if let Some(wanted) = &fn_claim.collided_with {
                    self.warn_hint(
                        &op_ptr,
                        format!(
                            "operation method `{wanted}` is taken; this one is `{}`",
                            fn_claim.name
                        ),
                        "rename the operationId if the suffixed name is not wanted",
                    );
                }
                let stem = stem_scope.claim(&naming::type_name(&operation_id)).name;
                let operation = self.operation(OpInput {
                    path,
                    method,
                    item,
                    op,
                    pointer: &op_ptr,
                    operation_id,
                    fn_name: fn_claim.name,
                    stem,
                    schemes,
                })?;
                out.push(operation);
            }
        }
        Ok(out)
    }

    fn operation(&mut self, input: OpInput<'_>) -> Result<Operation, Diagnostic> {
        let OpInput {
            path,
            method,
            item,
            op,
            pointer,
            ..
        } = input;
        let params = self.parameters(&input)?;
        let declared: Vec<&str> = params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
            .map(|p| p.wire_name.as_str())
            .collect();
        for name in template_params(path) {
            if !declared.contains(&name) {
                return Err(Diagnostic::error(
                    self.file,
                    pointer,
                    format!("path template {path:?} uses {{{name}}} but no path parameter {name:?} is declared"),
                )
                .with_hint(format!("add a parameter with `name: {name}` and `in: path`, or fix the template")));
            }
        }
        let mut ordered: Vec<Parameter> = Vec::with_capacity(params.len());
        for name in template_params(path) {
            if let Some(p) = params
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
            {
                if !ordered
                    .iter()
                    .any(|o| o.location == ParamLocation::Path && o.wire_name == name)
                {
                    ordered.push(p.clone());
                }
            }
        }
        for p in params {
            if p.location == ParamLocation::Path {
                if !template_params(path).contains(&p.wire_name.as_str()) {
                    self.warn(
                        pointer,
                        format!(
                            "path parameter {:?} is not in the template {path:?}; it is ignored",
                            p.wire_name
                        ),
                    );
                }
                continue;
            }
            ordered.push(p);
        }
        let body = self.request_body(&input)?;
        let responses = self.responses(&input)?;
        let security = self.op_security(op, pointer, input.schemes)?;
        let idempotent = match op
            .extensions
            .get("x-idempotent")
            .and_then(serde_json::Value::as_bool)
        {
            Some(flag) => flag,
            None => matches!(
                method,
                "get" | "head" | "put" | "delete" | "options" | "trace"
            ),
        };
        let docs = Docs {
            summary: op.summary.clone().or_else(|| item.summary.clone()),
            description: op.description.clone().or_else(|| item.description.clone()),
            deprecated: op.deprecated,
        };
        Ok(Operation {
            pointer: pointer.to_owned(),
            operation_id: input.operation_id.clone(),
            fn_name: input.fn_name.clone(),
            type_stem: input.stem.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_owned(),
            docs,
            params: ordered,
            body,
            responses,
            security,
            idempotent,
            tags: op.tags.clone(),
        })
    }

    fn parameters(&mut self, input: &OpInput<'_>) -> Result<Vec<Parameter>, Diagnostic> {
        let table = self.doc.components.as_ref().map(|c| &c.parameters);
        // Path-level parameters first; operation-level ones override by (name, location).
        let mut resolved: Vec<(openapiv3::Parameter, String)> = Vec::new();
        let item_ptr = input
            .pointer
            .rsplit_once('/')
            .map(|(a, _)| a.to_owned())
            .unwrap_or_default();
        let sources = [
            (&input.item.parameters, item_ptr),
            (&input.op.parameters, input.pointer.to_owned()),
        ];
        for (list, base) in sources {
            for (i, param) in list.iter().enumerate() {
                let at = pointer_push(&pointer_push(&base, "parameters"), &i.to_string());
                let (param, at) = self.deref_component(param, "parameters", table, &at)?;
                let data = param.parameter_data_ref();
                let same = |(p, _): &(openapiv3::Parameter, String)| {
                    p.parameter_data_ref().name == data.name
                        && std::mem::discriminant(p) == std::mem::discriminant(param)
                };
                resolved.retain(|entry| !same(entry));
                resolved.push((param.clone(), at));
            }
        }
        // Names the generated method body uses for its own locals.
        let mut scope = Scope::with_reserved(&[
            "body",
            "params",
            "self_",
            "path",
            "violations",
            "request",
            "raw",
        ]);
        let mut out = Vec::new();
        for (param, at) in resolved {
            let data = param.parameter_data_ref();
            let (location, style) = match &param {
                openapiv3::Parameter::Query { style, .. } => {
                    let style = match style {
                        openapiv3::QueryStyle::Form => QueryStyle::Form {
                            explode: data.explode.unwrap_or(true),
                        },
                        openapiv3::QueryStyle::SpaceDelimited => QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => QueryStyle::DeepObject,
                    };
                    (ParamLocation::Query, style)
                }
                openapiv3::Parameter::Header { .. } => {
                    if IGNORED_HEADERS.contains(&data.name.to_ascii_lowercase().as_str()) {
                        continue;
                    }
                    (ParamLocation::Header, QueryStyle::Form { explode: false })
                }
                openapiv3::Parameter::Path { .. } => {
                    (ParamLocation::Path, QueryStyle::Form { explode: false })
                }
                openapiv3::Parameter::Cookie { .. } => {
                    (ParamLocation::Cookie, QueryStyle::Form { explode: true })
                }
            };
            let hint = format!("{}{}", input.stem, naming::type_name(&data.name));
            let (schema, schema_at) = value_schema(&data.format, &at);
            let used = match schema {
                Some(schema) => Some(self.lower_schema(schema, &schema_at, Naming::Hint(&hint))?),
                None => None,
            };
            let (ty, constraints, nullable) = match used {
                Some(u) => (u.ty, u.constraints, u.nullable),
                None => (
                    TypeRef::Primitive(Primitive::String),
                    Default::default(),
                    false,
                ),
            };
            let claimed = scope.claim(&naming::snake(&data.name));
            if let Some(wanted) = &claimed.collided_with {
                self.warn_hint(
                    &at,
                    format!(
                        "parameter {:?} and another both become `{wanted}`; this one is `{}`",
                        data.name, claimed.name
                    ),
                    "the wire name is kept; rename the parameter if the suffixed name is not wanted",
                );
            }
            out.push(Parameter {
                pointer: schema_at,
                wire_name: data.name.clone(),
                rust_name: claimed.name,
                location,
                style,
                required: (data.required && !nullable) || location == ParamLocation::Path,
                ty,
                constraints,
                docs: Docs {
                    summary: None,
                    description: data.description.clone(),
                    deprecated: data.deprecated.unwrap_or(false),
                },
            });
        }
        Ok(out)
    }

    pub(super) fn request_body(
        &mut self,
        input: &OpInput<'_>,
    ) -> Result<Option<RequestBody>, Diagnostic> {
        let Some(body) = &input.op.request_body else {
            return Ok(None);
        };
        let table = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let at = pointer_push(input.pointer, "requestBody");
        let (body, at) = self.deref_component(body, "requestBodies", table, &at)?;
        let Some((media_type, media, encoding)) = choose_media(&body.content) else {
            self.warn(
                &at,
                "request body without content; the operation is sent without a body",
            );
            return Ok(None);
        };
        let media_ptr = pointer_push(&pointer_push(&at, "content"), media_type);
        let ty = match encoding {
            BodyEncoding::Bytes => TypeRef::Primitive(Primitive::Bytes),
            BodyEncoding::Text => TypeRef::Primitive(Primitive::String),
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                match &media.schema {
                    Some(schema) => {
                        let hint = format!("{}Body", input.stem);
                        let used = self.lower_schema(
                            schema,
                            &pointer_push(&media_ptr, "schema"),
                            Naming::Hint(&hint),
                        )?;
                        if used.nullable {
                            TypeRef::Nullable(Box::new(used.ty))
                        } else {
                            used.ty
                        }
                    }
                    None => TypeRef::Primitive(Primitive::Json),
                }
            }
        };
        Ok(Some(RequestBody {
            pointer: media_ptr,
            media_type: media_type.clone(),
            encoding,
            ty,
            required: body.required,
            example: media.example.clone().or_else(|| {
                media.examples.values().find_map(|e| match e {
                    ReferenceOr::Item(e) => e.value.clone(),
                    ReferenceOr::Reference { .. } => None,
                })
            }),
            docs: Docs {
                summary: None,
                description: body.description.clone(),
                deprecated: false,
            },
        }))
    }

    fn responses(&mut self, input: &OpInput<'_>) -> Result<Vec<Response>, Diagnostic> {
        let responses = &input.op.responses;
        let base = pointer_push(input.pointer, "responses");
        let mut entries: Vec<(StatusMatch, String, &ReferenceOr<openapiv3::Response>)> = Vec::new();
        for (code, response) in &responses.responses {
            let (status, token) = match code {
                StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
            };
            entries.push((status, pointer_push(&base, &token), response));
        }
        if let Some(default) = &responses.default {
            entries.push((
                StatusMatch::Default,
                pointer_push(&base, "default"),
                default,
            ));
        }
        entries.sort_by_key(|(status, ..)| *status);
        let success_count = entries.iter().filter(|(s, ..)| is_success(*s)).count();
        let table = self.doc.components.as_ref().map(|c| &c.responses);
        let mut out = Vec::new();
        for (status, at, response) in entries {
            let (response, at) = self.deref_component(response, "responses", table, &at)?;
            let success = is_success(status);
            let variant = response_variant(status);
            let hint = if success && success_count == 1 {
                format!("{}Response", input.stem)
            } else if success {
                format!("{}{variant}Response", input.stem)
            } else {
                format!("{}{variant}Body", input.stem)
            };
            let body = match choose_media(&response.content) {
                None => None,
                Some((media_type, media, encoding)) => {
                    let media_ptr = pointer_push(&pointer_push(&at, "content"), media_type);
                    // A multipart response is read as the raw bytes it is.
                    let encoding = if encoding == BodyEncoding::Multipart {
                        BodyEncoding::Bytes
                    } else {
                        encoding
                    };
                    let ty = match encoding {
                        BodyEncoding::Bytes | BodyEncoding::Multipart => {
                            TypeRef::Primitive(Primitive::Bytes)
                        }
                        BodyEncoding::Text => TypeRef::Primitive(Primitive::String),
                        BodyEncoding::Json | BodyEncoding::Form => match &media.schema {
                            Some(schema) => {
                                let used = self.lower_schema(
                                    schema,
                                    &pointer_push(&media_ptr, "schema"),
                                    Naming::Hint(&hint),
                                )?;
                                if used.nullable {
                                    TypeRef::Nullable(Box::new(used.ty))
                                } else {
                                    used.ty
                                }
                            }
                            None => TypeRef::Primitive(Primitive::Json),
                        },
                    };
                    let encoding = if encoding == BodyEncoding::Form {
                        BodyEncoding::Json
                    } else {
                        encoding
                    };
                    Some(ResponseBody {
                        media_type: media_type.clone(),
                        encoding,
                        ty,
                        example: media.example.clone().or_else(|| {
                            media.examples.values().find_map(|e| match e {
                                ReferenceOr::Item(e) => e.value.clone(),
                                ReferenceOr::Reference { .. } => None,
                            })
                        }),
                    })
                }
            };
            let headers = self.response_headers(response, &at, &format!("{}{variant}", input.stem));
            out.push(Response {
                pointer: at,
                status,
                success,
                variant,
                body,
                headers,
                description: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            });
        }
        Ok(out)
    }

    /// The documented headers of one response, sorted by wire name. A header whose schema
    /// cannot be lowered is kept without a type, with a warning: the client reads response
    /// headers as text, so such a header does not stop generation.
    fn response_headers(
        &mut self,
        response: &openapiv3::Response,
        at: &str,
        stem: &str,
    ) -> Vec<ResponseHeader> {
        let table = self.doc.components.as_ref().map(|c| &c.headers);
        let mut out = Vec::new();
        for (name, header) in &response.headers {
            let header_at = pointer_push(&pointer_push(at, "headers"), name);
            let hint = format!("{stem}{}", naming::type_name(name));
            let lowered = self
                .deref_component(header, "headers", table, &header_at)
                .and_then(|(header, header_at)| {
                    let (schema, schema_at) = value_schema(&header.format, &header_at);
                    match schema {
                        Some(schema) => self
                            .lower_schema(schema, &schema_at, Naming::Hint(&hint))
                            .map(|used| Some((used, schema_at))),
                        None => Ok(None),
                    }
                });
            let lowered = match lowered {
                Ok(lowered) => lowered,
                Err(e) => {
                    self.warn(
                        &e.pointer,
                        format!("response header {name:?} has no usable type: {}", e.message),
                    );
                    None
                }
            };
            out.push(match lowered {
                Some((used, schema_at)) => ResponseHeader {
                    wire_name: name.clone(),
                    pointer: Some(schema_at),
                    ty: if used.nullable {
                        TypeRef::Nullable(Box::new(used.ty))
                    } else {
                        used.ty
                    },
                },
                None => ResponseHeader {
                    wire_name: name.clone(),
                    pointer: None,
                    ty: TypeRef::Primitive(Primitive::String),
                },
            });
        }
        out.sort_by(|a, b| a.wire_name.cmp(&b.wire_name));
        out
    }

    fn op_security(
        &mut self,
        op: &openapiv3::Operation,
        pointer: &str,
        schemes: &[SecurityScheme],
    ) -> Result<Vec<Vec<String>>, Diagnostic> {
        let (requirements, at) = match &op.security {
            Some(list) => (list, pointer_push(pointer, "security")),
            None => match &self.doc.security {
                Some(list) => (list, "/security".to_owned()),
                None => return Ok(Vec::new()),
            },
        };
        let declared: Vec<&str> = self
            .doc
            .components
            .as_ref()
            .map(|c| c.security_schemes.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut out = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let req_ptr = pointer_push(&at, &i.to_string());
            let mut keys = Vec::new();
            let mut usable = true;
            if let Some(key) = requirement
                .keys()
                .find(|key| !declared.contains(&key.as_str()))
            {
                // A requirement cannot be met with a scheme nobody declared; the rest of the
                // document still describes a usable API.
                self.warnings.push(
                    Diagnostic::warning(
                        self.file,
                        &req_ptr,
                        format!("security requirement names {key:?}, which is not in components.securitySchemes; the requirement is ignored"),
                    )
                    .with_hint("declare the scheme or fix the name")
                    .with_kind("undeclared-security-scheme"),
                );
                continue;
            }
            for key in requirement.keys() {
                if schemes.iter().any(|s| s.key == *key) {
                    keys.push(key.clone());
                } else {
                    usable = false;
                }
            }
            if usable {
                out.push(keys);
            } else {
                self.warn(
                    &req_ptr,
                    "this security alternative uses an unsupported scheme and is left out",
                );
            }
        }
        if out.is_empty() && !requirements.is_empty() {
            self.warn(
                &at,
                "no supported security alternative; the operation is sent without credentials",
            );
        }
        Ok(out)
    }
}

/// The schema of a parameter or header and its pointer: `schema`, or the schema of the
/// preferred media type under `content`.
fn value_schema<'s>(
    format: &'s ParameterSchemaOrContent,
    at: &str,
) -> (Option<&'s ReferenceOr<openapiv3::Schema>>, String) {
    match format {
        ParameterSchemaOrContent::Schema(schema) => (Some(schema), pointer_push(at, "schema")),
        ParameterSchemaOrContent::Content(content) => match choose_media(content) {
            Some((media_type, media, _)) => (
                media.schema.as_ref(),
                pointer_push(
                    &pointer_push(&pointer_push(at, "content"), media_type),
                    "schema",
                ),
            ),
            None => (None, pointer_push(at, "content")),
        },
    }
}

fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

/// What lowering one operation needs.
pub(super) struct OpInput<'a> {
    pub(super) path: &'a str,
    pub(super) method: &'a str,
    pub(super) item: &'a openapiv3::PathItem,
    pub(super) op: &'a openapiv3::Operation,
    pub(super) pointer: &'a str,
    pub(super) operation_id: String,
    pub(super) fn_name: String,
    pub(super) stem: String,
    pub(super) schemes: &'a [SecurityScheme],
}
