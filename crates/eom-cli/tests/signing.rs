//! `eom keys`, signed exports, `eom import --allow-unsigned` and `eom verify`, run as a user would.

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::Env;

/// One installation (database and key folder) as these tests use it.
trait Signing {
    fn json(&self, args: &[&str]) -> Value;
    fn fingerprint(&self) -> String;
    fn exported(&self) -> PathBuf;
}

impl Signing for Env {
    fn json(&self, args: &[&str]) -> Value {
        let out = self.eom().args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }
    fn fingerprint(&self) -> String {
        self.json(&["keys", "show", "--json"])["fingerprint"]
            .as_str()
            .unwrap()
            .to_string()
    }
    /// The sample mission, exported as a signed bundle.
    fn exported(&self) -> PathBuf {
        self.eom().arg("demo").assert().success();
        self.export_bundle("team.json")
    }
}

#[test]
fn the_key_is_made_once_and_shown_with_its_fingerprint() {
    let a = Env::new();
    let fp = a.fingerprint();
    assert_eq!(fp.len(), 39, "{fp}");
    assert_eq!(a.fingerprint(), fp, "the same key the second time");
    assert!(a.path("keys/signing-key.ed25519").is_file());
    let key_file = a.path("a.pub");
    a.eom()
        .args(["keys", "show", "--export"])
        .arg(&key_file)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("fingerprint: {fp}")));
    // Another key folder is another identity.
    let other = Command::cargo_bin("eom")
        .unwrap()
        .env("EOM_KEY_DIR", a.path("other-keys"))
        .args(["--db"])
        .arg(a.path("m.eom"))
        .args(["--key-dir"])
        .arg(a.path("flag-keys"))
        .args(["keys", "show", "--json"])
        .output()
        .unwrap();
    let other: Value = serde_json::from_slice(&other.stdout).unwrap();
    assert_ne!(other["fingerprint"], fp);
    assert!(
        a.path("flag-keys/signing-key.ed25519").is_file(),
        "--key-dir wins over the environment"
    );
}

#[test]
fn import_shows_the_signer_and_its_trusted_name() {
    let a = Env::new();
    let bundle = a.exported();
    let fp = a.fingerprint();
    let b = Env::new();
    b.eom()
        .args(["import", "--dry-run"])
        .arg(&bundle)
        .assert()
        .code(16)
        .stdout(predicate::str::contains(format!(
            "signed by {fp} (unknown key"
        )));
    b.eom()
        .args(["keys", "trust"])
        .arg(&bundle)
        .args(["--name", "Team 3", "--core"])
        .assert()
        .success()
        .stdout(predicate::str::contains("with its full public key"));
    b.eom()
        .args(["keys", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "{fp}\tTeam 3\tcore team\tkey"
        )));
    b.eom()
        .arg("import")
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "signed by {fp} (enrolled: Team 3, core team)"
        )));
    b.eom().args(["keys", "untrust", &fp]).assert().success();
    let list = b.json(&["keys", "list", "--json"]);
    assert_eq!(list.as_array().unwrap().len(), 0);
    b.eom().args(["keys", "untrust", &fp]).assert().code(5);
}

#[test]
fn a_changed_bundle_is_refused_and_unsigned_ones_need_permission() {
    let a = Env::new();
    let bundle = a.exported();
    let text = std::fs::read_to_string(&bundle).unwrap();
    let b = Env::new();

    let changed = b.path("changed.json");
    std::fs::write(&changed, text.replacen("\"yes\"", "\"no\"", 1)).unwrap();
    for extra in [&[][..], &["--allow-unsigned"][..]] {
        b.eom()
            .arg("import")
            .args(extra)
            .arg(&changed)
            .assert()
            .code(11)
            .stderr(predicate::str::contains(
                "signature does not match: the file was altered after export",
            ));
    }
    b.eom().arg("stats").assert().code(6);

    let v: Value = serde_json::from_str(&text).unwrap();
    let mut v1 = v["content"].clone();
    v1["format_version"] = 1.into();
    let unsigned = b.path("unsigned.json");
    std::fs::write(&unsigned, serde_json::to_vec(&v1).unwrap()).unwrap();
    b.eom()
        .arg("import")
        .arg(&unsigned)
        .assert()
        .code(12)
        .stderr(predicate::str::contains("--allow-unsigned"));
    b.eom().arg("stats").assert().code(6);
    b.eom()
        .args(["import", "--allow-unsigned"])
        .arg(&unsigned)
        .assert()
        .success()
        .stdout(predicate::str::contains("not signed"));
}

#[test]
fn verify_prints_signer_counts_history_and_verdict() {
    let a = Env::new();
    let bundle = a.exported();
    let fp = a.fingerprint();
    let hq = Env::new();
    hq.eom()
        .arg("verify")
        .arg(&bundle)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "signed by {fp} (unknown key"
        )))
        .stdout(predicate::str::contains("42 visits"))
        .stdout(predicate::str::contains("history chain intact"))
        .stdout(predicate::str::contains("verdict: valid"));
    hq.eom()
        .args(["keys", "trust", &fp, "--name", "Team 3", "--core"])
        .assert()
        .success()
        .stdout(predicate::str::contains("fingerprint only"));
    let v = hq.json(&["verify", "--json", bundle.to_str().unwrap()]);
    assert_eq!(v["valid"], true);
    assert_eq!(v["signer"]["trusted_as"], "Team 3");
    assert_eq!(v["summary"]["visits"], 42);

    let text = std::fs::read_to_string(&bundle).unwrap();
    let changed = hq.path("changed.json");
    std::fs::write(&changed, text.replacen("\"no\"", "\"yes\"", 1)).unwrap();
    hq.eom()
        .arg("verify")
        .arg(&changed)
        .assert()
        .code(11)
        .stderr(predicate::str::contains("altered after export"));
    let out = hq
        .eom()
        .args(["verify", "--json"])
        .arg(&changed)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(11));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["error"], "signature_mismatch");

    // The database's own history.
    a.eom()
        .args(["verify", "--db"])
        .arg(a.path("m.eom"))
        .assert()
        .success()
        .stdout(predicate::str::contains("history chain intact"));
    let h = a.json(&["verify", "--json"]);
    assert_eq!(h["intact"], true);
}

#[test]
fn import_refuses_a_bundle_that_carries_a_broken_history_unless_allowed() {
    let team = Env::new();
    let exported = team.exported();
    let v: Value = serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    let mut content = v["content"].clone();
    assert!(content["edit_history"].as_array().unwrap().len() > 3);
    content["edit_history"][2]["action"] = Value::from("created");
    // The rewritten file as an unsigned version 1 bundle: accepted only with --allow-unsigned.
    content["format_version"] = Value::from(1);
    let hq = Env::new();
    let forged = hq.file("forged.json", &content.to_string());
    hq.eom()
        .args(["import", "--allow-unsigned"])
        .arg(&forged)
        .assert()
        .code(13)
        .stderr(predicate::str::contains("entry 3 of device"))
        .stderr(predicate::str::contains("--allow-broken-history"));
    hq.eom()
        .args(["import", "--allow-unsigned", "--allow-broken-history"])
        .arg(&forged)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "does not account for its records (entry 3 of device",
        ))
        .stdout(predicate::str::contains("the history was changed"));
    // The same break is in the merged database's history.
    hq.eom()
        .arg("verify")
        .assert()
        .code(13)
        .stderr(predicate::str::contains("entry 3 of device"));
}

/// The README's `eom verify --db` (no path) verifies the default database, here `EOM_DB`.
#[test]
fn verify_with_db_and_no_path_checks_the_default_database() {
    let a = Env::new();
    a.eom().arg("demo").assert().success();
    let mut c = assert_cmd::Command::cargo_bin("eom").unwrap();
    c.env("EOM_DB", a.db())
        .env_remove("EOM_PASSPHRASE_FILE")
        .env("EOM_KEY_DIR", a.path("keys"))
        .env("XDG_DATA_HOME", a.path("data"))
        .args(["verify", "--db"])
        .assert()
        .success()
        .stdout(predicate::str::contains("history chain intact"));
}
