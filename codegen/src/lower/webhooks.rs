//! Webhooks: the requests an API sends to its users (OpenAPI 3.1 `webhooks`, and the
//! `x-webhooks` extension that 3.0 documents such as Rebilly's carry the same way). Each
//! becomes an [`ir::Webhook`](crate::ir::Webhook) whose payload is lowered like a request body,
//! so its schemas become types. `openapiv3` does not model them, so they are read from the
//! JSON value. A webhook that does not read is skipped with a warning, never refused: it
//! changes nothing about the client.

use super::operation::OpInput;
use super::Ctx;
use crate::diagnostic::{pointer_of, pointer_push};
use crate::ir::{BodyEncoding, Docs, Webhook};
use crate::naming::{self, Scope};
use openapiv3::{PathItem, ReferenceOr};
use serde_json::Value;

impl Ctx<'_> {
    /// The webhooks of the document, in document order.
    pub(super) fn webhooks(&mut self, raw: &Value) -> Vec<Webhook> {
        let Some((section, map)) = ["webhooks", "x-webhooks"].iter().find_map(|section| {
            raw.get(*section)
                .and_then(Value::as_object)
                .map(|map| (*section, map))
        }) else {
            return Vec::new();
        };
        let mut scope = Scope::new();
        let mut out = Vec::new();
        for (name, item) in map {
            let at = pointer_of([section, name.as_str()]);
            let item = match serde_json::from_value::<ReferenceOr<PathItem>>(item.clone()) {
                Ok(ReferenceOr::Item(item)) => item,
                Ok(ReferenceOr::Reference { reference }) => {
                    self.warn_hint(
                        &at,
                        format!("webhook skipped: the path item $ref {reference} is not followed"),
                        "write the path item inline or in components.pathItems",
                    );
                    continue;
                }
                Err(e) => {
                    self.warn_hint(
                        &at,
                        format!("webhook skipped: not a path item ({e})"),
                        "compare the webhook with the Path Item Object of the OpenAPI specification",
                    );
                    continue;
                }
            };
            let several = item.iter().count() > 1;
            for (method, op) in item.iter() {
                let op_at = pointer_push(&at, method);
                let wanted = if several {
                    format!("parse_{}_{method}", naming::snake(name))
                } else {
                    format!("parse_{}", naming::snake(name))
                };
                let fn_name = scope.claim(&wanted).name;
                let input = OpInput {
                    path: name,
                    method,
                    item: &item,
                    op,
                    pointer: &op_at,
                    operation_id: op.operation_id.clone().unwrap_or_else(|| name.clone()),
                    fn_name: fn_name.clone(),
                    stem: format!("{}Webhook", naming::type_name(name)),
                    schemes: &[],
                };
                let body = match self.request_body(&input) {
                    Ok(body) => body,
                    Err(e) => {
                        self.warn_hint(
                            &e.pointer,
                            format!("webhook skipped: {}", e.message),
                            e.hint.unwrap_or_default(),
                        );
                        continue;
                    }
                };
                match &body {
                    None => self.warn(
                        &op_at,
                        "webhook without a request body: there is no payload to parse",
                    ),
                    Some(b) if b.encoding != BodyEncoding::Json => self.warn(
                        &b.pointer,
                        format!(
                            "webhook payload of media type {} is not JSON: no parse function is generated",
                            b.media_type
                        ),
                    ),
                    Some(_) => {}
                }
                out.push(Webhook {
                    pointer: op_at,
                    name: name.clone(),
                    method: method.to_ascii_uppercase(),
                    fn_name,
                    docs: Docs {
                        summary: op.summary.clone().or_else(|| item.summary.clone()),
                        description: op.description.clone().or_else(|| item.description.clone()),
                        deprecated: op.deprecated,
                    },
                    body,
                });
            }
        }
        out
    }
}
