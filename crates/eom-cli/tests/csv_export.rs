//! `eom export --format csv`: a UTF-8 byte order mark by default, none with `--no-bom`.

mod common;

use common::Env;

const BOM: &[u8] = b"\xEF\xBB\xBF";

const FILES: [&str; 4] = [
    "checklists_voting.csv",
    "checklists_voting_labels.csv",
    "incidents.csv",
    "stations_visited.csv",
];

#[test]
fn no_bom_leaves_out_the_byte_order_mark_and_nothing_else() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let with = env.path("with");
    let without = env.path("without");
    env.eom()
        .args(["export", "--format", "csv", "--out"])
        .arg(&with)
        .assert()
        .success();
    env.eom()
        .args(["export", "--format", "csv", "--no-bom", "--out"])
        .arg(&without)
        .assert()
        .success();
    for name in FILES {
        let a = std::fs::read(with.join(name)).unwrap();
        let b = std::fs::read(without.join(name)).unwrap();
        assert!(a.starts_with(BOM), "{name} has a BOM by default");
        assert!(!b.starts_with(BOM), "{name} has no BOM with --no-bom");
        assert_eq!(&a[BOM.len()..], &b[..], "{name}: only the BOM differs");
    }
    let voting = std::fs::read_to_string(without.join("checklists_voting.csv")).unwrap();
    assert!(voting.starts_with("checklist_id,visit_id,station_code"));
}
