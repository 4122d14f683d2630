//! The filter table of docs/statistics.md, block by block, under every filter and their
//! combinations, against counts written out by hand from the documents (issue 12).
//!
//! The mission: stations 101, 102 (Baku) and 201 (Ganja); teams T01 (Baku: opening and voting),
//! T02 (Ganja: voting only), T03 (Baku: counting only), one observer each.
//!
//! | visit | team | station | phases | turnout figures | checklists |
//! | V1 | T01 | 101 | opening, voting | 1000 / 100 | opening, voting |
//! | V2 | T01 | 101 | voting | 1000 / 300 | voting |
//! | V3 | T02 | 201 | voting | 800 / 200 | voting |
//! | V4 | T03 | 102 | counting | – | counting |
//!
//! Incidents: I1 during V1, I2 during V3, I3 at station 102 by T03 linked to no visit.

mod common;

use common::filter;

use eom_core::model::{FollowUp, IncidentLocation, IncidentSource, ObserverRole, Phase, Severity};
use eom_core::stats::{Statistics, StatsFilter};
use eom_core::time::Timestamp;
use eom_core::{NewIncident, NewObserver, NewVisit, VisitHeader};

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn mission() -> common::TempStore {
    let mut t = common::temp_store();
    let s = &mut t.store;
    s.create_mission(common::new_mission("Filters")).unwrap();
    let csv = t.dir.path().join("stations.csv");
    std::fs::write(
        &csv,
        "code,name,region\n101,School 1,Baku\n102,School 2,Baku\n201,Club,Ganja\n",
    )
    .unwrap();
    s.import_stations_csv(&csv, false, &mut |_, _| {}).unwrap();
    let mut team = |code: &str, area: &str| {
        let tm = s.save_team(code, area).unwrap();
        s.add_observer(NewObserver {
            name: format!("Observer of {code}"),
            nationality: String::new(),
            role: ObserverRole::Observer,
            accreditation_number: String::new(),
            team_id: Some(tm.meta.id),
        })
        .unwrap();
        tm.meta.id
    };
    let (t1, t2, t3) = (
        team("T01", "Baku"),
        team("T02", "Ganja"),
        team("T03", "Baku"),
    );
    let mut visit = |team,
                     code: &str,
                     (time, left): (&str, &str),
                     phases: Vec<Phase>,
                     turnout: Option<(u32, u32)>| {
        let station = s.station_by_code(code).unwrap().meta.id;
        let v = s
            .start_visit(NewVisit {
                team_id: team,
                station_id: station,
                arrival_at: at(time),
                phases: phases.clone(),
                observer_ids: vec![],
                close_current_visit_at: None,
            })
            .unwrap();
        s.save_visit_header(
            v.meta.id,
            VisitHeader {
                arrival_at: v.arrival_at,
                departure_at: Some(at(left)),
                breaks: vec![],
                phases: phases.clone(),
                observer_ids: vec![],
                interpreter_used: None,
                voters_on_list: turnout.map(|t| t.0),
                voters_voted_at_arrival: turnout.map(|t| t.1),
                observed_unrestricted: None,
                notes: String::new(),
            },
        )
        .unwrap();
        for p in &phases {
            s.start_or_resume_checklist(v.meta.id, &p.to_string())
                .unwrap();
        }
        (v.meta.id, station)
    };
    use Phase::{Counting, Opening, Voting};
    let (v1, _) = visit(
        t1,
        "101",
        ("2024-02-07T04:00:00Z", "2024-02-07T05:00:00Z"),
        vec![Opening, Voting],
        Some((1000, 100)),
    );
    visit(
        t1,
        "101",
        ("2024-02-07T12:00:00Z", "2024-02-07T12:30:00Z"),
        vec![Voting],
        Some((1000, 300)),
    );
    let (v3, _) = visit(
        t2,
        "201",
        ("2024-02-07T06:00:00Z", "2024-02-07T07:00:00Z"),
        vec![Voting],
        Some((800, 200)),
    );
    let (_, s102) = visit(
        t3,
        "102",
        ("2024-02-07T15:00:00Z", "2024-02-07T18:00:00Z"),
        vec![Counting],
        None,
    );
    let mut incident = |visit_id, team_id, station_id| {
        s.record_incident(NewIncident {
            visit_id,
            team_id: Some(team_id),
            station_id,
            occurred_at: at("2024-02-07T08:00:00Z"),
            location: IncidentLocation::ThisStation,
            category: "vote_buying".into(),
            severity: Severity::Minor,
            source: IncidentSource::Observed,
            description: "seen".into(),
            persons: vec![],
            witnesses: String::new(),
            commission_informed: None,
            complaint_filed: None,
            follow_up: FollowUp::NotNeeded,
        })
        .unwrap();
    };
    incident(Some(v1), t1, None);
    incident(Some(v3), t2, None);
    incident(None, t3, Some(s102));
    t
}

/// What the test compares in each block: written out by hand per filter below.
#[derive(Debug, PartialEq)]
struct Figures {
    visits: u64,
    /// opening, voting, counting
    visits_by_phase: [u64; 3],
    stations_visited: u64,
    stations_total: u64,
    teams: u64,
    observers: u64,
    /// opening, voting, counting
    checklists: [u64; 3],
    turnout: usize,
    incidents: u64,
}

fn figures(s: &Statistics) -> Figures {
    let phase3 = |m: &std::collections::BTreeMap<String, u64>| {
        ["opening", "voting", "counting"].map(|p| m.get(p).copied().unwrap_or(0))
    };
    Figures {
        visits: s.coverage.visits,
        visits_by_phase: phase3(&s.coverage.visits_by_phase),
        stations_visited: s.coverage.stations_visited,
        stations_total: s.coverage.stations_total,
        teams: s.coverage.teams,
        observers: s.coverage.observers,
        checklists: phase3(&s.coverage.checklists),
        turnout: s.turnout.len(),
        incidents: s.incidents.total,
    }
}

#[test]
fn every_block_follows_the_filter_table() {
    use Phase::{Counting, Opening, Voting};
    let mut t = mission();
    #[rustfmt::skip]
    let cases: Vec<(StatsFilter, Figures)> = vec![
        // No filter: everything; teams and observers of the mission.
        (filter(None, None, None), Figures { visits: 4, visits_by_phase: [1, 3, 1], stations_visited: 3, stations_total: 3, teams: 3, observers: 3, checklists: [1, 3, 1], turnout: 3, incidents: 3 }),
        // --phase keeps the visits that observed it, counts their other phases too; teams,
        // observers and turnout are not narrowed; incidents drop only the one linked to no visit.
        (filter(Some(Opening), None, None), Figures { visits: 1, visits_by_phase: [1, 1, 0], stations_visited: 1, stations_total: 3, teams: 3, observers: 3, checklists: [1, 0, 0], turnout: 3, incidents: 2 }),
        (filter(Some(Voting), None, None), Figures { visits: 3, visits_by_phase: [1, 3, 0], stations_visited: 2, stations_total: 3, teams: 3, observers: 3, checklists: [0, 3, 0], turnout: 3, incidents: 2 }),
        (filter(Some(Counting), None, None), Figures { visits: 1, visits_by_phase: [0, 0, 1], stations_visited: 1, stations_total: 3, teams: 3, observers: 3, checklists: [0, 0, 1], turnout: 3, incidents: 2 }),
        // --region narrows everything to Baku, station totals included; I3 is at a Baku station.
        (filter(None, Some("Baku"), None), Figures { visits: 3, visits_by_phase: [1, 2, 1], stations_visited: 2, stations_total: 2, teams: 2, observers: 2, checklists: [1, 2, 1], turnout: 2, incidents: 2 }),
        (filter(None, Some("Ganja"), None), Figures { visits: 1, visits_by_phase: [0, 1, 0], stations_visited: 1, stations_total: 1, teams: 1, observers: 1, checklists: [0, 1, 0], turnout: 1, incidents: 1 }),
        // --team narrows all but the station totals.
        (filter(None, None, Some("t01")), Figures { visits: 2, visits_by_phase: [1, 2, 0], stations_visited: 1, stations_total: 3, teams: 1, observers: 1, checklists: [1, 2, 0], turnout: 2, incidents: 1 }),
        (filter(None, None, Some("T03")), Figures { visits: 1, visits_by_phase: [0, 0, 1], stations_visited: 1, stations_total: 3, teams: 1, observers: 1, checklists: [0, 0, 1], turnout: 0, incidents: 1 }),
        // Combinations: region or team narrow teams, observers, turnout and incidents; phase only
        // the visits, their stations and checklists (and drops I3).
        (filter(Some(Opening), Some("Baku"), None), Figures { visits: 1, visits_by_phase: [1, 1, 0], stations_visited: 1, stations_total: 2, teams: 2, observers: 2, checklists: [1, 0, 0], turnout: 2, incidents: 1 }),
        (filter(Some(Counting), Some("Baku"), None), Figures { visits: 1, visits_by_phase: [0, 0, 1], stations_visited: 1, stations_total: 2, teams: 2, observers: 2, checklists: [0, 0, 1], turnout: 2, incidents: 1 }),
        (filter(Some(Voting), None, Some("T02")), Figures { visits: 1, visits_by_phase: [0, 1, 0], stations_visited: 1, stations_total: 3, teams: 1, observers: 1, checklists: [0, 1, 0], turnout: 1, incidents: 1 }),
        (filter(Some(Voting), None, Some("T03")), Figures { visits: 0, visits_by_phase: [0, 0, 0], stations_visited: 0, stations_total: 3, teams: 1, observers: 1, checklists: [0, 0, 0], turnout: 0, incidents: 0 }),
        (filter(Some(Voting), Some("Baku"), Some("T01")), Figures { visits: 2, visits_by_phase: [1, 2, 0], stations_visited: 1, stations_total: 2, teams: 1, observers: 1, checklists: [0, 2, 0], turnout: 2, incidents: 1 }),
        (filter(None, Some("Ganja"), Some("T01")), Figures { visits: 0, visits_by_phase: [0, 0, 0], stations_visited: 0, stations_total: 1, teams: 0, observers: 0, checklists: [0, 0, 0], turnout: 0, incidents: 0 }),
    ];
    for (f, want) in cases {
        let got = figures(&t.store.statistics(&f).unwrap());
        assert_eq!(got, want, "under {f:?}");
    }
}

/// Members present and women among them come from the same checklists: a draft that recorded the
/// members but not yet the women counts in neither (issue 12: not "4 of 18").
#[test]
fn women_and_members_come_from_the_same_checklists() {
    use eom_core::templates::QuestionRole;
    let mut t = mission();
    let s = &mut t.store;
    let visits = s.visits(None).unwrap();
    let opening = s.template("opening", 1).unwrap();
    let present = opening
        .with_role(QuestionRole::MembersPresent)
        .unwrap()
        .code
        .clone();
    let women = opening
        .with_role(QuestionRole::MembersWomen)
        .unwrap()
        .code
        .clone();
    // V1's opening checklist records both; V4 (counting) gets an opening checklist with the
    // members only.
    let v1 = visits
        .iter()
        .find(|v| v.phases.contains(&Phase::Opening))
        .unwrap();
    let v4 = visits
        .iter()
        .find(|v| v.phases == [Phase::Counting])
        .unwrap();
    let c1 = s.start_or_resume_checklist(v1.meta.id, "opening").unwrap();
    s.save_answer(c1.meta.id, &present, Some(serde_json::json!(9)))
        .unwrap();
    s.save_answer(c1.meta.id, &women, Some(serde_json::json!(4)))
        .unwrap();
    let c4 = s.start_or_resume_checklist(v4.meta.id, "opening").unwrap();
    s.save_answer(c4.meta.id, &present, Some(serde_json::json!(9)))
        .unwrap();
    let w = s.statistics(&StatsFilter::default()).unwrap().women;
    assert_eq!((w.members_women, w.members_present), (4, 9));
    assert_eq!(w.members_women_display, "4 of 9");
    // Filtered, the same pairing holds (the per-checklist path).
    let w = s
        .statistics(&filter(None, Some("Baku"), None))
        .unwrap()
        .women;
    assert_eq!((w.members_women, w.members_present), (4, 9));
    // Once the draft records its women too, both count.
    s.save_answer(c4.meta.id, &women, Some(serde_json::json!(5)))
        .unwrap();
    let w = s.statistics(&StatsFilter::default()).unwrap().women;
    assert_eq!((w.members_women, w.members_present), (9, 18));
}
