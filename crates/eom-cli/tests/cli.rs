//! The `eom` binary, run as a user would, on temporary database files.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{Env, init_args};

/// What these tests do with an installation besides running `eom`.
trait Mission {
    fn init(&self);
    fn stations_json(&self) -> Vec<Value>;
}

impl Mission for Env {
    fn init(&self) {
        self.eom()
            .args(init_args("Asia/Baku"))
            .args(["--languages", "en,ru"])
            .assert()
            .success();
    }
    fn stations_json(&self) -> Vec<Value> {
        let out = self
            .eom()
            .args(["stations", "list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

/// What the database holds, through the CLI's own JSON views (stations and statistics).
fn db_bytes_snapshot(path: &Path) -> Vec<String> {
    let mut c = Command::cargo_bin("eom").unwrap();
    let out = c
        .arg("--db")
        .arg(path)
        .env("EOM_KEY_DIR", path.with_extension("keys"))
        .args(["stations", "list", "--json"])
        .output()
        .unwrap();
    let mut v = vec![String::from_utf8_lossy(&out.stdout).to_string()];
    let mut c = Command::cargo_bin("eom").unwrap();
    let out = c
        .arg("--db")
        .arg(path)
        .env("EOM_KEY_DIR", path.with_extension("keys"))
        .args(["stats", "--json"])
        .output()
        .unwrap();
    v.push(String::from_utf8_lossy(&out.stdout).to_string());
    v
}

#[test]
fn demo_then_stats_prints_the_sample_mission() {
    let env = Env::new();
    env.eom()
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("sample mission"));
    env.eom()
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("teams 5, observers 10, visits 40"))
        .stdout(predicate::str::contains("ASSESSMENTS"))
        .stdout(predicate::str::contains("sample data"));
    let out = env.eom().args(["stats", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in [
        "coverage",
        "assessments",
        "problems",
        "incidents",
        "protocol_failures",
        "turnout_flags",
    ] {
        assert!(v.get(key).is_some(), "stats --json lacks {key}");
    }
    for phase in ["opening", "voting", "counting"] {
        for f in ["very_good", "good", "bad", "very_bad", "total", "negative"] {
            assert!(v["assessments"][phase][f].is_u64(), "{phase}.{f}");
        }
    }
    assert_eq!(v["coverage"]["visits"], 40);
    assert!(v["problems"][0]["answered"].is_u64());
}

#[test]
fn demo_refuses_a_database_with_another_mission() {
    let env = Env::new();
    env.init();
    env.eom()
        .arg("demo")
        .assert()
        .code(4)
        .stderr(predicate::str::contains(
            "this database holds \"Delegation\"",
        ));
}

#[test]
fn init_twice_is_refused_and_bad_zones_are_named() {
    let env = Env::new();
    env.init();
    env.eom()
        .args(init_args("Asia/Baku"))
        .assert()
        .code(4)
        .stderr(predicate::str::contains("already holds the mission"));
    let other = Env::new();
    other
        .eom()
        .args(init_args("Baku"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`Baku` is not an IANA time zone"));
}

#[test]
fn commands_without_a_mission_say_what_to_do() {
    let env = Env::new();
    env.eom()
        .arg("stats")
        .assert()
        .code(6)
        .stderr(predicate::str::contains("eom init"));
}

#[test]
fn stations_import_list_and_reimport_by_code() {
    let env = Env::new();
    env.init();
    let csv = env.file(
        "stations.csv",
        "\u{FEFF}Code;Name;Address;Region;District;Setting;Type;Registered_voters;Latitude;Longitude\n\
         12/001;\"School No. 1; main building\";\"Nizami st. 1\nBaku\";Baku;Nasimi;urban;regular;1200;40.37;49.83\n\
         12/002;Hospital 3;;Baku;Sabail;urban;hospital;150;;\n",
    );
    env.eom()
        .args(["stations", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 added"));
    let list = env.stations_json();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["name"], "School No. 1; main building");
    assert_eq!(list[0]["admin_levels"][1]["value"], "Nasimi");
    let csv2 = env.file(
        "stations2.csv",
        "code,name,region\n12/001,School No. 1 (renamed),Baku\n12/003,New,Ganja\n",
    );
    env.eom()
        .args(["stations", "import"])
        .arg(&csv2)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added, 1 updated"));
    let list = env.stations_json();
    assert_eq!(list.len(), 3);
    env.eom()
        .args(["stations", "list", "--search", "renamed"])
        .assert()
        .success()
        .stdout(predicate::str::contains("12/001"));
}

#[test]
fn a_bad_station_csv_names_file_line_and_column_and_imports_nothing() {
    let env = Env::new();
    env.init();
    let good = env.file("good.csv", "code,name\nA1,Alpha\n");
    env.eom()
        .args(["stations", "import"])
        .arg(&good)
        .assert()
        .success();
    let before = db_bytes_snapshot(&env.db());
    let bad = env.file("bad.csv", "code,name,setting,registered_voters\nB1,Beta,urban,100\nB2,Gamma,suburban,100\nB3,Delta,rural,many\n");
    env.eom()
        .args(["stations", "import"])
        .arg(&bad)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("bad.csv"))
        .stderr(predicate::str::contains("nothing was imported"))
        .stderr(predicate::str::contains(
            "line 3, column `setting`: `suburban` is not one of: urban, rural",
        ))
        .stderr(predicate::str::contains(
            "line 4, column `registered_voters`",
        ));
    assert_eq!(before, db_bytes_snapshot(&env.db()));
    env.eom()
        .args(["stations", "import", "--skip-invalid"])
        .arg(&bad)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 added"))
        .stdout(predicate::str::contains("2 invalid line(s) skipped"));
}

#[test]
fn export_import_round_trip_and_bad_bundle() {
    let a = Env::new();
    a.eom().arg("demo").assert().success();
    let bundle = a.export_bundle("out.json");
    let b = Env::new();
    // A new, empty database knows no key: the person importing vouches for this one.
    b.eom()
        .args(["import", "--dry-run", "--allow-unknown-signer"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("dry run"));
    b.eom().arg("stats").assert().code(6);
    b.eom()
        .args(["import", "--allow-unknown-signer"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("visits"));
    let stats = |e: &Env| {
        let out = e.eom().args(["stats", "--json"]).output().unwrap();
        serde_json::from_slice::<Value>(&out.stdout).unwrap()
    };
    assert_eq!(stats(&a), stats(&b));
    let text = std::fs::read_to_string(&bundle).unwrap();
    let truncated = b.file("truncated.json", &text[..text.len() - 100]);
    let before = db_bytes_snapshot(&b.db());
    b.eom()
        .arg("import")
        .arg(&truncated)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("truncated.json"))
        .stderr(predicate::str::contains("truncated"));
    let newer = b.file(
        "newer.json",
        &text.replacen("\"format_version\":2", "\"format_version\":9", 1),
    );
    b.eom()
        .arg("import")
        .arg(&newer)
        .assert()
        .code(3)
        .stderr(predicate::str::contains("update EOM Reporter"));
    assert_eq!(before, db_bytes_snapshot(&b.db()));
}

#[test]
fn csv_export_writes_one_file_per_template_with_question_columns() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let dir = env.dir.path().join("csv");
    env.eom()
        .args(["export", "--format", "csv", "--out"])
        .arg(&dir)
        .assert()
        .success();
    let voting = std::fs::read_to_string(dir.join("checklists_voting.csv")).unwrap();
    // UTF-8 with a byte order mark by default (`--no-bom`: tests/csv_export.rs).
    let header = voting
        .lines()
        .next()
        .unwrap()
        .strip_prefix('\u{feff}')
        .unwrap();
    assert!(header.starts_with("checklist_id,visit_id,station_code"));
    assert!(header.contains(",V01,"));
    assert_eq!(voting.lines().count(), 41, "header + 40 voting checklists");
    let labels = std::fs::read_to_string(dir.join("checklists_voting_labels.csv")).unwrap();
    assert!(labels.lines().next().unwrap().contains("label_ru"));
    assert!(dir.join("incidents.csv").exists());
    assert!(dir.join("stations_visited.csv").exists());
}

#[test]
fn a_newer_database_is_refused() {
    let env = Env::new();
    env.init();
    // Bump the schema version the way a newer release would.
    let mut bytes = std::fs::read(env.db()).unwrap();
    // SQLite keeps user_version at offset 60 of the header (big-endian).
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(env.db(), bytes).unwrap();
    env.eom()
        .arg("stats")
        .assert()
        .code(7)
        .stderr(predicate::str::contains("newer EOM Reporter"));
}

#[test]
fn the_report_exports_as_pdf_and_html_in_both_editions() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let pdf = env.dir.path().join("report.pdf");
    env.eom()
        .args(["export", "--format", "pdf", "--lang", "ru", "--out"])
        .arg(&pdf)
        .assert()
        .success()
        .stdout(predicate::str::contains("internal edition report (ru)"));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let html = env.dir.path().join("report.html");
    env.eom()
        .args(["export", "--format", "html", "--edition", "public", "--out"])
        .arg(&html)
        .assert()
        .success();
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.contains("<table"));
    assert!(
        !text.contains("Anna Berg"),
        "the public edition names no observer"
    );
    env.eom()
        .args(["export", "--format", "pdf", "--edition", "secret", "--out"])
        .arg(&pdf)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not an edition"));
}

/// `eom stats | head -1`: a reader that goes away ends the command quietly, never with a panic.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_command_quietly() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    // Far more than a pipe holds (64 KiB), so the writer is still writing when the reader leaves.
    let mut csv = String::from("code,name,region\n");
    for i in 0..5000 {
        csv.push_str(&format!(
            "P{i:05},Polling station number {i} of a long list,Region {}\n",
            i % 7
        ));
    }
    let csv = env.file("many.csv", &csv);
    env.eom()
        .args(["stations", "import"])
        .arg(&csv)
        .assert()
        .success();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("eom"))
        .arg("--db")
        .arg(env.db())
        .args(["stations", "list", "--limit", "100000"])
        .env_remove("EOM_DB")
        .env("EOM_KEY_DIR", env.path("keys"))
        .env("XDG_DATA_HOME", env.path("data"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(!first.is_empty());
    // The reading end is dropped here, as `head -1` exits.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        out.status.success() || out.status.code().is_none(),
        "{:?} {stderr}",
        out.status
    );
}

#[test]
fn demo_visits_loads_a_generated_mission_of_that_size() {
    let env = Env::new();
    env.eom()
        .args(["demo", "--visits", "150"])
        .assert()
        .success()
        .stdout(predicate::str::contains("generated mission"));
    let out = env.eom().args(["stats", "--json"]).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["coverage"]["visits"], 150);
    assert_eq!(
        v["data_quality"]["checklists_total"], 450,
        "three phases per visit"
    );
    // Below the sample's size a generated mission says nothing the sample does not.
    Env::new()
        .eom()
        .args(["demo", "--visits", "40"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("101..=100000"));
}
