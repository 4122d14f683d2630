//! The floor for bundle import: parse a bundle file with serde_json alone, nothing stored.
//! `cargo run --release -p eom-core --example parse_only -- big.json [typed]`

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "big.json".into());
    let data = std::fs::read(&path).expect("bundle file");
    let t = std::time::Instant::now();
    if args.next().as_deref() == Some("typed") {
        let b: eom_core::bundle::Bundle = serde_json::from_slice(&data).expect("bundle");
        eprintln!(
            "typed: {} checklists in {:?}",
            b.checklists.len(),
            t.elapsed()
        );
    } else {
        let v: serde_json::Value = serde_json::from_slice(&data).expect("json");
        eprintln!(
            "value: {} keys in {:?}",
            v.as_object().map_or(0, |o| o.len()),
            t.elapsed()
        );
    }
}
