//! Rust spellings of IR types and documentation.
//!
//! Emitters name std items by full path so that a schema called `String`, `Option` or `Vec`
//! cannot shadow them; `short_names` then spells the prelude ones short wherever no item of
//! the module takes the name.

use super::syntax::{doc, generic, path_to, ty};
use super::Index;
use crate::ir::{Docs, Primitive, TypeKind, TypeRef};
use syn::{Attribute, Type};

pub use super::syntax::ident;

/// The Rust type of a primitive.
pub fn primitive(p: Primitive) -> Type {
    match p {
        Primitive::String => ty("::std::string::String"),
        Primitive::Bool => ty("bool"),
        Primitive::I32 => ty("i32"),
        Primitive::I64 => ty("i64"),
        Primitive::U32 => ty("u32"),
        Primitive::U64 => ty("u64"),
        Primitive::F32 => ty("f32"),
        Primitive::F64 => ty("f64"),
        Primitive::DateTime => generic("::chrono::DateTime", [ty("::chrono::Utc")]),
        Primitive::Date => ty("::chrono::NaiveDate"),
        Primitive::Uuid => ty("::uuid::Uuid"),
        // Kept as written: `url::Url` would normalise (`https://a.b` -> `https://a.b/`) what
        // the caller or the server sent. `Validate` checks that it parses.
        Primitive::Url => ty("::std::string::String"),
        Primitive::Bytes => generic("::std::vec::Vec", [ty("u8")]),
        Primitive::Json => ty("::serde_json::Value"),
        Primitive::JsonObject => generic(
            "::serde_json::Map",
            [ty("::std::string::String"), ty("::serde_json::Value")],
        ),
    }
}

/// The Rust type of a reference. `types_path` prefixes named types (`types` outside the
/// types module, `super::types` in a sibling module, nothing inside it).
pub fn rust_type(ty_ref: &TypeRef, types_path: &str) -> Type {
    match ty_ref {
        TypeRef::Named(name) => {
            if types_path.is_empty() {
                super::syntax::path_type(syn::Path::from(ident(name)))
            } else {
                super::syntax::path_type(path_to(types_path, name))
            }
        }
        TypeRef::Primitive(p) => primitive(*p),
        TypeRef::Array(inner) => generic("::std::vec::Vec", [rust_type(inner, types_path)]),
        TypeRef::Map(inner) => generic(
            "::std::collections::BTreeMap",
            [ty("::std::string::String"), rust_type(inner, types_path)],
        ),
        TypeRef::Nullable(inner) => {
            generic("::std::option::Option", [rust_type(inner, types_path)])
        }
        TypeRef::Boxed(inner) => generic("::std::boxed::Box", [rust_type(inner, types_path)]),
    }
}

/// `#[doc = ...]` attributes for documentation, plus `#[deprecated]`.
pub fn doc_attrs(docs: &Docs) -> Vec<Attribute> {
    let mut lines = Vec::new();
    if let Some(summary) = docs.summary.as_deref().filter(|s| !s.trim().is_empty()) {
        lines.push(summary.trim().to_owned());
    }
    if let Some(description) = docs.description.as_deref().filter(|s| !s.trim().is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(description.trim().lines().map(str::to_owned));
    }
    let mut out = doc_lines(&lines);
    if docs.deprecated {
        out.push(super::syntax::attr_word("deprecated"));
    }
    out
}

/// `attrs` followed by `#[derive(derives)]` and `#[non_exhaustive]`, as every generated struct
/// and enum but unions carries them.
pub fn derived(mut attrs: Vec<Attribute>, derives: proc_macro2::TokenStream) -> Vec<Attribute> {
    attrs.push(super::syntax::attr_list("derive", derives));
    attrs.push(super::syntax::attr_word("non_exhaustive"));
    attrs
}

/// Documentation of a named type: its own, or the JSON pointer it was generated from.
pub fn type_docs(def: &crate::ir::TypeDef) -> Vec<Attribute> {
    if has_text(&def.docs) {
        return doc_attrs(&def.docs);
    }
    let mut out = doc_lines(&[format!("Generated from `{}`.", def.pointer)]);
    out.extend(doc_attrs(&def.docs));
    out
}

/// Whether documentation has any text (a summary or description that is not blank).
pub fn has_text(docs: &Docs) -> bool {
    [&docs.summary, &docs.description]
        .into_iter()
        .any(|t| t.as_deref().is_some_and(|t| !t.trim().is_empty()))
}

/// `#[doc = ...]` attributes, one per line. Text is escaped so that rustdoc reads it as prose:
/// code fences from the spec become plain text blocks (they are rarely Rust).
pub fn doc_lines<S: AsRef<str>>(lines: &[S]) -> Vec<Attribute> {
    doc_lines_as(lines, false)
}

/// Like [`doc_lines`], as inner attributes (`#![doc = ...]`) when `inner`.
pub fn doc_lines_as<S: AsRef<str>>(lines: &[S], inner: bool) -> Vec<Attribute> {
    let attr = |text: String| doc(&text, inner);
    let mut in_fence = false;
    // The content column of the list item whose paragraph continues, if any.
    let mut list_item: Option<usize> = None;
    let attrs = lines.iter().map(|line| {
        let line = line.as_ref().trim_end();
        let text = if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            list_item = None;
            if in_fence {
                "```text".to_owned()
            } else {
                "```".to_owned()
            }
        } else if in_fence {
            sanitize_doc(line)
        } else if line.is_empty() {
            list_item = None;
            String::new()
        } else if let Some(column) = list_item_column(line) {
            list_item = Some(column);
            sanitize_doc(line)
        } else {
            let text = sanitize_doc(line);
            match list_item {
                Some(column) if continues_paragraph(&text) => {
                    // A line that continues a list item's paragraph is indented to the item's
                    // content, as Markdown reads it either way (clippy's
                    // `doc_lazy_continuation` and `doc_overindented_list_items`).
                    format!("{:column$}{}", "", text.trim_start())
                }
                _ => text,
            }
        };
        attr(format!(" {text}"))
    });
    let mut out: Vec<Attribute> = attrs.collect();
    if in_fence {
        out.push(attr(" ```".to_owned()));
    }
    out
}

/// The column a Markdown list item's content starts at (`- `, `*   `, `1. `, `2) `), if the line
/// is one.
fn list_item_column(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent >= 4 {
        return None;
    }
    let rest = &line[indent..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let marker = match rest.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if (1..=9).contains(&digits) => digits + 1,
        _ => return None,
    };
    let after = &rest[marker..];
    let spaces = after.len() - after.trim_start_matches(' ').len();
    if spaces == 0 || spaces == after.len() {
        return None;
    }
    // Five spaces or more after the marker start an indented code block: the content starts
    // one space after the marker.
    Some(indent + marker + if spaces >= 5 { 1 } else { spaces })
}

/// Whether a line after a list item continues its paragraph, rather than starting a block
/// that interrupts it (a heading, a quote, a table row, a rule or setext underline).
fn continues_paragraph(text: &str) -> bool {
    let t = text.trim_start();
    let rule = !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '=' | '*' | '_' | ' '));
    !(t.starts_with(['#', '>', '|']) || rule)
}

/// Keeps rustdoc from reading spec prose as intra-doc links, HTML or indented code, and
/// turns bare URLs into autolinks. Code spans (between backticks) are left as written.
fn sanitize_doc(line: &str) -> String {
    let plain = !line.contains(['\t', '`', '[', ']', '<', '>'])
        && !line.contains("http")
        && line.len() - line.trim_start().len() < 4;
    if plain {
        return line.to_owned();
    }
    let line = line.replace('\t', "    ");
    let trimmed = line.trim_start();
    let text = if line.len() - trimmed.len() >= 4 {
        trimmed
    } else {
        line.as_str()
    };
    let segments: Vec<&str> = text.split('`').collect();
    let balanced = segments.len() % 2 == 1;
    segments
        .iter()
        .enumerate()
        .map(|(i, segment)| {
            if balanced && i % 2 == 1 {
                (*segment).to_owned()
            } else {
                escape_prose(segment)
            }
        })
        .collect::<Vec<_>>()
        .join("`")
}

/// Escapes prose, except Markdown links to absolute URLs (`[text](https://..)`), which rustdoc
/// renders as links and never reads as intra-doc links; their text is escaped like prose.
fn escape_prose(text: &str) -> String {
    static LINK: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    if !text.contains(['[', ']', '<', '>']) && !text.contains("http") {
        return text.to_owned();
    }
    let link = LINK
        .get_or_init(|| regex::Regex::new(r#"\[([^\[\]]*)\]\((https?://[^\s()<>"'`\\]+)\)"#).ok());
    let Some(link) = link else {
        return escape_unlinked(text);
    };
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for found in link.captures_iter(text) {
        let (Some(all), Some(label), Some(url)) = (found.get(0), found.get(1), found.get(2)) else {
            continue;
        };
        out.push_str(&escape_unlinked(&text[last..all.start()]));
        let label = label.as_str().replace('<', "&lt;").replace('>', "&gt;");
        out.push_str(&format!("[{label}]({})", url.as_str()));
        last = all.end();
    }
    out.push_str(&escape_unlinked(&text[last..]));
    out
}

/// Escapes brackets and HTML, and turns bare URLs into autolinks.
fn escape_unlinked(text: &str) -> String {
    static URL: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    if !text.contains(['[', ']', '<', '>']) && !text.contains("http") {
        return text.to_owned();
    }
    let text = text
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    match URL.get_or_init(|| regex::Regex::new(r#"https?://[^\s()<>"'`\\&]+"#).ok()) {
        Some(url) => url.replace_all(&text, "<$0>").into_owned(),
        None => text,
    }
}

/// Whether values of `ty` have a `Validate` implementation worth calling: only then do they
/// implement it (a named type without checks does not), so generated code validates nothing
/// else. Walked without recursion: wrappers may nest as deep as the document does.
pub fn needs_validation(index: &Index<'_>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Named(name) => return index.is_validated(name),
            TypeRef::Array(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::Boxed(inner) => ty = inner,
            TypeRef::Primitive(_) => return false,
        }
    }
}

/// The primitive a type ends at, through aliases, if it is a scalar.
pub fn scalar_of(index: &Index<'_>, ty: &TypeRef) -> Option<Primitive> {
    match ty {
        TypeRef::Primitive(p) => Some(*p),
        TypeRef::Named(name) => match index.get(name).map(|d| &d.kind) {
            Some(TypeKind::Alias(inner)) => scalar_of(index, inner),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_doc;

    /// Lines that continue a list item are indented to its content; other lines are not.
    #[test]
    fn list_item_continuations_are_indented_to_the_item() {
        let lines = [
            "**Note**:",
            "*   To get a tree, use the [Git Trees",
            "API](https://example.com/trees).",
            "- short",
            "   over-indented",
            "  # not a continuation",
            "",
            "After the list.",
            "1. first",
            "continued",
        ];
        let printed: Vec<String> = super::doc_lines(&lines)
            .iter()
            .map(|a| match &a.meta {
                syn::Meta::NameValue(nv) => quote::quote!(#nv).to_string(),
                _ => String::new(),
            })
            .collect();
        let expected = [
            " **Note**:",
            " *   To get a tree, use the \\[Git Trees",
            "     API\\](<https://example.com/trees>).",
            " - short",
            "   over-indented",
            "   # not a continuation",
            " ",
            " After the list.",
            " 1. first",
            "    continued",
        ];
        for (got, want) in printed.iter().zip(expected) {
            assert!(got.ends_with(&format!("{want:?}")), "{got} vs {want:?}");
        }
        assert_eq!(printed.len(), expected.len());
    }

    #[test]
    fn doc_lines_are_escaped_as_prose() {
        let cases = [
            (
                "Plain text, nothing to escape.",
                "Plain text, nothing to escape.",
            ),
            ("    indented four spaces", "indented four spaces"),
            (
                "\u{2003}\u{2003}\u{2003}\u{2003}indented by em spaces",
                "indented by em spaces",
            ),
            ("   three spaces stay", "   three spaces stay"),
            ("\tTabbed", "Tabbed"),
            ("a\tb", "a    b"),
            ("a [link] and <b>", "a \\[link\\] and &lt;b&gt;"),
            ("see https://example.com/x.", "see <https://example.com/x.>"),
            ("`a[b]` and [c]", "`a[b]` and \\[c\\]"),
            ("unbalanced ` [x]", "unbalanced ` \\[x\\]"),
            (
                "see [the guide](https://example.com/a_b#c) and [x]",
                "see [the guide](https://example.com/a_b#c) and \\[x\\]",
            ),
            (
                "[<b>](https://example.com) [y](relative) [z](https://a.b/(c))",
                "[&lt;b&gt;](https://example.com) \\[y\\](relative) \\[z\\](<https://a.b/>(c))",
            ),
        ];
        for (line, expected) in cases {
            assert_eq!(sanitize_doc(line), expected, "{line:?}");
        }
    }
}
