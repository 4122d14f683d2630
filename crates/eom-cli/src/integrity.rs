//! `eom keys …` and `eom verify`: the signing key, trusted keys, bundle and history verification.

use std::path::Path;

use clap::Subcommand;
use eom_core::Enrolment;
use eom_core::bundle::read_public_key;
use eom_core::keys::Keys;
use eom_core::{ErrorCode, Store};

use crate::Failure;
use crate::print::out;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Show this installation's public key and fingerprint (created on first use)
    Show {
        /// Also write the public key to FILE, for another installation's `eom keys trust FILE`
        #[arg(long, value_name = "FILE")]
        export: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Enrol a key for one team (--team) or as a core key (--core): a fingerprint
    /// (32 hex digits), a public key file, or a signed bundle
    Trust {
        key: String,
        /// The name imports and `eom verify` show for this signer, e.g. "Team 3"
        #[arg(long)]
        name: String,
        /// The team whose visits, checklists and incidents this key may change, e.g. T03
        #[arg(long, required_unless_present = "core", conflicts_with = "core")]
        team: Option<String>,
        /// A core team laptop: may change anything and forward other keys' records
        #[arg(long)]
        core: bool,
    },
    /// List the trusted keys
    List {
        #[arg(long)]
        json: bool,
    },
    /// Stop trusting a key
    Untrust { fingerprint: String },
}

pub fn show_key(dir: &Path, export: Option<&Path>, json: bool) -> Result<(), Failure> {
    // A sealed key shows its public half without the passphrase; a missing one is created.
    let public = match eom_core::keys::public_key_in(dir)? {
        Some(public) => public,
        None => Keys::open(dir)?.public(),
    };
    if let Some(path) = export {
        eom_core::keys::write_public(&public, path)?;
    }
    if json {
        crate::print::json(&public);
    } else {
        out!("fingerprint: {}", public.fingerprint);
        out!("public key:  {} ({})", public.public_key, public.algorithm);
        out!(
            "key file:    {}",
            dir.join(eom_core::keys::KEY_FILE).display()
        );
        if let Some(path) = export {
            out!("public key written to {}", path.display());
        }
    }
    Ok(())
}

pub fn keys(store: &mut Store, cmd: KeysCommand) -> Result<(), Failure> {
    match cmd {
        // Handled before the database is opened.
        KeysCommand::Show { .. } => {}
        KeysCommand::Trust {
            key,
            name,
            team,
            core,
        } => {
            let enrolment = match (core, team) {
                (true, _) | (false, None) => Enrolment::Core,
                (false, Some(code)) => Enrolment::Team(code),
            };
            let path = Path::new(&key);
            let t = if path.is_file() {
                let public = read_public_key(path)?;
                store.trust_key(&public, &name, &enrolment)?
            } else {
                store.trust_fingerprint(&key, &name, &enrolment)?
            };
            let how = if t.public_key.is_some() {
                "with its full public key"
            } else {
                "by fingerprint only: a key file or a signed bundle is safer"
            };
            out!(
                "enrolled {} as \"{}\" for the {enrolment} ({how})",
                t.fingerprint,
                t.name
            );
        }
        KeysCommand::List { json } => {
            let list = store.trusted_keys()?;
            if json {
                crate::print::json(&list);
            } else {
                for k in &list {
                    out!(
                        "{}\t{}\t{}\t{}",
                        k.fingerprint,
                        k.name,
                        k.enrolment()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| "not enrolled (may change nothing)".into()),
                        if k.public_key.is_some() {
                            "key"
                        } else {
                            "fingerprint only"
                        }
                    );
                }
                out!("{} trusted key(s)", list.len());
            }
        }
        KeysCommand::Untrust { fingerprint } => {
            store.untrust(&fingerprint)?;
            out!("no longer trusted: {fingerprint}");
        }
    }
    Ok(())
}

/// `eom verify BUNDLE` or, without a bundle, the database's edit history.
pub fn verify(store: &Store, db: &Path, bundle: Option<&Path>, json: bool) -> Result<(), Failure> {
    let Some(bundle) = bundle else {
        let check = store.verify_history()?;
        if json {
            crate::print::json(&serde_json::json!({
                "database": db,
                "intact": check.intact(),
                "history": check,
            }));
        } else if let Some(b) = &check.first_break {
            return Err(Failure::from(eom_core::Error::HistoryBroken(format!(
                "{}: {b} ({} problem(s) in all; {} entries in {} device chain(s), {} records checked)",
                db.display(),
                check.breaks,
                check.entries,
                check.chains.len(),
                check.records_checked
            ))));
        } else {
            out!(
                "{}: history chain intact: {} entries in {} device chain(s), {} records checked",
                db.display(),
                check.entries,
                check.chains.len(),
                check.records_checked
            );
        }
        return if check.intact() {
            Ok(())
        } else {
            Err(Failure::silent(ErrorCode::HistoryBroken))
        };
    };
    let v = match store.verify_bundle(bundle) {
        Ok(v) => v,
        Err(e) if json => {
            crate::print::json(&serde_json::json!({
                "bundle": bundle,
                "valid": false,
                "error": e.code(),
                "message": e.to_string(),
            }));
            return Err(Failure::silent(e.code()));
        }
        Err(e) => return Err(e.into()),
    };
    let verdict = v.verdict();
    if json {
        let mut out = serde_json::to_value(&v).unwrap_or_default();
        out["bundle"] = serde_json::json!(bundle);
        crate::print::json(&out);
    } else {
        crate::print::verification(bundle, &v);
    }
    verdict.map_err(Failure::silent)
}
