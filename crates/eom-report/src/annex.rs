//! The annex: every visit, one table per team, for a mission of a delegation's size; one line per
//! team for a domestic network, whose 20,000 visits would fill some 650 pages (and take seconds
//! and gigabytes to typeset) that nobody reads on paper: the bundle and the workbook hold them.

use std::collections::{BTreeMap, HashMap, HashSet};

use eom_core::bundle::Bundle;
use eom_core::model::{Phase, Station, Visit};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::detail::{Lookup, shorten};

/// Up to this many visits the report lists every visit by default; above it, one line per team.
/// An ODIHR-size mission (1,500 visits) keeps the full annex.
pub const FULL_ANNEX_MAX_VISITS: usize = 2_000;

/// How much of the annex the report carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Annex {
    /// No annex.
    None,
    /// One line per team: visits, stations, negative assessments per phase, incidents.
    Summary,
    /// Every visit, one table per team.
    Full,
}

impl Annex {
    /// The annex for a mission of `visits` live visits when none was asked for.
    pub fn for_size(visits: usize) -> Annex {
        if visits <= FULL_ANNEX_MAX_VISITS {
            Annex::Full
        } else {
            Annex::Summary
        }
    }
}

impl std::str::FromStr for Annex {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "none" => Ok(Annex::None),
            "summary" => Ok(Annex::Summary),
            "full" => Ok(Annex::Full),
            _ => Err(format!("`{s}` is not an annex: none, summary or full")),
        }
    }
}

impl std::fmt::Display for Annex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Annex::None => "none",
            Annex::Summary => "summary",
            Annex::Full => "full",
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VisitRow {
    pub station: String,
    pub region: String,
    pub team: String,
    pub times: String,
    /// Assessment abbreviations per phase (`VG`, `G`, `B`, `VB`); empty when not observed.
    pub opening: String,
    pub voting: String,
    pub counting: String,
    /// The team's notes, shortened; empty in the public edition.
    pub notes: String,
}

/// One team's day in the summary annex.
#[derive(Debug, Clone, Serialize)]
pub struct TeamRow {
    pub team: String,
    pub area: String,
    pub visits: usize,
    /// Distinct polling stations (and commissions) visited.
    pub stations: usize,
    /// Per phase, "negative / assessed" (e.g. `1 / 4`); empty when the team assessed none.
    pub opening: String,
    pub voting: String,
    pub counting: String,
    /// Incidents the team recorded (live).
    pub incidents: usize,
}

/// The annex rows of the full annex, in the order given (team, then arrival, then station).
pub(crate) fn visit_rows(
    visits: &[&Visit],
    lookup: &Lookup,
    words: &BTreeMap<String, String>,
    public: bool,
) -> Vec<VisitRow> {
    visits
        .iter()
        .map(|v| visit_row(v, lookup, words, public))
        .collect()
}

fn visit_row(
    v: &Visit,
    lookup: &Lookup,
    words: &BTreeMap<String, String>,
    public: bool,
) -> VisitRow {
    let station: Option<&Station> = lookup.station(v.station_id);
    let mut per_phase: BTreeMap<Phase, String> = BTreeMap::new();
    for c in lookup.checklists_of(v.meta.id) {
        if let Some(a) = lookup.assessment(c) {
            let abbrev = words.get(&format!("ab_{a}")).cloned().unwrap_or_default();
            per_phase.insert(c.phase, abbrev);
        }
    }
    let take = |p: Phase| per_phase.get(&p).cloned().unwrap_or_default();
    VisitRow {
        station: station.map(|s| s.code.clone()).unwrap_or_default(),
        region: station.map(|s| s.region().to_string()).unwrap_or_default(),
        team: lookup.team_code(Some(v.team_id)),
        times: lookup.times(v),
        opening: take(Phase::Opening),
        voting: take(Phase::Voting),
        counting: take(Phase::Counting),
        notes: if public {
            String::new()
        } else {
            shorten(&v.notes, 90)
        },
    }
}

#[derive(Default)]
struct Tally {
    visits: usize,
    stations: HashSet<Uuid>,
    /// (negative, assessed) per phase.
    phases: BTreeMap<Phase, (usize, usize)>,
    incidents: usize,
}

/// One line per live team, in team code order (teams without a visit included: a team that
/// sent nothing is what a coordinator looks for).
pub(crate) fn team_rows(bundle: &Bundle, visits: &[&Visit], lookup: &Lookup) -> Vec<TeamRow> {
    let mut tallies: HashMap<Uuid, Tally> = HashMap::new();
    for v in visits {
        let t = tallies.entry(v.team_id).or_default();
        t.visits += 1;
        t.stations.insert(v.station_id);
        for c in lookup.checklists_of(v.meta.id) {
            if let Some(a) = lookup.assessment(c) {
                let p = t.phases.entry(c.phase).or_default();
                p.0 += usize::from(a.is_negative());
                p.1 += 1;
            }
        }
    }
    for i in bundle.incidents.iter().filter(|i| !i.meta.deleted) {
        if let Some(team) = i.team_id {
            tallies.entry(team).or_default().incidents += 1;
        }
    }
    let mut rows: Vec<TeamRow> = bundle
        .teams
        .iter()
        .filter(|t| !t.meta.deleted)
        .map(|team| {
            let t = tallies.remove(&team.meta.id).unwrap_or_default();
            let phase = |p: Phase| match t.phases.get(&p) {
                Some((negative, assessed)) => format!("{negative} / {assessed}"),
                None => String::new(),
            };
            TeamRow {
                team: team.code.clone(),
                area: team.area.clone(),
                visits: t.visits,
                stations: t.stations.len(),
                opening: phase(Phase::Opening),
                voting: phase(Phase::Voting),
                counting: phase(Phase::Counting),
                incidents: t.incidents,
            }
        })
        .collect();
    rows.sort_by(|a, b| a.team.cmp(&b.team));
    rows
}
