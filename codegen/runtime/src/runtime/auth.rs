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

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(placement: AuthPlacement, credential: &Credential) -> Result<Sent, String> {
        let scheme = SchemeDef {
            key: "scheme",
            placement,
        };
        let mut sent = Sent::default();
        apply_credential(
            &scheme,
            credential,
            &mut sent.headers,
            &mut sent.query,
            &mut sent.cookies,
        )?;
        Ok(sent)
    }

    #[derive(Default)]
    struct Sent {
        headers: HeaderMap,
        query: Vec<String>,
        cookies: Vec<(String, String)>,
    }

    #[test]
    fn base64_matches_the_rfc_4648_test_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, encoded) in vectors {
            assert_eq!(base64_encode(input.as_bytes()), encoded, "{input:?}");
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn each_placement_puts_the_credential_where_it_belongs() {
        let key = Credential::api_key("k y");
        let sent = apply(AuthPlacement::Header("X-Api-Key"), &key).expect("a header");
        let value = sent.headers.get("x-api-key").expect("the header is set");
        assert_eq!(value.as_bytes(), b"k y");
        assert!(value.is_sensitive());

        let sent = apply(AuthPlacement::Query("api key"), &key).expect("a query parameter");
        assert_eq!(sent.query, ["api%20key=k%20y"]);

        let sent = apply(AuthPlacement::Cookie("sid"), &key).expect("a cookie");
        assert_eq!(sent.cookies, [("sid".to_owned(), "k%20y".to_owned())]);

        let sent = apply(AuthPlacement::Bearer, &Credential::bearer("t0k")).expect("a token");
        let value = sent.headers.get("authorization").expect("authorization");
        assert_eq!(value.as_bytes(), b"Bearer t0k");
        assert!(value.is_sensitive());

        let basic = Credential::basic("Aladdin", "open sesame");
        let sent = apply(AuthPlacement::Basic, &basic).expect("basic");
        let value = sent.headers.get("authorization").expect("authorization");
        // The example of RFC 7617, section 2.
        assert_eq!(value.as_bytes(), b"Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(value.is_sensitive());
    }

    #[test]
    fn credentials_that_cannot_be_sent_are_errors_that_do_not_quote_them() {
        let error = apply(AuthPlacement::Basic, &Credential::api_key("k"))
            .err()
            .expect("basic needs a username");
        assert_eq!(error, "scheme `scheme` needs a username and password");
        let error = apply(
            AuthPlacement::Header("x-key"),
            &Credential::api_key("a\nsecret"),
        )
        .err()
        .expect("not a header value");
        assert!(!error.contains("secret"), "{error}");
        let error = apply(AuthPlacement::Header("bad name"), &Credential::api_key("k"))
            .err()
            .expect("not a header name");
        assert_eq!(error, "`bad name` is not a valid header name");
    }

    #[test]
    fn credentials_fit_their_placements() {
        let key = Credential::api_key("k");
        let basic = Credential::basic("u", "p");
        assert!(key.fits(AuthPlacement::Header("h")) && key.fits(AuthPlacement::Bearer));
        assert!(!key.fits(AuthPlacement::Basic));
        assert!(basic.fits(AuthPlacement::Basic) && !basic.fits(AuthPlacement::Query("q")));
        let shown = format!("{basic:?}");
        assert!(
            shown.contains("\"u\"") && !shown.contains("\"p\""),
            "{shown}"
        );
    }
}
