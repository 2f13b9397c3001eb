//! Differential tests: the committed schema under two JSON Schema
//! implementations, and the typed Rust model, judge payloads alike.

/// Generated payloads: valid, broken on purpose, mutated at random.
mod generated;
/// The three verdicts and the agreement between them.
mod oracle;
