//! A progress line on stderr for long runs, so that a person at a terminal
//! sees a run over a multi-gigabyte capture moving. It appears only when
//! stderr is a terminal outside CI, and only once a run has gone on for a
//! while: pipes, log files and CI logs never get its control characters,
//! and short runs never flicker.
//!
//! When the report goes to the same terminal, each write to it happens
//! with the line taken down and redrawn after, so the two never mix.
//!
//! The line is revealed by a timer as well as by finished inputs, so that a
//! run over one large document shows it while that document is checked;
//! from then on indicatif redraws it on a steady tick.

use std::ffi::OsStr;
use std::io::IsTerminal;
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How long a run goes on before the line appears.
const DELAY: Duration = Duration::from_millis(500);

/// Whether to show progress: on a terminal, never in CI (whose logs are
/// files, even when a runner fakes a terminal), never when asked not to.
pub fn wanted(stderr_is_terminal: bool, ci: Option<&OsStr>, disabled: bool) -> bool {
    let in_ci = ci.is_some_and(|value| !value.is_empty() && value != "false" && value != "0");
    stderr_is_terminal && !in_ci && !disabled
}

/// How often indicatif redraws a shown line by itself, between inputs.
const TICK: Duration = Duration::from_millis(200);

/// The progress line of one run, hidden until it is due.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
    /// Shared with the timer that may reveal the line.
    state: Arc<Mutex<State>>,
    /// The report is written to the terminal the line is drawn on.
    shares_terminal: bool,
    inputs: u64,
    with_problems: u64,
}

#[derive(Debug, Default)]
struct State {
    shown: bool,
    finished: bool,
}

impl Progress {
    /// Progress for this process, unless `disabled`. `report_to_stdout`
    /// says whether the report is written to standard output as it goes.
    pub fn for_this_process(disabled: bool, report_to_stdout: bool) -> Self {
        let ci = std::env::var_os("CI");
        let show = wanted(std::io::stderr().is_terminal(), ci.as_deref(), disabled);
        let shares_terminal = report_to_stdout && std::io::stdout().is_terminal();
        let progress = Self::new(show, shares_terminal);
        progress.reveal_after_delay();
        progress
    }

    /// Progress that is drawn (when due) only if `show`.
    pub fn new(show: bool, shares_terminal: bool) -> Self {
        let bar = show.then(|| {
            let style = ProgressStyle::with_template(
                "{spinner} {elapsed} {binary_bytes} checked ({binary_bytes_per_sec}): {msg}",
            )
            .expect("the progress template is valid: it is a constant");
            ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
                .with_style(style)
                .with_message("no input done yet")
        });
        let now = Instant::now();
        Self {
            bar,
            started: now,
            state: Arc::default(),
            shares_terminal,
            inputs: 0,
            with_problems: 0,
        }
    }

    /// Starts the timer that shows the line once the run has gone on for
    /// the delay, whether or not an input is done by then. Without a
    /// thread to spare, the line waits for the first input done after it.
    fn reveal_after_delay(&self) {
        let Some(bar) = self.bar.clone() else {
            return;
        };
        let state = Arc::clone(&self.state);
        let due = self.started + DELAY;
        let _ = thread::Builder::new()
            .name("validate-progress".to_owned())
            .spawn(move || {
                // Parking may end early; the loop waits out the delay.
                while let Some(left) = due.checked_duration_since(Instant::now()) {
                    thread::park_timeout(left);
                }
                reveal(&bar, &state);
            });
    }

    /// Counts one reported input of `bytes` bytes.
    pub fn advance(&mut self, bytes: usize, problem: bool) {
        let Some(bar) = &self.bar else {
            return;
        };
        self.inputs += 1;
        self.with_problems += u64::from(problem);
        bar.inc(bytes as u64);
        if self.started.elapsed() >= DELAY {
            reveal(bar, &self.state);
        }
        // Kept current with every input, so that the line never shows
        // counts behind the report; on a terminal that costs nothing worth
        // saving.
        let plural = if self.inputs == 1 { "" } else { "s" };
        bar.set_message(format!(
            "{} input{plural}, {} with problems",
            self.inputs, self.with_problems
        ));
    }

    /// Runs `write`, which writes to the report, with the line taken down
    /// if both share a terminal.
    pub fn around_report<T>(&self, write: impl FnOnce() -> T) -> T {
        // The timer may reveal the line at any moment, so a hidden line is
        // suspended too; for a hidden one that costs next to nothing.
        match &self.bar {
            Some(bar) if self.shares_terminal => bar.suspend(write),
            _ => write(),
        }
    }

    /// Runs `write`, which writes to stderr, with the line taken down.
    pub fn around_stderr<T>(&self, write: impl FnOnce() -> T) -> T {
        match &self.bar {
            Some(bar) => bar.suspend(write),
            None => write(),
        }
    }

    /// Takes the line down for good, before the report's end is written.
    pub fn finish(&mut self) {
        let mut state = lock(&self.state);
        state.finished = true;
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    /// Whether the line has been drawn.
    pub fn is_shown(&self) -> bool {
        lock(&self.state).shown
    }
}

/// Shows the line, unless it is shown already or the run has finished.
fn reveal(bar: &ProgressBar, state: &Mutex<State>) {
    let mut state = lock(state);
    if state.shown || state.finished {
        return;
    }
    state.shown = true;
    bar.set_draw_target(ProgressDrawTarget::stderr());
    bar.enable_steady_tick(TICK);
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
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
    fn the_timer_shows_the_line_while_no_input_is_done() {
        let mut progress = Progress::new(true, false);
        progress.reveal_after_delay();
        // Generous: only that it comes, not when, is under test.
        let give_up = Instant::now() + DELAY * 20;
        while !progress.is_shown() && Instant::now() < give_up {
            thread::sleep(DELAY / 10);
        }
        assert!(progress.is_shown());
        progress.finish();
    }

    #[test]
    fn a_finished_run_is_never_revealed() {
        // The timer may fire just after the run has finished.
        let progress = Progress::new(true, false);
        let bar = progress.bar.clone().expect("a bar is made when shown");
        lock(&progress.state).finished = true;
        reveal(&bar, &progress.state);
        assert!(!progress.is_shown());
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
