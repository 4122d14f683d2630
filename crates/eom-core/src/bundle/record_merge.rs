//! The merge's primitives, apart from its orchestration (`merge.rs`) so that the checks
//! (`check.rs`), the checklists' merge (`derive.rs`) and the merge of the other kinds share them
//! without needing each other: which version wins, merging one record, keeping the loser in the
//! replaced versions, and the counts of what happened.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use uuid::Uuid;

use super::authority::{Gate, Governed};
use crate::error::Result;
use crate::model::RecordMeta;
use crate::templates::Template;

/// What a merge did with the records of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KindCounts {
    /// New records.
    pub added: usize,
    /// Local records replaced by a newer incoming version (the local one went to the replaced
    /// versions).
    pub updated: usize,
    /// Incoming records identical to what the database holds.
    pub unchanged: usize,
    /// Incoming versions older than the local one (kept in the replaced versions, not applied).
    pub kept_local: usize,
    /// Versions the signer was not allowed to write (kept in the replaced versions as `refused`
    /// when the rest was imported with `skip_unauthorized`).
    pub refused: usize,
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

/// Merges one record: the higher version wins and the other goes to the replaced versions. Returns
/// whether the incoming version was written (the caller records it in the edit history). Whether it
/// is written is `wins`, which the checklists' helper thread also uses to know what to prepare.
pub(super) fn merge_one<R: Governed>(
    tx: &rusqlite::Connection,
    gate: &Gate,
    incoming: &R,
    local: Option<&RecordMeta>,
    counts: &mut KindCounts,
    load_full: &dyn Fn(&rusqlite::Connection, Uuid) -> Result<Option<R>>,
    write: &mut dyn FnMut(&rusqlite::Connection, &R, bool) -> Result<()>,
) -> Result<bool> {
    let m = incoming.meta();
    if wins(m, local) && !gate.admits(tx, incoming, local)? {
        record_replaced(tx, R::KIND, m, incoming, "refused")?;
        counts.refused += 1;
        return Ok(false);
    }
    if wins(m, local) {
        let is_new = local.is_none();
        if !is_new && let Some(old) = load_full(tx, m.id)? {
            record_replaced(tx, R::KIND, old.meta(), &old, "superseded")?;
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
        record_replaced(tx, R::KIND, m, incoming, "superseded")?;
        counts.kept_local += 1;
    }
    Ok(false)
}

/// Whether merging `incoming` over the stored version `local` writes it (if its author may).
pub(super) fn wins(incoming: &RecordMeta, local: Option<&RecordMeta>) -> bool {
    local.is_none_or(|l| incoming.version_key() > l.version_key())
}

/// Keeps a losing version (`superseded`) or one its signer was not allowed to write
/// (`refused`). Whether a version lost as the stored or the incoming one depends on import order,
/// so the entry does not say: the replaced versions are the same whatever the order.
fn record_replaced<T: Serialize>(
    tx: &rusqlite::Connection,
    kind: &str,
    m: &RecordMeta,
    content: &T,
    reason: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO replaced_versions (kind, record_id, revision, updated_at, device_id, reason, content) \
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
