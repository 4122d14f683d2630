//! Rotating backups in a `backups/` folder beside the database file.
//!
//! A backup is a complete copy of the database, named `<database file>.<UTC time>-<reason>` (for
//! example `mission.eom.20240207T030000.000Z-start`), so that file-name order is time order and the
//! list can be read without opening the database (the app offers a restore when the database will
//! not open). Each copy is checked with `PRAGMA quick_check` before it gets its final name; a copy
//! that fails keeps a `.failed` suffix and is never offered for restore. An encrypted database's
//! backups are encrypted with the same key. Only the newest `keep` good backups are kept (10 unless
//! the mission sets another number: `meta.backup_keep`).

mod restore;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;

use crate::db::{self, OpenOptions, Passphrase};
use crate::error::{Error, Result};
use crate::time::Timestamp;

pub use restore::restore;

/// How many backups are kept when the database does not say.
pub const DEFAULT_KEEP: u32 = 10;
/// The most backups a database may ask to keep (each is a full copy).
pub const MAX_KEEP: u32 = 1000;
/// A backup at least this old makes the next hourly one due.
pub const HOURLY_MS: i64 = 60 * 60 * 1000;

const FAILED: &str = ".failed";
const PARTIAL: &str = ".partial";
/// `20240207T030000.000Z`: fixed width, so text order is time order.
const STAMP_FORMAT: &str = "%Y%m%dT%H%M%S%.3fZ";
const STAMP_LEN: usize = 20;

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BackupReason {
    /// The app started (once per start).
    Start,
    /// Before a schema migration.
    Migration,
    /// Before a bundle or station list import.
    Import,
    /// Every hour while the app is open.
    Hourly,
    /// Asked for (`eom backup now`).
    Manual,
    /// The database as it was just before a backup was restored over it.
    Restore,
}

impl BackupReason {
    pub const ALL: [BackupReason; 6] = [
        BackupReason::Start,
        BackupReason::Migration,
        BackupReason::Import,
        BackupReason::Hourly,
        BackupReason::Manual,
        BackupReason::Restore,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BackupReason::Start => "start",
            BackupReason::Migration => "migration",
            BackupReason::Import => "import",
            BackupReason::Hourly => "hourly",
            BackupReason::Manual => "manual",
            BackupReason::Restore => "restore",
        }
    }

    fn parse(s: &str) -> Option<BackupReason> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

impl std::fmt::Display for BackupReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One backup file, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupInfo {
    /// What `restore` takes: `20240207T030000.000Z-start`.
    pub id: String,
    pub taken_at: Timestamp,
    pub reason: BackupReason,
    /// Size of the file in bytes.
    pub size: u64,
    /// Passed `quick_check` when it was written (a failed copy is listed but never restored).
    pub ok: bool,
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
}

/// The folder backups of the database at `db_path` go to.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("backups")
}

fn db_file_name(db_path: &Path) -> String {
    db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "database".into())
}

/// The backups of the database at `db_path`, newest first, read from file names only: the
/// database is not opened (it may be the one that does not open).
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(&dir, e)),
    };
    let prefix = format!("{}.", db_file_name(db_path));
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let (id, ok) = match rest.strip_suffix(FAILED) {
            Some(id) => (id, false),
            None => (rest, true),
        };
        let Some((taken_at, reason)) = parse_id(id) else {
            continue;
        };
        let size = entry
            .metadata()
            .map_err(|e| Error::io(entry.path(), e))?
            .len();
        out.push(BackupInfo {
            id: id.to_string(),
            taken_at,
            reason,
            size,
            ok,
            path: entry.path(),
        });
    }
    out.sort_by(|a, b| b.id.cmp(&a.id));
    Ok(out)
}

fn parse_id(id: &str) -> Option<(Timestamp, BackupReason)> {
    let stamp = id.get(..STAMP_LEN)?;
    let reason = BackupReason::parse(id.get(STAMP_LEN..)?.strip_prefix('-')?)?;
    let time = chrono::NaiveDateTime::parse_from_str(stamp, STAMP_FORMAT).ok()?;
    Some((Timestamp::new(time.and_utc()), reason))
}

fn make_id(at: Timestamp, reason: BackupReason) -> String {
    format!(
        "{}-{}",
        at.as_datetime().format(STAMP_FORMAT),
        reason.as_str()
    )
}

/// Writes a checked backup of the open database `conn` (the file at `db_path`) and drops the
/// backups beyond the number to keep. Must run outside a transaction.
pub(crate) fn take(
    conn: &Connection,
    db_path: &Path,
    options: &OpenOptions,
    reason: BackupReason,
    now: Timestamp,
) -> Result<BackupInfo> {
    let dir = backups_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = db_file_name(db_path);
    // Two backups in the same millisecond (tests, or a migration right after start) get
    // successive stamps rather than overwriting each other.
    let mut at = now;
    let id = loop {
        let id = make_id(at, reason);
        let taken = [String::new(), FAILED.into()]
            .iter()
            .any(|suffix| dir.join(format!("{name}.{id}{suffix}")).exists());
        if !taken {
            break id;
        }
        at = Timestamp::from_millis(at.millis() + 1);
    };
    let partial = dir.join(format!("{name}.{id}{PARTIAL}"));
    remove_if_exists(&partial)?;
    copy_database(conn, &partial).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })?;
    let checked = quick_check(&partial, options.passphrase.as_ref());
    let ok = matches!(checked, Ok(()));
    let final_path = dir.join(format!("{name}.{id}{}", if ok { "" } else { FAILED }));
    std::fs::rename(&partial, &final_path).map_err(|e| Error::io(&final_path, e))?;
    sync_dir(&dir);
    if let Err(e) = checked {
        return Err(Error::Backup {
            path: final_path,
            message: format!("the copy failed its check and was kept aside as failed: {e}"),
        });
    }
    let size = std::fs::metadata(&final_path)
        .map_err(|e| Error::io(&final_path, e))?
        .len();
    rotate(db_path, keep(conn)?)?;
    Ok(BackupInfo {
        id,
        taken_at: at,
        reason,
        size,
        ok: true,
        path: final_path,
    })
}

/// The number of backups to keep, from `meta.backup_keep`.
pub(crate) fn keep(conn: &Connection) -> Result<u32> {
    let value: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'backup_keep'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(value
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=MAX_KEEP).contains(n))
        .unwrap_or(DEFAULT_KEEP))
}

/// Keeps the newest `keep` good backups; failed copies older than the oldest kept one go too.
fn rotate(db_path: &Path, keep: u32) -> Result<()> {
    let all = list(db_path)?;
    let good: Vec<&BackupInfo> = all.iter().filter(|b| b.ok).collect();
    let Some(oldest_kept) = good.get(keep as usize - 1).map(|b| b.id.clone()) else {
        return Ok(());
    };
    for b in &all {
        if b.id < oldest_kept {
            remove_if_exists(&b.path)?;
        }
    }
    Ok(())
}

/// A consistent copy of the database as of one read transaction (`VACUUM INTO`). SQLCipher writes
/// it under the connection's own key (tested below), so an encrypted database's backups are
/// encrypted with the same passphrase.
pub(crate) fn copy_database(conn: &Connection, target: &Path) -> Result<()> {
    conn.execute("VACUUM INTO ?1", [target.to_string_lossy()])?;
    sync_file(target)
}

/// `PRAGMA quick_check` on a closed database file (a backup, or a converted copy), opened with
/// `passphrase`.
pub fn quick_check(path: &Path, passphrase: Option<&Passphrase>) -> Result<()> {
    check(path, passphrase, "quick_check")
}

pub(crate) fn check(path: &Path, passphrase: Option<&Passphrase>, pragma: &str) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    db::key(&conn, path, passphrase)?;
    let result: String = conn.query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))?;
    if result != "ok" {
        return Err(Error::Backup {
            path: path.to_path_buf(),
            message: format!("{pragma} found: {result}"),
        });
    }
    Ok(())
}

pub(crate) fn remove_if_exists(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(Error::io(path, e)),
    }
}

pub(crate) fn sync_file(path: &Path) -> Result<()> {
    // Opened for writing: Windows flushes a file (FlushFileBuffers) only through a handle with
    // write access, and refuses a read-only one with "Access denied".
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(path, e))
}

/// Makes a rename durable. Directories cannot be opened for syncing on every platform (Windows):
/// there the rename is as durable as the file system makes it.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_parse_back() {
        let t = Timestamp::parse("2024-02-07T03:04:05.678Z").unwrap();
        let id = make_id(t, BackupReason::Hourly);
        assert_eq!(id, "20240207T030405.678Z-hourly");
        assert_eq!(parse_id(&id), Some((t, BackupReason::Hourly)));
        let later = make_id(Timestamp::from_millis(t.millis() + 1), BackupReason::Start);
        assert!(later > id);
        assert_eq!(parse_id("20240207T030405.678Z-sideways"), None);
        assert_eq!(parse_id("garbage"), None);
    }

    #[test]
    fn backups_folder_is_beside_the_database() {
        assert_eq!(
            backups_dir(Path::new("/data/m.eom")),
            PathBuf::from("/data/backups")
        );
        assert_eq!(backups_dir(Path::new("m.eom")), PathBuf::from("./backups"));
    }
}

#[cfg(test)]
mod sqlcipher_tests {
    use super::*;

    #[test]
    /// SQLCipher's `VACUUM INTO` writes the copy under the main database's key; backups rely on it.
    fn vacuum_into_keeps_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = Passphrase::new("secret words").unwrap();
        let opts = OpenOptions {
            passphrase: Some(p.clone()),
            ..Default::default()
        };
        let db = dir.path().join("m.eom");
        let conn = db::open_unmigrated(&db, &opts).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES ('plain words here');")
            .unwrap();
        let out = dir.path().join("copy");
        copy_database(&conn, &out).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        assert!(!bytes.windows(16).any(|w| w == b"plain words here"));
        assert_eq!(db::file_kind(&out).unwrap(), db::FileKind::Encrypted);
        quick_check(&out, Some(&p)).unwrap();
    }
}
