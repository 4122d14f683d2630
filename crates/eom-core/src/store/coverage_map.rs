//! The dashboard's coverage map: each polling station with coordinates and what the mission saw
//! there (observed, not observed, assessed negatively), in one query. Drawn offline by the shells
//! from the coordinates alone; election commissions are left out, as in the coverage figures.

use serde::Serialize;

use super::Store;
use crate::error::Result;

/// What the map shows at a station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum PointState {
    /// No live visit.
    NotObserved,
    /// Visited, no checklist assessed bad or very bad.
    Observed,
    /// Visited, and at least one checklist of a live visit assessed bad or very bad.
    Negative,
}

/// A polling station on the map: WGS 84 degrees.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoveragePoint {
    pub code: String,
    pub lat: f64,
    pub lon: f64,
    pub state: PointState,
}

/// The live polling stations with valid coordinates, ordered by code, with counts per state.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoveragePoints {
    pub points: Vec<CoveragePoint>,
    /// Of `points`: visited without a negative assessment.
    pub observed: u64,
    /// Of `points`: not visited.
    pub not_observed: u64,
    /// Of `points`: visited, with a checklist assessed bad or very bad.
    pub negative: u64,
    /// Live polling stations left off the map: no coordinates, only one, or one out of range.
    pub without_coordinates: u64,
}

/// Latitude and longitude when both are there and valid WGS 84 degrees (as the GeoJSON export
/// checks them).
fn valid(lat: Option<f64>, lon: Option<f64>) -> Option<(f64, f64)> {
    let (lat, lon) = (lat?, lon?);
    let ok = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    ok.then_some((lat, lon))
}

impl Store {
    /// Every live polling station with what was seen there, for the coverage map: one query
    /// over the stations, each looking up its visits and their checklists by index.
    pub fn coverage_points(&self) -> Result<CoveragePoints> {
        let mut stmt = self.conn.prepare(
            "SELECT s.code, s.latitude, s.longitude, \
               EXISTS (SELECT 1 FROM visits v WHERE v.station_id = s.id AND v.deleted = 0), \
               EXISTS (SELECT 1 FROM visits v JOIN checklists c ON c.visit_id = v.id \
                       WHERE v.station_id = s.id AND v.deleted = 0 AND c.deleted = 0 \
                         AND c.assessment IN ('bad', 'very_bad')) \
             FROM stations s WHERE s.deleted = 0 AND s.kind = 'station' ORDER BY s.code",
        )?;
        let mut out = CoveragePoints::default();
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let Some((lat, lon)) = valid(r.get(1)?, r.get(2)?) else {
                out.without_coordinates += 1;
                continue;
            };
            let state = match (r.get::<_, bool>(3)?, r.get::<_, bool>(4)?) {
                (_, true) => PointState::Negative,
                (true, false) => PointState::Observed,
                (false, false) => PointState::NotObserved,
            };
            *match state {
                PointState::Negative => &mut out.negative,
                PointState::Observed => &mut out.observed,
                PointState::NotObserved => &mut out.not_observed,
            } += 1;
            out.points.push(CoveragePoint {
                code: r.get(0)?,
                lat,
                lon,
                state,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::sync::Arc;

    use super::*;
    use crate::model::Assessment;
    use crate::time::{SteppingClock, Timestamp};

    fn sample() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(SteppingClock::starting_at(
            Timestamp::parse("2024-02-08T09:00:00Z").unwrap(),
        ));
        let mut s = Store::open_with_clock(&dir.path().join("m.eom"), clock).unwrap();
        crate::demo::load_sample(&mut s).unwrap();
        (dir, s)
    }

    /// Gives every polling station but the first coordinates through a station list, as a
    /// mission imports them (every column kept); the second a latitude only.
    fn add_coordinates(dir: &std::path::Path, s: &mut Store) -> Vec<String> {
        let mut stations = s.bundle(None).unwrap().stations;
        stations.sort_by(|a, b| a.code.cmp(&b.code));
        let mut codes = Vec::new();
        for s in stations.iter_mut().filter(|s| s.kind.is_station()) {
            codes.push(s.code.clone());
            let n = codes.len();
            (s.latitude, s.longitude) = match n {
                1 => (None, None),
                2 => (Some(40.5), None),
                n => (Some(40.0 + n as f64 * 0.01), Some(49.0 + n as f64 * 0.02)),
            };
        }
        let path = dir.join("stations.csv");
        std::fs::write(&path, crate::stations_csv::write(&stations)).unwrap();
        s.import_stations_csv(&path, false, &mut |_, _| {}).unwrap();
        codes
    }

    #[test]
    fn a_mission_without_coordinates_counts_every_station_off_the_map() {
        let (_dir, mut s) = sample();
        let p = s.coverage_points().unwrap();
        assert!(p.points.is_empty());
        let polling = s
            .bundle(None)
            .unwrap()
            .stations
            .iter()
            .filter(|st| !st.meta.deleted && st.kind.as_str() == "station")
            .count();
        assert_eq!(p.without_coordinates, polling as u64);
        assert_eq!(
            p.without_coordinates,
            s.statistics(&Default::default())
                .unwrap()
                .coverage
                .stations_total
        );
    }

    /// The states agree with the records: visited = a live visit there, negative = a live
    /// checklist of such a visit assessed bad or very bad; the counts add up.
    #[test]
    fn each_station_is_observed_not_observed_or_negative_as_its_records_say() {
        let (dir, mut s) = sample();
        let codes = add_coordinates(dir.path(), &mut s);
        let p = s.coverage_points().unwrap();
        assert_eq!(p.without_coordinates, 2);
        assert_eq!(p.points.len(), codes.len() - 2);
        assert_eq!(
            p.observed + p.not_observed + p.negative,
            p.points.len() as u64
        );
        assert!(p.points.windows(2).all(|w| w[0].code < w[1].code));

        let b = s.bundle(None).unwrap();
        let station_of: HashMap<_, _> = b.stations.iter().map(|st| (st.meta.id, st)).collect();
        let mut want: HashMap<&str, PointState> = HashMap::new();
        for v in b.visits.iter().filter(|v| !v.meta.deleted) {
            want.insert(&station_of[&v.station_id].code, PointState::Observed);
        }
        let templates = s.templates().unwrap();
        for c in b.checklists.iter().filter(|c| !c.meta.deleted) {
            let Some(v) = b
                .visits
                .iter()
                .find(|v| v.meta.id == c.visit_id && !v.meta.deleted)
            else {
                continue;
            };
            let t = templates
                .iter()
                .find(|t| t.id == c.template_id && t.version == c.template_version)
                .unwrap();
            let Some(q) = t.with_role(crate::templates::QuestionRole::OverallAssessment) else {
                continue;
            };
            let a = c.answers.get(&q.code).and_then(|a| a.as_str());
            if a.and_then(|a| a.parse::<Assessment>().ok())
                .is_some_and(|a| a.is_negative())
            {
                want.insert(&station_of[&v.station_id].code, PointState::Negative);
            }
        }
        for pt in &p.points {
            let expected = want
                .get(pt.code.as_str())
                .copied()
                .unwrap_or(PointState::NotObserved);
            assert_eq!(pt.state, expected, "{}", pt.code);
        }
        assert!(p.negative > 0, "the sample has negative assessments");
        assert!(p.observed > 0 && p.not_observed > 0);
        let first = &p.points[0];
        assert!((first.lat - 40.03).abs() < 1e-9 && (first.lon - 49.06).abs() < 1e-9);
        // Deleting every visit at a negatively assessed station leaves it not observed.
        let neg = p
            .points
            .iter()
            .find(|pt| pt.state == PointState::Negative)
            .unwrap();
        let sid = b
            .stations
            .iter()
            .find(|st| st.code == neg.code)
            .unwrap()
            .meta
            .id;
        for v in b
            .visits
            .iter()
            .filter(|v| v.station_id == sid && !v.meta.deleted)
        {
            s.delete_visit(v.meta.id).unwrap();
        }
        let after = s.coverage_points().unwrap();
        let now = after.points.iter().find(|pt| pt.code == neg.code).unwrap();
        assert_eq!(now.state, PointState::NotObserved);
    }

    #[test]
    fn serialises_as_the_app_reads_it() {
        let p = CoveragePoints {
            points: vec![CoveragePoint {
                code: "001".into(),
                lat: 40.4,
                lon: 49.9,
                state: PointState::NotObserved,
            }],
            not_observed: 1,
            ..Default::default()
        };
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["points"][0]["state"], "not_observed");
        assert_eq!(json["without_coordinates"], 0);
    }
}
