//! The signing key at rest under a passphrase (the mission database's, when it is encrypted), so
//! that a copy of the data folder without the passphrase yields no usable signing key.
//!
//! ```text
//! eom-signing-key ed25519 v2 sealed
//! public <base64 public key>
//! argon2id m=19456 t=2 p=1 <base64 salt>
//! xchacha20poly1305 <base64 nonce> <base64 sealed secret key>
//! ```
//!
//! Argon2id (OWASP's minimum: 19 MiB, 2 passes) turns the passphrase into the cipher key; the first
//! three lines are the cipher's associated data, so none of them can be changed unnoticed. The
//! public key stays readable, so `eom keys show` needs no passphrase.

use std::path::Path;

use argon2::{Algorithm, Argon2, Params, Version};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use ed25519_dalek::{SigningKey, VerifyingKey};

use crate::db::Passphrase;
use crate::error::{Error, Result};

pub(super) const HEADER: &str = "eom-signing-key ed25519 v2 sealed";
const MEMORY_KIB: u32 = 19_456;
const PASSES: u32 = 2;
const LANES: u32 = 1;

/// The key file's text with `signing` sealed under `passphrase`.
pub(super) fn seal(path: &Path, signing: &SigningKey, passphrase: &Passphrase) -> Result<String> {
    let mut salt = [0u8; 16];
    let mut nonce = [0u8; 24];
    random(path, &mut salt)?;
    random(path, &mut nonce)?;
    let head = format!(
        "{HEADER}\npublic {}\nargon2id m={MEMORY_KIB} t={PASSES} p={LANES} {}\n",
        B64.encode(signing.verifying_key().as_bytes()),
        B64.encode(salt)
    );
    let cipher = cipher(path, passphrase, &salt, (MEMORY_KIB, PASSES, LANES))?;
    let sealed = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: signing.as_bytes(),
                aad: head.as_bytes(),
            },
        )
        .map_err(|_| bad(path, "the key could not be sealed"))?;
    Ok(format!(
        "{head}xchacha20poly1305 {} {}\n",
        B64.encode(nonce),
        B64.encode(sealed)
    ))
}

/// The public key a sealed key file shows in clear.
pub(super) fn public(path: &Path, text: &str) -> Result<VerifyingKey> {
    let line = text.lines().nth(1).unwrap_or("");
    let b64 = line.strip_prefix("public ").ok_or_else(|| {
        bad(
            path,
            "the second line should be `public <base64 public key>`",
        )
    })?;
    super::public::PublicKey::parse(b64).map_err(|m| bad(path, &m))
}

/// The secret key of a sealed key file, which must belong to the public key the file shows.
pub(super) fn unseal(path: &Path, text: &str, passphrase: &Passphrase) -> Result<SigningKey> {
    let public = public(path, text)?;
    let mut lines = text.lines().skip(2);
    let kdf = lines.next().unwrap_or("");
    let sealed = lines.next().unwrap_or("");
    let head_len = text.find("\nxchacha20poly1305 ").map(|i| i + 1);
    let (params, salt) = parse_kdf(kdf).ok_or_else(|| {
        bad(
            path,
            "the third line should be `argon2id m=… t=… p=… <salt>`",
        )
    })?;
    let fields: Vec<&str> = sealed.split(' ').collect();
    let (nonce, secret) = match (fields.as_slice(), head_len) {
        (["xchacha20poly1305", nonce, secret], Some(_)) => (
            B64.decode(nonce).ok().filter(|n| n.len() == 24),
            B64.decode(secret).ok(),
        ),
        _ => (None, None),
    };
    let (Some(nonce), Some(secret), Some(head_len)) = (nonce, secret, head_len) else {
        return Err(bad(
            path,
            "the fourth line should be `xchacha20poly1305 <nonce> <sealed key>`",
        ));
    };
    let cipher = cipher(path, passphrase, &salt, params)?;
    let seed = cipher
        .decrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: &secret,
                aad: &text.as_bytes()[..head_len],
            },
        )
        .map_err(|_| Error::KeyPassphrase {
            path: path.to_path_buf(),
        })?;
    let seed: [u8; 32] = seed
        .try_into()
        .map_err(|_| bad(path, "the sealed key is not 32 bytes"))?;
    let signing = SigningKey::from_bytes(&seed);
    if signing.verifying_key() != public {
        return Err(bad(
            path,
            "the sealed key does not belong to the public key shown",
        ));
    }
    Ok(signing)
}

fn parse_kdf(line: &str) -> Option<((u32, u32, u32), Vec<u8>)> {
    let fields: Vec<&str> = line.split(' ').collect();
    let ["argon2id", m, t, p, salt] = fields.as_slice() else {
        return None;
    };
    let number = |field: &str, name: &str| field.strip_prefix(name)?.parse::<u32>().ok();
    let params = (number(m, "m=")?, number(t, "t=")?, number(p, "p=")?);
    let salt = B64.decode(salt).ok().filter(|s| s.len() >= 16)?;
    Some((params, salt))
}

fn cipher(
    path: &Path,
    passphrase: &Passphrase,
    salt: &[u8],
    (m, t, p): (u32, u32, u32),
) -> Result<XChaCha20Poly1305> {
    // Bounds keep a doctored file from asking for gigabytes or hours.
    if !(8..=1 << 20).contains(&m) || !(1..=16).contains(&t) || !(1..=8).contains(&p) {
        return Err(bad(
            path,
            "the key file's Argon2 parameters are out of range",
        ));
    }
    let params = Params::new(m, t, p, Some(32)).map_err(|e| bad(path, &e.to_string()))?;
    let mut key = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(passphrase.as_str().as_bytes(), salt, &mut key)
        .map_err(|e| bad(path, &e.to_string()))?;
    Ok(XChaCha20Poly1305::new((&key).into()))
}

fn random(path: &Path, bytes: &mut [u8]) -> Result<()> {
    getrandom::fill(bytes).map_err(|e| Error::io(path, std::io::Error::other(e.to_string())))
}

fn bad(path: &Path, message: &str) -> Error {
    Error::KeyFile {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}
