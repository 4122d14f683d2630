//! The HTML edition: the same `ReportData` as the PDF, as plain semantic tables with inline CSS and
//! no remote content, so rapporteurs can paste its tables into the statement they are drafting.
//! Per-visit detail pages are PDF only.

use std::fmt::Write;

use crate::ReportData;

const PHASES: [&str; 3] = ["opening", "voting", "counting"];
const LEVELS: [&str; 4] = ["very_good", "good", "bad", "very_bad"];

const CSS: &str = "body{font-family:'Noto Sans',Arial,sans-serif;font-size:14px;color:#111;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #444}h3{font-size:1.05em}\
table{border-collapse:collapse;margin:.6em 0 1.2em}th,td{padding:.2em .6em;text-align:left;vertical-align:top}\
thead th{border-top:2px solid #333;border-bottom:1px solid #333}tbody tr:last-child td{border-bottom:2px solid #333}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.notice{border:1px solid #111;border-left:5px solid #111;padding:.6em 1em;font-weight:bold}\
dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em}dt{color:#555}dd{margin:0}.muted{color:#555}";

/// Escapes text for HTML element content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

struct Html<'a> {
    out: String,
    d: &'a ReportData,
}

impl Html<'_> {
    fn w(&self, key: &str) -> String {
        esc(self.d.strings.get(key).map(String::as_str).unwrap_or(key))
    }

    /// A table; `numeric[i]` right-aligns column i. Cells are already escaped.
    fn table(&mut self, header: &[String], numeric: &[bool], rows: &[Vec<String>]) {
        let num = |i: usize| {
            if numeric.get(i).copied().unwrap_or(false) {
                " class=\"n\""
            } else {
                ""
            }
        };
        self.out.push_str("<table><thead><tr>");
        for (i, h) in header.iter().enumerate() {
            let _ = write!(self.out, "<th{}>{h}</th>", num(i));
        }
        self.out.push_str("</tr></thead><tbody>");
        for row in rows {
            self.out.push_str("<tr>");
            for (i, c) in row.iter().enumerate() {
                let _ = write!(self.out, "<td{}>{c}</td>", num(i));
            }
            self.out.push_str("</tr>");
        }
        self.out.push_str("</tbody></table>\n");
    }

    fn h2(&mut self, key: &str) {
        let _ = writeln!(self.out, "<h2>{}</h2>", self.w(key));
    }

    fn group(&self, g: &str) -> String {
        if g == "(none)" {
            "–".into()
        } else {
            self.d
                .strings
                .get(&format!("s_{g}"))
                .map(|s| esc(s))
                .unwrap_or_else(|| esc(g))
        }
    }

    fn label(&self, kind: &str, key: &str) -> String {
        esc(self
            .d
            .labels
            .get(kind)
            .and_then(|m| m.get(key))
            .map(String::as_str)
            .unwrap_or(key))
    }
}

/// The report as one self-contained HTML page.
pub fn render_html(d: &ReportData) -> String {
    let mut h = Html {
        out: String::with_capacity(64 * 1024 + d.visits.len() * 200),
        d,
    };
    let (m, s) = (&d.mission, &d.statistics);
    let public = d.edition == crate::Edition::Public;
    let _ = write!(
        h.out,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <title>{} — {}</title><style>{CSS}</style></head><body>\n<p class=\"muted\">{}</p><h1>{}</h1><p>{}</p>\n",
        esc(&d.lang),
        esc(&m.name),
        h.w("title"),
        esc(&m.organisation),
        esc(&m.name),
        h.w("title")
    );
    let edition = h.w(if public {
        "edition_public"
    } else {
        "edition_internal"
    });
    let size = h
        .w("delegation_size")
        .replace("{teams}", &m.team_count.to_string())
        .replace("{observers}", &m.observer_count.to_string());
    let cover = [
        ("country", esc(&m.country)),
        ("election", esc(&m.election_name)),
        ("election_date", esc(&m.election_date)),
        ("delegation", size),
        ("accreditation", esc(&m.accreditation_ref)),
        ("edition", edition),
        ("generated", esc(&d.generated_display)),
        (
            "fingerprint",
            format!("<code>{}</code>", esc(&d.fingerprint)),
        ),
    ];
    h.out.push_str("<dl>");
    for (k, v) in cover {
        let _ = write!(h.out, "<dt>{}</dt><dd>{v}</dd>", h.w(k));
    }
    h.out.push_str("</dl>\n");
    if m.is_sample {
        let _ = writeln!(h.out, "<p class=\"notice\">{}</p>", h.w("sample_notice"));
    }
    h.h2("method");
    h.out.push_str("<ul>");
    for k in [
        "method_sample",
        "method_denominators",
        "method_negative",
        "method_times",
    ] {
        let _ = write!(
            h.out,
            "<li>{}</li>",
            h.w(k).replace("{tz}", &esc(&m.time_zone))
        );
    }
    h.out.push_str("</ul>\n");

    h.h2("coverage");
    let c = &s.coverage;
    let mut rows = vec![
        vec![h.w("teams"), c.teams.to_string()],
        vec![h.w("observers"), c.observers.to_string()],
        vec![h.w("visits"), c.visits.to_string()],
    ];
    for p in PHASES {
        rows.push(vec![
            format!("&nbsp;&nbsp;{}", h.w(&format!("p_{p}"))),
            c.visits_by_phase.get(p).copied().unwrap_or(0).to_string(),
        ]);
    }
    rows.push(vec![
        h.w("stations_visited"),
        c.stations_visited.to_string(),
    ]);
    rows.push(vec![h.w("stations_total"), c.stations_total.to_string()]);
    rows.push(vec![h.w("share_of_list"), esc(&c.stations_visited_display)]);
    rows.push(vec![
        h.w("observing_hours"),
        format!("{:.1}", c.observing_minutes as f64 / 60.0),
    ]);
    h.table(&[h.w("coverage"), h.w("count")], &[false, true], &rows);
    for (groups, key) in [(&c.by_region, "region"), (&c.by_setting, "setting")] {
        let rows: Vec<Vec<String>> = groups
            .iter()
            .map(|g| {
                vec![
                    h.group(&g.group),
                    g.stations_total.to_string(),
                    g.stations_visited.to_string(),
                    g.visits.to_string(),
                ]
            })
            .collect();
        h.table(
            &[
                h.w(key),
                h.w("stations_total"),
                h.w("stations_visited"),
                h.w("visits"),
            ],
            &[false, true, true, true],
            &rows,
        );
    }

    h.h2("assessment");
    let header: Vec<String> = std::iter::once(h.w("phase"))
        .chain(LEVELS.iter().map(|k| h.w(&format!("a_{k}"))))
        .chain([h.w("total"), h.w("negative")])
        .collect();
    let numeric = [false, true, true, true, true, true, true];
    let rows: Vec<Vec<String>> = PHASES
        .iter()
        .filter_map(|p| s.assessments.get(*p).map(|a| (p, a)))
        .map(|(p, a)| {
            vec![
                h.w(&format!("p_{p}")),
                a.very_good.to_string(),
                a.good.to_string(),
                a.bad.to_string(),
                a.very_bad.to_string(),
                a.total.to_string(),
                esc(&a.negative_display),
            ]
        })
        .collect();
    h.table(&header, &numeric, &rows);
    for (map, key, title) in [
        (&s.assessments_by_region, "assessment_by_region", "region"),
        (
            &s.assessments_by_setting,
            "assessment_by_setting",
            "setting",
        ),
    ] {
        let _ = writeln!(h.out, "<h3>{}</h3>", h.w(key));
        let mut header = vec![h.w("phase"), h.w(title)];
        header.extend(LEVELS.iter().map(|k| h.w(&format!("ab_{k}"))));
        header.extend([h.w("total"), h.w("negative")]);
        let mut rows = Vec::new();
        for p in PHASES {
            for g in map.get(p).map(Vec::as_slice).unwrap_or(&[]) {
                let a = &g.counts;
                rows.push(vec![
                    h.w(&format!("p_{p}")),
                    h.group(&g.group),
                    a.very_good.to_string(),
                    a.good.to_string(),
                    a.bad.to_string(),
                    a.very_bad.to_string(),
                    a.total.to_string(),
                    esc(&a.negative_display),
                ]);
            }
        }
        h.table(
            &header,
            &[false, false, true, true, true, true, true, true],
            &rows,
        );
    }

    h.h2("problems");
    for p in PHASES {
        let rows: Vec<Vec<String>> = s
            .problems
            .iter()
            .filter(|q| q.phase.as_str() == p)
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
        vec![h.w("dq_edited"), q.records_edited_after_export.to_string()],
    ];
    h.table(&[String::new(), h.w("count")], &[false, true], &rows);

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
    h.out.push_str("</body></html>\n");
    h.out
}
