//! Rotating backups: taken before imports, on demand and hourly; kept to the configured number;
//! listed without opening the database; restored over a healthy or a broken database.

mod common;

use std::path::Path;

use eom_core::time::Timestamp;
use eom_core::{BackupReason, Error, ErrorCode, OpenOptions, Passphrase, Store, backup};

fn at(s: &str) -> Timestamp {
    Timestamp::parse(s).unwrap()
}

fn open(path: &Path, options: &OpenOptions) -> Store {
    Store::open_with_options_and_clock(path, options, common::clock()).unwrap()
}

#[test]
fn imports_are_preceded_by_a_checked_backup() {
    let mut t = common::sample_store();
    // The sample was loaded into an empty database: nothing to back up then.
    assert!(t.store.backups().unwrap().is_empty());
    let csv = t.file("stations.csv");
    std::fs::write(&csv, "code,name,region\n9001,New school,Baku\n").unwrap();
    t.store
        .import_stations_csv(&csv, false, &mut |_, _| {})
        .unwrap();
    let list = t.store.backups().unwrap();
    assert_eq!(list.len(), 1);
    let b = &list[0];
    assert_eq!(b.reason, BackupReason::Import);
    assert!(b.ok && b.size > 0);
    assert!(b.id.ends_with("-import"), "{}", b.id);
    assert_eq!(b.path.parent().unwrap(), t.dir.path().join("backups"));
    backup::quick_check(&b.path, None).unwrap();
    // The backup holds the database as it was before the import.
    let backed_up = common::dump(&b.path);
    assert!(!backed_up.iter().any(|r| r.contains("New school")));
    assert!(
        common::dump(&t.path())
            .iter()
            .any(|r| r.contains("New school"))
    );

    // A bundle import backs up too.
    let bundle = t.file("b.json");
    t.store.export_bundle(&bundle, None, &t.keys).unwrap();
    t.store
        .import_bundle_with(&bundle, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert_eq!(t.store.backups().unwrap().len(), 2);
    // A refused station list takes no backup.
    std::fs::write(&csv, "code,setting\n1,suburban\n").unwrap();
    assert!(
        t.store
            .import_stations_csv(&csv, false, &mut |_, _| {})
            .is_err()
    );
    assert_eq!(t.store.backups().unwrap().len(), 2);
}

#[test]
fn only_the_configured_number_of_backups_is_kept() {
    let mut t = common::sample_store();
    assert_eq!(t.store.backup_keep().unwrap(), 10);
    for _ in 0..12 {
        t.store.backup(BackupReason::Manual).unwrap();
    }
    assert_eq!(t.store.backups().unwrap().len(), 10);
    t.store.set_backup_keep(3).unwrap();
    assert_eq!(t.store.backup_keep().unwrap(), 3);
    let newest = t.store.backup(BackupReason::Manual).unwrap();
    let list = t.store.backups().unwrap();
    assert_eq!(list.len(), 3);
    // Newest first, and the newest is the one just taken.
    assert_eq!(list[0], newest);
    assert!(list.windows(2).all(|w| w[0].taken_at > w[1].taken_at));

    let err = t.store.set_backup_keep(0).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("between 1 and 1000"), "{err}");
    assert_eq!(t.store.backup_keep().unwrap(), 3);
}

#[test]
fn hourly_backups_are_taken_only_when_due() {
    let mut t = common::sample_store();
    let first = t
        .store
        .backup_if_due(at("2024-02-07T08:00:00Z"))
        .unwrap()
        .expect("no backup yet: due");
    assert_eq!(first.reason, BackupReason::Hourly);
    assert_eq!(first.id, "20240207T080000.000Z-hourly");
    assert!(
        t.store
            .backup_if_due(at("2024-02-07T08:59:59Z"))
            .unwrap()
            .is_none()
    );
    let second = t.store.backup_if_due(at("2024-02-07T09:00:00Z")).unwrap();
    assert_eq!(second.unwrap().id, "20240207T090000.000Z-hourly");
    // Two backups in the same millisecond do not overwrite each other.
    let a = t.store.backup(BackupReason::Start).unwrap();
    let b = t.store.backup(BackupReason::Start).unwrap();
    assert_ne!(a.id, b.id);
}

#[test]
fn restore_puts_the_backup_back_and_keeps_the_current_file() {
    let mut t = common::sample_store();
    let path = t.path();
    let chosen = t.store.backup(BackupReason::Manual).unwrap();
    let before = common::dump(&path);
    t.store.save_team("T77", "Added after the backup").unwrap();
    let after = common::dump(&path);
    drop(t.store);

    let restored = backup::restore(
        &path,
        &chosen.id,
        &OpenOptions::default(),
        at("2024-02-08T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(restored.id, chosen.id);
    assert_eq!(common::dump(&path), before);
    // The database as it was just before the restore is itself a backup.
    let list = backup::list(&path).unwrap();
    let kept = list
        .iter()
        .find(|b| b.reason == BackupReason::Restore)
        .expect("a restore backup");
    assert_eq!(common::dump(&kept.path), after);
    // And it opens and works.
    let store = Store::open(&path).unwrap();
    assert!(store.teams().unwrap().iter().all(|t| t.code != "T77"));

    let err = backup::restore(
        &path,
        "20000101T000000.000Z-start",
        &OpenOptions::default(),
        at("2024-02-08T00:00:00Z"),
    )
    .unwrap_err();
    assert!(
        matches!(err, Error::NotFound { kind: "backup", .. }),
        "{err}"
    );
}

#[test]
fn a_database_that_will_not_open_can_be_restored() {
    let mut t = common::sample_store();
    let path = t.path();
    let good = t.store.backup(BackupReason::Manual).unwrap();
    let before = common::dump(&path);
    drop(t.store);
    // Garbage over the database: it no longer opens.
    std::fs::write(&path, [0x5au8; 8192]).unwrap();
    assert!(Store::open(&path).is_err());

    // The app lists backups from the path alone.
    let list = backup::list(&path).unwrap();
    assert_eq!(list[0].id, good.id);
    backup::restore(
        &path,
        &good.id,
        &OpenOptions::default(),
        at("2024-02-08T00:00:00Z"),
    )
    .unwrap();
    assert_eq!(common::dump(&path), before);
    // The broken file was moved aside, not deleted.
    let aside: Vec<String> = std::fs::read_dir(t.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".broken-"))
        .collect();
    assert_eq!(aside, ["mission.eom.broken-20240208T000000.000Z"]);
}

#[test]
fn encrypted_backups_need_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    let options = OpenOptions {
        passphrase: Some(Passphrase::new("seized laptop").unwrap()),
        ..Default::default()
    };
    let mut store = open(&path, &options);
    eom_core::demo::load_sample(&mut store).unwrap();
    let b = store.backup(BackupReason::Start).unwrap();
    store.save_team("T77", "later").unwrap();
    drop(store);
    assert_eq!(
        backup::quick_check(&b.path, None).unwrap_err().code(),
        ErrorCode::PassphraseRequired
    );
    let before = std::fs::read(&path).unwrap();
    let wrong = OpenOptions {
        passphrase: Some(Passphrase::new("guess").unwrap()),
        ..Default::default()
    };
    let err = backup::restore(&path, &b.id, &wrong, at("2024-02-08T00:00:00Z")).unwrap_err();
    assert_eq!(err.code(), ErrorCode::WrongPassphrase, "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(backup::list(&path).unwrap().len(), 1);

    backup::restore(&path, &b.id, &options, at("2024-02-08T00:00:00Z")).unwrap();
    let store = open(&path, &options);
    assert!(store.teams().unwrap().iter().all(|t| t.code != "T77"));
}

#[test]
fn listing_ignores_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    assert!(backup::list(&path).unwrap().is_empty());
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    for name in [
        "other.eom.20240207T080000.000Z-start",
        "mission.eom.20240207T080000.000Z-start.partial",
        "mission.eom.notes.txt",
        "mission.eom.20240207T080000.000Z-sideways",
    ] {
        std::fs::write(backups.join(name), b"x").unwrap();
    }
    std::fs::write(
        backups.join("mission.eom.20240207T090000.000Z-hourly.failed"),
        b"x",
    )
    .unwrap();
    let list = backup::list(&path).unwrap();
    assert_eq!(list.len(), 1);
    assert!(!list[0].ok);
    let err = backup::restore(
        &path,
        &list[0].id,
        &OpenOptions::default(),
        at("2024-02-08T00:00:00Z"),
    )
    .unwrap_err();
    assert!(err.to_string().contains("failed its check"), "{err}");
}

/// A plaintext database whose header SQLite cannot read is reported as damaged (with what to do),
/// not as an encrypted one that needs a passphrase; its backup restores it.
#[test]
fn a_damaged_plain_database_is_reported_as_damaged_and_restored_from_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mission.eom");
    let mut store = open(&path, &OpenOptions::default());
    eom_core::demo::load_sample(&mut store).unwrap();
    let b = store.backup(BackupReason::Start).unwrap();
    drop(store);
    // Keep "SQLite format 3\0", break the page size and the format bytes after it.
    let mut bytes = std::fs::read(&path).unwrap();
    bytes[16..24].fill(0xff);
    std::fs::write(&path, &bytes).unwrap();

    let err = match eom_core::Store::open(&path) {
        Err(e) => e,
        Ok(_) => panic!("a damaged file opened"),
    };
    assert_eq!(err.code(), ErrorCode::Database);
    let message = err.to_string();
    assert!(message.contains("is damaged"), "{message}");
    assert!(message.contains("eom backup restore"), "{message}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "nothing written");

    backup::restore(
        &path,
        &b.id,
        &OpenOptions::default(),
        eom_core::time::Timestamp::parse("2024-02-07T05:00:00Z").unwrap(),
    )
    .unwrap();
    let store = eom_core::Store::open(&path).unwrap();
    assert!(store.mission_opt().unwrap().is_some());
}
