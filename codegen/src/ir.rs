//! The intermediate representation between the OpenAPI document and Rust emission.
//!
//! `lower` builds it from `openapiv3` types; the emitters read only this. Everything here is
//! already resolved (no `$ref`s), named (Rust identifiers from [`crate::naming`]) and ordered
//! (operations in document order, types sorted by name), so emission is a pure function of it.
//! Each item keeps the JSON pointer it came from, for diagnostics and for the breaking-change
//! report, which compares two IRs.

use serde::Serialize;

/// One API: everything generated from one spec file into one Rust module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// Rust module name, from the spec's file stem (`vove-id-kyb.yaml` -> `vove_id_kyb`).
    pub module: String,
    /// The spec's path as given to the generator, for messages and headers.
    pub source: String,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in document order.
    pub servers: Vec<Server>,
    /// `components.securitySchemes` that the client supports, sorted by key.
    pub security_schemes: Vec<SecurityScheme>,
    /// Operations in document order (paths, then methods in a fixed order).
    pub operations: Vec<Operation>,
    /// Named types (components and inline schemas), sorted by Rust name.
    pub types: Vec<TypeDef>,
    /// JSON pointers of the spec's objects that carry an `example` or `examples`, sorted; the
    /// contract registry covers these positions.
    pub examples: Vec<String>,
    /// Whether each operation's method, and the types only some tags' operations use, are
    /// behind a cargo feature per tag (`codegen.toml`: `tag_features`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub tag_features: bool,
    /// Webhooks (OpenAPI 3.1 `webhooks`, or 3.0's `x-webhooks`): requests the API sends to its
    /// users, in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub webhooks: Vec<Webhook>,
}

/// A request the API sends to its users (a webhook): its body gets a typed parse function.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    /// JSON pointer of the operation object (`/webhooks/<name>/post`).
    pub pointer: String,
    /// The webhook's key in `webhooks`.
    pub name: String,
    /// Upper-case HTTP method the API sends it with.
    pub method: String,
    /// Rust name of the parse function (`parse_<name>`).
    pub fn_name: String,
    /// Documentation.
    pub docs: Docs,
    /// The payload; `None` when the webhook documents no body.
    pub body: Option<RequestBody>,
}

/// A base URL the API is published at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// Rust constant name, e.g. `PRODUCTION`.
    pub const_name: String,
    /// The URL with server variables replaced by their defaults.
    pub url: String,
    /// The URL template as written, with `{variable}` placeholders.
    pub template: String,
    /// Server variables in template order.
    pub variables: Vec<ServerVariable>,
    /// `description`.
    pub description: Option<String>,
    /// Whether the URL (variables at their defaults) may be the client's default base URL:
    /// see `lower::security::usable_server_url` for the rule. A client of an API without a
    /// usable server requires a base URL, so no credential goes to a placeholder host.
    pub usable: bool,
}

/// A `{variable}` in a server URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// Name in the template.
    pub name: String,
    /// Rust argument name.
    pub rust_name: String,
    /// `default`.
    pub default: String,
    /// `description`, its lines joined into one paragraph (it documents the variable on one
    /// line); `None` when absent or blank.
    pub description: Option<String>,
    /// `enum`: the values the spec allows (then `default` is one of them), in document order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// A security scheme the generated client can fill in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub key: String,
    /// Rust name of the builder method and constant (snake case).
    pub rust_name: String,
    /// Where the credential goes.
    pub kind: SecurityKind,
    /// `description`.
    pub description: Option<String>,
}

/// Where a credential is placed on the request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SecurityKind {
    /// An API key in the named header.
    ApiKeyHeader(String),
    /// An API key in the named query parameter.
    ApiKeyQuery(String),
    /// An API key in the named cookie.
    ApiKeyCookie(String),
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2 and OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...`.
    Basic,
}

/// Documentation copied from the spec.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Docs {
    /// `summary` or `title`.
    pub summary: Option<String>,
    /// `description`.
    pub description: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
}

/// One HTTP operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// JSON pointer of the operation object.
    pub pointer: String,
    /// `operationId` (or the derived one when the spec has none).
    pub operation_id: String,
    /// Rust method name (snake case).
    pub fn_name: String,
    /// Rust name stem for per-operation types (`CreateKybCase` -> `CreateKybCaseError`).
    pub type_stem: String,
    /// Upper-case HTTP method.
    pub method: String,
    /// Path template, e.g. `/pets/{petId}`.
    pub path: String,
    /// Documentation.
    pub docs: Docs,
    /// Parameters: path parameters in template order, then the rest in document order.
    pub params: Vec<Parameter>,
    /// The request body, if any.
    pub body: Option<RequestBody>,
    /// Responses: explicit codes ascending, then ranges, then `default`.
    pub responses: Vec<Response>,
    /// Security alternatives; each inner list names scheme keys that apply together.
    /// Empty: no authentication.
    pub security: Vec<Vec<String>>,
    /// Whether retries are safe by default (HTTP semantics or `x-idempotent`).
    pub idempotent: bool,
    /// `tags`, in document order (document filtering and per-tag cargo features read them).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// Substituted into the path template.
    Path,
    /// In the query string.
    Query,
    /// A request header.
    Header,
    /// A cookie.
    Cookie,
}

/// How a query parameter's value is serialised (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryStyle {
    /// `form`, with `explode`.
    Form {
        /// `a=1&a=2` when true, `a=1,2` when false.
        explode: bool,
    },
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// One operation parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Parameter {
    /// JSON pointer of the schema the type comes from (`.../schema`, or the chosen media
    /// type's `schema` for a parameter described by `content`).
    pub pointer: String,
    /// The name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Where it travels.
    pub location: ParamLocation,
    /// Query serialisation (query parameters only; `Form { explode: true }` otherwise).
    pub style: QueryStyle,
    /// Required parameters are plain fields; optional ones are `Option`.
    pub required: bool,
    /// Value type.
    pub ty: TypeRef,
    /// Constraints checked before sending.
    pub constraints: Constraints,
    /// Documentation.
    pub docs: Docs,
}

/// How a body is encoded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum BodyEncoding {
    /// `application/json` and `+json` types.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `text/*`: a string.
    Text,
    /// Anything else (`application/octet-stream`, images, and `multipart/*` responses): raw
    /// bytes.
    Bytes,
    /// A `multipart/form-data` request body: one part per property of its object type,
    /// binary properties as files.
    Multipart,
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// JSON pointer of the chosen media type object.
    pub pointer: String,
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    /// Encoding derived from the media type.
    pub encoding: BodyEncoding,
    /// Body type (`Bytes`/`Text` encodings use the matching primitive).
    pub ty: TypeRef,
    /// `required`; an optional body is an `Option` argument.
    pub required: bool,
    /// The first documented example, used in generated documentation.
    pub example: Option<serde_json::Value>,
    /// Documentation.
    pub docs: Docs,
}

/// Which statuses a response entry covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusMatch {
    /// One status code.
    Code(u16),
    /// `1XX` .. `5XX`: the hundreds digit.
    Range(u16),
    /// `default`: every status not otherwise listed.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// JSON pointer of the response (or its media type object when it has a body).
    pub pointer: String,
    /// Statuses covered.
    pub status: StatusMatch,
    /// Whether this is a success (2xx) response.
    pub success: bool,
    /// Variant name in the operation's success or error enum.
    pub variant: String,
    /// Body, if any.
    pub body: Option<ResponseBody>,
    /// Response headers the spec documents, sorted by wire name.
    pub headers: Vec<ResponseHeader>,
    /// `description`.
    pub description: Option<String>,
}

/// A documented response header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseHeader {
    /// The name on the wire.
    pub wire_name: String,
    /// JSON pointer of the schema the type comes from (`.../schema`, or the chosen media
    /// type's `schema` for a header described by `content`); `None` when the header has no
    /// usable schema.
    pub pointer: Option<String>,
    /// Value type of the header's schema (`String` when it has none).
    pub ty: TypeRef,
}

/// A response body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseBody {
    /// The media type chosen for decoding.
    pub media_type: String,
    /// Decoding derived from the media type.
    pub encoding: BodyEncoding,
    /// Body type.
    pub ty: TypeRef,
    /// The media type's `example` (or its first inline `examples` value), if any; a mock
    /// server answers with it by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<serde_json::Value>,
}

/// A reference to a type, as used by fields, parameters and bodies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TypeRef {
    /// A named type in [`Api::types`].
    Named(String),
    /// A built-in type.
    Primitive(Primitive),
    /// A JSON array.
    Array(Box<TypeRef>),
    /// A JSON object with arbitrary keys (`additionalProperties`).
    Map(Box<TypeRef>),
    /// A value that may be `null` (nullable items and map values; fields carry their own flag).
    Nullable(Box<TypeRef>),
    /// A named type that is boxed because it contains itself.
    Boxed(Box<TypeRef>),
}

/// Built-in types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Primitive {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `chrono::DateTime<Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `uuid::Uuid`.
    Uuid,
    /// `format: uri`: a `String`, checked to parse as an absolute URL before sending.
    Url,
    /// Raw bytes (`format: binary`).
    Bytes,
    /// Any JSON value.
    Json,
    /// A JSON object with arbitrary values.
    JsonObject,
}

/// Validation constraints on one value.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    /// `minLength`.
    pub min_length: Option<u64>,
    /// `maxLength`.
    pub max_length: Option<u64>,
    /// `pattern`, when the regex engine accepts it.
    pub pattern: Option<String>,
    /// `minimum` and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    /// `maximum` and whether it is exclusive.
    pub maximum: Option<(f64, bool)>,
    /// `multipleOf`.
    pub multiple_of: Option<f64>,
    /// `minItems`.
    pub min_items: Option<u64>,
    /// `maxItems`.
    pub max_items: Option<u64>,
    /// `uniqueItems`.
    pub unique_items: bool,
}

impl Constraints {
    /// Whether no constraint is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// Rust name (upper camel case), unique in the API.
    pub name: String,
    /// JSON pointer of the schema it came from.
    pub pointer: String,
    /// Documentation.
    pub docs: Docs,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A closed set of values, open to unknown ones.
    Enum(EnumDef),
    /// `oneOf`/`anyOf`: one of several types.
    Union(UnionDef),
    /// Another name for a type (`type: string` schemas in components and the like).
    Alias(TypeRef),
}

/// An object type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StructDef {
    /// Properties in document order (`allOf` parts in order).
    pub fields: Vec<Field>,
    /// `additionalProperties` type, collected into a flattened map.
    pub additional: Option<TypeRef>,
}

/// One property.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// JSON pointer of the property's schema.
    pub pointer: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Rust field name.
    pub rust_name: String,
    /// Value type.
    pub ty: TypeRef,
    /// In the schema's `required` list.
    pub required: bool,
    /// `nullable: true` (or `null` among enum values).
    pub nullable: bool,
    /// Constraints checked by `Validate`.
    pub constraints: Constraints,
    /// Documentation.
    pub docs: Docs,
    /// `readOnly: true`.
    pub read_only: bool,
    /// The value's own properties are the object's (an `allOf` part that is a `oneOf` or
    /// `anyOf`): `#[serde(flatten)]`. The wire name is then only the Rust name.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub flatten: bool,
}

/// The wire representation of an enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EnumRepr {
    /// JSON strings.
    String,
    /// JSON integers.
    Integer,
}

/// An enum with known values and an `Unknown` catch-all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumDef {
    /// Wire representation.
    pub repr: EnumRepr,
    /// Known values in document order.
    pub variants: Vec<EnumVariant>,
}

/// One enum value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnumVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// The value on the wire (integers as their decimal text).
    pub wire: String,
}

/// A `oneOf`/`anyOf` type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionDef {
    /// Alternatives in document order.
    pub variants: Vec<UnionVariant>,
    /// The discriminator property, when the spec names one.
    pub discriminator: Option<String>,
}

/// One alternative of a union.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionVariant {
    /// Rust variant name.
    pub rust_name: String,
    /// Its type.
    pub ty: TypeRef,
    /// Discriminator values that select it (empty without a discriminator).
    pub tags: Vec<String>,
}
