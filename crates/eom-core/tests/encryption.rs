//! Encryption at rest: databases created encrypted, wrong and missing passphrases, conversion to
//! and from plaintext. On real files in temporary folders.

mod common;

use std::path::Path;
use std::sync::Arc;

use eom_core::model::Phase;
use eom_core::templates::QuestionRole;
use eom_core::time::Timestamp;
use eom_core::{
    Error, ErrorCode, NewVisit, OpenOptions, Passphrase, Store, encryption, encryption::Files,
};
use serde_json::json;

const KNOWN_ANSWER: &str = "Ballot box seal number 4471-KNOWN was broken";
const PASS: &str = "correct horse battery staple";

fn options(pass: &str) -> OpenOptions {
    OpenOptions {
        passphrase: Some(Passphrase::new(pass).unwrap()),
        ..Default::default()
    }
}

fn open(path: &Path, pass: Option<&str>) -> eom_core::Result<Store> {
    let opts = pass.map(options).unwrap_or_default();
    Store::open_with_options_and_clock(path, &opts, common::clock())
}

/// A mission with one voting checklist whose explanation is `KNOWN_ANSWER`.
fn fill(store: &mut Store) {
    store
        .create_mission(common::new_mission("Delegation"))
        .unwrap();
    let team = store.save_team("T01", "Baku").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("stations.csv");
    std::fs::write(&csv, "code,name,region\n001,School 1,Baku\n").unwrap();
    store
        .import_stations_csv(&csv, false, &mut |_, _| {})
        .unwrap();
    let station = store.station_by_code("001").unwrap();
    let visit = store
        .start_visit(NewVisit {
            team_id: team.meta.id,
            station_id: station.meta.id,
            arrival_at: Timestamp::parse("2024-02-07T06:00:00Z").unwrap(),
            phases: vec![Phase::Voting],
            observer_ids: vec![],
            close_current_visit_at: None,
        })
        .unwrap();
    let c = store
        .start_or_resume_checklist(visit.meta.id, "voting")
        .unwrap();
    let tpl = store.template("voting", c.template_version).unwrap();
    let explanation = tpl
        .with_role(QuestionRole::AssessmentExplanation)
        .unwrap()
        .code
        .clone();
    store
        .save_answer(c.meta.id, &explanation, Some(json!(KNOWN_ANSWER)))
        .unwrap();
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

fn file_holds(path: &Path, needle: &str) -> bool {
    std::fs::read(path).is_ok_and(|b| contains(&b, needle))
}

fn wal(path: &Path) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push("-wal");
    s.into()
}

#[test]
fn an_encrypted_file_holds_no_plaintext_of_an_answer() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    let mut store = open(&path, Some(PASS)).unwrap();
    assert!(store.is_encrypted());
    fill(&mut store);
    // While open, recent pages are in the WAL: it must be encrypted too.
    assert!(std::fs::metadata(wal(&path)).unwrap().len() > 0);
    assert!(!file_holds(&wal(&path), KNOWN_ANSWER));
    assert!(!file_holds(&path, KNOWN_ANSWER));
    assert!(!file_holds(&wal(&path), "Delegation"));
    // The backup taken before the station import is encrypted as well.
    let backups = store.backups().unwrap();
    assert!(!backups.is_empty());
    store.backup(eom_core::BackupReason::Manual).unwrap();
    for b in store.backups().unwrap() {
        assert!(!file_holds(&b.path, KNOWN_ANSWER), "{}", b.path.display());
        assert!(
            !file_holds(&b.path, "SQLite format 3"),
            "{}",
            b.path.display()
        );
    }
    drop(store);
    // Closed: everything checkpointed into the main file.
    let bytes = std::fs::read(&path).unwrap();
    assert!(!contains(&bytes, KNOWN_ANSWER));
    assert!(!contains(&bytes, "SQLite format 3"));
    assert!(!contains(&bytes, "CREATE TABLE"));
    if let Ok(w) = std::fs::read(wal(&path)) {
        assert!(!contains(&w, KNOWN_ANSWER));
    }

    // The same test on a plaintext database finds the answer: the search itself works.
    let plain = dir.path().join("plain.eom");
    let mut p = open(&plain, None).unwrap();
    fill(&mut p);
    drop(p);
    assert!(file_holds(&plain, KNOWN_ANSWER));

    // And the encrypted database reads back with its passphrase.
    assert!(contains(
        common::dump_keyed(&path, Some(PASS)).join("\n").as_bytes(),
        KNOWN_ANSWER
    ));
}

#[test]
fn a_wrong_passphrase_is_a_clear_error_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    fill(&mut open(&path, Some(PASS)).unwrap());
    let before = std::fs::read(&path).unwrap();
    let before_dump = common::dump_keyed(&path, Some(PASS));

    let err = open(&path, Some("wrong horse")).err().unwrap();
    assert!(matches!(err, Error::WrongPassphrase { .. }), "{err}");
    assert_eq!(err.code(), ErrorCode::WrongPassphrase);
    let msg = err.to_string();
    assert!(
        msg.contains("the passphrase does not open this database"),
        "{msg}"
    );
    assert!(msg.contains("mission.eom"), "{msg}");

    let err = open(&path, None).err().unwrap();
    assert_eq!(err.code(), ErrorCode::PassphraseRequired);
    assert!(err.to_string().contains("is encrypted"), "{err}");

    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(common::dump_keyed(&path, Some(PASS)), before_dump);
    assert!(open(&path, Some(PASS)).is_ok());
}

#[test]
fn a_passphrase_for_a_plaintext_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    fill(&mut open(&path, None).unwrap());
    let err = open(&path, Some(PASS)).err().unwrap();
    assert!(matches!(err, Error::NotEncrypted { .. }), "{err}");
    assert!(err.to_string().contains("is not encrypted"));
}

#[test]
fn empty_passphrases_are_refused() {
    assert!(Passphrase::new("").is_err());
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pass");
    std::fs::write(&f, "\n").unwrap();
    let err = Passphrase::from_file(&f).unwrap_err().to_string();
    assert!(err.contains("pass") && err.contains("empty"), "{err}");
    std::fs::write(&f, "two words\r\n").unwrap();
    assert_eq!(
        Passphrase::from_file(&f).unwrap(),
        Passphrase::new("two words").unwrap()
    );
    std::fs::write(&f, "keeps inner\nlines\n\n").unwrap();
    assert_eq!(
        Passphrase::from_file(&f).unwrap(),
        Passphrase::new("keeps inner\nlines\n").unwrap()
    );
}

#[test]
fn encrypt_then_decrypt_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    {
        let mut store = open(&path, None).unwrap();
        eom_core::demo::load_sample(&mut store).unwrap();
        fill_extra(&mut store);
        store.backup(eom_core::BackupReason::Manual).unwrap();
    }
    let original = common::dump(&path);
    assert!(file_holds(&path, "Extra area"));

    let pass = Passphrase::new(PASS).unwrap();
    let report = encryption::encrypt(Files::db(&path), &pass, &mut |_, _| {}).unwrap();
    assert!(report.encrypted);
    assert_eq!(report.backups_converted, 1);
    assert_eq!(common::dump_keyed(&path, Some(PASS)), original);
    assert!(!file_holds(&path, "SQLite format 3"));
    let backups = eom_core::backup::list(&path).unwrap();
    assert!(!file_holds(&backups[0].path, "SQLite format 3"));
    // No converted or kept-aside file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["backups", "mission.eom"]);
    assert!(matches!(
        open(&path, None).err().unwrap(),
        Error::PassphraseRequired { .. }
    ));
    // The encrypted database works: open, migrate nothing, read.
    let store = open(&path, Some(PASS)).unwrap();
    assert!(store.mission_opt().unwrap().is_some());
    drop(store);

    let other = Passphrase::new("another one").unwrap();
    encryption::rekey(Files::db(&path), &pass, &other, &mut |_, _| {}).unwrap();
    assert!(matches!(
        open(&path, Some(PASS)).err().unwrap(),
        Error::WrongPassphrase { .. }
    ));
    assert_eq!(common::dump_keyed(&path, Some("another one")), original);

    let report = encryption::decrypt(Files::db(&path), &other, &mut |_, _| {}).unwrap();
    assert!(!report.encrypted);
    assert_eq!(common::dump(&path), original);
    assert!(file_holds(&path, "SQLite format 3"));
    // The backup follows the key: it restores with the database's (now no) passphrase.
    eom_core::backup::quick_check(&backups[0].path, None).unwrap();
}

fn fill_extra(store: &mut Store) {
    store.save_team("T99", "Extra area").unwrap();
}

#[test]
fn conversions_refuse_wrong_states_and_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    fill(&mut open(&path, Some(PASS)).unwrap());
    let before = std::fs::read(&path).unwrap();
    let pass = Passphrase::new(PASS).unwrap();
    let wrong = Passphrase::new("nope").unwrap();
    // Encrypting an encrypted file, decrypting with the wrong passphrase.
    assert_eq!(
        encryption::encrypt(Files::db(&path), &pass, &mut |_, _| {})
            .unwrap_err()
            .code(),
        ErrorCode::PassphraseRequired
    );
    assert_eq!(
        encryption::decrypt(Files::db(&path), &wrong, &mut |_, _| {})
            .unwrap_err()
            .code(),
        ErrorCode::WrongPassphrase
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // A missing file is not created.
    let missing = dir.path().join("none.eom");
    assert_eq!(
        encryption::encrypt(Files::db(&missing), &pass, &mut |_, _| {})
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert!(!missing.exists());
}

#[test]
fn this_build_has_sqlcipher() {
    // Every open checks `PRAGMA cipher_version`; in-memory stores too.
    Store::open_in_memory(Arc::new(eom_core::time::SystemClock)).unwrap();
    let conn = rusqlite::Connection::open_in_memory().unwrap();
    let v: String = conn
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(!v.is_empty());
}

#[test]
fn the_signing_key_follows_the_database_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    let keys_dir = dir.path().join("keys");
    fill(&mut open(&path, None).unwrap());
    let plain = eom_core::keys::Keys::open(&keys_dir).unwrap();
    let key_file = plain.path().to_path_buf();
    let files = Files {
        db: &path,
        key_dir: Some(&keys_dir),
    };
    let pass = Passphrase::new(PASS).unwrap();
    let mut steps = vec![];
    let report =
        encryption::encrypt(files, &pass, &mut |done, total| steps.push((done, total))).unwrap();
    assert_eq!(report.key_sealed, Some(true));
    // The copy, its check, each backup and the key: every step reported, in order.
    let total = 3 + report.backups_converted as u64;
    assert_eq!(steps, (0..=total).map(|d| (d, total)).collect::<Vec<_>>());

    // A copy of the data folder without the passphrase yields neither answers nor the key.
    assert!(!contains(&std::fs::read(&path).unwrap(), KNOWN_ANSWER));
    let e = eom_core::keys::Keys::open(&keys_dir).unwrap_err();
    assert_eq!(e.code(), ErrorCode::PassphraseRequired, "{e}");
    let sealed = eom_core::keys::Keys::open_with(&keys_dir, Some(&pass)).unwrap();
    assert_eq!(sealed.public(), plain.public());

    let other = Passphrase::new("another one").unwrap();
    encryption::rekey(files, &pass, &other, &mut |_, _| {}).unwrap();
    let e = eom_core::keys::Keys::open_with(&keys_dir, Some(&pass)).unwrap_err();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase, "{e}");
    assert!(eom_core::keys::Keys::open_with(&keys_dir, Some(&other)).is_ok());

    // A wrong passphrase stops the conversion before anything changes, the key included.
    let db_before = std::fs::read(&path).unwrap();
    let key_before = std::fs::read(&key_file).unwrap();
    let e = encryption::decrypt(files, &pass, &mut |_, _| {}).unwrap_err();
    assert_eq!(e.code(), ErrorCode::WrongPassphrase, "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), db_before);
    assert_eq!(std::fs::read(&key_file).unwrap(), key_before);

    let report = encryption::decrypt(files, &other, &mut |_, _| {}).unwrap();
    assert_eq!(report.key_sealed, Some(false));
    let k = eom_core::keys::Keys::open(&keys_dir).unwrap();
    assert!(!k.is_sealed());
    assert_eq!(k.public(), plain.public());
}
