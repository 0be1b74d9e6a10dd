//! Everything that can go wrong in a call, and the response metadata errors carry.

use super::response::{request_id_from_body, request_id_from_headers, RawBody};
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
///
/// Its `Display` names the operation, the status, the server's message (when the body has
/// one: see [`RawBody::message`]) and the request id; its `source()` is the typed error.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    /// The operation that failed.
    pub operation: &'static str,
    /// The decoded error: the variant of the status, whatever the body's shape.
    pub kind: E,
    /// Status, headers, request id and retry hint.
    pub meta: ResponseMeta,
    /// The body as received (text, cut at 64 KiB), whether or not it decoded.
    pub body: RawBody,
    /// The server's message, cleaned of control characters and cut to
    /// [`MESSAGE_CHARS`](super::MESSAGE_CHARS) characters.
    pub message: Option<String>,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: server answered {}",
            self.operation,
            status_text(self.meta.status)
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.meta.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl<E: std::error::Error + 'static> std::error::Error for ApiError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.kind)
    }
}

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

/// Everything that can go wrong in a call. Display never contains secrets: it shows no
/// request header, and of a response only the status, the server's message and request id.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status.
    Api(Box<ApiError<E>>),
    /// A request value broke a schema constraint; nothing was sent.
    Validation(ValidationError),
    /// No credentials are configured for any accepted security scheme.
    MissingCredentials {
        /// The operation.
        operation: &'static str,
        /// The keys of all schemes the operation accepts.
        schemes: Vec<&'static str>,
    },
    /// The request timed out.
    Timeout {
        /// The operation.
        operation: &'static str,
        /// The configured timeout, if known.
        after: Option<Duration>,
    },
    /// The request could not be sent or the response could not be read.
    Transport {
        /// The operation.
        operation: &'static str,
        /// The underlying error; its URL has no query string.
        source: reqwest::Error,
    },
    /// The response body could not be decoded.
    Decode(Box<DecodeError>),
    /// The request could not be built.
    InvalidRequest {
        /// The operation.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Validation(e) => e.fmt(f),
            Error::MissingCredentials { operation, schemes } => write!(
                f,
                "{operation}: no credentials configured for the required security schemes ({})",
                schemes.join(", ")
            ),
            Error::Timeout { operation, after } => {
                write!(
                    f,
                    "{operation}: the request timed out{}",
                    timeout_text(*after)
                )
            }
            Error::Transport { operation, source } => {
                write!(f, "{operation}: {}", transport_summary(source))
            }
            Error::Decode(e) => e.fmt(f),
            Error::InvalidRequest { operation, message } => {
                write!(f, "{operation}: invalid request: {message}")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    /// The typed error for [`Error::Api`] (its `Display` is this error's, less the
    /// operation and status), the transport error, the violations or the decode error.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(&e.kind),
            Error::Validation(e) => Some(e),
            Error::Transport { source, .. } => Some(source),
            Error::Decode(e) => Some(&**e),
            Error::MissingCredentials { .. }
            | Error::Timeout { .. }
            | Error::InvalidRequest { .. } => None,
        }
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(error: ValidationError) -> Self {
        Error::Validation(error)
    }
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

    /// The server's message, for [`Error::Api`] (see [`RawBody::message`]).
    pub fn message(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.message.as_deref(),
            _ => None,
        }
    }

    /// The body as received (text, cut at 64 KiB), for [`Error::Api`]; for
    /// [`Error::Decode`], see [`DecodeError::snippet`].
    pub fn raw_body(&self) -> Option<&RawBody> {
        match self {
            Error::Api(e) => Some(&e.body),
            _ => None,
        }
    }

    /// Whether the server answered with an error status ([`Error::Api`]).
    pub fn is_api(&self) -> bool {
        matches!(self, Error::Api(_))
    }

    /// Whether a request value broke a schema constraint ([`Error::Validation`]).
    pub fn is_validation(&self) -> bool {
        matches!(self, Error::Validation(_))
    }

    /// Whether no credentials were configured ([`Error::MissingCredentials`]).
    pub fn is_missing_credentials(&self) -> bool {
        matches!(self, Error::MissingCredentials { .. })
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the request could not be sent or the response not read ([`Error::Transport`]).
    pub fn is_transport(&self) -> bool {
        matches!(self, Error::Transport { .. })
    }

    /// Whether the response body could not be decoded ([`Error::Decode`]).
    pub fn is_decode(&self) -> bool {
        matches!(self, Error::Decode(_))
    }

    /// Whether the request could not be built ([`Error::InvalidRequest`]).
    pub fn is_invalid_request(&self) -> bool {
        matches!(self, Error::InvalidRequest { .. })
    }

    /// Converts the typed API error with `f`, keeping every other variant.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => {
                let ApiError {
                    operation,
                    kind,
                    meta,
                    body,
                    message,
                } = *e;
                Error::Api(Box::new(ApiError {
                    operation,
                    kind: f(kind),
                    meta,
                    body,
                    message,
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

/// Implements what a generated per-operation error enum offers beside its variants (the
/// shape of aws-sdk-rust's operation errors,
/// <https://docs.aws.amazon.com/sdk-for-rust/latest/dg/error-handling.html>): an
/// `is_<variant>()` test per variant,
/// `message()` (the server's message, see [`RawBody::message`]), `Display` (the variant's
/// name and the message, or why the body is not the documented shape) and
/// `std::error::Error`, whose `source()` is that decode problem.
///
/// A variant with a body binds it to the name written in parentheses:
/// `error_enum!(GetCaseError { NotFound(body) => is_not_found, Gone => is_gone });`
// Exported so that it works from a copy of this module and from this crate as a dependency
// alike: `$crate::runtime::..` is the runtime in both.
#[doc(hidden)]
#[macro_export]
macro_rules! error_enum {
    ($name:ident { $($variant:ident $(($body:ident))? => $is:ident),* $(,)? }) => {
        impl $name {
            $(
                #[doc = concat!("Whether this is [`", stringify!($name), "::", stringify!($variant), "`].")]
                pub fn $is(&self) -> bool {
                    ::std::matches!(self, Self::$variant { .. })
                }
            )*
            /// The server's message, if the body has one (its string or its first of
            /// `message`, `detail`, `error_description`, `title`, `error`), cleaned of
            /// control characters and cut to 200 characters.
            pub fn message(&self) -> ::std::option::Option<::std::string::String> {
                $crate::runtime::error_message(self.variant())
            }
            /// The variant's name and its body: the one `match` the impls below share.
            fn variant(&self) -> (&'static str, ::std::option::Option<&dyn $crate::runtime::ErrorDetail>) {
                match self {
                    $(Self::$variant $(($body))? => (
                        stringify!($variant),
                        $crate::runtime::error_enum!(@detail $($body)?),
                    ),)*
                }
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                $crate::runtime::write_error_variant(f, self.variant())
            }
        }
        impl ::std::error::Error for $name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                $crate::runtime::error_source(self.variant())
            }
        }
    };
    (@detail) => { ::std::option::Option::None };
    (@detail $body:ident) => {
        ::std::option::Option::Some($body as &dyn $crate::runtime::ErrorDetail)
    };
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
            body: RawBody {
                status: 409,
                content_type: None,
                body: String::new(),
            },
            message: Some("refId taken".to_owned()),
        }));
        assert_eq!(
            error.to_string(),
            "createCase: server answered 409 Conflict: refId taken (request id req-9)"
        );
        assert!(error.is_api() && !error.is_validation() && !error.is_decode());
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

    #[derive(Debug, serde::Serialize)]
    struct Problem {
        detail: String,
    }

    #[derive(Debug)]
    enum GetCaseError {
        NotFound(super::super::ErrorBody<Problem>),
        Gone,
        Undocumented(RawBody),
    }

    error_enum!(GetCaseError {
        NotFound(body) => is_not_found,
        Gone => is_gone,
        Undocumented(body) => is_undocumented,
    });

    #[test]
    fn error_enums_display_the_message_and_test_their_variants() {
        use std::error::Error as _;
        let typed = GetCaseError::NotFound(super::super::ErrorBody::Typed(Problem {
            detail: "no case\u{7}7".to_owned(),
        }));
        assert!(typed.is_not_found() && !typed.is_gone() && !typed.is_undocumented());
        assert_eq!(typed.to_string(), "NotFound: no case 7");
        assert_eq!(typed.message().as_deref(), Some("no case 7"));
        assert!(typed.source().is_none());
        assert_eq!(GetCaseError::Gone.to_string(), "Gone");
        assert!(GetCaseError::Gone.is_gone());
        let problem = DecodeError {
            operation: "getCase",
            status: 404,
            content_type: Some("text/html".to_owned()),
            snippet: "<p>".to_owned(),
            kind: DecodeErrorKind::ContentType,
            message: "expected a JSON body, but the content type is `text/html`".to_owned(),
            meta: meta(404),
        };
        let raw = GetCaseError::NotFound(super::super::ErrorBody::Raw {
            body: RawBody {
                status: 404,
                content_type: Some("text/html".to_owned()),
                body: "<p>".to_owned(),
            },
            problem: Box::new(problem),
        });
        assert!(raw.is_not_found());
        assert_eq!(
            raw.to_string(),
            "NotFound (the body is not the documented shape: expected a JSON body, but the content type is `text/html`)"
        );
        assert!(raw
            .source()
            .is_some_and(|s| s.to_string().starts_with("getCase: cannot decode")));
        let undocumented = GetCaseError::Undocumented(RawBody {
            status: 418,
            content_type: Some("application/json".to_owned()),
            body: r#"{"error": "teapot"}"#.to_owned(),
        });
        assert_eq!(undocumented.to_string(), "Undocumented: teapot");
        // The top-level error's source is the operation's error.
        let error: Error<GetCaseError> = Error::Api(Box::new(ApiError {
            operation: "getCase",
            kind: GetCaseError::Gone,
            meta: meta(410),
            body: RawBody {
                status: 410,
                content_type: None,
                body: String::new(),
            },
            message: None,
        }));
        assert_eq!(
            error.source().map(ToString::to_string).as_deref(),
            Some("Gone")
        );
    }
}
