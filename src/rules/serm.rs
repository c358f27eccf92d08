//! Search results for the brand name (SERM): a saved results page, its negative results.

use super::params::{check_share_thresholds, number};
use super::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, SourceKind, collected};
use crate::i18n::Text;
use crate::msg;

pub const RULES: &[Rule] = &[Rule {
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
    eval: eval_brand_results,
    hand: None,
}];

fn eval_brand_results(input: &RuleInput) -> Evaluated {
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
            EvidenceItem::new(EvidenceKind::Problem, format!("#{} {}", r.position, r.title)).from_source(r.url.clone())
        })
        .collect();
    let count = negative.len();
    Ok(m.with_evidence(evidence).var("negative", count))
}
