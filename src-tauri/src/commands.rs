//! The commands the UI may call. Each is a thin adapter over `eom-core`: no SQL, no rules, and
//! a body of at most six lines (`tests/thin_commands.rs`); dialogs and background work go through
//! the helpers below. Every command runs off the main thread (`#[tauri::command(async)]`, or an
//! `async fn`): a plain `fn` command runs on the thread that draws the window, which would then
//! freeze while the command waits for the store (an import holds it for seconds at 20,000 visits).
//! The UI keeps the order of its own writes where it matters (`ui/src/lib/in-order.ts`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use eom_core::keys::Keys;
use eom_core::model::{
    AttachmentOwner, Checklist, Incident, Mission, Observer, ReviewStatus, Station, Team, Visit,
};
use eom_core::stations_csv::StationsPreview;
use eom_core::stats::{Dashboard, StatsFilter};
use eom_core::templates::{AnswerValues, Template};
use eom_core::time::Timestamp;
use eom_core::{
    AttachmentInfo, ChecklistState, NewIncident, NewMission, NewObserver, NewVisit, SavedAnswer,
    Store, VisitHeader,
};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager, State};
use ts_rs::TS;
use uuid::Uuid;

use crate::AppState;
use crate::dialogs::{Pick, chosen};
use crate::error::{AppError, CmdResult};

// ---------- DTOs of the shell itself ----------

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppInfo {
    pub db_path: String,
    pub mission: Option<Mission>,
    /// Why the database could not be opened, if it could not.
    pub unopened_reason: Option<AppError>,
    /// Languages the report can be typeset in.
    pub report_languages: Vec<String>,
    /// This installation's signing key (`ab12-cd34-…`), which signs every exported bundle; null
    /// when the key folder cannot be read or written.
    pub key_fingerprint: Option<String>,
    /// The same key in full (32 bytes, base64), for `eom keys trust` on another laptop.
    pub key_public: Option<String>,
    /// Whether the database is encrypted (and the signing key sealed with its passphrase).
    pub encrypted: bool,
    /// The team of a laptop that joined with a kit (the default team of new visits and exports).
    pub laptop_team: Option<String>,
}

/// Progress of long work, sent as the `progress` event.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Progress {
    pub task: String,
    pub done: u32,
    pub total: u32,
}

// ---------- helpers (glue) ----------

pub(crate) fn with<T>(
    state: &State<'_, AppState>,
    f: impl FnOnce(&mut Store) -> eom_core::Result<T>,
) -> CmdResult<T> {
    state.with(f)
}

/// Reports progress of `task` to the UI as `progress` events.
pub(crate) fn progress_events(app: AppHandle, task: &'static str) -> impl FnMut(u64, u64) {
    move |done: u64, total: u64| {
        let _ = app.emit(
            "progress",
            Progress {
                task: task.into(),
                done: done as u32,
                total: total as u32,
            },
        );
    }
}

/// Runs long work on a blocking thread, reporting progress as `progress` events.
pub(crate) async fn in_background<T: Send + 'static, E: Into<AppError>>(
    app: AppHandle,
    task: &'static str,
    f: impl FnOnce(&mut Store, &mut dyn FnMut(u64, u64)) -> Result<T, E> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let mut report = progress_events(app.clone(), task);
        let state = app.state::<AppState>();
        state.with(|s| f(s, &mut report))
    })
    .await
    .map_err(|e| AppError::shell(format!("background task failed: {e}")))?
}

/// [`in_background`] for long reads: on a second connection (`AppState::reading`), so the
/// checklist's autosave does not wait behind an export or the report.
pub(crate) async fn reading_in_background<T: Send + 'static, E: Into<AppError>>(
    app: AppHandle,
    task: &'static str,
    f: impl FnOnce(&mut Store, &mut dyn FnMut(u64, u64)) -> Result<T, E> + Send + 'static,
) -> CmdResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let mut report = progress_events(app.clone(), task);
        app.state::<AppState>().reading(|s| f(s, &mut report))
    })
    .await
    .map_err(|e| AppError::shell(format!("background task failed: {e}")))?
}

/// What work on a file chosen in a dialog gets besides the store.
pub(crate) struct Job<'a> {
    pub path: &'a Path,
    app: &'a AppHandle,
}

impl Job<'_> {
    /// Runs `f` with the chosen path and this laptop's signing key (unsealed once the user has
    /// chosen, as before).
    pub fn signed<T>(&self, f: impl FnOnce(&Path, &Keys) -> eom_core::Result<T>) -> CmdResult<T> {
        let keys = self.app.state::<AppState>().keys()?;
        Ok(f(self.path, &keys)?)
    }
}

/// Opens the dialog `pick` (suggesting `name`) and, unless the user cancels, runs `f` on the
/// chosen path in the background: on the store when it writes there, otherwise on a second
/// connection ([`Pick::writes_to_store`]), reporting progress as `pick`'s task.
pub(crate) async fn after_dialog<T: Send + 'static, E: Into<AppError>>(
    app: AppHandle,
    pick: Pick,
    name: impl AsRef<str>,
    f: impl FnOnce(&mut Store, Job<'_>) -> Result<T, E> + Send + 'static,
) -> CmdResult<Option<(PathBuf, T)>> {
    let path = chosen!(&app, pick, name.as_ref());
    let handle = app.clone();
    let work = move |s: &mut Store, _: &mut dyn FnMut(u64, u64)| {
        let job = Job {
            path: &path,
            app: &handle,
        };
        f(s, job).map(|t| (path.clone(), t))
    };
    if pick.writes_to_store() {
        in_background(app, pick.task(), work).await.map(Some)
    } else {
        reading_in_background(app, pick.task(), work)
            .await
            .map(Some)
    }
}

/// Keeps a path chosen in a dialog until the user confirms what its preview showed.
pub(crate) fn remember(slot: &Mutex<Option<PathBuf>>, path: PathBuf) -> CmdResult<()> {
    *slot.lock().map_err(|_| AppError::shell("state poisoned"))? = Some(path);
    Ok(())
}

/// The path kept by [`remember`] (`take`: used up by the confirmation); `what` names it in the
/// error when none was chosen.
pub(crate) fn pending(slot: &Mutex<Option<PathBuf>>, take: bool, what: &str) -> CmdResult<PathBuf> {
    let mut kept = slot.lock().map_err(|_| AppError::shell("state poisoned"))?;
    let path = if take { kept.take() } else { kept.clone() };
    path.ok_or_else(|| AppError::shell(format!("no {what} chosen")))
}

// ---------- mission ----------

impl AppInfo {
    /// What the app shows about its database, its mission and this laptop's key.
    pub fn of(state: &AppState) -> AppInfo {
        let key = state.public_key();
        AppInfo {
            db_path: state.db_path.display().to_string(),
            mission: state.with(|s| s.mission_opt()).ok().flatten(),
            unopened_reason: state.unopened_reason(),
            report_languages: eom_report::LANGUAGES.map(String::from).to_vec(),
            key_fingerprint: key.as_ref().map(|k| k.fingerprint.clone()),
            key_public: key.map(|k| k.public_key),
            encrypted: state.encrypted(),
            laptop_team: state.with(|s| s.laptop_team()).ok().flatten(),
        }
    }
}

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> AppInfo {
    AppInfo::of(&state)
}

/// Opens an encrypted database with its passphrase (asked at start when `unopened_reason` says so).
#[tauri::command(async)]
pub fn unlock(state: State<'_, AppState>, passphrase: String) -> CmdResult<AppInfo> {
    state.unlock(Some(eom_core::Passphrase::new(passphrase)?))?;
    Ok(app_info(state))
}

/// Creates the mission; with a passphrase the (still empty) database is encrypted first, so the
/// mission's data never reaches the disk in plaintext.
#[tauri::command]
pub async fn create_mission(
    app: AppHandle,
    new: NewMission,
    passphrase: Option<String>,
) -> CmdResult<Mission> {
    crate::encryption::encrypt_first(&app, passphrase).await?;
    with(&app.state::<AppState>(), |s| s.create_mission(new))
}

#[tauri::command(async)]
pub fn load_sample_mission(state: State<'_, AppState>) -> CmdResult<Mission> {
    with(&state, |s| {
        eom_core::demo::load_sample(s)?;
        s.mission()
    })
}

#[tauri::command(async)]
pub fn update_mission(state: State<'_, AppState>, mission: Mission) -> CmdResult<Mission> {
    with(&state, |s| s.update_mission(mission))
}

// ---------- roster ----------

#[tauri::command(async)]
pub fn teams(state: State<'_, AppState>) -> CmdResult<Vec<Team>> {
    with(&state, |s| s.teams())
}

#[tauri::command(async)]
pub fn save_team(state: State<'_, AppState>, code: String, area: String) -> CmdResult<Team> {
    with(&state, |s| s.save_team(&code, &area))
}

#[tauri::command(async)]
pub fn observers(state: State<'_, AppState>) -> CmdResult<Vec<Observer>> {
    with(&state, |s| s.observers())
}

#[tauri::command(async)]
pub fn add_observer(state: State<'_, AppState>, new: NewObserver) -> CmdResult<Observer> {
    with(&state, |s| s.add_observer(new))
}

#[tauri::command(async)]
pub fn update_observer(state: State<'_, AppState>, observer: Observer) -> CmdResult<Observer> {
    with(&state, |s| s.update_observer(observer))
}

#[tauri::command(async)]
pub fn delete_observer(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    with(&state, |s| s.delete_observer(id))
}

/// The roster screen's teams and observers that match a search, counted by the library.
#[tauri::command(async)]
pub fn roster(
    state: State<'_, AppState>,
    query: eom_core::RosterQuery,
) -> CmdResult<eom_core::RosterPage> {
    with(&state, |s| s.roster(&query))
}

// ---------- stations ----------

#[tauri::command(async)]
pub fn stations(state: State<'_, AppState>, query: String, limit: u32) -> CmdResult<Vec<Station>> {
    with(&state, |s| s.stations(&query, limit as usize))
}

/// The stations a screen's rows name (the screens never load the whole list).
#[tauri::command(async)]
pub fn stations_by_id(state: State<'_, AppState>, ids: Vec<Uuid>) -> CmdResult<Vec<Station>> {
    with(&state, |s| s.stations_by_id(&ids))
}

#[tauri::command(async)]
pub fn station_count(state: State<'_, AppState>) -> CmdResult<u64> {
    with(&state, |s| s.station_count())
}

/// Opens the file dialog and previews the chosen station list (nothing is written; the library
/// refuses a file above the size limit unread).
#[tauri::command]
pub async fn choose_stations_csv(
    app: AppHandle,
    state: State<'_, AppState>,
) -> CmdResult<Option<StationsPreview>> {
    let path = chosen!(&app, Pick::StationsCsv, "");
    let preview = eom_core::stations_csv::preview(&path)?;
    remember(&state.pending_csv, path)?;
    Ok(Some(preview))
}

/// Imports the station list chosen with `choose_stations_csv`.
#[tauri::command]
pub async fn import_stations(
    app: AppHandle,
    state: State<'_, AppState>,
    skip_invalid: bool,
) -> CmdResult<eom_core::StationImportReport> {
    let path = pending(&state.pending_csv, false, "station list")?;
    in_background(app, "stations", move |s, p| {
        s.import_stations_csv(&path, skip_invalid, p)
    })
    .await
}

// ---------- visits ----------

/// A clock time typed on election day, as an instant (after midnight: the night after).
#[tauri::command(async)]
pub fn election_day_time(state: State<'_, AppState>, hhmm: String) -> CmdResult<Timestamp> {
    with(&state, |s| s.election_day_time(&hhmm))
}

#[tauri::command(async)]
pub fn start_visit(state: State<'_, AppState>, new: NewVisit) -> CmdResult<Visit> {
    with(&state, |s| s.start_visit(new))
}

#[tauri::command(async)]
pub fn current_visit(state: State<'_, AppState>, team_id: Uuid) -> CmdResult<Option<Visit>> {
    with(&state, |s| s.current_visit(team_id))
}

#[tauri::command(async)]
pub fn visit(state: State<'_, AppState>, id: Uuid) -> CmdResult<Visit> {
    with(&state, |s| s.visit(id))
}

#[tauri::command(async)]
pub fn visits(state: State<'_, AppState>, team_id: Option<Uuid>) -> CmdResult<Vec<Visit>> {
    with(&state, |s| s.visits(team_id))
}

#[tauri::command(async)]
pub fn save_visit_header(
    state: State<'_, AppState>,
    id: Uuid,
    header: VisitHeader,
) -> CmdResult<Visit> {
    with(&state, |s| s.save_visit_header(id, header))
}

#[tauri::command(async)]
pub fn depart(state: State<'_, AppState>, id: Uuid, at: Timestamp) -> CmdResult<Visit> {
    with(&state, |s| s.depart(id, at))
}

#[tauri::command(async)]
pub fn delete_visit(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    with(&state, |s| s.delete_visit(id))
}

// ---------- checklists ----------

#[tauri::command(async)]
pub fn templates(state: State<'_, AppState>) -> CmdResult<Vec<Template>> {
    with(&state, |s| s.templates())
}

/// The yes/no and assessment answers, in the order the checklist form offers them.
#[tauri::command(async)]
pub fn answer_values() -> AnswerValues {
    AnswerValues::get()
}

#[tauri::command(async)]
pub fn start_or_resume_checklist(
    state: State<'_, AppState>,
    visit_id: Uuid,
    template_id: String,
) -> CmdResult<Checklist> {
    with(&state, |s| {
        s.start_or_resume_checklist(visit_id, &template_id)
    })
}

#[tauri::command(async)]
pub fn checklist(state: State<'_, AppState>, id: Uuid) -> CmdResult<Checklist> {
    with(&state, |s| s.checklist(id))
}

/// The time zones a mission may use, with their offsets now (the first-start picker).
#[tauri::command(async)]
pub fn time_zones() -> Vec<eom_core::zones::ZoneChoice> {
    use eom_core::time::Clock;
    eom_core::zones::zones(eom_core::time::SystemClock.now())
}

/// The zone of a country that has only one, to preselect it.
#[tauri::command(async)]
pub fn country_zone(country: String) -> Option<String> {
    eom_core::zones::country_zone(&country)
}

/// The teams with their visits counted (the election-day screen).
#[tauri::command(async)]
pub fn team_days(state: State<'_, AppState>) -> CmdResult<Vec<eom_core::TeamDay>> {
    with(&state, |s| s.team_days())
}

/// One team's visits with their stations and checklists.
#[tauri::command(async)]
pub fn team_day(state: State<'_, AppState>, team_id: Uuid) -> CmdResult<Vec<eom_core::DayVisit>> {
    with(&state, |s| s.team_day(team_id))
}

/// One page of the review list, filtered and counted by the library.
#[tauri::command(async)]
pub fn review_rows(
    state: State<'_, AppState>,
    query: eom_core::ReviewQuery,
) -> CmdResult<eom_core::ReviewPage> {
    with(&state, |s| s.review_rows(&query))
}

#[tauri::command(async)]
pub fn checklists_for_visit(
    state: State<'_, AppState>,
    visit_id: Uuid,
) -> CmdResult<Vec<Checklist>> {
    with(&state, |s| s.checklists_for_visit(visit_id))
}

#[tauri::command(async)]
pub fn save_answer(
    state: State<'_, AppState>,
    checklist_id: Uuid,
    code: String,
    value: Option<serde_json::Value>,
) -> CmdResult<SavedAnswer> {
    with(&state, |s| s.save_answer(checklist_id, &code, value))
}

#[tauri::command(async)]
pub fn checklist_state(state: State<'_, AppState>, id: Uuid) -> CmdResult<ChecklistState> {
    with(&state, |s| s.checklist_state(id))
}

#[tauri::command(async)]
pub fn submit_checklist(state: State<'_, AppState>, id: Uuid) -> CmdResult<Checklist> {
    with(&state, |s| s.submit_checklist(id))
}

#[tauri::command(async)]
pub fn review_checklist(
    state: State<'_, AppState>,
    id: Uuid,
    status: ReviewStatus,
    comment: String,
) -> CmdResult<Checklist> {
    with(&state, |s| s.review_checklist(id, status, &comment))
}

// ---------- incidents and attachments ----------

#[tauri::command(async)]
pub fn incident_categories(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    with(&state, |s| s.incident_categories())
}

#[tauri::command(async)]
pub fn record_incident(state: State<'_, AppState>, new: NewIncident) -> CmdResult<Incident> {
    with(&state, |s| s.record_incident(new))
}

#[tauri::command(async)]
pub fn update_incident(state: State<'_, AppState>, incident: Incident) -> CmdResult<Incident> {
    with(&state, |s| s.update_incident(incident))
}

#[tauri::command(async)]
pub fn delete_incident(state: State<'_, AppState>, id: Uuid) -> CmdResult<()> {
    with(&state, |s| s.delete_incident(id))
}

#[tauri::command(async)]
pub fn incidents(state: State<'_, AppState>) -> CmdResult<Vec<Incident>> {
    with(&state, |s| s.incidents())
}

#[tauri::command(async)]
pub fn attachments_of(
    state: State<'_, AppState>,
    owner_id: Uuid,
) -> CmdResult<Vec<AttachmentInfo>> {
    with(&state, |s| s.attachment_infos(owner_id))
}

/// The photo as a `data:` URL (the CSP allows `img-src data:`; no file path reaches the webview).
#[tauri::command(async)]
pub fn attachment_data(state: State<'_, AppState>, id: Uuid) -> CmdResult<String> {
    with(&state, |s| s.attachment(id)).map(|a| a.data_url())
}

/// Opens the file dialog and stores the chosen photo or scan as it is (`Store::attach_file`:
/// size limit checked before reading, the media type from the bytes).
#[tauri::command]
pub async fn attach_photo(
    app: AppHandle,
    owner_kind: AttachmentOwner,
    owner_id: Uuid,
    question_code: Option<String>,
) -> CmdResult<Option<AttachmentInfo>> {
    let done = after_dialog(app, Pick::Photo, "", move |s, job| {
        s.attach_file(owner_kind, owner_id, question_code, job.path)
    });
    Ok(done.await?.map(|(_, a)| AttachmentInfo::from(&a)))
}

// ---------- dashboard ----------

/// The statistics as the dashboard shows them (`Store::dashboard`: long lists counted).
#[tauri::command(async)]
pub fn statistics(state: State<'_, AppState>, filter: StatsFilter) -> CmdResult<Dashboard> {
    with(&state, |s| s.dashboard(&filter))
}

/// The polling stations with coordinates and what was seen at each (the dashboard's coverage
/// map): one query (0.1 s for 10,000 stations), off the main thread.
#[tauri::command]
pub async fn coverage_points(app: AppHandle) -> CmdResult<eom_core::CoveragePoints> {
    in_background(app, "map", |s, _| s.coverage_points()).await
}
