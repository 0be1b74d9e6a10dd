//! Every Rust name the generator writes comes from here.
//!
//! Wire names are turned into identifiers with `heck`, then made valid: symbols that carry
//! meaning become words (`+` -> `plus`), leading digits get a prefix, Rust keywords get a
//! trailing underscore. [`Scope`] hands out names within one namespace (the fields of a struct,
//! the variants of an enum, the types of an API) and resolves collisions deterministically,
//! reporting each one so the caller can warn. Emission always keeps the wire name beside the
//! Rust name (`#[serde(rename = "...")]`), so nothing here has to be reversible.

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be identifiers as they are (strict and reserved keywords of every edition).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces symbols that carry meaning with words and everything else that cannot appear in
/// an identifier with a separator, so `heck` sees clean word boundaries.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 8);
    let mut chars = raw.chars().peekable();
    let mut first = true;
    while let Some(c) = chars.next() {
        let word = match c {
            '+' => Some("plus"),
            '<' => Some("lt"),
            '>' => Some("gt"),
            '=' => Some("eq"),
            '*' => Some("star"),
            '@' => Some("at"),
            '&' => Some("and"),
            '%' => Some("percent"),
            '#' => Some("hash"),
            '!' => Some("not"),
            '~' => Some("tilde"),
            '-' if first && chars.peek().is_some_and(|n| n.is_ascii_digit()) => Some("minus"),
            _ => None,
        };
        match word {
            Some(w) => {
                out.push(' ');
                out.push_str(w);
                out.push(' ');
            }
            None if c.is_ascii_alphanumeric() => out.push(c),
            None => out.push(' '),
        }
        first = false;
    }
    out
}

fn escape_keyword(name: String) -> String {
    if KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// Whether `raw` is lowercase ASCII words joined by single underscores (`first_name`,
/// `line2`), the usual spelling of wire names. `heck` splits such a name into its words and
/// joins them back unchanged, so the conversions below skip it (it costs about a microsecond
/// a name, and large specs convert tens of thousands); a test holds the shortcut to `heck`.
fn is_plain_snake(raw: &str) -> bool {
    !raw.is_empty()
        && !raw.starts_with('_')
        && !raw.ends_with('_')
        && !raw.contains("__")
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Whether `raw` is capitalised ASCII words (`CheckResponse`, `Address2`): each capital is
/// followed by a lowercase letter or digit and, but for the first, follows a lowercase letter.
/// `heck` leaves such a name as it is.
fn is_plain_camel(raw: &str) -> bool {
    let bytes = raw.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_uppercase)
        && bytes.iter().all(u8::is_ascii_alphanumeric)
        && bytes.iter().enumerate().all(|(i, b)| {
            let after = bytes
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
            let before = i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_lowercase);
            !b.is_ascii_uppercase() || (after && before)
        })
}

/// `heck`'s upper camel case of a plain snake name: each word capitalised.
fn camel_of_plain_snake(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for word in raw.split('_') {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.push_str(chars.as_str());
        }
    }
    out
}

/// A struct field, function, parameter or module name: `snake_case`.
pub fn snake(raw: &str) -> String {
    let mut name = if is_plain_snake(raw) {
        raw.to_owned()
    } else {
        words(raw).to_snake_case()
    };
    if name.is_empty() {
        name = "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    escape_keyword(name)
}

/// A type or variant name: `UpperCamelCase`. `prefix` is put before names that would start
/// with a digit (`V` for enum values, `T` for types).
pub fn camel(raw: &str, prefix: &str) -> String {
    let mut name = if is_plain_snake(raw) {
        camel_of_plain_snake(raw)
    } else if is_plain_camel(raw) {
        raw.to_owned()
    } else {
        words(raw).to_upper_camel_case()
    };
    if name.is_empty() {
        name = "Empty".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("{prefix}{name}");
    }
    escape_keyword(name)
}

/// A type name.
pub fn type_name(raw: &str) -> String {
    camel(raw, "T")
}

/// An enum variant name.
pub fn variant_name(raw: &str) -> String {
    camel(raw, "V")
}

/// A constant name: `SCREAMING_SNAKE_CASE`.
pub fn const_name(raw: &str) -> String {
    let mut name = words(raw).to_shouty_snake_case();
    if name.is_empty() {
        name = "VALUE".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name = format!("_{name}");
    }
    name
}

/// The module name of a spec file stem (`vove-id-kyb` -> `vove_id_kyb`).
pub fn module_name(stem: &str) -> String {
    snake(stem)
}

/// The variant name of an HTTP status in an operation's error or success enum.
pub fn status_variant(code: u16) -> String {
    let reason = match code {
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    reason.to_owned()
}

/// One namespace of Rust names. Claims are resolved in call order, so callers feed names in
/// a deterministic order (document order or sorted).
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

/// The outcome of claiming a name in a [`Scope`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claimed {
    /// The name to use.
    pub name: String,
    /// The name that was asked for, when it was already taken and a suffix was added.
    pub collided_with: Option<String>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Takes `candidate`, or `candidate2`, `candidate3`, ... when it is taken. Snake-case
    /// names get `_2`; camel-case names get `2`.
    pub fn claim(&mut self, candidate: &str) -> Claimed {
        if self.taken.insert(candidate.to_owned()) {
            return Claimed {
                name: candidate.to_owned(),
                collided_with: None,
            };
        }
        let snake = candidate.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
        // A keyword escaped with a trailing underscore (`self_`, `Self_`) drops it before the
        // number: `self__2` and `Self_2` would trip the naming lints; `self_2` and `Self2` are
        // not keywords.
        let stem = match candidate.strip_suffix('_') {
            Some(stem) if !stem.is_empty() && !stem.ends_with('_') => stem,
            _ => candidate,
        };
        let mut n = 2u32;
        loop {
            let name = if snake {
                format!("{stem}_{n}")
            } else {
                format!("{stem}{n}")
            };
            if self.taken.insert(name.clone()) {
                return Claimed {
                    name,
                    collided_with: Some(candidate.to_owned()),
                };
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The shortcuts give what `heck` gives, on names of their own shapes.
        #[test]
        fn plain_names_convert_as_heck_does(
            raw in "[a-z0-9]{1,6}(_[a-z0-9]{1,6}){0,3}|([A-Z][a-z0-9]{1,5}){1,4}|[a-zA-Z0-9_]{0,12}"
        ) {
            if is_plain_snake(&raw) {
                proptest::prop_assert_eq!(raw.clone(), words(&raw).to_snake_case());
                proptest::prop_assert_eq!(
                    camel_of_plain_snake(&raw),
                    words(&raw).to_upper_camel_case()
                );
            }
            if is_plain_camel(&raw) {
                proptest::prop_assert_eq!(raw.clone(), words(&raw).to_upper_camel_case());
            }
        }
    }

    #[test]
    fn plain_shapes_are_recognised() {
        assert!(is_plain_snake("first_name"));
        assert!(is_plain_snake("line2"));
        assert!(!is_plain_snake("_id"));
        assert!(!is_plain_snake("a__b"));
        assert!(!is_plain_snake("firstName"));
        assert!(is_plain_camel("CheckResponse"));
        assert!(is_plain_camel("Address2"));
        assert!(!is_plain_camel("HTTPStatus"));
        assert!(!is_plain_camel("A"));
        assert!(!is_plain_camel("checkResponse"));
        assert!(!is_plain_camel("A0A0"));
    }

    #[test]
    fn snake_case_table() {
        let cases = [
            ("refId", "ref_id"),
            ("country_state", "country_state"),
            ("_id", "id"),
            ("_links", "links"),
            ("type", "type_"),
            ("self", "self_"),
            ("Self", "self_"),
            ("match", "match_"),
            ("async", "async_"),
            ("gen", "gen_"),
            ("crate", "crate_"),
            ("super", "super_"),
            ("1st_place", "_1st_place"),
            ("X-API-Key", "x_api_key"),
            ("REB-APIKEY", "reb_apikey"),
            ("Content-Type", "content_type"),
            ("sessionid", "sessionid"),
            ("matchLevel", "match_level"),
            ("maxAttempts", "max_attempts"),
            ("HTTPStatus", "http_status"),
            ("@type", "at_type"),
            ("$ref", "ref_"),
            ("", "value"),
            ("---", "value"),
            ("ünïcode", "n_code"),
            ("a.b", "a_b"),
            ("String", "string"),
        ];
        for (raw, want) in cases {
            assert_eq!(snake(raw), want, "snake({raw:?})");
        }
    }

    #[test]
    fn type_and_variant_table() {
        let cases = [
            ("kybCase", "KybCase", "KybCase"),
            ("NOT_STARTED", "NotStarted", "NotStarted"),
            ("identity-proof", "IdentityProof", "IdentityProof"),
            ("in_review", "InReview", "InReview"),
            ("1", "T1", "V1"),
            ("-1", "Minus1", "Minus1"),
            ("+1", "Plus1", "Plus1"),
            ("", "Empty", "Empty"),
            (">=", "GtEq", "GtEq"),
            ("Self", "Self_", "Self_"),
            ("self", "Self_", "Self_"),
            ("problem+json", "ProblemPlusJson", "ProblemPlusJson"),
            ("2fa", "T2fa", "V2fa"),
            ("String", "String", "String"),
            ("Option", "Option", "Option"),
        ];
        for (raw, ty, variant) in cases {
            assert_eq!(type_name(raw), ty, "type_name({raw:?})");
            assert_eq!(variant_name(raw), variant, "variant_name({raw:?})");
        }
    }

    #[test]
    fn const_names() {
        assert_eq!(const_name("Production"), "PRODUCTION");
        assert_eq!(const_name("Sandbox (test)"), "SANDBOX_TEST");
        assert_eq!(const_name("1"), "_1");
        assert_eq!(const_name(""), "VALUE");
    }

    #[test]
    fn status_variants() {
        assert_eq!(status_variant(404), "NotFound");
        assert_eq!(status_variant(422), "UnprocessableEntity");
        assert_eq!(status_variant(299), "Status299");
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut scope = Scope::new();
        assert_eq!(scope.claim("id").collided_with, None);
        let second = scope.claim("id");
        assert_eq!(second.name, "id_2");
        assert_eq!(second.collided_with.as_deref(), Some("id"));
        assert_eq!(scope.claim("id").name, "id_3");
        assert_eq!(scope.claim("Pet").name, "Pet");
        assert_eq!(scope.claim("Pet").name, "Pet2");
        let mut reserved = Scope::with_reserved(&["Client"]);
        assert_eq!(reserved.claim("Client").name, "Client2");
    }

    #[test]
    fn escaped_keywords_collide_into_lint_clean_names() {
        let mut fields = Scope::new();
        assert_eq!(fields.claim(&snake("self")).name, "self_");
        assert_eq!(fields.claim(&snake("Self")).name, "self_2");
        let mut variants = Scope::new();
        assert_eq!(variants.claim(&variant_name("self")).name, "Self_");
        assert_eq!(variants.claim(&variant_name("Self")).name, "Self2");
    }
}
