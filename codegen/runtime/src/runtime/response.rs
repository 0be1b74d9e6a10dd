//! Responses: the raw response before decoding, the typed [`Response`], and the status
//! dispatch helpers generated methods call.

use super::error::{ApiError, DecodeError, DecodeErrorKind, Error, ResponseMeta};
use reqwest::header::HeaderMap;
use std::fmt;

/// The length of the body excerpt kept in a [`DecodeError`].
pub const SNIPPET_BYTES: usize = 512;
/// The largest body text kept in an [`UndocumentedBody`] (64 KiB).
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
            .error::<serde_json::Value, (), _>(|body| body["code"].as_str().map(str::to_owned))
            .expect_err("an error");
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.api(), Some(&Some("missing".to_owned())));
        let undocumented = raw(418, Some("text/plain"), "teapot")
            .error_raw::<(), _>(|body| body)
            .expect_err("an error")
            .into_api()
            .expect("an API error");
        assert_eq!(
            undocumented,
            UndocumentedBody {
                status: 418,
                content_type: Some("text/plain".to_owned()),
                body: "teapot".to_owned(),
            }
        );
        // A documented error body that does not decode is a decode error, with the status.
        let error = raw(400, Some("application/json"), "[")
            .error::<serde_json::Value, (), _>(|_| ())
            .expect_err("an error");
        assert!(matches!(&error, Error::Decode(e) if e.kind == DecodeErrorKind::MalformedJson));
        assert_eq!(error.status(), Some(400));
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
