//! The workbook's editions and languages, what it refuses, and its layout: the public edition
//! holds no observer name, witness, person involved, note, review comment or attachment name;
//! the codebook speaks the chosen language; an unknown language writes nothing; the same data
//! gives the same bytes; every sheet has a frozen header and an autofilter, and text that looks
//! like a formula stays text.

mod common;

use std::io::Read;
use std::path::PathBuf;

use calamine::{Reader, Xlsx, open_workbook};
use common::*;
use eom_core::ErrorCode;
use eom_interop::{Edition, XlsxOptions, write_xlsx};

fn write(m: &mut Mission, lang: &str, edition: Edition, name: &str) -> PathBuf {
    let path = m.path(name);
    let opts = XlsxOptions {
        lang: lang.into(),
        edition,
    };
    write_xlsx(&mut m.store, &opts, &path).unwrap();
    path
}

/// Every text cell of every sheet, headers included.
fn all_text(path: &std::path::Path) -> Vec<String> {
    read_xlsx(path)
        .into_iter()
        .flat_map(|(_, rows)| rows.into_iter().flatten())
        .map(|d| text(&d).to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_public_edition_leaves_out_what_the_public_report_leaves_out() {
    let mut m = sample();
    let internal = all_text(&write(&mut m, "en", Edition::Internal, "internal.xlsx"));
    let public = all_text(&write(&mut m, "en", Edition::Public, "public.xlsx"));
    let b = m.bundle();
    let witness = b
        .incidents
        .iter()
        .find(|i| !i.witnesses.is_empty())
        .unwrap();
    let mut secrets: Vec<&str> = vec![NOTE, COMMENT, PHOTO, witness.witnesses.as_str()];
    let names: Vec<&str> = b.observers.iter().map(|o| o.name.as_str()).collect();
    secrets.extend(&names);
    let contains = |cells: &[String], s: &str| cells.iter().any(|c| c.contains(s));
    for s in [NOTE, COMMENT, PHOTO, witness.witnesses.as_str()] {
        assert!(contains(&internal, s), "the internal edition has {s:?}");
    }
    assert!(
        names.iter().any(|n| contains(&internal, n)),
        "the internal edition names the observers"
    );
    for s in &secrets {
        assert!(!contains(&public, s), "the public edition has {s:?}");
    }
    let headers = |name: &str| -> Vec<String> {
        read_xlsx(&m.path(name))
            .into_iter()
            .flat_map(|(_, rows)| rows.into_iter().next().unwrap_or_default())
            .map(|d| text(&d).to_string())
            .collect()
    };
    let (internal, public) = (headers("internal.xlsx"), headers("public.xlsx"));
    for header in [
        "observers",
        "visit_notes",
        "review_comment",
        "attachments",
        "persons",
        "witnesses",
    ] {
        assert!(internal.iter().any(|c| c == header), "internal: {header}");
        assert!(!public.iter().any(|c| c == header), "public: {header}");
    }
    // The public edition still says how many photos there are, not what they are called.
    let sheets = read_xlsx(&m.path("public.xlsx"));
    let counting = &sheets.iter().find(|(n, _)| n == "counting").unwrap().1;
    let photo = counting[0].iter().position(|h| text(h) == "C31").unwrap();
    let photos: Vec<f64> = counting[1..]
        .iter()
        .filter_map(|r| number(&r[photo]))
        .collect();
    assert_eq!(photos, [1.0]);
}

#[test]
fn the_codebook_speaks_the_chosen_language() {
    let mut m = sample();
    let b = m.bundle();
    for (lang, yes_no) in [
        ("ru", "yes = Да\nno = Нет\nnot_observed = Не наблюдалось"),
        (
            "az",
            "yes = Bəli\nno = Xeyr\nnot_observed = Müşahidə olunmayıb",
        ),
    ] {
        let path = write(&mut m, lang, Edition::Internal, &format!("{lang}.xlsx"));
        let sheets = read_xlsx(&path);
        let codebook = &sheets.iter().find(|(n, _)| n == "codebook").unwrap().1;
        let h = |name: &str| codebook[0].iter().position(|c| text(c) == name).unwrap();
        let mut yes_no_rows = 0;
        for row in &codebook[1..] {
            let t = b
                .templates
                .iter()
                .find(|t| t.id == text(&row[h("sheet")]))
                .unwrap();
            let q = t.question(text(&row[h("code")])).unwrap();
            assert_eq!(
                text(&row[h("question")]),
                q.label[lang],
                "{lang} {}",
                q.code
            );
            if let Some(section) = &q.section {
                assert_eq!(text(&row[h("section")]), section[lang]);
            }
            for o in &q.options {
                let option = format!("{} = {}", o.value, o.label[lang]);
                assert!(text(&row[h("options")]).contains(&option), "{option}");
            }
            if text(&row[h("type")]) == "yes_no" {
                assert_eq!(text(&row[h("options")]), yes_no);
                yes_no_rows += 1;
            }
        }
        assert!(yes_no_rows > 10);
    }
}

#[test]
fn an_unknown_language_is_refused_and_nothing_is_written() {
    let mut m = sample();
    let path = m.path("fr.xlsx");
    let opts = XlsxOptions {
        lang: "fr".into(),
        edition: Edition::Internal,
    };
    let err = write_xlsx(&mut m.store, &opts, &path).unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("`fr`"), "{err}");
    assert!(err.to_string().contains("en, ru, az"), "{err}");
    assert!(!path.exists());
}

#[test]
fn the_same_data_gives_the_same_bytes() {
    let mut m = sample();
    let a = std::fs::read(write(&mut m, "en", Edition::Internal, "a.xlsx")).unwrap();
    let b = std::fs::read(write(&mut m, "en", Edition::Internal, "b.xlsx")).unwrap();
    assert!(a == b, "two exports of one database differ");
    let public = std::fs::read(write(&mut m, "en", Edition::Public, "c.xlsx")).unwrap();
    assert!(a != public);
}

fn zip_member(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn every_sheet_has_a_frozen_header_an_autofilter_and_widths() {
    let mut m = sample();
    let path = write(&mut m, "en", Edition::Internal, "m.xlsx");
    let sheets = read_xlsx(&path);
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let xml = zip_member(&path, &format!("xl/worksheets/sheet{}.xml", i + 1));
        assert!(
            xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#),
            "{name}: frozen"
        );
        let last = rows[0].len();
        let last_col = column_letters(last);
        let filter = format!(r#"<autoFilter ref="A1:{last_col}{}"/>"#, rows.len());
        assert!(xml.contains(&filter), "{name}: {filter}");
        assert!(
            xml.contains("<cols>") && xml.contains("customWidth=\"1\""),
            "{name}: widths"
        );
        assert!(rows.len() > 1, "{name} has data");
    }
}

fn column_letters(n: usize) -> String {
    let mut n = n;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

#[test]
fn text_that_looks_like_a_formula_stays_text() {
    let mut m = sample();
    let path = write(&mut m, "en", Edition::Internal, "m.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    for name in wb.sheet_names() {
        let formulas = wb.worksheet_formula(&name).unwrap();
        assert!(
            formulas.used_cells().next().is_none(),
            "{name} has a formula"
        );
    }
    let sheets = read_xlsx(&path);
    let notes: Vec<&str> = sheets
        .iter()
        .flat_map(|(_, rows)| rows.iter().flatten())
        .map(text)
        .filter(|s| *s == NOTE)
        .collect();
    assert!(
        !notes.is_empty(),
        "the note is kept exactly, without a leading quote"
    );
    // Excel's quote prefix keeps it text when the cell is edited.
    assert!(zip_member(&path, "xl/styles.xml").contains(r#"quotePrefix="1""#));
}
