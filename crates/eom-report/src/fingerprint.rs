//! The data fingerprint printed on the cover: which data a report was made from.
//!
//! SHA-256 over the bundle's JSON with object keys sorted (so it does not depend on serde_json's
//! map order) and without `exported_at`, `exported_by` and `edit_history`: those say when, where and
//! by whom a bundle was written, not what it holds, so the same records give the same fingerprint on
//! any installation.

use std::io::Write;

use eom_core::bundle::Bundle;
use eom_core::edit_history::HashWriter;
use serde_json::Value;
use sha2::{Digest, Sha256};

fn write_canonical(v: &Value, w: &mut HashWriter) -> std::io::Result<()> {
    match v {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            w.write_all(b"{")?;
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                serde_json::to_writer(&mut *w, k)?;
                w.write_all(b":")?;
                write_canonical(&map[k], w)?;
            }
            w.write_all(b"}")
        }
        Value::Array(items) => {
            w.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    w.write_all(b",")?;
                }
                write_canonical(item, w)?;
            }
            w.write_all(b"]")
        }
        scalar => serde_json::to_writer(&mut *w, scalar).map_err(std::io::Error::other),
    }
}

/// The full hex SHA-256 of the canonical bundle JSON.
pub fn fingerprint_full(bundle: &Bundle) -> String {
    let mut value = serde_json::to_value(bundle).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.remove("exported_at");
        map.remove("exported_by");
        // Provenance, not data: each installation's chain differs (its own `imported` entries).
        map.remove("edit_history");
    }
    let mut w = HashWriter(Sha256::new());
    // Writing into a hasher cannot fail.
    let _ = write_canonical(&value, &mut w);
    w.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 16 hex digits, as printed on the cover.
pub fn fingerprint(bundle: &Bundle) -> String {
    fingerprint_full(bundle)[..16].to_string()
}
