//! Reading an XLSForm workbook (`.xlsx`, `.xls` or `.ods`, with calamine): its `survey`,
//! `choices` and `settings` sheets as rows of text, the language columns, the choice lists and
//! the settings. The survey's questions are built in `survey.rs`.

use std::collections::HashMap;
use std::path::Path;

use calamine::{Data, Reader};
use eom_core::templates::Labels;

use super::Issue;

/// One sheet: its header cells and its rows (with their row number in the spreadsheet).
pub(crate) struct Sheet {
    pub name: &'static str,
    pub headers: Vec<String>,
    pub rows: Vec<(u32, Vec<String>)>,
}

/// A column's header split into its name (lower case) and its language part, if any:
/// `label::English (en)` → (`label`, Some(`English (en)`)).
fn split_header(h: &str) -> (String, Option<&str>) {
    match h.split_once("::") {
        Some((name, lang)) => (name.trim().to_ascii_lowercase(), Some(lang.trim())),
        None => (h.trim().to_ascii_lowercase().replace(' ', "_"), None),
    }
}

impl Sheet {
    /// The column of a header without a language (`type`, `name`, `list_name` …).
    pub fn col(&self, name: &str) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| split_header(h) == (name.to_string(), None))
    }

    /// The cell of `row` in column `col`, trimmed ("" when absent).
    pub fn cell<'a>(&self, row: &'a [String], col: Option<usize>) -> &'a str {
        col.and_then(|c| row.get(c)).map_or("", |s| s.trim())
    }

    /// The columns of a translatable header (`label`, `hint`): (column, language code), the
    /// plain one in the default language. A language without its code is an issue.
    pub fn lang_cols(
        &self,
        name: &str,
        default: &str,
        issues: &mut Vec<Issue>,
    ) -> Vec<(usize, String)> {
        let mut cols = Vec::new();
        for (i, h) in self.headers.iter().enumerate() {
            match split_header(h) {
                (n, None) if n == name => cols.push((i, default.to_string())),
                (n, Some(lang)) if n == name => match language_code(lang) {
                    Some(code) => cols.push((i, code)),
                    None => issues.push(Issue::at(
                        self.name,
                        1,
                        h,
                        format!(
                            "the language `{lang}` needs its code, as in `{name}::English (en)`"
                        ),
                    )),
                },
                _ => {}
            }
        }
        cols
    }

    /// The texts of a translatable header in one row, by language (empty cells left out).
    pub fn labels(&self, row: &[String], cols: &[(usize, String)]) -> Labels {
        cols.iter()
            .filter_map(|(c, lang)| {
                let t = row.get(*c).map_or("", |s| s.trim());
                (!t.is_empty()).then(|| (lang.clone(), t.to_string()))
            })
            .collect()
    }
}

/// `English (en)` → `en`; the code must be a BCP 47 tag as the template format has them.
pub(crate) fn language_code(lang: &str) -> Option<String> {
    let open = lang.rfind('(')?;
    let code = lang[open + 1..].strip_suffix(')')?.trim();
    is_language_code(code).then(|| code.to_string())
}

pub(crate) fn is_language_code(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The form's sheets: `survey` (required), `choices` and `settings` (optional). Sheet names are
/// matched without regard to case, as pyxform does.
pub(crate) fn sheets(path: &Path) -> Result<(Sheet, Option<Sheet>, Option<Sheet>), String> {
    let mut wb = calamine::open_workbook_auto(path)
        .map_err(|e| format!("not a spreadsheet an XLSForm can be (.xlsx, .xls, .ods): {e}"))?;
    let names = wb.sheet_names();
    let mut read = |want: &'static str| -> Result<Option<Sheet>, String> {
        let Some(name) = names.iter().find(|n| n.trim().eq_ignore_ascii_case(want)) else {
            return Ok(None);
        };
        let range = wb
            .worksheet_range(name)
            .map_err(|e| format!("the sheet `{name}` cannot be read: {e}"))?;
        let first = range.start().map_or(0, |(r, _)| r) + 1;
        let first_col = range.start().map_or(0, |(_, c)| c) as usize;
        let mut rows = range.rows().enumerate().map(|(i, cells)| {
            let mut text: Vec<String> = vec![String::new(); first_col];
            text.extend(cells.iter().map(cell_text));
            (first + i as u32, text)
        });
        let headers = rows.next().map(|(_, h)| h).unwrap_or_default();
        let rows = rows
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        Ok(Some(Sheet {
            name: want,
            headers: headers.into_iter().map(|h| h.trim().to_string()).collect(),
            rows,
        }))
    };
    let survey = read("survey")?.ok_or("the workbook has no `survey` sheet")?;
    Ok((survey, read("choices")?, read("settings")?))
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Error(_) | Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// The `settings` sheet: what becomes the template's id, version and title, and the language of
/// the plain `label` column.
pub(crate) struct Settings {
    pub form_id: Option<String>,
    pub version: u32,
    pub title: Option<String>,
    pub default_language: String,
}

pub(crate) fn settings(sheet: Option<&Sheet>, issues: &mut Vec<Issue>) -> Settings {
    let mut s = Settings {
        form_id: None,
        version: 1,
        title: None,
        default_language: "en".into(),
    };
    let Some(sheet) = sheet else {
        return s;
    };
    let Some((row, cells)) = sheet.rows.first() else {
        return s;
    };
    let get = |name| sheet.cell(cells, sheet.col(name));
    let id = get("form_id");
    if !id.is_empty() {
        let lower = id.to_ascii_lowercase();
        if lower
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
        {
            s.form_id = Some(lower);
        } else {
            issues.push(Issue::at(
                "settings",
                *row,
                "form_id",
                format!("`{id}` cannot be a template id: letters, digits, _ and - only"),
            ));
        }
    }
    let version = get("version");
    if !version.is_empty() {
        match version.parse::<u32>() {
            Ok(v) if v >= 1 => s.version = v,
            _ => issues.push(Issue::at(
                "settings",
                *row,
                "version",
                format!("`{version}` cannot be a template version: a whole number from 1 (e.g. 2024020701)"),
            )),
        }
    }
    let title = get("form_title");
    s.title = (!title.is_empty()).then(|| title.to_string());
    let lang = get("default_language");
    if !lang.is_empty() {
        match language_code(lang).or_else(|| is_language_code(lang).then(|| lang.to_string())) {
            Some(code) => s.default_language = code,
            None => issues.push(Issue::at(
                "settings",
                *row,
                "default_language",
                format!("the language `{lang}` needs its code, as in `English (en)`"),
            )),
        }
    }
    s
}

/// One choice of a list, with where it was read.
pub(crate) struct ChoiceRow {
    pub value: String,
    pub label: Labels,
}

/// The `choices` sheet as lists by name. Choice names become option values: lower case letters,
/// digits and `_` (upper case is lowered), unique within their list, with an English label.
pub(crate) fn choices(
    sheet: Option<&Sheet>,
    default_lang: &str,
    issues: &mut Vec<Issue>,
) -> HashMap<String, Vec<ChoiceRow>> {
    let mut lists: HashMap<String, Vec<ChoiceRow>> = HashMap::new();
    let Some(sheet) = sheet else {
        return lists;
    };
    let list_col = sheet.col("list_name");
    let name_col = sheet.col("name").or_else(|| sheet.col("value"));
    let label_cols = sheet.lang_cols("label", default_lang, issues);
    for (row, cells) in &sheet.rows {
        let list = sheet.cell(cells, list_col);
        let name = sheet.cell(cells, name_col);
        if list.is_empty() {
            issues.push(Issue::at(
                "choices",
                *row,
                "list_name",
                "a choice needs its list's name".into(),
            ));
            continue;
        }
        let value = name.to_ascii_lowercase();
        let valid = value.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
            && value
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            issues.push(Issue::at(
                "choices",
                *row,
                "name",
                format!("`{name}` cannot be an option value: letters, digits and _, starting with a letter or digit"),
            ));
            continue;
        }
        let label = sheet.labels(cells, &label_cols);
        if !label.contains_key("en") {
            issues.push(Issue::at(
                "choices",
                *row,
                "label",
                format!("the choice `{name}` has no English label (label::English (en))"),
            ));
        }
        let entries = lists.entry(list.to_string()).or_default();
        if entries.iter().any(|c| c.value == value) {
            issues.push(Issue::at(
                "choices",
                *row,
                "name",
                format!("`{name}` is in the list `{list}` twice"),
            ));
            continue;
        }
        entries.push(ChoiceRow { value, label });
    }
    lists
}
