//! Why a live check could not run, in words naming the real cause: the
//! status a gateway kept answering, a TLS handshake that never finished, a
//! token file or variable that is not what it should be.

use std::net::TcpListener;
use std::time::Duration;

use crate::server::{Server, closed_port, response};
use crate::support::{all_output, assert_no_secret, code, problems, root, stderr, validate_with};

const TOKEN: &str = "tok_FAKE_fail_1001";
const PATH: &str = "/api/v2/mechanics/mechanic_integrations";

fn live(url: &str, extra: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut args = vec!["--format", "json", "--url", url];
    args.extend_from_slice(extra);
    let output = validate_with(&args, None, env);
    assert_no_secret(&output, &[TOKEN, "FAKE-pw"]);
    output
}

fn the_message(output: &std::process::Output) -> String {
    let problems = problems(output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    problems[0]["message"].as_str().unwrap().to_owned()
}

/// Pauses of 400ms then 800ms: the second attempt comes, a third would
/// end after the 1s deadline.
const OUT_OF_TIME: &[&str] = &[
    "--retries",
    "2",
    "--timeout",
    "1s",
    "--retry-delay",
    "400ms",
];

#[test]
fn when_the_deadline_ends_retrying_the_last_status_is_reported() {
    let bytes = std::fs::read(root().join("fixtures/http/bad-gateway.http")).unwrap();
    let server = Server::always(bytes);
    let output = live(
        &server.url(PATH),
        OUT_OF_TIME,
        &[("MECHANICS_API_TOKEN", TOKEN)],
    );
    assert_eq!(code(&output), 3, "{}", all_output(&output));
    assert_eq!(server.requests().len(), 2);
    let message = the_message(&output);
    assert!(
        message.contains("is an HTTP 502 response, not 200 (content type `text/html`)")
            && message.contains("`<html><head><title>502 Bad Gateway</title>"),
        "{message}"
    );
    assert!(!message.contains("no complete answer"), "{message}");
    let told = stderr(&output);
    assert!(
        told.contains("attempt 1 of 3 failed (HTTP 502); trying again in 400ms")
            && told.contains(
                "attempt 2 of 3 failed (HTTP 502); --timeout 1s leaves no time for another, so \
                 this answer is the one reported"
            ),
        "{told}"
    );
}

#[test]
fn when_the_deadline_ends_retrying_the_last_failure_is_reported() {
    let url = format!("http://127.0.0.1:{}{PATH}", closed_port());
    let output = live(&url, OUT_OF_TIME, &[("MECHANICS_API_TOKEN", TOKEN)]);
    assert_eq!(code(&output), 3);
    let message = the_message(&output);
    assert!(
        message.starts_with("the input could not be fetched: ")
            && message.ends_with("(attempt 2 of 3; --timeout 1s left no time for another)"),
        "{message}"
    );
    assert!(!message.contains("no complete answer"), "{message}");
}

#[test]
fn a_tls_handshake_that_stalls_is_told_apart_from_a_connection() {
    // Accepts connections and never answers the client's hello.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let url = format!("https://127.0.0.1:{port}{PATH}");
    let args = ["--connect-timeout", "300ms", "--retries", "0"];
    let started = std::time::Instant::now();
    let output = live(&url, &args, &[("MECHANICS_API_TOKEN", TOKEN)]);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(code(&output), 3);
    let message = the_message(&output);
    assert!(
        message.contains("the TLS handshake did not finish within 300ms"),
        "{message}"
    );
    assert!(!message.contains("could not connect"), "{message}");
}

#[test]
fn a_token_file_of_two_lines_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{TOKEN}\nsecond line\n")).unwrap();
    let url = format!("http://127.0.0.1:{}{PATH}", closed_port());
    let output = live(&url, &["--token-file", file.to_str().unwrap()], &[]);
    assert_eq!(code(&output), 2);
    let told = stderr(&output);
    assert_eq!(
        told,
        format!(
            "validate: error: unusable token from the file `{}`: it holds more than one line \
             (the token goes alone on one line)\n",
            file.display()
        )
    );
}

#[test]
fn an_empty_token_variable_is_called_empty() {
    let server = Server::always(response("401 Unauthorized", &[], b""));
    let output = live(&server.url(PATH), &[], &[("MECHANICS_API_TOKEN", "")]);
    assert_eq!(code(&output), 3);
    assert_eq!(server.requests()[0].header("authorization"), None);
    assert!(
        stderr(&output).contains("no token: `MECHANICS_API_TOKEN` is empty, so the request goes"),
        "{}",
        stderr(&output)
    );
    let message = the_message(&output);
    assert!(
        message.contains("none was sent, because `MECHANICS_API_TOKEN` is empty"),
        "{message}"
    );

    let output = live(
        &server.url(PATH),
        &["--login"],
        &[
            ("MECHANICS_API_EMAIL", "qa@example.test"),
            ("MECHANICS_API_PASSWORD", ""),
        ],
    );
    assert_eq!(code(&output), 2);
    assert_eq!(
        stderr(&output),
        "validate: error: the environment variable `MECHANICS_API_PASSWORD` is empty (needed \
         by --login)\n"
    );
    assert_eq!(server.requests().len(), 1, "no login was tried");
}
