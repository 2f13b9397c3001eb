//! The OpenAPI 3.1 description of the registered endpoints, built from the
//! same generated JSON Schemas that `validate` checks responses against, so
//! mock servers, API explorers and contract testers read our contract and
//! not a hand-kept copy of it.
//!
//! Each endpoint's schema keeps its content; only its `$defs` move to
//! `components/schemas`, because OpenAPI tools resolve `#/...` references
//! against the whole document, not against the embedded schema. The
//! schemas use plain JSON Schema 2020-12, which OpenAPI 3.1's default
//! schema dialect extends, so the document names no dialect of its own.

use std::collections::BTreeMap;

use schemars::Schema;
use serde::Serialize;
use serde_json::Value;

use crate::registry::{ENDPOINTS, Endpoint};

/// The file name of the committed OpenAPI document under `schemas/`.
pub const OPENAPI_FILE: &str = "openapi.json";

/// The OpenAPI version the document is written in.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The name of the security scheme for the `Authorization` header.
pub const SECURITY_SCHEME: &str = "authorizationHeader";

const COMPONENTS_PREFIX: &str = "#/components/schemas/";
const DEFS_PREFIX: &str = "#/$defs/";

/// The OpenAPI document for every endpoint in the registry.
pub fn document() -> Value {
    serde_json::to_value(build()).expect("the OpenAPI types serialize to plain JSON")
}

/// The document rendered the way it is committed: pretty, with a final
/// newline, like the JSON Schemas beside it.
pub fn to_committed_text() -> String {
    let mut text =
        serde_json::to_string_pretty(&build()).expect("the OpenAPI types serialize to plain JSON");
    text.push('\n');
    text
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Document {
    openapi: &'static str,
    info: Info,
    servers: Vec<Server>,
    paths: BTreeMap<&'static str, BTreeMap<&'static str, Operation>>,
    components: Components,
}

#[derive(Serialize)]
struct Info {
    title: &'static str,
    version: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
struct Server {
    url: &'static str,
    description: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Operation {
    operation_id: &'static str,
    summary: String,
    security: Vec<BTreeMap<&'static str, Vec<String>>>,
    responses: BTreeMap<&'static str, Response>,
}

#[derive(Serialize)]
struct Response {
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<BTreeMap<&'static str, MediaType>>,
}

#[derive(Serialize)]
struct MediaType {
    schema: Schema,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Components {
    schemas: BTreeMap<String, Schema>,
    security_schemes: BTreeMap<&'static str, SecurityScheme>,
}

#[derive(Serialize)]
struct SecurityScheme {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "in")]
    location: &'static str,
    name: &'static str,
    description: &'static str,
}

fn build() -> Document {
    let mut paths: BTreeMap<&'static str, BTreeMap<&'static str, Operation>> = BTreeMap::new();
    let mut schemas = BTreeMap::new();
    for endpoint in ENDPOINTS {
        let (root_name, summary, description) = add_schemas(endpoint, &mut schemas);
        let operation = Operation {
            operation_id: endpoint.name,
            summary,
            security: vec![BTreeMap::from([(SECURITY_SCHEME, Vec::new())])],
            responses: BTreeMap::from([
                (
                    "200",
                    Response {
                        description,
                        content: Some(BTreeMap::from([(
                            "application/json",
                            MediaType {
                                schema: Schema::new_ref(format!("{COMPONENTS_PREFIX}{root_name}")),
                            },
                        )])),
                    },
                ),
                (
                    "401",
                    Response {
                        description: "The `Authorization` header is missing, or its token is \
                                      not accepted."
                            .to_owned(),
                        content: None,
                    },
                ),
            ]),
        };
        paths
            .entry(endpoint.path)
            .or_default()
            .insert(method_key(endpoint), operation);
    }
    Document {
        openapi: OPENAPI_VERSION,
        info: Info {
            title: "Autobutler Mechanics API",
            version: "v2",
            description: "The endpoints of Autobutler's Mechanics API whose responses are held \
                          to their documented contract. Generated from the Rust model by \
                          `validate schema --write schemas`; do not edit by hand.",
        },
        servers: vec![Server {
            url: "https://www.autobutler.dk",
            description: "The host the API documentation names.",
        }],
        paths,
        components: Components {
            schemas,
            security_schemes: BTreeMap::from([(
                SECURITY_SCHEME,
                SecurityScheme {
                    kind: "apiKey",
                    location: "header",
                    name: "Authorization",
                    description: "The mechanic's API token, sent as the whole value of the \
                                  `Authorization` header, without a scheme word.",
                },
            )]),
        },
    }
}

fn method_key(endpoint: &Endpoint) -> &'static str {
    match endpoint.method {
        crate::Method::Get => "get",
    }
}

/// Moves one endpoint's schema and its definitions into `schemas` and
/// returns the name of the response body's schema, with a summary and a
/// description taken from its title and description.
fn add_schemas(
    endpoint: &Endpoint,
    schemas: &mut BTreeMap<String, Schema>,
) -> (String, String, String) {
    let mut root = (endpoint.response_schema)().to_value();
    let object = root
        .as_object_mut()
        .expect("a generated response schema is an object, never `true` or `false`");
    object.remove("$schema");
    let defs = match object.remove("$defs") {
        Some(Value::Object(defs)) => defs,
        _ => serde_json::Map::new(),
    };
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_owned);
    let summary = text("title").unwrap_or_else(|| endpoint.name.to_owned());
    let description = text("description").unwrap_or_else(|| summary.clone());

    // A definition another endpoint already added under the same name with
    // different content gets this endpoint's prefix, and so do the
    // references to it.
    let prefix = pascal_case(endpoint.name);
    let mut renames = BTreeMap::new();
    let mut bodies = Vec::new();
    for (name, body) in defs {
        let taken = schemas.get(&name).is_some_and(|s| s.as_value() != &body);
        let final_name = if taken {
            format!("{prefix}{name}")
        } else {
            name.clone()
        };
        renames.insert(name, final_name.clone());
        bodies.push((final_name, body));
    }
    let root_name = format!("{prefix}Response");
    for (name, mut body) in bodies {
        rewrite_refs(&mut body, &renames);
        schemas.insert(name, to_schema(body));
    }
    rewrite_refs(&mut root, &renames);
    schemas.insert(root_name.clone(), to_schema(root));
    (root_name, summary, description)
}

fn to_schema(value: Value) -> Schema {
    Schema::try_from(value).expect("a generated definition is an object or a boolean")
}

/// Points every `#/$defs/NAME` reference at `#/components/schemas/NAME`.
fn rewrite_refs(value: &mut Value, renames: &BTreeMap<String, String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map.iter_mut() {
                if key == "$ref" {
                    if let Some(name) = member.as_str().and_then(|r| r.strip_prefix(DEFS_PREFIX)) {
                        let name = renames.get(name).map_or(name, String::as_str);
                        *member = Value::String(format!("{COMPONENTS_PREFIX}{name}"));
                    }
                } else {
                    rewrite_refs(member, renames);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_refs(item, renames)),
        _ => {}
    }
}

fn pascal_case(name: &str) -> String {
    name.split(['_', '-'])
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect()
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_pascal_cased() {
        assert_eq!(pascal_case("mechanic_integrations"), "MechanicIntegrations");
    }

    #[test]
    fn every_reference_points_into_the_components() {
        let text = to_committed_text();
        assert!(!text.contains("#/$defs/"), "{text}");
        assert!(text.contains("\"$ref\": \"#/components/schemas/MechanicIntegration\""));
    }

    #[test]
    fn references_to_renamed_definitions_follow_the_rename() {
        let mut value =
            serde_json::json!({"items": {"$ref": "#/$defs/A"}, "b": [{"$ref": "#/$defs/B"}]});
        let renames = BTreeMap::from([("A".to_owned(), "XA".to_owned())]);
        rewrite_refs(&mut value, &renames);
        assert_eq!(value["items"]["$ref"], "#/components/schemas/XA");
        assert_eq!(value["b"][0]["$ref"], "#/components/schemas/B");
    }
}
