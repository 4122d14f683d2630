//! The summary sheet: the mission, then every figure of `eom stats` (`Store::statistics` without
//! a filter) with its denominator and share. Each figure names where it is in `eom stats --json`
//! (a JSON pointer; for a list, its number of entries), so a reader, and the tests, can trace it.

use eom_core::bundle::Bundle;
use eom_core::stats::Statistics;
use eom_core::templates::label_in;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::Sheet;
use super::figures::{Rows, phases, seg};
use crate::Edition;

pub(crate) const HEADER: [&str; 7] = [
    "section",
    "figure",
    "value",
    "of",
    "share",
    "value_source",
    "of_source",
];

pub(crate) fn write(
    name: &str,
    bundle: &Bundle,
    s: &Statistics,
    lang: &str,
    edition: Edition,
) -> Result<(Worksheet, u32), XlsxError> {
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let mut r = Rows {
        sheet: Sheet::new(name, &header)?,
    };
    let m = &bundle.mission;
    r.info("name", m.name.as_str())?;
    r.info("organisation", m.organisation.as_str())?;
    r.info("country", m.country.as_str())?;
    r.info("election", m.election_name.as_str())?;
    r.info("election date", m.election_date.to_string())?;
    r.info(
        "time zone (all times in this workbook)",
        m.time_zone.as_str(),
    )?;
    r.info("edition", edition.to_string())?;
    r.info("language", lang)?;
    if m.is_sample {
        r.info("sample", "sample data, invented for demonstration")?;
    }
    r.info(
        "method",
        "the stations observed are not a random sample; figures describe what the teams saw",
    )?;

    let c = &s.coverage;
    let sec = "coverage";
    r.figure(
        sec,
        "teams",
        (c.teams, "/coverage/teams".into()),
        None,
        None,
    )?;
    r.figure(
        sec,
        "observers",
        (c.observers, "/coverage/observers".into()),
        None,
        None,
    )?;
    r.figure(
        sec,
        "visits",
        (c.visits, "/coverage/visits".into()),
        None,
        None,
    )?;
    for (p, n) in &c.visits_by_phase {
        let src = format!("/coverage/visits_by_phase/{}", seg(p));
        r.figure(sec, &format!("visits observing {p}"), (*n, src), None, None)?;
    }
    r.figure(
        sec,
        "stations visited",
        (c.stations_visited, "/coverage/stations_visited".into()),
        Some((c.stations_total, "/coverage/stations_total".into())),
        Some(&c.stations_visited_display),
    )?;
    for (p, n) in &c.checklists {
        let src = format!("/coverage/checklists/{}", seg(p));
        r.figure(sec, &format!("checklists {p}"), (*n, src), None, None)?;
    }
    let minutes = c.observing_minutes.max(0) as u64;
    r.figure(
        sec,
        "time observing (minutes)",
        (minutes, "/coverage/observing_minutes".into()),
        None,
        None,
    )?;
    for (list, groups) in [("by_region", &c.by_region), ("by_setting", &c.by_setting)] {
        let sec = format!("coverage {}", list.replace('_', " "));
        for (i, g) in groups.iter().enumerate() {
            let at = format!("/coverage/{list}/{i}");
            r.figure(
                &sec,
                &format!("{}: stations visited", g.group),
                (g.stations_visited, format!("{at}/stations_visited")),
                Some((g.stations_total, format!("{at}/stations_total"))),
                None,
            )?;
            let value = (g.visits, format!("{at}/visits"));
            r.figure(&sec, &format!("{}: visits", g.group), value, None, None)?;
        }
    }

    let t = &s.tabulation;
    let sec = "tabulation";
    r.figure(
        sec,
        "commissions observed",
        (
            t.commissions_observed,
            "/tabulation/commissions_observed".into(),
        ),
        Some((t.commissions_total, "/tabulation/commissions_total".into())),
        Some(&t.commissions_observed_display),
    )?;
    r.figure(
        sec,
        "visits to commissions",
        (t.visits, "/tabulation/visits".into()),
        None,
        None,
    )?;
    r.figure(
        sec,
        "commissions assessed negatively",
        (
            t.commissions_negative,
            "/tabulation/commissions_negative".into(),
        ),
        Some((
            t.commissions_assessed,
            "/tabulation/commissions_assessed".into(),
        )),
        Some(&t.commissions_negative_display),
    )?;

    for p in phases(&s.assessments) {
        let at = format!("/assessments/{}", seg(p));
        r.assessment("assessments", p, &s.assessments[p], &at)?;
    }
    for (list, by) in [
        ("assessments_by_region", &s.assessments_by_region),
        ("assessments_by_setting", &s.assessments_by_setting),
    ] {
        let sec = list.replace('_', " ");
        for p in phases(by) {
            for (i, g) in by[p].iter().enumerate() {
                let at = format!("/{list}/{}/{i}", seg(p));
                r.negative(&sec, &format!("{p}, {}", g.group), &g.counts, &at)?;
            }
        }
    }

    for (i, p) in s.problems.iter().enumerate() {
        let label = bundle
            .templates
            .iter()
            .rev()
            .filter(|t| t.id == p.template)
            .find_map(|t| t.question(&p.code))
            .map_or(p.question.as_str(), |q| label_in(&q.label, lang));
        r.figure(
            "problem rates",
            &format!("{} {}: {label}", p.phase, p.code),
            (p.problem, format!("/problems/{i}/problem")),
            Some((p.answered, format!("/problems/{i}/answered"))),
            Some(&p.display),
        )?;
    }

    let n = |len: usize| len as u64;
    r.figure(
        "turnout",
        "visits with observed turnout",
        (n(s.turnout.len()), "/turnout".into()),
        None,
        None,
    )?;
    r.figure(
        "turnout",
        "turnout flags",
        (n(s.turnout_flags.len()), "/turnout_flags".into()),
        None,
        None,
    )?;
    for (i, f) in s.turnout_flags.iter().enumerate() {
        let figure = format!("{}: {}", f.station_code, f.kind);
        r.note(
            "turnout flags",
            &figure,
            &f.detail,
            format!("/turnout_flags/{i}/detail"),
        )?;
    }
    let failures = n(s.protocol_failures.len());
    r.figure(
        "protocol",
        "reconciliation failures",
        (failures, "/protocol_failures".into()),
        None,
        None,
    )?;
    for (i, f) in s.protocol_failures.iter().enumerate() {
        let figure = format!("{} ({}): {}", f.station_code, f.team, f.check);
        r.note(
            "protocol failures",
            &figure,
            &f.message,
            format!("/protocol_failures/{i}/message"),
        )?;
    }

    let inc = &s.incidents;
    let total = (inc.total, "/incidents/total".to_string());
    r.figure("incidents", "incidents", total.clone(), None, None)?;
    for (list, map) in [
        ("by_category", &inc.by_category),
        ("by_severity", &inc.by_severity),
        ("by_source", &inc.by_source),
        ("by_follow_up", &inc.by_follow_up),
    ] {
        let sec = format!("incidents {}", list.replace('_', " "));
        for (k, v) in map {
            let value = (*v, format!("/incidents/{list}/{}", seg(k)));
            r.figure(&sec, k, value, Some(total.clone()), None)?;
        }
    }

    let w = &s.women;
    r.figure(
        "women",
        "women among commission members present",
        (w.members_women, "/women/members_women".into()),
        Some((w.members_present, "/women/members_present".into())),
        Some(&w.members_women_display),
    )?;
    r.figure(
        "women",
        "chairs who are women",
        (w.chairs_women, "/women/chairs_women".into()),
        Some((w.chairs_answered, "/women/chairs_answered".into())),
        Some(&w.chairs_women_display),
    )?;

    let q = &s.data_quality;
    r.figure(
        "data quality",
        "checklists not submitted",
        (
            q.checklists_incomplete,
            "/data_quality/checklists_incomplete".into(),
        ),
        Some((q.checklists_total, "/data_quality/checklists_total".into())),
        None,
    )?;
    r.figure(
        "data quality",
        "answers not observed",
        (
            q.answers_not_observed,
            "/data_quality/answers_not_observed".into(),
        ),
        Some((q.answers_total, "/data_quality/answers_total".into())),
        None,
    )?;
    let rows = r.sheet.rows();
    Ok((r.sheet.finish()?, rows))
}
