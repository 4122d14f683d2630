// Generated from the Rust types of eom-core, eom-report and eom-interop (their `ts` feature)
// by crates/eom-bindings. Do not edit: `make bindings` writes it, `cargo test` checks it.

export type Phase = "opening" | "voting" | "counting" | "tabulation" | "incident" | "custom";

export type ObserverRole = "head_of_mission" | "observer" | "interpreter" | "driver" | "analyst";

export type Setting = "urban" | "rural";

export type StationKind = "station" | "commission";

export type StationType = "regular" | "hospital" | "military" | "detention" | "abroad" | "other";

export type ReviewStatus = "none" | "flagged" | "approved";

export type IncidentLocation = "this_station" | "other_station" | "not_at_station";

export type Severity = "minor" | "significant" | "serious";

export type IncidentSource = "observed" | "reported_by_commission" | "reported_by_voter" | "reported_by_observers";

export type FollowUp = "not_needed" | "needed" | "resolved";

export type Assessment = "very_good" | "good" | "bad" | "very_bad";

export type AttachmentOwner = "visit" | "checklist" | "incident";

export type AnswerType = "yes_no" | "single_choice" | "multiple_choice" | "integer" | "time" | "text" | "photo" | "assessment" | "candidate_votes";

export type ProtocolRole = "voters_on_list" | "signatures" | "ballots_received" | "ballots_unused" | "ballots_spoiled" | "ballots_stationary" | "ballots_mobile" | "ballots_invalid" | "ballots_valid" | "candidate_votes";

export type QuestionRole = "overall_assessment" | "assessment_explanation" | "members_present" | "members_women" | "chair_woman";

export type FindingKind = "missing" | "invalid" | "explanation_required" | "protocol";

export type BackupReason = "start" | "migration" | "import" | "hourly" | "manual" | "restore";

export type BackupInfo = { 
/**
 * What `restore` takes: `20240207T030000.000Z-start`.
 */
id: string, taken_at: Timestamp, reason: BackupReason, 
/**
 * Size of the file in bytes.
 */
size: number, 
/**
 * Passed `quick_check` when it was written (a failed copy is listed but never restored).
 */
ok: boolean, path: string, };

export type Timestamp = string;

export type RecordMeta = { id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Mission = { name: string, organisation: string, country: string, election_name: string, election_date: string, 
/**
 * IANA zone of the election, e.g. `Asia/Baku`: times are shown in it.
 */
time_zone: string, languages: Array<string>, 
/**
 * Accreditation reference issued by the host election body.
 */
accreditation_ref: string, 
/**
 * Candidates (or lists) in ballot order, for the protocol's votes per candidate.
 */
candidates: Array<string>, 
/**
 * Invented demonstration data (`eom demo`); the report says so.
 */
is_sample: boolean, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Team = { 
/**
 * Short code such as `T01`, unique in the mission.
 */
code: string, 
/**
 * Area of responsibility.
 */
area: string, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Observer = { name: string, nationality: string, role: ObserverRole, accreditation_number: string, team_id: string | null, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Station = { 
/**
 * The official number or code, unique in the mission.
 */
code: string, name: string, address: string, 
/**
 * Administrative hierarchy, top level first.
 */
admin_levels: Array<AdminLevel>, setting: Setting | null, station_type: StationType | null, registered_voters: number | null, latitude: number | null, longitude: number | null, 
/**
 * A polling station (the default, left out of bundles) or an election commission.
 */
kind?: StationKind, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Visit = { team_id: string, station_id: string, arrival_at: Timestamp, departure_at: Timestamp | null, breaks: Array<ObservationBreak>, phases: Array<Phase>, 
/**
 * Observers of the team present at this visit.
 */
observer_ids: Array<string>, interpreter_used: boolean | null, 
/**
 * Voters on the station's list, as told by the commission at arrival.
 */
voters_on_list: number | null, 
/**
 * Voters who had voted at arrival: with `voters_on_list`, the observed turnout.
 */
voters_voted_at_arrival: number | null, 
/**
 * Could the team observe without restriction (`false` is the problem answer).
 */
observed_unrestricted: boolean | null, notes: string, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Checklist = { visit_id: string, template_id: string, template_version: number, phase: Phase, 
/**
 * Set when the team submitted it; a checklist without it is a draft.
 */
submitted_at: Timestamp | null, review_status: ReviewStatus, review_comment: string, answers: Record<string, unknown>, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type Incident = { 
/**
 * The visit during which the team recorded it, if any.
 */
visit_id: string | null, team_id: string | null, 
/**
 * The station where it happened (this visit's or another), if at a station.
 */
station_id: string | null, occurred_at: Timestamp, location: IncidentLocation, 
/**
 * One of the incident template's categories (SPEC 3.5), e.g. `ballot_box_stuffing`.
 */
category: string, severity: Severity, source: IncidentSource, description: string, 
/**
 * Persons involved, by role (e.g. `commission_chair`).
 */
persons: Array<string>, 
/**
 * Witnesses' names: internal only, never in the public report.
 */
witnesses: string, commission_informed: boolean | null, complaint_filed: boolean | null, follow_up: FollowUp, id: string, created_at: Timestamp, updated_at: Timestamp, revision: number, 
/**
 * The installation that last changed the record.
 */
device_id: string, 
/**
 * A tombstone: the record was deleted; kept so the deletion travels in bundles.
 */
deleted: boolean, };

export type AdminLevel = { 
/**
 * The level's name as in the station list's header, e.g. `region`, `district`.
 */
level: string, value: string, };

export type ObservationBreak = { from: Timestamp, to: Timestamp, };

export type Template = { id: string, version: number, phase: Phase, title: { [key in string]: string }, questions: Array<Question>, };

export type AnswerValues = { yes_no: Array<string>, 
/**
 * Best first.
 */
assessment: Array<string>, 
/**
 * What a choice question offers after its options.
 */
not_observed: string, };

export type Condition = { code: string, in: Array<string>, };

export type Choice = { value: string, label: { [key in string]: string }, problem: boolean, };

export type Question = { code: string, type: AnswerType, label: { [key in string]: string }, help?: { [key in string]: string } | null, section?: { [key in string]: string } | null, required: boolean, show_if?: Condition | null, 
/**
 * For yes/no: which answer (`yes` or `no`) is the problem answer.
 */
problem?: string | null, options?: Array<Choice>, min?: number | null, max?: number | null, protocol?: ProtocolRole | null, role?: QuestionRole | null, };

export type Finding = { code: string, kind: FindingKind, message: string, };

export type LineError = { 
/**
 * 1-based line number in the file.
 */
line: number, 
/**
 * Column (header name) the problem is in, when there is one.
 */
column: string | null, message: string, };

export type SavedAnswer = { checklist_id: string, code: string, revision: number, saved_at: Timestamp, 
/**
 * The findings (missing, invalid, protocol), for inline display.
 */
findings: Array<Finding>, 
/**
 * The codes of the questions shown, in the template's order.
 */
shown: Array<string>, 
/**
 * The codes of the shown questions answered with a problem answer.
 */
problems: Array<string>, };

export type ChecklistState = { 
/**
 * The findings (missing, invalid, protocol), for inline display.
 */
findings: Array<Finding>, 
/**
 * The codes of the questions shown, in the template's order.
 */
shown: Array<string>, 
/**
 * The codes of the shown questions answered with a problem answer.
 */
problems: Array<string>, };

export type NewMission = { name: string, organisation: string, country: string, election_name: string, election_date: string, time_zone: string, languages: Array<string>, accreditation_ref: string, candidates: Array<string>, };

export type NewObserver = { name: string, nationality: string, role: ObserverRole, accreditation_number: string, team_id: string | null, };

export type NewVisit = { team_id: string, station_id: string, arrival_at: Timestamp, phases: Array<Phase>, observer_ids: Array<string>, 
/**
 * Departure time for the team's current visit (the one without a departure yet), when starting
 * one elsewhere.
 */
close_current_visit_at: Timestamp | null, };

export type VisitHeader = { arrival_at: Timestamp, departure_at: Timestamp | null, breaks: Array<ObservationBreak>, phases: Array<Phase>, observer_ids: Array<string>, interpreter_used: boolean | null, voters_on_list: number | null, voters_voted_at_arrival: number | null, observed_unrestricted: boolean | null, notes: string, };

export type NewIncident = { visit_id: string | null, team_id: string | null, station_id: string | null, occurred_at: Timestamp, location: IncidentLocation, category: string, severity: Severity, source: IncidentSource, description: string, persons: Array<string>, witnesses: string, commission_informed: boolean | null, complaint_filed: boolean | null, follow_up: FollowUp, };

export type AttachmentInfo = { id: string, file_name: string, media_type: string, size: number, 
/**
 * Hex SHA-256 of the bytes.
 */
sha256: string, };

export type StationsPreview = { file_name: string, 
/**
 * Valid lines.
 */
rows: number, 
/**
 * Column → field, as the header was understood.
 */
mapping: Array<[string, string]>, errors: Array<LineError>, 
/**
 * The first valid lines (five at most): code, name, top level.
 */
sample: Array<[string, string, string]>, };

export type StationImportReport = { added: number, updated: number, unchanged: number, 
/**
 * Lines left out with `skip_invalid`.
 */
skipped: Array<LineError>, 
/**
 * How the header columns were understood (column → field).
 */
mapping: Array<[string, string]>, };

export type KindCounts = { 
/**
 * New records.
 */
added: number, 
/**
 * Local records replaced by a newer incoming version (the local one went to the replaced
 * versions).
 */
updated: number, 
/**
 * Incoming records identical to what the database holds.
 */
unchanged: number, 
/**
 * Incoming versions older than the local one (kept in the replaced versions, not applied).
 */
kept_local: number, 
/**
 * Versions the signer was not allowed to write (kept in the replaced versions as `refused`
 * when the rest was imported with `skip_unauthorized`).
 */
refused: number, };

export type BundleSummary = { mission: string, exported_at: Timestamp | null, teams: number, observers: number, stations: number, visits: number, checklists: number, answers: number, incidents: number, attachments: number, };

export type SignerReport = { fingerprint: string, public_key: string, signed_at: Timestamp, 
/**
 * The name the key is enrolled under (`eom keys trust`), or `None`: unknown.
 */
trusted_as: string | null, 
/**
 * What the key is enrolled as (core team or one team); `None`: unknown, or known by name
 * only (a key trusted before enrolment had roles: it may change nothing).
 */
enrolment: Enrolment | null, };

export type ImportReport = { summary: BundleSummary, exported_by_device: string | null, exported_by_team: string | null, 
/**
 * Who signed the bundle (verified); `None` for an unsigned bundle the caller allowed.
 */
signer: SignerReport | null, applied: boolean, kinds: Array<[string, KindCounts]>, 
/**
 * The first break in the edit history the bundle carries (its chains walked link by link),
 * or `None`. The records are merged all the same — they are what the signer exported — but
 * the sending laptop's history was changed outside EOM Reporter: `eom verify BUNDLE` says
 * more, and `eom verify --db` reports the same break after the import.
 */
history_break: ChainBreak | null, 
/**
 * The versions the signer was not allowed to write (docs/security.md, "Who may change
 * what"), the first 1,000 of them (`KindCounts::refused` counts all). Applied only with
 * `skip_unauthorized`, which leaves these out.
 */
unauthorized: Array<UnauthorizedChange>, 
/**
 * Why the import would be refused with these options (`None`: it can be applied).
 */
blocked: ImportBlock | null, };

export type UnauthorizedChange = { 
/**
 * `mission`, `team`, `observer`, `station`, `visit`, `checklist`, `incident`, `attachment`,
 * or `bundle` for the bundle as a whole (a claimed device id).
 */
kind: string, record_id: string | null, 
/**
 * The station code (visits, checklists), team code, station or observer name: what people
 * recognise the record by.
 */
label: string, 
/**
 * What the version would do: "new", "changed", "deleted", "review changed", …
 */
change: string, 
/**
 * The key that signed it: its name in this database, or its fingerprint.
 */
by: string, };

export type ImportBlock = { "reason": "unknown_signer", fingerprint: string, } | { "reason": "history_broken" } | { "reason": "unauthorized", count: number, };

export type Enrolment = { "role": "core" } | { "role": "team", "team": string };

export type KeyRole = "core" | "team";

export type KitKey = { name: string, public_key: string, fingerprint: string, };

export type JoinReport = { mission: string, team: string, 
/**
 * The key that signed the kit (compare it with what the core team reads out).
 */
signed_by: KitKey, core_keys: Array<KitKey>, 
/**
 * This laptop's fingerprint, to read back so the core team enrols it for the team.
 */
laptop_fingerprint: string, };

export type PassphraseStrength = { 
/**
 * 0 (guessed at once) to 4 (very hard to guess), zxcvbn's scale.
 */
score: number, 
/**
 * Score 3 or more: what the app calls strong enough for a mission database.
 */
strong_enough: boolean, 
/**
 * Why it is weak, in English (zxcvbn's feedback), when it is.
 */
warning: string | null, suggestions: Array<string>, 
/**
 * Time to guess it offline at 10,000 guesses a second (a slow hash), e.g. "3 years".
 */
crack_time: string, };

export type ConversionReport = { path: string, encrypted: boolean, 
/**
 * Backups converted to the new key.
 */
backups_converted: number, 
/**
 * Backups that had failed their check when written, deleted rather than converted.
 */
failed_backups_removed: number, 
/**
 * Whether the signing key is now sealed under the passphrase; `None` when it was left alone.
 */
key_sealed: boolean | null, };

export type ExportStatus = { 
/**
 * When this laptop last exported a bundle of this database; `None`: never.
 */
last_export_at: Timestamp | null, 
/**
 * Records (tombstones included) changed after the last export known for the device that
 * last changed them. A record whose device has no known export is not counted.
 */
edited_after_export: number, 
/**
 * The same count per kind of record (`visit`, `checklist`, …), kinds with none left out.
 */
edited_by_kind: { [key in string]: number }, };

export type ZoneChoice = { 
/**
 * The IANA name, e.g. `Asia/Baku`.
 */
name: string, 
/**
 * Offset from UTC at the moment asked for, in minutes (Baku: 240).
 */
offset_minutes: number, 
/**
 * The same as people write it: `UTC+04:00`.
 */
offset: string, 
/**
 * Countries that use the zone, e.g. `["Azerbaijan"]` (none for `UTC`).
 */
countries: Array<string>, };

export type TeamDay = { team_id: string, code: string, area: string, visits: number, 
/**
 * Visits without a departure time.
 */
open: number, };

export type DayVisit = { visit_id: string, arrival_at: Timestamp, departure_at: Timestamp | null, station_code: string, station_name: string, station_kind: StationKind, phases: Array<Phase>, checklists: Array<DayChecklist>, };

export type DayChecklist = { phase: Phase, assessment: Assessment | null, 
/**
 * Assessed bad or very bad (`Assessment::is_negative`): the screen marks it, without its own
 * list of which assessments are negative.
 */
negative: boolean, submitted: boolean, };

export type ReviewQuery = { 
/**
 * Team code (case does not matter).
 */
team: string | null, 
/**
 * The station's region (its top administrative level), exactly.
 */
region: string | null, phase: Phase | null, 
/**
 * Only checklists assessed bad or very bad.
 */
negative_only: boolean, review_status: ReviewStatus | null, 
/**
 * Part of the station's code or name (ASCII letters in any case).
 */
search: string, offset: number, 
/**
 * Rows on the page, at most [`MAX_REVIEW_PAGE`].
 */
limit: number, };

export type ReviewRow = { checklist_id: string, visit_id: string, team: string, station_code: string, station_name: string, region: string, arrival_at: Timestamp, phase: Phase, 
/**
 * The checklist's overall assessment, if answered.
 */
assessment: Assessment | null, submitted: boolean, review_status: ReviewStatus, };

export type ReviewPage = { rows: Array<ReviewRow>, 
/**
 * Checklists the filters keep, on every page.
 */
total: number, 
/**
 * Of those, assessed bad or very bad.
 */
negative: number, 
/**
 * Of those, not reviewed yet.
 */
not_reviewed: number, offset: number, };

export type RosterQuery = { 
/**
 * Part of a team's code or area; of an observer's name, nationality, accreditation number or
 * team code (any case). Empty: everyone.
 */
search: string, 
/**
 * Teams, and observers, in the answer: at most [`MAX_ROSTER_PAGE`] of each.
 */
limit: number, };

export type RosterTeam = { team_id: string, code: string, area: string, 
/**
 * Observers (not deleted) in the team.
 */
members: number, };

export type RosterObserver = { observer: Observer, team_code: string | null, };

export type RosterPage = { teams: Array<RosterTeam>, observers: Array<RosterObserver>, 
/**
 * Teams in the mission.
 */
teams_total: number, 
/**
 * Of those, the ones the search matches (all of them without a search).
 */
teams_matching: number, 
/**
 * Observers in the mission.
 */
observers_total: number, 
/**
 * Of those, the ones the search matches (all of them without a search).
 */
observers_matching: number, };

export type ChainBreak = { 
/**
 * The chain (device) and position of the entry at fault, when the fault is in the chain.
 */
device: string | null, n: number | null, kind: string, record_id: string, message: string, };

export type TrustedKey = { fingerprint: string, 
/**
 * `None` when enrolled by fingerprint only.
 */
public_key: string | null, name: string, trusted_at: Timestamp, role: KeyRole, 
/**
 * The team a team key is enrolled for; `None` for core keys, and for keys trusted before
 * schema 4 that were never enrolled for a team (they may change nothing).
 */
team: string | null, };

export type StatsFilter = { phase: Phase | null, 
/**
 * Top administrative level of the station.
 */
region: string | null, 
/**
 * Team code, e.g. `T01`.
 */
team: string | null, };

export type Statistics = { mission: string, is_sample: boolean, filter: StatsFilter, coverage: Coverage, tabulation: Tabulation, assessments: { [key in string]: AssessmentCounts }, assessments_by_region: { [key in string]: Array<GroupAssessment> }, assessments_by_setting: { [key in string]: Array<GroupAssessment> }, problems: Array<ProblemRate>, turnout: Array<TurnoutObservation>, turnout_flags: Array<TurnoutFlag>, protocol_failures: Array<ProtocolFailureRow>, incidents: IncidentStats, women: WomenStats, data_quality: DataQuality, };

export type Dashboard = { 
/**
 * The statistics with `turnout` and `turnout_flags` empty and `protocol_failures` cut to its
 * first [`DASHBOARD_FAILURES`] rows.
 */
statistics: Statistics, 
/**
 * How many turnout flags the statistics hold.
 */
turnout_flags: number, 
/**
 * How many protocol failures the statistics hold.
 */
protocol_failures: number, };

export type Coverage = { teams: number, observers: number, visits: number, visits_by_phase: { [key in string]: number }, stations_visited: number, stations_total: number, stations_visited_display: string, stations_visited_share: Share, checklists: { [key in string]: number }, by_region: Array<CoverageGroup>, by_setting: Array<CoverageGroup>, observing_minutes: number, };

export type Tabulation = { 
/**
 * Commissions in the station list (`--region` narrows it).
 */
commissions_total: number, 
/**
 * Distinct commissions with a kept visit.
 */
commissions_observed: number, commissions_observed_display: string, commissions_observed_share: Share, 
/**
 * Kept visits to commissions.
 */
visits: number, 
/**
 * Commissions with at least one tabulation checklist carrying an overall assessment.
 */
commissions_assessed: number, 
/**
 * Of those, commissions where any tabulation checklist was assessed bad or very bad:
 * "assessed negatively in X of N commissions observed".
 */
commissions_negative: number, commissions_negative_display: string, commissions_negative_share: Share, };

export type CoverageGroup = { group: string, stations_total: number, stations_visited: number, visits: number, };

export type AssessmentCounts = { very_good: number, good: number, bad: number, very_bad: number, 
/**
 * Checklists of the phase with an overall assessment.
 */
total: number, 
/**
 * bad + very bad: "assessed negatively".
 */
negative: number, negative_rate: number | null, negative_display: string, negative_share: Share, };

export type GroupAssessment = { group: string, very_good: number, good: number, bad: number, very_bad: number, 
/**
 * Checklists of the phase with an overall assessment.
 */
total: number, 
/**
 * bad + very bad: "assessed negatively".
 */
negative: number, negative_rate: number | null, negative_display: string, negative_share: Share, };

export type ProblemRate = { template: string, phase: Phase, code: string, question: string, 
/**
 * Checklists where the question was shown and answered (not "not observed").
 */
answered: number, 
/**
 * Of those, answered with a problem answer.
 */
problem: number, rate: number | null, display: string, share: Share, };

export type Share = { count: number, of: number, 
/**
 * Per cent to one decimal when `of` is at least `PERCENT_THRESHOLD`; `null` below it (the
 * share is written "count of of") and when `of` is 0 (written "–").
 */
percent: number | null, };

export type TurnoutObservation = { visit_id: string, station_code: string, team: string, arrival_at: Timestamp, voters_on_list: number, voted: number, turnout: number, };

export type TurnoutFlag = { station_code: string, visit_id: string, 
/**
 * `over_100`, `decrease` (fewer voters than at an earlier visit) or `jump`.
 */
kind: string, detail: string, };

export type ProtocolFailureRow = { station_code: string, team: string, checklist_id: string, check: string, message: string, 
/**
 * The figures without words (see `validate::ProtocolFailure::formula`); may be empty.
 */
formula: string, };

export type IncidentStats = { total: number, by_category: { [key in string]: number }, by_severity: { [key in string]: number }, by_source: { [key in string]: number }, by_follow_up: { [key in string]: number }, };

export type WomenStats = { 
/**
 * Sum of commission members present over the checklists that recorded both it and the
 * women among them.
 */
members_present: number, members_women: number, members_women_display: string, members_women_share: Share, 
/**
 * Checklists that answered whether the chair is a woman, and how many said yes.
 */
chairs_answered: number, chairs_women: number, chairs_women_display: string, chairs_women_share: Share, };

export type DataQuality = { checklists_total: number, 
/**
 * Checklists still in draft (not submitted).
 */
checklists_incomplete: number, 
/**
 * Answers to shown questions.
 */
answers_total: number, answers_not_observed: number, };

export type PointState = "not_observed" | "observed" | "negative";

export type CoveragePoint = { code: string, lat: number, lon: number, state: PointState, };

export type CoveragePoints = { points: Array<CoveragePoint>, 
/**
 * Of `points`: visited without a negative assessment.
 */
observed: number, 
/**
 * Of `points`: not visited.
 */
not_observed: number, 
/**
 * Of `points`: visited, with a checklist assessed bad or very bad.
 */
negative: number, 
/**
 * Live polling stations left off the map: no coordinates, only one, or one out of range.
 */
without_coordinates: number, };

export type ErrorCode = "database" | "io" | "newer_database" | "no_mission" | "conflict" | "not_found" | "invalid_input" | "invalid_file" | "not_submittable" | "wrong_passphrase" | "passphrase_required" | "signature_mismatch" | "unsigned" | "history_broken" | "unknown_signer" | "unauthorized" | "report";

export type Edition = "internal" | "public";

export type Annex = "none" | "summary" | "full";

export type FormIssue = { sheet: string, 
/**
 * The row in the spreadsheet (the header row is 1).
 */
row: number, 
/**
 * The column's header (`relevant`, `label::English (en)`); empty for the whole row.
 */
column: string, message: string, };

export type TemplateImport = { template: Template, 
/**
 * False when the mission had this very template already (importing twice adds nothing).
 */
added: boolean, };
