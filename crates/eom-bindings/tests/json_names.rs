//! JSON names match the Rust names, or the difference is in the one table that lists them:
//! "JSON names that differ from Rust" in docs/bundle.md. This test reads every `serde(...)` and
//! `ts(...)` attribute that renames (`rename`, `rename_all`, `tag`, `content`) in the crates' and
//! the shell's sources (test modules excluded) and fails when one is not in the table, or when the
//! table lists one the sources no longer have.

use std::path::{Path, PathBuf};

const TABLE_FILE: &str = "docs/bundle.md";
const TABLE_HEADING: &str = "## JSON names that differ from Rust";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One renaming attribute: where, what it names (`Type` or `Type.field`) and its string values.
#[derive(Debug, PartialEq)]
struct Rename {
    file: String,
    subject: String,
    values: Vec<String>,
}

/// The string values of an attribute, without the `cfg_attr` feature it depends on.
fn string_literals(s: &str) -> Vec<String> {
    s.replace("feature = \"ts\"", "")
        .split('"')
        .skip(1)
        .step_by(2)
        .map(String::from)
        .collect()
}

/// The name after `struct`/`enum` on a line, if it declares one (`$name` in a macro counts).
fn declared_type(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let i = words.iter().position(|w| *w == "struct" || *w == "enum")?;
    let name = words.get(i + 1)?;
    Some(
        name.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '_' && c != '$')
            .to_string(),
    )
}

fn renames_in(file: &str, text: &str) -> Vec<Rename> {
    // Test modules come last in a file; their types never cross.
    let text = text.split("#[cfg(test)]").next().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        let renaming = ["rename", "tag =", "content ="]
            .iter()
            .any(|k| t.contains(k));
        let attribute = t.contains("#[") && (t.contains("serde(") || t.contains("ts("));
        if !(attribute && renaming) || t.starts_with("//") {
            continue;
        }
        // A macro that renames each variant to the text given beside it (model.rs).
        if let Some(name) = declared_type(t) {
            out.push(Rename {
                file: file.into(),
                subject: if name.starts_with('$') {
                    "string_enum!".into()
                } else {
                    name
                },
                values: string_literals(t),
            });
            continue;
        }
        // The item the attribute is on: the next line that is not an attribute or a comment.
        let item = lines[i + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.starts_with("#[") && !l.starts_with("//"))
            .unwrap_or_default();
        let subject = match declared_type(item) {
            Some(name) => name,
            None => {
                let field = item
                    .trim_start_matches("pub ")
                    .split(':')
                    .next()
                    .unwrap()
                    .trim();
                let owner = lines[..i]
                    .iter()
                    .rev()
                    .find_map(|l| declared_type(l))
                    .unwrap_or_default();
                format!("{owner}.{field}")
            }
        };
        out.push(Rename {
            file: file.into(),
            subject,
            values: string_literals(t),
        });
    }
    out
}

fn all_renames() -> Vec<Rename> {
    let root = root();
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root.join("crates")).unwrap() {
        let src = dir.unwrap().path().join("src");
        if src.is_dir() {
            rust_files(&src, &mut files);
        }
    }
    rust_files(&root.join("src-tauri/src"), &mut files);
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            let rel = f.strip_prefix(&root).unwrap().display().to_string();
            renames_in(&rel, &std::fs::read_to_string(f).unwrap())
        })
        .collect()
}

/// The table's rows (the lines starting with `|` after the heading, up to the next heading).
fn table_rows() -> Vec<String> {
    let doc = std::fs::read_to_string(root().join(TABLE_FILE)).unwrap();
    let start = doc
        .find(TABLE_HEADING)
        .unwrap_or_else(|| panic!("{TABLE_FILE} has no `{TABLE_HEADING}`"));
    doc[start + TABLE_HEADING.len()..]
        .lines()
        .take_while(|l| !l.starts_with("#"))
        .filter(|l| l.starts_with('|') && !l.starts_with("| ---") && !l.starts_with("| Rust"))
        .map(String::from)
        .collect()
}

/// The row that documents `r`: it names the subject, each value and the file, in backticks.
fn documents(row: &str, r: &Rename) -> bool {
    let ticked = |s: &str| row.contains(&format!("`{s}`"));
    ticked(&r.subject) && r.values.iter().all(|v| ticked(v)) && ticked(&r.file)
}

fn undocumented<'a>(renames: &'a [Rename], rows: &[String]) -> Vec<&'a Rename> {
    renames
        .iter()
        .filter(|r| !rows.iter().any(|row| documents(row, r)))
        .collect()
}

#[test]
fn every_json_rename_is_in_the_table_and_the_table_lists_only_renames() {
    let renames = all_renames();
    assert!(
        renames.iter().any(|r| r.subject == "Question.kind"),
        "the scan found none of the known renames: {renames:?}"
    );
    let rows = table_rows();
    let missing = undocumented(&renames, &rows);
    assert!(
        missing.is_empty(),
        "add these to `{TABLE_HEADING}` in {TABLE_FILE}, or name the Rust item as the JSON does:\n{missing:#?}"
    );
    let stale: Vec<&String> = rows
        .iter()
        .filter(|row| !renames.iter().any(|r| documents(row, r)))
        .collect();
    assert!(
        stale.is_empty(),
        "{TABLE_FILE} lists renames the sources no longer have:\n{stale:#?}"
    );
}

/// A rename added to a source is found, with its type and field, and reported until listed.
#[test]
fn a_new_rename_is_found_and_reported() {
    let source = r#"
/// A record.
#[derive(Serialize)]
pub struct Ballot {
    pub id: u32,
    /// Doc.
    #[serde(default, rename = "box")]
    pub ballot_box: String,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum Seal { Intact, Broken }
"#;
    let found = renames_in("crates/x/src/lib.rs", source);
    assert_eq!(
        found,
        [
            Rename {
                file: "crates/x/src/lib.rs".into(),
                subject: "Ballot.ballot_box".into(),
                values: vec!["box".into()],
            },
            Rename {
                file: "crates/x/src/lib.rs".into(),
                subject: "Seal".into(),
                values: vec!["kind".into(), "kebab-case".into()],
            },
        ]
    );
    let rows = vec![
        "| `Ballot.ballot_box` | `box` | `crates/x/src/lib.rs` | |".to_string(),
        "| `Seal` | `kebab-case` | `crates/x/src/lib.rs` | |".to_string(),
    ];
    // The second row misses the tag.
    assert_eq!(undocumented(&found, &rows), [&found[1]]);
}
