//! Typed cells and one sheet's writer: a bold header row, frozen, with an autofilter over the
//! data, and column widths from the longest value written.
//!
//! Text is always written as a string cell (`write_string`), which Excel and LibreOffice store
//! and show as text and never evaluate. Text starting with a formula trigger (`=`, `+`, `-`, `@`,
//! a tab or a carriage return) is not changed (the analyst CSV's leading `'` would alter the data
//! an analyst filters and counts); instead its cell gets Excel's quote prefix, the cell property
//! that a typed leading `'` sets, so that editing the cell in Excel keeps it text rather than
//! turning it into a formula.

use chrono::{Datelike, NaiveDateTime, NaiveTime, Timelike};
use rust_xlsxwriter::{ColNum, ExcelDateTime, Format, FormatAlign, RowNum, Worksheet, XlsxError};

/// Excel's limit on the characters in one cell.
pub(crate) const MAX_CELL_CHARS: usize = 32_767;

/// Column widths (in characters) stay between these.
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A wall-clock date and time (already in the mission's zone), `yyyy-mm-dd hh:mm`.
    DateTime(NaiveDateTime),
    /// A time of day, `hh:mm`.
    Time(NaiveTime),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// Text, or an empty cell for empty text.
    pub fn text_or_empty(s: impl Into<String>) -> Cell {
        let s = s.into();
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s)
        }
    }

    pub fn count(n: impl TryInto<u32>) -> Cell {
        Cell::Number(n.try_into().map(f64::from).unwrap_or(f64::NAN))
    }

    pub fn opt_datetime(t: Option<NaiveDateTime>) -> Cell {
        t.map_or(Cell::Empty, Cell::DateTime)
    }

    /// `yes` / `no`, empty when unknown.
    pub fn yes_no(b: Option<bool>) -> Cell {
        match b {
            Some(true) => Cell::text("yes"),
            Some(false) => Cell::text("no"),
            None => Cell::Empty,
        }
    }

    /// The width the value needs, in characters.
    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            Cell::Number(n) => n.to_string().len(),
            Cell::DateTime(_) => 16,
            Cell::Time(_) => 5,
        }
    }
}

/// Does text start with something a spreadsheet would read as a formula?
pub(crate) fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

struct Formats {
    header: Format,
    datetime: Format,
    time: Format,
    quoted: Format,
    wrap: Format,
    wrap_quoted: Format,
}

/// One worksheet being written, row by row.
pub(crate) struct Sheet {
    ws: Worksheet,
    formats: Formats,
    columns: usize,
    rows: RowNum,
    widths: Vec<usize>,
    wrap: Vec<bool>,
}

impl Sheet {
    /// A sheet named `name` with its header row written.
    pub fn new(name: &str, header: &[String]) -> Result<Sheet, XlsxError> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        let mut sheet = Sheet {
            ws,
            formats: Formats {
                header: Format::new().set_bold().set_align(FormatAlign::Top),
                datetime: Format::new().set_num_format("yyyy-mm-dd hh:mm"),
                time: Format::new().set_num_format("hh:mm"),
                quoted: Format::new().set_quote_prefix(),
                wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
                wrap_quoted: Format::new()
                    .set_text_wrap()
                    .set_align(FormatAlign::Top)
                    .set_quote_prefix(),
            },
            columns: header.len(),
            rows: 0,
            widths: header.iter().map(|h| h.chars().count()).collect(),
            wrap: vec![false; header.len()],
        };
        for (col, h) in header.iter().enumerate() {
            let f = &sheet.formats.header;
            sheet.ws.write_string_with_format(0, col as ColNum, h, f)?;
        }
        Ok(sheet)
    }

    /// Text in column `col` wraps at line breaks (the codebook's option lists).
    pub fn wrap_column(&mut self, col: usize) {
        if let Some(w) = self.wrap.get_mut(col) {
            *w = true;
        }
    }

    /// Data rows written so far (the header not counted).
    pub fn rows(&self) -> u32 {
        self.rows
    }

    /// Writes the next data row; cells past the header's columns are an error (a bug).
    pub fn row(&mut self, cells: Vec<Cell>) -> Result<(), XlsxError> {
        if cells.len() > self.columns {
            return Err(XlsxError::ParameterError(format!(
                "{} cells for {} columns",
                cells.len(),
                self.columns
            )));
        }
        self.rows += 1;
        let row = self.rows;
        for (i, cell) in cells.into_iter().enumerate() {
            let col = i as ColNum;
            self.widths[i] = self.widths[i].max(cell.width());
            let f = &self.formats;
            match cell {
                Cell::Empty => {}
                Cell::Number(n) if n.is_finite() => {
                    self.ws.write_number(row, col, n)?;
                }
                Cell::Number(_) => {}
                Cell::Text(s) => {
                    let s = fit(s);
                    let format = match (self.wrap[i], looks_like_formula(&s)) {
                        (false, false) => None,
                        (false, true) => Some(&f.quoted),
                        (true, false) => Some(&f.wrap),
                        (true, true) => Some(&f.wrap_quoted),
                    };
                    match format {
                        Some(format) => self.ws.write_string_with_format(row, col, &s, format)?,
                        None => self.ws.write_string(row, col, &s)?,
                    };
                }
                Cell::DateTime(t) => match excel_datetime(t) {
                    Some(d) => {
                        self.ws
                            .write_datetime_with_format(row, col, d, &f.datetime)?;
                    }
                    None => {
                        let s = t.format("%Y-%m-%d %H:%M").to_string();
                        self.ws.write_string(row, col, s)?;
                    }
                },
                Cell::Time(t) => {
                    let d = ExcelDateTime::from_hms(t.hour() as u16, t.minute() as u8, 0)?;
                    self.ws.write_datetime_with_format(row, col, d, &f.time)?;
                }
            }
        }
        Ok(())
    }

    /// Freezes the header row, puts an autofilter over the table and sets the column widths.
    pub fn finish(mut self) -> Result<Worksheet, XlsxError> {
        if self.columns == 0 {
            return Ok(self.ws);
        }
        self.ws.set_freeze_panes(1, 0)?;
        let last_col = (self.columns - 1) as ColNum;
        self.ws.autofilter(0, 0, self.rows, last_col)?;
        for (col, w) in self.widths.iter().enumerate() {
            // Room for the autofilter's drop-down button beside the header.
            let width = (*w as f64 + 3.0).clamp(MIN_WIDTH, MAX_WIDTH);
            self.ws.set_column_width(col as ColNum, width)?;
        }
        Ok(self.ws)
    }
}

/// Text cut to what one Excel cell holds (texts in bundles may be longer), marked as cut.
fn fit(s: String) -> String {
    if s.chars().count() <= MAX_CELL_CHARS {
        return s;
    }
    let mut cut: String = s.chars().take(MAX_CELL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The wall-clock time as an Excel date-time (years 1900 to 9999; others are written as text).
fn excel_datetime(t: NaiveDateTime) -> Option<ExcelDateTime> {
    let year = u16::try_from(t.year()).ok()?;
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)
        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_recognised() {
        for s in ["=1+1", "+1", "-x", "@SUM(A1)", "\tcmd", "\r=1"] {
            assert!(looks_like_formula(s), "{s:?}");
        }
        for s in ["", "ok", "a=b", " =1", "'=1", "Bakı", "12"] {
            assert!(!looks_like_formula(s), "{s:?}");
        }
    }

    #[test]
    fn long_text_is_cut_to_one_cell() {
        let s = "ə".repeat(MAX_CELL_CHARS + 10);
        let cut = fit(s);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        assert_eq!(fit("short".into()), "short");
    }

    #[test]
    fn too_many_cells_are_refused() {
        let mut sheet = Sheet::new("t", &["a".to_string()]).unwrap();
        assert!(sheet.row(vec![Cell::Empty, Cell::Empty]).is_err());
        assert!(sheet.row(vec![Cell::text("x")]).is_ok());
        assert_eq!(sheet.rows(), 1);
    }
}
