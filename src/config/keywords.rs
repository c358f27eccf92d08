//! The keyword lists of checklists/keywords.toml, compiled into matchers the page extractor runs: words,
//! stems and phrases through the one tokenizer (`crate::text`), never substrings.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

use super::hours::{HoursDetector, HoursWords};
use crate::config::diag;
use crate::error::Diagnostic;

/// The keyword lists shipped with touchaudit.
pub(crate) const DEFAULT_KEYWORDS: &str = include_str!("../../checklists/keywords.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordsToml {
    signals: BTreeMap<String, SignalToml>,
    hours: HoursWords,
    prices: PricesToml,
    links: LinksToml,
    structured_data: StructuredToml,
    address: super::address::AddressWords,
    legal: super::legal::LegalWords,
    reviews_on_site: ReviewsOnSiteToml,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewsOnSiteToml {
    widgets: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PricesToml {
    min_items: u32,
    currency: Vec<String>,
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

/// Keyword lists over lower-cased text, matched on words (`crate::text::Finder`), each hit naming the signal
/// it belongs to.
#[derive(Debug, Clone)]
struct Matcher {
    finder: crate::text::Finder,
}

impl Matcher {
    fn new(pairs: Vec<(String, usize)>) -> Result<Self, String> {
        let finder = crate::text::Finder::new(&pairs).map_err(|bad| format!("`{}` has no word to match", bad.entry))?;
        Ok(Matcher { finder })
    }

    /// Sets bit `signal` of `found` for every signal whose keyword is a word or phrase of `lowercase_text`;
    /// true when a word tagged [`LEGAL_TAG`] is one too.
    fn scan(&self, lowercase_text: &str, found: &mut u32) -> bool {
        let mut legal = false;
        for signal in self.finder.tags_in(lowercase_text) {
            if signal == LEGAL_TAG {
                legal = true;
            } else {
                *found |= 1 << signal;
            }
        }
        legal
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
    /// The length in chars of the longest of `vague_links`.
    vague_link_max_chars: usize,
    /// Social network hosts a link to which counts as a social profile.
    pub social: Vec<String>,
    /// Messenger hosts and schemes a link to which counts as a messenger contact.
    pub messenger: Vec<String>,
    /// Script and class names that mark an online chat widget.
    pub chat_widget: Vec<String>,
    /// Words that name the kind of business, for the title and heading checks.
    pub business_types: Vec<String>,
    /// Opening hours written out on a page.
    pub hours: HoursDetector,
    /// List items and table cells with an amount in a currency ("Sourdough loaf 4.50 €", "Чистка — 3 500 ₽").
    pub price_item: Option<regex::Regex>,
    /// That many of them make a prices page.
    pub min_price_items: u32,
    /// Postal addresses in a page's text, and map embeds.
    pub address: super::address::AddressFinder,
    /// The legal entity's name and registration number.
    pub legal: super::legal::LegalFinder,
    /// Review platforms' widgets, as parts of their addresses.
    pub review_widgets: Vec<String>,
    /// The link texts that lead to a privacy policy (`signals.privacy.link`).
    privacy_links: Matcher,
}

/// At most this many signals fit the bit set a page keeps.
const MAX_SIGNALS: usize = 32;

/// The tag of the legal lists' first words among the page text's keywords: a page's text is searched once for
/// both, and only a page that names a legal form or number is read line by line for them.
const LEGAL_TAG: usize = MAX_SIGNALS;

impl Keywords {
    /// The built-in keywords (`checklists/keywords.toml`).
    pub fn builtin() -> Result<Self, Diagnostic> {
        Self::parse(Path::new("checklists/keywords.toml"), DEFAULT_KEYWORDS)
    }

    /// The built-in lists with an audit's `[site.keywords]` laid over them: a list given there is added to
    /// the built-in one, or replaces it when its dotted name is in `replace` ("signals.hours.text"); a number
    /// replaces. `Err` names what is wrong (an unknown list, with the nearest name; a wrong type).
    pub fn with_overlay(overlay: &toml::Table) -> Result<Self, String> {
        let mut base: toml::Table = toml::from_str(DEFAULT_KEYWORDS).map_err(|e| e.to_string())?;
        let mut replace = Vec::new();
        for (key, value) in overlay {
            if key == "replace" {
                let names = value.as_array().filter(|a| a.iter().all(toml::Value::is_str));
                let names = names.ok_or("`replace` must be a list of list names like \"signals.hours.text\"")?;
                replace.extend(names.iter().filter_map(|n| n.as_str().map(str::to_string)));
            }
        }
        let mut rest = overlay.clone();
        rest.remove("replace");
        merge(&mut base, &rest, "", &replace)?;
        for name in &replace {
            if lookup(&base, name).is_none_or(|v| !v.is_array()) {
                let lists = list_names(&base, "");
                return Err(format!("`replace` names `{name}`, which is not a keyword list")
                    + &diag::did_you_mean(name, lists.iter().map(String::as_str))
                        .map_or(String::new(), |d| format!("; {d}")));
            }
        }
        let text = toml::to_string(&base).map_err(|e| e.to_string())?;
        Self::parse(Path::new("[site.keywords]"), &text).map_err(|d| d.message)
    }

    /// Parses a keywords file; `file` is named in errors.
    pub fn parse(file: &Path, text: &str) -> Result<Self, Diagnostic> {
        let raw: KeywordsToml = toml::from_str(text).map_err(|e| diag::from_toml(file, text, &e))?;
        if raw.signals.len() > MAX_SIGNALS {
            return Err(Diagnostic::new(file, None, format!("at most {MAX_SIGNALS} signals are supported")));
        }
        let mut text_pairs = Vec::new();
        let mut topic_pairs = Vec::new();
        let mut vague_links = Vec::new();
        let mut privacy_links = Vec::new();
        let mut signals = Vec::new();
        for (index, (name, signal)) in raw.signals.into_iter().enumerate() {
            text_pairs.extend(signal.text.into_iter().map(|w| (w, index)));
            topic_pairs.extend(signal.topic.into_iter().map(|w| (w, index)));
            if name == "vague_link" {
                vague_links = signal.link.iter().map(|w| w.to_lowercase()).collect();
            } else if name == "privacy" {
                privacy_links = signal.link.iter().map(|w| (w.clone(), index)).collect();
            }
            signals.push(name);
        }
        let fail = |e: String| Diagnostic::new(file, None, format!("cannot compile the keywords: {e}"));
        let hours = HoursDetector::new(&raw.hours).map_err(|e| fail(format!("[hours]: {e}")))?;
        let price_item = price_pattern(&raw.prices.currency).map_err(|e| fail(format!("[prices]: {e}")))?;
        let address = super::address::AddressFinder::new(&raw.address).map_err(|e| fail(format!("[address]: {e}")))?;
        let legal = super::legal::LegalFinder::new(&raw.legal).map_err(|e| fail(format!("[legal]: {e}")))?;
        text_pairs.extend(raw.legal.entity.iter().chain(&raw.legal.ids).map(|w| (w.clone(), LEGAL_TAG)));
        Ok(Keywords {
            hours,
            price_item,
            min_price_items: raw.prices.min_items,
            signals,
            text: Matcher::new(text_pairs).map_err(fail)?,
            topic: Matcher::new(topic_pairs).map_err(fail)?,
            vague_link_max_chars: vague_links.iter().map(|t| t.chars().count()).max().unwrap_or(0),
            vague_links,
            social: raw.links.social,
            messenger: raw.links.messenger,
            chat_widget: raw.links.chat_widget,
            business_types: raw.structured_data.business_types,
            address,
            legal,
            review_widgets: raw.reviews_on_site.widgets.iter().map(|w| w.to_lowercase()).collect(),
            privacy_links: Matcher::new(privacy_links).map_err(fail)?,
        })
    }

    /// Whether a list item's or table cell's lower-cased text holds an amount in one of the currencies.
    pub fn is_price_item(&self, lowercase_text: &str) -> bool {
        self.price_item.as_ref().is_some_and(|p| p.is_match(lowercase_text))
    }

    /// The signals (a bit per name in [`Keywords::signals`]) a page's lower-cased text shows.
    pub fn scan_text(&self, lowercase_text: &str) -> u32 {
        self.scan_text_and_legal(lowercase_text).0
    }

    /// [`Self::scan_text`], and whether the text names a legal form or registration number (in one search of
    /// it: then [`super::legal::LegalFinder::find_in_lines`] reads it).
    pub fn scan_text_and_legal(&self, lowercase_text: &str) -> (u32, bool) {
        let mut found = 0;
        let legal = self.text.scan(lowercase_text, &mut found);
        (found, legal)
    }

    /// The signals a lower-cased page topic (title, headings, address) shows.
    pub fn scan_topic(&self, lowercase_topic: &str) -> u32 {
        let mut found = 0;
        self.topic.scan(lowercase_topic, &mut found);
        found
    }

    /// Whether a link's lower-cased text names a privacy or personal-data policy.
    pub fn is_privacy_link(&self, lowercase_text: &str) -> bool {
        let mut found = 0;
        self.privacy_links.scan(lowercase_text, &mut found);
        found != 0
    }

    /// The review platform whose widget a lower-cased address loads, if any.
    pub fn review_widget_in(&self, lowercase_url: &str) -> Option<&str> {
        self.review_widgets.iter().find(|w| lowercase_url.contains(w.as_str())).map(String::as_str)
    }

    /// Whether a link's text says nothing of where it leads ("click here", "подробнее").
    pub fn is_vague_link(&self, text: &str) -> bool {
        let text = text.trim().trim_end_matches(['.', '…', '>', '»']).trim();
        // Lower-casing never shortens a text in chars: most link texts are longer than every vague one.
        if text.chars().nth(self.vague_link_max_chars).is_some() {
            return false;
        }
        self.vague_links.contains(&text.to_lowercase())
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

fn lookup<'a>(table: &'a toml::Table, dotted: &str) -> Option<&'a toml::Value> {
    let mut parts = dotted.split('.');
    let mut value = table.get(parts.next()?)?;
    for part in parts {
        value = value.as_table()?.get(part)?;
    }
    Some(value)
}

/// Every list's dotted name, for suggestions.
fn list_names(table: &toml::Table, prefix: &str) -> Vec<String> {
    table
        .iter()
        .flat_map(|(key, value)| {
            let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            match value {
                toml::Value::Table(inner) => list_names(inner, &name),
                _ => vec![name],
            }
        })
        .collect()
}

/// Lays `overlay` over `base`: lists extend (or replace, when named in `replace`), numbers replace, tables
/// recurse; a key the built-in lists do not have is an error (a new signal under `signals` is allowed, as a
/// custom touchpoint can require it).
fn merge(base: &mut toml::Table, overlay: &toml::Table, prefix: &str, replace: &[String]) -> Result<(), String> {
    for (key, value) in overlay {
        let name = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        let new_signal = prefix == "signals" && value.is_table() && !base.contains_key(key);
        if new_signal {
            // A new signal has the lists a signal has, empty until the overlay fills them.
            let lists = ["text", "topic", "link"].map(|l| (l.to_string(), toml::Value::Array(Vec::new())));
            base.insert(key.clone(), toml::Value::Table(lists.into_iter().collect()));
        }
        let Some(existing) = base.get_mut(key) else {
            let siblings: Vec<String> = base.keys().cloned().collect();
            let hint = diag::did_you_mean(key, siblings.iter().map(String::as_str))
                .map_or_else(|| format!("; there are: {}", siblings.join(", ")), |d| format!("; {d}"));
            return Err(format!("unknown keyword list `{name}`{hint}"));
        };
        match (existing, value) {
            (toml::Value::Table(inner), toml::Value::Table(more)) => merge(inner, more, &name, replace)?,
            (toml::Value::Array(list), toml::Value::Array(more)) => {
                if !more.iter().all(toml::Value::is_str) {
                    return Err(format!("`{name}` must be a list of strings"));
                }
                if replace.contains(&name) {
                    list.clear();
                }
                for word in more {
                    if !list.contains(word) {
                        list.push(word.clone());
                    }
                }
            }
            (existing @ toml::Value::Integer(_), toml::Value::Integer(n)) if *n >= 1 => {
                *existing = toml::Value::Integer(*n)
            }
            (toml::Value::Integer(_), _) => return Err(format!("`{name}` must be a whole number of at least 1")),
            (toml::Value::Table(_), _) => return Err(format!("`{name}` is a table of lists, not a value")),
            (toml::Value::Array(_), _) => return Err(format!("`{name}` must be a list of strings")),
            _ => return Err(format!("`{name}` cannot be set here")),
        }
    }
    Ok(())
}

/// An amount next to a currency, either side ("$12", "12.50 €", "3 500 ₽", "1200 руб.").
fn price_pattern(currencies: &[String]) -> Result<Option<regex::Regex>, String> {
    let names: Vec<String> =
        currencies.iter().filter(|c| !c.trim().is_empty()).map(|c| regex::escape(&c.to_lowercase())).collect();
    if names.is_empty() {
        return Ok(None);
    }
    let currency = names.join("|");
    let amount = r"\d[\d\s\u{a0}\u{202f}]*(?:[.,]\d{1,2})?";
    regex::Regex::new(&format!(r"(?:{currency})\s?{amount}|{amount}\s?(?:{currency})"))
        .map(Some)
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The page text's one keyword search tells whether to read it for the legal entity: the same answer as
    /// the legal finder's own search, on pages that name one and pages that do not.
    #[test]
    fn one_search_of_a_page_finds_its_signals_and_whether_it_names_a_legal_entity() {
        let k = Keywords::builtin().unwrap();
        for text in [
            "ООО «Ромашка», ИНН 7701234567. Часы работы: пн-пт 9-18",
            "© 2026 Acme Dental Ltd. Registered in England, company number 01234567.",
            "Acme Dental Ltd",
            "Subscribe to our newsletter",
            "",
        ] {
            let lower = text.to_lowercase();
            let (signals, named) = k.scan_text_and_legal(&lower);
            assert_eq!(signals, k.scan_text(&lower), "{text}");
            let by_lines = if named { k.legal.find_in_lines(text) } else { Default::default() };
            assert_eq!(by_lines, k.legal.find(text, &lower), "{text}");
        }
        let (_, named) = k.scan_text_and_legal("ооо «ромашка», инн 7701234567");
        assert!(named);
        assert!(!k.scan_text_and_legal("subscribe to our newsletter").1);
    }

    #[test]
    fn builtin_keywords_match_english_and_russian() {
        let k = Keywords::builtin().unwrap();
        let found = k.scan_text("наши часы работы: пн-пт 9-18. subscribe to our newsletter");
        assert_eq!(k.names(found), ["hours", "newsletter"]);
        assert!(k.is_price_item("sourdough loaf 4.50 €") && k.is_price_item("чистка — 3 500 ₽"));
        assert!(k.is_price_item("$12") && k.is_price_item("1200 руб."));
        assert!(!k.is_price_item("since 2019") && !k.is_price_item("call 555-0100"));
        // Words, not substrings: "цен" is not in "Центр", "return" not in "returning customers" alone.
        assert!(k.names(k.scan_topic("центр эстетической красоты / лицензии")).is_empty());
        assert_eq!(k.names(k.scan_topic("наши цены / прайс-лист")), ["prices"]);
        assert_eq!(k.names(k.scan_topic("/uslugi/ceny")), ["prices"]);
        assert_eq!(k.names(k.scan_topic("политика конфиденциальности")), ["privacy"]);
        // Ukrainian words are their own: "гарантія" is no "гаранти…" (і is not и).
        assert_eq!(k.names(k.scan_topic("гарантія на пломби 2 роки")), ["guarantee"]);
        assert_eq!(k.names(k.scan_topic("ціни на послуги")), ["prices"]);
        assert_eq!(k.names(k.scan_topic("повернення коштів")), ["refund"]);
        assert_eq!(k.names(k.scan_topic("согласие на обработку персональных данных")), ["privacy"]);
        assert_eq!(k.names(k.scan_topic("отзывы наших клиентов")), ["reviews"]);
        assert!(k.is_privacy_link("политикой конфиденциальности") && !k.is_privacy_link("политика возврата"));
        assert_eq!(
            k.review_widget_in("https://yandex.ru/maps-reviews-widget/1234?comments"),
            Some("yandex.ru/maps-reviews-widget")
        );
    }

    #[test]
    fn an_audit_extends_or_replaces_any_list_and_misspellings_are_named() {
        let overlay: toml::Table = toml::from_str(
            "replace = [\"signals.newsletter.text\"]\n[signals.prices]\ntopic = [\"carte\"]\n\
             [signals.newsletter]\ntext = [\"join our club\"]\n[prices]\nmin_items = 5\n",
        )
        .unwrap();
        let k = Keywords::with_overlay(&overlay).unwrap();
        assert_eq!(k.names(k.scan_topic("la carte")), ["prices"]);
        assert_eq!(k.names(k.scan_topic("/price-list")), ["prices"], "extended, not replaced");
        assert_eq!(k.names(k.scan_text("join our club")), ["newsletter"]);
        assert!(k.names(k.scan_text("subscribe")).is_empty(), "replaced");
        assert_eq!(k.min_price_items, 5);
        let wrong: toml::Table = toml::from_str("[signals.prices]\ntopc = [\"x\"]\n").unwrap();
        let error = Keywords::with_overlay(&wrong).unwrap_err();
        assert!(error.contains("`signals.prices.topc`") && error.contains("did you mean `topic`?"), "{error}");
        let wrong: toml::Table = toml::from_str("replace = [\"signals.hours.txt\"]\n").unwrap();
        let error = Keywords::with_overlay(&wrong).unwrap_err();
        assert!(error.contains("did you mean `signals.hours.text`?"), "{error}");
        assert_eq!(k.names(k.scan_topic("/policies/refund.html возврат товара")), ["refund"]);
        assert_eq!(k.names(k.scan_topic("доставка и оплата")), ["delivery"]);
        assert!(k.is_vague_link(" Read more… "));
        assert!(k.is_vague_link("Подробнее"));
        assert!(!k.is_vague_link("Read more about implants"));
        assert_ne!(k.bit("loyalty"), 0);
        assert_eq!(k.bit("nope"), 0);
    }
}
