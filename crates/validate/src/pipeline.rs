//! Checking on every core while the report keeps the input order.
//!
//! One thread reads the sources, numbering every item it meets; worker
//! threads check documents; the calling thread puts verdicts back into
//! their order and hands them on. Reading runs ahead of the report by at
//! most a window of items and of document bytes, so memory stays flat
//! however long a stream is, and nothing waits for a whole batch: a slow
//! stream on standard input is reported line by line.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Condvar, Mutex, PoisonError, TryLockError};
use std::thread;

use crate::check::{Checker, Verdict};
use crate::document::{Document, Origin};
use crate::error::Error;
use crate::finding::InputProblem;
use crate::input;
use crate::input::{Item, Note, Sink, Skip};

/// The stack of each worker thread. Parsing, validating against a recursive
/// schema, walking and dropping a value recurse once per level of nesting,
/// up to the parser's limit of 256 levels. In an unoptimised build a
/// recursive schema followed that deep needs more than 512 KiB (a test
/// does it), close to the 2 MiB that spawned threads get by default. The
/// main thread, which checked everything before, has 8 MiB on Linux; the
/// workers get the same. Stack never touched costs no memory.
const WORKER_STACK: usize = 8 * 1024 * 1024;

/// How far reading may run ahead of the report.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Threads checking documents.
    pub workers: NonZeroUsize,
    /// Items read but not yet reported.
    pub items: usize,
    /// Bytes of documents read but not yet reported. A single document
    /// larger than this is still read, alone.
    pub bytes: usize,
}

impl Limits {
    /// Limits for `workers` checking threads. The window holds enough small
    /// documents to keep every worker busy while one of them is slow on a
    /// large document, and few enough bytes that an endless stream is held
    /// in a few megabytes.
    pub fn new(workers: NonZeroUsize) -> Self {
        Self {
            workers,
            items: 128 * workers.get(),
            bytes: 16 * 1024 * 1024,
        }
    }
}

/// Checked items on their way to the report, with their place in the input
/// and the bytes they hold in the window.
type Done = (u64, usize, Checked);

/// What a worker is given to check.
#[derive(Debug)]
enum Work {
    /// A body already read.
    Document(Document),
    /// A file to read first.
    File(PathBuf),
}

/// Verdicts a worker hands on at once. Waking the reporting thread for every
/// document costs more than a small document's check; a worker with no more
/// work hands on what it has at once, so nothing waits for a batch to fill.
const RESULT_BATCH: usize = 16;

/// Documents larger than this are checked with nothing held back.
const LARGE_DOCUMENT: usize = 1024 * 1024;

/// An item with its document checked, ready to report.
#[derive(Debug)]
pub enum Checked {
    /// An input's verdict, with the bytes its document had (0 when there
    /// was none).
    Verdict(Origin, Verdict, usize),
    /// Something read that holds nothing to check.
    Skipped(Origin, Skip),
    /// A note for the user.
    Note(Origin, Note),
    /// Something asked for that could not be done; the run fails at its
    /// end.
    Failed(Error),
}

/// Reads with `read`, checks every document with `checker` on
/// `limits.workers` threads, and hands each item to `report` in the order
/// `read` produced them. When `report` breaks, reading and checking stop.
pub fn check_in_order<R, F>(checker: &Checker, limits: Limits, read: R, mut report: F)
where
    R: FnOnce(&mut Sink<'_>) + Send,
    F: FnMut(Checked) -> ControlFlow<()>,
{
    let window = Window::new(limits);
    let (work_tx, work_rx) = mpsc::channel::<(u64, Work)>();
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::channel::<Vec<Done>>();
    // Kept here until the reader thread takes it, so that it is still at
    // hand if that thread cannot be started.
    let read = Mutex::new(Some(read));
    let take_read = || read.lock().unwrap_or_else(PoisonError::into_inner).take();

    thread::scope(|scope| {
        let started = (0..limits.workers.get())
            .filter(|_| {
                let done_tx = done_tx.clone();
                let (work_rx, window) = (&work_rx, &window);
                thread::Builder::new()
                    .name("validate-check".to_owned())
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, move || work(checker, work_rx, &done_tx, window))
                    .is_ok()
            })
            .count();
        let reader_done_tx = done_tx.clone();
        let window_ref = &window;
        // The reader owns the only sender of work: when it is done, or
        // never starts, the workers see the end of the work.
        let reader = (started > 0).then(|| {
            thread::Builder::new()
                .name("validate-read".to_owned())
                .spawn_scoped(scope, move || {
                    let Some(read) = take_read() else {
                        return;
                    };
                    let mut next = 0;
                    let mut sink = |item: Item| {
                        let seq = next;
                        next += 1;
                        hand_on(seq, item, window_ref, &work_tx, &reader_done_tx)
                    };
                    read(&mut sink);
                })
        });
        // Only the reader and the workers may keep the channel open, so
        // that it closes once everything read has been checked.
        drop(done_tx);
        match reader {
            Some(Ok(_)) => reorder(&done_rx, &window, &mut report),
            Some(Err(_)) | None => {
                if let Some(read) = take_read() {
                    check_here(checker, read, &mut report);
                }
            }
        }
    });
}

/// Sends one read item on: a document to the workers, anything else
/// straight to the report.
fn hand_on(
    seq: u64,
    item: Item,
    window: &Window,
    work_tx: &Sender<(u64, Work)>,
    done_tx: &Sender<Vec<Done>>,
) -> ControlFlow<()> {
    // A file not read yet takes no bytes: its worker reads it when it is
    // ready to check it.
    let bytes = match &item {
        Item::Document(document) => document.bytes.len(),
        _ => 0,
    };
    if !window.enter(bytes) {
        return ControlFlow::Break(());
    }
    let checked = match item {
        Item::Document(document) => return sent(work_tx.send((seq, Work::Document(document)))),
        Item::File(path) => return sent(work_tx.send((seq, Work::File(path)))),
        Item::Problem(origin, problem) => Checked::Verdict(origin, Verdict::NotChecked(problem), 0),
        Item::Skipped(origin, skip) => Checked::Skipped(origin, skip),
        Item::Note(origin, note) => Checked::Note(origin, note),
        Item::Failed(error) => Checked::Failed(error),
    };
    sent(done_tx.send(vec![(seq, 0, checked)]))
}

/// Going on while the other end listens.
fn sent<T>(result: Result<(), mpsc::SendError<T>>) -> ControlFlow<()> {
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(_) => ControlFlow::Break(()),
    }
}

/// One worker: checks documents until reading ends or the report stops.
/// It never waits for work while holding verdicts: the report may be
/// waiting for one of them, and the reader for the report.
fn work(
    checker: &Checker,
    work_rx: &Mutex<Receiver<(u64, Work)>>,
    done_tx: &Sender<Vec<Done>>,
    window: &Window,
) {
    let mut batch: Vec<Done> = Vec::with_capacity(RESULT_BATCH);
    loop {
        let (seq, work) = match next_job(work_rx) {
            Job::Ready(job) => job,
            Job::Ended => break,
            Job::Wait => {
                if flush(done_tx, &mut batch).is_err() {
                    return;
                }
                let received = work_rx
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .recv();
                match received {
                    Ok(job) => job,
                    Err(_) => break,
                }
            }
        };
        if window.is_stopped() {
            return;
        }
        let (held, item) = match work {
            Work::Document(document) => (document.bytes.len(), Item::Document(document)),
            Work::File(path) => (0, input::read_path(&path)),
        };
        // A large document takes a while: what is done already goes on
        // first, so that the report and the progress line never wait on it.
        let large = matches!(&item, Item::Document(d) if d.bytes.len() > LARGE_DOCUMENT);
        if large && flush(done_tx, &mut batch).is_err() {
            return;
        }
        batch.push((seq, held, check_item(checker, item)));
        if batch.len() >= RESULT_BATCH && flush(done_tx, &mut batch).is_err() {
            return;
        }
    }
    // A failed send means the report has stopped already.
    let _ = flush(done_tx, &mut batch);
}

/// Checks one item, reading it first if it is a file not read yet.
fn check_item(checker: &Checker, item: Item) -> Checked {
    let item = match item {
        Item::File(path) => input::read_path(&path),
        item => item,
    };
    match item {
        Item::Document(Document { origin, bytes }) => {
            let mut verdict = checker.check(&bytes);
            verdict.shift_lines(origin.first_line() - 1);
            Checked::Verdict(origin, verdict, bytes.len())
        }
        Item::Problem(origin, problem) => Checked::Verdict(origin, Verdict::NotChecked(problem), 0),
        Item::Skipped(origin, skip) => Checked::Skipped(origin, skip),
        Item::Note(origin, note) => Checked::Note(origin, note),
        Item::Failed(error) => Checked::Failed(error),
        // Reading a file yields a body or a problem, never another file.
        Item::File(path) => Checked::Verdict(
            Origin::File(path),
            Verdict::NotChecked(InputProblem::Unreadable {
                reason: "nothing was read".to_owned(),
            }),
            0,
        ),
    }
}

/// Reads with `read` and checks every document on the calling thread, in
/// order: for work too small to pay for threads, and for a system that
/// starts none.
pub fn check_here<R, F>(checker: &Checker, read: R, mut report: F)
where
    R: FnOnce(&mut Sink<'_>),
    F: FnMut(Checked) -> ControlFlow<()>,
{
    read(&mut |item| report(check_item(checker, item)));
}

enum Job {
    Ready((u64, Work)),
    /// Nothing at hand; taking the next job may block.
    Wait,
    /// Reading has ended and every job is taken.
    Ended,
}

/// The next job, if one can be had without waiting.
fn next_job(work_rx: &Mutex<Receiver<(u64, Work)>>) -> Job {
    let receiver = match work_rx.try_lock() {
        Ok(receiver) => receiver,
        Err(TryLockError::Poisoned(poisoned)) => poisoned.into_inner(),
        // Another worker is waiting for work: there is none at hand.
        Err(TryLockError::WouldBlock) => return Job::Wait,
    };
    match receiver.try_recv() {
        Ok(job) => Job::Ready(job),
        Err(TryRecvError::Empty) => Job::Wait,
        Err(TryRecvError::Disconnected) => Job::Ended,
    }
}

/// Hands on the verdicts held; an error when the report has stopped.
fn flush(done_tx: &Sender<Vec<Done>>, batch: &mut Vec<Done>) -> Result<(), ()> {
    if batch.is_empty() {
        return Ok(());
    }
    let full = std::mem::replace(batch, Vec::with_capacity(RESULT_BATCH));
    done_tx.send(full).map_err(drop)
}

/// Hands checked items to `report` in sequence order as they complete.
fn reorder<F>(done_rx: &Receiver<Vec<Done>>, window: &Window, report: &mut F)
where
    F: FnMut(Checked) -> ControlFlow<()>,
{
    let mut next = 0;
    let mut waiting: BTreeMap<u64, (usize, Checked)> = BTreeMap::new();
    for batch in done_rx {
        waiting.extend(
            batch
                .into_iter()
                .map(|(seq, held, checked)| (seq, (held, checked))),
        );
        while let Some((held, checked)) = waiting.remove(&next) {
            next += 1;
            let flow = report(checked);
            window.leave(held);
            if flow.is_break() {
                window.stop();
                return;
            }
        }
    }
}

/// The items and bytes between reading and the report.
#[derive(Debug)]
struct Window {
    limits: Limits,
    state: Mutex<WindowState>,
    changed: Condvar,
    stopped: AtomicBool,
}

#[derive(Debug, Default)]
struct WindowState {
    items: usize,
    bytes: usize,
    /// The reader waits for room.
    waiting: bool,
}

impl Window {
    fn new(limits: Limits) -> Self {
        Self {
            limits,
            state: Mutex::new(WindowState::default()),
            changed: Condvar::new(),
            stopped: AtomicBool::new(false),
        }
    }

    /// Waits for room for an item of `bytes` bytes and takes it; false
    /// when the report has stopped. An empty window always has room, so a
    /// document larger than the byte limit passes, alone.
    fn enter(&self, bytes: usize) -> bool {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if self.is_stopped() {
                return false;
            }
            let full = state.items >= self.limits.items
                || (state.items > 0 && state.bytes + bytes > self.limits.bytes);
            if !full {
                state.items += 1;
                state.bytes += bytes;
                return true;
            }
            state.waiting = true;
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn leave(&self, bytes: usize) {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        state.items -= 1;
        state.bytes -= bytes;
        // A waiting reader is woken once half the window is free, not for
        // every item: one wake-up then lets it read many. Everything in the
        // window is reported in time, so the window always drains there.
        let half_free =
            state.items <= self.limits.items / 2 && state.bytes <= self.limits.bytes / 2;
        if state.waiting && half_free {
            state.waiting = false;
            self.changed.notify_one();
        }
    }

    fn stop(&self) {
        // The flag is set under the lock so that a reader between its
        // check and its wait cannot miss the wake-up.
        let _state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        self.stopped.store(true, Ordering::SeqCst);
        self.changed.notify_all();
    }

    fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::InputProblem;

    fn checker() -> Checker {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
            .expect("the endpoint is registered");
        Checker::builtin(endpoint)
    }

    fn document(line: u64, text: &str) -> Item {
        Item::Document(Document {
            origin: Origin::NdjsonLine {
                source: Box::new(Origin::Stdin),
                line,
            },
            bytes: text.as_bytes().to_vec(),
        })
    }

    fn limits(workers: usize, items: usize, bytes: usize) -> Limits {
        Limits {
            workers: NonZeroUsize::new(workers).expect("tests ask for workers"),
            items,
            bytes,
        }
    }

    /// Lines whose verdicts differ in kind, so that a swap would show.
    fn mixed(count: u64) -> Vec<Item> {
        (1..=count)
            .map(|line| match line % 4 {
                0 => document(line, "not json"),
                1 => document(line, r#"{"mechanicIntegrations": []}"#),
                2 => Item::Problem(
                    Origin::NdjsonLine {
                        source: Box::new(Origin::Stdin),
                        line,
                    },
                    InputProblem::Empty,
                ),
                _ => document(line, "{}"),
            })
            .collect()
    }

    fn lines_and_kinds(limits: Limits, items: Vec<Item>) -> Vec<(u64, &'static str)> {
        let checker = checker();
        let mut seen = Vec::new();
        check_in_order(
            &checker,
            limits,
            |sink| {
                for item in items {
                    if sink(item).is_break() {
                        return;
                    }
                }
            },
            |checked| {
                let Checked::Verdict(Origin::NdjsonLine { line, .. }, verdict, _) = checked else {
                    panic!("only verdicts were sent: {checked:?}");
                };
                let kind = match verdict {
                    Verdict::Checked(findings) if findings.is_empty() => "valid",
                    Verdict::Checked(_) => "invalid",
                    Verdict::NotChecked(InputProblem::Empty) => "empty",
                    Verdict::NotChecked(_) => "syntax",
                };
                seen.push((line, kind));
                ControlFlow::Continue(())
            },
        );
        seen
    }

    #[test]
    fn verdicts_come_out_in_the_order_items_went_in() {
        let expected = lines_and_kinds(limits(1, 1, 1), mixed(200));
        assert_eq!(expected.len(), 200);
        assert_eq!(
            expected[..4],
            [(1, "valid"), (2, "empty"), (3, "invalid"), (4, "syntax")]
        );
        for workers in [2, 3, 8] {
            let parallel = lines_and_kinds(limits(workers, 64, 1 << 20), mixed(200));
            assert_eq!(parallel, expected, "{workers} workers");
        }
    }

    #[test]
    fn files_handed_on_unread_are_read_and_checked_in_order() {
        let dir = tempfile::tempdir().expect("a temporary folder can be made");
        let texts = [r#"{"mechanicIntegrations": []}"#, "{", "{}", ""];
        let mut paths: Vec<std::path::PathBuf> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let path = dir.path().join(format!("{i}.json"));
                std::fs::write(&path, text).expect("the file can be written");
                path
            })
            .collect();
        paths.insert(2, dir.path().join("missing.json"));
        let checker = checker();
        let mut seen = Vec::new();
        check_in_order(
            &checker,
            limits(2, 3, 1 << 20),
            |sink| {
                for path in &paths {
                    if sink(Item::File(path.clone())).is_break() {
                        return;
                    }
                }
            },
            |checked| {
                let Checked::Verdict(Origin::File(path), verdict, bytes) = checked else {
                    panic!("only files were sent: {checked:?}");
                };
                let kind = match verdict {
                    Verdict::Checked(findings) if findings.is_empty() => "valid",
                    Verdict::Checked(_) => "invalid",
                    Verdict::NotChecked(InputProblem::Empty) => "empty",
                    Verdict::NotChecked(InputProblem::Unreadable { .. }) => "unreadable",
                    Verdict::NotChecked(_) => "syntax",
                };
                let name = path.file_name().expect("a file name").to_owned();
                seen.push((name.to_string_lossy().into_owned(), kind, bytes));
                ControlFlow::Continue(())
            },
        );
        let expected = [
            ("0.json", "valid", texts[0].len()),
            ("1.json", "syntax", 1),
            ("missing.json", "unreadable", 0),
            ("2.json", "invalid", 2),
            ("3.json", "empty", 0),
        ];
        let seen: Vec<(&str, &str, usize)> =
            seen.iter().map(|(n, k, b)| (n.as_str(), *k, *b)).collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_calling_thread_alone_reports_as_the_workers_do() {
        let checker = checker();
        let mut alone = Vec::new();
        check_here(
            &checker,
            |sink| {
                for item in mixed(40) {
                    if sink(item).is_break() {
                        return;
                    }
                }
            },
            |checked| {
                if let Checked::Verdict(Origin::NdjsonLine { line, .. }, verdict, _) = checked {
                    alone.push((line, verdict.fails()));
                }
                ControlFlow::Continue(())
            },
        );
        let threaded: Vec<(u64, bool)> = lines_and_kinds(limits(2, 8, 1 << 20), mixed(40))
            .into_iter()
            .map(|(line, kind)| (line, kind != "valid"))
            .collect();
        assert_eq!(alone, threaded);
    }

    #[test]
    fn a_document_larger_than_the_byte_window_still_passes() {
        let big = format!(
            r#"{{"mechanicIntegrations": [], "pad": "{}"}}"#,
            "x".repeat(4096)
        );
        let items = vec![document(1, &big), document(2, &big)];
        let seen = lines_and_kinds(limits(2, 8, 100), items);
        assert_eq!(seen, [(1, "invalid"), (2, "invalid")]);
    }

    #[test]
    fn a_stopped_report_stops_reading() {
        let checker = checker();
        let mut read = 0;
        let mut reported = 0;
        check_in_order(
            &checker,
            limits(2, 4, 1 << 20),
            |sink| {
                for item in mixed(10_000) {
                    read += 1;
                    if sink(item).is_break() {
                        return;
                    }
                }
            },
            |_| {
                reported += 1;
                if reported == 3 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            },
        );
        assert_eq!(reported, 3);
        // The window lets the reader get at most a few items ahead.
        assert!(read <= 3 + 4 + 1, "read {read} items");
    }
}
