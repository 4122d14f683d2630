//! Which versions a merge records in this device's edit-history chain: those the bundle's own
//! chains do not cover (format 1 bundles, generated missions, the sample) get an `imported` entry,
//! so `verify_history` covers every record.

use std::collections::HashSet;

use uuid::Uuid;

use super::Bundle;
use crate::error::Result;
use crate::store::rows::Record;

/// The versions a bundle's edit history covers, and this device, which takes the others into its
/// own chain as `imported`.
pub(super) struct Adopt {
    pub(super) device: Uuid,
    /// This device's chain, read once the bundle's chains are in (set in the transaction).
    chain: std::cell::RefCell<Option<crate::edit_history::ChainWriter>>,
    pub(super) carried: Carried,
    /// The first applied version the bundle's chains have no entry of (kind, id).
    pub(super) uncovered: std::cell::Cell<Option<(&'static str, Uuid)>>,
}

/// The versions the bundle's edit history has entries for (from other devices).
pub(super) struct Carried(
    HashSet<(&'static str, Uuid, i64, crate::time::Timestamp, Uuid), crate::fnv::FnvBuild>,
);

impl Carried {
    /// Whether the bundle's edit history has the entry of this version.
    pub(super) fn has<R: Record>(&self, r: &R) -> bool {
        let m = r.meta();
        self.0
            .contains(&(R::KIND, m.id, m.revision, m.updated_at, m.device_id))
    }
}

impl Adopt {
    pub(super) fn new(device: Uuid, b: &Bundle) -> Self {
        let kind = |k: &str| -> &'static str {
            match k {
                "mission" => "mission",
                "team" => "team",
                "observer" => "observer",
                "station" => "station",
                "visit" => "visit",
                "checklist" => "checklist",
                "incident" => "incident",
                "attachment" => "attachment",
                _ => "",
            }
        };
        Adopt {
            device,
            chain: Default::default(),
            uncovered: Default::default(),
            carried: Carried(
                b.edit_history
                    .iter()
                    .filter(|e| e.device != device)
                    .map(|e| {
                        (
                            kind(&e.kind),
                            e.record_id,
                            e.revision,
                            e.updated_at,
                            e.version_device,
                        )
                    })
                    .collect(),
            ),
        }
    }

    /// A version applied from the bundle without its device's entry gets one in our chain, so
    /// `verify_history` covers it (bundles of format 1, the sample mission). `digest` is the
    /// record's content SHA-256 when it is already known.
    pub(super) fn applied<R: Record>(
        &self,
        tx: &rusqlite::Connection,
        r: &R,
        digest: Option<&[u8; 32]>,
    ) -> Result<()> {
        if self.carried.has(r) {
            return Ok(());
        }
        let m = r.meta();
        if self.uncovered.get().is_none() {
            self.uncovered.set(Some((R::KIND, m.id)));
        }
        let mut chain = self.chain.borrow_mut();
        let chain = match chain.as_mut() {
            Some(c) => c,
            None => chain.insert(crate::edit_history::ChainWriter::at_head(tx, self.device)?),
        };
        chain.append(
            tx,
            crate::edit_history::Action::Imported,
            R::KIND,
            m,
            match digest {
                Some(d) => crate::hash::hex(d),
                None => crate::edit_history::content_sha256(r),
            },
        )
    }
}
