//! Responses: the raw response before decoding, the typed [`Response`], and the status
//! dispatch helpers generated methods call.

use super::error::{ApiError, DecodeError, DecodeErrorKind, Error, ResponseMeta};
use reqwest::header::HeaderMap;
use std::fmt;

/// The length of the body excerpt kept in a [`DecodeError`].
pub const SNIPPET_BYTES: usize = 512;
/// The largest body text kept in a [`RawBody`] (64 KiB).
pub const UNDOCUMENTED_BODY_BYTES: usize = 64 * 1024;

const REQUEST_ID_HEADERS: [&str; 5] = [
    "x-request-id",
    "request-id",
    "x-correlation-id",
    "x-amzn-requestid",
    "x-amz-request-id",
];

pub(super) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

pub(super) fn content_type_of(headers: &HeaderMap) -> Option<String> {
    header_str(headers, "content-type").map(str::to_owned)
}

pub(super) fn request_id_from_headers(headers: &HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| header_str(headers, name).filter(|v| !v.is_empty()))
}

/// Finds `request_id` or `requestId` at the top level or under `error`.
pub(super) fn request_id_from_body(body: &[u8]) -> Option<String> {
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

/// Cuts `bytes` to at most `max` bytes at a character boundary, lossily decoded.
pub(super) fn lossy_prefix(bytes: &[u8], max: usize) -> String {
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
    pub(super) operation: &'static str,
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
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
            // A syntax error inside a struct's field comes back through the field decoder
            // (`decode_struct`) as a data error: a data error is a shape error only if the
            // body alone reads as JSON.
            let syntax = match e.classify() {
                serde_json::error::Category::Data => {
                    serde_json::from_slice::<serde::de::IgnoredAny>(&self.body)
                        .err()
                        .map(|e| e.to_string())
                }
                _ => Some(e.to_string()),
            };
            match syntax {
                Some(syntax) => self.decode_error(
                    DecodeErrorKind::MalformedJson,
                    format!("invalid JSON body: {syntax}"),
                ),
                None => self.decode_error(
                    DecodeErrorKind::UnexpectedShape,
                    format!("the JSON body does not match the expected type: {e}"),
                ),
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

    /// Decodes a documented error body as `B` and returns it wrapped by `f` as [`Error::Api`].
    ///
    /// A body that is not the documented shape (a gateway's HTML page for a documented 401,
    /// say) still gives the variant of its status: `f` receives [`ErrorBody::Raw`] with the
    /// body text and the decode problem instead of a typed body.
    pub fn error<B: serde::de::DeserializeOwned, T, E>(
        self,
        f: impl FnOnce(ErrorBody<B>) -> E,
    ) -> Result<Response<T>, Error<E>> {
        let body = match self.decode_json::<B>() {
            Ok(body) => ErrorBody::Typed(body),
            Err(problem) => ErrorBody::Raw {
                body: self.raw_body(),
                problem,
            },
        };
        Err(self.api_error(f(body)))
    }

    /// Returns `e` as [`Error::Api`], ignoring the body.
    pub fn error_empty<T, E>(self, e: E) -> Result<Response<T>, Error<E>> {
        Err(self.api_error(e))
    }

    /// Returns a status without a typed body as [`Error::Api`], keeping the
    /// status, content type and up to 64 KiB of body text.
    pub fn error_raw<T, E>(self, f: impl FnOnce(RawBody) -> E) -> Result<Response<T>, Error<E>> {
        let body = self.raw_body();
        Err(self.api_error(f(body)))
    }

    /// The status, content type and up to 64 KiB of body text.
    fn raw_body(&self) -> RawBody {
        RawBody {
            status: self.status,
            content_type: content_type_of(&self.headers),
            body: lossy_prefix(&self.body, UNDOCUMENTED_BODY_BYTES),
        }
    }

    fn api_error<E>(self, kind: E) -> Error<E> {
        let body = self.raw_body();
        let message = body.message();
        let meta = ResponseMeta::from_parts(self.status, self.headers, &self.body);
        Error::Api(Box::new(ApiError {
            operation: self.operation,
            kind,
            meta,
            body,
            message,
        }))
    }
}

/// The length, in characters, of a vendor message shown in an error's `Display`.
pub const MESSAGE_CHARS: usize = 200;

/// The fields that carry a human-readable message in common error bodies, most specific
/// first: `message` (most APIs), `detail` and `title` (RFC 9457 problem details,
/// <https://www.rfc-editor.org/rfc/rfc9457#section-3.1>), `error_description` and `error`
/// (OAuth 2.0, <https://www.rfc-editor.org/rfc/rfc6749#section-5.2>).
const MESSAGE_FIELDS: [&str; 5] = ["message", "detail", "error_description", "title", "error"];

/// A message for people: control characters and runs of white space become one space, and
/// the text is cut to [`MESSAGE_CHARS`] characters (on a character boundary, marked `…`).
/// `None` when nothing printable is left.
pub(super) fn clean_message(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    let mut space = false;
    for c in text.chars() {
        if c.is_control() || c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if chars == MESSAGE_CHARS {
            out.push('…');
            return Some(out);
        }
        if space {
            out.push(' ');
            chars += 1;
            space = false;
            if chars == MESSAGE_CHARS {
                out.push('…');
                return Some(out);
            }
        }
        out.push(c);
        chars += 1;
    }
    (!out.is_empty()).then_some(out)
}

/// The message of a JSON error body: the body itself when it is a string, else the first
/// of [`MESSAGE_FIELDS`] that holds a string, at the top level or under an `error` object
/// (`{"error": {"message": ..}}`).
pub(super) fn message_of_json(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(s) => clean_message(s),
        serde_json::Value::Object(map) => MESSAGE_FIELDS
            .iter()
            .find_map(|key| map.get(*key)?.as_str().and_then(clean_message))
            .or_else(|| match map.get("error") {
                Some(inner @ serde_json::Value::Object(_)) => message_of_json(inner),
                _ => None,
            }),
        _ => None,
    }
}

/// A documented error body, or the raw body where the response did not have the documented
/// shape.
///
/// The variant of an error enum is chosen by status alone, so a `match` on `Unauthorized`
/// also catches a proxy's HTML 401: then the body is [`ErrorBody::Raw`].
///
/// ```ignore
/// match error.api() {
///     Some(CreateCaseError::Unauthorized(ErrorBody::Typed(body))) => println!("{}", body.message),
///     Some(CreateCaseError::Unauthorized(ErrorBody::Raw { body, problem })) => {
///         println!("not the documented shape ({problem}): {}", body.body)
///     }
///     _ => {}
/// }
/// ```
#[derive(Debug, Clone)]
pub enum ErrorBody<T> {
    /// The body, decoded as documented.
    Typed(T),
    /// The body did not decode as documented.
    Raw {
        /// The status, content type and body text (cut at 64 KiB).
        body: RawBody,
        /// Why the body did not decode.
        problem: Box<DecodeError>,
    },
}

impl<T> ErrorBody<T> {
    /// The documented body, if it decoded.
    pub fn typed(&self) -> Option<&T> {
        match self {
            ErrorBody::Typed(body) => Some(body),
            ErrorBody::Raw { .. } => None,
        }
    }

    /// Takes the documented body, if it decoded.
    pub fn into_typed(self) -> Option<T> {
        match self {
            ErrorBody::Typed(body) => Some(body),
            ErrorBody::Raw { .. } => None,
        }
    }

    /// The raw body, if it did not decode.
    pub fn raw(&self) -> Option<&RawBody> {
        match self {
            ErrorBody::Typed(_) => None,
            ErrorBody::Raw { body, .. } => Some(body),
        }
    }

    /// Why the body did not decode, if it did not.
    pub fn problem(&self) -> Option<&DecodeError> {
        match self {
            ErrorBody::Typed(_) => None,
            ErrorBody::Raw { problem, .. } => Some(problem),
        }
    }

    /// Whether the body decoded as documented.
    pub fn is_typed(&self) -> bool {
        matches!(self, ErrorBody::Typed(_))
    }
}

/// The body of an error status, kept as text: for a status the API description does not
/// document, and for a documented one whose body is not the documented shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text, lossily decoded and cut at 64 KiB.
    pub body: String,
}

/// The earlier name of [`RawBody`].
pub type UndocumentedBody = RawBody;

impl RawBody {
    /// The server's message: from a JSON body, its string or its first message-like field
    /// (`message`, `detail`, `error_description`, `title`, `error`); from a `text/plain`
    /// body, the text. Cleaned of control characters and cut to [`MESSAGE_CHARS`]
    /// characters. An HTML page gives none.
    pub fn message(&self) -> Option<String> {
        let media = self
            .content_type
            .as_deref()
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase());
        match media.as_deref() {
            Some("text/plain") => clean_message(&self.body),
            Some(ct) if !is_json_content_type(ct) => None,
            _ => {
                let first = self.body.trim_start().chars().next()?;
                if first != '{' && first != '"' {
                    return None;
                }
                message_of_json(&serde_json::from_str(&self.body).ok()?)
            }
        }
    }
}

/// What an error enum's variant holds, as its `Display`, `message()` and `source()` read it.
/// Implemented for every body type a generated error variant can hold.
pub trait ErrorDetail {
    /// The server's message, cleaned and bounded (see [`RawBody::message`]).
    fn message(&self) -> Option<String>;

    /// Why the body did not decode as documented, if it did not.
    fn problem(&self) -> Option<&DecodeError> {
        None
    }
}

impl<T: serde::Serialize> ErrorDetail for ErrorBody<T> {
    fn message(&self) -> Option<String> {
        match self {
            ErrorBody::Typed(body) => message_of_json(&serde_json::to_value(body).ok()?),
            ErrorBody::Raw { body, .. } => body.message(),
        }
    }

    fn problem(&self) -> Option<&DecodeError> {
        ErrorBody::problem(self)
    }
}

impl ErrorDetail for RawBody {
    fn message(&self) -> Option<String> {
        RawBody::message(self)
    }
}

impl ErrorDetail for String {
    fn message(&self) -> Option<String> {
        clean_message(self)
    }
}

impl ErrorDetail for Vec<u8> {
    fn message(&self) -> Option<String> {
        None
    }
}

/// An error enum's variant, as its `error_enum!` `match` gives it: the variant's name and its
/// body, if it has one.
pub type ErrorVariant<'a> = (&'static str, Option<&'a dyn ErrorDetail>);

/// Writes the `Display` of an error enum's variant: its name, then the server's message or,
/// for a body that is not the documented shape, the decode problem.
pub fn write_error_variant(f: &mut fmt::Formatter<'_>, variant: ErrorVariant<'_>) -> fmt::Result {
    let (name, detail) = variant;
    f.write_str(name)?;
    let Some(detail) = detail else {
        return Ok(());
    };
    if let Some(message) = detail.message() {
        write!(f, ": {message}")?;
    }
    if let Some(problem) = detail.problem() {
        write!(
            f,
            " (the body is not the documented shape: {})",
            problem.message
        )?;
    }
    Ok(())
}

/// An error enum's `message()`: the server's message in the variant's body, if any.
pub fn error_message(variant: ErrorVariant<'_>) -> Option<String> {
    variant.1?.message()
}

/// An error enum's `Error::source`: why the variant's body is not the documented shape.
pub fn error_source(variant: ErrorVariant<'_>) -> Option<&(dyn std::error::Error + 'static)> {
    variant
        .1?
        .problem()
        .map(|problem| problem as &(dyn std::error::Error + 'static))
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

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn raw(status: u16, content_type: Option<&'static str>, body: &str) -> RawResponse {
        let mut headers = HeaderMap::new();
        if let Some(ct) = content_type {
            headers.insert("content-type", HeaderValue::from_static(ct));
        }
        RawResponse {
            operation: "getCase",
            status,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    fn decode_kind<T: serde::de::DeserializeOwned>(r: RawResponse) -> Option<DecodeErrorKind> {
        match r.success::<T, ()>() {
            Err(Error::Decode(e)) => Some(e.kind),
            _ => None,
        }
    }

    #[test]
    fn prefixes_are_cut_at_character_boundaries() {
        assert_eq!(lossy_prefix("héllo".as_bytes(), 2), "h");
        assert_eq!(lossy_prefix("héllo".as_bytes(), 3), "hé");
        assert_eq!(lossy_prefix(b"abc", 10), "abc");
        assert_eq!(lossy_prefix(b"\xff\xfeab", 3), "\u{fffd}\u{fffd}a");
        assert_eq!(lossy_prefix(b"", 3), "");
    }

    #[test]
    fn json_content_types_include_structured_suffixes() {
        for json in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/problem+json",
            "application/vnd.api+json",
        ] {
            assert!(is_json_content_type(json), "{json}");
        }
        for other in [
            "text/plain",
            "application/jsonl",
            "+json",
            "text/html; x=+json",
        ] {
            assert!(!is_json_content_type(other), "{other}");
        }
    }

    #[test]
    fn request_ids_come_from_headers_or_the_error_body() {
        let mut headers = HeaderMap::new();
        assert_eq!(request_id_from_headers(&headers), None);
        headers.insert("x-correlation-id", HeaderValue::from_static(" c-1 "));
        assert_eq!(request_id_from_headers(&headers), Some("c-1"));
        headers.insert("x-request-id", HeaderValue::from_static("r-1"));
        assert_eq!(request_id_from_headers(&headers), Some("r-1"));

        assert_eq!(
            request_id_from_body(br#"{"request_id": "b-1"}"#).as_deref(),
            Some("b-1")
        );
        assert_eq!(
            request_id_from_body(br#" {"error": {"requestId": 42}}"#).as_deref(),
            Some("42")
        );
        assert_eq!(request_id_from_body(br#"{"request_id": ""}"#), None);
        assert_eq!(request_id_from_body(br#"["request_id"]"#), None);
        assert_eq!(request_id_from_body(b"not json"), None);
    }

    #[test]
    fn json_bodies_decode_or_say_why_not() {
        let ok = raw(200, Some("application/json"), r#"{"a": 1}"#)
            .success::<serde_json::Value, ()>()
            .expect("decodes");
        assert_eq!(ok.status, 200);
        assert_eq!(ok.body, serde_json::json!({"a": 1}));
        // An empty body is JSON `null`: fine for `()` and `Option`, not for a struct.
        assert!(raw(204, None, "").success::<(), ()>().is_ok());
        assert!(raw(200, None, " \n").success::<Option<u8>, ()>().is_ok());
        assert_eq!(
            decode_kind::<Vec<u8>>(raw(200, None, "")),
            Some(DecodeErrorKind::EmptyBody)
        );
        assert_eq!(
            decode_kind::<u8>(raw(200, Some("text/html"), "<p>")),
            Some(DecodeErrorKind::ContentType)
        );
        assert_eq!(
            decode_kind::<u8>(raw(200, None, "1")),
            Some(DecodeErrorKind::ContentType)
        );
        assert_eq!(
            decode_kind::<serde_json::Value>(raw(200, Some("application/json"), "{\"a\": tru}")),
            Some(DecodeErrorKind::MalformedJson)
        );
        assert_eq!(
            decode_kind::<u8>(raw(200, Some("application/json"), "\"x\"")),
            Some(DecodeErrorKind::UnexpectedShape)
        );
        // A generated struct decodes its fields through `decode_struct`, which turns a syntax
        // error inside a field into a data error; it is still malformed JSON.
        struct One {
            _a: bool,
        }
        impl<'de> serde::Deserialize<'de> for One {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let mut a: Option<bool> = None;
                let decoded = crate::runtime::decode_struct(d, "One", &["a"], &mut [&mut a])?;
                Ok(Self {
                    _a: decoded.required(a, "a")?,
                })
            }
        }
        let json = |body| raw(200, Some("application/json"), body);
        assert_eq!(
            decode_kind::<One>(json("{\"a\": tru}")),
            Some(DecodeErrorKind::MalformedJson)
        );
        assert_eq!(
            decode_kind::<One>(json("{\"a\": 1}")),
            Some(DecodeErrorKind::UnexpectedShape)
        );
        assert_eq!(decode_kind::<One>(json("{\"a\": true}")), None);
    }

    #[test]
    fn texts_must_be_utf8() {
        let text = raw(200, Some("text/plain"), "hé").success_text::<()>();
        assert_eq!(text.expect("UTF-8").body, "hé");
        let mut bad = raw(200, Some("text/plain"), "");
        bad.body = vec![0xff, b'a'];
        match bad.success_text::<()>() {
            Err(Error::Decode(e)) => {
                assert_eq!(e.kind, DecodeErrorKind::InvalidText);
                assert_eq!(e.snippet, "\u{fffd}a", "the body is kept for the message");
            }
            other => panic!("an invalid text error: {other:?}"),
        }
    }

    #[test]
    fn error_statuses_become_typed_api_errors() {
        let error = raw(404, Some("application/json"), r#"{"code": "missing"}"#)
            .error::<serde_json::Value, (), _>(|body| {
                body.typed()
                    .and_then(|b| b["code"].as_str())
                    .map(str::to_owned)
            })
            .expect_err("an error");
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.api(), Some(&Some("missing".to_owned())));
        assert_eq!(
            error.raw_body().map(|b| b.body.as_str()),
            Some(r#"{"code": "missing"}"#)
        );
        let undocumented = raw(418, Some("text/plain"), "teapot")
            .error_raw::<(), _>(|body| body)
            .expect_err("an error")
            .into_api()
            .expect("an API error");
        assert_eq!(
            undocumented,
            RawBody {
                status: 418,
                content_type: Some("text/plain".to_owned()),
                body: "teapot".to_owned(),
            }
        );
    }

    #[derive(Debug, serde::Serialize, serde::Deserialize)]
    struct Problem {
        message: String,
    }

    #[test]
    fn a_documented_status_with_another_body_keeps_its_variant_and_the_raw_body() {
        let error = raw(
            401,
            Some("text/html"),
            "<html>401 Authorization Required</html>",
        )
        .error::<Problem, (), _>(|body| body)
        .expect_err("an error");
        assert_eq!(error.status(), Some(401));
        assert_eq!(error.message(), None, "an HTML page is not a message");
        let body = error.into_api().expect("an API error, not a decode error");
        let problem = body.problem().expect("the decode problem");
        assert_eq!(problem.kind, DecodeErrorKind::ContentType);
        assert_eq!(
            body.raw().map(|r| r.body.as_str()),
            Some("<html>401 Authorization Required</html>")
        );
        assert!(!body.is_typed());
        // Malformed JSON under a JSON content type: the same.
        let body = raw(400, Some("application/json"), "[")
            .error::<Problem, (), _>(|body| body)
            .expect_err("an error")
            .into_api()
            .expect("an API error");
        assert_eq!(
            body.problem().map(|p| p.kind),
            Some(DecodeErrorKind::MalformedJson)
        );
    }

    #[test]
    fn messages_come_from_message_like_fields_bounded_and_clean() {
        let json = |body: &str| {
            RawBody {
                status: 400,
                content_type: Some("application/problem+json".to_owned()),
                body: body.to_owned(),
            }
            .message()
        };
        assert_eq!(
            json(r#"{"message": "bad key"}"#).as_deref(),
            Some("bad key")
        );
        assert_eq!(
            json(r#"{"title": "Invalid", "detail": "refId is taken"}"#).as_deref(),
            Some("refId is taken")
        );
        assert_eq!(
            json(r#"{"error": "invalid_grant", "error_description": "expired"}"#).as_deref(),
            Some("expired")
        );
        assert_eq!(
            json(r#"{"error": {"code": 7, "message": "nested"}}"#).as_deref(),
            Some("nested")
        );
        assert_eq!(json(r#""plain string""#).as_deref(), Some("plain string"));
        assert_eq!(json(r#"{"code": 7}"#), None);
        assert_eq!(json("not json"), None);
        assert_eq!(
            json("{\"message\": \"line\\nbreak\\u001b[31m  red\"}").as_deref(),
            Some("line break [31m red"),
            "control characters and runs of spaces become one space"
        );
        let long = format!(r#"{{"message": "{}"}}"#, "é".repeat(300));
        let cut = json(&long).expect("a message");
        assert_eq!(cut.chars().count(), MESSAGE_CHARS + 1);
        assert!(cut.ends_with("é…"));
        let text = RawBody {
            status: 503,
            content_type: Some("text/plain; charset=utf-8".to_owned()),
            body: " down for\tmaintenance \n".to_owned(),
        };
        assert_eq!(text.message().as_deref(), Some("down for maintenance"));
        assert_eq!(clean_message(" \n\t "), None);
    }

    #[test]
    fn api_errors_show_the_message_and_typed_bodies_give_theirs() {
        let error = raw(
            401,
            Some("application/json"),
            r#"{"message": "Invalid API key"}"#,
        )
        .error::<Problem, (), _>(|body| body)
        .expect_err("an error");
        assert_eq!(
            error.to_string(),
            "getCase: server answered 401 Unauthorized: Invalid API key"
        );
        assert_eq!(error.message(), Some("Invalid API key"));
        let body = error.into_api().expect("an API error");
        assert_eq!(
            ErrorDetail::message(&body).as_deref(),
            Some("Invalid API key")
        );
        assert_eq!(
            body.typed().map(|p| p.message.as_str()),
            Some("Invalid API key")
        );
    }

    #[test]
    fn rate_limits_read_prefixed_and_plain_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("x-ratelimit-limit", HeaderValue::from_static("100"));
        headers.insert("ratelimit-remaining", HeaderValue::from_static("7"));
        headers.insert("x-ratelimit-reset", HeaderValue::from_static("soon"));
        assert_eq!(
            RateLimit::from_headers(&headers),
            RateLimit {
                limit: Some(100),
                remaining: Some(7),
                reset: None,
            }
        );
    }
}
