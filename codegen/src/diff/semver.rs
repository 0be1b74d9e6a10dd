//! Which version number a set of changes requires, under Cargo's reading of SemVer.
//!
//! Cargo treats two versions as compatible when their left-most non-zero component is the
//! same (<https://doc.rust-lang.org/cargo/reference/semver.html>). So for `1.2.3` a breaking
//! change bumps the major number, an addition the minor and anything else the patch; for
//! `0.2.3` a breaking change bumps the minor number and everything else the patch; and for
//! `0.0.3` every release is incompatible with the last, so every change bumps the patch.

use super::Verdict;
use std::fmt;

/// A release number: the three numeric components. Pre-release and build suffixes are not
/// compared (`0.2.0-alpha` counts as `0.2.0`), which is enough to tell whether a version is
/// Cargo-compatible with an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    /// `MAJOR`.
    pub major: u64,
    /// `MINOR`.
    pub minor: u64,
    /// `PATCH`.
    pub patch: u64,
}

impl Version {
    /// Reads `MAJOR.MINOR.PATCH`, ignoring any `-pre` or `+build` suffix.
    pub fn parse(text: &str) -> Option<Self> {
        let mut parts = text.trim().split(['.', '-', '+']);
        let mut next = || parts.next().and_then(|p| p.parse::<u64>().ok());
        Some(Self {
            major: next()?,
            minor: next()?,
            patch: next()?,
        })
    }

    /// The smallest version that has `bump` applied to `self`.
    pub fn bumped(self, bump: Bump) -> Self {
        match bump {
            Bump::None => self,
            Bump::Patch => Self {
                patch: self.patch + 1,
                ..self
            },
            Bump::Minor => Self {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
            Bump::Major => Self {
                major: self.major + 1,
                minor: 0,
                patch: 0,
            },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Which component of the version number a release has to increase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    /// No release is needed: nothing changed.
    None,
    /// The third number.
    Patch,
    /// The second number.
    Minor,
    /// The first number.
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::None => "none",
            Self::Patch => "patch",
            Self::Minor => "minor",
            Self::Major => "major",
        })
    }
}

/// The bump that a change of the given weight requires from `base` (`None` for no change).
pub fn bump_for(worst: Option<Verdict>, base: Version) -> Bump {
    let Some(worst) = worst else {
        return Bump::None;
    };
    match (base.major, base.minor, worst) {
        (0, 0, _) => Bump::Patch,
        (0, _, Verdict::Breaking) => Bump::Minor,
        (0, _, _) => Bump::Patch,
        (_, _, Verdict::Breaking) => Bump::Major,
        (_, _, Verdict::Compatible) => Bump::Minor,
        (_, _, Verdict::Docs) => Bump::Patch,
    }
}

/// The rule [`bump_for`] applied, in one sentence, for the report.
pub fn rule_for(base: Version) -> &'static str {
    match (base.major, base.minor) {
        (0, 0) => {
            "a 0.0.z crate is incompatible with every other release, so any change bumps z"
        }
        (0, _) => {
            "for a 0.y.z crate Cargo treats y as the major number: a breaking change bumps y, any other change bumps z"
        }
        _ => "a breaking change bumps the major number, an addition the minor, a documentation change the patch",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or(Version {
            major: 99,
            minor: 99,
            patch: 99,
        })
    }

    #[test]
    fn parses_and_orders() {
        assert_eq!(
            v("1.2.3-alpha.1+build"),
            Version {
                major: 1,
                minor: 2,
                patch: 3
            }
        );
        assert_eq!(Version::parse("1.2"), None);
        assert!(v("0.10.0") > v("0.9.9"));
    }

    #[test]
    fn cargo_rules() {
        let cases = [
            ("1.2.3", Some(Verdict::Breaking), Bump::Major, "2.0.0"),
            ("1.2.3", Some(Verdict::Compatible), Bump::Minor, "1.3.0"),
            ("1.2.3", Some(Verdict::Docs), Bump::Patch, "1.2.4"),
            ("0.2.3", Some(Verdict::Breaking), Bump::Minor, "0.3.0"),
            ("0.2.3", Some(Verdict::Compatible), Bump::Patch, "0.2.4"),
            ("0.0.3", Some(Verdict::Breaking), Bump::Patch, "0.0.4"),
            ("0.0.3", Some(Verdict::Docs), Bump::Patch, "0.0.4"),
            ("0.2.3", None, Bump::None, "0.2.3"),
        ];
        for (base, worst, bump, next) in cases {
            assert_eq!(bump_for(worst, v(base)), bump, "{base} {worst:?}");
            assert_eq!(v(base).bumped(bump).to_string(), next, "{base} {worst:?}");
        }
    }
}
