//! Typed payloads of Autobutler's Mechanics API and the registry of the
//! endpoints whose responses we hold to their documented contract.
//!
//! The crate does no I/O. Its JSON Schemas, generated with [`schema`], are
//! the contract that `validate` checks responses against; the copies
//! committed under `schemas/` are compared with this crate's output by a
//! test, so the two cannot drift apart unnoticed.
//!
//! ```
//! use mechanics_model::MechanicIntegrationsResponse;
//!
//! let body = r#"{"mechanicIntegrations": [{"integrationDetails": {
//!     "authenticationFields": ["username", "password"],
//!     "authenticationType": "simple",
//!     "features": {"supportsCustomerLookup": false, "supportsOpenJob": true},
//!     "name": "MechanicIntegrations::Au2officeIntegration",
//!     "optionFields": []}}]}"#;
//! let response: MechanicIntegrationsResponse = serde_json::from_str(body).unwrap();
//! assert_eq!(response.mechanic_integrations.len(), 1);
//! assert!(response.mechanic_integrations[0].configuration.is_none());
//! ```
#![deny(missing_docs)]

pub mod blank;
pub mod exact;
mod mechanic_integrations;
pub mod openapi;
mod registry;
pub mod schema;
#[cfg(feature = "proptest")]
pub mod strategies;
mod strict;

pub use mechanic_integrations::{
    AuthenticationType, BlankName, Configuration, Features, IntegrationDetails, IntegrationName,
    MechanicIntegration, MechanicIntegrationsResponse,
};
pub use registry::{
    ENDPOINTS, Endpoint, Method, ModelRejection, UniqueMember, endpoint_by_name,
    endpoint_for_request,
};
