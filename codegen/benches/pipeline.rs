//! Generation time, split by stage, against a floor.
//!
//! For each document: `load` (bytes -> JSON value -> normalise -> `openapiv3`), `lower`
//! (document -> IR), `emit` (IR -> `syn` items) and `print` (prettyplease -> text), the last
//! two summed over the module's pieces as `generate_crate` cuts it, on one thread. Then
//! `generate_crate` end to end on a folder holding only that document, as `cargo xtask codegen`
//! runs it, against the floor: parsing the document straight into `openapiv3` types
//! (`serde_json`, or `serde_yaml` through a JSON value) plus prettyplease printing the produced
//! file from an already parsed `syn::File`, measured in alternating blocks (see `block`).
//!
//! Run with `cargo bench -p codegen --bench pipeline [-- NAME...]`; names filter the documents
//! by substring. Every figure is the median over the iterations (at least 3, more for fast
//! documents), in milliseconds.

// As `cargo xtask` runs the generator; the floor is measured under the same allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use codegen::emit::{emit_piece, pieces, Index};
use codegen::format::print_items;
use codegen::generate::api_file_on;
use codegen::load::load_bytes;
use codegen::lower::lower;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Documents measured by default: the project's own specs folder is measured as a whole.
const CORPUS_DOCUMENTS: &[&str] = &[
    "oai_petstore.yaml",
    "progenitor_nexus.json",
    "progenitor_api.github.com.json",
    "onfido_v3.6_openapi.json",
    "rebilly_full_bundled_oas303_2023-11-08.yaml",
];

/// Pieces per module in the one-thread stage figures, as `generate_crate` cuts it on two cores.
const PIECES: usize = 32;

/// Time spent measuring one document, at most (after the first iteration).
const BUDGET: Duration = Duration::from_secs(4);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples.get(samples.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Rounds of generation and floor blocks, at least and at most.
const ROUNDS_MIN: usize = 5;
const ROUNDS_MAX: usize = 15;

/// Runs per block, the first of which is not counted.
const BLOCK_RUNS: usize = 4;

/// The median of a block of runs of `f`, after one run that warms up.
fn block(mut f: impl FnMut() -> Duration) -> Duration {
    let _warm_up = f();
    median((1..BLOCK_RUNS).map(|_| f()).collect())
}

/// Runs `f` repeatedly within the budget and returns the median and the best time.
fn measure(mut f: impl FnMut() -> Duration) -> (Duration, Duration) {
    let first = f();
    let iterations = if first.is_zero() {
        30
    } else {
        (BUDGET.as_nanos() / first.as_nanos()).clamp(2, 29) as usize
    };
    let mut samples = vec![first];
    for _ in 0..iterations {
        samples.push(f());
    }
    let best = samples.iter().copied().min().unwrap_or_default();
    (median(samples), best)
}

struct Stages {
    load: Duration,
    lower: Duration,
    emit: Duration,
    print: Duration,
}

fn stages(bytes: &[u8], display: &str, json: bool) -> Result<(Stages, String), String> {
    let t = Instant::now();
    let doc = load_bytes(bytes, display, "api", json).map_err(|d| d.to_string())?;
    let load = t.elapsed();
    let t = Instant::now();
    let lowered = lower(&doc).map_err(|d| d.to_string())?;
    let lower = t.elapsed();
    // Emission and formatting as `generate_crate` does them, piece by piece, on this thread.
    let index = Index::new(&lowered.api);
    let (mut emit, mut print) = (Duration::ZERO, Duration::ZERO);
    for piece in pieces(&lowered.api, PIECES) {
        let t = Instant::now();
        let items = emit_piece(&index, &piece);
        emit += t.elapsed();
        let t = Instant::now();
        let piece_text = print_items(Vec::new(), items);
        print += t.elapsed();
        drop(piece_text);
    }
    let text = api_file_on(&lowered.api, 1);
    Ok((
        Stages {
            load,
            lower,
            emit,
            print,
        },
        text,
    ))
}

fn bench_document(path: &Path) -> Result<String, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json = name.ends_with(".json");

    // Stages: medians of each stage over the same iterations.
    let (_, text) = stages(&bytes, &name, json)?;
    let mut runs: Vec<Stages> = Vec::new();
    let first = Instant::now();
    runs.push(stages(&bytes, &name, json)?.0);
    let one = first.elapsed();
    let iterations = (BUDGET.as_nanos() / one.as_nanos().max(1)).clamp(2, 29) as usize;
    for _ in 0..iterations {
        runs.push(stages(&bytes, &name, json)?.0);
    }
    let pick = |f: fn(&Stages) -> Duration| median(runs.iter().map(f).collect());
    let (load, lower_t, emit, print_stage) = (
        pick(|s| s.load),
        pick(|s| s.lower),
        pick(|s| s.emit),
        pick(|s| s.print),
    );

    // End to end through the public entry point, on a folder holding only this document.
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    std::fs::write(dir.path().join(&name), &bytes).map_err(|e| e.to_string())?;
    let generate = || {
        let t = Instant::now();
        let generated = codegen::generate_crate(dir.path(), "bench");
        let elapsed = t.elapsed();
        assert!(generated.is_ok(), "{name} generates");
        elapsed
    };
    // The floor: parsing the document straight into `openapiv3` types, and printing the
    // produced file from a parsed `syn::File`.
    let parse_alone = || {
        let t = Instant::now();
        let parsed: Result<openapiv3::OpenAPI, String> = if json {
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())
        } else {
            // Through a JSON value, as YAML scalars such as `on` or dates are only strings
            // to `openapiv3` once they are JSON.
            serde_yaml::from_slice::<serde_json::Value>(&bytes)
                .map_err(|e| e.to_string())
                .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))
        };
        let elapsed = t.elapsed();
        assert!(parsed.is_ok(), "{name} parses straight into openapiv3");
        elapsed
    };
    let file = syn::parse_file(&text).map_err(|e| e.to_string())?;
    let print_alone = || {
        let t = Instant::now();
        let printed = prettyplease::unparse(&file);
        let elapsed = t.elapsed();
        assert!(!printed.is_empty());
        elapsed
    };
    // The machine's speed drifts by up to 2x from one spell to the next, so the three are
    // measured in rounds: a short block of each in turn, the first run of every block thrown
    // away, and each round's ratio taken from its own blocks.
    let (mut ends, mut parses, mut prints, mut ratios) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let started = Instant::now();
    while ratios.len() < ROUNDS_MIN || (ratios.len() < ROUNDS_MAX && started.elapsed() < BUDGET) {
        let end = block(generate);
        let parse = block(parse_alone);
        let print = block(print_alone);
        ratios.push(end.as_secs_f64() / (parse + print).as_secs_f64().max(1e-9));
        ends.push(end);
        parses.push(parse);
        prints.push(print);
    }
    ratios.sort_by(f64::total_cmp);
    let ratio = ratios.get(ratios.len() / 2).copied().unwrap_or_default();
    let (lowest, highest) = (
        ratios.first().copied().unwrap_or_default(),
        ratios.last().copied().unwrap_or_default(),
    );
    let best = ends.iter().copied().min().unwrap_or_default();
    let (end_to_end, parse, print) = (median(ends), median(parses), median(prints));
    let sum = load + lower_t + emit + print_stage;
    Ok(format!(
        "| {name} | {} | {} | {} | {} | {} | {} | {} | {} ({}) | {} | {} | {ratio:.2} ({lowest:.2} to {highest:.2}) |",
        bytes.len() / 1024,
        text.lines().count(),
        ms(load),
        ms(lower_t),
        ms(emit),
        ms(print_stage),
        ms(sum),
        ms(end_to_end),
        ms(best),
        ms(parse),
        ms(print),
    ))
}

/// The project's own specs folder, end to end, as `cargo xtask codegen` runs it.
fn bench_specs_folder() -> Result<String, String> {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs");
    let (end_to_end, best) = measure(|| {
        let t = Instant::now();
        let generated = codegen::generate_crate(&specs, "specs");
        let elapsed = t.elapsed();
        assert!(generated.is_ok(), "specs/ generates");
        elapsed
    });
    Ok(format!(
        "| specs/ (the five vendor specs, one crate) | | | | | | | | {} ({}) | | | |",
        ms(end_to_end),
        ms(best)
    ))
}

fn main() {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    println!(
        "| document | KiB | lines out | load | lower | emit | print | sum (one thread) | generate_crate median (best) | floor: parse document | floor: print file | generate_crate / floor, median of rounds (range) |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    if wanted("specs") {
        match bench_specs_folder() {
            Ok(row) => println!("{row}"),
            Err(e) => eprintln!("specs/: {e}"),
        }
    }
    let dir = corpus_dir();
    for name in CORPUS_DOCUMENTS.iter().filter(|n| wanted(n)) {
        let path = dir.join(name);
        if !path.exists() {
            eprintln!("{} is missing; skipped", path.display());
            continue;
        }
        match bench_document(&path) {
            Ok(row) => println!("{row}"),
            Err(e) => eprintln!("{name}: {e}"),
        }
    }
    println!("\n(milliseconds, medians; `nproc` = {})", nproc());
}

fn nproc() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1)
}
