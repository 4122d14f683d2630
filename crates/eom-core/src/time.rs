//! UTC timestamps with a fixed text form, and the clock the store reads.

use std::fmt;

use chrono::{DateTime, SubsecRound, TimeZone, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A UTC instant with millisecond precision, always written `2024-02-07T04:00:00.000Z` so that text
/// order is time order (in SQL and in bundles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(type = "string"))]
pub struct Timestamp(DateTime<Utc>);

impl Timestamp {
    pub fn new(dt: DateTime<Utc>) -> Self {
        Timestamp(dt.trunc_subsecs(3))
    }
    pub fn from_millis(ms: i64) -> Self {
        Timestamp(Utc.timestamp_millis_opt(ms).single().unwrap_or_default())
    }
    pub fn millis(&self) -> i64 {
        self.0.timestamp_millis()
    }
    pub fn as_datetime(&self) -> DateTime<Utc> {
        self.0
    }
    pub fn parse(s: &str) -> Result<Self, String> {
        if let Some(t) = Self::parse_canonical(s) {
            return Ok(t);
        }
        DateTime::parse_from_rfc3339(s)
            .map(|d| Timestamp::new(d.with_timezone(&Utc)))
            .map_err(|e| format!("`{s}` is not an RFC 3339 time ({e})"))
    }
    /// The form this program writes (`2024-02-07T04:00:00.000Z`), read without chrono's general
    /// parser: bundles carry hundreds of thousands of timestamps.
    fn parse_canonical(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 24
            || b[4] != b'-'
            || b[7] != b'-'
            || b[10] != b'T'
            || b[13] != b':'
            || b[16] != b':'
            || b[19] != b'.'
            || b[23] != b'Z'
        {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u32> {
            b[from..to].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let date = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
        let time = chrono::NaiveTime::from_hms_milli_opt(
            num(11, 13)?,
            num(14, 16)?,
            num(17, 19)?,
            num(20, 23)?,
        )?;
        Some(Timestamp(date.and_time(time).and_utc()))
    }

    /// The time as shown to observers: in the mission's zone.
    pub fn in_zone(&self, tz: chrono_tz::Tz) -> DateTime<chrono_tz::Tz> {
        self.0.with_timezone(&tz)
    }
}

impl fmt::Display for Timestamp {
    // Written digit by digit: this runs for every timestamp of every record a bundle carries,
    // and `format!` machinery costs several times more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use chrono::{Datelike, Timelike};
        let d = self.0;
        let mut b = *b"0000-00-00T00:00:00.000Z";
        let mut put = |at: usize, width: usize, mut n: u32| {
            for i in (at..at + width).rev() {
                b[i] = b'0' + (n % 10) as u8;
                n /= 10;
            }
        };
        put(0, 4, d.year().clamp(0, 9999) as u32);
        put(5, 2, d.month());
        put(8, 2, d.day());
        put(11, 2, d.hour());
        put(14, 2, d.minute());
        put(17, 2, d.second().min(59));
        put(20, 3, d.timestamp_subsec_millis().min(999));
        f.write_str(std::str::from_utf8(&b).unwrap_or("0000-00-00T00:00:00.000Z"))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Timestamp::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl ToSql for Timestamp {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Timestamp {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let s = value.as_str()?;
        Timestamp::parse(s).map_err(|e| FromSqlError::Other(e.into()))
    }
}

/// Where the store gets "now": the system clock in the app, a fixed or stepping clock in tests.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::new(Utc::now())
    }
}

/// A clock that starts at a given instant and advances one millisecond per reading.
pub struct SteppingClock(std::sync::atomic::AtomicI64);

impl SteppingClock {
    pub fn starting_at(t: Timestamp) -> Self {
        SteppingClock(std::sync::atomic::AtomicI64::new(t.millis()))
    }
}

impl Clock for SteppingClock {
    fn now(&self) -> Timestamp {
        Timestamp::from_millis(self.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

/// Clock times before this hour belong to the night after election day: counting goes on past
/// midnight, and no polling station opens before 06:00, so `01:30` typed on election day means the
/// next calendar day.
pub const NIGHT_ENDS_AT_HOUR: u32 = 5;

/// A clock time `HH:MM` typed on election day in the mission's zone, as an instant.
///
/// Times from 00:00 to 04:59 are placed on the night after `date` (see [`NIGHT_ENDS_AT_HOUR`]).
/// A time that a clock change skips is refused; one it repeats takes the earlier instant.
pub fn election_day_time(
    date: chrono::NaiveDate,
    tz: chrono_tz::Tz,
    hhmm: &str,
) -> Result<Timestamp, String> {
    use chrono::{NaiveTime, TimeZone};
    let time = NaiveTime::parse_from_str(hhmm.trim(), "%H:%M").map_err(|_| {
        format!(
            "`{}` is not a time: expected HH:MM, e.g. 07:45",
            hhmm.trim()
        )
    })?;
    let day = if chrono::Timelike::hour(&time) < NIGHT_ENDS_AT_HOUR {
        date.succ_opt().ok_or("the date is out of range")?
    } else {
        date
    };
    match tz.from_local_datetime(&day.and_time(time)) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            Ok(Timestamp::new(t.with_timezone(&Utc)))
        }
        chrono::LocalResult::None => Err(format!(
            "{} does not exist on {day} in {tz}: the clocks changed then",
            hhmm.trim()
        )),
    }
}

/// Parses an IANA zone name such as `Asia/Baku`.
pub fn parse_zone(name: &str) -> Result<chrono_tz::Tz, String> {
    name.parse::<chrono_tz::Tz>()
        .map_err(|_| format!("`{name}` is not an IANA time zone (e.g. `Asia/Baku`)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_is_fixed_width_and_round_trips() {
        let t = Timestamp::parse("2024-02-07T08:00:00+04:00").unwrap();
        assert_eq!(t.to_string(), "2024-02-07T04:00:00.000Z");
        assert_eq!(Timestamp::parse(&t.to_string()).unwrap(), t);
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(json, "\"2024-02-07T04:00:00.000Z\"");
    }

    #[test]
    fn election_day_times_after_midnight_belong_to_the_night() {
        let date = chrono::NaiveDate::from_ymd_opt(2024, 2, 7).unwrap();
        let baku = parse_zone("Asia/Baku").unwrap();
        let t = |s| election_day_time(date, baku, s).map(|t| t.to_string());
        assert_eq!(t("07:45").unwrap(), "2024-02-07T03:45:00.000Z");
        assert_eq!(t("23:59").unwrap(), "2024-02-07T19:59:00.000Z");
        assert_eq!(t("00:30").unwrap(), "2024-02-07T20:30:00.000Z");
        assert_eq!(t(" 4:59 ").unwrap(), "2024-02-08T00:59:00.000Z");
        assert_eq!(t("05:00").unwrap(), "2024-02-07T01:00:00.000Z");
        assert!(t("24:00").unwrap_err().contains("HH:MM"));
        assert!(t("7.45").unwrap_err().contains("`7.45`"));
        // Berlin skips 02:00-03:00 on 2024-03-31: 02:30 typed on the 30th falls in the gap.
        let march = chrono::NaiveDate::from_ymd_opt(2024, 3, 30).unwrap();
        let berlin = parse_zone("Europe/Berlin").unwrap();
        assert!(
            election_day_time(march, berlin, "02:30")
                .unwrap_err()
                .contains("clocks changed")
        );
    }

    #[test]
    fn zones_parse() {
        assert!(parse_zone("Asia/Baku").is_ok());
        assert!(parse_zone("Mars/Olympus").unwrap_err().contains("IANA"));
    }
}

#[cfg(test)]
mod canonical_tests {
    use super::*;

    #[test]
    fn the_fast_path_agrees_with_chrono() {
        for s in [
            "2024-02-07T04:00:00.000Z",
            "1999-12-31T23:59:59.999Z",
            "2024-02-29T00:00:00.001Z",
        ] {
            let fast = Timestamp::parse_canonical(s).unwrap();
            let slow = Timestamp::new(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
            assert_eq!(fast, slow, "{s}");
            assert_eq!(fast.to_string(), s);
        }
        assert!(Timestamp::parse_canonical("2023-02-29T00:00:00.000Z").is_none());
        assert!(Timestamp::parse("2023-02-29T00:00:00.000Z").is_err());
        assert!(Timestamp::parse_canonical("2024-02-07T04:00:00Z").is_none());
        assert!(Timestamp::parse("2024-02-07T04:00:00Z").is_ok());
    }
}
