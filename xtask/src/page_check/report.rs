//! Findings, the spec's accepted differences, and the printed report.

use super::spec::Accepted;
use std::io::Write;

/// A kind of difference between the page and the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A page JSON example does not validate against its schema.
    ExampleInvalid,
    /// The page shows a field the spec lacks.
    FieldMissingInSpec,
    /// The spec has a field the page's table no longer shows.
    FieldMissingOnPage,
    /// The page and the spec give different types.
    Type,
    /// The page and the spec give different formats.
    Format,
    /// The page and the spec disagree on whether a field is required.
    Required,
    /// The page and the spec disagree on whether a field may be null.
    Nullable,
    /// The page and the spec list different enum values.
    Enum,
    /// The page lists a status code the spec lacks.
    StatusMissingInSpec,
    /// The spec declares a status code the page does not list.
    StatusMissingOnPage,
}

const KINDS: [(Kind, &str); 10] = [
    (Kind::ExampleInvalid, "example-invalid"),
    (Kind::FieldMissingInSpec, "field-missing-in-spec"),
    (Kind::FieldMissingOnPage, "field-missing-on-page"),
    (Kind::Type, "type"),
    (Kind::Format, "format"),
    (Kind::Required, "required"),
    (Kind::Nullable, "nullable"),
    (Kind::Enum, "enum"),
    (Kind::StatusMissingInSpec, "status-missing-in-spec"),
    (Kind::StatusMissingOnPage, "status-missing-on-page"),
];

impl Kind {
    /// The name used in reports and in `x-page-accepted`'s `difference`.
    pub fn name(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("difference", |(_, n)| n)
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        KINDS.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// Every name.
    pub fn names() -> Vec<&'static str> {
        KINDS.iter().map(|(_, n)| *n).collect()
    }
}

/// One difference between the page and the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What kind.
    pub kind: Kind,
    /// The dotted field name (as the page writes it) or the status code.
    pub field: String,
    /// The page line, when the difference is something the page shows.
    pub line: Option<usize>,
    /// JSON pointer into the spec.
    pub pointer: String,
    /// What differs.
    pub message: String,
    /// The spec's reason, when the difference is accepted.
    pub accepted: Option<String>,
    /// The body the difference is in: `request`, a status code, or empty (a status-level
    /// difference, or a type the page names).
    pub place: String,
}

/// True when an accepted entry's `in` (`request`, `response` or a status) covers `place`.
fn place_matches(wanted: &str, place: &str) -> bool {
    match wanted {
        "response" => !place.is_empty() && place != "request",
        _ => wanted == place,
    }
}

/// The outcome of comparing one page with one spec.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The spec file, as shown.
    pub spec: String,
    /// The page file, as shown.
    pub page: String,
    /// The page's public address, from `info.x-vendor-page.url`.
    pub url: Option<String>,
    /// `POST /path`.
    pub operation: String,
    /// What the page reader found: examples, tables, statuses.
    pub read: (usize, usize, usize),
    /// Differences, accepted or not, sorted by page line.
    pub findings: Vec<Finding>,
    /// Things not compared and stale accepted entries, with page line or spec pointer.
    pub notes: Vec<String>,
}

impl Report {
    /// Differences without an accepted reason.
    pub fn unexplained(&self) -> usize {
        self.findings
            .iter()
            .filter(|f| f.accepted.is_none())
            .count()
    }

    /// Differences the spec accepts.
    pub fn accepted(&self) -> usize {
        self.findings.len() - self.unexplained()
    }

    /// Marks the findings the spec accepts; notes entries that match nothing.
    pub fn apply(&mut self, accepted: &[Accepted]) {
        let mut used = vec![false; accepted.len()];
        for finding in &mut self.findings {
            let entry = accepted.iter().enumerate().find(|(_, a)| {
                a.field == finding.field
                    && a.difference.map_or(true, |d| d == finding.kind)
                    && a.place
                        .as_deref()
                        .map_or(true, |p| place_matches(p, &finding.place))
            });
            if let Some((i, entry)) = entry {
                used[i] = true;
                finding.accepted = Some(entry.reason.clone());
            }
        }
        for (entry, used) in accepted.iter().zip(used) {
            if !used {
                let kind = entry.difference.map_or("any", Kind::name);
                self.notes.push(format!(
                    "{}#{}: accepted difference `{}` ({kind}) no longer occurs; remove the entry",
                    self.spec, entry.pointer, entry.field
                ));
            }
        }
    }

    /// Sorts findings by page line (findings without one last), kind and field, and drops
    /// exact repeats.
    pub fn sort(&mut self) {
        self.findings.sort_by(|a, b| {
            (a.line.unwrap_or(usize::MAX), a.kind, &a.field, &a.pointer).cmp(&(
                b.line.unwrap_or(usize::MAX),
                b.kind,
                &b.field,
                &b.pointer,
            ))
        });
        self.findings.dedup();
    }

    /// Prints the report.
    pub fn print(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let (examples, tables, statuses) = self.read;
        write!(
            out,
            "page-check {} ({}) against {}",
            self.spec, self.operation, self.page
        )?;
        match &self.url {
            Some(url) => writeln!(out, " ({url})")?,
            None => writeln!(out)?,
        }
        writeln!(
            out,
            "  read: {examples} JSON examples, {tables} field tables, {statuses} status codes"
        )?;
        for finding in &self.findings {
            let verdict = if finding.accepted.is_some() {
                "accepted"
            } else {
                "difference"
            };
            let line = finding.line.map_or("-".to_owned(), |l| l.to_string());
            writeln!(
                out,
                "  {verdict} {}:{line} [{}] {}: {}",
                self.page,
                finding.kind.name(),
                finding.field,
                finding.message
            )?;
            writeln!(out, "      spec: {}#{}", self.spec, finding.pointer)?;
            if let Some(reason) = &finding.accepted {
                writeln!(out, "      reason: {reason}")?;
            }
        }
        for note in &self.notes {
            writeln!(out, "  note: {note}")?;
        }
        writeln!(
            out,
            "  result: {} differences, {} accepted, {} notes",
            self.unexplained(),
            self.accepted(),
            self.notes.len()
        )
    }
}
