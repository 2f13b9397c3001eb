//! A HAR 1.2 archive: each response as the body of one successful GET of
//! the endpoint, as a browser or proxy would have recorded it.
//!
//! The archive is streamed: the opening, then one entry per response, then
//! the closing, so a large corpus never sits in memory. Requests carry no
//! `Authorization` header at all: an archive is passed around, and a token
//! in it, even a made-up one, teaches the wrong habit.

use mechanics_model::Endpoint;
use serde_json::json;

use super::Generated;

/// The documented origin of the API; only written into the archive.
pub const ORIGIN: &str = "https://www.autobutler.dk";

/// Every entry's start time. A fixed time keeps the archive the same from
/// run to run; the entries are not a recording of real timing.
const STARTED: &str = "2024-01-01T00:00:00.000Z";

/// What closes the archive after the last entry.
pub const CLOSING: &[u8] = b"\n]}}\n";

/// The parts of a HAR 1.2 archive of generated responses.
#[derive(Debug)]
pub struct Har {
    endpoint: &'static Endpoint,
    seed: u64,
}

impl Har {
    /// An archive of GETs of `endpoint`, generated from `seed`.
    pub fn new(endpoint: &'static Endpoint, seed: u64) -> Self {
        Self { endpoint, seed }
    }

    /// What opens the archive, before the first entry.
    pub fn opening(&self) -> Vec<u8> {
        let creator = json!({"name": "validate", "version": env!("CARGO_PKG_VERSION")});
        format!("{{\"log\":{{\"version\":\"1.2\",\"creator\":{creator},\"entries\":[").into_bytes()
    }

    /// What goes before entry `index`.
    pub fn separator(index: u64) -> &'static [u8] {
        if index == 0 { b"\n" } else { b",\n" }
    }

    /// The entry of payload `index`.
    pub fn entry(&self, index: u64, generated: &Generated) -> Vec<u8> {
        let text = generated.payload.to_string();
        let size = text.len();
        let mut comment = format!("payload {index} of seed {}", self.seed);
        if let Some(pointer) = &generated.broken_at {
            comment.push_str(&format!("; broken at {pointer}"));
        }
        let entry = json!({
            "startedDateTime": STARTED,
            "time": 0,
            "request": {
                "method": self.endpoint.method.as_str(),
                "url": format!("{ORIGIN}{}", self.endpoint.path),
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [{"name": "Accept", "value": "application/json"}],
                "queryString": [],
                "headersSize": -1,
                "bodySize": 0,
            },
            "response": {
                "status": 200,
                "statusText": "OK",
                "httpVersion": "HTTP/1.1",
                "cookies": [],
                "headers": [
                    {"name": "Content-Type", "value": "application/json; charset=utf-8"},
                    {"name": "Content-Length", "value": size.to_string()},
                ],
                "content": {"size": size, "mimeType": "application/json", "text": text},
                "redirectURL": "",
                "headersSize": -1,
                "bodySize": size,
            },
            "cache": {},
            "timings": {"send": 0, "wait": 0, "receive": 0},
            "comment": comment,
        });
        serde_json::to_vec(&entry).expect("a serde_json Value always serializes")
    }
}
