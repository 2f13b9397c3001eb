//! The committed OpenAPI document is what the model generates, and it is a
//! valid OpenAPI 3.1 description of the same contract as the JSON Schema.
//!
//! What "valid" means here, exactly, since no crate we can build offline
//! ships the OpenAPI Initiative's own JSON Schema for 3.1 documents:
//!
//! 1. The document deserializes into `oas3`'s typed model of OpenAPI 3.1,
//!    and its `openapi` field is a 3.1 version.
//! 2. Serializing that model again gives back the same JSON: every member
//!    we wrote is one the OpenAPI 3.1 model knows, with the type it
//!    expects (a misspelt or misplaced field would be dropped and show).
//! 3. The operation has what the contract needs: the path, `GET`, the
//!    `Authorization` header as an `apiKey` security scheme it requires,
//!    a 200 response with a JSON schema that resolves, and a 401.
//! 4. Every component schema is valid JSON Schema 2020-12 (checked against
//!    the 2020-12 meta-schema), and the 200 schema, references followed
//!    within the OpenAPI document, judges every valid and invalid fixture
//!    exactly as the committed JSON Schema does.

use mechanics_model::{ENDPOINTS, openapi};
use serde_json::{Value, json};

const REGENERATE: &str = "cargo run --locked -p validate -- schema --write schemas";

fn committed() -> String {
    let path = contract_tests::root()
        .join("schemas")
        .join(openapi::OPENAPI_FILE);
    std::fs::read_to_string(&path).unwrap_or_default()
}

#[test]
fn committed_openapi_matches_the_model() {
    assert!(
        committed() == openapi::to_committed_text(),
        "`schemas/{}` is stale: the model generates a different document.\n\
         Regenerate it with `{REGENERATE}` and review the diff.",
        openapi::OPENAPI_FILE
    );
}

#[test]
fn the_document_reads_as_openapi_3_1_and_loses_nothing() {
    let text = committed();
    let spec = oas3::from_json(&text).expect("the document fits the OpenAPI 3.1 model");
    let version = spec
        .validate_version()
        .expect("a supported OpenAPI version");
    assert_eq!((version.major, version.minor), (3, 1));

    let written: Value = serde_json::from_str(&text).unwrap();
    let read_back = serde_json::to_value(&spec).unwrap();
    assert_eq!(
        read_back, written,
        "a member the OpenAPI 3.1 model does not know"
    );
}

#[test]
fn each_endpoint_is_a_get_with_the_token_header_200_and_401() {
    let spec = oas3::from_json(committed()).unwrap();
    let components = spec.components.as_ref().expect("components");
    let scheme = components.security_schemes[openapi::SECURITY_SCHEME]
        .resolve(&spec)
        .unwrap();
    let oas3::spec::SecurityScheme::ApiKey { name, location, .. } = scheme else {
        panic!("the token travels as an API key, found {scheme:?}");
    };
    assert_eq!(
        (name.as_str(), location.as_str()),
        ("Authorization", "header")
    );

    let paths = spec.paths.as_ref().expect("paths");
    assert_eq!(paths.len(), ENDPOINTS.len());
    for endpoint in ENDPOINTS {
        let operation = paths[endpoint.path].get.as_ref().expect("a GET operation");
        assert_eq!(operation.operation_id.as_deref(), Some(endpoint.name));
        assert!(
            operation
                .security
                .iter()
                .any(|requirement| requirement.0.contains_key(openapi::SECURITY_SCHEME)),
            "{} requires the token",
            endpoint.name
        );
        let responses = operation.responses.as_ref().expect("responses");
        let ok = responses["200"].resolve(&spec).unwrap();
        let schema = ok.content["application/json"].schema.as_ref().unwrap();
        let schema = schema.resolve(&spec).expect("the 200 schema resolves");
        assert!(schema.properties.contains_key("mechanicIntegrations"));
        assert!(responses.contains_key("401"));
    }
}

fn openapi_validator(schema_name: &str) -> jsonschema::Validator {
    let document: Value = serde_json::from_str(&committed()).unwrap();
    // The response schema, with the document's components beside it, so
    // that `#/components/schemas/...` resolves as OpenAPI tools resolve it.
    let schema = json!({
        "$schema": mechanics_model::schema::DIALECT,
        "$ref": format!("#/components/schemas/{schema_name}"),
        "components": document["components"],
    });
    jsonschema::validator_for(&schema).expect("the OpenAPI schemas compile")
}

#[test]
fn component_schemas_are_json_schema_2020_12() {
    let document: Value = serde_json::from_str(&committed()).unwrap();
    let schemas = document["components"]["schemas"].as_object().unwrap();
    assert!(!schemas.is_empty());
    for (name, schema) in schemas {
        let mut schema = schema.clone();
        schema["$schema"] = json!(mechanics_model::schema::DIALECT);
        assert!(jsonschema::meta::is_valid(&schema), "{name}");
    }
}

#[test]
fn the_openapi_schema_judges_fixtures_as_the_json_schema_does() {
    let from_openapi = openapi_validator("MechanicIntegrationsResponse");
    let committed: Value = serde_json::from_str(ENDPOINTS[0].committed_schema).unwrap();
    let from_schema = jsonschema::validator_for(&committed).unwrap();
    let mut refused = 0;
    for dir in ["fixtures/valid", "fixtures/invalid"] {
        for entry in std::fs::read_dir(contract_tests::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let body: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let verdict = from_openapi.is_valid(&body);
            assert_eq!(verdict, from_schema.is_valid(&body), "{}", path.display());
            refused += usize::from(!verdict);
        }
    }
    assert!(refused >= 10, "the invalid fixtures are refused: {refused}");
}
