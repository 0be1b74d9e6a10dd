//! Placeholder until the command lands.

use crate::{Io, Usage};

/// Runs the command.
pub fn run(_args: Vec<String>, _io: &mut Io<'_>) -> Result<u8, Usage> {
    Err(Usage("not available yet".to_owned()))
}
