//! GitHub Actions workflow commands: one annotation per group of findings
//! at its first place, so a run over thousands of inputs stays within the
//! few annotations a workflow shows. Values are escaped as the runner
//! expects, which also keeps a crafted key in a payload from starting a
//! command of its own.
//!
//! An annotation that cannot point at a line of a file (a HAR entry, a
//! live response, standard input) names its input in the message, so a
//! CI log tells which capture or URL failed. Entries skipped are warnings
//! with their reason, and a run that checked nothing is an error.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::{
    Outcome, Report, Reporter, container_of, counted, counts_line, file_of, nothing_checked,
    related_text, verdict_line,
};
use crate::aggregate::{Group, ProblemGroup, SkipGroup};
use crate::document::Origin;
use crate::finding::{Location, Severity};

/// Workflow command output.
#[derive(Debug)]
pub struct Github<W> {
    out: W,
}

impl<W: Write> Github<W> {
    /// A printer writing to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    /// Writes one annotation. With a place, the message is prefixed by the
    /// input's name and line:column unless the `file`, `line` and `col`
    /// properties already say all of it.
    fn command(
        &mut self,
        level: &str,
        place: Option<(&Origin, Option<Location>)>,
        title: &str,
        message: &str,
    ) -> io::Result<()> {
        let mut properties = Vec::new();
        let mut text = String::new();
        if let Some((origin, location)) = place {
            match (file_of(origin), location) {
                (Some(file), Some(at)) => {
                    properties.push(format!("file={}", escape_property(&file.to_string_lossy())));
                    properties.push(format!("line={}", at.line));
                    properties.push(format!("col={}", at.column));
                }
                _ => {
                    if let Some(file) = container_of(origin) {
                        let file = file.to_string_lossy();
                        properties.push(format!("file={}", escape_property(&file)));
                    }
                    let _ = write!(text, "{}: ", origin.place(location));
                }
            }
        }
        text.push_str(message);
        properties.push(format!("title={}", escape_property(title)));
        writeln!(
            self.out,
            "::{level} {}::{}",
            properties.join(","),
            escape_data(&text)
        )
    }

    fn group(&mut self, group: &Group) -> io::Result<()> {
        let Some(first) = group.examples.first() else {
            return Ok(());
        };
        let level = match group.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let finding = &first.finding;
        let mut message = format!(
            "{}: expected {}, found {}",
            finding.pointer, group.expected, finding.found
        );
        if let Some(hint) = &group.hint {
            let _ = write!(message, "; {hint}");
        }
        if let Some(related) = related_text(finding) {
            let _ = write!(message, "; {related}");
        }
        if group.count > 1 {
            let _ = write!(
                message,
                " ({} times in {}; group {})",
                group.count,
                counted(group.inputs, "input"),
                group.fingerprint
            );
            let others: Vec<String> = group.examples[1..]
                .iter()
                .map(|e| {
                    let place = e.origin.place(e.finding.location);
                    match related_text(&e.finding) {
                        Some(related) => format!("{place} ({related})"),
                        None => place,
                    }
                })
                .collect();
            if !others.is_empty() {
                let _ = write!(message, "; also at {}", others.join(", "));
            }
        }
        let title = format!("{}[{}] {}", level, group.rule, group.pointer);
        self.command(
            level,
            Some((&first.origin, finding.location)),
            &title,
            &message,
        )
    }

    fn problems(&mut self, group: &ProblemGroup) -> io::Result<()> {
        let title = format!("not checked[{}]", group.kind);
        for (origin, problem) in &group.examples {
            let message = format!("the input {problem}");
            self.command(
                "error",
                Some((origin, problem.location())),
                &title,
                &message,
            )?;
        }
        let rest = group.count - group.examples.len();
        if rest > 0 {
            let message = format!(
                "{} not checked for the same reason",
                counted(rest, "more input")
            );
            self.command("error", None, &title, &message)?;
        }
        Ok(())
    }

    fn skipped(&mut self, group: &SkipGroup) -> io::Result<()> {
        let title = format!("skipped[{}]", group.kind);
        for (origin, reason) in &group.examples {
            let message = format!("skipped: {reason}");
            self.command("warning", Some((origin, None)), &title, &message)?;
        }
        let message = match group.count - group.examples.len() {
            0 => return Ok(()),
            1 => "1 more entry was skipped for the same reason".to_owned(),
            rest => format!("{rest} more entries were skipped for the same reason"),
        };
        self.command("warning", None, &title, &message)
    }
}

impl<W: Write> Reporter for Github<W> {
    fn input(&mut self, _: &Outcome<'_>) -> io::Result<()> {
        // One annotation per group needs every input first.
        Ok(())
    }

    fn finish(&mut self, report: &Report<'_>) -> io::Result<()> {
        for group in report.groups.iter().filter(|g| !g.accepted) {
            self.group(group)?;
        }
        for group in report.problems {
            self.problems(group)?;
        }
        for group in report.skipped {
            self.skipped(group)?;
        }
        if let Some(why) = nothing_checked(report.summary) {
            self.command("error", None, "nothing checked", &why)?;
        }
        for entry in report.stale {
            let message = format!(
                "{} at {} no longer occurs; drop it from the baseline",
                entry.rule, entry.pointer
            );
            let title = format!("stale baseline entry {}", entry.fingerprint);
            self.command("notice", None, &title, &message)?;
        }
        let summary = report.summary;
        writeln!(self.out, "{}", counts_line(summary))?;
        writeln!(
            self.out,
            "{} (exit {})",
            verdict_line(summary),
            summary.exit_code
        )?;
        self.out.flush()
    }
}

/// Escapes a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property's value, where `:` and `,` are delimiters.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_and_line_breaks_are_escaped() {
        assert_eq!(escape_data("50% a\r\nb::c"), "50%25 a%0D%0Ab::c");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
