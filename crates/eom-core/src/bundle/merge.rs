//! Importing a bundle: checked completely first, then merged in one transaction (all or nothing).
//! The higher version wins (revision, then `updated_at`, then device id); the losing version goes to
//! the history, so merging is idempotent and independent of order.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use serde::Serialize;
use uuid::Uuid;

use super::adopt::Adopt;
use super::{Bundle, BundleSummary};
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;
use crate::store::rows::{self, Record};
use crate::templates::Template;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    /// New records.
    pub added: usize,
    /// Local records replaced by a newer incoming version (the local one went to the history).
    pub updated: usize,
    /// Incoming records identical to what the database holds.
    pub unchanged: usize,
    /// Incoming versions older than the local one (kept in the history, not applied).
    pub kept_local: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ImportReport {
    pub summary: BundleSummary,
    pub exported_by_device: Option<Uuid>,
    pub exported_by_team: Option<String>,
    /// Who signed the bundle (verified); `None` for an unsigned bundle the caller allowed.
    pub signer: Option<SignerReport>,
    pub applied: bool,
    pub kinds: Vec<(String, KindCounts)>,
    /// The first break in the edit history the bundle carries (its chains walked link by link),
    /// or `None`. The records are merged all the same — they are what the signer exported — but
    /// the sending laptop's history was changed outside EOM Reporter: `eom verify BUNDLE` says
    /// more, and `eom verify --db` reports the same break after the import.
    pub history_break: Option<crate::edit_history::ChainBreak>,
}

/// The verified signer of a bundle, and whether this database trusts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerReport {
    pub fingerprint: String,
    pub public_key: String,
    pub signed_at: crate::time::Timestamp,
    /// The name the key is trusted under (`eom keys trust`), or `None`: not trusted.
    pub trusted_as: Option<String>,
}

/// How an import treats what it cannot verify.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Accept a bundle without a signature (format 1, or a version 2 file with none). A signed
    /// bundle whose signature does not match is refused whatever this says.
    pub allow_unsigned: bool,
}

impl ImportReport {
    pub fn total(&self) -> KindCounts {
        self.kinds
            .iter()
            .fold(KindCounts::default(), |a, (_, k)| KindCounts {
                added: a.added + k.added,
                updated: a.updated + k.updated,
                unchanged: a.unchanged + k.unchanged,
                kept_local: a.kept_local + k.kept_local,
            })
    }
}

/// The template a checklist names, without building an owned key per lookup.
pub(super) fn template_for<'t>(
    templates: &'t HashMap<(String, u32), Arc<Template>>,
    id: &str,
    version: u32,
) -> Option<&'t Arc<Template>> {
    templates
        .iter()
        .find(|((tid, v), _)| tid == id && *v == version)
        .map(|(_, t)| t)
}

/// Merges one record: the higher version wins and the other goes to the history. Returns whether
/// the incoming version was written (the caller records it in the edit history). Whether it is
/// written is `wins`, which the checklists' helper thread also uses to know what to prepare.
pub(super) fn merge_one<R: Record>(
    tx: &rusqlite::Connection,
    incoming: &R,
    local: Option<&RecordMeta>,
    counts: &mut KindCounts,
    load_full: &dyn Fn(&rusqlite::Connection, Uuid) -> Result<Option<R>>,
    write: &mut dyn FnMut(&rusqlite::Connection, &R, bool) -> Result<()>,
) -> Result<bool> {
    let m = incoming.meta();
    if wins(m, local) {
        let is_new = local.is_none();
        if !is_new && let Some(old) = load_full(tx, m.id)? {
            record_history(tx, R::KIND, old.meta(), &old)?;
        }
        write(tx, incoming, is_new)?;
        if is_new {
            counts.added += 1;
        } else {
            counts.updated += 1;
        }
        return Ok(true);
    }
    if local.is_some_and(|l| l.version_key() == m.version_key()) {
        counts.unchanged += 1;
    } else {
        record_history(tx, R::KIND, m, incoming)?;
        counts.kept_local += 1;
    }
    Ok(false)
}

/// Whether merging `incoming` over the stored version `local` writes it.
pub(super) fn wins(incoming: &RecordMeta, local: Option<&RecordMeta>) -> bool {
    local.is_none_or(|l| incoming.version_key() > l.version_key())
}

/// Merges every record of one kind stored whole in its row (all but checklists, whose answers
/// have their own table: `derive::merge_checklists`); `tick` is called once per record.
fn merge_records<R: Record>(
    tx: &rusqlite::Connection,
    list: &[R],
    adopt: &Adopt,
    tick: &mut dyn FnMut(),
) -> Result<KindCounts> {
    let mut counts = KindCounts::default();
    let local = rows::load_metas(tx, list)?;
    for r in list {
        if merge_one(
            tx,
            r,
            local.get(&r.meta().id),
            &mut counts,
            &rows::load::<R>,
            &mut |c, r, is_new| rows::write(c, r, is_new),
        )? {
            adopt.applied(tx, r, None)?;
        }
        tick();
    }
    Ok(counts)
}

/// Keeps a losing version. Whether it lost as the stored or the incoming one depends on import
/// order, so the entry does not say: the history is the same whatever the order.
fn record_history<T: Serialize>(
    tx: &rusqlite::Connection,
    kind: &str,
    m: &RecordMeta,
    content: &T,
) -> Result<()> {
    let reason = "superseded";
    tx.prepare_cached(
        "INSERT OR IGNORE INTO history (kind, record_id, revision, updated_at, device_id, reason, content) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(rusqlite::params![
        kind,
        m.id.to_string(),
        m.revision,
        m.updated_at,
        m.device_id.to_string(),
        reason,
        serde_json::to_string(content).unwrap_or_default()
    ])?;
    Ok(())
}

impl Store {
    /// Imports (merges) the signed bundle at `path`; an unsigned one is refused. Nothing changes
    /// unless the signature matches and all of it is valid.
    pub fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        self.import_bundle_with(path, ImportOptions::default(), progress)
    }

    /// `import_bundle`, accepting unsigned bundles when `options.allow_unsigned`.
    pub fn import_bundle_with(
        &mut self,
        path: &Path,
        options: ImportOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        let (bundle, signer) = self.open_checked(path, options)?;
        self.backup_before_import()?;
        let report = self.merge_bundle(path, &bundle, true, progress);
        // Freeing a large bundle (millions of small allocations) is a noticeable share of an
        // import; nobody waits for it.
        std::thread::spawn(move || drop(bundle));
        report.map(|r| ImportReport { signer, ..r })
    }

    /// What importing the bundle would add or update, without changing anything.
    pub fn preview_bundle(&mut self, path: &Path) -> Result<ImportReport> {
        self.preview_bundle_with(path, ImportOptions::default())
    }

    pub fn preview_bundle_with(
        &mut self,
        path: &Path,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let (bundle, signer) = self.open_checked(path, options)?;
        let report = self.merge_bundle(path, &bundle, false, &mut |_, _| {})?;
        Ok(ImportReport { signer, ..report })
    }

    /// Reads the bundle, verifying its signature before anything else looks at the records.
    fn open_checked(
        &self,
        path: &Path,
        options: ImportOptions,
    ) -> Result<(Bundle, Option<SignerReport>)> {
        let opened = super::signature::open_bundle(path)?;
        let signer = match &opened.signer {
            Some(s) => Some(self.signer_report(s)?),
            None if options.allow_unsigned => None,
            None => {
                return Err(Error::Unsigned {
                    path: path.to_path_buf(),
                });
            }
        };
        Ok((opened.bundle, signer))
    }

    pub fn merge_bundle(
        &mut self,
        path: &Path,
        b: &Bundle,
        apply: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        if let Some(local) = self.mission_opt()?
            && local.meta.id != b.mission.meta.id
        {
            return Err(Error::MissionConflict(format!(
                "{}: this bundle is for the mission \"{}\" ({}), but this database holds \"{}\" ({}); import it into its own database (--db)",
                path.display(),
                b.mission.name,
                b.mission.meta.id,
                local.name,
                local.meta.id
            )));
        }
        let mut templates: HashMap<(String, u32), Arc<Template>> = HashMap::new();
        for t in self.templates()? {
            templates.insert((t.id.clone(), t.version), Arc::new(t));
        }
        for t in &b.templates {
            t.check().map_err(|e| Error::BundleInvalid {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            let key = (t.id.clone(), t.version);
            match templates.get(&key) {
                Some(local) if **local != *t => {
                    return Err(Error::BundleInvalid {
                        path: path.to_path_buf(),
                        message: format!(
                            "template {} v{} differs from the one in this database with the same version",
                            t.id, t.version
                        ),
                    });
                }
                Some(_) => {}
                None => {
                    templates.insert(key, Arc::new(t.clone()));
                }
            }
        }
        super::check::check_bundle(self, path, b, &templates)?;

        let total = (b.teams.len()
            + b.observers.len()
            + b.stations.len()
            + b.visits.len()
            + b.checklists.len()
            + b.incidents.len()
            + b.attachments.len()) as u64;
        let mut done = 0u64;
        let mut report = ImportReport {
            summary: b.summary(),
            exported_by_device: Some(b.exported_by.device),
            exported_by_team: b.exported_by.team.clone(),
            signer: None,
            applied: apply,
            kinds: Vec::new(),
            history_break: crate::edit_history::check_chains(&b.edit_history).first_break,
        };
        let adopt = Adopt::new(self.device_id(), b);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // The bundle's chains first, with their own hashes: entries this device adds for versions
        // they do not cover then continue from its head, wherever that is.
        // Entries claiming to be this device's are not taken: only this device writes its chain
        // (what it exported is already here; anything else would be someone writing in its name).
        for e in b.edit_history.iter().filter(|e| e.device != adopt.device) {
            crate::edit_history::insert(&tx, e)?;
        }
        for t in &b.templates {
            tx.execute(
                "INSERT OR IGNORE INTO templates (id, version, phase, content) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![t.id, t.version, t.phase.as_str(), serde_json::to_string(t).unwrap_or_default()],
            )?;
        }
        let mut tick = || {
            done += 1;
            if done.is_multiple_of(2000) {
                progress(done, total);
            }
        };
        let mission = merge_records(&tx, std::slice::from_ref(&b.mission), &adopt, &mut || {})?;
        report.kinds.push(("mission".into(), mission));
        report.kinds.push((
            "teams".into(),
            merge_records(&tx, &b.teams, &adopt, &mut tick)?,
        ));
        report.kinds.push((
            "observers".into(),
            merge_records(&tx, &b.observers, &adopt, &mut tick)?,
        ));
        report.kinds.push((
            "stations".into(),
            merge_records(&tx, &b.stations, &adopt, &mut tick)?,
        ));
        report.kinds.push((
            "visits".into(),
            merge_records(&tx, &b.visits, &adopt, &mut tick)?,
        ));
        let mut counts = KindCounts::default();
        super::derive::merge_checklists(&tx, b, &templates, &adopt, &mut counts, &mut tick)?;
        report.kinds.push(("checklists".into(), counts));
        report.kinds.push((
            "incidents".into(),
            merge_records(&tx, &b.incidents, &adopt, &mut tick)?,
        ));
        report.kinds.push((
            "attachments".into(),
            merge_records(&tx, &b.attachments, &adopt, &mut tick)?,
        ));
        for h in &b.history {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO history (kind, record_id, revision, updated_at, device_id, reason, content) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![h.kind, h.record_id.to_string(), h.revision, h.updated_at, h.device_id.to_string(), h.reason, h.content.to_string()])?;
        }
        tx.execute(
            "INSERT OR IGNORE INTO exports (device_id, exported_at) VALUES (?1, ?2)",
            rusqlite::params![b.exported_by.device.to_string(), b.exported_at],
        )?;
        progress(total, total);
        if apply {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(report)
    }
}
