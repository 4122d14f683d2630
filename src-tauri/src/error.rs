//! Errors as the UI receives them: `{code, message, details}` with `code` from a closed enum.

use serde::Serialize;
use ts_rs::TS;

use crate::bindings::{Finding, LineError};

/// The closed set of codes the UI can act on (mirrors `eom_core::ErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    Database,
    Io,
    NewerDatabase,
    NoMission,
    Conflict,
    NotFound,
    InvalidInput,
    InvalidFile,
    NotSubmittable,
    WrongPassphrase,
    PassphraseRequired,
    SignatureMismatch,
    Unsigned,
    HistoryBroken,
    UnknownSigner,
    Unauthorized,
    /// The report could not be typeset (a layout bug, not the user's data).
    Report,
}

/// What the UI needs beyond the message to show the problem in place.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorDetails {
    /// Line-level errors of an input file (nothing was imported).
    Lines { lines: Vec<LineError> },
    /// Why a checklist cannot be submitted.
    Findings { findings: Vec<Finding> },
    /// What in an XLSForm a template cannot hold (nothing was imported).
    FormIssues { issues: Vec<FormIssue> },
}

/// One thing in an XLSForm a template cannot hold, where it is (`eom_interop::xlsform::Issue`).
#[derive(Debug, Clone, Serialize, TS)]
pub struct FormIssue {
    pub sheet: String,
    /// The spreadsheet's row (the header row is 1).
    pub row: u32,
    /// The column's header; empty for the whole row.
    pub column: String,
    pub message: String,
}

impl From<eom_interop::xlsform::Issue> for FormIssue {
    fn from(i: eom_interop::xlsform::Issue) -> Self {
        FormIssue {
            sheet: i.sheet,
            row: i.row,
            column: i.column,
            message: i.message,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppError {
    pub code: AppErrorCode,
    pub message: String,
    pub details: Option<ErrorDetails>,
}

impl From<eom_core::Error> for AppError {
    fn from(e: eom_core::Error) -> Self {
        use eom_core::ErrorCode as C;
        let code = match e.code() {
            C::Database => AppErrorCode::Database,
            C::Io => AppErrorCode::Io,
            C::NewerDatabase => AppErrorCode::NewerDatabase,
            C::NoMission => AppErrorCode::NoMission,
            C::Conflict => AppErrorCode::Conflict,
            C::NotFound => AppErrorCode::NotFound,
            C::InvalidInput => AppErrorCode::InvalidInput,
            C::InvalidFile => AppErrorCode::InvalidFile,
            C::NotSubmittable => AppErrorCode::NotSubmittable,
            C::WrongPassphrase => AppErrorCode::WrongPassphrase,
            C::PassphraseRequired => AppErrorCode::PassphraseRequired,
            C::SignatureMismatch => AppErrorCode::SignatureMismatch,
            C::Unsigned => AppErrorCode::Unsigned,
            C::HistoryBroken => AppErrorCode::HistoryBroken,
            C::UnknownSigner => AppErrorCode::UnknownSigner,
            C::Unauthorized => AppErrorCode::Unauthorized,
        };
        let details = match &e {
            eom_core::Error::CsvInvalid { errors, .. } => Some(ErrorDetails::Lines {
                lines: errors.iter().map(LineError::from).collect(),
            }),
            eom_core::Error::NotSubmittable(f) => Some(ErrorDetails::Findings {
                findings: f.iter().map(Finding::from).collect(),
            }),
            _ => None,
        };
        AppError {
            code,
            message: e.to_string(),
            details,
        }
    }
}

impl From<eom_report::ReportError> for AppError {
    fn from(e: eom_report::ReportError) -> Self {
        use eom_report::ReportError as R;
        let code = match &e {
            R::Core(_) => AppErrorCode::Database,
            R::Io { .. } => AppErrorCode::Io,
            R::Typeset(_) | R::Pdf(_) => AppErrorCode::Report,
        };
        match e {
            R::Core(core) => core.into(),
            other => AppError {
                code,
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
            code: AppErrorCode::Io,
            message: message.into(),
            details: None,
        }
    }

    /// Input the shell checks itself (e.g. a public key that is not one).
    pub fn invalid(message: impl Into<String>) -> Self {
        AppError {
            code: AppErrorCode::InvalidInput,
            message: message.into(),
            details: None,
        }
    }
}

pub type CmdResult<T> = Result<T, AppError>;
