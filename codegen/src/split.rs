//! An API module too large for one file, written as a folder.
//!
//! An API whose module fits in [`LINE_BUDGET`] lines stays one file, `src/<module>.rs`. A
//! larger one becomes the folder `src/<module>/`: `mod.rs` holds the module's documentation,
//! the `Client` and its builder and the re-export of `types`, and includes (`include!`, so
//! that the private constants keep their scope) `constants.rs` (the operation and scheme
//! constants) and `contract.rs` (the contract registry); every submodule (`types`, `params`,
//! `errors`, `responses`, `servers`, `webhooks`, `mock`) is a file of its own, and the
//! client's methods are the private module `client` (`use super::*;` and an `impl Client`).
//! The public paths are the same as in one file.
//!
//! A file still larger than the budget is a folder too: its `mod.rs` includes parts
//! (`include!("part_01.rs");` ...), so every name resolves exactly as in one file. Parts are
//! cut between items in document order (a type with its impls, a method of the client or of
//! the mock server, one item of the other modules; an `impl` block cut in two is two blocks):
//! a part ends where it would pass the budget, or, once it has half the budget, after an item
//! whose text hashes to a fixed residue. The cut points therefore depend on the items' text
//! only (the same input gives the same files on any number of threads), and an edit to one
//! item moves the cuts near it, not those of every later part. One item longer than the
//! budget (the contract registry of a very large API is one function) stays whole.

use crate::emit::{self, Piece};
use crate::format::{header, print_items};
use crate::ir::Api;
use std::collections::BTreeMap;

/// About how many lines a generated file may have (its header included). A single item larger
/// than this (one huge type or method) is a file of its own and larger.
pub const LINE_BUDGET: usize = 10_000;

/// Lines a part may have beside its items: the header, an `impl` block's opening (a few
/// attribute lines at most) and closing.
const WRAPPER_LINES: usize = 8;

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
    modules: BTreeMap<String, Vec<Unit>>,
    /// Items of `mod.rs` kept in files it includes (`include!`, so that private items keep
    /// their scope): the operation and scheme constants, the contract registry.
    included: BTreeMap<String, Vec<String>>,
}

/// One item of a submodule, printed; or one item of an `impl` block, printed inside it.
#[derive(Debug)]
struct Unit {
    /// The `impl` block's opening (its attributes and the line ending in `{`), for an item
    /// of one; consecutive units with the same opening are one block.
    within: Option<String>,
    text: String,
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
            + self
                .modules
                .values()
                .flatten()
                .map(|u| u.text.lines().count())
                .sum::<usize>()
            + self.included.values().flatten().map(count).sum::<usize>()
    }
}

/// What one piece of the module prints to.
enum Out {
    Root(String),
    Unit(String, Unit),
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
                        let text = print_items(Vec::new(), inner);
                        out.push(Out::Unit("types".to_owned(), Unit { within: None, text }));
                    }
                }
            }
        }
        Piece::Middle => {
            for item in emit::emit_piece(index, piece) {
                match outline(item) {
                    Ok((name, decl, inner)) => {
                        out.push(Out::Root(print_items(Vec::new(), vec![decl])));
                        // A module with no items still gets its (empty) file.
                        if inner.is_empty() {
                            let empty = Unit {
                                within: None,
                                text: String::new(),
                            };
                            out.push(Out::Unit(name.clone(), empty));
                        }
                        for item in inner {
                            for unit in item_units(item) {
                                out.push(Out::Unit(name.clone(), unit));
                            }
                        }
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
                let text = print_items(
                    Vec::new(),
                    emit::emit_piece(index, &Piece::Methods(j..j + 1)),
                );
                let method = text.strip_prefix(IMPL_OPEN)?.strip_suffix("}\n")?;
                let unit = Unit {
                    within: Some(IMPL_OPEN.to_owned()),
                    text: method.to_owned(),
                };
                out.push(Out::Unit(CLIENT.to_owned(), unit));
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

/// The units of one item of a submodule: an inherent `impl` of several items (the mock
/// server's expectation builders) one unit per item, so that it can be cut; anything else
/// one unit.
fn item_units(item: syn::Item) -> Vec<Unit> {
    let whole = |item: syn::Item| Unit {
        within: None,
        text: print_items(Vec::new(), vec![item]),
    };
    let syn::Item::Impl(block) = item else {
        return vec![whole(item)];
    };
    if block.trait_.is_some() || block.items.len() < 2 {
        return vec![whole(syn::Item::Impl(block))];
    }
    let mut block = block;
    let members = std::mem::take(&mut block.items);
    let mut units = Vec::with_capacity(members.len());
    let mut opening: Option<String> = None;
    for member in &members {
        let mut one = block.clone();
        one.items = vec![member.clone()];
        let text = print_items(Vec::new(), vec![syn::Item::Impl(one)]);
        // The opening ends with the first line that opens the block at the left margin.
        let end = text.match_indices('\n').map(|(at, _)| at + 1).find(|&at| {
            let line = text[..at].trim_end_matches('\n');
            let line = line.rsplit('\n').next().unwrap_or(line);
            line.ends_with('{') && !line.starts_with([' ', '#', '/'])
        });
        let split = end.and_then(|at| Some((&text[..at], text[at..].strip_suffix("}\n")?)));
        match split {
            Some((open, inner)) if opening.as_deref().map_or(true, |o| o == open) => {
                opening = Some(open.to_owned());
                units.push(Unit {
                    within: Some(open.to_owned()),
                    text: inner.to_owned(),
                });
            }
            _ => {
                block.items = members;
                return vec![whole(syn::Item::Impl(block))];
            }
        }
    }
    units
}

/// The text of consecutive units: those of one `impl` block inside its opening and `}`.
fn joined(units: &[Unit]) -> String {
    let mut out = String::new();
    let mut open: Option<&str> = None;
    for unit in units {
        if unit.within.as_deref() != open {
            if open.is_some() {
                out.push_str("}\n");
            }
            if let Some(opening) = &unit.within {
                out.push_str(opening);
            }
            open = unit.within.as_deref();
        }
        out.push_str(&unit.text);
    }
    if open.is_some() {
        out.push_str("}\n");
    }
    out
}

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
                let texts: Vec<&str> = units
                    .included
                    .get(name)
                    .map_or(Vec::new(), |t| t.iter().map(String::as_str).collect());
                let lines = texts.iter().map(|t| t.lines().count()).sum::<usize>() + 1;
                let parts = if lines <= budget {
                    vec![(format!("{name}.rs"), 0..texts.len())]
                } else {
                    cut(&texts, budget.saturating_sub(1).max(1))
                        .into_iter()
                        .enumerate()
                        .map(|(n, range)| (format!("{name}/part_{:02}.rs", n + 1), range))
                        .collect()
                };
                for (file, range) in parts {
                    root.push_str(&format!("include!(\"{file}\");\n"));
                    files.push((
                        format!("{dir}/{file}"),
                        format!("{head}{}", texts[range].concat()),
                    ));
                }
            }
        }
    }
    files.push((format!("{dir}/mod.rs"), root));
    for (name, units) in &units.modules {
        let client = name == CLIENT;
        let prelude = if client { "use super::*;\n" } else { "" };
        let text = joined(units);
        // The header and the prelude.
        if text.lines().count() + 2 <= budget {
            files.push((format!("{dir}/{name}.rs"), format!("{head}{prelude}{text}")));
            continue;
        }
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        // A part's header, and an `impl` block's opening and closing lines.
        let parts = cut(&texts, budget.saturating_sub(WRAPPER_LINES).max(1));
        let mut module = format!("{head}{prelude}");
        for (n, range) in parts.into_iter().enumerate() {
            let part = format!("part_{:02}.rs", n + 1);
            module.push_str(&format!("include!(\"{part}\");\n"));
            files.push((
                format!("{dir}/{name}/{part}"),
                format!("{head}{}", joined(&units[range])),
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
fn cut(texts: &[&str], budget: usize) -> Vec<std::ops::Range<usize>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A document of `schemas` object schemas and one operation per schema.
    fn large_api(schemas: usize) -> Api {
        let mut yaml =
            String::from("openapi: 3.0.3\ninfo: { title: Large, version: \"1\" }\npaths:\n");
        for i in 0..schemas {
            yaml.push_str(&format!(
                "  /things{i}/{{id}}:\n    get:\n      operationId: getThing{i}\n      parameters:\n        - {{ name: id, in: path, required: true, schema: {{ type: string }} }}\n        - {{ name: limit, in: query, schema: {{ type: integer, minimum: 1 }} }}\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {{ $ref: \"#/components/schemas/Thing{i}\" }}\n              example: {{ name: a }}\n        \"404\": {{ description: missing }}\n"
            ));
        }
        yaml.push_str("components:\n  schemas:\n");
        for i in 0..schemas {
            let next = (i + 1) % schemas;
            yaml.push_str(&format!(
                "    Thing{i}:\n      type: object\n      required: [name]\n      properties:\n        name: {{ type: string, maxLength: 40 }}\n        size: {{ type: integer }}\n        mode: {{ type: string, enum: [on, off] }}\n        next: {{ $ref: \"#/components/schemas/Thing{next}\" }}\n"
            ));
        }
        let doc = crate::load::load_bytes(yaml.as_bytes(), "large.yaml", "large", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    /// Every file of a folder parses, and every module it declares and file it includes is
    /// one of the files.
    fn assert_consistent(files: &[(String, String)]) {
        let paths: std::collections::BTreeSet<&str> =
            files.iter().map(|(p, _)| p.as_str()).collect();
        for (path, text) in files {
            let parsed = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
            // Printed as prettyplease prints the file's tree: the joins add nothing odd.
            let (head, _) = text.split_once('\n').expect("a header line");
            let reprinted = format!("{head}\n{}", prettyplease::unparse(&parsed));
            assert!(
                reprinted == *text,
                "{path} changes when parsed and printed again"
            );
            let dir = path.rsplit_once('/').map_or("", |(dir, _)| dir);
            for item in &parsed.items {
                let target = match item {
                    syn::Item::Mod(m) if m.content.is_none() => {
                        let name = m.ident.to_string();
                        let file = format!("{dir}/{name}.rs");
                        if paths.contains(file.as_str()) {
                            continue;
                        }
                        format!("{dir}/{name}/mod.rs")
                    }
                    syn::Item::Macro(m) if m.mac.path.is_ident("include") => {
                        let lit: syn::LitStr = m.mac.parse_body().expect("a file name");
                        format!("{dir}/{}", lit.value())
                    }
                    _ => continue,
                };
                assert!(paths.contains(target.as_str()), "{path}: no {target}");
            }
        }
    }

    #[test]
    fn a_large_module_is_a_folder_of_files_within_the_budget() {
        let api = large_api(120);
        let budget = 600;
        let files = api_files_on(&api, budget, 1);
        assert_consistent(&files);
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for expected in [
            "src/large/mod.rs",
            "src/large/types/mod.rs",
            "src/large/types/part_01.rs",
            "src/large/params/part_01.rs",
            // The operations have the same errors and share one enum: a file of aliases.
            "src/large/errors.rs",
            "src/large/servers.rs",
            "src/large/mock/mod.rs",
            "src/large/client/mod.rs",
            "src/large/client/part_01.rs",
            "src/large/constants/part_01.rs",
            "src/large/contract.rs",
        ] {
            assert!(paths.contains(&expected), "{expected} in {paths:?}");
        }
        assert!(!paths.contains(&"src/large.rs"));
        for (path, text) in &files {
            let lines = text.lines().count();
            assert!(lines <= budget, "{path} has {lines} lines");
            assert!(
                text.starts_with("// @generated"),
                "{path} is marked generated"
            );
        }
        // Same input, same files, on any number of threads.
        for threads in [2, 3] {
            assert!(
                api_files_on(&api, budget, threads) == files,
                "{threads} threads"
            );
        }
        // The folder holds the whole module: the same items as the one file.
        let whole = crate::generate::api_file_on(&api, 1);
        for name in ["pub struct Thing0 ", "pub struct Thing119 "] {
            assert!(whole.contains(name));
            assert_eq!(
                files.iter().filter(|(_, t)| t.contains(name)).count(),
                1,
                "{name} is in one file"
            );
        }
        // The client method (the mock server has a method of the same name).
        let method = "pub fn get_thing119(";
        assert!(whole.contains(method));
        let client_files = files
            .iter()
            .filter(|(_, t)| t.contains(method) && t.contains("runtime::Call<"));
        assert_eq!(client_files.count(), 1, "{method} is in one client file");
    }

    #[test]
    fn a_module_within_the_budget_is_its_one_file() {
        let api = large_api(3);
        let files = api_files_on(&api, LINE_BUDGET, 2);
        assert_eq!(files.len(), 1);
        assert_eq!(files[0].0, "src/large.rs");
        assert!(files[0].1 == crate::generate::api_file_on(&api, 1));
    }

    /// An edit to one item moves the cuts around it only: the parts before the edited one
    /// and, after the next cut that depends on an item's text alone, the later ones stay.
    #[test]
    fn an_edit_changes_the_parts_near_it_only() {
        let texts: Vec<String> = (0..400)
            .map(|i| format!("item {i}\n").repeat(5 + i % 17))
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let before = cut(&texts, 200);
        assert!(before.len() > 10, "{before:?}");
        assert_eq!(before.first().map(|r| r.start), Some(0));
        assert_eq!(before.last().map(|r| r.end), Some(texts.len()));
        for pair in before.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        let mut edited = texts.clone();
        let edit = "an edited item\n".repeat(9);
        edited[150] = &edit;
        let after = cut(&edited, 200);
        let at = before
            .iter()
            .position(|r| r.contains(&150))
            .expect("a part");
        assert_eq!(before[..at], after[..at], "parts before the edit");
        let same_after = before[at + 1..]
            .iter()
            .filter(|r| after.contains(r))
            .count();
        assert!(
            same_after + 3 >= before.len() - at - 1,
            "most later parts stay: {before:?} / {after:?}"
        );
    }
}
