//! A document is one response body to check, with the label of where it
//! came from. The label travels with every finding to the report.

use std::fmt;
use std::path::PathBuf;

use crate::finding::Location;

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A whole file.
    File(PathBuf),
    /// Standard input.
    Stdin,
    /// One line of an NDJSON stream. Findings in it are placed on the
    /// stream's own lines, so an editor can jump to them.
    NdjsonLine {
        /// The file or standard input holding the stream.
        source: Box<Origin>,
        /// 1-based line in the stream.
        line: u64,
    },
    /// One entry of a HAR capture.
    HarEntry {
        /// The HAR file, or standard input.
        source: Box<Origin>,
        /// 0-based index in `log.entries`.
        index: usize,
        /// The request method.
        method: String,
        /// The request URL, with secret-looking query values redacted.
        url: String,
        /// The response status; 0 when the capture has none.
        status: u16,
    },
    /// A response fetched from a live API.
    Url {
        /// The URL the body came from, with secret-looking query values
        /// redacted.
        url: String,
        /// The response status, when a response arrived.
        status: Option<u16>,
    },
    /// A directory walked for response files.
    Directory(PathBuf),
}

impl Origin {
    /// The line of its source on which this document starts; findings are
    /// moved down by this much less one.
    pub fn first_line(&self) -> u64 {
        match self {
            Self::NdjsonLine { line, .. } => *line,
            _ => 1,
        }
    }

    /// A place in this document as reports write it: the origin, then line
    /// and column. An NDJSON line is named by its stream, since its
    /// locations already count the stream's lines.
    pub fn place(&self, at: Option<Location>) -> String {
        match (self, at) {
            (Self::NdjsonLine { source, .. }, Some(at)) => format!("{source}:{at}"),
            (_, Some(at)) => format!("{self}:{at}"),
            (_, None) => self.to_string(),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) | Self::Directory(path) => write!(f, "{}", path.display()),
            Self::Stdin => f.write_str("<stdin>"),
            Self::NdjsonLine { source, line } => write!(f, "{source}:{line}"),
            Self::HarEntry {
                source,
                index,
                method,
                url,
                status,
            } => {
                // A malformed entry may lack either.
                write!(f, "{source}#{index}")?;
                for part in [method, url].into_iter().filter(|part| !part.is_empty()) {
                    write!(f, " {part}")?;
                }
                write!(f, " ({status})")
            }
            Self::Url {
                url,
                status: Some(status),
            } => write!(f, "GET {url} ({status})"),
            Self::Url { url, status: None } => write!(f, "GET {url}"),
        }
    }
}

/// One response body and its origin.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the bytes came from.
    pub origin: Origin,
    /// The body, exactly as read.
    pub bytes: Vec<u8>,
}
