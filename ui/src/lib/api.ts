// The only module that calls `invoke`: one typed function per Rust command.
import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';
import type {
  AnswerValues, AttachmentOwner, Checklist, ChecklistState, Enrolment, Finding, ImportReport,
  ExportStatus, Incident, JoinReport, Mission, PassphraseStrength, NewIncident, NewMission, NewObserver, NewVisit, Observer, ReviewStatus,
  SavedAnswer, Station, StationImportReport, Dashboard, StatsFilter, Team, Template, Visit,
  VisitHeader, ReviewPage, ReviewQuery, RosterPage, RosterQuery, TeamDay, DayVisit, ZoneChoice, TrustedKey,
  CoveragePoints, AttachmentInfo, ConversionReport, StationsPreview, TemplateImport,
} from './bindings/types';
import type { AppError, AppInfo, Backups, BackupWithEncryption, GeoJsonWritten, Progress, ReportRequest, WorkbookRequest, Written } from './bindings/app';

export type * from './bindings/types';
export type * from './bindings/app';

/** Errors from Rust arrive as `{code, message, details}`; anything else becomes an `io` error. */
export function asAppError(e: unknown): AppError {
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) return e as AppError;
  return { code: 'io', message: String(e), details: null };
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw asAppError(e);
  }
}

export const api = {
  appInfo: () => call<AppInfo>('app_info'),
  unlock: (passphrase: string) => call<AppInfo>('unlock', { passphrase }),
  /** With a passphrase the database is encrypted first; `null` is "Continue without encryption". */
  createMission: (m: NewMission, passphrase: string | null) => call<Mission>('create_mission', { new: m, passphrase }),
  loadSampleMission: () => call<Mission>('load_sample_mission'),
  updateMission: (mission: Mission) => call<Mission>('update_mission', { mission }),

  teams: () => call<Team[]>('teams'),
  saveTeam: (code: string, area: string) => call<Team>('save_team', { code, area }),
  observers: () => call<Observer[]>('observers'),
  addObserver: (o: NewObserver) => call<Observer>('add_observer', { new: o }),
  updateObserver: (observer: Observer) => call<Observer>('update_observer', { observer }),
  deleteObserver: (id: string) => call<null>('delete_observer', { id }),
  /** The roster screen's first matching teams and observers, with the counts. */
  roster: (query: RosterQuery) => call<RosterPage>('roster', { query }),

  stations: (query: string, limit = 50) => call<Station[]>('stations', { query, limit }),
  stationsById: (ids: string[]) => call<Station[]>('stations_by_id', { ids }),
  stationCount: () => call<number>('station_count'),
  chooseStationsCsv: () => call<StationsPreview | null>('choose_stations_csv'),
  importStations: (skipInvalid: boolean) => call<StationImportReport>('import_stations', { skipInvalid }),

  /** `HH:MM` typed on election day → an instant (00:00–04:59 is the night after). */
  electionDayTime: (hhmm: string) => call<string>('election_day_time', { hhmm }),
  startVisit: (v: NewVisit) => call<Visit>('start_visit', { new: v }),
  currentVisit: (teamId: string) => call<Visit | null>('current_visit', { teamId }),
  visit: (id: string) => call<Visit>('visit', { id }),
  visits: (teamId: string | null = null) => call<Visit[]>('visits', { teamId }),
  saveVisitHeader: (id: string, header: VisitHeader) => call<Visit>('save_visit_header', { id, header }),
  depart: (id: string, at: string) => call<Visit>('depart', { id, at }),
  deleteVisit: (id: string) => call<null>('delete_visit', { id }),

  templates: () => call<Template[]>('templates'),
  answerValues: () => call<AnswerValues>('answer_values'),
  startOrResumeChecklist: (visitId: string, templateId: string) => call<Checklist>('start_or_resume_checklist', { visitId, templateId }),
  checklist: (id: string) => call<Checklist>('checklist', { id }),
  reviewRows: (query: ReviewQuery) => call<ReviewPage>('review_rows', { query }),
  teamDays: () => call<TeamDay[]>('team_days'),
  timeZones: () => call<ZoneChoice[]>('time_zones'),
  countryZone: (country: string) => call<string | null>('country_zone', { country }),
  teamDay: (teamId: string) => call<DayVisit[]>('team_day', { teamId }),
  checklistsForVisit: (visitId: string) => call<Checklist[]>('checklists_for_visit', { visitId }),
  saveAnswer: (checklistId: string, code: string, value: unknown) =>
    call<SavedAnswer>('save_answer', { checklistId, code, value: value ?? null }),
  checklistState: (id: string) => call<ChecklistState>('checklist_state', { id }),
  submitChecklist: (id: string) => call<Checklist>('submit_checklist', { id }),
  reviewChecklist: (id: string, status: ReviewStatus, comment: string) =>
    call<Checklist>('review_checklist', { id, status, comment }),

  incidentCategories: () => call<string[]>('incident_categories'),
  recordIncident: (i: NewIncident) => call<Incident>('record_incident', { new: i }),
  incidents: () => call<Incident[]>('incidents'),
  updateIncident: (incident: Incident) => call<Incident>('update_incident', { incident }),
  deleteIncident: (id: string) => call<null>('delete_incident', { id }),
  attachmentData: (id: string) => call<string>('attachment_data', { id }),
  attachmentsOf: (ownerId: string) => call<AttachmentInfo[]>('attachments_of', { ownerId }),
  attachPhoto: (ownerKind: AttachmentOwner, ownerId: string, questionCode: string | null) =>
    call<AttachmentInfo | null>('attach_photo', { ownerKind, ownerId, questionCode }),

  /** The statistics as the dashboard shows them: the long lists counted (`Store::dashboard`). */
  statistics: (filter: StatsFilter) => call<Dashboard>('statistics', { filter }),
  /** The polling stations with coordinates and what was seen there (the dashboard's map). */
  coveragePoints: () => call<CoveragePoints>('coverage_points'),

  exportBundle: (team: string | null) => call<Written | null>('export_bundle', { team }),
  exportStatus: () => call<ExportStatus>('export_status'),
  chooseBundle: () => call<ImportReport | null>('choose_bundle'),
  /** `skipUnauthorized`: "Import the rest", leaving out the changes the signer may not make. */
  importBundle: (allowUnsigned: boolean, skipUnauthorized: boolean) =>
    call<ImportReport>('import_bundle', { allowUnsigned, skipUnauthorized }),
  /** Previews the chosen bundle again (after its signer was enrolled). */
  repreviewBundle: () => call<ImportReport>('repreview_bundle'),
  /** Writes the mission kit for a team (save dialog; core laptops only). */
  exportKit: (team: string) => call<Written | null>('export_kit', { team }),
  /** Joins the mission of a kit chosen in a dialog, in the empty database. */
  joinKit: (coreFingerprint: string, passphrase: string | null) =>
    call<JoinReport | null>('join_kit', { coreFingerprint, passphrase }),
  exportCsv: () => call<Written | null>('export_csv'),
  exportReport: (request: ReportRequest) => call<Written | null>('export_report', { request }),
  /** The analyst workbook (Excel) in an edition and language (save dialog). */
  exportXlsx: (request: WorkbookRequest) => call<Written | null>('export_xlsx', { request }),
  /** The stations with coordinates as GeoJSON; says how many were left out. */
  exportGeojson: () => call<GeoJsonWritten | null>('export_geojson'),
  /** Every checklist template as a blank paper form (PDF) in `lang`. */
  exportForms: (lang: string) => call<Written | null>('export_forms', { lang }),
  /** Reads an XLSForm chosen in a dialog into a custom template (refused with its issues listed). */
  importXlsform: () => call<TemplateImport | null>('import_xlsform'),
  /** Writes a template as an XLSForm for ODK Central and KoboToolbox. */
  exportXlsform: (id: string, version: number) => call<Written | null>('export_xlsform', { id, version }),

  /** The backups of the database, read from their file names (works when it does not open). */
  backupsOfDatabase: () => call<Backups>('backups_of_database'),
  backupNow: () => call<BackupWithEncryption>('backup_now'),
  /** Only when the database did not open: replaces it with the backup and opens it. */
  restoreBackup: (id: string, passphrase: string | null) => call<AppInfo>('restore_backup', { id, passphrase }),
  trustedKeys: () => call<TrustedKey[]>('trusted_keys'),
  /** Enrols a key by the fingerprint its owner read out, for a team or as a core key. */
  trustFingerprint: (fingerprint: string, name: string, enrolment: Enrolment) =>
    call<TrustedKey>('trust_fingerprint', { fingerprint, name, enrolment }),
  /** Enrols the full key that signed a previewed bundle. */
  trustSigner: (publicKey: string, name: string, enrolment: Enrolment) =>
    call<TrustedKey>('trust_signer', { publicKey, name, enrolment }),
  untrust: (fingerprint: string) => call<null>('untrust', { fingerprint }),

  passphraseStrength: (passphrase: string) => call<PassphraseStrength>('passphrase_strength', { passphrase }),
  /** Encrypts the open database and seals the signing key (progress task `encrypt`). */
  encryptDatabase: (passphrase: string) => call<ConversionReport>('encrypt_database', { passphrase }),
  changePassphrase: (current: string, next: string) => call<ConversionReport>('change_passphrase', { current, new: next }),
  removeEncryption: (current: string) => call<ConversionReport>('remove_encryption', { current }),

  onProgress: (f: (p: Progress) => void): Promise<UnlistenFn> => listen<Progress>('progress', (e) => f(e.payload)),
};
