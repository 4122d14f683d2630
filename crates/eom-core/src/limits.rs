//! Size limits on the files that come from outside (bundles, station lists, attachments), checked
//! before they are read whole, so a huge or endless file is refused with a message instead of
//! exhausting the laptop's memory; and what an attachment's bytes say it is ([`sniff_media_type`]).
//! The limits are documented in `docs/security.md` ("Fuzzing and bad input", "Exports and
//! attachments").

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

/// One attachment (a photo or scan) above this is refused unread. A phone photo is 2–8 MB and a
/// scanned protocol a few MB; each attachment travels base64 in every bundle (4/3 of its size), so
/// a few hundred of them must still fit under [`MAX_BUNDLE_BYTES`].
pub const MAX_ATTACHMENT_BYTES: u64 = 20 << 20;

/// Reads a photo or scan chosen to attach, refused unread above [`MAX_ATTACHMENT_BYTES`] (the
/// error names the file, its size and the limit). What it is comes from its bytes, not its name:
/// `Store::attach` refuses bytes [`sniff_media_type`] does not recognise.
pub fn read_attachment(path: &Path) -> Result<Vec<u8>> {
    read_file(path, MAX_ATTACHMENT_BYTES, "photo or scan")
}

/// The media type of a photo or scan, from its first bytes (magic numbers), never from the file
/// name: JPEG, PNG, GIF, WebP, HEIC/HEIF, TIFF and PDF. `None` for anything else.
pub fn sniff_media_type(bytes: &[u8]) -> Option<&'static str> {
    let at = |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
    if at(0, b"\xFF\xD8\xFF") {
        Some("image/jpeg")
    } else if at(0, b"\x89PNG\r\n\x1A\n") {
        Some("image/png")
    } else if at(0, b"GIF87a") || at(0, b"GIF89a") {
        Some("image/gif")
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        Some("image/webp")
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        Some("image/tiff")
    } else if at(0, b"%PDF-") {
        Some("application/pdf")
    } else if at(4, b"ftyp") {
        // ISO base media file: the major brand says which.
        match bytes.get(8..12)? {
            b"heic" | b"heix" | b"heim" | b"heis" | b"hevc" | b"hevx" | b"hevm" | b"hevs" => {
                Some("image/heic")
            }
            b"mif1" | b"msf1" => Some("image/heif"),
            _ => None,
        }
    } else {
        None
    }
}

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

    #[test]
    fn attachments_above_the_limit_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("huge.jpg");
        // Sparse: the size is checked before anything is read.
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_ATTACHMENT_BYTES + 1)
            .unwrap();
        let err = read_attachment(&path).unwrap_err();
        assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(
            msg.contains("huge.jpg")
                && msg.contains(&format!("{} bytes", MAX_ATTACHMENT_BYTES + 1))
                && msg.contains(&MAX_ATTACHMENT_BYTES.to_string()),
            "{msg}"
        );
        std::fs::File::create(&path)
            .unwrap()
            .set_len(MAX_ATTACHMENT_BYTES)
            .unwrap();
        assert_eq!(
            read_attachment(&path).unwrap().len() as u64,
            MAX_ATTACHMENT_BYTES
        );
    }

    #[test]
    fn media_types_come_from_the_bytes() {
        let cases: [(&[u8], Option<&str>); 16] = [
            (b"\xFF\xD8\xFF\xE0\0\x10JFIF", Some("image/jpeg")),
            (b"\xFF\xD8\xFF", Some("image/jpeg")),
            (b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR", Some("image/png")),
            (b"GIF89a\x01\0", Some("image/gif")),
            (b"GIF87a", Some("image/gif")),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Some("image/heic")),
            (b"\0\0\0\x18ftypmif1\0\0\0\0", Some("image/heif")),
            (b"II*\0\x08\0\0\0", Some("image/tiff")),
            (b"MM\0*\0\0\0\x08", Some("image/tiff")),
            (b"%PDF-1.7\n", Some("application/pdf")),
            // Not what the name would say, nor anything known.
            (b"MZ\x90\0", None),
            (b"<svg xmlns=", None),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"\0\0\0\x18ftypisom", None),
            (b"", None),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff_media_type(bytes), expected, "{bytes:?}");
        }
        // Truncated magic numbers are not enough.
        assert_eq!(sniff_media_type(b"\xFF\xD8"), None);
        assert_eq!(sniff_media_type(b"\x89PNG"), None);
        assert_eq!(sniff_media_type(b"\0\0\0\x18ftyphe"), None);
    }
}
