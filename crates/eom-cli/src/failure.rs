//! What a failed command reports: its message, and the exit code of its error code (the table in
//! the README).

use eom_core::ErrorCode;

/// A failure to report: its message and the exit code of its error code.
pub(crate) struct Failure {
    pub(crate) message: String,
    pub(crate) code: u8,
}

impl Failure {
    /// A failure already reported on standard output (`--json`): only the exit code is left.
    pub(crate) fn silent(code: ErrorCode) -> Self {
        Failure {
            message: String::new(),
            code: exit_code(code),
        }
    }
}

impl From<eom_core::Error> for Failure {
    fn from(e: eom_core::Error) -> Self {
        Failure {
            message: e.to_string(),
            code: exit_code(e.code()),
        }
    }
}

impl From<eom_report::ReportError> for Failure {
    fn from(e: eom_report::ReportError) -> Self {
        match e {
            eom_report::ReportError::Core(core) => core.into(),
            other => Failure {
                message: other.to_string(),
                code: 10,
            },
        }
    }
}

pub(crate) fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::InvalidInput => 2,
        ErrorCode::InvalidFile => 3,
        ErrorCode::Conflict => 4,
        ErrorCode::NotFound => 5,
        ErrorCode::NoMission => 6,
        ErrorCode::NewerDatabase => 7,
        ErrorCode::NotSubmittable => 8,
        ErrorCode::WrongPassphrase => 14,
        ErrorCode::PassphraseRequired => 15,
        ErrorCode::Database | ErrorCode::Io | ErrorCode::Report => 10,
        ErrorCode::SignatureMismatch => 11,
        ErrorCode::Unsigned => 12,
        ErrorCode::HistoryBroken => 13,
        ErrorCode::UnknownSigner => 16,
        ErrorCode::Unauthorized => 17,
    }
}
