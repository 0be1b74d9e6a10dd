//! Onboarding a business, as a crate that depends on the generated clients would write it:
//! create a KYB case at VOVE, open a review case at Verifa for the verification session, and
//! open a KYC case for the business's representative at the KYC service, where a case that
//! already exists (409) is not an error. Its tests (`tests/onboard.rs`) run the flow against
//! the generated crate's mock servers (the `mock` feature), with no vendor in reach.

use generated::kyc_cases::errors::CreateKycCaseError;
use generated::runtime::{Error, ErrorBody};
use generated::{kyc_cases, verifa_cases, vove_id_kyb};
use std::fmt;

/// The three clients the flow calls.
#[derive(Debug, Clone)]
pub struct Onboarding {
    /// VOVE ID's KYB API.
    pub vove: vove_id_kyb::Client,
    /// Verifa's review cases API.
    pub verifa: verifa_cases::Client,
    /// The KYC case service.
    pub kyc: kyc_cases::Client,
}

/// The business to onboard.
#[derive(Debug, Clone)]
pub struct Business {
    /// Our reference of the business, sent to VOVE as `refId`.
    pub reference: String,
    /// The Verifa verification session of the business's representative.
    pub session_id: String,
    /// The KYC case of the representative.
    pub representative: kyc_cases::KycCaseCreateInput,
}

/// What onboarding opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Onboarded {
    /// VOVE's KYB case.
    pub kyb_case_id: String,
    /// Verifa's review case.
    pub review_case_id: String,
    /// The representative's KYC case.
    pub kyc: KycCase,
}

/// The representative's KYC case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KycCase {
    /// Opened now, with its ID.
    Opened(String),
    /// The service already had one (it answered 409 with this error code).
    AlreadyOpen(String),
}

/// A step of onboarding failed.
#[derive(Debug)]
pub enum OnboardingError {
    /// Creating the KYB case at VOVE.
    Kyb(Error<vove_id_kyb::errors::CreateKybCaseError>),
    /// Opening the review case at Verifa.
    Review(Error<verifa_cases::errors::CreateReviewCaseError>),
    /// Opening the KYC case.
    Kyc(Error<CreateKycCaseError>),
}

impl fmt::Display for OnboardingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Kyb(e) => write!(f, "creating the KYB case: {e}"),
            Self::Review(e) => write!(f, "opening the review case: {e}"),
            Self::Kyc(e) => write!(f, "opening the KYC case: {e}"),
        }
    }
}

impl std::error::Error for OnboardingError {}

impl Onboarding {
    /// Runs the flow for `business`.
    pub async fn onboard(&self, business: &Business) -> Result<Onboarded, OnboardingError> {
        let kyb = self
            .vove
            .create_kyb_case(&vove_id_kyb::CreateKybCaseRequest::new(
                business.reference.clone(),
            ))
            .await
            .map_err(OnboardingError::Kyb)?;
        let review = self
            .verifa
            .create_review_case(
                &Default::default(),
                &verifa_cases::CreateReviewCaseRequest::new(business.session_id.clone()),
            )
            .await
            .map_err(OnboardingError::Review)?;
        let kyc = match self.kyc.create_kyc_case(&business.representative).await {
            Ok(created) => KycCase::Opened(created.body.case.id),
            Err(e) => match e.api() {
                // A 409 whose body is the documented envelope: the case is already open.
                Some(CreateKycCaseError::Conflict(ErrorBody::Typed(envelope))) => {
                    KycCase::AlreadyOpen(envelope.error.code.clone())
                }
                _ => return Err(OnboardingError::Kyc(e)),
            },
        };
        Ok(Onboarded {
            kyb_case_id: kyb.body.kyb_case.id,
            review_case_id: review.body.id,
            kyc,
        })
    }
}
