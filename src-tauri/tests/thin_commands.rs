//! The shell holds no rule: every `#[tauri::command]` body in `src/*.rs` is at most
//! [`MAX_BODY_LINES`] lines (blank and comment lines not counted). Longer work belongs in the
//! library, or in a small shell helper when it is Tauri plumbing (dialogs, progress events).

use std::path::Path;

const MAX_BODY_LINES: usize = 6;

/// (name, body lines) of every command in `source`. A body runs from the line that ends the
/// signature with `{` to the next `}` at the start of a line (rustfmt's layout of an item).
fn command_bodies(source: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with("#[tauri::command") {
            i += 1;
            continue;
        }
        let sig = (i..lines.len())
            .find(|&k| lines[k].contains("fn "))
            .expect("a command attribute before a function");
        let name = lines[sig]
            .split("fn ")
            .nth(1)
            .and_then(|rest| rest.split(['(', '<']).next())
            .unwrap_or_default()
            .to_string();
        let open = (sig..lines.len())
            .find(|&k| lines[k].trim_end().ends_with('{'))
            .expect("a function body");
        let close = (open + 1..lines.len())
            .find(|&k| lines[k].starts_with('}'))
            .expect("the end of the function");
        let body = lines[open + 1..close]
            .iter()
            .filter(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with("//")
            })
            .count();
        found.push((name, body));
        i = close + 1;
    }
    found
}

#[test]
fn every_command_body_is_at_most_six_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut commands = 0;
    let mut long = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for (name, lines) in command_bodies(&source) {
            commands += 1;
            if lines > MAX_BODY_LINES {
                let file = path.file_name().unwrap().to_string_lossy();
                long.push(format!("{file}: {name} ({lines} lines)"));
            }
        }
    }
    assert!(
        commands > 50,
        "only {commands} commands found: is the parser still right?"
    );
    assert!(
        long.is_empty(),
        "command bodies longer than {MAX_BODY_LINES} lines (move the logic into the library or a \
         shell helper):\n{}",
        long.join("\n")
    );
}

#[test]
fn the_counter_counts_bodies() {
    let source = "#[tauri::command]\npub async fn a(\n    x: u32,\n) -> u32 {\n    // why\n    let y = x;\n\n    y\n}\n\n#[tauri::command(async)]\npub fn b() {}\n";
    // A one-line item has no body lines; the parser must still find both.
    let found = command_bodies(source.replace("pub fn b() {}", "pub fn b() {\n}").as_str());
    assert_eq!(found, vec![("a".into(), 2), ("b".into(), 0)]);
}
