//! `MissingField`: what a generated builder's `build()` returns when a required value was
//! not set.

use std::fmt;

/// A required value that was not set before `build()` was called on a generated builder
/// (types with more required fields than a constructor takes arguments have one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MissingField {
    type_name: &'static str,
    field: &'static str,
}

impl MissingField {
    /// `field` of `type_name` was not set.
    pub fn new(type_name: &'static str, field: &'static str) -> Self {
        Self { type_name, field }
    }

    /// The Rust name of the type being built.
    pub fn type_name(&self) -> &'static str {
        self.type_name
    }

    /// The Rust name of the field (its setter) that was not set.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for MissingField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: the required field `{}` was not set (call `.{}(..)` before `build()`)",
            self.type_name, self.field, self.field
        )
    }
}

impl std::error::Error for MissingField {}

#[cfg(test)]
mod tests {
    use super::MissingField;

    #[test]
    fn names_the_type_and_the_setter() {
        let missing = MissingField::new("GenericCase", "status");
        assert_eq!(missing.field(), "status");
        assert_eq!(missing.type_name(), "GenericCase");
        assert_eq!(
            missing.to_string(),
            "GenericCase: the required field `status` was not set (call `.status(..)` before `build()`)"
        );
    }
}
