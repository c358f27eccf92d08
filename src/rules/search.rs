//! The search touchpoints: what search engines read of each page (title, description, h1, indexing,
//! sitemap, canonical, language), judged first as Lighthouse does (the page's `checks`), then by
//! touchaudit's own stricter measures.

use std::collections::HashSet;

use super::site::{page_share, share_rule, site};
use super::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput, Thresholds, listed};
use crate::gather::site::SiteFacts;
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;

pub const RULES: &[Rule] = &[
    share_rule("seo_titles", "Share of pages with a unique `<title>` of 10-65 characters.", eval_titles),
    share_rule(
        "seo_descriptions",
        "Share of pages with a unique meta description of 50-160 characters.",
        eval_descriptions,
    ),
    share_rule("seo_h1", "Share of pages with exactly one `<h1>`.", eval_h1),
    share_rule(
        "seo_indexable",
        "Share of pages search engines may index: no `noindex` (meta robots or X-Robots-Tag), and sitemap pages \
         not blocked by robots.txt.",
        eval_indexable,
    ),
    share_rule(
        "seo_sitemap",
        "Share of the crawled pages the sitemap lists (none when there is no valid sitemap); orphan pages found only \
         through the sitemap are listed.",
        eval_sitemap,
    ),
    share_rule(
        "seo_canonical",
        "Share of pages with a canonical link to a page of the site that answers.",
        eval_canonical,
    ),
    share_rule("seo_lang", "Share of pages that declare their language (`<html lang>`).", eval_lang),
];

/// Texts used by more than one page.
fn duplicates<'a>(site: &'a SiteFacts, text: impl Fn(&'a HtmlFacts) -> Option<&'a str>) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut dup = HashSet::new();
    for (_, h) in site.html_pages() {
        if let Some(t) = text(h)
            && !seen.insert(t)
        {
            dup.insert(t);
        }
    }
    dup
}

/// What is wrong with a page's title or description (`what`), if anything.
fn text_problem(text: Option<&str>, what: &str, (min, max): (usize, usize), dup: &HashSet<&str>) -> Option<Text> {
    let Some(text) = text.filter(|t| !t.trim().is_empty()) else {
        return Some(msg!("site-text-missing", what = what));
    };
    let len = text.chars().count();
    if len < min {
        Some(msg!("site-text-short", what = what, length = len))
    } else if len > max {
        Some(msg!("site-text-long", what = what, length = len))
    } else if dup.contains(text) {
        Some(msg!("site-text-shared", what = what))
    } else {
        None
    }
}

/// The page's failing Lighthouse audits among `ids`, named as Lighthouse names them with the failing
/// element when there is one ("fails html-lang-valid (<html lang=\"english\">)"): the search touchpoints
/// judge a page first as Lighthouse would (`checks`), then by their own stricter measures.
fn lighthouse_fails(h: &HtmlFacts, ids: &[&str]) -> Option<Text> {
    use crate::gather::site::checks::CheckVerdict;
    let failing: Vec<Text> = ids
        .iter()
        .filter_map(|id| {
            let check = h.checks.get(id).filter(|c| c.verdict == CheckVerdict::Fail)?;
            Some(match check.items.first() {
                Some(item) => Text::from(format!("{id} ({item})")),
                None => Text::given(*id),
            })
        })
        .collect();
    (!failing.is_empty()).then(|| msg!("site-failing-audits", audits = Text::join(failing, ", ")))
}

fn eval_titles(input: &RuleInput) -> Evaluated {
    let Ok(site) = site(input) else { return page_share(input, |_, _, _| None) };
    let dup = duplicates(site, |h| h.title.as_deref());
    page_share(input, |_, _, h| {
        lighthouse_fails(h, &["document-title"]).or_else(|| text_problem(h.title.as_deref(), "title", (10, 65), &dup))
    })
}

fn eval_descriptions(input: &RuleInput) -> Evaluated {
    let Ok(site) = site(input) else { return page_share(input, |_, _, _| None) };
    let dup = duplicates(site, |h| h.description.as_deref());
    page_share(input, |_, _, h| {
        lighthouse_fails(h, &["meta-description"])
            .or_else(|| text_problem(h.description.as_deref(), "description", (50, 160), &dup))
    })
}

fn eval_h1(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| match h.h1.len() {
        1 => None,
        n => Some(msg!("site-h1-count", count = n)),
    })
}

fn noindex(p: &PageRecord, h: &HtmlFacts) -> bool {
    let meta = h.robots_meta.as_deref().unwrap_or("");
    let header = p.x_robots_tag.as_deref().unwrap_or("").to_ascii_lowercase();
    meta.contains("noindex") || meta.contains("none") || header.contains("noindex")
}

fn eval_indexable(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let blocked_in_sitemap: Vec<Text> = site
        .robots
        .blocked
        .iter()
        .filter(|u| site.sitemap.urls.contains_key(*u))
        .map(|u| Text::at(u.to_string(), msg!("site-sitemap-disallowed")))
        .collect();
    let outcome = page_share(input, |_, p, h| {
        lighthouse_fails(h, &["is-crawlable"]).or_else(|| noindex(p, h).then(|| msg!("site-noindex")))
    });
    let mut m = outcome?;
    if blocked_in_sitemap.is_empty() {
        return Ok(m);
    }
    let total = site.pages_crawled + blocked_in_sitemap.len();
    let failing = site.html_pages().filter(|(p, h)| noindex(p, h)).count() + blocked_in_sitemap.len();
    let share = (total - failing) as f64 / total as f64;
    let thresholds = Thresholds::from_params(input.params());
    m.value = share;
    m.judged = thresholds.as_printed(share, Text::pct);
    m.thresholds = thresholds;
    m.text = msg!("site-pages-share", good = total - failing, total = total, share = Text::pct(share));
    m.evidence.extend(listed(EvidenceKind::Problem, blocked_in_sitemap));
    m.vars = vec![("pages", Text::from(total)), ("failing", Text::from(failing))];
    Ok(m)
}

fn eval_sitemap(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let sitemap = &site.sitemap;
    let errors = listed(EvidenceKind::Problem, sitemap.errors.iter().cloned());
    if sitemap.urls.is_empty() {
        let thresholds = Thresholds::from_params(input.params());
        let text = if sitemap.files.is_empty() { msg!("site-no-sitemap") } else { msg!("site-sitemap-empty") };
        return Ok(Measurement {
            value: 0.0,
            judged: 0.0,
            text,
            target: thresholds.target(Text::pct),
            thresholds,
            evidence: errors,
            vars: Vec::new(),
            sample: None,
        }
        .var("pages", site.pages_crawled)
        .var("failing", site.pages_crawled));
    }
    let linked: HashSet<&str> = site.html_pages().flat_map(|(_, h)| h.links.iter().map(String::as_str)).collect();
    // Each page by the URL it was asked for and by where it ended (one map each: a sitemap of 20,000 URLs
    // looked up one scan at a time would be quadratic).
    let asked: std::collections::HashMap<&str, &PageRecord> = site.pages.iter().map(|p| (p.url.as_str(), p)).collect();
    let ended: std::collections::HashMap<&str, &PageRecord> =
        site.pages.iter().map(|p| (p.final_url.as_str(), p)).collect();
    let page = |u: &str| asked.get(u).or_else(|| ended.get(u)).copied();
    // A sitemap URL that answers an error or redirects sends search engines the wrong way.
    let unhealthy: Vec<Text> = sitemap
        .urls
        .keys()
        .filter_map(|u| {
            let record = asked.get(u.as_str())?;
            match (record.status, &record.error) {
                (Some(status), _) if status >= 400 => {
                    Some(Text::at(u.to_string(), msg!("site-sitemap-url-error", status = u32::from(status))))
                }
                (_, Some(_)) => Some(Text::at(u.to_string(), msg!("site-sitemap-url-unreachable"))),
                _ if record.redirects > 0 && record.final_url != *u => {
                    Some(Text::at(u.to_string(), msg!("site-sitemap-url-redirects", to = record.final_url.as_str())))
                }
                _ => None,
            }
        })
        .collect();
    let orphans: Vec<Text> = sitemap
        .urls
        .keys()
        .filter(|u| !linked.contains(u.as_str()) && page(u).is_some_and(PageRecord::is_ok))
        .filter(|u| site.home().is_none_or(|h| &h.final_url != *u))
        .map(|u| Text::at(u.to_string(), msg!("site-orphan")))
        .collect();
    let outcome = page_share(input, |s, p, h| {
        (!s.sitemap.urls.contains_key(&p.final_url) && !noindex(p, h)).then(|| msg!("site-not-in-sitemap"))
    });
    let mut m = outcome?;
    m.evidence.insert(
        0,
        EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("src-sitemap", urls = sitemap.urls.len(), files = sitemap.files.len()),
        ),
    );
    m.evidence.extend(errors);
    if !unhealthy.is_empty() {
        // Not valid while it lists broken or moved URLs, however complete it is.
        let between = (m.thresholds.pass + m.thresholds.fail) / 2.0;
        m.judged = m.judged.min(between);
        m.evidence
            .push(EvidenceItem::new(EvidenceKind::Problem, msg!("site-sitemap-unhealthy", count = unhealthy.len())));
        m.evidence.extend(listed(EvidenceKind::Problem, unhealthy));
    }
    m.evidence.extend(listed(EvidenceKind::Figure, orphans));
    Ok(m)
}

fn eval_canonical(input: &RuleInput) -> Evaluated {
    page_share(input, |site, _, h| {
        lighthouse_fails(h, &["canonical", "hreflang"]).or_else(|| canonical_problem(site, h))
    })
}

/// What touchaudit asks of a canonical link beyond Lighthouse: that there is one, and that it leads to a
/// working page of the site.
fn canonical_problem(site: &SiteFacts, h: &HtmlFacts) -> Option<Text> {
    match &h.canonical {
        None => Some(msg!("site-no-canonical")),
        Some(c) => match site.page(c) {
            Some(target) if target.is_broken() => {
                Some(msg!("site-canonical-broken", target = c.as_str(), status = target.status.unwrap_or(0)))
            }
            Some(_) => None,
            None if url::Url::parse(c).is_ok_and(|u| {
                crate::gather::site::urls::site_key(&u)
                    == url::Url::parse(&site.start_url).ok().and_then(|s| crate::gather::site::urls::site_key(&s))
            }) =>
            {
                None
            }
            None => Some(msg!("site-canonical-off-site", target = c.as_str())),
        },
    }
}

fn eval_lang(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| {
        h.lang
            .is_none()
            .then(|| msg!("site-no-lang"))
            .or_else(|| lighthouse_fails(h, &["html-has-lang", "html-lang-valid"]))
    })
}
