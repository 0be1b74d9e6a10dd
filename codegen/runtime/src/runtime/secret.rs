//! Secret values and redaction: what never prints.

use reqwest::header::{HeaderName, HeaderValue};
use std::fmt;

/// What a secret prints as.
pub(super) const REDACTED: &str = "*** redacted ***";

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

/// Tells whether a header's value must not be printed.
pub(super) fn is_sensitive_header(name: &HeaderName, value: &HeaderValue) -> bool {
    const WORDS: [&str; 6] = ["auth", "cookie", "key", "token", "secret", "password"];
    value.is_sensitive() || WORDS.iter().any(|w| name.as_str().contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let secret = Secret::from("sk_live_123");
        assert_eq!(format!("{secret}"), REDACTED);
        assert_eq!(format!("{secret:?}"), REDACTED);
        assert_eq!(
            format!("{:?}", Some(secret.clone())),
            format!("Some({REDACTED})")
        );
        assert_eq!(secret.expose(), "sk_live_123");
        assert_eq!(Secret::new(String::from("x")).expose(), "x");
    }

    #[test]
    fn headers_are_sensitive_by_flag_or_by_name() {
        let plain = HeaderValue::from_static("v");
        let mut flagged = HeaderValue::from_static("v");
        flagged.set_sensitive(true);
        let name = HeaderName::from_static;
        for sensitive in [
            "authorization",
            "cookie",
            "x-api-key",
            "x-auth-token",
            "client-secret",
            "x-password",
        ] {
            assert!(is_sensitive_header(&name(sensitive), &plain), "{sensitive}");
        }
        assert!(!is_sensitive_header(&name("x-request-id"), &plain));
        assert!(is_sensitive_header(&name("x-request-id"), &flagged));
    }
}
