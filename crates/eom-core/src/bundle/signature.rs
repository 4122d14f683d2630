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

use super::{Bundle, FORMAT, FORMAT_VERSION};
use crate::atomic::write_atomically;
use crate::error::{Error, Result};
use crate::hash::{HashWriter, hex, sha256_hex};
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
    let content_sha256 = sha256_hex(content);
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

/// Checks the signature block against the content bytes.
pub(super) fn verify(path: &Path, block: &[u8], content: &[u8]) -> Result<Signer> {
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
    if sha256_hex(content) != block.content_sha256 {
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
