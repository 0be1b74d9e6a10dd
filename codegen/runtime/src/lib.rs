//! The runtime of the generated API clients, as a crate of its own so that it is formatted,
//! linted and unit-tested like any other code.
//!
//! By default generated crates do not depend on this crate: the generator copies the files of
//! its [`runtime`] module into each of them as `src/runtime/` (the way progenitor's
//! `--include-client` hands out `progenitor-client`'s own source and smithy-rs pastes its
//! `rust-runtime/inlineable` code). The module is therefore written as the `runtime` module of
//! a crate: it reaches its own items as `crate::runtime::..`, here as in every copy, and this
//! file is the only one that is not copied. A crate generated with a `[runtime]` table in
//! `codegen.toml` depends on this crate instead and declares `pub use client_runtime::runtime;`,
//! so its code names the same paths; the macros it calls (`string_enum!`, ..) are therefore
//! `#[macro_export]`ed and reach the runtime as `$crate::runtime::..`.

pub mod runtime;
