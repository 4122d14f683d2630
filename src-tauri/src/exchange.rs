//! Commands that move the mission in and out of the laptop: bundles, analyst CSV, the report, and
//! the files of other tools (Excel workbook, GeoJSON, blank paper forms, XLSForm in and out).
//! Paths always come from a dialog opened here, never from the webview.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, State};
use ts_rs::TS;

use eom_core::bundle::ImportOptions;
use eom_core::{Edition, ErrorCode};
use eom_report::Annex;

use crate::AppState;
use crate::commands::{after_dialog, in_background};
use crate::dialogs::{Pick, chosen};
use crate::error::{AppError, CmdResult, ErrorDetails};

/// Where an export was written.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Written {
    pub paths: Vec<String>,
}

impl Written {
    /// The files as the UI shows them.
    fn of(paths: &[PathBuf]) -> Written {
        Written {
            paths: paths.iter().map(|p| p.display().to_string()).collect(),
        }
    }

    /// The file chosen in [`after_dialog`], once written (`None`: the user cancelled).
    fn chosen<T>(done: Option<(PathBuf, T)>) -> Option<Written> {
        done.map(|(path, _)| Written::of(&[path]))
    }
}

/// Typesets what [`after_dialog`] gathered into the chosen file, off the async runtime (the
/// database is not needed any more).
async fn typeset<D: Send + 'static, E: Into<AppError>>(
    done: Option<(PathBuf, D)>,
    write: impl FnOnce(&D, &Path) -> Result<(), E> + Send + 'static,
) -> CmdResult<Option<Written>> {
    let Some((path, data)) = done else {
        return Ok(None);
    };
    off_thread(move || write(&data, &path).map(|()| Written::of(&[path])))
        .await
        .map(Some)
}

/// The options of a bundle's import: a preview also shows unsigned bundles (signer: null;
/// applying one needs the user's consent), and an unknown signer or unauthorized changes show in
/// it (`blocked`).
fn import_options(allow_unsigned: bool, skip_unauthorized: bool) -> ImportOptions {
    ImportOptions {
        allow_unsigned,
        skip_unauthorized,
        ..ImportOptions::default()
    }
}

/// What the bundle at `path` would add or update (nothing applied).
async fn preview_bundle(
    app: AppHandle,
    path: PathBuf,
) -> CmdResult<eom_core::bundle::ImportReport> {
    in_background(app, "preview", move |s, _| {
        s.preview_bundle_with(&path, import_options(true, false))
    })
    .await
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

impl ReportFormat {
    fn pick(self) -> Pick {
        match self {
            ReportFormat::Pdf => Pick::ReportPdf,
            ReportFormat::Html => Pick::ReportHtml,
        }
    }

    /// Typesets the gathered data into `path`.
    fn write(
        self,
        data: &eom_report::ReportData,
        path: &Path,
    ) -> Result<(), eom_report::ReportError> {
        match self {
            ReportFormat::Pdf => eom_report::write_pdf_data(data, path),
            ReportFormat::Html => eom_report::write_html_data(data, path),
        }
    }
}

impl ReportRequest {
    /// The file name the save dialog suggests.
    fn file_name(&self) -> String {
        let ext = match self.format {
            ReportFormat::Pdf => "pdf",
            ReportFormat::Html => "html",
        };
        format!("eom-report-{}-{}.{ext}", self.edition, self.lang)
    }

    fn options(&self) -> eom_report::ReportOptions {
        eom_report::ReportOptions {
            edition: self.edition,
            lang: self.lang.clone(),
            detail: self.detail,
            annex: self.annex,
        }
    }
}

/// Typesets the report (PDF or HTML) into the file the user picks. The data is gathered on a
/// second connection and typeset after: the checklist's autosave never waits behind a report.
#[tauri::command]
pub async fn export_report(app: AppHandle, request: ReportRequest) -> CmdResult<Option<Written>> {
    let (opts, format) = (request.options(), request.format);
    let done = after_dialog(app, format.pick(), request.file_name(), move |s, _| {
        eom_report::report_data(s, &opts)
    });
    typeset(done.await?, move |data, path| format.write(data, path)).await
}

#[tauri::command]
pub async fn export_bundle(app: AppHandle, team: Option<String>) -> CmdResult<Option<Written>> {
    let name = format!("eom-bundle-{}.json", team.as_deref().unwrap_or("mission"));
    let done = after_dialog(app, Pick::BundleSave, name, move |s, job| {
        job.signed(|path, keys| s.export_bundle(path, team, keys))
    });
    Ok(Written::chosen(done.await?))
}

/// When this laptop last exported and what was edited since: shown on the export screen.
#[tauri::command(async)]
pub fn export_status(state: State<'_, AppState>) -> CmdResult<eom_core::ExportStatus> {
    crate::commands::with(&state, |s| s.export_status())
}

/// Opens the file dialog and shows what the chosen bundle would add or update (nothing applied).
#[tauri::command]
pub async fn choose_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<eom_core::bundle::ImportReport>> {
    let path = chosen!(&app, Pick::BundleOpen, "");
    crate::commands::remember(&state.pending_bundle, path.clone())?;
    preview_bundle(app, path).await.map(Some)
}

/// Previews the bundle chosen with `choose_bundle` again (after its signer was enrolled: what it
/// may change depends on that).
#[tauri::command]
pub async fn repreview_bundle(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<eom_core::bundle::ImportReport> {
    preview_bundle(app, pending_bundle(&state, false)?).await
}

/// The bundle chosen with `choose_bundle` (taken when it is about to be applied).
fn pending_bundle(state: &State<'_, AppState>, take: bool) -> CmdResult<PathBuf> {
    crate::commands::pending(&state.pending_bundle, take, "bundle")
}

/// Writes the mission kit for `team` (core laptops only), signed with this laptop's key.
#[tauri::command]
pub async fn export_kit(app: AppHandle, team: String) -> CmdResult<Option<Written>> {
    let name = format!("{team}.eomkit");
    let done = after_dialog(app, Pick::KitSave, name, move |s, job| {
        job.signed(|path, keys| s.export_kit(path, &team, keys))
    });
    Ok(Written::chosen(done.await?))
}

/// Joins the mission of a kit chosen in a dialog, checking the signer against the fingerprint
/// the core team read out. With a passphrase the database is encrypted before the kit is read.
#[tauri::command]
pub async fn join_kit(
    app: AppHandle,
    core_fingerprint: String,
    passphrase: Option<String>,
) -> CmdResult<Option<eom_core::bundle::JoinReport>> {
    let path = chosen!(&app, Pick::KitOpen, "");
    let keys = crate::encryption::keys_encrypted_first(&app, passphrase).await?;
    let joined = in_background(app, "join", move |s, _| {
        s.join_kit(&path, &keys, Some(&core_fingerprint))
    });
    Ok(Some(joined.await?))
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
    let options = import_options(allow_unsigned, skip_unauthorized);
    in_background(app, "import", move |s, p| {
        s.import_bundle_with(&path, options, p)
    })
    .await
}

#[tauri::command]
pub async fn export_csv(app: AppHandle) -> CmdResult<Option<Written>> {
    let done = after_dialog(app, Pick::CsvFolder, "", |s, job| {
        s.export_csv(job.path, eom_core::CsvOptions::default())
    });
    Ok(done.await?.map(|(_, files)| Written::of(&files)))
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
    /// The file name the save dialog suggests.
    fn file_name(&self) -> String {
        format!("eom-workbook-{}-{}.xlsx", self.edition, self.lang)
    }

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

impl From<(PathBuf, eom_interop::GeoJsonSummary)> for GeoJsonWritten {
    fn from((path, summary): (PathBuf, eom_interop::GeoJsonSummary)) -> Self {
        GeoJsonWritten {
            paths: vec![path.display().to_string()],
            summary,
        }
    }
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
    let done = after_dialog(app, Pick::Workbook, request.file_name(), move |s, job| {
        eom_interop::write_xlsx(s, &opts, job.path)
    });
    Ok(Written::chosen(done.await?))
}

/// The stations with coordinates as GeoJSON, for QGIS; counts those left out.
#[tauri::command]
pub async fn export_geojson(app: AppHandle) -> CmdResult<Option<GeoJsonWritten>> {
    let done = after_dialog(app, Pick::GeoJson, "eom-stations.geojson", |s, job| {
        eom_interop::write_geojson(s, job.path)
    });
    Ok(done.await?.map(GeoJsonWritten::from))
}

/// Every template as a blank paper form (PDF) in `lang`: gathered on the second connection,
/// typeset after.
#[tauri::command]
pub async fn export_forms(app: AppHandle, lang: String) -> CmdResult<Option<Written>> {
    let name = format!("eom-forms-{lang}.pdf");
    let done = after_dialog(app, Pick::FormsPdf, name, move |s, _| {
        eom_report::store_forms_data(s, &lang)
    });
    typeset(done.await?, eom_report::write_forms_pdf_data).await
}

/// Reads an XLSForm chosen in a dialog into a custom template of the mission; a form outside
/// the subset is refused with its issues listed (sheet, row, column).
#[tauri::command]
pub async fn import_xlsform(app: AppHandle) -> CmdResult<Option<eom_interop::TemplateImport>> {
    let done = after_dialog(app, Pick::XlsFormOpen, "", |s, job| {
        eom_interop::import_xlsform(s, job.path).map_err(|e| with_form_issues(e, job.path))
    });
    Ok(done.await?.map(|(_, imported)| imported))
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
    let done = after_dialog(app, Pick::XlsFormSave, name, move |s, job| {
        eom_interop::write_xlsform(s, &id, Some(version), job.path)
    });
    Ok(Written::chosen(done.await?))
}
