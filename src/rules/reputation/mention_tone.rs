//! The share of negative mentions.

use super::{excerpt, figure, none_before, window, window_days};
use crate::config::lexicon::Tone;
use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, MAX_LISTED_PAGES, Measurement, Rule, RuleInput, collected};
use crate::significance::Sample;
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "mention_tone",
        source: SourceKind::Mentions,
        doc: "Share of negative mentions in the window, from an en/ru tone lexicon with negation.",
        params: &[
            window_days("180"),
            number("pass", "0.1", "share of negative mentions for full marks"),
            number("fail", "0.4", "share that earns nothing"),
        ],
        vars: &["negative"],
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
        .take(MAX_LISTED_PAGES)
        .map(|mention| {
            EvidenceItem::new(
                EvidenceKind::Mention,
                Text::join([Text::date(mention.published.date_naive()), excerpt(Some(&mention.title))], " · "),
            )
            .sourced_from(mention.link.clone().unwrap_or_else(|| mention.feed.clone()))
        })
        .collect();
    if negative.len() > evidence.len() {
        evidence.push(figure(msg!("listed-in-all", count = negative.len())));
    }
    let count = negative.len();
    let sample = Sample::Share { n: mentions.len(), k: count };
    Ok(m.with_evidence(evidence).var("negative", count).on_sample(sample))
}

#[cfg(test)]
mod tests {
    use crate::config::lexicon::Tone;
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_mentions(mentions(12, 14, Tone::Positive)), with_mentions(mentions(12, 14, Tone::Negative)))
    }
}
