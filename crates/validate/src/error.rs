//! Errors that stop a run before anything is checked. Problems with one
//! input are not errors: they are reported and the run goes on.

use std::io;
use std::path::PathBuf;

use crate::baseline::BaselineError;
use crate::check::SchemaError;

/// A run that cannot start, or a write that failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No input named.
    #[error("no input to check (name files or directories, `-` for standard input, or --url)")]
    NoInput,
    /// `-` named more than once: standard input can be read only once.
    #[error("`-` (standard input) is named more than once; it can be read only once")]
    StdinTwice,
    /// A file to write is one the run reads or writes already.
    #[error("`{flag}` would overwrite `{path}`, {what} (name another file)")]
    Overwrite {
        /// The file.
        path: PathBuf,
        /// The flag that names it.
        flag: &'static str,
        /// What it already is.
        what: &'static str,
    },
    /// An endpoint name the registry does not know.
    #[error("unknown endpoint `{name}` (known: {known})")]
    UnknownEndpoint {
        /// What was asked for.
        name: String,
        /// The registry's names.
        known: String,
    },
    /// The `--schema` file could not be read.
    #[error("failed to read the schema `{path}`")]
    ReadSchema {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The `--schema` file is unusable.
    #[error("unusable schema `{path}`")]
    Schema {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: SchemaError,
    },
    /// The `--baseline` file is unusable.
    #[error("unusable baseline `{path}`")]
    Baseline {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: BaselineError,
    },
    /// A `--url` that cannot be fetched.
    #[error("unusable URL `{url}`: {why}")]
    BadUrl {
        /// The URL, redacted.
        url: String,
        /// What is wrong with it.
        why: String,
    },
    /// The `--token-file` could not be read.
    #[error("failed to read the token file `{path}`")]
    TokenFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A token that cannot be sent.
    #[error("unusable token from {from}: {why}")]
    BadToken {
        /// Where it came from (never the token itself).
        from: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// An environment variable an option needs is not set.
    #[error("the environment variable `{name}` is not set (needed by {purpose})")]
    MissingVariable {
        /// The variable.
        name: String,
        /// The option that needs it.
        purpose: &'static str,
    },
    /// An environment variable an option needs is set, but empty.
    #[error("the environment variable `{name}` is empty (needed by {purpose})")]
    EmptyVariable {
        /// The variable.
        name: String,
        /// The option that needs it.
        purpose: &'static str,
    },
    /// `--save` cannot keep responses in its folder.
    #[error("cannot save responses into the folder `{dir}`: {reason}")]
    Save {
        /// The folder.
        dir: PathBuf,
        /// Why, in words.
        reason: String,
    },
    /// A schema given to `diff` cannot be read or compared.
    #[error(transparent)]
    Diff(#[from] crate::diff::DiffError),
    /// `generate --format json` without a folder to write into.
    #[error("`--format json` writes one file per response: name the folder with `--out DIR`")]
    NoOutDir,
    /// A breakage that needs more integrations than `--integrations`
    /// allows.
    #[error("`--break {rule}` needs {needs} (`--integrations` starts at {start})")]
    TooFewIntegrations {
        /// The breakage's name.
        rule: &'static str,
        /// The fewest integrations it needs, in words.
        needs: String,
        /// The fewest the range allows.
        start: usize,
    },
    /// The output folder could not be made.
    #[error("failed to create the folder `{path}`")]
    CreateDir {
        /// The folder.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The generator could not produce a payload.
    #[error("failed to generate payload {index}: {reason}")]
    Generate {
        /// The payload's index.
        index: u64,
        /// The generator's reason.
        reason: String,
    },
    /// Writing a file failed.
    #[error("failed to write `{path}`")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
}

impl Error {
    /// The error with its causes on one line, as shown to the user.
    pub fn chain(&self) -> String {
        chain(self)
    }
}

/// An error and its causes on one line. Some errors print their cause in
/// their own message and still return it as their source; a cause whose
/// text already ends the line is left out, so no text shows twice.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !cause_text.is_empty() && !text.ends_with(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that prints its cause and also returns it, as some
    /// libraries' wrappers do.
    #[derive(Debug, thiserror::Error)]
    #[error("serializing failed: {0}")]
    struct Wrapper(#[source] io::Error);

    #[test]
    fn a_cause_already_in_the_message_is_not_repeated() {
        let error = Error::Write {
            path: "<stdout>".into(),
            source: io::Error::other(Wrapper(io::Error::from(io::ErrorKind::BrokenPipe))),
        };
        let text = error.chain();
        assert_eq!(
            text,
            "failed to write `<stdout>`: serializing failed: broken pipe"
        );
    }

    #[test]
    fn distinct_causes_are_all_shown() {
        let error = Error::ReadSchema {
            path: "a.json".into(),
            source: io::Error::new(io::ErrorKind::NotFound, "no such file"),
        };
        assert_eq!(
            error.chain(),
            "failed to read the schema `a.json`: no such file"
        );
    }
}
