//! Shared HTTP runtime for this API client.
//!
//! # The public face
//!
//! Each API module's `Client::builder()` is its `ClientBuilder`, a wrapped
//! [`Builder`]: set the base URL,
//! the credentials (one setter per security scheme), and optionally a
//! [`timeout`](Builder::timeout), a [`user_agent`](Builder::user_agent), a
//! [`retry`](Builder::retry) mode ([`RetryMode`], [`RetryPolicy`]) or your own
//! [`http_client`](Builder::http_client), then [`build`](Builder::build) it
//! ([`BuildError`] says what is wrong). A call returns a [`Response`] (status,
//! headers, typed body, [`RateLimit`]) or an [`Error`] whose `Api` variant
//! holds the operation's typed error ([`ApiError`]); [`CallOptions`] scope a
//! client to extra headers, cookies, a timeout or an idempotency key.
//!
//! ```ignore
//! use std::time::Duration;
//! use generated::runtime::{CallOptions, Error, RetryMode};
//! use generated::verifa_cases::Client;
//!
//! let client = Client::builder() // the spec's first usable server is the default
//!     .api_key_auth("vk_live_...")
//!     .timeout(Duration::from_secs(10))
//!     .retry(RetryMode::Never)
//!     .build()?;
//! let once = client.with_options(CallOptions::new().idempotency_key("case-ses_abc123"));
//! match once.create_review_case(&params, &body).await {
//!     Ok(response) => println!("{} {:?}", response.status, response.body),
//!     Err(Error::Api(api)) => eprintln!("documented error: {api}"),
//!     Err(other) => eprintln!("{other}"),
//! }
//! ```
//!
//! The crates whose types appear in this API are re-exported in [`export`].
//!
//! # Plumbing
//!
//! Every operation module of this crate builds a `RequestSpec` and hands it to
//! `ClientCore::call` together with the operation's static `OperationMeta` and
//! the `match` that turns the `RawResponse` into a typed [`Response`] or
//! [`Error`]. Those items, the input checks and the serde helpers are public
//! only because generated modules name them; they are hidden from the
//! documentation and are not part of the supported API.
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
mod construct;
mod de;
mod enums;
mod error;
#[cfg(feature = "mock")]
mod mock;
mod multipart;
mod nullable;
mod params;
mod request;
mod response;
mod retry;
mod secret;
mod ser;
mod serde_helpers;
mod validate;

// The public face: configuring a client, per-call options, building values, responses and
// errors.
pub use auth::Credential;
pub use builder::{BuildError, Builder, Config, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT};
pub use client::{Call, MAX_BODY_BYTES};
pub use construct::MissingField;
pub use enums::UnknownValue;
pub use error::{ApiError, DecodeError, DecodeErrorKind, Error, ResponseMeta};
#[cfg(feature = "mock")]
pub use mock::{
    mock_bytes, mock_check_decode, mock_check_json, mock_empty, mock_json, mock_text, BodyCheck,
    Expectation, MockError, MockExample, MockOperation, MockParam, MockReply, MockRequestBody,
    MockServer, ParamIn, Received,
};
pub use nullable::Nullable;
pub use request::{CallOptions, DEFAULT_IDEMPOTENCY_HEADER};
pub use response::{
    ErrorBody, RateLimit, RawBody, Response, UndocumentedBody, MESSAGE_CHARS, SNIPPET_BYTES,
    UNDOCUMENTED_BODY_BYTES,
};
pub use retry::{RetryMode, RetryPolicy};
pub use secret::Secret;
pub use validate::{Path, Validate, ValidationError, Violation};

// Plumbing the generated modules call: public only because generated code in
// other modules names it, hidden from the documentation and not part of the
// crate's supported API (it may change in any release).
#[doc(hidden)]
pub use auth::{AuthPlacement, SchemeDef};
#[doc(hidden)]
pub use builder::ApiClient;
#[doc(hidden)]
pub use client::{ClientCore, OperationMeta};
#[doc(hidden)]
pub use de::{decode_struct, Decoded, FieldError, Slot};
// The macros are `#[macro_export]`ed (at the crate root) and named here as runtime items.
#[doc(hidden)]
pub use crate::{client_builder, error_enum, integer_enum, string_enum};
#[doc(hidden)]
pub use multipart::Multipart;
#[doc(hidden)]
pub use params::{encode_path, QueryStyle, ToParam, WireEnum};
#[doc(hidden)]
pub use request::RequestSpec;
#[doc(hidden)]
pub use response::{
    error_message, error_source, write_error_variant, ErrorDetail, ErrorVariant, RawResponse,
};
#[doc(hidden)]
pub use ser::{encode_struct, field, field_if_some, field_unless_absent};
#[doc(hidden)]
pub use serde_helpers::discriminator_of;
#[doc(hidden)]
pub use validate::{
    check_max_items, check_max_length, check_max_properties, check_maximum, check_min_items,
    check_min_length, check_min_properties, check_minimum, check_multiple_of, check_pattern,
    check_unique_items, check_uri, AsF64, Checks,
};

/// The crates whose types appear in this crate's public API, re-exported so
/// that a user names the same versions this crate was built with: `chrono`
/// (dates such as a `NaiveDate` version header), `reqwest` (`HeaderMap`,
/// `StatusCode`, a custom `reqwest::Client` for the builder), `serde_json`
/// (free-form JSON values), `url` and `uuid`.
pub mod export {
    pub use chrono;
    pub use reqwest;
    pub use serde_json;
    pub use url;
    pub use uuid;
}
