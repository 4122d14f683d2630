//! The mission's key roster: which laptops' keys this database knows, by which name, and what each
//! may change (docs/security.md, "Trust model"). A `core` key may change anything; a `team` key is
//! enrolled for one team and may change only that team's visits and what hangs off them.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};

use super::Store;
use crate::error::{Error, Result};
use crate::keys::{PublicKey, normalise_fingerprint};

/// What an enrolled key may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum KeyRole {
    /// The core team's laptops: the mission, its lists, reviews, and any team's records.
    Core,
    /// A team's laptop: that team's visits, checklists, incidents and attachments only.
    Team,
}

impl KeyRole {
    fn as_str(self) -> &'static str {
        match self {
            KeyRole::Core => "core",
            KeyRole::Team => "team",
        }
    }
}

/// Whom a key is enrolled as: the core team, or one team by its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "role", content = "team", rename_all = "snake_case")]
pub enum Enrolment {
    Core,
    Team(String),
}

impl std::fmt::Display for Enrolment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Enrolment::Core => write!(f, "core team"),
            Enrolment::Team(code) => write!(f, "team {code}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct TrustedKey {
    pub fingerprint: String,
    /// `None` when enrolled by fingerprint only.
    pub public_key: Option<String>,
    pub name: String,
    pub trusted_at: crate::time::Timestamp,
    pub role: KeyRole,
    /// The team a team key is enrolled for; `None` for core keys, and for keys trusted before
    /// schema 4 that were never enrolled for a team (they may change nothing).
    pub team: Option<String>,
}

impl TrustedKey {
    /// What this key may change, in the words of the import preview.
    pub fn enrolment(&self) -> Option<Enrolment> {
        match (self.role, &self.team) {
            (KeyRole::Core, _) => Some(Enrolment::Core),
            (KeyRole::Team, Some(code)) => Some(Enrolment::Team(code.clone())),
            (KeyRole::Team, None) => None,
        }
    }
}

const COLUMNS: &str = "fingerprint, public_key, name, trusted_at, role, team_code";

fn read_key(r: &rusqlite::Row<'_>) -> rusqlite::Result<TrustedKey> {
    let role: String = r.get(4)?;
    Ok(TrustedKey {
        fingerprint: r.get(0)?,
        public_key: r.get(1)?,
        name: r.get(2)?,
        trusted_at: r.get(3)?,
        role: if role == "core" {
            KeyRole::Core
        } else {
            KeyRole::Team
        },
        team: r.get(5)?,
    })
}

impl Store {
    /// Enrols a full public key (from a public key file, a signed bundle or a kit) under `name`
    /// for `enrolment`. Enrolling a key again renames it and changes its role.
    pub fn trust_key(
        &mut self,
        key: &PublicKey,
        name: &str,
        enrolment: &Enrolment,
    ) -> Result<TrustedKey> {
        self.insert_trust(
            key.fingerprint.clone(),
            Some(key.public_key.clone()),
            name,
            enrolment,
        )
    }

    /// Enrols a key by the fingerprint its owner read out (32 hexadecimal digits, any case, dashes
    /// optional): 128 bits of the key are compared.
    pub fn trust_fingerprint(
        &mut self,
        fingerprint: &str,
        name: &str,
        enrolment: &Enrolment,
    ) -> Result<TrustedKey> {
        let fp = normalise_fingerprint(fingerprint).ok_or_else(|| {
            Error::invalid(
                "fingerprint",
                format!(
                    "`{fingerprint}` is not a key fingerprint: expected 32 hexadecimal digits such as ab12-cd34-ef56-7890-1122-3344-5566-7788"
                ),
            )
        })?;
        self.insert_trust(fp, None, name, enrolment)
    }

    fn insert_trust(
        &mut self,
        fingerprint: String,
        public_key: Option<String>,
        name: &str,
        enrolment: &Enrolment,
    ) -> Result<TrustedKey> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                "name",
                "an enrolled key needs a name people know it by, e.g. \"Team 3\"",
            ));
        }
        let (role, team) = match enrolment {
            Enrolment::Core => (KeyRole::Core, None),
            Enrolment::Team(code) => {
                let code = code.trim().to_string();
                let known: bool = self.conn.query_row(
                    "SELECT count(*) > 0 FROM teams WHERE code = ?1 AND deleted = 0",
                    [&code],
                    |r| r.get(0),
                )?;
                if !known {
                    return Err(Error::invalid(
                        "team",
                        format!(
                            "there is no team {code} in this mission: add it first (`eom teams add {code}`)"
                        ),
                    ));
                }
                (KeyRole::Team, Some(code))
            }
        };
        let t = TrustedKey {
            fingerprint,
            public_key,
            name: name.to_string(),
            trusted_at: self.now(),
            role,
            team,
        };
        self.write(|tx| insert_key(tx, &t))?;
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
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM trusted_keys ORDER BY role, team_code, name, fingerprint"
        ))?;
        let rows = stmt.query_map([], read_key)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The core keys whose full public key this database holds (what a kit carries).
    pub fn core_keys(&self) -> Result<Vec<TrustedKey>> {
        Ok(self
            .trusted_keys()?
            .into_iter()
            .filter(|k| k.role == KeyRole::Core && k.public_key.is_some())
            .collect())
    }

    /// The roster entry of `key`, if enrolled. A key enrolled with its full public key matches only
    /// that key; one enrolled by fingerprint matches any key with that fingerprint.
    pub fn enrolled(&self, key: &PublicKey) -> Result<Option<TrustedKey>> {
        let row = self
            .conn
            .query_row(
                &format!("SELECT {COLUMNS} FROM trusted_keys WHERE fingerprint = ?1"),
                [&key.fingerprint],
                read_key,
            )
            .optional()?;
        Ok(row.filter(|k| k.public_key.as_ref().is_none_or(|p| *p == key.public_key)))
    }

    /// The name this database trusts `key` under, if any.
    pub fn trusted_name(&self, key: &PublicKey) -> Result<Option<String>> {
        Ok(self.enrolled(key)?.map(|k| k.name))
    }

    /// Gives keys trusted with their full public key before fingerprints had 128 bits their full
    /// fingerprint (the primary key people look them up by).
    pub(super) fn upgrade_fingerprints(&mut self) -> Result<()> {
        let old: Vec<(String, String)> = {
            let mut stmt = self.conn.prepare(
                "SELECT fingerprint, public_key FROM trusted_keys WHERE length(fingerprint) < 39 AND public_key IS NOT NULL",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        if old.is_empty() {
            return Ok(());
        }
        self.write(|tx| {
            for (fp, public) in &old {
                if let Ok(key) = PublicKey::parse(public) {
                    tx.execute(
                        "UPDATE OR IGNORE trusted_keys SET fingerprint = ?1 WHERE fingerprint = ?2",
                        [&PublicKey::from_key(&key).fingerprint, fp],
                    )?;
                }
            }
            Ok(())
        })
    }
}

/// Writes a roster entry (a new key, or a new name and role for a known one; a key file upgrades
/// an entry made from the fingerprint).
pub(crate) fn insert_key(tx: &rusqlite::Connection, t: &TrustedKey) -> Result<()> {
    tx.execute(
        "INSERT INTO trusted_keys (fingerprint, public_key, name, trusted_at, role, team_code) VALUES (?1, ?2, ?3, ?4, ?5, ?6) \
         ON CONFLICT(fingerprint) DO UPDATE SET public_key = coalesce(excluded.public_key, public_key), \
         name = excluded.name, role = excluded.role, team_code = excluded.team_code",
        rusqlite::params![t.fingerprint, t.public_key, t.name, t.trusted_at, t.role.as_str(), t.team],
    )?;
    Ok(())
}
