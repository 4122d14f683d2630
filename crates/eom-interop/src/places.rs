//! What the mission saw at each place in the station list (polling stations and election
//! commissions): visits, teams, phases, the assessments per phase, whether any was negative, and
//! incidents. The workbook's "stations_visited" sheet and the GeoJSON properties both read it, so
//! the two files agree.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use eom_core::model::{Assessment, Phase, Station};
use eom_core::time::Timestamp;
use uuid::Uuid;

use crate::index::Index;

/// The phases whose assessments are reported per place, in election-day order.
pub(crate) const ASSESSED_PHASES: [Phase; 4] = [
    Phase::Opening,
    Phase::Voting,
    Phase::Counting,
    Phase::Tabulation,
];

pub(crate) struct Place<'a> {
    pub station: &'a Station,
    /// Live visits.
    pub visits: usize,
    pub teams: BTreeSet<&'a str>,
    /// The phases the visits observed (their headers' `phases`).
    pub phases: BTreeSet<Phase>,
    /// Per phase, the overall assessment of the latest checklist (by its visit's arrival).
    pub latest: BTreeMap<Phase, Assessment>,
    /// Checklists of live visits here with an overall assessment.
    pub assessed: usize,
    /// Of those, assessed bad or very bad.
    pub negative: usize,
    /// Live incidents recorded at this place.
    pub incidents: usize,
}

impl Place<'_> {
    pub fn visited(&self) -> bool {
        self.visits > 0
    }
}

/// Every live station of the bundle, ordered by code, with what was observed there.
pub(crate) fn places<'a>(ix: &Index<'a>) -> Vec<Place<'a>> {
    let mut stations: Vec<&Station> = ix
        .bundle
        .stations
        .iter()
        .filter(|s| !s.meta.deleted)
        .collect();
    stations.sort_by(|a, b| a.code.cmp(&b.code));
    let mut by_id: HashMap<Uuid, Place<'a>> = stations
        .iter()
        .map(|s| {
            let place = Place {
                station: s,
                visits: 0,
                teams: BTreeSet::new(),
                phases: BTreeSet::new(),
                latest: BTreeMap::new(),
                assessed: 0,
                negative: 0,
                incidents: 0,
            };
            (s.meta.id, place)
        })
        .collect();
    for v in ix.bundle.visits.iter().filter(|v| !v.meta.deleted) {
        if let Some(p) = by_id.get_mut(&v.station_id) {
            p.visits += 1;
            p.teams.insert(ix.team_code(Some(v.team_id)));
            p.phases.extend(v.phases.iter().copied());
        }
    }
    // Latest first wins: sorted by arrival, then the checklist's last change.
    let mut assessed: Vec<(Timestamp, Timestamp, Uuid, Phase, Assessment)> = ix
        .live_checklists()
        .filter_map(|(c, v)| {
            let a = ix.assessment(c)?;
            Some((v.arrival_at, c.meta.updated_at, v.station_id, c.phase, a))
        })
        .collect();
    assessed.sort_by_key(|&(arrival, updated, ..)| (arrival, updated));
    for (_, _, station, phase, a) in assessed {
        if let Some(p) = by_id.get_mut(&station) {
            p.assessed += 1;
            p.negative += usize::from(a.is_negative());
            p.latest.insert(phase, a);
        }
    }
    for i in ix.bundle.incidents.iter().filter(|i| !i.meta.deleted) {
        if let Some(p) = i.station_id.and_then(|s| by_id.get_mut(&s)) {
            p.incidents += 1;
        }
    }
    stations
        .iter()
        .filter_map(|s| by_id.remove(&s.meta.id))
        .collect()
}
