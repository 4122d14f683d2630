//! Property tests of merge: any two divergent edits of a mission merge to the same database in
//! either order, and importing a bundle twice changes nothing.

mod common;

use common::edits::{apply, edit};

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_order_independent_and_idempotent(a_edits in prop::collection::vec(edit(40), 0..6), b_edits in prop::collection::vec(edit(40), 0..6)) {
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
