//! A document is one response body to check, with the label of where it
//! came from. The label travels with every finding to the report.

use std::fmt;
use std::path::PathBuf;

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A whole file.
    File(PathBuf),
    /// Standard input.
    Stdin,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File(path) => write!(f, "{}", path.display()),
            Self::Stdin => f.write_str("<stdin>"),
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
