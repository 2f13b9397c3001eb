//! HAR captures (HTTP Archive 1.2, as browsers' developer tools and
//! proxies export them). `log.entries` is read one entry at a time and
//! each is handed on before the next is read, so a capture of hundreds of
//! megabytes never has all its bodies in memory at once.
//!
//! Entries whose request is the checked endpoint (method and path, any
//! host, query ignored) become documents; the rest are skipped with their
//! reason.

use std::fmt;
use std::io::Read;
use std::ops::ControlFlow;

use base64::Engine as _;
use mechanics_model::{Endpoint, endpoint_for_request};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::{Item, Note, Sink, Skip};
use crate::document::{Document, Origin};
use crate::finding::{InputProblem, Location};
use crate::redact;

/// The parts of an entry we use. Every member is optional: captures from
/// other tools leave things out, and that is a reason to skip an entry,
/// not to stop reading the capture.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Entry {
    request: Request,
    response: Response,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Request {
    method: Option<String>,
    url: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Response {
    status: Option<i64>,
    content: Option<Content>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Content {
    text: Option<String>,
    encoding: Option<String>,
}

/// Reads a capture, handing each entry's item to `sink`.
pub fn read(
    reader: impl Read,
    source: Origin,
    endpoint: &'static Endpoint,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let mut stopped = false;
    let mut on_entry = |index: usize, entry: Entry| {
        let flow = hand_on(&source, index, entry, endpoint, sink);
        stopped = flow.is_break();
        flow
    };
    let mut deserializer = serde_json::Deserializer::from_reader(reader);
    let entries = Entries {
        on_entry: &mut on_entry,
    };
    let log = Member {
        name: "entries",
        expecting: "a `log` object with an `entries` array",
        inner: entries,
    };
    let har = Member {
        name: "log",
        expecting: "a HAR object with a `log` member",
        inner: log,
    };
    let result = har
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    match result {
        Ok(()) => ControlFlow::Continue(()),
        Err(_) if stopped => ControlFlow::Break(()),
        Err(error) => sink(Item::Problem(source, not_har(&error))),
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
    let Entry { request, response } = entry;
    let method = request.method.unwrap_or_default();
    let raw_url = request.url.unwrap_or_default();
    let status = response
        .status
        .and_then(|s| u16::try_from(s).ok())
        .unwrap_or(0);
    let origin = Origin::HarEntry {
        source: Box::new(source.clone()),
        index,
        method: method.clone(),
        url: redact::redact_url(&raw_url),
        status,
    };
    let skip = |skip| Item::Skipped(origin.clone(), skip);

    let Some(path) = path_of(&raw_url) else {
        return sink(skip(Skip::NoUrl));
    };
    match endpoint_for_request(&method, &path) {
        None => return sink(skip(Skip::NotAnEndpoint { method, path })),
        Some(other) if other.name != endpoint.name => {
            let (name, checked) = (other.name, endpoint.name);
            return sink(skip(Skip::OtherEndpoint { name, checked }));
        }
        Some(_) => {}
    }
    if !(200..300).contains(&status) {
        return sink(skip(Skip::NotSuccess { status }));
    }
    let Some(Content {
        text: Some(text),
        encoding,
    }) = response.content
    else {
        return sink(skip(Skip::NoBody));
    };
    if text.is_empty() {
        return sink(skip(Skip::EmptyBody { status }));
    }

    let base64 = encoding.is_some_and(|e| e.trim().eq_ignore_ascii_case("base64"));
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

/// serde_json's message for a capture that does not read. Messages about
/// a value of the wrong type quote the value, which may be anything in a
/// capture, so only what was expected is kept.
fn not_har(error: &serde_json::Error) -> InputProblem {
    let full = error.to_string();
    let message = match full.rfind(" at line ") {
        Some(end) => &full[..end],
        None => &full,
    };
    let reason = if message.starts_with("invalid type") || message.starts_with("invalid value") {
        match message.rfind("expected ") {
            Some(at) => format!("a value of the wrong type ({})", &message[at..]),
            None => "a value of the wrong type".to_owned(),
        }
    } else if message.starts_with("EOF while parsing") {
        format!("{message} (the file ends too early: truncated?)")
    } else {
        message.to_owned()
    };
    let location = (error.line() > 0).then(|| Location {
        line: error.line() as u64,
        column: error.column() as u64,
    });
    InputProblem::NotHar { location, reason }
}

/// An object of which only the member `name` matters; its value goes to
/// `inner`, every other member is skipped without being kept. The capture
/// is `{"log": {"entries": [...]}}`, so two of these wrap [`Entries`].
struct Member<S> {
    name: &'static str,
    expecting: &'static str,
    inner: S,
}

/// `log.entries`, handed on one by one.
struct Entries<'a, F> {
    on_entry: &'a mut F,
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> DeserializeSeed<'de> for Member<S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: DeserializeSeed<'de, Value = ()>> Visitor<'de> for Member<S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut inner = Some(self.inner);
        while let Some(key) = map.next_key::<String>()? {
            match inner.take_if(|_| key == self.name) {
                Some(seed) => map.next_value_seed(seed)?,
                None => map.next_value::<IgnoredAny>().map(drop)?,
            }
        }
        match inner {
            Some(_) => Err(de::Error::missing_field(self.name)),
            None => Ok(()),
        }
    }
}

impl<'de, F: FnMut(usize, Entry) -> ControlFlow<()>> DeserializeSeed<'de> for Entries<'_, F> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, F: FnMut(usize, Entry) -> ControlFlow<()>> Visitor<'de> for Entries<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while let Some(entry) = seq.next_element::<Entry>()? {
            if (self.on_entry)(index, entry).is_break() {
                // Only an error stops serde; `read` knows it for a stop.
                return Err(de::Error::custom("stopped"));
            }
            index += 1;
        }
        Ok(())
    }
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
