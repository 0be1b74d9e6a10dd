//! OpenAPI 3.1 documents (JSON Schema 2020-12) translated on the JSON value into the OpenAPI 3.0
//! shape the rest of the pipeline reads, so the same meaning gives the same Rust.
//!
//! `openapiv3` reads 3.0 only; everything here happens on the `serde_json::Value` before it.
//! What 3.1 writes differently but means the same is rewritten without a word (a `type` list
//! with `"null"` is `nullable: true`, `const` is a one-value `enum`, a numeric
//! `exclusiveMinimum` is `minimum` plus the 3.0 flag, `examples: [..]` on a schema is its
//! `example`, `anyOf: [X, {type: "null"}]` is a nullable `X`, `type: [string, integer]` is
//! `anyOf` of the two (each with its own keywords), `$defs` become component
//! schemas, `components.pathItems` are inlined where referenced). What the generated Rust cannot
//! express is read and reported once per place, never refused. The warnings start with one of
//! the stable phrases of [`WARNING_KINDS`], so a caller can group many of one kind.
//!
//! Specification: <https://spec.openapis.org/oas/v3.1.0> and its migration notes,
//! <https://www.openapis.org/blog/2021/02/16/migrating-from-openapi-3-0-to-3-1-0>.
//! `webhooks` are left where they are; lowering reads them (and 3.0's `x-webhooks`).

mod document;
mod schema;
#[cfg(test)]
mod tests;

use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// A keyword that constrains values but that the generated types and checks do not enforce.
pub const NOT_ENFORCED: &str = "JSON Schema keyword not enforced";
/// A `type` list of several non-null types that cannot be split into `anyOf` alternatives (an
/// `enum` beside it, say), read as any JSON value.
pub const SEVERAL_TYPES: &str = "several types in one schema";
/// `prefixItems` (a tuple), read as a list.
pub const TUPLE: &str = "tuple read as a list";
/// A `jsonSchemaDialect` other than the OpenAPI 3.1 default.
pub const DIALECT: &str = "non-default JSON Schema dialect";
/// A `$ref` that 3.1 allows but that is not followed (`$dynamicRef`, a relative URI, an
/// unknown `$anchor`, a missing `components.pathItems` entry).
pub const REFERENCE: &str = "OpenAPI 3.1 reference not followed";

/// Every stable message prefix of the warnings this module gives, one per kind of repair.
pub const WARNING_KINDS: &[&str] = &[NOT_ENFORCED, SEVERAL_TYPES, TUPLE, DIALECT, REFERENCE];

/// Translates a 3.1 document in place; returns one warning per change that loses information.
///
/// Fails only when the document cannot be an OpenAPI document at all (not an object).
pub fn translate(raw: &mut Value, file: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    if !raw.is_object() {
        return Err(Diagnostic::error(
            file,
            "",
            "the document is not an object, so it is not an OpenAPI document",
        )
        .with_hint("an OpenAPI document starts with `openapi: 3.1.0`, `info` and `paths`"));
    }
    let mut t = Translator {
        file,
        warnings: Vec::new(),
    };
    t.document(raw);
    Ok(t.warnings)
}

/// State of one translation: where warnings go.
struct Translator<'a> {
    file: &'a str,
    warnings: Vec<Diagnostic>,
}

impl Translator<'_> {
    /// A warning of one of the [`WARNING_KINDS`], with what to do about that kind.
    fn warn(&mut self, pointer: &str, kind: &str, details: impl AsRef<str>) {
        self.warnings.push(
            Diagnostic::warning(self.file, pointer, format!("{kind}: {}", details.as_ref()))
                .with_hint(hint(kind)),
        );
    }
}

/// What to do about a warning of `kind`.
fn hint(kind: &str) -> &'static str {
    match kind {
        NOT_ENFORCED => {
            "the client accepts values that break this rule; check it in your code if it matters"
        }
        SEVERAL_TYPES => "write `oneOf` with one schema per type to get a Rust enum of them",
        TUPLE => "give the positions one common `items` schema to get a typed list",
        DIALECT => {
            "remove `jsonSchemaDialect` or set it to https://spec.openapis.org/oas/3.1/dialect/base"
        }
        _ => "write the referenced item inline, or under components with a `#/components/...` reference",
    }
}
