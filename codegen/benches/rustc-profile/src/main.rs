//! Where rustc spends its time on a generated crate, by kind of generated item.
//!
//! `-Z self-profile` records every query rustc runs with its key (with
//! `-Z self-profile-events=default,query-keys`), such as `typeck` of
//! `my_crate::my_api::types::{{impl}}[12]::serialize`. This tool reads such a profile, takes
//! each query's self time (its time minus that of the queries it ran) and sums it by the part
//! of the generated module the key names (`types`, `errors`, `client`, `runtime`, ...) and
//! the method it is in (`serialize`, `deserialize`, `fmt`, `clone`, a setter, ...). What
//! `time-passes` calls "type checking" becomes "typeck of the `Serialize` impls in `types`".
//!
//! ```text
//! RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 cargo rustc --profile check -- \
//!     -Z self-profile=/tmp/prof -Z self-profile-events=default,query-keys
//! cargo run --release --manifest-path codegen/benches/rustc-profile/Cargo.toml -- \
//!     /tmp/prof/<crate>-<pid> [--top N]
//! ```
//!
//! The stem is the profile's path without `.mm_profdata`. Keys without a path (crate-wide
//! queries) are `crate`; a query without a key counts for the one that ran it.

use analyzeme::{EventPayload, ProfilingData, Timestamp};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// Methods of trait impls and generated helpers worth a line of their own.
const METHODS: &[&str] = &[
    "as_str",
    "clone",
    "cmp",
    "default",
    "deserialize",
    "eq",
    "fmt",
    "from",
    "from_str",
    "hash",
    "message",
    "new",
    "partial_cmp",
    "serialize",
    "source",
    "to_param_values",
    "validate_into",
    "variant",
];

/// The parts of a generated crate a key can name.
const AREAS: &[&str] = &[
    "types", "errors", "client", "params", "mock", "runtime", "webhooks", "contract",
];

/// The part and kind of item a query key names: `types/serialize`, `client/method`, `crate`.
fn category(key: &str) -> String {
    if !key.contains("::") {
        return "crate".to_owned();
    }
    let segments: Vec<&str> = key
        .split("::")
        .filter(|s| !s.starts_with("{{closure}}") && !s.starts_with("{{constant}}"))
        .collect();
    // The first segment that names a part: `runtime::client` is the runtime's.
    let area = segments
        .iter()
        .find(|s| AREAS.contains(s))
        .copied()
        .unwrap_or("module");
    let last = segments.last().copied().unwrap_or(key);
    let last = last.split('[').next().unwrap_or(last);
    let kind = if !key.contains("{{impl}}") {
        "item"
    } else if last == "{{impl}}" {
        "impl"
    } else if let Some(method) = METHODS.iter().find(|m| **m == last) {
        method
    } else if last.starts_with("is_") {
        "is_*"
    } else {
        "method"
    };
    format!("{area}/{kind}")
}

/// One finished query: when it ran, what it was and what it was for.
struct Interval {
    thread: u32,
    start: Duration,
    end: Duration,
    query: String,
    key: String,
}

/// A query on the stack while its children are summed.
struct Open {
    end: Duration,
    length: Duration,
    children: Duration,
    query: String,
    category: String,
}

#[derive(Default)]
struct Totals {
    by_category: HashMap<String, Duration>,
    by_query: HashMap<(String, String), (Duration, u64)>,
}

impl Totals {
    fn close(&mut self, open: Open) {
        let own = open.length.saturating_sub(open.children);
        *self.by_category.entry(open.category.clone()).or_default() += own;
        let entry = self
            .by_query
            .entry((open.query, open.category))
            .or_default();
        entry.0 += own;
        entry.1 += 1;
    }
}

fn since_epoch(t: SystemTime) -> Duration {
    t.duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default()
}

fn read(stem: &Path) -> Result<Vec<Interval>, String> {
    let data = ProfilingData::new(stem).map_err(|e| {
        format!(
            "cannot read the profile {}: {e} (give its path without `.mm_profdata`)",
            stem.display()
        )
    })?;
    let mut out = Vec::new();
    for event in data.iter_full() {
        if let EventPayload::Timestamp(Timestamp::Interval { start, end }) = event.payload {
            out.push(Interval {
                thread: event.thread_id,
                start: since_epoch(start),
                end: since_epoch(end),
                query: event.label.to_string(),
                key: event
                    .additional_data
                    .first()
                    .map(|a| a.to_string())
                    .unwrap_or_default(),
            });
        }
    }
    // Parents before their children: by thread, start, then the longer first.
    out.sort_by(|a, b| {
        (a.thread, a.start, std::cmp::Reverse(a.end)).cmp(&(
            b.thread,
            b.start,
            std::cmp::Reverse(b.end),
        ))
    });
    Ok(out)
}

fn totals(intervals: Vec<Interval>) -> Totals {
    let mut totals = Totals::default();
    let mut stack: Vec<Open> = Vec::new();
    let mut thread = None;
    for interval in intervals {
        if thread != Some(interval.thread) {
            while let Some(open) = stack.pop() {
                totals.close(open);
            }
            thread = Some(interval.thread);
        }
        // Close what ended before this one started, adding each to its parent's children.
        while stack.last().is_some_and(|open| open.end <= interval.start) {
            if let Some(done) = stack.pop() {
                if let Some(parent) = stack.last_mut() {
                    parent.children += done.length;
                }
                totals.close(done);
            }
        }
        let category = if interval.key.is_empty() {
            stack
                .last()
                .map(|parent| parent.category.clone())
                .unwrap_or_else(|| "crate".to_owned())
        } else {
            category(&interval.key)
        };
        stack.push(Open {
            end: interval.end,
            length: interval.end.saturating_sub(interval.start),
            children: Duration::ZERO,
            query: interval.query,
            category,
        });
    }
    while let Some(done) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.children += done.length;
        }
        totals.close(done);
    }
    totals
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut stem = None;
    let mut top = 40usize;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--top" => match args.next().and_then(|n| n.parse().ok()) {
                Some(n) => top = n,
                None => {
                    eprintln!("--top takes a number");
                    return ExitCode::from(2);
                }
            },
            _ if stem.is_none() => stem = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("unexpected argument {arg}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(stem) = stem else {
        eprintln!("usage: rustc-profile <profile path without .mm_profdata> [--top N]");
        return ExitCode::from(2);
    };
    let intervals = match read(&stem) {
        Ok(intervals) => intervals,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let totals = totals(intervals);
    let mut by_category: Vec<_> = totals.by_category.into_iter().collect();
    by_category.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let all: Duration = by_category.iter().map(|(_, d)| *d).sum();
    println!("self time, all queries: {:.2} s", all.as_secs_f64());
    println!("\nby part of the crate and kind of item:");
    for (category, time) in by_category.iter().take(top) {
        println!("{:9.3} s  {category}", time.as_secs_f64());
    }
    let mut by_query: Vec<_> = totals.by_query.into_iter().collect();
    by_query.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then_with(|| a.0.cmp(&b.0)));
    println!("\nby query (self time, count, query, part and kind):");
    for ((query, category), (time, count)) in by_query.iter().take(top) {
        println!(
            "{:9.3} s {count:8}  {query}  {category}",
            time.as_secs_f64()
        );
    }
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::category;

    #[test]
    fn keys_fall_into_parts_and_kinds() {
        assert_eq!(
            category("c::api::types::{{impl}}[18439]::deserialize::{{closure}}"),
            "types/deserialize"
        );
        assert_eq!(
            category("c::api::client::{{impl}}::get_thing"),
            "client/method"
        );
        assert_eq!(
            category("c::runtime::client::send_and_read"),
            "runtime/item"
        );
        assert_eq!(
            category("c::api::errors::{{impl}}[3]::is_not_found"),
            "errors/is_*"
        );
        assert_eq!(category("c::api::types::{{impl}}[7]"), "types/impl");
        assert_eq!(category("c::api::OP_GET_THING"), "module/item");
        assert_eq!(category("LocalCrate"), "crate");
    }
}
