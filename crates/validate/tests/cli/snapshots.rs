use crate::support::{code, snapshot_settings, validate};

fn snapshot(name: &str, args: &[&str], expected_code: i32) {
    let output = validate(args);
    assert_eq!(code(&output), expected_code, "{args:?}");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    snapshot_settings().bind(|| {
        insta::assert_snapshot!(format!("{name}.stdout"), stdout);
        insta::assert_snapshot!(format!("{name}.stderr"), stderr);
    });
}

#[test]
fn human_output_of_a_mixed_run() {
    snapshot(
        "human-mixed",
        &[
            "--color",
            "never",
            "fixtures/valid/documented-example.json",
            "fixtures/invalid/enum-authentication-type.json",
            "fixtures/invalid/duplicate-names.json",
            "fixtures/regressions/duplicate-keys-with-secrets.json",
            "fixtures/malformed/truncated.json",
        ],
        3,
    );
}

#[test]
fn json_output_of_a_mixed_run() {
    snapshot(
        "json-mixed",
        &[
            "--format",
            "json",
            "fixtures/valid/documented-example.json",
            "fixtures/invalid/missing-name.json",
            "fixtures/regressions/integer-with-fraction-3.0.json",
            "fixtures/regressions/password-in-array.json",
            "fixtures/malformed/trailing-comma.json",
        ],
        3,
    );
}

#[test]
fn human_output_of_the_documented_example() {
    snapshot(
        "human-valid",
        &["fixtures/valid/documented-example.json"],
        0,
    );
}

/// Drift, a violation and an input that is not JSON: the grouped view.
const SMALL_MIX: &[&str] = &[
    "fixtures/drift/undocumented-members.json",
    "fixtures/invalid/enum-authentication-type.json",
    "fixtures/malformed/truncated.json",
];

fn with_format(format: &str) -> Vec<&str> {
    let mut args = vec!["--color", "never", "--format", format];
    args.extend(SMALL_MIX);
    args
}

#[test]
fn human_output_with_drift_and_groups() {
    snapshot("human-drift", &with_format("human"), 3);
}

#[test]
fn github_output_of_a_small_mix() {
    snapshot("github-mixed", &with_format("github"), 3);
}

#[test]
fn junit_output_of_a_small_mix() {
    snapshot("junit-mixed", &with_format("junit"), 3);
}

#[test]
fn human_output_of_captures() {
    snapshot(
        "human-captures",
        &[
            "--color",
            "never",
            "fixtures/har/base64-bodies.har",
            "fixtures/har/chrome.har",
            "fixtures/har/no-bodies.har",
        ],
        1,
    );
}

#[test]
fn json_output_of_captures() {
    snapshot(
        "json-captures",
        &[
            "--format",
            "json",
            "fixtures/har/firefox.har",
            "fixtures/har/no-bodies.har",
        ],
        1,
    );
}

#[test]
fn human_output_of_doc_check() {
    snapshot(
        "doc-check-human",
        &[
            "doc-check",
            "--color",
            "never",
            "docs/api/mechanic_integrations.md",
            "fixtures/docs/unknown-endpoint.md",
            "fixtures/docs/example-breaks-contract.md",
            "fixtures/docs/attribute-removed.md",
            "fixtures/docs/no-registered-endpoint.md",
        ],
        3,
    );
}

#[test]
fn json_output_of_doc_check() {
    snapshot(
        "doc-check-json",
        &[
            "doc-check",
            "--format",
            "json",
            "fixtures/docs/type-changed.md",
            "fixtures/docs/example-not-json.md",
        ],
        1,
    );
}

#[test]
fn human_output_of_a_breaking_diff() {
    snapshot(
        "diff-human",
        &[
            "diff",
            "--color",
            "never",
            "schemas/mechanic_integrations.schema.json",
            "fixtures/schemas/widened.schema.json",
        ],
        1,
    );
}

#[test]
fn json_output_of_a_compatible_diff() {
    snapshot(
        "diff-json",
        &[
            "diff",
            "--format",
            "json",
            "schemas/mechanic_integrations.schema.json",
            "fixtures/schemas/narrowed.schema.json",
        ],
        0,
    );
}
