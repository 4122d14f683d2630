//! Same records, same statistics, same report bytes: random missions, edited, carried through
//! chains of bundle exports and imports (into empty databases and back into the first one), give
//! identical `stats --json` under every filter and identical PDF bytes in every database.

use std::path::Path;

use eom_core::Store;
use eom_core::bundle::ImportOptions;
use eom_core::demo::{self, MissionSpec};
use eom_core::keys::Keys;
use eom_core::model::Phase;
use eom_core::stats::StatsFilter;
use eom_report::ReportOptions;
use proptest::prelude::*;

// The merge's property tests make the same edits.
#[path = "../../eom-core/tests/common/edits.rs"]
mod edits;

use edits::{apply, edit};

/// Bundles from laptops this database has not enrolled, and generated missions without an edit
/// history: the trust checks have their own tests; these are about the figures.
const ACCEPT: ImportOptions = ImportOptions::GENERATED;

fn filters() -> Vec<StatsFilter> {
    let f = |phase: Option<Phase>, region: Option<&str>, team: Option<&str>| StatsFilter {
        phase,
        region: region.map(String::from),
        team: team.map(String::from),
    };
    vec![
        f(None, None, None),
        f(Some(Phase::Opening), None, None),
        f(Some(Phase::Voting), None, None),
        f(Some(Phase::Counting), None, None),
        f(None, Some("Baku"), None),
        f(None, None, Some("T01")),
        f(Some(Phase::Voting), Some("Baku"), Some("T02")),
    ]
}

/// What must not depend on the database: the statistics under every filter, and the report.
fn findings(store: &mut Store) -> (Vec<serde_json::Value>, Vec<u8>) {
    let stats = filters()
        .iter()
        .map(|f| serde_json::to_value(store.statistics(f).unwrap()).unwrap())
        .collect();
    let data = eom_report::report_data(store, &ReportOptions::default()).unwrap();
    (stats, eom_report::render_pdf(&data).unwrap())
}

fn open(dir: &Path, name: &str) -> (Store, Keys) {
    let store = Store::open(&dir.join(format!("{name}.db"))).unwrap();
    let keys = Keys::open(&dir.join(format!("{name}-keys"))).unwrap();
    (store, keys)
}

fn export(store: &mut Store, keys: &Keys, path: &Path) {
    store.export_bundle(path, None, keys).unwrap();
}

fn import(store: &mut Store, path: &Path) {
    store
        .import_bundle_with(path, ACCEPT, &mut |_, _| {})
        .unwrap();
}

proptest! {
    // Each case typesets the report four times: few cases, each a whole chain.
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn same_records_same_statistics_and_report(
        seed in any::<u64>(),
        visits in 6usize..40,
        teams in 2usize..5,
        edits in prop::collection::vec(edit(64), 0..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        // The laptop where the mission was recorded and edited.
        let (mut a, a_keys) = open(dir.path(), "a");
        let bundle = demo::generate(&MissionSpec {
            seed,
            visits,
            teams,
            stations: visits * 2,
            all_phases: false,
            problem_rate: 0.2,
        });
        a.merge_bundle(Path::new("generated"), &bundle, true, &mut |_, _| {}).unwrap();
        apply(&mut a, &edits);
        let expected = findings(&mut a);

        // A → B (empty) → C (empty), and C's bundle back into A, which already holds every record.
        let (mut b, b_keys) = open(dir.path(), "b");
        let (mut c, c_keys) = open(dir.path(), "c");
        let (ab, bc, ca) = (dir.path().join("ab.json"), dir.path().join("bc.json"), dir.path().join("ca.json"));
        export(&mut a, &a_keys, &ab);
        import(&mut b, &ab);
        export(&mut b, &b_keys, &bc);
        import(&mut c, &bc);
        export(&mut c, &c_keys, &ca);
        import(&mut a, &ca);
        // Importing the same bundle twice changes nothing either.
        import(&mut b, &ab);

        for (name, store) in [("b", &mut b), ("c", &mut c), ("a after the round trip", &mut a)] {
            let (stats, pdf) = findings(store);
            for (i, (got, want)) in stats.iter().zip(&expected.0).enumerate() {
                prop_assert_eq!(got, want, "statistics of {} under {:?}", name, filters()[i]);
            }
            prop_assert!(pdf == expected.1, "the report of {} differs ({} vs {} bytes)", name, pdf.len(), expected.1.len());
        }
    }
}
