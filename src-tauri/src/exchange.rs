//! Commands that move the mission in and out of the laptop: bundles, analyst CSV, the report, and
//! the files of other tools (Excel workbook, GeoJSON, blank paper forms, XLSForm in and out).
//! Paths always come from a dialog opened here, never from the webview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

use eom_core::bundle::ImportOptions;
use eom_core::{Edition, ErrorCode};
use eom_report::Annex;

use crate::AppState;
use crate::commands::{in_background, reading_in_background};
use crate::dialogs::{Pick, choose};
use crate::error::{AppError, CmdResult, ErrorDetails};

/// Where an export was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Written {
    pub paths: Vec<String>,
}

/// The report the user asked for on the export screen.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ReportRequest {
    pub format: ReportFormat,
    pub edition: Edition,
    /// `en`, `ru` or `az` (`AppInfo::report_languages`).
    pub lang: String,
    /// One page of detail per visit (internal edition only).
    pub detail: bool,
    /// The annex; `null`: every visit up to 2,000 visits, one line per team above.
    pub annex: Option<Annex>,
}

#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    Pdf,
    Html,
}

impl ReportRequest {
    fn options(&self) -> eom_report::ReportOptions {
        eom_report::ReportOptions {
            edition: self.edition,
            lang: self.lang.clone(),
            detail: self.detail,
            annex: self.annex,
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
    crate::commands::remember(&state.pending_bundle, path.clone())?;
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
    crate::commands::pending(&state.pending_bundle, take, "bundle")
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

// ---------- other tools: Excel workbook, GeoJSON, blank paper forms, XLSForm ----------

/// The analyst workbook the user asked for (`eom export --format xlsx`).
#[derive(Debug, Clone, Deserialize, TS)]
pub struct WorkbookRequest {
    pub edition: Edition,
    /// `en`, `ru` or `az`.
    pub lang: String,
}

impl WorkbookRequest {
    fn options(&self) -> eom_interop::XlsxOptions {
        eom_interop::XlsxOptions {
            lang: self.lang.clone(),
            edition: self.edition,
        }
    }
}

/// Where the stations' GeoJSON was written, and what it leaves out.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GeoJsonWritten {
    pub paths: Vec<String>,
    #[serde(flatten)]
    pub summary: eom_interop::GeoJsonSummary,
}

/// The template an XLSForm became.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ImportedTemplate {
    pub id: String,
    pub version: u32,
    /// By language code.
    #[ts(type = "Record<string, string>")]
    pub title: BTreeMap<String, String>,
    pub questions: u32,
    /// False: the mission had this very template already, nothing was added.
    pub added: bool,
}

impl From<eom_interop::TemplateImport> for ImportedTemplate {
    fn from(r: eom_interop::TemplateImport) -> Self {
        let t = r.template;
        ImportedTemplate {
            questions: t.questions.len() as u32,
            title: t.title.into_iter().collect(),
            id: t.id,
            version: t.version,
            added: r.added,
        }
    }
}

/// The save dialog, and the file as the UI shows it once written.
fn save_as(app: &AppHandle, pick: Pick, name: &str) -> Option<(PathBuf, Written)> {
    let path = choose(app, pick, name)?;
    let paths = vec![path.display().to_string()];
    Some((path, Written { paths }))
}

/// Work without the database (typesetting) on a blocking thread.
async fn off_thread<T: Send + 'static, E: Into<AppError>>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || f().map_err(Into::into))
        .await
        .map_err(|e| AppError::shell(format!("background task failed: {e}")))?
}

/// The analyst workbook (Excel) in the chosen edition and language.
#[tauri::command]
pub async fn export_xlsx(app: AppHandle, request: WorkbookRequest) -> CmdResult<Option<Written>> {
    let opts = request.options();
    let name = format!("eom-workbook-{}-{}.xlsx", opts.edition, opts.lang);
    let Some((path, written)) = save_as(&app, Pick::Workbook, &name) else {
        return Ok(None);
    };
    reading_in_background(app, "xlsx", move |s, _| {
        eom_interop::write_xlsx(s, &opts, &path)
    })
    .await?;
    Ok(Some(written))
}

/// The stations with coordinates as GeoJSON, for QGIS; counts those left out.
#[tauri::command]
pub async fn export_geojson(app: AppHandle) -> CmdResult<Option<GeoJsonWritten>> {
    let Some((path, written)) = save_as(&app, Pick::GeoJson, "eom-stations.geojson") else {
        return Ok(None);
    };
    let s = reading_in_background(app, "geojson", move |s, _| {
        eom_interop::write_geojson(s, &path)
    });
    Ok(Some(GeoJsonWritten {
        paths: written.paths,
        summary: s.await?,
    }))
}

/// Every template as a blank paper form (PDF) in `lang`: gathered on the second connection,
/// typeset after.
#[tauri::command]
pub async fn export_forms(app: AppHandle, lang: String) -> CmdResult<Option<Written>> {
    let name = format!("eom-forms-{lang}.pdf");
    let Some((path, written)) = save_as(&app, Pick::FormsPdf, &name) else {
        return Ok(None);
    };
    let data = reading_in_background(app, "forms", move |s, _| {
        eom_report::store_forms_data(s, &lang)
    })
    .await?;
    off_thread(move || eom_report::write_forms_pdf_data(&data, &path)).await?;
    Ok(Some(written))
}

/// Reads an XLSForm chosen in a dialog into a custom template of the mission; a form outside
/// the subset is refused with its issues listed (sheet, row, column).
#[tauri::command]
pub async fn import_xlsform(app: AppHandle) -> CmdResult<Option<ImportedTemplate>> {
    let Some(path) = choose(&app, Pick::XlsFormOpen, "") else {
        return Ok(None);
    };
    let imported = in_background(app, "xlsform", move |s, _| {
        eom_interop::import_xlsform(s, &path).map_err(|e| with_form_issues(e, &path))
    });
    Ok(Some(imported.await?.into()))
}

/// A refused form's error, with its issues as a list the UI shows as a table.
fn with_form_issues(e: eom_core::Error, path: &Path) -> AppError {
    let mut error = AppError::from(e);
    if error.code == ErrorCode::InvalidFile
        && let Ok(Err(issues)) = eom_interop::xlsform::check_xlsform(path)
    {
        error.details = Some(ErrorDetails::FormIssues { issues });
    }
    error
}

/// Writes template `id` v`version` as an XLSForm for ODK Central and KoboToolbox.
#[tauri::command]
pub async fn export_xlsform(
    app: AppHandle,
    id: String,
    version: u32,
) -> CmdResult<Option<Written>> {
    let name = format!("{id}-v{version}.xlsx");
    let Some((path, written)) = save_as(&app, Pick::XlsFormSave, &name) else {
        return Ok(None);
    };
    reading_in_background(app, "xlsform", move |s, _| {
        eom_interop::write_xlsform(s, &id, Some(version), &path)
    })
    .await?;
    Ok(Some(written))
}
