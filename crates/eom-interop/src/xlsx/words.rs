//! The few words the workbook needs that no template carries: the labels of the yes / no / not
//! observed answers and of the four assessment levels, in the languages of the report
//! (the same words as the app's `yesno.*` messages and the report's `a_*` strings).

/// (value, English, Russian, Azerbaijani).
const WORDS: &[(&str, &str, &str, &str)] = &[
    ("yes", "Yes", "Да", "Bəli"),
    ("no", "No", "Нет", "Xeyr"),
    (
        "not_observed",
        "Not observed",
        "Не наблюдалось",
        "Müşahidə olunmayıb",
    ),
    ("very_good", "Very good", "Очень хорошо", "Çox yaxşı"),
    ("good", "Good", "Хорошо", "Yaxşı"),
    ("bad", "Bad", "Плохо", "Pis"),
    ("very_bad", "Very bad", "Очень плохо", "Çox pis"),
];

/// The label of a built-in answer value in `lang` (English for other languages), or the value.
pub(crate) fn label<'a>(value: &'a str, lang: &str) -> &'a str {
    WORDS
        .iter()
        .find(|w| w.0 == value)
        .map(|w| match lang {
            "ru" => w.2,
            "az" => w.3,
            _ => w.1,
        })
        .unwrap_or(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_three_languages_and_english_otherwise() {
        assert_eq!(label("not_observed", "ru"), "Не наблюдалось");
        assert_eq!(label("very_bad", "az"), "Çox pis");
        assert_eq!(label("yes", "ka"), "Yes");
        assert_eq!(label("ballots", "en"), "ballots");
    }
}
