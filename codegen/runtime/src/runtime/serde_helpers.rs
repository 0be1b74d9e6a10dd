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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Patch {
        #[serde(default, deserialize_with = "double_option")]
        note: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let read = |text: &str| serde_json::from_str::<Patch>(text).expect("a patch");
        assert_eq!(read("{}").note, None);
        assert_eq!(read(r#"{"note": null}"#).note, Some(None));
        assert_eq!(read(r#"{"note": "x"}"#).note, Some(Some("x".to_owned())));
    }

    #[test]
    fn discriminators_are_string_properties_of_objects() {
        let value = serde_json::json!({"type": "person", "n": 1});
        assert_eq!(discriminator_of(&value, "type").as_deref(), Some("person"));
        assert_eq!(discriminator_of(&value, "n"), None);
        assert_eq!(discriminator_of(&value, "kind"), None);
        assert_eq!(discriminator_of(&serde_json::json!("person"), "type"), None);
    }
}
