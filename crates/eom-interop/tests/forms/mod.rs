//! Fixtures for the XLSForm and submissions tests: XLSForms written the way ODK's and Kobo's
//! documentation lays them out (built with rust_xlsxwriter here, no file checked in), and the
//! sample mission in a temporary database.
#![allow(dead_code)] // each test file uses its own part

use std::path::{Path, PathBuf};
use std::sync::Arc;

use eom_core::Store;
use eom_core::time::{SteppingClock, Timestamp};

/// Writes a workbook with the given sheets, each a list of rows (the first the header).
pub fn workbook(path: &Path, sheets: &[(&str, &[&[&str]])]) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    for (name, rows) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    ws.write_string(r as u32, c as u16, *text).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

pub const SURVEY_HEADER: &[&str] = &[
    "type",
    "name",
    "label::English (en)",
    "label::Russian (ru)",
    "hint::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "appearance",
];

/// A polling-station form as a mission might have it in ODK already: metadata, the visit's
/// header, groups (one with a condition), a note, every supported type, conditions and bounds.
pub const SURVEY: &[&[&str]] = &[
    SURVEY_HEADER,
    &["start", "start"],
    &["end", "end"],
    &[
        "text",
        "station_code",
        "Polling station code",
        "Код участка",
        "",
        "yes",
    ],
    &["text", "team_code", "Team code", "Код группы", "", "yes"],
    &[
        "time",
        "arrival",
        "Arrival time",
        "Время прибытия",
        "",
        "yes",
    ],
    &[
        "begin group",
        "setup",
        "Setup",
        "Подготовка",
        "",
        "",
        "",
        "",
        "",
        "field-list",
    ],
    &[
        "select_one yes_no",
        "q1",
        "Was the ballot box sealed?",
        "Был ли ящик опечатан?",
        "",
        "yes",
    ],
    &[
        "note",
        "intro",
        "Count the seals carefully",
        "Пересчитайте пломбы",
    ],
    &[
        "integer",
        "seals",
        "How many seals?",
        "Сколько пломб?",
        "Look at every side",
        "",
        "${q1} = 'yes'",
        ". >= 1 and . <= 8",
        "Between 1 and 8",
    ],
    &[
        "select_multiple missing",
        "missing",
        "What was missing?",
        "Чего не хватало?",
        "",
        "",
        "${q1} = 'no'",
    ],
    &["end group"],
    &[
        "begin group",
        "count",
        "Count",
        "Подсчёт",
        "",
        "",
        "${q1} = 'yes'",
    ],
    &[
        "select_one quality",
        "quality",
        "How was the count?",
        "Как прошёл подсчёт?",
        "",
        "yes",
        "${seals} > 6",
    ],
    &[
        "decimal",
        "share",
        "Share of invalid ballots (%)",
        "Доля недействительных (%)",
    ],
    &[
        "date",
        "protocol_date",
        "Date on the protocol",
        "Дата протокола",
    ],
    &["image", "photo", "Photo of the protocol", "Фото протокола"],
    &["end group"],
    &[
        "text",
        "comment",
        "Comments",
        "Комментарии",
        "",
        "",
        "selected(${missing}, 'ink') or selected(${missing}, 'seals')",
    ],
    &[
        "time",
        "closed_at",
        "Time the station closed",
        "Время закрытия",
    ],
];

pub const CHOICES: &[&[&str]] = &[
    &[
        "list_name",
        "name",
        "label::English (en)",
        "label::Russian (ru)",
    ],
    &["yes_no", "yes", "Yes", "Да"],
    &["yes_no", "no", "No", "Нет"],
    &["missing", "ink", "Ink", "Чернила"],
    &["missing", "seals", "Seals", "Пломбы"],
    &["missing", "booths", "Booths", "Кабины"],
    &["quality", "good", "Good", "Хорошо"],
    &["quality", "poor", "Poor", "Плохо"],
];

pub const SETTINGS: &[&[&str]] = &[
    &["form_title", "form_id", "version", "default_language"],
    &[
        "Polling station check",
        "station_check",
        "2024020701",
        "English (en)",
    ],
];

/// The form above in `dir`.
pub fn station_check(dir: &Path) -> PathBuf {
    let path = dir.join("station_check.xlsx");
    workbook(
        &path,
        &[
            ("survey", SURVEY),
            ("choices", CHOICES),
            ("settings", SETTINGS),
        ],
    );
    path
}

pub struct Mission {
    pub dir: tempfile::TempDir,
    pub store: Store,
}

impl Mission {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// The sample mission (`eom demo`): stations, five teams T01–T05, candidates.
pub fn sample() -> Mission {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(SteppingClock::starting_at(
        Timestamp::parse("2024-02-08T09:00:00Z").unwrap(),
    ));
    let mut store = Store::open_with_clock(&dir.path().join("mission.eom"), clock).unwrap();
    eom_core::demo::load_sample(&mut store).unwrap();
    Mission { dir, store }
}
