//! Writing and reading records of any type: one generic insert/upsert/load set serves local edits
//! and merge. Each type's columns are in `records.rs`.

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, Row, params_from_iter};
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::error::Result;
use crate::model::*;
pub(crate) use crate::sql::get_uuid;
use crate::sql::{ts, uuid};

const META_COLS: [&str; 6] = [
    "id",
    "created_at",
    "updated_at",
    "revision",
    "device_id",
    "deleted",
];

pub(crate) trait Record: Serialize + DeserializeOwned + Clone {
    /// Name in history entries and messages.
    const KIND: &'static str;
    const TABLE: &'static str;
    /// Columns after the replication columns, in `bind` order.
    const COLS: &'static [&'static str];
    fn meta(&self) -> &RecordMeta;
    fn meta_mut(&mut self) -> &mut RecordMeta;
    fn bind(&self) -> Vec<Sql>;
    /// Builds the record from a row selected with `select_sql`, data columns starting at index 6.
    fn from_row(meta: RecordMeta, row: &Row<'_>) -> rusqlite::Result<Self>;
}

pub(crate) fn meta_from_row(row: &Row<'_>) -> rusqlite::Result<RecordMeta> {
    Ok(RecordMeta {
        id: get_uuid(row, 0)?,
        created_at: row.get(1)?,
        updated_at: row.get(2)?,
        revision: row.get(3)?,
        device_id: get_uuid(row, 4)?,
        deleted: row.get(5)?,
    })
}

fn all_cols<R: Record>() -> Vec<&'static str> {
    META_COLS.iter().chain(R::COLS.iter()).copied().collect()
}

pub(crate) fn select_sql<R: Record>() -> String {
    format!("SELECT {} FROM {}", all_cols::<R>().join(", "), R::TABLE)
}

/// The statements that write a record type, built once per type: a plain insert for a record
/// known to be new, and the upsert for the others.
fn write_sql<R: Record>(is_new: bool) -> &'static str {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Cache = HashMap<&'static str, (&'static str, &'static str)>;
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    let (insert, upsert) = cache.entry(R::TABLE).or_insert_with(|| {
        let cols = all_cols::<R>();
        let insert = build_insert_sql(R::TABLE, &cols);
        let upsert = build_upsert_sql(&insert, &cols);
        (
            Box::leak(insert.into_boxed_str()),
            Box::leak(upsert.into_boxed_str()),
        )
    });
    if is_new { insert } else { upsert }
}

fn build_insert_sql(table: &str, cols: &[&str]) -> String {
    format!(
        "INSERT INTO {table} ({c}) VALUES ({p})",
        c = cols.join(", "),
        p = (1..=cols.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn build_upsert_sql(insert: &str, cols: &[&str]) -> String {
    format!(
        "{insert} ON CONFLICT(id) DO UPDATE SET {u}",
        u = cols[1..]
            .iter()
            .map(|c| format!("{c} = excluded.{c}"))
            .collect::<Vec<_>>()
            .join(", "),
    )
}

/// Inserts the record or overwrites the row with the same id (keeping the row's local keys).
pub(crate) fn upsert<R: Record>(conn: &Connection, r: &R) -> Result<()> {
    write(conn, r, false)
}

/// `upsert`, or a plain insert of a record the caller knows is new (see `write_patched`).
pub(crate) fn write<R: Record>(conn: &Connection, r: &R, is_new: bool) -> Result<()> {
    write_patched(conn, r, is_new, |_| {})
}

/// A local change: the upsert and the entry in this device's hash-chained edit history, in the
/// caller's transaction.
pub(crate) fn save<R: Record>(conn: &Connection, r: &R) -> Result<()> {
    upsert(conn, r)?;
    chain_local(conn, r)
}

/// Appends the entry for a local change to the chain of the device that made it.
pub(crate) fn chain_local<R: Record>(conn: &Connection, r: &R) -> Result<()> {
    use crate::edit_history::{Action, append, content_sha256};
    let m = r.meta();
    append(
        conn,
        m.device_id,
        Action::of_local(m),
        R::KIND,
        m,
        content_sha256(r),
    )
}

/// Writes the record, with the bound values adjusted first by `patch` (derived columns the record
/// does not hold): a plain insert when the caller knows the record is new, the upsert otherwise.
/// An upsert's conflict clause makes SQLite copy every page it touches into a statement journal
/// first, which is most of the cost of a row in a bulk import.
pub(crate) fn write_patched<R: Record>(
    conn: &Connection,
    r: &R,
    is_new: bool,
    patch: impl FnOnce(&mut Vec<Sql>),
) -> Result<()> {
    let sql = write_sql::<R>(is_new);
    let m = r.meta();
    let mut values = vec![
        uuid(&m.id),
        ts(&m.created_at),
        ts(&m.updated_at),
        Sql::Integer(m.revision),
        uuid(&m.device_id),
        Sql::Integer(m.deleted as i64),
    ];
    values.extend(r.bind());
    patch(&mut values);
    conn.prepare_cached(sql)?
        .execute(params_from_iter(values))?;
    Ok(())
}

pub(crate) fn load<R: Record>(conn: &Connection, id: Uuid) -> Result<Option<R>> {
    let sql = format!("{} WHERE id = ?1", select_sql::<R>());
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query([id.to_string()])?;
    match rows.next()? {
        Some(row) => Ok(Some(R::from_row(meta_from_row(row)?, row)?)),
        None => Ok(None),
    }
}

/// Every record of the type, tombstones included, in a stable order.
pub(crate) fn load_where<R: Record>(conn: &Connection, filter: &str) -> Result<Vec<R>> {
    let sql = format!("{} {filter}", select_sql::<R>());
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |row| R::from_row(meta_from_row(row)?, row))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The stored versions of the records in `list` that exist, by id: one scan instead of a query each.
pub(crate) fn load_metas<R: Record>(
    conn: &Connection,
    list: &[R],
) -> Result<std::collections::HashMap<Uuid, RecordMeta>> {
    let mut out = std::collections::HashMap::new();
    if list.is_empty() {
        return Ok(out);
    }
    let wanted: std::collections::HashSet<Uuid, crate::fnv::FnvBuild> =
        list.iter().map(|r| r.meta().id).collect();
    let sql = format!("SELECT {} FROM {}", META_COLS.join(", "), R::TABLE);
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let m = meta_from_row(row)?;
        if wanted.contains(&m.id) {
            out.insert(m.id, m);
        }
    }
    Ok(out)
}
