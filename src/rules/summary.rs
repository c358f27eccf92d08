//! What the report shows of reviews and mentions at a glance (distribution, months, replies, unanswered
//! negatives, themes, tone), computed once at evaluation from the evidence and the checklist's windows, so
//! the report model only copies it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::registry;
use crate::config::Audit;
use crate::config::checklist::Checklist;
use crate::config::lexicon::Tone;
use crate::gather::Evidence;
use crate::gather::reviews::metrics::{self, Month, PlatformRating, ReplyStats, Theme};
use crate::stats::round;

/// Reviews and mentions at a glance, over the windows of the checklist's reputation touchpoints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReputationSummary {
    pub reviews: Option<ReviewSummary>,
    pub mentions: Option<MentionSummary>,
    /// The listings' name, address, phone and website against the reference, for the report's NAP table.
    #[serde(default)]
    pub listings: Option<super::listings::NapTable>,
    /// Each listing's profile card (`listings.profile`), for the report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profiles: Vec<super::listings::ProfileCard>,
    /// Listings of one platform with different ids that share a phone or an address.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub duplicates: Vec<super::listings::Duplicate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewSummary {
    /// Reviews up to the audit date, after duplicates across sources were removed.
    pub count: usize,
    pub duplicates_removed: usize,
    pub average: Option<f64>,
    pub platforms: Vec<PlatformRating>,
    /// Reviews with 1, 2, 3, 4 and 5 stars.
    pub distribution: [usize; 5],
    /// The last 24 months, oldest first.
    pub monthly: Vec<Month>,
    pub reply_window_days: u32,
    pub replies: ReplyStats,
    pub negative_window_days: u32,
    pub negative_max_stars: f64,
    /// Unanswered negative reviews of that window, newest first.
    pub unanswered_negative: Vec<ReviewRef>,
    /// Complaint themes of the negative reviews of the reply window.
    pub themes: Vec<Theme>,
    /// How the draft replies tell a reviewer to reach a person: `[business] phone`, else the phone the site
    /// publishes (its LocalBusiness markup, then its first `tel:` link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_contact: Option<String>,
}

/// A review as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewRef {
    pub date: NaiveDate,
    pub platform: String,
    pub stars: f64,
    pub author: Option<String>,
    pub text: Option<String>,
    pub link: Option<String>,
    /// The complaint themes its text raises (theme ids of the lexicon), strongest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// The themes its draft reply answers: the strongest, and the second when it is strong too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reply_themes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionSummary {
    pub window_days: u32,
    pub count: usize,
    pub positive: usize,
    pub neutral: usize,
    pub negative: usize,
    /// Negative mentions of the window, newest first.
    pub negatives: Vec<MentionRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionRef {
    pub date: NaiveDate,
    pub title: String,
    pub link: Option<String>,
}

/// Months of review history the report charts.
const CHART_MONTHS: u32 = 24;
/// Reviews and mentions the reputation section lists at most (the counts are complete).
const MAX_LISTED_ITEMS: usize = 25;

/// A window or threshold of the checklist's touchpoint using `rule`, else the rule's own declared default
/// (from the registry: the default is written once, where the rule declares its params).
fn rule_param(checklist: &Checklist, rule: &str, name: &str) -> f64 {
    checklist.touchpoints.iter().find(|t| t.rule.name == rule && t.params.has(name)).map_or_else(
        || {
            registry::rule(rule)
                .and_then(|r| r.spec.params.iter().find(|p| p.name == name))
                .and_then(|p| p.default_value())
                .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)))
                .unwrap_or(f64::NAN)
        },
        |t| t.params.num(name),
    )
}

/// Each listing's profile card and the duplicate listings, judged by the checklist's `listings.profile`.
fn profiles(
    checklist: &Checklist,
    evidence: &Evidence,
    as_of: NaiveDate,
) -> (Vec<super::listings::ProfileCard>, Vec<super::listings::Duplicate>) {
    evidence.reviews.collected().map_or_else(Default::default, |facts| {
        let bars = super::listings::Bars::from(|name| rule_param(checklist, "listings_profile", name));
        let site = evidence.business.website.as_deref();
        (super::listings::cards(facts, bars, as_of), super::listings::duplicates(facts, site))
    })
}

/// The phone a draft reply gives: the auditor's, else the one the site publishes.
fn reply_contact(audit: &Audit, evidence: &Evidence) -> Option<String> {
    if let Some(phone) = audit.business.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        return Some(phone.to_string());
    }
    let site = evidence.site.collected()?;
    let marked = site
        .html_pages()
        .flat_map(|(_, h)| h.structured.iter())
        .find_map(|item| item.nap.as_ref().and_then(|n| n.phone.clone()));
    marked.or_else(|| site.html_pages().find_map(|(_, h)| h.tel.first().cloned()))
}

/// Reviews and mentions at a glance for the report, over the windows of the checklist's reputation
/// touchpoints: computed once here, at evaluation, and copied into the result.
pub(crate) fn summarize(audit: &Audit, evidence: &Evidence, as_of: NaiveDate) -> Option<ReputationSummary> {
    let checklist = &audit.checklist;
    let reviews = evidence.reviews.collected().map(|facts| {
        let reply_window = rule_param(checklist, "review_response_rate", "window_days") as u32;
        let negative_window = rule_param(checklist, "review_unanswered_negative", "window_days") as u32;
        let max_stars = rule_param(checklist, "review_unanswered_negative", "max_stars");
        let (platforms, average) = metrics::platform_ratings(facts, as_of);
        ReviewSummary {
            // The reviews read; `platforms` carry what each platform states, where an export says so.
            count: metrics::within(&facts.reviews, as_of, None).count(),
            duplicates_removed: facts.duplicates,
            average: average.map(|a| round(a, 2)),
            platforms: platforms.into_iter().map(|p| PlatformRating { average: round(p.average, 2), ..p }).collect(),
            distribution: metrics::distribution(&facts.reviews, as_of),
            monthly: metrics::monthly(&facts.reviews, as_of, CHART_MONTHS),
            reply_window_days: reply_window,
            replies: {
                let r = metrics::replies(&facts.reviews, as_of, reply_window);
                ReplyStats {
                    rate: round(r.rate, 4),
                    median_hours: r.median_hours.map(|h| round(h, 2)),
                    p90_hours: r.p90_hours.map(|h| round(h, 2)),
                    ..r
                }
            },
            negative_window_days: negative_window,
            negative_max_stars: max_stars,
            unanswered_negative: metrics::unanswered_negative(&facts.reviews, as_of, negative_window, max_stars)
                .into_iter()
                .take(MAX_LISTED_ITEMS)
                .map(|r| {
                    // Read once: the themes it raises, and of them those its draft answers.
                    let raised = r.text.as_deref().map_or_else(Vec::new, |t| audit.reputation.lexicon.raised(t));
                    let owned = |ids: Vec<&str>| ids.into_iter().map(str::to_string).collect();
                    ReviewRef {
                        date: r.created.date_naive(),
                        platform: r.platform.to_string(),
                        stars: round(r.stars, 2),
                        author: r.author.as_deref().map(str::to_string),
                        text: r.text.as_deref().map(str::to_string),
                        link: r.link.as_deref().map(str::to_string),
                        themes: owned(raised.iter().map(|t| t.id).collect()),
                        reply_themes: owned(crate::config::lexicon::answered(&raised)),
                    }
                })
                .collect(),
            themes: metrics::themes(&facts.reviews, as_of, (reply_window, max_stars), &audit.reputation.lexicon),
            reply_contact: reply_contact(audit, evidence),
        }
    });
    let mentions = evidence.mentions.collected().map(|facts| {
        let window = rule_param(checklist, "mention_tone", "window_days") as u32;
        let within: Vec<_> = facts.within(as_of, window).collect();
        let tone = |t: Tone| within.iter().filter(|m| m.tone == t).count();
        MentionSummary {
            window_days: window,
            count: within.len(),
            positive: tone(Tone::Positive),
            neutral: tone(Tone::Neutral),
            negative: tone(Tone::Negative),
            negatives: within
                .iter()
                .rev()
                .filter(|m| m.tone == Tone::Negative)
                .take(MAX_LISTED_ITEMS)
                .map(|m| MentionRef { date: m.published.date_naive(), title: m.title.clone(), link: m.link.clone() })
                .collect(),
        }
    });
    let listings = super::listings::nap_table(evidence);
    let (profiles, duplicates) = profiles(checklist, evidence, as_of);
    (reviews.is_some() || mentions.is_some()).then_some(ReputationSummary {
        reviews,
        mentions,
        listings,
        profiles,
        duplicates,
    })
}
