//! Generated payloads, valid, broken on purpose, and mutated at random:
//! every verdict agrees, or `validate` reports the disagreement.

use mechanics_model::strategies::{broken_payload, open_value, payload};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{Value, json};

use crate::oracle::oracle;

proptest! {
    // Each case checks one small document four ways; 64 cases keep the
    // suite quick on two cores and still reach every generator branch.
    #![proptest_config(config(64))]

    #[test]
    fn valid_payloads_are_accepted_by_every_verdict(value in payload()) {
        let text = serde_json::to_string_pretty(&value).unwrap();
        let verdicts = oracle().assert_consistent("generated", &text);
        prop_assert!(verdicts.schema, "{}", text);
        prop_assert!(verdicts.model.is_ok(), "{:?}", verdicts.model);
    }

    #[test]
    fn broken_payloads_get_one_verdict(broken in broken_payload()) {
        let text = serde_json::to_string_pretty(&broken.payload).unwrap();
        oracle().assert_consistent(&format!("{:?}", broken.breakage), &text);
    }
}

proptest! {
    // Mutations reach shapes no breakage was written for; they are the
    // search for unknown disagreements, so they get more cases.
    #![proptest_config(config(256))]

    #[test]
    fn mutated_payloads_get_one_verdict(
        (value, mutation) in (payload(), mutation()),
        at in any::<Index>(),
    ) {
        let mut value = value;
        let pointers = pointers(&value);
        let pointer = &pointers[at.index(pointers.len())];
        mutation.apply(&mut value, pointer);
        let text = serde_json::to_string_pretty(&value).unwrap();
        oracle().assert_consistent(&format!("{mutation:?} at `{pointer}`"), &text);
    }
}

/// Failures are kept beside this file, where a reviewer sees them.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::with_cases(cases)
    }
}

/// One change to one value of a payload.
#[derive(Debug, Clone)]
enum Mutation {
    /// Put this value there instead.
    Replace(Value),
    /// Turn an object into the array of its member values, in key order:
    /// the form serde's derive also reads structs from.
    ObjectToArray,
    /// Remove the member.
    Remove,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => odd_value().prop_map(Mutation::Replace),
        1 => Just(Mutation::ObjectToArray),
        1 => Just(Mutation::Remove),
    ]
}

/// Values that typed clients and schema validators are known to read
/// differently, mixed with arbitrary ones.
fn odd_value() -> impl Strategy<Value = Value> {
    let numbers = [
        "3.0",
        "1e2",
        "-0",
        "0.5",
        "9007199254740993",
        "9223372036854775808",
        "18446744073709551616",
        "-9223372036854775809",
        "1.0000000000000000001",
    ];
    let numbers: Vec<Value> = numbers
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect();
    let blanks = [
        "", " ", "\t\n", "\u{a0}", "\u{feff}", "\u{85}", "\u{3000}", "\u{2000}", "\u{1680}",
        "\u{180e}", "\u{200b}",
    ];
    prop_oneof![
        open_value(),
        prop::sample::select(numbers),
        prop::sample::select(blanks.map(Value::from).to_vec()),
        Just(json!({"simple": null})),
        Just(json!({"oauth2": []})),
        Just(json!(["simple"])),
    ]
}

impl Mutation {
    fn apply(&self, root: &mut Value, pointer: &str) {
        match self {
            Self::Replace(value) => *root.pointer_mut(pointer).unwrap() = value.clone(),
            Self::ObjectToArray => {
                let at = root.pointer_mut(pointer).unwrap();
                if let Value::Object(members) = at {
                    *at = Value::Array(
                        std::mem::take(members)
                            .into_iter()
                            .map(|(_, v)| v)
                            .collect(),
                    );
                }
            }
            Self::Remove => {
                let Some((parent, key)) = pointer.rsplit_once('/') else {
                    return;
                };
                match root.pointer_mut(parent).unwrap() {
                    Value::Object(members) => {
                        members.remove(&key.replace("~1", "/").replace("~0", "~"));
                    }
                    Value::Array(items) => {
                        items.remove(key.parse::<usize>().unwrap());
                    }
                    _ => unreachable!("a parent holds children"),
                }
            }
        }
    }
}

/// Every JSON Pointer in `value`, the root included.
fn pointers(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    collect(value, String::new(), &mut out);
    out
}

fn collect(value: &Value, pointer: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (key, child) in members {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect(child, format!("{pointer}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, format!("{pointer}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(pointer);
}
