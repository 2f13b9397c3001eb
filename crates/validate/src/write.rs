//! Every file we write appears whole or not at all: the bytes go to a
//! temporary file in the same folder, which is then renamed over the
//! target. An interrupted run leaves the old file, never half of a new one.
//!
//! A temporary file is removed when its writer is dropped, but Ctrl-C ends
//! the process without running destructors; so files being written are
//! registered here and the interrupt handler removes them before exiting.
//! The handler is installed when the first file is started: a run that
//! writes nothing has nothing to clean up and starts no thread for it.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

/// Temporary files being written right now.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit code after SIGINT or SIGTERM, as shells report a signal death.
const INTERRUPTED: i32 = 130;

/// Installs, once, the handler that removes unfinished files on Ctrl-C.
fn install_interrupt_handler() {
    static INSTALLED: Once = Once::new();
    INSTALLED.call_once(|| {
        // Failing to install only loses the clean-up, never correctness of
        // the run, so it is not worth refusing to write over.
        let _ = ctrlc::set_handler(|| {
            // The list stays locked until the process is gone: a thread
            // still writing can start no new temporary file after the
            // clean-up, since files are created under the same lock.
            let paths = in_progress();
            for path in paths.iter() {
                let _ = std::fs::remove_file(path);
            }
            std::process::exit(INTERRUPTED);
        });
    });
}

fn in_progress() -> MutexGuard<'static, Vec<PathBuf>> {
    IN_PROGRESS
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    file.write_all(bytes)?;
    file.commit()
}

/// A file written as a stream, appearing whole or not at all: the bytes go
/// to a temporary file beside the target, renamed over it by
/// [`AtomicFile::commit`]. Dropped without a commit (an error, a broken
/// run), the temporary file is removed and the target left as it was.
#[derive(Debug)]
pub struct AtomicFile {
    /// Always `Some` until `commit` takes it; `commit` consumes `self`.
    file: Option<io::BufWriter<tempfile::NamedTempFile>>,
    path: PathBuf,
    temp: PathBuf,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        if !dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the folder `{}` does not exist", dir.display()),
            ));
        }
        // Before the temporary file exists, so that no interrupt can come
        // between its creation and its clean-up being armed.
        install_interrupt_handler();
        // Created and listed under one lock, so that the interrupt handler
        // sees every temporary file that exists.
        let (file, temp) = {
            let mut paths = in_progress();
            let file = tempfile::Builder::new()
                .prefix(".validate-")
                .suffix(".tmp")
                .tempfile_in(dir)?;
            let temp = file.path().to_path_buf();
            paths.push(temp.clone());
            (file, temp)
        };
        // From here on, dropping it on an error removes the file and takes
        // it off the list.
        let atomic = Self {
            file: Some(io::BufWriter::new(file)),
            path: path.to_path_buf(),
            temp,
        };
        // Temporary files are private (0600); the file they become keeps
        // the mode of the one it replaces, or gets the usual 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).map_or(0o644, |m| m.permissions().mode());
            if let Some(writer) = &atomic.file {
                let permissions = std::fs::Permissions::from_mode(mode);
                writer.get_ref().as_file().set_permissions(permissions)?;
            }
        }
        Ok(atomic)
    }

    /// Puts the finished file in place.
    pub fn commit(mut self) -> io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("the file was already committed"))?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.as_file().sync_all()?;
        file.persist(&self.path)
            .map(drop)
            .map_err(|error| error.error)
    }

    fn writer(&mut self) -> io::Result<&mut io::BufWriter<tempfile::NamedTempFile>> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("the file was already committed"))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // The temporary file removes itself; it only leaves the list of
        // files an interrupt must clean up.
        in_progress().retain(|path| *path != self.temp);
    }
}

impl Write for AtomicFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.writer()?.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer()?.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporaries() {
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
    fn files_being_written_are_listed_for_an_interrupt() {
        let dir = tempfile::tempdir().unwrap();
        // Tests run side by side and write files of their own; this one
        // looks only at its own folder.
        let listed = || -> Vec<PathBuf> {
            in_progress()
                .iter()
                .filter(|path| path.starts_with(dir.path()))
                .cloned()
                .collect()
        };
        let file = AtomicFile::create(&dir.path().join("report.json")).unwrap();
        let temp = listed();
        assert_eq!(temp.len(), 1);
        assert!(temp[0].exists());
        drop(file);
        assert_eq!(listed(), Vec::<PathBuf>::new());
        assert!(!temp[0].exists());
    }

    #[cfg(unix)]
    #[test]
    fn written_files_keep_the_old_mode_or_get_0644() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let fresh = dir.path().join("fresh.json");
        write_atomically(&fresh, b"{}").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&fresh), 0o644);
        let shared = dir.path().join("shared.json");
        std::fs::write(&shared, "old").unwrap();
        std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
        write_atomically(&shared, b"new").unwrap();
        assert_eq!(mode(&shared), 0o664);
    }

    #[test]
    fn a_missing_folder_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("nope").join("out.json");
        let error = write_atomically(&target, b"x").unwrap_err();
        assert!(
            error.to_string().contains("nope` does not exist"),
            "{error}"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("missing-folder").join("out.json");
        assert!(write_atomically(&target, b"new").is_err());
        assert!(!target.exists());
    }

    #[test]
    fn a_streamed_file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.ndjson");
        std::fs::write(&path, "old\n").unwrap();

        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old\n");
        file.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_dropped_file_leaves_the_old_one_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.har");
        std::fs::write(&path, "old").unwrap();

        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"half of a new fi").unwrap();
        drop(file);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
