//! SQL value codecs: how ids, times, JSON and optional values become SQLite values and come back
//! (UUIDs and times as text). A leaf, so the edit history and the record tables share them without
//! needing each other.

use rusqlite::Row;
use rusqlite::types::Value as Sql;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::time::Timestamp;

pub(crate) fn text(s: &str) -> Sql {
    Sql::Text(s.to_owned())
}
pub(crate) fn uuid(u: &Uuid) -> Sql {
    Sql::Text(u.to_string())
}
pub(crate) fn opt_uuid(u: &Option<Uuid>) -> Sql {
    u.as_ref().map(uuid).unwrap_or(Sql::Null)
}
pub(crate) fn ts(t: &Timestamp) -> Sql {
    Sql::Text(t.to_string())
}
pub(crate) fn opt_ts(t: &Option<Timestamp>) -> Sql {
    t.as_ref().map(ts).unwrap_or(Sql::Null)
}
pub(crate) fn json<T: Serialize>(v: &T) -> Sql {
    Sql::Text(serde_json::to_string(v).unwrap_or_default())
}
pub(crate) fn opt_bool(b: Option<bool>) -> Sql {
    b.map(|b| Sql::Integer(b as i64)).unwrap_or(Sql::Null)
}
pub(crate) fn opt_int(n: Option<u32>) -> Sql {
    n.map(|n| Sql::Integer(n.into())).unwrap_or(Sql::Null)
}
pub(crate) fn opt_str<T: AsRef<str>>(s: Option<T>) -> Sql {
    s.map(|s| text(s.as_ref())).unwrap_or(Sql::Null)
}

pub(crate) fn get_uuid(row: &Row<'_>, i: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(i)?;
    Uuid::parse_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}
pub(crate) fn get_opt_uuid(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<Uuid>> {
    let s: Option<String> = row.get(i)?;
    s.map(|s| {
        Uuid::parse_str(&s).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
        })
    })
    .transpose()
}
pub(crate) fn get_json<T: DeserializeOwned>(row: &Row<'_>, i: usize) -> rusqlite::Result<T> {
    let s: String = row.get(i)?;
    serde_json::from_str(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    })
}
