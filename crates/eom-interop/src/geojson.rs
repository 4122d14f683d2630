//! The polling stations as GeoJSON (RFC 7946), for QGIS and other GIS tools: a FeatureCollection
//! with one Point feature per station (and election commission) that has coordinates, carrying
//! what the mission saw there. Properties are listed in `docs/interop.md`.
//!
//! RFC 7946 coordinates are WGS 84 longitude, then latitude (section 3.1.1), in decimal degrees;
//! a station without both coordinates, or with one out of range, is left out and counted.

use std::path::Path;

use eom_core::bundle::Bundle;
use eom_core::model::Station;
use eom_core::{Error, Store};
use serde_json::{Map, Value, json};

use crate::index::Index;
use crate::places::{ASSESSED_PHASES, Place, places};

/// What [`write_geojson`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GeoJsonSummary {
    /// Live stations (and commissions) in the station list.
    pub stations: usize,
    /// Of those, written as features (they have valid coordinates).
    pub features: usize,
    /// Of those, left out: no coordinates, only one, or one out of range.
    pub without_coordinates: usize,
}

/// `[longitude, latitude]` when the station has both and they are valid WGS 84 degrees.
pub fn position(s: &Station) -> Option<[f64; 2]> {
    let (lat, lon) = (s.latitude?, s.longitude?);
    let ok = lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
    ok.then_some([lon, lat])
}

/// The FeatureCollection of the bundle's stations with coordinates, ordered by station code.
pub fn feature_collection(bundle: &Bundle) -> Result<(Value, GeoJsonSummary), Error> {
    Ok(collection(&Index::new(bundle)?))
}

fn collection(ix: &Index<'_>) -> (Value, GeoJsonSummary) {
    let all = places(ix);
    let features: Vec<Value> = all
        .iter()
        .filter_map(|p| Some(feature(p, position(p.station)?)))
        .collect();
    let summary = GeoJsonSummary {
        stations: all.len(),
        features: features.len(),
        without_coordinates: all.len() - features.len(),
    };
    let collection = json!({
        "type": "FeatureCollection",
        "features": features,
    });
    (collection, summary)
}

fn feature(p: &Place<'_>, coordinates: [f64; 2]) -> Value {
    let s = p.station;
    let mut props = Map::new();
    props.insert("code".into(), json!(s.code));
    props.insert("name".into(), json!(s.name));
    props.insert("region".into(), json!(s.region()));
    props.insert("kind".into(), json!(s.kind.as_str()));
    props.insert("setting".into(), json!(s.setting.map(|x| x.as_str())));
    props.insert("registered_voters".into(), json!(s.registered_voters));
    props.insert("visited".into(), json!(p.visited()));
    props.insert("visits".into(), json!(p.visits));
    let teams: Vec<&str> = p.teams.iter().copied().collect();
    props.insert("teams".into(), json!(teams.join(" ")));
    // Every feature carries every key (null when not observed): GIS tools take the attribute
    // table's columns from the features they read first.
    for phase in ASSESSED_PHASES {
        props.insert(
            format!("assessment_{phase}"),
            json!(p.latest.get(&phase).map(|a| a.as_str())),
        );
    }
    props.insert("assessed".into(), json!(p.assessed));
    props.insert("negative".into(), json!(p.negative > 0));
    props.insert("incidents".into(), json!(p.incidents));
    json!({
        "type": "Feature",
        "id": s.code,
        "geometry": {"type": "Point", "coordinates": coordinates},
        "properties": props,
    })
}

/// Writes the FeatureCollection of the store's stations to `path` (atomically, UTF-8 JSON). The
/// records are read without their answers: a place needs only each checklist's assessment, which
/// the store keeps beside it (a 20,000-visit mission has 1.6 million answers).
pub fn write_geojson(store: &Store, path: &Path) -> Result<GeoJsonSummary, Error> {
    let bundle = store.bundle_without_answers()?;
    let ix = Index::new(&bundle)?.with_stored_assessments(store.checklist_assessments()?);
    let (collection, summary) = collection(&ix);
    eom_core::atomic::write_atomically(path, |w| {
        serde_json::to_writer_pretty(&mut *w, &collection)?;
        w.write_all(b"\n")
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn station(lat: Option<f64>, lon: Option<f64>) -> Station {
        let mut b = eom_core::demo::sample_bundle();
        let mut s = b.stations.remove(0);
        s.latitude = lat;
        s.longitude = lon;
        s
    }

    #[test]
    fn positions_are_longitude_first_and_checked() {
        assert_eq!(
            position(&station(Some(40.4), Some(49.9))),
            Some([49.9, 40.4])
        );
        assert_eq!(position(&station(Some(40.4), None)), None);
        assert_eq!(position(&station(None, Some(49.9))), None);
        assert_eq!(position(&station(Some(91.0), Some(49.9))), None);
        assert_eq!(position(&station(Some(40.0), Some(-180.5))), None);
        assert_eq!(position(&station(Some(f64::NAN), Some(0.0))), None);
        assert_eq!(
            position(&station(Some(-90.0), Some(180.0))),
            Some([180.0, -90.0])
        );
    }
}
