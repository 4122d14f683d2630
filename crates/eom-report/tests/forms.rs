//! Blank paper forms: every question code and label of every template of the sample mission is in
//! the PDF's text (English, and Russian and Azerbaijani spot-checks), skip instructions are written
//! out from the display conditions, pages are numbered per form, and the same templates give the
//! same bytes.

mod common;

use std::process::Command;

use common::*;
use eom_core::templates::{Template, label_in};
use eom_report::{forms_data, render_forms_pdf, store_forms_data, write_forms_pdf};

/// The latest version of each template in the store, as the forms use them.
fn latest(templates: Vec<Template>) -> Vec<Template> {
    let mut out: Vec<Template> = Vec::new();
    for t in templates {
        match out.iter_mut().find(|o| o.id == t.id) {
            Some(o) if o.version < t.version => *o = t,
            Some(_) => {}
            None => out.push(t),
        }
    }
    out
}

/// The PDF's text in content order (`pdftotext -raw`): a label beside its boxes stays whole,
/// where the `-layout` text would interleave the two columns line by line. Whitespace collapsed.
fn raw_text(pdf: &[u8]) -> Option<String> {
    if !have("pdftotext") {
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("forms.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8 text");
    // A line broken after the hyphen of a compound ("bir-\nbiri") is one word again.
    let mut joined = String::with_capacity(text.len());
    let mut prev = ' ';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '-' && prev.is_alphanumeric() && chars.peek() == Some(&'\n') {
            chars.next();
        }
        joined.push(c);
        prev = c;
    }
    Some(flat(&joined))
}

/// Every question's code and label in `lang` (English where the template has none) is printed,
/// and so are the form's title and the section headings.
fn assert_every_question(text: &str, templates: &[Template], lang: &str) {
    for t in templates {
        assert!(text.contains(&flat(t.title(lang))), "{} title", t.id);
        for q in &t.questions {
            assert!(text.contains(&q.code), "{}: code {} missing", t.id, q.code);
            let label = flat(q.label(lang));
            assert!(
                text.contains(&format!("{} {label}", q.code)),
                "{}: `{} {label}` missing ({lang})",
                t.id,
                q.code
            );
            if let Some(section) = &q.section {
                let heading = flat(label_in(section, lang));
                assert!(text.contains(&heading), "{}: section `{heading}`", t.id);
            }
            for o in &q.options {
                let option = flat(label_in(&o.label, lang));
                assert!(
                    text.contains(&option),
                    "{} {}: option `{option}`",
                    t.id,
                    q.code
                );
            }
        }
    }
}

#[test]
fn every_code_and_label_of_every_template_is_printed() {
    let (_dir, store) = sample_store();
    let templates = latest(store.templates().expect("templates"));
    assert!(templates.len() >= 5, "the built-in templates");
    let data = store_forms_data(&store, "en").expect("forms data");
    let pdf = render_forms_pdf(&data).expect("forms pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let Some(text) = raw_text(&pdf) else { return };
    assert_every_question(&text, &templates, "en");
    // The words of the form itself.
    for phrase in [
        "Polling station code",
        "Polling station name",
        "Commission code",
        "Team",
        "Date",
        "Arrival",
        "Departure",
        "Observers (names)",
        "Voters who had voted at arrival",
        "Yes No Not observed",
        "(tick one)",
        "(tick all that apply)",
        "Very good Good Bad Very bad",
        "hh:mm",
        "Take the photo and write its frame or file number:",
        "Candidate or list Votes",
        "voting, version 1",
    ] {
        assert!(text.contains(phrase), "`{phrase}` missing");
    }
    // The sample mission's candidates are the rows of the votes table.
    let mission = store.mission().expect("mission");
    assert!(!mission.candidates.is_empty());
    for c in &mission.candidates {
        assert!(text.contains(&flat(c)), "candidate {c}");
    }
}

#[test]
fn skip_instructions_are_written_out() {
    let (_dir, store) = sample_store();
    let pdf = render_forms_pdf(&store_forms_data(&store, "en").unwrap()).unwrap();
    let Some(text) = raw_text(&pdf) else { return };
    // Voting: V16 and V17 are asked only when voters were turned away (V15 = yes).
    assert!(
        text.contains("V16 How many voters were turned away? Answer only if V15 is Yes."),
        "V16's condition"
    );
    assert!(text.contains("Answer only if V15 is Yes."));
    assert!(
        text.contains("Yes No Not observed If No or Not observed, go to V18. V16"),
        "V15's skip"
    );
    // The explanation of a negative assessment.
    assert!(text.contains("Answer only if V99 is Bad or Very bad."));
    assert!(text.contains("Very bad If Very good or Good, go to V36."));
    // A multiple choice's dependants; a single choice's option quoted.
    assert!(text.contains("Answer only if O06 is No."));
    assert!(text.contains("Answer only if I02 is “At another polling station”."));
    // Every conditional question of every template says when to answer it.
    let templates = latest(store.templates().unwrap());
    let conditional = templates
        .iter()
        .flat_map(|t| &t.questions)
        .filter(|q| q.show_if.is_some())
        .count();
    assert_eq!(text.matches("Answer only if").count(), conditional);
}

#[test]
fn russian_and_azerbaijani_forms() {
    let (_dir, store) = sample_store();
    let templates = latest(store.templates().unwrap());
    for (lang, words) in [
        (
            "ru",
            [
                "Код участка",
                "Да Нет Не наблюдалось",
                "Отвечайте, только если ответ на V15: Да.",
                "Если Нет или Не наблюдалось, перейдите к V18.",
            ],
        ),
        (
            "az",
            [
                "Məntəqənin kodu",
                "Bəli Xeyr Müşahidə olunmayıb",
                "Yalnız V15 sualının cavabı Bəli olduqda cavab verin.",
                "Xeyr və ya Müşahidə olunmayıb olduqda V18 sualına keçin.",
            ],
        ),
    ] {
        let pdf = render_forms_pdf(&store_forms_data(&store, lang).unwrap()).unwrap();
        let Some(text) = raw_text(&pdf) else { return };
        assert_every_question(&text, &templates, lang);
        for w in words {
            assert!(text.contains(w), "{lang}: `{w}` missing");
        }
    }
}

#[test]
fn pages_are_numbered_per_form() {
    let (_dir, store) = sample_store();
    let data = store_forms_data(&store, "en").unwrap();
    let pdf = render_forms_pdf(&data).unwrap();
    let Some(text) = pdf_text(&pdf) else { return };
    let pages: Vec<&str> = text
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    // Every page says which form it belongs to and which of its pages it is.
    let mut expected = Vec::new();
    for f in &data.forms {
        let n = pages
            .iter()
            .filter(|p| flat(p).contains(&format!("{} · {}, version", f.title, f.id)))
            .count();
        assert!(n >= 1, "{}: no page", f.id);
        for x in 1..=n {
            expected.push(format!("Page {x} / {n}"));
        }
    }
    assert_eq!(expected.len(), pages.len(), "every page belongs to a form");
    for (page, want) in pages.iter().zip(&expected) {
        assert!(flat(page).contains(want.as_str()), "`{want}` missing");
    }
    if have("pdfinfo") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("forms.pdf");
        std::fs::write(&path, &pdf).unwrap();
        let info = Command::new("pdfinfo").arg(&path).output().unwrap();
        let info = String::from_utf8_lossy(&info.stdout);
        assert!(info.contains("(A4)"), "A4: {info}");
        assert!(!info.contains("CreationDate"), "no clock: {info}");
    }
}

#[test]
fn same_templates_give_the_same_bytes() {
    let (dir, store) = sample_store();
    let data = store_forms_data(&store, "en").unwrap();
    let once = render_forms_pdf(&data).unwrap();
    let again = render_forms_pdf(&store_forms_data(&store, "en").unwrap()).unwrap();
    assert!(once == again, "rendering twice gives the same bytes");
    let path = dir.path().join("forms.pdf");
    write_forms_pdf(&store, "en", &path).unwrap();
    assert!(std::fs::read(&path).unwrap() == once, "the written file");
    // Another language is another document.
    let ru = render_forms_pdf(&store_forms_data(&store, "ru").unwrap()).unwrap();
    assert!(ru != once);
    // A missing folder is an error naming the path.
    let bad = dir.path().join("no-such-folder").join("forms.pdf");
    let err = write_forms_pdf(&store, "en", &bad).unwrap_err().to_string();
    assert!(err.contains("no-such-folder"), "{err}");
}

#[test]
fn a_custom_template_is_a_form_too() {
    let custom = Template::from_json(
        &serde_json::json!({
            "id": "media", "version": 3, "phase": "custom",
            "title": {"en": "Media monitoring", "fr": "Suivi des médias"},
            "questions": [
                {"code": "M01", "type": "single_choice", "label": {"en": "Which outlet?", "fr": "Quel média ?"},
                 "options": [{"value": "tv", "label": {"en": "Television"}}, {"value": "radio", "label": {"en": "Radio"}}]},
                {"code": "M02", "type": "integer", "label": {"en": "Minutes of coverage"}, "max": 999,
                 "show_if": {"code": "M01", "in": ["tv"]}},
                {"code": "M03", "type": "text", "label": {"en": "Notes"}}
            ]
        })
        .to_string(),
    )
    .unwrap();
    let mut templates = eom_core::templates::builtin();
    templates.push(custom.clone());
    let data = forms_data(&templates, "fr");
    assert_eq!(data.forms.last().unwrap().id, "media");
    let pdf = render_forms_pdf(&data).unwrap();
    let Some(text) = raw_text(&pdf) else { return };
    // The template's own French, English where it has none; the form's words in English.
    assert!(text.contains("Suivi des médias"));
    assert!(text.contains("M01 Quel média ? (tick one)"));
    assert!(text.contains("M02 Minutes of coverage Answer only if M01 is “Television”."));
    assert!(text.contains("If “Radio” or Not observed, go to M03."));
    assert_every_question(&text, &templates, "fr");
}

/// For designers editing `templates/forms.typ`: `EOM_FORMS_DIR=/some/folder cargo test -p
/// eom-report --test forms draft` writes the sample mission's forms in English, Russian and
/// Azerbaijani there (`forms-en.pdf` …), laid out with `EOM_FORMS_LAYOUT=path/to/forms.typ` when
/// given, so a layout change needs no rebuild. Without the variable it does nothing.
#[test]
fn draft() {
    let Some(dir) = std::env::var_os("EOM_FORMS_DIR") else {
        return;
    };
    let layout = std::env::var_os("EOM_FORMS_LAYOUT")
        .map(|p| std::fs::read_to_string(p).expect("layout"))
        .unwrap_or_else(|| eom_report::FORMS_TEMPLATE.to_string());
    let (_tmp, store) = sample_store();
    for lang in ["en", "ru", "az"] {
        let data = store_forms_data(&store, lang).unwrap();
        let pdf = eom_report::render_forms_pdf_with(&layout, &data).unwrap();
        std::fs::write(
            std::path::Path::new(&dir).join(format!("forms-{lang}.pdf")),
            pdf,
        )
        .unwrap();
    }
}
