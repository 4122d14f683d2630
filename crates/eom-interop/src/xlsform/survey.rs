//! The `survey` sheet as template questions (the mapping table is `docs/xlsform.md`): one
//! question per row of a supported type, groups as sections, notes as the next question's help,
//! `relevant` and `constraint` through `expr.rs`. Every row outside the subset becomes an issue
//! naming its row and column; the caller imports nothing when there is one.

use std::collections::HashMap;

use eom_core::templates::{AnswerType, Labels, Question};

use super::condition::{self, Atom};
use super::expr;
use super::read::{ChoiceRow, Sheet};
use super::types::{answer_type, extras, unsupported};
use super::{HEADER_FIELDS, Issue, VOTES_SEPARATOR};

/// Metadata rows every ODK form may have; they are not questions and are skipped.
const METADATA: &[&str] = &[
    "start",
    "end",
    "today",
    "deviceid",
    "phonenumber",
    "username",
    "email",
    "subscriberid",
    "simserial",
    "audit",
];

struct Group {
    section: Option<Labels>,
    condition: Vec<Atom>,
}

struct Columns {
    kind: Option<usize>,
    name: Option<usize>,
    required: Option<usize>,
    relevant: Option<usize>,
    constraint: Option<usize>,
    choice_filter: Option<usize>,
    problem: Option<usize>,
    role: Option<usize>,
    protocol: Option<usize>,
    eom_type: Option<usize>,
    labels: Vec<(usize, String)>,
    hints: Vec<(usize, String)>,
}

/// The questions of the survey sheet, or the issues that stop it being a template.
pub(crate) fn questions(
    sheet: &Sheet,
    lists: &HashMap<String, Vec<ChoiceRow>>,
    default_lang: &str,
    issues: &mut Vec<Issue>,
) -> Vec<Question> {
    let cols = Columns {
        kind: sheet.col("type"),
        name: sheet.col("name"),
        required: sheet.col("required"),
        relevant: sheet.col("relevant"),
        constraint: sheet.col("constraint"),
        choice_filter: sheet.col("choice_filter"),
        problem: sheet.col("eom_problem"),
        role: sheet.col("eom_role"),
        protocol: sheet.col("eom_protocol"),
        eom_type: sheet.col("eom_type"),
        labels: sheet.lang_cols("label", default_lang, issues),
        hints: sheet.lang_cols("hint", default_lang, issues),
    };
    if cols.kind.is_none() || cols.name.is_none() {
        issues.push(Issue::at(
            "survey",
            1,
            "",
            "the survey sheet needs the columns `type` and `name`".into(),
        ));
        return Vec::new();
    }
    let mut out: Vec<Question> = Vec::new();
    let mut groups: Vec<Group> = Vec::new();
    let mut notes: Vec<Labels> = Vec::new();
    for (row, cells) in &sheet.rows {
        let row = *row;
        let get = |c: Option<usize>| sheet.cell(cells, c);
        let kind = get(cols.kind)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let name = get(cols.name);
        if kind.is_empty() {
            continue;
        }
        macro_rules! issue {
            ($column:expr, $message:expr $(,)?) => {
                issues.push(Issue::at("survey", row, $column, $message))
            };
        }
        let lower = kind.to_ascii_lowercase();
        if lower == "end group" || lower == "end_group" {
            if groups.pop().is_none() {
                issue!("type", "`end group` without a `begin group`".into());
            }
            continue;
        }
        if METADATA.contains(&lower.as_str()) {
            continue;
        }
        if HEADER_FIELDS.contains(&name) {
            continue; // the visit's header, read by the submissions import
        }
        let relevant = get(cols.relevant);
        if lower == "begin group" || lower == "begin_group" {
            let label = sheet.labels(cells, &cols.labels);
            let section = if label.is_empty() {
                groups.last().and_then(|g| g.section.clone())
            } else {
                Some(label)
            };
            let group_condition = condition(&out, row, relevant, issues);
            groups.push(Group {
                section,
                condition: group_condition,
            });
            continue;
        }
        if lower == "note" && get(cols.eom_type) != "candidate_votes" {
            condition(&out, row, relevant, issues);
            notes.push(sheet.labels(cells, &cols.labels));
            continue;
        }
        if let Some(votes) = out.iter_mut().find(|q| {
            q.kind == AnswerType::CandidateVotes
                && name
                    .to_ascii_uppercase()
                    .strip_prefix(&format!("{}{VOTES_SEPARATOR}", q.code))
                    .is_some_and(|n| n.parse::<u32>().is_ok())
        }) {
            // One candidate's votes: part of the candidate_votes question before it, which is
            // required when they are (a note cannot be).
            votes.required |= matches!(get(cols.required), "yes" | "true" | "true()" | "1");
            continue;
        }
        let Some((answer, options)) = answer_type(&kind, get(cols.eom_type), lists) else {
            issue!("type", unsupported(&kind));
            continue;
        };
        let options = match options {
            Ok(o) => o,
            Err(message) => {
                issue!("type", message);
                continue;
            }
        };
        if !get(cols.choice_filter).is_empty() {
            issue!(
                "choice_filter",
                "choice filters (cascading selects) are not part of the subset".into(),
            );
        }
        let code = name.to_ascii_uppercase();
        let valid = code.starts_with(|c: char| c.is_ascii_uppercase())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            issue!(
                "name",
                format!(
                    "`{name}` cannot be a question code: letters, digits and _, starting with a letter"
                ),
            );
            continue;
        }
        if out.iter().any(|q| q.code == code) {
            issue!(
                "name",
                format!("`{name}` is used twice (codes ignore case)")
            );
            continue;
        }
        let label = sheet.labels(cells, &cols.labels);
        if !label.contains_key("en") {
            issue!(
                "label",
                format!(
                    "`{name}` has no English label (label::English (en), or label with default_language English (en))"
                ),
            );
        }
        let required = match get(cols.required).to_ascii_lowercase().as_str() {
            "" | "no" | "false" | "false()" | "0" => false,
            "yes" | "true" | "true()" | "1" => true,
            other => {
                issue!(
                    "required",
                    format!(
                        "`{other}` is not part of the subset: yes or no (a condition cannot make a question required)"
                    ),
                );
                false
            }
        };
        let mut atoms: Vec<Atom> = groups.iter().flat_map(|g| g.condition.clone()).collect();
        atoms.extend(condition(&out, row, relevant, issues));
        let show_if = match condition::reduce(atoms, &|c| out.iter().find(|q| q.code == c)) {
            Ok(c) => c,
            Err(why) if relevant.is_empty() => {
                issue!(
                    "relevant",
                    format!("the conditions of its groups are outside the subset: {why}"),
                );
                None
            }
            Err(why) => {
                issues.push(outside(row, "relevant", relevant, &why));
                None
            }
        };
        let (mut min, mut max) = (None, None);
        let constraint = get(cols.constraint);
        if !constraint.is_empty() {
            let parsed = if answer == AnswerType::Integer {
                expr::parse(constraint).and_then(|e| condition::bounds(&e))
            } else {
                Err("only bounds of integer questions are part of the subset".into())
            };
            match parsed {
                Ok((lo, hi)) => (min, max) = (lo, hi),
                Err(why) => issues.push(outside(row, "constraint", constraint, &why)),
            }
        }
        let mut help = sheet.labels(cells, &cols.hints);
        for note in notes.drain(..).rev() {
            for (lang, text) in note {
                let joined = match help.get(&lang) {
                    Some(h) => format!("{text}\n{h}"),
                    None => text,
                };
                help.insert(lang, joined);
            }
        }
        let mut q = Question {
            code,
            kind: answer,
            label,
            help: (!help.is_empty()).then_some(help),
            section: groups.last().and_then(|g| g.section.clone()),
            required,
            show_if,
            problem: None,
            options,
            min,
            max,
            protocol: None,
            role: None,
        };
        let mut issue = |column: &str, message: String| {
            issues.push(Issue::at("survey", row, column, message));
        };
        extras(
            &mut q,
            get(cols.problem),
            get(cols.role),
            get(cols.protocol),
            &mut issue,
        );
        out.push(q);
    }
    if !groups.is_empty() {
        issues.push(Issue::at(
            "survey",
            sheet.rows.last().map_or(1, |r| r.0),
            "type",
            format!("{} `begin group` without its `end group`", groups.len()),
        ));
    }
    // Notes after the last question: its help.
    if let Some(last) = out.last_mut() {
        for note in notes {
            let help = last.help.get_or_insert_with(Labels::new);
            for (lang, text) in note {
                let joined = match help.get(&lang) {
                    Some(h) => format!("{h}\n{text}"),
                    None => text,
                };
                help.insert(lang, joined);
            }
        }
    }
    out
}

/// A `relevant` (of `row`) in the subset, as conditions on the questions before it.
fn condition(out: &[Question], row: u32, text: &str, issues: &mut Vec<Issue>) -> Vec<Atom> {
    if text.is_empty() {
        return Vec::new();
    }
    let lookup = |n: &str| -> Result<&Question, String> {
        if HEADER_FIELDS.contains(&n) {
            return Err(format!("`{n}` identifies the visit; it is not a question"));
        }
        let code = n.to_ascii_uppercase();
        out.iter()
            .find(|q| q.code == code)
            .ok_or_else(|| format!("`{n}` is not an earlier question"))
    };
    match expr::parse(text).and_then(|e| condition::relevant(&e, &lookup)) {
        Ok(atoms) => atoms,
        Err(why) => {
            issues.push(outside(row, "relevant", text, &why));
            Vec::new()
        }
    }
}

fn outside(row: u32, column: &str, text: &str, why: &str) -> Issue {
    Issue::at(
        "survey",
        row,
        column,
        format!("`{text}` is outside the subset: {why}"),
    )
}
