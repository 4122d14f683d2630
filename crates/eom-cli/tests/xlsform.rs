//! `eom templates import|export` and `eom import-submissions` through the real binary: an
//! XLSForm in ODK's layout becomes a custom template, goes back out as an XLSForm another mission
//! reads to the same template, and ODK Central's CSV of its submissions becomes visits once; bad
//! forms and bad lines exit with the invalid-file code and say where.

mod common;

use common::Env;
use predicates::prelude::*;
use serde_json::Value;

fn workbook(path: &std::path::Path, sheets: &[(&str, &[&[&str]])]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                ws.write_string(r as u32, c as u16, *text).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

const SURVEY: &[&[&str]] = &[
    &[
        "type",
        "name",
        "label::English (en)",
        "label::Russian (ru)",
        "required",
        "relevant",
        "constraint",
    ],
    &["start", "start", "", "", "", "", ""],
    &[
        "text",
        "station_code",
        "Polling station code",
        "Код участка",
        "yes",
        "",
        "",
    ],
    &[
        "text",
        "team_code",
        "Team code",
        "Код группы",
        "yes",
        "",
        "",
    ],
    &[
        "time",
        "arrival",
        "Arrival time",
        "Время прибытия",
        "yes",
        "",
        "",
    ],
    &["begin group", "setup", "Setup", "Подготовка", "", "", ""],
    &[
        "select_one yes_no",
        "sealed",
        "Was the ballot box sealed?",
        "Был ли ящик опечатан?",
        "yes",
        "",
        "",
    ],
    &[
        "integer",
        "seals",
        "How many seals?",
        "Сколько пломб?",
        "",
        "${sealed} = 'yes'",
        ". <= 8",
    ],
    &["end group", "", "", "", "", "", ""],
    &[
        "select_multiple missing",
        "missing",
        "What was missing?",
        "Чего не хватало?",
        "",
        "${sealed} = 'no'",
        "",
    ],
];

const CHOICES: &[&[&str]] = &[
    &[
        "list_name",
        "name",
        "label::English (en)",
        "label::Russian (ru)",
    ],
    &["yes_no", "yes", "Yes", "Да"],
    &["yes_no", "no", "No", "Нет"],
    &["missing", "ink", "Ink", "Чернила"],
    &["missing", "booths", "Booths", "Кабины"],
];

const SETTINGS: &[&[&str]] = &[
    &["form_title", "form_id", "version", "default_language"],
    &["Ballot box check", "box_check", "3", "English (en)"],
];

fn with_form() -> Env {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let form = env.path("box_check.xlsx");
    workbook(
        &form,
        &[
            ("survey", SURVEY),
            ("choices", CHOICES),
            ("settings", SETTINGS),
        ],
    );
    env.eom()
        .args(["templates", "import"])
        .arg(&form)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "template box_check v3 \"Ballot box check\", 3 questions: added",
        ));
    env
}

#[test]
fn a_form_goes_in_and_out_and_into_another_mission_the_same() {
    let env = with_form();
    env.eom()
        .arg("templates")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "box_check v3\tcustom\t3 questions",
        ))
        .stdout(predicate::str::contains("voting v1\tvoting"));
    env.eom()
        .args(["templates", "import"])
        .arg(env.path("box_check.xlsx"))
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "already in the mission, nothing added",
        ));
    let out = env.path("out.xlsx");
    env.eom()
        .args([
            "templates",
            "export",
            "box_check",
            "--format",
            "xlsform",
            "--out",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "XLSForm of template box_check v3, 3 questions, languages en, ru",
        ));
    // Another mission reads the written form to the same template.
    let other = Env::new();
    other.eom().arg("demo").assert().success();
    other
        .eom()
        .args(["templates", "import"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "box_check v3 \"Ballot box check\", 3 questions: added",
        ));
    let template = |env: &Env| -> Value {
        let path = env.export_bundle("bundle.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        let content = v.get("content").unwrap_or(&v);
        let templates = content["templates"].as_array().unwrap();
        templates
            .iter()
            .find(|t| t["id"] == "box_check")
            .unwrap()
            .clone()
    };
    let (a, b) = (template(&env), template(&other));
    assert_eq!(a, b);
    assert_eq!(
        a["questions"][1]["show_if"],
        serde_json::json!({"code": "SEALED", "in": ["yes"]})
    );
    assert_eq!(a["questions"][1]["max"], 8);
    // A built-in template goes out too.
    env.eom()
        .args(["templates", "export", "counting", "--out"])
        .arg(env.path("counting.xlsx"))
        .assert()
        .success();
    env.eom()
        .args(["templates", "export", "nope", "--out"])
        .arg(env.path("nope.xlsx"))
        .assert()
        .code(5)
        .stderr(predicate::str::contains("template not found: nope"));
}

#[test]
fn a_form_outside_the_subset_is_refused_with_its_rows() {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    let form = env.path("bad.xlsx");
    let survey: &[&[&str]] = &[
        &["type", "name", "label::English (en)", "relevant"],
        &[
            "select_multiple missing",
            "missing",
            "What was missing?",
            "",
        ],
        &["text", "why", "Why?", "count-selected(${missing}) > 2"],
        &["begin repeat", "boxes", "Each box", ""],
    ];
    workbook(&form, &[("survey", survey), ("choices", CHOICES)]);
    env.eom()
        .args(["templates", "import"])
        .arg(&form)
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "survey row 3, column relevant: `count-selected(${missing}) > 2` is outside the subset",
        ))
        .stderr(predicate::str::contains(
            "survey row 4, column type: the type `begin repeat`",
        ))
        .stderr(predicate::str::contains("nothing was imported"));
    env.eom()
        .arg("templates")
        .assert()
        .success()
        .stdout(predicate::str::contains("why").not());
}

const CENTRAL: &str = "SubmissionDate,start,station_code,team_code,arrival,grp_setup-SEALED,grp_setup-SEALS,MISSING,MISSING/ink,MISSING/booths,meta-instanceID,KEY,SubmitterID,SubmitterName,AttachmentsPresent,AttachmentsExpected,Status,ReviewState,DeviceID,Edits,FormVersion";

#[test]
fn submissions_come_in_once_and_bad_lines_are_refused() {
    let env = with_form();
    let out = env
        .eom()
        .args(["stations", "list", "--json", "--limit", "2"])
        .output()
        .unwrap();
    let stations: Value = serde_json::from_slice(&out.stdout).unwrap();
    let (a, b) = (
        stations[0]["code"].as_str().unwrap(),
        stations[1]["code"].as_str().unwrap(),
    );
    let csv = format!(
        "{CENTRAL}\n\
         2024-02-07T10:43:19.123Z,2024-02-07T09:01:02.000+04:00,{a},T01,09:05:00.000+04:00,yes,4,,,,uuid:a1,uuid:a1,5,Obs,0,0,,,,0,3\n\
         2024-02-07T11:02:00.000Z,2024-02-07T10:10:00.000+04:00,{b},T02,10:15:00.000+04:00,no,,ink booths,1,1,uuid:b2,uuid:b2,6,Obs,0,0,,,,0,3\n"
    );
    let file = env.file("box_check.csv", &csv);
    env.eom()
        .args(["import-submissions"])
        .arg(&file)
        .args(["--template", "box_check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "2 submission(s) of template box_check v3: 2 visit(s) with checklists added, 0 imported before",
        ));
    env.eom()
        .args(["import-submissions"])
        .arg(&file)
        .args(["--template", "box_check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "0 visit(s) with checklists added, 2 imported before",
        ));
    env.eom().arg("verify").assert().success();
    let stats = env.eom().args(["stats", "--json"]).output().unwrap();
    assert!(stats.status.success());

    let bad = format!(
        "{CENTRAL}\n\
         2024-02-07T10:43:19.123Z,,999-999,T01,09:05,yes,4,,,,uuid:c3,uuid:c3,5,Obs,0,0,,,,0,3\n\
         2024-02-07T10:43:19.123Z,,{a},T01,09:05,yes,four,,,,uuid:d4,uuid:d4,5,Obs,0,0,,,,0,3\n\
         2024-02-07T10:43:19.123Z,,{a},T01,09:05,no,,glue,,,uuid:e5,uuid:e5,5,Obs,0,0,,,,0,3\n\
         2024-02-07T10:43:19.123Z,,{a},T01,09:05,yes,2,,,,uuid:f6,uuid:f6,5,Obs,0,0,,,,0,3\n"
    );
    let file = env.file("bad.csv", &bad);
    env.eom()
        .args(["import-submissions"])
        .arg(&file)
        .args(["--template", "box_check"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains(
            "3 invalid line(s), nothing was imported",
        ))
        .stderr(predicate::str::contains(
            "line 2, column `station_code`: unknown station code `999-999`",
        ))
        .stderr(predicate::str::contains(
            "line 3, column `grp_setup-SEALS`: expected a whole number, got `four`",
        ))
        .stderr(predicate::str::contains(
            "line 4, column `MISSING`: `glue` is not in the list (ink, booths)",
        ));
    // The good last line was not imported either.
    let again = env.file(
        "f6.csv",
        &format!("{CENTRAL}\n{}\n", bad.lines().last().unwrap()),
    );
    env.eom()
        .args(["import-submissions"])
        .arg(&again)
        .args(["--template", "box_check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 visit(s) with checklists added"));
}
