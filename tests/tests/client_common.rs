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
    html_on_a_documented_error_status_is_a_content_type_error,
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

async fn html_on_a_documented_error_status_is_a_content_type_error<O: Operation>() {
    let server =
        serve::<O>(ResponseTemplate::new(O::ERROR_STATUS).set_body_raw(HTML, "text/html")).await;
    let error = expect_error(O::API, call_once::<O>(&server).await);
    let decode = expect_decode::<O>(error, O::ERROR_STATUS, Some("text/html"), HTML);
    assert_eq!(decode.kind, DecodeErrorKind::ContentType, "{}", O::API);
    let text = decode.to_string();
    assert!(
        text.contains("text/html") && text.contains("<!DOCTYPE html>"),
        "{}: {text}",
        O::API
    );
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

    // Every one of them is valid as built.
    assert_eq!(vove.validate(), Ok(()));
    assert_eq!(verifa.validate(), Ok(()));
    assert_eq!(kyc.validate(), Ok(()));
    assert_eq!(rebilly.validate(), Ok(()));
    assert_eq!(generic.validate(), Ok(()));
}
