//! The roster screen's lists: the teams with their members counted and the observers with their
//! team's code, the first of each that match a search, and how many there are. A domestic network
//! has thousands of teams and observers: the screen asks for the rows it shows, never for every
//! record.
//!
//! The search is case-insensitive in any script ("иван" finds "Иван") and literal (`%` and `_` are
//! characters like the others): SQL's `eom_contains` (`search.rs`), not LIKE, which folds ASCII
//! letters only.

use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::rows::{Record, get_uuid, meta_from_row, select_sql};
use super::search::fold;
use crate::error::Result;
use crate::model::Observer;

/// The most teams, and the most observers, one answer may hold.
pub const MAX_ROSTER_PAGE: u32 = 200;

/// What the roster screen shows: the first `limit` teams and observers that match `search`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterQuery {
    /// Part of a team's code or area; of an observer's name, nationality, accreditation number or
    /// team code (any case). Empty: everyone.
    #[serde(default)]
    pub search: String,
    /// Teams, and observers, in the answer: at most [`MAX_ROSTER_PAGE`] of each.
    pub limit: u32,
}

/// A team as the roster lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterTeam {
    pub team_id: Uuid,
    pub code: String,
    pub area: String,
    /// Observers (not deleted) in the team.
    pub members: u64,
}

/// An observer as the roster lists it: the record (what a change of team sends back) and the code
/// of its team, if it has one that is not deleted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterObserver {
    pub observer: Observer,
    pub team_code: Option<String>,
}

/// The first matching teams (by code) and observers (by name), and the counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RosterPage {
    pub teams: Vec<RosterTeam>,
    pub observers: Vec<RosterObserver>,
    /// Teams in the mission.
    pub teams_total: u64,
    /// Of those, the ones the search matches (all of them without a search).
    pub teams_matching: u64,
    /// Observers in the mission.
    pub observers_total: u64,
    /// Of those, the ones the search matches (all of them without a search).
    pub observers_matching: u64,
}

/// The text matching `?1` (the folded search) in any of `columns`, or `1` without a search.
fn matches(search: &str, columns: &[&str]) -> String {
    if search.is_empty() {
        return "1".into();
    }
    let any: Vec<String> = columns
        .iter()
        .map(|c| format!("eom_contains({c}, ?1)"))
        .collect();
    format!("({})", any.join(" OR "))
}

impl Store {
    /// The roster screen's answer to `q`: teams by code with their members counted, observers by
    /// name with their team's code, at most `q.limit` (up to [`MAX_ROSTER_PAGE`]) of each, and
    /// how many there are and match. Deleted teams and observers are left out of all of it.
    pub fn roster(&self, q: &RosterQuery) -> Result<RosterPage> {
        let search = fold(q.search.trim());
        // Without a search every row matches and nothing is bound; with one, it is `?1`.
        let bound = if search.is_empty() {
            vec![]
        } else {
            vec![Sql::Text(search.clone())]
        };
        let params = || rusqlite::params_from_iter(&bound);
        let limit = q.limit.min(MAX_ROSTER_PAGE);
        let counts = |sql: &str| -> Result<(u64, u64)> {
            Ok(self.conn.query_row(sql, params(), |r| {
                Ok((r.get::<_, i64>(0)? as u64, r.get::<_, i64>(1)? as u64))
            })?)
        };

        let team_match = matches(&search, &["t.code", "t.area"]);
        let (teams_total, teams_matching) = counts(&format!(
            "SELECT count(*), coalesce(sum({team_match}), 0) FROM teams t WHERE t.deleted = 0"
        ))?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT t.id, t.code, t.area, coalesce(m.n, 0) FROM teams t \
             LEFT JOIN (SELECT team_id, count(*) AS n FROM observers \
                        WHERE deleted = 0 AND team_id IS NOT NULL GROUP BY team_id) m \
                   ON m.team_id = t.id \
             WHERE t.deleted = 0 AND {team_match} ORDER BY t.code, t.id LIMIT {limit}"
        ))?;
        let teams = stmt
            .query_map(params(), |r| {
                Ok(RosterTeam {
                    team_id: get_uuid(r, 0)?,
                    code: r.get(1)?,
                    area: r.get(2)?,
                    members: r.get::<_, i64>(3)? as u64,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        // The observer's columns in `Observer::from_row`'s order, then its team's code.
        let from = format!(
            "FROM ({}) o LEFT JOIN teams t ON t.id = o.team_id AND t.deleted = 0 \
             WHERE o.deleted = 0",
            select_sql::<Observer>()
        );
        let observer_match = matches(
            &search,
            &[
                "o.name",
                "o.nationality",
                "o.accreditation_number",
                "t.code",
            ],
        );
        let (observers_total, observers_matching) = counts(&format!(
            "SELECT count(*), coalesce(sum({observer_match}), 0) {from}"
        ))?;
        let code_at = 6 + Observer::COLS.len();
        let mut stmt = self.conn.prepare(&format!(
            "SELECT o.*, t.code {from} AND {observer_match} \
             ORDER BY o.name, o.id LIMIT {limit}"
        ))?;
        let observers = stmt
            .query_map(params(), |r| {
                Ok(RosterObserver {
                    observer: Observer::from_row(meta_from_row(r)?, r)?,
                    team_code: r.get(code_at)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;

        Ok(RosterPage {
            teams,
            observers,
            teams_total,
            teams_matching,
            observers_total,
            observers_matching,
        })
    }
}
