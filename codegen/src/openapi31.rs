//! OpenAPI 3.1 documents (JSON Schema 2020-12) translated on the JSON value into the OpenAPI 3.0
//! shape the rest of the pipeline reads, so the same meaning gives the same Rust.

use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// Translates a 3.1 document in place; returns one warning per change that loses information.
pub fn translate(raw: &mut Value, file: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    Err(Diagnostic::error(
        file,
        "/openapi",
        format!(
            "unsupported OpenAPI version {}",
            raw.get("openapi").cloned().unwrap_or_default()
        ),
    )
    .with_hint(
        "OpenAPI 3.1 is not supported yet; this generator reads 3.0.x. Write `openapi: 3.0.3` and use `nullable: true` instead of `type: [..., \"null\"]`, \
         single `example` values, and no `const`",
    ))
}
