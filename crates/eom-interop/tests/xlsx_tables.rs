//! The workbook's other sheets read back and compared with the store: the codebook with the
//! templates, the summary with `Store::statistics` (every figure and denominator traced to
//! `eom stats --json`), the incidents and the stations visited with the records.

mod common;

use std::collections::BTreeSet;

use calamine::Data;
use common::*;
use eom_core::stats::StatsFilter;
use eom_core::templates::AnswerType;
use eom_interop::Edition;
use serde_json::Value;

fn workbook() -> (Mission, Vec<(String, Sheet)>) {
    let mut m = sample();
    let (path, _) = write_workbook(&mut m, "en", Edition::Internal, "mission.xlsx");
    let sheets = read_xlsx(&path);
    (m, sheets)
}

#[test]
fn the_codebook_lists_every_question_of_every_sheet() {
    let (m, sheets) = workbook();
    let b = m.bundle();
    // The codebook: one row per question of each sheet's template, in English.
    let codebook = sheet(&sheets, "codebook");
    let col = columns(codebook);
    let questions: usize = ["opening", "voting", "counting", "tabulation"]
        .iter()
        .map(|id| {
            b.templates
                .iter()
                .find(|t| t.id == *id)
                .unwrap()
                .questions
                .len()
        })
        .sum();
    assert_eq!(codebook.len() - 1, questions);
    for row in &codebook[1..] {
        let sheet_name = text(&row[col["sheet"]]);
        let t = b.templates.iter().find(|t| t.id == sheet_name).unwrap();
        let q = t.question(text(&row[col["code"]])).unwrap();
        assert_eq!(text(&row[col["question"]]), q.label("en"));
        let kind = serde_json::to_value(q.kind).unwrap();
        assert_eq!(text(&row[col["type"]]), kind.as_str().unwrap());
        assert_eq!(
            text(&row[col["required"]]),
            if q.required { "yes" } else { "no" }
        );
        let options = text(&row[col["options"]]);
        for o in &q.options {
            assert!(
                options.contains(&format!("{} = {}", o.value, o.label["en"])),
                "{options}"
            );
        }
        if q.kind == AnswerType::YesNo {
            assert_eq!(options, "yes = Yes\nno = No\nnot_observed = Not observed");
        }
        assert_eq!(
            text(&row[col["problem_answers"]]),
            q.problem_answers().join(", ")
        );
        match &q.show_if {
            Some(c) if c.values.len() == 1 => {
                assert_eq!(
                    text(&row[col["display_condition"]]),
                    format!("{} = {}", c.code, c.values[0])
                )
            }
            Some(c) => assert!(
                text(&row[col["display_condition"]]).starts_with(&format!("{} in (", c.code))
            ),
            None => assert_eq!(row[col["display_condition"]], Data::Empty),
        }
        // The columns it lists are the sheet's.
        let headers = columns(sheet(&sheets, sheet_name));
        for c in text(&row[col["columns"]]).split(", ") {
            assert!(headers.contains_key(c), "{sheet_name} has no column {c}");
        }
    }
}

#[test]
fn the_summary_holds_the_figures_of_eom_stats_with_their_denominators() {
    let (mut m, sheets) = workbook();
    // The summary: every figure and denominator is the one `eom stats --json` prints.
    let stats = serde_json::to_value(m.store.statistics(&StatsFilter::default()).unwrap()).unwrap();
    let summary_sheet = sheet(&sheets, "summary");
    let col = columns(summary_sheet);
    let mut checked = 0;
    for row in &summary_sheet[1..] {
        for (value, source) in [("value", "value_source"), ("of", "of_source")] {
            let source = text(&row[col[source]]);
            if source.is_empty() {
                continue;
            }
            let expected = stats
                .pointer(source)
                .unwrap_or_else(|| panic!("no {source}"));
            let cell = &row[col[value]];
            match expected {
                Value::Array(items) => assert_close(cell, items.len() as f64, source),
                Value::Number(n) => assert_close(cell, n.as_f64().unwrap(), source),
                Value::String(s) => assert_eq!(text(cell), s, "{source}"),
                other => panic!("{source}: {other}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} figures traced");
    let row_of = |figure: &str| {
        summary_sheet
            .iter()
            .find(|r| text(&r[col["figure"]]) == figure)
            .unwrap_or_else(|| panic!("{figure}"))
    };
    let visited = row_of("stations visited");
    assert_close(
        &visited[col["of"]],
        stats["coverage"]["stations_total"].as_f64().unwrap(),
        "of",
    );
    assert_eq!(
        text(&visited[col["share"]]),
        stats["coverage"]["stations_visited_display"]
    );
    let voting_negative = row_of("voting: assessed negatively");
    assert_eq!(
        text(&voting_negative[col["share"]]),
        stats["assessments"]["voting"]["negative_display"]
    );
    let problems = summary_sheet
        .iter()
        .filter(|r| text(&r[col["section"]]) == "problem rates")
        .count();
    assert_eq!(problems, stats["problems"].as_array().unwrap().len());
}

#[test]
fn the_incidents_sheet_holds_the_live_incidents() {
    let (m, sheets) = workbook();
    let b = m.bundle();
    // Incidents: every live one, with the internal columns.
    let incidents = sheet(&sheets, "incidents");
    let col = columns(incidents);
    let live_incidents: Vec<_> = b.incidents.iter().filter(|i| !i.meta.deleted).collect();
    assert!(!live_incidents.is_empty());
    assert_eq!(incidents.len() - 1, live_incidents.len());
    for row in &incidents[1..] {
        let i = live_incidents
            .iter()
            .find(|i| i.meta.id.to_string() == text(&row[0]))
            .unwrap();
        assert_close(&row[col["occurred"]], local(&b, i.occurred_at), "occurred");
        assert_eq!(text(&row[col["category"]]), i.category);
        assert!(!text(&row[col["category_label"]]).is_empty());
        assert_eq!(text(&row[col["severity"]]), i.severity.as_str());
        assert_eq!(text(&row[col["description"]]), i.description);
        assert_eq!(text(&row[col["persons"]]), i.persons.join("; "));
        assert_eq!(text(&row[col["witnesses"]]), i.witnesses);
    }
}

#[test]
fn stations_visited_have_their_coordinates() {
    let (m, sheets) = workbook();
    let b = m.bundle();
    // Stations visited: each station with a live visit, its coordinates when it has them.
    let stations = sheet(&sheets, "stations_visited");
    let col = columns(stations);
    let visited: BTreeSet<_> = b
        .visits
        .iter()
        .filter(|v| !v.meta.deleted)
        .map(|v| v.station_id)
        .collect();
    assert_eq!(stations.len() - 1, visited.len());
    let mut with_coordinates = 0;
    for row in &stations[1..] {
        let s = b.stations.iter().find(|s| s.code == text(&row[0])).unwrap();
        assert!(visited.contains(&s.meta.id));
        let visits = b
            .visits
            .iter()
            .filter(|v| !v.meta.deleted && v.station_id == s.meta.id)
            .count();
        assert_close(&row[col["visits"]], visits as f64, "visits");
        assert_eq!(text(&row[col["kind"]]), s.kind.as_str());
        match (s.latitude, s.longitude) {
            (Some(lat), Some(lon)) => {
                assert_close(&row[col["latitude"]], lat, "latitude");
                assert_close(&row[col["longitude"]], lon, "longitude");
                with_coordinates += 1;
            }
            _ => assert_eq!(
                (&row[col["latitude"]], &row[col["longitude"]]),
                (&Data::Empty, &Data::Empty)
            ),
        }
    }
    assert!(with_coordinates > 0 && with_coordinates < visited.len());
}

#[test]
fn a_mission_without_visits_gives_the_fixed_sheets_with_their_headers() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = eom_core::Store::open(&dir.path().join("new.eom")).unwrap();
    store
        .create_mission(eom_core::NewMission {
            name: "New mission".into(),
            organisation: String::new(),
            country: "Georgia".into(),
            election_name: "Parliamentary".into(),
            election_date: chrono::NaiveDate::from_ymd_opt(2024, 10, 26).unwrap(),
            time_zone: "Asia/Tbilisi".into(),
            languages: vec!["en".into(), "ka".into()],
            accreditation_ref: String::new(),
            candidates: Vec::new(),
        })
        .unwrap();
    let path = dir.path().join("new.xlsx");
    // `ka` is a language of the mission: accepted, with English where templates lack it.
    let opts = eom_interop::XlsxOptions {
        lang: "ka".into(),
        edition: Edition::Public,
    };
    let summary = eom_interop::write_xlsx(&mut store, &opts, &path).unwrap();
    let rows: Vec<(&str, u32)> = summary
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.rows))
        .collect();
    assert_eq!(
        rows[1..],
        [("codebook", 0), ("incidents", 0), ("stations_visited", 0)]
    );
    let sheets = read_xlsx(&path);
    assert_eq!(sheets.len(), 4);
    for (name, rows) in &sheets[1..] {
        assert_eq!(rows.len(), 1, "{name}: the header alone");
    }
    let (doc, geo) = eom_interop::feature_collection(&store.bundle(None).unwrap()).unwrap();
    assert_eq!((geo.stations, geo.features), (0, 0));
    assert_eq!(doc["features"], serde_json::json!([]));
}
