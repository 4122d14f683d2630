//! TypeScript shapes of the records that cross to the UI, generated with `ts-rs` into
//! `ui/src/lib/bindings/types.ts`.
//!
//! `eom-core` does not depend on ts-rs, so these are mirrors of its serde output. They are only
//! descriptions for the UI: the commands send and receive the core types themselves. The tests
//! below serialize real core values and read them back into these mirrors with
//! `deny_unknown_fields`, so a field added, renamed or removed in the core fails the build of the
//! tests; a second test fails when the committed TypeScript file is stale.
#![allow(dead_code)]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! mirror_enum {
    ($name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }
    };
}

mirror_enum!(Phase { Opening = "opening", Voting = "voting", Counting = "counting", Tabulation = "tabulation", Incident = "incident", Custom = "custom" });
mirror_enum!(ObserverRole { HeadOfMission = "head_of_mission", Observer = "observer", Interpreter = "interpreter", Driver = "driver", Analyst = "analyst" });
mirror_enum!(Setting { Urban = "urban", Rural = "rural" });
mirror_enum!(StationKind { Station = "station", Commission = "commission" });
mirror_enum!(StationType { Regular = "regular", Hospital = "hospital", Military = "military", Detention = "detention", Abroad = "abroad", Other = "other" });
mirror_enum!(ReviewStatus { None = "none", Flagged = "flagged", Approved = "approved" });
mirror_enum!(IncidentLocation { ThisStation = "this_station", OtherStation = "other_station", NotAtStation = "not_at_station" });
mirror_enum!(Severity { Minor = "minor", Significant = "significant", Serious = "serious" });
mirror_enum!(IncidentSource { Observed = "observed", ReportedByCommission = "reported_by_commission", ReportedByVoter = "reported_by_voter", ReportedByObservers = "reported_by_observers" });
mirror_enum!(FollowUp { NotNeeded = "not_needed", Needed = "needed", Resolved = "resolved" });
mirror_enum!(Assessment { VeryGood = "very_good", Good = "good", Bad = "bad", VeryBad = "very_bad" });
mirror_enum!(AttachmentOwner { Visit = "visit", Checklist = "checklist", Incident = "incident" });
mirror_enum!(AnswerType { YesNo = "yes_no", SingleChoice = "single_choice", MultipleChoice = "multiple_choice", Integer = "integer", Time = "time", Text = "text", Photo = "photo", Assessment = "assessment", CandidateVotes = "candidate_votes" });
mirror_enum!(ProtocolRole { VotersOnList = "voters_on_list", Signatures = "signatures", BallotsReceived = "ballots_received", BallotsUnused = "ballots_unused", BallotsSpoiled = "ballots_spoiled", BallotsStationary = "ballots_stationary", BallotsMobile = "ballots_mobile", BallotsInvalid = "ballots_invalid", BallotsValid = "ballots_valid", CandidateVotes = "candidate_votes" });
mirror_enum!(QuestionRole { OverallAssessment = "overall_assessment", AssessmentExplanation = "assessment_explanation", MembersPresent = "members_present", MembersWomen = "members_women", ChairWoman = "chair_woman" });
mirror_enum!(BackupReason { Start = "start", Migration = "migration", Import = "import", Hourly = "hourly", Manual = "manual", Restore = "restore" });
mirror_enum!(FindingKind { Missing = "missing", Invalid = "invalid", ExplanationRequired = "explanation_required", Protocol = "protocol" });

/// An RFC 3339 UTC time, e.g. `2024-02-07T04:00:00.000Z`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(type = "string")]
pub struct Timestamp(String);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct RecordMeta {
    pub id: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub revision: i32,
    pub device_id: String,
    pub deleted: bool,
}

macro_rules! record {
    ($name:ident { $($(#[$attr:meta])* $field:ident : $ty:ty),+ $(,)? }) => {
        #[derive(Debug, Clone, Serialize, Deserialize, TS)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            // Flattened record fields (deny_unknown_fields cannot be combined with flatten).
            pub id: String,
            pub created_at: Timestamp,
            pub updated_at: Timestamp,
            pub revision: i32,
            pub device_id: String,
            pub deleted: bool,
            $($(#[$attr])* pub $field: $ty),+
        }
    };
}

record!(Mission {
    name: String, organisation: String, country: String, election_name: String,
    election_date: String, time_zone: String, languages: Vec<String>, accreditation_ref: String,
    candidates: Vec<String>, is_sample: bool,
});
record!(Team {
    code: String,
    area: String
});
record!(Observer {
    name: String, nationality: String, role: ObserverRole, accreditation_number: String,
    team_id: Option<String>,
});
record!(Station {
    code: String, name: String, address: String, admin_levels: Vec<AdminLevel>,
    setting: Option<Setting>, station_type: Option<StationType>, registered_voters: Option<u32>,
    latitude: Option<f64>, longitude: Option<f64>,
    /// Absent for a polling station.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    kind: Option<StationKind>,
});
record!(Visit {
    team_id: String, station_id: String, arrival_at: Timestamp, departure_at: Option<Timestamp>,
    breaks: Vec<ObservationBreak>, phases: Vec<Phase>, observer_ids: Vec<String>,
    interpreter_used: Option<bool>, voters_on_list: Option<u32>, voters_voted_at_arrival: Option<u32>,
    observed_unrestricted: Option<bool>, notes: String,
});
record!(Checklist {
    visit_id: String, template_id: String, template_version: u32, phase: Phase,
    submitted_at: Option<Timestamp>, review_status: ReviewStatus, review_comment: String,
    answers: Answers,
});
record!(Incident {
    visit_id: Option<String>, team_id: Option<String>, station_id: Option<String>,
    occurred_at: Timestamp, location: IncidentLocation, category: String, severity: Severity,
    source: IncidentSource, description: String, persons: Vec<String>, witnesses: String,
    commission_informed: Option<bool>, complaint_filed: Option<bool>, follow_up: FollowUp,
});

/// Answers by question code (values as in `templates::AnswerType`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(type = "Record<string, unknown>")]
pub struct Answers(BTreeMap<String, serde_json::Value>);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AdminLevel {
    pub level: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ObservationBreak {
    pub from: Timestamp,
    pub to: Timestamp,
}

/// Labels by language code (`en`, `ru`, …).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(type = "Record<string, string>")]
pub struct Labels(BTreeMap<String, String>);

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub phase: Phase,
    pub title: Labels,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub code: String,
    #[serde(rename = "in")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Labels,
    pub problem: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: String,
    #[serde(rename = "type")]
    pub kind: AnswerType,
    pub label: Labels,
    #[ts(optional)]
    pub help: Option<Labels>,
    #[ts(optional)]
    pub section: Option<Labels>,
    pub required: bool,
    #[ts(optional)]
    pub show_if: Option<Condition>,
    #[ts(optional)]
    pub problem: Option<String>,
    #[serde(default)]
    #[ts(optional, as = "Option<Vec<Choice>>")]
    pub options: Vec<Choice>,
    #[ts(optional)]
    pub min: Option<i32>,
    #[ts(optional)]
    pub max: Option<i32>,
    #[ts(optional)]
    pub protocol: Option<ProtocolRole>,
    #[ts(optional)]
    pub role: Option<QuestionRole>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub code: String,
    pub kind: FindingKind,
    pub message: String,
}

impl From<&eom_core::validate::Finding> for Finding {
    fn from(f: &eom_core::validate::Finding) -> Self {
        serde_json::from_value(serde_json::to_value(f).unwrap_or_default()).unwrap_or(Finding {
            code: f.code.clone(),
            kind: FindingKind::Invalid,
            message: f.message.clone(),
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct LineError {
    pub line: u32,
    pub column: Option<String>,
    pub message: String,
}

impl From<&eom_core::LineError> for LineError {
    fn from(e: &eom_core::LineError) -> Self {
        LineError {
            line: e.line as u32,
            column: e.column.clone(),
            message: e.message.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SavedAnswer {
    pub checklist_id: String,
    pub code: String,
    pub revision: i32,
    pub saved_at: Timestamp,
    pub findings: Vec<Finding>,
}

// ---- inputs ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewMission {
    pub name: String,
    pub organisation: String,
    pub country: String,
    pub election_name: String,
    pub election_date: String,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub accreditation_ref: String,
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewObserver {
    pub name: String,
    pub nationality: String,
    pub role: ObserverRole,
    pub accreditation_number: String,
    pub team_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewVisit {
    pub team_id: String,
    pub station_id: String,
    pub arrival_at: Timestamp,
    pub phases: Vec<Phase>,
    pub observer_ids: Vec<String>,
    pub close_open_visit_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct VisitHeader {
    pub arrival_at: Timestamp,
    pub departure_at: Option<Timestamp>,
    pub breaks: Vec<ObservationBreak>,
    pub phases: Vec<Phase>,
    pub observer_ids: Vec<String>,
    pub interpreter_used: Option<bool>,
    pub voters_on_list: Option<u32>,
    pub voters_voted_at_arrival: Option<u32>,
    pub observed_unrestricted: Option<bool>,
    pub notes: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct NewIncident {
    pub visit_id: Option<String>,
    pub team_id: Option<String>,
    pub station_id: Option<String>,
    pub occurred_at: Timestamp,
    pub location: IncidentLocation,
    pub category: String,
    pub severity: Severity,
    pub source: IncidentSource,
    pub description: String,
    pub persons: Vec<String>,
    pub witnesses: String,
    pub commission_informed: Option<bool>,
    pub complaint_filed: Option<bool>,
    pub follow_up: FollowUp,
}

// ---- reports ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StationImportReport {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub skipped: Vec<LineError>,
    pub mapping: Vec<(String, String)>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KindCounts {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub kept_local: u32,
    pub refused: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct BundleSummary {
    pub mission: String,
    pub exported_at: Option<Timestamp>,
    pub teams: u32,
    pub observers: u32,
    pub stations: u32,
    pub visits: u32,
    pub checklists: u32,
    pub answers: u32,
    pub incidents: u32,
    pub attachments: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ImportReport {
    pub summary: BundleSummary,
    pub exported_by_device: Option<String>,
    pub exported_by_team: Option<String>,
    /// Who signed the bundle (verified); null for an unsigned bundle.
    pub signer: Option<SignerReport>,
    pub applied: bool,
    pub kinds: Vec<(String, KindCounts)>,
    /// The first break in the edit history the bundle carries, or null (intact).
    pub history_break: Option<ChainBreak>,
    /// Every version the signer may not write (docs/security.md, "Who may change what").
    pub unauthorized: Vec<UnauthorizedChange>,
    /// Why the import would be refused; null: it can be applied.
    pub blocked: Option<ImportBlock>,
}

/// A version the signer of a bundle was not allowed to write.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct UnauthorizedChange {
    pub kind: String,
    pub record_id: Option<String>,
    pub label: String,
    pub change: String,
    pub by: String,
}

/// Why an import is refused.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(tag = "reason", rename_all = "snake_case", deny_unknown_fields)]
pub enum ImportBlock {
    UnknownSigner { fingerprint: String },
    HistoryBroken,
    Unauthorized { count: u32 },
}

/// Whom a key is enrolled as: the core team, or one team by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "role", content = "team", rename_all = "snake_case")]
pub enum Enrolment {
    Core,
    Team(String),
}

mirror_enum!(KeyRole { Core = "core", Team = "team" });

/// A core key as a mission kit carries it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct KitKey {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// What joining a mission with a kit did: fingerprints to compare and to read back.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct JoinReport {
    pub mission: String,
    pub team: String,
    pub signed_by: KitKey,
    pub core_keys: Vec<KitKey>,
    pub laptop_fingerprint: String,
}

/// How hard a passphrase is to guess (`eom_core::strength`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PassphraseStrength {
    /// 0 (guessed at once) to 4 (very hard to guess).
    pub score: u8,
    pub strong_enough: bool,
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
    pub crack_time: String,
}

/// A time zone as the first-start picker lists it (`eom_core::zones::ZoneChoice`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ZoneChoice {
    pub name: String,
    pub offset_minutes: i32,
    pub offset: String,
    pub countries: Vec<String>,
}

/// A team and its day at a glance (`eom_core::TeamDay`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TeamDay {
    pub team_id: String,
    pub code: String,
    pub area: String,
    pub visits: u32,
    pub open: u32,
}

/// A visit of a team's day (`eom_core::DayVisit`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DayVisit {
    pub visit_id: String,
    pub arrival_at: Timestamp,
    pub departure_at: Option<Timestamp>,
    pub station_code: String,
    pub station_name: String,
    pub station_kind: StationKind,
    pub phases: Vec<Phase>,
    pub checklists: Vec<DayChecklist>,
}

/// A checklist of a day's visit (`eom_core::DayChecklist`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DayChecklist {
    pub phase: Phase,
    pub assessment: Option<Assessment>,
    pub submitted: bool,
}

/// The review list's filters and page (`eom_core::ReviewQuery`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewQuery {
    pub team: Option<String>,
    pub region: Option<String>,
    pub phase: Option<Phase>,
    pub negative_only: bool,
    pub review_status: Option<ReviewStatus>,
    pub search: String,
    pub offset: u32,
    pub limit: u32,
}

/// One checklist of the review list (`eom_core::ReviewRow`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewRow {
    pub checklist_id: String,
    pub visit_id: String,
    pub team: String,
    pub station_code: String,
    pub station_name: String,
    pub region: String,
    pub arrival_at: Timestamp,
    pub phase: Phase,
    pub assessment: Option<Assessment>,
    pub submitted: bool,
    pub review_status: ReviewStatus,
}

/// A page of the review list and the counts of all pages (`eom_core::ReviewPage`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ReviewPage {
    pub rows: Vec<ReviewRow>,
    pub total: u32,
    pub negative: u32,
    pub not_reviewed: u32,
    pub offset: u32,
}

/// When this laptop last exported, and what was edited after exports (`eom_core::ExportStatus`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportStatus {
    pub last_export_at: Option<Timestamp>,
    pub edited_after_export: u32,
    pub edited_by_kind: BTreeMap<String, u32>,
}

/// Where a chain of the edit history stops being trustworthy.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ChainBreak {
    pub device: Option<String>,
    pub n: Option<i64>,
    pub kind: String,
    pub record_id: String,
    pub message: String,
}

/// The verified signer of a bundle, and the name this database trusts the key under (if any).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SignerReport {
    pub fingerprint: String,
    pub public_key: String,
    pub signed_at: Timestamp,
    pub trusted_as: Option<String>,
    /// What the key is enrolled as; null: unknown, or known by name only (may change nothing).
    pub enrolment: Option<Enrolment>,
}

/// A signing key this database knows by name (`Store::trusted_keys`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TrustedKey {
    pub fingerprint: String,
    /// Null when trusted by fingerprint only (weaker than the full key from a bundle or key file).
    pub public_key: Option<String>,
    pub name: String,
    pub trusted_at: Timestamp,
    pub role: KeyRole,
    /// The team a team key is enrolled for (null for core keys and keys not enrolled).
    pub team: Option<String>,
}

// ---- statistics (SPEC 4) ----

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct StatsFilter {
    pub phase: Option<Phase>,
    pub region: Option<String>,
    pub team: Option<String>,
}

type Counts = BTreeMap<String, u32>;

/// Tabulation at election commissions (`eom_core::stats::Tabulation`).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Tabulation {
    pub commissions_total: u32,
    pub commissions_observed: u32,
    pub commissions_observed_display: String,
    pub visits: u32,
    pub commissions_assessed: u32,
    pub commissions_negative: u32,
    pub commissions_negative_display: String,
}

/// Mirrors `eom_core::stats::Dashboard`: the statistics with their long lists counted.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Dashboard {
    pub statistics: Statistics,
    pub turnout_flags: u32,
    pub protocol_failures: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Statistics {
    pub mission: String,
    pub is_sample: bool,
    pub filter: StatsFilter,
    pub coverage: Coverage,
    pub tabulation: Tabulation,
    pub assessments: BTreeMap<String, AssessmentCounts>,
    pub assessments_by_region: BTreeMap<String, Vec<GroupAssessment>>,
    pub assessments_by_setting: BTreeMap<String, Vec<GroupAssessment>>,
    pub problems: Vec<ProblemRate>,
    pub turnout: Vec<TurnoutObservation>,
    pub turnout_flags: Vec<TurnoutFlag>,
    pub protocol_failures: Vec<ProtocolFailureRow>,
    pub incidents: IncidentStats,
    pub women: WomenStats,
    pub data_quality: DataQuality,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub teams: u32,
    pub observers: u32,
    pub visits: u32,
    pub visits_by_phase: Counts,
    pub stations_visited: u32,
    pub stations_total: u32,
    pub stations_visited_display: String,
    pub checklists: Counts,
    pub by_region: Vec<CoverageGroup>,
    pub by_setting: Vec<CoverageGroup>,
    pub observing_minutes: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CoverageGroup {
    pub group: String,
    pub stations_total: u32,
    pub stations_visited: u32,
    pub visits: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AssessmentCounts {
    pub very_good: u32,
    pub good: u32,
    pub bad: u32,
    pub very_bad: u32,
    pub total: u32,
    pub negative: u32,
    pub negative_rate: Option<f64>,
    pub negative_display: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct GroupAssessment {
    pub group: String,
    pub very_good: u32,
    pub good: u32,
    pub bad: u32,
    pub very_bad: u32,
    pub total: u32,
    pub negative: u32,
    pub negative_rate: Option<f64>,
    pub negative_display: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProblemRate {
    pub template: String,
    pub phase: Phase,
    pub code: String,
    pub question: String,
    pub answered: u32,
    pub problem: u32,
    pub rate: Option<f64>,
    pub display: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TurnoutObservation {
    pub visit_id: String,
    pub station_code: String,
    pub team: String,
    pub arrival_at: Timestamp,
    pub voters_on_list: u32,
    pub voted: u32,
    pub turnout: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct TurnoutFlag {
    pub station_code: String,
    pub visit_id: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ProtocolFailureRow {
    pub station_code: String,
    pub team: String,
    pub checklist_id: String,
    pub check: String,
    pub message: String,
    pub formula: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct IncidentStats {
    pub total: u32,
    pub by_category: Counts,
    pub by_severity: Counts,
    pub by_source: Counts,
    pub by_follow_up: Counts,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct WomenStats {
    pub members_present: u32,
    pub members_women: u32,
    pub members_women_display: String,
    pub chairs_answered: u32,
    pub chairs_women: u32,
    pub chairs_women_display: String,
}

mirror_enum!(PointState { NotObserved = "not_observed", Observed = "observed", Negative = "negative" });

/// A polling station on the coverage map (`eom_core::CoveragePoint`): WGS 84 degrees.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CoveragePoint {
    pub code: String,
    pub lat: f64,
    pub lon: f64,
    pub state: PointState,
}

/// The dashboard's coverage map (`Store::coverage_points`): live polling stations with valid
/// coordinates, counted per state, and how many have none.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct CoveragePoints {
    pub points: Vec<CoveragePoint>,
    pub observed: u32,
    pub not_observed: u32,
    pub negative: u32,
    pub without_coordinates: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct DataQuality {
    pub checklists_total: u32,
    pub checklists_incomplete: u32,
    pub answers_total: u32,
    pub answers_not_observed: u32,
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use eom_core::Store;
    use eom_core::time::SystemClock;
    use serde::de::DeserializeOwned;
    use ts_rs::{Config, TS};

    use super::*;
    use crate::commands::{AppInfo, AttachmentInfo, CsvPreview, Progress};
    use crate::encryption::Converted;
    use crate::error::{AppError, AppErrorCode, ErrorDetails, FormIssue};
    use crate::exchange::{
        GeoJsonWritten, ImportedTemplate, ReportAnnex, ReportEdition, ReportFormat, ReportRequest,
        WorkbookRequest, Written,
    };
    use crate::safety::{BackupFile, Backups};

    const TYPES_TS: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../ui/src/lib/bindings/types.ts"
    );

    fn generated() -> String {
        let cfg = Config::new().with_large_int("number");
        let mut out = String::from(
            "// Generated by `cargo test` in src-tauri (ts-rs) from src-tauri/src/bindings.rs, error.rs,\n\
             // commands.rs, exchange.rs, safety.rs, encryption.rs. Do not edit: run `make bindings` (UPDATE_BINDINGS=1 cargo test bindings).\n\n",
        );
        macro_rules! decl {
            ($($t:ty),+ $(,)?) => {$(
                out.push_str("export ");
                out.push_str(&<$t as TS>::decl(&cfg));
                out.push_str("\n\n");
            )+};
        }
        decl!(
            Phase,
            ObserverRole,
            Setting,
            StationKind,
            StationType,
            ReviewStatus,
            IncidentLocation,
            Severity,
            IncidentSource,
            FollowUp,
            Assessment,
            AttachmentOwner,
            AnswerType,
            ProtocolRole,
            QuestionRole,
            FindingKind,
            BackupReason,
            Timestamp,
            RecordMeta,
            Mission,
            Team,
            Observer,
            Station,
            Visit,
            Checklist,
            Incident,
            Answers,
            AdminLevel,
            ObservationBreak,
            Labels,
            Template,
            Condition,
            Choice,
            Question,
            Finding,
            LineError,
            SavedAnswer,
            NewMission,
            NewObserver,
            NewVisit,
            VisitHeader,
            NewIncident,
            StationImportReport,
            KindCounts,
            BundleSummary,
            SignerReport,
            ImportReport,
            UnauthorizedChange,
            ImportBlock,
            Enrolment,
            KeyRole,
            KitKey,
            JoinReport,
            PassphraseStrength,
            Converted,
            ExportStatus,
            ZoneChoice,
            TeamDay,
            DayVisit,
            DayChecklist,
            ReviewQuery,
            ReviewRow,
            ReviewPage,
            ChainBreak,
            TrustedKey,
            StatsFilter,
            Statistics,
            Dashboard,
            Coverage,
            Tabulation,
            CoverageGroup,
            AssessmentCounts,
            GroupAssessment,
            ProblemRate,
            TurnoutObservation,
            TurnoutFlag,
            ProtocolFailureRow,
            IncidentStats,
            WomenStats,
            DataQuality,
            PointState,
            CoveragePoint,
            CoveragePoints,
            AppErrorCode,
            FormIssue,
            ErrorDetails,
            AppError,
            AppInfo,
            Progress,
            CsvPreview,
            AttachmentInfo,
            Written,
            ReportFormat,
            ReportEdition,
            ReportAnnex,
            ReportRequest,
            WorkbookRequest,
            GeoJsonWritten,
            ImportedTemplate,
            BackupFile,
            Backups,
        );
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// Fails when `ui/src/lib/bindings/types.ts` is not what the Rust types generate.
    #[test]
    fn typescript_bindings_are_fresh() {
        let want = generated();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::create_dir_all(std::path::Path::new(TYPES_TS).parent().unwrap()).unwrap();
            std::fs::write(TYPES_TS, &want).unwrap();
            return;
        }
        let have = std::fs::read_to_string(TYPES_TS).unwrap_or_default();
        assert!(
            have == want,
            "ui/src/lib/bindings/types.ts is stale: run `make bindings` (UPDATE_BINDINGS=1 cargo test bindings) and commit it"
        );
    }

    fn same_shape<T: Serialize, M: DeserializeOwned>(what: &str, v: &T) {
        let json = serde_json::to_value(v).unwrap();
        if let Err(e) = serde_json::from_value::<M>(json.clone()) {
            panic!(
                "the TypeScript mirror of {what} no longer matches eom-core's JSON: {e}\n{json:#}"
            );
        }
    }

    /// Real core values read back into the mirrors: any drift in the core's JSON fails here.
    #[test]
    fn mirrors_match_core_json() {
        let mut s = Store::open_in_memory(Arc::new(SystemClock)).unwrap();
        let report = eom_core::demo::load_sample(&mut s).unwrap();
        same_shape::<_, ImportReport>("ImportReport", &report);
        same_shape::<_, Mission>("Mission", &s.mission().unwrap());
        for t in s.teams().unwrap() {
            same_shape::<_, Team>("Team", &t);
        }
        for o in s.observers().unwrap() {
            same_shape::<_, Observer>("Observer", &o);
        }
        let commissions = s.stations("DEC-", 5).unwrap();
        assert!(!commissions.is_empty(), "the sample has commissions");
        for st in s.stations("", 50).unwrap().iter().chain(&commissions) {
            same_shape::<_, Station>("Station", st);
        }
        for t in s.templates().unwrap() {
            same_shape::<_, Template>("Template", &t);
        }
        for i in s.incidents().unwrap() {
            same_shape::<_, Incident>("Incident", &i);
        }
        let visits = s.visits(None).unwrap();
        for v in &visits {
            same_shape::<_, Visit>("Visit", v);
        }
        let mut draft = None;
        for v in &visits {
            for c in s.checklists_for_visit(v.meta.id).unwrap() {
                same_shape::<_, Checklist>("Checklist", &c);
                draft.get_or_insert(c.meta.id);
            }
        }
        let cl = draft.expect("the sample has checklists");
        let saved = s
            .save_answer(
                cl,
                &s.checklist(cl)
                    .unwrap()
                    .answers
                    .keys()
                    .next()
                    .unwrap()
                    .clone(),
                None,
            )
            .unwrap();
        same_shape::<_, SavedAnswer>("SavedAnswer", &saved);
        for f in s.checklist_findings(cl).unwrap() {
            same_shape::<_, Finding>("Finding", &f);
        }
        let stats = s
            .statistics(&eom_core::stats::StatsFilter::default())
            .unwrap();
        same_shape::<_, Statistics>("Statistics", &stats);
        let dashboard = s
            .dashboard(&eom_core::stats::StatsFilter::default())
            .unwrap();
        same_shape::<_, Dashboard>("Dashboard", &dashboard);
        same_shape::<_, StatsFilter>("StatsFilter", &eom_core::stats::StatsFilter::default());
        for r in eom_core::BackupReason::ALL {
            same_shape::<_, BackupReason>("BackupReason", &r);
        }
        s.trust_fingerprint(
            "ab12-cd34-ef56-7890-1122-3344-5566-7788",
            "Team 3",
            &eom_core::Enrolment::Team("T03".into()),
        )
        .unwrap();
        let key_dir = tempfile_dir();
        let key = eom_core::keys::Keys::open(&key_dir).unwrap().public();
        s.trust_key(&key, "Core 2", &eom_core::Enrolment::Core)
            .unwrap();
        let _ = std::fs::remove_dir_all(key_dir);
        for k in s.trusted_keys().unwrap() {
            same_shape::<_, TrustedKey>("TrustedKey", &k);
        }
        same_shape::<_, ExportStatus>("ExportStatus", &s.export_status().unwrap());
        let query = eom_core::ReviewQuery {
            team: Some("T01".into()),
            region: Some("Baku".into()),
            phase: Some(eom_core::model::Phase::Voting),
            negative_only: false,
            review_status: Some(eom_core::model::ReviewStatus::None),
            search: "0".into(),
            offset: 0,
            limit: 5,
        };
        same_shape::<_, ReviewQuery>("ReviewQuery", &query);
        let page = s.review_rows(&query).unwrap();
        assert!(!page.rows.is_empty());
        same_shape::<_, ReviewPage>("ReviewPage", &page);
        for z in eom_core::zones::zones(s.now()).iter().take(20) {
            same_shape::<_, ZoneChoice>("ZoneChoice", z);
        }
        for d in s.team_days().unwrap() {
            same_shape::<_, TeamDay>("TeamDay", &d);
            for v in s.team_day(d.team_id).unwrap() {
                same_shape::<_, DayVisit>("DayVisit", &v);
            }
        }
        same_shape::<_, ExportStatus>(
            "ExportStatus",
            &eom_core::ExportStatus {
                last_export_at: Some(s.now()),
                edited_after_export: 2,
                edited_by_kind: [("visit".to_string(), 2)].into(),
            },
        );
        for p in ["password1", "violet tractor seventeen lagoon"] {
            same_shape::<_, PassphraseStrength>(
                "PassphraseStrength",
                &eom_core::strength::passphrase_strength(p, &[]),
            );
        }
        same_shape::<_, LineError>(
            "LineError",
            &eom_core::LineError {
                line: 3,
                column: Some("code".into()),
                message: "x".into(),
            },
        );

        let dir = tempfile_dir();
        let csv = dir.join("stations.csv");
        std::fs::write(
            &csv,
            "code,name,region,latitude,longitude\n9001,School 1,Baku,40.41,49.87\n",
        )
        .unwrap();
        let r = s.import_stations_csv(&csv, false, &mut |_, _| {}).unwrap();
        same_shape::<_, StationImportReport>("StationImportReport", &r);
        let map = s.coverage_points().unwrap();
        assert_eq!(
            map.points.len(),
            1,
            "the station with coordinates is on the map"
        );
        same_shape::<_, CoveragePoints>("CoveragePoints", &map);

        let team = s.teams().unwrap()[0].meta.id;
        let station = s.stations("", 1).unwrap()[0].meta.id;
        let at = s.now();
        same_shape::<_, NewVisit>(
            "NewVisit",
            &eom_core::NewVisit {
                team_id: team,
                station_id: station,
                arrival_at: at,
                phases: vec![],
                observer_ids: vec![],
                close_open_visit_at: None,
            },
        );
        same_shape::<_, VisitHeader>(
            "VisitHeader",
            &eom_core::VisitHeader {
                arrival_at: at,
                departure_at: None,
                breaks: vec![],
                phases: vec![],
                observer_ids: vec![],
                interpreter_used: None,
                voters_on_list: None,
                voters_voted_at_arrival: None,
                observed_unrestricted: None,
                notes: String::new(),
            },
        );
        same_shape::<_, NewMission>(
            "NewMission",
            &eom_core::NewMission {
                name: "m".into(),
                organisation: String::new(),
                country: "c".into(),
                election_name: "e".into(),
                election_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 7).unwrap(),
                time_zone: "Asia/Baku".into(),
                languages: vec!["en".into()],
                accreditation_ref: String::new(),
                candidates: vec![],
            },
        );
        same_shape::<_, NewObserver>(
            "NewObserver",
            &eom_core::NewObserver {
                name: "n".into(),
                nationality: String::new(),
                role: eom_core::model::ObserverRole::Observer,
                accreditation_number: String::new(),
                team_id: None,
            },
        );
        same_shape::<_, NewIncident>(
            "NewIncident",
            &eom_core::NewIncident {
                visit_id: None,
                team_id: None,
                station_id: None,
                occurred_at: at,
                location: eom_core::model::IncidentLocation::NotAtStation,
                category: "other".into(),
                severity: eom_core::model::Severity::Minor,
                source: eom_core::model::IncidentSource::Observed,
                description: "d".into(),
                persons: vec![],
                witnesses: String::new(),
                commission_informed: None,
                complaint_filed: None,
                follow_up: eom_core::model::FollowUp::NotNeeded,
            },
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    fn tempfile_dir() -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("eom-app-test-{}", uuid::Uuid::now_v7()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Errors keep their code, and CSV errors their line list, on the way to the UI.
    #[test]
    fn errors_reach_the_ui_with_code_and_details() {
        let e = AppError::from(eom_core::Error::CsvInvalid {
            path: "x.csv".into(),
            count: 1,
            errors: vec![eom_core::LineError {
                line: 4,
                column: Some("registered_voters".into()),
                message: "not a number".into(),
            }],
        });
        assert_eq!(e.code, AppErrorCode::InvalidFile);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid_file");
        assert_eq!(json["details"]["kind"], "lines");
        assert_eq!(json["details"]["lines"][0]["line"], 4);
        let e = AppError::from(eom_core::Error::NoMission);
        assert_eq!(
            serde_json::to_value(&e).unwrap()["details"],
            serde_json::Value::Null
        );
        let e = AppError {
            details: Some(ErrorDetails::FormIssues {
                issues: vec![FormIssue::from(eom_interop::xlsform::Issue {
                    sheet: "survey".into(),
                    row: 9,
                    column: "type".into(),
                    message: "the type `geopoint` is outside the subset".into(),
                })],
            }),
            ..AppError::invalid("x")
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["details"]["kind"], "form_issues");
        assert_eq!(json["details"]["issues"][0]["sheet"], "survey");
        assert_eq!(json["details"]["issues"][0]["row"], 9);
        assert_eq!(json["details"]["issues"][0]["column"], "type");
    }
}
