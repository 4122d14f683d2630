//! The mission kit (`eom kit export --team T03`, `eom join T03.eomkit`): a signed bundle with what a
//! team laptop needs before election day (the mission, templates, stations, teams, observers), the
//! core keys, and the team it is for. Joining trusts the core keys it lists once a person has
//! compared the signer's fingerprint with what the core team reads out.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::authority::Authority;
use super::import::MergeRun;
use super::merge::{Author, ImportOptions};
use crate::error::{Error, Result};
use crate::keys::{Keys, PublicKey};
use crate::store::{Enrolment, Store};

/// The `kit` member of a kit's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kit {
    /// The team code the kit is for.
    pub team: String,
    pub core_keys: Vec<KitKey>,
}

/// A core key as a kit carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KitKey {
    pub name: String,
    pub public_key: String,
    pub fingerprint: String,
}

/// What joining did, for the person to read back to the core team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct JoinReport {
    pub mission: String,
    pub team: String,
    /// The key that signed the kit (compare it with what the core team reads out).
    pub signed_by: KitKey,
    pub core_keys: Vec<KitKey>,
    /// This laptop's fingerprint, to read back so the core team enrols it for the team.
    pub laptop_fingerprint: String,
}

/// What exporting a kit wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KitSummary {
    pub team: String,
    pub stations: usize,
    pub teams: usize,
    pub observers: usize,
    pub core_keys: Vec<KitKey>,
}

impl Store {
    /// Writes the kit for team `team` to `path`, signed with this laptop's key, which must be a
    /// core key of the mission.
    pub fn export_kit(&mut self, path: &Path, team: &str, keys: &Keys) -> Result<KitSummary> {
        self.set_laptop_key(keys.public())?;
        self.enrol_laptop_as_first_core()?;
        if self.laptop_enrolment()? != Some(Enrolment::Core) {
            return Err(Error::invalid(
                "kit",
                "only a core team laptop exports kits: this laptop is not enrolled as core",
            ));
        }
        let team = team.trim().to_uppercase();
        if !self.teams()?.iter().any(|t| t.code == team) {
            return Err(Error::NotFound {
                kind: "team",
                id: team,
            });
        }
        let mut b = self.bundle(None)?;
        b.visits.clear();
        b.checklists.clear();
        b.incidents.clear();
        b.attachments.clear();
        b.replaced_versions.clear();
        b.edit_history.clear();
        b.exported_by.team = Some(team.clone());
        let core_keys: Vec<KitKey> = self
            .core_keys()?
            .into_iter()
            .filter_map(|k| {
                Some(KitKey {
                    name: k.name,
                    public_key: k.public_key?,
                    fingerprint: k.fingerprint,
                })
            })
            .collect();
        b.kit = Some(Kit {
            team: team.clone(),
            core_keys: core_keys.clone(),
        });
        super::write_signed(path, &b, keys, self.now())?;
        Ok(KitSummary {
            team,
            stations: b.stations.len(),
            teams: b.teams.len(),
            observers: b.observers.len(),
            core_keys,
        })
    }

    /// Joins the mission of the kit at `path` in this empty database: the kit must be signed by one
    /// of the core keys it lists (and by `expected_core`, when the person typed the fingerprint
    /// the core team read out). Stores the core keys, enrols this laptop's key for the kit's
    /// team and makes that team the default for new visits and exports.
    pub fn join_kit(
        &mut self,
        path: &Path,
        keys: &Keys,
        expected_core: Option<&str>,
    ) -> Result<JoinReport> {
        let invalid = |message: String| Error::BundleInvalid {
            path: path.to_path_buf(),
            message,
        };
        self.set_laptop_key(keys.public())?;
        if let Some(m) = self.mission_opt()? {
            return Err(Error::MissionConflict(format!(
                "this database already holds the mission \"{}\": join with a kit in a new database (--db)",
                m.name
            )));
        }
        let opened = super::open_bundle(path)?;
        let Some(signer) = opened.signer else {
            return Err(Error::Unsigned {
                path: path.to_path_buf(),
            });
        };
        let b = opened.bundle;
        let Some(kit) = b.kit.clone() else {
            return Err(invalid(
                "this is a bundle, not a mission kit (`eom kit export --team CODE` writes one)"
                    .into(),
            ));
        };
        if !(b.visits.is_empty() && b.checklists.is_empty() && b.incidents.is_empty()) {
            return Err(invalid(
                "a mission kit carries no visits, checklists or incidents".into(),
            ));
        }
        let signed_by = kit
            .core_keys
            .iter()
            .find(|k| k.public_key == signer.key.public_key)
            .cloned()
            .ok_or_else(|| {
                invalid(format!(
                    "the kit is signed by {}, which is not one of the core keys it lists: it did not come from the core team",
                    signer.key.fingerprint
                ))
            })?;
        if let Some(expected) = expected_core {
            let typed = crate::keys::normalise_fingerprint(expected).ok_or_else(|| {
                Error::invalid(
                    "fingerprint",
                    format!(
                        "`{expected}` is not a key fingerprint: expected 32 hexadecimal digits"
                    ),
                )
            })?;
            if typed != signer.key.fingerprint {
                return Err(Error::invalid(
                    "fingerprint",
                    format!(
                        "the kit is signed by {}, not by {typed} as the core team read out: do not join with it",
                        signer.key.fingerprint
                    ),
                ));
            }
        }
        if !b
            .teams
            .iter()
            .any(|t| t.code == kit.team && !t.meta.deleted)
        {
            return Err(invalid(format!(
                "the kit is for team {}, which it does not list",
                kit.team
            )));
        }
        let mut keys_checked = Vec::new();
        for k in &kit.core_keys {
            let key = PublicKey::parse(&k.public_key)
                .map_err(|m| invalid(format!("core key {}: {m}", k.name)))?;
            keys_checked.push((PublicKey::from_key(&key), k.name.clone()));
        }
        self.backup_before_import()?;
        let run = MergeRun {
            author: Author {
                authority: Authority::Core,
                by: signed_by.name.clone(),
                fingerprint: Some(signer.key.fingerprint.clone()),
            },
            // The kit's records come without the core laptop's chains; this laptop takes them
            // into its own as `imported`.
            options: ImportOptions {
                allow_broken_history: true,
                ..ImportOptions::default()
            },
            signed: false,
            apply: true,
            progress: &mut |_, _| {},
        };
        self.merge_run(path, &b, run)?;
        for (key, name) in &keys_checked {
            self.trust_key(key, name, &Enrolment::Core)?;
        }
        let laptop = keys.public();
        self.trust_key(
            &laptop,
            &format!("This laptop (team {})", kit.team),
            &Enrolment::Team(kit.team.clone()),
        )?;
        self.set_laptop_team(&kit.team)?;
        self.bind_device(b.exported_by.device, &signer.key.fingerprint)?;
        Ok(JoinReport {
            mission: b.mission.name.clone(),
            team: kit.team,
            signed_by,
            core_keys: kit.core_keys,
            laptop_fingerprint: laptop.fingerprint,
        })
    }
}
