//! Each record type's table: its columns, how its fields bind to them, and how a row reads back.

use rusqlite::Row;
use rusqlite::types::Value as Sql;

use super::rows::Record;
use crate::model::*;
use crate::sql::*;

macro_rules! meta_access {
    () => {
        fn meta(&self) -> &RecordMeta {
            &self.meta
        }
        fn meta_mut(&mut self) -> &mut RecordMeta {
            &mut self.meta
        }
    };
}

impl Record for Mission {
    const KIND: &'static str = "mission";
    const TABLE: &'static str = "missions";
    const COLS: &'static [&'static str] = &[
        "name",
        "organisation",
        "country",
        "election_name",
        "election_date",
        "time_zone",
        "languages",
        "accreditation_ref",
        "candidates",
        "is_sample",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            text(&self.name),
            text(&self.organisation),
            text(&self.country),
            text(&self.election_name),
            Sql::Text(self.election_date.to_string()),
            text(&self.time_zone),
            json(&self.languages),
            text(&self.accreditation_ref),
            json(&self.candidates),
            Sql::Integer(self.is_sample as i64),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        let date: String = r.get(10)?;
        Ok(Mission {
            meta,
            name: r.get(6)?,
            organisation: r.get(7)?,
            country: r.get(8)?,
            election_name: r.get(9)?,
            election_date: date.parse().map_err(|e: chrono::ParseError| {
                rusqlite::Error::FromSqlConversionFailure(10, rusqlite::types::Type::Text, e.into())
            })?,
            time_zone: r.get(11)?,
            languages: get_json(r, 12)?,
            accreditation_ref: r.get(13)?,
            candidates: get_json(r, 14)?,
            is_sample: r.get(15)?,
        })
    }
}

impl Record for Team {
    const KIND: &'static str = "team";
    const TABLE: &'static str = "teams";
    const COLS: &'static [&'static str] = &["code", "area"];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![text(&self.code), text(&self.area)]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Team {
            meta,
            code: r.get(6)?,
            area: r.get(7)?,
        })
    }
}

impl Record for Observer {
    const KIND: &'static str = "observer";
    const TABLE: &'static str = "observers";
    const COLS: &'static [&'static str] = &[
        "name",
        "nationality",
        "role",
        "accreditation_number",
        "team_id",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            text(&self.name),
            text(&self.nationality),
            text(self.role.as_str()),
            text(&self.accreditation_number),
            opt_uuid(&self.team_id),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Observer {
            meta,
            name: r.get(6)?,
            nationality: r.get(7)?,
            role: r.get(8)?,
            accreditation_number: r.get(9)?,
            team_id: get_opt_uuid(r, 10)?,
        })
    }
}

impl Record for Station {
    const KIND: &'static str = "station";
    const TABLE: &'static str = "stations";
    const COLS: &'static [&'static str] = &[
        "code",
        "name",
        "address",
        "admin_levels",
        "region",
        "setting",
        "station_type",
        "registered_voters",
        "latitude",
        "longitude",
        "kind",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            text(&self.code),
            text(&self.name),
            text(&self.address),
            json(&self.admin_levels),
            text(self.region()),
            opt_str(self.setting.map(|s| s.as_str())),
            opt_str(self.station_type.map(|s| s.as_str())),
            opt_int(self.registered_voters),
            self.latitude.map(Sql::Real).unwrap_or(Sql::Null),
            self.longitude.map(Sql::Real).unwrap_or(Sql::Null),
            text(self.kind.as_str()),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Station {
            meta,
            code: r.get(6)?,
            name: r.get(7)?,
            address: r.get(8)?,
            admin_levels: get_json(r, 9)?,
            setting: r.get(11)?,
            station_type: r.get(12)?,
            registered_voters: r.get(13)?,
            latitude: r.get(14)?,
            longitude: r.get(15)?,
            kind: r.get(16)?,
        })
    }
}

impl Record for Visit {
    const KIND: &'static str = "visit";
    const TABLE: &'static str = "visits";
    const COLS: &'static [&'static str] = &[
        "team_id",
        "station_id",
        "arrival_at",
        "departure_at",
        "breaks",
        "phases",
        "observer_ids",
        "interpreter_used",
        "voters_on_list",
        "voters_voted_at_arrival",
        "observed_unrestricted",
        "notes",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            uuid(&self.team_id),
            uuid(&self.station_id),
            ts(&self.arrival_at),
            opt_ts(&self.departure_at),
            json(&self.breaks),
            json(&self.phases),
            json(&self.observer_ids),
            opt_bool(self.interpreter_used),
            opt_int(self.voters_on_list),
            opt_int(self.voters_voted_at_arrival),
            opt_bool(self.observed_unrestricted),
            text(&self.notes),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Visit {
            meta,
            team_id: get_uuid(r, 6)?,
            station_id: get_uuid(r, 7)?,
            arrival_at: r.get(8)?,
            departure_at: r.get(9)?,
            breaks: get_json(r, 10)?,
            phases: get_json(r, 11)?,
            observer_ids: get_json(r, 12)?,
            interpreter_used: r.get(13)?,
            voters_on_list: r.get(14)?,
            voters_voted_at_arrival: r.get(15)?,
            observed_unrestricted: r.get(16)?,
            notes: r.get(17)?,
        })
    }
}

/// Checklist rows; answers live in their own table (see `store::checklists`).
impl Record for Checklist {
    const KIND: &'static str = "checklist";
    const TABLE: &'static str = "checklists";
    const COLS: &'static [&'static str] = &[
        "visit_id",
        "template_id",
        "template_version",
        "phase",
        "submitted_at",
        "review_status",
        "review_comment",
        "assessment",
        "protocol_failures",
        "members_present",
        "members_women",
        "answers_shown",
        "answers_not_observed",
        "figure_answers",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            uuid(&self.visit_id),
            text(&self.template_id),
            Sql::Integer(self.template_version.into()),
            text(self.phase.as_str()),
            opt_ts(&self.submitted_at),
            text(self.review_status.as_str()),
            text(&self.review_comment),
            // Derived from the answers and template: filled in by `store::checklists`.
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
            Sql::Null,
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Checklist {
            meta,
            visit_id: get_uuid(r, 6)?,
            template_id: r.get(7)?,
            template_version: r.get(8)?,
            phase: r.get(9)?,
            submitted_at: r.get(10)?,
            review_status: r.get(11)?,
            review_comment: r.get(12)?,
            answers: Answers::new(),
        })
    }
}

impl Record for Incident {
    const KIND: &'static str = "incident";
    const TABLE: &'static str = "incidents";
    const COLS: &'static [&'static str] = &[
        "visit_id",
        "team_id",
        "station_id",
        "occurred_at",
        "location",
        "category",
        "severity",
        "source",
        "description",
        "persons",
        "witnesses",
        "commission_informed",
        "complaint_filed",
        "follow_up",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            opt_uuid(&self.visit_id),
            opt_uuid(&self.team_id),
            opt_uuid(&self.station_id),
            ts(&self.occurred_at),
            text(self.location.as_str()),
            text(&self.category),
            text(self.severity.as_str()),
            text(self.source.as_str()),
            text(&self.description),
            json(&self.persons),
            text(&self.witnesses),
            opt_bool(self.commission_informed),
            opt_bool(self.complaint_filed),
            text(self.follow_up.as_str()),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Incident {
            meta,
            visit_id: get_opt_uuid(r, 6)?,
            team_id: get_opt_uuid(r, 7)?,
            station_id: get_opt_uuid(r, 8)?,
            occurred_at: r.get(9)?,
            location: r.get(10)?,
            category: r.get(11)?,
            severity: r.get(12)?,
            source: r.get(13)?,
            description: r.get(14)?,
            persons: get_json(r, 15)?,
            witnesses: r.get(16)?,
            commission_informed: r.get(17)?,
            complaint_filed: r.get(18)?,
            follow_up: r.get(19)?,
        })
    }
}

impl Record for Attachment {
    const KIND: &'static str = "attachment";
    const TABLE: &'static str = "attachments";
    const COLS: &'static [&'static str] = &[
        "owner_kind",
        "owner_id",
        "question_code",
        "file_name",
        "media_type",
        "sha256",
        "size",
        "data",
    ];
    meta_access!();
    fn bind(&self) -> Vec<Sql> {
        vec![
            text(self.owner_kind.as_str()),
            uuid(&self.owner_id),
            opt_str(self.question_code.as_deref()),
            text(&self.file_name),
            text(&self.media_type),
            text(&self.sha256),
            Sql::Integer(self.size as i64),
            Sql::Blob(self.data.clone()),
        ]
    }
    fn from_row(meta: RecordMeta, r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(Attachment {
            meta,
            owner_kind: r.get(6)?,
            owner_id: get_uuid(r, 7)?,
            question_code: r.get(8)?,
            file_name: r.get(9)?,
            media_type: r.get(10)?,
            sha256: r.get(11)?,
            size: r.get::<_, i64>(12)? as u64,
            data: r.get(13)?,
        })
    }
}
