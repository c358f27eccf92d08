//! Word lists for text from customers: complaint themes (`checklists/themes.toml`) and tone with negation
//! (`checklists/tone.toml`), English and Russian, swappable by the user from audit.toml.
//!
//! Matching is on lower-cased words; a listed term matches every word that starts with it, so a stem
//! ("груб", "rude") covers its forms ("грубый", "rudely").

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::config::diag;
use crate::error::Diagnostic;
use crate::i18n::Locale;

pub const DEFAULT_THEMES: &str = include_str!("../../checklists/themes.toml");
pub const DEFAULT_TONE: &str = include_str!("../../checklists/tone.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesToml {
    themes: BTreeMap<String, ThemeToml>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeToml {
    title: String,
    /// The title in other report languages, by locale code: `titles = { ru = "…" }`.
    #[serde(default)]
    titles: BTreeMap<String, String>,
    words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ToneToml {
    /// How many words before a tone word a negator still flips it.
    negation_window: usize,
    negators: Vec<String>,
    positive: Vec<String>,
    negative: Vec<String>,
}

/// The words of a text: lower-cased runs of letters, digits and inner apostrophes ("don't").
pub fn words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase().replace(['\u{2019}', '`'], "'");
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .map(|w| w.trim_matches('\''))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn stems(list: &[String]) -> Vec<String> {
    list.iter().map(|w| w.trim().to_lowercase()).filter(|w| !w.is_empty()).collect()
}

fn matches(word: &str, terms: &[String]) -> bool {
    terms.iter().any(|t| word.starts_with(t.as_str()))
}

/// Complaint themes and tone words, ready to match.
#[derive(Debug, Clone, PartialEq)]
pub struct Lexicon {
    themes: Vec<Theme>,
    negation_window: usize,
    negators: Vec<String>,
    positive: Vec<String>,
    negative: Vec<String>,
}

/// A complaint theme: its id, titles and word stems.
#[derive(Debug, Clone, PartialEq)]
struct Theme {
    id: String,
    title: String,
    titles: BTreeMap<String, String>,
    terms: Vec<String>,
}

/// A text's tone: the sum of +1 per positive and -1 per negative word, each flipped by a negator shortly before.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tone {
    Positive,
    Neutral,
    Negative,
}

impl Lexicon {
    pub fn builtin() -> Result<Self, Diagnostic> {
        Self::parse(
            Path::new("checklists/themes.toml"),
            DEFAULT_THEMES,
            Path::new("checklists/tone.toml"),
            DEFAULT_TONE,
        )
    }

    pub fn parse(themes_file: &Path, themes: &str, tone_file: &Path, tone: &str) -> Result<Self, Diagnostic> {
        let raw_themes: ThemesToml = toml::from_str(themes).map_err(|e| diag::from_toml(themes_file, themes, &e))?;
        let raw_tone: ToneToml = toml::from_str(tone).map_err(|e| diag::from_toml(tone_file, tone, &e))?;
        if raw_tone.positive.is_empty() || raw_tone.negative.is_empty() {
            return Err(Diagnostic::new(tone_file, None, "`positive` and `negative` must each list at least one word"));
        }
        Ok(Lexicon {
            themes: raw_themes
                .themes
                .into_iter()
                .map(|(id, t)| Theme { id, title: t.title, titles: t.titles, terms: stems(&t.words) })
                .collect(),
            negation_window: raw_tone.negation_window,
            negators: stems(&raw_tone.negators),
            positive: stems(&raw_tone.positive),
            negative: stems(&raw_tone.negative),
        })
    }

    /// The ids of the themes a text raises, in lexicon order.
    pub fn themes_in(&self, text: &str) -> Vec<&str> {
        let words = words(text);
        self.themes
            .iter()
            .filter(|theme| words.iter().any(|w| matches(w, &theme.terms)))
            .map(|theme| theme.id.as_str())
            .collect()
    }

    /// A theme's title in the report's language (its `title` when the lexicon has none for it).
    pub fn theme_title<'a>(&'a self, id: &'a str, locale: Locale) -> &'a str {
        match self.themes.iter().find(|theme| theme.id == id) {
            Some(theme) => theme.titles.get(locale.code()).unwrap_or(&theme.title),
            None => id,
        }
    }

    pub fn tone(&self, text: &str) -> Tone {
        // A negator reaches no further than its clause: "не грубый, всё отлично" is praise twice.
        let score: i32 = text.split(['.', ',', ';', '!', '?', ':', '\n']).map(|clause| self.clause_score(clause)).sum();
        match score {
            s if s > 0 => Tone::Positive,
            0 => Tone::Neutral,
            _ => Tone::Negative,
        }
    }

    fn clause_score(&self, clause: &str) -> i32 {
        let words = words(clause);
        let mut score = 0i32;
        for (i, word) in words.iter().enumerate() {
            // Negators are whole words ("no" must not match "nothing" as a stem would).
            let polarity = if matches(word, &self.negative) {
                -1
            } else if matches(word, &self.positive) {
                1
            } else {
                continue;
            };
            let negated = words[i.saturating_sub(self.negation_window)..i].iter().any(|w| self.negators.contains(w));
            score += if negated { -polarity } else { polarity };
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_with_negation_in_english_and_russian() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.tone("Great service, friendly staff"), Tone::Positive);
        assert_eq!(lexicon.tone("The staff was not friendly and the wait was terrible"), Tone::Negative);
        assert_eq!(lexicon.tone("Not bad at all"), Tone::Positive);
        assert_eq!(lexicon.tone("The clinic opens a new branch"), Tone::Neutral);
        assert_eq!(lexicon.tone("Ужасный сервис, грубый администратор"), Tone::Negative);
        assert_eq!(lexicon.tone("Врач не грубый, всё отлично"), Tone::Positive);
        assert_eq!(lexicon.tone("I don’t recommend them"), Tone::Negative);
    }

    #[test]
    fn themes_by_stem() {
        let lexicon = Lexicon::builtin().unwrap();
        assert_eq!(lexicon.themes_in("Rude receptionist and we waited an hour"), ["staff", "waiting"]);
        assert_eq!(lexicon.themes_in("Очень дорого, грязно"), ["cleanliness", "price"]);
    }

    #[test]
    fn a_broken_lexicon_names_file_and_line() {
        let err = Lexicon::parse(Path::new("t.toml"), "[themes.x]\ntitle = 1\n", Path::new("u.toml"), DEFAULT_TONE)
            .unwrap_err();
        assert_eq!((err.file.to_str(), err.position.map(|p| p.0)), (Some("t.toml"), Some(2)));
    }
}
