//! What the comparisons of one API share: both IRs, where each named type travels (request,
//! response), Rust spellings of types, and the list of changes being built.

use super::{Change, Verdict};
use crate::ir::{Api, BodyEncoding, Docs, Primitive, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Which side of the wire a named type is used on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Use {
    /// Reachable from a parameter or a request body: the client validates it before sending.
    pub request: bool,
    /// Reachable from a response body or a webhook payload: decoded, never validated.
    pub response: bool,
}

impl Use {
    /// `request`, `response`, `request and response` or `unused`, for messages.
    pub fn describe(self) -> &'static str {
        match (self.request, self.response) {
            (true, true) => "request and response",
            (true, false) => "request",
            (false, true) => "response",
            (false, false) => "unused by any operation",
        }
    }
}

/// Named types reachable from each side of every operation of `api`.
fn uses(api: &Api) -> BTreeMap<String, Use> {
    let defs: BTreeMap<&str, &TypeDef> = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
    let mut request = BTreeSet::new();
    let mut response = BTreeSet::new();
    for op in &api.operations {
        for p in &op.params {
            reach(&defs, &p.ty, &mut request);
        }
        if let Some(b) = &op.body {
            reach(&defs, &b.ty, &mut request);
        }
        for r in &op.responses {
            if let Some(b) = &r.body {
                reach(&defs, &b.ty, &mut response);
            }
        }
    }
    for body in api.webhooks.iter().filter_map(|w| w.body.as_ref()) {
        reach(&defs, &body.ty, &mut response);
    }
    let mut out = BTreeMap::new();
    for name in &request {
        out.entry(name.clone()).or_insert_with(Use::default).request = true;
    }
    for name in &response {
        out.entry(name.clone())
            .or_insert_with(Use::default)
            .response = true;
    }
    out
}

/// Adds every named type `ty` reaches to `seen`.
fn reach(defs: &BTreeMap<&str, &TypeDef>, ty: &TypeRef, seen: &mut BTreeSet<String>) {
    let mut stack = vec![ty];
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !seen.insert(name.clone()) {
                    continue;
                }
                let Some(def) = defs.get(name.as_str()) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter());
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(t) => stack.push(t),
                    TypeKind::Enum(_) => {}
                }
            }
            TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => {
                stack.push(t)
            }
            TypeRef::Primitive(_) => {}
        }
    }
}

/// Where a change is located: in the base (removed items) or in the head.
#[derive(Debug, Clone, Copy)]
pub enum At<'p> {
    /// A pointer into the base's spec.
    Base(&'p str),
    /// A pointer into the head's spec.
    Head(&'p str),
}

/// The state of comparing one API.
pub struct Ctx<'a> {
    /// The base IR.
    pub base: &'a Api,
    /// The head IR.
    pub head: &'a Api,
    base_uses: BTreeMap<String, Use>,
    head_uses: BTreeMap<String, Use>,
    /// Changes found so far.
    pub changes: Vec<Change>,
}

impl<'a> Ctx<'a> {
    /// Starts comparing `base` with `head` (the same module).
    pub fn new(base: &'a Api, head: &'a Api) -> Self {
        Self {
            base,
            head,
            base_uses: uses(base),
            head_uses: uses(head),
            changes: Vec::new(),
        }
    }

    /// The full path of an item of this module (`path` relative to the module).
    pub fn item(&self, path: &str) -> String {
        if path.is_empty() {
            self.head.module.clone()
        } else {
            format!("{}::{path}", self.head.module)
        }
    }

    /// Records a change to `item` (a path relative to the module).
    pub fn push(&mut self, verdict: Verdict, item: &str, message: String, at: At<'_>) {
        let location = match at {
            At::Base(p) => format!("{}#{p}", self.base.source),
            At::Head(p) => format!("{}#{p}", self.head.source),
        };
        self.changes.push(Change {
            verdict,
            module: Some(self.head.module.clone()),
            item: self.item(item),
            message,
            location,
        });
    }

    /// Where the named type is used, on either side of the comparison: a type that moved
    /// from requests to responses is judged by the stricter of the two.
    pub fn use_of(&self, name: &str) -> Use {
        let a = self.base_uses.get(name).copied().unwrap_or_default();
        let b = self.head_uses.get(name).copied().unwrap_or_default();
        Use {
            request: a.request || b.request,
            response: a.response || b.response,
        }
    }

    /// Whether two types spell the same Rust type: equal, or equal once aliases (`pub type`)
    /// are replaced by what they name.
    pub fn same_type(&self, old: &TypeRef, new: &TypeRef) -> bool {
        old == new
            || uri_as_string(resolve(self.base, old, 0))
                == uri_as_string(resolve(self.head, new, 0))
    }

    /// `Some(true)` when `format: uri` was added to a type that is otherwise the same, and
    /// `Some(false)` when it was removed: both sides are a `String` in Rust, checked by
    /// `Validate` only on the side with the format.
    pub fn uri_change(&self, old: &TypeRef, new: &TypeRef) -> Option<bool> {
        let (o, n) = (resolve(self.base, old, 0), resolve(self.head, new, 0));
        if o == n || uri_as_string(o.clone()) != uri_as_string(n.clone()) {
            return None;
        }
        Some(leaf(&n) == &TypeRef::Primitive(Primitive::Url))
    }

    /// Compares documentation: text changes are `docs`, deprecation is `compatible`.
    pub fn docs(&mut self, item: &str, what: &str, old: &Docs, new: &Docs, at: At<'_>) {
        if old.summary != new.summary || old.description != new.description {
            self.push(
                Verdict::Docs,
                item,
                format!("documentation of the {what} changes"),
                at,
            );
        }
        if old.deprecated != new.deprecated {
            let message = if new.deprecated {
                format!("the {what} becomes deprecated (a warning, not an error)")
            } else {
                format!("the {what} is no longer deprecated")
            };
            self.push(Verdict::Compatible, item, message, at);
        }
    }
}

/// `ty` with `format: uri` strings as plain strings: the Rust type is `String` either way.
fn uri_as_string(ty: TypeRef) -> TypeRef {
    let again = |t: Box<TypeRef>| Box::new(uri_as_string(*t));
    match ty {
        TypeRef::Primitive(Primitive::Url) => TypeRef::Primitive(Primitive::String),
        TypeRef::Array(t) => TypeRef::Array(again(t)),
        TypeRef::Map(t) => TypeRef::Map(again(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(again(t)),
        TypeRef::Boxed(t) => TypeRef::Boxed(again(t)),
        other => other,
    }
}

/// The named or primitive type at the end of a type's wrappers.
fn leaf(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Array(t) | TypeRef::Map(t) | TypeRef::Nullable(t) | TypeRef::Boxed(t) => leaf(t),
        other => other,
    }
}

/// `ty` with aliases replaced by their targets, to a bounded depth.
fn resolve(api: &Api, ty: &TypeRef, depth: usize) -> TypeRef {
    if depth > 32 {
        return ty.clone();
    }
    let again = |t: &TypeRef| Box::new(resolve(api, t, depth + 1));
    match ty {
        TypeRef::Named(name) => match api.types.iter().find(|d| &d.name == name) {
            Some(TypeDef {
                kind: TypeKind::Alias(target),
                ..
            }) => resolve(api, target, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Primitive(_) => ty.clone(),
        TypeRef::Array(t) => TypeRef::Array(again(t)),
        TypeRef::Map(t) => TypeRef::Map(again(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(again(t)),
        TypeRef::Boxed(t) => TypeRef::Boxed(again(t)),
    }
}

/// A short Rust spelling of a type, for messages (`Option<Vec<KybCase>>`).
pub fn spell(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) => name.clone(),
        TypeRef::Primitive(p) => spell_primitive(*p).to_owned(),
        TypeRef::Array(t) => format!("Vec<{}>", spell(t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", spell(t)),
        TypeRef::Nullable(t) => format!("Option<{}>", spell(t)),
        TypeRef::Boxed(t) => format!("Box<{}>", spell(t)),
    }
}

/// [`spell`] of an optional type, `()` for none.
pub fn spell_opt(ty: Option<&TypeRef>) -> String {
    ty.map_or_else(|| "()".to_owned(), spell)
}

fn spell_primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Bool => "bool",
        Primitive::I32 => "i32",
        Primitive::I64 => "i64",
        Primitive::U32 => "u32",
        Primitive::U64 => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::DateTime => "DateTime<Utc>",
        Primitive::Date => "NaiveDate",
        Primitive::Uuid => "Uuid",
        Primitive::Url => "String (URI)",
        Primitive::Bytes => "Vec<u8>",
        Primitive::Json => "serde_json::Value",
        Primitive::JsonObject => "serde_json::Map<String, Value>",
    }
}

/// The Rust type a body is exposed as: the schema's type for JSON and forms, `String` for
/// text and `Vec<u8>` for everything else.
pub fn body_rust_type(ty: &TypeRef, encoding: &BodyEncoding) -> TypeRef {
    match encoding {
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => ty.clone(),
        BodyEncoding::Text => TypeRef::Primitive(Primitive::String),
        BodyEncoding::Bytes => TypeRef::Primitive(Primitive::Bytes),
    }
}
