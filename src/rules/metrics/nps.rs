//! Net Promoter Score from the survey.

use super::{MAX_COMMENTS, MIN_ANSWERS, sample, thresholds_within};
use crate::i18n::Text;
use crate::msg;
use crate::rules::{Evaluated, EvidenceItem, EvidenceKind, Measurement, Rule, RuleInput};
use crate::significance::Sample;
use crate::spec::{ParamKind, ParamSpec, RuleSpec, SourceKind};

pub(crate) const RULE: Rule = Rule {
    spec: RuleSpec {
        name: "nps",
        source: SourceKind::Survey,
        doc: "Net Promoter Score from the survey's 0-10 \"would you recommend us\" answers: % promoters (9-10) \
                  minus % detractors (0-6), from -100 to 100, with the sample size and a 95 % margin of error. \
                  Detractors' \"why\" answers are kept as evidence.",
        params: &[
            ParamSpec { name: "pass", kind: ParamKind::Number, default: Some("50"), doc: "NPS for full marks" },
            ParamSpec { name: "fail", kind: ParamKind::Number, default: Some("0"), doc: "NPS that earns nothing" },
            MIN_ANSWERS,
        ],
        vars: &["n", "detractors", "margin"],
        check: |p| thresholds_within(p, -100.0, 100.0),
        hand: None,
        page_check: None,
        rival: None,
    },
    eval,
    #[cfg(test)]
    fixtures: tests::fixtures,
};

fn eval(input: &RuleInput) -> Evaluated {
    let (facts, stats) = sample(input, "NPS", |f| f.nps, |s| s.n)?;
    let share = |count: usize| Text::pct(count as f64 / stats.n as f64);
    let mut evidence = vec![
        EvidenceItem::new(
            EvidenceKind::Figure,
            msg!(
                "met-nps-split",
                answers = stats.n,
                promoters = stats.promoters,
                promoters_share = share(stats.promoters),
                passives = stats.passives,
                passives_share = share(stats.passives),
                detractors = stats.detractors,
                detractors_share = share(stats.detractors)
            ),
        )
        .sourced_from(facts.file.clone()),
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-margin", margin = stats.margin_95.round())),
    ];
    let detractor_reasons =
        facts.nps_answers.iter().filter(|a| a.score <= 6).filter_map(|a| Some((a, a.reason.as_ref()?)));
    for (answer, reason) in detractor_reasons.take(MAX_COMMENTS) {
        evidence.push(
            EvidenceItem::new(EvidenceKind::Answer, format!("{}/10: {reason}", answer.score))
                .sourced_from(format!("{}:{}", facts.file, answer.line)),
        );
    }
    let format = |v: f64| Text::from(v.round());
    let mut m = Measurement::thresholded(stats.nps, input.params(), format).with_evidence(evidence);
    let margin = Text::from(stats.margin_95.round());
    m.text = Text::join(
        [Text::from(stats.nps.round()), Text::given(" ±"), margin, Text::from(format!(" (n = {})", stats.n))],
        "",
    );
    let sample = Sample::Nps { n: stats.n, promoters: stats.promoters, detractors: stats.detractors };
    let margin = Text::from(stats.margin_95.round());
    Ok(m.var("n", stats.n).var("detractors", stats.detractors).var("margin", margin).on_sample(sample))
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    pub(super) fn fixtures() -> Fixtures {
        Fixtures::new(with_survey(&[10; 40], &[], &[]), with_survey(&[3; 40], &[], &[]))
    }

    #[test]
    fn too_few_survey_answers_are_not_assessed() {
        let t = touchpoint("nps", &[]);
        assert_eq!(status_of(&t, &with_survey(&[10, 10, 9], &[], &[])), crate::rules::Status::NotAssessed);
    }
}
