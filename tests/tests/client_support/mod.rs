//! Shared helpers of the client suites (`client_*.rs`): spec examples, one [`Operation`]
//! description per API, mock-server inspection and credential-leak checks.
//!
//! Each suite includes this module with `mod client_support;`, so not every suite uses every
//! helper.
#![allow(dead_code)]

use std::future::Future;
use std::time::Duration;

use generated::runtime::{
    Error, ErrorBody, RawBody, Response, RetryMode, RetryPolicy, UndocumentedBody,
};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// The credential every client is configured with. It contains only characters that need no
/// escaping in a header or cookie, so it must arrive byte for byte.
pub const SECRET: &str = "sk_test_Zq8vN3xP0wLr5TmY7bKd2Hs9";

/// A request id the mock servers send back.
pub const REQUEST_ID: &str = "req_7f3c9a1e";

/// How long a client waits in the timeout tests; the mock server answers much later.
pub const SHORT_TIMEOUT: Duration = Duration::from_millis(200);

/// The timeout of every other client: generous, since nothing should take that long.
pub const NORMAL_TIMEOUT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------
// Specs and their examples
// ---------------------------------------------------------------------------

/// A spec of `specs/`, parsed into JSON.
pub fn spec(file: &str) -> Value {
    let path = tests::specs_dir().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("cannot parse {file}: {e}"))
}

/// The value at a JSON pointer of a spec, such as an example's `value`.
pub fn spec_value(file: &str, pointer: &str) -> Value {
    spec(file)
        .pointer(pointer)
        .cloned()
        .unwrap_or_else(|| panic!("{file} has nothing at {pointer}"))
}

/// Decodes a JSON value into a generated type, naming the type on failure.
pub fn decode<T: serde::de::DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).unwrap_or_else(|e| {
        panic!(
            "the value does not decode into {}: {e}",
            std::any::type_name::<T>()
        )
    })
}

// ---------------------------------------------------------------------------
// Retry policies
// ---------------------------------------------------------------------------

/// A retry policy with tiny backoffs, so tests stay fast.
pub fn fast_policy(max_attempts: u32) -> RetryPolicy {
    RetryPolicy {
        max_attempts,
        initial_backoff: Duration::from_millis(5),
        max_backoff: Duration::from_millis(20),
        max_elapsed: Duration::from_secs(10),
    }
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// Where an operation's credential must arrive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// In the named header, as the bare value.
    Header(&'static str),
    /// As the named cookie.
    Cookie(&'static str),
    /// As `Authorization: Bearer <secret>`.
    Bearer,
}

impl Placement {
    /// The header that carries the credential and its exact expected value.
    pub fn expected_header(self) -> (String, String) {
        match self {
            Placement::Header(name) => (name.to_ascii_lowercase(), SECRET.to_owned()),
            Placement::Cookie(name) => ("cookie".to_owned(), format!("{name}={SECRET}")),
            Placement::Bearer => ("authorization".to_owned(), format!("Bearer {SECRET}")),
        }
    }
}

/// How a client is configured for one test.
#[derive(Debug, Clone, Copy)]
pub struct Setup {
    /// The retry mode; `None` keeps the builder's default.
    pub retry: Option<RetryMode>,
    /// The timeout of one attempt.
    pub timeout: Duration,
    /// Whether the credential is configured.
    pub credential: bool,
}

impl Setup {
    /// A client with credentials, a generous timeout and the given retry mode.
    pub fn retry(retry: RetryMode) -> Self {
        Setup {
            retry: Some(retry),
            timeout: NORMAL_TIMEOUT,
            credential: true,
        }
    }

    /// A client with credentials that sends every request once.
    pub fn once() -> Self {
        Setup::retry(RetryMode::Never)
    }

    /// A client with credentials and the builder's default retry mode.
    pub fn default_retry() -> Self {
        Setup {
            retry: None,
            ..Setup::once()
        }
    }
}

/// What the suites need to know about one generated operation, so that cross-cutting
/// behaviour can be checked for all five the same way.
pub trait Operation {
    /// The API module, used in assertion messages.
    const API: &'static str;
    /// The HTTP method.
    const METHOD: &'static str;
    /// The path, relative to the base URL.
    const PATH: &'static str;
    /// The documented success status used by the tests.
    const SUCCESS_STATUS: u16;
    /// A documented error status with a JSON body.
    const ERROR_STATUS: u16;
    /// Whether the spec marks the operation idempotent.
    const IDEMPOTENT: bool;
    /// Where the credential goes.
    const PLACEMENT: Placement;

    /// The generated client.
    type Client: std::fmt::Debug;
    /// The typed success body.
    type Success: std::fmt::Debug;
    /// The operation's error enum.
    type Kind: std::fmt::Debug + std::error::Error + 'static;

    /// Builds a client against `base_url`.
    fn client(base_url: &str, setup: Setup) -> Self::Client;

    /// Calls the operation with a valid request.
    fn call(
        client: &Self::Client,
    ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>>;

    /// A valid success body.
    fn success_body() -> Value;

    /// A valid body for [`Operation::ERROR_STATUS`].
    fn error_body() -> Value;

    /// The raw body, when `kind` is the `Undocumented` variant.
    fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody>;

    /// The server's message in [`Operation::error_body`], as `Display` shows it.
    const ERROR_MESSAGE: &'static str;

    /// Whether `kind` is the variant of [`Operation::ERROR_STATUS`], by its `is_*` test.
    fn is_error_status(kind: &Self::Kind) -> bool;

    /// The raw body, when `kind` is the variant of [`Operation::ERROR_STATUS`] holding a body
    /// that is not the documented shape.
    fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody>;
}

/// Starts a mock server that answers the operation's route with `response`.
pub async fn serve<O: Operation>(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method(O::METHOD))
        .and(path(O::PATH))
        .respond_with(response)
        .mount(&server)
        .await;
    server
}

/// Builds a client for `server` and calls the operation once.
pub async fn call_once<O: Operation>(
    server: &MockServer,
) -> Result<Response<O::Success>, Error<O::Kind>> {
    let client = O::client(&server.uri(), Setup::once());
    O::call(&client).await
}

/// The success response of the operation, with a request id header.
pub fn success_response<O: Operation>() -> ResponseTemplate {
    ResponseTemplate::new(O::SUCCESS_STATUS)
        .insert_header("x-request-id", REQUEST_ID)
        .set_body_json(O::success_body())
}

/// Unwraps a success, printing the error otherwise.
pub fn expect_success<T, E: std::fmt::Debug>(
    api: &str,
    result: Result<Response<T>, Error<E>>,
) -> Response<T> {
    match result {
        Ok(response) => response,
        Err(e) => panic!("{api}: expected success, got {e:?}"),
    }
}

/// Unwraps an error, printing the success otherwise.
pub fn expect_error<T: std::fmt::Debug, E>(
    api: &str,
    result: Result<Response<T>, Error<E>>,
) -> Error<E> {
    match result {
        Ok(response) => panic!(
            "{api}: expected an error, got a {} success with {:?}",
            response.status, response.body
        ),
        Err(e) => e,
    }
}

/// Unwraps the typed API error, printing any other error.
pub fn expect_api<E: std::fmt::Debug>(api: &str, error: Error<E>) -> E {
    match error {
        Error::Api(e) => e.kind,
        other => panic!("{api}: expected Error::Api, got {other:?}"),
    }
}

/// Answers the operation with `status` and a JSON `body` and returns the typed API error,
/// after checking the status and request id it carries.
pub async fn api_error_for<O: Operation>(status: u16, body: Value) -> O::Kind {
    let server = serve::<O>(
        ResponseTemplate::new(status)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_json(body),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    assert_eq!(error.status(), Some(status), "{}", O::API);
    assert_eq!(error.request_id(), Some(REQUEST_ID), "{}", O::API);
    expect_api(O::API, error)
}

/// Answers the operation with its success status and `body`, and returns the response and
/// the request the server received.
pub async fn success_for<O: Operation>(body: Value) -> (Response<O::Success>, Request) {
    let server = serve::<O>(
        ResponseTemplate::new(O::SUCCESS_STATUS)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_json(body),
    )
    .await;
    let response = expect_success(O::API, call_once::<O>(&server).await);
    (response, only_request(&server).await)
}

// ---------------------------------------------------------------------------
// Requests the server received
// ---------------------------------------------------------------------------

/// Every request the server received.
pub async fn received(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .expect("request recording is on for MockServer::start")
}

/// The single request the server received.
pub async fn only_request(server: &MockServer) -> Request {
    let mut requests = received(server).await;
    assert_eq!(requests.len(), 1, "expected exactly one request");
    requests.remove(0)
}

/// Asserts that `text` does not contain the secret.
pub fn assert_no_secret(what: &str, text: &str) {
    assert!(!text.contains(SECRET), "{what} contains the secret: {text}");
}

/// Asserts that the secret arrived in `header` with exactly `value`, and nowhere else: not in
/// the URL, not in any other header, not in the body.
pub fn assert_secret_only_in(request: &Request, header: &str, value: &str) {
    let sent: Vec<&str> = request
        .headers
        .get_all(header)
        .iter()
        .map(|v| v.to_str().expect("credential header is text"))
        .collect();
    assert_eq!(sent, [value], "the `{header}` header");
    assert_no_secret("the URL", request.url.as_str());
    for (name, v) in &request.headers {
        if name.as_str() != header {
            assert_no_secret(
                &format!("the `{name}` header"),
                &String::from_utf8_lossy(v.as_bytes()),
            );
        }
    }
    assert_no_secret("the body", &String::from_utf8_lossy(&request.body));
}

/// A base URL on which nothing listens: the port was just free and its listener is closed.
pub fn refused_base_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free local port");
    let port = listener.local_addr().expect("local address").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

// ---------------------------------------------------------------------------
// The five operations
// ---------------------------------------------------------------------------

/// `POST /kyb/case` of VOVE ID.
pub struct VoveCreateKybCase;

/// `POST /api/v1/cases` of Verifa.
pub struct VerifaCreateReviewCase;

/// `POST /api/v1/kyc-cases` of the KYC Cases API.
pub struct KycCreateCase;

/// `POST /kyc-requests` of Rebilly.
pub struct RebillyCreateKycRequest;

/// `POST /api/cases/` of the GenericCase API.
pub struct GenericCreateCase;

/// Builds a vendor's client from a [`Setup`]: base URL, timeout, optional retry mode and, when
/// asked, the vendor's credential through its builder method `$credential`.
macro_rules! build_client {
    ($api:ident, $base_url:expr, $setup:expr, $credential:ident) => {{
        let setup = $setup;
        let mut builder = $api::Client::builder()
            .base_url($base_url)
            .timeout(setup.timeout);
        if let Some(retry) = setup.retry {
            builder = builder.retry(retry);
        }
        if setup.credential {
            builder = builder.$credential(SECRET);
        }
        builder.build().expect("a valid client configuration")
    }};
}

pub mod vove {
    //! VOVE ID KYB fixtures.
    use super::*;
    use generated::vove_id_kyb as api;

    /// The spec file.
    pub const SPEC: &str = "vove-id-kyb.yaml";

    /// The documented request example, as the typed request.
    pub fn request() -> api::CreateKybCaseRequest {
        decode(spec_value(
            SPEC,
            "/paths/~1kyb~1case/post/requestBody/content/application~1json/examples/requestBody/value",
        ))
    }

    /// The example of a documented response status.
    pub fn response_example(status: u16, name: &str) -> Value {
        spec_value(
            SPEC,
            &format!(
                "/paths/~1kyb~1case/post/responses/{status}/content/application~1json/examples/{name}/value"
            ),
        )
    }

    impl Operation for VoveCreateKybCase {
        const API: &'static str = "vove_id_kyb";
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/kyb/case";
        const SUCCESS_STATUS: u16 = 200;
        const ERROR_STATUS: u16 = 401;
        const IDEMPOTENT: bool = false;
        const PLACEMENT: Placement = Placement::Header("x-api-key");
        type Client = api::Client;
        type Success = api::CreateKybCaseResponse;
        type Kind = api::errors::CreateKybCaseError;

        fn client(base_url: &str, setup: Setup) -> api::Client {
            build_client!(api, base_url, setup, api_key_auth)
        }

        fn call(
            client: &api::Client,
        ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>> {
            let body = request();
            async move { client.create_kyb_case(&body).await }
        }

        fn success_body() -> Value {
            response_example(200, "created")
        }

        fn error_body() -> Value {
            response_example(401, "invalidApiKey")
        }

        fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody> {
            match kind {
                api::errors::CreateKybCaseError::Undocumented(b) => Some(b),
                _ => None,
            }
        }

        const ERROR_MESSAGE: &'static str = "Invalid API key";

        fn is_error_status(kind: &Self::Kind) -> bool {
            kind.is_unauthorized()
        }

        fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody> {
            match kind {
                api::errors::CreateKybCaseError::Unauthorized(ErrorBody::Raw { body, .. }) => {
                    Some(body)
                }
                _ => None,
            }
        }
    }
}

pub mod verifa {
    //! Verifa fixtures.
    use super::*;
    use generated::verifa_cases as api;

    /// The spec file.
    pub const SPEC: &str = "verifa-cases.yaml";

    /// The documented request example, as the typed request.
    pub fn request() -> api::CreateReviewCaseRequest {
        decode(spec_value(
            SPEC,
            "/paths/~1api~1v1~1cases/post/requestBody/content/application~1json/examples/curl/value",
        ))
    }

    /// The example of a documented response status.
    pub fn response_example(status: u16, name: &str) -> Value {
        spec_value(
            SPEC,
            &format!(
                "/paths/~1api~1v1~1cases/post/responses/{status}/content/application~1json/examples/{name}/value"
            ),
        )
    }

    /// A `VerifaError` body for `status`.
    pub fn error(status: u16, code: &str) -> Value {
        json!({"error": code, "detail": format!("{code} happened"), "status_code": status})
    }

    impl Operation for VerifaCreateReviewCase {
        const API: &'static str = "verifa_cases";
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/api/v1/cases";
        const SUCCESS_STATUS: u16 = 201;
        const ERROR_STATUS: u16 = 401;
        const IDEMPOTENT: bool = true;
        const PLACEMENT: Placement = Placement::Header("X-API-Key");
        type Client = api::Client;
        type Success = api::ReviewCase;
        type Kind = api::errors::CreateReviewCaseError;

        fn client(base_url: &str, setup: Setup) -> api::Client {
            build_client!(api, base_url, setup, api_key_auth)
        }

        fn call(
            client: &api::Client,
        ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>> {
            let body = request();
            async move {
                client
                    .create_review_case(&api::params::CreateReviewCaseParams::default(), &body)
                    .await
            }
        }

        fn success_body() -> Value {
            response_example(201, "reviewCase")
        }

        fn error_body() -> Value {
            error(401, "unauthorized")
        }

        fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody> {
            match kind {
                api::errors::CreateReviewCaseError::Undocumented(b) => Some(b),
                _ => None,
            }
        }

        const ERROR_MESSAGE: &'static str = "unauthorized happened";

        fn is_error_status(kind: &Self::Kind) -> bool {
            kind.is_unauthorized()
        }

        fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody> {
            match kind {
                api::errors::CreateReviewCaseError::Unauthorized(ErrorBody::Raw {
                    body, ..
                }) => Some(body),
                _ => None,
            }
        }
    }
}

pub mod kyc {
    //! KYC Cases fixtures. The spec publishes no JSON payloads, so these are built from its
    //! schemas.
    use super::*;
    use generated::kyc_cases as api;

    /// A request built from the required fields.
    pub fn request() -> api::KycCaseCreateInput {
        // Twelve required fields: more than `new` takes, so a builder.
        api::KycCaseCreateInput::builder()
            .user_internal_id("user-42")
            .agency_name("Agency One")
            .regulated_provider_name("Provider Ltd")
            .programme_name("Everyday Account")
            .country_of_onboarding("FR")
            .relationship_type(api::KycRelationshipType::NewOnboarding)
            .user_type(api::KycUserType::Individual)
            .current_status(api::KycCaseStatus::Draft)
            .case_priority(api::KycCasePriority::Normal)
            .assigned_team("onboarding-team")
            .legal_first_name("Ada")
            .legal_last_name("Lovelace")
            .build()
            .expect("every required field is set")
    }

    /// The wire form of [`request`].
    pub fn request_json() -> Value {
        json!({
            "user_internal_id": "user-42",
            "agency_name": "Agency One",
            "regulated_provider_name": "Provider Ltd",
            "programme_name": "Everyday Account",
            "country_of_onboarding": "FR",
            "relationship_type": "NEW_ONBOARDING",
            "user_type": "INDIVIDUAL",
            "current_status": "DRAFT",
            "case_priority": "NORMAL",
            "assigned_team": "onboarding-team",
            "legal_first_name": "Ada",
            "legal_last_name": "Lovelace"
        })
    }

    /// A stored case as the server returns it: the request plus server-owned fields.
    pub fn record() -> Value {
        let mut record = request_json();
        let fields = json!({
            "id": "case_01HZX",
            "kyc_case_id": "KYC-2026-0001",
            "row_version": 1,
            "created_by": "user:analyst@example.com",
            "created_at": "2026-01-15T09:30:00Z",
            "updated_at": "2026-01-15T09:30:00Z",
            "assigned_analyst_name": null
        });
        for (k, v) in fields.as_object().expect("an object") {
            record[k] = v.clone();
        }
        record
    }

    /// A `KycApiErrorEnvelope` body.
    pub fn error(status: u16, code: &str) -> Value {
        json!({"error": {
            "code": code,
            "message": format!("{code} happened"),
            "http_status": status,
            "request_id": "req_body_1",
            "retryable": status == 503,
            "details": {"field": "kyc_case_id"}
        }})
    }

    impl Operation for KycCreateCase {
        const API: &'static str = "kyc_cases";
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/api/v1/kyc-cases";
        const SUCCESS_STATUS: u16 = 201;
        const ERROR_STATUS: u16 = 401;
        const IDEMPOTENT: bool = false;
        const PLACEMENT: Placement = Placement::Bearer;
        type Client = api::Client;
        type Success = api::CreateKycCaseResponse;
        type Kind = api::errors::CreateKycCaseError;

        fn client(base_url: &str, setup: Setup) -> api::Client {
            build_client!(api, base_url, setup, bearer_auth)
        }

        fn call(
            client: &api::Client,
        ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>> {
            let body = request();
            async move { client.create_kyc_case(&body).await }
        }

        fn success_body() -> Value {
            json!({"principal": "user:analyst@example.com", "case": record()})
        }

        fn error_body() -> Value {
            error(401, "UNAUTHENTICATED")
        }

        fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody> {
            match kind {
                api::errors::CreateKycCaseError::Undocumented(b) => Some(b),
                _ => None,
            }
        }

        const ERROR_MESSAGE: &'static str = "UNAUTHENTICATED happened";

        fn is_error_status(kind: &Self::Kind) -> bool {
            kind.is_unauthorized()
        }

        fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody> {
            match kind {
                api::errors::CreateKycCaseError::Unauthorized(ErrorBody::Raw { body, .. }) => {
                    Some(body)
                }
                _ => None,
            }
        }
    }
}

pub mod rebilly {
    //! Rebilly fixtures.
    use super::*;
    use generated::rebilly_kyc_requests as api;

    /// The spec file.
    pub const SPEC: &str = "rebilly-kyc-requests.yaml";

    /// The first documented request example, in wire form.
    pub fn request_json() -> Value {
        spec_value(
            SPEC,
            "/paths/~1kyc-requests/post/requestBody/content/application~1json/examples/credit-file-identity-address/value",
        )
    }

    /// The first documented request example, as the typed request.
    pub fn request() -> api::KycRequestCreateInput {
        decode(request_json())
    }

    /// The created request as the server returns it: the request plus read-only fields.
    pub fn created() -> Value {
        let mut body = request_json();
        let fields = json!({
            "id": "kyc_req_0YV7JMJ3DBCGRBR7K9D4HVGPP5",
            "status": "gathering",
            "revision": 0,
            "matchLevel": 2,
            "createdTime": "2026-01-15T09:30:00Z",
            "updatedTime": "2026-01-15T09:30:00Z",
            "_links": [
                {"href": "https://api.rebilly.com/kyc-requests/kyc_req_0YV7", "rel": "self"},
                {"href": "https://kyc.rebilly.com/gather/abc", "rel": "gatherer"}
            ]
        });
        for (k, v) in fields.as_object().expect("an object") {
            body[k] = v.clone();
        }
        body
    }

    /// A `ProblemDetails` body.
    pub fn problem(status: u16, title: &str) -> Value {
        json!({
            "status": status,
            "type": "https://www.rebilly.com/docs/errors",
            "title": title,
            "detail": format!("{title}: details"),
            "instance": "/kyc-requests"
        })
    }

    impl Operation for RebillyCreateKycRequest {
        const API: &'static str = "rebilly_kyc_requests";
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/kyc-requests";
        const SUCCESS_STATUS: u16 = 201;
        const ERROR_STATUS: u16 = 401;
        const IDEMPOTENT: bool = false;
        const PLACEMENT: Placement = Placement::Header("REB-APIKEY");
        type Client = api::Client;
        type Success = api::KycRequest;
        type Kind = api::errors::CreateKycRequestError;

        fn client(base_url: &str, setup: Setup) -> api::Client {
            build_client!(api, base_url, setup, secret_api_key)
        }

        fn call(
            client: &api::Client,
        ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>> {
            let body = request();
            async move { client.create_kyc_request(&body).await }
        }

        fn success_body() -> Value {
            created()
        }

        fn error_body() -> Value {
            problem(401, "Unauthorized")
        }

        fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody> {
            match kind {
                api::errors::CreateKycRequestError::Undocumented(b) => Some(b),
                _ => None,
            }
        }

        const ERROR_MESSAGE: &'static str = "Unauthorized: details";

        fn is_error_status(kind: &Self::Kind) -> bool {
            kind.is_unauthorized()
        }

        fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody> {
            match kind {
                api::errors::CreateKycRequestError::Unauthorized(ErrorBody::Raw {
                    body, ..
                }) => Some(body),
                _ => None,
            }
        }
    }
}

pub mod generic {
    //! GenericCase fixtures.
    use super::*;
    use generated::generic_cases as api;

    /// The spec file.
    pub const SPEC: &str = "generic-cases.yaml";

    /// The documented request example, in wire form.
    pub fn request_json() -> Value {
        spec_value(
            SPEC,
            "/paths/~1api~1cases~1/post/requestBody/content/application~1json/examples/example/value",
        )
    }

    /// The documented request example, as the typed request.
    pub fn request() -> api::GenericCaseCreate {
        decode(request_json())
    }

    /// A created case as the server returns it.
    pub fn case() -> Value {
        json!({
            "id": 987,
            "customer": {
                "id": 123,
                "full_name": "Ada Lovelace",
                "external_id": "cust-ext-1",
                "customer_type": "INDIVIDUAL"
            },
            "notes": null,
            "risk_score": null,
            "outcome": "PENDING",
            "status": "PENDING",
            "created_at": "2026-01-15T09:30:00Z",
            "updated_at": "2026-01-15T09:30:01Z",
            "checks": [
                {"id": 5, "check_type": "PEP", "status": "PENDING", "input_details": {"dob": "1815-12-10"}}
            ],
            "webhook_url": "https://example.com/webhook/case-complete",
            "delete_after": 30,
            "rfi": null
        })
    }

    impl Operation for GenericCreateCase {
        const API: &'static str = "generic_cases";
        const METHOD: &'static str = "POST";
        const PATH: &'static str = "/api/cases/";
        const SUCCESS_STATUS: u16 = 201;
        const ERROR_STATUS: u16 = 401;
        const IDEMPOTENT: bool = false;
        const PLACEMENT: Placement = Placement::Cookie("sessionid");
        type Client = api::Client;
        type Success = api::GenericCase;
        type Kind = api::errors::CreateCaseError;

        fn client(base_url: &str, setup: Setup) -> api::Client {
            build_client!(api, base_url, setup, cookie_auth)
        }

        fn call(
            client: &api::Client,
        ) -> impl Future<Output = Result<Response<Self::Success>, Error<Self::Kind>>> {
            let body = request();
            async move { client.create_case(&body).await }
        }

        fn success_body() -> Value {
            case()
        }

        fn error_body() -> Value {
            json!({"detail": "Authentication credentials were not provided."})
        }

        fn undocumented(kind: &Self::Kind) -> Option<&UndocumentedBody> {
            match kind {
                api::errors::CreateCaseError::Undocumented(b) => Some(b),
                _ => None,
            }
        }

        const ERROR_MESSAGE: &'static str = "Authentication credentials were not provided.";

        fn is_error_status(kind: &Self::Kind) -> bool {
            kind.is_unauthorized()
        }

        fn error_status_raw(kind: &Self::Kind) -> Option<&RawBody> {
            match kind {
                api::errors::CreateCaseError::Unauthorized(ErrorBody::Raw { body, .. }) => {
                    Some(body)
                }
                _ => None,
            }
        }
    }
}

/// Expands to one module per check, with one `#[tokio::test]` per operation that runs
/// `check::<Operation>()`.
#[macro_export]
macro_rules! for_each_operation {
    ($($check:ident),* $(,)?) => {$(
        mod $check {
            use super::client_support::*;

            #[tokio::test]
            async fn vove_id_kyb() {
                super::$check::<VoveCreateKybCase>().await;
            }

            #[tokio::test]
            async fn verifa_cases() {
                super::$check::<VerifaCreateReviewCase>().await;
            }

            #[tokio::test]
            async fn kyc_cases() {
                super::$check::<KycCreateCase>().await;
            }

            #[tokio::test]
            async fn rebilly_kyc_requests() {
                super::$check::<RebillyCreateKycRequest>().await;
            }

            #[tokio::test]
            async fn generic_cases() {
                super::$check::<GenericCreateCase>().await;
            }
        }
    )*};
}
