//! The election-day screen's queries: the teams with their visits counted, and one team's day with
//! stations and checklists, the same records as the record-by-record calls.

mod common;

use eom_core::model::{Assessment, Phase, StationKind};

#[test]
fn a_team_day_is_its_visits_with_their_stations_and_checklists() {
    let mut t = common::sample_store();
    let days = t.store.team_days().unwrap();
    assert_eq!(
        days.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(),
        ["T01", "T02", "T03", "T04", "T05"]
    );
    let total: u64 = days.iter().map(|d| d.visits).sum();
    assert_eq!(total, t.store.visits(None).unwrap().len() as u64);
    assert!(
        days.iter().all(|d| d.open == 0),
        "the sample's visits all departed"
    );

    let t01 = &days[0];
    let day = t.store.team_day(t01.team_id).unwrap();
    let visits = t.store.visits(Some(t01.team_id)).unwrap();
    assert_eq!(day.len(), visits.len());
    assert_eq!(day.len() as u64, t01.visits);
    for (row, v) in day.iter().zip(&visits) {
        assert_eq!(row.visit_id, v.meta.id);
        assert_eq!(row.arrival_at, v.arrival_at);
        assert_eq!(row.phases, v.phases);
        let checklists = t.store.checklists_for_visit(v.meta.id).unwrap();
        assert_eq!(row.checklists.len(), checklists.len());
        for c in &row.checklists {
            assert!(checklists.iter().any(|x| x.phase == c.phase));
            assert!(c.submitted);
            assert_eq!(
                c.negative,
                matches!(c.assessment, Some(Assessment::Bad | Assessment::VeryBad))
            );
        }
    }
    // T01's night at the commissions ends its day.
    let last = day.last().unwrap();
    assert_eq!(last.station_kind, StationKind::Commission);
    assert_eq!(last.checklists[0].phase, Phase::Tabulation);
    assert!(
        last.checklists[0]
            .assessment
            .is_some_and(|a| a.is_negative())
    );

    // A visit without a departure is counted as open; a deleted one is gone.
    let first = visits[0].meta.id;
    let v = t.store.visit(first).unwrap();
    let header = eom_core::VisitHeader {
        arrival_at: v.arrival_at,
        departure_at: None,
        breaks: v.breaks,
        phases: v.phases,
        observer_ids: v.observer_ids,
        interpreter_used: v.interpreter_used,
        voters_on_list: v.voters_on_list,
        voters_voted_at_arrival: v.voters_voted_at_arrival,
        observed_unrestricted: v.observed_unrestricted,
        notes: v.notes,
    };
    t.store.save_visit_header(first, header).unwrap();
    t.store.delete_visit(visits[1].meta.id).unwrap();
    let t01 = &t.store.team_days().unwrap()[0];
    assert_eq!((t01.visits, t01.open), (visits.len() as u64 - 1, 1));
    let day = t.store.team_day(t01.team_id).unwrap();
    assert!(day.iter().all(|v| v.visit_id != visits[1].meta.id));
    assert!(day[0].departure_at.is_none());
}

#[test]
fn a_screen_gets_the_stations_its_rows_name() {
    let t = common::sample_store();
    let all = t.store.stations("", 1000).unwrap();
    let wanted = [
        all[3].meta.id,
        all[0].meta.id,
        all[3].meta.id,
        uuid::Uuid::nil(),
    ];
    let mut found = t.store.stations_by_id(&wanted).unwrap();
    found.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(
        found.iter().map(|s| s.code.as_str()).collect::<Vec<_>>(),
        [all[0].code.as_str(), all[3].code.as_str()],
        "each named station once, an unknown id left out"
    );
    assert!(t.store.stations_by_id(&[]).unwrap().is_empty());
}
