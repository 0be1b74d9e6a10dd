//! `cargo xtask`: see the library for the commands.

use std::process::ExitCode;

// The generator allocates per token; see BENCHMARKS.md for what this allocator saves.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout();
    let mut stderr = std::io::stderr();
    let mut io = xtask::Io {
        out: &mut stdout,
        err: &mut stderr,
    };
    ExitCode::from(xtask::run(args, &mut io))
}
