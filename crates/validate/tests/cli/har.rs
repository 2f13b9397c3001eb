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

/// The line and column, 1-based, of the first `needle` in `text`.
fn place_of(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("the capture holds the needle");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    (
        text[..at].matches('\n').count() + 1,
        text[line_start..at].chars().count() + 1,
    )
}

#[test]
fn a_malformed_entry_is_not_checked_on_its_own_and_later_entries_are() {
    let example = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(r#""bar""#, r#""FAKE-pw-0901""#);
    let broken = example.replacen(r#""simple""#, r#""oauth3""#, 1);
    let mut value: serde_json::Value = serde_json::from_str(&capture(&[
        (&example, None),
        (&example, None),
        (&example, None),
        (&broken, None),
    ]))
    .unwrap();
    // Written as text, as some tools do; serde called it "expected i64".
    value["log"]["entries"][1]["response"]["status"] = "200".into();
    let text = serde_json::to_string_pretty(&value).unwrap();
    let (line, column) = place_of(&text, r#""200""#);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("status-as-text.har");
    std::fs::write(&path, &text).unwrap();

    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 3, "{}", all_output(&output));
    let problems = problems(&output);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    let entry = &problems[0];
    assert_eq!(entry["problem"], "har-entry");
    assert!(
        entry["input"].as_str().unwrap().ends_with(
            "status-as-text.har#1 GET http://127.0.0.1/api/v2/mechanics/mechanic_integrations (0)"
        ),
        "{entry}"
    );
    let message = entry["message"].as_str().unwrap();
    assert_eq!(
        message,
        format!(
            "the input is not a usable HAR entry: expected an integer at `response.status`, \
             found a string (line {line}, column {column} of the capture)"
        )
    );
    // The entries after it are read and checked: 2 is valid, 3 breaks the
    // contract where it should.
    assert_eq!(problems[1]["rule"], "enum");
    assert!(
        problems[1]["input"]
            .as_str()
            .unwrap()
            .contains("status-as-text.har#3 GET ")
    );
    let summary = summary(&output);
    assert_eq!(
        (
            summary["valid"].as_u64(),
            summary["with_violations"].as_u64(),
            summary["not_checked"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
}

#[test]
fn each_kind_of_malformed_entry_says_what_was_expected_and_where() {
    let url = "https://h.test/api/v2/mechanics/mechanic_integrations";
    let entries = [
        (
            serde_json::json!([1, 2]),
            "expected the entry to be an object, found an array",
        ),
        (
            serde_json::json!(null),
            "expected the entry to be an object, found null",
        ),
        (
            serde_json::json!({"request": "GET /"}),
            "expected an object at `request`, found a string",
        ),
        (
            serde_json::json!({"request": {"method": "GET", "url": 7}}),
            "expected a string at `request.url`, found a number",
        ),
        (
            serde_json::json!({"request": {"method": "GET", "url": url},
                "response": {"status": 200.5}}),
            "expected an integer at `response.status`, found a number with a fraction",
        ),
        (
            serde_json::json!({"request": {"method": "GET", "url": url},
                "response": {"status": 200, "content": {"text": ["{}"]}}}),
            "expected a string at `response.content.text`, found an array",
        ),
    ];
    let capture = serde_json::json!({"log": {"entries": entries
        .iter()
        .map(|(entry, _)| entry.clone())
        .collect::<Vec<_>>()}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shapes.har");
    std::fs::write(&path, capture.to_string()).unwrap();

    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), entries.len(), "{problems:#?}");
    for (index, (problem, (_, expected))) in problems.iter().zip(&entries).enumerate() {
        assert_eq!(problem["problem"], "har-entry", "entry {index}");
        assert!(
            problem["input"]
                .as_str()
                .unwrap()
                .contains(&format!("shapes.har#{index} ")),
            "{problem}"
        );
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(expected), "entry {index}: {message}");
        assert!(
            message.contains("(line 1, column "),
            "entry {index}: {message}"
        );
        for serde_words in ["i64", "struct", "invalid type", "sequence"] {
            assert!(!message.contains(serde_words), "entry {index}: {message}");
        }
    }
}

#[test]
fn a_malformed_entry_for_another_request_is_only_skipped() {
    let capture = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET", "url": "https://h.test/api/v2/mechanics/settings"},
         "response": {"status": "200"}},
        {"request": {"method": "GET",
            "url": "https://h.test/api/v2/mechanics/mechanic_integrations"},
         "response": {"status": 200, "content": {"text": "{\"mechanicIntegrations\": []}"}}},
    ]}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.har");
    std::fs::write(&path, capture.to_string()).unwrap();
    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    let skipped = records_of(&output, "skipped");
    assert_eq!(skipped.len(), 1);
    assert_eq!(
        skipped[0]["reason"],
        "`GET /api/v2/mechanics/settings` is not a documented endpoint"
    );
}

#[test]
fn the_endpoint_recorded_by_save_wins_over_the_path() {
    let body = "{\"mechanicIntegrations\": []}";
    let capture = serde_json::json!({"log": {"entries": [
        {"request": {"method": "GET", "url": "http://127.0.0.1/proxy/mi"},
         "response": {"status": 200, "content": {"text": body}},
         "_endpoint": "mechanic_integrations"},
        {"request": {"method": "GET",
            "url": "http://127.0.0.1/api/v2/mechanics/mechanic_integrations"},
         "response": {"status": 200, "content": {"text": body}},
         "_endpoint": "retired_endpoint"},
        {"request": {"method": "GET", "url": "http://127.0.0.1/proxy/mi"},
         "response": {"status": 200, "content": {"size": 12, "_withheld": true}},
         "_endpoint": "mechanic_integrations"},
    ]}});
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.har");
    std::fs::write(&path, capture.to_string()).unwrap();
    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 3, "{}", all_output(&output));
    let inputs = records_of(&output, "input");
    assert_eq!(inputs[0]["verdict"], "valid", "{inputs:#?}");
    let skipped = records_of(&output, "skipped");
    assert_eq!(
        skipped[0]["reason"],
        "it was saved as a response of the `retired_endpoint` endpoint, which this version \
         does not know"
    );
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "withheld");
    assert!(
        problems[0]["input"]
            .as_str()
            .unwrap()
            .contains("saved.har#2 GET ")
    );
}

#[test]
fn a_capture_saved_with_a_byte_order_mark_is_read() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(capture(&[("{\"mechanicIntegrations\": []}", None)]).as_bytes());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bom.har");
    std::fs::write(&path, bytes).unwrap();
    let output = run(&[path.to_str().unwrap()]);
    assert_eq!(code(&output), 0, "{}", all_output(&output));
    assert_eq!(summary(&output)["valid"], 1);
}
