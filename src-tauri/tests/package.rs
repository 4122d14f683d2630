//! The .deb carries the `eom` CLI beside the app (issue 11): the bundle maps the release `eom`
//! binary to /usr/bin/eom, and `make package` builds that binary before bundling. Building the
//! package itself takes a release build (≈ 25 min), so `make test` checks the two agree instead;
//! `make package` lists the binaries it packed.

fn read(path: &str) -> String {
    std::fs::read_to_string(format!("{}/{path}", env!("CARGO_MANIFEST_DIR")))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_deb_installs_the_cli_that_make_package_builds() {
    let conf: serde_json::Value = serde_json::from_str(&read("tauri.conf.json")).unwrap();
    let files = &conf["bundle"]["linux"]["deb"]["files"];
    assert_eq!(files["/usr/bin/eom"], "../target/release/eom", "{files}");
    let make = read("../mk/desktop.mk");
    let recipe: String = make
        .split("\npackage:")
        .nth(1)
        .expect("a package target")
        .lines()
        .take_while(|l| l.starts_with('\t') || l.is_empty() || l.starts_with(' '))
        .collect::<Vec<_>>()
        .join("\n");
    let words: Vec<&str> = recipe.split_whitespace().collect();
    assert!(
        recipe.contains("build --release") && words.windows(2).any(|w| w == ["--bin", "eom"]),
        "make package must build the release `eom` before bundling:\n{recipe}"
    );
    assert!(recipe.contains("bundle --bundles deb"), "{recipe}");
}
