//! The share of reviews with an owner reply.

use super::{coverage, none_before, reviews, window, window_days};
use crate::gather::reviews::metrics;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_response_rate",
        source: SourceKind::Reviews,
        doc: "Reviews with an owner reply / reviews created in the window (a review counts in the month it was written).",
        params: &[
            window_days("365"),
            number("pass", "0.8", "reply rate for full marks"),
            number("fail", "0.2", "reply rate that earns nothing"),
        ],
        vars: &["unanswered"],
        check: check_share_thresholds,
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
    let stats = metrics::replies(&facts.reviews, input.as_of, days);
    if stats.reviews == 0 {
        return none_before(input, Some(days), "review");
    }
    let mut m = Measurement::thresholded(stats.rate, input.params(), Text::pct);
    m.text =
        msg!("rev-answered-text", answered = stats.replied, reviews = stats.reviews, share = Text::pct(stats.rate));
    let sample = Sample::Share { n: stats.reviews, k: stats.replied };
    m.evidence.extend(coverage(input, facts));
    Ok(m.var("unanswered", stats.reviews - stats.replied).on_sample(sample))
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
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, (i < 5).then_some(2), i)
            })),
        )
    }

    #[test]
    fn a_rate_from_600_of_1240_stated_reviews_says_so_and_is_marked_a_sample() {
        let mut facts = reviews(600, |i, days| review("Yandex", days % 300, 5.0, Some(2), i));
        facts.sources.push(crate::gather::reviews::SourceReport {
            platform: "Yandex".into(),
            format: crate::config::sources::Format::Apify,
            location: "yandex.json".into(),
            reviews: 600,
            problems: vec![],
            problem_count: 0,
            error: None,
            aggregate: Some(crate::gather::reviews::Aggregate { stars: 4.6, count: Some(1240), self_published: false }),
            also_search: Vec::new(),
            seed_rivals: 0,
            listing: None,
            profile: None,
        });
        let t = touchpoint("review_response_rate", &[]);
        let finding = finding_of(&t, &with_reviews(facts));
        let texts: Vec<String> =
            finding.evidence.iter().map(|e| crate::i18n::Locale::En.tr().render(&e.text)).collect();
        assert!(texts.iter().any(|t| t.contains("from 600 of 1240 reviews") && t.contains("sample")), "{texts:?}");
    }
}
