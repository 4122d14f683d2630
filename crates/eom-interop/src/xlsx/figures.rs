//! The summary sheet's rows: a figure with its source in `eom stats --json`, its denominator
//! with its source, and its share.

use std::collections::BTreeMap;

use eom_core::stats::{AssessmentCounts, REPORTED_PHASES, share};
use rust_xlsxwriter::XlsxError;

use super::cells::{Cell, Sheet};

/// A JSON pointer segment (RFC 6901).
pub(super) fn seg(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

pub(super) struct Rows {
    pub sheet: Sheet,
}

impl Rows {
    pub fn info(&mut self, figure: &str, value: impl Into<String>) -> Result<(), XlsxError> {
        let row = vec![
            Cell::text("mission"),
            Cell::text(figure),
            Cell::text_or_empty(value),
        ];
        self.sheet.row(row)
    }

    /// A count, with its source; `of` is the denominator with its source, and `display` the
    /// statistics' own share text when they have one (else `eom_core::stats::share`).
    pub fn figure(
        &mut self,
        section: &str,
        figure: &str,
        (value, source): (u64, String),
        of: Option<(u64, String)>,
        display: Option<&str>,
    ) -> Result<(), XlsxError> {
        let share = match (&of, display) {
            (_, Some(d)) => d.to_string(),
            (Some((n, _)), None) => share(value, *n),
            (None, None) => String::new(),
        };
        let (of_cell, of_source) = match of {
            Some((n, s)) => (Cell::Number(n as f64), Cell::text(s)),
            None => (Cell::Empty, Cell::Empty),
        };
        self.sheet.row(vec![
            Cell::text(section),
            Cell::text(figure),
            Cell::Number(value as f64),
            of_cell,
            Cell::text_or_empty(share),
            Cell::text(source),
            of_source,
        ])
    }

    /// A line of text from a list (a turnout flag, a protocol failure).
    pub fn note(
        &mut self,
        section: &str,
        figure: &str,
        text: &str,
        source: String,
    ) -> Result<(), XlsxError> {
        self.sheet.row(vec![
            Cell::text(section),
            Cell::text(figure),
            Cell::text_or_empty(text),
            Cell::Empty,
            Cell::Empty,
            Cell::text(source),
        ])
    }

    /// A phase's assessment counts: each level and "assessed negatively", of the total.
    pub fn assessment(
        &mut self,
        section: &str,
        name: &str,
        a: &AssessmentCounts,
        at: &str,
    ) -> Result<(), XlsxError> {
        let total = (a.total, format!("{at}/total"));
        for (level, n) in [
            ("very_good", a.very_good),
            ("good", a.good),
            ("bad", a.bad),
            ("very_bad", a.very_bad),
        ] {
            let value = (n, format!("{at}/{level}"));
            self.figure(
                section,
                &format!("{name}: {level}"),
                value,
                Some(total.clone()),
                None,
            )?;
        }
        self.negative(section, name, a, at)
    }

    /// "Assessed negatively" (bad + very bad) of the checklists with an assessment.
    pub fn negative(
        &mut self,
        section: &str,
        name: &str,
        a: &AssessmentCounts,
        at: &str,
    ) -> Result<(), XlsxError> {
        let figure = format!("{name}: assessed negatively");
        let value = (a.negative, format!("{at}/negative"));
        let total = (a.total, format!("{at}/total"));
        self.figure(
            section,
            &figure,
            value,
            Some(total),
            Some(&a.negative_display),
        )
    }
}

/// The phases of a statistics map: the reported ones in election-day order, then the others.
pub(super) fn phases<V>(map: &BTreeMap<String, V>) -> Vec<&String> {
    let mut out: Vec<&String> = REPORTED_PHASES
        .iter()
        .filter_map(|p| map.get_key_value(p.as_str()).map(|(k, _)| k))
        .collect();
    let others: Vec<&String> = map.keys().filter(|k| !out.contains(k)).collect();
    out.extend(others);
    out
}
