//! Reports: one trait, one printer per `--format`. Printers only render
//! findings, which hold no raw payload values.
//!
//! Every printer sees each input as it is checked, then the whole run's
//! groups at the end. Streaming formats write as they go; the others
//! write at the end, when counts across inputs are known.

mod github;
mod human;
mod json;
mod junit;
mod sarif;

pub use github::Github;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use sarif::Sarif;

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use crate::aggregate::{Group, Mark, ProblemGroup};
use crate::baseline::Entry;
use crate::check::Verdict;
use crate::cli::Format;
use crate::document::Origin;
use crate::finding::Finding;
use crate::input::Skip;

/// Counts for the closing line of a report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs seen.
    pub inputs: usize,
    /// Inputs checked with no violation; drift warnings may remain.
    pub valid: usize,
    /// Inputs checked with at least one violation, accepted or not.
    pub with_violations: usize,
    /// Inputs checked with at least one undocumented member.
    pub with_drift: usize,
    /// Inputs that could not be checked.
    pub not_checked: usize,
    /// Things read that hold nothing to check (HAR entries of other
    /// endpoints or without a body); not counted in `inputs`.
    pub skipped: usize,
    /// Findings in all inputs.
    pub findings: usize,
    /// Groups the findings fall into.
    pub groups: usize,
    /// Findings the baseline accepts.
    pub accepted: usize,
    /// Violations the baseline does not accept: these fail the run.
    pub new_violations: usize,
    /// Baseline entries that no longer occur.
    pub stale: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The exit code the run ends with.
    pub exit_code: u8,
}

/// One input's verdict as a report sees it.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    /// Where the input came from.
    pub origin: &'a Origin,
    /// What checking it concluded.
    pub verdict: &'a Verdict,
    /// For each finding of a checked verdict, in the same order: its
    /// group and whether the baseline accepts it.
    pub marks: &'a [Mark],
}

impl Outcome<'_> {
    /// The findings with their marks.
    pub fn findings(&self) -> impl Iterator<Item = (&Finding, &Mark)> {
        let findings: &[Finding] = match self.verdict {
            Verdict::Checked(findings) => findings,
            Verdict::NotChecked(_) => &[],
        };
        findings.iter().zip(self.marks)
    }
}

/// The whole run, for the end of a report.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    /// The endpoint the inputs were checked against.
    pub endpoint: &'a str,
    /// The counts.
    pub summary: &'a Summary,
    /// Findings grouped across inputs, in order of first appearance.
    pub groups: &'a [Group],
    /// Inputs that could not be checked, grouped by reason.
    pub problems: &'a [ProblemGroup],
    /// Baseline entries that no longer occur.
    pub stale: &'a [Entry],
    /// Whether a baseline was given.
    pub baseline: bool,
}

/// A report format.
pub trait Reporter {
    /// Reports one input's verdict.
    fn input(&mut self, outcome: &Outcome<'_>) -> io::Result<()>;
    /// Reports something read that holds nothing to check. Formats with no
    /// place for it leave it to the summary's count.
    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        let _ = (origin, reason);
        Ok(())
    }
    /// Closes the report.
    fn finish(&mut self, report: &Report<'_>) -> io::Result<()>;
}

/// The printer for `format`, writing to `out`.
pub fn printer<'w>(format: Format, out: Box<dyn Write + 'w>) -> Box<dyn Reporter + 'w> {
    match format {
        Format::Human => Box::new(Human::new(out)),
        Format::Json => Box::new(Json::new(out)),
        Format::Junit => Box::new(Junit::new(out)),
        Format::Github => Box::new(Github::new(out)),
        Format::Sarif => Box::new(Sarif::new(out)),
    }
}

/// The file an origin names, for formats that attach results to files and
/// lines. A HAR entry has none: its findings are placed within the
/// entry's body, whose lines are not the capture file's.
pub fn file_of(origin: &Origin) -> Option<&Path> {
    match origin {
        Origin::File(path) | Origin::Directory(path) => Some(path),
        Origin::NdjsonLine { source, .. } => file_of(source),
        Origin::Stdin | Origin::HarEntry { .. } | Origin::Url { .. } => None,
    }
}

/// The one-line verdict at the end of every report and on the terminal
/// when the report goes to a file.
pub fn verdict_line(summary: &Summary) -> &'static str {
    match summary.exit_code {
        crate::exit::VALID if summary.accepted > 0 => {
            "valid: no new violations (known ones are accepted by the baseline)"
        }
        crate::exit::VALID if summary.with_drift > 0 => {
            "valid: the documented contract holds, but members it does not describe appeared \
             (drift)"
        }
        crate::exit::VALID => "valid: every input conforms to the documented contract",
        crate::exit::VIOLATION => "invalid: the contract is broken",
        _ if summary.inputs == 0 => {
            "not checked: nothing was checked (every entry was skipped, or there was none)"
        }
        _ => "not checked: some inputs could not be checked",
    }
}

/// The counts in words, as the human report and the terminal summary of
/// `--output` show them.
pub fn counts_line(summary: &Summary) -> String {
    let Summary {
        inputs,
        valid,
        with_violations,
        with_drift,
        not_checked,
        skipped,
        findings,
        groups,
        accepted,
        ..
    } = summary;
    let plural = if *inputs == 1 { "" } else { "s" };
    let mut line = format!(
        "checked {inputs} input{plural} in {:.2}s: {valid} valid, {with_violations} with \
         violations, {with_drift} with drift, {not_checked} not checked, {skipped} skipped; \
         {findings} findings in {groups} groups",
        summary.elapsed.as_secs_f64(),
    );
    if *accepted > 0 {
        line.push_str(&format!(" ({accepted} accepted by the baseline)"));
    }
    line
}
