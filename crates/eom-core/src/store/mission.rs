//! The mission record, its teams and observers.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::rows::{self, Record};
use crate::error::{Error, Result};
use crate::model::{Mission, Observer, ObserverRole, RecordMeta, Team};
use crate::time::{Timestamp, parse_zone};

/// What `eom init` and the app's first-start screen ask for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewMission {
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    pub country: String,
    pub election_name: String,
    pub election_date: chrono::NaiveDate,
    pub time_zone: String,
    pub languages: Vec<String>,
    #[serde(default)]
    pub accreditation_ref: String,
    #[serde(default)]
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NewObserver {
    pub name: String,
    #[serde(default)]
    pub nationality: String,
    pub role: ObserverRole,
    #[serde(default)]
    pub accreditation_number: String,
    pub team_id: Option<Uuid>,
}

/// Teams are identified by their code, so two laptops that create team `T03` create the same record.
const TEAM_NAMESPACE: Uuid = Uuid::from_u128(0x6b1f_0c7e_2d4a_4e8b_9c31_7a55_e0f2_d104);

pub fn team_id_for(code: &str) -> Uuid {
    Uuid::new_v5(&TEAM_NAMESPACE, code.trim().to_uppercase().as_bytes())
}

fn check_mission_fields(m: &Mission) -> Result<()> {
    if m.name.trim().is_empty() {
        return Err(Error::invalid("name", "the mission needs a name"));
    }
    if m.country.trim().is_empty() {
        return Err(Error::invalid("country", "the country is missing"));
    }
    if m.election_name.trim().is_empty() {
        return Err(Error::invalid("election", "the election's name is missing"));
    }
    parse_zone(&m.time_zone).map_err(|e| Error::invalid("time zone", e))?;
    if m.languages.is_empty() {
        return Err(Error::invalid(
            "languages",
            "give at least one language code, e.g. `en`",
        ));
    }
    for l in &m.languages {
        if l.len() < 2 || l.len() > 8 || !l.chars().all(|c| c.is_ascii_alphabetic() || c == '-') {
            return Err(Error::invalid(
                "languages",
                format!("`{l}` is not a language code such as `en` or `ru`"),
            ));
        }
    }
    Ok(())
}

impl Store {
    /// The mission this database holds.
    pub fn mission(&self) -> Result<Mission> {
        self.mission_opt()?.ok_or(Error::NoMission)
    }

    /// A clock time typed on election day (`HH:MM` in the mission's zone) as an instant; times
    /// after midnight belong to the night after election day ([`crate::time::election_day_time`]).
    pub fn election_day_time(&self, hhmm: &str) -> Result<Timestamp> {
        let m = self.mission()?;
        let invalid = |message| Error::Invalid {
            field: "time".into(),
            message,
        };
        let tz = parse_zone(&m.time_zone).map_err(invalid)?;
        crate::time::election_day_time(m.election_date, tz, hhmm).map_err(invalid)
    }

    pub fn mission_opt(&self) -> Result<Option<Mission>> {
        Ok(rows::load_where::<Mission>(
            &self.conn,
            "WHERE deleted = 0 ORDER BY created_at LIMIT 1",
        )?
        .into_iter()
        .next())
    }

    /// Creates the mission; a database holds one.
    pub fn create_mission(&mut self, new: NewMission) -> Result<Mission> {
        self.create_mission_with(new, false)
    }

    pub(crate) fn create_mission_with(
        &mut self,
        new: NewMission,
        is_sample: bool,
    ) -> Result<Mission> {
        if let Some(m) = self.mission_opt()? {
            return Err(Error::MissionConflict(format!(
                "this database already holds the mission \"{}\"; use another file (--db) for a new mission",
                m.name
            )));
        }
        let mission = Mission {
            meta: self.new_meta(),
            name: new.name.trim().to_string(),
            organisation: new.organisation.trim().to_string(),
            country: new.country.trim().to_string(),
            election_name: new.election_name.trim().to_string(),
            election_date: new.election_date,
            time_zone: new.time_zone.trim().to_string(),
            languages: new
                .languages
                .iter()
                .map(|l| l.trim().to_lowercase())
                .collect(),
            accreditation_ref: new.accreditation_ref.trim().to_string(),
            candidates: new.candidates,
            is_sample,
        };
        check_mission_fields(&mission)?;
        self.write(|tx| rows::save(tx, &mission))?;
        self.enrol_laptop_as_first_core()?;
        Ok(mission)
    }

    /// Saves edited mission settings.
    pub fn update_mission(&mut self, mut edited: Mission) -> Result<Mission> {
        check_mission_fields(&edited)?;
        let current = self.mission()?;
        edited.meta = current.meta.clone();
        edited.is_sample = current.is_sample;
        self.touch(&mut edited.meta);
        self.write(|tx| rows::save(tx, &edited))?;
        Ok(edited)
    }

    pub fn teams(&self) -> Result<Vec<Team>> {
        rows::load_where(&self.conn, "WHERE deleted = 0 ORDER BY code")
    }

    /// Adds a team, or updates the area of the team with that code.
    pub fn save_team(&mut self, code: &str, area: &str) -> Result<Team> {
        let code = code.trim().to_uppercase();
        if code.is_empty() || code.len() > 16 {
            return Err(Error::invalid(
                "team code",
                "expected a short code such as `T01`",
            ));
        }
        self.mission()?;
        let id = team_id_for(&code);
        let team = match rows::load::<Team>(&self.conn, id)? {
            Some(mut t) => {
                t.area = area.trim().to_string();
                t.meta.deleted = false;
                self.touch(&mut t.meta);
                t
            }
            None => Team {
                meta: RecordMeta {
                    id,
                    ..self.new_meta()
                },
                code,
                area: area.trim().to_string(),
            },
        };
        self.write(|tx| rows::save(tx, &team))?;
        Ok(team)
    }

    pub fn observers(&self) -> Result<Vec<Observer>> {
        rows::load_where(&self.conn, "WHERE deleted = 0 ORDER BY name")
    }

    pub fn add_observer(&mut self, new: NewObserver) -> Result<Observer> {
        if new.name.trim().is_empty() {
            return Err(Error::invalid("observer name", "the name is missing"));
        }
        self.mission()?;
        if let Some(t) = new.team_id {
            self.require::<Team>(t)?;
        }
        let o = Observer {
            meta: self.new_meta(),
            name: new.name.trim().to_string(),
            nationality: new.nationality.trim().to_string(),
            role: new.role,
            accreditation_number: new.accreditation_number.trim().to_string(),
            team_id: new.team_id,
        };
        self.write(|tx| rows::save(tx, &o))?;
        Ok(o)
    }

    /// Saves an edited observer (name, role, team…).
    pub fn update_observer(&mut self, mut edited: Observer) -> Result<Observer> {
        let current = self.require::<Observer>(edited.meta.id)?;
        if let Some(t) = edited.team_id {
            self.require::<Team>(t)?;
        }
        edited.meta = current.meta;
        self.touch(&mut edited.meta);
        self.write(|tx| rows::save(tx, &edited))?;
        Ok(edited)
    }

    pub fn delete_observer(&mut self, id: Uuid) -> Result<()> {
        self.tombstone::<Observer>(id)
    }

    /// A live (not deleted) record, or a NotFound error naming it.
    pub(crate) fn require<R: Record>(&self, id: Uuid) -> Result<R> {
        rows::load::<R>(&self.conn, id)?
            .filter(|r| !r.meta().deleted)
            .ok_or_else(|| Error::NotFound {
                kind: R::KIND,
                id: id.to_string(),
            })
    }

    /// Deletes a record by leaving a tombstone that travels in bundles.
    pub(crate) fn tombstone<R: Record>(&mut self, id: Uuid) -> Result<()> {
        let mut r = self.require::<R>(id)?;
        r.meta_mut().deleted = true;
        self.touch(r.meta_mut());
        self.write(|tx| rows::save(tx, &r))
    }
}
