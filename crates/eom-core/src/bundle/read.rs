//! Reading a bundle file's records: the header first (a foreign or newer file says so before any
//! field is named), then the typed parse, with positions in messages counted in the file.

use std::path::Path;

use serde::Deserialize;

use super::{Bundle, FORMAT, FORMAT_VERSION};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

/// Reads and parses a bundle file, with messages that say what is wrong and where. A signed bundle's
/// signature is verified (a mismatch is an error); an unsigned one is returned as it is: callers
/// that merge use `open_bundle` to know who signed.
pub fn read_bundle(path: &Path) -> Result<Bundle> {
    Ok(super::signature::open_bundle(path)?.bundle)
}

/// Checks `format` and `format_version`: a foreign or newer file says so before any field is named.
pub(crate) fn check_header(
    path: &Path,
    format: Option<&serde_json::Value>,
    version: Option<&serde_json::Value>,
) -> Result<()> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    if format.and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(invalid(format!(
            "not an EOM Reporter bundle (expected \"format\": \"{FORMAT}\")"
        )));
    }
    match version.and_then(|v| v.as_u64()) {
        Some(v) if v > FORMAT_VERSION => Err(Error::BundleTooNew {
            path: path.to_path_buf(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        Some(0) | None => Err(invalid(
            "\"format_version\" is missing or not a positive whole number".into(),
        )),
        Some(_) => Ok(()),
    }
}

/// Parses bundle records from `data`, which starts at byte `offset` of the file (positions in
/// messages are the file's).
pub(crate) fn parse_bundle(path: &Path, data: &[u8], offset: usize) -> Result<Bundle> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    match serde_json::from_slice::<Bundle>(data) {
        Ok(b) => {
            check_header(
                path,
                Some(&serde_json::Value::String(b.format.clone())),
                Some(&b.format_version.into()),
            )?;
            Ok(b)
        }
        Err(e) => {
            // A better message first: a newer or foreign file says so instead of naming a field.
            if let Some(b) = data.iter().find(|b| !b.is_ascii_whitespace())
                && *b != b'{'
            {
                return Err(invalid(
                    "not an EOM Reporter bundle (a bundle is a JSON object starting with `{`)"
                        .into(),
                ));
            }
            if let Ok(h) = serde_json::from_slice::<Header>(data) {
                check_header(path, h.format.as_ref(), h.format_version.as_ref())?;
            }
            let hint = if e.is_eof() {
                " (the file ends early: it may be truncated)"
            } else {
                ""
            };
            // Parse again, only on failure, to name the field: `visits[3].revision`.
            let de = &mut serde_json::Deserializer::from_slice(data);
            let at = match serde_path_to_error::deserialize::<_, Bundle>(de) {
                Err(pe) if pe.path().to_string() != "." => {
                    // Deeply nested input has a path of hundreds of segments: its start is enough.
                    let path = pe.path().to_string();
                    match path.char_indices().nth(100) {
                        Some((cut, _)) => format!(" at `{}…`", &path[..cut]),
                        None => format!(" at `{path}`"),
                    }
                }
                _ => String::new(),
            };
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what);
            let (line, column) = shift_position(offset, e.line(), e.column());
            Err(invalid(format!(
                "line {line}, column {column}{at}: {what}{hint}"
            )))
        }
    }
}

/// Positions inside the content member, moved to the file's: our writer puts the envelope's
/// prefix on the content's first line.
fn shift_position(offset: usize, line: usize, column: usize) -> (usize, usize) {
    if line == 1 {
        (line, column + offset)
    } else {
        (line, column)
    }
}
