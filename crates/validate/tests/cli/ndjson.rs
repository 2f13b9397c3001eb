//! NDJSON streams: one document per line, placed on the stream's lines.

use crate::support::{
    all_output, assert_no_secret, code, problems, records, root, summary, validate,
    validate_with_stdin,
};

/// The documented example on one line, with a planted secret.
fn line() -> String {
    let text = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .unwrap()
        .replace(r#""bar""#, r#""FAKE-pw-0501""#);
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    value.to_string()
}

/// A stream with a byte order mark, CRLF line ends, blank lines, a
/// violation on line 4, a syntax error on line 6 and a good last line
/// without a line break.
fn stream() -> Vec<u8> {
    let good = line();
    let broken =
        good.replacen(r#""oauth2""#, r#""x""#, 1)
            .replacen(r#""simple""#, r#""oauth3""#, 1);
    format!("\u{feff}{good}\r\n\r\n   \r\n{broken}\r\n\r\n{{\"mechanicIntegrations\": [\r\n{good}")
        .into_bytes()
}

#[test]
fn findings_are_placed_on_the_streams_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("calls.ndjson");
    std::fs::write(&path, stream()).unwrap();
    let path = path.to_str().unwrap();
    let output = validate(&["--format", "json", path]);
    assert_no_secret(&output, &["FAKE-pw"]);
    assert_eq!(code(&output), 3, "{}", all_output(&output));

    let inputs: Vec<(String, String)> = records(&output)
        .iter()
        .filter(|r| r["type"] == "input")
        .map(|r| {
            let input = r["input"].as_str().unwrap().replace(path, "F");
            (input, r["verdict"].as_str().unwrap().to_owned())
        })
        .collect();
    let expected = [
        ("F:1", "valid"),
        ("F:4", "invalid"),
        ("F:6", "not_checked"),
        ("F:7", "valid"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(inputs, expected);

    let problems = problems(&output);
    assert_eq!(problems[0]["rule"], "enum");
    assert_eq!(problems[0]["location"]["line"], 4);
    let column = problems[0]["location"]["column"].as_u64().unwrap();
    assert_eq!(problems[1]["problem"], "syntax");
    assert_eq!(problems[1]["location"]["line"], 6);

    let human = validate(&["--color", "never", path]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains(&format!("{path}:4:{column}: error[enum] ")),
        "{text}"
    );
    assert!(
        text.contains("\n4 | "),
        "the excerpt numbers the stream's line: {text}"
    );
}

#[test]
fn standard_input_is_read_as_ndjson_with_the_flag() {
    let output = validate_with_stdin(
        &["--format", "json", "--input-format", "ndjson", "-"],
        Some(&stream()),
    );
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems[0]["input"], "<stdin>:4");
    assert_eq!(problems[1]["input"], "<stdin>:6");
    let summary = summary(&output);
    assert_eq!(
        (summary["inputs"].as_u64(), summary["valid"].as_u64()),
        (Some(4), Some(2))
    );
}

#[test]
fn a_line_nested_too_deep_is_reported_and_the_next_is_checked() {
    let depth = 100_000;
    let deep = format!(r#"{{"a": {}{}}}"#, "[".repeat(depth), "]".repeat(depth));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.jsonl");
    std::fs::write(&path, format!("{deep}\n{}\n", line())).unwrap();
    let output = validate(&["--format", "json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "too-deep");
    assert_eq!(problems[0]["location"]["line"], 1);
    assert_eq!(summary(&output)["valid"], 1);
}

#[test]
fn a_stream_of_blank_lines_is_empty_not_valid() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("blank.ndjson");
    std::fs::write(&path, "\n\r\n  \n").unwrap();
    let output = validate(&["--format", "json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    assert_eq!(problems(&output)[0]["problem"], "empty");
}
