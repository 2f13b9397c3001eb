//! Sources of documents. Each source turns what the user named into
//! documents, or into a problem that says why a document could not be had;
//! neither stops the run.

mod file;

pub use file::read_path;

use crate::document::{Document, Origin};
use crate::finding::InputProblem;

/// A document, or the reason there is none for this origin.
pub type Item = Result<Document, (Origin, InputProblem)>;
