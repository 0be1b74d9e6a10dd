//! Errors and warnings that point into a spec.
//!
//! Every message names the file, the JSON pointer of the offending item (and the line and
//! column when the parser knows them), says what is wrong and, where there is one, what to do.
//! One `Display` format serves the command line, the tests and the library API.

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation went on; the output may lack something.
    Warning,
    /// Generation stopped; nothing was written.
    Error,
}

/// One finding about one place in one spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The spec file, as given to the generator.
    pub file: String,
    /// JSON pointer into the document (`""` for the whole document).
    pub pointer: String,
    /// 1-based line and column, when known.
    pub location: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// A stable key naming the kind of finding (`"pointer-ref-hoisted"`), so that the same
    /// repair at many places can be reported as one group; `""` when none was given, and then
    /// [`Diagnostic::group_key`] falls back to the shape of the message.
    pub kind: &'static str,
}

impl Diagnostic {
    /// An error at `pointer` in `file`.
    pub fn error(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            file: file.to_owned(),
            pointer: pointer.to_owned(),
            location: None,
            message: message.into(),
            hint: None,
            kind: "",
        }
    }

    /// A warning at `pointer` in `file`.
    pub fn warning(file: &str, pointer: &str, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(file, pointer, message)
        }
    }

    /// Adds what the user should do.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Names the kind of finding (see [`Diagnostic::kind`]).
    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// The key diagnostics are grouped by: the kind when one was given, else the message with
    /// its quoted parts (`"..."`, `` `...` ``) blanked, so that the same problem at many places
    /// groups together.
    pub fn group_key(&self) -> String {
        if !self.kind.is_empty() {
            return self.kind.to_owned();
        }
        let mut out = String::with_capacity(self.message.len());
        let mut quote: Option<char> = None;
        for c in self.message.chars() {
            match quote {
                Some(q) if c == q => {
                    quote = None;
                    out.push(c);
                }
                Some(_) => {}
                None if c == '"' || c == '`' => {
                    quote = Some(c);
                    out.push(c);
                    out.push('…');
                }
                None => out.push(c),
            }
        }
        out
    }

    /// Adds a 1-based line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.location = Some((line, column));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{label}: {}", self.file)?;
        if let Some((line, column)) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, "#{}: {}", self.pointer, self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// Diagnostics grouped by file and [`Diagnostic::group_key`], each group in the order of its
/// first member and each member in the order given.
pub fn group(diagnostics: &[Diagnostic]) -> Vec<Vec<&Diagnostic>> {
    let mut index: std::collections::BTreeMap<(&str, String), usize> = Default::default();
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    for d in diagnostics {
        let at = *index
            .entry((d.file.as_str(), d.group_key()))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        if let Some(group) = groups.get_mut(at) {
            group.push(d);
        }
    }
    groups
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    out.push('/');
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// Builds a JSON pointer from reference tokens.
pub fn pointer_of<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    tokens
        .into_iter()
        .fold(String::new(), |acc, t| pointer_push(&acc, t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_file_pointer_and_hint() {
        let d = Diagnostic::error(
            "specs/x.yaml",
            &pointer_of(["paths", "/kyb/case", "post"]),
            "$ref #/components/schemas/X does not exist",
        )
        .with_hint("define the schema or fix the reference");
        assert_eq!(
            d.to_string(),
            "error: specs/x.yaml#/paths/~1kyb~1case/post: $ref #/components/schemas/X does not exist\n  hint: define the schema or fix the reference"
        );
        let w = Diagnostic::warning("a.json", "", "empty").at(3, 4);
        assert_eq!(w.to_string(), "warning: a.json:3:4#: empty");
    }

    #[test]
    fn groups_follow_the_kind_and_else_the_shape_of_the_message() {
        let ws = [
            Diagnostic::warning("a", "/1", "pattern \"x\" is odd"),
            Diagnostic::warning("a", "/2", "first text").with_kind("k"),
            Diagnostic::warning("a", "/3", "pattern \"y\" is odd"),
            Diagnostic::warning("a", "/4", "other text").with_kind("k"),
            Diagnostic::warning("b", "/5", "other text").with_kind("k"),
        ];
        let pointers: Vec<Vec<&str>> = group(&ws)
            .iter()
            .map(|g| g.iter().map(|d| d.pointer.as_str()).collect())
            .collect();
        assert_eq!(pointers, [vec!["/1", "/3"], vec!["/2", "/4"], vec!["/5"]]);
        assert_eq!(ws[0].group_key(), "pattern \"…\" is odd");
    }

    #[test]
    fn pointer_escapes() {
        assert_eq!(pointer_push("", "a~b/c"), "/a~0b~1c");
    }
}
