//! The store's side of backups: taking one of the open database, the hourly rule, the number kept.

use crate::backup::{self, BackupInfo, BackupReason, HOURLY_MS, MAX_KEEP};
use crate::error::{Error, Result};
use crate::time::Timestamp;

use super::Store;

impl Store {
    /// Takes a checked backup now (see [`crate::backup`]). The app takes its start-up backup
    /// with [`Store::backup_at_start`]; imports take their own.
    pub fn backup(&mut self, reason: BackupReason) -> Result<BackupInfo> {
        let now = self.now();
        self.backup_at(reason, now)
    }

    fn backup_at(&mut self, reason: BackupReason, now: Timestamp) -> Result<BackupInfo> {
        let path = self.path.clone().ok_or_else(|| {
            Error::invalid("backup", "an in-memory database has no file to back up")
        })?;
        // Copied through a connection of its own, closed afterwards: `VACUUM INTO` reads every
        // page, and through this connection's memory map they would stay in the process's memory
        // for as long as it runs (the whole file: +120 MB for the app on a 20,000-visit mission).
        let conn = crate::db::open_unmigrated(&path, &self.options)?;
        backup::take(&conn, &path, &self.options, reason, now)
    }

    /// The start-up backup: taken when the database holds a mission (an empty one has nothing to
    /// lose); `None` otherwise. The app calls this once each time it opens the database.
    pub fn backup_at_start(&mut self) -> Result<Option<BackupInfo>> {
        if self.mission_opt()?.is_none() {
            return Ok(None);
        }
        self.backup(BackupReason::Start).map(Some)
    }

    /// Takes an hourly backup when the newest backup (of any reason) is an hour old or more, or
    /// there is none; returns it, or `None` when not due. The app calls this from a timer.
    pub fn backup_if_due(&mut self, now: Timestamp) -> Result<Option<BackupInfo>> {
        let newest = self.backups()?.into_iter().find(|b| b.ok);
        if newest.is_some_and(|b| now.millis() - b.taken_at.millis() < HOURLY_MS) {
            return Ok(None);
        }
        self.backup_at(BackupReason::Hourly, now).map(Some)
    }

    /// Backs up before an import, unless the database holds no mission yet (nothing to lose).
    pub(crate) fn backup_before_import(&mut self) -> Result<()> {
        if self.path.is_some() && self.mission_opt()?.is_some() {
            self.backup(BackupReason::Import)?;
        }
        Ok(())
    }

    /// This database's backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        match &self.path {
            Some(p) => backup::list(p),
            None => Ok(Vec::new()),
        }
    }

    /// How many backups are kept (10 unless set).
    pub fn backup_keep(&self) -> Result<u32> {
        backup::keep(&self.conn)
    }

    /// Sets how many backups are kept (1 to 1000); older ones go at the next backup.
    pub fn set_backup_keep(&mut self, keep: u32) -> Result<()> {
        if !(1..=MAX_KEEP).contains(&keep) {
            return Err(Error::invalid(
                "backups to keep",
                format!("{keep} is not between 1 and {MAX_KEEP}"),
            ));
        }
        self.write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('backup_keep', ?1)",
                [keep.to_string()],
            )?;
            Ok(())
        })
    }
}
