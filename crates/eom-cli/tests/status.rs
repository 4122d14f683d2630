//! `eom status` and the export notes: what only this database knows about its exports, which the
//! statistics and the report leave out.

mod common;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn status_json(env: &Env) -> Value {
    let out = env.eom().args(["status", "--json"]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn status_shows_the_last_export_and_what_was_edited_after_it() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    env.eom()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("(not encrypted)"))
        .stdout(predicate::str::contains("(sample)"))
        .stdout(predicate::str::contains("this laptop: core team"))
        .stdout(predicate::str::contains("last export: never"))
        .stdout(predicate::str::contains("edited after export: none"));
    let v = status_json(&env);
    assert_eq!(v["export"]["last_export_at"], Value::Null);
    assert_eq!(v["export"]["edited_after_export"], 0);
    assert_eq!(v["encrypted"], false);

    let bundle = env.path("b.json");
    env.eom()
        .args(["export", "--format", "json", "--out"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("edited since").not());
    let v = status_json(&env);
    assert!(v["export"]["last_export_at"].is_string());
    let stats_before = env.eom().args(["stats", "--json"]).output().unwrap().stdout;

    // A change after the export is counted, by kind, and a report says it was not shared yet.
    env.eom()
        .args(["teams", "add", "T09", "--area", "Lankaran"])
        .assert()
        .success();
    env.eom()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "edited after export: 1 record (1 team)",
        ));
    assert_eq!(status_json(&env)["export"]["edited_by_kind"]["team"], 1);
    env.eom()
        .args(["export", "--format", "html", "--out"])
        .arg(env.path("r.html"))
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "note: 1 record (1 team) edited after their last bundle export",
        ));
    // The statistics did not move with it (a team without visits changes no figure but `teams`).
    let stats_after: Value =
        serde_json::from_slice(&env.eom().args(["stats", "--json"]).output().unwrap().stdout)
            .unwrap();
    let mut before: Value = serde_json::from_slice(&stats_before).unwrap();
    before["coverage"]["teams"] = stats_after["coverage"]["teams"].clone();
    assert_eq!(before, stats_after);
    assert!(
        stats_after
            .get("data_quality")
            .unwrap()
            .get("records_edited_after_export")
            .is_none()
    );

    // The next bundle carries it, says so, and the count starts again.
    env.eom()
        .args(["export", "--format", "json", "--out"])
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "edited since the previous export: 1 record (1 team)",
        ));
    assert_eq!(status_json(&env)["export"]["edited_after_export"], 0);
}
