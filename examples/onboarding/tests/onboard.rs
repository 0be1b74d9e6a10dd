//! The onboarding flow against the generated crate's mock servers: no vendor is reached, and
//! every request the flow sends is checked against the vendors' specs.

use generated::kyc_cases::errors::CreateKycCaseError;
use generated::runtime::ErrorBody;
use generated::{kyc_cases, verifa_cases, vove_id_kyb};
use onboarding::{Business, KycCase, Onboarding, OnboardingError};
use serde_json::json;

const KEY: &str = "sk_test_onboarding";

struct Mocks {
    vove: vove_id_kyb::mock::MockServer,
    verifa: verifa_cases::mock::MockServer,
    kyc: kyc_cases::mock::MockServer,
}

impl Mocks {
    async fn start() -> Self {
        Self {
            vove: vove_id_kyb::mock::MockServer::start().await,
            verifa: verifa_cases::mock::MockServer::start().await,
            kyc: kyc_cases::mock::MockServer::start().await,
        }
    }

    fn onboarding(&self) -> Onboarding {
        Onboarding {
            vove: self.vove.client().api_key_auth(KEY).build().expect("VOVE"),
            verifa: self
                .verifa
                .client()
                .api_key_auth(KEY)
                .build()
                .expect("Verifa"),
            kyc: self.kyc.client().bearer_auth(KEY).build().expect("KYC"),
        }
    }
}

fn representative() -> kyc_cases::KycCaseCreateInput {
    // Twelve required fields: the builder names any one left out.
    kyc_cases::KycCaseCreateInput::builder()
        .user_internal_id("user-42")
        .agency_name("Agency One")
        .regulated_provider_name("Provider Ltd")
        .programme_name("Business Account")
        .country_of_onboarding("GB")
        .relationship_type(kyc_cases::KycRelationshipType::NewOnboarding)
        .user_type(kyc_cases::KycUserType::Individual)
        .current_status(kyc_cases::KycCaseStatus::Draft)
        .case_priority(kyc_cases::KycCasePriority::Normal)
        .assigned_team("onboarding-team")
        .legal_first_name("Ada")
        .legal_last_name("Lovelace")
        .build()
        .expect("every required field is set")
}

fn business() -> Business {
    Business {
        reference: "biz-0001".to_owned(),
        session_id: "ses_abc123".to_owned(),
        representative: representative(),
    }
}

fn kyc_error(status: u16, code: &str) -> ErrorBody<kyc_cases::KycApiErrorEnvelope> {
    ErrorBody::Typed(
        serde_json::from_value(json!({"error": {
            "code": code,
            "message": format!("{code} happened"),
            "http_status": status
        }}))
        .expect("an error envelope"),
    )
}

#[tokio::test]
async fn onboards_with_the_vendors_documented_answers() {
    let mocks = Mocks::start().await;
    // VOVE and Verifa answer the examples their specs document.
    mocks.vove.create_kyb_case().times(1).mount();
    mocks.verifa.create_review_case().times(1).mount();
    // The KYC service answers a typed value of the test's own.
    let created: kyc_cases::CreateKycCaseResponse = serde_json::from_value(json!({
        "principal": "user:onboarding@example.com",
        "case": serde_json::to_value(representative()).expect("JSON")
    }))
    .map(|mut created: serde_json::Value| {
        let case = &mut created["case"];
        case["id"] = json!("case_01");
        case["row_version"] = json!(1);
        case["created_by"] = json!("user:onboarding@example.com");
        case["created_at"] = json!("2026-01-15T09:30:00Z");
        case["updated_at"] = json!("2026-01-15T09:30:00Z");
        created
    })
    .and_then(serde_json::from_value)
    .expect("a KYC case");
    mocks
        .kyc
        .create_kyc_case()
        .respond(created)
        .times(1)
        .mount();

    let onboarded = mocks
        .onboarding()
        .onboard(&business())
        .await
        .expect("onboarded");

    assert_eq!(onboarded.kyb_case_id, "65f1a2b3c4d5e6f7g8h9i0j1");
    assert_eq!(onboarded.review_case_id, "rvc_abc123");
    assert_eq!(onboarded.kyc, KycCase::Opened("case_01".to_owned()));
    // What the flow sent, typed.
    let sent = mocks.vove.received_create_kyb_case();
    assert_eq!(sent[0].ref_id, "biz-0001");
    assert_eq!(
        mocks.verifa.received_create_review_case()[0].session_id,
        "ses_abc123"
    );
    assert_eq!(mocks.kyc.received_create_kyc_case(), vec![representative()]);
}

#[tokio::test]
async fn an_existing_kyc_case_is_not_an_error() {
    let mocks = Mocks::start().await;
    mocks.vove.create_kyb_case().mount();
    mocks.verifa.create_review_case().mount();
    mocks
        .kyc
        .create_kyc_case()
        .error(CreateKycCaseError::Conflict(kyc_error(
            409,
            "CASE_ALREADY_EXISTS",
        )))
        .mount();

    let onboarded = mocks
        .onboarding()
        .onboard(&business())
        .await
        .expect("onboarded");

    assert_eq!(
        onboarded.kyc,
        KycCase::AlreadyOpen("CASE_ALREADY_EXISTS".to_owned())
    );
}

#[tokio::test]
async fn a_kyc_service_outage_fails_onboarding() {
    let mocks = Mocks::start().await;
    mocks.vove.create_kyb_case().mount();
    mocks.verifa.create_review_case().mount();
    mocks
        .kyc
        .create_kyc_case()
        .error(CreateKycCaseError::ServiceUnavailable(kyc_error(
            503,
            "SERVICE_DEGRADED",
        )))
        .retry_after(0)
        .mount();

    let error = mocks
        .onboarding()
        .onboard(&business())
        .await
        .expect_err("an outage");

    assert!(
        matches!(&error, OnboardingError::Kyc(e) if matches!(e.api(), Some(CreateKycCaseError::ServiceUnavailable(_)))),
        "{error}"
    );
}
