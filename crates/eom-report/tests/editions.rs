//! Editions, languages and determinism: the public edition leaves out names, witnesses, notes and
//! review comments; Russian and Azerbaijani words print; the same data gives the same bytes.

mod common;

use std::path::Path;
use std::process::Command;

use common::*;
use eom_core::Store;
use eom_core::model::{AttachmentOwner, ReviewStatus};
use eom_report::{
    Edition, ReportOptions, render_html, render_pdf, report_data, write_html, write_pdf,
};

const NOTE: &str = "Chairman Rustamov shouted at the interpreter";
const REVIEW: &str = "Ask team about the missing seal photo";
const PHOTO: &str = "protocol-photo-4471.jpg";

fn opts(edition: Edition, lang: &str, detail: bool) -> ReportOptions {
    ReportOptions {
        edition,
        lang: lang.into(),
        detail,
        annex: None,
    }
}

/// The sample mission with a visit note, a review comment and a photo added.
fn annotated_sample() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = sample_store();
    let visit = store
        .visits(None)
        .expect("visits")
        .into_iter()
        .next()
        .expect("a visit");
    let header = eom_core::VisitHeader {
        arrival_at: visit.arrival_at,
        departure_at: visit.departure_at,
        breaks: visit.breaks.clone(),
        phases: visit.phases.clone(),
        observer_ids: visit.observer_ids.clone(),
        interpreter_used: visit.interpreter_used,
        voters_on_list: visit.voters_on_list,
        voters_voted_at_arrival: visit.voters_voted_at_arrival,
        observed_unrestricted: visit.observed_unrestricted,
        notes: NOTE.into(),
    };
    store
        .save_visit_header(visit.meta.id, header)
        .expect("notes");
    let checklist = store
        .checklists_for_visit(visit.meta.id)
        .expect("checklists")
        .remove(0);
    store
        .review_checklist(checklist.meta.id, ReviewStatus::Flagged, REVIEW)
        .expect("review");
    store
        .attach(
            AttachmentOwner::Visit,
            visit.meta.id,
            None,
            PHOTO,
            vec![0xFF, 0xD8, 0xFF, 0xD9],
        )
        .expect("attach");
    (dir, store)
}

fn secrets(store: &Store) -> Vec<String> {
    let mut s: Vec<String> = store
        .observers()
        .expect("observers")
        .into_iter()
        .map(|o| o.name)
        .collect();
    s.extend(
        store
            .incidents()
            .expect("incidents")
            .into_iter()
            .map(|i| i.witnesses)
            .filter(|w| !w.is_empty()),
    );
    s.extend([
        NOTE.to_string(),
        REVIEW.to_string(),
        PHOTO.to_string(),
        "Commission member".to_string(),
    ]);
    s
}

#[test]
fn public_edition_has_no_names_witnesses_notes_or_photos() {
    let (_dir, mut store) = annotated_sample();
    let secrets = secrets(&store);
    assert!(secrets.len() > 10);
    // The internal edition with detail pages shows them: the test would notice a leak.
    let internal =
        render_pdf(&report_data(&mut store, &opts(Edition::Internal, "en", true)).expect("data"))
            .expect("pdf");
    let public =
        render_pdf(&report_data(&mut store, &opts(Edition::Public, "en", true)).expect("data"))
            .expect("pdf");
    let (Some(internal), Some(public)) = (pdf_text(&internal), pdf_text(&public)) else {
        return;
    };
    let (internal, public) = (flat(&internal), flat(&public));
    for s in &secrets {
        assert!(
            internal.contains(s.as_str()),
            "internal edition should show {s:?}"
        );
        assert!(!public.contains(s.as_str()), "public edition shows {s:?}");
    }
    assert!(public.contains("Public edition") && internal.contains("Internal edition"));
    let html =
        render_html(&report_data(&mut store, &opts(Edition::Public, "en", false)).expect("data"));
    for s in &secrets {
        assert!(!html.contains(s.as_str()), "public HTML shows {s:?}");
    }
}

#[test]
fn detail_pages_only_in_the_internal_edition() {
    let (_dir, mut store) = sample_store();
    let visits = store.visits(None).expect("visits").len();
    if !have("pdfinfo") {
        return;
    }
    let pages = |o: &ReportOptions, store: &mut Store| {
        let pdf = render_pdf(&report_data(store, o).expect("data")).expect("pdf");
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("r.pdf");
        std::fs::write(&path, pdf).expect("write");
        let info = String::from_utf8(
            Command::new("pdfinfo")
                .arg(&path)
                .output()
                .expect("pdfinfo")
                .stdout,
        )
        .expect("utf-8");
        let line = info
            .lines()
            .find(|l| l.starts_with("Pages:"))
            .expect("Pages line")
            .to_string();
        line["Pages:".len()..]
            .trim()
            .parse::<usize>()
            .expect("page count")
    };
    let plain = pages(&opts(Edition::Internal, "en", false), &mut store);
    let detailed = pages(&opts(Edition::Internal, "en", true), &mut store);
    let public = pages(&opts(Edition::Public, "en", true), &mut store);
    assert!(
        detailed >= plain + visits,
        "{plain} pages, {detailed} with detail for {visits} visits"
    );
    assert_eq!(public, plain, "the public edition has no detail pages");
}

#[test]
fn russian_and_azerbaijani_editions() {
    let (_dir, mut store) = sample_store();
    let ru = report_data(&mut store, &opts(Edition::Public, "ru", false)).expect("data");
    let az = report_data(&mut store, &opts(Edition::Public, "az", false)).expect("data");
    let opening = &ru.statistics.assessments["opening"];
    assert!(
        opening.total < 30 && opening.negative_display.contains(" из "),
        "{}",
        opening.negative_display
    );
    // The tabulation's shares too (the sample has three commissions, two observed).
    let tab = &ru.statistics.tabulation;
    assert_eq!(tab.commissions_observed_display, "2 из 3");
    assert_eq!(
        az.statistics.tabulation.commissions_observed_display,
        "2 / 3"
    );
    let (Some(ru_text), Some(az_text)) = (
        pdf_text(&render_pdf(&ru).expect("ru")),
        pdf_text(&render_pdf(&az).expect("az")),
    ) else {
        return;
    };
    let ru_text = flat(&ru_text);
    for s in [
        "Отчёт миссии по наблюдению за выборами",
        "Методология и оговорки",
        "Голосование",
        "Наблюдаемая явка",
        "Приложение: посещения",
        "Публичная редакция",
    ] {
        assert!(ru_text.contains(s), "Russian: {s}");
    }
    assert!(ru_text.contains(&opening.negative_display));
    // Protocol failures: the check's name in Russian and the figures without English words.
    assert!(!ru.statistics.protocol_failures.is_empty());
    for f in &ru.statistics.protocol_failures {
        assert!(!f.formula.is_empty() && f.message == f.formula, "{f:?}");
        assert!(ru_text.contains(&flat(&f.formula)), "{}", f.formula);
        // The name may wrap inside its narrow cell: look for its first word.
        let name = &ru.strings[&format!("check_{}", f.check)];
        let first = name.split_whitespace().next().unwrap();
        assert!(
            first
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))
        );
        assert!(ru_text.contains(first), "{name}");
    }
    assert!(!ru_text.contains("candidates' votes sum"));
    // Question labels come from the templates' Russian text.
    assert!(
        ru.statistics
            .problems
            .iter()
            .all(|p| p.question.chars().any(|c| ('а'..='я').contains(&c)))
    );
    let az_text = flat(&az_text);
    for s in [
        "Seçki müşahidə missiyasının hesabatı",
        "Ərazi növü üzrə qiymət",
        "Səsvermə",
        "Qeydə alınmış hadisələr",
        "Müşahidəçilər",
    ] {
        assert!(az_text.contains(s), "Azerbaijani (ə ğ ı ş): {s}");
    }
}

#[test]
fn arabic_and_urdu_text_use_the_shipped_fonts() {
    let (_dir, mut store) = sample_store();
    let mut data = report_data(&mut store, &opts(Edition::Public, "en", false)).expect("data");
    data.mission.name = "بعثة مراقبة الانتخابات — انتخابات پاکستان".into();
    data.mission.country = "Azərbaycan — Şəki, Gəncə, Ağdam, Qazıməmməd".into();
    let pdf = render_pdf(&data).expect("pdf");
    if !have("pdffonts") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("r.pdf");
    std::fs::write(&path, &pdf).expect("write");
    let fonts = String::from_utf8(
        Command::new("pdffonts")
            .arg(&path)
            .output()
            .expect("pdffonts")
            .stdout,
    )
    .expect("utf-8");
    assert!(
        fonts.contains("NotoNaskhArabic"),
        "Arabic falls back to Noto Naskh Arabic:\n{fonts}"
    );
    assert!(fonts.contains("NotoSans"), "{fonts}");
    let text = flat(&pdf_text(&pdf).expect("text"));
    assert!(text.contains("Azərbaycan — Şəki, Gəncə, Ağdam, Qazıməmməd"));
}

#[test]
fn same_data_gives_the_same_bytes() {
    let (_a, mut one) = sample_store();
    let (_b, mut two) = sample_store();
    let o = opts(Edition::Internal, "en", true);
    let first = render_pdf(&report_data(&mut one, &o).expect("data")).expect("pdf");
    let again = render_pdf(&report_data(&mut one, &o).expect("data")).expect("pdf");
    let other = render_pdf(&report_data(&mut two, &o).expect("data")).expect("pdf");
    assert!(first == again, "two renders of one database differ");
    assert!(first == other, "two databases with the same records differ");
    let d1 = report_data(&mut one, &o).expect("data");
    assert_eq!(d1.fingerprint.len(), 16);
    // The latest change: the sample's last tabulation checklist, submitted at 03:30 after election night.
    assert_eq!(d1.generated_display, "2024-02-08 03:30 (Asia/Baku)");
}

#[test]
fn writes_files_atomically() {
    let (dir, mut store) = sample_store();
    let pdf = dir.path().join("report.pdf");
    let html = dir.path().join("report.html");
    write_pdf(&mut store, &ReportOptions::default(), &pdf).expect("pdf");
    write_html(&mut store, &ReportOptions::default(), &html).expect("html");
    assert!(std::fs::read(&pdf).expect("read").starts_with(b"%PDF-"));
    assert!(
        std::fs::read_to_string(&html)
            .expect("read")
            .starts_with("<!DOCTYPE html>")
    );
    let err = write_pdf(
        &mut store,
        &ReportOptions::default(),
        Path::new("/nonexistent-dir/report.pdf"),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent-dir/report.pdf"),
        "{err}"
    );
}

/// Renders pages to PNG for people to look at: into docs/screenshots with EOM_SCREENSHOTS=1,
/// otherwise into a temporary folder (still proving the PDF rasterises).
#[test]
fn screenshots() {
    if !have("pdftoppm") {
        return;
    }
    let (_dir, mut store) = annotated_sample();
    let out = match std::env::var_os("EOM_SCREENSHOTS") {
        Some(_) => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots"),
        None => std::env::temp_dir().join(format!("eom-report-shots-{}", std::process::id())),
    };
    std::fs::create_dir_all(&out).expect("dir");
    let tmp = tempfile::tempdir().expect("dir");
    for (name, o, pages) in [
        (
            "en",
            opts(Edition::Internal, "en", true),
            vec![1, 2, 3, 4, 7, 8],
        ),
        ("ru-public", opts(Edition::Public, "ru", false), vec![1, 3]),
    ] {
        let pdf = tmp.path().join(format!("{name}.pdf"));
        std::fs::write(
            &pdf,
            render_pdf(&report_data(&mut store, &o).expect("data")).expect("pdf"),
        )
        .expect("write");
        for p in pages {
            let prefix = out.join(format!("report-{name}-p{p}"));
            let status = Command::new("pdftoppm")
                .args([
                    "-r",
                    "60",
                    "-png",
                    "-singlefile",
                    "-f",
                    &p.to_string(),
                    "-l",
                    &p.to_string(),
                ])
                .arg(&pdf)
                .arg(&prefix)
                .status()
                .expect("pdftoppm");
            assert!(status.success());
        }
    }
}

/// A mission just set up, with no teams or visits yet, still gives a (short) report.
#[test]
fn empty_mission_renders() {
    let (_dir, mut store) = temp_store();
    store
        .create_mission(eom_core::NewMission {
            name: "Mission <without> visits & \"quotes\"".into(),
            organisation: String::new(),
            country: "Azərbaycan".into(),
            election_name: "Test".into(),
            election_date: chrono::NaiveDate::from_ymd_opt(2024, 2, 7).expect("date"),
            time_zone: "Asia/Baku".into(),
            languages: vec!["en".into()],
            accreditation_ref: String::new(),
            candidates: Vec::new(),
        })
        .expect("mission");
    for lang in ["en", "ru", "az", "fr"] {
        let data = report_data(&mut store, &opts(Edition::Internal, lang, true)).expect("data");
        assert!(render_pdf(&data).expect("pdf").starts_with(b"%PDF-"));
        let html = render_html(&data);
        assert!(html.contains("Mission &lt;without&gt; visits &amp; &quot;quotes&quot;"));
    }
}

/// Sections are PDF bookmarks, and every page after the cover says "Page X / N".
#[test]
fn bookmarks_contents_and_page_numbers() {
    let (_dir, mut store) = sample_store();
    let pdf =
        render_pdf(&report_data(&mut store, &opts(Edition::Public, "en", false)).expect("data"))
            .expect("pdf");
    assert!(
        pdf.windows(9).any(|w| w == b"/Outlines"),
        "the PDF has an outline (bookmarks)"
    );
    let Some(text) = pdf_text(&pdf) else {
        return;
    };
    let pages = text.matches('\u{c}').count();
    assert!(pages >= 5, "{pages} pages");
    for p in 2..=pages {
        assert!(
            text.contains(&format!("Page {p} / {pages}")),
            "page {p} of {pages} is numbered"
        );
    }
    let flat = flat(&text);
    assert!(
        flat.contains("Contents 1. Method and caveats"),
        "table of contents"
    );
}
