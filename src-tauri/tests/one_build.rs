//! `make test` compiles typst and tauri once: the plain build (the app for the e2e journeys,
//! `make run`) must resolve the same features as the test build, which adds the dev-dependencies.
//! Resolver 2 does not carry dev-dependency features into plain builds, so a dev-dependency that
//! turns on a feature of a shared crate (jsonschema: serde_json's `float_roundtrip`) silently
//! doubles the build. eom-core asks for those features itself; this test fails when another
//! dev-dependency brings a new difference, and names it.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Package → the feature sets it is built with (once for the target, once for build scripts).
fn features(edges: &str) -> BTreeMap<String, BTreeSet<String>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["tree", "--offline", "--workspace", "--manifest-path", root])
        .args(["--features", "eom-app/custom-protocol,eom-app/e2e"])
        .args(["-e", edges, "--prefix", "none", "-f", "{p}|{f}"])
        .output()
        .expect("cargo tree");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let line = line.trim_end_matches(" (*)");
        if let Some((package, features)) = line.split_once('|') {
            map.entry(package.to_string())
                .or_default()
                .insert(features.to_string());
        }
    }
    map
}

#[test]
fn build_and_test_resolve_the_same_features() {
    let build = features("normal,build");
    let test = features("normal,build,dev");
    let differ: Vec<String> = build
        .iter()
        .filter_map(|(package, f)| {
            let t = test.get(package)?;
            (t != f).then(|| format!("{package}: build {f:?}, test {t:?}"))
        })
        .collect();
    assert!(
        differ.is_empty(),
        "a dev-dependency turns on features the plain build lacks, so `make test` would compile \
         their dependents twice; ask for them in crates/eom-core/Cargo.toml:\n{}",
        differ.join("\n")
    );
}
