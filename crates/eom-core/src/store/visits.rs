//! Visits: a team at a polling station, from arrival to departure.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::rows;
use crate::error::{Error, Result};
use crate::model::{Checklist, Incident, ObservationBreak, Phase, Station, Team, Visit};
use crate::time::Timestamp;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewVisit {
    pub team_id: Uuid,
    pub station_id: Uuid,
    pub arrival_at: Timestamp,
    #[serde(default)]
    pub phases: Vec<Phase>,
    #[serde(default)]
    pub observer_ids: Vec<Uuid>,
    /// Departure time for the team's current visit (the one without a departure yet), when starting
    /// one elsewhere.
    #[serde(default)]
    pub close_current_visit_at: Option<Timestamp>,
}

/// The editable part of a visit (SPEC 3.1 visit header).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitHeader {
    pub arrival_at: Timestamp,
    pub departure_at: Option<Timestamp>,
    pub breaks: Vec<ObservationBreak>,
    pub phases: Vec<Phase>,
    pub observer_ids: Vec<Uuid>,
    pub interpreter_used: Option<bool>,
    pub voters_on_list: Option<u32>,
    pub voters_voted_at_arrival: Option<u32>,
    pub observed_unrestricted: Option<bool>,
    pub notes: String,
}

fn check_times(v: &Visit) -> Result<()> {
    if let Some(d) = v.departure_at
        && d < v.arrival_at
    {
        return Err(Error::invalid(
            "departure",
            "the departure is before the arrival",
        ));
    }
    for b in &v.breaks {
        if b.to < b.from {
            return Err(Error::invalid("break", "a break ends before it starts"));
        }
    }
    Ok(())
}

impl Store {
    /// Starts a visit. If the team has a current visit, `close_current_visit_at` must give its
    /// departure time; otherwise the error names the current visit's station.
    pub fn start_visit(&mut self, new: NewVisit) -> Result<Visit> {
        self.mission()?;
        self.require::<Team>(new.team_id)?;
        self.require::<Station>(new.station_id)?;
        let current = self.current_visit(new.team_id)?;
        let mut closing = None;
        if let Some(mut o) = current {
            let Some(at) = new.close_current_visit_at else {
                let station = self.require::<Station>(o.station_id)?;
                return Err(Error::invalid(
                    "departure",
                    format!(
                        "the team's visit to station {} is still open: give its departure time first",
                        station.code
                    ),
                ));
            };
            o.departure_at = Some(at);
            check_times(&o)?;
            self.touch(&mut o.meta);
            closing = Some(o);
        }
        let visit = Visit {
            meta: self.new_meta(),
            team_id: new.team_id,
            station_id: new.station_id,
            arrival_at: new.arrival_at,
            departure_at: None,
            breaks: Vec::new(),
            phases: new.phases,
            observer_ids: new.observer_ids,
            interpreter_used: None,
            voters_on_list: None,
            voters_voted_at_arrival: None,
            observed_unrestricted: None,
            notes: String::new(),
        };
        self.write(|tx| {
            if let Some(o) = &closing {
                rows::save(tx, o)?;
            }
            rows::save(tx, &visit)
        })?;
        Ok(visit)
    }

    /// The team's current visit: its latest without a departure time, if any.
    pub fn current_visit(&self, team_id: Uuid) -> Result<Option<Visit>> {
        Ok(rows::load_where::<Visit>(
            &self.conn,
            &format!(
                "WHERE deleted = 0 AND departure_at IS NULL AND team_id = '{team_id}' ORDER BY arrival_at DESC LIMIT 1"
            ),
        )?
        .into_iter()
        .next())
    }

    pub fn visit(&self, id: Uuid) -> Result<Visit> {
        self.require(id)
    }

    /// Visits, newest arrival last; `team_id` narrows to one team.
    pub fn visits(&self, team_id: Option<Uuid>) -> Result<Vec<Visit>> {
        let filter = match team_id {
            Some(t) => format!("WHERE deleted = 0 AND team_id = '{t}' ORDER BY arrival_at"),
            None => "WHERE deleted = 0 ORDER BY arrival_at".to_string(),
        };
        rows::load_where(&self.conn, &filter)
    }

    pub fn save_visit_header(&mut self, id: Uuid, h: VisitHeader) -> Result<Visit> {
        let mut v: Visit = self.require(id)?;
        v.arrival_at = h.arrival_at;
        v.departure_at = h.departure_at;
        v.breaks = h.breaks;
        v.phases = h.phases;
        v.observer_ids = h.observer_ids;
        v.interpreter_used = h.interpreter_used;
        v.voters_on_list = h.voters_on_list;
        v.voters_voted_at_arrival = h.voters_voted_at_arrival;
        v.observed_unrestricted = h.observed_unrestricted;
        v.notes = h.notes;
        check_times(&v)?;
        self.touch(&mut v.meta);
        self.write(|tx| rows::save(tx, &v))?;
        Ok(v)
    }

    /// Records the team's departure.
    pub fn depart(&mut self, id: Uuid, at: Timestamp) -> Result<Visit> {
        let mut v: Visit = self.require(id)?;
        v.departure_at = Some(at);
        check_times(&v)?;
        self.touch(&mut v.meta);
        self.write(|tx| rows::save(tx, &v))?;
        Ok(v)
    }

    /// Deletes a visit with its checklists and incidents (tombstones that travel in bundles).
    pub fn delete_visit(&mut self, id: Uuid) -> Result<()> {
        let mut v: Visit = self.require(id)?;
        let mut checklists: Vec<Checklist> = rows::load_where(
            &self.conn,
            &format!("WHERE deleted = 0 AND visit_id = '{id}'"),
        )?;
        let mut incidents: Vec<Incident> = rows::load_where(
            &self.conn,
            &format!("WHERE deleted = 0 AND visit_id = '{id}'"),
        )?;
        v.meta.deleted = true;
        self.touch(&mut v.meta);
        for c in &mut checklists {
            c.meta.deleted = true;
            self.touch(&mut c.meta);
        }
        for i in &mut incidents {
            i.meta.deleted = true;
            self.touch(&mut i.meta);
        }
        self.write(|tx| {
            rows::save(tx, &v)?;
            for c in &checklists {
                super::checklists::write_one(tx, c, None)?;
            }
            for i in &incidents {
                rows::save(tx, i)?;
            }
            Ok(())
        })
    }
}
