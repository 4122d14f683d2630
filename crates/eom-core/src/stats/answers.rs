//! The answer pass (SPEC 4.3, 4.7, 4.8): problem rates of flagged questions, women in commissions,
//! answers "not observed". Unfiltered, it reads the few thousand grouped `answer_counts` rows
//! instead of millions of answers.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::{ProblemRate, StatsFilter, WomenStats, rate, share};
use crate::error::Result;
use crate::model::Phase;
use crate::templates::{Question, QuestionRole, Template};

pub(super) struct AnswerFigures {
    pub problems: Vec<ProblemRate>,
    pub women: WomenStats,
    /// Answers to shown questions.
    pub total: u64,
    pub not_observed: u64,
}

/// `templates` by id (newest version); `included` the checklists to count, or `None` for all.
pub(super) fn read(
    conn: &rusqlite::Connection,
    filter: &StatsFilter,
    templates: &HashMap<String, Template>,
    included: Option<&HashSet<i64>>,
) -> Result<AnswerFigures> {
    let mut problems: BTreeMap<(String, String), (u64, u64)> = BTreeMap::new();
    let mut out = AnswerFigures {
        problems: Vec::new(),
        women: WomenStats::default(),
        total: 0,
        not_observed: 0,
    };
    let women = &mut out.women;
    let (sql, per_checklist) = match (included, filter.phase) {
        (None, None) => (
            "SELECT template_id, code, value, n, 0 FROM answer_counts",
            false,
        ),
        _ => (
            "SELECT c.template_id, a.code, a.value, 1, a.checklist_seq FROM answers a \
             JOIN checklists c ON c.seq = a.checklist_seq WHERE a.shown = 1",
            true,
        ),
    };
    let phase_of: HashMap<&str, Phase> = templates
        .iter()
        .map(|(id, t)| (id.as_str(), t.phase))
        .collect();
    let mut stmt = conn.prepare(sql)?;
    let mut q = stmt.query([])?;
    type Found<'t> = Option<(&'t Template, &'t Question)>;
    let mut last: Option<(String, String, Found<'_>)> = None;
    while let Some(r) = q.next()? {
        let template_id = r.get_ref(0)?.as_str()?;
        if per_checklist {
            let seq: i64 = r.get(4)?;
            if let Some(s) = included
                && !s.contains(&seq)
            {
                continue;
            }
            if let Some(p) = filter.phase
                && phase_of.get(template_id) != Some(&p)
            {
                continue;
            }
        }
        let code = r.get_ref(1)?.as_str()?;
        // Rows come ordered by template and code: look the question up once per code.
        let found = match &last {
            Some((tid, c, found)) if tid == template_id && c == code => *found,
            _ => {
                let found = templates
                    .get(template_id)
                    .and_then(|t| Some((t, t.question(code)?)));
                last = Some((template_id.to_string(), code.to_string(), found));
                found
            }
        };
        let Some((t, question)) = found else {
            continue;
        };
        let n = r.get::<_, i64>(3)? as u64;
        let raw = r.get_ref(2)?.as_str()?;
        out.total += n;
        if raw == "\"not_observed\"" {
            out.not_observed += n;
        }
        // Only flagged and role questions need the value itself (free text and figures make up
        // most distinct values).
        if !question.is_flagged() && question.role.is_none() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(raw).unwrap_or_default();
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
        // Members present and women among them are paired per checklist (`women.rs`).
        if question.role == Some(QuestionRole::ChairWoman) {
            match value.as_str() {
                Some("yes") => {
                    women.chairs_answered += n;
                    women.chairs_women += n;
                }
                Some("no") => women.chairs_answered += n,
                _ => {}
            }
        }
    }
    super::women::add_members(conn, filter, templates, included, women)?;
    women.members_women_display = share(women.members_women, women.members_present);
    women.chairs_women_display = share(women.chairs_women, women.chairs_answered);
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
            Some(ProblemRate {
                template: tid.clone(),
                phase: t.phase,
                code,
                question: q.label("en").to_string(),
                answered,
                problem,
                rate: rate(problem, answered),
                display: share(problem, answered),
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
