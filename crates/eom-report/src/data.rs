//! `ReportData`: everything the report prints, as one JSON document the typst template reads. The
//! figures are `Store::statistics` (the same as `eom stats --json`); this module adds the mission,
//! the annex rows and the language's words, and leaves out what the public edition must not show.

use std::collections::{BTreeMap, HashMap};

use eom_core::bundle::Bundle;
use eom_core::model::{Incident, Team};
use eom_core::stats::{Share, Statistics, StatsFilter};
use eom_core::templates::Template;
use eom_core::time::Timestamp;
use serde::Serialize;

use crate::annex::{self, Annex, TeamRow, VisitRow};
use crate::detail::{self, Lookup, VisitDetail, incident_row};
use crate::map::{MapData, map_data};
use crate::strings::{self, localise_share};
use crate::{Edition, ReportOptions};

/// The JSON the template reads (`json("/data.json")`). Field meanings are in `docs/report.md`.
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    pub edition: Edition,
    pub lang: String,
    pub detail: bool,
    /// The latest change in the data (UTC): the report's date, so the same data gives the same PDF.
    pub generated_at: Timestamp,
    /// `generated_at` in the mission's time zone, e.g. `2024-02-07 21:45 (Asia/Baku)`.
    pub generated_display: String,
    /// First 16 hex digits of the SHA-256 of the canonical bundle JSON (see `fingerprint`).
    pub fingerprint: String,
    /// Below this denominator shares are "X of N" (`eom_core::stats::PERCENT_THRESHOLD`).
    pub percent_threshold: u64,
    /// The report's own words in `lang`.
    pub strings: BTreeMap<String, String>,
    /// Labels in `lang` for statistics keys: incident categories, severities, sources, follow-up.
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    pub mission: MissionInfo,
    /// `eom stats --json`, with its shares and question labels written in `lang`, and without the
    /// per-visit turnout list (summarised in `turnout`, per visit in `visits`).
    pub statistics: Statistics,
    /// Per phase and level (`very_good` …), that level's share of the phase's assessments.
    pub assessment_shares: BTreeMap<String, BTreeMap<String, String>>,
    pub turnout: TurnoutSummary,
    /// Which annex the report carries (`ReportOptions::annex`, or by the mission's size).
    pub annex: Annex,
    /// The full annex: every visit, ordered by team, then arrival, then station code.
    pub visits: Vec<VisitRow>,
    /// The summary annex: one line per team.
    pub team_rows: Vec<TeamRow>,
    pub serious_incidents: Vec<IncidentRow>,
    /// One entry per visit, only in the internal edition with `detail`.
    pub details: Vec<VisitDetail>,
    /// The coverage map (`Store::coverage_points`, projected): None when no polling station has
    /// coordinates, and then left out of the JSON.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<MapData>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MissionInfo {
    pub name: String,
    pub organisation: String,
    pub country: String,
    pub election_name: String,
    pub election_date: String,
    pub time_zone: String,
    pub languages: Vec<String>,
    pub accreditation_ref: String,
    pub is_sample: bool,
    pub team_count: usize,
    pub observer_count: usize,
    /// Teams with their area; observer names only in the internal edition.
    pub teams: Vec<TeamInfo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TeamInfo {
    pub code: String,
    pub area: String,
    pub observers: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnoutSummary {
    pub observations: usize,
    pub median: String,
    pub flags: Vec<TurnoutFlagRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TurnoutFlagRow {
    pub station_code: String,
    pub team: String,
    pub time: String,
    pub kind: String,
    /// "voted / on the list (turnout)", in figures only.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    pub time: String,
    pub station: String,
    pub team: String,
    pub category: String,
    pub severity: String,
    pub source: String,
    pub follow_up: String,
    pub description: String,
    /// Internal edition only.
    pub persons: Vec<String>,
    /// Internal edition only.
    pub witnesses: String,
}

/// Gathers the report's data from the store, figures and records from one state of the database
/// (a read transaction: the app gathers on a second connection while answers are saved).
pub fn report_data(
    store: &mut eom_core::Store,
    opts: &ReportOptions,
) -> eom_core::Result<ReportData> {
    // The detail pages print answers; the rest of the report needs none of them (each
    // checklist's assessment is stored beside it), and the fingerprint hashes them as they stream
    // past: a 20,000-visit mission's 1.6 million answers are never all in memory.
    let with_answers = opts.detail && opts.edition == Edition::Internal;
    let gathered = store.snapshot(|s| -> eom_core::Result<_> {
        let statistics = s.statistics(&StatsFilter::default())?;
        let map = map_data(&s.coverage_points()?);
        if with_answers {
            let bundle = s.bundle(None)?;
            let fingerprint = crate::fingerprint::fingerprint(&bundle);
            Ok((statistics, map, bundle, fingerprint, None))
        } else {
            let bundle = s.bundle_without_answers()?;
            let fingerprint = crate::fingerprint::fingerprint_streamed(s, &bundle)?;
            Ok((
                statistics,
                map,
                bundle,
                fingerprint,
                Some(s.checklist_assessments()?),
            ))
        }
    })?;
    let (mut statistics, map, bundle, fingerprint, assessments) = gathered;
    let gathered = Gathered {
        bundle: &bundle,
        fingerprint,
        assessments,
    };
    let mut data = build(gathered, &mut statistics, opts);
    data.map = map;
    Ok(data)
}

/// The records the report is made from.
pub(crate) struct Gathered<'a> {
    pub bundle: &'a Bundle,
    pub fingerprint: String,
    /// Each checklist's stored assessment when the bundle was read without answers.
    pub assessments: Option<HashMap<uuid::Uuid, eom_core::model::Assessment>>,
}

fn build(gathered: Gathered, statistics: &mut Statistics, opts: &ReportOptions) -> ReportData {
    let bundle = gathered.bundle;
    let lang = opts.lang.as_str();
    let public = opts.edition == Edition::Public;
    let m = &bundle.mission;
    let tz = eom_core::time::parse_zone(&m.time_zone).unwrap_or(chrono_tz::UTC);
    let lookup = Lookup::new(bundle, tz, lang, gathered.assessments);
    let words = strings::strings(lang);

    let generated_at = latest_change(bundle);
    let generated_display = format!(
        "{} ({})",
        generated_at.in_zone(tz).format("%Y-%m-%d %H:%M"),
        m.time_zone
    );

    let live_teams: Vec<&Team> = bundle.teams.iter().filter(|t| !t.meta.deleted).collect();
    let mut teams: Vec<TeamInfo> = live_teams
        .iter()
        .map(|t| TeamInfo {
            code: t.code.clone(),
            area: t.area.clone(),
            observers: if public {
                Vec::new()
            } else {
                let mut names: Vec<String> = bundle
                    .observers
                    .iter()
                    .filter(|o| !o.meta.deleted && o.team_id == Some(t.meta.id))
                    .map(|o| o.name.clone())
                    .collect();
                names.sort();
                names
            },
        })
        .collect();
    teams.sort_by(|a, b| a.code.cmp(&b.code));
    let mission = MissionInfo {
        name: m.name.clone(),
        organisation: m.organisation.clone(),
        country: m.country.clone(),
        election_name: m.election_name.clone(),
        election_date: m.election_date.format("%Y-%m-%d").to_string(),
        time_zone: m.time_zone.clone(),
        languages: m.languages.clone(),
        accreditation_ref: m.accreditation_ref.clone(),
        is_sample: m.is_sample,
        team_count: teams.len(),
        observer_count: bundle.observers.iter().filter(|o| !o.meta.deleted).count(),
        teams,
    };

    localise_statistics(statistics, &lookup.templates, lang);
    let turnout = turnout_summary(statistics, &lookup, &words);
    // The per-visit list is long and already summarised; the annex has each visit.
    statistics.turnout = Vec::new();

    let mut visits: Vec<_> = bundle.visits.iter().filter(|v| !v.meta.deleted).collect();
    // The annex groups visits by team, each team's day in time order.
    visits.sort_by_cached_key(|v| {
        let code = lookup
            .station(v.station_id)
            .map(|s| s.code.as_str())
            .unwrap_or("");
        (lookup.team_code(Some(v.team_id)), v.arrival_at, code)
    });
    let annex = opts.annex.unwrap_or_else(|| Annex::for_size(visits.len()));
    let rows = match annex {
        Annex::Full => annex::visit_rows(&visits, &lookup, &words, public),
        _ => Vec::new(),
    };
    let team_rows = match annex {
        Annex::Summary => annex::team_rows(bundle, &visits, &lookup),
        _ => Vec::new(),
    };

    let mut serious: Vec<&Incident> = bundle
        .incidents
        .iter()
        .filter(|i| !i.meta.deleted && i.severity == eom_core::model::Severity::Serious)
        .collect();
    serious.sort_by_key(|i| i.occurred_at);
    let serious_incidents = serious
        .into_iter()
        .map(|i| incident_row(i, &lookup, public))
        .collect();

    let details = if opts.detail && !public {
        visits
            .iter()
            .map(|v| detail::visit_detail(v, bundle, &lookup, &words))
            .collect()
    } else {
        Vec::new()
    };

    ReportData {
        edition: opts.edition,
        lang: lang.to_string(),
        detail: opts.detail && !public,
        generated_at,
        generated_display,
        fingerprint: gathered.fingerprint,
        percent_threshold: eom_core::stats::PERCENT_THRESHOLD,
        strings: words,
        labels: lookup.incident_labels(),
        mission,
        assessment_shares: assessment_shares(statistics, lang),
        statistics: statistics.clone(),
        turnout,
        annex,
        visits: rows,
        team_rows,
        serious_incidents,
        details,
        map: None,
    }
}

fn assessment_shares(s: &Statistics, lang: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    s.assessments
        .iter()
        .map(|(phase, c)| {
            let shares = [
                ("very_good", c.very_good),
                ("good", c.good),
                ("bad", c.bad),
                ("very_bad", c.very_bad),
            ]
            .into_iter()
            .map(|(k, n)| (k.to_string(), localise_share(&Share::new(n, c.total), lang)))
            .collect();
            (phase.clone(), shares)
        })
        .collect()
}

/// The newest `updated_at` of any record: the moment the data describes.
fn latest_change(b: &Bundle) -> Timestamp {
    let metas = std::iter::once(&b.mission.meta)
        .chain(b.observers.iter().map(|r| &r.meta))
        .chain(b.teams.iter().map(|r| &r.meta))
        .chain(b.stations.iter().map(|r| &r.meta))
        .chain(b.visits.iter().map(|r| &r.meta))
        .chain(b.checklists.iter().map(|r| &r.meta))
        .chain(b.incidents.iter().map(|r| &r.meta))
        .chain(b.attachments.iter().map(|r| &r.meta));
    metas
        .map(|m| m.updated_at)
        .max()
        .unwrap_or(b.mission.meta.updated_at)
}

/// Writes the statistics' shares and question labels in the report's language.
fn localise_statistics(s: &mut Statistics, templates: &HashMap<String, Template>, lang: &str) {
    if lang == "en" {
        return;
    }
    let loc = |share: &Share| localise_share(share, lang);
    let c = &mut s.coverage;
    c.stations_visited_display = loc(&c.stations_visited_share);
    let t = &mut s.tabulation;
    t.commissions_observed_display = loc(&t.commissions_observed_share);
    t.commissions_negative_display = loc(&t.commissions_negative_share);
    for a in s.assessments.values_mut() {
        a.negative_display = loc(&a.negative_share);
    }
    for groups in s
        .assessments_by_region
        .values_mut()
        .chain(s.assessments_by_setting.values_mut())
    {
        for g in groups {
            g.counts.negative_display = loc(&g.counts.negative_share);
        }
    }
    for p in &mut s.problems {
        p.display = loc(&p.share);
        if let Some(q) = templates.get(&p.template).and_then(|t| t.question(&p.code)) {
            p.question = q.label(lang).to_string();
        }
    }
    let w = &mut s.women;
    w.members_women_display = loc(&w.members_women_share);
    w.chairs_women_display = loc(&w.chairs_women_share);
    // The check's name is translated in the table; its English sentence gives way to the figures.
    for f in &mut s.protocol_failures {
        if !f.formula.is_empty() {
            f.message = f.formula.clone();
        }
    }
}

fn turnout_summary(
    s: &Statistics,
    lookup: &Lookup,
    words: &BTreeMap<String, String>,
) -> TurnoutSummary {
    let mut values: Vec<f64> = s.turnout.iter().map(|t| t.turnout).collect();
    values.sort_by(f64::total_cmp);
    let median = match values.len() {
        0 => "–".to_string(),
        n if n % 2 == 1 => format!("{:.1} %", values[n / 2]),
        n => format!("{:.1} %", (values[n / 2 - 1] + values[n / 2]) / 2.0),
    };
    let by_visit: HashMap<_, _> = s.turnout.iter().map(|t| (t.visit_id, t)).collect();
    let flags = s
        .turnout_flags
        .iter()
        .map(|f| {
            let obs = by_visit.get(&f.visit_id);
            TurnoutFlagRow {
                station_code: f.station_code.clone(),
                team: obs.map(|o| o.team.clone()).unwrap_or_default(),
                time: obs.map(|o| lookup.time(o.arrival_at)).unwrap_or_default(),
                kind: words
                    .get(&format!("flag_{}", f.kind))
                    .cloned()
                    .unwrap_or_else(|| f.kind.clone()),
                detail: obs
                    .map(|o| format!("{} / {} ({:.1} %)", o.voted, o.voters_on_list, o.turnout))
                    .unwrap_or_default(),
            }
        })
        .collect();
    TurnoutSummary {
        observations: s.turnout.len(),
        median: strings::decimal_comma(&median, &lookup.lang),
        flags,
    }
}
