//! Where the values of a document the fast parse accepted begin: the slow
//! path's index for documents that parse but break the contract.
//!
//! The text is known to be JSON within the depth limit, so one pass of a
//! plain byte scanner suffices: it records each value's start, parent and
//! name in a flat table, with no string per value, and secret spans as it
//! goes. Lines, columns and pointers are worked out only for the few places
//! a report asks about. It answers exactly as the struson walk in
//! [`super::spans`] does, which remains the reader of malformed text.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;

use super::spans::{DuplicateKey, escape};
use crate::finding::Location;
use crate::redact;

/// The places of one valid document.
#[derive(Debug)]
pub struct Places<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    secret_spans: Vec<Range<usize>>,
    /// Byte offset of each line's start, lines ending at LF.
    line_starts: Vec<usize>,
    /// Line starts as locations count them, where a lone CR also ends a
    /// line; `None` when the text has no CR and they are `line_starts`.
    location_lines: Option<Vec<usize>>,
    /// Keys that appeared twice, when asked for.
    pub duplicates: Vec<DuplicateKey>,
    /// The items of each array looked into, by position: placing many
    /// findings in a long array would otherwise walk it once per finding.
    arrays: RefCell<HashMap<usize, Vec<usize>>>,
}

/// One value: where it starts, its container, and the index just past the
/// values nested in it.
#[derive(Debug, Clone)]
struct Node {
    start: usize,
    parent: usize,
    end: usize,
    name: Name,
}

#[derive(Debug, Clone)]
enum Name {
    Root,
    Index(usize),
    /// The key's text between its quotes, still escaped.
    Key(Range<usize>),
}

/// The parent of the root.
const NO_PARENT: usize = usize::MAX;

struct Open {
    node: usize,
    object: bool,
    secret: bool,
    next_index: usize,
}

impl<'t> Places<'t> {
    /// Indexes `text`, which must have passed the fast parse. Duplicate keys
    /// are looked for only when `find_duplicates`, since the fast parse
    /// already says whether there are any. On text that is not JSON after
    /// all, the scan stops where it loses its way, without panicking.
    pub fn scan(text: &'t str, find_duplicates: bool) -> Self {
        let bytes = text.as_bytes();
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(memchr_all(bytes, b'\n').map(|i| i + 1))
            .collect();
        let location_lines = bytes.contains(&b'\r').then(|| location_line_starts(bytes));
        let mut places = Self {
            text,
            nodes: Vec::with_capacity(bytes.len() / 16),
            secret_spans: Vec::new(),
            line_starts,
            location_lines,
            duplicates: Vec::new(),
            arrays: RefCell::default(),
        };
        places.walk(bytes);
        if find_duplicates {
            places.duplicates = places.find_duplicates();
        }
        places
    }

    fn walk(&mut self, bytes: &[u8]) {
        let mut stack: Vec<Open> = Vec::new();
        let mut at = skip_whitespace(bytes, 0);
        let mut name = Name::Root;
        let mut secret = false;
        'values: loop {
            let Some(&first) = bytes.get(at) else {
                return;
            };
            let node = self.nodes.len();
            self.nodes.push(Node {
                start: at,
                parent: stack.last().map_or(NO_PARENT, |open| open.node),
                end: node + 1,
                name,
            });
            match first {
                b'{' | b'[' => {
                    stack.push(Open {
                        node,
                        object: first == b'{',
                        secret,
                        next_index: 0,
                    });
                    at += 1;
                }
                _ => {
                    let end = if first == b'"' {
                        string_end(bytes, at)
                    } else {
                        scalar_end(bytes, at)
                    };
                    if secret {
                        self.secret_spans.push(at..end);
                    }
                    at = end;
                }
            }
            // Find where the next value starts, closing containers on the way.
            loop {
                at = skip_whitespace(bytes, at);
                let Some(open) = stack.last_mut() else {
                    return;
                };
                match bytes.get(at) {
                    None => return,
                    Some(b'}' | b']') => {
                        self.nodes[open.node].end = self.nodes.len();
                        stack.pop();
                        at += 1;
                        continue;
                    }
                    Some(b',') => at = skip_whitespace(bytes, at + 1),
                    // The first member right after an opening bracket.
                    Some(_) => {}
                }
                if open.object {
                    if bytes.get(at) != Some(&b'"') {
                        return;
                    }
                    let key_end = string_end(bytes, at);
                    let key = at + 1..key_end.saturating_sub(1).max(at + 1);
                    secret = open.secret || self.key_is_secret(key.clone());
                    name = Name::Key(key);
                    at = skip_whitespace(bytes, key_end);
                    if bytes.get(at) != Some(&b':') {
                        return;
                    }
                    at = skip_whitespace(bytes, at + 1);
                } else {
                    name = Name::Index(open.next_index);
                    open.next_index += 1;
                    secret = open.secret;
                }
                continue 'values;
            }
        }
    }

    fn key_is_secret(&self, raw: Range<usize>) -> bool {
        match self.text.get(raw) {
            Some(raw) if raw.contains('\\') => redact::is_secret_key(&unescape(raw)),
            Some(raw) => redact::is_secret_key(raw),
            None => false,
        }
    }

    /// Where the value at `pointer` starts; of values under repeated keys,
    /// the last one in the text.
    pub fn location(&self, pointer: &str) -> Option<Location> {
        let node = self.find(pointer)?;
        Some(self.location_of_byte(self.nodes[node].start))
    }

    /// The byte range of the string value at `pointer`, quotes included;
    /// None for other values.
    pub fn string_span(&self, pointer: &str) -> Option<Range<usize>> {
        let start = self.nodes[self.find(pointer)?].start;
        let bytes = self.text.as_bytes();
        (bytes.get(start) == Some(&b'"')).then(|| start..string_end(bytes, start))
    }

    /// The number at `pointer` as written (`1E2`, `3.0`, `-0`); None for
    /// other values.
    pub fn number_text(&self, pointer: &str) -> Option<&str> {
        let start = self.nodes[self.find(pointer)?].start;
        let bytes = self.text.as_bytes();
        if !matches!(bytes.get(start), Some(b'-' | b'0'..=b'9')) {
            return None;
        }
        let len = bytes[start..]
            .iter()
            .take_while(|b| matches!(b, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .count();
        self.text.get(start..start + len)
    }

    fn find(&self, pointer: &str) -> Option<usize> {
        if self.nodes.is_empty() {
            return None;
        }
        if pointer.is_empty() {
            return Some(0);
        }
        // A repeated key has several values; each may hold the rest of the
        // pointer. The last place in the text that has it wins, as in the
        // walk, whose index keeps the last value read under a pointer.
        let mut candidates = vec![0];
        for token in pointer.strip_prefix('/')?.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            let mut next = Vec::new();
            for &node in &candidates {
                if let Some(item) = self.array_item(node, &token) {
                    next.extend(item);
                    continue;
                }
                let mut child = node + 1;
                while child < self.nodes[node].end {
                    if self.is_named(child, &token) {
                        next.push(child);
                    }
                    child = self.nodes[child].end;
                }
            }
            if next.is_empty() {
                return None;
            }
            candidates = next;
        }
        candidates.into_iter().max()
    }

    /// For an array, `Some` with its item at `token` if there is one; for
    /// anything else, `None`.
    fn array_item(&self, node: usize, token: &str) -> Option<Option<usize>> {
        let first = node + 1;
        let end = self.nodes[node].end;
        if first >= end || !matches!(self.nodes[first].name, Name::Index(_)) {
            return None;
        }
        // As written in a pointer: digits with no sign or leading zero.
        let index = token
            .parse::<usize>()
            .ok()
            .filter(|index| index.to_string() == token);
        let mut arrays = self.arrays.borrow_mut();
        let items = arrays.entry(node).or_insert_with(|| {
            let mut items = Vec::new();
            let mut child = first;
            while child < end {
                items.push(child);
                child = self.nodes[child].end;
            }
            items
        });
        Some(index.and_then(|index| items.get(index).copied()))
    }

    fn is_named(&self, node: usize, token: &str) -> bool {
        match &self.nodes[node].name {
            Name::Root => false,
            Name::Index(index) => index.to_string() == token,
            Name::Key(raw) => match self.text.get(raw.clone()) {
                Some(raw) if raw.contains('\\') => unescape(raw) == token,
                Some(raw) => raw == token,
                None => false,
            },
        }
    }

    /// The pointer of a node.
    fn pointer_of(&self, node: usize) -> String {
        let mut names = Vec::new();
        let mut at = node;
        while at != NO_PARENT {
            names.push(&self.nodes[at].name);
            at = self.nodes[at].parent;
        }
        let mut pointer = String::new();
        for name in names.iter().rev() {
            match name {
                Name::Root => {}
                Name::Index(index) => {
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                }
                Name::Key(raw) => {
                    pointer.push('/');
                    let raw = self.text.get(raw.clone()).unwrap_or_default();
                    pointer.push_str(&escape(&unescape(raw)));
                }
            }
        }
        pointer
    }

    /// 1-based line and character column of a byte, counting a lone CR as
    /// a line break, as the struson walk does.
    fn location_of_byte(&self, byte: usize) -> Location {
        let starts = self.location_lines.as_ref().unwrap_or(&self.line_starts);
        let line = starts.partition_point(|&start| start <= byte).max(1);
        let line_start = starts[line - 1];
        let column = self
            .text
            .get(line_start..byte)
            .map_or(0, |before| before.chars().count());
        Location {
            line: line as u64,
            column: column as u64 + 1,
        }
    }

    /// Keys that repeat within one object, in the order the repeats appear
    /// in the text.
    fn find_duplicates(&self) -> Vec<DuplicateKey> {
        let mut found: Vec<(usize, DuplicateKey)> = Vec::new();
        for (object, node) in self.nodes.iter().enumerate() {
            if self.text.as_bytes().get(node.start) != Some(&b'{') {
                continue;
            }
            let mut keys: HashMap<String, usize> = HashMap::new();
            let mut child = object + 1;
            while child < node.end {
                if let Name::Key(raw) = &self.nodes[child].name {
                    let key = unescape(self.text.get(raw.clone()).unwrap_or_default());
                    let quote = raw.start - 1;
                    if let Some(&first) = keys.get(&key) {
                        found.push((
                            quote,
                            DuplicateKey {
                                pointer: self.pointer_of(child),
                                first: self.location_of_byte(first),
                                again: self.location_of_byte(quote),
                            },
                        ));
                    } else {
                        keys.insert(key, quote);
                    }
                }
                child = self.nodes[child].end;
            }
        }
        found.sort_by_key(|(byte, _)| *byte);
        found.into_iter().map(|(_, duplicate)| duplicate).collect()
    }

    /// Byte range of a 1-based line, without its line break.
    pub fn line_range(&self, line: u64) -> Option<Range<usize>> {
        let index = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(index)?;
        let end = self
            .line_starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        Some(start..end)
    }

    /// Byte ranges of every secret scalar value, in document order.
    pub fn secret_spans(&self) -> &[Range<usize>] {
        &self.secret_spans
    }
}

/// A key's text between its quotes, with escapes resolved. The scan runs
/// on text serde_json accepted, so the escapes are valid; should one not
/// be, the raw text stands in.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| raw.to_owned())
}

fn memchr_all(bytes: &[u8], needle: u8) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(move |(_, b)| **b == needle)
        .map(|(i, _)| i)
}

/// Line starts where LF, CR LF and a lone CR each end a line.
fn location_line_starts(bytes: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    for (i, &byte) in bytes.iter().enumerate() {
        let breaks = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if breaks {
            starts.push(i + 1);
        }
    }
    starts
}

fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The byte after the closing quote of the string starting at `start`.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The byte after a number, `true`, `false` or `null`.
fn scalar_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start;
    while let Some(&byte) = bytes.get(at) {
        if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_items_are_found_by_position_as_pointers_write_them() {
        let items: Vec<String> = (0..500).map(|i| format!("{{\"n\": {i}}}")).collect();
        let text = format!("{{\"a\": [{}]}}", items.join(", "));
        let places = Places::scan(&text, false);
        for index in [0, 1, 250, 499] {
            let at = places.location(&format!("/a/{index}/n")).unwrap();
            let shown = places.number_text(&format!("/a/{index}/n")).unwrap();
            assert_eq!(shown, index.to_string());
            assert_eq!(at.line, 1);
        }
        for missing in ["/a/500", "/a/01", "/a/+1", "/a/-1", "/a/x"] {
            assert!(places.location(missing).is_none(), "{missing}");
        }
    }
    use crate::parse::spans;

    /// Every pointer the struson walk knows is placed alike, and the
    /// secret spans, duplicates and lines agree.
    fn assert_same_as_walk(text: &str) {
        let walk = spans::walk(text, crate::parse::MAX_DEPTH);
        assert!(walk.failure.is_none(), "the sample is JSON: {text}");
        let places = Places::scan(text, true);
        for pointer in all_pointers(text) {
            assert_eq!(
                places.location(&pointer),
                walk.index.location(&pointer),
                "{pointer} in {text}"
            );
        }
        for pointer in all_pointers(text) {
            assert_eq!(
                places.string_span(&pointer),
                walk.index.string_span(&pointer, text),
                "{pointer} in {text}"
            );
        }
        assert_eq!(places.secret_spans(), walk.index.secret_spans(), "{text}");
        assert_eq!(places.duplicates, walk.index.duplicates, "{text}");
        let lines = text.split('\n').count() as u64;
        for line in 0..=lines + 1 {
            assert_eq!(
                places.line_range(line),
                walk.index.line_range(line, text.len()),
                "line {line} of {text}"
            );
        }
    }

    /// The pointers of every value, from the walk's own index.
    fn all_pointers(text: &str) -> Vec<String> {
        let walk = spans::walk(text, crate::parse::MAX_DEPTH);
        (0..=text.len())
            .filter_map(|byte| walk.index.pointer_at_byte(byte))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .chain(["/missing".to_owned(), "/a/99".to_owned()])
            .collect()
    }

    #[test]
    fn places_agree_with_the_struson_walk() {
        for text in [
            "{}",
            "[]",
            " 3 ",
            r#""just a string""#,
            "{\n  \"a\": [1, {\"b\": true}],\n  \"a\": null\n}",
            r#"{"credentials": {"user": "u", "n": [1, "x"]}, "token": "t", "o": "k"}"#,
            r#"{"a~b": {"c/d": [null, false, -1.5e3]}, "é🚗": "ø", "x": "\u00e9\"\\"}"#,
            r#"{"pass\u0077ord": "s", "k\"ey": 1, "k\"ey": 2}"#,
            "{\r\n\t\"a\":\r[\r\n1 ,\r2],\"b\" : {\"c\": {\"c\": 1, \"c\": 2}}, \"b\": 0}",
            r#"[[[]], [{}], {"": {"": ""}}]"#,
            r#"{"a": {"x": 1, "x": 2}, "a": 3}"#,
        ] {
            assert_same_as_walk(text);
        }
    }

    #[test]
    fn every_fixture_is_placed_as_the_walk_places_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("the fixtures can be listed");
            if entry.path().extension().is_none_or(|x| x != "json") {
                continue;
            }
            let bytes = std::fs::read(entry.path()).expect("a fixture can be read");
            let Ok((_, text)) = crate::parse::parse(&bytes) else {
                continue;
            };
            assert_same_as_walk(text);
            seen += 1;
        }
        assert!(seen > 10, "only {seen} fixtures parsed");
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(32))]

        #[test]
        fn generated_payloads_are_placed_as_the_walk_places_them(
            payload in mechanics_model::strategies::payload_sized(0..6),
            pretty: bool,
        ) {
            let text = if pretty {
                serde_json::to_string_pretty(&payload)
            } else {
                serde_json::to_string(&payload)
            };
            assert_same_as_walk(&text.expect("a value serializes"));
        }
    }

    #[test]
    fn pointers_of_repeated_keys_name_the_object() {
        let places = Places::scan(r#"{"a": [{"k": 1, "k": 2}]}"#, true);
        assert_eq!(places.duplicates.len(), 1);
        assert_eq!(places.duplicates[0].pointer, "/a/0/k");
    }

    #[test]
    fn text_that_is_not_json_stops_the_scan_without_panicking() {
        for text in ["{\"a\" 1}", "[1,", "{\"a\":", "\"open", "{,}", "[}"] {
            let places = Places::scan(text, true);
            let _ = places.location("/a");
        }
    }
}
