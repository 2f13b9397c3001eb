//! NDJSON (JSON Lines): one response per line, read one line at a time so
//! memory stays flat however long the stream is. Blank lines are skipped,
//! a CR before the LF is dropped, and each document is labelled with its
//! line, on which its findings are then placed.

use std::io::{self, BufRead};
use std::ops::ControlFlow;

use super::{Item, MAX_DOCUMENT_BYTES, Note, Sink};
use crate::document::{Document, Origin};
use crate::finding::InputProblem;

/// The most room the line buffer keeps between lines.
const SPARE_ROOM: usize = 1024 * 1024;

/// Reads every line of `reader` as one document.
pub fn read(mut reader: impl BufRead, source: Origin, sink: &mut Sink<'_>) -> ControlFlow<()> {
    let mut line = 0;
    let mut any = false;
    let mut buffer = Vec::new();
    loop {
        buffer.clear();
        let read = read_line(&mut reader, &mut buffer, MAX_DOCUMENT_BYTES);
        let at = |line| Origin::NdjsonLine {
            source: Box::new(source.clone()),
            line,
        };
        match read {
            Ok(Line::End) => break,
            Ok(Line::TooLong) => {
                line += 1;
                any = true;
                let limit = MAX_DOCUMENT_BYTES;
                sink(Item::Problem(at(line), InputProblem::TooLarge { limit }))?;
            }
            Ok(Line::Read) => {
                line += 1;
                trim_line_end(&mut buffer);
                if is_blank(&buffer) {
                    continue;
                }
                if !any && let Some(opening) = only_an_opening(&buffer) {
                    sink(Item::Note(at(line), Note::LooksPrettyPrinted { opening }))?;
                }
                any = true;
                // A copy of the line's own size; the buffer keeps its room for
                // the next line, unless one huge line made it huge.
                let bytes = buffer.clone();
                if buffer.capacity() > SPARE_ROOM {
                    buffer = Vec::new();
                }
                sink(Item::Document(Document {
                    origin: at(line),
                    bytes,
                }))?;
            }
            Err(error) => {
                let reason = error.to_string();
                return sink(Item::Problem(
                    at(line + 1),
                    InputProblem::Unreadable { reason },
                ));
            }
        }
    }
    if !any {
        return sink(Item::Problem(source, InputProblem::Empty));
    }
    ControlFlow::Continue(())
}

#[derive(Debug, PartialEq, Eq)]
enum Line {
    /// A line is in the buffer, with its line break if it had one.
    Read,
    /// The line was longer than the limit and was passed over.
    TooLong,
    /// Nothing was left.
    End,
}

/// Reads up to and including the next LF into `buffer`, holding at most
/// `limit` bytes: the rest of a longer line is read past, not kept.
fn read_line(reader: &mut impl BufRead, buffer: &mut Vec<u8>, limit: u64) -> io::Result<Line> {
    let mut read_any = false;
    let mut too_long = false;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(match (read_any, too_long) {
                (false, _) => Line::End,
                (true, true) => Line::TooLong,
                (true, false) => Line::Read,
            });
        }
        read_any = true;
        let (taken, complete) = match available.iter().position(|&b| b == b'\n') {
            Some(end) => (end + 1, true),
            None => (available.len(), false),
        };
        if !too_long {
            let needed = buffer.len() + taken;
            if needed as u64 > limit {
                too_long = true;
                // The room a line near the limit took goes back at once.
                *buffer = Vec::new();
            } else {
                if needed > buffer.capacity() {
                    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
                    buffer.reserve_exact(
                        super::room_for(needed, buffer.capacity(), limit) - buffer.len(),
                    );
                }
                buffer.extend_from_slice(&available[..taken]);
            }
        }
        reader.consume(taken);
        if complete {
            return Ok(if too_long { Line::TooLong } else { Line::Read });
        }
    }
}

fn trim_line_end(buffer: &mut Vec<u8>) {
    if buffer.last() == Some(&b'\n') {
        buffer.pop();
        if buffer.last() == Some(&b'\r') {
            buffer.pop();
        }
    }
}

/// `{` or `[` when that is all the line holds, white space aside: no
/// document fits on such a line, but a pretty-printed one starts so.
fn only_an_opening(line: &[u8]) -> Option<char> {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    match line.trim_ascii() {
        b"{" => Some('{'),
        b"[" => Some('['),
        _ => None,
    }
}

/// White space only, or a byte order mark and white space: the first line
/// of a stream saved by some Windows tools.
fn is_blank(line: &[u8]) -> bool {
    let line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
    line.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_near_the_limit_reserves_no_more_than_the_limit() {
        let mut line = vec![b'x'; 999];
        line.push(b'\n');
        let mut reader = io::BufReader::with_capacity(7, &line[..]);
        let mut buffer = Vec::new();
        assert_eq!(
            read_line(&mut reader, &mut buffer, 1000).unwrap(),
            Line::Read
        );
        assert_eq!(buffer.len(), 1000);
        assert!(buffer.capacity() <= 1000, "{}", buffer.capacity());
    }

    #[test]
    fn lines_longer_than_the_limit_are_passed_over_whole() {
        let mut reader = io::BufReader::with_capacity(4, &b"0123456789\n{}\n"[..]);
        let mut buffer = Vec::new();
        assert_eq!(
            read_line(&mut reader, &mut buffer, 8).unwrap(),
            Line::TooLong
        );
        assert!(buffer.is_empty());
        buffer.clear();
        assert_eq!(read_line(&mut reader, &mut buffer, 8).unwrap(), Line::Read);
        assert_eq!(buffer, b"{}\n");
        buffer.clear();
        assert_eq!(read_line(&mut reader, &mut buffer, 8).unwrap(), Line::End);
    }

    #[test]
    fn a_last_line_without_a_break_is_read() {
        let mut reader = &b"{}"[..];
        let mut buffer = Vec::new();
        assert_eq!(read_line(&mut reader, &mut buffer, 8).unwrap(), Line::Read);
        assert_eq!(buffer, b"{}");
    }
}
