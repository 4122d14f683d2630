//! The review screen's rows: checklists with their visit's station and team, filtered, ordered and
//! counted in SQL one page at a time. A 20,000-visit mission has some 60,000 checklists: the screen
//! asks for the hundred it shows, never for every record.

use rusqlite::types::Value as Sql;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Store;
use super::rows::get_uuid;
use crate::error::Result;
use crate::model::{Assessment, Phase, ReviewStatus};
use crate::time::Timestamp;

/// The most rows one page may ask for.
pub const MAX_REVIEW_PAGE: u32 = 500;

/// The review screen's filters and the page it shows.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewQuery {
    /// Team code (case does not matter).
    #[serde(default)]
    pub team: Option<String>,
    /// The station's region (its top administrative level), exactly.
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub phase: Option<Phase>,
    /// Only checklists assessed bad or very bad.
    #[serde(default)]
    pub negative_only: bool,
    #[serde(default)]
    pub review_status: Option<ReviewStatus>,
    /// Part of the station's code or name (ASCII letters in any case).
    #[serde(default)]
    pub search: String,
    #[serde(default)]
    pub offset: u32,
    /// Rows on the page, at most [`MAX_REVIEW_PAGE`].
    pub limit: u32,
}

/// One checklist as the review list shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewRow {
    pub checklist_id: Uuid,
    pub visit_id: Uuid,
    pub team: String,
    pub station_code: String,
    pub station_name: String,
    pub region: String,
    pub arrival_at: Timestamp,
    pub phase: Phase,
    /// The checklist's overall assessment, if answered.
    pub assessment: Option<Assessment>,
    pub submitted: bool,
    pub review_status: ReviewStatus,
}

/// A page of rows and the counts of everything the filters keep.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ReviewPage {
    pub rows: Vec<ReviewRow>,
    /// Checklists the filters keep, on every page.
    pub total: u64,
    /// Of those, assessed bad or very bad.
    pub negative: u64,
    /// Of those, not reviewed yet.
    pub not_reviewed: u64,
    pub offset: u32,
}

const FROM: &str = "FROM checklists c \
     JOIN visits v ON v.id = c.visit_id \
     JOIN stations s ON s.id = v.station_id \
     JOIN teams t ON t.id = v.team_id \
     WHERE c.deleted = 0 AND v.deleted = 0";

const NEGATIVE: &str = "c.assessment IN ('bad', 'very_bad')";

/// A checklist's phase in the order of election day (opening, voting, counting, tabulation, then
/// the rest), for `ORDER BY`; the election-day screen orders a visit's checklists the same way.
pub(super) const PHASE_ORDER: &str = "CASE c.phase WHEN 'opening' THEN 0 WHEN 'voting' THEN 1 \
     WHEN 'counting' THEN 2 WHEN 'tabulation' THEN 3 ELSE 4 END";

impl Store {
    /// One page of the review list: by team, then arrival, then phase (opening, voting, counting,
    /// tabulation, …), with the totals of all pages.
    pub fn review_rows(&self, q: &ReviewQuery) -> Result<ReviewPage> {
        let (conditions, params) = conditions(q);
        let (total, negative, not_reviewed) = self.conn.query_row(
            &format!(
                "SELECT count(*), coalesce(sum({NEGATIVE}), 0), \
                 coalesce(sum(c.review_status = 'none'), 0) {FROM}{conditions}"
            ),
            rusqlite::params_from_iter(&params),
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        let mut page = params;
        page.push(Sql::Integer(i64::from(q.limit.min(MAX_REVIEW_PAGE))));
        page.push(Sql::Integer(i64::from(q.offset)));
        let mut stmt = self.conn.prepare(&format!(
            "SELECT c.id, c.visit_id, t.code, s.code, s.name, s.region, v.arrival_at, c.phase, \
             c.assessment, c.submitted_at IS NOT NULL, c.review_status {FROM}{conditions} \
             ORDER BY t.code, v.arrival_at, {PHASE_ORDER}, c.id LIMIT ? OFFSET ?"
        ))?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(&page), |r| {
                Ok(ReviewRow {
                    checklist_id: get_uuid(r, 0)?,
                    visit_id: get_uuid(r, 1)?,
                    team: r.get(2)?,
                    station_code: r.get(3)?,
                    station_name: r.get(4)?,
                    region: r.get(5)?,
                    arrival_at: r.get(6)?,
                    phase: r.get(7)?,
                    assessment: r.get(8)?,
                    submitted: r.get(9)?,
                    review_status: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(ReviewPage {
            rows,
            total: total as u64,
            negative: negative as u64,
            not_reviewed: not_reviewed as u64,
            offset: q.offset,
        })
    }
}

/// The `AND …` clauses of the filters and their parameters, in order.
fn conditions(q: &ReviewQuery) -> (String, Vec<Sql>) {
    let mut sql = String::new();
    let mut params = Vec::new();
    if let Some(team) = &q.team {
        sql.push_str(" AND t.code = ? COLLATE NOCASE");
        params.push(Sql::Text(team.clone()));
    }
    if let Some(region) = &q.region {
        sql.push_str(" AND s.region = ?");
        params.push(Sql::Text(region.clone()));
    }
    if let Some(phase) = q.phase {
        sql.push_str(" AND c.phase = ?");
        params.push(Sql::Text(phase.as_str().into()));
    }
    if let Some(status) = q.review_status {
        sql.push_str(" AND c.review_status = ?");
        params.push(Sql::Text(status.as_str().into()));
    }
    if q.negative_only {
        sql.push_str(&format!(" AND {NEGATIVE}"));
    }
    let search = q.search.trim();
    if !search.is_empty() {
        // LIKE is case-insensitive for ASCII; `%` and `_` typed by the user are taken literally.
        let escaped = search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push_str(" AND (s.code LIKE ? ESCAPE '\\' OR s.name LIKE ? ESCAPE '\\')");
        let pattern = Sql::Text(format!("%{escaped}%"));
        params.push(pattern.clone());
        params.push(pattern);
    }
    (sql, params)
}
