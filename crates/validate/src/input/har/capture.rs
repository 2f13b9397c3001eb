//! Reading a capture one entry at a time, with struson, which says where
//! every value is. The members an entry is checked by are read leniently:
//! a value of the wrong type is remembered with its place and skipped, so
//! the reader stays in step and a malformed entry costs only itself. Only
//! text that is not JSON, or a capture without `log.entries`, stops the
//! whole capture.

use std::io::Read;

use struson::reader::{
    JsonReader, JsonStreamReader, ReaderError, ReaderSettings, SyntaxErrorKind, ValueType,
};

use super::{ENDPOINT_MEMBER, WITHHELD_MEMBER};
use crate::finding::{InputProblem, Location};

/// The parts of an entry we use, each None when absent, `null`, or of the
/// wrong type.
#[derive(Debug, Default)]
pub struct Entry {
    /// `request.method`.
    pub method: Option<String>,
    /// `request.url`.
    pub url: Option<String>,
    /// `response.status`.
    pub status: Option<i64>,
    /// `response.content.text`.
    pub text: Option<String>,
    /// `response.content.encoding`.
    pub encoding: Option<String>,
    /// The endpoint `validate --save` checked the response as.
    pub endpoint: Option<String>,
    /// Whether `validate --save` left the body out.
    pub withheld: bool,
    /// The first member of the wrong type, if any.
    pub malformed: Option<InputProblem>,
}

/// A capture open at its `log.entries` array.
pub struct Capture<R: Read> {
    json: JsonStreamReader<R>,
}

impl<R: Read> Capture<R> {
    /// Reads up to the first entry.
    pub fn open(reader: R) -> Result<Self, InputProblem> {
        let settings = ReaderSettings {
            // Our own member paths are kept; struson's are not needed.
            track_path: false,
            // The reader keeps its nesting on the heap, and members we skip
            // may be nested as deeply as their writer liked.
            max_nesting_depth: None,
            restrict_number_values: false,
            ..ReaderSettings::default()
        };
        let mut json = JsonStreamReader::new_custom(reader, settings);
        open_object(&mut json, "a HAR object with a `log` member")?;
        find_member(&mut json, "log", "the HAR object")?;
        open_object(&mut json, "a `log` object with an `entries` array")?;
        find_member(&mut json, "entries", "the `log` object")?;
        match json.peek().map_err(|e| not_har(&e))? {
            ValueType::Array => json.begin_array().map_err(|e| not_har(&e))?,
            other => return Err(wrong_type(&json, "an array of entries", other)),
        }
        Ok(Self { json })
    }

    /// The next entry, or None after the last.
    pub fn next_entry(&mut self) -> Result<Option<Entry>, InputProblem> {
        let more = self.json.has_next().map_err(|e| not_har(&e))?;
        if !more {
            return Ok(None);
        }
        read_entry(&mut self.json)
            .map(Some)
            .map_err(|e| not_har(&e))
    }

    /// Reads past the members after `entries`, to the end of the text.
    pub fn finish(mut self) -> Result<(), InputProblem> {
        let json = &mut self.json;
        let rest = (|| {
            json.end_array()?;
            // What is left of `log`, then of the HAR object.
            for _ in 0..2 {
                while json.has_next()? {
                    json.skip_name()?;
                    json.skip_value()?;
                }
                json.end_object()?;
            }
            Ok(())
        })();
        rest.and_then(|()| self.json.consume_trailing_whitespace())
            .map_err(|e| not_har(&e))
    }
}

fn open_object<R: Read>(json: &mut JsonStreamReader<R>, what: &str) -> Result<(), InputProblem> {
    match json.peek().map_err(|e| not_har(&e))? {
        ValueType::Object => json.begin_object().map_err(|e| not_har(&e)),
        other => Err(wrong_type(json, what, other)),
    }
}

/// Skips members up to the one named, leaving its value next.
fn find_member<R: Read>(
    json: &mut JsonStreamReader<R>,
    name: &str,
    holder: &str,
) -> Result<(), InputProblem> {
    let mut find = || {
        while json.has_next()? {
            if json.next_name()? == name {
                return Ok(true);
            }
            json.skip_value()?;
        }
        Ok(false)
    };
    match find() {
        Ok(true) => Ok(()),
        Ok(false) => Err(InputProblem::NotHar {
            location: Some(location(json)),
            reason: format!("{holder} has no `{name}` member"),
        }),
        Err(error) => Err(not_har(&error)),
    }
}

/// One entry; reader errors are those of text that is not JSON.
fn read_entry<R: Read>(json: &mut JsonStreamReader<R>) -> Result<Entry, ReaderError> {
    let mut entry = Entry::default();
    let mut lenient = Lenient {
        json,
        malformed: None,
    };
    if lenient.object("", true)? {
        while let Some(name) = lenient.next_member()? {
            match name.as_str() {
                "request" => lenient.request(&mut entry)?,
                "response" => lenient.response(&mut entry)?,
                ENDPOINT_MEMBER => entry.endpoint = lenient.string(ENDPOINT_MEMBER)?,
                _ => lenient.json.skip_value()?,
            }
        }
    }
    entry.malformed = lenient.malformed;
    Ok(entry)
}

/// Reads values of the types expected, noting the first that is not.
struct Lenient<'a, R: Read> {
    json: &'a mut JsonStreamReader<R>,
    malformed: Option<InputProblem>,
}

impl<R: Read> Lenient<'_, R> {
    fn request(&mut self, entry: &mut Entry) -> Result<(), ReaderError> {
        if !self.object("request", false)? {
            return Ok(());
        }
        while let Some(name) = self.next_member()? {
            match name.as_str() {
                "method" => entry.method = self.string("request.method")?,
                "url" => entry.url = self.string("request.url")?,
                _ => self.json.skip_value()?,
            }
        }
        Ok(())
    }

    fn response(&mut self, entry: &mut Entry) -> Result<(), ReaderError> {
        if !self.object("response", false)? {
            return Ok(());
        }
        while let Some(name) = self.next_member()? {
            match name.as_str() {
                "status" => entry.status = self.integer("response.status")?,
                "content" => self.content(entry)?,
                _ => self.json.skip_value()?,
            }
        }
        Ok(())
    }

    fn content(&mut self, entry: &mut Entry) -> Result<(), ReaderError> {
        if !self.object("response.content", false)? {
            return Ok(());
        }
        while let Some(name) = self.next_member()? {
            match name.as_str() {
                "text" => entry.text = self.string("response.content.text")?,
                "encoding" => entry.encoding = self.string("response.content.encoding")?,
                WITHHELD_MEMBER => {
                    let member = format!("response.content.{WITHHELD_MEMBER}");
                    entry.withheld = self.boolean(&member)? == Some(true);
                }
                _ => self.json.skip_value()?,
            }
        }
        Ok(())
    }

    /// Whether the next value is of `kind`; if not, it is skipped, and
    /// noted (as not being `expected`) unless it is a `null` that may
    /// stand for absence.
    fn expect(
        &mut self,
        member: &str,
        kind: ValueType,
        expected: &'static str,
        null_allowed: bool,
    ) -> Result<bool, ReaderError> {
        let found = self.json.peek()?;
        if found == kind {
            return Ok(true);
        }
        if !(null_allowed && found == ValueType::Null) {
            self.note(member, expected, words(found));
        }
        self.json.skip_value()?;
        Ok(false)
    }

    fn note(&mut self, member: &str, expected: &'static str, found: &'static str) {
        if self.malformed.is_none() {
            self.malformed = Some(InputProblem::HarEntry {
                member: member.to_owned(),
                expected,
                found,
                at: location(self.json),
            });
        }
    }

    /// Opens an object; false when the value was something else.
    fn object(&mut self, member: &str, required: bool) -> Result<bool, ReaderError> {
        if !self.expect(member, ValueType::Object, "an object", !required)? {
            return Ok(false);
        }
        self.json.begin_object()?;
        Ok(true)
    }

    /// The next member's name, or None at the end of the object, which is
    /// then closed.
    fn next_member(&mut self) -> Result<Option<String>, ReaderError> {
        if self.json.has_next()? {
            return self.json.next_name_owned().map(Some);
        }
        self.json.end_object()?;
        Ok(None)
    }

    fn string(&mut self, member: &str) -> Result<Option<String>, ReaderError> {
        if !self.expect(member, ValueType::String, "a string", true)? {
            return Ok(None);
        }
        self.json.next_string().map(Some)
    }

    fn boolean(&mut self, member: &str) -> Result<Option<bool>, ReaderError> {
        if !self.expect(member, ValueType::Boolean, "a boolean", true)? {
            return Ok(None);
        }
        self.json.next_bool().map(Some)
    }

    fn integer(&mut self, member: &str) -> Result<Option<i64>, ReaderError> {
        if !self.expect(member, ValueType::Number, "an integer", true)? {
            return Ok(None);
        }
        let at = location(self.json);
        let number = self.json.next_number_as_str()?.parse::<i64>().ok();
        if number.is_none() && self.malformed.is_none() {
            self.malformed = Some(InputProblem::HarEntry {
                member: member.to_owned(),
                expected: "an integer",
                found: "a number with a fraction, an exponent or too many digits",
                at,
            });
        }
        Ok(number)
    }
}

fn words(kind: ValueType) -> &'static str {
    match kind {
        ValueType::Object => "an object",
        ValueType::Array => "an array",
        ValueType::String => "a string",
        ValueType::Number => "a number",
        ValueType::Boolean => "a boolean",
        ValueType::Null => "null",
    }
}

/// Where the reader is, 1-based.
fn location<R: Read>(json: &JsonStreamReader<R>) -> Location {
    let line_pos = json.current_position(false).line_pos;
    line_pos.map_or(Location { line: 1, column: 1 }, |pos| Location {
        line: pos.line + 1,
        column: pos.column + 1,
    })
}

fn wrong_type<R: Read>(
    json: &JsonStreamReader<R>,
    expected: &str,
    found: ValueType,
) -> InputProblem {
    InputProblem::NotHar {
        location: Some(location(json)),
        reason: format!("expected {expected}, found {}", words(found)),
    }
}

/// A capture that cannot be read on, in our words: struson's name the
/// library's types.
fn not_har(error: &ReaderError) -> InputProblem {
    let (position, reason) = match error {
        ReaderError::SyntaxError(syntax) => (
            Some(&syntax.location),
            syntax_words(&syntax.kind).to_owned(),
        ),
        ReaderError::IoError { error, location } => {
            let reason = match error.kind() {
                std::io::ErrorKind::InvalidData => "it is not valid UTF-8 text".to_owned(),
                _ => format!("reading stopped: {error}"),
            };
            (Some(location), reason)
        }
        ReaderError::UnexpectedValueType {
            expected,
            actual,
            location,
        } => (
            Some(location),
            format!("expected {}, found {}", words(*expected), words(*actual)),
        ),
        ReaderError::UnexpectedStructure { location, .. }
        | ReaderError::MaxNestingDepthExceeded { location, .. }
        | ReaderError::UnsupportedNumberValue { location, .. } => {
            (Some(location), "the capture cannot be read here".to_owned())
        }
        _ => (None, "the capture cannot be read".to_owned()),
    };
    let location = position.and_then(|p| p.line_pos).map(|pos| Location {
        line: pos.line + 1,
        column: pos.column + 1,
    });
    InputProblem::NotHar { location, reason }
}

fn syntax_words(kind: &SyntaxErrorKind) -> &'static str {
    match kind {
        SyntaxErrorKind::IncompleteDocument => "the file ends too early (truncated?)",
        SyntaxErrorKind::TrailingData => "more text follows the capture",
        SyntaxErrorKind::MissingComma => "not valid JSON: a comma is missing",
        SyntaxErrorKind::MissingColon => "not valid JSON: a colon is missing",
        SyntaxErrorKind::UnexpectedComma | SyntaxErrorKind::TrailingCommaNotEnabled => {
            "not valid JSON: a comma where none belongs"
        }
        SyntaxErrorKind::UnexpectedColon => "not valid JSON: a colon where none belongs",
        SyntaxErrorKind::UnexpectedClosingBracket => {
            "not valid JSON: a closing bracket where none belongs"
        }
        SyntaxErrorKind::ExpectingMemberNameOrObjectEnd => {
            "not valid JSON: expected a member name or `}`"
        }
        SyntaxErrorKind::NotEscapedControlCharacter => {
            "not valid JSON: a control character in a string must be escaped"
        }
        SyntaxErrorKind::UnknownEscapeSequence | SyntaxErrorKind::MalformedEscapeSequence => {
            "not valid JSON: a malformed escape in a string"
        }
        SyntaxErrorKind::UnpairedSurrogatePairEscapeSequence => {
            "not valid JSON: half of a UTF-16 surrogate pair in a string"
        }
        SyntaxErrorKind::CommentsNotEnabled
        | SyntaxErrorKind::IncompleteComment
        | SyntaxErrorKind::BlockCommentNotClosed => "not valid JSON: comments are not JSON",
        _ => "not valid JSON: expected a JSON value",
    }
}
