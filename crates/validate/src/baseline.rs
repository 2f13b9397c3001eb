//! Baselines: findings a team has accepted for now, by fingerprint, so
//! that a CI gate fails only on new ones.
//!
//! A baseline file holds fingerprints with the rule and folded pointer
//! they stand for, so a reviewer can read what was accepted. It never
//! holds a value from a payload: no excerpt, no "found", nothing that could
//! carry a credential.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::aggregate::{Fingerprint, Group};

/// The version of the baseline file layout.
pub const BASELINE_VERSION: u32 = 1;

/// A baseline file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    /// Reading failed.
    #[error("cannot be read")]
    Read(#[source] std::io::Error),
    /// Not the expected JSON.
    #[error(
        "line {line}, column {column}: {reason} (expected an object with `version` and \
         `findings`, as written by --write-baseline)"
    )]
    Parse {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What was wrong.
        reason: String,
    },
    /// Written by a newer tool.
    #[error("has version {found}; this tool reads version {BASELINE_VERSION}")]
    Version {
        /// The version in the file.
        found: u32,
    },
}

/// One accepted group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The group's fingerprint.
    pub fingerprint: String,
    /// The endpoint, for the reader.
    pub endpoint: String,
    /// The rule, for the reader.
    pub rule: String,
    /// The folded pointer, for the reader.
    pub pointer: String,
    /// How many instances there were when it was written, for the reader.
    pub count: usize,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

/// Accepted findings.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
    fingerprints: HashSet<String>,
}

impl Baseline {
    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Self, BaselineError> {
        let text = std::fs::read_to_string(path).map_err(BaselineError::Read)?;
        Self::parse(&text)
    }

    /// Parses a baseline file's text.
    pub fn parse(text: &str) -> Result<Self, BaselineError> {
        let file: File = serde_json::from_str(text).map_err(|error| {
            let full = error.to_string();
            let reason = match full.rfind(" at line ") {
                Some(end) => full[..end].to_owned(),
                None => full,
            };
            BaselineError::Parse {
                line: error.line(),
                column: error.column(),
                reason,
            }
        })?;
        if file.version != BASELINE_VERSION {
            return Err(BaselineError::Version {
                found: file.version,
            });
        }
        let fingerprints = file
            .findings
            .iter()
            .map(|e| e.fingerprint.clone())
            .collect();
        Ok(Self {
            entries: file.findings,
            fingerprints,
        })
    }

    /// Whether the baseline accepts a group.
    pub fn accepts(&self, fingerprint: &Fingerprint) -> bool {
        self.fingerprints.contains(fingerprint.as_str())
    }

    /// Every entry, as read.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries whose findings did not occur in this run.
    pub fn stale(&self, occurred: impl Fn(&Fingerprint) -> bool) -> Vec<Entry> {
        self.entries
            .iter()
            .filter(|e| !occurred(&Fingerprint::from_text(&e.fingerprint)))
            .cloned()
            .collect()
    }
}

/// The baseline file that accepts every group of a run, and the `kept`
/// entries of an earlier baseline that the run did not see, sorted by
/// fingerprint so that regenerating it gives a small diff.
pub fn render(endpoint: &str, groups: &[Group], kept: &[Entry]) -> Vec<u8> {
    let mut findings: Vec<Entry> = groups
        .iter()
        .map(|group| Entry {
            fingerprint: group.fingerprint.to_string(),
            endpoint: endpoint.to_owned(),
            rule: group.rule.name().to_owned(),
            pointer: group.pointer.clone(),
            count: group.count,
        })
        .collect();
    for entry in kept {
        if !findings.iter().any(|e| e.fingerprint == entry.fingerprint) {
            findings.push(entry.clone());
        }
    }
    findings.sort_by(|a, b| a.fingerprint.cmp(&b.fingerprint));
    let file = File {
        version: BASELINE_VERSION,
        findings,
    };
    let mut bytes =
        serde_json::to_vec_pretty(&file).expect("a baseline is strings and numbers only");
    bytes.push(b'\n');
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_baseline_says_where() {
        let error = Baseline::parse("{\n  \"version\": 1,\n  \"findings\": 3\n}").unwrap_err();
        let text = error.to_string();
        assert!(
            text.starts_with("line 3, column 15: invalid type"),
            "{text}"
        );
    }

    #[test]
    fn a_newer_layout_is_refused() {
        let error = Baseline::parse(r#"{"version": 9, "findings": []}"#).unwrap_err();
        assert!(
            matches!(error, BaselineError::Version { found: 9 }),
            "{error}"
        );
    }

    #[test]
    fn entries_are_accepted_and_missing_ones_are_stale() {
        let baseline = Baseline::parse(
            r#"{"version": 1, "findings": [
                {"fingerprint": "aa", "endpoint": "e", "rule": "drift",
                 "pointer": "/x", "count": 1},
                {"fingerprint": "bb", "endpoint": "e", "rule": "type",
                 "pointer": "/y", "count": 2}
            ]}"#,
        )
        .unwrap();
        assert!(baseline.accepts(&Fingerprint::from_text("aa")));
        assert!(!baseline.accepts(&Fingerprint::from_text("cc")));
        let stale = baseline.stale(|f| f.as_str() == "aa");
        assert_eq!(stale.len(), 1);
        assert_eq!(stale[0].pointer, "/y");
    }
}
