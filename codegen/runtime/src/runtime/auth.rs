//! Security schemes and credentials, and how a credential is placed on a request.

use super::params::{cookie_encode, pct_encode};
use super::secret::Secret;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

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
    pub(super) fn fits(&self, placement: AuthPlacement) -> bool {
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

/// Adds one credential to the outgoing headers, query or cookies.
pub(super) fn apply_credential(
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
