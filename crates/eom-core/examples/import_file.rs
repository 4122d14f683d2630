//! Imports a bundle into a database, timed: `cargo run --release -p eom-core --example import_file
//! -- big.json big.eom` (the CLI's `eom import` without the report crate, for profiling).

fn main() {
    let mut args = std::env::args().skip(1);
    let bundle = args.next().unwrap_or_else(|| "big.json".into());
    let db = args.next().unwrap_or_else(|| "big.eom".into());
    let mut store = eom_core::Store::open(std::path::Path::new(&db)).expect("database");
    let t = std::time::Instant::now();
    let report = store
        .import_bundle_with(
            std::path::Path::new(&bundle),
            eom_core::bundle::ImportOptions::GENERATED,
            &mut |_, _| {},
        )
        .expect("import");
    eprintln!(
        "imported {} records in {:?}",
        report.total().added + report.total().updated,
        t.elapsed()
    );
}
