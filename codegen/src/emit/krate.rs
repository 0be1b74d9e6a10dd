//! The crate around the API modules: `Cargo.toml`, `src/lib.rs` (crate docs with one
//! example per API, feature-gated module declarations) and the contract module; the runtime's
//! files come from [`super::runtime`].

use super::syntax::{
    attr_list, call_path, closure, doc, expr_path, fn_item, generic, inner, let_pat, macro_call,
    method, pat_ident, reference, skipped_mod, tail, try_, ty, Sig,
};
use crate::format::MARKER;
use crate::ir::{Api, BodyEncoding, ParamLocation, Primitive, SecurityKind, TypeKind, TypeRef};
use crate::settings::Settings;
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
    let modules: Vec<String> = apis.iter().map(|a| toml_str(&a.module)).collect();
    if settings.all_apis_by_default {
        out.push_str(&format!("default = [{}]\n", modules.join(", ")));
    } else {
        out.push_str("default = []\n");
    }
    out.push_str("# Compiles `contract_roundtrip` in every API module, for contract tests.\n");
    out.push_str("contract = []\n");
    out.push_str(&super::runtime::features());
    for api in apis {
        out.push_str(&format!("{} = []\n", api.module));
    }
    out.push('\n');
    out.push_str(&super::runtime::dependencies());
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
    (
        vec![doc(
            " Round trips through generated types, for contract tests.",
            true,
        )],
        vec![fn_item(
            vec![doc(
                " Deserializes `value` as `T` and serializes it back.",
                false,
            )],
            sig,
            body,
        )],
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
    // the runtime's intra-doc links in the crate root instead of the module.
    let mut items = vec![skipped_mod(Vec::new(), "runtime")];
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
                    let empty = serde_json::Value::Object(serde_json::Map::new());
                    let example = body.example.as_ref().unwrap_or(&empty);
                    let mut typed = TypedValue::new(api, format!("{krate}::{m}"));
                    match typed.value(&body.ty, example, "body") {
                        Some(expr) => {
                            if expr != "body" {
                                typed.statements.push(format!("let body = {expr};"));
                            }
                            lines.extend(
                                typed
                                    .statements
                                    .iter()
                                    .flat_map(|s| s.lines())
                                    .map(str::to_owned),
                            );
                            if !typed.used.is_empty() {
                                let names: Vec<String> = std::iter::once("Client".to_owned())
                                    .chain(typed.used.iter().cloned())
                                    .collect();
                                let import = call(&format!("use {krate}::{m}::"), '{', '}', &names);
                                lines.splice(2..3, format!("{import};").lines().map(str::to_owned));
                            }
                        }
                        // A shape the typed form does not cover (a union, say): the JSON is
                        // decoded into the body type instead.
                        None => {
                            let json = serde_json::to_string(example).unwrap_or_default();
                            lines.push(format!(
                                "let body = serde_json::from_value(serde_json::json!({json}))?;"
                            ));
                        }
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

/// Writes a documented example value as Rust that builds it with the generated types:
/// `Type::new(required..)` (or `Type::default()`), then one assignment per optional field the
/// example sets. A misspelled field then fails to compile instead of being dropped, as
/// `serde_json::from_value` would drop it. Nested structs with optional fields become `let`
/// statements of their own, in [`TypedValue::statements`].
struct TypedValue<'a> {
    api: &'a Api,
    /// The API module's path, e.g. `generated::vove_id_kyb`, when types are written with it;
    /// `None` when they are imported beside `Client` (see [`TypedValue::used`]).
    module: Option<String>,
    /// The types named without a path, to import.
    used: std::collections::BTreeSet<String>,
    /// Statements that must precede the expression.
    statements: Vec<String>,
    /// Variable names in use.
    taken: std::collections::BTreeSet<String>,
}

impl<'a> TypedValue<'a> {
    fn new(api: &'a Api, module: String) -> Self {
        let taken = ["client", "params", "response"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        // A type called `Client` would clash with the client's import.
        let clash = api.types.iter().any(|d| d.name == "Client");
        Self {
            api,
            module: clash.then_some(module),
            used: std::collections::BTreeSet::new(),
            statements: Vec::new(),
            taken,
        }
    }

    /// How the example names the type `name`.
    fn path(&mut self, name: &str) -> String {
        match &self.module {
            Some(module) => format!("{module}::{name}"),
            None => {
                self.used.insert(name.to_owned());
                name.to_owned()
            }
        }
    }

    /// An expression of type `ty` for `value`, or `None` when a part of it has no typed form
    /// here (unions, bytes, a value that does not fit its type).
    fn value(&mut self, ty: &TypeRef, value: &serde_json::Value, hint: &str) -> Option<String> {
        use serde_json::Value;
        match ty {
            TypeRef::Named(name) => {
                let def = self.api.types.iter().find(|d| &d.name == name)?;
                match &def.kind {
                    TypeKind::Struct(s) => self.object(name, s, value, hint),
                    TypeKind::Enum(e) => {
                        let wire = match value {
                            Value::String(s) => s.clone(),
                            Value::Number(n) => n.to_string(),
                            _ => return None,
                        };
                        let variant = e.variants.iter().find(|v| v.wire == wire)?;
                        Some(format!("{}::{}", self.path(name), variant.rust_name))
                    }
                    TypeKind::Alias(inner) => self.value(inner, value, hint),
                    TypeKind::Union(_) => None,
                }
            }
            TypeRef::Boxed(inner) => Some(format!(
                "::std::boxed::Box::new({})",
                self.value(inner, value, hint)?
            )),
            TypeRef::Nullable(inner) => match value {
                Value::Null => Some("None".to_owned()),
                _ => Some(format!("Some({})", self.value(inner, value, hint)?)),
            },
            TypeRef::Array(inner) => {
                // An item is named after the array, in the singular: `documents` -> `document`.
                let item_hint = match hint.strip_suffix('s') {
                    Some(one) if one.len() > 2 && !one.ends_with('s') => one,
                    _ => hint,
                };
                let items = value
                    .as_array()?
                    .iter()
                    .map(|item| self.value(inner, item, item_hint))
                    .collect::<Option<Vec<_>>>()?;
                Some(call("vec!", '[', ']', &items))
            }
            TypeRef::Map(inner) => {
                let entries = value
                    .as_object()?
                    .iter()
                    .map(|(k, v)| {
                        Some(format!(
                            "({k:?}.to_owned(), {})",
                            self.value(inner, v, hint)?
                        ))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(call("::std::collections::BTreeMap::from(", '[', ']', &entries) + ")")
            }
            TypeRef::Primitive(p) => primitive_value(*p, value),
        }
    }

    /// A struct: its constructor, and a variable with assignments when optional fields are set.
    fn object(
        &mut self,
        name: &str,
        s: &crate::ir::StructDef,
        value: &serde_json::Value,
        hint: &str,
    ) -> Option<String> {
        let object = value.as_object()?;
        // Every key must reach a field: a key the type would drop means the example does not
        // describe this type.
        if s.additional.is_some()
            || s.fields.iter().any(|f| f.flatten)
            || object
                .keys()
                .any(|k| !s.fields.iter().any(|f| &f.wire_name == k))
        {
            return None;
        }
        let mut args = Vec::new();
        for field in s.fields.iter().filter(|f| f.required) {
            let v = object.get(&field.wire_name)?;
            let hint = variable_hint(&field.rust_name);
            let arg = match (&field.ty, field.nullable, v) {
                (_, true, serde_json::Value::Null) => "None".to_owned(),
                (_, true, _) => format!("Some({})", self.value(&field.ty, v, &hint)?),
                // `new` takes `impl Into<String>` and boxes what needs a box.
                (TypeRef::Primitive(Primitive::String | Primitive::Url), false, _) => {
                    format!("{:?}", v.as_str()?)
                }
                (TypeRef::Boxed(inner), false, _) => self.value(inner, v, &hint)?,
                _ => self.value(&field.ty, v, &hint)?,
            };
            args.push(arg);
        }
        let ty = self.path(name);
        let ctor = if s.fields.iter().any(|f| f.required) {
            call(&format!("{ty}::new"), '(', ')', &args)
        } else {
            format!("{ty}::default()")
        };
        // Optional fields the example sets; a `null` is left out (the field stays absent).
        let optional: Vec<_> = s
            .fields
            .iter()
            .filter(|f| !f.required)
            .filter_map(|f| Some((f, object.get(&f.wire_name).filter(|v| !v.is_null())?)))
            .collect();
        if optional.is_empty() {
            return Some(ctor);
        }
        let var = self.fresh(hint);
        self.statements.push(format!("let mut {var} = {ctor};"));
        for (field, v) in optional {
            let expr = self.value(&field.ty, v, &variable_hint(&field.rust_name))?;
            let expr = if field.nullable {
                format!("Some(Some({expr}))")
            } else {
                format!("Some({expr})")
            };
            self.statements
                .push(format!("{var}.{} = {expr};", field.rust_name));
        }
        Some(var)
    }

    /// `hint`, or `hint_2`, `hint_3`.. when taken.
    fn fresh(&mut self, hint: &str) -> String {
        let mut name = hint.to_owned();
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{hint}_{n}");
        }
        self.taken.insert(name.clone());
        name
    }
}

/// `head(a, b)`, or one item a line (indented four spaces) when that is long.
fn call(head: &str, open: char, close: char, items: &[String]) -> String {
    let flat = items.join(", ");
    if head.len() + flat.len() <= 72 && !flat.contains('\n') {
        return format!("{head}{open}{flat}{close}");
    }
    let mut out = format!("{head}{open}\n");
    for item in items {
        for line in item.lines() {
            out.push_str("    ");
            out.push_str(line);
            out.push('\n');
        }
        out.pop();
        out.push_str(",\n");
    }
    out.push(close);
    out
}

/// A variable name from a field's Rust name (keywords get a suffix).
fn variable_hint(rust_name: &str) -> String {
    let bare = rust_name.trim_start_matches("r#");
    if syn::parse_str::<syn::Ident>(bare).is_ok() {
        bare.to_owned()
    } else {
        format!("{bare}_value")
    }
}

/// A literal (or parse) of a primitive, when `value` fits it.
fn primitive_value(p: Primitive, value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match (p, value) {
        (Primitive::String | Primitive::Url, Value::String(s)) => Some(format!("{s:?}.to_owned()")),
        (Primitive::Bool, Value::Bool(b)) => Some(b.to_string()),
        (Primitive::I32 | Primitive::I64, Value::Number(n)) if n.is_i64() => Some(n.to_string()),
        (Primitive::U32 | Primitive::U64, Value::Number(n)) if n.is_u64() => Some(n.to_string()),
        (Primitive::F32 | Primitive::F64, Value::Number(n)) => {
            let text = n.to_string();
            Some(if text.contains(['.', 'e', 'E']) {
                text
            } else {
                format!("{text}.0")
            })
        }
        (Primitive::DateTime | Primitive::Date | Primitive::Uuid, Value::String(s)) => {
            Some(format!("{s:?}.parse()?"))
        }
        (Primitive::Json, v) => Some(format!(
            "serde_json::json!({})",
            serde_json::to_string(v).ok()?
        )),
        _ => None,
    }
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
            "use generated::test::{Client, Kind, Line, Order};",
            "    .base_url(generated::test::servers::production(\"YOUR_ORGANIZATION_ID\"))",
            "let mut line = Line::new(\"a\");",
            "line.qty = Some(2);",
            "let mut body = Order::new(\"r-1\", Kind::Big);",
            "body.lines = Some(vec![line, Line::new(\"b\")]);",
            "body.due = Some(\"2024-01-02\".parse()?);",
            "body.price = Some(3.0);",
        ] {
            assert!(
                text.lines().any(|l| l == expected),
                "no `{expected}` in\n{text}"
            );
        }
        // A `null` optional field stays absent; nothing goes through JSON.
        assert!(!text.contains("body.note"), "{text}");
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
