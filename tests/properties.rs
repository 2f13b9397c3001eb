//! Properties of generated payloads, checked with the same code path the
//! binary uses.

use mechanics_model::MechanicIntegrationsResponse;
use mechanics_model::strategies::{broken_payload, payload};
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use validate::check::{Checker, Verdict};
use validate::finding::{Finding, Rule, Severity};

fn checker() -> Checker {
    Checker::builtin(mechanics_model::endpoint_by_name("mechanic_integrations").unwrap())
}

/// The generators add feature flags beyond the documented two, which the
/// schema allows and drift reports as warnings. Everything else is a
/// violation.
fn violations(findings: Vec<Finding>) -> Vec<Finding> {
    let (drift, violations): (Vec<_>, Vec<_>) =
        findings.into_iter().partition(|f| f.rule == Rule::Drift);
    for finding in drift {
        assert_eq!(finding.severity, Severity::Warning, "{finding:?}");
        let (parent, flag) = finding.pointer.rsplit_once('/').unwrap();
        assert!(
            parent.ends_with("/integrationDetails/features"),
            "{finding:?}"
        );
        assert!(!["supportsCustomerLookup", "supportsOpenJob"].contains(&flag));
    }
    violations
}

proptest! {
    // Each case parses and checks a small document; 64 keeps the suite
    // quick on two cores while still covering every generator branch.
    #![proptest_config(ProptestConfig {
        cases: 64,
        // Minimal failing inputs are kept and replayed first on every run.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "properties.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn generated_payloads_are_valid_and_round_trip(value in payload()) {
        let bytes = serde_json::to_vec_pretty(&value).unwrap();
        let Verdict::Checked(findings) = checker().check(&bytes) else {
            panic!("a generated payload is JSON and gets checked");
        };
        prop_assert_eq!(violations(findings), Vec::new());

        let typed: MechanicIntegrationsResponse = serde_json::from_value(value.clone()).unwrap();
        let again: MechanicIntegrationsResponse =
            serde_json::from_slice(&serde_json::to_vec(&typed).unwrap()).unwrap();
        prop_assert_eq!(typed, again);
    }

    #[test]
    fn breaking_one_constraint_gives_exactly_that_finding(broken in broken_payload()) {
        let bytes = serde_json::to_vec_pretty(&broken.payload).unwrap();
        let Verdict::Checked(findings) = checker().check(&bytes) else {
            panic!("a broken payload is still JSON and gets checked");
        };
        let findings = violations(findings);
        prop_assert_eq!(findings.len(), 1, "{:?}: {:#?}", broken.breakage, findings);
        prop_assert_eq!(findings[0].rule.name(), broken.rule);
        prop_assert_eq!(&findings[0].pointer, &broken.pointer);
    }
}
