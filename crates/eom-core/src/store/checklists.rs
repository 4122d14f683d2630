//! Checklists and their answers: one row per answer, saved one answer per transaction.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use super::rows;
use super::{ChecklistState, Store};
use crate::error::{Error, Result};
use crate::model::{Answers, Checklist, ReviewStatus, Visit};
use crate::templates::{QuestionRole, Template};
use crate::time::Timestamp;
use crate::validate::{self, Finding};

/// What the app shows after an autosave.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SavedAnswer {
    pub checklist_id: Uuid,
    pub code: String,
    pub revision: i64,
    pub saved_at: Timestamp,
    /// The checklist as its form now shows it: findings, questions shown, problem answers.
    #[serde(flatten)]
    pub state: ChecklistState,
}

fn seq_of(conn: &Connection, id: Uuid) -> Result<i64> {
    conn.query_row(
        "SELECT seq FROM checklists WHERE id = ?1",
        [id.to_string()],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "checklist",
        id: id.to_string(),
    })
}

pub(crate) fn load_answers(conn: &Connection, seq: i64) -> Result<Answers> {
    let mut stmt =
        conn.prepare_cached("SELECT code, value FROM answers WHERE checklist_seq = ?1")?;
    let rows = stmt.query_map([seq], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut answers = Answers::new();
    for row in rows {
        let (code, value) = row?;
        answers.insert(
            code,
            serde_json::from_str(&value).unwrap_or(Value::String(value)),
        );
    }
    Ok(answers)
}

/// A stored checklist with its answers, tombstone or not.
pub(crate) fn load_checklist(conn: &Connection, id: Uuid) -> Result<Option<Checklist>> {
    let Some(mut c) = rows::load::<Checklist>(conn, id)? else {
        return Ok(None);
    };
    c.answers = load_answers(conn, seq_of(conn, id)?)?;
    Ok(Some(c))
}

fn assessment_of(t: Option<&Template>, answers: &Answers) -> Option<String> {
    let q = t?.with_role(QuestionRole::OverallAssessment)?;
    answers.get(&q.code)?.as_str().map(str::to_string)
}

/// Members present and women among them (SPEC 4.7): both shown, both whole numbers, or neither.
fn members_of(
    t: &Template,
    answers: &Answers,
    shown: &crate::fnv::CodeSet<'_>,
) -> Option<(u64, u64)> {
    let number = |role| {
        let q = t.with_role(role)?;
        shown.contains(q.code.as_str()).then_some(())?;
        answers
            .get(&q.code)?
            .as_u64()
            .filter(|n| i64::try_from(*n).is_ok())
    };
    Some((
        number(QuestionRole::MembersPresent)?,
        number(QuestionRole::MembersWomen)?,
    ))
}

/// Answers counted by (template, code, value): the changes to `answer_counts` gathered during a
/// transaction and written once at its end, or the statistics' tally of the answers they read.
/// Nested maps so the common case (a key seen before) looks up by `&str` without allocating.
#[derive(Default)]
pub(crate) struct CountDeltas(Map<String, Map<String, Map<String, i64>>>);

type Map<K, V> = HashMap<K, V, crate::fnv::FnvBuild>;

impl CountDeltas {
    pub(crate) fn add(&mut self, template_id: &str, code: &str, value: &str, by: i64) {
        let by_code = match self.0.get_mut(template_id) {
            Some(m) => m,
            None => self.0.entry(template_id.to_string()).or_default(),
        };
        let by_value = match by_code.get_mut(code) {
            Some(m) => m,
            None => by_code.entry(code.to_string()).or_default(),
        };
        match by_value.get_mut(value) {
            Some(n) => *n += by,
            None => {
                by_value.insert(value.to_string(), by);
            }
        }
    }

    /// The counts by template, then code, then value.
    pub(crate) fn into_counts(self) -> Map<String, Map<String, Map<String, i64>>> {
        self.0
    }

    pub(crate) fn flush(self, conn: &Connection) -> Result<()> {
        let mut up = conn.prepare_cached(
            "INSERT INTO answer_counts (template_id, code, value, n) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT DO UPDATE SET n = n + excluded.n",
        )?;
        // Only counts that went down can reach zero: remove just those, not by scanning the table.
        let mut gone = conn.prepare_cached(
            "DELETE FROM answer_counts WHERE template_id = ?1 AND code = ?2 AND value = ?3 AND n <= 0",
        )?;
        for (t, codes) in self.0 {
            for (c, values) in codes {
                for (v, n) in values.into_iter().filter(|(_, n)| *n != 0) {
                    up.execute(params![t, c, v, n])?;
                    if n < 0 {
                        gone.execute(params![t, c, v])?;
                    }
                }
            }
        }
        Ok(())
    }
}

const ANSWERS_PER_INSERT: usize = 64;

/// `INSERT … VALUES (…), (…)` for `rows` answers, built once per row count.
fn insert_answers_sql(rows: usize) -> &'static str {
    use std::sync::OnceLock;
    static SQL: OnceLock<Vec<String>> = OnceLock::new();
    let all = SQL.get_or_init(|| {
        (0..=ANSWERS_PER_INSERT)
            .map(|n| {
                // The checklist's seq is bound once, as ?1, for every row. OR IGNORE cannot skip
                // a row here (the codes are a map's keys, the values never NULL, and the
                // checklist's old rows are deleted first), but without a conflict that could
                // abort the statement SQLite keeps no statement journal: 4 % of an import.
                let tuples = (0..n)
                    .map(|i| format!("(?1, ?{}, ?{}, ?{})", 3 * i + 2, 3 * i + 3, 3 * i + 4))
                    .collect::<Vec<_>>()
                    .join(", ");
                format!("INSERT OR IGNORE INTO answers (checklist_seq, code, value, shown) VALUES {tuples}")
            })
            .collect()
    });
    &all[rows.min(ANSWERS_PER_INSERT)]
}

/// What a checklist's rows hold besides the checklist's own fields, derived from its answers and
/// template without the database: what the statistics read from a checklist (its overall
/// assessment, failed protocol checks, members present and women, shown answers, "not observed"
/// answers and the answers they read by value: `migrations/0006_checklist_figures.sql`), so they
/// never re-read the answers of thousands of checklists; and each answer's stored text and
/// whether it is shown. An import derives these on a second thread while the first one writes
/// (`bundle::derive`).
pub(crate) struct Derived {
    assessment: Option<String>,
    failures: Option<String>,
    /// The commission members present and the women among them, when both are shown whole numbers.
    members: Option<(u64, u64)>,
    answers_shown: i64,
    answers_not_observed: i64,
    /// The shown answers to flagged questions and to the chair question, "code<TAB>value" lines.
    figure_answers: String,
    /// The stored text and the shown flag of each answer, in `answers` order (by code). Empty for
    /// a tombstone: tombstones keep no answers.
    answers: Vec<(String, bool)>,
}

impl Derived {
    pub(crate) fn of(c: &Checklist, t: Option<&Template>) -> Derived {
        if c.meta.deleted {
            return Derived {
                assessment: None,
                failures: None,
                members: None,
                answers_shown: 0,
                answers_not_observed: 0,
                figure_answers: String::new(),
                answers: Vec::new(),
            };
        }
        let failures = t
            .map(|t| validate::protocol_checks(t, &c.answers))
            .filter(|f| !f.is_empty())
            .map(|f| serde_json::to_string(&f).unwrap_or_default());
        let shown = t.map(|t| t.shown_codes(&c.answers));
        let answers: Vec<(String, bool)> = c
            .answers
            .iter()
            .map(|(code, v)| {
                let visible = shown.as_ref().is_none_or(|s| s.contains(code.as_str()));
                (v.to_string(), visible)
            })
            .collect();
        let mut d = Derived {
            assessment: assessment_of(t, &c.answers),
            failures,
            members: t.and_then(|t| members_of(t, &c.answers, shown.as_ref()?)),
            answers_shown: 0,
            answers_not_observed: 0,
            figure_answers: String::new(),
            answers: Vec::new(),
        };
        for (code, (text, visible)) in c.answers.keys().zip(&answers) {
            if !visible {
                continue;
            }
            d.answers_shown += 1;
            if text == "\"not_observed\"" {
                d.answers_not_observed += 1;
            }
            if let Some(q) = t.and_then(|t| t.question(code))
                && (q.is_flagged() || q.role == Some(QuestionRole::ChairWoman))
            {
                if !d.figure_answers.is_empty() {
                    d.figure_answers.push('\n');
                }
                d.figure_answers.push_str(code);
                d.figure_answers.push('\t');
                d.figure_answers.push_str(text);
            }
        }
        d.answers = answers;
        d
    }

    /// Adds the shown answers to the counts (what writing the checklist adds to `answer_counts`).
    pub(crate) fn count(&self, c: &Checklist, deltas: &mut CountDeltas) {
        for (code, (text, shown)) in c.answers.keys().zip(&self.answers) {
            if *shown {
                deltas.add(&c.template_id, code, text, 1);
            }
        }
    }
}

/// Writes a whole checklist (row and answers), as merge, review and deletion do. `is_new` skips
/// looking for answers to replace.
pub(crate) fn write_checklist(
    conn: &Connection,
    c: &Checklist,
    t: Option<&Template>,
    is_new: bool,
    deltas: &mut CountDeltas,
) -> Result<()> {
    let derived = Derived::of(c, t);
    write_derived(conn, c, &derived, is_new, deltas)?;
    derived.count(c, deltas);
    Ok(())
}

/// Writes the checklist's row and answers from what was derived of it; `deltas` gets the counts
/// of the answers replaced (the caller counts the new ones: `Derived::count`).
pub(crate) fn write_derived(
    conn: &Connection,
    c: &Checklist,
    d: &Derived,
    is_new: bool,
    deltas: &mut CountDeltas,
) -> Result<()> {
    // The stored row, if any: its answers are replaced, and their counts are under the template
    // that row names.
    let before: Option<(i64, String)> = if is_new {
        None
    } else {
        conn.prepare_cached("SELECT seq, template_id FROM checklists WHERE id = ?1")?
            .query_row([c.meta.id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?
    };
    rows::write_patched(conn, c, is_new, |values| {
        let n = values.len();
        let text = |s: &Option<String>| {
            s.clone()
                .map_or(rusqlite::types::Value::Null, rusqlite::types::Value::Text)
        };
        values[n - 7] = text(&d.assessment);
        values[n - 6] = text(&d.failures);
        let number = |x: Option<u64>| x.map_or(rusqlite::types::Value::Null, |x| (x as i64).into());
        values[n - 5] = number(d.members.map(|m| m.0));
        values[n - 4] = number(d.members.map(|m| m.1));
        if !c.meta.deleted {
            values[n - 3] = d.answers_shown.into();
            values[n - 2] = d.answers_not_observed.into();
            values[n - 1] = d.figure_answers.clone().into();
        }
    })?;
    let seq = match &before {
        Some((seq, _)) => *seq,
        None if is_new => conn.last_insert_rowid(),
        None => seq_of(conn, c.meta.id)?,
    };
    if let Some((_, template_id)) = &before {
        let mut del = conn.prepare_cached(
            "DELETE FROM answers WHERE checklist_seq = ?1 RETURNING code, value, shown",
        )?;
        let mut gone = del.query([seq])?;
        while let Some(r) = gone.next()? {
            if r.get::<_, bool>(2)? {
                deltas.add(
                    template_id,
                    r.get_ref(0)?.as_str()?,
                    r.get_ref(1)?.as_str()?,
                    -1,
                );
            }
        }
    }
    // One multi-row INSERT per checklist: a bulk import writes millions of answers, and one
    // statement per row spends most of its time in statement overhead.
    let mut answers = c.answers.keys().zip(&d.answers);
    let mut values: Vec<&dyn rusqlite::ToSql> = Vec::with_capacity(1 + ANSWERS_PER_INSERT * 3);
    let mut left = d.answers.len().min(c.answers.len());
    while left > 0 {
        let rows = left.min(ANSWERS_PER_INSERT);
        left -= rows;
        values.clear();
        values.push(&seq);
        for (code, (text, shown)) in answers.by_ref().take(rows) {
            values.extend([code as &dyn rusqlite::ToSql, text, shown]);
        }
        conn.prepare_cached(insert_answers_sql(rows))?
            .execute(values.as_slice())?;
    }
    Ok(())
}

/// `write_checklist` for a single change: the counts are written in the same transaction.
pub(crate) fn write_one(conn: &Connection, c: &Checklist, t: Option<&Template>) -> Result<()> {
    let mut deltas = CountDeltas::default();
    write_checklist(conn, c, t, false, &mut deltas)?;
    deltas.flush(conn)?;
    // The entry hashes the checklist with its answers: one small SHA-256 per autosave.
    rows::chain_local(conn, c)
}

impl Store {
    /// The visit's checklist for a template (the newest version), created if it has none yet.
    pub fn start_or_resume_checklist(
        &mut self,
        visit_id: Uuid,
        template_id: &str,
    ) -> Result<Checklist> {
        let visit: Visit = self.require(visit_id)?;
        let existing: Vec<Checklist> = rows::load_where(
            &self.conn,
            &format!(
                "WHERE deleted = 0 AND visit_id = '{visit_id}' AND template_id = '{}' ORDER BY created_at LIMIT 1",
                template_id.replace('\'', "")
            ),
        )?;
        if let Some(c) = existing.into_iter().next() {
            return self.checklist(c.meta.id);
        }
        let t = self.latest_template(template_id)?;
        let c = Checklist {
            meta: self.new_meta(),
            visit_id,
            template_id: t.id.clone(),
            template_version: t.version,
            phase: t.phase,
            submitted_at: None,
            review_status: ReviewStatus::None,
            review_comment: String::new(),
            answers: Answers::new(),
        };
        let mut visit = visit;
        let add_phase = !visit.phases.contains(&t.phase);
        if add_phase {
            visit.phases.push(t.phase);
            self.touch(&mut visit.meta);
        }
        self.write(|tx| {
            if add_phase {
                rows::save(tx, &visit)?;
            }
            write_one(tx, &c, Some(&t))
        })?;
        Ok(c)
    }

    /// A checklist with its answers.
    pub fn checklist(&self, id: Uuid) -> Result<Checklist> {
        load_checklist(&self.conn, id)?
            .filter(|c| !c.meta.deleted)
            .ok_or_else(|| Error::NotFound {
                kind: "checklist",
                id: id.to_string(),
            })
    }

    pub fn checklists_for_visit(&self, visit_id: Uuid) -> Result<Vec<Checklist>> {
        let list: Vec<Checklist> = rows::load_where(
            &self.conn,
            &format!("WHERE deleted = 0 AND visit_id = '{visit_id}' ORDER BY created_at"),
        )?;
        list.into_iter()
            .map(|c| self.checklist(c.meta.id))
            .collect()
    }

    /// Saves one answer (`None` clears it) in its own transaction. Never refused for validation:
    /// the findings come back for display. Only an unknown question code is an error.
    pub fn save_answer(
        &mut self,
        checklist_id: Uuid,
        code: &str,
        value: Option<Value>,
    ) -> Result<SavedAnswer> {
        let mut c: Checklist = self.require(checklist_id)?;
        let t = self.template(&c.template_id, c.template_version)?;
        if t.question(code).is_none() {
            return Err(Error::invalid(
                "question",
                format!("{code} is not a question of the {} checklist", t.id),
            ));
        }
        let candidates = self.mission()?.candidates;
        self.touch(&mut c.meta);
        let result = self.write(|tx| {
            let seq = seq_of(tx, checklist_id)?;
            let mut answers = load_answers(tx, seq)?;
            match value.filter(|v| !v.is_null()) {
                Some(v) => {
                    answers.insert(code.to_string(), v);
                }
                None => {
                    answers.remove(code);
                }
            }
            c.answers = answers;
            // Rewriting a checklist's ~40 answer rows costs about as much as diffing them, and
            // keeps the `shown` flags exact when the answer changes what is displayed.
            write_one(tx, &c, Some(&t))?;
            Ok(())
        });
        result?;
        Ok(SavedAnswer {
            checklist_id,
            code: code.to_string(),
            revision: c.meta.revision,
            saved_at: c.meta.updated_at,
            state: ChecklistState::of(&t, &c.answers, &candidates),
        })
    }

    /// The findings that stop the checklist from being submitted (empty when it can be).
    pub fn checklist_findings(&mut self, id: Uuid) -> Result<Vec<Finding>> {
        let c = self.checklist(id)?;
        let t = self.template(&c.template_id, c.template_version)?;
        let candidates = self.mission()?.candidates;
        Ok(validate::validate_checklist(&t, &c.answers, &candidates))
    }

    /// Submits the checklist if it has no findings; otherwise lists them all.
    pub fn submit_checklist(&mut self, id: Uuid) -> Result<Checklist> {
        let findings = self.checklist_findings(id)?;
        if !findings.is_empty() {
            return Err(Error::NotSubmittable(findings));
        }
        let mut c = self.checklist(id)?;
        let t = self.template(&c.template_id, c.template_version)?;
        c.submitted_at = Some(self.now());
        self.touch(&mut c.meta);
        self.write(|tx| write_one(tx, &c, Some(&t)))?;
        Ok(c)
    }

    /// The core team's review: flag or approve, with a comment.
    pub fn review_checklist(
        &mut self,
        id: Uuid,
        status: ReviewStatus,
        comment: &str,
    ) -> Result<Checklist> {
        let mut c = self.checklist(id)?;
        let t = self.template(&c.template_id, c.template_version)?;
        c.review_status = status;
        c.review_comment = comment.trim().to_string();
        self.touch(&mut c.meta);
        self.write(|tx| write_one(tx, &c, Some(&t)))?;
        Ok(c)
    }
}
