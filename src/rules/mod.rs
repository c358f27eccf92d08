//! Evaluate: each touchpoint's rule turns the gathered evidence into a finding with a status and a score.
//!
//! Each built-in rule is one file under an area's folder (`site/`, `search/`, `reputation/`, `listings/`,
//! `serm/`, `offline/`, `metrics/`, `custom/`): its declaration (`crate::spec::RuleSpec`), its evaluation and
//! its own passing and failing fixtures. build.rs lists each folder's files, so a new file is a new rule.

mod custom;
pub(crate) mod listings;
mod metrics;
mod offline;
pub(crate) mod params;
pub(crate) mod registry;
mod reputation;
mod search;
mod serm;
mod site;
pub(crate) mod summary;
#[cfg(test)]
mod testing;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::checklist::{Checklist, Touchpoint};
use crate::gather::Evidence;
use crate::i18n::Text;
use crate::msg;
pub(crate) use crate::spec::Params;
pub(crate) use crate::spec::{Hand, RuleSpec, SourceKind, placeholders};
pub(crate) use params::Thresholds;
pub(crate) use registry::rule;

/// A built-in rule: what it declares and how it evaluates.
pub struct Rule {
    pub spec: RuleSpec,
    pub eval: fn(&RuleInput) -> Evaluated,
    /// Its own cases, one that must pass and one that must fail (the registry test runs every rule's).
    #[cfg(test)]
    pub(crate) fixtures: fn() -> testing::Fixtures,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.spec.fmt(f)
    }
}

/// What a rule sees: its touchpoint, the evidence and the audit date.
pub struct RuleInput<'a> {
    pub touchpoint: &'a Touchpoint,
    pub evidence: &'a Evidence,
    pub as_of: NaiveDate,
}

impl RuleInput<'_> {
    pub fn params(&self) -> &Params {
        &self.touchpoint.params
    }
}

/// What a rule's function returns: its measurement, or the outcome that stands instead (not assessed or not
/// applicable, with the reason), so a rule reads its sources with `?`.
pub(crate) type Evaluated = Result<Measurement, Outcome>;

/// A rule's verdict before the engine turns it into a finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Measured(Box<Measurement>),
    NotAssessed(Text),
    NotApplicable(Text),
}

impl Outcome {
    pub fn measured(measurement: Measurement) -> Self {
        Outcome::Measured(Box::new(measurement))
    }
}

/// A measured value, the thresholds it is judged by and what backs it.
///
/// The score and the status both follow from `value` and `thresholds` (see [`Thresholds::score`] and
/// [`Thresholds::status`]), so a status can never contradict the target the report prints beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    pub value: f64,
    /// The value the thresholds judge: `value`, or the threshold itself when `value` reads the same as that
    /// threshold in the report ("90 %" against "≥ 90 %" passes), so the verdict agrees with what is printed.
    pub judged: f64,
    pub text: Text,
    pub target: Text,
    pub thresholds: Thresholds,
    pub evidence: Vec<EvidenceItem>,
    /// Values for the `{placeholders}` of the touchpoint's fix text.
    pub vars: Vec<(&'static str, Text)>,
    /// The sample the value was measured on, where it is one (see [`crate::significance`]).
    pub sample: Option<crate::significance::Sample>,
}

impl Measurement {
    /// The common case: score linear between the touchpoint's `fail` and `pass` thresholds.
    pub fn thresholded(value: f64, params: &Params, format: impl Fn(f64) -> Text) -> Self {
        let thresholds = Thresholds::from_params(params);
        Measurement {
            value,
            judged: thresholds.as_printed(value, &format),
            text: format(value),
            target: thresholds.target(&format),
            thresholds,
            evidence: Vec::new(),
            vars: Vec::new(),
            sample: None,
        }
    }

    /// States the sample the value was measured on, so a change between runs can be tested.
    pub fn on_sample(mut self, sample: crate::significance::Sample) -> Self {
        self.sample = Some(sample);
        self
    }

    pub fn with_evidence(mut self, evidence: Vec<EvidenceItem>) -> Self {
        self.evidence = evidence;
        self
    }

    pub fn var(mut self, name: &'static str, value: impl Into<Text>) -> Self {
        self.vars.push((name, value.into()));
        self
    }
}

/// A touchpoint's status in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Meets the touchpoint's threshold.
    Pass,
    /// Partly meets it.
    Warn,
    /// Does not meet it.
    Fail,
    /// The evidence it needs was not available (not counted in the score, lowers the coverage).
    NotAssessed,
    /// Does not apply to this business.
    NotApplicable,
}

impl Status {
    /// Whether the touchpoint was judged (passed, warned or failed).
    pub fn is_assessed(self) -> bool {
        matches!(self, Status::Pass | Status::Warn | Status::Fail)
    }

    /// The status as the report shows it.
    pub fn label(self) -> Text {
        match self {
            Status::Pass => msg!("status-pass"),
            Status::Warn => msg!("status-warn"),
            Status::Fail => msg!("status-fail"),
            Status::NotAssessed => msg!("status-not-assessed"),
            Status::NotApplicable => msg!("status-not-applicable"),
        }
    }
}

/// What kind of thing an evidence item is, so the report can present it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    /// The auditor's note.
    Note,
    /// A file the auditor attached (photo, recording).
    File,
    /// A count or share that backs the measured value.
    Figure,
    /// A customer's answer or comment.
    Answer,
    /// A review on a platform.
    Review,
    /// A mention in a feed.
    Mention,
    /// Something the rule could not use.
    Problem,
}

/// One piece of evidence behind a finding. `text` may come from untrusted input and is escaped on output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub kind: EvidenceKind,
    pub text: Text,
    /// Where it comes from: a file (and line), a page URL, a review link.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
}

impl EvidenceItem {
    pub fn new(kind: EvidenceKind, text: impl Into<Text>) -> Self {
        EvidenceItem { kind, text: text.into(), source: None }
    }

    pub fn sourced_from(mut self, source: impl Into<String>) -> Self {
        self.source = Some(source.into());
        self
    }
}

/// A touchpoint's evaluated result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub id: String,
    pub area: String,
    pub title: String,
    pub weight: f64,
    pub critical: bool,
    pub status: Status,
    pub score: Option<f64>,
    pub measured: Option<f64>,
    pub measured_text: Option<Text>,
    pub target: Option<Text>,
    /// The thresholds the measured value was judged by.
    pub thresholds: Option<Thresholds>,
    pub evidence: Vec<EvidenceItem>,
    /// The touchpoint's fix text with its placeholders' values.
    pub recommendation: Option<Text>,
    pub reason: Option<Text>,
    pub why: String,
    /// Set when the auditor overrode the verdict in offline.toml: what was measured, and why it was overridden.
    pub auditor: Option<AuditorVerdict>,
    /// The sample `measured` was taken on, where it is one.
    pub sample: Option<crate::significance::Sample>,
}

/// The auditor's verdict over the measured one: `Finding::status` holds the auditor's, this the rest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditorVerdict {
    /// The status the rule gave (`not_assessed` when it could not measure).
    pub measured_status: Status,
    /// The score the rule gave, 0-1, when it measured one.
    pub measured_score: Option<f64>,
    pub note: String,
}

/// Runs every touchpoint of the checklist against the evidence, in checklist order.
pub(crate) fn evaluate(checklist: &Checklist, evidence: &Evidence, as_of: NaiveDate) -> Vec<Finding> {
    checklist.touchpoints.iter().map(|touchpoint| evaluate_one(touchpoint, evidence, as_of)).collect()
}

fn evaluate_one(touchpoint: &Touchpoint, evidence: &Evidence, as_of: NaiveDate) -> Finding {
    // A checklist loaded through `registry::Registry` names only these rules; one checked against another
    // rule book is not assessed rather than guessed at.
    let outcome = match rule(touchpoint.rule.name).map(|rule| (rule.eval)(&RuleInput { touchpoint, evidence, as_of })) {
        Some(Ok(measurement)) => Outcome::measured(measurement),
        Some(Err(outcome)) => outcome,
        None => Outcome::NotAssessed(Text::given(format!("rule `{}` is not built in", touchpoint.rule.name))),
    };
    let mut finding = Finding {
        id: touchpoint.id.clone(),
        area: touchpoint.area.clone(),
        title: touchpoint.title.clone(),
        weight: touchpoint.weight,
        critical: touchpoint.critical,
        status: Status::NotAssessed,
        score: None,
        measured: None,
        measured_text: None,
        target: None,
        thresholds: None,
        evidence: Vec::new(),
        recommendation: None,
        reason: None,
        why: touchpoint.why.clone(),
        auditor: None,
        sample: None,
    };
    let mut measurement = None;
    match outcome {
        Outcome::NotAssessed(reason) => finding.reason = Some(reason),
        Outcome::NotApplicable(reason) => {
            finding.status = Status::NotApplicable;
            finding.reason = Some(reason);
        }
        Outcome::Measured(m) => {
            let m = *m;
            let score = m.thresholds.score(m.judged);
            finding.status = m.thresholds.status(m.judged);
            if finding.status != Status::Pass {
                finding.recommendation = Some(fill_placeholders(&touchpoint.fix, touchpoint, &m));
            }
            finding.score = Some(score);
            finding.measured = m.value.is_finite().then_some(m.value);
            finding.measured_text = Some(m.text.clone());
            finding.target = Some(m.target.clone());
            finding.thresholds = Some(m.thresholds);
            finding.evidence = m.evidence.clone();
            finding.sample = m.sample;
            measurement = Some(m);
        }
    }
    if let Some(verdict) = evidence.offline.collected().and_then(|o| o.overrides.get(&touchpoint.id)) {
        apply_override(&mut finding, verdict, touchpoint, measurement.as_ref());
    }
    finding
}

/// The auditor has the last word, visibly: the status becomes theirs, the score follows it (full for a pass,
/// none for a fail, the measured one or half for a warning), and the measured verdict stays beside it.
fn apply_override(
    finding: &mut Finding,
    verdict: &crate::config::offline::Override,
    touchpoint: &Touchpoint,
    measurement: Option<&Measurement>,
) {
    finding.auditor = Some(AuditorVerdict {
        measured_status: finding.status,
        measured_score: finding.score,
        note: verdict.note.clone(),
    });
    use crate::config::offline::OverrideVerdict;
    finding.status = match verdict.verdict {
        OverrideVerdict::Pass => Status::Pass,
        OverrideVerdict::Warn => Status::Warn,
        OverrideVerdict::Fail => Status::Fail,
    };
    finding.score = Some(match finding.status {
        Status::Pass => 1.0,
        Status::Fail => 0.0,
        _ => finding.score.filter(|s| *s > 0.0 && *s < 1.0).unwrap_or(0.5),
    });
    finding.reason = None;
    finding
        .evidence
        .insert(0, EvidenceItem::new(EvidenceKind::Note, msg!("override-note", note = verdict.note.as_str())));
    let files = verdict.evidence.iter().map(|file| EvidenceItem::new(EvidenceKind::File, file.clone()));
    finding.evidence.splice(1..1, files);
    finding.recommendation = match (finding.status, measurement) {
        (Status::Pass, _) => None,
        (_, Some(m)) => Some(fill_placeholders(&touchpoint.fix, touchpoint, m)),
        (_, None) => Some(msg!("override-fix", note = verdict.note.as_str())),
    };
}

/// A fix text with the measurement's vars, `measured`, `target` and the params for its `{placeholders}`.
fn fill_placeholders(template: &str, touchpoint: &Touchpoint, m: &Measurement) -> Text {
    let mut vars: BTreeMap<String, Text> = touchpoint.params.as_vars().map(|(k, v)| (k.to_string(), v)).collect();
    vars.insert("measured".into(), m.text.clone());
    vars.insert("target".into(), m.target.clone());
    for (name, value) in &m.vars {
        vars.insert(name.to_string(), value.clone());
    }
    // Only what the text uses is kept.
    let used = placeholders(template);
    vars.retain(|name, _| used.contains(&name.as_str()));
    Text::Fill { fill: template.to_string(), vars }
}

/// The facts a source collected, or "not assessed" with the source's own reason.
fn collected<T>(gathered: &crate::gather::Gathered<T>) -> Result<&T, Outcome> {
    gathered
        .collected()
        .ok_or_else(|| Outcome::NotAssessed(gathered.reason().cloned().unwrap_or_else(|| Text::given(""))))
}

pub use crate::i18n::{fmt_num, fmt_pct};

/// Pages named in a finding's evidence at most; the count is always given.
pub(crate) const MAX_LISTED_PAGES: usize = 10;

/// Up to [`MAX_LISTED_PAGES`] items of a list as evidence, with a count line for the rest.
pub(crate) fn listed<T: Into<Text>>(kind: EvidenceKind, items: impl IntoIterator<Item = T>) -> Vec<EvidenceItem> {
    let items: Vec<Text> = items.into_iter().map(Into::into).collect();
    let mut evidence: Vec<EvidenceItem> =
        items.iter().take(MAX_LISTED_PAGES).map(|text| EvidenceItem::new(kind, text.clone())).collect();
    if items.len() > MAX_LISTED_PAGES {
        evidence.push(EvidenceItem::new(EvidenceKind::Figure, msg!("listed-in-all", count = items.len())));
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_judged_as_it_prints_and_nothing_short_of_all_prints_as_all() {
        let params = Params::new(
            [("pass".to_string(), toml::Value::Float(1.0)), ("fail".to_string(), toml::Value::Float(0.5))].into(),
        );
        // 999 of 1000 pages against a target of 100 %: "99.9 %", a warning, never a pass.
        let m = Measurement::thresholded(0.999, &params, Text::pct);
        assert_eq!((m.text.en().as_str(), m.thresholds.status(m.judged)), ("99.9 %", Status::Warn));
        // A share that prints as the target is judged as the target ("90 %" against "≥ 90 %").
        let params = Params::new(
            [("pass".to_string(), toml::Value::Float(0.9)), ("fail".to_string(), toml::Value::Float(0.4))].into(),
        );
        let m = Measurement::thresholded(0.8996, &params, Text::pct);
        assert_eq!((m.text.en().as_str(), m.thresholds.status(m.judged)), ("90 %", Status::Pass));
    }

    #[test]
    fn formats_numbers_without_noise() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(4.25), "4.25");
        assert_eq!(fmt_num(0.1 + 0.2), "0.3");
        assert_eq!(fmt_num(-0.001), "0");
        assert_eq!(fmt_pct(0.314), "31 %");
    }
}
