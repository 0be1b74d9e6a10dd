//! The conversions of generated enums, as macros: a generated enum is its variants and one
//! macro call; and `UnknownValue`, the opaque payload of their `Unknown` variant.

/// A wire value that this version of the spec does not list, as the `Unknown` variant of a
/// generated enum holds it (`String` for string enums, `i64` for integer enums).
///
/// Only decoding (serde, `FromStr`, `From<i64>`) makes one, and only for a value no listed
/// variant has: `"open"` always decodes to `Status::Open`, so matching on `Status::Open` is
/// reliable and two values that are sent the same compare equal. Read the raw value with the
/// enum's `as_str()` / `as_i64()`, or with [`UnknownValue::as_str`] / [`UnknownValue::get`]
/// here. Like aws-sdk-rust's `UnknownVariantValue`, it cannot be built by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue<T = String>(T);

impl<T> UnknownValue<T> {
    /// Wraps a value no variant lists. Only the enum macros call it: public (and hidden) only
    /// because their expansion in a crate that depends on the runtime names it.
    #[doc(hidden)]
    pub fn new(value: T) -> Self {
        Self(value)
    }
}

impl UnknownValue<String> {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl UnknownValue<i64> {
    /// The value as received.
    pub fn get(&self) -> i64 {
        self.0
    }
}

impl<T: std::fmt::Display> std::fmt::Display for UnknownValue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Implements the conversions of a generated string enum: `as_str`, `FromStr`, `From<&str>`,
/// `Display`, serde and `ToParam` (no `Validate`: an enum has nothing to check). The enum has
/// one unit variant per listed wire value and `Unknown(UnknownValue)` for any other value, which it keeps as
/// received.
///
/// `string_enum!(Status { Open = "open", Closed = "closed" });`
// Exported so that it works from a copy of this module and from this crate as a dependency
// alike: `$crate::runtime::..` is the runtime in both.
#[doc(hidden)]
#[macro_export]
macro_rules! string_enum {
    ($name:ident { $($variant:ident = $wire:literal),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }
        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    other => Self::Unknown($crate::runtime::UnknownValue::new(
                        ::std::borrow::ToOwned::to_owned(other),
                    )),
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let value =
                    <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(match value.as_str() {
                    $($wire => Self::$variant,)*
                    _ => Self::Unknown($crate::runtime::UnknownValue::new(value)),
                })
            }
        }
        impl $crate::runtime::ToParam for $name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![::std::borrow::ToOwned::to_owned(self.as_str())]
            }
        }
    };
}

/// Implements the conversions of a generated integer enum: `as_i64`, `From<i64>`, `FromStr`,
/// `Display`, serde and `ToParam` (no `Validate`: an enum has nothing to check). The enum has
/// one unit variant per listed value and `Unknown(UnknownValue<i64>)` for any other value.
///
/// `integer_enum!(Level { V1 = 1, V2 = 2 });`
// Exported so that it works from a copy of this module and from this crate as a dependency
// alike: `$crate::runtime::..` is the runtime in both.
#[doc(hidden)]
#[macro_export]
macro_rules! integer_enum {
    ($name:ident { $($variant:ident = $value:literal),* $(,)? }) => {
        impl $name {
            /// The value on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.get(),
                }
            }
        }
        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown($crate::runtime::UnknownValue::new(other)),
                }
            }
        }
        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                value.trim().parse::<i64>().map(Self::from)
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.as_i64(), f)
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }
        impl $crate::runtime::ToParam for $name {
            fn to_param_values(&self) -> ::std::vec::Vec<::std::string::String> {
                ::std::vec![self.as_i64().to_string()]
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::runtime::{ToParam, UnknownValue};

    #[derive(Debug, Clone, PartialEq, Eq)]
    enum Status {
        Open,
        Closed,
        Unknown(UnknownValue),
    }
    string_enum!(Status {
        Open = "open",
        Closed = "closed"
    });

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Level {
        Low,
        High,
        Unknown(UnknownValue<i64>),
    }
    integer_enum!(Level { Low = 1, High = 5 });

    #[test]
    fn string_enums_keep_unknown_values() {
        assert_eq!("open".parse(), Ok(Status::Open));
        assert_eq!(Status::Closed.to_string(), "closed");
        let unknown: Status = serde_json::from_str("\"archived\"").expect("any string");
        assert!(matches!(&unknown, Status::Unknown(v) if v.as_str() == "archived"));
        assert_eq!(unknown.as_str(), "archived");
        assert_eq!(Status::from("archived"), unknown);
        // A listed value never becomes `Unknown`, however it is made.
        assert_eq!(Status::from("open"), Status::Open);
        assert_eq!(
            serde_json::to_string(&unknown).expect("serialises"),
            "\"archived\""
        );
        assert_eq!(Status::Open.to_param_values(), ["open"]);
    }

    #[test]
    fn integer_enums_keep_unknown_values() {
        assert_eq!(Level::from(5), Level::High);
        assert_eq!(" 1 ".parse::<Level>(), Ok(Level::Low));
        assert!("one".parse::<Level>().is_err());
        let unknown: Level = serde_json::from_str("7").expect("any integer");
        assert!(matches!(unknown, Level::Unknown(v) if v.get() == 7));
        assert_eq!(Level::from(7), unknown);
        assert_eq!(unknown.as_i64(), 7);
        assert_eq!(
            serde_json::to_string(&Level::High).expect("serialises"),
            "5"
        );
        assert_eq!(Level::Low.to_param_values(), ["1"]);
        assert_eq!(Level::High.to_string(), "5");
    }
}
