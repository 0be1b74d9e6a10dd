//! Boxing of types that contain themselves.
//!
//! A field or union variant that holds a named type directly (not behind a `Vec` or map) is
//! boxed when that type can reach the containing type again through direct containment, so
//! the Rust type has a finite size.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::BTreeMap;

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

/// The strongly connected component of every node, by Tarjan's algorithm without recursion
/// (a chain of thousands of types must not exhaust the stack). Two types can reach each other
/// exactly when they are in the same component.
fn components(graph: &[Vec<usize>]) -> Vec<usize> {
    // Every index below is a node: `0..n`, or an edge target, which callers build from
    // positions in the same list of `n` types, so indexing cannot go out of bounds.
    const UNSEEN: usize = usize::MAX;
    let n = graph.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(&next) = graph[node].get(*edge) {
                *edge += 1;
                if index[next] == UNSEEN {
                    index[next] = next_index;
                    low[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

fn boxed(ty: &mut TypeRef) {
    let inner = std::mem::replace(ty, TypeRef::Primitive(crate::ir::Primitive::Json));
    *ty = match inner {
        TypeRef::Nullable(named) => TypeRef::Nullable(Box::new(TypeRef::Boxed(named))),
        other => TypeRef::Boxed(Box::new(other)),
    };
}

/// Boxes every direct self-containment in `types`: a field or variant holding type `T`
/// directly is boxed when `T` can reach its owner again, that is when both are in the same
/// strongly connected component of the direct-containment graph.
pub fn box_cycles(types: &mut [TypeDef]) {
    let ids: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|d| {
            edges(d)
                .into_iter()
                .filter_map(|t| ids.get(t).copied())
                .collect()
        })
        .collect();
    // `component` has one entry per type; `i` and `t` are positions in `types`.
    let component = components(&graph);
    let names: BTreeMap<String, usize> = ids.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect();
    for (i, def) in types.iter_mut().enumerate() {
        let must_box = |ty: &TypeRef| {
            direct_target(ty)
                .and_then(|t| names.get(t))
                .is_some_and(|&t| component[t] == component[i])
        };
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

/// Every named type a reference mentions, at any depth.
fn mentioned<'a>(ty: &'a TypeRef, into: &mut Vec<&'a str>) {
    match ty {
        TypeRef::Named(name) => into.push(name),
        TypeRef::Primitive(_) => {}
        TypeRef::Array(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Boxed(inner) => mentioned(inner, into),
    }
}

/// Type aliases that are defined in terms of themselves (`A = A`, `A = Vec<A>`, `A = B`
/// with `B = A`): Rust has no such types. Each cycle is returned once, as the indexes of its
/// aliases in `types`, in order.
pub fn alias_cycles(types: &[TypeDef]) -> Vec<Vec<usize>> {
    let ids: BTreeMap<&str, usize> = types
        .iter()
        .enumerate()
        .filter(|(_, d)| matches!(d.kind, TypeKind::Alias(_)))
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let graph: Vec<Vec<usize>> = types
        .iter()
        .map(|d| match &d.kind {
            TypeKind::Alias(ty) => {
                let mut names = Vec::new();
                mentioned(ty, &mut names);
                names.iter().filter_map(|n| ids.get(n).copied()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = components(&graph);
    let mut members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in component.iter().enumerate() {
        members.entry(*c).or_default().push(i);
    }
    members
        .into_values()
        .filter(|m| match m.as_slice() {
            [only] => graph.get(*only).is_some_and(|edges| edges.contains(only)),
            _ => true,
        })
        .collect()
}
