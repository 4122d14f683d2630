//! Time zones for people choosing one: the IANA zones of the world's regions with their offset at
//! a given moment, the countries that use each, and a country's zone when it has exactly one. The
//! countries come from the tz database's own tables (`data/countries.tsv`), so nothing is fetched.

use chrono::Offset;
use serde::Serialize;

use crate::time::Timestamp;

const COUNTRIES: &str = include_str!("../data/countries.tsv");

/// One zone as a picker lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ZoneChoice {
    /// The IANA name, e.g. `Asia/Baku`.
    pub name: String,
    /// Offset from UTC at the moment asked for, in minutes (Baku: 240).
    pub offset_minutes: i32,
    /// The same as people write it: `UTC+04:00`.
    pub offset: String,
    /// Countries that use the zone, e.g. `["Azerbaijan"]` (none for `UTC`).
    pub countries: Vec<String>,
}

/// (country, its zones) from the table.
fn countries() -> impl Iterator<Item = (&'static str, Vec<&'static str>)> {
    COUNTRIES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let (_code, name, zones) = (f.next()?, f.next()?, f.next().unwrap_or(""));
            Some((name, zones.split(',').filter(|z| !z.is_empty()).collect()))
        })
}

/// Every zone some country uses, and `UTC`, by name, with its offset at `at`.
pub fn zones(at: Timestamp) -> Vec<ZoneChoice> {
    let mut by_zone: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    by_zone.insert("UTC", Vec::new());
    for (country, zones) in countries() {
        for z in zones {
            by_zone.entry(z).or_default().push(country.to_string());
        }
    }
    by_zone
        .into_iter()
        .filter_map(|(name, countries)| {
            // A zone the tz database lists but this build's copy does not know is left out.
            let tz: chrono_tz::Tz = name.parse().ok()?;
            let minutes = at.in_zone(tz).offset().fix().local_minus_utc() / 60;
            Some(ZoneChoice {
                name: name.to_string(),
                offset_minutes: minutes,
                offset: format!(
                    "UTC{}{:02}:{:02}",
                    if minutes < 0 { '-' } else { '+' },
                    minutes.abs() / 60,
                    minutes.abs() % 60
                ),
                countries,
            })
        })
        .collect()
}

/// The zone of a country that has exactly one (`Azerbaijan` → `Asia/Baku`), matched by its name in
/// any case; `None` for a country with several zones or a name the table does not have.
pub fn country_zone(country: &str) -> Option<String> {
    let wanted = country.trim();
    countries()
        .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
        .and_then(|(_, zones)| (zones.len() == 1).then(|| zones[0].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_zone_is_known_and_baku_is_four_hours_ahead() {
        let at = Timestamp::parse("2024-02-07T12:00:00Z").unwrap();
        let all = zones(at);
        assert!(all.len() > 300, "{} zones", all.len());
        let baku = all.iter().find(|z| z.name == "Asia/Baku").unwrap();
        assert_eq!(
            (baku.offset_minutes, baku.offset.as_str()),
            (240, "UTC+04:00")
        );
        assert_eq!(baku.countries, ["Azerbaijan"]);
        let ny = all.iter().find(|z| z.name == "America/New_York").unwrap();
        assert_eq!(ny.offset, "UTC-05:00");
        let kolkata = all.iter().find(|z| z.name == "Asia/Kolkata").unwrap();
        assert_eq!(kolkata.offset, "UTC+05:30");
        assert!(
            all.iter()
                .any(|z| z.name == "UTC" && z.offset == "UTC+00:00")
        );
        // Every zone of the table parses in this build: none is silently dropped.
        let listed: std::collections::BTreeSet<&str> = countries().flat_map(|(_, z)| z).collect();
        assert_eq!(all.len(), listed.len() + 1);
    }

    #[test]
    fn a_country_with_one_zone_has_a_default() {
        assert_eq!(country_zone("Azerbaijan").as_deref(), Some("Asia/Baku"));
        assert_eq!(country_zone(" georgia ").as_deref(), Some("Asia/Tbilisi"));
        assert_eq!(country_zone("Russia"), None, "several zones");
        assert_eq!(country_zone("Atlantis"), None);
    }
}
