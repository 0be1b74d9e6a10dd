//! Multi-file descriptions: external `$ref`s to relative files resolved into one document.
//!
//! The walk knows what OpenAPI object stands at each position (a schema, a parameter, a path
//! item, a description, ...), so a `$ref` is resolved as what it stands for, as Redocly's
//! `bundle` and swagger-parser's resolver do:
//!
//! - a schema, parameter, request body, response, header, example, link, callback or security
//!   scheme in another file becomes an entry of `components.<kind>` and the `$ref` points at
//!   it. Its name is the component key when the root document's `components` refers to the
//!   file (`components.schemas.Pet: {$ref: schemas/pet.yaml}` keeps `Pet`); otherwise it is the
//!   file name (`models/droplet.yml` -> `droplet`) or, for a `#/...` fragment, the last token
//!   of the pointer (`headers.yml#/ratelimit-limit` -> `ratelimit-limit`). Names that collide
//!   take their folders as a prefix until they differ (`apps_models_droplet`), then a number;
//!   the result depends only on the set of files referenced, not on the order of the walk.
//! - a path item (and, as a repaired quirk, an operation) is inlined where it is referenced;
//! - a text (a `description`, or a string in an extension such as `x-codeSamples`) becomes the
//!   text of the file, or the string at the fragment;
//! - anything inside an extension or an example value is inlined as data.
//!
//! References inside a referenced file resolve relative to that file (`#/x` means that file's
//! `x`); each file is read and parsed once. A URL, a file outside the specs folder (through
//! `..` or a symbolic link) and a missing file are refused; an error inside a file names it,
//! the pointer in it and the chain of `$ref`s that led there. [`Fragments::relocate`] points
//! later diagnostics about bundled content back at the file it came from.

mod files;
mod names;

pub use files::is_api_document;

use crate::diagnostic::{pointer_push, Diagnostic};
use files::{display_of, parse_file, percent_decode, referenced_files};
use names::{name_parts, replace_placeholders, resolve_placeholder_pointer, sanitize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// A document with its external references resolved.
#[derive(Debug, Clone)]
pub struct Bundled {
    /// The single document.
    pub value: Value,
    /// Repairs made on the way (references OpenAPI does not allow, read anyway).
    pub warnings: Vec<Diagnostic>,
    /// The files read besides the root, and where their content went.
    pub fragments: Fragments,
}

impl Bundled {
    /// A document read from memory, whose references are left as they are.
    pub fn single(value: Value, display: &str) -> Self {
        Self {
            value,
            warnings: Vec::new(),
            fragments: Fragments {
                root: display.to_owned(),
                ..Fragments::default()
            },
        }
    }
}

/// The files a document was bundled from.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    /// Canonical paths of every file read besides the root document.
    pub files: BTreeSet<PathBuf>,
    /// The root document's name in messages.
    root: String,
    /// Where content of other files sits in the bundled document.
    origins: Vec<Origin>,
}

/// Content of another file in the bundled document.
#[derive(Debug, Clone)]
struct Origin {
    /// Its pointer in the bundled document.
    at: String,
    /// The file it came from (as named in messages) and the pointer in that file.
    file: String,
    pointer: String,
    /// The `$ref`s followed to reach it, from the root document on (`file#pointer`).
    chain: Vec<String>,
}

impl Fragments {
    /// A diagnostic about the bundled document, pointed at the file and pointer the content at
    /// its pointer came from (an error also with the chain of references that led there).
    /// Diagnostics about
    /// the root document's own content are returned unchanged.
    pub fn relocate(&self, mut d: Diagnostic) -> Diagnostic {
        if d.file != self.root || d.location.is_some() {
            return d;
        }
        let best = self
            .origins
            .iter()
            .filter(|o| is_pointer_prefix(&o.at, &d.pointer))
            .max_by_key(|o| o.at.len());
        if let Some(origin) = best {
            let rest = &d.pointer[origin.at.len()..];
            d.pointer = format!("{}{rest}", origin.pointer);
            d.file.clone_from(&origin.file);
            // An error says how the file was reached; warnings stay short (and group).
            if d.severity == crate::diagnostic::Severity::Error {
                d.message = with_chain(&d.message, &origin.chain);
            }
        }
        d
    }
}

fn is_pointer_prefix(prefix: &str, pointer: &str) -> bool {
    pointer.starts_with(prefix)
        && (pointer.len() == prefix.len() || pointer.as_bytes()[prefix.len()] == b'/')
}

fn with_chain(message: &str, chain: &[String]) -> String {
    if chain.is_empty() {
        message.to_owned()
    } else {
        format!("{message} (reached through $ref {})", chain.join(" -> "))
    }
}

/// Resolves every external `$ref` of the document read from `path` into the document itself.
/// `display` names the document in messages; files it refers to are named by their path
/// relative to its folder, beside it. A document without external references is returned
/// unchanged, as is a file that is not an API document (no `openapi` or `swagger` key).
pub fn bundle(path: &Path, display: &str, raw: Value) -> Result<Bundled, Diagnostic> {
    let is_api = raw
        .as_object()
        .is_some_and(|o| o.contains_key("openapi") || o.contains_key("swagger"));
    if !is_api || !has_external_ref(&raw, 0) {
        return Ok(Bundled::single(raw, display));
    }
    let canonical = |p: &Path| {
        p.canonicalize().map_err(|e| {
            Diagnostic::error(display, "", format!("cannot resolve the file's path: {e}"))
                .with_hint("check that the path exists and is readable")
        })
    };
    let root_file = canonical(path)?;
    // The specs folder is the folder the document is in, even when the document is a link to
    // a file elsewhere.
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let root_dir = canonical(folder)?;
    let display_dir = display
        .rsplit_once('/')
        .map(|(dir, _)| format!("{dir}/"))
        .unwrap_or_default();
    let mut bundler = Bundler {
        swagger2: raw.get("swagger").is_some(),
        inlined_bytes: 0,
        root_dir,
        display_dir,
        root: Rc::new(File {
            path: root_file.clone(),
            display: display.to_owned(),
            content: Content::Value(raw.clone()),
            is_root: true,
            size: 0,
        }),
        files: HashMap::new(),
        prefetched: HashMap::new(),
        resolved: HashMap::new(),
        targets: Vec::new(),
        ids: HashMap::new(),
        preferred: HashMap::new(),
        inlining: Vec::new(),
        chain: Vec::new(),
        origins: Vec::new(),
        repairs: BTreeMap::new(),
    };
    let mut value = raw;
    bundler.prefetch(&value);
    bundler.prefer_component_keys(&value)?;
    let root = Rc::clone(&bundler.root);
    bundler.walk(&mut value, Kind::Document, &root, "", "", 0)?;
    bundler.finish(value)
}

/// Whether any `$ref` in `value` names another file.
fn has_external_ref(value: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                if !r.starts_with('#') {
                    return true;
                }
            }
            map.values().any(|v| has_external_ref(v, depth + 1))
        }
        Value::Array(items) => items.iter().any(|v| has_external_ref(v, depth + 1)),
        _ => false,
    }
}

/// Nesting beyond this is not walked (the parsers stop well before).
const MAX_DEPTH: usize = 256;

/// References followed inside each other at most (each is a few frames of the stack).
const MAX_CHAIN: usize = 256;

/// What OpenAPI object stands at a position of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Document,
    Info,
    Paths,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Responses,
    Response,
    Header,
    MediaType,
    Encoding,
    Example,
    Link,
    Callback,
    SecurityScheme,
    Schema,
    Components,
    Tag,
    /// A string (`description`, `summary`).
    Text,
    /// A schema's `properties` (or `patternProperties`, `$defs`): schemas by name.
    Properties,
    /// A value OpenAPI does not look into: an extension, an example value.
    Data,
}

impl Kind {
    /// The kind of the entries of a section of `components`.
    fn of_section(section: &str) -> Option<Kind> {
        Some(match section {
            "schemas" => Kind::Schema,
            "parameters" => Kind::Parameter,
            "requestBodies" => Kind::RequestBody,
            "responses" => Kind::Response,
            "headers" => Kind::Header,
            "examples" => Kind::Example,
            "links" => Kind::Link,
            "callbacks" => Kind::Callback,
            "securitySchemes" => Kind::SecurityScheme,
            "pathItems" => Kind::PathItem,
            _ => return None,
        })
    }

    /// The object, for a message saying a `$ref` may not stand for it.
    fn noun(self) -> &'static str {
        match self {
            Kind::Document => "the document",
            Kind::Info => "the info object",
            Kind::Paths => "the paths object",
            Kind::Responses => "the responses object of an operation",
            Kind::MediaType => "a media type object",
            Kind::Encoding => "an encoding object",
            Kind::Components => "the components object",
            Kind::Tag => "a tag object",
            _ => "this object",
        }
    }
}

/// A file read for the bundle.
#[derive(Debug)]
struct File {
    /// Canonical path.
    path: PathBuf,
    /// Its name in messages.
    display: String,
    content: Content,
    is_root: bool,
    /// Its size in bytes.
    size: usize,
}

#[derive(Debug)]
enum Content {
    /// A YAML or JSON file.
    Value(Value),
    /// Any other file: its text.
    Text(String),
}

/// A place a `$ref` points at: a file and a JSON pointer in it.
#[derive(Debug, Clone)]
struct Target {
    file: Rc<File>,
    pointer: String,
}

/// A component made from another file's content.
#[derive(Debug)]
struct Component {
    /// Where it goes: `components/schemas`, or `definitions` in Swagger 2.0.
    section: &'static str,
    /// Path relative to the specs folder, with `/`, and the pointer: what names it.
    relative: String,
    pointer: String,
    value: Value,
    name: String,
}

struct Bundler {
    /// A Swagger 2.0 document: reusable objects go to `definitions`, `parameters` and
    /// `responses` at the top, not to `components`.
    swagger2: bool,
    /// Bytes of files inlined so far (path items, operations, texts, data), against
    /// references that multiply each other.
    inlined_bytes: usize,
    root_dir: PathBuf,
    /// The root document's folder as named in messages, with a trailing `/` (or empty).
    display_dir: String,
    root: Rc<File>,
    /// Every file read, by canonical path.
    files: HashMap<PathBuf, Rc<File>>,
    /// Files read ahead on every core, taken by [`Bundler::read`].
    prefetched: HashMap<PathBuf, Result<(Content, usize), Diagnostic>>,
    /// (folder of the referring file, path as written) -> canonical path.
    resolved: HashMap<(PathBuf, String), PathBuf>,
    targets: Vec<Component>,
    /// (section, canonical path, pointer) -> index in `targets`.
    ids: HashMap<(&'static str, PathBuf, String), usize>,
    /// (section, canonical path, pointer) -> the root's component key that refers to it.
    preferred: HashMap<(&'static str, PathBuf, String), String>,
    /// Path items, operations and values being inlined, for cycles.
    inlining: Vec<(PathBuf, String)>,
    /// The `$ref`s being followed (`file#pointer`).
    chain: Vec<String>,
    origins: Vec<Origin>,
    /// Where an operation, a text or a map of properties was a `$ref` (file, pointer), for
    /// the summary warnings.
    repairs: BTreeMap<Kind, Vec<(String, String)>>,
}

/// Separates a component's index from the rest of a reference until names are known. A NUL
/// cannot appear in a component key of a parsed document's `$ref` written by hand.
const PLACEHOLDER: char = '\u{0}';

impl Bundler {
    /// Where a referenced object of `kind` from another file goes: a JSON pointer without the
    /// leading `/`. `None` when the document has no place for it.
    fn place(&self, kind: Kind) -> Option<&'static str> {
        if self.swagger2 {
            return match kind {
                Kind::Schema => Some("definitions"),
                Kind::Parameter => Some("parameters"),
                Kind::Response => Some("responses"),
                _ => None,
            };
        }
        Some(match kind {
            Kind::Schema => "components/schemas",
            Kind::Parameter => "components/parameters",
            Kind::RequestBody => "components/requestBodies",
            Kind::Response => "components/responses",
            Kind::Header => "components/headers",
            Kind::Example => "components/examples",
            Kind::Link => "components/links",
            Kind::Callback => "components/callbacks",
            Kind::SecurityScheme => "components/securitySchemes",
            _ => return None,
        })
    }

    /// Every place of reusable objects, with their kind.
    fn places(&self) -> Vec<(Kind, &'static str)> {
        [
            Kind::Schema,
            Kind::Parameter,
            Kind::RequestBody,
            Kind::Response,
            Kind::Header,
            Kind::Example,
            Kind::Link,
            Kind::Callback,
            Kind::SecurityScheme,
        ]
        .into_iter()
        .filter_map(|kind| self.place(kind).map(|place| (kind, place)))
        .collect()
    }

    /// Reads and parses the files the document refers to, and the files they refer to, wave
    /// by wave, each wave on every core: parsing is most of the work of a large multi-file
    /// description (DigitalOcean's 2,850 files).
    fn prefetch(&mut self, root: &Value) {
        let mut seen: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        seen.insert(self.root.path.clone());
        let mut wave = Vec::new();
        referenced_files(root, &self.root_dir, &self.root_dir, &mut wave, 0);
        wave.retain(|p| seen.insert(p.clone()));
        while !wave.is_empty() {
            type Parsed = (Result<(Content, usize), Diagnostic>, Vec<PathBuf>);
            let slots: Vec<std::sync::Mutex<Option<Parsed>>> =
                wave.iter().map(|_| std::sync::Mutex::new(None)).collect();
            let next = std::sync::atomic::AtomicUsize::new(0);
            let (root_dir, display_dir) = (&self.root_dir, &self.display_dir);
            let work = || loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(path) = wave.get(i) else { break };
                // Only regular files are read ahead; links and anything else are left to the
                // walk, which checks where they lead.
                let regular = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
                if !regular {
                    continue;
                }
                let parsed = parse_file(path, &display_of(root_dir, display_dir, path));
                let mut refs = Vec::new();
                if let (Ok((Content::Value(value), _)), Some(dir)) = (&parsed, path.parent()) {
                    referenced_files(value, dir, root_dir, &mut refs, 0);
                }
                if let Ok(mut slot) = slots[i].lock() {
                    *slot = Some((parsed, refs));
                }
            };
            crate::workers::spread(crate::workers::cores().min(wave.len()), work);
            let mut following = Vec::new();
            for (path, slot) in wave.into_iter().zip(slots) {
                let Some((parsed, refs)) = slot.into_inner().ok().flatten() else {
                    continue;
                };
                self.prefetched.insert(path, parsed);
                following.extend(refs.into_iter().filter(|p| seen.insert(p.clone())));
            }
            wave = following;
        }
    }

    /// Records the root's `components.<kind>.<key>: {$ref: file}` entries, so that the file's
    /// content keeps the key as its name.
    fn prefer_component_keys(&mut self, root: &Value) -> Result<(), Diagnostic> {
        let root_file = Rc::clone(&self.root);
        for (_, place) in self.places() {
            let Some(entries) = root
                .pointer(&format!("/{place}"))
                .and_then(Value::as_object)
            else {
                continue;
            };
            for (key, entry) in entries {
                let Some(Value::String(reference)) = entry.get("$ref") else {
                    continue;
                };
                if reference.starts_with('#') {
                    continue;
                }
                let at = pointer_push(&format!("/{place}"), key);
                let target = self.resolve(reference, &root_file, &at)?;
                self.preferred
                    .entry((place, target.file.path.clone(), target.pointer))
                    .or_insert_with(|| key.clone());
            }
        }
        Ok(())
    }

    /// Walks `value`, an object of `kind` at `pointer` in `file`, which lands at `out` in the
    /// bundled document, resolving every `$ref` in it.
    fn walk(
        &mut self,
        value: &mut Value,
        kind: Kind,
        file: &Rc<File>,
        pointer: &str,
        out: &str,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_DEPTH {
            return Err(Diagnostic::error(
                &file.display,
                pointer,
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            )
            .with_hint(
                "move nested schemas into components.schemas and refer to them with `$ref`",
            ));
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    return self.reference(value, &reference, kind, file, pointer, out, depth);
                }
                self.walk_children(map, kind, file, pointer, out, depth)
            }
            Value::Array(items) if kind == Kind::Data => {
                for (i, item) in items.iter_mut().enumerate() {
                    let token = i.to_string();
                    self.walk(
                        item,
                        Kind::Data,
                        file,
                        &pointer_push(pointer, &token),
                        &pointer_push(out, &token),
                        depth + 1,
                    )?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// The children of an object that is not a reference, each walked as what it is.
    fn walk_children(
        &mut self,
        map: &mut Map<String, Value>,
        kind: Kind,
        file: &Rc<File>,
        pointer: &str,
        out: &str,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        for (key, child) in map.iter_mut() {
            let here = pointer_push(pointer, key);
            let there = pointer_push(out, key);
            let extension = key.starts_with("x-") && kind != Kind::Properties;
            let child_kind = if extension {
                Some(Kind::Data)
            } else {
                direct_child(kind, key)
            };
            if let Some(child_kind) = child_kind {
                self.walk(child, child_kind, file, &here, &there, depth + 1)?;
                continue;
            }
            let Some(item_kind) = item_child(kind, key) else {
                continue;
            };
            match child {
                Value::Object(items) => {
                    // Entries are names (headers, media types, properties, ...), never
                    // extensions, even when they start with `x-`.
                    for (name, item) in items.iter_mut() {
                        self.walk(
                            item,
                            item_kind,
                            file,
                            &pointer_push(&here, name),
                            &pointer_push(&there, name),
                            depth + 2,
                        )?;
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        let token = i.to_string();
                        self.walk(
                            item,
                            item_kind,
                            file,
                            &pointer_push(&here, &token),
                            &pointer_push(&there, &token),
                            depth + 2,
                        )?;
                    }
                }
                _ => {}
            }
        }
        if kind == Kind::Schema {
            self.discriminator_mapping(map, file, pointer)?;
        }
        Ok(())
    }

    /// `discriminator.mapping` values that name files become references to their components.
    fn discriminator_mapping(
        &mut self,
        map: &mut Map<String, Value>,
        file: &Rc<File>,
        pointer: &str,
    ) -> Result<(), Diagnostic> {
        let Some(mapping) = map
            .get_mut("discriminator")
            .and_then(|d| d.get_mut("mapping"))
            .and_then(Value::as_object_mut)
        else {
            return Ok(());
        };
        for (key, target) in mapping.iter_mut() {
            let Value::String(reference) = target else {
                continue;
            };
            // A plain schema name stays; a `#/...` pointer of the root stays.
            let names_file = reference.contains('/') || reference.contains('.');
            if !names_file || (file.is_root && reference.starts_with('#')) {
                continue;
            }
            let at = pointer_push(
                &pointer_push(&pointer_push(pointer, "discriminator"), "mapping"),
                key,
            );
            let reference = reference.clone();
            *target = Value::String(self.component_ref(&reference, Kind::Schema, file, &at)?);
        }
        Ok(())
    }

    /// The local reference that stands for what `reference` (at `at` in `file`) points at.
    fn component_ref(
        &mut self,
        reference: &str,
        kind: Kind,
        file: &Rc<File>,
        at: &str,
    ) -> Result<String, Diagnostic> {
        let target = self.resolve(reference, file, at)?;
        if target.file.is_root {
            return Ok(format!("#{}", target.pointer));
        }
        let section = self.place(kind).unwrap_or("components/schemas");
        self.chain.push(format!("{}#{at}", file.display));
        let id = self.component(kind, section, &target);
        self.chain.pop();
        Ok(format!("#/{section}/{PLACEHOLDER}{}", id?))
    }

    /// Replaces the reference object `value` by what it stands for.
    #[allow(clippy::too_many_arguments)]
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        kind: Kind,
        file: &Rc<File>,
        pointer: &str,
        out: &str,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        let local = file.is_root && reference.starts_with('#');
        // In an example or an extension a `$ref` is data unless it names a file here: a URL
        // there (GitHub's SCIM examples carry `"$ref": "https://api.github.com/..."`) is the
        // value the example shows, not something to fetch.
        if kind == Kind::Data && is_url(reference) {
            return Ok(());
        }
        if self.place(kind).is_some() {
            if local {
                return Ok(());
            }
            let replaced = self.component_ref(reference, kind, file, pointer)?;
            if let Value::Object(map) = value {
                map.insert("$ref".to_owned(), Value::String(replaced));
            }
            return Ok(());
        }
        match kind {
            Kind::PathItem | Kind::Operation | Kind::Text | Kind::Data | Kind::Properties => {}
            _ => {
                return Err(Diagnostic::error(
                    &file.display,
                    pointer,
                    with_chain(
                        &format!(
                            "$ref {reference} is not allowed here: OpenAPI allows no reference for {}",
                            kind.noun()
                        ),
                        &self.chain,
                    ),
                )
                .with_hint(
                    "write the object itself here; a `$ref` may stand for a schema, parameter, \
                     request body, response, header, example, link, callback, security scheme \
                     or path item",
                ));
            }
        }
        if local && matches!(kind, Kind::PathItem | Kind::Data) {
            // The root's own references to path items and data stay as written.
            return Ok(());
        }
        let target = self.resolve(reference, file, pointer)?;
        let key = (target.file.path.clone(), target.pointer.clone());
        if self.inlining.contains(&key) {
            return Err(Diagnostic::error(
                &file.display,
                pointer,
                with_chain(
                    &format!("$ref {reference} includes itself: a cycle of references that cannot be inlined"),
                    &self.chain,
                ),
            )
            .with_hint("break the cycle; only schemas may refer to themselves"));
        }
        if matches!(kind, Kind::Operation | Kind::Text | Kind::Properties) {
            self.repairs
                .entry(kind)
                .or_default()
                .push((file.display.clone(), pointer.to_owned()));
        }
        let mut content = match &target.file.content {
            Content::Text(text) if target.pointer.is_empty() => Value::String(text.clone()),
            Content::Text(_) => {
                return Err(Diagnostic::error(
                    &file.display,
                    pointer,
                    with_chain(
                        &format!(
                            "$ref {reference} has a fragment, but the file is not YAML or JSON"
                        ),
                        &self.chain,
                    ),
                )
                .with_hint("refer to the whole text file, without `#...`"));
            }
            Content::Value(_) => self.value_at(&target, &file.display, pointer)?.clone(),
        };
        if matches!(kind, Kind::PathItem | Kind::Operation) && !content.is_object() {
            return Err(Diagnostic::error(
                &target.file.display,
                &target.pointer,
                with_chain(
                    &format!(
                        "expected {} object here",
                        if kind == Kind::Operation {
                            "an operation"
                        } else {
                            "a path item"
                        }
                    ),
                    &self.chain,
                ),
            )
            .with_hint("point the `$ref` at the object"));
        }
        if kind == Kind::Text && !content.is_string() {
            return Err(Diagnostic::error(
                &file.display,
                pointer,
                with_chain(
                    &format!("$ref {reference} should give a text here, but points at a non-string value"),
                    &self.chain,
                ),
            )
            .with_hint("point the `$ref` at a string, or at a Markdown or text file"));
        }
        self.inlined_bytes += target.file.size;
        if self.inlined_bytes > crate::load::MAX_DOCUMENT_BYTES {
            return Err(Diagnostic::error(
                &file.display,
                pointer,
                with_chain(
                    &format!(
                        "$ref {reference}: the references inline more than {} bytes of other files",
                        crate::load::MAX_DOCUMENT_BYTES
                    ),
                    &self.chain,
                ),
            )
            .with_hint("references inside repeated references multiply; refer to shared schemas, parameters and responses instead of inlining them"));
        }
        self.chain.push(format!("{}#{pointer}", file.display));
        self.inlining.push(key);
        if !target.file.is_root && content.is_object() {
            self.origins.push(Origin {
                at: out.to_owned(),
                file: target.file.display.clone(),
                pointer: target.pointer.clone(),
                chain: self.chain.clone(),
            });
        }
        let walked = self.walk(
            &mut content,
            kind,
            &Rc::clone(&target.file),
            &target.pointer,
            out,
            depth + 1,
        );
        self.inlining.pop();
        self.chain.pop();
        walked?;
        // Keys beside the `$ref` (a path item's `summary`, say) are kept over the file's.
        if let (Value::Object(siblings), Value::Object(inlined)) = (&*value, &mut content) {
            for (k, v) in siblings {
                if k != "$ref" {
                    inlined.insert(k.clone(), v.clone());
                }
            }
        }
        *value = content;
        Ok(())
    }

    /// The index of the component holding `target`'s content as a `kind`, made (and its
    /// content walked) on first use.
    fn component(
        &mut self,
        kind: Kind,
        section: &'static str,
        target: &Target,
    ) -> Result<usize, Diagnostic> {
        let key = (section, target.file.path.clone(), target.pointer.clone());
        if let Some(&id) = self.ids.get(&key) {
            return Ok(id);
        }
        let Content::Value(_) = target.file.content else {
            return Err(Diagnostic::error(
                &target.file.display,
                "",
                with_chain(
                    &format!(
                        "a $ref to this file stands for an entry of {}, but it is not a YAML or JSON file",
                        section.replace('/', ".")
                    ),
                    &self.chain,
                ),
            )
            .with_hint("refer to a .yaml, .yml or .json file"));
        };
        let site = self.chain.last().cloned().unwrap_or_default();
        let (site_file, site_pointer) = site.split_once('#').unwrap_or((&site, ""));
        let mut content = self.value_at(target, site_file, site_pointer)?.clone();
        let id = self.targets.len();
        let relative = target
            .file
            .path
            .strip_prefix(&self.root_dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        self.targets.push(Component {
            section,
            relative,
            pointer: target.pointer.clone(),
            value: Value::Null,
            name: self.preferred.get(&key).cloned().unwrap_or_default(),
        });
        self.ids.insert(key, id);
        let out = format!("/{section}/{PLACEHOLDER}{id}");
        self.origins.push(Origin {
            at: out.clone(),
            file: target.file.display.clone(),
            pointer: target.pointer.clone(),
            chain: self.chain.clone(),
        });
        self.walk(
            &mut content,
            kind,
            &Rc::clone(&target.file),
            &target.pointer,
            &out,
            0,
        )?;
        self.targets[id].value = content;
        Ok(id)
    }

    /// The value at `target`; `file` and `pointer` name the reference, for the error.
    fn value_at<'t>(
        &self,
        target: &'t Target,
        file: &str,
        pointer: &str,
    ) -> Result<&'t Value, Diagnostic> {
        let Content::Value(whole) = &target.file.content else {
            return Err(Diagnostic::error(
                file,
                pointer,
                "the $ref points into a file that is not YAML or JSON",
            ));
        };
        whole.pointer(&target.pointer).ok_or_else(|| {
            Diagnostic::error(
                file,
                pointer,
                with_chain(
                    &format!(
                        "$ref to {}#{} does not exist: the file has nothing at that pointer",
                        target.file.display, target.pointer
                    ),
                    &self.chain,
                ),
            )
            .with_hint("fix the fragment after `#`, or add the item to the file")
        })
    }

    /// The file and pointer `reference`, written at `pointer` in `file`, points at; the file
    /// read on first use.
    fn resolve(
        &mut self,
        reference: &str,
        file: &Rc<File>,
        pointer: &str,
    ) -> Result<Target, Diagnostic> {
        let error = |this: &Self, message: String, hint: &str| {
            Diagnostic::error(&file.display, pointer, with_chain(&message, &this.chain))
                .with_hint(hint)
        };
        if self.chain.len() >= MAX_CHAIN {
            return Err(error(
                self,
                format!("$ref {reference}: references lead through more than {MAX_CHAIN} files and places"),
                "shorten the chain of references",
            ));
        }
        let (path_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(error(
                self,
                format!("$ref {reference}: the fragment is not a JSON pointer"),
                "write the fragment as a JSON pointer, such as `#/components/schemas/Pet`",
            ));
        }
        if path_part.is_empty() {
            return Ok(Target {
                file: Rc::clone(file),
                pointer: fragment,
            });
        }
        if is_url(path_part) {
            return Err(error(
                self,
                format!("$ref {reference} is a URL; the generator reads only files in the specs folder and has no network access"),
                "download the referenced document and bundle it into the spec (for example with `redocly bundle` or `swagger-cli bundle`), or save it in the specs folder and refer to it by a relative path",
            ));
        }
        let base = if file.is_root {
            self.root_dir.clone()
        } else {
            file.path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default()
        };
        let cache_key = (base.clone(), path_part.to_owned());
        let canonical = match self.resolved.get(&cache_key) {
            Some(path) => path.clone(),
            None => {
                let written = base.join(path_part);
                let canonical = written.canonicalize().or_else(|e| {
                    let decoded = percent_decode(path_part);
                    if decoded != path_part {
                        base.join(&decoded).canonicalize()
                    } else {
                        Err(e)
                    }
                });
                let canonical = match canonical {
                    Ok(path) => path,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Err(error(
                            self,
                            format!("$ref {reference}: the file {path_part} does not exist (looked for it beside {})", file.display),
                            "fix the path; it is relative to the file that holds the `$ref`",
                        ));
                    }
                    Err(e) => {
                        return Err(error(
                            self,
                            format!("$ref {reference}: cannot read {path_part}: {e}"),
                            "check that the file exists and is readable",
                        ));
                    }
                };
                if !canonical.starts_with(&self.root_dir) {
                    return Err(error(
                        self,
                        format!("$ref {reference} leads outside the specs folder (to {})", canonical.display()),
                        "keep every file of a description inside the specs folder; a `..` or a symbolic link may not lead out of it",
                    ));
                }
                self.resolved.insert(cache_key, canonical.clone());
                canonical
            }
        };
        let target_file = self.read(&canonical, reference, file, pointer)?;
        Ok(Target {
            file: target_file,
            pointer: fragment,
        })
    }

    /// The file at `canonical`, read and parsed once.
    fn read(
        &mut self,
        canonical: &Path,
        reference: &str,
        from: &File,
        pointer: &str,
    ) -> Result<Rc<File>, Diagnostic> {
        if canonical == self.root.path {
            return Ok(Rc::clone(&self.root));
        }
        if let Some(file) = self.files.get(canonical) {
            return Ok(Rc::clone(file));
        }
        if canonical.is_dir() {
            return Err(Diagnostic::error(
                &from.display,
                pointer,
                with_chain(&format!("$ref {reference} names a folder"), &self.chain),
            )
            .with_hint("refer to a file"));
        }
        let display = display_of(&self.root_dir, &self.display_dir, canonical);
        let parsed = match self.prefetched.remove(canonical) {
            Some(parsed) => parsed,
            None => parse_file(canonical, &display),
        };
        let (content, size) = parsed.map_err(|mut d| {
            let mut chain = self.chain.clone();
            chain.push(format!("{}#{pointer}", from.display));
            d.message = with_chain(&d.message, &chain);
            d
        })?;
        let file = Rc::new(File {
            path: canonical.to_path_buf(),
            display,
            content,
            is_root: false,
            size,
        });
        self.files.insert(canonical.to_path_buf(), Rc::clone(&file));
        Ok(file)
    }

    /// Names the components, puts them into `components`, rewrites the placeholders and
    /// summarises the repairs.
    fn finish(mut self, mut value: Value) -> Result<Bundled, Diagnostic> {
        self.name_components(&value);
        let names: Vec<String> = self.targets.iter().map(|t| t.name.clone()).collect();
        let root_display = self.root.display.clone();
        if let Value::Object(doc) = &mut value {
            if !self.targets.is_empty() {
                let mut order: Vec<usize> = (0..self.targets.len()).collect();
                order.sort_by(|&a, &b| {
                    (self.targets[a].section, &self.targets[a].name)
                        .cmp(&(self.targets[b].section, &self.targets[b].name))
                });
                for id in order {
                    let target = &mut self.targets[id];
                    let content = std::mem::take(&mut target.value);
                    if let Some(section) = object_at(doc, target.section) {
                        let slot = section.entry(target.name.clone()).or_insert(Value::Null);
                        // The root's own `{$ref: file}` entry under this key: the content
                        // takes its place, with any keys written beside the `$ref`.
                        let mut content = content;
                        if let (Value::Object(siblings), Value::Object(inlined)) =
                            (&*slot, &mut content)
                        {
                            for (k, v) in siblings {
                                if k != "$ref" {
                                    inlined.insert(k.clone(), v.clone());
                                }
                            }
                        }
                        *slot = content;
                    }
                }
            }
        }
        replace_placeholders(&mut value, &self.targets, 0);
        let mut origins = std::mem::take(&mut self.origins);
        for origin in &mut origins {
            origin.at = resolve_placeholder_pointer(&origin.at, &names);
        }
        let mut warnings = Vec::new();
        for (kind, sites) in &self.repairs {
            let Some((file, pointer)) = sites.first() else {
                continue;
            };
            let (what, hint) = match kind {
                Kind::Operation => (
                    "operation(s) are `$ref`s, which OpenAPI does not allow (only a whole path item may be a reference); each is read as the operation it points at",
                    "make the whole path item a `$ref`, or write the operations into it",
                ),
                Kind::Properties => (
                    "`properties` maps are `$ref`s, which OpenAPI does not allow (each property may be one); each is read as the properties it points at",
                    "refer to the schemas property by property, or make the whole schema a `$ref`",
                ),
                _ => (
                    "text(s) such as a `description` are `$ref`s, which OpenAPI does not allow; each is replaced by the text it points at",
                    "write the text into the document",
                ),
            };
            warnings.push(
                Diagnostic::warning(file, pointer, format!("{} {what}", sites.len()))
                    .with_hint(hint),
            );
        }
        let mut files: BTreeSet<PathBuf> = self.files.keys().cloned().collect();
        files.remove(&self.root.path);
        Ok(Bundled {
            value,
            warnings,
            fragments: Fragments {
                files,
                root: root_display,
                origins,
            },
        })
    }

    /// Gives every component without a name one: the last part of its file's path and pointer,
    /// with more of the path while names collide, then a number.
    fn name_components(&mut self, root: &Value) {
        let taken: BTreeMap<&'static str, BTreeSet<String>> = self
            .places()
            .into_iter()
            .map(|(_, place)| {
                let keys = root
                    .pointer(&format!("/{place}"))
                    .and_then(Value::as_object)
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                (place, keys)
            })
            .collect();
        let named: BTreeSet<(&'static str, String)> = self
            .targets
            .iter()
            .filter(|t| !t.name.is_empty())
            .map(|t| (t.section, t.name.clone()))
            .collect();
        let open: Vec<usize> = (0..self.targets.len())
            .filter(|&i| self.targets[i].name.is_empty())
            .collect();
        let parts: Vec<Vec<String>> = open
            .iter()
            .map(|&i| name_parts(&self.targets[i].relative, &self.targets[i].pointer))
            .collect();
        let mut levels = vec![1usize; open.len()];
        let candidate = |parts: &[String], level: usize| {
            let start = parts.len().saturating_sub(level);
            sanitize(&parts[start..].join("_"))
        };
        let is_taken = |section: &'static str, name: &str| {
            taken.get(section).is_some_and(|t| t.contains(name))
                || named.contains(&(section, name.to_owned()))
        };
        for _ in 0..64 {
            let mut groups: BTreeMap<(&'static str, String), Vec<usize>> = BTreeMap::new();
            for (j, &i) in open.iter().enumerate() {
                groups
                    .entry((self.targets[i].section, candidate(&parts[j], levels[j])))
                    .or_default()
                    .push(j);
            }
            let mut changed = false;
            for ((section, name), members) in groups {
                if members.len() > 1 || is_taken(section, &name) {
                    for j in members {
                        if levels[j] < parts[j].len() {
                            levels[j] += 1;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // Whatever still collides gets a number, in the order of path and pointer.
        let mut order: Vec<usize> = (0..open.len()).collect();
        order.sort_by(|&a, &b| {
            let (ta, tb) = (&self.targets[open[a]], &self.targets[open[b]]);
            (&ta.relative, &ta.pointer).cmp(&(&tb.relative, &tb.pointer))
        });
        let mut used: BTreeSet<(&'static str, String)> = named.clone();
        for j in order {
            let section = self.targets[open[j]].section;
            let base = candidate(&parts[j], levels[j]);
            let mut name = base.clone();
            let mut n = 2;
            while is_taken(section, &name) || used.contains(&(section, name.clone())) {
                name = format!("{base}_{n}");
                n += 1;
            }
            used.insert((section, name.clone()));
            self.targets[open[j]].name = name;
        }
    }
}

/// The object at `place` (`components/schemas`) in `doc`, made (replacing anything that is not
/// an object) when missing.
fn object_at<'d>(
    doc: &'d mut Map<String, Value>,
    place: &str,
) -> Option<&'d mut Map<String, Value>> {
    let mut here = doc;
    for token in place.split('/') {
        let next = here
            .entry(token)
            .or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            *next = Value::Object(Map::new());
        }
        here = next.as_object_mut()?;
    }
    Some(here)
}

/// The kind of the child `key` of an object of `kind`, when it is one object.
fn direct_child(kind: Kind, key: &str) -> Option<Kind> {
    use Kind as K;
    Some(match (kind, key) {
        (K::Document, "info") => K::Info,
        (K::Document, "paths") => K::Paths,
        (K::Document, "components") => K::Components,
        (K::Document, "webhooks") => K::Paths,
        (K::Info, "description" | "summary") => K::Text,
        (
            K::PathItem,
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace",
        ) => K::Operation,
        (K::PathItem | K::Operation, "description" | "summary") => K::Text,
        (K::Operation, "requestBody") => K::RequestBody,
        (K::Operation, "responses") => K::Responses,
        (K::Parameter | K::Header, "schema") => K::Schema,
        (K::Parameter | K::Header | K::MediaType, "example") => K::Data,
        (K::Parameter | K::Header | K::RequestBody | K::Response | K::Tag, "description") => {
            K::Text
        }
        (K::MediaType, "schema") => K::Schema,
        // Swagger 2.0.
        (K::Response, "schema") => K::Schema,
        (K::Example, "value") => K::Data,
        (K::Example, "description" | "summary") => K::Text,
        (
            K::Schema,
            "items"
            | "additionalItems"
            | "not"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema",
        ) => K::Schema,
        (K::Schema, "additionalProperties") => K::Schema,
        (
            K::Schema,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
        ) => K::Properties,
        (K::Properties, _) => K::Schema,
        (K::Schema, "description" | "title") => K::Text,
        (K::Schema, "example" | "default" | "enum" | "const" | "examples") => K::Data,
        (K::Link | K::Data, _) => K::Data,
        (K::Paths | K::Callback, _) => K::PathItem,
        (K::Responses, _) => K::Response,
        (K::SecurityScheme, "description") => K::Text,
        _ => return None,
    })
}

/// The kind of each entry (of a map or list) under `key` of an object of `kind`.
fn item_child(kind: Kind, key: &str) -> Option<Kind> {
    use Kind as K;
    Some(match (kind, key) {
        (K::Document, "tags") => K::Tag,
        // Swagger 2.0.
        (K::Document, "definitions") => K::Schema,
        (K::Document, "parameters") => K::Parameter,
        (K::Document, "responses") => K::Response,
        (K::PathItem | K::Operation, "parameters") => K::Parameter,
        (K::Operation, "callbacks") => K::Callback,
        (K::Response, "headers") | (K::Encoding, "headers") => K::Header,
        (K::Response, "links") => K::Link,
        (K::Parameter | K::Header | K::Response | K::RequestBody, "content") => K::MediaType,
        (K::Parameter | K::Header | K::MediaType, "examples") => K::Example,
        (K::MediaType, "encoding") => K::Encoding,
        (
            K::Schema,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
            | "allOf" | "anyOf" | "oneOf" | "prefixItems",
        ) => K::Schema,
        (K::Components, section) => return Kind::of_section(section),
        _ => return None,
    })
}

/// Whether a reference names a URL (a scheme, or a network path `//host/..`) rather than a file.
fn is_url(reference: &str) -> bool {
    let lower = reference.to_ascii_lowercase();
    lower.contains("://") || lower.starts_with("//")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_url_in_an_example_value_is_data_not_a_reference() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{$ref: 'pet.yaml'}}\n  examples:\n    Group:\n      value:\n        members:\n          - {{value: '1', $ref: 'https://api.example.com/Users/1'}}\n"
        );
        let (_dir, bundled) = bundle_files(&[("api.yaml", &root), ("pet.yaml", "type: string\n")]);
        let bundled = bundled.expect("bundles: the URL is example data");
        assert_eq!(
            bundled.value["components"]["examples"]["Group"]["value"]["members"][0]["$ref"],
            json!("https://api.example.com/Users/1")
        );
        // Where OpenAPI takes a reference, a URL is still refused (there is no network).
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet: {{$ref: 'https://api.example.com/pet.yaml'}}\n"
        );
        let (_dir, bundled) = bundle_files(&[("api.yaml", &root)]);
        let error = bundled.err().map(|d| d.message).unwrap_or_default();
        assert!(error.contains("is a URL"), "{error}");
    }

    /// Writes `files` (path, YAML text) into a temporary folder and bundles `api.yaml`.
    fn bundle_files(files: &[(&str, &str)]) -> (tempfile::TempDir, Result<Bundled, Diagnostic>) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
            std::fs::write(&path, text).expect("write a file");
        }
        let root = dir.path().join("api.yaml");
        let text = std::fs::read_to_string(&root).expect("the root");
        let raw = crate::load::parse_yaml(&text, "specs/api.yaml").expect("the root parses");
        let bundled = bundle(&root, "specs/api.yaml", raw);
        (dir, bundled)
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    fn schema_names(bundled: &Bundled) -> Vec<String> {
        bundled.value["components"]["schemas"]
            .as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }

    #[test]
    fn colliding_names_take_their_folders_then_do_not_depend_on_order() {
        let refs = ["a/models/item.yaml", "b/models/item.yaml", "c/item.yaml"];
        let mut seen = Vec::new();
        for order in [[0, 1, 2], [2, 1, 0]] {
            let props: String = order
                .iter()
                .map(|&i| format!("        p{i}: {{$ref: '{}'}}\n", refs[i]))
                .collect();
            let root = format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    item: {{type: string}}\n    Root:\n      type: object\n      properties:\n{props}"
            );
            let (_dir, bundled) = bundle_files(&[
                ("api.yaml", &root),
                ("a/models/item.yaml", "type: integer\n"),
                ("b/models/item.yaml", "type: boolean\n"),
                ("c/item.yaml", "type: number\n"),
            ]);
            let bundled = bundled.expect("bundles");
            let root = &bundled.value["components"]["schemas"]["Root"]["properties"];
            let names: Vec<&str> = (0..3)
                .map(|i| root[format!("p{i}")]["$ref"].as_str().expect("a $ref"))
                .collect();
            seen.push(names.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>());
            assert_eq!(
                schema_names(&bundled),
                ["item", "Root", "a_models_item", "b_models_item", "c_item"]
            );
        }
        assert_eq!(
            seen[0],
            [
                "#/components/schemas/a_models_item",
                "#/components/schemas/b_models_item",
                "#/components/schemas/c_item"
            ]
        );
        assert_eq!(seen[0], seen[1]);
    }

    #[test]
    fn a_ref_back_into_the_root_document_stays_local() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Id: {{type: string}}\n    Case: {{$ref: 'schemas/case.yaml'}}\n"
        );
        let (_dir, bundled) = bundle_files(&[
            ("api.yaml", &root),
            (
                "schemas/case.yaml",
                "type: object\nproperties:\n  id: {$ref: '../api.yaml#/components/schemas/Id'}\n  self: {$ref: '#'}\n",
            ),
        ]);
        let bundled = bundled.expect("bundles");
        assert_eq!(schema_names(&bundled), ["Id", "Case"]);
        assert_eq!(
            bundled.value["components"]["schemas"]["Case"]["properties"],
            json!({
                "id": {"$ref": "#/components/schemas/Id"},
                "self": {"$ref": "#/components/schemas/Case"}
            })
        );
    }

    #[test]
    fn a_path_item_that_includes_itself_is_an_error_with_its_chain() {
        let root = format!("{HEAD}paths:\n  /a: {{$ref: 'paths/a.yaml'}}\n");
        let (_dir, bundled) = bundle_files(&[
            ("api.yaml", &root),
            ("paths/a.yaml", "$ref: 'b.yaml'\n"),
            ("paths/b.yaml", "$ref: 'a.yaml'\n"),
        ]);
        let error = bundled.expect_err("a cycle of path items");
        assert_eq!(
            error.to_string(),
            "error: specs/paths/b.yaml#: $ref a.yaml includes itself: a cycle of references that \
             cannot be inlined (reached through $ref specs/api.yaml#/paths/~1a -> \
             specs/paths/a.yaml#)\n  hint: break the cycle; only schemas may refer to themselves"
        );
    }

    #[test]
    fn a_missing_pointer_names_the_fragment_and_the_referring_place() {
        let root = format!(
            "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/parameters/nope'\n      responses: {{}}\n"
        );
        let (_dir, bundled) =
            bundle_files(&[("api.yaml", &root), ("common.yaml", "parameters: {}\n")]);
        let error = bundled.expect_err("no such parameter");
        assert_eq!(error.file, "specs/api.yaml");
        assert_eq!(error.pointer, "/paths/~1a/get/parameters/0");
        assert!(
            error
                .message
                .contains("$ref to specs/common.yaml#/parameters/nope does not exist"),
            "{error}"
        );
    }

    #[test]
    fn texts_come_from_text_files_and_a_fragment_into_one_is_refused() {
        let root = format!(
            "{HEAD}tags:\n  - name: t\n    description: {{$ref: 'docs/t.md'}}\npaths:\n  /a:\n    get:\n      responses: {{}}\n      x-codeSamples:\n        - lang: C#\n          source: {{$ref: 'samples/a.cs'}}\n"
        );
        let (_dir, bundled) = bundle_files(&[
            ("api.yaml", &root),
            ("docs/t.md", "# T\n"),
            ("samples/a.cs", "var a = 1;\n"),
        ]);
        let bundled = bundled.expect("bundles");
        assert_eq!(bundled.value["tags"][0]["description"], json!("# T\n"));
        assert_eq!(
            bundled.value["paths"]["/a"]["get"]["x-codeSamples"][0]["source"],
            json!("var a = 1;\n")
        );
        assert_eq!(bundled.warnings.len(), 1, "{:?}", bundled.warnings);
        assert_eq!(bundled.warnings[0].pointer, "/tags/0/description");

        let root = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n  description: {$ref: 'docs/t.md#/x'}\npaths: {}\n".to_owned();
        let (_dir, bundled) = bundle_files(&[("api.yaml", &root), ("docs/t.md", "# T\n")]);
        let error = bundled.expect_err("a fragment into a text");
        assert!(
            error.message.contains("the file is not YAML or JSON"),
            "{error}"
        );
    }

    #[test]
    fn a_document_without_external_refs_is_returned_as_it_is() {
        let raw = json!({"openapi": "3.0.3", "paths": {"/a": {"$ref": "#/x"}}, "x": {}});
        let bundled = bundle(Path::new("/nonexistent/api.yaml"), "api.yaml", raw.clone())
            .expect("nothing to resolve");
        assert_eq!(bundled.value, raw);
        assert!(bundled.fragments.files.is_empty());
    }

    #[test]
    fn swagger_2_objects_go_to_definitions_parameters_and_responses() {
        let root = "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths:\n  /p:\n    get:\n      parameters:\n        - $ref: 'common.yaml#/limit'\n      responses:\n        '200':\n          description: ok\n          schema: {$ref: 'schemas/item.yaml'}\n        default: {$ref: 'common.yaml#/error'}\ndefinitions:\n  Pet: {$ref: 'schemas/pet.yaml'}\n";
        let (_dir, bundled) = bundle_files(&[
            ("api.yaml", root),
            ("schemas/pet.yaml", "type: object\nproperties:\n  item: {$ref: item.yaml}\n"),
            ("schemas/item.yaml", "type: string\n"),
            (
                "common.yaml",
                "limit: {name: limit, in: query, type: integer}\nerror:\n  description: failed\n  schema: {$ref: 'schemas/pet.yaml'}\n",
            ),
        ]);
        let value = bundled.expect("bundles").value;
        assert!(value.get("components").is_none());
        let keys = |at: &str| -> Vec<String> {
            value[at]
                .as_object()
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert_eq!(keys("definitions"), ["Pet", "item"]);
        assert_eq!(keys("parameters"), ["limit"]);
        assert_eq!(keys("responses"), ["error"]);
        assert_eq!(
            value["definitions"]["Pet"]["properties"]["item"]["$ref"],
            json!("#/definitions/item")
        );
        assert_eq!(
            value["responses"]["error"]["schema"]["$ref"],
            json!("#/definitions/Pet")
        );
        assert_eq!(
            value["paths"]["/p"]["get"]["parameters"][0]["$ref"],
            json!("#/parameters/limit")
        );
    }

    #[test]
    fn references_that_multiply_are_stopped() {
        // Each level's file is inlined eight times by the level above: 8^5 copies of 6 KB.
        let padding = "x".repeat(6000);
        let level = |n: usize| {
            let refs: String = (0..8)
                .map(|i| format!("  r{i}: {{$ref: 'l{}.yaml'}}\n", n + 1))
                .collect();
            format!("pad: {padding}\nnext:\n{refs}")
        };
        let files: Vec<(String, String)> = (0..5)
            .map(|n| (format!("l{n}.yaml"), level(n)))
            .chain([("l5.yaml".to_owned(), format!("pad: {padding}\n"))])
            .collect();
        let root = format!("{HEAD}paths: {{}}\nx-data: {{$ref: 'l0.yaml'}}\n");
        let mut all: Vec<(&str, &str)> = vec![("api.yaml", &root)];
        all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
        let (_dir, bundled) = bundle_files(&all);
        let error = bundled.expect_err("too much inlined");
        assert!(
            error.message.contains("the references inline more than"),
            "{error}"
        );
    }

    #[test]
    fn discriminator_mappings_and_properties_maps_that_name_files() {
        let root = format!(
            "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{{$ref: 'pets/dog.yaml'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{dog: 'pets/dog.yaml', cat: Cat}}\n    Cat: {{type: object}}\n"
        );
        let (_dir, bundled) = bundle_files(&[
            ("api.yaml", &root),
            (
                "pets/dog.yaml",
                "type: object\nproperties: {$ref: 'props.yaml#/dog'}\n",
            ),
            (
                "pets/props.yaml",
                "dog:\n  kind: {type: string}\n  bark: {type: boolean}\n",
            ),
        ]);
        let bundled = bundled.expect("bundles");
        let pet = &bundled.value["components"]["schemas"]["Pet"];
        assert_eq!(
            pet["discriminator"]["mapping"],
            json!({"dog": "#/components/schemas/dog", "cat": "Cat"})
        );
        assert_eq!(pet["oneOf"][0]["$ref"], json!("#/components/schemas/dog"));
        assert_eq!(
            bundled.value["components"]["schemas"]["dog"]["properties"],
            json!({"kind": {"type": "string"}, "bark": {"type": "boolean"}})
        );
        assert_eq!(bundled.warnings.len(), 1, "{:?}", bundled.warnings);
        assert!(bundled.warnings[0]
            .message
            .contains("1 `properties` maps are `$ref`s"));
        assert_eq!(bundled.warnings[0].file, "specs/pets/dog.yaml");
        assert_eq!(bundled.warnings[0].pointer, "/properties");
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(
            percent_decode("menu_%7BmenuItemId%7D.yaml"),
            "menu_{menuItemId}.yaml"
        );
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    #[test]
    fn diagnostics_about_bundled_content_are_relocated() {
        let fragments = Fragments {
            files: BTreeSet::new(),
            root: "specs/api.yaml".to_owned(),
            origins: vec![Origin {
                at: "/components/schemas/pet".to_owned(),
                file: "specs/schemas/pet.yaml".to_owned(),
                pointer: String::new(),
                chain: vec!["specs/api.yaml#/paths/~1pets".to_owned()],
            }],
        };
        let error = Diagnostic::error("specs/api.yaml", "/components/schemas/pet/type", "bad");
        let moved = fragments.relocate(error);
        assert_eq!(
            moved.to_string(),
            "error: specs/schemas/pet.yaml#/type: bad (reached through $ref specs/api.yaml#/paths/~1pets)"
        );
        // A sibling whose name merely starts the same is not inside the component.
        let other = Diagnostic::warning("specs/api.yaml", "/components/schemas/pets", "w");
        assert_eq!(fragments.relocate(other.clone()), other);
        let warning = Diagnostic::warning("specs/api.yaml", "/components/schemas/pet", "w");
        assert_eq!(
            fragments.relocate(warning).to_string(),
            "warning: specs/schemas/pet.yaml#: w"
        );
    }
}
