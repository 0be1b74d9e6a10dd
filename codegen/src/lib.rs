//! An OpenAPI 3.0 and 3.1 to Rust client generator (3.1 is translated into the 3.0 shape by
//! [`openapi31`] while loading).
//!
//! The pipeline, one module per step:
//! [`load`] (bytes -> `openapiv3` document) -> [`lower`] (document -> [`ir::Api`], resolving
//! `$ref`s and naming everything through [`naming`]) -> [`emit`] (IR -> `syn` trees, built
//! directly) -> [`format`](mod@format) (trees -> text with prettyplease) -> [`output`]
//! (all-or-nothing writes and the drift check). [`generate`] runs the whole pipeline over a
//! folder of specs on the threads of [`workers`]; [`diff`] compares the IR of two folders and
//! says what a change does to users.

pub mod bundle;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod filter;
pub mod format;
pub mod generate;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod normalize;
pub mod openapi31;
pub mod optional_segments;
pub mod output;
pub mod refs;
pub mod settings;
pub mod shape;
pub mod split;
pub mod swagger2;
pub mod workers;

pub use diagnostic::{Diagnostic, Severity};
pub use generate::{generate_crate, Generated};
pub use settings::Settings;
