//! A template as an XLSForm for ODK Central and KoboToolbox: `survey`, `choices` and `settings`
//! sheets with the column names those tools read (`type`, `name`, `label::English (en)`,
//! `hint::…`, `required`, `relevant`, `constraint`; `list_name`; `form_title`, `form_id`,
//! `version`, `default_language`), the visit's header questions first, a group per section.
//! Three more columns (`eom_problem`, `eom_role`, `eom_protocol`, and `eom_type` for candidate
//! votes) carry what only EOM Reporter uses; pyxform and Kobo ignore columns they do not know.

use std::collections::BTreeSet;
use std::path::Path;

use eom_core::templates::{AnswerType, Labels, Template};
use eom_core::{Error, Store};
use rust_xlsxwriter::{Workbook, XlsxError};

use super::condition;
use super::sheets::{Row, choices_sheet, settings_sheet, survey_sheet};
use super::{HEADER_FIELDS, VOTES_SEPARATOR};
use crate::xlsx::words;

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsFormSummary {
    pub id: String,
    pub version: u32,
    /// Template questions (a candidate_votes question counts once).
    pub questions: usize,
    /// Language codes of the label columns, English first.
    pub languages: Vec<String>,
}

/// Writes template `id` (version `version`, or the newest) of the store's mission as an XLSForm.
pub fn write_xlsform(
    store: &mut Store,
    id: &str,
    version: Option<u32>,
    path: &Path,
) -> Result<XlsFormSummary, Error> {
    let t = super::find_template(store, id, version)?;
    let candidates = store.mission()?.candidates;
    let (mut workbook, summary) = build(&t, &candidates).map_err(|e| Error::Invalid {
        field: "form".into(),
        message: e.to_string(),
    })?;
    crate::xlsx::save(&mut workbook, path)?;
    Ok(summary)
}

/// The languages of a template's texts, English first.
fn languages(t: &Template) -> Vec<String> {
    let mut set: BTreeSet<&str> = t.title.keys().map(String::as_str).collect();
    for q in &t.questions {
        let texts = [Some(&q.label), q.help.as_ref(), q.section.as_ref()];
        set.extend(
            texts
                .into_iter()
                .flatten()
                .flat_map(|l| l.keys().map(String::as_str)),
        );
        for o in &q.options {
            set.extend(o.label.keys().map(String::as_str));
        }
    }
    set.remove("en");
    std::iter::once("en".to_string())
        .chain(set.into_iter().map(String::from))
        .collect()
}

/// The header questions' labels: (name, type, required, English, Russian, Azerbaijani).
const HEADER: [(&str, &str, bool, &str, &str, &str); 4] = [
    (
        "station_code",
        "text",
        true,
        "Polling station code",
        "Код избирательного участка",
        "Seçki məntəqəsinin kodu",
    ),
    (
        "team_code",
        "text",
        true,
        "Team code",
        "Код группы",
        "Qrupun kodu",
    ),
    (
        "arrival",
        "time",
        true,
        "Arrival time",
        "Время прибытия",
        "Gəliş vaxtı",
    ),
    (
        "departure",
        "time",
        false,
        "Departure time",
        "Время отъезда",
        "Gediş vaxtı",
    ),
];

/// The workbook of a template, not yet saved. `candidates` are the mission's, for the votes.
pub(crate) fn build(
    t: &Template,
    candidates: &[String],
) -> Result<(Workbook, XlsFormSummary), XlsxError> {
    let langs = languages(t);
    let in_all = |f: &dyn Fn(&str) -> String| -> Labels {
        langs.iter().map(|l| (l.clone(), f(l))).collect()
    };
    let mut rows: Vec<Row> = vec![
        Row {
            kind: "start".into(),
            name: "start".into(),
            ..Row::default()
        },
        Row {
            kind: "end".into(),
            name: "end".into(),
            ..Row::default()
        },
    ];
    debug_assert_eq!(HEADER.map(|h| h.0), HEADER_FIELDS);
    for (name, kind, required, en, ru, az) in HEADER {
        rows.push(Row {
            kind: kind.into(),
            name: name.into(),
            label: in_all(&|l| match l {
                "ru" => ru.into(),
                "az" => az.into(),
                _ => en.into(),
            }),
            required,
            ..Row::default()
        });
    }
    let mut choices: Vec<(String, String, Labels)> = Vec::new();
    let mut list = |name: &str, values: &[&str]| {
        if !choices.iter().any(|c| c.0 == name) {
            for v in values {
                choices.push((
                    name.into(),
                    v.to_string(),
                    in_all(&|l| words::label(v, l).into()),
                ));
            }
        }
    };
    list("yes_no", &["yes", "no", "not_observed"]);
    list("assessment", &["very_good", "good", "bad", "very_bad"]);
    let mut group: Option<&Labels> = None;
    let mut group_names: Vec<String> = Vec::new();
    for q in &t.questions {
        if q.section.as_ref() != group {
            if group.is_some() {
                rows.push(Row {
                    kind: "end group".into(),
                    ..Row::default()
                });
            }
            if let Some(section) = &q.section {
                let name = group_name(section, &group_names);
                group_names.push(name.clone());
                rows.push(Row {
                    kind: "begin group".into(),
                    name,
                    label: section.clone(),
                    ..Row::default()
                });
            }
            group = q.section.as_ref();
        }
        let relevant = q
            .show_if
            .as_ref()
            .and_then(|c| Some(condition::write_relevant(c, t.question(&c.code)?)))
            .unwrap_or_default();
        let mut row = Row {
            name: q.code.clone(),
            label: q.label.clone(),
            hint: q.help.clone().unwrap_or_default(),
            required: q.required,
            relevant: relevant.clone(),
            constraint: condition::write_constraint(q).unwrap_or_default(),
            problem: q.problem_answers().join(" "),
            role: q.role.map(|r| enum_text(&r)).unwrap_or_default(),
            protocol: q.protocol.map(|p| enum_text(&p)).unwrap_or_default(),
            ..Row::default()
        };
        row.kind = match q.kind {
            AnswerType::YesNo => "select_one yes_no".into(),
            AnswerType::Assessment => "select_one assessment".into(),
            AnswerType::SingleChoice | AnswerType::MultipleChoice => {
                for o in &q.options {
                    choices.push((q.code.clone(), o.value.clone(), o.label.clone()));
                }
                let select = if q.kind == AnswerType::SingleChoice {
                    "select_one"
                } else {
                    "select_multiple"
                };
                format!("{select} {}", q.code)
            }
            AnswerType::Integer => "integer".into(),
            AnswerType::Time => "time".into(),
            AnswerType::Text => "text".into(),
            AnswerType::Photo => "image".into(),
            AnswerType::CandidateVotes => {
                row.kind = "note".into();
                row.required = false;
                row.eom_type = "candidate_votes".into();
                rows.push(row);
                for (i, c) in candidates.iter().enumerate() {
                    rows.push(Row {
                        kind: "integer".into(),
                        name: format!("{}{VOTES_SEPARATOR}{}", q.code, i + 1),
                        label: in_all(&|_| c.clone()),
                        required: q.required,
                        relevant: relevant.clone(),
                        constraint: ". >= 0".into(),
                        ..Row::default()
                    });
                }
                continue;
            }
        };
        rows.push(row);
    }
    if group.is_some() {
        rows.push(Row {
            kind: "end group".into(),
            ..Row::default()
        });
    }
    let mut wb = Workbook::new();
    survey_sheet(wb.add_worksheet(), &rows, &langs)?;
    choices_sheet(wb.add_worksheet(), &choices, &langs)?;
    settings_sheet(wb.add_worksheet(), t)?;
    let summary = XlsFormSummary {
        id: t.id.clone(),
        version: t.version,
        questions: t.questions.len(),
        languages: langs,
    };
    Ok((wb, summary))
}

/// An enum's name as serde writes it (`overall_assessment`).
fn enum_text<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// `grp_secrecy` from a section's English label; unique in the form.
fn group_name(section: &Labels, taken: &[String]) -> String {
    let en = crate::xlsform::label_en(section).to_ascii_lowercase();
    let mut slug = String::new();
    for c in en.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') {
            slug.push('_');
        }
    }
    let slug: String = slug.trim_matches('_').chars().take(24).collect();
    let slug = slug.trim_end_matches('_');
    let base = if slug.is_empty() {
        format!("grp_{}", taken.len() + 1)
    } else {
        format!("grp_{slug}")
    };
    let mut name = base.clone();
    let mut n = 2;
    while taken.contains(&name) {
        name = format!("{base}_{n}");
        n += 1;
    }
    name
}
