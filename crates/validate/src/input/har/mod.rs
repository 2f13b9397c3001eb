//! HAR captures (HTTP Archive 1.2, as browsers' developer tools and
//! proxies export them). `log.entries` is read one entry at a time and
//! each is handed on before the next is read, so a capture of hundreds of
//! megabytes never has all its bodies in memory at once.
//!
//! Entries whose request is the checked endpoint (method and path, any
//! host, query ignored, or the endpoint `validate --save` recorded) become
//! documents; the rest are skipped with their reason. An entry with a
//! member of the wrong type is not checked, and the entries after it are.

mod capture;

use std::io::{BufRead, BufReader, Read};
use std::ops::ControlFlow;

use base64::Engine as _;
use mechanics_model::{Endpoint, endpoint_by_name, endpoint_for_request};

use self::capture::{Capture, Entry};
use super::{Item, Note, Sink, Skip};
use crate::document::{Document, Origin};
use crate::finding::InputProblem;
use crate::redact;

/// The member of an entry naming the endpoint its response was checked
/// as, written by `validate --save` (HAR 1.2 leaves names starting with
/// `_` to tools). It wins over the request's path, so that a response
/// fetched through a proxy path or a redirect reads back as what it was.
pub const ENDPOINT_MEMBER: &str = "_endpoint";

/// The member of `response.content`, `true` when `validate --save` left
/// the body out.
pub const WITHHELD_MEMBER: &str = "_withheld";

/// Reads a capture, handing each entry's item to `sink`.
pub fn read(
    reader: impl Read,
    source: Origin,
    endpoint: &'static Endpoint,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut reader = BufReader::new(reader);
    // Editors on Windows save JSON with a byte order mark.
    if reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(b"\xEF\xBB\xBF"))
    {
        reader.consume(3);
    }
    let mut capture = match Capture::open(reader) {
        Ok(capture) => capture,
        Err(problem) => return sink(Item::Problem(source, problem)),
    };
    let mut index = 0;
    loop {
        match capture.next_entry() {
            Ok(Some(entry)) => hand_on(&source, index, entry, endpoint, sink)?,
            Ok(None) => break,
            Err(problem) => return sink(Item::Problem(source, problem)),
        }
        index += 1;
    }
    match capture.finish() {
        Ok(()) => ControlFlow::Continue(()),
        Err(problem) => sink(Item::Problem(source, problem)),
    }
}

/// Turns an entry into its item.
fn hand_on(
    source: &Origin,
    index: usize,
    entry: Entry,
    endpoint: &'static Endpoint,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let status = entry
        .status
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0);
    let raw_url = entry.url.clone().unwrap_or_default();
    let origin = Origin::HarEntry {
        source: Box::new(source.clone()),
        index,
        method: entry.method.clone().unwrap_or_default(),
        url: redact::redact_url(&raw_url),
        status,
    };
    let skip = |skip| Item::Skipped(origin.clone(), skip);

    // A request known to be for something else is skipped, however broken
    // the rest of its entry: it was never ours to check.
    let request_known = entry.endpoint.is_some() || (entry.method.is_some() && entry.url.is_some());
    match (which_endpoint(&entry, endpoint), entry.malformed) {
        (Err(reason), _) if request_known => return sink(skip(reason)),
        (_, Some(problem)) => return sink(Item::Problem(origin, problem)),
        (Err(reason), None) => return sink(skip(reason)),
        (Ok(()), None) => {}
    }
    if !(200..300).contains(&status) {
        return sink(skip(Skip::NotSuccess { status }));
    }
    if entry.withheld {
        return sink(Item::Problem(origin, InputProblem::Withheld));
    }
    let Some(text) = entry.text else {
        return sink(skip(Skip::NoBody));
    };
    if text.is_empty() {
        return sink(skip(Skip::EmptyBody { status }));
    }

    let base64 = entry
        .encoding
        .is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
    let bytes = if base64 {
        match decode_base64(&text) {
            Some(bytes) => bytes,
            None => {
                sink(Item::Note(origin.clone(), Note::NotBase64))?;
                text.into_bytes()
            }
        }
    } else {
        text.into_bytes()
    };
    sink(Item::Document(Document { origin, bytes }))
}

/// Whether the entry is a response of `checked`, or why not: by the
/// endpoint `validate --save` recorded, else by method and path.
fn which_endpoint(entry: &Entry, checked: &'static Endpoint) -> Result<(), Skip> {
    let found = match &entry.endpoint {
        Some(name) => endpoint_by_name(name).ok_or_else(|| Skip::UnknownRecorded {
            name: name.chars().take(80).collect(),
        })?,
        None => {
            let method = entry.method.clone().unwrap_or_default();
            let url = entry.url.as_deref().unwrap_or_default();
            let path = path_of(url).ok_or(Skip::NoUrl)?;
            endpoint_for_request(&method, &path).ok_or(Skip::NotAnEndpoint { method, path })?
        }
    };
    if found.name != checked.name {
        let (name, checked) = (found.name, checked.name);
        return Err(Skip::OtherEndpoint { name, checked });
    }
    Ok(())
}

/// Some exporters wrap base64 at 76 columns; the line breaks are not data.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
}

/// The path of an absolute URL, or of a bare path as some tools record.
fn path_of(url: &str) -> Option<String> {
    if url.starts_with('/') {
        return Some(url.split(['?', '#']).next().unwrap_or(url).to_owned());
    }
    let url = url::Url::parse(url).ok()?;
    Some(url.path().to_owned())
}

#[cfg(test)]
mod tests {
    use std::io::{self, Read};

    use super::*;

    /// A reader that fails once its bytes are used up, as a capture still
    /// being written would.
    struct ThenFail<'a>(&'a [u8]);

    impl Read for ThenFail<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("no more"));
            }
            let n = self.0.len().min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn each_entry_is_handed_on_before_the_next_is_read() {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
        let first = r#"{"log": {"entries": [{"request": {"method": "GET",
            "url": "https://h/api/v2/mechanics/mechanic_integrations"},
            "response": {"status": 200, "content": {"text": "{}"}}}, "#;
        let mut items = Vec::new();
        let flow = read(
            ThenFail(first.as_bytes()),
            Origin::Stdin,
            endpoint,
            &mut |item| {
                items.push(item);
                ControlFlow::Continue(())
            },
        );
        assert!(flow.is_continue());
        assert_eq!(items.len(), 2, "{items:?}");
        let Item::Document(document) = &items[0] else {
            panic!("the first entry is a document: {items:?}");
        };
        assert_eq!(document.bytes, b"{}");
        assert!(matches!(
            &items[1],
            Item::Problem(Origin::Stdin, InputProblem::NotHar { .. })
        ));
    }

    #[test]
    fn a_stop_from_the_sink_ends_reading_without_a_problem() {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
        let text = r#"{"log": {"entries": [{}, {}, {}]}}"#;
        let mut seen = 0;
        let flow = read(text.as_bytes(), Origin::Stdin, endpoint, &mut |_| {
            seen += 1;
            ControlFlow::Break(())
        });
        assert!(flow.is_break());
        assert_eq!(seen, 1);
    }
}
