//! Baselines: known findings accepted by fingerprint, new ones failing.

use std::path::Path;

use serde_json::Value;

use crate::support::{code, records_of, stderr, stdout, validate};

const ENUM: &str = "fixtures/invalid/enum-authentication-type.json";
const DRIFT: &str = "fixtures/drift/undocumented-members.json";
const BLANK: &str = "fixtures/invalid/blank-name.json";
const VALID: &str = "fixtures/valid/documented-example.json";

fn write_baseline(path: &Path, inputs: &[&str]) -> std::process::Output {
    let mut args = vec![
        "--format",
        "json",
        "--write-baseline",
        path.to_str().unwrap(),
    ];
    args.extend(inputs);
    validate(&args)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_written_baseline_lists_every_group_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    let output = write_baseline(&path, &[ENUM, DRIFT]);
    // Writing a baseline does not change the verdict of the run.
    assert_eq!(code(&output), 1);
    let groups = records_of(&output, "group");
    let baseline = read_json(&path);
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().unwrap();
    assert_eq!(entries.len(), groups.len());
    let mut fingerprints: Vec<&str> = entries
        .iter()
        .map(|e| e["fingerprint"].as_str().unwrap())
        .collect();
    let sorted = {
        let mut s = fingerprints.clone();
        s.sort_unstable();
        s
    };
    assert_eq!(fingerprints, sorted, "entries are sorted for small diffs");
    fingerprints.sort_unstable();
    let mut expected: Vec<&str> = groups
        .iter()
        .map(|g| g["fingerprint"].as_str().unwrap())
        .collect();
    expected.sort_unstable();
    assert_eq!(fingerprints, expected);
    let enum_entry = entries.iter().find(|e| e["rule"] == "enum").unwrap();
    assert_eq!(
        enum_entry["pointer"],
        "/mechanicIntegrations/*/integrationDetails/authenticationType"
    );
    assert_eq!(enum_entry["endpoint"], "mechanic_integrations");
    assert_eq!(enum_entry["count"], 1);
    // Only the file itself is left: the write went through a temporary
    // file that was renamed.
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn known_findings_pass_and_new_ones_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    write_baseline(&path, &[ENUM]);
    let baseline = path.to_str().unwrap();

    let output = validate(&["--format", "json", "--baseline", baseline, ENUM]);
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    let summary = records_of(&output, "summary").pop().unwrap();
    assert_eq!(summary["accepted"], 1);
    assert_eq!(summary["new_violations"], 0);
    assert_eq!(records_of(&output, "finding")[0]["accepted"], true);

    let output = validate(&["--format", "json", "--baseline", baseline, ENUM, BLANK]);
    assert_eq!(code(&output), 1);
    let findings = records_of(&output, "finding");
    let accepted: Vec<(&str, bool)> = findings
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["accepted"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(accepted, [("enum", true), ("blank", false)]);
}

#[test]
fn human_output_folds_accepted_groups_and_names_the_new_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    write_baseline(&path, &[ENUM]);
    let output = validate(&[
        "--color",
        "never",
        "--baseline",
        path.to_str().unwrap(),
        ENUM,
    ]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "accepted error[enum] /mechanicIntegrations/*/integrationDetails/authenticationType \
             (1 time, baseline "
        ),
        "{text}"
    );
    assert!(
        !text.contains("^"),
        "accepted groups show no excerpt: {text}"
    );
    assert!(text.contains("(1 accepted by the baseline)"), "{text}");
    assert!(text.contains("valid: no new violations"), "{text}");
}

#[test]
fn entries_that_no_longer_occur_are_stale() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    write_baseline(&path, &[ENUM]);
    let baseline = path.to_str().unwrap();

    let output = validate(&["--format", "json", "--baseline", baseline, VALID]);
    assert_eq!(code(&output), 0);
    let stale = records_of(&output, "stale");
    assert_eq!(stale.len(), 1);
    assert_eq!(stale[0]["rule"], "enum");
    assert_eq!(
        stale[0]["pointer"],
        "/mechanicIntegrations/*/integrationDetails/authenticationType"
    );
    assert_eq!(records_of(&output, "summary")[0]["stale"], 1);

    let output = validate(&["--color", "never", "--baseline", baseline, VALID]);
    let text = stdout(&output);
    assert!(text.contains("stale baseline "), "{text}");
    let pointer = "/mechanicIntegrations/*/integrationDetails/authenticationType";
    assert!(
        text.contains(&format!(": enum at {pointer} no longer occurs")),
        "{text}"
    );

    // Rewriting the baseline in place drops the stale entry.
    validate(&["--baseline", baseline, "--write-baseline", baseline, VALID]);
    assert_eq!(read_json(&path)["findings"], serde_json::json!([]));
}

#[test]
fn an_unusable_baseline_is_a_usage_error_that_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    std::fs::write(
        &path,
        "{\n  \"version\": 1,\n  \"findings\": [\n    {\"fingerprint\": 7}\n  ]\n}",
    )
    .unwrap();
    let output = validate(&["--baseline", path.to_str().unwrap(), VALID]);
    assert_eq!(code(&output), 2);
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    assert!(
        text.starts_with("validate: error: unusable baseline `")
            && text.contains("baseline.json`: line 4, column 21: invalid type"),
        "{text}"
    );

    let missing = dir.path().join("missing.json");
    let output = validate(&["--baseline", missing.to_str().unwrap(), VALID]);
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("missing.json`: cannot be read"));
}

#[test]
fn a_baseline_that_cannot_be_written_is_reported_and_nothing_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no-such-folder").join("baseline.json");
    let output = validate(&["--write-baseline", path.to_str().unwrap(), ENUM]);
    assert_eq!(code(&output), 2);
    assert!(
        stderr(&output).contains("failed to write `"),
        "{}",
        stderr(&output)
    );
    assert!(!path.exists());
}

#[test]
fn a_partial_run_reports_nothing_stale_and_warns_when_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("baseline.json");
    write_baseline(&path, &[ENUM]);
    let baseline = path.to_str().unwrap();
    let output = validate(&[
        "--format",
        "json",
        "--baseline",
        baseline,
        "--write-baseline",
        baseline,
        "fixtures/malformed/truncated.json",
    ]);
    assert_eq!(code(&output), 3);
    assert!(records_of(&output, "stale").is_empty());
    let text = stderr(&output);
    assert!(
        text.contains("validate: warning: 1 input could not be checked; the baseline `"),
        "{text}"
    );
    // The accepted finding was not seen (its input was not checked this
    // time), so rewriting the baseline keeps it.
    let rewritten: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let rules: Vec<&str> = rewritten["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["enum"]);
}
