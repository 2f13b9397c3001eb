//! Source excerpts for human output: the line of a finding with the spot
//! marked, secret values replaced before the line is cut to width.

use crate::finding::{Excerpt, Location};
use crate::parse::Places;
use crate::redact;

/// Characters shown around the spot on long lines (minified bodies).
const WINDOW: usize = 96;

/// The excerpt for `location`, or None when the line is unknown.
pub fn build(text: &str, places: &Places<'_>, location: Location) -> Option<Excerpt> {
    let range = places.line_range(location.line)?;
    let line_start = range.start;
    let spot_byte = byte_of_column(&text[range.clone()], location.column) + line_start;

    // Rebuild the line with every secret span replaced, tracking where the
    // spot lands in the rebuilt text.
    let mut shown = String::new();
    let mut spot = None;
    let mut cursor = range.start;
    let on_line = places
        .secret_spans()
        .iter()
        .filter(|span| span.start < range.end && span.end > range.start);
    for secret in on_line {
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
    let spot = spot.unwrap_or(0);

    Some(clip(&shown, spot))
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
    let from = spot.saturating_sub(WINDOW / 3);
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
        build(text, &places, Location { line, column }).unwrap()
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

    #[test]
    fn long_lines_are_clipped_around_the_spot() {
        let text = format!("[{}\"x\"]", "1, ".repeat(200));
        let excerpt = excerpt_at(&text, 1, 602);
        assert!(excerpt.text.chars().count() <= WINDOW + 2);
        let marked: String = excerpt.text.chars().skip(excerpt.start).take(3).collect();
        assert_eq!(marked, "\"x\"");
    }
}
