//! The dashboard's figures: the statistics without their long lists. At a network's size the
//! per-visit turnout list, the turnout flags and the protocol failures are tens of thousands of
//! rows; the dashboard prints their counts and the first failures, and `eom stats --json`, the
//! report and the workbook keep every row.

use serde::Serialize;

use super::{Statistics, StatsFilter};
use crate::error::Result;
use crate::store::Store;

/// How many protocol failures the dashboard lists (the rest are counted).
pub const DASHBOARD_FAILURES: usize = 50;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Dashboard {
    /// The statistics with `turnout` and `turnout_flags` empty and `protocol_failures` cut to its
    /// first [`DASHBOARD_FAILURES`] rows.
    pub statistics: Statistics,
    /// How many turnout flags the statistics hold.
    pub turnout_flags: u64,
    /// How many protocol failures the statistics hold.
    pub protocol_failures: u64,
}

impl Store {
    /// The statistics under `filter`, as the dashboard shows them.
    pub fn dashboard(&mut self, filter: &StatsFilter) -> Result<Dashboard> {
        let mut statistics = self.statistics(filter)?;
        let turnout_flags = statistics.turnout_flags.len() as u64;
        let protocol_failures = statistics.protocol_failures.len() as u64;
        statistics.turnout = Vec::new();
        statistics.turnout_flags = Vec::new();
        statistics.protocol_failures.truncate(DASHBOARD_FAILURES);
        Ok(Dashboard {
            statistics,
            turnout_flags,
            protocol_failures,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dashboard_counts_what_it_does_not_list() {
        let mut store =
            Store::open_in_memory(std::sync::Arc::new(crate::time::SystemClock)).unwrap();
        crate::demo::load_sample(&mut store).unwrap();
        let full = store.statistics(&StatsFilter::default()).unwrap();
        let d = store.dashboard(&StatsFilter::default()).unwrap();
        assert_eq!(d.turnout_flags, full.turnout_flags.len() as u64);
        assert_eq!(d.protocol_failures, full.protocol_failures.len() as u64);
        assert!(
            !full.protocol_failures.is_empty(),
            "the sample has protocol failures"
        );
        assert!(d.statistics.turnout.is_empty() && d.statistics.turnout_flags.is_empty());
        assert_eq!(
            d.statistics.protocol_failures.len(),
            full.protocol_failures.len().min(DASHBOARD_FAILURES)
        );
        // Everything else is the statistics themselves.
        let mut trimmed = full.clone();
        trimmed.turnout.clear();
        trimmed.turnout_flags.clear();
        trimmed.protocol_failures.truncate(DASHBOARD_FAILURES);
        assert_eq!(
            serde_json::to_value(&d.statistics).unwrap(),
            serde_json::to_value(&trimmed).unwrap()
        );
    }
}
