//! One installation for the `eom` binary under test: its database, signing key and data folder all
//! in a temporary directory, never the user's.
#![allow(dead_code)] // each test file uses its own part

use std::path::PathBuf;

use assert_cmd::Command;

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
