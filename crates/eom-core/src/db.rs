//! Opening a database file: the SQLCipher key, connection settings, schema migrations. The backup
//! before a migration is taken above this module (`migrate::open_and_migrate`), because a backup
//! opens and copies databases through this one.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

use crate::error::{Error, Result};

/// Forward-only migrations, embedded in the binary. Index `i` brings the schema to version `i + 1`.
/// A shipped migration is never edited.
const MIGRATIONS: &[&str] = &[
    include_str!("../../../migrations/0001_initial.sql"),
    include_str!("../../../migrations/0002_signatures_and_history.sql"),
    include_str!("../../../migrations/0003_lean_answers.sql"),
    include_str!("../../../migrations/0004_roster.sql"),
    include_str!("../../../migrations/0005_commissions.sql"),
    include_str!("../../../migrations/0006_checklist_figures.sql"),
    include_str!("../../../migrations/0007_replaced_versions.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Settings every connection gets: WAL so the app and the CLI can share the file, FULL sync so an
/// answer shown as saved survives a power cut.
fn configure(conn: &Connection, memory: MemoryUse) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    match memory {
        MemoryUse::Mapped => {
            // 64 MB of page cache (SQLite's default is 2 MB): merging a large bundle touches many
            // pages, and the statistics of a 20,000-visit mission read ~30 MB of tables.
            conn.pragma_update(None, "cache_size", -64_000)?;
            // Reads through a memory map instead of read() copies into the page cache: an export
            // reads the whole file. Writes still go through the WAL. SQLCipher turns it off for
            // encrypted files (pages are decrypted).
            conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        }
        MemoryUse::Cached => conn.pragma_update(None, "cache_size", -4_000)?,
    }
    Ok(())
}

/// How to open a database file. `Default` is a plaintext file on the system clock.
#[derive(Clone, Default)]
pub struct OpenOptions {
    /// The SQLCipher passphrase. `None` opens (or creates) a plaintext file.
    pub passphrase: Option<Passphrase>,
    /// How the connection reads the file.
    pub memory: MemoryUse,
}

/// How a connection reads the file: the trade between a process's memory and its speed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MemoryUse {
    /// Through a memory map of the file, with a 64 MB page cache for writes: the fastest for a
    /// command that runs and exits (the CLI, tests, benchmarks).
    #[default]
    Mapped,
    /// Through a 4 MB page cache only (an import gets 64 MB for its merge): for a process that
    /// stays open (the app). A mapped page
    /// stays counted in the process's memory while the connection lives, and the kernel maps the
    /// neighbours of each page read: the statistics of a 20,000-visit mission, whose tables lie
    /// interleaved in the file, kept the whole 120 MB file counted in the app. Reading through the
    /// cache costs the statistics about 5 ms there, whatever the cache's size (`docs/benchmarks.md`).
    Cached,
}

/// A passphrase, kept out of `Debug` output and logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// Refuses an empty passphrase: SQLCipher would treat `PRAGMA key = ''` as "no encryption".
    pub fn new(text: impl Into<String>) -> Result<Passphrase> {
        let text = text.into();
        if text.is_empty() {
            return Err(Error::invalid("passphrase", "the passphrase is empty"));
        }
        Ok(Passphrase(text))
    }

    /// Reads a passphrase file: its content with one trailing line break removed (editors add one).
    pub fn from_file(path: &Path) -> Result<Passphrase> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let mut text = String::from_utf8(bytes).map_err(|_| {
            Error::invalid(
                format!("passphrase file {}", path.display()),
                "not UTF-8 text",
            )
        })?;
        for ending in ["\r\n", "\n"] {
            if text.ends_with(ending) {
                text.truncate(text.len() - ending.len());
                break;
            }
        }
        if text.is_empty() {
            return Err(Error::invalid(
                format!("passphrase file {}", path.display()),
                "the file is empty",
            ));
        }
        Ok(Passphrase(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl std::fmt::Debug for OpenOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenOptions")
            .field("encrypted", &self.passphrase.is_some())
            .field("memory", &self.memory)
            .finish()
    }
}

/// The first 16 bytes of every plaintext SQLite file. An encrypted file starts with random salt.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What the first bytes of a file say about it, read without SQLite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// No file, or an empty one: opening creates a new database.
    Missing,
    Plaintext,
    /// Not a plaintext SQLite file: encrypted (or not a database at all).
    Encrypted,
}

pub fn file_kind(path: &Path) -> Result<FileKind> {
    use std::io::Read;
    let mut file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(Error::io(path, e)),
    };
    let mut head = Vec::with_capacity(16);
    file.by_ref()
        .take(16)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    Ok(match head.len() {
        0 => FileKind::Missing,
        _ if head == SQLITE_HEADER => FileKind::Plaintext,
        _ => FileKind::Encrypted,
    })
}

/// Opens the file with its key and checks the key, without migrating: for backups and conversions,
/// which copy a database as it is.
pub(crate) fn open_unmigrated(path: &Path, options: &OpenOptions) -> Result<Connection> {
    let kind = file_kind(path)?;
    match (kind, &options.passphrase) {
        (FileKind::Encrypted, None) => {
            return Err(Error::PassphraseRequired {
                path: path.to_path_buf(),
            });
        }
        (FileKind::Plaintext, Some(_)) => {
            return Err(Error::NotEncrypted {
                path: path.to_path_buf(),
            });
        }
        _ => {}
    }
    if kind == FileKind::Missing
        && let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    // A file that exists is opened without CREATE: if it vanishes meanwhile, nothing new and empty
    // takes its place.
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if kind == FileKind::Missing {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    // NO_MUTEX: a rusqlite Connection is never shared between threads, so SQLite's own
    // serialisation only costs time.
    let conn = Connection::open_with_flags(path, flags)?;
    key(&conn, path, options.passphrase.as_ref())?;
    configure(&conn, options.memory)?;
    Ok(conn)
}

/// `PRAGMA key` must come before anything reads the file. Then the key is proven by reading the
/// schema: SQLCipher only notices a wrong key when it decrypts the first page.
pub(crate) fn key(conn: &Connection, path: &Path, passphrase: Option<&Passphrase>) -> Result<()> {
    // SQLCipher logs a failed decryption to standard error; a wrong passphrase is reported as an
    // error value instead.
    conn.pragma_update(None, "cipher_log_level", "NONE")?;
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p.as_str())?;
    }
    require_sqlcipher(conn, path)?;
    let read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    match read {
        Ok(_) => Ok(()),
        Err(e) if is_not_a_database(&e) => Err(match passphrase {
            Some(_) => Error::WrongPassphrase {
                path: path.to_path_buf(),
            },
            // A plain header that SQLite cannot read is damage, not encryption.
            None if file_kind(path)? == FileKind::Plaintext => Error::Damaged {
                path: path.to_path_buf(),
            },
            None => Error::PassphraseRequired {
                path: path.to_path_buf(),
            },
        }),
        Err(e) => Err(e.into()),
    }
}

/// Refuses to go on with a SQLite that is not SQLCipher: it would ignore the key and write plaintext.
pub(crate) fn require_sqlcipher(conn: &Connection, path: &Path) -> Result<()> {
    let version: Option<String> = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .optional()?;
    match version {
        Some(v) if !v.is_empty() => Ok(()),
        _ => Err(Error::NoEncryptionSupport {
            path: path.to_path_buf(),
        }),
    }
}

fn is_not_a_database(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase)
}

/// An in-memory database, for tests and scratch work.
pub fn open_in_memory() -> Result<Connection> {
    let conn = Connection::open_in_memory()?;
    require_sqlcipher(&conn, Path::new(":memory:"))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    migrate(&conn, None)?;
    Ok(conn)
}

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "user_version", |r| r.get(0))?)
}

/// Whether `conn` needs migrating; a schema newer than this build's is an error naming `path`.
pub(crate) fn migration_due(conn: &Connection, path: Option<&Path>) -> Result<bool> {
    let current = schema_version(conn)?;
    if current > SCHEMA_VERSION {
        return Err(Error::NewerDatabase {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            found: current,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(current < SCHEMA_VERSION)
}

/// Applies the missing migrations, all in one transaction: either the database reaches
/// `SCHEMA_VERSION` or it is left exactly as it was.
pub(crate) fn migrate(conn: &Connection, path: Option<&Path>) -> Result<()> {
    if !migration_due(conn, path)? {
        return Ok(());
    }
    let current = schema_version(conn)?;
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = i as i64 + 1;
        tx.execute_batch(sql).map_err(|e| Error::Migration {
            version,
            message: e.to_string(),
        })?;
    }
    tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::migrate::open_and_migrate as open;
    use crate::time::Timestamp;

    fn now() -> Timestamp {
        Timestamp::parse("2024-02-07T03:00:00.000Z").unwrap()
    }

    #[test]
    fn fresh_database_reaches_current_version() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("m.eom"), &OpenOptions::default(), now()).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION);
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
    }

    #[test]
    fn a_cached_connection_maps_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.eom");
        let pragma = |conn: &Connection, name: &str| -> i64 {
            conn.pragma_query_value(None, name, |r| r.get(0)).unwrap()
        };
        let mapped = open(&path, &OpenOptions::default(), now()).unwrap();
        assert_eq!(pragma(&mapped, "mmap_size"), 1 << 30);
        assert_eq!(pragma(&mapped, "cache_size"), -64_000);
        let options = OpenOptions {
            memory: MemoryUse::Cached,
            ..Default::default()
        };
        let cached = open(&path, &options, now()).unwrap();
        assert_eq!(pragma(&cached, "mmap_size"), 0);
        assert_eq!(pragma(&cached, "cache_size"), -4_000);
    }

    #[test]
    fn newer_database_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.eom");
        {
            let conn = open(&path, &OpenOptions::default(), now()).unwrap();
            conn.pragma_update(None, "user_version", SCHEMA_VERSION + 5)
                .unwrap();
        }
        let err = open(&path, &OpenOptions::default(), now()).unwrap_err();
        assert!(matches!(err, Error::NewerDatabase { found, .. } if found == SCHEMA_VERSION + 5));
        assert!(err.to_string().contains("newer EOM Reporter"));
        let conn = Connection::open(&path).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), SCHEMA_VERSION + 5);
    }
}
