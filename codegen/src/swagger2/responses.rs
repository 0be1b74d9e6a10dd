//! Responses: `schema` and `examples` become `content` per media type of `produces`; headers
//! get a `schema`.

use super::{local_name, schema, Converter, Loss};
use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{json, Map, Value};

impl Converter<'_> {
    /// An operation's `responses`. `own_produces` says the operation overrides the document's
    /// `produces`; a shared response with a body is then copied in with the operation's media
    /// types.
    pub(super) fn responses(
        &mut self,
        responses: Value,
        produces: &[String],
        own_produces: bool,
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let Value::Object(responses) = responses else {
            return Err(self.error(
                at,
                "`responses` must be an object",
                "write a mapping of status codes to responses",
            ));
        };
        let mut out = Map::new();
        for (status, response) in responses {
            let response_at = pointer_push(at, &status);
            let converted = if status.starts_with("x-") {
                response
            } else {
                match response.get("$ref").and_then(Value::as_str) {
                    Some(reference) => {
                        let name = local_name(reference, "responses");
                        let shared = name.as_ref().and_then(|n| self.shared_responses.get(n));
                        match (name.as_ref(), shared) {
                            (Some(name), Some(shared))
                                if own_produces && shared.get("schema").is_some() =>
                            {
                                let shared_at = pointer_push("/responses", name);
                                self.response(shared.clone(), produces, &shared_at)?
                            }
                            (Some(_), None) => {
                                return Err(self.error(
                                    &pointer_push(&response_at, "$ref"),
                                    format!("$ref {reference} does not exist"),
                                    "define the response under the document's `responses`, or fix the reference",
                                ))
                            }
                            _ => response,
                        }
                    }
                    None => self.response(response, produces, &response_at)?,
                }
            };
            out.insert(status, converted);
        }
        Ok(Value::Object(out))
    }

    /// One response object.
    pub(super) fn response(
        &mut self,
        response: Value,
        produces: &[String],
        at: &str,
    ) -> Result<Value, Diagnostic> {
        let Value::Object(response) = response else {
            return Err(self.error(
                at,
                "a response must be an object",
                "write at least `description:`",
            ));
        };
        if response.contains_key("$ref") {
            return Ok(Value::Object(response));
        }
        let mut out = Map::new();
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| Value::from(""));
        out.insert("description".to_owned(), description);
        let mut content = Map::new();
        if let Some(body_schema) = response.get("schema") {
            let mut body_schema = body_schema.clone();
            schema::fix_schema(&mut body_schema);
            let media = if produces.is_empty() {
                self.warn(
                    Loss::MediaType,
                    &pointer_push(at, "schema"),
                    "no `produces` for a response body; read as application/json",
                    "add `produces: [application/json]` (or the body's media type) to the operation or the document",
                );
                vec!["application/json".to_owned()]
            } else {
                produces.to_vec()
            };
            for m in media {
                content.insert(m, json!({ "schema": body_schema.clone() }));
            }
        }
        if let Some(Value::Object(examples)) = response.get("examples") {
            for (media, example) in examples {
                if !content.contains_key(media) && produces.contains(media) {
                    // A body documented by its example alone.
                    content.insert(media.clone(), Value::Object(Map::new()));
                }
                match content.get_mut(media) {
                    Some(Value::Object(entry)) => {
                        entry.insert("example".to_owned(), example.clone());
                    }
                    _ => self.warn(
                        Loss::MediaType,
                        &pointer_push(&pointer_push(at, "examples"), media),
                        format!("an example for `{media}`, which is not in the operation's `produces`; left out"),
                        "key the example by one of the operation's `produces` media types",
                    ),
                }
            }
        }
        if !content.is_empty() {
            out.insert("content".to_owned(), Value::Object(content));
        }
        if let Some(headers) = response.get("headers") {
            let headers_at = pointer_push(at, "headers");
            let Value::Object(headers) = headers else {
                return Err(self.error(
                    &headers_at,
                    "`headers` must be an object",
                    "write a mapping of header names to headers",
                ));
            };
            let mut converted = Map::new();
            for (name, header) in headers {
                let header_at = pointer_push(&headers_at, name);
                converted.insert(name.clone(), self.header(header, &header_at)?);
            }
            out.insert("headers".to_owned(), Value::Object(converted));
        }
        for (key, value) in response {
            if key.starts_with("x-") {
                out.insert(key, value);
            }
        }
        Ok(Value::Object(out))
    }

    /// A response header: `type` and the rest move into `schema`.
    fn header(&mut self, header: &Value, at: &str) -> Result<Value, Diagnostic> {
        let Value::Object(header) = header else {
            return Err(self.error(at, "a header must be an object", "write at least `type:`"));
        };
        let mut out = Map::new();
        if let Some(description) = header.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        let header_schema = self.value_schema(header, at)?;
        if header_schema.get("type").and_then(Value::as_str) == Some("array") {
            let format = header
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            if format != "csv" {
                self.warn(
                    Loss::CollectionFormat,
                    &pointer_push(at, "collectionFormat"),
                    format!("`{format}` has no OpenAPI 3.0 style in a header; the value is read comma-separated (csv)"),
                    "use `csv`, which OpenAPI 3.0 can express",
                );
            }
            out.insert("style".to_owned(), Value::from("simple"));
        }
        out.insert("schema".to_owned(), header_schema);
        for (key, value) in header {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(Value::Object(out))
    }
}
