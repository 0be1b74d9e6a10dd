//! `host`, `basePath` and `schemes` as servers; `securityDefinitions` as security schemes.

use super::{Converter, Loss};
use crate::diagnostic::{pointer_push, Diagnostic};
use serde_json::{json, Map, Value};

/// The name of the server variable that stands for a missing `host`.
const ORIGIN: &str = "origin";

impl Converter<'_> {
    /// One server per scheme of `schemes` (http and https), at `host` + `basePath`.
    ///
    /// Without `host`, Swagger 2.0 sends requests to the host that served the document, which
    /// a client cannot know. The server is then `{origin}<basePath>`, with the variable
    /// `origin` (scheme and host, default empty) for the user to fill in, so the base path
    /// is not lost.
    pub(super) fn servers(&mut self, doc: &Map<String, Value>) -> Result<Vec<Value>, Diagnostic> {
        let host = match doc.get("host") {
            None => None,
            Some(Value::String(host)) if !host.trim().is_empty() => Some(host.trim().to_owned()),
            Some(_) => {
                return Err(self.error(
                    "/host",
                    "`host` must be a host name (and port), such as `api.example.com:8443`",
                    "write the host without a scheme or path, or remove `host`",
                ))
            }
        };
        // `host: https://api.example.com/v1` has an obvious meaning: scheme, host and a path
        // in front of `basePath`.
        let mut host_scheme = None;
        let mut host_path = String::new();
        let host = match host {
            Some(written) if written.contains('/') => {
                let (scheme, rest) = match written.split_once("://") {
                    Some((scheme, rest)) => (Some(scheme.to_ascii_lowercase()), rest),
                    None => (None, written.as_str()),
                };
                let (name, path) = rest.split_once('/').unwrap_or((rest, ""));
                if name.is_empty() || !matches!(scheme.as_deref(), None | Some("http" | "https")) {
                    return Err(self.error(
                        "/host",
                        format!("`host` is {written:?}, not a host name (and port)"),
                        "write the host alone, such as `api.example.com:8443`; the scheme goes in `schemes` and the path in `basePath`",
                    ));
                }
                self.warn(
                    Loss::Server,
                    "/host",
                    format!("`host` holds more than a host (`{written}`); read as scheme, host and a path before `basePath`"),
                    "write the host alone; the scheme goes in `schemes` and the path in `basePath`",
                );
                host_scheme = scheme;
                let path = path.trim_end_matches('/');
                if !path.is_empty() {
                    host_path = format!("/{path}");
                }
                Some(name.to_owned())
            }
            other => other,
        };
        let base_path = match doc.get("basePath") {
            None => String::new(),
            Some(Value::String(path)) => {
                let trimmed = path.trim().trim_end_matches('/');
                if !trimmed.is_empty() && !trimmed.starts_with('/') {
                    self.warn(
                        Loss::Server,
                        "/basePath",
                        "`basePath` does not start with `/`; one is added",
                        "write `basePath` starting with `/`",
                    );
                    format!("/{trimmed}")
                } else {
                    trimmed.to_owned()
                }
            }
            Some(_) => {
                return Err(self.error(
                    "/basePath",
                    "`basePath` must be a string",
                    "write the path all operations are under, such as `/v2`",
                ))
            }
        };
        let base_path = format!("{host_path}{base_path}");
        let mut schemes = self.schemes(doc.get("schemes"), "/schemes")?;
        if schemes.is_empty() {
            schemes.extend(host_scheme);
        }
        if doc.contains_key("schemes") {
            self.schemes_of_document = Some(schemes.clone());
        }
        let Some(host) = host else {
            if base_path.is_empty() {
                self.warn(
                    Loss::Server,
                    "",
                    "the document names no `host`, so requests go to the host that serves it, which a client cannot know; the base URL must be set",
                    "add `host` (and `schemes`) to the document, or set the base URL when building the client",
                );
                return Ok(Vec::new());
            }
            self.warn(
                Loss::Server,
                "",
                format!(
                    "the document names no `host`, so requests go to the host that serves it, which a client cannot know; the server is `{{{ORIGIN}}}{base_path}` with `{ORIGIN}` to be filled in"
                ),
                "add `host` (and `schemes`) to the document, or give the server's scheme and host when building the client",
            );
            let description = format!(
                "The scheme and host the API is served at (the document names none), such as `{}://api.example.com`",
                schemes.first().map_or("https", String::as_str)
            );
            return Ok(vec![json!({
                "url": format!("{{{ORIGIN}}}{base_path}"),
                "variables": { ORIGIN: { "default": "", "description": description } }
            })]);
        };
        let schemes = if schemes.is_empty() {
            self.warn(
                Loss::Server,
                "",
                "the document names no `schemes`, so requests use the scheme it was fetched with; https is assumed",
                "add `schemes: [https]` (or the schemes the API is served over)",
            );
            vec!["https".to_owned()]
        } else {
            schemes
        };
        let single = schemes.len() == 1;
        Ok(schemes
            .iter()
            .map(|scheme| {
                let url = format!("{scheme}://{host}{base_path}");
                if single {
                    json!({ "url": url })
                } else {
                    json!({ "url": url, "description": scheme })
                }
            })
            .collect())
    }

    /// The http and https entries of `schemes`, in order; ws and wss are left out with a warning.
    fn schemes(&mut self, value: Option<&Value>, at: &str) -> Result<Vec<String>, Diagnostic> {
        let hint = "write a list of `http`, `https`, `ws` or `wss`";
        let items = match value {
            None => return Ok(Vec::new()),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(self.error(at, "`schemes` must be a list", hint)),
        };
        let mut out: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let item_at = pointer_push(at, &i.to_string());
            let Some(scheme) = item.as_str() else {
                return Err(self.error(&item_at, "a scheme must be a string", hint));
            };
            let scheme = scheme.to_ascii_lowercase();
            match scheme.as_str() {
                "http" | "https" => {
                    if !out.contains(&scheme) {
                        out.push(scheme);
                    }
                }
                "ws" | "wss" => self.warn(
                    Loss::Server,
                    &item_at,
                    format!("scheme `{scheme}` is left out; the client speaks HTTP"),
                    "describe WebSocket endpoints elsewhere",
                ),
                other => {
                    return Err(self.error(&item_at, format!("unknown scheme {other:?}"), hint))
                }
            }
        }
        Ok(out)
    }

    /// An operation's own `schemes`: the client sends every operation to its one base URL.
    pub(super) fn operation_schemes(&mut self, value: &Value, at: &str) {
        let global = match self.schemes_of_document.clone() {
            Some(global) => global,
            None => return,
        };
        let own: Vec<String> = value
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_ascii_lowercase)
                    .collect()
            })
            .unwrap_or_default();
        if !own.is_empty() && own != global {
            self.warn(
                Loss::Server,
                at,
                format!(
                    "the operation's own schemes (`{}`) are not kept; it is sent to the client's base URL",
                    own.join(", ")
                ),
                "set the base URL of the client to the scheme this operation needs",
            );
        }
    }

    /// `securityDefinitions` as `components.securitySchemes`.
    pub(super) fn security_schemes(
        &mut self,
        definitions: Value,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let Value::Object(definitions) = definitions else {
            return Err(self.error(
                "/securityDefinitions",
                "`securityDefinitions` must be an object",
                "write a mapping of names to security schemes",
            ));
        };
        let mut out = Map::new();
        for (name, definition) in definitions {
            let at = pointer_push("/securityDefinitions", &name);
            out.insert(name, self.security_scheme(definition, &at)?);
        }
        Ok(out)
    }

    fn security_scheme(&mut self, definition: Value, at: &str) -> Result<Value, Diagnostic> {
        let Value::Object(definition) = definition else {
            return Err(self.error(
                at,
                "a security scheme must be an object",
                "write `type: basic`, `apiKey` or `oauth2`",
            ));
        };
        let text = |key: &str| definition.get(key).and_then(Value::as_str);
        let mut out = Map::new();
        match text("type") {
            Some("basic") => {
                out.insert("type".to_owned(), Value::from("http"));
                out.insert("scheme".to_owned(), Value::from("basic"));
            }
            Some("apiKey") => {
                let (Some(name), Some(location @ ("header" | "query"))) =
                    (text("name"), text("in"))
                else {
                    return Err(self.error(
                        at,
                        "an apiKey scheme needs `name` and `in` (header or query)",
                        "write the header or query parameter that carries the key",
                    ));
                };
                out.insert("type".to_owned(), Value::from("apiKey"));
                out.insert("name".to_owned(), Value::from(name));
                out.insert("in".to_owned(), Value::from(location));
            }
            Some("oauth2") => {
                let (flow_name, needs): (&str, &[&str]) = match text("flow") {
                    Some("implicit") => ("implicit", &["authorizationUrl"]),
                    Some("password") => ("password", &["tokenUrl"]),
                    Some("application") => ("clientCredentials", &["tokenUrl"]),
                    Some("accessCode") => ("authorizationCode", &["authorizationUrl", "tokenUrl"]),
                    _ => {
                        return Err(self.error(
                            &pointer_push(at, "flow"),
                            "an oauth2 scheme needs `flow`: implicit, password, application or accessCode",
                            "write the OAuth 2.0 flow the API uses",
                        ))
                    }
                };
                let mut flow = Map::new();
                for key in needs {
                    let Some(url) = text(key) else {
                        return Err(self.error(
                            at,
                            format!(
                                "the oauth2 flow `{}` needs `{key}`",
                                text("flow").unwrap_or_default()
                            ),
                            "write the URL of the authorization server",
                        ));
                    };
                    flow.insert((*key).to_owned(), Value::from(url));
                }
                let scopes = match definition.get("scopes") {
                    Some(Value::Object(scopes)) => scopes.clone(),
                    _ => Map::new(),
                };
                flow.insert("scopes".to_owned(), Value::Object(scopes));
                out.insert("type".to_owned(), Value::from("oauth2"));
                let mut flows = Map::new();
                flows.insert(flow_name.to_owned(), Value::Object(flow));
                out.insert("flows".to_owned(), Value::Object(flows));
            }
            other => {
                return Err(self.error(
                    &pointer_push(at, "type"),
                    format!(
                        "unknown security scheme type {}",
                        other.map_or_else(|| "(none)".to_owned(), |t| format!("{t:?}"))
                    ),
                    "write `type: basic`, `apiKey` or `oauth2`",
                ))
            }
        }
        if let Some(description) = definition.get("description") {
            out.insert("description".to_owned(), description.clone());
        }
        for (key, value) in &definition {
            if key.starts_with("x-") {
                out.insert(key.clone(), value.clone());
            }
        }
        Ok(Value::Object(out))
    }
}
