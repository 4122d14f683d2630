//! Reading stations, teams and visits once each: a scan of a table into a map is much cheaper than
//! two index look-ups per visit in a SQL join. "Edited after export" is counted while reading.

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

/// Every station (id → code, region, setting) and team (id → code), and the stations counted per
/// (region, setting) under the filter.
pub(super) struct Places {
    stations: FnvMap<String, (String, String, String)>,
    teams: FnvMap<String, String>,
    pub totals: BTreeMap<(String, String), u64>,
}

impl Places {
    pub fn read(
        conn: &rusqlite::Connection,
        filter: &StatsFilter,
        exports: &mut LastExports,
    ) -> Result<Self> {
        let mut stations = FnvMap::default();
        let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
        let mut stmt = conn.prepare(
            "SELECT id, code, region, coalesce(setting, ''), deleted, device_id, updated_at FROM stations",
        )?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            exports.count_row(r, 5)?;
            let (region, setting): (String, String) = (r.get(2)?, r.get(3)?);
            if !r.get::<_, bool>(4)? && filter.region.as_deref().is_none_or(|f| f == region) {
                *totals
                    .entry((group_name(&region), group_name(&setting)))
                    .or_default() += 1;
            }
            stations.insert(r.get(0)?, (r.get(1)?, region, setting));
        }
        let mut teams = FnvMap::default();
        let mut stmt = conn.prepare("SELECT id, code, device_id, updated_at FROM teams")?;
        let mut q = stmt.query([])?;
        while let Some(r) = q.next()? {
            exports.count_row(r, 2)?;
            teams.insert(r.get(0)?, r.get(1)?);
        }
        Ok(Places {
            stations,
            teams,
            totals,
        })
    }
}

/// The visits the filter keeps, ordered by station code then arrival (turnout compares a
/// station's visits in time order).
pub(super) fn visits<'p>(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    places: &'p Places,
    exports: &mut LastExports,
) -> Result<Vec<VisitRow<'p>>> {
    let mut visits = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT id, station_id, team_id, arrival_at, departure_at, breaks, phases, \
         voters_on_list, voters_voted_at_arrival, deleted, device_id, updated_at FROM visits",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        exports.count_row(r, 10)?;
        if r.get::<_, bool>(9)? {
            continue;
        }
        let (Some((station_id, (code, region, setting))), Some(team)) = (
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

/// When each device last exported, and the count of "records edited after their team exported
/// them" (rows changed after the last export of the device that last changed them), kept while the
/// tables are read for the other figures.
pub(super) struct LastExports {
    by_device: FnvMap<String, String>,
    /// The earliest of those times: a record changed before it was not edited after any export.
    earliest: String,
    counted: u64,
}

impl LastExports {
    pub fn load(conn: &rusqlite::Connection) -> Result<Self> {
        let mut stmt =
            conn.prepare("SELECT device_id, max(exported_at) FROM exports GROUP BY device_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let by_device: FnvMap<String, String> = rows.collect::<rusqlite::Result<_>>()?;
        let earliest = by_device.values().min().cloned().unwrap_or_default();
        Ok(LastExports {
            by_device,
            earliest,
            counted: 0,
        })
    }

    /// Counts the row if it was changed after its device's last export; its `device_id` and
    /// `updated_at` are columns `at` and `at + 1` (timestamps are stored in one fixed-width UTC
    /// format, so text order is time order).
    pub fn count_row(&mut self, r: &rusqlite::Row<'_>, at: usize) -> Result<()> {
        if self.by_device.is_empty() {
            return Ok(());
        }
        let updated_at = r.get_ref(at + 1)?.as_str()?;
        if updated_at <= self.earliest.as_str() {
            return Ok(());
        }
        let device = r.get_ref(at)?.as_str()?;
        if self
            .by_device
            .get(device)
            .is_some_and(|exported| updated_at > exported.as_str())
        {
            self.counted += 1;
        }
        Ok(())
    }

    /// The count: the rows seen so far, plus incidents and observers (which the statistics do
    /// not otherwise read row by row), read here with the same test.
    pub fn edited_after_export(&mut self, conn: &rusqlite::Connection) -> Result<u64> {
        if self.by_device.is_empty() {
            return Ok(0);
        }
        for table in ["incidents", "observers"] {
            let mut stmt = conn.prepare(&format!("SELECT device_id, updated_at FROM {table}"))?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                self.count_row(r, 0)?;
            }
        }
        Ok(self.counted)
    }
}
