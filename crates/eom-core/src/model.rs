//! The records a mission is made of. These types are the bundle format (with `bundle::Bundle`) and
//! what the desktop app shows; their field names are the observers' own words.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::time::Timestamp;

/// Replication fields every record carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordMeta {
    pub id: Uuid,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub revision: i64,
    /// The installation that last changed the record.
    pub device_id: Uuid,
    /// A tombstone: the record was deleted; kept so the deletion travels in bundles.
    #[serde(default)]
    pub deleted: bool,
}

impl RecordMeta {
    /// The version order used by merge: higher revision, then later `updated_at`, then device id.
    pub fn version_key(&self) -> (i64, Timestamp, Uuid) {
        (self.revision, self.updated_at, self.device_id)
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(&self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                // The exact spelling first: this runs for every row the statistics read.
                match s {
                    $($text => return Ok($name::$variant),)+
                    _ => {}
                }
                let t = s.trim().to_ascii_lowercase();
                match t.as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "`{}` is not one of: {}", s,
                        [$($text),+].join(", ")
                    )),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                v.as_str()?.parse().map_err(|e: String| rusqlite::types::FromSqlError::Other(e.into()))
            }
        }
    };
}

string_enum!(
    /// The stages of election day a checklist covers.
    Phase {
        Opening = "opening",
        Voting = "voting",
        Counting = "counting",
        Tabulation = "tabulation",
        Incident = "incident",
        Custom = "custom",
    }
);

string_enum!(ObserverRole {
    HeadOfMission = "head_of_mission",
    Observer = "observer",
    Interpreter = "interpreter",
    Driver = "driver",
    Analyst = "analyst",
});

string_enum!(Setting {
    Urban = "urban",
    Rural = "rural",
});

string_enum!(
    /// What a place in the station list is: a polling station, or an election commission above
    /// the stations (district / constituency), where teams observe the tabulation.
    StationKind {
        Station = "station",
        Commission = "commission",
    }
);

// Written by hand: `string_enum!` takes no attributes on its variants, so `#[default]` cannot be derived.
#[allow(clippy::derivable_impls)]
impl Default for StationKind {
    fn default() -> Self {
        StationKind::Station
    }
}

impl StationKind {
    pub fn is_station(&self) -> bool {
        *self == StationKind::Station
    }
}

string_enum!(StationType {
    Regular = "regular",
    Hospital = "hospital",
    Military = "military",
    Detention = "detention",
    Abroad = "abroad",
    Other = "other",
});

string_enum!(ReviewStatus {
    None = "none",
    Flagged = "flagged",
    Approved = "approved",
});

string_enum!(IncidentLocation {
    ThisStation = "this_station",
    OtherStation = "other_station",
    NotAtStation = "not_at_station",
});

string_enum!(Severity {
    Minor = "minor",
    Significant = "significant",
    Serious = "serious",
});

string_enum!(IncidentSource {
    Observed = "observed",
    ReportedByCommission = "reported_by_commission",
    ReportedByVoter = "reported_by_voter",
    ReportedByObservers = "reported_by_observers",
});

string_enum!(FollowUp {
    NotNeeded = "not_needed",
    Needed = "needed",
    Resolved = "resolved",
});

string_enum!(Assessment {
    VeryGood = "very_good",
    Good = "good",
    Bad = "bad",
    VeryBad = "very_bad",
});

impl Assessment {
    pub fn is_negative(&self) -> bool {
        matches!(self, Assessment::Bad | Assessment::VeryBad)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Mission {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub name: String,
    #[serde(default)]
    pub organisation: String,
    pub country: String,
    pub election_name: String,
    pub election_date: chrono::NaiveDate,
    /// IANA zone of the election, e.g. `Asia/Baku`: times are shown in it.
    pub time_zone: String,
    pub languages: Vec<String>,
    /// Accreditation reference issued by the host election body.
    #[serde(default)]
    pub accreditation_ref: String,
    /// Candidates (or lists) in ballot order, for the protocol's votes per candidate.
    #[serde(default)]
    pub candidates: Vec<String>,
    /// Invented demonstration data (`eom demo`); the report says so.
    #[serde(default)]
    pub is_sample: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Team {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// Short code such as `T01`, unique in the mission.
    pub code: String,
    /// Area of responsibility.
    #[serde(default)]
    pub area: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Observer {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub name: String,
    #[serde(default)]
    pub nationality: String,
    pub role: ObserverRole,
    #[serde(default)]
    pub accreditation_number: String,
    pub team_id: Option<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AdminLevel {
    /// The level's name as in the station list's header, e.g. `region`, `district`.
    pub level: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Station {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// The official number or code, unique in the mission.
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub address: String,
    /// Administrative hierarchy, top level first.
    #[serde(default)]
    pub admin_levels: Vec<AdminLevel>,
    pub setting: Option<Setting>,
    pub station_type: Option<StationType>,
    pub registered_voters: Option<u32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// A polling station (the default, left out of bundles) or an election commission.
    #[serde(default, skip_serializing_if = "StationKind::is_station")]
    pub kind: StationKind,
}

impl Station {
    /// The top administrative level, used to group statistics "by region".
    pub fn region(&self) -> &str {
        self.admin_levels
            .first()
            .map(|l| l.value.as_str())
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ObservationBreak {
    pub from: Timestamp,
    pub to: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Visit {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub team_id: Uuid,
    pub station_id: Uuid,
    pub arrival_at: Timestamp,
    pub departure_at: Option<Timestamp>,
    #[serde(default)]
    pub breaks: Vec<ObservationBreak>,
    #[serde(default)]
    pub phases: Vec<Phase>,
    /// Observers of the team present at this visit.
    #[serde(default)]
    pub observer_ids: Vec<Uuid>,
    pub interpreter_used: Option<bool>,
    /// Voters on the station's list, as told by the commission at arrival.
    pub voters_on_list: Option<u32>,
    /// Voters who had voted at arrival: with `voters_on_list`, the observed turnout.
    pub voters_voted_at_arrival: Option<u32>,
    /// Could the team observe without restriction (`false` is the problem answer).
    pub observed_unrestricted: Option<bool>,
    #[serde(default)]
    pub notes: String,
}

impl Visit {
    /// Minutes spent observing: arrival to departure less breaks (None while the visit is open).
    pub fn observing_minutes(&self) -> Option<i64> {
        let dep = self.departure_at?;
        let mut ms = dep.millis() - self.arrival_at.millis();
        for b in &self.breaks {
            ms -= (b.to.millis() - b.from.millis()).max(0);
        }
        Some(ms.max(0) / 60_000)
    }

    /// Observed turnout in per cent, when both figures were recorded.
    pub fn observed_turnout(&self) -> Option<f64> {
        match (self.voters_voted_at_arrival, self.voters_on_list) {
            (Some(v), Some(l)) if l > 0 => Some(f64::from(v) * 100.0 / f64::from(l)),
            _ => None,
        }
    }
}

/// Answers by question code; values are JSON (see `templates::AnswerType`).
pub type Answers = BTreeMap<String, serde_json::Value>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Checklist {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub visit_id: Uuid,
    pub template_id: String,
    pub template_version: u32,
    pub phase: Phase,
    /// Set when the team submitted it; a checklist without it is a draft.
    pub submitted_at: Option<Timestamp>,
    #[serde(default = "review_none")]
    pub review_status: ReviewStatus,
    #[serde(default)]
    pub review_comment: String,
    #[serde(default)]
    // Any JSON per answer type: ts-rs's recursive JsonValue is too deep for svelte's `$state`.
    #[cfg_attr(feature = "ts", ts(type = "Record<string, unknown>"))]
    pub answers: Answers,
}

fn review_none() -> ReviewStatus {
    ReviewStatus::None
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Incident {
    #[serde(flatten)]
    pub meta: RecordMeta,
    /// The visit during which the team recorded it, if any.
    pub visit_id: Option<Uuid>,
    pub team_id: Option<Uuid>,
    /// The station where it happened (this visit's or another), if at a station.
    pub station_id: Option<Uuid>,
    pub occurred_at: Timestamp,
    pub location: IncidentLocation,
    /// One of the incident template's categories (SPEC 3.5), e.g. `ballot_box_stuffing`.
    pub category: String,
    pub severity: Severity,
    pub source: IncidentSource,
    pub description: String,
    /// Persons involved, by role (e.g. `commission_chair`).
    #[serde(default)]
    pub persons: Vec<String>,
    /// Witnesses' names: internal only, never in the public report.
    #[serde(default)]
    pub witnesses: String,
    pub commission_informed: Option<bool>,
    pub complaint_filed: Option<bool>,
    pub follow_up: FollowUp,
}

string_enum!(AttachmentOwner {
    Visit = "visit",
    Checklist = "checklist",
    Incident = "incident",
});

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    #[serde(flatten)]
    pub meta: RecordMeta,
    pub owner_kind: AttachmentOwner,
    pub owner_id: Uuid,
    pub question_code: Option<String>,
    pub file_name: String,
    pub media_type: String,
    /// Hex SHA-256 of `data`.
    pub sha256: String,
    pub size: u64,
    #[serde(with = "base64_bytes")]
    pub data: Vec<u8>,
}

impl Attachment {
    /// The bytes as a `data:` URL, how the app shows a photo without giving the webview a path.
    pub fn data_url(&self) -> String {
        use base64::Engine;
        format!(
            "data:{};base64,{}",
            self.media_type,
            base64::engine::general_purpose::STANDARD.encode(&self.data)
        )
    }
}

mod base64_bytes {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        STANDARD
            .decode(s.as_bytes())
            .map_err(|e| serde::de::Error::custom(format!("attachment data is not base64: {e}")))
    }
}

pub use crate::hash::sha256_hex;
