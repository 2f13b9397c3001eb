//! Generating the published JSON Schemas from the Rust types.
//!
//! Schemas describe what the server sends (the serialize side), in JSON
//! Schema draft 2020-12.

use schemars::{JsonSchema, Schema, generate::SchemaSettings};

/// The `$schema` dialect of every generated schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The response schema of `T`, as committed under `schemas/`.
pub fn response_schema<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// A schema rendered the way it is committed: pretty, with a final newline,
/// so that the staleness test compares text a reviewer can diff.
pub fn to_committed_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema)
        .expect("a schemars Schema is plain JSON and always serializes");
    text.push('\n');
    text
}
