//! `validate diff` on the committed schema and on changed copies of it in
//! `fixtures/schemas/`: `widened` changes it in ways that break clients,
//! `narrowed` in ways that do not.

use std::process::{Command, Stdio};

use serde_json::{Value, json};

use crate::support::{code, records, root, validate};

const COMMITTED: &str = "schemas/mechanic_integrations.schema.json";

/// The (class, kind, path) of every change, after asserting the exit code.
fn changes(old: &str, new: &str, expected_code: i32) -> Vec<(String, String, String)> {
    let output = validate(&["diff", "--format", "json", old, new]);
    assert_eq!(
        code(&output),
        expected_code,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    records(&output)
        .into_iter()
        .filter(|r| r["type"] == "change")
        .map(|r| {
            (
                r["class"].as_str().unwrap().to_owned(),
                r["kind"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn change(class: &str, kind: &str, path: &str) -> (String, String, String) {
    (class.into(), kind.into(), path.into())
}

const ITEM: &str = ".mechanicIntegrations[]";

#[test]
fn a_schema_compared_with_itself_has_no_changes() {
    assert!(changes(COMMITTED, COMMITTED, 0).is_empty());
}

#[test]
fn widening_changes_are_breaking_and_exit_1() {
    let details = format!("{ITEM}.integrationDetails");
    assert_eq!(
        changes(COMMITTED, "fixtures/schemas/widened.schema.json", 1),
        [
            change(
                "breaking",
                "type-widened",
                &format!("{ITEM}.configuration.id")
            ),
            change("breaking", "null-allowed", &details),
            change(
                "breaking",
                "enum-value-added",
                &format!("{details}.authenticationType")
            ),
            change("breaking", "type-widened", &format!("{details}.features.*")),
            change(
                "breaking",
                "constraint-loosened",
                &format!("{details}.name")
            ),
            change(
                "breaking",
                "required-removed",
                &format!("{details}.optionFields")
            ),
        ]
    );
}

#[test]
fn narrowing_changes_are_compatible_and_exit_0() {
    let details = format!("{ITEM}.integrationDetails");
    assert_eq!(
        changes(COMMITTED, "fixtures/schemas/narrowed.schema.json", 0),
        [
            change(
                "compatible",
                "enum-value-removed",
                &format!("{details}.authenticationType")
            ),
            change(
                "compatible",
                "property-added",
                &format!("{details}.logoUrl")
            ),
            change(
                "compatible",
                "constraint-tightened",
                &format!("{details}.name")
            ),
        ]
    );
}

#[test]
fn the_reverse_of_a_narrowing_is_breaking() {
    let found = changes("fixtures/schemas/narrowed.schema.json", COMMITTED, 1);
    assert!(found.contains(&change(
        "breaking",
        "enum-value-added",
        &format!("{ITEM}.integrationDetails.authenticationType")
    )));
    assert!(found.contains(&change(
        "breaking",
        "property-removed",
        &format!("{ITEM}.integrationDetails.logoUrl")
    )));
}

#[test]
fn changes_name_the_schema_places_they_come_from() {
    let output = validate(&[
        "diff",
        "--format",
        "json",
        COMMITTED,
        "fixtures/schemas/narrowed.schema.json",
    ]);
    let records = records(&output);
    let added = records
        .iter()
        .find(|r| r["kind"] == "property-added")
        .unwrap();
    assert_eq!(
        added["new_at"],
        "#/$defs/IntegrationDetails/properties/logoUrl"
    );
    assert!(added.get("old_at").is_none());
    let summary = records.last().unwrap();
    assert_eq!(summary["type"], "summary");
    assert_eq!(
        (&summary["breaking"], &summary["compatible"]),
        (&json!(0), &json!(3))
    );
}

/// The recipe the README gives CI: regenerate, then compare with the
/// committed schema.
#[test]
fn the_regenerated_schema_compares_clean_with_the_committed_one() {
    let dir = tempfile::tempdir().unwrap();
    let regenerated = dir.path().join("regenerated.schema.json");
    let printed = Command::new(env!("CARGO_BIN_EXE_validate"))
        .arg("schema")
        .current_dir(root())
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(code(&printed), 0);
    std::fs::write(&regenerated, &printed.stdout).unwrap();
    assert!(changes(COMMITTED, regenerated.to_str().unwrap(), 0).is_empty());
}

fn usage_error(old: &str, new: &str) -> String {
    let output = validate(&["diff", old, new]);
    assert_eq!(code(&output), 2, "{old} {new}");
    assert!(output.stdout.is_empty());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn unreadable_schemas_are_usage_errors_naming_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    };

    let missing = dir.path().join("missing.json");
    let stderr = usage_error(COMMITTED, missing.to_str().unwrap());
    assert!(stderr.contains("failed to read the schema"), "{stderr}");

    let broken = write("broken.json", "{\n  \"type\": \"object\",\n}");
    let stderr = usage_error(&broken, COMMITTED);
    assert!(
        stderr.contains("is not valid JSON at 3:1: trailing comma"),
        "{stderr}"
    );

    let dangling = write(
        "dangling.json",
        r##"{"properties": {"a": {"$ref": "#/$defs/Gone"}}}"##,
    );
    let stderr = usage_error(COMMITTED, &dangling);
    assert!(
        stderr.contains("the `$ref` at `#/properties/a` points at `#/$defs/Gone`"),
        "{stderr}"
    );

    let not_a_schema = write("type-12.json", r#"{"type": 12}"#);
    let stderr = usage_error(&not_a_schema, COMMITTED);
    assert!(stderr.contains("`type` at `#` is not"), "{stderr}");
}

#[test]
fn enum_values_of_secret_members_never_reach_the_output() {
    let dir = tempfile::tempdir().unwrap();
    let schema = |values: Value| {
        json!({"type": "object", "properties": {"credentials": {"type": "object",
            "properties": {"password": {"enum": values}}}}})
    };
    let old = dir.path().join("old.json");
    let new = dir.path().join("new.json");
    std::fs::write(&old, schema(json!(["FAKE-pw-diff-0001"])).to_string()).unwrap();
    std::fs::write(&new, schema(json!(["FAKE-pw-diff-0002"])).to_string()).unwrap();
    for format in ["human", "json"] {
        let output = validate(&[
            "diff",
            "--format",
            format,
            old.to_str().unwrap(),
            new.to_str().unwrap(),
        ]);
        assert_eq!(code(&output), 1);
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("enum-value-added"), "{text}");
        assert!(!text.contains("FAKE-pw"), "{format} leaked:\n{text}");
    }
}
