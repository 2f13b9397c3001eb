//! The committed schemas are exactly what the model generates.

use mechanics_model::{ENDPOINTS, schema::to_committed_text};

const REGENERATE: &str = "cargo run --locked -p validate -- schema --write schemas";

#[test]
fn committed_schemas_match_the_model() {
    for endpoint in ENDPOINTS {
        let path = contract_tests::root()
            .join("schemas")
            .join(endpoint.schema_file);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = to_committed_text(&(endpoint.response_schema)());
        assert!(
            committed == generated,
            "`{}` is stale: the model generates a different schema.\n\
             Regenerate it with `{REGENERATE}` and review the diff.",
            path.display()
        );
        assert_eq!(
            endpoint.committed_schema,
            committed,
            "the binary embeds an old copy of `{}`: rebuild",
            path.display()
        );
    }
}

#[test]
fn committed_schemas_are_draft_2020_12_and_compile() {
    for endpoint in ENDPOINTS {
        let schema: serde_json::Value = serde_json::from_str(endpoint.committed_schema).unwrap();
        assert_eq!(schema["$schema"], mechanics_model::schema::DIALECT);
        assert!(
            jsonschema::meta::is_valid(&schema),
            "{}",
            endpoint.schema_file
        );
    }
}
