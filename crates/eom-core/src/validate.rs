//! Checking answers against their template. Saving a draft never fails on these rules: they return
//! findings; only submitting a checklist requires there to be none.

use serde::Serialize;
use serde_json::Value;

use crate::model::{Answers, Assessment};
use crate::templates::{
    AnswerType, NOT_OBSERVED, ProtocolRole, Question, QuestionRole, Template, YES_NO_VALUES,
};

pub use crate::error::{Finding, FindingKind};

/// Is `value` a well-formed answer to `q`? `candidates` are the mission's, for candidate votes.
pub fn check_value(q: &Question, value: &Value, candidates: &[String]) -> Result<(), String> {
    let expect = |what: &str| Err(format!("expected {what}, got {value}"));
    match q.kind {
        AnswerType::YesNo => match value.as_str() {
            Some(s) if YES_NO_VALUES.contains(&s) => Ok(()),
            _ => expect("`yes`, `no` or `not_observed`"),
        },
        AnswerType::Assessment => match value.as_str() {
            Some(s) if s.parse::<Assessment>().is_ok() => Ok(()),
            _ => expect("`very_good`, `good`, `bad` or `very_bad`"),
        },
        AnswerType::SingleChoice => match value.as_str() {
            Some(s) if s == NOT_OBSERVED || q.options.iter().any(|o| o.value == s) => Ok(()),
            _ => Err(format!("expected one of {}, got {value}", option_list(q))),
        },
        AnswerType::MultipleChoice => {
            let Some(items) = value.as_array() else {
                return expect("a list of options");
            };
            for i in items {
                match i.as_str() {
                    Some(s) if q.options.iter().any(|o| o.value == s) => {}
                    _ => return Err(format!("expected options from {}, got {i}", option_list(q))),
                }
            }
            Ok(())
        }
        AnswerType::Integer => {
            let Some(n) = value.as_i64() else {
                return expect("a whole number");
            };
            let min = q.min.unwrap_or(0);
            if n < min {
                return Err(format!("{n} is below the minimum {min}"));
            }
            if let Some(max) = q.max
                && n > max
            {
                return Err(format!("{n} is above the maximum {max}"));
            }
            Ok(())
        }
        AnswerType::Time => match value.as_str() {
            Some(s) if chrono::NaiveTime::parse_from_str(s, "%H:%M").is_ok() => Ok(()),
            _ => expect("a time of day such as `07:45`"),
        },
        AnswerType::Text => match value {
            Value::String(_) => Ok(()),
            _ => expect("text"),
        },
        AnswerType::Photo => match value.as_array() {
            Some(items)
                if items
                    .iter()
                    .all(|i| i.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())) =>
            {
                Ok(())
            }
            _ => expect("a list of attachment ids"),
        },
        AnswerType::CandidateVotes => {
            let Some(map) = value.as_object() else {
                return expect("votes per candidate, e.g. {\"Name\": 120}");
            };
            for (name, votes) in map {
                if !candidates.is_empty() && !candidates.iter().any(|c| c == name) {
                    return Err(format!("`{name}` is not one of the mission's candidates"));
                }
                if votes.as_u64().is_none() {
                    return Err(format!(
                        "votes for `{name}` must be a whole number ≥ 0, got {votes}"
                    ));
                }
            }
            Ok(())
        }
    }
}

fn option_list(q: &Question) -> String {
    q.options
        .iter()
        .map(|o| format!("`{}`", o.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_empty_answer(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Every problem that stops `answers` from being submitted: missing required answers (of shown
/// questions), invalid values, the explanation a negative assessment needs, and protocol failures.
pub fn validate_checklist(t: &Template, answers: &Answers, candidates: &[String]) -> Vec<Finding> {
    let shown = t.shown_codes(answers);
    let mut findings = Vec::new();
    let negative = t.assessment(answers).is_some_and(|a| a.is_negative());
    for q in &t.questions {
        if !shown.contains(q.code.as_str()) {
            continue;
        }
        match answers.get(&q.code).filter(|v| !is_empty_answer(v)) {
            Some(v) => {
                if let Err(message) = check_value(q, v, candidates) {
                    findings.push(Finding {
                        code: q.code.clone(),
                        kind: FindingKind::Invalid,
                        message,
                    });
                }
            }
            None if q.role == Some(QuestionRole::AssessmentExplanation) && negative => findings
                .push(Finding {
                    code: q.code.clone(),
                    kind: FindingKind::ExplanationRequired,
                    message: "a bad or very bad assessment needs an explanation".into(),
                }),
            None if q.required => findings.push(Finding {
                code: q.code.clone(),
                kind: FindingKind::Missing,
                message: format!("required: {}", q.label("en")),
            }),
            None => {}
        }
    }
    findings.extend(protocol_checks(t, answers).into_iter().map(|f| Finding {
        code: f.codes.join("+"),
        kind: FindingKind::Protocol,
        message: f.message,
    }));
    findings
}

/// One failed protocol reconciliation check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ProtocolFailure {
    /// Stable name of the check, e.g. `received_balance`.
    pub check: std::borrow::Cow<'static, str>,
    /// The question codes involved.
    pub codes: Vec<String>,
    pub message: String,
    /// The same figures as a formula without words, in the order of the check's name
    /// (`1200 ≠ 800 + 390 + 5 = 1195`), for reports in other languages. Empty in failures
    /// stored before it existed.
    #[serde(default)]
    pub formula: String,
}

/// The SPEC 3.4 arithmetic checks of the protocol figures. A check runs only when all its figures
/// were entered, so the checks work live as figures are typed.
pub fn protocol_checks(t: &Template, answers: &Answers) -> Vec<ProtocolFailure> {
    let fig = |r: ProtocolRole| -> Option<(String, i64)> {
        let q = t.with_protocol(r)?;
        Some((q.code.clone(), answers.get(&q.code)?.as_i64()?))
    };
    use ProtocolRole::*;
    let mut out = Vec::new();
    let mut fail = |check: &'static str, codes: Vec<&String>, message: String, formula: String| {
        out.push(ProtocolFailure {
            check: check.into(),
            codes: codes.into_iter().cloned().collect(),
            message,
            formula,
        })
    };
    let (list, sig, recv, unused, spoiled, stat, mobile, invalid, valid) = (
        fig(VotersOnList),
        fig(Signatures),
        fig(BallotsReceived),
        fig(BallotsUnused),
        fig(BallotsSpoiled),
        fig(BallotsStationary),
        fig(BallotsMobile),
        fig(BallotsInvalid),
        fig(BallotsValid),
    );
    if let (Some(r), Some(s), Some(u), Some(sp)) = (&recv, &sig, &unused, &spoiled)
        && r.1 != s.1 + u.1 + sp.1
    {
        fail(
            "received_balance",
            vec![&r.0, &s.0, &u.0, &sp.0],
            format!(
                "ballots received ({}) ≠ issued ({}) + unused ({}) + spoiled ({}) = {}",
                r.1,
                s.1,
                u.1,
                sp.1,
                s.1 + u.1 + sp.1
            ),
            format!(
                "{} ≠ {} + {} + {} = {}",
                r.1,
                s.1,
                u.1,
                sp.1,
                s.1 + u.1 + sp.1
            ),
        );
    }
    let found = match (&stat, &mobile) {
        (Some(a), Some(b)) => Some((a.0.clone(), b.0.clone(), a.1 + b.1)),
        (Some(a), None) => Some((a.0.clone(), String::new(), a.1)),
        _ => None,
    };
    if let (Some((c1, c2, f)), Some(s)) = (&found, &sig)
        && *f > s.1
    {
        let mut codes = vec![c1, &s.0];
        if !c2.is_empty() {
            codes.insert(1, c2);
        }
        fail(
            "found_exceeds_signatures",
            codes,
            format!(
                "ballots found in the boxes ({f}) exceed signatures on the list ({})",
                s.1
            ),
            format!("{f} > {}", s.1),
        );
    }
    if let (Some((c1, c2, f)), Some(v), Some(i)) = (&found, &valid, &invalid)
        && v.1 + i.1 != *f
    {
        let mut codes = vec![&v.0, &i.0, c1];
        if !c2.is_empty() {
            codes.push(c2);
        }
        fail(
            "valid_invalid_found",
            codes,
            format!(
                "valid ({}) + invalid ({}) = {} ≠ ballots found ({f})",
                v.1,
                i.1,
                v.1 + i.1
            ),
            format!("{} + {} = {} ≠ {f}", v.1, i.1, v.1 + i.1),
        );
    }
    if let (Some(q), Some(v)) = (t.with_protocol(CandidateVotes), &valid)
        && let Some(map) = answers.get(&q.code).and_then(Value::as_object)
        && !map.is_empty()
    {
        let sum: i64 = map.values().filter_map(Value::as_i64).sum();
        if sum != v.1 {
            fail(
                "candidates_sum_valid",
                vec![&q.code, &v.0],
                format!(
                    "candidates' votes sum to {sum}, not to the valid ballots ({})",
                    v.1
                ),
                format!("Σ {sum} ≠ {}", v.1),
            );
        }
    }
    if let (Some(l), Some(s)) = (&list, &sig)
        && s.1 > l.1
    {
        fail(
            "turnout_over_100",
            vec![&s.0, &l.0],
            format!(
                "signatures ({}) exceed voters on the list ({}): turnout over 100 %",
                s.1, l.1
            ),
            format!("{} > {}", s.1, l.1),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Phase;
    use crate::templates::builtin_for;
    use serde_json::json;

    fn counting_answers(pairs: &[(ProtocolRole, i64)]) -> (Template, Answers) {
        let t = builtin_for(Phase::Counting).unwrap();
        let mut a = Answers::new();
        for (r, n) in pairs {
            a.insert(t.with_protocol(*r).unwrap().code.clone(), json!(n));
        }
        (t, a)
    }

    #[test]
    fn consistent_protocol_passes() {
        use ProtocolRole::*;
        let (t, mut a) = counting_answers(&[
            (VotersOnList, 1000),
            (Signatures, 600),
            (BallotsReceived, 1000),
            (BallotsUnused, 395),
            (BallotsSpoiled, 5),
            (BallotsStationary, 580),
            (BallotsMobile, 20),
            (BallotsInvalid, 10),
            (BallotsValid, 590),
        ]);
        let cv = t.with_protocol(CandidateVotes).unwrap().code.clone();
        a.insert(cv, json!({"A": 400, "B": 190}));
        assert_eq!(protocol_checks(&t, &a), vec![]);
    }

    #[test]
    fn every_check_fires() {
        use ProtocolRole::*;
        let (t, mut a) = counting_answers(&[
            (VotersOnList, 500),
            (Signatures, 600),
            (BallotsReceived, 1000),
            (BallotsUnused, 300),
            (BallotsSpoiled, 5),
            (BallotsStationary, 650),
            (BallotsMobile, 0),
            (BallotsInvalid, 10),
            (BallotsValid, 600),
        ]);
        let cv = t.with_protocol(CandidateVotes).unwrap().code.clone();
        a.insert(cv, json!({"A": 1}));
        let checks: Vec<String> = protocol_checks(&t, &a)
            .iter()
            .map(|f| f.check.to_string())
            .collect();
        assert_eq!(
            checks,
            vec![
                "received_balance",
                "found_exceeds_signatures",
                "valid_invalid_found",
                "candidates_sum_valid",
                "turnout_over_100"
            ]
        );
    }

    #[test]
    fn negative_assessment_needs_explanation_and_required_counts_only_when_shown() {
        let t = builtin_for(Phase::Voting).unwrap();
        let overall = t
            .with_role(QuestionRole::OverallAssessment)
            .unwrap()
            .code
            .clone();
        let expl = t
            .with_role(QuestionRole::AssessmentExplanation)
            .unwrap()
            .code
            .clone();
        let mut a = Answers::new();
        a.insert(overall.clone(), json!("good"));
        let f = validate_checklist(&t, &a, &[]);
        assert!(
            f.iter().all(|f| f.code != expl),
            "explanation hidden for good"
        );
        a.insert(overall, json!("very_bad"));
        let f = validate_checklist(&t, &a, &[]);
        assert!(
            f.iter()
                .any(|f| f.code == expl && f.kind == FindingKind::ExplanationRequired),
            "{f:?}"
        );
        a.insert(expl.clone(), json!("Ballot stuffing seen at 14:10"));
        let f = validate_checklist(&t, &a, &[]);
        assert!(f.iter().all(|f| f.code != expl));
    }

    #[test]
    fn values_are_typed() {
        let t = builtin_for(Phase::Voting).unwrap();
        let yn = t
            .questions
            .iter()
            .find(|q| q.kind == AnswerType::YesNo)
            .unwrap();
        assert!(check_value(yn, &json!("yes"), &[]).is_ok());
        assert!(
            check_value(yn, &json!("maybe"), &[])
                .unwrap_err()
                .contains("not_observed")
        );
        let int = t
            .questions
            .iter()
            .find(|q| q.kind == AnswerType::Integer)
            .unwrap();
        assert!(
            check_value(int, &json!(-1), &[])
                .unwrap_err()
                .contains("minimum")
        );
        assert!(
            check_value(int, &json!("12"), &[])
                .unwrap_err()
                .contains("whole number")
        );
    }
}
