//! The election-day screen: the teams with how many visits each made, and one team's visits with
//! their stations and checklists, each in a couple of queries. A 20,000-visit mission has some 2,000
//! teams; the screen shows one team's day, never every record.

use std::collections::HashMap;

use serde::Serialize;
use uuid::Uuid;

use super::Store;
use super::review::PHASE_ORDER;
use super::rows::get_uuid;
use crate::error::Result;
use crate::model::{Assessment, Phase, StationKind};
use crate::time::Timestamp;

/// A team and its day at a glance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TeamDay {
    pub team_id: Uuid,
    pub code: String,
    pub area: String,
    pub visits: u64,
    /// Visits without a departure time.
    pub open: u64,
}

/// One visit as the day's list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayVisit {
    pub visit_id: Uuid,
    pub arrival_at: Timestamp,
    pub departure_at: Option<Timestamp>,
    pub station_code: String,
    pub station_name: String,
    pub station_kind: StationKind,
    pub phases: Vec<Phase>,
    pub checklists: Vec<DayChecklist>,
}

/// A checklist of a visit: its phase, overall assessment and whether it was submitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DayChecklist {
    pub phase: Phase,
    pub assessment: Option<Assessment>,
    /// Assessed bad or very bad (`Assessment::is_negative`): the screen marks it, without its own
    /// list of which assessments are negative.
    pub negative: bool,
    pub submitted: bool,
}

impl Store {
    /// Every team (not deleted), by code, with its visits counted.
    pub fn team_days(&self) -> Result<Vec<TeamDay>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.id, t.code, t.area, count(v.id), coalesce(sum(v.departure_at IS NULL), 0) \
             FROM teams t LEFT JOIN visits v ON v.team_id = t.id AND v.deleted = 0 \
             WHERE t.deleted = 0 GROUP BY t.id ORDER BY t.code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TeamDay {
                team_id: get_uuid(r, 0)?,
                code: r.get(1)?,
                area: r.get(2)?,
                visits: r.get::<_, i64>(3)? as u64,
                open: r.get::<_, i64>(4)? as u64,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One team's visits in arrival order, with their stations and checklists.
    pub fn team_day(&self, team_id: Uuid) -> Result<Vec<DayVisit>> {
        let team = team_id.to_string();
        let mut stmt = self.conn.prepare(
            "SELECT v.id, v.arrival_at, v.departure_at, s.code, s.name, s.kind, v.phases \
             FROM visits v JOIN stations s ON s.id = v.station_id \
             WHERE v.team_id = ?1 AND v.deleted = 0 ORDER BY v.arrival_at, v.id",
        )?;
        let mut visits = stmt
            .query_map([&team], |r| {
                let phases: String = r.get(6)?;
                Ok(DayVisit {
                    visit_id: get_uuid(r, 0)?,
                    arrival_at: r.get(1)?,
                    departure_at: r.get(2)?,
                    station_code: r.get(3)?,
                    station_name: r.get(4)?,
                    station_kind: r.get(5)?,
                    phases: serde_json::from_str(&phases).unwrap_or_default(),
                    checklists: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let at: HashMap<Uuid, usize> = visits
            .iter()
            .enumerate()
            .map(|(i, v)| (v.visit_id, i))
            .collect();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.visit_id, c.phase, c.assessment, c.submitted_at IS NOT NULL \
             FROM checklists c JOIN visits v ON v.id = c.visit_id \
             WHERE v.team_id = ?1 AND v.deleted = 0 AND c.deleted = 0 ORDER BY {PHASE_ORDER}"
        ))?;
        let mut q = stmt.query([&team])?;
        while let Some(r) = q.next()? {
            if let Some(&i) = at.get(&get_uuid(r, 0)?) {
                let assessment: Option<Assessment> = r.get(2)?;
                visits[i].checklists.push(DayChecklist {
                    phase: r.get(1)?,
                    negative: assessment.is_some_and(|a| a.is_negative()),
                    assessment,
                    submitted: r.get(3)?,
                });
            }
        }
        Ok(visits)
    }
}
