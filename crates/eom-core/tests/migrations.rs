//! Opening a database written by an earlier schema: the data comes through unchanged, the
//! statistics agree, and a backup of the old file is taken first.

mod common;

use common::*;
use eom_core::Store;
use eom_core::backup::{self, BackupReason};

/// Turns a current database back into schema 2, as the builds of 28 Nov 2026 wrote it: answers
/// carried their checklist's template id and a foreign key to the checklist, and trusted keys had
/// no role (schema 4), checklist rows no members present (schema 6), and the replaced versions
/// were in a table called `history` (schema 7).
/// The sample as a schema-2 database could hold it: no place is a commission (schema 5 added them).
fn sample_before_commissions() -> common::TempStore {
    let t = sample_store();
    rusqlite::Connection::open(t.path())
        .unwrap()
        .execute("UPDATE stations SET kind = 'station'", [])
        .unwrap();
    t
}

/// Each checklist's stored figures (schema 6), the lines of `figure_answers` sorted.
type Figures = (
    String,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Vec<String>,
);

fn checklist_figures(path: &std::path::Path) -> Vec<Figures> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT id, members_present, members_women, answers_shown, answers_not_observed, \
             figure_answers FROM checklists ORDER BY id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let lines: Option<String> = r.get(5)?;
            let mut lines: Vec<String> = lines
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect();
            lines.sort();
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, lines))
        })
        .unwrap();
    let figures: Vec<Figures> = rows.map(Result::unwrap).collect();
    assert!(
        figures.iter().any(|f| !f.5.is_empty()),
        "figure answers stored"
    );
    figures
}

fn downgrade_to_schema_2(path: &std::path::Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "BEGIN;
         CREATE TABLE answers_v2 (
             checklist_seq INTEGER NOT NULL REFERENCES checklists(seq) ON DELETE CASCADE,
             code          TEXT NOT NULL,
             template_id   TEXT NOT NULL,
             value         TEXT NOT NULL,
             shown         INTEGER NOT NULL DEFAULT 1,
             PRIMARY KEY (checklist_seq, code)
         ) WITHOUT ROWID;
         INSERT INTO answers_v2 SELECT a.checklist_seq, a.code, c.template_id, a.value, a.shown
             FROM answers a JOIN checklists c ON c.seq = a.checklist_seq;
         DROP TABLE answers;
         ALTER TABLE answers_v2 RENAME TO answers;
         DROP TABLE key_devices;
         CREATE TABLE trusted_keys_v2 (
             fingerprint TEXT PRIMARY KEY,
             public_key  TEXT,
             name        TEXT NOT NULL,
             trusted_at  TEXT NOT NULL
         ) WITHOUT ROWID;
         INSERT INTO trusted_keys_v2 SELECT fingerprint, public_key, name, trusted_at FROM trusted_keys;
         DROP TABLE trusted_keys;
         ALTER TABLE trusted_keys_v2 RENAME TO trusted_keys;
         ALTER TABLE stations DROP COLUMN kind;
         ALTER TABLE checklists DROP COLUMN members_present;
         ALTER TABLE checklists DROP COLUMN members_women;
         ALTER TABLE checklists DROP COLUMN answers_shown;
         ALTER TABLE checklists DROP COLUMN answers_not_observed;
         ALTER TABLE checklists DROP COLUMN figure_answers;
         ALTER TABLE replaced_versions RENAME TO history;
         PRAGMA user_version = 2;
         COMMIT;",
    )
    .unwrap();
}

#[test]
fn a_schema_2_database_opens_with_its_answers_and_statistics_intact() {
    let mut t = sample_before_commissions();
    let path = t.path();
    let before = dump_records(&path);
    let stats_before = stats_json(&mut t.store);
    // Schema 6 fills each checklist's members present from its answers: the pairs must be there.
    assert!(stats_before["women"]["members_present"].as_u64() > Some(0));
    let figures_before = checklist_figures(&path);
    let one_team = eom_core::stats::StatsFilter {
        team: Some("T01".into()),
        ..Default::default()
    };
    let team_before = serde_json::to_value(t.store.statistics(&one_team).unwrap()).unwrap();
    assert!(
        team_before["problems"]
            .as_array()
            .is_some_and(|p| !p.is_empty())
    );
    drop(t.store);
    downgrade_to_schema_2(&path);
    let answers_v2: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .query_row("SELECT count(*) FROM answers", [], |r| r.get(0))
        .unwrap();
    assert!(answers_v2 > 500, "the sample mission has answers");

    let mut store = Store::open_with_clock(&path, clock()).unwrap();
    let version: i64 = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, eom_core::db::SCHEMA_VERSION);
    assert_eq!(
        dump_records(&path),
        before,
        "the migration changed the data"
    );
    assert_eq!(stats_json(&mut store), stats_before);
    assert_counts_exact(&path);
    // The SQL that filled the figures of schema 6 derives what the library derives.
    assert_eq!(checklist_figures(&path), figures_before);
    assert_eq!(
        serde_json::to_value(store.statistics(&one_team).unwrap()).unwrap(),
        team_before
    );

    // The old file was copied before anything changed, and the copy is still schema 2.
    let backups = backup::list(&path).unwrap();
    let taken = backups
        .iter()
        .find(|b| b.reason == BackupReason::Migration)
        .expect("a migration backup");
    let copy = rusqlite::Connection::open(&taken.path).unwrap();
    let version: i64 = copy
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, 2);
    let has_template_id: i64 = copy
        .query_row(
            "SELECT count(*) FROM pragma_table_info('answers') WHERE name = 'template_id'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(has_template_id, 1);
}

#[test]
fn answers_saved_after_the_migration_are_counted_under_their_checklist_template() {
    let mut t = sample_before_commissions();
    let path = t.path();
    drop(t.store);
    downgrade_to_schema_2(&path);
    t.store = Store::open_with_clock(&path, clock()).unwrap();
    let visit = t.store.visits(None).unwrap()[0].meta.id;
    let checklist = t.store.start_or_resume_checklist(visit, "voting").unwrap();
    t.store
        .save_answer(checklist.meta.id, "V02", Some(serde_json::json!("no")))
        .unwrap();
    t.store
        .save_answer(checklist.meta.id, "V02", Some(serde_json::json!("yes")))
        .unwrap();
    assert_counts_exact(&path);
}
