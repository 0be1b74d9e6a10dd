//! Placeholder until the command lands.

use crate::Usage;
use std::process::ExitCode;

/// Runs the command.
pub fn run(_args: Vec<String>) -> Result<ExitCode, Usage> {
    Err(Usage("not available yet".to_owned()))
}
