//! The desktop shell's attack surface, checked from its configuration files (docs/security.md,
//! "Threat model": curious webview content). Fails if
//! - a capability grants anything but our own commands and the two core event permissions we use,
//!   in particular any fs/shell/http/sql (or other plugin) permission, or reaches remote URLs;
//! - `withGlobalTauri` is on, or the asset protocol or other dangerous switches are enabled;
//! - the CSP is missing, allows a remote origin (http:, https:, ws:, wildcards …) or 'unsafe-eval';
//! - a command is registered in `generate_handler!` but not allowed (or allowed but not
//!   registered), or the build script's command list differs.
//!
//! Each check is a function returning the problems it found, so the tests below can also show
//! that each check catches what it should.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    let path = root().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Core permissions the UI needs (progress events of long imports). Nothing else from core.
const CORE_ALLOWED: &[&str] = &["core:event:allow-listen", "core:event:allow-unlisten"];
/// Our own permission set (permissions/app.toml).
const APP_SET: &str = "allow-app-commands";
/// Plugins that would give the webview the file system, processes, the network or SQL.
const FORBIDDEN_PLUGINS: &[&str] = &[
    "fs",
    "shell",
    "http",
    "sql",
    "process",
    "opener",
    "upload",
    "websocket",
    "dialog",
];

// ---------------------------------------------------------------------------------------------
// Extracting lists from the sources

/// The quoted strings between `start` and the next `end` in `text`.
fn quoted_between(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let rest = &text[from + start.len()..];
    let block = &rest[..rest
        .find(end)
        .unwrap_or_else(|| panic!("`{end}` not found"))];
    block
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// The commands in `tauri::generate_handler![…]` (src/lib.rs), comments left out.
fn registered_commands(lib_rs: &str) -> BTreeSet<String> {
    let from = lib_rs
        .find("generate_handler![")
        .expect("generate_handler! in src/lib.rs");
    let rest = &lib_rs[from + "generate_handler![".len()..];
    let block = &rest[..rest.find(']').expect("end of generate_handler!")];
    block
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .flat_map(|l| l.split(','))
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| s.rsplit("::").next().unwrap_or(s).to_string())
        .collect()
}

/// `commands.allow` of permissions/app.toml.
fn allowed_commands(app_toml: &str) -> BTreeSet<String> {
    assert!(
        !app_toml.contains("commands.deny"),
        "permissions/app.toml: a deny list hides what is allowed; list only allowed commands"
    );
    quoted_between(app_toml, "commands.allow = [", "]")
        .into_iter()
        .collect()
}

/// The command list given to tauri-build (build.rs), which generates `allow-<command>`.
fn build_script_commands(build_rs: &str) -> BTreeSet<String> {
    quoted_between(build_rs, "let commands = &[", "];")
        .into_iter()
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Checks

fn check_capability(name: &str, cap: &Value, commands: &BTreeSet<String>) -> Vec<String> {
    let mut problems = Vec::new();
    if cap.get("remote").is_some() {
        problems.push(format!(
            "{name}: `remote` lets web pages from URLs call commands"
        ));
    }
    if cap.get("local") == Some(&Value::Bool(false)) {
        problems.push(format!(
            "{name}: `local: false` is only for remote capabilities"
        ));
    }
    let Some(perms) = cap.get("permissions").and_then(Value::as_array) else {
        problems.push(format!("{name}: no `permissions` list"));
        return problems;
    };
    for p in perms {
        // A permission is a string or an object with an identifier (and scopes).
        let Some(id) = p
            .as_str()
            .or_else(|| p.get("identifier").and_then(Value::as_str))
        else {
            problems.push(format!("{name}: a permission without an identifier: {p}"));
            continue;
        };
        if p.is_object() {
            problems.push(format!(
                "{name}: `{id}` carries a scope; our commands take no scopes"
            ));
        }
        let plugin = id.split(':').next().unwrap_or("");
        let ours = id == APP_SET
            || id
                .strip_prefix("allow-")
                .is_some_and(|c| commands.contains(c));
        if id.contains(':') && FORBIDDEN_PLUGINS.contains(&plugin) {
            problems.push(format!(
                "{name}: `{id}` gives the webview the {plugin} plugin; our commands do this from Rust"
            ));
        } else if !ours && !CORE_ALLOWED.contains(&id) {
            problems.push(format!(
                "{name}: `{id}` is not one of our commands nor {CORE_ALLOWED:?}"
            ));
        }
    }
    problems
}

/// The sources a CSP directive may allow: our own bundle, inline data for images, and Tauri's IPC
/// (`ipc:`, and `http://ipc.localhost` where the platform needs it, in `connect-src` only).
fn check_csp(csp: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut directives = BTreeSet::new();
    for directive in csp.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let mut parts = directive.split_whitespace();
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        directives.insert(name.clone());
        for source in parts {
            let s = source.to_ascii_lowercase();
            let ipc = name == "connect-src" && (s == "ipc:" || s == "http://ipc.localhost");
            if ipc {
                continue;
            }
            if s == "'unsafe-eval'" || s == "'wasm-unsafe-eval'" {
                problems.push(format!(
                    "CSP {name}: {source} lets scripts run strings as code"
                ));
            } else if s.contains('*') {
                problems.push(format!(
                    "CSP {name}: the wildcard {source} allows any origin"
                ));
            } else if (s.contains(':') && s != "data:") || s.contains('.') {
                // A scheme (http:, https:, ws:, wss:, blob:, filesystem: …) or a host name.
                problems.push(format!(
                    "CSP {name}: {source} allows content from outside the app"
                ));
            } else if s == "data:" && name != "img-src" {
                problems.push(format!("CSP {name}: data: is allowed for images only"));
            }
        }
    }
    for required in ["default-src", "script-src", "object-src", "frame-ancestors"] {
        if !directives.contains(required) {
            problems.push(format!("CSP: no `{required}` directive"));
        }
    }
    problems
}

fn check_config(conf: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let app = &conf["app"];
    if app.get("withGlobalTauri").and_then(Value::as_bool) != Some(false) {
        problems.push(
            "tauri.conf.json: app.withGlobalTauri must be false (any script could reach the IPC)"
                .into(),
        );
    }
    let security = &app["security"];
    match security.get("csp") {
        Some(Value::String(csp)) => problems.extend(check_csp(csp)),
        Some(Value::Object(map)) => {
            // The directive-map form: `{"default-src": "'self'", …}`.
            let joined: Vec<String> = map
                .iter()
                .map(|(k, v)| match v {
                    Value::Array(a) => format!(
                        "{k} {}",
                        a.iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" ")
                    ),
                    other => format!("{k} {}", other.as_str().unwrap_or("")),
                })
                .collect();
            problems.extend(check_csp(&joined.join("; ")));
        }
        _ => problems.push("tauri.conf.json: app.security.csp is missing (no CSP at all)".into()),
    }
    if let Some(dev) = security.get("devCsp").and_then(Value::as_str) {
        problems.extend(check_csp(dev).into_iter().map(|p| format!("devCsp: {p}")));
    }
    if security.get("freezePrototype").and_then(Value::as_bool) != Some(true) {
        problems.push("tauri.conf.json: app.security.freezePrototype must be true".into());
    }
    if security["assetProtocol"]["enable"].as_bool() == Some(true) {
        problems
            .push("tauri.conf.json: the asset protocol would let the webview read files".into());
    }
    if security
        .get("dangerousDisableAssetCspModification")
        .is_some_and(|v| v != &Value::Bool(false))
    {
        problems.push("tauri.conf.json: dangerousDisableAssetCspModification is set".into());
    }
    if let Some(caps) = security.get("capabilities").and_then(Value::as_array)
        && caps.iter().any(Value::is_object)
    {
        problems.push(
            "tauri.conf.json: inline capabilities escape the checks on capabilities/*.json".into(),
        );
    }
    if let Some(plugins) = conf.get("plugins").and_then(Value::as_object) {
        for name in plugins.keys() {
            if FORBIDDEN_PLUGINS.contains(&name.as_str()) {
                problems.push(format!("tauri.conf.json: the {name} plugin is configured"));
            }
        }
    }
    for window in app["windows"].as_array().into_iter().flatten() {
        if let Some(url) = window.get("url").and_then(Value::as_str)
            && url.contains("://")
        {
            problems.push(format!(
                "tauri.conf.json: a window opens the remote page {url}"
            ));
        }
    }
    problems
}

/// No crate that gives JavaScript the file system, processes, network or SQL.
fn check_dependencies(cargo_toml: &str) -> Vec<String> {
    FORBIDDEN_PLUGINS
        .iter()
        .filter(|p| **p != "dialog") // used from Rust only; no dialog permission is granted
        .map(|p| format!("tauri-plugin-{p}"))
        .filter(|krate| cargo_toml.contains(krate.as_str()))
        .map(|krate| format!("Cargo.toml: depends on {krate}"))
        .collect()
}

fn capabilities() -> Vec<(String, Value)> {
    let dir = root().join("capabilities");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            path.extension().is_some_and(|e| e == "json"),
            "{name}: only JSON capabilities are checked; write it as JSON"
        );
        let value: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        out.push((name, value));
    }
    assert!(!out.is_empty(), "no capability files in {}", dir.display());
    out
}

fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The real configuration

#[test]
fn handler_permissions_and_build_script_list_the_same_commands() {
    let registered = registered_commands(&read("src/lib.rs"));
    let allowed = allowed_commands(&read("permissions/app.toml"));
    let built = build_script_commands(&read("build.rs"));
    assert!(registered.len() > 10, "parsed {registered:?}");
    let missing: Vec<_> = registered.difference(&allowed).collect();
    let extra: Vec<_> = allowed.difference(&registered).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "registered in generate_handler! but not in permissions/app.toml: {missing:?}; \
         allowed in permissions/app.toml but not registered: {extra:?}"
    );
    assert_eq!(
        registered, built,
        "build.rs lists other commands than generate_handler!"
    );
}

#[test]
fn capabilities_grant_only_our_commands() {
    let commands = registered_commands(&read("src/lib.rs"));
    let mut problems = Vec::new();
    for (name, cap) in capabilities() {
        problems.extend(check_capability(&name, &cap, &commands));
        let windows: Vec<&str> = cap["windows"]
            .as_array()
            .map(|w| w.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if windows != ["main"] {
            problems.push(format!(
                "{name}: applies to windows {windows:?}, expected [\"main\"]"
            ));
        }
    }
    assert_none(problems);
}

#[test]
fn config_has_a_strict_csp_and_no_global_tauri() {
    let conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    assert_none(check_config(&conf));
}

#[test]
fn no_plugin_gives_javascript_files_processes_network_or_sql() {
    assert_none(check_dependencies(&read("Cargo.toml")));
}

// ---------------------------------------------------------------------------------------------
// The checks catch what they should

#[test]
fn the_csp_check_refuses_remote_origins_and_eval() {
    let good = "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; img-src 'self' data:; connect-src ipc: http://ipc.localhost";
    assert_none(check_csp(good));
    for (bad, why) in [
        (
            "script-src 'self' https://cdn.example.org",
            "outside the app",
        ),
        ("script-src 'self' 'unsafe-eval'", "strings as code"),
        ("connect-src ipc: ws://localhost:1420", "outside the app"),
        ("connect-src https:", "outside the app"),
        ("img-src *", "wildcard"),
        ("img-src 'self' *.example.org", "wildcard"),
        ("style-src 'self' data:", "images only"),
        ("font-src fonts.gstatic.com", "outside the app"),
        ("img-src http://ipc.localhost", "outside the app"),
    ] {
        let problems = check_csp(&format!("{good}; {bad}"));
        assert!(
            problems.iter().any(|p| p.contains(why)),
            "`{bad}` not caught: {problems:?}"
        );
    }
    assert!(
        check_csp("img-src 'self'")
            .iter()
            .any(|p| p.contains("no `default-src`"))
    );
}

#[test]
fn the_config_check_refuses_global_tauri_and_a_missing_csp() {
    let mut conf: Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    conf["app"]["withGlobalTauri"] = Value::Bool(true);
    conf["app"]["security"]["assetProtocol"] = serde_json::json!({"enable": true});
    conf["plugins"] = serde_json::json!({"fs": {"scope": ["$HOME/**"]}});
    let problems = check_config(&conf).join("\n");
    for expected in ["withGlobalTauri", "asset protocol", "fs plugin"] {
        assert!(
            problems.contains(expected),
            "{expected} not caught:\n{problems}"
        );
    }
    conf["app"]["security"]["csp"] = Value::Null;
    assert!(check_config(&conf).join("\n").contains("no CSP at all"));
}

#[test]
fn the_capability_check_refuses_plugins_and_foreign_commands() {
    let commands: BTreeSet<String> = ["save_answer".to_string()].into();
    let cap = serde_json::json!({
        "windows": ["main"],
        "permissions": [
            "allow-app-commands", "allow-save_answer", "core:event:allow-listen",
            "fs:default", "shell:allow-execute", "http:default", "sql:default",
            "core:window:allow-close", "allow-delete_everything",
            {"identifier": "fs:allow-read-file", "allow": [{"path": "$HOME/**"}]}
        ],
        "remote": {"urls": ["https://*.example.org"]}
    });
    let problems = check_capability("test.json", &cap, &commands).join("\n");
    for expected in [
        "`fs:default` gives the webview the fs plugin",
        "`shell:allow-execute`",
        "`http:default`",
        "`sql:default`",
        "`core:window:allow-close` is not one of our commands",
        "`allow-delete_everything` is not one of our commands",
        "`fs:allow-read-file` carries a scope",
        "`remote`",
    ] {
        assert!(
            problems.contains(expected),
            "{expected} not caught:\n{problems}"
        );
    }
    assert!(!problems.contains("allow-save_answer"), "{problems}");
    assert!(!problems.contains("`allow-app-commands`"), "{problems}");
}

#[test]
fn the_command_lists_are_read_exactly() {
    let lib = "x.invoke_handler(tauri::generate_handler![\n  commands::a, // first\n  commands::b,\n  c\n])";
    assert_eq!(
        registered_commands(lib),
        ["a", "b", "c"].iter().map(|s| s.to_string()).collect()
    );
    let toml = "commands.allow = [\n \"a\", \"b\",\n]";
    assert_eq!(allowed_commands(toml).len(), 2);
    assert!(Path::new(&root()).join("build.rs").exists());
}
