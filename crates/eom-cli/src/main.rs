//! `eom`: the EOM Reporter command line. Parses flags, calls `eom-core`, prints. No logic lives here.

mod integrity;
mod print;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use eom_core::stats::StatsFilter;
use eom_core::time::Clock;
use eom_core::{BackupReason, ErrorCode, NewMission, OpenOptions, Passphrase, Store};

#[derive(Parser)]
#[command(
    name = "eom",
    version,
    about = "EOM Reporter: election observation mission data, offline",
    // `eom --db A verify --db B` checks B: the last --db given wins.
    args_override_self = true
)]
struct Cli {
    /// Mission database file [default: the platform data folder, or $EOM_DB]
    /// (`eom verify --db` without a path checks the default database's history)
    #[arg(long, global = true, value_name = "PATH", num_args = 0..=1, default_missing_value = "")]
    db: Option<PathBuf>,
    /// File holding the database passphrase (one trailing line break is ignored); needed for an
    /// encrypted database, and creates a new database encrypted
    #[arg(long, global = true, value_name = "FILE", env = "EOM_PASSPHRASE_FILE")]
    passphrase_file: Option<PathBuf>,
    /// Folder of this installation's signing key [default: the platform data folder, or $EOM_KEY_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    key_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the mission in a new database
    Init {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long)]
        country: String,
        /// Election name, e.g. "Early presidential election"
        #[arg(long)]
        election: String,
        /// Election day, YYYY-MM-DD
        #[arg(long)]
        date: chrono::NaiveDate,
        /// IANA time zone of the election, e.g. Asia/Baku
        #[arg(long)]
        time_zone: String,
        /// Comma-separated language codes, e.g. en,ru
        #[arg(long, value_delimiter = ',', default_value = "en")]
        languages: Vec<String>,
        /// Accreditation reference of the host election body
        #[arg(long, default_value = "")]
        accreditation: String,
        /// Comma-separated candidates in ballot order
        #[arg(long, value_delimiter = ',')]
        candidates: Vec<String>,
    },
    /// Load the sample mission (SPEC section 10) into the database
    Demo,
    /// Polling stations
    #[command(subcommand)]
    Stations(StationsCommand),
    /// Teams
    #[command(subcommand)]
    Teams(TeamsCommand),
    /// Import (merge) a bundle exported by another installation
    Import {
        bundle: PathBuf,
        /// Show what would be added or updated without changing anything
        #[arg(long)]
        dry_run: bool,
        /// Accept a bundle without a signature (a signature that does not match is always refused)
        #[arg(long)]
        allow_unsigned: bool,
    },
    /// This installation's signing key and the keys it trusts
    #[command(subcommand)]
    Keys(integrity::KeysCommand),
    /// Verify a bundle (signature, signer, history), or without BUNDLE this database's history
    Verify {
        bundle: Option<PathBuf>,
        /// Machine-readable JSON
        #[arg(long)]
        json: bool,
    },
    /// Export the mission: a bundle (json), the analyst CSV files (csv), or the report (pdf, html)
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (json, pdf, html) or folder (csv)
        #[arg(long)]
        out: PathBuf,
        /// Team code recorded as the exporter (json)
        #[arg(long)]
        team: Option<String>,
        /// Report edition (pdf, html): internal (everything) or public (no names, witnesses, photos, notes)
        #[arg(long, default_value = "internal")]
        edition: eom_report::Edition,
        /// Report language (pdf, html): en, ru or az
        #[arg(long, default_value = "en")]
        lang: String,
        /// One page of detail per visit (pdf, internal edition)
        #[arg(long)]
        detail: bool,
    },
    /// Print the mission statistics (SPEC section 4)
    Stats {
        /// Machine-readable JSON (fields documented in docs/statistics.md)
        #[arg(long)]
        json: bool,
        #[arg(long)]
        phase: Option<eom_core::model::Phase>,
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        team: Option<String>,
    },
    /// List the checklist templates in the database
    Templates,
    /// Encryption at rest: convert the database file (close the app first)
    #[command(subcommand)]
    Db(DbCommand),
    /// Backups in the `backups/` folder beside the database
    #[command(subcommand)]
    Backup(BackupCommand),
}

#[derive(Subcommand)]
enum DbCommand {
    /// Encrypt a plaintext database with the passphrase in FILE
    Encrypt {
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: PathBuf,
    },
    /// Decrypt the database (its passphrase from --passphrase-file) into plaintext
    Decrypt,
    /// Change the passphrase (the current one from --passphrase-file)
    Rekey {
        #[arg(long, value_name = "FILE")]
        new_passphrase_file: PathBuf,
    },
}

#[derive(Subcommand)]
enum BackupCommand {
    /// List backups, newest first (the database is not opened)
    List {
        #[arg(long)]
        json: bool,
    },
    /// Take a backup now
    Now,
    /// Replace the database with backup ID (the current file is backed up first); close the app first
    Restore { id: String },
    /// Show or set how many backups are kept
    Keep { count: Option<u32> },
}

#[derive(Subcommand)]
enum StationsCommand {
    /// Import the election administration's station list (CSV)
    Import {
        file: PathBuf,
        /// Import the valid lines and list the invalid ones instead of refusing the file
        #[arg(long)]
        skip_invalid: bool,
    },
    /// List stations (optionally matching a search)
    List {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value = "")]
        search: String,
        #[arg(long, default_value_t = 100_000)]
        limit: usize,
    },
}

#[derive(Subcommand)]
enum TeamsCommand {
    /// Add a team (or change the area of an existing one)
    Add {
        code: String,
        #[arg(long, default_value = "")]
        area: String,
    },
    /// List teams
    List,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Json,
    Csv,
    Pdf,
    Html,
}

/// A failure to report: its message and the exit code of its error code.
struct Failure {
    message: String,
    code: u8,
}

impl Failure {
    /// A failure already reported on standard output (`--json`): only the exit code is left.
    fn silent(code: ErrorCode) -> Self {
        Failure {
            message: String::new(),
            code: exit_code(code),
        }
    }
}

impl From<eom_core::Error> for Failure {
    fn from(e: eom_core::Error) -> Self {
        Failure {
            message: e.to_string(),
            code: exit_code(e.code()),
        }
    }
}

impl From<eom_report::ReportError> for Failure {
    fn from(e: eom_report::ReportError) -> Self {
        match e {
            eom_report::ReportError::Core(core) => core.into(),
            other => Failure {
                message: other.to_string(),
                code: 10,
            },
        }
    }
}

fn exit_code(code: ErrorCode) -> u8 {
    match code {
        ErrorCode::InvalidInput => 2,
        ErrorCode::InvalidFile => 3,
        ErrorCode::Conflict => 4,
        ErrorCode::NotFound => 5,
        ErrorCode::NoMission => 6,
        ErrorCode::NewerDatabase => 7,
        ErrorCode::NotSubmittable => 8,
        ErrorCode::WrongPassphrase => 14,
        ErrorCode::PassphraseRequired => 15,
        ErrorCode::Database | ErrorCode::Io => 10,
        ErrorCode::SignatureMismatch => 11,
        ErrorCode::Unsigned => 12,
        ErrorCode::HistoryBroken => 13,
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let db = cli
        .db
        .clone()
        .filter(|p| !p.as_os_str().is_empty())
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
    };
    // These work on the file without opening a store on it (it may not open, or must be closed).
    let command = match command {
        Command::Db(c) => return convert(c, db, options.passphrase.as_ref()),
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
            println!(
                "{}: restored backup {} ({}); the replaced database is the newest backup",
                db.display(),
                b.id,
                b.reason
            );
            return Ok(());
        }
        other => other,
    };
    let mut store = Store::open_with(db, &options)?;
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
            println!("created mission \"{}\" in {}", m.name, db.display());
        }
        Command::Demo => {
            let report = eom_core::demo::load_sample(&mut store)?;
            let t = report.total();
            println!(
                "sample mission \"{}\" loaded into {}: {} records added, {} already there",
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
            println!(
                "{}: {} added, {} updated, {} unchanged",
                file.display(),
                r.added,
                r.updated,
                r.unchanged
            );
            if !r.skipped.is_empty() {
                println!("{} invalid line(s) skipped:", r.skipped.len());
                for e in &r.skipped {
                    println!("  {e}");
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
            println!("team {} saved", t.code);
        }
        Command::Teams(TeamsCommand::List) => {
            for t in store.teams()? {
                println!("{}\t{}", t.code, t.area);
            }
        }
        Command::Import {
            bundle,
            dry_run,
            allow_unsigned,
        } => {
            let options = eom_core::bundle::ImportOptions { allow_unsigned };
            let report = if dry_run {
                store.preview_bundle_with(&bundle, options)?
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
        Command::Verify { bundle, json } => integrity::verify(&store, db, bundle.as_deref(), json)?,
        Command::Export {
            format: format @ (ExportFormat::Pdf | ExportFormat::Html),
            out,
            edition,
            lang,
            detail,
            ..
        } => {
            let opts = eom_report::ReportOptions {
                edition,
                lang,
                detail,
            };
            if matches!(format, ExportFormat::Pdf) {
                eom_report::write_pdf(&mut store, &opts, &out)?;
            } else {
                eom_report::write_html(&mut store, &opts, &out)?;
            }
            println!(
                "{}: {} edition report ({})",
                out.display(),
                opts.edition,
                opts.lang
            );
        }
        Command::Export {
            format: ExportFormat::Json,
            out,
            team,
            ..
        } => {
            let keys = eom_core::keys::Keys::open(key_dir)?;
            let s = store.export_bundle(&out, team, &keys)?;
            println!(
                "{}: bundle of \"{}\": {} visits, {} checklists, {} incidents, {} stations",
                out.display(),
                s.mission,
                s.visits,
                s.checklists,
                s.incidents,
                s.stations
            );
        }
        Command::Export {
            format: ExportFormat::Csv,
            out,
            ..
        } => {
            for f in store.export_csv(&out)? {
                println!("{}", f.display());
            }
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
        Command::Backup(BackupCommand::Now) => {
            let b = store.backup(BackupReason::Manual)?;
            println!("{}: backup {} ({} bytes)", b.path.display(), b.id, b.size);
        }
        Command::Backup(BackupCommand::Keep { count }) => {
            if let Some(n) = count {
                store.set_backup_keep(n)?;
            }
            println!("keeping the last {} backups", store.backup_keep()?);
        }
        Command::Db(_)
        | Command::Backup(BackupCommand::List { .. } | BackupCommand::Restore { .. }) => {
            unreachable!("handled before the store is opened")
        }
        Command::Templates => {
            for t in store.templates()? {
                println!(
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
fn convert(command: DbCommand, db: &Path, current: Option<&Passphrase>) -> Result<(), Failure> {
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
            eom_core::encryption::encrypt(db, &new)?
        }
        DbCommand::Decrypt => eom_core::encryption::decrypt(db, needs_current()?)?,
        DbCommand::Rekey {
            new_passphrase_file,
        } => {
            let new = Passphrase::from_file(&new_passphrase_file)?;
            eom_core::encryption::rekey(db, needs_current()?, &new)?
        }
    };
    println!(
        "{}: now {}; {} backup(s) converted with it",
        report.path.display(),
        if report.encrypted {
            "encrypted"
        } else {
            "plaintext (not encrypted)"
        },
        report.backups_converted
    );
    Ok(())
}
