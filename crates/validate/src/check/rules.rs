//! Rules JSON Schema cannot express, run in the same pass: keys that
//! repeat, identifiers that must be unique, and the typed model's verdict.

use std::collections::HashMap;

use mechanics_model::{Endpoint, ModelRejection, UniqueMember};
use serde_json::Value;

use crate::finding::{Finding, Related, Rule, Severity};
use crate::parse::DuplicateKey;
use crate::redact::Found;

/// An item whose unique member repeats an earlier item's.
#[derive(Debug)]
pub struct Repeat {
    pointer: String,
    first: String,
}

/// Every repeated value of the endpoint's unique members.
pub fn repeated_members(endpoint: &Endpoint, value: &Value) -> Vec<Repeat> {
    let mut repeats = Vec::new();
    for unique in endpoint.unique {
        let Some(items) = value.pointer(unique.array).and_then(Value::as_array) else {
            continue;
        };
        let members = items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| Some((i, item.pointer(unique.member)?)));
        // A response lists a few dozen items at most as a rule; comparing
        // each with those before it is then cheaper than hashing them all.
        if items.len() <= FEW {
            let mut seen: Vec<(usize, &Value)> = Vec::with_capacity(items.len());
            for (i, member) in members {
                match seen.iter().find(|(_, earlier)| *earlier == member) {
                    Some(&(first, _)) => repeats.push(repeat(unique, i, first)),
                    None => seen.push((i, member)),
                }
            }
            continue;
        }
        let mut seen: HashMap<&Value, usize> = HashMap::new();
        for (i, member) in members {
            if let Some(&first) = seen.get(member) {
                repeats.push(repeat(unique, i, first));
            } else {
                seen.insert(member, i);
            }
        }
    }
    repeats
}

/// Items up to which repeats are found by comparing, not hashing.
const FEW: usize = 32;

fn repeat(unique: &UniqueMember, at: usize, first: usize) -> Repeat {
    Repeat {
        pointer: format!("{}/{at}{}", unique.array, unique.member),
        first: format!("{}/{first}{}", unique.array, unique.member),
    }
}

/// Findings for repeated unique members.
pub fn repeat_findings(repeats: &[Repeat], value: &Value) -> Vec<Finding> {
    repeats
        .iter()
        .map(|repeat| Finding {
            rule: Rule::UniqueName,
            severity: Severity::Error,
            found: value
                .pointer(&repeat.pointer)
                .map_or(Found::Missing, |v| Found::describe(&repeat.pointer, v)),
            expected: "a value no other item has".to_owned(),
            related: Some(Related {
                label: "first used at",
                pointer: repeat.first.clone(),
                location: None,
            }),
            pointer: repeat.pointer.clone(),
            location: None,
            excerpt: None,
            hint: None,
            folded_pointer: String::new(),
        })
        .collect()
}

/// Findings for keys that appear twice in one object. Clients disagree on
/// which of the two values counts, so the document is never valid.
pub fn duplicate_keys(duplicates: &[DuplicateKey]) -> Vec<Finding> {
    duplicates
        .iter()
        .map(|duplicate| {
            let key = duplicate.pointer.rsplit('/').next().unwrap_or_default();
            Finding {
                rule: Rule::DuplicateKey,
                severity: Severity::Error,
                pointer: duplicate.pointer.clone(),
                location: Some(duplicate.again),
                expected: format!("the key `{key}` once per object"),
                found: Found::Repeated,
                related: Some(Related {
                    label: "first at",
                    pointer: duplicate.pointer.clone(),
                    location: Some(duplicate.first),
                }),
                excerpt: None,
                hint: None,
                folded_pointer: String::new(),
            }
        })
        .collect()
}

/// The finding for a value the schema accepts and the typed model refuses,
/// such as `3.0` for an integer: JSON Schema counts it as an integer,
/// typed clients do not.
pub fn model_mismatch(rejection: &ModelRejection, value: &Value) -> Finding {
    let at = value.pointer(&rejection.pointer);
    let expected = match at {
        Some(Value::Number(number)) => integer_expectation(number),
        _ => "a value the typed model accepts (the schema allows it, typed clients refuse it)",
    };
    Finding {
        rule: Rule::ModelMismatch,
        severity: Severity::Error,
        pointer: rejection.pointer.clone(),
        location: None,
        expected: expected.to_owned(),
        found: at.map_or(Found::Missing, |v| Found::describe(&rejection.pointer, v)),
        related: None,
        excerpt: None,
        hint: None,
        folded_pointer: String::new(),
    }
}

/// Why typed clients refuse a number the schema counts as an integer.
fn integer_expectation(number: &serde_json::Number) -> &'static str {
    if number.is_u64() {
        return "an integer within the signed 64-bit range (the schema allows this number, \
                typed clients refuse it)";
    }
    match number.as_f64() {
        Some(float) if float == 0.0 && float.is_sign_negative() => {
            "0 written without a minus sign: typed clients read `-0` as a float (the schema \
             allows this number, typed clients refuse it)"
        }
        // A float may also stand for an integer written beyond 64 bits and
        // rounded into range; the text is not at hand, so both are named.
        _ => {
            "an integer written without a fraction or exponent, within 64 bits (the schema \
             allows this number, typed clients refuse it)"
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn expected_for(number: &str) -> String {
        let id: Value = serde_json::from_str(number).unwrap();
        let value = json!({"id": id});
        let rejection = ModelRejection {
            pointer: "/id".to_owned(),
        };
        model_mismatch(&rejection, &value).expected
    }

    #[test]
    fn each_kind_of_refused_integer_is_explained() {
        for (number, says) in [
            ("3.0", "without a fraction or exponent"),
            ("1e2", "without a fraction or exponent"),
            ("-9223372036854775808.0", "without a fraction or exponent"),
            ("-0", "0 written without a minus sign"),
            ("9223372036854775808", "within the signed 64-bit range"),
            ("18446744073709551616", "within 64 bits"),
            ("-9223372036854775809", "within 64 bits"),
        ] {
            let expected = expected_for(number);
            assert!(expected.contains(says), "{number}: {expected}");
            assert!(expected.ends_with("typed clients refuse it)"), "{expected}");
            assert!(!expected.contains("  "), "{expected}");
        }
    }

    #[test]
    fn repeats_are_found_alike_in_short_and_long_lists() {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
            .expect("the endpoint is registered");
        for count in [5, FEW, FEW + 1, 80] {
            // Names repeat with a period of three, and one item has none.
            let items: Vec<Value> = (0..count)
                .map(|i| match i {
                    1 => serde_json::json!({"integrationDetails": {}}),
                    _ => serde_json::json!({"integrationDetails": {"name": format!("n{}", i % 3)}}),
                })
                .collect();
            let value = serde_json::json!({ "mechanicIntegrations": items });
            let found: Vec<(String, String)> = repeated_members(endpoint, &value)
                .into_iter()
                .map(|r| (r.pointer, r.first))
                .collect();
            let at = |i: usize| format!("/mechanicIntegrations/{i}/integrationDetails/name");
            let expected: Vec<(String, String)> = (3..count)
                .filter(|i| *i != 1)
                .map(|i| {
                    // The first of item 4's kind is item 4 % 3 = 1, which has
                    // no name; item 4 is then the first with that name.
                    let first = if i % 3 == 1 { 4 } else { i % 3 };
                    (at(i), at(first))
                })
                .filter(|(repeat, first)| repeat != first)
                .collect();
            assert_eq!(found, expected, "{count} items");
        }
    }
}
