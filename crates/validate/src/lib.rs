//! `validate`: checks responses of Autobutler's Mechanics API against their
//! documented contract.
//!
//! The pipeline is one path for every input: a source yields documents,
//! each is parsed and checked into a [`check::Verdict`], and a reporter
//! renders verdicts. [`run`] wires it together and decides the exit code.

pub mod aggregate;
pub mod baseline;
pub mod check;
pub mod cli;
pub mod diff;
pub mod doc_check;
pub mod document;
pub mod error;
pub mod excerpt;
pub mod exit;
pub mod finding;
pub mod generate;
pub mod input;
pub mod parse;
pub mod pipeline;
pub mod progress;
pub mod redact;
pub mod report;
mod schema_cmd;
pub mod scrub;
pub mod session;
pub mod shape;
mod write;

use std::io::{self, Write};
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::time::Instant;

use anstream::ColorChoice;

use mechanics_model::{ENDPOINTS, Endpoint, endpoint_by_name};

use crate::check::Checker;
use crate::cli::{CheckArgs, Cli, Color, Command, GenerateArgs, LiveArgs, SchemaArgs};
use crate::error::Error;
use crate::input::Source;
use crate::input::live::TokenSource;
use crate::pipeline::Checked;
use crate::progress::Progress;
use crate::report::Reporter;
use crate::session::Session;

/// Runs a parsed command line and returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Some(Command::Schema(args)) => run_schema(&args),
        Some(Command::DocCheck(args)) => doc_check::run(&args),
        Some(Command::Diff(args)) => diff::run(&args).map_err(Error::from),
        Some(Command::Generate(args)) => run_generate(&args),
        None => run_check(&cli.check),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            let mut err = anstream::stderr();
            // Nothing sensible is left to do if stderr is gone as well.
            let _ = writeln!(err, "validate: error: {}", scrub::scrub(&error.chain()));
            exit::USAGE
        }
    }
}

/// The stream setting for a `--color` choice.
pub(crate) fn color_choice(color: Color) -> anstream::ColorChoice {
    match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    }
}

/// Writes one diagnostic line to standard error.
pub(crate) fn diagnostic(message: &str) -> io::Result<()> {
    writeln!(anstream::stderr(), "validate: {message}")
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
        openapi,
    } = args;
    let endpoint = endpoint(name)?;
    match write {
        None if *openapi => {
            let mut out = io::stdout().lock();
            let printed = schema_cmd::print_openapi(&mut out).and_then(|()| out.flush());
            if let Err(error) = printed {
                return quiet_on_broken_pipe(error, "<stdout>");
            }
        }
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
        input_format,
        urls,
        live,
        schema,
        endpoint: endpoint_name,
        format,
        color,
        output,
        deny_drift,
        baseline,
        write_baseline,
        jobs,
        no_progress,
    } = args;
    let started = Instant::now();
    let endpoint = endpoint(endpoint_name)?;
    if paths.is_empty() && urls.is_empty() {
        return Err(Error::NoInput);
    }
    stdin_at_most_once(paths)?;
    refuse_overwriting_inputs(paths, output.as_deref(), write_baseline.as_deref())?;
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
    }
    .deny_drift(*deny_drift);
    // Tokens are read only when something is fetched, so that a missing
    // login variable does not stop a run over files.
    let targets = urls
        .iter()
        .map(|url| input::live::target(url, endpoint))
        .collect::<Result<Vec<_>, _>>()?;
    let live = if urls.is_empty() {
        None
    } else {
        Some(live_options(live)?)
    };
    let settings = input::Settings {
        format: *input_format,
        endpoint,
        defer_reading: true,
    };
    let baseline = match baseline {
        None => None,
        Some(path) => Some(
            baseline::Baseline::load(path).map_err(|source| Error::Baseline {
                path: path.clone(),
                source,
            })?,
        ),
    };

    let choice = match color {
        Color::Auto => anstream::ColorChoice::Auto,
        Color::Always => anstream::ColorChoice::Always,
        Color::Never => anstream::ColorChoice::Never,
    };
    // A report for a file is built in memory and written whole at the end.
    let mut buffer = Vec::new();
    let sink: Box<dyn Write + '_> = match output {
        None => Box::new(scrub::Scrubbed::new(anstream::AutoStream::new(
            io::stdout().lock(),
            choice,
        ))),
        Some(_) => Box::new(scrub::Scrubbed::new(anstream::AutoStream::new(
            &mut buffer,
            choice,
        ))),
    };
    // The reporter borrows the report buffer; the block ends that borrow
    // before the buffer is written to its file.
    let (session, finished, failures) = {
        let mut run = Run {
            reporter: report::printer(*format, sink),
            session: Session::new(endpoint.name, baseline),
            broken: None,
            failures: Vec::new(),
            // Only the JSON report is written while inputs are checked;
            // the others are written after the line is gone.
            progress: Progress::for_this_process(
                *no_progress,
                output.is_none() && *format == cli::Format::Json,
            ),
        };
        let paths = paths.iter().map(|path| Source::Path(path));
        let urls = live
            .iter()
            .flat_map(|options| targets.iter().map(move |url| Source::Url(url, options)));
        let sources: Vec<Source<'_>> = paths.chain(urls).collect();
        let read = |sink: &mut input::Sink<'_>| {
            for source in &sources {
                if input::read(*source, &settings, sink).is_break() {
                    break;
                }
            }
        };
        let report = |checked| run.checked(checked);
        if worth_threads(&sources) {
            let limits = pipeline::Limits::new(workers(*jobs));
            pipeline::check_in_order(&checker, limits, read, report);
        } else {
            pipeline::check_here(&checker, read, report);
        }
        let Run {
            mut reporter,
            mut session,
            broken,
            failures,
            mut progress,
        } = run;
        progress.finish();
        if let Some(error) = broken {
            return quiet_on_broken_pipe(error, "<stdout>").map(|_| session.exit_code_so_far());
        }
        session.close(started.elapsed());
        let finished = reporter.finish(&session.report());
        (session, finished, failures)
    };
    if let Err(error) = finished {
        return quiet_on_broken_pipe(error, "<stdout>").map(|_| session.summary().exit_code);
    }

    let written = write_files(
        &session,
        &buffer,
        output.as_deref(),
        write_baseline.as_deref(),
    );
    if let (Ok(()), Some(path)) = (&written, output) {
        terminal_summary(session.summary(), path, choice);
    }
    // Said last, where it is seen: the run failed, whatever the inputs held.
    let mut err = anstream::stderr();
    for failure in &failures {
        let _ = writeln!(err, "validate: error: {}", failure.chain());
    }
    written?;
    if !failures.is_empty() {
        return Ok(exit::USAGE);
    }
    Ok(session.summary().exit_code)
}

fn live_options(args: &LiveArgs) -> Result<input::live::Options, Error> {
    let LiveArgs {
        token_env,
        token_file,
        login,
        email_env,
        password_env,
        connect_timeout,
        timeout,
        max_body,
        retries,
        retry_delay,
        save,
    } = args;
    if let Some(dir) = save {
        input::live::prepare_save(dir)?;
    }
    let token = match (login, token_file) {
        (true, _) => TokenSource::login(email_env, password_env)?,
        (false, Some(path)) => TokenSource::from_file(path)?,
        (false, None) => TokenSource::from_env(token_env)?,
    };
    Ok(input::live::Options {
        token,
        connect_timeout: *connect_timeout,
        timeout: *timeout,
        max_body: *max_body,
        retries: *retries,
        retry_delay: *retry_delay,
        save: save.clone(),
    })
}

/// The one path every checked item takes on its way out: count, report.
struct Run<'a> {
    reporter: Box<dyn Reporter + 'a>,
    session: Session,
    /// Set when stdout failed; the run stops.
    broken: Option<io::Error>,
    /// What could not be done; the run goes on, then fails.
    failures: Vec<Error>,
    progress: Progress,
}

impl Run<'_> {
    fn checked(&mut self, checked: Checked) -> ControlFlow<()> {
        let Self {
            reporter,
            session,
            progress,
            ..
        } = self;
        let written = match checked {
            Checked::Verdict(origin, verdict, bytes) => {
                let written =
                    progress.around_report(|| session.add(reporter.as_mut(), &origin, &verdict));
                progress.advance(bytes, verdict.fails());
                written
            }
            Checked::Skipped(origin, reason) => {
                progress.around_report(|| session.skip(reporter.as_mut(), &origin, &reason))
            }
            Checked::Failed(error) => {
                self.failures.push(error);
                Ok(())
            }
            Checked::Note(origin, note) => {
                // A lost diagnostic is no reason to stop the report.
                progress.around_stderr(|| {
                    let mut err = anstream::stderr();
                    let line = format!("validate: {}: {origin}: {note}", note.level());
                    let _ = writeln!(err, "{}", scrub::scrub(&line));
                });
                Ok(())
            }
        };
        match written {
            Ok(()) => ControlFlow::Continue(()),
            Err(error) => {
                self.broken = Some(error);
                ControlFlow::Break(())
            }
        }
    }
}

/// Refuses `-` named twice: the second would read an empty stream and
/// report it as an empty input.
pub(crate) fn stdin_at_most_once(paths: &[std::path::PathBuf]) -> Result<(), Error> {
    let stdin = paths.iter().filter(|p| p.as_os_str() == "-").count();
    if stdin > 1 {
        return Err(Error::StdinTwice);
    }
    Ok(())
}

/// Files at most this large are checked without starting threads.
const ONE_THREAD_BYTES: u64 = 1024 * 1024;

/// Whether checking on several threads can pay for starting them. One small
/// file holds too little work: it is checked before the threads would have
/// started, and a CI step that checks one response should start at once.
fn worth_threads(sources: &[Source<'_>]) -> bool {
    match sources {
        [Source::Path(path)] if *path != std::path::Path::new("-") => !std::fs::metadata(path)
            .is_ok_and(|meta| meta.is_file() && meta.len() <= ONE_THREAD_BYTES),
        _ => true,
    }
}

/// The threads that check documents: as asked, or one per core.
fn workers(jobs: Option<NonZeroUsize>) -> NonZeroUsize {
    jobs.or_else(|| std::thread::available_parallelism().ok())
        .unwrap_or(NonZeroUsize::MIN)
}

/// A report or baseline written over an input (or over each other) would
/// destroy what the run was about; both are refused before anything runs.
fn refuse_overwriting_inputs(
    paths: &[std::path::PathBuf],
    output: Option<&std::path::Path>,
    baseline: Option<&std::path::Path>,
) -> Result<(), Error> {
    let same = |a: &std::path::Path, b: &std::path::Path| {
        a == b
            || matches!(
                (std::fs::canonicalize(a), std::fs::canonicalize(b)),
                (Ok(a), Ok(b)) if a == b
            )
    };
    for (written, flag) in [(output, "--output"), (baseline, "--write-baseline")] {
        let Some(written) = written else { continue };
        if let Some(input) = paths.iter().find(|input| same(input, written)) {
            return Err(Error::Overwrite {
                path: input.clone(),
                flag,
                what: "an input of this run",
            });
        }
    }
    if let (Some(output), Some(baseline)) = (output, baseline)
        && same(output, baseline)
    {
        return Err(Error::Overwrite {
            path: output.to_path_buf(),
            flag: "--output",
            what: "the --write-baseline file",
        });
    }
    Ok(())
}

/// Writes the report kept for `--output`, then the baseline, each
/// atomically. The report goes first: it is what the run was for.
fn write_files(
    session: &Session,
    report: &[u8],
    output: Option<&std::path::Path>,
    baseline: Option<&std::path::Path>,
) -> Result<(), Error> {
    let failed = |path: &std::path::Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Some(path) = output {
        write::write_atomically(path, report).map_err(failed(path))?;
    }
    if let Some(path) = baseline {
        let unchecked = session.summary().not_checked;
        if unchecked > 0 {
            let _ = writeln!(
                anstream::stderr(),
                "validate: warning: {} could not be checked; the baseline `{}` lists the \
                 findings of the others and keeps the entries it was given",
                report::counted(unchecked, "input"),
                path.display()
            );
        }
        write::write_atomically(path, &session.baseline_file()).map_err(failed(path))?;
    }
    Ok(())
}

/// The few lines that stay on the terminal when the report goes to a file.
fn terminal_summary(summary: &report::Summary, path: &std::path::Path, choice: ColorChoice) {
    let mut err = anstream::AutoStream::new(io::stderr().lock(), choice);
    // The report itself is safe in its file; a closed stderr loses only
    // this courtesy.
    let _ = writeln!(err, "{}", report::counts_line(summary));
    let _ = writeln!(
        err,
        "{} (exit {}); report written to {}",
        report::verdict_line(summary),
        summary.exit_code,
        path.display()
    );
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::{ONE_THREAD_BYTES, Source, worth_threads};

    #[test]
    fn threads_start_for_everything_but_one_small_file() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.json");
        let large = dir.path().join("large.ndjson");
        std::fs::write(&small, "{}").unwrap();
        let size = usize::try_from(ONE_THREAD_BYTES).unwrap() + 1;
        std::fs::write(&large, vec![b'\n'; size]).unwrap();
        let stdin = Path::new("-");

        assert!(!worth_threads(&[Source::Path(&small)]));
        assert!(worth_threads(&[Source::Path(&large)]));
        assert!(worth_threads(&[Source::Path(&small), Source::Path(&small)]));
        assert!(worth_threads(&[Source::Path(dir.path())]));
        // Standard input may be an endless stream.
        assert!(worth_threads(&[Source::Path(stdin)]));
    }
}
