//! Which `serde` directions each named type needs: `Serialize` for what the client sends
//! (request bodies and parameters, and what they contain) and for error bodies (an error's
//! `Display` reads the vendor's message from their JSON), `Deserialize` for what it receives
//! (response bodies and headers, and what they contain). A type used in only one direction
//! derives only that one, and the other only with the crate's `contract` or `mock` feature (whose round
//! trips need both); `serde`'s derives are about half of what rustc expands in a generated
//! module, and `Deserialize` is the larger (see BENCHMARKS.md, "Compile time").
//!
//! Types no operation reaches are still part of the API: they derive both, and so does
//! everything they contain.

use crate::filter::{closure, named};
use crate::ir::{Api, TypeDef};
use quote::quote;
use std::collections::{HashMap, HashSet};
use syn::Attribute;

/// The directions the types of one API are used in.
#[derive(Debug, Default)]
pub struct Directions {
    /// Types that need `Serialize` outside the `contract` feature.
    ser: HashSet<String>,
    /// Types that need `Deserialize` outside the `contract` feature.
    de: HashSet<String>,
}

impl Directions {
    /// The directions of `api`'s types.
    pub fn new(api: &Api) -> Self {
        let by_name: HashMap<&str, &TypeDef> =
            api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        // An error body is serialised too: the error's `Display` finds the vendor's message in
        // its JSON (the runtime's `ErrorDetail`).
        let sent = api.operations.iter().flat_map(|op| {
            op.params
                .iter()
                .map(|p| &p.ty)
                .chain(op.body.iter().map(|b| &b.ty))
                .chain(
                    op.responses
                        .iter()
                        .filter(|r| !r.success)
                        .filter_map(|r| r.body.as_ref().map(|b| &b.ty)),
                )
                .filter_map(named)
        });
        let received = api.operations.iter().flat_map(|op| {
            op.responses
                .iter()
                .filter_map(|r| r.body.as_ref().map(|b| &b.ty))
                .chain(
                    op.responses
                        .iter()
                        .flat_map(|r| r.headers.iter().map(|h| &h.ty)),
                )
                .filter_map(named)
        });
        let mut ser = closure(&by_name, sent);
        let mut de = closure(&by_name, received);
        let unreached: Vec<&str> = api
            .types
            .iter()
            .map(|d| d.name.as_str())
            .filter(|n| !ser.contains(n) && !de.contains(n))
            .collect();
        for name in closure(&by_name, unreached) {
            ser.insert(name);
            de.insert(name);
        }
        Self {
            ser: ser.into_iter().map(str::to_owned).collect(),
            de: de.into_iter().map(str::to_owned).collect(),
        }
    }

    /// Whether `name` derives `Serialize` without the `contract` feature.
    pub fn serialized(&self, name: &str) -> bool {
        self.ser.contains(name)
    }

    /// Whether `name` derives `Deserialize` without the `contract` feature.
    pub fn deserialized(&self, name: &str) -> bool {
        self.de.contains(name)
    }

    /// The `serde` derives of `name` (always at least one) and, for a type used in one
    /// direction, the `#[cfg_attr(any(feature = "contract", feature = "mock"), derive(..))]`
    /// that adds the other.
    pub fn derives(&self, name: &str) -> (proc_macro2::TokenStream, Option<Attribute>) {
        let ser = quote!(::serde::Serialize);
        let de = quote!(::serde::Deserialize);
        match (self.ser.contains(name), self.de.contains(name)) {
            (true, false) => (ser, Some(derive_with_both(de))),
            (false, true) => (de, Some(derive_with_both(ser))),
            _ => (quote!(#ser, #de), None),
        }
    }
}

/// `#[cfg_attr(any(feature = "contract", feature = "mock"), derive(#derive))]`.
fn derive_with_both(derive: proc_macro2::TokenStream) -> Attribute {
    let both = both_directions();
    super::syntax::attr_list("cfg_attr", quote!(#both, derive(#derive)))
}

/// The features under which every type has both directions: `contract` (round trips) and
/// `mock` (the mock server decodes what the client sends and encodes what it receives).
pub(crate) fn both_directions() -> proc_macro2::TokenStream {
    quote!(any(feature = "contract", feature = "mock"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_type_derives_the_directions_it_is_used_in() {
        let yaml = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
paths:
  /a:
    post:
      parameters:
        - { name: f, in: query, schema: { $ref: "#/components/schemas/Filter" } }
      requestBody:
        content: { application/json: { schema: { $ref: "#/components/schemas/Sent" } } }
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Got" } } }
components:
  schemas:
    Filter: { type: object, properties: { q: { type: string } } }
    Sent: { type: object, properties: { both: { $ref: "#/components/schemas/Both" } } }
    Got:
      type: object
      properties:
        both: { $ref: "#/components/schemas/Both" }
        leaf: { $ref: "#/components/schemas/Leaf" }
    Both: { type: object, properties: { x: { type: string } } }
    Leaf: { type: object, properties: { y: { type: string } } }
    Orphan: { type: object, properties: { leaf: { $ref: "#/components/schemas/Leaf" } } }
"##;
        let doc =
            crate::load::load_bytes(yaml.as_bytes(), "t.yaml", "t", false).expect("the spec loads");
        let api = crate::lower::lower(&doc).expect("the spec lowers").api;
        let d = Directions::new(&api);
        let show = |name: &str| {
            let (derives, other) = d.derives(name);
            let other = other.map(|a| quote!(#a).to_string()).unwrap_or_default();
            format!("{derives} | {other}")
        };
        let contract = |what: &str| {
            format!("# [cfg_attr (any (feature = \"contract\" , feature = \"mock\") , derive (:: serde :: {what}))]")
        };
        assert_eq!(
            show("Filter"),
            format!(":: serde :: Serialize | {}", contract("Deserialize"))
        );
        assert_eq!(
            show("Sent"),
            format!(":: serde :: Serialize | {}", contract("Deserialize"))
        );
        assert_eq!(
            show("Got"),
            format!(":: serde :: Deserialize | {}", contract("Serialize"))
        );
        // Used both ways, unused, or inside an unused type: both, always.
        for name in ["Both", "Orphan", "Leaf"] {
            assert_eq!(
                show(name),
                ":: serde :: Serialize , :: serde :: Deserialize | ",
                "{name}"
            );
        }
    }
}
