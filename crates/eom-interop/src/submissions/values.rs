//! The values of a submissions CSV: times of day with the phone's offset, instants
//! (`SubmissionDate`, `start`), and answers checked against their question.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use eom_core::templates::{AnswerType, NOT_OBSERVED, Question};
use eom_core::time::Timestamp;
use serde_json::Value;

/// A time of day as ODK writes it: `09:05`, `09:05:00`, `09:05:00.000+04:00`, `09:05:00Z`.
pub(crate) fn parse_time(s: &str) -> Result<(NaiveTime, Option<FixedOffset>), String> {
    let s = s.trim();
    let bad = || format!("expected a time of day such as 09:05 or 09:05:00.000+04:00, got `{s}`");
    let (clock, offset) = match s.find(['+', 'Z', 'z']).or_else(|| s.rfind('-')) {
        Some(i) => (&s[..i], Some(parse_offset(&s[i..]).ok_or_else(bad)?)),
        None => (s, None),
    };
    let time = ["%H:%M:%S%.f", "%H:%M:%S", "%H:%M"]
        .iter()
        .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())
        .ok_or_else(bad)?;
    Ok((time, offset))
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    if s.eq_ignore_ascii_case("z") {
        return FixedOffset::east_opt(0);
    }
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = s[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 && digits.len() != 2 {
        return None;
    }
    let h: i32 = digits.get(0..2)?.parse().ok()?;
    let m: i32 = digits
        .get(2..)
        .filter(|m| !m.is_empty())
        .map_or(Some(0), |m| m.parse().ok())?;
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// An instant as ODK Central (`2024-02-07T10:43:19.123Z`, `…+04:00`) or Kobo
/// (`_submission_time`: `2024-02-07T06:43:19`, UTC) write it.
pub(crate) fn parse_instant(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let s = s.trim();
    DateTime::parse_from_rfc3339(s)
        .or_else(|_| {
            NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f")
                .map(|n| n.and_utc().fixed_offset())
        })
        .map_err(|_| {
            format!("expected a date and time such as 2024-02-07T10:43:19.123Z, got `{s}`")
        })
}

/// Times of day of one submission placed on its day in the mission's zone.
pub(crate) struct Day {
    pub tz: chrono_tz::Tz,
    /// The day the form was filled (from `start` or the submission date), if the CSV says.
    pub date: Option<NaiveDate>,
    pub election: NaiveDate,
}

impl Day {
    /// The instant of a time of day: on the submission's day, in the phone's offset when the
    /// value has one, in the mission's zone otherwise. Without a day, election day (times before
    /// 05:00 the night after, as the app reads typed times).
    pub fn instant(
        &self,
        time: NaiveTime,
        offset: Option<FixedOffset>,
    ) -> Result<Timestamp, String> {
        let date = match self.date {
            Some(d) => d,
            None if time.hour() < eom_core::time::NIGHT_ENDS_AT_HOUR => {
                self.election.succ_opt().unwrap_or(self.election)
            }
            None => self.election,
        };
        let local = date.and_time(time);
        let utc: Option<DateTime<Utc>> = match offset {
            Some(o) => o
                .from_local_datetime(&local)
                .single()
                .map(|t| t.with_timezone(&Utc)),
            None => self
                .tz
                .from_local_datetime(&local)
                .earliest()
                .map(|t| t.with_timezone(&Utc)),
        };
        utc.map(Timestamp::new)
            .ok_or_else(|| format!("{time} does not exist on {date} in {}", self.tz))
    }

    /// A time answer as the template keeps it: `HH:MM` in the mission's zone.
    pub fn hhmm(&self, time: NaiveTime, offset: Option<FixedOffset>) -> Result<String, String> {
        Ok(match offset {
            None => time.format("%H:%M").to_string(),
            Some(_) => self
                .instant(time, offset)?
                .in_zone(self.tz)
                .format("%H:%M")
                .to_string(),
        })
    }
}

/// The answer in a cell, typed for its question (`None`: unanswered). Photos are not in a CSV
/// (only their file names): they are left out and counted by the caller.
pub(crate) fn answer(q: &Question, cell: &str, day: &Day) -> Result<Option<Value>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    let choice = |allowed: Vec<&str>| -> Result<Option<Value>, String> {
        let v = cell.to_ascii_lowercase();
        if allowed.contains(&v.as_str()) {
            Ok(Some(Value::String(v)))
        } else {
            Err(format!(
                "`{cell}` is not in the list ({})",
                allowed.join(", ")
            ))
        }
    };
    let options = || q.options.iter().map(|o| o.value.as_str());
    match q.kind {
        AnswerType::YesNo => choice(vec!["yes", "no", NOT_OBSERVED]),
        AnswerType::Assessment => choice(vec!["very_good", "good", "bad", "very_bad"]),
        AnswerType::SingleChoice => choice(options().chain([NOT_OBSERVED]).collect()),
        AnswerType::MultipleChoice => {
            let mut picked = Vec::new();
            for item in cell.split_whitespace() {
                let v = item.to_ascii_lowercase();
                if !options().any(|o| o == v) {
                    let all: Vec<&str> = options().collect();
                    return Err(format!("`{item}` is not in the list ({})", all.join(", ")));
                }
                picked.push(Value::String(v));
            }
            Ok(Some(Value::Array(picked)))
        }
        AnswerType::Integer => {
            let n: i64 = cell
                .strip_suffix(".0")
                .unwrap_or(cell)
                .parse()
                .map_err(|_| format!("expected a whole number, got `{cell}`"))?;
            // The bounds are the library's rule, as for an answer typed in the app.
            eom_core::validate::check_value(q, &Value::from(n), &[])?;
            Ok(Some(Value::from(n)))
        }
        AnswerType::Time => {
            let (t, offset) = parse_time(cell)?;
            Ok(Some(Value::String(day.hhmm(t, offset)?)))
        }
        AnswerType::Text => Ok(Some(Value::String(cell.to_string()))),
        AnswerType::Photo | AnswerType::CandidateVotes => Ok(None),
    }
}

/// One candidate's votes.
pub(crate) fn votes(cell: &str) -> Result<Option<u64>, String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Ok(None);
    }
    cell.parse()
        .map(Some)
        .map_err(|_| format!("expected a whole number of votes, got `{cell}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Day {
        Day {
            tz: "Asia/Baku".parse().unwrap(),
            date: NaiveDate::from_ymd_opt(2024, 2, 7),
            election: NaiveDate::from_ymd_opt(2024, 2, 7).unwrap(),
        }
    }

    #[test]
    fn times_in_the_forms_odk_writes() {
        let t = |s| parse_time(s).unwrap();
        assert_eq!(t("09:05").0, NaiveTime::from_hms_opt(9, 5, 0).unwrap());
        assert_eq!(t("09:05:30.000+04:00").1, FixedOffset::east_opt(4 * 3600));
        assert_eq!(t("09:05:00Z").1, FixedOffset::east_opt(0));
        assert_eq!(
            t("09:05:00.000-03:30").1,
            FixedOffset::east_opt(-(3 * 3600 + 1800))
        );
        assert!(parse_time("nine").unwrap_err().contains("09:05"));
        // A phone still on Berlin time: 06:05+01:00 is 09:05 in Baku.
        let (time, off) = t("06:05:00.000+01:00");
        assert_eq!(day().hhmm(time, off).unwrap(), "09:05");
        assert_eq!(
            day().instant(time, off).unwrap().to_string(),
            "2024-02-07T05:05:00.000Z"
        );
    }

    #[test]
    fn instants_of_central_and_kobo() {
        let a = parse_instant("2024-02-07T10:43:19.123Z").unwrap();
        let b = parse_instant("2024-02-07T10:43:19.123").unwrap();
        assert_eq!(a, b);
        assert!(parse_instant("yesterday").is_err());
    }

    #[test]
    fn without_a_day_times_fall_on_election_day_and_the_night_after() {
        let d = Day {
            date: None,
            ..day()
        };
        let (t, o) = parse_time("01:30").unwrap();
        assert_eq!(
            d.instant(t, o).unwrap().to_string(),
            "2024-02-07T21:30:00.000Z"
        );
    }
}
