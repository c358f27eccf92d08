//! Mentions per month.

use super::{window, window_days};
use crate::msg;
use crate::rules::params::check_non_negative_thresholds;
use crate::rules::{Evaluated, Measurement, Rule, RuleInput, collected};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "mention_volume",
        source: SourceKind::Mentions,
        doc: "Mentions per month in the window.",
        params: &[
            window_days("180"),
            number("pass", "2", "mentions per month for full marks"),
            number("fail", "0", "mentions per month that earn nothing"),
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
    let facts = collected(&input.evidence.mentions)?;
    let days = window(input.params());
    let count = facts.within(input.as_of, days).count();
    let per_month = facts.per_month(input.as_of, days);
    let m = Measurement::thresholded(per_month, input.params(), |v| msg!("unit-per-month", count = v));
    let text = msg!("rev-per-month-text", per_month = per_month, count = count, days = days);
    Ok(Measurement { text, ..m }.var("count", count).on_sample(Sample::Count { count, days }))
}

#[cfg(test)]
mod tests {
    use crate::config::lexicon::Tone;
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_mentions(mentions(12, 14, Tone::Positive)), with_mentions(mentions(12, 400, Tone::Positive)))
    }
}
