//! Everything that can go wrong in a call, and the response metadata errors carry.

use super::response::{request_id_from_body, request_id_from_headers};
use super::retry::retry_hint;
use super::validate::ValidationError;
use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

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
    /// The body is larger than [`MAX_BODY_BYTES`](super::MAX_BODY_BYTES).
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn meta(status: u16) -> ResponseMeta {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-9"));
        headers.insert("retry-after", HeaderValue::from_static("3"));
        ResponseMeta::from_parts(status, headers, b"")
    }

    #[test]
    fn api_errors_name_the_operation_status_and_request_id() {
        let error: Error<&str> = Error::Api(Box::new(ApiError {
            operation: "createCase",
            kind: "conflict",
            meta: meta(409),
        }));
        assert_eq!(
            error.to_string(),
            "createCase: server answered 409 Conflict (request id req-9)"
        );
        assert_eq!(error.request_id(), Some("req-9"));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        let mapped = error.map_api(str::len);
        assert_eq!(mapped.api(), Some(&8));
        assert_eq!(mapped.status(), Some(409));
        assert_eq!(status_text(599), "599");
    }

    #[test]
    fn decode_errors_show_a_clean_preview() {
        let error = DecodeError {
            operation: "getCase",
            status: 200,
            content_type: Some("application/json".to_owned()),
            snippet: "{\"a\":\n1".to_owned(),
            kind: DecodeErrorKind::MalformedJson,
            message: "invalid JSON body".to_owned(),
            meta: meta(200),
        };
        assert_eq!(
            error.to_string(),
            "getCase: cannot decode the 200 OK response: invalid JSON body (request id req-9); body starts with `{\"a\": 1`"
        );
    }

    #[test]
    fn other_errors_have_no_response() {
        let error: Error<()> = Error::MissingCredentials {
            operation: "getCase",
            schemes: vec!["apiKey", "bearer"],
        };
        assert_eq!(
            error.to_string(),
            "getCase: no credentials configured for the required security schemes (apiKey, bearer)"
        );
        assert_eq!(error.status(), None);
        let timeout: Error<()> = Error::Timeout {
            operation: "getCase",
            after: Some(Duration::from_secs(2)),
        };
        assert!(timeout.is_timeout());
        assert_eq!(
            timeout.to_string(),
            "getCase: the request timed out after 2s"
        );
    }
}
