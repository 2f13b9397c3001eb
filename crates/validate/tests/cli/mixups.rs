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
fn a_har_capture_read_as_a_response_is_named_and_not_checked() {
    let output = validate(&[
        "--format",
        "json",
        "--input-format",
        "json",
        "fixtures/har/firefox.har",
    ]);
    assert_eq!(code(&output), 3);
    let found = problems(&output);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["problem"], "is-har");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("`--input-format har`"), "{message}");

    // Beside responses that only lack the member, the capture alone is
    // named: the responses keep their own finding, with no word of HAR.
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let capture = std::fs::read(crate::support::root().join("fixtures/har/firefox.har")).unwrap();
    std::fs::write(dir.path().join("capture.json"), capture).unwrap();
    std::fs::write(dir.path().join("response.json"), r#"{"log": {}}"#).unwrap();
    let output = validate(&["--format", "json", dir.path().to_str().unwrap()]);
    let found = problems(&output);
    let kinds: Vec<(&str, &str)> = found
        .iter()
        .map(|p| {
            let input = p["input"].as_str().unwrap();
            let name = &input[input.rfind('/').map_or(0, |i| i + 1)..];
            (name, p["problem"].as_str().or(p["rule"].as_str()).unwrap())
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("capture.json", "is-har"),
            ("response.json", "required"),
            ("response.json", "drift")
        ]
    );
    let response = found.iter().find(|p| p["rule"] == "required").unwrap();
    assert!(response.get("hint").is_none(), "{response:#?}");
}
