//! HTTP on ureq over rustls, with the policies the contract check needs:
//! one deadline for the whole fetch, bounded retries with backoff on
//! connection failures and 502/503/504 (never on 4xx), a cap on the body
//! after decompression, and redirects followed here, not by the client,
//! so that the token only ever goes to the origin the user named.

use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::{Response, StatusCode};
use ureq::{Agent, Body};
use url::Url;

use super::connector::{self, Progress};
use super::{Note, Options, body};
use crate::finding::InputProblem;
use crate::redact;

/// Redirects followed before giving up; real deployments need one or two
/// (http to https, a trailing slash).
pub const MAX_REDIRECTS: usize = 5;

/// Longest pause between two attempts, however many there were.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(30);

/// A whole response, as fetched.
#[derive(Debug)]
pub struct Fetched {
    /// The URL the response came from, after redirects.
    pub url: Url,
    /// The status code.
    pub status: u16,
    /// The status line's reason, when the status is a known one.
    pub status_text: &'static str,
    /// Response headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body, decompressed.
    pub body: Vec<u8>,
    /// When the first request started.
    pub started: SystemTime,
    /// How long the fetch took, redirects and retries included.
    pub elapsed: Duration,
    /// Where a redirect led that made us drop the token, redacted.
    pub token_dropped_at: Option<String>,
}

impl Fetched {
    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An HTTP client with the run's policies.
#[derive(Debug)]
pub struct Client {
    agent: Agent,
    progress: Progress,
    connect_timeout: Duration,
    timeout: Duration,
    retries: u32,
    retry_delay: Duration,
    max_body: u64,
}

impl Client {
    /// A client for `options`.
    pub fn new(options: &Options) -> Self {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(options.connect_timeout))
            .user_agent(concat!("validate/", env!("CARGO_PKG_VERSION")))
            .accept("application/json")
            // Decompression is ours, so that the size cap counts the
            // bytes we hold, not the bytes on the wire.
            .accept_encoding("gzip, deflate")
            .build();
        let progress = Progress::default();
        let agent = Agent::with_parts(
            config,
            connector::chain(progress.clone()),
            ureq::unversioned::resolver::DefaultResolver::default(),
        );
        Self {
            agent,
            progress,
            connect_timeout: options.connect_timeout,
            timeout: options.timeout,
            retries: options.retries,
            retry_delay: options.retry_delay,
            max_body: options.max_body,
        }
    }

    /// GETs `named`, following redirects; the token goes only to requests
    /// on `named`'s origin.
    pub fn get(
        &self,
        named: &Url,
        token: Option<&str>,
        notes: &mut dyn FnMut(Note),
    ) -> Result<Fetched, InputProblem> {
        let started = SystemTime::now();
        let deadline = Instant::now() + self.timeout;
        let mut current = named.clone();
        let mut token_dropped_at = None;
        for _ in 0..=MAX_REDIRECTS {
            let same_origin = current.origin() == named.origin();
            let send_token = token.filter(|_| same_origin);
            if token.is_some() && !same_origin && token_dropped_at.is_none() {
                let to = redact::redact_url_with(current.as_str(), token);
                notes(Note::TokenDropped { to: to.clone() });
                token_dropped_at = Some(to);
            }
            let response = self.send(deadline, notes, |timeout| {
                let mut request = self
                    .agent
                    .get(current.as_str())
                    .config()
                    .timeout_global(Some(timeout))
                    .build();
                if let Some(token) = send_token {
                    request = request.header("Authorization", token);
                }
                request.call()
            })?;
            if let Some(next) = redirect_target(&current, &response)? {
                current = next;
                continue;
            }
            let mut fetched = self.read(current, response, started, deadline)?;
            fetched.token_dropped_at = token_dropped_at;
            return Ok(fetched);
        }
        Err(InputProblem::Fetch {
            reason: format!("more than {MAX_REDIRECTS} redirects"),
        })
    }

    /// POSTs a JSON body to `url`. Redirects are not followed: a login
    /// must not be sent on to anywhere else.
    pub fn post_json(
        &self,
        url: &Url,
        body: &[u8],
        notes: &mut dyn FnMut(Note),
    ) -> Result<Fetched, InputProblem> {
        let started = SystemTime::now();
        let deadline = Instant::now() + self.timeout;
        let response = self.send(deadline, notes, |timeout| {
            self.agent
                .post(url.as_str())
                .config()
                .timeout_global(Some(timeout))
                .build()
                .header("Content-Type", "application/json")
                .send(body)
        })?;
        self.read(url.clone(), response, started, deadline)
    }

    /// Sends a request, trying again on failures that may pass.
    fn send(
        &self,
        deadline: Instant,
        notes: &mut dyn FnMut(Note),
        request: impl Fn(Duration) -> Result<Response<Body>, ureq::Error>,
    ) -> Result<Response<Body>, InputProblem> {
        let attempts = self.retries + 1;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.timed_out());
            }
            self.progress.reset();
            let (reason, answer) = match request(remaining) {
                Ok(response) if !is_transient(response.status()) => return Ok(response),
                Ok(response) if attempt >= attempts => return Ok(response),
                Ok(response) => (
                    format!("HTTP {}", response.status().as_u16()),
                    Some(response),
                ),
                Err(error) if attempt < attempts && is_connection_error(&error) => {
                    (self.reason(&error), None)
                }
                Err(error) => {
                    let reason = self.reason(&error);
                    return Err(InputProblem::Fetch { reason });
                }
            };
            let delay = self
                .retry_delay
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(MAX_RETRY_DELAY);
            // With no time for another attempt, the last failure is the
            // cause to report: the deadline only ended the retrying.
            if Instant::now() + delay >= deadline {
                let timeout = self.timeout;
                return match answer {
                    Some(response) => {
                        notes(Note::OutOfTime {
                            attempt,
                            of: attempts,
                            reason,
                            timeout,
                        });
                        Ok(response)
                    }
                    None => Err(InputProblem::Fetch {
                        reason: format!(
                            "{reason} (attempt {attempt} of {attempts}; --timeout {} left no \
                             time for another)",
                            humantime::format_duration(timeout)
                        ),
                    }),
                };
            }
            // An answer not read holds its connection; free it while waiting.
            drop(answer);
            notes(Note::Retrying {
                attempt,
                of: attempts,
                reason,
                delay,
            });
            std::thread::sleep(delay);
        }
    }

    fn timed_out(&self) -> InputProblem {
        InputProblem::Fetch {
            reason: self.timeout_reason(),
        }
    }

    fn timeout_reason(&self) -> String {
        format!(
            "no complete answer within {} (raise --timeout)",
            humantime::format_duration(self.timeout)
        )
    }

    /// Words for a failed request. ureq's own messages can quote the URL,
    /// which may hold secrets, so the common cases get ours.
    fn reason(&self, error: &ureq::Error) -> String {
        let connect_timeout = humantime::format_duration(self.connect_timeout);
        match error {
            // The connect timeout covers the TLS handshake too.
            ureq::Error::Timeout(ureq::Timeout::Connect) if self.progress.connected() => format!(
                "the TLS handshake did not finish within {connect_timeout} (does the server \
                 speak TLS on this port? else raise --connect-timeout)"
            ),
            ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve) => {
                format!("could not connect within {connect_timeout} (raise --connect-timeout)")
            }
            ureq::Error::Timeout(_) => self.timeout_reason(),
            ureq::Error::HostNotFound => "the host name does not resolve".to_owned(),
            ureq::Error::ConnectionFailed => "the connection failed".to_owned(),
            ureq::Error::Io(io) => format!("connection error: {io}"),
            ureq::Error::BadUri(_) => "the URL is not usable".to_owned(),
            ureq::Error::Tls(message) => format!("TLS: {message}"),
            ureq::Error::Rustls(error) => format!("TLS: {error}"),
            ureq::Error::Protocol(error) => format!("the answer is not valid HTTP: {error}"),
            other => other.to_string(),
        }
    }

    /// Reads and decompresses the body, up to the cap.
    fn read(
        &self,
        url: Url,
        response: Response<Body>,
        started: SystemTime,
        deadline: Instant,
    ) -> Result<Fetched, InputProblem> {
        let (parts, body) = response.into_parts();
        let headers: Vec<(String, String)> = parts
            .headers
            .iter()
            .map(|(name, value)| {
                let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
                (name.as_str().to_ascii_lowercase(), value)
            })
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim().to_ascii_lowercase())
        };
        let declared = header("content-length").and_then(|v| v.parse::<u64>().ok());
        let encoding = header("content-encoding");

        let mut raw = Vec::new();
        let read = body
            .into_reader()
            .take(self.max_body + 1)
            .read_to_end(&mut raw);
        if let Err(error) = read {
            let reason = if Instant::now() >= deadline {
                self.timeout_reason()
            } else {
                match declared {
                    Some(length) => format!(
                        "the connection closed after {} of the {length} bytes announced \
                         ({error})",
                        raw.len()
                    ),
                    None => format!("the body could not be read: {error}"),
                }
            };
            return Err(InputProblem::Fetch { reason });
        }
        let body = body::decompress(raw, encoding.as_deref(), self.max_body)?;
        Ok(Fetched {
            url,
            status: parts.status.as_u16(),
            status_text: parts.status.canonical_reason().unwrap_or(""),
            headers,
            body,
            started,
            elapsed: started.elapsed().unwrap_or_default(),
            token_dropped_at: None,
        })
    }
}

/// Gateways answer these while a deployment or an overload passes.
fn is_transient(status: StatusCode) -> bool {
    matches!(status.as_u16(), 502..=504)
}

/// Failures before any answer, which a second attempt may not meet.
fn is_connection_error(error: &ureq::Error) -> bool {
    matches!(
        error,
        ureq::Error::ConnectionFailed
            | ureq::Error::Io(_)
            | ureq::Error::HostNotFound
            | ureq::Error::Timeout(ureq::Timeout::Connect | ureq::Timeout::Resolve)
    )
}

/// Where a redirect leads, or None for any other response.
fn redirect_target(current: &Url, response: &Response<Body>) -> Result<Option<Url>, InputProblem> {
    let status = response.status().as_u16();
    if !matches!(status, 301 | 302 | 303 | 307 | 308) {
        return Ok(None);
    }
    let location = response
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| InputProblem::Fetch {
            reason: format!("a {status} redirect without a usable Location header"),
        })?;
    let next = current
        .join(location)
        .map_err(|error| InputProblem::Fetch {
            reason: format!("a {status} redirect to an unusable location ({error})"),
        })?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(InputProblem::Fetch {
            reason: format!("a {status} redirect to a `{}` URL", next.scheme()),
        });
    }
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn origins_compare_scheme_host_and_port() {
        let named = url("https://api.example.test/api/v2/x");
        assert_eq!(
            named.origin(),
            url("https://api.example.test:443/other").origin()
        );
        assert_ne!(
            named.origin(),
            url("http://api.example.test/api/v2/x").origin()
        );
        assert_ne!(
            named.origin(),
            url("https://api.example.test:8443/").origin()
        );
        assert_ne!(named.origin(), url("https://example.test/").origin());
    }
}
