//! The roster screen's lists as the library serves them: the first matching teams and observers
//! with the counts, filtered in SQL, and the same as a count by hand of `teams()` and `observers()`.

mod common;

use std::collections::HashMap;
use std::path::Path;

use eom_core::demo::{MissionSpec, generate};
use eom_core::model::{Observer, ObserverRole, Team};
use eom_core::{MAX_ROSTER_PAGE, NewObserver, RosterPage, RosterQuery, Store};
use uuid::Uuid;

fn query(search: &str, limit: u32) -> RosterQuery {
    RosterQuery {
        search: search.into(),
        limit,
    }
}

/// The answer `roster` must give, from every team and observer the store lists.
fn by_hand(store: &Store, search: &str, limit: u32) -> RosterPage {
    let teams: Vec<Team> = store.teams().unwrap();
    let observers: Vec<Observer> = store.observers().unwrap();
    let code_of: HashMap<Uuid, &str> = teams.iter().map(|t| (t.meta.id, t.code.as_str())).collect();
    let q = search.trim().to_lowercase();
    let has = |s: &str| s.to_lowercase().contains(&q);
    let mut team_hits: Vec<&Team> = teams
        .iter()
        .filter(|t| has(&t.code) || has(&t.area))
        .collect();
    team_hits.sort_by(|a, b| (&a.code, a.meta.id).cmp(&(&b.code, b.meta.id)));
    let mut observer_hits: Vec<&Observer> = observers
        .iter()
        .filter(|o| {
            let code = o.team_id.and_then(|t| code_of.get(&t)).unwrap_or(&"");
            has(&o.name) || has(&o.nationality) || has(&o.accreditation_number) || has(code)
        })
        .collect();
    observer_hits.sort_by(|a, b| (&a.name, a.meta.id).cmp(&(&b.name, b.meta.id)));
    let limit = limit.min(MAX_ROSTER_PAGE) as usize;
    RosterPage {
        teams: team_hits
            .iter()
            .take(limit)
            .map(|t| eom_core::RosterTeam {
                team_id: t.meta.id,
                code: t.code.clone(),
                area: t.area.clone(),
                members: observers
                    .iter()
                    .filter(|o| o.team_id == Some(t.meta.id))
                    .count() as u64,
            })
            .collect(),
        observers: observer_hits
            .iter()
            .take(limit)
            .map(|o| eom_core::RosterObserver {
                observer: (*o).clone(),
                team_code: o
                    .team_id
                    .and_then(|t| code_of.get(&t))
                    .map(|c| c.to_string()),
            })
            .collect(),
        teams_total: teams.len() as u64,
        teams_matching: team_hits.len() as u64,
        observers_total: observers.len() as u64,
        observers_matching: observer_hits.len() as u64,
    }
}

/// A mission of 2,500 teams and 5,000 observers (the generated 20,000-visit mission's roster),
/// without its visits, some of its teams and observers deleted.
fn large_roster() -> common::TempStore {
    let mut t = common::temp_store();
    let mut b = generate(&MissionSpec {
        seed: 13,
        visits: 0,
        teams: 2_500,
        stations: 10,
        all_phases: false,
        problem_rate: 0.0,
    });
    b.visits.clear();
    b.checklists.clear();
    b.incidents.clear();
    b.attachments.clear();
    // Tombstones that arrived in a bundle: a team whose members stay (teamless now) and observers.
    for team in b.teams.iter_mut().filter(|t| t.code.ends_with("7")) {
        team.meta.deleted = true;
    }
    for o in b.observers.iter_mut().step_by(11) {
        o.meta.deleted = true;
    }
    t.store
        .merge_bundle(Path::new("large roster"), &b, true, &mut |_, _| {})
        .unwrap();
    assert_eq!(t.store.teams().unwrap().len(), 2_250);
    t
}

#[test]
fn the_roster_of_a_large_mission_counts_what_the_lists_hold() {
    let mut t = large_roster();
    // Deleted here too, and added with names in other scripts.
    let some = t.store.observers().unwrap();
    t.store.delete_observer(some[3].meta.id).unwrap();
    t.store.delete_observer(some[400].meta.id).unwrap();
    let team = t.store.save_team("Ж12", "Гянджа").unwrap();
    for (name, team_id) in [
        ("Иван Петров", Some(team.meta.id)),
        ("Åsa Öberg", None),
        ("100% Sure_Name", Some(some[10].team_id.unwrap())),
    ] {
        t.store
            .add_observer(NewObserver {
                name: name.into(),
                nationality: "Azerbaijani".into(),
                role: ObserverRole::Observer,
                accreditation_number: "ACC-X".into(),
                team_id,
            })
            .unwrap();
    }

    let all = t.store.roster(&query("", 100)).unwrap();
    assert_eq!(all.teams_total, 2_251);
    assert_eq!(all.teams_matching, 2_251);
    assert_eq!(all.teams.len(), 100);
    assert_eq!(all.observers.len(), 100);
    assert_eq!(all, by_hand(&t.store, "", 100));

    for search in [
        "t1",
        "T25",
        " t2499 ",
        "7",
        "acc-0100",
        "GERMAN",
        "baku",
        "anna",
        "%",
        "_",
        "e_n",
        "ж",
        "ИВАН",
        "öberg",
        "гянджа",
        "azer",
        "nothing like it",
    ] {
        for limit in [0, 5, 100, 10_000] {
            let page = t.store.roster(&query(search, limit)).unwrap();
            assert_eq!(
                page,
                by_hand(&t.store, search, limit),
                "search {search:?}, limit {limit}"
            );
        }
    }
    // The cap, and a search whose team code alone matches.
    let capped = t.store.roster(&query("", u32::MAX)).unwrap();
    assert_eq!(capped.teams.len(), MAX_ROSTER_PAGE as usize);
    let t25 = t.store.roster(&query("T25", 200)).unwrap();
    assert!(t25.observers.iter().any(|o| !o.observer.name.contains("25")
        && o.team_code.as_deref().is_some_and(|c| c.contains("T25"))));
    let cyrillic = t.store.roster(&query("иван", 10)).unwrap();
    assert_eq!(cyrillic.observers.len(), 1);
    assert_eq!(cyrillic.observers[0].team_code.as_deref(), Some("Ж12"));
    assert_eq!(cyrillic.teams.len(), 0);
    let percent = t.store.roster(&query("%", 10)).unwrap();
    assert_eq!(
        percent.observers_matching, 1,
        "% is a character, not a wildcard"
    );
    assert_eq!(percent.teams_matching, 0);
}

#[test]
fn members_and_team_codes_follow_changes_and_deletions() {
    let mut t = common::temp_store();
    eom_core::demo::load_sample(&mut t.store).unwrap();
    let before = t.store.roster(&query("T01", 10)).unwrap();
    let t01 = before
        .teams
        .iter()
        .find(|r| r.code == "T01")
        .unwrap()
        .clone();
    let t02 = t.store.roster(&query("T02", 10)).unwrap().teams[0].clone();
    assert_eq!(t01.members, 2);
    let member = before
        .observers
        .iter()
        .find(|o| o.team_code.as_deref() == Some("T01"))
        .unwrap()
        .observer
        .clone();

    // Moved to T02: counted there, found by T02's code.
    t.store
        .update_observer(Observer {
            team_id: Some(t02.team_id),
            ..member.clone()
        })
        .unwrap();
    let after = t.store.roster(&query("T0", 10)).unwrap();
    let members =
        |p: &RosterPage, code: &str| p.teams.iter().find(|r| r.code == code).unwrap().members;
    assert_eq!(members(&after, "T01"), 1);
    assert_eq!(members(&after, "T02"), t02.members + 1);
    let moved = t.store.roster(&query(&member.name, 10)).unwrap();
    assert_eq!(moved.observers[0].team_code.as_deref(), Some("T02"));

    // Deleted: neither listed nor counted.
    t.store.delete_observer(member.meta.id).unwrap();
    let gone = t.store.roster(&query("", 100)).unwrap();
    assert_eq!(members(&gone, "T02"), t02.members);
    assert!(
        gone.observers
            .iter()
            .all(|o| o.observer.meta.id != member.meta.id)
    );
    assert_eq!(gone.observers_total, before.observers_total - 1);
    assert_eq!(gone, by_hand(&t.store, "", 100));
}
