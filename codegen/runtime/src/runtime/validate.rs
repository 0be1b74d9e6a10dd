//! Request validation: the [`Validate`] trait, field paths, and one `check_*` helper per
//! schema constraint.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Write as _};
use std::sync::{Mutex, OnceLock};

/// One broken constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which input of a call: `request body`, `parameters` or `path parameter`; empty for
    /// a value checked on its own with [`Validate::validate`].
    pub input: &'static str,
    /// Where, in wire names, such as `documents[0].maxAttempts`.
    pub path: String,
    /// The schema keyword, such as `maxLength`.
    pub constraint: &'static str,
    /// What is wrong, such as `must be at most 64 characters long, got 65`.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.input.is_empty() {
            write!(f, "{}: ", self.input)?;
        }
        if self.path.is_empty() {
            write!(f, "{} ({})", self.message, self.constraint)
        } else {
            write!(f, "{}: {} ({})", self.path, self.message, self.constraint)
        }
    }
}

/// All violations of one value, or of one call's inputs.
///
/// A call's error names its operation and each violation's input:
/// `createKybCase: request body: refId: must be at most 64 characters long, got 65 (maxLength)`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The operation whose inputs were checked; `None` for a value checked on its own.
    pub operation: Option<&'static str>,
    /// The broken constraints, in the order they were found.
    pub violations: Vec<Violation>,
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 10;
        match self.operation {
            Some(operation) => write!(f, "{operation}: ")?,
            None => f.write_str("request validation failed: ")?,
        }
        for (i, violation) in self.violations.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        if self.violations.len() > SHOWN {
            write!(f, "; and {} more", self.violations.len() - SHOWN)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone)]
enum Segment {
    Field(String),
    Index(usize),
    Key(String),
}

/// A field path under construction.
#[derive(Debug, Clone, Default)]
pub struct Path {
    segments: Vec<Segment>,
}

impl Path {
    /// An empty path, denoting the value being validated.
    pub fn new() -> Self {
        Path::default()
    }

    /// Enters an object field, by its wire name.
    pub fn push_field(&mut self, name: &str) {
        self.segments.push(Segment::Field(name.to_owned()));
    }

    /// Enters an array element.
    pub fn push_index(&mut self, index: usize) {
        self.segments.push(Segment::Index(index));
    }

    /// Enters a map entry.
    pub fn push_key(&mut self, key: &str) {
        self.segments.push(Segment::Key(key.to_owned()));
    }

    /// Leaves the innermost segment.
    pub fn pop(&mut self) {
        self.segments.pop();
    }

    /// Renders the path with an optional leaf field, such as `a.b[0].c`;
    /// map keys render as `["key"]`.
    pub fn render(&self, leaf: Option<&str>) -> String {
        let mut out = String::new();
        let push_field = |out: &mut String, name: &str| {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(name);
        };
        for segment in &self.segments {
            match segment {
                Segment::Field(name) => push_field(&mut out, name),
                Segment::Index(i) => {
                    let _ = write!(out, "[{i}]");
                }
                Segment::Key(key) => {
                    let _ = write!(out, "[{key:?}]");
                }
            }
        }
        if let Some(leaf) = leaf {
            push_field(&mut out, leaf);
        }
        out
    }
}

/// Implemented by every generated type that has something to check: a constrained field or
/// parameter, directly or through the types it contains. Types with nothing to check do not
/// implement it, and generated code validates only values whose type does.
pub trait Validate {
    /// Appends the violations of this value, located under `path`, to `out`.
    ///
    /// The default checks nothing.
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        let _ = (path, out);
    }

    /// Checks the value and returns all violations at once.
    fn validate(&self) -> Result<(), ValidationError> {
        let mut path = Path::new();
        let mut violations = Vec::new();
        self.validate_into(&mut path, &mut violations);
        if violations.is_empty() {
            Ok(())
        } else {
            Err(ValidationError {
                operation: None,
                violations,
            })
        }
    }
}

/// The violations of an operation's inputs, collected before its request is
/// built, so that all of them are reported at once.
#[derive(Debug, Default)]
pub struct Checks {
    path: Path,
    violations: Vec<Violation>,
}

impl Checks {
    /// Starts with no violations.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates one input, reported as `input`.
    pub fn value<V: Validate + ?Sized>(&mut self, value: &V) {
        self.labelled(value, "input");
    }

    /// Validates the request body.
    pub fn body<V: Validate + ?Sized>(&mut self, value: &V) {
        self.labelled(value, "request body");
    }

    /// Validates the parameter struct.
    pub fn params<V: Validate + ?Sized>(&mut self, value: &V) {
        self.labelled(value, "parameters");
    }

    fn labelled<V: Validate + ?Sized>(&mut self, value: &V, input: &'static str) {
        let start = self.violations.len();
        value.validate_into(&mut self.path, &mut self.violations);
        for violation in self.violations.iter_mut().skip(start) {
            violation.input = input;
        }
    }

    /// The root path and the violations, for the checks of a path parameter: what is
    /// pushed here is reported as a `path parameter`.
    pub fn parts(&mut self) -> (&Path, &mut Vec<Violation>) {
        (&self.path, &mut self.violations)
    }

    /// `None` when nothing was violated, otherwise every violation found, naming the
    /// operation.
    pub fn into_error(mut self, operation: &'static str) -> Option<ValidationError> {
        if self.violations.is_empty() {
            return None;
        }
        for violation in &mut self.violations {
            if violation.input.is_empty() {
                violation.input = "path parameter";
            }
        }
        Some(ValidationError {
            operation: Some(operation),
            violations: self.violations,
        })
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        if let Some(value) = self {
            value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (i, item) in self.iter().enumerate() {
            path.push_index(i);
            item.validate_into(path, out);
            path.pop();
        }
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        self.as_slice().validate_into(path, out);
    }
}

impl<T: Validate> Validate for BTreeMap<String, T> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        for (key, value) in self {
            path.push_key(key);
            value.validate_into(path, out);
            path.pop();
        }
    }
}

impl<T: Validate, S> Validate for HashMap<String, T, S> {
    fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        for (key, value) in entries {
            path.push_key(key);
            value.validate_into(path, out);
            path.pop();
        }
    }
}

macro_rules! no_validation {
    ($($t:ty),* $(,)?) => {$(
        impl Validate for $t {}
    )*};
}

no_validation!(
    (), bool, char, str, String, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64,
    serde_json::Value, serde_json::Map<String, serde_json::Value>, uuid::Uuid, url::Url,
    chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::FixedOffset>, chrono::NaiveDate,
    chrono::NaiveDateTime, chrono::NaiveTime,
);

/// A number that the range checks can compare as `f64`.
pub trait AsF64 {
    /// The value as `f64` (large integers are rounded).
    fn as_f64(&self) -> f64;
}

impl<T: AsF64 + ?Sized> AsF64 for &T {
    fn as_f64(&self) -> f64 {
        (**self).as_f64()
    }
}

macro_rules! as_f64 {
    ($($t:ty),* $(,)?) => {$(
        impl AsF64 for $t {
            #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
            fn as_f64(&self) -> f64 {
                *self as f64
            }
        }
    )*};
}

as_f64!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, f32, f64);

fn leaf_path(path: &Path, field: &str) -> String {
    path.render(if field.is_empty() { None } else { Some(field) })
}

fn violation(
    path: &Path,
    field: &str,
    constraint: &'static str,
    message: String,
    out: &mut Vec<Violation>,
) {
    out.push(Violation {
        input: "",
        path: leaf_path(path, field),
        constraint,
        message,
    });
}

/// Formats a bound without a trailing `.0` for whole numbers.
fn number_text(n: f64) -> String {
    format!("{n}")
}

/// Formats a count with the singular or plural noun.
fn plural(n: u64, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

/// Checks `maxLength`, counting characters.
///
/// Like every `check_*` function, it reports a violation at `path` followed by
/// `field`; an empty `field` reports it at `path` itself, as for array items.
pub fn check_max_length(path: &Path, field: &str, value: &str, max: u64, out: &mut Vec<Violation>) {
    let len = value.chars().count() as u64;
    if len > max {
        let message = format!(
            "must be at most {} long, got {len}",
            plural(max, "character", "characters")
        );
        violation(path, field, "maxLength", message, out);
    }
}

/// Checks `format: uri`: the value must parse as an absolute URL. The value
/// itself is sent as written.
pub fn check_uri(path: &Path, field: &str, value: &str, out: &mut Vec<Violation>) {
    if let Err(e) = url::Url::parse(value) {
        violation(
            path,
            field,
            "format",
            format!("must be an absolute URI ({e})"),
            out,
        );
    }
}

/// Checks `minLength`, counting characters.
pub fn check_min_length(path: &Path, field: &str, value: &str, min: u64, out: &mut Vec<Violation>) {
    let len = value.chars().count() as u64;
    if len < min {
        let message = format!(
            "must be at least {} long, got {len}",
            plural(min, "character", "characters")
        );
        violation(path, field, "minLength", message, out);
    }
}

fn cached_regex(pattern: &'static str) -> Option<regex::Regex> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, Option<regex::Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    map.entry(pattern)
        .or_insert_with(|| regex::Regex::new(pattern).ok())
        .clone()
}

/// Checks `pattern` (unanchored, as in JSON Schema). A pattern that this
/// regex engine cannot compile is skipped.
pub fn check_pattern(
    path: &Path,
    field: &str,
    value: &str,
    pattern: &'static str,
    out: &mut Vec<Violation>,
) {
    if let Some(regex) = cached_regex(pattern) {
        if !regex.is_match(value) {
            violation(
                path,
                field,
                "pattern",
                format!("must match the pattern `{pattern}`"),
                out,
            );
        }
    }
}

/// Checks `minimum` or, when `exclusive`, `exclusiveMinimum`.
pub fn check_minimum<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    min: f64,
    exclusive: bool,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if exclusive && v <= min {
        let message = format!(
            "must be greater than {}, got {}",
            number_text(min),
            number_text(v)
        );
        violation(path, field, "exclusiveMinimum", message, out);
    } else if !exclusive && v < min {
        let message = format!(
            "must be at least {}, got {}",
            number_text(min),
            number_text(v)
        );
        violation(path, field, "minimum", message, out);
    }
}

/// Checks `maximum` or, when `exclusive`, `exclusiveMaximum`.
pub fn check_maximum<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    max: f64,
    exclusive: bool,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if exclusive && v >= max {
        let message = format!(
            "must be less than {}, got {}",
            number_text(max),
            number_text(v)
        );
        violation(path, field, "exclusiveMaximum", message, out);
    } else if !exclusive && v > max {
        let message = format!(
            "must be at most {}, got {}",
            number_text(max),
            number_text(v)
        );
        violation(path, field, "maximum", message, out);
    }
}

/// Checks `multipleOf`, with a small tolerance for floating point error.
pub fn check_multiple_of<N: AsF64>(
    path: &Path,
    field: &str,
    value: N,
    m: f64,
    out: &mut Vec<Violation>,
) {
    let v = value.as_f64();
    if !(m.is_finite() && m > 0.0 && v.is_finite()) {
        return;
    }
    let quotient = v / m;
    if (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
        let message = format!(
            "must be a multiple of {}, got {}",
            number_text(m),
            number_text(v)
        );
        violation(path, field, "multipleOf", message, out);
    }
}

/// Checks `minItems`.
pub fn check_min_items(path: &Path, field: &str, len: usize, min: u64, out: &mut Vec<Violation>) {
    if (len as u64) < min {
        let message = format!(
            "must have at least {}, got {len}",
            plural(min, "item", "items")
        );
        violation(path, field, "minItems", message, out);
    }
}

/// Checks `maxItems`.
pub fn check_max_items(path: &Path, field: &str, len: usize, max: u64, out: &mut Vec<Violation>) {
    if len as u64 > max {
        let message = format!(
            "must have at most {}, got {len}",
            plural(max, "item", "items")
        );
        violation(path, field, "maxItems", message, out);
    }
}

/// Checks `uniqueItems`, reporting the first duplicate pair.
pub fn check_unique_items<T: PartialEq>(
    path: &Path,
    field: &str,
    items: &[T],
    out: &mut Vec<Violation>,
) {
    for (i, item) in items.iter().enumerate() {
        if let Some(j) = items.iter().skip(i + 1).position(|other| other == item) {
            let message = format!(
                "must not contain duplicates, but items {i} and {} are equal",
                i + 1 + j
            );
            violation(path, field, "uniqueItems", message, out);
            return;
        }
    }
}

/// Checks `minProperties`.
pub fn check_min_properties(
    path: &Path,
    field: &str,
    len: usize,
    min: u64,
    out: &mut Vec<Violation>,
) {
    if (len as u64) < min {
        let message = format!(
            "must have at least {}, got {len}",
            plural(min, "property", "properties")
        );
        violation(path, field, "minProperties", message, out);
    }
}

/// Checks `maxProperties`.
pub fn check_max_properties(
    path: &Path,
    field: &str,
    len: usize,
    max: u64,
    out: &mut Vec<Violation>,
) {
    if len as u64 > max {
        let message = format!(
            "must have at most {}, got {len}",
            plural(max, "property", "properties")
        );
        violation(path, field, "maxProperties", message, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs one check at `items[1].name` and returns what it reported.
    fn at_field(check: impl FnOnce(&Path, &mut Vec<Violation>)) -> Vec<String> {
        let mut path = Path::new();
        path.push_field("items");
        path.push_index(1);
        let mut out = Vec::new();
        check(&path, &mut out);
        out.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn paths_render_fields_indices_and_keys() {
        let mut path = Path::new();
        assert_eq!(path.render(None), "");
        assert_eq!(path.render(Some("leaf")), "leaf");
        path.push_field("a");
        path.push_index(0);
        path.push_key("k\"ey");
        path.push_field("b");
        assert_eq!(path.render(Some("c")), "a[0][\"k\\\"ey\"].b.c");
        path.pop();
        path.pop();
        assert_eq!(path.render(None), "a[0]");
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        let report = |value: &str| {
            at_field(|p, out| {
                check_max_length(p, "name", value, 3, out);
                check_min_length(p, "name", value, 2, out);
            })
        };
        assert!(report("éé").is_empty());
        assert_eq!(
            report("éééé"),
            ["items[1].name: must be at most 3 characters long, got 4 (maxLength)"]
        );
        assert_eq!(
            report("é"),
            ["items[1].name: must be at least 2 characters long, got 1 (minLength)"]
        );
        let one = at_field(|p, out| check_max_length(p, "", "ab", 1, out));
        assert_eq!(
            one,
            ["items[1]: must be at most 1 character long, got 2 (maxLength)"]
        );
    }

    #[test]
    fn ranges_tell_inclusive_from_exclusive_bounds() {
        let report = |value: f64, exclusive: bool| {
            at_field(|p, out| {
                check_minimum(p, "n", value, 1.0, exclusive, out);
                check_maximum(p, "n", value, 10.0, exclusive, out);
            })
        };
        assert!(report(1.0, false).is_empty() && report(10.0, false).is_empty());
        assert_eq!(
            report(1.0, true),
            ["items[1].n: must be greater than 1, got 1 (exclusiveMinimum)"]
        );
        assert_eq!(
            report(10.0, true),
            ["items[1].n: must be less than 10, got 10 (exclusiveMaximum)"]
        );
        assert_eq!(
            report(0.5, false),
            ["items[1].n: must be at least 1, got 0.5 (minimum)"]
        );
        assert_eq!(
            report(11.0, false),
            ["items[1].n: must be at most 10, got 11 (maximum)"]
        );
        let integer = at_field(|p, out| check_maximum(p, "n", 11_u8, 10.0, false, out));
        assert_eq!(integer.len(), 1);
    }

    #[test]
    fn multiples_allow_for_floating_point_error() {
        let report =
            |value: f64, m: f64| at_field(|p, out| check_multiple_of(p, "n", value, m, out));
        assert!(
            report(0.3, 0.1).is_empty(),
            "0.3 / 0.1 is 2.9999999999999996"
        );
        assert!(report(1e15, 0.5).is_empty());
        assert!(report(-6.0, 3.0).is_empty());
        assert_eq!(
            report(7.0, 3.0),
            ["items[1].n: must be a multiple of 3, got 7 (multipleOf)"]
        );
        // A bound that cannot divide anything is not checked rather than reported everywhere.
        assert!(report(7.0, 0.0).is_empty() && report(f64::NAN, 3.0).is_empty());
    }

    #[test]
    fn patterns_are_unanchored_and_bad_ones_are_skipped() {
        let report = |value: &str, pattern: &'static str| {
            at_field(|p, out| check_pattern(p, "id", value, pattern, out))
        };
        assert!(report("xx-12-yy", "[0-9]{2}").is_empty());
        assert_eq!(
            report("ab", "^[0-9]+$"),
            ["items[1].id: must match the pattern `^[0-9]+$` (pattern)"]
        );
        // Look-around is not supported by the regex engine: the check is skipped.
        assert!(report("ab", "^(?!a)").is_empty());
        assert!(
            report("ab", "^(?!a)").is_empty(),
            "the failed compile is cached too"
        );
    }

    #[test]
    fn collections_check_counts_and_duplicates() {
        let items = at_field(|p, out| {
            check_min_items(p, "tags", 0, 1, out);
            check_max_items(p, "tags", 3, 2, out);
            check_unique_items(p, "tags", &["a", "b", "a", "a"], out);
            check_min_properties(p, "m", 1, 2, out);
            check_max_properties(p, "m", 2, 1, out);
        });
        assert_eq!(
            items,
            [
                "items[1].tags: must have at least 1 item, got 0 (minItems)",
                "items[1].tags: must have at most 2 items, got 3 (maxItems)",
                "items[1].tags: must not contain duplicates, but items 0 and 2 are equal (uniqueItems)",
                "items[1].m: must have at least 2 properties, got 1 (minProperties)",
                "items[1].m: must have at most 1 property, got 2 (maxProperties)",
            ]
        );
    }

    #[test]
    fn uris_must_be_absolute() {
        assert!(at_field(|p, out| check_uri(p, "u", "https://a.b", out)).is_empty());
        let report = at_field(|p, out| check_uri(p, "u", "/relative", out));
        assert_eq!(report.len(), 1);
        assert!(
            report[0].starts_with("items[1].u: must be an absolute URI ("),
            "{report:?}"
        );
    }

    struct Short(&'static str);

    impl Validate for Short {
        fn validate_into(&self, path: &mut Path, out: &mut Vec<Violation>) {
            check_max_length(path, "s", self.0, 1, out);
        }
    }

    #[test]
    fn containers_locate_their_items() {
        let list = vec![Short("a"), Short("bb")];
        let mut map = BTreeMap::new();
        map.insert("k".to_owned(), Some(Box::new(Short("cc"))));
        let mut checks = Checks::new();
        checks.body(&list);
        checks.params(&map);
        checks.value(&None::<Short>);
        let (path, out) = checks.parts();
        check_max_length(path, "id", "xy", 1, out);
        let error = checks.into_error("createCase").expect("three violations");
        let paths: Vec<&str> = error.violations.iter().map(|v| v.path.as_str()).collect();
        assert_eq!(paths, ["[1].s", "[\"k\"].s", "id"]);
        assert_eq!(
            error.to_string(),
            "createCase: request body: [1].s: must be at most 1 character long, got 2 (maxLength); \
             parameters: [\"k\"].s: must be at most 1 character long, got 2 (maxLength); \
             path parameter: id: must be at most 1 character long, got 2 (maxLength)"
        );
        assert!(Checks::new().into_error("createCase").is_none());
        assert!(Short("a").validate().is_ok());
    }

    #[test]
    fn a_long_report_is_cut_after_ten_violations() {
        let violations = (0..12)
            .map(|i| Violation {
                input: "",
                path: format!("f{i}"),
                constraint: "maxLength",
                message: "too long".to_owned(),
            })
            .collect();
        let text = ValidationError {
            operation: None,
            violations,
        }
        .to_string();
        assert!(
            text.starts_with("request validation failed: f0: too long (maxLength); f1"),
            "{text}"
        );
        assert!(
            text.contains("f9: too long") && !text.contains("f10:"),
            "{text}"
        );
        assert!(text.ends_with("; and 2 more"), "{text}");
    }
}
