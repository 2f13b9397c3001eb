use crate::support::{code, problems, validate};

/// Findings that break the contract, without drift warnings.
fn violations(output: &std::process::Output) -> Vec<serde_json::Value> {
    problems(output)
        .into_iter()
        .filter(|p| p["severity"] != "warning")
        .collect()
}

/// (fixture, rule, pointer, line, column) for each invalid fixture: the one
/// finding it was made for.
const INVALID: &[(&str, &str, &str, u64, u64)] = &[
    (
        "missing-mechanic-integrations",
        "required",
        "/mechanicIntegrations",
        1,
        1,
    ),
    (
        "missing-name",
        "required",
        "/mechanicIntegrations/0/integrationDetails/name",
        4,
        29,
    ),
    (
        "missing-credentials",
        "required",
        "/mechanicIntegrations/1/configuration/credentials",
        19,
        24,
    ),
    (
        "missing-feature-flag",
        "required",
        "/mechanicIntegrations/2/integrationDetails/features/supportsOpenJob",
        48,
        21,
    ),
    (
        "null-authentication-fields",
        "null",
        "/mechanicIntegrations/2/integrationDetails/authenticationFields",
        43,
        33,
    ),
    (
        "null-options",
        "null",
        "/mechanicIntegrations/1/configuration/options",
        25,
        20,
    ),
    (
        "enum-authentication-type",
        "enum",
        "/mechanicIntegrations/0/integrationDetails/authenticationType",
        9,
        31,
    ),
    (
        "wrong-type-id",
        "type",
        "/mechanicIntegrations/1/configuration/id",
        24,
        15,
    ),
    (
        "wrong-type-feature-flag",
        "type",
        "/mechanicIntegrations/0/integrationDetails/features/supportsOpenJob",
        12,
        30,
    ),
    (
        "wrong-type-option-fields",
        "type",
        "/mechanicIntegrations/0/integrationDetails/optionFields",
        15,
        25,
    ),
    (
        "blank-name",
        "blank",
        "/mechanicIntegrations/2/integrationDetails/name",
        52,
        17,
    ),
    (
        "empty-name",
        "blank",
        "/mechanicIntegrations/2/integrationDetails/name",
        52,
        17,
    ),
    (
        "duplicate-names",
        "unique-name",
        "/mechanicIntegrations/2/integrationDetails/name",
        52,
        17,
    ),
    (
        "credential-not-string",
        "type",
        "/mechanicIntegrations/1/configuration/credentials/password",
        21,
        23,
    ),
    (
        "integer-with-fraction",
        "model-mismatch",
        "/mechanicIntegrations/1/configuration/id",
        24,
        15,
    ),
    (
        "duplicate-key",
        "duplicate-key",
        "/mechanicIntegrations/1/integrationDetails/authenticationType",
        33,
        9,
    ),
];

#[test]
fn each_invalid_fixture_gives_exactly_its_finding() {
    for &(name, rule, pointer, line, column) in INVALID {
        let path = format!("fixtures/invalid/{name}.json");
        let output = validate(&["--format", "json", &path]);
        assert_eq!(code(&output), 1, "{path}");
        let problems = violations(&output);
        assert_eq!(problems.len(), 1, "{path}: {problems:#?}");
        let finding = &problems[0];
        assert_eq!(finding["type"], "finding", "{path}");
        assert_eq!(finding["rule"], rule, "{path}");
        assert_eq!(finding["pointer"], pointer, "{path}");
        assert_eq!(finding["location"]["line"], line, "{path}");
        assert_eq!(finding["location"]["column"], column, "{path}");
        assert_eq!(finding["severity"], "error", "{path}");
    }
}

#[test]
fn every_invalid_fixture_is_covered_by_the_table() {
    let dir = crate::support::root().join("fixtures/invalid");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = INVALID.iter().map(|e| format!("{}.json", e.0)).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn valid_fixtures_pass_with_no_findings() {
    let dir = crate::support::root().join("fixtures/valid");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let path = path.to_str().unwrap();
        let output = validate(&["--format", "json", path]);
        assert_eq!(code(&output), 0, "{path}: {:?}", problems(&output));
        assert!(violations(&output).is_empty(), "{path}");
    }
}

#[test]
fn renamed_top_level_member_is_missing_and_drift() {
    let output = validate(&[
        "--format",
        "json",
        "fixtures/invalid/missing-mechanic-integrations.json",
    ]);
    let drift: Vec<_> = problems(&output)
        .into_iter()
        .filter(|p| p["rule"] == "drift")
        .collect();
    assert_eq!(drift.len(), 1, "{drift:#?}");
    assert_eq!(drift[0]["pointer"], "/integrations");
    assert_eq!(drift[0]["severity"], "warning");
}

#[test]
fn extra_feature_flags_are_valid_but_drift() {
    let path = "fixtures/valid/open-objects-and-unusual-strings.json";
    let output = validate(&["--format", "json", path]);
    assert_eq!(code(&output), 0);
    let problems = problems(&output);
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0]["rule"], "drift");
    assert_eq!(
        problems[0]["pointer"],
        "/mechanicIntegrations/1/integrationDetails/features/supportsInvoices"
    );
}

#[test]
fn malformed_fixtures_are_not_checked_with_a_place() {
    let cases = [
        ("truncated", "syntax", Some((22, 8))),
        ("trailing-comma", "syntax", Some((15, 27))),
        ("empty", "empty", None),
    ];
    for (name, problem, place) in cases {
        let path = format!("fixtures/malformed/{name}.json");
        let output = validate(&["--format", "json", &path]);
        assert_eq!(code(&output), 3, "{path}");
        let problems = problems(&output);
        assert_eq!(problems.len(), 1, "{path}");
        assert_eq!(problems[0]["type"], "not_checked");
        assert_eq!(problems[0]["problem"], problem, "{path}");
        if let Some((line, column)) = place {
            assert_eq!(problems[0]["location"]["line"], line, "{path}");
            assert_eq!(problems[0]["location"]["column"], column, "{path}");
        }
    }
}
