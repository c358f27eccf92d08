//! Rules over the website crawl: usability, trust, contact and channel signals on every page, and the
//! helpers every site rule shares (the crawl's facts or why there are none, the share of pages that pass).
//! The search touchpoints are in `search.rs`.

use crate::significance::Sample;
use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate};

use super::params::{
    ParamKind, ParamSpec, Params, Thresholds, check_non_negative_thresholds, check_share_thresholds, number, text_list,
};
use super::{
    Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, SourceKind, collected, listed,
};
use crate::gather::site::SiteFacts;
use crate::gather::site::extract::{FormKind, HtmlFacts};
use crate::gather::site::facts::PageRecord;
use crate::i18n::Text;
use crate::msg;

pub(super) const SHARE_PASS: ParamSpec = number("pass", "0.95", "share of pages that must comply for full marks");
pub(super) const SHARE_FAIL: ParamSpec = number("fail", "0.6", "share of pages complying that earns nothing");
pub(super) const FOUND_PASS: ParamSpec = number("pass", "1", "1 when found and working");
pub(super) const FOUND_FAIL: ParamSpec = number("fail", "0", "0 when missing");

pub(super) fn no_params(_: &Params) -> Result<(), String> {
    Ok(())
}

/// A site rule scored on the share of readable HTML pages that comply.
pub(super) const fn share_rule(name: &'static str, doc: &'static str, eval: fn(&RuleInput) -> Evaluated) -> Rule {
    Rule {
        name,
        source: SourceKind::Site,
        doc,
        params: &[SHARE_PASS, SHARE_FAIL],
        vars: &["pages", "failing"],
        check: check_share_thresholds,
        eval,
        hand: None,
    }
}

/// A site rule that finds one thing: 1 when found (and working), less when broken, 0 when missing.
pub(super) const fn found_rule(name: &'static str, doc: &'static str, eval: fn(&RuleInput) -> Evaluated) -> Rule {
    Rule {
        name,
        source: SourceKind::Site,
        doc,
        params: &[FOUND_PASS, FOUND_FAIL],
        vars: &["where"],
        check: check_share_thresholds,
        eval,
        hand: None,
    }
}

pub const RULES: &[Rule] = &[
    Rule {
        name: "site_reachable",
        source: SourceKind::Site,
        doc: "The home page answers with a success status within the crawl's time limit. Evidence also tells \
              which limits stopped the crawl and which pages look rendered by JavaScript (their findings may be \
              incomplete).",
        params: &[],
        vars: &["status"],
        check: no_params,
        eval: eval_reachable,
        hand: None,
    },
    share_rule("site_https", "Share of pages served over HTTPS.", eval_https),
    share_rule(
        "site_viewport",
        "Share of pages that declare a mobile viewport (`<meta name=viewport content=\"width=device-width\">`).",
        eval_viewport,
    ),
    Rule {
        name: "site_speed",
        source: SourceKind::Site,
        doc: "The median time to the full HTML response over all pages, in milliseconds; the slowest and the \
              heaviest pages are listed.",
        params: &[
            number("pass", "800", "median response time (ms) for full marks"),
            number("fail", "3000", "median response time (ms) that earns nothing"),
            number("max_page_kb", "1500", "pages heavier than this are listed"),
        ],
        vars: &["slow_pages"],
        check: check_non_negative_thresholds,
        eval: eval_speed,
        hand: None,
    },
    Rule {
        name: "site_broken_links",
        source: SourceKind::Site,
        doc: "Distinct link, image and form-action targets on the site that answer with an error (4xx, 5xx) or \
              not at all, each listed with a page it is found on.",
        params: &[
            number("pass", "0", "broken targets for full marks"),
            number("fail", "10", "broken targets that earn nothing"),
        ],
        vars: &["broken"],
        check: check_non_negative_thresholds,
        eval: eval_broken,
        hand: None,
    },
    Rule {
        name: "site_contacts",
        source: SourceKind::Site,
        doc: "Phone (tel: link or a number in the text), email (mailto: or an address in the text) and postal \
              address are found on the home page or within `max_clicks` of it. An address is a street word next \
              to a house number, the text after an \"Address:\" label, an <address> with a number, a map embed \
              or structured data (the street words, labels and map providers are `[address]` in \
              checklists/keywords.toml); the evidence quotes the text taken as the address.",
        params: &[
            text_list("require", "[\"phone\", \"email\", \"address\"]", "contact details that must be found"),
            number("max_clicks", "1", "how far from the home page they may be"),
            number("pass", "1", "share of required details found for full marks"),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_contacts,
        eval: eval_contacts,
        hand: None,
    },
    found_rule(
        "site_opening_hours",
        "Opening hours (keywords of checklists/keywords.toml, or openingHours in structured data) on the home page \
         or a page one click from it.",
        eval_hours,
    ),
    found_rule(
        "site_feedback_form",
        "A contact form: one that takes a message, or a way to reach the customer (phone or email); its kind \
         (message, booking or order, callback, subscription) is evidence. Its action must answer (a form whose \
         action is broken scores half).",
        eval_feedback,
    ),
    Rule {
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
        eval: eval_prices,
        hand: None,
    },
    Rule {
        name: "site_terms",
        source: SourceKind::Site,
        doc: "Guarantee, refund and delivery terms each have a page whose title, h1 or path names them, or a \
              section of a page (a heading or labelled block) that does (keywords of checklists/keywords.toml); \
              the evidence names the page and the heading.",
        params: &[
            text_list(
                "require",
                "[\"guarantee\", \"refund\", \"delivery\"]",
                "the terms (keyword signals) that must be found",
            ),
            number("pass", "1", "share of required terms found for full marks"),
            number("fail", "0.34", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
        eval: eval_terms,
        hand: None,
    },
    found_rule(
        "site_loyalty_page",
        "A loyalty program page (title, h1 or path with a loyalty keyword, or a section headed so) whose links \
         work: a broken join or activation link scores 0.3.",
        eval_loyalty,
    ),
    share_rule(
        "site_accessibility",
        "Share of pages that pass the accessibility audits Lighthouse runs on static HTML (image-alt, label, \
         link-name, button-name, heading-order, html-has-lang, html-lang-valid, meta-viewport), as axe-core \
         decides them; the failing audits are listed per page by their Lighthouse ids.",
        eval_accessibility,
    ),
    Rule {
        name: "site_structured_data",
        source: SourceKind::Site,
        doc: "JSON-LD describing the business (LocalBusiness or a subtype) with name, address, telephone and opening \
              hours. Rating markup the business publishes about itself is shown but not scored: search engines \
              give no stars for self-serving reviews.",
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
        eval: eval_structured,
        hand: None,
    },
    Rule {
        name: "site_social_links",
        source: SourceKind::Site,
        doc: "Distinct social profiles (domains in checklists/keywords.toml) linked from the site.",
        params: &[
            number("pass", "2", "linked profiles for full marks"),
            number("fail", "0", "linked profiles that earn nothing"),
        ],
        vars: &["profiles"],
        check: check_non_negative_thresholds,
        eval: eval_social,
        hand: None,
    },
    found_rule("site_chat", "A chat widget or messenger link (WhatsApp, Telegram, Viber ...) on the site.", eval_chat),
    found_rule(
        "site_newsletter",
        "A newsletter sign-up: newsletter words and a form with an email field on the same page.",
        eval_newsletter,
    ),
    Rule {
        name: "site_privacy_policy",
        source: SourceKind::Site,
        doc: "Share of the pages with a form that collects personal data (a contact, callback, order or \
              subscription form) from which a privacy or personal-data policy is reachable: a link whose text \
              or path names it, a section headed so, or the page itself being the policy (`signals.privacy` \
              of checklists/keywords.toml). A broken policy link does not count. A site with no such form \
              passes when it publishes a policy at all (analytics and cookies process personal data too).",
        params: &[
            number("pass", "1", "share of form pages with a policy for full marks"),
            number("fail", "0", "share that earns nothing"),
        ],
        vars: &["pages"],
        check: check_share_thresholds,
        eval: eval_privacy,
        hand: None,
    },
    Rule {
        name: "site_legal_details",
        source: SourceKind::Site,
        doc: "The legal entity behind the site is named with its registration number on some page (the footer, \
              contacts or a details page): a legal form with a name (\"ООО «Ромашка»\", \"ИП Иванов\", \"Acme \
              Ltd\") and a number after its label (ИНН, ОГРН, ОГРНИП, УНП, БИН, ЄДРПОУ, company number, VAT id: \
              `[legal]` of checklists/keywords.toml). Either alone scores half.",
        params: &[FOUND_PASS, FOUND_FAIL],
        vars: &["where", "missing"],
        check: check_share_thresholds,
        eval: eval_legal,
        hand: None,
    },
    found_rule(
        "site_reviews_on_site",
        "Customer reviews or testimonials shown on the site: a page or a section headed so (`signals.reviews` \
         of checklists/keywords.toml), a review platform's widget (`[reviews_on_site] widgets`), or reviews in \
         its schema.org markup.",
        eval_reviews_on_site,
    ),
];

fn check_contacts(params: &Params) -> Result<(), String> {
    check_share_thresholds(params)?;
    let clicks = params.num("max_clicks");
    if !(0.0..=3.0).contains(&clicks) || clicks.fract() != 0.0 {
        return Err("`max_clicks` must be 0, 1, 2 or 3".to_string());
    }
    for item in params.list("require") {
        if !["phone", "email", "address"].contains(&item) {
            return Err(format!("`require` lists `{item}`; it takes phone, email and address"));
        }
    }
    Ok(())
}

fn check_prices(params: &Params) -> Result<(), String> {
    check_non_negative_thresholds(params)?;
    glob::Pattern::new(params.text("path")).map(|_| ()).map_err(|e| format!("`path` is not a valid glob: {e}"))
}

/// The crawl's facts, or why there are none.
/// The site's facts for every rule but `site_reachable`: a site that did not answer leaves them not assessed
/// (saying so), never measured on nothing (no pages would read as "no broken links").
pub(super) fn site<'a>(input: &'a RuleInput) -> Result<&'a SiteFacts, Outcome> {
    let site = collected(&input.evidence.site)?;
    match site.did_not_answer() {
        Some(reason) => Err(Outcome::NotAssessed(reason)),
        None => Ok(site),
    }
}

pub(super) fn pages(site: &SiteFacts) -> Result<Vec<(&PageRecord, &HtmlFacts)>, Outcome> {
    let pages: Vec<_> = site.html_pages().collect();
    if pages.is_empty() {
        // A site that did not answer never gets here: `site()` said so already.
        return Err(Outcome::NotAssessed(msg!("site-no-html", site = site.start_url.as_str())));
    }
    Ok(pages)
}

/// Scores the share of pages for which `problem` finds nothing wrong; the problems are the evidence.
pub(super) fn page_share(
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
pub(super) fn found(input: &RuleInput, value: f64, text: Text, evidence: Vec<EvidenceItem>, place: &str) -> Evaluated {
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
fn near_home(site: &SiteFacts, clicks: u32) -> Vec<(&PageRecord, &HtmlFacts)> {
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

fn eval_reachable(input: &RuleInput) -> Evaluated {
    let site = collected(&input.evidence.site)?;
    let Some(home) = site.home() else {
        // robots.txt itself got no answer: the site does not answer, which is this touchpoint's very subject.
        if let (Some(why), Some(text)) = (site.not_answering(), site.did_not_answer()) {
            let thresholds = Thresholds { pass: 1.0, fail: 0.0 };
            return Ok(Measurement {
                value: 0.0,
                judged: 0.0,
                text: text.clone(),
                target: msg!("site-answers-2xx"),
                thresholds,
                evidence: vec![EvidenceItem::new(EvidenceKind::Problem, text)],
                vars: Vec::new(),
                sample: None,
            }
            .var("status", why));
        }
        let reason =
            if site.skipped.robots > 0 { msg!("site-start-disallowed") } else { msg!("site-start-not-fetched") };
        return Err(Outcome::NotAssessed(reason));
    };
    let mut evidence = Vec::new();
    let (value, text, status) = match (&home.error, home.status) {
        (Some(error), _) => (0.0, error.describe(), error.kind.label()),
        (None, Some(status)) if home.is_ok() => (1.0, msg!("page-answered", status = status), Text::from(status)),
        (None, Some(status)) => (0.0, msg!("page-answered", status = status), Text::from(status)),
        (None, None) => (0.0, msg!("site-no-answer"), Text::given("none")),
    };
    evidence.push(EvidenceItem::new(EvidenceKind::Figure, Text::at(home.url.to_string(), text.clone())));
    evidence.push(EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-pages-read", pages = site.pages_crawled, fetched = site.pages.len()),
    ));
    for note in &site.notes {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, note.text()));
    }
    let js: Vec<Text> = site
        .html_pages()
        .filter(|(_, h)| h.js_rendered)
        .map(|(p, _)| msg!("site-js-rendered", page = p.final_url.as_str()))
        .collect();
    evidence.extend(listed(EvidenceKind::Problem, js));
    let thresholds = Thresholds { pass: 1.0, fail: 0.0 };
    Ok(Measurement {
        value,
        judged: value,
        text,
        target: msg!("site-answers-2xx"),
        thresholds,
        evidence,
        vars: Vec::new(),
        sample: None,
    }
    .var("status", status))
}

fn eval_https(input: &RuleInput) -> Evaluated {
    page_share(input, |_, p, _| (!p.final_url.starts_with("https://")).then(|| msg!("site-plain-http")))
}

fn eval_viewport(input: &RuleInput) -> Evaluated {
    page_share(input, |_, _, h| match &h.viewport {
        None => Some(msg!("site-no-viewport")),
        Some(v) if !v.to_ascii_lowercase().contains("width=device-width") => {
            Some(msg!("site-viewport-not-device", viewport = v.as_str()))
        }
        Some(_) => None,
    })
}

fn eval_speed(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let mut times: Vec<f64> = pages.iter().map(|(p, _)| p.response_ms as f64).collect();
    times.sort_unstable_by(f64::total_cmp);
    // One quantile for the whole tool (the reviews' reply times use it too): linear, as numpy and pandas.
    let median = crate::stats::quantile(&times, 0.5).unwrap_or(0.0);
    let p90 = crate::stats::quantile(&times, 0.9).unwrap_or(0.0).round();
    let params = input.params();
    let mut slowest: Vec<&PageRecord> = pages.iter().map(|(p, _)| *p).collect();
    slowest.sort_by(|a, b| b.response_ms.cmp(&a.response_ms).then_with(|| a.final_url.cmp(&b.final_url)));
    let slow: Vec<Text> = slowest
        .iter()
        .filter(|p| p.response_ms as f64 > params.num("fail"))
        .map(|p| Text::at(p.final_url.to_string(), msg!("unit-ms", ms = p.response_ms)))
        .collect();
    let heavy: Vec<Text> = pages
        .iter()
        .filter(|(p, _)| p.bytes as f64 > params.num("max_page_kb") * 1024.0)
        .map(|(p, _)| {
            let size = if p.truncated { "site-page-kb-cut" } else { "site-page-kb" };
            Text::at(p.final_url.to_string(), Text::message(size, [("kb", Text::from(p.bytes / 1024))]))
        })
        .collect();
    let mut evidence = vec![EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-speed-figure", median = median, p90 = p90, pages = times.len()),
    )];
    let slow_count = slow.len();
    evidence.extend(listed(EvidenceKind::Problem, slow));
    evidence.extend(listed(EvidenceKind::Problem, heavy));
    let m = Measurement::thresholded(median, params, |v| msg!("unit-ms", ms = v.round()));
    Ok(m.with_evidence(evidence).var("slow_pages", slow_count).on_sample(Sample::Timing))
}

fn eval_broken(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let targets: BTreeSet<&str> = site.broken_links.iter().map(|b| b.to.as_str()).collect();
    let items = site
        .broken_links
        .iter()
        .map(|b| msg!("site-broken-item", target = b.to.as_str(), why = b.why(), page = b.from.as_str()));
    let count = targets.len() as f64;
    let m = Measurement::thresholded(count, input.params(), |v| msg!("site-n-broken", count = v));
    Ok(m.with_evidence(listed(EvidenceKind::Problem, items)).var("broken", targets.len()))
}

fn eval_contacts(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let params = input.params();
    let near = near_home(site, params.num("max_clicks") as u32);
    if near.is_empty() {
        return Err(Outcome::NotAssessed(msg!("site-home-unread")));
    }
    let has = |what: &str, h: &HtmlFacts| match what {
        "phone" => !h.tel.is_empty() || h.phone_in_text,
        "email" => !h.mailto.is_empty() || h.email_in_text,
        _ => h.address.is_some() || h.map.is_some(),
    };
    let required = params.list("require");
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    let contact = |what: &str| msg!("site-contact", what = what);
    for what in &required {
        // The address a person would read: text first, a map only when no page near home writes it out.
        let hit = match *what {
            "address" => {
                near.iter().find(|(_, h)| h.address.is_some()).or_else(|| near.iter().find(|(_, h)| has(what, h)))
            }
            _ => near.iter().find(|(_, h)| has(what, h)),
        };
        match hit {
            Some((p, h)) if *what == "address" => {
                let page = p.final_url.as_str();
                let text = match (&h.address, &h.map) {
                    (Some(a), _) => msg!("site-address-on", address = a.text.as_str(), page = page),
                    (None, Some(map)) => msg!("site-map-on", map = map.as_str(), page = page),
                    (None, None) => msg!("site-found-on", what = contact(what), page = page),
                };
                evidence.push(EvidenceItem::new(EvidenceKind::Figure, text));
            }
            Some((p, _)) => evidence.push(EvidenceItem::new(
                EvidenceKind::Figure,
                msg!("site-found-on", what = contact(what), page = p.final_url.as_str()),
            )),
            None => missing.push(contact(what)),
        }
    }
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(
            EvidenceKind::Problem,
            msg!("site-not-near-home", missing = Text::join(missing.clone(), ", ")),
        ));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!(
        "site-contacts-found",
        found = required.len() - missing.len(),
        required = required.len(),
        clicks = params.num("max_clicks")
    );
    Ok(m.with_evidence(evidence).var("missing", Text::join(missing, ", ")))
}

fn eval_hours(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let near = near_home(site, 1);
    if near.is_empty() {
        return Err(Outcome::NotAssessed(msg!("site-home-unread")));
    }
    let hours = site.signal("hours");
    let hit = near.iter().find(|(_, h)| {
        h.text_signals & hours != 0
            || h.structured.iter().any(|s| s.properties.iter().any(|p| p.starts_with("openingHours")))
    });
    match hit {
        Some((p, _)) => {
            found(input, 1.0, msg!("site-stated-on", page = p.final_url.as_str()), Vec::new(), &p.final_url)
        }
        None => found(
            input,
            0.0,
            msg!("site-hours-not-found"),
            vec![EvidenceItem::new(EvidenceKind::Problem, msg!("site-near-checked", count = near.len()))],
            "",
        ),
    }
}

fn eval_feedback(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    // A form counts by what it collects: a message, or a way to reach the customer (a callback form with name
    // and phone is how most small businesses take contact).
    let forms: Vec<(&PageRecord, Option<&str>, FormKind)> = site
        .html_pages()
        .flat_map(|(p, h)| {
            h.forms.iter().filter_map(move |f| f.contact_kind().map(|kind| (p, f.action.as_deref(), kind)))
        })
        .collect();
    let Some(&(page, _, kind)) = forms.first() else {
        return found(input, 0.0, msg!("site-no-form"), Vec::new(), "");
    };
    let broken: Vec<Text> = forms
        .iter()
        .filter_map(|(p, action, _)| {
            let action = (*action)?;
            let target = site.broken_links.iter().find(|b| b.to == action && b.from == p.final_url)?;
            Some(msg!("site-form-broken", page = p.final_url.as_str(), action = action, answer = target.why()))
        })
        .collect();
    let page_url = page.final_url.as_str();
    if broken.len() == forms.len() {
        let text = msg!("site-form-unreached", page = page_url);
        return found(input, 0.5, text, listed(EvidenceKind::Problem, broken), page_url);
    }
    let kind = match kind {
        FormKind::Message => msg!("form-kind-message"),
        FormKind::Booking => msg!("form-kind-booking"),
        FormKind::Callback => msg!("form-kind-callback"),
        FormKind::Subscription => msg!("form-kind-subscription"),
    };
    let text = msg!("site-form-on", kind = kind, page = page_url);
    found(input, 1.0, text, listed(EvidenceKind::Problem, broken), page_url)
}

fn eval_prices(input: &RuleInput) -> Evaluated {
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

fn eval_terms(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let params = input.params();
    let required = params.list("require");
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    for term in &required {
        let bit = site.signal(term);
        let name = msg!("site-term", term = *term);
        // A page about it first; else a section of a page headed so.
        let page = pages.iter().find(|(_, h)| h.topic_signals & bit != 0);
        match (page, section_on(&pages, bit)) {
            (Some((p, _)), _) => {
                evidence.push(EvidenceItem::new(EvidenceKind::Figure, Text::at(name.clone(), &p.final_url)))
            }
            (None, Some((p, heading))) => evidence.push(EvidenceItem::new(
                EvidenceKind::Figure,
                msg!("site-term-section", term = name.clone(), heading = heading, page = p.final_url.as_str()),
            )),
            (None, None) => missing.push(name),
        }
    }
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(
            EvidenceKind::Problem,
            msg!("site-no-page-for", missing = Text::join(missing.clone(), ", ")),
        ));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("n-of-m-found", found = required.len() - missing.len(), total = required.len());
    Ok(m.with_evidence(evidence).var("missing", Text::join(missing, ", ")))
}

/// The first page with a section whose heading names the topic `bit`, and the heading.
fn section_on<'a>(pages: &[(&'a PageRecord, &'a HtmlFacts)], bit: u32) -> Option<(&'a PageRecord, &'a str)> {
    pages.iter().find_map(|(p, h)| h.sections.iter().find(|s| s.signals & bit != 0).map(|s| (*p, s.heading.as_str())))
}

fn eval_loyalty(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let bit = site.signal("loyalty");
    let pages: Vec<_> = site.html_pages().collect();
    let page = pages.iter().find(|(_, h)| h.topic_signals & bit != 0).map(|(p, h)| (*p, *h));
    let page = page.or_else(|| pages.iter().find(|(_, h)| h.sections.iter().any(|s| s.signals & bit != 0)).copied());
    let Some((page, _)) = page else {
        return found(input, 0.0, msg!("site-no-loyalty"), Vec::new(), "");
    };
    let broken: Vec<Text> = site
        .broken_links
        .iter()
        .filter(|b| b.from == page.final_url)
        .map(|b| msg!("site-links-to-broken", page = b.from.as_str(), target = b.to.as_str(), answer = b.why()))
        .collect();
    let page_url = page.final_url.as_str();
    if broken.is_empty() {
        found(input, 1.0, msg!("site-page-works", page = page_url), Vec::new(), page_url)
    } else {
        let text = msg!("site-page-broken-links", page = page_url);
        found(input, 0.3, text, listed(EvidenceKind::Problem, broken), page_url)
    }
}

fn eval_accessibility(input: &RuleInput) -> Evaluated {
    use crate::gather::site::checks::{ACCESSIBILITY, CheckVerdict};
    // A page passes when every accessibility audit Lighthouse would run on its HTML passes (or does not
    // apply); the failing ones are named as Lighthouse names them, with how many elements fail.
    page_share(input, |_, _, h| {
        let failing: Vec<Text> = ACCESSIBILITY
            .iter()
            .filter_map(|id| {
                let check = h.checks.get(id)?;
                (check.verdict == CheckVerdict::Fail).then(|| match check.items.len() {
                    0 | 1 => Text::given(*id),
                    n => Text::from(format!("{id} ({n})")),
                })
            })
            .collect();
        (!failing.is_empty()).then(|| msg!("site-failing-audits", audits = Text::join(failing, ", ")))
    })
}

fn eval_structured(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let params = input.params();
    let required = params.list("require");
    let has = |props: &[String], want: &str| {
        props.iter().any(|p| p == want || (want == "openingHours" && p == "openingHoursSpecification"))
    };
    let best = site
        .html_pages()
        .flat_map(|(p, h)| h.structured.iter().filter(|s| s.business).map(move |s| (p, s)))
        .max_by_key(|(_, s)| required.iter().filter(|r| has(&s.properties, r)).count());
    let Some((page, item)) = best else {
        return Ok(Measurement::thresholded(0.0, params, Text::pct)
            .with_evidence(vec![EvidenceItem::new(EvidenceKind::Problem, msg!("site-no-structured"))])
            .var("missing", required.join(", ")));
    };
    let missing: Vec<&str> = required.iter().copied().filter(|r| !has(&item.properties, r)).collect();
    let mut evidence = vec![EvidenceItem::new(
        EvidenceKind::Figure,
        msg!("site-types-on", types = item.types.join(", "), page = page.final_url.as_str()),
    )];
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("site-missing", missing = missing.join(", "))));
    }
    if item.properties.iter().any(|p| p == "aggregateRating" || p == "review") {
        evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("site-self-rating")));
    }
    let share = if required.is_empty() { 1.0 } else { (required.len() - missing.len()) as f64 / required.len() as f64 };
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("site-n-of-m-properties", found = required.len() - missing.len(), total = required.len());
    Ok(m.with_evidence(evidence).var("missing", missing.join(", ")))
}

fn eval_social(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let profiles: BTreeSet<&str> = site.html_pages().flat_map(|(_, h)| h.social.iter().map(String::as_str)).collect();
    let count = profiles.len();
    let m = Measurement::thresholded(count as f64, input.params(), |v| msg!("site-n-profiles", count = v));
    let mut evidence = listed(EvidenceKind::Figure, profiles.iter().map(|p| p.to_string()));
    evidence.extend(schemeless_links(site));
    Ok(m.with_evidence(evidence).var("profiles", count))
}

/// Messenger and social links written without a scheme, each with its page: links that lead nowhere.
fn schemeless_links(site: &SiteFacts) -> Vec<EvidenceItem> {
    site.html_pages()
        .flat_map(|(p, h)| h.schemeless.iter().map(move |href| (href, p)))
        .map(|(href, p)| {
            let text = msg!("site-link-no-scheme", href = href.as_str(), page = p.final_url.as_str());
            EvidenceItem::new(EvidenceKind::Problem, Text::at(p.final_url.clone(), text))
        })
        .collect()
}

fn eval_chat(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let hit = site.html_pages().find(|(_, h)| h.chat_widget || !h.messengers.is_empty());
    let broken = schemeless_links(site);
    match hit {
        Some((p, h)) => {
            let what = if h.chat_widget { msg!("site-chat-widget") } else { h.messengers.join(", ").into() };
            found(input, 1.0, msg!("site-what-on", what = what, page = p.final_url.as_str()), broken, &p.final_url)
        }
        // A messenger link that leads nowhere is no way to reach the business, and the report says exactly that.
        None if !broken.is_empty() => found(input, 0.0, msg!("site-messenger-broken"), broken, ""),
        None => found(input, 0.0, msg!("site-no-chat"), Vec::new(), ""),
    }
}

fn eval_newsletter(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let bit = site.signal("newsletter");
    let hit = site.html_pages().find(|(_, h)| h.text_signals & bit != 0 && h.forms.iter().any(|f| f.has_email));
    match hit {
        Some((p, _)) => {
            found(input, 1.0, msg!("site-signup-on", page = p.final_url.as_str()), Vec::new(), &p.final_url)
        }
        None => found(input, 0.0, msg!("site-no-newsletter"), Vec::new(), ""),
    }
}

fn eval_privacy(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let bit = site.signal("privacy");
    let broken = |from: &str, to: &str| site.broken_links.iter().any(|b| b.from == from && b.to == to);
    // How a page leads to the policy: it is the policy, it has a section on it, or it links to it.
    let policy_from = |p: &PageRecord, h: &HtmlFacts| -> Option<Text> {
        let page = p.final_url.as_str();
        if h.topic_signals & bit != 0 {
            return Some(msg!("site-privacy-page", page = page));
        }
        if let Some(section) = h.sections.iter().find(|s| s.signals & bit != 0) {
            return Some(msg!("site-privacy-section", heading = section.heading.as_str(), page = page));
        }
        let link = h.privacy_link.as_deref().filter(|l| !broken(page, l))?;
        Some(msg!("site-privacy-link", target = link, page = page))
    };
    let with_forms: Vec<_> = pages.iter().filter(|(_, h)| h.forms.iter().any(|f| f.contact_kind().is_some())).collect();
    let params = input.params();
    if with_forms.is_empty() {
        // No form takes contacts, but analytics and cookies still process personal data: a policy is due.
        let (value, evidence) = match pages.iter().find_map(|(p, h)| policy_from(p, h)) {
            Some(how) => (1.0, EvidenceItem::new(EvidenceKind::Figure, how)),
            None => (0.0, EvidenceItem::new(EvidenceKind::Problem, msg!("site-privacy-no-forms"))),
        };
        let mut m = Measurement::thresholded(value, params, Text::pct);
        m.text = msg!("site-privacy-share", good = 0, total = 0);
        return Ok(m.with_evidence(vec![evidence]).var("pages", 0));
    }
    let mut evidence = Vec::new();
    let mut without = Vec::new();
    for (p, h) in &with_forms {
        match policy_from(p, h) {
            Some(how) if evidence.is_empty() => evidence.push(EvidenceItem::new(EvidenceKind::Figure, how)),
            Some(_) => {}
            None => {
                let link_broken = h.privacy_link.as_deref().filter(|l| broken(&p.final_url, l));
                without.push(match link_broken {
                    Some(link) => msg!("site-privacy-link-broken", page = p.final_url.as_str(), target = link),
                    None => msg!("site-privacy-missing", page = p.final_url.as_str()),
                });
            }
        }
    }
    let total = with_forms.len();
    let share = (total - without.len()) as f64 / total as f64;
    let mut m = Measurement::thresholded(share, params, Text::pct);
    m.text = msg!("site-privacy-share", good = total - without.len(), total = total);
    let count = without.len();
    evidence.extend(listed(EvidenceKind::Problem, without));
    Ok(m.with_evidence(evidence).var("pages", count))
}

fn eval_legal(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    // A page that states both is the best evidence; else the first that states each.
    let both = pages.iter().find(|(_, h)| h.legal_entity.is_some() && h.legal_number.is_some());
    let entity = both.or_else(|| pages.iter().find(|(_, h)| h.legal_entity.is_some()));
    let number = both.or_else(|| pages.iter().find(|(_, h)| h.legal_number.is_some()));
    let mut evidence = Vec::new();
    let mut missing = Vec::new();
    match entity {
        Some((p, h)) => evidence.push(EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("site-legal-entity-on", entity = h.legal_entity.as_deref().unwrap_or(""), page = p.final_url.as_str()),
        )),
        None => missing.push(msg!("legal-entity")),
    }
    match number {
        Some((p, h)) => evidence.push(EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("site-legal-number-on", number = h.legal_number.as_deref().unwrap_or(""), page = p.final_url.as_str()),
        )),
        None => missing.push(msg!("legal-number")),
    }
    let value = 1.0 - 0.5 * missing.len() as f64;
    let text = match missing.len() {
        0 => msg!("site-legal-stated"),
        2 => msg!("site-legal-none", pages = pages.len()),
        _ => msg!("site-legal-missing", missing = Text::join(missing.clone(), ", ")),
    };
    let place = entity.or(number).map_or("", |(p, _)| p.final_url.as_str());
    Ok(found(input, value, text, evidence, place)?.var("missing", Text::join(missing, ", ")))
}

fn eval_reviews_on_site(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let pages = pages(site)?;
    let bit = site.signal("reviews");
    let shown = |p: &PageRecord, h: &HtmlFacts| -> Option<Text> {
        let page = p.final_url.as_str();
        if let Some(widget) = &h.review_widget {
            return Some(msg!("site-reviews-widget", widget = widget.as_str(), page = page));
        }
        if h.topic_signals & bit != 0 {
            return Some(msg!("site-reviews-page", page = page));
        }
        if let Some(section) = h.sections.iter().find(|s| s.signals & bit != 0) {
            return Some(msg!("site-reviews-section", heading = section.heading.as_str(), page = page));
        }
        (h.reviews_marked > 0).then(|| msg!("site-reviews-marked", page = page))
    };
    match pages.iter().find_map(|(p, h)| shown(p, h).map(|how| (p, how))) {
        Some((p, how)) => found(input, 1.0, how, Vec::new(), &p.final_url),
        None => found(input, 0.0, msg!("site-no-reviews"), Vec::new(), ""),
    }
}

/// The custom checks (`page_text`, `selector`): share of the pages under `path` where the check gives `present`.
pub fn eval_custom(input: &RuleInput) -> Evaluated {
    let site = site(input)?;
    let Some(index) = site.custom_ids.iter().position(|id| *id == input.touchpoint.id) else {
        return Err(Outcome::NotAssessed(msg!("site-check-not-run")));
    };
    let params = input.params();
    let glob = glob::Pattern::new(params.text("path")).ok();
    let present = params.flag("present");
    let in_path = |p: &PageRecord| {
        let path = url::Url::parse(&p.final_url).map(|u| u.path().to_string()).unwrap_or_default();
        glob.as_ref().is_some_and(|g| g.matches(&path))
    };
    if !site.html_pages().any(|(p, _)| in_path(p)) {
        return Err(Outcome::NotAssessed(msg!("site-no-page-matches", path = params.text("path"))));
    }
    page_share(input, |_, p, h| {
        if !in_path(p) {
            return None;
        }
        let matched = h.custom.get(index).copied().unwrap_or(false);
        (matched != present).then(|| if present { msg!("site-check-missing") } else { msg!("site-check-found") })
    })
}
