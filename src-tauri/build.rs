fn main() {
    // The app's own commands, each with a generated `allow-<command>` permission; the capability
    // file grants exactly these (see permissions/app.toml).
    let commands = &[
        "app_info",
        "create_mission",
        "open_sample_mission",
        "update_mission",
        "teams",
        "save_team",
        "observers",
        "add_observer",
        "update_observer",
        "delete_observer",
        "stations",
        "station_count",
        "choose_stations_csv",
        "import_stations",
        "start_visit",
        "open_visit",
        "visit",
        "visits",
        "save_visit_header",
        "depart",
        "delete_visit",
        "templates",
        "open_checklist",
        "checklist",
        "checklists_for_visit",
        "save_answer",
        "checklist_findings",
        "submit_checklist",
        "review_checklist",
        "incident_categories",
        "record_incident",
        "incidents",
        "attachments_of",
        "attach_photo",
        "statistics",
        "export_bundle",
        "choose_bundle",
        "import_bundle",
        "export_csv",
    ];
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(commands)),
    )
    .expect("tauri build script failed");
}
