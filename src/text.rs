//! Text as words: the one tokenizer for every text touchaudit reads (reviews, mentions, search snippets, page
//! text), and the matcher of word lists against it (ARCHITECTURE.md, "Reading text as people do").
//!
//! A text is cut into Unicode words (UAX #29, `unicode-segmentation`), lower-cased, `ё` read as `е` and the
//! typographic apostrophe as `'`; each word carries its Snowball stem (Russian for Cyrillic words, English for
//! Latin ones) and the clause it stands in. Clauses end at sentence and clause punctuation, at a dash between
//! spaces and at line breaks, so negation never reaches across them (words of contrast, "but", "но", are the
//! lexicon's: `checklists/tone.toml`); sentences end at `.`, `!`, `?`, `…` and line breaks.
//!
//! A word list's entry is a word or a phrase, matched word by word on stems ("rude" finds "rudely", "нахамил"
//! finds "нахамила"); an entry word written `=word` matches that exact form only, for the words whose stems
//! collide with others ("=боль" is pain, while the stem of "боль" is also that of "более"), and `word*` every
//! word that begins with it, for the families a stemmer splits ("рекоменд*": рекомендую, рекомендуем,
//! рекомендации). Never a substring inside a word: "цен" is not in "центр", "wait" is not in "waiter".

use std::collections::HashMap;
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_segmentation::UnicodeSegmentation;

static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// One word of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The word as written, lower-cased, `ё` as `е`, `’` as `'`.
    pub form: String,
    /// Its Snowball stem (the form itself for scripts without a stemmer, and for numbers).
    pub stem: String,
    /// The clause it stands in, counted from 0.
    pub clause: u32,
    /// The sentence it stands in, counted from 0.
    pub sentence: u32,
    /// Where the word starts and ends in the original text, in bytes (for quoting).
    pub span: (usize, usize),
}

/// Normalises one word: lower case, `ё` as `е`, typographic apostrophes as `'`.
pub(crate) fn normalise(word: &str) -> String {
    if word.is_ascii() {
        // Most words of English texts: one pass over the bytes.
        let lower = word.to_ascii_lowercase();
        return if lower.contains('`') { lower.replace('`', "'") } else { lower };
    }
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ё' => 'е',
            '\u{2019}' | '\u{2018}' | '`' | '\u{02BC}' => '\'',
            c => c,
        })
        .collect()
}

/// How many words each thread keeps the stems of (customer texts repeat a small vocabulary: the cache spares
/// the stemmer most of its work). Past it the cache starts afresh.
pub(crate) const STEM_CACHE_WORDS: usize = 50_000;

thread_local! {
    static STEMS: std::cell::RefCell<HashMap<String, String>> = std::cell::RefCell::new(HashMap::new());
}

/// The Snowball stem of a normalised word: Russian for Cyrillic, English for Latin, the word itself otherwise.
pub(crate) fn stem(form: &str) -> String {
    STEMS.with_borrow_mut(|cache| {
        if let Some(stem) = cache.get(form) {
            return stem.clone();
        }
        if cache.len() >= STEM_CACHE_WORDS {
            cache.clear();
        }
        let stem = stem_uncached(form);
        cache.insert(form.to_string(), stem.clone());
        stem
    })
}

fn stem_uncached(form: &str) -> String {
    let cyrillic = form.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    let latin = form.chars().any(|c| c.is_ascii_alphabetic());
    if cyrillic {
        RUSSIAN.stem(form).into_owned()
    } else if latin {
        // The English stemmer reads "didn't" as "didn't": keep contractions whole.
        ENGLISH.stem(form).into_owned()
    } else {
        form.to_string()
    }
}

/// A segment between words that ends a sentence.
fn ends_sentence(segment: &str) -> bool {
    segment.chars().any(|c| matches!(c, '.' | '!' | '?' | '…' | '\n'))
}

/// A segment between words that ends a clause: sentence and clause punctuation, brackets, quotes, line
/// breaks, and a dash standing between spaces (a hyphen inside "well-known" does not).
fn ends_clause(segment: &str, spaced: bool) -> bool {
    segment.chars().any(|c| {
        matches!(
            c,
            '.' | ','
                | ';'
                | ':'
                | '!'
                | '?'
                | '…'
                | '('
                | ')'
                | '['
                | ']'
                | '"'
                | '«'
                | '»'
                | '“'
                | '”'
                | '\n'
                | '—'
                | '–'
        ) || (c == '-' && spaced)
    })
}

/// The words of a text, with stems and clauses.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::new();
    let mut clause = 0u32;
    let mut sentence = 0u32;
    let mut pending_break = false;
    let mut pending_stop = false;
    let mut last_was_space = false;
    let mut offset = 0usize;
    for segment in text.split_word_bounds() {
        let start = offset;
        offset += segment.len();
        if segment.chars().any(char::is_alphanumeric) {
            let mut form = normalise(segment);
            if form.starts_with('\'') || form.ends_with('\'') {
                form = form.trim_matches('\'').to_string();
            }
            if form.is_empty() {
                continue;
            }
            if pending_break && !out.is_empty() {
                clause += 1;
            }
            if pending_stop && !out.is_empty() {
                sentence += 1;
            }
            (pending_break, pending_stop, last_was_space) = (false, false, false);
            let stem = stem(&form);
            out.push(Token { form, stem, clause, sentence, span: (start, offset) });
        } else if segment.chars().all(char::is_whitespace) {
            if segment.contains('\n') {
                (pending_break, pending_stop) = (true, true);
            }
            last_was_space = true;
        } else {
            // A dash between spaces ("good - but") ends a clause, a hyphen inside a word does not.
            let spaced = last_was_space || text[offset..].starts_with(char::is_whitespace);
            pending_break |= ends_clause(segment, spaced);
            pending_stop |= ends_sentence(segment);
            last_was_space = false;
        }
    }
    out
}

/// One word of a list entry: a stem to match, an exact form (`=form`) or a word start (`start*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Part {
    Stem(String),
    Exact(String),
    Start(String),
}

impl Part {
    fn matches(&self, token: &Token) -> bool {
        self.matches_word(&token.form, || std::borrow::Cow::Borrowed(&token.stem))
    }

    /// Whether a word (its normalised form, its stem made only when the part needs one) is this part.
    fn matches_word<'a>(&self, form: &str, stem: impl FnOnce() -> std::borrow::Cow<'a, str>) -> bool {
        match self {
            Part::Stem(wanted) => stem() == wanted.as_str(),
            Part::Exact(exact) => form == exact,
            Part::Start(start) => form.starts_with(start.as_str()),
        }
    }
}

/// A word list compiled for matching: each entry a sequence of parts, indexed by its first part.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Terms {
    by_stem: HashMap<String, Vec<usize>>,
    by_form: HashMap<String, Vec<usize>>,
    /// Entries that open with a word start, by the start's first letter.
    by_start: HashMap<char, Vec<usize>>,
    entries: Vec<Vec<Part>>,
    /// The entries as written (its `Debug`, and what a test reads back).
    written: Vec<String>,
}

/// The entries as written, which decide everything else: stable across runs, unlike a hash map's order (the
/// rival cache keys on an audit's `Debug`).
impl std::fmt::Debug for Terms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.written).finish()
    }
}

/// A match of one entry in a text: the entry's index, where it starts and how many words it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hit {
    pub entry: usize,
    pub start: usize,
    pub len: usize,
}

/// Why an entry of a word list cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadEntry {
    pub index: usize,
    pub entry: String,
}

impl Terms {
    /// Compiles a list; an entry with no word in it ("", "--") is refused with its index.
    pub(crate) fn new<S: AsRef<str>>(list: &[S]) -> Result<Self, BadEntry> {
        let mut terms = Terms::default();
        for (index, entry) in list.iter().enumerate() {
            let entry = entry.as_ref();
            let parts = parts(entry);
            if parts.is_empty() {
                return Err(BadEntry { index, entry: entry.to_string() });
            }
            let at = terms.entries.len();
            match &parts[0] {
                Part::Stem(s) => terms.by_stem.entry(s.clone()).or_default().push(at),
                Part::Exact(f) => terms.by_form.entry(f.clone()).or_default().push(at),
                Part::Start(start) => {
                    terms.by_start.entry(start.chars().next().unwrap_or(' ')).or_default().push(at);
                }
            }
            terms.entries.push(parts);
            terms.written.push(entry.trim().to_string());
        }
        Ok(terms)
    }

    /// Whether the list has no entry.
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry as the list writes it.
    #[cfg(test)]
    pub(crate) fn written(&self, entry: usize) -> &str {
        self.written.get(entry).map_or("", String::as_str)
    }

    /// The longest entry that starts at `tokens[at]` and stays within its clause.
    pub(crate) fn longest_at(&self, tokens: &[Token], at: usize) -> Option<Hit> {
        let token = tokens.get(at)?;
        let by_form = if self.by_form.is_empty() { None } else { self.by_form.get(&token.form) };
        let by_start = match token.form.chars().next() {
            Some(first) if !self.by_start.is_empty() => self.by_start.get(&first),
            _ => None,
        };
        let candidates = self.by_stem.get(&token.stem).into_iter().chain(by_form).chain(by_start).flatten();
        let mut best: Option<Hit> = None;
        for &entry in candidates {
            let parts = &self.entries[entry];
            let fits = parts
                .iter()
                .enumerate()
                .all(|(k, part)| tokens.get(at + k).is_some_and(|t| t.clause == token.clause && part.matches(t)));
            if fits && best.is_none_or(|b| parts.len() > b.len) {
                best = Some(Hit { entry, start: at, len: parts.len() });
            }
        }
        best
    }

    /// Every match in a text, left to right, longest first where entries overlap.
    pub(crate) fn find(&self, tokens: &[Token]) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut at = 0;
        while at < tokens.len() {
            match self.longest_at(tokens, at) {
                Some(hit) => {
                    at += hit.len;
                    hits.push(hit);
                }
                None => at += 1,
            }
        }
        hits
    }
}

/// The parts of one list entry, through the same tokenizer as the texts it is matched against.
fn parts(entry: &str) -> Vec<Part> {
    entry
        .split_whitespace()
        .flat_map(|word| {
            if let Some(exact) = word.strip_prefix('=') {
                tokens(exact).into_iter().map(|t| Part::Exact(t.form)).collect::<Vec<_>>()
            } else if let Some(start) = word.strip_suffix('*') {
                tokens(start).into_iter().map(|t| Part::Start(t.form)).collect()
            } else {
                tokens(word).into_iter().map(|t| Part::Stem(t.stem)).collect()
            }
        })
        .collect()
}

/// A short quote: the whole text when it is short, else the sentence that holds `tokens[at]`, cut to at most
/// `max_chars` characters on word boundaries (with "…" where it was cut), keeping the cut around the word.
pub(crate) fn quote(text: &str, tokens: &[Token], at: usize, max_chars: usize) -> String {
    let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if whole.chars().count() <= max_chars {
        return whole;
    }
    let Some(sentence) = tokens.get(at).map(|t| t.sentence) else { return String::new() };
    let in_sentence: Vec<&Token> = tokens.iter().filter(|t| t.sentence == sentence).collect();
    let (Some(first), Some(last)) = (in_sentence.first(), in_sentence.last()) else { return String::new() };
    let piece = text[first.span.0..last.span.1].trim();
    if piece.chars().count() <= max_chars {
        return piece.to_string();
    }
    // Start a few words before the matched one when the sentence is long, so the quote shows it.
    let before = text[first.span.0..tokens[at].span.0].split_whitespace().count();
    let skip = before.saturating_sub(4);
    let words: Vec<&str> = piece.split_whitespace().skip(skip).collect();
    let mut out = String::from(if skip > 0 { "…" } else { "" });
    let mut taken = 0;
    for word in &words {
        if out.chars().count() + word.chars().count() + 1 > max_chars.saturating_sub(1) {
            break;
        }
        if taken > 0 {
            out.push(' ');
        }
        out.push_str(word);
        taken += 1;
    }
    if taken < words.len() {
        out.push('…');
    }
    out
}

/// A word list searched in long texts (a page's visible text): an Aho-Corasick prefilter on the leading
/// letters of each entry finds the few places worth reading, and only there are the words read through the
/// tokenizer and matched as [`Terms`] match them, so a page is scanned at the automaton's speed and still
/// matched on words ("цены" finds "ценам", and "Центр" is no price).
#[derive(Clone)]
pub(crate) struct Finder {
    automaton: Option<aho_corasick::AhoCorasick>,
    /// Per automaton pattern: the entry (compiled alone) and its tag.
    entries: Vec<(Terms, usize)>,
}

impl std::fmt::Debug for Finder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.entries.iter().map(|(terms, tag)| (terms, tag))).finish()
    }
}

/// How far past a candidate the words are read: enough for the longest phrase of a keyword list.
const FINDER_WINDOW_BYTES: usize = 256;

impl Finder {
    /// A finder over `(entry, tag)` pairs; an entry with no word in it is refused with its index.
    pub(crate) fn new(entries: &[(String, usize)]) -> Result<Self, BadEntry> {
        let mut patterns = Vec::new();
        let mut compiled = Vec::new();
        for (index, (entry, tag)) in entries.iter().enumerate() {
            let bad = || BadEntry { index, entry: entry.clone() };
            let terms = Terms::new(&[entry.as_str()]).map_err(|_| bad())?;
            let first = terms.entries.first().and_then(|parts| parts.first()).ok_or_else(bad)?;
            let written = entry.split_whitespace().next().unwrap_or("");
            let written = normalise(written.trim_start_matches('=').trim_end_matches('*'));
            // The letters every form of the first word starts with: a stem's letters as the word writes
            // them ("happi" is the stem of "happy": "happ"), an exact form or a word start whole.
            let lead = match first {
                Part::Stem(stem) => {
                    written.chars().zip(stem.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect()
                }
                Part::Exact(form) | Part::Start(form) => form.clone(),
            };
            if lead.is_empty() {
                return Err(bad());
            }
            patterns.push(lead);
            compiled.push((terms, *tag));
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(dfa(&patterns).map_err(|_| BadEntry { index: 0, entry: String::new() })?)
        };
        Ok(Finder { automaton, entries: compiled })
    }

    /// The tags of the entries found in `lowercase_text` (lower-cased by the caller, as page text is once).
    pub(crate) fn tags_in(&self, lowercase_text: &str) -> Vec<usize> {
        let mut tags: Vec<usize> = Vec::new();
        let Some(automaton) = &self.automaton else { return tags };
        for hit in automaton.find_overlapping_iter(lowercase_text) {
            let (terms, tag) = &self.entries[hit.pattern().as_usize()];
            if tags.contains(tag) {
                continue;
            }
            // Only at the start of a word: "цен" inside "лицензия" is no candidate at all.
            let start = hit.start();
            if lowercase_text[..start].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let rest = &lowercase_text[start..];
            let found = match terms.entries.first().map(Vec::as_slice) {
                // One word (most entries): read just the word there, stemming only when the entry needs it.
                Some([part]) => {
                    let word = rest.split(|c: char| !(c.is_alphanumeric() || c == '\'')).next().unwrap_or("");
                    let form = normalise(word.trim_end_matches('\''));
                    part.matches_word(&form, || std::borrow::Cow::Owned(stem(&form)))
                }
                // A phrase: its words, through the tokenizer.
                _ => {
                    let mut end = FINDER_WINDOW_BYTES.min(rest.len());
                    while !rest.is_char_boundary(end) {
                        end -= 1;
                    }
                    terms.longest_at(&tokens(&rest[..end]), 0).is_some()
                }
            };
            if found {
                tags.push(*tag);
            }
        }
        tags
    }
}

/// An Aho-Corasick automaton over `patterns` as a DFA: built once per word list, it scans a page's text
/// several times faster than the default (a non-contiguous NFA for this many patterns), and the text of every
/// crawled page goes through the keyword and address scans.
pub(crate) fn dfa<P: AsRef<[u8]>>(patterns: &[P]) -> Result<aho_corasick::AhoCorasick, aho_corasick::BuildError> {
    aho_corasick::AhoCorasick::builder().kind(Some(aho_corasick::AhoCorasickKind::DFA)).build(patterns)
}

/// A data file's bytes as text (review exports, CSV tables): UTF-8 with its BOM dropped; else the encoding
/// a detector finds, named in the second value (a CSV that Excel saved in Windows-1251 reads as Russian, not
/// as garbled column names).
pub(crate) fn data_file_text(bytes: Vec<u8>) -> (String, Option<&'static str>) {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            (text, None)
        }
        Err(e) => {
            let bytes = e.into_bytes();
            let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            detector.feed(&bytes, true);
            let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
            let (text, _, _) = encoding.decode(&bytes);
            (text.into_owned(), Some(encoding.name()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<(String, u32)> {
        tokens(text).into_iter().map(|t| (t.form, t.clause)).collect()
    }

    #[test]
    fn words_clauses_and_normal_forms() {
        let t = forms("The waitress wasn’t attentive, but Ёлка well-known - ok. Next");
        let words: Vec<&str> = t.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(words, ["the", "waitress", "wasn't", "attentive", "but", "елка", "well", "known", "ok", "next"]);
        let clauses: Vec<u32> = t.iter().map(|(_, c)| *c).collect();
        // The comma ends a clause; the hyphen inside a word does not, the spaced dash does.
        assert_eq!(clauses, [0, 0, 0, 0, 1, 1, 1, 1, 2, 3]);
        let sentences: Vec<u32> = tokens("One, two. Three… Four\nfive").iter().map(|t| t.sentence).collect();
        assert_eq!(sentences, [0, 0, 1, 2, 3]);
    }

    #[test]
    fn entries_match_words_and_stems_never_substrings() {
        let terms = Terms::new(&["wait", "цен", "=боль", "нахамил", "nobody answers", "рекоменд*"]).unwrap();
        let found = |text: &str| -> Vec<&str> {
            let tokens = tokens(text);
            terms.find(&tokens).into_iter().map(|h| terms.written(h.entry)).collect()
        };
        assert_eq!(found("The waiter and the waitress"), Vec::<&str>::new());
        assert_eq!(found("We waited and waited"), ["wait", "wait"]);
        assert_eq!(found("Центр эстетической красоты"), Vec::<&str>::new());
        assert_eq!(found("Цены высокие"), ["цен"]);
        assert_eq!(found("Больше не приеду, и более того"), Vec::<&str>::new());
        assert_eq!(found("Была сильная боль"), ["=боль"]);
        assert_eq!(found("Мастер нахамила"), ["нахамил"]);
        assert_eq!(found("Nobody answers the phone"), ["nobody answers"]);
        assert_eq!(found("Рекомендуем, рекомендации; перерекомендовали"), ["рекоменд*", "рекоменд*"]);
        // A phrase never spans two clauses.
        assert_eq!(found("Nobody. Answers"), Vec::<&str>::new());
    }

    #[test]
    fn an_entry_without_a_word_is_refused() {
        assert_eq!(Terms::new(&["ok", " -- "]).unwrap_err(), BadEntry { index: 1, entry: " -- ".into() });
    }

    #[test]
    fn quotes_are_the_sentence_cut_on_words_around_the_match() {
        assert_eq!(
            quote("Мастер нахамил…\n Больше не приеду.", &tokens("Мастер нахамил"), 1, 140),
            "Мастер нахамил… Больше не приеду."
        );
        let text = "Great doctor. But the receptionist was rude and kept us waiting for an hour at the desk! And more words \
                    follow here, enough to make the whole review longer than the quote may be, so a sentence is cut.";
        let tokens = tokens(text);
        let rude = tokens.iter().position(|t| t.form == "rude").unwrap();
        assert_eq!(
            quote(text, &tokens, rude, 100),
            "But the receptionist was rude and kept us waiting for an hour at the desk"
        );
        assert_eq!(quote(text, &tokens, rude, 30), "But the receptionist was rude…");
        let desk = tokens.iter().position(|t| t.form == "desk").unwrap();
        assert_eq!(quote(text, &tokens, desk, 40), "…an hour at the desk");
    }

    #[test]
    fn a_finder_reads_words_where_its_prefilter_points() {
        let entries: Vec<(String, usize)> =
            [("цены", 0), ("прайс*", 0), ("contact", 1), ("о нас", 1), ("=st", 2), ("happy hour", 3)]
                .iter()
                .map(|(e, t)| (e.to_string(), *t))
                .collect();
        let finder = Finder::new(&entries).unwrap();
        let tags = |text: &str| {
            let mut t = finder.tags_in(&text.to_lowercase());
            t.sort();
            t
        };
        assert_eq!(tags("Центр эстетической красоты, лицензия"), Vec::<usize>::new());
        assert_eq!(tags("Наши цены и прайс-лист"), [0]);
        assert_eq!(tags("Ценам на услуги"), [0]);
        assert_eq!(tags("Contacts | О нас"), [1]);
        assert_eq!(tags("12 Main St. and 1st floor"), [2]);
        assert_eq!(tags("Unhappy hours"), Vec::<usize>::new());
        assert_eq!(tags("Happy hours daily"), [3]);
        assert!(Finder::new(&[(" -- ".to_string(), 0)]).is_err());
    }

    #[test]
    fn a_windows_1251_table_reads_as_russian() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode("Оценка;Отзыв\n5;Всё отлично, мастер вежливый\n");
        let (text, encoding) = data_file_text(bytes.into_owned());
        assert_eq!(encoding, Some("windows-1251"));
        assert!(text.starts_with("Оценка;Отзыв\n5;Всё отлично"), "{text}");
        assert_eq!(data_file_text("\u{feff}a,b".as_bytes().to_vec()), ("a,b".to_string(), None));
    }
}
