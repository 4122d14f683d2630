//! The command line, as clap parses it.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::integrity;

#[derive(Parser)]
#[command(
    name = "eom",
    version,
    about = "EOM Reporter: election observation mission data, offline",
    // `eom --db A verify --db B` checks B: the last --db given wins.
    args_override_self = true
)]
pub(crate) struct Cli {
    /// Mission database file [default: the platform data folder, or $EOM_DB]
    /// (`eom verify --db` without a path checks the default database's history)
    // An OsString: clap's PathBuf parser refuses the empty value `--db` alone stands for.
    #[arg(long, global = true, value_name = "PATH", num_args = 0..=1, default_missing_value = "",
          value_parser = clap::builder::OsStringValueParser::new())]
    pub(crate) db: Option<std::ffi::OsString>,
    /// File holding the database passphrase (one trailing line break is ignored); needed for an
    /// encrypted database, and creates a new database encrypted
    #[arg(long, global = true, value_name = "FILE", env = "EOM_PASSPHRASE_FILE")]
    pub(crate) passphrase_file: Option<PathBuf>,
    /// Folder of this installation's signing key [default: the platform data folder, or $EOM_KEY_DIR]
    #[arg(long, global = true, value_name = "DIR")]
    pub(crate) key_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum KitCommand {
    /// Write the kit for one team, signed with this (core) laptop's key
    Export {
        /// The team the kit is for, e.g. T03
        #[arg(long)]
        team: String,
        /// The kit file, e.g. T03.eomkit
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub(crate) enum Command {
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
    /// Load the sample mission (SPEC section 10) into the database, or with --visits a generated
    /// mission of that size (invented data) to try the app at scale
    Demo {
        /// A generated mission of this many visits (three phases each) instead of the sample
        #[arg(long, value_parser = clap::value_parser!(u32).range(101..=100_000))]
        visits: Option<u32>,
    },
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
        /// Accept a bundle without a signature (a signature that does not match is always
        /// refused); its changes count as this laptop's own
        #[arg(long)]
        allow_unsigned: bool,
        /// Accept a bundle signed by a key this database has not enrolled; its changes count as
        /// this laptop's own (enrolling the key is better: `eom keys trust`)
        #[arg(long)]
        allow_unknown_signer: bool,
        /// Accept a bundle whose edit history does not account for its records
        #[arg(long)]
        allow_broken_history: bool,
        /// Import what the signer may change and keep the rest with the replaced versions as refused
        #[arg(long)]
        skip_unauthorized: bool,
    },
    /// Mission kits: what a team laptop needs to join the mission
    #[command(subcommand)]
    Kit(KitCommand),
    /// Join the mission of a kit in a new database: stores the core keys, sets this laptop's team
    Join {
        kit: PathBuf,
        /// The kit signer's fingerprint as the core team read it out; joining stops if it differs
        #[arg(long, value_name = "FINGERPRINT")]
        core_fingerprint: Option<String>,
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
    /// Export the mission: a bundle (json), the analyst CSV files (csv), the report (pdf, html),
    /// the Excel workbook (xlsx), the stations as GeoJSON (geojson) or blank paper forms (forms)
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Output file (json, pdf, html, xlsx, geojson, forms) or folder (csv)
        #[arg(long)]
        out: PathBuf,
        /// Team code recorded as the exporter (json)
        #[arg(long)]
        team: Option<String>,
        /// Report or workbook edition (pdf, html, xlsx): internal (everything) or public (no names,
        /// witnesses, photos, notes)
        #[arg(long, default_value = "internal")]
        edition: eom_report::Edition,
        /// Report, workbook or forms language (pdf, html, xlsx, forms): en, ru or az (xlsx: or
        /// another of the mission's languages; forms: its template labels with English words)
        #[arg(long, default_value = "en")]
        lang: String,
        /// One page of detail per visit (pdf, internal edition)
        #[arg(long)]
        detail: bool,
        /// The report's annex (pdf, html): full (every visit), summary (one line per team) or
        /// none; by default full up to 2,000 visits, summary above
        #[arg(long)]
        annex: Option<eom_report::Annex>,
        /// Write the CSV files without the UTF-8 byte order mark Excel needs to show Cyrillic and
        /// Azerbaijani text (csv)
        #[arg(long)]
        no_bom: bool,
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
    /// This database: mission, encryption, this laptop's team, last export and what was edited
    /// after it (local state, kept out of the statistics and the report)
    Status {
        #[arg(long)]
        json: bool,
    },
    /// Checklist templates: list them, add one from an XLSForm, write one as an XLSForm
    Templates {
        #[command(subcommand)]
        command: Option<TemplatesCommand>,
    },
    /// Add the submissions that ODK Central or KoboToolbox exported as CSV (of a form written by
    /// `eom templates export`) as visits with checklists (docs/xlsform.md)
    ImportSubmissions {
        file: PathBuf,
        /// The template the form was written from
        #[arg(long)]
        template: String,
        /// Its version [default: the newest]
        #[arg(long)]
        version: Option<u32>,
        /// The form's field with the polling station's code
        #[arg(long, default_value = "station_code")]
        station_field: String,
        /// The form's field with the team's code
        #[arg(long, default_value = "team_code")]
        team_field: String,
    },
    /// Encryption at rest: convert the database file (close the app first)
    #[command(subcommand)]
    Db(DbCommand),
    /// Backups in the `backups/` folder beside the database
    #[command(subcommand)]
    Backup(BackupCommand),
}

#[derive(Subcommand)]
pub(crate) enum DbCommand {
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
pub(crate) enum BackupCommand {
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
pub(crate) enum TemplatesCommand {
    /// List the checklist templates in the database (the default)
    List,
    /// Add a custom template from an XLSForm (.xlsx, .xls or .ods; docs/xlsform.md)
    Import { file: PathBuf },
    /// Write a template as an XLSForm for ODK Central or KoboToolbox
    Export {
        id: String,
        /// The template's version [default: the newest]
        #[arg(long)]
        version: Option<u32>,
        #[arg(long, value_enum, default_value = "xlsform")]
        format: TemplateFormat,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TemplateFormat {
    /// survey, choices and settings sheets (docs/xlsform.md)
    Xlsform,
}

#[derive(Subcommand)]
pub(crate) enum StationsCommand {
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
pub(crate) enum TeamsCommand {
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
pub(crate) enum ExportFormat {
    Json,
    Csv,
    Pdf,
    Html,
    /// The Excel workbook (docs/interop.md)
    Xlsx,
    /// The stations with coordinates as a GeoJSON FeatureCollection (docs/interop.md)
    Geojson,
    /// Every checklist template as a blank paper form, PDF (docs/report.md)
    Forms,
}
