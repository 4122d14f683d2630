//! Writes a generated mission bundle, for timing imports by hand:
//! `cargo run --release -p eom-core --example generate_bundle -- 20000 /tmp/big.json`
//! then `time eom --db /tmp/big.eom import /tmp/big.json`.

fn main() {
    let mut args = std::env::args().skip(1);
    let visits: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let out = args.next().unwrap_or_else(|| "big.json".into());
    let bundle = eom_core::demo::generate(&eom_core::demo::MissionSpec::generated(visits));
    // Signed with this installation's key ($EOM_KEY_DIR or the data folder), like `eom export`.
    let keys = eom_core::keys::Keys::open(&eom_core::keys::default_key_dir()).expect("signing key");
    eom_core::bundle::write_signed(
        std::path::Path::new(&out),
        &bundle,
        &keys,
        bundle.exported_at,
    )
    .expect("write bundle");
    eprintln!(
        "{out}: {} visits, {} checklists",
        bundle.visits.len(),
        bundle.checklists.len()
    );
}
