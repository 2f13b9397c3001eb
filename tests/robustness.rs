//! No input can crash the checker: arbitrary bytes and arbitrary mutations
//! of valid responses each end in findings or a "not checked" outcome, and
//! a clean verdict only ever goes to a document the schema accepts.

use mechanics_model::strategies::payload;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use validate::check::{Checker, Verdict};

fn checker() -> Checker {
    Checker::builtin(mechanics_model::endpoint_by_name("mechanic_integrations").unwrap())
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
            "proptest-regressions/robustness.txt",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_crash(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let verdict = checker().check(&bytes);
        assert_consistent(&bytes, &verdict)?;
    }

    #[test]
    fn mutated_responses_never_crash(
        value in payload(),
        pretty in any::<bool>(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let bytes = if pretty {
            serde_json::to_vec_pretty(&value).unwrap()
        } else {
            serde_json::to_vec(&value).unwrap()
        };
        let bytes = mutate(bytes, &mutations);
        let verdict = checker().check(&bytes);
        assert_consistent(&bytes, &verdict)?;
    }
}
