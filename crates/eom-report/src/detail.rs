//! Look-ups over a bundle (stations, teams, checklists by visit, template labels, local times) and
//! the per-visit detail pages of the internal edition.

use std::collections::{BTreeMap, HashMap};

use eom_core::bundle::Bundle;
use eom_core::model::{Assessment, Checklist, Incident, Observer, Phase, Station, Team, Visit};
use eom_core::templates::{self, QuestionRole, Template};
use eom_core::time::Timestamp;
use serde::Serialize;
use uuid::Uuid;

use crate::data::IncidentRow;

pub(crate) struct Lookup<'a> {
    pub tz: chrono_tz::Tz,
    pub lang: String,
    /// The newest version of each template, by id (codes are stable across versions).
    pub templates: HashMap<String, Template>,
    versions: HashMap<(&'a str, u32), &'a Template>,
    stations: HashMap<Uuid, &'a Station>,
    teams: HashMap<Uuid, &'a Team>,
    observers: HashMap<Uuid, &'a Observer>,
    checklists: HashMap<Uuid, Vec<&'a Checklist>>,
    incident_template: Option<Template>,
    election_day: chrono::NaiveDate,
    /// Each checklist's stored overall assessment, when the bundle was read without its answers.
    assessments: Option<HashMap<Uuid, Assessment>>,
}

impl<'a> Lookup<'a> {
    /// `assessments`: each checklist's stored overall assessment, for a bundle read without its
    /// answers (`Store::bundle_without_answers`); `None` reads them from the answers.
    pub fn new(
        b: &'a Bundle,
        tz: chrono_tz::Tz,
        lang: &str,
        assessments: Option<HashMap<Uuid, Assessment>>,
    ) -> Self {
        let mut templates: HashMap<String, Template> = HashMap::new();
        for t in &b.templates {
            if templates
                .get(&t.id)
                .is_none_or(|old| old.version < t.version)
            {
                templates.insert(t.id.clone(), t.clone());
            }
        }
        let mut checklists: HashMap<Uuid, Vec<&Checklist>> = HashMap::new();
        for c in b.checklists.iter().filter(|c| !c.meta.deleted) {
            checklists.entry(c.visit_id).or_default().push(c);
        }
        let phase_order = |p: Phase| Phase::ALL.iter().position(|x| *x == p).unwrap_or(0);
        for list in checklists.values_mut() {
            list.sort_by_key(|c| (phase_order(c.phase), c.meta.created_at));
        }
        let incident_template = templates
            .values()
            .find(|t| t.phase == Phase::Incident)
            .cloned();
        Lookup {
            tz,
            lang: lang.to_string(),
            versions: b
                .templates
                .iter()
                .map(|t| ((t.id.as_str(), t.version), t))
                .collect(),
            templates,
            stations: b.stations.iter().map(|s| (s.meta.id, s)).collect(),
            teams: b.teams.iter().map(|t| (t.meta.id, t)).collect(),
            observers: b.observers.iter().map(|o| (o.meta.id, o)).collect(),
            checklists,
            incident_template,
            election_day: b.mission.election_date,
            assessments,
        }
    }

    pub fn station(&self, id: Uuid) -> Option<&'a Station> {
        self.stations.get(&id).copied()
    }

    pub fn team_code(&self, id: Option<Uuid>) -> String {
        id.and_then(|id| self.teams.get(&id))
            .map(|t| t.code.clone())
            .unwrap_or_default()
    }

    pub fn checklists_of(&self, visit: Uuid) -> &[&'a Checklist] {
        self.checklists
            .get(&visit)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn template_of(&self, c: &Checklist) -> Option<&Template> {
        self.versions
            .get(&(c.template_id.as_str(), c.template_version))
            .copied()
            .or_else(|| self.templates.get(&c.template_id))
    }

    /// The checklist's overall assessment, from the question with that role.
    pub fn assessment(&self, c: &Checklist) -> Option<Assessment> {
        if let Some(stored) = &self.assessments {
            return stored.get(&c.meta.id).copied();
        }
        self.template_of(c)?.assessment(&c.answers)
    }

    /// Local time `HH:MM`, with the date when it is not election day.
    pub fn time(&self, t: Timestamp) -> String {
        let local = t.in_zone(self.tz);
        if local.date_naive() == self.election_day {
            local.format("%H:%M").to_string()
        } else {
            local.format("%Y-%m-%d %H:%M").to_string()
        }
    }

    /// Arrival–departure in local time.
    pub fn times(&self, v: &Visit) -> String {
        let dep = v
            .departure_at
            .map(|d| v.arrival_at.in_zone(self.tz).date_naive() == d.in_zone(self.tz).date_naive());
        match (v.departure_at, dep) {
            (Some(d), Some(true)) => format!(
                "{}–{}",
                self.time(v.arrival_at),
                d.in_zone(self.tz).format("%H:%M")
            ),
            (Some(d), _) => format!("{}–{}", self.time(v.arrival_at), self.time(d)),
            (None, _) => format!("{}–", self.time(v.arrival_at)),
        }
    }

    /// The label of an answer option of the incident checklist (`I04` category, `I05` severity …).
    pub fn incident_label(&self, code: &str, value: &str) -> String {
        self.incident_template
            .as_ref()
            .and_then(|t| t.question(code))
            .map(|q| q.option_label(value, &self.lang).to_string())
            .unwrap_or_else(|| value.replace('_', " "))
    }

    /// Labels for the statistics' incident keys, for the template.
    pub fn incident_labels(&self) -> BTreeMap<String, BTreeMap<String, String>> {
        let mut out = BTreeMap::new();
        for (name, code) in [
            ("category", "I04"),
            ("severity", "I05"),
            ("source", "I06"),
            ("follow_up", "I12"),
        ] {
            let options = self
                .incident_template
                .as_ref()
                .and_then(|t| t.question(code))
                .map(|q| {
                    q.options
                        .iter()
                        .map(|o| (o.value.clone(), label(&o.label, &self.lang).to_string()))
                        .collect()
                })
                .unwrap_or_default();
            out.insert(name.to_string(), options);
        }
        out
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct VisitDetail {
    pub station: String,
    pub station_name: String,
    pub address: String,
    pub region: String,
    pub team: String,
    pub observers: Vec<String>,
    pub times: String,
    pub turnout: String,
    /// False when the team could not observe without restriction.
    pub unrestricted: bool,
    pub notes: String,
    pub checklists: Vec<ChecklistDetail>,
    pub incidents: Vec<IncidentRow>,
    pub attachments: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChecklistDetail {
    pub phase: String,
    pub assessment: String,
    /// "code: question" of every flagged question answered with its problem answer.
    pub problems: Vec<String>,
    pub explanation: String,
    /// Review status and comment, e.g. "flagged: check the protocol photo".
    pub review: String,
}

pub(crate) fn visit_detail(
    v: &Visit,
    b: &Bundle,
    lookup: &Lookup,
    words: &BTreeMap<String, String>,
) -> VisitDetail {
    let station = lookup.station(v.station_id);
    let word = |k: &str| words.get(k).cloned().unwrap_or_default();
    let checklists = lookup
        .checklists_of(v.meta.id)
        .iter()
        .map(|c| {
            let t = lookup.template_of(c);
            let mut problems = Vec::new();
            let mut explanation = String::new();
            if let Some(t) = t {
                let shown = t.shown_codes(&c.answers);
                for q in t
                    .questions
                    .iter()
                    .filter(|q| shown.contains(q.code.as_str()))
                {
                    let Some(value) = c.answers.get(&q.code) else {
                        continue;
                    };
                    if q.is_flagged() && q.problem_in(value) == Some(true) {
                        problems.push(format!("{}: {}", q.code, q.label(&lookup.lang)));
                    }
                    if q.role == Some(QuestionRole::AssessmentExplanation) {
                        explanation = value.as_str().unwrap_or_default().to_string();
                    }
                }
            }
            let review = match c.review_status {
                eom_core::model::ReviewStatus::None if c.review_comment.is_empty() => String::new(),
                status => format!("{status}: {}", c.review_comment)
                    .trim_end_matches([':', ' '])
                    .to_string(),
            };
            ChecklistDetail {
                phase: word(&format!("p_{}", c.phase)),
                assessment: lookup
                    .assessment(c)
                    .map(|a| word(&format!("a_{a}")))
                    .unwrap_or_default(),
                problems,
                explanation,
                review,
            }
        })
        .collect();
    let mut incidents: Vec<_> = b
        .incidents
        .iter()
        .filter(|i| !i.meta.deleted && i.visit_id == Some(v.meta.id))
        .collect();
    incidents.sort_by_key(|i| i.occurred_at);
    let own: Vec<Uuid> = std::iter::once(v.meta.id)
        .chain(lookup.checklists_of(v.meta.id).iter().map(|c| c.meta.id))
        .chain(incidents.iter().map(|i| i.meta.id))
        .collect();
    let attachments = b
        .attachments
        .iter()
        .filter(|a| !a.meta.deleted && own.contains(&a.owner_id))
        .map(|a| format!("{} ({} kB)", a.file_name, a.size.div_ceil(1024)))
        .collect();
    VisitDetail {
        station: station.map(|s| s.code.clone()).unwrap_or_default(),
        station_name: station.map(|s| s.name.clone()).unwrap_or_default(),
        address: station.map(|s| s.address.clone()).unwrap_or_default(),
        region: station.map(|s| s.region().to_string()).unwrap_or_default(),
        team: lookup.team_code(Some(v.team_id)),
        observers: v
            .observer_ids
            .iter()
            .filter_map(|id| lookup.observers.get(id))
            .map(|o| o.name.clone())
            .collect(),
        times: lookup.times(v),
        turnout: v
            .observed_turnout()
            .map(|t| {
                format!(
                    "{} / {} ({t:.1} %)",
                    v.voters_voted_at_arrival.unwrap_or(0),
                    v.voters_on_list.unwrap_or(0)
                )
            })
            .unwrap_or_default(),
        unrestricted: v.observed_unrestricted != Some(false),
        notes: shorten(&v.notes, 600),
        checklists,
        incidents: incidents
            .into_iter()
            .map(|i| incident_row(i, lookup, false))
            .collect(),
        attachments,
    }
}

pub(crate) fn incident_row(i: &Incident, lookup: &Lookup, public: bool) -> IncidentRow {
    IncidentRow {
        time: lookup.time(i.occurred_at),
        station: i
            .station_id
            .and_then(|s| lookup.station(s))
            .map(|s| s.code.clone())
            .unwrap_or_default(),
        team: lookup.team_code(i.team_id),
        category: lookup.incident_label("I04", &i.category),
        severity: lookup.incident_label("I05", i.severity.as_str()),
        source: lookup.incident_label("I06", i.source.as_str()),
        follow_up: lookup.incident_label("I12", i.follow_up.as_str()),
        description: i.description.clone(),
        persons: if public {
            Vec::new()
        } else {
            i.persons
                .iter()
                .map(|p| lookup.incident_label("I08", p))
                .collect()
        },
        witnesses: if public {
            String::new()
        } else {
            i.witnesses.clone()
        },
    }
}

/// At most `max` characters, cut at a word with an ellipsis.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut
        .rsplit_once(' ')
        .map(|(a, _)| a.to_string())
        .unwrap_or(cut);
    format!("{cut} …")
}

/// A template's label helper re-exported for the detail pages.
pub(crate) fn label<'a>(labels: &'a templates::Labels, lang: &str) -> &'a str {
    templates::label_in(labels, lang)
}
