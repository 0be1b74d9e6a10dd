//! Shared HTTP runtime for this API client.
//!
//! Every operation module of this crate builds a [`RequestSpec`], hands it to
//! [`ClientCore::execute`] together with the operation's static
//! [`OperationMeta`], and turns the resulting [`RawResponse`] into a typed
//! [`Response`] or [`Error`]. The module also contains the credential types,
//! the retry policy, the request validation helpers used by the models and a
//! few serde helpers.
//!
//! Credentials are kept in [`Secret`] values, which never print their
//! contents. They are attached to a request only while it is being sent, so
//! no request description, configuration or error ever carries them.

// Not every client uses every helper of this module.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use serde::{Deserialize, Deserializer, Serialize};

/// The largest response body that is read into memory (16 MiB).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;
/// The length of the body excerpt kept in a [`DecodeError`].
pub const SNIPPET_BYTES: usize = 512;
/// The largest body text kept in an [`UndocumentedBody`] (64 KiB).
pub const UNDOCUMENTED_BODY_BYTES: usize = 64 * 1024;

const REDACTED: &str = "*** redacted ***";

// ---------------------------------------------------------------------------
// Secrets and authentication
// ---------------------------------------------------------------------------

/// A secret credential; Debug and Display print `*** redacted ***`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// Returns the secret value itself. Use it only where the value must be sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

/// Where a security scheme puts its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthPlacement {
    /// An API key sent in the named request header.
    Header(&'static str),
    /// An API key sent as the named query parameter.
    Query(&'static str),
    /// An API key sent as the named cookie.
    Cookie(&'static str),
    /// A token sent as `Authorization: Bearer <token>`.
    Bearer,
    /// A username and password sent as HTTP basic authentication.
    Basic,
}

/// A credential value for one scheme.
#[derive(Clone, Debug)]
pub enum Credential {
    /// An API key, for header, query or cookie schemes.
    ApiKey(Secret),
    /// A bearer token.
    Bearer(Secret),
    /// A username and password for HTTP basic authentication.
    Basic {
        /// The user name, sent in clear inside the encoded header.
        username: String,
        /// The password.
        password: Secret,
    },
}

impl Credential {
    /// Creates an API key credential.
    pub fn api_key(key: impl Into<Secret>) -> Self {
        Credential::ApiKey(key.into())
    }

    /// Creates a bearer token credential.
    pub fn bearer(token: impl Into<Secret>) -> Self {
        Credential::Bearer(token.into())
    }

    /// Creates a basic authentication credential.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// Tells whether this credential can be used with the given placement.
    fn fits(&self, placement: AuthPlacement) -> bool {
        match self {
            Credential::ApiKey(_) | Credential::Bearer(_) => placement != AuthPlacement::Basic,
            Credential::Basic { .. } => placement == AuthPlacement::Basic,
        }
    }
}

/// Static description of a security scheme.
#[derive(Debug, Clone, Copy)]
pub struct SchemeDef {
    /// The scheme's name in the API description; credentials are keyed by it.
    pub key: &'static str,
    /// Where the credential goes.
    pub placement: AuthPlacement,
}

// ---------------------------------------------------------------------------
// Operations and retries
// ---------------------------------------------------------------------------

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

/// Retry policy with exponential backoff and full jitter.
///
/// `max_attempts` counts every attempt, including the first. Between attempts
/// the client sleeps a random time between zero and
/// `min(max_backoff, initial_backoff * 2^n)`, unless the server sent a
/// `Retry-After` or `X-RateLimit-Retry-After` hint, in which case it sleeps
/// exactly the hinted time. No retry starts once `max_elapsed` has passed, and
/// a wait that would end after it stops the retries instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total number of attempts, including the first one.
    pub max_attempts: u32,
    /// The upper bound of the first backoff.
    pub initial_backoff: Duration,
    /// The largest backoff between two attempts when the server gave no hint.
    pub max_backoff: Duration,
    /// The time budget for all attempts and waits together.
    pub max_elapsed: Duration,
}

impl RetryPolicy {
    /// A policy that makes a single attempt.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// The random backoff before retry number `retry` (starting at 0).
    fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32 << retry.min(30);
        let cap = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        let cap_nanos = u64::try_from(cap.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=cap_nanos))
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_elapsed: Duration::from_secs(30),
        }
    }
}

/// When retries apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryMode {
    /// The policy applies only to operations marked idempotent (the default).
    IdempotentOnly(RetryPolicy),
    /// The policy applies to every operation.
    Always(RetryPolicy),
    /// Every request is sent once.
    Never,
}

impl RetryMode {
    /// The policy that applies to the given operation, if any.
    pub fn policy_for(&self, op: &OperationMeta) -> Option<RetryPolicy> {
        match self {
            RetryMode::IdempotentOnly(p) if op.idempotent => Some(*p),
            RetryMode::Always(p) => Some(*p),
            _ => None,
        }
    }
}

impl Default for RetryMode {
    fn default() -> Self {
        RetryMode::IdempotentOnly(RetryPolicy::default())
    }
}

// ---------------------------------------------------------------------------
// Configuration and client construction
// ---------------------------------------------------------------------------

/// What the `Client` of an API gives its [`Builder`].
pub trait ApiClient: Sized {
    /// Where requests go unless [`Builder::base_url`] says otherwise: the first
    /// absolute server URL of the API description, or empty.
    const DEFAULT_BASE_URL: &'static str;

    /// The names of the security schemes the API description declares and the
    /// client supports; [`Builder::credential`] takes only these.
    const SECURITY_SCHEMES: &'static [&'static str];

    /// Wraps a configured core.
    fn from_core(core: ClientCore) -> Self;
}

/// Configures the `Client` of one API (`C`). Each API module names it
/// `ClientBuilder` and adds one setter per security scheme.
pub struct Builder<C> {
    config: Config,
    client: std::marker::PhantomData<fn() -> C>,
}

impl<C: ApiClient> Default for Builder<C> {
    fn default() -> Self {
        Builder {
            config: Config::new(C::DEFAULT_BASE_URL),
            client: std::marker::PhantomData,
        }
    }
}

impl<C> fmt::Debug for Builder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("config", &self.config)
            .finish()
    }
}

impl<C: ApiClient> Builder<C> {
    /// Sets the base URL, for example one of the constants in the API's
    /// `servers` module.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.config.base_url = url.into();
        self
    }

    /// Sets the timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = Some(user_agent.into());
        self
    }

    /// Reuses an existing `reqwest::Client` (its own timeout and user agent
    /// then apply).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.config.http_client = Some(client);
        self
    }

    /// Sets when failed attempts are retried.
    pub fn retry(mut self, mode: RetryMode) -> Self {
        self.config.retry = mode;
        self
    }

    /// Sets the credential of the security scheme named `scheme` in the API
    /// description. The API's own setters (one per scheme) call this; a name
    /// the API does not declare makes [`Builder::build`] fail.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.config.set_credential(scheme, credential);
        self
    }

    /// The configuration so far.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, BuildError> {
        if let Some((unknown, _)) = self
            .config
            .credentials
            .iter()
            .find(|(key, _)| !C::SECURITY_SCHEMES.contains(key))
        {
            let known = match C::SECURITY_SCHEMES {
                [] => "none".to_owned(),
                names => names.join(", "),
            };
            return Err(BuildError(format!(
                "a credential is set for `{unknown}`, which is not a security scheme of this API (its schemes: {known})"
            )));
        }
        Ok(C::from_core(ClientCore::new(self.config)?))
    }
}

/// Client configuration.
#[derive(Clone)]
pub struct Config {
    /// The server's base URL, such as `https://api.example.com/v1`.
    pub base_url: String,
    /// The timeout of one attempt, from connecting until the body is read.
    pub timeout: Option<Duration>,
    /// The `User-Agent` header. With a custom `http_client` it is sent only when set.
    pub user_agent: Option<String>,
    /// A preconfigured HTTP client to use instead of building one.
    pub http_client: Option<reqwest::Client>,
    /// When and how failed requests are retried.
    pub retry: RetryMode,
    /// Credentials, keyed by [`SchemeDef::key`].
    pub credentials: Vec<(&'static str, Credential)>,
}

impl Config {
    /// Creates a configuration with a 30 second timeout, the default user agent,
    /// the default retry mode and no credentials.
    pub fn new(base_url: impl Into<String>) -> Self {
        Config {
            base_url: base_url.into(),
            timeout: Some(Duration::from_secs(30)),
            user_agent: Some(
                concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            ),
            http_client: None,
            retry: RetryMode::default(),
            credentials: Vec::new(),
        }
    }

    /// Sets the credential of one scheme, replacing any earlier one for the key.
    pub fn set_credential(&mut self, key: &'static str, credential: Credential) {
        self.credentials.retain(|(k, _)| *k != key);
        self.credentials.push((key, credential));
    }

    /// Returns the credential configured for a scheme.
    pub fn credential(&self, key: &str) -> Option<&Credential> {
        self.credentials
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, c)| c)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("retry", &self.retry)
            .field("credentials", &CredentialKeys(&self.credentials))
            .finish()
    }
}

/// Prints only the keys of a credential list.
struct CredentialKeys<'a>(&'a [(&'static str, Credential)]);

impl fmt::Debug for CredentialKeys<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(k, _)| k))
            .finish()
    }
}

/// Client construction error.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot build the API client: {0}")]
pub struct BuildError(String);

impl BuildError {
    /// Describes what is wrong.
    pub fn message(&self) -> &str {
        &self.0
    }
}

/// The shared HTTP core each generated client wraps. Cloning it is cheap.
#[derive(Clone)]
pub struct ClientCore {
    inner: Arc<CoreInner>,
}

struct CoreInner {
    base_url: String,
    http: reqwest::Client,
    custom_client: bool,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    retry: RetryMode,
    credentials: Vec<(&'static str, Credential)>,
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
            .finish()
    }
}

impl ClientCore {
    /// Validates the configuration and builds the HTTP client.
    ///
    /// The base URL must be an absolute `http` or `https` URL without user
    /// information, query or fragment; a trailing `/` is removed. Unless a
    /// client is supplied, one is built with rustls, the configured timeout and
    /// user agent, and a redirect policy that follows at most ten redirects and
    /// only within the same origin, so credentials never reach another host.
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
        let custom_client = config.http_client.is_some();
        let http = match config.http_client {
            Some(client) => client,
            None => {
                let mut builder = reqwest::Client::builder().redirect(same_origin_redirects());
                if let Some(timeout) = config.timeout {
                    builder = builder.timeout(timeout).connect_timeout(timeout);
                }
                if let Some(ua) = &config.user_agent {
                    builder = builder.user_agent(ua.clone());
                }
                builder
                    .build()
                    .map_err(|e| BuildError(format!("the HTTP client could not be built ({e})")))?
            }
        };
        Ok(ClientCore {
            inner: Arc::new(CoreInner {
                base_url: trimmed.to_owned(),
                http,
                custom_client,
                timeout: config.timeout,
                user_agent: config.user_agent,
                retry: config.retry,
                credentials: config.credentials,
            }),
        })
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request for an operation and reads the whole response.
    ///
    /// Credentials are chosen from the operation's security alternatives and
    /// applied here. Responses of any status are returned as `Ok`; `429` and
    /// `503` responses and failed connections are retried when the retry mode
    /// applies to the operation, and the last response is returned once the
    /// retries are used up.
    pub async fn execute<E>(
        &self,
        req: RequestSpec,
        op: &OperationMeta,
    ) -> Result<RawResponse, Error<E>> {
        let operation = op.operation_id;
        let invalid = |message: String| Error::InvalidRequest { operation, message };
        if let Some(problem) = req.problems.first() {
            return Err(invalid(problem.clone()));
        }
        let chosen = self.select_credentials(op)?;
        let method = reqwest::Method::from_bytes(req.method.as_bytes())
            .map_err(|_| invalid(format!("`{}` is not a valid HTTP method", req.method)))?;

        let mut query = req.query.clone();
        let mut cookies = req.cookies.clone();
        let mut headers = req.headers.clone();
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

        let timeout = req.timeout.or(self.inner.timeout);
        let policy = self.inner.retry.policy_for(op);
        let max_attempts = policy.map_or(1, |p| p.max_attempts.max(1));
        let started = tokio::time::Instant::now();
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
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

/// Adds one credential to the outgoing headers, query or cookies.
fn apply_credential(
    scheme: &SchemeDef,
    credential: &Credential,
    headers: &mut HeaderMap,
    query: &mut Vec<String>,
    cookies: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let bad_value = || {
        format!(
            "the credential for scheme `{}` is not a valid header value",
            scheme.key
        )
    };
    let token = match credential {
        Credential::ApiKey(s) | Credential::Bearer(s) => s.expose(),
        Credential::Basic { .. } => "",
    };
    match (scheme.placement, credential) {
        (AuthPlacement::Header(name), _) => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("`{name}` is not a valid header name"))?;
            let mut value = HeaderValue::from_bytes(token.as_bytes()).map_err(|_| bad_value())?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
        (AuthPlacement::Query(name), _) => {
            query.push(format!("{}={}", pct_encode(name), pct_encode(token)));
        }
        (AuthPlacement::Cookie(name), _) => {
            cookies.push((name.to_owned(), cookie_encode(token)));
        }
        (AuthPlacement::Bearer, _) => {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| bad_value())?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        (AuthPlacement::Basic, Credential::Basic { username, password }) => {
            let encoded = base64_encode(format!("{username}:{}", password.expose()).as_bytes());
            let mut value =
                HeaderValue::from_str(&format!("Basic {encoded}")).map_err(|_| bad_value())?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::AUTHORIZATION, value);
        }
        (AuthPlacement::Basic, _) => {
            return Err(format!(
                "scheme `{}` needs a username and password",
                scheme.key
            ));
        }
    }
    Ok(())
}

/// Standard base64 with padding.
fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
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

/// The wait before the next attempt, or `None` when the budget is exhausted.
fn next_wait(
    policy: &RetryPolicy,
    attempt: u32,
    started: tokio::time::Instant,
    hint: Option<Duration>,
) -> Option<Duration> {
    let remaining = policy.max_elapsed.checked_sub(started.elapsed())?;
    let wait = hint.unwrap_or_else(|| policy.backoff(attempt.saturating_sub(1)));
    (wait <= remaining).then_some(wait)
}

// ---------------------------------------------------------------------------
// Parameters and request construction
// ---------------------------------------------------------------------------

/// Turns a parameter value into its string form(s).
pub trait ToParam {
    /// The value's string forms: none for an absent value, one per array element.
    fn to_param_values(&self) -> Vec<String>;
}

/// Gives the wire string of a generated enum variant.
pub trait WireEnum {
    /// The variant's value as sent on the wire.
    fn wire_str(&self) -> Cow<'_, str>;
}

impl ToParam for str {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl ToParam for String {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param_values(&self) -> Vec<String> {
        (**self).to_param_values()
    }
}

impl<T: ToParam + ?Sized> ToParam for Box<T> {
    fn to_param_values(&self) -> Vec<String> {
        (**self).to_param_values()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param_values(&self) -> Vec<String> {
        self.as_ref()
            .map(ToParam::to_param_values)
            .unwrap_or_default()
    }
}

impl<T: ToParam> ToParam for [T] {
    fn to_param_values(&self) -> Vec<String> {
        self.iter().flat_map(ToParam::to_param_values).collect()
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param_values(&self) -> Vec<String> {
        self.as_slice().to_param_values()
    }
}

macro_rules! display_to_param {
    ($($t:ty),* $(,)?) => {$(
        impl ToParam for $t {
            fn to_param_values(&self) -> Vec<String> {
                vec![self.to_string()]
            }
        }
    )*};
}

display_to_param!(
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    uuid::Uuid
);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)]
    }
}

impl ToParam for chrono::DateTime<chrono::FixedOffset> {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)]
    }
}

impl ToParam for chrono::NaiveDate {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.format("%Y-%m-%d").to_string()]
    }
}

impl ToParam for url::Url {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.as_str().to_owned()]
    }
}

impl ToParam for serde_json::Value {
    fn to_param_values(&self) -> Vec<String> {
        match self {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) => items.iter().map(json_scalar_text).collect(),
            other => vec![json_scalar_text(other)],
        }
    }
}

/// The text of a JSON value as a parameter: strings unquoted, others as JSON.
fn json_scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn pct_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Percent-encodes the bytes that may not appear in a cookie value, and `%`.
fn cookie_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let allowed = matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if allowed {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Percent-encodes one path segment value (everything but unreserved characters).
///
/// Arrays are joined with `,` (OpenAPI simple style); an absent value gives an
/// empty string.
pub fn encode_path<P: ToParam + ?Sized>(value: &P) -> String {
    value
        .to_param_values()
        .iter()
        .map(|v| pct_encode(v))
        .collect::<Vec<_>>()
        .join(",")
}

/// OpenAPI query parameter serialisation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `a=1&a=2` when exploded, `a=1,2` otherwise.
    Form {
        /// Whether each array element gets its own `name=value` pair.
        explode: bool,
    },
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value` for objects (see [`RequestSpec::query_object`]);
    /// scalars and arrays are sent as with exploded form style.
    DeepObject,
}

impl Default for QueryStyle {
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

impl QueryStyle {
    /// The separator between the values of a non-exploded array.
    fn delimiter(self) -> Option<&'static str> {
        match self {
            QueryStyle::Form { explode: false } => Some(","),
            QueryStyle::SpaceDelimited => Some("%20"),
            QueryStyle::PipeDelimited => Some("|"),
            QueryStyle::Form { explode: true } | QueryStyle::DeepObject => None,
        }
    }
}

#[derive(Clone)]
struct Body {
    content_type: String,
    bytes: Vec<u8>,
}

/// A request under construction. The path already has its parameters substituted.
///
/// Setters never fail; a header that cannot be sent is recorded and reported
/// as [`Error::InvalidRequest`] by [`ClientCore::execute`].
#[derive(Clone)]
pub struct RequestSpec {
    method: &'static str,
    operation: &'static str,
    path: String,
    query: Vec<String>,
    headers: HeaderMap,
    cookies: Vec<(String, String)>,
    body: Option<Body>,
    timeout: Option<Duration>,
    problems: Vec<String>,
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
    /// cannot be serialised is an [`Error::InvalidRequest`].
    pub fn json<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let bytes = serde_json::to_vec(body).map_err(|e| self.invalid(e))?;
        self.body_bytes("application/json", bytes);
        Ok(())
    }

    /// The [`Error::InvalidRequest`] of this request's operation.
    pub fn invalid<E>(&self, message: impl fmt::Display) -> Error<E> {
        Error::InvalidRequest {
            operation: self.operation,
            message: message.to_string(),
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
    pub fn form<T: Serialize + ?Sized, E>(&mut self, body: &T) -> Result<(), Error<E>> {
        let value = serde_json::to_value(body).map_err(|e| self.invalid(e))?;
        let serde_json::Value::Object(map) = value else {
            return Err(self.invalid("a form body must serialise to an object"));
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
        Ok(())
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

/// Tells whether a header's value must not be printed.
fn is_sensitive_header(name: &HeaderName, value: &HeaderValue) -> bool {
    const WORDS: [&str; 6] = ["auth", "cookie", "key", "token", "secret", "password"];
    value.is_sensitive() || WORDS.iter().any(|w| name.as_str().contains(w))
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

/// A `multipart/form-data` body under construction: one part per property of the request
/// body, in order.
#[derive(Debug, Default)]
pub struct Multipart {
    /// Name, file name (for file parts) and content of each part.
    parts: Vec<(String, Option<String>, Vec<u8>)>,
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one text part per value: none for an absent value, one per array item.
    pub fn text<P: ToParam + ?Sized>(&mut self, name: &str, value: &P) {
        for text in value.to_param_values() {
            self.parts.push((name.to_owned(), None, text.into_bytes()));
        }
    }

    /// Adds a file part (`application/octet-stream`), with the part name as its file name.
    pub fn file(&mut self, name: &str, bytes: &[u8]) {
        self.parts
            .push((name.to_owned(), Some(name.to_owned()), bytes.to_vec()));
    }

    /// Adds a part holding `value` as JSON text (objects and other structured values).
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        let text = serde_json::to_string(value)?;
        self.parts.push((name.to_owned(), None, text.into_bytes()));
        Ok(())
    }

    /// Adds every property of `value`, which must serialise to a JSON object: strings as
    /// text, arrays as one part per item, `null` left out, anything else as JSON text.
    pub fn fields<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        let serde_json::Value::Object(map) = serde_json::to_value(value)? else {
            return Err(<serde_json::Error as serde::ser::Error>::custom(
                "a multipart body must serialise to an object",
            ));
        };
        for (key, value) in &map {
            self.text(key, value);
        }
        Ok(())
    }

    /// The content type (with its boundary) and the encoded body.
    pub fn finish(self) -> (String, Vec<u8>) {
        let boundary = loop {
            let candidate = format!("----form-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..));
            let clash = self.parts.iter().any(|(_, _, data)| {
                data.windows(candidate.len())
                    .any(|w| w == candidate.as_bytes())
            });
            if !clash {
                break candidate;
            }
        };
        // Names are escaped as browsers do (WHATWG): quotes and line breaks.
        let quoted = |text: &str| {
            text.replace('"', "%22")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
        };
        let mut body = Vec::new();
        for (name, file_name, data) in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", quoted(name));
            match file_name {
                Some(file) => {
                    disposition.push_str(&format!("; filename=\"{}\"\r\n", quoted(file)));
                    disposition.push_str("Content-Type: application/octet-stream\r\n\r\n");
                }
                None => disposition.push_str("\r\n\r\n"),
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amz-request-id",
];

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

fn content_type_of(headers: &HeaderMap) -> Option<String> {
    header_str(headers, "content-type").map(str::to_owned)
}

fn request_id_from_headers(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| header_str(headers, name).filter(|v| !v.is_empty()))
}

/// Finds `request_id` or `requestId` at the top level or under `error`.
fn request_id_from_body(body: &[u8]) -> Option<String> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if *first != b'{' {
        return None;
    }
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let pick = |v: &serde_json::Value| {
        ["request_id", "requestId"]
            .iter()
            .find_map(|key| match v.get(key)? {
                serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
    };
    pick(&value).or_else(|| value.get("error").and_then(pick))
}

/// Parses delta seconds, an HTTP date or (when `allow_rfc3339`) an RFC 3339
/// time into a wait. Large integers in the rate-limit header are Unix times.
fn parse_wait(value: &str, allow_rfc3339: bool) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        if allow_rfc3339 && seconds >= 1_000_000_000 {
            let now = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
            return Some(Duration::from_secs(seconds.saturating_sub(now)));
        }
        return Some(Duration::from_secs(seconds));
    }
    if let Ok(seconds) = value.parse::<f64>() {
        return Duration::try_from_secs_f64(seconds).ok();
    }
    let at = chrono::DateTime::parse_from_rfc2822(value)
        .ok()
        .or_else(|| {
            if allow_rfc3339 {
                chrono::DateTime::parse_from_rfc3339(value).ok()
            } else {
                None
            }
        })
        .map(|t| t.with_timezone(&chrono::Utc))
        .or_else(|| {
            chrono::NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y")
                .ok()
                .map(|t| t.and_utc())
        })?;
    Some((at - chrono::Utc::now()).to_std().unwrap_or(Duration::ZERO))
}

/// The server's retry hint from `Retry-After` or `X-RateLimit-Retry-After`.
fn retry_hint(headers: &HeaderMap) -> Option<Duration> {
    header_str(headers, "retry-after")
        .and_then(|v| parse_wait(v, false))
        .or_else(|| {
            header_str(headers, "x-ratelimit-retry-after").and_then(|v| parse_wait(v, true))
        })
}

/// Cuts `bytes` to at most `max` bytes at a character boundary, lossily decoded.
fn lossy_prefix(bytes: &[u8], max: usize) -> String {
    let mut end = bytes.len().min(max);
    if end < bytes.len() {
        let floor = end.saturating_sub(3);
        while end > floor && bytes.get(end).is_some_and(|b| b & 0xC0 == 0x80) {
            end -= 1;
        }
    }
    String::from_utf8_lossy(bytes.get(..end).unwrap_or_default()).into_owned()
}

/// Whether a content type denotes JSON (`application/json` or `*/*+json`).
fn is_json_content_type(content_type: &str) -> bool {
    let media = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    media == "application/json" || (media.contains('/') && media.ends_with("+json"))
}

/// The response before typed decoding.
pub struct RawResponse {
    operation: &'static str,
    status: u16,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("content_type", &content_type_of(&self.headers))
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl RawResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The operation that produced this response.
    pub fn operation(&self) -> &'static str {
        self.operation
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> Option<&str> {
        header_str(&self.headers, "content-type")
    }

    /// Whether the status is in the 2xx range.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The error metadata of this response.
    pub fn meta(&self) -> ResponseMeta {
        ResponseMeta::from_parts(self.status, self.headers.clone(), &self.body)
    }

    fn decode_error(&self, kind: DecodeErrorKind, message: String) -> Box<DecodeError> {
        Box::new(DecodeError {
            operation: self.operation,
            status: self.status,
            content_type: content_type_of(&self.headers),
            snippet: lossy_prefix(&self.body, SNIPPET_BYTES),
            kind,
            message,
            meta: self.meta(),
        })
    }

    /// Decodes the JSON body; an empty body decodes as JSON `null`.
    fn decode_json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Box<DecodeError>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return serde_json::from_slice(b"null").map_err(|_| {
                self.decode_error(
                    DecodeErrorKind::EmptyBody,
                    "expected a JSON body, but the response body is empty".to_owned(),
                )
            });
        }
        match self.content_type() {
            Some(ct) if is_json_content_type(ct) => {}
            Some(ct) => {
                return Err(self.decode_error(
                    DecodeErrorKind::ContentType,
                    format!("expected a JSON body, but the content type is `{ct}`"),
                ))
            }
            None => {
                return Err(self.decode_error(
                    DecodeErrorKind::ContentType,
                    "expected a JSON body, but the response has no content type".to_owned(),
                ))
            }
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            if e.classify() == serde_json::error::Category::Data {
                self.decode_error(
                    DecodeErrorKind::UnexpectedShape,
                    format!("the JSON body does not match the expected type: {e}"),
                )
            } else {
                self.decode_error(
                    DecodeErrorKind::MalformedJson,
                    format!("invalid JSON body: {e}"),
                )
            }
        })
    }

    fn into_response<T>(self, body: T) -> Response<T> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
        }
    }

    /// Decodes a JSON success body.
    ///
    /// A non-empty body needs a JSON content type; an empty body is decoded
    /// as JSON `null`, which suits `()` and `Option` types.
    pub fn success<T: serde::de::DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        let body = self.decode_json::<T>()?;
        Ok(self.into_response(body))
    }

    /// Returns a success response without a body, ignoring any body sent.
    pub fn success_empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(self.into_response(()))
    }

    /// Returns the body as UTF-8 text.
    pub fn success_text<E>(mut self) -> Result<Response<String>, Error<E>> {
        let bytes = std::mem::take(&mut self.body);
        match String::from_utf8(bytes) {
            Ok(text) => Ok(self.into_response(text)),
            Err(e) => {
                self.body = e.into_bytes();
                Err(Error::Decode(self.decode_error(
                    DecodeErrorKind::InvalidText,
                    "the body is not valid UTF-8 text".to_owned(),
                )))
            }
        }
    }

    /// Returns the body bytes.
    pub fn success_bytes<E>(mut self) -> Result<Response<Vec<u8>>, Error<E>> {
        let bytes = std::mem::take(&mut self.body);
        Ok(self.into_response(bytes))
    }

    /// Decodes an error body as `B` and returns it wrapped by `f` as [`Error::Api`].
    pub fn error<B: serde::de::DeserializeOwned, T, E>(
        self,
        f: impl FnOnce(B) -> E,
    ) -> Result<Response<T>, Error<E>> {
        match self.decode_json::<B>() {
            Ok(body) => Err(self.api_error(f(body))),
            Err(e) => Err(Error::Decode(e)),
        }
    }

    /// Returns `e` as [`Error::Api`], ignoring the body.
    pub fn error_empty<T, E>(self, e: E) -> Result<Response<T>, Error<E>> {
        Err(self.api_error(e))
    }

    /// Returns a status without a typed body as [`Error::Api`], keeping the
    /// status, content type and up to 64 KiB of body text.
    pub fn error_raw<T, E>(
        self,
        f: impl FnOnce(UndocumentedBody) -> E,
    ) -> Result<Response<T>, Error<E>> {
        let body = UndocumentedBody {
            status: self.status,
            content_type: content_type_of(&self.headers),
            body: lossy_prefix(&self.body, UNDOCUMENTED_BODY_BYTES),
        };
        Err(self.api_error(f(body)))
    }

    fn api_error<E>(self, kind: E) -> Error<E> {
        let meta = ResponseMeta::from_parts(self.status, self.headers, &self.body);
        Error::Api(Box::new(ApiError {
            operation: self.operation,
            kind,
            meta,
        }))
    }
}

/// The body of a status the API description does not document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndocumentedBody {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text, lossily decoded and cut at 64 KiB.
    pub body: String,
}

/// Rate limit information from `X-RateLimit-*` headers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// `X-RateLimit-Limit`: requests allowed in the window.
    pub limit: Option<u64>,
    /// `X-RateLimit-Remaining`: requests left in the window.
    pub remaining: Option<u64>,
    /// `X-RateLimit-Reset`, as sent: seconds until the reset or its Unix time, depending on the API.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the rate limit headers (also their unprefixed `RateLimit-*` forms).
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |suffix: &str| {
            header_str(headers, &format!("x-ratelimit-{suffix}"))
                .or_else(|| header_str(headers, &format!("ratelimit-{suffix}")))
                .and_then(|v| v.parse().ok())
        };
        RateLimit {
            limit: number("limit"),
            remaining: number("remaining"),
            reset: number("reset"),
        }
    }
}

/// A successful response: typed body plus status and headers.
#[derive(Debug, Clone)]
pub struct Response<T> {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: T,
}

impl<T> Response<T> {
    /// Returns the body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// A header's value, if present and valid text.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_str(&self.headers, name)
    }

    /// The `Location` header.
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The request id from `X-Request-Id` or a similar header.
    pub fn request_id(&self) -> Option<&str> {
        request_id_from_headers(&self.headers)
    }

    /// The rate limit headers.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
        }
    }
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/// Metadata every error from a response carries.
#[derive(Debug, Clone)]
pub struct ResponseMeta {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The request id from the headers or the JSON error body.
    pub request_id: Option<String>,
    /// The server's retry hint from `Retry-After` or `X-RateLimit-Retry-After`.
    pub retry_after: Option<Duration>,
}

impl ResponseMeta {
    /// Builds the metadata from a status, headers and (for the request id) the body.
    pub fn from_parts(status: u16, headers: HeaderMap, body: &[u8]) -> Self {
        let request_id = request_id_from_headers(&headers)
            .map(str::to_owned)
            .or_else(|| request_id_from_body(body));
        let retry_after = retry_hint(&headers);
        ResponseMeta {
            status,
            headers,
            request_id,
            retry_after,
        }
    }
}

/// Formats a status as `404 Not Found`.
fn status_text(status: u16) -> String {
    let reason = reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// A documented or undocumented error status, typed by the operation's enum `E`.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The operation that failed.
    pub operation: &'static str,
    /// The decoded error.
    pub kind: E,
    /// Status, headers, request id and retry hint.
    pub meta: ResponseMeta,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: server answered {}",
            self.operation,
            status_text(self.meta.status)
        )?;
        if let Some(id) = &self.meta.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// An undecodable body.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The operation whose response failed to decode.
    pub operation: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The first 512 bytes of the body, lossily decoded.
    pub snippet: String,
    /// What went wrong, for matching in code.
    pub kind: DecodeErrorKind,
    /// What went wrong, for people.
    pub message: String,
    /// Status, headers, request id and retry hint.
    pub meta: ResponseMeta,
}

/// Why a response body could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// The body is empty where the operation documents one.
    EmptyBody,
    /// The `Content-Type` header is missing or names a type other than JSON.
    ContentType,
    /// The body is not well-formed JSON.
    MalformedJson,
    /// The body is well-formed JSON but does not match the documented schema.
    UnexpectedShape,
    /// The body of a text response is not valid UTF-8.
    InvalidText,
    /// The body is larger than [`MAX_BODY_BYTES`].
    TooLarge,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot decode the {} response: {}",
            self.operation,
            status_text(self.status),
            self.message
        )?;
        if let Some(id) = &self.meta.request_id {
            write!(f, " (request id {id})")?;
        }
        let preview: String = self
            .snippet
            .chars()
            .take(80)
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        if !preview.trim().is_empty() {
            write!(f, "; body starts with `{}`", preview.trim())?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Describes a transport error by its innermost cause.
fn transport_summary(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let kind = if error.is_connect() {
        "connection failed"
    } else {
        "request failed"
    };
    format!("{kind}: {cause}")
}

fn timeout_text(after: Option<Duration>) -> String {
    after.map(|d| format!(" after {d:?}")).unwrap_or_default()
}

/// Everything that can go wrong in a call. Display never contains secrets.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status.
    #[error("{0}")]
    Api(Box<ApiError<E>>),
    /// A request value broke a schema constraint; nothing was sent.
    #[error(transparent)]
    Validation(#[from] ValidationError),
    /// No credentials are configured for any accepted security scheme.
    #[error("{operation}: no credentials configured for the required security schemes ({})", schemes.join(", "))]
    MissingCredentials {
        /// The operation.
        operation: &'static str,
        /// The keys of all schemes the operation accepts.
        schemes: Vec<&'static str>,
    },
    /// The request timed out.
    #[error("{operation}: the request timed out{}", timeout_text(*after))]
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The configured timeout, if known.
        after: Option<Duration>,
    },
    /// The request could not be sent or the response could not be read.
    #[error("{operation}: {}", transport_summary(source))]
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error; its URL has no query string.
        source: reqwest::Error,
    },
    /// The response body could not be decoded.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// The request could not be built.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl<E> From<DecodeError> for Error<E> {
    fn from(error: DecodeError) -> Self {
        Error::Decode(Box::new(error))
    }
}

impl<E> From<Box<DecodeError>> for Error<E> {
    fn from(error: Box<DecodeError>) -> Self {
        Error::Decode(error)
    }
}

impl<E> Error<E> {
    /// The response metadata, for errors that come from a response.
    pub fn meta(&self) -> Option<&ResponseMeta> {
        match self {
            Error::Api(e) => Some(&e.meta),
            Error::Decode(e) => Some(&e.meta),
            _ => None,
        }
    }

    /// The HTTP status, for errors that come from a response.
    pub fn status(&self) -> Option<u16> {
        self.meta().map(|m| m.status)
    }

    /// The server's request id, if it sent one.
    pub fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }

    /// The server's retry hint, if it sent one.
    pub fn retry_after(&self) -> Option<Duration> {
        self.meta().and_then(|m| m.retry_after)
    }

    /// The typed API error, for [`Error::Api`].
    pub fn api(&self) -> Option<&E> {
        match self {
            Error::Api(e) => Some(&e.kind),
            _ => None,
        }
    }

    /// Takes the typed API error, for [`Error::Api`].
    pub fn into_api(self) -> Option<E> {
        match self {
            Error::Api(e) => Some(e.kind),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Converts the typed API error with `f`, keeping every other variant.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => {
                let ApiError {
                    operation,
                    kind,
                    meta,
                } = *e;
                Error::Api(Box::new(ApiError {
                    operation,
                    kind: f(kind),
                    meta,
                }))
            }
            Error::Validation(v) => Error::Validation(v),
            Error::MissingCredentials { operation, schemes } => {
                Error::MissingCredentials { operation, schemes }
            }
            Error::Timeout { operation, after } => Error::Timeout { operation, after },
            Error::Transport { operation, source } => Error::Transport { operation, source },
            Error::Decode(d) => Error::Decode(d),
            Error::InvalidRequest { operation, message } => {
                Error::InvalidRequest { operation, message }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where, in wire names, such as `documents[0].maxAttempts`.
    pub path: String,
    /// The schema keyword, such as `maxLength`.
    pub constraint: &'static str,
    /// What is wrong, such as `must be at most 64 characters long, got 65`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{} ({})", self.message, self.constraint)
        } else {
            write!(f, "{}: {} ({})", self.path, self.message, self.constraint)
        }
    }
}

/// All violations of one value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The broken constraints, in the order they were found.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        f.write_str("request validation failed: ")?;
        for (i, violation) in self.violations.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        if self.violations.len() > SHOWN {
            write!(f, "; and {} more", self.violations.len() - SHOWN)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
enum Segment {
    Field(String),
    Index(usize),
    Key(String),
}

/// A field path under construction.
#[derive(Debug, Clone, Default)]
pub struct Path {
    segments: Vec<Segment>,
}

impl Path {
    /// An empty path, denoting the value being validated.
    pub fn new() -> Self {
        Path::default()
    }

    /// Enters an object field, by its wire name.
    pub fn push_field(&mut self, name: &str) {
        self.segments.push(Segment::Field(name.to_owned()));
    }

    /// Enters an array element.
    pub fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Enters a map entry.
    pub fn push_key(&mut self, key: &str) {
        self.segments.push(Segment::Key(key.to_owned()));
    }

    /// Leaves the innermost segment.
    pub fn pop(&mut self) {
        self.segments.pop();
    }

    /// Renders the path with an optional leaf field, such as `a.b[0].c`;
    /// map keys render as `["key"]`.
    pub fn render(&self, leaf: Option<&str>) -> String {
        let mut out = String::new();
        let push_field = |out: &mut String, name: &str| {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name);
        };
        for segment in &self.segments {
            match segment {
                Segment::Field(name) => push_field(&mut out, name),
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Segment::Key(key) => {
                    let _ = write!(out, "[{key:?}]");
                }
            }
        }
        if let Some(leaf) = leaf {
            push_field(&mut out, leaf);
        }
        out
    }
}

/// Implemented by every generated model.
pub trait Validate {
    /// Appends the violations of this value, located under `path`, to `out`.
    ///
    /// The default checks nothing: it serves types without constraints.
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }

    /// Checks the value and returns all violations at once.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut path = Path::new();
        let mut violations = Vec::new();
        self.validate_into(&mut path, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError { violations })
        }
    }
}

/// The violations of an operation's inputs, collected before its request is
/// built, so that all of them are reported at once.
#[derive(Debug, Default)]
pub struct Checks {
    path: Path,
    violations: Vec<Violation>,
}

impl Checks {
    /// Starts with no violations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates one input (a parameter struct or a body).
    pub fn value<V: Validate + ?Sized>(&mut self, value: &V) {
        value.validate_into(&mut self.path, &mut self.violations);
    }

    /// The root path and the violations, for the checks of a path parameter.
    pub fn parts(&mut self) -> (&Path, &mut Vec<Violation>) {
        (&self.path, &mut self.violations)
    }

    /// `Ok` when nothing was violated, otherwise [`Error::Validation`] with
    /// every violation found.
    pub fn finish<E>(self) -> Result<(), Error<E>> {
        if self.violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(ValidationError {
                violations: self.violations,
            }))
        }
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            path.push_index(i);
            item.validate_into(path, out);
            path.pop();
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        self.as_slice().validate_into(path, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (key, value) in self {
            path.push_key(key);
            value.validate_into(path, out);
            path.pop();
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            path.push_key(key);
            value.validate_into(path, out);
            path.pop();
        }
    }
}

macro_rules! no_validation {
    ($($t:ty),* $(,)?) => {$(
        impl Validate for $t {}
    )*};
}

no_validation!(
    (), bool, char, str, String, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    serde_json::Value, serde_json::Map<String, serde_json::Value>, uuid::Uuid, url::Url,
    chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::FixedOffset>, chrono::NaiveDate,
    chrono::NaiveDateTime, chrono::NaiveTime,
);

/// A number that the range checks can compare as `f64`.
pub trait AsF64 {
    /// The value as `f64` (large integers are rounded).
    fn as_f64(&self) -> f64;
}

impl<T: AsF64 + ?Sized> AsF64 for &T {
    fn as_f64(&self) -> f64 {
        (**self).as_f64()
    }
}

macro_rules! as_f64 {
    ($($t:ty),* $(,)?) => {$(
        impl AsF64 for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}

as_f64!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

fn leaf_path(path: &Path, field: &str) -> String {
    path.render(if field.is_empty() { None } else { Some(field) })
}

fn violation(
    path: &Path,
    field: &str,
    constraint: &'static str,
    message: String,
    out: &mut Vec<Violation>,
) {
    out.push(Violation {
        path: leaf_path(path, field),
        constraint,
        message,
    });
}

/// Formats a bound without a trailing `.0` for whole numbers.
fn number_text(n: f64) -> String {
    format!("{n}")
}

/// Formats a count with the singular or plural noun.
fn plural(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Checks `maxLength`, counting characters.
///
/// Like every `check_*` function, it reports a violation at `path` followed by
/// `field`; an empty `field` reports it at `path` itself, as for array items.
pub fn check_max_length(path: &Path, field: &str, value: &str, max: u64, out: &mut Vec<Violation>) {
    let len = value.chars().count() as u64;
    if len > max {
        let message = format!(
            "must be at most {} long, got {len}",
            plural(max, "character", "characters")
        );
        violation(path, field, "maxLength", message, out);
    }
}

/// Checks `format: uri`: the value must parse as an absolute URL. The value
/// itself is sent as written.
pub fn check_uri(path: &Path, field: &str, value: &str, out: &mut Vec<Violation>) {
    if let Err(e) = url::Url::parse(value) {
        violation(
            path,
            field,
            "format",
            format!("must be an absolute URI ({e})"),
            out,
        );
    }
}

/// Checks `minLength`, counting characters.
pub fn check_min_length(path: &Path, field: &str, value: &str, min: u64, out: &mut Vec<Violation>) {
    let len = value.chars().count() as u64;
    if len < min {
        let message = format!(
            "must be at least {} long, got {len}",
            plural(min, "character", "characters")
        );
        violation(path, field, "minLength", message, out);
    }
}

fn cached_regex(pattern: &'static str) -> Option<regex::Regex> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(pattern)
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .clone()
}

/// Checks `pattern` (unanchored, as in JSON Schema). A pattern that this
/// regex engine cannot compile is skipped.
pub fn check_pattern(
    path: &Path,
    field: &str,
    value: &str,
    pattern: &'static str,
    out: &mut Vec<Violation>,
) {
    if let Some(regex) = cached_regex(pattern) {
        if !regex.is_match(value) {
            violation(
                path,
                field,
                "pattern",
                format!("must match the pattern `{pattern}`"),
                out,
            );
        }
    }
}

/// Checks `minimum` or, when `exclusive`, `exclusiveMinimum`.
pub fn check_minimum<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    min: f64,
    exclusive: bool,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if exclusive && v <= min {
        let message = format!(
            "must be greater than {}, got {}",
            number_text(min),
            number_text(v)
        );
        violation(path, field, "exclusiveMinimum", message, out);
    } else if !exclusive && v < min {
        let message = format!(
            "must be at least {}, got {}",
            number_text(min),
            number_text(v)
        );
        violation(path, field, "minimum", message, out);
    }
}

/// Checks `maximum` or, when `exclusive`, `exclusiveMaximum`.
pub fn check_maximum<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    max: f64,
    exclusive: bool,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if exclusive && v >= max {
        let message = format!(
            "must be less than {}, got {}",
            number_text(max),
            number_text(v)
        );
        violation(path, field, "exclusiveMaximum", message, out);
    } else if !exclusive && v > max {
        let message = format!(
            "must be at most {}, got {}",
            number_text(max),
            number_text(v)
        );
        violation(path, field, "maximum", message, out);
    }
}

/// Checks `multipleOf`, with a small tolerance for floating point error.
pub fn check_multiple_of<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    m: f64,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if !(m.is_finite() && m > 0.0 && v.is_finite()) {
        return;
    }
    let quotient = v / m;
    if (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
        let message = format!(
            "must be a multiple of {}, got {}",
            number_text(m),
            number_text(v)
        );
        violation(path, field, "multipleOf", message, out);
    }
}

/// Checks `minItems`.
pub fn check_min_items(path: &Path, field: &str, len: usize, min: u64, out: &mut Vec<Violation>) {
    if (len as u64) < min {
        let message = format!(
            "must have at least {}, got {len}",
            plural(min, "item", "items")
        );
        violation(path, field, "minItems", message, out);
    }
}

/// Checks `maxItems`.
pub fn check_max_items(path: &Path, field: &str, len: usize, max: u64, out: &mut Vec<Violation>) {
    if len as u64 > max {
        let message = format!(
            "must have at most {}, got {len}",
            plural(max, "item", "items")
        );
        violation(path, field, "maxItems", message, out);
    }
}

/// Checks `uniqueItems`, reporting the first duplicate pair.
pub fn check_unique_items<T: PartialEq>(
    path: &Path,
    field: &str,
    items: &[T],
    out: &mut Vec<Violation>,
) {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items.iter().skip(i + 1).position(|other| other == item) {
            let message = format!(
                "must not contain duplicates, but items {i} and {} are equal",
                i + 1 + j
            );
            violation(path, field, "uniqueItems", message, out);
            return;
        }
    }
}

/// Checks `minProperties`.
pub fn check_min_properties(
    path: &Path,
    field: &str,
    len: usize,
    min: u64,
    out: &mut Vec<Violation>,
) {
    if (len as u64) < min {
        let message = format!(
            "must have at least {}, got {len}",
            plural(min, "property", "properties")
        );
        violation(path, field, "minProperties", message, out);
    }
}

/// Checks `maxProperties`.
pub fn check_max_properties(
    path: &Path,
    field: &str,
    len: usize,
    max: u64,
    out: &mut Vec<Violation>,
) {
    if len as u64 > max {
        let message = format!(
            "must have at most {}, got {len}",
            plural(max, "property", "properties")
        );
        violation(path, field, "maxProperties", message, out);
    }
}

// ---------------------------------------------------------------------------
// Serde helpers
// ---------------------------------------------------------------------------

/// Deserializes an optional, nullable field: absent gives `None`, `null`
/// gives `Some(None)` and a value gives `Some(Some(v))`.
///
/// Use it as `#[serde(default, deserialize_with = "crate::runtime::double_option",
/// skip_serializing_if = "Option::is_none")]`.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Returns the string value of the discriminator property `tag` of a JSON object.
pub fn discriminator_of(value: &serde_json::Value, tag: &str) -> Option<String> {
    value.as_object()?.get(tag)?.as_str().map(str::to_owned)
}

// ---------------------------------------------------------------------------
// Generated enums
// ---------------------------------------------------------------------------

/// Implements the conversions of a generated string enum: `as_str`, `FromStr`, `Display`,
/// serde, `ToParam` and a no-op `Validate`. The enum has one unit variant per listed wire
/// value and `Unknown(String)` for any other value, which it keeps as received.
///
/// `string_enum!(Status { Open = "open", Closed = "closed" });`
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                })
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown(value),
                })
            }
        }
        impl $crate::runtime::ToParam for $name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![::std::borrow::ToOwned::to_owned(self.as_str())]
            }
        }
        impl $crate::runtime::Validate for $name {}
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// Implements the conversions of a generated integer enum: `as_i64`, `From<i64>`, `FromStr`,
/// `Display`, serde, `ToParam` and a no-op `Validate`. The enum has one unit variant per
/// listed value and `Unknown(i64)` for any other value.
///
/// `integer_enum!(Level { V1 = 1, V2 = 2 });`
#[allow(unused_macros)]
macro_rules! integer_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }
        }
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
        impl $crate::runtime::ToParam for $name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![self.as_i64().to_string()]
            }
        }
        impl $crate::runtime::Validate for $name {}
    };
}
#[allow(unused_imports)]
pub(crate) use integer_enum;
