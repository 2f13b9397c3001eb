//! Three independent verdicts on one payload: the `jsonschema` crate (the
//! one `validate` checks with), `boon` (a second implementation of JSON
//! Schema), both on the committed schema, and the typed Rust model.
//!
//! The two schema implementations must agree. The model must agree with
//! them, or `validate` must report the disagreement as a `model-mismatch`
//! finding, so a payload that typed clients refuse never passes silently.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use mechanics_model::{Endpoint, ModelRejection, endpoint_by_name};
use serde_json::Value;
use validate::check::{Checker, Verdict};

const SCHEMA_URL: &str = "file:///schemas/mechanic_integrations.schema.json";

/// The verdicts of one payload.
#[derive(Debug)]
pub struct Verdicts {
    /// `jsonschema` on the committed schema.
    pub schema: bool,
    /// `boon` on the committed schema.
    pub second_schema: bool,
    /// The typed model.
    pub model: Result<(), ModelRejection>,
}

/// The compiled schema in both implementations, and the model.
pub struct Oracle {
    endpoint: &'static Endpoint,
    schema: jsonschema::Validator,
    second: boon::Schemas,
    second_index: boon::SchemaIndex,
    checker: Checker,
}

/// One oracle for the whole run: compiling the schema twice per case would
/// cost more than checking the case.
pub fn oracle() -> &'static Oracle {
    static ORACLE: LazyLock<Oracle> = LazyLock::new(Oracle::new);
    &ORACLE
}

impl Oracle {
    fn new() -> Self {
        let endpoint =
            endpoint_by_name("mechanic_integrations").expect("the endpoint is registered");
        let schema: Value = serde_json::from_str(endpoint.committed_schema).unwrap();
        let mut second = boon::Schemas::new();
        let mut compiler = boon::Compiler::new();
        compiler.add_resource(SCHEMA_URL, schema.clone()).unwrap();
        let second_index = compiler.compile(SCHEMA_URL, &mut second).unwrap();
        Self {
            endpoint,
            schema: jsonschema::validator_for(&schema).unwrap(),
            second,
            second_index,
            checker: Checker::builtin(endpoint),
        }
    }

    pub fn verdicts(&self, value: &Value) -> Verdicts {
        Verdicts {
            schema: self.schema.is_valid(value),
            second_schema: self.second.validate(value, self.second_index).is_ok(),
            model: (self.endpoint.model_accepts)(value),
        }
    }

    /// JSON Pointers of the values each schema implementation faults, as
    /// (`jsonschema`, `boon`).
    pub fn error_pointers(&self, value: &Value) -> (BTreeSet<String>, BTreeSet<String>) {
        let first = self
            .schema
            .iter_errors(value)
            .map(|error| error.instance_path().as_str().to_owned())
            .collect();
        let mut second = BTreeSet::new();
        if let Err(error) = self.second.validate(value, self.second_index) {
            leaf_pointers(&error, &mut second);
        }
        (first, second)
    }

    /// What `validate` concludes about the text, through the same checker
    /// the binary uses.
    pub fn validate(&self, text: &str) -> Verdict {
        self.checker.check(text.as_bytes())
    }

    /// Asserts the agreement this module exists for, and returns the
    /// verdicts. `label` names the payload in failure messages.
    pub fn assert_consistent(&self, label: &str, text: &str) -> Verdicts {
        // The tool's own parse: serde_json's default one stops at 128 levels.
        let (parsed, _) = validate::parse::parse(text.as_bytes()).unwrap();
        let value = parsed.value;
        let verdicts = self.verdicts(&value);
        assert_eq!(
            verdicts.schema, verdicts.second_schema,
            "{label}: jsonschema says valid={}, boon says valid={}",
            verdicts.schema, verdicts.second_schema
        );
        let verdict = self.validate(text);
        match (&verdicts.model, verdicts.schema) {
            (Ok(()), true) => {}
            (Err(_), false) => {}
            (Err(rejection), true) => {
                let reported = findings(&verdict).iter().any(|(rule, pointer)| {
                    rule == "model-mismatch" && *pointer == rejection.pointer
                });
                assert!(
                    reported,
                    "{label}: the schema accepts, the model refuses `{}`, and validate does \
                     not report it: {verdict:?}",
                    rejection.pointer
                );
            }
            (Ok(()), false) => panic!(
                "{label}: the typed model accepts what the schema refuses: {:?}",
                self.error_pointers(&value)
            ),
        }
        if !verdicts.schema {
            assert!(
                !findings(&verdict).is_empty(),
                "{label}: the schema refuses, validate finds nothing"
            );
        }
        verdicts
    }
}

/// (rule, pointer) of each violation, or nothing for a document that was
/// not checked. Drift warnings are left out: they say what the
/// documentation does not describe, not whether the contract holds.
pub fn findings(verdict: &Verdict) -> Vec<(String, String)> {
    match verdict {
        Verdict::Checked(findings) => findings
            .iter()
            .filter(|f| f.severity == validate::finding::Severity::Error)
            .map(|f| (f.rule.name().to_owned(), f.pointer.clone()))
            .collect(),
        Verdict::NotChecked(_) => Vec::new(),
    }
}

fn leaf_pointers(error: &boon::ValidationError<'_, '_>, out: &mut BTreeSet<String>) {
    if error.causes.is_empty() {
        out.insert(error.instance_location.to_string());
    }
    for cause in &error.causes {
        leaf_pointers(cause, out);
    }
}
