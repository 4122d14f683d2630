//! The mission report (SPEC section 5): the PDF a head of mission signs, in an internal and a public
//! edition, and the same figures as HTML for rapporteurs to paste.
//!
//! `report_data` gathers everything from the store (the figures are `Store::statistics`, the ones
//! `eom stats --json` prints); `render_pdf` typesets it with typst used as a library and the layout
//! in `templates/report.typ`; `render_html` writes plain semantic tables. The output depends only on
//! the data: the same database gives the same PDF bytes. `forms` typesets the mission's checklist
//! templates as blank paper forms (`templates/forms.typ`).

mod annex;
mod data;
mod detail;
mod fingerprint;
mod forms;
mod html;
mod html_findings;
mod map;
mod strings;
mod world;

use std::path::{Path, PathBuf};

pub use annex::{Annex, FULL_ANNEX_MAX_VISITS, TeamRow, VisitRow};
pub use data::{
    IncidentRow, MissionInfo, ReportData, TeamInfo, TurnoutFlagRow, TurnoutSummary, report_data,
};
pub use detail::{ChecklistDetail, VisitDetail};
pub use fingerprint::{fingerprint, fingerprint_full, fingerprint_streamed};
pub use forms::{
    FORMS_TEMPLATE, Form, FormQuestion, FormSection, FormsData, forms_data, render_forms_pdf,
    render_forms_pdf_with, store_forms_data, write_forms_pdf, write_forms_pdf_data,
};
pub use html::render_html;
pub use map::{MapData, MapLayer, map_data};
pub use strings::{LANGUAGES, localise_share};
pub use world::TEMPLATE;

/// Which readers a report is for (the workbook's editions are the same).
pub use eom_core::Edition;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportOptions {
    pub edition: Edition,
    /// `en`, `ru` or `az` (others fall back to English words; template labels as available).
    pub lang: String,
    /// One page of detail per visit (internal edition only).
    pub detail: bool,
    /// The annex; `None` chooses by the mission's size ([`Annex::for_size`]).
    pub annex: Option<Annex>,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            edition: Edition::Internal,
            lang: "en".into(),
            detail: false,
            annex: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Core(#[from] eom_core::Error),
    /// The template did not compile: a bug in `report.typ` or data it did not expect.
    #[error("the report layout could not be typeset: {0}")]
    Typeset(String),
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("could not write {}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Typesets the report as PDF.
pub fn render_pdf(data: &ReportData) -> Result<Vec<u8>, ReportError> {
    render_pdf_with(TEMPLATE, data)
}

/// Typesets the report with another layout (a designer's draft of `report.typ`).
pub fn render_pdf_with(template: &str, data: &ReportData) -> Result<Vec<u8>, ReportError> {
    // Serialising plain structs cannot fail.
    let json = serde_json::to_vec(data).map_err(|e| ReportError::Typeset(e.to_string()))?;
    world::typeset(
        template,
        json,
        data.generated_at.as_datetime(),
        &data.fingerprint,
    )
}

/// Drops typst's memoised work. Typesetting the same (or nearly the same) data again in one process
/// reuses it, so a re-export after an edit is faster; each export already drops what the previous
/// ten did not use, so a long-lived app needs this only to free memory at once, and benchmarks to
/// time a cold export.
pub fn clear_cache() {
    typst::comemo::evict(0);
}

/// Writes the PDF report to `path` atomically (a temporary file beside it, then rename).
pub fn write_pdf(
    store: &mut eom_core::Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<(), ReportError> {
    write_pdf_data(&report_data(store, opts)?, path)
}

/// Writes the HTML report to `path` atomically.
pub fn write_html(
    store: &mut eom_core::Store,
    opts: &ReportOptions,
    path: &Path,
) -> Result<(), ReportError> {
    write_html_data(&report_data(store, opts)?, path)
}

/// Typesets data gathered beforehand into `path`: the app gathers under the store's lock and
/// typesets after releasing it, so an answer saved meanwhile does not wait for the typesetting.
pub fn write_pdf_data(data: &ReportData, path: &Path) -> Result<(), ReportError> {
    write_atomically(path, &render_pdf(data)?)
}

/// The HTML edition of [`write_pdf_data`].
pub fn write_html_data(data: &ReportData, path: &Path) -> Result<(), ReportError> {
    write_atomically(path, render_html(data).as_bytes())
}

/// Writes the file with eom-core's atomic writer; a failed write is `ReportError::Io`.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    eom_core::atomic::write_bytes_atomically(path, bytes).map_err(|e| match e {
        eom_core::Error::Io { path, source } => ReportError::Io { path, source },
        other => ReportError::Core(other),
    })
}
