//! One line of a submissions CSV read into the visit's header and the checklist's answers, with
//! every problem it has located by line and column.

use std::collections::HashMap;

use chrono::NaiveDate;
use eom_core::Store;
use eom_core::error::LineError;
use eom_core::templates::{AnswerType, Template};
use serde_json::Value;
use uuid::Uuid;

use super::columns::Column;
use super::line_error;
use super::values::{self, Day};

pub(super) struct Context<'a> {
    pub(super) t: &'a Template,
    pub(super) cols: &'a [Column],
    pub(super) headers: &'a [String],
    pub(super) teams: &'a HashMap<String, Uuid>,
    pub(super) own_team: Option<&'a str>,
    pub(super) tz: chrono_tz::Tz,
    pub(super) election: NaiveDate,
    pub(super) candidates: &'a [String],
}

/// One line read: the visit's header and the checklist's answers.
pub(super) struct Submission {
    pub(super) station: Uuid,
    pub(super) team: Uuid,
    pub(super) arrival: eom_core::time::Timestamp,
    pub(super) departure: Option<eom_core::time::Timestamp>,
    pub(super) submitted: Option<eom_core::time::Timestamp>,
    pub(super) answers: eom_core::model::Answers,
    pub(super) photos: usize,
}

impl Context<'_> {
    /// Reads one line, or adds its errors (every one of them) and returns None.
    pub(super) fn submission(
        &self,
        line: u64,
        cells: &[&str],
        stations: &mut HashMap<String, Option<Uuid>>,
        store: &Store,
        errors: &mut Vec<LineError>,
    ) -> Option<Submission> {
        let mut mine: Vec<LineError> = Vec::new();
        let mut error = |col: usize, message: String| {
            mine.push(line_error(line, Some(&self.headers[col]), message));
        };
        let cell = |c: Column| {
            let i = self.cols.iter().position(|x| *x == c)?;
            Some((i, cells.get(i).map_or("", |s| s.trim())))
        };
        let (col, code) = cell(Column::Station)?;
        let station = match stations
            .entry(code.to_string())
            .or_insert_with(|| store.station_by_code(code).ok().map(|s| s.meta.id))
        {
            Some(id) => Some(*id),
            None if code.is_empty() => {
                error(col, "expected the polling station's code".into());
                None
            }
            None => {
                error(
                    col,
                    format!("unknown station code `{code}`: not in the mission's station list"),
                );
                None
            }
        };
        let (col, code) = cell(Column::Team)?;
        let team = self.teams.get(&code.to_uppercase()).copied();
        match (team, self.own_team) {
            (None, _) if code.is_empty() => error(col, "expected the team's code".into()),
            (None, _) => {
                let mut known: Vec<&String> = self.teams.keys().collect();
                known.sort();
                let known: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
                error(
                    col,
                    format!(
                        "unknown team code `{code}` (the mission's teams: {})",
                        known.join(", ")
                    ),
                );
            }
            (Some(_), Some(own)) if !own.eq_ignore_ascii_case(code) => error(
                col,
                format!(
                    "team {code} is not this laptop's team ({own}): import it on a core laptop"
                ),
            ),
            _ => {}
        }
        if let Some((col, v)) = cell(Column::FormVersion)
            && let Ok(v) = v.parse::<u32>()
            && v != self.t.version
        {
            error(
                col,
                format!(
                    "the submission was made with version {v} of the form, not with template {} v{} (--version {v})",
                    self.t.id, self.t.version
                ),
            );
        }
        let instant = |c: Column, error: &mut dyn FnMut(usize, String)| {
            let (i, text) = cell(c).filter(|(_, t)| !t.is_empty())?;
            values::parse_instant(text).map_err(|m| error(i, m)).ok()
        };
        let start = instant(Column::Start, &mut error);
        let submitted = instant(Column::Submitted, &mut error);
        let date = start
            .map(|s| s.date_naive())
            .or_else(|| submitted.map(|s| s.with_timezone(&self.tz).date_naive()));
        let day = Day {
            tz: self.tz,
            date,
            election: self.election,
        };
        let time = |c: Column, error: &mut dyn FnMut(usize, String)| {
            let (i, text) = cell(c).filter(|(_, t)| !t.is_empty())?;
            let parsed = values::parse_time(text).and_then(|(t, o)| day.instant(t, o));
            parsed.map_err(|m| error(i, m)).ok()
        };
        let arrival = time(Column::Arrival, &mut error).or_else(|| {
            start.map(|s| eom_core::time::Timestamp::new(s.with_timezone(&chrono::Utc)))
        });
        let departure = time(Column::Departure, &mut error);
        let arrival_given = cell(Column::Arrival).is_some_and(|(_, t)| !t.is_empty());
        if arrival.is_none() && !arrival_given {
            let col = cell(Column::Arrival)
                .or_else(|| cell(Column::Start))
                .map_or(0, |c| c.0);
            error(col, "expected the arrival time, e.g. 09:05".into());
        }
        if let (Some(a), Some(d)) = (arrival, departure)
            && d < a
        {
            let col = cell(Column::Departure).map_or(0, |c| c.0);
            error(col, "the departure is before the arrival".into());
        }
        let mut answers = eom_core::model::Answers::new();
        let mut votes: HashMap<usize, serde_json::Map<String, Value>> = HashMap::new();
        let mut photos = 0;
        for (i, c) in self.cols.iter().enumerate() {
            let text = cells.get(i).map_or("", |s| s.trim());
            match *c {
                Column::Question(q) => {
                    let q = &self.t.questions[q];
                    if q.kind == AnswerType::Photo && !text.is_empty() {
                        photos += 1;
                    }
                    match values::answer(q, text, &day) {
                        Ok(Some(v)) => {
                            answers.insert(q.code.clone(), v);
                        }
                        Ok(None) => {}
                        Err(m) => error(i, m),
                    }
                }
                Column::Votes(q, n) => match (values::votes(text), self.candidates.get(n - 1)) {
                    (Ok(None), _) => {}
                    (Ok(Some(v)), Some(name)) => {
                        votes.entry(q).or_default().insert(name.clone(), v.into());
                    }
                    (Ok(Some(_)), None) => {
                        error(i, format!("the mission has no candidate number {n}"))
                    }
                    (Err(m), _) => error(i, m),
                },
                _ => {}
            }
        }
        for (q, map) in votes {
            answers.insert(self.t.questions[q].code.clone(), Value::Object(map));
        }
        if !mine.is_empty() {
            errors.append(&mut mine);
            return None;
        }
        Some(Submission {
            station: station?,
            team: team?,
            arrival: arrival?,
            departure,
            submitted: submitted
                .map(|s| eom_core::time::Timestamp::new(s.with_timezone(&chrono::Utc))),
            answers,
            photos,
        })
    }
}
