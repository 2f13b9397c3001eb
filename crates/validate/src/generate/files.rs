//! One pretty-printed JSON file per response, in a folder: the form of
//! recorded responses, and what `validate PATH...` reads.

use std::path::PathBuf;

use super::Generated;
use crate::error::Error;
use crate::write::write_atomically;

/// A folder of response files.
#[derive(Debug)]
pub struct Files {
    dir: PathBuf,
    width: usize,
}

impl Files {
    /// Writes into `dir`, creating it if needed. File names are numbered
    /// with as many digits as the largest index of `count` needs, at least
    /// four, so that they sort in order.
    pub fn create(dir: PathBuf, count: u64) -> Result<Self, Error> {
        std::fs::create_dir_all(&dir).map_err(|source| Error::CreateDir {
            path: dir.clone(),
            source,
        })?;
        let width = count.saturating_sub(1).to_string().len().max(4);
        Ok(Self { dir, width })
    }

    /// The file name of payload `index`.
    pub fn file_name(&self, index: u64) -> String {
        format!("response-{index:0width$}.json", width = self.width)
    }

    /// Writes payload `index` to its file.
    pub fn write(&self, index: u64, generated: &Generated) -> Result<(), Error> {
        let path = self.dir.join(self.file_name(index));
        let mut bytes = serde_json::to_vec_pretty(&generated.payload)
            .expect("a serde_json Value always serializes");
        bytes.push(b'\n');
        write_atomically(&path, &bytes).map_err(|source| Error::Write { path, source })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_index_order() {
        let dir = tempfile::tempdir().unwrap();
        let small = Files::create(dir.path().to_path_buf(), 10).unwrap();
        assert_eq!(small.file_name(3), "response-0003.json");
        let large = Files::create(dir.path().to_path_buf(), 123_456).unwrap();
        assert_eq!(large.file_name(3), "response-000003.json");
        assert_eq!(large.file_name(123_455), "response-123455.json");
    }
}
