//! Decoding of generated structs: the part of `Deserialize` that is the same for every struct.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field-name enum with its own
//! `Deserialize`, a visitor for maps and one for sequences, each a `match` over the fields,
//! all generic over the deserializer: that expansion is the largest part of what rustc checks
//! in a generated module. A generated struct instead keeps one typed `Option` slot per field and
//! calls [`decode_struct`] with its wire names and the slots; the loop over the map, the key
//! lookup, skipping unknown fields and duplicate detection live here, once. Field values are
//! decoded straight from the input through [`erased_serde`](https://docs.rs/erased-serde) (no
//! intermediate `serde_json::Value`), so decoding does the same work as the derive; what is
//! received is read exactly as the derive reads it (unknown fields ignored, a missing `Option`
//! field is `None`, a missing required field or a repeated one is an error naming it), except
//! that an array is not read as a struct (JSON APIs send objects).

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// The error decoding one field gives; converted into the deserializer's own error.
pub type FieldError = erased_serde::Error;

/// Where [`decode_struct`] puts one field's value: an `Option<T>` that starts `None`.
pub trait Slot<'de> {
    /// Decodes the field `name`'s value into the slot; a field received twice is an error, as
    /// with the derive.
    fn fill(
        &mut self,
        name: &'static str,
        value: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), FieldError>;
}

impl<'de, T: de::Deserialize<'de>> Slot<'de> for Option<T> {
    fn fill(
        &mut self,
        name: &'static str,
        value: &mut dyn erased_serde::Deserializer<'de>,
    ) -> Result<(), FieldError> {
        if self.is_some() {
            return Err(de::Error::duplicate_field(name));
        }
        *self = Some(erased_serde::deserialize(value)?);
        Ok(())
    }
}

/// Reads a JSON object (or any map) as the struct `name` with the fields `fields` (wire
/// names), putting each known field's value into the slot at its index in `fields`. What it
/// returns takes the required fields out of their slots.
pub fn decode_struct<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    fields: &'static [&'static str],
    slots: &mut [&mut dyn Slot<'de>],
) -> Result<Decoded<D>, D::Error> {
    deserializer.deserialize_struct(
        name,
        fields,
        ObjectVisitor {
            name,
            fields,
            slots,
        },
    )?;
    Ok(Decoded(PhantomData))
}

/// A decoded struct's slots are filled: [`Decoded::required`] takes out a required field.
pub struct Decoded<D>(PhantomData<fn() -> D>);

impl<'de, D: Deserializer<'de>> Decoded<D> {
    /// The value of a required field, or the derive's "missing field" error.
    pub fn required<T>(&self, slot: Option<T>, name: &'static str) -> Result<T, D::Error> {
        slot.ok_or_else(|| de::Error::missing_field(name))
    }
}

struct ObjectVisitor<'v, 's, 'de> {
    name: &'static str,
    fields: &'static [&'static str],
    slots: &'v mut [&'s mut dyn Slot<'de>],
}

impl<'de> Visitor<'de> for ObjectVisitor<'_, '_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let fields = self.fields;
        while let Some(index) = map.next_key_seed(Key(fields))? {
            let known = index.and_then(|i| Some((*fields.get(i)?, self.slots.get_mut(i)?)));
            match known {
                Some((name, slot)) => map.next_value_seed(Field {
                    name,
                    slot: &mut **slot,
                })?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// A map key: the index of the field it names, or `None` for a field the struct does not have.
struct Key(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<Self::Value, E> {
        // The derive also accepts a field's position as its key (formats that write no names).
        Ok(usize::try_from(index).ok().filter(|i| *i < self.0.len()))
    }
}

/// A known field's value: decoded into its slot through an erased deserializer.
struct Field<'v, 's, 'de> {
    name: &'static str,
    slot: &'v mut (dyn Slot<'de> + 's),
}

impl<'de> DeserializeSeed<'de> for Field<'_, '_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        let mut erased = <dyn erased_serde::Deserializer<'de>>::erase(deserializer);
        self.slot
            .fill(self.name, &mut erased)
            .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Nullable;

    /// What a generated struct writes: a typed slot per field, `decode_struct`, then the struct.
    #[derive(Debug, PartialEq)]
    struct Case {
        id: String,
        count: Option<i64>,
        note: Nullable<String>,
        tags: Vec<String>,
    }

    impl<'de> de::Deserialize<'de> for Case {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let mut id: Option<String> = None;
            let mut count: Option<Option<i64>> = None;
            let mut note: Option<Nullable<String>> = None;
            let mut tags: Option<Vec<String>> = None;
            let decoded = decode_struct(
                deserializer,
                "Case",
                &["id", "count", "note", "tags"],
                &mut [&mut id, &mut count, &mut note, &mut tags],
            )?;
            Ok(Self {
                id: decoded.required(id, "id")?,
                count: count.unwrap_or_default(),
                note: note.unwrap_or_default(),
                tags: decoded.required(tags, "tags")?,
            })
        }
    }

    fn read(text: &str) -> Result<Case, serde_json::Error> {
        serde_json::from_str(text)
    }

    #[test]
    fn fields_in_any_order_unknown_ones_skipped() {
        let case = read(r#"{"tags": ["a"], "extra": {"deep": [1, 2]}, "id": "c1", "count": 3}"#)
            .expect("a case");
        assert_eq!(
            case,
            Case {
                id: "c1".into(),
                count: Some(3),
                note: Nullable::Absent,
                tags: vec!["a".into()],
            }
        );
    }

    #[test]
    fn absent_null_and_value_stay_apart() {
        let note = |text: &str| read(text).expect("a case").note;
        assert_eq!(note(r#"{"id": "c", "tags": []}"#), Nullable::Absent);
        assert_eq!(
            note(r#"{"id": "c", "tags": [], "note": null}"#),
            Nullable::Null
        );
        assert_eq!(
            note(r#"{"id": "c", "tags": [], "note": "n"}"#),
            Nullable::Value("n".to_owned())
        );
        let count = read(r#"{"id": "c", "tags": [], "count": null}"#).expect("a case");
        assert_eq!(count.count, None);
    }

    #[test]
    fn errors_read_as_the_derive_writes_them() {
        let message = |text: &str| read(text).expect_err("not a case").to_string();
        assert!(
            message(r#"{"tags": []}"#).starts_with("missing field `id`"),
            "{}",
            message(r#"{"tags": []}"#)
        );
        assert!(
            message(r#"{"id": "a", "id": "b", "tags": []}"#).starts_with("duplicate field `id`")
        );
        let wrong = message(r#"{"id": 5, "tags": []}"#);
        assert!(
            wrong.starts_with("invalid type: integer `5`, expected a string"),
            "{wrong}"
        );
        let not_object = message(r#"["c", 1]"#);
        assert!(not_object.contains("expected struct Case"), "{not_object}");
    }

    #[test]
    fn decodes_from_a_json_value_too() {
        let value = serde_json::json!({"id": "v", "tags": ["x"], "note": null});
        let case: Case = serde_json::from_value(value).expect("a case");
        assert_eq!(case.note, Nullable::Null);
        assert_eq!(case.tags, ["x"]);
    }
}
