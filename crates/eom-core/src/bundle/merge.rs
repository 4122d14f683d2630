//! Importing a bundle: checked completely first, then merged in one transaction (all or nothing).
//! The higher version wins (revision, then `updated_at`, then device id); the losing version goes to
//! the replaced versions, so merging is idempotent and independent of order.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use uuid::Uuid;

use super::adopt::Adopt;
use super::authority::{Authority, Gate, Governed};
use super::record_merge::{KindCounts, merge_one};
use super::{Bundle, BundleSummary};
use crate::error::Result;
use crate::error::UnauthorizedChange;
use crate::store::rows;
use crate::templates::Template;

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// The versions the signer was not allowed to write (docs/security.md, "Who may change
    /// what"), the first 1,000 of them (`KindCounts::refused` counts all). Applied only with
    /// `skip_unauthorized`, which leaves these out.
    pub unauthorized: Vec<UnauthorizedChange>,
    /// Why the import would be refused with these options (`None`: it can be applied).
    pub blocked: Option<ImportBlock>,
}

/// Why an import is refused; the preview says it before anyone presses Apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum ImportBlock {
    /// Signed by a key this database has not enrolled (`allow_unknown_signer` overrides).
    UnknownSigner { fingerprint: String },
    /// The edit history does not account for the records (`allow_broken_history` overrides).
    HistoryBroken,
    /// Versions the signer may not write (`skip_unauthorized` imports the rest).
    Unauthorized { count: usize },
}

/// The verified signer of a bundle, and whether this database trusts them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SignerReport {
    pub fingerprint: String,
    pub public_key: String,
    pub signed_at: crate::time::Timestamp,
    /// The name the key is enrolled under (`eom keys trust`), or `None`: unknown.
    pub trusted_as: Option<String>,
    /// What the key is enrolled as (core team or one team); `None`: unknown, or known by name
    /// only (a key trusted before enrolment had roles: it may change nothing).
    pub enrolment: Option<crate::store::Enrolment>,
}

/// How an import treats what it cannot verify.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Accept a bundle without a signature (format 1, or a version 2 file with none). A signed
    /// bundle whose signature does not match is refused whatever this says. Its versions have
    /// the authority of this laptop.
    pub allow_unsigned: bool,
    /// Accept a bundle signed by a key this database has not enrolled; its versions have the
    /// authority of this laptop (the person importing vouches for it).
    pub allow_unknown_signer: bool,
    /// Accept a bundle whose edit history does not account for its records.
    pub allow_broken_history: bool,
    /// Import what the signer may write and keep the rest in the replaced versions as `refused`.
    pub skip_unauthorized: bool,
}

impl ImportOptions {
    /// A bundle written by a tool rather than exported by a laptop: a generated mission
    /// (`demo::generate`, the benchmarks' missions) or one a test rewrote. Its signer is enrolled
    /// nowhere and its records carry no edit history.
    pub const GENERATED: ImportOptions = ImportOptions {
        allow_unsigned: false,
        allow_unknown_signer: true,
        allow_broken_history: true,
        skip_unauthorized: false,
    };
}

/// Who wrote a bundle's versions, as the import decided it.
pub(crate) struct Author {
    pub(crate) authority: Authority,
    /// The signer's name (or fingerprint), or "this laptop" for an override.
    pub(crate) by: String,
    /// The signer's fingerprint, to bind the bundle's device to it.
    pub(crate) fingerprint: Option<String>,
}

impl ImportReport {
    /// The error the import refuses the bundle with, when `blocked` says it would be (the same
    /// for the preview, `eom import --dry-run` and the import itself).
    pub fn refusal(&self, path: &std::path::Path) -> Option<crate::Error> {
        Some(match self.blocked.as_ref()? {
            ImportBlock::UnknownSigner { fingerprint } => crate::Error::UnknownSigner {
                path: path.to_path_buf(),
                fingerprint: fingerprint.clone(),
            },
            ImportBlock::HistoryBroken => history_refused(path, self.history_break.as_ref()),
            ImportBlock::Unauthorized { .. } => crate::Error::Unauthorized {
                path: path.to_path_buf(),
                changes: self.unauthorized.clone(),
            },
        })
    }

    pub fn total(&self) -> KindCounts {
        self.kinds
            .iter()
            .fold(KindCounts::default(), |a, (_, k)| KindCounts {
                added: a.added + k.added,
                updated: a.updated + k.updated,
                unchanged: a.unchanged + k.unchanged,
                kept_local: a.kept_local + k.kept_local,
                refused: a.refused + k.refused,
            })
    }
}

/// The refusal of a bundle whose edit history does not account for its records (`br`: where).
pub(super) fn history_refused(
    path: &std::path::Path,
    br: Option<&crate::edit_history::ChainBreak>,
) -> crate::Error {
    crate::Error::HistoryBroken(format!(
        "{}: the edit history the bundle carries does not account for its records ({}); nothing was imported (`eom verify` says more; import it anyway only if you know why: --allow-broken-history)",
        path.display(),
        br.map(|b| b.to_string()).unwrap_or_default()
    ))
}

/// Merges every record of one kind stored whole in its row (all but checklists, whose answers
/// have their own table: `derive::merge_checklists`); `tick` is called once per record.
fn merge_records<R: Governed>(
    tx: &rusqlite::Connection,
    gate: &Gate,
    list: &[R],
    adopt: &Adopt,
    tick: &mut dyn FnMut(),
) -> Result<KindCounts> {
    let mut counts = KindCounts::default();
    let local = rows::load_metas(tx, list)?;
    for r in list {
        if merge_one(
            tx,
            gate,
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

/// Merges every kind of record of `b` in the transaction `tx` (which the caller commits or rolls
/// back), each version the gate refuses kept in the replaced versions as `refused`.
pub(super) fn merge_kinds(
    tx: &rusqlite::Connection,
    b: &Bundle,
    templates: &HashMap<(String, u32), Arc<Template>>,
    adopt: &Adopt,
    gate: &Gate,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
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
        ..ImportReport::default()
    };
    // The bundle's chains first, with their own hashes: entries this device adds for versions
    // they do not cover then continue from its head, wherever that is.
    // Entries claiming to be this device's are not taken: only this device writes its chain
    // (what it exported is already here; anything else would be someone writing in its name).
    // A team key brings only its own device's chain: it may not write in another's name.
    let own_chain_only = match gate.rules.authority {
        Authority::Team { device, .. } => device,
        _ => None,
    };
    for e in b
        .edit_history
        .iter()
        .filter(|e| e.device != adopt.device && own_chain_only.is_none_or(|d| e.device == d))
    {
        crate::edit_history::insert(tx, e)?;
    }
    for t in &b.templates {
        let known: bool = tx
            .prepare_cached("SELECT count(*) > 0 FROM templates WHERE id = ?1 AND version = ?2")?
            .query_row(rusqlite::params![t.id, t.version], |r| r.get(0))?;
        if known {
            continue;
        }
        // Checklist templates are the core team's: a new version from anyone else is refused
        // (and the whole bundle with it: its checklists may be filled with that version).
        if gate.rules.authority != Authority::Core {
            gate.refused.borrow_mut().push(UnauthorizedChange {
                kind: "template".into(),
                record_id: None,
                label: format!("{} v{}", t.id, t.version),
                change: "new".into(),
                by: gate.by.clone(),
            });
            continue;
        }
        tx.execute(
            "INSERT INTO templates (id, version, phase, content) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![
                t.id,
                t.version,
                t.phase.as_str(),
                serde_json::to_string(t).unwrap_or_default()
            ],
        )?;
    }
    let mut tick = || {
        done += 1;
        if done.is_multiple_of(2000) {
            progress(done, total);
        }
    };
    let mission = merge_records(
        tx,
        gate,
        std::slice::from_ref(&b.mission),
        adopt,
        &mut || {},
    )?;
    report.kinds.push(("mission".into(), mission));
    report.kinds.push((
        "teams".into(),
        merge_records(tx, gate, &b.teams, adopt, &mut tick)?,
    ));
    report.kinds.push((
        "observers".into(),
        merge_records(tx, gate, &b.observers, adopt, &mut tick)?,
    ));
    report.kinds.push((
        "stations".into(),
        merge_records(tx, gate, &b.stations, adopt, &mut tick)?,
    ));
    report.kinds.push((
        "visits".into(),
        merge_records(tx, gate, &b.visits, adopt, &mut tick)?,
    ));
    let mut counts = KindCounts::default();
    super::derive::merge_checklists(tx, b, templates, adopt, gate, &mut counts, &mut tick)?;
    report.kinds.push(("checklists".into(), counts));
    report.kinds.push((
        "incidents".into(),
        merge_records(tx, gate, &b.incidents, adopt, &mut tick)?,
    ));
    report.kinds.push((
        "attachments".into(),
        merge_records(tx, gate, &b.attachments, adopt, &mut tick)?,
    ));
    // The losing versions the bundle carries: only a core key's bundle may add to the replaced
    // versions what other devices wrote (a team key's own superseded versions are its to give).
    let may_add = |device: Uuid| match gate.rules.authority {
        Authority::Core => true,
        Authority::Team { device: d, .. } => d.is_none_or(|d| d == device),
        Authority::Nothing => false,
    };
    {
        for h in b.replaced_versions.iter().filter(|h| may_add(h.device_id)) {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO replaced_versions (kind, record_id, revision, updated_at, device_id, reason, content) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(rusqlite::params![h.kind, h.record_id.to_string(), h.revision, h.updated_at, h.device_id.to_string(), h.reason, h.content.to_string()])?;
        }
    }
    tx.execute(
        "INSERT OR IGNORE INTO exports (device_id, exported_at) VALUES (?1, ?2)",
        rusqlite::params![b.exported_by.device.to_string(), b.exported_at],
    )?;
    progress(total, total);
    Ok(report)
}
