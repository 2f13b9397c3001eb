//! `GET /api/v2/mechanics/mechanic_integrations`: the integrations a
//! mechanic can use, with the stored configuration of those in use.
//!
//! Doc comments here become the `description`s of the published schema, so
//! they are written for API consumers, not for Rust readers.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::blank;

/// The list of integrations available to the mechanic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
#[schemars(title = "Mechanic integrations response")]
pub struct MechanicIntegrationsResponse {
    /// Every integration the mechanic may use, configured or not. May be
    /// empty.
    pub mechanic_integrations: Vec<MechanicIntegration>,
}

/// One integration: what it is, and how the mechanic has set it up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct MechanicIntegration {
    /// How the mechanic's workshop has set this integration up. Absent or
    /// null when the integration is not configured and active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configuration: Option<Configuration>,
    /// What this kind of integration is and what it supports.
    pub integration_details: IntegrationDetails,
}

/// What a kind of integration is, independent of any workshop.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct IntegrationDetails {
    /// Names of the fields a mechanic fills in to authenticate, such as
    /// `username`, `password` or `token`. May be empty.
    pub authentication_fields: Vec<String>,
    /// How the integration authenticates against the third party.
    pub authentication_type: AuthenticationType,
    /// Which optional capabilities the integration has.
    pub features: Features,
    /// The integration's unique identifier, such as
    /// `MechanicIntegrations::CrmpIntegration`. Never blank, and unique
    /// within one response.
    pub name: IntegrationName,
    /// Names of the fields a mechanic may fill in to set the integration's
    /// options. May be empty.
    pub option_fields: Vec<String>,
}

/// The authentication scheme an integration uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuthenticationType {
    /// Username, password or token fields, sent as they are stored.
    #[serde(rename = "simple")]
    Simple,
    /// An OAuth2 grant.
    #[serde(rename = "oauth2")]
    OAuth2,
}

impl AuthenticationType {
    /// Every documented value, as sent.
    pub const ALL: [Self; 2] = [Self::Simple, Self::OAuth2];

    /// The value as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::OAuth2 => "oauth2",
        }
    }
}

// Written by hand: the derive renders documented variants as a `oneOf` of
// constants, and a validator then reports a bad value as "not valid under
// any of the given schemas" instead of naming the allowed set.
impl JsonSchema for AuthenticationType {
    fn schema_name() -> Cow<'static, str> {
        "AuthenticationType".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "How the integration authenticates: `simple` sends stored \
                username, password or token values; `oauth2` uses an OAuth2 grant.",
            "type": "string",
            "enum": Self::ALL.map(Self::as_str),
        })
    }
}

/// Boolean flags for the capabilities of an integration. Flags beyond the
/// documented two may appear; each is a boolean.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Features {
    /// The integration can look customers up in the third-party system.
    pub supports_customer_lookup: bool,
    /// The integration can open a job in the third-party system.
    pub supports_open_job: bool,
    /// Undocumented flags, kept so that a round trip loses nothing.
    #[serde(flatten)]
    pub other: BTreeMap<String, bool>,
}

/// The stored set-up of an integration for one workshop.
///
/// Always inlined in the schema so that "absent or null" is a plain
/// `type: [object, null]` rather than an `anyOf`: validators then report a
/// bad member at its own path instead of "not valid under any schema".
#[derive(Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(inline)]
pub struct Configuration {
    /// The authentication values stored for the mechanic, each a string.
    /// Secret. May hold keys beyond the integration's
    /// `authenticationFields`.
    pub credentials: BTreeMap<String, String>,
    /// The id of this configuration.
    pub id: i64,
    /// The option values stored for the mechanic. May hold keys beyond the
    /// integration's `optionFields`.
    pub options: Map<String, Value>,
}

// Credentials are live secrets of a workshop; a stray `{:?}` in a log line
// must not be the way they leak, so Debug shows only their keys.
impl fmt::Debug for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let credential_keys: Vec<&String> = self.credentials.keys().collect();
        f.debug_struct("Configuration")
            .field(
                "credentials",
                &format_args!("<redacted: keys {credential_keys:?}>"),
            )
            .field("id", &self.id)
            .field("options", &self.options)
            .finish()
    }
}

/// An integration's identifier: a string with at least one character that
/// is not white space.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IntegrationName(String);

/// The error for a name that is empty or only white space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlankName;

impl fmt::Display for BlankName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integration name must not be blank")
    }
}

impl std::error::Error for BlankName {}

impl IntegrationName {
    /// Accepts any string that is not blank (see [`crate::blank`]).
    pub fn new(name: impl Into<String>) -> Result<Self, BlankName> {
        let name = name.into();
        if blank::is_blank(&name) {
            return Err(BlankName);
        }
        Ok(Self(name))
    }

    /// The name as sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for IntegrationName {
    type Error = BlankName;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::new(name)
    }
}

impl From<IntegrationName> for String {
    fn from(name: IntegrationName) -> Self {
        name.0
    }
}

impl fmt::Display for IntegrationName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl JsonSchema for IntegrationName {
    fn schema_name() -> Cow<'static, str> {
        "IntegrationName".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "pattern": blank::non_blank_pattern(),
        })
    }
}
