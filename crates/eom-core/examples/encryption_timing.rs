//! The cost of encryption at rest, for docs/benchmarks.md: a generated mission imported into an
//! empty database and 1,000 answers saved one by one (as the app's autosave does), plaintext and
//! encrypted, in the same build.
//!
//! `cargo run --release -p eom-core --example encryption_timing -- 2000`

use std::time::Instant;

use eom_core::demo::{MissionSpec, generate};
use eom_core::{OpenOptions, Passphrase, Store};
use serde_json::json;

fn main() {
    let visits: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir().expect("temp dir");
    let bundle = generate(&MissionSpec {
        seed: 7,
        visits,
        teams: visits / 8,
        stations: visits / 2,
        all_phases: true,
        problem_rate: 0.05,
    });
    let path = dir.path().join("bundle.json");
    // Signed like a real export (the key lives in the temporary folder).
    let keys = eom_core::keys::Keys::open(&dir.path().join("keys")).expect("signing key");
    eom_core::bundle::write_signed(&path, &bundle, &keys, bundle.exported_at).expect("write");
    for (label, passphrase) in [
        ("plaintext", None),
        (
            "encrypted",
            Some(Passphrase::new("bench passphrase").expect("pass")),
        ),
    ] {
        let db = dir.path().join(format!("{label}.eom"));
        let options = OpenOptions {
            passphrase,
            ..Default::default()
        };
        let t = Instant::now();
        let mut store = Store::open_with(&db, &options).expect("open");
        let open = t.elapsed();
        let t = Instant::now();
        store
            .import_bundle_with(
                &path,
                eom_core::bundle::ImportOptions::GENERATED,
                &mut |_, _| {},
            )
            .expect("import");
        let import = t.elapsed();
        let t = Instant::now();
        store
            .import_bundle_with(
                &path,
                eom_core::bundle::ImportOptions::GENERATED,
                &mut |_, _| {},
            )
            .expect("reimport");
        let reimport = t.elapsed();
        let visit = store.visits(None).expect("visits")[100].clone();
        let checklist = store
            .checklists_for_visit(visit.meta.id)
            .expect("checklists")[1]
            .clone();
        let code = checklist.answers.keys().next().expect("answer").clone();
        let mut times = Vec::new();
        for i in 0..1000 {
            let v = ["yes", "no", "not_observed"][i % 3];
            let t = Instant::now();
            store
                .save_answer(checklist.meta.id, &code, Some(json!(v)))
                .expect("save");
            times.push(t.elapsed());
        }
        times.sort();
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
        let t = Instant::now();
        let b = store
            .backup(eom_core::BackupReason::Manual)
            .expect("backup");
        let backup = t.elapsed();
        drop(store);
        let t = Instant::now();
        let store = Store::open_with(&db, &options).expect("reopen");
        let reopen = t.elapsed();
        drop(store);
        println!(
            "{label}: open (new file) {:.0} ms, open (existing) {:.0} ms, import {:.0} ms, re-import (with its backup) {:.0} ms, save p50 {:.3} ms p99 {:.3} ms, backup {:.0} ms ({:.1} MB)",
            ms(open),
            ms(reopen),
            ms(import),
            ms(reimport),
            ms(times[500]),
            ms(times[990]),
            ms(backup),
            b.size as f64 / 1e6
        );
    }
}
