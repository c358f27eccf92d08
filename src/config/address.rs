//! Postal addresses as people write them: a street word next to a house number ("ул. Ленина, д. 5",
//! "Пр. Дзержинского 11", "Поэтический бульвар 4", "вулиця Саперне Поле, 3", "İshak Paşa Cd. No.20",
//! "12 Baker Street"), or a label that introduces one ("Адрес: Москва, Тверская 7"). The words come from
//! `[address]` in checklists/keywords.toml (an audit can extend them); only the shape of a house number is in
//! code. The finder returns the text it took as the address, so the report can quote it and the NAP check can
//! compare it with the listings.

use crate::text::{Terms, Token, tokens};

/// How many words may stand between a street word and its house number ("ул. Ленина, д. 5": three).
pub(crate) const MAX_WORDS_TO_NUMBER: usize = 4;
/// How many capitalised words before a street word are taken as the street's name ("Поэтический бульвар").
pub(crate) const MAX_NAME_WORDS: usize = 3;
/// An address quoted from a page is cut to this many characters.
pub(crate) const MAX_ADDRESS_CHARS: usize = 120;
/// How many words of a place a postcode needs before it to be read as an address ("Leeds LS1 4AP" is one:
/// a town alone is not enough; "Riverside Park, Leeds LS1 4AP" is).
pub(crate) const MIN_PLACE_WORDS: usize = 2;
/// A label alone on its line ("Наш адрес", "Find us") is short; a longer line with no number is prose.
const MAX_LABEL_LINE_BYTES: usize = 60;
/// How many letters of a label's first word the cheap line check compares.
const LABEL_START_CHARS: usize = 4;
/// Lines longer than this are prose, not an address block: only their first part is read for a label.
const MAX_LINE_BYTES: usize = 2_000;

/// The word lists of `[address]`.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddressWords {
    /// Street words and their abbreviations, before or after the house number: `word` that exact word,
    /// `word*` every word that begins so ("улиц*"), `*word` every word that ends so ("*straße").
    #[serde(default)]
    pub streets: Vec<String>,
    /// Street words that follow the house number only, as in English ("12 Elm Dr", "5 Oak Way").
    #[serde(default)]
    pub streets_after_number: Vec<String>,
    /// Words and phrases that introduce an address ("Адрес:", "Address:", "Мы находимся:").
    #[serde(default)]
    pub labels: Vec<String>,
    /// Parts of the address of a map embed (an iframe or a script) that shows where the business is.
    #[serde(default)]
    pub maps: Vec<String>,
    /// Postcodes as regular expressions ("PE28 4YF", "IL 62701"): a town and a postcode make an address where
    /// the street has no number or no street word ("Barnwell Road, Huntingdon PE28 4YF", "Pall Mall, London
    /// SW1Y 5EA").
    #[serde(default)]
    pub postcodes: Vec<String>,
}

/// One street word as written in the list.
#[derive(Debug, Clone, PartialEq)]
enum Street {
    Exact(String),
    Prefix(String),
    Suffix(String),
}

impl Street {
    fn new(entry: &str) -> Option<Street> {
        let entry = crate::text::normalise(entry.trim().trim_end_matches('.'));
        if let Some(stem) = entry.strip_suffix('*') {
            (!stem.is_empty()).then(|| Street::Prefix(stem.to_string()))
        } else if let Some(end) = entry.strip_prefix('*') {
            (!end.is_empty()).then(|| Street::Suffix(end.to_string()))
        } else {
            (!entry.is_empty()).then_some(Street::Exact(entry))
        }
    }

    fn matches(&self, form: &str) -> bool {
        match self {
            Street::Exact(word) => form == word,
            Street::Prefix(start) => form.starts_with(start.as_str()),
            // The whole word is no compound: "straße" alone is an exact entry if wanted.
            Street::Suffix(end) => form.len() > end.len() && form.ends_with(end.as_str()),
        }
    }
}

/// Where a needle of [`AddressFinder::needle_in`] must stand in a word.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Ends {
    Both,
    Start,
    End,
}

/// Where a street word wants its number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Order {
    Either,
    NumberFirst,
}

/// A compiled address finder.
#[derive(Debug, Clone)]
pub struct AddressFinder {
    streets: Vec<(Street, Order)>,
    /// The words of [`Street::Exact`] entries, looked up at once by [`Self::has_known_word`] (ordered sets:
    /// the rivals cache keys on the keyword lists' Debug text, which a hash set would shuffle).
    exact_streets: std::collections::BTreeSet<String>,
    labels: Terms,
    /// The first few letters of each label's first word: a line holding none of them and no street word
    /// cannot hold an address, and is not tokenized (most lines with a digit are prices and dates).
    label_starts: Vec<String>,
    /// Every street word, street word start or end and label start, found anywhere in a lower-cased line:
    /// a line without any cannot name a street or a label, and most lines of a page are passed over with one
    /// scan instead of a look-up per word.
    needles: Option<aho_corasick::AhoCorasick>,
    /// Where each needle must stand in a word for its entry to match there.
    needle_ends: Vec<Ends>,
    pub maps: Vec<String>,
    /// Every `postcodes` entry in one expression (None: no entries).
    postcodes: Option<regex::Regex>,
}

/// An address found in a text: the text taken as the address and how it was recognised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundAddress {
    pub text: String,
    pub by: AddressClue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClue {
    /// A street word next to a house number.
    Street,
    /// A label ("Адрес:") followed by text with a number.
    Label,
    /// A postcode after the words of a place ("Huntingdon, Cambridgeshire PE28 4YF").
    Postcode,
}

impl AddressFinder {
    pub fn new(words: &AddressWords) -> Result<Self, String> {
        let mut streets = Vec::new();
        for (list, order) in [(&words.streets, Order::Either), (&words.streets_after_number, Order::NumberFirst)] {
            for entry in list {
                let street = Street::new(entry).ok_or_else(|| format!("`{entry}` has no word to match"))?;
                streets.push((street, order));
            }
        }
        let labels = Terms::new(&words.labels).map_err(|bad| format!("`{}` has no word to match", bad.entry))?;
        let mut label_starts: Vec<String> = words
            .labels
            .iter()
            .filter_map(|label| tokens(label).into_iter().next())
            .map(|first| first.stem.chars().take(LABEL_START_CHARS).collect())
            .collect();
        label_starts.sort();
        label_starts.dedup();
        let maps = words.maps.iter().map(|m| m.trim().to_lowercase()).filter(|m| !m.is_empty()).collect();
        for entry in &words.postcodes {
            regex::Regex::new(entry).map_err(|e| format!("postcode `{entry}` is not a regular expression: {e}"))?;
        }
        let postcodes = match words.postcodes.as_slice() {
            [] => None,
            all => {
                let joined = all.iter().map(|p| format!("(?:{p})")).collect::<Vec<_>>().join("|");
                Some(regex::Regex::new(&joined).map_err(|e| format!("`postcodes`: {e}"))?)
            }
        };
        let exact_streets = streets
            .iter()
            .filter_map(|(s, _)| match s {
                Street::Exact(word) => Some(word.clone()),
                _ => None,
            })
            .collect();
        let (needles, needle_ends): (Vec<&str>, Vec<Ends>) = streets
            .iter()
            .map(|(street, _)| match street {
                Street::Exact(word) => (word.as_str(), Ends::Both),
                Street::Prefix(word) => (word.as_str(), Ends::Start),
                Street::Suffix(word) => (word.as_str(), Ends::End),
            })
            .chain(label_starts.iter().map(|start| (start.as_str(), Ends::Start)))
            .unzip();
        let needles =
            if needles.is_empty() { None } else { Some(crate::text::dfa(&needles).map_err(|e| e.to_string())?) };
        Ok(AddressFinder { streets, exact_streets, labels, label_starts, needles, needle_ends, maps, postcodes })
    }

    /// The map provider a URL embeds (its `maps` entry), if any.
    pub fn map_in(&self, lowercase_url: &str) -> Option<&str> {
        self.maps.iter().find(|m| lowercase_url.contains(m.as_str())).map(String::as_str)
    }

    /// The first address in `text`, read line by line (a line is a block of the page: a paragraph, a list
    /// item, a table cell). A label alone on its line ("Адрес" in one cell, the address in the next) takes
    /// the next line.
    pub fn find(&self, text: &str) -> Option<FoundAddress> {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        // One search of the whole text before the lines': every needle a line holds the text holds too, with
        // the same ends (a line's ends are spaces or breaks in the text), except where a line is cut.
        let needles = lines.iter().any(|l| l.len() > MAX_LINE_BYTES) || self.needle_in(text);
        for (i, line) in lines.iter().enumerate().filter(|_| needles) {
            let line = cut(line, MAX_LINE_BYTES);
            // Every address has a number, and most lines of a page have none.
            let line_has_digit = has_digit(line);
            let next = lines.get(i + 1).map(|l| cut(l, MAX_LINE_BYTES));
            // A line with no number can only be a label alone on its line ("Адрес", the address below it).
            if !line_has_digit && (line.len() > MAX_LABEL_LINE_BYTES || !next.is_some_and(has_digit)) {
                continue;
            }
            if !self.may_hold_address(line) {
                continue;
            }
            let words = tokens(line);
            if line_has_digit && let Some(found) = self.street_in(line, &words) {
                return Some(found);
            }
            if let Some(found) = self.label_in(line, &words, next) {
                return Some(found);
            }
        }
        // A postcode is the weakest clue: a street with its number or a label anywhere on the page comes first.
        // A postcode alone with its town on the last line of an address block ("123 Pall Mall" above "London
        // SW1Y 5EA") takes the line above it.
        let postcodes = self.postcodes.as_ref()?;
        lines.iter().enumerate().find_map(|(i, line)| {
            let line = cut(line, MAX_LINE_BYTES);
            // A postcode has a digit (the line above only adds the place before one): most lines have none
            // and are not searched. The one search of a line: where it finds none, neither reading below can.
            if !has_digit(line) {
                return None;
            }
            let hit = postcodes.find(line)?;
            if let Some(found) = Self::postcode_at(line, hit) {
                return Some(found);
            }
            let above = cut(lines.get(i.checked_sub(1)?)?, MAX_LINE_BYTES);
            let joined = format!("{above}, {line}");
            Self::postcode_at(&joined, postcodes.find(&joined)?)
        })
    }

    /// The postcode `found` in `line` with at least [`MIN_PLACE_WORDS`] words of a place before it, back to
    /// the nearest break ("© 2026 Acme Ltd · Company No. 1 · Barnwell Road, Huntingdon PE28 4YF" gives the part
    /// after the last "·").
    fn postcode_at(line: &str, found: regex::Match) -> Option<FoundAddress> {
        let before = &line[..found.start()];
        let start = before
            .rfind(['·', '|', '•', '(', ')', ';', '\n', '—'])
            .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
        let start = before[start..].rfind(". ").map_or(start, |i| start + i + 2);
        let place = &before[start..];
        let words = place.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count();
        (words >= MIN_PLACE_WORDS)
            .then(|| FoundAddress { text: clip(&line[start..found.end()]), by: AddressClue::Postcode })
    }

    /// Whether a street word or label start stands in the line where a word (or a hyphenated word's part)
    /// could match it: an exact street word alone, a start at a word's start, an end at its end. Each word's
    /// form read below is a run of the line's own form (`normalise` maps char by char), so a line this passes
    /// over holds no match.
    fn needle_in(&self, line: &str) -> bool {
        let Some(needles) = &self.needles else { return false };
        let form = crate::text::normalise(line);
        let bound = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
        needles.find_overlapping_iter(&form).any(|hit| {
            let starts = bound(form[..hit.start()].chars().next_back());
            let ends = bound(form[hit.end()..].chars().next());
            match self.needle_ends[hit.pattern().as_usize()] {
                Ends::Both => starts && ends,
                Ends::Start => starts,
                Ends::End => ends,
            }
        })
    }

    /// Whether a line has a street word or the start of a label, read cheaply (no segmentation, no stems):
    /// every line the full reading could take passes.
    fn may_hold_address(&self, line: &str) -> bool {
        self.needle_in(line) && self.has_known_word(line)
    }

    /// Whether a word of the line (or a part of a hyphenated one) is a street word or starts like a label.
    fn has_known_word(&self, line: &str) -> bool {
        let known = |word: &str| {
            let form = crate::text::normalise(word);
            // Only lines the needle scan passed come here: few, so each word is compared to each entry.
            self.exact_streets.contains(&form)
                || self.streets.iter().any(|(s, _)| !matches!(s, Street::Exact(_)) && s.matches(&form))
                || self.label_starts.iter().any(|start| form.starts_with(start.as_str()))
        };
        // "пр-т" and "б-р" whole, and each part of a hyphenated word.
        line.split(|c: char| !c.is_alphanumeric() && c != '-').filter(|w| !w.is_empty()).any(|word| {
            known(word) || word.contains('-') && word.split('-').any(|part| !part.is_empty() && known(part))
        })
    }

    fn street_at(&self, form: &str) -> Option<Order> {
        self.streets.iter().find(|(s, _)| s.matches(form)).map(|(_, o)| *o)
    }

    /// A street word with a house number after it (within [`MAX_WORDS_TO_NUMBER`] words) or, in English
    /// order, just before its name.
    fn street_in(&self, line: &str, words: &[Token]) -> Option<FoundAddress> {
        for (at, word) in words.iter().enumerate() {
            let Some(order) = self.street_at(&word.form) else { continue };
            if word.form.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                continue;
            }
            let after = (at + 1..words.len().min(at + 1 + MAX_WORDS_TO_NUMBER))
                .take_while(|&j| !is_break(gap(line, words, j)))
                .find(|&j| is_house_number(line, words, j));
            let (start, end) = match after {
                Some(number) if order == Order::Either => (name_start(line, words, at), number),
                _ => {
                    // "12 Baker Street": a number, up to three words of name, the street word.
                    let first = name_start(line, words, at);
                    let number = (first.saturating_sub(1)..first)
                        .chain(first..at)
                        .find(|&j| is_house_number(line, words, j) && (j == first || j + 1 == first));
                    match number {
                        Some(n) => (n, at),
                        None => continue,
                    }
                }
            };
            let text = clip(&line[words[start].span.0..words[end].span.1]);
            return Some(FoundAddress { text, by: AddressClue::Street });
        }
        None
    }

    /// A label ("Адрес:", "Address -") and the text after it, up to a phone or an email, when it has a number;
    /// a label alone on its line takes the next line.
    fn label_in(&self, line: &str, words: &[Token], next: Option<&str>) -> Option<FoundAddress> {
        for at in 0..words.len() {
            let Some(hit) = self.labels.longest_at(words, at) else { continue };
            let end = words[at + hit.len - 1].span.1;
            let rest = line[end..].trim_start();
            let rest = if let Some(r) = rest.strip_prefix([':', '—', '–', '-']) {
                r.trim()
            } else if rest.is_empty() && at == 0 {
                next.unwrap_or("")
            } else {
                continue;
            };
            let rest = before_contacts(rest);
            let letters = rest.chars().filter(|c| c.is_alphabetic()).count();
            if has_digit(rest) && letters >= 3 {
                return Some(FoundAddress { text: clip(rest), by: AddressClue::Label });
            }
        }
        None
    }
}

/// The text between words `j - 1` and `j`.
fn gap<'a>(line: &'a str, words: &[Token], j: usize) -> &'a str {
    let from = if j == 0 { 0 } else { words[j - 1].span.1 };
    &line[from..words[j].span.0]
}

/// A gap that ends an address: a sentence's end or a bracket, not a comma or an abbreviation's dot.
fn is_break(gap: &str) -> bool {
    gap.contains(['!', '?', ';', '(', ')', '|', '•']) || gap.contains(". ") && gap.trim() != "."
}

/// A house number: digits (with a letter: "12а", "5b"), not a year, not part of a phone number, a price, a
/// percentage or a time.
fn is_house_number(line: &str, words: &[Token], j: usize) -> bool {
    let form = &words[j].form;
    let digits = form.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 4 || form.chars().count() > digits + 2 {
        return false;
    }
    if digits == 4 && (form.starts_with("19") || form.starts_with("20")) {
        return false;
    }
    let after = &line[words[j].span.1..];
    let before = &line[..words[j].span.0];
    if after.starts_with(['%', ':', '$', '€', '₽']) || before.ends_with(['+', '(', '$', '€', '£']) {
        return false;
    }
    // "8 800 555": the next word is a number too, with only spaces, dashes or brackets between.
    if let Some(next) = words.get(j + 1)
        && next.form.starts_with(|c: char| c.is_ascii_digit())
        && line[words[j].span.1..next.span.0].chars().all(|c| c.is_whitespace() || "-()".contains(c))
    {
        return false;
    }
    true
}

/// Where the street's name starts: up to [`MAX_NAME_WORDS`] capitalised (or numbered: "1-я") words just
/// before the street word, joined by spaces or hyphens only.
fn name_start(line: &str, words: &[Token], at: usize) -> usize {
    let mut start = at;
    while start > 0 && at - start < MAX_NAME_WORDS {
        let prev = &words[start - 1];
        let written = &line[prev.span.0..prev.span.1];
        let named = written.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        if !named || !gap(line, words, start).chars().all(|c| c.is_whitespace() || c == '-') {
            break;
        }
        start -= 1;
    }
    start
}

/// The text before a phone number or an email that follows an address on the same line.
fn before_contacts(text: &str) -> &str {
    static CONTACT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)\+\d|\(\d{3}\)|[\w.+-]+@|\b(?:тел|phone|tel|e-?mail|почта)\b")
            .unwrap_or_else(|_| unreachable!())
    });
    let cut = CONTACT.find(text).map_or(text.len(), |m| m.start());
    text[..cut].trim().trim_end_matches([',', ';', '.', '|', '·']).trim()
}

/// Whether the text has an ASCII digit: every address has a number and every postcode the lists know a digit,
/// and most lines of a page have none.
fn has_digit(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
}

fn cut(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_ADDRESS_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder() -> AddressFinder {
        crate::config::keywords::Keywords::builtin().unwrap().address
    }

    #[test]
    fn finds_addresses_as_people_write_them() {
        let f = finder();
        for (text, want) in [
            ("Пр. Дзержинского 11, 2 этаж", "Пр. Дзержинского 11"),
            ("Мы ждём вас: Поэтический бульвар 4", "Поэтический бульвар 4"),
            ("вулиця Саперне Поле, 3", "вулиця Саперне Поле, 3"),
            ("İshak Paşa Cd. No.20 Sultanahmet", "İshak Paşa Cd. No.20"),
            ("Visit us at 12 Baker Street, Springfield", "12 Baker Street"),
            ("г. Москва, ул. Ленина, д. 5, офис 3", "ул. Ленина, д. 5"),
            ("Hauptstraße 5, 10115 Berlin", "Hauptstraße 5"),
            ("221B Baker St", "221B Baker St"),
            ("5 Elm Dr, Austin", "5 Elm Dr"),
        ] {
            let found = f.find(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(found.text, want, "{text}");
            assert_eq!(found.by, AddressClue::Street);
        }
    }

    #[test]
    fn the_needle_scan_passes_every_line_a_word_check_takes() {
        let f = finder();
        let lines = [
            "Пр. Дзержинского 11, 2 этаж",
            "Ленинский пр-т, 12",
            "б-р Шевченко 3",
            "ул.Ленина 5",
            "Ёлочная ул., 7",
            "İshak Paşa Cd. No.20",
            "Hauptstraße 5, 10115 Berlin",
            "Rue-de-Rivoli 5",
            "12 Baker Street, Springfield",
            "5 Elm Dr, Austin",
            "Наш адрес: Казань",
            "Address: 1 Main St",
            "LEININSKY PROSPEKT 5",
            "Итого 500 руб., скидка 10%",
            "Street-food 2026",
            "Prices from 20 USD",
        ];
        let mut known = 0;
        for line in lines {
            if f.has_known_word(line) {
                known += 1;
                assert!(f.needle_in(line), "the scan passes over `{line}`, which the word check takes");
            }
        }
        assert!(known >= 12, "{known} lines known: the check above must not pass for want of lines");
        assert!(!f.needle_in("Prices from 20 USD, open 9-18"), "a line with no street word is passed over");
    }

    #[test]
    fn labels_take_the_text_after_them_or_the_next_line() {
        let f = finder();
        let found = f.find("Адрес: Москва, Тверская 7, вход со двора. Тел.: +7 495 123-45-67").unwrap();
        assert_eq!(found.text, "Москва, Тверская 7, вход со двора");
        assert_eq!(found.by, AddressClue::Label);
        let found = f.find("Наш адрес\nКазань, Баумана 12\nЧасы работы").unwrap();
        assert_eq!(found.text, "Казань, Баумана 12");
        assert!(f.find("Email address: info@example.com").is_none());
    }

    #[test]
    fn streets_without_numbers_prices_years_and_phones_are_no_address() {
        let f = finder();
        for text in [
            "Street food festival 2024",
            "Ленина — наш любимый проспект",
            "Main street prices from $20",
            "Sale via 20% off",
            "Avenue of the stars: call 8 800 555 35 35",
            "Улица Роз 2019 года",
            "Центр эстетической красоты",
        ] {
            assert_eq!(f.find(text), None, "{text}");
        }
    }

    #[test]
    fn a_postcode_after_a_place_is_an_address_where_the_street_has_no_number() {
        let f = finder();
        for (text, want) in [
            (
                "© 2026 Acme Group Ltd · Company No. 15252227 · Barnwell Road, Alconbury Weald, Huntingdon PE28 4YF",
                "Barnwell Road, Alconbury Weald, Huntingdon PE28 4YF",
            ),
            ("123 Pall Mall London SW1Y 5EA United Kingdom", "123 Pall Mall London SW1Y 5EA"),
            ("Unit 4, Riverside Park, Leeds LS1 4AP", "Unit 4, Riverside Park, Leeds LS1 4AP"),
            ("Suite 200, Springfield, IL 62701", "Suite 200, Springfield, IL 62701"),
        ] {
            let found = f.find(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((found.text.as_str(), found.by), (want, AddressClue::Postcode), "{text}");
        }
        // A street with its number anywhere on the page is the better clue.
        assert_eq!(f.find("Leeds LS1 4AP\n5 Elm Street").map(|a| a.by), Some(AddressClue::Street));
        assert_eq!(f.find("London\n123 Pall Mall\nLondon SW1Y 5EA").unwrap().text, "123 Pall Mall, London SW1Y 5EA");
        for text in ["Leeds LS1 4AP", "Order code AB1 2CD", "GeForce RTX 4090 24GB", "call us in 12345 ways"] {
            assert_eq!(f.find(text), None, "{text}");
        }
    }

    #[test]
    fn maps_are_named_by_their_entry() {
        let f = finder();
        assert_eq!(f.map_in("https://yandex.ru/map-widget/v1/?um=constructor%3a1"), Some("yandex.ru/map-widget"));
        assert_eq!(f.map_in("https://www.google.com/maps/embed?pb=!1m18"), Some("google.com/maps"));
        assert_eq!(f.map_in("https://example.com/"), None);
    }
}
