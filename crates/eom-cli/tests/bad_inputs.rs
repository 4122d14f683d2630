//! A few rows of the bad-input table (docs/security.md) through the `eom` binary: the message on
//! standard error, the exit code, and the database unchanged (statistics and station list).

use std::path::Path;

use predicates::prelude::*;

mod common;

use common::Env;

/// A database with the sample mission, and its bundle exported beside it.
fn with_sample() -> Env {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    env.export_bundle("sample.json");
    env
}

/// The checks of the bad-input table, on one installation.
trait Table {
    fn state(&self) -> (Vec<u8>, Vec<u8>);
    fn refused(&self, args: &[&str], name: &str, bytes: &[u8], code: i32, message: &str);
    fn refused_at(&self, args: &[&str], file: &Path, code: i32, message: &str);
    fn sample(&self) -> String;
}

impl Table for Env {
    /// What the user can see of the database: statistics and stations.
    fn state(&self) -> (Vec<u8>, Vec<u8>) {
        let stats = self.eom().args(["stats", "--json"]).output().unwrap();
        let stations = self
            .eom()
            .args(["stations", "list", "--json"])
            .output()
            .unwrap();
        assert!(stats.status.success() && stations.status.success());
        (stats.stdout, stations.stdout)
    }
    /// Runs `eom <args> FILE` on `bytes` written as `name`; expects `code` and `message`, and
    /// nothing changed.
    fn refused(&self, args: &[&str], name: &str, bytes: &[u8], code: i32, message: &str) {
        let file = self.path(name);
        std::fs::write(&file, bytes).unwrap();
        self.refused_at(args, &file, code, message);
    }
    fn refused_at(&self, args: &[&str], file: &Path, code: i32, message: &str) {
        let before = self.state();
        self.eom()
            .args(args)
            .arg(file)
            .assert()
            .code(code)
            .stderr(predicate::str::contains(message))
            .stderr(predicate::str::contains("panicked").not());
        assert_eq!(before, self.state(), "the database changed");
    }
    fn sample(&self) -> String {
        std::fs::read_to_string(self.path("sample.json")).unwrap()
    }
}

#[test]
fn truncated_bundle() {
    let env = with_sample();
    let text = env.sample();
    env.refused(
        &["import", "--allow-unsigned"],
        "cut.json",
        &text.as_bytes()[..text.len() / 2],
        3,
        "the file ends early: it may be truncated",
    );
}

#[test]
fn newer_bundle_format() {
    let env = with_sample();
    let text = env
        .sample()
        .replacen("\"format_version\": 2", "\"format_version\": 9", 1)
        .replacen("\"format_version\":2", "\"format_version\":9", 1);
    assert!(text.contains("\"format_version\":9") || text.contains("\"format_version\": 9"));
    env.refused(
        &["import", "--allow-unsigned"],
        "future.json",
        text.as_bytes(),
        3,
        "bundle format version 9 is newer than this program supports",
    );
}

#[test]
fn bundle_above_the_size_limit() {
    let env = with_sample();
    let file = env.path("enormous.json");
    std::fs::File::create(&file)
        .unwrap()
        .set_len(eom_core_limit())
        .unwrap();
    env.refused_at(
        &["import", "--allow-unsigned"],
        &file,
        3,
        "a bundle may have; it was not read",
    );
}

/// One byte over the documented limit (1 GiB), without linking the library into the test.
fn eom_core_limit() -> u64 {
    (1 << 30) + 1
}

#[test]
fn bundle_for_another_mission() {
    let env = with_sample();
    let other = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    other
        .eom()
        .args(["init", "--name", "Georgia 2024", "--country", "Georgia"])
        .args(["--election", "Parliamentary", "--date", "2024-10-26"])
        .args(["--time-zone", "Asia/Tbilisi"])
        .assert()
        .success();
    let bytes = env.sample();
    other.refused(
        &["import", "--allow-unsigned"],
        "sample.json",
        bytes.as_bytes(),
        4,
        "but this database holds \"Georgia 2024\"",
    );
}

#[test]
fn station_list_with_an_unclosed_quote() {
    let env = with_sample();
    env.refused(
        &["stations", "import"],
        "quote.csv",
        b"code,name\n9001,School 1\n9002,\"School 2\n9003,School 3\n",
        3,
        "line 3: a quoted field starts on this line and is never closed",
    );
}

#[test]
fn station_list_with_nul_bytes() {
    let env = with_sample();
    env.refused(
        &["stations", "import", "--skip-invalid"],
        "nul.csv",
        b"code,name\n9001,Sch\0ol\n",
        3,
        "control character U+0000",
    );
}
