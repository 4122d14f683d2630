//! The coverage map: each live polling station with coordinates placed by latitude and longitude
//! alone (no tiles), as the dashboard draws it (`ui/src/lib/coverageMap.ts`): an equirectangular
//! projection scaled to the stations' bounding box, proportions kept, one marker style per state
//! (observed: filled circle, not observed: hollow circle, assessed negatively: filled square).
//! The points are projected here, so the template and the HTML edition only place them.

use std::collections::HashSet;

use eom_core::{CoveragePoints, PointState};
use serde::Serialize;

/// The drawing's width in the PDF, in millimetres (the template draws it this wide).
pub const WIDTH_MM: f64 = 150.0;
/// Stations of one state closer than this (in the PDF) are drawn once: the marker would not move.
const CELL_MM: f64 = 0.5;

/// The map section's data: present when at least one station has coordinates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MapData {
    /// The drawing's height over its width: the stations' extent, between 0.4 and 1.
    pub aspect: f64,
    /// The markers' radius as a share of the drawing's width (smaller when there are many).
    pub radius: f64,
    pub observed: MapLayer,
    pub not_observed: MapLayer,
    pub negative: MapLayer,
    /// Live polling stations not drawn: no coordinates, or invalid ones.
    pub without_coordinates: u64,
}

/// One marker style's stations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct MapLayer {
    /// Stations in this state (each counted, though drawn once per 0.5 mm cell).
    pub count: u64,
    /// `[x, y]`: shares of the drawing's width and height from its top left corner (0..1).
    pub points: Vec<[f64; 2]>,
}

/// The markers' radius in millimetres for `n` stations (the dashboard's sizes, scaled to paper).
fn radius_mm(n: usize) -> f64 {
    if n > 2000 {
        0.55
    } else if n > 500 {
        0.8
    } else {
        1.1
    }
}

/// Rounds a share to 1/10,000 (0.015 mm on paper), keeping the JSON short.
fn round(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// Projects the stations, or None when none has coordinates.
pub fn map_data(p: &CoveragePoints) -> Option<MapData> {
    if p.points.is_empty() {
        return None;
    }
    let (mut min_lat, mut max_lat, mut min_lon, mut max_lon) = (
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
    );
    for pt in &p.points {
        min_lat = min_lat.min(pt.lat);
        max_lat = max_lat.max(pt.lat);
        min_lon = min_lon.min(pt.lon);
        max_lon = max_lon.max(pt.lon);
    }
    // Equirectangular: x = λ·cos φ₀, y = φ, with φ₀ the box's middle latitude.
    let k = ((min_lat + max_lat) / 2.0).to_radians().cos();
    let (extent_x, extent_y) = ((max_lon - min_lon) * k, max_lat - min_lat);
    // A single station, or stations on one line, scale as a tiny box and sit in the middle.
    let span_x = extent_x.max(1e-4);
    let span_y = extent_y.max(1e-4);
    let r = radius_mm(p.points.len());
    let w = WIDTH_MM;
    let pad = r + 3.0;
    let h = ((w - 2.0 * pad) * span_y / span_x + 2.0 * pad).clamp(w * 0.4, w);
    let scale = ((w - 2.0 * pad) / span_x).min((h - 2.0 * pad) / span_y);
    let off_x = (w - extent_x * scale) / 2.0;
    let off_y = (h - extent_y * scale) / 2.0;

    let mut layers: [MapLayer; 3] = Default::default();
    let mut drawn: HashSet<(usize, i64, i64)> = HashSet::new();
    for pt in &p.points {
        let i = match pt.state {
            PointState::Observed => 0,
            PointState::NotObserved => 1,
            PointState::Negative => 2,
        };
        let x = off_x + (pt.lon - min_lon) * k * scale;
        let y = off_y + (max_lat - pt.lat) * scale;
        layers[i].count += 1;
        let cell = (i, (x / CELL_MM) as i64, (y / CELL_MM) as i64);
        if drawn.insert(cell) {
            layers[i].points.push([round(x / w), round(y / h)]);
        }
    }
    let [observed, not_observed, negative] = layers;
    Some(MapData {
        aspect: round(h / w),
        radius: round(r / w),
        observed,
        not_observed,
        negative,
        without_coordinates: p.without_coordinates,
    })
}

/// The map as an inline SVG for the HTML edition: a frame and one `<path>` per marker style,
/// drawn in the dashboard's order (negative on top). Units: 1 = 0.1 mm of the PDF's drawing.
pub fn svg(m: &MapData, label: &str) -> String {
    use std::fmt::Write;
    let w = WIDTH_MM * 10.0;
    let h = (m.aspect * w).round();
    let r = m.radius * w;
    let n = |v: f64| (v * 10.0).round() / 10.0;
    let mut out = format!(
        "<svg class=\"map\" style=\"display:block;width:100%;max-width:40em;height:auto\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">\
         <rect x=\"1\" y=\"1\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#666\" stroke-width=\"2\"/>",
        crate::html::esc(label),
        w - 2.0,
        h - 2.0
    );
    let layers = [
        (
            "not_observed",
            &m.not_observed,
            "fill=\"#fff\" stroke=\"#111\"",
        ),
        ("observed", &m.observed, "fill=\"#111\" stroke=\"#111\""),
        ("negative", &m.negative, "fill=\"#111\" stroke=\"#111\""),
    ];
    for (state, layer, style) in layers {
        let mut d = String::new();
        for [px, py] in &layer.points {
            let (x, y) = (px * w, py * h);
            if state == "negative" {
                let s = r * 0.95;
                let _ = write!(
                    d,
                    "M{} {}h{}v{}h{}Z",
                    n(x - s),
                    n(y - s),
                    n(2.0 * s),
                    n(2.0 * s),
                    n(-2.0 * s)
                );
            } else {
                let _ = write!(
                    d,
                    "M{} {}a{r2} {r2} 0 1 0 {d2} 0a{r2} {r2} 0 1 0 -{d2} 0Z",
                    n(x - r),
                    n(y),
                    r2 = n(r),
                    d2 = n(2.0 * r)
                );
            }
        }
        let _ = write!(
            out,
            "<path class=\"{state}\" {style} stroke-width=\"2\" d=\"{d}\"/>"
        );
    }
    out.push_str("</svg>");
    out
}

/// The legend's marker for a state, as a small inline SVG (HTML edition).
pub fn legend_svg(state: &str) -> String {
    let shape = if state == "negative" {
        "<rect x=\"2.5\" y=\"2.5\" width=\"9\" height=\"9\" fill=\"#111\"/>".to_string()
    } else {
        let fill = if state == "observed" { "#111" } else { "#fff" };
        format!(
            "<circle cx=\"7\" cy=\"7\" r=\"5\" fill=\"{fill}\" stroke=\"#111\" stroke-width=\"1.2\"/>"
        )
    };
    format!(
        "<svg width=\"14\" height=\"14\" viewBox=\"0 0 14 14\" style=\"vertical-align:-2px\" aria-hidden=\"true\">{shape}</svg>"
    )
}
