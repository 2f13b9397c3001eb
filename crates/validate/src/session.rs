//! One checking run: every verdict passes through here on its way to the
//! report. The session counts inputs, groups findings, asks the baseline
//! which of them are known, and decides the exit code.

use std::io;
use std::time::Duration;

use crate::aggregate::{Groups, Mark};
use crate::baseline::{Baseline, Entry};
use crate::check::Verdict;
use crate::document::Origin;
use crate::exit;
use crate::finding::{Finding, Rule, Severity};
use crate::input::Skip;
use crate::report::{Outcome, Report, Reporter, Summary};

/// The state of a run between its first input and its report's end.
#[derive(Debug)]
pub struct Session {
    endpoint: &'static str,
    baseline: Option<Baseline>,
    groups: Groups,
    summary: Summary,
    stale: Vec<Entry>,
}

impl Session {
    /// A run over responses of `endpoint`, judged against `baseline`.
    pub fn new(endpoint: &'static str, baseline: Option<Baseline>) -> Self {
        Self {
            endpoint,
            baseline,
            groups: Groups::new(endpoint),
            summary: Summary::default(),
            stale: Vec::new(),
        }
    }

    /// Takes one input's verdict and passes it to the reporter.
    pub fn add(
        &mut self,
        reporter: &mut dyn Reporter,
        origin: &Origin,
        verdict: &Verdict,
    ) -> io::Result<()> {
        self.groups.next_input();
        self.summary.inputs += 1;
        let marks = match verdict {
            Verdict::Checked(findings) => {
                let marks: Vec<Mark> = findings
                    .iter()
                    .map(|finding| {
                        let fingerprint = self.groups.fingerprint(finding);
                        let accepted = self
                            .baseline
                            .as_ref()
                            .is_some_and(|b| b.accepts(&fingerprint));
                        Mark {
                            fingerprint,
                            accepted,
                        }
                    })
                    .collect();
                for (finding, mark) in findings.iter().zip(&marks) {
                    self.groups.add(origin, finding, mark);
                }
                self.tally(findings, &marks);
                marks
            }
            Verdict::NotChecked(problem) => {
                self.summary.not_checked += 1;
                self.groups.add_problem(origin, problem);
                Vec::new()
            }
        };
        reporter.input(&Outcome {
            origin,
            verdict,
            marks: &marks,
        })
    }

    /// Counts something read that holds nothing to check, and reports it.
    pub fn skip(
        &mut self,
        reporter: &mut dyn Reporter,
        origin: &Origin,
        reason: &Skip,
    ) -> io::Result<()> {
        self.summary.skipped += 1;
        self.groups.add_skip(origin, reason);
        reporter.skipped(origin, reason)
    }

    fn tally(&mut self, findings: &[Finding], marks: &[Mark]) {
        let summary = &mut self.summary;
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        if errors == 0 {
            summary.valid += 1;
        } else {
            summary.with_violations += 1;
        }
        if findings.iter().any(|f| f.rule == Rule::Drift) {
            summary.with_drift += 1;
        }
        summary.findings += findings.len();
        summary.accepted += marks.iter().filter(|m| m.accepted).count();
        summary.new_violations += findings
            .iter()
            .zip(marks)
            .filter(|(f, m)| f.severity == Severity::Error && !m.accepted)
            .count();
    }

    /// The exit code for the counts so far. "Not checked" wins over
    /// violations, and a run that checked nothing never passes. Violations
    /// the baseline accepts do not fail the run.
    pub fn exit_code_so_far(&self) -> u8 {
        let summary = &self.summary;
        if summary.not_checked > 0 || summary.inputs == 0 {
            exit::NOT_CHECKED
        } else if summary.new_violations > 0 {
            exit::VIOLATION
        } else {
            exit::VALID
        }
    }

    /// Closes the run: finds stale baseline entries and settles the counts.
    /// A run with inputs it could not check reports nothing as stale: the
    /// findings of those inputs were not seen, not gone.
    pub fn close(&mut self, elapsed: Duration) {
        let complete = self.summary.not_checked == 0;
        if let (Some(baseline), true) = (&self.baseline, complete) {
            self.stale = baseline.stale(|f| self.groups.contains(f));
        }
        self.summary.groups = self.groups.groups().len();
        self.summary.stale = self.stale.len();
        self.summary.elapsed = elapsed;
        self.summary.exit_code = self.exit_code_so_far();
    }

    /// The whole run, for the end of a report.
    pub fn report(&self) -> Report<'_> {
        Report {
            endpoint: self.endpoint,
            summary: &self.summary,
            groups: self.groups.groups(),
            problems: self.groups.problems(),
            skipped: self.groups.skipped(),
            stale: &self.stale,
            baseline: self.baseline.is_some(),
        }
    }

    /// The counts.
    pub fn summary(&self) -> &Summary {
        &self.summary
    }

    /// The baseline file that accepts every finding of this run.
    /// A run that could not check every input did not see the findings of
    /// those it missed, so the entries of the baseline it was given stay:
    /// rewriting a baseline after a partial run must not drop them.
    pub fn baseline_file(&self) -> Vec<u8> {
        let kept = match &self.baseline {
            Some(baseline) if self.summary.not_checked > 0 => baseline.entries(),
            _ => &[],
        };
        crate::baseline::render(self.endpoint, self.groups.groups(), kept)
    }
}
