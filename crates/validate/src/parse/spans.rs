//! The slow path: a second, streaming walk over a document that records
//! where every value starts, which keys repeat, and which spans hold
//! secrets. It runs only for documents with something to report.
//!
//! struson reads iteratively, so a document nested 100,000 levels deep
//! cannot overflow the stack here, and on malformed text it says where it
//! stopped and on which JSON path.

use std::collections::HashMap;
use std::ops::Range;

use struson::reader::json_path::JsonPathPiece;
use struson::reader::{
    JsonReader, JsonReaderPosition, JsonStreamReader, ReaderError, ReaderSettings, ValueType,
};

use super::location_of;
use crate::finding::Location;
use crate::redact;

/// One key that appeared twice in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// JSON Pointer of the member.
    pub pointer: String,
    /// Where the key first appeared.
    pub first: Location,
    /// Where it appeared again.
    pub again: Location,
}

/// Where the walk stopped on malformed text.
#[derive(Debug, Clone)]
pub struct WalkFailure {
    /// Where the reader stopped.
    pub location: Location,
    /// JSON Pointer of the value being read, when known.
    pub pointer: Option<String>,
}

/// What the walk learnt, up to where it stopped.
#[derive(Debug)]
pub struct Walk {
    /// Positions of everything read.
    pub index: SpanIndex,
    /// Set when the walk could not read the whole document.
    pub failure: Option<WalkFailure>,
}

/// Positions of values, duplicate keys and secret spans of one document.
#[derive(Debug, Default)]
pub struct SpanIndex {
    /// Every value's start, in document order.
    starts: Vec<(usize, Location, String)>,
    /// Pointer to its entry in `starts`; a repeated key maps to its last
    /// value, matching the parsed `Value`.
    by_pointer: HashMap<String, usize>,
    /// Keys that appeared twice.
    pub duplicates: Vec<DuplicateKey>,
    /// Byte ranges of scalar values that must never be shown.
    secret_spans: Vec<Range<usize>>,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
}

impl SpanIndex {
    /// Where the value at `pointer` starts.
    pub fn location(&self, pointer: &str) -> Option<Location> {
        let index = *self.by_pointer.get(pointer)?;
        Some(self.starts[index].1)
    }

    /// The byte range of the string value at `pointer`, quotes included;
    /// None for other values.
    pub fn string_span(&self, pointer: &str, text: &str) -> Option<Range<usize>> {
        let start = self.starts[*self.by_pointer.get(pointer)?].0;
        (text.as_bytes().get(start) == Some(&b'"')).then(|| start..string_end(text, start))
    }

    /// The pointer of the last value starting at or before `byte`.
    pub fn pointer_at_byte(&self, byte: usize) -> Option<String> {
        let after = self.starts.partition_point(|(start, _, _)| *start <= byte);
        after.checked_sub(1).map(|i| self.starts[i].2.clone())
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: u64, text_len: usize) -> Option<Range<usize>> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(text_len, |next| next - 1);
        Some(start..end)
    }

    /// Byte ranges of every secret scalar value, in document order.
    pub fn secret_spans(&self) -> &[Range<usize>] {
        &self.secret_spans
    }

    /// Secret spans overlapping `range`.
    pub fn secrets_in(&self, range: Range<usize>) -> impl Iterator<Item = &Range<usize>> {
        self.secret_spans
            .iter()
            .filter(move |span| span.start < range.end && span.end > range.start)
    }
}

/// Walks `text`, recording positions until the end or the first error.
pub fn walk(text: &str, max_depth: usize) -> Walk {
    walk_until(text, max_depth, usize::MAX)
}

/// Like [`walk`], but stops at the first value starting after byte
/// `stop_at`: locating a parse error near the start of a large document
/// must not index all of it.
pub fn walk_until(text: &str, max_depth: usize, stop_at: usize) -> Walk {
    let mut index = SpanIndex {
        line_starts: std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
        ..SpanIndex::default()
    };
    let settings = ReaderSettings {
        max_nesting_depth: Some(u32::try_from(max_depth).unwrap_or(u32::MAX)),
        ..ReaderSettings::default()
    };
    let reader = JsonStreamReader::new_custom(text.as_bytes(), settings);
    let failure = Walker {
        text,
        index: &mut index,
        stop_at,
        reached: false,
    }
    .run(reader)
    .err()
    .map(|error| failure_of(text, &error));
    Walk { index, failure }
}

enum Frame {
    Object {
        pointer: String,
        secret: bool,
        keys: HashMap<String, Location>,
    },
    Array {
        pointer: String,
        secret: bool,
        next: usize,
    },
}

struct Walker<'a> {
    text: &'a str,
    index: &'a mut SpanIndex,
    stop_at: usize,
    /// Set once a value starts after `stop_at`.
    reached: bool,
}

impl Walker<'_> {
    fn run(mut self, mut reader: JsonStreamReader<&[u8]>) -> Result<(), ReaderError> {
        let mut stack = Vec::new();
        if let Some(frame) = self.value(&mut reader, String::new(), false)? {
            stack.push(frame);
        }
        while let Some(frame) = stack.last_mut() {
            if self.reached {
                return Ok(());
            }
            let child = match frame {
                Frame::Object {
                    pointer,
                    secret,
                    keys,
                } => {
                    if !reader.has_next()? {
                        reader.end_object()?;
                        stack.pop();
                        continue;
                    }
                    let key_location = self.position(&reader).1;
                    let key = reader.next_name_owned()?;
                    let child = format!("{pointer}/{}", escape(&key));
                    let secret = *secret || redact::is_secret_key(&key);
                    if let Some(first) = keys.insert(key, key_location) {
                        self.index.duplicates.push(DuplicateKey {
                            pointer: child.clone(),
                            first,
                            again: key_location,
                        });
                    }
                    self.value(&mut reader, child, secret)?
                }
                Frame::Array {
                    pointer,
                    secret,
                    next,
                } => {
                    if !reader.has_next()? {
                        reader.end_array()?;
                        stack.pop();
                        continue;
                    }
                    let child = format!("{pointer}/{next}");
                    *next += 1;
                    let secret = *secret;
                    self.value(&mut reader, child, secret)?
                }
            };
            if let Some(frame) = child {
                stack.push(frame);
            }
        }
        reader.consume_trailing_whitespace()
    }

    /// Reads one value; a container becomes a frame to walk into.
    fn value(
        &mut self,
        reader: &mut JsonStreamReader<&[u8]>,
        pointer: String,
        secret: bool,
    ) -> Result<Option<Frame>, ReaderError> {
        let kind = reader.peek()?;
        let (start, location) = self.position(reader);
        if start > self.stop_at {
            self.reached = true;
            return Ok(None);
        }
        self.index
            .by_pointer
            .insert(pointer.clone(), self.index.starts.len());
        self.index.starts.push((start, location, pointer.clone()));
        let end = match kind {
            ValueType::Object => {
                reader.begin_object()?;
                return Ok(Some(Frame::Object {
                    pointer,
                    secret,
                    keys: HashMap::new(),
                }));
            }
            ValueType::Array => {
                reader.begin_array()?;
                return Ok(Some(Frame::Array {
                    pointer,
                    secret,
                    next: 0,
                }));
            }
            ValueType::String => {
                reader.skip_value()?;
                string_end(self.text, start)
            }
            ValueType::Number => start + reader.next_number_as_str()?.len(),
            ValueType::Boolean => start + if reader.next_bool()? { 4 } else { 5 },
            ValueType::Null => {
                reader.next_null()?;
                start + 4
            }
        };
        if secret {
            self.index.secret_spans.push(start..end);
        }
        Ok(None)
    }

    fn position(&self, reader: &JsonStreamReader<&[u8]>) -> (usize, Location) {
        let position = reader.current_position(false);
        let byte = position
            .data_pos
            .and_then(|pos| usize::try_from(pos).ok())
            .unwrap_or(0);
        let location = match position.line_pos {
            Some(line_pos) => Location {
                line: line_pos.line + 1,
                column: line_pos.column + 1,
            },
            None => location_of(self.text, byte),
        };
        (byte, location)
    }
}

/// The byte after the closing quote of the string starting at `start`.
fn string_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

fn failure_of(text: &str, error: &ReaderError) -> WalkFailure {
    let position: Option<&JsonReaderPosition> = match error {
        ReaderError::SyntaxError(e) => Some(&e.location),
        ReaderError::MaxNestingDepthExceeded { location, .. }
        | ReaderError::UnsupportedNumberValue { location, .. }
        | ReaderError::UnexpectedValueType { location, .. }
        | ReaderError::UnexpectedStructure { location, .. } => Some(location),
        ReaderError::IoError { location, .. } => Some(location),
        _ => None,
    };
    let location = position
        .and_then(|p| p.line_pos)
        .map(|l| Location {
            line: l.line + 1,
            column: l.column + 1,
        })
        .or_else(|| {
            let byte = position?.data_pos?;
            Some(location_of(text, usize::try_from(byte).ok()?))
        })
        .unwrap_or(Location { line: 1, column: 1 });
    let pointer = position
        .and_then(|p| p.path.as_ref())
        .map(|path| pointer_of(path));
    WalkFailure { location, pointer }
}

fn pointer_of(path: &[JsonPathPiece]) -> String {
    let mut pointer = String::new();
    for piece in path {
        pointer.push('/');
        match piece {
            JsonPathPiece::ArrayItem(i) => pointer.push_str(&i.to_string()),
            JsonPathPiece::ObjectMember(name) => pointer.push_str(&escape(name)),
        }
    }
    pointer
}

/// Escapes one JSON Pointer reference token (RFC 6901).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_locations_and_duplicates() {
        let text = "{\n  \"a\": [1, {\"b\": true}],\n  \"a\": null\n}";
        let walk = walk(text, 64);
        assert!(walk.failure.is_none());
        let at = |line, column| Location { line, column };
        assert_eq!(walk.index.location("/a"), Some(at(3, 8)));
        assert_eq!(
            walk.index.duplicates,
            vec![DuplicateKey {
                pointer: "/a".into(),
                first: at(2, 3),
                again: at(3, 3),
            }]
        );
    }

    #[test]
    fn secret_values_are_spanned() {
        let text = r#"{"credentials": {"user": "u", "n": [1, "x"]}, "token": "t", "o": "k"}"#;
        let walk = walk(text, 64);
        let spans: Vec<&str> = walk
            .index
            .secrets_in(0..text.len())
            .map(|r| &text[r.clone()])
            .collect();
        assert_eq!(spans, [r#""u""#, "1", r#""x""#, r#""t""#]);
    }

    #[test]
    fn very_deep_nesting_stops_at_the_limit_without_overflow() {
        let depth = 100_000;
        let text = format!("{{\"o\": {}{}}}", "[".repeat(depth), "]".repeat(depth));
        let walk = walk(&text, 256);
        let failure = walk.failure.expect("nesting beyond the limit fails");
        assert_eq!(failure.location.line, 1);
        assert!(failure.pointer.unwrap().starts_with("/o/0/0/0"));
    }

    #[test]
    fn syntax_errors_carry_the_path() {
        let walk = walk("{\"a\": [1, 2,, 3]}", 64);
        let failure = walk.failure.unwrap();
        assert_eq!(failure.pointer.as_deref(), Some("/a/2"));
        assert_eq!(
            failure.location,
            Location {
                line: 1,
                column: 13
            }
        );
    }
}
