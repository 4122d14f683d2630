//! `cargo bench -p eom-core --bench mission` (or `make bench`): a generated 20,000-visit mission
//! (60,000 checklists, ~2 million answers). Measures bundle export, import into an empty database
//! and re-import beside serde_json parsing the same file alone (the floor), statistics, and one
//! answer saved (p50/p99). Figures go in docs/benchmarks.md. Set EOM_BENCH_VISITS for other sizes.

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use eom_core::Store;
use eom_core::demo::{MissionSpec, generate};
use serde_json::json;

fn visits() -> usize {
    std::env::var("EOM_BENCH_VISITS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_000)
}

fn big_mission(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let n = visits();
    let bundle = generate(&MissionSpec {
        seed: 7,
        visits: n,
        teams: n / 8,
        stations: n / 2,
        all_phases: true,
        problem_rate: 0.05,
    });
    let answers: usize = bundle.checklists.iter().map(|c| c.answers.len()).sum();
    let path = dir.join("big.json");
    // Signed like a real export, so the import measured includes verifying the signature.
    let keys = eom_core::keys::Keys::open(&dir.join("keys")).unwrap();
    eom_core::bundle::write_signed(&path, &bundle, &keys, bundle.exported_at).unwrap();
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "mission: {} visits, {} checklists, {} answers, bundle {:.1} MB",
        bundle.visits.len(),
        bundle.checklists.len(),
        answers,
        size as f64 / 1e6
    );
    let db = dir.join("big.eom");
    let mut store = Store::open(&db).unwrap();
    store
        .import_bundle_with(
            &path,
            eom_core::bundle::ImportOptions::GENERATED,
            &mut |_, _| {},
        )
        .unwrap();
    (path, db)
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (bundle_path, db) = big_mission(dir.path());
    let data = std::fs::read(&bundle_path).unwrap();

    // The records' bytes inside the signed envelope: our writer puts `content` first and the
    // signature block (an object, whose own `signature` member is a string) last.
    let start = data.windows(10).position(|w| w == b"\"content\":").unwrap() + 10;
    let end = data
        .windows(14)
        .rposition(|w| w == b",\"signature\":{")
        .unwrap();
    let content = &data[start..end];
    let mut g = c.benchmark_group("bundle");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("parse_only_serde_value", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(content).unwrap())
    });
    g.bench_function("parse_only_typed", |b| {
        b.iter(|| serde_json::from_slice::<eom_core::bundle::Bundle>(content).unwrap())
    });
    g.bench_function("open_verified", |b| {
        b.iter(|| eom_core::bundle::open_bundle_bytes(&bundle_path, &data).unwrap())
    });
    g.bench_function("import_into_empty", |b| {
        b.iter_batched(
            || {
                let d = tempfile::tempdir().unwrap();
                let s = Store::open(&d.path().join("e.eom")).unwrap();
                (d, s)
            },
            |(d, mut s)| {
                s.import_bundle_with(
                    &bundle_path,
                    eom_core::bundle::ImportOptions::GENERATED,
                    &mut |_, _| {},
                )
                .unwrap();
                (d, s)
            },
            BatchSize::PerIteration,
        )
    });
    let mut store = Store::open(&db).unwrap();
    g.bench_function("reimport_unchanged", |b| {
        b.iter(|| {
            store
                .import_bundle_with(
                    &bundle_path,
                    eom_core::bundle::ImportOptions::GENERATED,
                    &mut |_, _| {},
                )
                .unwrap()
        })
    });
    let out = dir.path().join("export.json");
    let keys = eom_core::keys::Keys::open(&dir.path().join("keys")).unwrap();
    g.bench_function("export", |b| {
        b.iter(|| store.export_bundle(&out, None, &keys).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("statistics");
    g.sample_size(20);
    g.bench_function("all", |b| {
        b.iter(|| store.statistics(&Default::default()).unwrap())
    });
    g.bench_function("one_region", |b| {
        let f = eom_core::stats::StatsFilter {
            region: Some("Baku".into()),
            ..Default::default()
        };
        b.iter(|| store.statistics(&f).unwrap())
    });
    g.finish();

    // What the app's screens ask for: a page of the review list (as it opens, with filters, far
    // down), the teams of the election-day screen and one team's day.
    let mut g = c.benchmark_group("screens");
    g.sample_size(20);
    let page = |q: eom_core::ReviewQuery| eom_core::ReviewQuery { limit: 100, ..q };
    g.bench_function("review_first_page", |b| {
        let q = page(Default::default());
        b.iter(|| store.review_rows(&q).unwrap())
    });
    g.bench_function("review_negative_one_team", |b| {
        let q = page(eom_core::ReviewQuery {
            negative_only: true,
            team: Some("T07".into()),
            ..Default::default()
        });
        b.iter(|| store.review_rows(&q).unwrap())
    });
    g.bench_function("review_search", |b| {
        let q = page(eom_core::ReviewQuery {
            search: "007-0".into(),
            ..Default::default()
        });
        b.iter(|| store.review_rows(&q).unwrap())
    });
    g.bench_function("review_last_page", |b| {
        let total = store.review_rows(&page(Default::default())).unwrap().total as u32;
        let q = page(eom_core::ReviewQuery {
            offset: total.saturating_sub(100),
            ..Default::default()
        });
        b.iter(|| store.review_rows(&q).unwrap())
    });
    g.bench_function("team_days", |b| b.iter(|| store.team_days().unwrap()));
    let team = store.team_days().unwrap()[6].team_id;
    g.bench_function("team_day", |b| b.iter(|| store.team_day(team).unwrap()));
    g.finish();

    // One answer saved, as the app's autosave does: each in its own FULL-sync transaction.
    let visit = store.visits(None).unwrap()[100].clone();
    let checklist = store.checklists_for_visit(visit.meta.id).unwrap()[1].clone();
    let code = checklist.answers.keys().next().unwrap().clone();
    let mut times = Vec::with_capacity(2000);
    for i in 0..2000 {
        let v = ["yes", "no", "not_observed"][i % 3];
        let t = Instant::now();
        store
            .save_answer(checklist.meta.id, &code, Some(json!(v)))
            .unwrap();
        times.push(t.elapsed());
    }
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    eprintln!(
        "save_answer: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms over {} saves",
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        times.last().unwrap().as_secs_f64() * 1e3,
        times.len()
    );
    c.bench_function("save_answer", |b| {
        let mut i = 0;
        b.iter(|| {
            i += 1;
            store
                .save_answer(checklist.meta.id, &code, Some(json!(["yes", "no"][i % 2])))
                .unwrap()
        })
    });
}

criterion_group!(mission, benches);
criterion_main!(mission);
