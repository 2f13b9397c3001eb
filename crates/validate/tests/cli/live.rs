//! `--url`: live requests against servers started here on 127.0.0.1.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::server::{Reply, Server, closed_port, json_ok, response};
use crate::support::{all_output, assert_no_secret, code, problems, root, summary, validate_with};

const TOKEN: &str = "tok_FAKE_live_0301";
const PATH: &str = "/api/v2/mechanics/mechanic_integrations";

/// The documented example, its password replaced by a planted secret.
fn body() -> Vec<u8> {
    std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(r#""bar""#, r#""FAKE-pw-0302""#)
        .into_bytes()
}

/// Runs a live check of `url` with the token set and quick retries.
fn live(url: &str, extra: &[&str]) -> std::process::Output {
    live_env(url, extra, &[("MECHANICS_API_TOKEN", TOKEN)])
}

fn live_env(url: &str, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec!["--format", "json", "--retry-delay", "10ms", "--url", url];
    args.extend_from_slice(extra);
    let output = validate_with(&args, None, env);
    assert_no_secret(&output, &[TOKEN, "FAKE-pw"]);
    output
}

fn the_problem(output: &std::process::Output) -> serde_json::Value {
    let problems = problems(output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems.into_iter().next().unwrap()
}

fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_valid_response_passes_and_the_token_is_sent_as_is() {
    let body = body();
    let server = Server::always(json_ok(&body));
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, PATH);
    assert_eq!(requests[0].header("authorization"), Some(TOKEN));
    let records = crate::support::records(&output);
    assert_eq!(
        records[0]["input"],
        format!("GET {} (200)", server.url(PATH))
    );
}

#[test]
fn an_origin_alone_gets_the_documented_path() {
    let server = Server::always(json_ok(&body()));
    let output = live(&server.url(""), &[]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    assert_eq!(server.requests()[0].path, PATH);
}

#[test]
fn a_violation_in_a_live_body_is_placed_in_it() {
    let broken = String::from_utf8(body())
        .unwrap()
        .replace(r#""id": 3"#, r#""id": "3""#);
    let server = Server::always(json_ok(broken.as_bytes()));
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 1);
    let finding = the_problem(&output);
    assert_eq!(finding["rule"], "type");
    assert_eq!(
        finding["pointer"],
        "/mechanicIntegrations/1/configuration/id"
    );
    assert_eq!(finding["location"]["line"], 24);
}

#[test]
fn a_slow_server_times_out_and_is_not_checked() {
    let server = Server::start(|_, _| Reply::After(Duration::from_secs(3), json_ok(b"{}")));
    let started = Instant::now();
    let output = live(&server.url(PATH), &["--timeout", "300ms"]);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "the timeout held"
    );
    assert_eq!(code(&output), 3);
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "fetch");
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("no complete answer within 300ms"),
        "{message}"
    );
    assert_eq!(server.requests().len(), 1, "a timeout is not retried");
}

#[test]
fn a_redirect_within_the_origin_keeps_the_token() {
    let body = body();
    let server = Server::start(move |request, _| match request.path.as_str() {
        PATH => Reply::Raw(response(
            "302 Found",
            &[("Location", "/v2/moved?page=1")],
            b"",
        )),
        _ => Reply::Raw(json_ok(&body)),
    });
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1].path, "/v2/moved?page=1");
    assert!(
        requests
            .iter()
            .all(|r| r.header("authorization") == Some(TOKEN))
    );
    assert!(!stderr(&output).contains("token"), "{}", stderr(&output));
}

#[test]
fn a_redirect_to_another_port_drops_the_token_and_a_401_says_why() {
    let body = body();
    let other = Server::start(move |request, _| match request.header("authorization") {
        Some(_) => Reply::Raw(json_ok(&body)),
        None => Reply::Raw(response(
            "401 Unauthorized",
            &[("Content-Type", "application/json")],
            br#"{"error": "no token"}"#,
        )),
    });
    let target = other.url(PATH);
    let first =
        Server::start(move |_, _| Reply::Raw(response("302 Found", &[("Location", &target)], b"")));
    let output = live(&first.url(PATH), &[]);

    assert_eq!(first.requests()[0].header("authorization"), Some(TOKEN));
    assert_eq!(other.requests().len(), 1);
    assert_eq!(other.requests()[0].header("authorization"), None);
    assert_eq!(code(&output), 3);
    let told = stderr(&output);
    assert!(
        told.contains(&format!("redirected to {}", other.url(PATH)))
            && told.contains("the token was not sent there"),
        "{told}"
    );
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "http-status");
    assert_eq!(problem["input"], format!("GET {} (401)", other.url(PATH)));
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("the token is missing, invalid or expired")
            && message.contains("it was not sent, because a redirect led to"),
        "{message}"
    );
}

#[test]
fn redirects_are_followed_a_few_times_at_most() {
    let server = Server::start(|request, _| {
        let next = format!("{}x", request.path);
        Reply::Raw(response(
            "307 Temporary Redirect",
            &[("Location", &next)],
            b"",
        ))
    });
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 3);
    let message = the_problem(&output)["message"].as_str().unwrap().to_owned();
    assert!(message.contains("more than 5 redirects"), "{message}");
    assert_eq!(server.requests().len(), 6);
}

#[test]
fn an_oversized_body_is_refused() {
    let server = Server::always(json_ok(&body()));
    let output = live(&server.url(PATH), &["--max-body", "1KiB"]);
    assert_eq!(code(&output), 3);
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "too-large");
    assert_eq!(
        problem["message"],
        "the input is larger than the 1 KiB limit"
    );
}

#[test]
fn gzip_and_deflate_bodies_are_decompressed() {
    use flate2::Compression;
    use flate2::write::{GzEncoder, ZlibEncoder};
    let mut gzip = GzEncoder::new(Vec::new(), Compression::fast());
    gzip.write_all(&body()).unwrap();
    let mut zlib = ZlibEncoder::new(Vec::new(), Compression::fast());
    zlib.write_all(&body()).unwrap();
    for (encoding, bytes) in [
        ("gzip", gzip.finish().unwrap()),
        ("deflate", zlib.finish().unwrap()),
    ] {
        let headers = [
            ("Content-Type", "application/json"),
            ("Content-Encoding", encoding),
        ];
        let server = Server::always(response("200 OK", &headers, &bytes));
        let output = live(&server.url(PATH), &[]);
        assert_eq!(code(&output), 0, "{encoding}: {}", all_output(&output));
        let asked = server.requests()[0]
            .header("accept-encoding")
            .unwrap()
            .to_owned();
        assert!(asked.contains(encoding), "{asked}");
    }
}

#[test]
fn a_gzip_bomb_stops_at_the_cap() {
    use flate2::Compression;
    use flate2::write::GzEncoder;
    let mut gzip = GzEncoder::new(Vec::new(), Compression::best());
    gzip.write_all(&vec![b' '; 4 << 20]).unwrap();
    let bytes = gzip.finish().unwrap();
    assert!(bytes.len() < 64 * 1024);
    let headers = [
        ("Content-Type", "application/json"),
        ("Content-Encoding", "gzip"),
    ];
    let server = Server::always(response("200 OK", &headers, &bytes));
    let output = live(&server.url(PATH), &["--max-body", "1MiB"]);
    assert_eq!(code(&output), 3);
    assert_eq!(the_problem(&output)["problem"], "too-large");
}

/// What a recorded response must come to.
struct Recorded {
    name: &'static str,
    code: i32,
    /// The problem's kind, when the response is not checked.
    kind: Option<&'static str>,
    /// Words the problem's message must hold.
    message: &'static [&'static str],
    /// Words stderr must hold.
    stderr: &'static [&'static str],
}

const RECORDED: &[Recorded] = &[
    Recorded {
        name: "bad-gateway",
        code: 3,
        kind: Some("http-status"),
        message: &[
            "HTTP 502",
            "content type `text/html`",
            "`<html><head><title>502 Bad Gateway</title>",
        ],
        stderr: &["attempt 1 of 3 failed (HTTP 502)"],
    },
    Recorded {
        name: "login-page-200",
        code: 3,
        kind: Some("not-json-media"),
        message: &[
            "is not JSON (content type `text/html`)",
            "it begins `<!DOCTYPE html><html><body><form",
        ],
        stderr: &[],
    },
    Recorded {
        name: "charset-param",
        code: 0,
        kind: None,
        message: &[],
        stderr: &[],
    },
    Recorded {
        name: "unauthorized",
        code: 3,
        kind: Some("http-status"),
        message: &[
            "HTTP 401",
            r#"`{"error": "token expired"}`"#,
            "the token is missing, invalid or expired",
        ],
        stderr: &[],
    },
    Recorded {
        name: "text-plain-json",
        code: 0,
        kind: None,
        message: &[],
        stderr: &["the content type is `text/plain`, not JSON; checking the body as JSON anyway"],
    },
    Recorded {
        name: "truncated",
        code: 3,
        kind: Some("fetch"),
        message: &["the connection closed after", "of the 886 bytes announced"],
        stderr: &[],
    },
];

#[test]
fn recorded_responses_are_served_byte_for_byte_and_judged() {
    for recorded in RECORDED {
        let &Recorded {
            name,
            code: expected_code,
            kind,
            message: message_holds,
            stderr: stderr_holds,
        } = recorded;
        let bytes = std::fs::read(root().join(format!("fixtures/http/{name}.http"))).unwrap();
        let server = Server::always(bytes);
        let output = live(&server.url(PATH), &[]);
        assert_eq!(
            code(&output),
            expected_code,
            "{name}: {}",
            all_output(&output)
        );
        let problems = problems(&output);
        match kind {
            None => assert!(problems.is_empty(), "{name}: {problems:#?}"),
            Some(kind) => {
                assert_eq!(problems.len(), 1, "{name}");
                assert_eq!(problems[0]["problem"], kind, "{name}");
                let message = problems[0]["message"].as_str().unwrap();
                for words in message_holds {
                    assert!(message.contains(words), "{name}: {message}");
                }
            }
        }
        let told = stderr(&output);
        for words in stderr_holds {
            assert!(told.contains(words), "{name}: {told}");
        }
    }
}

#[test]
fn gateway_errors_are_retried_until_success() {
    let body = body();
    let server = Server::start(move |_, number| match number {
        0 | 1 => Reply::Raw(response("503 Service Unavailable", &[], b"busy")),
        _ => Reply::Raw(json_ok(&body)),
    });
    let output = live(&server.url(PATH), &["--retries", "2"]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    assert_eq!(server.requests().len(), 3);
    let told = stderr(&output);
    assert!(told.contains("attempt 1 of 3 failed (HTTP 503); trying again in 10ms"));
    assert!(told.contains("attempt 2 of 3 failed (HTTP 503); trying again in 20ms"));
}

#[test]
fn client_errors_are_never_retried() {
    let server = Server::always(response("404 Not Found", &[], b"no"));
    let output = live(&server.url(PATH), &["--retries", "3"]);
    assert_eq!(code(&output), 3);
    assert_eq!(server.requests().len(), 1);
    let message = the_problem(&output)["message"].as_str().unwrap().to_owned();
    assert!(message.contains("HTTP 404") && message.contains("no content type"));
}

#[test]
fn connection_failures_are_retried_then_reported() {
    let url = format!("http://127.0.0.1:{}{PATH}", closed_port());
    let output = live(&url, &["--retries", "1"]);
    assert_eq!(code(&output), 3);
    assert!(stderr(&output).contains("attempt 1 of 2 failed"));
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "fetch");
    assert_eq!(problem["input"], format!("GET {url}"));
}

#[test]
fn without_a_token_the_request_goes_bare_and_a_401_says_so() {
    let server = Server::always(response("401 Unauthorized", &[], b""));
    let output = live_env(&server.url(PATH), &[], &[]);
    assert_eq!(code(&output), 3);
    assert_eq!(server.requests()[0].header("authorization"), None);
    assert!(stderr(&output).contains("no token: `MECHANICS_API_TOKEN` is not set"));
    let message = the_problem(&output)["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("none was sent, because `MECHANICS_API_TOKEN` is not set"),
        "{message}"
    );
}

#[test]
fn the_token_can_come_from_another_variable_or_a_file() {
    let server = Server::always(json_ok(&body()));
    let url = server.url(PATH);
    let output = live_env(&url, &["--token-env", "CI_TOKEN"], &[("CI_TOKEN", TOKEN)]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    let output = live_env(&url, &["--token-file", file.to_str().unwrap()], &[]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));

    let sent: Vec<_> = server
        .requests()
        .iter()
        .map(|r| r.header("authorization").map(str::to_owned))
        .collect();
    assert_eq!(sent, [Some(TOKEN.to_owned()), Some(TOKEN.to_owned())]);
}

#[test]
fn an_unusable_url_is_a_usage_error() {
    for url in ["127.0.0.1:9/x", "ftp://127.0.0.1/", "http://[::1"] {
        let output = validate_with(&["--url", url], None, &[]);
        assert_eq!(code(&output), 2, "{url}");
        assert!(stderr(&output).contains("unusable URL"), "{url}");
    }
}

#[test]
fn a_token_is_never_taken_from_the_command_line() {
    let output = validate_with(
        &["--url", "http://127.0.0.1:9", "--token", TOKEN],
        None,
        &[],
    );
    assert_eq!(code(&output), 2);
    let missing = tempfile::tempdir().unwrap().path().join("gone");
    let output = validate_with(
        &[
            "--url",
            "http://127.0.0.1:9",
            "--token-file",
            missing.to_str().unwrap(),
        ],
        None,
        &[],
    );
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("failed to read the token file"));
}

const EMAIL: &str = "qa@example.test";
const PASSWORD: &str = "FAKE-pw-login-0303";
const FRESH: &str = "tok_FAKE_fresh_0304";

fn token_server(answer: &'static [u8]) -> Server {
    let body = body();
    Server::start(move |request, _| {
        if request.method == "POST" && request.path == "/api/v2/mechanics/tokens" {
            let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
            assert_eq!(
                sent,
                serde_json::json!({"email": EMAIL, "password": PASSWORD})
            );
            return Reply::Raw(json_ok(answer));
        }
        match request.header("authorization") {
            Some(FRESH) => Reply::Raw(json_ok(&body)),
            _ => Reply::Raw(response("401 Unauthorized", &[], b"")),
        }
    })
}

fn login(server: &Server) -> std::process::Output {
    let output = live_env(
        &server.url(PATH),
        &["--login"],
        &[
            ("MECHANICS_API_EMAIL", EMAIL),
            ("MECHANICS_API_PASSWORD", PASSWORD),
        ],
    );
    assert_no_secret(&output, &[PASSWORD, FRESH, EMAIL]);
    output
}

#[test]
fn login_fetches_a_fresh_token_from_the_token_endpoint() {
    let answer = br#"{"status": "ok", "token": "tok_FAKE_fresh_0304", "mechanic": {"id": 7}}"#;
    let server = token_server(answer);
    let output = login(&server);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(requests[1].header("authorization"), Some(FRESH));
}

#[test]
fn a_failed_login_is_a_clear_not_checked() {
    let server = token_server(br#"{"status": "failed", "password": "FAKE-pw-login-0303"}"#);
    let output = login(&server);
    assert_eq!(code(&output), 3);
    assert_eq!(server.requests().len(), 1, "no GET without a token");
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "login");
    let message = problem["message"].as_str().unwrap();
    assert!(
        message.contains("refused the login (status \"failed\"")
            && message.contains("`MECHANICS_API_EMAIL` and `MECHANICS_API_PASSWORD`"),
        "{message}"
    );
}

#[test]
fn login_needs_both_variables() {
    let output = validate_with(
        &["--url", "http://127.0.0.1:9", "--login"],
        None,
        &[("MECHANICS_API_EMAIL", EMAIL)],
    );
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("`MECHANICS_API_PASSWORD` is not set"));
}

#[test]
fn saved_responses_are_redacted_and_read_back() {
    let server = Server::always(response(
        "200 OK",
        &[
            ("Content-Type", "application/json"),
            ("Set-Cookie", "session_id=FAKE-cookie-0305"),
            ("X-Request-Id", "req-1"),
        ],
        &body(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("saved");
    let url = server.url(PATH);
    let output = live(&url, &["--url", &url, "--save", save.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let told = stderr(&output);
    assert!(
        told.contains("note: ") && told.contains("saved the response to"),
        "{told}"
    );

    let files: Vec<_> = std::fs::read_dir(&save)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 2, "each fetch is kept: {files:?}");
    assert_eq!(files[0].extension().unwrap(), "har");
    let text = std::fs::read_to_string(&files[0]).unwrap();
    for secret in [TOKEN, "FAKE-pw", "FAKE-cookie"] {
        assert!(!text.contains(secret), "{secret} saved:\n{text}");
    }
    let har: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entry = &har["log"]["entries"][0];
    assert_eq!(entry["response"]["status"], 200);
    assert_eq!(entry["request"]["url"], server.url(PATH));
    let body: serde_json::Value =
        serde_json::from_str(entry["response"]["content"]["text"].as_str().unwrap()).unwrap();
    assert_eq!(
        body["mechanicIntegrations"][1]["configuration"]["credentials"]["password"],
        "<redacted string, 12 chars>"
    );
    let names: Vec<&str> = entry["response"]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["content-type", "x-request-id"]);

    let again = validate_with(&["--format", "json", save.to_str().unwrap()], None, &[]);
    assert_eq!(code(&again), 0, "{}", all_output(&again));
    let summary = summary(&again);
    assert_eq!(
        (summary["valid"].as_u64(), summary["skipped"].as_u64()),
        (Some(2), Some(0))
    );
}

#[test]
fn byte_order_marks_and_deep_nesting_hold_for_live_bodies() {
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(&body());
    let server = Server::always(response(
        "200 OK",
        &[("Content-Type", "text/plain")],
        &with_bom,
    ));
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));

    let depth = 100_000;
    let deep = format!(r#"{{"a": {}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let server = Server::always(json_ok(deep.as_bytes()));
    let output = live(&server.url(PATH), &[]);
    assert_eq!(code(&output), 3);
    let problem = the_problem(&output);
    assert_eq!(problem["problem"], "too-deep");
    assert_eq!(problem["location"]["line"], 1);
}
