//! Shared HTTP runtime for this API client.
//!
//! Every operation module of this crate builds a [`RequestSpec`], hands it to
//! [`ClientCore::execute`] together with the operation's static
//! [`OperationMeta`], and turns the resulting [`RawResponse`] into a typed
//! [`Response`] or [`Error`]. The module also contains the credential types,
//! the retry policy, the request validation helpers used by the models and a
//! few serde helpers.
//!
//! Credentials are kept in [`Secret`] values, which never print their
//! contents. They are attached to a request only while it is being sent, so
//! no request description, configuration or error ever carries them.
//!
//! One file per concern; everything public is re-exported here, so generated
//! code names each item as `crate::runtime::Item`.

mod auth;
mod builder;
mod client;
mod enums;
mod error;
#[cfg(feature = "mock")]
mod mock;
mod multipart;
mod params;
mod request;
mod response;
mod retry;
mod secret;
mod serde_helpers;
mod validate;

pub use auth::{AuthPlacement, Credential, SchemeDef};
pub use builder::{ApiClient, BuildError, Builder, Config};
pub use client::{ClientCore, OperationMeta, MAX_BODY_BYTES};
#[allow(unused_imports)]
pub(crate) use enums::{integer_enum, string_enum};
pub use error::{ApiError, DecodeError, DecodeErrorKind, Error, ResponseMeta};
#[cfg(feature = "mock")]
pub use mock::{
    mock_bytes, mock_check_decode, mock_check_json, mock_empty, mock_json, mock_text, BodyCheck,
    Expectation, MockError, MockExample, MockOperation, MockParam, MockReply, MockRequestBody,
    MockServer, ParamIn, Received,
};
pub use multipart::Multipart;
pub use params::{encode_path, QueryStyle, ToParam, WireEnum};
pub use request::RequestSpec;
pub use response::{
    RateLimit, RawResponse, Response, UndocumentedBody, SNIPPET_BYTES, UNDOCUMENTED_BODY_BYTES,
};
pub use retry::{RetryMode, RetryPolicy};
pub use secret::Secret;
pub use serde_helpers::{discriminator_of, double_option};
pub use validate::{
    check_max_items, check_max_length, check_max_properties, check_maximum, check_min_items,
    check_min_length, check_min_properties, check_minimum, check_multiple_of, check_pattern,
    check_unique_items, check_uri, AsF64, Checks, Path, Validate, ValidationError, Violation,
};
