//! The data fingerprint printed on the cover: which data a report was made from.
//!
//! SHA-256 over the bundle's compact JSON as `eom_core` writes it (fields in declaration order,
//! answers and every other map sorted by key), without `exported_at`, `exported_by` and
//! `edit_history`: those say when, where and by whom a bundle was written, not what it holds, so
//! the same records give the same fingerprint on any installation. The records are streamed into
//! the hash as they serialize: no JSON text or `Value` tree is built (at 1,000 visits that was a
//! fifth of the time to make a report).

use eom_core::bundle::Bundle;
use eom_core::hash::HashWriter;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The parts of a bundle that are its data.
#[derive(Serialize)]
struct Content<'a> {
    format: &'a str,
    format_version: u64,
    mission: &'a eom_core::model::Mission,
    templates: &'a [eom_core::templates::Template],
    observers: &'a [eom_core::model::Observer],
    teams: &'a [eom_core::model::Team],
    stations: &'a [eom_core::model::Station],
    visits: &'a [eom_core::model::Visit],
    checklists: &'a [eom_core::model::Checklist],
    incidents: &'a [eom_core::model::Incident],
    attachments: &'a [eom_core::model::Attachment],
    replaced_versions: &'a [eom_core::bundle::ReplacedVersion],
}

fn content(b: &Bundle) -> Content<'_> {
    // Destructured so that a new member of `Bundle` fails to compile here until it is decided
    // whether it is data.
    let Bundle {
        format,
        format_version,
        exported_at: _,
        exported_by: _,
        mission,
        templates,
        observers,
        teams,
        stations,
        visits,
        checklists,
        incidents,
        attachments,
        replaced_versions,
        edit_history: _,
        kit: _,
    } = b;
    Content {
        format,
        format_version: *format_version,
        mission,
        templates,
        observers,
        teams,
        stations,
        visits,
        checklists,
        incidents,
        attachments,
        replaced_versions,
    }
}

/// The full hex SHA-256 of the bundle's data.
pub fn fingerprint_full(bundle: &Bundle) -> String {
    let mut w = HashWriter(Sha256::new());
    // Serializing our own types into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut w, &content(bundle));
    w.0.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The first 16 hex digits, as printed on the cover.
/// [`fingerprint_full`] of the store's records with the answers streamed one checklist at a time:
/// `bundle` is `Store::bundle_without_answers`. The bytes hashed are those `Content` serialises to
/// (serde_json writes a struct's fields in their declared order; the tests compare the two).
pub fn fingerprint_streamed(store: &eom_core::Store, bundle: &Bundle) -> eom_core::Result<String> {
    use std::io::Write;
    let c = content(bundle);
    let mut w = HashWriter(Sha256::new());
    // Writing into a hasher cannot fail, nor can serialising these plain records.
    let field = |w: &mut HashWriter, name: &str, value: &dyn erased::Json| {
        let _ = write!(w, "{}\"{name}\":", if name == "format" { "{" } else { "," });
        value.write_json(w);
    };
    field(&mut w, "format", &c.format);
    field(&mut w, "format_version", &c.format_version);
    field(&mut w, "mission", c.mission);
    field(&mut w, "templates", &c.templates);
    field(&mut w, "observers", &c.observers);
    field(&mut w, "teams", &c.teams);
    field(&mut w, "stations", &c.stations);
    field(&mut w, "visits", &c.visits);
    let _ = w.write_all(b",\"checklists\":[");
    let mut first = true;
    store.for_each_checklist(|checklist| {
        if !std::mem::take(&mut first) {
            let _ = w.write_all(b",");
        }
        let _ = serde_json::to_writer(&mut w, checklist);
        Ok(())
    })?;
    let _ = w.write_all(b"]");
    field(&mut w, "incidents", &c.incidents);
    field(&mut w, "attachments", &c.attachments);
    field(&mut w, "replaced_versions", &c.replaced_versions);
    let _ = w.write_all(b"}");
    let hex: String = w.0.finalize().iter().map(|b| format!("{b:02x}")).collect();
    Ok(hex[..16].to_string())
}

/// Serialising through a `dyn` (serde's `Serialize` is not object safe).
mod erased {
    pub trait Json {
        fn write_json(&self, w: &mut super::HashWriter);
    }
    impl<T: serde::Serialize + ?Sized> Json for T {
        fn write_json(&self, w: &mut super::HashWriter) {
            let _ = serde_json::to_writer(w, self);
        }
    }
}

pub fn fingerprint(bundle: &Bundle) -> String {
    fingerprint_full(bundle)[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bundle members left out of the fingerprint (provenance, not data).
    const NOT_DATA: [&str; 3] = ["exported_at", "exported_by", "edit_history"];

    /// The fingerprint covers every member of a bundle but the provenance ones.
    #[test]
    fn covers_every_member_but_provenance() {
        let b = eom_core::demo::sample_bundle();
        let all = serde_json::to_value(&b).unwrap();
        let data = serde_json::to_value(content(&b)).unwrap();
        let mut expected: Vec<&String> = all
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| !NOT_DATA.contains(&k.as_str()))
            .collect();
        let mut got: Vec<&String> = data.as_object().unwrap().keys().collect();
        expected.sort();
        got.sort();
        assert_eq!(got, expected);
    }

    #[test]
    fn ignores_provenance_and_sees_any_change_of_data() {
        let b = eom_core::demo::sample_bundle();
        let mut moved = b.clone();
        moved.exported_at = eom_core::time::Timestamp::parse("2030-01-01T00:00:00Z").unwrap();
        moved.edit_history.clear();
        assert_eq!(fingerprint_full(&b), fingerprint_full(&moved));
        let mut changed = b.clone();
        changed.visits[0].notes.push('.');
        assert_ne!(fingerprint_full(&b), fingerprint_full(&changed));
    }
}
