//! Behaviour every generated operation shares, checked for each of the five against a real
//! HTTP server on 127.0.0.1: undocumented statuses, undecodable bodies, timeouts, refused
//! connections, retries and where credentials go.

mod client_support;

use std::time::{Duration, Instant};

use client_support::*;
use generated::runtime::{DecodeErrorKind, Error, RetryMode, SNIPPET_BYTES};
use serde_json::json;
use wiremock::ResponseTemplate;

const HTML: &str = "<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head>\
                    <body><h1>Internal Server Error</h1><p>nginx</p></body></html>";

/// Unwraps a decode error and checks the metadata every decode error carries.
fn expect_decode<O: Operation>(
    error: Error<O::Kind>,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Box<generated::runtime::DecodeError> {
    let Error::Decode(decode) = error else {
        panic!("{}: expected Error::Decode, got {error:?}", O::API);
    };
    assert_eq!(decode.status, status, "{}: status", O::API);
    assert_eq!(decode.meta.status, status, "{}: meta status", O::API);
    assert_eq!(
        decode.content_type.as_deref(),
        content_type,
        "{}: content type",
        O::API
    );
    assert!(
        decode.snippet.len() <= SNIPPET_BYTES,
        "{}: the snippet has {} bytes",
        O::API,
        decode.snippet.len()
    );
    assert!(
        body.starts_with(&decode.snippet),
        "{}: the snippet {:?} is not the start of the body",
        O::API,
        decode.snippet
    );
    if body.len() <= SNIPPET_BYTES {
        assert_eq!(decode.snippet, body, "{}: snippet", O::API);
    } else {
        // Cut at a character boundary at most three bytes before the limit.
        assert!(
            decode.snippet.len() > SNIPPET_BYTES - 4,
            "{}: the snippet has only {} bytes",
            O::API,
            decode.snippet.len()
        );
    }
    decode
}

for_each_operation!(
    undocumented_status_keeps_status_and_raw_body,
    html_500_is_an_undocumented_error_with_the_page,
    html_on_a_documented_error_status_keeps_its_variant_and_the_raw_body,
    the_display_of_a_documented_error_shows_the_vendor_message,
    a_long_message_with_control_characters_is_cleaned_and_bounded,
    malformed_json_is_a_decode_error_with_a_bounded_snippet,
    json_looking_text_plain_is_a_content_type_error,
    empty_success_body_is_an_empty_body_error,
    json_of_the_wrong_shape_is_an_unexpected_shape_error,
    slow_server_gives_a_timeout,
    refused_connection_gives_a_transport_error,
    retry_after_is_honoured_then_surfaced,
    default_retry_mode_retries_only_idempotent_operations,
    unavailable_is_retried_with_backoff_under_always,
    documented_client_errors_are_not_retried,
    credential_is_sent_only_where_the_spec_puts_it,
    missing_credentials_send_nothing,
    success_exposes_status_and_headers,
);

async fn undocumented_status_keeps_status_and_raw_body<O: Operation>() {
    let body = r#"{"teapot": true, "message": "short and stout"}"#;
    let server =
        serve::<O>(ResponseTemplate::new(418).set_body_raw(body, "application/json")).await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    assert_eq!(error.status(), Some(418), "{}", O::API);
    assert!(error.to_string().contains("418"), "{}: {error}", O::API);
    let kind = expect_api(O::API, error);
    let raw = O::undocumented(&kind)
        .unwrap_or_else(|| panic!("{}: expected Undocumented, got {kind:?}", O::API));
    assert_eq!(raw.status, 418, "{}", O::API);
    assert_eq!(
        raw.content_type.as_deref(),
        Some("application/json"),
        "{}",
        O::API
    );
    assert_eq!(raw.body, body, "{}", O::API);
}

async fn html_500_is_an_undocumented_error_with_the_page<O: Operation>() {
    let server = serve::<O>(
        ResponseTemplate::new(500)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_raw(HTML, "text/html; charset=utf-8"),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let text = error.to_string();
    assert!(
        text.contains("500 Internal Server Error") && text.contains(REQUEST_ID),
        "{}: {text}",
        O::API
    );
    assert_eq!(error.request_id(), Some(REQUEST_ID), "{}", O::API);
    let kind = expect_api(O::API, error);
    let raw = O::undocumented(&kind)
        .unwrap_or_else(|| panic!("{}: expected Undocumented, got {kind:?}", O::API));
    assert_eq!(raw.status, 500, "{}", O::API);
    assert_eq!(
        raw.content_type.as_deref(),
        Some("text/html; charset=utf-8"),
        "{}",
        O::API
    );
    assert_eq!(raw.body, HTML, "{}", O::API);
}

async fn html_on_a_documented_error_status_keeps_its_variant_and_the_raw_body<O: Operation>() {
    use std::error::Error as _;
    let server =
        serve::<O>(ResponseTemplate::new(O::ERROR_STATUS).set_body_raw(HTML, "text/html")).await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let text = error.to_string();
    assert!(
        text.contains(" server answered 401 Unauthorized") && !text.contains("DOCTYPE"),
        "{}: an HTML page is no message: {text}",
        O::API
    );
    assert_eq!(error.message(), None, "{}", O::API);
    assert_eq!(
        error.raw_body().map(|b| b.body.as_str()),
        Some(HTML),
        "{}",
        O::API
    );
    // The chain: the call's error, the operation's error, the decode problem.
    let kind_text = error.source().map(ToString::to_string).unwrap_or_default();
    assert!(
        kind_text.starts_with("Unauthorized (the body is not the documented shape: ")
            && kind_text.contains("text/html"),
        "{}: {kind_text}",
        O::API
    );
    let decode = error
        .source()
        .and_then(|kind| kind.source())
        .and_then(|e| e.downcast_ref::<generated::runtime::DecodeError>())
        .unwrap_or_else(|| panic!("{}: the decode problem is the source", O::API));
    assert_eq!(decode.kind, DecodeErrorKind::ContentType, "{}", O::API);
    let kind = expect_api(O::API, error);
    assert!(O::is_error_status(&kind), "{}: {kind:?}", O::API);
    let raw = O::error_status_raw(&kind)
        .unwrap_or_else(|| panic!("{}: expected the raw body, got {kind:?}", O::API));
    assert_eq!(raw.status, O::ERROR_STATUS, "{}", O::API);
    assert_eq!(raw.content_type.as_deref(), Some("text/html"), "{}", O::API);
    assert_eq!(raw.body, HTML, "{}", O::API);
}

async fn the_display_of_a_documented_error_shows_the_vendor_message<O: Operation>() {
    let server = serve::<O>(
        ResponseTemplate::new(O::ERROR_STATUS)
            .insert_header("x-request-id", REQUEST_ID)
            .set_body_json(O::error_body()),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    assert_eq!(error.message(), Some(O::ERROR_MESSAGE), "{}", O::API);
    let text = error.to_string();
    assert!(
        text.ends_with(&format!(
            " server answered 401 Unauthorized: {} (request id {REQUEST_ID})",
            O::ERROR_MESSAGE
        )),
        "{}: {text}",
        O::API
    );
    let kind = expect_api(O::API, error);
    assert!(O::is_error_status(&kind), "{}: {kind:?}", O::API);
    assert!(O::error_status_raw(&kind).is_none(), "{}: typed", O::API);
    assert_eq!(
        kind.to_string(),
        format!("Unauthorized: {}", O::ERROR_MESSAGE),
        "{}",
        O::API
    );
    assert!(std::error::Error::source(&kind).is_none(), "{}", O::API);
}

async fn a_long_message_with_control_characters_is_cleaned_and_bounded<O: Operation>() {
    let long = format!("first\u{1b}[2Jline\nsecond {}", "ü".repeat(400));
    let server = serve::<O>(
        ResponseTemplate::new(599).set_body_json(json!({"message": long, "request_id": "r-2"})),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let message = error.message().unwrap_or_default().to_owned();
    assert!(
        message.starts_with("first [2Jline second üü"),
        "{}: {message}",
        O::API
    );
    assert_eq!(
        message.chars().count(),
        generated::runtime::MESSAGE_CHARS + 1,
        "{}",
        O::API
    );
    assert!(message.ends_with('…'), "{}", O::API);
    assert!(
        error.to_string().contains(&message) && !error.to_string().contains('\u{1b}'),
        "{}",
        O::API
    );
    let kind = expect_api(O::API, error);
    assert!(O::undocumented(&kind).is_some(), "{}", O::API);
}

async fn malformed_json_is_a_decode_error_with_a_bounded_snippet<O: Operation>() {
    // Far longer than the snippet and cut off in the middle of a string. After the 7-byte
    // prefix, a two-byte character straddles the snippet limit.
    let body = format!(r#"{{"id":"{}"#, "é".repeat(2_000));
    let server = serve::<O>(
        ResponseTemplate::new(O::SUCCESS_STATUS).set_body_raw(body.clone(), "application/json"),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    assert_eq!(error.status(), Some(O::SUCCESS_STATUS), "{}", O::API);
    let text = error.to_string();
    assert!(
        text.len() < 400,
        "{}: the message is not bounded: {text}",
        O::API
    );
    let decode = expect_decode::<O>(error, O::SUCCESS_STATUS, Some("application/json"), &body);
    assert_eq!(decode.kind, DecodeErrorKind::MalformedJson, "{}", O::API);
}

async fn json_looking_text_plain_is_a_content_type_error<O: Operation>() {
    let body = O::success_body().to_string();
    let server = serve::<O>(
        ResponseTemplate::new(O::SUCCESS_STATUS).set_body_raw(body.clone(), "text/plain"),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let decode = expect_decode::<O>(error, O::SUCCESS_STATUS, Some("text/plain"), &body);
    assert_eq!(decode.kind, DecodeErrorKind::ContentType, "{}", O::API);
    assert!(
        decode.message.contains("text/plain"),
        "{}: {}",
        O::API,
        decode.message
    );
}

async fn empty_success_body_is_an_empty_body_error<O: Operation>() {
    let server = serve::<O>(
        ResponseTemplate::new(O::SUCCESS_STATUS).insert_header("content-type", "application/json"),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let decode = expect_decode::<O>(error, O::SUCCESS_STATUS, Some("application/json"), "");
    assert_eq!(decode.kind, DecodeErrorKind::EmptyBody, "{}", O::API);
}

async fn json_of_the_wrong_shape_is_an_unexpected_shape_error<O: Operation>() {
    let body = json!({"unexpected": ["shape"]}).to_string();
    let server = serve::<O>(
        ResponseTemplate::new(O::SUCCESS_STATUS).set_body_raw(body.clone(), "application/json"),
    )
    .await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let decode = expect_decode::<O>(error, O::SUCCESS_STATUS, Some("application/json"), &body);
    assert_eq!(decode.kind, DecodeErrorKind::UnexpectedShape, "{}", O::API);
}

async fn slow_server_gives_a_timeout<O: Operation>() {
    let server = serve::<O>(success_response::<O>().set_delay(Duration::from_secs(3))).await;
    let client = O::client(
        &server.uri(),
        Setup {
            timeout: SHORT_TIMEOUT,
            ..Setup::once()
        },
    );
    let started = Instant::now();
    let error = expect_error(O::API, O::call(&client).await);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{}: the timeout did not apply",
        O::API
    );
    assert!(
        error.is_timeout(),
        "{}: expected a timeout, got {error:?}",
        O::API
    );
    let Error::Timeout { operation, after } = &error else {
        unreachable!("is_timeout holds");
    };
    assert!(!operation.is_empty(), "{}", O::API);
    assert_eq!(*after, Some(SHORT_TIMEOUT), "{}", O::API);
    assert_eq!(error.status(), None, "{}", O::API);
    assert_no_secret("the error's Debug", &format!("{error:?}"));
    assert_no_secret("the error's Display", &error.to_string());
}

async fn refused_connection_gives_a_transport_error<O: Operation>() {
    let client = O::client(&refused_base_url(), Setup::once());
    let error = expect_error(O::API, O::call(&client).await);
    let Error::Transport { source, .. } = &error else {
        panic!("{}: expected Error::Transport, got {error:?}", O::API);
    };
    assert!(source.is_connect(), "{}: {source:?}", O::API);
    assert!(!error.is_timeout(), "{}", O::API);
    assert!(
        error.to_string().contains("connection failed"),
        "{}: {error}",
        O::API
    );
    assert_no_secret("the error's Debug", &format!("{error:?}"));
    assert_no_secret("the error's Display", &error.to_string());
}

async fn retry_after_is_honoured_then_surfaced<O: Operation>() {
    let server = serve::<O>(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "1")
            .set_body_json(O::error_body()),
    )
    .await;
    let client = O::client(
        &server.uri(),
        Setup::retry(RetryMode::Always(fast_policy(2))),
    );
    let started = Instant::now();
    let error = expect_error(O::API, O::call(&client).await);
    let elapsed = started.elapsed();
    assert_eq!(received(&server).await.len(), 2, "{}: attempts", O::API);
    // The wait is the hint, not the (much shorter) backoff of the policy.
    assert!(
        elapsed >= Duration::from_secs(1) && elapsed < Duration::from_millis(1_900),
        "{}: waited {elapsed:?}",
        O::API
    );
    assert_eq!(error.status(), Some(429), "{}", O::API);
    assert_eq!(
        error.retry_after(),
        Some(Duration::from_secs(1)),
        "{}",
        O::API
    );
}

async fn default_retry_mode_retries_only_idempotent_operations<O: Operation>() {
    let server = serve::<O>(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "0")
            .set_body_json(O::error_body()),
    )
    .await;
    let client = O::client(&server.uri(), Setup::default_retry());
    let error = expect_error(O::API, O::call(&client).await);
    assert_eq!(error.status(), Some(429), "{}", O::API);
    let expected = if O::IDEMPOTENT { 3 } else { 1 };
    assert_eq!(
        received(&server).await.len(),
        expected,
        "{}: attempts under the default retry mode",
        O::API
    );
}

async fn unavailable_is_retried_with_backoff_under_always<O: Operation>() {
    let server = serve::<O>(ResponseTemplate::new(503).set_body_raw("down", "text/plain")).await;
    let client = O::client(
        &server.uri(),
        Setup::retry(RetryMode::Always(fast_policy(3))),
    );
    let started = Instant::now();
    let error = expect_error(O::API, O::call(&client).await);
    assert!(started.elapsed() < Duration::from_secs(1), "{}", O::API);
    assert_eq!(received(&server).await.len(), 3, "{}: attempts", O::API);
    assert_eq!(error.status(), Some(503), "{}", O::API);
    assert_eq!(error.retry_after(), None, "{}", O::API);
}

async fn documented_client_errors_are_not_retried<O: Operation>() {
    let server =
        serve::<O>(ResponseTemplate::new(O::ERROR_STATUS).set_body_json(O::error_body())).await;
    let client = O::client(
        &server.uri(),
        Setup::retry(RetryMode::Always(fast_policy(3))),
    );
    let error = expect_error(O::API, O::call(&client).await);
    assert_eq!(error.status(), Some(O::ERROR_STATUS), "{}", O::API);
    assert!(matches!(error, Error::Api(_)), "{}: {error:?}", O::API);
    assert_eq!(received(&server).await.len(), 1, "{}: attempts", O::API);
}

async fn credential_is_sent_only_where_the_spec_puts_it<O: Operation>() {
    let server = serve::<O>(success_response::<O>()).await;
    let client = O::client(&server.uri(), Setup::once());
    assert_no_secret("the client's Debug", &format!("{client:?}"));
    let response = expect_success(O::API, O::call(&client).await);
    assert_no_secret("the response's Debug", &format!("{response:?}"));
    let request = only_request(&server).await;
    let (header, value) = O::PLACEMENT.expected_header();
    assert_secret_only_in(&request, &header, &value);

    // An error from the same client does not print the secret either.
    let failing =
        serve::<O>(ResponseTemplate::new(O::ERROR_STATUS).set_body_json(O::error_body())).await;
    let client = O::client(&failing.uri(), Setup::once());
    let error = expect_error(O::API, O::call(&client).await);
    assert_no_secret("the error's Debug", &format!("{error:?}"));
    assert_no_secret("the error's Display", &error.to_string());
}

async fn missing_credentials_send_nothing<O: Operation>() {
    let server = serve::<O>(success_response::<O>()).await;
    let client = O::client(
        &server.uri(),
        Setup {
            credential: false,
            ..Setup::once()
        },
    );
    let error = expect_error(O::API, O::call(&client).await);
    let Error::MissingCredentials { schemes, .. } = &error else {
        panic!("{}: expected MissingCredentials, got {error:?}", O::API);
    };
    assert!(!schemes.is_empty(), "{}", O::API);
    assert!(
        received(&server).await.is_empty(),
        "{}: a request was sent",
        O::API
    );
}

async fn success_exposes_status_and_headers<O: Operation>() {
    let server = serve::<O>(
        success_response::<O>()
            .insert_header("location", "https://api.example.com/things/1")
            .insert_header("x-ratelimit-limit", "3600")
            .insert_header("x-ratelimit-remaining", "3599"),
    )
    .await;
    let response = expect_success(O::API, call_once::<O>(&server).await);
    assert_eq!(response.status, O::SUCCESS_STATUS, "{}", O::API);
    assert_eq!(response.request_id(), Some(REQUEST_ID), "{}", O::API);
    assert_eq!(
        response.location(),
        Some("https://api.example.com/things/1"),
        "{}",
        O::API
    );
    let limits = response.rate_limit();
    assert_eq!(
        (limits.limit, limits.remaining),
        (Some(3600), Some(3599)),
        "{}",
        O::API
    );
    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), O::METHOD, "{}", O::API);
    assert_eq!(request.url.path(), O::PATH, "{}", O::API);
    assert_eq!(
        request
            .headers
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("application/json"),
        "{}",
        O::API
    );
}

/// Every request body and parameter struct is built from its constructor (or builder), with
/// exactly the required fields; the wire form shows nothing else is sent.
#[test]
fn every_request_is_built_from_its_constructor() {
    use generated::runtime::Validate;
    use generated::{generic_cases, kyc_cases, rebilly_kyc_requests, verifa_cases, vove_id_kyb};

    let vove = vove_id_kyb::CreateKybCaseRequest::new("biz-1");
    let verifa = verifa_cases::CreateReviewCaseRequest::new("ses_1");
    let verifa_params = verifa_cases::params::CreateReviewCaseParams::default();
    // Twelve required fields: more than `new` takes, so a builder.
    let kyc = kyc_cases::KycCaseCreateInput::builder()
        .user_internal_id("user-1")
        .agency_name("Agency")
        .regulated_provider_name("Provider")
        .programme_name("Programme")
        .country_of_onboarding("FR")
        .relationship_type(kyc_cases::KycRelationshipType::KycRefresh)
        .user_type(kyc_cases::KycUserType::SoleTrader)
        .current_status(kyc_cases::KycCaseStatus::PendingReview)
        .case_priority(kyc_cases::KycCasePriority::Urgent)
        .assigned_team("team")
        .legal_first_name("Ada")
        .legal_last_name("Lovelace")
        .build()
        .expect("every required field is set");
    let rebilly = rebilly_kyc_requests::KycRequestCreateInput::new(
        "cust-1",
        vec![rebilly_kyc_requests::KycRequestDocument::new(
            rebilly_kyc_requests::KycDocumentType::AddressProof,
        )],
    );
    // The only operation whose body has no required field.
    let generic = generic_cases::GenericCaseCreate::default();

    assert_eq!(
        serde_json::to_value(&vove).ok(),
        Some(json!({"refId": "biz-1"}))
    );
    assert_eq!(
        serde_json::to_value(&verifa).ok(),
        Some(json!({"session_id": "ses_1"}))
    );
    assert_eq!(verifa_params.verifa_version, None);
    // Parameter structs have the same chainable setters as bodies.
    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date");
    assert_eq!(
        verifa_params.clone().verifa_version(date).verifa_version,
        Some(date)
    );
    assert_eq!(
        serde_json::to_value(&kyc).ok(),
        Some(json!({
            "user_internal_id": "user-1",
            "agency_name": "Agency",
            "regulated_provider_name": "Provider",
            "programme_name": "Programme",
            "country_of_onboarding": "FR",
            "relationship_type": "KYC_REFRESH",
            "user_type": "SOLE_TRADER",
            "current_status": "PENDING_REVIEW",
            "case_priority": "URGENT",
            "assigned_team": "team",
            "legal_first_name": "Ada",
            "legal_last_name": "Lovelace"
        }))
    );
    assert_eq!(
        serde_json::to_value(&rebilly).ok(),
        Some(json!({
            "customerId": "cust-1",
            "documents": [{"type": "address-proof"}]
        }))
    );
    assert_eq!(serde_json::to_value(&generic).ok(), Some(json!({})));

    // Every one of them that checks anything is valid as built (the VOVE and KYC bodies
    // have no constraints, so they do not implement `Validate`).
    assert_eq!(verifa.validate(), Ok(()));
    assert_eq!(rebilly.validate(), Ok(()));
    assert_eq!(generic.validate(), Ok(()));
}

// ---------------------------------------------------------------------------
// A custom HTTP client, per-call options and tracing (one API stands for all: the
// behaviour is the runtime's, and the KYC operation is not idempotent by itself)
// ---------------------------------------------------------------------------

mod custom_client_and_options {
    use super::*;
    use generated::kyc_cases as api;
    use generated::runtime::export::reqwest;
    use generated::runtime::CallOptions;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer};

    type Op = KycCreateCase;

    /// A reqwest client with its own 500 ms timeout, user agent and default header.
    fn own_client() -> reqwest::Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-tenant", reqwest::header::HeaderValue::from_static("t-1"));
        reqwest::Client::builder()
            .timeout(Duration::from_millis(500))
            .user_agent("acme-app/1.0")
            .default_headers(headers)
            .build()
            .expect("a reqwest client")
    }

    fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
        request.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[tokio::test]
    async fn a_custom_http_client_keeps_its_timeout_user_agent_and_default_headers() {
        let slow = serve::<Op>(success_response::<Op>().set_delay(Duration::from_secs(3))).await;
        let client = api::Client::builder()
            .base_url(slow.uri())
            .http_client(own_client())
            .retry(RetryMode::Never)
            .bearer_auth(SECRET)
            .build()
            .expect("builds");
        let started = Instant::now();
        let error = expect_error(Op::API, Op::call(&client).await);
        assert!(error.is_timeout(), "{error:?}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the client's own 500 ms timeout applies, took {:?}",
            started.elapsed()
        );

        let server = serve::<Op>(success_response::<Op>()).await;
        let client = api::Client::builder()
            .base_url(server.uri())
            .http_client(own_client())
            .bearer_auth(SECRET)
            .build()
            .expect("builds");
        expect_success(Op::API, Op::call(&client).await);
        let sent = only_request(&server).await;
        assert_eq!(header(&sent, "user-agent"), Some("acme-app/1.0"));
        assert_eq!(header(&sent, "x-tenant"), Some("t-1"));
        assert_eq!(
            header(&sent, "authorization"),
            Some(format!("Bearer {SECRET}").as_str())
        );
    }

    #[tokio::test]
    async fn settings_made_on_the_builder_win_over_the_custom_clients() {
        let server =
            serve::<Op>(success_response::<Op>().set_delay(Duration::from_millis(1200))).await;
        let client = api::Client::builder()
            .base_url(server.uri())
            .timeout(NORMAL_TIMEOUT)
            .http_client(own_client())
            .user_agent("ours/2")
            .bearer_auth(SECRET)
            .build()
            .expect("builds");
        expect_success(Op::API, Op::call(&client).await);
        let sent = only_request(&server).await;
        assert_eq!(header(&sent, "user-agent"), Some("ours/2"));
        assert_eq!(
            header(&sent, "x-tenant"),
            Some("t-1"),
            "default headers stay"
        );
    }

    #[tokio::test]
    async fn without_a_custom_client_the_crate_names_itself() {
        let (_, sent) = success_for::<Op>(Op::success_body()).await;
        assert_eq!(
            header(&sent, "user-agent"),
            Some(generated::runtime::DEFAULT_USER_AGENT)
        );
        assert!(generated::runtime::DEFAULT_USER_AGENT.starts_with("generated/"));
    }

    #[tokio::test]
    async fn a_scoped_client_sends_its_headers_cookies_and_timeout_with_every_call() {
        let server = serve::<Op>(success_response::<Op>()).await;
        let client = Op::client(&server.uri(), Setup::once());
        let scoped = client.with_options(
            CallOptions::new()
                .header("x-correlation-id", "corr-1")
                .cookie("region", "eu west"),
        );
        expect_success(Op::API, Op::call(&scoped).await);
        expect_success(Op::API, Op::call(&client).await);
        let sent = received(&server).await;
        assert_eq!(sent.len(), 2);
        assert_eq!(header(&sent[0], "x-correlation-id"), Some("corr-1"));
        assert_eq!(header(&sent[0], "cookie"), Some("region=eu%20west"));
        assert_eq!(
            header(&sent[0], "authorization"),
            Some(format!("Bearer {SECRET}").as_str()),
            "the credential still goes"
        );
        assert_eq!(header(&sent[1], "x-correlation-id"), None, "unscoped");
        assert_eq!(header(&sent[1], "cookie"), None, "unscoped");

        let slow = serve::<Op>(success_response::<Op>().set_delay(Duration::from_secs(2))).await;
        let client = Op::client(&slow.uri(), Setup::once());
        let started = Instant::now();
        let error = expect_error(
            Op::API,
            Op::call(&client.with_options(CallOptions::new().timeout(SHORT_TIMEOUT))).await,
        );
        match error {
            Error::Timeout { after, .. } => assert_eq!(after, Some(SHORT_TIMEOUT)),
            other => panic!("expected a timeout, got {other:?}"),
        }
        assert!(started.elapsed() < Duration::from_secs(1));

        let bad = client.with_options(CallOptions::new().header("x-line", "a\nb"));
        let error = expect_error(Op::API, Op::call(&bad).await);
        assert!(
            matches!(&error, Error::InvalidRequest { operation: "createKycCase", message } if message.contains("x-line")),
            "{error:?}"
        );
    }

    #[tokio::test]
    async fn an_idempotency_key_is_sent_and_makes_a_create_retryable() {
        let server = MockServer::start().await;
        Mock::given(method(Op::METHOD))
            .and(path(Op::PATH))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method(Op::METHOD))
            .and(path(Op::PATH))
            .respond_with(success_response::<Op>())
            .mount(&server)
            .await;
        let client = Op::client(
            &server.uri(),
            Setup::retry(RetryMode::IdempotentOnly(fast_policy(3))),
        );
        let scoped = client.with_options(CallOptions::new().idempotency_key("create-42"));
        expect_success(Op::API, Op::call(&scoped).await);
        let sent = received(&server).await;
        assert_eq!(sent.len(), 2, "the 503 was retried under the key");
        for request in &sent {
            assert_eq!(header(request, "idempotency-key"), Some("create-42"));
        }

        // Without a key, a create is not retried.
        let server = serve::<Op>(ResponseTemplate::new(503)).await;
        let client = Op::client(
            &server.uri(),
            Setup::retry(RetryMode::IdempotentOnly(fast_policy(3))),
        );
        let _ = Op::call(&client).await;
        let sent = received(&server).await;
        assert_eq!(sent.len(), 1);
        assert_eq!(header(&sent[0], "idempotency-key"), None);
    }
}

mod tracing_spans {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::{Arc, Mutex};
    use tracing::field::{Field, Visit};
    use tracing::span::{Attributes, Id, Record};
    use tracing::{Event, Metadata, Subscriber};

    type Fields = Vec<(String, String)>;

    /// Records every span's name and fields.
    #[derive(Default, Clone)]
    struct Spans {
        next: Arc<AtomicU64>,
        spans: Arc<Mutex<Vec<(String, Fields)>>>,
    }

    struct Collect<'a>(&'a mut Fields);

    impl Visit for Collect<'_> {
        fn record_str(&mut self, field: &Field, value: &str) {
            self.0.push((field.name().to_owned(), value.to_owned()));
        }
        fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
            self.0.push((field.name().to_owned(), format!("{value:?}")));
        }
    }

    impl Subscriber for Spans {
        fn enabled(&self, _: &Metadata<'_>) -> bool {
            true
        }
        fn new_span(&self, attrs: &Attributes<'_>) -> Id {
            let mut fields = Vec::new();
            attrs.record(&mut Collect(&mut fields));
            let mut spans = self.spans.lock().expect("not poisoned");
            spans.push((attrs.metadata().name().to_owned(), fields));
            self.next.fetch_add(1, Ordering::SeqCst);
            Id::from_u64(spans.len() as u64)
        }
        fn record(&self, span: &Id, values: &Record<'_>) {
            let mut spans = self.spans.lock().expect("not poisoned");
            if let Some((_, fields)) = spans.get_mut(span.into_u64() as usize - 1) {
                values.record(&mut Collect(fields));
            }
        }
        fn record_follows_from(&self, _: &Id, _: &Id) {}
        fn event(&self, _: &Event<'_>) {}
        fn enter(&self, _: &Id) {}
        fn exit(&self, _: &Id) {}
    }

    #[tokio::test]
    async fn each_call_has_a_span_with_its_operation_status_and_request_id_but_no_secret() {
        let spans = Spans::default();
        let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::new(spans.clone()));
        let server = serve::<KycCreateCase>(success_response::<KycCreateCase>()).await;
        let client = KycCreateCase::client(&server.uri(), Setup::once());
        expect_success(KycCreateCase::API, KycCreateCase::call(&client).await);
        let recorded = spans.spans.lock().expect("not poisoned").clone();
        let calls: Vec<&Fields> = recorded
            .iter()
            .filter(|(name, _)| name == "api_call")
            .map(|(_, fields)| fields)
            .collect();
        assert_eq!(calls.len(), 1, "{recorded:?}");
        let field = |name: &str| {
            calls[0]
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(field("operation"), Some("createKycCase"));
        assert_eq!(field("method"), Some("POST"));
        assert_eq!(field("path"), Some("/api/v1/kyc-cases"));
        assert_eq!(field("attempt"), Some("1"));
        assert_eq!(field("status"), Some("201"));
        assert_eq!(field("request_id"), Some(REQUEST_ID));
        let printed = format!("{recorded:?}");
        assert!(!printed.contains(SECRET), "{printed}");
    }
}
