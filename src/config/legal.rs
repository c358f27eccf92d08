//! The legal entity behind a site, as a person finds it in the footer or on a "Реквизиты" page: its form and
//! name ("ООО «Ромашка»", "ИП Иванов И.И.", "Acme Widgets Ltd") and a registration number next to its label
//! ("ИНН 7701234567", "ОГРН 1027700132195", "Company No. 01234567", "VAT GB123456789"). The words come from
//! `[legal]` in checklists/keywords.toml; only the shape of a number is in code.

use std::sync::LazyLock;

use regex::Regex;

use crate::text::{Terms, Token, tokens};

/// How many characters may stand between a number's label and the number ("ИНН/КПП: 77…").
pub(crate) const MAX_LABEL_GAP_CHARS: usize = 16;
/// How many words of a name are quoted after or before the entity's form.
const MAX_NAME_WORDS: usize = 4;
/// Quotes of the entity and the number are cut to this many characters.
const MAX_QUOTE_CHARS: usize = 80;

/// The word lists of `[legal]`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegalWords {
    /// Legal forms ("ооо", "ип", "ltd", "gmbh"), as words or phrases.
    #[serde(default)]
    pub entity: Vec<String>,
    /// Labels of registration numbers ("инн", "огрн", "company number", "vat").
    #[serde(default)]
    pub ids: Vec<String>,
    /// A registration number has at least this many digits.
    pub min_digits: usize,
}

/// A compiled finder.
#[derive(Debug, Clone)]
pub struct LegalFinder {
    entity: Terms,
    ids: Terms,
    min_digits: usize,
    /// Both lists' first words, to skip the lines that hold neither.
    prefilter: crate::text::Finder,
}

/// What a text states of the legal entity: its form and name, and a registration number, each as quoted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalFound {
    pub entity: Option<String>,
    pub number: Option<String>,
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Z]{2}\s?)?\d(?:[\d]|[ \-/](?:\d))*").unwrap_or_else(|_| unreachable!()));

impl LegalFinder {
    pub fn new(words: &LegalWords) -> Result<Self, String> {
        let bad = |b: crate::text::BadEntry| format!("`{}` has no word to match", b.entry);
        let entity = Terms::new(&words.entity).map_err(bad)?;
        let ids = Terms::new(&words.ids).map_err(bad)?;
        let tagged: Vec<(String, usize)> =
            words.entity.iter().chain(&words.ids).map(|w| (w.clone(), 0)).collect::<Vec<_>>();
        let prefilter = crate::text::Finder::new(&tagged).map_err(bad)?;
        if words.min_digits == 0 {
            return Err("`min_digits` must be at least 1".to_string());
        }
        Ok(LegalFinder { entity, ids, min_digits: words.min_digits, prefilter })
    }

    /// The entity and number a page's visible text states (lines are its blocks), the first of each;
    /// `lowercase_text` is the same text lower-cased, read first to skip the pages that name neither.
    pub fn find(&self, text: &str, lowercase_text: &str) -> LegalFound {
        if self.prefilter.tags_in(lowercase_text).is_empty() {
            return LegalFound::default();
        }
        self.find_in_lines(text)
    }

    /// [`Self::find`] for a text already known to name a legal form or number somewhere (the page's keyword
    /// search tells): each line that names one is read.
    pub fn find_in_lines(&self, text: &str) -> LegalFound {
        let mut found = LegalFound::default();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if found.entity.is_some() && found.number.is_some() {
                break;
            }
            if self.prefilter.tags_in(&line.to_lowercase()).is_empty() {
                continue;
            }
            let words = tokens(line);
            // Where the number found on this line ends: a later label nearer the same number quotes less
            // ("registered in England. Company No. 01234567" is "Company No. 01234567").
            let mut number_end: Option<usize> = None;
            for at in 0..words.len() {
                if let Some(hit) = self.ids.longest_at(&words, at)
                    && (found.number.is_none() || number_end.is_some())
                    && let Some((quote, end)) = self.number_after(line, &words, at, hit.len)
                    && number_end.is_none_or(|e| e == end)
                {
                    found.number = Some(quote);
                    number_end = Some(end);
                }
                if found.entity.is_none()
                    && let Some(hit) = self.entity.longest_at(&words, at)
                {
                    found.entity = entity_named(line, &words, at, hit.len);
                }
            }
        }
        found
    }

    /// "ИНН 7701234567": the label and the number that follows it, when it has enough digits, and where the
    /// number ends in the line.
    fn number_after(&self, line: &str, words: &[Token], at: usize, len: usize) -> Option<(String, usize)> {
        let end = words[at + len - 1].span.1;
        let rest = &line[end..];
        // The first place within reach where a number starts ("No. 07654321": not at "No").
        let (skip, number) = rest
            .char_indices()
            .take(MAX_LABEL_GAP_CHARS + 1)
            .filter(|(_, c)| c.is_ascii_digit() || c.is_ascii_uppercase())
            .find_map(|(i, _)| NUMBER.find(&rest[i..]).map(|m| (i, m)))?;
        let digits = number.as_str().chars().filter(char::is_ascii_digit).count();
        let number_end = end + skip + number.end();
        (digits >= self.min_digits).then(|| (clip(&line[words[at].span.0..number_end]), number_end))
    }
}

/// The written word of a token.
fn written<'a>(line: &'a str, t: &Token) -> &'a str {
    &line[t.span.0..t.span.1]
}

fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// A legal form with its name: "ООО «Ромашка»", "ИП Иванов И.И." (the name after it) or "Acme Ltd" (the
/// name before it). A short form must be written in capitals ("ИП", not "ип"): lower-case it is a word.
fn entity_named(line: &str, words: &[Token], at: usize, len: usize) -> Option<String> {
    let form = written(line, &words[at]);
    if form.chars().count() <= 3 && !form.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let last = at + len - 1;
    // The name after: words in quotes ("ООО «Зелёный дом»"), or capitalised words of more than one letter
    // (initials end it: "ИП Иванов И.И.").
    let mut end = last;
    let mut quoted = false;
    for j in last + 1..words.len().min(last + 1 + MAX_NAME_WORDS) {
        let gap = &line[words[j - 1].span.1..words[j].span.0];
        if gap.contains(['»', '”']) || (quoted && gap.contains('"')) {
            break;
        }
        quoted |= gap.contains(['«', '“', '„', '"']);
        let word = written(line, &words[j]);
        let spaced = gap.chars().all(|c| c.is_whitespace() || "«“„\"".contains(c));
        let named = word.chars().next().is_some_and(char::is_uppercase) && word.chars().count() >= 2;
        if !(quoted || spaced && named) {
            break;
        }
        end = j;
    }
    if end > last {
        let tail: usize =
            line[words[end].span.1..].chars().take_while(|c| "»\"”'".contains(*c)).map(char::len_utf8).sum();
        return Some(clip(&line[words[at].span.0..words[end].span.1 + tail]));
    }
    // The name before: capitalised words joined by spaces ("Acme Widgets Ltd", "Acme, Inc.").
    let mut start = at;
    while start > 0 && at - start < MAX_NAME_WORDS {
        let gap = &line[words[start - 1].span.1..words[start].span.0];
        let word = written(line, &words[start - 1]);
        // "© 2026 Acme Ltd": the year of the copyright is no part of the name.
        let year = word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit());
        if !capitalised(word) || year || !gap.trim_matches([' ', ',']).is_empty() {
            break;
        }
        start -= 1;
    }
    (start < at).then(|| clip(&line[words[start].span.0..words[last].span.1]))
}

fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_QUOTE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder() -> LegalFinder {
        crate::config::keywords::Keywords::builtin().unwrap().legal
    }

    fn find(f: &LegalFinder, text: &str) -> LegalFound {
        f.find(text, &text.to_lowercase())
    }

    #[test]
    fn finds_the_entity_and_its_number_as_footers_state_them() {
        let f = finder();
        assert_eq!(
            find(&f, "© 2026 The Networker Group Ltd · Company No. 15252227").entity.as_deref(),
            Some("The Networker Group Ltd")
        );
        let found = find(&f, "© 2024 ООО «Ромашка», ИНН 7701234567, ОГРН 1027700132195");
        assert_eq!(found.entity.as_deref(), Some("ООО «Ромашка»"));
        assert_eq!(found.number.as_deref(), Some("ИНН 7701234567"));
        let found = find(&f, "ИП Иванов Иван Иванович\nОГРНИП: 304500116000157");
        assert_eq!(found.entity.as_deref(), Some("ИП Иванов Иван Иванович"));
        assert_eq!(found.number.as_deref(), Some("ОГРНИП: 304500116000157"));
        let found = find(&f, "Acme Widgets Ltd is registered in England. Company No. 01234567. VAT GB 123 4567 89");
        assert_eq!(found.entity.as_deref(), Some("Acme Widgets Ltd"));
        assert_eq!(found.number.as_deref(), Some("Company No. 01234567"));
        let found = find(&f, "ФОП Коваленко О.П., ЄДРПОУ 3012345678");
        assert_eq!(found.entity.as_deref(), Some("ФОП Коваленко О.П"));
        assert_eq!(found.number.as_deref(), Some("ЄДРПОУ 3012345678"));
    }

    #[test]
    fn words_that_look_like_forms_and_short_numbers_are_not() {
        let f = finder();
        for text in ["ип-ип ура, мы открылись", "Our VAT is included in 20 prices", "ИНН: уточняйте у менеджера"]
        {
            let found = f.find(text, &text.to_lowercase());
            assert_eq!(found.number, None, "{text}");
        }
        assert_eq!(find(&f, "ип-ип ура").entity, None);
        assert_eq!(find(&f, "the best ltd offer").entity, None);
        let found = find(&f, "Old Market Dental Care Ltd. Registered in England No. 07654321.");
        assert_eq!(found.number.as_deref(), Some("Registered in England No. 07654321"));
        let found = find(&f, "Bright Smile Dental LLC · 14 Harbour St., Springfield");
        assert_eq!(found.entity.as_deref(), Some("Bright Smile Dental LLC"));
        // A form spelled out is the form, not a name after it.
        let text = "InfraPartners Management LLP is a Limited Liability Partnership registered in England (OC123456)";
        assert_eq!(find(&f, text).entity.as_deref(), Some("InfraPartners Management LLP"));
        let text = "Limited Liability Partnership registered in England and Wales";
        assert_eq!(find(&f, text).entity, None);
        let text = "Registered office: 1 King St. Harbour Dental Care Limited Liability Partnership";
        assert_eq!(find(&f, text).entity.as_deref(), Some("Harbour Dental Care Limited Liability Partnership"));
    }
}
