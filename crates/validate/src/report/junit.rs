//! JUnit XML, as CI servers read test reports: one test suite for the run
//! and one test case per input. An input with new violations fails, one
//! that could not be checked errors, and drift warnings or findings the
//! baseline accepts are listed in the passing case's output. Entries
//! skipped are skipped cases with their reason, and a run that checked
//! nothing gets an erroring case of its own.

use std::fmt::Write as _;
use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report as JunitReport, TestCase, TestCaseStatus, TestSuite};

use super::{Outcome, Report, Reporter, counted, nothing_checked, related_text, verdict_line};
use crate::check::Verdict;
use crate::document::Origin;
use crate::finding::{Finding, Severity};
use crate::input::Skip;

/// Findings listed per test case; the rest are counted, so one broken
/// input cannot make the report unreadable.
const MAX_LINES: usize = 50;

/// The name of the test case that fails a run which checked nothing.
const NOTHING_CHECKED: &str = "nothing checked";

/// JUnit XML output.
#[derive(Debug)]
pub struct Junit<W> {
    out: W,
    cases: Vec<TestCase>,
}

impl<W: Write> Junit<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self {
            out,
            cases: Vec::new(),
        }
    }
}

impl<W: Write> Reporter for Junit<W> {
    fn input(&mut self, outcome: &Outcome<'_>) -> io::Result<()> {
        let name = outcome.origin.to_string();
        let case = match outcome.verdict {
            Verdict::NotChecked(problem) => {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
                status
                    .set_message(format!("the input {problem}"))
                    .set_type(format!("not-checked.{}", problem.kind()));
                TestCase::new(name, status)
            }
            Verdict::Checked(_) => {
                let (failing, passing): (Vec<_>, Vec<_>) = outcome
                    .findings()
                    .partition(|(f, m)| f.severity == Severity::Error && !m.accepted);
                if let Some((first, _)) = failing.first() {
                    let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    status
                        .set_message(format!(
                            "{}, the first {} at {}",
                            counted(failing.len(), "violation"),
                            first.rule,
                            first.pointer
                        ))
                        .set_type(first.rule.name())
                        .set_description(lines(failing.iter().map(|(f, _)| *f)));
                    let mut case = TestCase::new(name, status);
                    if !passing.is_empty() {
                        case.set_system_out(lines(passing.iter().map(|(f, _)| *f)));
                    }
                    case
                } else {
                    let mut case = TestCase::new(name, TestCaseStatus::success());
                    if !passing.is_empty() {
                        case.set_system_out(lines(passing.iter().map(|(f, _)| *f)));
                    }
                    case
                }
            }
        };
        self.cases.push(case);
        Ok(())
    }

    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        let mut status = TestCaseStatus::skipped();
        status
            .set_message(reason.to_string())
            .set_type(format!("skipped.{}", reason.kind()));
        self.cases.push(TestCase::new(origin.to_string(), status));
        Ok(())
    }

    fn finish(&mut self, report: &Report<'_>) -> io::Result<()> {
        let classname = format!("validate.{}", report.endpoint);
        let mut suite = TestSuite::new(format!("contract of {}", report.endpoint));
        // With no input checked, the skipped cases alone would make a
        // report that CI servers show as passing; this case makes it fail
        // and says why.
        if let Some(why) = nothing_checked(report.summary) {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
            status
                .set_message(why)
                .set_type("not-checked.nothing-checked");
            self.cases.push(TestCase::new(NOTHING_CHECKED, status));
        }
        for mut case in self.cases.drain(..) {
            case.set_classname(classname.as_str());
            suite.add_test_case(case);
        }
        suite.set_time(report.summary.elapsed);
        suite.set_system_out(verdict_line(report.summary));
        let mut junit = JunitReport::new("validate");
        junit.set_time(report.summary.elapsed);
        junit.add_test_suite(suite);
        // Serialising into memory first keeps a failed write an `io::Error`
        // of its own kind: the XML writer would wrap a closed pipe in an
        // error of its own, and the run could no longer tell it from a real
        // failure.
        let mut xml = junit
            .to_string()
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
        xml.push('\n');
        self.out.write_all(xml.as_bytes())?;
        self.out.flush()
    }
}

/// One line per finding, capped.
fn lines<'a>(findings: impl ExactSizeIterator<Item = &'a Finding>) -> String {
    let total = findings.len();
    let mut text = String::new();
    for finding in findings.take(MAX_LINES) {
        let severity = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if let Some(at) = finding.location {
            let _ = write!(text, "{at}: ");
        }
        let _ = write!(
            text,
            "{severity}[{}] {}: expected {}, found {}",
            finding.rule, finding.pointer, finding.expected, finding.found
        );
        if let Some(hint) = &finding.hint {
            let _ = write!(text, "; {hint}");
        }
        if let Some(related) = related_text(finding) {
            let _ = write!(text, "; {related}");
        }
        text.push('\n');
    }
    if total > MAX_LINES {
        let _ = writeln!(text, "… and {} more", total - MAX_LINES);
    }
    text
}
