//! A validating mock server for tests, behind the `mock` feature.
//!
//! Each API module's `mock::MockServer` wraps the [`MockServer`] here with one typed
//! expectation builder per operation. The server listens on loopback, checks every request it
//! receives against the operation the spec documents (method and path, the credential in its
//! documented place, required parameters, content type, and the body decoded into the
//! generated request type and validated), answers with the mounted [`Expectation`] (by default
//! the spec's documented example), and records the request. Everything that went wrong, a
//! request that breaks the spec, a request no expectation matched, an expectation hit a
//! different number of times than it said, is collected; [`MockServer::verify`] (and dropping
//! the server) panics with all of it, as `wiremock`'s `MockServer` does on drop.
//!
//! Faults for retry and timeout tests: a delay, a 429 or 503 with `Retry-After`, a dropped
//! connection and a truncated body.

use super::auth::AuthPlacement;
use super::client::OperationMeta;
use super::response::UndocumentedBody;
use super::validate::Validate;
use hyper::body::{Body, Bytes, Frame, Incoming};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Duration;

/// Where a parameter goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// A path segment.
    Path,
    /// A query parameter.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// A documented parameter, as the mock server checks it.
#[derive(Debug, Clone, Copy)]
pub struct MockParam {
    /// The name on the wire.
    pub name: &'static str,
    /// Where it goes.
    pub location: ParamIn,
    /// Whether the spec requires it.
    pub required: bool,
    /// The JSON pointer of the parameter in the spec.
    pub pointer: &'static str,
}

/// Decodes a request body into the generated request type and validates it.
pub type BodyCheck = fn(&[u8]) -> Result<(), String>;

/// A documented request body, as the mock server checks it.
#[derive(Debug, Clone, Copy)]
pub struct MockRequestBody {
    /// The documented media type.
    pub media_type: &'static str,
    /// Whether the spec requires a body.
    pub required: bool,
    /// The JSON pointer of the media type object in the spec.
    pub pointer: &'static str,
    /// The decoding check, for JSON bodies.
    pub check: Option<BodyCheck>,
}

/// What the mock server knows of one operation.
#[derive(Debug, Clone, Copy)]
pub struct MockOperation {
    /// The operation's static description (method, path template, security).
    pub meta: &'static OperationMeta,
    /// The JSON pointer of the operation in the spec.
    pub pointer: &'static str,
    /// The documented parameters that are not in the path.
    pub params: &'static [MockParam],
    /// The documented request body.
    pub body: Option<MockRequestBody>,
    /// The status of the first documented success response.
    pub success_status: u16,
    /// The media type of that response's body, if it has one.
    pub success_media_type: Option<&'static str>,
    /// The spec's example of that body, as JSON text.
    pub example: Option<&'static str>,
    /// The spec's examples of error responses.
    pub error_examples: &'static [MockExample],
}

/// The spec's example of one response.
#[derive(Debug, Clone, Copy)]
pub struct MockExample {
    /// The status it answers.
    pub status: u16,
    /// The media type of the body.
    pub media_type: &'static str,
    /// The body, as JSON text.
    pub body: &'static str,
}

/// Decodes `body` as JSON into `T` and runs its [`Validate`].
pub fn mock_check_json<T: DeserializeOwned + Validate>(body: &[u8]) -> Result<(), String> {
    let value: T = serde_json::from_slice(body)
        .map_err(|e| format!("the body does not decode into the request type: {e}"))?;
    value
        .validate()
        .map_err(|e| format!("the body breaks the schema's constraints: {e}"))
}

/// Decodes `body` as JSON into `T`, for a body type that checks no constraint.
pub fn mock_check_decode<T: DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<T>(body)
        .map(drop)
        .map_err(|e| format!("the body does not decode into the request type: {e}"))
}

/// Encodes a success value as JSON.
pub fn mock_json<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    serde_json::to_vec(value).map_err(|e| e.to_string())
}

/// Encodes a text success value.
#[allow(clippy::ptr_arg)] // an encoder is a `fn(&T)` of the success type, here `String`.
pub fn mock_text(value: &String) -> Result<Vec<u8>, String> {
    Ok(value.as_bytes().to_vec())
}

/// Encodes a binary success value.
#[allow(clippy::ptr_arg)] // an encoder is a `fn(&T)` of the success type, here `Vec<u8>`.
pub fn mock_bytes(value: &Vec<u8>) -> Result<Vec<u8>, String> {
    Ok(value.clone())
}

/// Encodes the value of a success without a body.
pub fn mock_empty(_: &()) -> Result<Vec<u8>, String> {
    Ok(Vec::new())
}

/// A response the mock server sends: status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockReply {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`, when there is a body.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl MockReply {
    /// A JSON body.
    pub fn json<T: Serialize>(status: u16, media_type: &str, value: &T) -> Self {
        Self {
            status,
            content_type: Some(media_type.to_owned()),
            body: serde_json::to_vec(value).unwrap_or_default(),
        }
    }

    /// A documented error body: the typed value as JSON, or a raw body as it was received.
    pub fn error_body<T: Serialize>(
        status: u16,
        media_type: &str,
        value: &super::response::ErrorBody<T>,
    ) -> Self {
        match value {
            super::response::ErrorBody::Typed(typed) => Self::json(status, media_type, typed),
            super::response::ErrorBody::Raw { body, .. } => Self {
                status,
                content_type: body.content_type.clone(),
                body: body.body.as_bytes().to_vec(),
            },
        }
    }

    /// A text body.
    pub fn text(status: u16, media_type: &str, value: &str) -> Self {
        Self {
            status,
            content_type: Some(media_type.to_owned()),
            body: value.as_bytes().to_vec(),
        }
    }

    /// A binary body.
    pub fn bytes(status: u16, media_type: &str, value: &[u8]) -> Self {
        Self {
            status,
            content_type: Some(media_type.to_owned()),
            body: value.to_vec(),
        }
    }

    /// No body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }

    /// An undocumented status with its raw body.
    pub fn undocumented(value: &UndocumentedBody) -> Self {
        Self {
            status: value.status,
            content_type: value.content_type.clone(),
            body: value.body.as_bytes().to_vec(),
        }
    }
}

/// A generated error enum as a response: each documented variant answers with its status and
/// body.
pub trait MockError {
    /// The response that carries this error.
    fn reply(&self) -> MockReply;
}

/// One request the mock server received.
#[derive(Clone)]
pub struct Received {
    /// The `operationId` of the operation the method and path belong to, if any.
    pub operation: Option<&'static str>,
    /// The HTTP method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The headers, names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl fmt::Debug for Received {
    /// Leaves out header values, which may be credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Received")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

impl Received {
    /// The first header called `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The query parameters, as (name, value) pairs, percent-decoded.
    pub fn query_pairs(&self) -> Vec<(String, String)> {
        let query = self.query.as_deref().unwrap_or("");
        url::form_urlencoded::parse(query.as_bytes())
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect()
    }

    /// The body decoded as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

/// A fault the server injects in place of an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    /// Close the connection without answering.
    Drop,
    /// Announce the whole body, send half of it, close the connection.
    Truncate,
}

#[derive(Debug, Clone)]
struct Answer {
    reply: MockReply,
    headers: Vec<(String, String)>,
    delay: Option<Duration>,
    fault: Option<Fault>,
    /// Why there is nothing to answer with (no documented example, a value that does not
    /// encode).
    missing: Option<String>,
}

struct Mounted {
    op: &'static MockOperation,
    answer: Answer,
    times: Option<usize>,
    hits: usize,
}

#[derive(Default)]
struct State {
    mounted: Vec<Mounted>,
    received: Vec<Received>,
    failures: Vec<String>,
}

struct Shared {
    api: &'static str,
    operations: &'static [&'static MockOperation],
    state: Mutex<State>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A validating mock server of one API on loopback, for tests (the `mock` feature).
///
/// Each API module's `mock::MockServer` wraps one, with one typed expectation builder per
/// operation, and dereferences to it. The server checks every request against the operation
/// the spec documents (method and path, the credential in its documented place, required
/// parameters, content type, and the body decoded into the generated request type and
/// validated), answers with the first mounted [`Expectation`] of the operation that is not used
/// up (by default the spec's documented example), and records the request. Every problem, a
/// request that breaks the spec (answered 400), a request no expectation matched (501, or 404
/// for a path the spec does not have), an expectation hit a different number of times than it
/// said, is collected: [`verify`](Self::verify), and dropping the server, panic with all of
/// them, each naming the operation, the difference and the spec's JSON pointer.
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("api", &self.shared.api)
            .field("addr", &self.addr)
            .finish()
    }
}

impl MockServer {
    /// Starts a server for the API `api` whose operations are `operations`, on a free port of
    /// `127.0.0.1`, on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no loopback port can be bound, or outside a tokio runtime.
    pub async fn start(api: &'static str, operations: &'static [&'static MockOperation]) -> Self {
        let listener = match tokio::net::TcpListener::bind(("127.0.0.1", 0)).await {
            Ok(listener) => listener,
            Err(e) => panic!("mock server ({api}): cannot listen on loopback: {e}"),
        };
        let addr = match listener.local_addr() {
            Ok(addr) => addr,
            Err(e) => panic!("mock server ({api}): no local address: {e}"),
        };
        let shared = Arc::new(Shared {
            api,
            operations,
            state: Mutex::new(State::default()),
        });
        let serving = Arc::clone(&shared);
        let task = tokio::spawn(async move {
            loop {
                let stream = match listener.accept().await {
                    Ok((stream, _)) => stream,
                    Err(_) => {
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let shared = Arc::clone(&serving);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        handle(Arc::clone(&shared), request)
                    });
                    // A dropped connection or a client gone away ends the connection; there
                    // is no one to tell.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Self { shared, addr, task }
    }

    /// The base URL of the server, such as `http://127.0.0.1:38421`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.shared.lock().received.clone()
    }

    /// The bodies of the requests received for `op`, decoded as JSON into `T`, in order. A
    /// body that does not decode is already a failure of the request; it is left out here.
    pub fn received_json<T: DeserializeOwned>(&self, op: &MockOperation) -> Vec<T> {
        let state = self.shared.lock();
        state
            .received
            .iter()
            .filter(|r| r.operation == Some(op.meta.operation_id))
            .filter_map(|r| r.json().ok())
            .collect()
    }

    /// Everything that went wrong so far: requests that break the spec or matched no
    /// expectation, and expectations hit a different number of times than they said.
    pub fn failures(&self) -> Vec<String> {
        let state = self.shared.lock();
        let mut out = state.failures.clone();
        for m in &state.mounted {
            if let Some(times) = m.times {
                if m.hits != times {
                    out.push(format!(
                        "{}: {} expected {times} request(s), received {}",
                        self.shared.api,
                        describe(m.op),
                        m.hits
                    ));
                }
            }
        }
        out
    }

    /// [`failures`](Self::failures), after which the server forgets them (and the
    /// expectations' counts), for tests that expect a failure.
    pub fn take_failures(&self) -> Vec<String> {
        let out = self.failures();
        let mut state = self.shared.lock();
        state.failures.clear();
        state.mounted.iter_mut().for_each(|m| m.times = None);
        out
    }

    /// Removes every expectation, recorded request and failure.
    pub fn reset(&self) {
        *self.shared.lock() = State::default();
    }

    /// Panics with every [failure](Self::failures), if there is any.
    pub fn verify(&self) {
        let failures = self.failures();
        if !failures.is_empty() {
            panic!("{}", report(self.shared.api, &failures));
        }
    }
}

impl Drop for MockServer {
    /// Stops the server; panics with the failures, as [`verify`](Self::verify), unless the
    /// thread is panicking already.
    fn drop(&mut self) {
        self.task.abort();
        if !std::thread::panicking() {
            let failures = self.failures();
            if !failures.is_empty() {
                panic!("{}", report(self.shared.api, &failures));
            }
        }
    }
}

fn report(api: &str, failures: &[String]) -> String {
    let mut out = format!(
        "mock server ({api}): {} failure(s) against the spec:",
        failures.len()
    );
    for f in failures {
        out.push_str("\n  - ");
        out.push_str(f);
    }
    out
}

fn describe(op: &MockOperation) -> String {
    format!(
        "{} ({} {})",
        op.meta.operation_id, op.meta.method, op.meta.path
    )
}

/// The expectation of one operation on a [`MockServer`]: what to answer, with which faults,
/// and how often. `T` is the success value, `E` the operation's error enum.
#[must_use = "an expectation does nothing until it is mounted"]
pub struct Expectation<T, E> {
    server: Arc<Shared>,
    op: &'static MockOperation,
    answer: Answer,
    times: Option<usize>,
    encode: fn(&T) -> Result<Vec<u8>, String>,
    types: PhantomData<fn(T, E)>,
}

impl<T, E> fmt::Debug for Expectation<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Expectation")
            .field("operation", &self.op.meta.operation_id)
            .field("status", &self.answer.reply.status)
            .field("times", &self.times)
            .finish()
    }
}

impl<T, E: MockError> Expectation<T, E> {
    /// An expectation of `op` on `server`, answering the spec's documented example with the
    /// first documented success status; `encode` writes a success value.
    pub fn new(
        server: &MockServer,
        op: &'static MockOperation,
        encode: fn(&T) -> Result<Vec<u8>, String>,
    ) -> Self {
        let mut reply = MockReply::empty(op.success_status);
        let mut missing = None;
        if let Some(media_type) = op.success_media_type {
            match op.example {
                Some(example) => {
                    reply.content_type = Some(media_type.to_owned());
                    reply.body = example.as_bytes().to_vec();
                }
                None => {
                    missing = Some(format!(
                        "the spec documents no example of the {} response; answer with \
                         `.respond(value)` or `.error(value)`",
                        op.success_status
                    ));
                }
            }
        }
        Self {
            server: Arc::clone(&server.shared),
            op,
            answer: Answer {
                reply,
                headers: Vec::new(),
                delay: None,
                fault: None,
                missing,
            },
            times: None,
            encode,
            types: PhantomData,
        }
    }

    /// Answers with `value` and the first documented success status.
    pub fn respond(mut self, value: T) -> Self {
        match (self.encode)(&value) {
            Ok(body) => {
                self.answer.reply = MockReply {
                    status: self.op.success_status,
                    content_type: self.op.success_media_type.map(str::to_owned),
                    body,
                };
                self.answer.missing = None;
            }
            Err(e) => self.answer.missing = Some(format!("the success value does not encode: {e}")),
        }
        self
    }

    /// Answers with the documented error `error`: its status and body.
    pub fn error(mut self, error: E) -> Self {
        self.answer.reply = error.reply();
        self.answer.missing = None;
        self
    }

    /// Answers with the spec's example of the error response of `status` (as documented, with
    /// no typed value to write); a status without one is a failure when requested.
    pub fn error_example(mut self, status: u16) -> Self {
        match self.op.error_examples.iter().find(|e| e.status == status) {
            Some(example) => {
                self.answer.reply = MockReply {
                    status,
                    content_type: Some(example.media_type.to_owned()),
                    body: example.body.as_bytes().to_vec(),
                };
                self.answer.missing = None;
            }
            None => {
                self.answer.missing = Some(format!(
                    "the spec documents no example of a {status} response; answer with \
                     `.error(value)`"
                ))
            }
        }
        self
    }

    /// Answers with `status` instead (another documented success status, say).
    pub fn status(mut self, status: u16) -> Self {
        self.answer.reply.status = status;
        self
    }

    /// Adds a response header.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.answer.headers.push((name.into(), value.into()));
        self
    }

    /// Adds an `X-Request-Id` header.
    pub fn request_id(self, id: impl Into<String>) -> Self {
        self.header("X-Request-Id", id)
    }

    /// Adds a `Retry-After` header of `seconds`.
    pub fn retry_after(self, seconds: u64) -> Self {
        self.header("Retry-After", seconds.to_string())
    }

    /// Adds a `Location` header.
    pub fn location(self, url: impl Into<String>) -> Self {
        self.header("Location", url)
    }

    /// Fault: answers 429 without a body, with `Retry-After: seconds`.
    pub fn rate_limited(mut self, retry_after: u64) -> Self {
        self.answer.reply = MockReply::empty(429);
        self.answer.missing = None;
        self.retry_after(retry_after)
    }

    /// Fault: answers 503 without a body, with `Retry-After: seconds`.
    pub fn unavailable(mut self, retry_after: u64) -> Self {
        self.answer.reply = MockReply::empty(503);
        self.answer.missing = None;
        self.retry_after(retry_after)
    }

    /// Fault: waits `delay` before answering (or failing).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.answer.delay = Some(delay);
        self
    }

    /// Fault: closes the connection without answering.
    pub fn drop_connection(mut self) -> Self {
        self.answer.fault = Some(Fault::Drop);
        self
    }

    /// Fault: announces the whole body in `Content-Length`, sends the first half and closes
    /// the connection.
    pub fn truncate_body(mut self) -> Self {
        self.answer.fault = Some(Fault::Truncate);
        self
    }

    /// Answers exactly `n` requests; fewer is a failure at [`MockServer::verify`], and later
    /// requests go to the next matching expectation.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Puts the expectation on the server. Expectations of one operation answer in the order
    /// they were mounted, each until its [`times`](Self::times) are used up.
    pub fn mount(self) {
        let mounted = Mounted {
            op: self.op,
            answer: self.answer,
            times: self.times,
            hits: 0,
        };
        self.server.lock().mounted.push(mounted);
    }
}

/// Whether the request path fits the path template: the same number of segments, fixed
/// segments equal, a `{name}` segment anything non-empty.
fn path_matches(template: &str, path: &str) -> bool {
    let template = template.split('/');
    let mut actual = path.split('/');
    for fixed in template {
        let Some(segment) = actual.next() else {
            return false;
        };
        let is_param = fixed.starts_with('{') && fixed.ends_with('}');
        if is_param {
            if segment.is_empty() {
                return false;
            }
        } else if fixed != segment && percent_decode(segment) != fixed {
            return false;
        }
    }
    actual.next().is_none()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, ..) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The problems of a request to `op`, each with the spec's pointer.
fn check_request(op: &MockOperation, r: &Received) -> Vec<String> {
    let mut problems = Vec::new();
    let security = op.meta.security;
    let authorised = security.is_empty()
        || security
            .iter()
            .any(|all| all.iter().all(|s| has_credential(s.placement, r)));
    if !authorised {
        let expected: Vec<String> = security
            .iter()
            .map(|all| {
                all.iter()
                    .map(|s| format!("{} (scheme `{}`)", placement(s.placement), s.key))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        problems.push(format!(
            "no credential in the documented place: expected {} (spec: {}, its security)",
            expected.join(", or "),
            op.pointer
        ));
    }
    let query = r.query_pairs();
    for p in op.params.iter().filter(|p| p.required) {
        let present = match p.location {
            ParamIn::Path => true,
            ParamIn::Query => query.iter().any(|(n, _)| {
                n == p.name
                    || n.strip_prefix(p.name)
                        .is_some_and(|rest| rest.starts_with('['))
            }),
            ParamIn::Header => r.header(p.name).is_some(),
            ParamIn::Cookie => has_cookie(r, p.name),
        };
        if !present {
            problems.push(format!(
                "the required {} parameter `{}` is missing (spec: {})",
                location(p.location),
                p.name,
                p.pointer
            ));
        }
    }
    if op.body.is_none() && !r.body.is_empty() {
        problems.push(format!(
            "the request has a body ({} bytes); the spec documents none (spec: {})",
            r.body.len(),
            op.pointer
        ));
    }
    if let Some(body) = &op.body {
        if r.body.is_empty() {
            if body.required {
                problems.push(format!(
                    "the required request body ({}) is missing (spec: {})",
                    body.media_type, body.pointer
                ));
            }
        } else {
            match r.header("content-type") {
                None => problems.push(format!(
                    "the body has no Content-Type; the spec documents `{}` (spec: {})",
                    body.media_type, body.pointer
                )),
                Some(sent) if !media_matches(body.media_type, sent) => problems.push(format!(
                    "Content-Type is `{sent}`; the spec documents `{}` (spec: {})",
                    body.media_type, body.pointer
                )),
                Some(_) => {}
            }
            if let Some(check) = body.check {
                if let Err(e) = check(&r.body) {
                    problems.push(format!("{e} (spec: {}/schema)", body.pointer));
                }
            }
        }
    }
    problems
}

fn location(at: ParamIn) -> &'static str {
    match at {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

fn placement(at: AuthPlacement) -> String {
    match at {
        AuthPlacement::Header(name) => format!("header `{name}`"),
        AuthPlacement::Query(name) => format!("query parameter `{name}`"),
        AuthPlacement::Cookie(name) => format!("cookie `{name}`"),
        AuthPlacement::Bearer => "`Authorization: Bearer <token>`".to_owned(),
        AuthPlacement::Basic => "`Authorization: Basic <credentials>`".to_owned(),
    }
}

fn has_credential(at: AuthPlacement, r: &Received) -> bool {
    let authorization = |scheme: &str| {
        r.header("authorization").is_some_and(|v| {
            v.len() > scheme.len() + 1
                && v[..scheme.len()].eq_ignore_ascii_case(scheme)
                && v.as_bytes()[scheme.len()] == b' '
        })
    };
    match at {
        AuthPlacement::Header(name) => r.header(name).is_some_and(|v| !v.is_empty()),
        AuthPlacement::Query(name) => r
            .query_pairs()
            .iter()
            .any(|(n, v)| n == name && !v.is_empty()),
        AuthPlacement::Cookie(name) => has_cookie(r, name),
        AuthPlacement::Bearer => authorization("Bearer"),
        AuthPlacement::Basic => authorization("Basic"),
    }
}

fn has_cookie(r: &Received, name: &str) -> bool {
    r.headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("cookie"))
        .flat_map(|(_, v)| v.split(';'))
        .any(|pair| pair.trim().split('=').next() == Some(name))
}

/// Whether the sent `Content-Type` is the documented media type (parameters ignored; a
/// documented `*/*` or `type/*` accepts what it covers).
fn media_matches(documented: &str, sent: &str) -> bool {
    let essence = |t: &str| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    };
    let (documented, sent) = (essence(documented), essence(sent));
    if documented == sent || documented == "*/*" {
        return true;
    }
    documented
        .strip_suffix("/*")
        .is_some_and(|kind| sent.split('/').next() == Some(kind))
}

/// The connection is closed without an answer (an error makes `hyper` close it).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock server drops the connection")
    }
}

impl std::error::Error for Dropped {}

/// A response body: whole, or cut short by an error that makes `hyper` close the connection.
enum ReplyBody {
    Whole(Option<Bytes>),
    Truncated(Option<Bytes>),
}

impl Body for ReplyBody {
    type Data = Bytes;
    type Error = Dropped;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Dropped>>> {
        Poll::Ready(match self.get_mut() {
            ReplyBody::Whole(data) => data.take().map(|d| Ok(Frame::data(d))),
            ReplyBody::Truncated(data) => Some(
                data.take()
                    .map(|d| Ok(Frame::data(d)))
                    .unwrap_or(Err(Dropped)),
            ),
        })
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            ReplyBody::Whole(data) => {
                hyper::body::SizeHint::with_exact(data.as_ref().map_or(0, |d| d.len() as u64))
            }
            ReplyBody::Truncated(_) => hyper::body::SizeHint::default(),
        }
    }
}

async fn read_body(mut body: Incoming) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        match frame {
            Ok(frame) => {
                if let Ok(data) = frame.into_data() {
                    out.extend_from_slice(&data);
                }
            }
            Err(_) => break,
        }
    }
    out
}

fn plain(status: u16, text: String) -> hyper::Response<ReplyBody> {
    let mut response = hyper::Response::new(ReplyBody::Whole(Some(Bytes::from(text))));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<ReplyBody>, Dropped> {
    let (parts, body) = request.into_parts();
    let body = read_body(body).await;
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let op = shared.operations.iter().copied().find(|op| {
        op.meta.method.eq_ignore_ascii_case(&method) && path_matches(op.meta.path, &path)
    });
    let received = Received {
        operation: op.map(|op| op.meta.operation_id),
        method: method.clone(),
        path: path.clone(),
        query: parts.uri.query().map(str::to_owned),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_owned(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        body,
    };
    let api = shared.api;
    let outcome: Result<Answer, (u16, String)> = {
        let mut state = shared.lock();
        let outcome = match op {
            None => Err((
                404,
                format!(
                    "{api}: {method} {path} is no operation of the spec; no request to it can be \
                     answered"
                ),
            )),
            Some(op) => {
                let problems = check_request(op, &received);
                if !problems.is_empty() {
                    let lines: Vec<String> = problems
                        .iter()
                        .map(|p| format!("{api}: {}: {p}", describe(op)))
                        .collect();
                    Err((400, lines.join("\n")))
                } else {
                    let mounted = state
                        .mounted
                        .iter_mut()
                        .find(|m| same(m.op, op) && m.times.map_or(true, |t| m.hits < t));
                    match mounted {
                        Some(m) => {
                            m.hits += 1;
                            match &m.answer.missing {
                                Some(why) => Err((500, format!("{api}: {}: {why}", describe(op)))),
                                None => Ok(m.answer.clone()),
                            }
                        }
                        None => Err((
                            501,
                            format!(
                                "{api}: {}: no expectation matched this request (none mounted, or \
                                 all used up)",
                                describe(op)
                            ),
                        )),
                    }
                }
            }
        };
        if let Err((_, message)) = &outcome {
            state.failures.extend(message.lines().map(str::to_owned));
        }
        state.received.push(received);
        outcome
    };
    let answer = match outcome {
        Ok(answer) => answer,
        Err((status, message)) => return Ok(plain(status, message)),
    };
    if let Some(delay) = answer.delay {
        tokio::time::sleep(delay).await;
    }
    let length = answer.reply.body.len();
    let body = Bytes::from(answer.reply.body);
    let mut response = match answer.fault {
        Some(Fault::Drop) => return Err(Dropped),
        Some(Fault::Truncate) => {
            let mut response =
                hyper::Response::new(ReplyBody::Truncated(Some(body.slice(..length / 2))));
            if let Ok(value) = hyper::header::HeaderValue::from_str(&length.max(1).to_string()) {
                response
                    .headers_mut()
                    .insert(hyper::header::CONTENT_LENGTH, value);
            }
            response
        }
        None => hyper::Response::new(ReplyBody::Whole(Some(body))),
    };
    *response.status_mut() = hyper::StatusCode::from_u16(answer.reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Some(content_type) = &answer.reply.content_type {
        if let Ok(value) = hyper::header::HeaderValue::from_str(content_type) {
            headers.insert(hyper::header::CONTENT_TYPE, value);
        }
    }
    for (name, value) in &answer.headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            headers.append(name, value);
        }
    }
    Ok(response)
}

/// Whether two descriptions are of one operation (constants have no fixed address, so they
/// are compared by what they say).
fn same(a: &MockOperation, b: &MockOperation) -> bool {
    a.meta.operation_id == b.meta.operation_id
        && a.meta.method == b.meta.method
        && a.meta.path == b.meta.path
}

#[cfg(test)]
mod tests {
    use super::super::auth::SchemeDef;
    use super::*;

    const KEY: SchemeDef = SchemeDef {
        key: "ApiKey",
        placement: AuthPlacement::Header("X-API-Key"),
    };
    const META: OperationMeta = OperationMeta {
        operation_id: "getThing",
        method: "POST",
        path: "/things/{id}/notes",
        idempotent: false,
        security: &[&[&KEY]],
    };
    const OP: MockOperation = MockOperation {
        meta: &META,
        pointer: "/paths/~1things~1{id}~1notes/post",
        params: &[MockParam {
            name: "filter",
            location: ParamIn::Query,
            required: true,
            pointer: "/paths/~1things~1{id}~1notes/post/parameters/0",
        }],
        body: Some(MockRequestBody {
            media_type: "application/json",
            required: true,
            pointer: "/paths/~1things~1{id}~1notes/post/requestBody/content/application~1json",
            check: Some(mock_check_decode::<std::collections::BTreeMap<String, u32>>),
        }),
        success_status: 201,
        success_media_type: Some("application/json"),
        example: Some("{\"id\":1}"),
        error_examples: &[MockExample {
            status: 409,
            media_type: "application/json",
            body: "{\"code\":\"taken\"}",
        }],
    };

    fn request(headers: &[(&str, &str)], query: Option<&str>, body: &str) -> Received {
        Received {
            operation: Some("getThing"),
            method: "POST".to_owned(),
            path: "/things/7/notes".to_owned(),
            query: query.map(str::to_owned),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn paths_match_their_templates_segment_by_segment() {
        assert!(path_matches("/things/{id}/notes", "/things/7/notes"));
        assert!(path_matches("/a b/{id}", "/a%20b/x"));
        assert!(!path_matches("/things/{id}/notes", "/things//notes"));
        assert!(!path_matches("/things/{id}/notes", "/things/7"));
        assert!(!path_matches("/things/{id}", "/things/7/notes"));
        assert!(!path_matches("/things", "/others"));
    }

    #[test]
    fn media_types_match_without_parameters_and_by_wildcard() {
        assert!(media_matches(
            "application/json",
            "application/json; charset=utf-8"
        ));
        assert!(media_matches("application/json", "Application/JSON"));
        assert!(media_matches("image/*", "image/png"));
        assert!(media_matches("*/*", "text/plain"));
        assert!(!media_matches("application/json", "text/plain"));
    }

    #[test]
    fn a_request_that_follows_the_spec_has_no_problem() {
        let ok = request(
            &[("x-api-key", "k"), ("content-type", "application/json")],
            Some("filter=a"),
            r#"{"a":1}"#,
        );
        assert_eq!(check_request(&OP, &ok), Vec::<String>::new());
        // A deepObject parameter counts as present.
        let deep = request(
            &[("x-api-key", "k"), ("content-type", "application/json")],
            Some("filter%5Bx%5D=a"),
            r#"{"a":1}"#,
        );
        assert_eq!(check_request(&OP, &deep), Vec::<String>::new());
    }

    #[test]
    fn each_difference_is_named_with_its_pointer() {
        let bad = request(&[("content-type", "text/plain")], None, r#"{"a":"x"}"#);
        let problems = check_request(&OP, &bad);
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(problems[0].starts_with(
            "no credential in the documented place: expected header `X-API-Key` (scheme `ApiKey`)"
        ));
        assert!(problems[1].contains("the required query parameter `filter` is missing"));
        assert!(problems[1].ends_with("(spec: /paths/~1things~1{id}~1notes/post/parameters/0)"));
        assert!(problems[2].starts_with("Content-Type is `text/plain`"));
        assert!(problems[3].starts_with("the body does not decode into the request type"));
        assert!(problems[3].ends_with("application~1json/schema)"));
        let empty = request(&[("x-api-key", "k")], Some("filter=1"), "");
        let problems = check_request(&OP, &empty);
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].starts_with("the required request body (application/json) is missing"));
    }

    #[test]
    fn a_body_the_spec_does_not_document_is_a_difference() {
        const BODILESS: MockOperation = MockOperation {
            body: None,
            params: &[],
            ..OP
        };
        let r = request(&[("x-api-key", "k")], None, "{}");
        assert_eq!(
            check_request(&BODILESS, &r),
            ["the request has a body (2 bytes); the spec documents none \
              (spec: /paths/~1things~1{id}~1notes/post)"]
        );
    }

    #[test]
    fn credentials_are_looked_for_in_their_place() {
        let r = request(
            &[
                ("authorization", "Bearer abc"),
                ("cookie", "a=1; session=xyz"),
            ],
            Some("key=v"),
            "",
        );
        assert!(has_credential(AuthPlacement::Bearer, &r));
        assert!(!has_credential(AuthPlacement::Basic, &r));
        assert!(has_credential(AuthPlacement::Cookie("session"), &r));
        assert!(!has_credential(AuthPlacement::Cookie("sess"), &r));
        assert!(has_credential(AuthPlacement::Query("key"), &r));
        assert!(!has_credential(AuthPlacement::Header("X-API-Key"), &r));
        let empty_bearer = request(&[("authorization", "Bearer ")], None, "");
        assert!(!has_credential(AuthPlacement::Bearer, &empty_bearer));
    }

    #[test]
    fn received_requests_print_no_header_values() {
        let r = request(&[("x-api-key", "secret-value")], None, "{}");
        let text = format!("{r:?}");
        assert!(
            text.contains("x-api-key") && !text.contains("secret-value"),
            "{text}"
        );
    }

    #[tokio::test]
    async fn the_server_answers_the_example_and_reports_what_matched_nothing() {
        static OPS: [&MockOperation; 1] = [&OP];
        let server = MockServer::start("things", &OPS).await;
        Expectation::<(), NoError>::new(&server, &OP, mock_empty)
            .times(1)
            .mount();
        let answer = send(
            &server,
            "POST /things/7/notes?filter=a HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\n\
             content-type: application/json\r\ncontent-length: 7\r\nconnection: close\r\n\r\n{\"a\":1}",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 201 Created\r\n"), "{answer}");
        assert!(answer.ends_with("{\"id\":1}"), "{answer}");
        Expectation::<(), NoError>::new(&server, &OP, mock_empty)
            .error_example(409)
            .times(1)
            .mount();
        let answer = send(
            &server,
            "POST /things/7/notes?filter=a HTTP/1.1\r\nhost: x\r\nx-api-key: k\r\n\
             content-type: application/json\r\ncontent-length: 7\r\nconnection: close\r\n\r\n{\"a\":1}",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 409 Conflict\r\n"), "{answer}");
        assert!(answer.ends_with("{\"code\":\"taken\"}"), "{answer}");
        let answer = send(
            &server,
            "GET /nothing HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        )
        .await;
        assert!(answer.starts_with("HTTP/1.1 404 Not Found\r\n"), "{answer}");
        assert_eq!(server.received().len(), 3);
        assert_eq!(server.received_json::<serde_json::Value>(&OP).len(), 2);
        let failures = server.take_failures();
        assert_eq!(
            failures,
            ["things: GET /nothing is no operation of the spec; no request to it can be answered"]
        );
        server.verify();
    }

    /// No documented error.
    enum NoError {}

    impl MockError for NoError {
        fn reply(&self) -> MockReply {
            match *self {}
        }
    }

    async fn send(server: &MockServer, request: &str) -> String {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(server.address())
            .await
            .expect("a connection");
        stream
            .write_all(request.as_bytes())
            .await
            .expect("the request is sent");
        let mut answer = Vec::new();
        stream
            .read_to_end(&mut answer)
            .await
            .expect("the answer is read");
        String::from_utf8_lossy(&answer).into_owned()
    }
}
