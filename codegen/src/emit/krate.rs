//! The crate around the API modules: `Cargo.toml`, `src/lib.rs` (crate docs with one
//! example per API, feature-gated module declarations) and the contract module; the runtime's
//! files come from [`super::runtime`].

use super::syntax::{
    attr_list, call_path, closure, doc, expr_path, fn_item, generic, inner, let_pat, macro_call,
    method, pat_ident, reference, skipped_mod, tail, try_, ty, Sig,
};
use crate::format::MARKER;
use crate::ir::{Api, BodyEncoding, ParamLocation, Primitive, SecurityKind, TypeRef};
use crate::settings::{RuntimeSource, Settings};
use quote::quote;
use syn::{Attribute, Item};

/// `Cargo.toml` of the generated crate.
pub fn cargo_toml(settings: &Settings, apis: &[Api]) -> String {
    let mut out = format!("# {MARKER} from the specs folder; do not edit.\n");
    out.push_str("[package]\n");
    out.push_str(&format!("name = {}\n", toml_str(&settings.crate_name)));
    out.push_str(&format!(
        "version = {}\n",
        toml_str(&settings.crate_version)
    ));
    out.push_str(&format!("edition = {}\n", toml_str(&settings.edition)));
    out.push_str("rust-version = \"1.80\"\n");
    out.push_str(&format!(
        "description = {}\n",
        toml_str(&settings.description)
    ));
    if let Some(license) = &settings.license {
        out.push_str(&format!("license = {}\n", toml_str(license)));
    }
    out.push_str("\n[features]\n");
    let tag_features: Vec<Vec<String>> = apis.iter().map(super::features::api_features).collect();
    let modules: Vec<String> = apis.iter().map(|a| toml_str(&a.module)).collect();
    if settings.all_apis_by_default {
        // The default build compiles every tag of an API with per-tag features.
        let all = modules
            .iter()
            .cloned()
            .chain(tag_features.iter().flatten().map(|f| toml_str(f)));
        out.push_str(&format!(
            "default = [{}]\n",
            all.collect::<Vec<_>>().join(", ")
        ));
    } else {
        out.push_str("default = []\n");
    }
    out.push_str("# Compiles `contract_roundtrip` in every API module, for contract tests.\n");
    out.push_str("contract = []\n");
    out.push_str(&super::runtime::features(&settings.runtime));
    for (api, tags) in apis.iter().zip(&tag_features) {
        out.push_str(&format!("{} = []\n", api.module));
        if !tags.is_empty() {
            out.push_str(&format!(
                "# The operations of one tag of `{}`, and the types only they use.\n",
                api.module
            ));
        }
        for feature in tags {
            out.push_str(&format!(
                "{} = [{}]\n",
                toml_str(feature),
                toml_str(&api.module)
            ));
        }
    }
    out.push('\n');
    out.push_str(&super::runtime::dependencies(&settings.runtime));
    out
}

/// A TOML basic string: backslash, quote and control characters escaped.
fn toml_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The attributes and items of `src/contract.rs`.
pub fn contract_rs() -> (Vec<Attribute>, Vec<Item>) {
    let result = || {
        generic(
            "::std::result::Result",
            [ty("::serde_json::Value"), ty("::std::string::String")],
        )
    };
    // `.map_err(|e| ::std::format!("{what}: {e}"))`
    let map_err = |expr, what: &str| {
        let message = format!("{what}: {{e}}");
        method(
            expr,
            "map_err",
            [closure("e", macro_call("::std::format", quote!(#message)))],
        )
    };
    let mut sig = Sig::new("roundtrip");
    sig.generics = super::syntax::where_generics(
        "T",
        &["::serde::de::DeserializeOwned", "::serde::Serialize"],
    );
    sig.args = vec![(super::syntax::ident("value"), ty("::serde_json::Value"))];
    sig.output = Some(result());
    let body = vec![
        let_pat(
            pat_ident("typed"),
            Some(ty("T")),
            try_(map_err(
                call_path("::serde_json::from_value", [expr_path("value")]),
                "does not deserialize",
            )),
        ),
        tail(map_err(
            call_path("::serde_json::to_value", [reference(expr_path("typed"))]),
            "does not serialize",
        )),
    ];
    let mut items = vec![fn_item(
        vec![doc(
            " Deserializes `value` as `T` and serializes it back.",
            false,
        )],
        sig,
        body,
    )];
    // The module declares no type, so every prelude name is free.
    super::short_names::ShortNames::all_free().apply(&mut items);
    (
        vec![doc(
            " Round trips through generated types, for contract tests.",
            true,
        )],
        items,
    )
}

/// The attributes and items of `src/lib.rs`.
pub fn lib_rs(settings: &Settings, apis: &[Api]) -> (Vec<Attribute>, Vec<Item>) {
    let mut docs: Vec<String> = vec![settings.description.clone(), String::new()];
    docs.push(
        "Each API is a module behind a cargo feature of the same name; all are on by default."
            .to_owned(),
    );
    docs.push(
        "A crate that uses one vendor can depend on this one with `default-features = false` and"
            .to_owned(),
    );
    docs.push("that vendor's feature, and compiles only that module.".to_owned());
    docs.push(String::new());
    docs.push(
        "For tests, the `mock` feature adds `<module>::mock::MockServer`: a validating, typed mock"
            .to_owned(),
    );
    docs.push(
        "server of each API on loopback (its dependencies are built only with the feature)."
            .to_owned(),
    );
    docs.push(String::new());
    docs.push("| module | API | spec |".to_owned());
    docs.push("|---|---|---|".to_owned());
    for api in apis {
        docs.push(format!(
            "| [`{}`] | {} {} | `{}` |",
            api.module,
            api.title.replace('|', "/"),
            api.version,
            api.source
        ));
    }
    for api in apis {
        docs.push(String::new());
        docs.push(format!("# {}", api.title));
        docs.push(String::new());
        docs.extend(example(settings, api));
    }
    let mut attrs: Vec<Attribute> = docs
        .iter()
        .map(|line| doc(&format!(" {line}"), true))
        .collect();
    attrs.push(inner(attr_list("forbid", quote!(unsafe_code))));
    attrs.push(inner(attr_list("warn", quote!(missing_docs))));
    // Documented by its own inner doc comment: an outer one here would make rustdoc resolve
    // the runtime's intra-doc links in the crate root instead of the module. Formatted as
    // rustfmt formats the runtime crate, so without `#[rustfmt::skip]`, which would make
    // rustc take the module for a macro expansion, whose exported macros (`string_enum!`)
    // cannot be named by path.
    let mut items = vec![match &settings.runtime {
        RuntimeSource::Copied => super::syntax::file_mod(Vec::new(), "runtime"),
        // The runtime crate's `runtime` module, so that generated code and users name the
        // runtime as `crate::runtime::..` / `<crate>::runtime::..` either way.
        RuntimeSource::Path(_) | RuntimeSource::Version(_) => {
            super::syntax::pub_use_path(&super::runtime::dependency_module())
        }
    }];
    // The types users build values with, at the root (`generated::Nullable`).
    items.push(super::syntax::pub_use_names(
        "runtime",
        &["MissingField", "Nullable", "UnknownValue"],
    ));
    for api in apis {
        let feature = &api.module;
        items.push(skipped_mod(
            vec![
                doc(
                    &format!(" {} ({}), from `{}`.", api.title, api.version, api.source),
                    false,
                ),
                attr_list("cfg", quote!(feature = #feature)),
            ],
            &api.module,
        ));
    }
    items.push(skipped_mod(
        vec![
            doc(
                " Support for contract tests: round trips through generated types.",
                false,
            ),
            attr_list("cfg", quote!(feature = "contract")),
        ],
        "contract",
    ));
    (attrs, items)
}

/// A compiled (not run) usage example for one API: build a client, call the first operation.
fn example(settings: &Settings, api: &Api) -> Vec<String> {
    let krate = settings.crate_name.replace('-', "_");
    let m = &api.module;
    let mut lines = vec!["```no_run".to_owned()];
    lines.push("# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned());
    lines.push(format!("use {krate}::{m}::Client;"));
    lines.push(String::new());
    lines.push("let client = Client::builder()".to_owned());
    if let Some(server) = api.servers.iter().find(|s| s.url.starts_with("http")) {
        // A free variable's default is often a placeholder (Rebilly's organization `unknown`,
        // a guide's `api.example.com`): the example fills it in, so that a copied example
        // does not call a placeholder. A variable with an `enum` keeps its default, one of
        // the spec's real choices.
        if server.variables.iter().all(|v| !v.choices.is_empty()) {
            lines.push(format!(
                "    .base_url({krate}::{m}::servers::{})",
                server.const_name
            ));
        } else {
            let values: Vec<String> = server
                .variables
                .iter()
                .map(|v| {
                    if v.choices.is_empty() {
                        format!(
                            "{:?}",
                            format!("YOUR_{}", crate::naming::const_name(&v.name))
                        )
                    } else {
                        format!("{:?}", v.default)
                    }
                })
                .collect();
            lines.push(format!(
                "    .base_url({krate}::{m}::servers::{}({}))",
                crate::naming::snake(&server.const_name),
                values.join(", ")
            ));
        }
    } else {
        lines.push("    .base_url(\"https://api.example.com\")".to_owned());
    }
    if let Some(scheme) = api.security_schemes.first() {
        let call = match scheme.kind {
            SecurityKind::Basic => format!("    .{}(\"user\", \"password\")", scheme.rust_name),
            _ => format!("    .{}(\"YOUR_SECRET\")", scheme.rust_name),
        };
        lines.push(call);
    }
    lines.push("    .build()?;".to_owned());
    if let Some(op) = api.operations.first() {
        let mut args = Vec::new();
        for p in op
            .params
            .iter()
            .filter(|p| p.location == ParamLocation::Path)
        {
            args.push(match &p.ty {
                TypeRef::Primitive(Primitive::String) => "\"id\"".to_owned(),
                TypeRef::Primitive(Primitive::Url) => "\"https://example.com/id\"".to_owned(),
                TypeRef::Primitive(
                    Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64,
                ) => "1".to_owned(),
                _ => "&serde_json::from_value(serde_json::json!(\"id\"))?".to_owned(),
            });
        }
        let params: Vec<_> = op
            .params
            .iter()
            .filter(|p| p.location != ParamLocation::Path)
            .collect();
        if !params.is_empty() {
            let path = format!("{krate}::{m}::params::{}Params", op.type_stem);
            if params.iter().any(|p| p.required) {
                lines.push(format!("# fn params() -> {path} {{ unimplemented!() }}"));
                lines.push("let params = params();".to_owned());
            } else {
                lines.push(format!("let params = {path}::default();"));
            }
            args.push("&params".to_owned());
        }
        if let Some(body) = &op.body {
            match body.encoding {
                BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                    // Built with the typed API where it can be (a misspelled field is then a
                    // compile error), else decoded from the example's JSON.
                    let typed = body
                        .example
                        .as_ref()
                        .and_then(|e| super::models::example_value(api, "types", &body.ty, e));
                    let example = body
                        .example
                        .as_ref()
                        .map(|e| serde_json::to_string(e).unwrap_or_default())
                        .unwrap_or_else(|| "{}".to_owned());
                    match typed {
                        Some(code) => {
                            // Beside `use {krate}::{m}::Client;`.
                            lines.insert(2, format!("use {krate}::{m}::types;"));
                            lines.extend(format!("let body = {code};").lines().map(str::to_owned))
                        }
                        None => lines.push(format!(
                            "let body = serde_json::from_value(serde_json::json!({example}))?;"
                        )),
                    }
                    args.push(if body.required {
                        "&body".to_owned()
                    } else {
                        "Some(&body)".to_owned()
                    });
                }
                BodyEncoding::Text => args.push(if body.required {
                    "\"text\"".to_owned()
                } else {
                    "Some(\"text\")".to_owned()
                }),
                BodyEncoding::Bytes => args.push(if body.required {
                    "Vec::new()".to_owned()
                } else {
                    "None".to_owned()
                }),
            }
        }
        lines.push(format!(
            "let response = client.{}({}).await?;",
            op.fn_name,
            args.join(", ")
        ));
        lines.push("println!(\"{} {:?}\", response.status, response.body);".to_owned());
    }
    lines.push("# Ok(())".to_owned());
    lines.push("# }".to_owned());
    lines.push("```".to_owned());
    lines
}

#[cfg(test)]
mod tests {
    fn api(yaml: &str) -> crate::ir::Api {
        let doc = crate::load::load_bytes(yaml.as_bytes(), "test.yaml", "test", false)
            .expect("the spec loads");
        crate::lower::lower(&doc).expect("the spec lowers").api
    }

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: t, version: "1" }
servers:
  - url: https://api.example.com/orgs/{organizationId}
    description: Production
    variables:
      organizationId: { default: unknown }
paths:
  /orders:
    post:
      operationId: createOrder
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Order" }
            example:
              ref: r-1
              kind: big
              lines: [{ sku: a, qty: 2 }, { sku: b }]
              note: null
              due: "2024-01-02"
              price: 3
      responses:
        "201": { description: created }
components:
  schemas:
    Kind: { type: string, enum: [small, big] }
    Line:
      type: object
      required: [sku]
      properties:
        sku: { type: string }
        qty: { type: integer }
    Order:
      type: object
      required: [ref, kind]
      properties:
        ref: { type: string }
        kind: { $ref: "#/components/schemas/Kind" }
        lines: { type: array, items: { $ref: "#/components/schemas/Line" } }
        note: { type: string, nullable: true }
        due: { type: string, format: date }
        price: { type: number }
"##;

    fn example_of(spec: &str) -> String {
        let settings = crate::settings::Settings::default();
        super::example(&settings, &api(spec)).join("\n")
    }

    #[test]
    fn examples_build_bodies_with_the_generated_types() {
        let text = example_of(SPEC);
        for expected in [
            "use generated::test::types;",
            "    .base_url(generated::test::servers::production(\"YOUR_ORGANIZATION_ID\"))",
            "let body = types::Order::new(\"r-1\", \"big\")",
            "    .lines(vec![types::Line::new(\"a\").qty(2), types::Line::new(\"b\")])",
            "    .note_null()",
            "    .due(\"2024-01-02\".parse()?)",
            "    .price(3.0);",
        ] {
            assert!(
                text.lines().any(|l| l == expected),
                "no `{expected}` in\n{text}"
            );
        }
        // Nothing goes through JSON, which would drop a misspelled field.
        assert!(!text.contains("serde_json"), "{text}");
    }

    #[test]
    fn server_variables_with_choices_keep_their_default() {
        let with_enum = SPEC.replace(
            "organizationId: { default: unknown }",
            "organizationId: { default: unknown }\n      region: { default: eu, enum: [eu, us] }",
        );
        let with_enum =
            with_enum.replace("/orgs/{organizationId}", "/{region}/orgs/{organizationId}");
        let text = example_of(&with_enum);
        assert!(
            text.contains(
                ".base_url(generated::test::servers::production(\"YOUR_ORGANIZATION_ID\", \"eu\"))"
            ),
            "{text}"
        );
        let only_enum = SPEC.replace(
            "organizationId: { default: unknown }",
            "organizationId: { default: acme, enum: [acme] }",
        );
        let text = example_of(&only_enum);
        assert!(
            text.contains(".base_url(generated::test::servers::PRODUCTION)"),
            "{text}"
        );
    }

    #[test]
    fn an_example_key_the_type_lacks_falls_back_to_json() {
        let text = example_of(&SPEC.replace("note: null", "nope: 1"));
        assert!(
            text.contains("let body = serde_json::from_value(serde_json::json!({"),
            "{text}"
        );
    }

    #[test]
    fn toml_strings_escape_what_toml_refuses() {
        let value = super::toml_str("a \"b\" \\ c\u{0}\r\u{7f}");
        assert_eq!(value, r#""a \"b\" \\ c\u0000\u000D\u007F""#);
        let parsed: toml::Value = toml::from_str(&format!("x = {value}")).expect("valid TOML");
        assert_eq!(parsed["x"].as_str(), Some("a \"b\" \\ c\u{0}\r\u{7f}"));
    }
}
