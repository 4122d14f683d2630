//! Times the statistics of an existing database, cold (first run in the process) then warm:
//! `cargo run --release -p eom-core --example stats_timing -- big.eom [runs] [warm]`.
//! An encrypted database: its passphrase in `EOM_STATS_PASSPHRASE`. A filter: `EOM_STATS_REGION`,
//! `EOM_STATS_TEAM`, `EOM_STATS_PHASE` (e.g. `EOM_STATS_REGION=first` takes the first region).

fn main() {
    let mut args = std::env::args().skip(1);
    let db = args.next().unwrap_or_else(|| "big.eom".into());
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let options = eom_core::OpenOptions {
        passphrase: std::env::var("EOM_STATS_PASSPHRASE")
            .ok()
            .map(|p| eom_core::Passphrase::new(&p).expect("passphrase")),
        // `EOM_STATS_MEMORY=cached`: as the app reads (no memory map, a 16 MB page cache).
        memory: match std::env::var("EOM_STATS_MEMORY").as_deref() {
            Ok("cached") => eom_core::MemoryUse::Cached,
            _ => eom_core::MemoryUse::Mapped,
        },
    };
    let mut store =
        eom_core::Store::open_with(std::path::Path::new(&db), &options).expect("database");
    // With a third argument, the answers and the history go through the page cache first, as
    // after an import in the same process (the criterion bench's situation).
    if std::env::args().nth(3).is_some() {
        let summary = store.bundle(None).expect("bundle").summary();
        eprintln!("read {} answers first", summary.answers);
    }
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let mut filter = eom_core::stats::StatsFilter {
        region: var("EOM_STATS_REGION"),
        team: var("EOM_STATS_TEAM"),
        phase: var("EOM_STATS_PHASE").map(|p| p.parse().expect("phase")),
    };
    if filter.region.as_deref() == Some("first") {
        let all = store.statistics(&Default::default()).expect("statistics");
        filter.region = all.coverage.by_region.first().map(|g| g.group.clone());
    }
    eprintln!("filter: {filter:?}");
    for i in 0..runs {
        let t = std::time::Instant::now();
        let s = store.statistics(&filter).expect("statistics");
        eprintln!(
            "run {i}: {} visits, statistics in {:?}",
            s.coverage.visits,
            t.elapsed()
        );
    }
}
