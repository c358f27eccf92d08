//! Rules over reviews and mentions: rating, volume, recency, replies, unanswered negatives, canned replies,
//! presence on the expected platforms, mention tone and volume. Windows count back from the audit date.

use super::listed;
use super::params::{check_non_negative_thresholds, check_share_thresholds, number, text_list};
use super::{
    Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Params, Rule, RuleInput, SourceKind, collected,
};
use crate::config::lexicon::Tone;
use crate::gather::reviews::{Review, ReviewFacts, metrics};
use crate::i18n::Text;
use crate::msg;
use crate::significance::{self, Sample};

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
        eval: eval_rating,
        hand: None,
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
        eval: eval_volume,
        hand: None,
    },
    Rule {
        name: "review_recency",
        source: SourceKind::Reviews,
        doc: "Days since the newest review on any platform.",
        params: &[number("pass", "14", "days for full marks"), number("fail", "90", "days that earn nothing")],
        vars: &["days"],
        check: check_non_negative_thresholds,
        eval: eval_recency,
        hand: None,
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
        eval: eval_response_rate,
        hand: None,
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
        eval: eval_response_time,
        hand: None,
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
        eval: eval_unanswered_negative,
        hand: None,
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
        eval: eval_platforms,
        hand: None,
    },
    Rule {
        name: "review_canned_replies",
        source: SourceKind::Reviews,
        doc: "Share of owner replies whose text is identical to another reply.",
        params: &[number("pass", "0.1", "share for full marks"), number("fail", "0.5", "share that earns nothing")],
        vars: &["canned"],
        check: check_share_thresholds,
        eval: eval_canned_replies,
        hand: None,
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
        eval: eval_mention_tone,
        hand: None,
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
        eval: eval_mention_volume,
        hand: None,
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

fn excerpt(text: Option<&str>) -> Text {
    let text = text.unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > EXCERPT_CHARS {
        format!("“{}…”", text.chars().take(EXCERPT_CHARS).collect::<String>()).into()
    } else if text.is_empty() {
        msg!("rev-no-text")
    } else {
        format!("“{text}”").into()
    }
}

/// A review as one evidence line: date, platform, stars, excerpt, with its link (or where it was read).
fn review_line(review: &Review) -> EvidenceItem {
    EvidenceItem::new(
        EvidenceKind::Review,
        Text::join(
            [
                Text::date(review.created.date_naive()),
                Text::given(&*review.platform),
                Text::unit(review.stars, "★"),
                excerpt(review.text.as_deref()),
            ],
            " · ",
        ),
    )
    .from_source(review.link.as_deref().map_or_else(|| review.place(), str::to_string))
}

fn figure(text: Text) -> EvidenceItem {
    EvidenceItem::new(EvidenceKind::Figure, text)
}

/// Not assessed: nothing of `what` (review, reply, dated-reply, mention) in the window before the audit date.
fn none_before(input: &RuleInput, days: Option<u32>, what: &str) -> Evaluated {
    let date = Text::date(input.as_of);
    Err(Outcome::NotAssessed(match days {
        Some(days) => msg!("rev-none-in-window", what = what, days = days, date = date),
        None => msg!("rev-none-up-to", what = what, date = date),
    }))
}

fn eval_rating(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    // What customers see: a platform's own rating and count where an export states them, else the reviews read.
    let (platforms, overall) = metrics::platform_ratings(facts, input.as_of);
    let Some(overall) = overall else { return none_before(input, None, "review") };
    let count: usize = platforms.iter().map(|p| p.count).sum();
    let mut evidence: Vec<EvidenceItem> = platforms
        .iter()
        .map(|p| {
            let mut line =
                vec![msg!("rev-platform-rating", platform = p.platform.as_str(), stars = p.average, count = p.count)];
            if let Some(read) = p.read {
                line.push(msg!("rev-as-the-platform-shows", read = read));
            }
            figure(Text::join(line, " "))
        })
        .collect();
    // Ratings a business publishes about itself are shown, never scored (search engines give them no stars).
    for source in facts.sources.iter() {
        if let Some(aggregate) = source.aggregate.as_ref().filter(|a| a.self_published || a.count.is_none()) {
            let mut line = vec![msg!("rev-states", platform = source.platform.as_str(), stars = aggregate.stars)];
            if let Some(count) = aggregate.count {
                line.push(msg!("rev-from-n-reviews", count = count));
            }
            if aggregate.self_published {
                line.push(msg!("rev-self-published"));
            }
            evidence.push(figure(Text::join(line, " ")));
        }
    }
    let m = Measurement::thresholded(overall, input.params(), |v| Text::unit(v, "★"));
    let text = msg!("rev-rating-text", stars = overall, count = count);
    // The spread of the stars read stands for the platforms' (they publish a mean and a count only).
    let stars: Vec<f64> = metrics::within(&facts.reviews, input.as_of, None).map(|r| r.stars).collect();
    let sd = significance::sd(&stars);
    let sample = Sample::Mean { n: count, mean: overall, sd };
    Ok(Measurement { text, ..m }.with_evidence(evidence).var("count", count).on_sample(sample))
}

fn eval_volume(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let days = window(input.params());
    let (count, per_month) = metrics::velocity(&facts.reviews, input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| msg!("unit-per-month", count = v));
    let text = msg!("rev-per-month-text", per_month = per_month, count = count, days = days);
    Ok(Measurement { text, ..m }.var("count", count).on_sample(Sample::Count { count, days }))
}

fn eval_recency(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let Some(days) = metrics::recency_days(&facts.reviews, input.as_of) else {
        return none_before(input, None, "review");
    };
    let m = Measurement::thresholded(days as f64, input.params(), |v| msg!("unit-days", days = v));
    Ok(m.var("days", days))
}

fn eval_response_rate(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let days = window(input.params());
    let stats = metrics::replies(&facts.reviews, input.as_of, days);
    if stats.reviews == 0 {
        return none_before(input, Some(days), "review");
    }
    let mut m = Measurement::thresholded(stats.rate, input.params(), Text::pct);
    m.text =
        msg!("rev-answered-text", answered = stats.replied, reviews = stats.reviews, share = Text::pct(stats.rate));
    let sample = Sample::Share { n: stats.reviews, k: stats.replied };
    Ok(m.var("unanswered", stats.reviews - stats.replied).on_sample(sample))
}

fn eval_response_time(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let days = window(input.params());
    let (stats, timed) = metrics::replies_with_hours(&facts.reviews, input.as_of, days);
    let (Some(median), Some(p90)) = (stats.median_hours, stats.p90_hours) else {
        return none_before(input, Some(days), "dated-reply");
    };
    let hours = |v: f64| msg!("unit-hours", hours = v);
    let mut m = Measurement::thresholded(median, input.params(), hours);
    m.text = msg!("rev-reply-time-text", median = hours(median), p90 = hours(p90));
    let mut evidence = vec![figure(msg!("rev-replies-timed", count = stats.timed))];
    if stats.undated > 0 {
        evidence.push(figure(msg!("rev-replies-undated", count = stats.undated)));
    }
    if stats.before_review > 0 {
        evidence.push(figure(msg!("rev-replies-before-review", count = stats.before_review)));
    }
    // A change is tested on the share of replies within the target time (the medians have no sample kept).
    let in_time = timed.iter().filter(|h| **h <= input.params().num("pass")).count();
    let sample = Sample::Share { n: timed.len(), k: in_time };
    Ok(m.with_evidence(evidence).var("p90_hours", Text::from(p90.round())).on_sample(sample))
}

fn eval_unanswered_negative(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let params = input.params();
    let days = window(params);
    let negatives = metrics::unanswered_negative(&facts.reviews, input.as_of, days, params.num("max_stars"));
    let count = negatives.len();
    let mut m = Measurement::thresholded(count as f64, params, Text::from);
    m.text = msg!("rev-n-in-days", count = count, days = days);
    let mut evidence: Vec<EvidenceItem> =
        negatives.iter().take(super::MAX_LISTED_PAGES).map(|r| review_line(r)).collect();
    if count > evidence.len() {
        evidence.push(figure(msg!("listed-in-all", count = count)));
    }
    Ok(m.with_evidence(evidence).var("unanswered", count).on_sample(Sample::Count { count, days }))
}

fn eval_platforms(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let from_checklist: Vec<String> = input.params().list("expect").into_iter().map(str::to_string).collect();
    let expected = if from_checklist.is_empty() { facts.expected.clone() } else { from_checklist };
    if expected.is_empty() {
        return Err(Outcome::NotAssessed(msg!("rev-no-expected-platforms")));
    }
    let present = facts.platforms();
    let (found, missing): (Vec<&String>, Vec<&String>) =
        expected.iter().partition(|e| present.iter().any(|p| p.eq_ignore_ascii_case(e)));
    let share = found.len() as f64 / expected.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("rev-platforms-text", found = found.len(), expected = expected.len());
    let missing_text = missing.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    let mut evidence = vec![figure(msg!("rev-read-from", platforms = present.join(", ")))];
    if !missing.is_empty() {
        evidence.push(EvidenceItem::new(EvidenceKind::Problem, msg!("rev-none-on", platforms = missing_text.as_str())));
    }
    Ok(m.with_evidence(evidence).var("missing", missing_text))
}

fn eval_canned_replies(input: &RuleInput) -> Evaluated {
    let facts = reviews(input)?;
    let (total, repeated, texts) = metrics::canned(&facts.reviews, input.as_of);
    if total == 0 {
        return none_before(input, None, "reply");
    }
    let share = repeated as f64 / total as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("rev-canned-text", repeated = repeated, total = total, share = Text::pct(share));
    let lines = texts.into_iter().map(|(text, n)| Text::join([Text::from(format!("{n}×")), excerpt(Some(&text))], " "));
    let evidence = listed(EvidenceKind::Answer, lines);
    Ok(m.with_evidence(evidence).var("canned", repeated).on_sample(Sample::Share { n: total, k: repeated }))
}

fn eval_mention_tone(input: &RuleInput) -> Evaluated {
    let facts = collected(&input.evidence.mentions)?;
    let days = window(input.params());
    let mentions: Vec<_> = facts.within(input.as_of, days).collect();
    if mentions.is_empty() {
        return none_before(input, Some(days), "mention");
    }
    let negative: Vec<_> = mentions.iter().filter(|m| m.tone == Tone::Negative).collect();
    let share = negative.len() as f64 / mentions.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("rev-negative-text", negative = negative.len(), total = mentions.len(), share = Text::pct(share));
    let mut evidence: Vec<EvidenceItem> = negative
        .iter()
        .rev()
        .take(super::MAX_LISTED_PAGES)
        .map(|mention| {
            EvidenceItem::new(
                EvidenceKind::Mention,
                Text::join([Text::date(mention.published.date_naive()), excerpt(Some(&mention.title))], " · "),
            )
            .from_source(mention.link.clone().unwrap_or_else(|| mention.feed.clone()))
        })
        .collect();
    if negative.len() > evidence.len() {
        evidence.push(figure(msg!("listed-in-all", count = negative.len())));
    }
    let count = negative.len();
    let sample = Sample::Share { n: mentions.len(), k: count };
    Ok(m.with_evidence(evidence).var("negative", count).on_sample(sample))
}

fn eval_mention_volume(input: &RuleInput) -> Evaluated {
    let facts = collected(&input.evidence.mentions)?;
    let days = window(input.params());
    let count = facts.within(input.as_of, days).count();
    let per_month = facts.per_month(input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| msg!("unit-per-month", count = v));
    let text = msg!("rev-per-month-text", per_month = per_month, count = count, days = days);
    Ok(Measurement { text, ..m }.var("count", count).on_sample(Sample::Count { count, days }))
}
