//! Public keys as people and files see them: the key's base64 form, its fingerprint, the public
//! key file's fields. Below the key pair (`mod.rs`) and the sealed key file (`sealed.rs`), which
//! both show a public key.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The only signature algorithm written and accepted.
pub const ALGORITHM: &str = "ed25519";
pub(crate) const PUBLIC_KEY_FORMAT: &str = "eom-public-key";

/// A public key as shown to people and written to a public key file (`eom keys show --export`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicKey {
    /// Always `eom-public-key` in a file.
    #[serde(default)]
    pub format: String,
    pub algorithm: String,
    /// The 32-byte key, standard base64.
    pub public_key: String,
    /// `fingerprint()` of the key: what people compare on the phone.
    pub fingerprint: String,
}

impl PublicKey {
    pub fn from_key(key: &VerifyingKey) -> Self {
        PublicKey {
            format: PUBLIC_KEY_FORMAT.into(),
            algorithm: ALGORITHM.into(),
            public_key: B64.encode(key.as_bytes()),
            fingerprint: fingerprint(key.as_bytes()),
        }
    }

    /// Parses a base64 public key, checking that it is a valid Ed25519 point.
    pub fn parse(base64: &str) -> std::result::Result<VerifyingKey, String> {
        let bytes = B64
            .decode(base64.trim())
            .map_err(|e| format!("the public key is not base64: {e}"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| format!("the public key has {} bytes, expected 32", b.len()))?;
        VerifyingKey::from_bytes(&bytes).map_err(|_| "the public key is not an Ed25519 key".into())
    }
}

/// How many hex digits of SHA-256 a fingerprint shows: 32 digits carry 128 bits, so nobody can
/// make a second key that a person comparing the fingerprint would take for the first.
pub const FINGERPRINT_DIGITS: usize = 32;

/// The first 32 hex digits of SHA-256 of the 32 key bytes, in groups of four:
/// `ab12-cd34-ef56-7890-1122-3344-5566-7788`.
pub fn fingerprint(public_key: &[u8]) -> String {
    let digest = Sha256::digest(public_key);
    grouped(&crate::hash::hex(&digest[..FINGERPRINT_DIGITS / 2]))
}

fn grouped(hex: &str) -> String {
    hex.as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// Normalises what a person typed as a fingerprint (any case, with or without dashes or spaces).
pub fn normalise_fingerprint(input: &str) -> Option<String> {
    let hex: String = input
        .chars()
        .filter(|c| !matches!(c, '-' | ' ' | ':'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if hex.len() != FINGERPRINT_DIGITS || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    Some(grouped(&hex))
}
