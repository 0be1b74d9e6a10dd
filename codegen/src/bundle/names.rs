//! Names of the components made from other files, and the placeholders that stand for them
//! until every name is known.

use super::{Component, MAX_DEPTH, PLACEHOLDER};
use crate::diagnostic::pointer_push;
use serde_json::Value;

/// The words that can name a component: the folders and file stem of its path, then the
/// tokens of its pointer.
pub(super) fn name_parts(relative: &str, pointer: &str) -> Vec<String> {
    let path = relative
        .rsplit_once('.')
        .filter(|(stem, _)| !stem.is_empty() && !stem.ends_with('/'))
        .map_or(relative, |(stem, _)| stem);
    let mut parts: Vec<String> = path
        .split('/')
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect();
    parts.extend(
        pointer
            .split('/')
            .skip(1)
            .filter(|t| !t.is_empty())
            .map(|t| t.replace("~1", "/").replace("~0", "~")),
    );
    if parts.is_empty() {
        parts.push("Fragment".to_owned());
    }
    parts
}

/// A component key OpenAPI accepts (`^[a-zA-Z0-9.\-_]+$`).
pub(super) fn sanitize(name: &str) -> String {
    let out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if out.is_empty() {
        "Fragment".to_owned()
    } else {
        out
    }
}

/// The id after a placeholder at the start of `text`, and the rest.
pub(super) fn split_placeholder(text: &str) -> Option<(usize, &str)> {
    let digits = text.strip_prefix(PLACEHOLDER)?;
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    let id = digits[..end].parse().ok()?;
    Some((id, &digits[end..]))
}

/// `/components/schemas/<placeholder>/x` with the component's name.
pub(super) fn resolve_placeholder_pointer(pointer: &str, names: &[String]) -> String {
    let Some(at) = pointer.find(PLACEHOLDER) else {
        return pointer.to_owned();
    };
    match split_placeholder(&pointer[at..]) {
        Some((id, rest)) => {
            let name = names.get(id).map(String::as_str).unwrap_or_default();
            let head = pointer_push(pointer[..at].trim_end_matches('/'), name);
            format!("{head}{}", resolve_placeholder_pointer(rest, names))
        }
        None => pointer.to_owned(),
    }
}

/// Every reference to a component made here, with the component's name.
pub(super) fn replace_placeholders(value: &mut Value, targets: &[Component], depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::String(s) if s.contains(PLACEHOLDER) => {
            if let Some(at) = s.find(PLACEHOLDER) {
                if let Some((id, rest)) = split_placeholder(&s[at..]) {
                    if let Some(target) = targets.get(id) {
                        let head = pointer_push(s[..at].trim_end_matches('/'), &target.name);
                        *s = format!("{head}{rest}");
                    }
                }
            }
        }
        Value::Object(map) => {
            for v in map.values_mut() {
                replace_placeholders(v, targets, depth + 1);
            }
        }
        Value::Array(items) => {
            for v in items {
                replace_placeholders(v, targets, depth + 1);
            }
        }
        _ => {}
    }
}
