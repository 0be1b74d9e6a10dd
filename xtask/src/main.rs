//! Project automation: `cargo xtask <command>`.
//!
//! - `codegen [--check] [--specs DIR] [--out DIR]`: regenerate the client crate, or check that
//!   it is fresh.
//! - `corpus [DIR]`: generate and `cargo check` a crate for every document in a folder.
//! - `diff (--base REV | --base-dir DIR) [--specs DIR] [--fail-on breaking]`: what a spec change
//!   does to users of the generated crate, and the semver bump it needs.
//!
//! Exit codes: 0 success, 1 bad input or a failed check, 2 bad usage.

mod codegen_cmd;
mod corpus;
mod diff_cmd;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask codegen [--check] [--specs DIR] [--out DIR]
  cargo xtask corpus [DIR] [--keep DIR]
  cargo xtask diff (--base REV | --base-dir DIR) [--specs DIR] [--fail-on breaking]";

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

fn run(mut args: Vec<String>) -> Result<ExitCode, Usage> {
    if args.is_empty() {
        return Err(Usage("no command given".to_owned()));
    }
    let command = args.remove(0);
    match command.as_str() {
        "codegen" => codegen_cmd::run(args),
        "corpus" => corpus::run(args),
        "diff" => diff_cmd::run(args),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        other => Err(Usage(format!("unknown command {other:?}"))),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args) {
        Ok(code) => code,
        Err(Usage(message)) => {
            eprintln!("error: {message}\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
