//! The last line of defence: secrets the run itself holds (the token it
//! sends, the login it uses, the token the login returns) are masked in
//! everything printed, wherever they turn up. A server can echo a token in
//! any member, a redirect can carry it in a path; key names cannot catch
//! those, the literal value can.

use std::borrow::Cow;
use std::io::{self, Write};
use std::sync::RwLock;

/// Secrets shorter than this are not scrubbed: masking every `1` or `abc`
/// in a report would garble it and protect nothing.
const MIN_LEN: usize = 4;

/// What a known secret becomes.
const MARKER: &str = "<redacted secret>";

static KNOWN: RwLock<Vec<String>> = RwLock::new(Vec::new());

/// Masks `secret` in everything printed from now on.
pub fn remember(secret: &str) {
    if secret.len() < MIN_LEN {
        return;
    }
    let mut known = KNOWN
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !known.iter().any(|k| k == secret) {
        known.push(secret.to_owned());
        // Longer first, so a secret holding another is masked whole.
        known.sort_by_key(|k| std::cmp::Reverse(k.len()));
    }
}

/// `text` with every known secret masked.
pub fn scrub(text: &str) -> Cow<'_, str> {
    let known = KNOWN
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !known.iter().any(|secret| text.contains(secret.as_str())) {
        return Cow::Borrowed(text);
    }
    let mut text = text.to_owned();
    for secret in known.iter() {
        text = text.replace(secret.as_str(), MARKER);
    }
    Cow::Owned(text)
}

/// A writer that masks known secrets line by line. A secret split across
/// two `write` calls is still whole within its line, so lines are held
/// until they end (or the writer is flushed).
#[derive(Debug)]
pub struct Scrubbed<W: Write> {
    inner: W,
    line: Vec<u8>,
}

impl<W: Write> Scrubbed<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Self {
        Self {
            inner,
            line: Vec::new(),
        }
    }

    fn emit(&mut self, upto: usize) -> io::Result<()> {
        let rest = self.line.split_off(upto);
        let line = std::mem::replace(&mut self.line, rest);
        match std::str::from_utf8(&line) {
            Ok(text) => self.inner.write_all(scrub(text).as_bytes()),
            Err(_) => self
                .inner
                .write_all(scrub(&String::from_utf8_lossy(&line)).as_bytes()),
        }
    }
}

impl<W: Write> Write for Scrubbed<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(bytes);
        while let Some(end) = self.line.iter().position(|b| *b == b'\n') {
            self.emit(end + 1)?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let len = self.line.len();
        self.emit(len)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Scrubbed<W> {
    fn drop(&mut self) {
        // A report whose writer is dropped unflushed still gets its last
        // line, masked; a failure here has nowhere left to be reported.
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_secrets_are_masked_across_writes() {
        remember("tok_FAKE_scrub_0001");
        let mut out = Vec::new();
        {
            let mut writer = Scrubbed::new(&mut out);
            write!(writer, "found \"tok_FAKE_").unwrap();
            writeln!(writer, "scrub_0001\" at /x").unwrap();
            write!(writer, "tail tok_FAKE_scrub_0001").unwrap();
        }
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "found \"<redacted secret>\" at /x\ntail <redacted secret>"
        );
    }

    #[test]
    fn short_values_are_not_remembered() {
        remember("abc");
        assert_eq!(scrub("abc abc"), "abc abc");
    }
}
