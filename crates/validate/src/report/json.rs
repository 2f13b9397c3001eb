//! Machine output: one JSON record per line. Every input gets an `input`
//! record and every problem a `finding` or `not_checked` record as soon as
//! the input is checked; at the end come a `group` record per group of
//! findings, a `stale` record per baseline entry that no longer occurs,
//! and a `summary` record, so a consumer can tell a complete report from a
//! cut one. `schemas/validate-report.schema.json` describes every record.

use std::io::{self, Write};

use serde::Serialize;

use super::{Outcome, Report, Reporter};
use crate::aggregate::{Fingerprint, Group};
use crate::baseline::Entry;
use crate::check::Verdict;
use crate::document::Origin;
use crate::finding::{Finding, InputProblem, Location, Related, Rule, Severity};
use crate::input::Skip;

/// The version of the record layout; bumped on incompatible changes.
pub const FORMAT_VERSION: u32 = 2;

/// JSON Lines output.
#[derive(Debug)]
pub struct Json<W> {
    out: W,
}

impl<W: Write> Json<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    fn record(&mut self, record: &impl Serialize) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, record)?;
        self.out.write_all(b"\n")
    }
}

#[derive(Serialize)]
struct Example<'a> {
    input: String,
    pointer: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<Location>,
    #[serde(skip_serializing_if = "Option::is_none")]
    related: Option<&'a Related>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record<'a> {
    Input {
        input: String,
        verdict: &'static str,
        findings: usize,
    },
    Finding {
        input: String,
        #[serde(flatten)]
        finding: &'a Finding,
        fingerprint: &'a Fingerprint,
        accepted: bool,
    },
    NotChecked {
        input: String,
        problem: &'static str,
        message: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        location: Option<Location>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pointer: Option<&'a str>,
    },
    Group {
        fingerprint: &'a Fingerprint,
        rule: &'a Rule,
        severity: Severity,
        pointer: &'a str,
        expected: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        hint: Option<&'a str>,
        count: usize,
        inputs: usize,
        accepted: bool,
        examples: Vec<Example<'a>>,
    },
    Stale {
        #[serde(flatten)]
        entry: &'a Entry,
    },
    Skipped {
        input: String,
        reason: String,
    },
    Summary {
        version: u32,
        endpoint: &'a str,
        inputs: usize,
        valid: usize,
        with_violations: usize,
        with_drift: usize,
        not_checked: usize,
        skipped: usize,
        findings: usize,
        groups: usize,
        accepted: usize,
        new_violations: usize,
        stale: usize,
        elapsed_ms: u128,
        exit_code: u8,
    },
}

impl<W: Write> Reporter for Json<W> {
    fn input(&mut self, outcome: &Outcome<'_>) -> io::Result<()> {
        let input = outcome.origin.to_string();
        match outcome.verdict {
            Verdict::Checked(findings) => {
                let invalid = findings.iter().any(|f| f.severity == Severity::Error);
                self.record(&Record::Input {
                    input: input.clone(),
                    verdict: if invalid { "invalid" } else { "valid" },
                    findings: findings.len(),
                })?;
                for (finding, mark) in outcome.findings() {
                    self.record(&Record::Finding {
                        input: input.clone(),
                        finding,
                        fingerprint: &mark.fingerprint,
                        accepted: mark.accepted,
                    })?;
                }
                Ok(())
            }
            Verdict::NotChecked(problem) => {
                self.record(&Record::Input {
                    input: input.clone(),
                    verdict: "not_checked",
                    findings: 0,
                })?;
                self.record(&not_checked(input, problem))
            }
        }
    }

    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        self.record(&Record::Skipped {
            input: origin.to_string(),
            reason: reason.to_string(),
        })
    }

    fn finish(&mut self, report: &Report<'_>) -> io::Result<()> {
        for group in report.groups {
            self.record(&group_record(group))?;
        }
        for entry in report.stale {
            self.record(&Record::Stale { entry })?;
        }
        let summary = report.summary;
        self.record(&Record::Summary {
            version: FORMAT_VERSION,
            endpoint: report.endpoint,
            inputs: summary.inputs,
            valid: summary.valid,
            with_violations: summary.with_violations,
            with_drift: summary.with_drift,
            not_checked: summary.not_checked,
            skipped: summary.skipped,
            findings: summary.findings,
            groups: summary.groups,
            accepted: summary.accepted,
            new_violations: summary.new_violations,
            stale: summary.stale,
            elapsed_ms: summary.elapsed.as_millis(),
            exit_code: summary.exit_code,
        })?;
        self.out.flush()
    }
}

fn group_record(group: &Group) -> Record<'_> {
    Record::Group {
        fingerprint: &group.fingerprint,
        rule: &group.rule,
        severity: group.severity,
        pointer: &group.pointer,
        expected: &group.expected,
        hint: group.hint.as_deref(),
        count: group.count,
        inputs: group.inputs,
        accepted: group.accepted,
        examples: group
            .examples
            .iter()
            .map(|example| Example {
                input: example.origin.to_string(),
                pointer: &example.finding.pointer,
                location: example.finding.location,
                related: example.finding.related.as_ref(),
            })
            .collect(),
    }
}

fn not_checked(input: String, problem: &InputProblem) -> Record<'_> {
    Record::NotChecked {
        input,
        problem: problem.kind(),
        message: format!("the input {problem}"),
        location: problem.location(),
        pointer: problem.pointer(),
    }
}
