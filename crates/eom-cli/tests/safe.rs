//! `eom` with encrypted databases and backups, run as a user would, on temporary files.

use std::path::PathBuf;

use predicates::prelude::*;
use serde_json::Value;

mod common;

use common::{Env, init_args};

/// What these tests read back through the CLI.
trait Checks {
    fn stats(&self, pass: Option<&PathBuf>) -> String;
    fn backups(&self) -> Vec<Value>;
}

impl Checks for Env {
    fn stats(&self, pass: Option<&PathBuf>) -> String {
        let mut c = self.eom();
        if let Some(p) = pass {
            c.arg("--passphrase-file").arg(p);
        }
        let out = c.args(["stats", "--json"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
    fn backups(&self) -> Vec<Value> {
        let out = self
            .eom()
            .args(["backup", "list", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

#[test]
fn an_encrypted_database_needs_its_passphrase() {
    let env = Env::new();
    let pass = env.file("pass.txt", "correct horse battery staple\n");
    env.eom()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("demo")
        .assert()
        .success();
    let bytes = std::fs::read(env.db()).unwrap();
    assert!(!bytes.starts_with(b"SQLite format 3"));

    env.eom()
        .arg("stats")
        .assert()
        .code(15)
        .stderr(predicate::str::contains("m.eom is encrypted"));
    let wrong = env.file("wrong.txt", "incorrect horse\n");
    env.eom()
        .arg("--passphrase-file")
        .arg(&wrong)
        .arg("stats")
        .assert()
        .code(14)
        .stderr(predicate::str::contains(
            "the passphrase does not open this database",
        ))
        // SQLCipher's own log lines stay out of the user's terminal.
        .stderr(predicate::str::contains("hmac").not());
    // The environment variable works like the flag.
    env.eom()
        .env("EOM_PASSPHRASE_FILE", &pass)
        .arg("stats")
        .assert()
        .success()
        .stdout(predicate::str::contains("visits 40"));
    let missing = env.dir.path().join("nope.txt");
    env.eom()
        .arg("--passphrase-file")
        .arg(&missing)
        .arg("stats")
        .assert()
        .code(10)
        .stderr(predicate::str::contains("nope.txt"));
}

#[test]
fn encrypt_and_decrypt_keep_the_data() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    env.eom().args(["backup", "now"]).assert().success();
    let plain_stats = env.stats(None);
    let pass = env.file("pass.txt", "first passphrase\n");
    let new = env.file("new.txt", "second passphrase\n");

    env.eom()
        .args(["db", "encrypt", "--new-passphrase-file"])
        .arg(&pass)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "now encrypted; 1 backup(s) converted",
        ));
    env.eom().arg("stats").assert().code(15);
    assert_eq!(env.stats(Some(&pass)), plain_stats);

    env.eom()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["db", "rekey", "--new-passphrase-file"])
        .arg(&new)
        .assert()
        .success();
    env.eom()
        .arg("--passphrase-file")
        .arg(&pass)
        .arg("stats")
        .assert()
        .code(14);
    assert_eq!(env.stats(Some(&new)), plain_stats);

    env.eom()
        .args(["db", "decrypt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--passphrase-file"));
    env.eom()
        .arg("--passphrase-file")
        .arg(&new)
        .args(["db", "decrypt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("plaintext"));
    assert_eq!(env.stats(None), plain_stats);
}

#[test]
fn backups_are_listed_taken_kept_and_restored() {
    let env = Env::new();
    env.eom()
        .args(["backup", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("no backups yet"));
    env.eom().arg("demo").assert().success();
    let stats_before = env.stats(None);
    env.eom()
        .args(["backup", "now"])
        .assert()
        .success()
        .stdout(predicate::str::contains("-manual"));
    // A station import backs up first.
    let csv = env.file("s.csv", "code,name,region\n9001,New school,Baku\n");
    env.eom()
        .args(["stations", "import"])
        .arg(&csv)
        .assert()
        .success();
    let list = env.backups();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["reason"], "import");
    assert_eq!(list[1]["reason"], "manual");
    assert_eq!(list[0]["ok"], true);
    assert_ne!(env.stats(None), stats_before);

    let id = list[1]["id"].as_str().unwrap().to_string();
    env.eom()
        .args(["backup", "restore", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("restored backup {id}")));
    assert_eq!(env.stats(None), stats_before);
    assert_eq!(env.backups()[0]["reason"], "restore");

    env.eom()
        .args(["backup", "restore", "20000101T000000.000Z-start"])
        .assert()
        .code(5)
        .stderr(predicate::str::contains("backup not found"));

    env.eom()
        .args(["backup", "keep"])
        .assert()
        .success()
        .stdout(predicate::str::contains("last 10 backups"));
    env.eom()
        .args(["backup", "keep", "2"])
        .assert()
        .success()
        .stdout(predicate::str::contains("last 2 backups"));
    env.eom().args(["backup", "now"]).assert().success();
    assert_eq!(env.backups().len(), 2);
    env.eom().args(["backup", "keep", "0"]).assert().code(2);
}

#[test]
fn a_broken_database_is_restored_without_opening_it() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let stats = env.stats(None);
    env.eom().args(["backup", "now"]).assert().success();
    std::fs::write(env.db(), [7u8; 4096]).unwrap();
    env.eom().arg("stats").assert().failure();
    let id = env.backups()[0]["id"].as_str().unwrap().to_string();
    env.eom()
        .args(["backup", "restore", &id])
        .assert()
        .success();
    assert_eq!(env.stats(None), stats);
}

/// `eom init` and `eom join` with `--passphrase-file` create the database encrypted and seal
/// the laptop's signing key with the same passphrase; the public key stays readable.
#[test]
fn init_and_join_with_a_passphrase_seal_the_signing_key() {
    let env = Env::new();
    let pass = env.file("pass.txt", "violet tractor seventeen lagoon\n");
    env.eom()
        .args(init_args("Asia/Baku"))
        .arg("--passphrase-file")
        .arg(&pass)
        .assert()
        .success()
        .stderr(predicate::str::contains("weak").not());
    assert!(
        !std::fs::read(env.db())
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    let key_file = env.path("keys").join("signing-key.ed25519");
    let key_text = std::fs::read_to_string(&key_file).unwrap();
    assert!(
        key_text.starts_with("eom-signing-key ed25519 v2 sealed\n"),
        "{key_text}"
    );

    // Shown without the passphrase.
    let shown = env.eom().args(["keys", "show", "--json"]).output().unwrap();
    assert!(shown.status.success());
    let public: Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert!(key_text.contains(public["public_key"].as_str().unwrap()));

    // Another, plaintext database on this laptop cannot sign with the sealed key.
    let other = env.path("other.eom");
    env.eom()
        .arg("--db")
        .arg(&other)
        .arg("demo")
        .assert()
        .code(15)
        .stderr(predicate::str::contains("signing key is sealed"));

    // A team laptop joins with a kit and its own passphrase.
    env.eom()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["teams", "add", "T01", "--area", "Baku"])
        .assert()
        .success();
    let kit = env.path("T01.eomkit");
    env.eom()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["kit", "export", "--team", "T01", "--out"])
        .arg(&kit)
        .assert()
        .success();
    let team_pass = env.file("team-pass.txt", "password1\n");
    let team_db = env.path("team.eom");
    env.eom()
        .arg("--db")
        .arg(&team_db)
        .env("EOM_KEY_DIR", env.path("team-keys"))
        .arg("join")
        .arg(&kit)
        .arg("--passphrase-file")
        .arg(&team_pass)
        .assert()
        .success()
        .stderr(predicate::str::contains("warning: the passphrase is weak"));
    assert!(
        !std::fs::read(&team_db)
            .unwrap()
            .starts_with(b"SQLite format 3")
    );
    let team_key = std::fs::read_to_string(env.path("team-keys").join("signing-key.ed25519"));
    assert!(
        team_key
            .unwrap()
            .starts_with("eom-signing-key ed25519 v2 sealed\n")
    );
}
