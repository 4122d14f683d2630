//! Bundle export and import: round trips, idempotence, and every refusal leaving the database as it was.

mod common;

use std::path::{Path, PathBuf};

use eom_core::Error;
use eom_core::bundle::{FORMAT_VERSION, read_bundle};
use eom_core::model::Checklist;
use serde_json::{Value, json};

fn exported_sample() -> (common::TempStore, std::path::PathBuf) {
    let mut t = common::sample_store();
    let out = t.file("sample.json");
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    (t, out)
}

#[test]
fn export_then_import_into_an_empty_database_gives_identical_statistics() {
    let (mut a, out) = exported_sample();
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        common::stats_json(&mut a.store),
        common::stats_json(&mut b.store)
    );
    assert_eq!(
        common::dump_records(&a.path()),
        common::dump_records(&b.path())
    );
}

#[test]
fn importing_twice_changes_nothing() {
    let (_a, out) = exported_sample();
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let before = common::dump(&b.path());
    let report = b
        .store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert_eq!(report.total().added + report.total().updated, 0);
    assert_eq!(before, common::dump(&b.path()));
}

/// Team laptop B imports `out`, answers one question of its first checklist "not observed" and
/// exports T01's bundle: B, that bundle and the checklist as it was before the edit (the question
/// answered is its first answer's).
fn edited_on_team_laptop(out: &Path) -> (common::TempStore, PathBuf, Checklist) {
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let v = b.store.visits(None).unwrap()[0].clone();
    let c = b.store.checklists_for_visit(v.meta.id).unwrap()[0].clone();
    let code = c.answers.keys().next().unwrap().clone();
    b.store
        .save_answer(c.meta.id, &code, Some(json!("not_observed")))
        .unwrap();
    let from_b = b.file("b.json");
    b.store
        .export_bundle(&from_b, Some("T01".into()), &b.keys)
        .unwrap();
    (b, from_b, c)
}

#[test]
fn a_newer_revision_wins_and_the_old_one_is_kept_in_the_replaced_versions() {
    let (mut a, out) = exported_sample();
    // Team laptop B edits an answer; A edits the same checklist's review.
    let (_b, from_b, c) = edited_on_team_laptop(&out);
    let code = c.answers.keys().next().unwrap().clone();
    let report = a
        .store
        .import_bundle_with(&from_b, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let checklists = report
        .kinds
        .iter()
        .find(|(k, _)| k == "checklists")
        .unwrap()
        .1;
    assert_eq!(checklists.updated, 1);
    assert_eq!(
        a.store.checklist(c.meta.id).unwrap().answers[&code],
        json!("not_observed")
    );
    let conn = rusqlite::Connection::open(a.path()).unwrap();
    let kept: String = conn
        .query_row(
            "SELECT content FROM replaced_versions WHERE record_id = ?1",
            [c.meta.id.to_string()],
            |r| r.get(0),
        )
        .unwrap();
    let kept: Value = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept["answers"][&code], c.answers[&code]);
}

/// The replaced versions in `db` as (kind, record, revision, reason, content).
fn replaced_versions(db: &Path) -> Vec<(String, String, i64, String, Value)> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT kind, record_id, revision, reason, content FROM replaced_versions \
             ORDER BY kind, record_id, revision",
        )
        .unwrap();
    stmt.query_map([], |r| {
        let content: String = r.get(4)?;
        let content = serde_json::from_str(&content).unwrap();
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, content))
    })
    .unwrap()
    .map(|r| r.unwrap())
    .collect()
}

/// The writer calls the member `replaced_versions`; bundles written before schema 7 call it
/// `history`, and such a bundle still imports with its replaced versions.
#[test]
fn a_bundle_whose_replaced_versions_are_called_history_imports_them() {
    let (mut a, out) = exported_sample();
    let (_b, from_b, _) = edited_on_team_laptop(&out);
    a.store
        .import_bundle_with(&from_b, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let kept = replaced_versions(&a.path());
    assert!(!kept.is_empty());
    let full = a.file("full.json");
    a.store.export_bundle(&full, None, &a.keys).unwrap();
    let written: Value = serde_json::from_slice(&std::fs::read(&full).unwrap()).unwrap();
    assert!(written["content"]["replaced_versions"].is_array());
    assert!(written["content"].get("history").is_none());

    let old = mutated(&full, |content| {
        let members = content.as_object_mut().unwrap();
        let replaced = members.remove("replaced_versions").unwrap();
        members.insert("history".into(), replaced);
    });
    let mut c = common::temp_store();
    let path = c.file("old.json");
    std::fs::write(&path, old).unwrap();
    c.store
        .import_bundle_with(&path, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert_eq!(replaced_versions(&c.path()), kept);
}

/// Checklists merge on two threads, in batches (`bundle/derive.rs`). A bundle of several batches
/// mixing new, newer, older and unchanged checklists must merge exactly as one thread would: the
/// right version of each, exact answer counts, and an unbroken edit history.
#[test]
fn a_merge_of_many_checklists_takes_each_winner_with_exact_counts() {
    use eom_core::demo::{MissionSpec, generate};
    let mut a = common::temp_store();
    let generated = generate(&MissionSpec {
        seed: 3,
        visits: 150,
        teams: 20,
        stations: 100,
        all_phases: true,
        problem_rate: 0.2,
    });
    assert!(generated.checklists.len() > 3 * 128, "several batches");
    let g = a.file("generated.json");
    eom_core::bundle::write_signed(&g, &generated, &a.keys, generated.exported_at).unwrap();
    a.store
        .import_bundle_with(&g, common::UNCHECKED, &mut |_, _| {})
        .unwrap();
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(&g, common::UNCHECKED, &mut |_, _| {})
        .unwrap();
    common::assert_counts_exact(&a.path());

    // B changes an answer in every other checklist; A changes a fifth of those twice, so A's
    // version of those is the newer one.
    let ids: Vec<_> = generated.checklists.iter().map(|c| c.meta.id).collect();
    let answer = |c: &eom_core::model::Checklist| c.answers.keys().next().unwrap().clone();
    let mut from_b = Vec::new();
    let mut kept_by_a = Vec::new();
    for (i, id) in ids.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let c = b.store.checklist(*id).unwrap();
        b.store
            .save_answer(*id, &answer(&c), Some(json!("not_observed")))
            .unwrap();
        if i % 10 == 0 {
            for _ in 0..2 {
                a.store
                    .save_answer(*id, &answer(&c), Some(json!("yes")))
                    .unwrap();
            }
            kept_by_a.push(*id);
        } else {
            from_b.push(*id);
        }
    }
    let out = b.file("b.json");
    b.store
        .export_bundle(&out, Some("T02".into()), &b.keys)
        .unwrap();
    let report = a
        .store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let counts = report
        .kinds
        .iter()
        .find(|(k, _)| k == "checklists")
        .unwrap()
        .1;
    assert_eq!(counts.updated, from_b.len());
    assert_eq!(counts.kept_local, kept_by_a.len());
    assert_eq!(counts.unchanged, ids.len() - from_b.len() - kept_by_a.len());
    for id in &from_b {
        assert_eq!(
            a.store.checklist(*id).unwrap(),
            b.store.checklist(*id).unwrap()
        );
    }
    for id in &kept_by_a {
        let c = a.store.checklist(*id).unwrap();
        assert_eq!(c.answers[&answer(&c)], json!("yes"));
    }
    common::assert_counts_exact(&a.path());
    let check = a.store.verify_history().unwrap();
    assert!(check.intact(), "{:?}", check.first_break);
}

/// Writes `bundle` (as JSON) next to the store and tries to import it; the database must not change.
fn refused(t: &mut common::TempStore, name: &str, bytes: &[u8]) -> Error {
    let path = t.file(name);
    std::fs::write(&path, bytes).unwrap();
    let before = common::dump(&t.path());
    let err = t
        .store
        .import_bundle_with(&path, common::TRUSTING, &mut |_, _| {})
        .unwrap_err();
    assert_eq!(
        before,
        common::dump(&t.path()),
        "{name} changed the database"
    );
    err
}

/// The bundle's content changed by `f` and signed again (by a key of its own), so that the checks
/// of the content itself are what refuses it, not the signature.
fn mutated(out: &Path, f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let v: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    let mut content = v["content"].clone();
    f(&mut content);
    let keys_dir = tempfile::tempdir().unwrap();
    let keys = eom_core::keys::Keys::open(keys_dir.path()).unwrap();
    eom_core::bundle::signed_envelope(
        &serde_json::to_vec(&content).unwrap(),
        &keys,
        eom_core::time::Timestamp::parse("2024-02-07T20:00:00Z").unwrap(),
    )
}

/// The answers a newer version replaces are uncounted under the template of the stored row, even
/// when the incoming version names another template.
#[test]
fn a_newer_version_under_another_template_keeps_the_counts_exact() {
    let (_a, out) = exported_sample();
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let bytes = mutated(&out, |content| {
        let c = content["checklists"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|c| c["template_id"] == "voting" && !c["answers"].as_object().unwrap().is_empty())
            .unwrap();
        c["revision"] = json!(c["revision"].as_i64().unwrap() + 1);
        c["template_id"] = json!("opening");
        c["phase"] = json!("opening");
        c["answers"] = json!({});
        // Signed by another key: from another device (the original's is bound to its own key).
        content["exported_by"]["device"] = json!(uuid::Uuid::now_v7().to_string());
    });
    let path = b.file("other-template.json");
    std::fs::write(&path, bytes).unwrap();
    let report = b
        .store
        .import_bundle_with(&path, common::UNCHECKED, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        report
            .kinds
            .iter()
            .find(|(k, _)| k == "checklists")
            .unwrap()
            .1
            .updated,
        1
    );
    common::assert_counts_exact(&b.path());
}

#[test]
fn bad_bundles_are_refused_with_a_clear_message_and_change_nothing() {
    let (_a, out) = exported_sample();
    let data = std::fs::read(&out).unwrap();
    let mut t = common::temp_store();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            data[..data.len() / 2].to_vec(),
            "truncated",
        ),
        ("empty.json", Vec::new(), "line 1"),
        (
            "not-json.json",
            b"PK\x03\x04 zip file".to_vec(),
            "not an EOM Reporter bundle",
        ),
        (
            "other-format.json",
            br#"{"format": "kobo", "format_version": 1}"#.to_vec(),
            "not an EOM Reporter bundle",
        ),
        (
            "newer.json",
            mutated(&out, |v| v["format_version"] = json!(FORMAT_VERSION + 1)),
            "newer than this program supports",
        ),
        (
            "missing-field.json",
            mutated(&out, |v| {
                v["visits"][0].as_object_mut().unwrap().remove("station_id");
            }),
            "station_id",
        ),
        (
            "wrong-type.json",
            mutated(&out, |v| v["visits"][0]["revision"] = json!("two")),
            "at `visits[0]`: invalid type: string \"two\"",
        ),
        (
            "missing-station.json",
            mutated(&out, |v| {
                v["visits"][0]["station_id"] = json!("0190d6a4-0000-7000-8000-000000000000")
            }),
            "refers to polling station",
        ),
        (
            "duplicate.json",
            mutated(&out, |v| {
                let first = v["visits"][0].clone();
                v["visits"].as_array_mut().unwrap().push(first);
            }),
            "appears twice",
        ),
        (
            "unknown-question.json",
            mutated(&out, |v| {
                v["checklists"][0]["answers"]["ZZ99"] = json!("yes")
            }),
            "ZZ99",
        ),
        (
            "zero-revision.json",
            mutated(&out, |v| v["stations"][0]["revision"] = json!(0)),
            "revision 0",
        ),
        (
            "bad-uuid.json",
            mutated(&out, |v| v["teams"][0]["id"] = json!("not-a-uuid")),
            "line 1",
        ),
    ];
    for (name, bytes, expected) in cases {
        let err = refused(&mut t, name, &bytes);
        let msg = err.to_string();
        assert!(msg.contains(expected), "{name}: `{msg}` lacks `{expected}`");
        assert!(
            msg.contains(name),
            "{name}: the message names the file: {msg}"
        );
    }
}

#[test]
fn a_bundle_for_another_mission_is_refused() {
    let (_a, out) = exported_sample();
    let mut t = common::temp_store();
    t.store
        .create_mission(eom_core::NewMission {
            name: "Other".into(),
            organisation: String::new(),
            country: "Georgia".into(),
            election_name: "Parliamentary".into(),
            election_date: chrono::NaiveDate::from_ymd_opt(2024, 10, 26).unwrap(),
            time_zone: "Asia/Tbilisi".into(),
            languages: vec!["en".into()],
            accreditation_ref: String::new(),
            candidates: vec![],
        })
        .unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let err = refused(&mut t, "sample.json", &bytes);
    assert!(matches!(err, Error::MissionConflict(_)));
    assert!(
        err.to_string().contains("this database holds \"Other\""),
        "{err}"
    );
}

#[test]
fn tampered_attachments_are_refused() {
    let mut a = common::sample_store();
    let v = a.store.visits(None).unwrap()[0].clone();
    a.store
        .attach(
            eom_core::model::AttachmentOwner::Visit,
            v.meta.id,
            None,
            "p.jpg",
            vec![0xFF, 0xD8, 0xFF],
        )
        .unwrap();
    let out = a.file("with-photo.json");
    a.store.export_bundle(&out, None, &a.keys).unwrap();
    let mut t = common::temp_store();
    let bytes = mutated(&out, |v| v["attachments"][0]["data"] = json!("BAUG"));
    let err = refused(&mut t, "tampered.json", &bytes);
    assert!(
        err.to_string().contains("does not match its SHA-256"),
        "{err}"
    );
    // The untampered one imports, bytes intact.
    t.store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert_eq!(
        t.store.attachments_of(v.meta.id).unwrap()[0].data,
        vec![0xFF, 0xD8, 0xFF]
    );
}

#[test]
fn the_preview_changes_nothing() {
    let (_a, out) = exported_sample();
    let mut t = common::temp_store();
    let before = common::dump(&t.path());
    let preview = t.store.preview_bundle_with(&out, common::TRUSTING).unwrap();
    assert!(!preview.applied);
    assert_eq!(
        preview
            .kinds
            .iter()
            .find(|(k, _)| k == "visits")
            .unwrap()
            .1
            .added,
        42,
        "the sample's 40 visits to polling stations and 2 to commissions"
    );
    assert_eq!(before, common::dump(&t.path()));
}

#[test]
fn real_exports_match_the_json_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/bundle.schema.json");
    let schema: Value = serde_json::from_slice(&std::fs::read(schema_path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let (mut a, out) = exported_sample();
    // Give the export every record kind: an attachment, a tombstone and merge history.
    let v = a.store.visits(None).unwrap();
    a.store
        .attach(
            eom_core::model::AttachmentOwner::Visit,
            v[0].meta.id,
            None,
            "p.png",
            b"\x89PNG\r\n\x1A\n\0\0".to_vec(),
        )
        .unwrap();
    a.store.delete_visit(v[1].meta.id).unwrap();
    let mut b = common::temp_store();
    b.store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let edited = a.file("edited.json");
    a.store.export_bundle(&edited, None, &a.keys).unwrap();
    b.store
        .import_bundle_with(&edited, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let full = b.file("full.json");
    b.store.export_bundle(&full, None, &b.keys).unwrap();
    for path in [&out, &edited, &full] {
        let instance: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        assert!(instance["signature"]["signature"].is_string());
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(5)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        assert!(
            validator
                .validate(&json!({"format": "eom-bundle"}))
                .is_err(),
            "the schema rejects an incomplete bundle"
        );
    }
    let b = read_bundle(&full).unwrap();
    assert!(!b.replaced_versions.is_empty());
}
