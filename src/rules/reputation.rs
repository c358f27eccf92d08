//! Rules over reviews and mentions: rating, volume, recency, replies, unanswered negatives, canned replies,
//! presence on the expected platforms, mention tone and volume. Windows count back from the audit date.

use chrono::NaiveDate;

use super::params::{check_non_negative_thresholds, check_share_thresholds, number, text_list};
use super::site::listed;
use super::{
    EvidenceItem, EvidenceKind, Measurement, Outcome, Params, Rule, RuleInput, SourceKind, collected, fmt_num, fmt_pct,
};
use crate::gather::lexicon::Tone;
use crate::gather::reviews::{Review, ReviewFacts, metrics};

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
        eval: Some(eval_rating),
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
        eval: Some(eval_volume),
    },
    Rule {
        name: "review_recency",
        source: SourceKind::Reviews,
        doc: "Days since the newest review on any platform.",
        params: &[number("pass", "14", "days for full marks"), number("fail", "90", "days that earn nothing")],
        vars: &["days"],
        check: check_non_negative_thresholds,
        eval: Some(eval_recency),
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
        eval: Some(eval_response_rate),
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
        eval: Some(eval_response_time),
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
        eval: Some(eval_unanswered_negative),
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
        eval: Some(eval_platforms),
    },
    Rule {
        name: "review_canned_replies",
        source: SourceKind::Reviews,
        doc: "Share of owner replies whose text is identical to another reply.",
        params: &[number("pass", "0.1", "share for full marks"), number("fail", "0.5", "share that earns nothing")],
        vars: &["canned"],
        check: check_share_thresholds,
        eval: Some(eval_canned_replies),
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
        eval: Some(eval_mention_tone),
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
        eval: Some(eval_mention_volume),
    },
];

/// Characters of a review or mention quoted in evidence at most.
const EXCERPT_CHARS: usize = 160;

fn window(params: &Params) -> u32 {
    params.num("window_days").max(1.0) as u32
}

fn reviews<'a>(input: &'a RuleInput) -> Result<&'a ReviewFacts, Outcome> {
    collected(&input.evidence.reviews)
}

fn excerpt(text: Option<&str>) -> String {
    let text = text.unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > EXCERPT_CHARS {
        format!("“{}…”", text.chars().take(EXCERPT_CHARS).collect::<String>())
    } else if text.is_empty() {
        "(no text)".to_string()
    } else {
        format!("“{text}”")
    }
}

/// A review as one evidence line: date, platform, stars, excerpt, with its link (or where it was read).
pub fn review_line(review: &Review) -> EvidenceItem {
    EvidenceItem::new(
        EvidenceKind::Review,
        format!(
            "{} · {} · {}★ · {}",
            review.created.date_naive(),
            review.platform,
            fmt_num(review.stars),
            excerpt(review.text.as_deref())
        ),
    )
    .from_source(review.link.as_deref().map_or_else(|| review.place(), str::to_string))
}

fn figure(text: String) -> EvidenceItem {
    EvidenceItem::new(EvidenceKind::Figure, text)
}

fn none_before(as_of: NaiveDate, days: Option<u32>, what: &str) -> Outcome {
    Outcome::NotAssessed(match days {
        Some(days) => format!("no {what} in the {days} days before {as_of}"),
        None => format!("no {what} up to {as_of}"),
    })
}

macro_rules! source {
    ($e:expr) => {
        match $e {
            Ok(facts) => facts,
            Err(outcome) => return outcome,
        }
    };
}

fn eval_rating(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let (platforms, overall) = metrics::ratings(&facts.reviews, input.as_of);
    let Some(overall) = overall else { return none_before(input.as_of, None, "review") };
    let count: usize = platforms.iter().map(|p| p.count).sum();
    let mut evidence: Vec<EvidenceItem> = platforms
        .iter()
        .map(|p| figure(format!("{}: {}★ from {} reviews", p.platform, fmt_num(p.average), p.count)))
        .collect();
    for source in facts.sources.iter() {
        if let Some(aggregate) = &source.aggregate {
            let count = aggregate.count.map_or(String::new(), |c| format!(" from {c} reviews"));
            let note = if aggregate.self_published {
                " (published by the business about itself: search engines show no stars for it, so it is not scored)"
            } else {
                ""
            };
            evidence.push(figure(format!("{} states {}★{count}{note}", source.platform, fmt_num(aggregate.stars))));
        }
    }
    let m = Measurement::thresholded(overall, input.params(), |v| format!("{}★", fmt_num(v)));
    let text = format!("{}★ ({count} reviews)", fmt_num(overall));
    Outcome::Measured(Measurement { text, ..m }.with_evidence(evidence).var("count", count))
}

fn eval_volume(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let days = window(input.params());
    let (count, per_month) = metrics::velocity(&facts.reviews, input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| format!("{} per month", fmt_num(v)));
    let text = format!("{} per month ({count} in {days} days)", fmt_num(per_month));
    Outcome::Measured(Measurement { text, ..m }.var("count", count))
}

fn eval_recency(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let Some(days) = metrics::recency_days(&facts.reviews, input.as_of) else {
        return none_before(input.as_of, None, "review");
    };
    let m = Measurement::thresholded(days as f64, input.params(), |v| format!("{} days", fmt_num(v)));
    Outcome::Measured(m.var("days", days))
}

fn eval_response_rate(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let days = window(input.params());
    let stats = metrics::replies(&facts.reviews, input.as_of, days);
    if stats.reviews == 0 {
        return none_before(input.as_of, Some(days), "review");
    }
    let mut m = Measurement::thresholded(stats.rate, input.params(), fmt_pct);
    m.text = format!("{} of {} answered ({})", stats.replied, stats.reviews, fmt_pct(stats.rate));
    Outcome::Measured(m.var("unanswered", stats.reviews - stats.replied))
}

fn eval_response_time(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let days = window(input.params());
    let stats = metrics::replies(&facts.reviews, input.as_of, days);
    let (Some(median), Some(p90)) = (stats.median_hours, stats.p90_hours) else {
        return none_before(input.as_of, Some(days), "dated owner reply");
    };
    let hours = |v: f64| format!("{} h", fmt_num(v));
    let mut m = Measurement::thresholded(median, input.params(), hours);
    m.text = format!("median {} (90 % within {})", hours(median), hours(p90));
    let mut evidence = vec![figure(format!(
        "{} replies timed; an edited reply carries its edit time, so these are upper bounds",
        stats.timed
    ))];
    if stats.undated > 0 {
        evidence.push(figure(format!("{} replies have no date and are not timed", stats.undated)));
    }
    if stats.before_review > 0 {
        evidence.push(figure(format!(
            "{} replies are dated before their review (the review was edited later) and are not timed",
            stats.before_review
        )));
    }
    Outcome::Measured(m.with_evidence(evidence).var("p90_hours", fmt_num(p90.round())))
}

fn eval_unanswered_negative(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let params = input.params();
    let days = window(params);
    let negatives = metrics::unanswered_negative(&facts.reviews, input.as_of, days, params.num("max_stars"));
    let count = negatives.len();
    let mut m = Measurement::thresholded(count as f64, params, fmt_num);
    m.text = format!("{count} in {days} days");
    let mut evidence: Vec<EvidenceItem> =
        negatives.iter().take(super::site::MAX_LISTED_PAGES).map(|r| review_line(r)).collect();
    if count > evidence.len() {
        evidence.push(figure(format!("… {count} in all")));
    }
    Outcome::Measured(m.with_evidence(evidence).var("unanswered", count))
}

fn eval_platforms(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let from_checklist: Vec<String> = input.params().list("expect").into_iter().map(str::to_string).collect();
    let expected = if from_checklist.is_empty() { facts.expected.clone() } else { from_checklist };
    if expected.is_empty() {
        return Outcome::NotAssessed(
            "no expected platforms: list them in audit.toml, [reputation] platforms = [\"Google\", …]".to_string(),
        );
    }
    let present = facts.platforms();
    let (found, missing): (Vec<&String>, Vec<&String>) =
        expected.iter().partition(|e| present.iter().any(|p| p.eq_ignore_ascii_case(e)));
    let share = found.len() as f64 / expected.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), fmt_pct);
    m.text = format!("{} of {} expected platforms", found.len(), expected.len());
    let missing_text = missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    let mut evidence = vec![figure(format!("reviews read from: {}", present.join(", ")))];
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, format!("no reviews found on: {missing_text}")));
    }
    Outcome::Measured(m.with_evidence(evidence).var("missing", missing_text))
}

fn eval_canned_replies(input: &RuleInput) -> Outcome {
    let facts = source!(reviews(input));
    let (total, repeated, texts) = metrics::canned(&facts.reviews, input.as_of);
    if total == 0 {
        return none_before(input.as_of, None, "owner reply");
    }
    let share = repeated as f64 / total as f64;
    let mut m = Measurement::thresholded(share, input.params(), fmt_pct);
    m.text = format!("{repeated} of {total} replies repeat another ({})", fmt_pct(share));
    let evidence =
        listed(EvidenceKind::Answer, texts.into_iter().map(|(text, n)| format!("{n}× {}", excerpt(Some(&text)))));
    Outcome::Measured(m.with_evidence(evidence).var("canned", repeated))
}

fn eval_mention_tone(input: &RuleInput) -> Outcome {
    let facts = source!(collected(&input.evidence.mentions));
    let days = window(input.params());
    let mentions: Vec<_> = facts.within(input.as_of, days).collect();
    if mentions.is_empty() {
        return none_before(input.as_of, Some(days), "mention");
    }
    let negative: Vec<_> = mentions.iter().filter(|m| m.tone == Tone::Negative).collect();
    let share = negative.len() as f64 / mentions.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), fmt_pct);
    m.text = format!("{} of {} negative ({})", negative.len(), mentions.len(), fmt_pct(share));
    let mut evidence: Vec<EvidenceItem> = negative
        .iter()
        .rev()
        .take(super::site::MAX_LISTED_PAGES)
        .map(|mention| {
            EvidenceItem::new(
                EvidenceKind::Mention,
                format!("{} · {}", mention.published.date_naive(), excerpt(Some(&mention.title))),
            )
            .from_source(mention.link.clone().unwrap_or_else(|| mention.feed.clone()))
        })
        .collect();
    if negative.len() > evidence.len() {
        evidence.push(figure(format!("… {} negative mentions in all", negative.len())));
    }
    let count = negative.len();
    Outcome::Measured(m.with_evidence(evidence).var("negative", count))
}

fn eval_mention_volume(input: &RuleInput) -> Outcome {
    let facts = source!(collected(&input.evidence.mentions));
    let days = window(input.params());
    let count = facts.within(input.as_of, days).count();
    let per_month = facts.per_month(input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| format!("{} per month", fmt_num(v)));
    let text = format!("{} per month ({count} in {days} days)", fmt_num(per_month));
    Outcome::Measured(Measurement { text, ..m }.var("count", count))
}
