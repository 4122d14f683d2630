//! The report reads the records without their answers (each checklist's stored assessment, the
//! fingerprint hashed as the answers stream past) unless it prints detail pages. Both ways must
//! give the same report.

mod common;

use common::*;
use eom_core::Store;
use eom_report::{ReportOptions, fingerprint, report_data};
use serde_json::json;

/// A mission with local edits of every kind the annex shows: a changed assessment, a deletion.
fn edited(mut store: Store) -> Store {
    let visits = store.visits(None).unwrap();
    let c = store
        .checklists_for_visit(visits[0].meta.id)
        .unwrap()
        .into_iter()
        .find(|c| c.answers.values().any(|v| v == "good" || v == "very_good"))
        .expect("a checklist assessed positively");
    let code = c
        .answers
        .iter()
        .find(|(_, v)| *v == "good" || *v == "very_good")
        .map(|(k, _)| k.clone())
        .unwrap();
    store
        .save_answer(c.meta.id, &code, Some(json!("very_bad")))
        .unwrap();
    store.delete_visit(visits[1].meta.id).unwrap();
    store
}

fn same_report(store: &mut Store) {
    let full = store.bundle(None).unwrap();
    let lean = store.bundle_without_answers().unwrap();
    assert_eq!(
        eom_report::fingerprint_streamed(store, &lean).unwrap(),
        fingerprint(&full),
        "the streamed fingerprint hashes the same bytes"
    );
    let without = report_data(store, &ReportOptions::default()).unwrap();
    let with = report_data(
        store,
        &ReportOptions {
            detail: true,
            ..ReportOptions::default()
        },
    )
    .unwrap();
    assert!(with.details.len() > 1 && without.details.is_empty());
    let strip = |d: &eom_report::ReportData| {
        let mut v = serde_json::to_value(d).unwrap();
        let o = v.as_object_mut().unwrap();
        o.remove("detail");
        o.remove("details");
        v
    };
    assert_eq!(strip(&without), strip(&with));
}

#[test]
fn the_sample_reads_the_same_with_and_without_its_answers() {
    let (_dir, store) = sample_store();
    let mut store = edited(store);
    same_report(&mut store);
}

#[test]
fn a_generated_mission_reads_the_same_with_and_without_its_answers() {
    let (_dir, store) = generated_store(300);
    let mut store = edited(store);
    same_report(&mut store);
}
