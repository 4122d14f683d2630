//! The annex: every visit for a delegation-size mission, one line per team above 2,000 visits
//! (or when asked), none when asked. The summary's counts add up to the statistics.

mod common;

use common::*;
use eom_report::{
    Annex, FULL_ANNEX_MAX_VISITS, ReportOptions, render_html, render_pdf, report_data,
};

fn with(annex: Option<Annex>) -> ReportOptions {
    ReportOptions {
        annex,
        ..ReportOptions::default()
    }
}

/// "negative / assessed" back into numbers.
fn pair(cell: &str) -> (u64, u64) {
    match cell.split_once(" / ") {
        Some((n, d)) => (n.parse().unwrap(), d.parse().unwrap()),
        None => {
            assert_eq!(cell, "", "a phase cell is `n / d` or empty");
            (0, 0)
        }
    }
}

#[test]
fn the_default_annex_follows_the_missions_size() {
    assert_eq!(Annex::for_size(0), Annex::Full);
    assert_eq!(Annex::for_size(1_500), Annex::Full);
    assert_eq!(Annex::for_size(FULL_ANNEX_MAX_VISITS), Annex::Full);
    assert_eq!(Annex::for_size(FULL_ANNEX_MAX_VISITS + 1), Annex::Summary);
    assert_eq!(Annex::for_size(20_000), Annex::Summary);
    assert_eq!("summary".parse::<Annex>(), Ok(Annex::Summary));
    assert!(
        "teams"
            .parse::<Annex>()
            .unwrap_err()
            .contains("none, summary or full")
    );

    // The sample mission (42 visits) keeps every visit, as before the option existed.
    let (_dir, mut store) = sample_store();
    let data = report_data(&mut store, &with(None)).unwrap();
    assert_eq!(data.annex, Annex::Full);
    let visits = store.visits(None).unwrap().len();
    assert_eq!(data.visits.len(), visits);
    assert!(data.team_rows.is_empty());
}

#[test]
fn the_summary_has_a_line_per_team_that_adds_up_to_the_statistics() {
    let (_dir, mut store) = generated_store(300);
    let data = report_data(&mut store, &with(Some(Annex::Summary))).unwrap();
    assert_eq!(data.annex, Annex::Summary);
    assert!(data.visits.is_empty(), "no visit rows in the summary annex");
    let s = &data.statistics;
    assert_eq!(data.team_rows.len(), s.coverage.teams as usize);
    let codes: Vec<&str> = data.team_rows.iter().map(|r| r.team.as_str()).collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "in team code order");
    assert_eq!(
        data.team_rows.iter().map(|r| r.visits as u64).sum::<u64>(),
        s.coverage.visits as u64
    );
    for (phase, cell) in [
        (
            "opening",
            (|r: &eom_report::TeamRow| r.opening.clone()) as fn(&_) -> String,
        ),
        ("voting", |r| r.voting.clone()),
        ("counting", |r| r.counting.clone()),
    ] {
        let (negative, assessed) = data
            .team_rows
            .iter()
            .map(|r| pair(&cell(r)))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        let a = &s.assessments[phase];
        assert_eq!(
            (negative, assessed),
            (a.negative as u64, a.total as u64),
            "{phase}"
        );
    }
    let incidents: usize = data.team_rows.iter().map(|r| r.incidents).sum();
    let live = store
        .incidents()
        .unwrap()
        .iter()
        .filter(|i| i.team_id.is_some())
        .count();
    assert_eq!(incidents, live);

    let html = render_html(&data);
    assert!(html.contains("Annex: teams") && !html.contains("Annex: visits"));
    if let Some(text) = pdf_text(&render_pdf(&data).unwrap()) {
        let text = flat(&text);
        assert!(text.contains("Annex: teams"), "summary heading in the PDF");
        assert!(!text.contains("Annex: visits"));
        let first = &data.team_rows[0];
        assert!(
            text.contains(&format!("{} {}", first.team, first.area)),
            "first team's line"
        );
    }
}

#[test]
fn no_annex_leaves_both_out() {
    let (_dir, mut store) = sample_store();
    let data = report_data(&mut store, &with(Some(Annex::None))).unwrap();
    assert!(data.visits.is_empty() && data.team_rows.is_empty());
    let html = render_html(&data);
    assert!(!html.contains("Annex: teams") && !html.contains("Annex: visits"));
    if let Some(text) = pdf_text(&render_pdf(&data).unwrap()) {
        let text = flat(&text);
        assert!(!text.contains("Annex: teams") && !text.contains("Annex: visits"));
        assert!(text.contains("Data quality"), "the report itself is whole");
    }
}
