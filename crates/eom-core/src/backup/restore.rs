//! Putting a backup back in place of the database file.

use std::path::{Path, PathBuf};

use crate::db::{self, OpenOptions, Passphrase, SCHEMA_VERSION};
use crate::error::{Error, Result};
use crate::time::Timestamp;

use super::{BackupInfo, BackupReason, list, quick_check, remove_if_exists, sync_dir, sync_file};

/// Replaces the database at `db_path` with the backup `id`, after backing up the current file
/// (reason `restore`). The backup is copied beside the database, checked, and renamed over it, so
/// the database file is always either the old one or the restored one. If the current file does not
/// open (the reason to restore), it is moved aside to `<file>.broken-<time>` instead of backed up.
/// `options` holds the passphrase of the database and its backups.
///
/// Safe only while no program has the database open (close the app, no `eom` running): another
/// connection would keep writing to the file that is being replaced.
pub fn restore(
    db_path: &Path,
    id: &str,
    options: &OpenOptions,
    now: Timestamp,
) -> Result<BackupInfo> {
    let chosen = list(db_path)?
        .into_iter()
        .find(|b| b.id == id)
        .ok_or_else(|| Error::NotFound {
            kind: "backup",
            id: id.to_string(),
        })?;
    if !chosen.ok {
        return Err(Error::Backup {
            path: chosen.path,
            message: "this copy failed its check when it was written; it cannot be restored".into(),
        });
    }
    let passphrase = options.passphrase.as_ref();
    let incoming = with_suffix(db_path, ".restoring");
    remove_if_exists(&incoming)?;
    let prepared = prepare(&chosen.path, &incoming, passphrase);
    if let Err(e) = prepared {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }

    if let Err(e) = keep_current(db_path, options, now) {
        let _ = std::fs::remove_file(&incoming);
        return Err(e);
    }
    // The current database was closed cleanly (or moved aside): a -wal left now would belong to
    // the old file and must not be replayed into the restored one.
    for suffix in ["-wal", "-shm"] {
        remove_if_exists(&with_suffix(db_path, suffix))?;
    }
    std::fs::rename(&incoming, db_path).map_err(|e| Error::io(db_path, e))?;
    if let Some(dir) = db_path.parent() {
        sync_dir(dir);
    }
    Ok(chosen)
}

/// Copies the backup to `incoming` and checks the copy: it opens with the passphrase, passes
/// `quick_check`, and its schema is not newer than this program.
fn prepare(backup: &Path, incoming: &Path, passphrase: Option<&Passphrase>) -> Result<()> {
    std::fs::copy(backup, incoming).map_err(|e| Error::io(incoming, e))?;
    sync_file(incoming)?;
    quick_check(incoming, passphrase)?;
    let conn = rusqlite::Connection::open(incoming)?;
    db::key(&conn, incoming, passphrase)?;
    let version = db::schema_version(&conn)?;
    if version > SCHEMA_VERSION {
        return Err(Error::NewerDatabase {
            path: backup.to_path_buf(),
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// Backs up the current database before it is replaced, or moves it aside when it will not open.
fn keep_current(db_path: &Path, options: &OpenOptions, now: Timestamp) -> Result<()> {
    if db::file_kind(db_path)? == db::FileKind::Missing {
        return Ok(());
    }
    match db::open_unmigrated(db_path, options) {
        Ok(conn) => {
            super::take(&conn, db_path, options, BackupReason::Restore, now)?;
            Ok(())
        }
        Err(e @ Error::NoEncryptionSupport { .. }) => Err(e),
        // The backup opened with these options (checked before), and backups share the database's
        // key: a current file that does not open with them is damaged. Moving it aside loses
        // nothing.
        Err(_) => move_aside(db_path, now),
    }
}

fn move_aside(db_path: &Path, now: Timestamp) -> Result<()> {
    let stamp = now.as_datetime().format("%Y%m%dT%H%M%S%.3fZ");
    let aside = with_suffix(db_path, &format!(".broken-{stamp}"));
    for suffix in ["", "-wal", "-shm"] {
        let from = with_suffix(db_path, suffix);
        if from.exists() {
            let to = with_suffix(&aside, suffix);
            std::fs::rename(&from, &to).map_err(|e| Error::io(&to, e))?;
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}
