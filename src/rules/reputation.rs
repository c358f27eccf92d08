//! Rules over reviews and mentions: rating, volume, recency, replies, unanswered negatives, tone.
//!
//! Review platforms and feeds are not read by this build yet: these rules are declared with their parameters
//! so checklists can use and tune them now, and they report "not assessed" with the reason.

use super::params::{check_non_negative_thresholds, check_share_thresholds, number, text_list};
use super::{Params, Rule, SourceKind};

fn check_stars(params: &Params) -> Result<(), String> {
    for name in ["pass", "fail"] {
        if !(1.0..=5.0).contains(&params.num(name)) {
            return Err(format!("`{name}` must be a rating between 1 and 5"));
        }
    }
    Ok(())
}

pub const RULES: &[Rule] = &[
    Rule {
        name: "review_rating",
        source: SourceKind::Reviews,
        doc: "Average rating on 1-5 over all platforms, weighted by review count; other scales are normalised.",
        params: &[number("pass", "4.5", "average for full marks"), number("fail", "3.5", "average that earns nothing")],
        vars: &["count"],
        check: check_stars,
        eval: None,
    },
    Rule {
        name: "review_volume",
        source: SourceKind::Reviews,
        doc: "Reviews per month over the window (velocity).",
        params: &[
            number("window_days", "365", "the window, in days before the audit date"),
            number("pass", "4", "reviews per month for full marks"),
            number("fail", "0.5", "reviews per month that earn nothing"),
        ],
        vars: &["count"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "review_recency",
        source: SourceKind::Reviews,
        doc: "Days since the newest review on any platform.",
        params: &[number("pass", "14", "days for full marks"), number("fail", "90", "days that earn nothing")],
        vars: &["days"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "review_response_rate",
        source: SourceKind::Reviews,
        doc: "Reviews with an owner reply / reviews created in the window (a review counts in the month it was written).",
        params: &[
            number("window_days", "365", "the window, in days before the audit date"),
            number("pass", "0.8", "reply rate for full marks"),
            number("fail", "0.2", "reply rate that earns nothing"),
        ],
        vars: &["unanswered"],
        check: check_share_thresholds,
        eval: None,
    },
    Rule {
        name: "review_response_time",
        source: SourceKind::Reviews,
        doc: "Median hours from a review to the owner's reply, with the 90th percentile; an edited reply carries its \
              edit time, so the figure is an upper bound.",
        params: &[
            number("window_days", "365", "the window, in days before the audit date"),
            number("pass", "48", "median hours for full marks"),
            number("fail", "336", "median hours that earn nothing"),
        ],
        vars: &["p90_hours"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "review_unanswered_negative",
        source: SourceKind::Reviews,
        doc: "1-2 star reviews without a reply created in the window, listed with date, platform and excerpt.",
        params: &[
            number("window_days", "90", "the window, in days before the audit date"),
            number("max_stars", "2", "ratings up to this count as negative"),
            number("pass", "0", "unanswered negatives for full marks"),
            number("fail", "3", "unanswered negatives that earn nothing"),
        ],
        vars: &["unanswered"],
        check: check_non_negative_thresholds,
        eval: None,
    },
    Rule {
        name: "review_platforms",
        source: SourceKind::Reviews,
        doc: "The business is present on the platforms the audit expects.",
        params: &[
            text_list("expect", "[]", "platforms the business should be on"),
            number("pass", "1", "share of expected platforms for full marks"),
            number("fail", "0.5", "share that earns nothing"),
        ],
        vars: &["missing"],
        check: check_share_thresholds,
        eval: None,
    },
    Rule {
        name: "review_canned_replies",
        source: SourceKind::Reviews,
        doc: "Share of owner replies whose text is identical to another reply.",
        params: &[number("pass", "0.1", "share for full marks"), number("fail", "0.5", "share that earns nothing")],
        vars: &["canned"],
        check: check_share_thresholds,
        eval: None,
    },
    Rule {
        name: "mention_tone",
        source: SourceKind::Mentions,
        doc: "Share of negative mentions in the window, from an en/ru tone lexicon with negation.",
        params: &[
            number("window_days", "180", "the window, in days before the audit date"),
            number("pass", "0.1", "share of negative mentions for full marks"),
            number("fail", "0.4", "share that earns nothing"),
        ],
        vars: &["negative"],
        check: check_share_thresholds,
        eval: None,
    },
    Rule {
        name: "mention_volume",
        source: SourceKind::Mentions,
        doc: "Mentions per month in the window.",
        params: &[
            number("window_days", "180", "the window, in days before the audit date"),
            number("pass", "2", "mentions per month for full marks"),
            number("fail", "0", "mentions per month that earn nothing"),
        ],
        vars: &["count"],
        check: check_non_negative_thresholds,
        eval: None,
    },
];
