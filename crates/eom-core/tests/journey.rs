//! An observer team's day through the library API, on a real database file.

mod common;

use eom_core::model::*;
use eom_core::stats::StatsFilter;
use eom_core::templates::QuestionRole;
use eom_core::time::Timestamp;
use eom_core::validate::FindingKind;
use eom_core::{Error, NewMission, NewVisit, Store};
use serde_json::json;

fn mission() -> NewMission {
    NewMission {
        organisation: "Test org".into(),
        languages: vec!["en".into(), "ru".into()],
        accreditation_ref: "ACC-1".into(),
        candidates: vec!["A".into(), "B".into()],
        ..common::new_mission("Test delegation")
    }
}

fn setup() -> common::TempStore {
    let mut t = common::temp_store();
    t.store.create_mission(mission()).unwrap();
    std::fs::write(
        t.file("stations.csv"),
        "code;name;region;district;setting;registered_voters\n001;School 1;Baku;Nasimi;urban;1000\n002;School 2;Ganja;Kapaz;rural;800\n",
    )
    .unwrap();
    let path = t.file("stations.csv");
    t.store
        .import_stations_csv(&path, false, &mut |_, _| {})
        .unwrap();
    t.store.save_team("t01", "Baku").unwrap();
    t
}

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

#[test]
fn a_second_mission_is_refused() {
    let mut t = setup();
    let err = t.store.create_mission(mission()).unwrap_err();
    assert!(matches!(err, Error::MissionConflict(_)), "{err}");
}

#[test]
fn mission_fields_are_checked() {
    let mut t = common::temp_store();
    let mut m = mission();
    m.time_zone = "Baku".into();
    let err = t.store.create_mission(m).unwrap_err().to_string();
    assert!(err.contains("time zone") && err.contains("IANA"), "{err}");
    assert!(t.store.mission_opt().unwrap().is_none());
}

#[test]
fn a_visit_from_arrival_to_statistics() {
    let mut t = setup();
    let s = &mut t.store;
    let team = s.teams().unwrap()[0].clone();
    let st1 = s.station_by_code("001").unwrap();
    let st2 = s.station_by_code("002").unwrap();
    let visit = s
        .start_visit(NewVisit {
            team_id: team.meta.id,
            station_id: st1.meta.id,
            arrival_at: at("2024-02-07T06:00:00Z"),
            phases: vec![],
            observer_ids: vec![],
            close_current_visit_at: None,
        })
        .unwrap();
    let c = s
        .start_or_resume_checklist(visit.meta.id, "voting")
        .unwrap();
    assert_eq!(s.visit(visit.meta.id).unwrap().phases, vec![Phase::Voting]);
    let tpl = s.template("voting", c.template_version).unwrap();
    let overall = tpl
        .with_role(QuestionRole::OverallAssessment)
        .unwrap()
        .code
        .clone();
    let explanation = tpl
        .with_role(QuestionRole::AssessmentExplanation)
        .unwrap()
        .code
        .clone();

    // A draft is always savable; submitting lists everything missing.
    let saved = s
        .save_answer(c.meta.id, &overall, Some(json!("bad")))
        .unwrap();
    assert!(
        saved
            .state
            .findings
            .iter()
            .any(|f| f.code == explanation && f.kind == FindingKind::ExplanationRequired)
    );
    assert!(matches!(
        s.submit_checklist(c.meta.id),
        Err(Error::NotSubmittable(_))
    ));
    // Answer whatever is still missing until the checklist is complete (follow-ups appear as
    // their parents are answered).
    for _ in 0..5 {
        let missing: Vec<String> = s
            .checklist_findings(c.meta.id)
            .unwrap()
            .into_iter()
            .filter(|f| f.kind == FindingKind::Missing)
            .map(|f| f.code)
            .collect();
        for code in missing {
            let q = tpl.question(&code).unwrap();
            let v = match q.kind {
                eom_core::templates::AnswerType::YesNo => {
                    json!(if q.problem.as_deref() == Some("yes") {
                        "no"
                    } else {
                        "yes"
                    })
                }
                eom_core::templates::AnswerType::SingleChoice => {
                    json!(q.options.iter().find(|o| !o.problem).unwrap().value)
                }
                eom_core::templates::AnswerType::MultipleChoice => json!([q.options[0].value]),
                eom_core::templates::AnswerType::Integer => json!(1),
                eom_core::templates::AnswerType::Time => json!("09:00"),
                _ => json!("note"),
            };
            s.save_answer(c.meta.id, &code, Some(v)).unwrap();
        }
    }
    s.save_answer(
        c.meta.id,
        &explanation,
        Some(json!("Voters were pressured.")),
    )
    .unwrap();
    let findings = s.checklist_findings(c.meta.id).unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    s.submit_checklist(c.meta.id).unwrap();

    // An unknown question is an error, not a silent write.
    assert!(s.save_answer(c.meta.id, "X99", Some(json!("yes"))).is_err());

    // Starting elsewhere asks for this visit's departure first.
    let new = NewVisit {
        team_id: team.meta.id,
        station_id: st2.meta.id,
        arrival_at: at("2024-02-07T08:00:00Z"),
        phases: vec![Phase::Voting],
        observer_ids: vec![],
        close_current_visit_at: None,
    };
    let err = s.start_visit(new.clone()).unwrap_err().to_string();
    assert!(err.contains("station 001 is still open"), "{err}");
    s.start_visit(NewVisit {
        close_current_visit_at: Some(at("2024-02-07T07:30:00Z")),
        ..new
    })
    .unwrap();
    assert_eq!(
        s.visit(visit.meta.id).unwrap().departure_at,
        Some(at("2024-02-07T07:30:00Z"))
    );

    let stats = s.statistics(&StatsFilter::default()).unwrap();
    assert_eq!(stats.assessments["voting"].bad, 1);
    assert_eq!(stats.assessments["voting"].negative_display, "1 of 1");
    assert_eq!(stats.coverage.visits, 2);
    assert_eq!(stats.coverage.stations_visited, 2);
    assert_eq!(stats.coverage.stations_total, 2);
    assert_eq!(stats.coverage.observing_minutes, 90);
    let filtered = s
        .statistics(&StatsFilter {
            region: Some("Ganja".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(filtered.assessments["voting"].total, 0);
    assert_eq!(filtered.coverage.visits, 1);
}

#[test]
fn hidden_answers_are_kept_but_not_counted() {
    let mut t = setup();
    let s = &mut t.store;
    let team = s.teams().unwrap()[0].clone();
    let st = s.station_by_code("001").unwrap();
    let v = s
        .start_visit(NewVisit {
            team_id: team.meta.id,
            station_id: st.meta.id,
            arrival_at: at("2024-02-07T06:00:00Z"),
            phases: vec![],
            observer_ids: vec![],
            close_current_visit_at: None,
        })
        .unwrap();
    let c = s.start_or_resume_checklist(v.meta.id, "voting").unwrap();
    let tpl = s.template("voting", 1).unwrap();
    // A flagged follow-up that depends on an earlier answer.
    let follow = tpl
        .questions
        .iter()
        .find(|q| q.show_if.is_some() && q.is_flagged())
        .expect("the voting checklist has a flagged follow-up question");
    let cond = follow.show_if.clone().unwrap();
    let parent = tpl.question(&cond.code).unwrap();
    let problem_value = follow
        .problem
        .clone()
        .map(|p| json!(p))
        .unwrap_or_else(|| json!(follow.options.iter().find(|o| o.problem).unwrap().value));
    s.save_answer(c.meta.id, &cond.code, Some(json!(cond.values[0])))
        .unwrap();
    s.save_answer(c.meta.id, &follow.code, Some(problem_value))
        .unwrap();
    let rate = |s: &mut Store| {
        s.statistics(&StatsFilter::default())
            .unwrap()
            .problems
            .iter()
            .find(|p| p.code == follow.code)
            .map(|p| (p.problem, p.answered))
    };
    assert_eq!(rate(s), Some((1, 1)));
    // Change the parent so the follow-up is hidden: the answer stays but no longer counts.
    let other = match parent.kind {
        eom_core::templates::AnswerType::YesNo => {
            if cond.values[0] == "yes" { "no" } else { "yes" }.to_string()
        }
        _ => parent
            .options
            .iter()
            .find(|o| !cond.values.contains(&o.value))
            .unwrap()
            .value
            .clone(),
    };
    s.save_answer(c.meta.id, &cond.code, Some(json!(other)))
        .unwrap();
    assert!(
        s.checklist(c.meta.id)
            .unwrap()
            .answers
            .contains_key(&follow.code)
    );
    assert_eq!(rate(s), None);
}

#[test]
fn deleting_a_visit_leaves_tombstones_and_removes_it_from_statistics() {
    let mut t = common::sample_store();
    let before = t.store.statistics(&StatsFilter::default()).unwrap();
    let v = t.store.visits(None).unwrap()[0].clone();
    t.store.delete_visit(v.meta.id).unwrap();
    let after = t.store.statistics(&StatsFilter::default()).unwrap();
    assert_eq!(after.coverage.visits, before.coverage.visits - 1);
    common::assert_counts_exact(&t.path());
    let conn = rusqlite::Connection::open(t.path()).unwrap();
    let deleted: i64 = conn
        .query_row(
            "SELECT deleted FROM visits WHERE id = ?1",
            [v.meta.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(deleted, 1);
}

#[test]
fn a_sample_mission_matches_its_description() {
    let mut t = common::sample_store();
    let s = t.store.statistics(&StatsFilter::default()).unwrap();
    assert_eq!(s.coverage.teams, 5);
    assert_eq!(s.coverage.observers, 10);
    assert_eq!(s.coverage.visits, 40);
    assert!(s.is_sample);
    assert!(!s.protocol_failures.is_empty());
    assert!(s.incidents.total > 0);
    let negative: u64 = s.assessments.values().map(|a| a.negative).sum();
    let total: u64 = s.assessments.values().map(|a| a.total).sum();
    assert!(
        negative * 5 < total,
        "mostly positive: {negative} of {total}"
    );
    // Loading it again changes nothing.
    let before = common::dump(&t.path());
    eom_core::demo::load_sample(&mut t.store).unwrap();
    assert_eq!(before, common::dump(&t.path()));
}

#[test]
fn incidents_need_a_known_category() {
    let mut t = setup();
    let new = eom_core::NewIncident {
        visit_id: None,
        team_id: None,
        station_id: None,
        occurred_at: at("2024-02-07T10:00:00Z"),
        location: IncidentLocation::NotAtStation,
        category: "alien_landing".into(),
        severity: Severity::Minor,
        source: IncidentSource::Observed,
        description: "x".into(),
        persons: vec![],
        witnesses: String::new(),
        commission_informed: None,
        complaint_filed: None,
        follow_up: FollowUp::NotNeeded,
    };
    let err = t
        .store
        .record_incident(new.clone())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("alien_landing") && err.contains("vote_buying"),
        "{err}"
    );
    t.store
        .record_incident(eom_core::NewIncident {
            category: "vote_buying".into(),
            ..new
        })
        .unwrap();
    assert_eq!(
        t.store
            .statistics(&StatsFilter::default())
            .unwrap()
            .incidents
            .by_category["vote_buying"],
        1
    );
}

#[test]
fn attachments_keep_their_bytes_and_hash() {
    let mut t = common::sample_store();
    let v = t.store.visits(None).unwrap()[0].clone();
    // A JPEG's magic number, then every byte value.
    let mut data: Vec<u8> = vec![0xFF, 0xD8, 0xFF, 0xE0];
    data.extend((0..=255u8).cycle().take(100_000));
    let a = t
        .store
        .attach(
            AttachmentOwner::Visit,
            v.meta.id,
            None,
            "protocol.jpg",
            data.clone(),
        )
        .unwrap();
    let back = t.store.attachments_of(v.meta.id).unwrap();
    assert_eq!(back[0].data, data);
    assert_eq!(back[0].sha256, a.sha256);
    assert_eq!(back[0].media_type, "image/jpeg");
    assert_eq!(a.sha256.len(), 64);
}
