//! Generated missions: the SPEC section-10 sample mission (`eom demo`) and large synthetic missions
//! for benchmarks and tests. Both are built as a bundle and imported, so they exercise the same
//! merge path as real data. Everything is deterministic for a given seed.

mod fill;
mod tabulation;

use std::path::Path;

use serde_json::{Value, json};
use uuid::Uuid;

use crate::bundle::{Bundle, ExportedBy, FORMAT, FORMAT_VERSION, ImportReport};
use crate::error::Result;
use crate::model::*;
use crate::rng::XorShift;
use crate::store::Store;
use crate::templates::{self, ProtocolRole};
use crate::time::Timestamp;
use fill::{fill, meta, new_id};

pub struct MissionSpec {
    pub seed: u64,
    pub visits: usize,
    pub teams: usize,
    pub stations: usize,
    /// Every visit observes all three phases (benchmark sizing: 3 checklists per visit).
    pub all_phases: bool,
    /// Chance that a flagged question gets its problem answer.
    pub problem_rate: f64,
}

impl MissionSpec {
    /// The generated missions of `eom demo --visits`, `make bench` and the benchmarks' bundles:
    /// three phases per visit, a team per 8 visits, a station per 2, seed 7.
    pub fn generated(visits: usize) -> MissionSpec {
        MissionSpec {
            seed: 7,
            visits,
            teams: (visits / 8).max(2),
            stations: (visits / 2).max(10),
            all_phases: true,
            problem_rate: 0.05,
        }
    }
}

const REGIONS: [(&str, &str, u32); 5] = [
    ("Baku", "urban", 50),
    ("Ganja", "urban", 20),
    ("Sumgait", "urban", 20),
    ("Shusha", "rural", 6),
    ("Khankendi", "urban", 6),
];

fn ts(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap_or_else(|_| Timestamp::from_millis(0))
}

/// The sample mission of SPEC section 10: a bilateral delegation in Azerbaijan, 7 February 2024.
pub fn sample_bundle() -> Bundle {
    generate(&MissionSpec {
        seed: 20_240_207,
        visits: 40,
        teams: 5,
        stations: 102,
        all_phases: false,
        problem_rate: 0.05,
    })
}

/// Loads the sample mission into the store (refused if it holds another mission).
pub fn load_sample(store: &mut Store) -> Result<ImportReport> {
    let b = sample_bundle();
    let report = store.merge_bundle(Path::new("sample mission"), &b, true, &mut |_, _| {})?;
    store.enrol_laptop_as_first_core()?;
    Ok(report)
}

/// A synthetic mission of `visits` visits (each with its three phases, as in `make bench`: a team
/// per 8 visits, a station per 2) loaded into the store, to try the app and the CLI at a mission's
/// real size. Refused, as the sample is, if the store holds another mission.
pub fn load_generated(
    store: &mut Store,
    visits: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ImportReport> {
    let b = generate(&MissionSpec::generated(visits));
    let report = store.merge_bundle(Path::new("generated mission"), &b, true, progress)?;
    store.enrol_laptop_as_first_core()?;
    Ok(report)
}

pub fn generate(spec: &MissionSpec) -> Bundle {
    let mut rng = XorShift::new(spec.seed);
    let t0 = ts("2024-01-20T09:00:00Z");
    let hq = new_id(&mut rng, t0);
    let sample = spec.visits <= 100;
    let mission = Mission {
        meta: meta(&mut rng, t0, hq),
        name: if sample {
            "Bilateral delegation — Azerbaijan 2024 (sample)".into()
        } else {
            format!("Synthetic mission ({} visits)", spec.visits)
        },
        organisation: "Sample Parliamentary Delegation".into(),
        country: "Azerbaijan".into(),
        election_name: "Early presidential election".into(),
        election_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 7).unwrap_or_default(),
        time_zone: "Asia/Baku".into(),
        languages: vec!["en".into(), "ru".into(), "az".into()],
        accreditation_ref: "CEC accreditation no. 0000-SAMPLE".into(),
        candidates: (b'A'..=b'G')
            .map(|c| format!("Candidate {}", c as char))
            .collect(),
        is_sample: true,
    };
    let templates = templates::builtin();
    let tpl = |p: Phase| {
        templates
            .iter()
            .find(|t| t.phase == p)
            .cloned()
            .unwrap_or_else(|| templates[0].clone())
    };
    let (opening, voting, counting) = (
        tpl(Phase::Opening),
        tpl(Phase::Voting),
        tpl(Phase::Counting),
    );

    // Stations, spread over the regions in proportion.
    let mut stations = Vec::with_capacity(spec.stations);
    let weight: u32 = REGIONS.iter().map(|r| r.2).sum();
    for i in 0..spec.stations {
        let pick = (i as u32 * weight / spec.stations.max(1) as u32).min(weight - 1);
        let mut acc = 0;
        let (region, setting, _) = REGIONS
            .iter()
            .find(|r| {
                acc += r.2;
                pick < acc
            })
            .copied()
            .unwrap_or(REGIONS[0]);
        let constituency = 1 + (i / 40);
        let code = format!("{:03}-{:03}", constituency, 1 + i % 40);
        stations.push(Station {
            meta: RecordMeta {
                id: crate::store::station_id_for(&code),
                ..meta(&mut rng, t0, hq)
            },
            code,
            name: format!("School No. {}", 1 + rng.below(300)),
            address: format!(
                "{} street {}, {region}",
                ["Nizami", "Fuzuli", "Azadlig", "Khatai", "Samad Vurgun"][rng.below(5) as usize],
                1 + rng.below(120)
            ),
            admin_levels: vec![
                AdminLevel {
                    level: "region".into(),
                    value: region.into(),
                },
                AdminLevel {
                    level: "constituency".into(),
                    value: format!("Constituency {constituency}"),
                },
            ],
            setting: Some(if setting == "rural" || rng.chance(0.15) {
                Setting::Rural
            } else {
                Setting::Urban
            }),
            station_type: Some(if rng.chance(0.03) {
                StationType::Hospital
            } else {
                StationType::Regular
            }),
            registered_voters: Some(400 + rng.below(1400) as u32),
            latitude: None,
            longitude: None,
            kind: Default::default(),
        });
    }

    let names = [
        "Anna Berg",
        "Jonas Keller",
        "Marta Novak",
        "Pierre Laurent",
        "Sofia Rossi",
        "Erik Lund",
        "Ines Duarte",
        "Tomas Varga",
        "Helen Walsh",
        "Lukas Brenner",
        "Nora Heikkinen",
        "Pavel Dvorak",
    ];
    let mut teams = Vec::new();
    let mut observers = Vec::new();
    let mut devices = Vec::new();
    for t in 0..spec.teams {
        let code = format!("T{:02}", t + 1);
        let team = Team {
            meta: RecordMeta {
                id: crate::store::team_id_for(&code),
                ..meta(&mut rng, t0, hq)
            },
            code,
            area: REGIONS[t % REGIONS.len()].0.to_string(),
        };
        for k in 0..2 {
            let n = (t * 2 + k) % names.len();
            observers.push(Observer {
                meta: meta(&mut rng, t0, hq),
                name: if t * 2 + k < names.len() {
                    names[n].to_string()
                } else {
                    format!("{} {}", names[n], t)
                },
                nationality: ["German", "French", "Italian", "Swedish", "Portuguese"][t % 5].into(),
                role: if t == 0 && k == 0 {
                    ObserverRole::HeadOfMission
                } else {
                    ObserverRole::Observer
                },
                accreditation_number: format!("ACC-{:05}", 1000 + t * 2 + k),
                team_id: Some(team.meta.id),
            });
        }
        devices.push(new_id(&mut rng, t0));
        teams.push(team);
    }

    let per_team = spec.visits.div_ceil(spec.teams.max(1));
    let mut visits = Vec::new();
    let mut checklists = Vec::new();
    let mut incidents = Vec::new();
    let day = ts("2024-02-07T00:00:00Z").millis();
    let local = |h: f64| Timestamp::from_millis(day + ((h - 4.0) * 3_600_000.0) as i64); // Baku is UTC+4
    let stations_of_team = |t: usize| -> Vec<usize> {
        let region = REGIONS[t % REGIONS.len()].0;
        let v: Vec<usize> = stations
            .iter()
            .enumerate()
            .filter(|(_, s)| s.region() == region)
            .map(|(i, _)| i)
            .collect();
        if v.is_empty() {
            (0..stations.len()).collect()
        } else {
            v
        }
    };
    for (t, team) in teams.iter().enumerate() {
        let pool = stations_of_team(t);
        let device = devices[t];
        let team_observers: Vec<Uuid> = observers
            .iter()
            .filter(|o| o.team_id == Some(team.meta.id))
            .map(|o| o.meta.id)
            .collect();
        for k in 0..per_team {
            if visits.len() >= spec.visits {
                break;
            }
            let station = &stations[pool[(k * 7 + t) % pool.len()] % stations.len()];
            let (arrive, leave) = if spec.all_phases || per_team < 3 {
                (7.25 + k as f64 * 0.01, 21.5)
            } else if k == 0 {
                (7.25, 8.75)
            } else if k + 1 == per_team {
                (18.5, 21.75)
            } else {
                let slot = 9.0 + (k - 1) as f64 * (9.0 / (per_team - 2).max(1) as f64);
                (slot, slot + 0.6)
            };
            let phases: Vec<Phase> = if spec.all_phases || per_team < 3 {
                vec![Phase::Opening, Phase::Voting, Phase::Counting]
            } else if k == 0 {
                vec![Phase::Opening, Phase::Voting]
            } else if k + 1 == per_team {
                vec![Phase::Voting, Phase::Counting]
            } else {
                vec![Phase::Voting]
            };
            let at = local(arrive);
            let registered = station.registered_voters.unwrap_or(1000);
            let voted =
                (f64::from(registered) * (arrive - 8.0).clamp(0.0, 11.0) / 11.0 * 0.55) as u32;
            let visit = Visit {
                meta: meta(&mut rng, at, device),
                team_id: team.meta.id,
                station_id: station.meta.id,
                arrival_at: at,
                departure_at: Some(local(leave)),
                breaks: Vec::new(),
                phases: phases.clone(),
                observer_ids: team_observers.clone(),
                interpreter_used: Some(rng.chance(0.6)),
                voters_on_list: Some(registered),
                voters_voted_at_arrival: phases.contains(&Phase::Voting).then_some(
                    if rng.chance(0.02) {
                        registered + 12
                    } else {
                        voted
                    },
                ),
                observed_unrestricted: Some(!rng.chance(spec.problem_rate / 2.0)),
                notes: String::new(),
            };
            for p in &phases {
                let t = match p {
                    Phase::Opening => &opening,
                    Phase::Counting => &counting,
                    _ => &voting,
                };
                let mut answers = fill(
                    t,
                    &mut rng,
                    spec.problem_rate,
                    registered,
                    &mission.candidates,
                    arrive,
                );
                if sample && *p == Phase::Counting && team.code == "T03" {
                    // The sample shows one reconciliation failure, as real missions see.
                    if let Some(q) = t.with_protocol(ProtocolRole::BallotsValid)
                        && let Some(n) = answers.get(&q.code).and_then(Value::as_u64)
                    {
                        answers.insert(q.code.clone(), json!(n + 7));
                    }
                }
                let done = local(leave);
                checklists.push(Checklist {
                    meta: RecordMeta {
                        updated_at: done,
                        ..meta(&mut rng, at, device)
                    },
                    visit_id: visit.meta.id,
                    template_id: t.id.clone(),
                    template_version: t.version,
                    phase: *p,
                    submitted_at: Some(done),
                    review_status: ReviewStatus::None,
                    review_comment: String::new(),
                    answers,
                });
            }
            if rng.chance(if sample { 0.15 } else { 0.05 }) {
                let categories = [
                    "campaigning_at_station",
                    "group_family_voting",
                    "unauthorised_persons",
                    "ballot_box_stuffing",
                    "observers_restricted",
                    "voter_list_problems",
                ];
                let category = categories[rng.below(categories.len() as u64) as usize];
                let severity = if category == "ballot_box_stuffing" {
                    Severity::Serious
                } else if rng.chance(0.3) {
                    Severity::Significant
                } else {
                    Severity::Minor
                };
                incidents.push(Incident {
                    meta: meta(&mut rng, local(arrive + 0.3), device),
                    visit_id: Some(visit.meta.id),
                    team_id: Some(team.meta.id),
                    station_id: Some(station.meta.id),
                    occurred_at: local(arrive + 0.3),
                    location: IncidentLocation::ThisStation,
                    category: category.into(),
                    severity,
                    source: if rng.chance(0.7) {
                        IncidentSource::Observed
                    } else {
                        IncidentSource::ReportedByVoter
                    },
                    description: format!(
                        "Sample incident ({}) recorded at station {}.",
                        category.replace('_', " "),
                        station.code
                    ),
                    persons: vec!["commission_member".into()],
                    witnesses: "Witness name withheld (sample)".into(),
                    commission_informed: Some(rng.chance(0.7)),
                    complaint_filed: Some(rng.chance(0.2)),
                    follow_up: if severity == Severity::Serious {
                        FollowUp::Needed
                    } else {
                        FollowUp::NotNeeded
                    },
                });
            }
            visits.push(visit);
        }
    }
    if sample && let Some(team) = teams.first() {
        let by = tabulation::Observers {
            team,
            device: devices[0],
            observers: observers
                .iter()
                .filter(|o| o.team_id == Some(team.meta.id))
                .map(|o| o.meta.id)
                .collect(),
        };
        let added = tabulation::add(&mut rng, (t0, hq), by, &tpl(Phase::Tabulation), &local);
        stations.extend(added.stations);
        visits.extend(added.visits);
        checklists.extend(added.checklists);
    }
    Bundle {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        exported_at: ts("2024-02-08T06:00:00Z"),
        exported_by: ExportedBy {
            device: hq,
            team: None,
        },
        mission,
        templates,
        observers,
        teams,
        stations,
        visits,
        checklists,
        incidents,
        attachments: Vec::new(),
        replaced_versions: Vec::new(),
        edit_history: Vec::new(),
        kit: None,
    }
}
