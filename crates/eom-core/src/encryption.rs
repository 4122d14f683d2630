//! Converting a database file between plaintext and encrypted (and between passphrases).
//!
//! The database is copied with `sqlcipher_export` into a temporary file in the same folder under
//! the new key, the copy passes `PRAGMA integrity_check`, the original is kept aside, and the copy
//! is renamed over the original (atomic on one file system). Its backups in `backups/` are then
//! converted the same way so that a restore needs the same passphrase as the database, and the
//! original is deleted. The database must not be open elsewhere (app, another `eom`) meanwhile.
//!
//! Given the key folder, the laptop's signing key follows the database: sealed under the new
//! passphrase, or in plaintext again when the encryption is removed (`keys::Keys::reseal`).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::backup::{self, remove_if_exists, sync_dir, sync_file};
use crate::db::{self, OpenOptions, Passphrase};
use crate::error::{Error, Result};

/// What a conversion did (the app's Mission settings card shows it as it is).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConversionReport {
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    pub encrypted: bool,
    /// Backups converted to the new key.
    pub backups_converted: usize,
    /// Backups that had failed their check when written, deleted rather than converted.
    pub failed_backups_removed: usize,
    /// Whether the signing key is now sealed under the passphrase; `None` when it was left alone.
    pub key_sealed: Option<bool>,
}

/// The database file to convert, and the folder of the signing key that follows it (`None`
/// leaves the key alone).
#[derive(Debug, Clone, Copy)]
pub struct Files<'a> {
    pub db: &'a Path,
    pub key_dir: Option<&'a Path>,
}

impl<'a> Files<'a> {
    /// The database alone.
    pub fn db(db: &'a Path) -> Self {
        Files { db, key_dir: None }
    }
}

/// Steps done and to do, for a progress bar: the copy, its check, each backup, the key.
pub type Progress<'p> = &'p mut dyn FnMut(u64, u64);

/// Encrypts the plaintext database with `new`.
pub fn encrypt(files: Files, new: &Passphrase, progress: Progress) -> Result<ConversionReport> {
    change_key(files, None, Some(new), progress)
}

/// Decrypts the database (opened with `current`) into plaintext.
pub fn decrypt(files: Files, current: &Passphrase, progress: Progress) -> Result<ConversionReport> {
    change_key(files, Some(current), None, progress)
}

/// Changes the passphrase of the encrypted database.
pub fn rekey(
    files: Files,
    current: &Passphrase,
    new: &Passphrase,
    progress: Progress,
) -> Result<ConversionReport> {
    change_key(files, Some(current), Some(new), progress)
}

fn change_key(
    files: Files,
    from: Option<&Passphrase>,
    to: Option<&Passphrase>,
    progress: Progress,
) -> Result<ConversionReport> {
    let path = files.db;
    if db::file_kind(path)? == db::FileKind::Missing {
        return Err(Error::NotFound {
            kind: "database file",
            id: path.display().to_string(),
        });
    }
    // The key is unsealed first: a key that will not open stops the conversion before it starts.
    let keys = files
        .key_dir
        .map(|dir| crate::keys::Keys::open_with(dir, from))
        .transpose()?;
    let backups = backup::list(path)?;
    let total = 2 + backups.len() as u64 + u64::from(keys.is_some());
    let mut done = 0;
    let mut step = |progress: &mut dyn FnMut(u64, u64)| {
        done += 1;
        progress(done, total);
    };
    progress(0, total);
    let from_options = OpenOptions {
        passphrase: from.cloned(),
        ..Default::default()
    };
    let converted = sibling(path, "converting");
    {
        let conn = db::open_unmigrated(path, &from_options)?;
        // Everything into the main file first, so the copy reads one consistent file.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        export_to(&conn, &converted, to).inspect_err(|_| {
            let _ = std::fs::remove_file(&converted);
        })?;
    }
    step(progress);
    backup::check(&converted, to, "integrity_check").inspect_err(|_| {
        let _ = std::fs::remove_file(&converted);
    })?;
    step(progress);

    let original = sibling(path, "before-conversion");
    std::fs::copy(path, &original).map_err(|e| Error::io(&original, e))?;
    sync_file(&original)?;
    std::fs::rename(&converted, path).map_err(|e| Error::io(path, e))?;
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    // Left over only if the connection above did not close cleanly; they belong to the old file.
    for suffix in ["-wal", "-shm"] {
        remove_if_exists(&with_suffix(path, suffix))?;
    }

    let mut report = ConversionReport {
        path: path.to_path_buf(),
        encrypted: to.is_some(),
        backups_converted: 0,
        failed_backups_removed: 0,
        key_sealed: None,
    };
    for b in backups {
        if !b.ok {
            remove_if_exists(&b.path)?;
            report.failed_backups_removed += 1;
        } else {
            convert_file(&b.path, from, to)?;
            report.backups_converted += 1;
        }
        step(progress);
    }
    remove_if_exists(&original)?;
    if let Some(keys) = keys {
        keys.reseal(to)?;
        report.key_sealed = Some(to.is_some());
        step(progress);
    }
    Ok(report)
}

/// Converts one closed database file (a backup) in place, through a checked copy.
fn convert_file(file: &Path, from: Option<&Passphrase>, to: Option<&Passphrase>) -> Result<()> {
    let converted = sibling(file, "converting");
    {
        let conn = Connection::open(file)?;
        db::key(&conn, file, from)?;
        export_to(&conn, &converted, to).inspect_err(|_| {
            let _ = std::fs::remove_file(&converted);
        })?;
    }
    backup::quick_check(&converted, to).inspect_err(|_| {
        let _ = std::fs::remove_file(&converted);
    })?;
    std::fs::rename(&converted, file).map_err(|e| Error::io(file, e))
}

/// Copies the whole database behind `conn` into a new file at `target` under the key `to`
/// (plaintext when `None`), schema version included.
pub(crate) fn export_to(conn: &Connection, target: &Path, to: Option<&Passphrase>) -> Result<()> {
    remove_if_exists(target)?;
    // ATTACH opens with the main connection's flags, which lack CREATE for an existing database
    // (so that a vanished file is never recreated empty): the target is created here, empty.
    std::fs::File::create(target).map_err(|e| Error::io(target, e))?;
    let key = to.map(Passphrase::as_str).unwrap_or("");
    conn.execute(
        "ATTACH DATABASE ?1 AS eom_export KEY ?2",
        rusqlite::params![target.to_string_lossy(), key],
    )?;
    let copied = export_attached(conn);
    let detached = conn.execute("DETACH DATABASE eom_export", []);
    copied?;
    detached?;
    sync_file(target)
}

fn export_attached(conn: &Connection) -> Result<()> {
    conn.query_row("SELECT sqlcipher_export('eom_export')", [], |_| Ok(()))?;
    let version = db::schema_version(conn)?;
    conn.execute_batch(&format!("PRAGMA eom_export.user_version = {version}"))?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// `mission.eom` → `mission.eom.converting`, in the same folder so the final rename is atomic.
fn sibling(path: &Path, what: &str) -> PathBuf {
    with_suffix(path, &format!(".{what}"))
}
