//! What the edit history a real bundle carries costs its import: a laptop's bundle holds one
//! entry per autosave, far more entries than records.
//! `cargo run --release -p eom-core --example history_bundle_timing -- big.eom SAVES out.json`
//! Copies `big.eom` (an imported mission), saves SAVES answers across its first checklists (each
//! appends a chained entry), exports a signed bundle, and times importing it into an empty
//! database beside the import of the same records without the extra entries.

use std::path::Path;
use std::time::Instant;

use serde_json::json;

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args.next().unwrap_or_else(|| "big.eom".into());
    let saves: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(100_000);
    let out = args.next().unwrap_or_else(|| "history.json".into());
    let dir = tempfile::tempdir().expect("temporary folder");
    let copy = dir.path().join("laptop.eom");
    std::fs::copy(&db, &copy).expect("copy of the database");
    let mut store = eom_core::Store::open(&copy).expect("database");
    let mut checklists = Vec::new();
    for v in store
        .visits(None)
        .expect("visits")
        .iter()
        .take(saves / 20 + 1)
    {
        for c in store.checklists_for_visit(v.meta.id).expect("checklists") {
            if let Some(code) = c.answers.keys().next() {
                checklists.push((c.meta.id, code.clone()));
            }
        }
    }
    let t = Instant::now();
    for i in 0..saves {
        let (id, code) = &checklists[i % checklists.len()];
        let value = json!(["yes", "no", "not_observed"][i % 3]);
        store.save_answer(*id, code, Some(value)).expect("save");
    }
    eprintln!(
        "{saves} saves over {} checklists in {:?}",
        checklists.len(),
        t.elapsed()
    );
    let keys = eom_core::keys::Keys::open(&dir.path().join("keys")).expect("keys");
    let out = Path::new(&out);
    store.export_bundle(out, None, &keys).expect("export");
    let bundle = eom_core::bundle::read_bundle(out).expect("bundle");
    eprintln!(
        "bundle: {} checklists, {} edit-history entries, {:.1} MB",
        bundle.checklists.len(),
        bundle.edit_history.len(),
        std::fs::metadata(out).expect("bundle file").len() as f64 / 1e6
    );
    let data = std::fs::read(out).expect("bundle file");
    let t = Instant::now();
    let value: serde_json::Value = serde_json::from_slice(&data).expect("json");
    drop(value);
    eprintln!("bare parse into Value, dropped: {:?}", t.elapsed());
    let mut empty = eom_core::Store::open(&dir.path().join("hq.eom")).expect("empty database");
    let t = Instant::now();
    let report = empty
        .import_bundle_with(
            out,
            eom_core::bundle::ImportOptions::GENERATED,
            &mut |_, _| {},
        )
        .expect("import");
    eprintln!(
        "import into an empty database: {:?} ({} records, history break: {})",
        t.elapsed(),
        report.total().added,
        report.history_break.is_some()
    );
}
