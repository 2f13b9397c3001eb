//! `validate`: checks responses of Autobutler's Mechanics API against their
//! documented contract.
//!
//! The pipeline is one path for every input: a source yields documents,
//! each is parsed and checked into a [`check::Verdict`], and a reporter
//! renders verdicts. [`run`] wires it together and decides the exit code.

pub mod check;
pub mod cli;
pub mod document;
pub mod error;
pub mod excerpt;
pub mod exit;
pub mod finding;
pub mod generate;
pub mod input;
pub mod parse;
pub mod redact;
pub mod report;
mod schema_cmd;
mod write;

use std::io::{self, Write};
use std::time::Instant;

use mechanics_model::{ENDPOINTS, Endpoint, endpoint_by_name};

use crate::check::{Checker, Verdict};
use crate::cli::{CheckArgs, Cli, Color, Command, Format, GenerateArgs, SchemaArgs};
use crate::error::Error;
use crate::report::{Reporter, Summary};

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Some(Command::Schema(args)) => run_schema(&args),
        Some(Command::Generate(args)) => run_generate(&args),
        None => run_check(&cli.check),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let mut err = anstream::stderr();
            // Nothing sensible is left to do if stderr is gone as well.
            let _ = writeln!(err, "validate: error: {}", error.chain());
            exit::USAGE
        }
    }
}

fn endpoint(name: &str) -> Result<&'static Endpoint, Error> {
    endpoint_by_name(name).ok_or_else(|| Error::UnknownEndpoint {
        name: name.to_owned(),
        known: ENDPOINTS
            .iter()
            .map(|e| e.name)
            .collect::<Vec<_>>()
            .join(", "),
    })
}

fn run_schema(args: &SchemaArgs) -> Result<u8, Error> {
    let SchemaArgs {
        write,
        endpoint: name,
    } = args;
    let endpoint = endpoint(name)?;
    match write {
        Some(dir) => {
            for path in schema_cmd::write_all(dir)? {
                let _ = writeln!(anstream::stderr(), "wrote {}", path.display());
            }
        }
        None => {
            let mut out = io::stdout().lock();
            if let Err(error) = schema_cmd::print(endpoint, &mut out).and_then(|()| out.flush()) {
                return quiet_on_broken_pipe(error, "<stdout>");
            }
        }
    }
    Ok(exit::VALID)
}

fn run_generate(args: &GenerateArgs) -> Result<u8, Error> {
    match generate::run(args) {
        // A reader that stops early, such as `head`, has what it wanted.
        Err(Error::Write { path, source })
            if path.as_os_str() == generate::STDOUT
                && source.kind() == io::ErrorKind::BrokenPipe =>
        {
            Ok(exit::VALID)
        }
        result => result,
    }
}

fn quiet_on_broken_pipe(error: io::Error, path: &str) -> Result<u8, Error> {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return Ok(exit::VALID);
    }
    Err(Error::Write {
        path: path.into(),
        source: error,
    })
}

fn run_check(args: &CheckArgs) -> Result<u8, Error> {
    let CheckArgs {
        paths,
        schema,
        endpoint: endpoint_name,
        format,
        color,
    } = args;
    let started = Instant::now();
    let endpoint = endpoint(endpoint_name)?;
    if paths.is_empty() {
        return Err(Error::NoInput);
    }
    let checker = match schema {
        None => Checker::builtin(endpoint),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| Error::ReadSchema {
                path: path.clone(),
                source,
            })?;
            Checker::with_schema(endpoint, &text).map_err(|source| Error::Schema {
                path: path.clone(),
                source,
            })?
        }
    };

    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    let stdout = anstream::AutoStream::new(io::stdout().lock(), choice);
    let mut reporter: Box<dyn Reporter> = match format {
        Format::Human => Box::new(report::Human::new(stdout)),
        Format::Json => Box::new(report::Json::new(stdout)),
    };

    let mut summary = Summary::default();
    for path in paths {
        let (origin, verdict) = match input::read_path(path) {
            Ok(document) => {
                let verdict = checker.check(&document.bytes);
                (document.origin, verdict)
            }
            Err((origin, problem)) => (origin, Verdict::NotChecked(problem)),
        };
        tally(&mut summary, &verdict);
        if let Err(error) = reporter.input(&origin, &verdict) {
            return quiet_on_broken_pipe(error, "<stdout>").map(|_| summary.exit_code_so_far());
        }
    }
    summary.elapsed = started.elapsed();
    summary.exit_code = summary.exit_code_so_far();
    if let Err(error) = reporter.finish(&summary) {
        return quiet_on_broken_pipe(error, "<stdout>").map(|_| summary.exit_code);
    }
    Ok(summary.exit_code)
}

fn tally(summary: &mut Summary, verdict: &Verdict) {
    summary.inputs += 1;
    match verdict {
        Verdict::Checked(findings) if findings.is_empty() => summary.valid += 1,
        Verdict::Checked(findings) => {
            summary.with_violations += 1;
            summary.findings += findings.len();
        }
        Verdict::NotChecked(_) => summary.not_checked += 1,
    }
}

impl Summary {
    /// The exit code for the counts so far; "not checked" wins over
    /// violations, and a run that checked nothing never passes.
    pub fn exit_code_so_far(&self) -> u8 {
        if self.not_checked > 0 || self.inputs == 0 {
            exit::NOT_CHECKED
        } else if self.with_violations > 0 {
            exit::VIOLATION
        } else {
            exit::VALID
        }
    }
}
