//! Helpers shared by the integration tests: temporary stores and a content dump for "nothing
//! changed" and "same database" comparisons.
#![allow(dead_code)]

pub mod edits;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eom_core::Store;
use eom_core::time::{SteppingClock, Timestamp};

pub struct TempStore {
    pub dir: tempfile::TempDir,
    pub store: Store,
    /// This "installation's" signing key, in the temporary folder (never the real data folder).
    pub keys: eom_core::keys::Keys,
}

impl TempStore {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("mission.eom")
    }
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A delegation to Azerbaijan's presidential election of 7 February 2024, in English, with no
/// candidates: a test names what it needs differently with `..new_mission(name)`.
pub fn new_mission(name: &str) -> eom_core::NewMission {
    eom_core::NewMission {
        name: name.into(),
        organisation: String::new(),
        country: "Azerbaijan".into(),
        election_name: "Presidential".into(),
        election_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 7).unwrap(),
        time_zone: "Asia/Baku".into(),
        languages: vec!["en".into()],
        accreditation_ref: String::new(),
        candidates: vec![],
    }
}

/// The statistics' filter of a phase, a region and a team, each optional.
pub fn filter(
    phase: Option<eom_core::model::Phase>,
    region: Option<&str>,
    team: Option<&str>,
) -> eom_core::stats::StatsFilter {
    eom_core::stats::StatsFilter {
        phase,
        region: region.map(String::from),
        team: team.map(String::from),
    }
}

pub fn clock() -> Arc<SteppingClock> {
    Arc::new(SteppingClock::starting_at(
        Timestamp::parse("2024-02-07T03:00:00Z").unwrap(),
    ))
}

pub fn temp_store() -> TempStore {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_with_clock(&dir.path().join("mission.eom"), clock()).unwrap();
    let keys = eom_core::keys::Keys::open(&dir.path().join("keys")).unwrap();
    // As the CLI and the app do: the store knows which key is this laptop's.
    store.set_laptop_key(keys.public()).unwrap();
    TempStore { dir, store, keys }
}

pub fn sample_store() -> TempStore {
    let mut t = temp_store();
    eom_core::demo::load_sample(&mut t.store).unwrap();
    t
}

/// Every row of every table, as sorted text, leaving out local-only keys (sequence numbers).
pub fn dump(path: &Path) -> Vec<String> {
    dump_keyed(path, None)
}

/// `dump` without this laptop's roster and device bindings: what two databases holding the same
/// mission must agree on, whichever laptops they are.
#[allow(dead_code)]
pub fn dump_records(path: &Path) -> Vec<String> {
    dump(path)
        .into_iter()
        .filter(|r| !r.starts_with("Text(\"trusted\")") && !r.starts_with("Text(\"device\")"))
        .collect()
}

/// `dump` of a database encrypted with `passphrase` (plaintext when `None`).
pub fn dump_keyed(path: &Path, passphrase: Option<&str>) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p).unwrap();
    }
    let mut out = Vec::new();
    let queries = [
        "SELECT 'mission', * FROM missions",
        "SELECT 'template', id, version, content FROM templates",
        "SELECT 'team', * FROM teams",
        "SELECT 'observer', * FROM observers",
        "SELECT 'station', * FROM stations",
        "SELECT 'visit', * FROM visits",
        "SELECT 'checklist', id, visit_id, template_id, template_version, phase, assessment, submitted_at, review_status, review_comment, created_at, updated_at, revision, device_id, deleted FROM checklists",
        "SELECT 'answer', c.id, a.code, a.value, a.shown FROM answers a JOIN checklists c ON c.seq = a.checklist_seq",
        "SELECT 'incident', * FROM incidents",
        "SELECT 'attachment', * FROM attachments",
        "SELECT 'replaced', kind, record_id, revision, updated_at, device_id, reason, content FROM replaced_versions",
        "SELECT 'edit', * FROM edit_history",
        "SELECT 'trusted', * FROM trusted_keys",
        "SELECT 'device', * FROM key_devices",
    ];
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut s = String::new();
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    s.push_str(&format!("{v:?}|"));
                }
                Ok(s)
            })
            .unwrap();
        for r in rows {
            out.push(r.unwrap());
        }
    }
    out.sort();
    out
}

/// Statistics as JSON: the same records give the same JSON in any database.
pub fn stats_json(store: &mut Store) -> serde_json::Value {
    let s = store.statistics(&Default::default()).unwrap();
    serde_json::to_value(&s).unwrap()
}

/// The maintained `answer_counts` equal a fresh count of the shown answers.
pub fn assert_counts_exact(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let q = |sql: &str| -> Vec<(String, String, String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap();
        rows.map(|r| r.unwrap()).collect()
    };
    let kept = q("SELECT template_id, code, value, n FROM answer_counts ORDER BY 1, 2, 3");
    let fresh = q(
        "SELECT c.template_id, a.code, a.value, count(*) FROM answers a JOIN checklists c ON c.seq = a.checklist_seq \
         WHERE a.shown = 1 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    );
    assert_eq!(kept, fresh, "answer_counts drifted from the answers");
}

/// Import options for tests that merge one temporary store's bundle into another: the stores'
/// keys are not enrolled in each other, so the importing laptop vouches for the signer (its own
/// authority applies: core in a database it created or that is still empty).
#[allow(dead_code)]
pub const TRUSTING: eom_core::bundle::ImportOptions = eom_core::bundle::ImportOptions {
    allow_unsigned: false,
    allow_unknown_signer: true,
    allow_broken_history: false,
    skip_unauthorized: false,
};

/// `TRUSTING`, and accepting bundles without an edit history (generated missions, bundles a test
/// rewrote): for tests of the merge itself.
#[allow(dead_code)]
pub const UNCHECKED: eom_core::bundle::ImportOptions = eom_core::bundle::ImportOptions::GENERATED;
