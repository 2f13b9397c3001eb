//! The floor that `validate` is measured against: read each response,
//! parse it into a `serde_json::Value`, and ask the compiled schema for a
//! yes or no, on two threads. Nothing else: no duplicate keys, no
//! semantic rules, no typed model, no drift, no report. `bench/run.sh`
//! runs it beside `validate` on the same corpus.
//!
//! ```sh
//! floor [--threads N] PATH...
//! ```
//!
//! A PATH ending in `.ndjson` or `.jsonl` is read as one response per
//! line, in large blocks cut at line ends; a directory is walked for
//! `.json` files; anything else is one response. It prints how many
//! responses it read and how many the schema accepts.

use std::fs::File;
use std::io::{self, Read, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;

use jsonschema::Validator;

// The same allocator as `validate`, so that the comparison is of the work
// done and not of the allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Bytes read from a stream at a time, before cutting at the last line end:
/// small enough that a stream of a few megabytes still keeps both threads
/// busy.
const BLOCK: usize = 512 * 1024;

#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    read: u64,
    valid: u64,
    unparsable: u64,
}

impl Counts {
    fn add(&mut self, other: Self) {
        self.read += other.read;
        self.valid += other.valid;
        self.unparsable += other.unparsable;
    }

    fn one(&mut self, validator: &Validator, bytes: &[u8]) {
        self.read += 1;
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(value) if validator.is_valid(&value) => self.valid += 1,
            Ok(_) => {}
            Err(_) => self.unparsable += 1,
        }
    }
}

fn main() -> ExitCode {
    let (threads, paths) = match arguments() {
        Ok(parsed) => parsed,
        Err(message) => {
            let _ = writeln!(io::stderr(), "floor: {message}");
            return ExitCode::from(2);
        }
    };
    let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
        .expect("the endpoint is registered");
    let schema: serde_json::Value = serde_json::from_str(endpoint.committed_schema)
        .expect("the committed schema is JSON: a test parses it");
    let validator =
        jsonschema::validator_for(&schema).expect("the committed schema compiles: a test does it");

    let (streams, files) = collect(&paths);
    let mut counts = Counts::default();
    counts.add(check_files(&validator, &files, threads));
    for stream in &streams {
        match check_stream(&validator, stream, threads) {
            Ok(more) => counts.add(more),
            Err(error) => {
                let _ = writeln!(io::stderr(), "floor: {}: {error}", stream.display());
                return ExitCode::from(3);
            }
        }
    }
    let Counts {
        read,
        valid,
        unparsable,
    } = counts;
    let _ = writeln!(
        io::stdout(),
        "{read} responses: {valid} valid, {unparsable} not JSON"
    );
    ExitCode::SUCCESS
}

fn arguments() -> Result<(NonZeroUsize, Vec<PathBuf>), String> {
    let mut threads = NonZeroUsize::new(2).expect("two is not zero");
    let mut paths = Vec::new();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args
                .next()
                .and_then(|n| n.to_str()?.parse().ok())
                .ok_or("--threads takes a number above 0")?;
        } else {
            paths.push(PathBuf::from(arg));
        }
    }
    if paths.is_empty() {
        return Err("usage: floor [--threads N] PATH...".to_owned());
    }
    Ok((threads, paths))
}

/// Streams, and single-response files (directories walked).
fn collect(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<PathBuf>) {
    let mut streams = Vec::new();
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walk = walkdir::WalkDir::new(path).sort_by_file_name();
            files.extend(
                walk.into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                    .map(walkdir::DirEntry::into_path),
            );
        } else if is_stream(path) {
            streams.push(path.clone());
        } else {
            files.push(path.clone());
        }
    }
    (streams, files)
}

fn is_stream(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x == "ndjson" || x == "jsonl")
}

/// Each thread reads and checks every n-th file.
fn check_files(validator: &Validator, files: &[PathBuf], threads: NonZeroUsize) -> Counts {
    let threads = threads.get();
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|first| {
                scope.spawn(move || {
                    let mut counts = Counts::default();
                    for path in files.iter().skip(first).step_by(threads) {
                        match std::fs::read(path) {
                            Ok(bytes) => counts.one(validator, &bytes),
                            Err(_) => counts.unparsable += 1,
                        }
                    }
                    counts
                })
            })
            .collect();
        let mut total = Counts::default();
        for handle in handles {
            total.add(handle.join().expect("a floor thread does not panic"));
        }
        total
    })
}

/// One reader cuts the stream into blocks at line ends; the threads split
/// their blocks into lines and check each.
fn check_stream(validator: &Validator, path: &Path, threads: NonZeroUsize) -> io::Result<Counts> {
    let mut file = File::open(path)?;
    let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(threads.get() * 2);
    let rx = Arc::new(Mutex::new(rx));
    thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.get())
            .map(|_| {
                let rx = Arc::clone(&rx);
                scope.spawn(move || {
                    let mut counts = Counts::default();
                    loop {
                        let block = rx.lock().expect("no thread panics holding it").recv();
                        let Ok(block) = block else {
                            return counts;
                        };
                        for line in block.split(|&b| b == b'\n') {
                            if !line.iter().all(u8::is_ascii_whitespace) {
                                counts.one(validator, line);
                            }
                        }
                    }
                })
            })
            .collect();
        let mut carry = Vec::new();
        let read = loop {
            let mut block = std::mem::take(&mut carry);
            let start = block.len();
            block.resize(start + BLOCK, 0);
            let n = match file.read(&mut block[start..]) {
                Ok(n) => n,
                Err(error) => break Err(error),
            };
            block.truncate(start + n);
            if n == 0 {
                if !block.is_empty() {
                    // A send fails only when every thread is gone, and
                    // then there is nobody left to count for.
                    let _ = tx.send(block);
                }
                break Ok(());
            }
            if let Some(end) = block.iter().rposition(|&b| b == b'\n') {
                carry = block.split_off(end + 1);
                if tx.send(block).is_err() {
                    break Ok(());
                }
            } else {
                carry = block;
            }
        };
        drop(tx);
        let mut total = Counts::default();
        for handle in handles {
            total.add(handle.join().expect("a floor thread does not panic"));
        }
        read.map(|()| total)
    })
}
