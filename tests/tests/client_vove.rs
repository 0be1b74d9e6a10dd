//! The VOVE ID KYB client (`POST /kyb/case`) against a real HTTP server: the documented
//! examples, one error variant per documented status and the request it sends.

mod client_support;

use client_support::vove::{request, response_example, SPEC};
use client_support::*;
use generated::runtime::ErrorBody;
use generated::vove_id_kyb as api;
use serde_json::{json, Value};

type Op = VoveCreateKybCase;

#[tokio::test]
async fn documented_success_example_decodes_into_the_typed_body() {
    let example = response_example(200, "created");
    let (response, sent) = success_for::<Op>(example.clone()).await;
    assert_eq!(response.status, 200);
    assert_eq!(response.request_id(), Some(REQUEST_ID));
    let body = &response.body;
    assert_eq!(body.kyb_case.id, example["kybCase"]["_id"]);
    assert_eq!(body.kyb_case.ref_id, example["kybCase"]["refId"]);
    assert_eq!(body.kyb_case.status, api::KybCaseStatus::NotStarted);
    assert_eq!(
        body.kyb_case.flow.as_deref(),
        example["kybCase"]["flow"].as_str()
    );
    assert_eq!(body.token, example["token"]);
    let round_trip = serde_json::to_value(body).expect("the body serialises");
    assert_eq!(round_trip, example);

    // The request was the documented request example, with its wire names.
    let documented = spec_value(
        SPEC,
        "/paths/~1kyb~1case/post/requestBody/content/application~1json/examples/requestBody/value",
    );
    assert_eq!(sent.body_json::<Value>().expect("a JSON body"), documented);
}

#[tokio::test]
async fn each_documented_error_status_has_its_own_variant() {
    use api::errors::CreateKybCaseError as E;

    let bad_request = response_example(400, "validationFailed");
    match api_error_for::<Op>(400, bad_request).await {
        E::BadRequest(ErrorBody::Typed(body)) => {
            assert_eq!(body.status_code, 400);
            assert_eq!(body.message, "Validation failed");
            assert_eq!(
                body.errors,
                Some(vec!["flow must be a valid flow ID".to_owned()])
            );
        }
        other => panic!("400 gave {other:?}"),
    }

    // 401 and 404 share the body schema; the status alone picks the variant.
    match api_error_for::<Op>(401, response_example(401, "invalidApiKey")).await {
        E::Unauthorized(ErrorBody::Typed(body)) => assert_eq!(body.message, "Invalid API key"),
        other => panic!("401 gave {other:?}"),
    }
    match api_error_for::<Op>(404, response_example(404, "flowNotFound")).await {
        E::NotFound(ErrorBody::Typed(body)) => assert_eq!(body.message, "KYB flow not found"),
        other => panic!("404 gave {other:?}"),
    }

    let forbidden = json!({"statusCode": 403, "message": "Forbidden resource"});
    match api_error_for::<Op>(403, forbidden).await {
        E::Forbidden(ErrorBody::Typed(body)) => assert_eq!(body.status_code, 403),
        other => panic!("403 gave {other:?}"),
    }

    // The same body under a status the spec does not list is not guessed from its shape.
    let body = response_example(404, "flowNotFound");
    match api_error_for::<Op>(410, body.clone()).await {
        E::Undocumented(raw) => {
            assert_eq!(raw.status, 410);
            assert_eq!(raw.content_type.as_deref(), Some("application/json"));
            assert_eq!(
                serde_json::from_str::<Value>(&raw.body).expect("the raw body is the JSON sent"),
                body
            );
        }
        other => panic!("410 gave {other:?}"),
    }
}

#[tokio::test]
async fn case_status_is_an_enum_that_keeps_unknown_states() {
    // The page names NOT_STARTED, COMPLETED and REJECTED; a state it does not name decodes
    // into `Unknown` and is sent back as received.
    let mut example = response_example(200, "created");
    for (wire, known) in [
        ("COMPLETED", api::KybCaseStatus::Completed),
        ("REJECTED", api::KybCaseStatus::Rejected),
    ] {
        example["kybCase"]["status"] = json!(wire);
        let (response, _) = success_for::<Op>(example.clone()).await;
        assert_eq!(response.body.kyb_case.status, known);
    }
    example["kybCase"]["status"] = json!("UNDER_MANUAL_REVIEW");
    let (response, _) = success_for::<Op>(example.clone()).await;
    assert!(matches!(
        &response.body.kyb_case.status,
        api::KybCaseStatus::Unknown(raw) if raw.as_str() == "UNDER_MANUAL_REVIEW"
    ));
    assert_eq!(
        response.body.kyb_case.status.as_str(),
        "UNDER_MANUAL_REVIEW"
    );
    assert_eq!(
        serde_json::to_value(&response.body).expect("serialises"),
        example
    );
}

#[tokio::test]
async fn api_key_goes_in_the_x_api_key_header_only() {
    let (_, sent) = success_for::<Op>(response_example(200, "created")).await;
    assert_secret_only_in(&sent, "x-api-key", SECRET);
    assert!(sent.headers.get("authorization").is_none());
    assert!(sent.headers.get("cookie").is_none());
    assert_eq!(sent.url.query(), None);
}

#[tokio::test]
async fn request_built_from_its_constructor_sends_only_the_required_field() {
    let body = api::CreateKybCaseRequest::new("biz-001");
    let server = serve::<Op>(success_response::<Op>()).await;
    let client = Op::client(&server.uri(), Setup::once());
    expect_success(Op::API, client.create_kyb_case(&body).await);
    let sent = only_request(&server).await;
    assert_eq!(
        sent.body_json::<Value>().expect("a JSON body"),
        json!({"refId": "biz-001"})
    );

    let mut full = api::CreateKybCaseRequest::new("biz-002");
    full.flow = Some("flow-1".to_owned());
    full.country = Some("GB".to_owned());
    full.country_state = Some("England".to_owned());
    assert_eq!(full, request_with_ref("biz-002", "flow-1"));
}

/// The documented request example with another reference and flow.
fn request_with_ref(ref_id: &str, flow: &str) -> api::CreateKybCaseRequest {
    let mut body = request();
    body.ref_id = ref_id.to_owned();
    body.flow = Some(flow.to_owned());
    body
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    // The published servers end in `/v2`; the operation path is appended to it.
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::path("/v2/kyb/case"))
        .respond_with(success_response::<Op>())
        .expect(2)
        .mount(&server)
        .await;
    for base in [
        format!("{}/v2", server.uri()),
        format!("{}/v2/", server.uri()),
    ] {
        let client = Op::client(&base, Setup::once());
        assert_eq!(client.base_url(), format!("{}/v2", server.uri()));
        let response = expect_success(Op::API, Op::call(&client).await);
        assert_eq!(response.status, 200);
    }
}
