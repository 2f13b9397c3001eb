//! `validate diff OLD NEW`: every difference between two versions of a
//! response schema, classified for the clients built against OLD.
//!
//! A response change breaks clients when NEW allows a body OLD refuses: a
//! member removed or no longer required, a type widened, `null` newly
//! allowed, an enumeration value added, a bound loosened. Changes that only
//! narrow what the server may send are compatible. The run exits 1 when
//! anything breaks, so CI can compare the committed schema with the one a
//! change regenerates.

mod change;
mod compare;
mod report;

pub use change::{Change, Class, Kind};
pub use compare::{Side, compare};

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::cli::{DiffArgs, ToolFormat};
use crate::exit;
use crate::shape::ShapeError;

/// A schema that cannot be read or compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// The file could not be read.
    #[error("failed to read the schema `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The file is not JSON.
    #[error("the schema `{path}` is not valid JSON at {line}:{column}: {reason}")]
    NotJson {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        reason: String,
    },
    /// JSON, but not a schema a validator can compile.
    #[error("`{path}` is not a usable JSON Schema: {reason}")]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The validator's complaint, which quotes only the schema.
        reason: String,
    },
    /// A schema whose structure this tool cannot follow.
    #[error("cannot compare `{path}`")]
    Shape {
        /// The file.
        path: PathBuf,
        /// Where and why.
        #[source]
        source: ShapeError,
    },
}

/// Runs `validate diff` and returns the exit code.
pub fn run(args: &DiffArgs) -> Result<u8, DiffError> {
    let DiffArgs { old, new, output } = args;
    let old_schema = read(old)?;
    let new_schema = read(new)?;
    let changes = compare(&old_schema, &new_schema).map_err(|(side, source)| {
        let path = match side {
            Side::Old => old.clone(),
            Side::New => new.clone(),
        };
        DiffError::Shape { path, source }
    })?;
    // The walk reads only what it compares; a compiler reads everything.
    // It runs second because its messages do not say where a `$ref` is.
    compiles(old, &old_schema)?;
    compiles(new, &new_schema)?;

    let breaking = changes.iter().any(|c| c.class == Class::Breaking);
    let code = if breaking {
        exit::VIOLATION
    } else {
        exit::VALID
    };
    let outcome = report::Outcome {
        old,
        new,
        changes: &changes,
        exit_code: code,
    };
    let written = match output.format {
        ToolFormat::Human => report::human(&outcome, crate::color_choice(output.color)),
        ToolFormat::Json => report::json(&outcome),
    };
    match written {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            // The verdict stands; only its report was lost.
            let _ = crate::diagnostic(&format!("failed to write the report: {error}"));
            Ok(code)
        }
        _ => Ok(code),
    }
}

fn read(path: &Path) -> Result<Value, DiffError> {
    let text = std::fs::read_to_string(path).map_err(|source| DiffError::Read {
        path: path.to_owned(),
        source,
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let value: Value = serde_json::from_str(text).map_err(|error| {
        let message = error.to_string();
        // serde_json appends the position, which the message already has.
        let reason = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(reason, _)| reason)
            .to_owned();
        DiffError::NotJson {
            path: path.to_owned(),
            line: error.line(),
            column: error.column(),
            reason,
        }
    })?;
    Ok(value)
}

fn compiles(path: &Path, schema: &Value) -> Result<(), DiffError> {
    jsonschema::validator_for(schema)
        .map(drop)
        .map_err(|error| DiffError::Invalid {
            path: path.to_owned(),
            reason: error.to_string(),
        })
}
