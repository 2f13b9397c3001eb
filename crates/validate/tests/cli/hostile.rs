//! Inputs other tools choke on: each gets a located, plain reason, and the
//! run goes on.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use crate::support::{code, problems, root, validate};

fn write(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

/// File name, bytes, problem kind, place, words the message must hold.
type Case<'a> = (&'a str, &'a [u8], &'a str, Option<(u64, u64)>, &'a str);

#[test]
fn each_broken_input_has_a_place_and_a_reason_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [Case; 7] = [
        (
            "binary.bin",
            b"\x89PNG\r\n\x1a\n\x00\x00",
            "invalid-utf8",
            Some((1, 1)),
            "not valid UTF-8",
        ),
        (
            "nul.json",
            b"{\"a\": \x00}",
            "syntax",
            Some((1, 7)),
            "U+0000",
        ),
        (
            "surrogate.json",
            b"{\"mechanicIntegrations\": [\"\\udc00\"]}",
            "syntax",
            Some((1, 28)),
            "`\\udc00` is half of a UTF-16 surrogate pair",
        ),
        (
            "latin1.json",
            b"{\"name\": \"K\xf8benhavn\"}",
            "invalid-utf8",
            Some((1, 12)),
            "UTF-8",
        ),
        (
            "utf32.json",
            b"\xFF\xFE\x00\x00{\x00\x00\x00",
            "wrong-encoding",
            None,
            "UTF-32LE",
        ),
        ("blank.json", b"  \n\t ", "empty", None, "is empty"),
        (
            "unclosed.json",
            b"{\"mechanicIntegrations\": [",
            "syntax",
            Some((1, 27)),
            "EOF",
        ),
    ];
    let mut args = vec!["--format".to_owned(), "json".to_owned()];
    for (name, bytes, ..) in &cases {
        args.push(write(&dir, name, bytes));
    }
    args.push("fixtures/valid/documented-example.json".to_owned());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = validate(&args);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), cases.len());
    for ((name, _, kind, place, words), problem) in cases.iter().zip(&problems) {
        assert!(
            problem["input"].as_str().unwrap().ends_with(name),
            "{problem}"
        );
        assert_eq!(problem["problem"], *kind, "{name}");
        if let Some((line, column)) = place {
            assert_eq!(problem["location"]["line"], *line, "{name}");
            assert_eq!(problem["location"]["column"], *column, "{name}");
        }
        let message = problem["message"].as_str().unwrap();
        assert!(message.contains(words), "{name}: {message}");
    }
    let summary = crate::support::records(&output).pop().unwrap();
    assert_eq!(
        summary["valid"], 1,
        "the good input after the bad ones was checked"
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    // Enough output to fill the pipe: every invalid fixture many times.
    let mut args = vec!["--color".to_owned(), "never".to_owned()];
    let invalid = root().join("fixtures/invalid");
    for _ in 0..200 {
        for entry in std::fs::read_dir(&invalid).unwrap() {
            args.push(entry.unwrap().path().to_str().unwrap().to_owned());
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.contains("error["), "{first}");
    // Dropping the reader closes the pipe while validate is still writing.
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.is_empty(), "no panic or error message: {stderr}");
    assert_eq!(
        output.status.code(),
        Some(1),
        "the verdict so far: violations"
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_the_limit() {
    // A sparse file: its length is past the limit, yet it takes no disk.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(validate::input::MAX_DOCUMENT_BYTES + 1)
        .unwrap();
    let output = validate(&["--format", "json", path.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems[0]["problem"], "too-large");
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.contains("256 MiB"), "{message}");
}
