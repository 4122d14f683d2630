//! "Back up, then migrate": opening a database file for use. Above both `db` (which opens and
//! migrates a file) and `backup` (which copies a database through `db`), so neither calls the other
//! in both directions.

use std::path::Path;

use rusqlite::Connection;

use crate::backup::{self, BackupReason};
use crate::db::{self, OpenOptions};
use crate::error::Result;
use crate::time::Timestamp;

/// Opens (creating if needed) and migrates the database at `path`. A file that already holds data
/// is backed up in `backups/` (taken at `now`) before it is migrated.
pub fn open_and_migrate(path: &Path, options: &OpenOptions, now: Timestamp) -> Result<Connection> {
    let conn = db::open_unmigrated(path, options)?;
    if db::migration_due(&conn, Some(path))? && db::schema_version(&conn)? > 0 {
        backup::take(&conn, path, options, BackupReason::Migration, now)?;
    }
    db::migrate(&conn, Some(path))?;
    Ok(conn)
}
