//! What a rule's own fixtures are built from: evidence with one source, a small site read through the real
//! extractor (no network), reviews, mentions, survey answers and hand scores. Each rule's file builds, from
//! these, a passing and a failing case for that rule alone (`Rule::fixtures`); the registry test runs them all.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use url::Url;

use crate::config::checklist::{Checklist, Touchpoint};
use crate::config::keywords::Keywords;
use crate::config::offline::{ManualEntry, ManualValue, Offline};
use crate::config::survey::{NpsAnswer, SurveyAnswers};
use crate::gather::reviews::{Review, ReviewFacts};
use crate::gather::site::extract::{self, CustomCheck, ExtractConfig};
use crate::gather::site::facts::{BrokenLink, FoundVia, PageRecord, RefKind, SiteFacts, SitemapFacts};
use crate::gather::{Evidence, Gathered, SurveyFacts};
use crate::i18n::Locale;
use crate::rules::{Params, Status, evaluate};

/// The audit date of every fixture.
pub(crate) fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()
}

/// Noon of the audit date, for dating reviews and mentions.
pub(crate) fn noon() -> DateTime<Utc> {
    as_of().and_hms_opt(12, 0, 0).unwrap().and_utc()
}

/// A rule's own cases: the params it is run with (over its defaults), evidence on which it must pass, and
/// evidence on which it must fail.
pub(crate) struct Fixtures {
    pub(crate) params: Vec<(&'static str, toml::Value)>,
    pub(crate) pass: Evidence,
    pub(crate) fail: Evidence,
}

impl Fixtures {
    pub(crate) fn new(pass: Evidence, fail: Evidence) -> Self {
        Fixtures { params: Vec::new(), pass, fail }
    }

    pub(crate) fn with(mut self, name: &'static str, value: impl Into<toml::Value>) -> Self {
        self.params.push((name, value.into()));
        self
    }
}

/// A touchpoint `t.fixture` of the rule, its params the rule's defaults and `params`.
pub(crate) fn touchpoint(rule_name: &str, params: &[(&str, toml::Value)]) -> Touchpoint {
    let rule = &crate::rules::rule(rule_name).unwrap().spec;
    let mut values: BTreeMap<String, toml::Value> =
        rule.params.iter().filter_map(|p| Some((p.name.to_string(), p.default_value()?))).collect();
    for (name, value) in params {
        values.insert(name.to_string(), value.clone());
    }
    Touchpoint {
        id: "t.fixture".into(),
        area: "a".into(),
        title: "fixture".into(),
        rule,
        weight: 1.0,
        critical: false,
        params: Params::new(values),
        why: "why".into(),
        fix: "fix {measured}".into(),
    }
}

/// The touchpoint's status, with every text of its finding rendered in every locale (the debug build
/// checks each message as it renders it: one missing in a locale or lacking a variable fails here).
pub(crate) fn status_of(t: &Touchpoint, evidence: &Evidence) -> Status {
    finding_of(t, evidence).status
}

/// The touchpoint's finding, checked as [`status_of`] says.
pub(crate) fn finding_of(t: &Touchpoint, evidence: &Evidence) -> crate::rules::Finding {
    let mut checklist = Checklist::builtin(&crate::rules::registry::Registry).unwrap();
    checklist.touchpoints = vec![t.clone()];
    let finding = evaluate(&checklist, evidence, as_of()).remove(0);
    for locale in Locale::ALL {
        let tr = locale.tr();
        let texts = [&finding.measured_text, &finding.target, &finding.recommendation, &finding.reason];
        for text in texts.into_iter().flatten().chain(finding.evidence.iter().map(|e| &e.text)) {
            assert!(!tr.render(text).is_empty() || text.as_given().is_some(), "{}: {text:?}", t.id);
        }
    }
    finding
}

/// Evidence with no source gathered.
pub(crate) fn nothing() -> Evidence {
    Evidence {
        offline: Gathered::NotConfigured("none".into()),
        survey: Gathered::NotConfigured("none".into()),
        site: Gathered::NotConfigured("none".into()),
        reviews: Gathered::NotConfigured("none".into()),
        mentions: Gathered::NotConfigured("none".into()),
        serm: Gathered::NotConfigured("none".into()),
        business: crate::gather::Nap::default(),
        photos: Default::default(),
        fetched: Vec::new(),
    }
}

/// Evidence holding a crawl.
pub(crate) fn with_site(site: SiteFacts) -> Evidence {
    Evidence { site: Gathered::Collected(site), ..nothing() }
}

/// Evidence holding reviews.
pub(crate) fn with_reviews(reviews: ReviewFacts) -> Evidence {
    Evidence { reviews: Gathered::Collected(reviews), ..nothing() }
}

/// A well-formed page: charset, viewport, language, title and description, with `body` as its body.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} | Bright Smile Dental</title>
        <meta name="description" content="{title}: everything about {title} at Bright Smile Dental, the friendly family dentist.">
        </head><body><h1>{title}</h1>{body}</body></html>"#
    )
}

/// A crawled site of `pages` (path, HTML), read through the real extractor: the first page is the home page
/// and links to the others; every page answered 200 in 120 ms. No sitemap, no broken links.
pub(crate) fn site(origin: &str, pages: &[(&str, &str)]) -> SiteFacts {
    site_checking(origin, pages, Vec::new())
}

/// [`site`], with a consultant's page checks run on every page (for `t.fixture`).
pub(crate) fn site_checking(origin: &str, pages: &[(&str, &str)], custom: Vec<CustomCheck>) -> SiteFacts {
    let custom_ids = if custom.is_empty() { Vec::new() } else { vec!["t.fixture".to_string()] };
    let config = ExtractConfig { keywords: Keywords::builtin().unwrap(), custom };
    let records: Vec<PageRecord> = pages
        .iter()
        .enumerate()
        .map(|(i, (path, html))| {
            let url = Url::parse(&format!("{origin}{path}")).unwrap();
            PageRecord {
                url: url.to_string(),
                final_url: url.to_string(),
                depth: u32::from(i > 0),
                found_via: if i == 0 { FoundVia::Start } else { FoundVia::Link },
                status: Some(200),
                error: None,
                redirects: 0,
                content_type: Some("text/html".into()),
                bytes: html.len() as u64,
                truncated: false,
                response_ms: 120,
                last_modified: None,
                x_robots_tag: None,
                charset: Some("UTF-8".into()),
                charset_source: None,
                decode_errors: false,
                rendered: None,
                html: Some(extract::extract(html, &url, &config)),
            }
        })
        .collect();
    SiteFacts {
        start_url: format!("{origin}/"),
        pages_crawled: records.len(),
        pages: records.into_iter().map(Box::new).collect(),
        signal_names: config.keywords.signals.clone(),
        min_price_items: config.keywords.min_price_items,
        custom_ids,
        ..SiteFacts::default()
    }
}

/// A sitemap listing every crawled page.
pub(crate) fn sitemap_of(site: &SiteFacts) -> SitemapFacts {
    SitemapFacts {
        files: vec![format!("{}sitemap.xml", site.start_url)],
        errors: Vec::new(),
        urls: site.pages.iter().map(|p| (p.url.clone(), None)).collect::<BTreeMap<_, _>>(),
    }
}

/// A link from `from` to `to` that answered 404.
pub(crate) fn broken(from: &str, to: &str) -> BrokenLink {
    BrokenLink { from: from.to_string(), to: to.to_string(), kind: RefKind::Link, status: Some(404), error: None }
}

/// A review on `platform`, `days_ago` before the audit date, with `stars`, answered after `reply_hours` if any.
pub(crate) fn review(platform: &str, days_ago: i64, stars: f64, reply_hours: Option<i64>, i: usize) -> Review {
    let created = noon() - chrono::Duration::days(days_ago);
    Review {
        platform: platform.into(),
        id: Some(format!("r{i}").into()),
        author: Some(format!("guest {i}").into()),
        stars,
        rating_text: None,
        created,
        text: Some("Friendly and quick".into()),
        reply: reply_hours.map(|_| format!("Thank you, guest {i}").into()),
        reply_at: reply_hours.map(|h| created + chrono::Duration::hours(h)),
        link: None,
        source: "fixture".into(),
        record: i as u32,
    }
}

/// `count` reviews, one every `every` days from two days before the audit date, each made by `make`.
pub(crate) fn reviews(count: usize, make: impl Fn(usize, i64) -> Review) -> ReviewFacts {
    let reviews = (0..count).map(|i| make(i, 2 + i as i64 * 6)).collect();
    ReviewFacts { reviews, ..ReviewFacts::default() }
}

/// Evidence holding the auditor's entry for `t.fixture` and the client's figures.
pub(crate) fn with_entry(value: ManualValue, figures: &[(&str, f64)]) -> Evidence {
    let mut offline = Offline { file: "offline.toml".into(), ..Offline::default() };
    offline.scores.insert("t.fixture".into(), ManualEntry { value, note: None, evidence: vec![], assessed: None });
    offline.figures = figures.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    Evidence { offline: Gathered::Collected(offline), ..nothing() }
}

/// Evidence holding survey answers: NPS 0-10, CSAT 1-5, CES 1-7.
pub(crate) fn with_survey(nps: &[u8], csat: &[u8], ces: &[u8]) -> Evidence {
    let answers = SurveyAnswers {
        file: "survey.csv".into(),
        rows: nps.len().max(csat.len()).max(ces.len()),
        nps: nps.iter().map(|s| NpsAnswer { score: *s, reason: Some("because".into()), line: 2 }).collect(),
        csat: csat.to_vec(),
        ces: ces.to_vec(),
        ..SurveyAnswers::default()
    };
    Evidence { survey: Gathered::Collected(SurveyFacts::from_answers(&answers)), ..nothing() }
}

/// Evidence holding mentions.
pub(crate) fn with_mentions(mentions: crate::gather::mentions::MentionFacts) -> Evidence {
    Evidence { mentions: Gathered::Collected(mentions), ..nothing() }
}

/// `count` mentions of one tone, two weeks apart, the newest `first_days_ago` before the audit date.
pub(crate) fn mentions(
    count: usize,
    first_days_ago: i64,
    tone: crate::config::lexicon::Tone,
) -> crate::gather::mentions::MentionFacts {
    use crate::config::lexicon::Tone;
    use crate::gather::mentions::{Mention, MentionFacts};
    let title = if tone == Tone::Negative { "Terrible rude staff" } else { "Great friendly clinic" };
    let mentions = (0..count)
        .map(|i| Mention {
            title: title.to_string(),
            link: Some(format!("https://news.example/{i}")),
            summary: None,
            published: noon() - chrono::Duration::days(first_days_ago + i as i64 * 14),
            tone,
            feed: "fixture.rss".into(),
        })
        .collect();
    MentionFacts { mentions, feeds: Vec::new() }
}

/// `SiteFacts::page`, whose table these helpers' sites exercise.
#[test]
fn a_page_is_found_by_either_url_and_after_the_pages_change() {
    let mut facts = site("https://a.example", &[("/", &page("Home", "")), ("/b", &page("B", ""))]);
    facts.pages[1].final_url = "https://a.example/c".into();
    let found = |facts: &crate::gather::site::SiteFacts, url: &str| facts.page(url).map(|p| p.url.clone());
    assert_eq!(found(&facts, "https://a.example/b").as_deref(), Some("https://a.example/b"));
    assert_eq!(found(&facts, "https://a.example/c").as_deref(), Some("https://a.example/b"), "by where it ended");
    assert_eq!(found(&facts, "https://a.example/nowhere"), None);
    // A page added after the first lookup is found all the same.
    let mut later = facts.pages[0].clone();
    later.url = "https://a.example/d".into();
    later.final_url = later.url.clone();
    facts.pages.push(later);
    assert_eq!(found(&facts, "https://a.example/d").as_deref(), Some("https://a.example/d"));
}
