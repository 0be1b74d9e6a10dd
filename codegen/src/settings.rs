//! Choices the user owns about the generated crate, read from `codegen.toml` beside the specs.
//!
//! ```toml
//! [package]
//! name = "generated"
//! version = "0.1.0"
//! edition = "2021"
//! description = "Typed async clients for ..."
//! license = "MIT OR Apache-2.0"
//!
//! # One table per spec file, named by its file stem (or module name); all keys optional.
//! [api.github]
//! # Keep only operations with one of these tags, operationIds or paths (`*` matches any
//! # run of characters); with no `include_*` key every operation is kept ...
//! include_tags = ["repos", "issues"]
//! include_operations = ["meta/root"]
//! include_paths = ["/orgs/{org}/*"]
//! # ... then drop those matching any `exclude_*` key.
//! exclude_tags = ["deprecated"]
//! exclude_operations = ["repos/delete"]
//! exclude_paths = ["/repos/{owner}/{repo}/pages*"]
//! # Each operation's method, and the types only some tags use, behind a cargo feature per
//! # tag (`<module>-<tag>`), so a user compiles only the tags they enable.
//! tag_features = true
//!
//! # Where the generated code finds the runtime. Without this table the runtime's modules are
//! # copied into the crate as `src/runtime/` (self-contained); with it the crate depends on the
//! # `client-runtime` crate instead, by exactly one of:
//! [runtime]
//! path = "../codegen/runtime"   # a path, relative to the generated crate's folder
//! # version = "0.1"             # or a version requirement, from the registry
//! ```
//!
//! Only the schemas the kept operations reach are generated ([`crate::filter`]).

use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The file name of the settings, in the specs folder.
pub const SETTINGS_FILE: &str = "codegen.toml";

/// Settings for one generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// Cargo package name.
    pub crate_name: String,
    /// Cargo package version.
    pub crate_version: String,
    /// Rust edition of the generated crate.
    pub edition: String,
    /// Package description and first line of the crate docs.
    pub description: String,
    /// SPDX license expression, if any.
    pub license: Option<String>,
    /// Whether every API module is a default feature.
    pub all_apis_by_default: bool,
    /// Per-API settings (`[api.<stem>]`), by spec file stem or module name.
    pub apis: BTreeMap<String, ApiSettings>,
    /// Where the generated code finds the runtime (`[runtime]`).
    pub runtime: RuntimeSource,
}

/// Where a generated crate's runtime comes from (`[runtime]` in `codegen.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RuntimeSource {
    /// The runtime's modules copied into the crate as `src/runtime/` (no `[runtime]` table).
    #[default]
    Copied,
    /// A dependency on the `client-runtime` crate at this path (`path = ".."`), relative to
    /// the generated crate's folder as Cargo reads it.
    Path(String),
    /// A dependency on the `client-runtime` crate from the registry (`version = ".."`).
    Version(String),
}

/// The settings of one API (`[api.<stem>]` in `codegen.toml`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiSettings {
    /// Keep operations with any of these tags.
    #[serde(default)]
    pub include_tags: Vec<String>,
    /// Keep operations with these operationIds (`*` wildcards).
    #[serde(default)]
    pub include_operations: Vec<String>,
    /// Keep operations on these path templates (`*` wildcards).
    #[serde(default)]
    pub include_paths: Vec<String>,
    /// Drop operations with any of these tags.
    #[serde(default)]
    pub exclude_tags: Vec<String>,
    /// Drop operations with these operationIds (`*` wildcards).
    #[serde(default)]
    pub exclude_operations: Vec<String>,
    /// Drop operations on these path templates (`*` wildcards).
    #[serde(default)]
    pub exclude_paths: Vec<String>,
    /// A cargo feature per tag (see the module docs).
    #[serde(default)]
    pub tag_features: bool,
}

impl ApiSettings {
    /// Whether any filter key is set.
    pub fn filters(&self) -> bool {
        [
            &self.include_tags,
            &self.include_operations,
            &self.include_paths,
            &self.exclude_tags,
            &self.exclude_operations,
            &self.exclude_paths,
        ]
        .iter()
        .any(|list| !list.is_empty())
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            crate_name: "generated".to_owned(),
            crate_version: "0.1.0".to_owned(),
            edition: "2021".to_owned(),
            description: "Typed async API clients generated from OpenAPI documents.".to_owned(),
            license: None,
            all_apis_by_default: true,
            apis: BTreeMap::new(),
            runtime: RuntimeSource::Copied,
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    package: Package,
    #[serde(default)]
    api: BTreeMap<String, ApiSettings>,
    #[serde(default)]
    runtime: Option<Runtime>,
}

/// The `[runtime]` table as written; exactly one key must be set.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Runtime {
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    version: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Package {
    name: String,
    version: String,
    #[serde(default)]
    edition: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    all_apis_by_default: Option<bool>,
}

impl Settings {
    /// Sets the crate name.
    pub fn with_crate_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.crate_name = name.into();
        self
    }

    /// Sets the crate version.
    pub fn with_crate_version(&mut self, version: impl Into<String>) -> &mut Self {
        self.crate_version = version.into();
        self
    }

    /// Sets the description.
    pub fn with_description(&mut self, description: impl Into<String>) -> &mut Self {
        self.description = description.into();
        self
    }

    /// How the settings file of the specs folder `display_dir` is named in messages.
    pub fn display_path(display_dir: &str) -> String {
        format!("{}/{SETTINGS_FILE}", display_dir.trim_end_matches('/'))
    }

    /// The settings of the API generated from the spec file with stem `stem` (its table is
    /// named by the stem or by the module name), and the table's key.
    pub fn api(&self, stem: &str, module: &str) -> Option<(&str, &ApiSettings)> {
        self.apis
            .get_key_value(stem)
            .or_else(|| self.apis.get_key_value(module))
            .map(|(k, v)| (k.as_str(), v))
    }

    /// Reads `codegen.toml` from `specs_dir`; defaults when the file does not exist.
    pub fn load(specs_dir: &Path, display_dir: &str) -> Result<Self, Diagnostic> {
        let path = specs_dir.join(SETTINGS_FILE);
        let display = Self::display_path(display_dir);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(Diagnostic::error(
                    &display,
                    "",
                    format!("cannot read the settings: {e}"),
                ))
            }
        };
        Self::parse(&text, &display)
    }

    /// Parses the settings text; `display` names the file in messages.
    pub fn parse(text: &str, display: &str) -> Result<Self, Diagnostic> {
        let file: File = toml::from_str(text).map_err(|e| {
            let mut d =
                Diagnostic::error(display, "", format!("invalid settings: {}", e.message()))
                    .with_hint(
                    "see the `[package]`, `[api.<spec file stem>]` and `[runtime]` keys documented in README.md",
                );
            if let Some(span) = e.span() {
                let before = text.get(..span.start).unwrap_or(text);
                let line = before.matches('\n').count() + 1;
                d = d.at(line, 1);
            }
            d
        })?;
        let p = file.package;
        let valid_name = !p.name.is_empty()
            && p.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_name {
            return Err(Diagnostic::error(
                display,
                "/package/name",
                format!("{:?} is not a valid crate name", p.name),
            )
            .with_hint("use ASCII letters, digits, `-` and `_`"));
        }
        let parts: Vec<&str> = p.version.split(['.', '-', '+']).collect();
        if parts.len() < 3 || parts.iter().take(3).any(|n| n.parse::<u64>().is_err()) {
            return Err(Diagnostic::error(
                display,
                "/package/version",
                format!("{:?} is not a semver version", p.version),
            )
            .with_hint("write MAJOR.MINOR.PATCH, for example 0.1.0"));
        }
        let runtime = match file.runtime {
            None => RuntimeSource::Copied,
            Some(table) => runtime_source(table, display)?,
        };
        let defaults = Self::default();
        Ok(Self {
            crate_name: p.name,
            crate_version: p.version,
            edition: p.edition.unwrap_or(defaults.edition),
            description: p.description.unwrap_or(defaults.description),
            license: p.license,
            all_apis_by_default: p.all_apis_by_default.unwrap_or(true),
            apis: file.api,
            runtime,
        })
    }
}

/// The runtime a `[runtime]` table names: exactly one of `path` and `version`, not empty.
fn runtime_source(table: Runtime, display: &str) -> Result<RuntimeSource, Diagnostic> {
    let hint = "write `path = \"../codegen/runtime\"` (relative to the generated crate) or \
                `version = \"0.1\"`, or remove `[runtime]` to copy the runtime into the crate";
    let problem =
        |pointer: &str, message: &str| Diagnostic::error(display, pointer, message).with_hint(hint);
    let (key, value, source): (&str, &str, fn(String) -> RuntimeSource) =
        match (&table.path, &table.version) {
            (Some(path), None) => ("path", path, RuntimeSource::Path),
            (None, Some(version)) => ("version", version, RuntimeSource::Version),
            (Some(_), Some(_)) => {
                return Err(problem(
                    "/runtime",
                    "`[runtime]` sets both `path` and `version`; the runtime comes from one place",
                ))
            }
            (None, None) => {
                return Err(problem(
                    "/runtime",
                    "`[runtime]` sets neither `path` nor `version`",
                ))
            }
        };
    if value.trim().is_empty() {
        return Err(problem(
            &format!("/runtime/{key}"),
            &format!("`[runtime]` `{key}` is empty"),
        ));
    }
    Ok(source(value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let s = Settings::parse(
            "[package]\nname = \"kyc\"\nversion = \"1.2.3\"\n",
            "codegen.toml",
        );
        assert_eq!(s.map(|s| s.crate_name), Ok("kyc".to_owned()));
        let bad = Settings::parse(
            "[package]\nname = \"kyc\"\nversion = \"1\"\n",
            "codegen.toml",
        );
        assert!(bad.is_err_and(|d| d.pointer == "/package/version"));
        let unknown = Settings::parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\nnope = 1\n",
            "c.toml",
        );
        assert!(unknown.is_err_and(|d| d.message.contains("nope")));
    }

    #[test]
    fn reads_api_tables() {
        let s = Settings::parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\n\
             [api.\"api.github.com\"]\ninclude_tags = [\"repos\"]\ntag_features = true\n",
            "c.toml",
        )
        .expect("the settings parse");
        let (key, api) = s
            .api("api.github.com", "api_github_com")
            .expect("the table");
        assert_eq!(key, "api.github.com");
        assert_eq!(api.include_tags, ["repos"]);
        assert!(api.tag_features && api.filters());
        assert!(s.api("other", "other").is_none());
        let typo = Settings::parse(
            "[package]\nname = \"a\"\nversion = \"1.0.0\"\n[api.x]\ninclude_tag = [\"a\"]\n",
            "c.toml",
        );
        assert!(typo
            .is_err_and(|d| d.message.contains("include_tag")
                && d.location.is_some_and(|(line, _)| line >= 4)));
    }

    #[test]
    fn reads_the_runtime_table() {
        let parse = |runtime: &str| {
            Settings::parse(
                &format!("[package]\nname = \"a\"\nversion = \"1.0.0\"\n{runtime}"),
                "specs/codegen.toml",
            )
        };
        assert_eq!(parse("").map(|s| s.runtime), Ok(RuntimeSource::Copied));
        assert_eq!(
            parse("[runtime]\npath = \"../codegen/runtime\"\n").map(|s| s.runtime),
            Ok(RuntimeSource::Path("../codegen/runtime".to_owned()))
        );
        assert_eq!(
            parse("[runtime]\nversion = \"0.1\"\n").map(|s| s.runtime),
            Ok(RuntimeSource::Version("0.1".to_owned()))
        );
        let both = parse("[runtime]\npath = \"r\"\nversion = \"0.1\"\n");
        assert!(both.is_err_and(|d| d.file == "specs/codegen.toml"
            && d.pointer == "/runtime"
            && d.message.contains("both")
            && d.hint.is_some()));
        let neither = parse("[runtime]\n");
        assert!(neither.is_err_and(|d| d.pointer == "/runtime" && d.message.contains("neither")));
        let empty = parse("[runtime]\nversion = \" \"\n");
        assert!(empty.is_err_and(|d| d.pointer == "/runtime/version"));
        let typo = parse("[runtime]\npaht = \"r\"\n");
        assert!(typo.is_err_and(|d| d.file == "specs/codegen.toml"
            && d.message.contains("paht")
            && d.location.is_some_and(|(line, _)| line == 5)));
        let wrong_type = parse("[runtime]\npath = 1\n");
        assert!(wrong_type.is_err_and(|d| d.message.contains("string")));
    }
}
