//! EOM Reporter's desktop shell: Tauri commands over `eom-core`, dialogs, progress events.
//! Nothing else lives here: every rule is in the library.

pub mod bindings;
pub mod commands;
pub mod dialogs;
pub mod encryption;
pub mod error;
pub mod exchange;
mod memory;
pub mod safety;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use eom_core::backup::BackupInfo;
use eom_core::db::{MemoryUse, OpenOptions, Passphrase};
use eom_core::encryption::{ConversionReport, Files};
use eom_core::keys::Keys;
use eom_core::time::{Clock, SystemClock};
use eom_core::{ErrorCode, Store};

use crate::error::{AppError, CmdResult};

/// The app's state: one store on the same database file the CLI uses.
pub struct AppState {
    pub db_path: PathBuf,
    /// The folder of this laptop's signing key (the platform data folder, or `EOM_KEY_DIR`).
    pub key_dir: PathBuf,
    store: Mutex<Option<Store>>,
    /// The passphrase the database was opened with: the signing key is sealed under it, and a
    /// failed conversion reopens the database with it.
    passphrase: Mutex<Option<Passphrase>>,
    /// The signing key, unsealed once per opening.
    keys: Mutex<Option<Arc<Keys>>>,
    /// Why the database could not be opened (e.g. it is encrypted and needs its passphrase).
    unopened_reason: Mutex<Option<AppError>>,
    /// Paths chosen in a dialog, waiting for the user to confirm the import.
    pub pending_csv: Mutex<Option<PathBuf>>,
    pub pending_bundle: Mutex<Option<PathBuf>>,
}

impl AppState {
    pub fn open(db_path: PathBuf) -> Self {
        if let Some(dir) = db_path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let state = AppState {
            db_path,
            key_dir: eom_core::keys::default_key_dir(),
            store: Mutex::default(),
            passphrase: Mutex::default(),
            keys: Mutex::default(),
            unopened_reason: Mutex::default(),
            pending_csv: Mutex::default(),
            pending_bundle: Mutex::default(),
        };
        // A failure is kept in `unopened_reason` for the UI (which asks for a passphrase if needed).
        let _ = state.unlock(None);
        state
    }

    /// Opens the database, with its passphrase when it is encrypted, and takes the start-up
    /// backup of a database that holds a mission.
    pub fn unlock(&self, passphrase: Option<Passphrase>) -> CmdResult<()> {
        let mut store = lock(&self.store)?;
        *store = None;
        self.open_into(&mut store, passphrase)
    }

    fn open_into(
        &self,
        store: &mut Option<Store>,
        passphrase: Option<Passphrase>,
    ) -> CmdResult<()> {
        let options = OpenOptions {
            passphrase: passphrase.clone(),
            memory: MemoryUse::Cached,
        };
        *lock(&self.keys)? = None;
        let opened = Store::open_with(&self.db_path, &options).map(|mut s| {
            // The store judges imports by this laptop's role. A key that will not unseal is
            // reported by the first command that signs (`keys`).
            if let Ok(keys) = Keys::open_with(&self.key_dir, passphrase.as_ref()) {
                let _ = s.set_laptop_key(keys.public());
                if let Ok(mut k) = self.keys.lock() {
                    *k = Some(Arc::new(keys));
                }
            }
            let _ = s.backup_at_start();
            s
        });
        let mut error = lock(&self.unopened_reason)?;
        match opened {
            Ok(s) => {
                *store = Some(s);
                *lock(&self.passphrase)? = passphrase;
                *error = None;
                Ok(())
            }
            Err(e) => {
                let e = AppError::from(e);
                *error = Some(e.clone());
                Err(e)
            }
        }
    }

    /// This laptop's signing key, unsealed with the database's passphrase.
    pub fn keys(&self) -> CmdResult<Arc<Keys>> {
        let mut keys = lock(&self.keys)?;
        if let Some(k) = keys.as_ref() {
            return Ok(k.clone());
        }
        let passphrase = lock(&self.passphrase)?.clone();
        let k = Arc::new(Keys::open_with(&self.key_dir, passphrase.as_ref())?);
        *keys = Some(k.clone());
        Ok(k)
    }

    /// This laptop's public key, shown without unsealing (a sealed key file keeps its public half
    /// in clear); `None` when the key folder cannot be read or written.
    pub fn public_key(&self) -> Option<eom_core::keys::PublicKey> {
        match eom_core::keys::public_key_in(&self.key_dir) {
            Ok(Some(k)) => Some(k),
            _ => self.keys().ok().map(|k| k.public()),
        }
    }

    /// Refuses a passphrase other than the one the database is encrypted with (creating or
    /// joining again after a failure, with another passphrase typed).
    pub fn same_passphrase(&self, given: &Passphrase) -> CmdResult<()> {
        match lock(&self.passphrase)?.as_ref() {
            Some(p) if p.as_str() != given.as_str() => Err(AppError {
                code: ErrorCode::WrongPassphrase,
                message: format!(
                    "{} is already encrypted with another passphrase: type that one, or open it and change the passphrase in Mission settings",
                    self.db_path.display()
                ),
                details: None,
            }),
            _ => Ok(()),
        }
    }

    /// Whether the open database is encrypted.
    pub fn encrypted(&self) -> bool {
        self.passphrase.lock().map(|p| p.is_some()).unwrap_or(false)
    }

    /// Converts the database (and the signing key with it) with the database closed, then opens
    /// it under `new`. On failure the library has changed nothing, and the database is reopened
    /// as it was.
    pub fn convert(
        &self,
        new: Option<Passphrase>,
        convert: impl FnOnce(Files, Option<&Passphrase>) -> eom_core::Result<ConversionReport>,
    ) -> CmdResult<ConversionReport> {
        let mut store = lock(&self.store)?;
        let current = lock(&self.passphrase)?.clone();
        // Closing the connection before the file is replaced.
        *store = None;
        let files = Files {
            db: &self.db_path,
            key_dir: Some(&self.key_dir),
        };
        match convert(files, current.as_ref()) {
            Ok(report) => {
                self.open_into(&mut store, new)?;
                Ok(report)
            }
            Err(e) => {
                let _ = self.open_into(&mut store, current);
                Err(e.into())
            }
        }
    }

    /// Replaces the database that would not open with backup `id` (the library moves the broken
    /// file aside), then opens it with the same passphrase. Refused while the database is open:
    /// replacing the file under an open connection is not safe (`eom_core::backup::restore`).
    pub fn restore(&self, id: &str, passphrase: Option<Passphrase>) -> CmdResult<BackupInfo> {
        let options = OpenOptions {
            passphrase: passphrase.clone(),
            ..Default::default()
        };
        let restored = {
            let store = lock(&self.store)?;
            if store.is_some() {
                return Err(AppError {
                    code: ErrorCode::Conflict,
                    message: "the database is open: restore a backup with `eom backup restore` while the app is closed".into(),
                    details: None,
                });
            }
            eom_core::backup::restore(&self.db_path, id, &options, SystemClock.now())?
        };
        self.unlock(passphrase)?;
        Ok(restored)
    }

    pub fn unopened_reason(&self) -> Option<AppError> {
        self.unopened_reason.lock().ok().and_then(|e| e.clone())
    }

    pub fn with<T, E: Into<AppError>>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> CmdResult<T> {
        // Commands run on the async runtime's few worker threads (`#[tauri::command(async)]`).
        // Waiting here for the store, behind an import, must not hold a worker from the other
        // commands: tokio hands this one's queued work to another thread meanwhile.
        memory::released_after(|| {
            tokio::task::block_in_place(|| match lock(&self.store)?.as_mut() {
                Some(s) => f(s).map_err(Into::into),
                None => Err(self
                    .unopened_reason()
                    .unwrap_or_else(|| AppError::shell("no database"))),
            })
        })
    }
}

impl AppState {
    /// Runs a long read (an export, the report's data, a backup) on a second connection to the
    /// database: the store's lock is held only to learn how to open it, so an answer saved
    /// meanwhile never waits (`eom_core::Reopen`).
    pub fn reading<T, E: Into<AppError>>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<T, E>,
    ) -> CmdResult<T> {
        match self.with(|s| Ok::<_, AppError>(s.reopen()))? {
            Some(reopen) => memory::released_after(|| f(&mut reopen.open()?).map_err(Into::into)),
            None => self.with(f),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> CmdResult<std::sync::MutexGuard<'_, T>> {
    m.lock()
        .map_err(|_| AppError::shell("the database lock was poisoned"))
}

/// Backs up hourly while the app is open (the library decides when one is due).
fn hourly_backups(app: tauri::AppHandle) {
    use tauri::Manager;
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(std::time::Duration::from_secs(300));
            let state = app.state::<AppState>();
            let _ = state.reading(|s| {
                let now = s.now();
                s.backup_if_due(now)
            });
        }
    });
}

/// WebKitGTK's accelerated compositing (DMA-BUF renderer) costs ≈ 90 MB more in the web process
/// for a forms-and-tables UI and is a known source of blank windows on some GPUs: render without it.
#[cfg(target_os = "linux")]
fn calm_rendering(app: &mut tauri::App) {
    use tauri::Manager;
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if let Some(w) = app.get_webview_window("main") {
        let _ = w.with_webview(|pw| {
            if let Some(settings) = WebViewExt::settings(&pw.inner()) {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
}

pub fn run() {
    let state = AppState::open(eom_core::paths::default_db_path());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .setup(|app| {
            #[cfg(target_os = "linux")]
            calm_rendering(app);
            hourly_backups(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::unlock,
            commands::create_mission,
            commands::load_sample_mission,
            commands::update_mission,
            commands::teams,
            commands::save_team,
            commands::observers,
            commands::add_observer,
            commands::update_observer,
            commands::delete_observer,
            commands::roster,
            commands::stations,
            commands::stations_by_id,
            commands::station_count,
            commands::choose_stations_csv,
            commands::import_stations,
            commands::start_visit,
            commands::current_visit,
            commands::visit,
            commands::visits,
            commands::save_visit_header,
            commands::depart,
            commands::delete_visit,
            commands::templates,
            commands::answer_values,
            commands::start_or_resume_checklist,
            commands::checklist,
            commands::checklists_for_visit,
            commands::review_rows,
            commands::team_days,
            commands::team_day,
            commands::time_zones,
            commands::country_zone,
            commands::save_answer,
            commands::checklist_state,
            commands::submit_checklist,
            commands::review_checklist,
            commands::incident_categories,
            commands::record_incident,
            commands::incidents,
            commands::attachments_of,
            commands::attach_photo,
            commands::statistics,
            exchange::export_bundle,
            exchange::export_status,
            exchange::choose_bundle,
            exchange::import_bundle,
            exchange::repreview_bundle,
            exchange::export_kit,
            exchange::join_kit,
            exchange::export_csv,
            exchange::export_report,
            exchange::export_xlsx,
            exchange::export_geojson,
            exchange::export_forms,
            exchange::import_xlsform,
            exchange::export_xlsform,
            commands::coverage_points,
            commands::election_day_time,
            commands::update_incident,
            commands::delete_incident,
            commands::attachment_data,
            safety::backups_of_database,
            safety::backup_now,
            safety::restore_backup,
            safety::trusted_keys,
            safety::trust_fingerprint,
            safety::trust_signer,
            safety::untrust,
            encryption::passphrase_strength,
            encryption::encrypt_database,
            encryption::change_passphrase,
            encryption::remove_encryption,
        ])
        .run(tauri::generate_context!())
        .expect("error while running EOM Reporter");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safety::BackupWithEncryption;
    use eom_core::backup::BackupReason;

    fn temp_db() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("eom-app-restore-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("mission.eom")
    }

    fn mission(name: &str) -> eom_core::NewMission {
        eom_core::NewMission {
            name: name.into(),
            organisation: String::new(),
            country: "Azerbaijan".into(),
            election_name: "Election".into(),
            election_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 7).unwrap(),
            time_zone: "Asia/Baku".into(),
            languages: vec!["en".into()],
            accreditation_ref: String::new(),
            candidates: vec![],
        }
    }

    /// A database that does not open keeps its error for the UI, lists its backups, and opens
    /// again once one is restored; restoring under an open database is refused.
    #[test]
    fn a_database_that_does_not_open_is_restored_from_its_backup() {
        let db = temp_db();
        let dir = db.parent().unwrap().to_path_buf();
        {
            let state = AppState::open(db.clone());
            state.with(|s| s.create_mission(mission("Kept"))).unwrap();
            let b = state.with(|s| s.backup(BackupReason::Manual)).unwrap();
            let refused = state.restore(&b.id, None).unwrap_err();
            assert_eq!(refused.code, ErrorCode::Conflict);
            assert!(state.unopened_reason().is_none());
        }
        // Damage the first page past the header: SQLite reports a malformed database.
        let mut bytes = std::fs::read(&db).unwrap();
        bytes[100..140].fill(0xA5);
        std::fs::write(&db, bytes).unwrap();

        let state = AppState::open(db.clone());
        let error = state
            .unopened_reason()
            .expect("the damaged file does not open");
        assert_eq!(error.code, ErrorCode::Database);
        assert!(state.with(|s| s.mission()).is_err());
        let listed = eom_core::backup::list(&db).unwrap();
        let good = listed.iter().find(|b| b.ok).expect("a good backup");
        assert!(!BackupWithEncryption::from(good).encrypted);

        state.restore(&good.id, None).unwrap();
        assert!(state.unopened_reason().is_none());
        assert_eq!(state.with(|s| s.mission()).unwrap().name, "Kept");
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("mission.eom.broken-")),
            "{names:?}"
        );
        drop(state);
        let _ = std::fs::remove_dir_all(dir);
    }
}
