//! Reading a bundle file: the size limit, the text-limit scan, the envelope's members, then the
//! signature check (`signature.rs`) beside the parse (`read.rs`). Above both, so the signature
//! code needs nothing of the reader and the parser nothing of the signature.

use std::path::Path;

use super::signature::{Signer, verify};
use super::{Bundle, read, scan};
use crate::error::{Error, Result};
use crate::keys::{PUBLIC_KEY_FORMAT, PublicKey};

/// A bundle read from a file, with its verified signer (`None`: unsigned).
#[derive(Debug)]
pub struct OpenedBundle {
    pub bundle: Bundle,
    pub signer: Option<Signer>,
}

/// Reads and parses a bundle file, with messages that say what is wrong and where. A signed bundle's
/// signature is verified (a mismatch is an error); an unsigned one is returned as it is: callers
/// that merge use `open_bundle` to know who signed.
pub fn read_bundle(path: &Path) -> Result<Bundle> {
    Ok(open_bundle(path)?.bundle)
}

/// Reads a bundle file: a signed version 2 envelope (the signature is verified before the content
/// is parsed) or an unsigned version 1 file.
/// Files above [`MAX_BUNDLE_BYTES`](crate::limits::MAX_BUNDLE_BYTES) are refused unread.
pub fn open_bundle(path: &Path) -> Result<OpenedBundle> {
    let data = crate::limits::read_file(path, crate::limits::MAX_BUNDLE_BYTES, "bundle")?;
    open_bundle_bytes(path, &data)
}

pub fn open_bundle_bytes(path: &Path, data: &[u8]) -> Result<OpenedBundle> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    // Windows editors save with a byte-order mark; JSON does not allow one, but it is harmless.
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    use crate::limits::{MAX_BUNDLE_TEXT_BYTES, find_long_text};
    // Two linear scans of the whole file, one per core (a large bundle is tens of MB).
    let (long, members) = std::thread::scope(|s| {
        let long = s.spawn(|| find_long_text(data, MAX_BUNDLE_TEXT_BYTES, b"data"));
        let members = scan::top_level_members(data, "content");
        (crate::joined(long), members)
    });
    if let Some(long) = long {
        return Err(invalid(format!(
            "line {}: the text of `{}` is {} bytes long; a text in a bundle may have at most {MAX_BUNDLE_TEXT_BYTES} bytes (attachment data excepted)",
            long.line, long.key, long.bytes
        )));
    }
    let Some((members, content_members)) = members else {
        // Not even well-formed at the top level: the full parser says where.
        return read::parse_bundle(path, data, 0, None).map(|bundle| OpenedBundle {
            bundle,
            signer: None,
        });
    };
    let get = |name: &str| -> Result<Option<&[u8]>> {
        let mut found = members.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, r)| &data[r.clone()]);
        if found.next().is_some() {
            return Err(invalid(format!("the member `{name}` appears twice")));
        }
        Ok(first)
    };
    let Some(content) = get("content")? else {
        // Format version 1: the records at the top level, no signature.
        let bundle = read::parse_bundle(path, data, 0, Some(&members))?;
        if bundle.format_version >= 2 {
            return Err(invalid(format!(
                "format version {} keeps its records in a `content` member, which is missing",
                bundle.format_version
            )));
        }
        return Ok(OpenedBundle {
            bundle,
            signer: None,
        });
    };
    let format: Option<serde_json::Value> =
        get("format")?.and_then(|b| serde_json::from_slice(b).ok());
    let version: Option<serde_json::Value> =
        get("format_version")?.and_then(|b| serde_json::from_slice(b).ok());
    read::check_header(path, format.as_ref(), version.as_ref())?;
    let outer_version = version.and_then(|v| v.as_u64()).unwrap_or(0);
    let offset = content.as_ptr() as usize - data.as_ptr() as usize;
    let content_members: Option<scan::Members> = content_members.map(|m| {
        m.into_iter()
            .map(|(k, r)| (k, r.start - offset..r.end - offset))
            .collect()
    });
    let block = match get("signature")? {
        None | Some(b"null") => None,
        Some(block) => Some(block),
    };
    // The signature is checked while the content is parsed, on the other core; a mismatch is
    // reported before anything the parse found, and the parsed records are dropped unread.
    let (signer, bundle) = std::thread::scope(|s| {
        let signer = block.map(|block| s.spawn(move || verify(path, block, content)));
        let bundle = read::parse_bundle(path, content, offset, content_members.as_ref());
        let signer = signer.map(crate::joined);
        (signer.transpose(), bundle)
    });
    let signer = signer?;
    let bundle = bundle?;
    if bundle.format_version != outer_version {
        return Err(invalid(format!(
            "the envelope says format version {outer_version} but its content says {}",
            bundle.format_version
        )));
    }
    Ok(OpenedBundle { bundle, signer })
}

/// Reads the public key from a public key file or from a signed bundle (its signer).
pub fn read_public_key(path: &Path) -> Result<PublicKey> {
    let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    if let Ok(k) = serde_json::from_slice::<PublicKey>(&data)
        && k.format == PUBLIC_KEY_FORMAT
    {
        let key = PublicKey::parse(&k.public_key).map_err(|message| Error::KeyFile {
            path: path.to_path_buf(),
            message,
        })?;
        return Ok(PublicKey::from_key(&key));
    }
    let opened = open_bundle_bytes(path, &data)?;
    match opened.signer {
        Some(s) => Ok(s.key),
        None => Err(Error::KeyFile {
            path: path.to_path_buf(),
            message: "neither a public key file (`eom keys show --export`) nor a signed bundle"
                .into(),
        }),
    }
}
