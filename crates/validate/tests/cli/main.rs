//! End-to-end tests of the `validate` binary.

/// Baselines: accepted, new and stale findings.
mod baseline;
/// Undocumented members, warned about or denied.
mod drift;
/// Each fixture's exit code and its one specific finding.
mod fixtures;
/// JSON, SARIF, JUnit and GitHub output, each checked by its own rules.
mod formats;
/// Findings grouped across inputs.
mod groups;
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
