//! The analyst CSVs (SPEC 5) as a spreadsheet would get them: text that looks like a formula is
//! neutralised, numbers stay numbers, a UTF-8 byte order mark by default (none on request), and
//! every file still parses back as CSV.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eom_core::model::*;
use eom_core::time::Timestamp;
use eom_core::{CsvOptions, NewIncident, NewMission, NewVisit};
use serde_json::json;

const BOM: &[u8] = b"\xEF\xBB\xBF";
const HYPERLINK: &str = r#"=HYPERLINK("http://x","y")"#;

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

/// A mission whose station list, team code, answers and incident hold formula-looking text.
fn hostile_mission() -> common::TempStore {
    let mut t = common::temp_store();
    t.store
        .create_mission(NewMission {
            organisation: "Test org".into(),
            languages: vec!["en".into(), "ru".into(), "az".into()],
            accreditation_ref: "ACC-1".into(),
            candidates: vec!["A".into(), "B".into()],
            ..common::new_mission("Test delegation")
        })
        .unwrap();
    let stations = t.file("stations.csv");
    std::fs::write(
        &stations,
        "code;name;region;district;setting;registered_voters;latitude;longitude\n\
         001;\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";-Bakı;Nəsimi;urban;1000;40.3777;49.892\n\
         002;Школа №2;Gəncə;Kəpəz;rural;800;;\n",
    )
    .unwrap();
    t.store
        .import_stations_csv(&stations, false, &mut |_, _| {})
        .unwrap();
    let team = t.store.save_team("@T1", "Baku").unwrap();
    let station = t.store.station_by_code("001").unwrap();
    let visit = t
        .store
        .start_visit(NewVisit {
            team_id: team.meta.id,
            station_id: station.meta.id,
            arrival_at: at("2024-02-07T06:00:00Z"),
            phases: vec![],
            observer_ids: vec![],
            close_current_visit_at: None,
        })
        .unwrap();
    let c = t
        .store
        .start_or_resume_checklist(visit.meta.id, "voting")
        .unwrap();
    // V36 is the free-text comment; V16 (a number, min 1: a draft keeps -3 with a finding) and
    // its text follow-up V17 are shown when V15 is yes.
    for (code, value) in [
        ("V36", json!(HYPERLINK)),
        ("V15", json!("yes")),
        ("V16", json!(-3)),
        ("V17", json!("+1")),
    ] {
        t.store.save_answer(c.meta.id, code, Some(value)).unwrap();
    }
    t.store
        .record_incident(NewIncident {
            visit_id: Some(visit.meta.id),
            team_id: Some(team.meta.id),
            station_id: Some(station.meta.id),
            occurred_at: at("2024-02-07T07:00:00Z"),
            location: IncidentLocation::ThisStation,
            category: "vote_buying".into(),
            severity: Severity::Minor,
            source: IncidentSource::Observed,
            description: "@SUM(A1)".into(),
            persons: vec!["-x".into(), "Иван".into()],
            witnesses: String::new(),
            commission_informed: Some(true),
            complaint_filed: None,
            follow_up: FollowUp::NotNeeded,
        })
        .unwrap();
    // A second visit, to the station without coordinates.
    let other = t.store.station_by_code("002").unwrap();
    t.store
        .start_visit(NewVisit {
            team_id: team.meta.id,
            station_id: other.meta.id,
            arrival_at: at("2024-02-07T09:00:00Z"),
            phases: vec![],
            observer_ids: vec![],
            close_current_visit_at: Some(at("2024-02-07T08:30:00Z")),
        })
        .unwrap();
    t
}

/// The records of a CSV file (after its BOM, if any) as maps from column name to value.
fn records(path: &Path) -> Vec<HashMap<String, String>> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = bytes.strip_prefix(BOM).unwrap_or(&bytes);
    let mut r = csv::Reader::from_reader(bytes);
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            assert_eq!(rec.len(), header.len(), "{}", path.display());
            header
                .iter()
                .cloned()
                .zip(rec.iter().map(String::from))
                .collect()
        })
        .collect()
}

fn file<'a>(written: &'a [PathBuf], name: &str) -> &'a Path {
    written
        .iter()
        .find(|p| p.file_name().unwrap() == name)
        .unwrap_or_else(|| panic!("{name} not in {written:?}"))
}

#[test]
fn formula_looking_text_is_neutralised_and_numbers_are_not() {
    let mut t = hostile_mission();
    let dir = t.file("csv");
    let written = t.store.export_csv(&dir, CsvOptions::default()).unwrap();

    let checklists = records(file(&written, "checklists_voting.csv"));
    assert_eq!(checklists.len(), 1);
    let row = &checklists[0];
    assert_eq!(row["V36"], format!("'{HYPERLINK}"));
    assert_eq!(row["V17"], "'+1");
    assert_eq!(row["V16"], "-3", "a number answer stays a number");
    assert_eq!(row["V15"], "yes");
    assert_eq!(row["station_code"], "001");
    assert_eq!(row["region"], "'-Bakı");
    assert_eq!(row["team"], "'@T1");
    assert_eq!(row["arrival_at"], "2024-02-07T06:00:00.000Z");

    let incidents = records(file(&written, "incidents.csv"));
    assert_eq!(incidents.len(), 1);
    assert_eq!(incidents[0]["description"], "'@SUM(A1)");
    assert_eq!(incidents[0]["persons"], "'-x|Иван");
    assert_eq!(incidents[0]["team"], "'@T1");
    assert_eq!(incidents[0]["category"], "vote_buying");
    assert_eq!(incidents[0]["commission_informed"], "yes");

    let stations = records(file(&written, "stations_visited.csv"));
    assert_eq!(stations.len(), 2);
    assert_eq!(stations[0]["station_code"], "001");
    assert_eq!(stations[0]["name"], format!("'{HYPERLINK}"));
    assert_eq!(stations[0]["region"], "'-Bakı");
    assert_eq!(stations[0]["registered_voters"], "1000");
    assert_eq!(stations[0]["visits"], "1");
    assert_eq!(stations[0]["teams"], "'@T1");
    // Coordinates as numbers (WGS 84 degrees), empty where the station list has none.
    assert_eq!(stations[0]["latitude"], "40.3777");
    assert_eq!(stations[0]["longitude"], "49.892");
    assert_eq!(stations[1]["station_code"], "002");
    assert_eq!(stations[1]["name"], "Школа №2");
    assert_eq!(stations[1]["latitude"], "");
    assert_eq!(stations[1]["longitude"], "");

    // The labels keep their Cyrillic and Azerbaijani text.
    let labels = records(file(&written, "checklists_voting_labels.csv"));
    let v36 = labels.iter().find(|l| l["code"] == "V36").unwrap();
    assert!(v36["label_ru"].chars().any(|c| ('а'..='я').contains(&c)));
    assert!(!v36["label_az"].is_empty());

    // No cell anywhere still starts with a formula trigger.
    for path in &written {
        for rec in records(path) {
            for (column, value) in rec {
                assert!(
                    !value.starts_with(['=', '+', '@', '\t', '\r'])
                        && (!value.starts_with('-') || column == "V16"),
                    "{}: {column} = {value:?}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn files_start_with_a_bom_by_default_and_without_one_on_request() {
    let mut t = common::sample_store();
    let with = t.file("with");
    let without = t.file("without");
    let written = t.store.export_csv(&with, CsvOptions::default()).unwrap();
    let plain = t
        .store
        .export_csv(&without, CsvOptions { bom: false })
        .unwrap();
    assert_eq!(written.len(), plain.len());
    assert!(written.len() >= 4, "{written:?}");
    for (a, b) in written.iter().zip(&plain) {
        assert_eq!(a.file_name(), b.file_name());
        let a_bytes = std::fs::read(a).unwrap();
        let b_bytes = std::fs::read(b).unwrap();
        assert!(a_bytes.starts_with(BOM), "{}", a.display());
        assert!(!b_bytes.starts_with(BOM), "{}", b.display());
        assert_eq!(&a_bytes[BOM.len()..], &b_bytes[..], "only the BOM differs");
        assert!(std::str::from_utf8(&b_bytes).is_ok());
        // Both parse back, with the same header: the csv crate skips the BOM itself.
        for path in [a, b] {
            let mut r = csv::Reader::from_path(path).unwrap();
            let first = r.headers().unwrap().get(0).unwrap().to_string();
            assert!(!first.starts_with('\u{feff}'), "{first:?}");
            assert!(r.records().all(|rec| rec.is_ok()), "{}", path.display());
        }
    }
    let voting = records(file(&written, "checklists_voting.csv"));
    assert_eq!(voting.len(), 40);
}

/// The coordinate columns come last, so scripts that read the older columns by position still work.
#[test]
fn stations_visited_ends_with_the_coordinates_of_the_station_list() {
    let mut t = common::sample_store();
    let dir = t.file("csv");
    let written = t.store.export_csv(&dir, CsvOptions::default()).unwrap();
    let path = file(&written, "stations_visited.csv");
    let mut r = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "station_code",
            "name",
            "region",
            "setting",
            "registered_voters",
            "visits",
            "teams",
            "phases",
            "kind",
            "latitude",
            "longitude"
        ]
    );
    let rows = records(path);
    assert!(!rows.is_empty());
    for row in &rows {
        let station = t.store.station_by_code(&row["station_code"]).unwrap();
        for (column, value) in [
            ("latitude", station.latitude),
            ("longitude", station.longitude),
        ] {
            match value {
                Some(x) => assert_eq!(row[column].parse::<f64>().unwrap(), x, "{row:?}"),
                None => assert_eq!(row[column], "", "{row:?}"),
            }
        }
    }
}

#[test]
fn exporting_again_replaces_the_files_and_leaves_no_temporary_ones() {
    let mut t = common::sample_store();
    let dir = t.file("csv");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("incidents.csv"), "stale").unwrap();
    let first = t.store.export_csv(&dir, CsvOptions::default()).unwrap();
    let second = t.store.export_csv(&dir, CsvOptions::default()).unwrap();
    assert_eq!(first, second);
    let mut listed: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    listed.sort();
    let mut expected = second.clone();
    expected.sort();
    assert_eq!(
        listed, expected,
        "only the exported files, no temporary ones"
    );
    let incidents = std::fs::read(dir.join("incidents.csv")).unwrap();
    assert!(incidents.starts_with(b"\xEF\xBB\xBFincident_id,"));
}
