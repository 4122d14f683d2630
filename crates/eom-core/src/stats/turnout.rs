//! Observed turnout (SPEC 4.4): one observation per visit that saw the figures, and the flags.

use super::read::VisitRow;
use super::{TURNOUT_JUMP_POINTS_PER_HOUR, TurnoutFlag, TurnoutObservation};

pub(super) fn turnout(visits: &[VisitRow<'_>]) -> (Vec<TurnoutObservation>, Vec<TurnoutFlag>) {
    let mut flags = Vec::new();
    // `visits` is ordered by station code then arrival.
    let mut prev: Option<&TurnoutObservation> = None;
    let mut list: Vec<TurnoutObservation> = Vec::new();
    for v in visits {
        if let (Some(l), Some(voted)) = (v.voters_on_list, v.voted)
            && l > 0
        {
            list.push(TurnoutObservation {
                visit_id: v.id,
                station_code: v.station_code.to_string(),
                team: v.team.to_string(),
                arrival_at: v.arrival_at,
                voters_on_list: l,
                voted,
                turnout: super::tenths_of_percent(u64::from(voted), u64::from(l)),
            });
        }
    }
    for o in &list {
        if o.voted > o.voters_on_list {
            flags.push(TurnoutFlag {
                station_code: o.station_code.clone(),
                visit_id: o.visit_id,
                kind: "over_100".into(),
                detail: format!(
                    "{} voted of {} on the list ({:.1} %)",
                    o.voted, o.voters_on_list, o.turnout
                ),
            });
        }
        if let Some(p) = prev.filter(|p| p.station_code == o.station_code) {
            if o.voted < p.voted {
                flags.push(TurnoutFlag {
                    station_code: o.station_code.clone(),
                    visit_id: o.visit_id,
                    kind: "decrease".into(),
                    detail: format!(
                        "{} had voted, fewer than the {} seen at an earlier visit",
                        o.voted, p.voted
                    ),
                });
            } else {
                let hours = (o.arrival_at.millis() - p.arrival_at.millis()) as f64 / 3_600_000.0;
                let points = o.turnout - p.turnout;
                if hours > 0.0 && points / hours > TURNOUT_JUMP_POINTS_PER_HOUR {
                    flags.push(TurnoutFlag {
                        station_code: o.station_code.clone(),
                        visit_id: o.visit_id,
                        kind: "jump".into(),
                        detail: format!(
                            "turnout rose from {:.1} % to {:.1} % in {:.1} h",
                            p.turnout, o.turnout, hours
                        ),
                    });
                }
            }
        }
        prev = Some(o);
    }
    (list, flags)
}
