//! A quick yes for responses that keep to the contract to the letter.
//!
//! Building a `serde_json::Value` is most of the cost of checking a
//! response: every key and string is copied and every object becomes a map.
//! Most responses of an API that keeps to its documentation have nothing to
//! report, so a checker may first read the text straight into the borrowed
//! mirrors below, which copy next to nothing and accept only what the
//! contract allows and documents: every required member and no other, no
//! key given twice, an object wherever an object belongs, no blank or
//! repeated name, and plain integers where integers belong.
//!
//! The answer is one-sided. `true` means the full check finds nothing;
//! `false` means only that this reading gave up, for a real problem or for
//! something it does not try to judge (an id written `1.0`, nesting deeper
//! than [`OPEN_DEPTH`] inside `options`), and the full check must say
//! which.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::blank;

/// How deep `options` may nest before the quick reading gives up. The full
/// parse allows more; such documents are rare enough to take the long way.
pub const OPEN_DEPTH: usize = 64;

/// Whether `text` is a mechanic integrations response the full check would
/// find nothing in. Never `true` for one it would find something in.
pub fn mechanic_integrations(text: &str) -> bool {
    match serde_json::from_str::<Object<Response<'_>>>(text) {
        Ok(Object(response)) => names_are_unique(&response.mechanic_integrations),
        Err(_) => false,
    }
}

fn names_are_unique(integrations: &[Object<Integration<'_>>]) -> bool {
    let mut names = Keys::default();
    integrations.iter().all(|i| {
        names
            .insert::<serde_json::Error>(i.0.integration_details.0.name.0.clone())
            .is_ok()
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Response<'a> {
    #[serde(borrow)]
    mechanic_integrations: Vec<Object<Integration<'a>>>,
}

// Members read only to be judged are named with a leading underscore.

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Integration<'a> {
    // Absent and `null` alike: the contract allows both.
    #[serde(borrow, default, rename = "configuration")]
    _configuration: Option<Object<Configuration<'a>>>,
    #[serde(borrow)]
    integration_details: Object<Details<'a>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Details<'a> {
    #[serde(borrow, rename = "authenticationFields")]
    _authentication_fields: Vec<Cow<'a, str>>,
    #[serde(rename = "authenticationType")]
    _authentication_type: AuthenticationType,
    #[serde(rename = "features")]
    _features: Object<Features>,
    #[serde(borrow)]
    name: Name<'a>,
    #[serde(borrow, rename = "optionFields")]
    _option_fields: Vec<Cow<'a, str>>,
}

/// Only the two documented flags: any other is drift for the full check to
/// report.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Features {
    #[serde(rename = "supportsCustomerLookup")]
    _customer_lookup: bool,
    #[serde(rename = "supportsOpenJob")]
    _open_job: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Configuration<'a> {
    #[serde(borrow, rename = "credentials")]
    _credentials: Credentials<'a>,
    #[serde(rename = "id")]
    _id: i64,
    #[serde(rename = "options")]
    _options: Options,
}

/// A value that must be a JSON object. Derived structs also read a JSON
/// array, member by member in order; the contract allows only objects.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Only<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(Only(PhantomData)).map(Object)
    }
}

/// One of the documented values, from a string only (a derived enum also
/// reads `{"simple": null}`).
struct AuthenticationType;

impl<'de> Deserialize<'de> for AuthenticationType {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<'de, str>::deserialize(deserializer)?;
        match &*text {
            "simple" | "oauth2" => Ok(Self),
            _ => Err(de::Error::custom("not a documented authentication type")),
        }
    }
}

/// An integration name that is not blank.
struct Name<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Name<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = borrowed_str(deserializer)?;
        if blank::is_blank(&name) {
            return Err(de::Error::custom("a blank name"));
        }
        Ok(Self(name))
    }
}

/// A string, borrowed from the text unless it has escapes.
fn borrowed_str<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    struct Text;
    impl<'de> Visitor<'de> for Text {
        type Value = Cow<'de, str>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Self::Value, E> {
            Ok(Cow::Borrowed(text))
        }
        fn visit_str<E>(self, text: &str) -> Result<Self::Value, E> {
            Ok(Cow::Owned(text.to_owned()))
        }
    }
    deserializer.deserialize_str(Text)
}

/// Strings under keys given once each.
struct Credentials<'a>(PhantomData<&'a ()>);

impl<'de: 'a, 'a> Deserialize<'de> for Credentials<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Strings;
        impl<'de> Visitor<'de> for Strings {
            type Value = ();
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
                let mut keys = Keys::default();
                while let Some(key) = map.next_key_seed(KeySeed)? {
                    keys.insert::<A::Error>(key)?;
                    map.next_value_seed(StringSeed)?;
                }
                Ok(())
            }
        }
        deserializer.deserialize_map(Strings)?;
        Ok(Self(PhantomData))
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        borrowed_str(deserializer)
    }
}

struct StringSeed;

impl<'de> DeserializeSeed<'de> for StringSeed {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        borrowed_str(deserializer).map(drop)
    }
}

/// Keys or names up to which a repeat is found by comparing each with
/// those before it; beyond, they are hashed, so that an object of a
/// hundred thousand keys costs no more than a full parse.
const FEW: usize = 16;

/// The keys of one object, to refuse one given twice.
#[derive(Default)]
struct Keys<'de> {
    few: Vec<Cow<'de, str>>,
    many: HashSet<Cow<'de, str>>,
}

impl<'de> Keys<'de> {
    fn insert<E: de::Error>(&mut self, key: Cow<'de, str>) -> Result<(), E> {
        if self.few.len() < FEW {
            if self.few.contains(&key) {
                return Err(E::custom("a key given twice"));
            }
            self.few.push(key);
            return Ok(());
        }
        if self.many.is_empty() {
            self.many.extend(self.few.iter().cloned());
        }
        if !self.many.insert(key) {
            return Err(E::custom("a key given twice"));
        }
        Ok(())
    }
}

/// The open `options` object: any members, at any depth up to
/// [`OPEN_DEPTH`], with no key given twice in any object.
struct Options;

impl<'de> Deserialize<'de> for Options {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(Open { depth: 1 })?;
        Ok(Self)
    }
}

/// Any JSON value `depth` levels into `options`.
#[derive(Clone, Copy)]
struct Open {
    depth: usize,
}

impl Open {
    fn inner<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= OPEN_DEPTH {
            return Err(E::custom("nested deeper than the quick reading goes"));
        }
        Ok(Self {
            depth: self.depth + 1,
        })
    }
}

impl<'de> DeserializeSeed<'de> for Open {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Open {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let inner = self.inner::<A::Error>()?;
        let mut keys = Keys::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            keys.insert::<A::Error>(key)?;
            map.next_value_seed(inner)?;
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let inner = self.inner::<A::Error>()?;
        while items.next_element_seed(inner)?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::{OPEN_DEPTH, mechanic_integrations as quick_yes};

    /// One integration with `details` spliced into its details and
    /// `configuration` as its configuration.
    fn response(configuration: &str, details: &str) -> String {
        format!(
            r#"{{"mechanicIntegrations": [{{"configuration": {configuration},
            "integrationDetails": {{"authenticationFields": ["apiKey"],
            "authenticationType": "simple",
            "features": {{"supportsCustomerLookup": true, "supportsOpenJob": false}},
            "optionFields": [] {details}}}}}]}}"#
        )
    }

    const CONFIGURATION: &str = r#"{"credentials": {"apiKey": "FAKE-KEY"}, "id": 7,
        "options": {"a": [1, 2.5, null, {"b": "c"}], "d": true}}"#;

    fn with_name(name: &str) -> String {
        response(CONFIGURATION, &format!(r#", "name": {name}"#))
    }

    #[test]
    fn the_documented_example_is_a_quick_yes() {
        let example = include_str!("../../../fixtures/valid/documented-example.json");
        assert!(quick_yes(example));
        assert!(quick_yes(&with_name(r#""Autobutler""#)));
        assert!(quick_yes(r#"{"mechanicIntegrations": []}"#));
    }

    #[test]
    fn configuration_may_be_absent_or_null_but_nothing_else_blank() {
        let details = r#", "name": "A""#;
        assert!(quick_yes(&response("null", details)));
        let absent = response("null", details).replace(r#""configuration": null,"#, "");
        assert!(!absent.contains("configuration"));
        assert!(quick_yes(&absent));
        assert!(!quick_yes(&response("[]", details)));
        assert!(!quick_yes(&response(
            &CONFIGURATION.replace(r#""id": 7"#, r#""id": null"#),
            details
        )));
    }

    #[test]
    fn objects_are_read_only_from_objects_and_enums_only_from_strings() {
        // serde reads a struct from an array of its members in order.
        let as_array = r#"{"mechanicIntegrations": [[null, {}]]}"#;
        assert!(!quick_yes(as_array));
        assert!(!quick_yes(&with_name(r#""A""#).replace(
            r#""authenticationType": "simple""#,
            r#""authenticationType": {"simple": null}"#
        )));
        assert!(!quick_yes(
            &with_name(r#""A""#).replace("\"simple\"", "\"basic\"")
        ));
        let options_array = CONFIGURATION.replace(r#""options": {"a""#, r#""options": [{"a""#);
        assert!(!quick_yes(&response(
            &options_array.replace("true}}", "true}]}"),
            ", \"name\": \"A\""
        )));
    }

    #[test]
    fn ids_are_plain_integers() {
        for id in ["7.0", "7e0", "\"7\"", "9223372036854775808"] {
            let configuration = CONFIGURATION.replace("\"id\": 7", &format!("\"id\": {id}"));
            assert!(
                !quick_yes(&response(&configuration, ", \"name\": \"A\"")),
                "{id}"
            );
        }
    }

    #[test]
    fn a_key_given_twice_anywhere_is_no_quick_yes() {
        let name = ", \"name\": \"A\"";
        assert!(!quick_yes(&response(
            CONFIGURATION,
            &format!("{name}{name}")
        )));
        // The same key, once escaped: JSON makes them one.
        assert!(!quick_yes(&response(
            CONFIGURATION,
            &format!("{name}, \"n\\u0061me\": \"B\"")
        )));
        let credentials = CONFIGURATION.replace(
            r#"{"apiKey": "FAKE-KEY"}"#,
            r#"{"apiKey": "FAKE-KEY", "api\u004bey": "FAKE-TWO"}"#,
        );
        assert!(!quick_yes(&response(&credentials, name)));
        let nested = CONFIGURATION.replace(r#"{"b": "c"}"#, r#"{"b": "c", "b": "d"}"#);
        assert!(!quick_yes(&response(&nested, name)));
    }

    #[test]
    fn undocumented_members_are_left_to_the_full_check() {
        let name = ", \"name\": \"A\"";
        assert!(!quick_yes(&response(
            CONFIGURATION,
            &format!("{name}, \"extra\": 1")
        )));
        assert!(!quick_yes(&with_name("\"A\"").replace(
            "\"supportsOpenJob\": false",
            "\"supportsOpenJob\": false, \"supportsBilling\": true"
        )));
        assert!(!quick_yes(&response(
            &CONFIGURATION.replace("\"id\": 7", "\"id\": 7, \"x\": 1"),
            name
        )));
        assert!(!quick_yes(
            &with_name("\"A\"").replace("]}", "], \"page\": 1}")
        ));
    }

    #[test]
    fn names_are_neither_blank_nor_repeated() {
        assert!(!quick_yes(&with_name("\"\"")));
        assert!(!quick_yes(&with_name("\" \\u00a0\\t\"")));
        assert!(!quick_yes(&with_name("42")));
        let one = with_name("\"A\"");
        let item = &one[one.find('[').unwrap() + 1..one.rfind(']').unwrap()];
        let twice = |second: &str| format!(r#"{{"mechanicIntegrations": [{item}, {second}]}}"#);
        assert!(!quick_yes(&twice(item)));
        // Written differently, the same name.
        assert!(!quick_yes(&twice(&item.replace("\"A\"", "\"\\u0041\""))));
        assert!(quick_yes(&twice(&item.replace("\"A\"", "\"B\""))));
    }

    #[test]
    fn repeats_are_found_among_many_keys_and_names_too() {
        let keys = |count: usize, repeat: Option<usize>| {
            let mut members: Vec<String> = (0..count).map(|i| format!(r#""k{i}": "v""#)).collect();
            if let Some(i) = repeat {
                members.push(format!(r#""k{i}": "again""#));
            }
            format!("{{{}}}", members.join(", "))
        };
        let configuration = |credentials: &str, options: &str| {
            format!(r#"{{"credentials": {credentials}, "id": 1, "options": {options}}}"#)
        };
        let name = ", \"name\": \"A\"";
        let many = keys(1000, None);
        assert!(quick_yes(&response(&configuration(&many, &many), name)));
        for repeat in [0, 15, 16, 999] {
            let repeated = keys(1000, Some(repeat));
            assert!(
                !quick_yes(&response(&configuration(&many, &repeated), name)),
                "{repeat}"
            );
            assert!(
                !quick_yes(&response(&configuration(&repeated, &many), name)),
                "{repeat}"
            );
        }

        let one = with_name("\"A\"");
        let item = &one[one.find('[').unwrap() + 1..one.rfind(']').unwrap()];
        let items = |names: &[String]| {
            let items: Vec<String> = names
                .iter()
                .map(|name| item.replace("\"A\"", &format!("\"{name}\"")))
                .collect();
            format!(r#"{{"mechanicIntegrations": [{}]}}"#, items.join(", "))
        };
        let mut names: Vec<String> = (0..100).map(|i| format!("Shop {i}")).collect();
        assert!(quick_yes(&items(&names)));
        for repeat in [0, 15, 16, 99] {
            names.push(format!("Shop {repeat}"));
            assert!(!quick_yes(&items(&names)), "{repeat}");
            names.pop();
        }
    }

    #[test]
    fn options_nested_past_the_limit_take_the_long_way() {
        let nested = |levels: usize| {
            let deep = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            CONFIGURATION.replace(r#""d": true"#, &format!(r#""d": {deep}"#))
        };
        // `options` is the first level, its member `d` the second.
        assert!(quick_yes(&response(
            &nested(OPEN_DEPTH - 2),
            ", \"name\": \"A\""
        )));
        assert!(!quick_yes(&response(
            &nested(OPEN_DEPTH - 1),
            ", \"name\": \"A\""
        )));
    }

    #[test]
    fn anything_but_one_json_document_is_no_quick_yes() {
        let valid = with_name("\"A\"");
        assert!(!quick_yes(&format!("{valid} {valid}")));
        assert!(!quick_yes(&valid[..valid.len() - 1]));
        assert!(!quick_yes(""));
        assert!(!quick_yes(&valid.replace("2.5", "1e400")));
    }

    /// The constraints of the committed schema, descriptions aside, as they
    /// were when the mirrors above were last held against them. A change
    /// to the schema (a new member, a tighter type, a pattern) fails here
    /// first: the mirrors must then be reviewed, since a quick yes for a
    /// response the new schema refuses would hide a violation.
    #[test]
    fn the_mirrors_were_reviewed_against_the_committed_schema() {
        fn constraints(value: &serde_json::Value) -> serde_json::Value {
            match value {
                serde_json::Value::Object(members) => members
                    .iter()
                    .filter(|(key, _)| {
                        !matches!(key.as_str(), "description" | "title" | "examples")
                    })
                    .map(|(key, value)| (key.clone(), constraints(value)))
                    .collect(),
                serde_json::Value::Array(items) => items.iter().map(constraints).collect(),
                other => other.clone(),
            }
        }
        let endpoint = crate::endpoint_by_name("mechanic_integrations").unwrap();
        let committed: serde_json::Value = serde_json::from_str(endpoint.committed_schema).unwrap();
        let reviewed: serde_json::Value = serde_json::from_str(REVIEWED).unwrap();
        assert!(
            constraints(&committed) == reviewed,
            "the committed schema's constraints changed: review crates/model/src/exact.rs \
             against them, then update REVIEWED"
        );
    }

    const REVIEWED: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "mechanicIntegrations": {
      "type": "array",
      "items": {
        "$ref": "#/$defs/MechanicIntegration"
      }
    }
  },
  "required": [
    "mechanicIntegrations"
  ],
  "$defs": {
    "AuthenticationType": {
      "type": "string",
      "enum": [
        "simple",
        "oauth2"
      ]
    },
    "Features": {
      "type": "object",
      "properties": {
        "supportsCustomerLookup": {
          "type": "boolean"
        },
        "supportsOpenJob": {
          "type": "boolean"
        }
      },
      "additionalProperties": {
        "type": "boolean"
      },
      "required": [
        "supportsCustomerLookup",
        "supportsOpenJob"
      ]
    },
    "IntegrationDetails": {
      "type": "object",
      "properties": {
        "authenticationFields": {
          "type": "array",
          "items": {
            "type": "string"
          }
        },
        "authenticationType": {
          "$ref": "#/$defs/AuthenticationType"
        },
        "features": {
          "$ref": "#/$defs/Features"
        },
        "name": {
          "type": "string",
          "minLength": 1,
          "pattern": "[^\\u0009-\\u000d\\u0020\\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028-\\u2029\\u202f\\u205f\\u3000\\ufeff]"
        },
        "optionFields": {
          "type": "array",
          "items": {
            "type": "string"
          }
        }
      },
      "required": [
        "authenticationFields",
        "authenticationType",
        "features",
        "name",
        "optionFields"
      ]
    },
    "MechanicIntegration": {
      "type": "object",
      "properties": {
        "configuration": {
          "type": [
            "object",
            "null"
          ],
          "properties": {
            "credentials": {
              "type": "object",
              "additionalProperties": {
                "type": "string"
              }
            },
            "id": {
              "type": "integer",
              "format": "int64"
            },
            "options": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "required": [
            "credentials",
            "id",
            "options"
          ]
        },
        "integrationDetails": {
          "$ref": "#/$defs/IntegrationDetails"
        }
      },
      "required": [
        "integrationDetails"
      ]
    }
  }
}"##;
}
