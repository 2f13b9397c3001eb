//! Grouping findings across inputs, so that one problem met in 10,000
//! inputs is one entry with a count, not 10,000 lines.
//!
//! Two findings belong together when they break the same rule at the same
//! place, array indices aside: the group key is the endpoint, the rule and
//! the pointer with indices folded to `*`. Its hash is the group's
//! fingerprint, which baselines refer to; it depends on nothing else, so
//! it is the same on every run, machine and version.

use std::collections::HashMap;
use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::document::Origin;
use crate::finding::{Finding, InputProblem, Rule, Severity};
use crate::input::Skip;

/// How many instances of a group reports show in full; the rest are
/// counted.
pub const MAX_EXAMPLES: usize = 3;

/// The stable identity of a group of findings: 16 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Fingerprint(String);

impl Fingerprint {
    /// The fingerprint of findings of `rule` at `folded_pointer` in
    /// responses of `endpoint`.
    pub fn of(endpoint: &str, rule: &Rule, folded_pointer: &str) -> Self {
        // The leading tag versions the recipe: changing what goes in must
        // change every fingerprint, never silently reuse old ones.
        let mut hasher = Sha256::new();
        for part in ["fingerprint-v1", endpoint, rule.name(), folded_pointer] {
            hasher.update(part.as_bytes());
            // A separator that cannot occur in the parts keeps ("ab", "c")
            // and ("a", "bc") apart.
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        Self(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Wraps a fingerprint read from a baseline.
    pub fn from_text(text: &str) -> Self {
        Self(text.to_owned())
    }

    /// The hex digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What the run decided about one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Its group.
    pub fingerprint: Fingerprint,
    /// Whether the baseline already knows it.
    pub accepted: bool,
}

/// One instance of a group, kept for display.
#[derive(Debug, Clone)]
pub struct Example {
    /// The input it is in.
    pub origin: Origin,
    /// The finding, with its own pointer, place and excerpt.
    pub finding: Finding,
}

/// Findings that share a fingerprint.
#[derive(Debug, Clone)]
pub struct Group {
    /// The shared fingerprint.
    pub fingerprint: Fingerprint,
    /// The rule broken.
    pub rule: Rule,
    /// How much it matters.
    pub severity: Severity,
    /// The pointer with array indices folded to `*`.
    pub pointer: String,
    /// What the contract asks for, from the first instance.
    pub expected: String,
    /// A likely fix, from the first instance that has one.
    pub hint: Option<String>,
    /// Instances in all inputs.
    pub count: usize,
    /// Inputs with at least one instance.
    pub inputs: usize,
    /// Whether the baseline accepts the group.
    pub accepted: bool,
    /// The first few instances.
    pub examples: Vec<Example>,
    last_input: usize,
}

/// Things that share a kind of reason: inputs that could not be checked,
/// or entries skipped.
#[derive(Debug, Clone)]
pub struct ReasonGroup<T> {
    /// The stable name of the reason, such as `syntax` or `no-body`.
    pub kind: &'static str,
    /// How many.
    pub count: usize,
    /// The first few, each with its own reason.
    pub examples: Vec<(Origin, T)>,
}

/// Inputs that could not be checked for the same kind of reason.
pub type ProblemGroup = ReasonGroup<InputProblem>;

/// Things read that hold nothing to check, skipped for the same kind of
/// reason.
pub type SkipGroup = ReasonGroup<Skip>;

impl<T: Clone> ReasonGroup<T> {
    /// Counts one more in the group of `kind`, which is made when it is the
    /// first of its kind.
    fn add(groups: &mut Vec<Self>, kind: &'static str, origin: &Origin, reason: &T) {
        let index = match groups.iter().position(|g| g.kind == kind) {
            Some(index) => index,
            None => {
                groups.push(Self {
                    kind,
                    count: 0,
                    examples: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[index];
        group.count += 1;
        if group.examples.len() < MAX_EXAMPLES {
            group.examples.push((origin.clone(), reason.clone()));
        }
    }
}

/// Every group of a run, in order of first appearance.
#[derive(Debug, Default)]
pub struct Groups {
    endpoint: String,
    groups: Vec<Group>,
    by_fingerprint: HashMap<Fingerprint, usize>,
    problems: Vec<ProblemGroup>,
    skipped: Vec<SkipGroup>,
    inputs_seen: usize,
}

impl Groups {
    /// Groups for responses of `endpoint`.
    pub fn new(endpoint: &str) -> Self {
        Self {
            endpoint: endpoint.to_owned(),
            ..Self::default()
        }
    }

    /// The fingerprint a finding of this run belongs to.
    pub fn fingerprint(&self, finding: &Finding) -> Fingerprint {
        Fingerprint::of(&self.endpoint, &finding.rule, &finding.folded_pointer)
    }

    /// Starts the next input; findings added until the next call belong
    /// to it.
    pub fn next_input(&mut self) {
        self.inputs_seen += 1;
    }

    /// Adds one finding of the current input.
    pub fn add(&mut self, origin: &Origin, finding: &Finding, mark: &Mark) {
        let input = self.inputs_seen;
        let index = *self
            .by_fingerprint
            .entry(mark.fingerprint.clone())
            .or_insert_with(|| {
                self.groups.push(Group {
                    fingerprint: mark.fingerprint.clone(),
                    rule: finding.rule.clone(),
                    severity: finding.severity,
                    pointer: finding.folded_pointer.clone(),
                    expected: finding.expected.clone(),
                    hint: None,
                    count: 0,
                    inputs: 0,
                    accepted: mark.accepted,
                    examples: Vec::new(),
                    last_input: 0,
                });
                self.groups.len() - 1
            });
        let group = &mut self.groups[index];
        group.count += 1;
        if group.last_input != input {
            group.last_input = input;
            group.inputs += 1;
        }
        if group.hint.is_none() {
            group.hint.clone_from(&finding.hint);
        }
        if group.examples.len() < MAX_EXAMPLES {
            group.examples.push(Example {
                origin: origin.clone(),
                finding: finding.clone(),
            });
        }
    }

    /// Adds an input that could not be checked.
    pub fn add_problem(&mut self, origin: &Origin, problem: &InputProblem) {
        ReasonGroup::add(&mut self.problems, problem.kind(), origin, problem);
    }

    /// Adds something read that holds nothing to check.
    pub fn add_skip(&mut self, origin: &Origin, reason: &Skip) {
        ReasonGroup::add(&mut self.skipped, reason.kind(), origin, reason);
    }

    /// The finding groups, in order of first appearance.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// The groups of inputs that could not be checked.
    pub fn problems(&self) -> &[ProblemGroup] {
        &self.problems
    }

    /// The groups of things skipped.
    pub fn skipped(&self) -> &[SkipGroup] {
        &self.skipped
    }

    /// Whether a group with this fingerprint occurred.
    pub fn contains(&self, fingerprint: &Fingerprint) -> bool {
        self.by_fingerprint.contains_key(fingerprint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::redact::Found;

    fn finding(pointer: &str, folded: &str) -> Finding {
        Finding {
            rule: Rule::Enum,
            severity: Severity::Error,
            pointer: pointer.to_owned(),
            location: None,
            expected: "one of \"simple\", \"oauth2\"".to_owned(),
            found: Found::Null,
            related: None,
            excerpt: None,
            hint: None,
            folded_pointer: folded.to_owned(),
        }
    }

    #[test]
    fn fingerprints_are_fixed_by_their_recipe() {
        // Pinned, because a changed value breaks every committed baseline.
        // The expected text comes from outside the code:
        // printf 'fingerprint-v1\0mechanic_integrations\0drift\0/page\0' \
        //   | sha256sum | cut -c1-16
        let fingerprint = Fingerprint::of("mechanic_integrations", &Rule::Drift, "/page");
        assert_eq!(fingerprint.as_str(), "859af6ed182e84a3");
        assert_ne!(
            Fingerprint::of("a", &Rule::Drift, "b/c"),
            Fingerprint::of("ab", &Rule::Drift, "/c")
        );
    }

    #[test]
    fn the_same_place_in_many_inputs_is_one_group_with_counts() {
        let mut groups = Groups::new("mechanic_integrations");
        let origins: Vec<Origin> = (0..5)
            .map(|i| Origin::File(format!("{i}.json").into()))
            .collect();
        for origin in &origins {
            groups.next_input();
            for item in 0..2 {
                let pointer = format!("/mechanicIntegrations/{item}/integrationDetails/x");
                let f = finding(&pointer, "/mechanicIntegrations/*/integrationDetails/x");
                let mark = Mark {
                    fingerprint: groups.fingerprint(&f),
                    accepted: false,
                };
                groups.add(origin, &f, &mark);
            }
        }
        let [group] = groups.groups() else {
            panic!("one group expected: {:?}", groups.groups());
        };
        assert_eq!((group.count, group.inputs), (10, 5));
        assert_eq!(group.examples.len(), MAX_EXAMPLES);
        assert_eq!(group.examples[2].origin, origins[1]);
    }
}
