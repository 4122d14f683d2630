//! The library's error type. Every variant has a stable code that the CLI maps to an exit code and the
//! desktop app sends to the UI as `{code, message}`.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// One problem found in an input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LineError {
    /// 1-based line number in the file.
    pub line: u64,
    /// Column (header name) the problem is in, when there is one.
    pub column: Option<String>,
    pub message: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.column {
            Some(c) => write!(f, "line {}, column `{}`: {}", self.line, c, self.message),
            None => write!(f, "line {}: {}", self.line, self.message),
        }
    }
}

/// What a validation finding is about (`validate`): kept here, beside the error that carries
/// findings, so the error type needs nothing above it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A required question that is shown has no answer.
    Missing,
    /// The answer does not fit the question's type, options or bounds.
    Invalid,
    /// Bad or very bad overall assessment without the explanation.
    ExplanationRequired,
    /// A protocol arithmetic check failed.
    Protocol,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Finding {
    pub code: String,
    pub kind: FindingKind,
    pub message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// A version the signer was not allowed to write, as the preview lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct UnauthorizedChange {
    /// `mission`, `team`, `observer`, `station`, `visit`, `checklist`, `incident`, `attachment`,
    /// or `bundle` for the bundle as a whole (a claimed device id).
    pub kind: String,
    pub record_id: Option<uuid::Uuid>,
    /// The station code (visits, checklists), team code, station or observer name: what people
    /// recognise the record by.
    pub label: String,
    /// What the version would do: "new", "changed", "deleted", "review changed", …
    pub change: String,
    /// The key that signed it: its name in this database, or its fingerprint.
    pub by: String,
}

impl UnauthorizedChange {
    /// Whether the rest of the bundle can be imported without this version. A new template
    /// (checklists may be filled with it) and a claimed device id (nothing in the bundle can be
    /// attributed) refuse the whole bundle.
    pub fn skippable(&self) -> bool {
        self.record_id.is_some()
    }
}

impl std::fmt::Display for UnauthorizedChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {} by {}",
            self.kind, self.label, self.change, self.by
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("database value: {0}")]
    Value(#[from] rusqlite::types::FromSqlError),

    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error(
        "the database {path} was written by a newer EOM Reporter (schema {found}, this program knows up to {supported}); update the program"
    )]
    NewerDatabase {
        path: PathBuf,
        found: i64,
        supported: i64,
    },

    #[error("migration {version} failed, the database was left unchanged: {message}")]
    Migration { version: i64, message: String },

    #[error("no mission in this database yet: run `eom init` or `eom demo` first")]
    NoMission,

    #[error("{0}")]
    MissionConflict(String),

    #[error("{kind} not found: {id}")]
    NotFound { kind: &'static str, id: String },

    #[error("invalid {field}: {message}")]
    Invalid { field: String, message: String },

    #[error("{path}: {count} invalid line(s), nothing was imported:\n{}", format_lines(.errors))]
    CsvInvalid {
        path: PathBuf,
        count: usize,
        errors: Vec<LineError>,
    },

    #[error(
        "{path}: the file is {size} bytes, more than the {limit} bytes a {what} may have; it was not read"
    )]
    TooLarge {
        path: PathBuf,
        what: &'static str,
        size: u64,
        limit: u64,
    },

    #[error("{path}: {message}")]
    BundleInvalid { path: PathBuf, message: String },

    #[error(
        "{path}: bundle format version {found} is newer than this program supports ({supported}); update EOM Reporter"
    )]
    BundleTooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },

    #[error(
        "{path}: signature does not match: the file was altered after export ({detail}); nothing was imported"
    )]
    SignatureMismatch { path: PathBuf, detail: String },

    #[error(
        "{path}: the bundle is not signed, so neither who wrote it nor whether it was changed can be checked; nothing was imported (import it anyway only if you know where it came from: `eom import --allow-unsigned`)"
    )]
    Unsigned { path: PathBuf },

    #[error("{path}: {message}")]
    KeyFile { path: PathBuf, message: String },

    #[error(
        "{path}: this laptop's signing key is sealed with the mission database's passphrase; open the database with its passphrase (`--passphrase-file FILE`) to sign, enrol or import"
    )]
    KeySealed { path: PathBuf },

    #[error(
        "{path}: the passphrase does not unseal this laptop's signing key (it was sealed with another passphrase)"
    )]
    KeyPassphrase { path: PathBuf },

    #[error(
        "{path}: signed by an unknown key {fingerprint}: compare the fingerprint with the team and enrol it (`eom keys trust {fingerprint} --name NAME --team CODE`, or --core); nothing was imported"
    )]
    UnknownSigner { path: PathBuf, fingerprint: String },

    #[error("{path}: {} change(s) the signer is not allowed to make, nothing was imported (`--skip-unauthorized` imports the rest):\n{}", .changes.len(), format_changes(.changes))]
    Unauthorized {
        path: PathBuf,
        changes: Vec<UnauthorizedChange>,
    },

    #[error("the edit history is broken: {0}")]
    HistoryBroken(String),

    #[error("template {id} version {version}: {message}")]
    Template {
        id: String,
        version: u32,
        message: String,
    },

    #[error("{path}: the passphrase does not open this database")]
    WrongPassphrase { path: PathBuf },

    #[error("{path} is encrypted: give its passphrase to open it")]
    PassphraseRequired { path: PathBuf },

    #[error(
        "{path} is damaged: it starts like a SQLite database but SQLite cannot read it; restore a backup (`eom backup list`, then `eom backup restore ID`)"
    )]
    Damaged { path: PathBuf },

    #[error("{path} is not encrypted: open it without a passphrase (or encrypt it first)")]
    NotEncrypted { path: PathBuf },

    /// A build linked against plain SQLite would ignore `PRAGMA key` and write plaintext; refusing
    /// to open anything is the only safe answer.
    #[error(
        "this build of EOM Reporter has no SQLCipher (PRAGMA cipher_version is empty), so it cannot encrypt; it refuses to open {path} rather than risk writing plaintext"
    )]
    NoEncryptionSupport { path: PathBuf },

    #[error("backup {path}: {message}")]
    Backup { path: PathBuf, message: String },

    #[error("checklist cannot be submitted: {}", .0.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("; "))]
    NotSubmittable(Vec<Finding>),
}

fn format_changes(changes: &[UnauthorizedChange]) -> String {
    let shown: Vec<String> = changes.iter().take(20).map(|c| format!("  {c}")).collect();
    let mut s = shown.join("\n");
    if changes.len() > 20 {
        s.push_str(&format!("\n  … and {} more", changes.len() - 20));
    }
    s
}

fn format_lines(errors: &[LineError]) -> String {
    let shown: Vec<String> = errors.iter().take(20).map(|e| format!("  {e}")).collect();
    let mut s = shown.join("\n");
    if errors.len() > 20 {
        s.push_str(&format!("\n  … and {} more", errors.len() - 20));
    }
    s
}

/// The closed set of error codes that cross to the CLI (exit codes) and the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Database,
    Io,
    NewerDatabase,
    NoMission,
    Conflict,
    NotFound,
    InvalidInput,
    InvalidFile,
    NotSubmittable,
    /// The passphrase given does not open the database (or backup).
    WrongPassphrase,
    /// The database is encrypted and no passphrase was given: ask for one.
    PassphraseRequired,
    /// A signed bundle whose content or signature was changed after export.
    SignatureMismatch,
    /// An unsigned bundle, refused unless the caller allows it.
    Unsigned,
    /// The hash-chained edit history does not match the records or itself.
    HistoryBroken,
    /// A bundle signed by a key this database has not enrolled.
    UnknownSigner,
    /// A bundle with versions its signer may not write (docs/security.md).
    Unauthorized,
    /// The report or the paper forms could not be typeset (a layout bug, not the user's data):
    /// eom-report's errors, never `Error::code`.
    Report,
}

impl Error {
    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Database(_) | Error::Value(_) | Error::Migration { .. } => ErrorCode::Database,
            Error::Io { .. } => ErrorCode::Io,
            Error::NewerDatabase { .. } => ErrorCode::NewerDatabase,
            Error::NoMission => ErrorCode::NoMission,
            Error::MissionConflict(_) => ErrorCode::Conflict,
            Error::NotFound { .. } => ErrorCode::NotFound,
            Error::Invalid { .. } | Error::Template { .. } => ErrorCode::InvalidInput,
            Error::CsvInvalid { .. }
            | Error::BundleInvalid { .. }
            | Error::BundleTooNew { .. }
            | Error::TooLarge { .. } => ErrorCode::InvalidFile,
            Error::NotSubmittable(_) => ErrorCode::NotSubmittable,
            Error::WrongPassphrase { .. } => ErrorCode::WrongPassphrase,
            Error::PassphraseRequired { .. } => ErrorCode::PassphraseRequired,
            Error::NotEncrypted { .. } => ErrorCode::InvalidInput,
            Error::NoEncryptionSupport { .. } | Error::Backup { .. } | Error::Damaged { .. } => {
                ErrorCode::Database
            }
            Error::SignatureMismatch { .. } => ErrorCode::SignatureMismatch,
            Error::Unsigned { .. } => ErrorCode::Unsigned,
            Error::KeyFile { .. } => ErrorCode::InvalidFile,
            Error::KeySealed { .. } => ErrorCode::PassphraseRequired,
            Error::KeyPassphrase { .. } => ErrorCode::WrongPassphrase,
            Error::HistoryBroken(_) => ErrorCode::HistoryBroken,
            Error::UnknownSigner { .. } => ErrorCode::UnknownSigner,
            Error::Unauthorized { .. } => ErrorCode::Unauthorized,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
