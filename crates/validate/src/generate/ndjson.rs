//! One response per line: the compact form for large corpora and for
//! tools that read a stream.

use super::Generated;

/// The line of one payload, newline included.
pub fn line(generated: &Generated) -> Vec<u8> {
    let mut line =
        serde_json::to_vec(&generated.payload).expect("a serde_json Value always serializes");
    line.push(b'\n');
    line
}
