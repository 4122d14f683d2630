//! The Excel workbook for analysts (SPEC 5, issue 14): a summary sheet with the figures of
//! `eom stats`, one sheet per checklist template version with live checklists, a codebook, the
//! incidents and the stations visited. Sheets and columns are listed in `docs/interop.md`.
//!
//! Every sheet has a bold header row, frozen, an autofilter over its table and column widths from
//! its longest values; cells are typed (numbers, Excel date-times and times in the mission's time
//! zone, text). The public edition leaves out what the public report leaves out.

mod cells;
mod codebook;
mod figures;
mod records;
mod sheets;
mod summary;
pub(crate) mod words;

use std::collections::HashSet;
use std::path::Path;

use eom_core::bundle::Bundle;
use eom_core::stats::{Statistics, StatsFilter};
use eom_core::{Error, Store};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use crate::Edition;
use crate::index::Index;

/// The fixed sheets' names.
pub const SUMMARY: &str = "summary";
pub const CODEBOOK: &str = "codebook";
pub const INCIDENTS: &str = "incidents";
pub const STATIONS_VISITED: &str = "stations_visited";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxOptions {
    /// The language of the codebook's labels and the summary's question and answer labels:
    /// `en`, `ru`, `az` or another of the mission's languages.
    pub lang: String,
    pub edition: Edition,
}

impl Default for XlsxOptions {
    fn default() -> Self {
        XlsxOptions {
            lang: "en".into(),
            edition: Edition::Internal,
        }
    }
}

/// One sheet written: its name and its data rows (the header row not counted).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetSummary {
    pub name: String,
    pub rows: u32,
}

/// The sheets of a workbook, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XlsxSummary {
    pub sheets: Vec<SheetSummary>,
}

/// Writes the workbook of the store's mission to `path` (atomically). The figures are
/// `Store::statistics` with no filter, the records those of `Store::bundle`.
pub fn write_xlsx(
    store: &mut Store,
    opts: &XlsxOptions,
    path: &Path,
) -> Result<XlsxSummary, Error> {
    let statistics = store.statistics(&StatsFilter::default())?;
    let bundle = store.bundle(None)?;
    let (mut workbook, summary) = build(&bundle, &statistics, opts)?;
    // The workbook holds its own copy of every cell: the records go before it is zipped.
    drop(bundle);
    save(&mut workbook, path)?;
    Ok(summary)
}

/// Saves a workbook (this one or an XLSForm) to `path`. The writer needs to seek: the workbook
/// is zipped in memory, then written atomically.
pub(crate) fn save(workbook: &mut Workbook, path: &Path) -> Result<(), Error> {
    let bytes = workbook.save_to_buffer().map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(e),
    })?;
    eom_core::atomic::write_bytes_atomically(path, &bytes)
}

/// The workbook of a bundle and its statistics, before it is saved.
fn build(
    bundle: &Bundle,
    statistics: &Statistics,
    opts: &XlsxOptions,
) -> Result<(Workbook, XlsxSummary), Error> {
    crate::check_lang(&opts.lang, &bundle.mission.languages)?;
    let ix = Index::new(bundle)?;
    build_sheets(&ix, statistics, opts).map_err(|e| Error::Invalid {
        field: "workbook".into(),
        message: e.to_string(),
    })
}

fn build_sheets(
    ix: &Index<'_>,
    statistics: &Statistics,
    opts: &XlsxOptions,
) -> Result<(Workbook, XlsxSummary), XlsxError> {
    let (lang, edition) = (opts.lang.as_str(), opts.edition);
    let mut names = SheetNames::default();
    for fixed in [SUMMARY, CODEBOOK, INCIDENTS, STATIONS_VISITED] {
        names.unique(fixed);
    }
    let groups = sheets::groups(ix);
    let named: Vec<(String, &sheets::Group)> = groups
        .iter()
        .map(|g| (names.unique(&g.base_name()), g))
        .collect();

    let mut written: Vec<(Worksheet, u32)> = Vec::new();
    written.push(summary::write(
        SUMMARY, ix.bundle, statistics, lang, edition,
    )?);
    for (name, g) in &named {
        written.push(sheets::write(name, g, ix, edition)?);
    }
    let for_codebook: Vec<(&str, &sheets::Group)> =
        named.iter().map(|(n, g)| (n.as_str(), *g)).collect();
    written.push(codebook::write(CODEBOOK, &for_codebook, lang)?);
    written.push(records::incidents(INCIDENTS, ix, lang, edition)?);
    written.push(records::stations_visited(STATIONS_VISITED, ix)?);

    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(ix.bundle)?);
    let mut summary = XlsxSummary { sheets: Vec::new() };
    for (mut ws, rows) in written {
        summary.sheets.push(SheetSummary {
            name: ws.name(),
            rows,
        });
        // The summary is the sheet the workbook opens on.
        if summary.sheets.len() == 1 {
            ws.set_active(true);
        }
        workbook.push_worksheet(ws);
    }
    Ok((workbook, summary))
}

/// Title and date of the file: the date is the latest change in the data, so the same database
/// gives the same bytes.
fn properties(bundle: &Bundle) -> Result<DocProperties, XlsxError> {
    let latest = latest_change(bundle);
    let created = ExcelDateTime::from_timestamp(latest.millis().div_euclid(1000))?;
    Ok(DocProperties::new()
        .set_title(&bundle.mission.name)
        .set_subject(&bundle.mission.election_name)
        .set_company(&bundle.mission.organisation)
        .set_creation_datetime(&created))
}

fn latest_change(b: &Bundle) -> eom_core::time::Timestamp {
    let metas = std::iter::once(&b.mission.meta)
        .chain(b.teams.iter().map(|r| &r.meta))
        .chain(b.observers.iter().map(|r| &r.meta))
        .chain(b.stations.iter().map(|r| &r.meta))
        .chain(b.visits.iter().map(|r| &r.meta))
        .chain(b.checklists.iter().map(|r| &r.meta))
        .chain(b.incidents.iter().map(|r| &r.meta))
        .chain(b.attachments.iter().map(|r| &r.meta));
    metas.map(|m| m.updated_at).max().unwrap_or(b.exported_at)
}

/// Sheet names as Excel accepts them: at most 31 characters, none of `[]:*?/\`, not starting
/// or ending with `'`, unique without regard to case, and not `History` (reserved by Excel).
#[derive(Default)]
struct SheetNames {
    taken: HashSet<String>,
}

impl SheetNames {
    fn unique(&mut self, wanted: &str) -> String {
        let clean: String = wanted
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
            .collect();
        let clean = clean.trim_matches('\'');
        let clean = if clean.is_empty() { "sheet" } else { clean };
        let mut n = 1;
        loop {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("~{n}")
            };
            let base: String = clean.chars().take(31 - suffix.chars().count()).collect();
            let name = format!("{base}{suffix}");
            let key = name.to_lowercase();
            if key != "history" && self.taken.insert(key) {
                return name;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut n = SheetNames::default();
        assert_eq!(n.unique("summary"), "summary");
        assert_eq!(n.unique("Summary"), "Summary~2");
        assert_eq!(n.unique("history"), "history~2");
        assert_eq!(n.unique("a/b:c"), "a_b_c");
        assert_eq!(n.unique("'x'"), "x");
        let long = "t".repeat(40);
        assert_eq!(n.unique(&long), "t".repeat(31));
        assert_eq!(n.unique(&long), format!("{}~2", "t".repeat(29)));
        assert_eq!(n.unique("''"), "sheet");
    }
}
