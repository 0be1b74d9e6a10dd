//! Parameter values as text: the [`ToParam`] conversions, percent-encoding and the query
//! styles of OpenAPI.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Turns a parameter value into its string form(s).
pub trait ToParam {
    /// The value's string forms: none for an absent value, one per array element.
    fn to_param_values(&self) -> Vec<String>;
}

/// Gives the wire string of a generated enum variant.
pub trait WireEnum {
    /// The variant's value as sent on the wire.
    fn wire_str(&self) -> Cow<'_, str>;
}

impl ToParam for str {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_owned()]
    }
}

impl ToParam for String {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.clone()]
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param_values(&self) -> Vec<String> {
        (**self).to_param_values()
    }
}

impl<T: ToParam + ?Sized> ToParam for Box<T> {
    fn to_param_values(&self) -> Vec<String> {
        (**self).to_param_values()
    }
}

impl<T: ToParam> ToParam for Option<T> {
    fn to_param_values(&self) -> Vec<String> {
        self.as_ref()
            .map(ToParam::to_param_values)
            .unwrap_or_default()
    }
}

impl<T: ToParam> ToParam for [T] {
    fn to_param_values(&self) -> Vec<String> {
        self.iter().flat_map(ToParam::to_param_values).collect()
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param_values(&self) -> Vec<String> {
        self.as_slice().to_param_values()
    }
}

macro_rules! display_to_param {
    ($($t:ty),* $(,)?) => {$(
        impl ToParam for $t {
            fn to_param_values(&self) -> Vec<String> {
                vec![self.to_string()]
            }
        }
    )*};
}

display_to_param!(
    bool,
    char,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    f32,
    f64,
    uuid::Uuid
);

impl ToParam for chrono::DateTime<chrono::Utc> {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)]
    }
}

impl ToParam for chrono::DateTime<chrono::FixedOffset> {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)]
    }
}

impl ToParam for chrono::NaiveDate {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.format("%Y-%m-%d").to_string()]
    }
}

impl ToParam for url::Url {
    fn to_param_values(&self) -> Vec<String> {
        vec![self.as_str().to_owned()]
    }
}

impl ToParam for serde_json::Value {
    fn to_param_values(&self) -> Vec<String> {
        match self {
            serde_json::Value::Null => Vec::new(),
            serde_json::Value::Array(items) => items.iter().map(json_scalar_text).collect(),
            other => vec![json_scalar_text(other)],
        }
    }
}

/// The text of a JSON value as a parameter: strings unquoted, others as JSON.
pub(super) fn json_scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
pub(super) fn pct_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Percent-encodes the bytes that may not appear in a cookie value, and `%`.
pub(super) fn cookie_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        let allowed = matches!(byte, 0x21 | 0x23..=0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E);
        if allowed {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Percent-encodes one path segment value (everything but unreserved characters).
///
/// Arrays are joined with `,` (OpenAPI simple style); an absent value gives an
/// empty string.
pub fn encode_path<P: ToParam + ?Sized>(value: &P) -> String {
    value
        .to_param_values()
        .iter()
        .map(|v| pct_encode(v))
        .collect::<Vec<_>>()
        .join(",")
}

/// OpenAPI query parameter serialisation style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `a=1&a=2` when exploded, `a=1,2` otherwise.
    Form {
        /// Whether each array element gets its own `name=value` pair.
        explode: bool,
    },
    /// `a=1%202`.
    SpaceDelimited,
    /// `a=1|2`.
    PipeDelimited,
    /// `a[key]=value` for objects (see [`RequestSpec::query_object`](super::RequestSpec::query_object));
    /// scalars and arrays are sent as with exploded form style.
    DeepObject,
}

impl Default for QueryStyle {
    fn default() -> Self {
        QueryStyle::Form { explode: true }
    }
}

impl QueryStyle {
    /// The separator between the values of a non-exploded array.
    pub(super) fn delimiter(self) -> Option<&'static str> {
        match self {
            QueryStyle::Form { explode: false } => Some(","),
            QueryStyle::SpaceDelimited => Some("%20"),
            QueryStyle::PipeDelimited => Some("|"),
            QueryStyle::Form { explode: true } | QueryStyle::DeepObject => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_encoding_keeps_only_unreserved_characters() {
        assert_eq!(pct_encode("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(
            pct_encode("a b/c?d#e&f=g+h%"),
            "a%20b%2Fc%3Fd%23e%26f%3Dg%2Bh%25"
        );
        assert_eq!(pct_encode("é"), "%C3%A9");
        assert_eq!(pct_encode(""), "");
    }

    #[test]
    fn cookie_values_encode_separators_quotes_and_percent() {
        assert_eq!(
            cookie_encode("abc-123_!#$&'()*+/:<=>?@[]^`{|}~"),
            "abc-123_!#$&'()*+/:<=>?@[]^`{|}~"
        );
        assert_eq!(
            cookie_encode("a b;c,d\"e\\f%g"),
            "a%20b%3Bc%2Cd%22e%5Cf%25g"
        );
        assert_eq!(cookie_encode("\u{7f}é"), "%7F%C3%A9");
    }

    #[test]
    fn path_values_are_one_encoded_segment() {
        assert_eq!(encode_path("a/b c"), "a%2Fb%20c");
        assert_eq!(encode_path(&vec!["x y", "z"]), "x%20y,z");
        assert_eq!(encode_path(&None::<String>), "");
        assert_eq!(encode_path(&42_i64), "42");
        // A comma inside an element is encoded, so it cannot be mistaken for the separator.
        assert_eq!(encode_path(&vec!["a,b"]), "a%2Cb");
    }

    #[test]
    fn values_become_their_wire_texts() {
        assert_eq!(Some(3_u8).to_param_values(), ["3"]);
        assert!(None::<bool>.to_param_values().is_empty());
        assert_eq!(vec![true, false].to_param_values(), ["true", "false"]);
        assert_eq!(1.5_f64.to_param_values(), ["1.5"]);
        let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 2).expect("a date");
        assert_eq!(date.to_param_values(), ["2026-01-02"]);
        let time =
            chrono::DateTime::parse_from_rfc3339("2026-01-02T03:04:05.250+02:00").expect("a time");
        assert_eq!(time.to_param_values(), ["2026-01-02T03:04:05.250+02:00"]);
        assert_eq!(
            time.with_timezone(&chrono::Utc).to_param_values(),
            ["2026-01-02T01:04:05.250Z"]
        );
        let json = serde_json::json!(["a", 1, null, true]);
        assert_eq!(json.to_param_values(), ["a", "1", "", "true"]);
        assert!(serde_json::Value::Null.to_param_values().is_empty());
        assert_eq!(
            serde_json::json!({"k": 1}).to_param_values(),
            [r#"{"k":1}"#]
        );
    }

    #[test]
    fn styles_have_their_delimiters() {
        assert_eq!(QueryStyle::default(), QueryStyle::Form { explode: true });
        assert_eq!(QueryStyle::Form { explode: true }.delimiter(), None);
        assert_eq!(QueryStyle::Form { explode: false }.delimiter(), Some(","));
        assert_eq!(QueryStyle::SpaceDelimited.delimiter(), Some("%20"));
        assert_eq!(QueryStyle::PipeDelimited.delimiter(), Some("|"));
        assert_eq!(QueryStyle::DeepObject.delimiter(), None);
    }
}
