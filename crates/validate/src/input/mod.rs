//! Sources of documents. Each source turns what the user named (a file, a
//! directory, standard input, a URL) into a stream of items: documents to
//! check, or the reason there is none for an origin. Nothing a source
//! meets stops the run; every item goes to the same sink, which checks
//! and reports it.

mod directory;
mod file;
mod har;
pub mod live;
mod ndjson;
mod notes;

use std::fs::File;
use std::io::BufReader;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use mechanics_model::Endpoint;

pub use file::{MAX_DOCUMENT_BYTES, read_body, read_path, read_whole};
pub use notes::{Note, Skip};

use crate::cli::InputFormat;
use crate::document::{Document, Origin};
use crate::error::Error;
use crate::finding::InputProblem;

/// What a source hands on.
#[derive(Debug)]
pub enum Item {
    /// A body to check.
    Document(Document),
    /// A body that could not be had, and why.
    Problem(Origin, InputProblem),
    /// Something read that holds nothing to check against this contract.
    Skipped(Origin, Skip),
    /// Worth telling the user; checking goes on.
    Note(Origin, Note),
    /// Something asked for that could not be done, such as keeping a
    /// response with `--save`. The other inputs are still read and
    /// reported; the run then fails as a file that cannot be written does.
    Failed(Error),
    /// A response file whose body is still to be read with
    /// [`read_path`], as sources hand them on when
    /// [`Settings::defer_reading`] is set.
    File(PathBuf),
}

/// Where items go. `Break` asks the source to stop (the report's reader
/// has gone away); sources stop at once, without an item of their own.
pub type Sink<'a> = dyn FnMut(Item) -> ControlFlow<()> + 'a;

/// One thing the user named.
#[derive(Debug, Clone, Copy)]
pub enum Source<'a> {
    /// A file, a directory, or `-` for standard input.
    Path(&'a Path),
    /// A URL to fetch (resolved by [`live::target`]), and how.
    Url(&'a url::Url, &'a live::Options),
}

/// How sources read, resolved from the command line.
#[derive(Debug)]
pub struct Settings {
    /// How to read files named on the command line and standard input.
    pub format: InputFormat,
    /// The endpoint whose responses are checked; HAR entries of others are
    /// skipped.
    pub endpoint: &'static Endpoint,
    /// Hand on files of one response each unread, as [`Item::File`]: the
    /// threads that check them read them too, so that a corpus of many
    /// small files is read on every core rather than by one reader.
    pub defer_reading: bool,
}

/// The read buffer of streams and captures. Lines of a few kilobytes would
/// otherwise cost a system call each; a pipe still hands on whatever it
/// has at once, so a slow stream is not held back.
const STREAM_BUFFER: usize = 1024 * 1024;

/// Reads one source, handing every item to `sink`.
pub fn read(source: Source<'_>, settings: &Settings, sink: &mut Sink<'_>) -> ControlFlow<()> {
    match source {
        Source::Url(url, options) => live::fetch(url, settings.endpoint, options, sink),
        Source::Path(path) if path.as_os_str() == "-" => {
            let stdin = std::io::stdin().lock();
            match settings.format {
                InputFormat::Auto | InputFormat::Json => {
                    sink(file::read_whole(stdin, Origin::Stdin))
                }
                InputFormat::Ndjson => {
                    let reader = BufReader::with_capacity(STREAM_BUFFER, stdin);
                    ndjson::read(reader, Origin::Stdin, sink)
                }
                InputFormat::Har => har::read(stdin, Origin::Stdin, settings.endpoint, sink),
            }
        }
        Source::Path(path) if path.is_dir() => directory::read(path, settings, sink),
        Source::Path(path) => read_file(path, settings.format, settings, sink),
    }
}

/// Reads one file in the given format, or the one its extension names.
fn read_file(
    path: &Path,
    format: InputFormat,
    settings: &Settings,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let format = match format {
        InputFormat::Auto => format_of(path),
        given => given,
    };
    if matches!(format, InputFormat::Auto | InputFormat::Json) {
        if settings.defer_reading {
            return sink(Item::File(path.to_path_buf()));
        }
        return sink(file::read_path(path));
    }
    let origin = Origin::File(path.to_path_buf());
    let reader = match File::open(path) {
        Ok(file) => BufReader::with_capacity(STREAM_BUFFER, file),
        Err(error) => {
            let reason = error.to_string();
            return sink(Item::Problem(origin, InputProblem::Unreadable { reason }));
        }
    };
    match format {
        InputFormat::Ndjson => ndjson::read(reader, origin, sink),
        _ => har::read(reader, origin, settings.endpoint, sink),
    }
}

/// The format a file's extension names; anything unknown is one JSON
/// body, as saved responses often end in `.txt` or nothing.
pub fn format_of(path: &Path) -> InputFormat {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("ndjson" | "jsonl") => InputFormat::Ndjson,
        Some("har") => InputFormat::Har,
        _ => InputFormat::Json,
    }
}

/// Whether a file found in a directory is one we read: its extension is
/// one of the formats'.
pub fn is_response_file(path: &Path) -> bool {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    matches!(
        extension.as_deref(),
        Some("json" | "ndjson" | "jsonl" | "har")
    )
}

/// Past this, a buffer for one document is given the whole limit at once.
const LARGE: usize = 16 * 1024 * 1024;

/// The capacity a buffer holding `capacity` bytes of room should grow to
/// when it needs `needed` bytes, for a document of at most `limit` bytes.
/// Doubling, the usual way, leaves behind a copy of every size on the way
/// and ends at up to twice the limit; the allocator keeps freed blocks for
/// a while, so a document near the limit would take several times its
/// size. Small documents still double; a large one is given the whole
/// limit at once, whose pages cost memory only as they are written.
fn room_for(needed: usize, capacity: usize, limit: usize) -> usize {
    if needed > LARGE {
        return limit.max(needed);
    }
    needed
        .max(capacity.saturating_mul(2))
        .min(limit)
        .max(needed)
}
