//! Analyst exports (SPEC 5): per template one CSV (one row per checklist, one column per question
//! code) with a labels file, the incidents and the stations visited.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::store::Store;
use crate::templates::label_in;

fn csv_err(p: &Path, e: csv::Error) -> Error {
    Error::io(p, std::io::Error::other(e))
}

fn cell(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| i.to_string())
            })
            .collect::<Vec<_>>()
            .join("|"),
        Some(other) => other.to_string(),
    }
}

impl Store {
    /// Writes the analyst CSVs into `dir` (created if needed) and returns the files written.
    pub fn export_csv(&mut self, dir: &Path) -> Result<Vec<PathBuf>> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let bundle = self.bundle(None)?;
        let langs = bundle.mission.languages.clone();
        let station = |id| bundle.stations.iter().find(|s| s.meta.id == id);
        let team = |id| {
            bundle
                .teams
                .iter()
                .find(|t| t.meta.id == id)
                .map(|t| t.code.clone())
                .unwrap_or_default()
        };
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
            let mut w = csv::Writer::from_path(&path).map_err(|e| csv_err(&path, e))?;
            let mut header = vec![
                "checklist_id",
                "visit_id",
                "station_code",
                "region",
                "team",
                "arrival_at",
                "submitted_at",
                "review_status",
            ];
            header.extend(t.questions.iter().map(|q| q.code.as_str()));
            w.write_record(&header).map_err(|e| csv_err(&path, e))?;
            for c in bundle.checklists.iter().filter(|c| {
                !c.meta.deleted && c.template_id == tid && c.template_version == version
            }) {
                let Some(v) = bundle
                    .visits
                    .iter()
                    .find(|v| v.meta.id == c.visit_id && !v.meta.deleted)
                else {
                    continue;
                };
                let s = station(v.station_id);
                let mut row = vec![
                    c.meta.id.to_string(),
                    v.meta.id.to_string(),
                    s.map(|s| s.code.clone()).unwrap_or_default(),
                    s.map(|s| s.region().to_string()).unwrap_or_default(),
                    team(v.team_id),
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
                w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            }
            w.flush().map_err(|e| Error::io(&path, e))?;
            written.push(path);

            let path = dir.join(format!("checklists_{name}_labels.csv"));
            let mut w = csv::Writer::from_path(&path).map_err(|e| csv_err(&path, e))?;
            let mut header = vec!["code".to_string(), "type".into(), "problem_answers".into()];
            header.extend(langs.iter().map(|l| format!("label_{l}")));
            w.write_record(&header).map_err(|e| csv_err(&path, e))?;
            for q in &t.questions {
                let problems: Vec<String> = q
                    .problem
                    .iter()
                    .cloned()
                    .chain(
                        q.options
                            .iter()
                            .filter(|o| o.problem)
                            .map(|o| o.value.clone()),
                    )
                    .collect();
                let mut row = vec![
                    q.code.clone(),
                    serde_json::to_value(q.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default(),
                    problems.join("|"),
                ];
                row.extend(langs.iter().map(|l| label_in(&q.label, l).to_string()));
                w.write_record(&row).map_err(|e| csv_err(&path, e))?;
            }
            w.flush().map_err(|e| Error::io(&path, e))?;
            written.push(path);
        }

        let path = dir.join("incidents.csv");
        let mut w = csv::Writer::from_path(&path).map_err(|e| csv_err(&path, e))?;
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
        ])
        .map_err(|e| csv_err(&path, e))?;
        let yn = |b: Option<bool>| {
            b.map(|b| if b { "yes" } else { "no" })
                .unwrap_or("")
                .to_string()
        };
        for i in bundle.incidents.iter().filter(|i| !i.meta.deleted) {
            w.write_record([
                i.meta.id.to_string(),
                i.occurred_at.to_string(),
                i.team_id.map(team).unwrap_or_default(),
                i.station_id
                    .and_then(station)
                    .map(|s| s.code.clone())
                    .unwrap_or_default(),
                i.location.to_string(),
                i.category.clone(),
                i.severity.to_string(),
                i.source.to_string(),
                i.description.clone(),
                i.persons.join("|"),
                yn(i.commission_informed),
                yn(i.complaint_filed),
                i.follow_up.to_string(),
            ])
            .map_err(|e| csv_err(&path, e))?;
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
        written.push(path);

        let path = dir.join("stations_visited.csv");
        let mut w = csv::Writer::from_path(&path).map_err(|e| csv_err(&path, e))?;
        w.write_record([
            "station_code",
            "name",
            "region",
            "setting",
            "registered_voters",
            "visits",
            "teams",
            "phases",
        ])
        .map_err(|e| csv_err(&path, e))?;
        let mut by_station: std::collections::BTreeMap<String, (usize, Vec<String>, Vec<String>)> =
            Default::default();
        for v in bundle.visits.iter().filter(|v| !v.meta.deleted) {
            let Some(s) = station(v.station_id) else {
                continue;
            };
            let e = by_station.entry(s.code.clone()).or_default();
            e.0 += 1;
            e.1.push(team(v.team_id));
            e.2.extend(v.phases.iter().map(|p| p.to_string()));
        }
        for (code, (n, mut teams, mut phases)) in by_station {
            teams.sort();
            teams.dedup();
            phases.sort();
            phases.dedup();
            let s = bundle.stations.iter().find(|s| s.code == code);
            w.write_record([
                code.clone(),
                s.map(|s| s.name.clone()).unwrap_or_default(),
                s.map(|s| s.region().to_string()).unwrap_or_default(),
                s.and_then(|s| s.setting)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                s.and_then(|s| s.registered_voters)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                n.to_string(),
                teams.join("|"),
                phases.join("|"),
            ])
            .map_err(|e| csv_err(&path, e))?;
        }
        w.flush().map_err(|e| Error::io(&path, e))?;
        written.push(path);
        Ok(written)
    }
}
