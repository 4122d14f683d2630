//! `Store::statistics`: the passes run in order, each reading one table once, and their results
//! put together. A child of its own, so that `stats` (the figures' types and shared helpers) serves
//! the passes and this module runs them, and neither needs the other both ways.

use std::collections::{HashMap, HashSet};

use super::{DataQuality, Share, Statistics, StatsFilter};
use super::{answers, checklists, coverage, incidents, read, turnout};
use crate::error::Result;
use crate::store::Store;
use crate::templates::Template;

impl Store {
    /// Computes every SPEC section-4 figure, narrowed by `filter`.
    pub fn statistics(&mut self, filter: &StatsFilter) -> Result<Statistics> {
        self.statistics_reading(filter, true)
    }

    /// `stored_figures`: whether a filtered pass may read the checklists' stored figures (false:
    /// every counted checklist's answers, the slow way the tests compare them with).
    pub(super) fn statistics_reading(
        &mut self,
        filter: &StatsFilter,
        stored_figures: bool,
    ) -> Result<Statistics> {
        let mission = self.mission()?;
        let mut templates: HashMap<String, Template> = HashMap::new();
        let mut versions: HashMap<String, usize> = HashMap::new();
        for t in self.templates()? {
            *versions.entry(t.id.clone()).or_default() += 1;
            // Codes are stable across versions: the newest version defines the question.
            templates.insert(t.id.clone(), t);
        }
        // A checklist's stored figures were derived with its own template version: read as they
        // are only where that is the newest.
        let stored: HashSet<&str> = versions
            .iter()
            .filter(|(_, n)| **n == 1 && stored_figures)
            .map(|(id, _)| id.as_str())
            .collect();
        let conn = &self.conn;
        let places = read::Places::read(conn, filter)?;
        let visits = read::visits(conn, filter, &places)?;
        let mut coverage = coverage::coverage(conn, filter, &visits, &places.totals)?;
        let checklists = checklists::read(conn, filter, &visits, &stored)?;
        for (phase, n) in &checklists.per_phase {
            *coverage.checklists.entry(phase.to_string()).or_default() += n;
        }
        let tabulation = coverage::tabulation(
            &visits,
            places.commissions_total,
            &checklists.tabulation_negative,
        );
        let mut answers = answers::read(conn, &templates, &stored, checklists.answers_from)?;
        let women = &mut answers.women;
        (women.members_present, women.members_women) = checklists.members;
        women.members_women_share = Share::new(women.members_women, women.members_present);
        women.members_women_display = women.members_women_share.to_string();
        women.chairs_women_share = Share::new(women.chairs_women, women.chairs_answered);
        women.chairs_women_display = women.chairs_women_share.to_string();
        let (turnout, turnout_flags) = turnout::turnout(&visits);
        let incidents = incidents::incident_stats(conn, filter, &visits)?;
        let data_quality = DataQuality {
            checklists_total: checklists.total,
            checklists_incomplete: checklists.incomplete,
            answers_total: answers.total,
            answers_not_observed: answers.not_observed,
        };
        Ok(Statistics {
            mission: mission.name,
            is_sample: mission.is_sample,
            filter: filter.clone(),
            coverage,
            tabulation,
            assessments: checklists.assessments,
            assessments_by_region: checklists.by_region,
            assessments_by_setting: checklists.by_setting,
            problems: answers.problems,
            turnout,
            turnout_flags,
            protocol_failures: checklists.protocol_failures,
            incidents,
            women: answers.women,
            data_quality,
        })
    }
}
