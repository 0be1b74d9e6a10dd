//! Servers and security schemes.

use super::Ctx;
use crate::diagnostic::{pointer_of, Diagnostic};
use crate::ir::{SecurityKind, SecurityScheme, Server, ServerVariable};
use crate::naming::{self, Scope};
use openapiv3::{APIKeyLocation, ReferenceOr};

impl Ctx<'_> {
    /// `servers`, with variables replaced by their defaults and a constant name each.
    pub(super) fn servers(&mut self) -> Vec<Server> {
        let mut scope = Scope::new();
        let single = self.doc.servers.len() == 1;
        let mut out = Vec::new();
        for (i, server) in self.doc.servers.iter().enumerate() {
            let mut url = server.url.clone();
            let mut variables = Vec::new();
            let mut arg_scope = Scope::new();
            for (name, var) in server.variables.iter().flatten() {
                url = url.replace(&format!("{{{name}}}"), &var.default);
                variables.push(ServerVariable {
                    name: name.clone(),
                    rust_name: arg_scope.claim(&naming::snake(name)).name,
                    default: var.default.clone(),
                    description: var.description.as_deref().and_then(one_paragraph),
                    choices: var.enumeration.clone(),
                });
            }
            let wanted = match &server.description {
                Some(d) if !d.trim().is_empty() && d.len() <= 40 => naming::const_name(d),
                _ if single => "DEFAULT".to_owned(),
                _ => format!("SERVER_{}", i + 1),
            };
            let name = scope.claim(&wanted).name.to_uppercase();
            let usable = usable_server_url(&url) && variables.iter().all(usable_default);
            out.push(Server {
                const_name: name,
                usable,
                url,
                template: server.url.clone(),
                variables,
                description: server.description.clone(),
            });
        }
        out
    }

    /// `components.securitySchemes` the client can fill in, sorted by key.
    pub(super) fn security_schemes(&mut self) -> Result<Vec<SecurityScheme>, Diagnostic> {
        let Some(components) = &self.doc.components else {
            return Ok(Vec::new());
        };
        let mut entries: Vec<_> = components.security_schemes.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        let mut scope = Scope::with_reserved(&[
            "base_url",
            "server",
            "timeout",
            "user_agent",
            "http_client",
            "retry",
            "build",
        ]);
        let mut out = Vec::new();
        for (key, scheme) in entries {
            let pointer = pointer_of(["components", "securitySchemes", key.as_str()]);
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    let target = super::component_key(reference, "securitySchemes")
                        .and_then(|k| components.security_schemes.get(k));
                    match target {
                        Some(ReferenceOr::Item(s)) => s,
                        _ => {
                            return Err(Diagnostic::error(
                                self.file,
                                &pointer,
                                format!("$ref {reference} does not point at a security scheme"),
                            )
                            .with_hint("define the scheme under components.securitySchemes"))
                        }
                    }
                }
            };
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::APIKey {
                    location,
                    name,
                    description,
                    ..
                } => {
                    let kind = match location {
                        APIKeyLocation::Header => SecurityKind::ApiKeyHeader(name.clone()),
                        APIKeyLocation::Query => SecurityKind::ApiKeyQuery(name.clone()),
                        APIKeyLocation::Cookie => SecurityKind::ApiKeyCookie(name.clone()),
                    };
                    (kind, description.clone())
                }
                openapiv3::SecurityScheme::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SecurityKind::Bearer, description.clone()),
                    "basic" => (SecurityKind::Basic, description.clone()),
                    other => {
                        self.warn(&pointer, format!("HTTP auth scheme {other:?} is not supported; operations that need it are sent without it"));
                        continue;
                    }
                },
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    // The client takes an access token obtained elsewhere.
                    (SecurityKind::Bearer, description.clone())
                }
            };
            out.push(SecurityScheme {
                key: key.clone(),
                rust_name: scope.claim(&naming::snake(key)).name,
                kind,
                description,
            });
        }
        Ok(out)
    }
}

/// A server variable's description as one paragraph: its lines joined with single spaces, so
/// that the whole of it documents the variable (its doc line takes one line of text), or
/// `None` when it is blank.
fn one_paragraph(text: &str) -> Option<String> {
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

/// Whether a server URL (its variables at their defaults) can be where a client sends requests
/// when the user names no other: an absolute `http`/`https` URL whose host is not a
/// placeholder. Placeholders are the names RFC 2606 and RFC 6761 reserve for documentation
/// and testing (`example.com`, `.org`, `.net` and their subdomains, the `.example`, `.test`,
/// `.invalid` and `.localhost` top-level domains, `localhost`) and loopback or unspecified
/// addresses (`127.0.0.1`, `::1`, `0.0.0.0`): a guide's stand-in, never the vendor's service.
/// <https://www.rfc-editor.org/rfc/rfc2606>, <https://www.rfc-editor.org/rfc/rfc6761>
pub(crate) fn usable_server_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once("://") else {
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() || host.contains(['{', '}', '<', '>', ' ']) {
        return false;
    }
    const RESERVED_DOMAINS: [&str; 8] = [
        "example.com",
        "example.org",
        "example.net",
        "example",
        "test",
        "invalid",
        "localhost",
        "local",
    ];
    let reserved = RESERVED_DOMAINS
        .iter()
        .any(|d| host == *d || host.ends_with(&format!(".{d}")));
    let loopback = matches!(host.as_str(), "::1" | "0.0.0.0" | "::") || host.starts_with("127.");
    !reserved && !loopback
}

/// Whether a server variable's default is a real value rather than a stand-in the user must
/// replace: not empty, not a word such as `unknown` or `your-org-id`, not a `<...>` or `{...}`
/// marker, and not described by the spec itself as a placeholder (Rebilly's
/// `organizationId` defaults to `unknown`, "Rebilly's own placeholder").
fn usable_default(variable: &ServerVariable) -> bool {
    let value = variable.default.trim().to_ascii_lowercase();
    const STAND_INS: [&str; 12] = [
        "unknown",
        "undefined",
        "null",
        "none",
        "string",
        "placeholder",
        "changeme",
        "change-me",
        "todo",
        "xxx",
        "example",
        "default",
    ];
    let stand_in = value.is_empty()
        || STAND_INS.contains(&value.as_str())
        || value.starts_with("your")
        || value.starts_with('<')
        || value.starts_with('{');
    let described = variable
        .description
        .as_deref()
        .is_some_and(|d| d.to_ascii_lowercase().contains("placeholder"));
    !stand_in && !described
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variable(default: &str, description: Option<&str>) -> ServerVariable {
        ServerVariable {
            name: "v".to_owned(),
            rust_name: "v".to_owned(),
            default: default.to_owned(),
            description: description.map(str::to_owned),
            choices: Vec::new(),
        }
    }

    #[test]
    fn placeholder_hosts_are_not_usable_servers() {
        for url in [
            "https://api.withverifa.com",
            "https://api.voveid.com/v2",
            "http://api.rebilly.com:8080/organizations/acme",
            "https://examples.com",
        ] {
            assert!(usable_server_url(url), "{url}");
        }
        for url in [
            "https://api.example.com",
            "https://example.org/v1",
            "https://api.showcase.test/v1",
            "https://x.invalid",
            "http://localhost:8080",
            "http://127.0.0.1:3000/api",
            "http://[::1]:80",
            "https://api.example",
            "/v1",
            "ftp://files.vendor.com",
            "https://{host}/v1",
            "",
        ] {
            assert!(!usable_server_url(url), "{url}");
        }
    }

    #[test]
    fn placeholder_variable_defaults_are_not_usable() {
        assert!(usable_default(&variable("eu", Some("The region."))));
        for (default, description) in [
            ("unknown", None),
            ("", None),
            ("your-org-id", None),
            ("<tenant>", None),
            (
                "acme",
                Some("Rebilly's own placeholder; always supply a real value."),
            ),
        ] {
            assert!(
                !usable_default(&variable(default, description)),
                "{default}"
            );
        }
    }

    fn lowered_variable(description: &str) -> ServerVariable {
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{ title: t, version: '1' }}\npaths: {{}}\nservers:\n  - url: https://a.example/{{org}}\n    variables:\n      org:\n        default: unknown\n        description: {description}\n"
        );
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        let api = crate::lower::lower(&doc).expect("the spec lowers").api;
        api.servers[0].variables[0].clone()
    }

    #[test]
    fn a_multi_line_variable_description_is_kept_whole() {
        let var = lowered_variable("|\n          Your organization ID. The default is a placeholder;\n          always supply a real value.\n");
        assert_eq!(
            var.description.as_deref(),
            Some("Your organization ID. The default is a placeholder; always supply a real value.")
        );
    }

    #[test]
    fn a_blank_variable_description_is_none() {
        assert_eq!(lowered_variable("' '").description, None);
        assert_eq!(
            lowered_variable("One line.").description.as_deref(),
            Some("One line.")
        );
    }
}
