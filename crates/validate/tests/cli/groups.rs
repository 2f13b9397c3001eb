//! One problem in many inputs is one group, not one line per input.

use crate::support::{code, copies, records_of, stdout, validate};

const ENUM: &str = "fixtures/invalid/enum-authentication-type.json";

#[test]
fn forty_inputs_with_one_problem_print_one_short_group() {
    let (_dir, paths) = copies(ENUM, 40);
    let mut args = vec!["--color", "never"];
    args.extend(paths.iter().map(String::as_str));
    let output = validate(&args);
    assert_eq!(code(&output), 1);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(
        lines[0].starts_with(
            "error[enum] /mechanicIntegrations/*/integrationDetails/authenticationType: \
             expected one of \"simple\", \"oauth2\" (40 times in 40 inputs)"
        ),
        "{text}"
    );
    // Three places, each with a three-line excerpt, then the rest counted.
    let places = lines.iter().filter(|l| l.contains("input-0")).count();
    assert_eq!(places, 3, "{text}");
    assert!(text.contains("  … and 37 more (--format json lists every one)"));
    assert_eq!(lines.len(), 1 + 3 * 4 + 1 + 2, "{text}");
}

#[test]
fn the_group_record_counts_instances_and_inputs() {
    let (_dir, paths) = copies(ENUM, 12);
    let mut args = vec!["--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let output = validate(&args);
    let groups = records_of(&output, "group");
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let group = &groups[0];
    assert_eq!(group["count"], 12);
    assert_eq!(group["inputs"], 12);
    assert_eq!(group["examples"].as_array().unwrap().len(), 3);
    assert_eq!(group["examples"][0]["location"]["line"], 9);
    // Every per-input finding names the same group.
    let findings = records_of(&output, "finding");
    assert_eq!(findings.len(), 12);
    assert!(
        findings
            .iter()
            .all(|f| f["fingerprint"] == group["fingerprint"])
    );
}

#[test]
fn fingerprints_do_not_depend_on_paths_runs_or_indices() {
    let fingerprint_of = |path: &str| {
        let output = validate(&["--format", "json", path]);
        records_of(&output, "group")[0]["fingerprint"].clone()
    };
    let (_dir, paths) = copies(ENUM, 1);
    assert_eq!(fingerprint_of(ENUM), fingerprint_of(&paths[0]));
    assert_eq!(fingerprint_of(ENUM), fingerprint_of(ENUM));

    // The same member of two different items is one group.
    let output = validate(&[
        "--format",
        "json",
        "fixtures/drift/undocumented-members.json",
    ]);
    let category: Vec<_> = records_of(&output, "group")
        .into_iter()
        .filter(|g| g["pointer"] == "/mechanicIntegrations/*/integrationDetails/category")
        .collect();
    assert_eq!(category.len(), 1);
    assert_eq!(
        (
            category[0]["count"].as_u64(),
            category[0]["inputs"].as_u64()
        ),
        (Some(2), Some(1))
    );
}

#[test]
fn inputs_that_cannot_be_checked_are_capped_too() {
    let (_dir, paths) = copies("fixtures/malformed/truncated.json", 10);
    let mut args = vec!["--color", "never"];
    args.extend(paths.iter().map(String::as_str));
    let output = validate(&args);
    assert_eq!(code(&output), 3);
    let text = stdout(&output);
    assert_eq!(text.matches("not checked[syntax]").count(), 4, "{text}");
    assert!(
        text.contains("  … and 7 more inputs not checked[syntax]"),
        "{text}"
    );
}
