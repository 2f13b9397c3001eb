//! proptest strategies for payloads of the registered endpoints: valid
//! ones, and ones that break exactly one documented constraint.
//!
//! The rule names in [`Broken::rule`] are those `validate` reports.

use std::collections::HashSet;

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value, json};

use crate::{
    AuthenticationType, Configuration, Features, IntegrationDetails, IntegrationName,
    MechanicIntegration, MechanicIntegrationsResponse,
};

/// Strings matching `regex`. A plain `&str` strategy parses its regular
/// expression again for every value; this parses it once, which makes
/// large corpora several times faster to generate.
pub fn matching(regex: &str) -> impl Strategy<Value = String> + use<> {
    proptest::string::string_regex(regex).expect("the strategies' regular expressions are valid")
}

/// Text with unusual but legal characters: quotes, backslashes, escapes,
/// non-Latin scripts, emoji.
pub fn unusual_text() -> impl Strategy<Value = String> {
    prop_oneof![
        matching("[a-zA-Z0-9_:]{0,24}"),
        matching("\\PC{0,16}"),
        Just("quote \" backslash \\ slash / tab\t".to_owned()),
        Just("Værksted Ærø — 🚗 ✓".to_owned()),
    ]
}

/// A non-blank integration name.
pub fn integration_name() -> impl Strategy<Value = IntegrationName> {
    (unusual_text(), matching("[A-Za-z0-9]"), unusual_text()).prop_map(|(before, anchor, after)| {
        IntegrationName::new(format!("{before}{anchor}{after}"))
            .expect("the anchor character is not white space")
    })
}

/// Details of one integration.
pub fn integration_details() -> impl Strategy<Value = IntegrationDetails> {
    (
        prop::collection::vec(unusual_text(), 0..4),
        prop::sample::select(AuthenticationType::ALL.to_vec()),
        features(),
        integration_name(),
        prop::collection::vec(unusual_text(), 0..4),
    )
        .prop_map(
            |(authentication_fields, authentication_type, features, name, option_fields)| {
                IntegrationDetails {
                    authentication_fields,
                    authentication_type,
                    features,
                    name,
                    option_fields,
                }
            },
        )
}

/// Feature flags, sometimes with undocumented ones.
pub fn features() -> impl Strategy<Value = Features> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::btree_map(matching("supports[A-Z][a-z]{1,8}"), any::<bool>(), 0..2),
    )
        .prop_map(
            |(supports_customer_lookup, supports_open_job, other)| Features {
                supports_customer_lookup,
                supports_open_job,
                other,
            },
        )
}

/// Any JSON value, nested a little, for the open `options` object.
pub fn open_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (-1e9f64..1e9).prop_map(Value::from),
        unusual_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(matching("[a-z]{1,8}"), inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A credential value. Every one is marked fake, so that a test can plant
/// them and prove that no output shows one.
pub fn fake_secret() -> impl Strategy<Value = String> {
    prop_oneof![
        unusual_text().prop_map(|text| format!("FAKE-pw-{text}")),
        matching("[A-Za-z0-9]{0,24}").prop_map(|text| format!("tok_FAKE_{text}")),
    ]
}

/// A stored configuration.
pub fn configuration() -> impl Strategy<Value = Configuration> {
    (
        prop::collection::btree_map(matching("[a-zA-Z]{1,12}"), fake_secret(), 0..4),
        any::<i64>(),
        prop::collection::btree_map(matching("[a-zA-Z]{1,12}"), open_value(), 0..4),
    )
        .prop_map(|(credentials, id, options)| Configuration {
            credentials,
            id,
            options: options.into_iter().collect::<Map<_, _>>(),
        })
}

/// One integration, configured or not.
pub fn integration() -> impl Strategy<Value = MechanicIntegration> {
    (prop::option::of(configuration()), integration_details()).prop_map(
        |(configuration, integration_details)| MechanicIntegration {
            configuration,
            integration_details,
        },
    )
}

/// A response with `sizes` integrations, names made unique.
pub fn response_sized(
    sizes: std::ops::Range<usize>,
) -> impl Strategy<Value = MechanicIntegrationsResponse> {
    prop::collection::vec(integration(), sizes).prop_map(|mut integrations| {
        let mut seen = HashSet::new();
        for (i, integration) in integrations.iter_mut().enumerate() {
            let name = &mut integration.integration_details.name;
            if !seen.insert(name.clone()) {
                *name = IntegrationName::new(format!("{name}#{i}"))
                    .expect("a suffix keeps a non-blank name non-blank");
                seen.insert(name.clone());
            }
        }
        MechanicIntegrationsResponse {
            mechanic_integrations: integrations,
        }
    })
}

/// A valid response of 0 to 8 integrations.
pub fn response() -> impl Strategy<Value = MechanicIntegrationsResponse> {
    response_sized(0..8)
}

/// A valid response as JSON, where an unconfigured integration is written
/// sometimes without `configuration` and sometimes with `null`.
pub fn payload() -> impl Strategy<Value = Value> {
    payload_sized(0..8)
}

/// [`payload`] with a chosen number of integrations.
pub fn payload_sized(sizes: std::ops::Range<usize>) -> impl Strategy<Value = Value> {
    (response_sized(sizes), any::<u64>()).prop_map(|(response, nulls)| {
        let mut value = serde_json::to_value(&response).expect("the model serializes to JSON");
        if let Some(items) = value["mechanicIntegrations"].as_array_mut() {
            for (i, item) in items.iter_mut().enumerate() {
                if item.get("configuration").is_none() && nulls >> (i % 64) & 1 == 1 {
                    item["configuration"] = Value::Null;
                }
            }
        }
        value
    })
}

/// A documented constraint that a payload can be made to break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Breakage {
    /// Remove a required member.
    MissingRequired,
    /// Put `null` where the value cannot be blank.
    NullNotNullable,
    /// An `authenticationType` outside the documented set.
    EnumOutside,
    /// A value of the wrong JSON type.
    WrongType,
    /// An empty or white-space name.
    BlankName,
    /// A name another integration already has.
    DuplicateName,
    /// `configuration.id` written with a fraction, like `3.0`.
    FractionalId,
    /// A credential value that is not a string.
    CredentialNotString,
}

impl Breakage {
    /// Every kind of breakage.
    pub const ALL: [Self; 8] = [
        Self::MissingRequired,
        Self::NullNotNullable,
        Self::EnumOutside,
        Self::WrongType,
        Self::BlankName,
        Self::DuplicateName,
        Self::FractionalId,
        Self::CredentialNotString,
    ];

    /// The breakage's stable name, as given on command lines.
    pub fn name(self) -> &'static str {
        match self {
            Self::MissingRequired => "missing-required",
            Self::NullNotNullable => "null",
            Self::EnumOutside => "enum",
            Self::WrongType => "wrong-type",
            Self::BlankName => "blank-name",
            Self::DuplicateName => "duplicate-name",
            Self::FractionalId => "fractional-id",
            Self::CredentialNotString => "credential-not-string",
        }
    }

    /// What the breakage does, in a few words.
    pub fn summary(self) -> &'static str {
        match self {
            Self::MissingRequired => "remove a required member",
            Self::NullNotNullable => "put null where the value cannot be blank",
            Self::EnumOutside => "an authenticationType outside the documented set",
            Self::WrongType => "a value of the wrong JSON type",
            Self::BlankName => "an empty or white-space integration name",
            Self::DuplicateName => "a name another integration already has",
            Self::FractionalId => "configuration.id written with a fraction, like 3.0",
            Self::CredentialNotString => "a credential value that is not a string",
        }
    }

    /// The fewest integrations a response needs for this breakage: a
    /// duplicate needs an original.
    pub fn min_integrations(self) -> usize {
        match self {
            Self::DuplicateName => 2,
            _ => 1,
        }
    }

    /// The rule `validate` reports for this breakage.
    pub fn rule(self) -> &'static str {
        match self {
            Self::MissingRequired => "required",
            Self::NullNotNullable => "null",
            Self::EnumOutside => "enum",
            Self::WrongType | Self::CredentialNotString => "type",
            Self::BlankName => "blank",
            Self::DuplicateName => "unique-name",
            Self::FractionalId => "model-mismatch",
        }
    }
}

/// A payload with exactly one constraint broken, and the finding it must
/// give.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The payload.
    pub payload: Value,
    /// What was broken.
    pub breakage: Breakage,
    /// The rule name `validate` reports.
    pub rule: &'static str,
    /// JSON Pointer of the finding.
    pub pointer: String,
}

/// A payload with one constraint of any kind broken.
pub fn broken_payload() -> impl Strategy<Value = Broken> {
    prop::sample::select(Breakage::ALL.to_vec()).prop_flat_map(broken)
}

/// A payload of 2 to 5 integrations with `breakage` applied once.
pub fn broken(breakage: Breakage) -> impl Strategy<Value = Broken> {
    broken_sized(breakage, 2..6)
}

/// A payload with `breakage` applied once, with a chosen number of
/// integrations. Sizes below [`Breakage::min_integrations`] are raised to
/// it.
pub fn broken_sized(
    breakage: Breakage,
    sizes: std::ops::Range<usize>,
) -> impl Strategy<Value = Broken> {
    let least = breakage.min_integrations();
    let sizes = sizes.start.max(least)..sizes.end.max(least + 1);
    (
        payload_sized(sizes),
        any::<Index>(),
        any::<Index>(),
        any::<Index>(),
    )
        .prop_map(move |(mut payload, item, member, variant)| {
            let pointer = apply(&mut payload, breakage, item, member, variant);
            Broken {
                payload,
                breakage,
                rule: breakage.rule(),
                pointer,
            }
        })
}

const DETAILS_MEMBERS: [&str; 5] = [
    "authenticationFields",
    "authenticationType",
    "features",
    "name",
    "optionFields",
];
const CONFIGURATION_MEMBERS: [&str; 3] = ["credentials", "id", "options"];

/// Applies one breakage to a payload of at least two integrations and
/// returns the pointer of the finding it causes.
fn apply(
    payload: &mut Value,
    breakage: Breakage,
    item: Index,
    member: Index,
    variant: Index,
) -> String {
    let count = payload["mechanicIntegrations"]
        .as_array()
        .map_or(0, Vec::len);
    let i = item.index(count);
    let base = format!("/mechanicIntegrations/{i}");
    let details = format!("{base}/integrationDetails");
    // Configuration breakages need a configuration to break.
    let configured = |payload: &mut Value| {
        let item = &mut payload["mechanicIntegrations"][i];
        if !item["configuration"].is_object() {
            item["configuration"] =
                json!({"credentials": {"username": "u"}, "id": 7, "options": {}});
        }
        format!("{base}/configuration")
    };
    let set = |payload: &mut Value, pointer: &str, value: Value| {
        *payload
            .pointer_mut(pointer)
            .expect("the strategy only aims at members it generated") = value;
    };
    match breakage {
        Breakage::MissingRequired => {
            let targets: Vec<(String, &str)> = DETAILS_MEMBERS
                .iter()
                .map(|m| (details.clone(), *m))
                .chain([(format!("{details}/features"), "supportsOpenJob")])
                .chain([(format!("{details}/features"), "supportsCustomerLookup")])
                .chain([(base.clone(), "integrationDetails")])
                .chain(
                    CONFIGURATION_MEMBERS
                        .iter()
                        .map(|m| (format!("{base}/configuration"), *m)),
                )
                .collect();
            let (parent, name) = targets[member.index(targets.len())].clone();
            if parent.ends_with("/configuration") {
                configured(payload);
            }
            payload
                .pointer_mut(&parent)
                .and_then(Value::as_object_mut)
                .expect("the parent is an object")
                .remove(name);
            format!("{parent}/{name}")
        }
        Breakage::NullNotNullable => {
            let mut targets: Vec<String> = DETAILS_MEMBERS
                .iter()
                .map(|m| format!("{details}/{m}"))
                .collect();
            targets.push(format!("{details}/features/supportsOpenJob"));
            targets.push(format!("{base}/integrationDetails"));
            targets.extend(
                CONFIGURATION_MEMBERS
                    .iter()
                    .map(|m| format!("{base}/configuration/{m}")),
            );
            let target = targets[member.index(targets.len())].clone();
            if target.contains("/configuration/") {
                configured(payload);
            }
            set(payload, &target, Value::Null);
            target
        }
        Breakage::EnumOutside => {
            let outside = ["oauth", "OAuth2", "Simple", "", "basic", "oauth2 "];
            let target = format!("{details}/authenticationType");
            set(
                payload,
                &target,
                json!(outside[variant.index(outside.len())]),
            );
            target
        }
        Breakage::WrongType => {
            let targets: [(String, Value); 6] = [
                (format!("{details}/authenticationFields"), json!("username")),
                (format!("{details}/optionFields"), json!({})),
                (format!("{details}/features"), json!([true])),
                (
                    format!("{details}/features/supportsCustomerLookup"),
                    json!("true"),
                ),
                (format!("{details}/name"), json!(12)),
                (format!("{base}/configuration/id"), json!("3")),
            ];
            let (target, value) = targets[member.index(targets.len())].clone();
            if target.contains("/configuration/") {
                configured(payload);
            }
            set(payload, &target, value);
            target
        }
        Breakage::BlankName => {
            let blanks = ["", " ", "\t", "  \n ", "\u{a0}", "\u{3000}"];
            let target = format!("{details}/name");
            set(payload, &target, json!(blanks[variant.index(blanks.len())]));
            target
        }
        Breakage::DuplicateName => {
            let j = (i + 1 + member.index(count - 1)) % count;
            let (first, second) = (i.min(j), i.max(j));
            let name = payload["mechanicIntegrations"][first]["integrationDetails"]["name"].clone();
            let target = format!("/mechanicIntegrations/{second}/integrationDetails/name");
            set(payload, &target, name);
            target
        }
        Breakage::FractionalId => {
            let target = format!("{}/id", configured(payload));
            let id = payload
                .pointer(&target)
                .and_then(Value::as_i64)
                .unwrap_or(3);
            // Halving keeps the float exact, so it is still a whole number.
            let whole = (id / 2) as f64;
            set(payload, &target, json!(whole));
            target
        }
        Breakage::CredentialNotString => {
            let credentials = format!("{}/credentials", configured(payload));
            let values = [json!(["secret"]), json!(12), json!(true), json!({"v": "s"})];
            payload
                .pointer_mut(&credentials)
                .and_then(Value::as_object_mut)
                .expect("a configuration made or generated here has a credentials object")
                .insert(
                    "password".to_owned(),
                    values[variant.index(values.len())].clone(),
                );
            format!("{credentials}/password")
        }
    }
}
