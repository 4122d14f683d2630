//! Report benchmarks (`make bench`): data gathering plus PDF typesetting, from a store on disk.
//!
//! Groups: the sample mission; 1,000 visits without and with per-visit detail pages. The 20,000-visit
//! group is long (seconds per iteration) and runs alone with `EOM_BENCH_LONG=1`.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use eom_core::Store;
use eom_core::demo::{self, MissionSpec};
use eom_report::{Edition, ReportOptions, clear_cache, render_html, render_pdf, report_data};

fn store_with(visits: usize) -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("bench.db")).expect("store");
    if visits == 0 {
        demo::load_sample(&mut store).expect("sample");
    } else {
        let bundle = demo::generate(&MissionSpec {
            seed: 42,
            visits,
            teams: (visits / 10).max(5),
            stations: visits * 3,
            all_phases: false,
            problem_rate: 0.05,
        });
        store
            .merge_bundle(Path::new("bench"), &bundle, true, &mut |_, _| {})
            .expect("merge");
    }
    (dir, store)
}

fn opts(detail: bool) -> ReportOptions {
    ReportOptions {
        edition: Edition::Internal,
        lang: "en".into(),
        detail,
        annex: None,
    }
}

fn bench_case(c: &mut Criterion, name: &str, visits: usize, detail: bool) {
    let (_dir, mut store) = store_with(visits);
    let o = opts(detail);
    let data = report_data(&mut store, &o).expect("data");
    let pdf = render_pdf(&data).expect("pdf");
    eprintln!(
        "{name}: {} visits, PDF {} kB",
        data.visits.len(),
        pdf.len() / 1024
    );
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(if visits >= 5000 { 60 } else { 15 }));
    // Cold: typst's memoised layout is dropped first, as for the first export in a fresh process.
    group.bench_function("total, cold (data + pdf)", |b| {
        b.iter_batched(
            clear_cache,
            |_| {
                let data = report_data(&mut store, &o).expect("data");
                black_box(render_pdf(&data).expect("pdf"))
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("data", |b| {
        b.iter(|| black_box(report_data(&mut store, &o).expect("data")))
    });
    group.bench_function("typeset pdf, cold", |b| {
        b.iter_batched(
            clear_cache,
            |_| black_box(render_pdf(&data).expect("pdf")),
            BatchSize::PerIteration,
        )
    });
    // Warm: the same data again in one process (an app re-exporting) reuses typst's memoised work.
    group.bench_function("typeset pdf, warm", |b| {
        b.iter(|| black_box(render_pdf(&data).expect("pdf")))
    });
    group.bench_function("html", |b| b.iter(|| black_box(render_html(&data))));
    group.finish();
    compare_with_chromium(name, &mut store, &o);
}

/// The median of three wall-clock runs of `f`.
fn median_of_3(mut f: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[1]
}

/// Times Chromium printing the HTML edition of the same report to PDF, when it is installed
/// (`apt-get install chromium`), against the whole typst path (data + PDF).
fn compare_with_chromium(name: &str, store: &mut Store, o: &ReportOptions) {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|out| out.status.success())
        });
    let Some(chromium) = chromium else {
        eprintln!("{name}: Chromium is not installed; no comparison");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("report.html");
    let pdf = dir.path().join("chromium.pdf");
    std::fs::write(&html, render_html(&report_data(store, o).expect("data"))).expect("write html");
    let typst = median_of_3(|| {
        clear_cache();
        black_box(render_pdf(&report_data(store, o).expect("data")).expect("pdf"));
    });
    let chrome = median_of_3(|| {
        let status = Command::new(chromium)
            .args(["--headless", "--no-sandbox", "--disable-gpu"])
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(format!("file://{}", html.display()))
            .output()
            .expect("chromium");
        assert!(status.status.success(), "chromium failed");
    });
    eprintln!(
        "{name}: typst, cold (data + PDF) {:.3} s, Chromium print-to-pdf of the HTML edition {:.3} s: {:.1}× faster",
        typst.as_secs_f64(),
        chrome.as_secs_f64(),
        chrome.as_secs_f64() / typst.as_secs_f64()
    );
}

fn reports(c: &mut Criterion) {
    // The long group runs on its own: `EOM_BENCH_LONG=1 cargo bench -p eom-report --bench report`.
    if std::env::var_os("EOM_BENCH_LONG").is_some() {
        bench_case(c, "report/20000 visits", 20_000, false);
        return;
    }
    bench_case(c, "report/sample", 0, false);
    bench_case(c, "report/1000 visits", 1000, false);
    bench_case(c, "report/1000 visits with detail", 1000, true);
}

criterion_group!(benches, reports);
criterion_main!(benches);
