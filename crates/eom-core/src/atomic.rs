//! Atomic file writing (ARCHITECTURE.md invariant 10): the content goes into a temporary file
//! beside the target, is synced to disk and renamed over the target, so a crash or a full disk
//! leaves the previous file (or none), never half a file. One writer for bundles, the analyst CSVs,
//! public key files, workbooks, GeoJSON, XLSForms and the reports, and the signing key's own file
//! (with [`Options`]: mode 0600 from the start, and never over an existing key).

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// How [`write_atomically_with`] writes, beyond the default (mode of a new temporary file,
/// replacing the target).
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Only the owner may read the file, from the moment it exists (mode 0600 on Unix): a secret
    /// is never readable by others, not even before the rename.
    pub private: bool,
    /// Refuse to replace an existing target: the error is `AlreadyExists`, and the target as it
    /// was stays (two programs creating a key at once: the first one wins).
    pub keep_existing: bool,
}

/// Runs `write` on a buffered temporary file in `path`'s folder, syncs it and renames it to
/// `path`. Errors name `path`.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    write_atomically_with(path, Options::default(), write)
}

/// [`write_atomically`] with [`Options`].
pub fn write_atomically_with(
    path: &Path,
    options: Options,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let err = |e| Error::io(path, e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    if options.private {
        // tempfile creates the file with mode 0600 on Unix already; set again so that this
        // guarantee does not rest on a library's default.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(err)?;
        }
    }
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        write(&mut w).map_err(err)?;
        w.flush().map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    let persisted = if options.keep_existing {
        tmp.persist_noclobber(path)
    } else {
        tmp.persist(path)
    };
    persisted.map_err(|e| err(e.error))?;
    Ok(())
}

/// [`write_atomically`] of bytes already in memory.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomically(path, |w| w.write_all(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let err = write_atomically(&path, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("disk full"), "{err}");
        assert!(err.to_string().contains("out.txt"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_bytes_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
    }

    #[test]
    fn keep_existing_refuses_to_replace_a_file_and_private_is_the_owners_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        let options = Options {
            private: true,
            keep_existing: true,
        };
        write_atomically_with(&path, options, |w| w.write_all(b"first")).unwrap();
        let err = write_atomically_with(&path, options, |w| w.write_all(b"second")).unwrap_err();
        assert!(
            matches!(&err, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::AlreadyExists),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "first");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere").join("out.txt");
        let err = write_bytes_atomically(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("out.txt"), "{err}");
    }
}
