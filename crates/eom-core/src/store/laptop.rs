//! This laptop in the mission: its own key (set by the shells, which hold the key folder), the
//! role that key is enrolled with, and the team a laptop joined with a kit belongs to.

use rusqlite::OptionalExtension;
use uuid::Uuid;

use super::Store;
use super::trust::Enrolment;
use crate::error::Result;
use crate::keys::PublicKey;

impl Store {
    /// Tells the store which key this laptop signs with, and binds this database's device id to
    /// it (no other key may then sign bundles in this device's name).
    pub fn set_laptop_key(&mut self, key: PublicKey) -> Result<()> {
        let device = self.device_id;
        self.bind_device(device, &key.fingerprint)?;
        self.laptop = Some(key);
        Ok(())
    }

    pub fn laptop_key(&self) -> Option<&PublicKey> {
        self.laptop.as_ref()
    }

    /// What this laptop may change when it vouches for a bundle itself (an override): its own
    /// enrolment; a joined laptop's team; the core team's authority in a database with no core
    /// key yet (a new or pre-roster database: the laptop that holds it made it).
    pub fn laptop_enrolment(&self) -> Result<Option<Enrolment>> {
        if let Some(key) = &self.laptop
            && let Some(k) = self.enrolled(key)?
        {
            return Ok(k.enrolment());
        }
        if let Some(team) = self.laptop_team()? {
            return Ok(Some(Enrolment::Team(team)));
        }
        Ok((self.core_key_count()? == 0).then_some(Enrolment::Core))
    }

    /// The team this laptop joined with a kit (default for new visits and exports).
    pub fn laptop_team(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'laptop_team'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub(crate) fn set_laptop_team(&mut self, code: &str) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('laptop_team', ?1)",
                [code],
            )?;
            Ok(())
        })
    }

    /// The laptop that creates a mission (or loads the sample) holds its first core key.
    pub(crate) fn enrol_laptop_as_first_core(&mut self) -> Result<()> {
        let Some(key) = self.laptop.clone() else {
            return Ok(());
        };
        if self.core_key_count()? == 0
            && self.laptop_team()?.is_none()
            && self.enrolled(&key)?.is_none()
        {
            self.trust_key(&key, "Core team", &Enrolment::Core)?;
        }
        Ok(())
    }

    /// Binds `device` to the key with `fingerprint`, unless it is bound already.
    pub(crate) fn bind_device(&mut self, device: Uuid, fingerprint: &str) -> Result<()> {
        let now = self.now();
        self.write(|tx| {
            tx.execute(
                "INSERT OR IGNORE INTO key_devices (device_id, fingerprint, bound_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![device.to_string(), fingerprint, now],
            )?;
            Ok(())
        })
    }

    fn core_key_count(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT count(*) FROM trusted_keys WHERE role = 'core'",
            [],
            |r| r.get(0),
        )?)
    }
}
