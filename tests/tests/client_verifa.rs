//! The Verifa client (`POST /api/v1/cases`) against a real HTTP server: the documented
//! examples, one error variant per documented status, the version header, open enums and
//! client-side validation.

mod client_support;

use std::time::Duration;

use client_support::verifa::{error, request, response_example, SPEC};
use client_support::*;
use generated::runtime::{Error, ErrorBody, RetryMode};
use generated::verifa_cases as api;
use generated::Nullable;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

type Op = VerifaCreateReviewCase;

#[tokio::test]
async fn documented_success_example_decodes_into_the_typed_body() {
    let example = response_example(201, "reviewCase");
    let (response, sent) = success_for::<Op>(example.clone()).await;
    assert_eq!(response.status, 201);
    assert_eq!(response.request_id(), Some(REQUEST_ID));
    let case = &response.body;
    assert_eq!(case.id, "rvc_abc123");
    assert_eq!(case.status, api::ReviewCaseStatus::Open);
    assert_eq!(case.decision, Some(api::ReviewCaseDecision::Approved));
    assert_eq!(case.created_at.to_rfc3339(), "2024-01-15T09:30:00+00:00");
    assert_eq!(case.assigned_to, Nullable::Value("string".to_owned()));
    assert!(case.decided_at.is_value());
    assert_eq!(serde_json::to_value(case).expect("serialises"), example);

    let documented = spec_value(
        SPEC,
        "/paths/~1api~1v1~1cases/post/requestBody/content/application~1json/examples/curl/value",
    );
    assert_eq!(sent.body_json::<Value>().expect("a JSON body"), documented);
    assert!(
        sent.headers.get("verifa-version").is_none(),
        "an absent optional header is not sent"
    );
}

#[tokio::test]
async fn existing_case_answer_200_decodes_too_and_nulls_stay_distinct() {
    let mut body = response_example(201, "reviewCase");
    body["assigned_to"] = Value::Null;
    let object = body.as_object_mut().expect("an object");
    object.remove("decided_at");
    object.remove("decision");
    let server = serve::<Op>(ResponseTemplate::new(200).set_body_json(body)).await;
    let response = expect_success(Op::API, call_once::<Op>(&server).await);
    assert_eq!(response.status, 200);
    assert_eq!(response.body.assigned_to, Nullable::Null, "null is Null");
    assert_eq!(
        response.body.decided_at,
        Nullable::Absent,
        "absent is Absent"
    );
    assert_eq!(response.body.decision, None);
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant() {
    use api::errors::CreateReviewCaseError as E;

    // Five statuses share the `VerifaError` schema; the status alone picks the variant.
    match api_error_for::<Op>(401, error(401, "unauthorized")).await {
        E::Unauthorized(ErrorBody::Typed(body)) => assert_eq!(body.error, "unauthorized"),
        other => panic!("401 gave {other:?}"),
    }
    match api_error_for::<Op>(403, error(403, "forbidden")).await {
        E::Forbidden(ErrorBody::Typed(body)) => assert_eq!(body.status_code, 403),
        other => panic!("403 gave {other:?}"),
    }
    match api_error_for::<Op>(404, response_example(404, "sessionNotFound")).await {
        E::NotFound(ErrorBody::Typed(body)) => {
            assert_eq!(body.error, "not_found");
            assert_eq!(body.detail, "Session not found.");
            assert_eq!(body.status_code, 404);
        }
        other => panic!("404 gave {other:?}"),
    }
    match api_error_for::<Op>(409, error(409, "conflict")).await {
        E::Conflict(ErrorBody::Typed(body)) => assert_eq!(body.error, "conflict"),
        other => panic!("409 gave {other:?}"),
    }
    match api_error_for::<Op>(429, response_example(429, "rateLimited")).await {
        E::TooManyRequests(ErrorBody::Typed(body)) => assert_eq!(body.error, "rate_limited"),
        other => panic!("429 gave {other:?}"),
    }
    match api_error_for::<Op>(400, error(400, "bad_request")).await {
        E::Undocumented(raw) => {
            assert_eq!(raw.status, 400);
            assert!(raw.body.contains("bad_request"), "{}", raw.body);
        }
        other => panic!("400 gave {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_error_carries_the_retry_hint_and_limits() {
    let server = serve::<Op>(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "12")
            .insert_header("x-ratelimit-limit", "100")
            .insert_header("x-ratelimit-remaining", "0")
            .insert_header("x-ratelimit-reset", "1767225600")
            .set_body_json(response_example(429, "rateLimited")),
    )
    .await;
    // The hint is longer than the policy's time budget, so the client gives up at once.
    let mut policy = fast_policy(3);
    policy.max_elapsed = Duration::from_secs(5);
    let client = Op::client(&server.uri(), Setup::retry(RetryMode::Always(policy)));
    let error = expect_error(Op::API, Op::call(&client).await);
    assert_eq!(received(&server).await.len(), 1);
    assert_eq!(error.retry_after(), Some(Duration::from_secs(12)));
    let meta = error.meta().expect("an API error has response metadata");
    let limits = generated::runtime::RateLimit::from_headers(&meta.headers);
    assert_eq!(limits.limit, Some(100));
    assert_eq!(limits.remaining, Some(0));
    assert_eq!(limits.reset, Some(1_767_225_600));
    assert!(matches!(
        error.api(),
        Some(api::errors::CreateReviewCaseError::TooManyRequests(_))
    ));
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_understood() {
    let at = chrono::Utc::now() + chrono::TimeDelta::seconds(120);
    let server = serve::<Op>(
        ResponseTemplate::new(429)
            .insert_header(
                "retry-after",
                at.format("%a, %d %b %Y %H:%M:%S GMT").to_string(),
            )
            .set_body_json(error(429, "rate_limited")),
    )
    .await;
    let error = expect_error(Op::API, call_once::<Op>(&server).await);
    let hint = error.retry_after().expect("a retry hint");
    assert!(
        hint > Duration::from_secs(115) && hint <= Duration::from_secs(120),
        "{hint:?}"
    );
}

#[tokio::test]
async fn idempotent_operation_is_retried_by_default_until_it_succeeds() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path(Op::PATH))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    wiremock::Mock::given(wiremock::matchers::path(Op::PATH))
        .respond_with(success_response::<Op>())
        .mount(&server)
        .await;
    let client = Op::client(&server.uri(), Setup::default_retry());
    let response = expect_success(Op::API, Op::call(&client).await);
    assert_eq!(response.status, 201);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 3);
    // Every attempt carries the same body and the credential.
    for request in &requests {
        assert_eq!(request.body, requests[0].body);
        assert_secret_only_in(request, "x-api-key", SECRET);
    }
}

#[tokio::test]
async fn version_header_is_sent_as_a_date() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    let mut params = api::params::CreateReviewCaseParams::default();
    // The crate re-exports the `chrono` its API uses, so no separate dependency is needed.
    use generated::runtime::export::chrono::NaiveDate;
    params.verifa_version = NaiveDate::from_ymd_opt(2026, 2, 1);
    expect_success(
        Op::API,
        client.create_review_case(&params, &request()).await,
    );
    let sent = only_request(&server).await;
    assert_eq!(
        sent.headers
            .get("verifa-version")
            .and_then(|v| v.to_str().ok()),
        Some("2026-02-01")
    );
}

#[tokio::test]
async fn unknown_enum_values_decode_into_unknown() {
    let mut body = response_example(201, "reviewCase");
    body["status"] = json!("archived");
    body["decision"] = json!("escalated_to_legal");
    let (response, _) = success_for::<Op>(body.clone()).await;
    assert_eq!(
        response.body.status,
        api::ReviewCaseStatus::from("archived")
    );
    assert_eq!(
        response.body.decision,
        Some(api::ReviewCaseDecision::from("escalated_to_legal"))
    );
    // The unknown values are kept verbatim.
    assert_eq!(
        serde_json::to_value(&response.body).expect("serialises"),
        body
    );
}

#[tokio::test]
async fn over_long_session_id_is_refused_before_sending() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    let params = api::params::CreateReviewCaseParams::default();

    let body = api::CreateReviewCaseRequest::new("s".repeat(65));
    let error = expect_error(Op::API, client.create_review_case(&params, &body).await);
    let Error::Validation(validation) = &error else {
        panic!("expected Error::Validation, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1);
    let violation = &validation.violations[0];
    assert_eq!(violation.path, "session_id");
    assert_eq!(violation.constraint, "maxLength");
    assert!(
        violation.message.contains("64") && violation.message.contains("65"),
        "{}",
        violation.message
    );
    let text = error.to_string();
    assert!(
        text.contains("session_id") && text.contains("maxLength"),
        "{text}"
    );
    assert!(received(&server).await.is_empty(), "nothing is sent");

    // Exactly at the limit is fine.
    let body = api::CreateReviewCaseRequest::new("s".repeat(64));
    expect_success(Op::API, client.create_review_case(&params, &body).await);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn request_built_from_its_constructor() {
    let body = api::CreateReviewCaseRequest::new("ses_abc123");
    assert_eq!(body, request());
    let params = api::params::CreateReviewCaseParams::default();
    assert_eq!(params.verifa_version, None);
}

/// A real, published server stays the default base URL.
#[test]
fn the_published_production_server_is_the_default() {
    assert_eq!(
        api::Client::builder().config().base_url,
        "https://api.withverifa.com"
    );
}

/// A call's future borrows only the client (its inputs were read when the method was called)
/// and is `Send`: it can be spawned on a multi-threaded runtime with the inputs gone.
#[tokio::test]
async fn a_call_is_a_send_future_that_outlives_its_inputs() {
    fn spawnable<F: std::future::Future + Send + 'static>(future: F) -> F {
        future
    }
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = std::sync::Arc::new(Op::client(&server.uri(), Setup::once()));
    let call = {
        let params = api::params::CreateReviewCaseParams::default();
        let body = request();
        let client = std::sync::Arc::clone(&client);
        spawnable(async move {
            let future = client.create_review_case(&params, &body);
            drop((params, body));
            future.await
        })
    };
    let response = tokio::spawn(call).await.expect("the task ran");
    expect_success(Op::API, response);
}
