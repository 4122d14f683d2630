//! The three sheets of an XLSForm as ODK Central and KoboToolbox read them: header rows with
//! their exact column names (`label::English (en)`), one row per survey element or choice.

use eom_core::templates::{Labels, Template};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

/// `English (en)`: the language as XLSForm column headers name it.
pub(super) fn language_name(code: &str) -> String {
    const NAMES: &[(&str, &str)] = &[
        ("en", "English"),
        ("ru", "Russian"),
        ("az", "Azerbaijani"),
        ("ar", "Arabic"),
        ("de", "German"),
        ("es", "Spanish"),
        ("fr", "French"),
        ("hy", "Armenian"),
        ("ka", "Georgian"),
        ("kk", "Kazakh"),
        ("ky", "Kyrgyz"),
        ("pt", "Portuguese"),
        ("ro", "Romanian"),
        ("sq", "Albanian"),
        ("sr", "Serbian"),
        ("tg", "Tajik"),
        ("tr", "Turkish"),
        ("uk", "Ukrainian"),
        ("uz", "Uzbek"),
    ];
    let name = NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .map_or(code, |(_, n)| n);
    format!("{name} ({code})")
}

const SURVEY: [&str; 11] = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "eom_problem",
    "eom_role",
    "eom_protocol",
    "eom_type",
];

/// One row of the survey sheet.
#[derive(Default)]
pub(super) struct Row {
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) label: Labels,
    pub(super) hint: Labels,
    pub(super) required: bool,
    pub(super) relevant: String,
    pub(super) constraint: String,
    pub(super) problem: String,
    pub(super) role: String,
    pub(super) protocol: String,
    pub(super) eom_type: String,
}

/// The `settings` sheet: title, id, version, default language and the name a submission is
/// listed under.
pub(super) fn settings_sheet(settings: &mut Worksheet, t: &Template) -> Result<(), XlsxError> {
    settings.set_name("settings")?;
    let values = [
        ("form_title", crate::xlsform::label_en(&t.title)),
        ("form_id", t.id.clone()),
        ("version", t.version.to_string()),
        ("default_language", language_name("en")),
        (
            "instance_name",
            "concat(${station_code}, ' ', ${team_code})".into(),
        ),
    ];
    for (col, (name, value)) in values.iter().enumerate() {
        settings.write_string(0, col as u16, *name)?;
        settings.write_string(1, col as u16, value)?;
    }
    Ok(())
}

fn header(ws: &mut Worksheet, names: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    for (col, name) in names.iter().enumerate() {
        ws.write_string_with_format(0, col as u16, name, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

pub(super) fn survey_sheet(
    ws: &mut Worksheet,
    rows: &[Row],
    langs: &[String],
) -> Result<(), XlsxError> {
    ws.set_name("survey")?;
    let mut names: Vec<String> = Vec::new();
    for column in SURVEY {
        if column == "label" || column == "hint" {
            names.extend(
                langs
                    .iter()
                    .map(|l| format!("{column}::{}", language_name(l))),
            );
        } else {
            names.push(column.into());
        }
    }
    header(ws, &names)?;
    for (i, r) in rows.iter().enumerate() {
        let mut cells: Vec<String> = vec![r.kind.clone(), r.name.clone()];
        for texts in [&r.label, &r.hint] {
            cells.extend(
                langs
                    .iter()
                    .map(|l| texts.get(l).cloned().unwrap_or_default()),
            );
        }
        let required = if r.required { "yes" } else { "" };
        cells.extend([
            required.to_string(),
            r.relevant.clone(),
            r.constraint.clone(),
        ]);
        cells.extend([
            r.problem.clone(),
            r.role.clone(),
            r.protocol.clone(),
            r.eom_type.clone(),
        ]);
        for (col, text) in cells.iter().enumerate() {
            if !text.is_empty() {
                ws.write_string(i as u32 + 1, col as u16, text)?;
            }
        }
    }
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 16)?;
    Ok(())
}

pub(super) fn choices_sheet(
    ws: &mut Worksheet,
    choices: &[(String, String, Labels)],
    langs: &[String],
) -> Result<(), XlsxError> {
    ws.set_name("choices")?;
    let mut names = vec!["list_name".to_string(), "name".to_string()];
    names.extend(langs.iter().map(|l| format!("label::{}", language_name(l))));
    header(ws, &names)?;
    for (i, (list, value, label)) in choices.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string(row, 0, list)?;
        ws.write_string(row, 1, value)?;
        for (j, l) in langs.iter().enumerate() {
            if let Some(text) = label.get(l) {
                ws.write_string(row, 2 + j as u16, text)?;
            }
        }
    }
    Ok(())
}
