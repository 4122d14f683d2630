//! Encryption at rest from the app: the passphrase strength hint, and encrypting, changing the
//! passphrase of, or decrypting the open database (the signing key follows it).

use std::sync::Arc;

use tauri::{AppHandle, Manager, State};

use eom_core::Passphrase;
use eom_core::encryption::{self, ConversionReport};
use eom_core::keys::Keys;
use eom_core::strength::PassphraseStrength;

use crate::AppState;
use crate::commands::progress_events;
use crate::error::{AppError, CmdResult};

/// How hard `passphrase` is to guess; the mission's own words count against it.
#[tauri::command(async)]
pub fn passphrase_strength(state: State<'_, AppState>, passphrase: String) -> PassphraseStrength {
    let mission = state.with(|s| s.mission_opt()).ok().flatten();
    eom_core::strength::for_mission(&passphrase, mission.as_ref())
}

#[tauri::command]
pub async fn encrypt_database(app: AppHandle, passphrase: String) -> CmdResult<ConversionReport> {
    let new = Passphrase::new(passphrase)?;
    let to = Some(new.clone());
    convert(app, "encrypt", to, None, move |f, p| {
        encryption::encrypt(f, &new, p)
    })
    .await
}

/// `current` is asked again, so that an unattended open laptop cannot be re-keyed.
#[tauri::command]
pub async fn change_passphrase(
    app: AppHandle,
    current: String,
    new: String,
) -> CmdResult<ConversionReport> {
    let (current, new) = (Passphrase::new(current)?, Passphrase::new(new)?);
    let (to, typed) = (Some(new.clone()), Some(current.clone()));
    convert(app, "rekey", to, typed, move |f, p| {
        encryption::rekey(f, &current, &new, p)
    })
    .await
}

#[tauri::command]
pub async fn remove_encryption(app: AppHandle, current: String) -> CmdResult<ConversionReport> {
    let current = Passphrase::new(current)?;
    let typed = Some(current.clone());
    convert(app, "decrypt", None, typed, move |f, p| {
        encryption::decrypt(f, &current, p)
    })
    .await
}

/// Encrypts the database under `passphrase` before a mission is created or joined in it; a
/// database already encrypted under the same passphrase (a retry) is left as it is.
pub(crate) async fn encrypt_first(app: &AppHandle, passphrase: Option<String>) -> CmdResult<()> {
    let Some(passphrase) = passphrase else {
        return Ok(());
    };
    let new = Passphrase::new(passphrase)?;
    if app.state::<AppState>().encrypted() {
        return app.state::<AppState>().same_passphrase(&new);
    }
    encrypt_database(app.clone(), new.as_str().to_string())
        .await
        .map(|_| ())
}

/// Encrypts the database first when a passphrase is given ([`encrypt_first`]), then unseals this
/// laptop's signing key under it (joining a mission signs what it writes).
pub(crate) async fn keys_encrypted_first(
    app: &AppHandle,
    passphrase: Option<String>,
) -> CmdResult<Arc<Keys>> {
    encrypt_first(app, passphrase).await?;
    app.state::<AppState>().keys()
}

/// The current passphrase the user typed must be the one the database is open with.
fn same(
    files: encryption::Files,
    open: Option<&Passphrase>,
    given: &Passphrase,
) -> eom_core::Result<()> {
    match open {
        Some(p) if p.as_str() == given.as_str() => Ok(()),
        _ => Err(eom_core::Error::WrongPassphrase {
            path: files.db.to_path_buf(),
        }),
    }
}

/// Runs a conversion on a blocking thread with the database closed (`AppState::convert`),
/// reporting progress as `task`; `typed`: the current passphrase the user typed, checked first.
async fn convert(
    app: AppHandle,
    task: &'static str,
    new: Option<Passphrase>,
    typed: Option<Passphrase>,
    f: impl FnOnce(encryption::Files, encryption::Progress) -> eom_core::Result<ConversionReport>
    + Send
    + 'static,
) -> CmdResult<ConversionReport> {
    tauri::async_runtime::spawn_blocking(move || {
        let mut progress = progress_events(app.clone(), task);
        let state = app.state::<AppState>();
        state.convert(new, |files, open| {
            if let Some(typed) = &typed {
                same(files, open, typed)?;
            }
            f(files, &mut progress)
        })
    })
    .await
    .map_err(|e| AppError::shell(format!("the conversion did not finish: {e}")))?
}
