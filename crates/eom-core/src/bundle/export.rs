//! Writing a bundle of everything the database holds (tombstones and replaced versions included).

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use super::{Bundle, BundleSummary, ExportedBy, FORMAT, FORMAT_VERSION, ReplacedVersion};
use crate::error::Result;
use crate::model::*;
use crate::store::Store;
use crate::store::rows::{self, get_uuid};

impl Store {
    /// Builds the bundle in memory; `team` is recorded as the exporter's team when given.
    /// All of it is read in one transaction: a bundle read on a second connection (`Reopen`) while
    /// the app saves answers is still one consistent state of the database.
    pub fn bundle(&self, team: Option<String>) -> Result<Bundle> {
        let conn = &self.conn;
        let snapshot = self.read_snapshot()?;
        let mut checklists: Vec<Checklist> = rows::load_where(conn, "ORDER BY seq")?;
        let mut answers: HashMap<uuid::Uuid, Answers> = HashMap::with_capacity(checklists.len());
        {
            let mut stmt = conn.prepare(
                "SELECT c.id, a.code, a.value FROM answers a JOIN checklists c ON c.seq = a.checklist_seq",
            )?;
            let mut q = stmt.query([])?;
            while let Some(row) = q.next()? {
                let id = get_uuid(row, 0)?;
                let value: String = row.get(2)?;
                answers.entry(id).or_default().insert(
                    row.get(1)?,
                    serde_json::from_str(&value).unwrap_or(Value::String(value)),
                );
            }
        }
        for c in &mut checklists {
            c.answers = answers.remove(&c.meta.id).unwrap_or_default();
        }
        let bundle = Bundle {
            checklists,
            ..self.bundle_records(team, true)?
        };
        drop(snapshot); // only read: rolling back ends it
        Ok(bundle)
    }

    /// A read transaction for several reads that must see one state of the database (none when
    /// one is open already).
    pub(crate) fn read_snapshot(&self) -> Result<Option<rusqlite::Transaction<'_>>> {
        Ok(if self.conn.is_autocommit() {
            Some(self.conn.unchecked_transaction()?)
        } else {
            None
        })
    }

    /// Every record of the bundle but the checklists (left empty); the edit history when asked.
    pub(super) fn bundle_records(
        &self,
        team: Option<String>,
        edit_history: bool,
    ) -> Result<Bundle> {
        let conn = &self.conn;
        let mission = self.mission()?;
        let mut replaced_versions = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT kind, record_id, revision, updated_at, device_id, reason, content FROM replaced_versions ORDER BY seq",
            )?;
            let mut q = stmt.query([])?;
            while let Some(row) = q.next()? {
                let content: String = row.get(6)?;
                replaced_versions.push(ReplacedVersion {
                    kind: row.get(0)?,
                    record_id: get_uuid(row, 1)?,
                    revision: row.get(2)?,
                    updated_at: row.get(3)?,
                    device_id: get_uuid(row, 4)?,
                    reason: row.get(5)?,
                    content: serde_json::from_str(&content).unwrap_or(Value::Null),
                });
            }
        }
        Ok(Bundle {
            format: FORMAT.into(),
            format_version: FORMAT_VERSION,
            exported_at: self.now(),
            exported_by: ExportedBy {
                device: self.device_id(),
                team,
            },
            mission,
            templates: self.templates()?,
            observers: rows::load_where(conn, "ORDER BY id")?,
            teams: rows::load_where(conn, "ORDER BY id")?,
            stations: rows::load_where(conn, "ORDER BY code")?,
            visits: rows::load_where(conn, "ORDER BY arrival_at, id")?,
            checklists: Vec::new(),
            incidents: rows::load_where(conn, "ORDER BY occurred_at, id")?,
            attachments: rows::load_where(conn, "ORDER BY id")?,
            replaced_versions,
            edit_history: if edit_history {
                crate::edit_history::load_all(conn)?
            } else {
                Vec::new()
            },
            kit: None,
        })
    }

    /// Exports the bundle to `path`, signed with `keys` (written atomically), and records the
    /// export, so later edits count as "edited after export" in the data-quality statistics.
    pub fn export_bundle(
        &mut self,
        path: &Path,
        team: Option<String>,
        keys: &crate::keys::Keys,
    ) -> Result<BundleSummary> {
        self.set_laptop_key(keys.public())?;
        // A laptop joined with a kit exports its own team's records unless told otherwise.
        let team = match team {
            Some(t) => Some(t),
            None => self.laptop_team()?,
        };
        let bundle = self.bundle(team)?;
        super::write_signed(path, &bundle, keys, bundle.exported_at)?;
        let (device, at) = (bundle.exported_by.device, bundle.exported_at);
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO exports (device_id, exported_at) VALUES (?1, ?2)",
                rusqlite::params![device.to_string(), at],
            )?;
            Ok(())
        })?;
        Ok(bundle.summary())
    }
}
