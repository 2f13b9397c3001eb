//! Files and standard input read whole, as one response body each.

use std::io::{self, Read};
use std::path::Path;

use super::Item;
use crate::document::{Document, Origin};
use crate::finding::InputProblem;

/// Bodies larger than this are refused before reading: they are not API
/// responses, and holding them would risk the machine's memory. NDJSON
/// lines are held to the same limit.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the file at `path` as one body.
pub fn read_path(path: &Path) -> Item {
    match read_body(path) {
        Ok(document) => Item::Document(document),
        Err(problem) => Item::Problem(Origin::File(path.to_path_buf()), problem),
    }
}

/// Reads the file at `path` whole, or says why it cannot be had.
pub fn read_body(path: &Path) -> Result<Document, InputProblem> {
    let origin = Origin::File(path.to_path_buf());
    let unreadable = |error: std::io::Error| InputProblem::Unreadable {
        reason: error.to_string(),
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Err(unreadable(error)),
    };
    if metadata.is_dir() {
        return Err(InputProblem::IsDirectory);
    }
    if metadata.len() > MAX_DOCUMENT_BYTES {
        let limit = MAX_DOCUMENT_BYTES;
        return Err(InputProblem::TooLarge { limit });
    }
    match std::fs::File::open(path) {
        Ok(file) => match read_sized(file, origin, metadata.len()) {
            Item::Document(document) => Ok(document),
            Item::Problem(_, problem) => Err(problem),
            Item::Skipped(..) | Item::Note(..) | Item::Failed(..) | Item::File(..) => {
                Err(InputProblem::Unreadable {
                    reason: "nothing was read".to_owned(),
                })
            }
        },
        Err(error) => Err(unreadable(error)),
    }
}

/// Reads a stream to its end as one body.
pub fn read_whole(reader: impl Read, origin: Origin) -> Item {
    let mut bytes = Vec::new();
    // One byte past the limit tells "exactly at the limit" from "over it".
    let read = read_capped(reader, &mut bytes, MAX_DOCUMENT_BYTES + 1);
    body_or_problem(read, bytes, origin)
}

/// Reads at most `limit` bytes of a stream of unknown length into `bytes`,
/// never reserving more than the limit (see [`super::room_for`]).
fn read_capped(mut reader: impl Read, bytes: &mut Vec<u8>, limit: u64) -> io::Result<()> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut chunk = vec![0; 64 * 1024];
    while bytes.len() < limit {
        let wanted = chunk.len().min(limit - bytes.len());
        let read = match reader.read(&mut chunk[..wanted]) {
            Ok(0) => break,
            Ok(read) => read,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        let needed = bytes.len() + read;
        if needed > bytes.capacity() {
            bytes.reserve_exact(super::room_for(needed, bytes.capacity(), limit) - bytes.len());
        }
        bytes.extend_from_slice(&chunk[..read]);
    }
    Ok(())
}

/// Reads a stream expected to hold about `size` bytes: the buffer is made
/// that large at once, which spares growing it on every file of a corpus.
fn read_sized(reader: impl Read, origin: Origin, size: u64) -> Item {
    let capacity = usize::try_from(size.min(MAX_DOCUMENT_BYTES)).unwrap_or(0);
    // One byte more lets the read see the end without growing the buffer.
    let mut bytes = Vec::with_capacity(capacity.saturating_add(1));
    // One byte past the limit tells "exactly at the limit" from "over it"
    // for streams whose size is not known in advance.
    let read = reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes);
    body_or_problem(read.map(drop), bytes, origin)
}

/// What a read up to one byte past the limit gave: the body, or why not.
fn body_or_problem(read: io::Result<()>, bytes: Vec<u8>, origin: Origin) -> Item {
    match read {
        Err(error) => Item::Problem(
            origin,
            InputProblem::Unreadable {
                reason: error.to_string(),
            },
        ),
        Ok(()) if bytes.len() as u64 > MAX_DOCUMENT_BYTES => Item::Problem(
            origin,
            InputProblem::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            },
        ),
        Ok(()) => Item::Document(Document { origin, bytes }),
    }
}

#[cfg(test)]
mod tests {
    use super::read_capped;

    #[test]
    fn a_stream_over_the_limit_never_reserves_more_than_the_limit() {
        let limit = 300_000;
        for size in [0, 1, 65_536, 299_999, 300_000, 300_001, 1_000_000] {
            let stream = vec![b'x'; size];
            let mut bytes = Vec::new();
            read_capped(&stream[..], &mut bytes, limit).unwrap();
            assert_eq!(bytes.len(), size.min(300_000), "{size}");
            assert!(bytes.capacity() <= 300_000, "{size}: {}", bytes.capacity());
        }
    }
}
