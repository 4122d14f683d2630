//! Property tests of merge: any two divergent edits of a mission merge to the same database in
//! either order, and importing a bundle twice changes nothing.

mod common;

use proptest::prelude::*;
use serde_json::json;

#[derive(Debug, Clone)]
enum Edit {
    Answer { visit: usize, value: usize },
    Review { visit: usize },
    Depart { visit: usize, minutes: i64 },
    Delete { visit: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..40, 0usize..3).prop_map(|(visit, value)| Edit::Answer { visit, value }),
        (0usize..40).prop_map(|visit| Edit::Review { visit }),
        (0usize..40, 1i64..300).prop_map(|(visit, minutes)| Edit::Depart { visit, minutes }),
        (0usize..40).prop_map(|visit| Edit::Delete { visit }),
    ]
}

fn apply(store: &mut eom_core::Store, edits: &[Edit]) {
    for e in edits {
        let visits = store.visits(None).unwrap();
        let pick = |i: usize| visits.get(i % visits.len().max(1)).cloned();
        match e {
            Edit::Answer { visit, value } => {
                let Some(v) = pick(*visit) else { continue };
                let c = store.checklists_for_visit(v.meta.id).unwrap();
                let Some(c) = c.first() else { continue };
                let code = c.answers.keys().next().unwrap().clone();
                let value = ["yes", "no", "not_observed"][*value];
                store
                    .save_answer(c.meta.id, &code, Some(json!(value)))
                    .unwrap();
            }
            Edit::Review { visit } => {
                let Some(v) = pick(*visit) else { continue };
                if let Some(c) = store.checklists_for_visit(v.meta.id).unwrap().first() {
                    store
                        .review_checklist(
                            c.meta.id,
                            eom_core::model::ReviewStatus::Flagged,
                            "check",
                        )
                        .unwrap();
                }
            }
            Edit::Depart { visit, minutes } => {
                let Some(v) = pick(*visit) else { continue };
                let at = eom_core::time::Timestamp::from_millis(
                    v.arrival_at.millis() + minutes * 60_000,
                );
                store.depart(v.meta.id, at).unwrap();
            }
            Edit::Delete { visit } => {
                let Some(v) = pick(*visit) else { continue };
                store.delete_visit(v.meta.id).unwrap();
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_order_independent_and_idempotent(a_edits in prop::collection::vec(edit(), 0..6), b_edits in prop::collection::vec(edit(), 0..6)) {
        let base = common::sample_store();
        let base_bundle = base.file("base.json");
        let mut base = base;
        base.store.export_bundle(&base_bundle, None, &base.keys).unwrap();

        // Two laptops start from the same bundle and diverge.
        let mut a = common::temp_store();
        a.store.import_bundle_with(&base_bundle, common::TRUSTING, &mut |_, _| {}).unwrap();
        apply(&mut a.store, &a_edits);
        let bundle_a = a.file("a.json");
        a.store.export_bundle(&bundle_a, Some("T01".into()), &a.keys).unwrap();
        let mut b = common::temp_store();
        b.store.import_bundle_with(&base_bundle, common::TRUSTING, &mut |_, _| {}).unwrap();
        apply(&mut b.store, &b_edits);
        let bundle_b = b.file("b.json");
        b.store.export_bundle(&bundle_b, Some("T02".into()), &b.keys).unwrap();

        let mut ab = common::temp_store();
        ab.store.import_bundle_with(&bundle_a, common::TRUSTING, &mut |_, _| {}).unwrap();
        ab.store.import_bundle_with(&bundle_b, common::TRUSTING, &mut |_, _| {}).unwrap();
        let mut ba = common::temp_store();
        ba.store.import_bundle_with(&bundle_b, common::TRUSTING, &mut |_, _| {}).unwrap();
        ba.store.import_bundle_with(&bundle_a, common::TRUSTING, &mut |_, _| {}).unwrap();
        let dump_ab = common::dump_records(&ab.path());
        common::assert_counts_exact(&ab.path());
        common::assert_counts_exact(&ba.path());
        common::assert_counts_exact(&a.path());
        prop_assert_eq!(&dump_ab, &common::dump_records(&ba.path()));
        prop_assert_eq!(common::stats_json(&mut ab.store), common::stats_json(&mut ba.store));

        ab.store.import_bundle_with(&bundle_b, common::TRUSTING, &mut |_, _| {}).unwrap();
        ab.store.import_bundle_with(&bundle_a, common::TRUSTING, &mut |_, _| {}).unwrap();
        prop_assert_eq!(dump_ab, common::dump_records(&ab.path()));

        // A bundle exported from the merged database re-imports into an empty one identically.
        let merged = ab.file("merged.json");
        ab.store.export_bundle(&merged, None, &ab.keys).unwrap();
        let mut fresh = common::temp_store();
        fresh.store.import_bundle_with(&merged, common::TRUSTING, &mut |_, _| {}).unwrap();
        prop_assert_eq!(common::stats_json(&mut ab.store), common::stats_json(&mut fresh.store));
    }
}
