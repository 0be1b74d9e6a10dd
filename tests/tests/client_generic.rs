//! The GenericCase client (`POST /api/cases/`) against a real HTTP server: the documented
//! request examples, the created case, one error variant per documented status, the session
//! cookie, open enums and validation of request-only and response-only constraints.

mod client_support;

use client_support::generic::{case, request, request_json, SPEC};
use client_support::*;
use generated::generic_cases as api;
use generated::runtime::{Error, ErrorBody, Validate};
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
    assert_eq!(created.notes, Nullable::Null, "an explicit null");
    assert_eq!(created.note, Nullable::Absent, "absent");
    assert_eq!(created.risk_score, None, "null until scored");
    assert_eq!(created.outcome, api::GenericCaseOutcome::Pending);
    assert_eq!(created.status, Some(api::GenericCaseStatus::Pending));
    assert_eq!(created.checks.len(), 1);
    assert_eq!(created.checks[0].check_type, api::GenericCaseCheckType::Pep);
    assert_eq!(
        created.checks[0].status,
        Some(api::GenericCaseCheckStatus::Pending)
    );
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
        E::BadRequest(ErrorBody::Typed(body)) => {
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
        E::Unauthorized(ErrorBody::Typed(body)) => {
            assert!(body.detail.starts_with("Authentication"))
        }
        other => panic!("401 gave {other:?}"),
    }
    match api_error_for::<Op>(403, detail).await {
        E::Forbidden(ErrorBody::Typed(body)) => assert!(body.detail.starts_with("Authentication")),
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
    body["checks"][0]["check_type"] = json!("KYB_REGISTRY");
    body["checks"][0]["status"] = json!("IN_REVIEW");
    let (response, _) = success_for::<Op>(body.clone()).await;
    // The raw value is kept and readable, but an `Unknown` cannot be built by hand.
    assert!(matches!(
        &response.body.outcome,
        api::GenericCaseOutcome::Unknown(raw) if raw.as_str() == "ESCALATED"
    ));
    assert_eq!(response.body.outcome.as_str(), "ESCALATED");
    assert!(matches!(
        &response.body.status,
        Some(api::GenericCaseStatus::Unknown(raw)) if raw.as_str() == "ARCHIVED"
    ));
    // A listed value always decodes to its variant, however it is spelled in code.
    assert_eq!(
        api::GenericCaseStatus::from("PENDING"),
        api::GenericCaseStatus::Pending
    );
    let check = &response.body.checks[0];
    assert!(matches!(
        &check.check_type,
        api::GenericCaseCheckType::Unknown(raw) if raw.as_str() == "KYB_REGISTRY"
    ));
    assert!(matches!(
        &check.status,
        Some(api::GenericCaseCheckStatus::Unknown(raw)) if raw.as_str() == "IN_REVIEW"
    ));
    // Unknown values are sent back as received.
    assert_eq!(
        serde_json::to_value(&response.body).expect("serialises"),
        body
    );
}

/// The vendor's quickstart case response (https://docs.sphinxhq.com/), as published, except
/// that the page elides the second and third checks with a bare `...` line (not JSON).
const QUICKSTART: &str = r#"{
  "id": 6,
  "customer": {
    "id": 11,
    "external_id": "cust-james-torres-1997",
    "full_name": "James Torres",
    "customer_type": "INDIVIDUAL"
  },
  "webhook_url": "https://example.com/webhook/case-complete",
  "note": "The alert was validated due to a 2014 indictment... However, the customer was determined to be different...",
  "risk_score": 0.153,
  "outcome": "ACCEPTED",
  "is_complete": true,
  "failed": false,
  "rfi": null,
  "created_at": "2024-08-01T10:00:00Z",
  "updated_at": "2024-08-01T10:05:00Z",
  "delete_after": -1,
  "checks": [
    {
      "id": 93929,
      "input_details": {
        "...": "..."
      },
      "check_type": "ADVERSE_MEDIA",
      "risk_score": 0.85,
      "title": "Adverse Media Hit: 'Operation Horseback'",
      "note": "False positive: Age mismatch - subject was 42 in 2014, customer born 1997 (would be 17).",
      "reasoning": [
        "The alert subject was 42 years old in 2014, while the customer's date of birth is Mar 26, 1997..."
      ],
      "outcome": "ACCEPTED",
      "status": "DECIDED",
      "created_at": "2024-08-01T10:01:00Z",
      "updated_at": "2024-08-01T10:02:00Z",
      "delete_after": -1
    },
    {
      "id": 93930,
      "input_details": {},
      "check_type": "SANCTION"
    },
    {
      "id": 93931,
      "input_details": {},
      "check_type": "PEP"
    }
  ]
}"#;

#[tokio::test]
async fn vendor_quickstart_response_decodes() {
    let published: Value = serde_json::from_str(QUICKSTART).expect("the payload is JSON");
    // The spec carries the same payload as its `quickstart` example.
    assert_eq!(
        spec_value(
            SPEC,
            "/paths/~1api~1cases~1/post/responses/201/content/application~1json/examples/quickstart/value",
        ),
        published
    );

    let (response, _) = success_for::<Op>(published.clone()).await;
    let case = &response.body;
    assert_eq!(case.id, 6);
    assert_eq!(case.customer.full_name.as_deref(), Some("James Torres"));
    assert_eq!(
        case.notes,
        Nullable::Absent,
        "the quickstart has no `notes`"
    );
    assert!(case
        .note
        .value()
        .is_some_and(|n| n.starts_with("The alert was validated")));
    assert_eq!(case.status, None, "the quickstart has no `status`");
    assert_eq!(case.is_complete, Some(true));
    assert_eq!(case.failed, Some(false));
    assert_eq!(case.risk_score, Some(0.153));
    assert_eq!(case.outcome, api::GenericCaseOutcome::Accepted);
    assert_eq!(case.delete_after, Some(-1));

    let types: Vec<_> = case.checks.iter().map(|c| c.check_type.clone()).collect();
    assert_eq!(
        types,
        [
            api::GenericCaseCheckType::AdverseMedia,
            api::GenericCaseCheckType::Sanction,
            api::GenericCaseCheckType::Pep
        ]
    );
    let decided = &case.checks[0];
    assert_eq!(decided.status, Some(api::GenericCaseCheckStatus::Decided));
    assert_eq!(decided.outcome, Some(api::GenericCaseOutcome::Accepted));
    assert_eq!(decided.risk_score, Nullable::Value(0.85));
    assert_eq!(decided.reasoning.as_ref().map(Vec::len), Some(1));
    assert_eq!(case.checks[1].status, None, "not yet processed");

    // Nothing the vendor sent is lost.
    assert_eq!(serde_json::to_value(case).expect("serialises"), published);
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
    assert_eq!(validation.operation, Some("createCase"));
    assert_eq!(validation.violations[0].input, "request body");
    assert!(
        error
            .to_string()
            .starts_with("createCase: request body: delete_after: "),
        "the operation and the input are named: {error}"
    );
    assert!(error.is_validation() && !error.is_api(), "{error:?}");

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

/// Django's session authentication refuses an unsafe method (`POST`) without a CSRF token in
/// both the `csrftoken` cookie and the `X-CSRFToken` header
/// (<https://docs.djangoproject.com/en/stable/howto/csrf/>): a scoped client sends them
/// beside the `sessionid` cookie of the configured credential.
#[tokio::test]
async fn a_scoped_client_sends_djangos_csrf_header_and_cookie_with_the_session() {
    use generated::runtime::CallOptions;
    const CSRF: &str = "wZ3qK8pLx0Vn2Rt6";
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    let session = client.with_options(
        CallOptions::new()
            .header("X-CSRFToken", CSRF)
            .cookie("csrftoken", CSRF),
    );
    expect_success(Op::API, session.create_case(&request()).await);
    let sent = only_request(&server).await;
    assert_eq!(
        sent.headers
            .get("x-csrftoken")
            .and_then(|v| v.to_str().ok()),
        Some(CSRF)
    );
    let cookies: Vec<&str> = sent
        .headers
        .get_all("cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split("; "))
        .collect();
    assert_eq!(
        cookies,
        [format!("csrftoken={CSRF}"), format!("sessionid={SECRET}")]
    );
    assert!(
        !format!("{session:?}").contains(CSRF) && !format!("{session:?}").contains(SECRET),
        "neither the token nor the session prints"
    );
}

#[test]
fn a_case_is_built_with_new_and_setters() {
    // Seven required fields: `new` takes them, the setters the rest.
    let decoded: api::GenericCase = serde_json::from_value(case()).expect("the example decodes");
    let built = api::GenericCase::new(
        987,
        decoded.customer.clone(),
        // `risk_score` is required but nullable: `None` sends `null`.
        None,
        api::GenericCaseOutcome::Pending,
        decoded.created_at,
        decoded.updated_at,
        decoded.checks.clone(),
    )
    .notes_null()
    .status("PENDING")
    .webhook_url("https://example.com/webhook/case-complete")
    .delete_after(30)
    .rfi_null();
    assert_eq!(built, decoded);
    assert_eq!(serde_json::to_value(&built).expect("serialises"), case());
    // Setters chain on a built value too: a value replaces the null.
    let changed = built.rfi("more documents").delete_after(7);
    assert_eq!(changed.rfi, Nullable::Value("more documents".to_owned()));
    assert_eq!(changed.delete_after, Some(7));
}
