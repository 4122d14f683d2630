//! Analyst exports (SPEC 5): per template one CSV (one row per checklist, one column per question
//! code) with a labels file, the incidents and the stations visited.
//!
//! The files are opened in spreadsheets, so text that came from outside (answers, names, station
//! lists, templates from bundles) is neutralised against formula injection ([`neutralise`]); each
//! file is written atomically (temporary file, synced, renamed) and, by default, starts with a
//! UTF-8 byte order mark so Excel reads Cyrillic and Azerbaijani text correctly.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Station, Visit};
use crate::store::Store;
use crate::templates::label_in;
use uuid::Uuid;

/// How the analyst CSVs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvOptions {
    /// Start each file with the UTF-8 byte order mark (EF BB BF). Without it Excel reads UTF-8
    /// as the local code page and shows Cyrillic and Azerbaijani letters garbled; other tools may
    /// prefer the file without it.
    pub bom: bool,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { bom: true }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A text cell as it is safe to open in a spreadsheet (OWASP "CSV injection"): text beginning
/// with `=`, `+`, `-`, `@`, a tab or a carriage return would be read as a formula, so it gets a
/// leading `'`, which spreadsheets show as text and do not evaluate. Other text is unchanged.
/// Only for text: numbers the export writes itself (counts, number answers) are not passed here.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// [`neutralise`]d, as an owned cell.
fn text(s: impl AsRef<str>) -> String {
    neutralise(s.as_ref()).into_owned()
}

/// An answer's cell: numbers and booleans as written, text (and multiple choices joined by `|`)
/// neutralised.
fn cell(v: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::String(s)) => text(s),
        Some(Value::Array(items)) => text(
            items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| i.to_string())
                })
                .collect::<Vec<_>>()
                .join("|"),
        ),
        Some(other) => text(other.to_string()),
    }
}

/// Writes one CSV file atomically: `rows` writes the records into a temporary file beside `path`
/// (after the BOM if asked for), which is synced and renamed over `path` only if all went well.
fn write_csv(
    path: &Path,
    options: CsvOptions,
    rows: impl FnOnce(&mut csv::Writer<&mut dyn Write>) -> csv::Result<()>,
) -> Result<()> {
    crate::atomic::write_atomically(path, |out| {
        if options.bom {
            out.write_all(BOM)?;
        }
        let mut w = csv::Writer::from_writer(out);
        rows(&mut w)?;
        w.flush()
    })
}

impl Store {
    /// Writes the analyst CSVs into `dir` (created if needed) and returns the files written.
    pub fn export_csv(&mut self, dir: &Path, options: CsvOptions) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let bundle = self.bundle(None)?;
        let langs = bundle.mission.languages.clone();
        // Records by id, looked up once per row (a 20,000-visit mission has 60,000 checklists).
        let stations: HashMap<Uuid, &Station> =
            bundle.stations.iter().map(|s| (s.meta.id, s)).collect();
        let team_codes: HashMap<Uuid, &str> = bundle
            .teams
            .iter()
            .map(|t| (t.meta.id, t.code.as_str()))
            .collect();
        let live_visits: HashMap<Uuid, &Visit> = bundle
            .visits
            .iter()
            .filter(|v| !v.meta.deleted)
            .map(|v| (v.meta.id, v))
            .collect();
        let station = |id: Uuid| stations.get(&id).copied();
        let team = |id: Uuid| team_codes.get(&id).copied().unwrap_or_default();
        let mut written = Vec::new();

        let mut template_ids: Vec<(String, u32)> = bundle
            .checklists
            .iter()
            .map(|c| (c.template_id.clone(), c.template_version))
            .collect();
        template_ids.sort();
        template_ids.dedup();
        for (tid, version) in template_ids {
            let Some(t) = bundle
                .templates
                .iter()
                .find(|t| t.id == tid && t.version == version)
            else {
                continue;
            };
            let name = if version == 1 {
                tid.clone()
            } else {
                format!("{tid}_v{version}")
            };
            let path = dir.join(format!("checklists_{name}.csv"));
            write_csv(&path, options, |w| {
                let mut header: Vec<String> = [
                    "checklist_id",
                    "visit_id",
                    "station_code",
                    "region",
                    "team",
                    "arrival_at",
                    "submitted_at",
                    "review_status",
                ]
                .map(String::from)
                .into();
                header.extend(t.questions.iter().map(|q| text(&q.code)));
                w.write_record(&header)?;
                for c in bundle.checklists.iter().filter(|c| {
                    !c.meta.deleted && c.template_id == tid && c.template_version == version
                }) {
                    let Some(v) = live_visits.get(&c.visit_id) else {
                        continue;
                    };
                    let s = station(v.station_id);
                    let mut row = vec![
                        c.meta.id.to_string(),
                        v.meta.id.to_string(),
                        s.map(|s| text(&s.code)).unwrap_or_default(),
                        s.map(|s| text(s.region())).unwrap_or_default(),
                        text(team(v.team_id)),
                        v.arrival_at.to_string(),
                        c.submitted_at.map(|t| t.to_string()).unwrap_or_default(),
                        c.review_status.to_string(),
                    ];
                    let shown = t.shown_codes(&c.answers);
                    row.extend(t.questions.iter().map(|q| {
                        if shown.contains(q.code.as_str()) {
                            cell(c.answers.get(&q.code))
                        } else {
                            String::new()
                        }
                    }));
                    w.write_record(&row)?;
                }
                Ok(())
            })?;
            written.push(path);

            let path = dir.join(format!("checklists_{name}_labels.csv"));
            write_csv(&path, options, |w| {
                let mut header = vec!["code".to_string(), "type".into(), "problem_answers".into()];
                header.extend(langs.iter().map(|l| text(format!("label_{l}"))));
                w.write_record(&header)?;
                for q in &t.questions {
                    let mut row = vec![
                        text(&q.code),
                        serde_json::to_value(q.kind)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                        text(q.problem_answers().join("|")),
                    ];
                    row.extend(langs.iter().map(|l| text(label_in(&q.label, l))));
                    w.write_record(&row)?;
                }
                Ok(())
            })?;
            written.push(path);
        }

        let path = dir.join("incidents.csv");
        let yn = |b: Option<bool>| {
            b.map(|b| if b { "yes" } else { "no" })
                .unwrap_or("")
                .to_string()
        };
        write_csv(&path, options, |w| {
            w.write_record([
                "incident_id",
                "occurred_at",
                "team",
                "station_code",
                "location",
                "category",
                "severity",
                "source",
                "description",
                "persons",
                "commission_informed",
                "complaint_filed",
                "follow_up",
            ])?;
            for i in bundle.incidents.iter().filter(|i| !i.meta.deleted) {
                w.write_record([
                    i.meta.id.to_string(),
                    i.occurred_at.to_string(),
                    i.team_id.map(|t| text(team(t))).unwrap_or_default(),
                    i.station_id
                        .and_then(station)
                        .map(|s| text(&s.code))
                        .unwrap_or_default(),
                    i.location.to_string(),
                    text(&i.category),
                    i.severity.to_string(),
                    i.source.to_string(),
                    text(&i.description),
                    text(i.persons.join("|")),
                    yn(i.commission_informed),
                    yn(i.complaint_filed),
                    i.follow_up.to_string(),
                ])?;
            }
            Ok(())
        })?;
        written.push(path);

        let path = dir.join("stations_visited.csv");
        // Per station visited, by code: the station, its live visits, their teams and phases.
        type Seen<'a> = (&'a Station, usize, Vec<&'a str>, Vec<String>);
        let mut by_station: BTreeMap<&str, Seen> = BTreeMap::new();
        for v in bundle.visits.iter().filter(|v| !v.meta.deleted) {
            let Some(s) = station(v.station_id) else {
                continue;
            };
            let e = by_station
                .entry(s.code.as_str())
                .or_insert_with(|| (s, 0, Vec::new(), Vec::new()));
            e.1 += 1;
            e.2.push(team(v.team_id));
            e.3.extend(v.phases.iter().map(|p| p.to_string()));
        }
        let number = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
        write_csv(&path, options, |w| {
            w.write_record([
                "station_code",
                "name",
                "region",
                "setting",
                "registered_voters",
                "visits",
                "teams",
                "phases",
                "kind",
                "latitude",
                "longitude",
            ])?;
            for (code, (s, n, mut teams, mut phases)) in by_station {
                teams.sort();
                teams.dedup();
                phases.sort();
                phases.dedup();
                w.write_record([
                    text(code),
                    text(&s.name),
                    text(s.region()),
                    s.setting.map(|x| x.to_string()).unwrap_or_default(),
                    s.registered_voters
                        .map(|x| x.to_string())
                        .unwrap_or_default(),
                    n.to_string(),
                    text(teams.join("|")),
                    phases.join("|"),
                    s.kind.to_string(),
                    number(s.latitude),
                    number(s.longitude),
                ])?;
            }
            Ok(())
        })?;
        written.push(path);
        Ok(written)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn formula_triggers_get_a_leading_quote() {
        for (raw, safe) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1", "'+1"),
            ("-x", "'-x"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\r=1", "'\r=1"),
        ] {
            assert_eq!(neutralise(raw), safe);
        }
    }

    #[test]
    fn other_text_is_unchanged_and_not_copied() {
        for raw in [
            "",
            "ok",
            "a=b",
            " =1",
            "'=1",
            "Bakı",
            "Избирательный",
            "12",
            "1-2",
        ] {
            assert!(
                matches!(neutralise(raw), Cow::Borrowed(s) if s == raw),
                "{raw}"
            );
        }
    }

    #[test]
    fn answer_cells_neutralise_text_but_not_numbers() {
        assert_eq!(cell(Some(&json!(-3))), "-3");
        assert_eq!(cell(Some(&json!(2.5))), "2.5");
        assert_eq!(cell(Some(&json!(true))), "true");
        assert_eq!(cell(Some(&json!("-3"))), "'-3");
        assert_eq!(cell(Some(&json!("=1+1"))), "'=1+1");
        assert_eq!(cell(Some(&json!(["@a", "b"]))), "'@a|b");
        assert_eq!(cell(Some(&json!(["a", "=b"]))), "a|=b");
        assert_eq!(cell(None), "");
        assert_eq!(cell(Some(&json!(null))), "");
    }
}
