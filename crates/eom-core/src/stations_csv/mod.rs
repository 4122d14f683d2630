//! Reading the election administration's polling-station list (SPEC 5): UTF-8 with or without BOM,
//! comma or semicolon separated, header names case-insensitive, every unknown column an
//! administrative level in column order. Errors name the line and column.

mod write;

pub use write::write;

use std::collections::HashMap;
use std::path::Path;

use serde::Serialize;

use crate::error::{LineError, Result};
use crate::limits::{MAX_CSV_FIELD_BYTES, MAX_STATIONS_CSV_BYTES, read_file};
use crate::model::{AdminLevel, Setting, StationKind, StationType};

/// One valid line of the file.
#[derive(Debug, Clone, PartialEq)]
pub struct StationRow {
    pub line: u64,
    pub code: String,
    pub name: String,
    pub address: String,
    pub admin_levels: Vec<AdminLevel>,
    pub setting: Option<Setting>,
    pub station_type: Option<StationType>,
    pub registered_voters: Option<u32>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `station` (empty cells too) or `commission`.
    pub kind: StationKind,
}

#[derive(Debug, Default)]
pub struct ParsedStations {
    pub rows: Vec<StationRow>,
    pub errors: Vec<LineError>,
    /// How the header was understood: column name → field (or `level`).
    pub mapping: Vec<(String, String)>,
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Code,
    Name,
    Address,
    Setting,
    Type,
    Voters,
    Lat,
    Lon,
    Kind,
    Level,
}

fn field_for(header: &str) -> Field {
    match header {
        "code" | "number" | "station_code" => Field::Code,
        "name" => Field::Name,
        "address" => Field::Address,
        "setting" => Field::Setting,
        "type" => Field::Type,
        "registered_voters" | "voters" => Field::Voters,
        "latitude" | "lat" => Field::Lat,
        "longitude" | "lon" | "lng" => Field::Lon,
        "kind" => Field::Kind,
        _ => Field::Level,
    }
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::Code => "code",
        Field::Name => "name",
        Field::Address => "address",
        Field::Setting => "setting",
        Field::Type => "type",
        Field::Voters => "registered_voters",
        Field::Lat => "latitude",
        Field::Lon => "longitude",
        Field::Kind => "kind",
        Field::Level => "administrative level",
    }
}

/// The separator used in the header line: the more frequent of `;` and `,` outside quotes.
fn detect_separator(data: &[u8]) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for &b in data {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

fn parse_station_type(s: &str) -> Result<StationType, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "special" => Ok(StationType::Other),
        other => other.parse(),
    }
}

/// The line of a quoted field that is never closed, if any. The CSV reader would silently take the
/// rest of the file into that field (and so drop the stations after it), so this is checked first.
/// Follows RFC 4180 as the reader does: a quote opens a field only at its start, `""` inside a
/// quoted field is a quote.
fn unclosed_quote(data: &[u8], sep: u8) -> Option<u64> {
    let (mut line, mut opened_on) = (1u64, 0u64);
    let (mut at_field_start, mut quoted) = (true, false);
    let mut i = 0;
    while i < data.len() {
        let b = data[i];
        if quoted {
            if b == b'"' {
                if data.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    quoted = false;
                }
            }
        } else if b == b'"' && at_field_start {
            quoted = true;
            opened_on = line;
        }
        if b == b'\n' {
            line += 1;
        }
        at_field_start = !quoted && (b == sep || b == b'\n' || b == b'\r');
        i += 1;
    }
    quoted.then_some(opened_on)
}

/// File line numbers (header = 1) from byte offsets. The CSV reader's own line count does not
/// count the line breaks inside quoted fields, so after a multi-line address every record would be
/// named a line too early; counting the file's line breaks names the line an editor shows.
struct FileLines<'d> {
    data: &'d [u8],
    breaks: Vec<usize>,
}

impl<'d> FileLines<'d> {
    fn new(data: &'d [u8]) -> Self {
        let breaks = data
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .map(|(i, _)| i)
            .collect();
        FileLines { data, breaks }
    }

    /// The line on which the record read from `offset` starts: the reader's position is where it
    /// began reading, before the blank lines it skips.
    fn at(&self, offset: u64) -> u64 {
        let mut at = offset as usize;
        while self
            .data
            .get(at)
            .is_some_and(|b| matches!(b, b'\n' | b'\r'))
        {
            at += 1;
        }
        self.breaks.partition_point(|&nl| nl < at) as u64 + 1
    }
}

/// A control character (NUL, escape …) other than tab and line breaks: a sign of a binary or
/// wrongly encoded file, never part of a station's data.
fn control_char(s: &str) -> Option<char> {
    s.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// Parses the whole file. Header problems and an unclosed quote come back as a single error with
/// no rows.
pub fn parse(data: &[u8]) -> ParsedStations {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let mut out = ParsedStations::default();
    let sep = detect_separator(data);
    if let Some(line) = unclosed_quote(data, sep) {
        out.errors.push(LineError {
            line,
            column: None,
            message: "a quoted field starts on this line and is never closed (a `\"` is missing)"
                .into(),
        });
        return out;
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .has_headers(false)
        .from_reader(data);
    let mut records = reader.byte_records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => {
            out.errors.push(LineError {
                line: 1,
                column: None,
                message: format!("unreadable header: {e}"),
            });
            return out;
        }
        None => {
            out.errors.push(LineError {
                line: 1,
                column: None,
                message: "the file is empty: expected a header line with a `code` column".into(),
            });
            return out;
        }
    };
    let mut names = Vec::new();
    let mut fields = Vec::new();
    for (i, raw) in header.iter().enumerate() {
        let Ok(name) = std::str::from_utf8(raw) else {
            out.errors.push(LineError {
                line: 1,
                column: Some(format!("#{}", i + 1)),
                message: "the header is not valid UTF-8".into(),
            });
            return out;
        };
        let name = name.trim().to_lowercase();
        if let Some(c) = control_char(&name) {
            out.errors.push(LineError {
                line: 1,
                column: Some(format!("#{}", i + 1)),
                message: format!(
                    "the header holds the control character U+{:04X}: is this a CSV file?",
                    c as u32
                ),
            });
            return out;
        }
        if name.is_empty() {
            out.errors.push(LineError {
                line: 1,
                column: Some(format!("#{}", i + 1)),
                message: "a column has no name".into(),
            });
            return out;
        }
        if names.contains(&name) {
            out.errors.push(LineError {
                line: 1,
                column: Some(name.clone()),
                message: "this column appears twice".into(),
            });
            return out;
        }
        let f = field_for(&name);
        if f != Field::Level && fields.contains(&f) {
            out.errors.push(LineError {
                line: 1,
                column: Some(name.clone()),
                message: format!("a second column for `{}`", field_name(f)),
            });
            return out;
        }
        out.mapping.push((name.clone(), field_name(f).to_string()));
        names.push(name);
        fields.push(f);
    }
    if !fields.contains(&Field::Code) {
        out.errors.push(LineError {
            line: 1,
            column: None,
            message: format!("no `code` column; the columns are: {}", names.join(", ")),
        });
        return out;
    }
    let mut seen_codes: HashMap<String, u64> = HashMap::new();
    let lines = FileLines::new(data);
    for rec in records {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| lines.at(p.byte())).unwrap_or(0);
                out.errors.push(LineError {
                    line,
                    column: None,
                    message: format!("unreadable line: {e}"),
                });
                continue;
            }
        };
        let line = rec.position().map(|p| lines.at(p.byte())).unwrap_or(0);
        if rec.len() == 1
            && rec
                .get(0)
                .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
        {
            continue; // blank line
        }
        if rec.len() != names.len() {
            out.errors.push(LineError {
                line,
                column: None,
                message: format!(
                    "expected {} fields as in the header, found {}",
                    names.len(),
                    rec.len()
                ),
            });
            continue;
        }
        match parse_row(line, &rec, &names, &fields) {
            Ok(row) => {
                if let Some(first) = seen_codes.get(&row.code) {
                    out.errors.push(LineError {
                        line,
                        column: Some("code".into()),
                        message: format!("station code `{}` is already on line {first}", row.code),
                    });
                } else {
                    seen_codes.insert(row.code.clone(), line);
                    out.rows.push(row);
                }
            }
            Err(mut errs) => out.errors.append(&mut errs),
        }
    }
    out
}

fn parse_row(
    line: u64,
    rec: &csv::ByteRecord,
    names: &[String],
    fields: &[Field],
) -> Result<StationRow, Vec<LineError>> {
    let mut errors = Vec::new();
    let mut row = StationRow {
        line,
        code: String::new(),
        name: String::new(),
        address: String::new(),
        admin_levels: Vec::new(),
        setting: None,
        station_type: None,
        registered_voters: None,
        latitude: None,
        longitude: None,
        kind: StationKind::Station,
    };
    for (i, raw) in rec.iter().enumerate() {
        let col = &names[i];
        let mut err = |message: String| {
            errors.push(LineError {
                line,
                column: Some(col.clone()),
                message,
            })
        };
        if raw.len() > MAX_CSV_FIELD_BYTES {
            err(format!(
                "the field is {} bytes long; a field may have at most {MAX_CSV_FIELD_BYTES} bytes",
                raw.len()
            ));
            continue;
        }
        let Ok(value) = std::str::from_utf8(raw) else {
            err("not valid UTF-8 text (save the file as UTF-8)".into());
            continue;
        };
        if let Some(c) = control_char(value) {
            err(format!(
                "holds the control character U+{:04X}, which no station data has",
                c as u32
            ));
            continue;
        }
        let value = value.trim();
        match fields[i] {
            Field::Code => {
                if value.is_empty() {
                    err("the station code is empty".into());
                }
                row.code = value.to_string();
            }
            Field::Name => row.name = value.to_string(),
            Field::Address => row.address = value.to_string(),
            Field::Level => {
                if !value.is_empty() {
                    row.admin_levels.push(AdminLevel {
                        level: col.clone(),
                        value: value.to_string(),
                    })
                }
            }
            Field::Setting if value.is_empty() => {}
            Field::Setting => match value.parse::<Setting>() {
                Ok(s) => row.setting = Some(s),
                Err(e) => err(e),
            },
            Field::Type if value.is_empty() => {}
            Field::Type => match parse_station_type(value) {
                Ok(t) => row.station_type = Some(t),
                Err(e) => err(e),
            },
            Field::Kind if value.is_empty() => {}
            Field::Kind => match value.parse::<StationKind>() {
                Ok(k) => row.kind = k,
                Err(e) => err(e),
            },
            Field::Voters if value.is_empty() => {}
            Field::Voters => match value.parse::<u32>() {
                Ok(n) => row.registered_voters = Some(n),
                Err(_) => err(format!("`{value}` is not a whole number of voters")),
            },
            Field::Lat | Field::Lon if value.is_empty() => {}
            Field::Lat | Field::Lon => {
                let limit = if fields[i] == Field::Lat { 90.0 } else { 180.0 };
                match value.replace(',', ".").parse::<f64>() {
                    Ok(x) if x.is_finite() && x.abs() <= limit => {
                        if fields[i] == Field::Lat {
                            row.latitude = Some(x)
                        } else {
                            row.longitude = Some(x)
                        }
                    }
                    _ => err(format!(
                        "`{value}` is not a coordinate between -{limit} and {limit}"
                    )),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(row)
    } else {
        Err(errors)
    }
}

/// What a chosen station list will import, before anything is written (the app's preview).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StationsPreview {
    pub file_name: String,
    /// Valid lines.
    pub rows: u32,
    /// Column → field, as the header was understood.
    pub mapping: Vec<(String, String)>,
    pub errors: Vec<LineError>,
    /// The first valid lines (five at most): code, name, top level.
    pub sample: Vec<(String, String, String)>,
}

/// How many valid lines a [`StationsPreview`] shows.
pub const PREVIEW_SAMPLE: usize = 5;

/// Reads and parses the station list at `path` without writing anything: refused unread above
/// [`MAX_STATIONS_CSV_BYTES`] (the error names the file, its size and the limit), as the import
/// itself would be.
pub fn preview(path: &Path) -> Result<StationsPreview> {
    let data = read_file(path, MAX_STATIONS_CSV_BYTES, "station list")?;
    let parsed = parse(&data);
    let top_level = |r: &StationRow| {
        r.admin_levels
            .first()
            .map(|l| l.value.clone())
            .unwrap_or_default()
    };
    Ok(StationsPreview {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rows: parsed.rows.len() as u32,
        sample: parsed
            .rows
            .iter()
            .take(PREVIEW_SAMPLE)
            .map(|r| (r.code.clone(), r.name.clone(), top_level(r)))
            .collect(),
        mapping: parsed.mapping,
        errors: parsed.errors,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semicolons_bom_quotes_and_levels() {
        let data = "\u{FEFF}Code;Name;Region;District;Setting;Registered_Voters\n\
                    001;\"School; No 1\";Baku;Nasimi;urban;1200\n\
                    002;\"Line\nbreak\";Baku;Sabail;rural;\n";
        let p = parse(data.as_bytes());
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].name, "School; No 1");
        assert_eq!(
            p.rows[0].admin_levels[1],
            AdminLevel {
                level: "district".into(),
                value: "Nasimi".into()
            }
        );
        assert_eq!(p.rows[1].name, "Line\nbreak");
        assert_eq!(p.rows[1].registered_voters, None);
    }

    #[test]
    fn errors_name_line_and_column() {
        let data = "code,name,setting,registered_voters,latitude\n\
                    1,A,urban,10,40.1\n\
                    2,B,suburb,ten,95\n\
                    1,C,rural,5,40\n";
        let p = parse(data.as_bytes());
        let shown: Vec<String> = p.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(shown.len(), 4, "{shown:?}");
        assert!(
            shown[0].starts_with("line 3, column `setting`"),
            "{shown:?}"
        );
        assert!(shown[1].contains("column `registered_voters`"));
        assert!(shown[2].contains("column `latitude`"));
        assert!(shown[3].starts_with("line 4, column `code`") && shown[3].contains("line 2"));
    }

    #[test]
    fn missing_code_column_and_invalid_utf8() {
        let p = parse(b"name,region\nA,B\n");
        assert!(p.errors[0].message.contains("no `code` column"));
        let p = parse(b"code,name\n1,\xff\xfe\n");
        assert_eq!(p.errors[0].line, 2);
        assert!(p.errors[0].message.contains("UTF-8"));
        let p = parse(b"code,name\n1\n");
        assert!(p.errors[0].message.contains("expected 2 fields"));
    }

    #[test]
    fn lines_after_a_multi_line_quoted_field_are_the_file_lines() {
        let data = "code,name,region\n\
                    001,\"School\nNo 1\",Baku\n\
                    002,School 2,Baku\n\
                    003,School 3,Baku\n\
                    \n\
                    004,School 4,Baku,extra\n\
                    005,School 5,Baku\n\
                    002,Again,Baku\n";
        let p = parse(data.as_bytes());
        let shown: Vec<(u64, &str)> = p
            .errors
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        // Header 1, the quoted field spans 2–3, 002 on 4, a blank line 6, the extra field on 7.
        assert_eq!(
            shown,
            [
                (7, "expected 3 fields as in the header, found 4"),
                (9, "station code `002` is already on line 4"),
            ]
        );
        assert_eq!(
            p.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
            [2, 4, 5, 8]
        );
    }

    #[test]
    fn unclosed_quotes_are_found_on_their_line() {
        assert_eq!(unclosed_quote(b"a,b\n1,\"x\n2,y\n", b','), Some(2));
        assert_eq!(
            unclosed_quote(b"a,b\n1,\"x\ny\"\n2,\"a\"\"b\"\n", b','),
            None
        );
        // A quote inside an unquoted field is text, as the reader takes it.
        assert_eq!(unclosed_quote(b"a,b\n1,5\" tall\n", b','), None);
        assert_eq!(unclosed_quote(b"a;b\r\n1;\"x;y\r\n", b';'), Some(2));
    }
}
