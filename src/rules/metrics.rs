//! Rules over loyalty metrics: NPS, CSAT and CES from the survey, and the client's own figures.

use super::params::{ParamKind, ParamSpec, Params};
use super::{
    Evaluated, EvidenceItem, EvidenceKind, Measurement, Outcome, Rule, RuleInput, SourceKind, collected, fmt_num,
};
use crate::gather::SurveyFacts;
use crate::i18n::Text;
use crate::msg;
use crate::significance::Sample;

/// Detractor comments shown as evidence at most.
const MAX_COMMENTS: usize = 5;

const MIN_ANSWERS: ParamSpec = ParamSpec {
    name: "min_answers",
    kind: ParamKind::Number,
    default: Some("30"),
    doc: "fewer answers than this are too few to assess",
};

pub const RULES: &[Rule] = &[
    Rule {
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
        eval: eval_nps,
        hand: None,
    },
    Rule {
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
        eval: eval_csat,
        hand: None,
    },
    Rule {
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
        eval: eval_ces,
        hand: None,
    },
    Rule {
        name: "figure",
        source: SourceKind::Offline,
        doc: "One of the client's own figures from [figures] in offline.toml (repurchase rate, retention, return \
              on ad spend ...), scored between `fail` and `pass`. With `unit = \"share\"` the figure is a share \
              from 0 to 1 and is shown as a percentage.",
        params: &[
            ParamSpec { name: "key", kind: ParamKind::Text, default: None, doc: "the figure's name in [figures]" },
            ParamSpec {
                name: "unit",
                kind: ParamKind::Text,
                default: Some("\"share\""),
                doc: "\"share\" (0-1, shown in %) or any unit shown after the number, e.g. \"x\"",
            },
            ParamSpec { name: "pass", kind: ParamKind::Number, default: None, doc: "value for full marks" },
            ParamSpec { name: "fail", kind: ParamKind::Number, default: None, doc: "value that earns nothing" },
        ],
        vars: &[],
        check: check_figure,
        eval: eval_figure,
        hand: Some(super::Hand::Figure),
    },
];

/// `pass` and `fail` must lie on the metric's own scale.
fn thresholds_within(params: &Params, low: f64, high: f64) -> Result<(), String> {
    for name in ["pass", "fail"] {
        let value = params.num(name);
        if !(low..=high).contains(&value) {
            return Err(format!("`{name}` = {} must lie within {}..{}", fmt_num(value), fmt_num(low), fmt_num(high)));
        }
    }
    if params.num("min_answers") < 1.0 {
        return Err("`min_answers` must be at least 1".to_string());
    }
    Ok(())
}

fn check_figure(params: &Params) -> Result<(), String> {
    if params.text("key").trim().is_empty() {
        return Err("`key` must name a figure".to_string());
    }
    if params.text("unit") == "share" {
        for name in ["pass", "fail"] {
            if !(0.0..=1.0).contains(&params.num(name)) {
                return Err(format!("`{name}` must be a share between 0 and 1 when unit = \"share\""));
            }
        }
    }
    Ok(())
}

/// The survey and one metric's statistics, or why the touchpoint cannot be assessed: no survey, no answers
/// for this metric, or fewer than the touchpoint's `min_answers`.
fn sample<'a, T: Copy>(
    input: &'a RuleInput,
    metric: &str,
    stats: impl Fn(&SurveyFacts) -> Option<T>,
    count: impl Fn(&T) -> usize,
) -> Result<(&'a SurveyFacts, T), Outcome> {
    let facts = collected(&input.evidence.survey)?;
    let found = stats(facts)
        .ok_or_else(|| Outcome::NotAssessed(msg!("met-no-answers", file = facts.file.as_str(), metric = metric)))?;
    let (n, min) = (count(&found), input.params().num("min_answers"));
    if (n as f64) < min {
        return Err(Outcome::NotAssessed(msg!("met-too-few", count = n, metric = metric, min = min)));
    }
    Ok((facts, found))
}

fn eval_nps(input: &RuleInput) -> Evaluated {
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
        .from_source(facts.file.clone()),
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-margin", margin = stats.margin_95.round())),
    ];
    let detractor_reasons =
        facts.nps_answers.iter().filter(|a| a.score <= 6).filter_map(|a| Some((a, a.reason.as_ref()?)));
    for (answer, reason) in detractor_reasons.take(MAX_COMMENTS) {
        evidence.push(
            EvidenceItem::new(EvidenceKind::Answer, format!("{}/10: {reason}", answer.score))
                .from_source(format!("{}:{}", facts.file, answer.line)),
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

fn eval_csat(input: &RuleInput) -> Evaluated {
    let (facts, stats) = sample(input, "CSAT", |f| f.csat, |s| s.n)?;
    let evidence = vec![
        EvidenceItem::new(
            EvidenceKind::Figure,
            msg!("met-csat-figure", satisfied = stats.satisfied, answers = stats.n, mean = stats.mean),
        )
        .from_source(facts.file.clone()),
    ];
    let format = |v: f64| Text::unit(v.round(), " %");
    let m = Measurement::thresholded(stats.csat, input.params(), format).with_evidence(evidence);
    Ok(m.var("n", stats.n).on_sample(Sample::Share { n: stats.n, k: stats.satisfied }))
}

fn eval_ces(input: &RuleInput) -> Evaluated {
    let (facts, stats) = sample(input, "CES", |f| f.ces, |s| s.n)?;
    let easy = Text::unit(stats.easy.round(), " %");
    let evidence = vec![
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-ces-figure", answers = stats.n, easy = &easy))
            .from_source(facts.file.clone()),
    ];
    let format = |v: f64| msg!("met-of-7", value = v);
    let m = Measurement::thresholded(stats.mean, input.params(), format).with_evidence(evidence);
    let sample = Sample::Mean { n: stats.n, mean: stats.mean, sd: stats.sd };
    Ok(m.var("n", stats.n).var("easy", easy).on_sample(sample))
}

fn eval_figure(input: &RuleInput) -> Evaluated {
    let offline = collected(&input.evidence.offline)?;
    let params = input.params();
    let key = params.text("key");
    let Some(&value) = offline.figures.get(key) else {
        return Err(Outcome::NotAssessed(msg!("met-no-figure", key = key, file = offline.file.as_str())));
    };
    let unit = params.text("unit").to_string();
    let format = |v: f64| {
        if unit == "share" { Text::pct(v) } else { Text::unit(v, &unit) }
    };
    let evidence = vec![
        EvidenceItem::new(EvidenceKind::Figure, msg!("met-client-figure", key = key, value = value))
            .from_source(offline.file.clone()),
    ];
    Ok(Measurement::thresholded(value, params, format).with_evidence(evidence))
}
