//! `eom export --format forms` through the real binary: the sample mission's templates as blank
//! paper forms, in English and Russian, the same bytes each time, and a clear refusal of a path
//! that cannot be written.

mod common;

use std::process::Command as Process;

use common::Env;
use predicates::prelude::*;

fn with_sample() -> Env {
    let env = Env::new();
    env.eom().arg("demo").assert().success();
    env
}

/// The PDF's text in content order, whitespace collapsed; None when poppler is not installed.
fn pdf_text(path: &std::path::Path) -> Option<String> {
    match Process::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(
            String::from_utf8(out.stdout)
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => {
            eprintln!("SKIPPED: `pdftotext` (poppler-utils) is not installed");
            None
        }
    }
}

#[test]
fn forms_writes_every_template_as_a_paper_form() {
    let env = with_sample();
    let out = env.path("forms.pdf");
    env.eom()
        .args(["export", "--format", "forms", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "blank paper forms (en): opening v1, voting v1, counting v1, tabulation v1, incident v1",
        ));
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = pdf_text(&out) else { return };
    for phrase in [
        "Polling station code",
        "O01 At what time did the commission begin the opening procedures?",
        "V15 Were any voters turned away? Yes No Not observed If No or Not observed, go to V18.",
        "V16 How many voters were turned away? Answer only if V15 is Yes.",
        "C28 Votes for each candidate",
        "T01 How many commission members were present?",
        "I04 Category of the incident (tick one)",
        "Page 1 / ",
    ] {
        assert!(text.contains(phrase), "`{phrase}` missing");
    }

    // The same mission gives the same bytes.
    let again = env.path("again.pdf");
    env.eom()
        .args(["export", "--format", "forms", "--out"])
        .arg(&again)
        .assert()
        .success();
    assert!(std::fs::read(&again).unwrap() == pdf, "same bytes");
}

#[test]
fn forms_in_russian() {
    let env = with_sample();
    let out = env.path("forms-ru.pdf");
    env.eom()
        .args(["export", "--format", "forms", "--lang", "ru", "--out"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("blank paper forms (ru)"));
    let Some(text) = pdf_text(&out) else { return };
    for phrase in [
        "Код участка",
        "Отвечайте, только если ответ на V15: Да.",
        "Стр. 1 / ",
    ] {
        assert!(text.contains(phrase), "`{phrase}` missing");
    }
}

#[test]
fn forms_into_a_missing_folder_is_refused_with_the_path() {
    let env = with_sample();
    let out = env.path("no-such-folder").join("forms.pdf");
    env.eom()
        .args(["export", "--format", "forms", "--out"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("no-such-folder"));
    assert!(!out.exists());
}
