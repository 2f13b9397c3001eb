//! Drift: members the documentation does not describe.
//!
//! The published schema stays open so that additive change on the server
//! does not break clients; closing it would turn every new member into a
//! violation. Instead the schema is walked alongside the value, and a key
//! is drift when its object's schema lists `properties` and the key is not
//! among them. Objects whose schema lists no properties at all, such as
//! `credentials` and `options`, are maps by documentation and never drift.

use serde_json::{Map, Value};

use crate::finding::{Finding, Rule, Severity};
use crate::parse::spans::escape;
use crate::redact::Found;

/// How many `$ref`s and combinators one schema may expand through before
/// the walk stops following it; guards against reference cycles.
const MAX_EXPANSION: usize = 32;

/// A member the documentation does not describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undocumented {
    /// JSON Pointer of the member's value.
    pub pointer: String,
    /// The closest documented name, when one is close enough to be a typo.
    pub suggestion: Option<String>,
}

/// Every undocumented member of `value`, in document order of the parsed
/// value (keys sorted within each object).
pub fn undocumented(schema: &Value, value: &Value) -> Vec<Undocumented> {
    let mut walker = Walker::new(schema);
    let mut pointer = String::new();
    walker.visit(&[schema], value, &mut pointer);
    walker.found
}

/// The finding for one undocumented member.
pub fn finding(undocumented: &Undocumented, value: &Value, severity: Severity) -> Finding {
    let Undocumented {
        pointer,
        suggestion,
    } = undocumented;
    Finding {
        rule: Rule::Drift,
        severity,
        pointer: pointer.clone(),
        location: None,
        expected: "only members the documentation describes".to_owned(),
        found: value
            .pointer(pointer)
            .map_or(Found::Missing, |v| Found::describe(pointer, v)),
        related: None,
        excerpt: None,
        hint: suggestion
            .as_ref()
            .map(|name| format!("did you mean `{name}`?")),
        folded_pointer: String::new(),
    }
}

/// The walk of one value alongside a schema.
pub(super) struct Walker<'s> {
    root: &'s Value,
    found: Vec<Undocumented>,
}

impl<'s> Walker<'s> {
    /// A walk along `root`, against which `$ref`s resolve.
    pub(super) fn new(root: &'s Value) -> Self {
        Self {
            root,
            found: Vec::new(),
        }
    }

    fn visit(&mut self, schemas: &[&'s Value], value: &Value, pointer: &mut String) {
        let schemas = self.expand(schemas);
        if schemas.is_empty() {
            return;
        }
        match value {
            Value::Object(members) => self.object(&schemas, members, pointer),
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let children: Vec<&Value> = schemas
                        .iter()
                        .filter_map(|s| item_schema(s, index))
                        .collect();
                    let len = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&index.to_string());
                    self.visit(&children, item, pointer);
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        schemas: &[&'s Value],
        members: &Map<String, Value>,
        pointer: &mut String,
    ) {
        let mut documented: Vec<&str> = Vec::new();
        let mut described = false;
        // A key a pattern may match, or that a closed schema already
        // refuses as a violation, is not ours to report.
        let mut open = false;
        for schema in schemas {
            if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                described = true;
                documented.extend(properties.keys().map(String::as_str));
            }
            if schema.get("patternProperties").is_some()
                || schema.get("additionalProperties") == Some(&Value::Bool(false))
            {
                open = true;
            }
        }
        for (key, member) in members {
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape(key));
            if described && !open && !documented.contains(&key.as_str()) {
                self.found.push(Undocumented {
                    pointer: pointer.clone(),
                    suggestion: suggest(key, &documented),
                });
            }
            let children: Vec<&Value> = schemas
                .iter()
                .filter_map(|s| member_schema(s, key))
                .collect();
            self.visit(&children, member, pointer);
            pointer.truncate(len);
        }
    }

    /// The schemas that apply to one value: each schema itself, plus what
    /// its local `$ref`s and its `allOf`, `anyOf` and `oneOf` lead to.
    /// Alternatives are merged: a member documented in any of them is
    /// documented.
    pub(super) fn expand(&self, schemas: &[&'s Value]) -> Vec<&'s Value> {
        let mut out = Vec::new();
        let mut queue: Vec<(&'s Value, usize)> = schemas.iter().map(|s| (*s, 0)).collect();
        while let Some((schema, depth)) = queue.pop() {
            let Some(object) = schema.as_object() else {
                continue;
            };
            out.push(schema);
            if depth >= MAX_EXPANSION {
                continue;
            }
            if let Some(target) = object
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| self.resolve(r))
            {
                queue.push((target, depth + 1));
            }
            for keyword in ["allOf", "anyOf", "oneOf"] {
                if let Some(list) = object.get(keyword).and_then(Value::as_array) {
                    queue.extend(list.iter().map(|s| (s, depth + 1)));
                }
            }
        }
        out
    }

    /// A reference within the same document; remote references are not
    /// followed, since nothing may leave the machine.
    fn resolve(&self, reference: &str) -> Option<&'s Value> {
        let fragment = reference.strip_prefix('#')?;
        self.root.pointer(fragment)
    }
}

pub(super) fn member_schema<'s>(schema: &'s Value, key: &str) -> Option<&'s Value> {
    if let Some(property) = schema.get("properties").and_then(|p| p.get(key)) {
        return Some(property);
    }
    schema.get("additionalProperties")
}

pub(super) fn item_schema(schema: &Value, index: usize) -> Option<&Value> {
    if let Some(prefix) = schema.get("prefixItems").and_then(Value::as_array)
        && let Some(item) = prefix.get(index)
    {
        return Some(item);
    }
    match schema.get("items") {
        // Draft 4 to 7 spell positional items as an array under `items`.
        Some(Value::Array(positional)) => positional
            .get(index)
            .or_else(|| schema.get("additionalItems")),
        other => other,
    }
}

/// The documented name `key` most likely misspells: equal but for case,
/// or within an edit distance of a third of its length.
pub(super) fn suggest(key: &str, documented: &[&str]) -> Option<String> {
    let key = key.to_lowercase();
    let length = key.chars().count();
    let allowed = (length / 3).max(1);
    documented
        .iter()
        // Names whose lengths differ by more than allowed are further
        // apart than that; the edit distance is the costly part.
        .filter(|name| name.chars().count().abs_diff(length) <= allowed)
        .map(|name| {
            let distance = strsim::damerau_levenshtein(&key, &name.to_lowercase());
            (distance, *name)
        })
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, name)| name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn committed() -> Value {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations").unwrap();
        serde_json::from_str(endpoint.committed_schema).unwrap()
    }

    fn pointers(value: &Value) -> Vec<(String, Option<String>)> {
        undocumented(&committed(), value)
            .into_iter()
            .map(|u| (u.pointer, u.suggestion))
            .collect()
    }

    #[test]
    fn unknown_members_are_found_at_every_documented_level() {
        let value = json!({
            "page": 1,
            "mechanicIntegrations": [{
                "logo": "x.png",
                "configuration": {"credentials": {}, "id": 1, "options": {}, "active": true},
                "integrationDetails": {
                    "authenticationFields": [], "authenticationType": "simple",
                    "features": {"supportsCustomerLookup": true, "supportsOpenJob": true,
                                 "supportsInvoices": false},
                    "name": "A", "optionFields": [], "category": "crm"
                }
            }]
        });
        let found: Vec<String> = pointers(&value).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            found,
            [
                "/mechanicIntegrations/0/configuration/active",
                "/mechanicIntegrations/0/integrationDetails/category",
                "/mechanicIntegrations/0/integrationDetails/features/supportsInvoices",
                "/mechanicIntegrations/0/logo",
                "/page",
            ]
        );
    }

    #[test]
    fn credentials_and_options_are_open() {
        let value = json!({"mechanicIntegrations": [{
            "configuration": {
                "credentials": {"anything": "FAKE-pw-0001"},
                "id": 1,
                "options": {"nested": {"deep": [{"x": 1}]}}
            },
            "integrationDetails": {}
        }]});
        assert!(pointers(&value).is_empty());
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        let value = json!({"mechanicIntegrations": [{"integrationDetails": {
            "features": {"supportsOpenjob": true},
            "authenticationField": [],
            "colour": "red"
        }}]});
        assert_eq!(
            pointers(&value),
            [
                (
                    "/mechanicIntegrations/0/integrationDetails/authenticationField".to_owned(),
                    Some("authenticationFields".to_owned())
                ),
                (
                    "/mechanicIntegrations/0/integrationDetails/colour".to_owned(),
                    None
                ),
                (
                    "/mechanicIntegrations/0/integrationDetails/features/supportsOpenjob"
                        .to_owned(),
                    Some("supportsOpenJob".to_owned())
                ),
            ]
        );
    }

    #[test]
    fn closed_and_patterned_objects_are_left_to_the_schema() {
        let schema = json!({
            "type": "object",
            "properties": {"a": {"type": "object", "properties": {"b": true},
                                  "additionalProperties": false}},
            "patternProperties": {"^x-": true}
        });
        let value = json!({"x-extra": 1, "a": {"b": 1, "c": 2}});
        assert!(undocumented(&schema, &value).is_empty());
    }

    #[test]
    fn alternatives_and_cyclic_references_are_followed_safely() {
        let schema = json!({
            "$defs": {"node": {"anyOf": [
                {"properties": {"next": {"$ref": "#/$defs/node"}}},
                {"properties": {"leaf": true}}
            ]}},
            "$ref": "#/$defs/node"
        });
        let value = json!({"leaf": 1, "next": {"next": {"oops": 1}}});
        let found: Vec<String> = undocumented(&schema, &value)
            .into_iter()
            .map(|u| u.pointer)
            .collect();
        assert_eq!(found, ["/next/next/oops"]);
    }
}
