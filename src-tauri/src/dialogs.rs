//! Open and save dialogs, opened from Rust: the webview never chooses a path.
//!
//! With the cargo feature `e2e` (tests only; release builds never enable it) the environment
//! variable `EOM_TEST_DIALOG_PATH` replaces every dialog: its value is the chosen path, or, when it
//! starts with `@`, the name of a file whose content is the chosen path (so a test can change the
//! answer between steps; an empty file means "cancelled").

use std::path::PathBuf;

use tauri::AppHandle;
use tauri_plugin_dialog::DialogExt;

#[derive(Clone, Copy)]
pub enum Pick {
    StationsCsv,
    BundleOpen,
    BundleSave,
    CsvFolder,
    Photo,
    ReportPdf,
    ReportHtml,
    KitSave,
    KitOpen,
    /// The analyst workbook (`.xlsx`).
    Workbook,
    /// The stations with coordinates (`.geojson`).
    GeoJson,
    /// The blank paper forms (`.pdf`).
    FormsPdf,
    /// An XLSForm to import (`.xlsx`, `.xls`, `.ods`).
    XlsFormOpen,
    /// A template written as an XLSForm (`.xlsx`).
    XlsFormSave,
}

impl Pick {
    /// The `progress` event's task for the work on the chosen file.
    pub fn task(self) -> &'static str {
        match self {
            Pick::StationsCsv => "stations",
            Pick::BundleOpen => "preview",
            Pick::BundleSave => "export",
            Pick::CsvFolder => "csv",
            Pick::Photo => "attach",
            Pick::ReportPdf | Pick::ReportHtml => "report",
            Pick::KitSave => "kit",
            Pick::KitOpen => "join",
            Pick::Workbook => "xlsx",
            Pick::GeoJson => "geojson",
            Pick::FormsPdf => "forms",
            Pick::XlsFormOpen | Pick::XlsFormSave => "xlsform",
        }
    }

    /// Whether the work on the chosen file writes to the store (then it runs on the store);
    /// exports only read and run on a second connection, so the autosave never waits behind them.
    pub fn writes_to_store(self) -> bool {
        matches!(
            self,
            Pick::StationsCsv
                | Pick::BundleOpen
                | Pick::Photo
                | Pick::KitSave
                | Pick::KitOpen
                | Pick::XlsFormOpen
        )
    }
}

/// The path chosen in a dialog (`choose`'s arguments), or `return Ok(None)` from the command
/// when the user cancelled.
macro_rules! chosen {
    ($app:expr, $pick:expr, $name:expr) => {
        match $crate::dialogs::choose($app, $pick, $name) {
            Some(path) => path,
            None => return Ok(None),
        }
    };
}
pub(crate) use chosen;

#[cfg(feature = "e2e")]
fn test_override() -> Option<Option<PathBuf>> {
    let v = std::env::var("EOM_TEST_DIALOG_PATH").ok()?;
    match v.strip_prefix('@') {
        Some(file) => {
            let s = std::fs::read_to_string(file).unwrap_or_default();
            let s = s.trim();
            Some((!s.is_empty()).then(|| PathBuf::from(s)))
        }
        None => Some(Some(PathBuf::from(v))),
    }
}

#[cfg(not(feature = "e2e"))]
fn test_override() -> Option<Option<PathBuf>> {
    None
}

/// Blocks until the user chooses (call from an async command, never the main thread).
pub fn choose(app: &AppHandle, what: Pick, suggested_name: &str) -> Option<PathBuf> {
    if let Some(answer) = test_override() {
        return answer;
    }
    let d = app.dialog().file();
    let picked = match what {
        Pick::StationsCsv => d.add_filter("CSV", &["csv", "txt"]).blocking_pick_file(),
        Pick::BundleOpen => d.add_filter("EOM bundle", &["json"]).blocking_pick_file(),
        Pick::BundleSave => d
            .add_filter("EOM bundle", &["json"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::CsvFolder => d.blocking_pick_folder(),
        Pick::KitSave => d
            .add_filter("EOM mission kit", &["eomkit"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::KitOpen => d
            .add_filter("EOM mission kit", &["eomkit"])
            .blocking_pick_file(),
        Pick::ReportPdf | Pick::FormsPdf => d
            .add_filter("PDF", &["pdf"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::ReportHtml => d
            .add_filter("HTML", &["html"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::Workbook => d
            .add_filter("Excel workbook", &["xlsx"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::GeoJson => d
            .add_filter("GeoJSON", &["geojson", "json"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::XlsFormOpen => d
            .add_filter("XLSForm", &["xlsx", "xls", "ods"])
            .blocking_pick_file(),
        Pick::XlsFormSave => d
            .add_filter("XLSForm", &["xlsx"])
            .set_file_name(suggested_name)
            .blocking_save_file(),
        Pick::Photo => d
            .add_filter(
                "Images",
                &["jpg", "jpeg", "png", "heic", "webp", "tif", "tiff", "pdf"],
            )
            .blocking_pick_file(),
    };
    picked.and_then(|p| p.into_path().ok())
}
