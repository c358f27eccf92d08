//! Customer satisfaction from the survey.

use super::{MIN_ANSWERS, sample, thresholds_within};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{ParamKind, ParamSpec, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "csat",
        source: SourceKind::Survey,
        doc: "Customer satisfaction: the share of 4 and 5 answers on the survey's 1-5 scale, in %.",
        params: &[
            ParamSpec { name: "pass", kind: ParamKind::Number, default: Some("85"), doc: "CSAT % for full marks" },
            ParamSpec { name: "fail", kind: ParamKind::Number, default: Some("60"), doc: "CSAT % that earns nothing" },
            MIN_ANSWERS,
        ],
        vars: &["n"],
        check: |p| thresholds_within(p, 0.0, 100.0),
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let (facts, stats) = sample(input, "CSAT", |f| f.csat, |s| s.n)?;
    let evidence = vec![
        EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("met-csat-figure", satisfied = stats.satisfied, answers = stats.n, mean = stats.mean),
        )
        .sourced_from(facts.file.clone()),
    ];
    let format = |v: f64| Text::unit(v.round(), " %");
    let m = Measurement::thresholded(stats.csat, input.params(), format).with_evidence(evidence);
    Ok(m.var("n", stats.n).on_sample(Sample::Share { n: stats.n, k: stats.satisfied }))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_survey(&[], &[5; 40], &[]), with_survey(&[], &[2; 40], &[]))
    }
}
