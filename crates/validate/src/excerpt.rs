//! Source excerpts for human output: the line of a finding with the spot
//! marked, secret values replaced before the line is cut to width.

use std::ops::Range;

use crate::finding::{Excerpt, Location};
use crate::parse::Places;
use crate::redact;

/// Characters shown around the spot on long lines (minified bodies).
const WINDOW: usize = 96;

/// Lines longer than this many bytes are first cut to a piece around the
/// spot, so that a finding in a minified body of megabytes does not cost a
/// copy of the whole body.
const LONG_LINE: usize = 8 * WINDOW;

/// The excerpt for `location`, or None when the line is unknown. Besides
/// the secret spans the places know, `hide` masks the finding's own value
/// when its report withholds it.
pub fn build(
    text: &str,
    places: &Places<'_>,
    location: Location,
    hide: Option<Range<usize>>,
) -> Option<Excerpt> {
    let range = places.line_range(location.line)?;
    let spot_byte = byte_of_column(&text[range.clone()], location.column) + range.start;
    let masked = masked_on(places, &range, hide);
    if range.len() > LONG_LINE {
        let piece = piece_around(text, &masked, range.clone(), spot_byte);
        let (shown, spot) = shown(text, &masked, piece.clone(), spot_byte);
        // The piece stands for the line when the clip cuts it on every side
        // where the piece itself was cut from the line; otherwise the
        // whole line decides.
        let (clip_before, clip_after) = cuts(&shown, spot);
        let before_ok = piece.start == range.start || clip_before;
        let after_ok = piece.end == range.end || clip_after;
        if before_ok && after_ok {
            return Some(clip(&shown, spot));
        }
    }
    let (shown, spot) = shown(text, &masked, range, spot_byte);
    Some(clip(&shown, spot))
}

/// The spans to mask on the line `range`, in order: its secrets, and
/// `hide` unless a secret already covers part of it.
fn masked_on(
    places: &Places<'_>,
    range: &Range<usize>,
    hide: Option<Range<usize>>,
) -> Vec<Range<usize>> {
    let overlaps = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && a.end > b.start;
    let mut masked: Vec<Range<usize>> = places
        .secret_spans()
        .iter()
        .filter(|span| overlaps(span, range))
        .cloned()
        .collect();
    let hide = hide.filter(|h| overlaps(h, range) && !masked.iter().any(|m| overlaps(h, m)));
    masked.extend(hide);
    masked.sort_by_key(|span| span.start);
    masked
}

/// Whether [`clip`] cuts the line before and after the window.
fn cuts(line: &str, spot: usize) -> (bool, bool) {
    let length = line.trim_end().chars().count();
    if length <= WINDOW {
        return (false, false);
    }
    let from = spot.saturating_sub(WINDOW / 3).min(length);
    (from > 0, from + WINDOW < length)
}

/// A piece of the line `range` reaching well past the window on both
/// sides of the spot, never cutting a masked span.
fn piece_around(
    text: &str,
    masked: &[Range<usize>],
    range: Range<usize>,
    spot_byte: usize,
) -> Range<usize> {
    // Four bytes at most make a character, so this many bytes hold at
    // least the window's characters on either side.
    let reach = 4 * WINDOW;
    let mut start = floor_boundary(text, spot_byte.saturating_sub(reach).max(range.start));
    let mut end = ceil_boundary(text, (spot_byte + reach).min(range.end));
    for span in masked {
        if span.start < start && start < span.end {
            start = span.start;
        }
        if span.start < end && end < span.end {
            end = span.end;
        }
    }
    start.max(range.start)..end.min(range.end)
}

fn floor_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

fn ceil_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte += 1;
    }
    byte
}

/// The text of `range` with every masked span replaced and tabs made
/// spaces, and the character the spot lands on.
fn shown(
    text: &str,
    masked: &[Range<usize>],
    range: Range<usize>,
    spot_byte: usize,
) -> (String, usize) {
    let mut shown = String::new();
    let mut spot = None;
    let mut cursor = range.start;
    let on_range = masked
        .iter()
        .filter(|span| span.start < range.end && span.end > range.start);
    for secret in on_range {
        let start = secret.start.max(range.start);
        let end = secret.end.min(range.end);
        if spot.is_none() && spot_byte < start.max(cursor) {
            spot =
                Some(shown.chars().count() + text[cursor..spot_byte.max(cursor)].chars().count());
        }
        shown.push_str(&text[cursor..start.max(cursor)]);
        if spot.is_none() && spot_byte < end {
            spot = Some(shown.chars().count());
        }
        shown.push_str(&redact::source_marker(&text[secret.clone()]));
        cursor = end.max(cursor);
    }
    if spot.is_none() {
        spot = Some(shown.chars().count() + text[cursor..spot_byte.max(cursor)].chars().count());
    }
    shown.push_str(&text[cursor..range.end]);
    let shown: String = shown
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    (shown, spot.unwrap_or(0))
}

fn byte_of_column(line: &str, column: u64) -> usize {
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    line.char_indices().nth(skip).map_or(line.len(), |(i, _)| i)
}

/// Cuts a long line to a window around the spot, marking the cuts.
fn clip(line: &str, spot: usize) -> Excerpt {
    let chars: Vec<char> = line.trim_end().chars().collect();
    if chars.len() <= WINDOW {
        return Excerpt {
            text: chars.into_iter().collect(),
            start: spot,
            width: 1,
        };
    }
    // A spot in trailing white space is past the trimmed line; the window
    // then ends with the line.
    let from = spot.saturating_sub(WINDOW / 3).min(chars.len());
    let to = (from + WINDOW).min(chars.len());
    let mut text = String::new();
    let mut start = spot - from;
    if from > 0 {
        text.push('…');
        start += 1;
    }
    text.extend(&chars[from..to]);
    if to < chars.len() {
        text.push('…');
    }
    Excerpt {
        text,
        start,
        width: 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn excerpt_at(text: &str, line: u64, column: u64) -> Excerpt {
        let places = Places::scan(text, false);
        build(text, &places, Location { line, column }, None).unwrap()
    }

    #[test]
    fn secrets_on_the_line_are_replaced_and_the_spot_follows() {
        let text = r#"{"credentials": {"password": "FAKE-pw-0001"}, "id": 3.0}"#;
        let excerpt = excerpt_at(text, 1, 53);
        assert!(!excerpt.text.contains("FAKE"), "{}", excerpt.text);
        assert!(excerpt.text.contains("<redacted string, 12 chars>"));
        let marked: String = excerpt.text.chars().skip(excerpt.start).take(3).collect();
        assert_eq!(marked, "3.0");
    }

    /// The excerpt made from the whole line, as before long lines were cut
    /// to a piece first.
    fn whole_line(
        text: &str,
        places: &Places<'_>,
        location: Location,
        hide: Option<Range<usize>>,
    ) -> Excerpt {
        let range = places.line_range(location.line).unwrap();
        let spot_byte = byte_of_column(&text[range.clone()], location.column) + range.start;
        let masked = masked_on(places, &range, hide);
        let (shown, spot) = shown(text, &masked, range, spot_byte);
        clip(&shown, spot)
    }

    fn string_at(text: &str, byte: usize) -> Option<Range<usize>> {
        let bytes = text.as_bytes();
        if bytes.get(byte) != Some(&b'"') {
            return None;
        }
        let mut at = byte + 1;
        while at < bytes.len() && bytes[at] != b'"' {
            at += if bytes[at] == b'\\' { 2 } else { 1 };
        }
        Some(byte..(at + 1).min(bytes.len()))
    }

    fn assert_pieces_match_whole_lines(text: &str) {
        let places = Places::scan(text, false);
        // Every fifth value start, where findings are placed, and bytes in
        // between at a prime stride.
        let starts = (0..text.len()).filter(|&i| matches!(text.as_bytes()[i], b'"' | b'[' | b'{'));
        let stride = (0..text.len()).step_by(89);
        for byte in starts.step_by(5).chain(stride).chain([text.len() - 1]) {
            let byte = floor_boundary(text, byte);
            let location = crate::parse::location_of(text, byte);
            // A string where the spot is stands for a withheld value.
            let hide = string_at(text, byte);
            let excerpt = build(text, &places, location, hide.clone()).unwrap();
            assert_eq!(
                excerpt,
                whole_line(text, &places, location, hide),
                "at byte {byte}"
            );
        }
    }

    #[test]
    fn long_lines_give_the_excerpt_of_the_whole_line() {
        let secret = "FAKE-pw-".repeat(150);
        let texts = [
            format!(
                r#"{{"a": [{}], "credentials": {{"k": "{secret}"}}, "t":	"ø🚗", "b": [{}]}}   "#,
                "1, ".repeat(300),
                "\"é\", ".repeat(300)
            ),
            format!(r#"{{"token": "{secret}", "x": [{}0]}}"#, "2, ".repeat(400)),
            format!(
                r#"{{"x": [{}0], "password": "{secret}"}}"#,
                "3, ".repeat(400)
            ),
            format!("[{}\"end\"]{}", "\"…\", ".repeat(500), " ".repeat(900)),
        ];
        for text in &texts {
            assert!(text.len() > LONG_LINE);
            assert_pieces_match_whole_lines(text);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(16))]

        #[test]
        fn minified_payloads_give_the_excerpt_of_the_whole_line(
            payload in mechanics_model::strategies::payload_sized(4..10),
        ) {
            assert_pieces_match_whole_lines(&payload.to_string());
        }
    }

    #[test]
    fn long_lines_are_clipped_around_the_spot() {
        let text = format!("[{}\"x\"]", "1, ".repeat(200));
        let excerpt = excerpt_at(&text, 1, 602);
        assert!(excerpt.text.chars().count() <= WINDOW + 2);
        let marked: String = excerpt.text.chars().skip(excerpt.start).take(3).collect();
        assert_eq!(marked, "\"x\"");
    }
}
