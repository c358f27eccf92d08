//! The search area: what search engines read of each page (title, description, h1, indexing, sitemap,
//! canonical, language), one rule per file, each page judged first as Lighthouse does (the page's
//! `checks`), then by touchaudit's own stricter measures; and the helpers those rules share.

use std::collections::HashSet;

use crate::gather::site::SiteFacts;
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_search.rs"));

/// Texts used by more than one page.
pub(super) fn duplicates<'a>(site: &'a SiteFacts, text: impl Fn(&'a HtmlFacts) -> Option<&'a str>) -> HashSet<&'a str> {
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
pub(super) fn text_problem(
    text: Option<&str>,
    what: &str,
    (min, max): (usize, usize),
    dup: &HashSet<&str>,
) -> Option<Text> {
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
pub(super) fn lighthouse_fails(h: &HtmlFacts, ids: &[&str]) -> Option<Text> {
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

pub(super) fn noindex(p: &PageRecord, h: &HtmlFacts) -> bool {
    let meta = h.robots_meta.as_deref().unwrap_or("");
    let header = p.x_robots_tag.as_deref().unwrap_or("").to_ascii_lowercase();
    meta.contains("noindex") || meta.contains("none") || header.contains("noindex")
}
