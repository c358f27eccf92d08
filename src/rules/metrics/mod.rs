//! The metrics area: NPS, CSAT and CES from the survey and the client's own figures, one rule per file, and
//! what the survey rules share (enough answers, thresholds on the metric's own scale).

use crate::gather::SurveyFacts;
use crate::msg;
use crate::rules::{Outcome, RuleInput, collected, fmt_num};
use crate::spec::{ParamKind, ParamSpec, Params};

// Each other file of this folder is one rule: build.rs declares its module here and lists it in `RULES`.
include!(concat!(env!("OUT_DIR"), "/rules_metrics.rs"));

/// Detractor comments shown as evidence at most.
pub(super) const MAX_COMMENTS: usize = 5;

pub(super) const MIN_ANSWERS: ParamSpec = ParamSpec {
    name: "min_answers",
    kind: ParamKind::Number,
    default: Some("30"),
    doc: "fewer answers than this are too few to assess",
};

/// `pass` and `fail` must lie on the metric's own scale.
pub(super) fn thresholds_within(params: &Params, low: f64, high: f64) -> Result<(), String> {
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

/// The survey and one metric's statistics, or why the touchpoint cannot be assessed: no survey, no answers
/// for this metric, or fewer than the touchpoint's `min_answers`.
pub(super) fn sample<'a, T: Copy>(
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
