//! The shell holds no rule: every `#[tauri::command]` body in `src/*.rs` is at most
//! [`MAX_BODY_LINES`] lines (blank and comment lines not counted). Longer work belongs in the
//! library, or in a small shell helper when it is Tauri plumbing (dialogs, progress events).
//! And no command runs on the main thread, which draws the window: Tauri runs a plain `fn`
//! command there, so a command waiting for the store (behind an import) would freeze the window.

use std::path::Path;

const MAX_BODY_LINES: usize = 6;

/// A command found in a source file.
#[derive(Debug, PartialEq)]
struct Command {
    name: String,
    body_lines: usize,
    /// `async fn`, or `#[tauri::command(async)]`: Tauri runs it off the main thread.
    off_main_thread: bool,
}

/// Every command in `source`. A body runs from the line that ends the
/// signature with `{` to the next `}` at the start of a line (rustfmt's layout of an item).
fn commands(source: &str) -> Vec<Command> {
    let lines: Vec<&str> = source.lines().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !lines[i].trim_start().starts_with("#[tauri::command") {
            i += 1;
            continue;
        }
        let attribute = i;
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
        found.push(Command {
            name,
            body_lines: body,
            off_main_thread: lines[attribute].contains("(async") || lines[sig].contains("async fn"),
        });
        i = close + 1;
    }
    found
}

#[test]
fn every_command_body_is_at_most_six_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut count = 0;
    let mut long = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for c in commands(&source) {
            count += 1;
            if c.body_lines > MAX_BODY_LINES {
                let file = path.file_name().unwrap().to_string_lossy();
                long.push(format!("{file}: {} ({} lines)", c.name, c.body_lines));
            }
        }
    }
    assert!(
        count > 50,
        "only {count} commands found: is the parser still right?"
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
    let found = commands(source.replace("pub fn b() {}", "pub fn b() {\n}").as_str());
    let summary: Vec<(&str, usize, bool)> = found
        .iter()
        .map(|c| (c.name.as_str(), c.body_lines, c.off_main_thread))
        .collect();
    assert_eq!(summary, vec![("a", 2, true), ("b", 0, true)]);
    let main = commands("#[tauri::command]\npub fn c() {\n}\n");
    assert!(!main[0].off_main_thread);
}

#[test]
fn no_command_runs_on_the_main_thread() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut on_main = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        on_main.extend(
            commands(&source)
                .into_iter()
                .filter(|c| !c.off_main_thread)
                .map(|c| format!("{file}: {}", c.name)),
        );
    }
    assert!(
        on_main.is_empty(),
        "these commands run on the main thread (write `#[tauri::command(async)]`):\n{}",
        on_main.join("\n")
    );
}
