//! Inputs of one format read as another: each mix-up is named, with the
//! option that reads the input right.

use crate::support::{code, problems, stderr, validate, validate_with_stdin};

#[test]
fn a_pretty_document_read_as_ndjson_is_named_once() {
    let output = validate(&[
        "--input-format",
        "ndjson",
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 3);
    let stderr = stderr(&output);
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|line| line.contains("pretty-printed"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(
        notes[0].contains("documented-example.json:1:"),
        "{}",
        notes[0]
    );
    assert!(notes[0].contains("`--input-format json`"), "{}", notes[0]);
}

#[test]
fn a_stream_whose_first_line_is_a_document_gets_no_such_note() {
    let stream = b"{\"mechanicIntegrations\": []}\n{\n";
    let output = validate_with_stdin(&["--input-format", "ndjson", "-"], Some(stream));
    assert_eq!(code(&output), 3);
    assert!(
        !stderr(&output).contains("pretty-printed"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn ndjson_read_as_one_document_is_named() {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let path = dir.path().join("capture.json");
    let line = "{\"mechanicIntegrations\": []}\n";
    std::fs::write(&path, line.repeat(3)).expect("the file can be written");
    let path = path.to_str().expect("temporary paths are UTF-8");

    let output = validate(&["--format", "json", path]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "syntax");
    assert_eq!(problems[0]["location"]["line"], 2);
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.contains("`--input-format ndjson`"), "{message}");

    // Read as what it is, it is three valid responses.
    assert_eq!(code(&validate(&["--input-format", "ndjson", path])), 0);
}

#[test]
fn a_har_capture_read_as_a_response_is_named() {
    let output = validate(&[
        "--format",
        "json",
        "--input-format",
        "json",
        "fixtures/har/firefox.har",
    ]);
    assert_eq!(code(&output), 1);
    let findings = problems(&output);
    let required: Vec<_> = findings
        .iter()
        .filter(|p| p["rule"] == "required")
        .collect();
    assert_eq!(required.len(), 1, "{findings:#?}");
    assert_eq!(required[0]["pointer"], "/mechanicIntegrations");
    let hint = required[0]["hint"].as_str().unwrap();
    assert!(hint.contains("`--input-format har`"), "{hint}");

    // A response that only lacks the member gets no such hint.
    let output = validate_with_stdin(&["--format", "json", "-"], Some(b"{\"log\": {}}"));
    let found = problems(&output);
    assert!(!found.is_empty());
    assert!(found.iter().all(|p| p.get("hint").is_none()), "{found:#?}");
}
