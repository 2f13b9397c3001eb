//! A disagreement between a document and the contract, placed at the
//! document's line and column. Like the checker's findings these are data:
//! messages quote the document's table words, never payload values, and
//! example findings carry the checker's already redacted description.

use serde::Serialize;

use crate::finding::{Excerpt, Location, Rule};

/// Which kind of disagreement.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum DocRule {
    /// A `json` example that is not JSON.
    ExampleJson,
    /// A `json` example that breaks the contract, with the checker's rule.
    ExampleContract(Rule),
    /// A table attribute the schema lacks.
    AttributeNotInSchema,
    /// A schema member the table lacks.
    AttributeNotInTable,
    /// The table's type differs from the schema's.
    AttributeType,
    /// "Can be blank?" differs from the schema's required and nullable.
    AttributeBlank,
    /// A table this check cannot read: columns missing, unknown type
    /// words, repeated attributes, or no table at all.
    Table,
}

impl DocRule {
    /// The rule's stable name.
    pub fn name(&self) -> &'static str {
        match self {
            Self::ExampleJson => "example-json",
            Self::ExampleContract(_) => "example-contract",
            Self::AttributeNotInSchema => "attribute-not-in-schema",
            Self::AttributeNotInTable => "attribute-not-in-table",
            Self::AttributeType => "attribute-type",
            Self::AttributeBlank => "attribute-blank",
            Self::Table => "table",
        }
    }

    /// The checker's rule, for example findings.
    pub fn contract_rule(&self) -> Option<&Rule> {
        match self {
            Self::ExampleContract(rule) => Some(rule),
            _ => None,
        }
    }
}

/// What a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    /// A dotted attribute path, as the table writes it.
    Attribute(String),
    /// A JSON Pointer into an example.
    Pointer(String),
}

/// One disagreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocFinding {
    /// The kind.
    pub rule: DocRule,
    /// Where in the document.
    pub location: Location,
    /// The attribute or pointer concerned.
    pub subject: Option<Subject>,
    /// What disagrees, in words.
    pub message: String,
    /// For example findings: the example's line, redacted.
    pub excerpt: Option<Excerpt>,
}
