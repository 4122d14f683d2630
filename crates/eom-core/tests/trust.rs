//! The mission's trust model (docs/security.md, "Trust model"): enrolled team keys change only
//! their team's records, the core team everything; unknown signers, implausible versions and
//! claimed device ids are refused. Every hostile bundle is refused with its own message and
//! leaves the core team's database exactly as it was.

mod common;

use std::path::{Path, PathBuf};

use eom_core::bundle::{ImportBlock, ImportOptions, ImportReport};
use eom_core::model::{Phase, ReviewStatus};
use eom_core::time::Timestamp;
use eom_core::{Enrolment, Error, ErrorCode, NewVisit};
use serde_json::{Value, json};

/// The core team's laptop with the sample mission (5 teams, 40 visits), and team laptops for T01
/// and T02 that joined with kits, took in the core team's bundle, and were enrolled by the core.
struct Mission {
    core: common::TempStore,
    t1: common::TempStore,
    t2: common::TempStore,
}

fn mission() -> Mission {
    let mut core = common::temp_store();
    eom_core::demo::load_sample(&mut core.store).unwrap();
    let merged = core.file("core.json");
    core.store.export_bundle(&merged, None, &core.keys).unwrap();
    let mut join = |team: &str| {
        let kit = core.file(&format!("{team}.eomkit"));
        core.store.export_kit(&kit, team, &core.keys).unwrap();
        let mut t = common::temp_store();
        let r = t
            .store
            .join_kit(&kit, &t.keys, Some(&core.keys.fingerprint()))
            .unwrap();
        assert_eq!(r.team, team);
        assert_eq!(r.laptop_fingerprint, t.keys.fingerprint());
        // The core team's merged bundle: signed by a core key, so it may carry every team's records.
        let r = t
            .store
            .import_bundle(&merged, &mut |_, _| {})
            .expect("a team laptop imports the core team's merged bundle");
        assert!(r.unauthorized.is_empty());
        core.store
            .trust_key(
                &t.keys.public(),
                &format!("Team {team}"),
                &Enrolment::Team(team.into()),
            )
            .unwrap();
        t
    };
    let t1 = join("T01");
    let t2 = join("T02");
    Mission { core, t1, t2 }
}

fn export(t: &mut common::TempStore, name: &str) -> PathBuf {
    let out = t.file(name);
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    out
}

/// Imports at the core: must fail with `code`, say `says`, and change nothing.
fn refused(core: &mut common::TempStore, path: &Path, code: ErrorCode, says: &str) -> Error {
    refused_with(core, path, ImportOptions::default(), code, says)
}

fn refused_with(
    core: &mut common::TempStore,
    path: &Path,
    options: ImportOptions,
    code: ErrorCode,
    says: &str,
) -> Error {
    let before = common::dump(&core.path());
    let err = core
        .store
        .import_bundle_with(path, options, &mut |_, _| {})
        .expect_err("the hostile bundle was imported");
    assert_eq!(err.code(), code, "{err}");
    assert!(err.to_string().contains(says), "{err}");
    assert_eq!(
        before,
        common::dump(&core.path()),
        "the refused import changed the database"
    );
    err
}

fn team_visit(t: &common::TempStore, code: &str) -> eom_core::model::Visit {
    let team = eom_core::team_id_for(code);
    t.store
        .visits(None)
        .unwrap()
        .into_iter()
        .find(|v| v.team_id == team)
        .unwrap()
}

fn first_checklist(t: &mut common::TempStore, visit: uuid::Uuid) -> eom_core::model::Checklist {
    t.store.checklists_for_visit(visit).unwrap().remove(0)
}

/// A text or count question of the checklist that can be changed.
fn change_an_answer(t: &mut common::TempStore, c: &eom_core::model::Checklist) {
    let tpl = t
        .store
        .template(&c.template_id, c.template_version)
        .unwrap();
    let q = tpl
        .questions
        .iter()
        .find(|q| matches!(q.kind, eom_core::templates::AnswerType::Text))
        .unwrap();
    t.store
        .save_answer(
            c.meta.id,
            &q.code,
            Some(json!("changed on another team's laptop")),
        )
        .unwrap();
}

// ---- control cases: what must import ----

#[test]
fn a_teams_own_new_visit_and_edits_import_at_the_core() {
    let mut m = mission();
    let station = m.t1.store.stations("", 1).unwrap().remove(0);
    let v =
        m.t1.store
            .start_visit(NewVisit {
                team_id: eom_core::team_id_for("T01"),
                station_id: station.meta.id,
                arrival_at: Timestamp::parse("2024-02-07T09:00:00Z").unwrap(),
                phases: vec![Phase::Voting],
                observer_ids: vec![],
                close_current_visit_at: Some(Timestamp::parse("2024-02-07T08:59:00Z").unwrap()),
            })
            .unwrap();
    let c =
        m.t1.store
            .start_or_resume_checklist(v.meta.id, "voting")
            .unwrap();
    change_an_answer(&mut m.t1, &c);
    let own = team_visit(&m.t1, "T01");
    let oc = first_checklist(&mut m.t1, own.meta.id);
    change_an_answer(&mut m.t1, &oc);
    let out = export(&mut m.t1, "T01.json");
    let r = m.core.store.import_bundle(&out, &mut |_, _| {}).unwrap();
    assert!(r.unauthorized.is_empty(), "{:?}", r.unauthorized);
    assert!(r.applied);
    assert!(m.core.store.visit(v.meta.id).is_ok());
    let signer = r.signer.unwrap();
    assert_eq!(signer.enrolment, Some(Enrolment::Team("T01".into())));
}

#[test]
fn the_core_teams_merged_bundle_imports_on_another_core_laptop_and_on_a_team_laptop() {
    let mut m = mission();
    // The core team edits a T02 checklist and reviews it: its bundle forwards everything.
    let v = team_visit(&m.core, "T02");
    let c = first_checklist(&mut m.core, v.meta.id);
    change_an_answer(&mut m.core, &c);
    m.core
        .store
        .review_checklist(c.meta.id, ReviewStatus::Flagged, "check the queue")
        .unwrap();
    let out = export(&mut m.core, "merged.json");
    // A team laptop takes it (signed by the core key it got with its kit).
    let r = m.t2.store.import_bundle(&out, &mut |_, _| {}).unwrap();
    assert!(r.unauthorized.is_empty(), "{:?}", r.unauthorized);
    assert_eq!(
        m.t2.store.checklist(c.meta.id).unwrap().review_status,
        ReviewStatus::Flagged
    );
    // A second core laptop, enrolled by the first as core and holding the first's key as core.
    let mut core2 = common::temp_store();
    let kit = m.core.file("core2.eomkit");
    m.core.store.export_kit(&kit, "T01", &m.core.keys).unwrap();
    core2.store.join_kit(&kit, &core2.keys, None).unwrap();
    core2
        .store
        .trust_key(&core2.keys.public(), "Core laptop 2", &Enrolment::Core)
        .unwrap();
    let r = core2.store.import_bundle(&out, &mut |_, _| {}).unwrap();
    assert!(r.unauthorized.is_empty(), "{:?}", r.unauthorized);
    assert_eq!(r.signer.unwrap().enrolment, Some(Enrolment::Core));
}

// ---- hostile cases: what must be refused ----

#[test]
fn an_unknown_signer_is_refused_unless_allowed() {
    let mut m = mission();
    let mut stranger = common::temp_store();
    eom_core::demo::load_sample(&mut stranger.store).unwrap();
    let out = export(&mut stranger, "stranger.json");
    let err = refused(
        &mut m.core,
        &out,
        ErrorCode::UnknownSigner,
        &format!("signed by an unknown key {}", stranger.keys.fingerprint()),
    );
    assert!(err.to_string().contains("enrol it"), "{err}");
    // The preview shows the fingerprint and why it is blocked; nothing applies.
    let p = m.core.store.preview_bundle(&out).unwrap();
    assert_eq!(
        p.blocked,
        Some(ImportBlock::UnknownSigner {
            fingerprint: stranger.keys.fingerprint()
        })
    );
}

fn unauthorized(m: &mut Mission, out: &Path, says: &str) -> ImportReport {
    refused(&mut m.core, out, ErrorCode::Unauthorized, says);
    let p = m.core.store.preview_bundle(out).unwrap();
    assert!(matches!(p.blocked, Some(ImportBlock::Unauthorized { .. })));
    assert!(
        p.unauthorized.iter().all(|c| c.by.contains("Team T01")),
        "{:?}",
        p.unauthorized
    );
    p
}

#[test]
fn a_team_key_changing_another_teams_answer_is_refused() {
    let mut m = mission();
    let v = team_visit(&m.t1, "T02");
    let c = first_checklist(&mut m.t1, v.meta.id);
    change_an_answer(&mut m.t1, &c);
    let out = export(&mut m.t1, "hostile.json");
    let p = unauthorized(&mut m, &out, "checklist");
    assert_eq!(p.unauthorized.len(), 1);
    assert!(
        p.unauthorized[0].change.contains("another team"),
        "{:?}",
        p.unauthorized
    );
}

#[test]
fn a_team_key_changing_or_deleting_another_teams_visit_is_refused() {
    let mut m = mission();
    let v = team_visit(&m.t1, "T02");
    m.t1.store.delete_visit(v.meta.id).unwrap();
    let out = export(&mut m.t1, "hostile.json");
    let p = unauthorized(&mut m, &out, "visit");
    assert!(
        p.unauthorized
            .iter()
            .any(|c| c.kind == "visit" && c.change.starts_with("deleted"))
    );
}

#[test]
fn a_team_key_changing_another_teams_incident_is_refused() {
    let mut m = mission();
    let team1 = eom_core::team_id_for("T01");
    let mut i =
        m.t1.store
            .incidents()
            .unwrap()
            .into_iter()
            .find(|i| i.team_id.is_some_and(|t| t != team1))
            .expect("the sample has incidents of other teams");
    i.description = "rewritten by team 1".into();
    m.t1.store.update_incident(i).unwrap();
    let out = export(&mut m.t1, "hostile.json");
    unauthorized(&mut m, &out, "incident");
}

/// A change a team laptop makes to its own database.
type Change = fn(&mut common::TempStore);

#[test]
fn a_team_key_changing_the_mission_a_station_a_team_or_an_observer_is_refused() {
    let cases: [(&str, Change); 4] = [
        ("mission", |t| {
            let mut mi = t.store.mission().unwrap();
            mi.name = "Renamed by team 1".into();
            t.store.update_mission(mi).unwrap();
        }),
        ("station", |t| {
            let csv = t.file("one.csv");
            let s = t.store.stations("", 1).unwrap().remove(0);
            std::fs::write(&csv, format!("code,name\n{},Renamed station\n", s.code)).unwrap();
            t.store
                .import_stations_csv(&csv, false, &mut |_, _| {})
                .unwrap();
        }),
        ("team", |t| {
            t.store.save_team("T02", "moved by team 1").unwrap();
        }),
        ("observer", |t| {
            let mut o = t.store.observers().unwrap().remove(0);
            o.name = "Renamed by team 1".into();
            t.store.update_observer(o).unwrap();
        }),
    ];
    for (kind, change) in cases {
        let mut m = mission();
        change(&mut m.t1);
        let out = export(&mut m.t1, "hostile.json");
        let p = unauthorized(&mut m, &out, kind);
        assert!(
            p.unauthorized.iter().any(|c| c.kind == kind),
            "{kind}: {:?}",
            p.unauthorized
        );
    }
}

#[test]
fn a_team_key_changing_a_template_is_refused() {
    let mut m = mission();
    let out = export(&mut m.t1, "t1.json");
    // A template version the core does not have, in a bundle the team signs: the team may not
    // add templates (only the core team's bundles and kits carry new ones).
    let text = std::fs::read_to_string(&out).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let mut t = v["content"]["templates"][0].clone();
    t["version"] = json!(99);
    v["content"]["templates"].as_array_mut().unwrap().push(t);
    let bytes = eom_core::bundle::signed_envelope(
        serde_json::to_string(&v["content"]).unwrap().as_bytes(),
        &m.t1.keys,
        Timestamp::parse("2024-02-07T20:00:00Z").unwrap(),
    );
    let hostile = m.t1.file("template.json");
    std::fs::write(&hostile, bytes).unwrap();
    refused(&mut m.core, &hostile, ErrorCode::Unauthorized, "template");
}

#[test]
fn a_team_key_changing_a_review_is_refused() {
    let mut m = mission();
    let v = team_visit(&m.t1, "T01");
    let c = first_checklist(&mut m.t1, v.meta.id);
    m.t1.store
        .review_checklist(c.meta.id, ReviewStatus::Approved, "approved by ourselves")
        .unwrap();
    let out = export(&mut m.t1, "hostile.json");
    let p = unauthorized(&mut m, &out, "checklist");
    assert_eq!(p.unauthorized.len(), 1);
}

/// Rewrites the signed content with `edit` and signs it again with `keys` (as a hostile laptop
/// with its own key would).
fn resigned(
    t: &common::TempStore,
    from: &Path,
    name: &str,
    edit: impl FnOnce(&mut Value),
) -> PathBuf {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(from).unwrap()).unwrap();
    edit(&mut v["content"]);
    let bytes = eom_core::bundle::signed_envelope(
        serde_json::to_string(&v["content"]).unwrap().as_bytes(),
        &t.keys,
        Timestamp::parse("2024-02-07T20:00:00Z").unwrap(),
    );
    let out = t.file(name);
    std::fs::write(&out, bytes).unwrap();
    out
}

#[test]
fn a_revision_of_2_pow_63_minus_1_is_refused() {
    let mut m = mission();
    let out = export(&mut m.t1, "t1.json");
    let hostile = resigned(&m.t1, &out, "rev.json", |c| {
        c["visits"][0]["revision"] = json!(i64::MAX);
    });
    let err = refused_with(
        &mut m.core,
        &hostile,
        ImportOptions {
            allow_broken_history: true,
            ..ImportOptions::default()
        },
        ErrorCode::InvalidFile,
        "has revision 9223372036854775807, expected 1 to 2147483648",
    );
    assert!(err.to_string().contains("visit"), "{err}");
}

#[test]
fn an_updated_at_in_year_9999_is_refused() {
    let mut m = mission();
    let out = export(&mut m.t1, "t1.json");
    let hostile = resigned(&m.t1, &out, "future.json", |c| {
        c["checklists"][0]["updated_at"] = json!("9999-01-01T00:00:00.000Z");
    });
    refused_with(
        &mut m.core,
        &hostile,
        ImportOptions {
            allow_broken_history: true,
            ..ImportOptions::default()
        },
        ErrorCode::InvalidFile,
        "more than 24 hours after the bundle was exported",
    );
}

#[test]
fn a_version_without_history_is_refused_unless_allowed() {
    let mut m = mission();
    let v = team_visit(&m.t1, "T01");
    let c = first_checklist(&mut m.t1, v.meta.id);
    change_an_answer(&mut m.t1, &c);
    let out = export(&mut m.t1, "t1.json");
    // The same bundle with the history of its own changes taken out, signed again.
    let device = m.t1.store.device_id().to_string();
    let hostile = resigned(&m.t1, &out, "nohistory.json", |content| {
        content["edit_history"]
            .as_array_mut()
            .unwrap()
            .retain(|e| e["device"] != json!(device));
    });
    refused(
        &mut m.core,
        &hostile,
        ErrorCode::HistoryBroken,
        "does not account for its records",
    );
    let r = m
        .core
        .store
        .import_bundle_with(
            &hostile,
            ImportOptions {
                allow_broken_history: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert!(r.applied);
}

#[test]
fn a_bundle_claiming_another_devices_id_is_refused() {
    let mut m = mission();
    // Team 2's laptop exports once: the core binds its device id to Team 2's key.
    let out2 = export(&mut m.t2, "t2.json");
    m.core.store.import_bundle(&out2, &mut |_, _| {}).unwrap();
    // Team 1 signs a bundle claiming to come from Team 2's device.
    let out1 = export(&mut m.t1, "t1.json");
    let device2 = m.t2.store.device_id().to_string();
    let hostile = resigned(&m.t1, &out1, "claim.json", |c| {
        c["exported_by"]["device"] = json!(device2);
    });
    refused(
        &mut m.core,
        &hostile,
        ErrorCode::Unauthorized,
        "claims a device id that another key signs for",
    );
    // And one claiming the core laptop's own device id.
    let own = m.core.store.device_id().to_string();
    let hostile = resigned(&m.t1, &out1, "claim-core.json", |c| {
        c["exported_by"]["device"] = json!(own);
    });
    refused(
        &mut m.core,
        &hostile,
        ErrorCode::Unauthorized,
        "claims a device id that another key signs for",
    );
}

#[test]
fn a_kit_signed_by_an_unknown_core_key_is_refused() {
    let m = mission();
    let kit = m.core.file("T03.eomkit");
    let mut core = m.core;
    core.store.export_kit(&kit, "T03", &core.keys).unwrap();
    // Someone re-signs the kit with their own key, keeping the core keys it lists.
    let stranger = common::temp_store();
    let forged = resigned(&stranger, &kit, "forged.eomkit", |_| {});
    let mut t = common::temp_store();
    let before = common::dump(&t.path());
    let err = t.store.join_kit(&forged, &t.keys, None).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidFile, "{err}");
    assert!(
        err.to_string()
            .contains("not one of the core keys it lists"),
        "{err}"
    );
    assert_eq!(before, common::dump(&t.path()));
    // And a kit whose signer differs from the fingerprint the core team read out.
    let err = t
        .store
        .join_kit(&kit, &t.keys, Some(&stranger.keys.fingerprint()))
        .unwrap_err();
    assert!(
        err.to_string().contains("as the core team read out"),
        "{err}"
    );
    assert_eq!(before, common::dump(&t.path()));
}

#[test]
fn skip_unauthorized_imports_the_rest_and_keeps_the_refused_version_in_the_history() {
    let mut m = mission();
    let own = team_visit(&m.t1, "T01");
    let oc = first_checklist(&mut m.t1, own.meta.id);
    change_an_answer(&mut m.t1, &oc);
    let other = team_visit(&m.t1, "T02");
    let c = first_checklist(&mut m.t1, other.meta.id);
    change_an_answer(&mut m.t1, &c);
    let out = export(&mut m.t1, "mixed.json");
    let before_other = m.core.store.checklist(c.meta.id).unwrap();
    let r = m
        .core
        .store
        .import_bundle_with(
            &out,
            ImportOptions {
                skip_unauthorized: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    assert_eq!(r.unauthorized.len(), 1);
    assert_eq!(m.core.store.checklist(c.meta.id).unwrap(), before_other);
    assert_eq!(
        m.core.store.checklist(oc.meta.id).unwrap().meta.revision,
        m.t1.store.checklist(oc.meta.id).unwrap().meta.revision
    );
    let refused: i64 = rusqlite::Connection::open(m.core.path())
        .unwrap()
        .query_row(
            "SELECT count(*) FROM replaced_versions WHERE reason = 'refused' AND record_id = ?1",
            [c.meta.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(refused, 1);
}

#[test]
fn a_team_laptop_cannot_pass_on_another_teams_changes_it_took_in_unsigned() {
    let mut m = mission();
    // Someone hands Team 1 an unsigned file that changes a T02 checklist; Team 1 allows it.
    let v = team_visit(&m.t2, "T02");
    let c = first_checklist(&mut m.t2, v.meta.id);
    change_an_answer(&mut m.t2, &c);
    let out2 = export(&mut m.t2, "t2.json");
    let mut v2: Value = serde_json::from_str(&std::fs::read_to_string(&out2).unwrap()).unwrap();
    let unsigned = m.t1.file("unsigned.json");
    let mut content = v2["content"].take();
    content["format_version"] = json!(1);
    std::fs::write(&unsigned, serde_json::to_vec(&content).unwrap()).unwrap();
    let r =
        m.t1.store
            .preview_bundle_with(
                &unsigned,
                ImportOptions {
                    allow_unsigned: true,
                    ..ImportOptions::default()
                },
            )
            .unwrap();
    // On Team 1's own laptop the file has Team 1's authority: T02's checklist is not its to change.
    assert!(!r.unauthorized.is_empty());
    m.t1.store
        .import_bundle_with(
            &unsigned,
            ImportOptions {
                allow_unsigned: true,
                skip_unauthorized: true,
                ..ImportOptions::default()
            },
            &mut |_, _| {},
        )
        .unwrap();
    let out1 = export(&mut m.t1, "t1.json");
    let r = m.core.store.preview_bundle(&out1).unwrap();
    assert!(r.unauthorized.is_empty() || r.blocked.is_some());
    assert_ne!(
        m.core.store.checklist(c.meta.id).unwrap().answers,
        m.t2.store.checklist(c.meta.id).unwrap().answers
    );
}
