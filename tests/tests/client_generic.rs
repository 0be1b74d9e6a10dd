//! The GenericCase client (`POST /api/cases/`) against a real HTTP server: the documented
//! request examples, the created case, one error variant per documented status, the session
//! cookie, open enums and validation of request-only and response-only constraints.

mod client_support;

use client_support::generic::{case, request, request_json, SPEC};
use client_support::*;
use generated::generic_cases as api;
use generated::runtime::{Error, Validate};
use generated::Nullable;
use serde_json::{json, Value};

type Op = GenericCreateCase;

#[tokio::test]
async fn created_case_decodes_into_the_typed_body() {
    let (response, sent) = success_for::<Op>(case()).await;
    assert_eq!(response.status, 201);
    assert_eq!(response.request_id(), Some(REQUEST_ID));
    let created = &response.body;
    assert_eq!(created.id, 987);
    assert_eq!(created.customer.id, Some(123));
    assert_eq!(created.notes, None, "null");
    assert_eq!(created.risk_score, None, "null until scored");
    assert_eq!(created.outcome, api::GenericCaseOutcome::Pending);
    assert_eq!(created.status, api::GenericCaseStatus::Pending);
    assert_eq!(created.checks.len(), 1);
    assert_eq!(created.checks[0].check_type, "PEP");
    assert_eq!(
        created.checks[0].input_details,
        Some(json!({"dob": "1815-12-10"}))
    );
    assert_eq!(created.delete_after, Some(30));
    assert_eq!(created.rfi, Nullable::Null, "an explicit null");
    assert_eq!(serde_json::to_value(created).expect("serialises"), case());

    // The documented request example went out unchanged.
    assert_eq!(
        sent.body_json::<Value>().expect("a JSON body"),
        request_json()
    );
}

#[tokio::test]
async fn documented_request_template_is_a_valid_typed_request() {
    let template = spec_value(
        SPEC,
        "/paths/~1api~1cases~1/post/requestBody/content/application~1json/examples/template/value",
    );
    let typed: api::GenericCaseCreate = decode(template.clone());
    typed.validate().expect("the template is valid");
    assert_eq!(serde_json::to_value(&typed).expect("serialises"), template);
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant() {
    use api::errors::CreateCaseError as E;

    let validation = json!({
        "customer_id": ["Invalid pk \"9\" - object does not exist."],
        "customer": {"full_name": ["This field may not be blank."]},
        "checks": [{}, {"check_type": ["\"XYZ\" is not a valid choice."]}],
        "non_field_errors": ["Give either customer_id or customer."]
    });
    match api_error_for::<Op>(400, validation).await {
        E::BadRequest(body) => {
            let customer = body.customer.expect("customer errors");
            assert_eq!(customer["full_name"], ["This field may not be blank."]);
            let checks = body.checks.expect("check errors");
            assert!(checks[0].is_empty());
            assert_eq!(checks[1]["check_type"].len(), 1);
            assert_eq!(
                body.additional_properties["non_field_errors"],
                ["Give either customer_id or customer."]
            );
            assert!(body.additional_properties.contains_key("customer_id"));
        }
        other => panic!("400 gave {other:?}"),
    }

    // 401 and 403 share `DrfErrorDetail`; the status alone picks the variant.
    let detail = json!({"detail": "Authentication credentials were not provided."});
    match api_error_for::<Op>(401, detail.clone()).await {
        E::Unauthorized(body) => assert!(body.detail.starts_with("Authentication")),
        other => panic!("401 gave {other:?}"),
    }
    match api_error_for::<Op>(403, detail).await {
        E::Forbidden(body) => assert!(body.detail.starts_with("Authentication")),
        other => panic!("403 gave {other:?}"),
    }
    match api_error_for::<Op>(404, json!({"detail": "Not found."})).await {
        E::Undocumented(raw) => {
            assert_eq!(raw.status, 404);
            assert_eq!(raw.body, r#"{"detail":"Not found."}"#);
        }
        other => panic!("404 gave {other:?}"),
    }
}

#[tokio::test]
async fn session_goes_in_the_sessionid_cookie_only() {
    let (_, sent) = success_for::<Op>(case()).await;
    assert_secret_only_in(&sent, "cookie", &format!("sessionid={SECRET}"));
    assert!(sent.headers.get("authorization").is_none());
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn unknown_enum_values_decode_into_unknown() {
    let mut body = case();
    body["outcome"] = json!("ESCALATED");
    body["status"] = json!("ARCHIVED");
    let (response, _) = success_for::<Op>(body).await;
    // The raw value is kept and readable, but an `Unknown` cannot be built by hand.
    assert!(matches!(
        &response.body.outcome,
        api::GenericCaseOutcome::Unknown(raw) if raw.as_str() == "ESCALATED"
    ));
    assert_eq!(response.body.outcome.as_str(), "ESCALATED");
    assert!(matches!(
        &response.body.status,
        api::GenericCaseStatus::Unknown(raw) if raw.as_str() == "ARCHIVED"
    ));
    // A listed value always decodes to its variant, however it is spelled in code.
    assert_eq!(
        api::GenericCaseStatus::from("PENDING"),
        api::GenericCaseStatus::Pending
    );
}

#[tokio::test]
async fn delete_after_over_a_year_is_refused_before_sending() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());

    let mut body = request();
    body.delete_after = Some(366);
    let error = expect_error(Op::API, client.create_case(&body).await);
    let Error::Validation(validation) = &error else {
        panic!("expected Error::Validation, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1, "{validation}");
    assert_eq!(validation.violations[0].path, "delete_after");
    assert_eq!(validation.violations[0].constraint, "maximum");
    assert!(
        validation.violations[0].message.contains("365"),
        "{}",
        validation.violations[0].message
    );
    assert!(error.to_string().contains("delete_after"), "{error}");

    let mut body = request();
    body = body.webhook_url(format!("https://example.com/{}", "a".repeat(500)));
    let Err(Error::Validation(validation)) = client.create_case(&body).await else {
        panic!("expected Error::Validation");
    };
    assert_eq!(validation.violations[0].path, "webhook_url");
    assert_eq!(validation.violations[0].constraint, "maxLength");
    assert!(received(&server).await.is_empty(), "nothing is sent");

    // At the limit the request goes out.
    let mut body = request();
    body.delete_after = Some(365);
    expect_success(Op::API, client.create_case(&body).await);
    assert_eq!(received(&server).await.len(), 1);
}

#[tokio::test]
async fn risk_score_above_one_is_reported_by_validate_but_still_decoded() {
    let mut body = case();
    body["risk_score"] = json!(1.5);

    // The client does not reject what the server sends.
    let (response, _) = success_for::<Op>(body.clone()).await;
    assert_eq!(response.body.risk_score, Some(1.5));

    // Validation of the decoded value reports the response-only constraint.
    let decoded: api::GenericCase = decode(body);
    let error = decoded
        .validate()
        .expect_err("1.5 is above the maximum of 1");
    assert_eq!(error.violations.len(), 1, "{error}");
    assert_eq!(error.violations[0].path, "risk_score");
    assert_eq!(error.violations[0].constraint, "maximum");
    assert!(
        error.violations[0].message.contains("1.5"),
        "{}",
        error.violations[0].message
    );
    assert!(response.body.validate().is_err());

    let mut scored = case();
    scored["risk_score"] = json!(0.25);
    decode::<api::GenericCase>(scored)
        .validate()
        .expect("0.25 is within 0..=1");
}

#[tokio::test]
async fn request_built_without_required_fields() {
    // The create body has no required fields, so it starts from `Default`.
    let body = api::GenericCaseCreate::default();
    assert_eq!(serde_json::to_value(&body).expect("serialises"), json!({}));
    let body = body
        .customer_id(123)
        .webhook_url("https://example.com/webhook/case-complete")
        .delete_after(30);
    assert_eq!(body, request());

    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    let check = api::GenericCaseCheckCreate::default().check_type("PEP");
    let body = body.checks(vec![check]).rfi_null();
    expect_success(Op::API, client.create_case(&body).await);
    let sent: Value = only_request(&server)
        .await
        .body_json()
        .expect("a JSON body");
    assert_eq!(sent["checks"], json!([{"check_type": "PEP"}]));
    assert_eq!(sent["rfi"], Value::Null);
}

#[test]
fn a_case_with_nine_required_fields_is_built_with_its_builder() {
    // Nine required fields: more than `new` takes, so `builder()` .. `build()`.
    let decoded: api::GenericCase = serde_json::from_value(case()).expect("the example decodes");
    let built = api::GenericCase::builder()
        .id(987)
        .customer(decoded.customer.clone())
        // `notes` and `risk_score` are required but nullable: not set, they are `null`.
        .outcome(api::GenericCaseOutcome::Pending)
        .status("PENDING")
        .created_at(decoded.created_at)
        .updated_at(decoded.updated_at)
        .checks(decoded.checks.clone())
        .webhook_url("https://example.com/webhook/case-complete")
        .delete_after(30)
        .rfi_null()
        .build()
        .expect("every required field is set");
    assert_eq!(built, decoded);
    assert_eq!(serde_json::to_value(&built).expect("serialises"), case());

    let missing = api::GenericCase::builder()
        .id(987)
        .build()
        .expect_err("eight required fields are missing");
    assert_eq!(missing.field(), "customer");
    // Setters chain on a built value too: a value replaces the null.
    let changed = built.rfi("more documents").delete_after(7);
    assert_eq!(changed.rfi, Nullable::Value("more documents".to_owned()));
    assert_eq!(changed.delete_after, Some(7));
}
