//! Polling stations: the import of the election administration's list, listing and search.

use std::path::Path;

use serde::Serialize;
use uuid::Uuid;

use super::Store;
use super::rows;
use crate::error::{Error, LineError, Result};
use crate::model::{RecordMeta, Station};
use crate::stations_csv::{self, StationRow};

/// Stations are identified by their official code, so two laptops importing the same list create
/// the same records and their visits merge.
const STATION_NAMESPACE: Uuid = Uuid::from_u128(0x0d9e_51a7_3b6c_4f21_a8e4_52c1_9b7d_33e0);

pub fn station_id_for(code: &str) -> Uuid {
    Uuid::new_v5(&STATION_NAMESPACE, code.trim().as_bytes())
}

#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Lines left out with `skip_invalid`.
    pub skipped: Vec<LineError>,
    /// How the header columns were understood (column → field).
    pub mapping: Vec<(String, String)>,
}

impl Store {
    /// Imports a station list. Any invalid line refuses the whole file (nothing imported) unless
    /// `skip_invalid`, which imports the valid lines and reports the others.
    pub fn import_stations_csv(
        &mut self,
        path: &Path,
        skip_invalid: bool,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<StationImportReport> {
        self.mission()?;
        let data =
            crate::limits::read_file(path, crate::limits::MAX_STATIONS_CSV_BYTES, "station list")?;
        let parsed = stations_csv::parse(&data);
        // No valid line at all (a broken header, an unclosed quote): nothing to skip to.
        let header_broken = parsed.rows.is_empty();
        if !parsed.errors.is_empty() && (!skip_invalid || header_broken) {
            return Err(Error::CsvInvalid {
                path: path.to_path_buf(),
                count: parsed.errors.len(),
                errors: parsed.errors,
            });
        }
        self.backup_before_import()?;
        let mut report = StationImportReport {
            skipped: parsed.errors,
            mapping: parsed.mapping,
            ..Default::default()
        };
        let total = parsed.rows.len() as u64;
        let meta = self.new_meta();
        let device = self.device_id();
        let now = self.now();
        self.write(|tx| {
            for (i, row) in parsed.rows.iter().enumerate() {
                let id = station_id_for(&row.code);
                match rows::load::<Station>(tx, id)? {
                    Some(mut existing) => {
                        if same_content(&existing, row) && !existing.meta.deleted {
                            report.unchanged += 1;
                        } else {
                            fill(&mut existing, row);
                            existing.meta.deleted = false;
                            existing.meta.revision += 1;
                            existing.meta.updated_at = now.max(existing.meta.updated_at);
                            existing.meta.device_id = device;
                            rows::save(tx, &existing)?;
                            report.updated += 1;
                        }
                    }
                    None => {
                        let mut s = Station {
                            meta: RecordMeta { id, ..meta.clone() },
                            code: String::new(),
                            name: String::new(),
                            address: String::new(),
                            admin_levels: Vec::new(),
                            setting: None,
                            station_type: None,
                            registered_voters: None,
                            latitude: None,
                            longitude: None,
                            kind: Default::default(),
                        };
                        fill(&mut s, row);
                        rows::save(tx, &s)?;
                        report.added += 1;
                    }
                }
                if i % 500 == 0 || i as u64 + 1 == total {
                    progress(i as u64 + 1, total);
                }
            }
            Ok(())
        })?;
        Ok(report)
    }

    /// The stations with these ids, tombstones included (an incident may name a station removed
    /// since), in no particular order; ids of no station are left out. A screen asks for the
    /// stations its rows name, never for the whole list (10,000 stations in a domestic network).
    pub fn stations_by_id(&self, ids: &[Uuid]) -> Result<Vec<Station>> {
        let mut found = Vec::with_capacity(ids.len());
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        for id in ids {
            if seen.insert(*id)
                && let Some(s) = rows::load::<Station>(&self.conn, *id)?
            {
                found.push(s);
            }
        }
        Ok(found)
    }

    /// Stations matching `query` (code, name, address or any administrative level; empty = all),
    /// ordered by code, at most `limit`.
    pub fn stations(&self, query: &str, limit: usize) -> Result<Vec<Station>> {
        let q = query.trim();
        if q.is_empty() {
            return rows::load_where(
                &self.conn,
                &format!("WHERE deleted = 0 ORDER BY code LIMIT {limit}"),
            );
        }
        let pattern = format!(
            "%{}%",
            q.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let sql = format!(
            "{} WHERE deleted = 0 AND (code LIKE ?1 ESCAPE '\\' OR name LIKE ?1 ESCAPE '\\' \
             OR address LIKE ?1 ESCAPE '\\' OR admin_levels LIKE ?1 ESCAPE '\\') \
             ORDER BY (code = ?2) DESC, code LIMIT {limit}",
            rows::select_sql::<Station>()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found = stmt.query_map(rusqlite::params![pattern, q], |row| {
            use super::rows::Record;
            let meta = rows::meta_from_row(row)?;
            Station::from_row(meta, row)
        })?;
        Ok(found.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn station_by_code(&self, code: &str) -> Result<Station> {
        self.require::<Station>(station_id_for(code))
            .map_err(|_| Error::NotFound {
                kind: "polling station",
                id: code.to_string(),
            })
    }

    pub fn station_count(&self) -> Result<u64> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM stations WHERE deleted = 0", [], |r| {
                r.get::<_, i64>(0)
            })? as u64)
    }
}

fn fill(s: &mut Station, row: &StationRow) {
    s.code = row.code.clone();
    s.name = row.name.clone();
    s.address = row.address.clone();
    s.admin_levels = row.admin_levels.clone();
    s.setting = row.setting;
    s.station_type = row.station_type;
    s.registered_voters = row.registered_voters;
    s.latitude = row.latitude;
    s.longitude = row.longitude;
    s.kind = row.kind;
}

fn same_content(s: &Station, row: &StationRow) -> bool {
    let mut copy = s.clone();
    fill(&mut copy, row);
    copy == *s
}
