//! End-to-end tests of the `validate` binary.

/// `validate diff`: each change classified, usage errors, no secrets.
mod diff;
/// `validate doc-check`: each planted disagreement at its line.
mod doc_check;
/// Each fixture's exit code and its one specific finding.
mod fixtures;
/// Inputs that once broke tools like ours.
mod regressions;
/// `validate schema`: the JSON Schemas and the OpenAPI document.
mod schema;
/// No secret reaches any output.
mod secrets;
/// Human and JSON output, snapshotted.
mod snapshots;
/// Flags, usage errors and exit-code precedence.
mod usage;

mod support;
