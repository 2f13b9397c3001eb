//! Checking on several threads: the report keeps the input order, NDJSON
//! findings keep their lines, and the progress line stays off pipes.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::support::{code, records, records_of, root, stderr, stdout, validate};

/// Fixtures with a known verdict and, for invalid ones, the rule of their
/// first finding.
const KINDS: &[(&str, &str, Option<&str>)] = &[
    ("valid/documented-example.json", "valid", None),
    (
        "invalid/enum-authentication-type.json",
        "invalid",
        Some("enum"),
    ),
    ("malformed/truncated.json", "not_checked", None),
    (
        "invalid/duplicate-key.json",
        "invalid",
        Some("duplicate-key"),
    ),
    ("valid/empty-list.json", "valid", None),
    (
        "invalid/integer-with-fraction.json",
        "invalid",
        Some("model-mismatch"),
    ),
    ("drift/undocumented-members.json", "valid", Some("drift")),
    ("malformed/empty.json", "not_checked", None),
];

/// 120 files cycling through the kinds, named so that their order is the
/// order of the kinds.
fn corpus() -> (tempfile::TempDir, Vec<(String, usize)>) {
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let files = (0..120)
        .map(|i| {
            let kind = (i * 5) % KINDS.len();
            let bytes = std::fs::read(root().join("fixtures").join(KINDS[kind].0))
                .expect("the fixture exists");
            let path = dir.path().join(format!("r{i:04}.json"));
            std::fs::write(&path, bytes).expect("the copy can be written");
            (path.to_string_lossy().into_owned(), kind)
        })
        .collect();
    (dir, files)
}

/// The JSON report without its summary, whose elapsed time varies.
fn without_summary(output: &std::process::Output) -> Vec<Value> {
    records(output)
        .into_iter()
        .filter(|r| r["type"] != "summary")
        .collect()
}

#[test]
fn many_files_are_reported_in_input_order_whatever_the_threads() {
    let (dir, files) = corpus();
    let folder = dir.path().to_str().expect("the temporary path is UTF-8");
    let one = validate(&["--format", "json", "--jobs", "1", folder]);
    let four = validate(&["--format", "json", "--jobs", "4", folder]);
    assert_eq!(code(&one), 3, "{}", stderr(&one));
    assert_eq!(code(&four), 3, "{}", stderr(&four));

    let inputs = records_of(&four, "input");
    let names: Vec<&str> = inputs
        .iter()
        .map(|r| r["input"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = files.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(names, expected);
    for (record, (_, kind)) in inputs.iter().zip(&files) {
        assert_eq!(record["verdict"], KINDS[*kind].1, "{record}");
    }

    // Each input's first finding is its fixture's, and follows its input
    // record directly.
    let all = without_summary(&four);
    for (at, record) in all.iter().enumerate() {
        if record["type"] != "input" {
            continue;
        }
        let kind = files
            .iter()
            .find(|(path, _)| record["input"] == path.as_str())
            .map(|(_, kind)| *kind)
            .expect("every input is one of the files");
        if let Some(rule) = KINDS[kind].2 {
            let next = &all[at + 1];
            assert_eq!(next["type"], "finding", "{next}");
            assert_eq!(next["input"], record["input"]);
            assert_eq!(next["rule"], rule, "{next}");
        }
    }

    assert_eq!(
        all,
        without_summary(&one),
        "four threads report as one does"
    );
    let human_one = validate(&["--color", "never", "-j", "1", folder]);
    let human_four = validate(&["--color", "never", "-j", "4", folder]);
    // The summary line's elapsed time is the one thing allowed to differ.
    let strip = |text: String| {
        text.lines()
            .map(|line| match line.split_once(" in ") {
                Some((head, tail)) if tail.contains("s: ") => {
                    format!(
                        "{head} in [ELAPSED]{}",
                        &tail[tail.find("s: ").unwrap() + 1..]
                    )
                }
                _ => line.to_owned(),
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(stdout(&human_four)), strip(stdout(&human_one)));
}

/// The documented example on one line, with its enum broken when asked.
fn line(broken: bool) -> String {
    let text = std::fs::read_to_string(root().join("fixtures/valid/documented-example.json"))
        .expect("the fixture exists");
    let value: Value = serde_json::from_str(&text).expect("the fixture is JSON");
    let line = value.to_string();
    if broken {
        line.replacen(r#""simple""#, r#""oauth3""#, 1)
    } else {
        line
    }
}

#[test]
fn ndjson_findings_keep_their_lines_on_many_threads() {
    let good = line(false);
    let bad = line(true);
    let mut text = String::new();
    let mut expected = Vec::new();
    for number in 1..=400_u64 {
        if number % 50 == 0 {
            text.push('\n');
            continue;
        }
        let broken = number % 7 == 3;
        text.push_str(if broken { &bad } else { &good });
        text.push('\n');
        expected.push((number, broken));
    }
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let path = dir.path().join("calls.ndjson");
    std::fs::write(&path, text).expect("the stream can be written");
    let path = path.to_str().expect("the temporary path is UTF-8");

    let output = validate(&["--format", "json", "--jobs", "3", path]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let inputs: Vec<(u64, bool)> = records_of(&output, "input")
        .iter()
        .map(|r| {
            let name = r["input"].as_str().unwrap();
            let number = name.rsplit(':').next().unwrap().parse().unwrap();
            (number, r["verdict"] == "invalid")
        })
        .collect();
    assert_eq!(inputs, expected);
    let findings = records_of(&output, "finding");
    let lines: Vec<u64> = findings
        .iter()
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    let broken: Vec<u64> = expected.iter().filter(|e| e.1).map(|e| e.0).collect();
    assert_eq!(lines, broken);
    assert!(findings.iter().all(|f| f["rule"] == "enum"));
}

#[test]
fn no_progress_line_reaches_a_pipe_even_on_a_slow_stream() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args(["--input-format", "ndjson", "--color", "never", "-"])
        .current_dir(root())
        // Not in CI as far as the tool can tell: only the pipe keeps the
        // line away.
        .env_remove("CI")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the validate binary starts");
    let mut input = child.stdin.take().expect("stdin was piped");
    writeln!(input, "{}", line(false)).expect("the first line is taken");
    // Longer than the progress line waits before it appears.
    std::thread::sleep(Duration::from_millis(900));
    writeln!(input, "{}", line(true)).expect("the second line is taken");
    drop(input);
    let output = child
        .wait_with_output()
        .expect("the validate binary finishes");

    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
    assert!(!err.contains("inputs,"), "{err:?}");
    let out = stdout(&output);
    assert!(!out.contains('\r') && !out.contains('\u{1b}'), "{out:?}");
    assert!(out.contains("<stdin>:2:"), "{out}");
}

#[test]
fn documents_nested_to_the_depth_limit_are_checked_on_the_worker_threads() {
    // The parser's limit of 256 nested containers: the object and 255
    // lists, all of it walked on a checking thread.
    let depth = 255;
    let nested = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
    let text = format!(r#"{{"mechanicIntegrations": [], "extra": {nested}}}"#);
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let path = dir.path().join("deep.json");
    std::fs::write(&path, &text).expect("the file can be written");
    let path = path.to_str().expect("the temporary path is UTF-8");
    for jobs in ["1", "2"] {
        let output = validate(&["--format", "json", "--jobs", jobs, path]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
        let findings = records_of(&output, "finding");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0]["rule"], "drift");
        assert_eq!(findings[0]["pointer"], "/extra");
    }
}

#[test]
fn a_recursive_schema_is_followed_to_the_depth_limit_on_the_worker_threads() {
    let schema = r##"{"properties": {"extra": {"$ref": "#/$defs/list"}},
        "$defs": {"list": {"type": ["array", "integer"], "items": {"$ref": "#/$defs/list"}}}}"##;
    let depth = 255;
    let nested = format!("{}\"leaf\"{}", "[".repeat(depth), "]".repeat(depth));
    let text = format!(r#"{{"mechanicIntegrations": [], "extra": {nested}}}"#);
    let dir = tempfile::tempdir().expect("a temporary folder can be made");
    let schema_path = dir.path().join("schema.json");
    std::fs::write(&schema_path, schema).expect("the schema can be written");
    let path = dir.path().join("deep.json");
    std::fs::write(&path, &text).expect("the file can be written");
    let (schema_path, path) = (schema_path.to_str().unwrap(), path.to_str().unwrap());
    let output = validate(&["--format", "json", "--schema", schema_path, path]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let findings = records_of(&output, "finding");
    let pointer = format!("/extra{}", "/0".repeat(depth));
    assert!(
        findings
            .iter()
            .any(|f| f["rule"] == "type" && f["pointer"] == pointer.as_str()),
        "{findings:?}"
    );
}
