//! Making payloads on several threads while writing them in order.
//!
//! Each payload depends only on its index, so workers may make them in any
//! order; the writer puts them back in index order, and the output is the
//! same byte for byte whatever the number of threads. Workers stay within
//! a window of the writer, so memory does not grow with the count.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use super::corpus::{Corpus, Generated};
use crate::error::Error;

/// Payloads a worker may run ahead of the writer, per worker.
const AHEAD_PER_WORKER: u64 = 8;

/// Threads for work bound by the processor.
pub fn cpu_workers() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// Threads for work bound by waiting on the disk: each file is synced
/// before it is renamed into place, and the file system commits
/// concurrent syncs together.
pub fn io_workers() -> usize {
    cpu_workers().max(8)
}

/// Makes payloads `0..count` with corpora from `corpus` (one per worker),
/// turns each into an `R` with `render` on the worker, and hands them to
/// `sink` in index order. Stops at the first error, which is returned.
pub fn ordered<R: Send>(
    count: u64,
    workers: usize,
    corpus: impl Fn() -> Corpus + Sync,
    render: impl Fn(u64, Generated) -> Result<R, Error> + Sync,
    mut sink: impl FnMut(u64, R) -> Result<(), Error>,
) -> Result<(), Error> {
    let workers = workers.max(1);
    let window = workers as u64 * AHEAD_PER_WORKER;
    let next = AtomicU64::new(0);
    let written = AtomicU64::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::sync_channel::<(u64, Result<R, Error>)>(workers * 2);
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, written, stop) = (&next, &written, &stop);
            let (corpus, render) = (&corpus, &render);
            scope.spawn(move || {
                let corpus = corpus();
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    if index >= count {
                        return;
                    }
                    while index >= written.load(Ordering::Acquire) + window {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        std::thread::sleep(Duration::from_millis(1));
                    }
                    let result = corpus
                        .get(index)
                        .and_then(|generated| render(index, generated));
                    // The writer has stopped: its error is the one to report.
                    if sender.send((index, result)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(sender);

        let result = write_in_order(receiver, &written, &mut sink);
        // Workers waiting on the window must not wait for a writer that
        // has given up; dropping the receiver ends those blocked on send.
        stop.store(true, Ordering::Relaxed);
        result
    })
}

fn write_in_order<R>(
    receiver: mpsc::Receiver<(u64, Result<R, Error>)>,
    written: &AtomicU64,
    sink: &mut impl FnMut(u64, R) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut pending = BTreeMap::new();
    let mut expected = 0;
    for (index, result) in receiver {
        pending.insert(index, result);
        while let Some(result) = pending.remove(&expected) {
            sink(expected, result?)?;
            expected += 1;
            written.store(expected, Ordering::Release);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_arrive_in_order_whatever_the_workers() {
        for workers in [1, 2, 5] {
            let mut seen = Vec::new();
            ordered(
                40,
                workers,
                || Corpus::new(3, 0..2, None),
                |index, generated| Ok((index, generated)),
                |index, (rendered, generated)| {
                    assert_eq!(index, rendered);
                    seen.push(generated);
                    Ok(())
                },
            )
            .unwrap();
            let corpus = Corpus::new(3, 0..2, None);
            let expected: Vec<Generated> = (0..40).map(|i| corpus.get(i).unwrap()).collect();
            assert_eq!(seen, expected, "{workers} workers");
        }
    }

    #[test]
    fn the_first_error_stops_the_run() {
        let mut written = Vec::new();
        let result = ordered(
            1000,
            3,
            || Corpus::new(3, 0..1, None),
            |index, _| {
                if index == 7 {
                    Err(Error::NoOutDir)
                } else {
                    Ok(index)
                }
            },
            |index, _| {
                written.push(index);
                Ok(())
            },
        );
        assert!(matches!(result, Err(Error::NoOutDir)));
        assert_eq!(written, (0..7).collect::<Vec<_>>());
    }
}
