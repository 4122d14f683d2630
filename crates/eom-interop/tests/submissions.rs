//! Submissions from phones: the CSV exports of ODK Central (`,`, group paths with `-`,
//! `meta-instanceID`, `KEY`, `SubmissionDate`, split multiple-choice columns `q/option`) and of
//! KoboToolbox ("XML values and headers": `;`, every field quoted, group paths with `/`, `_uuid`,
//! `_submission_time`) become visits with checklists, idempotently, or are refused line by line.

mod forms;

use eom_core::ErrorCode;
use eom_core::model::{Checklist, Visit};
use eom_interop::submissions::{checklist_id_for, visit_id_for};
use eom_interop::{SubmissionOptions, import_submissions, import_xlsform};
use serde_json::json;

const CENTRAL_HEADER: &str = "SubmissionDate,start,end,station_code,team_code,arrival,departure,grp_setup-Q1,grp_setup-SEALS,grp_setup-MISSING,grp_setup-MISSING/ink,grp_setup-MISSING/seals,grp_setup-MISSING/booths,grp_count-QUALITY,grp_count-SHARE,grp_count-PROTOCOL_DATE,grp_count-PHOTO,COMMENT,CLOSED_AT,meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion";

const ONE: &str = "9f0c5c9e-1111-4a6b-9d3c-000000000001";
const TWO: &str = "9f0c5c9e-2222-4a6b-9d3c-000000000002";
const THREE: &str = "9f0c5c9e-3333-4a6b-9d3c-000000000003";
const FOUR: &str = "9f0c5c9e-4444-4a6b-9d3c-000000000004";

/// The sample mission with the station_check form imported, and two of its station codes.
fn mission() -> (forms::Mission, String, String) {
    let mut m = forms::sample();
    import_xlsform(&mut m.store, &forms::station_check(m.dir.path())).unwrap();
    let stations = m.store.stations("", 2).unwrap();
    let (a, b) = (stations[0].code.clone(), stations[1].code.clone());
    (m, a, b)
}

fn central(a: &str, b: &str) -> String {
    [
        CENTRAL_HEADER.to_string(),
        // On the mission's time: 09:05 in Baku.
        format!("2024-02-07T10:43:19.123Z,2024-02-07T09:01:02.000+04:00,2024-02-07T10:40:00.000+04:00,{a},T01,09:05:00.000+04:00,10:35:00.000+04:00,yes,7,,0,0,0,good,2.5,2024-02-07,1707290000000.jpg,,20:00:00.000+04:00,uuid:{ONE},uuid:{ONE},5,Observer One,0,1,,,collect:x1,0,2024020701"),
        // A phone still on Berlin time: 06:15+01:00 is 09:15 in Baku.
        format!("2024-02-07T11:02:00.000Z,2024-02-07T06:10:00.000+01:00,,{b},t02,06:15:00.000+01:00,,no,,ink seals,1,1,0,,,,,\"Two seals missing, no ink\",,uuid:{TWO},uuid:{TWO},6,Observer Two,0,0,,,collect:x2,0,2024020701"),
        // QUALITY is required and shown (SEALS 8) but empty: kept as a draft.
        format!("2024-02-07T12:00:00.000Z,2024-02-07T11:00:00.000+04:00,,{a},T03,11:05:00.000+04:00,,yes,8,,0,0,0,,,,,,,uuid:{THREE},uuid:{THREE},7,Observer Three,0,0,,,collect:x3,0,2024020701"),
    ]
    .join("\n")
        + "\n"
}

fn options() -> SubmissionOptions {
    SubmissionOptions::new("station_check")
}

fn visit(m: &forms::Mission, instance: &str) -> Visit {
    m.store.visit(visit_id_for(instance)).unwrap()
}

fn checklist(m: &forms::Mission, instance: &str) -> Checklist {
    m.store.checklist(checklist_id_for(instance)).unwrap()
}

#[test]
fn a_central_export_becomes_visits_with_checklists_once() {
    let (mut m, a, b) = mission();
    let path = m.path("station_check.csv");
    std::fs::write(&path, central(&a, &b)).unwrap();
    let visits_before = m.store.visits(None).unwrap().len();
    let r = import_submissions(&mut m.store, &path, &options()).unwrap();
    assert_eq!((r.submissions, r.added, r.already), (3, 3, 0));
    assert_eq!(
        (r.template.as_str(), r.version),
        ("station_check", 2_024_020_701)
    );
    assert_eq!(r.photos_left_out, 1);
    assert_eq!(r.drafts.len(), 1);
    assert_eq!(r.drafts[0].line, 4);
    assert!(r.drafts[0].message.contains("QUALITY"), "{:?}", r.drafts);

    let v = visit(&m, ONE);
    assert_eq!(v.station_id, m.store.station_by_code(&a).unwrap().meta.id);
    assert_eq!(v.team_id, eom_core::team_id_for("T01"));
    assert_eq!(v.arrival_at.to_string(), "2024-02-07T05:05:00.000Z");
    assert_eq!(
        v.departure_at.unwrap().to_string(),
        "2024-02-07T06:35:00.000Z"
    );
    assert!(v.notes.contains(ONE));
    let c = checklist(&m, ONE);
    assert_eq!(
        (c.template_id.as_str(), c.visit_id),
        ("station_check", v.meta.id)
    );
    assert_eq!(
        c.submitted_at.unwrap().to_string(),
        "2024-02-07T10:43:19.123Z"
    );
    assert_eq!(c.answers["Q1"], json!("yes"));
    assert_eq!(c.answers["SEALS"], json!(7));
    assert_eq!(c.answers["QUALITY"], json!("good"));
    assert_eq!(c.answers["SHARE"], json!("2.5"));
    assert_eq!(c.answers["PROTOCOL_DATE"], json!("2024-02-07"));
    assert_eq!(c.answers["CLOSED_AT"], json!("20:00"));
    assert!(!c.answers.contains_key("PHOTO") && !c.answers.contains_key("MISSING"));

    let v2 = visit(&m, TWO);
    assert_eq!(
        v2.team_id,
        eom_core::team_id_for("T02"),
        "team codes ignore case"
    );
    assert_eq!(v2.arrival_at.to_string(), "2024-02-07T05:15:00.000Z");
    assert_eq!(v2.departure_at, None);
    let c2 = checklist(&m, TWO);
    assert_eq!(c2.answers["MISSING"], json!(["ink", "seals"]));
    assert_eq!(c2.answers["COMMENT"], json!("Two seals missing, no ink"));
    assert!(checklist(&m, THREE).submitted_at.is_none());

    // The same file again adds nothing.
    let again = import_submissions(&mut m.store, &path, &options()).unwrap();
    assert_eq!((again.added, again.already), (0, 3));
    assert_eq!(m.store.visits(None).unwrap().len(), visits_before + 3);
    assert!(m.store.verify_history().unwrap().first_break.is_none());
}

#[test]
fn a_kobo_export_of_the_same_submissions_adds_only_the_new_ones() {
    let (mut m, a, b) = mission();
    let path = m.path("central.csv");
    std::fs::write(&path, central(&a, &b)).unwrap();
    import_submissions(&mut m.store, &path, &options()).unwrap();
    let header = [
        "start",
        "end",
        "station_code",
        "team_code",
        "arrival",
        "departure",
        "grp_setup/Q1",
        "grp_setup/SEALS",
        "grp_setup/MISSING",
        "grp_setup/MISSING/ink",
        "grp_setup/MISSING/seals",
        "grp_setup/MISSING/booths",
        "grp_count/QUALITY",
        "grp_count/SHARE",
        "grp_count/PROTOCOL_DATE",
        "grp_count/PHOTO",
        "COMMENT",
        "CLOSED_AT",
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ];
    let quoted = |cells: &[&str]| {
        cells
            .iter()
            .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
            .collect::<Vec<_>>()
            .join(";")
    };
    let old = [
        "2024-02-07T09:01:02.000+04:00",
        "2024-02-07T10:40:00.000+04:00",
        &a,
        "T01",
        "09:05:00.000+04:00",
        "10:35:00.000+04:00",
        "yes",
        "7",
        "",
        "0",
        "0",
        "0",
        "good",
        "2.5",
        "2024-02-07",
        "1707290000000.jpg",
        "",
        "20:00:00.000+04:00",
        "61",
        ONE,
        "2024-02-07T10:43:19",
        "",
        "",
        "submitted_via_web",
        "",
        "vGz4ksT3",
        "",
        "1",
    ];
    let new = [
        "2024-02-07T13:58:00.000+04:00",
        "",
        &b,
        "T04",
        "14:00:00.000+04:00",
        "",
        "no",
        "",
        "booths",
        "0",
        "0",
        "1",
        "",
        "",
        "",
        "",
        "",
        "",
        "62",
        FOUR,
        "2024-02-07T10:20:11",
        "",
        "",
        "submitted_via_web",
        "",
        "vGz4ksT3",
        "",
        "2",
    ];
    let csv = format!(
        "{}\r\n{}\r\n{}\r\n",
        quoted(&header),
        quoted(&old),
        quoted(&new)
    );
    let kobo = m.path("kobo.csv");
    std::fs::write(&kobo, format!("\u{FEFF}{csv}")).unwrap();
    let r = import_submissions(&mut m.store, &kobo, &options()).unwrap();
    assert_eq!((r.submissions, r.added, r.already), (2, 1, 1));
    let v = visit(&m, FOUR);
    assert_eq!(v.team_id, eom_core::team_id_for("T04"));
    assert_eq!(v.arrival_at.to_string(), "2024-02-07T10:00:00.000Z");
    let c = checklist(&m, FOUR);
    assert_eq!(c.answers["MISSING"], json!(["booths"]));
    assert_eq!(
        c.submitted_at.unwrap().to_string(),
        "2024-02-07T10:20:11.000Z"
    );
}

#[test]
fn every_bad_line_is_listed_and_nothing_is_imported() {
    let (mut m, a, b) = mission();
    let row = |station: &str,
               team: &str,
               arrival: &str,
               q1: &str,
               seals: &str,
               missing: &str,
               quality: &str,
               id: &str| {
        format!(
            "2024-02-07T10:43:19.123Z,,,{station},{team},{arrival},,{q1},{seals},{missing},,,,{quality},,,,,,uuid:{id},uuid:{id},5,X,0,0,,,,0,"
        )
    };
    let csv = [
        CENTRAL_HEADER.to_string(),
        row(&a, "T01", "09:05", "yes", "7", "", "good", ONE),
        row("999-999", "T01", "09:05", "yes", "7", "", "good", TWO),
        row(&b, "T99", "09:05", "yes", "7", "", "good", THREE),
        row(&a, "T01", "09:05", "yes", "seven", "", "good", FOUR),
        row(&a, "T01", "09:05", "yes", "12", "", "good", "five"),
        row(&a, "T01", "09:05", "yes", "7", "", "excellent", "six"),
        row(&a, "T01", "09:05", "no", "", "ink glue", "", "seven"),
        row(&a, "T01", "nine o'clock", "maybe", "7", "", "good", "eight"),
        row(&a, "T01", "09:05", "yes", "7", "", "good", ONE),
        row(&a, "T01", "09:05", "yes", "7", "", "good", "eleven") + "3",
    ]
    .join("\n");
    let path = m.path("bad.csv");
    std::fs::write(&path, csv).unwrap();
    let before = m.store.visits(None).unwrap().len();
    let err = import_submissions(&mut m.store, &path, &options()).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidFile);
    let msg = err.to_string();
    for expected in [
        "nothing was imported",
        "line 3, column `station_code`: unknown station code `999-999`: not in the mission's station list",
        "line 4, column `team_code`: unknown team code `T99` (the mission's teams: T01, T02, T03, T04, T05)",
        "line 5, column `grp_setup-SEALS`: expected a whole number, got `seven`",
        "line 6, column `grp_setup-SEALS`: 12 is above the maximum 8",
        "line 7, column `grp_count-QUALITY`: `excellent` is not in the list (good, poor, not_observed)",
        "line 8, column `grp_setup-MISSING`: `glue` is not in the list (ink, seals, booths)",
        "line 9, column `arrival`: expected a time of day",
        "line 9, column `grp_setup-Q1`: `maybe` is not in the list (yes, no, not_observed)",
        &format!("line 10, column `KEY`: the submission {ONE} is on line 2 already"),
        "line 11, column `FormVersion`: the submission was made with version 3 of the form, not with template station_check v2024020701 (--version 3)",
    ] {
        assert!(msg.contains(expected), "{expected}\nnot in:\n{msg}");
    }
    assert_eq!(m.store.visits(None).unwrap().len(), before);
    assert!(
        m.store.visit(visit_id_for(ONE)).is_err(),
        "the good line was not imported either"
    );
}

#[test]
fn a_file_without_the_visit_columns_is_refused_at_its_header() {
    let (mut m, _, _) = mission();
    let path = m.path("labels.csv");
    // Kobo's default export: labels, not names, as headers.
    std::fs::write(
        &path,
        "\"Polling station code\";\"Team code\";\"_uuid\"\r\n\"001-001\";\"T01\";\"x\"\r\n",
    )
    .unwrap();
    let err = import_submissions(&mut m.store, &path, &options())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("line 1, column `station_code`: the file has no `station_code` column"),
        "{err}"
    );
    assert!(err.contains("XML values and headers"), "{err}");
    let err = import_submissions(&mut m.store, &path, &SubmissionOptions::new("nope")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::NotFound);
}

#[test]
fn candidate_votes_come_from_one_column_per_candidate() {
    let mut m = forms::sample();
    let station = m.store.stations("", 1).unwrap()[0].code.clone();
    let candidates = m.store.mission().unwrap().candidates;
    let t = m.store.latest_template("counting").unwrap();
    let votes = t
        .questions
        .iter()
        .find(|q| q.kind == eom_core::templates::AnswerType::CandidateVotes)
        .unwrap();
    let header = format!(
        "SubmissionDate,station_code,team_code,arrival,grp_protocol_figures-{c}__1,grp_protocol_figures-{c}__2,meta-instanceID,KEY",
        c = votes.code
    );
    let csv = format!(
        "{header}\n2024-02-07T20:43:19.123Z,{station},T05,19:55,120,87,uuid:{ONE},uuid:{ONE}\n"
    );
    let path = m.path("counting.csv");
    std::fs::write(&path, csv).unwrap();
    let r = import_submissions(&mut m.store, &path, &SubmissionOptions::new("counting")).unwrap();
    assert_eq!(r.added, 1);
    // Most of the counting checklist's required questions are unanswered: a draft.
    assert_eq!(r.drafts.len(), 1);
    let c = checklist(&m, ONE);
    assert_eq!(c.phase, eom_core::model::Phase::Counting);
    assert_eq!(
        c.answers[&votes.code],
        json!({candidates[0].clone(): 120, candidates[1].clone(): 87})
    );
    assert_eq!(visit(&m, ONE).phases, [eom_core::model::Phase::Counting]);
}

#[test]
fn a_visit_deleted_after_its_import_stays_deleted() {
    let (mut m, a, b) = mission();
    let path = m.path("central.csv");
    std::fs::write(&path, central(&a, &b)).unwrap();
    import_submissions(&mut m.store, &path, &options()).unwrap();
    m.store.delete_visit(visit_id_for(TWO)).unwrap();
    let r = import_submissions(&mut m.store, &path, &options()).unwrap();
    assert_eq!((r.added, r.already), (0, 3));
    assert!(m.store.visit(visit_id_for(TWO)).is_err());
    assert!(m.store.checklist(checklist_id_for(TWO)).is_err());
}
