//! `Nullable<T>`: the value of an optional field that may also be `null`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that the schema also allows to be `null`: three states where
/// `Option<T>` has two.
///
/// - [`Nullable::Absent`] (the default): the field is left out of the request, and a
///   response without it decodes to `Absent`;
/// - [`Nullable::Null`]: the field is sent as `null` (for many APIs this clears a stored
///   value);
/// - [`Nullable::Value`]: the field is sent with its value.
///
/// Generated structs mark such fields
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`, so `Absent` is never
/// written. The generated setters are `note(value)` (a value) and `note_null()` (`null`); a
/// `Nullable` also converts from `T` (a value) and from `Option<T>` (`None` is `null`):
///
/// ```ignore
/// let patch = Patch::default().note("x"); // {"note":"x"}
/// let clear = Patch::default().note_null(); // {"note":null}
/// assert!(Patch::default().note.is_absent()); // {}
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Nullable<T> {
    /// Not present: not sent, and not received.
    #[default]
    Absent,
    /// Present and `null`.
    Null,
    /// Present with a value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is absent.
    pub fn is_absent(&self) -> bool {
        matches!(self, Self::Absent)
    }

    /// Whether the field is present and `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Self::Null)
    }

    /// Whether the field holds a value.
    pub fn is_value(&self) -> bool {
        matches!(self, Self::Value(_))
    }

    /// The value, if there is one (`None` for both absent and `null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, mutably, if there is one.
    pub fn value_mut(&mut self) -> Option<&mut T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The value, if there is one, consuming `self`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Self::Value(value) => Some(value),
            Self::Absent | Self::Null => None,
        }
    }

    /// The three states as nested options: `None` (absent), `Some(None)` (`null`),
    /// `Some(Some(v))`.
    pub fn into_option(self) -> Option<Option<T>> {
        match self {
            Self::Absent => None,
            Self::Null => Some(None),
            Self::Value(value) => Some(Some(value)),
        }
    }

    /// A `Nullable` of a reference to the value.
    pub fn as_ref(&self) -> Nullable<&T> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(value) => Nullable::Value(value),
        }
    }

    /// Applies `f` to the value, keeping absent and `null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Self::Absent => Nullable::Absent,
            Self::Null => Nullable::Null,
            Self::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

impl<T> From<Option<T>> for Nullable<T> {
    /// `Some(v)` is the value `v`, `None` is `null` (not absent: a field set to `None` is
    /// sent).
    fn from(value: Option<T>) -> Self {
        value.map_or(Self::Null, Self::Value)
    }
}

impl<T> From<Nullable<T>> for Option<Option<T>> {
    fn from(value: Nullable<T>) -> Self {
        value.into_option()
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    /// A value as itself, `Null` as `null`. `Absent` also writes `null`: the fields of
    /// generated structs skip it before it gets here.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Value(value) => serializer.serialize_some(value),
            Self::Absent | Self::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// `null` is `Null`, anything else a value; an absent field is `Absent` through
    /// `#[serde(default)]`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::Nullable;

    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Patch {
        #[serde(default, skip_serializing_if = "Nullable::is_absent")]
        note: Nullable<String>,
    }

    #[test]
    fn absent_null_and_value_stay_apart_both_ways() {
        let read = |text: &str| serde_json::from_str::<Patch>(text).expect("a patch");
        let write = |note: Nullable<String>| serde_json::to_string(&Patch { note }).expect("json");
        assert_eq!(read("{}").note, Nullable::Absent);
        assert_eq!(read(r#"{"note": null}"#).note, Nullable::Null);
        assert_eq!(
            read(r#"{"note": "x"}"#).note,
            Nullable::Value("x".to_owned())
        );
        assert_eq!(write(Nullable::Absent), "{}");
        assert_eq!(write(Nullable::Null), r#"{"note":null}"#);
        assert_eq!(write("x".to_owned().into()), r#"{"note":"x"}"#);
    }

    #[test]
    fn conversions_and_accessors() {
        assert_eq!(Nullable::<u8>::default(), Nullable::Absent);
        assert_eq!(Nullable::from(Some(3)), Nullable::Value(3));
        assert_eq!(Nullable::<u8>::from(None), Nullable::Null);
        assert_eq!(Nullable::from(3).value(), Some(&3));
        assert_eq!(Nullable::<u8>::Null.value(), None);
        assert!(Nullable::<u8>::Null.is_null() && !Nullable::<u8>::Null.is_absent());
        assert_eq!(Nullable::Value(2).map(|v| v * 2).into_value(), Some(4));
        assert_eq!(Nullable::<u8>::Null.into_option(), Some(None));
        assert_eq!(Nullable::<u8>::Absent.into_option(), None);
        let mut n = Nullable::Value(1);
        if let Some(v) = n.value_mut() {
            *v = 5;
        }
        assert_eq!(n.as_ref(), Nullable::Value(&5));
    }
}
