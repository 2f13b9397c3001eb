//! The diff's report: one line per change for people, one JSON record per
//! change for scripts, each closed by a summary.

use std::io::{self, Write};
use std::path::Path;

use anstyle::{AnsiColor, Style};
use serde::Serialize;

use super::change::{Change, Class, Kind};
use crate::exit;

/// The version of the record layout; bumped on incompatible changes.
const FORMAT_VERSION: u32 = 1;

const BREAKING: Style = AnsiColor::Red.on_default().bold();
const COMPATIBLE: Style = AnsiColor::Green.on_default().bold();
const PLACE: Style = Style::new().bold();

/// What a diff run found.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// The old schema's file.
    pub old: &'a Path,
    /// The new schema's file.
    pub new: &'a Path,
    /// Every change.
    pub changes: &'a [Change],
    /// The exit code the run ends with.
    pub exit_code: u8,
}

impl Outcome<'_> {
    fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }
}

/// Writes the human report to standard output.
pub fn human(outcome: &Outcome<'_>, color: anstream::ColorChoice) -> io::Result<()> {
    let mut out = anstream::AutoStream::new(io::stdout().lock(), color);
    for change in outcome.changes {
        let style = match change.class {
            Class::Breaking => BREAKING,
            Class::Compatible => COMPATIBLE,
        };
        writeln!(
            out,
            "{style}{}[{}]{style:#} {PLACE}{}{PLACE:#}: {}",
            change.class.name(),
            change.kind,
            change.path,
            change.detail
        )?;
    }
    let (breaking, compatible) = (
        outcome.count(Class::Breaking),
        outcome.count(Class::Compatible),
    );
    let total = outcome.changes.len();
    let plural = if total == 1 { "" } else { "s" };
    writeln!(
        out,
        "compared {} with {}: {total} change{plural}, {breaking} breaking, {compatible} compatible",
        outcome.old.display(),
        outcome.new.display(),
    )?;
    let (style, verdict) = if outcome.exit_code == exit::VALID {
        (
            COMPATIBLE,
            "compatible: every body the new schema allows, the old one allowed",
        )
    } else {
        (
            BREAKING,
            "breaking: clients built for the old schema may refuse bodies the new one allows",
        )
    };
    writeln!(
        out,
        "{style}{verdict}{style:#} (exit {})",
        outcome.exit_code
    )?;
    out.flush()
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Record<'a> {
    Change {
        class: Class,
        kind: Kind,
        path: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        old_at: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        new_at: Option<String>,
        detail: &'a str,
    },
    Summary {
        version: u32,
        old: String,
        new: String,
        changes: usize,
        breaking: usize,
        compatible: usize,
        exit_code: u8,
    },
}

/// Writes JSON Lines to standard output: a `change` record per change and a
/// closing `summary` record. Schema places are URI fragments (`#/$defs/A`).
pub fn json(outcome: &Outcome<'_>) -> io::Result<()> {
    let mut out = io::stdout().lock();
    let fragment = |at: &Option<String>| at.as_ref().map(|at| format!("#{at}"));
    for change in outcome.changes {
        write_record(
            &mut out,
            &Record::Change {
                class: change.class,
                kind: change.kind,
                path: change.path.to_string(),
                old_at: fragment(&change.old_at),
                new_at: fragment(&change.new_at),
                detail: &change.detail,
            },
        )?;
    }
    write_record(
        &mut out,
        &Record::Summary {
            version: FORMAT_VERSION,
            old: outcome.old.display().to_string(),
            new: outcome.new.display().to_string(),
            changes: outcome.changes.len(),
            breaking: outcome.count(Class::Breaking),
            compatible: outcome.count(Class::Compatible),
            exit_code: outcome.exit_code,
        },
    )?;
    out.flush()
}

fn write_record(out: &mut impl Write, record: &Record<'_>) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}
