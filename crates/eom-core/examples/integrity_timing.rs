//! Costs of signing and the edit history on an imported mission database:
//! `cargo run --release -p eom-core --example integrity_timing -- big.eom`
//! Times 2,000 answer saves (each appends one chained entry), the part of one save spent hashing
//! the checklist, and `verify_history` over the whole database.

use std::time::Instant;

use serde_json::json;

fn main() {
    let db = std::env::args().nth(1).unwrap_or_else(|| "big.eom".into());
    let mut store = eom_core::Store::open(std::path::Path::new(&db)).expect("database");
    let visit = store.visits(None).expect("visits")[100].clone();
    let checklist = store
        .checklists_for_visit(visit.meta.id)
        .expect("checklists")[1]
        .clone();
    let code = checklist.answers.keys().next().expect("an answer").clone();
    let mut times = Vec::with_capacity(2000);
    for i in 0..2000 {
        let t = Instant::now();
        store
            .save_answer(
                checklist.meta.id,
                &code,
                Some(json!(["yes", "no", "not_observed"][i % 3])),
            )
            .expect("save");
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    eprintln!(
        "save_answer: p50 {:.3} ms, p99 {:.3} ms over {} saves",
        pct(0.5).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        times.len()
    );
    let c = store.checklist(checklist.meta.id).expect("checklist");
    let t = Instant::now();
    for _ in 0..2000 {
        std::hint::black_box(eom_core::edit_history::content_sha256(&c));
    }
    eprintln!(
        "hashing the checklist ({} answers): {:.4} ms per save",
        c.answers.len(),
        t.elapsed().as_secs_f64() * 1e3 / 2000.0
    );
    let t = Instant::now();
    let check = store.verify_history().expect("verify");
    eprintln!(
        "verify_history: {} entries, {} records, intact {}, in {:?}",
        check.entries,
        check.records_checked,
        check.intact(),
        t.elapsed()
    );
}
