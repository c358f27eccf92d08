//! Customer effort from the survey.

use super::{MIN_ANSWERS, sample, thresholds_within};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{ParamKind, ParamSpec, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "ces",
        source: SourceKind::Survey,
        doc: "Customer effort: the mean of the survey's 1-7 \"how easy was it\" answers (7 = very easy), with the \
                  share of 5-7 answers as evidence.",
        params: &[
            ParamSpec { name: "pass", kind: ParamKind::Number, default: Some("5.5"), doc: "mean for full marks" },
            ParamSpec { name: "fail", kind: ParamKind::Number, default: Some("4"), doc: "mean that earns nothing" },
            MIN_ANSWERS,
        ],
        vars: &["n", "easy"],
        check: |p| thresholds_within(p, 1.0, 7.0),
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let (facts, stats) = sample(input, "CES", |f| f.ces, |s| s.n)?;
    let easy = Text::unit(stats.easy.round(), " %");
    let evidence = vec![
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-ces-figure", answers = stats.n, easy = &easy))
            .sourced_from(facts.file.clone()),
    ];
    let format = |v: f64| msg!("met-of-7", value = v);
    let m = Measurement::thresholded(stats.mean, input.params(), format).with_evidence(evidence);
    let sample = Sample::Mean { n: stats.n, mean: stats.mean, sd: stats.sd };
    Ok(m.var("n", stats.n).var("easy", easy).on_sample(sample))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_survey(&[], &[], &[7; 40]), with_survey(&[], &[], &[2; 40]))
    }
}
