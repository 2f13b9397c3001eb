//! Every fake secret planted in the fixtures stays out of every output.

use crate::support::{root, validate};

/// Text that marks a planted secret in our fixtures.
const PLANTED: &[&str] = &["FAKE-pw", "FAKE-key", "tok_FAKE"];

const FORMATS: [&str; 5] = ["human", "json", "junit", "github", "sarif"];

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for planted in PLANTED {
        assert!(!text.contains(planted), "{what} leaked {planted}:\n{text}");
    }
}

fn fixtures_with_secrets() -> Vec<String> {
    let mut paths = Vec::new();
    for dir in [
        "fixtures/invalid",
        "fixtures/valid",
        "fixtures/regressions",
        "fixtures/malformed",
        "fixtures/drift",
    ] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes).replace('\0', "");
            if PLANTED.iter().any(|p| text.contains(p)) {
                paths.push(format!(
                    "{dir}/{}",
                    path.file_name().unwrap().to_string_lossy()
                ));
            }
        }
    }
    paths
}

#[test]
fn no_planted_secret_appears_in_any_format() {
    let paths = fixtures_with_secrets();
    assert!(paths.len() >= 8, "the fixtures plant secrets: {paths:?}");
    for format in FORMATS {
        for color in ["never", "always"] {
            let mut args = vec!["--format", format, "--color", color];
            args.extend(paths.iter().map(String::as_str));
            let output = validate(&args);
            for stream in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(stream);
                for planted in PLANTED {
                    assert!(
                        !text.contains(planted),
                        "{format}/{color} leaked {planted}:\n{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_documented_example_credentials_are_not_shown_when_it_breaks() {
    // `bar` is the password of the documentation's example. The duplicate
    // key sits on the line after it, so a careless excerpt would show it.
    let body = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(
            r#""password": "bar","#,
            r#""password": "bar", "password": "bar","#,
        );
    let output = crate::support::validate_with_stdin(&["-"], Some(body.as_bytes()));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("duplicate-key"), "{text}");
    assert!(!text.contains("\"bar\""), "{text}");
}

#[test]
fn no_planted_secret_reaches_report_files_baselines_or_the_terminal() {
    let paths = fixtures_with_secrets();
    let dir = tempfile::tempdir().unwrap();
    let baseline = dir.path().join("baseline.json");
    let baseline = baseline.to_str().unwrap();
    for format in FORMATS {
        let report = dir.path().join(format!("report.{format}"));
        let mut args = vec![
            "--format",
            format,
            "--deny-drift",
            "--output",
            report.to_str().unwrap(),
            "--write-baseline",
            baseline,
        ];
        args.extend(paths.iter().map(String::as_str));
        let output = validate(&args);
        assert_eq!(crate::support::code(&output), 3, "{format}");
        assert_clean(&format!("{format} stdout"), &output.stdout);
        assert_clean(&format!("{format} stderr"), &output.stderr);
        let written = std::fs::read(&report).unwrap();
        assert!(written.len() > 200, "{format}: the report was written");
        assert_clean(&format!("{format} report file"), &written);
        assert_clean("baseline", &std::fs::read(baseline).unwrap());
    }
}

#[test]
fn secret_named_drift_keys_and_cases_c01_and_c10_stay_redacted() {
    // The case inputs are kept as fixtures: C01 is the duplicate-keys one,
    // C10 the credentials-as-string and password-in-array ones.
    let cases = [
        "fixtures/regressions/duplicate-keys-with-secrets.json",
        "fixtures/regressions/credentials-as-string.json",
        "fixtures/regressions/password-in-array.json",
        "fixtures/drift/undocumented-members.json",
    ];
    for format in FORMATS {
        let mut args = vec!["--format", format, "--color", "always"];
        args.extend(cases);
        let output = validate(&args);
        assert_clean(format, &output.stdout);
        let text = String::from_utf8_lossy(&output.stdout);
        // Each format still names the places, so redaction is not silence.
        assert!(text.contains("webhookSecret"), "{format}: {text}");
        assert!(text.contains("credentials"), "{format}: {text}");
    }
}

const PLANTED_EVERYWHERE: &[&str] = &["FAKE-pw", "FAKE-key", "tok_FAKE", "FAKE-cookie"];

/// The documented example on one line, its password planted and the `id`
/// beside it broken, so that an excerpt of the violation has the password
/// in view.
fn broken_line() -> String {
    let text = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(r#""bar""#, r#""FAKE-pw-0601""#)
        .replace(r#""id": 3"#, r#""id": "3""#);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value.to_string()
}

#[test]
fn no_planted_secret_appears_for_captures_and_streams() {
    let dir = tempfile::tempdir().unwrap();
    let stream = dir.path().join("calls.ndjson");
    std::fs::write(
        &stream,
        format!("{}\n{{\"token\": \"tok_FAKE_0602\"\n", broken_line()),
    )
    .unwrap();
    for format in FORMATS {
        let output = validate(&[
            "--format",
            format,
            "--color",
            "always",
            stream.to_str().unwrap(),
            "fixtures/har",
        ]);
        assert_eq!(crate::support::code(&output), 3, "{format}");
        let text = crate::support::all_output(&output);
        assert!(text.contains("calls.ndjson"), "{format}: {text}");
        crate::support::assert_no_secret(&output, PLANTED_EVERYWHERE);
    }
}

#[test]
fn no_planted_secret_appears_for_live_responses() {
    use crate::server::{Reply, Server, json_ok, response};
    let line = broken_line();
    let server = Server::start(move |request, _| match request.path.as_str() {
        "/api/v2/mechanics/mechanic_integrations" => Reply::Raw(json_ok(line.as_bytes())),
        _ => Reply::Raw(response(
            "500 Internal Server Error",
            &[("Content-Type", "text/html")],
            b"<p>retry with password=FAKE-pw-0603 or token tok_FAKE_live_0604</p>",
        )),
    });
    for format in FORMATS {
        let output = crate::support::validate_with(
            &[
                "--format",
                format,
                "--url",
                &server.url(""),
                "--url",
                &server.url("/error?api_key=FAKE-key-0605"),
            ],
            None,
            &[("MECHANICS_API_TOKEN", "tok_FAKE_live_0604")],
        );
        assert_eq!(crate::support::code(&output), 3, "{format}");
        let text = crate::support::all_output(&output);
        assert!(
            text.contains("HTTP 500") && text.contains("/configuration/id"),
            "{text}"
        );
        crate::support::assert_no_secret(&output, PLANTED_EVERYWHERE);
    }
}

#[test]
fn the_token_we_send_is_masked_wherever_a_server_echoes_it() {
    use crate::server::{Reply, Server, json_ok};
    const TOKEN: &str = "tok_FAKE_echoed_0701";
    // The token comes back in members whose names say nothing of secrets,
    // and in the path of a redirect.
    let body = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replacen(
            r#""authenticationType": "simple""#,
            &format!(r#""authenticationType": "{TOKEN}""#),
            1,
        )
        .replace(
            r#""options": {}"#,
            &format!(r#""options": {{"note": "{TOKEN}"}}, "extra": "{TOKEN}""#),
        );
    let server = Server::start(move |request, _| match request.path.as_str() {
        "/start" => Reply::Raw(
            format!("HTTP/1.1 302 Found\r\nLocation: /{TOKEN}/api\r\nContent-Length: 0\r\n\r\n")
                .into_bytes(),
        ),
        _ => Reply::Raw(json_ok(body.as_bytes())),
    });
    for format in FORMATS {
        let output = crate::support::validate_with(
            &[
                "--format",
                format,
                "--color",
                "always",
                "--url",
                &server.url("/start"),
            ],
            None,
            &[("MECHANICS_API_TOKEN", TOKEN)],
        );
        assert_eq!(crate::support::code(&output), 1, "{format}");
        let text = crate::support::all_output(&output);
        assert!(text.contains("authenticationType"), "{format}: {text}");
        crate::support::assert_no_secret(&output, &[TOKEN]);
    }
}
