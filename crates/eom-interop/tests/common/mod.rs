//! The sample mission in a temporary database, with what the sample lacks and the exports must
//! handle: coordinates for some stations (from a station list, as a mission imports them), a visit
//! note, a review comment, a photo, a multiple-choice answer and a deleted visit. Plus readers for
//! what the exports wrote.
#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::sync::Arc;

use calamine::{Data, Reader, Xlsx, open_workbook};
use eom_core::Store;
use eom_core::bundle::Bundle;
use eom_core::model::{AttachmentOwner, Phase, ReviewStatus, Station};
use eom_core::templates::AnswerType;
use eom_core::time::{SteppingClock, Timestamp};
use eom_core::{VisitHeader, demo};
use serde_json::json;

pub const NOTE: &str = "=HYPERLINK(\"http://x\",\"y\") the chair asked the team to leave at 10:40";
pub const COMMENT: &str = "Ask T02 about the seal numbers (reviewer only)";
pub const PHOTO: &str = "protocol-photo-T03.png";
pub const PNG: &[u8] = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR";

pub struct Mission {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl Mission {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn bundle(&self) -> Bundle {
        self.store.bundle(None).unwrap()
    }
}

/// `[longitude, latitude]` the fixture gives a station, or None for every third one by code.
pub fn planned_position(index: usize) -> Option<[f64; 2]> {
    (!index.is_multiple_of(3)).then_some([47.5 + index as f64 * 0.01, 40.2 + index as f64 * 0.005])
}

pub fn sample() -> Mission {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(SteppingClock::starting_at(
        Timestamp::parse("2024-02-08T09:00:00Z").unwrap(),
    ));
    let mut store = Store::open_with_clock(&dir.path().join("mission.eom"), clock).unwrap();
    let keys = eom_core::keys::Keys::open(&dir.path().join("keys")).unwrap();
    store.set_laptop_key(keys.public()).unwrap();
    demo::load_sample(&mut store).unwrap();
    let mut m = Mission { dir, store };
    add_coordinates(&mut m);
    let b = m.bundle();

    // A note on the first visit, a review comment on its first checklist.
    let v = &b.visits[0];
    m.store
        .save_visit_header(
            v.meta.id,
            VisitHeader {
                arrival_at: v.arrival_at,
                departure_at: v.departure_at,
                breaks: v.breaks.clone(),
                phases: v.phases.clone(),
                observer_ids: v.observer_ids.clone(),
                interpreter_used: v.interpreter_used,
                voters_on_list: v.voters_on_list,
                voters_voted_at_arrival: v.voters_voted_at_arrival,
                observed_unrestricted: v.observed_unrestricted,
                notes: NOTE.into(),
            },
        )
        .unwrap();
    let first = b
        .checklists
        .iter()
        .find(|c| c.visit_id == v.meta.id)
        .unwrap();
    m.store
        .review_checklist(first.meta.id, ReviewStatus::Flagged, COMMENT)
        .unwrap();

    // A photo of the protocol on a counting checklist.
    let counting = b
        .checklists
        .iter()
        .find(|c| c.phase == Phase::Counting)
        .unwrap();
    let template = b
        .templates
        .iter()
        .find(|t| t.id == counting.template_id && t.version == counting.template_version)
        .unwrap();
    let photo_q = template
        .questions
        .iter()
        .find(|q| q.kind == AnswerType::Photo)
        .unwrap();
    let a = m
        .store
        .attach(
            AttachmentOwner::Checklist,
            counting.meta.id,
            Some(photo_q.code.clone()),
            PHOTO,
            PNG.to_vec(),
        )
        .unwrap();
    m.store
        .save_answer(
            counting.meta.id,
            &photo_q.code,
            Some(json!([a.meta.id.to_string()])),
        )
        .unwrap();

    // Two options of a multiple-choice question, and the answer that shows it.
    let voting = b
        .checklists
        .iter()
        .find(|c| c.phase == Phase::Voting)
        .unwrap();
    let template = b
        .templates
        .iter()
        .find(|t| t.id == voting.template_id && t.version == voting.template_version)
        .unwrap();
    let multi = template
        .questions
        .iter()
        .find(|q| q.kind == AnswerType::MultipleChoice)
        .unwrap();
    if let Some(cond) = &multi.show_if {
        m.store
            .save_answer(voting.meta.id, &cond.code, Some(json!(cond.values[0])))
            .unwrap();
    }
    let picked = json!([multi.options[0].value, multi.options[2].value]);
    m.store
        .save_answer(voting.meta.id, &multi.code, Some(picked))
        .unwrap();
    // The same question answered where it is hidden: the answer is kept, never exported.
    let cond = multi
        .show_if
        .as_ref()
        .expect("the multiple-choice question has a condition");
    let hidden = b
        .checklists
        .iter()
        .find(|c| {
            c.template_id == voting.template_id
                && c.meta.id != voting.meta.id
                && c.answers.get(&cond.code).and_then(|v| v.as_str())
                    != Some(cond.values[0].as_str())
        })
        .unwrap();
    m.store
        .save_answer(
            hidden.meta.id,
            &multi.code,
            Some(json!([multi.options[1].value])),
        )
        .unwrap();

    // A deleted visit: its checklists must not appear.
    let last = b.visits.iter().rev().find(|v| v.phases.len() > 1).unwrap();
    m.store.delete_visit(last.meta.id).unwrap();
    m
}

/// Imports the station list again with coordinates for two stations in three (by code order).
fn add_coordinates(m: &mut Mission) {
    let mut stations: Vec<Station> = m.bundle().stations;
    stations.sort_by(|a, b| a.code.cmp(&b.code));
    for (i, s) in stations.iter_mut().enumerate() {
        let [lon, lat] = planned_position(i).map_or([None, None], |p| p.map(Some));
        (s.latitude, s.longitude) = (lat, lon);
    }
    let path = m.path("stations.csv");
    std::fs::write(&path, eom_core::stations_csv::write(&stations)).unwrap();
    m.store
        .import_stations_csv(&path, false, &mut |_, _| {})
        .unwrap();
}

pub type Sheet = Vec<Vec<Data>>;

/// Every sheet of a workbook: name and rows (the header first).
pub fn read_xlsx(path: &Path) -> Vec<(String, Sheet)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{n} starts at A1");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (n, rows)
        })
        .collect()
}

/// The cell's text ("" for anything but text).
pub fn text(d: &Data) -> &str {
    match d {
        Data::String(s) => s,
        _ => "",
    }
}

/// The cell's number (a date-time's Excel serial number too).
pub fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        Data::DateTime(t) => Some(t.as_f64()),
        _ => None,
    }
}

/// Excel's serial number of a wall-clock time (days since 1899-12-30).
pub fn serial(t: chrono::NaiveDateTime) -> f64 {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (t - epoch).num_milliseconds() as f64 / 86_400_000.0
}

/// Writes the workbook of the mission's store to `name` in its folder.
pub fn write_workbook(
    m: &mut Mission,
    lang: &str,
    edition: eom_interop::Edition,
    name: &str,
) -> (PathBuf, eom_interop::XlsxSummary) {
    let path = m.path(name);
    let opts = eom_interop::XlsxOptions {
        lang: lang.into(),
        edition,
    };
    let summary = eom_interop::write_xlsx(&mut m.store, &opts, &path).unwrap();
    (path, summary)
}

/// A sheet's columns by header.
pub fn columns(sheet: &Sheet) -> std::collections::HashMap<String, usize> {
    sheet[0]
        .iter()
        .enumerate()
        .map(|(i, h)| (text(h).to_string(), i))
        .collect()
}

/// The sheet of that name.
pub fn sheet<'a>(sheets: &'a [(String, Sheet)], name: &str) -> &'a Sheet {
    &sheets.iter().find(|(n, _)| n == name).unwrap().1
}

/// The live checklists (not deleted, under a live visit) with their visit.
pub fn live(b: &Bundle) -> Vec<(&eom_core::model::Checklist, &eom_core::model::Visit)> {
    b.checklists
        .iter()
        .filter(|c| !c.meta.deleted)
        .filter_map(|c| {
            let v = b.visits.iter().find(|v| v.meta.id == c.visit_id)?;
            (!v.meta.deleted).then_some((c, v))
        })
        .collect()
}

/// Excel's serial number of an instant as a wall-clock time in the mission's zone.
pub fn local(b: &Bundle, t: Timestamp) -> f64 {
    let tz = eom_core::time::parse_zone(&b.mission.time_zone).unwrap();
    serial(t.in_zone(tz).naive_local())
}

pub fn assert_close(cell: &Data, expected: f64, what: &str) {
    let got = number(cell).unwrap_or_else(|| panic!("{what}: {cell:?} is not a number"));
    assert!((got - expected).abs() < 1e-6, "{what}: {got} != {expected}");
}
