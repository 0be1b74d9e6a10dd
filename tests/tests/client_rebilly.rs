//! The Rebilly client (`POST /kyc-requests`) against a real HTTP server: the documented
//! request examples, the created request with its `Location`, one error variant per
//! documented status, the two alternative credentials, open enums and validation.

mod client_support;

use std::time::Duration;

use client_support::rebilly::{created, problem, request, request_json, SPEC};
use client_support::*;
use generated::rebilly_kyc_requests as api;
use generated::runtime::{Error, ErrorBody};
use generated::Nullable;
use serde_json::{json, Value};
use wiremock::ResponseTemplate;

type Op = RebillyCreateKycRequest;

const LOCATION: &str = "https://api.rebilly.com/organizations/org_1/kyc-requests/kyc_req_0YV7";

/// A second credential, to tell the two schemes apart.
const JWT: &str = "eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl";

#[tokio::test]
async fn created_request_decodes_with_its_location() {
    let server = serve::<Op>(
        ResponseTemplate::new(201)
            .insert_header("location", LOCATION)
            .insert_header("x-ratelimit-limit", "3600")
            .insert_header("x-ratelimit-remaining", "3599")
            .set_body_json(created()),
    )
    .await;
    let response = expect_success(Op::API, call_once::<Op>(&server).await);
    assert_eq!(response.status, 201);
    assert_eq!(response.location(), Some(LOCATION));
    assert_eq!(response.rate_limit().remaining, Some(3599));
    let body = &response.body;
    assert_eq!(
        body.id.as_deref(),
        Some("kyc_req_0YV7JMJ3DBCGRBR7K9D4HVGPP5")
    );
    assert_eq!(body.status, Some(api::KycRequestStatus::Gathering));
    assert_eq!(body.customer_id, "123_456789");
    assert_eq!(body.match_level, Some(api::KycDocumentMatchLevel::V2));
    assert_eq!(body.documents.len(), 3);
    assert_eq!(
        body.documents[0].type_,
        api::KycDocumentType::CreditFileProof
    );
    assert_eq!(body.documents[0].max_attempts, Some(1));
    assert_eq!(body.documents[1].type_, api::KycDocumentType::IdentityProof);
    let links = body.links.as_ref().expect("links were sent");
    assert_eq!(links[1].rel, Some(api::KycRequestLinkRel::Gatherer));
    assert_eq!(
        body.redirect_url.value().map(|u| u.as_str()),
        Some("https://example.com/return-here/")
    );

    let sent = only_request(&server).await;
    assert_eq!(
        sent.body_json::<Value>().expect("a JSON body"),
        request_json()
    );
}

#[tokio::test]
async fn every_documented_request_example_is_a_valid_typed_request() {
    let examples = spec_value(
        SPEC,
        "/paths/~1kyc-requests/post/requestBody/content/application~1json/examples",
    );
    let examples = examples.as_object().expect("named examples");
    assert_eq!(examples.len(), 3);
    for (name, example) in examples {
        let value = example["value"].clone();
        let typed: api::KycRequestCreateInput = decode(value.clone());
        generated::runtime::Validate::validate(&typed)
            .unwrap_or_else(|e| panic!("example {name} is invalid: {e}"));
        assert_eq!(
            serde_json::to_value(&typed).expect("serialises"),
            value,
            "example {name} round-trips"
        );
    }
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant() {
    use api::errors::CreateKycRequestError as E;

    // 401, 403 and 429 share `ProblemDetails`; the status alone picks the variant.
    match api_error_for::<Op>(401, problem(401, "Unauthorized")).await {
        E::Unauthorized(ErrorBody::Typed(p)) => {
            assert_eq!(p.title.as_deref(), Some("Unauthorized"))
        }
        other => panic!("401 gave {other:?}"),
    }
    match api_error_for::<Op>(403, problem(403, "Forbidden")).await {
        E::Forbidden(ErrorBody::Typed(p)) => {
            assert_eq!(p.status, Some(403));
            assert_eq!(p.instance.as_deref(), Some("/kyc-requests"));
        }
        other => panic!("403 gave {other:?}"),
    }
    let mut invalid = problem(422, "Invalid data");
    invalid["invalidFields"] = json!([
        {"field": "documents.0.maxAttempts", "message": "must be at most 100"}
    ]);
    invalid["extension"] = json!({"kept": true});
    match api_error_for::<Op>(422, invalid).await {
        E::UnprocessableEntity(ErrorBody::Typed(p)) => {
            let fields = p.invalid_fields.expect("invalid fields were sent");
            assert_eq!(fields[0].field.as_deref(), Some("documents.0.maxAttempts"));
            assert_eq!(
                p.additional_properties.get("extension"),
                Some(&json!({"kept": true}))
            );
        }
        other => panic!("422 gave {other:?}"),
    }
    let rate_limited = spec_value(
        SPEC,
        "/paths/~1kyc-requests/post/responses/429/content/application~1json/examples/rateLimitExceeded/value",
    );
    match api_error_for::<Op>(429, rate_limited).await {
        E::TooManyRequests(ErrorBody::Typed(p)) => {
            assert_eq!(p.title.as_deref(), Some("Rate Limit Exceeded"));
            assert_eq!(p.type_.as_deref(), Some("about:blank"));
        }
        other => panic!("429 gave {other:?}"),
    }
    match api_error_for::<Op>(400, problem(400, "Bad Request")).await {
        E::Undocumented(raw) => assert_eq!(raw.status, 400),
        other => panic!("400 gave {other:?}"),
    }
}

#[tokio::test]
async fn problem_json_content_type_is_json() {
    let server = serve::<Op>(ResponseTemplate::new(403).set_body_raw(
        problem(403, "Forbidden").to_string(),
        "application/problem+json",
    ))
    .await;
    let error = expect_error(Op::API, call_once::<Op>(&server).await);
    assert!(
        matches!(
            error.api(),
            Some(api::errors::CreateKycRequestError::Forbidden(ErrorBody::Typed(p))) if p.status == Some(403)
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn rate_limit_reset_time_becomes_the_retry_hint() {
    // Rebilly sends a Unix time in `X-RateLimit-Retry-After`, not a number of seconds.
    let at = chrono::Utc::now().timestamp() + 30;
    let server = serve::<Op>(
        ResponseTemplate::new(429)
            .insert_header("x-ratelimit-retry-after", at.to_string())
            .set_body_json(problem(429, "Rate Limit Exceeded")),
    )
    .await;
    let error = expect_error(Op::API, call_once::<Op>(&server).await);
    let hint = error.retry_after().expect("a retry hint");
    assert!(
        hint > Duration::from_secs(27) && hint <= Duration::from_secs(30),
        "{hint:?}"
    );
}

#[tokio::test]
async fn secret_key_goes_in_its_header_only() {
    let (_, sent) = success_for::<Op>(created()).await;
    assert_secret_only_in(&sent, "reb-apikey", SECRET);
    assert!(sent.headers.get("authorization").is_none());
}

#[tokio::test]
async fn jwt_goes_in_the_authorization_header_only() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .jwt(SECRET)
        .build()
        .expect("a valid client configuration");
    assert_no_secret("the client's Debug", &format!("{client:?}"));
    expect_success(Op::API, client.create_kyc_request(&request()).await);
    let sent = only_request(&server).await;
    assert_secret_only_in(&sent, "authorization", &format!("Bearer {SECRET}"));
    assert!(sent.headers.get("reb-apikey").is_none());
}

#[tokio::test]
async fn with_both_credentials_only_the_first_alternative_is_sent() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = api::Client::builder()
        .base_url(server.uri())
        .jwt(JWT)
        .secret_api_key(SECRET)
        .build()
        .expect("a valid client configuration");
    let debug = format!("{client:?}");
    assert!(!debug.contains(SECRET) && !debug.contains(JWT), "{debug}");
    expect_success(Op::API, client.create_kyc_request(&request()).await);
    let sent = only_request(&server).await;
    assert_secret_only_in(&sent, "reb-apikey", SECRET);
    for (name, value) in &sent.headers {
        let value = String::from_utf8_lossy(value.as_bytes());
        assert!(!value.contains(JWT), "the JWT was sent in `{name}`");
    }
}

#[tokio::test]
async fn unknown_enum_values_decode_into_unknown() {
    let mut body = created();
    body["status"] = json!("on-hold");
    body["matchLevel"] = json!(7);
    body["documents"][0]["type"] = json!("selfie-proof");
    body["documents"][1]["subtypes"] = json!(["passport", "space-visa"]);
    body["_links"][0]["rel"] = json!("history");
    let (response, _) = success_for::<Op>(body.clone()).await;
    let decoded = &response.body;
    assert_eq!(decoded.status, Some(api::KycRequestStatus::from("on-hold")));
    assert!(matches!(
        &decoded.status,
        Some(api::KycRequestStatus::Unknown(raw)) if raw.as_str() == "on-hold"
    ));
    assert_eq!(
        decoded.match_level,
        Some(api::KycDocumentMatchLevel::from(7))
    );
    assert!(matches!(
        decoded.match_level,
        Some(api::KycDocumentMatchLevel::Unknown(raw)) if raw.get() == 7
    ));
    assert_eq!(
        decoded.documents[0].type_,
        api::KycDocumentType::from("selfie-proof")
    );
    assert_eq!(
        decoded.documents[1].subtypes,
        Nullable::Value(vec![
            Some(api::KycDocumentSubtype::Passport),
            Some(api::KycDocumentSubtype::from("space-visa")),
        ])
    );
    let links = decoded.links.as_ref().expect("links were sent");
    assert_eq!(links[0].rel, Some(api::KycRequestLinkRel::from("history")));
    assert_eq!(serde_json::to_value(decoded).expect("serialises"), body);
}

#[tokio::test]
async fn null_is_a_documented_subtype() {
    // `KycDocumentSubtype` is nullable and lists `null` among its values.
    let mut body = created();
    body["documents"][1]["subtypes"] = json!(["passport", null]);
    let (response, _) = success_for::<Op>(body.clone()).await;
    assert_eq!(
        serde_json::to_value(&response.body).expect("serialises"),
        body
    );
}

#[tokio::test]
async fn too_many_attempts_are_refused_before_sending() {
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());

    let mut body = request();
    body.documents[0].max_attempts = Some(101);
    let error = expect_error(Op::API, client.create_kyc_request(&body).await);
    let Error::Validation(validation) = &error else {
        panic!("expected Error::Validation, got {error:?}");
    };
    assert_eq!(validation.violations.len(), 1, "{validation}");
    let violation = &validation.violations[0];
    assert_eq!(violation.path, "documents[0].maxAttempts");
    assert_eq!(violation.constraint, "maximum");
    assert!(
        violation.message.contains("100") && violation.message.contains("101"),
        "{}",
        violation.message
    );
    assert!(
        error.to_string().contains("documents[0].maxAttempts"),
        "{error}"
    );

    // Every broken constraint is reported at once.
    let mut body = api::KycRequestCreateInput::new("c".repeat(51), Vec::new());
    body.customer_id.push('!');
    let Err(Error::Validation(validation)) = client.create_kyc_request(&body).await else {
        panic!("expected Error::Validation");
    };
    let found: Vec<(&str, &str)> = validation
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.constraint))
        .collect();
    assert_eq!(
        found,
        [("customerId", "maxLength"), ("documents", "minItems")]
    );

    assert!(received(&server).await.is_empty(), "nothing is sent");
}

#[tokio::test]
async fn request_built_from_its_constructor() {
    let document = api::KycRequestDocument::new(api::KycDocumentType::IdentityProof);
    let body = api::KycRequestCreateInput::new("cust_1", vec![document]);
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    expect_success(Op::API, client.create_kyc_request(&body).await);
    assert_eq!(
        only_request(&server)
            .await
            .body_json::<Value>()
            .expect("a JSON body"),
        json!({"customerId": "cust_1", "documents": [{"type": "identity-proof"}]})
    );
}

/// Both servers default `organizationId` to `unknown`, Rebilly's own placeholder: no default
/// base URL, so nothing is sent to `/organizations/unknown`; the server functions build real
/// ones.
#[test]
fn the_unknown_organization_is_never_the_default() {
    let error = api::Client::builder()
        .secret_api_key(SECRET)
        .build()
        .expect_err("no usable server");
    assert!(
        error.message().contains("set one with `base_url(..)`"),
        "{error}"
    );
    let client = api::Client::builder()
        .base_url(api::servers::sandbox("acme"))
        .secret_api_key(SECRET)
        .build()
        .expect("a real organization");
    assert_eq!(
        client.base_url(),
        "https://api-sandbox.rebilly.com/organizations/acme"
    );
}
