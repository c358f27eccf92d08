//! What changed between two results, as result.json holds it (`changes`, `gates`): the types both the report
//! (which renders them) and `compare` (which computes them) name, so neither names the other.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{AuditResult, round};
use crate::i18n::{Text, Tr};
use crate::msg;
use crate::rules::Status;
use crate::significance;

/// Runs shown in the trend at most (the newest): two years of monthly audits.
pub(crate) const MAX_TREND: usize = 24;

/// The key metrics the trend follows besides the score, each by the rule that measures it (so a custom
/// checklist's touchpoint counts too): (key in result.json, rule).
pub(crate) const TREND_METRICS: &[(&str, &str)] = &[
    ("rating", "review_rating"),
    ("reply_rate", "review_response_rate"),
    ("nps", "nps"),
    ("csat", "csat"),
    ("ces", "ces"),
    ("unanswered_negative", "review_unanswered_negative"),
    ("negative_mentions", "mention_tone"),
];

/// What changed since the baseline; part of result.json as `changes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    pub baseline: BaselineInfo,
    /// Current minus previous score, in points; null when either has no score.
    pub score_delta: Option<f64>,
    pub previous_score: Option<f64>,
    pub previous_level: Option<String>,
    /// The id of `previous_level`, so the level's title follows the report's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_level_id: Option<String>,
    pub areas: Vec<AreaDelta>,
    /// Failing now, not failing before.
    pub newly_failing: Vec<TouchpointChange>,
    /// Failing or warning before, passing now (a fail that became a warning is not fixed: it is in `other`).
    pub fixed: Vec<TouchpointChange>,
    pub still_failing: Vec<TouchpointChange>,
    /// Any other change of status (pass to warn, assessed to not assessed ...).
    pub other: Vec<TouchpointChange>,
    /// Touchpoint ids in only one of the two results (another checklist version).
    pub only_in_baseline: Vec<String>,
    pub only_in_current: Vec<String>,
    pub reviews: Vec<MetricDelta>,
    /// What makes the comparison partial (schema or checklist versions differ).
    pub notes: Vec<String>,
    /// Earlier runs and this one, oldest first (from --history; the baseline and this run otherwise).
    pub trend: Vec<TrendPoint>,
    /// The notes as messages (schema 3).
    #[serde(default)]
    pub messages: ChangeMessages,
    /// How the client's lead over each rival moved (outside-in points, client minus rival; negative:
    /// trailing), for the rivals in both results.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rivals: Vec<GapDelta>,
    /// One record per touchpoint whose measured value changed, each tested against the noise of its samples
    /// (see [`crate::significance`]).
    #[serde(default)]
    pub measures: Vec<MeasureChange>,
    /// Whether the score's change is real, and the touchpoints that moved it.
    #[serde(default)]
    pub score_change: Option<ScoreChange>,
}

/// A change that is real in one direction, or within the noise of its samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeVerdict {
    Improved,
    Worsened,
    WithinNoise,
}

impl ChangeVerdict {
    /// The verdict of a change that went the better way or not, given its test (`None`: it could not be
    /// tested, and is not counted as real); with the test's name and p-value.
    pub(crate) fn judge(tested: Option<significance::Tested>, better: bool) -> (Self, &'static str, Option<f64>) {
        let Some(t) = tested else { return (ChangeVerdict::WithinNoise, "untested", None) };
        let verdict = match (t.real, better) {
            (false, _) => ChangeVerdict::WithinNoise,
            (true, true) => ChangeVerdict::Improved,
            (true, false) => ChangeVerdict::Worsened,
        };
        (verdict, t.test, t.p_value.map(|p| round(p, 4)))
    }

    pub fn message(self) -> &'static str {
        match self {
            ChangeVerdict::Improved => "verdict-improved",
            ChangeVerdict::Worsened => "verdict-worsened",
            ChangeVerdict::WithinNoise => "verdict-within-noise",
        }
    }
}

/// One touchpoint's measured value, then and now, and whether the change is real.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureChange {
    pub touchpoint: String,
    pub title: String,
    pub previous: f64,
    pub current: f64,
    /// The sample sizes (answers, reviews, mentions, events counted), where the measure is on a sample.
    pub n_previous: Option<usize>,
    pub n_current: Option<usize>,
    pub verdict: ChangeVerdict,
    /// The test that decided (`census` for a measure of everything there is, such as the whole site crawled).
    pub test: String,
    pub p_value: Option<f64>,
    /// The status is the same in both runs (the change is inside one status).
    pub same_status: bool,
    /// Points of the overall score this change moved, where both runs scored the touchpoint.
    pub points: Option<f64>,
    /// What of the touchpoint moved: `measured` (its measured value), or a second figure of the same
    /// sample: `csat_mean` (mean of 1-5), `ces_easy` (share of 5-7 answers, 0-1), `negative_reviews` (share
    /// of reviews at most the negative stars, 0-1).
    #[serde(default = "measured_key")]
    pub measure: String,
}

pub(crate) fn measured_key() -> String {
    "measured".to_string()
}

/// The score's change split into what real changes moved and what noise moved.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreChange {
    pub delta: f64,
    pub verdict: ChangeVerdict,
    /// Points moved by changes within noise; the rest of `delta` is real (real changes, and touchpoints
    /// assessed in only one of the runs).
    pub noise_points: f64,
    /// The touchpoints that moved the score, most points first.
    pub explained_by: Vec<Contribution>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub touchpoint: String,
    pub title: String,
    pub points: f64,
    pub verdict: ChangeVerdict,
}

/// The client's outside-in lead over one rival, then and now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GapDelta {
    pub rival: String,
    pub previous: Option<f64>,
    pub current: Option<f64>,
    /// Positive: the client gained on this rival.
    pub delta: Option<f64>,
}

/// The notes of [`Changes`] before they were put into a language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChangeMessages {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Text>,
}

impl Changes {
    /// Renders the notes from their messages in `tr`'s language (older results keep theirs).
    pub fn render_texts(&mut self, tr: &Tr) {
        if !self.messages.notes.is_empty() {
            self.notes = self.messages.notes.iter().map(|n| tr.render(n)).collect();
        }
        for metric in self.reviews.iter_mut().filter(|m| !m.id.is_empty()) {
            metric.metric = tr.message(&metric.id, &[]);
        }
    }

    /// Takes the titles of touchpoints and areas from the current result (after it changed language).
    pub fn retitle(&mut self, titles: impl Fn(&str) -> Option<String>) {
        let lists = [&mut self.newly_failing, &mut self.fixed, &mut self.still_failing, &mut self.other];
        for change in lists.into_iter().flatten() {
            if let Some(title) = titles(&change.id) {
                change.title = title;
            }
        }
        for measure in &mut self.measures {
            if let Some(title) = titles(&measure.touchpoint) {
                measure.title = title;
            }
        }
        for part in self.score_change.iter_mut().flat_map(|s| s.explained_by.iter_mut()) {
            if let Some(title) = titles(&part.touchpoint) {
                part.title = title;
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub file: String,
    pub as_of: Option<String>,
    pub tool_version: Option<String>,
    pub schema_version: Option<u64>,
    pub checklist_version: Option<String>,
}

impl BaselineInfo {
    /// The baseline's date as a gate's message says it ("since 1 October 2026"), or "the baseline".
    pub(crate) fn since(&self) -> Text {
        self.as_of
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
            .map_or_else(|| msg!("report-the-baseline"), Text::date)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaDelta {
    pub id: String,
    pub title: String,
    pub previous: Option<f64>,
    pub current: Option<f64>,
    pub delta: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointChange {
    pub id: String,
    pub title: String,
    pub previous: Status,
    pub current: Status,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetricDelta {
    pub metric: String,
    pub previous: Option<f64>,
    pub current: Option<f64>,
    pub delta: Option<f64>,
    /// The message naming the metric (schema 3).
    #[serde(default)]
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendPoint {
    pub as_of: String,
    pub score: Option<f64>,
    /// The key metrics measured in that run ([`TREND_METRICS`]), by key.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub metrics: std::collections::BTreeMap<String, f64>,
}

impl TrendPoint {
    pub fn of(result: &AuditResult) -> Self {
        let metrics = TREND_METRICS
            .iter()
            .filter_map(|(key, rule)| {
                let t = result.touchpoints.iter().find(|t| t.rule == *rule && t.status.is_assessed())?;
                Some((key.to_string(), t.measured?))
            })
            .collect();
        TrendPoint { as_of: result.as_of.to_string(), score: result.score.value, metrics }
    }
}

/// One gate's verdict; part of result.json as `gates`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GateResult {
    pub gate: String,
    pub passed: bool,
    pub message: String,
    /// The message before it was put into a language (schema 3).
    #[serde(default)]
    pub messages: GateMessages,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GateMessages {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<Text>,
}

impl GateResult {
    pub(crate) fn new(gate: String, passed: bool, message: Text, tr: &Tr) -> Self {
        GateResult { gate, passed, message: tr.render(&message), messages: GateMessages { message: Some(message) } }
    }
}
