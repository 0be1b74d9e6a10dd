//! The generated `mock` feature: each API's validating mock server, used the way a downstream
//! crate's tests use it (one test per vendor at least), and its checks and faults.

mod client_support;

use client_support::{decode, fast_policy, SECRET};
use generated::runtime::{Error, ErrorBody, RetryMode};
use generated::{generic_cases, kyc_cases, rebilly_kyc_requests, verifa_cases, vove_id_kyb};
use std::time::Duration;

#[tokio::test]
async fn vove_answers_the_documented_example_and_records_the_typed_body() {
    let server = vove_id_kyb::mock::MockServer::start().await;
    server.create_kyb_case().request_id("req_1").mount();
    let client = server
        .client()
        .api_key_auth(SECRET)
        .build()
        .expect("a client");
    let body = client_support::vove::request();
    let response = client
        .create_kyb_case(&body)
        .await
        .expect("the example decodes");
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id(), Some("req_1"));
    assert!(!response.body.token.is_empty());
    assert_eq!(server.received_create_kyb_case(), vec![body]);
    let received = server.received();
    assert_eq!(received[0].header("x-api-key"), Some(SECRET));
    server.verify();
}

#[tokio::test]
async fn verifa_answers_a_typed_conflict_with_its_headers() {
    use verifa_cases::errors::CreateReviewCaseError as E;
    let server = verifa_cases::mock::MockServer::start().await;
    let conflict = verifa_cases::VerifaError::new("conflict", "the session is closed", 409);
    server
        .create_review_case()
        .error(E::Conflict(ErrorBody::Typed(conflict.clone())))
        .request_id("req_409")
        .times(1)
        .mount();
    let client = server
        .client()
        .api_key_auth(SECRET)
        .build()
        .expect("a client");
    let error = client
        .create_review_case(&Default::default(), &client_support::verifa::request())
        .await
        .expect_err("a 409");
    match &error {
        Error::Api(api) => {
            assert_eq!(api.meta.status, 409);
            assert_eq!(api.meta.request_id.as_deref(), Some("req_409"));
            assert!(matches!(&api.kind, E::Conflict(ErrorBody::Typed(body)) if *body == conflict));
        }
        other => panic!("{other:?}"),
    }
    server.verify();
}

#[tokio::test]
async fn verifa_retries_a_rate_limit_then_gets_the_example() {
    let server = verifa_cases::mock::MockServer::start().await;
    server.create_review_case().rate_limited(0).times(2).mount();
    server.create_review_case().mount();
    let client = server
        .client()
        .api_key_auth(SECRET)
        .retry(RetryMode::Always(fast_policy(3)))
        .build()
        .expect("a client");
    let response = client
        .create_review_case(&Default::default(), &client_support::verifa::request())
        .await
        .expect("the third attempt succeeds");
    assert_eq!(response.status, 201, "the documented example's status");
    assert_eq!(response.body.id, "rvc_abc123");
    assert_eq!(server.received_create_review_case().len(), 3);
}

#[tokio::test]
async fn kyc_conflict_and_a_broken_request_are_reported_with_pointers() {
    use kyc_cases::errors::CreateKycCaseError as E;
    let server = kyc_cases::mock::MockServer::start().await;
    let envelope: kyc_cases::KycApiErrorEnvelope =
        decode(client_support::kyc::error(409, "CASE_ALREADY_EXISTS"));
    server
        .create_kyc_case()
        .error(E::Conflict(ErrorBody::Typed(envelope)))
        .mount();
    let client = server
        .client()
        .bearer_auth(SECRET)
        .build()
        .expect("a client");
    let error = client
        .create_kyc_case(&client_support::kyc::request())
        .await
        .expect_err("a 409");
    assert!(
        matches!(error.api(), Some(E::Conflict(ErrorBody::Typed(e))) if e.error.code == "CASE_ALREADY_EXISTS")
    );

    // A request the spec does not allow: no credential, a body that breaks the schema.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/v1/kyc-cases", server.uri()))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .expect("an answer");
    assert_eq!(raw.status().as_u16(), 400);
    let failures = server.take_failures();
    let text = failures.join("\n");
    assert!(
        text.contains("createKycCase (POST /api/v1/kyc-cases)"),
        "{text}"
    );
    assert!(
        text.contains("no credential in the documented place"),
        "{text}"
    );
    assert!(text.contains("`Authorization: Bearer <token>`"), "{text}");
    assert!(text.contains("Content-Type is `text/plain`"), "{text}");
    assert!(
        text.contains("does not decode into the request type"),
        "{text}"
    );
    assert!(
        text.contains(
            "(spec: /paths/~1api~1v1~1kyc-cases/post/requestBody/content/application~1json/schema)"
        ),
        "{text}"
    );
}

#[tokio::test]
async fn rebilly_answers_a_typed_success_value() {
    let server = rebilly_kyc_requests::mock::MockServer::start().await;
    let example: rebilly_kyc_requests::KycRequest = decode(client_support::rebilly::created());
    server
        .create_kyc_request()
        .respond(example.clone())
        .location("/kyc-requests/1")
        .mount();
    let client = server
        .client()
        .secret_api_key(SECRET)
        .build()
        .expect("a client");
    let response = client
        .create_kyc_request(&client_support::rebilly::request())
        .await
        .expect("a success");
    assert_eq!(response.body, example);
    assert_eq!(
        response
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok()),
        Some("/kyc-requests/1")
    );
}

#[tokio::test]
async fn generic_requests_no_expectation_matched_are_reported() {
    let server = generic_cases::mock::MockServer::start().await;
    let client = server
        .client()
        .cookie_auth(SECRET)
        .build()
        .expect("a client");
    let error = client
        .create_case(&client_support::generic::request())
        .await
        .expect_err("nothing is mounted");
    assert_eq!(error.meta().map(|m| m.status), Some(501), "{error:?}");
    let raw = reqwest::Client::new()
        .get(format!("{}/nowhere", server.uri()))
        .send()
        .await
        .expect("an answer");
    assert_eq!(raw.status().as_u16(), 404);
    let failures = server.take_failures();
    assert_eq!(failures.len(), 2, "{failures:?}");
    assert!(
        failures[0].contains("no expectation matched this request"),
        "{failures:?}"
    );
    assert!(
        failures[1].contains("GET /nowhere is no operation of the spec"),
        "{failures:?}"
    );
}

#[tokio::test]
async fn unmet_times_fail_verification() {
    let server = generic_cases::mock::MockServer::start().await;
    server.create_case().times(2).mount();
    let failures = server.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].contains("expected 2 request(s), received 0"),
        "{failures:?}"
    );
}

#[tokio::test]
async fn faults_drop_the_connection_truncate_the_body_and_delay() {
    let server = vove_id_kyb::mock::MockServer::start().await;
    server.create_kyb_case().drop_connection().times(1).mount();
    server.create_kyb_case().truncate_body().times(1).mount();
    server
        .create_kyb_case()
        .delay(Duration::from_millis(600))
        .times(1)
        .mount();
    let client = server
        .client()
        .api_key_auth(SECRET)
        .retry(RetryMode::Never)
        .timeout(Duration::from_millis(200))
        .build()
        .expect("a client");
    let body = client_support::vove::request();
    let dropped = client.create_kyb_case(&body).await.expect_err("dropped");
    assert!(matches!(dropped, Error::Transport { .. }), "{dropped:?}");
    let truncated = client.create_kyb_case(&body).await.expect_err("truncated");
    assert!(
        matches!(truncated, Error::Transport { .. } | Error::Decode(_)),
        "{truncated:?}"
    );
    let late = client.create_kyb_case(&body).await.expect_err("too late");
    assert!(matches!(late, Error::Timeout { .. }), "{late:?}");
    server.verify();
}

#[tokio::test]
async fn vove_answers_a_documented_error_example() {
    use vove_id_kyb::errors::CreateKybCaseError as E;
    let server = vove_id_kyb::mock::MockServer::start().await;
    server.create_kyb_case().error_example(404).mount();
    let client = server
        .client()
        .api_key_auth(SECRET)
        .build()
        .expect("a client");
    let error = client
        .create_kyb_case(&client_support::vove::request())
        .await
        .expect_err("the 404 example");
    let expected: vove_id_kyb::VoveErrorBody =
        decode(client_support::vove::response_example(404, "flowNotFound"));
    assert!(
        matches!(error.api(), Some(E::NotFound(ErrorBody::Typed(body))) if *body == expected),
        "{error:?}"
    );
}

#[tokio::test]
async fn verifa_reports_a_body_that_breaks_a_constraint() {
    let server = verifa_cases::mock::MockServer::start().await;
    server.create_review_case().mount();
    // The generated client refuses such a body before sending; a hand-rolled one does not.
    let raw = reqwest::Client::new()
        .post(format!("{}/api/v1/cases", server.uri()))
        .header("x-api-key", SECRET)
        .header("content-type", "application/json")
        .body(format!(r#"{{"session_id":"{}"}}"#, "s".repeat(65)))
        .send()
        .await
        .expect("an answer");
    assert_eq!(raw.status().as_u16(), 400);
    let failures = server.take_failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    let failure = &failures[0];
    assert!(
        failure.starts_with("verifa_cases: createReviewCase (POST /api/v1/cases): the body breaks the schema's constraints"),
        "{failure}"
    );
    assert!(failure.contains("session_id"), "{failure}");
    assert!(
        failure.ends_with(
            "(spec: /paths/~1api~1v1~1cases/post/requestBody/content/application~1json/schema)"
        ),
        "{failure}"
    );
}
