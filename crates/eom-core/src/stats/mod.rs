//! The mission's statistics (SPEC 4): one function, used by the CLI (`eom stats`), the app's
//! dashboard and the PDF report, and reproducible from a bundle alone. Field meanings are documented
//! in `docs/statistics.md`.

//!
//! The work is split by what it reads: `read` (stations, teams, visits), `coverage`, `checklists`
//! (assessments, protocol failures), `answers` (problem rates, women), `turnout` and `incidents`.
//! Each table is read once; "records edited after export" is counted along the way.

mod answers;
mod checklists;
mod compute;
mod coverage;
mod dashboard;
mod incidents;
mod read;
mod turnout;

pub use dashboard::{DASHBOARD_FAILURES, Dashboard};

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{Assessment, Phase};

type FnvMap<K, V> = HashMap<K, V, crate::fnv::FnvBuild>;

/// Below this denominator a share is written "X of N", never as a percentage.
pub const PERCENT_THRESHOLD: u64 = 30;

/// A rise in observed turnout faster than this between two visits to one station is flagged.
pub const TURNOUT_JUMP_POINTS_PER_HOUR: f64 = 15.0;

/// The phases every statistics block reports, in election-day order.
pub const REPORTED_PHASES: [Phase; 3] = [Phase::Opening, Phase::Voting, Phase::Counting];

/// "X of N" below 30, else a percentage with one decimal ("12.5 %"); "–" when N is 0.
pub fn share(x: u64, n: u64) -> String {
    Share::new(x, n).to_string()
}

/// A share as numbers, for whoever writes it in another language (the app, the report): `count`
/// of `of`, and the percentage when the display rule writes one. Its English text is the
/// `…display` field beside it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Share {
    pub count: u64,
    pub of: u64,
    /// Per cent to one decimal when `of` is at least `PERCENT_THRESHOLD`; `null` below it (the
    /// share is written "count of of") and when `of` is 0 (written "–").
    pub percent: Option<f64>,
}

impl Share {
    pub fn new(count: u64, of: u64) -> Self {
        Share {
            count,
            of,
            percent: (of >= PERCENT_THRESHOLD).then(|| tenths_of_percent(count, of)),
        }
    }
}

impl std::fmt::Display for Share {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.percent {
            _ if self.of == 0 => f.write_str("–"),
            Some(p) => write!(f, "{p:.1} %"),
            None => write!(f, "{} of {}", self.count, self.of),
        }
    }
}

fn rate(x: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| tenths_of_percent(x, n))
}

/// `x` of `n` in per cent to one decimal, a tie rounded up (3 of 16 = 18.75 % → 18.8 %), in whole
/// numbers: floating point would round some ties (1 of 2,000 = 0.05 %) by the binary fraction.
pub(crate) fn tenths_of_percent(x: u64, n: u64) -> f64 {
    let (x, n) = (u128::from(x), u128::from(n));
    ((2000 * x + n) / (2 * n)) as f64 / 10.0
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatsFilter {
    pub phase: Option<Phase>,
    /// Top administrative level of the station.
    pub region: Option<String>,
    /// Team code, e.g. `T01`.
    pub team: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Statistics {
    pub mission: String,
    pub is_sample: bool,
    pub filter: StatsFilter,
    pub coverage: Coverage,
    pub tabulation: Tabulation,
    pub assessments: BTreeMap<String, AssessmentCounts>,
    pub assessments_by_region: BTreeMap<String, Vec<GroupAssessment>>,
    pub assessments_by_setting: BTreeMap<String, Vec<GroupAssessment>>,
    pub problems: Vec<ProblemRate>,
    pub turnout: Vec<TurnoutObservation>,
    pub turnout_flags: Vec<TurnoutFlag>,
    pub protocol_failures: Vec<ProtocolFailureRow>,
    pub incidents: IncidentStats,
    pub women: WomenStats,
    pub data_quality: DataQuality,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Coverage {
    pub teams: u64,
    pub observers: u64,
    pub visits: u64,
    pub visits_by_phase: BTreeMap<String, u64>,
    pub stations_visited: u64,
    pub stations_total: u64,
    pub stations_visited_display: String,
    pub stations_visited_share: Share,
    pub checklists: BTreeMap<String, u64>,
    pub by_region: Vec<CoverageGroup>,
    pub by_setting: Vec<CoverageGroup>,
    pub observing_minutes: i64,
}

/// The tabulation of results at election commissions (district / constituency): its checklists'
/// assessments are `assessments.tabulation` and its problem rates those of phase `tabulation`.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Tabulation {
    /// Commissions in the station list (`--region` narrows it).
    pub commissions_total: u64,
    /// Distinct commissions with a kept visit.
    pub commissions_observed: u64,
    pub commissions_observed_display: String,
    pub commissions_observed_share: Share,
    /// Kept visits to commissions.
    pub visits: u64,
    /// Commissions with at least one tabulation checklist carrying an overall assessment.
    pub commissions_assessed: u64,
    /// Of those, commissions where any tabulation checklist was assessed bad or very bad:
    /// "assessed negatively in X of N commissions observed".
    pub commissions_negative: u64,
    pub commissions_negative_display: String,
    pub commissions_negative_share: Share,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CoverageGroup {
    pub group: String,
    pub stations_total: u64,
    pub stations_visited: u64,
    pub visits: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AssessmentCounts {
    pub very_good: u64,
    pub good: u64,
    pub bad: u64,
    pub very_bad: u64,
    /// Checklists of the phase with an overall assessment.
    pub total: u64,
    /// bad + very bad: "assessed negatively".
    pub negative: u64,
    pub negative_rate: Option<f64>,
    pub negative_display: String,
    pub negative_share: Share,
}

impl AssessmentCounts {
    fn add_n(&mut self, a: Assessment, n: u64) {
        match a {
            Assessment::VeryGood => self.very_good += n,
            Assessment::Good => self.good += n,
            Assessment::Bad => self.bad += n,
            Assessment::VeryBad => self.very_bad += n,
        }
        self.total += n;
        if a.is_negative() {
            self.negative += n;
        }
    }
    fn finish(&mut self) {
        self.negative_rate = rate(self.negative, self.total);
        self.negative_share = Share::new(self.negative, self.total);
        self.negative_display = self.negative_share.to_string();
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GroupAssessment {
    pub group: String,
    #[serde(flatten)]
    pub counts: AssessmentCounts,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProblemRate {
    pub template: String,
    pub phase: Phase,
    pub code: String,
    pub question: String,
    /// Checklists where the question was shown and answered (not "not observed").
    pub answered: u64,
    /// Of those, answered with a problem answer.
    pub problem: u64,
    pub rate: Option<f64>,
    pub display: String,
    pub share: Share,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TurnoutObservation {
    pub visit_id: uuid::Uuid,
    pub station_code: String,
    pub team: String,
    pub arrival_at: crate::time::Timestamp,
    pub voters_on_list: u32,
    pub voted: u32,
    pub turnout: f64,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TurnoutFlag {
    pub station_code: String,
    pub visit_id: uuid::Uuid,
    /// `over_100`, `decrease` (fewer voters than at an earlier visit) or `jump`.
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ProtocolFailureRow {
    pub station_code: String,
    pub team: String,
    pub checklist_id: uuid::Uuid,
    pub check: String,
    pub message: String,
    /// The figures without words (see `validate::ProtocolFailure::formula`); may be empty.
    pub formula: String,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IncidentStats {
    pub total: u64,
    pub by_category: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    pub by_source: BTreeMap<String, u64>,
    pub by_follow_up: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct WomenStats {
    /// Sum of commission members present over the checklists that recorded both it and the
    /// women among them.
    pub members_present: u64,
    pub members_women: u64,
    pub members_women_display: String,
    pub members_women_share: Share,
    /// Checklists that answered whether the chair is a woman, and how many said yes.
    pub chairs_answered: u64,
    pub chairs_women: u64,
    pub chairs_women_display: String,
    pub chairs_women_share: Share,
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DataQuality {
    pub checklists_total: u64,
    /// Checklists still in draft (not submitted).
    pub checklists_incomplete: u64,
    /// Answers to shown questions.
    pub answers_total: u64,
    pub answers_not_observed: u64,
}

fn group_name(s: &str) -> String {
    if s.is_empty() {
        "(none)".into()
    } else {
        s.into()
    }
}

/// Whether a visit's station region and team pass the filter.
fn keep(filter: &StatsFilter, region: &str, team: &str) -> bool {
    filter.region.as_deref().is_none_or(|r| r == region)
        && filter
            .team
            .as_deref()
            .is_none_or(|t| t.eq_ignore_ascii_case(team))
}

fn phase_ok(filter: &StatsFilter, p: Phase) -> bool {
    filter.phase.is_none_or(|f| f == p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn shares_switch_to_percent_at_30() {
        assert_eq!(share(3, 29), "3 of 29");
        assert_eq!(share(3, 30), "10.0 %");
        assert_eq!(share(31, 40), "77.5 %");
        assert_eq!(share(0, 0), "–");
        assert_eq!(share(0, 5), "0 of 5");
    }

    #[test]
    fn a_share_carries_the_percentage_only_where_it_is_written() {
        assert_eq!(Share::new(3, 29).percent, None);
        assert_eq!(Share::new(3, 30).percent, Some(10.0));
        assert_eq!(Share::new(0, 0).percent, None);
        assert_eq!(Share::new(3, 16).percent, None);
        assert_eq!(Share::new(6, 32).percent, Some(18.8));
    }

    /// Under every region and team filter, the figures from the checklists' stored figures (read
    /// in the checklist pass) are those from their answers.
    #[test]
    fn filtered_figures_agree_with_the_answers() {
        let mut store =
            Store::open_in_memory(std::sync::Arc::new(crate::time::SystemClock)).unwrap();
        crate::demo::load_sample(&mut store).unwrap();
        let all = store.statistics(&StatsFilter::default()).unwrap();
        let mut filters: Vec<StatsFilter> = all
            .coverage
            .by_region
            .iter()
            .map(|g| StatsFilter {
                region: Some(g.group.clone()),
                ..Default::default()
            })
            .collect();
        for t in store.teams().unwrap() {
            for phase in [None, Some(Phase::Voting)] {
                filters.push(StatsFilter {
                    team: Some(t.code.clone()),
                    phase,
                    ..Default::default()
                });
            }
        }
        assert!(filters.len() > 6);
        for f in filters {
            let figures = |s: Statistics| serde_json::json!([s.problems, s.women, s.data_quality]);
            let fast = figures(store.statistics_reading(&f, true).unwrap());
            let slow = figures(store.statistics_reading(&f, false).unwrap());
            assert_eq!(fast, slow, "{f:?}");
            assert!(fast[2]["answers_total"].as_u64() > Some(0), "{f:?}");
        }
    }

    #[test]
    fn ties_round_up() {
        assert_eq!(rate(3, 16), Some(18.8));
        assert_eq!(rate(1, 8), Some(12.5));
        assert_eq!(rate(1, 2000), Some(0.1));
        assert_eq!(rate(1, 2001), Some(0.0));
        assert_eq!(rate(2, 3), Some(66.7));
        assert_eq!(rate(1, 3), Some(33.3));
        assert_eq!(rate(0, 0), None);
        assert_eq!(share(3, 32), "9.4 %");
    }
}
