//! XLSForm in and out: a form in ODK's documented layout becomes a custom template; what a
//! template cannot hold is listed by sheet, row and column and nothing is imported; templates
//! written as XLSForms read back to the same questions and conditions.

mod forms;

use calamine::{Data, Reader, Xlsx, open_workbook};
use eom_core::ErrorCode;
use eom_core::model::Phase;
use eom_core::templates::{AnswerType, Condition, Question, Template};
use eom_interop::{import_xlsform, read_xlsform, write_xlsform};

fn question<'a>(t: &'a Template, code: &str) -> &'a Question {
    t.question(code).unwrap_or_else(|| panic!("{code} missing"))
}

fn shows(code: &str, values: &[&str]) -> Option<Condition> {
    Some(Condition {
        code: code.into(),
        values: values.iter().map(|v| v.to_string()).collect(),
    })
}

#[test]
fn an_odk_form_becomes_a_custom_template() {
    let dir = tempfile::tempdir().unwrap();
    let t = read_xlsform(&forms::station_check(dir.path())).unwrap();
    assert_eq!((t.id.as_str(), t.version), ("station_check", 2_024_020_701));
    assert_eq!(t.phase, Phase::Custom);
    assert_eq!(t.title["en"], "Polling station check");
    let codes: Vec<&str> = t.questions.iter().map(|q| q.code.as_str()).collect();
    // The metadata, the visit's header and the note are not questions.
    assert_eq!(
        codes,
        [
            "Q1",
            "SEALS",
            "MISSING",
            "QUALITY",
            "SHARE",
            "PROTOCOL_DATE",
            "PHOTO",
            "COMMENT",
            "CLOSED_AT"
        ]
    );
    let q1 = question(&t, "Q1");
    assert_eq!(q1.kind, AnswerType::YesNo);
    assert!(q1.required);
    assert_eq!(q1.label["ru"], "Был ли ящик опечатан?");
    assert_eq!(q1.section.as_ref().unwrap()["en"], "Setup");
    let seals = question(&t, "SEALS");
    assert_eq!(
        (seals.kind, seals.min, seals.max),
        (AnswerType::Integer, Some(1), Some(8))
    );
    assert_eq!(seals.show_if, shows("Q1", &["yes"]));
    // The note is the next question's help, before its own hint.
    let help = seals.help.as_ref().unwrap();
    assert_eq!(help["en"], "Count the seals carefully\nLook at every side");
    assert_eq!(help["ru"], "Пересчитайте пломбы");
    let missing = question(&t, "MISSING");
    assert_eq!(missing.kind, AnswerType::MultipleChoice);
    let values: Vec<&str> = missing.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(values, ["ink", "seals", "booths"]);
    assert_eq!(missing.options[0].label["ru"], "Чернила");
    assert_eq!(missing.show_if, shows("Q1", &["no"]));
    // The group's condition (Q1 = yes) and the question's (SEALS > 6): SEALS is shown only when
    // Q1 is yes, so the one condition on SEALS holds both; its maximum 8 lists the values.
    let quality = question(&t, "QUALITY");
    assert_eq!(quality.kind, AnswerType::SingleChoice);
    assert_eq!(quality.show_if, shows("SEALS", &["7", "8"]));
    assert_eq!(quality.section.as_ref().unwrap()["ru"], "Подсчёт");
    assert_eq!(question(&t, "SHARE").kind, AnswerType::Text);
    assert_eq!(question(&t, "SHARE").show_if, shows("Q1", &["yes"]));
    assert_eq!(question(&t, "PROTOCOL_DATE").kind, AnswerType::Text);
    assert_eq!(question(&t, "PHOTO").kind, AnswerType::Photo);
    let comment = question(&t, "COMMENT");
    assert_eq!(comment.section, None);
    assert_eq!(comment.show_if, shows("MISSING", &["ink", "seals"]));
    assert_eq!(question(&t, "CLOSED_AT").kind, AnswerType::Time);
}

#[test]
fn a_plain_label_is_the_default_language() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Observer Form.xlsx");
    forms::workbook(
        &path,
        &[
            (
                "survey",
                &[
                    &[
                        "type",
                        "name",
                        "label",
                        "label::Azerbaijani (az)",
                        "required",
                    ],
                    &["integer", "voters", "Voters", "Seçicilər", "TRUE"],
                    &["time", "ARRIVAL", "Arrival of the materials", "", ""],
                ],
            ),
            ("settings", &[&["default_language"], &["English (en)"]]),
        ],
    );
    let t = read_xlsform(&path).unwrap();
    assert_eq!((t.id.as_str(), t.version), ("observer_form", 1));
    let q = question(&t, "VOTERS");
    assert_eq!(
        (q.label["en"].as_str(), q.label["az"].as_str()),
        ("Voters", "Seçicilər")
    );
    assert!(q.required);
    // Names are case-sensitive: only `arrival` is the visit's header.
    assert_eq!(question(&t, "ARRIVAL").kind, AnswerType::Time);
}

#[test]
fn everything_outside_the_subset_is_listed_and_nothing_is_imported() {
    let mut m = forms::sample();
    let path = m.path("bad.xlsx");
    let survey: &[&[&str]] = &[
        &[
            "type",
            "name",
            "label::English (en)",
            "required",
            "relevant",
            "constraint",
            "calculation",
        ],
        &["select_one yes_no", "q1", "Sealed?"],
        &["integer", "n", "How many?", "", "count-selected(${q1}) > 2"],
        &["begin repeat", "r", "Each box"],
        &["calculate", "c", "", "", "", "", "${n} * 2"],
        &["end repeat"],
        &["text", "t", "Why?", "", "", "string-length(.) < 20"],
        &["integer", "k", "Kept?", "${q1} = 'yes'"],
        &["geopoint", "gps", "Where?"],
        &["text", "u", "Unsealed?", "", "${q1} != 'yes'"],
        &["select_one yes_no", "q2", "Open?"],
        &["begin group", "g1", "G1", "", "${q1} = 'yes'"],
        &["begin group", "g2", "G2", "", "${q2} = 'no'"],
        &["text", "inner", "Inner"],
        &["end group"],
        &["end group"],
    ];
    let choices: &[&[&str]] = &[
        &["list_name", "name", "label::English (en)"],
        &["yes_no", "yes", "Yes"],
        &["yes_no", "no", "No"],
        &["yes_no", "Maybe-Not", "Maybe not"],
    ];
    forms::workbook(&path, &[("survey", survey), ("choices", choices)]);
    let before = m.store.templates().unwrap().len();
    let err = import_xlsform(&mut m.store, &path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidFile);
    let msg = err.to_string();
    for expected in [
        "nothing was imported",
        "choices row 4, column name: `Maybe-Not` cannot be an option value",
        "survey row 3, column relevant: `count-selected(${q1}) > 2` is outside the subset: the function `count-selected()` is not part of the subset",
        "survey row 4, column type: the type `begin repeat` is outside the subset: the template format has no repeats",
        "survey row 5, column type: the type `calculate` is outside the subset: the template format has no calculations",
        "survey row 7, column constraint: `string-length(.) < 20` is outside the subset",
        "survey row 8, column required: `${q1} = 'yes'` is not part of the subset",
        "survey row 9, column type: the type `geopoint` is outside the subset",
        "survey row 10, column relevant: `${q1} != 'yes'` is outside the subset: `!=`",
        "survey row 14, column relevant: the conditions of its groups are outside the subset: `and` of conditions on Q1 and Q2",
    ] {
        assert!(msg.contains(expected), "{expected}\nnot in:\n{msg}");
    }
    // The same issues as a list, for the app's table.
    let issues = eom_interop::xlsform::check_xlsform(&path)
        .unwrap()
        .unwrap_err();
    assert_eq!(issues.len(), 10, "{issues:?}");
    assert!(
        issues
            .iter()
            .any(|i| (i.sheet.as_str(), i.row, i.column.as_str()) == ("survey", 9, "type"))
    );
    for i in &issues {
        assert!(msg.contains(&i.to_string()), "{i}");
    }
    assert_eq!(m.store.templates().unwrap().len(), before);
}

#[test]
fn a_form_is_imported_once_and_never_over_a_built_in_or_another_version() {
    let mut m = forms::sample();
    let path = forms::station_check(m.dir.path());
    let first = import_xlsform(&mut m.store, &path).unwrap();
    assert!(first.added);
    let stored = m.store.latest_template("station_check").unwrap();
    assert_eq!(*stored, first.template);
    assert!(!import_xlsform(&mut m.store, &path).unwrap().added);
    // The same id and version with other questions.
    let mut survey: Vec<&[&str]> = forms::SURVEY.to_vec();
    survey.truncate(8);
    survey.push(&["end group"]);
    let other = m.path("other.xlsx");
    forms::workbook(
        &other,
        &[
            ("survey", &survey),
            ("choices", forms::CHOICES),
            ("settings", forms::SETTINGS),
        ],
    );
    let err = import_xlsform(&mut m.store, &other)
        .unwrap_err()
        .to_string();
    assert!(err.contains("raise `version`"), "{err}");
    // A built-in template's id.
    let builtin = m.path("voting.xlsx");
    let settings: &[&[&str]] = &[&["form_id", "version"], &["voting", "2"]];
    forms::workbook(
        &builtin,
        &[
            ("survey", &survey),
            ("choices", forms::CHOICES),
            ("settings", settings),
        ],
    );
    let err = import_xlsform(&mut m.store, &builtin)
        .unwrap_err()
        .to_string();
    assert!(err.contains("built-in"), "{err}");
    // The template travels in the mission's bundles.
    let b = m.store.bundle(None).unwrap();
    assert!(b.templates.iter().any(|t| t.id == "station_check"));
    assert!(m.store.verify_history().unwrap().first_break.is_none());
}

/// A template as an import reads it back: integer minimums of 0 are the default.
fn normalised(t: &Template) -> Vec<Question> {
    let mut qs = t.questions.clone();
    for q in &mut qs {
        if q.min == Some(0) {
            q.min = None;
        }
    }
    qs
}

#[test]
fn templates_written_as_xlsforms_read_back_to_the_same_questions() {
    let mut m = forms::sample();
    let imported = import_xlsform(&mut m.store, &forms::station_check(m.dir.path()))
        .unwrap()
        .template;
    let mut all = eom_core::templates::builtin();
    all.push(imported);
    for t in all {
        let path = m.path(&format!("{}.xlsx", t.id));
        let summary = write_xlsform(&mut m.store, &t.id, None, &path).unwrap();
        assert_eq!(summary.questions, t.questions.len());
        let back = read_xlsform(&path).unwrap();
        assert_eq!((back.id.as_str(), back.version), (t.id.as_str(), t.version));
        assert_eq!(back.title["en"], t.title["en"]);
        let (want, got) = (normalised(&t), back.questions);
        assert_eq!(want.len(), got.len(), "{}", t.id);
        for (w, g) in want.iter().zip(&got) {
            assert_eq!(w, g, "{} {}", t.id, w.code);
        }
    }
}

fn rows(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_written_form_has_the_columns_odk_central_and_kobo_read() {
    let mut m = forms::sample();
    let path = m.path("counting.xlsx");
    let s = write_xlsform(&mut m.store, "counting", None, &path).unwrap();
    assert_eq!(s.languages, ["en", "az", "ru"]);
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(wb.sheet_names(), ["survey", "choices", "settings"]);
    drop(wb);
    let survey = rows(&path, "survey");
    assert_eq!(
        survey[0][..8],
        [
            "type",
            "name",
            "label::English (en)",
            "label::Azerbaijani (az)",
            "label::Russian (ru)",
            "hint::English (en)",
            "hint::Azerbaijani (az)",
            "hint::Russian (ru)"
        ]
    );
    assert_eq!(survey[0][8..11], ["required", "relevant", "constraint"]);
    let col = |name: &str| survey[0].iter().position(|h| h == name).unwrap();
    let first: Vec<(&str, &str, &str)> = survey[1..7]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[col("required")].as_str()))
        .collect();
    assert_eq!(
        first,
        [
            ("start", "start", ""),
            ("end", "end", ""),
            ("text", "station_code", "yes"),
            ("text", "team_code", "yes"),
            ("time", "arrival", "yes"),
            ("time", "departure", "")
        ]
    );
    assert_eq!(survey[3][2], "Polling station code");
    assert_eq!(survey[7][0], "begin group");
    assert!(survey[7][1].starts_with("grp_"), "{:?}", survey[7]);
    assert_eq!(survey.last().unwrap()[0], "end group");
    let t = m.store.latest_template("counting").unwrap();
    // Every display condition is a relevant expression on its row.
    for q in t.questions.iter().filter(|q| q.show_if.is_some()) {
        let row = survey.iter().find(|r| r[1] == q.code).unwrap();
        assert!(!row[col("relevant")].is_empty(), "{}", q.code);
    }
    // The candidates' votes: a note and one integer per candidate.
    let votes = t
        .questions
        .iter()
        .find(|q| q.kind == AnswerType::CandidateVotes)
        .unwrap();
    let candidates = m.store.mission().unwrap().candidates;
    let names: Vec<&str> = survey
        .iter()
        .filter(|r| r[1].starts_with(&format!("{}__", votes.code)))
        .map(|r| r[2].as_str())
        .collect();
    assert_eq!(
        names,
        candidates.iter().map(String::as_str).collect::<Vec<_>>()
    );
    let choices = rows(&path, "choices");
    assert_eq!(
        choices[0][..3],
        ["list_name", "name", "label::English (en)"]
    );
    assert!(choices.iter().any(|r| r[..4]
        == [
            "yes_no",
            "not_observed",
            "Not observed",
            "Müşahidə olunmayıb"
        ]));
    let settings = rows(&path, "settings");
    assert_eq!(
        settings[0][..4],
        ["form_title", "form_id", "version", "default_language"]
    );
    assert_eq!(
        settings[1][..4],
        ["Closing and counting", "counting", "1", "English (en)"]
    );
}
