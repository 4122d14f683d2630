//! Where a report's time and memory go, stage by stage, for an existing database:
//! `cargo run --release -p eom-report --example report_timing -- big.eom [full|summary|none]`
//! (`eom --db big.eom demo --visits 20000` makes one). Peak memory is the process's high-water
//! mark (`VmHWM`) after each stage.

use std::time::Instant;

fn peak_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .ok_or("usage: report_timing DB [full|summary|none]")?;
    let annex = args.next().map(|a| a.parse()).transpose()?;
    let opts = eom_report::ReportOptions {
        annex,
        ..Default::default()
    };
    let mut store = eom_core::Store::open(std::path::Path::new(&db))?;
    let t = Instant::now();
    let data = eom_report::report_data(&mut store, &opts)?;
    eprintln!("data gathered: {:?}, peak {} MB", t.elapsed(), peak_mb());
    let t = Instant::now();
    let json = serde_json::to_vec(&data)?;
    eprintln!(
        "data as JSON: {} kB in {:?}",
        json.len() / 1024,
        t.elapsed()
    );
    let t = Instant::now();
    let pdf = eom_report::render_pdf(&data)?;
    eprintln!(
        "typeset: {:?}, {} kB of PDF, peak {} MB",
        t.elapsed(),
        pdf.len() / 1024,
        peak_mb()
    );
    Ok(())
}
