//! `eom export --format xlsx` and `--format geojson` through the real binary: the workbook's
//! sheets, its public edition and language, the GeoJSON of the stations with coordinates and the
//! warning about those without, and clear refusals of bad input.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook};
use common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn with_sample() -> Env {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    env
}

/// Every text cell of every sheet.
fn texts(path: &std::path::Path) -> Vec<(String, Vec<String>)> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.sheet_names()
        .into_iter()
        .map(|name| {
            let range = wb.worksheet_range(&name).unwrap();
            let cells = range
                .used_cells()
                .filter_map(|(_, _, d)| match d {
                    Data::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            (name, cells)
        })
        .collect()
}

#[test]
fn xlsx_writes_the_workbook_with_every_sheet() {
    let env = with_sample();
    let out = env.path("mission.xlsx");
    env.eom()
        .args(["export", "--format", "xlsx", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("internal edition workbook (en)"))
        .stdout(predicate::str::contains("voting 40"))
        .stdout(predicate::str::contains("incidents 6"));
    let sheets = texts(&out);
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
    let all: Vec<&String> = sheets.iter().flat_map(|(_, c)| c).collect();
    assert!(
        all.iter().any(|c| c.contains("Anna Berg")),
        "internal names observers"
    );
    assert!(all.iter().any(|c| c.contains("Witness name withheld")));
    // Nothing is left beside it: the temporary file was renamed.
    let files: Vec<_> = std::fs::read_dir(env.dir.path()).unwrap().collect();
    assert!(files.iter().all(|f| {
        let name = f.as_ref().unwrap().file_name();
        !name.to_string_lossy().starts_with(".tmp")
    }));
}

#[test]
fn xlsx_public_edition_in_russian() {
    let env = with_sample();
    let out = env.path("public.xlsx");
    env.eom()
        .args([
            "export",
            "--format",
            "xlsx",
            "--edition",
            "public",
            "--lang",
            "ru",
        ])
        .arg("--out")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("public edition workbook (ru)"));
    let sheets = texts(&out);
    let all: Vec<&String> = sheets.iter().flat_map(|(_, c)| c).collect();
    for secret in [
        "Anna Berg",
        "Jonas Keller",
        "Witness name withheld",
        "commission_member",
    ] {
        assert!(
            !all.iter().any(|c| c.contains(secret)),
            "public has {secret}"
        );
    }
    let codebook = &sheets.iter().find(|(n, _)| n == "codebook").unwrap().1;
    assert!(
        codebook
            .iter()
            .any(|c| c == "Сколько членов комиссии присутствовало?"),
        "the codebook is in Russian"
    );
}

#[test]
fn xlsx_refuses_an_unknown_language_and_writes_nothing() {
    let env = with_sample();
    let out = env.path("fr.xlsx");
    env.eom()
        .args(["export", "--format", "xlsx", "--lang", "fr", "--out"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "`fr` is not a language the workbook can be written in: en, ru, az",
        ));
    assert!(!out.exists());
}

#[test]
fn an_unknown_format_lists_the_new_ones() {
    let env = with_sample();
    env.eom()
        .args(["export", "--format", "xls", "--out", "x.xls"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("xlsx").and(predicate::str::contains("geojson")));
}

#[test]
fn geojson_writes_the_stations_with_coordinates_and_warns_about_the_others() {
    let env = with_sample();
    let stations = env.file(
        "coordinates.csv",
        "code;name;region;constituency;setting;kind;latitude;longitude\n\
         001-001;School No. 107;Baku;Constituency 1;urban;station;40.4093;49.8671\n\
         002-012;School No. 207;Ganja;Constituency 2;rural;station;40.6828;46.3606\n\
         DEC-02;Constituency Election Commission No. 2;Baku;Constituency 2;urban;commission;40.3777;49.892\n",
    );
    env.eom()
        .args(["stations", "import"])
        .arg(&stations)
        .assert()
        .success();
    let out = env.path("stations.geojson");
    env.eom()
        .args(["export", "--format", "geojson", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 of 105 stations"))
        .stderr(predicate::str::contains(
            "warning: 102 stations have no coordinates and are not in the file",
        ));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(doc["type"], "FeatureCollection");
    let features = doc["features"].as_array().unwrap();
    let got: Vec<(&str, f64, f64, &str)> = features
        .iter()
        .map(|f| {
            assert_eq!(f["type"], "Feature");
            assert_eq!(f["geometry"]["type"], "Point");
            let c = &f["geometry"]["coordinates"];
            let p = &f["properties"];
            (
                p["code"].as_str().unwrap(),
                c[0].as_f64().unwrap(),
                c[1].as_f64().unwrap(),
                p["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("001-001", 49.8671, 40.4093, "station"),
            ("002-012", 46.3606, 40.6828, "station"),
            ("DEC-02", 49.892, 40.3777, "commission")
        ]
    );
    // The sample's commission DEC-02 was assessed bad at the tabulation.
    let dec = &features[2]["properties"];
    assert_eq!(dec["visited"], true);
    assert_eq!(dec["negative"], true);
    assert_eq!(dec["assessment_tabulation"], "bad");
}

#[test]
fn geojson_without_a_mission_says_so() {
    let env = Env::new();
    env.eom()
        .args(["export", "--format", "geojson", "--out"])
        .arg(env.path("s.geojson"))
        .assert()
        .code(6)
        .stderr(predicate::str::contains("no mission"));
}
