//! The mission's statistics (SPEC 4): one function, used by the CLI (`eom stats`), the app's
//! dashboard and the PDF report, and reproducible from a bundle alone. Field meanings are documented
//! in `docs/statistics.md`.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::model::{Assessment, Phase};
use crate::store::Store;
use crate::templates::{Question, QuestionRole, Template};
use crate::validate;

type FnvMap<K, V> = HashMap<K, V, crate::fnv::FnvBuild>;

/// Below this denominator a share is written "X of N", never as a percentage.
pub const PERCENT_THRESHOLD: u64 = 30;

/// A rise in observed turnout faster than this between two visits to one station is flagged.
pub const TURNOUT_JUMP_POINTS_PER_HOUR: f64 = 15.0;

/// The phases every statistics block reports, in election-day order.
pub const REPORTED_PHASES: [Phase; 3] = [Phase::Opening, Phase::Voting, Phase::Counting];

/// "X of N" below 30, else a percentage with one decimal ("12.5 %"); "–" when N is 0.
pub fn share(x: u64, n: u64) -> String {
    if n == 0 {
        "–".into()
    } else if n < PERCENT_THRESHOLD {
        format!("{x} of {n}")
    } else {
        format!("{:.1} %", rate(x, n).unwrap_or(0.0))
    }
}

fn rate(x: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| (x as f64 * 100.0 / n as f64 * 10.0).round() / 10.0)
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatsFilter {
    pub phase: Option<Phase>,
    /// Top administrative level of the station.
    pub region: Option<String>,
    /// Team code, e.g. `T01`.
    pub team: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Statistics {
    pub mission: String,
    pub is_sample: bool,
    pub filter: StatsFilter,
    pub coverage: Coverage,
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

#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    pub teams: u64,
    pub observers: u64,
    pub visits: u64,
    pub visits_by_phase: BTreeMap<String, u64>,
    pub stations_visited: u64,
    pub stations_total: u64,
    pub stations_visited_display: String,
    pub checklists: BTreeMap<String, u64>,
    pub by_region: Vec<CoverageGroup>,
    pub by_setting: Vec<CoverageGroup>,
    pub observing_minutes: i64,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct CoverageGroup {
    pub group: String,
    pub stations_total: u64,
    pub stations_visited: u64,
    pub visits: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AssessmentCounts {
    pub very_good: u64,
    pub good: u64,
    pub bad: u64,
    pub very_bad: u64,
    /// Checklists of the phase with an overall assessment.
    pub total: u64,
    /// bad + very bad: "assessed negatively".
    pub negative: u64,
    pub negative_rate: Option<f64>,
    pub negative_display: String,
}

impl AssessmentCounts {
    fn add_n(&mut self, a: Assessment, n: u64) {
        match a {
            Assessment::VeryGood => self.very_good += n,
            Assessment::Good => self.good += n,
            Assessment::Bad => self.bad += n,
            Assessment::VeryBad => self.very_bad += n,
        }
        self.total += n;
        if a.is_negative() {
            self.negative += n;
        }
    }
    fn finish(&mut self) {
        self.negative_rate = rate(self.negative, self.total);
        self.negative_display = share(self.negative, self.total);
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GroupAssessment {
    pub group: String,
    #[serde(flatten)]
    pub counts: AssessmentCounts,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProblemRate {
    pub template: String,
    pub phase: Phase,
    pub code: String,
    pub question: String,
    /// Checklists where the question was shown and answered (not "not observed").
    pub answered: u64,
    /// Of those, answered with a problem answer.
    pub problem: u64,
    pub rate: Option<f64>,
    pub display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnoutObservation {
    pub visit_id: uuid::Uuid,
    pub station_code: String,
    pub team: String,
    pub arrival_at: crate::time::Timestamp,
    pub voters_on_list: u32,
    pub voted: u32,
    pub turnout: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnoutFlag {
    pub station_code: String,
    pub visit_id: uuid::Uuid,
    /// `over_100`, `decrease` (fewer voters than at an earlier visit) or `jump`.
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProtocolFailureRow {
    pub station_code: String,
    pub team: String,
    pub checklist_id: uuid::Uuid,
    pub check: String,
    pub message: String,
    /// The figures without words (see `validate::ProtocolFailure::formula`); may be empty.
    pub formula: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct IncidentStats {
    pub total: u64,
    pub by_category: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    pub by_source: BTreeMap<String, u64>,
    pub by_follow_up: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct WomenStats {
    /// Sum of commission members present over the checklists that recorded it.
    pub members_present: u64,
    pub members_women: u64,
    pub members_women_display: String,
    /// Checklists that answered whether the chair is a woman, and how many said yes.
    pub chairs_answered: u64,
    pub chairs_women: u64,
    pub chairs_women_display: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct DataQuality {
    pub checklists_total: u64,
    /// Checklists still in draft (not submitted).
    pub checklists_incomplete: u64,
    /// Answers to shown questions.
    pub answers_total: u64,
    pub answers_not_observed: u64,
    /// Records changed after the device that last changed them exported a bundle.
    pub records_edited_after_export: u64,
}

/// A visit with its station's and team's fields, borrowed from the maps they were read into.
struct VisitRow<'a> {
    id: uuid::Uuid,
    /// The id as stored, for matching the checklists' `visit_id` without formatting.
    id_text: String,
    station_id: &'a str,
    station_code: &'a str,
    region: &'a str,
    setting: &'a str,
    team: &'a str,
    arrival_at: crate::time::Timestamp,
    departure_at: Option<crate::time::Timestamp>,
    breaks: String,
    phases: String,
    voters_on_list: Option<u32>,
    voted: Option<u32>,
}

fn group_name(s: &str) -> String {
    if s.is_empty() {
        "(none)".into()
    } else {
        s.into()
    }
}

impl Store {
    /// Computes every SPEC section-4 figure, narrowed by `filter`.
    pub fn statistics(&mut self, filter: &StatsFilter) -> Result<Statistics> {
        let mission = self.mission()?;
        let templates: HashMap<String, Template> = {
            let mut m = HashMap::new();
            for t in self.templates()? {
                // Codes are stable across versions: the newest version defines the question.
                m.insert(t.id.clone(), t);
            }
            m
        };
        let conn = &self.conn;
        let keep = |region: &str, team: &str| {
            filter.region.as_deref().is_none_or(|r| r == region)
                && filter
                    .team
                    .as_deref()
                    .is_none_or(|t| t.eq_ignore_ascii_case(team))
        };
        let phase_ok = |p: Phase| filter.phase.is_none_or(|f| f == p);

        // Visits, with their station and team. Stations and teams are read once into maps: a scan
        // of each table is much cheaper than two index look-ups per visit in a SQL join.
        // "Edited after export" is counted in the same passes (the tables are read once).
        let exported = LastExports::load(conn)?;
        let mut edited_after_export = 0u64;
        let mut stations: FnvMap<String, (String, String, String)> = FnvMap::default();
        let mut totals: BTreeMap<(String, String), u64> = BTreeMap::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, code, region, coalesce(setting, ''), deleted, device_id, updated_at FROM stations",
            )?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                edited_after_export += exported.row_edited_after(r, 5)? as u64;
                let (region, setting): (String, String) = (r.get(2)?, r.get(3)?);
                if !r.get::<_, bool>(4)? && filter.region.as_deref().is_none_or(|f| f == region) {
                    *totals
                        .entry((group_name(&region), group_name(&setting)))
                        .or_default() += 1;
                }
                stations.insert(r.get(0)?, (r.get(1)?, region, setting));
            }
        }
        let teams_by_id: FnvMap<String, String> = {
            let mut stmt = conn.prepare("SELECT id, code, device_id, updated_at FROM teams")?;
            let mut q = stmt.query([])?;
            let mut m = FnvMap::default();
            while let Some(r) = q.next()? {
                edited_after_export += exported.row_edited_after(r, 2)? as u64;
                m.insert(r.get(0)?, r.get(1)?);
            }
            m
        };
        let mut visits = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT id, station_id, team_id, arrival_at, departure_at, breaks, phases, \
                 voters_on_list, voters_voted_at_arrival, deleted, device_id, updated_at FROM visits",
            )?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                edited_after_export += exported.row_edited_after(r, 10)? as u64;
                if r.get::<_, bool>(9)? {
                    continue;
                }
                let (Some((station_id, (code, region, setting))), Some(team)) = (
                    stations.get_key_value(r.get_ref(1)?.as_str()?),
                    teams_by_id.get(r.get_ref(2)?.as_str()?),
                ) else {
                    continue;
                };
                if !keep(region, team) {
                    continue;
                }
                let phases: String = r.get(6)?;
                if filter.phase.is_some_and(|f| {
                    !serde_json::from_str::<Vec<Phase>>(&phases).is_ok_and(|p| p.contains(&f))
                }) {
                    continue;
                }
                let id_text: String = r.get(0)?;
                visits.push(VisitRow {
                    id: uuid::Uuid::parse_str(&id_text).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            0,
                            rusqlite::types::Type::Text,
                            e.into(),
                        )
                    })?,
                    id_text,
                    station_id,
                    station_code: code,
                    region,
                    setting,
                    team,
                    arrival_at: r.get(3)?,
                    departure_at: r.get(4)?,
                    breaks: r.get(5)?,
                    phases,
                    voters_on_list: r.get(7)?,
                    voted: r.get(8)?,
                });
            }
        }
        // Turnout compares a station's visits in time order.
        visits.sort_unstable_by(|a, b| {
            (a.station_code, a.arrival_at).cmp(&(b.station_code, b.arrival_at))
        });

        let mut cov = Coverage::default();
        let mut visited: FnvMap<&str, ()> = FnvMap::default();
        let mut region_visits: BTreeMap<String, (u64, FnvMap<&str, ()>)> = BTreeMap::new();
        let mut setting_visits: BTreeMap<String, (u64, FnvMap<&str, ()>)> = BTreeMap::new();
        for p in REPORTED_PHASES {
            cov.visits_by_phase.insert(p.to_string(), 0);
            cov.checklists.insert(p.to_string(), 0);
        }
        for v in &visits {
            let phases: Vec<Phase> = serde_json::from_str(&v.phases).unwrap_or_default();
            cov.visits += 1;
            for p in phases.into_iter().filter(|p| phase_ok(*p)) {
                *cov.visits_by_phase.entry(p.to_string()).or_default() += 1;
            }
            visited.insert(v.station_id, ());
            let e = region_visits.entry(group_name(v.region)).or_default();
            e.0 += 1;
            e.1.insert(v.station_id, ());
            let e = setting_visits.entry(group_name(v.setting)).or_default();
            e.0 += 1;
            e.1.insert(v.station_id, ());
            if let (Some(dep), Ok(breaks)) = (
                v.departure_at,
                serde_json::from_str::<Vec<crate::model::ObservationBreak>>(&v.breaks),
            ) {
                let mut ms = dep.millis() - v.arrival_at.millis();
                for b in breaks {
                    ms -= (b.to.millis() - b.from.millis()).max(0);
                }
                cov.observing_minutes += ms.max(0) / 60_000;
            }
        }
        cov.stations_visited = visited.len() as u64;
        cov.teams = count_teams(conn, filter, &visits)?;
        cov.observers = if filter.team.is_some()
            || filter.region.is_some()
            || filter.phase.is_some()
        {
            let teams: std::collections::HashSet<&str> = visits.iter().map(|v| v.team).collect();
            let mut stmt = conn.prepare("SELECT t.code FROM observers o JOIN teams t ON t.id = o.team_id WHERE o.deleted = 0")?;
            let codes = stmt.query_map([], |r| r.get::<_, String>(0))?;
            let mut n = 0;
            for c in codes {
                if teams.contains(c?.as_str()) {
                    n += 1;
                }
            }
            n
        } else {
            conn.query_row(
                "SELECT count(*) FROM observers WHERE deleted = 0",
                [],
                |r| r.get::<_, i64>(0),
            )? as u64
        };
        cov.stations_total = totals.values().sum();
        cov.stations_visited_display = share(cov.stations_visited, cov.stations_total);
        let mut region_totals: BTreeMap<String, u64> = BTreeMap::new();
        let mut setting_totals: BTreeMap<String, u64> = BTreeMap::new();
        for ((r, s), n) in &totals {
            *region_totals.entry(r.clone()).or_default() += n;
            *setting_totals.entry(s.clone()).or_default() += n;
        }
        cov.by_region = groups(&region_totals, &region_visits);
        cov.by_setting = groups(&setting_totals, &setting_visits);

        // Checklists: per-phase counts, assessments, data quality.
        let visit_keys: FnvMap<&str, (&str, &str, &str, &str)> = visits
            .iter()
            .map(|v| {
                (
                    v.id_text.as_str(),
                    (v.region, v.setting, v.team, v.station_code),
                )
            })
            .collect();
        let mut assessments: BTreeMap<String, AssessmentCounts> = REPORTED_PHASES
            .iter()
            .map(|p| (p.to_string(), AssessmentCounts::default()))
            .collect();
        let mut by_region: BTreeMap<String, BTreeMap<String, AssessmentCounts>> = BTreeMap::new();
        let mut by_setting: BTreeMap<String, BTreeMap<String, AssessmentCounts>> = BTreeMap::new();
        let mut dq = DataQuality::default();
        // Checklists still live under a visit a merge deleted must not count either: then the
        // per-checklist path is taken instead of the grouped one.
        let deleted_visits: i64 =
            conn.query_row("SELECT count(*) FROM visits WHERE deleted = 1", [], |r| {
                r.get(0)
            })?;
        let orphans: i64 = if deleted_visits == 0 {
            0
        } else {
            conn.query_row(
                "SELECT count(*) FROM checklists c JOIN visits v ON v.id = c.visit_id WHERE c.deleted = 0 AND v.deleted = 1",
                [],
                |r| r.get(0),
            )?
        };
        let mut included_seqs: Option<std::collections::HashSet<i64>> =
            (filter.region.is_some() || filter.team.is_some() || orphans > 0)
                .then(Default::default);
        let mut protocol_failures = Vec::new();
        {
            let mut stmt = conn.prepare(
                "SELECT seq, id, visit_id, phase, assessment, submitted_at IS NULL, protocol_failures, \
                 deleted, device_id, updated_at FROM checklists",
            )?;
            let mut q = stmt.query([])?;
            // Counted with borrowed keys and turned into the reported maps afterwards: this loop
            // runs once per checklist (60,000 in a large mission).
            type Key<'k> = (Phase, &'k str, &'k str, Assessment);
            let mut counted: FnvMap<Key<'_>, u64> = FnvMap::default();
            let mut per_phase: FnvMap<Phase, u64> = FnvMap::default();
            while let Some(r) = q.next()? {
                // Read in this pass, not in a second scan of the largest table.
                edited_after_export += exported.row_edited_after(r, 8)? as u64;
                if r.get::<_, bool>(7)? {
                    continue;
                }
                let visit_id = r.get_ref(2)?.as_str()?;
                let Some(&(region, setting, team, station)) = visit_keys.get(visit_id) else {
                    continue;
                };
                let phase: Phase = r.get(3)?;
                if !phase_ok(phase) {
                    continue;
                }
                if let Some(s) = included_seqs.as_mut() {
                    s.insert(r.get(0)?);
                }
                if let Some(failures) = r.get_ref(6)?.as_str_or_null()? {
                    let checklist_id = crate::store::rows::get_uuid(r, 1)?;
                    let list: Vec<validate::ProtocolFailure> =
                        serde_json::from_str(failures).unwrap_or_default();
                    for f in list {
                        protocol_failures.push(ProtocolFailureRow {
                            station_code: station.to_string(),
                            team: team.to_string(),
                            checklist_id,
                            check: f.check.into_owned(),
                            message: f.message,
                            formula: f.formula,
                        });
                    }
                }
                *per_phase.entry(phase).or_default() += 1;
                dq.checklists_total += 1;
                if r.get::<_, bool>(5)? {
                    dq.checklists_incomplete += 1;
                }
                if let Some(a) = r
                    .get_ref(4)?
                    .as_str_or_null()?
                    .and_then(|a| a.parse::<Assessment>().ok())
                {
                    *counted.entry((phase, region, setting, a)).or_default() += 1;
                }
            }
            for (phase, n) in per_phase {
                *cov.checklists.entry(phase.to_string()).or_default() += n;
            }
            for ((phase, region, setting, a), n) in counted {
                assessments
                    .entry(phase.to_string())
                    .or_default()
                    .add_n(a, n);
                by_region
                    .entry(phase.to_string())
                    .or_default()
                    .entry(group_name(region))
                    .or_default()
                    .add_n(a, n);
                by_setting
                    .entry(phase.to_string())
                    .or_default()
                    .entry(group_name(setting))
                    .or_default()
                    .add_n(a, n);
            }
        }
        for a in assessments.values_mut() {
            a.finish();
        }
        let finish_groups = |m: BTreeMap<String, BTreeMap<String, AssessmentCounts>>| {
            m.into_iter()
                .map(|(phase, groups)| {
                    let list = groups
                        .into_iter()
                        .map(|(group, mut counts)| {
                            counts.finish();
                            GroupAssessment { group, counts }
                        })
                        .collect();
                    (phase, list)
                })
                .collect()
        };

        // Answers: problem rates, women, not observed. Grouped in SQL over the statistics index.
        let mut problems: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
        let mut women = WomenStats::default();
        {
            let (sql, per_checklist) = match (&included_seqs, filter.phase) {
                (None, None) => (
                    "SELECT template_id, code, value, n, 0 FROM answer_counts",
                    false,
                ),
                _ => (
                    "SELECT template_id, code, value, 1, checklist_seq FROM answers WHERE shown = 1",
                    true,
                ),
            };
            let phase_of: HashMap<&str, Phase> = templates
                .iter()
                .map(|(id, t)| (id.as_str(), t.phase))
                .collect();
            let mut stmt = conn.prepare(sql)?;
            let mut q = stmt.query([])?;
            type Found<'t> = Option<(&'t Template, &'t Question)>;
            let mut last: Option<(String, String, Found<'_>)> = None;
            while let Some(r) = q.next()? {
                let template_id = r.get_ref(0)?.as_str()?;
                if per_checklist {
                    let seq: i64 = r.get(4)?;
                    if let Some(s) = &included_seqs
                        && !s.contains(&seq)
                    {
                        continue;
                    }
                    if let Some(p) = filter.phase
                        && phase_of.get(template_id) != Some(&p)
                    {
                        continue;
                    }
                }
                let code = r.get_ref(1)?.as_str()?;
                // Rows come ordered by template and code: look the question up once per code.
                let found = match &last {
                    Some((tid, c, found)) if tid == template_id && c == code => *found,
                    _ => {
                        let found = templates
                            .get(template_id)
                            .and_then(|t| Some((t, t.question(code)?)));
                        last = Some((template_id.to_string(), code.to_string(), found));
                        found
                    }
                };
                let Some((t, question)) = found else {
                    continue;
                };
                let n = r.get::<_, i64>(3)? as u64;
                let raw = r.get_ref(2)?.as_str()?;
                dq.answers_total += n;
                if raw == "\"not_observed\"" {
                    dq.answers_not_observed += n;
                }
                // Only flagged and role questions need the value itself (free text and figures
                // make up most distinct values).
                if !question.is_flagged() && question.role.is_none() {
                    continue;
                }
                let value: serde_json::Value = serde_json::from_str(raw).unwrap_or_default();
                if question.is_flagged()
                    && let Some(is_problem) = question.problem_in(&value)
                {
                    let e = problems
                        .entry((t.id.clone(), question.code.clone()))
                        .or_default();
                    e.0 += n;
                    if is_problem {
                        e.1 += n;
                    }
                }
                match question.role {
                    Some(QuestionRole::MembersPresent) => {
                        women.members_present += value.as_u64().unwrap_or(0) * n
                    }
                    Some(QuestionRole::MembersWomen) => {
                        women.members_women += value.as_u64().unwrap_or(0) * n
                    }
                    Some(QuestionRole::ChairWoman) => match value.as_str() {
                        Some("yes") => {
                            women.chairs_answered += n;
                            women.chairs_women += n;
                        }
                        Some("no") => women.chairs_answered += n,
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        women.members_women_display = share(women.members_women, women.members_present);
        women.chairs_women_display = share(women.chairs_women, women.chairs_answered);
        let mut problem_list: Vec<ProblemRate> = problems
            .into_iter()
            .filter_map(|((tid, code), (answered, problem))| {
                let t = templates.get(&tid)?;
                let q = t.question(&code)?;
                Some(ProblemRate {
                    template: tid.clone(),
                    phase: t.phase,
                    code,
                    question: q.label("en").to_string(),
                    answered,
                    problem,
                    rate: rate(problem, answered),
                    display: share(problem, answered),
                })
            })
            .collect();
        let phase_order = |p: Phase| Phase::ALL.iter().position(|x| *x == p).unwrap_or(0);
        problem_list.sort_by(|a, b| {
            phase_order(a.phase)
                .cmp(&phase_order(b.phase))
                .then(b.rate.unwrap_or(0.0).total_cmp(&a.rate.unwrap_or(0.0)))
                .then(b.problem.cmp(&a.problem))
                .then(a.code.cmp(&b.code))
        });

        protocol_failures.sort_by(|a, b| {
            a.station_code
                .cmp(&b.station_code)
                .then(a.check.cmp(&b.check))
        });

        let (turnout, turnout_flags) = turnout(&visits);
        let incidents = incident_stats(conn, filter, &visits)?;
        dq.records_edited_after_export =
            edited_after_export + exported.count_in(conn, &["incidents", "observers"])?;

        Ok(Statistics {
            mission: mission.name,
            is_sample: mission.is_sample,
            filter: filter.clone(),
            coverage: cov,
            assessments,
            assessments_by_region: finish_groups(by_region),
            assessments_by_setting: finish_groups(by_setting),
            problems: problem_list,
            turnout,
            turnout_flags,
            protocol_failures,
            incidents,
            women,
            data_quality: dq,
        })
    }
}

fn groups(
    totals: &BTreeMap<String, u64>,
    visits: &BTreeMap<String, (u64, FnvMap<&str, ()>)>,
) -> Vec<CoverageGroup> {
    let mut names: Vec<&String> = totals.keys().chain(visits.keys()).collect();
    names.sort();
    names.dedup();
    names
        .into_iter()
        .map(|g| CoverageGroup {
            group: g.clone(),
            stations_total: totals.get(g).copied().unwrap_or(0),
            stations_visited: visits.get(g).map(|v| v.1.len() as u64).unwrap_or(0),
            visits: visits.get(g).map(|v| v.0).unwrap_or(0),
        })
        .collect()
}

fn count_teams(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow],
) -> Result<u64> {
    if filter.team.is_some() || filter.region.is_some() || filter.phase.is_some() {
        let set: std::collections::HashSet<&str> = visits.iter().map(|v| v.team).collect();
        return Ok(set.len() as u64);
    }
    Ok(
        conn.query_row("SELECT count(*) FROM teams WHERE deleted = 0", [], |r| {
            r.get::<_, i64>(0)
        })? as u64,
    )
}

fn turnout(visits: &[VisitRow]) -> (Vec<TurnoutObservation>, Vec<TurnoutFlag>) {
    let mut flags = Vec::new();
    // `visits` is ordered by station code then arrival.
    let mut prev: Option<&TurnoutObservation> = None;
    let mut list: Vec<TurnoutObservation> = Vec::new();
    for v in visits {
        if let (Some(l), Some(voted)) = (v.voters_on_list, v.voted)
            && l > 0
        {
            list.push(TurnoutObservation {
                visit_id: v.id,
                station_code: v.station_code.to_string(),
                team: v.team.to_string(),
                arrival_at: v.arrival_at,
                voters_on_list: l,
                voted,
                turnout: (f64::from(voted) * 1000.0 / f64::from(l)).round() / 10.0,
            });
        }
    }
    for o in &list {
        if o.voted > o.voters_on_list {
            flags.push(TurnoutFlag {
                station_code: o.station_code.clone(),
                visit_id: o.visit_id,
                kind: "over_100".into(),
                detail: format!(
                    "{} voted of {} on the list ({:.1} %)",
                    o.voted, o.voters_on_list, o.turnout
                ),
            });
        }
        if let Some(p) = prev.filter(|p| p.station_code == o.station_code) {
            if o.voted < p.voted {
                flags.push(TurnoutFlag {
                    station_code: o.station_code.clone(),
                    visit_id: o.visit_id,
                    kind: "decrease".into(),
                    detail: format!(
                        "{} had voted, fewer than the {} seen at an earlier visit",
                        o.voted, p.voted
                    ),
                });
            } else {
                let hours = (o.arrival_at.millis() - p.arrival_at.millis()) as f64 / 3_600_000.0;
                let points = o.turnout - p.turnout;
                if hours > 0.0 && points / hours > TURNOUT_JUMP_POINTS_PER_HOUR {
                    flags.push(TurnoutFlag {
                        station_code: o.station_code.clone(),
                        visit_id: o.visit_id,
                        kind: "jump".into(),
                        detail: format!(
                            "turnout rose from {:.1} % to {:.1} % in {:.1} h",
                            p.turnout, o.turnout, hours
                        ),
                    });
                }
            }
        }
        prev = Some(o);
    }
    (list, flags)
}

fn incident_stats(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow],
) -> Result<IncidentStats> {
    let mut s = IncidentStats::default();
    let narrowed = filter.region.is_some() || filter.team.is_some() || filter.phase.is_some();
    let visit_ids: std::collections::HashSet<&str, crate::fnv::FnvBuild> = if narrowed {
        visits.iter().map(|v| v.id_text.as_str()).collect()
    } else {
        Default::default()
    };
    let mut stmt = conn.prepare(
        "SELECT i.category, i.severity, i.source, i.follow_up, i.visit_id, coalesce(s.region, ''), coalesce(t.code, '') \
         FROM incidents i LEFT JOIN stations s ON s.id = i.station_id LEFT JOIN teams t ON t.id = i.team_id \
         WHERE i.deleted = 0",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        if narrowed {
            let visit = r.get_ref(4)?.as_str_or_null()?;
            let in_visits = visit.is_some_and(|v| visit_ids.contains(v));
            let region: String = r.get(5)?;
            let team: String = r.get(6)?;
            let ok = in_visits
                || (visit.is_none()
                    && filter.phase.is_none()
                    && filter.region.as_deref().is_none_or(|f| f == region)
                    && filter
                        .team
                        .as_deref()
                        .is_none_or(|f| f.eq_ignore_ascii_case(&team)));
            if !ok {
                continue;
            }
        }
        s.total += 1;
        *s.by_category.entry(r.get(0)?).or_default() += 1;
        *s.by_severity.entry(r.get(1)?).or_default() += 1;
        *s.by_source.entry(r.get(2)?).or_default() += 1;
        *s.by_follow_up.entry(r.get(3)?).or_default() += 1;
    }
    Ok(s)
}

/// When each device last exported, for "records edited after their team exported them".
struct LastExports {
    by_device: FnvMap<String, String>,
    /// The earliest of those times: a record changed before it was not edited after any export.
    earliest: String,
}

impl LastExports {
    fn load(conn: &rusqlite::Connection) -> Result<Self> {
        let mut stmt =
            conn.prepare("SELECT device_id, max(exported_at) FROM exports GROUP BY device_id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let by_device: FnvMap<String, String> = rows.collect::<rusqlite::Result<_>>()?;
        let earliest = by_device.values().min().cloned().unwrap_or_default();
        Ok(LastExports {
            by_device,
            earliest,
        })
    }

    /// Whether the row, whose `device_id` and `updated_at` are columns `at` and `at + 1`, was
    /// changed after that device's last export (timestamps are stored in one fixed-width UTC
    /// format, so text order is time order).
    fn row_edited_after(&self, r: &rusqlite::Row<'_>, at: usize) -> Result<bool> {
        if self.by_device.is_empty() {
            return Ok(false);
        }
        let updated_at = r.get_ref(at + 1)?.as_str()?;
        if updated_at <= self.earliest.as_str() {
            return Ok(false);
        }
        let device = r.get_ref(at)?.as_str()?;
        Ok(self
            .by_device
            .get(device)
            .is_some_and(|exported| updated_at > exported.as_str()))
    }

    /// The same count, in SQL, for tables the statistics do not otherwise read.
    fn count_in(&self, conn: &rusqlite::Connection, tables: &[&str]) -> Result<u64> {
        if self.by_device.is_empty() {
            return Ok(0);
        }
        let mut n = 0u64;
        for table in tables {
            let c: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM {table} r JOIN (SELECT device_id, max(exported_at) AS at FROM exports GROUP BY device_id) e \
                     ON e.device_id = r.device_id WHERE r.updated_at > e.at"
                ),
                [],
                |r| r.get(0),
            )?;
            n += c as u64;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_switch_to_percent_at_30() {
        assert_eq!(share(3, 29), "3 of 29");
        assert_eq!(share(3, 30), "10.0 %");
        assert_eq!(share(31, 40), "77.5 %");
        assert_eq!(share(0, 0), "–");
    }
}
