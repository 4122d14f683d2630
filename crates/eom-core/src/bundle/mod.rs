//! The bundle: a self-contained JSON file of a mission's records that another installation merges
//! (SPEC 5; JSON Schema in `docs/bundle.schema.json`).

mod adopt;
mod authority;
mod check;
mod derive;
mod export;
mod file;
mod import;
mod kit;
mod lean;
mod merge;
mod read;
mod record_merge;
mod scan;
mod signature;
pub use file::{OpenedBundle, open_bundle, open_bundle_bytes, read_bundle, read_public_key};
pub use signature::{SignatureBlock, Signer, signed_envelope, statement, write_signed};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::model::*;
use crate::templates::Template;
use crate::time::Timestamp;

pub use crate::error::UnauthorizedChange;
pub use kit::{JoinReport, Kit, KitKey, KitSummary};
pub use merge::{ImportBlock, ImportOptions, ImportReport, SignerReport};
pub use record_merge::KindCounts;

pub const FORMAT: &str = "eom-bundle";
/// The bundle format version this build writes and the newest it reads. Version 2 is the signed
/// envelope (`signature.rs`); version 1 files (records at the top level, unsigned) are still read.
pub const FORMAT_VERSION: u64 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportedBy {
    pub device: Uuid,
    /// The team code, when the exporting database belongs to one team.
    pub team: Option<String>,
}

/// A replaced version: a version of a record that a merge overwrote or refused, kept so nothing is
/// silently dropped (table `replaced_versions`). Not to be confused with the hash-chained edit
/// history (`edit_history`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplacedVersion {
    pub kind: String,
    pub record_id: Uuid,
    pub revision: i64,
    pub updated_at: Timestamp,
    pub device_id: Uuid,
    /// `superseded`: the version lost a merge (as the stored or as the incoming one).
    pub reason: String,
    pub content: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bundle {
    pub format: String,
    pub format_version: u64,
    pub exported_at: Timestamp,
    pub exported_by: ExportedBy,
    pub mission: Mission,
    pub templates: Vec<Template>,
    pub observers: Vec<Observer>,
    pub teams: Vec<Team>,
    pub stations: Vec<Station>,
    pub visits: Vec<Visit>,
    pub checklists: Vec<Checklist>,
    pub incidents: Vec<Incident>,
    pub attachments: Vec<Attachment>,
    /// The versions earlier merges replaced or refused. Written as `replaced_versions`; bundles
    /// written before schema 7 call the member `history`, which is still read.
    #[serde(default, alias = "history")]
    pub replaced_versions: Vec<ReplacedVersion>,
    /// The hash-chained edit history of every device this database has entries of (format 2).
    #[serde(default)]
    pub edit_history: Vec<crate::edit_history::EditEntry>,
    /// Only in a mission kit (`eom kit export`): the team it is for and the core keys.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kit: Option<Kit>,
}

/// Record counts, for messages and the import preview.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BundleSummary {
    pub mission: String,
    pub exported_at: Option<Timestamp>,
    pub teams: usize,
    pub observers: usize,
    pub stations: usize,
    pub visits: usize,
    pub checklists: usize,
    pub answers: usize,
    pub incidents: usize,
    pub attachments: usize,
}

impl Bundle {
    pub fn summary(&self) -> BundleSummary {
        BundleSummary {
            mission: self.mission.name.clone(),
            exported_at: Some(self.exported_at),
            teams: self.teams.len(),
            observers: self.observers.len(),
            stations: self.stations.len(),
            visits: self.visits.len(),
            checklists: self.checklists.len(),
            answers: self.checklists.iter().map(|c| c.answers.len()).sum(),
            incidents: self.incidents.len(),
            attachments: self.attachments.len(),
        }
    }
}
