//! The incidents sheet and the stations-visited sheet.

use eom_core::model::Phase;
use eom_core::templates::label_in;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{Cell, Sheet};
use crate::Edition;
use crate::index::Index;
use crate::places::{ASSESSED_PHASES, places};

/// The incidents sheet's columns; the last three only in the internal edition.
pub(crate) fn incident_columns(edition: Edition) -> Vec<&'static str> {
    let mut h = vec![
        "incident_id",
        "visit_id",
        "occurred",
        "team",
        "station_code",
        "station_name",
        "region",
        "location",
        "category",
        "category_label",
        "severity",
        "source",
        "description",
        "commission_informed",
        "complaint_filed",
        "follow_up",
    ];
    if edition == Edition::Internal {
        h.extend(["persons", "witnesses", "attachments"]);
    }
    h
}

/// Live incidents, in the order they happened.
pub(crate) fn incidents(
    name: &str,
    ix: &Index<'_>,
    lang: &str,
    edition: Edition,
) -> Result<(Worksheet, u32), XlsxError> {
    let header: Vec<String> = incident_columns(edition)
        .into_iter()
        .map(String::from)
        .collect();
    let mut sheet = Sheet::new(name, &header)?;
    let mut list: Vec<_> = ix
        .bundle
        .incidents
        .iter()
        .filter(|i| !i.meta.deleted)
        .collect();
    list.sort_by_key(|i| (i.occurred_at, i.meta.id));
    for i in list {
        let station = i.station_id.and_then(|s| ix.station(s));
        let mut row = vec![
            Cell::text(i.meta.id.to_string()),
            Cell::text_or_empty(i.visit_id.map(|v| v.to_string()).unwrap_or_default()),
            Cell::DateTime(ix.local(i.occurred_at)),
            Cell::text_or_empty(ix.team_code(i.team_id)),
            Cell::text_or_empty(station.map_or("", |s| s.code.as_str())),
            Cell::text_or_empty(station.map_or("", |s| s.name.as_str())),
            Cell::text_or_empty(station.map_or("", |s| s.region())),
            Cell::text(i.location.as_str()),
            Cell::text(i.category.as_str()),
            Cell::text_or_empty(category_label(ix, &i.category, lang)),
            Cell::text(i.severity.as_str()),
            Cell::text(i.source.as_str()),
            Cell::text_or_empty(i.description.as_str()),
            Cell::yes_no(i.commission_informed),
            Cell::yes_no(i.complaint_filed),
            Cell::text(i.follow_up.as_str()),
        ];
        if edition == Edition::Internal {
            row.extend([
                Cell::text_or_empty(i.persons.join("; ")),
                Cell::text_or_empty(i.witnesses.as_str()),
                Cell::text_or_empty(ix.attachment_names(i.meta.id).join("; ")),
            ]);
        }
        sheet.row(row)?;
    }
    let rows = sheet.rows();
    Ok((sheet.finish()?, rows))
}

/// The category's label in the newest incident template that lists it (empty if none does).
fn category_label<'a>(ix: &Index<'a>, category: &str, lang: &str) -> &'a str {
    ix.bundle
        .templates
        .iter()
        .rev()
        .filter(|t| t.phase == Phase::Incident)
        .flat_map(|t| &t.questions)
        .flat_map(|q| &q.options)
        .find(|o| o.value == category)
        .map_or("", |o| label_in(&o.label, lang))
}

pub(crate) const STATION_COLUMNS: [&str; 20] = [
    "station_code",
    "name",
    "address",
    "region",
    "setting",
    "type",
    "kind",
    "registered_voters",
    "latitude",
    "longitude",
    "visits",
    "teams",
    "phases",
    "assessment_opening",
    "assessment_voting",
    "assessment_counting",
    "assessment_tabulation",
    "assessed",
    "negative",
    "incidents",
];

/// The stations (and commissions) with at least one live visit, ordered by code.
pub(crate) fn stations_visited(name: &str, ix: &Index<'_>) -> Result<(Worksheet, u32), XlsxError> {
    let header: Vec<String> = STATION_COLUMNS.iter().map(|h| h.to_string()).collect();
    let mut sheet = Sheet::new(name, &header)?;
    for p in places(ix).iter().filter(|p| p.visited()) {
        let s = p.station;
        let coordinate = |c: Option<f64>| c.map_or(Cell::Empty, Cell::Number);
        let mut row = vec![
            Cell::text(s.code.as_str()),
            Cell::text_or_empty(s.name.as_str()),
            Cell::text_or_empty(s.address.as_str()),
            Cell::text_or_empty(s.region()),
            Cell::text_or_empty(s.setting.map_or("", |x| x.as_str())),
            Cell::text_or_empty(s.station_type.map_or("", |x| x.as_str())),
            Cell::text(s.kind.as_str()),
            s.registered_voters.map_or(Cell::Empty, Cell::count),
            coordinate(s.latitude),
            coordinate(s.longitude),
            Cell::count(p.visits),
            Cell::text_or_empty(p.teams.iter().copied().collect::<Vec<_>>().join(" ")),
            Cell::text_or_empty(
                p.phases
                    .iter()
                    .map(|x| x.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ];
        row.extend(ASSESSED_PHASES.iter().map(|ph| {
            p.latest
                .get(ph)
                .map_or(Cell::Empty, |a| Cell::text(a.as_str()))
        }));
        row.extend([
            Cell::count(p.assessed),
            Cell::yes_no(Some(p.negative > 0)),
            Cell::count(p.incidents),
        ]);
        sheet.row(row)?;
    }
    let rows = sheet.rows();
    Ok((sheet.finish()?, rows))
}
