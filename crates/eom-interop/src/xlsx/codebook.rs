//! The codebook: one row per question of every template version that has a sheet, with its
//! labels in the workbook's language, its type, answer options, problem answers, display
//! condition, bounds and the sheet columns it becomes.

use eom_core::templates::{AnswerType, NOT_OBSERVED, Question, label_in};
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::cells::{Cell, Sheet};
use super::sheets::{Column, Group, question_columns};
use super::words;

pub(crate) const HEADER: [&str; 14] = [
    "sheet",
    "template",
    "version",
    "section",
    "code",
    "question",
    "type",
    "required",
    "options",
    "problem_answers",
    "display_condition",
    "min",
    "max",
    "columns",
];

/// `groups` with the names their sheets were given.
pub(crate) fn write(
    name: &str,
    groups: &[(&str, &Group<'_>)],
    lang: &str,
) -> Result<(Worksheet, u32), XlsxError> {
    let header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    let mut sheet = Sheet::new(name, &header)?;
    sheet.wrap_column(8);
    for (sheet_name, g) in groups {
        let t = g.template;
        for q in &t.questions {
            let columns: Vec<String> = question_columns(q, &g.candidates)
                .iter()
                .map(Column::header)
                .collect();
            let bound = |b: Option<i64>| b.map_or(Cell::Empty, |n| Cell::Number(n as f64));
            sheet.row(vec![
                Cell::text(*sheet_name),
                Cell::text(t.id.as_str()),
                Cell::count(t.version),
                Cell::text_or_empty(q.section.as_ref().map_or("", |s| label_in(s, lang))),
                Cell::text(q.code.as_str()),
                Cell::text_or_empty(q.label(lang)),
                Cell::text(type_name(q.kind)),
                Cell::yes_no(Some(q.required)),
                Cell::text_or_empty(options(q, lang, &g.candidates).join("\n")),
                Cell::text_or_empty(q.problem_answers().join(", ")),
                Cell::text_or_empty(condition(q)),
                bound(q.min.or((q.kind == AnswerType::Integer).then_some(0))),
                bound(q.max),
                Cell::text_or_empty(columns.join(", ")),
            ])?;
        }
    }
    let rows = sheet.rows();
    Ok((sheet.finish()?, rows))
}

/// The template format's name of an answer type (`yes_no`, `multiple_choice`, …).
pub(crate) fn type_name(kind: AnswerType) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// `value = label` for every value the answer can take, in `lang`.
pub(crate) fn options(q: &Question, lang: &str, candidates: &[String]) -> Vec<String> {
    let builtin = |values: &[&str]| -> Vec<String> {
        values
            .iter()
            .map(|v| format!("{v} = {}", words::label(v, lang)))
            .collect()
    };
    match q.kind {
        AnswerType::YesNo => builtin(&["yes", "no", NOT_OBSERVED]),
        AnswerType::Assessment => builtin(&["very_good", "good", "bad", "very_bad"]),
        AnswerType::SingleChoice | AnswerType::MultipleChoice => {
            let mut v: Vec<String> = q
                .options
                .iter()
                .map(|o| format!("{} = {}", o.value, label_in(&o.label, lang)))
                .collect();
            if q.kind == AnswerType::SingleChoice {
                v.extend(builtin(&[NOT_OBSERVED]));
            }
            v
        }
        AnswerType::CandidateVotes => candidates.to_vec(),
        _ => Vec::new(),
    }
}

/// `V05 = no`, or `V05 in (a, b)`: the question is shown only then (for a multiple-choice
/// question: when any of the values is selected).
pub(crate) fn condition(q: &Question) -> String {
    match &q.show_if {
        None => String::new(),
        Some(c) if c.values.len() == 1 => format!("{} = {}", c.code, c.values[0]),
        Some(c) => format!("{} in ({})", c.code, c.values.join(", ")),
    }
}
