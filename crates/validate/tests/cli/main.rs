//! End-to-end tests of the `validate` binary.

/// Each fixture's exit code and its one specific finding.
mod fixtures;
/// `validate generate`, its formats, and its payloads fed back.
mod generate;
/// Inputs that once broke tools like ours.
mod regressions;
/// No secret reaches any output.
mod secrets;
/// Human and JSON output, snapshotted.
mod snapshots;
/// Flags, usage errors and exit-code precedence.
mod usage;

mod support;
