//! The tabulation phase: election commissions in the station list, the tabulation checklist, and the
//! statistics' tabulation block under each filter, against counts made from the sample by hand
//! (team T01 observed commissions DEC-01, assessed good, and DEC-02, assessed bad; DEC-03 was not
//! observed).

mod common;

use common::filter;

use eom_core::model::{Phase, StationKind};
use eom_core::stats::StatsFilter;

#[test]
fn the_sample_has_three_commissions_and_two_tabulation_visits() {
    let mut t = common::sample_store();
    let commissions: Vec<_> = t
        .store
        .stations("DEC-", 10)
        .unwrap()
        .into_iter()
        .filter(|s| s.kind == StationKind::Commission)
        .collect();
    assert_eq!(commissions.len(), 3);
    assert!(commissions.iter().all(|c| c.region() == "Baku"));
    let tabulation = t.store.latest_template("tabulation").unwrap();
    assert_eq!(tabulation.phase, Phase::Tabulation);
    for lang in ["en", "ru", "az"] {
        assert!(tabulation.title.contains_key(lang), "title in {lang}");
    }

    let s = t.store.statistics(&StatsFilter::default()).unwrap();
    let tab = &s.tabulation;
    assert_eq!(
        (
            tab.commissions_total,
            tab.commissions_observed,
            tab.visits,
            tab.commissions_assessed,
            tab.commissions_negative
        ),
        (3, 2, 2, 2, 1)
    );
    assert_eq!(tab.commissions_observed_display, "2 of 3");
    assert_eq!(tab.commissions_negative_display, "1 of 2");
    let a = &s.assessments["tabulation"];
    assert_eq!((a.total, a.negative, a.bad), (2, 1, 1));
    assert_eq!(s.coverage.checklists["tabulation"], 2);
    // Coverage is of polling stations: the sample's 40 visits to its 102 stations.
    assert_eq!(s.coverage.visits, 40);
    assert_eq!(s.coverage.stations_total, 102);
    assert!(!s.coverage.visits_by_phase.contains_key("tabulation"));
    // The negative commission's flagged answers are tabulation problems.
    let problems: Vec<(&str, u64)> = s
        .problems
        .iter()
        .filter(|p| p.phase == Phase::Tabulation && p.problem > 0)
        .map(|p| (p.code.as_str(), p.problem))
        .collect();
    assert!(problems.contains(&("T06", 1)), "{problems:?}");
    assert!(problems.contains(&("T13", 1)), "{problems:?}");
}

#[test]
fn the_tabulation_block_follows_the_filter_table() {
    let mut t = common::sample_store();
    let mut tab = |f: StatsFilter| {
        let s = t.store.statistics(&f).unwrap();
        let b = s.tabulation;
        (
            b.commissions_total,
            b.commissions_observed,
            b.visits,
            b.commissions_assessed,
            b.commissions_negative,
            s.coverage.visits,
        )
    };
    // Team T01 made both tabulation visits; it also made polling-station visits.
    let t01 = tab(filter(None, None, Some("T01")));
    assert_eq!(&[t01.0, t01.1, t01.2, t01.3, t01.4], &[3, 2, 2, 2, 1]);
    assert!(t01.5 > 0);
    // Another team: the list's commissions stay, nothing observed.
    let t02 = tab(filter(None, None, Some("T02")));
    assert_eq!(&[t02.0, t02.1, t02.2, t02.3, t02.4], &[3, 0, 0, 0, 0]);
    // Another region: no commissions in its list.
    let ganja = tab(filter(None, Some("Ganja"), None));
    assert_eq!(
        &[ganja.0, ganja.1, ganja.2, ganja.3, ganja.4],
        &[0, 0, 0, 0, 0]
    );
    // `--phase tabulation` keeps the tabulation visits and no polling-station visit.
    assert_eq!(
        tab(filter(Some(Phase::Tabulation), None, None)),
        (3, 2, 2, 2, 1, 0)
    );
    // Another phase keeps no tabulation visit; the list is not narrowed by phase.
    let voting = tab(filter(Some(Phase::Voting), Some("Baku"), None));
    assert_eq!(
        &[voting.0, voting.1, voting.2, voting.3, voting.4],
        &[3, 0, 0, 0, 0]
    );
    assert!(voting.5 > 0);
}

#[test]
fn a_station_list_names_commissions_in_its_kind_column() {
    let mut t = common::temp_store();
    t.store
        .create_mission(eom_core::NewMission {
            organisation: "Test org".into(),
            candidates: vec!["A".into()],
            ..common::new_mission("Test delegation")
        })
        .unwrap();
    let csv = t.file("stations.csv");
    std::fs::write(
        &csv,
        "code,name,region,kind\n001,School 1,Baku,\n002,School 2,Baku,station\nDEC-1,Constituency commission 1,Baku,Commission\n",
    )
    .unwrap();
    let report = t
        .store
        .import_stations_csv(&csv, false, &mut |_, _| {})
        .unwrap();
    assert_eq!(report.added, 3);
    let kinds: Vec<(String, StationKind)> = t
        .store
        .stations("", 10)
        .unwrap()
        .into_iter()
        .map(|s| (s.code, s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("001".into(), StationKind::Station),
            ("002".into(), StationKind::Station),
            ("DEC-1".into(), StationKind::Commission)
        ]
    );
    let s = t.store.statistics(&StatsFilter::default()).unwrap();
    assert_eq!(
        (s.coverage.stations_total, s.tabulation.commissions_total),
        (2, 1)
    );

    // A bundle writes `kind` for the commission only, and carries it to another database.
    let out = t.file("out.json");
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let kinds: Vec<Option<&str>> = bundle["content"]["stations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.get("kind").and_then(|k| k.as_str()))
        .collect();
    assert_eq!(kinds, [None, None, Some("commission")]);
    let mut other = common::temp_store();
    other
        .store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let s = other.store.statistics(&StatsFilter::default()).unwrap();
    assert_eq!(
        (s.coverage.stations_total, s.tabulation.commissions_total),
        (2, 1)
    );

    // A kind that is neither is an error that names the line and the column; nothing changes.
    std::fs::write(&csv, "code,kind\n003,station\n004,tribunal\n").unwrap();
    let e = t
        .store
        .import_stations_csv(&csv, false, &mut |_, _| {})
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("line 3") && e.contains("kind") && e.contains("tribunal"),
        "{e}"
    );
    assert_eq!(t.store.station_count().unwrap(), 3);
}
