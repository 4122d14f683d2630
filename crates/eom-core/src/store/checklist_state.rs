//! What a checklist's form shows beside its answers, decided here so that no screen keeps a copy
//! of a template's rules: the findings, the questions shown (display conditions) and the answers
//! that are problem answers (a flagged question's problem answer, an overall assessment of bad or
//! very bad).

use serde::Serialize;
use uuid::Uuid;

use super::Store;
use crate::error::Result;
use crate::model::{Answers, Assessment};
use crate::templates::{AnswerType, Template};
use crate::validate::{self, Finding};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChecklistState {
    /// The findings (missing, invalid, protocol), for inline display.
    pub findings: Vec<Finding>,
    /// The codes of the questions shown, in the template's order.
    pub shown: Vec<String>,
    /// The codes of the shown questions answered with a problem answer.
    pub problems: Vec<String>,
}

impl ChecklistState {
    pub(crate) fn of(t: &Template, answers: &Answers, candidates: &[String]) -> ChecklistState {
        let visible = t.shown_codes(answers);
        let shown: Vec<&crate::templates::Question> = t
            .questions
            .iter()
            .filter(|q| visible.contains(q.code.as_str()))
            .collect();
        let problems = shown
            .iter()
            .filter(|q| {
                answers.get(&q.code).is_some_and(|v| match q.kind {
                    AnswerType::Assessment => v
                        .as_str()
                        .and_then(|s| s.parse::<Assessment>().ok())
                        .is_some_and(|a| a.is_negative()),
                    _ => q.problem_in(v) == Some(true),
                })
            })
            .map(|q| q.code.clone())
            .collect();
        ChecklistState {
            findings: validate::validate_checklist(t, answers, candidates),
            shown: shown.iter().map(|q| q.code.clone()).collect(),
            problems,
        }
    }
}

impl Store {
    /// The checklist's findings, shown questions and problem answers, as its form shows them.
    pub fn checklist_state(&mut self, id: Uuid) -> Result<ChecklistState> {
        let c = self.checklist(id)?;
        let t = self.template(&c.template_id, c.template_version)?;
        let candidates = self.mission()?.candidates;
        Ok(ChecklistState::of(&t, &c.answers, &candidates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn template() -> Template {
        Template::from_json(
            &json!({
                "id": "t", "version": 1, "phase": "voting", "title": {"en": "T"},
                "questions": [
                    {"code": "A", "type": "yes_no", "label": {"en": "a"}, "problem": "no"},
                    {"code": "B", "type": "text", "label": {"en": "b"}, "show_if": {"code": "A", "in": ["no"]}},
                    {"code": "C", "type": "single_choice", "label": {"en": "c"},
                     "options": [{"value": "x", "label": {"en": "x"}}, {"value": "y", "label": {"en": "y"}, "problem": true}]},
                    {"code": "Z", "type": "assessment", "label": {"en": "z"}, "role": "overall_assessment"}
                ]
            })
            .to_string(),
        )
        .unwrap()
    }

    fn state(answers: serde_json::Value) -> ChecklistState {
        let answers: Answers = serde_json::from_value(answers).unwrap();
        ChecklistState::of(&template(), &answers, &[])
    }

    #[test]
    fn the_form_is_told_what_to_show_and_which_answers_are_problems() {
        let s = state(json!({"A": "yes", "C": "x", "Z": "good"}));
        assert_eq!(s.shown, ["A", "C", "Z"]);
        assert!(s.problems.is_empty());
        let s = state(json!({"A": "no", "B": "why", "C": "y", "Z": "very_bad"}));
        assert_eq!(s.shown, ["A", "B", "C", "Z"]);
        assert_eq!(s.problems, ["A", "C", "Z"]);
        let s = state(json!({"A": "not_observed", "Z": "bad"}));
        assert_eq!(s.problems, ["Z"]);
    }
}
