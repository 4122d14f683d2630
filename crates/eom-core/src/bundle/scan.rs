//! Finding the members of a JSON object and the byte ranges of their values without parsing the
//! values: the signature covers the exact bytes of `content`, and the parse splits the checklists
//! between the two cores by these ranges.

use std::ops::Range;

/// Member names and the byte ranges of their values, in file order.
pub(crate) type Members = Vec<(String, Range<usize>)>;

/// The top-level members of a JSON object and the byte ranges of their values, found without
/// parsing the values (they are parsed, or hashed, afterwards). `None` when the text is not an
/// object at the top level. When the member `descend` holds an object, its members are returned
/// too, from the same pass (ranges in `data`).
pub(crate) fn top_level_members(data: &[u8], descend: &str) -> Option<(Members, Option<Members>)> {
    let mut i = skip_ws(data, 0);
    if data.get(i..i + 3) == Some(b"\xEF\xBB\xBF") {
        i = skip_ws(data, i + 3);
    }
    let mut nested = None;
    let (members, end) = object_members(data, i, descend, &mut nested)?;
    (skip_ws(data, end) == data.len()).then_some((members, nested))
}

/// The members of the object starting at `i`, and where it ends.
fn object_members(
    data: &[u8],
    mut i: usize,
    descend: &str,
    nested: &mut Option<Members>,
) -> Option<(Members, usize)> {
    if *data.get(i)? != b'{' {
        return None;
    }
    let mut out = Vec::new();
    i = skip_ws(data, i + 1);
    if *data.get(i)? == b'}' {
        return Some((out, i + 1));
    }
    loop {
        let key_end = skip_string(data, i)?;
        let key: String = serde_json::from_slice(&data[i..key_end]).ok()?;
        i = skip_ws(data, key_end);
        if *data.get(i)? != b':' {
            return None;
        }
        let start = skip_ws(data, i + 1);
        let end = if key == descend && nested.is_none() && data.get(start) == Some(&b'{') {
            let (inner, end) = object_members(data, start, "", &mut None)?;
            *nested = Some(inner);
            end
        } else {
            skip_value(data, start)?
        };
        out.push((key, start..end));
        i = skip_ws(data, end);
        match *data.get(i)? {
            b',' => i = skip_ws(data, i + 1),
            b'}' => break,
            _ => return None,
        }
    }
    Some((out, i + 1))
}

/// Where each element of the array at `range` starts and ends (`None` when it is not an array).
pub(crate) fn array_elements(data: &[u8], range: Range<usize>) -> Option<Vec<Range<usize>>> {
    let data = &data[..range.end];
    let mut i = range.start;
    if *data.get(i)? != b'[' {
        return None;
    }
    let mut out = Vec::new();
    i = skip_ws(data, i + 1);
    if *data.get(i)? == b']' {
        return Some(out);
    }
    loop {
        let end = skip_value(data, i)?;
        out.push(i..end);
        i = skip_ws(data, end);
        match *data.get(i)? {
            b',' => i = skip_ws(data, i + 1),
            b']' => return (i + 1 == range.end).then_some(out),
            _ => return None,
        }
    }
}

fn skip_ws(data: &[u8], mut i: usize) -> usize {
    while matches!(data.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

fn skip_string(data: &[u8], i: usize) -> Option<usize> {
    if *data.get(i)? != b'"' {
        return None;
    }
    let mut j = i + 1;
    loop {
        j += data
            .get(j..)?
            .iter()
            .position(|&b| b == b'"' || b == b'\\')?;
        if data[j] == b'"' {
            return Some(j + 1);
        }
        j += 2;
    }
}

fn skip_value(data: &[u8], i: usize) -> Option<usize> {
    match *data.get(i)? {
        b'"' => skip_string(data, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match *data.get(j)? {
                    b'"' => {
                        j = skip_string(data, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let len = data[i..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))?;
            (len > 0).then_some(i + len)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_their_spans_are_found() {
        let text = br#" {"a": 1, "b\"x": {"c": [1, "}"]}, "d" : "e\\"} "#;
        let m = top_level_members(text, "").unwrap().0;
        let got: Vec<(String, &str)> = m
            .iter()
            .map(|(k, r)| (k.clone(), std::str::from_utf8(&text[r.clone()]).unwrap()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".to_string(), "1"),
                ("b\"x".to_string(), r#"{"c": [1, "}"]}"#),
                ("d".to_string(), r#""e\\""#),
            ]
        );
        assert!(top_level_members(b"{\"a\": 1", "").is_none());
        assert!(top_level_members(b"[1]", "").is_none());
        assert!(top_level_members(b"{\"a\": 1} x", "").is_none());
    }

    #[test]
    fn nested_members_and_array_elements_are_found() {
        let text = br#"{"content": {"a": [ {"x": "]"} , 2,[3]], "b": {}}, "signature": 1}"#;
        let (outer, inner) = top_level_members(text, "content").unwrap();
        assert_eq!(outer.len(), 2);
        let inner = inner.unwrap();
        let span = |r: &Range<usize>| std::str::from_utf8(&text[r.clone()]).unwrap();
        assert_eq!(inner[0].0, "a");
        assert_eq!(span(&inner[1].1), "{}");
        let elements = array_elements(text, inner[0].1.clone()).unwrap();
        let got: Vec<&str> = elements.iter().map(span).collect();
        assert_eq!(got, vec![r#"{"x": "]"}"#, "2", "[3]"]);
        assert_eq!(array_elements(text, inner[1].1.clone()), None);
        assert_eq!(array_elements(b"[]", 0..2), Some(vec![]));
        assert_eq!(array_elements(b"[1,]", 0..4), None);
    }
}
