//! Payloads drawn from the model's proptest strategies by a seeded,
//! deterministic random number generator.
//!
//! Each payload gets a generator of its own, seeded from the run's seed
//! and the payload's index, so payload N is the same whatever the count,
//! and a corpus can be extended or cut without changing what it holds.

use std::ops::Range;

use mechanics_model::strategies::{Breakage, broken_sized, payload_sized};
use proptest::strategy::{BoxedStrategy, Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::Value;

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
        Self { seed, strategy }
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
        Ok(tree.current())
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
