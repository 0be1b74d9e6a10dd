//! An API module too large for one file, written as a folder.
//!
//! An API whose module fits in [`LINE_BUDGET`] lines stays one file, `src/<module>.rs`. A
//! larger one becomes the folder `src/<module>/`: `mod.rs` holds the module's documentation,
//! the operation and scheme constants, the `Client` and its builder, the re-export of `types`
//! and the contract registry; every submodule (`types`, `params`, `errors`, `responses`,
//! `servers`, `webhooks`, `mock`) is a file of its own, and the client's methods are the
//! private module `client` (an `impl Client` with `use super::*;`). The public paths are the
//! same as in one file.
//!
//! A submodule still larger than the budget is a folder too: its `mod.rs` includes parts
//! (`include!("part_01.rs");` ...), so every name resolves exactly as in one file. Parts are
//! cut between items in document order (a type with its impls, an operation's method, one
//! item of the other modules): a part ends where it would pass the budget, or, once it has
//! half the budget, after an item whose text hashes to a fixed residue. The cut points
//! therefore depend on the items' text only (the same input gives the same files on any
//! number of threads), and an edit to one item moves the cuts of its own part at most, not of
//! every later part.

use crate::emit::{self, Piece};
use crate::format::{header, print_items};
use crate::ir::Api;
use std::collections::BTreeMap;

/// About how many lines a generated file may have (its header included). A single item larger
/// than this (one huge type or method) is a file of its own and larger.
pub const LINE_BUDGET: usize = 10_000;

/// One in this many items ends a part that already has half the budget.
const CUT_ONE_IN: u64 = 8;

/// The name of the private module holding the client's methods.
const CLIENT: &str = "client";

/// The file (without `.rs`) of the operation and scheme constants, included by `mod.rs`.
const CONSTANTS: &str = "constants";

/// The file (without `.rs`) of the contract registry, included by `mod.rs`.
const CONTRACT: &str = "contract";

/// The files of `api`'s module, paths relative to the crate: `src/<module>.rs` when the module
/// fits in `budget` lines, else the folder `src/<module>/`.
pub fn api_files(api: &Api, budget: usize) -> Vec<(String, String)> {
    let threads = if crate::generate::is_small(api) {
        1
    } else {
        crate::workers::cores()
    };
    api_files_on(api, budget, threads)
}

/// [`api_files`] on at most `threads` threads (the calling one included).
pub fn api_files_on(api: &Api, budget: usize, threads: usize) -> Vec<(String, String)> {
    let single = |api: &Api| {
        let text = crate::generate::api_file_on(api, threads);
        vec![(format!("src/{}.rs", api.module), text)]
    };
    match units_on(api, threads.max(1)) {
        Some(units) if units.lines() > budget => folder(api, &units, budget),
        _ => single(api),
    }
}

/// The printed text of an API module, as the folder layout places it.
#[derive(Debug, Default)]
struct Units {
    /// What `mod.rs` holds after its inner attributes, in order.
    root: Vec<Root>,
    /// Submodule name -> its items' texts, in order. The client's methods are printed inside
    /// `impl Client {`.
    modules: BTreeMap<String, Vec<String>>,
    /// Items of `mod.rs` kept in files it includes (`include!`, so that private items keep
    /// their scope): the operation and scheme constants, the contract registry.
    included: BTreeMap<String, Vec<String>>,
}

/// An entry of `mod.rs`.
#[derive(Debug)]
enum Root {
    /// Printed items, or a submodule's declaration.
    Text(String),
    /// The place of an included file's (or its parts') `include!`.
    Include(String),
}

impl Units {
    fn lines(&self) -> usize {
        let count = |t: &String| t.lines().count();
        let root = |r: &Root| match r {
            Root::Text(text) => text.lines().count(),
            Root::Include(_) => 0,
        };
        self.root.iter().map(root).sum::<usize>()
            + self.modules.values().flatten().map(count).sum::<usize>()
            + self.included.values().flatten().map(count).sum::<usize>()
    }
}

/// What one piece of the module prints to.
enum Out {
    Root(String),
    Unit(String, String),
    Included(String, String),
}

/// Emits and prints every piece on `threads` threads; `None` when a printed piece does not
/// look as expected.
fn units_on(api: &Api, threads: usize) -> Option<Units> {
    let pieces = emit::pieces(api, threads * PIECES_PER_THREAD);
    let index = emit::Index::new(api);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Option<Vec<Out>>>>> =
        pieces.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || loop {
        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let Some(piece) = pieces.get(i) else { break };
        let out = print_piece(&index, piece);
        if let Ok(mut slot) = results[i].lock() {
            *slot = Some(out);
        }
    };
    crate::workers::spread(threads.min(pieces.len()), work);
    let mut units = Units::default();
    for slot in results {
        for out in slot.into_inner().ok().flatten()?? {
            match out {
                Out::Root(text) => units.root.push(Root::Text(text)),
                Out::Unit(module, text) => units.modules.entry(module).or_default().push(text),
                Out::Included(file, text) => {
                    if !units.included.contains_key(&file) {
                        units.root.push(Root::Include(file.clone()));
                    }
                    units.included.entry(file).or_default().push(text);
                }
            }
        }
    }
    Some(units)
}

/// How many pieces each thread gets, about.
const PIECES_PER_THREAD: usize = 16;

/// One piece's items, printed one at a time (a type with its impls, one method).
fn print_piece(index: &emit::Index<'_>, piece: &Piece) -> Option<Vec<Out>> {
    let mut out = Vec::new();
    match piece {
        Piece::Types(range) => {
            // Each type on its own; an empty range still declares the (empty) module.
            let ranges: Vec<std::ops::Range<usize>> = if range.is_empty() {
                vec![range.clone()]
            } else {
                range.clone().map(|j| j..j + 1).collect()
            };
            for one in ranges {
                for item in emit::emit_piece(index, &Piece::Types(one.clone())) {
                    let (_, decl, inner) = outline(item).ok()?;
                    if one.start == 0 {
                        out.push(Out::Root(print_items(Vec::new(), vec![decl])));
                    }
                    if !inner.is_empty() {
                        out.push(Out::Unit("types".to_owned(), print_items(Vec::new(), inner)));
                    }
                }
            }
        }
        Piece::Middle => {
            for item in emit::emit_piece(index, piece) {
                match outline(item) {
                    Ok((name, decl, inner)) => {
                        out.push(Out::Root(print_items(Vec::new(), vec![decl])));
                        let texts: Vec<String> = inner
                            .into_iter()
                            .map(|item| print_items(Vec::new(), vec![item]))
                            .collect();
                        // A module with no items still gets its (empty) file.
                        if texts.is_empty() {
                            out.push(Out::Unit(name.clone(), String::new()));
                        }
                        out.extend(texts.into_iter().map(|t| Out::Unit(name.clone(), t)));
                    }
                    Err(item @ syn::Item::Const(_)) => out.push(Out::Included(
                        CONSTANTS.to_owned(),
                        print_items(Vec::new(), vec![item]),
                    )),
                    Err(item) => out.push(Out::Root(print_items(Vec::new(), vec![item]))),
                }
            }
        }
        Piece::Methods(range) => {
            if range.start == 0 && !range.is_empty() {
                out.push(Out::Root(format!("mod {CLIENT};\n")));
            }
            for j in range.clone() {
                let text = print_items(Vec::new(), emit::emit_piece(index, &Piece::Methods(j..j + 1)));
                let method = text.strip_prefix(IMPL_OPEN)?.strip_suffix("}\n")?;
                out.push(Out::Unit(CLIENT.to_owned(), method.to_owned()));
            }
        }
        Piece::Contract => {
            for item in emit::emit_piece(index, piece) {
                let text = print_items(Vec::new(), vec![item]);
                out.push(Out::Included(CONTRACT.to_owned(), text));
            }
        }
    }
    Some(out)
}

const IMPL_OPEN: &str = "impl Client {\n";

/// An inline module as its name, its declaration (`pub mod name;`, same attributes) and its
/// items; anything else back as it is.
fn outline(item: syn::Item) -> Result<(String, syn::Item, Vec<syn::Item>), syn::Item> {
    match item {
        syn::Item::Mod(mut m) if m.content.is_some() => {
            let items = m.content.take().map(|(_, items)| items).unwrap_or_default();
            m.semi = Some(Default::default());
            Ok((m.ident.to_string(), syn::Item::Mod(m), items))
        }
        other => Err(other),
    }
}

/// The folder of an API module.
fn folder(api: &Api, units: &Units, budget: usize) -> Vec<(String, String)> {
    let dir = format!("src/{}", api.module);
    let head = header(&api.source);
    let mut files = Vec::new();
    let mut root = format!(
        "{head}{}",
        print_items(crate::generate::api_head(api), Vec::new())
    );
    for entry in &units.root {
        match entry {
            Root::Text(text) => root.push_str(text),
            Root::Include(name) => {
                let texts = units.included.get(name).map_or(&[][..], Vec::as_slice);
                let lines = texts.iter().map(|t| t.lines().count()).sum::<usize>() + 1;
                let parts = if lines <= budget {
                    vec![(format!("{name}.rs"), 0..texts.len())]
                } else {
                    cut(texts, budget.saturating_sub(1).max(1))
                        .into_iter()
                        .enumerate()
                        .map(|(n, range)| (format!("{name}/part_{:02}.rs", n + 1), range))
                        .collect()
                };
                for (file, range) in parts {
                    root.push_str(&format!("include!(\"{file}\");\n"));
                    files.push((format!("{dir}/{file}"), format!("{head}{}", texts[range].concat())));
                }
            }
        }
    }
    files.push((format!("{dir}/mod.rs"), root));
    for (name, texts) in &units.modules {
        let client = name == CLIENT;
        // What stands around the items in one file: the header, and for the client
        // `use super::*;` and `impl Client { .. }`.
        let wrapper = if client { 4 } else { 1 };
        let lines: usize = texts.iter().map(|t| t.lines().count()).sum::<usize>() + wrapper;
        let body = |texts: &[String]| -> String {
            let joined: String = texts.concat();
            if client {
                format!("{IMPL_OPEN}{joined}}}\n")
            } else {
                joined
            }
        };
        if lines <= budget {
            let prelude = if client { "use super::*;\n" } else { "" };
            files.push((
                format!("{dir}/{name}.rs"),
                format!("{head}{prelude}{}", body(texts)),
            ));
            continue;
        }
        let parts = cut(texts, budget.saturating_sub(wrapper).max(1));
        let mut module = head.clone();
        if client {
            module.push_str("use super::*;\n");
        }
        for (n, range) in parts.iter().enumerate() {
            let part = format!("part_{:02}.rs", n + 1);
            module.push_str(&format!("include!(\"{part}\");\n"));
            files.push((
                format!("{dir}/{name}/{part}"),
                format!("{head}{}", body(&texts[range.clone()])),
            ));
        }
        files.push((format!("{dir}/{name}/mod.rs"), module));
    }
    files.sort();
    files
}

/// Cuts `texts` into runs of at most `budget` lines where it can (a single longer text is a
/// run of its own): a run ends before a text that would pass the budget, or after a text that
/// hashes to a fixed residue once the run has half the budget.
fn cut(texts: &[String], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut lines = 0;
    for (i, text) in texts.iter().enumerate() {
        let n = text.lines().count();
        if i > start && lines + n > budget {
            parts.push(start..i);
            start = i;
            lines = 0;
        }
        lines += n;
        if lines >= budget / 2 && fnv1a(text.as_bytes()) % CUT_ONE_IN == 0 {
            parts.push(start..i + 1);
            start = i + 1;
            lines = 0;
        }
    }
    if start < texts.len() || parts.is_empty() {
        parts.push(start..texts.len());
    }
    parts
}

/// FNV-1a, 64 bits: a hash fixed by its definition, so cut points do not change with the
/// Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
