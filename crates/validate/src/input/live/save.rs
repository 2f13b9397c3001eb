//! `--save DIR`: what was fetched, kept as a one-entry HAR 1.2 capture, so
//! that `validate DIR/...har` checks it again later and any HAR viewer
//! opens it. Secrets are redacted before anything is written: the token
//! and every credential in the body (JSON keeps its shape and types), and
//! only headers known to be harmless are kept.

use std::io;
use std::path::{Path, PathBuf};

use mechanics_model::Endpoint;
use serde_json::json;

use super::client::Fetched;
use crate::redact;
use crate::write::write_atomically;

/// Response headers worth keeping that carry no secret.
const SAFE_HEADERS: &[&str] = &[
    "content-type",
    "date",
    "server",
    "cache-control",
    "etag",
    "last-modified",
    "vary",
    "x-request-id",
    "x-runtime",
    "retry-after",
    "location",
];

/// Writes `fetched` into `dir`, returning the file's path.
pub fn write(
    dir: &Path,
    endpoint: &Endpoint,
    fetched: &Fetched,
    token: Option<&str>,
) -> Result<PathBuf, (PathBuf, io::Error)> {
    let stamp = humantime::format_rfc3339_millis(fetched.started).to_string();
    // Colons are not allowed in Windows file names.
    let base = format!("{}-{}", endpoint.name, stamp.replace(':', ""));
    let mut path = dir.join(format!("{base}.har"));
    // Two fetches in one millisecond must not overwrite each other.
    for n in 1.. {
        if !path.exists() {
            break;
        }
        path = dir.join(format!("{base}-{n}.har"));
    }
    let bytes = capture(fetched, token, &stamp);
    std::fs::create_dir_all(dir)
        .and_then(|()| write_atomically(&path, &bytes))
        .map(|()| path.clone())
        .map_err(|error| (path, error))
}

/// The capture's bytes.
fn capture(fetched: &Fetched, token: Option<&str>, started: &str) -> Vec<u8> {
    let clean = |text: &str| {
        let text = match token {
            Some(token) => redact::without(text, token),
            None => text.to_owned(),
        };
        redact::redact_text(&text)
    };
    let headers: Vec<_> = fetched
        .headers
        .iter()
        .filter(|(name, _)| SAFE_HEADERS.contains(&name.as_str()))
        .map(|(name, value)| {
            let value = if name == "location" {
                redact::redact_url(value)
            } else {
                clean(value)
            };
            json!({"name": name, "value": value})
        })
        .collect();
    let body = redact::redact_body(&fetched.body, token);
    let millis = fetched.elapsed.as_secs_f64() * 1000.0;
    let har = json!({
        "log": {
            "version": "1.2",
            "creator": {"name": "validate", "version": env!("CARGO_PKG_VERSION")},
            "entries": [{
                "startedDateTime": started,
                "time": millis,
                "request": {
                    "method": "GET",
                    "url": redact::redact_url(fetched.url.as_str()),
                    "httpVersion": "HTTP/1.1",
                    "headers": [],
                    "queryString": [],
                    "cookies": [],
                    "headersSize": -1,
                    "bodySize": 0,
                },
                "response": {
                    "status": fetched.status,
                    "statusText": fetched.status_text,
                    "httpVersion": "HTTP/1.1",
                    "headers": headers,
                    "cookies": [],
                    "content": {
                        "size": body.len(),
                        "mimeType": fetched.header("content-type").map(clean).unwrap_or_default(),
                        "text": body,
                    },
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                },
                "cache": {},
                "timings": {"send": 0, "wait": millis, "receive": 0},
                "comment": "saved by validate --save; credentials and tokens are redacted",
            }],
        }
    });
    let mut bytes =
        serde_json::to_vec_pretty(&har).expect("a JSON value with string keys serialises");
    bytes.push(b'\n');
    bytes
}
