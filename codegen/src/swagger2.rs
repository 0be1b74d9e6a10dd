//! Swagger 2.0 documents converted on the JSON value into OpenAPI 3.0.

use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// Converts a Swagger 2.0 document in place; returns one warning per conversion choice that
/// loses information.
pub fn convert(raw: &mut Value, file: &str) -> Result<Vec<Diagnostic>, Diagnostic> {
    let _ = raw;
    Err(Diagnostic::error(
        file,
        "/swagger",
        "Swagger 2.0 documents are not supported; this generator reads OpenAPI 3.0.x",
    )
    .with_hint("convert the document to OpenAPI 3.0 first (for example with swagger2openapi)"))
}
