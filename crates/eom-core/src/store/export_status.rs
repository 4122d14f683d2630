//! What this database knows about exports: when this laptop last exported a bundle, and which
//! records were changed after the last export of the device that changed them.
//!
//! This is local knowledge, not a finding: a database learns of exports from its own exports and
//! from the bundles it imported, so two databases holding the same records may count differently.
//! It is therefore kept out of the statistics and the report (which depend on the records alone)
//! and shown where an observer decides whether to export again: `eom status`, `eom export` and
//! the app's export screen.

use std::collections::{BTreeMap, HashMap};

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use crate::error::Result;
use crate::time::Timestamp;

/// The tables whose records count: what a team changes and a bundle carries (not the mission,
/// whose changes are the core team's, nor attachments, which are never edited).
/// Table and the record kind a bundle and an import report name it by.
const KINDS: [(&str, &str); 6] = [
    ("visits", "visit"),
    ("checklists", "checklist"),
    ("incidents", "incident"),
    ("stations", "station"),
    ("observers", "observer"),
    ("teams", "team"),
];

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ExportStatus {
    /// When this laptop last exported a bundle of this database; `None`: never.
    pub last_export_at: Option<Timestamp>,
    /// Records (tombstones included) changed after the last export known for the device that
    /// last changed them. A record whose device has no known export is not counted.
    pub edited_after_export: u64,
    /// The same count per kind of record (`visit`, `checklist`, …), kinds with none left out.
    pub edited_by_kind: BTreeMap<String, u64>,
}

impl Store {
    pub fn export_status(&self) -> Result<ExportStatus> {
        let conn = &self.conn;
        let last_export_at = conn
            .query_row(
                "SELECT max(exported_at) FROM exports WHERE device_id = ?1",
                [self.device_id.to_string()],
                |r| r.get::<_, Option<Timestamp>>(0),
            )
            .optional()?
            .flatten();
        let mut stmt =
            conn.prepare("SELECT device_id, max(exported_at) FROM exports GROUP BY device_id")?;
        let by_device: HashMap<String, String> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut status = ExportStatus {
            last_export_at,
            ..Default::default()
        };
        // Timestamps are stored in one fixed-width UTC format, so text order is time order, and
        // a record changed before the earliest export was not edited after any.
        let Some(earliest) = by_device.values().min() else {
            return Ok(status);
        };
        for (table, kind) in KINDS {
            let mut stmt = conn.prepare(&format!(
                "SELECT device_id, updated_at FROM {table} WHERE updated_at > ?1"
            ))?;
            let mut rows = stmt.query([earliest])?;
            let mut counted = 0;
            while let Some(r) = rows.next()? {
                let device = r.get_ref(0)?.as_str()?;
                let updated_at = r.get_ref(1)?.as_str()?;
                if by_device
                    .get(device)
                    .is_some_and(|exported| updated_at > exported.as_str())
                {
                    counted += 1;
                }
            }
            if counted > 0 {
                status.edited_by_kind.insert(kind.to_string(), counted);
                status.edited_after_export += counted;
            }
        }
        Ok(status)
    }
}
