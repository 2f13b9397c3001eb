//! The default report: one line per problem, the source line under it,
//! and a summary. Colour is decided by the output stream (see `cli`).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::{Reporter, Summary};
use crate::check::Verdict;
use crate::document::Origin;
use crate::exit;
use crate::finding::{Excerpt, Finding, InputProblem, Location, Severity};
use crate::input::Skip;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
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

    fn finding(&mut self, origin: &Origin, finding: &Finding) -> io::Result<()> {
        self.place(origin, finding.location)?;
        let style = match finding.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        };
        let severity = match finding.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            self.out,
            "{style}{severity}[{}]{style:#} {}: expected {}, found {}",
            finding.rule,
            display_pointer(&finding.pointer),
            finding.expected,
            finding.found,
        )?;
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
            self.excerpt(excerpt, at.line)?;
        }
        Ok(())
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

    fn not_checked(&mut self, origin: &Origin, problem: &InputProblem) -> io::Result<()> {
        self.place(origin, problem.location())?;
        write!(self.out, "{ERROR}not checked[{}]{ERROR:#} ", problem.kind())?;
        if let Some(pointer) = problem.pointer() {
            write!(self.out, "at {}: ", display_pointer(pointer))?;
        }
        writeln!(self.out, "the input {problem}")
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
    fn input(&mut self, origin: &Origin, verdict: &Verdict) -> io::Result<()> {
        match verdict {
            Verdict::Checked(findings) => {
                for finding in findings {
                    self.finding(origin, finding)?;
                }
                Ok(())
            }
            Verdict::NotChecked(problem) => self.not_checked(origin, problem),
        }
    }

    fn skipped(&mut self, origin: &Origin, reason: &Skip) -> io::Result<()> {
        self.place(origin, None)?;
        writeln!(self.out, "{WARNING}skipped:{WARNING:#} {reason}")
    }

    fn finish(&mut self, summary: &Summary) -> io::Result<()> {
        let Summary {
            inputs,
            valid,
            with_violations,
            not_checked,
            skipped,
            findings,
            elapsed,
            exit_code,
        } = summary;
        let plural = if *inputs == 1 { "" } else { "s" };
        writeln!(
            self.out,
            "checked {inputs} input{plural} in {:.2}s: {valid} valid, {with_violations} with \
             violations ({findings} findings), {not_checked} not checked, {skipped} skipped",
            elapsed.as_secs_f64(),
        )?;
        let (style, verdict) = match *exit_code {
            exit::VALID => (
                GOOD,
                "valid: every input conforms to the documented contract",
            ),
            exit::VIOLATION => (ERROR, "invalid: the contract is broken"),
            _ if *inputs == 0 => (
                ERROR,
                "not checked: nothing was checked (every entry was skipped, or there was none)",
            ),
            _ => (ERROR, "not checked: some inputs could not be checked"),
        };
        writeln!(self.out, "{style}{verdict}{style:#} (exit {exit_code})")?;
        self.out.flush()
    }
}
