//! Atomic file writing (ARCHITECTURE.md invariant 10): the content goes into a temporary file
//! beside the target, is synced to disk and renamed over the target, so a crash or a full disk
//! leaves the previous file (or none), never half a file. One writer for bundles, the analyst CSVs,
//! public key files, workbooks, GeoJSON, XLSForms and the reports. (The signing key's own file has
//! a writer of its own in `keys`: mode 0600 from the start, and never over an existing key.)

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Runs `write` on a buffered temporary file in `path`'s folder, syncs it and renames it to
/// `path`. Errors name `path`.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let err = |e| Error::io(path, e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(err)?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        write(&mut w).map_err(err)?;
        w.flush().map_err(err)?;
    }
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
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
    fn a_missing_folder_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nowhere").join("out.txt");
        let err = write_bytes_atomically(&path, b"x").unwrap_err();
        assert!(err.to_string().contains("out.txt"), "{err}");
    }
}
