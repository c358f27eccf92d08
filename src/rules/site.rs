//! Rules over the website crawl: usability, trust, contact, SEO and channel signals on every page.
//!
//! The crawler that gathers their evidence is not part of this build yet: these rules are declared with
//! their parameters so checklists can use and tune them now, and they report "not assessed" with the reason.

use super::params::{
    ParamKind, ParamSpec, Params, check_non_negative_thresholds, check_share_thresholds, number,
    text_list,
};
use super::{Rule, SourceKind};

const SHARE_PASS: ParamSpec = number(
    "pass",
    "0.95",
    "share of pages that must comply for full marks",
);
const SHARE_FAIL: ParamSpec = number("fail", "0.6", "share of pages complying that earns nothing");

fn no_params(_: &Params) -> Result<(), String> {
    Ok(())
}

/// A site rule scored on the share of pages that comply.
const fn share_rule(name: &'static str, doc: &'static str) -> Rule {
    Rule {
        name,
        source: SourceKind::Site,
        doc,
        params: &[SHARE_PASS, SHARE_FAIL],
        vars: &["pages", "failing"],
        check: check_share_thresholds,
        eval: None,
    }
}

pub const RULES: &[Rule] = &[
    Rule {
        name: "site_reachable",
        source: SourceKind::Site,
        doc: "The home page answers with a success status within the crawl's time limit.",
        params: &[],
        vars: &["status"],
        check: no_params,
        eval: None,
    },
    share_rule(
        "site_https",
        "Pages are served over HTTPS, and plain HTTP redirects to HTTPS.",
    ),
    share_rule(
        "site_viewport",
        "Pages declare a mobile viewport (`<meta name=viewport content=\"width=device-width\">`).",
    ),
    Rule {
        name: "site_speed",
        source: SourceKind::Site,
        doc: "The median time to the full HTML response, in milliseconds; page weight is shown as evidence.",
        params: &[
            number("pass", "800", "median response time (ms) for full marks"),
            number(
                "fail",
                "3000",
                "median response time (ms) that earns nothing",
            ),
            number("max_page_kb", "1500", "pages heavier than this are listed"),
        ],
        vars: &["slow_pages"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "site_broken_links",
        source: SourceKind::Site,
        doc: "Internal links and images that answer with an error or do not answer, counted per target.",
        params: &[
            number("pass", "0", "broken targets for full marks"),
            number("fail", "10", "broken targets that earn nothing"),
        ],
        vars: &["broken"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "site_contacts",
        source: SourceKind::Site,
        doc: "Phone, email and address are found on the home page or a page one click from it.",
        params: &[
            text_list(
                "require",
                "[\"phone\", \"email\", \"address\"]",
                "contact details that must be found",
            ),
            number("max_clicks", "1", "how far from the home page they may be"),
            number(
                "pass",
                "1",
                "share of required details found for full marks",
            ),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
        eval: None,
    },
    share_rule(
        "site_opening_hours",
        "Opening hours are stated on a page near the home page (keywords from checklists/).",
    ),
    share_rule(
        "site_feedback_form",
        "A feedback or contact form is present and its action answers.",
    ),
    Rule {
        name: "site_prices_fresh",
        source: SourceKind::Site,
        doc: "The prices page was updated recently: the newest of its visible dates, Last-Modified and sitemap lastmod.",
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
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "site_terms",
        source: SourceKind::Site,
        doc: "Guarantee, refund and delivery terms each have a findable page (keywords from checklists/).",
        params: &[
            text_list(
                "require",
                "[\"guarantee\", \"refund\", \"delivery\"]",
                "the terms that must be found",
            ),
            number("pass", "1", "share of required terms found for full marks"),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
        eval: None,
    },
    share_rule(
        "site_loyalty_page",
        "A loyalty program page is linked and its join/activation path works.",
    ),
    share_rule(
        "site_accessibility",
        "Basics on every page: images with alt text, labelled form fields, a lang attribute, descriptive link text.",
    ),
    Rule {
        name: "site_structured_data",
        source: SourceKind::Site,
        doc: "LocalBusiness (or a subtype) JSON-LD with name, address, telephone and opening hours. Rating markup the \
              business publishes about itself is shown but not scored: search engines ignore self-serving reviews.",
        params: &[
            text_list(
                "require",
                "[\"name\", \"address\", \"telephone\", \"openingHours\"]",
                "properties that must be present",
            ),
            number("pass", "1", "share of required properties for full marks"),
            number("fail", "0.25", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
        eval: None,
    },
    share_rule(
        "seo_titles",
        "Each page has a unique `<title>` of 10-65 characters.",
    ),
    share_rule(
        "seo_descriptions",
        "Each page has a unique meta description of 50-160 characters.",
    ),
    share_rule("seo_h1", "Each page has exactly one `<h1>`."),
    share_rule(
        "seo_indexable",
        "Pages can be indexed: not blocked by robots.txt, no `noindex`, reachable by links or the sitemap.",
    ),
    share_rule(
        "seo_sitemap",
        "A valid sitemap lists the crawlable pages (share of crawled pages it lists).",
    ),
    share_rule(
        "seo_canonical",
        "Pages carry a canonical link to a URL that answers 200.",
    ),
    share_rule(
        "seo_lang",
        "Pages declare their language (`<html lang>`), and alternates their hreflang.",
    ),
    Rule {
        name: "site_social_links",
        source: SourceKind::Site,
        doc: "Links to the business's social profiles are on the site.",
        params: &[
            number("pass", "2", "linked profiles for full marks"),
            number("fail", "0", "linked profiles that earn nothing"),
        ],
        vars: &["profiles"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    share_rule(
        "site_chat",
        "A chat widget or messenger link (WhatsApp, Telegram, Viber ...) is on the site.",
    ),
    share_rule("site_newsletter", "A newsletter sign-up is on the site."),
    Rule {
        name: "serm_brand_results",
        source: SourceKind::Serm,
        doc: "In a saved export of search results for the brand name, the share of first-page results that are the \
              business's own or positive.",
        params: &[
            number("pass", "0.7", "share for full marks"),
            number("fail", "0.3", "share that earns nothing"),
        ],
        vars: &["negative"],
        check: check_share_thresholds,
        eval: None,
    },
];
