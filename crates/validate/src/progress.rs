//! A progress line on stderr for long runs, so that a person at a terminal
//! sees a run over a multi-gigabyte capture moving. It appears only when
//! stderr is a terminal outside CI, and only once a run has gone on for a
//! while: pipes, log files and CI logs never get its control characters,
//! and short runs never flicker.
//!
//! When the report goes to the same terminal, each write to it happens
//! with the line taken down and redrawn after, so the two never mix.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes on before the line appears.
const DELAY: Duration = Duration::from_millis(500);

/// How often the counts in the line are rewritten; the bytes and rate are
/// indicatif's own and redraw at its pace.
const MESSAGE_EVERY: Duration = Duration::from_millis(100);

/// Whether to show progress: on a terminal, never in CI (whose logs are
/// files, even when a runner fakes a terminal), never when asked not to.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&OsStr>, disabled: bool) -> bool {
    let in_ci = ci.is_some_and(|value| !value.is_empty() && value != "false" && value != "0");
    stderr_is_terminal && !in_ci && !disabled
}

/// The progress line of one run, hidden until it is due.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: bool,
    /// The report is written to the terminal the line is drawn on.
    shares_terminal: bool,
    inputs: u64,
    with_problems: u64,
    last_message: Instant,
}

impl Progress {
    /// Progress for this process, unless `disabled`. `report_to_stdout`
    /// says whether the report is written to standard output as it goes.
    pub fn for_this_process(disabled: bool, report_to_stdout: bool) -> Self {
        let ci = std::env::var_os("CI");
        let show = wanted(std::io::stderr().is_terminal(), ci.as_deref(), disabled);
        let shares_terminal = report_to_stdout && std::io::stdout().is_terminal();
        Self::new(show, shares_terminal)
    }

    /// Progress that is drawn (when due) only if `show`.
    pub fn new(show: bool, shares_terminal: bool) -> Self {
        let bar = show.then(|| {
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed} {binary_bytes} checked ({binary_bytes_per_sec}): {msg}",
            )
            .expect("the progress template is valid: it is a constant");
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden()).with_style(style)
        });
        let now = Instant::now();
        Self {
            bar,
            started: now,
            shown: false,
            shares_terminal,
            inputs: 0,
            with_problems: 0,
            last_message: now,
        }
    }

    /// Counts one reported input of `bytes` bytes.
    pub fn advance(&mut self, bytes: usize, problem: bool) {
        let Some(bar) = &self.bar else {
            return;
        };
        self.inputs += 1;
        self.with_problems += u64::from(problem);
        bar.inc(bytes as u64);
        let now = Instant::now();
        if !self.shown && now.duration_since(self.started) >= DELAY {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        if self.shown && now.duration_since(self.last_message) >= MESSAGE_EVERY {
            self.last_message = now;
            let plural = if self.inputs == 1 { "" } else { "s" };
            bar.set_message(format!(
                "{} input{plural}, {} with problems",
                self.inputs, self.with_problems
            ));
        }
    }

    /// Runs `write`, which writes to the report, with the line taken down
    /// if both share a terminal.
    pub fn around_report<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if self.shown && self.shares_terminal => bar.suspend(write),
            _ => write(),
        }
    }

    /// Runs `write`, which writes to stderr, with the line taken down.
    pub fn around_stderr<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) if self.shown => bar.suspend(write),
            _ => write(),
        }
    }

    /// Takes the line down for good, before the report's end is written.
    pub fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Whether the line has been drawn.
    pub fn is_shown(&self) -> bool {
        self.shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_terminal_outside_ci_gets_progress() {
        assert!(wanted(true, None, false));
        assert!(!wanted(false, None, false), "a pipe or a file");
        assert!(!wanted(true, Some(OsStr::new("true")), false), "CI");
        assert!(!wanted(true, Some(OsStr::new("1")), false), "CI");
        assert!(!wanted(true, None, true), "--no-progress");
        assert!(wanted(true, Some(OsStr::new("")), false), "CI set empty");
        assert!(wanted(true, Some(OsStr::new("false")), false), "CI=false");
    }

    #[test]
    fn the_line_appears_only_after_the_delay() {
        let mut progress = Progress::new(true, false);
        progress.advance(10, false);
        assert!(!progress.is_shown());
        progress.started -= DELAY;
        progress.advance(10, true);
        assert!(progress.is_shown());
        progress.finish();
    }

    #[test]
    fn hidden_progress_never_shows() {
        let mut progress = Progress::new(false, true);
        progress.started -= DELAY * 2;
        progress.advance(10, false);
        assert!(!progress.is_shown());
        assert_eq!(progress.around_report(|| 7), 7);
    }
}
