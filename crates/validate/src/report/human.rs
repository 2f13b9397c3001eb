//! The default report: findings grouped across inputs, each group with
//! its first few places and their source lines, then a summary. Colour is
//! decided by the output stream (see `cli`).
//!
//! Output is always grouped, so its length follows the number of distinct
//! problems, not the number of inputs: a group met once prints as one
//! line with its excerpt; a larger group prints a header with its count
//! and up to [`crate::aggregate::MAX_EXAMPLES`] places.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Outcome, Report, Reporter, counted, counts_line, verdict_line};
use crate::aggregate::{Group, ProblemGroup};
use crate::document::Origin;
use crate::exit;
use crate::finding::{Excerpt, Finding, InputProblem, Location, Severity};
use crate::input::Skip;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const NOTE: Style = AnsiColor::Cyan.on_default().bold();
const PLACE: Style = Style::new().bold();
const GUTTER: Style = AnsiColor::Blue.on_default().bold();
const GOOD: Style = AnsiColor::Green.on_default().bold();

/// Human-readable output.
#[derive(Debug)]
pub struct Human<W> {
    out: W,
}

impl<W: Write> Human<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    fn place(&mut self, origin: &Origin, location: Option<Location>) -> io::Result<()> {
        write!(self.out, "{PLACE}{}:{PLACE:#} ", origin.place(location))
    }

    fn severity(&mut self, severity: Severity, rule: &crate::finding::Rule) -> io::Result<()> {
        let (style, name) = match severity {
            Severity::Error => (ERROR, "error"),
            Severity::Warning => (WARNING, "warning"),
        };
        write!(self.out, "{style}{name}[{rule}]{style:#}")
    }

    fn group(&mut self, group: &Group) -> io::Result<()> {
        if let [example] = group.examples.as_slice()
            && group.count == 1
        {
            self.place(&example.origin, example.finding.location)?;
            self.severity(group.severity, &group.rule)?;
            write!(
                self.out,
                " {}: expected {}, found {}",
                display_pointer(&example.finding.pointer),
                group.expected,
                example.finding.found,
            )?;
            return self.details(&example.finding, "", true);
        }
        self.severity(group.severity, &group.rule)?;
        write!(
            self.out,
            " {}: expected {}",
            display_pointer(&group.pointer),
            group.expected
        )?;
        if let Some(hint) = &group.hint {
            write!(self.out, "; {hint}")?;
        }
        writeln!(
            self.out,
            " ({} times in {})",
            group.count,
            counted(group.inputs, "input")
        )?;
        for example in &group.examples {
            write!(self.out, "  ")?;
            self.place(&example.origin, example.finding.location)?;
            write!(
                self.out,
                "{}: found {}",
                display_pointer(&example.finding.pointer),
                example.finding.found
            )?;
            self.details(&example.finding, "  ", false)?;
        }
        let rest = group.count - group.examples.len();
        if rest > 0 {
            writeln!(
                self.out,
                "  … and {rest} more (--format json lists every one)"
            )?;
        }
        Ok(())
    }

    /// The end of a finding's line (hint, related place) and its excerpt.
    fn details(&mut self, finding: &Finding, indent: &str, hint: bool) -> io::Result<()> {
        if let (true, Some(hint)) = (hint, &finding.hint) {
            write!(self.out, "; {hint}")?;
        }
        if let Some(related) = &finding.related {
            write!(self.out, "; {}", related.label)?;
            if related.pointer != finding.pointer {
                write!(self.out, " {}", display_pointer(&related.pointer))?;
            }
            if let Some(at) = related.location {
                write!(self.out, " {at}")?;
            }
        }
        writeln!(self.out)?;
        if let (Some(excerpt), Some(at)) = (&finding.excerpt, finding.location) {
            self.excerpt(excerpt, at.line, indent)?;
        }
        Ok(())
    }

    fn excerpt(&mut self, excerpt: &Excerpt, line: u64, indent: &str) -> io::Result<()> {
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(self.out, "{indent}{GUTTER}{pad} |{GUTTER:#}")?;
        writeln!(
            self.out,
            "{indent}{GUTTER}{number} |{GUTTER:#} {}",
            excerpt.text
        )?;
        writeln!(
            self.out,
            "{indent}{GUTTER}{pad} |{GUTTER:#} {}{ERROR}{}{ERROR:#}",
            " ".repeat(excerpt.start),
            "^".repeat(excerpt.width.max(1)),
        )
    }

    fn problems(&mut self, group: &ProblemGroup) -> io::Result<()> {
        for (origin, problem) in &group.examples {
            self.not_checked(origin, problem)?;
        }
        let rest = group.count - group.examples.len();
        if rest > 0 {
            writeln!(
                self.out,
                "  … and {} not checked[{}]",
                counted(rest, "more input"),
                group.kind
            )?;
        }
        Ok(())
    }

    fn not_checked(&mut self, origin: &Origin, problem: &InputProblem) -> io::Result<()> {
        self.place(origin, problem.location())?;
        write!(self.out, "{ERROR}not checked[{}]{ERROR:#} ", problem.kind())?;
        if let Some(pointer) = problem.pointer() {
            write!(self.out, "at {}: ", display_pointer(pointer))?;
        }
        writeln!(self.out, "the input {problem}")
    }

    fn baseline(&mut self, report: &Report<'_>) -> io::Result<()> {
        for group in report.groups.iter().filter(|g| g.accepted) {
            writeln!(
                self.out,
                "{NOTE}accepted{NOTE:#} {}[{}] {} ({}, baseline {})",
                match group.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                },
                group.rule,
                display_pointer(&group.pointer),
                counted(group.count, "time"),
                group.fingerprint,
            )?;
        }
        for entry in report.stale {
            writeln!(
                self.out,
                "{NOTE}stale{NOTE:#} baseline {}: {} at {} no longer occurs (drop it, or \
                 rewrite the baseline with --write-baseline)",
                entry.fingerprint,
                entry.rule,
                display_pointer(&entry.pointer),
            )?;
        }
        Ok(())
    }
}

/// Pointers longer than this are shortened in human output; machine
/// formats keep them whole.
const MAX_POINTER_CHARS: usize = 120;

/// The root pointer is the empty string; showing it as `/` would be wrong
/// (that is the member named ""), so it gets words instead. Pointers into
/// deep nesting keep their head and tail.
fn display_pointer(pointer: &str) -> std::borrow::Cow<'_, str> {
    if pointer.is_empty() {
        return "(document root)".into();
    }
    if pointer.len() <= MAX_POINTER_CHARS {
        return pointer.into();
    }
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    let head: Vec<&str> = tokens.iter().take(8).copied().collect();
    let tail = tokens.last().copied().unwrap_or_default();
    format!("/{}/…/{tail} ({} levels)", head.join("/"), tokens.len()).into()
}

impl<W: Write> Reporter for Human<W> {
    fn input(&mut self, _: &Outcome<'_>) -> io::Result<()> {
        // Groups need every input; everything is printed at the end.
        Ok(())
    }

    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        self.place(origin, None)?;
        writeln!(self.out, "{WARNING}skipped:{WARNING:#} {reason}")
    }

    fn finish(&mut self, report: &Report<'_>) -> io::Result<()> {
        for group in report.groups.iter().filter(|g| !g.accepted) {
            self.group(group)?;
        }
        for group in report.problems {
            self.problems(group)?;
        }
        self.baseline(report)?;
        let summary = report.summary;
        writeln!(self.out, "{}", counts_line(summary))?;
        let style = match summary.exit_code {
            exit::VALID => GOOD,
            _ => ERROR,
        };
        writeln!(
            self.out,
            "{style}{}{style:#} (exit {})",
            verdict_line(summary),
            summary.exit_code
        )?;
        self.out.flush()
    }
}
