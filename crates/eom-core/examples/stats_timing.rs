//! Times the statistics of an existing database: `cargo run --release -p eom-core --example
//! stats_timing -- big.eom`.

fn main() {
    let db = std::env::args().nth(1).unwrap_or_else(|| "big.eom".into());
    let mut store = eom_core::Store::open(std::path::Path::new(&db)).expect("database");
    let t = std::time::Instant::now();
    let s = store.statistics(&Default::default()).expect("statistics");
    eprintln!(
        "{} visits: statistics in {:?}",
        s.coverage.visits,
        t.elapsed()
    );
}
