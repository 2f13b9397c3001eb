//! Findings are data, never preformatted text: every printer renders the
//! same fields, and none of them holds a raw value from the payload. What
//! was found is a [`Found`] built by the redaction module.

use std::fmt;

use serde::Serialize;

use crate::redact::Found;

/// How much a finding matters to the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Breaks the documented contract.
    Error,
    /// Worth knowing; does not fail the run by itself.
    Warning,
}

/// The rule a finding is about. Stable names: CI scripts and baselines
/// refer to them.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    /// A documented member is missing.
    Required,
    /// The value has the wrong JSON type.
    Type,
    /// `null` where the documentation says the value cannot be blank.
    Null,
    /// A value outside the documented set.
    Enum,
    /// A string that must not be blank is empty or white space.
    Blank,
    /// A string does not match the schema's pattern.
    Pattern,
    /// A string, array or object is too short or too long.
    Length,
    /// Any other schema keyword; only custom schemas produce these.
    Schema(String),
    /// The same key twice in one object.
    DuplicateKey,
    /// Two integrations share one name.
    UniqueName,
    /// The schema accepts the value but the typed model refuses it.
    ModelMismatch,
    /// A member the documentation does not describe. The published schema
    /// stays open to additive change, so this is a warning unless the run
    /// denies drift.
    Drift,
}

impl Rule {
    /// The rule's stable name.
    pub fn name(&self) -> &str {
        match self {
            Self::Required => "required",
            Self::Type => "type",
            Self::Null => "null",
            Self::Enum => "enum",
            Self::Blank => "blank",
            Self::Pattern => "pattern",
            Self::Length => "length",
            Self::Schema(keyword) => keyword,
            Self::DuplicateKey => "duplicate-key",
            Self::UniqueName => "unique-name",
            Self::ModelMismatch => "model-mismatch",
            Self::Drift => "drift",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A 1-based line and column (in characters) within one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: u64,
    /// 1-based column, counted in characters.
    pub column: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// A second place a finding refers to, such as the first of two duplicate
/// keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// What the other place is.
    pub label: &'static str,
    /// Its JSON Pointer.
    pub pointer: String,
    /// Its line and column.
    pub location: Option<Location>,
}

/// The source line of a finding, already redacted, with the spot marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// The line, redacted and clipped around the spot.
    pub text: String,
    /// 0-based character offset of the spot within `text`.
    pub start: usize,
    /// How many characters to mark; at least 1.
    pub width: usize,
}

/// One problem found in one document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The rule broken.
    pub rule: Rule,
    /// How much it matters.
    pub severity: Severity,
    /// JSON Pointer of the offending value (for a missing member, where it
    /// should have been).
    pub pointer: String,
    /// Where the value starts in the document.
    pub location: Option<Location>,
    /// What the contract asks for, in words.
    pub expected: String,
    /// What was there, described without leaking secrets.
    pub found: Found,
    /// Another place the finding involves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Related>,
    /// The source line, redacted.
    #[serde(skip)]
    pub excerpt: Option<Excerpt>,
    /// A likely fix, such as the documented name an unknown key resembles.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// `pointer` with array indices replaced by `*`: the same place in
    /// every item and every input, which is what groups findings.
    #[serde(skip)]
    pub folded_pointer: String,
}

/// Why a document could not be checked at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputProblem {
    /// Reading failed.
    Unreadable {
        /// The operating system's reason.
        reason: String,
    },
    /// A directory was named where a file was expected.
    IsDirectory,
    /// The input is larger than we read.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Nothing but white space.
    Empty,
    /// UTF-16 or UTF-32 text; JSON exchanged between systems is UTF-8.
    WrongEncoding {
        /// `UTF-16LE`, `UTF-32BE`, ...
        encoding: &'static str,
    },
    /// Bytes that are not UTF-8.
    InvalidUtf8 {
        /// Where the first bad byte is.
        location: Location,
    },
    /// Not well-formed JSON.
    Syntax {
        /// Where the parser stopped.
        location: Location,
        /// JSON Pointer of the value being read there, when known.
        pointer: Option<String>,
        /// What was wrong, in words.
        reason: String,
    },
    /// A number beyond every integer and float type: valid JSON syntax
    /// that no client can read.
    NumberOutOfRange {
        /// Where the number starts.
        location: Location,
        /// JSON Pointer of the number, when known.
        pointer: Option<String>,
    },
    /// More values than we hold in memory for one document.
    TooManyValues {
        /// Where the limit was crossed.
        location: Location,
        /// JSON Pointer of the value being read there, when known.
        pointer: Option<String>,
        /// The most values accepted.
        limit: usize,
    },
    /// Nested deeper than we check.
    TooDeep {
        /// Where the limit was crossed.
        location: Location,
        /// JSON Pointer of the value being read there, when known.
        pointer: Option<String>,
        /// The deepest nesting accepted.
        limit: usize,
    },
    /// A live request failed before a whole response arrived.
    Fetch {
        /// What went wrong, without secrets.
        reason: String,
    },
    /// A live response whose status is not 200.
    HttpStatus {
        /// The status code.
        status: u16,
        /// The media type the server declared.
        media_type: Option<String>,
        /// The start of the body, redacted.
        snippet: String,
        /// What the user can do about it, when known.
        hint: Option<String>,
    },
    /// A 200 response whose body is not JSON.
    NotJsonMedia {
        /// The media type the server declared.
        media_type: Option<String>,
        /// The start of the body, redacted.
        snippet: String,
    },
    /// No token could be had from the API's token endpoint.
    Login {
        /// Why, without secrets.
        reason: String,
    },
    /// A HAR capture read as one response: its entries hold the responses.
    IsHar,
    /// A file read as HAR that is not one.
    NotHar {
        /// Where reading stopped, when known.
        location: Option<Location>,
        /// What was expected there.
        reason: String,
    },
    /// A HAR entry with a member of the wrong type. The place is in the
    /// capture, not in a body, so it is told in the message.
    HarEntry {
        /// The member, dotted from the entry (`response.status`); empty for
        /// the entry itself.
        member: String,
        /// The type expected, in words.
        expected: &'static str,
        /// The type found, in words (never the value).
        found: &'static str,
        /// Where the value is in the capture.
        at: Location,
    },
    /// A HAR entry saved by `validate --save` without its body, which was
    /// not JSON and so could not be redacted.
    Withheld,
    /// A directory with no file we read.
    NothingFound,
}

impl InputProblem {
    /// Where in the document the problem is, when it has a place.
    pub fn location(&self) -> Option<Location> {
        match self {
            Self::InvalidUtf8 { location }
            | Self::Syntax { location, .. }
            | Self::TooDeep { location, .. }
            | Self::NumberOutOfRange { location, .. }
            | Self::TooManyValues { location, .. } => Some(*location),
            Self::NotHar { location, .. } => *location,
            _ => None,
        }
    }

    /// The location, for moving it into the coordinates of a larger
    /// source (an NDJSON line within its stream).
    pub fn location_mut(&mut self) -> Option<&mut Location> {
        match self {
            Self::InvalidUtf8 { location }
            | Self::Syntax { location, .. }
            | Self::TooDeep { location, .. } => Some(location),
            Self::NotHar { location, .. } => location.as_mut(),
            _ => None,
        }
    }

    /// JSON Pointer of the problem, when it has one.
    pub fn pointer(&self) -> Option<&str> {
        match self {
            Self::Syntax { pointer, .. }
            | Self::TooDeep { pointer, .. }
            | Self::NumberOutOfRange { pointer, .. }
            | Self::TooManyValues { pointer, .. } => pointer.as_deref(),
            _ => None,
        }
    }

    /// A short stable name for machine output.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Unreadable { .. } => "unreadable",
            Self::IsDirectory => "is-directory",
            Self::TooLarge { .. } => "too-large",
            Self::Empty => "empty",
            Self::WrongEncoding { .. } => "wrong-encoding",
            Self::InvalidUtf8 { .. } => "invalid-utf8",
            Self::Syntax { .. } => "syntax",
            Self::TooDeep { .. } => "too-deep",
            Self::NumberOutOfRange { .. } => "number-out-of-range",
            Self::TooManyValues { .. } => "too-many-values",
            Self::Fetch { .. } => "fetch",
            Self::HttpStatus { .. } => "http-status",
            Self::NotJsonMedia { .. } => "not-json-media",
            Self::Login { .. } => "login",
            Self::IsHar => "is-har",
            Self::NotHar { .. } => "not-har",
            Self::HarEntry { .. } => "har-entry",
            Self::Withheld => "withheld",
            Self::NothingFound => "nothing-found",
        }
    }
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { reason } => write!(f, "cannot be read: {reason}"),
            Self::IsDirectory => f.write_str("is a directory (name the files in it)"),
            Self::TooLarge { limit } => write!(f, "is larger than the {} limit", Size(*limit)),
            Self::Empty => f.write_str("is empty (expected a JSON response body)"),
            Self::WrongEncoding { encoding } => write!(
                f,
                "is {encoding} text; JSON must be UTF-8 (re-save the file as UTF-8)"
            ),
            Self::InvalidUtf8 { .. } => {
                f.write_str("is not valid UTF-8 (binary data, or another text encoding)")
            }
            Self::Syntax { reason, .. } => write!(f, "is not valid JSON: {reason}"),
            Self::NumberOutOfRange { .. } => f.write_str(
                "holds a number beyond the range of every integer and float type (valid JSON \
                 syntax, but no client can read it)",
            ),
            Self::TooManyValues { limit, .. } => write!(
                f,
                "holds more than {limit} values, the most we check in one document"
            ),
            Self::TooDeep { limit, .. } => {
                write!(f, "is nested deeper than {limit} levels, the most we check")
            }
            Self::Fetch { reason } => write!(f, "could not be fetched: {reason}"),
            Self::HttpStatus {
                status,
                media_type,
                snippet,
                hint,
            } => {
                write!(
                    f,
                    "is an HTTP {status} response, not 200 ({}); the body begins `{snippet}`",
                    MediaType(media_type.as_deref())
                )?;
                match hint {
                    Some(hint) => write!(f, " ({hint})"),
                    None => Ok(()),
                }
            }
            Self::NotJsonMedia {
                media_type,
                snippet,
            } => write!(
                f,
                "is not JSON ({}); it begins `{snippet}`",
                MediaType(media_type.as_deref())
            ),
            Self::Login { reason } => write!(f, "could not be fetched: no token: {reason}"),
            Self::IsHar => f.write_str(
                "is a HAR capture, not a response (it has `log.entries`); read it with \
                 `--input-format har`, or name it `.har`",
            ),
            Self::NotHar { reason, .. } => write!(f, "is not a HAR capture: {reason}"),
            Self::HarEntry {
                member,
                expected,
                found,
                at,
            } => {
                f.write_str("is not a usable HAR entry: expected ")?;
                match member.as_str() {
                    "" => write!(f, "the entry to be {expected}")?,
                    member => write!(f, "{expected} at `{member}`")?,
                }
                write!(
                    f,
                    ", found {found} (line {}, column {} of the capture)",
                    at.line, at.column
                )
            }
            Self::Withheld => f.write_str(
                "has no body to check: `validate --save` left it out, since it was not JSON \
                 and the secrets in it could not be redacted",
            ),
            Self::NothingFound => f.write_str(
                "holds no response files (.json, .ndjson, .jsonl or .har), so nothing was checked",
            ),
        }
    }
}

/// A byte count in the largest binary unit that divides it.
struct Size(u64);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const KIB: u64 = 1024;
        match self.0 {
            n if n >= KIB * KIB && n % (KIB * KIB) == 0 => write!(f, "{} MiB", n / (KIB * KIB)),
            n if n >= KIB && n % KIB == 0 => write!(f, "{} KiB", n / KIB),
            n => write!(f, "{n} bytes"),
        }
    }
}

/// A declared media type, or words for its absence.
struct MediaType<'a>(Option<&'a str>);

impl fmt::Display for MediaType<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(media_type) => write!(f, "content type `{media_type}`"),
            None => f.write_str("no content type"),
        }
    }
}
