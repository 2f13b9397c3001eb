//! Differential tests: the committed schema under two JSON Schema
//! implementations, and the typed Rust model, judge payloads alike.

/// Blank names, character by character.
mod blank;
/// A fixed corpus of edge values, each with the findings it must give.
mod edge_values;
/// Every fixture under both schema implementations.
mod fixtures;
/// Generated payloads: valid, broken on purpose, mutated at random.
mod generated;
/// The three verdicts and the agreement between them.
mod oracle;
