//! `validate schema`: the schemas generated from the Rust model, printed
//! or written to the folder they are committed in, together with the
//! OpenAPI document built from them.

use std::io::Write;
use std::path::Path;

use mechanics_model::{ENDPOINTS, Endpoint, openapi, schema::to_committed_text};

use crate::error::Error;
use crate::write::write_atomically;

/// Prints one endpoint's schema.
pub fn print(endpoint: &Endpoint, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(to_committed_text(&(endpoint.response_schema)()).as_bytes())
}

/// Prints the OpenAPI document of every endpoint.
pub fn print_openapi(out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(openapi::to_committed_text().as_bytes())
}

/// Writes every endpoint's schema, and the OpenAPI document, into `dir`.
pub fn write_all(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut files: Vec<(&str, String)> = ENDPOINTS
        .iter()
        .map(|e| (e.schema_file, to_committed_text(&(e.response_schema)())))
        .collect();
    files.push((openapi::OPENAPI_FILE, openapi::to_committed_text()));

    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        write_atomically(&path, text.as_bytes()).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
