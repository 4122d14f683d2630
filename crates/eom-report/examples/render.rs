//! Renders a demonstration report, for designers editing `templates/report.typ`:
//!
//! `cargo run -p eom-report --example render -- OUT.pdf [internal|public] [en|ru|az] [detail] [VISITS]`
//!
//! With VISITS the mission is generated (`eom_core::demo::generate`), otherwise it is the sample
//! mission. An OUT ending in `.html` writes the HTML edition. The database is temporary. With
//! `EOM_TEMPLATE=path/to/report.typ` the layout is read from that file: edit and re-run, no rebuild.

use std::path::Path;

use eom_core::Store;
use eom_core::demo::{self, MissionSpec};
use eom_report::{ReportOptions, render_html, render_pdf, report_data};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .ok_or("usage: render OUT.pdf [internal|public] [en|ru|az] [detail] [VISITS]")?;
    let mut opts = ReportOptions::default();
    let mut visits = 0usize;
    for a in &args[1..] {
        match a.as_str() {
            "internal" | "public" => opts.edition = a.parse()?,
            "detail" => opts.detail = true,
            n if n.parse::<usize>().is_ok() => visits = n.parse()?,
            lang => opts.lang = lang.to_string(),
        }
    }
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("mission.db"))?;
    if visits == 0 {
        demo::load_sample(&mut store)?;
    } else {
        let spec = MissionSpec {
            seed: 42,
            visits,
            teams: (visits / 10).max(5),
            stations: visits * 3,
            all_phases: false,
            problem_rate: 0.05,
        };
        store.merge_bundle(
            Path::new("generated"),
            &demo::generate(&spec),
            true,
            &mut |_, _| {},
        )?;
    }
    let t = std::time::Instant::now();
    let data = report_data(&mut store, &opts)?;
    let gathered = t.elapsed();
    if out.ends_with(".html") {
        std::fs::write(out, render_html(&data))?;
    } else {
        let pdf = match std::env::var_os("EOM_TEMPLATE") {
            Some(path) => eom_report::render_pdf_with(&std::fs::read_to_string(path)?, &data)?,
            None => render_pdf(&data)?,
        };
        std::fs::write(out, pdf)?;
    }
    eprintln!("data {:?}, total {:?}", gathered, t.elapsed());
    Ok(())
}
