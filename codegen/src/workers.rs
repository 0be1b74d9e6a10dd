//! The threads the pipeline runs on: one pool per process, started on first use and kept, with
//! a thread per core and [`STACK_BYTES`] of stack each.
//!
//! Kept threads keep their allocator heaps: a fresh thread per run spent about 0.2 ms faulting
//! in pages for the same work (the 2 KB petstore: 0.63 ms on a new thread, 0.42 ms on the
//! calling one). Work handed to the pool from outside it runs on a pool thread, so the large
//! stack holds wherever the caller is.

use std::sync::OnceLock;

/// The stack of every pipeline thread. Loading, lowering, emitting and formatting recurse once
/// per level of nesting in a document; the parsers refuse more than 128 levels. The deepest
/// documents they accept (123 levels of `items`, 61 of `properties`) generate in a debug build
/// with 4 MiB, so 32 MiB leaves eight times that. The stack is reserved, not committed, but a
/// larger one is not free: starting a thread with 256 MiB took 74 us here against 25 us up to
/// 32 MiB.
pub const STACK_BYTES: usize = 32 * 1024 * 1024;

/// The pool, or why it could not start.
fn pool() -> Result<&'static rayon::ThreadPool, String> {
    static POOL: OnceLock<Result<rayon::ThreadPool, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(cores())
            .stack_size(STACK_BYTES)
            .thread_name(|i| format!("codegen-{i}"))
            .build()
            .map_err(|e| format!("cannot start the generator threads: {e}"))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// The cores of this machine (at least 1).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Runs `f` on a pool thread and returns its result; a panic in `f` (a bug) comes back as its
/// message instead of unwinding into the caller.
pub fn run<R: Send>(f: impl FnOnce() -> R + Send) -> Result<R, String> {
    let pool = pool()?;
    pool.install(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)))
        .map_err(|panic| {
            let message = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_owned());
            format!("the generator panicked: {message}")
        })
}

/// Runs `a` and `b`, side by side on the pool when `parallel`, else one after the other on this
/// thread (also when the pool cannot start).
pub fn join<A: Send, B: Send>(
    parallel: bool,
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    match pool() {
        Ok(pool) if parallel => pool.join(a, b),
        _ => (a(), b()),
    }
}

/// Runs `work` on `threads` pool threads at once (this one among them when it is a pool
/// thread), each call returning when there is nothing left for it to take.
pub fn spread(threads: usize, work: impl Fn() + Sync) {
    match pool() {
        Ok(pool) if threads > 1 => pool.scope(|scope| {
            for _ in 1..threads {
                scope.spawn(|_| work());
            }
            work();
        }),
        _ => work(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_panic_comes_back_as_its_message() {
        let result: Result<(), String> = run(|| panic!("boom at the pointer"));
        let message = result.expect_err("the panic is caught");
        assert!(message.contains("boom at the pointer"), "{message}");
        // The pool survives it.
        assert_eq!(run(|| 1 + 1), Ok(2));
    }

    #[test]
    fn spread_work_is_taken_once_whatever_the_threads() {
        for threads in [1, 2, 3, 8] {
            let next = AtomicUsize::new(0);
            let done = AtomicUsize::new(0);
            spread(threads, || {
                while next.fetch_add(1, Ordering::Relaxed) < 100 {
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
            assert_eq!(done.load(Ordering::Relaxed), 100, "{threads} threads");
        }
    }

    #[test]
    fn join_returns_both_in_order() {
        for parallel in [false, true] {
            assert_eq!(join(parallel, || "a", || "b"), ("a", "b"));
        }
    }

    #[test]
    fn work_runs_on_the_large_stack() {
        // A recursion needing about 16 MiB, more than any default thread stack.
        fn depth(n: usize) -> usize {
            let frame = [0u8; 1024];
            if n == 0 {
                std::hint::black_box(&frame).len()
            } else {
                depth(n - 1) + std::hint::black_box(&frame)[n % 1024] as usize
            }
        }
        assert_eq!(run(|| depth(16 * 1024)), Ok(1024));
    }
}
