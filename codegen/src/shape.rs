//! One model of what the generated API looks like, shared by the emitters ([`crate::emit`])
//! and the semver comparison ([`crate::diff`]) so their verdicts cannot drift from the code:
//! how a field is held ([`Presence`]), how a value is built ([`Construction`]), what its
//! setters are called ([`setter_name`]) and which items are `#[non_exhaustive]`
//! ([`is_non_exhaustive`]). A change here changes both the code and the verdicts of
//! `cargo xtask diff`.

use crate::ir::{Field, Parameter, TypeKind};

/// How a field (or parameter) is held in Rust.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required and not nullable: `T`.
    Plain,
    /// Required and nullable, or optional and not nullable: `Option<T>`.
    Optional,
    /// Optional and nullable: `Nullable<T>` (absent, null or a value).
    Nullable,
}

impl Presence {
    /// The presence of a value that is `required` and `nullable` or not.
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Self::Plain,
            (false, true) => Self::Nullable,
            _ => Self::Optional,
        }
    }

    /// The presence of a struct field.
    pub fn of(field: &Field) -> Self {
        Self::new(field.required, field.nullable)
    }

    /// The presence of a parameter: a nullable parameter's `null` is in its type, so an
    /// optional one is only `Option<T>`.
    pub fn of_param(param: &Parameter) -> Self {
        Self::new(param.required, false)
    }

    /// The Rust spelling of a value of type `inner` held this way, for messages
    /// (`Option<String>`, `Nullable<String>`).
    pub fn spell(self, inner: &str) -> String {
        match self {
            Self::Plain => inner.to_owned(),
            Self::Optional => format!("Option<{inner}>"),
            Self::Nullable => format!("Nullable<{inner}>"),
        }
    }
}

/// The most required values `new` takes as arguments (clippy's `too_many_arguments` limit);
/// a type with more is made with a builder.
pub const MAX_NEW_ARGUMENTS: usize = 7;

/// How a user makes a value of a generated struct or parameter struct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Construction {
    /// No required values: `Type::default()` (it derives `Default`), then setters.
    Default,
    /// `Type::new(required..)` (at most [`MAX_NEW_ARGUMENTS`]), then setters.
    New,
    /// `Type::builder()`, a setter per value, then `build()`, which returns
    /// `Err(MissingField)` if a required value was not set.
    Builder,
}

impl Construction {
    /// The construction of a type with `required` required values.
    pub fn of(required: usize) -> Self {
        match required {
            0 => Self::Default,
            n if n <= MAX_NEW_ARGUMENTS => Self::New,
            _ => Self::Builder,
        }
    }

    /// The construction of a parameter struct with `required` required parameters: always
    /// `new` when there are any (a parameter struct with more than [`MAX_NEW_ARGUMENTS`]
    /// required parameters allows `clippy::too_many_arguments` on it instead; no spec the
    /// project generates has one).
    pub fn of_params(required: usize) -> Self {
        if required == 0 {
            Self::Default
        } else {
            Self::New
        }
    }

    /// How it is spelled in messages, for the type at `path`.
    pub fn describe(self, path: &str) -> String {
        match self {
            Self::Default => format!("`{path}::default()`"),
            Self::New => format!("`{path}::new`"),
            Self::Builder => format!("`{path}::builder()`"),
        }
    }
}

/// Inherent method names a setter must not take: the constructors, and trait methods that
/// generated code or users call with method syntax (an inherent method would shadow them).
const RESERVED: &[&str] = &[
    "new",
    "builder",
    "build",
    "default",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "hash",
    "validate",
    "validate_into",
    "serialize",
    "deserialize",
    "into",
    "try_into",
    "to_owned",
    "to_string",
    "borrow",
    "type_id",
];

/// The setter of a field named `rust_name`: the field's name, or `with_<name>` where that
/// would be a constructor or shadow a trait method.
pub fn setter_name(rust_name: &str) -> String {
    let bare = rust_name.strip_prefix("r#").unwrap_or(rust_name);
    if RESERVED.contains(&bare) {
        format!("with_{bare}")
    } else {
        rust_name.to_owned()
    }
}

/// The kinds of item the emitters write for users.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Item {
    /// A struct for an object schema.
    Struct,
    /// An enum of listed values with `Unknown`.
    Enum,
    /// An enum of `oneOf`/`anyOf` alternatives.
    Union,
    /// A type alias.
    Alias,
    /// A parameter struct.
    Params,
    /// A per-operation error or success enum.
    OperationEnum,
}

impl Item {
    /// The item a named type becomes.
    pub fn of(kind: &TypeKind) -> Self {
        match kind {
            TypeKind::Struct(_) => Self::Struct,
            TypeKind::Enum(_) => Self::Enum,
            TypeKind::Union(_) => Self::Union,
            TypeKind::Alias(_) => Self::Alias,
        }
    }
}

/// Whether the emitted item is `#[non_exhaustive]`: every struct, enum and union is (a new
/// optional field, enum value, alternative or status is then an addition, and matches need a
/// wildcard arm); an alias is only a name for another type.
pub fn is_non_exhaustive(item: Item) -> bool {
    item != Item::Alias
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presence_of_required_and_nullable() {
        assert_eq!(Presence::new(true, false), Presence::Plain);
        assert_eq!(Presence::new(true, true), Presence::Optional);
        assert_eq!(Presence::new(false, false), Presence::Optional);
        assert_eq!(Presence::new(false, true), Presence::Nullable);
        assert_eq!(Presence::Nullable.spell("String"), "Nullable<String>");
    }

    #[test]
    fn construction_by_required_count() {
        assert_eq!(Construction::of(0), Construction::Default);
        assert_eq!(Construction::of(1), Construction::New);
        assert_eq!(Construction::of(MAX_NEW_ARGUMENTS), Construction::New);
        assert_eq!(
            Construction::of(MAX_NEW_ARGUMENTS + 1),
            Construction::Builder
        );
    }

    #[test]
    fn setters_never_shadow_constructors_or_trait_methods() {
        assert_eq!(setter_name("note"), "note");
        assert_eq!(setter_name("new"), "with_new");
        assert_eq!(setter_name("validate"), "with_validate");
        assert_eq!(setter_name("r#type"), "r#type");
    }
}
