//! `validate diff` calls a change compatible when every body the new schema
//! allows, the old one allowed. These properties test that claim on
//! generated payloads, and that a breaking verdict has a witness.

use mechanics_model::ENDPOINTS;
use mechanics_model::strategies::payload;
use proptest::prelude::*;
use serde_json::{Value, json};

fn schema(path: &str) -> Value {
    let text = std::fs::read_to_string(contract_tests::root().join(path)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn committed() -> Value {
    serde_json::from_str(ENDPOINTS[0].committed_schema).unwrap()
}

#[test]
fn the_narrowed_fixture_is_judged_compatible_and_the_widened_one_breaking() {
    let verdict = |new: &str| {
        let changes = validate::diff::compare(&committed(), &schema(new)).unwrap();
        changes
            .iter()
            .any(|c| c.class == validate::diff::Class::Breaking)
    };
    assert!(!verdict("fixtures/schemas/narrowed.schema.json"));
    assert!(verdict("fixtures/schemas/widened.schema.json"));
}

#[test]
fn a_breaking_change_has_a_body_new_allows_and_old_refuses() {
    let old = jsonschema::validator_for(&committed()).unwrap();
    let new = jsonschema::validator_for(&schema("fixtures/schemas/widened.schema.json")).unwrap();
    let body = json!({"mechanicIntegrations": [{
        "configuration": {"credentials": {}, "id": "3", "options": {}},
        "integrationDetails": null
    }]});
    assert!(new.is_valid(&body) && !old.is_valid(&body));
}

proptest! {
    // Two validations per case; 64 cases keep the suite quick on two cores.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn bodies_the_narrowed_schema_allows_the_committed_one_allows(body in payload()) {
        let old = jsonschema::validator_for(&committed()).unwrap();
        let narrowed = schema("fixtures/schemas/narrowed.schema.json");
        let new = jsonschema::validator_for(&narrowed).unwrap();
        prop_assume!(new.is_valid(&body));
        prop_assert!(old.is_valid(&body));
    }
}
