//! Reports: one trait, one printer per `--format`. Printers only render
//! findings, which hold no raw payload values.

mod human;
mod json;

pub use human::Human;
pub use json::Json;

use std::io;
use std::time::Duration;

use crate::check::Verdict;
use crate::document::Origin;
use crate::input::Skip;

/// Counts for the closing line of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs seen.
    pub inputs: usize,
    /// Inputs checked with no findings.
    pub valid: usize,
    /// Inputs checked with at least one violation.
    pub with_violations: usize,
    /// Inputs that could not be checked.
    pub not_checked: usize,
    /// Things read that hold nothing to check (HAR entries of other
    /// endpoints or without a body); not counted in `inputs`.
    pub skipped: usize,
    /// Findings in all inputs.
    pub findings: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The exit code the run ends with.
    pub exit_code: u8,
}

/// A report format.
pub trait Reporter {
    /// Reports one input's verdict.
    fn input(&mut self, origin: &Origin, verdict: &Verdict) -> io::Result<()>;
    /// Reports something read that holds nothing to check. Formats with no
    /// place for it leave it to the summary's count.
    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        let _ = (origin, reason);
        Ok(())
    }
    /// Closes the report.
    fn finish(&mut self, summary: &Summary) -> io::Result<()>;
}
