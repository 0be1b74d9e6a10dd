//! Parameters: `in: body` and `in: formData` become the request body; the others get a
//! `schema` and a `style`.

use super::{local_name, schema, Converter, Loss};
use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{json, Map, Value};

/// The keywords a 2.0 non-body parameter (or its `items`) shares with a JSON schema.
const SCHEMA_KEYWORDS: &[&str] = &[
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
];

/// The two media types that carry `in: formData` parameters.
const FORM: &str = "application/x-www-form-urlencoded";
const MULTIPART: &str = "multipart/form-data";

/// One parameter as written, with its `$ref` followed.
#[derive(Debug, Clone)]
pub(super) struct Param {
    /// The parameter object.
    pub value: Map<String, Value>,
    /// Where it is defined (the shared definition when reached through a `$ref`).
    pub at: String,
    /// The shared parameter's name when reached through `#/parameters/<name>`.
    pub shared: Option<String>,
}

impl Param {
    pub fn name(&self) -> &str {
        self.value.get("name").and_then(Value::as_str).unwrap_or("")
    }

    pub fn location(&self) -> &str {
        self.value.get("in").and_then(Value::as_str).unwrap_or("")
    }

    /// `in: body` or `in: formData`: part of the request body in OpenAPI 3.0.
    pub fn is_body(&self) -> bool {
        matches!(self.location(), "body" | "formData")
    }

    fn is_file(&self) -> bool {
        self.value.get("type").and_then(Value::as_str) == Some("file")
    }
}

/// The essence of a media type (`multipart/form-data; charset=x` -> `multipart/form-data`).
fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

impl Converter<'_> {
    /// A `parameters` list with each `$ref` followed.
    pub(super) fn resolve_list(
        &self,
        list: Option<&Value>,
        at: &str,
    ) -> Result<Vec<Param>, Diagnostic> {
        let list_at = pointer_push(at, "parameters");
        let items = match list {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => {
                return Err(self.error(
                    &list_at,
                    "`parameters` must be a list",
                    "write one `- name: ...` entry per parameter",
                ))
            }
        };
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.resolve(item, &pointer_push(&list_at, &i.to_string())))
            .collect()
    }

    fn resolve(&self, item: &Value, at: &str) -> Result<Param, Diagnostic> {
        let hint = "write `name`, `in` and `type` (or `schema` for `in: body`)";
        let Value::Object(map) = item else {
            return Err(self.error(at, "a parameter must be an object", hint));
        };
        let param = match map.get("$ref") {
            None => Param {
                value: map.clone(),
                at: at.to_owned(),
                shared: None,
            },
            Some(reference) => {
                let reference = reference.as_str().unwrap_or_default();
                let Some(name) = local_name(reference, "parameters") else {
                    return Err(self.error(
                        &pointer_push(at, "$ref"),
                        format!("$ref {reference:?} does not point at a shared parameter"),
                        "refer to a parameter under the document's `parameters` as `#/parameters/<name>`",
                    ));
                };
                let target_at = pointer_push("/parameters", &name);
                match self.shared_params.get(&name) {
                    Some(Value::Object(target)) if !target.contains_key("$ref") => Param {
                        value: target.clone(),
                        at: target_at,
                        shared: Some(name),
                    },
                    Some(_) => {
                        return Err(self.error(
                            &target_at,
                            "a shared parameter must be a parameter object",
                            hint,
                        ))
                    }
                    None => {
                        return Err(self.error(
                            &pointer_push(at, "$ref"),
                            format!("$ref {reference} does not exist"),
                            "define the parameter under the document's `parameters`, or fix the reference",
                        ))
                    }
                }
            }
        };
        if param.value.get("name").and_then(Value::as_str).is_none() {
            return Err(self.error(&param.at, "a parameter needs a `name`", hint));
        }
        match param.location() {
            "query" | "header" | "path" | "formData" | "body" => Ok(param),
            _ => Err(self.error(
                &pointer_push(&param.at, "in"),
                format!(
                    "`in` is {}; Swagger 2.0 has query, header, path, formData and body",
                    param.value.get("in").unwrap_or(&Value::Null)
                ),
                "write one of `query`, `header`, `path`, `formData` or `body`",
            )),
        }
    }

    /// A query, header or path parameter: a `$ref` to its component, or the parameter itself.
    pub(super) fn plain_parameter(&mut self, param: &Param) -> Result<Value, Diagnostic> {
        match &param.shared {
            Some(name) => Ok(json!({
                "$ref": pointer_push("#/components/parameters", name)
            })),
            None => Ok(Value::Object(
                self.parameter(param.value.clone(), &param.at)?,
            )),
        }
    }

    /// A 2.0 query, header or path parameter as a 3.0 one.
    pub(super) fn parameter(
        &mut self,
        param: Map<String, Value>,
        at: &str,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let location = param
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut out = Map::new();
        for key in ["name", "in", "description", "required"] {
            if let Some(value) = param.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        if location == "path" {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        if let Some(deprecated) = param.get("x-deprecated").filter(|v| v.is_boolean()) {
            out.insert("deprecated".to_owned(), deprecated.clone());
        }
        if let Some(allow) = param.get("allowEmptyValue") {
            if location == "query" {
                out.insert("allowEmptyValue".to_owned(), allow.clone());
            }
        }
        let value_schema = self.value_schema(&param, at)?;
        if value_schema.get("type").and_then(Value::as_str) == Some("array") {
            let (style, explode) = self.collection_style(&param, &location, at);
            out.insert("style".to_owned(), Value::from(style));
            out.insert("explode".to_owned(), Value::Bool(explode));
        }
        out.insert("schema".to_owned(), value_schema);
        if let Some(example) = param.get("x-example") {
            out.insert("example".to_owned(), example.clone());
        }
        for (key, value) in &param {
            if key.starts_with("x-")
                && !matches!(key.as_str(), "x-example" | "x-nullable" | "x-deprecated")
            {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(out)
    }

    /// The `schema` of a non-body parameter (or of a form field, or of a response header):
    /// `type`, `format`, `items`, `default`, `enum` and the constraints.
    pub(super) fn value_schema(
        &mut self,
        param: &Map<String, Value>,
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let location = param.get("in").and_then(Value::as_str).unwrap_or_default();
        let mut out = Map::new();
        match param.get("type") {
            Some(Value::String(ty)) if ty == "file" => {
                if location != "formData" {
                    return Err(self.error(
                        &pointer_push(at, "type"),
                        "`type: file` is only allowed for `in: formData` parameters",
                        "send the file as a `formData` parameter with `consumes: [multipart/form-data]`, or as an `in: body` parameter with `schema: {type: string, format: binary}`",
                    ));
                }
                out.insert("type".to_owned(), Value::from("string"));
                out.insert("format".to_owned(), Value::from("binary"));
            }
            Some(Value::String(ty)) => {
                out.insert("type".to_owned(), Value::from(ty.as_str()));
            }
            Some(_) => {
                return Err(self.error(
                    &pointer_push(at, "type"),
                    "`type` must be a string",
                    "write one of string, number, integer, boolean, array or file",
                ))
            }
            None if param.contains_key("$ref") => {
                // An `items` reference (not 2.0, but written): kept as is.
                return Ok(Value::Object(param.clone()));
            }
            None => {
                self.warn(
                    Loss::Parameter,
                    at,
                    "no `type`; read as `type: string`",
                    "give the parameter a `type`",
                );
                out.insert("type".to_owned(), Value::from("string"));
            }
        }
        for key in SCHEMA_KEYWORDS {
            if out.contains_key(*key) {
                continue;
            }
            if let Some(value) = param.get(*key) {
                out.insert((*key).to_owned(), value.clone());
            }
        }
        if let Some(nullable) = param.get("x-nullable").filter(|v| v.is_boolean()) {
            out.insert("nullable".to_owned(), nullable.clone());
        }
        if out.get("type").and_then(Value::as_str) == Some("array") {
            let items_at = pointer_push(at, "items");
            let items = match param.get("items") {
                Some(Value::Object(items)) => {
                    let nested = items.get("type").and_then(Value::as_str) == Some("array");
                    if nested && items.contains_key("collectionFormat") {
                        self.warn(
                            Loss::CollectionFormat,
                            &pointer_push(&items_at, "collectionFormat"),
                            "an array inside an array has no OpenAPI 3.0 style; its items are sent like the outer array's",
                            "flatten the parameter to one array",
                        );
                    }
                    let mut items = items.clone();
                    items.remove("collectionFormat");
                    self.value_schema(&items, &items_at)?
                }
                _ => {
                    self.warn(
                        Loss::Parameter,
                        at,
                        "an array without `items`; its items are read as strings",
                        "add `items: {type: string}` (or the item type)",
                    );
                    json!({"type": "string"})
                }
            };
            out.insert("items".to_owned(), items);
        }
        Ok(Value::Object(out))
    }

    /// The 3.0 `style` and `explode` of an array parameter's `collectionFormat`.
    fn collection_style(
        &mut self,
        param: &Map<String, Value>,
        location: &str,
        at: &str,
    ) -> (&'static str, bool) {
        let format = param
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        let format_at = pointer_push(at, "collectionFormat");
        let hint = "use `csv` (or `multi` in a query), which OpenAPI 3.0 can express";
        if location == "query" {
            return match format {
                "csv" => ("form", false),
                "multi" => ("form", true),
                "ssv" => ("spaceDelimited", false),
                "pipes" => ("pipeDelimited", false),
                other => {
                    self.warn(
                        Loss::CollectionFormat,
                        &format_at,
                        format!("`{other}` has no OpenAPI 3.0 style; the items are sent comma-separated (csv)"),
                        hint,
                    );
                    ("form", false)
                }
            };
        }
        if format != "csv" {
            self.warn(
                Loss::CollectionFormat,
                &format_at,
                format!(
                    "`{format}` has no OpenAPI 3.0 style in a `{location}` parameter; the items are sent comma-separated (csv)"
                ),
                hint,
            );
        }
        ("simple", false)
    }

    /// The `requestBody` made of an operation's body or form parameters.
    pub(super) fn request_body(
        &mut self,
        params: &[Param],
        consumes: &[String],
        at: &str,
    ) -> Result<Option<Value>, Diagnostic> {
        let bodies: Vec<&Param> = params.iter().filter(|p| p.location() == "body").collect();
        let fields: Vec<&Param> = params
            .iter()
            .filter(|p| p.location() == "formData")
            .collect();
        if let Some(second) = bodies.get(1) {
            return Err(self.error(
                &second.at,
                format!(
                    "a second `in: body` parameter ({:?} after {:?}); an operation has one body",
                    second.name(),
                    bodies[0].name()
                ),
                "describe the body as one object schema with a property per part",
            ));
        }
        if let (Some(body), Some(field)) = (bodies.first(), fields.first()) {
            return Err(self.error(
                &field.at,
                format!(
                    "`in: formData` parameter {:?} beside the `in: body` parameter {:?}; an operation sends one or the other",
                    field.name(),
                    body.name()
                ),
                "keep either the body parameter or the form parameters",
            ));
        }
        if let Some(body) = bodies.first() {
            return self.body_parameter(body, consumes, at).map(Some);
        }
        if fields.is_empty() {
            return Ok(None);
        }
        self.form_body(&fields, consumes, at).map(Some)
    }

    fn body_parameter(
        &mut self,
        body: &Param,
        consumes: &[String],
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let Some(body_schema) = body.value.get("schema") else {
            return Err(self.error(
                &body.at,
                format!("the `in: body` parameter {:?} has no `schema`", body.name()),
                "add `schema:` describing the body (a `$ref: '#/definitions/...'` or an inline schema)",
            ));
        };
        let mut body_schema = body_schema.clone();
        schema::fix_schema(&mut body_schema);
        let media = if consumes.is_empty() {
            self.warn(
                Loss::MediaType,
                &pointer_push(at, "consumes"),
                "no `consumes` for a body; sent as application/json",
                "add `consumes: [application/json]` (or the body's media type) to the operation or the document",
            );
            vec!["application/json".to_owned()]
        } else {
            consumes.to_vec()
        };
        let content: Map<String, Value> = media
            .into_iter()
            .map(|m| (m, json!({ "schema": body_schema.clone() })))
            .collect();
        let mut out = Map::new();
        if let Some(description) = body.value.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        out.insert("content".to_owned(), Value::Object(content));
        if body.value.get("required").and_then(Value::as_bool) == Some(true) {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        for (key, value) in &body.value {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(Value::Object(out))
    }

    /// The form parameters as one object schema, under the form media types of `consumes`.
    fn form_body(
        &mut self,
        fields: &[&Param],
        consumes: &[String],
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let has_file = fields.iter().any(|f| f.is_file());
        let mut media: Vec<&'static str> = Vec::new();
        for m in consumes {
            match essence(m).as_str() {
                FORM if !has_file => media.push(FORM),
                MULTIPART => media.push(MULTIPART),
                _ => {}
            }
        }
        media.dedup();
        if media.is_empty() {
            let chosen = if has_file { MULTIPART } else { FORM };
            if !consumes.is_empty() {
                self.warn(
                    Loss::MediaType,
                    &pointer_push(at, "consumes"),
                    format!(
                        "form parameters{}, but `consumes` (`{}`) names no {}; sent as `{chosen}`",
                        if has_file { " with a file" } else { "" },
                        consumes.join(", "),
                        if has_file { "`multipart/form-data`" } else { "form media type" },
                    ),
                    "add `multipart/form-data` (for files) or `application/x-www-form-urlencoded` to `consumes`",
                );
            }
            media.push(chosen);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        for field in fields {
            let mut property = match self.value_schema(&field.value, &field.at)? {
                Value::Object(map) => map,
                other => return Ok(other),
            };
            if let Some(description) = field.value.get("description") {
                property.insert("description".to_owned(), description.clone());
            }
            if let Some(example) = field.value.get("x-example") {
                property.insert("example".to_owned(), example.clone());
            }
            let is_array = property.get("type").and_then(Value::as_str) == Some("array");
            let format = field.value.get("collectionFormat").and_then(Value::as_str);
            if is_array && format != Some("multi") {
                self.warn(
                    Loss::CollectionFormat,
                    &field.at,
                    format!(
                        "form field `{}` is `{}`; form bodies are sent with the field repeated per item (multi)",
                        field.name(),
                        format.unwrap_or("csv")
                    ),
                    "write `collectionFormat: multi` if the server accepts repeated fields",
                );
            }
            if field.value.contains_key("allowEmptyValue") {
                self.warn(
                    Loss::Parameter,
                    &pointer_push(&field.at, "allowEmptyValue"),
                    format!(
                        "`allowEmptyValue` of form field `{}` has no OpenAPI 3.0 place; an absent value is left out",
                        field.name()
                    ),
                    "make the field optional, or send an empty string",
                );
            }
            if field.value.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::from(field.name()));
            }
            properties.insert(field.name().to_owned(), Value::Object(property));
        }
        let mut form_schema = Map::new();
        form_schema.insert("type".to_owned(), Value::from("object"));
        form_schema.insert("properties".to_owned(), Value::Object(properties));
        let any_required = !required.is_empty();
        if any_required {
            form_schema.insert("required".to_owned(), Value::Array(required));
        }
        let content: Map<String, Value> = media
            .into_iter()
            .map(|m| (m.to_owned(), json!({ "schema": form_schema.clone() })))
            .collect();
        let mut out = Map::new();
        out.insert("content".to_owned(), Value::Object(content));
        if any_required {
            out.insert("required".to_owned(), Value::Bool(true));
        }
        Ok(Value::Object(out))
    }
}
