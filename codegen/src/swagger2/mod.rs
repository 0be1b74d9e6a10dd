//! Swagger 2.0 documents converted on the JSON value into OpenAPI 3.0.3, so the rest of the
//! pipeline reads one model and the same meaning gives the same Rust.
//!
//! The mapping follows the two specifications
//! (<https://spec.openapis.org/oas/v2.0>, <https://spec.openapis.org/oas/v3.0.3>):
//!
//! - `definitions` become `components.schemas`, shared `parameters` and `responses` become
//!   `components.parameters` and `components.responses`, and every `$ref` into them is
//!   rewritten (`schema.rs`);
//! - `in: body` and `in: formData` parameters become the operation's `requestBody`, one media
//!   type per entry of `consumes` (`params.rs`);
//! - the other parameters keep their place, with `type`, `items`, `default`, `enum` and the
//!   constraints moved into `schema` and `collectionFormat` expressed as `style`/`explode`;
//! - a response `schema` becomes `content`, one media type per entry of `produces`, with the
//!   `examples` per media type beside it (`responses.rs`);
//! - `securityDefinitions` become `components.securitySchemes`, and `host`, `basePath` and
//!   `schemes` become `servers` (`servers.rs`).
//!
//! Every choice that loses information is a warning whose message starts with a fixed prefix
//! per kind (`Loss`), so a summary can group them. Errors and warnings point into the 2.0
//! document the user wrote.

mod params;
mod responses;
mod schema;
mod servers;
#[cfg(test)]
mod tests;

use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{Map, Value};

/// The kinds of information a conversion can lose; each has a fixed message prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Loss {
    /// `host`, `basePath` and `schemes` that do not make a complete server URL.
    Server,
    /// A `collectionFormat` with no OpenAPI 3.0 equivalent where it is used.
    CollectionFormat,
    /// `consumes`/`produces` that are missing or do not fit the parameters.
    MediaType,
    /// A parameter keyword OpenAPI 3.0 has no place for.
    Parameter,
}

impl Loss {
    /// The start of every message of this kind.
    fn prefix(self) -> &'static str {
        match self {
            Loss::Server => "Swagger 2.0 servers",
            Loss::CollectionFormat => "Swagger 2.0 collectionFormat",
            Loss::MediaType => "Swagger 2.0 media types",
            Loss::Parameter => "Swagger 2.0 parameters",
        }
    }
}

/// The OpenAPI 3.0 version the converted document declares.
const TARGET_VERSION: &str = "3.0.3";

/// The HTTP methods a 2.0 path item may hold.
const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];

/// Converts a Swagger 2.0 document in place; returns one warning per conversion choice that
/// loses information.
pub fn convert(raw: &mut Value, file: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    let Value::Object(doc) = raw else {
        return Err(Diagnostic::error(
            file,
            "",
            "the document is not an object, so it is not a Swagger 2.0 document",
        )
        .with_hint("a Swagger 2.0 document starts with `swagger: \"2.0\"`, `info` and `paths`"));
    };
    let mut converter = Converter::new(file, doc)?;
    let converted = converter.document(std::mem::take(doc))?;
    *raw = Value::Object(converted);
    Ok(converter.warnings)
}

/// The state of one conversion: the document-wide defaults and what was lost so far.
struct Converter<'a> {
    file: &'a str,
    warnings: Vec<Diagnostic>,
    /// The document's `consumes`, used where an operation has none.
    consumes: Vec<String>,
    /// The document's `produces`, used where an operation has none.
    produces: Vec<String>,
    /// The document's shared `parameters`, as written (body and form parameters are inlined
    /// where they are used).
    shared_params: Map<String, Value>,
    /// The document's shared `responses`, as written (an operation with its own `produces`
    /// gets its own copy).
    shared_responses: Map<String, Value>,
    /// The document's `schemes` (http and https only), when it has any.
    schemes_of_document: Option<Vec<String>>,
}

impl<'a> Converter<'a> {
    fn new(file: &'a str, doc: &Map<String, Value>) -> Result<Self, Diagnostic> {
        let mut converter = Converter {
            file,
            warnings: Vec::new(),
            consumes: Vec::new(),
            produces: Vec::new(),
            shared_params: Map::new(),
            shared_responses: Map::new(),
            schemes_of_document: None,
        };
        converter.consumes = converter.media_list(doc.get("consumes"), "/consumes")?;
        converter.produces = converter.media_list(doc.get("produces"), "/produces")?;
        converter.shared_params = converter.object_of(doc.get("parameters"), "/parameters")?;
        converter.shared_responses = converter.object_of(doc.get("responses"), "/responses")?;
        Ok(converter)
    }

    fn error(&self, pointer: &str, message: impl Into<String>, hint: &str) -> Diagnostic {
        Diagnostic::error(self.file, pointer, message).with_hint(hint)
    }

    fn warn(&mut self, kind: Loss, pointer: &str, message: impl std::fmt::Display, hint: &str) {
        self.warnings.push(
            Diagnostic::warning(self.file, pointer, format!("{}: {message}", kind.prefix()))
                .with_hint(hint),
        );
    }

    /// An optional object (`{}` when absent).
    fn object_of(
        &self,
        value: Option<&Value>,
        pointer: &str,
    ) -> Result<Map<String, Value>, Diagnostic> {
        match value {
            None => Ok(Map::new()),
            Some(Value::Object(map)) => Ok(map.clone()),
            Some(_) => Err(self.error(
                pointer,
                "expected an object",
                "write a mapping of names to definitions here",
            )),
        }
    }

    /// A `consumes` or `produces` list; a single string is read as a list of one.
    fn media_list(
        &mut self,
        value: Option<&Value>,
        pointer: &str,
    ) -> Result<Vec<String>, Diagnostic> {
        let hint = "write a list of media types, for example `[application/json]`";
        match value {
            None => Ok(Vec::new()),
            Some(Value::String(one)) => {
                self.warn(
                    Loss::MediaType,
                    pointer,
                    "a single media type where a list belongs; read as a list of one",
                    hint,
                );
                Ok(vec![one.clone()])
            }
            Some(Value::Array(items)) => {
                let mut out: Vec<String> = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let Some(text) = item.as_str() else {
                        return Err(self.error(
                            &pointer_push(pointer, &i.to_string()),
                            "a media type must be a string",
                            hint,
                        ));
                    };
                    if !out.iter().any(|o| o == text) {
                        out.push(text.to_owned());
                    }
                }
                Ok(out)
            }
            Some(_) => Err(self.error(pointer, "expected a list of media types", hint)),
        }
    }

    /// The whole document, in the order an OpenAPI 3.0 document is usually written.
    fn document(&mut self, mut doc: Map<String, Value>) -> Result<Map<String, Value>, Diagnostic> {
        let mut out = Map::new();
        out.insert("openapi".to_owned(), Value::from(TARGET_VERSION));
        if let Some(info) = doc.remove("info") {
            out.insert("info".to_owned(), info);
        }
        let servers = self.servers(&doc)?;
        if !servers.is_empty() {
            out.insert("servers".to_owned(), Value::Array(servers));
        }
        let paths = match doc.remove("paths") {
            None => {
                return Err(self.error(
                    "",
                    "no `paths`: a Swagger 2.0 document lists its operations under `paths`",
                    "add `paths:` with at least one path, or remove the file",
                ))
            }
            Some(Value::Object(paths)) => paths,
            Some(_) => {
                return Err(self.error(
                    "/paths",
                    "`paths` must be an object",
                    "write a mapping of path templates to path items",
                ))
            }
        };
        out.insert("paths".to_owned(), Value::Object(self.paths(paths)?));
        let components = self.components(&mut doc)?;
        if !components.is_empty() {
            out.insert("components".to_owned(), Value::Object(components));
        }
        for key in ["security", "tags", "externalDocs"] {
            if let Some(value) = doc.remove(key) {
                out.insert(key.to_owned(), value);
            }
        }
        for (key, value) in doc {
            if key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        schema::rewrite_refs(&mut out);
        Ok(out)
    }

    /// `components`: schemas, the shared parameters that stay parameters, the shared
    /// responses and the security schemes.
    fn components(
        &mut self,
        doc: &mut Map<String, Value>,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let mut components = Map::new();
        if let Some(definitions) = doc.remove("definitions") {
            let Value::Object(mut definitions) = definitions else {
                return Err(self.error(
                    "/definitions",
                    "`definitions` must be an object",
                    "write a mapping of names to schemas",
                ));
            };
            definitions.values_mut().for_each(schema::fix_schema);
            components.insert("schemas".to_owned(), Value::Object(definitions));
        }
        let mut parameters = Map::new();
        for (name, param) in self.shared_params.clone() {
            let at = pointer_push("/parameters", &name);
            let Value::Object(param) = param else {
                return Err(self.error(
                    &at,
                    "a parameter must be an object",
                    "write `name`, `in` and `type` (or `schema` for `in: body`)",
                ));
            };
            if matches!(
                param.get("in").and_then(Value::as_str),
                Some("body" | "formData")
            ) {
                // Inlined into the request body of each operation that refers to it.
                continue;
            }
            parameters.insert(name, Value::Object(self.parameter(param, &at)?));
        }
        if !parameters.is_empty() {
            components.insert("parameters".to_owned(), Value::Object(parameters));
        }
        doc.remove("parameters");
        let mut responses = Map::new();
        let produces = self.produces.clone();
        for (name, response) in self.shared_responses.clone() {
            let at = pointer_push("/responses", &name);
            responses.insert(name, self.response(response, &produces, &at)?);
        }
        if !responses.is_empty() {
            components.insert("responses".to_owned(), Value::Object(responses));
        }
        doc.remove("responses");
        if let Some(definitions) = doc.remove("securityDefinitions") {
            let schemes = self.security_schemes(definitions)?;
            if !schemes.is_empty() {
                components.insert("securitySchemes".to_owned(), Value::Object(schemes));
            }
        }
        Ok(components)
    }

    fn paths(&mut self, paths: Map<String, Value>) -> Result<Map<String, Value>, Diagnostic> {
        let mut out = Map::new();
        for (path, item) in paths {
            let at = pointer_push("/paths", &path);
            let converted = if path.starts_with("x-") {
                item
            } else {
                let Value::Object(item) = item else {
                    return Err(self.error(
                        &at,
                        "a path item must be an object",
                        "write the operations of this path (`get:`, `post:`, ...)",
                    ));
                };
                Value::Object(self.path_item(item, &at)?)
            };
            out.insert(path, converted);
        }
        Ok(out)
    }

    fn path_item(
        &mut self,
        item: Map<String, Value>,
        at: &str,
    ) -> Result<Map<String, Value>, Diagnostic> {
        // Path-level body and form parameters belong to every operation's request body.
        let shared = self.resolve_list(item.get("parameters"), at)?;
        let (inherited, plain): (Vec<_>, Vec<_>) = shared.into_iter().partition(|p| p.is_body());
        let mut out = Map::new();
        for (key, value) in item {
            if key == "parameters" {
                let converted = plain
                    .iter()
                    .map(|p| self.plain_parameter(p))
                    .collect::<Result<Vec<_>, _>>()?;
                if !converted.is_empty() {
                    out.insert(key, Value::Array(converted));
                }
            } else if METHODS.contains(&key.as_str()) {
                let op_at = pointer_push(at, &key);
                let converted = self.operation(value, &op_at, &inherited)?;
                out.insert(key, converted);
            } else {
                out.insert(key, value);
            }
        }
        Ok(out)
    }

    fn operation(
        &mut self,
        op: Value,
        at: &str,
        inherited: &[params::Param],
    ) -> Result<Value, Diagnostic> {
        let Value::Object(op) = op else {
            return Err(self.error(
                at,
                "an operation must be an object",
                "write `responses` and, usually, `operationId` and `parameters`",
            ));
        };
        let consumes = match op.get("consumes") {
            Some(value) => self.media_list(Some(value), &pointer_push(at, "consumes"))?,
            None => self.consumes.clone(),
        };
        let own_produces = op.contains_key("produces");
        let produces = match op.get("produces") {
            Some(value) => self.media_list(Some(value), &pointer_push(at, "produces"))?,
            None => self.produces.clone(),
        };
        let own = self.resolve_list(op.get("parameters"), at)?;
        let mut body_params: Vec<params::Param> = inherited
            .iter()
            .filter(|p| {
                !own.iter()
                    .any(|o| o.name() == p.name() && o.location() == p.location())
            })
            .cloned()
            .collect();
        let mut plain = Vec::new();
        for p in own {
            if p.is_body() {
                body_params.push(p);
            } else {
                plain.push(self.plain_parameter(&p)?);
            }
        }
        let request_body = self.request_body(&body_params, &consumes, at)?;
        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" => {}
                "schemes" => self.operation_schemes(&value, &pointer_push(at, "schemes")),
                "parameters" => {
                    if !plain.is_empty() {
                        out.insert(key, Value::Array(std::mem::take(&mut plain)));
                    }
                }
                "responses" => {
                    if let Some(body) = request_body.clone() {
                        out.insert("requestBody".to_owned(), body);
                    }
                    let converted = self.responses(
                        value,
                        &produces,
                        own_produces && produces != self.produces,
                        &pointer_push(at, "responses"),
                    )?;
                    out.insert(key, converted);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        if let Some(body) = request_body {
            out.entry("requestBody").or_insert(body);
        }
        Ok(Value::Object(out))
    }
}

/// The parameter or response name in a `#/<section>/<name>` reference, unescaped.
fn local_name(reference: &str, section: &str) -> Option<String> {
    let rest = reference
        .strip_prefix("#/")?
        .strip_prefix(section)?
        .strip_prefix('/')?;
    if rest.contains('/') {
        return None;
    }
    Some(rest.replace("~1", "/").replace("~0", "~"))
}

/// The place in the 2.0 document the user wrote for a pointer into the converted document,
/// where the conversion moved that place by a fixed rule (`/components/schemas/X/..` was
/// `/definitions/X/..`; a response's `content/<media type>/schema` was its `schema`); any
/// other pointer is returned as it is.
pub fn source_pointer(pointer: &str) -> String {
    const MOVED: &[(&str, &str)] = &[
        ("/components/schemas/", "/definitions/"),
        ("/components/responses/", "/responses/"),
        ("/components/securitySchemes/", "/securityDefinitions/"),
    ];
    let moved = MOVED
        .iter()
        .find_map(|(from, to)| pointer.strip_prefix(from).map(|rest| format!("{to}{rest}")));
    if let Some(rest) = pointer.strip_prefix("/components/parameters/") {
        // The schema keywords of a non-body parameter were the parameter's own.
        let (name, inner) = rest.split_once('/').unwrap_or((rest, ""));
        let inner = inner.strip_prefix("schema").unwrap_or(inner);
        let inner = inner.strip_prefix('/').unwrap_or(inner);
        return if inner.is_empty() {
            format!("/parameters/{name}")
        } else {
            format!("/parameters/{name}/{inner}")
        };
    }
    let pointer = moved.unwrap_or_else(|| pointer.to_owned());
    let tokens: Vec<&str> = pointer.split('/').collect();
    let content = (2..tokens.len().saturating_sub(2)).find(|&i| {
        tokens[i] == "content" && tokens[i - 2] == "responses" && tokens[i + 2] == "schema"
    });
    match content {
        Some(i) => tokens
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i && *j != i + 1)
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
            .join("/"),
        None => pointer,
    }
}
