//! Coverage (SPEC 4.1): visits, stations visited of the total, teams, observers, observing time,
//! by region and by setting.

use std::collections::BTreeMap;

use super::read::VisitRow;
use super::{
    Coverage, CoverageGroup, FnvMap, REPORTED_PHASES, Share, StatsFilter, Tabulation, group_name,
};
use crate::error::Result;
use crate::model::Phase;

/// Coverage of the filtered `visits` to polling stations (visits to commissions are the
/// tabulation block's); `totals` counts stations per (region, setting). The checklists per phase
/// are added by the checklist pass.
pub(super) fn coverage(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow<'_>],
    totals: &BTreeMap<(String, String), u64>,
) -> Result<Coverage> {
    let mut cov = Coverage::default();
    let mut visited: FnvMap<&str, ()> = FnvMap::default();
    let mut region_visits: BTreeMap<String, (u64, FnvMap<&str, ()>)> = BTreeMap::new();
    let mut setting_visits: BTreeMap<String, (u64, FnvMap<&str, ()>)> = BTreeMap::new();
    for p in REPORTED_PHASES {
        cov.visits_by_phase.insert(p.to_string(), 0);
        cov.checklists.insert(p.to_string(), 0);
    }
    // With `--phase`, the kept visits' other phases are counted too (docs/statistics.md).
    for v in visits.iter().filter(|v| v.in_phase && !v.commission) {
        let phases: Vec<Phase> = serde_json::from_str(&v.phases).unwrap_or_default();
        cov.visits += 1;
        for p in phases {
            *cov.visits_by_phase.entry(p.to_string()).or_default() += 1;
        }
        visited.insert(v.station_id, ());
        let e = region_visits.entry(group_name(v.region)).or_default();
        e.0 += 1;
        e.1.insert(v.station_id, ());
        let e = setting_visits.entry(group_name(v.setting)).or_default();
        e.0 += 1;
        e.1.insert(v.station_id, ());
        if let (Some(dep), Ok(breaks)) = (
            v.departure_at,
            serde_json::from_str::<Vec<crate::model::ObservationBreak>>(&v.breaks),
        ) {
            let mut ms = dep.millis() - v.arrival_at.millis();
            for b in breaks {
                ms -= (b.to.millis() - b.from.millis()).max(0);
            }
            cov.observing_minutes += ms.max(0) / 60_000;
        }
    }
    cov.stations_visited = visited.len() as u64;
    cov.teams = count_teams(conn, filter, visits)?;
    cov.observers = count_observers(conn, filter, visits)?;
    cov.stations_total = totals.values().sum();
    cov.stations_visited_share = Share::new(cov.stations_visited, cov.stations_total);
    cov.stations_visited_display = cov.stations_visited_share.to_string();
    let mut region_totals: BTreeMap<String, u64> = BTreeMap::new();
    let mut setting_totals: BTreeMap<String, u64> = BTreeMap::new();
    for ((r, s), n) in totals {
        *region_totals.entry(r.clone()).or_default() += n;
        *setting_totals.entry(s.clone()).or_default() += n;
    }
    cov.by_region = groups(&region_totals, &region_visits);
    cov.by_setting = groups(&setting_totals, &setting_visits);
    Ok(cov)
}

/// The tabulation block: commissions observed of those in the list, and assessed negatively of
/// those assessed (`negative_at`: commission code → whether any of its tabulation checklists was
/// assessed bad or very bad, from the checklist pass).
pub(super) fn tabulation(
    visits: &[VisitRow<'_>],
    commissions_total: u64,
    negative_at: &BTreeMap<String, bool>,
) -> Tabulation {
    let mut observed: FnvMap<&str, ()> = FnvMap::default();
    let mut t = Tabulation {
        commissions_total,
        ..Default::default()
    };
    for v in visits.iter().filter(|v| v.in_phase && v.commission) {
        t.visits += 1;
        observed.insert(v.station_id, ());
    }
    t.commissions_observed = observed.len() as u64;
    t.commissions_observed_share = Share::new(t.commissions_observed, t.commissions_total);
    t.commissions_observed_display = t.commissions_observed_share.to_string();
    t.commissions_assessed = negative_at.len() as u64;
    t.commissions_negative = negative_at.values().filter(|n| **n).count() as u64;
    t.commissions_negative_share = Share::new(t.commissions_negative, t.commissions_assessed);
    t.commissions_negative_display = t.commissions_negative_share.to_string();
    t
}

/// Teams and observers are narrowed by `--region` and `--team`, not by `--phase`: the visits they
/// come from are all those the two keep.
fn narrowed(filter: &StatsFilter) -> bool {
    filter.team.is_some() || filter.region.is_some()
}

fn count_observers(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow<'_>],
) -> Result<u64> {
    if !narrowed(filter) {
        return Ok(conn.query_row(
            "SELECT count(*) FROM observers WHERE deleted = 0",
            [],
            |r| r.get::<_, i64>(0),
        )? as u64);
    }
    let teams: std::collections::HashSet<&str> = visits.iter().map(|v| v.team).collect();
    let mut stmt = conn.prepare(
        "SELECT t.code FROM observers o JOIN teams t ON t.id = o.team_id WHERE o.deleted = 0",
    )?;
    let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut n = 0;
    for c in codes {
        if teams.contains(c?.as_str()) {
            n += 1;
        }
    }
    Ok(n)
}

fn groups(
    totals: &BTreeMap<String, u64>,
    visits: &BTreeMap<String, (u64, FnvMap<&str, ()>)>,
) -> Vec<CoverageGroup> {
    let mut names: Vec<&String> = totals.keys().chain(visits.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|g| CoverageGroup {
            group: g.clone(),
            stations_total: totals.get(g).copied().unwrap_or(0),
            stations_visited: visits.get(g).map(|v| v.1.len() as u64).unwrap_or(0),
            visits: visits.get(g).map(|v| v.0).unwrap_or(0),
        })
        .collect()
}

fn count_teams(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow<'_>],
) -> Result<u64> {
    if narrowed(filter) {
        let set: std::collections::HashSet<&str> = visits.iter().map(|v| v.team).collect();
        return Ok(set.len() as u64);
    }
    Ok(
        conn.query_row("SELECT count(*) FROM teams WHERE deleted = 0", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}
