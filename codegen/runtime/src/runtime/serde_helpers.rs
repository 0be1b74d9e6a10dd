//! Serde helpers generated models name in their attributes.

use serde::{Deserialize, Deserializer};

/// Deserializes an optional, nullable field: absent gives `None`, `null`
/// gives `Some(None)` and a value gives `Some(Some(v))`.
///
/// Use it as `#[serde(default, deserialize_with = "crate::runtime::double_option",
/// skip_serializing_if = "Option::is_none")]`.
pub fn double_option<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// Returns the string value of the discriminator property `tag` of a JSON object.
pub fn discriminator_of(value: &serde_json::Value, tag: &str) -> Option<String> {
    value.as_object()?.get(tag)?.as_str().map(str::to_owned)
}
