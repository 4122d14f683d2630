//! The trust model from the command line (docs/security.md, "Trust model"): a kit, joining with it,
//! enrolling the team's key, and the exit codes of what is refused: 16 unknown signer, 17 changes
//! the signer may not make (listed by `--dry-run` too), and `--skip-unauthorized`.

use predicates::prelude::*;

mod common;

use common::Env;

/// The core team's laptop (sample mission) and a team laptop joined for T01 that took in the core
/// team's merged bundle. Returns the team laptop's fingerprint.
fn core_and_team() -> (Env, Env, String) {
    let core = Env::new();
    core.eom().arg("demo").assert().success();
    let kit = core.path("T01.eomkit");
    core.eom()
        .args(["kit", "export", "--team", "T01", "--out"])
        .arg(&kit)
        .assert()
        .success()
        .stdout(predicate::str::contains("kit for team T01"));
    let core_fp = {
        let out = core
            .eom()
            .args(["keys", "show", "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["fingerprint"].as_str().unwrap().to_string()
    };
    let team = Env::new();
    // A fingerprint that is not the core team's stops the join, and changes nothing.
    team.eom()
        .arg("join")
        .arg(&kit)
        .args([
            "--core-fingerprint",
            "0000-0000-0000-0000-0000-0000-0000-0000",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("as the core team read out"));
    let out = team
        .eom()
        .arg("join")
        .arg(&kit)
        .args(["--core-fingerprint", &core_fp])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("as team T01"), "{text}");
    let team_fp = text
        .lines()
        .find_map(|l| l.split("read back to the core team: ").nth(1))
        .unwrap()
        .trim()
        .to_string();
    let merged = core.export_bundle("merged.json");
    team.eom().arg("import").arg(&merged).assert().success();
    (core, team, team_fp)
}

#[test]
fn an_unknown_signer_exits_16_until_its_key_is_enrolled_for_its_team() {
    let (core, team, team_fp) = core_and_team();
    let bundle = team.export_bundle("T01.json");
    core.eom()
        .arg("import")
        .arg(&bundle)
        .assert()
        .code(16)
        .stderr(predicate::str::contains(format!(
            "signed by an unknown key {team_fp}"
        )));
    core.eom()
        .args(["import", "--dry-run"])
        .arg(&bundle)
        .assert()
        .code(16);
    core.eom()
        .args([
            "keys", "trust", &team_fp, "--name", "Team 1", "--team", "T01",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("for the team T01"));
    core.eom()
        .arg("import")
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains("enrolled: Team 1, team T01"));
    core.eom()
        .args(["keys", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("team T01").and(predicate::str::contains("core team")));
}

#[test]
fn a_team_changing_another_teams_record_exits_17_with_the_changes_listed() {
    let (core, team, team_fp) = core_and_team();
    core.eom()
        .args([
            "keys", "trust", &team_fp, "--name", "Team 1", "--team", "T01",
        ])
        .assert()
        .success();
    team.eom()
        .args(["teams", "add", "T02", "--area", "Moved by team 1"])
        .assert()
        .success();
    let bundle = team.export_bundle("T01.json");
    core.eom()
        .args(["import", "--dry-run"])
        .arg(&bundle)
        .assert()
        .code(17)
        .stdout(
            predicate::str::contains("team T02: changed").and(predicate::str::contains("Team 1")),
        );
    core.eom()
        .arg("import")
        .arg(&bundle)
        .assert()
        .code(17)
        .stderr(predicate::str::contains("not allowed to make"));
    core.eom()
        .args(["import", "--skip-unauthorized"])
        .arg(&bundle)
        .assert()
        .success();
    core.eom()
        .args(["teams", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Moved by team 1").not());
}

#[test]
fn only_a_core_laptop_exports_kits() {
    let (_core, team, _) = core_and_team();
    team.eom()
        .args(["kit", "export", "--team", "T01", "--out"])
        .arg(team.path("x.eomkit"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "only a core team laptop exports kits",
        ));
}
