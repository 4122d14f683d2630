//! XLSForm in and out (issue 14, `docs/xlsform.md`): the form definitions of ODK and
//! KoboToolbox as EOM Reporter templates, and templates as forms phone observers fill in ODK
//! Collect or Enketo.
//!
//! In: [`read_xlsform`] reads the `survey`, `choices` and `settings` sheets (calamine) into a
//! custom template, or lists every row and column outside the subset a template can hold;
//! [`import_xlsform`] adds it to the mission (as a bundle merged by this laptop, so the template
//! travels in bundles like the built-in ones). Out: [`write_xlsform`] writes a template with the
//! visit's header questions (`station_code`, `team_code`, `arrival`, `departure`) in front, as the
//! submissions import (`crate::submissions`) reads them back.

mod condition;
mod expr;
mod read;
mod sheets;
mod survey;
mod types;
mod write;

use std::path::Path;

use eom_core::model::Phase;
use eom_core::templates::{Labels, Template};
use eom_core::{Enrolment, Error, Store};

pub use write::{XlsFormSummary, write_xlsform};

/// The questions of the visit's header that EOM Reporter's forms start with; in a form read in
/// they identify the visit and are not template questions.
pub const HEADER_FIELDS: [&str; 4] = ["station_code", "team_code", "arrival", "departure"];

/// Between a candidate_votes question's code and a candidate's number in the names of the
/// integer questions it is written as (`V30__1`: votes for the mission's first candidate).
pub const VOTES_SEPARATOR: &str = "__";

/// A form above this size is refused unread (a large XLSForm is a few hundred kilobytes).
pub const MAX_XLSFORM_BYTES: u64 = 16 << 20;

/// One thing in the form a template cannot hold, where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "FormIssue"))]
pub struct Issue {
    pub sheet: String,
    /// The row in the spreadsheet (the header row is 1).
    pub row: u32,
    /// The column's header (`relevant`, `label::English (en)`); empty for the whole row.
    pub column: String,
    pub message: String,
}

impl Issue {
    pub(crate) fn at(sheet: &str, row: u32, column: &str, message: String) -> Issue {
        Issue {
            sheet: sheet.into(),
            row,
            column: column.into(),
            message,
        }
    }
}

impl std::fmt::Display for Issue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {}", self.sheet, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// The refusal of a form, listing its issues (the first 30).
fn refused(path: &Path, issues: &[Issue]) -> Error {
    let mut lines: Vec<String> = issues.iter().take(30).map(|i| format!("  {i}")).collect();
    if issues.len() > 30 {
        lines.push(format!("  … and {} more", issues.len() - 30));
    }
    Error::BundleInvalid {
        path: path.to_path_buf(),
        message: format!(
            "{} thing(s) outside what a template can hold (docs/xlsform.md), nothing was imported:\n{}",
            issues.len(),
            lines.join("\n")
        ),
    }
}

/// A text's English label.
pub(crate) fn label_en(labels: &Labels) -> String {
    eom_core::templates::label_in(labels, "en").to_string()
}

/// Refuses a file above `limit` bytes before it is read.
pub(crate) fn check_size(path: &Path, limit: u64, what: &'static str) -> Result<(), Error> {
    let size = std::fs::metadata(path)
        .map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            what,
            size,
            limit,
        });
    }
    Ok(())
}

/// Reads an XLSForm into a custom template (phase `custom`), or refuses it with every issue.
pub fn read_xlsform(path: &Path) -> Result<Template, Error> {
    check_xlsform(path)?.map_err(|issues| refused(path, &issues))
}

/// [`read_xlsform`] with the issues as a list, for a shell that shows them as a table (the
/// app's Mission settings → Checklists); an error only for a file that cannot be read as a
/// spreadsheet with a `survey` sheet.
pub fn check_xlsform(path: &Path) -> Result<Result<Template, Vec<Issue>>, Error> {
    check_size(path, MAX_XLSFORM_BYTES, "form")?;
    let (survey, choices, settings) =
        read::sheets(path).map_err(|message| Error::BundleInvalid {
            path: path.to_path_buf(),
            message,
        })?;
    let mut issues = Vec::new();
    let s = read::settings(settings.as_ref(), &mut issues);
    let lists = read::choices(choices.as_ref(), &s.default_language, &mut issues);
    let questions = survey::questions(&survey, &lists, &s.default_language, &mut issues);
    if questions.is_empty() && issues.is_empty() {
        issues.push(Issue::at(
            "survey",
            1,
            "",
            "the form has no question a template could hold".into(),
        ));
    }
    let id = s.form_id.unwrap_or_else(|| id_from_file_name(path));
    let mut title = Labels::new();
    let text = s.title.unwrap_or_else(|| id.clone());
    title.insert(s.default_language.clone(), text.clone());
    title.entry("en".into()).or_insert(text);
    let t = Template {
        id,
        version: s.version,
        phase: Phase::Custom,
        title,
        questions,
    };
    if issues.is_empty()
        && let Err(e) = t.check()
    {
        issues.push(Issue::at("survey", 1, "", e.to_string()));
    }
    if !issues.is_empty() {
        return Ok(Err(issues));
    }
    Ok(Ok(t))
}

/// `Observer form v2.xlsx` → `observer_form_v2`.
fn id_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.trim_matches('_').is_empty() {
        "form".into()
    } else {
        id
    }
}

/// What `import_xlsform` did (the app shows it as it is).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TemplateImport {
    pub template: Template,
    /// False when the mission had this very template already (importing twice adds nothing).
    pub added: bool,
}

/// Reads an XLSForm and adds it to the mission as a custom template. Refused on a team laptop
/// (templates are the core team's), for the id of a built-in template, and for an id and version
/// the mission has with other content.
pub fn import_xlsform(store: &mut Store, path: &Path) -> Result<TemplateImport, Error> {
    let mission = store.mission()?;
    if let Some(Enrolment::Team(team)) = store.laptop_enrolment()? {
        return Err(Error::Invalid {
            field: "template".into(),
            message: format!(
                "checklist templates are the core team's, and this laptop is enrolled for team {team}: import the form on a core laptop"
            ),
        });
    }
    let t = read_xlsform(path)?;
    if eom_core::templates::builtin().iter().any(|b| b.id == t.id) {
        return Err(Error::Invalid {
            field: "form_id".into(),
            message: format!(
                "`{}` is a built-in template's id: give the form another form_id in its settings sheet",
                t.id
            ),
        });
    }
    if let Some(existing) = store
        .templates()?
        .into_iter()
        .find(|e| e.id == t.id && e.version == t.version)
    {
        if existing == t {
            return Ok(TemplateImport {
                template: t,
                added: false,
            });
        }
        return Err(Error::Invalid {
            field: "version".into(),
            message: format!(
                "the mission has template {} v{} already, with other questions: raise `version` in the form's settings sheet",
                t.id, t.version
            ),
        });
    }
    let mut bundle = crate::merge::bundle_for(store, mission);
    bundle.templates.push(t.clone());
    store.merge_bundle(path, &bundle, true, &mut |_, _| {})?;
    Ok(TemplateImport {
        template: t,
        added: true,
    })
}

/// The template `id` in the mission: version `version`, or the newest.
pub fn find_template(store: &mut Store, id: &str, version: Option<u32>) -> Result<Template, Error> {
    let t = match version {
        Some(v) => store.template(id, v)?,
        None => store.latest_template(id)?,
    };
    Ok((*t).clone())
}
