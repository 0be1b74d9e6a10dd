//! Emission: IR in, token streams out. Nothing here reads `openapiv3` types.
//!
//! One API becomes one module file laid out as:
//! `types` (models, enums, unions), `params` (per-operation parameter structs), `errors`
//! (per-operation error enums), `responses` (success enums, when needed), `servers`, and the
//! `Client` with one method per operation. [`krate`] writes the crate around the modules.

mod client;
mod contract;
mod enums;
pub mod krate;
mod models;
mod responses;
pub mod types;
mod validate;

use crate::ir::{Api, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::HashMap;

/// Name lookup over an API's types.
pub struct Index<'a> {
    /// The API.
    pub api: &'a Api,
    by_name: HashMap<&'a str, &'a TypeDef>,
}

impl<'a> Index<'a> {
    /// Indexes `api`.
    pub fn new(api: &'a Api) -> Self {
        let by_name = api.types.iter().map(|d| (d.name.as_str(), d)).collect();
        Self { api, by_name }
    }

    /// The type named `name`.
    pub fn get(&self, name: &str) -> Option<&'a TypeDef> {
        self.by_name.get(name).copied()
    }
}

/// The module of one API.
pub fn emit_api(api: &Api) -> TokenStream {
    let index = Index::new(api);
    let type_items = api.types.iter().map(|def| match &def.kind {
        TypeKind::Struct(s) => models::emit_struct(&index, def, s),
        TypeKind::Enum(e) => enums::emit_enum(def, e),
        TypeKind::Union(u) => enums::emit_union(&index, def, u),
        TypeKind::Alias(ty) => {
            let name = types::ident(&def.name);
            let docs = types::type_docs(def);
            let ty = types::rust_type(ty, &TokenStream::new());
            quote!(#docs pub type #name = #ty;)
        }
    });
    let params: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| client::params_struct(&index, op))
        .collect();
    let params_mod = (!params.is_empty()).then(|| {
        quote! {
            /// Parameter structs: the query, header and cookie parameters of each operation.
            pub mod params {
                #(#params)*
            }
        }
    });
    let errors = api.operations.iter().map(responses::error_enum);
    let successes: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(responses::success_enum)
        .collect();
    let responses_mod = (!successes.is_empty()).then(|| {
        quote! {
            /// Success enums of operations whose success statuses carry different bodies.
            pub mod responses {
                #(#successes)*
            }
        }
    });
    let servers = client::servers(api);
    let schemes = client::scheme_consts(api);
    let metas = api.operations.iter().map(client::operation_meta);
    let client_items = client::client(api);
    let methods = api
        .operations
        .iter()
        .map(|op| client::operation(&index, op));
    let contract = contract::registry(api);
    quote! {
        /// Models, enums and unions of this API.
        pub mod types {
            #(#type_items)*
        }
        #params_mod
        /// Error enums: one per operation, one variant per documented error status.
        pub mod errors {
            #(#errors)*
        }
        #responses_mod
        #servers
        pub use self::types::*;
        #schemes
        #(#metas)*
        #client_items
        impl Client {
            #(#methods)*
        }
        #contract
    }
}
