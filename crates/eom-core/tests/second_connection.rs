//! Long reads on a second connection (`Store::reopen`): the app exports and gathers the report
//! there, so an answer saved meanwhile neither waits nor leaks into what is being read.

mod common;

use serde_json::json;

#[test]
fn a_bundle_read_on_a_second_connection_sees_one_state_while_answers_are_saved() {
    let mut t = common::sample_store();
    let mut reader = t.store.reopen().expect("a file store").open().unwrap();
    assert_eq!(reader.device_id(), t.store.device_id());

    let visits = t.store.visits(None).unwrap();
    let c = t.store.checklists_for_visit(visits[0].meta.id).unwrap()[0].clone();
    let code = c.answers.keys().next().unwrap().clone();
    let before = c.answers[&code].clone();
    let changed = if before == json!("no") {
        json!("yes")
    } else {
        json!("no")
    };

    // The reader's transaction is open (it has read the mission) when the writer saves.
    let (seen, after) = reader
        .snapshot(|r| -> eom_core::Result<_> {
            let first = r.bundle(None)?;
            // A save on the other connection neither waits for this read nor is seen by it.
            t.store
                .save_answer(c.meta.id, &code, Some(changed.clone()))?;
            let second = r.bundle(None)?;
            Ok((first, second))
        })
        .unwrap();
    let answer = |b: &eom_core::bundle::Bundle| {
        b.checklists
            .iter()
            .find(|x| x.meta.id == c.meta.id)
            .unwrap()
            .answers[&code]
            .clone()
    };
    assert_eq!(answer(&seen), before);
    assert_eq!(
        answer(&after),
        before,
        "a snapshot does not see a later save"
    );
    assert_eq!(seen.checklists.len(), after.checklists.len());

    // Once the read is over, the next read sees the saved answer.
    assert_eq!(answer(&reader.bundle(None).unwrap()), changed);
}

#[test]
fn an_export_on_a_second_connection_is_recorded_in_the_database() {
    let t = common::sample_store();
    let key_dir = t.dir.path().join("keys");
    let keys = eom_core::keys::Keys::open(&key_dir).unwrap();
    let mut reader = t.store.reopen().unwrap().open().unwrap();
    let out = t.dir.path().join("bundle.json");
    reader.export_bundle(&out, None, &keys).unwrap();
    assert!(out.exists());
    // The export status, read by the app's own connection, knows about it.
    assert!(t.store.export_status().unwrap().last_export_at.is_some());
}

#[test]
fn an_in_memory_store_has_no_second_connection() {
    let store = eom_core::Store::open_in_memory(common::clock()).unwrap();
    assert!(store.reopen().is_none());
}
