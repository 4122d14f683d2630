//! The cost of the authority checks (who may change what) on a mission-size import, for
//! docs/benchmarks.md: `cargo run --release -p eom-core --example authority_timing -- 20000 5`.
//!
//! Two imports of the same generated mission (one team, so that every visit is the signer's own),
//! each into a fresh database on a core laptop, run alternately:
//! - **core signer**: the bundle signed by an enrolled core key (the checks return at once);
//! - **team signer**: the mission, stations, teams and templates first come from the core team
//!   (as a kit would bring them), then the bundle signed by a key enrolled for the team: every
//!   visit, checklist and incident is checked against the signer's team.
//!
//! Prints the median of each and their ratio.

use std::path::Path;
use std::time::{Duration, Instant};

use eom_core::bundle::{self, Bundle, ImportOptions};
use eom_core::keys::Keys;
use eom_core::{Enrolment, Store};

fn main() {
    let mut args = std::env::args().skip(1);
    let visits: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(20_000);
    let runs: usize = args.next().and_then(|s| s.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().expect("temporary folder");
    let core = Keys::open(&dir.path().join("core-key")).expect("core key");
    let team = Keys::open(&dir.path().join("team-key")).expect("team key");
    let laptop = Keys::open(&dir.path().join("laptop-key")).expect("laptop key");

    let mut full = eom_core::demo::generate(&eom_core::demo::MissionSpec {
        seed: 7,
        visits,
        teams: 1,
        stations: (visits / 2).max(1),
        all_phases: true,
        problem_rate: 0.05,
    });
    // One team makes 20,000 visits over several days: the bundle is exported after the last.
    let last = (full.visits.iter().map(|v| v.meta.updated_at))
        .chain(full.checklists.iter().map(|c| c.meta.updated_at))
        .chain(full.incidents.iter().map(|i| i.meta.updated_at))
        .max()
        .expect("records");
    full.exported_at = full.exported_at.max(last);
    let team_code = full.teams[0].code.clone();
    let setup = Bundle {
        visits: vec![],
        checklists: vec![],
        incidents: vec![],
        attachments: vec![],
        ..full.clone()
    };
    let write = |name: &str, b: &Bundle, keys: &Keys| {
        let p = dir.path().join(name);
        bundle::write_signed(&p, b, keys, b.exported_at).expect("write bundle");
        p
    };
    let full_core = write("core.json", &full, &core);
    // The team laptop exports as a device of its own (a device id is bound to one key).
    let mut from_team = full.clone();
    let device = uuid::Uuid::from_u128(0x7ea3_0000_0000_7000_8000_0000_0000_0001);
    from_team.exported_by.device = device;
    // …and its visits, checklists and incidents are written in that device's name.
    from_team
        .visits
        .iter_mut()
        .for_each(|v| v.meta.device_id = device);
    from_team
        .checklists
        .iter_mut()
        .for_each(|c| c.meta.device_id = device);
    from_team
        .incidents
        .iter_mut()
        .for_each(|i| i.meta.device_id = device);
    let full_team = write("team.json", &from_team, &team);
    let setup_core = write("setup.json", &setup, &core);
    eprintln!(
        "{visits} visits of team {team_code}, {} checklists",
        full.checklists.len()
    );

    let open = |name: String| {
        let path = dir.path().join(name);
        let mut s = Store::open(&path).expect("database");
        s.set_laptop_key(laptop.public()).expect("laptop key");
        s.trust_key(&laptop.public(), "This laptop", &Enrolment::Core)
            .expect("enrol");
        s.trust_key(&core.public(), "Core", &Enrolment::Core)
            .expect("enrol");
        s
    };
    let import = |s: &mut Store, p: &Path| {
        let t = Instant::now();
        let r = s
            // A generated mission carries no edit history (as in `import_file`).
            .import_bundle_with(
                p,
                ImportOptions {
                    allow_broken_history: true,
                    ..Default::default()
                },
                &mut |_, _| {},
            )
            .expect("import");
        assert!(r.unauthorized.is_empty(), "nothing is refused here");
        (t.elapsed(), r.total().added)
    };

    let (mut as_core, mut as_team) = (vec![], vec![]);
    for run in 0..runs {
        let mut s = open(format!("core-{run}.eom"));
        let (t, added) = import(&mut s, &full_core);
        eprintln!("run {run}: core signer {t:?} ({added} records)");
        as_core.push(t);

        let mut s = open(format!("team-{run}.eom"));
        import(&mut s, &setup_core);
        s.trust_key(
            &team.public(),
            "Team laptop",
            &Enrolment::Team(team_code.clone()),
        )
        .expect("enrol");
        let (t, added) = import(&mut s, &full_team);
        eprintln!("run {run}: team signer {t:?} ({added} records)");
        as_team.push(t);
    }
    let (c, t) = (median(&mut as_core), median(&mut as_team));
    println!(
        "median of {runs}: core signer {:.3} s, team signer {:.3} s ({:+.1} %)",
        c.as_secs_f64(),
        t.as_secs_f64(),
        (t.as_secs_f64() / c.as_secs_f64() - 1.0) * 100.0
    );
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}
