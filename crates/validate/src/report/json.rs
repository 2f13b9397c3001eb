//! Machine output: one JSON record per line. Every input gets an `input`
//! record, every problem a `finding` or `not_checked` record, and a
//! `summary` record closes the stream, so a consumer can tell a complete
//! report from a cut one.

use std::io::{self, Write};

use serde::Serialize;

use super::{Reporter, Summary};
use crate::check::Verdict;
use crate::document::Origin;
use crate::finding::{Finding, InputProblem, Location};
use crate::input::Skip;

/// The version of the record layout; bumped on incompatible changes.
pub const FORMAT_VERSION: u32 = 1;

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
    Skipped {
        input: String,
        reason: String,
    },
    Summary {
        version: u32,
        inputs: usize,
        valid: usize,
        with_violations: usize,
        not_checked: usize,
        skipped: usize,
        findings: usize,
        elapsed_ms: u128,
        exit_code: u8,
    },
}

impl<W: Write> Reporter for Json<W> {
    fn input(&mut self, origin: &Origin, verdict: &Verdict) -> io::Result<()> {
        let input = origin.to_string();
        match verdict {
            Verdict::Checked(findings) => {
                self.record(&Record::Input {
                    input: input.clone(),
                    verdict: if findings.is_empty() {
                        "valid"
                    } else {
                        "invalid"
                    },
                    findings: findings.len(),
                })?;
                for finding in findings {
                    self.record(&Record::Finding {
                        input: input.clone(),
                        finding,
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

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        self.record(&Record::Summary {
            version: FORMAT_VERSION,
            inputs: summary.inputs,
            valid: summary.valid,
            with_violations: summary.with_violations,
            not_checked: summary.not_checked,
            skipped: summary.skipped,
            findings: summary.findings,
            elapsed_ms: summary.elapsed.as_millis(),
            exit_code: summary.exit_code,
        })?;
        self.out.flush()
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
