//! Search results for the brand name (SERM): the share that is not negative.

use crate::i18n::Text;
use crate::msg;
use crate::rules::params::check_share_thresholds;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, collected};
use crate::spec::{RuleSpec, SourceKind, number};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "serm_brand_results",
        source: SourceKind::Serm,
        doc: "In a saved export of the search results for the brand name ([serm] in audit.toml), the share of the \
                  first `top` results that are not negative: the business's own site and profiles, positive and neutral \
                  results count; negative ones (by the tone lexicon) are listed.",
        params: &[
            number("top", "10", "results counted from the top (the first page)"),
            number("pass", "0.9", "share of results that are not negative for full marks"),
            number("fail", "0.6", "share that earns nothing"),
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
    use crate::gather::serm::Kind;
    let serm = collected(&input.evidence.serm)?;
    let top = input.params().num("top").max(1.0) as u32;
    let shown: Vec<_> = serm.results.iter().filter(|r| r.position <= top).collect();
    if shown.is_empty() {
        return Err(Outcome::NotAssessed(Text::at(serm.file.to_string(), msg!("serm-none-in-top", top = top))));
    }
    let negative: Vec<_> = shown.iter().filter(|r| r.kind == Kind::Negative).collect();
    let own = shown.iter().filter(|r| r.kind == Kind::Own).count();
    let share = (shown.len() - negative.len()) as f64 / shown.len() as f64;
    let mut m = Measurement::thresholded(share, input.params(), Text::pct);
    m.text = msg!("serm-not-negative", good = shown.len() - negative.len(), total = shown.len(), own = own);
    let evidence = negative
        .iter()
        .map(|r| {
            EvidenceItem::new(EvidenceKind::Problem, format!("#{} {}", r.position, r.title)).sourced_from(r.url.clone())
        })
        .collect();
    let count = negative.len();
    Ok(m.with_evidence(evidence).var("negative", count))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;
    /// Ten brand search results: the business's own and friendly pages, or mostly complaints.
    fn brand_results(good: bool) -> crate::gather::serm::SermFacts {
        use crate::gather::serm::{Kind, SearchResult, SermFacts};
        let results = (1..=10)
            .map(|position| SearchResult {
                position,
                title: format!("result {position}"),
                url: format!("https://example.test/{position}"),
                snippet: String::new(),
                kind: match (good, position) {
                    (true, 1..=3) => Kind::Own,
                    (true, _) => Kind::Positive,
                    (false, 1) => Kind::Own,
                    (false, _) => Kind::Negative,
                },
            })
            .collect();
        SermFacts { file: "serp.csv".into(), results, problems: Vec::new() }
    }

    fn with_serm(serm: crate::gather::serm::SermFacts) -> crate::gather::Evidence {
        crate::gather::Evidence { serm: crate::gather::Gathered::Collected(serm), ..nothing() }
    }

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_serm(brand_results(true)), with_serm(brand_results(false)))
    }
}
