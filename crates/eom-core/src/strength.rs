//! The passphrase strength hint shown where a passphrase is chosen (create, join, encrypt,
//! change): Dropbox's zxcvbn estimate, offline. A hint, not a rule: the mission decides.

use serde::Serialize;

/// How hard a passphrase is to guess.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PassphraseStrength {
    /// 0 (guessed at once) to 4 (very hard to guess), zxcvbn's scale.
    pub score: u8,
    /// Score 3 or more: what the app calls strong enough for a mission database.
    pub strong_enough: bool,
    /// Why it is weak, in English (zxcvbn's feedback), when it is.
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
    /// Time to guess it offline at 10,000 guesses a second (a slow hash), e.g. "3 years".
    pub crack_time: String,
}

/// The strength of `text`; `context` holds words an attacker would try first (the mission's
/// name, the country), which make a passphrase weaker when it contains them.
pub fn passphrase_strength(text: &str, context: &[&str]) -> PassphraseStrength {
    if text.is_empty() {
        return PassphraseStrength {
            score: 0,
            strong_enough: false,
            warning: None,
            suggestions: vec![],
            crack_time: "instant".into(),
        };
    }
    let words: Vec<String> = context
        .iter()
        .flat_map(|c| c.split_whitespace())
        .map(str::to_lowercase)
        .collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let estimate = zxcvbn::zxcvbn(text, &words);
    let score = u8::from(estimate.score());
    let feedback = estimate.feedback();
    PassphraseStrength {
        score,
        strong_enough: score >= 3,
        warning: feedback.and_then(|f| f.warning()).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(|s| s.to_string()).collect())
            .unwrap_or_default(),
        crack_time: estimate
            .crack_times()
            .offline_slow_hashing_1e4_per_second()
            .to_string(),
    }
}

/// The strength of `text` chosen for the database of `mission` (none yet: no context): the
/// mission's name, country and organisation are the words an attacker would try first.
pub fn for_mission(text: &str, mission: Option<&crate::model::Mission>) -> PassphraseStrength {
    let context: Vec<&str> = mission
        .iter()
        .flat_map(|m| [m.name.as_str(), m.country.as_str(), m.organisation.as_str()])
        .collect();
    passphrase_strength(text, &context)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_and_strong_passphrases_are_told_apart() {
        let weak = passphrase_strength("password1", &[]);
        assert!(!weak.strong_enough && weak.score <= 1, "{weak:?}");
        assert!(weak.warning.is_some(), "{weak:?}");
        let strong = passphrase_strength("violet tractor seventeen lagoon", &[]);
        assert!(strong.strong_enough && strong.score == 4, "{strong:?}");
        // The mission's own words are the first an attacker tries.
        let named = passphrase_strength("graciaobserverslagos", &["Gracia Observers", "Lagos"]);
        let unnamed = passphrase_strength("graciaobserverslagos", &[]);
        assert!(named.score < unnamed.score, "{named:?} {unnamed:?}");
        assert_eq!(passphrase_strength("", &[]).score, 0);
    }
}
