//! Records this laptop creates from another tool's files (a form's template, phone submissions)
//! enter the mission as a bundle it vouches for (`Store::merge_bundle`): one transaction, checked
//! like any import, with entries in this device's edit history, and idempotent by record id.

use eom_core::Store;
use eom_core::bundle::{Bundle, ExportedBy, FORMAT, FORMAT_VERSION};
use eom_core::model::Mission;

/// A bundle of the mission as it is, with nothing else yet.
pub(crate) fn bundle_for(store: &Store, mission: Mission) -> Bundle {
    Bundle {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        exported_at: store.now(),
        exported_by: ExportedBy {
            device: store.device_id(),
            team: None,
        },
        mission,
        templates: Vec::new(),
        observers: Vec::new(),
        teams: Vec::new(),
        stations: Vec::new(),
        visits: Vec::new(),
        checklists: Vec::new(),
        incidents: Vec::new(),
        attachments: Vec::new(),
        replaced_versions: Vec::new(),
        edit_history: Vec::new(),
        kit: None,
    }
}
