//! The floor for bundle import: parse a bundle file with serde_json alone, nothing stored.
//! `cargo run --release -p eom-core --example parse_only -- big.json [typed|verified]`
//! `verified` reads it as an import does: signature checked over the content bytes, then parsed.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| "big.json".into());
    let data = std::fs::read(&path).expect("bundle file");
    let t = std::time::Instant::now();
    match args.next().as_deref() {
        Some("typed") => {
            let b: eom_core::bundle::Bundle =
                serde_json::from_slice(content(&data)).expect("bundle");
            eprintln!(
                "typed: {} checklists in {:?}",
                b.checklists.len(),
                t.elapsed()
            );
        }
        Some("verified") => {
            let o = eom_core::bundle::open_bundle_bytes(std::path::Path::new(&path), &data)
                .expect("bundle");
            eprintln!(
                "verified ({}): {} checklists in {:?}",
                o.signer.map_or("unsigned".into(), |s| s.key.fingerprint),
                o.bundle.checklists.len(),
                t.elapsed()
            );
        }
        _ => {
            let v: serde_json::Value = serde_json::from_slice(content(&data)).expect("json");
            eprintln!(
                "value: {} keys in {:?}",
                v.as_object().map_or(0, |o| o.len()),
                t.elapsed()
            );
        }
    }
}

/// The records inside a signed envelope (`content` first, the signature block last, as `eom
/// export` writes; the block's own `signature` member is a string), or the whole file for a
/// version 1 bundle.
fn content(data: &[u8]) -> &[u8] {
    let start = data.windows(10).position(|w| w == b"\"content\":");
    let end = data.windows(14).rposition(|w| w == b",\"signature\":{");
    match (start, end) {
        (Some(s), Some(e)) => &data[s + 10..e],
        _ => data,
    }
}
