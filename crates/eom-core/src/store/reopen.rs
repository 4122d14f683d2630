//! A second connection to the same database, for long reads.
//!
//! The app keeps one `Store` behind a lock; the checklist's autosave takes that lock for a few
//! milliseconds per answer. An export, the report's data or a backup of a large mission reads for
//! a second or more. Run on a second connection, they hold no lock of the app's: SQLite's WAL lets
//! one writer and any number of readers work at once, and each read sees the database as it was
//! when it began ([`Store::snapshot`]).

use std::path::PathBuf;
use std::sync::Arc;

use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::Store;
use crate::db::{self, OpenOptions};
use crate::error::{Error, Result};
use crate::keys::PublicKey;
use crate::time::Clock;

/// What it takes to open another connection to a store's file: cheap to take under the app's
/// lock, opened after it is released (opening an encrypted file derives its key: ≈ 140 ms).
#[derive(Clone)]
pub struct Reopen {
    path: PathBuf,
    options: OpenOptions,
    clock: Arc<dyn Clock>,
    laptop: Option<PublicKey>,
}

impl Store {
    /// How to open this store's file again; `None` for an in-memory store, which has no file.
    pub fn reopen(&self) -> Option<Reopen> {
        Some(Reopen {
            path: self.path.clone()?,
            options: self.options.clone(),
            clock: self.clock.clone(),
            laptop: self.laptop.clone(),
        })
    }

    /// Runs `f` in one read transaction, so everything it reads comes from the same state of the
    /// database even while another connection writes. Inside a transaction already, `f` just runs.
    pub fn snapshot<T, E: From<Error>>(
        &mut self,
        f: impl FnOnce(&mut Store) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        if !self.conn.is_autocommit() {
            return f(self);
        }
        self.conn
            .execute_batch("BEGIN DEFERRED")
            .map_err(|e| E::from(e.into()))?;
        let out = f(self);
        // `f` only reads (a write inside would fail: `Store::write` begins its own transaction).
        let end = if out.is_ok() { "COMMIT" } else { "ROLLBACK" };
        let ended = self.conn.execute_batch(end);
        let out = out?;
        ended.map_err(|e| E::from(e.into()))?;
        Ok(out)
    }
}

impl Reopen {
    /// Opens the file as the store was opened (same passphrase, clock and laptop key). The store
    /// that gave this has already created and migrated the file; nothing here writes to it.
    pub fn open(&self) -> Result<Store> {
        // Mapped whatever the store chose: these connections read a lot (exports, the report)
        // and are closed afterwards, and the mapping with them.
        let options = OpenOptions {
            memory: db::MemoryUse::Mapped,
            ..self.options.clone()
        };
        let conn = db::open_unmigrated(&self.path, &options)?;
        let version = db::schema_version(&conn)?;
        if version > db::SCHEMA_VERSION {
            return Err(Error::NewerDatabase {
                path: self.path.clone(),
                found: version,
                supported: db::SCHEMA_VERSION,
            });
        }
        if version < db::SCHEMA_VERSION {
            return Err(Error::invalid(
                "database",
                format!("{} is not migrated (schema {version})", self.path.display()),
            ));
        }
        let device: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let device_id = device
            .and_then(|s| Uuid::parse_str(&s).ok())
            .ok_or_else(|| {
                Error::invalid(
                    "database",
                    format!("{} has no device id", self.path.display()),
                )
            })?;
        Ok(Store {
            conn,
            path: Some(self.path.clone()),
            options: self.options.clone(),
            device_id,
            laptop: self.laptop.clone(),
            clock: self.clock.clone(),
            template_cache: Default::default(),
        })
    }
}
