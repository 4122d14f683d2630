//! Submissions from phones (issue 14, `docs/xlsform.md`): the CSV that ODK Central or
//! KoboToolbox export of a form EOM Reporter wrote (`eom templates export --format xlsform`)
//! becomes visits with one checklist each, matched to stations and teams by their codes.
//!
//! Every line is checked first; one bad line (unknown station or team, a value that does not fit
//! its question, a repeated instanceID) refuses the file with every bad line listed, and nothing
//! is imported. The records enter as one bundle this laptop vouches for (one transaction). The
//! visit's and checklist's ids are UUIDv5 of the submission's instanceID, so importing a file
//! again (or a later export holding the same submissions) adds nothing.

mod columns;
mod line;
mod values;

use std::collections::HashMap;
use std::path::Path;

use eom_core::error::LineError;
use eom_core::model::{Checklist, RecordMeta, ReviewStatus, Visit};
use eom_core::validate::{FindingKind, validate_checklist};
use eom_core::{Enrolment, Error, Store};
use uuid::Uuid;

use columns::{Column, Fields};
use line::Context;

/// A submissions file above this is refused unread (20,000 submissions of 100 answers are
/// about 20 MB).
pub const MAX_SUBMISSIONS_BYTES: u64 = 128 << 20;

const VISIT_NAMESPACE: Uuid = Uuid::from_u128(0x5b1c_3e0a_9d47_4c2e_8f61_0a7e_d2b4_41c9);
const CHECKLIST_NAMESPACE: Uuid = Uuid::from_u128(0x7c2d_4f1b_ae58_4d3f_9072_1b8f_e3c5_52da);

/// The visit's id for a submission (`uuid:` prefixes aside, so Central's and Kobo's agree).
pub fn visit_id_for(instance_id: &str) -> Uuid {
    Uuid::new_v5(&VISIT_NAMESPACE, bare(instance_id).as_bytes())
}

/// The checklist's id for a submission.
pub fn checklist_id_for(instance_id: &str) -> Uuid {
    Uuid::new_v5(&CHECKLIST_NAMESPACE, bare(instance_id).as_bytes())
}

fn bare(instance_id: &str) -> &str {
    let s = instance_id.trim();
    s.strip_prefix("uuid:").unwrap_or(s)
}

#[derive(Debug, Clone)]
pub struct SubmissionOptions {
    /// The template the form was written from.
    pub template: String,
    /// Its version; the newest when `None`.
    pub version: Option<u32>,
    /// The field holding the polling station's code.
    pub station_field: String,
    /// The field holding the team's code.
    pub team_field: String,
}

impl SubmissionOptions {
    pub fn new(template: &str) -> Self {
        SubmissionOptions {
            template: template.into(),
            version: None,
            station_field: "station_code".into(),
            team_field: "team_code".into(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SubmissionsReport {
    pub template: String,
    pub version: u32,
    /// Submissions in the file.
    pub submissions: usize,
    /// New visits, each with its checklist.
    pub added: usize,
    /// Submissions imported before (or deleted since): nothing added for them.
    pub already: usize,
    /// Checklists left as drafts, with the findings that stop them being submitted.
    pub drafts: Vec<LineError>,
    /// Photo answers left out: the CSV has only the files' names.
    pub photos_left_out: usize,
}

/// Imports the submissions in `path` (CSV, comma or semicolon, UTF-8 with or without BOM).
pub fn import_submissions(
    store: &mut Store,
    path: &Path,
    opts: &SubmissionOptions,
) -> Result<SubmissionsReport, Error> {
    let mission = store.mission()?;
    let t = crate::xlsform::find_template(store, &opts.template, opts.version)?;
    crate::xlsform::check_size(path, MAX_SUBMISSIONS_BYTES, "submissions file")?;
    let data = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let tz = eom_core::time::parse_zone(&mission.time_zone).map_err(|message| Error::Invalid {
        field: "time_zone".into(),
        message,
    })?;
    let own_team = match store.laptop_enrolment()? {
        Some(Enrolment::Team(code)) => Some(code),
        _ => None,
    };
    let teams: HashMap<String, Uuid> = store
        .teams()?
        .into_iter()
        .filter(|t| !t.meta.deleted)
        .map(|t| (t.code.to_uppercase(), t.meta.id))
        .collect();
    let refuse = |errors: Vec<LineError>| Error::CsvInvalid {
        path: path.to_path_buf(),
        count: errors.len(),
        errors,
    };
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&data);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(data))
        .flexible(true)
        .from_reader(data);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(String::from).collect(),
        Err(e) => return Err(refuse(vec![line_error(1, None, e.to_string())])),
    };
    let fields = Fields {
        station: &opts.station_field,
        team: &opts.team_field,
    };
    let cols = columns::classify(&headers, &t, &fields);
    let find = |c: Column| cols.iter().position(|x| *x == c);
    let mut missing = Vec::new();
    for (col, name) in [
        (Column::Station, &opts.station_field),
        (Column::Team, &opts.team_field),
    ] {
        if find(col).is_none() {
            missing.push(line_error(1, Some(name), format!(
                "the file has no `{name}` column (in Kobo, export with \"XML values and headers\"; in Central, the CSV of the form EOM Reporter wrote)"
            )));
        }
    }
    let id_col = find(Column::Key)
        .or_else(|| find(Column::InstanceId))
        .or_else(|| find(Column::Uuid));
    if id_col.is_none() {
        missing.push(line_error(
            1,
            Some("instanceID"),
            "the file has no `KEY`, `meta-instanceID` or `_uuid` column to tell submissions apart"
                .into(),
        ));
    }
    if find(Column::Arrival).is_none() && find(Column::Start).is_none() {
        missing.push(line_error(
            1,
            Some("arrival"),
            "the file has neither an `arrival` nor a `start` column for the arrival time".into(),
        ));
    }
    if !missing.is_empty() {
        return Err(refuse(missing));
    }
    let ctx = Context {
        t: &t,
        cols: &cols,
        headers: &headers,
        teams: &teams,
        own_team: own_team.as_deref(),
        tz,
        election: mission.election_date,
        candidates: &mission.candidates,
    };
    let mut errors: Vec<LineError> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut stations: HashMap<String, Option<Uuid>> = HashMap::new();
    let mut report = SubmissionsReport {
        template: t.id.clone(),
        version: t.version,
        ..Default::default()
    };
    let mut bundle = crate::merge::bundle_for(store, mission.clone());
    let now = store.now();
    let meta = |id| RecordMeta {
        id,
        created_at: now,
        updated_at: now,
        revision: 1,
        device_id: store.device_id(),
        deleted: false,
    };
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(line_error(line, None, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cells: Vec<&str> = record.iter().collect();
        // Kobo's row of HXL hashtags under the header.
        if cells.iter().all(|c| c.is_empty() || c.starts_with('#')) {
            continue;
        }
        report.submissions += 1;
        let id_col = id_col.expect("checked above");
        let instance = bare(cells.get(id_col).copied().unwrap_or("")).to_string();
        if instance.is_empty() {
            errors.push(line_error(
                line,
                Some(&headers[id_col]),
                "expected the submission's instanceID".into(),
            ));
            continue;
        }
        if let Some(first) = seen.insert(instance.clone(), line) {
            errors.push(line_error(
                line,
                Some(&headers[id_col]),
                format!("the submission {instance} is on line {first} already"),
            ));
            continue;
        }
        let Some(sub) = ctx.submission(line, &cells, &mut stations, store, &mut errors) else {
            continue;
        };
        report.photos_left_out += sub.photos;
        let visit_id = visit_id_for(&instance);
        if store.visit(visit_id).is_ok() {
            report.already += 1;
            continue;
        }
        let findings = validate_checklist(&t, &sub.answers, &mission.candidates);
        if let Some(f) = findings.iter().find(|f| f.kind == FindingKind::Invalid) {
            errors.push(line_error(line, None, f.to_string()));
            continue;
        }
        if !findings.is_empty() {
            let list: Vec<String> = findings.iter().map(|f| f.to_string()).collect();
            report.drafts.push(line_error(
                line,
                None,
                format!("left as a draft: {}", list.join("; ")),
            ));
        }
        bundle.visits.push(Visit {
            meta: meta(visit_id),
            team_id: sub.team,
            station_id: sub.station,
            arrival_at: sub.arrival,
            departure_at: sub.departure,
            breaks: Vec::new(),
            phases: vec![t.phase],
            observer_ids: Vec::new(),
            interpreter_used: None,
            voters_on_list: None,
            voters_voted_at_arrival: None,
            observed_unrestricted: None,
            notes: format!("Submitted from a phone (instanceID uuid:{instance})"),
        });
        bundle.checklists.push(Checklist {
            meta: meta(checklist_id_for(&instance)),
            visit_id,
            template_id: t.id.clone(),
            template_version: t.version,
            phase: t.phase,
            submitted_at: findings.is_empty().then_some(sub.submitted.unwrap_or(now)),
            review_status: ReviewStatus::None,
            review_comment: String::new(),
            answers: sub.answers,
        });
    }
    if !errors.is_empty() {
        return Err(refuse(errors));
    }
    report.added = bundle.visits.len();
    if report.added > 0 {
        let merged = store.merge_bundle(path, &bundle, true, &mut |_, _| {})?;
        // A submission whose visit was deleted here keeps its tombstone: not added.
        let visits = merged.kinds.iter().find(|(k, _)| k == "visits");
        if let Some((_, k)) = visits {
            report.already += report.added - k.added.min(report.added);
            report.added = k.added.min(report.added);
        }
    }
    Ok(report)
}

pub(crate) fn line_error(line: u64, column: Option<&str>, message: String) -> LineError {
    LineError {
        line,
        column: column.map(String::from),
        message,
    }
}

/// `,` unless the header line has more `;` (Kobo) or tabs outside quotes.
fn separator(data: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in data {
        match b {
            b'\n' if !quoted => break,
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
}
