//! `eom status` and the export notes: this database's own state, which the statistics and the
//! report leave out because it differs between databases holding the same records.

use eom_core::{ExportStatus, Store};
use serde::Serialize;

use crate::print::out;

#[derive(Serialize)]
struct Status<'a> {
    database: String,
    encrypted: bool,
    mission: String,
    is_sample: bool,
    /// The team this laptop joined with a kit; `None` on a core laptop.
    laptop_team: Option<String>,
    export: &'a ExportStatus,
}

pub fn status(store: &Store, db: &std::path::Path, json: bool) -> eom_core::Result<()> {
    let mission = store.mission()?;
    let export = store.export_status()?;
    let status = Status {
        database: db.display().to_string(),
        encrypted: store.is_encrypted(),
        mission: mission.name,
        is_sample: mission.is_sample,
        laptop_team: store.laptop_team()?,
        export: &export,
    };
    if json {
        crate::print::json(&status);
        return Ok(());
    }
    let encrypted = if status.encrypted {
        "encrypted"
    } else {
        "not encrypted"
    };
    out!("database:    {} ({encrypted})", status.database);
    let sample = if status.is_sample { " (sample)" } else { "" };
    out!("mission:     {}{sample}", status.mission);
    match &status.laptop_team {
        Some(team) => out!("this laptop: team {team}"),
        None => out!("this laptop: core team"),
    }
    match export.last_export_at {
        Some(at) => out!("last export: {at}"),
        None => out!("last export: never"),
    }
    out!("edited after export: {}", edited(&export));
    Ok(())
}

/// "3 records (2 checklists, 1 visit)" or "none".
fn edited(s: &ExportStatus) -> String {
    if s.edited_after_export == 0 {
        return "none".into();
    }
    let kinds: Vec<String> = s
        .edited_by_kind
        .iter()
        .map(|(kind, n)| {
            let plural = if *n == 1 { "" } else { "s" };
            format!("{n} {kind}{plural}")
        })
        .collect();
    let records = if s.edited_after_export == 1 {
        "record"
    } else {
        "records"
    };
    format!("{} {records} ({})", s.edited_after_export, kinds.join(", "))
}

/// After an export: what the bundle carried that was edited since the previous one, or, for a
/// report or analyst files, what the other laptops and HQ have not received yet.
pub fn export_note(before: &ExportStatus, bundle: bool) {
    if before.edited_after_export == 0 {
        return;
    }
    if bundle {
        out!("edited since the previous export: {}", edited(before));
    } else {
        eprintln!(
            "note: {} edited after their last bundle export; export a bundle to share them",
            edited(before)
        );
    }
}
