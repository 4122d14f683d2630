//! Checklist templates: the versioned form definitions (format in `docs/template-format.md`), the
//! built-in ones, and what the library derives from them (visibility, problem answers).

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{Answers, Assessment, Phase};

/// Labels by language code; `en` is always present.
pub type Labels = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub version: u32,
    pub phase: Phase,
    pub title: Labels,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum AnswerType {
    YesNo,
    SingleChoice,
    MultipleChoice,
    Integer,
    Time,
    Text,
    Photo,
    Assessment,
    CandidateVotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ProtocolRole {
    VotersOnList,
    Signatures,
    BallotsReceived,
    BallotsUnused,
    BallotsSpoiled,
    BallotsStationary,
    BallotsMobile,
    BallotsInvalid,
    BallotsValid,
    CandidateVotes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum QuestionRole {
    OverallAssessment,
    AssessmentExplanation,
    MembersPresent,
    MembersWomen,
    ChairWoman,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub code: String,
    #[serde(rename = "in")]
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: Labels,
    #[serde(default)]
    pub problem: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: String,
    #[serde(rename = "type")]
    pub kind: AnswerType,
    pub label: Labels,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<Labels>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<Labels>,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub show_if: Option<Condition>,
    /// For yes/no: which answer (`yes` or `no`) is the problem answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub problem: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<Choice>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<ProtocolRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<QuestionRole>,
}

pub const NOT_OBSERVED: &str = "not_observed";

/// The answers of a yes/no question, in the order a form offers them.
pub const YES_NO_VALUES: [&str; 3] = ["yes", "no", NOT_OBSERVED];

/// The closed answer sets of the yes/no and assessment questions, in the order a form offers
/// them: what the app's checklist form shows as buttons (a choice question's are its options).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerValues {
    pub yes_no: Vec<String>,
    /// Best first.
    pub assessment: Vec<String>,
    /// What a choice question offers after its options.
    pub not_observed: String,
}

impl AnswerValues {
    pub fn get() -> AnswerValues {
        AnswerValues {
            yes_no: YES_NO_VALUES.iter().map(|v| v.to_string()).collect(),
            assessment: Assessment::ALL
                .iter()
                .map(|a| a.as_str().to_string())
                .collect(),
            not_observed: NOT_OBSERVED.to_string(),
        }
    }
}

impl Question {
    /// A flagged question has a problem answer and gets a problem rate in the statistics.
    pub fn is_flagged(&self) -> bool {
        match self.kind {
            AnswerType::YesNo => self.problem.is_some(),
            AnswerType::SingleChoice | AnswerType::MultipleChoice => {
                self.options.iter().any(|o| o.problem)
            }
            _ => false,
        }
    }

    /// For a flagged question: `Some(true)` if `value` is a problem answer, `Some(false)` if it is
    /// an answer that counts in the denominator, `None` if it does not count (not observed, empty).
    pub fn problem_in(&self, value: &Value) -> Option<bool> {
        match (self.kind, value) {
            (AnswerType::YesNo, Value::String(s)) if s != NOT_OBSERVED => {
                Some(self.problem.as_deref() == Some(s.as_str()))
            }
            (AnswerType::SingleChoice, Value::String(s)) if s != NOT_OBSERVED => {
                Some(self.options.iter().any(|o| o.problem && o.value == *s))
            }
            (AnswerType::MultipleChoice, Value::Array(items)) if !items.is_empty() => {
                Some(items.iter().any(|i| {
                    i.as_str()
                        .is_some_and(|s| self.options.iter().any(|o| o.problem && o.value == s))
                }))
            }
            _ => None,
        }
    }

    /// The answers that count as a problem (a yes/no question's `problem`, then the choice
    /// options marked `problem`), in the template's order: what the codebooks list.
    pub fn problem_answers(&self) -> Vec<&str> {
        self.problem
            .as_deref()
            .into_iter()
            .chain(
                self.options
                    .iter()
                    .filter(|o| o.problem)
                    .map(|o| o.value.as_str()),
            )
            .collect()
    }

    pub fn label(&self, lang: &str) -> &str {
        label_in(&self.label, lang)
    }

    pub fn option_label<'a>(&'a self, value: &'a str, lang: &str) -> &'a str {
        self.options
            .iter()
            .find(|o| o.value == value)
            .map(|o| label_in(&o.label, lang))
            .unwrap_or(value)
    }
}

/// The label in `lang`, falling back to English.
pub fn label_in<'a>(labels: &'a Labels, lang: &str) -> &'a str {
    labels
        .get(lang)
        .or_else(|| labels.get("en"))
        .map(String::as_str)
        .unwrap_or("")
}

/// Does `answer` satisfy a display condition's list of values?
fn matches_condition(answer: Option<&Value>, values: &[String]) -> bool {
    match answer {
        Some(Value::String(s)) => values.iter().any(|v| v == s),
        Some(Value::Array(items)) => items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| values.iter().any(|v| v == s))),
        Some(Value::Bool(b)) => values.iter().any(|v| v == if *b { "yes" } else { "no" }),
        Some(Value::Number(n)) => values.iter().any(|v| *v == n.to_string()),
        _ => false,
    }
}

impl Template {
    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.code == code)
    }

    pub fn title(&self, lang: &str) -> &str {
        label_in(&self.title, lang)
    }

    pub fn with_role(&self, role: QuestionRole) -> Option<&Question> {
        self.questions.iter().find(|q| q.role == Some(role))
    }

    /// A checklist's overall assessment: its answer to this template's `overall_assessment`
    /// question, when that is one of the four levels.
    pub fn assessment(&self, answers: &Answers) -> Option<Assessment> {
        let q = self.with_role(QuestionRole::OverallAssessment)?;
        answers.get(&q.code)?.as_str()?.parse().ok()
    }

    pub fn with_protocol(&self, role: ProtocolRole) -> Option<&Question> {
        self.questions.iter().find(|q| q.protocol == Some(role))
    }

    /// The codes shown given `answers`: a question is shown when it has no condition, or the
    /// question it depends on is itself shown and answered with one of the listed values.
    pub fn shown_codes(&self, answers: &Answers) -> crate::fnv::CodeSet<'_> {
        let mut shown =
            crate::fnv::CodeSet::with_capacity_and_hasher(self.questions.len(), Default::default());
        for q in &self.questions {
            let visible = match &q.show_if {
                None => true,
                Some(c) => {
                    shown.contains(c.code.as_str())
                        && matches_condition(answers.get(&c.code), &c.values)
                }
            };
            if visible {
                shown.insert(q.code.as_str());
            }
        }
        shown
    }

    /// Parses and checks a template definition (built-in or custom).
    pub fn from_json(text: &str) -> Result<Template> {
        let t: Template = serde_json::from_str(text).map_err(|e| Error::Template {
            id: "?".into(),
            version: 0,
            message: format!("line {} column {}: {e}", e.line(), e.column()),
        })?;
        t.check()?;
        Ok(t)
    }

    /// Structural rules the JSON Schema cannot express.
    pub fn check(&self) -> Result<()> {
        let fail = |message: String| Error::Template {
            id: self.id.clone(),
            version: self.version,
            message,
        };
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            return Err(fail(format!(
                "id `{}` must be lowercase letters, digits, _ or -",
                self.id
            )));
        }
        if self.version == 0 {
            return Err(fail("version must be 1 or more".into()));
        }
        let mut seen: HashMap<&str, &Question> = HashMap::new();
        for q in &self.questions {
            if q.code.is_empty()
                || !q.code.starts_with(|c: char| c.is_ascii_uppercase())
                || !q
                    .code
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
            {
                return Err(fail(format!(
                    "question code `{}` must look like `V11`",
                    q.code
                )));
            }
            if !q.label.contains_key("en") {
                return Err(fail(format!("question {} has no English label", q.code)));
            }
            if let Some(c) = &q.show_if {
                let Some(dep) = seen.get(c.code.as_str()) else {
                    return Err(fail(format!(
                        "question {} is shown if {}, which is not an earlier question",
                        q.code, c.code
                    )));
                };
                if c.values.is_empty() {
                    return Err(fail(format!(
                        "question {}: show_if lists no values",
                        q.code
                    )));
                }
                let allowed = allowed_values(dep);
                if let Some(allowed) = allowed
                    && let Some(bad) = c.values.iter().find(|v| !allowed.contains(&v.as_str()))
                {
                    return Err(fail(format!(
                        "question {} is shown if {} is `{bad}`, which {} cannot be",
                        q.code, c.code, c.code
                    )));
                }
            }
            if let Some(p) = &q.problem
                && (q.kind != AnswerType::YesNo || (p != "yes" && p != "no"))
            {
                return Err(fail(format!(
                    "question {}: `problem` is for yes/no questions and must be `yes` or `no`",
                    q.code
                )));
            }
            let is_choice = matches!(
                q.kind,
                AnswerType::SingleChoice | AnswerType::MultipleChoice
            );
            if is_choice && q.options.is_empty() {
                return Err(fail(format!("question {} has no options", q.code)));
            }
            if seen.insert(q.code.as_str(), q).is_some() {
                return Err(fail(format!("question code {} is used twice", q.code)));
            }
        }
        let overall = self
            .questions
            .iter()
            .filter(|q| q.role == Some(QuestionRole::OverallAssessment))
            .count();
        let needs_overall = matches!(
            self.phase,
            Phase::Opening | Phase::Voting | Phase::Counting | Phase::Tabulation
        );
        if needs_overall && overall != 1 {
            return Err(fail(format!(
                "a {} checklist needs exactly one overall assessment question, found {overall}",
                self.phase
            )));
        }
        Ok(())
    }
}

/// The values a question can take, where the set is closed.
fn allowed_values(q: &Question) -> Option<Vec<&str>> {
    match q.kind {
        AnswerType::YesNo => Some(YES_NO_VALUES.to_vec()),
        AnswerType::Assessment => Some(Assessment::ALL.iter().map(|a| a.as_str()).collect()),
        AnswerType::SingleChoice | AnswerType::MultipleChoice => {
            let mut v: Vec<&str> = q.options.iter().map(|o| o.value.as_str()).collect();
            v.push(NOT_OBSERVED);
            Some(v)
        }
        _ => None,
    }
}

const BUILTIN_SOURCES: &[&str] = &[
    include_str!("../templates/opening.json"),
    include_str!("../templates/voting.json"),
    include_str!("../templates/counting.json"),
    include_str!("../templates/tabulation.json"),
    include_str!("../templates/incident.json"),
];

/// The templates that ship with the app. They are checked by the tests, so parsing cannot fail.
pub fn builtin() -> Vec<Template> {
    BUILTIN_SOURCES
        .iter()
        .map(|s| Template::from_json(s).expect("built-in templates are checked by the tests"))
        .collect()
}

/// The built-in template for a phase.
pub fn builtin_for(phase: Phase) -> Option<Template> {
    builtin().into_iter().find(|t| t.phase == phase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn builtins_parse_and_cover_the_phases() {
        let all = builtin();
        let phases: Vec<Phase> = all.iter().map(|t| t.phase).collect();
        for p in [
            Phase::Opening,
            Phase::Voting,
            Phase::Counting,
            Phase::Tabulation,
            Phase::Incident,
        ] {
            assert!(phases.contains(&p), "{p} missing");
        }
        for t in &all {
            for q in &t.questions {
                for lang in ["ru", "az"] {
                    assert!(
                        q.label.contains_key(lang),
                        "{} {} lacks {lang}",
                        t.id,
                        q.code
                    );
                }
            }
        }
    }

    #[test]
    fn counting_has_every_protocol_figure() {
        let t = builtin_for(Phase::Counting).unwrap();
        use ProtocolRole::*;
        for r in [
            VotersOnList,
            Signatures,
            BallotsReceived,
            BallotsUnused,
            BallotsSpoiled,
            BallotsStationary,
            BallotsMobile,
            BallotsInvalid,
            BallotsValid,
            CandidateVotes,
        ] {
            assert!(t.with_protocol(r).is_some(), "{r:?} missing");
        }
    }

    fn small() -> Template {
        Template::from_json(
            &json!({
                "id": "t", "version": 1, "phase": "voting", "title": {"en": "T"},
                "questions": [
                    {"code": "A", "type": "yes_no", "label": {"en": "a"}, "problem": "yes"},
                    {"code": "B", "type": "text", "label": {"en": "b"}, "show_if": {"code": "A", "in": ["yes"]}},
                    {"code": "C", "type": "text", "label": {"en": "c"}, "show_if": {"code": "B", "in": ["x"]}},
                    {"code": "Z", "type": "assessment", "label": {"en": "z"}, "role": "overall_assessment"}
                ]
            })
            .to_string(),
        )
        .unwrap()
    }

    #[test]
    fn visibility_follows_chains() {
        let t = small();
        let mut a = Answers::new();
        a.insert("A".into(), json!("no"));
        a.insert("B".into(), json!("x"));
        let shown = t.shown_codes(&a);
        assert!(
            !shown.contains("B") && !shown.contains("C"),
            "C depends on a hidden B"
        );
        a.insert("A".into(), json!("yes"));
        let shown = t.shown_codes(&a);
        assert!(shown.contains("B") && shown.contains("C"));
    }

    #[test]
    fn problem_answers() {
        let t = small();
        let q = t.question("A").unwrap();
        assert_eq!(q.problem_in(&json!("yes")), Some(true));
        assert_eq!(q.problem_in(&json!("no")), Some(false));
        assert_eq!(q.problem_in(&json!("not_observed")), None);
        assert_eq!(q.problem_answers(), ["yes"]);
        assert!(t.question("B").unwrap().problem_answers().is_empty());
        let choice = Template::from_json(
            &json!({
                "id": "t", "version": 1, "phase": "voting", "title": {"en": "T"},
                "questions": [{"code": "M", "type": "multiple_choice", "label": {"en": "m"},
                    "options": [
                        {"value": "a", "label": {"en": "a"}, "problem": true},
                        {"value": "b", "label": {"en": "b"}},
                        {"value": "c", "label": {"en": "c"}, "problem": true}
                    ]},
                    {"code": "Z", "type": "assessment", "label": {"en": "z"}, "role": "overall_assessment"}]
            })
            .to_string(),
        )
        .unwrap();
        assert_eq!(choice.questions[0].problem_answers(), ["a", "c"]);
    }

    #[test]
    fn the_assessment_is_the_overall_questions_answer_when_it_is_a_level() {
        let t = small();
        let mut a = Answers::new();
        assert_eq!(t.assessment(&a), None);
        a.insert("Z".into(), json!("very_bad"));
        assert_eq!(t.assessment(&a), Some(Assessment::VeryBad));
        a.insert("Z".into(), json!("terrible"));
        assert_eq!(t.assessment(&a), None);
    }

    #[test]
    fn bad_templates_are_refused_with_the_reason() {
        let bad = json!({
            "id": "t", "version": 1, "phase": "custom", "title": {"en": "T"},
            "questions": [
                {"code": "B", "type": "text", "label": {"en": "b"}, "show_if": {"code": "A", "in": ["yes"]}},
                {"code": "A", "type": "yes_no", "label": {"en": "a"}}
            ]
        });
        let err = Template::from_json(&bad.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains("not an earlier question"), "{err}");
        let dup = json!({
            "id": "t", "version": 1, "phase": "custom", "title": {"en": "T"},
            "questions": [
                {"code": "A", "type": "text", "label": {"en": "a"}},
                {"code": "A", "type": "text", "label": {"en": "b"}}
            ]
        });
        let err = Template::from_json(&dup.to_string())
            .unwrap_err()
            .to_string();
        assert!(err.contains("used twice"), "{err}");
        let err = Template::from_json("{\"id\": 3}").unwrap_err().to_string();
        assert!(err.contains("line 1"), "{err}");
    }
}
