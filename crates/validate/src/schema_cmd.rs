//! `validate schema`: the schemas generated from the Rust model, printed
//! or written to the folder they are committed in.

use std::io::Write;
use std::path::Path;

use mechanics_model::{ENDPOINTS, Endpoint, schema::to_committed_text};

use crate::error::Error;
use crate::write::write_atomically;

/// Prints one endpoint's schema.
pub fn print(endpoint: &Endpoint, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(to_committed_text(&(endpoint.response_schema)()).as_bytes())
}

/// Writes every endpoint's schema into `dir`.
pub fn write_all(dir: &Path) -> Result<Vec<std::path::PathBuf>, Error> {
    let mut written = Vec::new();
    for endpoint in ENDPOINTS {
        let path = dir.join(endpoint.schema_file);
        let text = to_committed_text(&(endpoint.response_schema)());
        write_atomically(&path, text.as_bytes()).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
