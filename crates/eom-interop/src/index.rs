//! Lookups over a bundle (everything the database holds, `Store::bundle`): records by id, the live
//! (not deleted) visits and checklists, a checklist's template and overall assessment, and times
//! in the mission's zone.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use eom_core::Error;
use eom_core::bundle::Bundle;
use eom_core::model::{Assessment, Attachment, Checklist, Station, Visit};
use eom_core::templates::Template;
use eom_core::time::Timestamp;
use uuid::Uuid;

pub(crate) struct Index<'a> {
    pub bundle: &'a Bundle,
    pub tz: chrono_tz::Tz,
    stations: HashMap<Uuid, &'a Station>,
    teams: HashMap<Uuid, &'a str>,
    observers: HashMap<Uuid, &'a str>,
    visits: HashMap<Uuid, &'a Visit>,
    templates: HashMap<(&'a str, u32), &'a Template>,
    attachments: HashMap<Uuid, &'a Attachment>,
    attachments_of: HashMap<Uuid, Vec<&'a Attachment>>,
    /// Each checklist's overall assessment as the store keeps it, for a bundle read without its
    /// answers (`Store::bundle_without_answers`); `None`: read it from the answers.
    stored_assessments: Option<HashMap<Uuid, Assessment>>,
}

impl<'a> Index<'a> {
    pub fn new(bundle: &'a Bundle) -> Result<Index<'a>, Error> {
        let tz = eom_core::time::parse_zone(&bundle.mission.time_zone).map_err(|message| {
            Error::Invalid {
                field: "time_zone".into(),
                message,
            }
        })?;
        let live_attachments = || bundle.attachments.iter().filter(|a| !a.meta.deleted);
        let mut attachments_of: HashMap<Uuid, Vec<&Attachment>> = HashMap::new();
        for a in live_attachments() {
            attachments_of.entry(a.owner_id).or_default().push(a);
        }
        Ok(Index {
            bundle,
            tz,
            stations: bundle.stations.iter().map(|s| (s.meta.id, s)).collect(),
            teams: bundle
                .teams
                .iter()
                .map(|t| (t.meta.id, t.code.as_str()))
                .collect(),
            observers: bundle
                .observers
                .iter()
                .map(|o| (o.meta.id, o.name.as_str()))
                .collect(),
            visits: bundle
                .visits
                .iter()
                .filter(|v| !v.meta.deleted)
                .map(|v| (v.meta.id, v))
                .collect(),
            templates: bundle
                .templates
                .iter()
                .map(|t| ((t.id.as_str(), t.version), t))
                .collect(),
            attachments: live_attachments().map(|a| (a.meta.id, a)).collect(),
            attachments_of,
            stored_assessments: None,
        })
    }

    /// For a bundle without answers: the checklists' assessments come from `stored`
    /// (`Store::checklist_assessments`), the same values the answers give.
    pub fn with_stored_assessments(mut self, stored: HashMap<Uuid, Assessment>) -> Self {
        self.stored_assessments = Some(stored);
        self
    }

    pub fn station(&self, id: Uuid) -> Option<&'a Station> {
        self.stations.get(&id).copied()
    }

    pub fn team_code(&self, id: Option<Uuid>) -> &'a str {
        id.and_then(|id| self.teams.get(&id).copied()).unwrap_or("")
    }

    pub fn observer_names(&self, ids: &[Uuid]) -> Vec<&'a str> {
        ids.iter()
            .filter_map(|id| self.observers.get(id).copied())
            .collect()
    }

    /// A live visit.
    pub fn visit(&self, id: Uuid) -> Option<&'a Visit> {
        self.visits.get(&id).copied()
    }

    pub fn template(&self, id: &str, version: u32) -> Option<&'a Template> {
        self.templates.get(&(id, version)).copied()
    }

    /// The live checklists whose visit is live, in the bundle's order, with their visit.
    pub fn live_checklists(&self) -> impl Iterator<Item = (&'a Checklist, &'a Visit)> + '_ {
        self.bundle
            .checklists
            .iter()
            .filter(|c| !c.meta.deleted)
            .filter_map(|c| Some((c, self.visit(c.visit_id)?)))
    }

    /// The checklist's overall assessment (the answer to its template's `overall_assessment`
    /// question), as the statistics count it.
    pub fn assessment(&self, c: &Checklist) -> Option<Assessment> {
        if let Some(stored) = &self.stored_assessments {
            return stored.get(&c.meta.id).copied();
        }
        self.template(&c.template_id, c.template_version)?
            .assessment(&c.answers)
    }

    /// The file names of the live attachments of a record.
    pub fn attachment_names(&self, owner: Uuid) -> Vec<&'a str> {
        self.attachments_of
            .get(&owner)
            .map(|v| v.iter().map(|a| a.file_name.as_str()).collect())
            .unwrap_or_default()
    }

    /// An attachment's file name by id (photo answers hold attachment ids).
    pub fn attachment_name(&self, id: &str) -> Option<&'a str> {
        let id = Uuid::parse_str(id).ok()?;
        self.attachments.get(&id).map(|a| a.file_name.as_str())
    }

    /// The instant as a wall-clock time in the mission's zone.
    pub fn local(&self, t: Timestamp) -> NaiveDateTime {
        t.in_zone(self.tz).naive_local()
    }
}
