//! Where a streamed corpus goes: standard output, or a file that appears
//! whole when the run finishes and not at all when it fails.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::write::AtomicFile;

/// How standard output is named in messages.
pub const STDOUT: &str = "<stdout>";

/// A destination for one stream of bytes.
#[derive(Debug)]
pub enum Stream {
    /// Standard output.
    Stdout(io::BufWriter<io::StdoutLock<'static>>),
    /// A file, put in place by [`Stream::finish`].
    File {
        /// The file being written.
        file: AtomicFile,
        /// Its final path.
        path: PathBuf,
    },
}

impl Stream {
    /// The file at `out`, or standard output.
    pub fn open(out: Option<&Path>) -> Result<Self, Error> {
        let Some(path) = out else {
            return Ok(Self::Stdout(io::BufWriter::new(io::stdout().lock())));
        };
        // Found now rather than when the finished file is renamed over it.
        if path.is_dir() {
            return Err(Error::Write {
                path: path.to_path_buf(),
                source: io::Error::new(
                    io::ErrorKind::IsADirectory,
                    "it is a folder (`ndjson` and `har` write one file; `json` writes a folder)",
                ),
            });
        }
        let file = AtomicFile::create(path).map_err(|source| Error::Write {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Self::File {
            file,
            path: path.to_path_buf(),
        })
    }

    /// Writes `bytes`.
    pub fn put(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.write_all(bytes).map_err(|source| self.error(source))
    }

    /// The error for a failed write, naming the destination.
    fn error(&self, source: io::Error) -> Error {
        let path = match self {
            Self::Stdout(_) => PathBuf::from(STDOUT),
            Self::File { path, .. } => path.clone(),
        };
        Error::Write { path, source }
    }

    /// Flushes standard output, or puts the file in place.
    pub fn finish(self) -> Result<(), Error> {
        match self {
            Self::Stdout(mut out) => out.flush().map_err(|source| Error::Write {
                path: PathBuf::from(STDOUT),
                source,
            }),
            Self::File { file, path } => file
                .commit()
                .map_err(|source| Error::Write { path, source }),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match self {
            Self::Stdout(out) => out.write(bytes),
            Self::File { file, .. } => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Stdout(out) => out.flush(),
            Self::File { file, .. } => file.flush(),
        }
    }
}
