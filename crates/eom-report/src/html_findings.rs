//! The HTML edition's findings: problem rates, turnout, protocols, incidents, women, data quality
//! and the annex of visits (split from `html.rs` to keep files short).

use std::fmt::Write;

use crate::Annex;
use crate::html::{Html, PHASES, esc};

pub(crate) fn findings(h: &mut Html) {
    let (d, s) = (h.d, &h.d.statistics);
    let public = d.edition == crate::Edition::Public;
    tabulation(h);
    h.h2("problems");
    for p in PHASES.iter().chain(&["tabulation"]) {
        let rows: Vec<Vec<String>> = s
            .problems
            .iter()
            .filter(|q| q.phase.as_str() == *p)
            .map(|q| {
                vec![
                    esc(&q.code),
                    esc(&q.question),
                    q.answered.to_string(),
                    q.problem.to_string(),
                    esc(&q.display),
                ]
            })
            .collect();
        if !rows.is_empty() {
            let _ = writeln!(h.out, "<h3>{}</h3>", h.w(&format!("p_{p}")));
            h.table(
                &[
                    h.w("question"),
                    String::new(),
                    h.w("answered"),
                    h.w("problem"),
                    h.w("share"),
                ],
                &[false, false, true, true, true],
                &rows,
            );
        }
    }

    h.h2("turnout");
    let _ = writeln!(
        h.out,
        "<p>{}: {}. {}: {}.</p>",
        h.w("turnout_observations"),
        d.turnout.observations,
        h.w("turnout_median"),
        esc(&d.turnout.median)
    );
    let rows: Vec<Vec<String>> = d
        .turnout
        .flags
        .iter()
        .map(|f| {
            vec![
                esc(&f.station_code),
                esc(&f.team),
                esc(&f.time),
                esc(&f.kind),
                esc(&f.detail),
            ]
        })
        .collect();
    if !rows.is_empty() {
        h.table(
            &[
                h.w("station"),
                h.w("team"),
                h.w("time"),
                h.w("turnout_flags"),
                h.w("detail"),
            ],
            &[],
            &rows,
        );
    }

    h.h2("protocol");
    let rows: Vec<Vec<String>> = s
        .protocol_failures
        .iter()
        .map(|f| {
            vec![
                esc(&f.station_code),
                esc(&f.team),
                h.w(&format!("check_{}", f.check)),
                esc(&f.message),
            ]
        })
        .collect();
    h.table(
        &[h.w("station"), h.w("team"), h.w("check"), h.w("detail")],
        &[],
        &rows,
    );

    h.h2("incidents");
    let _ = writeln!(
        h.out,
        "<p>{}: {}</p>",
        h.w("incidents_total"),
        s.incidents.total
    );
    for (map, kind, key) in [
        (&s.incidents.by_category, "category", "by_category"),
        (&s.incidents.by_severity, "severity", "by_severity"),
        (&s.incidents.by_source, "source", "by_source"),
        (&s.incidents.by_follow_up, "follow_up", "by_follow_up"),
    ] {
        let mut pairs: Vec<(&String, &u64)> = map.iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let rows: Vec<Vec<String>> = pairs
            .into_iter()
            .map(|(k, n)| vec![h.label(kind, k), n.to_string()])
            .collect();
        h.table(&[h.w(key), h.w("count")], &[false, true], &rows);
    }
    let _ = writeln!(h.out, "<h3>{}</h3>", h.w("serious_incidents"));
    let rows: Vec<Vec<String>> = d
        .serious_incidents
        .iter()
        .map(|i| {
            let mut desc = esc(&i.description);
            if !public && !i.persons.is_empty() {
                let _ = write!(
                    desc,
                    "<br>{}: {}",
                    h.w("persons"),
                    esc(&i.persons.join(", "))
                );
            }
            if !public && !i.witnesses.is_empty() {
                let _ = write!(desc, "<br>{}: {}", h.w("witnesses"), esc(&i.witnesses));
            }
            vec![
                esc(&i.time),
                esc(&i.station),
                esc(&i.team),
                esc(&i.category),
                esc(&i.source),
                desc,
            ]
        })
        .collect();
    h.table(
        &[
            h.w("time"),
            h.w("station"),
            h.w("team"),
            h.w("category"),
            h.w("source"),
            h.w("description"),
        ],
        &[],
        &rows,
    );

    h.h2("women");
    let rows = vec![
        vec![h.w("women_members"), esc(&s.women.members_women_display)],
        vec![h.w("women_chairs"), esc(&s.women.chairs_women_display)],
    ];
    h.table(&[String::new(), h.w("share")], &[false, true], &rows);

    h.h2("data_quality");
    let q = &s.data_quality;
    let rows = vec![
        vec![h.w("dq_checklists"), q.checklists_total.to_string()],
        vec![h.w("dq_incomplete"), q.checklists_incomplete.to_string()],
        vec![h.w("dq_answers"), q.answers_total.to_string()],
        vec![h.w("dq_not_observed"), q.answers_not_observed.to_string()],
    ];
    h.table(&[String::new(), h.w("count")], &[false, true], &rows);

    match d.annex {
        Annex::Full => visit_annex(h),
        Annex::Summary => team_annex(h),
        Annex::None => {}
    }
}

/// The summary annex: one line per team.
fn team_annex(h: &mut Html) {
    h.h2("annex_teams");
    let _ = writeln!(
        h.out,
        "<p class=\"muted\">{}</p>",
        h.w("annex_teams_legend")
    );
    let mut header = vec![h.w("team"), h.w("region"), h.w("visits"), h.w("stations")];
    header.extend(PHASES.iter().map(|p| h.w(&format!("pa_{p}"))));
    header.push(h.w("incidents"));
    let rows: Vec<Vec<String>> =
        h.d.team_rows
            .iter()
            .map(|r| {
                vec![
                    esc(&r.team),
                    esc(&r.area),
                    r.visits.to_string(),
                    r.stations.to_string(),
                    esc(&r.opening),
                    esc(&r.voting),
                    esc(&r.counting),
                    r.incidents.to_string(),
                ]
            })
            .collect();
    let numeric = [false, false, true, true, false, false, false, true];
    h.table(&header, &numeric, &rows);
}

/// The full annex: every visit.
fn visit_annex(h: &mut Html) {
    let d = h.d;
    let public = d.edition == crate::Edition::Public;
    h.h2("annex");
    let _ = writeln!(h.out, "<p class=\"muted\">{}</p>", h.w("annex_legend"));
    let mut header = vec![h.w("station"), h.w("region"), h.w("team"), h.w("times")];
    header.extend(PHASES.iter().map(|p| h.w(&format!("pa_{p}"))));
    if !public {
        header.push(h.w("notes"));
    }
    let rows: Vec<Vec<String>> = d
        .visits
        .iter()
        .map(|v| {
            let mut row = vec![
                esc(&v.station),
                esc(&v.region),
                esc(&v.team),
                esc(&v.times),
                esc(&v.opening),
                esc(&v.voting),
                esc(&v.counting),
            ];
            if !public {
                row.push(esc(&v.notes));
            }
            row
        })
        .collect();
    h.table(&header, &[], &rows);
}

/// The tabulation block, as in the PDF: only when the mission lists or observed a commission.
fn tabulation(h: &mut Html) {
    let s = &h.d.statistics;
    let t = &s.tabulation;
    if t.commissions_total == 0 && t.visits == 0 {
        return;
    }
    h.h2("tabulation");
    let _ = writeln!(h.out, "<p>{}</p>", h.w("tab_intro"));
    let rows = vec![
        vec![h.w("tab_in_list"), t.commissions_total.to_string()],
        vec![
            h.w("tab_observed"),
            format!(
                "{} ({})",
                t.commissions_observed,
                esc(&t.commissions_observed_display)
            ),
        ],
        vec![h.w("tab_visits"), t.visits.to_string()],
    ];
    h.table(&[String::new(), h.w("count")], &[false, true], &rows);
    let sentence = match t.commissions_assessed {
        0 => h.w("neg_none").replace("{phase}", &h.w("p_tabulation")),
        n => h
            .w(if n < eom_core::stats::PERCENT_THRESHOLD {
                "tab_neg_few"
            } else {
                "tab_neg_pct"
            })
            .replace("{share}", &esc(&t.commissions_negative_display))
            .replace("{n}", &n.to_string()),
    };
    let _ = writeln!(h.out, "<p>{sentence}</p>");
    if let Some(a) = s.assessments.get("tabulation") {
        crate::html::assessment_table(h, &[("tabulation", a)]);
    }
}
