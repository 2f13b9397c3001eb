//! Live responses: `validate --url URL` performs the documented GET with
//! the token in `Authorization` and hands the body on, or says why there
//! is nothing to check (status, media type, a redacted snippet, a hint).
//! Only a 200 response with a JSON body is checked; a `text/plain` or
//! untyped body that looks like JSON is checked with a warning.

pub mod body;
mod client;
mod connector;
mod save;
mod token;

use std::fmt;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Duration;

use mechanics_model::Endpoint;
use url::Url;

pub use client::MAX_REDIRECTS;
pub use save::prepare as prepare_save;
pub use token::{TOKEN_PATH, TokenSource};

use self::client::{Client, Fetched};
use super::{Item, Note, Sink};
use crate::document::{Document, Origin};
use crate::error::Error;
use crate::finding::InputProblem;
use crate::redact;

/// A secret string. Its `Debug` shows no value, so that no debug print of
/// the settings can leak it.
pub struct Secret(pub(crate) String);

impl Secret {
    /// Holds `value`, and masks it in everything printed from now on.
    pub fn new(value: String) -> Self {
        crate::scrub::remember(&value);
        Self(value)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

/// How to fetch, resolved from the command line.
#[derive(Debug)]
pub struct Options {
    /// Where the token comes from.
    pub token: TokenSource,
    /// Longest wait for a connection.
    pub connect_timeout: Duration,
    /// Longest wait for a whole fetch, redirects and retries included.
    pub timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_body: u64,
    /// Attempts after the first, on connection failures and 502/503/504.
    pub retries: u32,
    /// The first pause between attempts; each next one doubles.
    pub retry_delay: Duration,
    /// Where to keep what was fetched, when asked.
    pub save: Option<PathBuf>,
}

/// Fetches `named` (see [`target`]) and hands on what came back.
pub fn fetch(
    named: &Url,
    endpoint: &'static Endpoint,
    options: &Options,
    sink: &mut Sink<'_>,
) -> ControlFlow<()> {
    let known = match &options.token {
        TokenSource::Token(token) => Some(token.0.as_str()),
        _ => None,
    };
    let origin = Origin::Url {
        url: redact::redact_url_with(named.as_str(), known),
        status: None,
    };
    let client = Client::new(options);
    let outcome = {
        let mut notes = |note| {
            // Notes go to stderr, which a closed stdout does not stop.
            let _ = sink(Item::Note(origin.clone(), note));
        };
        authorised_get(&client, named, &options.token, &mut notes)
    };
    let (token, fetched) = match outcome {
        Ok(outcome) => outcome,
        Err(problem) => return sink(Item::Problem(origin, problem)),
    };
    // A redirect may have led to a URL that holds the token, given or
    // from the login.
    let origin = Origin::Url {
        url: redact::redact_url_with(fetched.url.as_str(), token.as_deref()),
        status: Some(fetched.status),
    };
    if let Some(dir) = &options.save {
        match save::write(dir, endpoint, &fetched, token.as_deref()) {
            Ok(save::Saved { path, withheld }) => {
                sink(Item::Note(origin.clone(), Note::Saved { path, withheld }))?;
            }
            Err(error) => sink(Item::Failed(error))?,
        }
    }
    match checkable(fetched, token.as_deref(), &options.token) {
        Checkable::Yes(bytes) => sink(Item::Document(Document { origin, bytes })),
        Checkable::WithNote(note, bytes) => {
            sink(Item::Note(origin.clone(), note))?;
            sink(Item::Document(Document { origin, bytes }))
        }
        Checkable::No(problem) => sink(Item::Problem(origin, problem)),
    }
}

/// Gets a token as the settings say, then the response.
fn authorised_get(
    client: &Client,
    named: &Url,
    source: &TokenSource,
    notes: &mut dyn FnMut(Note),
) -> Result<(Option<String>, Fetched), InputProblem> {
    let token = match source {
        TokenSource::Token(token) => Some(token.0.clone()),
        TokenSource::Missing { variable, why } => {
            notes(Note::NoToken {
                variable: variable.clone(),
                why,
            });
            None
        }
        TokenSource::Login {
            email,
            password,
            variables,
        } => match token::login(client, named, email, password, variables, notes) {
            Ok(token) => Some(token.0),
            Err(failed) => {
                let reason = failed.to_string();
                return Err(InputProblem::Login { reason });
            }
        },
    };
    let fetched = client.get(named, token.as_deref(), notes)?;
    Ok((token, fetched))
}

/// The URL to GET: the one given, or, when it names only an origin, the
/// endpoint's documented path on it.
pub fn target(url: &str, endpoint: &Endpoint) -> Result<Url, Error> {
    let bad = |why: String| Error::BadUrl {
        url: redact::redact_url(url),
        why,
    };
    let mut parsed = Url::parse(url).map_err(|error| {
        bad(format!(
            "{error} (expected e.g. https://host{})",
            endpoint.path
        ))
    })?;
    // `user:password@host` parses as a URL of scheme `user` with no host;
    // naming that scheme would show a user name as one.
    if parsed.host().is_none() {
        return Err(bad(format!(
            "it names no host (expected e.g. https://host{})",
            endpoint.path
        )));
    }
    if !matches!(parsed.scheme(), "http" | "https") {
        let scheme = parsed.scheme().to_owned();
        return Err(bad(format!(
            "only http and https can be fetched, not {scheme}"
        )));
    }
    if parsed.path() == "/" {
        parsed.set_path(endpoint.path);
    }
    Ok(parsed)
}

enum Checkable {
    Yes(Vec<u8>),
    WithNote(Note, Vec<u8>),
    No(InputProblem),
}

/// Whether a response holds a body to check.
fn checkable(fetched: Fetched, token: Option<&str>, source: &TokenSource) -> Checkable {
    let media_type = fetched.header("content-type").map(media_type_of);
    let snippet = || redact::snippet(&fetched.body, token);
    if fetched.status != 200 {
        let hint = auth_hint(&fetched, source);
        return Checkable::No(InputProblem::HttpStatus {
            status: fetched.status,
            media_type,
            snippet: snippet(),
            hint,
        });
    }
    match media_type.as_deref() {
        Some(media) if is_json_media_type(media) => Checkable::Yes(fetched.body),
        Some("text/plain") | None if looks_like_json(&fetched.body) => {
            Checkable::WithNote(Note::MediaTypeNotJson { media_type }, fetched.body)
        }
        _ => Checkable::No(InputProblem::NotJsonMedia {
            snippet: snippet(),
            media_type,
        }),
    }
}

/// The essence of a Content-Type value: type and subtype, lower-case,
/// without parameters.
fn media_type_of(value: &str) -> String {
    value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// `application/json`, or any type with the `+json` suffix
/// (`application/problem+json`, `application/vnd.api+json`).
fn is_json_media_type(media_type: &str) -> bool {
    media_type == "application/json"
        || media_type
            .split_once('/')
            .is_some_and(|(_, subtype)| subtype.ends_with("+json"))
}

/// A body that opens like a JSON object or array, after a byte order mark
/// and white space.
fn looks_like_json(body: &[u8]) -> bool {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['))
}

/// For 401 and 403, what is wrong with the token, as far as we know.
fn auth_hint(fetched: &Fetched, source: &TokenSource) -> Option<String> {
    if !matches!(fetched.status, 401 | 403) {
        return None;
    }
    let base = "the token is missing, invalid or expired";
    Some(match (&fetched.token_dropped_at, source) {
        (Some(to), _) => format!(
            "{base}: it was not sent, because a redirect led to {to}, another origin than \
             the one named"
        ),
        (None, TokenSource::Missing { variable, why }) => {
            format!("{base}: none was sent, because `{variable}` {why}")
        }
        (None, TokenSource::Login { .. }) => {
            format!("{base}: the token from the token endpoint was refused")
        }
        (None, TokenSource::Token(_)) => {
            format!("{base}: tokens are short-lived; get a fresh one, or use --login")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_media_types_compare_without_case_or_parameters() {
        for value in [
            "application/json",
            "Application/JSON; Charset=UTF-8",
            "application/problem+json",
            "APPLICATION/VND.API+JSON;v=2",
        ] {
            assert!(is_json_media_type(&media_type_of(value)), "{value}");
        }
        for value in ["text/html", "text/plain", "application/jsonx", "json"] {
            assert!(!is_json_media_type(&media_type_of(value)), "{value}");
        }
    }

    #[test]
    fn a_bare_origin_gets_the_documented_path() {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
        let url = target("http://127.0.0.1:9", endpoint).unwrap();
        assert_eq!(url.path(), endpoint.path);
        let url = target("http://127.0.0.1:9/proxy/x?a=1", endpoint).unwrap();
        assert_eq!(url.path(), "/proxy/x");
        assert!(target("ftp://127.0.0.1/", endpoint).is_err());
        assert!(target("127.0.0.1", endpoint).is_err());
    }
}
