//! Reading one HTML page into the small facts the website rules need; the HTML itself is not kept.

use std::collections::HashSet;
use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use regex::Regex;
use scraper::Html;
use serde::{Deserialize, Serialize};
use url::Url;

use super::urls;
use super::walk::{Anchor, LinkTexts, Page};
use crate::config::keywords::Keywords;

/// Texts kept per page (titles, headings) are cut to this many characters.
const MAX_TEXT_CHARS: usize = 300;
/// At most this many h1 texts are kept per page.
const MAX_H1: usize = 5;
/// Below this much visible text, with this much script, a page probably needs JavaScript to show its content.
const JS_RENDERED_MAX_TEXT: usize = 200;
const JS_RENDERED_MIN_SCRIPT_BYTES: u64 = 20_000;

pub(crate) use crate::config::checklist::CustomCheck;

/// What the extractor looks for besides the built-in facts.
#[derive(Debug, Clone)]
pub struct ExtractConfig {
    /// The signal keywords the page checks look for.
    pub keywords: Keywords,
    /// The checklist's own page checks (`page_text`, `selector`).
    pub custom: Vec<CustomCheck>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FormFacts {
    pub action: Option<String>,
    pub method: String,
    pub fields: u32,
    pub unlabelled: u32,
    pub has_email: bool,
    pub has_message: bool,
    /// Takes a phone number (`type="tel"`, or a field named phone/tel/телефон).
    #[serde(default)]
    pub has_phone: bool,
    /// Takes a date or time, or a field or its button is named for an order or booking ("Оформить заказ").
    #[serde(default)]
    pub has_booking: bool,
}

/// What a form is for, by what it collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// A message box: the customer writes to the business.
    Message,
    /// A date, a time or an order: the customer books or orders.
    Booking,
    /// A phone number and no message: the business calls back.
    Callback,
    /// An email and nothing else to say: a subscription.
    Subscription,
}

/// What a field's type says it takes (its name may say more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Asks {
    Email,
    Phone,
    Message,
    Date,
    Other,
}

impl FormFacts {
    /// Notes what one field takes, by its type and by the words of its lower-cased name (and id): an HTML
    /// field and a Tilda zero-block field are read alike.
    fn note_field(&mut self, asks: Asks, name: &str) {
        self.has_email |= asks == Asks::Email || name.contains("mail");
        self.has_message |=
            asks == Asks::Message || ["message", "comment", "feedback", "question"].iter().any(|w| name.contains(w));
        // Name parts, so that "hotel" or "title" is no phone field.
        self.has_phone |= asks == Asks::Phone
            || ["phone", "телефон"].iter().any(|w| name.contains(w))
            || name.split(|c: char| !c.is_alphanumeric()).any(|w| matches!(w, "tel" | "mobile" | "тел"));
        self.has_booking |= asks == Asks::Date || BOOKING_WORDS.iter().any(|w| name.contains(w));
    }

    /// What the form is for, when it takes a way to reach the customer or a message; None for a search box or a
    /// login form.
    pub fn contact_kind(&self) -> Option<FormKind> {
        if self.has_message {
            Some(FormKind::Message)
        } else if self.has_booking && (self.has_phone || self.has_email) {
            Some(FormKind::Booking)
        } else if self.has_phone {
            Some(FormKind::Callback)
        } else if self.has_email && self.fields <= 2 {
            Some(FormKind::Subscription)
        } else if self.has_email {
            Some(FormKind::Callback)
        } else {
            None
        }
    }
}

/// One JSON-LD item (top level or in an @graph): its types and the properties it sets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StructuredItem {
    pub types: Vec<String>,
    pub properties: Vec<String>,
    /// One of its types describes a local business (keywords.toml `business_types`).
    pub business: bool,
    /// For a business: the name, address, telephone and url it states.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nap: Option<crate::gather::Nap>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageFacts {
    pub src: String,
    pub has_alt: bool,
}

/// The facts of one HTML page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HtmlFacts {
    /// The page nested its elements deeper than [`super::nesting::MAX_NESTING_DEPTH`]: it was read up to there.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub nested_too_deep: bool,
    pub title: Option<String>,
    pub description: Option<String>,
    pub canonical: Option<String>,
    pub robots_meta: Option<String>,
    pub viewport: Option<String>,
    pub lang: Option<String>,
    pub h1: Vec<String>,
    /// Absolute http(s) link targets, fragments dropped, each once, in page order. Shared: the crawl keeps
    /// one copy of each target for every page that links to it (a site's menu is on every page).
    pub links: Vec<Arc<str>>,
    pub images: Vec<ImageFacts>,
    pub forms: Vec<FormFacts>,
    pub structured: Vec<StructuredItem>,
    pub jsonld_errors: u32,
    pub tel: Vec<String>,
    pub mailto: Vec<String>,
    pub social: Vec<String>,
    pub messengers: Vec<String>,
    pub chat_widget: bool,
    /// Messenger and social links written without a scheme (`href="wa.me/7…"`): a browser reads them as a
    /// path on the site, so they lead nowhere.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub schemeless: Vec<String>,
    pub phone_in_text: bool,
    pub email_in_text: bool,
    pub address_tag: bool,
    /// Keyword signals (bits, see keywords.rs) in the visible text and in the title, h1 and URL path.
    pub text_signals: u32,
    pub topic_signals: u32,
    pub vague_links: u32,
    pub unlabelled_fields: u32,
    pub scripts: u32,
    pub script_bytes: u64,
    pub text_chars: u32,
    pub newest_date: Option<NaiveDate>,
    pub hreflang: u32,
    pub js_rendered: bool,
    /// Verdicts on the Lighthouse audits static HTML can decide, by Lighthouse audit id (see checks.rs).
    #[serde(default)]
    pub checks: super::checks::Checks,
    /// List items and table cells with an amount in a currency (a menu, a price list).
    #[serde(default)]
    pub price_items: u32,
    /// Per custom check of the checklist: whether it matched this page.
    pub custom: Vec<bool>,
    /// The postal address the page shows, as it was taken: a street and house number, the text after an
    /// "Адрес:" label, the text of `<address>`; see [`AddressFact`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<AddressFact>,
    /// A map embed that shows where the business is (the `[address] maps` entry it matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub map: Option<String>,
    /// Sections of the page (headings and labelled blocks) whose words name a topic, with the topic's bits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// The first link whose text or path names a privacy or personal-data policy (resolved when it can be).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub privacy_link: Option<String>,
    /// The legal entity's form and name, and a registration number, as the page states them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_number: Option<String>,
    /// A review platform's widget on the page (the `[reviews_on_site] widgets` entry it matched).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review_widget: Option<String>,
    /// schema.org Review items or properties (`review`, `aggregateRating` outside the business's own item are
    /// not counted: a business rating itself is no review).
    #[serde(default)]
    pub reviews_marked: u32,
}

/// An address a page shows and how it was recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressFact {
    pub text: String,
    /// `street`, `label`, `address-tag` or `structured`.
    pub by: String,
}

/// A section of a page: a heading or labelled block whose words name one of the topics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub heading: String,
    pub signals: u32,
}

/// At most this many topic sections are kept per page.
pub(crate) const MAX_SECTIONS: usize = 20;
/// A heading or labelled block longer than this is prose, not a section's name.
pub(crate) const MAX_HEADING_CHARS: usize = 120;

/// `<time datetime>` elements holding a time of day that make a page state its hours ("09:00", "T18:00").
const TIMES_FOR_HOURS: usize = 2;
static TIME_OF_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:.*T)?[0-2]?\d:[0-5]\d").unwrap_or_else(|_| unreachable!()));

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+\d|\(\d{3}\)|\b\d{3}[\s.-]\d)[\d\s().-]{6,}\d").unwrap_or_else(|_| unreachable!())
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\w.+-]+@[\w-]+\.[\w.-]*\w").unwrap_or_else(|_| unreachable!()));
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(20\d\d)-(\d\d)-(\d\d)\b|\b(\d\d)\.(\d\d)\.(20\d\d)\b").unwrap_or_else(|_| unreachable!())
});

/// Words that state what a date is for, just before it: "Цены действительны с 15.01.2024", "Prices valid from
/// 2024-01-15", "Прайс актуален на …", "Ціни дійсні з …". A date so stated is the page's own over any other.
static STATED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(действительн|актуальн|обновл[её]н|valid|effective|updated|дійсн|чинн|оновлен|прайс|price.?list|as of|состоянию на|цены на|ціни на|prices for)[^.!?\d]{0,40}$",
    )
        .unwrap_or_else(|_| unreachable!())
});
/// Dates written with a month's name: "15 января 2024", "15 January 2024", "January 15, 2024"; and a month
/// alone: "март 2024", "March 2024" (read as its first day).
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})\s+(\p{L}+)\.?,?\s+(20\d\d)\b|\b(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(20\d\d)\b|\b(\p{L}+)\s+(20\d\d)\b")
        .unwrap_or_else(|_| unreachable!())
});

/// The month a lower-cased word names, in Russian, Ukrainian or English (full, inflected or abbreviated).
fn month_of(word: &str) -> Option<u32> {
    const STARTS: [[&str; 2]; 12] = [
        ["январ", "січ"],
        ["феврал", "лют"],
        ["март", "берез"],
        ["апрел", "квіт"],
        ["", ""],
        ["июн", "черв"],
        ["июл", "лип"],
        ["август", "серп"],
        ["сентябр", "верес"],
        ["октябр", "жовт"],
        ["ноябр", "листопад"],
        ["декабр", "груд"],
    ];
    const ENGLISH: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (1..=12u32).find(|&m| {
        let i = (m - 1) as usize;
        if word.is_ascii() {
            // "jan", "sept", "january": the name or an abbreviation of three letters at least.
            word.len() >= 3 && ENGLISH[i].starts_with(word)
        } else if m == 5 {
            matches!(word, "май" | "мая" | "травень" | "травня")
        } else {
            STARTS[i].iter().any(|start| word.starts_with(start)) && word.chars().count() <= 9
        }
    })
}

/// Words in a field's name or a form's button that make it a booking or order form.
const BOOKING_WORDS: [&str; 13] = [
    "date",
    "time",
    "order",
    "book",
    "reserv",
    "checkout",
    "buy",
    "заказ",
    "дата",
    "запис",
    "брон",
    "замовл",
    "купить",
];
/// How far before a date (in bytes) its stating words are looked for.
const STATED_DATE_LOOKBACK: usize = 80;

fn clip(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.char_indices().nth(MAX_TEXT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Drops repeated values, keeping the first of each in page order. A hash set, not `Vec::contains`: an index
/// page may link thousands of posts, and a linear check per link made extraction quadratic.
fn dedup_in_order<T: std::hash::Hash + Eq + Clone>(list: &mut Vec<T>) {
    let mut seen = HashSet::with_capacity(list.len());
    list.retain(|value| seen.insert(value.clone()));
}

pub(crate) fn extract(html: &str, page_url: &Url, config: &ExtractConfig) -> HtmlFacts {
    let (html, nested_too_deep) = super::nesting::bounded(html);
    let document = Html::parse_document(html);
    // The one walk over the tree: every reader below goes through its lists (`walk.rs`).
    let page = Page::walk(&document);
    let links: Vec<(&Anchor, LinkTexts)> = page.anchor.iter().map(|a| (a, LinkTexts::of(a.met.el))).collect();
    let mut facts = HtmlFacts {
        nested_too_deep,
        checks: super::checks::page_checks(&page, &links, page_url),
        ..HtmlFacts::default()
    };
    let base = page
        .base
        .first()
        .and_then(|b| b.value().attr("href"))
        .and_then(|href| page_url.join(href).ok())
        .unwrap_or_else(|| page_url.clone());
    let resolve = |href: &str| urls::resolve(&base, href);
    head_facts(&page, &mut facts, &resolve);
    link_facts(&page, &links, config, &mut facts, &resolve);
    form_facts(&page, &mut facts, &resolve);
    script_facts(&page, config, &mut facts);
    embed_facts(&page, config, &mut facts);
    section_facts(&page, config, &mut facts);
    text_facts(&document, &page, page_url, config, &mut facts);
    facts.shrink_to_fit();
    facts
}

impl HtmlFacts {
    /// Gives back what the lists grew past their length: a crawl holds every page's facts until it ends.
    fn shrink_to_fit(&mut self) {
        self.h1.shrink_to_fit();
        self.links.shrink_to_fit();
        self.images.shrink_to_fit();
        self.forms.shrink_to_fit();
        self.structured.shrink_to_fit();
        self.tel.shrink_to_fit();
        self.mailto.shrink_to_fit();
        self.social.shrink_to_fit();
        self.messengers.shrink_to_fit();
        self.schemeless.shrink_to_fit();
        self.custom.shrink_to_fit();
        self.sections.shrink_to_fit();
    }
}

/// Maps and review widgets: iframes, scripts and links that load a map provider or a review platform's
/// widget.
fn embed_facts(page: &Page, config: &ExtractConfig, facts: &mut HtmlFacts) {
    for e in &page.embed {
        let v = e.value();
        let Some(src) = v.attr("src").or_else(|| v.attr("data-src")) else { continue };
        let src = src.to_ascii_lowercase();
        if facts.map.is_none() {
            facts.map = config.keywords.address.map_in(&src).map(str::to_string);
        }
        if facts.review_widget.is_none() {
            facts.review_widget = config.keywords.review_widget_in(&src).map(str::to_string);
        }
    }
}

/// Headings and labelled blocks whose words name a topic (terms, guarantee, refund, delivery, privacy,
/// reviews, loyalty, prices): the topic counts as a section of the page, and the evidence names the heading.
/// Text inside links, buttons and navigation is a way to another page, not a section of this one.
fn section_facts(page: &Page, config: &ExtractConfig, facts: &mut HtmlFacts) {
    // The walk left out headings inside links, buttons and navigation.
    for heading in &page.section_heading {
        if facts.sections.len() >= MAX_SECTIONS {
            break;
        }
        let text: String = heading.text().collect();
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.is_empty() || text.chars().count() > MAX_HEADING_CHARS {
            continue;
        }
        let signals = config.keywords.scan_topic(&text.to_lowercase());
        if signals != 0 && !facts.sections.iter().any(|s| s.heading == text) {
            facts.sections.push(Section { heading: text, signals });
        }
    }
}

/// How a page's links resolve: against its `<base href>`, else its own URL.
type Resolve<'a> = dyn Fn(&str) -> Option<Url> + 'a;

/// The head: title, language, meta description, robots and viewport, canonical and hreflang links; the
/// h1s and whether there is an `<address>`.
fn head_facts(page: &Page, facts: &mut HtmlFacts, resolve: &Resolve) {
    facts.title = page.title.first().map(|t| clip(&t.text().collect::<String>()));
    if let Some(html_el) = page.root {
        facts.lang = html_el.value().attr("lang").map(str::trim).filter(|l| !l.is_empty()).map(str::to_string);
    }
    for meta in &page.meta {
        let m = meta.value();
        let Some(name) = m.attr("name") else { continue };
        let content = || m.attr("content").map(clip);
        if name.eq_ignore_ascii_case("description") {
            facts.description = content();
        } else if name.eq_ignore_ascii_case("robots") {
            facts.robots_meta = content().map(|c| c.to_ascii_lowercase());
        } else if name.eq_ignore_ascii_case("viewport") {
            facts.viewport = content();
        }
    }
    for (link, _) in &page.link {
        let l = link.value();
        let rel = || l.attr("rel").unwrap_or("").split_ascii_whitespace();
        if rel().any(|r| r.eq_ignore_ascii_case("canonical")) {
            facts.canonical = l.attr("href").and_then(resolve).map(|u| u.to_string());
        }
        if rel().any(|r| r.eq_ignore_ascii_case("alternate")) && l.attr("hreflang").is_some() {
            facts.hreflang += 1;
        }
    }
    facts.h1 = page.h1.iter().take(MAX_H1).map(|h| clip(&h.text().collect::<String>())).collect();
    facts.address_tag = !page.address.is_empty();
}

/// Links (phone, mail, messenger, social, the rest resolved) and images.
fn link_facts(
    page: &Page,
    links: &[(&Anchor, LinkTexts)],
    config: &ExtractConfig,
    facts: &mut HtmlFacts,
    resolve: &Resolve,
) {
    for (a, texts) in links {
        let Some(href) = a.met.el.value().attr("href").map(str::trim) else { continue };
        let lower = href.to_ascii_lowercase();
        let link_text = &texts.text;
        if config.keywords.is_vague_link(link_text) {
            facts.vague_links += 1;
        }
        let resolved = resolve(href);
        if facts.privacy_link.is_none()
            && (config.keywords.is_privacy_link(&link_text.to_lowercase())
                || resolved
                    .as_ref()
                    .is_some_and(|u| config.keywords.is_privacy_link(&urls::decoded_path(u).to_lowercase())))
        {
            facts.privacy_link = Some(resolved.as_ref().map_or_else(|| href.to_string(), Url::to_string));
        }
        if let Some(number) = lower.strip_prefix("tel:") {
            facts.tel.push(number.trim().to_string());
            continue;
        }
        if let Some(address) = lower.strip_prefix("mailto:") {
            facts.mailto.push(address.split('?').next().unwrap_or("").to_string());
            continue;
        }
        if urls::host_or_scheme_matches(&lower, &config.keywords.messenger) {
            facts.messengers.push(href.to_string());
        } else if urls::schemeless_host_matches(&lower, &config.keywords.messenger)
            || urls::schemeless_host_matches(&lower, &config.keywords.social)
        {
            facts.schemeless.push(href.to_string());
        }
        let Some(target) = resolved else { continue };
        if config.keywords.social.iter().any(|d| urls::host_matches(&target, d)) {
            facts.social.push(urls::without_query(&target));
        }
        facts.links.push(Arc::from(target.as_str()));
    }
    for list in [&mut facts.tel, &mut facts.mailto, &mut facts.messengers, &mut facts.social, &mut facts.schemeless] {
        dedup_in_order(list);
    }
    dedup_in_order(&mut facts.links);
    for img in &page.img {
        let e = img.el.value();
        let Some(src) = e.attr("src").and_then(resolve) else { continue };
        facts.images.push(ImageFacts { src: src.to_string(), has_alt: e.attr("alt").is_some() });
    }
}

/// Forms: their action and method, fields, whether they take an email and a message, unlabelled fields.
fn form_facts(page: &Page, facts: &mut HtmlFacts, resolve: &Resolve) {
    for (index, form) in page.form.iter().enumerate() {
        let mut f = FormFacts {
            action: form.value().attr("action").and_then(resolve).map(|u| u.to_string()),
            method: form.value().attr("method").unwrap_or("get").to_ascii_lowercase(),
            ..FormFacts::default()
        };
        for field in page.fields_of(index) {
            let e = field.met.el.value();
            let kind = e.attr("type").unwrap_or("text").to_ascii_lowercase();
            if matches!(kind.as_str(), "hidden" | "submit" | "button" | "image" | "reset") {
                continue;
            }
            f.fields += 1;
            let name = format!("{} {}", e.attr("name").unwrap_or(""), e.attr("id").unwrap_or("")).to_lowercase();
            // A field kept out of reach (`tabindex="-1"`) is a trap for bots, not a question to a person: Tilda puts
            // a "form-spec-comments" text field so in every form. It says nothing of what the form collects.
            let trap = e.attr("tabindex").is_some_and(|t| t.trim() == "-1");
            if !trap {
                let asks = match kind.as_str() {
                    "email" => Asks::Email,
                    "tel" => Asks::Phone,
                    "date" | "time" | "datetime-local" => Asks::Date,
                    _ if e.name() == "textarea" => Asks::Message,
                    _ => Asks::Other,
                };
                f.note_field(asks, &name);
            }
            let labelled = e.attr("id").is_some_and(|id| page.label_for.contains(&id))
                || e.attr("aria-label").is_some()
                || e.attr("aria-labelledby").is_some()
                || e.attr("title").is_some()
                || field.met.in_label;
            if !labelled {
                f.unlabelled += 1;
            }
        }
        // "Оформить заказ", "Book now": the button says what the form is for.
        f.has_booking |= page.submits_of(index).any(|b| {
            let b = b.met.el;
            let said =
                format!("{} {}", b.text().collect::<String>(), b.value().attr("value").unwrap_or("")).to_lowercase();
            BOOKING_WORDS.iter().any(|w| said.contains(w))
        });
        facts.unlabelled_fields += f.unlabelled;
        facts.forms.push(f);
    }
    // Tilda's zero-block forms have no <form> in the page: their fields are a JSON list in a hidden textarea,
    // which Tilda's script turns into a form in the browser.
    for definition in &page.zero_form {
        let json: String = definition.text().collect();
        if let Some(f) = zero_block_form(&json) {
            facts.forms.push(f);
        }
    }
}

/// A Tilda zero-block form from its definition: `[{"li_type":"nm","li_name":"name",…},{"li_type":"ph",…}]`,
/// where `li_type` is the field's kind (nm name, ph phone, em email, ta text area, dt date, tm time, in text,
/// sb select, cb checkbox, rd radio, hd hidden, …).
fn zero_block_form(json: &str) -> Option<FormFacts> {
    let fields: Vec<serde_json::Value> = serde_json::from_str(json.trim()).ok()?;
    let mut f = FormFacts { method: "post".to_string(), ..FormFacts::default() };
    for field in &fields {
        let kind = field.get("li_type").and_then(|t| t.as_str()).unwrap_or("");
        let name = field.get("li_name").and_then(|t| t.as_str()).unwrap_or("").to_lowercase();
        if kind == "hd" || kind.is_empty() {
            continue;
        }
        f.fields += 1;
        let asks = match kind {
            "em" => Asks::Email,
            "ph" => Asks::Phone,
            "ta" => Asks::Message,
            "dt" | "tm" => Asks::Date,
            _ => Asks::Other,
        };
        f.note_field(asks, &name);
    }
    (f.fields > 0).then_some(f)
}

/// Scripts: JSON-LD items (or errors), how many scripts and how much inline code, a chat widget.
fn script_facts(page: &Page, config: &ExtractConfig, facts: &mut HtmlFacts) {
    for script in &page.script {
        let e = script.value();
        if e.attr("type").is_some_and(|t| t.eq_ignore_ascii_case("application/ld+json")) {
            let body: String = script.text().collect();
            match serde_json::from_str::<serde_json::Value>(&body) {
                Ok(value) => collect_structured(&value, &config.keywords.business_types, &mut facts.structured),
                Err(_) => facts.jsonld_errors += 1,
            }
            continue;
        }
        facts.scripts += 1;
        let src = e.attr("src").unwrap_or("").to_ascii_lowercase();
        let inline: String = script.text().collect();
        facts.script_bytes += inline.len() as u64;
        if config.keywords.chat_widget.iter().any(|w| src.contains(w.as_str()) || inline.contains(w.as_str())) {
            facts.chat_widget = true;
        }
    }
}

/// The length of a text with its whitespace runs as single spaces and one after the last word: its characters
/// that are not whitespace, and one per word (in one pass).
fn words_and_chars(text: &str) -> usize {
    let (mut count, mut in_word) = (0, false);
    if text.is_ascii() {
        // Most pages' text: bytes are chars, and the whitespace is what `char::is_whitespace` says of ASCII.
        for b in text.bytes() {
            let space = matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
            count += usize::from(!space) + usize::from(!space && !in_word);
            in_word = !space;
        }
        return count;
    }
    for c in text.chars() {
        let space = c.is_whitespace();
        count += usize::from(!space) + usize::from(!space && !in_word);
        in_word = !space;
    }
    count
}

/// The page's date: the newest date it states a validity for ("Цены действительны с …"), else the newest date
/// it shows; `lower` is `text` lower-cased.
fn newest_date(text: &str, lower: &str) -> Option<NaiveDate> {
    // Both readers below read only around a year of four ASCII digits starting "20" (a year in other digits
    // does not parse): most pages have none, and their text is not scanned at all.
    let mut stated: Option<NaiveDate> = None;
    let mut shown: Option<NaiveDate> = None;
    let mut note = |written_in: &str, start: usize, date: NaiveDate| {
        let from = char_boundary_from(written_in, start.saturating_sub(STATED_DATE_LOOKBACK));
        if STATED_DATE.is_match(&written_in[from..start]) {
            stated = stated.max(Some(date));
        }
        shown = shown.max(Some(date));
    };
    for c in numeric_dates_in(text) {
        let (y, m, d) = match (c.get(1), c.get(4)) {
            (Some(y), _) => (y.as_str(), &c[2], &c[3]),
            (None, Some(d)) => (&c[6], &c[5], d.as_str()),
            _ => continue,
        };
        let Some(date) = (|| NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))() else {
            continue;
        };
        note(text, c.get(0).map_or(0, |m| m.start()), date);
    }
    for c in day_month_year_in(lower) {
        let (day, month, year) = if let Some(day) = c.get(1) {
            (day.as_str(), &c[2], &c[3])
        } else if let Some(month) = c.get(4) {
            (&c[5], month.as_str(), &c[6])
        } else {
            ("1", &c[7], &c[8])
        };
        let Some(month) = month_of(month) else { continue };
        let Some(date) = (|| NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?))() else {
            continue;
        };
        note(lower, c.get(0).map_or(0, |m| m.start()), date);
    }
    stated.or(shown)
}

/// The matches of [`DAY_MONTH_YEAR`] in a lower-cased text with a year in ASCII digits (the only ones that
/// parse), as `captures_iter` finds them, read around each year instead of over the whole text: on a text with
/// letters beyond ASCII the pattern's word boundaries make a scan of the whole text as slow as reading all its
/// dates' numbers (about 7 µs on a small Cyrillic page).
///
/// Every match ends with a year (`20` and two ASCII digits, then a word boundary) and holds no other: a day has
/// at most two digits and a month is letters. So the match that ends at a year, if any, starts in the run of
/// letters, digits, spaces, dots and commas just before it.
fn day_month_year_in(lower: &str) -> impl Iterator<Item = regex::Captures<'_>> {
    let run_before = |text: &str, floor: usize, year: usize| {
        text[floor..year]
            .char_indices()
            .rev()
            .find(|&(_, c)| !(c.is_alphabetic() || c.is_whitespace() || c.is_numeric() || matches!(c, '.' | ',')))
            .map_or(floor, |(at, c)| floor + at + c.len_utf8())
    };
    around_years(&DAY_MONTH_YEAR, lower, run_before, 0)
}

/// The matches of [`DATE`] with a year in ASCII digits, as `captures_iter` finds them, read around each year.
/// A match is a year and two numbers of two digits (each digit at most four bytes) after it or before it.
fn numeric_dates_in(text: &str) -> impl Iterator<Item = regex::Captures<'_>> {
    const NUMBERS: usize = 2 * (1 + 2 * 4);
    let window_before =
        |text: &str, floor: usize, year: usize| char_boundary_from(text, floor.max(year.saturating_sub(NUMBERS)));
    around_years(&DATE, text, window_before, NUMBERS)
}

/// Where the years a date can have stand in `text`: `20` and two ASCII digits (a year in other digits does not
/// parse), by byte offset.
fn years_in(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, b"20")
        .filter(|&at| bytes.get(at + 2..at + 4).is_some_and(|d| d.iter().all(u8::is_ascii_digit)))
}

/// The first char boundary of `text` at or after `at` (at most `text.len()`).
fn char_boundary_from(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The matches of `pattern` in `text`, as `captures_iter` finds them, of a pattern whose every match holds one
/// year (`20` and two ASCII digits) and no other, and starts no earlier than `start_before(text, floor, year)`
/// and ends at most `after` bytes past the year: each year is read with only the text around it.
///
/// For each year not inside a match already found, the search runs from that start to one character past the
/// furthest end (that character decides a word boundary there), reading past matches that end before the year
/// (they hold a year in other digits, which does not parse). Each part of the text is read about once.
fn around_years<'t>(
    pattern: &'static Regex,
    text: &'t str,
    start_before: impl Fn(&str, usize, usize) -> usize + 't,
    after: usize,
) -> impl Iterator<Item = regex::Captures<'t>> + 't {
    let mut read_to = 0;
    years_in(text).filter_map(move |year| {
        let year_end = year + 4;
        if year < read_to {
            return None;
        }
        let mut from = start_before(text, read_to, year);
        read_to = year_end;
        let stop = char_boundary_from(text, (year_end + after).min(text.len()));
        let stop = text[stop..].chars().next().map_or(stop, |c| stop + c.len_utf8());
        while let Some(found) = pattern.captures_at(&text[..stop], from) {
            let (start, end) = found.get(0).map_or((stop, stop), |m| (m.start(), m.end()));
            if start > year || end <= from {
                break; // a later year's match (read with that year), or an empty one (there is none)
            }
            if end >= year_end {
                read_to = read_to.max(end);
                return Some(found);
            }
            from = end;
        }
        None
    })
}

/// The visible text: its length, keyword signals (hours also from `<time>` and structured data), price items,
/// the topic of title, h1 and path, phone, email and the newest date in it, a page that needs scripts to show
/// anything, and the custom checks.
fn text_facts(document: &Html, page: &Page, page_url: &Url, config: &ExtractConfig, facts: &mut HtmlFacts) {
    let text = &page.text;
    let lower = text.to_lowercase();
    facts.text_chars = u32::try_from(words_and_chars(text)).unwrap_or(u32::MAX);
    let legal_named;
    (facts.text_signals, legal_named) = config.keywords.scan_text_and_legal(&lower);
    let times_of_day =
        page.time.iter().filter(|t| t.value().attr("datetime").is_some_and(|d| TIME_OF_DAY.is_match(d.trim()))).count();
    let hours_in_markup = facts
        .structured
        .iter()
        .any(|item| item.properties.iter().any(|p| p == "openingHours" || p == "openingHoursSpecification"));
    if config.keywords.hours.states_hours(&lower) || times_of_day >= TIMES_FOR_HOURS || hours_in_markup {
        facts.text_signals |= config.keywords.bit("hours");
    }
    // Most pages name no amount at all: look at the cells only when the page's text does.
    let price_items = if config.keywords.is_price_item(&lower) {
        page.list_cell
            .iter()
            .filter(|cell| config.keywords.is_price_item(&cell.text().collect::<String>().to_lowercase()))
            .count()
    } else {
        0
    };
    facts.price_items = u32::try_from(price_items).unwrap_or(u32::MAX);
    let topic =
        format!("{} {} {}", facts.title.as_deref().unwrap_or(""), facts.h1.join(" "), urls::decoded_path(page_url))
            .to_lowercase();
    facts.topic_signals = config.keywords.scan_topic(&topic);
    facts.phone_in_text = PHONE.is_match(text);
    facts.email_in_text = EMAIL.is_match(text);
    facts.newest_date = newest_date(text, &lower);
    address_facts(page, config, text, facts);
    let legal = if legal_named { config.keywords.legal.find_in_lines(text) } else { Default::default() };
    (facts.legal_entity, facts.legal_number) = (legal.entity, legal.number);
    facts.reviews_marked = u32::try_from(
        facts
            .structured
            .iter()
            .filter(|item| item.types.iter().any(|t| t == "Review") || item.properties.iter().any(|p| p == "review"))
            .count(),
    )
    .unwrap_or(u32::MAX);
    facts.js_rendered = (facts.text_chars as usize) < JS_RENDERED_MAX_TEXT
        && (facts.script_bytes >= JS_RENDERED_MIN_SCRIPT_BYTES || facts.scripts >= 5);
    facts.custom = config
        .custom
        .iter()
        .map(|check| match check {
            CustomCheck::Text(pattern) => pattern.is_match(text),
            CustomCheck::Selector(sel) => document.select(sel).next().is_some(),
        })
        .collect();
}

/// The address the page shows: a street and number or a labelled address in its text, else the text of its
/// `<address>` (when, without its phones and emails, it still holds a number), else its structured data's.
fn address_facts(page: &Page, config: &ExtractConfig, text: &str, facts: &mut HtmlFacts) {
    if let Some(found) = config.keywords.address.find(text) {
        let by = match found.by {
            crate::config::address::AddressClue::Street => "street",
            crate::config::address::AddressClue::Label => "label",
            crate::config::address::AddressClue::Postcode => "postcode",
        };
        facts.address = Some(AddressFact { text: found.text, by: by.to_string() });
        return;
    }
    if let Some(tag) = page.address.first() {
        let written: String = tag.text().collect::<Vec<_>>().join(" ");
        let without = EMAIL.replace_all(&PHONE.replace_all(&written, ""), "").to_string();
        let letters = without.chars().filter(|c| c.is_alphabetic()).count();
        if without.chars().any(|c| c.is_ascii_digit()) && letters >= 3 {
            facts.address = Some(AddressFact { text: clip(&without), by: "address-tag".to_string() });
            return;
        }
    }
    if let Some(address) = facts.structured.iter().find_map(|i| i.nap.as_ref().and_then(|n| n.address.clone())) {
        facts.address = Some(AddressFact { text: clip(&address), by: "structured".to_string() });
    }
}

/// Walks JSON-LD (arrays, @graph) and records each typed item's types and property names.
fn collect_structured(value: &serde_json::Value, business_types: &[String], out: &mut Vec<StructuredItem>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_structured(v, business_types, out)),
        serde_json::Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_structured(graph, business_types, out);
            }
            let types: Vec<String> = match map.get("@type") {
                Some(serde_json::Value::String(t)) => vec![t.clone()],
                Some(serde_json::Value::Array(ts)) => {
                    ts.iter().filter_map(|t| t.as_str().map(str::to_string)).collect()
                }
                _ => Vec::new(),
            };
            if !types.is_empty() {
                let properties = map.keys().filter(|k| !k.starts_with('@')).cloned().collect();
                let business = types.iter().any(|t| business_types.contains(t));
                let nap = business.then(|| structured_nap(map)).filter(|n| !n.is_empty());
                out.push(StructuredItem { types, properties, business, nap });
            }
        }
        _ => {}
    }
}

/// A business item's name, address (text, or a PostalAddress's parts joined), telephone and url.
fn structured_nap(map: &serde_json::Map<String, serde_json::Value>) -> crate::gather::Nap {
    use serde_json::Value;
    let text = |v: Option<&Value>| v?.as_str().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string);
    let address = match map.get("address") {
        Some(Value::Object(parts)) => {
            let joined: Vec<String> = ["streetAddress", "addressLocality", "addressRegion", "postalCode"]
                .iter()
                .filter_map(|k| text(parts.get(*k)))
                .collect();
            (!joined.is_empty()).then(|| joined.join(", "))
        }
        other => text(other),
    };
    crate::gather::Nap {
        name: text(map.get("name")),
        address,
        phone: text(map.get("telephone")),
        website: text(map.get("url")),
        hours: crate::config::weekly::WeeklyHours::from_structured(
            map.get("openingHours"),
            map.get("openingHoursSpecification"),
        )
        .map(|h| h.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> ExtractConfig {
        ExtractConfig {
            keywords: Keywords::builtin().unwrap(),
            custom: vec![
                CustomCheck::Text(Regex::new("(?i)free parking").unwrap()),
                CustomCheck::Selector(Box::new(scraper::Selector::parse("form.booking").unwrap())),
            ],
        }
    }

    #[test]
    fn extracts_the_facts_the_rules_need() {
        let html = r#"<!DOCTYPE html><html lang="en"><head><title> Contacts | Bright
            Smile </title><meta name="description" content="Where we are"><meta name="viewport" content="width=device-width">
            <meta name="robots" content="NOINDEX"><link rel="canonical" href="/contacts.html">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"Dentist","name":"B","telephone":"1","aggregateRating":{"@type":"AggregateRating","ratingValue":"4"}}]}</script>
            <script type="application/ld+json">{broken</script></head>
            <body><h1>Contacts</h1><address>1 Main St., Springfield</address><p>Opening hours: Mon-Fri 9-18. Call +1 555 010 0000. Free parking. Prices updated 2026-10-01 and 05.09.2026</p>
            <a href="tel:+15550100">call</a><a href="mailto:hi@example.test?subject=x">mail</a>
            <a href="https://instagram.com/bright?utm=1">Insta</a><a href="https://wa.me/1555">WhatsApp</a>
            <a href="/prices.html#top">Prices</a><a href="/prices.html">again</a><a href="javascript:void(0)">js</a><a href="Read-more.html">read more</a>
            <img src="a.png" alt=""><img src="b.png">
            <form action="/feedback" method="POST"><label for="m">Message</label><textarea id="m"></textarea><input type="email" name="email"><input type="hidden" name="t"></form>
            <script src="https://code.jivosite.com/widget.js"></script></body></html>"#;
        let url = Url::parse("https://brightsmile.example/contacts.html").unwrap();
        let f = extract(html, &url, &config());
        assert_eq!(f.title.as_deref(), Some("Contacts | Bright Smile"));
        assert_eq!(f.description.as_deref(), Some("Where we are"));
        assert_eq!(f.robots_meta.as_deref(), Some("noindex"));
        assert_eq!(f.canonical.as_deref(), Some("https://brightsmile.example/contacts.html"));
        assert_eq!(f.lang.as_deref(), Some("en"));
        assert_eq!(f.h1, ["Contacts"]);
        assert_eq!(
            f.links.iter().map(|l| &**l).collect::<Vec<_>>(),
            [
                "https://instagram.com/bright?utm=1",
                "https://wa.me/1555",
                "https://brightsmile.example/prices.html",
                "https://brightsmile.example/Read-more.html"
            ]
        );
        assert_eq!(f.tel, ["+15550100"]);
        assert_eq!(f.mailto, ["hi@example.test"]);
        assert_eq!(f.social, ["https://instagram.com/bright"]);
        assert_eq!(f.messengers, ["https://wa.me/1555"]);
        assert!(f.chat_widget && f.address_tag && f.phone_in_text);
        assert_eq!(f.vague_links, 1);
        assert_eq!(f.images.iter().filter(|i| !i.has_alt).count(), 1);
        assert_eq!(f.forms.len(), 1);
        assert_eq!(
            (f.forms[0].fields, f.forms[0].unlabelled, f.forms[0].has_email, f.forms[0].has_message),
            (2, 1, true, true)
        );
        assert_eq!(f.forms[0].action.as_deref(), Some("https://brightsmile.example/feedback"));
        assert_eq!(f.structured.len(), 1, "nested items such as the rating are properties, not items");
        assert_eq!(f.structured[0].types, ["Dentist"]);
        assert!(f.structured[0].properties.contains(&"aggregateRating".to_string()));
        assert_eq!(f.jsonld_errors, 1);
        let k = &config().keywords;
        assert_eq!(k.names(f.text_signals), ["hours"]);
        assert_eq!(f.address, Some(AddressFact { text: "1 Main St".into(), by: "street".into() }));
        assert_eq!(k.names(f.topic_signals), ["contacts"]);
        assert_eq!(f.newest_date, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(f.custom, [true, false]);
        assert!(!f.js_rendered);
    }

    #[test]
    fn a_form_counts_by_what_it_collects() {
        let url = Url::parse("https://shop.example/").unwrap();
        let kinds = |html: &str| -> Vec<Option<FormKind>> {
            extract(html, &url, &config()).forms.iter().map(FormFacts::contact_kind).collect()
        };
        let callback =
            r#"<form><input name="name"><input type="tel" name="phone"><button>Перезвоните мне</button></form>"#;
        assert_eq!(kinds(callback), [Some(FormKind::Callback)]);
        let booking = r#"<form><input name="name"><input name="phone"><input type="date" name="visit"></form>"#;
        assert_eq!(kinds(booking), [Some(FormKind::Booking)]);
        assert_eq!(kinds(r#"<form><input type="email" name="email"></form>"#), [Some(FormKind::Subscription)]);
        assert_eq!(
            kinds(r#"<form><input name="q"><textarea name="text"></textarea></form>"#),
            [Some(FormKind::Message)]
        );
        // A search box or a login takes no way to reach the customer.
        assert_eq!(kinds(r#"<form><input type="search" name="q"></form>"#), [None]);
        assert_eq!(kinds(r#"<form><input name="login"><input type="password" name="pw"></form>"#), [None]);
        assert_eq!(kinds(r#"<form><input name="hotel"><input name="title"></form>"#), [None]);
        // Tilda's forms (as exported): a trap field out of reach named for comments, the kind said by the button.
        let tilda = |inputs: &str, button: &str| {
            format!(
                r#"<form method="POST" class="t-form js-form-proccess"><input type="hidden" name="tildaspec-formname" value="Cart">
                <div class="t-input-group t-input-group_nm"><div class="t-input-title">Имя</div>
                <input type="text" name="Name" class="t-input js-tilda-rule" data-tilda-rule="name"></div>{inputs}
                <button type="submit" class="t-submit">{button}</button>
                <div style="position: absolute; left: -5000px;"><input type="text" name="form-spec-comments"
                value="Its good" class="js-form-spec-comments" tabindex="-1"></div></form>"#
            )
        };
        let phone = r#"<input type="tel" name="Phone" class="t-input js-tilda-rule" data-tilda-rule="phone">"#;
        assert_eq!(kinds(&tilda(phone, "Оформить заказ")), [Some(FormKind::Booking)]);
        assert_eq!(kinds(&tilda(phone, "Перезвоните мне")), [Some(FormKind::Callback)]);
        assert_eq!(kinds(&tilda(phone, "Checkout")), [Some(FormKind::Booking)]);
        assert_eq!(kinds(&tilda(r#"<input type="text" name="Телефон">"#, "Отправить")), [Some(FormKind::Callback)]);
        assert_eq!(kinds(r#"<form><input name="form[tel]"></form>"#), [Some(FormKind::Callback)]);
    }

    #[test]
    fn a_date_the_page_states_its_prices_for_beats_newer_dates_beside_it() {
        let url = Url::parse("https://shop.example/prices").unwrap();
        let html = "<html><body><h1>Прайс-лист</h1><p>Цены действительны с 15.01.2024</p>\
                    <p>Новость от 01.03.2026</p><footer>2026-05-01</footer></body></html>";
        let f = extract(html, &url, &config());
        assert_eq!(f.newest_date, NaiveDate::from_ymd_opt(2024, 1, 15));
        let html = "<p>Prices valid from 2025-02-01. Updated list follows.</p><p>Event on 2026-06-01</p>";
        assert_eq!(extract(html, &url, &config()).newest_date, NaiveDate::from_ymd_opt(2025, 2, 1));
        let html = "<p>Новость от 01.03.2026</p><p>2025-05-01</p>";
        assert_eq!(extract(html, &url, &config()).newest_date, NaiveDate::from_ymd_opt(2026, 3, 1));
    }

    /// The years the date readers start from are every year a date is read with, and nothing but a year of four
    /// ASCII digits from 2000 starts one.
    #[test]
    fn only_a_text_with_a_year_is_scanned_for_dates() {
        let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (text, expected) in [
            ("Обновлено 05.03.2025", date(2025, 3, 5)),
            ("Updated 2024-11-02.", date(2024, 11, 2)),
            ("Prices valid from 5 March 2026", date(2026, 3, 5)),
            ("Since May 2020 we", date(2020, 5, 1)),
            ("2099-12-31", date(2099, 12, 31)),
            ("Call 555-20-1 or room 20", None),
            ("Year ٢٠٢٥-01-02 in other digits", None),
            ("", None),
            ("20", None),
            ("x 202", None),
        ] {
            assert_eq!(newest_date(text, &text.to_lowercase()), expected, "{text}");
        }
    }

    /// Whether reading around each year finds what `pattern`'s scan of the whole text finds, match for match (of
    /// those with a year in ASCII digits: no other year parses), on 40,000 texts made of `pieces`; and how many
    /// of them held a match.
    fn around_years_agrees(
        pattern: &Regex,
        around: impl Fn(&str) -> Vec<regex::Captures<'_>>,
        pieces: &[&str],
    ) -> usize {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let spans = |matches: Vec<regex::Captures>| -> Vec<Vec<Option<(usize, usize)>>> {
            matches
                .into_iter()
                .filter(|c| {
                    c.iter().skip(1).flatten().any(|m| m.len() == 4 && m.as_str().bytes().all(|b| b.is_ascii_digit()))
                })
                .map(|c| c.iter().map(|m| m.map(|m| (m.start(), m.end()))).collect())
                .collect()
        };
        let mut with_dates = 0;
        for _ in 0..40_000 {
            let len = 1 + next() % 14;
            // Mostly words apart, as a text has them; sometimes glued or with a run of spaces.
            let separators = [" ", " ", " ", "", "", "   ", "\n", ", "];
            let text: String = (0..len)
                .map(|_| {
                    let piece = pieces[(next() % pieces.len() as u64) as usize];
                    format!("{piece}{}", separators[(next() % separators.len() as u64) as usize])
                })
                .collect();
            let whole = spans(pattern.captures_iter(&text).collect());
            assert_eq!(spans(around(&text)), whole, "{text:?}");
            with_dates += usize::from(!whole.is_empty());
        }
        with_dates
    }

    /// Dates with a month's name, read around each year, on the pieces they are written with and the ones that
    /// come close to them.
    #[test]
    fn dates_with_a_month_read_around_each_year_are_the_whole_text_scan() {
        let pieces = [
            "15",
            "1",
            "31",
            "20",
            "2024",
            "2019",
            "2020",
            "120245",
            "2024г",
            "2025_",
            " ",
            "  ",
            "\n",
            "\u{3000}",
            ".",
            ",",
            "-",
            "/",
            "march",
            "марта",
            "травня",
            "jan",
            "sept.",
            "may",
            "май",
            "1st",
            "23rd",
            "of",
            "averylongwordindeed",
            "é",
            "٢",
            "20٢٢",
            "x",
            "с",
            "г.",
            "(",
            "«",
            "©",
        ];
        let with_dates = around_years_agrees(&DAY_MONTH_YEAR, |t| day_month_year_in(t).collect(), &pieces);
        // Not a test of texts without dates: a good share of them hold one or more.
        assert!(with_dates > 3_000, "{with_dates}");
    }

    /// Dates in numbers (2024-01-15, 15.01.2024), read around each year, likewise.
    #[test]
    fn dates_in_numbers_read_around_each_year_are_the_whole_text_scan() {
        let pieces = [
            "15.01.2024",
            "2024-01-15",
            "31.12.2020",
            "2020-12-31",
            "1.1.2024",
            "2024-1-15",
            "15.01.20",
            "١٢.٠١.2024",
            "2024-٠١-١٥",
            "15.01.20٢٤",
            "2024",
            "2020",
            "20",
            "01",
            "15",
            "12.",
            "05.",
            "2024-",
            "-01",
            "-15",
            "-",
            ".",
            "٢٢",
            "120245",
            "2024г",
            "x",
            "é",
            "г",
            " ",
            "\u{3000}",
            "_",
            ":",
            "/",
        ];
        let with_dates = around_years_agrees(&DATE, |t| numeric_dates_in(t).collect(), &pieces);
        assert!(with_dates > 3_000, "{with_dates}");
    }

    #[test]
    fn a_script_only_page_is_flagged_as_rendered_by_javascript() {
        let html = format!("<html><body><div id=app></div><script>{}</script></body></html>", "x".repeat(30_000));
        let f = extract(&html, &Url::parse("https://a.example/").unwrap(), &config());
        assert!(f.js_rendered);
    }

    #[test]
    fn text_length_counts_each_word_and_one_space_after_it_in_ascii_or_not() {
        // The ASCII path agrees with the char path (taken for a text with one non-ASCII letter) on every byte.
        for ascii in 0u8..128 {
            let text = format!("a{}b", ascii as char);
            assert_eq!(words_and_chars(&text) + 1, words_and_chars(&format!("{text}é")), "{ascii}");
        }
        for text in ["", " ", "a", "a b", "  lead  and trail \t", "\t\tx\r\ny\x0Bz", "  двa\n слова  ", "x\u{a0}y\tz "]
        {
            let expected: usize = text.split_whitespace().map(|w| w.chars().count() + 1).sum();
            assert_eq!(words_and_chars(text), expected, "{text:?}");
        }
    }

    #[test]
    fn long_titles_are_clipped() {
        let html = format!("<title>{}</title>", "word ".repeat(200));
        let f = extract(&html, &Url::parse("https://a.example/").unwrap(), &config());
        assert!(f.title.unwrap().chars().count() <= MAX_TEXT_CHARS + 1);
    }
}
