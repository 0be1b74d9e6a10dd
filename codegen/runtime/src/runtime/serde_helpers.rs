//! Serde helpers generated models name in their attributes.

/// Returns the string value of the discriminator property `tag` of a JSON object.
pub fn discriminator_of(value: &serde_json::Value, tag: &str) -> Option<String> {
    value.as_object()?.get(tag)?.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discriminators_are_string_properties_of_objects() {
        let value = serde_json::json!({"type": "person", "n": 1});
        assert_eq!(discriminator_of(&value, "type").as_deref(), Some("person"));
        assert_eq!(discriminator_of(&value, "n"), None);
        assert_eq!(discriminator_of(&value, "kind"), None);
        assert_eq!(discriminator_of(&serde_json::json!("person"), "type"), None);
    }
}
