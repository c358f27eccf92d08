//! Negative reviews left without a reply.

use super::{figure, review_line, reviews, window, window_days};
use crate::gather::reviews::metrics;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, EvidenceItem, MAX_LISTED_PAGES, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_unanswered_negative",
        source: SourceKind::Reviews,
        doc: "1-2 star reviews without a reply created in the window, listed with date, platform and excerpt.",
        params: &[
            window_days("90"),
            number("max_stars", "2", "ratings up to this count as negative"),
            number("pass", "0", "unanswered negatives for full marks"),
            number("fail", "3", "unanswered negatives that earn nothing"),
        ],
        vars: &["unanswered"],
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
    let params = input.params();
    let days = window(params);
    let negatives = metrics::unanswered_negative(&facts.reviews, input.as_of, days, params.num("max_stars"));
    let count = negatives.len();
    let mut m = Measurement::thresholded(count as f64, params, Text::from);
    m.text = msg!("rev-n-in-days", count = count, days = days);
    let mut evidence: Vec<EvidenceItem> = negatives.iter().take(MAX_LISTED_PAGES).map(|r| review_line(r)).collect();
    if count > evidence.len() {
        evidence.push(figure(msg!("listed-in-all", count = count)));
    }
    evidence.extend(super::coverage(input, facts));
    Ok(m.with_evidence(evidence).var("unanswered", count).on_sample(Sample::Count { count, days }))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        let mut bad = reviews(60, |i, days| review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i));
        bad.reviews.extend((0..5).map(|i| review("Google", 10 + i as i64, 1.0, None, 100 + i)));
        Fixtures::new(
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
            with_reviews(bad),
        )
    }
}
