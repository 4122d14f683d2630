//! The sample mission's tabulation (SPEC 10 as amended by issue 12): three constituency election
//! commissions in Baku, two of them observed by team T01 after its count, one assessed negatively.
//! Generated after everything else, so the rest of the sample is what it was before.

use serde_json::json;
use uuid::Uuid;

use super::fill::{fill, meta};
use crate::model::*;
use crate::rng::XorShift;
use crate::templates::{QuestionRole, Template};
use crate::time::Timestamp;

/// What the tabulation adds to the sample bundle.
pub(super) struct Added {
    pub stations: Vec<Station>,
    pub visits: Vec<Visit>,
    pub checklists: Vec<Checklist>,
}

/// The team that observes the tabulation: its record, the device it records on, its observers.
pub(super) struct Observers<'a> {
    pub team: &'a Team,
    pub device: Uuid,
    pub observers: Vec<Uuid>,
}

/// `local(h)`: hour `h` of election day in Baku (24.5 is 00:30 the next night).
pub(super) fn add(
    rng: &mut XorShift,
    (at, hq): (Timestamp, Uuid),
    by: Observers<'_>,
    template: &Template,
    local: &dyn Fn(f64) -> Timestamp,
) -> Added {
    let Observers {
        team,
        device,
        observers,
    } = by;
    let stations: Vec<Station> = (1..=3)
        .map(|n| {
            let code = format!("DEC-{n:02}");
            Station {
                meta: RecordMeta {
                    id: crate::store::station_id_for(&code),
                    ..meta(rng, at, hq)
                },
                code,
                name: format!("Constituency Election Commission No. {n}"),
                address: format!("Baku, district administration building {n}"),
                admin_levels: vec![
                    AdminLevel {
                        level: "region".into(),
                        value: "Baku".into(),
                    },
                    AdminLevel {
                        level: "constituency".into(),
                        value: format!("Constituency {n}"),
                    },
                ],
                setting: Some(Setting::Urban),
                station_type: None,
                registered_voters: None,
                latitude: None,
                longitude: None,
                kind: StationKind::Commission,
            }
        })
        .collect();
    let mut added = Added {
        stations,
        visits: Vec::new(),
        checklists: Vec::new(),
    };
    // (commission, arrival, departure, assessed negatively)
    for (i, arrive, leave, negative) in [(0, 22.5, 24.75, false), (1, 25.0, 27.5, true)] {
        let visit = Visit {
            meta: meta(rng, local(arrive), device),
            team_id: team.meta.id,
            station_id: added.stations[i].meta.id,
            arrival_at: local(arrive),
            departure_at: Some(local(leave)),
            breaks: Vec::new(),
            phases: vec![Phase::Tabulation],
            observer_ids: observers.clone(),
            interpreter_used: Some(true),
            voters_on_list: None,
            voters_voted_at_arrival: None,
            observed_unrestricted: Some(!negative),
            notes: String::new(),
        };
        let mut answers = fill(template, rng, 0.0, 1000, &[], arrive);
        if negative {
            // Overcrowded, and protocols corrected outside the procedure: assessed bad.
            for code in ["T06", "T13"] {
                answers.insert(code.into(), json!("yes"));
            }
            if let Some(q) = template.with_role(QuestionRole::OverallAssessment) {
                answers.insert(q.code.clone(), json!("bad"));
            }
            if let Some(q) = template.with_role(QuestionRole::AssessmentExplanation) {
                answers.insert(
                    q.code.clone(),
                    json!("Sample explanation: precinct protocols were corrected at the commission's table without a decision, in a crowded room."),
                );
            }
        }
        let done = local(leave);
        added.checklists.push(Checklist {
            meta: RecordMeta {
                updated_at: done,
                ..meta(rng, visit.arrival_at, device)
            },
            visit_id: visit.meta.id,
            template_id: template.id.clone(),
            template_version: template.version,
            phase: Phase::Tabulation,
            submitted_at: Some(done),
            review_status: ReviewStatus::None,
            review_comment: String::new(),
            answers,
        });
        added.visits.push(visit);
    }
    added
}
