//! Incidents (SPEC 4.5): by category, severity, source and follow-up.

use super::read::VisitRow;
use super::{IncidentStats, StatsFilter};
use crate::error::Result;

pub(super) fn incident_stats(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow<'_>],
) -> Result<IncidentStats> {
    let mut s = IncidentStats::default();
    let narrowed = filter.region.is_some() || filter.team.is_some() || filter.phase.is_some();
    // All visits `--region` and `--team` keep: an incident's phase is not looked at.
    let visit_ids: std::collections::HashSet<&str, crate::fnv::FnvBuild> = if narrowed {
        visits.iter().map(|v| v.id_text.as_str()).collect()
    } else {
        Default::default()
    };
    let mut stmt = conn.prepare(
        "SELECT i.category, i.severity, i.source, i.follow_up, i.visit_id, coalesce(s.region, ''), coalesce(t.code, '') \
         FROM incidents i LEFT JOIN stations s ON s.id = i.station_id LEFT JOIN teams t ON t.id = i.team_id \
         WHERE i.deleted = 0",
    )?;
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        if narrowed {
            let visit = r.get_ref(4)?.as_str_or_null()?;
            let in_visits = visit.is_some_and(|v| visit_ids.contains(v));
            let region: String = r.get(5)?;
            let team: String = r.get(6)?;
            let ok = in_visits
                || (visit.is_none()
                    && filter.phase.is_none()
                    && filter.region.as_deref().is_none_or(|f| f == region)
                    && filter
                        .team
                        .as_deref()
                        .is_none_or(|f| f.eq_ignore_ascii_case(&team)));
            if !ok {
                continue;
            }
        }
        s.total += 1;
        *s.by_category.entry(r.get(0)?).or_default() += 1;
        *s.by_severity.entry(r.get(1)?).or_default() += 1;
        *s.by_source.entry(r.get(2)?).or_default() += 1;
        *s.by_follow_up.entry(r.get(3)?).or_default() += 1;
    }
    Ok(s)
}
