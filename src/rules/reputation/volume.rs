//! Reviews per month over the window.

use super::{reviews, window, window_days};
use crate::gather::reviews::metrics;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_volume",
        source: SourceKind::Reviews,
        doc: "Reviews per month over the window (velocity).",
        params: &[
            window_days("365"),
            number("pass", "4", "reviews per month for full marks"),
            number("fail", "0.5", "reviews per month that earn nothing"),
        ],
        vars: &["count"],
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
    let (count, per_month) = metrics::velocity(&facts.reviews, input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| msg!("unit-per-month", count = v));
    let text = msg!("rev-per-month-text", per_month = per_month, count = count, days = days);
    Ok(Measurement { text, ..m }.var("count", count).on_sample(Sample::Count { count, days }))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
            with_reviews(reviews(2, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
        )
    }
}
