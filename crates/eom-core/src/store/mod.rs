//! `Store`: the explicit handle on one mission database. Every write goes through `Store::write`,
//! which owns a `BEGIN IMMEDIATE` transaction; the shells (CLI, desktop) only call these methods.

mod backups;
mod checklist_state;
mod checklists;
mod coverage_map;
mod day;
mod export_status;
mod incidents;
mod integrity;
mod laptop;
mod mission;
mod records;
mod reopen;
mod review;
mod roster;
pub(crate) mod rows;
mod search;
mod stations;
mod trust;
mod visits;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};
use uuid::Uuid;

use crate::db;
use crate::error::{Error, Result};
use crate::model::RecordMeta;
use crate::templates::{self, Template};
use crate::time::{Clock, SystemClock, Timestamp};

pub use checklist_state::ChecklistState;
pub use checklists::SavedAnswer;
pub use coverage_map::{CoveragePoint, CoveragePoints, PointState};
pub use day::{DayChecklist, DayVisit, TeamDay};
pub use export_status::ExportStatus;
pub use incidents::{AttachmentInfo, NewIncident};
pub use integrity::{BundleVerification, bundle_records};
pub use mission::{NewMission, NewObserver, team_id_for};
pub use reopen::Reopen;
pub use review::{MAX_REVIEW_PAGE, ReviewPage, ReviewQuery, ReviewRow};
pub use roster::{MAX_ROSTER_PAGE, RosterObserver, RosterPage, RosterQuery, RosterTeam};
pub use stations::{StationImportReport, station_id_for};
pub use trust::{Enrolment, KeyRole, TrustedKey};
pub use visits::{NewVisit, VisitHeader};

pub struct Store {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
    /// Kept so that backups are encrypted with the database's own key.
    options: db::OpenOptions,
    device_id: Uuid,
    /// This laptop's public key, when the shell has said which it is (`set_laptop_key`).
    laptop: Option<crate::keys::PublicKey>,
    clock: Arc<dyn Clock>,
    template_cache: HashMap<(String, u32), Arc<Template>>,
}

impl Store {
    /// Opens (creating and migrating if needed) the plaintext mission database at `path`.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_with(path, &db::OpenOptions::default())
    }

    /// Opens (creating and migrating if needed) the mission database at `path`, encrypted when
    /// `options.passphrase` is set. A new file is created encrypted with that passphrase. Errors:
    /// `WrongPassphrase`, `PassphraseRequired` (encrypted, no passphrase given), `NotEncrypted`
    /// (passphrase given for a plaintext file), `NoEncryptionSupport` (a build without SQLCipher).
    pub fn open_with(path: &Path, options: &db::OpenOptions) -> Result<Store> {
        Self::open_with_options_and_clock(path, options, Arc::new(SystemClock))
    }

    pub fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> Result<Store> {
        Self::open_with_options_and_clock(path, &db::OpenOptions::default(), clock)
    }

    pub fn open_with_options_and_clock(
        path: &Path,
        options: &db::OpenOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        let conn = crate::migrate::open_and_migrate(path, options, clock.now())?;
        Self::init(conn, Some(path.to_path_buf()), options.clone(), clock)
    }

    pub fn open_in_memory(clock: Arc<dyn Clock>) -> Result<Store> {
        Self::init(
            db::open_in_memory()?,
            None,
            db::OpenOptions::default(),
            clock,
        )
    }

    fn init(
        conn: Connection,
        path: Option<PathBuf>,
        options: db::OpenOptions,
        clock: Arc<dyn Clock>,
    ) -> Result<Store> {
        search::register(&conn)?;
        let mut store = Store {
            conn,
            path,
            options,
            device_id: Uuid::nil(),
            laptop: None,
            clock,
            template_cache: HashMap::new(),
        };
        store.device_id = store.write(|tx| {
            let existing: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key = 'device_id'", [], |r| r.get(0))
                .optional()?;
            let id = match existing.and_then(|s| Uuid::parse_str(&s).ok()) {
                Some(id) => id,
                None => {
                    let id = Uuid::now_v7();
                    tx.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES ('device_id', ?1)",
                        [id.to_string()],
                    )?;
                    id
                }
            };
            let mut ins = tx.prepare(
                "INSERT OR IGNORE INTO templates (id, version, phase, content) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for t in templates::builtin() {
                let content = serde_json::to_string(&t).unwrap_or_default();
                ins.execute(rusqlite::params![t.id, t.version, t.phase.as_str(), content])?;
            }
            Ok(id)
        })?;
        store.start_history()?;
        store.upgrade_fingerprints()?;
        Ok(store)
    }

    /// The file this store was opened on (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Whether the database file is encrypted.
    pub fn is_encrypted(&self) -> bool {
        self.options.passphrase.is_some()
    }

    /// This installation's id, written on every record it changes.
    pub fn device_id(&self) -> Uuid {
        self.device_id
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    /// Runs `f` in one `BEGIN IMMEDIATE` transaction: all of it is committed, or none.
    pub(crate) fn write<T>(&mut self, f: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Replication fields for a record created now by this device.
    pub(crate) fn new_meta(&self) -> RecordMeta {
        let now = self.now();
        RecordMeta {
            id: Uuid::now_v7(),
            created_at: now,
            updated_at: now,
            revision: 1,
            device_id: self.device_id,
            deleted: false,
        }
    }

    /// Marks a record as changed now by this device. Imports refuse revisions above 2^31, so the
    /// bump cannot overflow; it is checked all the same and saturates rather than wrap.
    pub(crate) fn touch(&self, meta: &mut RecordMeta) {
        let now = self.now();
        meta.revision = meta.revision.saturating_add(1);
        meta.updated_at = if now > meta.updated_at {
            now
        } else {
            Timestamp::from_millis(meta.updated_at.millis() + 1)
        };
        meta.device_id = self.device_id;
    }

    /// The template a checklist was filled with (cached: a template version never changes).
    pub fn template(&mut self, id: &str, version: u32) -> Result<Arc<Template>> {
        let key = (id.to_string(), version);
        if let Some(t) = self.template_cache.get(&key) {
            return Ok(t.clone());
        }
        let t = Arc::new(load_template(&self.conn, id, version)?);
        self.template_cache.insert(key, t.clone());
        Ok(t)
    }

    /// Every template version in the database, ordered by id then version.
    pub fn templates(&self) -> Result<Vec<Template>> {
        let mut stmt = self
            .conn
            .prepare("SELECT content FROM templates ORDER BY id, version")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for content in rows {
            out.push(Template::from_json(&content?)?);
        }
        Ok(out)
    }

    /// The newest version of the template for `phase`.
    pub fn latest_template(&mut self, template_id: &str) -> Result<Arc<Template>> {
        let version: Option<u32> = self
            .conn
            .query_row(
                "SELECT max(version) FROM templates WHERE id = ?1",
                [template_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        let version = version.ok_or_else(|| Error::NotFound {
            kind: "template",
            id: template_id.into(),
        })?;
        self.template(template_id, version)
    }
}

pub(crate) fn load_template(conn: &Connection, id: &str, version: u32) -> Result<Template> {
    let content: Option<String> = conn
        .query_row(
            "SELECT content FROM templates WHERE id = ?1 AND version = ?2",
            rusqlite::params![id, version],
            |r| r.get(0),
        )
        .optional()?;
    let content = content.ok_or_else(|| Error::NotFound {
        kind: "template",
        id: format!("{id} v{version}"),
    })?;
    Template::from_json(&content)
}

pub(crate) use checklists::{CountDeltas, Derived, load_checklist, write_derived};
