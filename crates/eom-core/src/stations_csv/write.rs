//! The station list written back in the form [`super::parse`] reads: the mission's stations with
//! their administrative levels and coordinates, for another tool or another mission's import.

use crate::model::Station;

/// The fixed columns before the administrative levels, and after them.
const LEADING: [&str; 3] = ["code", "name", "address"];
const TRAILING: [&str; 6] = [
    "setting",
    "type",
    "registered_voters",
    "kind",
    "latitude",
    "longitude",
];

/// `stations` as a comma-separated station list with a header row. The administrative levels
/// become columns in the order they first appear; a station without a level leaves its cell empty.
/// Coordinates are written so that they read back as the same numbers.
pub fn write(stations: &[Station]) -> String {
    let mut levels: Vec<&str> = Vec::new();
    for l in stations.iter().flat_map(|s| &s.admin_levels) {
        if !levels.contains(&l.level.as_str()) {
            levels.push(&l.level);
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = LEADING.iter().chain(&levels).chain(&TRAILING);
    // Writing to a Vec cannot fail.
    w.write_record(header).expect("writing to memory");
    let number = |n: Option<f64>| n.map(|x| x.to_string()).unwrap_or_default();
    for s in stations {
        let mut row: Vec<String> = vec![s.code.clone(), s.name.clone(), s.address.clone()];
        row.extend(levels.iter().map(|level| {
            s.admin_levels
                .iter()
                .find(|l| l.level == *level)
                .map_or(String::new(), |l| l.value.clone())
        }));
        row.extend([
            s.setting.map_or("", |x| x.as_str()).to_string(),
            s.station_type.map_or("", |x| x.as_str()).to_string(),
            s.registered_voters
                .map(|n| n.to_string())
                .unwrap_or_default(),
            s.kind.as_str().to_string(),
            number(s.latitude),
            number(s.longitude),
        ]);
        w.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 in, UTF-8 out")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AdminLevel, StationKind};

    #[test]
    fn the_sample_list_reads_back_as_it_was() {
        let mut stations = crate::demo::sample_bundle().stations;
        stations[0].latitude = Some(40.409_264);
        stations[0].longitude = Some(49.867_092);
        stations[1].latitude = Some(40.1 + 0.2);
        stations[1].name = "Lyceum \"No. 1\", hall; left".into();
        stations[2].admin_levels.truncate(1);
        let parsed = super::super::parse(write(&stations).as_bytes());
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
        assert_eq!(parsed.rows.len(), stations.len());
        for (row, s) in parsed.rows.iter().zip(&stations) {
            assert_eq!(
                (&row.code, &row.name, &row.address),
                (&s.code, &s.name, &s.address)
            );
            assert_eq!((row.latitude, row.longitude), (s.latitude, s.longitude));
            assert_eq!(
                (
                    row.setting,
                    row.station_type,
                    row.registered_voters,
                    row.kind
                ),
                (s.setting, s.station_type, s.registered_voters, s.kind)
            );
            let levels: Vec<&AdminLevel> = s.admin_levels.iter().collect();
            let read: Vec<&AdminLevel> = row
                .admin_levels
                .iter()
                .filter(|l| !l.value.is_empty())
                .collect();
            assert_eq!(read, levels, "{}", s.code);
        }
        assert!(stations.iter().any(|s| s.kind == StationKind::Commission));
    }
}
