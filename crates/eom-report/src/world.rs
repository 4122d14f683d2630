//! The typst `World`: one template compiled into the binary, one JSON data file, the fonts shipped in
//! `fonts/`. No file system, no network, no packages, no system fonts, no clock: the same data always
//! gives the same PDF bytes.

use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

use crate::ReportError;

/// The report layout: a designer edits this file; it is compiled into the binary.
pub const TEMPLATE: &str = include_str!("../templates/report.typ");
/// Tagged (accessibility) PDF structure. Off: for a 1,000-visit report it made the file 13× larger
/// (1.9 MB instead of 146 kB, which matters for reports mailed from the field) while typst 0.15 does
/// not claim PDF/UA conformance anyway. Text extraction and copy-paste work either way.
const TAGGED: bool = false;

/// Where the template finds the report data (`json("/data.json")`).
pub const DATA_PATH: &str = "/data.json";

/// Noto fonts (OFL-1.1, see fonts/OFL.txt): Latin and Cyrillic, Arabic (Naskh) and Urdu (Nastaliq).
static FONT_FILES: [&[u8]; 5] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
    include_bytes!("../fonts/NotoSans-Italic.ttf"),
    include_bytes!("../fonts/NotoNaskhArabic-Regular.ttf"),
    include_bytes!("../fonts/NotoNastaliqUrdu-Regular.ttf"),
];

struct Shared {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: FileId,
    data: FileId,
}

// Parsing fonts and building the standard library cost a few milliseconds: done once per process.
static SHARED: LazyLock<Shared> = LazyLock::new(|| {
    let fonts: Vec<Font> = FONT_FILES
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect();
    let id = |path: &str| match VirtualPath::new(path) {
        Ok(vpath) => FileId::new(RootedPath::new(VirtualRoot::Project, vpath)),
        Err(_) => unreachable!("constant virtual paths are valid"),
    };
    Shared {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: id("/report.typ"),
        data: id(DATA_PATH),
    }
});

struct ReportWorld {
    shared: &'static Shared,
    /// The layout's file name in error messages (`report.typ`, `forms.typ`).
    name: &'static str,
    source: Source,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.shared.library
    }
    fn book(&self) -> &LazyHash<FontBook> {
        &self.shared.book
    }
    fn main(&self) -> FileId {
        self.shared.main
    }
    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.shared.main {
            Ok(self.source.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.shared.data {
            Ok(self.data.clone())
        } else if id == self.shared.main {
            Ok(Bytes::from_string(self.source.clone()))
        } else {
            Err(FileError::NotFound(id.vpath().get_with_slash().into()))
        }
    }
    fn font(&self, index: usize) -> Option<Font> {
        self.shared.fonts.get(index).cloned()
    }
    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // "Today" is the data's own date, never the wall clock.
        self.today
    }
}

fn describe(diags: &[SourceDiagnostic], world: &ReportWorld) -> String {
    use typst::WorldExt;
    let source = &world.source;
    diags
        .iter()
        .map(|d| {
            let line = world
                .range(d.span)
                .and_then(|r| source.lines().byte_to_line(r.start))
                .map(|l| format!("{}:{}: ", world.name, l + 1))
                .unwrap_or_default();
            let hints: String = d
                .hints
                .iter()
                .map(|h| format!(" (hint: {})", h.v))
                .collect();
            format!("{line}{}{hints}", d.message)
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Lays out `template` with `data` (JSON bytes); `at` is the document's date.
#[cfg(test)]
pub(crate) fn compile(
    template: &str,
    data: Vec<u8>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(PagedDocument, Option<Datetime>), ReportError> {
    compile_named("report.typ", template, data, Some(at))
}

/// Lays out any layout: `name` is its file name in error messages; without `at` the
/// document has no date (typst's `today` is unavailable).
fn compile_named(
    name: &'static str,
    template: &str,
    data: Vec<u8>,
    at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<(PagedDocument, Option<Datetime>), ReportError> {
    use chrono::{Datelike, Timelike};
    let shared: &'static Shared = &SHARED;
    let today = at.and_then(|at| {
        Datetime::from_ymd_hms(
            at.year(),
            at.month() as u8,
            at.day() as u8,
            at.hour() as u8,
            at.minute() as u8,
            at.second() as u8,
        )
    });
    let world = ReportWorld {
        shared,
        name,
        source: Source::new(shared.main, template.to_string()),
        data: Bytes::new(data),
        today,
    };
    let doc = typst::compile::<PagedDocument>(&world)
        .output
        .map_err(|diags| ReportError::Typeset(describe(&diags, &world)))?;
    Ok((doc, today))
}

/// Typesets `template` with `data` (JSON bytes) and exports the PDF. `at` is the document's date;
/// `ident` a stable document identifier (the data fingerprint).
pub(crate) fn typeset(
    template: &str,
    data: Vec<u8>,
    at: chrono::DateTime<chrono::Utc>,
    ident: &str,
) -> Result<Vec<u8>, ReportError> {
    typeset_named("report.typ", template, data, Some(at), ident)
}

/// [`typeset`] for any layout (the blank forms' `forms.typ`): `name` names it in error messages;
/// without `at` the PDF carries no date at all.
pub(crate) fn typeset_named(
    name: &'static str,
    template: &str,
    data: Vec<u8>,
    at: Option<chrono::DateTime<chrono::Utc>>,
    ident: &str,
) -> Result<Vec<u8>, ReportError> {
    let (doc, today) = compile_named(name, template, data, at)?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident.to_string()),
        creator: Smart::Custom(Some("EOM Reporter".into())),
        timestamp: today.map(typst_pdf::Timestamp::new_utc),
        tagged: TAGGED,
        ..Default::default()
    };
    let pdf = typst_pdf::pdf(&doc, &options).map_err(|diags| {
        ReportError::Pdf(
            diags
                .iter()
                .map(|d| d.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })?;
    // typst memoises across compilations; keep a long-lived app's memory bounded.
    typst::comemo::evict(10);
    Ok(pdf)
}

#[cfg(test)]
mod tests {
    use typst::layout::{Frame, FrameItem};
    use typst::text::TextItem;

    use super::*;

    fn text_items(frame: &Frame, out: &mut Vec<TextItem>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => text_items(&g.frame, out),
                FrameItem::Text(t) => out.push(t.clone()),
                _ => {}
            }
        }
    }

    /// Lays out `body` and returns its text runs.
    fn runs(body: &str) -> Vec<TextItem> {
        let (doc, _) =
            compile(body, b"{}".to_vec(), chrono::DateTime::UNIX_EPOCH).expect("compiles");
        let mut out = Vec::new();
        for page in doc.pages() {
            text_items(&page.frame, &mut out);
        }
        out
    }

    /// Shaping is real when the same letter gets different glyphs by position (initial, medial,
    /// final forms) and the run is laid out right to left (first glyph = last character).
    fn assert_shaped_rtl(run: &TextItem, family: &str) {
        assert_eq!(run.font.font().info().family, family);
        let first = run.glyphs.first().expect("glyphs");
        let last = run.glyphs.last().expect("glyphs");
        assert!(
            first.range().start > last.range().start,
            "laid out right to left"
        );
        let ids: std::collections::HashSet<u16> = run.glyphs.iter().map(|g| g.id).collect();
        assert_eq!(
            ids.len(),
            run.glyphs.len(),
            "each position has its own form: {:?}",
            run.glyphs
        );
    }

    #[test]
    fn arabic_is_shaped_right_to_left_with_noto_naskh() {
        // Three beh: initial, medial and final forms are three different glyphs.
        let items = runs("#set text(font: (\"Noto Sans\", \"Noto Naskh Arabic\"))\nببب");
        let run = items
            .iter()
            .find(|t| t.text.contains('ب'))
            .expect("an Arabic run");
        assert_shaped_rtl(run, "Noto Naskh Arabic");
    }

    #[test]
    fn urdu_is_shaped_with_noto_nastaliq() {
        let items =
            runs("#set text(font: (\"Noto Sans\", \"Noto Nastaliq Urdu\"), lang: \"ur\")\nببب");
        // Nastaliq positions each glyph on its own (the cascading baseline), so typst emits one
        // run per glyph: the letters' bodies and their dots.
        let glyphs: Vec<u16> = items
            .iter()
            .filter(|t| t.font.font().info().family == "Noto Nastaliq Urdu")
            .flat_map(|t| t.glyphs.iter().map(|g| g.id))
            .collect();
        let distinct: std::collections::HashSet<u16> = glyphs.iter().copied().collect();
        // Unshaped, three beh would be three copies of one isolated glyph; shaped, the initial,
        // medial and final forms differ.
        assert!(glyphs.len() >= 3 && distinct.len() >= 4, "{glyphs:?}");
        assert!(!distinct.contains(&0), "no .notdef");
    }

    #[test]
    fn azerbaijani_letters_have_glyphs() {
        let items = runs("Əə Ğğ Iı İi Şş Çç Öö Üü");
        assert!(
            items
                .iter()
                .all(|t| t.font.font().info().family == "Noto Sans")
        );
        // Glyph 0 is .notdef: a missing letter would show as a box.
        assert!(items.iter().flat_map(|t| &t.glyphs).all(|g| g.id != 0));
    }
}
