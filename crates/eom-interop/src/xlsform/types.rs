//! XLSForm types as template answer types (a select's list decides between yes/no, assessment
//! and single choice), why a type is refused, and the columns EOM Reporter adds for itself.

use std::collections::HashMap;

use eom_core::templates::{AnswerType, Choice, Question};

use super::read::ChoiceRow;

pub(crate) fn unsupported(kind: &str) -> String {
    let lower = kind.to_ascii_lowercase();
    let why = if lower.contains("repeat") {
        "the template format has no repeats"
    } else if lower == "calculate" {
        "the template format has no calculations"
    } else if lower.contains("or_other") {
        "`or_other` adds a question the template cannot name"
    } else {
        "the types are text, integer, decimal, select_one, select_multiple, date, time, note, image"
    };
    format!("the type `{kind}` is outside the subset: {why}")
}

type Options = Result<Vec<Choice>, String>;

/// The template answer type of an XLSForm type, with the options of a select.
pub(crate) fn answer_type(
    kind: &str,
    eom_type: &str,
    lists: &HashMap<String, Vec<ChoiceRow>>,
) -> Option<(AnswerType, Options)> {
    let mut words = kind.split(' ');
    let first = words.next()?.to_ascii_lowercase();
    let list = words.next();
    if words.next().is_some() {
        return None;
    }
    let plain = |t| Some((t, Ok(Vec::new())));
    match (first.as_str(), list) {
        ("note", None) if eom_type == "candidate_votes" => plain(AnswerType::CandidateVotes),
        ("text" | "decimal" | "date", None) => plain(AnswerType::Text),
        ("integer", None) => plain(AnswerType::Integer),
        ("time", None) => plain(AnswerType::Time),
        ("image", None) => plain(AnswerType::Photo),
        ("select_one" | "select_multiple", Some(list)) => {
            let Some(rows) = lists.get(list) else {
                return Some((
                    AnswerType::Text,
                    Err(format!("the list `{list}` is not in the choices sheet")),
                ));
            };
            let values: Vec<&str> = rows.iter().map(|c| c.value.as_str()).collect();
            let options = || {
                rows.iter()
                    .map(|c| Choice {
                        value: c.value.clone(),
                        label: c.label.clone(),
                        problem: false,
                    })
                    .collect()
            };
            let same = |want: &[&str]| {
                values.len() == want.len() && want.iter().all(|w| values.contains(w))
            };
            Some(if first == "select_multiple" {
                (AnswerType::MultipleChoice, Ok(options()))
            } else if same(&["yes", "no"]) || same(&["yes", "no", "not_observed"]) {
                (AnswerType::YesNo, Ok(Vec::new()))
            } else if same(&["very_good", "good", "bad", "very_bad"]) {
                (AnswerType::Assessment, Ok(Vec::new()))
            } else {
                (AnswerType::SingleChoice, Ok(options()))
            })
        }
        _ => None,
    }
}

/// The columns EOM Reporter adds to the forms it writes (tools ignore unknown columns): the
/// problem answers, the question's role and its protocol figure.
pub(crate) fn extras(
    q: &mut Question,
    problem: &str,
    role: &str,
    protocol: &str,
    issue: &mut dyn FnMut(&str, String),
) {
    if !problem.is_empty() {
        match q.kind {
            AnswerType::YesNo if problem == "yes" || problem == "no" => {
                q.problem = Some(problem.to_string());
            }
            AnswerType::SingleChoice | AnswerType::MultipleChoice => {
                for p in problem.split_whitespace() {
                    match q.options.iter_mut().find(|o| o.value == p) {
                        Some(o) => o.problem = true,
                        None => issue("eom_problem", format!("`{p}` is not one of the choices")),
                    }
                }
            }
            _ => issue(
                "eom_problem",
                format!(
                    "`{problem}`: problem answers are `yes` or `no` for a yes/no question, choices for a select"
                ),
            ),
        }
    }
    fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_value(serde_json::Value::String(text.to_string()))
    }
    if !role.is_empty() {
        match parse(role) {
            Ok(r) => q.role = Some(r),
            Err(_) => issue("eom_role", format!("`{role}` is not a question role")),
        }
    }
    if !protocol.is_empty() {
        match parse(protocol) {
            Ok(p) => q.protocol = Some(p),
            Err(_) => issue(
                "eom_protocol",
                format!("`{protocol}` is not a protocol figure"),
            ),
        }
    }
}
