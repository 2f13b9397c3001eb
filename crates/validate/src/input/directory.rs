//! Directories, walked recursively in a stable order (by file name at each
//! level), so that two runs over the same tree report in the same order.
//! Only files whose extension names a format we read are taken; each is
//! read by its extension, whatever `--input-format` says.

use std::ops::ControlFlow;
use std::path::Path;

use walkdir::WalkDir;

use super::{Item, Settings, Sink, is_response_file, read_file};
use crate::cli::InputFormat;
use crate::document::Origin;
use crate::finding::InputProblem;

/// Reads every response file under `dir`.
pub fn read(dir: &Path, settings: &Settings, sink: &mut Sink<'_>) -> ControlFlow<()> {
    let mut found = false;
    let walk = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    for entry in walk {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                // The error names the path that failed; a loop of links
                // is one of them.
                let path = error.path().unwrap_or(dir).to_path_buf();
                let reason = match error.io_error() {
                    Some(io) => io.to_string(),
                    None => "a symbolic link leads back into the walk".to_owned(),
                };
                found = true;
                sink(Item::Problem(
                    Origin::File(path),
                    InputProblem::Unreadable { reason },
                ))?;
                continue;
            }
        };
        if !entry.file_type().is_file() || !is_response_file(entry.path()) {
            continue;
        }
        found = true;
        read_file(entry.path(), InputFormat::Auto, settings, sink)?;
    }
    if !found {
        let origin = Origin::Directory(dir.to_path_buf());
        return sink(Item::Problem(origin, InputProblem::NothingFound));
    }
    ControlFlow::Continue(())
}
