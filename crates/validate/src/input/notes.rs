//! What sources tell besides documents: why something was skipped, and
//! notes worth a line on stderr. Both are data, rendered by `Display`, and
//! hold nothing secret: URLs in them are redacted by their makers.

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

/// Why something read holds nothing to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// The request is not one the registry documents.
    NotAnEndpoint {
        /// The request method.
        method: String,
        /// The request path.
        path: String,
    },
    /// The request is to a documented endpoint other than the one checked.
    OtherEndpoint {
        /// That endpoint's name.
        name: &'static str,
        /// The endpoint this run checks.
        checked: &'static str,
    },
    /// The request has no URL we can read a path from.
    NoUrl,
    /// `validate --save` recorded an endpoint this version does not know.
    UnknownRecorded {
        /// The name recorded, cut short.
        name: String,
    },
    /// The response is not a success, so its body is not the documented
    /// one.
    NotSuccess {
        /// The status.
        status: u16,
    },
    /// The capture left the body out.
    NoBody,
    /// The body is there but empty.
    EmptyBody {
        /// The status.
        status: u16,
    },
}

impl Skip {
    /// A short stable name for machine output and grouping.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::NotAnEndpoint { .. } => "not-an-endpoint",
            Self::OtherEndpoint { .. } => "other-endpoint",
            Self::NoUrl => "no-url",
            Self::UnknownRecorded { .. } => "unknown-recorded",
            Self::NotSuccess { .. } => "not-success",
            Self::NoBody => "no-body",
            Self::EmptyBody { .. } => "empty-body",
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnEndpoint { method, path } => {
                write!(f, "`{method} {path}` is not a documented endpoint")
            }
            Self::OtherEndpoint { name, checked } => write!(
                f,
                "it is a request to the `{name}` endpoint; this run checks `{checked}`"
            ),
            Self::NoUrl => f.write_str("the request has no usable URL"),
            Self::UnknownRecorded { name } => write!(
                f,
                "it was saved as a response of the `{name}` endpoint, which this version does \
                 not know"
            ),
            Self::NotSuccess { status } => write!(
                f,
                "status {status} is not a success; only bodies of 2xx responses are checked"
            ),
            Self::NoBody => f.write_str(
                "the capture holds no body for it (export the HAR with content included)",
            ),
            Self::EmptyBody { status } => write!(f, "its body is empty (status {status})"),
        }
    }
}

/// A line for the user on stderr; checking goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// A HAR body marked base64 that is not base64.
    NotBase64,
    /// A body checked although its media type is not JSON.
    MediaTypeNotJson {
        /// What the server declared, if anything.
        media_type: Option<String>,
    },
    /// The request goes without a token.
    NoToken {
        /// The environment variable that holds none.
        variable: String,
        /// `is not set` or `is empty`.
        why: &'static str,
    },
    /// A redirect left the origin the user named, so the token stayed
    /// behind.
    TokenDropped {
        /// Where the redirect led, redacted.
        to: String,
    },
    /// An attempt failed in a way worth trying again.
    Retrying {
        /// The attempt that failed, from 1.
        attempt: u32,
        /// How many attempts are allowed.
        of: u32,
        /// What went wrong.
        reason: String,
        /// The pause before the next attempt.
        delay: Duration,
    },
    /// An attempt failed and the deadline leaves no time for another;
    /// its answer is what is reported.
    OutOfTime {
        /// The attempt that failed, from 1.
        attempt: u32,
        /// How many attempts were allowed.
        of: u32,
        /// What went wrong.
        reason: String,
        /// The deadline of the whole fetch.
        timeout: Duration,
    },
    /// An NDJSON stream whose first line only opens an object or array:
    /// most likely one pretty-printed document read line by line.
    LooksPrettyPrinted {
        /// `{` or `[`.
        opening: char,
    },
    /// The response was saved.
    Saved {
        /// The file written.
        path: PathBuf,
        /// Whether its body was left out, not being JSON.
        withheld: bool,
    },
}

impl Note {
    /// `warning` or `note`, the tag of the line.
    pub fn level(&self) -> &'static str {
        match self {
            Self::Saved { .. } => "note",
            _ => "warning",
        }
    }
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LooksPrettyPrinted { opening } => write!(
                f,
                "this line holds only `{opening}`: the input looks like one pretty-printed JSON \
                 document, not one document per line; read it with `--input-format json`"
            ),
            Self::NotBase64 => f.write_str(
                "the body is marked as base64 but is not base64; reading it as plain text",
            ),
            Self::MediaTypeNotJson {
                media_type: Some(media_type),
            } => write!(
                f,
                "the content type is `{media_type}`, not JSON; checking the body as JSON anyway"
            ),
            Self::MediaTypeNotJson { media_type: None } => {
                f.write_str("the response has no content type; checking the body as JSON anyway")
            }
            Self::NoToken { variable, why } => write!(
                f,
                "no token: `{variable}` {why}, so the request goes without one"
            ),
            Self::TokenDropped { to } => write!(
                f,
                "redirected to {to}, another origin than the one named; the token was not sent \
                 there"
            ),
            Self::Retrying {
                attempt,
                of,
                reason,
                delay,
            } => write!(
                f,
                "attempt {attempt} of {of} failed ({reason}); trying again in {}",
                humantime::format_duration(*delay)
            ),
            Self::OutOfTime {
                attempt,
                of,
                reason,
                timeout,
            } => write!(
                f,
                "attempt {attempt} of {of} failed ({reason}); --timeout {} leaves no time for \
                 another, so this answer is the one reported",
                humantime::format_duration(*timeout)
            ),
            Self::Saved {
                path,
                withheld: false,
            } => write!(f, "saved the response to `{}`", path.display()),
            Self::Saved {
                path,
                withheld: true,
            } => write!(
                f,
                "saved the response to `{}` without its body: it is not JSON, so the secrets \
                 in it could not be redacted",
                path.display()
            ),
        }
    }
}
