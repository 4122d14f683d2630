//! Checking what a database or a bundle holds against its signature and its edit history.

use std::path::Path;

use serde::Serialize;

use super::Store;
use super::rows::Record;
use crate::bundle::{Bundle, BundleSummary, SignerReport, open_bundle};
use crate::edit_history::{self, Action, HistoryCheck, content_sha256};
use crate::error::{ErrorCode, Result};
use crate::model::RecordMeta;

/// Every record of a bundle as (kind, version, content hash), for the history check.
pub fn bundle_records(b: &Bundle) -> Vec<(&'static str, RecordMeta, String)> {
    fn add<R: Record>(out: &mut Vec<(&'static str, RecordMeta, String)>, list: &[R]) {
        out.extend(
            list.iter()
                .map(|r| (R::KIND, r.meta().clone(), content_sha256(r))),
        );
    }
    let mut out = Vec::new();
    add(&mut out, std::slice::from_ref(&b.mission));
    add(&mut out, &b.teams);
    add(&mut out, &b.observers);
    add(&mut out, &b.stations);
    add(&mut out, &b.visits);
    add(&mut out, &b.checklists);
    add(&mut out, &b.incidents);
    add(&mut out, &b.attachments);
    out
}

/// What `eom verify BUNDLE` reports.
#[derive(Debug, Clone, Serialize)]
pub struct BundleVerification {
    /// `None`: the bundle is not signed.
    pub signer: Option<SignerReport>,
    pub format_version: u64,
    pub summary: BundleSummary,
    /// The chains the bundle carries, walked, and its records compared with them.
    pub history: HistoryCheck,
    /// True when signed, the signature matches, and the history is intact.
    pub valid: bool,
}

impl BundleVerification {
    /// The verdict on the bundle: `Ok` when signed and its history is intact, otherwise the
    /// error code `eom verify` exits with (unsigned first, then a broken history).
    pub fn verdict(&self) -> std::result::Result<(), ErrorCode> {
        match (&self.signer, self.history.intact()) {
            (None, _) => Err(ErrorCode::Unsigned),
            (Some(_), false) => Err(ErrorCode::HistoryBroken),
            (Some(_), true) => Ok(()),
        }
    }
}

impl Store {
    /// Walks every device's chain and checks each record against the entry of its version.
    pub fn verify_history(&self) -> Result<HistoryCheck> {
        let entries = edit_history::load_all(&self.conn)?;
        let records = match self.mission_opt()? {
            Some(_) => bundle_records(&self.bundle(None)?),
            None => Vec::new(),
        };
        Ok(edit_history::check(&entries, records))
    }

    /// Verifies a bundle file: its signature (a mismatch is an error, an unsigned file is reported
    /// as not valid), who signed it and whether this database trusts them, and its history.
    pub fn verify_bundle(&self, path: &Path) -> Result<BundleVerification> {
        let opened = open_bundle(path)?;
        let signer = match &opened.signer {
            Some(s) => Some(self.signer_report(s)?),
            None => None,
        };
        let b = &opened.bundle;
        let history = edit_history::check(&b.edit_history, bundle_records(b));
        Ok(BundleVerification {
            valid: signer.is_some() && history.intact(),
            signer,
            format_version: b.format_version,
            summary: b.summary(),
            history,
        })
    }

    pub(crate) fn signer_report(&self, s: &crate::bundle::Signer) -> Result<SignerReport> {
        Ok(SignerReport {
            fingerprint: s.key.fingerprint.clone(),
            public_key: s.key.public_key.clone(),
            signed_at: s.signed_at,
            trusted_as: self.trusted_name(&s.key)?,
            enrolment: self.enrolled(&s.key)?.and_then(|k| k.enrolment()),
        })
    }

    /// Records written before the edit history existed (a schema 1 database) get an `imported`
    /// entry in this device's chain, once, so every record is covered from then on.
    pub(crate) fn start_history(&mut self) -> Result<()> {
        let started: Option<String> = rusqlite::OptionalExtension::optional(self.conn.query_row(
            "SELECT value FROM meta WHERE key = 'edit_history_started'",
            [],
            |r| r.get(0),
        ))?;
        if started.is_some() {
            return Ok(());
        }
        let has_records: bool =
            self.conn
                .query_row("SELECT EXISTS (SELECT 1 FROM missions)", [], |r| r.get(0))?;
        let records = if has_records {
            bundle_records(&self.bundle(None)?)
        } else {
            Vec::new()
        };
        let device = self.device_id();
        let now = self.now();
        self.write(|tx| {
            let mut chain = edit_history::ChainWriter::at_head(tx, device)?;
            for (kind, m, hash) in &records {
                chain.append(tx, Action::Imported, kind, m, hash.clone())?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES ('edit_history_started', ?1)",
                [now.to_string()],
            )?;
            Ok(())
        })
    }
}
