//! Random edits as an observer or the core team makes them (answers, reviews, departures,
//! deletions), for the property tests of the merge here and of the report's round trips
//! (`crates/eom-report/tests/round_trips.rs` includes this file).

use eom_core::Store;
use eom_core::model::ReviewStatus;
use eom_core::templates::AnswerType;
use eom_core::time::Timestamp;
use proptest::prelude::*;
use serde_json::json;

#[derive(Debug, Clone)]
pub enum Edit {
    Answer { visit: usize, value: usize },
    Review { visit: usize },
    Depart { visit: usize, minutes: i64 },
    Delete { visit: usize },
}

/// One edit of one of the first `visits` visits (an index past the mission's visits wraps).
pub fn edit(visits: usize) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..visits, 0usize..3).prop_map(|(visit, value)| Edit::Answer { visit, value }),
        (0..visits).prop_map(|visit| Edit::Review { visit }),
        (0..visits, 1i64..300).prop_map(|(visit, minutes)| Edit::Depart { visit, minutes }),
        (0..visits).prop_map(|visit| Edit::Delete { visit }),
    ]
}

/// Makes the edits in order; an edit whose visit has no checklist left does nothing.
pub fn apply(store: &mut Store, edits: &[Edit]) {
    for e in edits {
        let visits = store.visits(None).unwrap();
        let Some(v) = (match e {
            Edit::Answer { visit, .. }
            | Edit::Review { visit }
            | Edit::Depart { visit, .. }
            | Edit::Delete { visit } => visits.get(visit % visits.len().max(1)).cloned(),
        }) else {
            continue;
        };
        let first = store
            .checklists_for_visit(v.meta.id)
            .unwrap()
            .into_iter()
            .next();
        match (e, first) {
            (Edit::Answer { value, .. }, Some(c)) => {
                // A yes/no question: the answer is one the template accepts.
                let template = store.template(&c.template_id, c.template_version).unwrap();
                if let Some(q) = template
                    .questions
                    .iter()
                    .find(|q| q.kind == AnswerType::YesNo)
                {
                    let value = ["yes", "no", "not_observed"][*value];
                    store
                        .save_answer(c.meta.id, &q.code, Some(json!(value)))
                        .unwrap();
                }
            }
            (Edit::Review { .. }, Some(c)) => {
                store
                    .review_checklist(c.meta.id, ReviewStatus::Flagged, "check the count")
                    .unwrap();
            }
            (Edit::Depart { minutes, .. }, _) => {
                let at = Timestamp::from_millis(v.arrival_at.millis() + minutes * 60_000);
                store.depart(v.meta.id, at).unwrap();
            }
            (Edit::Delete { .. }, _) => store.delete_visit(v.meta.id).unwrap(),
            _ => {}
        }
    }
}
