//! Members the documentation does not describe.

use crate::support::{code, problems, records_of, stdout, validate};

const FIXTURE: &str = "fixtures/drift/undocumented-members.json";

/// (pointer, line, column, hint) of every undocumented member of the
/// fixture, in document order.
const EXPECTED: &[(&str, u64, u64, Option<&str>)] = &[
    (
        "/mechanicIntegrations/0/integrationDetails/features/supportsOpenjob",
        13,
        30,
        Some("did you mean `supportsOpenJob`?"),
    ),
    (
        "/mechanicIntegrations/0/integrationDetails/category",
        17,
        21,
        None,
    ),
    (
        "/mechanicIntegrations/0/integrationDetails/webhookSecret",
        18,
        26,
        None,
    ),
    ("/mechanicIntegrations/0/logoUrl", 20, 18, None),
    (
        "/mechanicIntegrations/1/configuration/createdAt",
        34,
        22,
        None,
    ),
    (
        "/mechanicIntegrations/1/integrationDetails/category",
        48,
        21,
        None,
    ),
    ("/nextPage", 52, 15, None),
];

#[test]
fn every_level_reports_its_undocumented_members_but_open_objects_do_not() {
    let output = validate(&["--format", "json", FIXTURE]);
    assert_eq!(code(&output), 0, "drift alone does not fail the run");
    let found: Vec<(String, u64, u64, Option<String>)> = problems(&output)
        .iter()
        .map(|p| {
            assert_eq!(p["rule"], "drift");
            assert_eq!(p["severity"], "warning");
            (
                p["pointer"].as_str().unwrap().to_owned(),
                p["location"]["line"].as_u64().unwrap(),
                p["location"]["column"].as_u64().unwrap(),
                p["hint"].as_str().map(str::to_owned),
            )
        })
        .collect();
    let expected: Vec<(String, u64, u64, Option<String>)> = EXPECTED
        .iter()
        .map(|(p, l, c, h)| ((*p).to_owned(), *l, *c, h.map(str::to_owned)))
        .collect();
    assert_eq!(found, expected);
    // `sessionToken` in credentials and `unlistedOption` in options are
    // open by documentation.
    let text = stdout(&output);
    assert!(!text.contains("sessionToken") && !text.contains("unlistedOption"));
}

#[test]
fn deny_drift_makes_drift_a_failing_error() {
    let output = validate(&["--format", "json", "--deny-drift", FIXTURE]);
    assert_eq!(code(&output), 1);
    let problems = problems(&output);
    assert_eq!(problems.len(), EXPECTED.len());
    assert!(problems.iter().all(|p| p["severity"] == "error"));
    let summary = records_of(&output, "summary").pop().unwrap();
    assert_eq!(
        (
            summary["with_violations"].as_u64(),
            summary["with_drift"].as_u64()
        ),
        (Some(1), Some(1))
    );
}

#[test]
fn the_summary_counts_drift_apart_from_validity() {
    let output = validate(&[
        "--color",
        "never",
        FIXTURE,
        "fixtures/valid/documented-example.json",
    ]);
    assert_eq!(code(&output), 0);
    let text = stdout(&output);
    assert!(
        text.contains("2 inputs in ")
            && text.contains(
                ": 2 checked (2 valid, 0 with violations, 1 with drift), 0 not checked, 0 skipped;"
            ),
        "{text}"
    );
    assert!(text.contains("warning[drift] /nextPage"), "{text}");
    assert!(text.contains("(drift) (exit 0)"), "{text}");
}

#[test]
fn drift_follows_a_custom_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(
        &schema,
        r#"{"type": "object", "properties": {"mechanicIntegrations": {"type": "array"}}}"#,
    )
    .unwrap();
    let output = validate(&[
        "--format",
        "json",
        "--schema",
        schema.to_str().unwrap(),
        FIXTURE,
    ]);
    let pointers: Vec<String> = problems(&output)
        .iter()
        .map(|p| p["pointer"].as_str().unwrap().to_owned())
        .collect();
    // The custom schema does not describe the items, so only the top level
    // can drift.
    assert_eq!(pointers, ["/nextPage"]);
}
