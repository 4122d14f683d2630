//! The GeoJSON of the stations: a valid RFC 7946 FeatureCollection (Point features, longitude
//! first, numbers in range), one feature per station with coordinates, properties as the store
//! has them, and the stations without coordinates counted.

mod common;

use std::collections::BTreeSet;

use common::*;
use eom_core::bundle::Bundle;
use eom_interop::{GeoJsonSummary, feature_collection, write_geojson};
use serde_json::Value;

fn assessment(b: &Bundle, c: &eom_core::model::Checklist) -> Option<String> {
    let t = b
        .templates
        .iter()
        .find(|t| t.id == c.template_id && t.version == c.template_version)?;
    let q = t.with_role(eom_core::templates::QuestionRole::OverallAssessment)?;
    Some(c.answers.get(&q.code)?.as_str()?.to_string())
}

#[test]
fn stations_with_coordinates_become_valid_point_features() {
    let m = sample();
    let path = m.path("stations.geojson");
    let summary = write_geojson(&m.store, &path).unwrap();
    let b = m.bundle();
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();

    let mut stations: Vec<_> = b.stations.iter().filter(|s| !s.meta.deleted).collect();
    stations.sort_by(|a, b| a.code.cmp(&b.code));
    let placed: Vec<_> = stations.iter().filter(|s| s.latitude.is_some()).collect();
    assert_eq!(
        summary,
        GeoJsonSummary {
            stations: stations.len(),
            features: placed.len(),
            without_coordinates: stations.len() - placed.len(),
        }
    );
    assert!(summary.without_coordinates > 0 && summary.features > 0);

    assert_eq!(doc["type"], "FeatureCollection");
    assert_eq!(doc.as_object().unwrap().len(), 2, "type and features only");
    let features = doc["features"].as_array().unwrap();
    assert_eq!(features.len(), placed.len());
    let keys: BTreeSet<&String> = features[0]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    let live_visits: Vec<_> = b.visits.iter().filter(|v| !v.meta.deleted).collect();
    let (mut visited, mut negative) = (0, 0);
    for (f, s) in features.iter().zip(&placed) {
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["id"], s.code.as_str());
        assert_eq!(f["geometry"]["type"], "Point");
        let c = f["geometry"]["coordinates"].as_array().unwrap();
        assert_eq!(c.len(), 2);
        let (lon, lat) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
        assert!((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat));
        assert_eq!(
            (lon, lat),
            (s.longitude.unwrap(), s.latitude.unwrap()),
            "longitude first"
        );

        let p = f["properties"].as_object().unwrap();
        assert_eq!(
            p.keys().collect::<BTreeSet<_>>(),
            keys,
            "every feature has every key"
        );
        assert_eq!(p["code"], s.code.as_str());
        assert_eq!(p["name"], s.name.as_str());
        assert_eq!(p["region"], s.region());
        assert_eq!(p["kind"], s.kind.as_str());
        let visits: Vec<_> = live_visits
            .iter()
            .filter(|v| v.station_id == s.meta.id)
            .collect();
        assert_eq!(p["visits"], visits.len());
        assert_eq!(p["visited"], !visits.is_empty());
        let checklists: Vec<_> = b
            .checklists
            .iter()
            .filter(|c| !c.meta.deleted && visits.iter().any(|v| v.meta.id == c.visit_id))
            .collect();
        let assessed: Vec<String> = checklists
            .iter()
            .filter_map(|c| assessment(&b, c))
            .collect();
        assert_eq!(p["assessed"], assessed.len());
        let bad = assessed.iter().any(|a| a == "bad" || a == "very_bad");
        assert_eq!(p["negative"], bad);
        for phase in ["opening", "voting", "counting", "tabulation"] {
            let latest = checklists
                .iter()
                .filter(|c| c.phase.as_str() == phase)
                .filter_map(|c| {
                    let v = visits.iter().find(|v| v.meta.id == c.visit_id)?;
                    Some(((v.arrival_at, c.meta.updated_at), assessment(&b, c)?))
                })
                .max()
                .map(|(_, a)| a);
            assert_eq!(
                p[&format!("assessment_{phase}")],
                serde_json::json!(latest),
                "{phase}"
            );
        }
        let incidents = b
            .incidents
            .iter()
            .filter(|i| !i.meta.deleted && i.station_id == Some(s.meta.id))
            .count();
        assert_eq!(p["incidents"], incidents);
        visited += usize::from(!visits.is_empty());
        negative += usize::from(bad);
    }
    assert!(
        visited > 0 && visited < features.len(),
        "visited and unvisited stations"
    );
    assert!(negative > 0, "a negatively assessed station is on the map");
}

#[test]
fn the_sample_alone_has_no_coordinates() {
    let b = eom_core::demo::sample_bundle();
    let (doc, summary) = feature_collection(&b).unwrap();
    assert_eq!(summary.features, 0);
    assert_eq!(summary.without_coordinates, b.stations.len());
    assert_eq!(doc["features"], serde_json::json!([]));
}

/// The file is written from the records without their answers and the stored assessments; it must
/// be the same document the full bundle's answers give.
#[test]
fn the_file_read_without_answers_is_the_full_bundles_collection() {
    let m = sample();
    let path = m.path("lean.geojson");
    write_geojson(&m.store, &path).unwrap();
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let (full, _) = feature_collection(&m.bundle()).unwrap();
    assert_eq!(written, full);
    let assessed: usize = full["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["assessed"].as_u64().unwrap() as usize)
        .sum();
    assert!(assessed > 10, "the sample's places carry assessments");
}
