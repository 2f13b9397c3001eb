//! Secrets never leave this module. Responses carry the credentials that
//! workshops store for their integrations; every value shown to a user is
//! described here first, and anything under `credentials` or under a key
//! that names a secret is replaced by its type and length.

use std::fmt;

use serde::Serialize;
use serde_json::Value;

/// Parts of key names that mark their values as secret, compared after
/// lower-casing and dropping `_`, `-` and spaces.
const SECRET_KEY_PARTS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "authorization",
    "cookie",
    "credential",
    "privatekey",
    "accesskey",
    "sessionid",
    "sessionkey",
    "signature",
    "bearer",
    "jwt",
    "pwd",
    "creds",
];

/// Short key names that mark secrets only as the whole name: as parts they
/// would catch `authenticationType`, `shipping` or `passenger`.
const SECRET_KEY_NAMES: &[&str] = &[
    "pass", "auth", "otp", "pin", "session", "sig", "key", "hash", "salt", "nonce", "cred",
];

/// Which bytes start a part of [`SECRET_KEY_PARTS`].
const PART_STARTS: [bool; 256] = part_starts();

const fn part_starts() -> [bool; 256] {
    let mut starts = [false; 256];
    let mut i = 0;
    while i < SECRET_KEY_PARTS.len() {
        starts[SECRET_KEY_PARTS[i].as_bytes()[0] as usize] = true;
        i += 1;
    }
    starts
}

/// Strings longer than this are described by their length only.
const MAX_SHOWN_CHARS: usize = 60;

/// Whether a member named `key` holds a secret, as do all values below it.
pub fn is_secret_key(key: &str) -> bool {
    // Every key of every failing document passes here; the common short
    // ASCII key is folded on the stack instead of into a new string.
    const SHORT: usize = 64;
    if key.len() <= SHORT && key.is_ascii() {
        let mut buffer = [0_u8; SHORT];
        let mut len = 0;
        for byte in key
            .bytes()
            .filter(|b| !matches!(b, b'_' | b'-' | b' ' | b'.'))
        {
            buffer[len] = byte.to_ascii_lowercase();
            len += 1;
        }
        let folded = &buffer[..len];
        // Only where a part's first letter stands is a part worth
        // comparing.
        return (0..folded.len()).any(|at| {
            PART_STARTS[usize::from(folded[at])]
                && SECRET_KEY_PARTS
                    .iter()
                    .any(|part| folded[at..].starts_with(part.as_bytes()))
        }) || SECRET_KEY_NAMES
            .iter()
            .any(|name| name.as_bytes() == folded);
    }
    let folded: String = key
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_KEY_PARTS.iter().any(|part| folded.contains(part))
        || SECRET_KEY_NAMES.contains(&folded.as_str())
}

/// Whether the value at a JSON Pointer is secret.
pub fn is_secret_pointer(pointer: &str) -> bool {
    pointer
        .split('/')
        .skip(1)
        .any(|token| is_secret_key(&token.replace("~1", "/").replace("~0", "~")))
}

/// What was found at a place, safe to print.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Found {
    /// Nothing: the member is missing.
    Missing,
    /// The same key a second time.
    Repeated,
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean {
        /// The value.
        value: bool,
    },
    /// A number, as written when the parser keeps it.
    Number {
        /// The number's text.
        text: String,
    },
    /// A string; its text only when short and not secret.
    String {
        /// The text, when it may be shown.
        #[serde(skip_serializing_if = "Option::is_none")]
        value: Option<String>,
        /// Length in characters.
        chars: usize,
    },
    /// An array.
    Array {
        /// Number of items.
        items: usize,
    },
    /// An object.
    Object {
        /// Number of members.
        members: usize,
    },
    /// A secret value, described by type and length only.
    Redacted {
        /// The JSON type.
        json_type: &'static str,
        /// Length in characters, for strings.
        #[serde(skip_serializing_if = "Option::is_none")]
        chars: Option<usize>,
    },
}

impl Found {
    /// Describes `value`, found at `pointer`, without leaking secrets.
    pub fn describe(pointer: &str, value: &Value) -> Self {
        if is_secret_pointer(pointer) {
            return Self::redacted(value);
        }
        match value {
            Value::Null => Self::Null,
            Value::Bool(value) => Self::Boolean { value: *value },
            Value::Number(number) => Self::Number {
                text: number.to_string(),
            },
            Value::String(text) => {
                let chars = text.chars().count();
                // Text that reads like an assignment of a secret
                // (`password=...`, `token: ...`) is withheld wherever it
                // sits: a credentials object sent as a string is one.
                let shown = chars <= MAX_SHOWN_CHARS
                    && !text.chars().any(char::is_control)
                    && redact_text(text) == *text;
                Self::String {
                    value: shown.then(|| text.clone()),
                    chars,
                }
            }
            Value::Array(items) => Self::Array { items: items.len() },
            Value::Object(members) => Self::Object {
                members: members.len(),
            },
        }
    }

    /// The marker for a secret value.
    pub fn redacted(value: &Value) -> Self {
        Self::Redacted {
            json_type: json_type(value),
            chars: value.as_str().map(|s| s.chars().count()),
        }
    }
}

impl fmt::Display for Found {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing => f.write_str("nothing (missing)"),
            Self::Repeated => f.write_str("the key a second time"),
            Self::Null => f.write_str("null"),
            Self::Boolean { value } => write!(f, "{value}"),
            Self::Number { text } => write!(f, "the number {text}"),
            Self::String {
                value: Some(text), ..
            } => write!(f, "{text:?}"),
            Self::String { value: None, chars } => write!(f, "a string of {chars} characters"),
            Self::Array { items } => write!(f, "an array of {items} items"),
            Self::Object { members } => write!(f, "an object with {members} members"),
            Self::Redacted {
                json_type,
                chars: Some(chars),
            } => write!(f, "<redacted {json_type}, {chars} chars>"),
            Self::Redacted {
                json_type,
                chars: None,
            } => write!(f, "<redacted {json_type}>"),
        }
    }
}

/// The JSON type name of a value.
pub fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The marker that replaces a secret span of source text.
pub fn source_marker(span_text: &str) -> String {
    match span_text.strip_prefix('"') {
        Some(inner) => {
            let chars = inner.strip_suffix('"').unwrap_or(inner).chars().count();
            format!("<redacted string, {chars} chars>")
        }
        None => "<redacted>".to_owned(),
    }
}

/// Characters of a body shown when it cannot be checked.
const SNIPPET_CHARS: usize = 100;

/// The start of a response body, safe to show: secrets redacted, the
/// `known` secret (the token we sent) masked wherever it appears, white
/// space collapsed and the text cut short.
pub fn snippet(body: &[u8], known: Option<&str>) -> String {
    let text = redact_body(body, known);
    let mut shown = String::new();
    let mut last_was_space = false;
    for c in text.chars() {
        let space = c.is_whitespace() || c.is_control();
        if !(space && last_was_space) {
            shown.push(if space { ' ' } else { c });
        }
        last_was_space = space;
    }
    let shown = shown.trim();
    if shown.chars().count() <= SNIPPET_CHARS {
        return shown.to_owned();
    }
    let mut cut: String = shown.chars().take(SNIPPET_CHARS).collect();
    cut.push('…');
    cut
}

/// A response body with every secret replaced, as text. JSON keeps its
/// shape and JSON types (a redacted string stays a string), so a saved
/// body can still be checked; other text has the values after
/// secret-named keys masked. The `known` secret is masked first, in any
/// case.
pub fn redact_body(body: &[u8], known: Option<&str>) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let text = match known {
        Some(known) => without(text, known),
        None => text.to_owned(),
    };
    redact_json_text(&text).unwrap_or_else(|| redact_text(&text))
}

/// `text` with every occurrence of a secret we know (the token sent, the
/// password of a login) replaced.
pub fn without(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    text.replace(secret, "<redacted>")
}

/// JSON text with each secret scalar replaced in place: strings by a
/// marker string, numbers by `0`, booleans by `false`. None when the text
/// is not entirely well-formed JSON, since secrets past the point where
/// reading stopped would not be known.
pub fn redact_json_text(text: &str) -> Option<String> {
    let walk = crate::parse::spans::walk(text, crate::parse::MAX_DEPTH);
    if walk.failure.is_some() {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for span in walk.index.secret_spans() {
        out.push_str(&text[cursor..span.start]);
        let value = &text[span.clone()];
        out.push_str(&match value.as_bytes().first() {
            Some(b'"') => format!("\"{}\"", source_marker(value)),
            Some(b't' | b'f') => "false".to_owned(),
            Some(b'n') => "null".to_owned(),
            _ => "0".to_owned(),
        });
        cursor = span.end;
    }
    out.push_str(&text[cursor..]);
    Some(out)
}

/// Text that is not JSON (an HTML error page, a form post) with the
/// values that follow secret-named keys masked: `password=...`,
/// `"token": "..."`, `api_key: ...`.
pub fn redact_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_word_char) {
        let word_len = rest[start..]
            .find(|c: char| !is_word_char(c))
            .unwrap_or(rest.len() - start);
        let after_word = start + word_len;
        out.push_str(&rest[..after_word]);
        let word = &rest[start..after_word];
        rest = &rest[after_word..];
        if !is_secret_key(word) {
            continue;
        }
        if let Some((separator_len, value_len)) = assigned_value(rest) {
            out.push_str(&rest[..separator_len]);
            out.push_str("<redacted>");
            rest = &rest[separator_len + value_len..];
        }
    }
    out.push_str(rest);
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-')
}

/// After a key: the length of `"` `:`/`=` and an opening quote, and the
/// length of the value up to its end, when a value is assigned there.
fn assigned_value(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() && matches!(bytes[i], b'"' | b'\'' | b' ' | b'\t') {
        i += 1;
    }
    if !matches!(bytes.get(i), Some(b':' | b'=')) {
        return None;
    }
    i += 1;
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\t') {
        i += 1;
    }
    let quote = bytes.get(i).copied().filter(|b| matches!(b, b'"' | b'\''));
    if quote.is_some() {
        i += 1;
    }
    let value = &text[i..];
    let len = match quote {
        Some(quote) => value.find(char::from(quote)).unwrap_or(value.len()),
        None => value
            .find(|c: char| c.is_whitespace() || "&,;<>\"'}]".contains(c))
            .unwrap_or(value.len()),
    };
    (len > 0).then_some((i, len))
}

/// A URL safe to show: user information removed, the values of query
/// parameters that name or look like secrets replaced, the fragment
/// dropped. Text that does not parse as a URL is treated the same way as
/// far as it can be read.
pub fn redact_url(text: &str) -> String {
    // Without `//` a scheme-like prefix makes the rest a path, so that
    // `user:password@host` parses, with its password in plain view.
    let Ok(mut url) = url::Url::parse(text)
        .map_err(drop)
        .and_then(|url| match url.host() {
            Some(_) => Ok(url),
            None => Err(()),
        })
    else {
        return redact_unparsed_url(text);
    };
    if !url.username().is_empty() || url.password().is_some() {
        // Only fails for URLs that cannot carry user information at all.
        let _ = url.set_username("REDACTED");
        let _ = url.set_password(None);
    }
    url.set_fragment(None);
    if let Some(query) = url.query() {
        let redacted = redact_query(query);
        url.set_query(Some(&redacted));
    }
    url.to_string()
}

/// A URL safe to show, as [`redact_url`] makes it, with `known` (the token
/// we send) masked too, however the URL spells it: plainly, with any of
/// its characters percent-encoded, or in another case of letters (hosts
/// are lower-cased).
pub fn redact_url_with(text: &str, known: Option<&str>) -> String {
    let shown = redact_url(text);
    match known {
        Some(known) => mask_decoded(&shown, known, percent_escape, "REDACTED"),
        None => shown,
    }
}

/// Text meant as a URL that does not parse (a typo in a port, a space in
/// a host, a bracket left open). Whatever stands before the last `@` ahead
/// of the query is taken for user information, since a password may hold
/// any character, even `/`, `?` or `#`, when the user did not encode it:
/// hiding a path by mistake is better than showing a password.
fn redact_unparsed_url(text: &str) -> String {
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) if is_scheme(scheme) => (&text[..scheme.len() + 3], rest),
        _ => ("", text),
    };
    let rest = match rest.rfind('@') {
        Some(at) => format!("REDACTED{}", &rest[at..]),
        None => rest.to_owned(),
    };
    let rest = rest.split('#').next().unwrap_or_default();
    match rest.split_once('?') {
        Some((base, query)) => format!("{scheme}{base}?{}", redact_query(query)),
        None => format!("{scheme}{rest}"),
    }
}

fn is_scheme(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_alphabetic())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A query string with the values of secret parameters replaced.
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((key, value)) if query_value_is_secret(key, value) => {
                format!("{key}=REDACTED")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// A response body as `--save` may keep it: UTF-8 JSON, well-formed to
/// its end, with `known` masked (also where JSON escapes spell it) and
/// every secret value replaced as in [`redact_json_text`]. None for any
/// other body: its secrets cannot be found reliably, so no text of it may
/// be kept.
pub fn redact_json_body(body: &[u8], known: Option<&str>) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match known {
        Some(known) => redact_json_text(&mask_decoded(text, known, json_escape, "<redacted>")),
        None => redact_json_text(text),
    }
}

/// `text` with each occurrence of `secret` replaced by `marker`, whether
/// it is written plainly or with escapes. `escape` reads one escape at the
/// start of a string, giving the bytes it stands for and its length.
/// ASCII letters compare without case.
///
/// The text is decoded as it is scanned, keeping only a window as long as
/// the secret, so a body of many megabytes needs no decoded copy.
fn mask_decoded(
    text: &str,
    secret: &str,
    escape: fn(&str) -> Option<(Decoded, usize)>,
    marker: &str,
) -> String {
    let needle = secret.as_bytes();
    if needle.is_empty() {
        return text.to_owned();
    }
    // Each decoded byte with the range of the text it came from.
    let mut window: std::collections::VecDeque<(u8, usize, usize)> =
        std::collections::VecDeque::with_capacity(needle.len());
    let mut found: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        let (decoded, len) = escape(rest).unwrap_or_else(|| {
            let c = rest.chars().next().unwrap_or_default();
            (Decoded::char(c), c.len_utf8())
        });
        for &byte in decoded.bytes() {
            if window.len() == needle.len() {
                window.pop_front();
            }
            window.push_back((byte, at, at + len));
            let matched = window.len() == needle.len()
                && window
                    .iter()
                    .zip(needle)
                    .all(|((b, _, _), n)| b.eq_ignore_ascii_case(n));
            if matched {
                let start = window.front().map_or(at, |w| w.1);
                match found.last_mut() {
                    Some(last) if last.1 > start => last.1 = at + len,
                    _ => found.push((start, at + len)),
                }
                window.clear();
            }
        }
        at += len;
    }
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    for (start, end) in found {
        out.push_str(&text[cursor..start]);
        out.push_str(marker);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

/// What one escape stands for: a byte, or a character's UTF-8 bytes.
struct Decoded {
    bytes: [u8; 4],
    len: usize,
}

impl Decoded {
    fn char(c: char) -> Self {
        let mut bytes = [0; 4];
        let len = c.encode_utf8(&mut bytes).len();
        Self { bytes, len }
    }

    fn bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

/// A `%XX` escape of a URL.
fn percent_escape(text: &str) -> Option<(Decoded, usize)> {
    let hex = text.strip_prefix('%')?.get(..2)?;
    let byte = u8::from_str_radix(hex, 16).ok()?;
    let decoded = Decoded {
        bytes: [byte, 0, 0, 0],
        len: 1,
    };
    Some((decoded, 3))
}

/// A backslash escape of a JSON string; a surrogate pair is read whole.
fn json_escape(text: &str) -> Option<(Decoded, usize)> {
    let rest = text.strip_prefix('\\')?;
    let simple = match rest.as_bytes().first()? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(text),
        _ => return None,
    };
    Some((Decoded::char(simple), 2))
}

/// `\uXXXX`, or two of them making a surrogate pair.
fn unicode_escape(text: &str) -> Option<(Decoded, usize)> {
    let unit = |at: usize| {
        let hex = text.get(at..at + 6)?.strip_prefix("\\u")?;
        u16::from_str_radix(hex, 16).ok()
    };
    let first = unit(0)?;
    let (c, len) = match first {
        0xD800..=0xDBFF => {
            let second = unit(6)?;
            let pair = char::decode_utf16([first, second]).next()?.ok()?;
            (pair, 12)
        }
        _ => (char::from_u32(u32::from(first))?, 6),
    };
    Some((Decoded::char(c), len))
}

/// Query values count as secret by their key's name, or by their look:
/// long runs of letters and digits, as tokens and signatures are.
fn query_value_is_secret(key: &str, value: &str) -> bool {
    let key = url::form_urlencoded::parse(key.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default();
    if is_secret_key(&key) {
        return true;
    }
    let token_like = value.len() >= 20
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.~+/=%".contains(c));
    token_like
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secret_keys_are_recognised_in_any_spelling() {
        for key in [
            "password",
            "Password",
            "api_key",
            "API-Key",
            "accessToken",
            "Cookie",
            "creds",
            "userCreds",
            "cred",
        ] {
            assert!(is_secret_key(key), "{key}");
        }
        for key in [
            "authenticationFields",
            "authenticationType",
            "name",
            "id",
            "options",
        ] {
            assert!(!is_secret_key(key), "{key}");
        }
    }

    /// The folding of keys, as written before short keys got a faster
    /// path: the reference the fast path must agree with.
    fn is_secret_key_by_string(key: &str) -> bool {
        let folded: String = key
            .chars()
            .filter(|c| !matches!(c, '_' | '-' | ' ' | '.'))
            .flat_map(char::to_lowercase)
            .collect();
        SECRET_KEY_PARTS.iter().any(|part| folded.contains(part))
            || SECRET_KEY_NAMES.contains(&folded.as_str())
    }

    #[test]
    fn the_fast_path_agrees_with_folding_into_a_string() {
        let words = SECRET_KEY_PARTS.iter().chain(SECRET_KEY_NAMES);
        for word in words {
            let upper = word.to_uppercase();
            for key in [
                word.to_string(),
                upper.clone(),
                format!("x{upper}y"),
                format!("my_{word}"),
                format!("{word}-Count"),
                word[1..].to_string(),
                format!("{}.{}", &word[..1], &word[1..]),
            ] {
                assert_eq!(is_secret_key(&key), is_secret_key_by_string(&key), "{key}");
            }
        }
        for key in [
            "authenticationType",
            "name",
            "shipping",
            "passenger",
            "id",
            "",
        ] {
            assert_eq!(is_secret_key(key), is_secret_key_by_string(key), "{key}");
        }
    }

    #[test]
    fn long_and_non_ascii_keys_are_folded_alike() {
        let long = format!("{}_Pass-word", "x".repeat(80));
        assert!(is_secret_key(&long));
        assert!(is_secret_key("Kundens_Adgangs.TOKEN_ø"));
        assert!(!is_secret_key(&"x".repeat(80)));
        assert!(!is_secret_key("brugernavn_ø"));
        // Exactly at the stack buffer's size, separators included.
        let edge = format!("{}secret", "-".repeat(58));
        assert_eq!(edge.len(), 64);
        assert!(is_secret_key(&edge));
    }

    #[test]
    fn everything_under_credentials_is_redacted() {
        let pointer = "/mechanicIntegrations/1/configuration/credentials/username";
        let found = Found::describe(pointer, &json!("FAKE-pw-0001"));
        assert_eq!(found.to_string(), "<redacted string, 12 chars>");
        let found = Found::describe("/a/credentials", &json!(["FAKE-pw-0001"]));
        assert_eq!(found.to_string(), "<redacted array>");
    }

    #[test]
    fn ordinary_values_are_shown() {
        let found = Found::describe("/x/authenticationType", &json!("oauth3"));
        assert_eq!(found.to_string(), "\"oauth3\"");
    }

    #[test]
    fn json_bodies_keep_their_shape_and_types() {
        let body = br#"{"credentials": {"password": "FAKE-pw-0001", "pin": 1234},
            "apiToken": true, "id": 3}"#;
        let redacted = redact_body(body, None);
        assert!(!redacted.contains("FAKE") && !redacted.contains("1234"));
        let value: Value = serde_json::from_str(&redacted).unwrap();
        assert_eq!(
            value["credentials"]["password"],
            "<redacted string, 12 chars>"
        );
        assert_eq!(value["credentials"]["pin"], 0);
        assert_eq!(value["apiToken"], false);
        assert_eq!(value["id"], 3);
    }

    #[test]
    fn other_text_has_assigned_secrets_masked() {
        let text = r#"password=FAKE-pw-0002&user=x <p token: "tok_FAKE_1">
            <input type="password" name="password">"#;
        let redacted = redact_text(text);
        assert!(!redacted.contains("FAKE"), "{redacted}");
        assert!(redacted.contains("user=x"), "{redacted}");
        assert!(redacted.contains(r#"type="password" name="password""#));
    }

    #[test]
    fn the_known_token_is_masked_anywhere() {
        let snippet = snippet(b"<h1>bad token tok_FAKE_9 here</h1>", Some("tok_FAKE_9"));
        assert_eq!(snippet, "<h1>bad token <redacted> here</h1>");
    }

    #[test]
    fn snippets_are_short_and_on_one_line() {
        let body = format!("<html>\n\n  {}</html>", "x".repeat(500));
        let snippet = snippet(body.as_bytes(), None);
        assert!(snippet.starts_with("<html> xxx"), "{snippet}");
        assert_eq!(snippet.chars().count(), SNIPPET_CHARS + 1);
    }

    #[test]
    fn urls_lose_secret_query_values_and_user_information() {
        let url = "https://u:FAKE-pw-3@example.test/p?api_key=FAKE-key-1&page=2\
                   &sig=abcdef0123456789abcdef01#frag";
        assert_eq!(
            redact_url(url),
            "https://REDACTED@example.test/p?api_key=REDACTED&page=2&sig=REDACTED"
        );
        assert_eq!(
            redact_url("not a url?token=x#y"),
            "not a url?token=REDACTED"
        );
    }

    #[test]
    fn text_that_is_not_a_url_loses_its_user_information() {
        for (text, shown) in [
            ("http://u:FAKE-pw-url1@", "http://REDACTED@"),
            (
                "http://u:FAKE-pw@127.0.0.1:99999/x",
                "http://REDACTED@127.0.0.1:99999/x",
            ),
            ("http://u:FAKE-pw@[::1", "http://REDACTED@[::1"),
            (
                "https://u:FAKE-pw@exa mple.com/",
                "https://REDACTED@exa mple.com/",
            ),
            // Unencoded `/` and `?` in a password, and no scheme at all.
            ("http://u:FAKE/pw?x@h:0x/p", "http://REDACTED@h:0x/p"),
            (
                "http://h:99999/?api_key=FAKE-key-1&page=2",
                "http://h:99999/?api_key=REDACTED&page=2",
            ),
        ] {
            assert!(url::Url::parse(text).is_err(), "{text}");
            assert_eq!(redact_url(text), shown, "{text}");
        }
        // This one parses, as the path of a URL of scheme `u`.
        assert_eq!(redact_url("u:FAKE-pw@h:99999"), "REDACTED@h:99999");
        assert_eq!(redact_url("u:FAKE-pw@h/x?a=1"), "REDACTED@h/x?a=1");
    }

    #[test]
    fn the_token_is_masked_in_urls_however_it_is_encoded() {
        let token = "tok_FAKE+9/x";
        for (url, shown) in [
            (
                "http://127.0.0.1:1/tok_FAKE+9/x/next",
                "http://127.0.0.1:1/REDACTED/next",
            ),
            (
                "http://127.0.0.1:1/a/tok_FAKE%2B9%2Fx?page=1",
                "http://127.0.0.1:1/a/REDACTED?page=1",
            ),
            (
                "http://127.0.0.1:1/%74ok_fake+9/x",
                "http://127.0.0.1:1/REDACTED",
            ),
            ("http://TOK_FAKE+9/x.test/", "http://REDACTED.test/"),
        ] {
            assert_eq!(redact_url_with(url, Some(token)), shown, "{url}");
        }
        assert_eq!(
            redact_url_with("http://h/a", None),
            redact_url("http://h/a")
        );
    }

    #[test]
    fn json_bodies_to_keep_are_redacted_or_refused() {
        let body = br#"{"note": "sent \u0074ok_FAKE_7 and tok_FAKE_7",
            "credentials": {"password": "FAKE-pw-1"}}"#;
        let kept = redact_json_body(body, Some("tok_FAKE_7")).unwrap();
        assert!(!kept.contains("FAKE"), "{kept}");
        let value: Value = serde_json::from_str(&kept).unwrap();
        assert_eq!(value["note"], "sent <redacted> and <redacted>");
        for body in [
            &br#"{"credentials": {"password": "FAKE-pw-2", "username": "u"}"#[..],
            b"<html>password=FAKE-pw-3</html>",
            b"{\"a\": \"\xFF\"}",
        ] {
            assert_eq!(redact_json_body(body, None), None);
        }
    }
}
