//! Crawled pages the sitemap lists.

use std::collections::HashSet;

use super::noindex;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::Thresholds;
use crate::rules::site::{page_share, share_spec, site};
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput, listed};

pub(crate) const RULE: Rule = Rule {
    spec: share_spec(
        "seo_sitemap",
        "Share of the crawled pages the sitemap lists (none when there is no valid sitemap); orphan pages found only \
             through the sitemap are listed.",
    ),
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
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
    let linked: HashSet<&str> = site.html_pages().flat_map(|(_, h)| h.links.iter().map(|l| &**l)).collect();
    // Each page by the URL it was asked for and by where it ended (one map each: a sitemap of 20,000 URLs
    // looked up one scan at a time would be quadratic).
    let asked: std::collections::HashMap<&str, &PageRecord> =
        site.pages.iter().map(|p| (p.url.as_str(), &**p)).collect();
    let ended: std::collections::HashMap<&str, &PageRecord> =
        site.pages.iter().map(|p| (p.final_url.as_str(), &**p)).collect();
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let mut good = site(
            O,
            &[("/", &page("Welcome", r#"<a href="/about.html">About</a>"#)), ("/about.html", &page("About us", ""))],
        );
        good.sitemap = sitemap_of(&good);
        Fixtures::new(with_site(good), with_site(site(O, &[("/", &page("Welcome", ""))])))
    }
}
