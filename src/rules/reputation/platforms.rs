//! Presence on the platforms the audit expects.

use super::{figure, reviews};
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput};
use crate::spec::{RuleSpec, SourceKind, number, text_list};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        let on = |expected: &[&str]| {
            let mut facts =
                reviews(60, |i, days| review(if i % 2 == 0 { "Google" } else { "Yelp" }, days, 5.0, Some(2), i));
            facts.expected = expected.iter().map(|p| p.to_string()).collect();
            with_reviews(facts)
        };
        Fixtures::new(on(&["Google", "Yelp"]), on(&["Google", "Yelp", "Tripadvisor", "Yandex Maps"]))
    }
}
