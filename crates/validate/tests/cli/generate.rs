//! `validate generate`: determinism, formats, sizes, breakages fed back to
//! `validate`, and usage errors.

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use mechanics_model::strategies::Breakage;
use serde_json::Value;
use validate::generate::{Corpus, ORIGIN};

use crate::support::{
    code, records, records_of, root, snapshot_settings, summary, validate, validate_with_stdin,
};

fn generate(args: &[&str]) -> std::process::Output {
    let mut all = vec!["generate"];
    all.extend_from_slice(args);
    validate(&all)
}

fn stdout_text(output: &std::process::Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("generated output is UTF-8")
}

fn ndjson(args: &[&str]) -> Vec<Value> {
    let output = generate(args);
    assert_eq!(
        code(&output),
        0,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout_text(&output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

fn sorted_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

fn path_arg(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

fn integrations(payload: &Value) -> usize {
    payload["mechanicIntegrations"].as_array().unwrap().len()
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_payload_n_ignores_the_count() {
    let args = ["--count", "6", "--seed", "42", "--integrations", "0..4"];
    let first = generate(&args);
    let again = generate(&args);
    assert_eq!(code(&first), 0);
    assert_eq!(first.stdout, again.stdout);
    assert_eq!(stdout_text(&first).lines().count(), 6);

    let fewer = generate(&["--count", "3", "--seed", "42", "--integrations", "0..4"]);
    let first_text = stdout_text(&first);
    let first_three: Vec<&str> = first_text.lines().take(3).collect();
    assert_eq!(stdout_text(&fewer).lines().collect::<Vec<_>>(), first_three);

    let other = generate(&["--count", "6", "--seed", "43", "--integrations", "0..4"]);
    assert_ne!(first.stdout, other.stdout);
}

#[test]
fn proptest_settings_in_the_environment_change_nothing() {
    let args = [
        "generate",
        "--count",
        "5",
        "--seed",
        "4",
        "--integrations",
        "0..6",
    ];
    let run = |vars: &[(&str, &str)]| {
        let output = Command::new(env!("CARGO_BIN_EXE_validate"))
            .args(args)
            .envs(vars.iter().copied())
            .current_dir(root())
            .output()
            .unwrap();
        assert_eq!(code(&output), 0);
        output.stdout
    };
    let plain = run(&[]);
    let tuned = run(&[
        ("PROPTEST_RNG_ALGORITHM", "xs"),
        ("PROPTEST_RNG_SEED", "5"),
        ("PROPTEST_MAX_DEFAULT_SIZE_RANGE", "2"),
        ("PROPTEST_CASES", "1"),
    ]);
    assert_eq!(plain, tuned);
}

#[test]
fn the_binary_writes_what_the_library_corpus_holds() {
    let payloads = ndjson(&["--count", "5", "--seed", "11", "--integrations", "1..3"]);
    let corpus = Corpus::new(11, 1..3, None).documented_only();
    for (index, payload) in payloads.iter().enumerate() {
        assert_eq!(
            *payload,
            corpus.get(index as u64).unwrap().payload,
            "{index}"
        );
    }
}

#[test]
fn responses_drift_only_when_asked_to() {
    let args = ["--count", "40", "--seed", "9", "--integrations", "2..5"];
    let check = |stream: &[u8]| {
        let args = ["--format", "json", "--input-format", "ndjson", "-"];
        validate_with_stdin(&args, Some(stream))
    };

    let plain = check(&generate(&args).stdout);
    assert_eq!(code(&plain), 0);
    let counts = summary(&plain);
    assert_eq!(
        (counts["valid"].as_u64(), counts["with_drift"].as_u64()),
        (Some(40), Some(0))
    );

    let drifting = check(&generate(&[&args[..], &["--drift"]].concat()).stdout);
    // Drift is a warning: the run still passes.
    assert_eq!(code(&drifting), 0);
    assert!(summary(&drifting)["with_drift"].as_u64() > Some(10));
    let findings = records_of(&drifting, "finding");
    assert!(!findings.is_empty());
    for finding in findings {
        assert_eq!(finding["rule"], "drift");
        let pointer = finding["pointer"].as_str().unwrap();
        assert!(
            pointer.contains("/integrationDetails/features/supports"),
            "{pointer}"
        );
    }
}

#[test]
fn json_files_are_numbered_complete_and_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus");
    let output = generate(&[
        "--count",
        "12",
        "--seed",
        "5",
        "--integrations",
        "0..6",
        "--format",
        "json",
        "--out",
        path_arg(&out),
    ]);
    assert_eq!(code(&output), 0);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("wrote 12 responses to"), "{stderr}");

    let files = sorted_files(&out);
    let names: Vec<String> = files
        .iter()
        .map(|f| f.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let expected: Vec<String> = (0..12).map(|i| format!("response-{i:04}.json")).collect();
    assert_eq!(names, expected, "no temporary file is left behind");

    let mut args = vec!["--format", "json"];
    args.extend(files.iter().map(|f| path_arg(f)));
    let checked = validate(&args);
    assert_eq!(code(&checked), 0, "{}", stdout_text(&checked));
    let summary = records(&checked).pop().unwrap();
    assert_eq!(summary["valid"], 12);
}

#[test]
fn every_format_holds_the_same_payloads() {
    let dir = tempfile::tempdir().unwrap();
    let common = ["--count", "4", "--seed", "8", "--integrations", "0..5"];
    let lines = ndjson(&common);

    let files_dir = dir.path().join("files");
    let mut args = common.to_vec();
    args.extend(["--format", "json", "--out", path_arg(&files_dir)]);
    assert_eq!(code(&generate(&args)), 0);
    let files: Vec<Value> = sorted_files(&files_dir)
        .iter()
        .map(|f| serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap())
        .collect();

    let har_path = dir.path().join("corpus.har");
    let mut args = common.to_vec();
    args.extend(["--format", "har", "--out", path_arg(&har_path)]);
    assert_eq!(code(&generate(&args)), 0);
    let har: Value = serde_json::from_slice(&std::fs::read(&har_path).unwrap()).unwrap();
    let entries: Vec<Value> = har["log"]["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| serde_json::from_str(e["response"]["content"]["text"].as_str().unwrap()).unwrap())
        .collect();

    assert_eq!(lines.len(), 4);
    assert_eq!(files, lines);
    assert_eq!(entries, lines);
}

#[test]
fn the_har_archive_follows_har_1_2_and_holds_no_authorization() {
    let output = generate(&["--count", "3", "--seed", "2", "--format", "har"]);
    assert_eq!(code(&output), 0);
    let har: Value = serde_json::from_slice(&output.stdout).unwrap();
    let log = &har["log"];
    assert_eq!(log["version"], "1.2");
    assert_eq!(log["creator"]["name"], "validate");
    assert!(log["creator"]["version"].is_string());
    let entries = log["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 3);
    for (index, entry) in entries.iter().enumerate() {
        assert!(entry["startedDateTime"].as_str().unwrap().ends_with('Z'));
        assert!(entry["time"].is_number() && entry["cache"].is_object());
        for timing in ["send", "wait", "receive"] {
            assert!(entry["timings"][timing].is_number(), "{timing}");
        }
        let request = &entry["request"];
        assert_eq!(request["method"], "GET");
        assert_eq!(
            request["url"],
            format!("{ORIGIN}/api/v2/mechanics/mechanic_integrations")
        );
        for list in ["cookies", "headers", "queryString"] {
            assert!(request[list].is_array(), "{list}");
        }
        let response = &entry["response"];
        assert_eq!(response["status"], 200);
        assert_eq!(response["statusText"], "OK");
        assert_eq!(response["redirectURL"], "");
        let content = &response["content"];
        assert_eq!(content["mimeType"], "application/json");
        let text = content["text"].as_str().unwrap();
        assert_eq!(content["size"], text.len());
        assert_eq!(response["bodySize"], text.len());
        serde_json::from_str::<Value>(text).unwrap();
        for headers in [&request["headers"], &response["headers"]] {
            for header in headers.as_array().unwrap() {
                let name = header["name"].as_str().unwrap();
                assert!(!name.eq_ignore_ascii_case("authorization"), "entry {index}");
            }
        }
    }
    let text = stdout_text(&output);
    assert!(!text.to_ascii_lowercase().contains("authorization"));
}

#[test]
fn a_small_har_archive_reads_as_expected() {
    let output = generate(&["--count", "2", "--integrations", "0", "--format", "har"]);
    assert_eq!(code(&output), 0);
    let mut settings = snapshot_settings();
    settings.add_filter(
        r#""creator":\{"name":"validate","version":"[^"]+"\}"#,
        r#""creator":{"name":"validate","version":"[VERSION]"}"#,
    );
    settings.bind(|| {
        insta::assert_snapshot!("generate-har-empty-lists", stdout_text(&output));
    });
}

#[test]
fn sizes_are_kept() {
    for payload in ndjson(&["--count", "10", "--integrations", "3"]) {
        assert_eq!(integrations(&payload), 3);
    }
    let seen: BTreeSet<usize> = ndjson(&["--count", "40", "--integrations", "2..=4"])
        .iter()
        .map(integrations)
        .collect();
    assert_eq!(seen, BTreeSet::from([2, 3, 4]));
    let seen: BTreeSet<usize> = ndjson(&["--count", "40", "--integrations", "0..2"])
        .iter()
        .map(integrations)
        .collect();
    assert_eq!(seen, BTreeSet::from([0, 1]));
}

#[test]
fn every_breakage_gives_exactly_its_finding_when_fed_back() {
    let dir = tempfile::tempdir().unwrap();
    let (count, seed, sizes) = (5, 9, "2..5");
    let mut expected = Vec::new();
    for breakage in Breakage::ALL {
        let out = dir.path().join(breakage.name());
        let output = generate(&[
            "--break",
            breakage.name(),
            "--count",
            &count.to_string(),
            "--seed",
            &seed.to_string(),
            "--integrations",
            sizes,
            "--format",
            "json",
            "--out",
            path_arg(&out),
        ]);
        assert_eq!(code(&output), 0, "{breakage:?}");
        let corpus = Corpus::new(seed, 2..5, Some(breakage));
        for (index, file) in sorted_files(&out).into_iter().enumerate() {
            let pointer = corpus.get(index as u64).unwrap().broken_at.unwrap();
            expected.push((file, breakage, pointer));
        }
    }
    assert_eq!(expected.len(), Breakage::ALL.len() * count);

    let mut args = vec!["--format", "json"];
    args.extend(expected.iter().map(|(file, ..)| path_arg(file)));
    let output = validate(&args);
    assert_eq!(code(&output), 1);
    let records = records(&output);
    for (file, breakage, pointer) in &expected {
        let input = path_arg(file);
        let findings: Vec<&Value> = records
            .iter()
            // Undocumented feature flags in generated payloads are drift
            // warnings; the breakage is the one violation.
            .filter(|r| r["type"] == "finding" && r["input"] == input && r["severity"] == "error")
            .collect();
        assert_eq!(findings.len(), 1, "{breakage:?} in {input}: {findings:#?}");
        let finding = findings[0];
        assert_eq!(finding["rule"], breakage.rule(), "{breakage:?} in {input}");
        assert_eq!(
            finding["pointer"],
            pointer.as_str(),
            "{breakage:?} in {input}"
        );
        assert!(finding["location"]["line"].as_u64().unwrap() > 1, "{input}");
    }
}

#[test]
fn without_integrations_a_break_gets_as_many_as_it_needs() {
    for (rule, least) in [("duplicate-name", 2), ("enum", 1)] {
        let payloads = ndjson(&["--break", rule, "--count", "30"]);
        let sizes: BTreeSet<usize> = payloads.iter().map(integrations).collect();
        assert_eq!(sizes.first(), Some(&least), "{rule}: {sizes:?}");
        assert!(
            sizes.last().is_some_and(|most| *most <= 7),
            "{rule}: {sizes:?}"
        );
    }
    let sizes: BTreeSet<usize> = ndjson(&["--count", "60"])
        .iter()
        .map(integrations)
        .collect();
    assert_eq!(sizes, (0..8).collect());
}

#[test]
fn generated_credentials_are_fake_and_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for breakage in ["credential-not-string", "wrong-type", "fractional-id"] {
        let out = dir.path().join(breakage);
        let output = generate(&[
            "--break",
            breakage,
            "--count",
            "6",
            "--seed",
            "3",
            "--integrations",
            "2..4",
            "--format",
            "json",
            "--out",
            path_arg(&out),
        ]);
        assert_eq!(code(&output), 0);
        files.extend(sorted_files(&out));
    }
    let planted = files
        .iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .filter(|text| text.contains("FAKE-pw-") || text.contains("tok_FAKE_"))
        .count();
    assert!(
        planted >= 6,
        "the corpus plants fake secrets in {planted} files"
    );

    for format in ["human", "json"] {
        for color in ["never", "always"] {
            let mut args = vec!["--format", format, "--color", color];
            args.extend(files.iter().map(|f| path_arg(f)));
            let output = validate(&args);
            assert_eq!(code(&output), 1);
            for stream in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(stream);
                for secret in ["FAKE-pw-", "tok_FAKE_"] {
                    assert!(
                        !text.contains(secret),
                        "{format}/{color} shows {secret}:\n{text}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_validate"))
        .args(["generate", "--count", "1000000", "--integrations", "1"])
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("{\"mechanicIntegrations\":"), "{first}");
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), 0);
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn a_stream_to_a_file_replaces_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("corpus.ndjson");
    std::fs::write(&out, "old\n").unwrap();
    let output = generate(&["--count", "7", "--out", path_arg(&out)]);
    assert_eq!(code(&output), 0);
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 7);
    assert!(!text.contains("old"));
    assert_eq!(sorted_files(dir.path()), [out]);
}

#[test]
fn usage_errors_say_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let unwritable = dir.path().join("missing-folder").join("corpus.har");
    let cases: [(Vec<&str>, &str); 9] = [
        (vec!["--integrations", "5..2"], "`5..2` is empty"),
        (
            vec!["--integrations", "lots"],
            "expected `N`, `A..B` or `A..=B`",
        ),
        (
            vec!["--integrations", "200000"],
            "beyond 100000 integrations",
        ),
        (vec!["--format", "json"], "name the folder with `--out DIR`"),
        (
            vec!["--break", "duplicate-name", "--integrations", "1..4"],
            "`--break duplicate-name` needs at least 2 integrations per response",
        ),
        (
            vec!["--break", "null", "--integrations", "0..4"],
            "`--break null` needs at least one integration per response",
        ),
        (vec!["--break", "nope"], "possible values: missing-required"),
        (
            vec!["--format", "har", "--out", path_arg(&unwritable)],
            "failed to write",
        ),
        (
            vec!["--format", "ndjson", "--out", path_arg(dir.path())],
            "it is a folder",
        ),
    ];
    for (args, says) in cases {
        let output = generate(&args);
        assert_eq!(code(&output), 2, "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn help_lists_every_breakage_with_its_rule() {
    let output = generate(&["--help"]);
    assert_eq!(code(&output), 0);
    let help = stdout_text(&output);
    let lines: Vec<&str> = help.lines().collect();
    for breakage in Breakage::ALL {
        let at = lines
            .iter()
            .position(|line| {
                line.trim_start()
                    .starts_with(&format!("- {}:", breakage.name()))
            })
            .unwrap_or_else(|| panic!("{} is not listed:\n{help}", breakage.name()));
        // A long entry wraps onto the next line.
        let entry = format!("{} {}", lines[at], lines.get(at + 1).unwrap_or(&""));
        let entry = entry.split_whitespace().collect::<Vec<_>>().join(" ");
        let rule = format!("reported as `{}`", breakage.rule());
        assert!(entry.contains(&rule), "{}: {entry}", breakage.name());
    }
}
