//! What the app shell and the CLI ask the library in one call each, so that neither holds a rule:
//! the station list's preview (with the size limit), attaching a file (size limit, media type from
//! the bytes), the start-up backup, and a bundle's verdict.

mod common;

use eom_core::limits::{MAX_ATTACHMENT_BYTES, MAX_STATIONS_CSV_BYTES};
use eom_core::model::AttachmentOwner;
use eom_core::stations_csv::{StationsPreview, preview};
use eom_core::time::Timestamp;
use eom_core::{BackupReason, Error, ErrorCode, LineError};
use serde_json::json;

#[test]
fn a_station_list_is_previewed_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stations.csv");
    let mut csv = String::from("code;name;region;registered_voters\n");
    for i in 1..=7 {
        csv.push_str(&format!("{i:03};School {i};North;{}\n", 100 * i));
    }
    csv.push_str("008;Bad line;North;many\n");
    std::fs::write(&path, csv).unwrap();
    let p = preview(&path).unwrap();
    assert_eq!(
        p,
        StationsPreview {
            file_name: "stations.csv".into(),
            rows: 7,
            mapping: p.mapping.clone(),
            errors: vec![LineError {
                line: 9,
                column: Some("registered_voters".into()),
                message: p.errors[0].message.clone(),
            }],
            sample: (1..=5)
                .map(|i| (format!("{i:03}"), format!("School {i}"), "North".into()))
                .collect(),
        }
    );
    assert!(
        p.mapping.contains(&("name".into(), "name".into())),
        "{:?}",
        p.mapping
    );
    assert!(p.mapping.iter().any(|(column, _)| column == "region"));
}

#[test]
fn a_station_list_above_the_limit_is_not_previewed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("enormous.csv");
    // Sparse: the size is checked before anything is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_STATIONS_CSV_BYTES + 1)
        .unwrap();
    let err = preview(&path).unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    assert_eq!(err.code(), ErrorCode::InvalidFile);
    let msg = err.to_string();
    assert!(
        msg.contains("enormous.csv")
            && msg.contains("station list")
            && msg.contains(&MAX_STATIONS_CSV_BYTES.to_string()),
        "{msg}"
    );
    // At the limit it is read (and, all zeros, is one invalid line or none: not an error).
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_STATIONS_CSV_BYTES)
        .unwrap();
    assert!(preview(&path).is_ok());
}

#[test]
fn a_file_is_attached_by_its_bytes_and_refused_above_the_limit() {
    let mut t = common::sample_store();
    let visit = t.store.visits(None).unwrap()[0].meta.id;
    let count = |t: &common::TempStore| t.store.attachments_of(visit).unwrap().len();
    let before = count(&t);

    // Named like a document, but the bytes are a PNG.
    let photo = t.file("protocol.pdf");
    std::fs::write(&photo, b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR and the rest").unwrap();
    let a = t
        .store
        .attach_file(AttachmentOwner::Visit, visit, None, &photo)
        .unwrap();
    assert_eq!(a.file_name, "protocol.pdf");
    assert_eq!(a.media_type, "image/png");
    assert_eq!(a.size, std::fs::metadata(&photo).unwrap().len());
    assert_eq!(count(&t), before + 1);

    let text = t.file("photo.jpg");
    std::fs::write(&text, "not a photo").unwrap();
    let err = t
        .store
        .attach_file(AttachmentOwner::Visit, visit, None, &text)
        .unwrap_err();
    assert!(err.to_string().contains("photo.jpg"), "{err}");

    let huge = t.file("huge.jpg");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(MAX_ATTACHMENT_BYTES + 1)
        .unwrap();
    let err = t
        .store
        .attach_file(AttachmentOwner::Visit, visit, None, &huge)
        .unwrap_err();
    assert!(matches!(err, Error::TooLarge { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("huge.jpg") && msg.contains(&MAX_ATTACHMENT_BYTES.to_string()),
        "{msg}"
    );
    assert_eq!(count(&t), before + 1, "nothing more was attached");
}

#[test]
fn the_start_up_backup_is_taken_only_when_there_is_a_mission() {
    let mut t = common::temp_store();
    assert!(t.store.backup_at_start().unwrap().is_none());
    assert!(t.store.backups().unwrap().is_empty());
    eom_core::demo::load_sample(&mut t.store).unwrap();
    let taken = t
        .store
        .backup_at_start()
        .unwrap()
        .expect("a mission: backed up");
    assert_eq!(taken.reason, BackupReason::Start);
    assert!(taken.ok);
    let listed = t.store.backups().unwrap();
    assert!(listed.iter().any(|b| b.id == taken.id), "{listed:?}");
}

#[test]
fn a_bundle_verdict_is_unsigned_then_broken_history_then_valid() {
    let mut t = common::sample_store();
    let signed = t.file("signed.json");
    t.store.export_bundle(&signed, None, &t.keys).unwrap();
    let v = t.store.verify_bundle(&signed).unwrap();
    assert_eq!(v.verdict(), Ok(()));
    assert!(v.valid);

    let envelope: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&signed).unwrap()).unwrap();
    let content = envelope["content"].clone();
    // The envelope without its signature.
    let without_signature = |content: &serde_json::Value| {
        let mut e = envelope.clone();
        e["content"] = content.clone();
        e.as_object_mut().unwrap().remove("signature");
        serde_json::to_vec(&e).unwrap()
    };
    let unsigned = t.file("unsigned.json");
    std::fs::write(&unsigned, without_signature(&content)).unwrap();
    let v = t.store.verify_bundle(&unsigned).unwrap();
    assert_eq!(v.verdict(), Err(ErrorCode::Unsigned));
    assert!(!v.valid);

    // A rewritten history, signed again by whoever rewrote it.
    let mut forged_content = content.clone();
    forged_content["edit_history"][2]["action"] = json!("created");
    let forger = eom_core::keys::Keys::open(&t.dir.path().join("forger")).unwrap();
    let forged = t.file("forged.json");
    std::fs::write(
        &forged,
        eom_core::bundle::signed_envelope(
            &serde_json::to_vec(&forged_content).unwrap(),
            &forger,
            Timestamp::parse("2024-02-08T00:00:00Z").unwrap(),
        ),
    )
    .unwrap();
    let v = t.store.verify_bundle(&forged).unwrap();
    assert_eq!(v.verdict(), Err(ErrorCode::HistoryBroken));
    assert!(!v.valid);
    // Without a signature, "unsigned" is the verdict even when the history is broken too.
    std::fs::write(&unsigned, without_signature(&forged_content)).unwrap();
    let v = t.store.verify_bundle(&unsigned).unwrap();
    assert_eq!(v.verdict(), Err(ErrorCode::Unsigned));
}

#[test]
fn the_passphrase_hint_counts_the_missions_words_against_it() {
    let t = common::sample_store();
    let mission = t.store.mission().unwrap();
    let words = format!("{}{}", mission.name, mission.country).replace(' ', "");
    let alone = eom_core::strength::for_mission(&words, None);
    let known = eom_core::strength::for_mission(&words, Some(&mission));
    assert!(known.score <= alone.score, "{known:?} vs {alone:?}");
    assert_eq!(alone, eom_core::strength::passphrase_strength(&words, &[]));
}
