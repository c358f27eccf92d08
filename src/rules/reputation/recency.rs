//! Days since the newest review.

use super::{none_before, reviews};
use crate::gather::reviews::metrics;
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, Measurement, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_recency",
        source: SourceKind::Reviews,
        doc: "Days since the newest review on any platform.",
        params: &[number("pass", "14", "days for full marks"), number("fail", "90", "days that earn nothing")],
        vars: &["days"],
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
    let Some(days) = metrics::recency_days(&facts.reviews, input.as_of) else {
        return none_before(input, None, "review");
    };
    let m = Measurement::thresholded(days as f64, input.params(), |v| msg!("unit-days", days = v));
    Ok(m.var("days", days))
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
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days + 200, 5.0, Some(2), i)
            })),
        )
    }
}
