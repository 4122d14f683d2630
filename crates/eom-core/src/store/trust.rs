//! Trusted signing keys: which installations' bundles this database knows, and by which name.

use rusqlite::OptionalExtension;
use serde::Serialize;

use super::Store;
use crate::error::{Error, Result};
use crate::keys::{PublicKey, normalise_fingerprint};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustedKey {
    pub fingerprint: String,
    /// `None` when trusted by fingerprint only.
    pub public_key: Option<String>,
    pub name: String,
    pub trusted_at: crate::time::Timestamp,
}

impl Store {
    /// Trusts a full public key (from a public key file or a signed bundle) under `name`.
    /// Trusting a key again renames it.
    pub fn trust_key(&mut self, key: &PublicKey, name: &str) -> Result<TrustedKey> {
        self.insert_trust(key.fingerprint.clone(), Some(key.public_key.clone()), name)
    }

    /// Trusts a key by the fingerprint its owner read out (`ab12-cd34-ef56-7890`, any case,
    /// dashes optional). Weaker than a key file: only 64 bits of the key are compared.
    pub fn trust_fingerprint(&mut self, fingerprint: &str, name: &str) -> Result<TrustedKey> {
        let fp = normalise_fingerprint(fingerprint).ok_or_else(|| {
            Error::invalid(
                "fingerprint",
                format!(
                    "`{fingerprint}` is not a key fingerprint: expected 16 hexadecimal digits such as ab12-cd34-ef56-7890"
                ),
            )
        })?;
        self.insert_trust(fp, None, name)
    }

    fn insert_trust(
        &mut self,
        fingerprint: String,
        public_key: Option<String>,
        name: &str,
    ) -> Result<TrustedKey> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "name",
                "a trusted key needs a name people know it by, e.g. \"Team 3\"",
            ));
        }
        let t = TrustedKey {
            fingerprint,
            public_key,
            name: name.to_string(),
            trusted_at: self.now(),
        };
        self.write(|tx| {
            // A key file upgrades an entry made from the fingerprint; the name is replaced.
            tx.execute(
                "INSERT INTO trusted_keys (fingerprint, public_key, name, trusted_at) VALUES (?1, ?2, ?3, ?4) \
                 ON CONFLICT(fingerprint) DO UPDATE SET public_key = coalesce(excluded.public_key, public_key), \
                 name = excluded.name",
                rusqlite::params![t.fingerprint, t.public_key, t.name, t.trusted_at],
            )?;
            Ok(())
        })?;
        Ok(t)
    }

    /// Stops trusting the key with this fingerprint.
    pub fn untrust(&mut self, fingerprint: &str) -> Result<()> {
        let fp = normalise_fingerprint(fingerprint).unwrap_or_else(|| fingerprint.to_string());
        let n = self.write(|tx| {
            Ok(tx.execute("DELETE FROM trusted_keys WHERE fingerprint = ?1", [&fp])?)
        })?;
        if n == 0 {
            return Err(Error::NotFound {
                kind: "trusted key",
                id: fp,
            });
        }
        Ok(())
    }

    pub fn trusted_keys(&self) -> Result<Vec<TrustedKey>> {
        let mut stmt = self.conn.prepare(
            "SELECT fingerprint, public_key, name, trusted_at FROM trusted_keys ORDER BY name, fingerprint",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(TrustedKey {
                fingerprint: r.get(0)?,
                public_key: r.get(1)?,
                name: r.get(2)?,
                trusted_at: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The name this database trusts `key` under, if any. A key trusted with its full public key
    /// matches only that key; one trusted by fingerprint matches any key with that fingerprint.
    pub fn trusted_name(&self, key: &PublicKey) -> Result<Option<String>> {
        let row: Option<(Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT public_key, name FROM trusted_keys WHERE fingerprint = ?1",
                [&key.fingerprint],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        Ok(match row {
            Some((Some(stored), name)) if stored == key.public_key => Some(name),
            Some((None, name)) => Some(name),
            _ => None,
        })
    }
}
