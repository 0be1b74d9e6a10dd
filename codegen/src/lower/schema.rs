//! Lowering JSON schemas into [`TypeRef`]s and named [`TypeDef`]s.
//!
//! Component schemas keep their names; inline schemas that need a type of their own (objects,
//! enums, unions) are named from their position (`KybCase` + `status` -> `KybCaseStatus`), or
//! from their `title` when they have one. `$ref`s to component schemas become
//! [`TypeRef::Named`], except references to plain scalar components, which are inlined with
//! their constraints so validation still sees them.

use super::Ctx;
use crate::diagnostic::{pointer_push, Diagnostic};
use crate::ir::{
    Constraints, Docs, EnumDef, EnumRepr, EnumVariant, Field, Primitive, StructDef, TypeDef,
    TypeKind, TypeRef, UnionDef, UnionVariant,
};
use crate::naming::{self, Scope};
use openapiv3::{
    AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaData, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};
use std::collections::{BTreeMap, BTreeSet};

/// How deep inline schemas may nest before lowering stops with an error. The YAML and JSON
/// parsers already refuse documents nested deeper than 128 levels, so this only guards
/// documents built by other means; every level must stay within the stack of a test thread.
const MAX_NESTING: usize = 128;

/// A schema as used in one place: the type plus what the place needs to know.
#[derive(Debug, Clone)]
pub struct SchemaUse {
    /// The type.
    pub ty: TypeRef,
    /// `nullable: true`, or `null` among the enum values.
    pub nullable: bool,
    /// Constraints to validate.
    pub constraints: Constraints,
    /// Documentation of the schema at this place.
    pub docs: Docs,
    /// `readOnly: true`.
    pub read_only: bool,
}

impl SchemaUse {
    fn of(ty: TypeRef, data: &SchemaData) -> Self {
        Self {
            ty,
            nullable: data.nullable,
            constraints: Constraints::default(),
            docs: docs_of(data),
            read_only: data.read_only,
        }
    }
}

/// Documentation of a schema.
pub fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        summary: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
    }
}

/// Where a new named type gets its name from.
#[derive(Debug, Clone, Copy)]
pub enum Naming<'a> {
    /// A component: the name was claimed up front.
    Fixed(&'a str),
    /// An inline schema: claim `title` if present, else this positional hint.
    Hint(&'a str),
    /// The inline schema of property `wire` of type `owner`: like [`Naming::Hint`] with
    /// `owner` followed by the property's type name, worked out only if a type is made.
    Property {
        /// The Rust name of the type that has the property.
        owner: &'a str,
        /// The property's wire name.
        wire: &'a str,
    },
}

impl Naming<'_> {
    /// Whether the schema is inline (its type, if any, is named after where it is).
    fn is_inline(self) -> bool {
        !matches!(self, Naming::Fixed(_))
    }

    /// The name asked for (before any `title` and before collisions are resolved).
    fn wanted(self) -> String {
        match self {
            Naming::Fixed(name) | Naming::Hint(name) => name.to_owned(),
            Naming::Property { owner, wire } => format!("{owner}{}", naming::type_name(wire)),
        }
    }
}

/// The types of one API under construction.
#[derive(Debug, Default)]
pub struct TypeSpace {
    names: Scope,
    /// Component schema key -> Rust name.
    components: BTreeMap<String, String>,
    /// Rust name -> definition.
    pub defs: BTreeMap<String, TypeDef>,
    /// Component keys whose lowering is in progress (cycle detection for inlined refs).
    resolving: Vec<String>,
    depth: usize,
    /// Inline schemas already lowered, by JSON pointer. A schema reached again (the properties
    /// of an `allOf` base merged into every schema that extends it, a shared request body or
    /// parameter) is the same type, not a copy under another name.
    inline: std::collections::HashMap<String, SchemaUse>,
}

impl TypeSpace {
    /// Claims the names of all component schemas, in sorted key order, so references resolve
    /// regardless of the order types are lowered in.
    pub fn new(component_keys: impl IntoIterator<Item = String>) -> (Self, Vec<(String, String)>) {
        let mut space = Self::default();
        let mut keys: Vec<String> = component_keys.into_iter().collect();
        keys.sort();
        let mut collisions = Vec::new();
        for key in keys {
            let claimed = space.names.claim(&naming::type_name(&key));
            if let Some(wanted) = claimed.collided_with {
                collisions.push((key.clone(), format!("{wanted} -> {}", claimed.name)));
            }
            space.components.insert(key, claimed.name);
        }
        (space, collisions)
    }

    /// The Rust name of a component schema.
    pub fn component_name(&self, key: &str) -> Option<&str> {
        self.components.get(key).map(String::as_str)
    }

    fn insert(&mut self, def: TypeDef) {
        self.defs.insert(def.name.clone(), def);
    }

    fn claim(&mut self, naming: Naming<'_>, data: &SchemaData) -> String {
        match naming {
            Naming::Fixed(name) => name.to_owned(),
            Naming::Hint(_) | Naming::Property { .. } => {
                let wanted = data
                    .title
                    .as_deref()
                    .map(naming::type_name)
                    .filter(|t| !t.is_empty())
                    .unwrap_or_else(|| naming.wanted());
                self.names.claim(&wanted).name
            }
        }
    }
}

/// Splits `#/components/schemas/Name` into `Name`.
pub fn component_key<'a>(reference: &'a str, kind: &str) -> Option<&'a str> {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(kind))
        .and_then(|rest| rest.strip_prefix('/'))
        .filter(|key| !key.contains('/'))
}

/// Decodes `~1` and `~0` in one JSON pointer token.
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

impl<'a> Ctx<'a> {
    /// Resolves a schema reference to its component key, or reports why it cannot be.
    fn schema_ref_key(&self, reference: &str, pointer: &str) -> Result<String, Diagnostic> {
        if !reference.starts_with('#') {
            return Err(Diagnostic::error(
                self.file,
                pointer,
                format!("external $ref {reference} is not supported"),
            )
            .with_hint(
                "bundle the document into one file first (for example with `redocly bundle`)",
            ));
        }
        let key = component_key(reference, "schemas")
            .map(unescape_token)
            .ok_or_else(|| {
                if let Some(other) = self.other_kind(reference, "schemas", pointer) {
                    return other;
                }
                Diagnostic::error(
                    self.file,
                    pointer,
                    format!("$ref {reference} does not point at #/components/schemas/<name>"),
                )
                .with_hint("move the schema into components.schemas and reference it there")
            })?;
        if self.schemas().contains_key(&key) {
            Ok(key)
        } else {
            Err(Diagnostic::error(
                self.file,
                pointer,
                format!("$ref {reference} does not exist"),
            )
            .with_hint(format!(
                "define components.schemas.{key} or fix the reference"
            )))
        }
    }

    fn schemas(&self) -> &'a indexmap::IndexMap<String, ReferenceOr<Schema>> {
        static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        let doc: &'a openapiv3::OpenAPI = self.doc;
        doc.components
            .as_ref()
            .map(|c| &c.schemas)
            .unwrap_or_else(|| EMPTY.get_or_init(indexmap::IndexMap::new))
    }

    /// Follows `$ref` chains between components to the schema they end at.
    pub(super) fn deref_schema(
        &self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(&'a Schema, String), Diagnostic> {
        let mut current = schema;
        let mut at = pointer.to_owned();
        // The component keys followed so far, in order, to name the cycle if there is one.
        let mut chain: Vec<String> = Vec::new();
        loop {
            match current {
                ReferenceOr::Item(s) => return Ok((s, at)),
                ReferenceOr::Reference { reference } => {
                    let key = self.schema_ref_key(reference, &at)?;
                    if let Some(start) = chain.iter().position(|k| *k == key) {
                        let cycle: Vec<&str> = chain
                            .iter()
                            .skip(start)
                            .chain(std::iter::once(&key))
                            .map(String::as_str)
                            .collect();
                        return Err(Diagnostic::error(
                            self.file,
                            &at,
                            format!("$ref cycle with nothing in between: {}", cycle.join(" -> ")),
                        )
                        .with_hint("one schema in the cycle must define a type"));
                    }
                    chain.push(key.clone());
                    at = crate::diagnostic::pointer_of(["components", "schemas", key.as_str()]);
                    current = self
                        .schemas()
                        .get(&key)
                        .ok_or_else(|| Diagnostic::error(self.file, &at, "schema vanished"))?;
                }
            }
        }
    }

    /// Lowers every component schema into a named type.
    pub(super) fn lower_components(&mut self) -> Result<(), Diagnostic> {
        let schemas = self.schemas();
        for (key, schema) in schemas {
            let pointer = crate::diagnostic::pointer_of(["components", "schemas", key.as_str()]);
            let name = self
                .types
                .component_name(key)
                .map(str::to_owned)
                .ok_or_else(|| Diagnostic::error(self.file, &pointer, "unnamed component"))?;
            let used = self.lower_schema(schema, &pointer, Naming::Fixed(&name))?;
            if !self.types.defs.contains_key(&name) {
                // A scalar, array, map or reference component: keep its name as an alias.
                let docs = match schema {
                    ReferenceOr::Item(s) => docs_of(&s.schema_data),
                    ReferenceOr::Reference { .. } => Docs::default(),
                };
                let ty = if used.nullable {
                    TypeRef::Nullable(Box::new(used.ty))
                } else {
                    used.ty
                };
                self.types.insert(TypeDef {
                    name,
                    pointer,
                    docs,
                    kind: TypeKind::Alias(ty),
                });
            }
        }
        Ok(())
    }

    /// Lowers a schema at `pointer`, creating named types as needed.
    pub(super) fn lower_schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &str,
        naming: Naming<'_>,
    ) -> Result<SchemaUse, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(s) => self.lower_item(s, pointer, naming),
        }
    }

    /// Lowers an inline schema, guarding the nesting depth.
    fn lower_item(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
    ) -> Result<SchemaUse, Diagnostic> {
        if naming.is_inline() {
            if let Some(used) = self.types.inline.get(pointer) {
                return Ok(used.clone());
            }
        }
        self.types.depth += 1;
        let result = if self.types.depth > MAX_NESTING {
            Err(Diagnostic::error(
                self.file,
                pointer,
                format!("schemas nest deeper than {MAX_NESTING} levels"),
            )
            .with_hint("move nested schemas into components.schemas"))
        } else {
            self.lower_inline(schema, pointer, naming)
        };
        self.types.depth -= 1;
        if let (true, Ok(used)) = (naming.is_inline(), &result) {
            self.types.inline.insert(pointer.to_owned(), used.clone());
        }
        result
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &str,
        naming: Naming<'_>,
    ) -> Result<SchemaUse, Diagnostic> {
        match schema {
            ReferenceOr::Reference { reference } => self.lower_reference(reference, pointer),
            ReferenceOr::Item(s) => self.lower_item(s, pointer, naming),
        }
    }

    /// Whether a property schema (inline or through `$ref`s) constrains nothing (`{}`). Such a
    /// field is kept nullable so an explicit `null` stays distinct from an absent field; its
    /// value type, `serde_json::Value`, already holds `null` where it appears as an item.
    fn is_untyped_schema(&self, schema: &ReferenceOr<Box<Schema>>) -> bool {
        let resolved = match schema {
            ReferenceOr::Item(s) => Some(&**s),
            ReferenceOr::Reference { reference } => self
                .schema_ref_key(reference, "")
                .ok()
                .and_then(|key| self.schemas().get(&key))
                .and_then(|target| self.deref_schema(target, "").ok())
                .map(|(s, _)| s),
        };
        matches!(resolved.map(|s| &s.schema_kind), Some(SchemaKind::Any(any)) if is_untyped(any))
    }

    fn lower_reference(&mut self, reference: &str, pointer: &str) -> Result<SchemaUse, Diagnostic> {
        let key = self.schema_ref_key(reference, pointer)?;
        let target = self
            .schemas()
            .get(&key)
            .ok_or_else(|| Diagnostic::error(self.file, pointer, "schema vanished"))?;
        // Scalars are inlined so their constraints are validated where they are used.
        // A cycle or dangling reference behind this one is reported as such.
        let (resolved, at) = self.deref_schema(target, pointer)?;
        if is_plain_scalar(resolved) {
            if self.types.resolving.contains(&key) {
                return Err(Diagnostic::error(
                    self.file,
                    pointer,
                    format!("$ref cycle through {reference}"),
                )
                .with_hint("one schema in the cycle must define a type"));
            }
            self.types.resolving.push(key.clone());
            let result = self.lower_inline(resolved, &at, Naming::Hint("Scalar"));
            self.types.resolving.pop();
            return result;
        }
        let name = self
            .types
            .component_name(&key)
            .map(str::to_owned)
            .ok_or_else(|| Diagnostic::error(self.file, pointer, "unnamed component"))?;
        Ok(SchemaUse {
            ty: TypeRef::Named(name),
            // A nullable component stays nullable wherever it is referenced: as a property,
            // an array item, a map value or a body.
            nullable: admits_null(resolved),
            constraints: Constraints::default(),
            docs: Docs::default(),
            read_only: false,
        })
    }

    fn lower_inline(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
    ) -> Result<SchemaUse, Diagnostic> {
        let data = &schema.schema_data;
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_some) {
                    let values = s.enumeration.iter().flatten().cloned().collect::<Vec<_>>();
                    let has_null = s.enumeration.iter().any(Option::is_none);
                    return self.enum_def(
                        data,
                        pointer,
                        naming,
                        EnumRepr::String,
                        values,
                        has_null,
                    );
                }
                let mut used = SchemaUse::of(TypeRef::Primitive(string_format(&s.format)), data);
                used.constraints.min_length = s.min_length.map(|n| n as u64);
                used.constraints.max_length = s.max_length.map(|n| n as u64);
                used.constraints.pattern = self.pattern(s.pattern.as_deref(), pointer);
                Ok(used)
            }
            SchemaKind::Type(Type::Integer(i)) => {
                if i.enumeration.iter().any(Option::is_some) {
                    let values = i
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| v.to_string())
                        .collect();
                    let has_null = i.enumeration.iter().any(Option::is_none);
                    return self.enum_def(
                        data,
                        pointer,
                        naming,
                        EnumRepr::Integer,
                        values,
                        has_null,
                    );
                }
                let prim = integer_format(&i.format, i.minimum);
                let mut used = SchemaUse::of(TypeRef::Primitive(prim), data);
                used.constraints.minimum = i.minimum.map(|m| (m as f64, i.exclusive_minimum));
                used.constraints.maximum = i.maximum.map(|m| (m as f64, i.exclusive_maximum));
                used.constraints.multiple_of = i.multiple_of.filter(|m| *m > 0).map(|m| m as f64);
                Ok(used)
            }
            SchemaKind::Type(Type::Number(n)) => {
                let prim = match &n.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => Primitive::F32,
                    _ => Primitive::F64,
                };
                let mut used = SchemaUse::of(TypeRef::Primitive(prim), data);
                used.constraints.minimum = n.minimum.map(|m| (m, n.exclusive_minimum));
                used.constraints.maximum = n.maximum.map(|m| (m, n.exclusive_maximum));
                used.constraints.multiple_of = n.multiple_of.filter(|m| *m > 0.0);
                Ok(used)
            }
            SchemaKind::Type(Type::Boolean(_)) => {
                Ok(SchemaUse::of(TypeRef::Primitive(Primitive::Bool), data))
            }
            SchemaKind::Type(Type::Array(a)) => {
                let item_hint = item_hint(naming, data);
                let items = match &a.items {
                    Some(items) => {
                        let used = self.lower_boxed(
                            items,
                            &pointer_push(pointer, "items"),
                            Naming::Hint(&item_hint),
                        )?;
                        nullable_ty(used)
                    }
                    None => TypeRef::Primitive(Primitive::Json),
                };
                let mut used = SchemaUse::of(TypeRef::Array(Box::new(items)), data);
                used.constraints.min_items = a.min_items.map(|n| n as u64);
                used.constraints.max_items = a.max_items.map(|n| n as u64);
                used.constraints.unique_items = a.unique_items;
                Ok(used)
            }
            SchemaKind::Type(Type::Object(o)) => self.object(
                data,
                pointer,
                naming,
                &o.properties,
                &o.required,
                o.additional_properties.as_ref(),
            ),
            SchemaKind::OneOf { one_of } => self.union(data, pointer, naming, one_of, "oneOf"),
            SchemaKind::AnyOf { any_of } => self.union(data, pointer, naming, any_of, "anyOf"),
            SchemaKind::AllOf { all_of } => self.all_of(data, pointer, naming, all_of),
            SchemaKind::Not { .. } => {
                self.warn(
                    pointer,
                    "`not` schemas cannot be expressed as a Rust type; using serde_json::Value",
                );
                Ok(SchemaUse::of(TypeRef::Primitive(Primitive::Json), data))
            }
            SchemaKind::Any(any) => self.any(data, pointer, naming, any),
        }
    }

    /// Checks a `pattern` against the regex engine the generated crate uses.
    fn pattern(&mut self, pattern: Option<&str>, pointer: &str) -> Option<String> {
        let pattern = pattern?;
        let compiles = match self.patterns.get(pattern) {
            Some(&compiles) => compiles,
            None => {
                let compiles = regex::Regex::new(pattern).is_ok();
                self.patterns.insert(pattern.to_owned(), compiles);
                compiles
            }
        };
        if compiles {
            return Some(pattern.to_owned());
        }
        self.warn(
            &pointer_push(pointer, "pattern"),
            format!("pattern {pattern:?} uses syntax the Rust regex engine lacks (look-around, back-references); it is not validated"),
        );
        None
    }

    fn enum_def(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        repr: EnumRepr,
        values: Vec<String>,
        has_null: bool,
    ) -> Result<SchemaUse, Diagnostic> {
        let name = self.types.claim(naming, data);
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut seen = BTreeSet::new();
        let mut variants = Vec::new();
        for value in values {
            if !seen.insert(value.clone()) {
                continue;
            }
            let claimed = scope.claim(&naming::variant_name(&value));
            if let Some(wanted) = &claimed.collided_with {
                self.warn_hint(
                    &pointer_push(pointer, "enum"),
                    format!("enum values {value:?} and another both become `{wanted}`; this one is `{}`", claimed.name),
                    "the wire value is kept; rename one of the values if the suffixed name is not wanted",
                );
            }
            variants.push(EnumVariant {
                rust_name: claimed.name,
                wire: value,
            });
        }
        self.types.insert(TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            docs: docs_of(data),
            kind: TypeKind::Enum(EnumDef { repr, variants }),
        });
        let mut used = SchemaUse::of(TypeRef::Named(name), data);
        used.nullable |= has_null;
        Ok(used)
    }

    fn object(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
    ) -> Result<SchemaUse, Diagnostic> {
        if properties.is_empty() && naming.is_inline() {
            let ty = match additional {
                Some(AdditionalProperties::Schema(s)) => {
                    let hint = item_hint(naming, data).replace("Item", "Value");
                    let used = self.lower_schema(
                        s,
                        &pointer_push(pointer, "additionalProperties"),
                        Naming::Hint(&hint),
                    )?;
                    TypeRef::Map(Box::new(nullable_ty(used)))
                }
                _ => TypeRef::Primitive(Primitive::JsonObject),
            };
            return Ok(SchemaUse::of(ty, data));
        }
        let name = self.types.claim(naming, data);
        let mut def = StructDef {
            fields: Vec::new(),
            additional: None,
        };
        let mut scope = Scope::new();
        self.add_properties(&mut def, &mut scope, &name, pointer, properties, required)?;
        def.additional = self.additional(additional, pointer, &name)?;
        self.types.insert(TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            docs: docs_of(data),
            kind: TypeKind::Struct(def),
        });
        Ok(SchemaUse::of(TypeRef::Named(name), data))
    }

    fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        owner: &str,
    ) -> Result<Option<TypeRef>, Diagnostic> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(s)) => {
                let used = self.lower_schema(
                    s,
                    &pointer_push(pointer, "additionalProperties"),
                    Naming::Hint(&format!("{owner}Value")),
                )?;
                Some(nullable_ty(used))
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Primitive(Primitive::Json)),
            _ => None,
        })
    }

    fn add_properties(
        &mut self,
        def: &mut StructDef,
        scope: &mut Scope,
        owner: &str,
        pointer: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
    ) -> Result<(), Diagnostic> {
        for (wire, schema) in properties {
            let at = pointer_push(&pointer_push(pointer, "properties"), wire);
            if let Some(existing) = def.fields.iter_mut().find(|f| f.wire_name == *wire) {
                // allOf parts may repeat a property; the later, more specific one wins.
                let used = self.lower_boxed(schema, &at, Naming::Property { owner, wire })?;
                existing.pointer = at.clone();
                existing.ty = used.ty;
                existing.nullable = used.nullable || self.is_untyped_schema(schema);
                existing.constraints = used.constraints;
                existing.required |= required.contains(wire);
                continue;
            }
            let used = self.lower_boxed(schema, &at, Naming::Property { owner, wire })?;
            let claimed = scope.claim(&naming::snake(wire));
            if let Some(wanted) = &claimed.collided_with {
                self.warn_hint(
                    &at,
                    format!(
                        "property {wire:?} and another both become `{wanted}`; this one is `{}`",
                        claimed.name
                    ),
                    "the wire name is kept; rename the property if the suffixed name is not wanted",
                );
            }
            let untyped = self.is_untyped_schema(schema);
            def.fields.push(Field {
                pointer: at.clone(),
                wire_name: wire.clone(),
                rust_name: claimed.name,
                ty: used.ty,
                required: required.contains(wire),
                // A schema without a type admits `null`; keeping the field nullable keeps an
                // explicit `null` distinct from an absent field.
                nullable: used.nullable || untyped,
                constraints: used.constraints,
                docs: used.docs,
                read_only: used.read_only,
                flatten: false,
            });
        }
        for name in required {
            if !properties.contains_key(name) && !def.fields.iter().any(|f| f.wire_name == *name) {
                self.warn(
                    &pointer_push(pointer, "required"),
                    format!("{name:?} is required but not among the properties; it is ignored"),
                );
            }
        }
        Ok(())
    }

    fn all_of(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        parts: &[ReferenceOr<Schema>],
    ) -> Result<SchemaUse, Diagnostic> {
        let at = |i: usize| pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
        let mut shapes = Vec::with_capacity(parts.len());
        for (i, part) in parts.iter().enumerate() {
            let (schema, _) = self.deref_schema(part, &at(i))?;
            shapes.push(part_shape(schema));
        }
        let typed: Vec<usize> = (0..parts.len())
            .filter(|&i| matches!(shapes[i], PartShape::Object | PartShape::Other))
            .collect();
        let has_object = shapes.contains(&PartShape::Object);
        if let (Some(&first), true) = (typed.first(), typed.len() == 1 || !has_object) {
            // One part gives the type: `allOf: [$ref]` with `nullable` or a description
            // beside it, or a scalar narrowed by further parts (`allOf: [$ref: Method,
            // not: {enum: [paypal]}]`), whose narrowing the Rust type cannot express.
            for (i, shape) in shapes.iter().enumerate() {
                if i != first && *shape != PartShape::Nothing {
                    self.warn(
                        &at(i),
                        "this allOf part narrows the type of the first one; the narrowing is not checked",
                    );
                }
            }
            let mut used = self.lower_schema(&parts[first], &at(first), naming)?;
            used.nullable |= data.nullable;
            used.read_only |= data.read_only;
            let outer = docs_of(data);
            if outer.description.is_some() {
                used.docs = outer;
            }
            return Ok(used);
        }
        let name = self.types.claim(naming, data);
        let mut def = StructDef {
            fields: Vec::new(),
            additional: None,
        };
        let mut scope = Scope::new();
        let mut stack = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, "allOf"), &i.to_string());
            self.merge_part(&mut def, &mut scope, &name, part, &at, &mut stack)?;
        }
        self.types.insert(TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            docs: docs_of(data),
            kind: TypeKind::Struct(def),
        });
        Ok(SchemaUse::of(TypeRef::Named(name), data))
    }

    fn merge_part(
        &mut self,
        def: &mut StructDef,
        scope: &mut Scope,
        owner: &str,
        part: &ReferenceOr<Schema>,
        pointer: &str,
        stack: &mut Vec<String>,
    ) -> Result<(), Diagnostic> {
        if let ReferenceOr::Reference { reference } = part {
            if stack.contains(reference) {
                return Err(Diagnostic::error(
                    self.file,
                    pointer,
                    format!("allOf cycle through {reference}"),
                )
                .with_hint("a schema cannot include itself through allOf"));
            }
            stack.push(reference.clone());
        }
        let (schema, at) = self.deref_schema(part, pointer)?;
        // The inline types of a referenced base are named after the base, which owns them,
        // so every schema extending it shares them.
        let base_owner = match part {
            ReferenceOr::Reference { .. } => at
                .strip_prefix("/components/schemas/")
                .filter(|key| !key.contains('/'))
                .and_then(|key| self.types.component_name(&unescape_token(key)))
                .map(str::to_owned),
            ReferenceOr::Item(_) => None,
        };
        let owner = base_owner.as_deref().unwrap_or(owner);
        let result = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                self.add_properties(def, scope, owner, &at, &o.properties, &o.required)?;
                if def.additional.is_none() {
                    def.additional =
                        self.additional(o.additional_properties.as_ref(), &at, owner)?;
                }
                Ok(())
            }
            SchemaKind::Any(any)
                if !any.properties.is_empty()
                    || any.typ.as_deref() == Some("object")
                    || !any.all_of.is_empty()
                    || !any.required.is_empty() =>
            {
                self.add_properties(def, scope, owner, &at, &any.properties, &any.required)?;
                for (i, sub) in any.all_of.iter().enumerate() {
                    let sub_at = pointer_push(&pointer_push(&at, "allOf"), &i.to_string());
                    self.merge_part(def, scope, owner, sub, &sub_at, stack)?;
                }
                Ok(())
            }
            SchemaKind::AllOf { all_of } => {
                for (i, sub) in all_of.iter().enumerate() {
                    let sub_at = pointer_push(&pointer_push(&at, "allOf"), &i.to_string());
                    self.merge_part(def, scope, owner, sub, &sub_at, stack)?;
                }
                Ok(())
            }
            // A part with only a title or description adds no field.
            SchemaKind::Any(any) if is_untyped(any) => Ok(()),
            // `allOf: [{properties}, {anyOf: [...]}]`: the fields, plus the properties of
            // whichever alternative the value is.
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.flattened_part(def, scope, owner, part, pointer)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                self.flattened_part(def, scope, owner, part, pointer)
            }
            SchemaKind::Not { .. } => {
                self.warn(
                    &at,
                    "a `not` allOf part cannot be checked by the generated types; it is ignored",
                );
                Ok(())
            }
            _ => {
                self.warn(&at, "an allOf part that is not an object cannot be merged into a struct; it is ignored");
                Ok(())
            }
        };
        if matches!(part, ReferenceOr::Reference { .. }) {
            stack.pop();
        }
        result
    }

    /// An `allOf` part that is a union, kept as a flattened field of the merged struct.
    fn flattened_part(
        &mut self,
        def: &mut StructDef,
        scope: &mut Scope,
        owner: &str,
        part: &ReferenceOr<Schema>,
        pointer: &str,
    ) -> Result<(), Diagnostic> {
        let used = self.lower_schema(part, pointer, Naming::Hint(&format!("{owner}Variant")))?;
        let claimed = scope.claim("variant");
        def.fields.push(Field {
            pointer: pointer.to_owned(),
            wire_name: claimed.name.clone(),
            rust_name: claimed.name,
            ty: used.ty,
            required: true,
            nullable: false,
            constraints: Constraints::default(),
            docs: Docs {
                summary: None,
                description: Some(
                    "The alternative this value is; its properties sit beside the other fields on the wire."
                        .to_owned(),
                ),
                deprecated: false,
            },
            read_only: false,
            flatten: true,
        });
        Ok(())
    }

    fn union(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        alternatives: &[ReferenceOr<Schema>],
        keyword: &str,
    ) -> Result<SchemaUse, Diagnostic> {
        if let [only] = alternatives {
            let mut used = self.lower_schema(
                only,
                &pointer_push(&pointer_push(pointer, keyword), "0"),
                naming,
            )?;
            // As `allOf: [$ref]`: the schema around the one alternative documents the place.
            used.nullable |= data.nullable;
            used.read_only |= data.read_only;
            let outer = docs_of(data);
            if outer.description.is_some() {
                used.docs = outer;
            }
            return Ok(used);
        }
        if alternatives.is_empty() {
            return Ok(SchemaUse::of(TypeRef::Primitive(Primitive::Json), data));
        }
        let name = self.types.claim(naming, data);
        let discriminator = data.discriminator.as_ref();
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (i, alt) in alternatives.iter().enumerate() {
            let at = pointer_push(&pointer_push(pointer, keyword), &i.to_string());
            let (wanted, tag_key) = match alt {
                ReferenceOr::Reference { reference } => {
                    let key = self.schema_ref_key(reference, &at)?;
                    (naming::type_name(&key), Some((key, reference.clone())))
                }
                ReferenceOr::Item(s) => (variant_hint(s, i), None),
            };
            let hint = format!("{name}{wanted}");
            let used = self.lower_schema(alt, &at, Naming::Hint(&hint))?;
            let claimed = scope.claim(&wanted);
            let tags = match (discriminator, &tag_key) {
                (Some(d), Some((key, reference))) => {
                    let mapped: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference || target.as_str() == key.as_str()
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    if mapped.is_empty() {
                        vec![key.clone()]
                    } else {
                        mapped
                    }
                }
                _ => Vec::new(),
            };
            variants.push(UnionVariant {
                rust_name: claimed.name,
                ty: nullable_ty(used),
                tags,
            });
        }
        let discriminator = discriminator.map(|d| d.property_name.clone());
        if discriminator.is_some() && variants.iter().any(|v| v.tags.is_empty()) {
            self.warn(pointer, "a discriminator with inline alternatives cannot select them by tag; they are tried in order");
        }
        self.types.insert(TypeDef {
            name: name.clone(),
            pointer: pointer.to_owned(),
            docs: docs_of(data),
            kind: TypeKind::Union(UnionDef {
                variants,
                discriminator,
            }),
        });
        Ok(SchemaUse::of(TypeRef::Named(name), data))
    }

    fn any(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        any: &AnySchema,
    ) -> Result<SchemaUse, Diagnostic> {
        if let Some(typ) = &any.typ {
            if !matches!(
                typ.as_str(),
                "string" | "number" | "integer" | "boolean" | "object" | "array"
            ) {
                return Err(Diagnostic::error(
                    self.file,
                    &pointer_push(pointer, "type"),
                    format!("unknown schema type {typ:?}"),
                )
                .with_hint("use one of string, number, integer, boolean, object, array"));
            }
        }
        if !any.all_of.is_empty() {
            let mut parts = any.all_of.clone();
            if !any.properties.is_empty() {
                // Properties beside `allOf` form one more part.
                parts.push(ReferenceOr::Item(Schema {
                    schema_data: SchemaData::default(),
                    schema_kind: SchemaKind::Type(Type::Object(openapiv3::ObjectType {
                        properties: any.properties.clone(),
                        required: any.required.clone(),
                        additional_properties: any.additional_properties.clone(),
                        ..Default::default()
                    })),
                }));
            }
            return self.all_of(data, pointer, naming, &parts);
        }
        if !any.one_of.is_empty() {
            return self.union(data, pointer, naming, &any.one_of, "oneOf");
        }
        if !any.any_of.is_empty() {
            return self.union(data, pointer, naming, &any.any_of, "anyOf");
        }
        if !any.properties.is_empty()
            || any.typ.as_deref() == Some("object")
            || any.additional_properties.is_some()
        {
            return self.object(
                data,
                pointer,
                naming,
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
            );
        }
        if any.items.is_some() || any.typ.as_deref() == Some("array") {
            let hint = item_hint(naming, data);
            let items = match &any.items {
                Some(items) => nullable_ty(self.lower_boxed(
                    items,
                    &pointer_push(pointer, "items"),
                    Naming::Hint(&hint),
                )?),
                None => TypeRef::Primitive(Primitive::Json),
            };
            return Ok(SchemaUse::of(TypeRef::Array(Box::new(items)), data));
        }
        if !any.enumeration.is_empty() {
            return self.loose_enum(data, pointer, naming, any);
        }
        let ty = match any.typ.as_deref() {
            Some("string") => TypeRef::Primitive(Primitive::String),
            Some("integer") => TypeRef::Primitive(Primitive::I64),
            Some("number") => TypeRef::Primitive(Primitive::F64),
            Some("boolean") => TypeRef::Primitive(Primitive::Bool),
            _ => TypeRef::Primitive(Primitive::Json),
        };
        Ok(SchemaUse::of(ty, data))
    }

    /// An `enum` whose values do not all match the declared type (or there is none).
    fn loose_enum(
        &mut self,
        data: &SchemaData,
        pointer: &str,
        naming: Naming<'_>,
        any: &AnySchema,
    ) -> Result<SchemaUse, Diagnostic> {
        let has_null = any.enumeration.iter().any(serde_json::Value::is_null);
        let values: Vec<&serde_json::Value> =
            any.enumeration.iter().filter(|v| !v.is_null()).collect();
        if values.is_empty() {
            let mut used = SchemaUse::of(TypeRef::Primitive(Primitive::Json), data);
            used.nullable = true;
            return Ok(used);
        }
        if values.iter().all(|v| v.is_string()) {
            let strings = values
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            return self.enum_def(data, pointer, naming, EnumRepr::String, strings, has_null);
        }
        if values.iter().all(|v| v.is_i64()) {
            let ints = values.iter().map(|v| v.to_string()).collect();
            return self.enum_def(data, pointer, naming, EnumRepr::Integer, ints, has_null);
        }
        self.warn(
            &pointer_push(pointer, "enum"),
            "enum values of mixed or unexpected types (for the declared type) are kept as serde_json::Value",
        );
        let mut used = SchemaUse::of(TypeRef::Primitive(Primitive::Json), data);
        used.nullable |= has_null;
        Ok(used)
    }
}

/// Whether a schema accepts `null`: `nullable: true`, or `null` among its enum values.
fn admits_null(schema: &Schema) -> bool {
    schema.schema_data.nullable
        || match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Number(n)) => n.enumeration.iter().any(Option::is_none),
            SchemaKind::Type(Type::Boolean(b)) => b.enumeration.iter().any(Option::is_none),
            SchemaKind::Any(any) => any.enumeration.iter().any(serde_json::Value::is_null),
            _ => false,
        }
}

/// Whether a schema constrains nothing (`{}`): it admits every value, `null` included.
fn is_untyped(any: &AnySchema) -> bool {
    any.typ.is_none()
        && any.properties.is_empty()
        && any.items.is_none()
        && any.additional_properties.is_none()
        && any.enumeration.is_empty()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
}

/// What an `allOf` part contributes to the schema it is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartShape {
    /// Nothing but documentation (`- title: Conflict`).
    Nothing,
    /// A `not` constraint.
    Not,
    /// Properties to merge into a struct.
    Object,
    /// A type of its own: a scalar, enum, array or union.
    Other,
}

fn part_shape(schema: &Schema) -> PartShape {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => PartShape::Object,
        SchemaKind::Any(any)
            if !any.properties.is_empty()
                || any.typ.as_deref() == Some("object")
                || !any.all_of.is_empty()
                || !any.required.is_empty() =>
        {
            PartShape::Object
        }
        SchemaKind::Any(any) if is_untyped(any) => PartShape::Nothing,
        SchemaKind::Not { .. } => PartShape::Not,
        _ => PartShape::Other,
    }
}

/// Whether a schema is a scalar without an enum (so it can be inlined).
fn is_plain_scalar(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.is_empty(),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.is_empty(),
        SchemaKind::Type(Type::Number(_)) | SchemaKind::Type(Type::Boolean(_)) => true,
        _ => false,
    }
}

fn string_format(format: &VariantOrUnknownOrEmpty<StringFormat>) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => Primitive::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => Primitive::Date,
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => Primitive::Bytes,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => Primitive::Uuid,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" || f == "url" => Primitive::Url,
        _ => Primitive::String,
    }
}

fn integer_format(
    format: &VariantOrUnknownOrEmpty<openapiv3::IntegerFormat>,
    minimum: Option<i64>,
) -> Primitive {
    match format {
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => Primitive::I32,
        VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => Primitive::I64,
        VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
            "uint32" | "uint16" | "uint8" => Primitive::U32,
            "uint64" | "uint" => Primitive::U64,
            "int8" | "int16" => Primitive::I32,
            _ if minimum.is_some_and(|m| m >= 0) && f.starts_with('u') => Primitive::U64,
            _ => Primitive::I64,
        },
        VariantOrUnknownOrEmpty::Empty => Primitive::I64,
    }
}

/// The type of an item or map value, with its nullability folded in.
fn nullable_ty(used: SchemaUse) -> TypeRef {
    if used.nullable {
        TypeRef::Nullable(Box::new(used.ty))
    } else {
        used.ty
    }
}

fn item_hint(naming: Naming<'_>, data: &SchemaData) -> String {
    let base = data
        .title
        .as_deref()
        .map(naming::type_name)
        .unwrap_or_else(|| naming.wanted());
    format!("{base}Item")
}

fn variant_hint(schema: &Schema, index: usize) -> String {
    if let Some(title) = &schema.schema_data.title {
        return naming::type_name(title);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String".to_owned(),
        SchemaKind::Type(Type::Integer(_)) => "Integer".to_owned(),
        SchemaKind::Type(Type::Number(_)) => "Number".to_owned(),
        SchemaKind::Type(Type::Boolean(_)) => "Boolean".to_owned(),
        SchemaKind::Type(Type::Array(_)) => "Array".to_owned(),
        _ => format!("Variant{index}"),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Primitive, TypeKind, TypeRef};

    fn lower(schemas: serde_json::Value) -> crate::lower::Lowered {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {"schemas": schemas},
        });
        let text = serde_json::to_string(&doc).expect("serialises");
        let doc = crate::load::load_bytes(text.as_bytes(), "t.json", "t", true).expect("loads");
        crate::lower::lower(&doc).expect("lowers")
    }

    fn kind<'a>(lowered: &'a crate::lower::Lowered, name: &str) -> &'a TypeKind {
        &lowered
            .api
            .types
            .iter()
            .find(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}"))
            .kind
    }

    #[test]
    fn a_schema_ref_to_another_kind_of_entry_says_what_it_is() {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {},
            "components": {
                "parameters": {"P": {"name": "p", "in": "query"}},
                "schemas": {"S": {"type": "object", "properties": {
                    "p": {"$ref": "#/components/parameters/P"},
                }}},
            },
        });
        let text = serde_json::to_string(&doc).expect("serialises");
        let doc = crate::load::load_bytes(text.as_bytes(), "t.json", "t", true).expect("loads");
        let e = crate::lower::lower(&doc).expect_err("a parameter is no schema");
        assert_eq!(e.pointer, "/components/schemas/S/properties/p");
        assert_eq!(
            e.message,
            "$ref #/components/parameters/P points at a parameter (an entry of components.parameters), but a schema is expected here"
        );
    }

    #[test]
    fn all_of_narrowing_a_scalar_keeps_the_scalar() {
        let lowered = lower(serde_json::json!({
            "Method": {"type": "string", "enum": ["cash", "paypal"]},
            "Instrument": {"type": "object", "properties": {
                "method": {"allOf": [{"$ref": "#/components/schemas/Method"}, {"not": {"enum": ["paypal"]}}]}
            }},
        }));
        let TypeKind::Struct(s) = kind(&lowered, "Instrument") else {
            panic!("Instrument is a struct");
        };
        assert_eq!(s.fields[0].ty, TypeRef::Named("Method".to_owned()));
        let pointers: Vec<&str> = lowered
            .warnings
            .iter()
            .map(|w| w.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            ["/components/schemas/Instrument/properties/method/allOf/1"]
        );
    }

    #[test]
    fn all_of_union_part_is_a_flattened_field() {
        let lowered = lower(serde_json::json!({
            "OneTime": {"type": "object", "properties": {"price": {"type": "number"}}},
            "Trial": {"type": "object", "properties": {"days": {"type": "integer"}}},
            "Plan": {"allOf": [
                {"type": "object", "properties": {"id": {"type": "string"}}},
                {"anyOf": [
                    {"$ref": "#/components/schemas/OneTime"},
                    {"$ref": "#/components/schemas/Trial"},
                ]},
            ]},
        }));
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
        let TypeKind::Struct(plan) = kind(&lowered, "Plan") else {
            panic!("Plan is a struct");
        };
        let variant = &plan.fields[1];
        assert!(variant.flatten && variant.required && !plan.fields[0].flatten);
        assert_eq!(variant.ty, TypeRef::Named("PlanVariant".to_owned()));
        assert!(
            matches!(kind(&lowered, "PlanVariant"), TypeKind::Union(u) if u.variants.len() == 2)
        );
    }

    #[test]
    fn all_of_title_parts_add_nothing_and_bases_are_shared() {
        let lowered = lower(serde_json::json!({
            "Base": {"type": "object", "properties": {
                "kind": {"type": "string", "enum": ["a", "b"]},
                "status": {"type": "integer"},
            }},
            "Conflict": {"allOf": [
                {"title": "Conflict"},
                {"type": "object", "properties": {"detail": {"type": "string"}}},
                {"$ref": "#/components/schemas/Base"},
            ]},
            "Other": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object"}]},
        }));
        assert!(lowered.warnings.is_empty(), "{:?}", lowered.warnings);
        let TypeKind::Struct(conflict) = kind(&lowered, "Conflict") else {
            panic!("Conflict is a struct");
        };
        let fields: Vec<&str> = conflict
            .fields
            .iter()
            .map(|f| f.wire_name.as_str())
            .collect();
        assert_eq!(fields, ["detail", "kind", "status"]);
        // The inline enum of the base is one type, named after the base, in every extension.
        assert_eq!(conflict.fields[1].ty, TypeRef::Named("BaseKind".to_owned()));
        let TypeKind::Struct(other) = kind(&lowered, "Other") else {
            panic!("Other is a struct");
        };
        assert_eq!(other.fields[0].ty, TypeRef::Named("BaseKind".to_owned()));
        assert_eq!(other.fields[1].ty, TypeRef::Primitive(Primitive::I64));
        assert_eq!(
            lowered
                .api
                .types
                .iter()
                .filter(|t| t.name.ends_with("Kind"))
                .count(),
            1
        );
    }
}
