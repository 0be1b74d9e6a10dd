//! Encoding of generated structs: the part of `Serialize` that is the same for every struct.
//!
//! `#[derive(Serialize)]` writes, for every struct, a length sum and a
//! `serialize_field`/`skip_field` call per field, all generic over the serializer: with the
//! `Deserialize` derive, the largest part of what rustc checks in a generated module. A
//! generated struct instead lists its fields as `(wire name, value or nothing)` pairs and calls
//! [`encode_struct`]; a field left out is one the derive would skip (an absent `Option` or
//! `Nullable`). Values are encoded straight into the serializer through
//! [`erased_serde`](https://docs.rs/erased-serde): the same JSON as the derive, in the same
//! order.

use super::Nullable;
use serde::ser::{SerializeStruct, Serializer};

/// One field of a struct being encoded: its wire name and its value, or `None` to leave it out.
pub type EncodedField<'a> = (&'static str, Option<&'a dyn erased_serde::Serialize>);

/// Writes the struct `name` with the fields of `fields` that have a value, in order.
pub fn encode_struct<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[EncodedField<'_>],
) -> Result<S::Ok, S::Error> {
    let len = fields.iter().filter(|(_, value)| value.is_some()).count();
    let mut state = serializer.serialize_struct(name, len)?;
    for (key, value) in fields {
        match value {
            Some(value) => state.serialize_field(key, *value)?,
            None => state.skip_field(key)?,
        }
    }
    state.end()
}

/// A field that is always written.
pub fn field<T: serde::Serialize>(value: &T) -> Option<&dyn erased_serde::Serialize> {
    Some(value)
}

/// An optional field: written when it is `Some`.
pub fn field_if_some<T: serde::Serialize>(
    value: &Option<T>,
) -> Option<&dyn erased_serde::Serialize> {
    match value {
        Some(value) => Some(value),
        None => None,
    }
}

/// A nullable field: written (a value or `null`) unless it is absent.
pub fn field_unless_absent<T: serde::Serialize>(
    value: &Nullable<T>,
) -> Option<&dyn erased_serde::Serialize> {
    if value.is_absent() {
        None
    } else {
        Some(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// What a generated struct writes, next to the derive it replaces.
    struct Case {
        id: String,
        count: Option<i64>,
        note: Nullable<String>,
        sent_null: Option<String>,
        tags: Vec<String>,
    }

    impl Serialize for Case {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            encode_struct(
                serializer,
                "Case",
                &[
                    ("id", field(&self.id)),
                    ("count", field_if_some(&self.count)),
                    ("note", field_unless_absent(&self.note)),
                    ("sentNull", field(&self.sent_null)),
                    ("tags", field(&self.tags)),
                ],
            )
        }
    }

    #[derive(Serialize)]
    struct Derived {
        id: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        count: Option<i64>,
        #[serde(skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
        #[serde(rename = "sentNull")]
        sent_null: Option<String>,
        tags: Vec<String>,
    }

    fn both(count: Option<i64>, note: Nullable<String>) -> (String, String) {
        let case = Case {
            id: "c1".into(),
            count,
            note: note.clone(),
            sent_null: None,
            tags: vec!["a".into(), "b".into()],
        };
        let derived = Derived {
            id: "c1".into(),
            count,
            note,
            sent_null: None,
            tags: vec!["a".into(), "b".into()],
        };
        (
            serde_json::to_string(&case).expect("encodes"),
            serde_json::to_string(&derived).expect("encodes"),
        )
    }

    #[test]
    fn writes_what_the_derive_writes() {
        for (count, note) in [
            (None, Nullable::Absent),
            (Some(3), Nullable::Null),
            (Some(0), Nullable::Value("n".to_owned())),
        ] {
            let (ours, derived) = both(count, note);
            assert_eq!(ours, derived);
        }
        let (ours, _) = both(None, Nullable::Null);
        assert_eq!(
            ours,
            r#"{"id":"c1","note":null,"sentNull":null,"tags":["a","b"]}"#
        );
    }

    #[test]
    fn to_a_json_value_too() {
        let case = Case {
            id: "v".into(),
            count: Some(1),
            note: Nullable::Absent,
            sent_null: Some("s".into()),
            tags: Vec::new(),
        };
        assert_eq!(
            serde_json::to_value(&case).expect("encodes"),
            serde_json::json!({"id": "v", "count": 1, "sentNull": "s", "tags": []})
        );
    }
}
