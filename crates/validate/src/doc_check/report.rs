//! The doc-check report: for people, one line per section and per finding
//! with the example's line under example findings; for scripts, one JSON
//! record per section, finding and unchecked document, closed by a summary.

use std::io::{self, Write};
use std::path::Path;
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::finding::{DocFinding, Subject};
use super::{DocProblem, DocReport, SectionEntry, SectionStatus};
use crate::exit;
use crate::finding::{Excerpt, Location};
use crate::report::counted;

/// The version of the record layout; bumped on incompatible changes.
const FORMAT_VERSION: u32 = 1;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
const PLACE: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const GOOD: Style = AnsiColor::Green.on_default().bold();

/// Counts for the closing line.
#[derive(Debug, Clone, Default)]
pub struct DocSummary {
    /// Documents named.
    pub documents: usize,
    /// Documents checked with no finding.
    pub agreeing: usize,
    /// Documents checked with findings.
    pub disagreeing: usize,
    /// Documents unreadable or with no registered endpoint.
    pub not_checked: usize,
    /// Findings in all documents.
    pub findings: usize,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The exit code the run ends with.
    pub exit_code: u8,
}

/// A doc-check report format.
pub trait DocReporter {
    /// Reports one checked document.
    fn document(&mut self, path: &Path, report: &DocReport) -> io::Result<()>;
    /// Reports a document that was not checked, or not completely.
    fn not_checked(&mut self, path: &Path, problem: &DocProblem) -> io::Result<()>;
    /// Closes the report.
    fn finish(&mut self, summary: &DocSummary) -> io::Result<()>;
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

fn rule_name(finding: &DocFinding) -> String {
    match finding.rule.contract_rule() {
        Some(rule) => format!("{}/{rule}", finding.rule.name()),
        None => finding.rule.name().to_owned(),
    }
}

/// Human-readable output on standard output.
#[derive(Debug)]
pub struct Human {
    out: anstream::AutoStream<io::Stdout>,
}

impl Human {
    /// A printer with the given colour choice.
    pub fn new(color: anstream::ColorChoice) -> Self {
        Self {
            out: anstream::AutoStream::new(io::stdout(), color),
        }
    }

    fn place(&mut self, path: &Path, at: Location) -> io::Result<()> {
        write!(self.out, "{PLACE}{}:{at}:{PLACE:#} ", path.display())
    }

    fn section(&mut self, path: &Path, section: &SectionEntry) -> io::Result<()> {
        self.place(path, section.location)?;
        write!(
            self.out,
            "{NOTE}note:{NOTE:#} section {:?}",
            section.heading
        )?;
        let request = section
            .request
            .as_ref()
            .map(|(method, path)| format!("{method} {path}"));
        match (&section.status, request) {
            (SectionStatus::Checked(endpoint), Some(request)) => writeln!(
                self.out,
                " documents {request}: endpoint `{endpoint}`, {}, {}",
                count(section.attributes, "attribute row"),
                count(section.examples, "example"),
            ),
            (SectionStatus::UnknownEndpoint, Some(request)) => writeln!(
                self.out,
                " documents {request}, which no registered endpoint matches; not checked"
            ),
            _ => writeln!(
                self.out,
                " has no `HTTP Request` line, so it matches no endpoint; its examples were \
                 checked only for being JSON"
            ),
        }
    }

    fn finding(&mut self, path: &Path, finding: &DocFinding) -> io::Result<()> {
        self.place(path, finding.location)?;
        write!(self.out, "{ERROR}error[{}]{ERROR:#} ", rule_name(finding))?;
        match &finding.subject {
            Some(Subject::Attribute(name) | Subject::Pointer(name)) => {
                writeln!(self.out, "{name}: {}", finding.message)?;
            }
            None => writeln!(self.out, "{}", finding.message)?,
        }
        match &finding.excerpt {
            Some(excerpt) => self.excerpt(excerpt, finding.location.line),
            None => Ok(()),
        }
    }

    fn excerpt(&mut self, excerpt: &Excerpt, line: u64) -> io::Result<()> {
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(self.out, "{GUTTER}{pad} |{GUTTER:#}")?;
        writeln!(self.out, "{GUTTER}{number} |{GUTTER:#} {}", excerpt.text)?;
        writeln!(
            self.out,
            "{GUTTER}{pad} |{GUTTER:#} {}{ERROR}{}{ERROR:#}",
            " ".repeat(excerpt.start),
            "^".repeat(excerpt.width.max(1)),
        )
    }
}

impl DocReporter for Human {
    fn document(&mut self, path: &Path, report: &DocReport) -> io::Result<()> {
        for section in &report.sections {
            self.section(path, section)?;
        }
        for finding in &report.findings {
            self.finding(path, finding)?;
        }
        Ok(())
    }

    fn not_checked(&mut self, path: &Path, problem: &DocProblem) -> io::Result<()> {
        writeln!(
            self.out,
            "{PLACE}{}:{PLACE:#} {ERROR}not checked[{}]{ERROR:#} {problem}",
            path.display(),
            problem.kind()
        )
    }

    fn finish(&mut self, summary: &DocSummary) -> io::Result<()> {
        let DocSummary {
            documents,
            agreeing,
            disagreeing,
            not_checked,
            findings,
            elapsed,
            exit_code,
        } = summary;
        writeln!(
            self.out,
            "{} in {:.2}s: {} compared ({agreeing} agreeing, {disagreeing} disagreeing with {}), \
             {not_checked} not checked",
            counted(*documents, "document"),
            elapsed.as_secs_f64(),
            agreeing + disagreeing,
            counted(*findings, "finding"),
        )?;
        let (style, verdict) = match *exit_code {
            exit::VALID => (GOOD, "agrees: the documentation matches the contract"),
            exit::VIOLATION => (
                ERROR,
                "disagrees: the documentation and the contract differ",
            ),
            _ => (ERROR, "not checked: some documents could not be compared"),
        };
        writeln!(self.out, "{style}{verdict}{style:#} (exit {exit_code})")?;
        self.out.flush()
    }
}

/// JSON Lines output on standard output.
#[derive(Debug)]
pub struct Json {
    out: io::Stdout,
}

impl Json {
    /// A printer.
    pub fn new() -> Self {
        Self { out: io::stdout() }
    }

    fn record(&mut self, record: &Record<'_>) -> io::Result<()> {
        let mut out = self.out.lock();
        serde_json::to_writer(&mut out, record)?;
        out.write_all(b"\n")
    }
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record<'a> {
    Section {
        input: String,
        heading: &'a str,
        location: Location,
        #[serde(skip_serializing_if = "Option::is_none")]
        method: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
        status: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        endpoint: Option<&'static str>,
        attributes: usize,
        examples: usize,
    },
    Finding {
        input: String,
        rule: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        contract_rule: Option<String>,
        severity: &'static str,
        location: Location,
        #[serde(flatten, skip_serializing_if = "Option::is_none")]
        subject: Option<&'a Subject>,
        message: &'a str,
    },
    NotChecked {
        input: String,
        problem: &'static str,
        message: String,
    },
    Summary {
        version: u32,
        documents: usize,
        agreeing: usize,
        disagreeing: usize,
        not_checked: usize,
        findings: usize,
        elapsed_ms: u128,
        exit_code: u8,
    },
}

impl DocReporter for Json {
    fn document(&mut self, path: &Path, report: &DocReport) -> io::Result<()> {
        let input = path.display().to_string();
        for section in &report.sections {
            let (status, endpoint) = match &section.status {
                SectionStatus::Checked(endpoint) => ("checked", Some(*endpoint)),
                SectionStatus::UnknownEndpoint => ("unknown-endpoint", None),
                SectionStatus::NoRequest => ("no-request", None),
            };
            self.record(&Record::Section {
                input: input.clone(),
                heading: &section.heading,
                location: section.location,
                method: section.request.as_ref().map(|(m, _)| m.as_str()),
                path: section.request.as_ref().map(|(_, p)| p.as_str()),
                status,
                endpoint,
                attributes: section.attributes,
                examples: section.examples,
            })?;
        }
        for finding in &report.findings {
            self.record(&Record::Finding {
                input: input.clone(),
                rule: finding.rule.name(),
                contract_rule: finding.rule.contract_rule().map(ToString::to_string),
                severity: "error",
                location: finding.location,
                subject: finding.subject.as_ref(),
                message: &finding.message,
            })?;
        }
        Ok(())
    }

    fn not_checked(&mut self, path: &Path, problem: &DocProblem) -> io::Result<()> {
        self.record(&Record::NotChecked {
            input: path.display().to_string(),
            problem: problem.kind(),
            message: problem.to_string(),
        })
    }

    fn finish(&mut self, summary: &DocSummary) -> io::Result<()> {
        self.record(&Record::Summary {
            version: FORMAT_VERSION,
            documents: summary.documents,
            agreeing: summary.agreeing,
            disagreeing: summary.disagreeing,
            not_checked: summary.not_checked,
            findings: summary.findings,
            elapsed_ms: summary.elapsed.as_millis(),
            exit_code: summary.exit_code,
        })?;
        self.out.flush()
    }
}
