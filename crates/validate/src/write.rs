//! Every file we write appears whole or not at all: the bytes go to a
//! temporary file in the same folder, which is then renamed over the
//! target. An interrupted run leaves the old file, never half of a new one.
//!
//! A temporary file is removed when its writer is dropped, but Ctrl-C ends
//! the process without running destructors; so files being written are
//! registered here and the interrupt handler removes them before exiting.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files being written right now.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code after SIGINT or SIGTERM, as shells report a signal death.
const INTERRUPTED: i32 = 130;

/// Installs the handler that removes unfinished files on Ctrl-C.
pub fn install_interrupt_handler() {
    // Failing to install only loses the clean-up, never correctness of the
    // run, so it is not worth refusing to start over.
    let _ = ctrlc::set_handler(|| {
        remove_unfinished();
        std::process::exit(INTERRUPTED);
    });
}

fn remove_unfinished() {
    let paths = match IN_PROGRESS.lock() {
        Ok(paths) => paths.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    };
    for path in paths {
        let _ = std::fs::remove_file(path);
    }
}

fn track(path: &Path, add: bool) {
    let mut paths = IN_PROGRESS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if add {
        paths.push(path.to_path_buf());
    } else {
        paths.retain(|p| p != path);
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".validate-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    let temp = file.path().to_path_buf();
    track(&temp, true);
    let result = file
        .write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .and_then(|()| file.persist(path).map(drop).map_err(|error| error.error));
    track(&temp, false);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interrupt test removes every file in progress, so the tests that
    /// write take turns with it.
    static TURNS: Mutex<()> = Mutex::new(());

    fn turn() -> std::sync::MutexGuard<'static, ()> {
        TURNS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        std::fs::write(&target, "old").unwrap();
        write_atomically(&target, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "only the target remains");
        assert!(
            IN_PROGRESS
                .lock()
                .unwrap()
                .iter()
                .all(|p| !p.starts_with(dir.path()))
        );
    }

    #[test]
    fn an_interrupt_removes_files_being_written() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let unfinished = dir.path().join(".validate-x.tmp");
        std::fs::write(&unfinished, "half").unwrap();
        track(&unfinished, true);
        remove_unfinished();
        track(&unfinished, false);
        assert!(!unfinished.exists());
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let _turn = turn();
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing-folder").join("out.json");
        assert!(write_atomically(&target, b"new").is_err());
        assert!(!target.exists());
    }
}
