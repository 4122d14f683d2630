//! One sheet per template version with live checklists: a row per checklist, the visit's columns,
//! then the question columns, typed (see `docs/interop.md`).

use std::collections::BTreeSet;

use chrono::NaiveTime;
use eom_core::model::{Checklist, Visit};
use eom_core::templates::{AnswerType, Choice, Question, Template};
use rust_xlsxwriter::{Worksheet, XlsxError};
use serde_json::Value;

use super::cells::{Cell, Sheet};
use crate::Edition;
use crate::index::Index;

/// The live checklists of one template version, ordered by arrival, station code, id.
pub(crate) struct Group<'a> {
    pub template: &'a Template,
    pub checklists: Vec<(&'a Checklist, &'a Visit)>,
    /// Candidate columns of its candidate-votes questions: the mission's candidates in ballot
    /// order, then any other name found in the answers.
    pub candidates: Vec<String>,
}

impl Group<'_> {
    /// The sheet's name before it is made unique: the template id, with `_vN` after version 1
    /// (as the analyst CSV names its files).
    pub fn base_name(&self) -> String {
        let t = self.template;
        if t.version == 1 {
            t.id.clone()
        } else {
            format!("{}_v{}", t.id, t.version)
        }
    }
}

/// The groups, in election-day order of their phase, then template id and version. Checklists
/// whose template the bundle does not hold are left out (a database always holds them).
pub(crate) fn groups<'a>(ix: &Index<'a>) -> Vec<Group<'a>> {
    let mut keys: Vec<(&str, u32)> = ix
        .live_checklists()
        .map(|(c, _)| (c.template_id.as_str(), c.template_version))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    keys.sort_by_key(|&(id, version)| (ix.template(id, version).map(|t| t.phase), id, version));
    let mut out = Vec::new();
    for (id, version) in keys {
        let Some(template) = ix.template(id, version) else {
            continue;
        };
        let mut checklists: Vec<(&Checklist, &Visit)> = ix
            .live_checklists()
            .filter(|(c, _)| c.template_id == id && c.template_version == version)
            .collect();
        let code = |v: &Visit| ix.station(v.station_id).map(|s| s.code.as_str());
        checklists.sort_by(|(a, va), (b, vb)| {
            (va.arrival_at, code(va), a.meta.id).cmp(&(vb.arrival_at, code(vb), b.meta.id))
        });
        let mut candidates = ix.bundle.mission.candidates.clone();
        let mut others = BTreeSet::new();
        for q in template
            .questions
            .iter()
            .filter(|q| q.kind == AnswerType::CandidateVotes)
        {
            for (c, _) in &checklists {
                if let Some(Value::Object(votes)) = c.answers.get(&q.code) {
                    others.extend(votes.keys().filter(|k| !candidates.contains(k)).cloned());
                }
            }
        }
        candidates.extend(others);
        out.push(Group {
            template,
            checklists,
            candidates,
        });
    }
    out
}

/// One column a question becomes.
pub(crate) enum Column<'t> {
    /// The answer itself; for multiple choice the selected values separated by spaces (ODK's
    /// select_multiple column).
    Answer(&'t Question),
    /// Multiple choice: 1 if the option was selected, 0 if not (`V07/ballots`).
    Choice(&'t Question, &'t Choice),
    /// Candidate votes: one number column per candidate (`C20/Candidate A`).
    Candidate(&'t Question, String),
}

impl Column<'_> {
    pub fn header(&self) -> String {
        match self {
            Column::Answer(q) => q.code.clone(),
            Column::Choice(q, o) => format!("{}/{}", q.code, o.value),
            Column::Candidate(q, name) => format!("{}/{}", q.code, name),
        }
    }
}

/// The columns of one question, in order.
pub(crate) fn question_columns<'t>(q: &'t Question, candidates: &[String]) -> Vec<Column<'t>> {
    match q.kind {
        AnswerType::MultipleChoice => std::iter::once(Column::Answer(q))
            .chain(q.options.iter().map(|o| Column::Choice(q, o)))
            .collect(),
        AnswerType::CandidateVotes => candidates
            .iter()
            .map(|c| Column::Candidate(q, c.clone()))
            .collect(),
        _ => vec![Column::Answer(q)],
    }
}

/// The columns before the questions'.
pub(crate) fn visit_columns(edition: Edition) -> Vec<&'static str> {
    let mut h = vec![
        "checklist_id",
        "visit_id",
        "station_code",
        "station_name",
        "region",
        "setting",
        "team",
        "arrival",
        "departure",
        "phase",
        "submitted",
        "review_status",
    ];
    if edition == Edition::Internal {
        h.extend(["observers", "visit_notes", "review_comment", "attachments"]);
    }
    h
}

/// Writes one group's sheet.
pub(crate) fn write(
    name: &str,
    g: &Group<'_>,
    ix: &Index<'_>,
    edition: Edition,
) -> Result<(Worksheet, u32), XlsxError> {
    let columns: Vec<Column> = g
        .template
        .questions
        .iter()
        .flat_map(|q| question_columns(q, &g.candidates))
        .collect();
    let mut header: Vec<String> = visit_columns(edition)
        .into_iter()
        .map(String::from)
        .collect();
    header.extend(columns.iter().map(Column::header));
    let mut sheet = Sheet::new(name, &header)?;
    for &(c, v) in &g.checklists {
        let station = ix.station(v.station_id);
        let mut row = vec![
            Cell::text(c.meta.id.to_string()),
            Cell::text(v.meta.id.to_string()),
            Cell::text_or_empty(station.map(|s| s.code.as_str()).unwrap_or("")),
            Cell::text_or_empty(station.map(|s| s.name.as_str()).unwrap_or("")),
            Cell::text_or_empty(station.map(|s| s.region()).unwrap_or("")),
            Cell::text_or_empty(station.and_then(|s| s.setting).map_or("", |s| s.as_str())),
            Cell::text_or_empty(ix.team_code(Some(v.team_id))),
            Cell::DateTime(ix.local(v.arrival_at)),
            Cell::opt_datetime(v.departure_at.map(|t| ix.local(t))),
            Cell::text(c.phase.as_str()),
            Cell::opt_datetime(c.submitted_at.map(|t| ix.local(t))),
            Cell::text(c.review_status.as_str()),
        ];
        if edition == Edition::Internal {
            row.extend([
                Cell::text_or_empty(ix.observer_names(&v.observer_ids).join("; ")),
                Cell::text_or_empty(v.notes.as_str()),
                Cell::text_or_empty(c.review_comment.as_str()),
                Cell::text_or_empty(ix.attachment_names(c.meta.id).join("; ")),
            ]);
        }
        let shown = g.template.shown_codes(&c.answers);
        row.extend(columns.iter().map(|col| {
            let q = match col {
                Column::Answer(q) | Column::Choice(q, _) | Column::Candidate(q, _) => q,
            };
            match c.answers.get(&q.code) {
                Some(v) if shown.contains(q.code.as_str()) => cell(col, v, ix, edition),
                // Not answered, or hidden by its display condition (kept, never counted).
                _ => Cell::Empty,
            }
        }));
        sheet.row(row)?;
    }
    let rows = sheet.rows();
    Ok((sheet.finish()?, rows))
}

/// The cell of one column for an answer's value.
pub(crate) fn cell(col: &Column<'_>, v: &Value, ix: &Index<'_>, edition: Edition) -> Cell {
    match (col, v) {
        (Column::Choice(_, o), Value::Array(items)) => {
            Cell::Number(f64::from(u8::from(items.iter().any(|i| i == &o.value))))
        }
        (Column::Candidate(_, name), Value::Object(votes)) => {
            votes.get(name).map_or(Cell::Empty, plain)
        }
        (Column::Choice(..) | Column::Candidate(..), _) => Cell::Empty,
        (Column::Answer(q), v) => match (q.kind, v) {
            (AnswerType::Time, Value::String(s)) => {
                NaiveTime::parse_from_str(s, "%H:%M").map_or_else(|_| plain(v), Cell::Time)
            }
            (AnswerType::Photo, Value::Array(ids)) => match edition {
                // The attachments' names are internal; how many photos there are is not.
                Edition::Public => Cell::count(ids.len()),
                Edition::Internal => Cell::text_or_empty(
                    ids.iter()
                        .filter_map(Value::as_str)
                        .map(|id| ix.attachment_name(id).unwrap_or(id))
                        .collect::<Vec<_>>()
                        .join("; "),
                ),
            },
            _ => plain(v),
        },
    }
}

/// A value as its JSON type says: numbers as numbers, text as text, `true`/`false` as `yes`/`no`,
/// lists as their items separated by spaces, anything else as its JSON text.
fn plain(v: &Value) -> Cell {
    match v {
        Value::Null => Cell::Empty,
        Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
        Value::String(s) => Cell::text_or_empty(s.as_str()),
        Value::Bool(b) => Cell::yes_no(Some(*b)),
        Value::Array(items) => Cell::text_or_empty(
            items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(" "),
        ),
        Value::Object(_) => Cell::text(v.to_string()),
    }
}
