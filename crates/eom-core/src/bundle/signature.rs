//! Signed bundles (format version 2): an envelope whose `content` member holds the bundle and whose
//! `signature` member signs the exact bytes of `content` (docs/bundle.md, "Signature").
//!
//! Signing the bytes as written, rather than a re-serialization, keeps verification to one SHA-256
//! pass over the file and makes it easy to re-implement at HQ: hash the bytes between `"content":`
//! and the member's end, rebuild the three-line statement, check Ed25519.

use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::Verifier;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{Bundle, FORMAT, FORMAT_VERSION, write_atomically};
use crate::edit_history::{HashWriter, hex};
use crate::error::{Error, Result};
use crate::keys::{ALGORITHM, Keys, PublicKey, fingerprint};
use crate::time::Timestamp;

/// The `signature` member of a version 2 bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureBlock {
    pub algorithm: String,
    /// The signer's 32-byte Ed25519 public key, standard base64.
    pub public_key: String,
    /// `keys::fingerprint` of the public key.
    pub fingerprint: String,
    pub signed_at: Timestamp,
    /// SHA-256 (hex) of the bytes of the `content` member.
    pub content_sha256: String,
    /// The Ed25519 signature of `statement(content_sha256, signed_at)`, standard base64.
    pub signature: String,
}

/// Who signed a bundle whose signature was verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Signer {
    pub key: PublicKey,
    pub signed_at: Timestamp,
}

/// A bundle read from a file, with its verified signer (`None`: unsigned).
#[derive(Debug)]
pub struct OpenedBundle {
    pub bundle: Bundle,
    pub signer: Option<Signer>,
}

/// The text that is signed. The content's hash stands for the content; `signed_at` is covered too.
pub fn statement(content_sha256: &str, signed_at: Timestamp) -> String {
    format!("eom-bundle signature v1\ncontent-sha256: {content_sha256}\nsigned-at: {signed_at}\n")
}

/// Writes `bundle` as a signed version 2 file, atomically. The content is streamed through SHA-256
/// as it is written, so signing costs one hash pass and no copy of the file in memory.
pub fn write_signed(path: &Path, bundle: &Bundle, keys: &Keys, signed_at: Timestamp) -> Result<()> {
    write_atomically(path, |w| {
        write!(
            w,
            "{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\"content\":"
        )?;
        let mut tee = Tee {
            out: &mut *w,
            hash: HashWriter(Sha256::new()),
        };
        serde_json::to_writer(&mut tee, bundle).map_err(std::io::Error::other)?;
        let content_sha256 = hex(&tee.hash.0.finalize());
        let block = signature_block(keys, content_sha256, signed_at);
        w.write_all(b",\"signature\":")?;
        serde_json::to_writer(&mut *w, &block).map_err(std::io::Error::other)?;
        w.write_all(b"}\n")
    })
}

/// The signature over `content_sha256` at `signed_at` with this installation's key.
fn signature_block(keys: &Keys, content_sha256: String, signed_at: Timestamp) -> SignatureBlock {
    let sig = keys.sign(statement(&content_sha256, signed_at).as_bytes());
    let public = keys.public();
    SignatureBlock {
        algorithm: ALGORITHM.into(),
        public_key: public.public_key,
        fingerprint: public.fingerprint,
        signed_at,
        content_sha256,
        signature: B64.encode(sig),
    }
}

/// A signed version 2 file around `content`, bytes given as they are (for tools and tests that
/// build content themselves; `write_signed` streams instead).
pub fn signed_envelope(content: &[u8], keys: &Keys, signed_at: Timestamp) -> Vec<u8> {
    let content_sha256 = crate::model::sha256_hex(content);
    let block = signature_block(keys, content_sha256, signed_at);
    let mut out =
        format!("{{\"format\":\"{FORMAT}\",\"format_version\":{FORMAT_VERSION},\"content\":")
            .into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(b",\"signature\":");
    out.extend_from_slice(&serde_json::to_vec(&block).unwrap_or_default());
    out.extend_from_slice(b"}\n");
    out
}

struct Tee<'a> {
    out: &'a mut dyn std::io::Write,
    hash: HashWriter,
}

impl std::io::Write for Tee<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.out.write(buf)?;
        self.hash.0.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
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
        let members = super::scan::top_level_members(data, "content");
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
        return super::read::parse_bundle(path, data, 0, None).map(|bundle| OpenedBundle {
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
        let bundle = super::read::parse_bundle(path, data, 0, Some(&members))?;
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
    super::read::check_header(path, format.as_ref(), version.as_ref())?;
    let outer_version = version.and_then(|v| v.as_u64()).unwrap_or(0);
    let offset = content.as_ptr() as usize - data.as_ptr() as usize;
    let content_members: Option<super::scan::Members> = content_members.map(|m| {
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
        let bundle = super::read::parse_bundle(path, content, offset, content_members.as_ref());
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

/// Checks the signature block against the content bytes.
fn verify(path: &Path, block: &[u8], content: &[u8]) -> Result<Signer> {
    let mismatch = |detail: &str| Error::SignatureMismatch {
        path: path.to_path_buf(),
        detail: detail.to_string(),
    };
    let block: SignatureBlock = serde_json::from_slice(block).map_err(|e| {
        mismatch(&format!(
            "the signature block is not readable ({e}); expected algorithm, public_key, fingerprint, signed_at, content_sha256, signature"
        ))
    })?;
    if block.algorithm != ALGORITHM {
        return Err(Error::BundleInvalid {
            path: path.to_path_buf(),
            message: format!(
                "signature algorithm `{}` is not supported (expected `{ALGORITHM}`)",
                block.algorithm
            ),
        });
    }
    let key = PublicKey::parse(&block.public_key).map_err(|e| mismatch(&e))?;
    // Bundles signed before fingerprints had 128 bits carry the first 16 digits: still the key's.
    let full = fingerprint(key.as_bytes());
    if full != block.fingerprint && full.get(..19) != Some(block.fingerprint.as_str()) {
        return Err(mismatch("the fingerprint is not that of the public key"));
    }
    if crate::model::sha256_hex(content) != block.content_sha256 {
        return Err(mismatch(
            "the content's SHA-256 differs from the signed one",
        ));
    }
    let sig = B64
        .decode(block.signature.trim())
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| ed25519_dalek::Signature::from_bytes(&b))
        .ok_or_else(|| mismatch("the signature is not 64 bytes of base64"))?;
    key.verify(
        statement(&block.content_sha256, block.signed_at).as_bytes(),
        &sig,
    )
    .map_err(|_| mismatch("the Ed25519 signature does not verify with the signer's key"))?;
    Ok(Signer {
        key: PublicKey::from_key(&key),
        signed_at: block.signed_at,
    })
}
