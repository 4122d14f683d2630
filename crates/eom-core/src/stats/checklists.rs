//! The checklist pass (SPEC 4.2, 4.6, 4.8): checklists per phase, assessments overall, by region
//! and by setting, protocol failures, drafts. One read of the checklist rows, which carry their
//! assessment and failed checks, so no answer is read here.

use std::collections::{BTreeMap, HashSet};

use super::answers::{AnswerSource, Tally};

use super::read::VisitRow;
use super::{
    AssessmentCounts, FnvMap, GroupAssessment, ProtocolFailureRow, REPORTED_PHASES, StatsFilter,
    group_name, phase_ok,
};
use crate::error::Result;
use crate::model::{Assessment, Phase};
use crate::validate;

/// What the checklist pass found.
pub(super) struct ChecklistFigures {
    pub per_phase: FnvMap<Phase, u64>,
    pub assessments: BTreeMap<String, AssessmentCounts>,
    pub by_region: BTreeMap<String, Vec<GroupAssessment>>,
    pub by_setting: BTreeMap<String, Vec<GroupAssessment>>,
    pub protocol_failures: Vec<ProtocolFailureRow>,
    pub total: u64,
    /// Drafts (not submitted).
    pub incomplete: u64,
    /// Where the answers of the counted checklists are read from.
    pub answers_from: AnswerSource,
    /// Members present and women among them, summed over the counted checklists that recorded
    /// both (the rows' derived `members_present`, `members_women`).
    pub members: (u64, u64),
    /// Per commission (code) with an assessed tabulation checklist: whether any was assessed
    /// bad or very bad.
    pub tabulation_negative: BTreeMap<String, bool>,
}

type GroupCounts = BTreeMap<String, BTreeMap<String, AssessmentCounts>>;

/// `stored`: the templates whose checklists' stored figures are read as they are (see
/// `answers::tally`). Under a region or team filter the pass reads the counted checklists' stored
/// figures along the way, which spares the answer pass a second look-up per checklist.
pub(super) fn read(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    visits: &[VisitRow<'_>],
    stored: &HashSet<&str>,
) -> Result<ChecklistFigures> {
    let visit_keys: FnvMap<&str, (&str, &str, &str, &str, bool)> = visits
        .iter()
        .filter(|v| v.in_phase)
        .map(|v| {
            (
                v.id_text.as_str(),
                (v.region, v.setting, v.team, v.station_code, v.commission),
            )
        })
        .collect();
    let mut out = ChecklistFigures {
        per_phase: FnvMap::default(),
        assessments: REPORTED_PHASES
            .iter()
            .map(|p| (p.to_string(), AssessmentCounts::default()))
            .collect(),
        by_region: BTreeMap::new(),
        by_setting: BTreeMap::new(),
        protocol_failures: Vec::new(),
        total: 0,
        incomplete: 0,
        tabulation_negative: BTreeMap::new(),
        answers_from: AnswerSource::Counts(None),
        members: (0, 0),
    };
    let mut stmt = conn.prepare(
        "SELECT seq, id, visit_id, phase, assessment, submitted_at IS NULL, protocol_failures, \
         deleted, template_id, members_present, members_women, answers_shown, \
         answers_not_observed, figure_answers FROM checklists",
    )?;
    // Whole templates (no filter, or the phase filter alone) come from `answer_counts` instead.
    let read_figures = filter.region.is_some() || filter.team.is_some();
    let mut tallied = Tally::default();
    let mut q = stmt.query([])?;
    // Counted with borrowed keys and turned into the reported maps afterwards: this loop runs
    // once per checklist (60,000 in a large mission).
    type Key<'k> = (Phase, &'k str, &'k str, Assessment);
    let mut counted: FnvMap<Key<'_>, u64> = FnvMap::default();
    let mut by_template = ByTemplate::default();
    while let Some(r) = q.next()? {
        if r.get::<_, bool>(7)? {
            continue;
        }
        let template = by_template.live(r.get_ref(8)?.as_str()?);
        let visit_id = r.get_ref(2)?.as_str()?;
        let Some(&(region, setting, team, station, commission)) = visit_keys.get(visit_id) else {
            continue;
        };
        let phase: Phase = r.get(3)?;
        if !phase_ok(filter, phase) {
            continue;
        }
        let template_id = by_template.ids[template].as_str();
        match r.get::<_, Option<i64>>(11)? {
            Some(shown) if read_figures && stored.contains(template_id) => {
                let figure_answers = r.get_ref(13)?.as_str()?;
                tallied.add_figures(template_id, shown, r.get(12)?, figure_answers);
                by_template.counted(template, None);
            }
            _ => by_template.counted(template, Some(r.get(0)?)),
        }
        if let (Some(present), Some(women)) =
            (r.get::<_, Option<i64>>(9)?, r.get::<_, Option<i64>>(10)?)
        {
            out.members.0 += present as u64;
            out.members.1 += women as u64;
        }
        if let Some(failures) = r.get_ref(6)?.as_str_or_null()? {
            let checklist_id = crate::store::rows::get_uuid(r, 1)?;
            let list: Vec<validate::ProtocolFailure> =
                serde_json::from_str(failures).unwrap_or_default();
            for f in list {
                out.protocol_failures.push(ProtocolFailureRow {
                    station_code: station.to_string(),
                    team: team.to_string(),
                    checklist_id,
                    check: f.check.into_owned(),
                    message: f.message,
                    formula: f.formula,
                });
            }
        }
        *out.per_phase.entry(phase).or_default() += 1;
        out.total += 1;
        if r.get::<_, bool>(5)? {
            out.incomplete += 1;
        }
        if let Some(a) = r
            .get_ref(4)?
            .as_str_or_null()?
            .and_then(|a| a.parse::<Assessment>().ok())
        {
            *counted.entry((phase, region, setting, a)).or_default() += 1;
            if commission && phase == Phase::Tabulation {
                *out.tabulation_negative
                    .entry(station.to_string())
                    .or_default() |= a.is_negative();
            }
        }
    }
    let mut by_region = GroupCounts::new();
    let mut by_setting = GroupCounts::new();
    for ((phase, region, setting, a), n) in counted {
        out.assessments
            .entry(phase.to_string())
            .or_default()
            .add_n(a, n);
        for (groups, group) in [(&mut by_region, region), (&mut by_setting, setting)] {
            groups
                .entry(phase.to_string())
                .or_default()
                .entry(group_name(group))
                .or_default()
                .add_n(a, n);
        }
    }
    for a in out.assessments.values_mut() {
        a.finish();
    }
    out.answers_from = by_template.source(tallied);
    out.by_region = finish_groups(by_region);
    out.by_setting = finish_groups(by_setting);
    out.protocol_failures.sort_by(|a, b| {
        a.station_code
            .cmp(&b.station_code)
            .then(a.check.cmp(&b.check))
    });
    Ok(out)
}

fn finish_groups(m: GroupCounts) -> BTreeMap<String, Vec<GroupAssessment>> {
    m.into_iter()
        .map(|(phase, groups)| {
            let list = groups
                .into_iter()
                .map(|(group, mut counts)| {
                    counts.finish();
                    GroupAssessment { group, counts }
                })
                .collect();
            (phase, list)
        })
        .collect()
}

/// The live checklists per template, and which of them the filter counts: it decides whether the
/// stored `answer_counts` (kept per template over every live checklist) give the counted
/// checklists' answers exactly, or whether their answers must be read one checklist at a time.
#[derive(Default)]
struct ByTemplate {
    ids: Vec<String>,
    /// Per template: live checklists, those counted, and the seqs of the counted ones whose
    /// answers are still to be read.
    tally: Vec<(u64, u64, Vec<i64>)>,
}

impl ByTemplate {
    fn live(&mut self, template_id: &str) -> usize {
        let i = match self.ids.iter().position(|t| t == template_id) {
            Some(i) => i,
            None => {
                self.ids.push(template_id.to_string());
                self.tally.push((0, 0, Vec::new()));
                self.ids.len() - 1
            }
        };
        self.tally[i].0 += 1;
        i
    }

    /// A counted checklist; `to_read`: its seq when its answers are not tallied yet.
    fn counted(&mut self, template: usize, to_read: Option<i64>) {
        let t = &mut self.tally[template];
        t.1 += 1;
        t.2.extend(to_read);
    }

    /// Whole templates come from the counts. A filter that keeps part of a template's checklists
    /// (a region, a team, a checklist under a deleted visit) needs those checklists' own answers.
    /// `tallied`: the stored figures the pass read of the counted checklists not in the seqs.
    fn source(self, tallied: Tally) -> AnswerSource {
        if self
            .tally
            .iter()
            .all(|(live, counted, _)| *counted == 0 || counted == live)
        {
            let whole: HashSet<String> = self
                .ids
                .into_iter()
                .zip(&self.tally)
                .filter(|(_, (_, counted, _))| *counted > 0)
                .map(|(id, _)| id)
                .collect();
            return AnswerSource::Counts((whole.len() < self.tally.len()).then_some(whole));
        }
        let mut checklists: Vec<(i64, usize)> = self
            .tally
            .into_iter()
            .enumerate()
            .flat_map(|(t, (_, _, seqs))| seqs.into_iter().map(move |seq| (seq, t)))
            .collect();
        checklists.sort_unstable();
        AnswerSource::Checklists {
            templates: self.ids,
            checklists,
            tallied,
        }
    }
}
