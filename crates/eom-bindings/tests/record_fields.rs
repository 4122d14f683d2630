//! Keeps ARCHITECTURE.md's "How to add a field to a record" honest: every field of every record
//! type, as serde writes it (the sample mission's records, exported as a bundle), is
//! (a) a column of the record's table in a freshly migrated database, or stored elsewhere as
//!     listed in `RECORDS` with the reason,
//! (b) a property of the record in `docs/bundle.schema.json`, and
//! (c) a property of the record's type in the generated `ui/src/lib/bindings/types.ts` (unless the
//!     record does not cross to the UI whole, as listed).
//! A field added to a model struct and forgotten in one of those places fails here, by name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use eom_core::Store;
use eom_core::model::AttachmentOwner;
use serde_json::Value;

/// One record type and where its fields go.
struct RecordKind {
    /// The Rust type, also its name in `types.ts`.
    rust: &'static str,
    /// Its member in the bundle's `content` (an array, or the one `mission` object).
    bundle_member: &'static str,
    /// Its definition in `docs/bundle.schema.json`'s `$defs`.
    schema_def: &'static str,
    /// Its SQL table.
    table: &'static str,
    /// Fields that are not a column of `table`, with where they are kept instead.
    stored_elsewhere: &'static [(&'static str, &'static str)],
    /// Why the record has no type in `types.ts`, if it has none.
    no_typescript: Option<&'static str>,
}

const RECORDS: &[RecordKind] = &[
    RecordKind {
        rust: "Mission",
        bundle_member: "mission",
        schema_def: "mission",
        table: "missions",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Team",
        bundle_member: "teams",
        schema_def: "team",
        table: "teams",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Observer",
        bundle_member: "observers",
        schema_def: "observer",
        table: "observers",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Station",
        bundle_member: "stations",
        schema_def: "station",
        table: "stations",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Visit",
        bundle_member: "visits",
        schema_def: "visit",
        table: "visits",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Checklist",
        bundle_member: "checklists",
        schema_def: "checklist",
        table: "checklists",
        // One row per answer, keyed by the checklist's `seq` and the question code
        // (migrations/0003_lean_answers.sql; `store::checklists` writes and reads them).
        stored_elsewhere: &[("answers", "answers")],
        no_typescript: None,
    },
    RecordKind {
        rust: "Incident",
        bundle_member: "incidents",
        schema_def: "incident",
        table: "incidents",
        stored_elsewhere: &[],
        no_typescript: None,
    },
    RecordKind {
        rust: "Attachment",
        bundle_member: "attachments",
        schema_def: "attachment",
        table: "attachments",
        stored_elsewhere: &[],
        // The UI lists `AttachmentInfo` (the record without its bytes) and gets the bytes as a
        // `data:` URL (`attachment_data`): a whole attachment never crosses to the webview.
        no_typescript: Some("AttachmentInfo"),
    },
];

fn repo(path: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Each record type's field names as serde writes them: the union over the sample mission's
/// records (a field skipped when empty, as a station's `kind`, shows on the others), with one
/// attachment added (the sample has none).
fn serde_fields() -> BTreeMap<&'static str, BTreeSet<String>> {
    let mut store = Store::open_in_memory(Arc::new(eom_core::time::SystemClock)).unwrap();
    eom_core::demo::load_sample(&mut store).unwrap();
    let visit = store.visits(None).unwrap()[0].meta.id;
    let png = b"\x89PNG\r\n\x1A\n\0\0\0\rIHDR".to_vec();
    let photo = store
        .attach(AttachmentOwner::Visit, visit, None, "door.png", png)
        .unwrap();
    assert_eq!(photo.media_type, "image/png");
    let bundle = serde_json::to_value(store.bundle(None).unwrap()).unwrap();
    RECORDS
        .iter()
        .map(|r| {
            let records = match &bundle[r.bundle_member] {
                Value::Array(a) => a.clone(),
                one => vec![one.clone()],
            };
            let fields: BTreeSet<String> = records
                .iter()
                .flat_map(|v| v.as_object().unwrap().keys().cloned())
                .collect();
            assert!(!fields.is_empty(), "the sample has no {}", r.rust);
            (r.rust, fields)
        })
        .collect()
}

fn sql_columns(conn: &rusqlite::Connection, table: &str) -> BTreeSet<String> {
    let mut q = conn
        .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
        .unwrap();
    let columns: BTreeSet<String> = q
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!columns.is_empty(), "no table {table}");
    columns
}

fn schema_properties(schema: &Value, def: &str) -> BTreeSet<String> {
    schema["$defs"][def]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("docs/bundle.schema.json has no $defs/{def}/properties"))
        .keys()
        .cloned()
        .collect()
}

/// The text of `export type <name> = …` in `types.ts`, up to the next declaration.
fn ts_declaration<'a>(types_ts: &'a str, name: &str) -> Option<&'a str> {
    let start = types_ts.find(&format!("\nexport type {name} = "))? + 1;
    let rest = &types_ts[start..];
    let end = rest[1..]
        .find("\nexport type ")
        .map_or(rest.len(), |e| e + 1);
    Some(&rest[..end])
}

/// `field: …`, or `field?: …` for a field serde skips when empty (a station's `kind`).
fn ts_has_property(declaration: &str, field: &str) -> bool {
    [" ", "\n", "{"].iter().any(|before| {
        [":", "?:"]
            .iter()
            .any(|after| declaration.contains(&format!("{before}{field}{after}")))
    })
}

/// What is missing where, one line per field and place.
fn missing(
    record: &RecordKind,
    fields: &BTreeSet<String>,
    columns: &BTreeSet<String>,
    schema: &BTreeSet<String>,
    typescript: Option<&str>,
) -> Vec<String> {
    let mut out = Vec::new();
    for f in fields {
        let elsewhere = record.stored_elsewhere.iter().any(|(name, _)| name == f);
        if !columns.contains(f) && !elsewhere {
            out.push(format!(
                "{}.{f}: no column `{f}` in table `{}` (a migration and store/records.rs) and not listed as stored elsewhere",
                record.rust, record.table
            ));
        }
        if !schema.contains(f) {
            out.push(format!(
                "{}.{f}: not a property of $defs/{} in docs/bundle.schema.json",
                record.rust, record.schema_def
            ));
        }
        if let Some(ts) = typescript
            && !ts_has_property(ts, f)
        {
            out.push(format!(
                "{}.{f}: not in the TypeScript type (UPDATE_BINDINGS=1 cargo test -p eom-bindings)",
                record.rust
            ));
        }
    }
    out
}

#[test]
fn every_record_field_reaches_sql_the_bundle_schema_and_typescript() {
    let fields = serde_fields();
    let conn = eom_core::db::open_in_memory().unwrap();
    let schema: Value = serde_json::from_str(&repo("docs/bundle.schema.json")).unwrap();
    let types_ts = repo("ui/src/lib/bindings/types.ts");
    let mut problems = Vec::new();
    for r in RECORDS {
        let typescript = match r.no_typescript {
            None => Some(
                ts_declaration(&types_ts, r.rust)
                    .unwrap_or_else(|| panic!("types.ts declares no {}", r.rust)),
            ),
            Some(instead) => {
                assert!(
                    ts_declaration(&types_ts, r.rust).is_none(),
                    "{} is in types.ts now: remove its `no_typescript`",
                    r.rust
                );
                assert!(ts_declaration(&types_ts, instead).is_some());
                None
            }
        };
        for (name, _) in r.stored_elsewhere {
            assert!(
                fields[r.rust].contains(*name),
                "{}.{name} is listed as stored elsewhere but is no field",
                r.rust
            );
        }
        problems.extend(missing(
            r,
            &fields[r.rust],
            &sql_columns(&conn, r.table),
            &schema_properties(&schema, r.schema_def),
            typescript,
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check finds a field that reached none of the three places, and one that missed one.
#[test]
fn a_field_added_only_to_the_struct_is_reported_in_each_place() {
    let schema: Value = serde_json::from_str(&repo("docs/bundle.schema.json")).unwrap();
    let types_ts = repo("ui/src/lib/bindings/types.ts");
    let conn = eom_core::db::open_in_memory().unwrap();
    let team = &RECORDS[1];
    let mut fields: BTreeSet<String> = ["id", "code", "area"].map(String::from).into();
    let (columns, properties) = (
        sql_columns(&conn, team.table),
        schema_properties(&schema, team.schema_def),
    );
    let ts = ts_declaration(&types_ts, "Team").unwrap();
    assert!(missing(team, &fields, &columns, &properties, Some(ts)).is_empty());

    fields.insert("radio_channel".into());
    let found = missing(team, &fields, &columns, &properties, Some(ts));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("no column `radio_channel` in table `teams`"));
    assert!(found[1].contains("$defs/team"));
    assert!(found[2].contains("TypeScript"));

    // In the database and the schema, but not yet in the TypeScript type.
    let mut columns = columns;
    let mut properties = properties;
    columns.insert("radio_channel".into());
    properties.insert("radio_channel".into());
    let found = missing(team, &fields, &columns, &properties, Some(ts));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("Team.radio_channel: not in the TypeScript type"));
}
