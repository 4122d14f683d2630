//! The answer pass (SPEC 4.3, 4.7, 4.8): problem rates of flagged questions, women chairs,
//! answers "not observed". The answers are first tallied by (template, code, value), then read
//! through the newest template version. Whole templates come from the stored `answer_counts`
//! (a few thousand rows instead of millions of answers). A filter that keeps part of a
//! template's checklists (a region, a team) tallies those checklists' stored figures (schema 6:
//! shown and "not observed" answers, and the answers read by value), or, for a template with
//! several versions in the mission, their answers. All ways share the reading, so a filter that
//! keeps everything gives the unfiltered figures.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{ProblemRate, Share, WomenStats, rate};
use crate::error::Result;
use crate::model::Phase;
use crate::templates::{QuestionRole, Template};

pub(super) struct AnswerFigures {
    pub problems: Vec<ProblemRate>,
    /// The chair figures; the members are the checklist pass's.
    pub women: WomenStats,
    /// Answers to shown questions.
    pub total: u64,
    pub not_observed: u64,
}

/// Where the counted checklists' answers are read from (decided by the checklist pass).
pub(super) enum AnswerSource {
    /// `answer_counts`, of these templates (`None`: all).
    Counts(Option<HashSet<String>>),
    /// These checklists: (seq, index into `templates`), ordered by seq, besides those whose
    /// stored figures the checklist pass already read into `tallied`.
    Checklists {
        templates: Vec<String>,
        checklists: Vec<(i64, usize)>,
        tallied: Tally,
    },
}

/// Shown answers counted by template, code and stored value (JSON text).
type ByValue = crate::store::CountDeltas;

#[derive(Default)]
pub(super) struct Tally {
    /// Every shown answer, by value.
    answers: ByValue,
    /// Only the answers read by value, from checklists' stored figures; their totals are below.
    figure_answers: ByValue,
    shown: u64,
    not_observed: u64,
}

impl Tally {
    /// One checklist's stored figures (schema 6): its shown and "not observed" answers, and the
    /// answers read by value as `code<TAB>value` lines.
    pub(super) fn add_figures(
        &mut self,
        template: &str,
        shown: i64,
        not_observed: i64,
        figure_answers: &str,
    ) {
        self.shown += shown as u64;
        self.not_observed += not_observed as u64;
        for line in figure_answers.lines() {
            if let Some((code, value)) = line.split_once('\t') {
                self.figure_answers.add(template, code, value, 1);
            }
        }
    }
}

/// `stored`: the templates whose checklists' stored figures are read as they are (one version in
/// the mission, so the version each checklist was derived with is the newest).
fn tally(
    conn: &rusqlite::Connection,
    source: AnswerSource,
    stored: &HashSet<&str>,
) -> Result<Tally> {
    let mut tally = Tally::default();
    match source {
        AnswerSource::Counts(templates) => {
            let mut stmt = conn.prepare("SELECT template_id, code, value, n FROM answer_counts")?;
            let mut q = stmt.query([])?;
            while let Some(r) = q.next()? {
                let template = r.get_ref(0)?.as_str()?;
                if templates.as_ref().is_none_or(|t| t.contains(template)) {
                    let (code, value) = (r.get_ref(1)?.as_str()?, r.get_ref(2)?.as_str()?);
                    tally.answers.add(template, code, value, r.get(3)?);
                }
            }
        }
        AnswerSource::Checklists {
            templates,
            checklists,
            tallied,
        } => {
            tally = tallied;
            let mut figures = conn.prepare_cached(
                "SELECT answers_shown, answers_not_observed, figure_answers FROM checklists \
                 WHERE seq = ?1",
            )?;
            let mut answers = conn.prepare_cached(
                "SELECT code, value FROM answers WHERE checklist_seq = ?1 AND shown = 1",
            )?;
            for (seq, template) in checklists {
                let template = templates[template].as_str();
                if stored.contains(template) {
                    let mut q = figures.query([seq])?;
                    if let Some(r) = q.next()?
                        && let Some(shown) = r.get::<_, Option<i64>>(0)?
                    {
                        let figure_answers = r.get_ref(2)?.as_str()?;
                        tally.add_figures(template, shown, r.get(1)?, figure_answers);
                        continue;
                    }
                }
                let mut q = answers.query([seq])?;
                while let Some(r) = q.next()? {
                    let (code, value) = (r.get_ref(0)?.as_str()?, r.get_ref(1)?.as_str()?);
                    tally.answers.add(template, code, value, 1);
                }
            }
        }
    }
    Ok(tally)
}

/// `templates` by id (newest version); `stored` as for `tally`.
pub(super) fn read(
    conn: &rusqlite::Connection,
    templates: &HashMap<String, Template>,
    stored: &HashSet<&str>,
    source: AnswerSource,
) -> Result<AnswerFigures> {
    let mut problems: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let tally = tally(conn, source, stored)?;
    let mut out = AnswerFigures {
        problems: Vec::new(),
        women: WomenStats::default(),
        total: tally.shown,
        not_observed: tally.not_observed,
    };
    for (by_value, with_totals) in [(tally.answers, true), (tally.figure_answers, false)] {
        for (template_id, codes) in by_value.into_counts() {
            let Some(t) = templates.get(&template_id) else {
                continue;
            };
            for (code, values) in codes {
                let Some(question) = t.question(&code) else {
                    continue;
                };
                for (raw, n) in values {
                    // Counts only go up here (no deltas): never below zero.
                    let n = n as u64;
                    if with_totals {
                        out.total += n;
                        if raw == "\"not_observed\"" {
                            out.not_observed += n;
                        }
                    }
                    // Only flagged and role questions need the value itself (free text and
                    // figures make up most distinct values).
                    if !question.is_flagged() && question.role.is_none() {
                        continue;
                    }
                    let value: serde_json::Value = serde_json::from_str(&raw).unwrap_or_default();
                    if question.is_flagged()
                        && let Some(is_problem) = question.problem_in(&value)
                    {
                        let e = problems
                            .entry((t.id.clone(), question.code.clone()))
                            .or_default();
                        e.0 += n;
                        if is_problem {
                            e.1 += n;
                        }
                    }
                    if question.role == Some(QuestionRole::ChairWoman) {
                        match value.as_str() {
                            Some("yes") => {
                                out.women.chairs_answered += n;
                                out.women.chairs_women += n;
                            }
                            Some("no") => out.women.chairs_answered += n,
                            _ => {}
                        }
                    }
                }
            }
        }
    }
    out.problems = problem_list(problems, templates);
    Ok(out)
}

/// Problem rates sorted by phase, then highest rate, then most problems, then code.
fn problem_list(
    problems: BTreeMap<(String, String), (u64, u64)>,
    templates: &HashMap<String, Template>,
) -> Vec<ProblemRate> {
    let mut list: Vec<ProblemRate> = problems
        .into_iter()
        .filter_map(|((tid, code), (answered, problem))| {
            let t = templates.get(&tid)?;
            let q = t.question(&code)?;
            let share = Share::new(problem, answered);
            Some(ProblemRate {
                template: tid.clone(),
                phase: t.phase,
                code,
                question: q.label("en").to_string(),
                answered,
                problem,
                rate: rate(problem, answered),
                display: share.to_string(),
                share,
            })
        })
        .collect();
    let phase_order = |p: Phase| Phase::ALL.iter().position(|x| *x == p).unwrap_or(0);
    list.sort_by(|a, b| {
        phase_order(a.phase)
            .cmp(&phase_order(b.phase))
            .then(b.rate.unwrap_or(0.0).total_cmp(&a.rate.unwrap_or(0.0)))
            .then(b.problem.cmp(&a.problem))
            .then(a.code.cmp(&b.code))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn figures(store: &Store, source: AnswerSource, stored: &[&str]) -> serde_json::Value {
        let templates: HashMap<String, Template> = store
            .templates()
            .unwrap()
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        let stored: HashSet<&str> = stored.iter().copied().collect();
        let f = read(&store.conn, &templates, &stored, source).unwrap();
        serde_json::json!([f.problems, f.women, f.total, f.not_observed])
    }

    #[test]
    fn the_stored_counts_and_the_checklists_own_answers_agree() {
        let mut store =
            Store::open_in_memory(std::sync::Arc::new(crate::time::SystemClock)).unwrap();
        crate::demo::load_sample(&mut store).unwrap();
        let mut templates: Vec<String> = Vec::new();
        let mut checklists = Vec::new();
        let mut stmt = store
            .conn
            .prepare("SELECT seq, template_id FROM checklists WHERE deleted = 0 ORDER BY seq")
            .unwrap();
        let mut q = stmt.query([]).unwrap();
        while let Some(r) = q.next().unwrap() {
            let t: String = r.get(1).unwrap();
            let i = templates.iter().position(|x| *x == t).unwrap_or_else(|| {
                templates.push(t);
                templates.len() - 1
            });
            checklists.push((r.get(0).unwrap(), i));
        }
        drop(q);
        drop(stmt);
        let counts = figures(&store, AnswerSource::Counts(None), &[]);
        assert!(counts[2].as_u64() > Some(500), "the sample has answers");
        assert!(
            !counts[0].as_array().unwrap().is_empty(),
            "and problem rates"
        );
        assert!(
            counts[1]["chairs_answered"].as_u64() > Some(0),
            "and chairs"
        );
        let source = || AnswerSource::Checklists {
            templates: templates.clone(),
            checklists: checklists.clone(),
            tallied: Tally::default(),
        };
        // Each checklist's answers, then each checklist's stored figures.
        assert_eq!(figures(&store, source(), &[]), counts);
        let all: Vec<&str> = templates.iter().map(String::as_str).collect();
        assert_eq!(figures(&store, source(), &all), counts);
    }
}
