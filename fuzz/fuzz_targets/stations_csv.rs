//! The election administration's station list: any bytes must give rows or line errors, never a
//! panic; every row has a non-empty code and errors point at a real line.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = eom_core::stations_csv::parse(data);
    for row in &parsed.rows {
        assert!(!row.code.is_empty(), "a row without a code was accepted");
    }
    let lines = data.iter().filter(|&&b| b == b'\n' || b == b'\r').count() as u64 + 1;
    for e in &parsed.errors {
        assert!(e.line <= lines, "error on line {} of a {lines}-line file", e.line);
        let _ = e.to_string();
    }
});
