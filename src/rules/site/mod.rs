//! The website area: one file per rule over the crawl (usability, trust, contact and channel signals), and
//! what those rules share: the crawl's facts or why there are none, the share of pages that comply, a thing
//! found or missing, the pages near the home page, a page or section about a topic. The search rules, in
//! `search/`, use them too.

use std::collections::HashSet;

use crate::gather::site::SiteFacts;
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::{Thresholds, check_share_thresholds};
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, RuleInput, collected, listed};
use crate::spec::{ParamSpec, Params, RuleSpec, SourceKind, number};

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_site.rs"));

pub(super) const SHARE_PASS: ParamSpec = number("pass", "0.95", "share of pages that must comply for full marks");
pub(super) const SHARE_FAIL: ParamSpec = number("fail", "0.6", "share of pages complying that earns nothing");
pub(super) const FOUND_PASS: ParamSpec = number("pass", "1", "1 when found and working");
pub(super) const FOUND_FAIL: ParamSpec = number("fail", "0", "0 when missing");

pub(super) fn no_params(_: &Params) -> Result<(), String> {
    Ok(())
}

/// A site rule scored on the share of readable HTML pages that comply.
pub(super) const fn share_spec(name: &'static str, doc: &'static str) -> RuleSpec {
    RuleSpec {
        name,
        source: SourceKind::Site,
        doc,
        params: &[SHARE_PASS, SHARE_FAIL],
        vars: &["pages", "failing"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    }
}

/// A site rule that finds one thing: 1 when found (and working), less when broken, 0 when missing.
pub(super) const fn found_spec(name: &'static str, doc: &'static str) -> RuleSpec {
    RuleSpec {
        name,
        source: SourceKind::Site,
        doc,
        params: &[FOUND_PASS, FOUND_FAIL],
        vars: &["where"],
        check: check_share_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    }
}

/// The page about a topic (keyword signal `bit` in its title, h1 or path), else the first page with a section
/// headed so, with that heading: where a customer would look for the terms, the loyalty program, the policy.
pub(super) fn topic_page<'a>(
    pages: &[(&'a PageRecord, &'a HtmlFacts)],
    bit: u32,
) -> Option<(&'a PageRecord, Option<&'a str>)> {
    if let Some((p, _)) = pages.iter().find(|(_, h)| h.topic_signals & bit != 0) {
        return Some((*p, None));
    }
    pages
        .iter()
        .find_map(|(p, h)| h.sections.iter().find(|s| s.signals & bit != 0).map(|s| (*p, Some(s.heading.as_str()))))
}

/// The crawl's facts, or why there are none.
/// The site's facts for every rule but `site_reachable`: a site that did not answer leaves them not assessed
/// (saying so), never measured on nothing (no pages would read as "no broken links").
pub(crate) fn site<'a>(input: &'a RuleInput) -> Result<&'a SiteFacts, Outcome> {
    let site = collected(&input.evidence.site)?;
    match site.did_not_answer() {
        Some(reason) => Err(Outcome::NotAssessed(reason)),
        None => Ok(site),
    }
}

pub(crate) fn pages(site: &SiteFacts) -> Result<Vec<(&PageRecord, &HtmlFacts)>, Outcome> {
    let pages: Vec<_> = site.html_pages().collect();
    if pages.is_empty() {
        // A site that did not answer never gets here: `site()` said so already.
        return Err(Outcome::NotAssessed(msg!("site-no-html", site = site.start_url.as_str())));
    }
    Ok(pages)
}

/// Scores the share of pages for which `problem` finds nothing wrong; the problems are the evidence.
pub(crate) fn page_share(
    input: &RuleInput,
    problem: impl Fn(&SiteFacts, &PageRecord, &HtmlFacts) -> Option<Text>,
) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let failing: Vec<Text> = pages
        .iter()
        .filter_map(|(p, h)| problem(site, p, h).map(|why| Text::at(p.final_url.to_string(), why)))
        .collect();
    let total = pages.len();
    let share = (total - failing.len()) as f64 / total as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("site-pages-share", good = total - failing.len(), total = total, share = Text::pct(share));
    let failing_count = failing.len();
    Ok(m.with_evidence(listed(EvidenceKind::Problem, failing)).var("pages", total).var("failing", failing_count))
}

/// A found/missing measurement: 1, a partial score, or 0, with the text that says which.
pub(crate) fn found(input: &RuleInput, value: f64, text: Text, evidence: Vec<EvidenceItem>, place: &str) -> Evaluated {
    let thresholds = Thresholds::from_params(input.params());
    Ok(Measurement {
        value,
        judged: value,
        text,
        target: msg!("site-found-target"),
        thresholds,
        evidence,
        vars: Vec::new(),
        sample: None,
    }
    .var("where", place))
}

/// Pages within `clicks` links of the home page (the home page itself at 0).
pub(super) fn near_home(site: &SiteFacts, clicks: u32) -> Vec<(&PageRecord, &HtmlFacts)> {
    let Some(home) = site.home() else { return Vec::new() };
    let mut reached: Vec<&PageRecord> = vec![home];
    let mut frontier: Vec<&PageRecord> = vec![home];
    let mut seen: HashSet<&str> = HashSet::from([home.final_url.as_str()]);
    for _ in 0..clicks {
        if frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for page in &frontier {
            let Some(html) = page.ok_html() else { continue };
            for link in &html.links {
                if let Some(target) = site.page(link)
                    && seen.insert(target.final_url.as_str())
                {
                    next.push(target);
                }
            }
        }
        reached.extend(&next);
        frontier = next;
    }
    reached.into_iter().filter_map(|p| p.ok_html().map(|h| (p, h))).collect()
}

/// Messenger and social links written without a scheme, each with its page: links that lead nowhere.
pub(super) fn schemeless_links(site: &SiteFacts) -> Vec<EvidenceItem> {
    site.html_pages()
        .flat_map(|(p, h)| h.schemeless.iter().map(move |href| (href, p)))
        .map(|(href, p)| {
            let text = msg!("site-link-no-scheme", href = href.as_str(), page = p.final_url.as_str());
            EvidenceItem::new(EvidenceKind::Problem, Text::at(p.final_url.clone(), text))
        })
        .collect()
}
