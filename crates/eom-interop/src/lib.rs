//! EOM Reporter's exports for the other tools a mission works with (issue 14, `docs/interop.md`):
//! an Excel workbook for analysts ([`xlsx`]) and a GeoJSON file of the polling stations for GIS
//! tools such as QGIS ([`geojson`]).
//!
//! Both read the store through `eom-core`'s public API only (`Store::bundle`, `Store::statistics`)
//! and write their file atomically (a temporary file beside the target, synced, then renamed).

pub mod geojson;
mod index;
mod merge;
mod places;
pub mod submissions;
pub mod xlsform;
pub mod xlsx;

pub use geojson::{GeoJsonSummary, feature_collection, write_geojson};
pub use submissions::{SubmissionOptions, SubmissionsReport, import_submissions};
pub use xlsform::{TemplateImport, XlsFormSummary, import_xlsform, read_xlsform, write_xlsform};
pub use xlsx::{SheetSummary, XlsxOptions, XlsxSummary, write_xlsx};

use eom_core::Error;

/// Which readers a workbook is for: the same two editions as the report (`docs/report.md`).
pub use eom_core::Edition;

/// The languages the program's own words (yes / no / not observed, assessment levels) exist in.
/// A workbook may also be written in any other language of the mission: template labels in it
/// where the template has them, English otherwise.
pub const LANGUAGES: [&str; 3] = ["en", "ru", "az"];

/// Refuses a language that is neither one of [`LANGUAGES`] nor one of the mission's.
pub(crate) fn check_lang(lang: &str, mission_languages: &[String]) -> Result<(), Error> {
    if LANGUAGES.contains(&lang) || mission_languages.iter().any(|l| l == lang) {
        return Ok(());
    }
    let mut known: Vec<&str> = LANGUAGES.to_vec();
    for l in mission_languages {
        if !known.contains(&l.as_str()) {
            known.push(l);
        }
    }
    Err(Error::Invalid {
        field: "language".into(),
        message: format!(
            "`{lang}` is not a language the workbook can be written in: {}",
            known.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_the_programs_or_the_missions() {
        let mission = vec!["en".to_string(), "ka".to_string()];
        assert!(check_lang("az", &mission).is_ok());
        assert!(check_lang("ka", &mission).is_ok());
        let err = check_lang("fr", &mission).unwrap_err();
        assert_eq!(err.code(), eom_core::ErrorCode::InvalidInput);
        assert!(err.to_string().contains("`fr`"), "{err}");
        assert!(err.to_string().contains("en, ru, az, ka"), "{err}");
    }
}
