//! Configuring and building the `Client` of an API.

use super::auth::Credential;
use super::client::ClientCore;
use super::retry::RetryMode;
use std::fmt;
use std::time::Duration;

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
    /// Credentials, keyed by [`SchemeDef::key`](super::SchemeDef::key).
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
