//! Owner replies that repeat another reply word for word.

use super::{excerpt, none_before, reviews};
use crate::gather::reviews::metrics;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceKind, Measurement, Rule, RuleInput, listed};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "review_canned_replies",
        source: SourceKind::Reviews,
        doc: "Share of owner replies whose text is identical to another reply.",
        params: &[number("pass", "0.1", "share for full marks"), number("fail", "0.5", "share that earns nothing")],
        vars: &["canned"],
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        let mut canned =
            reviews(60, |i, days| review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i));
        for r in &mut canned.reviews {
            r.reply = Some("Thanks!".into());
        }
        Fixtures::new(
            with_reviews(reviews(60, |i, days| {
                review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i)
            })),
            with_reviews(canned),
        )
    }
}
