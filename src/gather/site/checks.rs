//! Per-page verdicts on the Lighthouse audits that static HTML can decide, keyed by Lighthouse's own audit
//! ids so a web developer recognises them, following axe-core's and Lighthouse's documented semantics
//! (accessible names from text, `alt`, `aria-label`, `aria-labelledby`, `title`, `placeholder`; elements
//! hidden with `hidden` or `aria-hidden="true"` are left out; an axe audit with nothing to look at is not
//! applicable). Calibrated against Lighthouse itself: `bench/lighthouse-checks.sh` records its verdicts on the
//! pages of `tests/fixtures/lighthouse/site/`, and a test holds touchaudit to them.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::ElementRef;
#[cfg(test)]
use scraper::Html;

use super::walk::{Anchor, LinkTexts, Met, Page};
use serde::{Deserialize, Serialize};
use url::Url;

/// Failing elements kept per audit at most (the verdict counts them all).
pub(crate) const MAX_ITEMS_PER_CHECK: usize = 5;

/// Lighthouse's link texts that say nothing of where a link leads (its `link-text` audit), by language:
/// a link is judged by the list of its text's language when the page states one, by every list otherwise.
const VAGUE_LINK_TEXTS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "click here",
            "click this",
            "go",
            "here",
            "information",
            "learn more",
            "more",
            "more info",
            "more information",
            "right here",
            "read more",
            "see more",
            "start",
            "this",
        ],
    ),
    ("ja", &["ここをクリック", "こちらをクリック", "リンク", "続きを読む", "続く", "全文表示"]),
    (
        "es",
        &[
            "click aquí",
            "click aqui",
            "clicka aquí",
            "clicka aqui",
            "pincha aquí",
            "pincha aqui",
            "aquí",
            "aqui",
            "más",
            "mas",
            "más información",
            "más informacion",
            "mas información",
            "mas informacion",
            "este",
            "enlace",
            "este enlace",
            "empezar",
        ],
    ),
    ("pt", &["clique aqui", "ir", "mais informação", "mais informações", "mais", "veja mais"]),
    ("ko", &["여기", "여기를 클릭", "클릭", "링크", "자세히", "자세히 보기", "계속", "이동", "전체 보기"]),
    ("sv", &["här", "klicka här", "läs mer", "mer", "mer info", "mer information"]),
    ("de", &["klicke hier", "hier klicken", "hier", "mehr", "siehe", "dies", "das", "weiterlesen"]),
    (
        "ta",
        &[
            "அடுத்த பக்கம்",
            "மறுபக்கம்",
            "முந்தைய பக்கம்",
            "முன்பக்கம்",
            "மேலும் அறிக",
            "மேலும் தகவலுக்கு",
            "மேலும் தரவுகளுக்கு",
            "தயவுசெய்து இங்கே அழுத்தவும்",
            "இங்கே கிளிக் செய்யவும்",
        ],
    ),
    (
        "fa",
        &[
            "اطلاعات بیشتر",
            "اطلاعات",
            "این",
            "اینجا بزنید",
            "اینجا کلیک کنید",
            "اینجا",
            "برو",
            "بیشتر بخوانید",
            "بیشتر بدانید",
            "بیشتر",
            "شروع",
        ],
    ),
];

/// Whether a link text says nothing, for a text in `lang` (its primary subtag), or in any language.
fn vague_link_text(text: &str, lang: Option<&str>) -> bool {
    let text = text.trim();
    // Lower-casing never makes a text shorter in chars: a longer text than every vague one is none of them,
    // and most links are passed over without a copy.
    if text.is_empty() || text.chars().nth(*VAGUE_LINK_MAX_CHARS).is_some() {
        return false;
    }
    let text = text.to_lowercase();
    match lang.map(|l| l.split('-').next().unwrap_or("").to_ascii_lowercase()) {
        Some(lang) => VAGUE_LINK_TEXTS.iter().any(|(code, texts)| *code == lang && texts.contains(&text.as_str())),
        None => VAGUE_LINK_TEXTS.iter().any(|(_, texts)| texts.contains(&text.as_str())),
    }
}

/// The length in chars of the longest text in [`VAGUE_LINK_TEXTS`].
static VAGUE_LINK_MAX_CHARS: LazyLock<usize> = LazyLock::new(|| {
    VAGUE_LINK_TEXTS.iter().flat_map(|(_, texts)| texts.iter()).map(|t| t.chars().count()).max().unwrap_or(0)
});

/// The ISO 639 language codes axe-core accepts as a `lang`'s primary subtag (`html-lang-valid`, `hreflang`):
/// ISO 639-1, 639-2, 639-3 and 639-5 from the iso-codes project, and the retired two-letter codes browsers
/// still know (`scripts/languages.py` writes the list).
static LANGUAGES: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| include_str!("languages.txt").lines().filter(|l| !l.is_empty()).collect());

/// A language tag whose primary subtag is a known language code (what axe-core checks; the rest of the tag
/// is not looked at).
fn valid_lang(tag: &str) -> bool {
    let primary = tag.trim().split('-').next().unwrap_or("").to_ascii_lowercase();
    LANGUAGES.contains(primary.as_str())
}

/// The accessibility audits among the checks, for the accessibility touchpoint.
pub(crate) const ACCESSIBILITY: &[&str] = &[
    "button-name",
    "heading-order",
    "html-has-lang",
    "html-lang-valid",
    "image-alt",
    "label",
    "link-name",
    "meta-viewport",
];

/// The verdicts of one page, one field per Lighthouse audit (serialised under Lighthouse's ids). A fixed
/// struct, not a map: every crawled page carries one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Checks {
    #[serde(default)]
    pub document_title: Check,
    #[serde(default)]
    pub meta_description: Check,
    #[serde(default)]
    pub html_has_lang: Check,
    #[serde(default)]
    pub html_lang_valid: Check,
    #[serde(default)]
    pub meta_viewport: Check,
    #[serde(default)]
    pub image_alt: Check,
    #[serde(default)]
    pub label: Check,
    #[serde(default)]
    pub link_name: Check,
    #[serde(default)]
    pub link_text: Check,
    #[serde(default)]
    pub crawlable_anchors: Check,
    #[serde(default)]
    pub button_name: Check,
    #[serde(default)]
    pub heading_order: Check,
    #[serde(default)]
    pub canonical: Check,
    #[serde(default)]
    pub hreflang: Check,
    #[serde(default)]
    pub is_crawlable: Check,
    #[serde(default)]
    pub http_status_code: Check,
}

impl Checks {
    /// An audit's verdict by its Lighthouse id.
    pub fn get(&self, id: &str) -> Option<&Check> {
        Some(match id {
            "document-title" => &self.document_title,
            "meta-description" => &self.meta_description,
            "html-has-lang" => &self.html_has_lang,
            "html-lang-valid" => &self.html_lang_valid,
            "meta-viewport" => &self.meta_viewport,
            "image-alt" => &self.image_alt,
            "label" => &self.label,
            "link-name" => &self.link_name,
            "link-text" => &self.link_text,
            "crawlable-anchors" => &self.crawlable_anchors,
            "button-name" => &self.button_name,
            "heading-order" => &self.heading_order,
            "canonical" => &self.canonical,
            "hreflang" => &self.hreflang,
            "is-crawlable" => &self.is_crawlable,
            "http-status-code" => &self.http_status_code,
            _ => return None,
        })
    }
}

/// One audit's verdict on a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub verdict: CheckVerdict,
    /// The failing elements, the first few, as short snippets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// `NotApplicable`: the page has nothing the audit looks at (no canonical link, no hreflang, no viewport).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckVerdict {
    #[default]
    NotApplicable,
    Pass,
    Fail,
}

fn verdict(failing: Vec<String>) -> Check {
    if failing.is_empty() {
        Check { verdict: CheckVerdict::Pass, items: Vec::new() }
    } else {
        Check { verdict: CheckVerdict::Fail, items: failing.into_iter().take(MAX_ITEMS_PER_CHECK).collect() }
    }
}

/// An axe-core audit's verdict: not applicable when the page has none of the elements it looks at.
fn axe_verdict(applicable: usize, failing: Vec<String>) -> Check {
    if applicable == 0 { not_applicable() } else { verdict(failing) }
}

fn not_applicable() -> Check {
    Check { verdict: CheckVerdict::NotApplicable, items: Vec::new() }
}

fn non_empty(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// `aria-labelledby` naming an element that exists and has text. `ids` are the elements the page's
/// `aria-labelledby` attributes refer to, with their text (only those: collecting every id's text would
/// copy the page once per wrapper `div`).
fn labelled_by(element: ElementRef, ids: &BTreeMap<String, String>) -> bool {
    element
        .value()
        .attr("aria-labelledby")
        .is_some_and(|refs| refs.split_whitespace().any(|id| ids.get(id).is_some_and(|text| !text.trim().is_empty())))
}

/// A short snippet of an element for the report: its tag and the attributes that identify it.
fn snippet(element: ElementRef) -> String {
    let v = element.value();
    let mut out = format!("<{}", v.name());
    for attr in ["id", "name", "type", "href", "src", "class"] {
        if let Some(value) = v.attr(attr) {
            let value: String = value.chars().take(60).collect();
            out.push_str(&format!(" {attr}=\"{value}\""));
        }
    }
    out.push('>');
    out
}

/// axe-core's `meta-viewport` check: zooming is not disabled (`user-scalable` other than 0 or `no`) and not
/// limited below twice the size (`maximum-scale` at least 2).
fn zoomable(content: &str) -> bool {
    for item in content.to_lowercase().split([';', ',']) {
        let mut parts = item.splitn(2, '=').map(str::trim);
        let (Some(key), Some(value)) = (parts.next(), parts.next()) else { continue };
        if key.is_empty() || value.is_empty() {
            continue;
        }
        let number = leading_float(value);
        match key {
            "user-scalable" => {
                let word = number.is_none() && !matches!(value, "yes" | "device-width" | "device-height");
                if word || number.is_some_and(|n| n > -1.0 && n < 1.0) {
                    return false;
                }
            }
            "maximum-scale" if number.is_none_or(|n| n >= 0.0) => {
                let word = number.is_none() && !matches!(value, "device-width" | "device-height");
                if word || number.is_some_and(|n| n < 2.0) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// The number a text starts with, as JavaScript's `parseFloat` reads it ("1.5x" is 1.5, "x" none).
fn leading_float(text: &str) -> Option<f64> {
    let end = text
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || *c == '.' || (*i == 0 && matches!(c, '-' | '+')))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    (0..=end).rev().find_map(|e| text[..e].parse::<f64>().ok())
}

/// The links Lighthouse's `link-text` judges: with an `href`, not `nofollow`, not `javascript:` or `mailto:`,
/// and not to the page itself (a `#fragment`).
fn judged_for_link_text(v: &scraper::node::Element, page_url: &Url) -> bool {
    let Some(href) = v.attr("href") else { return false };
    if v.attr("rel").is_some_and(|r| r.to_ascii_lowercase().split_whitespace().any(|r| r == "nofollow")) {
        return false;
    }
    let lower = href.trim().to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("mailto:") {
        return false;
    }
    match page_url.join(href.trim()) {
        Ok(mut target) => {
            target.set_fragment(None);
            let mut page = page_url.clone();
            page.set_fragment(None);
            target != page
        }
        Err(_) => false,
    }
}

/// Lighthouse's `crawlable-anchors`: a link search engines can follow, or one that is not meant as a link (a
/// `role`, a `mailto:`, a named anchor, an anchor without `href` and without a click handler).
fn crawlable(v: &scraper::node::Element) -> bool {
    const HREF_ATTRIBUTES: [&str; 7] = ["target", "download", "ping", "rel", "hreflang", "type", "referrerpolicy"];
    let href = v.attr("href").unwrap_or("");
    let raw: std::borrow::Cow<str> = if href.contains(char::is_whitespace) {
        href.chars().filter(|c| !c.is_whitespace()).collect::<String>().into()
    } else {
        href.into()
    };
    if non_empty(v.attr("role")) || raw.starts_with("mailto:") || raw.is_empty() && v.attr("id").is_some() {
        return true;
    }
    if raw.starts_with("file:") {
        return false;
    }
    if non_empty(v.attr("name")) {
        return true;
    }
    if v.attr("href").is_none() && HREF_ATTRIBUTES.iter().all(|a| v.attr(a).is_none()) {
        // A click handler makes it act as a link search engines cannot follow.
        return !v.attrs().any(|(name, _)| name.starts_with("on"));
    }
    let void = raw.strip_prefix("javascript:void").is_some_and(|rest| {
        let rest = rest.strip_prefix('(').unwrap_or(rest);
        rest.starts_with('0')
    });
    !void
}

/// What Lighthouse reads of the head: `<link>`s outside the body by their exact `rel` (`canonical`, and
/// `alternate` with an `hreflang`), `<meta>`s by their name.
struct Head<'p, 'a> {
    canonical: Vec<ElementRef<'a>>,
    alternate: Vec<ElementRef<'a>>,
    page: &'p Page<'a>,
}

impl<'p, 'a> Head<'p, 'a> {
    fn of(page: &'p Page<'a>) -> Self {
        let mut head = Head { canonical: Vec::new(), alternate: Vec::new(), page };
        for (link, in_body) in &page.link {
            if *in_body {
                continue;
            }
            let v = link.value();
            let rel = v.attr("rel").unwrap_or("").trim();
            if rel.eq_ignore_ascii_case("canonical") {
                head.canonical.push(*link);
            }
            if rel.eq_ignore_ascii_case("alternate") && non_empty(v.attr("hreflang")) {
                head.alternate.push(*link);
            }
        }
        head
    }

    /// The `<meta name>`s of this name, any case.
    fn meta(&self, name: &'static str) -> impl Iterator<Item = ElementRef<'a>> + '_ {
        self.page
            .meta
            .iter()
            .copied()
            .filter(move |m| m.value().attr("name").is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }
}

/// Lighthouse's `canonical`: one absolute URL in the head, not the site's root for another page; not applicable
/// without one.
fn canonical(head: &Head, page_url: &Url) -> Check {
    let mut unique: Vec<Url> = Vec::new();
    for link in &head.canonical {
        let raw = link.value().attr("href").unwrap_or("").trim();
        if raw.is_empty() {
            continue;
        }
        match (page_url.join(raw), Url::parse(raw)) {
            (Err(_), _) => return verdict(vec![format!("invalid URL: {raw}")]),
            (Ok(_), Err(_)) => return verdict(vec![format!("not an absolute URL: {raw}")]),
            (Ok(url), Ok(_)) if !unique.contains(&url) => unique.push(url),
            _ => {}
        }
    }
    match unique.as_slice() {
        [] => not_applicable(),
        [target] => {
            let alternates: Vec<Url> =
                head.alternate.iter().filter_map(|l| page_url.join(l.value().attr("href")?.trim()).ok()).collect();
            if alternates.contains(page_url) && alternates.contains(target) && target != page_url {
                verdict(vec![format!("points to another hreflang location: {target}")])
            } else if target.origin() == page_url.origin() && target.path() == "/" && page_url.path() != "/" {
                verdict(vec![format!("points to the root: {target}")])
            } else {
                verdict(vec![])
            }
        }
        many => verdict(vec![format!("conflicting: {}", many.iter().map(Url::as_str).collect::<Vec<_>>().join(", "))]),
    }
}

/// The verdicts a page's HTML decides by itself, parsed and walked here (the crawl calls [`page_checks`] with
/// the walk `extract` made).
#[cfg(test)]
pub(crate) fn html_checks(document: &Html, page_url: &Url) -> Checks {
    let page = Page::walk(document);
    let links: Vec<(&Anchor, LinkTexts)> = page.anchor.iter().map(|a| (a, LinkTexts::of(a.met.el))).collect();
    page_checks(&page, &links, page_url)
}

/// The verdicts a page's HTML decides by itself, from the one walk over it (`walk.rs`) and each link's texts:
/// each audit (or group of audits over the same elements) reads the lists it looks at.
pub(crate) fn page_checks(page: &Page, links: &[(&Anchor, LinkTexts)], page_url: &Url) -> Checks {
    let head = Head::of(page);
    let names = Names::of(page);
    let mut checks = Checks::default();
    document_checks(&mut checks, page, &head);
    checks.image_alt = image_alt(page, &names);
    checks.label = label(page, &names);
    link_checks(&mut checks, page, links, &names, page_url);
    checks.button_name = button_name(page, &names);
    checks.heading_order = heading_order(page);
    checks.canonical = canonical(&head, page_url);
    checks.hreflang = hreflang(&head);
    checks
}

/// The texts `aria-labelledby` points at, by id: what gives an element its name besides its own attributes.
struct Names {
    ids: BTreeMap<String, String>,
}

impl Names {
    fn of(page: &Page) -> Self {
        let wanted: std::collections::BTreeSet<&str> = page
            .labelledby
            .iter()
            .filter_map(|e| e.value().attr("aria-labelledby"))
            .flat_map(str::split_whitespace)
            .collect();
        let ids: BTreeMap<String, String> = if wanted.is_empty() {
            BTreeMap::new()
        } else {
            page.any_id
                .iter()
                .filter_map(|e| {
                    let id = e.value().attr("id")?;
                    wanted.contains(id).then(|| (id.to_string(), e.text().collect::<String>()))
                })
                .collect()
        };
        Names { ids }
    }

    /// Named by `aria-label` or by what `aria-labelledby` points at.
    fn aria_named(&self, e: ElementRef) -> bool {
        non_empty(e.value().attr("aria-label")) || labelled_by(e, &self.ids)
    }
}

/// `document-title`, `meta-description`, `html-has-lang`, `html-lang-valid`, `meta-viewport`.
fn document_checks(checks: &mut Checks, page: &Page, head: &Head) {
    let title = page.title.first().map(|t| t.text().collect::<String>());
    checks.document_title = verdict(if non_empty(title.as_deref()) { vec![] } else { vec!["<title>".into()] });
    let description = head.meta("description").next().map(|m| m.value().attr("content").unwrap_or(""));
    checks.meta_description =
        verdict(if non_empty(description) { vec![] } else { vec!["<meta name=\"description\">".into()] });
    let lang = page.root.and_then(|root| root.value().attr("lang"));
    checks.html_has_lang = verdict(if non_empty(lang) { vec![] } else { vec!["<html>".into()] });
    checks.html_lang_valid = match lang.map(str::trim).filter(|l| !l.is_empty()) {
        None => not_applicable(),
        Some(l) if valid_lang(l) => verdict(vec![]),
        Some(l) => verdict(vec![format!("<html lang=\"{l}\">")]),
    };
    let viewports: Vec<&str> = head.meta("viewport").map(|m| m.value().attr("content").unwrap_or("")).collect();
    checks.meta_viewport = axe_verdict(
        viewports.len(),
        viewports
            .iter()
            .filter(|c| !zoomable(c))
            .map(|c| format!("<meta name=\"viewport\" content=\"{c}\">"))
            .collect(),
    );
}

/// `image-alt`: every visible image has an `alt`, is decorative, or is named otherwise.
fn image_alt(page: &Page, names: &Names) -> Check {
    let visible_images: Vec<ElementRef> = page.img.iter().filter(|img| !img.hidden).map(|img| img.el).collect();
    let images: Vec<String> = visible_images
        .iter()
        .copied()
        .filter(|img| {
            let v = img.value();
            let decorative = v.attr("role").is_some_and(|r| matches!(r.trim(), "presentation" | "none"));
            !(v.attr("alt").is_some() || decorative || names.aria_named(*img) || non_empty(v.attr("title")))
        })
        .map(snippet)
        .collect();
    axe_verdict(visible_images.len(), images)
}

/// `label`: every visible form field has a label (`label[for]`, a wrapping label, ARIA, `title`, `placeholder`).
fn label(page: &Page, names: &Names) -> Check {
    let fields: Vec<Met> = page
        .field
        .iter()
        .map(|f| f.met)
        .filter(|f| !f.hidden)
        .filter(|f| {
            let kind = f.el.value().attr("type").unwrap_or("text");
            !["hidden", "submit", "button", "reset", "image"].iter().any(|k| kind.eq_ignore_ascii_case(k))
        })
        .collect();
    let unlabelled: Vec<String> = fields
        .iter()
        .filter(|f| {
            let v = f.el.value();
            let explicit = v.attr("id").is_some_and(|id| page.label_for.contains(&id));
            !(explicit
                || f.in_label
                || names.aria_named(f.el)
                || non_empty(v.attr("title"))
                || non_empty(v.attr("placeholder")))
        })
        .map(|f| snippet(f.el))
        .collect();
    axe_verdict(fields.len(), unlabelled)
}

/// `link-name`, `link-text`, `crawlable-anchors`.
fn link_checks(checks: &mut Checks, page: &Page, links: &[(&Anchor, LinkTexts)], names: &Names, page_url: &Url) {
    // axe and Lighthouse look at `<a>`s; `<area>`s are the page facts' links only.
    let anchors = || links.iter().filter(|(a, _)| a.met.el.value().name() == "a");
    let with_href = || anchors().filter(|(a, _)| a.met.el.value().attr("href").is_some());
    let visible_links = with_href().filter(|(a, _)| !a.met.hidden).count();
    let nameless: Vec<String> = with_href()
        .filter(|(a, _)| !a.met.hidden)
        .filter(|(a, texts)| {
            let a = a.met.el;
            !(!texts.name.is_empty() || names.aria_named(a) || non_empty(a.value().attr("title")))
        })
        .map(|(a, _)| snippet(a.met.el))
        .collect();
    checks.link_name = axe_verdict(visible_links, nameless);
    // Lighthouse reads the link's rendered text (`innerText`: no image `alt`), in the language of the page when
    // one element (`<html>` or `<body>`) states it for the whole page, else of the text's nearest `lang`.
    let page_lang = match page.lang.as_slice() {
        [only] if matches!(only.value().name(), "html" | "body") => only.value().attr("lang"),
        [] => page.root.and_then(|root| root.value().attr("lang")),
        _ => None,
    };
    // The cheap test first: most links say where they lead, and only a vague one needs its URL resolved.
    let vague: Vec<String> = with_href()
        .filter(|(a, texts)| {
            vague_link_text(&texts.rendered, page_lang.or(a.lang)) && judged_for_link_text(a.met.el.value(), page_url)
        })
        .map(|(a, texts)| format!("{} \"{}\"", snippet(a.met.el), texts.rendered))
        .collect();
    checks.link_text = verdict(vague);
    let uncrawlable: Vec<String> =
        anchors().filter(|(a, _)| !crawlable(a.met.el.value())).map(|(a, _)| snippet(a.met.el)).collect();
    checks.crawlable_anchors = verdict(uncrawlable);
}

/// `button-name`: every visible `<button>` has a name.
fn button_name(page: &Page, names: &Names) -> Check {
    let visible_buttons: Vec<ElementRef> = page.button.iter().filter(|b| !b.hidden).map(|b| b.el).collect();
    let buttons: Vec<String> = visible_buttons
        .iter()
        .copied()
        .filter(|b| {
            let v = b.value();
            !(!LinkTexts::of(*b).name.is_empty() || names.aria_named(*b) || non_empty(v.attr("title")))
        })
        .map(snippet)
        .collect();
    axe_verdict(visible_buttons.len(), buttons)
}

/// `heading-order`: no heading skips a level after the one before it.
fn heading_order(page: &Page) -> Check {
    let mut previous: Option<u32> = None;
    let mut jumps = Vec::new();
    let headings: Vec<ElementRef> = page.heading.iter().filter(|h| !h.hidden).map(|h| h.el).collect();
    for heading in headings.iter().copied() {
        let v = heading.value();
        let level = match v.name() {
            name if name.len() == 2 && name.starts_with('h') => name[1..].parse().unwrap_or(2),
            _ => v.attr("aria-level").and_then(|l| l.trim().parse().ok()).unwrap_or(2),
        };
        if let Some(before) = previous
            && level > before + 1
        {
            jumps.push(format!("<h{level}> after <h{before}>: {}", LinkTexts::of(heading).name));
        }
        previous = Some(level);
    }
    axe_verdict(headings.len(), jumps)
}

/// `hreflang`: every alternate names a valid language (or `x-default`) and an absolute URL.
fn hreflang(head: &Head) -> Check {
    let alternates: Vec<(&str, &str)> = head
        .alternate
        .iter()
        .filter_map(|l| Some((l.value().attr("hreflang")?.trim(), l.value().attr("href").unwrap_or(""))))
        .collect();
    // Lighthouse passes a page without alternates (it does not call the audit not applicable).
    verdict(
        alternates
            .iter()
            .filter(|(code, href)| {
                let href = href.trim().to_ascii_lowercase();
                !(code.eq_ignore_ascii_case("x-default") || valid_lang(code))
                    || !(href.starts_with("http:") || href.starts_with("https:"))
            })
            .map(|(code, href)| format!("hreflang=\"{code}\" href=\"{href}\""))
            .collect(),
    )
}

/// The verdicts that need the answer as well as the HTML: `is-crawlable` (no `noindex` in the robots meta
/// tag or the X-Robots-Tag header) and `http-status-code` (the page answered below 400).
pub(crate) fn answer_checks(
    checks: &mut Checks,
    status: Option<u16>,
    robots_meta: Option<&str>,
    x_robots_tag: Option<&str>,
) {
    let noindex = [robots_meta, x_robots_tag].into_iter().flatten().any(|r| {
        let r = r.to_ascii_lowercase();
        r.contains("noindex") || r.split([',', ' ']).any(|p| p.trim() == "none")
    });
    checks.is_crawlable = verdict(if noindex {
        vec![format!("noindex: {}", robots_meta.or(x_robots_tag).unwrap_or(""))]
    } else {
        vec![]
    });
    checks.http_status_code = verdict(match status {
        Some(code) if code < 400 => vec![],
        Some(code) => vec![format!("HTTP {code}")],
        None => vec!["no answer".into()],
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checks(html: &str) -> Checks {
        html_checks(&Html::parse_document(html), &Url::parse("https://a.example/page.html").unwrap())
    }

    fn verdict_of(html: &str, audit: &str) -> CheckVerdict {
        checks(html).get(audit).unwrap().verdict
    }

    #[test]
    fn labels_count_as_axe_counts_them() {
        let pass = r#"<html lang="en"><form><label for="a">Name</label><input id="a">
            <label>Mail <input name="m"></label><input aria-label="Phone"><input placeholder="City">
            <input title="Zip"><input type="hidden" name="t"><input type="submit"></form>
            <span id="l">Search</span><input aria-labelledby="l"></html>"#;
        assert_eq!(verdict_of(pass, "label"), CheckVerdict::Pass);
        assert_eq!(verdict_of(r#"<input name="q">"#, "label"), CheckVerdict::Fail);
        // A field outside any form counts too; a hidden one does not.
        assert_eq!(verdict_of(r#"<div><textarea></textarea></div>"#, "label"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<div hidden><textarea></textarea></div>"#, "label"), CheckVerdict::NotApplicable);
    }

    #[test]
    fn links_and_buttons_need_a_name() {
        assert_eq!(verdict_of(r#"<a href="/x"><img src="i.png"></a>"#, "link-name"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<a href="/x"><img src="i.png" alt="Home"></a>"#, "link-name"), CheckVerdict::Pass);
        assert_eq!(verdict_of(r#"<a href="/x" aria-label="Home"><svg></svg></a>"#, "link-name"), CheckVerdict::Pass);
        assert_eq!(verdict_of(r#"<button><svg></svg></button>"#, "button-name"), CheckVerdict::Fail);
        assert_eq!(
            verdict_of(r#"<button title="Close"></button><input type="submit">"#, "button-name"),
            CheckVerdict::Pass
        );
        assert_eq!(verdict_of(r#"<a href="/prices">Read more</a>"#, "link-text"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<a href="/prices">Read more about prices</a>"#, "link-text"), CheckVerdict::Pass);
    }

    #[test]
    fn images_headings_lang_viewport_and_anchors() {
        assert_eq!(verdict_of(r#"<img src="a.png">"#, "image-alt"), CheckVerdict::Fail);
        assert_eq!(
            verdict_of(r#"<img src="a.png" alt=""><img src="b" role="presentation">"#, "image-alt"),
            CheckVerdict::Pass
        );
        assert_eq!(verdict_of("<h1>A</h1><h3>B</h3>", "heading-order"), CheckVerdict::Fail);
        assert_eq!(verdict_of("<h2>A</h2><h3>B</h3><h2>C</h2><h4 hidden>x</h4>", "heading-order"), CheckVerdict::Pass);
        // `role="heading"` makes a heading of any element, a link too (axe's selector is `[role=heading]`).
        let link_heading = r#"<h1>A</h1><a href="/b" role="heading" aria-level="3">B</a>"#;
        assert_eq!(verdict_of(link_heading, "heading-order"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<html lang="en-GB"></html>"#, "html-lang-valid"), CheckVerdict::Pass);
        assert_eq!(verdict_of(r#"<html lang="english!"></html>"#, "html-lang-valid"), CheckVerdict::Fail);
        assert_eq!(verdict_of("<p>x</p>", "html-has-lang"), CheckVerdict::Fail);
        let no_zoom = r#"<meta name="viewport" content="width=device-width, user-scalable=no">"#;
        assert_eq!(verdict_of(no_zoom, "meta-viewport"), CheckVerdict::Fail);
        assert_eq!(verdict_of("<p>x</p>", "meta-viewport"), CheckVerdict::NotApplicable);
        assert_eq!(verdict_of(r#"<a href="javascript:void(0)">x</a>"#, "crawlable-anchors"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<link rel="canonical" href="/">"#, "canonical"), CheckVerdict::Fail);
        assert_eq!(
            verdict_of(r#"<link rel="canonical" href="https://a.example/page.html">"#, "canonical"),
            CheckVerdict::Pass
        );
        // Lighthouse wants an absolute URL.
        assert_eq!(verdict_of(r#"<link rel="canonical" href="/page.html">"#, "canonical"), CheckVerdict::Fail);
        assert_eq!(verdict_of(r#"<title> </title>"#, "document-title"), CheckVerdict::Fail);
    }

    #[test]
    fn a_link_around_deeply_nested_elements_is_named_without_recursion() {
        let depth = 20_000;
        let html = format!(
            "<html lang=\"en\"><body><a href=\"/x\">{}deep text{}</a></body></html>",
            "<span>".repeat(depth),
            "</span>".repeat(depth)
        );
        let document = Html::parse_document(&html);
        let link = document.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
        let texts = LinkTexts::of(link);
        assert_eq!((texts.name.as_str(), texts.rendered.as_str()), ("deep text", "deep text"));
        let named = Html::parse_fragment(
            "<a href=\"/\">a<span hidden>x</span>b <img alt=\"logo\"><i aria-label=\"go\">no</i></a>",
        );
        let link = named.select(&scraper::Selector::parse("a").unwrap()).next().unwrap();
        let texts = LinkTexts::of(link);
        assert_eq!(
            (texts.name.as_str(), texts.rendered.as_str(), texts.text.as_str()),
            ("ab logo go", "ab no", "axb no")
        );
    }
}
