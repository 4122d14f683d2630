//! Reading stations, teams and visits once each: a scan of a table into a map is much cheaper than
//! two index look-ups per visit in a SQL join.

use std::collections::BTreeMap;

use super::{FnvMap, StatsFilter, group_name, keep};
use crate::error::Result;
use crate::model::Phase;

/// A visit with its station's and team's fields, borrowed from the maps they were read into.
pub(super) struct VisitRow<'a> {
    pub id: uuid::Uuid,
    /// The id as stored, for matching the checklists' `visit_id` without formatting.
    pub id_text: String,
    pub station_id: &'a str,
    pub station_code: &'a str,
    pub region: &'a str,
    pub setting: &'a str,
    pub team: &'a str,
    /// A visit to an election commission (tabulation), not to a polling station.
    pub commission: bool,
    pub arrival_at: crate::time::Timestamp,
    pub departure_at: Option<crate::time::Timestamp>,
    pub breaks: String,
    pub phases: String,
    pub voters_on_list: Option<u32>,
    pub voted: Option<u32>,
    /// Whether the visit observed the `--phase` of the filter (always, without one). The visits
    /// read are those `--region` and `--team` keep: some blocks are not narrowed by phase.
    pub in_phase: bool,
}

/// Every place (id → code, region, setting, whether a commission) and team (id → code), the
/// polling stations counted per (region, setting) under the filter, and the commissions.
pub(super) struct Places {
    stations: FnvMap<String, (String, String, String, bool)>,
    teams: FnvMap<String, String>,
    pub totals: BTreeMap<(String, String), u64>,
    pub commissions_total: u64,
}

impl Places {
    pub fn read(conn: &rusqlite::Connection, filter: &StatsFilter) -> Result<Self> {
        let mut stations = FnvMap::default();
        let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut commissions_total = 0;
        let mut stmt = conn.prepare(
            "SELECT id, code, region, coalesce(setting, ''), deleted, kind = 'commission' FROM stations",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            let (region, setting): (String, String) = (r.get(2)?, r.get(3)?);
            let commission: bool = r.get(5)?;
            if !r.get::<_, bool>(4)? && filter.region.as_deref().is_none_or(|f| f == region) {
                if commission {
                    commissions_total += 1;
                } else {
                    *totals
                        .entry((group_name(&region), group_name(&setting)))
                        .or_default() += 1;
                }
            }
            stations.insert(r.get(0)?, (r.get(1)?, region, setting, commission));
        }
        let mut teams = FnvMap::default();
        let mut stmt = conn.prepare("SELECT id, code FROM teams")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            teams.insert(r.get(0)?, r.get(1)?);
        }
        Ok(Places {
            stations,
            teams,
            totals,
            commissions_total,
        })
    }
}

/// The visits the filter keeps, ordered by station code then arrival (turnout compares a
/// station's visits in time order).
pub(super) fn visits<'p>(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    places: &'p Places,
) -> Result<Vec<VisitRow<'p>>> {
    let mut visits = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, station_id, team_id, arrival_at, departure_at, breaks, phases, \
         voters_on_list, voters_voted_at_arrival, deleted FROM visits",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        if r.get::<_, bool>(9)? {
            continue;
        }
        let (Some((station_id, (code, region, setting, commission))), Some(team)) = (
            places.stations.get_key_value(r.get_ref(1)?.as_str()?),
            places.teams.get(r.get_ref(2)?.as_str()?),
        ) else {
            continue;
        };
        if !keep(filter, region, team) {
            continue;
        }
        let phases: String = r.get(6)?;
        let in_phase = filter.phase.is_none_or(|f| {
            serde_json::from_str::<Vec<Phase>>(&phases).is_ok_and(|p| p.contains(&f))
        });
        let id_text: String = r.get(0)?;
        visits.push(VisitRow {
            id: uuid::Uuid::parse_str(&id_text).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.into())
            })?,
            id_text,
            station_id,
            station_code: code,
            region,
            setting,
            team,
            commission: *commission,
            arrival_at: r.get(3)?,
            departure_at: r.get(4)?,
            breaks: r.get(5)?,
            phases,
            voters_on_list: r.get(7)?,
            voted: r.get(8)?,
            in_phase,
        });
    }
    visits.sort_unstable_by(|a, b| {
        (a.station_code, a.arrival_at).cmp(&(b.station_code, b.arrival_at))
    });
    Ok(visits)
}
