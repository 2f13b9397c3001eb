//! No input can crash the checker: arbitrary bytes and arbitrary mutations
//! of valid responses each end in findings or a "not checked" outcome, and
//! a clean verdict only ever goes to a document the schema accepts. The
//! quick yes, which skips building a value for documents that keep to the
//! contract, never changes a verdict.

use mechanics_model::strategies::{broken_payload, payload};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use validate::check::{Checker, Verdict};

fn checker() -> Checker {
    Checker::builtin(mechanics_model::endpoint_by_name("mechanic_integrations").unwrap())
}

/// Every document the long way, building its value.
fn full_checker() -> Checker {
    checker().without_quick_yes()
}

/// The verdict, which must not depend on whether the quick yes was tried.
fn verdict_of(bytes: &[u8]) -> Result<Verdict, TestCaseError> {
    let verdict = checker().check(bytes);
    let full = full_checker().check(bytes);
    prop_assert_eq!(format!("{verdict:?}"), format!("{full:?}"));
    Ok(verdict)
}

fn text_of(value: &serde_json::Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(value).unwrap()
    } else {
        serde_json::to_string(value).unwrap()
    }
}

fn quick_yes(text: &str) -> bool {
    (checker().endpoint().keeps_to_contract)(text)
}

/// A clean verdict must be right: the bytes are JSON the committed schema
/// accepts, with no key repeated.
fn assert_consistent(bytes: &[u8], verdict: &Verdict) -> Result<(), TestCaseError> {
    match verdict {
        Verdict::Checked(findings) if findings.is_empty() => {
            let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes));
            let value: serde_json::Value = serde_json::from_str(text.map_err(|e| {
                TestCaseError::fail(format!("clean verdict for non-UTF-8 input: {e}"))
            })?)
            .map_err(|e| TestCaseError::fail(format!("clean verdict for non-JSON: {e}")))?;
            let schema: serde_json::Value =
                serde_json::from_str(checker().endpoint().committed_schema).unwrap();
            prop_assert!(jsonschema::is_valid(&schema, &value));
        }
        Verdict::Checked(findings) => {
            for finding in findings {
                prop_assert!(finding.pointer.is_empty() || finding.pointer.starts_with('/'));
            }
        }
        Verdict::NotChecked(_) => {}
    }
    Ok(())
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip {
        at: prop::sample::Index,
        byte: u8,
    },
    Insert {
        at: prop::sample::Index,
        bytes: Vec<u8>,
    },
    Delete {
        at: prop::sample::Index,
        len: usize,
    },
    Truncate {
        at: prop::sample::Index,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let token = prop::sample::select(vec![
        b"{".to_vec(),
        b"}".to_vec(),
        b"[".to_vec(),
        b",".to_vec(),
        b"\"".to_vec(),
        b"\\u".to_vec(),
        b"\\ud800".to_vec(),
        b"NaN".to_vec(),
        b"1e400".to_vec(),
        b"null".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b"\xFF".to_vec(),
        b"\x00".to_vec(),
    ]);
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>())
            .prop_map(|(at, byte)| Mutation::Flip { at, byte }),
        (any::<prop::sample::Index>(), token)
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<prop::sample::Index>(), 1..8usize)
            .prop_map(|(at, len)| Mutation::Delete { at, len }),
        any::<prop::sample::Index>().prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn mutate(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for mutation in mutations {
        if bytes.is_empty() {
            break;
        }
        match mutation {
            Mutation::Flip { at, byte } => {
                let i = at.index(bytes.len());
                bytes[i] = *byte;
            }
            Mutation::Insert { at, bytes: new } => {
                let i = at.index(bytes.len());
                bytes.splice(i..i, new.iter().copied());
            }
            Mutation::Delete { at, len } => {
                let i = at.index(bytes.len());
                let end = (i + len).min(bytes.len());
                bytes.drain(i..end);
            }
            Mutation::Truncate { at } => bytes.truncate(at.index(bytes.len())),
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        // Minimal failing inputs are kept and replayed first on every run.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "robustness.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_crash(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let verdict = verdict_of(&bytes)?;
        assert_consistent(&bytes, &verdict)?;
    }

    #[test]
    fn mutated_responses_never_crash(
        value in payload(),
        pretty in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let bytes = mutate(text_of(&value, pretty).into_bytes(), &mutations);
        let verdict = verdict_of(&bytes)?;
        assert_consistent(&bytes, &verdict)?;
    }

    #[test]
    fn the_quick_yes_is_given_exactly_when_nothing_is_found(
        value in payload(),
        pretty in any::<bool>(),
    ) {
        // Generated responses give some integrations undocumented feature
        // flags: those drift, and must take the long way.
        let text = text_of(&value, pretty);
        let full = full_checker().check(text.as_bytes());
        let clean = matches!(&full, Verdict::Checked(findings) if findings.is_empty());
        prop_assert_eq!(quick_yes(&text), clean, "{:?}", full);
    }

    #[test]
    fn broken_responses_get_no_quick_yes(broken in broken_payload(), pretty in any::<bool>()) {
        let text = text_of(&broken.payload, pretty);
        prop_assert!(!quick_yes(&text), "{}", broken.breakage.name());
        verdict_of(text.as_bytes())?;
    }
}
