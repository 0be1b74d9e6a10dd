//! The HTTP core every generated client wraps: sending a request with its credentials,
//! retrying, and reading the response within limits.

use super::auth::{apply_credential, Credential, SchemeDef};
use super::builder::{BuildError, Config, CredentialKeys, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
use super::error::{DecodeError, DecodeErrorKind, Error, ResponseMeta};
use super::request::{CallOptions, RequestSpec};
use super::response::{content_type_of, lossy_prefix, RawResponse, Response, SNIPPET_BYTES};
use super::retry::{next_wait, retry_hint, RetryMode};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::convert::Infallible as Never;
use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// What a generated method returns (`impl Call<T, E> + '_`): the future of one call, to
/// `.await`, giving the typed response or the error. It borrows only the client; the method's
/// inputs were read into the request before it returns.
///
/// A trait rather than a boxed future: the future stays a concrete type, so a crate compiles
/// the machine code of the calls it makes, not of every operation of the API. It is `Send`
/// (it can be spawned on a multi-threaded runtime), which the compiler sees through the
/// `impl`; the trait does not say so itself, which would make rustc prove it for every
/// operation when the API crate is checked.
pub trait Call<T, E>: Future<Output = Result<Response<T>, Error<E>>> {}

impl<F, T, E> Call<T, E> for F where F: Future<Output = Result<Response<T>, Error<E>>> {}

/// The largest response body that is read into memory (16 MiB).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// Static description of one operation.
#[derive(Debug, Clone, Copy)]
pub struct OperationMeta {
    /// The operation's identifier, used in error messages.
    pub operation_id: &'static str,
    /// The HTTP method, such as `GET` or `POST`.
    pub method: &'static str,
    /// The path template, used in messages.
    pub path: &'static str,
    /// Whether repeating the request is safe.
    pub idempotent: bool,
    /// Alternatives: the request is authorised by all schemes of any one inner
    /// slice. An empty outer slice means no authentication; an empty inner
    /// slice means anonymous access is allowed.
    pub security: &'static [&'static [&'static SchemeDef]],
}

/// The shared HTTP core each generated client wraps. Cloning it is cheap.
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<CoreInner>,
    /// The options every call of this (scoped) core carries.
    options: Option<Arc<CallOptions>>,
}

struct CoreInner {
    base_url: String,
    http: reqwest::Client,
    custom_client: bool,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: RetryMode,
    credentials: Vec<(&'static str, Credential)>,
    idempotency_header: HeaderName,
}

impl fmt::Debug for ClientCore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("ClientCore")
            .field("base_url", &inner.base_url)
            .field("timeout", &inner.timeout)
            .field("user_agent", &inner.user_agent)
            .field("retry", &inner.retry)
            .field("credentials", &CredentialKeys(&inner.credentials))
            .field("options", &self.options)
            .finish()
    }
}

impl ClientCore {
    /// Validates the configuration and builds the HTTP client.
    ///
    /// The base URL must be an absolute `http` or `https` URL without user
    /// information, query or fragment; a trailing `/` is removed. Unless a
    /// client is supplied, one is built with rustls, the configured (or
    /// default) timeout and user agent, and a redirect policy that follows at
    /// most ten redirects and only within the same origin, so credentials never
    /// reach another host. A supplied client keeps its own timeout, user agent
    /// and default headers; only a timeout or user agent set explicitly in the
    /// configuration is applied to each of its requests.
    pub fn new(config: Config) -> Result<Self, BuildError> {
        let trimmed = config.base_url.trim().trim_end_matches('/');
        let parsed = url::Url::parse(trimmed)
            .map_err(|e| BuildError(format!("the base URL is not a valid absolute URL ({e})")))?;
        if parsed.scheme() != "http" && parsed.scheme() != "https" {
            return Err(BuildError(format!(
                "the base URL must use http or https, not `{}`",
                parsed.scheme()
            )));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(BuildError(
                "the base URL must not contain user information; configure credentials instead"
                    .to_owned(),
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(BuildError(
                "the base URL must not contain a query or fragment".to_owned(),
            ));
        }
        if let Some(ua) = &config.user_agent {
            HeaderValue::from_str(ua)
                .map_err(|_| BuildError("the user agent is not a valid header value".to_owned()))?;
        }
        let idempotency_header = HeaderName::from_bytes(config.idempotency_header.as_bytes())
            .map_err(|_| {
                BuildError(format!(
                    "the idempotency header `{}` is not a valid header name",
                    config.idempotency_header
                ))
            })?;
        let custom_client = config.http_client.is_some();
        let (http, timeout, user_agent) = match config.http_client {
            // The client's own settings apply unless ours are set explicitly.
            Some(client) => (client, config.timeout, config.user_agent),
            None => {
                let timeout = config.timeout.unwrap_or(DEFAULT_TIMEOUT);
                let user_agent = config
                    .user_agent
                    .unwrap_or_else(|| DEFAULT_USER_AGENT.to_owned());
                let client = reqwest::Client::builder()
                    .redirect(same_origin_redirects())
                    .timeout(timeout)
                    .connect_timeout(timeout)
                    .user_agent(user_agent.clone())
                    .build()
                    .map_err(|e| BuildError(format!("the HTTP client could not be built ({e})")))?;
                (client, Some(timeout), Some(user_agent))
            }
        };
        Ok(ClientCore {
            inner: Arc::new(CoreInner {
                base_url: trimmed.to_owned(),
                http,
                custom_client,
                timeout,
                user_agent,
                retry: config.retry,
                credentials: config.credentials,
                idempotency_header,
            }),
            options: None,
        })
    }

    /// A core sharing this one's connection pool and configuration whose every
    /// call carries `options` (replacing any options this core carries).
    pub fn with_options(&self, options: CallOptions) -> ClientCore {
        ClientCore {
            inner: Arc::clone(&self.inner),
            options: Some(Arc::new(options)),
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// One operation's call: sends `req` and hands the response to `decode` (the
    /// operation's `match` on the status). Generated methods are plain functions returning
    /// this future, so the state machine of a call exists once, here, rather than once per
    /// operation.
    ///
    /// A request whose input checks found violations, or that recorded a problem, fails
    /// before anything is sent. Credentials are chosen from the operation's security
    /// alternatives and applied here. `429` and `503` responses and failed connections are
    /// retried when the retry mode applies to the operation, and the last response is
    /// decoded once the retries are used up.
    ///
    /// The options of a scoped core ([`ClientCore::with_options`]) are applied here: their
    /// headers and cookies are added before the credentials, their timeout replaces the
    /// client's, and an idempotency key makes the call retryable like an idempotent
    /// operation. With the `tracing` feature, each call runs in a span (see `send`).
    ///
    /// `decode` is generic rather than a function pointer: a pointer would make every
    /// operation's decoding (and the `Deserialize` of every type it reaches) machine code in
    /// the crate that defines the API, where a closure is compiled in the crate that awaits it.
    pub fn call<T, E, F>(
        &self,
        req: RequestSpec,
        op: &'static OperationMeta,
        decode: F,
    ) -> impl Call<T, E> + '_
    where
        T: Send + 'static,
        E: Send + 'static,
        F: FnOnce(RawResponse) -> Result<Response<T>, Error<E>> + Send + 'static,
    {
        async move {
            match self.send(req, op).await {
                Ok(raw) => decode(raw),
                Err(e) => Err(e.map_api(|never| match never {})),
            }
        }
    }

    /// Sends a request and reads the whole response, whatever its status. It has no
    /// operation error type, so that the whole of sending is compiled once, not once per
    /// operation.
    async fn send(
        &self,
        req: RequestSpec,
        op: &OperationMeta,
    ) -> Result<RawResponse, Error<Never>> {
        let trace = Trace::new(op);
        #[cfg(feature = "tracing")]
        {
            use tracing::Instrument;
            let span = trace.0.clone();
            self.run(req, op, &trace).instrument(span).await
        }
        #[cfg(not(feature = "tracing"))]
        self.run(req, op, &trace).await
    }

    async fn run(
        &self,
        req: RequestSpec,
        op: &OperationMeta,
        trace: &Trace,
    ) -> Result<RawResponse, Error<Never>> {
        let operation = op.operation_id;
        if let Some(violations) = req.violations {
            return Err(Error::Validation(violations));
        }
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        let options = self.options.as_deref();
        let option_problem = options.and_then(|o| o.problems.first());
        if let Some(problem) = req.problems.first().or(option_problem) {
            return Err(invalid(problem.clone()));
        }
        let idempotency_key = options.and_then(|o| o.idempotency_key.as_deref());
        let op = &OperationMeta {
            idempotent: op.idempotent || idempotency_key.is_some(),
            ..*op
        };
        let chosen = self.select_credentials(op)?;
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| invalid(format!("`{}` is not a valid HTTP method", req.method)))?;

        let mut query = req.query.clone();
        let mut cookies = req.cookies.clone();
        let mut headers = req.headers.clone();
        if let Some(options) = options {
            for (name, value) in &options.headers {
                headers.insert(name.clone(), value.clone());
            }
            cookies.extend(options.cookies.iter().cloned());
        }
        if let Some(key) = idempotency_key {
            let value = HeaderValue::from_str(key).map_err(|_| {
                invalid("the idempotency key is not a valid header value".to_owned())
            })?;
            headers.insert(self.inner.idempotency_header.clone(), value);
        }
        for (scheme, credential) in &chosen {
            apply_credential(scheme, credential, &mut headers, &mut query, &mut cookies)
                .map_err(invalid)?;
        }
        if !cookies.is_empty() {
            let mut line = cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            if let Some(existing) = headers
                .get(reqwest::header::COOKIE)
                .and_then(|v| v.to_str().ok())
            {
                line = format!("{existing}; {line}");
            }
            let mut value = HeaderValue::from_str(&line)
                .map_err(|_| invalid("a cookie value is not valid".to_owned()))?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        if self.inner.custom_client {
            if let Some(ua) = &self.inner.user_agent {
                if let Ok(value) = HeaderValue::from_str(ua) {
                    headers.entry(reqwest::header::USER_AGENT).or_insert(value);
                }
            }
        }
        if let Some(body) = &req.body {
            if !headers.contains_key(reqwest::header::CONTENT_TYPE) {
                let value = HeaderValue::from_str(&body.content_type).map_err(|_| {
                    invalid("the content type is not a valid header value".to_owned())
                })?;
                headers.insert(reqwest::header::CONTENT_TYPE, value);
            }
        }

        let path = if req.path.starts_with('/') {
            req.path.clone()
        } else {
            format!("/{}", req.path)
        };
        let mut url_text = format!("{}{}", self.inner.base_url, path);
        if !query.is_empty() {
            url_text.push(if path.contains('?') { '&' } else { '?' });
            url_text.push_str(&query.join("&"));
        }
        // The URL may hold a query credential, so the parse error is not quoted.
        let url = url::Url::parse(&url_text)
            .map_err(|_| invalid(format!("the request URL for `{}` is not valid", op.path)))?;

        let timeout = options
            .and_then(|o| o.timeout)
            .or(req.timeout)
            .or(self.inner.timeout);
        let policy = self.inner.retry.policy_for(op);
        let max_attempts = policy.map_or(1, |p| p.max_attempts.max(1));
        let started = tokio::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            trace.attempt(attempt);
            let mut builder = self
                .inner
                .http
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(t) = timeout {
                builder = builder.timeout(t);
            }
            if let Some(body) = &req.body {
                builder = builder.body(body.bytes.clone());
            }
            let outcome = send_and_read(builder, operation).await;
            if let Ok(raw) = &outcome {
                trace.response(raw);
            }
            let can_retry = attempt < max_attempts;
            let wait = match (&outcome, policy) {
                (Ok(raw), Some(p)) if can_retry && (raw.status == 429 || raw.status == 503) => {
                    next_wait(&p, attempt, started, retry_hint(&raw.headers))
                }
                (Err(failure), Some(p)) if can_retry && failure.retryable(op.idempotent) => {
                    next_wait(&p, attempt, started, None)
                }
                _ => None,
            };
            match wait {
                Some(delay) => tokio::time::sleep(delay).await,
                None => return outcome.map_err(|f| f.into_error(operation, timeout)),
            }
        }
    }

    /// Picks the credentials of the first satisfiable security alternative.
    ///
    /// Alternatives with schemes are preferred over an anonymous one, so a
    /// configured credential is sent when the operation accepts it.
    fn select_credentials<E>(
        &self,
        op: &OperationMeta,
    ) -> Result<Vec<(&'static SchemeDef, &Credential)>, Error<E>> {
        if op.security.is_empty() {
            return Ok(Vec::new());
        }
        let find = |key: &str| {
            self.inner
                .credentials
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, c)| c)
        };
        let mut anonymous = false;
        for alternative in op.security {
            if alternative.is_empty() {
                anonymous = true;
                continue;
            }
            let chosen: Option<Vec<_>> = alternative
                .iter()
                .map(|scheme| {
                    find(scheme.key)
                        .filter(|c| c.fits(scheme.placement))
                        .map(|c| (*scheme, c))
                })
                .collect();
            if let Some(chosen) = chosen {
                return Ok(chosen);
            }
        }
        if anonymous {
            return Ok(Vec::new());
        }
        let mut schemes: Vec<&'static str> = Vec::new();
        for scheme in op.security.iter().flat_map(|alt| alt.iter()) {
            if !schemes.contains(&scheme.key) {
                schemes.push(scheme.key);
            }
        }
        Err(Error::MissingCredentials {
            operation: op.operation_id,
            schemes,
        })
    }
}

/// The span of one call when the `tracing` feature is on: the operation, method
/// and path template, then the attempt, status and request id as they become
/// known. Never the URL (it may hold a query credential), headers or bodies.
#[cfg(feature = "tracing")]
struct Trace(tracing::Span);

#[cfg(feature = "tracing")]
impl Trace {
    fn new(op: &OperationMeta) -> Self {
        Trace(tracing::info_span!(
            "api_call",
            operation = op.operation_id,
            method = op.method,
            path = op.path,
            attempt = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        ))
    }

    fn attempt(&self, attempt: u32) {
        self.0.record("attempt", attempt);
    }

    fn response(&self, raw: &RawResponse) {
        self.0.record("status", raw.status);
        if let Some(id) = super::response::request_id_from_headers(&raw.headers) {
            self.0.record("request_id", id);
        }
        tracing::debug!(status = raw.status, "response received");
    }
}

/// Without the `tracing` feature, nothing is traced.
#[cfg(not(feature = "tracing"))]
struct Trace;

#[cfg(not(feature = "tracing"))]
impl Trace {
    fn new(_: &OperationMeta) -> Self {
        Trace
    }

    fn attempt(&self, _: u32) {}

    fn response(&self, _: &RawResponse) {}
}

/// Follows at most ten redirects, and only to the origin of the first URL.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// Why one attempt failed.
enum Failure {
    Timeout { connect: bool },
    Transport(reqwest::Error),
    Builder(String),
    TooLarge(Box<DecodeError>),
}

impl Failure {
    /// Whether the failure may be retried: connections that were never made
    /// always, other failures only for idempotent operations.
    fn retryable(&self, idempotent: bool) -> bool {
        match self {
            Failure::Timeout { connect } => *connect || idempotent,
            Failure::Transport(e) => e.is_connect() || idempotent,
            Failure::Builder(_) | Failure::TooLarge(_) => false,
        }
    }

    fn into_error<E>(self, operation: &'static str, after: Option<Duration>) -> Error<E> {
        match self {
            Failure::Timeout { .. } => Error::Timeout { operation, after },
            Failure::Transport(source) => Error::Transport { operation, source },
            Failure::Builder(message) => Error::InvalidRequest { operation, message },
            Failure::TooLarge(e) => Error::Decode(e),
        }
    }
}

/// Removes everything from the error's URL that could carry a credential.
fn sanitize(mut error: reqwest::Error) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        url.set_query(None);
        url.set_fragment(None);
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    error
}

fn classify(error: reqwest::Error) -> Failure {
    let error = sanitize(error);
    if error.is_timeout() {
        Failure::Timeout {
            connect: error.is_connect(),
        }
    } else if error.is_builder() {
        Failure::Builder(error.to_string())
    } else {
        Failure::Transport(error)
    }
}

/// Sends one attempt and reads the body, bounded by [`MAX_BODY_BYTES`].
async fn send_and_read(
    builder: reqwest::RequestBuilder,
    operation: &'static str,
) -> Result<RawResponse, Failure> {
    let mut response = builder.send().await.map_err(classify)?;
    let status = response.status().as_u16();
    let headers = std::mem::take(response.headers_mut());
    let too_large = |body: &[u8], headers: HeaderMap| {
        let content_type = content_type_of(&headers);
        Failure::TooLarge(Box::new(DecodeError {
            operation,
            status,
            content_type,
            snippet: lossy_prefix(body, SNIPPET_BYTES),
            kind: DecodeErrorKind::TooLarge,
            message: format!("the response body exceeds the limit of {MAX_BODY_BYTES} bytes"),
            meta: ResponseMeta::from_parts(status, headers, &[]),
        }))
    };
    if response
        .content_length()
        .is_some_and(|len| len > MAX_BODY_BYTES as u64)
    {
        return Err(too_large(&[], headers));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large(&body, headers));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(RawResponse {
        operation,
        status,
        headers,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::AuthPlacement;

    const KEY: SchemeDef = SchemeDef {
        key: "apiKey",
        placement: AuthPlacement::Header("x-api-key"),
    };
    const BASIC: SchemeDef = SchemeDef {
        key: "basic",
        placement: AuthPlacement::Basic,
    };

    fn op(security: &'static [&'static [&'static SchemeDef]]) -> OperationMeta {
        OperationMeta {
            operation_id: "getCase",
            method: "GET",
            path: "/cases/{id}",
            idempotent: true,
            security,
        }
    }

    fn core(credentials: &[(&'static str, Credential)]) -> ClientCore {
        let mut config = Config::new("https://api.example.com");
        for (key, credential) in credentials {
            config.set_credential(key, credential.clone());
        }
        ClientCore::new(config).expect("builds")
    }

    fn chosen(core: &ClientCore, op: &OperationMeta) -> Result<Vec<&'static str>, Error<()>> {
        core.select_credentials(op)
            .map(|list| list.iter().map(|(scheme, _)| scheme.key).collect())
    }

    #[test]
    fn the_first_satisfiable_alternative_is_chosen() {
        let both = core(&[
            ("apiKey", Credential::api_key("k")),
            ("basic", Credential::basic("u", "p")),
        ]);
        let only_key = core(&[("apiKey", Credential::api_key("k"))]);
        let alternatives: &[&[&SchemeDef]] = &[&[&KEY, &BASIC], &[&KEY]];
        assert_eq!(
            chosen(&both, &op(alternatives)).expect("both"),
            ["apiKey", "basic"]
        );
        assert_eq!(
            chosen(&only_key, &op(alternatives)).expect("the key"),
            ["apiKey"]
        );
        assert!(chosen(&only_key, &op(&[])).expect("none").is_empty());
    }

    #[test]
    fn a_configured_credential_is_preferred_to_anonymous_access() {
        let optional: &[&[&SchemeDef]] = &[&[], &[&KEY]];
        let with_key = core(&[("apiKey", Credential::api_key("k"))]);
        assert_eq!(
            chosen(&with_key, &op(optional)).expect("the key"),
            ["apiKey"]
        );
        assert!(chosen(&core(&[]), &op(optional))
            .expect("anonymous")
            .is_empty());
    }

    #[test]
    fn missing_or_mismatched_credentials_name_every_accepted_scheme() {
        // A basic credential cannot serve an API key scheme.
        let wrong = core(&[("apiKey", Credential::basic("u", "p"))]);
        let alternatives: &[&[&SchemeDef]] = &[&[&KEY], &[&BASIC, &KEY]];
        match chosen(&wrong, &op(alternatives)) {
            Err(Error::MissingCredentials { operation, schemes }) => {
                assert_eq!(operation, "getCase");
                assert_eq!(schemes, ["apiKey", "basic"]);
            }
            other => panic!("missing credentials: {other:?}"),
        }
    }

    #[test]
    fn failures_are_retried_only_when_safe() {
        assert!(Failure::Timeout { connect: true }.retryable(false));
        assert!(!Failure::Timeout { connect: false }.retryable(false));
        assert!(Failure::Timeout { connect: false }.retryable(true));
        assert!(!Failure::Builder("bad".to_owned()).retryable(true));
    }
}
