//! The bad-input table (docs/security.md, "Fuzzing and bad input"): every file an observer or a
//! stranger could hand the program, each refused with a message that says what is wrong and where,
//! with the database unchanged (compared by a dump of every table), no panic, and memory bounded by
//! the documented size limits.

mod common;

use std::io::Write;
use std::path::Path;
use std::sync::OnceLock;

use eom_core::bundle::ImportReport;
use eom_core::limits::{
    MAX_BUNDLE_BYTES, MAX_BUNDLE_TEXT_BYTES, MAX_CSV_FIELD_BYTES, MAX_STATIONS_CSV_BYTES,
};
use eom_core::templates::Template;
use eom_core::{Error, ErrorCode, Result};
use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The one place a bundle is imported. When bundles get signatures, unsigned test bundles need
/// the `allow_unsigned` option here, and nowhere else.
fn import_bundle(t: &mut common::TempStore, path: &Path) -> Result<ImportReport> {
    // Hand-made bundles are unsigned: allowed here, so the content checks are what is tested.
    let options = eom_core::bundle::ImportOptions {
        allow_unsigned: true,
        ..eom_core::bundle::ImportOptions::default()
    };
    t.store.import_bundle_with(path, options, &mut |_, _| {})
}

/// The sample mission's bundle as JSON, built once.
fn sample() -> &'static Value {
    static SAMPLE: OnceLock<Value> = OnceLock::new();
    // A flat (format 1, unsigned) bundle: the content checks are tested without an envelope.
    SAMPLE.get_or_init(|| {
        let mut v = serde_json::to_value(eom_core::demo::sample_bundle()).unwrap();
        v["format_version"] = json!(1);
        v
    })
}

fn sample_with(f: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = sample().clone();
    f(&mut v);
    serde_json::to_vec(&v).unwrap()
}

/// A database holding the sample mission, so "unchanged" means something.
fn loaded_store() -> common::TempStore {
    let mut t = common::temp_store();
    let path = t.file("sample.json");
    std::fs::write(&path, serde_json::to_vec(sample()).unwrap()).unwrap();
    import_bundle(&mut t, &path).unwrap();
    t
}

/// Writes `bytes` as `name`, imports it as a bundle, and returns the refusal; the database must be
/// as it was and the message must name the file.
fn refused_bundle(name: &str, bytes: &[u8]) -> Error {
    let mut t = loaded_store();
    let path = t.file(name);
    std::fs::write(&path, bytes).unwrap();
    refused_bundle_at(&mut t, &path)
}

fn refused_bundle_at(t: &mut common::TempStore, path: &Path) -> Error {
    let before = common::dump(&t.path());
    let err = import_bundle(t, path).expect_err("the bundle was accepted");
    assert_eq!(before, common::dump(&t.path()), "the database changed");
    if !matches!(err, Error::MissionConflict(_)) {
        assert_eq!(err.code(), ErrorCode::InvalidFile, "{err}");
    }
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(err.to_string().contains(&*name), "no file name in: {err}");
    err
}

fn assert_message(err: &Error, expected: &[&str]) {
    let msg = err.to_string();
    for e in expected {
        assert!(msg.contains(e), "`{msg}` lacks `{e}`");
    }
}

/// Writes `bytes` as a station list and imports it into a database with a mission; refused with
/// nothing changed.
fn refused_csv(name: &str, bytes: &[u8]) -> Error {
    let mut t = loaded_store();
    let path = t.file(name);
    std::fs::write(&path, bytes).unwrap();
    refused_csv_at(&mut t, &path)
}

fn refused_csv_at(t: &mut common::TempStore, path: &Path) -> Error {
    let before = common::dump(&t.path());
    let err = t
        .store
        .import_stations_csv(path, false, &mut |_, _| {})
        .expect_err("the station list was accepted");
    assert_eq!(before, common::dump(&t.path()), "the database changed");
    assert_eq!(err.code(), ErrorCode::InvalidFile, "{err}");
    let name = path.file_name().unwrap().to_string_lossy();
    assert!(err.to_string().contains(&*name), "no file name in: {err}");
    err
}

/// `depth` nested arrays: `[[[[…]]]]`.
fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// `depth` nested objects: `{"a":{"a":…0}}`.
fn nested_objects(depth: usize) -> String {
    format!("{}0{}", "{\"a\":".repeat(depth), "}".repeat(depth))
}

// ---------------------------------------------------------------------------------------------
// Bundles

#[test]
fn bundle_truncated() {
    let data = serde_json::to_vec(sample()).unwrap();
    let err = refused_bundle("cut.json", &data[..data.len() * 2 / 3]);
    assert_message(&err, &["the file ends early: it may be truncated"]);
}

#[test]
fn bundle_empty_file() {
    let err = refused_bundle("empty.json", b"");
    assert_message(&err, &["line 1, column 0", "EOF while parsing"]);
}

#[test]
fn bundle_wrong_type() {
    let err = refused_bundle(
        "wrong-type.json",
        &sample_with(|v| v["visits"][2]["revision"] = json!("two")),
    );
    assert_message(&err, &["visits[2]", "invalid type: string \"two\""]);
}

#[test]
fn bundle_invalid_utf8() {
    let mut data = serde_json::to_vec(sample()).unwrap();
    let at = find(&data, b"\"name\":\"") + 8;
    data[at] = 0xFF;
    let err = refused_bundle("latin1.json", &data);
    assert_message(&err, &["invalid unicode code point", "line 1"]);
}

#[test]
fn bundle_duplicate_ids() {
    let err = refused_bundle(
        "twice.json",
        &sample_with(|v| {
            let first = v["checklists"][0].clone();
            v["checklists"].as_array_mut().unwrap().push(first);
        }),
    );
    assert_message(&err, &["checklist", "appears twice"]);
}

#[test]
fn bundle_visit_at_a_missing_station() {
    let err = refused_bundle(
        "orphan.json",
        &sample_with(|v| {
            v["visits"][0]["station_id"] = json!("0190d6a4-0000-7000-8000-000000000001")
        }),
    );
    assert_message(
        &err,
        &[
            "refers to polling station 0190d6a4-0000-7000-8000-000000000001",
            "neither in the bundle nor in the database",
        ],
    );
}

#[test]
fn bundle_incident_of_a_missing_visit() {
    let err = refused_bundle(
        "incident.json",
        &sample_with(|v| {
            v["incidents"][0]["visit_id"] = json!("0190d6a4-0000-7000-8000-000000000002")
        }),
    );
    assert_message(
        &err,
        &[
            "incident",
            "refers to visit 0190d6a4-0000-7000-8000-000000000002",
        ],
    );
}

/// 200 MB in one free-text field: refused by a scan of the raw bytes, before the text is copied
/// out of the file. The file is written in pieces so the test itself stays small.
#[test]
fn bundle_with_a_200_mb_string() {
    let mut t = loaded_store();
    let path = t.file("huge-note.json");
    let text = serde_json::to_string(sample()).unwrap();
    let (head, tail) = text.split_at(text.find("\"notes\":\"").unwrap() + 9);
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(head.as_bytes()).unwrap();
    let chunk = vec![b'x'; 1 << 20];
    for _ in 0..200 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(tail.as_bytes()).unwrap();
    f.flush().unwrap();
    drop(f);
    let err = refused_bundle_at(&mut t, &path);
    assert_message(
        &err,
        &[
            "the text of `notes` is 2097",
            &format!("at most {MAX_BUNDLE_TEXT_BYTES} bytes"),
        ],
    );
}

#[test]
fn bundle_deeply_nested() {
    let deep = format!(
        r#"{{"format": "eom-bundle", "format_version": 1, "mission": {}}}"#,
        nested_objects(100_000)
    );
    let err = refused_bundle("deep.json", deep.as_bytes());
    assert_message(&err, &["recursion limit exceeded"]);
    let err = refused_bundle("deep-array.json", nested(100_000).as_bytes());
    assert_message(&err, &["not an EOM Reporter bundle"]);
    // Deep nesting inside a field that takes any JSON (the history's content).
    let bytes = sample_with(|v| {
        v["history"] = json!([{
            "kind": "visit", "record_id": v["visits"][0]["id"], "revision": 1,
            "updated_at": v["visits"][0]["updated_at"], "device_id": v["visits"][0]["device_id"],
            "reason": "superseded", "content": "DEEP"
        }]);
    });
    let text = String::from_utf8(bytes)
        .unwrap()
        .replace("\"DEEP\"", &nested(10_000));
    let err = refused_bundle("deep-history.json", text.as_bytes());
    assert_message(
        &err,
        &["recursion limit exceeded", "at `history[0].content[0][0]"],
    );
    assert!(err.to_string().len() < 400, "the path is cut short: {err}");
}

#[test]
fn bundle_newer_format_version() {
    let err = refused_bundle(
        "future.json",
        &sample_with(|v| v["format_version"] = json!(3)),
    );
    assert!(matches!(err, Error::BundleTooNew { found: 3, .. }));
    assert_message(
        &err,
        &["bundle format version 3 is newer", "update EOM Reporter"],
    );
    // Newer and with fields this version does not know: still the version message.
    let err = refused_bundle(
        "future-fields.json",
        &sample_with(|v| {
            v["format_version"] = json!(7);
            v["signature"] = json!({"alg": "ed25519"});
            v["visits"] = json!("moved elsewhere");
        }),
    );
    assert_message(&err, &["bundle format version 7 is newer"]);
}

#[test]
fn bundle_version_as_text() {
    let err = refused_bundle(
        "version-text.json",
        &sample_with(|v| v["format_version"] = json!("1")),
    );
    assert_message(
        &err,
        &["\"format_version\" is missing or not a positive whole number"],
    );
}

#[test]
fn bundle_for_another_mission() {
    let err = refused_bundle(
        "other-mission.json",
        &sample_with(|v| {
            v["mission"]["id"] = json!("0190d6a4-0000-7000-8000-00000000000a");
            v["mission"]["name"] = json!("Georgia 2024");
        }),
    );
    assert!(matches!(err, Error::MissionConflict(_)), "{err}");
    assert_message(
        &err,
        &[
            "this bundle is for the mission \"Georgia 2024\"",
            "import it into its own database",
        ],
    );
}

#[test]
fn bundle_with_a_byte_order_mark_is_accepted() {
    let mut t = common::temp_store();
    let path = t.file("notepad.json");
    let mut data = b"\xEF\xBB\xBF".to_vec();
    data.extend(serde_json::to_vec(sample()).unwrap());
    std::fs::write(&path, data).unwrap();
    let report = import_bundle(&mut t, &path).unwrap();
    assert_eq!(
        report.summary.visits,
        sample()["visits"].as_array().unwrap().len()
    );
}

#[test]
fn bundle_nul_bytes() {
    let mut data = serde_json::to_vec(sample()).unwrap();
    let at = find(&data, b"\"name\":\"") + 9;
    data[at] = 0;
    let err = refused_bundle("nul.json", &data);
    assert_message(
        &err,
        &["control character (\\u0000-\\u001F) found while parsing a string"],
    );
    let err = refused_bundle("zeros.json", &[0u8; 4096]);
    assert_message(&err, &["not an EOM Reporter bundle"]);
}

#[test]
fn bundle_of_another_program() {
    let err = refused_bundle(
        "kobo.json",
        br#"{"format": "kobo-submissions", "format_version": 1, "data": []}"#,
    );
    assert_message(
        &err,
        &["not an EOM Reporter bundle (expected \"format\": \"eom-bundle\")"],
    );
    let err = refused_bundle("list.json", b"[1, 2, 3]");
    assert_message(&err, &["not an EOM Reporter bundle"]);
    let err = refused_bundle("photo.json", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert_message(
        &err,
        &["not an EOM Reporter bundle (a bundle is a JSON object"],
    );
}

#[test]
fn bundle_above_the_size_limit_is_refused_unread() {
    let mut t = loaded_store();
    let path = t.file("enormous.json");
    // A sparse file: its size is over the limit, its disk use is nothing.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_BUNDLE_BYTES + 1)
        .unwrap();
    let err = refused_bundle_at(&mut t, &path);
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    assert_message(
        &err,
        &[
            &format!("the file is {} bytes", MAX_BUNDLE_BYTES + 1),
            "a bundle may have",
        ],
    );
}

#[test]
fn bundle_template_with_an_unknown_question_type() {
    let err = refused_bundle(
        "slider.json",
        &sample_with(|v| {
            let mut t = v["templates"][0].clone();
            t["id"] = json!("custom-slider");
            t["questions"][0]["type"] = json!("slider");
            v["templates"].as_array_mut().unwrap().push(t);
        }),
    );
    assert_message(&err, &["unknown variant `slider`", "templates["]);
}

#[test]
fn bundle_answer_to_an_unknown_question() {
    let err = refused_bundle(
        "unknown-question.json",
        &sample_with(|v| v["checklists"][0]["answers"]["ZZ99"] = json!("yes")),
    );
    assert_message(&err, &["answers question ZZ99, which template"]);
}

#[test]
fn bundle_negative_revision() {
    let err = refused_bundle(
        "negative.json",
        &sample_with(|v| v["teams"][0]["revision"] = json!(-3)),
    );
    assert_message(&err, &["has revision -3, expected 1 to 2147483648"]);
}

#[test]
fn bundle_tampered_attachment() {
    let err = refused_bundle(
        "photo.json",
        &sample_with(|v| {
            let owner = v["visits"][0]["id"].clone();
            let meta = v["visits"][0].clone();
            v["attachments"] = json!([{
                "id": "0190d6a4-0000-7000-8000-0000000000a1",
                "created_at": meta["created_at"], "updated_at": meta["updated_at"],
                "revision": 1, "device_id": meta["device_id"], "deleted": false,
                "owner_kind": "visit", "owner_id": owner, "question_code": null,
                "file_name": "protocol.jpg", "media_type": "image/jpeg",
                "sha256": "00", "size": 3, "data": "AQID"
            }]);
        }),
    );
    assert_message(
        &err,
        &["attachment", "protocol.jpg", "does not match its SHA-256"],
    );
}

#[test]
fn bundle_template_changed_under_the_same_version() {
    let err = refused_bundle(
        "rewritten-template.json",
        &sample_with(|v| {
            let t = v["templates"]
                .as_array_mut()
                .unwrap()
                .iter_mut()
                .find(|t| t["id"] == "voting")
                .unwrap();
            t["questions"][0]["label"]["en"] = json!("A different question");
        }),
    );
    assert_message(
        &err,
        &["template voting v1 differs from the one in this database"],
    );
}

#[test]
fn bundle_station_code_used_twice() {
    let err = refused_bundle(
        "two-stations.json",
        &sample_with(|v| {
            let code = v["stations"][0]["code"].clone();
            v["stations"][1]["code"] = code;
        }),
    );
    assert_message(&err, &["is used by two stations"]);
}

#[test]
fn bundle_station_or_team_known_here_under_another_id() {
    let other = "01900000-0000-7000-8000-00000000abcd";
    for (kind, list) in [("station", "stations"), ("team", "teams")] {
        let code = sample()[list][0]["code"].as_str().unwrap().to_string();
        let err = refused_bundle(
            &format!("other-{kind}-id.json"),
            &sample_with(|v| v[list][0]["id"] = json!(other)),
        );
        assert_message(
            &err,
            &[
                &format!("{kind} {code} has id {other} in the bundle but"),
                "in this database",
            ],
        );
    }
}

#[test]
fn bundle_invalid_timestamp() {
    let err = refused_bundle(
        "clock.json",
        &sample_with(|v| v["visits"][0]["updated_at"] = json!("yesterday")),
    );
    assert_message(&err, &["visits[0]", "yesterday"]);
}

#[test]
fn bundle_invalid_uuid() {
    let err = refused_bundle(
        "uuid.json",
        &sample_with(|v| v["observers"][0]["id"] = json!("not-a-uuid")),
    );
    assert_message(&err, &["observers[0]", "UUID"]);
}

#[test]
fn bundle_missing_file() {
    let mut t = loaded_store();
    let path = t.file("nowhere.json");
    let before = common::dump(&t.path());
    let err = import_bundle(&mut t, &path).unwrap_err();
    assert_eq!(before, common::dump(&t.path()));
    assert_eq!(err.code(), ErrorCode::Io);
    assert_message(&err, &["nowhere.json", "No such file or directory"]);
}

// ---------------------------------------------------------------------------------------------
// Station lists

#[test]
fn csv_unterminated_quote() {
    let err = refused_csv(
        "quote.csv",
        b"code,name,setting\n001,School 1,urban\n002,\"School 2,urban\n003,School 3,rural\n",
    );
    assert_message(&err, &["line 3:", "never closed"]);
}

#[test]
fn csv_huge_line() {
    let mut data = b"code,name\n001,".to_vec();
    data.extend(std::iter::repeat_n(b'x', 10 << 20));
    data.extend(b"\n002,School 2\n");
    let err = refused_csv("long-line.csv", &data);
    assert_message(
        &err,
        &[
            "line 2, column `name`: the field is 10485760 bytes long",
            &format!("at most {MAX_CSV_FIELD_BYTES} bytes"),
        ],
    );
}

#[test]
fn csv_duplicate_codes() {
    let err = refused_csv(
        "dup.csv",
        b"code,name\n001,School 1\n002,School 2\n001,School 1 again\n",
    );
    assert_message(
        &err,
        &["line 4, column `code`: station code `001` is already on line 2"],
    );
}

#[test]
fn csv_negative_registered_voters() {
    let err = refused_csv(
        "negative.csv",
        b"code,name,registered_voters\n001,School 1,-5\n",
    );
    assert_message(
        &err,
        &["line 2, column `registered_voters`: `-5` is not a whole number of voters"],
    );
}

#[test]
fn csv_invalid_utf8() {
    // Windows-1251 Cyrillic, as an election administration's Excel might save it.
    let err = refused_csv("cp1251.csv", b"code,name\n001,\xd8\xea\xee\xeb\xe0\n");
    assert_message(
        &err,
        &["line 2, column `name`: not valid UTF-8 text (save the file as UTF-8)"],
    );
}

#[test]
fn csv_nul_bytes() {
    let err = refused_csv("nul.csv", b"code,name\n001,Sch\0ol\n");
    assert_message(&err, &["line 2, column `name`", "control character U+0000"]);
    let err = refused_csv("utf16.csv", b"\xff\xfec\0o\0d\0e\0\n\0");
    assert_message(&err, &["line 1"]);
}

#[test]
fn csv_empty_file() {
    let err = refused_csv("empty.csv", b"");
    assert_message(
        &err,
        &["the file is empty: expected a header line with a `code` column"],
    );
}

#[test]
fn csv_without_a_code_column() {
    let err = refused_csv("nocode.csv", b"name;region\nSchool;Baku\n");
    assert_message(&err, &["no `code` column; the columns are: name, region"]);
}

#[test]
fn csv_wrong_types() {
    let err = refused_csv(
        "types.csv",
        b"code,setting,latitude,type\n001,suburban,95.5,church\n",
    );
    assert_message(
        &err,
        &[
            "3 invalid line(s)",
            "column `setting`: `suburban`",
            "column `latitude`: `95.5` is not a coordinate between -90 and 90",
            "column `type`",
        ],
    );
}

#[test]
fn csv_above_the_size_limit_is_refused_unread() {
    let mut t = loaded_store();
    let path = t.file("enormous.csv");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_STATIONS_CSV_BYTES + 1)
        .unwrap();
    let err = refused_csv_at(&mut t, &path);
    assert!(matches!(err, Error::TooLarge { .. }), "{err}");
    assert_message(&err, &["a station list may have"]);
}

#[test]
fn csv_with_a_byte_order_mark_is_accepted() {
    let mut t = loaded_store();
    let path = t.file("excel.csv");
    std::fs::write(&path, "\u{FEFF}Code;Name\n9001;New school\n").unwrap();
    let report = t
        .store
        .import_stations_csv(&path, false, &mut |_, _| {})
        .unwrap();
    assert_eq!(report.added, 1);
}

#[test]
fn csv_all_lines_invalid_imports_nothing_even_when_skipping() {
    let mut t = loaded_store();
    let path = t.file("all-bad.csv");
    std::fs::write(&path, "code,name\n1,\"a\n").unwrap();
    let before = common::dump(&t.path());
    let err = t
        .store
        .import_stations_csv(&path, true, &mut |_, _| {})
        .unwrap_err();
    assert_eq!(before, common::dump(&t.path()));
    assert_message(&err, &["never closed"]);
}

// ---------------------------------------------------------------------------------------------
// Templates

fn template_error(text: &str) -> String {
    Template::from_json(text).unwrap_err().to_string()
}

fn small_template() -> Value {
    json!({
        "id": "custom", "version": 1, "phase": "custom", "title": {"en": "Custom"},
        "questions": [{"code": "Q1", "type": "yes_no", "label": {"en": "Q?"}}]
    })
}

#[test]
fn template_unknown_question_type() {
    let mut t = small_template();
    t["questions"][0]["type"] = json!("slider");
    let err = template_error(&t.to_string());
    assert!(err.contains("unknown variant `slider`"), "{err}");
    assert!(err.contains("line 1 column"), "{err}");
}

#[test]
fn template_deeply_nested() {
    // No field of a template takes free JSON: deep nesting stops at the first wrong type.
    let err = template_error(&format!(
        r#"{{"id": "x", "title": {}}}"#,
        nested_objects(100_000)
    ));
    assert!(
        err.contains("line 1 column 26: invalid type: map, expected a string"),
        "{err}"
    );
    let err = template_error(&nested(100_000));
    assert!(
        err.contains("line 1 column 1: invalid type: sequence"),
        "{err}"
    );
}

#[test]
fn template_unknown_field() {
    let mut t = small_template();
    t["questions"][0]["colour"] = json!("red");
    let err = template_error(&t.to_string());
    assert!(err.contains("unknown field `colour`"), "{err}");
}

#[test]
fn template_condition_on_a_later_question() {
    let mut t = small_template();
    t["questions"][0]["show_if"] = json!({"code": "Q2", "in": ["yes"]});
    let err = template_error(&t.to_string());
    assert!(
        err.contains("template custom version 1: question Q1 is shown if Q2, which is not an earlier question"),
        "{err}"
    );
}

#[test]
fn template_empty() {
    let err = template_error("");
    assert!(err.contains("EOF while parsing"), "{err}");
}

fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("{} not found", String::from_utf8_lossy(needle)))
}
