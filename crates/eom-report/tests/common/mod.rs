//! Helpers for the report tests: missions in temporary databases, and text out of PDFs.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

use eom_core::Store;
use eom_core::demo::{self, MissionSpec};

/// A store in a temporary directory (dropped with the `TempDir`), never the user's data folder.
pub fn temp_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("mission.db")).expect("open store");
    (dir, store)
}

pub fn sample_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = temp_store();
    demo::load_sample(&mut store).expect("load sample");
    (dir, store)
}

pub fn generated_store(visits: usize) -> (tempfile::TempDir, Store) {
    let (dir, mut store) = temp_store();
    let bundle = demo::generate(&MissionSpec {
        seed: 7,
        visits,
        teams: (visits / 10).max(2),
        stations: visits * 3,
        all_phases: false,
        // Enough problems that every section (protocol failures, flags) has rows to check.
        problem_rate: 0.15,
    });
    store
        .merge_bundle(Path::new("generated"), &bundle, true, &mut |_, _| {})
        .expect("merge");
    (dir, store)
}

/// Is a poppler tool on the PATH? Tests that need it say so clearly and skip when it is not.
pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    if !ok {
        eprintln!("SKIPPED: `{tool}` (poppler-utils) is not installed; `make test` installs it");
    }
    ok
}

/// The PDF's text in reading layout (`pdftotext -layout`), or None when pdftotext is missing.
pub fn pdf_text(pdf: &[u8]) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8(out.stdout).expect("utf-8 text"))
}

/// Whitespace collapsed to single spaces, so phrases broken across lines still match.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does some line of `text` hold `cells` in this order, each as whole words (a table row in
/// `-layout` output)? A cell may be several words ("3 of 29").
pub fn has_row(text: &str, cells: &[&str]) -> bool {
    text.lines().any(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        let mut at = 0;
        for c in cells {
            let want: Vec<&str> = c.split_whitespace().collect();
            match (at..words.len()).find(|&i| words[i..].starts_with(&want)) {
                Some(i) => at = i + want.len(),
                None => return false,
            }
        }
        true
    })
}
