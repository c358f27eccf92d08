//! How old the prices are.

use chrono::{DateTime, NaiveDate};

use super::site;
use crate::gather::site::extract::HtmlFacts;
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput};
use crate::spec::{ParamKind, ParamSpec, Params, RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "site_prices_fresh",
        source: SourceKind::Site,
        doc: "Days since the prices were last dated. A prices page is one whose path matches `path` or whose title, \
                  h1 or path has a prices keyword; only when there is none does a page with a prices section or one \
                  listing enough amounts (`[prices] min_items` of checklists/keywords.toml) count. \
                  A page's date is the date it shows itself (\"Цены действительны с 15.01.2024\"); only a page that \
                  shows none is dated by its Last-Modified header or sitemap lastmod, and a date after the audit \
                  date is no evidence. The oldest prices page is reported.",
        params: &[
            ParamSpec {
                name: "path",
                kind: ParamKind::Text,
                default: Some("\"*price*\""),
                doc: "glob for the prices pages",
            },
            number("pass", "90", "age in days for full marks"),
            number("fail", "365", "age in days that earns nothing"),
        ],
        vars: &["age_days"],
        check: check_prices,
        hand: None,
        page_check: None,
        rival: Some("rival-prices"),
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn check_prices(params: &Params) -> Result<(), String> {
    check_non_negative_thresholds(params)?;
    glob::Pattern::new(params.text("path")).map(|_| ()).map_err(|e| format!("`path` is not a valid glob: {e}"))
}

fn eval(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let params = input.params();
    let glob = glob::Pattern::new(params.text("path")).ok();
    let prices_bit = site.signal("prices");
    let dedicated = |p: &PageRecord, h: &HtmlFacts| {
        let path = url::Url::parse(&p.final_url).map(|u| u.path().to_string()).unwrap_or_default();
        glob.as_ref().is_some_and(|g| g.matches(&path)) || h.topic_signals & prices_bit != 0
    };
    let listing_amounts = |h: &HtmlFacts| site.min_price_items > 0 && h.price_items >= site.min_price_items;
    // A dedicated prices page (by path or topic) decides; a page that only lists amounts (a home page with
    // three prices) counts only when there is no dedicated one.
    let mut prices: Vec<(&PageRecord, &HtmlFacts)> = site.html_pages().filter(|(p, h)| dedicated(p, h)).collect();
    if prices.is_empty() {
        let headed = |h: &HtmlFacts| h.sections.iter().any(|s| s.signals & prices_bit != 0);
        prices = site.html_pages().filter(|(_, h)| headed(h) || listing_amounts(h)).collect();
    }
    if prices.is_empty() {
        return Err(Outcome::NotAssessed(msg!("site-no-prices", path = params.text("path"))));
    }
    // Each page's date: the date it shows itself ("Цены действительны с 15.01.2024") beats its headers; a
    // Last-Modified or sitemap date after the audit date is no evidence of freshness. The oldest page is
    // reported: one stale price list is enough to mislead a customer.
    let mut dated: Vec<(NaiveDate, Text)> = Vec::new();
    for (p, h) in &prices {
        let page = p.final_url.as_str();
        let shown = h
            .newest_date
            .filter(|d| *d <= input.as_of)
            .map(|d| (d, msg!("site-prices-shows", page = page, date = Text::date(d))));
        let headers = [
            p.last_modified.as_deref().and_then(|l| DateTime::parse_from_rfc2822(l).ok()).map(|d| {
                (
                    d.date_naive(),
                    Text::join([Text::from(format!("{page} Last-Modified")), Text::date(d.date_naive())], " "),
                )
            }),
            site.sitemap
                .urls
                .get(&p.final_url)
                .copied()
                .flatten()
                .map(|d| (d, Text::join([Text::from(format!("{page} sitemap lastmod")), Text::date(d)], " "))),
        ];
        let page_date =
            shown.or_else(|| headers.into_iter().flatten().filter(|(d, _)| *d <= input.as_of).max_by_key(|(d, _)| *d));
        dated.extend(page_date);
    }
    let Some((newest, how)) = dated.iter().min_by_key(|(d, _)| *d).cloned() else {
        return Err(Outcome::NotAssessed(msg!("site-prices-undated", page = prices[0].0.final_url.as_str())));
    };
    let age = (input.as_of - newest).num_days().max(0) as f64;
    let m = Measurement::thresholded(age, params, |v| msg!("unit-days-old", days = v));
    Ok(m.with_evidence(vec![EvidenceItem::new(EvidenceKind::Figure, how)]).var("age_days", age))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    const O: &str = "https://a.example";

    pub(super) fn fixtures() -> Fixtures {
        let prices = |date: &str| page("Prices", &format!("<p>Prices updated {date}.</p>"));
        Fixtures::new(
            with_site(site(O, &[("/", &page("Welcome", "")), ("/prices.html", &prices("2026-10-20"))])),
            with_site(site(O, &[("/", &page("Welcome", "")), ("/prices.html", &prices("2024-01-01"))])),
        )
    }

    #[test]
    fn prices_are_dated_by_what_the_page_shows_not_by_a_header_after_the_audit_date() {
        use crate::rules::Status;
        let t = touchpoint("site_prices_fresh", &[]);
        let mut site = match fixtures().pass.site {
            crate::gather::Gathered::Collected(site) => site,
            _ => unreachable!("the passing fixture holds a crawl"),
        };
        let prices = site.pages.iter_mut().find(|p| p.final_url.ends_with("/prices.html")).unwrap();
        // The page states its prices are from January 2024; its server says it changed after the audit date.
        prices.last_modified = Some("Sun, 20 Dec 2026 10:00:00 GMT".into());
        prices.html.as_mut().unwrap().newest_date = chrono::NaiveDate::from_ymd_opt(2024, 1, 15);
        assert_eq!(status_of(&t, &with_site(site.clone())), Status::Fail);
        // With no date shown, a Last-Modified after the audit date is no evidence either way.
        let prices = site.pages.iter_mut().find(|p| p.final_url.ends_with("/prices.html")).unwrap();
        prices.html.as_mut().unwrap().newest_date = None;
        assert_eq!(status_of(&t, &with_site(site)), Status::NotAssessed);
    }
}
