//! Named types (structs, enums, unions, aliases) and the members of structs and parameter
//! structs, with their constraints.

use super::context::{spell, At, Ctx, Use};
use super::Verdict;
use crate::diagnostic::pointer_push;
use crate::ir::{
    Constraints, Docs, EnumDef, Field, StructDef, TypeDef, TypeKind, TypeRef, UnionDef,
};
use crate::shape::{self, Construction, Presence};

/// A field of a struct or of a parameter struct, as the generated code holds it.
pub struct Member<'a> {
    /// Rust field name.
    pub rust_name: &'a str,
    /// Name on the wire.
    pub wire_name: &'a str,
    /// The value type, without presence.
    pub ty: TypeRef,
    /// How the field holds it (`T`, `Option<T>`, `Nullable<T>`), as the emitters do.
    pub presence: Presence,
    /// Whether constructing a value needs it (`new` or the builder).
    pub required: bool,
    /// Constraints the client checks before sending.
    pub constraints: &'a Constraints,
    /// Documentation.
    pub docs: &'a Docs,
    /// JSON pointer of its schema.
    pub pointer: &'a str,
    /// Where a parameter travels (`query parameter`), or `None` for struct fields.
    pub place: Option<&'static str>,
    /// `readOnly`.
    pub read_only: bool,
}

impl<'a> Member<'a> {
    /// A struct field, held as [`Presence::of`] says.
    pub fn of_field(f: &'a Field) -> Self {
        Self {
            rust_name: &f.rust_name,
            wire_name: &f.wire_name,
            ty: f.ty.clone(),
            presence: Presence::of(f),
            required: f.required,
            constraints: &f.constraints,
            docs: &f.docs,
            pointer: &f.pointer,
            place: None,
            read_only: f.read_only,
        }
    }
}

impl Member<'_> {
    /// The Rust type of the field.
    fn spelled(&self) -> String {
        self.presence.spell(&spell(&self.ty))
    }
}

/// The verdict of a new member of an item: an addition where the item is
/// `#[non_exhaustive]`, else a break of struct literals and exhaustive matches.
fn addition(item: shape::Item) -> Verdict {
    if shape::is_non_exhaustive(item) {
        Verdict::Compatible
    } else {
        Verdict::Breaking
    }
}

/// Whether two members have the same Rust type.
fn same_member_type(ctx: &Ctx<'_>, a: &Member<'_>, b: &Member<'_>) -> bool {
    a.presence == b.presence && ctx.same_type(&a.ty, &b.ty)
}

/// The struct holding some members: its path in the module, what its members are called,
/// and where its values travel.
pub struct Container {
    /// Path relative to the module, e.g. `types::KybCase`.
    pub path: String,
    /// `field` or `parameter`.
    pub noun: &'static str,
    /// Which side of the wire its values are on.
    pub used: Use,
    /// How a value is built from its number of required members
    /// ([`Construction::of`] for structs, [`Construction::of_params`] for parameters).
    pub construction: fn(usize) -> Construction,
}

impl Container {
    fn member(&self, name: &str) -> String {
        format!("{}::{name}", self.path)
    }

    fn construction(&self, members: &[Member<'_>]) -> Construction {
        (self.construction)(members.iter().filter(|m| m.required).count())
    }

    /// What happens to a constructor (built as `how`) when a required member is added.
    fn takes(&self, how: Construction) -> String {
        match how {
            Construction::Builder => format!(
                "`{}::builder()`'s `build()` fails until it is set",
                self.path
            ),
            _ => format!("`{}::new` takes it as an argument", self.path),
        }
    }

    /// What happens to a constructor (built as `how`) when a required member goes.
    fn loses(&self, how: Construction) -> String {
        match how {
            Construction::Builder => format!("`{}::builder()` loses a setter", self.path),
            _ => format!("`{}::new` loses an argument", self.path),
        }
    }
}

/// Why a removal and an addition are reported as one rename.
const INFERRED_RENAME: &str = "the only one removed and the only one added have the same type";

/// Compares the members of one struct.
pub fn compare_members(ctx: &mut Ctx<'_>, c: &Container, old: &[Member<'_>], new: &[Member<'_>]) {
    let removed: Vec<&Member<'_>> = old
        .iter()
        .filter(|o| !new.iter().any(|n| n.rust_name == o.rust_name))
        .collect();
    let added: Vec<&Member<'_>> = new
        .iter()
        .filter(|n| !old.iter().any(|o| o.rust_name == n.rust_name))
        .collect();
    let had_ctor = old.iter().any(|m| m.required);
    let (was, now) = (c.construction(old), c.construction(new));
    let mut explained: Vec<&str> = Vec::new();
    let mut renamed: Vec<&str> = Vec::new();
    // One removed and one added member of the same type read as a rename.
    if let ([gone], [came]) = (removed.as_slice(), added.as_slice()) {
        if gone.required == came.required && same_member_type(ctx, gone, came) {
            ctx.push(
                Verdict::Breaking,
                &c.member(gone.rust_name),
                format!(
                    "{} renamed to `{}` (wire `{}` -> `{}`: {INFERRED_RENAME})",
                    c.noun, came.rust_name, gone.wire_name, came.wire_name
                ),
                At::Head(came.pointer),
            );
            renamed.extend([gone.rust_name, came.rust_name]);
            explained.extend([gone.rust_name, came.rust_name]);
        }
    }
    for m in removed.iter().filter(|m| !renamed.contains(&m.rust_name)) {
        let ctor = if m.required {
            format!("; {}", c.loses(was))
        } else {
            String::new()
        };
        ctx.push(
            Verdict::Breaking,
            &c.member(m.rust_name),
            format!("{} removed ({} side){ctor}", c.noun, c.used.describe()),
            At::Base(m.pointer),
        );
        explained.push(m.rust_name);
    }
    for m in added.iter().filter(|m| !renamed.contains(&m.rust_name)) {
        if m.required {
            let default = if had_ctor {
                String::new()
            } else {
                ", and the struct no longer implements `Default`".to_owned()
            };
            ctx.push(
                Verdict::Breaking,
                &c.member(m.rust_name),
                format!(
                    "new required {} of type {}: {}{default}",
                    c.noun,
                    m.spelled(),
                    c.takes(now)
                ),
                At::Head(m.pointer),
            );
            explained.push(m.rust_name);
        } else {
            ctx.push(
                addition(shape::Item::Struct),
                &c.member(m.rust_name),
                format!(
                    "new optional {} of type {} (the struct is #[non_exhaustive]; a new setter)",
                    c.noun,
                    m.spelled()
                ),
                At::Head(m.pointer),
            );
        }
    }
    for o in old {
        if let Some(n) = new.iter().find(|n| n.rust_name == o.rust_name) {
            if compare_member(ctx, c, o, n, (was, now)) {
                explained.push(o.rust_name);
            }
        }
    }
    constructor(ctx, c, old, new, &explained, (was, now));
}

/// Compares one member present on both sides; true when a breaking change was recorded.
fn compare_member(
    ctx: &mut Ctx<'_>,
    c: &Container,
    o: &Member<'_>,
    n: &Member<'_>,
    (was, now): (Construction, Construction),
) -> bool {
    let item = c.member(n.rust_name);
    let at = At::Head(n.pointer);
    let mut breaking = false;
    if !same_member_type(ctx, o, n) || o.required != n.required {
        let mut what = Vec::new();
        if o.required != n.required {
            what.push(if n.required {
                format!("optional -> required ({})", c.takes(now))
            } else {
                format!("required -> optional ({})", c.loses(was))
            });
        }
        if !same_member_type(ctx, o, n) {
            what.push(format!("type {} -> {}", o.spelled(), n.spelled()));
        }
        ctx.push(Verdict::Breaking, &item, what.join("; "), at);
        breaking = true;
    }
    if o.wire_name != n.wire_name {
        ctx.push(
            Verdict::Compatible,
            &item,
            format!(
                "wire name `{}` -> `{}`; the Rust name is unchanged",
                o.wire_name, n.wire_name
            ),
            at,
        );
    }
    if o.place != n.place {
        ctx.push(
            Verdict::Compatible,
            &item,
            format!(
                "now sent as a {} instead of a {}",
                n.place.unwrap_or("value"),
                o.place.unwrap_or("value")
            ),
            at,
        );
    }
    breaking |= constraints(ctx, &item, c.used, o.constraints, n.constraints, at);
    breaking |= uri_format(ctx, &item, c.used, &o.ty, &n.ty, at);
    ctx.docs(&item, c.noun, o.docs, n.docs, at);
    if o.read_only != n.read_only {
        ctx.push(
            Verdict::Docs,
            &item,
            format!(
                "readOnly {} -> {} (no effect on the generated code)",
                o.read_only, n.read_only
            ),
            at,
        );
    }
    breaking
}

/// Reports a change of `new`'s argument list that no member change already explains (for
/// example required fields that swap places).
fn constructor(
    ctx: &mut Ctx<'_>,
    c: &Container,
    old: &[Member<'_>],
    new: &[Member<'_>],
    explained: &[&str],
    (was, now): (Construction, Construction),
) {
    let pointer = new.first().map_or("", |m| m.pointer);
    match (was, now) {
        (Construction::New, Construction::Builder) | (Construction::Builder, Construction::New) => {
            ctx.push(
                Verdict::Breaking,
                &c.path,
                format!(
                    "built with {} instead of {} (a type with more than {} required fields has a builder)",
                    now.describe(&c.path),
                    was.describe(&c.path),
                    shape::MAX_NEW_ARGUMENTS
                ),
                At::Head(pointer),
            );
            return;
        }
        (Construction::New, Construction::New) => {}
        // Setters do not care about order; a `Default` side is explained by its members.
        _ => return,
    }
    let args = |ms: &[Member<'_>]| -> Vec<(String, Presence, TypeRef)> {
        ms.iter()
            .filter(|m| m.required)
            .map(|m| (m.rust_name.to_owned(), m.presence, m.ty.clone()))
            .collect()
    };
    let (a, b) = (args(old), args(new));
    let same = a.len() == b.len()
        && a.iter()
            .zip(&b)
            .all(|((na, pa, ta), (nb, pb, tb))| na == nb && pa == pb && ctx.same_type(ta, tb));
    if same {
        return;
    }
    let unexplained = |v: &[(String, Presence, TypeRef)]| -> Vec<(Presence, TypeRef)> {
        v.iter()
            .filter(|(name, _, _)| !explained.contains(&name.as_str()))
            .map(|(_, p, ty)| (*p, ty.clone()))
            .collect()
    };
    if unexplained(&a) == unexplained(&b) {
        return;
    }
    let list = |v: &[(String, Presence, TypeRef)]| -> String {
        v.iter()
            .map(|(name, p, ty)| format!("{name}: {}", p.spell(&spell(ty))))
            .collect::<Vec<_>>()
            .join(", ")
    };
    ctx.push(
        Verdict::Breaking,
        &format!("{}::new", c.path),
        format!("arguments change from ({}) to ({})", list(&a), list(&b)),
        At::Head(pointer),
    );
}

/// Records constraint changes of one value; true when one is breaking.
pub fn constraints(
    ctx: &mut Ctx<'_>,
    item: &str,
    used: Use,
    old: &Constraints,
    new: &Constraints,
    at: At<'_>,
) -> bool {
    let mut breaking = false;
    for (narrowed, what) in constraint_changes(old, new) {
        breaking |= constraint(ctx, item, used, narrowed, &what, at);
    }
    breaking
}

/// Records `format: uri` added to (narrowed) or removed from (relaxed) a value whose Rust type
/// stays `String`; true when that is breaking.
pub fn uri_format(
    ctx: &mut Ctx<'_>,
    item: &str,
    used: Use,
    old: &TypeRef,
    new: &TypeRef,
    at: At<'_>,
) -> bool {
    match ctx.uri_change(old, new) {
        Some(added) => {
            let what = if added {
                "format: uri added"
            } else {
                "format: uri removed"
            };
            constraint(ctx, item, used, added, what, at)
        }
        None => false,
    }
}

/// Records one constraint change; true when it is breaking (narrowed on a request value).
fn constraint(
    ctx: &mut Ctx<'_>,
    item: &str,
    used: Use,
    narrowed: bool,
    what: &str,
    at: At<'_>,
) -> bool {
    let (verdict, why) = match (narrowed, used.request) {
        (true, true) => (
            Verdict::Breaking,
            format!(
                "narrowed constraint on a {} value: {what} (the client now refuses values it used to send)",
                used.describe()
            ),
        ),
        (true, false) => (
            Verdict::Compatible,
            format!(
                "narrowed constraint on a {} value: {what} (only requests are validated)",
                used.describe()
            ),
        ),
        (false, _) => (
            Verdict::Compatible,
            format!("relaxed constraint: {what}"),
        ),
    };
    ctx.push(verdict, item, why, at);
    verdict == Verdict::Breaking
}

/// Each constraint that differs: whether it accepts fewer values now, and how it changed.
pub fn constraint_changes(old: &Constraints, new: &Constraints) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let show = |v: Option<u64>| v.map_or_else(|| "none".to_owned(), |n| n.to_string());
    let mut lower = |name: &str, a: Option<u64>, b: Option<u64>| {
        if a.unwrap_or(0) != b.unwrap_or(0) {
            out.push((
                b.unwrap_or(0) > a.unwrap_or(0),
                format!("{name} {} -> {}", show(a), show(b)),
            ));
        }
    };
    lower("minLength", old.min_length, new.min_length);
    lower("minItems", old.min_items, new.min_items);
    let mut upper = |name: &str, a: Option<u64>, b: Option<u64>| {
        if a != b {
            let narrowed = match (a, b) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(a), Some(b)) => b < a,
            };
            out.push((narrowed, format!("{name} {} -> {}", show(a), show(b))));
        }
    };
    upper("maxLength", old.max_length, new.max_length);
    upper("maxItems", old.max_items, new.max_items);
    bound(&mut out, "minimum", old.minimum, new.minimum, 1.0);
    bound(&mut out, "maximum", old.maximum, new.maximum, -1.0);
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => out.push((true, format!("new pattern `{p}`"))),
        (Some(p), None) => out.push((false, format!("pattern `{p}` removed"))),
        (Some(a), Some(b)) if a != b => out.push((true, format!("pattern `{a}` -> `{b}`"))),
        _ => {}
    }
    match (old.multiple_of, new.multiple_of) {
        (None, Some(m)) => out.push((true, format!("new multipleOf {m}"))),
        (Some(m), None) => out.push((false, format!("multipleOf {m} removed"))),
        (Some(a), Some(b)) if a != b => {
            // Every multiple of `a` is a multiple of `b` when `a / b` is a whole number.
            let ratio = a / b;
            let relaxed = ratio.is_finite() && ratio.fract() == 0.0;
            out.push((!relaxed, format!("multipleOf {a} -> {b}")));
        }
        _ => {}
    }
    if old.unique_items != new.unique_items {
        out.push((
            new.unique_items,
            format!("uniqueItems {} -> {}", old.unique_items, new.unique_items),
        ));
    }
    out
}

/// A numeric bound; `direction` is 1 for minimums (higher is narrower) and -1 for maximums.
fn bound(
    out: &mut Vec<(bool, String)>,
    name: &str,
    old: Option<(f64, bool)>,
    new: Option<(f64, bool)>,
    direction: f64,
) {
    if old == new {
        return;
    }
    let show = |b: Option<(f64, bool)>| match b {
        None => "none".to_owned(),
        Some((v, true)) => format!("{v} (exclusive)"),
        Some((v, false)) => v.to_string(),
    };
    let narrowed = match (old, new) {
        (_, None) => false,
        (None, Some(_)) => true,
        (Some((a, a_ex)), Some((b, b_ex))) => {
            let (a, b) = (a * direction, b * direction);
            if b > a {
                true
            } else if b < a {
                false
            } else {
                // Equal values: only exclusivity changed; values that cannot be compared count
                // as narrowed, since nothing shows they are not.
                b_ex && !a_ex || a.partial_cmp(&b).is_none()
            }
        }
    };
    out.push((narrowed, format!("{name} {} -> {}", show(old), show(new))));
}

/// Compares every named type of the API.
pub fn compare_types(ctx: &mut Ctx<'_>) {
    let (base, head) = (ctx.base, ctx.head);
    let mut names: Vec<&str> = base
        .types
        .iter()
        .chain(&head.types)
        .map(|d| d.name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    for name in names {
        let old = base.types.iter().find(|d| d.name == name);
        let new = head.types.iter().find(|d| d.name == name);
        let path = format!("types::{name}");
        match (old, new) {
            (Some(o), Some(n)) => compare_type(ctx, &path, o, n),
            (Some(o), None) => ctx.push(
                Verdict::Breaking,
                &path,
                format!(
                    "type removed (was used on the {} side)",
                    ctx.use_of(name).describe()
                ),
                At::Base(&o.pointer),
            ),
            (None, Some(n)) => ctx.push(
                Verdict::Compatible,
                &path,
                format!("new {}", kind_name(&n.kind)),
                At::Head(&n.pointer),
            ),
            (None, None) => {}
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union (enum of alternatives)",
        TypeKind::Alias(_) => "type alias",
    }
}

fn compare_type(ctx: &mut Ctx<'_>, path: &str, o: &TypeDef, n: &TypeDef) {
    let at = At::Head(&n.pointer);
    match (&o.kind, &n.kind) {
        (TypeKind::Struct(a), TypeKind::Struct(b)) => {
            let used = ctx.use_of(&n.name);
            compare_struct(ctx, path, used, a, b, at)
        }
        (TypeKind::Enum(a), TypeKind::Enum(b)) => compare_enum(ctx, path, a, b, &n.pointer),
        (TypeKind::Union(a), TypeKind::Union(b)) => compare_union(ctx, path, a, b, at),
        (TypeKind::Alias(a), TypeKind::Alias(b)) => {
            if !ctx.same_type(a, b) {
                ctx.push(
                    Verdict::Breaking,
                    path,
                    format!("type alias changes from {} to {}", spell(a), spell(b)),
                    at,
                );
            }
        }
        (a, b) => ctx.push(
            Verdict::Breaking,
            path,
            format!("changes from a {} to a {}", kind_name(a), kind_name(b)),
            at,
        ),
    }
    ctx.docs(path, "type", &o.docs, &n.docs, at);
}

fn compare_struct(
    ctx: &mut Ctx<'_>,
    path: &str,
    used: Use,
    a: &StructDef,
    b: &StructDef,
    at: At<'_>,
) {
    let container = Container {
        path: path.to_owned(),
        noun: "field",
        used,
        construction: Construction::of,
    };
    let old: Vec<Member<'_>> = a.fields.iter().map(Member::of_field).collect();
    let new: Vec<Member<'_>> = b.fields.iter().map(Member::of_field).collect();
    compare_members(ctx, &container, &old, &new);
    let item = format!("{path}::additional_properties");
    match (&a.additional, &b.additional) {
        (None, Some(t)) => ctx.push(
            Verdict::Compatible,
            &item,
            format!(
                "new map of unlisted properties (BTreeMap<String, {}>)",
                spell(t)
            ),
            at,
        ),
        (Some(_), None) => ctx.push(
            Verdict::Breaking,
            &item,
            "map of unlisted properties removed".to_owned(),
            at,
        ),
        (Some(x), Some(y)) if !ctx.same_type(x, y) => ctx.push(
            Verdict::Breaking,
            &item,
            format!("map value type {} -> {}", spell(x), spell(y)),
            at,
        ),
        _ => {}
    }
}

fn compare_enum(ctx: &mut Ctx<'_>, path: &str, a: &EnumDef, b: &EnumDef, pointer: &str) {
    let values = pointer_push(pointer, "enum");
    let at = At::Head(&values);
    if a.repr != b.repr {
        ctx.push(
            Verdict::Breaking,
            path,
            format!(
                "wire representation {:?} -> {:?} (the `Unknown` payload and the accessor change)",
                a.repr, b.repr
            ),
            at,
        );
    }
    for v in &a.variants {
        let item = format!("{path}::{}", v.rust_name);
        match b.variants.iter().find(|w| w.rust_name == v.rust_name) {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                format!("enum value `{}` removed", v.wire),
                At::Base(&values),
            ),
            Some(w) if w.wire != v.wire => ctx.push(
                Verdict::Compatible,
                &item,
                format!(
                    "wire value `{}` -> `{}`; the variant name is unchanged",
                    v.wire, w.wire
                ),
                at,
            ),
            Some(_) => {}
        }
    }
    for w in &b.variants {
        if !a.variants.iter().any(|v| v.rust_name == w.rust_name) {
            ctx.push(
                addition(shape::Item::Enum),
                &format!("{path}::{}", w.rust_name),
                format!(
                    "new enum value `{}` (the enum is #[non_exhaustive] and already decodes unknown values)",
                    w.wire
                ),
                at,
            );
        }
    }
}

fn compare_union(ctx: &mut Ctx<'_>, path: &str, a: &UnionDef, b: &UnionDef, at: At<'_>) {
    // The emitted enum is `#[non_exhaustive]` (see `shape`): a new alternative is compatible.
    for v in &a.variants {
        let item = format!("{path}::{}", v.rust_name);
        match b.variants.iter().find(|w| w.rust_name == v.rust_name) {
            None => ctx.push(
                Verdict::Breaking,
                &item,
                "union alternative removed".to_owned(),
                at,
            ),
            Some(w) => {
                if !ctx.same_type(&v.ty, &w.ty) {
                    ctx.push(
                        Verdict::Breaking,
                        &item,
                        format!("alternative type {} -> {}", spell(&v.ty), spell(&w.ty)),
                        at,
                    );
                }
                if v.tags != w.tags {
                    ctx.push(
                        Verdict::Compatible,
                        &item,
                        format!("discriminator values {:?} -> {:?}", v.tags, w.tags),
                        at,
                    );
                }
            }
        }
    }
    for w in &b.variants {
        if !a.variants.iter().any(|v| v.rust_name == w.rust_name) {
            ctx.push(
                addition(shape::Item::Union),
                &format!("{path}::{}", w.rust_name),
                format!(
                    "new union alternative of type {} (the enum is #[non_exhaustive])",
                    spell(&w.ty)
                ),
                at,
            );
        }
    }
    let tagged =
        |u: &UnionDef| u.discriminator.is_some() && u.variants.iter().all(|v| !v.tags.is_empty());
    if tagged(a) != tagged(b) {
        let (verdict, message) = if tagged(b) {
            (
                addition(shape::Item::Union),
                "gains an `Unknown` variant (now selected by its discriminator; the enum is #[non_exhaustive], so matches already have a wildcard arm)",
            )
        } else {
            (
                Verdict::Breaking,
                "loses its `Unknown` variant (no longer selected by a discriminator)",
            )
        };
        ctx.push(verdict, &format!("{path}::Unknown"), message.to_owned(), at);
    } else if a.discriminator != b.discriminator {
        ctx.push(
            Verdict::Compatible,
            path,
            format!(
                "discriminator property {:?} -> {:?}",
                a.discriminator, b.discriminator
            ),
            at,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Old constraints, new constraints, and the expected `(narrowed, description)` list.
    type Case = (Constraints, Constraints, Vec<(bool, &'static str)>);

    fn narrowed(old: Constraints, new: Constraints) -> Vec<(bool, String)> {
        constraint_changes(&old, &new)
    }

    #[test]
    fn constraint_directions() {
        let none = Constraints::default();
        let cases: Vec<Case> = vec![
            (
                Constraints {
                    min_length: Some(1),
                    ..none.clone()
                },
                Constraints {
                    min_length: Some(3),
                    ..none.clone()
                },
                vec![(true, "minLength 1 -> 3")],
            ),
            (
                Constraints {
                    min_length: Some(0),
                    ..none.clone()
                },
                none.clone(),
                vec![],
            ),
            (
                Constraints {
                    max_items: Some(5),
                    ..none.clone()
                },
                none.clone(),
                vec![(false, "maxItems 5 -> none")],
            ),
            (
                Constraints {
                    minimum: Some((0.0, false)),
                    ..none.clone()
                },
                Constraints {
                    minimum: Some((0.0, true)),
                    ..none.clone()
                },
                vec![(true, "minimum 0 -> 0 (exclusive)")],
            ),
            (
                Constraints {
                    maximum: Some((10.0, false)),
                    ..none.clone()
                },
                Constraints {
                    maximum: Some((20.0, true)),
                    ..none.clone()
                },
                vec![(false, "maximum 10 -> 20 (exclusive)")],
            ),
            (
                Constraints {
                    multiple_of: Some(4.0),
                    ..none.clone()
                },
                Constraints {
                    multiple_of: Some(2.0),
                    ..none.clone()
                },
                vec![(false, "multipleOf 4 -> 2")],
            ),
            (
                Constraints {
                    multiple_of: Some(2.0),
                    ..none.clone()
                },
                Constraints {
                    multiple_of: Some(3.0),
                    ..none.clone()
                },
                vec![(true, "multipleOf 2 -> 3")],
            ),
            (
                Constraints {
                    pattern: Some("^a".to_owned()),
                    ..none.clone()
                },
                Constraints {
                    pattern: Some("^b".to_owned()),
                    unique_items: true,
                    ..none.clone()
                },
                vec![
                    (true, "pattern `^a` -> `^b`"),
                    (true, "uniqueItems false -> true"),
                ],
            ),
        ];
        for (old, new, want) in cases {
            let want: Vec<(bool, String)> =
                want.into_iter().map(|(n, s)| (n, s.to_owned())).collect();
            assert_eq!(narrowed(old, new), want);
        }
    }
}
