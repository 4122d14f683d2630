//! Importing a bundle file: the signature first, then who signed it and what that key may write
//! (`authority.rs`), then the checks and the merge in one transaction (`merge.rs`). A refusal at
//! any step leaves the database as it was.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rusqlite::OptionalExtension;

use super::Bundle;
use super::adopt::Adopt;
use super::authority::{Authority, Gate, Rules};
use super::merge::{
    Author, ImportBlock, ImportOptions, ImportReport, SignerReport, history_refused, merge_kinds,
};
use crate::error::UnauthorizedChange;
use crate::error::{Error, Result};
use crate::store::{Enrolment, Store, team_id_for};
use crate::templates::Template;

/// The merge as the import runs it, or as a trusted caller does (`Store::merge_bundle`).
pub(super) struct MergeRun<'a> {
    pub(super) author: Author,
    pub(super) options: ImportOptions,
    /// The bundle was signed: its chains must account for what it writes.
    pub(super) signed: bool,
    pub(super) apply: bool,
    pub(super) progress: &'a mut dyn FnMut(u64, u64),
}

impl Store {
    /// Imports (merges) the signed bundle at `path` with the default options: an unsigned bundle,
    /// an unknown signer, a broken history or an unauthorized change refuse it.
    pub fn import_bundle(
        &mut self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        self.import_bundle_with(path, ImportOptions::default(), progress)
    }

    /// `import_bundle` with the overrides in `options`.
    pub fn import_bundle_with(
        &mut self,
        path: &Path,
        options: ImportOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        let (bundle, signer) = self.open_checked(path, options)?;
        self.same_mission(path, &bundle)?;
        let (author, blocked) = self.author_of(&bundle, signer.as_ref(), options)?;
        if let Some(ImportBlock::UnknownSigner { fingerprint }) = blocked {
            return Err(Error::UnknownSigner {
                path: path.to_path_buf(),
                fingerprint,
            });
        }
        self.backup_before_import()?;
        let run = MergeRun {
            author,
            options,
            signed: signer.is_some(),
            apply: true,
            progress,
        };
        let report = self.merge_run(path, &bundle, run);
        // Freeing a large bundle (millions of small allocations) is a noticeable share of an
        // import; nobody waits for it.
        std::thread::spawn(move || drop(bundle));
        report.map(|r| ImportReport { signer, ..r })
    }

    /// What importing the bundle would add, update and refuse, without changing anything.
    pub fn preview_bundle(&mut self, path: &Path) -> Result<ImportReport> {
        self.preview_bundle_with(path, ImportOptions::default())
    }

    pub fn preview_bundle_with(
        &mut self,
        path: &Path,
        options: ImportOptions,
    ) -> Result<ImportReport> {
        let (bundle, signer) = self.open_checked(path, options)?;
        let (author, blocked) = self.author_of(&bundle, signer.as_ref(), options)?;
        let run = MergeRun {
            author,
            options,
            signed: signer.is_some(),
            apply: false,
            progress: &mut |_, _| {},
        };
        let report = self.merge_run(path, &bundle, run)?;
        Ok(ImportReport {
            blocked: blocked.or(report.blocked.clone()),
            signer,
            ..report
        })
    }

    /// Merges a bundle the caller vouches for (the sample mission, generated missions): the
    /// authority of the core team, no signature and no history required.
    pub fn merge_bundle(
        &mut self,
        path: &Path,
        b: &Bundle,
        apply: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportReport> {
        let run = MergeRun {
            author: Author {
                authority: Authority::Core,
                by: "this laptop".into(),
                fingerprint: None,
            },
            options: ImportOptions {
                allow_broken_history: true,
                ..ImportOptions::default()
            },
            signed: false,
            apply,
            progress,
        };
        self.merge_run(path, b, run)
    }

    /// Reads the bundle, verifying its signature before anything else looks at the records.
    fn open_checked(
        &self,
        path: &Path,
        options: ImportOptions,
    ) -> Result<(Bundle, Option<SignerReport>)> {
        let opened = super::file::open_bundle(path)?;
        let signer = match &opened.signer {
            Some(s) => Some(self.signer_report(s)?),
            None if options.allow_unsigned => None,
            None => {
                return Err(Error::Unsigned {
                    path: path.to_path_buf(),
                });
            }
        };
        Ok((opened.bundle, signer))
    }

    /// Who wrote the bundle's versions: its signer as enrolled here; for an override (unsigned,
    /// unknown signer allowed) this laptop itself. An unknown signer without the override is
    /// blocked (and has no authority in the preview).
    fn author_of(
        &self,
        b: &Bundle,
        signer: Option<&SignerReport>,
        options: ImportOptions,
    ) -> Result<(Author, Option<ImportBlock>)> {
        let team_of = |code: &str, device| Authority::Team {
            team: team_id_for(code),
            device,
        };
        let Some(s) = signer else {
            return Ok((
                self.laptop_author("this laptop (unsigned bundle allowed)")?,
                None,
            ));
        };
        let fingerprint = Some(s.fingerprint.clone());
        // This laptop's own bundle read back (or a database it has not enrolled itself in yet):
        // its own authority.
        if s.trusted_as.is_none()
            && self
                .laptop_key()
                .is_some_and(|k| k.public_key == s.public_key)
        {
            let mut a = self.laptop_author("this laptop")?;
            a.fingerprint = fingerprint;
            return Ok((a, None));
        }
        match (&s.trusted_as, &s.enrolment) {
            (Some(name), Some(Enrolment::Core)) => Ok((
                Author {
                    authority: Authority::Core,
                    by: format!("{name} (core)"),
                    fingerprint,
                },
                None,
            )),
            (Some(name), Some(Enrolment::Team(code))) => Ok((
                Author {
                    authority: team_of(code, Some(b.exported_by.device)),
                    by: format!("{name} (team {code})"),
                    fingerprint,
                },
                None,
            )),
            (Some(name), None) => Ok((
                Author {
                    authority: Authority::Nothing,
                    by: format!("{name} (known, not enrolled for a team)"),
                    fingerprint,
                },
                None,
            )),
            (None, _) if options.allow_unknown_signer => {
                let mut a = self.laptop_author(&format!(
                    "this laptop (unknown signer {} allowed)",
                    s.fingerprint
                ))?;
                a.fingerprint = fingerprint;
                Ok((a, None))
            }
            (None, _) => Ok((
                Author {
                    authority: Authority::Nothing,
                    by: format!("unknown key {}", s.fingerprint),
                    fingerprint,
                },
                Some(ImportBlock::UnknownSigner {
                    fingerprint: s.fingerprint.clone(),
                }),
            )),
        }
    }

    fn laptop_author(&self, by: &str) -> Result<Author> {
        let authority = match self.laptop_enrolment()? {
            Some(Enrolment::Core) => Authority::Core,
            Some(Enrolment::Team(code)) => Authority::Team {
                team: team_id_for(&code),
                device: None,
            },
            None => Authority::Nothing,
        };
        Ok(Author {
            authority,
            by: by.into(),
            fingerprint: None,
        })
    }

    /// The bundle's device must be the signer's: a device id another key signs for (or this
    /// laptop's own) is a claim the signature does not back.
    fn claimed_device(&self, b: &Bundle, author: &Author) -> Result<Option<UnauthorizedChange>> {
        let Some(fp) = &author.fingerprint else {
            return Ok(None);
        };
        let device = b.exported_by.device;
        let bound: Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM key_devices WHERE device_id = ?1",
                [device.to_string()],
                |r| r.get(0),
            )
            .optional()?;
        let own =
            device == self.device_id() && self.laptop_key().is_none_or(|k| k.fingerprint != *fp);
        match bound {
            Some(other) if other != *fp => {}
            _ if own => {}
            _ => return Ok(None),
        }
        Ok(Some(UnauthorizedChange {
            kind: "bundle".into(),
            record_id: None,
            label: format!("device {device}"),
            change: "claims a device id that another key signs for".into(),
            by: author.by.clone(),
        }))
    }

    pub(super) fn merge_run(
        &mut self,
        path: &Path,
        b: &Bundle,
        run: MergeRun<'_>,
    ) -> Result<ImportReport> {
        // A merge touches many pages: with the small cache of a connection that stays open (the
        // app's, `MemoryUse::Cached`) it would spill them to the WAL in the middle of the
        // transaction. The connection gets the 64 MB cache for the merge, and its own size back.
        let cache: i64 = self
            .conn
            .pragma_query_value(None, "cache_size", |r| r.get(0))?;
        self.conn
            .pragma_update(None, "cache_size", cache.min(-64_000))?;
        let report = self.merge_checked(path, b, run);
        self.conn.pragma_update(None, "cache_size", cache)?;
        if cache > -64_000 {
            // Free the pages held beyond the connection's own cache.
            self.conn.execute_batch("PRAGMA shrink_memory")?;
        }
        report
    }

    fn merge_checked(
        &mut self,
        path: &Path,
        b: &Bundle,
        run: MergeRun<'_>,
    ) -> Result<ImportReport> {
        self.same_mission(path, b)?;
        let templates = self.templates_with(path, b)?;
        super::check::check_bundle(self, path, b, &templates)?;
        let history_break = crate::edit_history::check_chains(&b.edit_history).first_break;
        if run.apply
            && !run.options.allow_broken_history
            && let Some(br) = &history_break
        {
            return Err(history_refused(path, Some(br)));
        }
        let claim = self.claimed_device(b, &run.author)?;
        if let (Some(claim), true) = (&claim, run.apply) {
            return Err(Error::Unauthorized {
                path: path.to_path_buf(),
                changes: vec![claim.clone()],
            });
        }
        let MergeRun {
            author,
            options,
            signed,
            apply,
            progress,
        } = run;
        let adopt = Adopt::new(self.device_id(), b);
        let now = self.now();
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let gate = Gate::new(
            Rules::new(&tx, author.authority.clone(), b)?,
            author.by.clone(),
        );
        let mut report = merge_kinds(&tx, b, &templates, &adopt, &gate, progress)?;
        report.applied = apply;
        report.history_break = history_break;
        report.unauthorized = gate.refused.into_inner();
        if let Some(claim) = claim {
            report.unauthorized.insert(0, claim);
        }
        if signed
            && report.history_break.is_none()
            && let Some((kind, id)) = adopt.uncovered.get()
        {
            report.history_break = Some(crate::edit_history::ChainBreak {
                device: None,
                n: None,
                kind: kind.into(),
                record_id: id,
                message: "this version has no entry in the edit history the bundle carries (written outside EOM Reporter?)".into(),
            });
        }
        if report.history_break.is_some() && !options.allow_broken_history {
            report.blocked = Some(ImportBlock::HistoryBroken);
        } else if !report.unauthorized.is_empty()
            && (!options.skip_unauthorized || report.unauthorized.iter().any(|c| !c.skippable()))
        {
            let refused: usize = report.kinds.iter().map(|(_, k)| k.refused).sum();
            let whole = report
                .unauthorized
                .iter()
                .filter(|c| !c.skippable())
                .count();
            report.blocked = Some(ImportBlock::Unauthorized {
                count: refused + whole,
            });
        }
        if !apply {
            tx.rollback()?;
            return Ok(report);
        }
        if let Some(refusal) = report.refusal(path) {
            return Err(refusal);
        }
        if let (Some(fp), true) = (&author.fingerprint, signed) {
            tx.execute(
                "INSERT OR IGNORE INTO key_devices (device_id, fingerprint, bound_at) VALUES (?1, ?2, ?3)",
                rusqlite::params![b.exported_by.device.to_string(), fp, now],
            )?;
        }
        tx.commit()?;
        Ok(report)
    }

    /// A bundle of another mission is refused before anything else is said about it.
    fn same_mission(&self, path: &Path, b: &Bundle) -> Result<()> {
        if let Some(local) = self.mission_opt()?
            && local.meta.id != b.mission.meta.id
        {
            return Err(Error::MissionConflict(format!(
                "{}: this bundle is for the mission \"{}\" ({}), but this database holds \"{}\" ({}); import it into its own database (--db)",
                path.display(),
                b.mission.name,
                b.mission.meta.id,
                local.name,
                local.meta.id
            )));
        }
        Ok(())
    }

    /// The database's templates and the bundle's, which must agree where both have a version.
    fn templates_with(
        &self,
        path: &Path,
        b: &Bundle,
    ) -> Result<HashMap<(String, u32), Arc<Template>>> {
        let mut templates: HashMap<(String, u32), Arc<Template>> = HashMap::new();
        for t in self.templates()? {
            templates.insert((t.id.clone(), t.version), Arc::new(t));
        }
        for t in &b.templates {
            t.check().map_err(|e| Error::BundleInvalid {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            let key = (t.id.clone(), t.version);
            match templates.get(&key) {
                Some(local) if **local != *t => {
                    return Err(Error::BundleInvalid {
                        path: path.to_path_buf(),
                        message: format!(
                            "template {} v{} differs from the one in this database with the same version",
                            t.id, t.version
                        ),
                    });
                }
                Some(_) => {}
                None => {
                    templates.insert(key, Arc::new(t.clone()));
                }
            }
        }
        Ok(templates)
    }
}
