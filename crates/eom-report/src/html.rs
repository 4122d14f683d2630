//! The HTML edition: the same `ReportData` as the PDF, as plain semantic tables with inline CSS and
//! no remote content, so rapporteurs can paste its tables into the statement they are drafting.
//! Per-visit detail pages are PDF only.

use std::fmt::Write;

use crate::ReportData;

pub(crate) const PHASES: [&str; 3] = ["opening", "voting", "counting"];
const LEVELS: [&str; 4] = ["very_good", "good", "bad", "very_bad"];

const CSS: &str = "body{font-family:'Noto Sans',Arial,sans-serif;font-size:14px;color:#111;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.45}\
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #444}h3{font-size:1.05em}\
table{border-collapse:collapse;margin:.6em 0 1.2em}th,td{padding:.2em .6em;text-align:left;vertical-align:top}\
thead th{border-top:2px solid #333;border-bottom:1px solid #333}tbody tr:last-child td{border-bottom:2px solid #333}\
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.notice{border:1px solid #111;border-left:5px solid #111;padding:.6em 1em;font-weight:bold}\
dl{display:grid;grid-template-columns:14em 1fr;gap:.2em 1em}dt{color:#555}dd{margin:0}.muted{color:#555}";

/// Escapes text for HTML element content and attribute values.
pub(crate) fn esc(s: &str) -> String {
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

pub(crate) struct Html<'a> {
    pub out: String,
    pub d: &'a ReportData,
}

impl Html<'_> {
    pub fn w(&self, key: &str) -> String {
        esc(self.d.strings.get(key).map(String::as_str).unwrap_or(key))
    }

    /// A table; `numeric[i]` right-aligns column i. Cells are already escaped.
    pub fn table(&mut self, header: &[String], numeric: &[bool], rows: &[Vec<String>]) {
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

    pub fn h2(&mut self, key: &str) {
        let _ = writeln!(self.out, "<h2>{}</h2>", self.w(key));
    }

    pub fn group(&self, g: &str) -> String {
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

    pub fn label(&self, kind: &str, key: &str) -> String {
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
    if let Some(mp) = &d.map {
        coverage_map(&mut h, mp);
    }

    h.h2("assessment");
    // The statement's sentences, by the same rule as the PDF: "X of N" below 30, else a percentage.
    h.out.push_str("<ul>");
    for p in PHASES {
        let Some(a) = s.assessments.get(p) else {
            continue;
        };
        let key = match a.total {
            0 => "neg_none",
            n if n < eom_core::stats::PERCENT_THRESHOLD => "neg_few",
            _ => "neg_pct",
        };
        let sentence = h
            .w(key)
            .replace("{phase}", &h.w(&format!("p_{p}")))
            .replace("{share}", &esc(&a.negative_display))
            .replace("{n}", &a.total.to_string());
        let _ = write!(h.out, "<li>{sentence}</li>");
    }
    h.out.push_str("</ul>\n");
    let phases: Vec<(&str, &eom_core::stats::AssessmentCounts)> = PHASES
        .iter()
        .filter_map(|p| s.assessments.get(*p).map(|a| (*p, a)))
        .collect();
    assessment_table(&mut h, &phases);
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
                let mut row = vec![h.w(&format!("p_{p}")), h.group(&g.group)];
                row.extend(assessment_cells(&g.counts));
                rows.push(row);
            }
        }
        h.table(
            &header,
            &[false, false, true, true, true, true, true, true],
            &rows,
        );
    }

    crate::html_findings::findings(&mut h);
    h.out.push_str("</body></html>\n");
    h.out
}

/// The overall-assessment table: a row per phase with its counts, the total and "assessed
/// negatively" (the phases of the assessment section, or tabulation alone in its own section).
pub(crate) fn assessment_table(
    h: &mut Html,
    phases: &[(&str, &eom_core::stats::AssessmentCounts)],
) {
    let header: Vec<String> = std::iter::once(h.w("phase"))
        .chain(LEVELS.iter().map(|k| h.w(&format!("a_{k}"))))
        .chain([h.w("total"), h.w("negative")])
        .collect();
    let rows: Vec<Vec<String>> = phases
        .iter()
        .map(|(p, a)| {
            let mut row = vec![h.w(&format!("p_{p}"))];
            row.extend(assessment_cells(a));
            row
        })
        .collect();
    h.table(&header, &[false, true, true, true, true, true, true], &rows);
}

/// An assessment row's figures: each level, the total and "assessed negatively".
fn assessment_cells(a: &eom_core::stats::AssessmentCounts) -> [String; 6] {
    [
        a.very_good.to_string(),
        a.good.to_string(),
        a.bad.to_string(),
        a.very_bad.to_string(),
        a.total.to_string(),
        esc(&a.negative_display),
    ]
}

/// The coverage map as inline SVG (one `<path>` per marker style), its legend with the counts and
/// how many stations are not drawn; as in the PDF.
fn coverage_map(h: &mut Html, mp: &crate::MapData) {
    let _ = writeln!(
        h.out,
        "<h3>{}</h3><p class=\"muted\">{}</p>",
        h.w("map"),
        h.w("map_note")
    );
    let legend = [
        ("observed", mp.observed.count),
        ("negative", mp.negative.count),
        ("not_observed", mp.not_observed.count),
    ];
    let label = legend
        .iter()
        .map(|(st, n)| {
            format!(
                "{}: {n}",
                h.d.strings.get(&format!("map_{st}")).map_or("", |s| s)
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    // Styled in place: the page's style sheet stays as it is for missions without a map.
    h.out
        .push_str("<figure class=\"map\" style=\"margin:.6em 0 1.2em\">");
    h.out.push_str(&crate::map::svg(
        mp,
        &format!("{}. {label}", h.d.strings.get("map").map_or("", |s| s)),
    ));
    h.out.push_str("<figcaption><ul class=\"legend\" style=\"list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.5em\">");
    for (st, n) in legend {
        let _ = write!(
            h.out,
            "<li>{} {} <strong>{n}</strong></li>",
            crate::map::legend_svg(st),
            h.w(&format!("map_{st}"))
        );
    }
    h.out.push_str("</ul>");
    let n = mp.without_coordinates;
    if n > 0 {
        let text = if n == 1 {
            h.w("map_without_coordinates_one")
        } else {
            h.w("map_without_coordinates")
                .replace("{n}", &n.to_string())
        };
        let _ = write!(h.out, "<p class=\"muted\">{text}</p>");
    }
    h.out.push_str("</figcaption></figure>\n");
}
