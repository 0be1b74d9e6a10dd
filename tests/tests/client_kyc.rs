//! The KYC Cases client (`POST /api/v1/kyc-cases`) against a real HTTP server. The spec
//! publishes no JSON payloads, so bodies are built from its schemas.

mod client_support;

use client_support::kyc::{error, record, request, request_json};
use client_support::*;
use generated::kyc_cases as api;
use generated::runtime::RetryMode;
use generated::Nullable;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

type Op = KycCreateCase;

#[tokio::test]
async fn created_case_decodes_into_the_typed_body() {
    let body = json!({"principal": "user:analyst@example.com", "case": record()});
    let (response, sent) = success_for::<Op>(body.clone()).await;
    assert_eq!(response.status, 201);
    assert_eq!(response.request_id(), Some(REQUEST_ID));
    let created = &response.body;
    assert_eq!(created.principal, "user:analyst@example.com");
    let case = &created.case;
    assert_eq!(case.id, "case_01HZX");
    assert_eq!(
        case.kyc_case_id,
        Nullable::Value("KYC-2026-0001".to_owned())
    );
    assert_eq!(case.row_version, 1.0);
    assert_eq!(case.current_status, api::KycCaseStatus::Draft);
    assert_eq!(case.case_priority, api::KycCasePriority::Normal);
    assert_eq!(
        case.relationship_type,
        api::KycRelationshipType::NewOnboarding
    );
    assert_eq!(case.user_type, api::KycUserType::Individual);
    assert_eq!(
        case.assigned_analyst_name,
        Nullable::Null,
        "an explicit null"
    );
    assert_eq!(case.assigned_analyst_email, Nullable::Absent, "absent");
    assert_eq!(case.created_at.to_rfc3339(), "2026-01-15T09:30:00+00:00");
    assert_eq!(
        sent.body_json::<Value>().expect("a JSON body"),
        request_json()
    );
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant() {
    use api::errors::CreateKycCaseError as E;

    // All five statuses share the envelope schema; the status alone picks the variant.
    let cases: [(u16, &str); 5] = [
        (400, "VALIDATION_FAILED"),
        (401, "UNAUTHENTICATED"),
        (404, "NOT_FOUND"),
        (409, "CASE_ALREADY_EXISTS"),
        (503, "SERVICE_DEGRADED"),
    ];
    for (status, code) in cases {
        let kind = api_error_for::<Op>(status, error(status, code)).await;
        let envelope = match (status, &kind) {
            (400, E::BadRequest(e))
            | (401, E::Unauthorized(e))
            | (404, E::NotFound(e))
            | (409, E::Conflict(e))
            | (503, E::ServiceUnavailable(e)) => e.typed().expect("the documented envelope"),
            _ => panic!("{status} gave {kind:?}"),
        };
        assert_eq!(envelope.error.code, code);
        assert_eq!(envelope.error.http_status, Some(i64::from(status)));
        assert_eq!(envelope.error.retryable, Some(status == 503));
        let details = envelope.error.details.as_ref().expect("details were sent");
        assert_eq!(details.get("field"), Some(&json!("kyc_case_id")));
    }
    match api_error_for::<Op>(422, error(422, "UNPROCESSABLE")).await {
        E::Undocumented(raw) => assert_eq!(raw.status, 422),
        other => panic!("422 gave {other:?}"),
    }
}

#[tokio::test]
async fn request_id_comes_from_the_error_envelope_when_no_header_carries_it() {
    let server = serve::<Op>(ResponseTemplate::new(503).set_body_json(error(503, "DOWN"))).await;
    // 503 is retried only for idempotent operations; creating a case is not one.
    let client = Op::client(&server.uri(), Setup::default_retry());
    let error = expect_error(Op::API, Op::call(&client).await);
    assert_eq!(received(&server).await.len(), 1);
    assert_eq!(error.request_id(), Some("req_body_1"));
    assert!(error.to_string().contains("req_body_1"), "{error}");
    assert!(matches!(
        error.api(),
        Some(api::errors::CreateKycCaseError::ServiceUnavailable(_))
    ));
}

#[tokio::test]
async fn explicit_always_mode_retries_the_non_idempotent_create() {
    let server = serve::<Op>(ResponseTemplate::new(503).set_body_json(error(503, "DOWN"))).await;
    let client = Op::client(
        &server.uri(),
        Setup::retry(RetryMode::Always(fast_policy(2))),
    );
    let error = expect_error(Op::API, Op::call(&client).await);
    assert_eq!(received(&server).await.len(), 2);
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn token_goes_in_the_authorization_header_only() {
    let (_, sent) = success_for::<Op>(Op::success_body()).await;
    assert_secret_only_in(&sent, "authorization", &format!("Bearer {SECRET}"));
    assert!(sent.headers.get("cookie").is_none());
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn unknown_enum_values_decode_into_unknown() {
    let mut case = record();
    case["current_status"] = json!("CLOSED_APPROVED");
    case["case_priority"] = json!("CRITICAL");
    case["relationship_type"] = json!("PERIODIC_REVIEW");
    case["user_type"] = json!("TRUSTEE");
    let (response, _) =
        success_for::<Op>(json!({"principal": "user:1", "case": case.clone()})).await;
    let decoded = &response.body.case;
    assert_eq!(
        decoded.current_status,
        api::KycCaseStatus::from("CLOSED_APPROVED")
    );
    assert_eq!(
        decoded.case_priority,
        api::KycCasePriority::from("CRITICAL")
    );
    assert_eq!(
        decoded.relationship_type,
        api::KycRelationshipType::from("PERIODIC_REVIEW")
    );
    assert_eq!(decoded.user_type, api::KycUserType::from("TRUSTEE"));
}

#[tokio::test]
async fn request_built_from_its_builder_sends_every_required_field() {
    // `request()` is `KycCaseCreateInput::builder()` with the twelve required fields.
    let built = request();
    assert_eq!(
        serde_json::to_value(&built).expect("serialises"),
        request_json()
    );

    // An explicit null and an absent optional field are different on the wire.
    let with_null = request()
        .kyc_case_id_null()
        .assigned_analyst_email("analyst@example.com");
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    expect_success(Op::API, client.create_kyc_case(&with_null).await);
    let sent: Value = only_request(&server)
        .await
        .body_json()
        .expect("a JSON body");
    assert_eq!(sent["kyc_case_id"], Value::Null);
    assert!(sent
        .as_object()
        .is_some_and(|o| o.contains_key("kyc_case_id")));
    assert_eq!(sent["assigned_analyst_email"], "analyst@example.com");
    assert!(sent.get("assigned_analyst_name").is_none());
}

/// The only server of the spec is `https://{host}` with the guide's placeholder
/// `api.example.com` as default: a client without a base URL must not be built, so the bearer
/// token can never go there.
#[tokio::test]
async fn without_a_base_url_the_placeholder_host_is_refused() {
    let error = api::Client::builder()
        .bearer_auth(SECRET)
        .build()
        .expect_err("no usable server");
    assert!(
        error.message().contains("set one with `base_url(..)`"),
        "{error}"
    );
    assert!(!error.to_string().contains(SECRET));
    assert_eq!(api::Client::builder().config().base_url, "");
    let client = api::Client::builder()
        .base_url(api::servers::deployment("kyc.acme-bank.eu"))
        .bearer_auth(SECRET)
        .build()
        .expect("a real host");
    assert_eq!(client.base_url(), "https://kyc.acme-bank.eu");
}

#[test]
fn builder_names_the_first_missing_required_field() {
    let error = api::KycCaseCreateInput::builder()
        .user_internal_id("user-42")
        .build()
        .expect_err("eleven required fields are missing");
    assert_eq!(error.field(), "agency_name");
    assert_eq!(error.type_name(), "KycCaseCreateInput");
    assert!(error.to_string().contains("`.agency_name(..)`"), "{error}");
}
