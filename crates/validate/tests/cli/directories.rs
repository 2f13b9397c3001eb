//! Directories: walked recursively, in a stable order, by extension.

use crate::support::{code, problems, records, root, summary, validate};

#[test]
fn directories_are_walked_in_sorted_order_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path();
    std::fs::create_dir_all(top.join("b/inner")).unwrap();
    std::fs::create_dir_all(top.join("a")).unwrap();
    let example = std::fs::read(root().join("fixtures/valid/documented-example.json")).unwrap();
    let one_line = serde_json::from_slice::<serde_json::Value>(&example)
        .unwrap()
        .to_string();
    std::fs::write(top.join("b/inner/z.json"), &example).unwrap();
    std::fs::write(
        top.join("b/calls.JSONL"),
        format!("{one_line}\n{one_line}\n"),
    )
    .unwrap();
    std::fs::write(top.join("a/notes.txt"), "not a response").unwrap();
    std::fs::copy(
        root().join("fixtures/har/no-bodies.har"),
        top.join("a/capture.har"),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/invalid/blank-name.json"),
        top.join("c.json"),
    )
    .unwrap();

    let output = validate(&["--format", "json", top.to_str().unwrap()]);
    assert_eq!(code(&output), 1);
    let top = top.to_str().unwrap();
    let seen: Vec<String> = records(&output)
        .iter()
        .filter(|r| r["type"] == "input" || r["type"] == "skipped")
        .map(|r| {
            let input = r["input"].as_str().unwrap().replace(top, "");
            input.split(' ').next().unwrap().to_owned()
        })
        .collect();
    assert_eq!(
        seen,
        [
            "/a/capture.har#0",
            "/a/capture.har#1",
            "/b/calls.JSONL:1",
            "/b/calls.JSONL:2",
            "/b/inner/z.json",
            "/c.json",
        ]
    );
    let summary = summary(&output);
    assert_eq!(
        (
            summary["inputs"].as_u64(),
            summary["skipped"].as_u64(),
            summary["valid"].as_u64()
        ),
        (Some(4), Some(2), Some(3))
    );
}

#[test]
fn an_empty_directory_is_not_a_pass() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("nothing here")).unwrap();
    std::fs::write(dir.path().join("README.md"), "# notes").unwrap();
    let output = validate(&["--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0]["problem"], "nothing-found");
    assert_eq!(problems[0]["input"], dir.path().to_str().unwrap());
    let message = problems[0]["message"].as_str().unwrap();
    assert!(message.contains("holds no response files"), "{message}");
}
