//! Configuring and building the `Client` of an API.

use super::auth::Credential;
use super::client::ClientCore;
use super::request::DEFAULT_IDEMPOTENCY_HEADER;
use super::retry::RetryMode;
use std::fmt;
use std::time::Duration;

/// What the `Client` of an API gives its [`Builder`].
pub trait ApiClient: Sized {
    /// Where requests go unless [`Builder::base_url`] says otherwise: the first
    /// usable server URL of the API description, or empty when it has none (no
    /// server, or only placeholders such as `api.example.com`), in which case
    /// [`Builder::build`] requires a base URL.
    const DEFAULT_BASE_URL: &'static str;

    /// The header an idempotency key
    /// ([`CallOptions::idempotency_key`](super::CallOptions::idempotency_key)) is
    /// sent in.
    const IDEMPOTENCY_HEADER: &'static str = DEFAULT_IDEMPOTENCY_HEADER;

    /// The names of the security schemes the API description declares and the
    /// client supports; [`Builder::credential`] takes only these.
    const SECURITY_SCHEMES: &'static [&'static str];

    /// Wraps a configured core.
    fn from_core(core: ClientCore) -> Self;
}

/// Configures the `Client` of one API (`C`). Each API module wraps it in its own
/// `ClientBuilder` (see `client_builder!`), which adds one setter per security scheme.
pub struct Builder<C> {
    config: Config,
    client: std::marker::PhantomData<fn() -> C>,
}

impl<C: ApiClient> Default for Builder<C> {
    fn default() -> Self {
        Builder {
            config: Config {
                idempotency_header: C::IDEMPOTENCY_HEADER,
                ..Config::new(C::DEFAULT_BASE_URL)
            },
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

    /// Sets the timeout of each attempt (30 seconds unless set, or the
    /// timeout of the client given to [`Builder::http_client`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = Some(timeout);
        self
    }

    /// Sets the `User-Agent` header (`<crate>/<version>` unless set, or the
    /// user agent of the client given to [`Builder::http_client`]).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.config.user_agent = Some(user_agent.into());
        self
    }

    /// Reuses an existing `reqwest::Client`: its timeout, user agent, default
    /// headers, proxy, TLS and redirect settings then apply, except where this
    /// builder's [`timeout`](Builder::timeout) or
    /// [`user_agent`](Builder::user_agent) is set explicitly (before or after
    /// this call), which win. The redirect policy is the client's own, so
    /// give it one that does not follow redirects to other hosts if
    /// credentials must never leave the API's origin.
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
    ///
    /// Fails when no base URL is set and the API description names no usable
    /// server (so no credential ever goes to a placeholder host), when the base
    /// URL or user agent is not valid, or when a credential is set for a scheme
    /// the API does not declare.
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
        if self.config.base_url.trim().is_empty() {
            return Err(BuildError(
                "no base URL is set, and the API description names no server that can be used as a default (none, or only placeholder hosts); set one with `base_url(..)`"
                    .to_owned(),
            ));
        }
        Ok(C::from_core(ClientCore::new(self.config)?))
    }
}

/// The setters of a [`Builder`], on an API module's own builder type. An API module declares
/// `pub struct ClientBuilder(Builder<Client>)` and calls
/// `client_builder!(ClientBuilder => Client);`, then adds one setter per security scheme in
/// an `impl ClientBuilder` of its own (an inherent impl needs a type of the API's crate, and
/// `Builder<Client>` is the runtime's when the runtime is a dependency).
// Exported so that it works from a copy of this module and from this crate as a dependency
// alike: `$crate::runtime::..` is the runtime in both.
#[doc(hidden)]
#[macro_export]
macro_rules! client_builder {
    ($builder:ident => $client:ty) => {
        impl $builder {
            /// Sets the base URL, for example one of the constants in the API's
            /// `servers` module.
            pub fn base_url(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                Self(self.0.base_url(url))
            }

            /// Sets the timeout of each attempt (30 seconds unless set, or the
            /// timeout of the client given to [`http_client`](Self::http_client)).
            pub fn timeout(self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.timeout(timeout))
            }

            /// Sets the `User-Agent` header (`<crate>/<version>` unless set, or the
            /// user agent of the client given to [`http_client`](Self::http_client)).
            pub fn user_agent(
                self,
                user_agent: impl ::std::convert::Into<::std::string::String>,
            ) -> Self {
                Self(self.0.user_agent(user_agent))
            }

            /// Reuses an existing `reqwest::Client`: its timeout, user agent, default
            /// headers, proxy, TLS and redirect settings then apply, except where this
            /// builder's [`timeout`](Self::timeout) or [`user_agent`](Self::user_agent)
            /// is set explicitly (before or after this call), which win. The redirect
            /// policy is the client's own, so give it one that does not follow redirects
            /// to other hosts if credentials must never leave the API's origin.
            pub fn http_client(self, client: $crate::runtime::export::reqwest::Client) -> Self {
                Self(self.0.http_client(client))
            }

            /// Sets when failed attempts are retried.
            pub fn retry(self, mode: $crate::runtime::RetryMode) -> Self {
                Self(self.0.retry(mode))
            }

            /// Sets the credential of the security scheme named `scheme` in the API
            /// description. The setters named after the schemes call this; a name the
            /// API does not declare makes [`build`](Self::build) fail.
            pub fn credential(
                self,
                scheme: &'static str,
                credential: $crate::runtime::Credential,
            ) -> Self {
                Self(self.0.credential(scheme, credential))
            }

            /// The configuration so far.
            pub fn config(&self) -> &$crate::runtime::Config {
                self.0.config()
            }

            /// Builds the client.
            ///
            /// Fails when no base URL is set and the API description names no usable
            /// server (so no credential ever goes to a placeholder host), when the base
            /// URL or user agent is not valid, or when a credential is set for a scheme
            /// the API does not declare.
            pub fn build(self) -> ::std::result::Result<$client, $crate::runtime::BuildError> {
                self.0.build()
            }
        }
        impl ::std::convert::From<$crate::runtime::Builder<$client>> for $builder {
            fn from(builder: $crate::runtime::Builder<$client>) -> Self {
                Self(builder)
            }
        }
        impl ::std::convert::From<$builder> for $crate::runtime::Builder<$client> {
            fn from(builder: $builder) -> Self {
                builder.0
            }
        }
    };
}

/// Client configuration.
#[derive(Clone)]
pub struct Config {
    /// The server's base URL, such as `https://api.example.com/v1`.
    pub base_url: String,
    /// The timeout of one attempt, from connecting until the body is read, when
    /// set explicitly. Unset, it is [`DEFAULT_TIMEOUT`] for the client this
    /// crate builds and the own timeout of a custom `http_client`.
    pub timeout: Option<Duration>,
    /// The `User-Agent` header, when set explicitly. Unset, it is
    /// [`DEFAULT_USER_AGENT`] for the client this crate builds and the own user
    /// agent of a custom `http_client`.
    pub user_agent: Option<String>,
    /// A preconfigured HTTP client to use instead of building one.
    pub http_client: Option<reqwest::Client>,
    /// When and how failed requests are retried.
    pub retry: RetryMode,
    /// Credentials, keyed by security scheme name.
    pub credentials: Vec<(&'static str, Credential)>,
    /// The header an idempotency key is sent in.
    pub idempotency_header: &'static str,
}

/// The timeout of one attempt unless another is configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The `User-Agent` header unless another is configured: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

impl Config {
    /// Creates a configuration with the default timeout and user agent, the
    /// default retry mode and no credentials.
    pub fn new(base_url: impl Into<String>) -> Self {
        Config {
            base_url: base_url.into(),
            timeout: None,
            user_agent: None,
            http_client: None,
            retry: RetryMode::default(),
            credentials: Vec::new(),
            idempotency_header: DEFAULT_IDEMPOTENCY_HEADER,
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
            .field("idempotency_header", &self.idempotency_header)
            .finish()
    }
}

/// Prints only the keys of a credential list.
pub(super) struct CredentialKeys<'a>(pub(super) &'a [(&'static str, Credential)]);

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
pub struct BuildError(pub(super) String);

impl BuildError {
    /// Describes what is wrong.
    pub fn message(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Api(ClientCore);

    impl ApiClient for Api {
        const DEFAULT_BASE_URL: &'static str = "https://api.example.com/v1/";
        const SECURITY_SCHEMES: &'static [&'static str] = &["apiKey"];
        fn from_core(core: ClientCore) -> Self {
            Api(core)
        }
    }

    #[test]
    fn the_default_base_url_loses_its_trailing_slash() {
        let api = Builder::<Api>::default().build().expect("builds");
        assert_eq!(api.0.base_url(), "https://api.example.com/v1");
    }

    /// An API module's own builder, as generated code declares it.
    #[derive(Debug, Default)]
    struct ApiBuilder(Builder<Api>);
    crate::runtime::client_builder!(ApiBuilder => Api);

    impl ApiBuilder {
        fn api_key(self, key: &str) -> Self {
            self.credential("apiKey", Credential::api_key(key))
        }
    }

    #[test]
    fn an_api_builder_passes_every_setting_on() {
        let builder = ApiBuilder::default()
            .base_url("https://eu.example.com")
            .http_client(reqwest::Client::new())
            .timeout(Duration::from_secs(3))
            .user_agent("app/1")
            .retry(RetryMode::Never)
            .api_key("k");
        let config = builder.config();
        assert_eq!(config.base_url, "https://eu.example.com");
        assert_eq!(config.timeout, Some(Duration::from_secs(3)));
        assert_eq!(config.user_agent.as_deref(), Some("app/1"));
        assert!(config.credential("apiKey").is_some());
        let inner: Builder<Api> = builder.into();
        let api = ApiBuilder::from(inner).build().expect("builds");
        assert_eq!(api.0.base_url(), "https://eu.example.com");
    }

    #[test]
    fn only_declared_schemes_take_credentials() {
        let error = Builder::<Api>::default()
            .credential("oauth", Credential::bearer("t"))
            .build()
            .expect_err("an unknown scheme");
        assert_eq!(
            error.message(),
            "a credential is set for `oauth`, which is not a security scheme of this API (its schemes: apiKey)"
        );
        assert!(Builder::<Api>::default()
            .credential("apiKey", Credential::api_key("k"))
            .build()
            .is_ok());
    }

    #[test]
    fn base_urls_must_be_plain_http_urls() {
        let build = |url: &str| Builder::<Api>::default().base_url(url).build().map(|_| ());
        assert!(build(" http://localhost:8080/ ").is_ok());
        for (url, says) in [
            ("api.example.com", "not a valid absolute URL"),
            ("ftp://example.com", "must use http or https, not `ftp`"),
            (
                "https://user:pw@example.com",
                "must not contain user information",
            ),
            (
                "https://example.com/?a=1",
                "must not contain a query or fragment",
            ),
            (
                "https://example.com/#top",
                "must not contain a query or fragment",
            ),
        ] {
            let error = build(url).expect_err(url);
            assert!(error.to_string().contains(says), "{url}: {error}");
            assert!(!error.to_string().contains("pw"), "{error}");
        }
        let error = Builder::<Api>::default()
            .user_agent("a\nb")
            .build()
            .expect_err("a bad user agent");
        assert!(error.message().contains("user agent"), "{error}");
    }

    #[derive(Debug)]
    struct Placeholder(ClientCore);

    impl ApiClient for Placeholder {
        const DEFAULT_BASE_URL: &'static str = "";
        const SECURITY_SCHEMES: &'static [&'static str] = &[];
        const IDEMPOTENCY_HEADER: &'static str = "X-Idempotency-Key";
        fn from_core(core: ClientCore) -> Self {
            Placeholder(core)
        }
    }

    #[test]
    fn without_a_usable_server_a_base_url_is_required() {
        let error = Builder::<Placeholder>::default()
            .build()
            .expect_err("no base URL");
        assert!(
            error.message().contains("set one with `base_url(..)`"),
            "{error}"
        );
        let client = Builder::<Placeholder>::default()
            .base_url("http://127.0.0.1:9")
            .build()
            .expect("builds");
        assert_eq!(client.0.base_url(), "http://127.0.0.1:9");
        assert_eq!(
            Builder::<Placeholder>::default()
                .config()
                .idempotency_header,
            "X-Idempotency-Key"
        );
        assert_eq!(
            Builder::<Api>::default().config().idempotency_header,
            "Idempotency-Key"
        );
    }

    #[test]
    fn configurations_print_credential_keys_only() {
        let mut config = Config::new("https://a.example");
        config.set_credential("apiKey", Credential::api_key("first"));
        config.set_credential("apiKey", Credential::api_key("sk_second"));
        assert_eq!(
            config.credentials.len(),
            1,
            "a key replaces the earlier one"
        );
        let shown = format!("{config:?}");
        assert!(
            shown.contains("[\"apiKey\"]") && !shown.contains("sk_second"),
            "{shown}"
        );
        let core = ClientCore::new(config).expect("builds");
        let shown = format!("{core:?}");
        assert!(
            shown.contains("apiKey") && !shown.contains("sk_second"),
            "{shown}"
        );
    }
}
