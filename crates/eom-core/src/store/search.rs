//! Searching text in SQL in any case and any script. SQLite's LIKE and `lower()` fold ASCII letters
//! only, so a search for "иван" would not find "Иван"; `eom_contains(text, folded)`, registered on
//! each store's connection, compares lower-cased text, and takes the search literally (no `%` or
//! `_` wildcards).

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

/// Text as a search compares it: lower case, in any script. The search is folded once and passed
/// to `eom_contains` folded.
pub(super) fn fold(s: &str) -> String {
    s.to_lowercase()
}

/// Whether `text` holds `folded` (already lower case), ignoring the case of `text`.
fn contains_folded(text: &str, folded: &str) -> bool {
    if text.is_ascii() && folded.is_ascii() {
        let (t, f) = (text.as_bytes(), folded.as_bytes());
        f.is_empty() || t.windows(f.len()).any(|w| w.eq_ignore_ascii_case(f))
    } else {
        fold(text).contains(folded)
    }
}

/// Registers `eom_contains(text, folded)` on `conn`: 1 when `text` holds `folded` in any case, 0
/// when not, NULL when either is NULL.
pub(super) fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_scalar_function(
        "eom_contains",
        2,
        FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i| {
                ctx.get_raw(i)
                    .as_str_or_null()
                    .map_err(|e| rusqlite::Error::UserFunctionError(e.into()))
            };
            Ok(match (text(0)?, text(1)?) {
                (Some(t), Some(f)) => Some(contains_folded(t, f)),
                _ => None,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_in_any_script() {
        assert!(contains_folded("T0042", "t004"));
        assert!(contains_folded("Ivan Petrov", &fold("PETROV")));
        assert!(contains_folded("Иван Петров", &fold("ИВАН")));
        assert!(contains_folded("Åsa Öberg", &fold("öBERG")));
        assert!(contains_folded("50%_off", "%_"));
        assert!(contains_folded("anything", ""));
        assert!(!contains_folded("T01", "t02"));
        assert!(!contains_folded("ab", "abc"));
    }

    #[test]
    fn sql_sees_it() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let hit = |t: Option<&str>, f: &str| -> Option<bool> {
            conn.query_row("SELECT eom_contains(?1, ?2)", (t, f), |r| r.get(0))
                .unwrap()
        };
        assert_eq!(hit(Some("Наталья"), "наташа"), Some(false));
        assert_eq!(hit(Some("Наталья"), "натал"), Some(true));
        assert_eq!(hit(Some("ACC-01"), "x"), Some(false));
        assert_eq!(hit(None, "x"), None);
    }
}
