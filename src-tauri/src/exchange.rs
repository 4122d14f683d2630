//! Commands that move the mission in and out of the laptop: bundles, analyst CSV, the report.
//! Paths always come from a dialog opened here, never from the webview.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use eom_core::bundle::ImportOptions;

use crate::AppState;
use crate::commands::{in_background, reading_in_background};
use crate::dialogs::{Pick, choose};
use crate::error::{AppError, CmdResult};

/// Where an export was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Written {
    pub paths: Vec<String>,
}

/// The report the user asked for on the export screen.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReportRequest {
    pub format: ReportFormat,
    pub edition: ReportEdition,
    /// `en`, `ru` or `az` (`AppInfo::report_languages`).
    pub lang: String,
    /// One page of detail per visit (internal edition only).
    pub detail: bool,
    /// The annex; `null`: every visit up to 2,000 visits, one line per team above.
    pub annex: Option<ReportAnnex>,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Pdf,
    Html,
}

/// Mirrors `eom_report::Edition`.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportEdition {
    Internal,
    Public,
}

/// Mirrors `eom_report::Annex`.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportAnnex {
    None,
    Summary,
    Full,
}

impl ReportRequest {
    fn options(&self) -> eom_report::ReportOptions {
        eom_report::ReportOptions {
            edition: match self.edition {
                ReportEdition::Internal => eom_report::Edition::Internal,
                ReportEdition::Public => eom_report::Edition::Public,
            },
            lang: self.lang.clone(),
            detail: self.detail,
            annex: self.annex.map(|a| match a {
                ReportAnnex::None => eom_report::Annex::None,
                ReportAnnex::Summary => eom_report::Annex::Summary,
                ReportAnnex::Full => eom_report::Annex::Full,
            }),
        }
    }
}

/// Typesets the report (PDF or HTML) into the file the user picks.
#[tauri::command]
pub async fn export_report(app: AppHandle, request: ReportRequest) -> CmdResult<Option<Written>> {
    let opts = request.options();
    let (pick, ext) = match request.format {
        ReportFormat::Pdf => (Pick::ReportPdf, "pdf"),
        ReportFormat::Html => (Pick::ReportHtml, "html"),
    };
    let name = format!("eom-report-{}-{}.{ext}", opts.edition, opts.lang);
    let Some(path) = choose(&app, pick, &name) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    // The data is gathered on a second connection and typeset after: the checklist's autosave
    // never waits behind a report.
    let data =
        reading_in_background(app, "report", move |s, _| eom_report::report_data(s, &opts)).await?;
    tauri::async_runtime::spawn_blocking(move || match request.format {
        ReportFormat::Pdf => eom_report::write_pdf_data(&data, &path),
        ReportFormat::Html => eom_report::write_html_data(&data, &path),
    })
    .await
    .map_err(|e| AppError::shell(format!("background task failed: {e}")))??;
    Ok(Some(Written { paths: vec![shown] }))
}

#[tauri::command]
pub async fn export_bundle(app: AppHandle, team: Option<String>) -> CmdResult<Option<Written>> {
    let name = format!("eom-bundle-{}.json", team.as_deref().unwrap_or("mission"));
    let Some(path) = choose(&app, Pick::BundleSave, &name) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let keys = app.state::<AppState>().keys()?;
    reading_in_background(app, "export", move |s, _| {
        s.export_bundle(&path, team, &keys)
    })
    .await?;
    Ok(Some(Written { paths: vec![shown] }))
}

/// When this laptop last exported and what was edited since: shown on the export screen.
#[tauri::command]
pub fn export_status(state: State<'_, AppState>) -> CmdResult<eom_core::ExportStatus> {
    crate::commands::with(&state, |s| s.export_status())
}

/// Opens the file dialog and shows what the chosen bundle would add or update (nothing applied).
#[tauri::command]
pub async fn choose_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<eom_core::bundle::ImportReport>> {
    let Some(path) = choose(&app, Pick::BundleOpen, "") else {
        return Ok(None);
    };
    *state
        .pending_bundle
        .lock()
        .map_err(|_| AppError::shell("state poisoned"))? = Some(path.clone());
    // Unsigned bundles are previewed too (signer: null); applying one needs the user's consent.
    // An unknown signer or unauthorized changes show in the preview (`blocked`).
    let options = ImportOptions {
        allow_unsigned: true,
        ..ImportOptions::default()
    };
    in_background(app, "preview", move |s, _| {
        s.preview_bundle_with(&path, options)
    })
    .await
    .map(Some)
}

/// Previews the bundle chosen with `choose_bundle` again (after its signer was enrolled: what it
/// may change depends on that).
#[tauri::command]
pub async fn repreview_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<eom_core::bundle::ImportReport> {
    let path = pending_bundle(&state, false)?;
    let options = ImportOptions {
        allow_unsigned: true,
        ..ImportOptions::default()
    };
    in_background(app, "preview", move |s, _| {
        s.preview_bundle_with(&path, options)
    })
    .await
}

/// The bundle chosen with `choose_bundle` (taken when it is about to be applied).
fn pending_bundle(state: &State<'_, AppState>, take: bool) -> CmdResult<PathBuf> {
    let mut pending = state
        .pending_bundle
        .lock()
        .map_err(|_| AppError::shell("state poisoned"))?;
    let path = if take {
        pending.take()
    } else {
        pending.clone()
    };
    path.ok_or_else(|| AppError::shell("no bundle chosen"))
}

/// Writes the mission kit for `team` (core laptops only), signed with this laptop's key.
#[tauri::command]
pub async fn export_kit(app: AppHandle, team: String) -> CmdResult<Option<Written>> {
    let Some(path) = choose(&app, Pick::KitSave, &format!("{team}.eomkit")) else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let keys = app.state::<AppState>().keys()?;
    in_background(app, "kit", move |s, _| s.export_kit(&path, &team, &keys)).await?;
    Ok(Some(Written { paths: vec![shown] }))
}

/// Joins the mission of a kit chosen in a dialog, checking the signer against the fingerprint
/// the core team read out. With a passphrase the database is encrypted before the kit is read.
#[tauri::command]
pub async fn join_kit(
    app: AppHandle,
    core_fingerprint: String,
    passphrase: Option<String>,
) -> CmdResult<Option<eom_core::bundle::JoinReport>> {
    let Some(path) = choose(&app, Pick::KitOpen, "") else {
        return Ok(None);
    };
    crate::encryption::encrypt_first(&app, passphrase).await?;
    let keys = app.state::<AppState>().keys()?;
    in_background(app, "join", move |s, _| {
        s.join_kit(&path, &keys, Some(&core_fingerprint))
    })
    .await
    .map(Some)
}

/// Applies the bundle chosen with `choose_bundle`. `allow_unsigned` is the user's explicit
/// confirmation, asked only when the preview showed no signature; `skip_unauthorized` is
/// "Import the rest" when the preview listed changes the signer may not make.
#[tauri::command]
pub async fn import_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
    allow_unsigned: bool,
    skip_unauthorized: bool,
) -> CmdResult<eom_core::bundle::ImportReport> {
    let path = pending_bundle(&state, true)?;
    let options = ImportOptions {
        allow_unsigned,
        skip_unauthorized,
        ..ImportOptions::default()
    };
    in_background(app, "import", move |s, p| {
        s.import_bundle_with(&path, options, p)
    })
    .await
}

#[tauri::command]
pub async fn export_csv(app: AppHandle) -> CmdResult<Option<Written>> {
    let Some(dir) = choose(&app, Pick::CsvFolder, "") else {
        return Ok(None);
    };
    let files = reading_in_background(app, "csv", move |s, _| {
        s.export_csv(&dir, eom_core::CsvOptions::default())
    })
    .await?;
    Ok(Some(Written {
        paths: files.iter().map(|p| p.display().to_string()).collect(),
    }))
}
