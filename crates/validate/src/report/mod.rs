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

use crate::aggregate::{Group, Mark, ProblemGroup, SkipGroup};
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

impl Summary {
    /// Inputs checked, with or without violations.
    pub fn checked(&self) -> usize {
        self.valid + self.with_violations
    }
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
    /// Things read that hold nothing to check, grouped by reason.
    pub skipped: &'a [SkipGroup],
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

/// The file that holds an input, even when findings cannot be placed on
/// its lines: a HAR entry is in its capture file. Formats that attach
/// results to files use it when [`file_of`] has nothing, without a line.
pub fn container_of(origin: &Origin) -> Option<&Path> {
    match origin {
        Origin::HarEntry { source, .. } => container_of(source),
        _ => file_of(origin),
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

/// The other place a finding involves, in words for formats that print
/// one line per finding: `first at 21:11`, or with the pointer when it is
/// another member, `first used at /mechanicIntegrations/0/name 14:17`.
pub fn related_text(finding: &Finding) -> Option<String> {
    let related = finding.related.as_ref()?;
    let mut text = related.label.to_owned();
    if related.pointer != finding.pointer {
        text.push(' ');
        text.push_str(&related.pointer);
    }
    if let Some(at) = related.location {
        text.push_str(&format!(" {at}"));
    }
    Some(text)
}

/// Why the run checked nothing, or `None` when it checked something. A
/// format that lists results must say so in words of its own: an empty
/// list reads as a pass.
pub fn nothing_checked(summary: &Summary) -> Option<String> {
    if summary.inputs > 0 {
        return None;
    }
    Some(match summary.skipped {
        0 => "nothing was checked: the inputs named hold no response to check".to_owned(),
        1 => "nothing was checked: the one entry read was skipped".to_owned(),
        n => format!("nothing was checked: all {n} entries read were skipped"),
    })
}

/// The counts in words, as the human report and the terminal summary of
/// `--output` show them. Inputs come first and split into checked and not
/// checked, so a run that could check few of them does not read as if it
/// checked them all.
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
    let checked = summary.checked();
    let mut line = format!(
        "{} in {:.2}s: {checked} checked",
        counted(*inputs, "input"),
        summary.elapsed.as_secs_f64(),
    );
    if checked > 0 {
        line.push_str(&format!(
            " ({valid} valid, {with_violations} with violations, {with_drift} with drift)"
        ));
    }
    line.push_str(&format!(
        ", {not_checked} not checked, {skipped} skipped; {} in {}",
        counted(*findings, "finding"),
        counted(*groups, "group"),
    ));
    if *accepted > 0 {
        line.push_str(&format!(" ({accepted} accepted by the baseline)"));
    }
    line
}

/// A count and its noun, in the plural unless the count is one: `1 input`,
/// `2 inputs`, `0 inputs`. Every noun we count takes a plain `s`.
pub fn counted(count: usize, noun: &str) -> String {
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {noun}{plural}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_take_the_plural_only_when_not_one() {
        assert_eq!(counted(1, "group"), "1 group");
        assert_eq!(counted(0, "finding"), "0 findings");
        assert_eq!(counted(57, "input"), "57 inputs");
    }

    #[test]
    fn the_counts_line_splits_inputs_into_checked_and_not() {
        let summary = Summary {
            inputs: 57,
            valid: 1,
            with_violations: 2,
            not_checked: 54,
            findings: 1,
            groups: 1,
            ..Summary::default()
        };
        assert_eq!(
            counts_line(&summary),
            "57 inputs in 0.00s: 3 checked (1 valid, 2 with violations, 0 with drift), 54 not \
             checked, 0 skipped; 1 finding in 1 group"
        );
        let nothing = Summary {
            skipped: 2,
            ..Summary::default()
        };
        assert_eq!(
            counts_line(&nothing),
            "0 inputs in 0.00s: 0 checked, 0 not checked, 2 skipped; 0 findings in 0 groups"
        );
    }
}
