//! One installation for the `eom` binary under test: its database, signing key and data folder all
//! in a temporary directory, never the user's.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use assert_cmd::Command;

/// `eom init` for the tests' mission (a delegation to Azerbaijan's 2024 presidential election),
/// its election in time zone `zone`; a test adds what it needs after these.
pub fn init_args(zone: &str) -> [&str; 11] {
    [
        "init",
        "--name",
        "Delegation",
        "--country",
        "Azerbaijan",
        "--election",
        "Presidential",
        "--date",
        "2024-02-07",
        "--time-zone",
        zone,
    ]
}

pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Self {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    pub fn db(&self) -> PathBuf {
        self.path("m.eom")
    }
    /// `eom export --format json` to `name` in the temporary directory: the bundle's path.
    pub fn export_bundle(&self, name: &str) -> PathBuf {
        let out = self.path(name);
        self.eom()
            .args(["export", "--format", "json", "--out"])
            .arg(&out)
            .assert()
            .success();
        out
    }
    /// Writes `content` to a file in the temporary directory.
    pub fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, content).unwrap();
        p
    }
    /// `eom --db <this database>`, with nothing taken from the caller's environment.
    pub fn eom(&self) -> Command {
        let mut c = Command::cargo_bin("eom").unwrap();
        c.arg("--db")
            .arg(self.db())
            .env_remove("EOM_DB")
            .env_remove("EOM_PASSPHRASE_FILE")
            .env("EOM_KEY_DIR", self.path("keys"))
            .env("XDG_DATA_HOME", self.path("data"));
        c
    }
}
