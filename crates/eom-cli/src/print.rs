//! Terminal output: tables for people, JSON for scripts, progress bars only on a terminal.

/// Writes one line to stdout. A reader that went away (`eom stats | head -1`) ends the command
/// quietly with status 0, as `cat` or `ripgrep` do; any other write error is reported.
macro_rules! out {
    () => { $crate::print::line(format_args!("")) };
    ($($arg:tt)*) => { $crate::print::line(format_args!($($arg)*)) };
}
pub(crate) use out;

pub fn line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|_| stdout.write_all(b"\n")) {
        // Windows says a closed pipe with ERROR_NO_DATA (232, Rust's BrokenPipe) or, under wine,
        // ERROR_PIPE_NOT_CONNECTED (233).
        if e.kind() == std::io::ErrorKind::BrokenPipe
            || (cfg!(windows) && e.raw_os_error() == Some(233))
        {
            std::process::exit(0);
        }
        eprintln!("error: writing the output: {e}");
        std::process::exit(1);
    }
}

use std::path::Path;

use eom_core::BundleVerification;
use eom_core::bundle::{ImportReport, JoinReport, KitSummary, SignerReport};
use eom_core::model::Station;
use eom_core::stats::{REPORTED_PHASES, Statistics};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub fn progress(unit: &str) -> ProgressBar {
    // indicatif draws nothing when stderr is not a terminal, so piped output stays clean.
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&format!("{{bar:40}} {{pos}}/{{len}} {unit}")) {
        bar.set_style(style);
    }
    bar
}

pub fn tick(bar: &ProgressBar, done: u64, total: u64) {
    bar.set_length(total);
    bar.set_position(done);
}

/// Warns on stderr when a passphrase chosen for a database is easy to guess (a hint, not a rule).
pub fn passphrase_hint(passphrase: &eom_core::Passphrase, context: &[&str]) {
    let s = eom_core::strength::passphrase_strength(passphrase.as_str(), context);
    if !s.strong_enough {
        let why = s.warning.map(|w| format!(": {w}")).unwrap_or_default();
        eprintln!(
            "warning: the passphrase is weak (strength {} of 4, guessed in {}){why}",
            s.score, s.crack_time
        );
    }
}

pub fn json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => out!("{s}"),
        Err(e) => eprintln!("error: {e}"),
    }
}

pub fn stations(list: &[Station]) {
    out!(
        "{:<10} {:<32} {:<16} {:<7} {:>8}",
        "CODE",
        "NAME",
        "REGION",
        "SETTING",
        "VOTERS"
    );
    for s in list {
        out!(
            "{:<10} {:<32} {:<16} {:<7} {:>8}",
            s.code,
            truncate(&s.name, 32),
            truncate(s.region(), 16),
            s.setting.map(|x| x.to_string()).unwrap_or_default(),
            s.registered_voters
                .map(|n| n.to_string())
                .unwrap_or_default()
        );
    }
    out!("{} station(s)", list.len());
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

pub fn import_report(path: &Path, r: &ImportReport) {
    let verb = if r.applied {
        "imported"
    } else {
        "would import (dry run, nothing changed)"
    };
    out!(
        "{}: {verb} bundle of \"{}\"",
        path.display(),
        r.summary.mission
    );
    if let Some(team) = &r.exported_by_team {
        out!("  exported by team {team}");
    }
    out!("  {}", signer_line(r.signer.as_ref()));
    if let Some(b) = &r.history_break {
        out!(
            "  the edit history in this bundle does not account for its records ({b}): they were changed outside EOM Reporter on the laptop that exported it. `eom verify {}` says more",
            path.display()
        );
    }
    if !r.unauthorized.is_empty() {
        out!(
            "  {} change(s) the signer is not allowed to make:",
            r.unauthorized.len()
        );
        for c in &r.unauthorized {
            out!("    {c}");
        }
    }
    out!(
        "  {:<12} {:>7} {:>8} {:>10} {:>11} {:>8}",
        "",
        "added",
        "updated",
        "unchanged",
        "kept local",
        "refused"
    );
    for (kind, c) in &r.kinds {
        out!(
            "  {:<12} {:>7} {:>8} {:>10} {:>11} {:>8}",
            kind,
            c.added,
            c.updated,
            c.unchanged,
            c.kept_local,
            c.refused
        );
    }
}

pub fn kit_summary(path: &Path, k: &KitSummary) {
    out!(
        "{}: kit for team {} ({} stations, {} teams, {} observers)",
        path.display(),
        k.team,
        k.stations,
        k.teams,
        k.observers
    );
    out!("  core keys it carries (read the fingerprint out to the team when they join):");
    for key in &k.core_keys {
        out!("    {}  {}", key.fingerprint, key.name);
    }
}

pub fn join_report(db: &Path, r: &JoinReport) {
    out!(
        "{}: joined the mission \"{}\" as team {}",
        db.display(),
        r.mission,
        r.team
    );
    out!(
        "  the kit is signed by {} ({}): compare it with what the core team reads out",
        r.signed_by.fingerprint,
        r.signed_by.name
    );
    for key in &r.core_keys {
        out!("  core key stored: {}  {}", key.fingerprint, key.name);
    }
    out!(
        "  this laptop's fingerprint, to read back to the core team: {}",
        r.laptop_fingerprint
    );
}

pub fn stats(s: &Statistics) {
    let c = &s.coverage;
    out!(
        "{}{}",
        s.mission,
        if s.is_sample {
            " — sample data, invented for demonstration"
        } else {
            ""
        }
    );
    out!();
    out!("COVERAGE");
    out!(
        "  teams {}, observers {}, visits {}",
        c.teams,
        c.observers,
        c.visits
    );
    out!(
        "  stations visited {} of {} ({})",
        c.stations_visited,
        c.stations_total,
        c.stations_visited_display
    );
    let phases: Vec<String> = REPORTED_PHASES
        .iter()
        .map(|p| format!("{p} {}", c.checklists.get(p.as_str()).copied().unwrap_or(0)))
        .collect();
    out!("  checklists: {}", phases.join(", "));
    out!(
        "  time observing: {} h {:02} min",
        c.observing_minutes / 60,
        c.observing_minutes % 60
    );
    for g in &c.by_region {
        out!(
            "    {:<20} {:>4} of {:>5} stations visited, {:>4} visits",
            g.group,
            g.stations_visited,
            g.stations_total,
            g.visits
        );
    }
    out!();
    out!("ASSESSMENTS            very good   good   bad  very bad  total  assessed negatively");
    // Tabulation appears when a commission was observed.
    let tabulation = [eom_core::model::Phase::Tabulation];
    for phase in REPORTED_PHASES
        .iter()
        .chain(&tabulation)
        .map(|p| p.as_str())
    {
        let Some(a) = s.assessments.get(phase) else {
            continue;
        };
        out!(
            "  {:<20} {:>9} {:>6} {:>5} {:>9} {:>6}  {} ({})",
            phase,
            a.very_good,
            a.good,
            a.bad,
            a.very_bad,
            a.total,
            a.negative,
            a.negative_display
        );
    }
    let t = &s.tabulation;
    if t.commissions_total > 0 || t.visits > 0 {
        out!();
        out!("TABULATION (election commissions)");
        out!(
            "  commissions observed: {} of {} ({}), {} visits",
            t.commissions_observed,
            t.commissions_total,
            t.commissions_observed_display,
            t.visits
        );
        out!(
            "  assessed negatively in {} of {} commissions assessed ({})",
            t.commissions_negative,
            t.commissions_assessed,
            t.commissions_negative_display
        );
    }
    out!();
    out!("PROBLEMS (share of answered, not observed excluded)");
    let mut phase = None;
    for p in s.problems.iter().filter(|p| p.problem > 0) {
        if phase != Some(p.phase) {
            out!("  {}", p.phase);
            phase = Some(p.phase);
        }
        out!(
            "    {:<5} {:>10}  {}",
            p.code,
            p.display,
            truncate(&p.question, 80)
        );
    }
    let clean = s.problems.iter().filter(|p| p.problem == 0).count();
    out!("  ({clean} flagged questions with no problem answer)");
    out!();
    out!(
        "PROTOCOL RECONCILIATION FAILURES: {}",
        s.protocol_failures.len()
    );
    for f in &s.protocol_failures {
        out!("  station {} ({}): {}", f.station_code, f.team, f.message);
    }
    out!("TURNOUT FLAGS: {}", s.turnout_flags.len());
    for f in &s.turnout_flags {
        out!("  station {}: {} — {}", f.station_code, f.kind, f.detail);
    }
    out!();
    let i = &s.incidents;
    out!("INCIDENTS: {}", i.total);
    for (k, n) in &i.by_severity {
        out!("  {k}: {n}");
    }
    for (k, n) in &i.by_category {
        out!("  {k}: {n}");
    }
    out!();
    let w = &s.women;
    out!(
        "WOMEN: {} of {} commission members present ({}; checklists that recorded both figures); chairs {}",
        w.members_women,
        w.members_present,
        w.members_women_display,
        w.chairs_women_display
    );
    let d = &s.data_quality;
    out!(
        "DATA QUALITY: {} of {} checklists incomplete; {} of {} answers not observed",
        d.checklists_incomplete,
        d.checklists_total,
        d.answers_not_observed,
        d.answers_total
    );
}

/// Backups, newest first: id, time, reason, size, check.
pub fn backups(list: &[eom_core::BackupInfo]) {
    if list.is_empty() {
        out!("no backups yet");
        return;
    }
    for b in list {
        out!(
            "{}\t{}\t{}\t{:.1} MB\t{}",
            b.id,
            b.taken_at,
            b.reason,
            b.size as f64 / 1e6,
            if b.ok { "ok" } else { "FAILED check" }
        );
    }
}
/// "signed by … (trusted as …)" or what is missing, for imports and `eom verify`.
pub fn signer_line(s: Option<&SignerReport>) -> String {
    match s {
        Some(s) => match (&s.trusted_as, &s.enrolment) {
            (Some(name), Some(e)) => format!(
                "signed by {} (enrolled: {name}, {e}) at {}",
                s.fingerprint, s.signed_at
            ),
            (Some(name), None) => format!(
                "signed by {} (known as {name} but not enrolled for a team: `eom keys trust {} --name \"{name}\" --team CODE`) at {}",
                s.fingerprint, s.fingerprint, s.signed_at
            ),
            (None, _) => format!(
                "signed by {} (unknown key: `eom keys trust {} --name NAME --team CODE` once you have compared the fingerprint with the team) at {}",
                s.fingerprint, s.fingerprint, s.signed_at
            ),
        },
        None => "not signed: who wrote it and whether it was changed cannot be checked".into(),
    }
}

pub fn verification(path: &Path, v: &BundleVerification) {
    let s = &v.summary;
    out!(
        "{}: bundle of \"{}\" (format version {})",
        path.display(),
        s.mission,
        v.format_version
    );
    out!("  {}", signer_line(v.signer.as_ref()));
    if let Some(at) = s.exported_at {
        out!("  exported at {at}");
    }
    out!(
        "  records: {} teams, {} observers, {} stations, {} visits, {} checklists ({} answers), {} incidents, {} attachments",
        s.teams,
        s.observers,
        s.stations,
        s.visits,
        s.checklists,
        s.answers,
        s.incidents,
        s.attachments
    );
    let h = &v.history;
    match &h.first_break {
        None => out!(
            "  history chain intact: {} entries in {} device chain(s), {} records checked",
            h.entries,
            h.chains.len(),
            h.records_checked
        ),
        Some(b) => out!(
            "  history chain broken: {b} ({} problem(s) in all)",
            h.breaks
        ),
    }
    // The library's verdict (`BundleVerification::verdict`), in words.
    let verdict = match v.verdict() {
        Ok(()) => "valid: the signature matches and the history is intact",
        Err(eom_core::ErrorCode::Unsigned) => "NOT VALID: the bundle is not signed",
        Err(_) => "NOT VALID: the edit history is broken",
    };
    out!("verdict: {verdict}");
}
