//! The hash-chained edit history: every change appends an entry, rewrites are found, and the chains
//! survive merging in either order.

mod common;

use serde_json::json;

fn sql(t: &common::TempStore, statement: &str) -> usize {
    let conn = rusqlite::Connection::open(t.path()).unwrap();
    conn.execute(statement, []).unwrap()
}

fn entries(t: &common::TempStore) -> i64 {
    let conn = rusqlite::Connection::open(t.path()).unwrap();
    conn.query_row("SELECT count(*) FROM edit_history", [], |r| r.get(0))
        .unwrap()
}

/// A sample mission with a few local changes of every sort.
fn edited_store() -> (common::TempStore, uuid::Uuid) {
    let mut t = common::sample_store();
    let visits = t.store.visits(None).unwrap();
    let c = t.store.checklists_for_visit(visits[0].meta.id).unwrap()[0].clone();
    let code = c.answers.keys().next().unwrap().clone();
    let before = entries(&t);
    t.store
        .save_answer(c.meta.id, &code, Some(json!("no")))
        .unwrap();
    // One answer saved = one entry.
    assert_eq!(entries(&t), before + 1);
    t.store
        .review_checklist(c.meta.id, eom_core::model::ReviewStatus::Flagged, "check")
        .unwrap();
    t.store.delete_visit(visits[1].meta.id).unwrap();
    (t, visits[2].meta.id)
}

#[test]
fn local_changes_keep_the_chain_intact() {
    let (t, _) = edited_store();
    let check = t.store.verify_history().unwrap();
    assert!(check.intact(), "{:?}", check.first_break);
    assert_eq!(check.entries as i64, entries(&t));
    // The sample's records were taken into this device's chain, then its own changes followed.
    assert_eq!(check.chains.len(), 1);
    assert_eq!(check.chains[0].0, t.store.device_id());
}

#[test]
fn a_rewritten_history_entry_is_found() {
    let (t, _) = edited_store();
    let n = sql(
        &t,
        "UPDATE edit_history SET revision = revision + 1 WHERE n = 3",
    );
    assert_eq!(n, 1);
    let check = t.store.verify_history().unwrap();
    let b = check.first_break.expect("a break");
    assert_eq!(b.n, Some(3));
    assert_eq!(b.device, Some(t.store.device_id()));
    assert!(b.message.contains("hash does not match"), "{b}");
}

#[test]
fn a_removed_history_entry_is_found() {
    let (t, _) = edited_store();
    sql(&t, "DELETE FROM edit_history WHERE n = 5");
    let b = t.store.verify_history().unwrap().first_break.unwrap();
    assert_eq!(b.n, Some(6));
    assert!(b.message.contains("missing"), "{b}");
}

#[test]
fn a_record_changed_without_history_is_found() {
    let (t, visit) = edited_store();
    sql(
        &t,
        &format!("UPDATE visits SET notes = 'nothing to report' WHERE id = '{visit}'"),
    );
    let check = t.store.verify_history().unwrap();
    let b = check.first_break.expect("a break");
    assert_eq!(b.record_id, visit);
    assert_eq!(b.kind, "visit");
    assert!(b.message.contains("changed outside EOM Reporter"), "{b}");

    // A new version written by hand has no entry at all.
    let (t, visit) = edited_store();
    sql(
        &t,
        &format!("UPDATE visits SET revision = revision + 1 WHERE id = '{visit}'"),
    );
    let b = t.store.verify_history().unwrap().first_break.unwrap();
    assert_eq!(b.record_id, visit);
    assert!(b.message.contains("no history entry"), "{b}");
}

#[test]
fn chains_survive_merging_in_both_orders() {
    let mut base = common::sample_store();
    let base_bundle = base.file("base.json");
    base.store
        .export_bundle(&base_bundle, None, &base.keys)
        .unwrap();
    let mut laptops = Vec::new();
    for (i, answer) in ["no", "not_observed"].into_iter().enumerate() {
        let mut t = common::temp_store();
        t.store
            .import_bundle_with(&base_bundle, common::TRUSTING, &mut |_, _| {})
            .unwrap();
        let v = t.store.visits(None).unwrap()[i].clone();
        let c = t.store.checklists_for_visit(v.meta.id).unwrap()[0].clone();
        let code = c.answers.keys().next().unwrap().clone();
        t.store
            .save_answer(c.meta.id, &code, Some(json!(answer)))
            .unwrap();
        let out = t.file("out.json");
        t.store.export_bundle(&out, None, &t.keys).unwrap();
        assert!(t.store.verify_history().unwrap().intact());
        laptops.push((t, out));
    }
    let (a, b) = (&laptops[0].1, &laptops[1].1);
    let mut ab = common::temp_store();
    ab.store
        .import_bundle_with(a, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    ab.store
        .import_bundle_with(b, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    let mut ba = common::temp_store();
    ba.store
        .import_bundle_with(b, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    ba.store
        .import_bundle_with(a, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    for t in [&ab, &ba] {
        let check = t.store.verify_history().unwrap();
        assert!(check.intact(), "{:?}", check.first_break);
        // The base's chain and each laptop's; HQ added nothing of its own.
        assert_eq!(check.chains.len(), 3);
    }
    assert_eq!(
        common::dump_records(&ab.path()),
        common::dump_records(&ba.path())
    );
    // The merged database's export carries every chain, and HQ can verify it.
    let merged = ab.file("merged.json");
    ab.store.export_bundle(&merged, None, &ab.keys).unwrap();
    let v = ba.store.verify_bundle(&merged).unwrap();
    assert!(v.valid && v.history.chains.len() == 3, "{v:?}");
}

#[test]
fn a_bundle_with_a_rewritten_history_fails_verification() {
    let (t, _) = edited_store();
    let out = t.file("out.json");
    let mut t = t;
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let mut content = v["content"].clone();
    content["edit_history"][2]["action"] = json!("created");
    // Signed again by whoever rewrote it: the signature holds, the history does not.
    let forger = eom_core::keys::Keys::open(&t.dir.path().join("forger")).unwrap();
    let forged = t.file("forged.json");
    std::fs::write(
        &forged,
        eom_core::bundle::signed_envelope(
            &serde_json::to_vec(&content).unwrap(),
            &forger,
            eom_core::time::Timestamp::parse("2024-02-08T00:00:00Z").unwrap(),
        ),
    )
    .unwrap();
    let v = t.store.verify_bundle(&forged).unwrap();
    assert!(!v.valid);
    assert_eq!(v.history.first_break.unwrap().n, Some(3));

    // Importing it elsewhere: refused (exit code 13), nothing imported, unless the importer says
    // to take it anyway; then the records come in and the break stays visible in `verify --db`.
    let mut hq = common::temp_store();
    let intact = hq
        .store
        .import_bundle_with(&out, common::TRUSTING, &mut |_, _| {})
        .unwrap();
    assert!(intact.history_break.is_none());
    let mut hq2 = common::temp_store();
    let before = common::dump_records(&hq2.path());
    let err = hq2
        .store
        .import_bundle_with(&forged, common::TRUSTING, &mut |_, _| {})
        .unwrap_err();
    assert_eq!(err.code(), eom_core::ErrorCode::HistoryBroken, "{err}");
    assert!(err.to_string().contains("--allow-broken-history"), "{err}");
    assert_eq!(before, common::dump_records(&hq2.path()));
    let preview = hq2
        .store
        .preview_bundle_with(&forged, common::TRUSTING)
        .unwrap();
    assert_eq!(
        preview.blocked,
        Some(eom_core::bundle::ImportBlock::HistoryBroken)
    );
    let report = hq2
        .store
        .import_bundle_with(&forged, common::UNCHECKED, &mut |_, _| {})
        .unwrap();
    assert!(report.applied);
    let b = report.history_break.expect("the broken chain is reported");
    assert_eq!(b.n, Some(3));
    assert!(b.message.contains("history was changed"), "{}", b.message);
    assert_eq!(
        hq2.store.verify_history().unwrap().first_break.unwrap().n,
        Some(3)
    );
    drop(hq);
}

#[test]
fn records_from_before_the_history_are_taken_into_the_chain_once() {
    let t = common::sample_store();
    let path = t.path();
    let dir = t.dir;
    drop(t.store);
    // As a schema 1 database looks after migrating: records, no history yet.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(
        "DELETE FROM edit_history; DELETE FROM meta WHERE key = 'edit_history_started';",
    )
    .unwrap();
    drop(conn);
    let store = eom_core::Store::open_with_clock(&path, common::clock()).unwrap();
    let check = store.verify_history().unwrap();
    assert!(check.intact(), "{:?}", check.first_break);
    assert!(check.entries > 100);
    drop(store);
    let again = eom_core::Store::open_with_clock(&path, common::clock()).unwrap();
    assert_eq!(again.verify_history().unwrap().entries, check.entries);
    drop(dir);
}

/// The export status: records changed after the last export of the device that changed them are
/// counted, whatever their kind, and the statistics do not depend on it.
#[test]
fn records_edited_after_export_are_counted_by_kind() {
    // A clock after the sample's election day, as at HQ after the teams came back: otherwise a
    // change stamps a record just after its sample time, which is later than the clock's exports.
    let mut t = common::temp_store();
    t.store = eom_core::Store::open_with_clock(
        &t.path(),
        std::sync::Arc::new(eom_core::time::SteppingClock::starting_at(
            eom_core::time::Timestamp::parse("2024-02-10T09:00:00Z").unwrap(),
        )),
    )
    .unwrap();
    eom_core::demo::load_sample(&mut t.store).unwrap();
    let edited = |t: &mut common::TempStore| t.store.export_status().unwrap().edited_after_export;
    let status = t.store.export_status().unwrap();
    assert_eq!(
        status,
        eom_core::ExportStatus::default(),
        "nothing exported yet"
    );
    let out = t.file("out.json");
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    let first = t.store.export_status().unwrap();
    assert!(first.last_export_at.is_some());
    assert_eq!(
        first.edited_after_export, 0,
        "nothing changed since the export"
    );

    let visits = t.store.visits(None).unwrap();
    let c = t.store.checklists_for_visit(visits[0].meta.id).unwrap()[0].clone();
    let code = c.answers.keys().next().unwrap().clone();
    t.store
        .save_answer(c.meta.id, &code, Some(json!("no")))
        .unwrap();
    assert_eq!(edited(&mut t), 1, "a checklist");
    // Deleting a visit leaves tombstones of it and its checklists: each is a change.
    let its_checklists = t
        .store
        .checklists_for_visit(visits[1].meta.id)
        .unwrap()
        .len() as u64;
    t.store.delete_visit(visits[1].meta.id).unwrap();
    let after_delete = 2 + its_checklists;
    assert_eq!(edited(&mut t), after_delete, "a deleted visit");
    t.store.save_team("Z99", "North").unwrap();
    assert_eq!(edited(&mut t), after_delete + 1, "a team");
    let mut o = t.store.observers().unwrap()[0].clone();
    o.nationality = "Norway".into();
    t.store.update_observer(o).unwrap();
    let status = t.store.export_status().unwrap();
    assert_eq!(status.edited_after_export, after_delete + 2, "an observer");
    let kinds: Vec<(&str, u64)> = status
        .edited_by_kind
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    assert_eq!(
        kinds,
        [
            ("checklist", 1 + its_checklists),
            ("observer", 1),
            ("team", 1),
            ("visit", 1)
        ]
    );
    assert_eq!(status.last_export_at, first.last_export_at);

    // A new export starts the count again; the statistics never saw any of it.
    let before = common::stats_json(&mut t.store);
    t.store.export_bundle(&out, None, &t.keys).unwrap();
    let second = t.store.export_status().unwrap();
    assert_eq!(second.edited_after_export, 0);
    assert!(second.last_export_at > first.last_export_at);
    assert_eq!(common::stats_json(&mut t.store), before);
}
