//! What "blank" means for a string the documentation says cannot be blank:
//! every character is white space.
//!
//! Validators disagree about white space. ECMA-262's `\s`, which JSON
//! Schema patterns are written in, counts U+FEFF but not U+0085; Unicode's
//! `White_Space` property counts U+0085 but not U+FEFF; and some validators
//! translate `\s` into a shorter list of their own. A schema saying `\S`
//! would therefore get different verdicts from different validators, so the
//! schema spells the characters out, from the same list the model tests.

/// Every blank character, as inclusive ranges: Unicode's `White_Space`
/// property, plus U+FEFF (the byte order mark), which ECMA-262 counts as
/// white space.
pub const BLANK_RANGES: [(char, char); 11] = [
    ('\u{9}', '\u{d}'),
    ('\u{20}', '\u{20}'),
    ('\u{85}', '\u{85}'),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];

/// Whether `c` is one of the [`BLANK_RANGES`].
pub fn is_blank_char(c: char) -> bool {
    BLANK_RANGES
        .iter()
        .any(|&(first, last)| first <= c && c <= last)
}

/// Whether `text` is empty or only blank characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_blank_char)
}

/// The schema's `pattern` for a string that is not blank: one character
/// outside [`BLANK_RANGES`]. Written with `\uXXXX` escapes, which ECMA-262
/// and the Rust regex syntax read alike, so that no validator has to
/// translate a character class.
pub fn non_blank_pattern() -> String {
    let mut pattern = String::from("[^");
    for (first, last) in BLANK_RANGES {
        pattern.push_str(&format!("\\u{:04x}", u32::from(first)));
        if last != first {
            pattern.push_str(&format!("-\\u{:04x}", u32::from(last)));
        }
    }
    pattern.push(']');
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_unicode_white_space_and_the_byte_order_mark() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_blank_char(c),
                c.is_whitespace() || c == '\u{feff}',
                "U+{:04X}",
                u32::from(c)
            );
        }
    }

    #[test]
    fn the_pattern_lists_the_ranges() {
        let expected = concat!(
            r"[^\u0009-\u000d\u0020\u0085\u00a0\u1680\u2000-\u200a",
            r"\u2028-\u2029\u202f\u205f\u3000\ufeff]"
        );
        assert_eq!(non_blank_pattern(), expected);
    }

    #[test]
    fn blank_strings() {
        for blank in ["", " ", "\t\r\n", "\u{feff}", "\u{85}", "\u{3000}\u{a0}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for not_blank in ["a", " a ", "\u{200b}", "\u{180e}", "\0"] {
            assert!(!is_blank(not_blank), "{not_blank:?}");
        }
    }
}
