//! The Excel workbook read back with calamine and compared, cell by cell, with the store it was
//! written from: one sheet per template with a row per live checklist, the visit's columns in the
//! mission's time zone and the answers typed (numbers, times, text, multiple choice as 0/1
//! columns, candidate votes per candidate), hidden answers left out.

mod common;

use std::collections::BTreeSet;

use calamine::Data;
use common::*;
use eom_core::bundle::Bundle;
use eom_core::model::Checklist;
use eom_core::templates::{AnswerType, Template};
use eom_interop::Edition;

/// Answers seen that their display condition hides.
static HIDDEN: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The cell a question column should hold, worked out from the answer on its own.
fn assert_answer(cell: &Data, header: &str, t: &Template, c: &Checklist, b: &Bundle) {
    let (code, part) = header
        .split_once('/')
        .map_or((header, None), |(c, p)| (c, Some(p)));
    let q = t
        .question(code)
        .unwrap_or_else(|| panic!("{header} is no question"));
    let what = format!("{} {header}", c.meta.id);
    let value = c.answers.get(code);
    if value.is_some() && !t.shown_codes(&c.answers).contains(code) {
        HIDDEN.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
    if !t.shown_codes(&c.answers).contains(code) || value.is_none() {
        assert_eq!(cell, &Data::Empty, "{what}: not shown or not answered");
        return;
    }
    let value = value.unwrap();
    match (q.kind, part) {
        (AnswerType::MultipleChoice, None) => {
            let items: Vec<&str> = value
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i.as_str().unwrap())
                .collect();
            assert_eq!(text(cell), items.join(" "), "{what}");
        }
        (AnswerType::MultipleChoice, Some(option)) => {
            let selected = value.as_array().unwrap().iter().any(|i| i == option);
            assert_close(cell, if selected { 1.0 } else { 0.0 }, &what);
        }
        (AnswerType::CandidateVotes, Some(name)) => match value.get(name) {
            Some(n) => assert_close(cell, n.as_f64().unwrap(), &what),
            None => assert_eq!(cell, &Data::Empty, "{what}"),
        },
        (AnswerType::Integer, None) => assert_close(cell, value.as_f64().unwrap(), &what),
        (AnswerType::Time, None) => {
            let t = chrono::NaiveTime::parse_from_str(value.as_str().unwrap(), "%H:%M").unwrap();
            let day = chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            assert!(
                matches!(cell, Data::DateTime(_)),
                "{what}: {cell:?} is a time"
            );
            assert_close(cell, serial(day.and_time(t)), &what);
        }
        (AnswerType::Photo, None) => {
            let names: Vec<&str> = value
                .as_array()
                .unwrap()
                .iter()
                .map(|id| {
                    let a = b
                        .attachments
                        .iter()
                        .find(|a| a.meta.id.to_string() == id.as_str().unwrap());
                    a.unwrap().file_name.as_str()
                })
                .collect();
            assert_eq!(text(cell), names.join("; "), "{what}");
        }
        (_, None) => assert_eq!(text(cell), value.as_str().unwrap(), "{what}"),
        (kind, Some(_)) => panic!("{what}: a {kind:?} question has no part columns"),
    }
}

#[test]
fn checklist_sheets_hold_the_live_checklists_cell_by_cell() {
    let mut m = sample();
    let (path, summary) = write_workbook(&mut m, "en", Edition::Internal, "mission.xlsx");
    let b = m.bundle();
    let sheets = read_xlsx(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "summary",
            "opening",
            "voting",
            "counting",
            "tabulation",
            "codebook",
            "incidents",
            "stations_visited"
        ]
    );
    for (s, (name, rows)) in summary.sheets.iter().zip(&sheets) {
        assert_eq!(
            (s.name.as_str(), s.rows as usize),
            (name.as_str(), rows.len() - 1)
        );
    }

    // Checklist sheets: a row per live checklist of the template, every cell as the store has it.
    let live = live(&b);
    assert!(
        b.checklists.iter().any(|c| c.meta.deleted),
        "the fixture deleted a visit"
    );
    let mut seen = 0;
    let (mut multiple, mut photos) = (0, 0);
    for name in ["opening", "voting", "counting", "tabulation"] {
        let rows = sheet(&sheets, name);
        let col = columns(rows);
        let t = b.templates.iter().find(|t| t.id == name).unwrap();
        let expected: BTreeSet<String> = live
            .iter()
            .filter(|(c, _)| c.template_id == name)
            .map(|(c, _)| c.meta.id.to_string())
            .collect();
        let got: BTreeSet<String> = rows[1..].iter().map(|r| text(&r[0]).to_string()).collect();
        assert_eq!(got, expected, "{name}: the live checklists");
        assert_eq!(rows.len() - 1, expected.len(), "{name}: one row each");
        seen += expected.len();
        let first_question = col["attachments"] + 1;
        for row in &rows[1..] {
            let (c, v) = live
                .iter()
                .find(|(c, _)| c.meta.id.to_string() == text(&row[0]))
                .unwrap();
            let s = b
                .stations
                .iter()
                .find(|s| s.meta.id == v.station_id)
                .unwrap();
            let team = b.teams.iter().find(|t| t.meta.id == v.team_id).unwrap();
            assert_eq!(text(&row[col["visit_id"]]), v.meta.id.to_string());
            assert_eq!(text(&row[col["station_code"]]), s.code);
            assert_eq!(text(&row[col["station_name"]]), s.name);
            assert_eq!(text(&row[col["region"]]), s.region());
            assert_eq!(text(&row[col["setting"]]), s.setting.unwrap().as_str());
            assert_eq!(text(&row[col["team"]]), team.code);
            assert!(matches!(row[col["arrival"]], Data::DateTime(_)));
            assert_close(&row[col["arrival"]], local(&b, v.arrival_at), "arrival");
            assert_close(
                &row[col["departure"]],
                local(&b, v.departure_at.unwrap()),
                "departure",
            );
            assert_close(
                &row[col["submitted"]],
                local(&b, c.submitted_at.unwrap()),
                "submitted",
            );
            assert_eq!(text(&row[col["phase"]]), c.phase.as_str());
            assert_eq!(text(&row[col["review_status"]]), c.review_status.as_str());
            assert_eq!(text(&row[col["visit_notes"]]), v.notes);
            assert_eq!(text(&row[col["review_comment"]]), c.review_comment);
            let observers: Vec<&str> = v
                .observer_ids
                .iter()
                .map(|id| {
                    b.observers
                        .iter()
                        .find(|o| o.meta.id == *id)
                        .unwrap()
                        .name
                        .as_str()
                })
                .collect();
            assert_eq!(text(&row[col["observers"]]), observers.join("; "));
            for (i, header) in rows[0].iter().enumerate().skip(first_question) {
                assert_answer(&row[i], text(header), t, c, &b);
            }
            multiple += row
                .iter()
                .zip(&rows[0])
                .filter(|(cell, h)| {
                    text(h).contains('/') && number(cell) == Some(1.0) && !text(h).starts_with('C')
                })
                .count();
            photos += usize::from(text(&row[col["attachments"]]) == PHOTO);
        }
        // Every question is a column (multiple choice and candidate votes as parts).
        for q in &t.questions {
            assert!(
                col.contains_key(&q.code)
                    || col.keys().any(|h| h.starts_with(&format!("{}/", q.code))),
                "{name}: no column for {}",
                q.code
            );
        }
    }
    assert_eq!(seen, live.len(), "every live checklist is on a sheet");
    assert!(multiple >= 2, "the fixture's two options are 1");
    assert_eq!(photos, 1, "the photo's checklist lists it");
    assert!(
        HIDDEN.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "a hidden answer was checked"
    );
}
