//! Size limits on the files that come from outside (bundles, station lists), checked before they
//! are read whole, so a huge or endless file is refused with a message instead of exhausting the
//! laptop's memory. The limits are documented in `docs/security.md` ("Fuzzing and bad input").

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Result};

/// A bundle above this is refused unread. The largest mission in the benchmarks (20,000 visits,
/// 600,000 answers) is 34 MB; attachments (photos as base64) make the rest of the room.
/// Parsing needs about two to three times the file size in memory.
pub const MAX_BUNDLE_BYTES: u64 = 1 << 30;

/// A station list above this is refused unread (a country's 100,000 stations are about 20 MB).
pub const MAX_STATIONS_CSV_BYTES: u64 = 64 << 20;

/// The longest text a bundle may hold in one JSON string, attachment data excepted: far more
/// than anyone types, far less than what would let one field fill the database.
pub const MAX_BUNDLE_TEXT_BYTES: usize = 1 << 20;

/// The longest field of a station list (a station's name or address is a few hundred bytes).
pub const MAX_CSV_FIELD_BYTES: usize = 4096;

/// Reads `path` whole if it is at most `limit` bytes. The size is checked before reading, and the
/// read itself stops after `limit` bytes, so a file that grows or never ends (a device) is refused
/// too.
pub(crate) fn read_file(path: &Path, limit: u64, what: &'static str) -> Result<Vec<u8>> {
    let io = |e| Error::io(path, e);
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    let too_large = |size| Error::TooLarge {
        path: path.to_path_buf(),
        what,
        size,
        limit,
    };
    if size > limit {
        return Err(too_large(size));
    }
    let mut data = Vec::with_capacity(size as usize);
    file.take(limit + 1).read_to_end(&mut data).map_err(io)?;
    if data.len() as u64 > limit {
        return Err(too_large(data.len() as u64));
    }
    Ok(data)
}

/// A JSON string longer than allowed: where it starts, its length, and the key it belongs to.
#[derive(Debug, PartialEq)]
pub(crate) struct LongText {
    pub line: usize,
    pub bytes: usize,
    pub key: String,
}

/// Finds the first JSON string value longer than `max` bytes whose key is not `exempt_key`, by a
/// scan of the raw bytes (no allocation), so an oversized text is refused before it is parsed.
/// Malformed JSON is left for the parser to report.
pub(crate) fn find_long_text(data: &[u8], max: usize, exempt_key: &[u8]) -> Option<LongText> {
    let n = data.len();
    let mut key = (0, 0);
    let mut i = 0;
    while i < n {
        if data[i] != b'"' {
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut j = start;
        let end = loop {
            if j >= n {
                return None;
            }
            match data[j..].iter().position(|&b| b == b'"' || b == b'\\') {
                None => return None,
                Some(p) if data[j + p] == b'\\' => j += p + 2,
                Some(p) => break j + p,
            }
        };
        let mut k = end + 1;
        while k < n && data[k].is_ascii_whitespace() {
            k += 1;
        }
        let is_key = k < n && data[k] == b':';
        if is_key && end - start > max {
            return Some(LongText {
                line: 1 + data[..start].iter().filter(|&&b| b == b'\n').count(),
                bytes: end - start,
                key: "a field name".into(),
            });
        }
        if is_key {
            key = (start, end);
        } else if end - start > max && &data[key.0..key.1] != exempt_key {
            return Some(LongText {
                line: 1 + data[..start].iter().filter(|&&b| b == b'\n').count(),
                bytes: end - start,
                key: String::from_utf8_lossy(&data[key.0..key.1]).into_owned(),
            });
        }
        i = end + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_found_with_their_key_and_line() {
        let data = br#"{"a": "short", "data": "xxxxxxxxxx",
 "notes": ["ok", "yyyyyyyyyy"]}"#;
        assert_eq!(
            find_long_text(data, 5, b"data"),
            Some(LongText {
                line: 2,
                bytes: 10,
                key: "notes".into()
            })
        );
        assert_eq!(find_long_text(data, 10, b"data"), None);
        // Escaped quotes do not end a string; keys are limited too.
        let data = br#"{"x": "a\"b\\", "y": "12345"}"#;
        assert_eq!(find_long_text(data, 6, b"data"), None);
        assert_eq!(find_long_text(data, 5, b"data").unwrap().key, "x");
        let data = br#"{"xxxxxxxxxxxx": 1}"#;
        assert_eq!(
            find_long_text(data, 5, b"data").unwrap().key,
            "a field name"
        );
        // Unterminated: left to the parser.
        assert_eq!(find_long_text(br#"{"a": "xxxxxxxx\"#, 3, b"data"), None);
    }

    #[test]
    fn files_above_the_limit_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::File::create(&path).unwrap().set_len(101).unwrap();
        let err = read_file(&path, 100, "bundle").unwrap_err().to_string();
        assert!(err.contains("101 bytes") && err.contains("100"), "{err}");
        std::fs::File::create(&path).unwrap().set_len(100).unwrap();
        assert_eq!(read_file(&path, 100, "bundle").unwrap().len(), 100);
    }
}
