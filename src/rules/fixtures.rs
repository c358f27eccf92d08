//! Two small websites for the rule tests: one that passes every website rule and one that fails every one,
//! read through the real extractor (no network).

use std::collections::BTreeMap;

use regex::Regex;
use url::Url;

use crate::config::keywords::Keywords;
use crate::gather::site::extract::{self, CustomCheck, ExtractConfig};
use crate::gather::site::facts::{BrokenLink, FoundVia, PageRecord, RefKind, SiteFacts, SitemapFacts};

const GOOD_HEAD: &str = r#"<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">"#;

fn good_page(path: &str, title: &str, body: &str) -> (String, String) {
    let html = format!(
        r#"<!DOCTYPE html><html lang="en"><head>{GOOD_HEAD}<title>{title} | Bright Smile Dental</title>
        <meta name="description" content="{title}: everything about {title} at Bright Smile Dental, the friendly family dentist.">
        <link rel="canonical" href="https://good.example{path}"></head>
        <body><h1>{title}</h1>{body}
        <footer><a href="https://facebook.com/brightsmile">Facebook</a> <a href="https://instagram.com/brightsmile">Instagram</a>
        <a href="https://wa.me/15550100">WhatsApp</a> <a href="/privacy.html">Privacy policy</a>
        <p>Bright Smile Dental LLC, EIN 12-3456789</p></footer></body></html>"#
    );
    (path.to_string(), html)
}

fn good_site() -> Vec<(String, String)> {
    let jsonld = r#"<script type="application/ld+json">{"@context":"https://schema.org","@type":"Dentist","name":"Bright Smile",
        "address":"1 Main St","telephone":"+1 555 0100","openingHours":"Mo-Fr 09:00-18:00"}</script>"#;
    vec![
        good_page(
            "/",
            "Welcome",
            &format!(
                r#"{jsonld}<p>Opening hours: Mon-Fri 9-18. Free parking.</p><address>1 Main St, Springfield</address>
                <a href="tel:+15550100">Call us</a> <a href="mailto:hi@good.example">Email us</a>
                <a href="/contacts.html">Contacts</a> <a href="/prices.html">Prices</a> <a href="/policies/refund.html">Refund policy</a>
                <a href="/policies/delivery.html">Delivery terms</a> <a href="/policies/guarantee.html">Our guarantee</a>
                <a href="/loyalty.html">Loyalty card</a> <img src="/smile.png" alt="A smile">
                <h2>What our patients say</h2><blockquote>Painless and kind.</blockquote><p>Subscribe to our newsletter</p><form class="booking" action="/subscribe"><label for="e">Email</label><input id="e" type="email" name="email"></form>"#
            ),
        ),
        good_page(
            "/contacts.html",
            "Contacts",
            r#"<form action="/feedback" method="post"><label for="m">Message</label><textarea id="m" name="message"></textarea></form>
            <p>Free parking behind the clinic.</p><form class="booking"></form>"#,
        ),
        good_page(
            "/prices.html",
            "Prices",
            "<p>Prices updated 2026-10-20. Free parking.</p><form class=\"booking\"></form>",
        ),
        good_page("/policies/refund.html", "Refund policy", "<p>Free parking.</p><form class=\"booking\"></form>"),
        good_page("/policies/delivery.html", "Delivery terms", "<p>Free parking.</p><form class=\"booking\"></form>"),
        good_page("/policies/guarantee.html", "Our guarantee", "<p>Free parking.</p><form class=\"booking\"></form>"),
        good_page(
            "/loyalty.html",
            "Loyalty card",
            r#"<a href="/loyalty/activate.html">Activate your card</a><p>Free parking.</p><form class="booking"></form>"#,
        ),
        good_page(
            "/privacy.html",
            "Privacy policy",
            "<p>What we keep about you, and why. Free parking.</p><form class=\"booking\"></form>",
        ),
        good_page(
            "/loyalty/activate.html",
            "Activate your loyalty card",
            "<p>Free parking.</p><form class=\"booking\"></form>",
        ),
    ]
}

fn bad_site() -> Vec<(String, String)> {
    vec![
        (
            "/".to_string(),
            r#"<html><head><meta name="robots" content="noindex"></head><body><h1>Hi</h1><h1>Again</h1>
            <img src="/a.png"><a href="/gone.html">click here</a> <a href="/prices.html">x</a>
            <form><input name="q"></form></body></html>"#
                .to_string(),
        ),
        (
            "/prices.html".to_string(),
            r#"<html><head><title>Prices</title><meta name="robots" content="noindex"></head><body>Prices of 2024-01-01</body></html>"#
                .to_string(),
        ),
    ]
}

/// The good or the bad site as crawl facts; the custom check runs the check of `rule` (page_text or selector).
pub fn site(good: bool, rule: &str) -> SiteFacts {
    let custom = match rule {
        "selector" => CustomCheck::Selector(Box::new(scraper::Selector::parse("form.booking").unwrap())),
        _ => CustomCheck::Text(Regex::new("(?i)free parking").unwrap()),
    };
    let config = ExtractConfig { keywords: Keywords::builtin().unwrap(), custom: vec![custom] };
    let (origin, pages) = if good { ("https://good.example", good_site()) } else { ("http://bad.example", bad_site()) };
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
                response_ms: if good { 120 } else { 5000 },
                last_modified: None,
                x_robots_tag: None,
                charset: Some("UTF-8".into()),
                charset_source: None,
                decode_errors: false,
                html: Some(extract::extract(html, &url, &config)),
            }
        })
        .collect();
    let sitemap = if good {
        SitemapFacts {
            files: vec![format!("{origin}/sitemap.xml")],
            errors: Vec::new(),
            urls: records.iter().map(|p| (p.url.clone(), None)).collect::<BTreeMap<_, _>>(),
        }
    } else {
        SitemapFacts::default()
    };
    let broken_links = if good {
        Vec::new()
    } else {
        (0..12)
            .map(|i| BrokenLink {
                from: format!("{origin}/"),
                to: format!("{origin}/gone{i}.html"),
                kind: RefKind::Link,
                status: Some(404),
                error: None,
            })
            .collect()
    };
    let mut records = records;
    if !good && rule == "site_reachable" {
        records[0].status = Some(503);
    }
    SiteFacts {
        start_url: format!("{origin}/"),
        pages_crawled: records.len(),
        pages: records,
        broken_links,
        sitemap,
        signal_names: config.keywords.signals.clone(),
        custom_ids: vec!["t.fixture".to_string()],
        ..SiteFacts::default()
    }
}

/// Reviews for the reputation rules, as of 2026-11-01: a well-kept profile (60 five-star reviews over the year,
/// each answered within two hours in its own words, on both expected platforms), or that profile spoiled in
/// the one way `rule` measures.
pub fn reviews(good: bool, rule: &str) -> crate::gather::reviews::ReviewFacts {
    use crate::gather::reviews::{Review, ReviewFacts};
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let spoil = |what: &str| !good && rule == what;
    let shift = if spoil("review_recency") { 200 } else { 0 };
    let count = if spoil("review_volume") { 2 } else { 60 };
    let mut reviews: Vec<Review> = (0..count)
        .map(|i| {
            let created = as_of - chrono::Duration::days(2 + shift + i64::from(i) * 6);
            let replied = !spoil("review_response_rate") || i < 5;
            let hours = if spoil("review_response_time") { 500 } else { 2 };
            let reply =
                if spoil("review_canned_replies") { "Thanks!".to_string() } else { format!("Thank you, guest {i}") };
            Review {
                platform: if i % 2 == 0 { "Google" } else { "Yelp" }.into(),
                id: Some(format!("r{i}").into()),
                author: Some(format!("guest {i}").into()),
                stars: if spoil("review_rating") { 1.0 } else { 5.0 },
                rating_text: None,
                created,
                text: Some("Friendly and quick".into()),
                reply: replied.then(|| reply.into()),
                reply_at: replied.then(|| created + chrono::Duration::hours(hours)),
                link: None,
                source: "fixture".into(),
                record: i,
            }
        })
        .collect();
    if spoil("review_unanswered_negative") {
        let first = reviews[0].clone();
        reviews.extend((0..5).map(|i| Review {
            stars: 1.0,
            reply: None,
            reply_at: None,
            created: as_of - chrono::Duration::days(10 + i),
            ..first.clone()
        }));
    }
    let mut expected = vec!["Google".to_string(), "Yelp".to_string()];
    if spoil("review_platforms") {
        expected.extend(["Tripadvisor".to_string(), "Yandex Maps".to_string()]);
    }
    ReviewFacts { reviews, expected, ..ReviewFacts::default() }
}

/// Mentions as of 2026-11-01: a dozen friendly ones in the last half year, or all hostile, or all too old.
pub fn mentions(good: bool, rule: &str) -> crate::gather::mentions::MentionFacts {
    use crate::config::lexicon::Tone;
    use crate::gather::mentions::{Mention, MentionFacts};
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap().and_hms_opt(12, 0, 0).unwrap().and_utc();
    let old = !good && rule == "mention_volume";
    let hostile = !good && rule == "mention_tone";
    let mentions = (0..12)
        .map(|i| Mention {
            title: if hostile { "Terrible rude staff" } else { "Great friendly clinic" }.to_string(),
            link: Some(format!("https://news.example/{i}")),
            summary: None,
            published: as_of - chrono::Duration::days(if old { 400 } else { 3 + i * 14 }),
            tone: if hostile { Tone::Negative } else { Tone::Positive },
            feed: "fixture.rss".into(),
        })
        .collect();
    MentionFacts { mentions, feeds: Vec::new() }
}

/// Ten brand search results: the business's own and friendly pages, or mostly complaints.
pub fn serm(good: bool) -> crate::gather::serm::SermFacts {
    use crate::gather::serm::{Kind, SearchResult, SermFacts};
    let results = (1..=10)
        .map(|position| SearchResult {
            position,
            title: format!("result {position}"),
            url: format!("https://example.test/{position}"),
            snippet: String::new(),
            kind: match (good, position) {
                (true, 1..=3) => Kind::Own,
                (true, _) => Kind::Positive,
                (false, 1) => Kind::Own,
                (false, _) => Kind::Negative,
            },
        })
        .collect();
    SermFacts { file: "serp.csv".into(), results, problems: Vec::new() }
}
