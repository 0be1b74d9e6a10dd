//! Boxing of types that contain themselves.
//!
//! A field or union variant that holds a named type directly (not behind a `Vec` or map) is
//! boxed when that type can reach the containing type again through direct containment, so
//! the Rust type has a finite size.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The named type a reference holds inline, if any.
fn direct_target(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(name) => Some(name),
        TypeRef::Nullable(inner) => direct_target(inner),
        _ => None,
    }
}

fn edges(def: &TypeDef) -> Vec<&str> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .filter_map(|f| direct_target(&f.ty))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .filter_map(|v| direct_target(&v.ty))
            .collect(),
        TypeKind::Alias(ty) => direct_target(ty).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(graph: &BTreeMap<String, Vec<String>>, from: &str, to: &str) -> bool {
    let mut stack = vec![from.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(node) = stack.pop() {
        if node == to {
            return true;
        }
        if !seen.insert(node.clone()) {
            continue;
        }
        if let Some(next) = graph.get(&node) {
            stack.extend(next.iter().cloned());
        }
    }
    false
}

fn boxed(ty: &mut TypeRef) {
    let inner = std::mem::replace(ty, TypeRef::Primitive(crate::ir::Primitive::Json));
    *ty = match inner {
        TypeRef::Nullable(named) => TypeRef::Nullable(Box::new(TypeRef::Boxed(named))),
        other => TypeRef::Boxed(Box::new(other)),
    };
}

/// Boxes every direct self-containment in `types`.
pub fn box_cycles(types: &mut [TypeDef]) {
    let graph: BTreeMap<String, Vec<String>> = types
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                edges(d).into_iter().map(str::to_owned).collect(),
            )
        })
        .collect();
    for def in types.iter_mut() {
        let owner = def.name.clone();
        let must_box = |ty: &TypeRef| direct_target(ty).is_some_and(|t| reaches(&graph, t, &owner));
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    if must_box(&field.ty) {
                        boxed(&mut field.ty);
                    }
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    if must_box(&variant.ty) {
                        boxed(&mut variant.ty);
                    }
                }
            }
            TypeKind::Alias(_) | TypeKind::Enum(_) => {}
        }
    }
}
