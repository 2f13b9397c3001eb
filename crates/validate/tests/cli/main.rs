//! End-to-end tests of the `validate` binary.

/// Each fixture's exit code and its one specific finding.
mod fixtures;
/// Hostile and broken input.
mod hostile;
/// Inputs that once broke tools like ours.
mod regressions;
/// No secret reaches any output.
mod secrets;
/// Human and JSON output, snapshotted.
mod snapshots;
/// Flags, usage errors and exit-code precedence.
mod usage;

mod support;
