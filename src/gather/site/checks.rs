//! Per-page verdicts on the Lighthouse audits that static HTML can decide, keyed by Lighthouse's own audit
//! ids so a web developer recognises them, following axe-core's and Lighthouse's documented semantics
//! (accessible names from text, `alt`, `aria-label`, `aria-labelledby`, `title`, `placeholder`; elements
//! hidden with `hidden` or `aria-hidden="true"` are left out). Not calibrated against a Lighthouse run yet.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

/// Failing elements kept per audit at most (the verdict counts them all).
pub const MAX_ITEMS_PER_CHECK: usize = 5;

/// Lighthouse's link texts that say nothing of where a link leads (its `link-text` audit, English).
const VAGUE_LINK_TEXTS: &[&str] = &[
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
];

/// The accessibility audits among the checks, for the accessibility touchpoint.
pub const ACCESSIBILITY: &[&str] = &[
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
    pub verdict: Verdict,
    /// The failing elements, the first few, as short snippets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
}

/// `NotApplicable`: the page has nothing the audit looks at (no canonical link, no hreflang, no viewport).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    #[default]
    NotApplicable,
    Pass,
    Fail,
}

fn verdict(failing: Vec<String>) -> Check {
    if failing.is_empty() {
        Check { verdict: Verdict::Pass, items: Vec::new() }
    } else {
        Check { verdict: Verdict::Fail, items: failing.into_iter().take(MAX_ITEMS_PER_CHECK).collect() }
    }
}

fn not_applicable() -> Check {
    Check { verdict: Verdict::NotApplicable, items: Vec::new() }
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|_| unreachable!("built-in selector `{css}` is valid"))
}

struct Selectors {
    img: Selector,
}

static SELECTORS: LazyLock<Selectors> = LazyLock::new(|| Selectors { img: selector("img") });

static LANG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$").unwrap_or_else(|_| unreachable!()));

/// Hidden from assistive technology: `hidden`, `aria-hidden="true"` or an inline `display:none`, on the
/// element or an ancestor.
fn hidden(element: ElementRef) -> bool {
    std::iter::once(element).chain(element.ancestors().filter_map(ElementRef::wrap)).any(|e| {
        let v = e.value();
        v.attr("hidden").is_some()
            || v.attr("aria-hidden").is_some_and(|h| h.trim().eq_ignore_ascii_case("true"))
            || v.attr("style").is_some_and(|s| s.replace(' ', "").to_ascii_lowercase().contains("display:none"))
    })
}

fn non_empty(value: Option<&str>) -> bool {
    value.is_some_and(|v| !v.trim().is_empty())
}

/// The text an element's content gives its accessible name: its text and the `alt` of images inside it.
fn content_name(element: ElementRef) -> String {
    let mut name: String = element.text().collect();
    for img in element.select(&SELECTORS.img) {
        if let Some(alt) = img.value().attr("alt") {
            name.push(' ');
            name.push_str(alt);
        }
    }
    name.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// The elements each audit looks at, in document order, from one walk over the page.
#[derive(Default)]
struct Buckets<'a> {
    img: Vec<ElementRef<'a>>,
    field: Vec<ElementRef<'a>>,
    label: Vec<ElementRef<'a>>,
    anchor: Vec<ElementRef<'a>>,
    button: Vec<ElementRef<'a>>,
    heading: Vec<ElementRef<'a>>,
    title: Vec<ElementRef<'a>>,
    description: Vec<ElementRef<'a>>,
    viewport: Vec<ElementRef<'a>>,
    canonical: Vec<ElementRef<'a>>,
    alternate: Vec<ElementRef<'a>>,
    any_id: Vec<ElementRef<'a>>,
    labelledby: Vec<ElementRef<'a>>,
}

/// The verdicts a page's HTML decides by itself.
pub fn html_checks(document: &Html, page_url: &Url) -> Checks {
    let root = document.root_element();
    let mut checks = Checks::default();
    // One walk over the page collects what every audit looks at (a `select` per audit walked it a dozen times).
    let mut b = Buckets::default();
    for e in root.descendants().filter_map(ElementRef::wrap) {
        let v = e.value();
        let name = v.name();
        match name {
            "img" => b.img.push(e),
            "input" | "select" | "textarea" => {
                b.field.push(e);
                let kind = v.attr("type").unwrap_or("").to_ascii_lowercase();
                if name == "input" && matches!(kind.as_str(), "button" | "submit" | "reset") {
                    b.button.push(e);
                }
            }
            "label" if v.attr("for").is_some() => b.label.push(e),
            "a" => b.anchor.push(e),
            "button" => b.button.push(e),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => b.heading.push(e),
            "title" => b.title.push(e),
            "meta" => match v.attr("name").map(str::to_ascii_lowercase).as_deref() {
                Some("description") => b.description.push(e),
                Some("viewport") => b.viewport.push(e),
                _ => {}
            },
            "link" => {
                let rel = v.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    b.canonical.push(e);
                }
                if rel.split_whitespace().any(|r| r == "alternate") && v.attr("hreflang").is_some() {
                    b.alternate.push(e);
                }
            }
            _ if v.attr("role").is_some_and(|r| r.trim() == "heading") => b.heading.push(e),
            _ => {}
        }
        if v.attr("id").is_some() {
            b.any_id.push(e);
        }
        if v.attr("aria-labelledby").is_some() {
            b.labelledby.push(e);
        }
    }
    fn pick<'a, 'b>(bucket: &'b [ElementRef<'a>]) -> impl Iterator<Item = ElementRef<'a>> + 'b {
        bucket.iter().copied()
    }
    let wanted: std::collections::BTreeSet<&str> =
        pick(&b.labelledby).filter_map(|e| e.value().attr("aria-labelledby")).flat_map(str::split_whitespace).collect();
    let ids: BTreeMap<String, String> = if wanted.is_empty() {
        BTreeMap::new()
    } else {
        pick(&b.any_id)
            .filter_map(|e| {
                let id = e.value().attr("id")?;
                wanted.contains(id).then(|| (id.to_string(), e.text().collect::<String>()))
            })
            .collect()
    };
    let aria_named = |e: ElementRef| non_empty(e.value().attr("aria-label")) || labelled_by(e, &ids);

    let title = pick(&b.title).next().map(|t| t.text().collect::<String>());
    checks.document_title = verdict(if non_empty(title.as_deref()) { vec![] } else { vec!["<title>".into()] });
    let description = pick(&b.description).next().map(|m| m.value().attr("content").unwrap_or("").to_string());
    checks.meta_description =
        verdict(if non_empty(description.as_deref()) { vec![] } else { vec!["<meta name=\"description\">".into()] });
    let lang = root.value().attr("lang");
    checks.html_has_lang = verdict(if non_empty(lang) { vec![] } else { vec!["<html>".into()] });
    checks.html_lang_valid = match lang.map(str::trim).filter(|l| !l.is_empty()) {
        None => not_applicable(),
        Some(l) if LANG.is_match(l) => verdict(vec![]),
        Some(l) => verdict(vec![format!("<html lang=\"{l}\">")]),
    };
    checks.meta_viewport = match pick(&b.viewport).next().and_then(|m| m.value().attr("content")) {
        None => not_applicable(),
        Some(content) => {
            let content = content.to_ascii_lowercase().replace(' ', "");
            let no_zoom = content.split([',', ';']).any(|part| match part.split_once('=') {
                Some(("user-scalable", v)) => v == "no" || v == "0",
                Some(("maximum-scale", v)) => v.parse::<f64>().is_ok_and(|m| m < 5.0),
                _ => false,
            });
            verdict(if no_zoom { vec![format!("<meta name=\"viewport\" content=\"{content}\">")] } else { vec![] })
        }
    };

    let images: Vec<String> = pick(&b.img)
        .filter(|img| !hidden(*img))
        .filter(|img| {
            let v = img.value();
            let decorative = v.attr("role").is_some_and(|r| matches!(r.trim(), "presentation" | "none"));
            !(v.attr("alt").is_some() || decorative || aria_named(*img) || non_empty(v.attr("title")))
        })
        .map(snippet)
        .collect();
    checks.image_alt = verdict(images);

    let labelled: Vec<String> = pick(&b.label).filter_map(|l| l.value().attr("for").map(str::to_string)).collect();
    let fields: Vec<String> = pick(&b.field)
        .filter(|f| !hidden(*f))
        .filter(|f| {
            let v = f.value();
            let kind = v.attr("type").unwrap_or("text").to_ascii_lowercase();
            !matches!(kind.as_str(), "hidden" | "submit" | "button" | "reset" | "image")
        })
        .filter(|f| {
            let v = f.value();
            let explicit = v.attr("id").is_some_and(|id| labelled.iter().any(|l| l == id));
            let implicit = f.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().name() == "label");
            !(explicit || implicit || aria_named(*f) || non_empty(v.attr("title")) || non_empty(v.attr("placeholder")))
        })
        .map(snippet)
        .collect();
    checks.label = verdict(fields);

    let anchors: Vec<ElementRef> = pick(&b.anchor).filter(|a| a.value().attr("href").is_some()).collect();
    let nameless: Vec<String> = anchors
        .iter()
        .filter(|a| !hidden(**a))
        .filter(|a| !(!content_name(**a).is_empty() || aria_named(**a) || non_empty(a.value().attr("title"))))
        .map(|a| snippet(*a))
        .collect();
    checks.link_name = verdict(nameless);
    let vague: Vec<String> = anchors
        .iter()
        .filter(|a| {
            let href = a.value().attr("href").unwrap_or("").trim().to_ascii_lowercase();
            !(href.is_empty() || href.starts_with('#') || href.starts_with("javascript:"))
        })
        .filter(|a| {
            let text = content_name(**a).to_lowercase();
            let text = text.trim_end_matches(['.', '…', '>', '»', ':']).trim();
            VAGUE_LINK_TEXTS.contains(&text)
        })
        .map(|a| format!("{} \"{}\"", snippet(*a), content_name(*a)))
        .collect();
    checks.link_text = verdict(vague);
    let uncrawlable: Vec<String> = pick(&b.anchor)
        .filter(|a| {
            let v = a.value();
            match v.attr("href").map(|h| h.trim().to_ascii_lowercase()) {
                Some(href) => href.starts_with("javascript:"),
                // An anchor without href that acts as a link (a click handler) cannot be followed.
                None => v.attr("onclick").is_some(),
            }
        })
        .map(snippet)
        .collect();
    checks.crawlable_anchors = verdict(uncrawlable);

    let buttons: Vec<String> = pick(&b.button)
        .filter(|b| !hidden(*b))
        .filter(|b| {
            let v = b.value();
            let input = v.name() == "input";
            let kind = v.attr("type").unwrap_or("").to_ascii_lowercase();
            // Submit and reset inputs have a default name ("Submit", "Reset").
            let default_name = input && matches!(kind.as_str(), "submit" | "reset");
            let value = input && non_empty(v.attr("value"));
            !(default_name || value || !content_name(*b).is_empty() || aria_named(*b) || non_empty(v.attr("title")))
        })
        .map(snippet)
        .collect();
    checks.button_name = verdict(buttons);

    let mut previous: Option<u32> = None;
    let mut jumps = Vec::new();
    for heading in pick(&b.heading).filter(|h| !hidden(*h)) {
        let v = heading.value();
        let level = match v.name() {
            name if name.len() == 2 && name.starts_with('h') => name[1..].parse().unwrap_or(2),
            _ => v.attr("aria-level").and_then(|l| l.trim().parse().ok()).unwrap_or(2),
        };
        if let Some(before) = previous
            && level > before + 1
        {
            jumps.push(format!("<h{level}> after <h{before}>: {}", content_name(heading)));
        }
        previous = Some(level);
    }
    checks.heading_order = verdict(jumps);

    let canonicals: Vec<String> =
        pick(&b.canonical).filter_map(|l| l.value().attr("href").map(|h| h.trim().to_string())).collect();
    checks.canonical = match canonicals.as_slice() {
        [] => not_applicable(),
        [href] => match page_url.join(href) {
            Err(_) => verdict(vec![format!("invalid URL: {href}")]),
            // Pointing every page at the site's root is a common mistake Lighthouse flags.
            Ok(target) if target.path() == "/" && page_url.path() != "/" && target.host() == page_url.host() => {
                verdict(vec![format!("points to the root: {href}")])
            }
            Ok(_) => verdict(vec![]),
        },
        many => {
            let mut distinct: Vec<&String> = many.iter().collect();
            distinct.sort();
            distinct.dedup();
            verdict(if distinct.len() > 1 { vec![format!("conflicting: {}", many.join(", "))] } else { vec![] })
        }
    };
    let alternates: Vec<(String, String)> = pick(&b.alternate)
        .filter_map(|l| {
            Some((l.value().attr("hreflang")?.trim().to_string(), l.value().attr("href").unwrap_or("").to_string()))
        })
        .collect();
    checks.hreflang = if alternates.is_empty() {
        not_applicable()
    } else {
        verdict(
            alternates
                .iter()
                .filter(|(code, href)| {
                    !(code.eq_ignore_ascii_case("x-default") || LANG.is_match(code))
                        || Url::parse(href).is_err() && page_url.join(href).is_err()
                })
                .map(|(code, href)| format!("hreflang=\"{code}\" href=\"{href}\""))
                .collect(),
        )
    };
    checks
}

/// The verdicts that need the answer as well as the HTML: `is-crawlable` (no `noindex` in the robots meta
/// tag or the X-Robots-Tag header) and `http-status-code` (the page answered below 400).
pub fn answer_checks(checks: &mut Checks, status: Option<u16>, robots_meta: Option<&str>, x_robots_tag: Option<&str>) {
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

    fn verdict_of(html: &str, audit: &str) -> Verdict {
        checks(html).get(audit).unwrap().verdict
    }

    #[test]
    fn labels_count_as_axe_counts_them() {
        let pass = r#"<html lang="en"><form><label for="a">Name</label><input id="a">
            <label>Mail <input name="m"></label><input aria-label="Phone"><input placeholder="City">
            <input title="Zip"><input type="hidden" name="t"><input type="submit"></form>
            <span id="l">Search</span><input aria-labelledby="l"></html>"#;
        assert_eq!(verdict_of(pass, "label"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<input name="q">"#, "label"), Verdict::Fail);
        // A field outside any form counts too; a hidden one does not.
        assert_eq!(verdict_of(r#"<div><textarea></textarea></div>"#, "label"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<div hidden><textarea></textarea></div>"#, "label"), Verdict::Pass);
    }

    #[test]
    fn links_and_buttons_need_a_name() {
        assert_eq!(verdict_of(r#"<a href="/x"><img src="i.png"></a>"#, "link-name"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<a href="/x"><img src="i.png" alt="Home"></a>"#, "link-name"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<a href="/x" aria-label="Home"><svg></svg></a>"#, "link-name"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<button><svg></svg></button>"#, "button-name"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<button title="Close"></button><input type="submit">"#, "button-name"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<a href="/prices">Read more</a>"#, "link-text"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<a href="/prices">Read more about prices</a>"#, "link-text"), Verdict::Pass);
    }

    #[test]
    fn images_headings_lang_viewport_and_anchors() {
        assert_eq!(verdict_of(r#"<img src="a.png">"#, "image-alt"), Verdict::Fail);
        assert_eq!(
            verdict_of(r#"<img src="a.png" alt=""><img src="b" role="presentation">"#, "image-alt"),
            Verdict::Pass
        );
        assert_eq!(verdict_of("<h1>A</h1><h3>B</h3>", "heading-order"), Verdict::Fail);
        assert_eq!(verdict_of("<h2>A</h2><h3>B</h3><h2>C</h2><h4 hidden>x</h4>", "heading-order"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<html lang="en-GB"></html>"#, "html-lang-valid"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<html lang="english!"></html>"#, "html-lang-valid"), Verdict::Fail);
        assert_eq!(verdict_of("<p>x</p>", "html-has-lang"), Verdict::Fail);
        let no_zoom = r#"<meta name="viewport" content="width=device-width, user-scalable=no">"#;
        assert_eq!(verdict_of(no_zoom, "meta-viewport"), Verdict::Fail);
        assert_eq!(verdict_of("<p>x</p>", "meta-viewport"), Verdict::NotApplicable);
        assert_eq!(verdict_of(r#"<a href="javascript:void(0)">x</a>"#, "crawlable-anchors"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<link rel="canonical" href="/">"#, "canonical"), Verdict::Fail);
        assert_eq!(verdict_of(r#"<link rel="canonical" href="/page.html">"#, "canonical"), Verdict::Pass);
        assert_eq!(verdict_of(r#"<title> </title>"#, "document-title"), Verdict::Fail);
    }
}
