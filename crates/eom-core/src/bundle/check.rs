//! The checks a bundle passes before one record is written: unique ids, every reference resolved in
//! the bundle or the database, known templates, valid answers.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use uuid::Uuid;

use super::Bundle;
use super::record_merge::template_for;
use crate::error::{Error, Result};
use crate::model::*;
use crate::store::Store;
use crate::store::rows::Record;
use crate::templates::Template;

/// Everything the bundle refers to must be in the bundle or the database; ids must be unique;
/// answers must be to questions of their checklist's template. The answers (millions in a large
/// bundle) are checked on the other core while this one checks the rest.
pub(super) fn check_bundle(
    store: &Store,
    path: &Path,
    b: &Bundle,
    templates: &HashMap<(String, u32), Arc<Template>>,
) -> Result<()> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    let (references, answers) = std::thread::scope(|s| {
        let answers = s.spawn(|| unknown_question(b, templates));
        let references = check_references(store, b, templates, &invalid);
        let answers = crate::joined(answers);
        (references, answers)
    });
    references?;
    match answers {
        Some(message) => Err(invalid(message)),
        None => Ok(()),
    }
}

/// The first answer to a question its checklist's template does not have, described.
fn unknown_question(
    b: &Bundle,
    templates: &HashMap<(String, u32), Arc<Template>>,
) -> Option<String> {
    let mut known: HashMap<(&str, u32), crate::fnv::CodeSet<'_>> = HashMap::new();
    for c in &b.checklists {
        // A checklist of an unknown template is reported by `check_references`.
        let Some(t) = template_for(templates, &c.template_id, c.template_version) else {
            continue;
        };
        let codes = known
            .entry((c.template_id.as_str(), c.template_version))
            .or_insert_with(|| t.questions.iter().map(|q| q.code.as_str()).collect());
        if let Some(code) = c.answers.keys().find(|code| !codes.contains(code.as_str())) {
            return Some(format!(
                "checklist {} answers question {code}, which template {} v{} does not have",
                c.meta.id, t.id, t.version
            ));
        }
    }
    None
}

/// The highest revision a version may have: a laptop that saved an answer every second for the
/// whole of election day would reach 86,400; 2^31 leaves room and refuses a version made to win
/// every later merge.
pub const MAX_REVISION: i64 = 1 << 31;
/// How far after the bundle's export a version's `updated_at` may lie (clock skew between laptops).
const MAX_AHEAD_MS: i64 = 24 * 3600 * 1000;

fn check_references(
    store: &Store,
    b: &Bundle,
    templates: &HashMap<(String, u32), Arc<Template>>,
    invalid: &dyn Fn(String) -> Error,
) -> Result<()> {
    let conn = &store.conn;
    let latest = b.exported_at.millis().saturating_add(MAX_AHEAD_MS);
    let plausible = |kind: &str, m: &RecordMeta| -> Result<()> {
        if !(1..=MAX_REVISION).contains(&m.revision) {
            return Err(invalid(format!(
                "{kind} {} has revision {}, expected 1 to {MAX_REVISION} (a version no laptop writes: refused)",
                m.id, m.revision
            )));
        }
        if m.updated_at.millis() > latest {
            return Err(invalid(format!(
                "{kind} {} was changed at {}, more than 24 hours after the bundle was exported ({}): refused",
                m.id, m.updated_at, b.exported_at
            )));
        }
        Ok(())
    };
    fn ids<R: Record>(
        list: &[R],
        kind: &str,
        invalid: &dyn Fn(String) -> Error,
        plausible: &dyn Fn(&str, &RecordMeta) -> Result<()>,
    ) -> Result<IdSet> {
        let mut set = IdSet::with_capacity_and_hasher(list.len(), Default::default());
        for r in list {
            let m = r.meta();
            if !set.insert(m.id) {
                return Err(invalid(format!("{kind} {} appears twice", m.id)));
            }
            plausible(kind, m)?;
        }
        Ok(set)
    }
    let exists = |table: &str, id: &Uuid, in_bundle: &IdSet| -> Result<bool> {
        if in_bundle.contains(id) {
            return Ok(true);
        }
        let n: i64 = conn
            .prepare_cached(&format!("SELECT count(*) FROM {table} WHERE id = ?1"))?
            .query_row([id.to_string()], |r| r.get(0))?;
        Ok(n > 0)
    };
    // Stations and teams are known by their code: one the database holds under another id
    // cannot be merged (their ids derive from the code, so this means a foreign list).
    let same_id_here = |kind: &str, sql: &str, code: &str, id: Uuid| -> Result<()> {
        let local: Option<String> = conn
            .prepare_cached(sql)?
            .query_row([code], |r| r.get(0))
            .ok();
        match local {
            Some(local) if local != id.to_string() => Err(invalid(format!(
                "{kind} {code} has id {id} in the bundle but {local} in this database"
            ))),
            _ => Ok(()),
        }
    };
    let teams = ids(&b.teams, "team", invalid, &plausible)?;
    let observers = ids(&b.observers, "observer", invalid, &plausible)?;
    let stations = ids(&b.stations, "station", invalid, &plausible)?;
    let visits = ids(&b.visits, "visit", invalid, &plausible)?;
    let checklists = ids(&b.checklists, "checklist", invalid, &plausible)?;
    let incidents = ids(&b.incidents, "incident", invalid, &plausible)?;
    ids(&b.attachments, "attachment", invalid, &plausible)?;
    plausible("mission", &b.mission.meta)?;
    let _ = observers;
    for o in &b.observers {
        if let Some(t) = &o.team_id
            && !exists("teams", t, &teams)?
        {
            return Err(invalid(format!(
                "observer {} ({}) belongs to team {t}, which is neither in the bundle nor in the database",
                o.meta.id, o.name
            )));
        }
    }
    let mut codes = HashMap::new();
    for s in &b.stations {
        if let Some(other) = codes.insert(s.code.as_str(), s.meta.id) {
            return Err(invalid(format!(
                "station code {} is used by two stations ({other} and {})",
                s.code, s.meta.id
            )));
        }
        same_id_here(
            "station",
            "SELECT id FROM stations WHERE code = ?1",
            &s.code,
            s.meta.id,
        )?;
    }
    for t in &b.teams {
        same_id_here(
            "team",
            "SELECT id FROM teams WHERE code = ?1 AND deleted = 0",
            &t.code,
            t.meta.id,
        )?;
    }
    for v in &b.visits {
        if !exists("stations", &v.station_id, &stations)? {
            return Err(invalid(format!(
                "visit {} refers to polling station {}, which is neither in the bundle nor in the database",
                v.meta.id, v.station_id
            )));
        }
        if !exists("teams", &v.team_id, &teams)? {
            return Err(invalid(format!(
                "visit {} refers to team {}, which is neither in the bundle nor in the database",
                v.meta.id, v.team_id
            )));
        }
    }
    for c in &b.checklists {
        if !exists("visits", &c.visit_id, &visits)? {
            return Err(invalid(format!(
                "checklist {} refers to visit {}, which is neither in the bundle nor in the database",
                c.meta.id, c.visit_id
            )));
        }
        if template_for(templates, &c.template_id, c.template_version).is_none() {
            return Err(invalid(format!(
                "checklist {} was filled with template {} v{}, which is neither in the bundle nor in the database",
                c.meta.id, c.template_id, c.template_version
            )));
        }
    }
    for i in &b.incidents {
        for (what, id, table, set) in [
            ("visit", i.visit_id, "visits", &visits),
            ("team", i.team_id, "teams", &teams),
            ("polling station", i.station_id, "stations", &stations),
        ] {
            if let Some(id) = id
                && !exists(table, &id, set)?
            {
                return Err(invalid(format!(
                    "incident {} refers to {what} {id}, which is neither in the bundle nor in the database",
                    i.meta.id
                )));
            }
        }
    }
    for a in &b.attachments {
        let (table, set) = match a.owner_kind {
            AttachmentOwner::Visit => ("visits", &visits),
            AttachmentOwner::Checklist => ("checklists", &checklists),
            AttachmentOwner::Incident => ("incidents", &incidents),
        };
        if !exists(table, &a.owner_id, set)? {
            return Err(invalid(format!(
                "attachment {} belongs to {} {}, which is neither in the bundle nor in the database",
                a.meta.id, a.owner_kind, a.owner_id
            )));
        }
        if sha256_hex(&a.data) != a.sha256 || a.data.len() as u64 != a.size {
            return Err(invalid(format!(
                "attachment {} ({}): its data does not match its SHA-256 or size",
                a.meta.id, a.file_name
            )));
        }
    }
    Ok(())
}

type IdSet = HashSet<Uuid, crate::fnv::FnvBuild>;
