//! From bytes to a JSON value, or to a located reason why not.
//!
//! The fast path ([`parse_value`]) builds a `serde_json::Value` and notices
//! duplicate keys and excessive nesting on the way, at the cost of a plain
//! parse. Only when something is wrong does the slow path ([`spans`]) walk
//! the text again to find lines, columns and JSON Pointers.

pub mod places;
pub mod spans;
mod text;
mod value;

pub use places::Places;
pub use spans::{DuplicateKey, SpanIndex};
pub use text::prepare;
pub use value::{MAX_DEPTH, MAX_VALUES, Parsed, parse_value};

use crate::finding::{InputProblem, Location};

/// Parses a whole document, turning every failure into a located problem.
pub fn parse(bytes: &[u8]) -> Result<(Parsed, &str), InputProblem> {
    let text = prepare(bytes)?;
    parse_text(text).map(|parsed| (parsed, text))
}

/// Parses a document's text, as [`prepare`] gives it.
pub fn parse_text(text: &str) -> Result<Parsed, InputProblem> {
    parse_value(text).map_err(|failure| locate_failure(text, failure))
}

fn locate_failure(text: &str, failure: value::Failure) -> InputProblem {
    // serde_json counts columns in bytes, and its position can fall inside
    // a multi-byte character; every use below slices the text there.
    let byte = floor_char_boundary(text, byte_at(text, failure.line, failure.column));
    let fallback_location = location_of(text, byte);
    if failure.too_many_values {
        // Indexing millions of values to name the place would cost what
        // the limit exists to avoid; the line and column say enough.
        return InputProblem::TooManyValues {
            location: fallback_location,
            pointer: None,
            limit: MAX_VALUES,
        };
    }
    let walk = spans::walk_until(text, MAX_DEPTH, byte);
    if failure.too_deep {
        let (location, pointer) = match walk.failure {
            Some(f) => (f.location, f.pointer),
            None => (fallback_location, walk.index.pointer_at_byte(byte)),
        };
        return InputProblem::TooDeep {
            location,
            pointer,
            limit: MAX_DEPTH,
        };
    }
    if failure.out_of_range {
        // serde_json stops after the number; its start is where to look.
        let pointer = walk.index.pointer_at_byte(byte);
        let location = pointer
            .as_deref()
            .and_then(|p| walk.index.location(p))
            .unwrap_or(fallback_location);
        return InputProblem::NumberOutOfRange { location, pointer };
    }
    let reason = syntax_reason(text, byte, &failure.message);
    // struson stops at the first token it cannot read, which is where the
    // user needs to look; serde_json's position is the fallback for
    // problems struson reads past, such as numbers out of range.
    let (location, pointer) = match walk.failure {
        Some(f) => (f.location, f.pointer),
        None => (fallback_location, walk.index.pointer_at_byte(byte)),
    };
    InputProblem::Syntax {
        location,
        pointer,
        reason,
    }
}

/// A plain reason for a parse error. serde_json's messages never quote the
/// input, so they are safe to show; the common cases get clearer words.
fn syntax_reason(text: &str, byte: usize, message: &str) -> String {
    if let Some(literal) = non_finite_literal(text, byte) {
        return format!("`{literal}` is not a JSON number (NaN and Infinity are not JSON)");
    }
    let escape_problem = message.contains("surrogate") || message.contains("hex escape");
    if let Some(escape) = lone_surrogate_near(text, byte).filter(|_| escape_problem) {
        return format!(
            "`{escape}` is half of a UTF-16 surrogate pair with no other half; a JSON \
             string must encode whole characters"
        );
    }
    if let Some(c) = text[byte..].chars().next()
        && c.is_control()
        && !matches!(c, '\t' | '\n' | '\r')
    {
        return format!(
            "{message}: found the control character U+{:04X} (binary data?)",
            u32::from(c)
        );
    }
    if message.starts_with("EOF while parsing") {
        return format!("{message} (the input ends too early: truncated?)");
    }
    if message.starts_with("trailing characters") && starts_a_line_with_a_document(text, byte) {
        return format!(
            "{message}: another document starts on a new line; if this is NDJSON (one \
             document per line), read it with `--input-format ndjson`"
        );
    }
    message.to_owned()
}

/// Whether what follows a whole document at `byte` is another one at the
/// start of its own line, and the first one fits on its own line, as in
/// NDJSON read as one document. Two pretty-printed documents are not.
fn starts_a_line_with_a_document(text: &str, byte: usize) -> bool {
    let before = text[..byte].trim_end_matches([' ', '\t', '\r']);
    let Some(first) = before.strip_suffix('\n') else {
        return false;
    };
    let first = first.trim_matches(|c: char| c.is_ascii_whitespace());
    !first.contains('\n') && text[byte..].starts_with(['{', '['])
}

/// `NaN`, `Infinity` or `-Infinity` at or just before `byte`: JavaScript
/// and Python writers emit them, and serde_json only says "expected value".
fn non_finite_literal(text: &str, byte: usize) -> Option<&'static str> {
    let start = text[..byte]
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '+'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let rest = &text[start..];
    ["NaN", "-NaN", "Infinity", "-Infinity", "+Infinity"]
        .into_iter()
        .filter(|literal| rest.starts_with(literal))
        .max_by_key(|literal| literal.len())
}

/// A `\uD800`-`\uDFFF` escape next to `byte`, if any: serde_json names a
/// lone surrogate only as a hex escape problem, at a position a few bytes
/// away from the escape.
fn lone_surrogate_near(text: &str, byte: usize) -> Option<&str> {
    let from = floor_char_boundary(text, byte.saturating_sub(12));
    let to = floor_char_boundary(text, byte + 6);
    let window = &text[from..to];
    window.match_indices("\\u").find_map(|(i, _)| {
        let escape = window.get(i..i + 6)?;
        let code = u16::from_str_radix(escape.get(2..)?, 16).ok()?;
        (0xD800..=0xDFFF).contains(&code).then_some(escape)
    })
}

/// The byte offset of serde_json's 1-based line and byte column.
fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line.checked_sub(2) {
        None => 0,
        Some(skip) => text
            .match_indices('\n')
            .nth(skip)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    line_start + column.saturating_sub(1)
}

/// Turns a byte offset into a 1-based line and character column.
pub fn location_of(text: &str, byte: usize) -> Location {
    let byte = floor_char_boundary(text, byte);
    let before = &text[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Location {
        line: before.matches('\n').count() as u64 + 1,
        column: before[line_start..].chars().count() as u64 + 1,
    }
}

fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

#[cfg(test)]
mod tests {
    use super::*;

    // Found by the mutation property: an error position next to a
    // multi-byte character once sliced a `str` inside that character.
    #[test]
    fn errors_next_to_multibyte_characters_are_located_without_panicking() {
        for text in [
            "[\"æ\"æ]",
            "{\"a\": æNaN}",
            "[1,æ",
            "[\"🚗\" 🚗]",
            "{\"x\":-Infinitæ}",
        ] {
            let problem = parse(text.as_bytes()).map(|_| ()).unwrap_err();
            let InputProblem::Syntax { location, .. } = problem else {
                panic!("{text}: expected a syntax error, got {problem:?}");
            };
            assert_eq!(location.line, 1, "{text}");
        }
    }

    #[test]
    fn ndjson_read_as_one_document_is_named() {
        for text in ["{}\n{}\n", "{\"a\": 1}\r\n[1]", "[]\n  \n{}"] {
            let problem = parse(text.as_bytes()).map(|_| ()).unwrap_err();
            let InputProblem::Syntax { reason, .. } = problem else {
                panic!("{text:?}: expected a syntax error, got {problem:?}");
            };
            assert!(
                reason.contains("--input-format ndjson"),
                "{text:?}: {reason}"
            );
        }
        // Not a second document, not on a line of its own, or after a
        // document of several lines.
        for text in ["{} {}", "{}\nx", "{}\n1", "{\n}\n{\n}", "[\n1\n]\n{"] {
            let problem = parse(text.as_bytes()).map(|_| ()).unwrap_err();
            let InputProblem::Syntax { reason, .. } = problem else {
                panic!("{text:?}: expected a syntax error, got {problem:?}");
            };
            assert!(!reason.contains("ndjson"), "{text:?}: {reason}");
        }
    }

    #[test]
    fn non_finite_literals_get_a_plain_reason() {
        for (text, literal) in [
            ("[NaN]", "NaN"),
            ("[-Infinity]", "-Infinity"),
            ("[1, Infinity]", "Infinity"),
        ] {
            let problem = parse(text.as_bytes()).map(|_| ()).unwrap_err();
            let InputProblem::Syntax { reason, .. } = problem else {
                panic!("{text}: {problem:?}");
            };
            assert!(
                reason.starts_with(&format!("`{literal}` is not a JSON number")),
                "{reason}"
            );
        }
    }
}
