//! How long an answer's save waits while the mission is exported, the app's two ways:
//! behind the store's lock (one connection: the save waits for the export) and with the export on
//! a second connection (`Store::reopen`, what the app does).
//! `cargo run --release -p eom-core --example autosave_during_export -- big.eom [saves]`
//! (`eom --db big.eom demo --visits 20000` makes the database).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eom_core::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args.next().unwrap_or_else(|| "big.eom".into());
    let saves: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(400);
    let store = Store::open(std::path::Path::new(&db)).expect("database");
    let dir = tempfile::tempdir().expect("temp dir");
    let keys = Arc::new(eom_core::keys::Keys::open(&dir.path().join("keys")).expect("keys"));
    let out = dir.path().join("bundle.json");
    let target = {
        let v = store.visits(None).expect("visits");
        let c = store
            .checklists_for_visit(v[0].meta.id)
            .expect("checklists")[0]
            .clone();
        let code = c.answers.keys().next().expect("an answer").clone();
        (c.meta.id, code)
    };
    let store = Arc::new(Mutex::new(store));

    for second_connection in [false, true] {
        let exporting = {
            let (store, keys, out) = (store.clone(), keys.clone(), out.clone());
            std::thread::spawn(move || {
                let t = Instant::now();
                if second_connection {
                    let reopen = store.lock().unwrap().reopen().expect("a file");
                    reopen
                        .open()
                        .expect("reopen")
                        .export_bundle(&out, None, &keys)
                        .expect("export");
                } else {
                    store
                        .lock()
                        .unwrap()
                        .export_bundle(&out, None, &keys)
                        .expect("export");
                }
                t.elapsed()
            })
        };
        // The observer types: one answer saved every 10 ms while the export runs.
        let mut waits = Vec::new();
        std::thread::sleep(Duration::from_millis(50));
        while !exporting.is_finished() && waits.len() < saves {
            let t = Instant::now();
            let value = serde_json::json!(if waits.len() % 2 == 0 { "yes" } else { "no" });
            store
                .lock()
                .unwrap()
                .save_answer(target.0, &target.1, Some(value))
                .expect("save");
            waits.push(t.elapsed());
            std::thread::sleep(Duration::from_millis(10));
        }
        let export = exporting.join().expect("export thread");
        waits.sort();
        let at = |q: f64| waits[((waits.len() - 1) as f64 * q) as usize];
        println!(
            "{}: export {:.2} s; {} saves meanwhile: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            if second_connection {
                "export on a second connection"
            } else {
                "export behind the store's lock"
            },
            export.as_secs_f64(),
            waits.len(),
            at(0.5).as_secs_f64() * 1e3,
            at(0.99).as_secs_f64() * 1e3,
            waits.last().map_or(0.0, |d| d.as_secs_f64() * 1e3),
        );
    }
}
