//! The installation's Ed25519 key pair, which signs every exported bundle (SPEC 6).
//!
//! The key lives in a file of its own in a key folder (by default the platform data folder), never
//! in the mission database: a copied database does not copy the identity of the laptop that wrote it.

use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use ed25519_dalek::{Signer, SigningKey};

use crate::db::Passphrase;
use crate::error::{Error, Result};

mod public;
mod sealed;

pub(crate) use public::PUBLIC_KEY_FORMAT;
pub use public::{ALGORITHM, FINGERPRINT_DIGITS, PublicKey, fingerprint, normalise_fingerprint};

/// The secret key's file name inside the key folder.
pub const KEY_FILE: &str = "signing-key.ed25519";
const KEY_FILE_HEADER: &str = "eom-signing-key ed25519 v1";

/// `EOM_KEY_DIR` if set, else the platform data folder (beside the default database).
pub fn default_key_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("EOM_KEY_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    crate::paths::data_dir()
}

/// The installation's key pair, loaded from (or created in) a key folder.
pub struct Keys {
    path: PathBuf,
    signing: SigningKey,
    sealed: bool,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret key.
        f.debug_struct("Keys").field("path", &self.path).finish()
    }
}

impl Keys {
    /// Loads the key pair from `dir`, creating it on first use. A key sealed with a passphrase
    /// needs `open_with`.
    pub fn open(dir: &Path) -> Result<Keys> {
        Self::open_with(dir, None)
    }

    /// Loads the key pair from `dir`, creating it on first use (file mode 0600, written atomically:
    /// a crash leaves either no key file or a whole one). With the passphrase of an encrypted
    /// database, the key is kept sealed under it: created sealed, or sealed now if it was not.
    pub fn open_with(dir: &Path, passphrase: Option<&Passphrase>) -> Result<Keys> {
        let path = dir.join(KEY_FILE);
        let keys = match std::fs::read_to_string(&path) {
            Ok(text) => Self::parse(&path, &text, passphrase)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Self::create(dir, path, passphrase);
            }
            Err(e) => return Err(Error::io(&path, e)),
        };
        if let Some(p) = passphrase
            && !keys.sealed
        {
            keys.reseal(Some(p))?;
            return Self::open_with(dir, passphrase);
        }
        Ok(keys)
    }

    /// Whether the key file is sealed with a passphrase.
    pub fn is_sealed(&self) -> bool {
        self.sealed
    }

    /// Rewrites the key file sealed under `passphrase`, or in plaintext with `None` (when the
    /// database's encryption is removed). Atomic: the old file stays whole until the new one is.
    pub fn reseal(&self, passphrase: Option<&Passphrase>) -> Result<()> {
        let text = match passphrase {
            Some(p) => sealed::seal(&self.path, &self.signing, p)?,
            None => plain_text(&self.signing.to_bytes()),
        };
        write_key_file(&self.path, &text, false)
    }

    fn parse(path: &Path, text: &str, passphrase: Option<&Passphrase>) -> Result<Keys> {
        let bad = |message: &str| Error::KeyFile {
            path: path.to_path_buf(),
            message: message.to_string(),
        };
        let mut lines = text.lines();
        match lines.next() {
            Some(KEY_FILE_HEADER) => {}
            Some(sealed::HEADER) => {
                let p = passphrase.ok_or_else(|| Error::KeySealed {
                    path: path.to_path_buf(),
                })?;
                return Ok(Keys {
                    path: path.to_path_buf(),
                    signing: sealed::unseal(path, text, p)?,
                    sealed: true,
                });
            }
            _ => {
                return Err(bad(&format!(
                    "not an EOM Reporter signing key (the first line should be `{KEY_FILE_HEADER}`)"
                )));
            }
        }
        let seed = lines
            .next()
            .and_then(|l| B64.decode(l.trim()).ok())
            .and_then(|b| <[u8; 32]>::try_from(b).ok())
            .ok_or_else(|| bad("the second line should be the 32-byte secret key in base64"))?;
        Ok(Keys {
            path: path.to_path_buf(),
            signing: SigningKey::from_bytes(&seed),
            sealed: false,
        })
    }

    fn create(dir: &Path, path: PathBuf, passphrase: Option<&Passphrase>) -> Result<Keys> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed)
            .map_err(|e| Error::io(&path, std::io::Error::other(e.to_string())))?;
        let signing = SigningKey::from_bytes(&seed);
        let text = match passphrase {
            Some(p) => sealed::seal(&path, &signing, p)?,
            None => plain_text(&seed),
        };
        // No clobbering: when two programs create the key at once, the first one wins and the
        // second reads it, so an installation never has two identities.
        match write_key_file(&path, &text, true) {
            Ok(()) => Ok(Keys {
                path,
                signing,
                sealed: passphrase.is_some(),
            }),
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => {
                let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
                Self::parse(&path, &text, passphrase)
            }
            Err(e) => Err(e),
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
        write_public(&self.public(), path)
    }
}

fn plain_text(seed: &[u8; 32]) -> String {
    format!("{KEY_FILE_HEADER}\n{}\n", B64.encode(seed))
}

/// Writes a key file atomically, mode 0600 from the start; with `keep_existing`, never over a key
/// that is already there.
fn write_key_file(path: &Path, text: &str, keep_existing: bool) -> Result<()> {
    let options = crate::atomic::Options {
        private: true,
        keep_existing,
    };
    crate::atomic::write_atomically_with(path, options, |w| w.write_all(text.as_bytes()))
}

/// This installation's public key without its passphrase (a sealed key file shows it in clear);
/// `None` when no key has been created yet.
pub fn public_key_in(dir: &Path) -> Result<Option<PublicKey>> {
    let path = dir.join(KEY_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(&path, e)),
    };
    if text.starts_with(sealed::HEADER) {
        return sealed::public(&path, &text).map(|k| Some(PublicKey::from_key(&k)));
    }
    Keys::parse(&path, &text, None).map(|k| Some(k.public()))
}

/// Writes a public key file (`eom keys show --export`).
pub fn write_public(public: &PublicKey, path: &Path) -> Result<()> {
    let text = serde_json::to_string_pretty(public).unwrap_or_default();
    crate::atomic::write_atomically(path, |w| w.write_all(format!("{text}\n").as_bytes()))
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
        assert_eq!(
            crate::bundle::read_public_key(&exported).unwrap(),
            a.public()
        );
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

    fn pass(text: &str) -> Passphrase {
        Passphrase::new(text).unwrap()
    }

    #[test]
    fn a_key_sealed_with_a_passphrase_opens_only_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let plain = Keys::open(dir.path()).unwrap();
        let secret = B64.encode(plain.signing.to_bytes());
        // Opening with the passphrase of an encrypted database seals the plaintext key.
        let sealed = Keys::open_with(dir.path(), Some(&pass("correct horse"))).unwrap();
        assert!(sealed.is_sealed());
        assert_eq!(sealed.public(), plain.public());
        let text = std::fs::read_to_string(dir.path().join(KEY_FILE)).unwrap();
        assert!(
            text.starts_with(sealed::HEADER) && !text.contains(&secret),
            "{text}"
        );

        let e = Keys::open(dir.path()).unwrap_err();
        assert!(matches!(e, Error::KeySealed { .. }), "{e}");
        assert!(e.to_string().contains("--passphrase-file"), "{e}");
        let e = Keys::open_with(dir.path(), Some(&pass("wrong horse"))).unwrap_err();
        assert!(matches!(e, Error::KeyPassphrase { .. }), "{e}");
        // The public key stays readable without the passphrase.
        assert_eq!(public_key_in(dir.path()).unwrap(), Some(plain.public()));

        // Removing the database's encryption unseals it.
        sealed.reseal(None).unwrap();
        let again = Keys::open(dir.path()).unwrap();
        assert!(!again.is_sealed());
        assert_eq!(again.public(), plain.public());
    }

    #[test]
    fn a_new_key_is_created_sealed_and_a_doctored_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(public_key_in(dir.path()).unwrap(), None);
        let p = pass("a long enough passphrase");
        let k = Keys::open_with(dir.path(), Some(&p)).unwrap();
        assert!(k.is_sealed());
        let file = dir.path().join(KEY_FILE);
        let text = std::fs::read_to_string(&file).unwrap();
        // Another public key in clear: the associated data no longer matches.
        let other = Keys::open(tempfile::tempdir().unwrap().path()).unwrap();
        let public_line = text.lines().nth(1).unwrap().to_string();
        let doctored = text.replace(
            &public_line,
            &format!("public {}", other.public().public_key),
        );
        std::fs::write(&file, doctored).unwrap();
        assert!(Keys::open_with(dir.path(), Some(&p)).is_err());
        std::fs::write(&file, text.replace("m=19456", "m=99999999")).unwrap();
        let e = Keys::open_with(dir.path(), Some(&p))
            .unwrap_err()
            .to_string();
        assert!(e.contains("out of range"), "{e}");
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
