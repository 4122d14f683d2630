//! EOM Reporter's library: everything the desktop app and the `eom` CLI do, with no UI.
//!
//! Open a [`Store`] on a mission database file and call its methods. See `ARCHITECTURE.md`.

pub mod analyst_csv;
pub mod atomic;
pub mod backup;
pub mod bundle;
pub mod db;
pub mod demo;
pub mod edit_history;
pub mod edition;
pub mod encryption;
pub mod error;
pub mod fnv;
pub mod hash;
pub mod keys;
pub mod limits;
pub mod migrate;
pub mod model;
pub mod paths;
pub mod rng;
mod sql;
pub mod stations_csv;
pub mod stats;
mod store;
pub mod strength;
pub mod templates;
pub mod time;
pub mod validate;
pub mod zones;

pub use analyst_csv::CsvOptions;
pub use backup::{BackupInfo, BackupReason};
pub use db::{MemoryUse, OpenOptions, Passphrase};
pub use edition::Edition;
pub use error::{Error, ErrorCode, LineError, Result};
pub use store::*;

/// The result of a scoped helper thread. A helper that panicked is a bug: its panic is raised
/// here, in the caller, instead of being turned into an error message about a thread.
pub(crate) fn joined<T>(helper: std::thread::ScopedJoinHandle<'_, T>) -> T {
    helper
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}
