//! Text encoding: JSON on the wire is UTF-8 (RFC 8259). A UTF-8 byte order
//! mark is tolerated, since Windows tools write one; other encodings are
//! named so the user knows what to convert.

use super::location_of;
use crate::finding::InputProblem;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Checks the encoding and returns the text without a byte order mark.
pub fn prepare(bytes: &[u8]) -> Result<&str, InputProblem> {
    if let Some(encoding) = foreign_encoding(bytes) {
        return Err(InputProblem::WrongEncoding { encoding });
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid = std::str::from_utf8(&bytes[..error.valid_up_to()])
                .expect("bytes up to valid_up_to are UTF-8 by definition");
            return Err(InputProblem::InvalidUtf8 {
                location: location_of(valid, valid.len()),
            });
        }
    };
    if text.trim_matches(is_json_whitespace).is_empty() {
        return Err(InputProblem::Empty);
    }
    Ok(text)
}

fn is_json_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// Recognises UTF-16 and UTF-32 by their byte order marks, or, without
/// one, by the zero bytes that ASCII text has in those encodings.
fn foreign_encoding(bytes: &[u8]) -> Option<&'static str> {
    const BOMS: [(&[u8], &str); 4] = [
        (b"\x00\x00\xFE\xFF", "UTF-32BE"),
        (b"\xFF\xFE\x00\x00", "UTF-32LE"),
        (b"\xFE\xFF", "UTF-16BE"),
        (b"\xFF\xFE", "UTF-16LE"),
    ];
    if let Some((_, name)) = BOMS.iter().find(|(bom, _)| bytes.starts_with(bom)) {
        return Some(name);
    }
    match bytes {
        [0, 0, 0, a, ..] if *a != 0 => Some("UTF-32BE"),
        [a, 0, 0, 0, ..] if *a != 0 => Some("UTF-32LE"),
        [0, a, ..] if *a != 0 => Some("UTF-16BE"),
        [a, 0, ..] if *a != 0 => Some("UTF-16LE"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_is_skipped() {
        assert_eq!(prepare(b"\xEF\xBB\xBF{}").unwrap(), "{}");
    }

    #[test]
    fn utf16_is_named_with_or_without_bom() {
        for (bytes, name) in [
            (&b"\xFF\xFE{\x00}\x00"[..], "UTF-16LE"),
            (b"\xFE\xFF\x00{\x00}", "UTF-16BE"),
            (b"{\x00}\x00", "UTF-16LE"),
            (b"\xFF\xFE\x00\x00{\x00\x00\x00", "UTF-32LE"),
        ] {
            assert_eq!(
                prepare(bytes),
                Err(InputProblem::WrongEncoding { encoding: name })
            );
        }
    }

    #[test]
    fn invalid_utf8_is_located() {
        let problem = prepare(b"{\n  \"a\": \"\xC3\x28\"}").unwrap_err();
        let InputProblem::InvalidUtf8 { location } = problem else {
            panic!("expected invalid UTF-8, got {problem:?}");
        };
        assert_eq!((location.line, location.column), (2, 9));
    }

    #[test]
    fn whitespace_only_is_empty() {
        assert_eq!(prepare(b" \r\n\t"), Err(InputProblem::Empty));
        assert_eq!(prepare(b""), Err(InputProblem::Empty));
    }
}
