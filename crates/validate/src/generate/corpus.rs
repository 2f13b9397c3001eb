//! Payloads drawn from the model's proptest strategies by a seeded,
//! deterministic random number generator.
//!
//! Each payload gets a generator of its own, seeded from the run's seed
//! and the payload's index, so payload N is the same whatever the count,
//! and a corpus can be extended or cut without changing what it holds.
//!
//! The strategies give some integrations undocumented feature flags, so
//! that the property tests cover drift. A corpus can leave them out: what
//! an API that keeps to its documentation sends.

use std::ops::Range;

use mechanics_model::strategies::{Breakage, broken_sized, payload_sized};
use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

use crate::check::drift::undocumented;
use crate::error::Error;

/// One generated response.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The response body.
    pub payload: Value,
    /// For a broken payload, the JSON Pointer of the finding it must give.
    pub broken_at: Option<String>,
}

/// The payloads of one seed and one set of options.
#[derive(Debug)]
pub struct Corpus {
    seed: u64,
    strategy: BoxedStrategy<Generated>,
    /// The schema whose undocumented members are removed, if they are.
    documented_only: Option<Value>,
}

impl Corpus {
    /// Payloads of `sizes` integrations, each breaking `breakage` if given.
    pub fn new(seed: u64, sizes: Range<usize>, breakage: Option<Breakage>) -> Self {
        let strategy = match breakage {
            None => payload_sized(sizes)
                .prop_map(|payload| Generated {
                    payload,
                    broken_at: None,
                })
                .boxed(),
            Some(breakage) => broken_sized(breakage, sizes)
                .prop_map(|broken| Generated {
                    payload: broken.payload,
                    broken_at: Some(broken.pointer),
                })
                .boxed(),
        };
        Self {
            seed,
            strategy,
            documented_only: None,
        }
    }

    /// The same payloads without the members the committed schema does not
    /// document: the drift `validate` would warn about.
    #[must_use]
    pub fn documented_only(mut self) -> Self {
        let endpoint = mechanics_model::endpoint_by_name("mechanic_integrations")
            .expect("the endpoint is registered");
        let schema = serde_json::from_str(endpoint.committed_schema)
            .expect("the committed schema is JSON: a test parses it");
        self.documented_only = Some(schema);
        self
    }

    /// Payload number `index`.
    pub fn get(&self, index: u64) -> Result<Generated, Error> {
        let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &rng_seed(self.seed, index));
        // No failure persistence: nothing is being tested, and a runner
        // must not look for regression files next to our sources.
        let config = Config {
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(config, rng);
        let tree = self
            .strategy
            .new_tree(&mut runner)
            .map_err(|reason| Error::Generate {
                index,
                reason: reason.to_string(),
            })?;
        let mut generated = tree.current();
        if let Some(schema) = &self.documented_only {
            remove_undocumented(schema, &mut generated);
        }
        Ok(generated)
    }
}

/// Removes every member of the payload that `schema` does not document,
/// but the one a breakage points at.
fn remove_undocumented(schema: &Value, generated: &mut Generated) {
    let mut pointers: Vec<String> = undocumented(schema, &generated.payload)
        .into_iter()
        .map(|member| member.pointer)
        .filter(|pointer| generated.broken_at.as_ref() != Some(pointer))
        .collect();
    // Deepest first, so that removing one member never moves another.
    pointers.sort_by_key(|pointer| std::cmp::Reverse(pointer.len()));
    for pointer in pointers {
        let Some((parent, key)) = pointer.rsplit_once('/') else {
            continue;
        };
        let key = key.replace("~1", "/").replace("~0", "~");
        if let Some(Value::Object(members)) = generated.payload.pointer_mut(parent) {
            members.remove(&key);
        }
    }
}

/// ChaCha's 32-byte seed: the run's seed, then the payload's index, both
/// little-endian, then zeros.
fn rng_seed(seed: u64, index: u64) -> [u8; 32] {
    let mut bytes = [0; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    bytes[8..16].copy_from_slice(&index.to_le_bytes());
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_depends_on_seed_and_index_only() {
        let corpus = Corpus::new(7, 1..4, None);
        let again = Corpus::new(7, 1..4, None);
        assert_eq!(corpus.get(5).unwrap(), again.get(5).unwrap());
        assert_ne!(corpus.get(5).unwrap(), corpus.get(6).unwrap());
        assert_ne!(
            corpus.get(5).unwrap(),
            Corpus::new(8, 1..4, None).get(5).unwrap()
        );
    }

    #[test]
    fn sizes_are_kept() {
        let corpus = Corpus::new(1, 3..4, None);
        for index in 0..10 {
            let payload = corpus.get(index).unwrap().payload;
            assert_eq!(payload["mechanicIntegrations"].as_array().unwrap().len(), 3);
        }
    }

    #[test]
    fn documented_only_payloads_lose_their_undocumented_flags_and_nothing_else() {
        let schema: Value = serde_json::from_str(
            mechanics_model::endpoint_by_name("mechanic_integrations")
                .unwrap()
                .committed_schema,
        )
        .unwrap();
        let all = Corpus::new(4, 3..6, None);
        let documented = Corpus::new(4, 3..6, None).documented_only();
        let mut drifting = 0;
        for index in 0..40 {
            let mut expected = all.get(index).unwrap();
            drifting += usize::from(!undocumented(&schema, &expected.payload).is_empty());
            // The strategies add undocumented members to feature flags only.
            let items = expected.payload["mechanicIntegrations"]
                .as_array_mut()
                .unwrap();
            for item in items {
                let features = &mut item["integrationDetails"]["features"];
                features.as_object_mut().unwrap().retain(|name, _| {
                    name == "supportsCustomerLookup" || name == "supportsOpenJob"
                });
            }
            let kept = documented.get(index).unwrap();
            assert!(undocumented(&schema, &kept.payload).is_empty());
            assert_eq!(kept, expected);
        }
        assert!(drifting > 10, "only {drifting} of 40 drifted before");
    }

    #[test]
    fn broken_payloads_say_where() {
        let corpus = Corpus::new(1, 2..3, Some(Breakage::EnumOutside));
        let generated = corpus.get(0).unwrap();
        let pointer = generated.broken_at.unwrap();
        assert!(
            pointer.ends_with("/integrationDetails/authenticationType"),
            "{pointer}"
        );
        assert!(generated.payload.pointer(&pointer).is_some());
    }
}
