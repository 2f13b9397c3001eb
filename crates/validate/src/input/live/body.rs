//! Response bodies as the server encoded them, decoded. The size cap
//! counts decoded bytes, so a small compressed body that would expand past
//! it (a "zip bomb") stops at the cap.

use std::io::Read;

use flate2::read::{DeflateDecoder, GzDecoder, ZlibDecoder};

use crate::finding::InputProblem;

/// Decodes `raw` per its Content-Encoding (lower-case), holding at most
/// `max` bytes.
pub fn decompress(raw: Vec<u8>, encoding: Option<&str>, max: u64) -> Result<Vec<u8>, InputProblem> {
    let too_large = InputProblem::TooLarge { limit: max };
    if raw.len() as u64 > max {
        return Err(too_large);
    }
    let decoder: Box<dyn Read + '_> = match encoding {
        None | Some("" | "identity") => return Ok(raw),
        Some("gzip" | "x-gzip") => Box::new(GzDecoder::new(&raw[..])),
        // "deflate" means zlib-wrapped, but some servers send the bare
        // stream; the zlib header tells them apart.
        Some("deflate") if is_zlib(&raw) => Box::new(ZlibDecoder::new(&raw[..])),
        Some("deflate") => Box::new(DeflateDecoder::new(&raw[..])),
        Some(other) => {
            return Err(InputProblem::Fetch {
                reason: format!("the body is encoded as `{other}`, which we do not decode"),
            });
        }
    };
    let mut body = Vec::new();
    if let Err(error) = decoder.take(max + 1).read_to_end(&mut body) {
        return Err(InputProblem::Fetch {
            reason: format!("the compressed body does not decompress: {error}"),
        });
    }
    if body.len() as u64 > max {
        return Err(too_large);
    }
    Ok(body)
}

/// A zlib stream opens with a method byte and a check byte that make a
/// multiple of 31 (RFC 1950).
fn is_zlib(raw: &[u8]) -> bool {
    match raw {
        [cmf, flg, ..] => cmf & 0x0F == 8 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::{DeflateEncoder, ZlibEncoder};

    use super::*;

    #[test]
    fn zlib_and_bare_deflate_both_decode() {
        let mut zlib = ZlibEncoder::new(Vec::new(), Compression::fast());
        zlib.write_all(b"{}").unwrap();
        let zlib = zlib.finish().unwrap();
        let mut bare = DeflateEncoder::new(Vec::new(), Compression::fast());
        bare.write_all(b"{}").unwrap();
        let bare = bare.finish().unwrap();
        assert!(is_zlib(&zlib) && !is_zlib(&bare));
        assert_eq!(decompress(zlib, Some("deflate"), 64).unwrap(), b"{}");
        assert_eq!(decompress(bare, Some("deflate"), 64).unwrap(), b"{}");
    }

    #[test]
    fn unknown_encodings_and_corrupt_bodies_are_explained() {
        let problem = decompress(b"x".to_vec(), Some("br"), 8).unwrap_err();
        assert!(problem.to_string().contains("encoded as `br`"), "{problem}");
        let problem = decompress(b"not gzip".to_vec(), Some("gzip"), 8).unwrap_err();
        assert!(
            problem.to_string().contains("does not decompress"),
            "{problem}"
        );
    }
}
