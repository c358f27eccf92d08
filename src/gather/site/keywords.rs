//! The keyword lists of checklists/keywords.toml, compiled into matchers the page extractor runs.

use aho_corasick::AhoCorasick;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use crate::config::diag;
use crate::error::Diagnostic;

/// The keyword lists shipped with touchaudit.
pub const DEFAULT_KEYWORDS: &str = include_str!("../../../checklists/keywords.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordsToml {
    signals: BTreeMap<String, SignalToml>,
    links: LinksToml,
    structured_data: StructuredToml,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct SignalToml {
    #[serde(default)]
    text: Vec<String>,
    #[serde(default)]
    topic: Vec<String>,
    #[serde(default)]
    link: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinksToml {
    social: Vec<String>,
    messenger: Vec<String>,
    chat_widget: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StructuredToml {
    business_types: Vec<String>,
}

/// Substring matchers over lower-cased text, each hit naming the signal it belongs to.
#[derive(Debug, Clone)]
struct Matcher {
    automaton: Option<AhoCorasick>,
    signal_of: Vec<usize>,
}

impl Matcher {
    fn new(pairs: Vec<(String, usize)>) -> Result<Self, String> {
        if pairs.is_empty() {
            return Ok(Matcher { automaton: None, signal_of: Vec::new() });
        }
        let automaton =
            AhoCorasick::new(pairs.iter().map(|(word, _)| word.to_lowercase())).map_err(|e| e.to_string())?;
        Ok(Matcher { automaton: Some(automaton), signal_of: pairs.into_iter().map(|(_, s)| s).collect() })
    }

    /// Sets bit `signal` of `found` for every signal whose keyword occurs in `lowercase_text`.
    fn scan(&self, lowercase_text: &str, found: &mut u32) {
        if let Some(automaton) = &self.automaton {
            for hit in automaton.find_overlapping_iter(lowercase_text) {
                *found |= 1 << self.signal_of[hit.pattern().as_usize()];
            }
        }
    }
}

/// Compiled keyword lists.
#[derive(Debug, Clone)]
pub struct Keywords {
    /// Signal names, indexed by bit position.
    pub signals: Vec<String>,
    text: Matcher,
    topic: Matcher,
    vague_links: Vec<String>,
    pub social: Vec<String>,
    pub messenger: Vec<String>,
    pub chat_widget: Vec<String>,
    pub business_types: Vec<String>,
}

/// At most this many signals fit the bit set a page keeps.
const MAX_SIGNALS: usize = 32;

impl Keywords {
    pub fn builtin() -> Result<Self, Diagnostic> {
        Self::parse(Path::new("checklists/keywords.toml"), DEFAULT_KEYWORDS)
    }

    pub fn parse(file: &Path, text: &str) -> Result<Self, Diagnostic> {
        let raw: KeywordsToml = toml::from_str(text).map_err(|e| diag::from_toml(file, text, &e))?;
        if raw.signals.len() > MAX_SIGNALS {
            return Err(Diagnostic::new(file, None, format!("at most {MAX_SIGNALS} signals are supported")));
        }
        let mut text_pairs = Vec::new();
        let mut topic_pairs = Vec::new();
        let mut vague_links = Vec::new();
        let mut signals = Vec::new();
        for (index, (name, signal)) in raw.signals.into_iter().enumerate() {
            text_pairs.extend(signal.text.into_iter().map(|w| (w, index)));
            topic_pairs.extend(signal.topic.into_iter().map(|w| (w, index)));
            if name == "vague_link" {
                vague_links = signal.link.iter().map(|w| w.to_lowercase()).collect();
            }
            signals.push(name);
        }
        let fail = |e: String| Diagnostic::new(file, None, format!("cannot compile the keywords: {e}"));
        Ok(Keywords {
            signals,
            text: Matcher::new(text_pairs).map_err(fail)?,
            topic: Matcher::new(topic_pairs).map_err(fail)?,
            vague_links,
            social: raw.links.social,
            messenger: raw.links.messenger,
            chat_widget: raw.links.chat_widget,
            business_types: raw.structured_data.business_types,
        })
    }

    pub fn scan_text(&self, lowercase_text: &str) -> u32 {
        let mut found = 0;
        self.text.scan(lowercase_text, &mut found);
        found
    }

    pub fn scan_topic(&self, lowercase_topic: &str) -> u32 {
        let mut found = 0;
        self.topic.scan(lowercase_topic, &mut found);
        found
    }

    pub fn is_vague_link(&self, text: &str) -> bool {
        let text = text.trim().trim_end_matches(['.', '…', '>', '»']).trim().to_lowercase();
        self.vague_links.contains(&text)
    }

    /// The bit of a signal by name (0 when the keyword file has no such signal, which matches nothing).
    pub fn bit(&self, name: &str) -> u32 {
        self.signals.iter().position(|s| s == name).map_or(0, |i| 1 << i)
    }

    /// The names of the signals set in `bits`.
    pub fn names(&self, bits: u32) -> Vec<&str> {
        self.signals.iter().enumerate().filter(|(i, _)| bits & (1 << i) != 0).map(|(_, s)| s.as_str()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_keywords_match_english_and_russian() {
        let k = Keywords::builtin().unwrap();
        let found = k.scan_text("наши часы работы: пн-пт 9-18. subscribe to our newsletter");
        assert_eq!(k.names(found), ["hours", "newsletter"]);
        assert_eq!(k.names(k.scan_topic("/policies/refund.html возврат товара")), ["refund"]);
        assert_eq!(k.names(k.scan_topic("доставка и оплата")), ["delivery"]);
        assert!(k.is_vague_link(" Read more… "));
        assert!(k.is_vague_link("Подробнее"));
        assert!(!k.is_vague_link("Read more about implants"));
        assert_ne!(k.bit("loyalty"), 0);
        assert_eq!(k.bit("nope"), 0);
    }
}
