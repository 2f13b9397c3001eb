//! `--save DIR`: what was fetched, kept as a one-entry HAR 1.2 capture, so
//! that `validate DIR/...har` checks it again later, as the endpoint it was
//! checked as, and any HAR viewer opens it. Secrets are redacted before
//! anything is written: the token and every credential in the body (JSON
//! keeps its shape and types), and only headers known to be harmless are
//! kept. A body that is not JSON is left out: there is no telling where
//! the secrets in it are.

use std::io;
use std::path::{Path, PathBuf};

use mechanics_model::Endpoint;
use serde_json::json;

use super::client::Fetched;
use crate::error::Error;
use crate::input::har::{ENDPOINT_MEMBER, WITHHELD_MEMBER};
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

/// A response kept on disk.
#[derive(Debug)]
pub struct Saved {
    /// The file written.
    pub path: PathBuf,
    /// Whether the body was left out, not being JSON.
    pub withheld: bool,
}

/// Makes `dir` ready before anything is fetched: created if need be, and
/// proven to be a folder we can write in, so that an unusable `--save`
/// stops the run before a request is spent.
pub fn prepare(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir)
        .and_then(|()| tempfile::tempfile_in(dir).map(drop))
        .map_err(|error| failed(dir, &error))
}

/// Writes `fetched` into `dir`.
pub fn write(
    dir: &Path,
    endpoint: &Endpoint,
    fetched: &Fetched,
    token: Option<&str>,
) -> Result<Saved, Error> {
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
    let (bytes, withheld) = capture(endpoint, fetched, token, &stamp);
    std::fs::create_dir_all(dir)
        .and_then(|()| write_atomically(&path, &bytes))
        .map_err(|error| failed(dir, &error))?;
    Ok(Saved { path, withheld })
}

/// The error for a folder we cannot save into, in words for the usual
/// causes: the OS's "File exists" for a file in the way says little.
fn failed(dir: &Path, error: &io::Error) -> Error {
    let in_the_way = dir.ancestors().find(|path| path.is_file());
    let reason = match in_the_way {
        Some(file) if file == dir => "it is a file, not a folder".to_owned(),
        Some(file) => format!("`{}` is a file, not a folder", file.display()),
        None if error.kind() == io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        None => error.to_string(),
    };
    Error::Save {
        dir: dir.to_path_buf(),
        reason,
    }
}

/// The capture's bytes, and whether the body was left out.
fn capture(
    endpoint: &Endpoint,
    fetched: &Fetched,
    token: Option<&str>,
    started: &str,
) -> (Vec<u8>, bool) {
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
                redact::redact_url_with(value, token)
            } else {
                clean(value)
            };
            json!({"name": name, "value": value})
        })
        .collect();
    let mime_type = fetched
        .header("content-type")
        .map(clean)
        .unwrap_or_default();
    let (content, withheld) = content(&fetched.body, token, mime_type);
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
                    "url": redact::redact_url_with(fetched.url.as_str(), token),
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
                    "content": content,
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": -1,
                },
                "cache": {},
                "timings": {"send": 0, "wait": millis, "receive": 0},
                "comment": "saved by validate --save; credentials and tokens are redacted",
                ENDPOINT_MEMBER: endpoint.name,
            }],
        }
    });
    let mut bytes =
        serde_json::to_vec_pretty(&har).expect("a JSON value with string keys serialises");
    bytes.push(b'\n');
    (bytes, withheld)
}

/// The HAR `content` of a body: its redacted text when it is JSON (or
/// nothing but white space), else only its size and media type, and
/// whether it was left out.
fn content(body: &[u8], token: Option<&str>, mime_type: String) -> (serde_json::Value, bool) {
    let text = match redact::redact_json_body(body, token) {
        Some(text) => Some(text),
        None if body.iter().all(u8::is_ascii_whitespace) => {
            Some(String::from_utf8_lossy(body).into_owned())
        }
        None => None,
    };
    match text {
        Some(text) => (
            json!({"size": text.len(), "mimeType": mime_type, "text": text}),
            false,
        ),
        None => (
            json!({
                "size": body.len(),
                "mimeType": mime_type,
                "comment": "body left out: it is not well-formed JSON in UTF-8, so the \
                            secrets in it could not be found and redacted",
                WITHHELD_MEMBER: true,
            }),
            true,
        ),
    }
}
