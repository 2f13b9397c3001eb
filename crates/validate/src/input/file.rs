//! Files and standard input.

use std::io::Read;
use std::path::Path;

use super::Item;
use crate::document::{Document, Origin};
use crate::finding::InputProblem;

/// Bodies larger than this are refused before reading: they are not API
/// responses, and holding them would risk the machine's memory.
pub const MAX_DOCUMENT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads the file at `path`, or standard input for `-`.
pub fn read_path(path: &Path) -> Item {
    if path.as_os_str() == "-" {
        return read_limited(std::io::stdin().lock(), Origin::Stdin);
    }
    let origin = Origin::File(path.to_path_buf());
    let unreadable = |error: std::io::Error| InputProblem::Unreadable {
        reason: error.to_string(),
    };
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => return Err((origin, unreadable(error))),
    };
    if metadata.is_dir() {
        return Err((origin, InputProblem::IsDirectory));
    }
    if metadata.len() > MAX_DOCUMENT_BYTES {
        return Err((
            origin,
            InputProblem::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            },
        ));
    }
    match std::fs::File::open(path) {
        Ok(file) => read_limited(file, origin),
        Err(error) => Err((origin, unreadable(error))),
    }
}

fn read_limited(reader: impl Read, origin: Origin) -> Item {
    let mut bytes = Vec::new();
    // One byte past the limit tells "exactly at the limit" from "over it"
    // for streams whose size is not known in advance.
    let read = reader.take(MAX_DOCUMENT_BYTES + 1).read_to_end(&mut bytes);
    match read {
        Err(error) => Err((
            origin,
            InputProblem::Unreadable {
                reason: error.to_string(),
            },
        )),
        Ok(_) if bytes.len() as u64 > MAX_DOCUMENT_BYTES => Err((
            origin,
            InputProblem::TooLarge {
                limit: MAX_DOCUMENT_BYTES,
            },
        )),
        Ok(_) => Ok(Document { origin, bytes }),
    }
}
