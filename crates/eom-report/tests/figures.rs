//! Every figure of the statistics (`eom stats --json`) appears in the PDF as printed, for the sample
//! mission and a generated one; the "X of N below 30" phrasing; the HTML edition has them too.

mod common;

use common::*;
use eom_core::Store;
use eom_core::stats::{Statistics, StatsFilter};
use eom_report::{Edition, ReportOptions, render_html, render_pdf, report_data};

const PHASES: [(&str, &str); 3] = [
    ("opening", "Opening"),
    ("voting", "Voting"),
    ("counting", "Counting"),
];

fn opts() -> ReportOptions {
    ReportOptions {
        edition: Edition::Internal,
        lang: "en".into(),
        detail: false,
        annex: None,
    }
}

/// Checks every statistics figure against the report's text; returns the number of checks made.
fn check_every_figure(s: &Statistics, text: &str) -> usize {
    let mut checks = 0;
    let mut row = |cells: &[&str], what: &str| {
        assert!(has_row(text, cells), "{what}: no line holds {cells:?}");
        checks += 1;
    };
    let c = &s.coverage;
    row(&["Teams", &c.teams.to_string()], "coverage");
    row(&["Observers", &c.observers.to_string()], "coverage");
    row(&["Visits", &c.visits.to_string()], "coverage");
    row(
        &["Polling stations visited", &c.stations_visited.to_string()],
        "coverage",
    );
    row(
        &["Stations in the list", &c.stations_total.to_string()],
        "coverage",
    );
    row(
        &["Share of the list", &c.stations_visited_display],
        "coverage",
    );
    for (key, label) in PHASES {
        row(
            &[label, &c.visits_by_phase[key].to_string()],
            "visits by phase",
        );
    }
    for g in &c.by_region {
        row(
            &[
                &g.group,
                &g.stations_total.to_string(),
                &g.stations_visited.to_string(),
                &g.visits.to_string(),
            ],
            "coverage by region",
        );
    }
    for (key, label) in PHASES {
        let a = &s.assessments[key];
        let counts = [a.very_good, a.good, a.bad, a.very_bad, a.total].map(|n| n.to_string());
        let mut cells: Vec<&str> = vec![label];
        cells.extend(counts.iter().map(String::as_str));
        cells.push(&a.negative_display);
        row(&cells, "assessment per phase");
    }
    for (groups, what) in [
        (&s.assessments_by_region, "by region"),
        (&s.assessments_by_setting, "by setting"),
    ] {
        for (key, label) in PHASES {
            for g in groups.get(key).map(Vec::as_slice).unwrap_or(&[]) {
                let a = &g.counts;
                let counts =
                    [a.very_good, a.good, a.bad, a.very_bad, a.total].map(|n| n.to_string());
                let group = match g.group.as_str() {
                    "urban" => "Urban",
                    "rural" => "Rural",
                    other => other,
                };
                let mut cells: Vec<&str> = vec![label, group];
                cells.extend(counts.iter().map(String::as_str));
                cells.push(&a.negative_display);
                row(&cells, what);
            }
        }
    }
    for p in &s.problems {
        row(
            &[
                &p.code,
                &p.answered.to_string(),
                &p.problem.to_string(),
                &p.display,
            ],
            "problem rate",
        );
    }
    for f in &s.protocol_failures {
        row(&[&f.station_code, &f.team], "protocol failure");
    }
    for f in &s.turnout_flags {
        row(&[&f.station_code], "turnout flag");
    }
    row(
        &["Incidents recorded", &s.incidents.total.to_string()],
        "incidents",
    );
    for n in s.incidents.by_severity.values() {
        assert!(text.contains(&n.to_string()));
    }
    row(
        &[
            "Women among commission members present",
            &s.women.members_women_display,
        ],
        "women",
    );
    row(
        &[
            "Commissions chaired by a woman",
            &s.women.chairs_women_display,
        ],
        "women",
    );
    let q = &s.data_quality;
    row(
        &[
            "Checklists not submitted (drafts)",
            &q.checklists_incomplete.to_string(),
        ],
        "data quality",
    );
    row(
        &["Answers to questions shown", &q.answers_total.to_string()],
        "data quality",
    );
    row(
        &[
            "Answered “not observed”",
            &q.answers_not_observed.to_string(),
        ],
        "data quality",
    );
    checks
}

/// Below 30 the share is "X of N" and the sentence says "in X of N observations"; from 30 on, a
/// percentage "of the N observations".
fn check_phrasing(s: &Statistics, text: &str) {
    let flat = flat(text);
    for (key, label) in PHASES {
        let a = &s.assessments[key];
        if a.total == 0 {
            continue;
        }
        let sentence = if a.total < 30 {
            assert_eq!(a.negative_display, format!("{} of {}", a.negative, a.total));
            format!(
                "{label}: assessed negatively in {} observations.",
                a.negative_display
            )
        } else {
            assert!(a.negative_display.ends_with(" %"), "{}", a.negative_display);
            format!(
                "{label}: assessed negatively in {} of the {} observations.",
                a.negative_display, a.total
            )
        };
        assert!(flat.contains(&sentence), "missing: {sentence}");
    }
    for p in &s.problems {
        assert_eq!(p.display.contains('%'), p.answered >= 30, "{p:?}");
    }
}

fn report_text(store: &mut Store, o: &ReportOptions) -> Option<(Statistics, String)> {
    let stats = store
        .statistics(&StatsFilter::default())
        .expect("statistics");
    let data = report_data(store, o).expect("report data");
    let pdf = render_pdf(&data).expect("render");
    assert!(pdf.starts_with(b"%PDF-"));
    pdf_text(&pdf).map(|t| (stats, t))
}

#[test]
fn sample_mission_report_prints_every_figure() {
    let (_dir, mut store) = sample_store();
    let Some((stats, text)) = report_text(&mut store, &opts()) else {
        return;
    };
    let n = check_every_figure(&stats, &text);
    check_phrasing(&stats, &text);
    // Both rules occur in the sample: small phases as "X of N", voting as a percentage.
    assert!(
        stats
            .assessments
            .values()
            .any(|a| a.total > 0 && a.total < 30)
    );
    assert!(stats.assessments.values().any(|a| a.total >= 30));
    assert!(
        flat(&text).contains("SAMPLE DATA"),
        "the sample notice is on the cover"
    );
    assert!(n > 40, "only {n} checks");
    // The tabulation block: the sample's commissions, counted per commission.
    let flat = flat(&text);
    assert!(
        flat.contains("Tabulation at election commissions"),
        "{flat}"
    );
    assert!(
        flat.contains("Tabulation: assessed negatively in 1 of 2 commissions observed."),
        "{flat}"
    );
    assert!(has_row(&text, &["Commissions in the list", "3"]));
    assert!(has_row(&text, &["Commissions observed", "2 (2 of 3)"]));
}

#[test]
fn generated_mission_report_prints_every_figure() {
    let (_dir, mut store) = generated_store(200);
    let Some((stats, text)) = report_text(&mut store, &opts()) else {
        return;
    };
    assert!(
        !stats.protocol_failures.is_empty(),
        "the generated mission has protocol failures to list"
    );
    check_every_figure(&stats, &text);
    check_phrasing(&stats, &text);
    // Every visit is a row of the annex, under its team's heading.
    let data = report_data(&mut store, &opts()).expect("data");
    assert_eq!(data.visits.len(), 200);
    for v in &data.visits {
        assert!(
            has_row(&text, &[&v.station, &v.region, &v.times]),
            "annex row {v:?}"
        );
    }
}

#[test]
fn html_edition_has_the_same_figures_and_no_remote_content() {
    let (_dir, mut store) = sample_store();
    let stats = store
        .statistics(&StatsFilter::default())
        .expect("statistics");
    let html = render_html(&report_data(&mut store, &opts()).expect("data"));
    for a in stats.assessments.values() {
        assert!(html.contains(&format!(
            "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
            a.total, a.negative_display
        )));
    }
    assert!(html.contains("Voting: assessed negatively in "));
    for p in &stats.problems {
        assert!(
            html.contains(&format!(
                "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                p.problem, p.display
            )),
            "{p:?}"
        );
    }
    assert!(html.contains(&format!(
        "<td class=\"n\">{}</td>",
        stats.coverage.stations_total
    )));
    for needle in ["<script", "http://", "https://", "<img", "<link", "@import"] {
        assert!(!html.contains(needle), "remote or active content: {needle}");
    }
}
