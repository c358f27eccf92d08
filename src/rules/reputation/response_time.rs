//! How long the owner takes to reply.

use super::{coverage, figure, none_before, reviews, window, window_days};
use crate::gather::reviews::metrics;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_response_time",
        source: SourceKind::Reviews,
        doc: "Median hours from a review to the owner's reply, with the 90th percentile; an edited reply carries its \
                  edit time, so the figure is an upper bound.",
        params: &[
            window_days("365"),
            number("pass", "48", "median hours for full marks"),
            number("fail", "336", "median hours that earn nothing"),
        ],
        vars: &["p90_hours"],
        check: check_non_negative_thresholds,
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
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
    // A platform whose export gives no reply dates at all is left out of the figure, and says so.
    let mut per_platform: std::collections::BTreeMap<&str, (usize, usize)> = std::collections::BTreeMap::new();
    for review in metrics::within(&facts.reviews, input.as_of, Some(days)).filter(|r| r.replied_by(input.as_of)) {
        let entry = per_platform.entry(&*review.platform).or_default();
        if review.reply_at.is_some() { entry.0 += 1 } else { entry.1 += 1 }
    }
    for (platform, (_, undated)) in per_platform.into_iter().filter(|(_, (dated, _))| *dated == 0) {
        evidence.push(EvidenceItem::new(
            EvidenceKind::Problem,
            msg!("rev-reply-time-undated-platform", platform = Text::given(platform), count = undated),
        ));
    }
    evidence.extend(coverage(input, facts));
    // A change is tested on the share of replies within the target time (the medians have no sample kept).
    let in_time = timed.iter().filter(|h| **h <= input.params().num("pass")).count();
    let sample = Sample::Share { n: timed.len(), k: in_time };
    Ok(m.with_evidence(evidence).var("p90_hours", Text::from(p90.round())).on_sample(sample))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(500), i)
            })),
        )
    }

    #[test]
    fn a_platform_without_reply_dates_is_left_out_of_reply_time_and_says_so() {
        // Google's replies are dated; Yandex's export gives none.
        let facts = reviews(60, |i, days| {
            let mut r = review(if i % 2 == 0 { "Google" } else { "Yandex" }, days, 5.0, Some(2), i);
            if i % 2 == 1 {
                r.reply_at = None;
            }
            r
        });
        let t = touchpoint("review_response_time", &[]);
        let finding = finding_of(&t, &with_reviews(facts));
        assert_eq!(finding.status, crate::rules::Status::Pass);
        let texts: Vec<String> =
            finding.evidence.iter().map(|e| crate::i18n::Locale::En.tr().render(&e.text)).collect();
        assert!(texts.iter().any(|t| t.starts_with("Yandex: reply time not assessed")), "{texts:?}");
        assert!(!texts.iter().any(|t| t.starts_with("Google: reply time not assessed")), "{texts:?}");
    }
}
