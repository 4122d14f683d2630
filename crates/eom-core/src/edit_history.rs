//! The hash-chained edit history (SPEC 6): every change to a record appends a compact entry to the
//! chain of the device that made it, and each entry's hash covers the previous entry's hash, so a
//! silent rewrite of a record or of the history is detectable (`Store::verify_history`,
//! `eom verify --db`).
//!
//! One chain per device keeps merges order-independent: a device only ever appends to its own
//! chain, imported entries keep their original hashes and are checked as their device's chain, and
//! the local chain continues from its own head. The exact hash input is documented in
//! `docs/security.md` so HQ can re-implement the check.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::Result;
use crate::hash::{HashWriter, hex};
use crate::model::RecordMeta;
use crate::time::Timestamp;

/// The `prev` of a chain's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The device created the record (revision 1).
    Created,
    /// The device changed the record (a new revision), including answers saved in a checklist.
    Changed,
    /// The device deleted the record (a tombstone is a new revision).
    Deleted,
    /// The device took this version from a bundle that carried no history for it (a format 1
    /// bundle, the sample mission) or held it before the history existed (schema 1 databases).
    Imported,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Changed => "changed",
            Action::Deleted => "deleted",
            Action::Imported => "imported",
        }
    }

    fn parse(s: &str) -> Option<Action> {
        Some(match s {
            "created" => Action::Created,
            "changed" => Action::Changed,
            "deleted" => Action::Deleted,
            "imported" => Action::Imported,
            _ => return None,
        })
    }

    /// The action of a local change that produced the version `m`.
    pub(crate) fn of_local(m: &RecordMeta) -> Action {
        if m.deleted {
            Action::Deleted
        } else if m.revision <= 1 {
            Action::Created
        } else {
            Action::Changed
        }
    }
}

/// One entry of a device's chain, as stored and as carried in bundles (`edit_history`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditEntry {
    /// The device whose chain this is (the one that made the change or took the version).
    pub device: Uuid,
    /// Position in that device's chain, from 1, without gaps.
    pub n: i64,
    pub action: Action,
    pub kind: String,
    pub record_id: Uuid,
    /// The version the change produced: `revision`, `updated_at` and the record's `device_id`.
    pub revision: i64,
    pub updated_at: Timestamp,
    pub version_device: Uuid,
    /// SHA-256 (hex) of the record as serialized in a bundle (a checklist with its answers).
    pub content_sha256: String,
    /// SHA-256 (hex) of the previous entry's hash and this entry's fields (`entry_hash`).
    pub hash: String,
}

/// SHA-256 of the record's bundle JSON (compact, fields in declaration order, answers by code).
pub fn content_sha256<T: Serialize>(record: &T) -> String {
    hex(&content_digest(record))
}

/// `content_sha256` as bytes.
pub(crate) fn content_digest<T: Serialize>(record: &T) -> [u8; 32] {
    let mut w = HashWriter(Sha256::new());
    // Serializing our own types into a hasher cannot fail.
    let _ = serde_json::to_writer(&mut w, record);
    w.0.finalize().into()
}

/// The entry's hash: SHA-256 over the previous hash and the entry's fields, one per line.
pub fn entry_hash(prev: &str, e: &EditEntry) -> String {
    // Fed to the hasher piece by piece: an import hashes one entry per record.
    let mut h = Sha256::new();
    let mut uuid = [0u8; uuid::fmt::Hyphenated::LENGTH];
    let mut line = |bytes: &[u8]| {
        h.update(bytes);
    };
    line(prev.as_bytes());
    line(b"\n");
    line(e.device.hyphenated().encode_lower(&mut uuid).as_bytes());
    line(b"\n");
    line(itoa(e.n, &mut [0; 20]));
    line(b"\n");
    line(e.action.as_str().as_bytes());
    line(b"\n");
    line(e.kind.as_bytes());
    line(b"\n");
    line(e.record_id.hyphenated().encode_lower(&mut uuid).as_bytes());
    line(b"\n");
    line(itoa(e.revision, &mut [0; 20]));
    line(b"\n");
    line(e.updated_at.to_string().as_bytes());
    line(b"\n");
    line(
        e.version_device
            .hyphenated()
            .encode_lower(&mut uuid)
            .as_bytes(),
    );
    line(b"\n");
    line(e.content_sha256.as_bytes());
    hex(&h.finalize())
}

/// The decimal text of `n` (as `Display` writes it), without allocating.
fn itoa(n: i64, buf: &mut [u8; 20]) -> &[u8] {
    let mut at = buf.len();
    let mut rest = n.unsigned_abs();
    loop {
        at -= 1;
        buf[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if n < 0 {
        at -= 1;
        buf[at] = b'-';
    }
    &buf[at..]
}

/// Appends an entry for version `m` of a record to `device`'s chain, continuing from its head.
pub(crate) fn append(
    conn: &Connection,
    device: Uuid,
    action: Action,
    kind: &str,
    m: &RecordMeta,
    content_sha256: String,
) -> Result<()> {
    ChainWriter::at_head(conn, device)?.append(conn, action, kind, m, content_sha256)
}

/// A device's chain head, held while a transaction appends many entries (an import appends one
/// per record): the head is read once instead of once per entry. Only valid inside one
/// transaction in which nothing else appends to this device's chain.
pub(crate) struct ChainWriter {
    device: Uuid,
    /// Position and hash of the last entry (0 and [`GENESIS`] for an empty chain).
    n: i64,
    prev: String,
}

impl ChainWriter {
    pub(crate) fn at_head(conn: &Connection, device: Uuid) -> Result<Self> {
        let head: Option<(i64, String)> = conn
            .prepare_cached(
                "SELECT n, hash FROM edit_history WHERE device_id = ?1 ORDER BY n DESC LIMIT 1",
            )?
            .query_row([device.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let (n, prev) = head.unwrap_or((0, GENESIS.to_string()));
        Ok(ChainWriter { device, n, prev })
    }

    pub(crate) fn append(
        &mut self,
        conn: &Connection,
        action: Action,
        kind: &str,
        m: &RecordMeta,
        content_sha256: String,
    ) -> Result<()> {
        let mut e = EditEntry {
            device: self.device,
            n: self.n + 1,
            action,
            kind: kind.to_string(),
            record_id: m.id,
            revision: m.revision,
            updated_at: m.updated_at,
            version_device: m.device_id,
            content_sha256,
            hash: String::new(),
        };
        e.hash = entry_hash(&self.prev, &e);
        insert(conn, &e)?;
        self.n = e.n;
        self.prev = e.hash;
        Ok(())
    }
}

/// Stores an entry; an entry already held (same device and position) is left as it is.
pub(crate) fn insert(conn: &Connection, e: &EditEntry) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO edit_history (device_id, n, action, kind, record_id, revision, \
         updated_at, version_device, content_sha256, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        e.device.to_string(),
        e.n,
        e.action.as_str(),
        e.kind,
        e.record_id.to_string(),
        e.revision,
        e.updated_at,
        e.version_device.to_string(),
        e.content_sha256,
        e.hash
    ])?;
    Ok(())
}

/// Every entry, by device then position.
pub(crate) fn load_all(conn: &Connection) -> Result<Vec<EditEntry>> {
    let mut stmt = conn.prepare(
        "SELECT device_id, n, action, kind, record_id, revision, updated_at, version_device, \
         content_sha256, hash FROM edit_history ORDER BY device_id, n",
    )?;
    let mut q = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = q.next()? {
        let action: String = r.get(2)?;
        out.push(EditEntry {
            device: crate::sql::get_uuid(r, 0)?,
            n: r.get(1)?,
            // An unknown action cannot hash to the stored value: the walk reports it as a break.
            action: Action::parse(&action).unwrap_or(Action::Changed),
            kind: r.get(3)?,
            record_id: crate::sql::get_uuid(r, 4)?,
            revision: r.get(5)?,
            updated_at: r.get(6)?,
            version_device: crate::sql::get_uuid(r, 7)?,
            content_sha256: r.get(8)?,
            hash: r.get(9)?,
        });
    }
    Ok(out)
}

/// Where the history stops being trustworthy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ChainBreak {
    /// The chain (device) and position of the entry at fault, when the fault is in the chain.
    pub device: Option<Uuid>,
    pub n: Option<i64>,
    pub kind: String,
    pub record_id: Uuid,
    pub message: String,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let (Some(d), Some(n)) = (self.device, self.n) {
            write!(f, "entry {n} of device {d}'s chain, ")?;
        }
        write!(f, "{} {}: {}", self.kind, self.record_id, self.message)
    }
}

/// The result of walking the chains and comparing the records with them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct HistoryCheck {
    pub entries: usize,
    /// Entries per device chain.
    pub chains: Vec<(Uuid, usize)>,
    pub records_checked: usize,
    /// The first break found (chains first, then records), or `None` when intact.
    pub first_break: Option<ChainBreak>,
    /// How many problems were found in all (the first is described).
    pub breaks: usize,
}

impl HistoryCheck {
    pub fn intact(&self) -> bool {
        self.first_break.is_none()
    }

    fn found(&mut self, b: ChainBreak) {
        self.breaks += 1;
        if self.first_break.is_none() {
            self.first_break = Some(b);
        }
    }
}

/// The version of a record that an entry describes.
type VersionKey = (String, Uuid, i64, Timestamp, Uuid);

/// Walks every chain, link by link: positions from 1 without gaps, each hash over the previous
/// one and the entry's fields. Cheap (one small SHA-256 per entry): import runs it on the chains a
/// bundle carries.
pub fn check_chains(entries: &[EditEntry]) -> HistoryCheck {
    let mut out = HistoryCheck {
        entries: entries.len(),
        ..Default::default()
    };
    let mut by_device: HashMap<Uuid, Vec<&EditEntry>> = HashMap::new();
    for e in entries {
        by_device.entry(e.device).or_default().push(e);
    }
    let mut devices: Vec<Uuid> = by_device.keys().copied().collect();
    devices.sort();
    for d in devices {
        let mut chain = by_device.remove(&d).unwrap_or_default();
        chain.sort_by_key(|e| e.n);
        out.chains.push((d, chain.len()));
        let mut prev = GENESIS.to_string();
        for (i, e) in chain.iter().enumerate() {
            let expected_n = i as i64 + 1;
            let fault = if e.n != expected_n {
                Some(format!(
                    "expected entry {expected_n} here, found {}: entries are missing from the chain",
                    e.n
                ))
            } else if entry_hash(&prev, e) != e.hash {
                Some(
                    "the entry's hash does not match its fields and the previous entry: the history was changed"
                        .to_string(),
                )
            } else {
                None
            };
            if let Some(message) = fault {
                out.found(ChainBreak {
                    device: Some(d),
                    n: Some(e.n),
                    kind: e.kind.clone(),
                    record_id: e.record_id,
                    message,
                });
                break;
            }
            prev = e.hash.clone();
        }
    }
    out
}

/// [`check_chains`], then each current record against the entry of its version. `records` yields
/// (kind, meta, content hash).
pub fn check(
    entries: &[EditEntry],
    records: impl IntoIterator<Item = (&'static str, RecordMeta, String)>,
) -> HistoryCheck {
    let mut out = check_chains(entries);
    let index: HashMap<VersionKey, &EditEntry> = entries
        .iter()
        .map(|e| {
            (
                (
                    e.kind.clone(),
                    e.record_id,
                    e.revision,
                    e.updated_at,
                    e.version_device,
                ),
                e,
            )
        })
        .collect();
    for (kind, m, hash) in records {
        out.records_checked += 1;
        let key = (
            kind.to_string(),
            m.id,
            m.revision,
            m.updated_at,
            m.device_id,
        );
        let message = match index.get(&key) {
            Some(e) if e.content_sha256 == hash => continue,
            Some(_) => format!(
                "revision {} differs from the content its history entry recorded: it was changed outside EOM Reporter",
                m.revision
            ),
            None => format!(
                "revision {} (updated {} by device {}) has no history entry: it was written outside EOM Reporter",
                m.revision, m.updated_at, m.device_id
            ),
        };
        let e = index.get(&key);
        out.found(ChainBreak {
            device: e.map(|e| e.device),
            n: e.map(|e| e.n),
            kind: kind.to_string(),
            record_id: m.id,
            message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash input exactly as docs/security.md writes it, one field per line.
    #[test]
    fn entry_hash_is_sha256_of_the_documented_lines() {
        for (n, revision) in [(1, 1), (42, 7), (1_000_000_007, i64::MAX), (3, -12), (9, 0)] {
            let e = EditEntry {
                device: Uuid::from_u128(0x0191_0000_0000_7000_8000_0000_0000_00ab),
                n,
                action: Action::Imported,
                kind: "checklist".into(),
                record_id: Uuid::from_u128(u128::MAX - 5),
                revision,
                updated_at: Timestamp::parse("2024-02-07T03:00:00.250Z").unwrap(),
                version_device: Uuid::from_u128(17),
                content_sha256: hex(&[0xa5; 32]),
                hash: String::new(),
            };
            let text = format!(
                "{GENESIS}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}\n{}",
                e.device,
                e.n,
                e.action.as_str(),
                e.kind,
                e.record_id,
                e.revision,
                e.updated_at,
                e.version_device,
                e.content_sha256
            );
            assert_eq!(
                entry_hash(GENESIS, &e),
                hex(&Sha256::digest(text.as_bytes()))
            );
        }
        assert_eq!(hex(&[0x00, 0x0f, 0xf0, 0xff]), "000ff0ff");
    }

    fn meta(rev: i64) -> RecordMeta {
        let t = Timestamp::parse("2024-02-07T03:00:00Z").unwrap();
        RecordMeta {
            id: Uuid::from_u128(1),
            created_at: t,
            updated_at: Timestamp::from_millis(t.millis() + rev),
            revision: rev,
            device_id: Uuid::from_u128(9),
            deleted: false,
        }
    }

    fn chain(n: usize) -> Vec<EditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n as i64)
            .map(|i| {
                let m = meta(i);
                let mut e = EditEntry {
                    device: m.device_id,
                    n: i,
                    action: Action::of_local(&m),
                    kind: "visit".into(),
                    record_id: m.id,
                    revision: i,
                    updated_at: m.updated_at,
                    version_device: m.device_id,
                    content_sha256: format!("{i:064}"),
                    hash: String::new(),
                };
                e.hash = entry_hash(&prev, &e);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_and_its_record_pass() {
        let c = chain(3);
        let r = check(&c, [("visit", meta(3), format!("{:064}", 3))]);
        assert!(r.intact(), "{r:?}");
        assert_eq!(r.entries, 3);
    }

    #[test]
    fn a_changed_entry_a_missing_entry_and_a_changed_record_are_found() {
        let mut c = chain(3);
        c[1].revision = 7;
        let r = check(&c, []);
        assert_eq!(r.first_break.unwrap().n, Some(2));

        let mut c = chain(3);
        c.remove(1);
        let b = check(&c, []).first_break.unwrap();
        assert!(b.message.contains("missing"), "{b}");

        let c = chain(3);
        let b = check(&c, [("visit", meta(3), "ff".repeat(32))])
            .first_break
            .unwrap();
        assert!(b.message.contains("changed outside"), "{b}");
        let b = check(&c, [("visit", meta(4), "ff".repeat(32))])
            .first_break
            .unwrap();
        assert!(b.message.contains("no history entry"), "{b}");
    }
}
