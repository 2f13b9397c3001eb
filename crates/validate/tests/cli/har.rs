//! HAR captures: which entries are checked, which skipped and why, and
//! how each result names its entry.

use base64::Engine as _;

use crate::support::{
    all_output, assert_no_secret, code, problems, records, root, summary, validate,
};

const SECRETS: &[&str] = &["FAKE-pw", "tok_FAKE", "FAKE-cookie"];

fn run(args: &[&str]) -> std::process::Output {
    let mut all = vec!["--format", "json"];
    all.extend_from_slice(args);
    let output = validate(&all);
    assert_no_secret(&output, SECRETS);
    output
}

fn records_of(output: &std::process::Output, kind: &str) -> Vec<serde_json::Value> {
    records(output)
        .into_iter()
        .filter(|r| r["type"] == kind)
        .collect()
}

#[test]
fn base64_bodies_are_decoded_and_plain_text_marked_base64_is_read_with_a_warning() {
    let output = run(&["fixtures/har/base64-bodies.har"]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let inputs = records_of(&output, "input");
    let url = "https://www.autobutler.dk/api/v2/mechanics/mechanic_integrations";
    assert_eq!(inputs.len(), 2);
    for (record, index) in inputs.iter().zip([0, 1]) {
        assert_eq!(
            record["input"],
            format!("fixtures/har/base64-bodies.har#{index} GET {url} (200)")
        );
        assert_eq!(record["verdict"], "valid");
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "warning: fixtures/har/base64-bodies.har#1 GET {url} (200): the body is marked as \
             base64 but is not base64; reading it as plain text"
        )),
        "{stderr}"
    );
    let skipped = records_of(&output, "skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        skipped[0]["reason"],
        "`GET /api/v2/mechanics/settings` is not a documented endpoint"
    );
    assert!(
        skipped[0]["input"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/har/base64-bodies.har#2 ")
    );
    assert_eq!(summary(&output)["skipped"], 1);
}

#[test]
fn entries_without_bodies_are_skipped_and_a_run_that_checked_nothing_fails() {
    let output = run(&["fixtures/har/no-bodies.har"]);
    assert_eq!(code(&output), 3);
    let reasons: Vec<String> = records_of(&output, "skipped")
        .iter()
        .map(|r| r["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        reasons,
        [
            "the capture holds no body for it (export the HAR with content included)",
            "its body is empty (status 204)",
        ]
    );
    let summary = summary(&output);
    assert_eq!(
        (summary["inputs"].as_u64(), summary["skipped"].as_u64()),
        (Some(0), Some(2))
    );

    let human = validate(&["fixtures/har/no-bodies.har"]);
    assert_eq!(code(&human), 3);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("0 not checked, 2 skipped"), "{text}");
    assert!(text.contains("not checked: nothing was checked"), "{text}");
}

#[test]
fn a_chrome_capture_names_each_entry_and_redacts_query_secrets() {
    let output = run(&["fixtures/har/chrome.har"]);
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    let finding = &problems[0];
    assert_eq!(
        finding["input"],
        "fixtures/har/chrome.har#2 GET https://www.autobutler.dk/api/v2/mechanics/\
         mechanic_integrations?access_token=REDACTED&locale=da (200)"
    );
    assert_eq!(finding["rule"], "enum");
    assert_eq!(
        finding["pointer"],
        "/mechanicIntegrations/0/integrationDetails/authenticationType"
    );
    assert_eq!(finding["location"]["line"], 9);
    let skipped: Vec<String> = records_of(&output, "skipped")
        .iter()
        .map(|r| {
            r["input"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        skipped,
        ["fixtures/har/chrome.har#0", "fixtures/har/chrome.har#3"]
    );
    assert_eq!(records_of(&output, "input").len(), 2);
}

#[test]
fn a_firefox_capture_skips_failed_requests_and_checks_the_rest() {
    let output = run(&["fixtures/har/firefox.har"]);
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["rule"], "required");
    assert_eq!(
        problems[0]["pointer"],
        "/mechanicIntegrations/2/integrationDetails/name"
    );
    assert!(
        problems[0]["input"]
            .as_str()
            .unwrap()
            .starts_with("fixtures/har/firefox.har#1 GET ")
    );
    let reasons: Vec<String> = records_of(&output, "skipped")
        .iter()
        .map(|r| r["reason"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        reasons,
        [
            "status 401 is not a success; only bodies of 2xx responses are checked",
            "`GET /api/v2/mechanics/settings` is not a documented endpoint",
        ]
    );
}

/// A capture of `bodies`, each a GET of the endpoint answered 200.
fn capture(bodies: &[(&str, Option<&str>)]) -> String {
    let entries: Vec<serde_json::Value> = bodies
        .iter()
        .map(|(text, encoding)| {
            let mut content = serde_json::json!({"mimeType": "application/json", "text": text});
            if let Some(encoding) = encoding {
                content["encoding"] = (*encoding).into();
            }
            serde_json::json!({
                "request": {
                    "method": "GET",
                    "url": "http://127.0.0.1/api/v2/mechanics/mechanic_integrations"
                },
                "response": {"status": 200, "content": content}
            })
        })
        .collect();
    serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string()
}

#[test]
fn byte_order_marks_and_deep_nesting_in_bodies_are_handled_per_entry() {
    let example = std::fs::read(root().join("fixtures/regressions/utf8-bom.json")).unwrap();
    let with_bom = base64::engine::general_purpose::STANDARD.encode(&example);
    let depth = 100_000;
    let deep = format!(
        r#"{{"mechanicIntegrations": [{{"x": {}{}}}]}}"#,
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mixed.har");
    std::fs::write(
        &path,
        capture(&[
            (&with_bom, Some("base64")),
            (&deep, None),
            (&with_bom, Some("base64")),
        ]),
    )
    .unwrap();
    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "too-deep");
    assert!(
        problems[0]["input"]
            .as_str()
            .unwrap()
            .contains("mixed.har#1 GET")
    );
    let summary = summary(&output);
    assert_eq!(
        (summary["valid"].as_u64(), summary["not_checked"].as_u64()),
        (Some(2), Some(1))
    );
}

#[test]
fn files_that_are_not_captures_say_where_and_what_was_expected() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "no-log.har",
            r#"{"version": "1.2"}"#.to_owned(),
            "the HAR object has no `log` member",
            1,
        ),
        (
            "entries-not-array.har",
            "{\"log\": {\n  \"entries\": \"tok_FAKE_0401\"}}".to_owned(),
            "expected an array of entries, found a string",
            2,
        ),
        (
            "cut.har",
            capture(&[("{}", None)])[..60].to_owned(),
            "the file ends too early",
            1,
        ),
    ];
    for (name, text, reason, line) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let output = run(&[path.to_str().unwrap()]);
        assert_eq!(code(&output), 3, "{name}");
        let problem = &problems(&output)[0];
        assert_eq!(problem["problem"], "not-har", "{name}");
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(reason), "{name}: {message}");
        assert_eq!(problem["location"]["line"], line, "{name}");
    }
}

#[test]
fn entries_before_a_broken_one_are_still_reported() {
    let text = capture(&[("{\"mechanicIntegrations\": []}", None), ("{}", None)]);
    let cut = text.rfind("{\"request\"").unwrap() + 5;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.har");
    std::fs::write(&path, &text[..cut]).unwrap();
    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let summary = summary(&output);
    assert_eq!(
        (summary["valid"].as_u64(), summary["not_checked"].as_u64()),
        (Some(1), Some(1))
    );
}

#[test]
fn standard_input_can_be_a_capture() {
    let bytes = std::fs::read(root().join("fixtures/har/firefox.har")).unwrap();
    let output = crate::support::validate_with_stdin(
        &["--format", "json", "--input-format", "har", "-"],
        Some(&bytes),
    );
    assert_eq!(code(&output), 1);
    assert!(
        problems(&output)[0]["input"]
            .as_str()
            .unwrap()
            .starts_with("<stdin>#1 GET ")
    );
}
