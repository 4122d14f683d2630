//! Where the mission database lives: one function, used by the CLI and the desktop app alike.

use std::path::PathBuf;

/// The desktop app's identifier; Tauri's `app_data_dir` is the platform data folder joined with it.
pub const APP_IDENTIFIER: &str = "org.eom-reporter.app";

/// The default database file name inside the data folder.
pub const DB_FILE: &str = "mission.eom";

/// `EOM_DB` if set, else `<platform data folder>/org.eom-reporter.app/mission.eom`
/// (Linux `~/.local/share/…`, Windows `%APPDATA%\…`, macOS `~/Library/Application Support/…`).
pub fn default_db_path() -> PathBuf {
    if let Some(p) = std::env::var_os("EOM_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    data_dir().join(DB_FILE)
}

pub fn data_dir() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join(APP_IDENTIFIER)
}
