//! `validate doc-check` on the committed documentation and on variants of
//! it in `fixtures/docs/`, each with one disagreement planted at a known
//! line.

use serde_json::Value;

use crate::support::{code, records, validate};

const DOC: &str = "docs/api/mechanic_integrations.md";

/// The findings of a JSON run on one document, after asserting its exit
/// code.
fn findings(doc: &str, expected_code: i32) -> Vec<Value> {
    let output = validate(&["doc-check", "--format", "json", doc]);
    assert_eq!(code(&output), expected_code, "{doc}");
    records(&output)
        .into_iter()
        .filter(|r| r["type"] == "finding")
        .collect()
}

/// The one finding of a variant, as (rule, line, column, attribute or
/// pointer).
fn only_finding(doc: &str) -> (String, u64, u64, String) {
    let found = findings(doc, 1);
    assert_eq!(found.len(), 1, "{doc}: {found:#?}");
    let finding = &found[0];
    let subject = finding["attribute"]
        .as_str()
        .or(finding["pointer"].as_str())
        .unwrap_or_default();
    (
        finding["rule"].as_str().unwrap().to_owned(),
        finding["location"]["line"].as_u64().unwrap(),
        finding["location"]["column"].as_u64().unwrap(),
        subject.to_owned(),
    )
}

#[test]
fn the_committed_documentation_agrees_with_the_contract() {
    let output = validate(&["doc-check", "--format", "json", DOC]);
    assert_eq!(code(&output), 0);
    let records = records(&output);
    let section = &records[0];
    assert_eq!(section["type"], "section");
    assert_eq!(section["status"], "checked");
    assert_eq!(section["endpoint"], "mechanic_integrations");
    assert_eq!(section["location"]["line"], 3);
    assert_eq!(section["attributes"], 11);
    assert_eq!(section["examples"], 1);
    assert_eq!(records.last().unwrap()["findings"], 0);
}

#[test]
fn an_attribute_the_schema_lacks_is_reported_at_its_row() {
    assert_eq!(
        only_finding("fixtures/docs/attribute-added.md"),
        (
            "attribute-not-in-schema".into(),
            113,
            1,
            "mechanicIntegrations.integrationDetails.logoUrl".into()
        )
    );
}

#[test]
fn a_schema_member_the_table_lacks_is_reported_at_its_parent_row() {
    assert_eq!(
        only_finding("fixtures/docs/attribute-removed.md"),
        (
            "attribute-not-in-table".into(),
            107,
            1,
            "mechanicIntegrations.integrationDetails.name".into()
        )
    );
}

#[test]
fn a_changed_type_is_reported_at_its_cell() {
    assert_eq!(
        only_finding("fixtures/docs/type-changed.md"),
        (
            "attribute-type".into(),
            115,
            64,
            "mechanicIntegrations.configuration.id".into()
        )
    );
    let found = findings("fixtures/docs/type-changed.md", 1);
    assert_eq!(
        found[0]["message"],
        "documented as string, the schema says integer"
    );
}

#[test]
fn blank_ability_disagreeing_with_the_schema_is_reported() {
    assert_eq!(
        only_finding("fixtures/docs/blank-changed.md"),
        (
            "attribute-blank".into(),
            113,
            80,
            "mechanicIntegrations.configuration".into()
        )
    );
    let found = findings("fixtures/docs/blank-changed.md", 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .ends_with("but the schema lets it be absent or null"),
        "{found:#?}"
    );
}

#[test]
fn an_example_that_breaks_the_contract_is_reported_at_the_document_line() {
    assert_eq!(
        only_finding("fixtures/docs/example-breaks-contract.md"),
        (
            "example-contract".into(),
            43,
            31,
            "/mechanicIntegrations/0/integrationDetails/authenticationType".into()
        )
    );
    let found = findings("fixtures/docs/example-breaks-contract.md", 1);
    assert_eq!(found[0]["contract_rule"], "enum");
}

#[test]
fn an_example_that_is_not_json_is_reported_where_the_parser_stopped() {
    assert_eq!(
        only_finding("fixtures/docs/example-not-json.md"),
        (
            "example-json".into(),
            49,
            27,
            "/mechanicIntegrations/0/integrationDetails/optionFields".into()
        )
    );
    let found = findings("fixtures/docs/example-not-json.md", 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("trailing comma")
    );
}

#[test]
fn table_words_that_cannot_be_read_are_reported() {
    let found = findings("fixtures/docs/unreadable-table.md", 1);
    let places: Vec<(&str, u64, u64)> = found
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["location"]["line"].as_u64().unwrap(),
                f["location"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(places, [("table", 115, 64), ("table", 115, 80)]);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("`timestamp`")
    );
}

#[test]
fn sections_for_unknown_endpoints_are_listed_not_errors() {
    let output = validate(&[
        "doc-check",
        "--format",
        "json",
        "fixtures/docs/unknown-endpoint.md",
    ]);
    assert_eq!(code(&output), 0);
    let sections: Vec<Value> = records(&output)
        .into_iter()
        .filter(|r| r["type"] == "section")
        .collect();
    assert_eq!(sections.len(), 2);
    assert_eq!(sections[1]["heading"], "Create a booking");
    assert_eq!(sections[1]["method"], "POST");
    assert_eq!(sections[1]["path"], "/api/v2/mechanics/bookings");
    assert_eq!(sections[1]["status"], "unknown-endpoint");
    assert_eq!(sections[1]["location"]["line"], 118);
}

#[test]
fn a_document_without_a_registered_endpoint_is_not_checked() {
    let output = validate(&[
        "doc-check",
        "--format",
        "json",
        "fixtures/docs/no-registered-endpoint.md",
        DOC,
    ]);
    assert_eq!(code(&output), 3);
    let records = records(&output);
    let not_checked: Vec<&Value> = records
        .iter()
        .filter(|r| r["type"] == "not_checked")
        .collect();
    assert_eq!(not_checked.len(), 1);
    assert_eq!(not_checked[0]["problem"], "no-endpoint");
    assert_eq!(
        not_checked[0]["input"],
        "fixtures/docs/no-registered-endpoint.md"
    );
    let summary = records.last().unwrap();
    assert_eq!(summary["agreeing"], 1);
    assert_eq!(summary["not_checked"], 1);
}

#[test]
fn an_unreadable_document_is_reported_and_the_others_are_checked() {
    let output = validate(&[
        "doc-check",
        "--format",
        "json",
        "docs/api/missing.md",
        "fixtures/docs/type-changed.md",
    ]);
    assert_eq!(code(&output), 3);
    let records = records(&output);
    assert_eq!(records[0]["type"], "not_checked");
    assert_eq!(records[0]["problem"], "unreadable");
    assert!(records.iter().any(|r| r["rule"] == "attribute-type"));
}

#[test]
fn doc_check_needs_a_document() {
    let output = validate(&["doc-check"]);
    assert_eq!(code(&output), 2);
}

#[test]
fn secrets_planted_in_an_example_never_reach_the_output() {
    let doc = "fixtures/docs/example-with-secrets.md";
    let planted = std::fs::read_to_string(crate::support::root().join(doc)).unwrap();
    assert!(planted.contains("FAKE-pw-doc-0001") && planted.contains("tok_FAKE_doc_0003"));
    for format in ["human", "json"] {
        for color in ["never", "always"] {
            let output = validate(&["doc-check", "--format", format, "--color", color, doc]);
            assert_eq!(code(&output), 1);
            for stream in [&output.stdout, &output.stderr] {
                let text = String::from_utf8_lossy(stream);
                for secret in ["FAKE-pw", "tok_FAKE"] {
                    assert!(
                        !text.contains(secret),
                        "{format}/{color} leaked {secret}:\n{text}"
                    );
                }
            }
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("duplicate-key"), "{text}");
        }
    }
}

#[test]
fn a_document_that_is_not_utf8_is_not_checked_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("latin1.md");
    std::fs::write(&doc, b"# Mechanics\n\nV\xe6rksted\n").unwrap();
    let output = validate(&["doc-check", "--format", "json", doc.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let records = records(&output);
    assert_eq!(records[0]["problem"], "invalid-utf8");
    assert!(
        records[0]["message"].as_str().unwrap().contains("at 3:2"),
        "{records:#?}"
    );
}

#[test]
fn a_utf16_document_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("utf16.md");
    let text = std::fs::read_to_string(crate::support::root().join(DOC)).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&doc, bytes).unwrap();
    let output = validate(&["doc-check", "--format", "json", doc.to_str().unwrap()]);
    assert_eq!(code(&output), 3);
    let records = records(&output);
    assert_eq!(records[0]["problem"], "wrong-encoding");
    let message = records[0]["message"].as_str().unwrap();
    assert!(message.contains("UTF-16LE"), "{message}");
}

#[test]
fn a_document_on_standard_input_is_checked_as_a_file_is() {
    let text = std::fs::read(crate::support::root().join(DOC)).unwrap();
    let args = ["doc-check", "--format", "json", "-"];
    let output = crate::support::validate_with_stdin(&args, Some(&text));
    assert_eq!(code(&output), 0);
    let first = records(&output);
    let sections: Vec<&Value> = first.iter().filter(|r| r["type"] == "section").collect();
    assert_eq!(sections.len(), 1, "{first:#?}");
    assert_eq!(sections[0]["input"], "<stdin>");
    assert_eq!(sections[0]["status"], "checked");

    // A variant with a disagreement says so from standard input too.
    let variant = std::fs::read(crate::support::root().join("fixtures/docs/type-changed.md"));
    let output = crate::support::validate_with_stdin(&args, Some(&variant.unwrap()));
    assert_eq!(code(&output), 1);
    let findings: Vec<Value> = records(&output)
        .into_iter()
        .filter(|r| r["type"] == "finding")
        .collect();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["input"], "<stdin>");
}
