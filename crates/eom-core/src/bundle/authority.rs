//! Who may change what (docs/security.md, "Trust model"), checked for every version an import
//! would add or change. The author of a bundle's versions is the key that signed it, as enrolled
//! in the importing database: a core key may change anything (and so forward what other keys
//! wrote); a team key only its own team's visits, their checklists (answers, not the review),
//! incidents and attachments, each carrying the device id the key signs for. A bundle imported by
//! an override (unsigned, or signed by an unknown key) has the authority of this laptop itself.
//!
//! Nothing here trusts a device id in the file: the signer is what the signature proves, and a
//! device id is bound to the first key that signed for it (`key_devices`).

use std::collections::HashMap;

use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::Bundle;
use crate::error::{Result, UnauthorizedChange};
use crate::model::*;
use crate::store::rows::Record;

/// What the author of a bundle may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Authority {
    Core,
    /// One team's records, written by the device the signing key is bound to.
    Team {
        team: Uuid,
        device: Option<Uuid>,
    },
    /// Nothing (a key known by name only, or an unknown signer in a preview).
    Nothing,
}

/// Which team a record belongs to, for the authority check (`None`: the core team's records).
pub(crate) trait Governed: Record {
    fn owner(&self, g: &Rules) -> Owner;
}

/// The teams a version touches: all must be the author's.
pub(crate) enum Owner {
    /// The mission, templates, stations, teams, observers: core keys only.
    CoreOnly,
    /// The teams of the record (as the bundle has it and as the database has it).
    Teams(Vec<Option<Uuid>>),
}

/// Read-only facts the check needs, gathered before the merge (only for a team author: a core
/// author is never asked). Shared with the checklists' helper thread.
pub(crate) struct Rules {
    pub(crate) authority: Authority,
    /// Visit → team, in the database and (overriding nothing) in the bundle.
    local_visits: HashMap<Uuid, Uuid>,
    bundle_visits: HashMap<Uuid, Uuid>,
    /// Visit → station in the bundle, to name a refused checklist of a visit the database lacks.
    bundle_visit_stations: HashMap<Uuid, Uuid>,
    /// Checklist → (visit, review status, review comment) in the database.
    local_checklists: HashMap<Uuid, (Uuid, ReviewStatus, String)>,
    bundle_checklists: HashMap<Uuid, Uuid>,
    /// Incident → team in the database and in the bundle.
    local_incidents: HashMap<Uuid, Option<Uuid>>,
    bundle_incidents: HashMap<Uuid, Option<Uuid>>,
}

impl Rules {
    pub(crate) fn new(
        conn: &rusqlite::Connection,
        authority: Authority,
        b: &Bundle,
    ) -> Result<Rules> {
        let mut r = Rules {
            authority,
            local_visits: HashMap::new(),
            bundle_visits: HashMap::new(),
            bundle_visit_stations: HashMap::new(),
            local_checklists: HashMap::new(),
            bundle_checklists: HashMap::new(),
            local_incidents: HashMap::new(),
            bundle_incidents: HashMap::new(),
        };
        if !matches!(r.authority, Authority::Team { .. }) {
            return Ok(r);
        }
        let uuid = |s: String| Uuid::parse_str(&s).unwrap_or_default();
        let mut stmt = conn.prepare("SELECT id, team_id FROM visits")?;
        for row in stmt.query_map([], |x| Ok((x.get::<_, String>(0)?, x.get::<_, String>(1)?)))? {
            let (id, team) = row?;
            r.local_visits.insert(uuid(id), uuid(team));
        }
        let mut stmt =
            conn.prepare("SELECT id, visit_id, review_status, review_comment FROM checklists")?;
        for row in stmt.query_map([], |x| {
            Ok((
                x.get::<_, String>(0)?,
                x.get::<_, String>(1)?,
                x.get::<_, String>(2)?,
                x.get::<_, String>(3)?,
            ))
        })? {
            let (id, visit, status, comment) = row?;
            let status = status.parse::<ReviewStatus>().unwrap_or(ReviewStatus::None);
            r.local_checklists
                .insert(uuid(id), (uuid(visit), status, comment));
        }
        let mut stmt = conn.prepare(
            "SELECT i.id, coalesce(i.team_id, v.team_id) FROM incidents i LEFT JOIN visits v ON v.id = i.visit_id",
        )?;
        for row in stmt.query_map([], |x| {
            Ok((x.get::<_, String>(0)?, x.get::<_, Option<String>>(1)?))
        })? {
            let (id, team) = row?;
            r.local_incidents.insert(uuid(id), team.map(uuid));
        }
        r.bundle_visits = b.visits.iter().map(|v| (v.meta.id, v.team_id)).collect();
        r.bundle_visit_stations = b.visits.iter().map(|v| (v.meta.id, v.station_id)).collect();
        r.bundle_checklists = b
            .checklists
            .iter()
            .map(|c| (c.meta.id, c.visit_id))
            .collect();
        r.bundle_incidents = b
            .incidents
            .iter()
            .map(|i| (i.meta.id, r.incident_team(i)))
            .collect();
        Ok(r)
    }

    fn visit_teams(&self, visit: Uuid) -> [Option<Uuid>; 2] {
        [
            self.local_visits.get(&visit).copied(),
            self.bundle_visits.get(&visit).copied(),
        ]
    }

    fn incident_team(&self, i: &Incident) -> Option<Uuid> {
        i.team_id.or_else(|| {
            i.visit_id.and_then(|v| {
                self.bundle_visits
                    .get(&v)
                    .or_else(|| self.local_visits.get(&v))
                    .copied()
            })
        })
    }

    /// Why the author may not write this version (`None`: allowed).
    pub(crate) fn refusal<R: Governed>(
        &self,
        incoming: &R,
        local: Option<&RecordMeta>,
    ) -> Option<String> {
        let (team, device) = match self.authority {
            Authority::Core => return None,
            Authority::Nothing => return Some(change_word(incoming.meta(), local)),
            Authority::Team { team, device } => (team, device),
        };
        match incoming.owner(self) {
            Owner::CoreOnly => return Some(change_word(incoming.meta(), local)),
            Owner::Teams(teams) => {
                if teams.iter().any(|t| t.is_some_and(|t| t != team))
                    || teams.iter().all(Option::is_none)
                {
                    return Some(format!(
                        "{} (a record of another team)",
                        change_word(incoming.meta(), local)
                    ));
                }
            }
        }
        if let Some(device) = device
            && incoming.meta().device_id != device
        {
            return Some(format!(
                "{} in the name of device {}, not the signer's",
                change_word(incoming.meta(), local),
                incoming.meta().device_id
            ));
        }
        None
    }

    /// A team key may not set or change a checklist's review (status and comment).
    fn review_changed(&self, c: &Checklist) -> bool {
        match self.local_checklists.get(&c.meta.id) {
            Some((_, status, comment)) => {
                *status != c.review_status || *comment != c.review_comment
            }
            None => c.review_status != ReviewStatus::None || !c.review_comment.is_empty(),
        }
    }
}

fn change_word(incoming: &RecordMeta, local: Option<&RecordMeta>) -> String {
    match local {
        None => "new".into(),
        Some(l) if incoming.deleted && !l.deleted => "deleted".into(),
        Some(_) => "changed".into(),
    }
}

macro_rules! core_only {
    ($($t:ty),*) => {$(
        impl Governed for $t {
            fn owner(&self, _: &Rules) -> Owner {
                Owner::CoreOnly
            }
        }
    )*};
}
core_only!(Mission, Team, Observer, Station);

impl Governed for Visit {
    fn owner(&self, g: &Rules) -> Owner {
        let [local, _] = g.visit_teams(self.meta.id);
        Owner::Teams(vec![Some(self.team_id), local])
    }
}

impl Governed for Checklist {
    fn owner(&self, g: &Rules) -> Owner {
        if g.review_changed(self) {
            return Owner::CoreOnly;
        }
        let mut teams = g.visit_teams(self.visit_id).to_vec();
        if let Some((visit, _, _)) = g.local_checklists.get(&self.meta.id) {
            teams.extend(g.visit_teams(*visit));
        }
        Owner::Teams(teams)
    }
}

impl Governed for Incident {
    fn owner(&self, g: &Rules) -> Owner {
        Owner::Teams(vec![
            g.incident_team(self),
            g.local_incidents.get(&self.meta.id).copied().flatten(),
        ])
    }
}

impl Governed for Attachment {
    fn owner(&self, g: &Rules) -> Owner {
        let teams = match self.owner_kind {
            AttachmentOwner::Visit => g.visit_teams(self.owner_id).to_vec(),
            AttachmentOwner::Checklist => {
                let visit = g
                    .bundle_checklists
                    .get(&self.owner_id)
                    .copied()
                    .or_else(|| g.local_checklists.get(&self.owner_id).map(|c| c.0));
                visit.map(|v| g.visit_teams(v).to_vec()).unwrap_or_default()
            }
            AttachmentOwner::Incident => vec![
                g.bundle_incidents.get(&self.owner_id).copied().flatten(),
                g.local_incidents.get(&self.owner_id).copied().flatten(),
            ],
        };
        Owner::Teams(teams)
    }
}

/// How many refused versions an import report lists (all are counted in `KindCounts::refused`).
pub const MAX_LISTED: usize = 1000;

/// The check in the merge: `Rules` plus the list of what was refused.
pub(crate) struct Gate {
    pub(crate) rules: Rules,
    /// Who signed, as the messages name them.
    pub(crate) by: String,
    pub(crate) refused: std::cell::RefCell<Vec<UnauthorizedChange>>,
}

impl Gate {
    pub(crate) fn new(rules: Rules, by: String) -> Gate {
        Gate {
            rules,
            by,
            refused: Default::default(),
        }
    }

    /// Whether `incoming` may be written; if not, it is listed.
    pub(crate) fn admits<R: Governed>(
        &self,
        tx: &rusqlite::Connection,
        incoming: &R,
        local: Option<&RecordMeta>,
    ) -> Result<bool> {
        let Some(change) = self.rules.refusal(incoming, local) else {
            return Ok(true);
        };
        // The list is for people to read; a bundle from an unknown key refuses every version,
        // and the counts per kind say how many there are.
        if self.refused.borrow().len() >= MAX_LISTED {
            return Ok(false);
        }
        let label = label(tx, &self.rules, R::KIND, incoming)?;
        self.refused.borrow_mut().push(UnauthorizedChange {
            kind: R::KIND.into(),
            record_id: Some(incoming.meta().id),
            label,
            change,
            by: self.by.clone(),
        });
        Ok(false)
    }
}

/// What people know a record by: the station code and team of visits and checklists (from the
/// database, or the bundle for a visit the database lacks), else a name or code.
fn label<R: Record>(tx: &rusqlite::Connection, rules: &Rules, kind: &str, r: &R) -> Result<String> {
    let json = serde_json::to_value(r).unwrap_or_default();
    let s = |k: &str| json.get(k).and_then(|v| v.as_str()).map(str::to_string);
    let code = |table: &str, id: &str| -> Result<Option<String>> {
        Ok(tx
            .query_row(
                &format!("SELECT code FROM {table} WHERE id = ?1"),
                [id],
                |x| x.get(0),
            )
            .optional()?)
    };
    // "at station 001-001 (team T02)", from the visit's station and team ids.
    let place = |station: Option<String>, team: Option<String>| -> Result<Option<String>> {
        let Some(station) = station
            .map(|id| code("stations", &id))
            .transpose()?
            .flatten()
        else {
            return Ok(None);
        };
        let team = team.map(|id| code("teams", &id)).transpose()?.flatten();
        Ok(Some(match team {
            Some(t) => format!("at station {station} (team {t})"),
            None => format!("at station {station}"),
        }))
    };
    let found = match kind {
        "visit" => place(s("station_id"), s("team_id"))?,
        "checklist" => {
            let visit = s("visit_id").and_then(|v| Uuid::parse_str(&v).ok());
            let local: Option<(String, String)> = match visit {
                Some(v) => tx
                    .query_row(
                        "SELECT station_id, team_id FROM visits WHERE id = ?1",
                        [v.to_string()],
                        |x| Ok((x.get(0)?, x.get(1)?)),
                    )
                    .optional()?,
                None => None,
            };
            let (station, team) = match (local, visit) {
                (Some((st, tm)), _) => (Some(st), Some(tm)),
                (None, Some(v)) => (
                    rules.bundle_visit_stations.get(&v).map(Uuid::to_string),
                    rules.bundle_visits.get(&v).map(Uuid::to_string),
                ),
                (None, None) => (None, None),
            };
            place(station, team)?
                .map(|p| format!("{} checklist {p}", s("template_id").unwrap_or_default()))
        }
        "station" => s("code").map(|c| format!("station {c}")),
        "team" => s("code").map(|c| format!("team {c}")),
        "mission" | "observer" => s("name"),
        "incident" => s("category").map(|c| format!("incident ({c})")),
        "attachment" => s("file_name"),
        _ => None,
    };
    Ok(found.unwrap_or_else(|| r.meta().id.to_string()))
}
