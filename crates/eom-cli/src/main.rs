//! `eom`: the EOM Reporter command line. Parses flags, calls `eom-core`, prints. No logic lives here.

mod args;
mod failure;
mod integrity;
mod print;
mod status;

use args::{
    BackupCommand, Cli, Command, DbCommand, ExportFormat, KitCommand, StationsCommand,
    TeamsCommand, TemplatesCommand,
};
use failure::{Failure, exit_code};
use print::out;

use std::path::Path;
use std::process::ExitCode;

use clap::Parser;
use eom_core::keys::Keys;
use eom_core::stats::StatsFilter;
use eom_core::time::Clock;
use eom_core::{BackupReason, ErrorCode, NewMission, OpenOptions, Passphrase, Store};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli
        .db
        .clone()
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(eom_core::paths::default_db_path);
    let key_dir = cli
        .key_dir
        .clone()
        .unwrap_or_else(eom_core::keys::default_key_dir);
    match run(cli.command, &db, cli.passphrase_file.as_deref(), &key_dir) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                eprintln!("error: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn run(
    command: Command,
    db: &Path,
    passphrase_file: Option<&Path>,
    key_dir: &Path,
) -> Result<(), Failure> {
    // The key needs no database: showing it never creates one.
    if let Command::Keys(integrity::KeysCommand::Show { export, json }) = &command {
        return integrity::show_key(key_dir, export.as_deref(), *json);
    }
    let options = OpenOptions {
        passphrase: passphrase_file.map(Passphrase::from_file).transpose()?,
        ..Default::default()
    };
    // These work on the file without opening a store on it (it may not open, or must be closed).
    let command = match command {
        Command::Db(c) => return convert(c, db, key_dir, options.passphrase.as_ref()),
        Command::Backup(BackupCommand::List { json }) => {
            let list = eom_core::backup::list(db)?;
            if json {
                print::json(&list);
            } else {
                print::backups(&list);
            }
            return Ok(());
        }
        Command::Backup(BackupCommand::Restore { id }) => {
            let b =
                eom_core::backup::restore(db, &id, &options, eom_core::time::SystemClock.now())?;
            out!(
                "{}: restored backup {} ({}); the replaced database is the newest backup",
                db.display(),
                b.id,
                b.reason
            );
            return Ok(());
        }
        other => other,
    };
    let created = eom_core::db::file_kind(db)? == eom_core::db::FileKind::Missing;
    let mut store = Store::open_with(db, &options)?;
    // The commands that sign, enrol or judge who may change what need this laptop's key; the
    // others never create one.
    let keys = if matches!(
        command,
        Command::Init { .. }
            | Command::Demo { .. }
            | Command::Import { .. }
            | Command::Kit(_)
            | Command::Join { .. }
            | Command::Export {
                format: ExportFormat::Json,
                ..
            }
    ) {
        // With an encrypted database the key is sealed under its passphrase (docs/security.md).
        let k = Keys::open_with(key_dir, options.passphrase.as_ref())?;
        store.set_laptop_key(k.public())?;
        Some(k)
    } else {
        None
    };
    // Opened above for exactly the commands that sign.
    let signing = || {
        keys.as_ref()
            .expect("the key is opened for every command that signs")
    };
    if created && let Some(p) = &options.passphrase {
        print::passphrase_hint(p, &[]);
    }
    match command {
        Command::Init {
            name,
            organisation,
            country,
            election,
            date,
            time_zone,
            languages,
            accreditation,
            candidates,
        } => {
            let m = store.create_mission(NewMission {
                name,
                organisation,
                country,
                election_name: election,
                election_date: date,
                time_zone,
                languages,
                accreditation_ref: accreditation,
                candidates,
            })?;
            out!("created mission \"{}\" in {}", m.name, db.display());
        }
        Command::Demo { visits } => {
            let (what, report) = match visits {
                Some(n) => {
                    let bar = print::progress("records");
                    let r = eom_core::demo::load_generated(&mut store, n as usize, &mut |d, t| {
                        print::tick(&bar, d, t)
                    });
                    bar.finish_and_clear();
                    ("generated", r?)
                }
                None => ("sample", eom_core::demo::load_sample(&mut store)?),
            };
            let t = report.total();
            out!(
                "{what} mission \"{}\" loaded into {}: {} records added, {} already there",
                report.summary.mission,
                db.display(),
                t.added,
                t.unchanged
            );
        }
        Command::Stations(StationsCommand::Import { file, skip_invalid }) => {
            let bar = print::progress("stations");
            let r = store.import_stations_csv(&file, skip_invalid, &mut |done, total| {
                print::tick(&bar, done, total)
            })?;
            bar.finish_and_clear();
            out!(
                "{}: {} added, {} updated, {} unchanged",
                file.display(),
                r.added,
                r.updated,
                r.unchanged
            );
            if !r.skipped.is_empty() {
                out!("{} invalid line(s) skipped:", r.skipped.len());
                for e in &r.skipped {
                    out!("  {e}");
                }
            }
        }
        Command::Stations(StationsCommand::List {
            json,
            search,
            limit,
        }) => {
            let list = store.stations(&search, limit)?;
            if json {
                print::json(&list);
            } else {
                print::stations(&list);
            }
        }
        Command::Teams(TeamsCommand::Add { code, area }) => {
            let t = store.save_team(&code, &area)?;
            out!("team {} saved", t.code);
        }
        Command::Teams(TeamsCommand::List) => {
            for t in store.teams()? {
                out!("{}\t{}", t.code, t.area);
            }
        }
        Command::Import {
            bundle,
            dry_run,
            allow_unsigned,
            allow_unknown_signer,
            allow_broken_history,
            skip_unauthorized,
        } => {
            let options = eom_core::bundle::ImportOptions {
                allow_unsigned,
                allow_unknown_signer,
                allow_broken_history,
                skip_unauthorized,
            };
            let report = if dry_run {
                let r = store.preview_bundle_with(&bundle, options)?;
                print::import_report(&bundle, &r);
                // A dry run exits as the import would: scripts can check before importing.
                return match r.refusal(&bundle) {
                    Some(e) => Err(e.into()),
                    None => Ok(()),
                };
            } else {
                let bar = print::progress("records");
                let r = store.import_bundle_with(&bundle, options, &mut |done, total| {
                    print::tick(&bar, done, total)
                })?;
                bar.finish_and_clear();
                r
            };
            print::import_report(&bundle, &report);
        }
        Command::Keys(cmd) => integrity::keys(&mut store, cmd)?,
        Command::Kit(KitCommand::Export { team, out }) => {
            let k = store.export_kit(&out, &team, signing())?;
            print::kit_summary(&out, &k);
        }
        Command::Join {
            kit,
            core_fingerprint,
        } => {
            let r = store.join_kit(&kit, signing(), core_fingerprint.as_deref())?;
            print::join_report(db, &r);
        }
        Command::Verify { bundle, json } => integrity::verify(&store, db, bundle.as_deref(), json)?,
        Command::Export {
            format: format @ (ExportFormat::Pdf | ExportFormat::Html),
            out,
            edition,
            lang,
            detail,
            annex,
            ..
        } => {
            let opts = eom_report::ReportOptions {
                edition,
                lang,
                detail,
                annex,
            };
            let before = store.export_status()?;
            if matches!(format, ExportFormat::Pdf) {
                eom_report::write_pdf(&mut store, &opts, &out)?;
            } else {
                eom_report::write_html(&mut store, &opts, &out)?;
            }
            out!(
                "{}: {} edition report ({})",
                out.display(),
                opts.edition,
                opts.lang
            );
            status::export_note(&before, false);
        }
        Command::Export {
            format: ExportFormat::Json,
            out,
            team,
            ..
        } => {
            let before = store.export_status()?;
            let s = store.export_bundle(&out, team, signing())?;
            out!(
                "{}: bundle of \"{}\": {} visits, {} checklists, {} incidents, {} stations",
                out.display(),
                s.mission,
                s.visits,
                s.checklists,
                s.incidents,
                s.stations
            );
            status::export_note(&before, true);
        }
        Command::Export {
            format: ExportFormat::Csv,
            out,
            no_bom,
            ..
        } => {
            let options = eom_core::CsvOptions { bom: !no_bom };
            let before = store.export_status()?;
            for f in store.export_csv(&out, options)? {
                out!("{}", f.display());
            }
            status::export_note(&before, false);
        }
        Command::Export {
            format: ExportFormat::Xlsx,
            out,
            edition,
            lang,
            ..
        } => {
            let opts = eom_interop::XlsxOptions { lang, edition };
            let before = store.export_status()?;
            let s = eom_interop::write_xlsx(&mut store, &opts, &out)?;
            let sheets: Vec<String> = s
                .sheets
                .iter()
                .map(|s| format!("{} {}", s.name, s.rows))
                .collect();
            out!(
                "{}: {} edition workbook ({}), rows per sheet: {}",
                out.display(),
                opts.edition,
                opts.lang,
                sheets.join(", ")
            );
            status::export_note(&before, false);
        }
        Command::Export {
            format: ExportFormat::Geojson,
            out,
            ..
        } => {
            let s = eom_interop::write_geojson(&store, &out)?;
            out!(
                "{}: {} of {} stations (those with coordinates)",
                out.display(),
                s.features,
                s.stations
            );
            match s.without_coordinates {
                0 => {}
                1 => eprintln!("warning: 1 station has no coordinates and is not in the file"),
                n => eprintln!("warning: {n} stations have no coordinates and are not in the file"),
            }
        }
        Command::Export {
            format: ExportFormat::Forms,
            out,
            lang,
            ..
        } => {
            let data = eom_report::store_forms_data(&store, &lang)?;
            eom_report::write_forms_pdf_data(&data, &out)?;
            let forms: Vec<String> = data
                .forms
                .iter()
                .map(|f| format!("{} v{}", f.id, f.version))
                .collect();
            out!(
                "{}: blank paper forms ({lang}): {}",
                out.display(),
                forms.join(", ")
            );
        }
        Command::Stats {
            json,
            phase,
            region,
            team,
        } => {
            let stats = store.statistics(&StatsFilter {
                phase,
                region,
                team,
            })?;
            if json {
                print::json(&stats);
            } else {
                print::stats(&stats);
            }
        }
        Command::Status { json } => status::status(&store, db, json)?,
        Command::Backup(BackupCommand::Now) => {
            let b = store.backup(BackupReason::Manual)?;
            out!("{}: backup {} ({} bytes)", b.path.display(), b.id, b.size);
        }
        Command::Backup(BackupCommand::Keep { count }) => {
            if let Some(n) = count {
                store.set_backup_keep(n)?;
            }
            out!("keeping the last {} backups", store.backup_keep()?);
        }
        Command::Db(_)
        | Command::Backup(BackupCommand::List { .. } | BackupCommand::Restore { .. }) => {
            unreachable!("handled before the store is opened")
        }
        Command::Templates {
            command: Some(TemplatesCommand::Import { file }),
        } => {
            let r = eom_interop::import_xlsform(&mut store, &file)?;
            let t = &r.template;
            let what = if r.added {
                "added"
            } else {
                "already in the mission, nothing added"
            };
            out!(
                "{}: template {} v{} \"{}\", {} questions: {what}",
                file.display(),
                t.id,
                t.version,
                t.title("en"),
                t.questions.len()
            );
        }
        Command::Templates {
            command:
                Some(TemplatesCommand::Export {
                    id, version, out, ..
                }),
        } => {
            let s = eom_interop::write_xlsform(&mut store, &id, version, &out)?;
            out!(
                "{}: XLSForm of template {} v{}, {} questions, languages {}",
                out.display(),
                s.id,
                s.version,
                s.questions,
                s.languages.join(", ")
            );
        }
        Command::ImportSubmissions {
            file,
            template,
            version,
            station_field,
            team_field,
        } => {
            let opts = eom_interop::SubmissionOptions {
                template,
                version,
                station_field,
                team_field,
            };
            let r = eom_interop::import_submissions(&mut store, &file, &opts)?;
            out!(
                "{}: {} submission(s) of template {} v{}: {} visit(s) with checklists added, {} imported before",
                file.display(),
                r.submissions,
                r.template,
                r.version,
                r.added,
                r.already
            );
            if !r.drafts.is_empty() {
                out!("{} checklist(s) left as drafts:", r.drafts.len());
                for d in r.drafts.iter().take(20) {
                    out!("  {d}");
                }
                if r.drafts.len() > 20 {
                    out!("  … and {} more", r.drafts.len() - 20);
                }
            }
            if r.photos_left_out > 0 {
                eprintln!(
                    "warning: {} photo answer(s) left out: the CSV holds only the photos' file names",
                    r.photos_left_out
                );
            }
        }
        Command::Templates {
            command: None | Some(TemplatesCommand::List),
        } => {
            for t in store.templates()? {
                out!(
                    "{} v{}\t{}\t{} questions",
                    t.id,
                    t.version,
                    t.phase,
                    t.questions.len()
                );
            }
        }
    }
    Ok(())
}

/// `eom db encrypt|decrypt|rekey`: the file is converted in place, its backups with it.
fn convert(
    command: DbCommand,
    db: &Path,
    key_dir: &Path,
    current: Option<&Passphrase>,
) -> Result<(), Failure> {
    let files = eom_core::encryption::Files {
        db,
        key_dir: Some(key_dir),
    };
    let bar = print::progress("steps");
    let mut progress = |done, total| print::tick(&bar, done, total);
    let needs_current = || {
        current.ok_or_else(|| Failure {
            message:
                "give the current passphrase with --passphrase-file FILE (or EOM_PASSPHRASE_FILE)"
                    .into(),
            code: exit_code(ErrorCode::InvalidInput),
        })
    };
    let report = match command {
        DbCommand::Encrypt {
            new_passphrase_file,
        } => {
            if current.is_some() {
                return Err(Failure {
                    message: format!(
                        "{} is opened with a passphrase already: to change it use `eom db rekey`",
                        db.display()
                    ),
                    code: exit_code(ErrorCode::InvalidInput),
                });
            }
            let new = Passphrase::from_file(&new_passphrase_file)?;
            print::passphrase_hint(&new, &[]);
            eom_core::encryption::encrypt(files, &new, &mut progress)?
        }
        DbCommand::Decrypt => {
            eom_core::encryption::decrypt(files, needs_current()?, &mut progress)?
        }
        DbCommand::Rekey {
            new_passphrase_file,
        } => {
            let new = Passphrase::from_file(&new_passphrase_file)?;
            print::passphrase_hint(&new, &[]);
            eom_core::encryption::rekey(files, needs_current()?, &new, &mut progress)?
        }
    };
    bar.finish_and_clear();
    out!(
        "{}: now {}; {} backup(s) converted with it",
        report.path.display(),
        if report.encrypted {
            "encrypted"
        } else {
            "plaintext (not encrypted)"
        },
        report.backups_converted
    );
    match report.key_sealed {
        Some(true) => out!(
            "the signing key in {} is sealed with the same passphrase",
            key_dir.display()
        ),
        Some(false) => out!(
            "the signing key in {} is in plaintext again",
            key_dir.display()
        ),
        None => {}
    }
    Ok(())
}
