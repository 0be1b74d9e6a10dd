//! Project automation: `cargo xtask <command>`.
//!
//! - `codegen [--check] [--specs DIR] [--out DIR] [--all-warnings]`: regenerate the client
//!   crate, or check that it is fresh; warnings of one kind are summarised unless
//!   `--all-warnings`.
//! - `corpus [DIR] [--keep DIR] [--only TEXT] [--no-check] [--known-failures FILE]
//!   [--runtime-path PATH]`: generate
//!   and `cargo check` a crate for every document (or multi-file folder) in a folder, one per
//!   crate; the entries listed in `xtask/corpus-known-failures.toml` are expected to fail;
//!   `--runtime-path PATH` makes the crates depend on the runtime crate at `PATH`.
//! - `diff (--base REV | --base-dir DIR) [--specs DIR] [--fail-on breaking]`: what a spec change
//!   does to users of the generated crate, and the semver bump it needs.
//! - `page-check (--spec FILE --page FILE | [--specs DIR] [--pages DIR]) [--fail-on
//!   difference]`: compare vendor pages with the specs written from them.
//!
//! Exit codes: 0 success, 1 bad input or a failed check, 2 bad usage.
//!
//! Every command writes to the `Io` it is given, so tests can run them in-process.

pub mod codegen_cmd;
pub mod corpus;
pub mod diff_cmd;
pub mod known_failures;
pub mod page_check;

use std::io::Write;
use std::path::PathBuf;

/// Where a command writes: standard output and standard error, or buffers in tests.
pub struct Io<'a> {
    /// Results.
    pub out: &'a mut dyn Write,
    /// Diagnostics and progress.
    pub err: &'a mut dyn Write,
}

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: bad input or a failed check.
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage.
pub const EXIT_USAGE: u8 = 2;

/// The usage text.
pub const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--specs DIR] [--out DIR] [--all-warnings]
  cargo xtask corpus [DIR] [--keep DIR] [--only TEXT] [--no-check] [--known-failures FILE]
                     [--runtime-path PATH]
  cargo xtask diff (--base REV | --base-dir DIR) [--specs DIR] [--fail-on breaking]
  cargo xtask page-check (--spec FILE --page FILE | [--specs DIR] [--pages DIR]) [--fail-on difference]";

/// The workspace root (the parent of this crate's folder).
pub fn project_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}

/// A command-line mistake: printed with the usage, exit code 2.
pub struct Usage(pub String);

/// Takes the value of `--flag VALUE` out of `args`.
pub fn take_value(args: &mut Vec<String>, flag: &str) -> Result<Option<String>, Usage> {
    let Some(i) = args.iter().position(|a| a == flag) else {
        return Ok(None);
    };
    if i + 1 >= args.len() || args[i + 1].starts_with("--") {
        return Err(Usage(format!("{flag} needs a value")));
    }
    let value = args.remove(i + 1);
    args.remove(i);
    Ok(Some(value))
}

/// Takes `--flag` out of `args`.
pub fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    match args.iter().position(|a| a == flag) {
        Some(i) => {
            args.remove(i);
            true
        }
        None => false,
    }
}

fn dispatch(mut args: Vec<String>, io: &mut Io<'_>) -> Result<u8, Usage> {
    if args.is_empty() {
        return Err(Usage("no command given".to_owned()));
    }
    let command = args.remove(0);
    match command.as_str() {
        "codegen" => codegen_cmd::run(args, io),
        "corpus" => corpus::run(args, io),
        "diff" => diff_cmd::run(args, io),
        "page-check" => page_check::run(args, io),
        "-h" | "--help" | "help" => {
            let _ = writeln!(io.out, "{USAGE}");
            Ok(EXIT_OK)
        }
        other => Err(Usage(format!("unknown command {other:?}"))),
    }
}

/// Runs `cargo xtask <args>` and returns the exit code.
pub fn run(args: Vec<String>, io: &mut Io<'_>) -> u8 {
    match dispatch(args, io) {
        Ok(code) => code,
        Err(Usage(message)) => {
            let _ = writeln!(io.err, "error: {message}\n{USAGE}");
            EXIT_USAGE
        }
    }
}
