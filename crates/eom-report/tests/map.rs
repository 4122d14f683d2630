//! The coverage map: drawn when some polling station has coordinates (legend with the counts of
//! `Store::coverage_points`, the stations without coordinates counted), absent otherwise, with the
//! report's bytes unchanged.

mod common;

use common::{flat, pdf_text, sample_store};
use eom_core::Store;
use eom_report::{ReportOptions, TEMPLATE, render_html, render_pdf, render_pdf_with, report_data};

/// Gives every polling station but the first two coordinates through a station list, as a mission
/// imports them (every column kept): a grid around Baku, so the map is wider than tall.
fn add_coordinates(dir: &std::path::Path, s: &mut Store) {
    let mut stations = s.bundle(None).unwrap().stations;
    stations.sort_by(|a, b| a.code.cmp(&b.code));
    // Four decimals, as a station list gives them.
    let round = |x: f64| (x * 10_000.0).round() / 10_000.0;
    for (i, s) in stations
        .iter_mut()
        .filter(|s| s.kind.is_station())
        .enumerate()
    {
        let n = i + 1;
        if n > 2 {
            s.latitude = Some(round(40.2 + (n % 5) as f64 * 0.08));
            s.longitude = Some(round(49.3 + (n / 5) as f64 * 0.15 + (n % 3) as f64 * 0.03));
        }
    }
    let path = dir.join("stations.csv");
    std::fs::write(&path, eom_core::stations_csv::write(&stations)).unwrap();
    s.import_stations_csv(&path, false, &mut |_, _| {}).unwrap();
}

fn mapped_store() -> (tempfile::TempDir, Store) {
    let (dir, mut s) = sample_store();
    add_coordinates(dir.path(), &mut s);
    (dir, s)
}

#[test]
fn a_mission_with_coordinates_gets_the_map_with_the_stores_counts() {
    let (_dir, mut s) = mapped_store();
    let want = s.coverage_points().unwrap();
    assert!(!want.points.is_empty());
    let d = report_data(&mut s, &ReportOptions::default()).unwrap();
    let m = d.map.as_ref().expect("a map");
    assert_eq!(m.observed.count, want.observed);
    assert_eq!(m.not_observed.count, want.not_observed);
    assert_eq!(m.negative.count, want.negative);
    assert_eq!(m.without_coordinates, want.without_coordinates);
    assert_eq!(m.without_coordinates, 2);
    assert!(m.observed.count > 0 && m.not_observed.count > 0 && m.negative.count > 0);
    for layer in [&m.observed, &m.not_observed, &m.negative] {
        // A few hundred metres apart at most: every station of the sample has its own marker.
        assert_eq!(layer.points.len() as u64, layer.count);
        for [x, y] in &layer.points {
            assert!(
                (0.0..=1.0).contains(x) && (0.0..=1.0).contains(y),
                "{x} {y}"
            );
        }
    }
    assert!(m.aspect >= 0.4 && m.aspect <= 1.0);
    // Proportions kept: the stations span more east–west than north–south here.
    assert!(m.aspect < 0.99, "{}", m.aspect);
    // The public edition draws the same map: stations and their states are not redacted.
    let public = report_data(
        &mut s,
        &ReportOptions {
            edition: eom_report::Edition::Public,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(public.map, d.map);
}

#[test]
fn the_pdf_has_the_legend_with_the_counts_and_the_stations_left_off() {
    let (_dir, mut s) = mapped_store();
    let d = report_data(&mut s, &ReportOptions::default()).unwrap();
    let m = d.map.clone().unwrap();
    let pdf = render_pdf(&d).unwrap();
    if let Ok(path) = std::env::var("EOM_MAP_PDF") {
        std::fs::write(path, &pdf).unwrap();
    }
    let Some(text) = pdf_text(&pdf) else { return };
    let text = flat(&text);
    assert!(text.contains("Coverage map"), "{text}");
    for (label, n) in [
        ("Visited", m.observed.count),
        ("Assessed negatively", m.negative.count),
        ("Not visited", m.not_observed.count),
    ] {
        assert!(text.contains(&format!("{label} {n}")), "{label} {n}");
    }
    assert!(text.contains("2 polling stations have no coordinates and are not drawn"));
    // In Russian too.
    let ru = report_data(
        &mut s,
        &ReportOptions {
            lang: "ru".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let text = flat(&pdf_text(&render_pdf(&ru).unwrap()).unwrap());
    assert!(text.contains("Карта охвата"));
    assert!(text.contains("Участков без координат (не нанесены на карту): 2"));
}

#[test]
fn the_html_has_the_map_as_svg_one_path_per_marker_style() {
    let (_dir, mut s) = mapped_store();
    let d = report_data(&mut s, &ReportOptions::default()).unwrap();
    let m = d.map.clone().unwrap();
    let html = render_html(&d);
    if let Ok(path) = std::env::var("EOM_MAP_HTML") {
        std::fs::write(path, &html).unwrap();
    }
    assert_eq!(html.matches("<svg class=\"map\"").count(), 1);
    for state in ["observed", "not_observed", "negative"] {
        assert_eq!(
            html.matches(&format!("<path class=\"{state}\"")).count(),
            1,
            "{state}"
        );
    }
    let negative_path = html
        .split("<path class=\"negative\"")
        .nth(1)
        .unwrap()
        .split("/>")
        .next()
        .unwrap();
    assert_eq!(negative_path.matches('M').count() as u64, m.negative.count);
    assert!(html.contains(&format!("Visited <strong>{}</strong>", m.observed.count)));
    assert!(html.contains("2 polling stations have no coordinates and are not drawn"));
}

/// Without coordinates (the sample) there is no map, and the report is what the layout without
/// the map's code makes, byte for byte.
#[test]
fn the_sample_has_no_map_and_the_same_bytes() {
    let (_dir, mut s) = sample_store();
    let d = report_data(&mut s, &ReportOptions::default()).unwrap();
    assert!(d.map.is_none());
    let json = serde_json::to_value(&d).unwrap();
    assert!(json.get("map").is_none());
    let start = TEMPLATE
        .find("// The coverage map")
        .expect("the map's block");
    let end = start + TEMPLATE[start..].find("\n}\n").expect("its end") + 3;
    let without = format!("{}{}", &TEMPLATE[..start], &TEMPLATE[end..]);
    assert!(!without.contains("data.at(\"map\""));
    assert_eq!(
        render_pdf(&d).unwrap(),
        render_pdf_with(&without, &d).unwrap()
    );
    assert!(!render_html(&d).contains("<svg"));
}

/// Many stations in a small area: markers in the same 0.5 mm cell are drawn once, the counts
/// still count every station.
#[test]
fn stations_in_the_same_cell_are_drawn_once_and_counted_each() {
    use eom_core::{CoveragePoint, CoveragePoints, PointState};
    let mut points: Vec<CoveragePoint> = (0..1000)
        .map(|i| CoveragePoint {
            code: format!("{i:04}"),
            lat: 40.0 + (i % 10) as f64 * 1e-7,
            lon: 49.0,
            state: PointState::Observed,
        })
        .collect();
    points.push(CoveragePoint {
        code: "9999".into(),
        lat: 41.0,
        lon: 50.0,
        state: PointState::NotObserved,
    });
    let p = CoveragePoints {
        points,
        observed: 1000,
        not_observed: 1,
        negative: 0,
        without_coordinates: 3,
    };
    let m = eom_report::map_data(&p).unwrap();
    assert_eq!(m.observed.count, 1000);
    assert_eq!(m.observed.points.len(), 1);
    assert_eq!(m.not_observed.points.len(), 1);
    assert!(m.negative.points.is_empty());
    assert_eq!(m.without_coordinates, 3);
    // One station alone is drawn in the middle of a drawing of the minimum height.
    let one = CoveragePoints {
        points: p.points[1000..].to_vec(),
        not_observed: 1,
        ..Default::default()
    };
    let m = eom_report::map_data(&one).unwrap();
    assert_eq!(m.not_observed.points, vec![[0.5, 0.5]]);
    assert!(m.aspect >= 0.4);
    assert!(eom_report::map_data(&CoveragePoints::default()).is_none());
}
