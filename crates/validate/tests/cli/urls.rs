//! URLs as we show and save them: user information, secret query values
//! and the token we send are never in them, whether the URL was typed,
//! parsed or not, or handed to us by a redirect.

use crate::server::{Reply, Server, json_ok, response};
use crate::support::{all_output, assert_no_secret, code, records_of, root, stderr, validate_with};

const TOKEN: &str = "tok_FAKE_url_0701";
const PATH: &str = "/api/v2/mechanics/mechanic_integrations";
const FORMATS: [&str; 5] = ["human", "json", "junit", "github", "sarif"];

#[test]
fn a_url_that_cannot_be_used_is_named_without_its_password() {
    let cases = [
        ("http://u:FAKE-pw-url1@", "http://REDACTED@"),
        (
            "http://u:FAKE-pw-url2@127.0.0.1:99999/x",
            "http://REDACTED@127.0.0.1:99999/x",
        ),
        ("http://u:FAKE-pw-url3@[::1", "http://REDACTED@[::1"),
        (
            "https://u:FAKE-pw-url4@exa mple.com/",
            "https://REDACTED@exa mple.com/",
        ),
        // No scheme: `u` reads as one, and the rest as a path.
        ("u:FAKE-pw-url5@127.0.0.1:9/x", "REDACTED@127.0.0.1:9/x"),
        (
            "http://127.0.0.1:99999/x?api_key=FAKE-key-url6&page=2",
            "http://127.0.0.1:99999/x?api_key=REDACTED&page=2",
        ),
    ];
    for (url, shown) in cases {
        let output = validate_with(&["--url", url], None, &[]);
        assert_eq!(code(&output), 2, "{url}");
        let told = stderr(&output);
        assert!(
            told.starts_with(&format!("validate: error: unusable URL `{shown}`: ")),
            "{url}: {told}"
        );
        assert_no_secret(&output, &["FAKE-pw", "FAKE-key"]);
    }
}

/// The documented example with a violation, so that every format names
/// the input.
fn broken_body() -> Vec<u8> {
    std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(r#""id": 3"#, r#""id": "3""#)
        .into_bytes()
}

fn run(url: &str, format: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["--format", format, "--retries", "0", "--url", url];
    args.extend_from_slice(extra);
    validate_with(&args, None, &[("MECHANICS_API_TOKEN", TOKEN)])
}

#[test]
fn a_token_in_a_redirect_to_another_origin_is_masked_everywhere() {
    let body = broken_body();
    let other = Server::start(move |_, _| Reply::Raw(json_ok(&body)));
    let target = other.url(&format!("/{TOKEN}/x?page=1"));
    let first =
        Server::start(move |_, _| Reply::Raw(response("302 Found", &[("Location", &target)], b"")));
    let shown = other.url("/REDACTED/x?page=1");

    for format in FORMATS {
        let output = run(&first.url(PATH), format, &[]);
        assert_eq!(code(&output), 1, "{format}: {}", all_output(&output));
        assert_no_secret(&output, &[TOKEN]);
        assert!(
            stderr(&output).contains(&format!(
                "redirected to {shown}, another origin than the one named; the token was not \
                 sent there"
            )),
            "{format}: {}",
            stderr(&output)
        );
        // GitHub annotations place findings in files only; every other
        // format names the input by its masked URL (escaped in XML).
        if format == "github" {
            continue;
        }
        let report = String::from_utf8_lossy(&output.stdout);
        assert!(
            report.contains(&other.url("/REDACTED/x?page=1"))
                || report.contains(&other.url("/REDACTED/x?page=1").replace('&', "&amp;")),
            "{format}: {report}"
        );
    }
    let requests = other.requests();
    assert!(requests.iter().all(|r| r.header("authorization").is_none()));
    assert_eq!(requests[0].path, format!("/{TOKEN}/x?page=1"));
}

#[test]
fn a_percent_encoded_token_in_a_redirect_is_masked_in_names_and_saved_files() {
    let body = broken_body();
    // Within the origin, so the token is sent on; the path spells it with
    // an escape, which text search for the token would miss.
    let server = Server::start(move |request, _| match request.path.as_str() {
        PATH => Reply::Raw(response(
            "302 Found",
            &[("Location", "/%74ok_FAKE_url_0701/x")],
            b"",
        )),
        _ => Reply::Raw(json_ok(&body)),
    });
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        &server.url(PATH),
        "json",
        &["--save", dir.path().to_str().unwrap()],
    );
    assert_eq!(code(&output), 1, "{}", all_output(&output));
    assert_no_secret(&output, &[TOKEN, "%74ok_FAKE"]);
    let inputs = records_of(&output, "input");
    assert_eq!(
        inputs[0]["input"],
        format!("GET {} (200)", server.url("/REDACTED/x"))
    );
    assert_eq!(server.requests()[1].path, "/%74ok_FAKE_url_0701/x");

    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        !text.contains(TOKEN) && !text.contains("%74ok_FAKE"),
        "{text}"
    );
    let har: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        har["log"]["entries"][0]["request"]["url"],
        server.url("/REDACTED/x")
    );
}
