//! Commands that keep the mission's data safe: its backups (listed even when the database will not
//! open, restored only then) and the signing keys this database trusts by name.

use eom_core::backup::{self, BackupInfo, BackupReason};
use eom_core::db::{FileKind, Passphrase, file_kind};
use eom_core::keys::PublicKey;
use eom_core::{Enrolment, TrustedKey};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::AppState;
use crate::commands::{AppInfo, app_info};
use crate::error::{AppError, CmdResult};

/// A backup as the app lists it: the library's [`BackupInfo`] (read from the file name) and
/// whether the file is encrypted (read from its header: restoring it needs the passphrase).
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupWithEncryption {
    #[serde(flatten)]
    pub backup: BackupInfo,
    pub encrypted: bool,
}

impl From<&BackupInfo> for BackupWithEncryption {
    fn from(b: &BackupInfo) -> Self {
        BackupWithEncryption {
            backup: b.clone(),
            encrypted: file_kind(&b.path).is_ok_and(|k| k == FileKind::Encrypted),
        }
    }
}

/// The backups of the database, newest first, and the folder they are in.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Backups {
    pub folder: String,
    pub backups: Vec<BackupWithEncryption>,
}

/// Read from the file names: works when the database does not open.
#[tauri::command(async)]
pub fn backups_of_database(state: State<'_, AppState>) -> CmdResult<Backups> {
    let folder = backup::backups_dir(&state.db_path).display().to_string();
    let backups = backup::list(&state.db_path)?
        .iter()
        .map(Into::into)
        .collect();
    Ok(Backups { folder, backups })
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> CmdResult<BackupWithEncryption> {
    state.reading(|s| s.backup(BackupReason::Manual).map(|b| (&b).into()))
}

/// Restores backup `id` over the database that would not open and opens it; `passphrase` is the
/// one the user typed, given for an encrypted backup. Refused while the database is open.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<'_, AppState>,
    id: String,
    passphrase: Option<String>,
) -> CmdResult<AppInfo> {
    state.restore(&id, passphrase.map(Passphrase::new).transpose()?)?;
    Ok(app_info(state))
}

#[tauri::command(async)]
pub fn trusted_keys(state: State<'_, AppState>) -> CmdResult<Vec<TrustedKey>> {
    state.with(|s| s.trusted_keys())
}

/// Enrols a key by the fingerprint its owner read out (32 hex digits) for a team or as core.
#[tauri::command(async)]
pub fn trust_fingerprint(
    state: State<'_, AppState>,
    fingerprint: String,
    name: String,
    enrolment: Enrolment,
) -> CmdResult<TrustedKey> {
    state.with(|s| s.trust_fingerprint(&fingerprint, &name, &enrolment))
}

/// Trusts the full key that signed a previewed bundle (`SignerReport::public_key`).
#[tauri::command(async)]
pub fn trust_signer(
    state: State<'_, AppState>,
    public_key: String,
    name: String,
    enrolment: Enrolment,
) -> CmdResult<TrustedKey> {
    let key = PublicKey::parse(&public_key).map_err(AppError::invalid)?;
    state.with(|s| s.trust_key(&PublicKey::from_key(&key), &name, &enrolment))
}

#[tauri::command(async)]
pub fn untrust(state: State<'_, AppState>, fingerprint: String) -> CmdResult<()> {
    state.with(|s| s.untrust(&fingerprint))
}
