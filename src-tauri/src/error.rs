//! Errors as the UI receives them: `{code, message, details}` with `code` from the library's closed
//! `eom_core::ErrorCode` (one enum from the core to the UI's messages).

use eom_core::ErrorCode;
use eom_core::validate::Finding;
use eom_interop::xlsform::Issue;
use serde::Serialize;
use ts_rs::TS;

/// What the UI needs beyond the message to show the problem in place.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorDetails {
    /// Line-level errors of an input file (nothing was imported).
    Lines { lines: Vec<eom_core::LineError> },
    /// Why a checklist cannot be submitted.
    Findings { findings: Vec<Finding> },
    /// What in an XLSForm a template cannot hold (nothing was imported).
    FormIssues { issues: Vec<Issue> },
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<ErrorDetails>,
}

impl From<eom_core::Error> for AppError {
    fn from(e: eom_core::Error) -> Self {
        let details = match &e {
            eom_core::Error::CsvInvalid { errors, .. } => Some(ErrorDetails::Lines {
                lines: errors.clone(),
            }),
            eom_core::Error::NotSubmittable(f) => Some(ErrorDetails::Findings {
                findings: f.clone(),
            }),
            _ => None,
        };
        AppError {
            code: e.code(),
            message: e.to_string(),
            details,
        }
    }
}

impl From<eom_report::ReportError> for AppError {
    fn from(e: eom_report::ReportError) -> Self {
        use eom_report::ReportError as R;
        match e {
            R::Core(core) => core.into(),
            other => AppError {
                code: match other {
                    R::Io { .. } => ErrorCode::Io,
                    _ => ErrorCode::Report,
                },
                message: other.to_string(),
                details: None,
            },
        }
    }
}

impl AppError {
    /// A failure of the shell itself (a dialog, a worker thread), reported as an I/O problem.
    pub fn shell(message: impl Into<String>) -> Self {
        AppError {
            code: ErrorCode::Io,
            message: message.into(),
            details: None,
        }
    }

    /// Input the shell checks itself (e.g. a public key that is not one).
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError {
            code: ErrorCode::InvalidInput,
            message: message.into(),
            details: None,
        }
    }
}

pub type CmdResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;

    /// Errors keep their code, and CSV errors their line list, on the way to the UI.
    #[test]
    fn errors_reach_the_ui_with_code_and_details() {
        let e = AppError::from(eom_core::Error::CsvInvalid {
            path: "x.csv".into(),
            count: 1,
            errors: vec![eom_core::LineError {
                line: 4,
                column: Some("registered_voters".into()),
                message: "not a number".into(),
            }],
        });
        assert_eq!(e.code, ErrorCode::InvalidFile);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "invalid_file");
        assert_eq!(json["details"]["kind"], "lines");
        assert_eq!(json["details"]["lines"][0]["line"], 4);
        let e = AppError::from(eom_core::Error::NoMission);
        assert_eq!(
            serde_json::to_value(&e).unwrap()["details"],
            serde_json::Value::Null
        );
        let e = AppError::from(eom_report::ReportError::Typeset("x".into()));
        assert_eq!(serde_json::to_value(&e).unwrap()["code"], "report");
        let e = AppError {
            details: Some(ErrorDetails::FormIssues {
                issues: vec![Issue {
                    sheet: "survey".into(),
                    row: 9,
                    column: "type".into(),
                    message: "the type `geopoint` is outside the subset".into(),
                }],
            }),
            ..AppError::invalid("x")
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["details"]["kind"], "form_issues");
        assert_eq!(json["details"]["issues"][0]["sheet"], "survey");
        assert_eq!(json["details"]["issues"][0]["row"], 9);
        assert_eq!(json["details"]["issues"][0]["column"], "type");
    }
}
