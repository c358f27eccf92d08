//! Repeat audits: what changed between two results (a baseline and this run), and the gates a CI job sets.
//!
//! Results are compared as JSON, field by field, so a baseline written by another touchaudit version, schema
//! or checklist version is compared where its ids and fields match; what cannot be matched is listed, never
//! silently mixed in.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::i18n::{Text, Tr};
use crate::msg;
pub(crate) use crate::result::changes::*;
use crate::result::{AuditResult, SCHEMA_VERSION, TouchpointResult, round};
use crate::rules::{Status, fmt_num};
use crate::significance;

/// The score moves by less than this many points (its shown precision) without changing.
pub(crate) const SCORE_STEP: f64 = 0.1;

/// The client's lead over each rival of `result` (by the rival's name, spaces and case aside).
fn gaps(result: &AuditResult) -> Vec<(String, String, Option<f64>)> {
    let mine = result.outside_in.as_ref().and_then(|o| o.score);
    result
        .competitors
        .iter()
        .filter(|c| !c.listing_only)
        .map(|c| {
            let key = crate::rivals::name_key(&c.name);
            let gap = mine.zip(c.outside_in).map(|(m, r)| round(m - r, 1));
            (key, c.name.clone(), gap)
        })
        .collect()
}

/// The gap movement per rival present in both runs; a note when the outside-in touchpoints differ (the
/// gaps then compare different sets).
fn gap_deltas(old: &AuditResult, current: &AuditResult, notes: &mut Vec<Text>) -> Vec<GapDelta> {
    let before = gaps(old);
    let out: Vec<GapDelta> = gaps(current)
        .into_iter()
        .filter_map(|(key, rival, gap)| {
            let (_, _, previous) = before.iter().find(|(k, _, _)| *k == key)?;
            Some(GapDelta { rival, previous: *previous, current: gap, delta: delta(*previous, gap) })
        })
        .collect();
    let touchpoints = |r: &AuditResult| r.outside_in.as_ref().map(|o| o.touchpoints.clone());
    if !out.is_empty() && touchpoints(old) != touchpoints(current) {
        notes.push(msg!("note-outside-in-differs"));
    }
    out
}

/// A past result, read leniently: any touchaudit result JSON, whatever its version.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The file it was read from, as the user named it.
    pub file: PathBuf,
    /// The earlier result, read through the versioned reader (schema 1 to this one).
    pub result: AuditResult,
}

impl Baseline {
    /// Reads a result file.
    pub fn read(path: &Path) -> Result<Self> {
        let text = crate::config::read_input_text(path).map_err(|e| Error::ReadInput {
            path: path.to_path_buf(),
            reason: format!("{e} (the baseline must be a result.json of an earlier run)"),
        })?;
        Self::parse(path, &text)
    }

    /// Parses a result read from `path` (named in errors).
    pub fn parse(path: &Path, text: &str) -> Result<Self> {
        let result = crate::result::parse_result(text)
            .map_err(|reason| Error::ReadInput { path: path.to_path_buf(), reason })?;
        Ok(Baseline { file: path.to_path_buf(), result })
    }

    /// The audit date of the earlier run.
    pub fn as_of(&self) -> Option<NaiveDate> {
        Some(self.result.as_of)
    }

    /// The earlier run's loyalty readiness score, if it had one.
    pub fn score(&self) -> Option<f64> {
        self.result.score.value
    }

    fn trend_point(&self) -> TrendPoint {
        TrendPoint::of(&self.result)
    }

    /// Keeps only what an earlier run gives the trend ([`TrendPoint::of`]) and the data tables
    /// (`report::data`): the scores, each touchpoint's figures, the review and survey numbers. The evidence,
    /// the listed reviews and mentions, the sources and the rivals go.
    pub fn lighten(&mut self) {
        let r = &mut self.result;
        for t in &mut r.touchpoints {
            t.evidence = Vec::new();
            t.recommendation = None;
            t.why = String::new();
            t.messages = Default::default();
        }
        r.fix_first = Vec::new();
        r.changes = None;
        r.gates = Vec::new();
        r.sources = Vec::new();
        r.outside_in = None;
        if let Some(reputation) = &mut r.reputation {
            reputation.listings = None;
            if let Some(reviews) = &mut reputation.reviews {
                reviews.unanswered_negative = Vec::new();
                reviews.themes = Vec::new();
                reviews.monthly = Vec::new();
            }
            if let Some(mentions) = &mut reputation.mentions {
                mentions.negatives = Vec::new();
            }
        }
    }
}

/// Whether a baseline is a result for the same business: it is another business when both its name and its
/// site differ (case, spaces, scheme, `www.` and a trailing slash aside); a renamed business that kept its
/// site, or one that moved its site, is still the same. `Err` says what differs.
pub(crate) fn same_business(baseline: &AuditResult, name: &str, site: Option<&str>) -> std::result::Result<(), String> {
    let norm_site = |s: &str| {
        let s = s.trim().to_lowercase();
        let s = s.split_once("://").map_or(s.as_str(), |(_, rest)| rest).trim_end_matches('/').to_string();
        s.strip_prefix("www.").map(str::to_string).unwrap_or(s)
    };
    let old_name = baseline.business.name.as_str();
    let old_site = baseline.business.site.as_deref();
    let names_differ = crate::rivals::name_key(old_name) != crate::rivals::name_key(name);
    let sites_differ = match (old_site, site) {
        (Some(a), Some(b)) => norm_site(a) != norm_site(b),
        _ => true,
    };
    if names_differ && sites_differ {
        let show = |name: &str, site: Option<&str>| match site {
            Some(site) => format!("`{name}` ({site})"),
            None => format!("`{name}`"),
        };
        return Err(format!("the baseline is for {}, this result for {}", show(old_name, old_site), show(name, site)));
    }
    Ok(())
}

/// [`same_business`] for a result and its baseline: refused (exit 2) unless `force`; when forced, `Ok` with
/// the note the comparison carries.
pub fn check_business(baseline: &Baseline, name: &str, site: Option<&str>, force: bool) -> Result<Option<String>> {
    match same_business(&baseline.result, name, site) {
        Ok(()) => Ok(None),
        Err(what) if force => Ok(Some(what)),
        Err(what) => Err(Error::Usage(format!(
            "{}: {what}; comparing two businesses is almost always a mistake (pass --force to compare anyway)",
            baseline.file.display()
        ))),
    }
}

fn delta(previous: Option<f64>, current: Option<f64>) -> Option<f64> {
    Some(round(current? - previous?, 2))
}

/// The review metrics compared between runs, by their path in the result.
/// The review figures compared, each with its message and how it is read from a result.
type ReadMetric = fn(&AuditResult) -> Option<f64>;
const REVIEW_METRICS: &[(&str, ReadMetric)] = &[
    ("metric-average-rating", |r| reviews_of(r)?.average),
    ("metric-reviews", |r| Some(reviews_of(r)?.count as f64)),
    ("metric-reply-rate", |r| Some(reviews_of(r)?.replies.rate)),
    ("metric-median-reply-hours", |r| reviews_of(r)?.replies.median_hours),
    // The measure of the touchpoint using the rule (whatever a custom checklist calls it); the listed
    // reviews may be capped.
    ("metric-unanswered-negative", |r| r.touchpoints.iter().find(|t| t.rule == UNANSWERED_NEGATIVE_RULE)?.measured),
];

/// The rule whose touchpoint counts the unanswered negative reviews.
const UNANSWERED_NEGATIVE_RULE: &str = "review_unanswered_negative";

fn reviews_of(result: &AuditResult) -> Option<&crate::result::ReviewSummary> {
    result.reputation.as_ref()?.reviews.as_ref()
}

/// Compares this run with the baseline; `history` adds earlier runs to the trend.
pub fn compare(baseline: &Baseline, current: &AuditResult, history: &[Baseline]) -> Changes {
    let old = &baseline.result;
    let tr = current.business.locale.tr();
    let mut notes = Vec::new();
    if old.schema_version != SCHEMA_VERSION {
        notes.push(msg!("note-schema-differs", before = old.schema_version, now = SCHEMA_VERSION));
    }
    if let Err(what) = same_business(old, &current.business.name, current.business.site.as_deref()) {
        notes.push(msg!("note-other-business", what = what));
    }
    if old.checklist.version != current.checklist.version || old.checklist.name != current.checklist.name {
        let name = |r: &AuditResult| format!("{} {}", r.checklist.name, r.checklist.version);
        notes.push(msg!("note-checklists-differ", before = name(old), now = name(current)));
    }
    let (mut newly_failing, mut fixed, mut still_failing, mut other) = (vec![], vec![], vec![], vec![]);
    for now in &current.touchpoints {
        let Some(before) = old.touchpoints.iter().find(|t| t.id == now.id) else { continue };
        let (previous, current_status) = (before.status, now.status);
        let change =
            TouchpointChange { id: now.id.clone(), title: now.title.clone(), previous, current: current_status };
        let missed_before = matches!(previous, Status::Fail | Status::Warn);
        match (previous, current_status) {
            (Status::Fail, Status::Fail) => still_failing.push(change),
            (_, Status::Fail) => newly_failing.push(change),
            (_, Status::Pass) if missed_before => fixed.push(change),
            _ if previous != current_status => other.push(change),
            _ => {}
        }
    }
    let ids = |r: &AuditResult| r.touchpoints.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    let (old_ids, new_ids) = (ids(old), ids(current));
    let areas = current
        .areas
        .iter()
        .map(|area| {
            let previous = old.areas.iter().find(|o| o.id == area.id).and_then(|o| o.score);
            AreaDelta {
                id: area.id.clone(),
                title: area.title.clone(),
                previous,
                current: area.score,
                delta: delta(previous, area.score),
            }
        })
        .collect();
    let reviews = REVIEW_METRICS
        .iter()
        .filter_map(|(name, read)| {
            let (previous, now) = (read(old), read(current));
            (previous.is_some() || now.is_some()).then(|| MetricDelta {
                metric: tr.message(name, &[]),
                previous,
                current: now,
                delta: delta(previous, now),
                id: name.to_string(),
            })
        })
        .collect();
    let rivals = gap_deltas(old, current, &mut notes);
    let shares = score_shares(current);
    let measures = measure_changes(old, current, &shares);
    let score_change = score_change(old, current, &measures, &shares);
    let previous_score = baseline.score();
    let current_score = current.score.value;
    let mut trend: Vec<TrendPoint> = history.iter().map(Baseline::trend_point).collect();
    if !history.iter().any(|h| h.file == baseline.file) {
        trend.push(baseline.trend_point());
    }
    trend.sort_by(|a, b| a.as_of.cmp(&b.as_of));
    trend.push(TrendPoint::of(current));
    let skip = trend.len().saturating_sub(MAX_TREND);
    Changes {
        baseline: BaselineInfo {
            file: baseline.file.display().to_string(),
            as_of: Some(old.as_of.to_string()),
            tool_version: Some(old.tool_version.clone()),
            schema_version: Some(u64::from(old.schema_version)),
            checklist_version: Some(old.checklist.version.clone()),
        },
        score_delta: delta(previous_score, current_score),
        previous_score,
        previous_level: old.score.level.as_ref().map(|l| l.title.clone()),
        previous_level_id: old.score.level.as_ref().map(|l| l.id.clone()),
        areas,
        newly_failing,
        fixed,
        still_failing,
        other,
        only_in_baseline: old_ids.iter().filter(|id| !new_ids.contains(id)).cloned().collect(),
        only_in_current: new_ids.iter().filter(|id| !old_ids.contains(id)).cloned().collect(),
        reviews,
        notes: notes.iter().map(|n| tr.render(n)).collect(),
        trend: trend.into_iter().skip(skip).collect(),
        messages: ChangeMessages { notes },
        rivals,
        measures,
        score_change,
    }
}

/// `--fail-on-drop`: fails when the score worsened beyond what noise moved, or a measure on a sample worsened
/// significantly; names what worsened.
fn drop_gate(changes: Option<&Changes>, tr: &Tr) -> GateResult {
    let gate = "--fail-on-drop".to_string();
    let Some(c) = changes else { return GateResult::new(gate, true, msg!("gate-first-run"), tr) };
    let since = c.baseline.since();
    let mut worse: Vec<String> = Vec::new();
    if let Some(score) = c.score_change.as_ref().filter(|s| s.verdict == ChangeVerdict::Worsened) {
        let real =
            score.explained_by.iter().filter(|m| m.verdict == ChangeVerdict::Worsened).map(|m| m.touchpoint.as_str());
        worse.push(format!("score {} ({})", fmt_num(score.delta), real.collect::<Vec<_>>().join(", ")));
    }
    let sampled = |m: &&MeasureChange| m.n_current.is_some() && m.test != "census";
    for m in c.measures.iter().filter(|m| m.verdict == ChangeVerdict::Worsened).filter(sampled) {
        worse.push(format!("{} {} → {}", m.touchpoint, fmt_num(round(m.previous, 2)), fmt_num(round(m.current, 2))));
    }
    if worse.is_empty() {
        GateResult::new(gate, true, msg!("gate-no-real-drop", since = since), tr)
    } else {
        GateResult::new(gate, false, msg!("gate-drop-real", since = since, what = worse.join("; ")), tr)
    }
}

/// Whether a higher value of the touchpoint's measure is better: by its thresholds, else by how its score
/// moved with it.
fn higher_is_better(t: &TouchpointResult, before: &TouchpointResult) -> bool {
    match (t.pass, t.fail) {
        (Some(pass), Some(fail)) if pass != fail => pass > fail,
        _ => match (before.score, t.score, before.measured, t.measured) {
            (Some(s0), Some(s1), Some(m0), Some(m1)) if s0 != s1 && m0 != m1 => (s1 > s0) == (m1 > m0),
            _ => true,
        },
    }
}

/// Each touchpoint in both results whose measured value changed, tested against its samples' noise.
fn measure_changes(old: &AuditResult, current: &AuditResult, shares: &Shares) -> Vec<MeasureChange> {
    current
        .touchpoints
        .iter()
        .filter_map(|now| {
            let before = old.touchpoints.iter().find(|t| t.id == now.id)?;
            let (previous, value) = (before.measured?, now.measured?);
            if previous == value {
                return None;
            }
            // A baseline written before samples were kept (or a rule that changed what it samples): the change
            // cannot be tested and is not counted as real.
            let tested = significance::test(before.sample.as_ref(), now.sample.as_ref(), (previous, value));
            let (verdict, test, p_value) =
                ChangeVerdict::judge(tested, (value > previous) == higher_is_better(now, before));
            let points = points_moved(shares, before, now);
            Some(MeasureChange {
                touchpoint: now.id.clone(),
                title: now.title.clone(),
                previous,
                current: value,
                n_previous: before.sample.and_then(|s| s.size()),
                n_current: now.sample.and_then(|s| s.size()),
                verdict,
                test: test.to_string(),
                p_value,
                same_status: before.status == now.status,
                points,
                measure: measured_key(),
            })
        })
        .chain(second_figures(old, current))
        .collect()
}

/// The figures of a survey or review sample that no touchpoint measures but a reader compares: CSAT as a
/// mean besides its share, CES as a share of easy answers besides its mean, the share of negative reviews.
/// Each is listed under the touchpoint of its sample (by rule), tested like the rest.
fn second_figures(old: &AuditResult, current: &AuditResult) -> Vec<MeasureChange> {
    use significance::Sample;
    type Figure = (&'static str, &'static str, fn(&AuditResult) -> Option<(f64, Sample)>, bool);
    let figures: [Figure; 3] = [
        (
            "csat_mean",
            "csat",
            |r| {
                let s = r.survey.as_ref()?.csat?;
                Some((s.mean, Sample::Mean { n: s.n, mean: s.mean, sd: s.sd }))
            },
            true,
        ),
        (
            "ces_easy",
            "ces",
            |r| {
                let s = r.survey.as_ref()?.ces?;
                let k = (s.easy / 100.0 * s.n as f64).round() as usize;
                Some((s.easy / 100.0, Sample::Share { n: s.n, k }))
            },
            true,
        ),
        (
            "negative_reviews",
            "review_rating",
            |r| {
                let s = r.reputation.as_ref()?.reviews.as_ref()?;
                let negative: usize = s.distribution.iter().take(s.negative_max_stars.floor().max(0.0) as usize).sum();
                let n: usize = s.distribution.iter().sum();
                (n > 0).then(|| (negative as f64 / n as f64, Sample::Share { n, k: negative }))
            },
            false,
        ),
    ];
    figures
        .iter()
        .filter_map(|(measure, rule, read, higher_better)| {
            let touchpoint = current.touchpoints.iter().find(|t| t.rule == *rule)?;
            let ((previous, s0), (value, s1)) = (read(old)?, read(current)?);
            // A result written before the spread was kept has sd 0: a mean without its spread is not tested.
            let untestable =
                matches!((s0, s1), (Sample::Mean { sd: a, .. }, Sample::Mean { sd: b, .. }) if a == 0.0 || b == 0.0);
            if previous == value {
                return None;
            }
            let tested = (!untestable).then(|| significance::test(Some(&s0), Some(&s1), (previous, value))).flatten();
            let (verdict, test, p_value) = ChangeVerdict::judge(tested, (value > previous) == *higher_better);
            Some(MeasureChange {
                touchpoint: touchpoint.id.clone(),
                title: touchpoint.title.clone(),
                previous: round(previous, 4),
                current: round(value, 4),
                n_previous: s0.size(),
                n_current: s1.size(),
                verdict,
                test: test.to_string(),
                p_value,
                same_status: true,
                points: None,
                measure: measure.to_string(),
            })
        })
        .collect()
}

/// Points of the overall score a touchpoint moved between two runs that both scored it.
fn points_moved(shares: &Shares, before: &TouchpointResult, now: &TouchpointResult) -> Option<f64> {
    Some(round(shares.get(now.id.as_str())? * (now.score? - before.score?) * 100.0, 2))
}

/// Each scored touchpoint's share of the overall score, by id.
type Shares<'a> = std::collections::HashMap<&'a str, f64>;

/// Each scored touchpoint's share of the overall score (its area's weight share times its weight share in the
/// area, over what was assessed), as the score adds them up.
fn score_shares(result: &AuditResult) -> Shares<'_> {
    let scored = |t: &&TouchpointResult| t.score.is_some() && t.status != Status::NotApplicable;
    let contributing: f64 = result.areas.iter().filter(|a| a.score.is_some()).map(|a| a.weight).sum();
    let mut out = std::collections::HashMap::new();
    for area in result.areas.iter().filter(|a| a.score.is_some()) {
        let in_area = || result.touchpoints.iter().filter(|t| t.area == area.id).filter(scored);
        let assessed: f64 = in_area().map(|t| t.weight).sum();
        if assessed > 0.0 && contributing > 0.0 {
            for t in in_area() {
                out.insert(t.id.as_str(), area.weight / contributing * t.weight / assessed);
            }
        }
    }
    out
}

/// The score's change: which touchpoints moved it, and whether what is left after noise is a real change.
fn score_change(
    old: &AuditResult,
    current: &AuditResult,
    measures: &[MeasureChange],
    shares: &Shares,
) -> Option<ScoreChange> {
    let delta = round(current.score.value? - old.score.value?, 2);
    let mut explained_by: Vec<Contribution> = current
        .touchpoints
        .iter()
        .filter_map(|now| {
            let before = old.touchpoints.iter().find(|t| t.id == now.id)?;
            let points = points_moved(shares, before, now)?;
            if points == 0.0 {
                return None;
            }
            // A score that moved without a measured value (an auditor's verdict) is a real change.
            let verdict = measures
                .iter()
                .find(|m| m.touchpoint == now.id && m.measure == "measured")
                .map_or(if points > 0.0 { ChangeVerdict::Improved } else { ChangeVerdict::Worsened }, |m| m.verdict);
            Some(Contribution { touchpoint: now.id.clone(), title: now.title.clone(), points, verdict })
        })
        .collect();
    explained_by
        .sort_by(|a, b| b.points.abs().total_cmp(&a.points.abs()).then_with(|| a.touchpoint.cmp(&b.touchpoint)));
    let noise_points: f64 =
        explained_by.iter().filter(|c| c.verdict == ChangeVerdict::WithinNoise).map(|c| c.points).sum();
    let real = delta - noise_points;
    let verdict = if real.abs() < SCORE_STEP {
        ChangeVerdict::WithinNoise
    } else if real > 0.0 {
        ChangeVerdict::Improved
    } else {
        ChangeVerdict::Worsened
    };
    Some(ScoreChange { delta, verdict, noise_points: round(noise_points, 2), explained_by })
}

/// The history folder of `--history`: every run's result as `YYYY-MM-DD.json` (the audit date).
pub struct History {
    /// The folder.
    pub dir: PathBuf,
    /// Every run, oldest first. Runs read from the folder keep only what the trend and the data tables use
    /// ([`Baseline::lighten`]): forty large results are not held whole at once.
    pub runs: Vec<Baseline>,
    /// The runs were lightened: the baseline is read again, whole, from its file.
    light: bool,
}

impl History {
    /// Reads every result in `dir` (missing: an empty history), one at a time, each kept light; files that
    /// are not results are skipped.
    pub fn read(dir: &Path) -> Result<Self> {
        let mut runs = Vec::new();
        match std::fs::read_dir(dir) {
            Ok(entries) => {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.extension().is_some_and(|e| e == "json")
                        && let Ok(text) = crate::config::read_input_text(&path)
                        && let Ok(mut run) = Baseline::parse(&path, &text)
                    {
                        run.lighten();
                        runs.push(run);
                    }
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::ReadInput { path: dir.to_path_buf(), reason: e.to_string() }),
        }
        runs.sort_by_key(|r| (r.as_of(), r.result.generated_at.clone()));
        Ok(History { dir: dir.to_path_buf(), runs, light: true })
    }

    /// Earlier results held in memory, whole (a batch's past runs).
    pub fn in_memory(runs: Vec<Baseline>) -> Self {
        History { dir: PathBuf::new(), runs, light: false }
    }

    /// The newest run from before `as_of`, whole: what this run is compared with.
    pub fn baseline_for(&self, as_of: NaiveDate) -> Result<Option<Baseline>> {
        let Some(run) = self.runs.iter().rev().find(|r| r.as_of().is_some_and(|d| d < as_of)) else { return Ok(None) };
        if self.light { Baseline::read(&run.file).map(Some) } else { Ok(Some(run.clone())) }
    }

    /// The runs before `as_of`, for the trend and the data tables.
    pub fn before(&self, as_of: NaiveDate) -> Vec<Baseline> {
        self.runs.iter().filter(|r| r.as_of().is_some_and(|d| d < as_of)).cloned().collect()
    }

    /// The file name a run of `as_of` is kept under (`YYYY-MM-DD.json`).
    pub fn file_for(as_of: NaiveDate) -> String {
        format!("{as_of}.json")
    }
}

/// The gates a CI job sets; a failed one makes the command exit with 3 after writing everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gates {
    /// Fail when the score is below this.
    pub fail_under: Option<f64>,
    /// Fail when the score dropped by more than this many points since the baseline.
    pub max_drop: Option<f64>,
    /// Fail when any of these touchpoints (ids) fails.
    pub fail_on: Vec<String>,
    /// Fail unless the business ranks in the top N by outside-in score among itself and its rivals.
    pub fail_on_rank: Option<usize>,
    /// Fail on a real worsening since the baseline (not on one within noise).
    pub fail_on_drop: bool,
}

impl Gates {
    /// Whether no gate is set.
    pub fn is_empty(&self) -> bool {
        self.fail_under.is_none()
            && self.max_drop.is_none()
            && self.fail_on.is_empty()
            && self.fail_on_rank.is_none()
            && !self.fail_on_drop
    }

    /// Checks the gates against this run's result and its changes.
    pub fn check(&self, current: &AuditResult, changes: Option<&Changes>) -> Vec<GateResult> {
        let tr = current.business.locale.tr();
        let score = current.score.value;
        let score_text = score.map_or_else(|| msg!("gate-no-score"), Text::from);
        let mut out = Vec::new();
        if let Some(bar) = self.fail_under {
            let passed = score.is_some_and(|s| s >= bar);
            let message = if passed {
                msg!("gate-at-least", score = &score_text, bar = bar)
            } else {
                msg!("gate-below", score = &score_text, bar = bar)
            };
            out.push(GateResult::new(format!("--fail-under {}", fmt_num(bar)), passed, message, tr));
        }
        if let Some(max) = self.max_drop {
            let gate = format!("--max-drop {}", fmt_num(max));
            out.push(match changes.map(|c| (c.score_delta, c.baseline.since())) {
                Some((Some(delta), since)) => {
                    let passed = -delta <= max;
                    let message = msg!(
                        "gate-drop",
                        direction = if delta < 0.0 { "dropped" } else { "rose" },
                        points = delta.abs(),
                        since = since,
                        max = max
                    );
                    GateResult::new(gate, passed, message, tr)
                }
                Some((None, _)) => GateResult::new(gate, false, msg!("gate-no-scores"), tr),
                None => GateResult::new(gate, true, msg!("gate-first-run"), tr),
            });
        }
        if self.fail_on_drop {
            out.push(drop_gate(changes, tr));
        }
        for id in &self.fail_on {
            let status = current.touchpoints.iter().find(|t| &t.id == id).map(|t| t.status);
            let passed = status != Some(Status::Fail);
            let message = match status {
                Some(s) => msg!("gate-touchpoint-status", id = id.as_str(), status = s.label()),
                None => msg!("gate-touchpoint-missing", id = id.as_str()),
            };
            out.push(GateResult::new(format!("--fail-on {id}"), passed, message, tr));
        }
        if let Some(max) = self.fail_on_rank {
            let gate = format!("--fail-on-rank {max}");
            let mine = current.outside_in.as_ref().and_then(|o| o.score);
            // Rivals known by a listing's rating alone are not ranked by the outside-in score.
            let checked: Vec<_> = current.competitors.iter().filter(|c| !c.listing_only).collect();
            out.push(match (mine, checked.is_empty()) {
                (_, true) => GateResult::new(gate, false, msg!("gate-no-rivals"), tr),
                (None, false) => GateResult::new(gate, false, msg!("gate-no-scores"), tr),
                (Some(mine), false) => {
                    // Rank 1 is the best; a tie shares the better rank.
                    let ahead = checked.iter().filter(|c| c.outside_in.is_some_and(|s| s > mine)).count();
                    let rank = ahead + 1;
                    let total = checked.len() + 1;
                    GateResult::new(gate, rank <= max, msg!("gate-rank", rank = rank, total = total, max = max), tr)
                }
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    /// A result like the demo's (its reviewed snapshot) with the given date, score, statuses and rating.
    fn result(as_of: &str, score: f64, statuses: &[(&str, &str)], rating: f64) -> AuditResult {
        let mut v: Value = serde_json::from_str(include_str!("../tests/snapshots/demo-result.json")).unwrap();
        v["generated_at"] = json!("2026-11-01T00:00:00Z");
        v["duration_ms"] = json!(0);
        v["as_of"] = json!(as_of);
        v["score"]["value"] = json!(score);
        v["areas"] = json!([{"id": "website", "title": "Website", "weight": 1.0, "score": score, "coverage": 1.0,
            "assessed": 1, "applicable": 1}]);
        let template = v["touchpoints"][0].clone();
        v["touchpoints"] = statuses
            .iter()
            .map(|(id, s)| {
                let mut t = template.clone();
                t["id"] = json!(id);
                t["title"] = json!(id);
                t["status"] = json!(s);
                let counts = *id == "reviews.unanswered_negative";
                t["rule"] = json!(if counts { UNANSWERED_NEGATIVE_RULE } else { "manual" });
                t["measured"] = if counts { json!(2.0) } else { Value::Null };
                t
            })
            .collect();
        let reviews = &mut v["reputation"]["reviews"];
        reviews["average"] = json!(rating);
        reviews["count"] = json!(10);
        reviews["replies"]["rate"] = json!(0.5);
        reviews["replies"]["median_hours"] = json!(20.0);
        serde_json::from_value(v).unwrap()
    }

    fn baseline(result: AuditResult) -> Baseline {
        Baseline { file: "old.json".into(), result }
    }

    #[test]
    fn a_history_is_held_light_and_its_baseline_read_whole() {
        let mut v: Value = serde_json::from_str(include_str!("../tests/snapshots/demo-result.json")).unwrap();
        v["generated_at"] = json!("2026-11-01T00:00:00Z");
        v["duration_ms"] = json!(0);
        let demo: AuditResult = serde_json::from_value(v).unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (name, as_of) in [("2026-09-01.json", "2026-09-01"), ("2026-10-01.json", "2026-10-01")] {
            let mut run = demo.clone();
            run.as_of = NaiveDate::parse_from_str(as_of, "%Y-%m-%d").unwrap();
            std::fs::write(dir.path().join(name), crate::result::to_json(&run).unwrap()).unwrap();
        }
        let history = History::read(dir.path()).unwrap();
        assert_eq!(history.runs.len(), 2);
        for run in &history.runs {
            assert!(run.result.touchpoints.iter().all(|t| t.evidence.is_empty()), "evidence is not kept");
            assert!(run.result.sources.is_empty());
            // What the trend and data.csv read is kept.
            assert_eq!(run.trend_point().score, demo.score.value);
            let measured = |r: &AuditResult| r.touchpoints.iter().map(|t| t.measured).collect::<Vec<_>>();
            assert_eq!(measured(&run.result), measured(&demo));
        }
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let baseline = history.baseline_for(as_of).unwrap().unwrap();
        assert!(baseline.file.ends_with("2026-10-01.json"));
        assert!(baseline.result.touchpoints.iter().any(|t| !t.evidence.is_empty()), "the baseline is whole");
        assert_eq!(baseline.result.sources, demo.sources);
    }

    #[test]
    fn status_changes_scores_and_review_metrics() {
        let old = result(
            "2026-10-01",
            60.0,
            &[("a", "pass"), ("b", "fail"), ("c", "fail"), ("d", "warn"), ("gone", "pass")],
            4.0,
        );
        let new = result(
            "2026-11-01",
            55.5,
            &[("a", "fail"), ("b", "pass"), ("c", "fail"), ("d", "pass"), ("new", "pass")],
            4.25,
        );
        // A fail that became a warning is better, not fixed.
        let half = result("2026-11-01", 58.0, &[("b", "warn")], 4.0);
        let partial = compare(&baseline(old.clone()), &half, &[]);
        assert!(partial.fixed.is_empty());
        assert_eq!(partial.other.len(), 1);
        let changes = compare(&baseline(old), &new, &[]);
        let ids = |list: &[TouchpointChange]| list.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&changes.newly_failing), ["a"]);
        assert_eq!(ids(&changes.still_failing), ["c"]);
        assert_eq!(ids(&changes.fixed), ["b", "d"]);
        assert!(changes.other.is_empty());
        assert_eq!(
            (changes.only_in_baseline, changes.only_in_current),
            (vec!["gone".to_string()], vec!["new".to_string()])
        );
        assert_eq!(changes.score_delta, Some(-4.5));
        assert_eq!(changes.areas[0].delta, Some(-4.5));
        assert_eq!(changes.reviews[0].delta, Some(0.25));
        assert!(changes.notes.is_empty());
        assert_eq!(changes.trend.len(), 2);
    }

    #[test]
    fn another_business_is_told_apart_from_a_renamed_or_moved_one() {
        let mut old = result("2026-10-01", 60.0, &[], 4.0);
        old.business.name = "Bright Smile Dental".into();
        old.business.site = Some("https://brightsmile.example/".into());
        assert!(same_business(&old, "bright  smile dental", Some("http://www.brightsmile.example")).is_ok());
        assert!(same_business(&old, "Bright Smile Dental & Co", Some("https://brightsmile.example/")).is_ok());
        assert!(same_business(&old, "Bright Smile Dental", Some("https://smile.example/")).is_ok());
        let other = same_business(&old, "Corner Bakery", Some("https://bakery.example/")).unwrap_err();
        assert!(other.contains("`Bright Smile Dental`") && other.contains("`Corner Bakery`"), "{other}");
        old.business.site = None;
        assert!(same_business(&old, "B", None).is_err());
    }

    #[test]
    fn other_schemas_and_checklists_are_compared_where_they_match_and_said() {
        let mut old = result("2026-10-01", 60.0, &[("a", "pass")], 4.0);
        old.schema_version = 1;
        old.checklist.version = "2025.01".into();
        let changes = compare(&baseline(old), &result("2026-11-01", 61.0, &[("a", "fail")], 4.0), &[]);
        assert_eq!(changes.notes.len(), 2, "{:?}", changes.notes);
        assert!(changes.notes[0].contains("schema_version 1"));
        assert!(changes.notes[1].contains("2025.01"));
        assert_eq!(changes.newly_failing.len(), 1);
    }

    #[test]
    fn gates_pass_fail_and_say_why() {
        let new = result("2026-11-01", 55.5, &[("a", "fail"), ("b", "pass")], 4.0);
        let old = result("2026-10-01", 60.0, &[("a", "pass")], 4.0);
        let changes = compare(&baseline(old), &new, &[]);
        let gates = Gates {
            fail_under: Some(60.0),
            max_drop: Some(3.0),
            fail_on: vec!["a".into(), "b".into(), "zz".into()],
            fail_on_rank: None,
            fail_on_drop: false,
        };
        let verdicts = gates.check(&new, Some(&changes));
        let failed: Vec<&str> = verdicts.iter().filter(|g| !g.passed).map(|g| g.message.as_str()).collect();
        assert_eq!(
            failed,
            [
                "score 55.5 is below 60",
                "score dropped by 4.5 points since 1 October 2026 (at most 3 allowed)",
                "a is fail"
            ]
        );
        let mut russian = new.clone();
        russian.business.locale = crate::i18n::Locale::Ru;
        let verdicts = gates.check(&russian, Some(&changes));
        assert_eq!(verdicts[0].message, "оценка 55,5 ниже 60");
        assert_eq!(verdicts[1].message, "оценка упала на 4,5 балла с 1 октября 2026 (допустимо падение не больше 3)");
        assert_eq!(verdicts.iter().filter(|g| g.passed).count(), 2, "b passes, zz is not in the result");
        let first_run = Gates { max_drop: Some(3.0), ..Gates::default() }.check(&new, None);
        assert!(first_run[0].passed && first_run[0].message.contains("first run"));
    }

    /// `result` with one NPS touchpoint measured on `n` answers and one broken-links count (a census).
    fn measured(
        as_of: &str,
        score: f64,
        (n, promoters, detractors): (usize, usize, usize),
        broken: f64,
    ) -> AuditResult {
        let mut r = result(as_of, score, &[("metrics.nps", "warn"), ("website.broken_links", "warn")], 4.0);
        let nps = (promoters as f64 - detractors as f64) / n as f64 * 100.0;
        for t in &mut r.touchpoints {
            t.area = "website".into();
            if t.id == "metrics.nps" {
                (t.measured, t.pass, t.fail, t.score) = (Some(nps), Some(50.0), Some(0.0), Some(nps / 50.0));
                t.sample = Some(significance::Sample::Nps { n, promoters, detractors });
            } else {
                (t.measured, t.pass, t.fail, t.score) =
                    (Some(broken), Some(0.0), Some(10.0), Some(1.0 - broken / 10.0));
            }
        }
        r
    }

    #[test]
    fn changes_within_noise_are_told_from_real_ones_and_gate_only_on_real_drops() {
        let gates = Gates { fail_on_drop: true, ..Gates::default() };
        // NPS 35 → 31 on 90 answers each, broken links 2 → 1 (same status): the NPS move is noise, the
        // broken link fixed is real, and the gate passes.
        let old = measured("2026-10-01", 60.0, (90, 45, 13), 2.0);
        let new = measured("2026-11-01", 59.0, (90, 43, 15), 1.0);
        let changes = compare(&baseline(old), &new, &[]);
        let by_id = |c: &Changes, id: &str| c.measures.iter().find(|m| m.touchpoint == id).cloned().unwrap();
        let nps = by_id(&changes, "metrics.nps");
        assert_eq!((nps.verdict, nps.n_previous, nps.n_current), (ChangeVerdict::WithinNoise, Some(90), Some(90)));
        assert_eq!(nps.test, "nps_z");
        let broken = by_id(&changes, "website.broken_links");
        assert_eq!(
            (broken.verdict, broken.same_status, broken.test.as_str()),
            (ChangeVerdict::Improved, true, "census")
        );
        assert_eq!((broken.n_previous, broken.n_current), (None, None));
        let verdicts = gates.check(&new, Some(&changes));
        assert!(verdicts[0].passed, "{verdicts:?}");
        // NPS 20 → −5 on 400 answers each: a real worsening, and the gate fails naming it.
        let old = measured("2026-10-01", 60.0, (400, 160, 80), 1.0);
        let new = measured("2026-11-01", 50.0, (400, 100, 120), 1.0);
        let changes = compare(&baseline(old), &new, &[]);
        assert_eq!(by_id(&changes, "metrics.nps").verdict, ChangeVerdict::Worsened);
        assert!(changes.measures.iter().all(|m| m.touchpoint != "website.broken_links"), "unchanged is not listed");
        let score = changes.score_change.clone().unwrap();
        assert_eq!(score.verdict, ChangeVerdict::Worsened);
        assert_eq!(score.explained_by[0].touchpoint, "metrics.nps");
        let verdicts = gates.check(&new, Some(&changes));
        assert!(!verdicts[0].passed && verdicts[0].message.contains("metrics.nps"), "{verdicts:?}");
        // The first run has nothing to compare with: the gate passes and says so.
        assert!(gates.check(&new, None)[0].passed);
    }

    #[test]
    fn a_survey_figure_no_touchpoint_measures_is_compared_and_tested_too() {
        let mut old = result("2026-10-01", 60.0, &[("metrics.csat", "warn")], 4.0);
        old.touchpoints[0].rule = "csat".into();
        let mut new = old.clone();
        new.as_of = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        let csat =
            |mean: f64, sd: f64| crate::config::survey::CsatStats { n: 300, satisfied: 200, csat: 66.7, mean, sd };
        old.survey.as_mut().unwrap().csat = Some(csat(4.1, 0.9));
        new.survey.as_mut().unwrap().csat = Some(csat(3.7, 1.0));
        let changes = compare(&baseline(old.clone()), &new, &[]);
        let mean = changes.measures.iter().find(|m| m.measure == "csat_mean").unwrap();
        assert_eq!(
            (mean.touchpoint.as_str(), mean.verdict, mean.test.as_str()),
            ("metrics.csat", ChangeVerdict::Worsened, "welch_t")
        );
        // Without the spread (a result from before it was kept) the mean is listed but not tested.
        old.survey.as_mut().unwrap().csat = Some(csat(4.1, 0.0));
        let changes = compare(&baseline(old), &new, &[]);
        let mean = changes.measures.iter().find(|m| m.measure == "csat_mean").unwrap();
        assert_eq!((mean.verdict, mean.test.as_str()), (ChangeVerdict::WithinNoise, "untested"));
    }

    #[test]
    fn baselines_that_are_not_results_are_refused() {
        let err = Baseline::parse(Path::new("x.json"), "{\"a\": 1}").unwrap_err().to_string();
        assert!(err.contains("not a touchaudit result"), "{err}");
        let err = Baseline::parse(Path::new("x.json"), "{").unwrap_err().to_string();
        assert!(err.contains("not valid JSON"), "{err}");
    }
}
