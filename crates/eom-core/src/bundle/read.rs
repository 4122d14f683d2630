//! Reading a bundle file's records: the header first (a foreign or newer file says so before any
//! field is named), then the typed parse, with positions in messages counted in the file.

use std::path::Path;

use serde::Deserialize;

use super::scan::Members;
use super::{Bundle, FORMAT, FORMAT_VERSION};
use crate::error::{Error, Result};

#[derive(Deserialize)]
struct Header {
    format: Option<serde_json::Value>,
    format_version: Option<serde_json::Value>,
}

/// Checks `format` and `format_version`: a foreign or newer file says so before any field is named.
pub(crate) fn check_header(
    path: &Path,
    format: Option<&serde_json::Value>,
    version: Option<&serde_json::Value>,
) -> Result<()> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    if format.and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(invalid(format!(
            "not an EOM Reporter bundle (expected \"format\": \"{FORMAT}\")"
        )));
    }
    match version.and_then(|v| v.as_u64()) {
        Some(v) if v > FORMAT_VERSION => Err(Error::BundleTooNew {
            path: path.to_path_buf(),
            found: v,
            supported: FORMAT_VERSION,
        }),
        Some(0) | None => Err(invalid(
            "\"format_version\" is missing or not a positive whole number".into(),
        )),
        Some(_) => Ok(()),
    }
}

/// Parses bundle records from `data`, which starts at byte `offset` of the file (positions in
/// messages are the file's). `members` are the object's members when a scan found them: then a
/// large checklists array is parsed on both cores.
pub(crate) fn parse_bundle(
    path: &Path,
    data: &[u8],
    offset: usize,
    members: Option<&Members>,
) -> Result<Bundle> {
    let invalid = |message: String| Error::BundleInvalid {
        path: path.to_path_buf(),
        message,
    };
    let parsed = match members.and_then(|m| parse_on_two_cores(data, m, SPLIT_FROM_BYTES)) {
        Some(bundle) => Ok(bundle),
        None => serde_json::from_slice::<Bundle>(data),
    };
    match parsed {
        Ok(b) => {
            check_header(
                path,
                Some(&serde_json::Value::String(b.format.clone())),
                Some(&b.format_version.into()),
            )?;
            Ok(b)
        }
        Err(e) => {
            // A better message first: a newer or foreign file says so instead of naming a field.
            if let Some(b) = data.iter().find(|b| !b.is_ascii_whitespace())
                && *b != b'{'
            {
                return Err(invalid(
                    "not an EOM Reporter bundle (a bundle is a JSON object starting with `{`)"
                        .into(),
                ));
            }
            if let Ok(h) = serde_json::from_slice::<Header>(data) {
                check_header(path, h.format.as_ref(), h.format_version.as_ref())?;
            }
            let hint = if e.is_eof() {
                " (the file ends early: it may be truncated)"
            } else {
                ""
            };
            // Parse again, only on failure, to name the field: `visits[3].revision`.
            let de = &mut serde_json::Deserializer::from_slice(data);
            let at = match serde_path_to_error::deserialize::<_, Bundle>(de) {
                Err(pe) if pe.path().to_string() != "." => {
                    // Deeply nested input has a path of hundreds of segments: its start is enough.
                    let path = pe.path().to_string();
                    match path.char_indices().nth(100) {
                        Some((cut, _)) => format!(" at `{}…`", &path[..cut]),
                        None => format!(" at `{path}`"),
                    }
                }
                _ => String::new(),
            };
            let what = e.to_string();
            let what = what.split(" at line ").next().unwrap_or(&what);
            let (line, column) = shift_position(offset, e.line(), e.column());
            Err(invalid(format!(
                "line {line}, column {column}{at}: {what}{hint}"
            )))
        }
    }
}

/// Below this many bytes of checklists a second thread costs more than it saves.
const SPLIT_FROM_BYTES: usize = 1 << 20;

/// The checklists array, as the parse of one half of it sees it: wrapped so its elements sit as
/// deep as in the bundle (serde_json's nesting limit counts the same).
#[derive(Deserialize)]
struct Half {
    c: Vec<crate::model::Checklist>,
}

/// Parses the bundle with its checklists array (of `from_bytes` or more) split in two halves between the element
/// boundaries found by the scan: this thread parses everything else and the first half, a
/// second thread the other half. `None` whenever anything is unusual (no or a repeated
/// `checklists` member, a small array, any parse error): the caller then parses in one piece,
/// which also gives the positioned message. Both ways give the same `Bundle`.
fn parse_on_two_cores(data: &[u8], members: &Members, from_bytes: usize) -> Option<Bundle> {
    let mut found = members.iter().filter(|(k, _)| k == "checklists");
    let (_, range) = found.next()?;
    if found.next().is_some() || range.len() < from_bytes {
        return None;
    }
    let elements = super::scan::array_elements(data, range.clone())?;
    let middle = range.start + range.len() / 2;
    let k = elements.partition_point(|e| e.start < middle);
    if k == 0 || k == elements.len() {
        return None;
    }
    let wrap = |from: usize, to: usize| {
        let mut out = Vec::with_capacity(to - from + 9);
        out.extend_from_slice(b"{\"c\":[");
        out.extend_from_slice(&data[from..to]);
        out.extend_from_slice(b"]}");
        out
    };
    let first = wrap(elements[0].start, elements[k - 1].end);
    let second = wrap(elements[k].start, elements[elements.len() - 1].end);
    let mut rest = Vec::with_capacity(data.len() - range.len() + 2);
    rest.extend_from_slice(&data[..range.start]);
    rest.extend_from_slice(b"[]");
    rest.extend_from_slice(&data[range.end..]);
    let (bundle, first, second) = std::thread::scope(|s| {
        let second = s.spawn(|| serde_json::from_slice::<Half>(&second).ok());
        let bundle = serde_json::from_slice::<Bundle>(&rest).ok();
        let first = bundle
            .is_some()
            .then(|| serde_json::from_slice::<Half>(&first).ok())
            .flatten();
        let second = crate::joined(second);
        (bundle, first, second)
    });
    let mut bundle = bundle?;
    bundle.checklists = first?.c;
    bundle.checklists.extend(second?.c);
    Some(bundle)
}

/// Positions inside the content member, moved to the file's: our writer puts the envelope's
/// prefix on the content's first line.
fn shift_position(offset: usize, line: usize, column: usize) -> (usize, usize) {
    if line == 1 {
        (line, column + offset)
    } else {
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{MissionSpec, generate};

    fn large_bundle_text() -> (Bundle, Vec<u8>) {
        let b = generate(&MissionSpec {
            seed: 11,
            visits: 1_000,
            teams: 100,
            stations: 500,
            all_phases: true,
            problem_rate: 0.1,
        });
        let text = serde_json::to_vec_pretty(&b).unwrap();
        (b, text)
    }

    #[test]
    fn the_two_core_parse_gives_the_one_core_bundle() {
        let (b, text) = large_bundle_text();
        let (members, _) = super::super::scan::top_level_members(&text, "").unwrap();
        let split =
            parse_on_two_cores(&text, &members, SPLIT_FROM_BYTES).expect("large enough to split");
        let whole: Bundle = serde_json::from_slice(&text).unwrap();
        assert_eq!(split, whole);
        assert_eq!(split, b);
        let via = parse_bundle(Path::new("b.json"), &text, 0, Some(&members)).unwrap();
        assert_eq!(via, b);
    }

    #[test]
    fn anything_unusual_is_parsed_in_one_piece() {
        let (_, text) = large_bundle_text();
        let (members, _) = super::super::scan::top_level_members(&text, "").unwrap();
        // A second `checklists` member: serde refuses the duplicate, and so must the split.
        let mut twice = members.clone();
        twice.push(
            twice
                .iter()
                .find(|(k, _)| k == "checklists")
                .unwrap()
                .clone(),
        );
        assert!(parse_on_two_cores(&text, &twice, SPLIT_FROM_BYTES).is_none());
        // A broken element in the second half: no bundle from the split, a message from the whole.
        let checklists = &members.iter().find(|(k, _)| k == "checklists").unwrap().1;
        let mut broken = text.clone();
        let at = checklists.end - 20;
        let brace = at + broken[at..].iter().position(|&c| c == b'"').unwrap();
        broken[brace] = b'@';
        assert!(parse_on_two_cores(&broken, &members, SPLIT_FROM_BYTES).is_none());
        let err = parse_bundle(Path::new("b.json"), &broken, 0, Some(&members)).unwrap_err();
        assert!(err.to_string().contains("line "), "{err}");
        // A small array is not worth a thread.
        let small = br#"{"checklists": []}"#;
        let (m, _) = super::super::scan::top_level_members(small, "").unwrap();
        assert!(parse_on_two_cores(small, &m, SPLIT_FROM_BYTES).is_none());
    }

    /// Whatever the bytes, the split parse never returns a bundle the one-piece parse would not:
    /// bundles mangled at random, structural characters above all, split at any size.
    #[test]
    fn the_split_parse_never_disagrees_with_the_whole_parse() {
        let mut store = crate::Store::open_in_memory(std::sync::Arc::new(
            crate::time::SteppingClock::starting_at(
                crate::time::Timestamp::parse("2024-02-07T03:00:00Z").unwrap(),
            ),
        ))
        .unwrap();
        crate::demo::load_sample(&mut store).unwrap();
        let text = serde_json::to_vec(&store.bundle(None).unwrap()).unwrap();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let (mut split_some, mut whole_ok) = (0, 0);
        for round in 0..800 {
            let mut t = text.clone();
            for _ in 0..1 + round % 3 {
                let at = next(t.len());
                t[at] = b"[]{},:\"\\ 0a"[next(11)];
            }
            let Some((members, _)) = super::super::scan::top_level_members(&t, "") else {
                continue;
            };
            let whole = serde_json::from_slice::<Bundle>(&t).ok();
            whole_ok += usize::from(whole.is_some());
            if let Some(split) = parse_on_two_cores(&t, &members, 0) {
                split_some += 1;
                assert_eq!(Some(split), whole, "round {round}");
            }
        }
        assert!(split_some > 50 && whole_ok > 50, "{split_some} {whole_ok}");
    }
}
