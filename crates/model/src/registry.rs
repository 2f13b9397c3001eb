//! The endpoints whose responses we check. Adding an endpoint means adding
//! its response type and one entry to [`ENDPOINTS`]; every source, check
//! and report in `validate` goes through this list.

use schemars::Schema;

use crate::schema;

/// An HTTP method of a registered endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
}

impl Method {
    /// The method as written on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
        }
    }
}

/// One documented endpoint and the contract of its response.
#[derive(Debug, Clone, Copy)]
pub struct Endpoint {
    /// Short stable name, used in reports and for the schema file name.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path, without host or query.
    pub path: &'static str,
    /// The committed schema's file name under `schemas/`.
    pub schema_file: &'static str,
    /// Generates the response schema from the Rust types.
    pub response_schema: fn() -> Schema,
    /// The schema as committed under `schemas/`, built into the binary so
    /// that what is checked is exactly what is published.
    pub committed_schema: &'static str,
    /// Members whose values must be unique across an array, as documented
    /// for identifiers.
    pub unique: &'static [UniqueMember],
    /// Whether a JSON value is accepted by the typed Rust model, read as
    /// JSON clients read it: a struct only from an object, an enum only
    /// from a string. The schema and the model must agree; `validate`
    /// reports it when they do not.
    pub model_accepts: fn(&serde_json::Value) -> Result<(), ModelRejection>,
    /// A quick yes for a response's text that keeps to the contract to the
    /// letter, without building a JSON value: `true` only when the full
    /// check would find nothing at all (see [`crate::exact`]).
    pub keeps_to_contract: fn(&str) -> bool,
}

/// A member that must not repeat across the items of an array.
#[derive(Debug, Clone, Copy)]
pub struct UniqueMember {
    /// JSON Pointer of the array.
    pub array: &'static str,
    /// JSON Pointer of the member, relative to each item.
    pub member: &'static str,
}

/// Where and why the typed model refused a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRejection {
    /// JSON Pointer of the refused value.
    pub pointer: String,
}

/// Every endpoint we hold to its contract.
pub const ENDPOINTS: &[Endpoint] = &[Endpoint {
    name: "mechanic_integrations",
    method: Method::Get,
    path: "/api/v2/mechanics/mechanic_integrations",
    schema_file: "mechanic_integrations.schema.json",
    response_schema: schema::response_schema::<crate::MechanicIntegrationsResponse>,
    committed_schema: include_str!("../../../schemas/mechanic_integrations.schema.json"),
    unique: &[UniqueMember {
        array: "/mechanicIntegrations",
        member: "/integrationDetails/name",
    }],
    model_accepts: model_accepts::<crate::MechanicIntegrationsResponse>,
    keeps_to_contract: crate::exact::mechanic_integrations,
}];

/// The endpoint registered under `name`.
pub fn endpoint_by_name(name: &str) -> Option<&'static Endpoint> {
    ENDPOINTS.iter().find(|endpoint| endpoint.name == name)
}

/// The endpoint a request was made to: the method matches and the URL's
/// path equals the endpoint's, whatever the host and query. A trailing
/// slash is tolerated because servers commonly treat both alike.
pub fn endpoint_for_request(method: &str, path: &str) -> Option<&'static Endpoint> {
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    ENDPOINTS
        .iter()
        .find(|e| e.method.as_str().eq_ignore_ascii_case(method) && e.path == path)
}

fn model_accepts<T: serde::de::DeserializeOwned>(
    value: &serde_json::Value,
) -> Result<(), ModelRejection> {
    // Tracking the path costs a third of the time on valid documents, so
    // it is paid only once the model has refused.
    if T::deserialize(crate::strict::Strict(value)).is_ok() {
        return Ok(());
    }
    match serde_path_to_error::deserialize::<_, T>(crate::strict::Strict(value)) {
        Ok(_) => Ok(()),
        Err(error) => Err(ModelRejection {
            pointer: pointer_of(error.path()),
        }),
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        pointer.push('/');
        match segment {
            Segment::Seq { index } => pointer.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => pointer.push('?'),
        }
    }
    pointer
}
