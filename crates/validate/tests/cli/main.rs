//! End-to-end tests of the `validate` binary.

/// Baselines: accepted, new and stale findings.
mod baseline;
/// `validate diff`: each change classified, usage errors, no secrets.
mod diff;
/// Directories walked for response files.
mod directories;
/// `validate doc-check`: each planted disagreement at its line.
mod doc_check;
/// Undocumented members, warned about or denied.
mod drift;
/// Skipped entries, runs that checked nothing, second places, inputs
/// without a file and closed pipes, in every format.
mod every_format;
/// Live checks that could not run, told by their real cause.
mod fetch_failures;
/// Each fixture's exit code and its one specific finding.
mod fixtures;
/// JSON, SARIF, JUnit and GitHub output, each checked by its own rules.
mod formats;
/// `validate generate`, its formats, and its payloads fed back.
mod generate;
/// Findings grouped across inputs.
mod groups;
/// HAR captures from browsers and tools.
mod har;
/// Hostile and broken input.
mod hostile;
/// Ctrl-C while a file is written.
mod interrupt;
/// Live requests against servers on 127.0.0.1.
mod live;
/// Inputs of one format read as another, named with the option to use.
mod mixups;
/// NDJSON streams, from files and standard input.
mod ndjson;
/// Several checking threads: input order, NDJSON lines, no progress in pipes.
mod parallel;
/// Inputs that once broke tools like ours.
mod regressions;
/// `--save`: what is kept, what is left out, reading it back, failures.
mod save;
/// `validate schema`: the JSON Schemas and the OpenAPI document.
mod schema;
/// No secret reaches any output.
mod secrets;
/// Human and JSON output, snapshotted.
mod snapshots;
/// URLs shown and saved: no user information, secret or token in them.
mod urls;
/// Flags, usage errors and exit-code precedence.
mod usage;

mod server;
mod support;
