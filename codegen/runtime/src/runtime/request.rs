//! A request under construction: path, query, headers, cookies and body.

use super::client::OperationMeta;
#[cfg(doc)]
use super::error::Error;
use super::multipart::Multipart;
use super::params::{cookie_encode, json_scalar_text, pct_encode, QueryStyle, ToParam};
use super::secret::{is_sensitive_header, REDACTED};
use super::validate::{Checks, ValidationError};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

#[derive(Clone)]
pub(super) struct Body {
    pub(super) content_type: String,
    pub(super) bytes: Vec<u8>,
}

/// A request under construction. The path already has its parameters substituted.
///
/// Setters never fail; a header that cannot be sent or a body that cannot be serialised is
/// recorded and reported as [`Error::InvalidRequest`] by
/// [`ClientCore::call`](super::ClientCore::call) before anything is sent.
#[derive(Clone)]
pub struct RequestSpec {
    pub(super) method: &'static str,
    pub(super) operation: &'static str,
    pub(super) path: String,
    pub(super) query: Vec<String>,
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) body: Option<Body>,
    pub(super) timeout: Option<Duration>,
    pub(super) problems: Vec<String>,
    /// What the input checks found; the call fails with it before anything is sent.
    pub(super) violations: Option<ValidationError>,
}

impl RequestSpec {
    /// Starts a request for an operation, with a path relative to the base URL.
    pub fn new(op: &OperationMeta, path: String) -> Self {
        RequestSpec {
            method: op.method,
            operation: op.operation_id,
            path,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            body: None,
            timeout: None,
            problems: Vec::new(),
            violations: None,
        }
    }

    /// Keeps what the input checks found: a call with violations fails with
    /// [`Error::Validation`] before anything is sent.
    pub fn checked(&mut self, checks: Checks) {
        self.violations = checks.into_error(self.operation);
    }

    /// Keeps the problem of a step that failed (a multipart part that could not be
    /// serialised): the call fails with [`Error::InvalidRequest`] before anything is sent.
    pub fn record<P: fmt::Display>(&mut self, step: Result<(), P>) {
        if let Err(problem) = step {
            self.problems.push(problem.to_string());
        }
    }

    /// Adds a query parameter in the default style (`form`, exploded); absent
    /// values and empty arrays are skipped.
    pub fn query<P: ToParam + ?Sized>(&mut self, name: &str, value: &P) {
        self.query_with(name, value, QueryStyle::default());
    }

    /// Adds a query parameter in the given style; absent values and empty
    /// arrays are skipped.
    pub fn query_with<P: ToParam + ?Sized>(&mut self, name: &str, value: &P, style: QueryStyle) {
        let values = value.to_param_values();
        if values.is_empty() {
            return;
        }
        self.push_query_values(&pct_encode(name), &values, style);
    }

    fn push_query_values(&mut self, encoded_name: &str, values: &[String], style: QueryStyle) {
        match style.delimiter() {
            Some(delimiter) => {
                let joined = values
                    .iter()
                    .map(|v| pct_encode(v))
                    .collect::<Vec<_>>()
                    .join(delimiter);
                self.query.push(format!("{encoded_name}={joined}"));
            }
            None => {
                for value in values {
                    self.query
                        .push(format!("{encoded_name}={}", pct_encode(value)));
                }
            }
        }
    }

    /// Adds an object-valued query parameter, serialised through JSON.
    ///
    /// With [`QueryStyle::DeepObject`] each property becomes `name[prop]=value`
    /// (nested objects nest further); exploded form style sends each property as
    /// its own parameter; the delimited styles send `name=prop,value,...`.
    /// Non-object values behave as in [`RequestSpec::query`].
    pub fn query_object<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        style: QueryStyle,
    ) -> Result<(), serde_json::Error> {
        let value = serde_json::to_value(value)?;
        let serde_json::Value::Object(map) = value else {
            self.query_with(name, &value, style);
            return Ok(());
        };
        match style {
            QueryStyle::DeepObject => self.push_deep_object(&pct_encode(name), &map),
            QueryStyle::Form { explode: true } => {
                for (key, item) in &map {
                    let values = item.to_param_values();
                    self.push_query_values(&pct_encode(key), &values, style);
                }
            }
            _ => {
                let values: Vec<String> = map
                    .iter()
                    .filter(|(_, v)| !v.is_null())
                    .flat_map(|(k, v)| [k.clone(), json_scalar_text(v)])
                    .collect();
                if !values.is_empty() {
                    self.push_query_values(&pct_encode(name), &values, style);
                }
            }
        }
        Ok(())
    }

    fn push_deep_object(&mut self, prefix: &str, map: &serde_json::Map<String, serde_json::Value>) {
        for (key, item) in map {
            let name = format!("{prefix}%5B{}%5D", pct_encode(key));
            match item {
                serde_json::Value::Object(inner) => self.push_deep_object(&name, inner),
                other => {
                    let values = other.to_param_values();
                    self.push_query_values(&name, &values, QueryStyle::Form { explode: true });
                }
            }
        }
    }

    /// Sets a header; arrays are joined with `,` and absent values are skipped.
    pub fn header<P: ToParam + ?Sized>(&mut self, name: &str, value: &P) {
        let values = value.to_param_values();
        if values.is_empty() {
            return;
        }
        let Ok(header_name) = HeaderName::from_bytes(name.as_bytes()) else {
            self.problems
                .push(format!("`{name}` is not a valid header name"));
            return;
        };
        match HeaderValue::from_bytes(values.join(",").as_bytes()) {
            Ok(header_value) => {
                self.headers.insert(header_name, header_value);
            }
            Err(_) => self.problems.push(format!(
                "the value of header `{name}` is not a valid header value"
            )),
        }
    }

    /// Adds a cookie; arrays are joined with `,` and absent values are skipped.
    pub fn cookie<P: ToParam + ?Sized>(&mut self, name: &str, value: &P) {
        let values = value.to_param_values();
        if values.is_empty() {
            return;
        }
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if !valid_name {
            self.problems
                .push(format!("`{name}` is not a valid cookie name"));
            return;
        }
        let encoded = values
            .iter()
            .map(|v| cookie_encode(v))
            .collect::<Vec<_>>()
            .join(",");
        self.cookies.push((name.to_owned(), encoded));
    }

    /// Sets a JSON body and the `application/json` content type. A body that
    /// cannot be serialised makes the call an [`Error::InvalidRequest`].
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body_bytes("application/json", bytes),
            Err(e) => self.problems.push(e.to_string()),
        }
    }

    /// Sets a raw body with its content type.
    pub fn body_bytes(&mut self, content_type: &str, bytes: Vec<u8>) {
        self.body = Some(Body {
            content_type: content_type.to_owned(),
            bytes,
        });
    }

    /// Sets an `application/x-www-form-urlencoded` body from a value that
    /// serialises to a JSON object.
    ///
    /// Arrays repeat their key, `null` properties are left out and nested
    /// objects are sent as JSON text.
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) {
        let map = match serde_json::to_value(body) {
            Ok(serde_json::Value::Object(map)) => map,
            Ok(_) => {
                let problem = "a form body must serialise to an object".to_owned();
                return self.problems.push(problem);
            }
            Err(e) => return self.problems.push(e.to_string()),
        };
        let mut serializer = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in &map {
            for text in value.to_param_values() {
                serializer.append_pair(key, &text);
            }
        }
        self.body_bytes(
            "application/x-www-form-urlencoded",
            serializer.finish().into_bytes(),
        );
    }

    /// Sets a `multipart/form-data` body.
    pub fn multipart(&mut self, form: Multipart) {
        let (content_type, bytes) = form.finish();
        self.body_bytes(&content_type, bytes);
    }

    /// Overrides the client's timeout for this request.
    pub fn timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// The HTTP method.
    pub fn method(&self) -> &'static str {
        self.method
    }

    /// The path relative to the base URL.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The encoded query string, without the leading `?`.
    pub fn query_string(&self) -> String {
        self.query.join("&")
    }
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_sensitive_header(name, value) {
                    REDACTED
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            })
            .collect();
        let cookies: Vec<&str> = self.cookies.iter().map(|(name, _)| name.as_str()).collect();
        let body = self
            .body
            .as_ref()
            .map(|b| format!("{} bytes of {}", b.bytes.len(), b.content_type));
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query_string())
            .field("headers", &headers)
            .field("cookies", &cookies)
            .field("body", &body)
            .field("timeout", &self.timeout)
            .field("problems", &self.problems)
            .finish()
    }
}

/// The header an idempotency key goes in unless the API documents another.
pub const DEFAULT_IDEMPOTENCY_HEADER: &str = "Idempotency-Key";

/// Options for the calls of one scoped client: extra headers and cookies, a
/// timeout and an idempotency key. Give them to a client's `with_options`,
/// which returns a client (sharing the connection pool) whose every call
/// carries them; the operation methods stay the same.
///
/// ```ignore
/// use std::time::Duration;
/// // Django session authentication: a CSRF token header and cookie on unsafe methods.
/// let options = CallOptions::new()
///     .header("X-CSRFToken", &csrf_token)
///     .cookie("csrftoken", &csrf_token)
///     .cookie("sessionid", &session_id)
///     .timeout(Duration::from_secs(5))
///     .idempotency_key("order-1234");
/// let case = client.with_options(options).create_case(&body).await?;
/// ```
///
/// Headers given here replace a header of the same name the operation sets
/// (not a credential: the configured credentials are applied last); cookies
/// are added to the operation's. A name or value that cannot be sent makes the
/// call fail with `Error::InvalidRequest` before anything is sent. `Debug`
/// never prints cookie values, the idempotency key, or a header whose name
/// suggests a secret.
#[derive(Clone, Default)]
pub struct CallOptions {
    pub(super) headers: HeaderMap,
    pub(super) cookies: Vec<(String, String)>,
    pub(super) timeout: Option<Duration>,
    pub(super) idempotency_key: Option<String>,
    pub(super) problems: Vec<String>,
}

impl CallOptions {
    /// No extra headers or cookies, the client's timeout, no idempotency key.
    pub fn new() -> Self {
        CallOptions::default()
    }

    /// Sends a header with every call, replacing one of the same name the
    /// operation sets.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            (Ok(name), Ok(value)) => {
                self.headers.insert(name, value);
            }
            (Err(_), _) => self
                .problems
                .push(format!("`{name}` is not a valid header name")),
            (_, Err(_)) => self.problems.push(format!(
                "the value of header `{name}` is not a valid header value"
            )),
        }
        self
    }

    /// Sends a cookie with every call (its value percent-encoded where a
    /// cookie cannot hold a character), beside the operation's own cookies.
    pub fn cookie(mut self, name: &str, value: &str) -> Self {
        let valid_name = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b));
        if valid_name {
            self.cookies.push((name.to_owned(), cookie_encode(value)));
        } else {
            self.problems
                .push(format!("`{name}` is not a valid cookie name"));
        }
        self
    }

    /// Sets the timeout of each attempt, replacing the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends an idempotency key in the header the API documents
    /// (`Idempotency-Key` unless the API module says otherwise), so the
    /// server performs a repeated request once. With a key, an operation that
    /// is not idempotent by itself is retried like one that is (under the
    /// default [`RetryMode::IdempotentOnly`](super::RetryMode::IdempotentOnly)).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_sensitive_header(name, value) {
                    REDACTED
                } else {
                    value.to_str().unwrap_or("<binary>")
                };
                (name.as_str(), shown)
            })
            .collect();
        let cookies: Vec<&str> = self.cookies.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("headers", &headers)
            .field("cookies", &cookies)
            .field("timeout", &self.timeout)
            .field(
                "idempotency_key",
                &self.idempotency_key.as_ref().map(|_| REDACTED),
            )
            .field("problems", &self.problems)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: OperationMeta = OperationMeta {
        operation_id: "listCases",
        method: "GET",
        path: "/cases",
        idempotent: true,
        security: &[],
    };

    fn request() -> RequestSpec {
        RequestSpec::new(&OP, "/cases".to_owned())
    }

    #[test]
    fn query_parameters_follow_their_style() {
        let mut r = request();
        let tags = vec!["a b", "c"];
        r.query("tag", &tags);
        r.query_with("csv", &tags, QueryStyle::Form { explode: false });
        r.query_with("space", &tags, QueryStyle::SpaceDelimited);
        r.query_with("pipe", &tags, QueryStyle::PipeDelimited);
        r.query("absent", &None::<String>);
        r.query("empty", &Vec::<String>::new());
        r.query("name with space", "x&y");
        assert_eq!(
            r.query_string(),
            "tag=a%20b&tag=c&csv=a%20b,c&space=a%20b%20c&pipe=a%20b|c&name%20with%20space=x%26y"
        );
    }

    #[test]
    fn object_parameters_follow_their_style() {
        let value = serde_json::json!({"a": {"b": 1}, "c": ["x", "y"], "d": null});
        let mut deep = request();
        deep.query_object("filter", &value, QueryStyle::DeepObject)
            .expect("serialises");
        assert_eq!(
            deep.query_string(),
            "filter%5Ba%5D%5Bb%5D=1&filter%5Bc%5D=x&filter%5Bc%5D=y"
        );
        let flat = serde_json::json!({"a": 1, "b": "two"});
        let mut form = request();
        form.query_object("f", &flat, QueryStyle::Form { explode: true })
            .expect("serialises");
        assert_eq!(form.query_string(), "a=1&b=two");
        let mut csv = request();
        csv.query_object("f", &flat, QueryStyle::Form { explode: false })
            .expect("serialises");
        assert_eq!(csv.query_string(), "f=a,1,b,two");
        let mut scalar = request();
        scalar
            .query_object("n", &5, QueryStyle::DeepObject)
            .expect("serialises");
        assert_eq!(scalar.query_string(), "n=5");
    }

    #[test]
    fn headers_and_cookies_that_cannot_be_sent_are_recorded_not_sent() {
        let mut r = request();
        r.header("x-ids", &vec![1, 2]);
        r.header("bad name", "v");
        r.header("x-line", "a\nb");
        r.header("x-absent", &None::<String>);
        r.cookie("session", "a b;c");
        r.cookie("bad;name", "v");
        assert_eq!(
            r.headers.get("x-ids").map(|v| v.as_bytes()),
            Some(&b"1,2"[..])
        );
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.cookies, [("session".to_owned(), "a%20b%3Bc".to_owned())]);
        assert_eq!(
            r.problems,
            [
                "`bad name` is not a valid header name",
                "the value of header `x-line` is not a valid header value",
                "`bad;name` is not a valid cookie name",
            ]
        );
    }

    #[test]
    fn form_bodies_repeat_arrays_and_leave_out_nulls() {
        let mut r = request();
        let body = serde_json::json!({"a": ["x y", "z"], "b": null, "c": {"d": 1}});
        r.form(&body);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let sent = r.body.as_ref().expect("a body");
        assert_eq!(sent.content_type, "application/x-www-form-urlencoded");
        assert_eq!(
            String::from_utf8_lossy(&sent.bytes),
            "a=x+y&a=z&c=%7B%22d%22%3A1%7D"
        );
        r.form(&[1, 2]);
        assert!(
            r.problems
                .iter()
                .any(|p| p.contains("must serialise to an object")),
            "{:?}",
            r.problems
        );
    }

    #[test]
    fn debug_output_hides_credentials_and_cookie_values() {
        let mut r = request();
        r.header("x-api-key", "secret-1");
        r.header("x-trace", "visible");
        r.cookie("session", "secret-2");
        r.json(&serde_json::json!({"password": "secret-3"}));
        let shown = format!("{r:?}");
        for secret in ["secret-1", "secret-2", "secret-3"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(
            shown.contains("visible") && shown.contains("session"),
            "{shown}"
        );
        assert!(shown.contains("bytes of application/json"), "{shown}");
    }

    #[test]
    fn call_options_record_what_cannot_be_sent_and_hide_values() {
        let options = CallOptions::new()
            .header("X-CSRFToken", "csrf-1")
            .header("x-api-key", "secret-1")
            .header("x-trace", "visible")
            .header("bad name", "v")
            .header("x-line", "a\nb")
            .cookie("sessionid", "secret-2 ;")
            .cookie("bad;name", "v")
            .idempotency_key("secret-3")
            .timeout(Duration::from_secs(3));
        assert_eq!(
            options.headers.get("x-csrftoken").map(|v| v.as_bytes()),
            Some(&b"csrf-1"[..])
        );
        assert_eq!(
            options.cookies,
            [("sessionid".to_owned(), "secret-2%20%3B".to_owned())]
        );
        assert_eq!(
            options.problems,
            [
                "`bad name` is not a valid header name",
                "the value of header `x-line` is not a valid header value",
                "`bad;name` is not a valid cookie name",
            ]
        );
        let shown = format!("{options:?}");
        // A CSRF token is a token: redacted like a credential.
        for secret in ["csrf-1", "secret-1", "secret-2", "secret-3"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("visible") && shown.contains("3s"), "{shown}");
    }
}
