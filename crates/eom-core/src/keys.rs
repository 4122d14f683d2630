//! The installation's Ed25519 key pair, which signs every exported bundle (SPEC 6).
//!
//! The key lives in a file of its own in a key folder (by default the platform data folder), never
//! in the mission database: a copied database does not copy the identity of the laptop that wrote it.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// The secret key's file name inside the key folder.
pub const KEY_FILE: &str = "signing-key.ed25519";
/// The only signature algorithm written and accepted.
pub const ALGORITHM: &str = "ed25519";
const KEY_FILE_HEADER: &str = "eom-signing-key ed25519 v1";
const PUBLIC_KEY_FORMAT: &str = "eom-public-key";

/// `EOM_KEY_DIR` if set, else the platform data folder (beside the default database).
pub fn default_key_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("EOM_KEY_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    crate::paths::data_dir()
}

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
    grouped(&crate::edit_history::hex(&digest[..FINGERPRINT_DIGITS / 2]))
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

/// The installation's key pair, loaded from (or created in) a key folder.
pub struct Keys {
    path: PathBuf,
    signing: SigningKey,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret key.
        f.debug_struct("Keys").field("path", &self.path).finish()
    }
}

impl Keys {
    /// Loads the key pair from `dir`, creating it on first use (file mode 0600, written atomically:
    /// a crash leaves either no key file or a whole one).
    pub fn open(dir: &Path) -> Result<Keys> {
        let path = dir.join(KEY_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(dir, path),
            Err(e) => Err(Error::io(&path, e)),
        }
    }

    fn parse(path: &Path, text: &str) -> Result<Keys> {
        let bad = |message: &str| Error::KeyFile {
            path: path.to_path_buf(),
            message: message.to_string(),
        };
        let mut lines = text.lines();
        if lines.next() != Some(KEY_FILE_HEADER) {
            return Err(bad(&format!(
                "not an EOM Reporter signing key (the first line should be `{KEY_FILE_HEADER}`)"
            )));
        }
        let seed = lines
            .next()
            .and_then(|l| B64.decode(l.trim()).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad("the second line should be the 32-byte secret key in base64"))?;
        Ok(Keys {
            path: path.to_path_buf(),
            signing: SigningKey::from_bytes(&seed),
        })
    }

    fn create(dir: &Path, path: PathBuf) -> Result<Keys> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        let text = format!("{KEY_FILE_HEADER}\n{}\n", B64.encode(seed));
        // tempfile creates the file with mode 0600 on Unix; it is set again below for clarity.
        let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::io(dir, e))?;
        {
            use std::io::Write;
            let f = tmp.as_file_mut();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                f.set_permissions(std::fs::Permissions::from_mode(0o600))
                    .map_err(|e| Error::io(&path, e))?;
            }
            f.write_all(text.as_bytes())
                .and_then(|_| f.sync_all())
                .map_err(|e| Error::io(&path, e))?;
        }
        // No clobbering: when two programs create the key at once, the first one wins and the
        // second reads it, so an installation never has two identities.
        match tmp.persist_noclobber(&path) {
            Ok(_) => Ok(Keys {
                path,
                signing: SigningKey::from_bytes(&seed),
            }),
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Self::parse(&path, &text)
            }
            Err(e) => Err(Error::io(&path, e.error)),
        }
    }

    /// The key file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn public(&self) -> PublicKey {
        PublicKey::from_key(&self.signing.verifying_key())
    }

    pub fn fingerprint(&self) -> String {
        fingerprint(self.signing.verifying_key().as_bytes())
    }

    pub(crate) fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }

    /// Writes the public key file that another installation trusts (`eom keys trust FILE`).
    pub fn export_public(&self, path: &Path) -> Result<()> {
        let text = serde_json::to_string_pretty(&self.public()).unwrap_or_default();
        crate::bundle::write_atomically(path, |w| w.write_all(format!("{text}\n").as_bytes()))
    }
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
    let opened = crate::bundle::open_bundle_bytes(path, &data)?;
    match opened.signer {
        Some(s) => Ok(s.key),
        None => Err(Error::KeyFile {
            path: path.to_path_buf(),
            message: "neither a public key file (`eom keys show --export`) nor a signed bundle"
                .into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_created_once_with_mode_0600_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let a = Keys::open(dir.path()).unwrap();
        let b = Keys::open(dir.path()).unwrap();
        assert_eq!(a.public(), b.public());
        assert_eq!(a.fingerprint().len(), 39);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(a.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let exported = dir.path().join("pub.json");
        a.export_public(&exported).unwrap();
        assert_eq!(read_public_key(&exported).unwrap(), a.public());
    }

    #[test]
    fn a_damaged_key_file_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(KEY_FILE), "hello").unwrap();
        let e = Keys::open(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains(KEY_FILE) && e.contains("not an EOM Reporter signing key"),
            "{e}"
        );
    }

    #[test]
    fn fingerprints_are_normalised() {
        assert_eq!(
            normalise_fingerprint("AB12CD34 ef56-7890 11223344:55667788").as_deref(),
            Some("ab12-cd34-ef56-7890-1122-3344-5566-7788")
        );
        assert_eq!(normalise_fingerprint("ab12"), None);
        // The 64-bit fingerprints of earlier versions are too short to compare a key by.
        assert_eq!(normalise_fingerprint("ab12-cd34-ef56-7890"), None);
    }
}
