//! The result model: what result.json holds (schema versioned) and what every renderer reads.

use std::path::Path;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub(crate) mod chain;
pub(crate) mod changes;

use crate::config::Audit;
use crate::config::checklist::{Checklist, Level};
use crate::config::survey::{CesStats, CsatStats, NpsStats};
use crate::error::{Diagnostic, Error, Result};
use crate::gather::site::SiteFacts;
use crate::gather::{Evidence, Gathered, SourceStatus};
use crate::i18n::{Locale, Text};
use crate::msg;
use crate::rules::{EvidenceItem, Finding, SourceKind, Status, registry};
use crate::score::Scored;

/// Bumped whenever a field changes meaning or disappears; additions keep the version.
/// 2: a touchpoint's `status` follows its target (pass only when the measured value meets `pass`), and
/// `changes.fixed` means "passes now"; in version 1 a score of 0.8 passed.
/// 3: every composed text (a touchpoint's measurement, target, reason, recommendation and evidence, a
/// source's lines, the notes of `changes`, a gate's message) keeps its message beside it (`messages`, an
/// evidence item's `message`): the id and typed arguments it was rendered from, so the result renders in any
/// language (`touchaudit report --locale`). The rendered texts stay where they were.
pub(crate) const SCHEMA_VERSION: u32 = 3;
/// The oldest schema `touchaudit report` re-renders: version 1 has the same fields (its statuses are shown
/// as they were recorded).
pub(crate) const OLDEST_READABLE_SCHEMA: u32 = 1;
/// Invalid survey cells listed in the sources section at most (the count is always complete).
const MAX_LISTED_PROBLEMS: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The stable JSON result of one audit: the score, a score per area, every touchpoint with its evidence, and what to fix first.
pub struct AuditResult {
    /// The result schema's version ([`SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// The touchaudit version that wrote it.
    pub tool_version: String,
    /// The business audited.
    pub business: BusinessInfo,
    /// The audit date.
    pub as_of: NaiveDate,
    /// When the result was written (RFC 3339).
    pub generated_at: String,
    /// The checklist used.
    pub checklist: ChecklistInfo,
    /// The loyalty readiness score and its coverage.
    pub score: ScoreInfo,
    /// The readiness levels and which one the business reached.
    pub levels: Vec<LevelInfo>,
    /// The score per area.
    pub areas: Vec<AreaResult>,
    /// Every touchpoint's verdict with its evidence.
    pub touchpoints: Vec<TouchpointResult>,
    /// The fixes worth the most points, best first.
    pub fix_first: Vec<FixItem>,
    /// The executive summary: the fewest fixes that reach the next level, and the strengths.
    #[serde(default)]
    pub summary: ExecutiveSummary,
    /// The survey figures (NPS, CSAT, CES); null without answers.
    pub survey: Option<SurveySummary>,
    /// Review and mention figures for the report's reputation section; null when neither was read.
    #[serde(default)]
    pub reputation: Option<ReputationSummary>,
    /// What changed since the baseline (`--baseline` or `--history`); null without one.
    #[serde(default)]
    pub changes: Option<changes::Changes>,
    /// The verdicts of `--fail-under`, `--max-drop` and `--fail-on`; empty when none was set.
    #[serde(default)]
    pub gates: Vec<changes::GateResult>,
    /// Every source read, with what it gave.
    pub sources: Vec<SourceInfo>,
    /// How long the run took.
    pub duration_ms: u64,
    /// The client's outside-in score: over the touchpoints judged from outside that every subject has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_in: Option<OutsideIn>,
    /// The rivals of `[[competitor]]`, checked with the same touchpoints.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub competitors: Vec<CompetitorResult>,
    /// Who the report is for and whose name it carries (`[output] audience`, `[agency]`).
    #[serde(default)]
    pub presentation: Presentation,
    /// A chain's locations (`[[location]]`), each judged on its own; empty for a single business.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<chain::LocationResult>,
    /// A chain's problems: systemic and local; absent for a single business.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<chain::ChainSummary>,
}

/// The outside-in comparison's common ground.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutsideIn {
    /// 0-100 over `touchpoints`, weights renormalised.
    pub score: Option<f64>,
    /// The touchpoints judged from outside (site, reviews, listings) assessed for every subject.
    pub touchpoints: Vec<String>,
    /// Where the client trails the best rival: per outside-in touchpoint, the rival that scores best on it
    /// when it scores better than the client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trails: Vec<Trail>,
}

/// One touchpoint where a rival does better than the client, with both measurements.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trail {
    pub touchpoint: String,
    pub rival: String,
    /// "Smile Pro: 92 % answered within 2 days; you: 41 %", rendered from `message`.
    #[serde(default)]
    pub text: String,
    pub message: Text,
}

/// One rival, as the comparison sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompetitorResult {
    pub name: String,
    pub site: Option<String>,
    /// 0-100 over the same touchpoints as the client's (`outside_in.touchpoints`).
    pub outside_in: Option<f64>,
    /// The rating customers see: the platforms' own where stated, weighted by review count.
    pub rating: Option<f64>,
    pub reviews: Option<usize>,
    pub reply_rate: Option<f64>,
    pub median_reply_hours: Option<f64>,
    pub unanswered_negative: Option<usize>,
    /// Which of the rival's sources gave something (site, reviews).
    pub sources: Vec<RivalSource>,
    /// The outside-in touchpoints' verdicts for the rival.
    pub touchpoints: Vec<RivalTouchpoint>,
    /// Known only by the rating and review count a listing shows beside the business (`[[reviews]]
    /// rivals = N`, from Apify's `peopleAlsoSearch`): never checked, never ranked by outside-in score.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub listing_only: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RivalSource {
    pub kind: SourceKind,
    pub collected: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RivalTouchpoint {
    pub id: String,
    pub status: Status,
    pub measured: Option<f64>,
    /// The measured value as a message (the report renders it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_text: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// How the report presents the result: to the client (plain words, no setup hints) or to the consultant, and
/// under the agency's name.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Presentation {
    pub audience: crate::config::agency::Audience,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<crate::config::agency::Agency>,
}

pub(crate) use crate::rules::summary::{MentionSummary, ReputationSummary, ReviewRef, ReviewSummary};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessInfo {
    pub name: String,
    pub site: Option<String>,
    pub locale: crate::i18n::Locale,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChecklistInfo {
    pub name: String,
    pub version: String,
    pub origin: String,
    pub touchpoints: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreInfo {
    /// Loyalty readiness score, 0-100, one decimal; null when nothing could be assessed.
    pub value: Option<f64>,
    pub level: Option<LevelInfo>,
    /// Share of the applicable weight that was assessed, 0-1.
    pub coverage: f64,
    /// True when coverage is below 60 %: the score may move a lot once the rest is assessed.
    pub provisional: bool,
    /// Failed critical touchpoints that capped the level.
    pub capped_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelInfo {
    pub id: String,
    pub title: String,
    pub min: f64,
    pub description: String,
}

impl From<&Level> for LevelInfo {
    fn from(level: &Level) -> Self {
        LevelInfo {
            id: level.id.clone(),
            title: level.title.clone(),
            min: level.min,
            description: level.description.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaResult {
    pub id: String,
    pub title: String,
    pub weight: f64,
    /// 0-100, one decimal; null when nothing in the area was assessed.
    pub score: Option<f64>,
    /// 0-1; null when the area has no applicable touchpoint.
    pub coverage: Option<f64>,
    pub assessed: usize,
    pub applicable: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TouchpointResult {
    pub id: String,
    pub area: String,
    pub title: String,
    pub status: Status,
    pub critical: bool,
    pub weight: f64,
    pub rule: String,
    /// 0-1, three decimals.
    pub score: Option<f64>,
    /// The measured number, where the rule measures one (a share, a count, NPS points ...).
    pub measured: Option<f64>,
    pub measured_text: Option<String>,
    pub target: Option<String>,
    /// The target as numbers: `measured` passes when it meets `pass` and fails at or beyond `fail`.
    #[serde(default)]
    pub pass: Option<f64>,
    #[serde(default)]
    pub fail: Option<f64>,
    pub evidence: Vec<EvidenceResult>,
    pub recommendation: Option<String>,
    /// Points the overall score would gain if this touchpoint passed fully.
    pub gain: Option<f64>,
    /// Why it was not assessed or is not applicable.
    pub reason: Option<String>,
    pub why: String,
    /// When the auditor set the status in offline.toml (`override`): the measured status and score, and the
    /// auditor's note. `status` and `score` above are then the auditor's.
    #[serde(default)]
    pub auditor: Option<crate::rules::AuditorVerdict>,
    /// The sample `measured` was taken on (survey answers, reviews, mentions in a window), so a later run can
    /// tell a real change from noise; absent for a census (the whole site crawled, an auditor's score).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sample: Option<crate::significance::Sample>,
    /// The texts above as messages, by the same keys (schema 3; absent in older results).
    #[serde(default)]
    pub messages: TouchpointMessages,
}

/// A touchpoint's composed texts before they were put into a language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TouchpointMessages {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measured_text: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recommendation: Option<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
}

/// One piece of evidence as result.json keeps it: the text in the result's language, and the message it was
/// rendered from unless it is text as given (a note, a review, a file name).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceResult {
    pub kind: crate::rules::EvidenceKind,
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub message: Option<Text>,
    /// A photo's thumbnail (`data:image/jpeg;base64,…`), for an attached image that could be read.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub image: Option<String>,
}

impl EvidenceResult {
    /// The item with its message; the text is rendered by [`AuditResult::localize`] (text as given is kept).
    fn of(item: &EvidenceItem) -> Self {
        let (text, message) = match &item.text {
            Text::Given(text) => (text.clone(), None),
            other => (String::new(), Some(other.clone())),
        };
        EvidenceResult { kind: item.kind, text, source: item.source.clone(), message, image: None }
    }
}

/// What the report's first screen says beside the score.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecutiveSummary {
    /// The smallest set of fixes (fix-first order) that lifts the level one band, re-scored with them passing;
    /// null at the top level or when no set of fixes reaches it.
    pub next_level: Option<crate::score::NextLevel>,
    /// Up to three passing touchpoints that weigh most, from different areas where possible.
    pub strengths: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FixItem {
    pub id: String,
    pub title: String,
    pub area: String,
    pub status: Status,
    pub critical: bool,
    pub gain: f64,
    pub recommendation: String,
    /// Where the best rival does better on this touchpoint (`outside_in.trails`), rendered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trails: Option<String>,
    /// In a chain: the locations where it fails (all of them for a systemic problem, fixed once).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub file: String,
    pub rows: usize,
    pub invalid_cells: usize,
    pub nps: Option<NpsStats>,
    pub csat: Option<CsatStats>,
    pub ces: Option<CesStats>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    pub kind: SourceKind,
    pub label: String,
    pub status: SourceStatus,
    pub file: Option<String>,
    /// What the source gave, one line each.
    pub summary: Vec<String>,
    /// What could not be used, one line each (the first few, with a count line when more).
    pub problems: Vec<String>,
    pub reason: Option<String>,
    /// What in this source gave nothing at all (a site that did not answer, an export or feed with no usable
    /// record, a URL that failed): the terminal prints each as a warning.
    #[serde(default)]
    pub warnings: Vec<String>,
    /// The lines above as messages, by the same keys (schema 3; absent in older results).
    #[serde(default)]
    pub messages: SourceMessages,
}

/// A source's composed lines before they were put into a language.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceMessages {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary: Vec<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Text>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Text>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Text>,
}

pub(crate) use crate::stats::round;

/// Everything a run knows, before it becomes a result.
pub(crate) struct RunFacts<'a> {
    pub audit: &'a Audit,
    pub evidence: &'a Evidence,
    pub findings: &'a [Finding],
    pub scored: &'a Scored,
    /// Reviews and mentions at a glance, as the evaluation summarised them.
    pub reputation: Option<ReputationSummary>,
    pub summary: ExecutiveSummary,
    pub outside_in: Option<OutsideIn>,
    pub competitors: Vec<CompetitorResult>,
    pub as_of: NaiveDate,
    pub generated_at: String,
    pub duration_ms: u64,
}

pub(crate) fn build(facts: &RunFacts) -> AuditResult {
    let RunFacts { audit, evidence, findings, scored, .. } = facts;
    let checklist = &audit.checklist;
    let touchpoints: Vec<TouchpointResult> = findings.iter().map(|f| touchpoint_result(f, facts)).collect();
    let fix_first = fix_items(&scored.fix_first, &touchpoints);
    let survey = evidence.survey.collected().map(|s| SurveySummary {
        file: s.file.clone(),
        rows: s.rows,
        invalid_cells: s.invalid.len(),
        nps: s.nps,
        csat: s.csat,
        ces: s.ces,
    });
    let mut result = AuditResult {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        business: BusinessInfo {
            name: audit.business.name.clone(),
            site: audit.business.site.clone(),
            locale: audit.business.locale,
        },
        as_of: facts.as_of,
        generated_at: facts.generated_at.clone(),
        checklist: ChecklistInfo {
            name: checklist.name.clone(),
            version: checklist.version.clone(),
            origin: checklist.origin.clone(),
            touchpoints: checklist.touchpoints.len(),
        },
        score: ScoreInfo {
            value: scored.overall.value.map(|v| round(v, 1)),
            level: scored.overall.level.as_ref().map(LevelInfo::from),
            coverage: round(scored.overall.coverage, 3),
            provisional: scored.overall.provisional,
            capped_by: scored.overall.capped_by.clone(),
        },
        levels: checklist.levels.iter().map(LevelInfo::from).collect(),
        areas: scored
            .areas
            .iter()
            .map(|a| AreaResult {
                id: a.id.clone(),
                title: a.title.clone(),
                weight: a.weight,
                score: a.score.map(|s| round(s, 1)),
                coverage: a.coverage.map(|c| round(c, 3)),
                assessed: a.assessed,
                applicable: a.applicable,
            })
            .collect(),
        touchpoints,
        fix_first,
        summary: facts.summary.clone(),
        survey,
        reputation: facts.reputation.clone(),
        changes: None,
        gates: Vec::new(),
        sources: sources(audit, evidence, findings),
        duration_ms: facts.duration_ms,
        presentation: Presentation { audience: audit.output.audience, agency: audit.output.agency.clone() },
        outside_in: facts.outside_in.clone(),
        competitors: facts.competitors.clone(),
        locations: Vec::new(),
        chain: None,
    };
    result.render_texts();
    result
}

/// One finding as result.json records it: numbers rounded, the rule named, texts kept as messages (rendered by
/// `render_texts`), photos of the evidence attached, the fix-first gain.
fn touchpoint_result(f: &Finding, facts: &RunFacts) -> TouchpointResult {
    let RunFacts { audit, evidence, scored, .. } = facts;
    TouchpointResult {
        id: f.id.clone(),
        area: f.area.clone(),
        title: f.title.clone(),
        status: f.status,
        critical: f.critical,
        weight: f.weight,
        rule: audit.checklist.touchpoint(&f.id).map_or_else(String::new, |t| t.rule.name.to_string()),
        score: f.score.map(|s| round(s, 3)),
        measured: f.measured.map(|m| round(m, 4)),
        measured_text: None,
        target: None,
        pass: f.thresholds.map(|t| t.pass),
        fail: f.thresholds.map(|t| t.fail),
        evidence: f
            .evidence
            .iter()
            .map(|item| {
                let mut e = EvidenceResult::of(item);
                if e.kind == crate::rules::EvidenceKind::File {
                    e.image = evidence.photos.get(&e.text).cloned();
                }
                e
            })
            .collect(),
        recommendation: None,
        gain: scored.gains.get(&f.id).map(|g| round(*g, 2)),
        reason: None,
        why: f.why.clone(),
        auditor: f.auditor.clone(),
        sample: f.sample,
        messages: TouchpointMessages {
            measured_text: f.measured_text.clone(),
            target: f.target.clone(),
            recommendation: f.recommendation.clone(),
            reason: f.reason.clone(),
        },
    }
}

/// The fix-first list, in the score's order; titles and recommendations are rendered with the touchpoints'.
fn fix_items(order: &[String], touchpoints: &[TouchpointResult]) -> Vec<FixItem> {
    order
        .iter()
        .filter_map(|id| touchpoints.iter().find(|t| &t.id == id))
        .map(|t| FixItem {
            id: t.id.clone(),
            title: t.title.clone(),
            area: t.area.clone(),
            status: t.status,
            critical: t.critical,
            gain: t.gain.unwrap_or(0.0),
            recommendation: String::new(),
            trails: None,
            locations: Vec::new(),
        })
        .collect()
}

/// A source's state and lines while they are gathered, before they are rendered into a [`SourceInfo`].
struct Draft {
    kind: SourceKind,
    status: SourceStatus,
    file: Option<String>,
    summary: Vec<Text>,
    problems: Vec<Text>,
    reason: Option<Text>,
    warnings: Vec<Text>,
}

impl Draft {
    fn into_info(self) -> SourceInfo {
        SourceInfo {
            kind: self.kind,
            label: String::new(),
            status: self.status,
            file: self.file,
            summary: Vec::new(),
            problems: Vec::new(),
            reason: None,
            warnings: Vec::new(),
            messages: SourceMessages {
                summary: self.summary,
                problems: self.problems,
                reason: self.reason,
                warnings: self.warnings,
            },
        }
    }
}

fn sources(audit: &Audit, evidence: &Evidence, findings: &[Finding]) -> Vec<SourceInfo> {
    let mut kinds: Vec<SourceKind> = registry::all().map(|r| r.spec.source).collect();
    kinds.sort();
    kinds.dedup();
    let used = |kind: SourceKind| {
        findings.iter().filter(|f| audit.checklist.touchpoint(&f.id).is_some_and(|t| t.rule.source == kind)).count()
    };
    kinds
        .into_iter()
        .filter(|kind| used(*kind) > 0)
        .map(|kind| {
            let mut info = Draft {
                kind,
                // Set from the source's own state by `describe`.
                status: SourceStatus::NotConfigured,
                file: None,
                summary: vec![msg!("src-used-by", count = used(kind))],
                problems: Vec::new(),
                reason: None,
                warnings: Vec::new(),
            };
            match kind {
                SourceKind::Offline => offline_source(&mut info, evidence),
                SourceKind::Survey => survey_source(&mut info, evidence),
                SourceKind::Site => site_source(&mut info, audit, evidence),
                SourceKind::Reviews => reviews_source(&mut info, evidence),
                SourceKind::Mentions => mentions_source(&mut info, evidence),
                SourceKind::Serm => serm_source(&mut info, evidence),
            }
            if info.status == SourceStatus::Failed && info.warnings.is_empty() {
                info.warnings.extend(info.reason.clone());
            }
            info.into_info()
        })
        .collect()
}

/// offline.toml: how many hand scores and client figures it gave.
fn offline_source(info: &mut Draft, evidence: &Evidence) {
    describe(info, &evidence.offline, |o| {
        (
            Some(o.file.clone()),
            vec![
                msg!("src-offline-scores", count = o.scores.len()),
                msg!("src-offline-figures", count = o.figures.len()),
            ],
        )
    });
}

/// The survey: rows and answers per metric, the invalid cells (the first few, and their count).
fn survey_source(info: &mut Draft, evidence: &Evidence) {
    describe(info, &evidence.survey, |s| {
        (
            Some(s.file.clone()),
            vec![
                msg!("src-survey-rows", rows = s.rows, empty = s.empty_rows),
                msg!(
                    "src-survey-answers",
                    nps = s.nps.map_or(0, |n| n.n),
                    csat = s.csat.map_or(0, |c| c.n),
                    ces = s.ces.map_or(0, |c| c.n)
                ),
            ],
        )
    });
    if let Some(s) = evidence.survey.collected() {
        info.problems = s.invalid.iter().take(MAX_LISTED_PROBLEMS).map(|c| c.text()).collect();
        if s.invalid.len() > MAX_LISTED_PROBLEMS {
            info.problems.push(msg!("src-invalid-cells", count = s.invalid.len()));
        }
    }
}

/// The crawl: what it read, under which settings, what went wrong; a site that did not answer failed.
fn site_source(info: &mut Draft, audit: &Audit, evidence: &Evidence) {
    describe(info, &evidence.site, |s| (Some(s.start_url.clone()), site_summary(audit, s)));
    if let Some(s) = evidence.site.collected() {
        info.problems = site_problems(s);
        if let Some(reason) = s.did_not_answer() {
            info.status = SourceStatus::Failed;
            info.reason = Some(reason);
        }
    }
}

/// The review exports and pages: each source's count, the merge, the records that could not be used.
fn reviews_source(info: &mut Draft, evidence: &Evidence) {
    describe(info, &evidence.reviews, |r| {
        let mut lines: Vec<Text> = r
            .sources
            .iter()
            .map(|s| {
                msg!(
                    "src-review-source",
                    platform = s.platform.as_str(),
                    format = format_name(s.format),
                    location = s.location.to_string(),
                    count = s.reviews
                )
            })
            .collect();
        lines.push(msg!("src-reviews-merged", count = r.reviews.len(), duplicates = r.duplicates));
        (None, lines)
    });
    if let Gathered::Collected(r) = &evidence.reviews {
        info.problems = r
            .sources
            .iter()
            .flat_map(|s| {
                let more = (s.problem_count > s.problems.len())
                    .then(|| Text::at(s.location.to_string(), msg!("src-problems-in-all", count = s.problem_count)));
                s.error.iter().cloned().chain(s.problems.iter().cloned()).chain(more)
            })
            .collect();
        info.warnings = r
            .sources
            .iter()
            .filter(|s| s.reviews == 0 && s.listing.is_none())
            .map(|s| s.error.clone().unwrap_or_else(|| msg!("src-gave-nothing", source = s.location.as_str())))
            .collect();
    }
}

/// The mention feeds: entries per feed, their problems.
fn mentions_source(info: &mut Draft, evidence: &Evidence) {
    describe(info, &evidence.mentions, |m| {
        let lines =
            m.feeds.iter().map(|f| Text::at(f.feed.to_string(), msg!("src-feed-entries", count = f.entries))).collect();
        (None, lines)
    });
    if let Gathered::Collected(m) = &evidence.mentions {
        info.problems = m.feeds.iter().flat_map(|f| f.error.iter().chain(&f.problems).cloned()).collect();
        info.warnings = m
            .feeds
            .iter()
            .filter(|f| f.entries == 0)
            .map(|f| f.error.clone().unwrap_or_else(|| msg!("src-gave-nothing", source = f.feed.as_str())))
            .collect();
    }
}

/// The saved brand search results: how many of each kind.
fn serm_source(info: &mut Draft, evidence: &Evidence) {
    describe(info, &evidence.serm, |s| {
        let count = |k: crate::gather::serm::Kind| s.results.iter().filter(|r| r.kind == k).count();
        use crate::gather::serm::Kind;
        let line = msg!(
            "src-serm-results",
            count = s.results.len(),
            own = count(Kind::Own),
            positive = count(Kind::Positive),
            neutral = count(Kind::Neutral),
            negative = count(Kind::Negative)
        );
        (Some(s.file.clone()), vec![line])
    });
    if let Gathered::Collected(s) = &evidence.serm {
        info.problems = s.problems.clone();
    }
}

/// What the crawl read and under which settings (no timings: they would make results differ run to run).
fn site_summary(audit: &Audit, s: &SiteFacts) -> Vec<Text> {
    let c = &audit.crawl;
    let mut lines = vec![
        msg!("src-site-read", pages = s.pages_crawled, fetched = s.pages.len(), checked = s.resources.len()),
        msg!("src-site-broken", count = s.broken_links.len()),
        match (&s.robots.error, s.robots.status) {
            (Some(error), _) => Text::at("robots.txt", error),
            (None, Some(status)) => msg!("src-robots", status = status, disallowed = s.skipped.robots),
            (None, None) => msg!("src-robots-not-read"),
        },
        msg!("src-sitemap", urls = s.sitemap.urls.len(), files = s.sitemap.files.len()),
        msg!(
            "src-settings",
            max_pages = c.max_pages,
            max_depth = c.max_depth,
            concurrency = c.concurrency,
            rate =
                if c.rate_limit { msg!("src-rate", rate = c.requests_per_second) } else { msg!("src-no-rate-limit") },
            timeout = c.timeout_s,
            robots = if c.robots { "honoured" } else { "ignored" }
        ),
    ];
    lines.extend(s.notes.iter().map(|note| note.text()));
    lines
}

/// Pages that could not be fetched or read, the first few of them.
fn site_problems(s: &SiteFacts) -> Vec<Text> {
    let mut problems: Vec<Text> = s
        .pages
        .iter()
        .filter_map(|p| {
            let why = match (&p.error, p.status) {
                (Some(e), _) => e.describe(),
                (None, Some(status)) if status >= 400 => msg!("page-answered", status = status),
                _ if p.truncated => msg!("page-cut"),
                _ if p.html.as_ref().is_some_and(|h| h.nested_too_deep) => {
                    msg!("page-nested-too-deep", depth = crate::gather::site::nesting::MAX_NESTING_DEPTH)
                }
                _ if p.decode_errors => msg!("page-bad-bytes", charset = p.charset.as_deref().unwrap_or("?")),
                _ if p.is_ok() && p.html.is_none() => msg!(
                    "page-not-html",
                    content_type = p.content_type.clone().map_or_else(|| msg!("page-no-content-type"), Text::Given)
                ),
                _ => return None,
            };
            Some(Text::at(p.url.to_string(), why))
        })
        .collect();
    problems.extend(s.sitemap.errors.iter().map(|e| Text::join([Text::given("sitemap"), e.clone()], " ")));
    if problems.len() > MAX_LISTED_PROBLEMS {
        let all = problems.len();
        problems.truncate(MAX_LISTED_PROBLEMS);
        problems.push(msg!("src-problems-in-all", count = all));
    }
    problems
}

fn format_name(format: crate::gather::reviews::Format) -> Text {
    use crate::gather::reviews::Format;
    match format {
        Format::Gbp => msg!("format-gbp"),
        Format::Apify => msg!("format-apify"),
        Format::Outscraper => msg!("format-outscraper"),
        Format::Csv => Text::given("CSV"),
        Format::Jsonld => Text::given("JSON-LD"),
        Format::Html => msg!("format-html"),
        Format::TwoGis => msg!("format-2gis"),
        Format::Yandex => msg!("format-yandex"),
    }
}

fn describe<T>(info: &mut Draft, gathered: &Gathered<T>, summary: impl Fn(&T) -> (Option<String>, Vec<Text>)) {
    match gathered {
        Gathered::Collected(facts) => {
            info.status = SourceStatus::Collected;
            let (file, mut lines) = summary(facts);
            info.file = file;
            info.summary.append(&mut lines);
        }
        Gathered::NotConfigured(reason) => {
            info.status = SourceStatus::NotConfigured;
            info.reason = Some(reason.clone());
        }
        Gathered::Failed(reason) => {
            info.status = SourceStatus::Failed;
            info.reason = Some(reason.clone());
        }
    }
}

impl AuditResult {
    /// The touchpoints of one area, in the checklist's order.
    pub fn touchpoints_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a TouchpointResult> {
        self.touchpoints.iter().filter(move |t| t.area == area)
    }

    /// Every source that gave nothing, as "source: why", for the terminal.
    pub fn warnings(&self) -> Vec<String> {
        self.sources.iter().flat_map(|s| s.warnings.iter().map(move |w| format!("{}: {w}", s.label))).collect()
    }

    /// [`Self::warnings`] in English, the command line's language (from the messages where the result has
    /// them), so a terminal line never mixes two languages.
    pub fn warnings_en(&self) -> Vec<String> {
        let en = Locale::En.tr();
        self.sources
            .iter()
            .flat_map(|s| {
                let label = en.render(&s.kind.label());
                let lines: Vec<String> = if s.messages.warnings.is_empty() {
                    s.warnings.clone()
                } else {
                    s.messages.warnings.iter().map(|w| en.render(w)).collect()
                };
                lines.into_iter().map(move |w| format!("{label}: {w}"))
            })
            .collect()
    }

    /// A touchpoint's title by id (the id itself when the result has no such touchpoint).
    pub fn title_of<'a>(&'a self, id: &'a str) -> &'a str {
        self.touchpoints.iter().find(|t| t.id == id).map_or(id, |t| t.title.as_str())
    }

    /// The gate failures, one line each.
    pub fn failed_gates(&self) -> Vec<String> {
        self.gates.iter().filter(|g| !g.passed).map(|g| format!("gate {} failed: {}", g.gate, g.message)).collect()
    }

    /// Renders every text of the result from its message in the result's language.
    fn render_texts(&mut self) {
        let tr = self.business.locale.tr();
        let render = |text: &Option<Text>| text.as_ref().map(|t| tr.render(t));
        for location in &mut self.locations {
            for t in &mut location.touchpoints {
                if t.message.is_some() {
                    t.measured_text = render(&t.message);
                }
            }
        }
        for t in &mut self.touchpoints {
            t.measured_text = render(&t.messages.measured_text);
            t.target = render(&t.messages.target);
            t.recommendation = render(&t.messages.recommendation);
            t.reason = render(&t.messages.reason);
            for item in &mut t.evidence {
                if let Some(message) = &item.message {
                    item.text = tr.render(message);
                }
            }
        }
        let trails = self.outside_in.as_mut().map_or(&mut [][..], |o| &mut o.trails[..]);
        for trail in trails.iter_mut() {
            trail.text = tr.render(&trail.message);
        }
        for fix in &mut self.fix_first {
            if let Some(t) = self.touchpoints.iter().find(|t| t.id == fix.id) {
                fix.title.clone_from(&t.title);
                fix.recommendation = t.recommendation.clone().unwrap_or_default();
            }
            fix.trails = trails.iter().find(|t| t.touchpoint == fix.id).map(|t| t.text.clone());
        }
        if let Some(reviews) = self.reputation.as_mut().and_then(|r| r.reviews.as_mut()) {
            for theme in &mut reviews.themes {
                if let Some(title) = theme.titles.get(self.business.locale.code()) {
                    theme.title.clone_from(title);
                }
            }
        }
        for source in &mut self.sources {
            source.label = tr.render(&source.kind.label());
            let m = &source.messages;
            source.summary = m.summary.iter().map(|t| tr.render(t)).collect();
            source.problems = m.problems.iter().map(|t| tr.render(t)).collect();
            source.reason = render(&m.reason);
            source.warnings = m.warnings.iter().map(|t| tr.render(t)).collect();
        }
        if let Some(changes) = &mut self.changes {
            changes.render_texts(tr);
            let touchpoints = &self.touchpoints;
            changes.retitle(|id| touchpoints.iter().find(|t| t.id == id).map(|t| t.title.clone()));
            for area in &mut changes.areas {
                if let Some(now) = self.areas.iter().find(|a| a.id == area.id) {
                    area.title.clone_from(&now.title);
                }
            }
            if let Some(level) =
                changes.previous_level_id.as_ref().and_then(|id| self.levels.iter().find(|l| &l.id == id))
            {
                changes.previous_level = Some(level.title.clone());
            }
        }
        for gate in &mut self.gates {
            if let Some(message) = &gate.messages.message {
                gate.message = tr.render(message);
            }
        }
    }

    /// The result in another language: every composed text rendered anew from its message, and the
    /// checklist's texts (titles, `why`, fix texts, areas, levels) that came unchanged from the default
    /// checklist replaced by the default's translation; texts the consultant wrote stay as written. A result
    /// from before schema 3 has no messages: its composed texts stay as they were.
    pub fn localize(&mut self, locale: Locale) {
        let from = self.business.locale;
        if from == locale {
            return;
        }
        if let (Some(before), Some(after)) = (default_texts(from), default_texts(locale)) {
            let swap = |text: &mut String, pick: &dyn Fn(&Checklist) -> Option<String>| {
                if pick(&before).as_deref() == Some(text.as_str())
                    && let Some(translated) = pick(&after)
                {
                    *text = translated;
                }
            };
            for t in &mut self.touchpoints {
                let id = t.id.clone();
                swap(&mut t.title, &|c| c.touchpoint(&id).map(|t| t.title.clone()));
                swap(&mut t.why, &|c| c.touchpoint(&id).map(|t| t.why.clone()));
                if let Some(Text::Fill { fill, .. }) = &mut t.messages.recommendation {
                    swap(fill, &|c| c.touchpoint(&id).map(|t| t.fix.clone()));
                }
                // A unit the default checklist translates (`unit` = "hours" / "ч") is part of the measurement.
                let unit = |c: &Checklist| {
                    c.touchpoint(&id).filter(|t| t.params.has("unit")).map(|t| t.params.text("unit").to_string())
                };
                if let (Some(old), Some(new)) = (unit(&before), unit(&after))
                    && !old.is_empty()
                    && old != new
                {
                    let m = &mut t.messages;
                    for text in [&mut m.measured_text, &mut m.target, &mut m.recommendation].into_iter().flatten() {
                        text.replace_given(&old, &new);
                    }
                }
            }
            for area in &mut self.areas {
                let id = area.id.clone();
                swap(&mut area.title, &|c| c.area(&id).map(|a| a.title.clone()));
            }
            let levels = self.levels.iter_mut().chain(self.score.level.as_mut());
            for level in levels {
                let id = level.id.clone();
                let find = |c: &Checklist| c.levels.iter().find(|l| l.id == id).cloned();
                swap(&mut level.title, &|c| find(c).map(|l| l.title));
                swap(&mut level.description, &|c| find(c).map(|l| l.description));
            }
        }
        self.business.locale = locale;
        self.render_texts();
    }

    /// "72.5" or "n/a", in the result's language.
    pub fn score_text(&self) -> String {
        self.business.locale.tr().num_or_na(self.score.value)
    }
}

/// The default checklist in `locale` (its texts are what [`AuditResult::localize`] recognises and translates).
fn default_texts(locale: Locale) -> Option<Checklist> {
    let mut checklist = Checklist::builtin(&crate::rules::registry::Registry).ok()?;
    crate::config::translation::apply_default(&mut checklist, locale, &crate::rules::registry::Registry);
    Some(checklist)
}

/// Serialises the result as pretty, stable JSON (fields in declaration order, maps sorted).
pub(crate) fn to_json(result: &AuditResult) -> Result<String> {
    let mut json = serde_json::to_string_pretty(result)
        .map_err(|e| Error::Internal(format!("cannot write the result as JSON: {e}")))?;
    json.push('\n');
    Ok(json)
}

/// Reads a result.json written by touchaudit, checking its schema version.
pub fn read_result(path: &Path) -> Result<AuditResult> {
    let text =
        crate::config::read_input_text(path).map_err(|reason| Error::ReadInput { path: path.to_path_buf(), reason })?;
    let at = serde_json::from_str::<serde_json::Value>(&text).err().map(|e| (e.line(), e.column()));
    parse_result(&text).map_err(|reason| Error::single(Diagnostic::new(path, at, reason)))
}

/// The versioned reader of results: schema 1 to [`SCHEMA_VERSION`] (fields added since have defaults; a
/// newer or unknown schema is refused, an older one is read as it was written). `Err` says what is wrong.
pub(crate) fn parse_result(text: &str) -> std::result::Result<AuditResult, String> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column()))?;
    match value.get("schema_version") {
        Some(v) if v.as_u64().is_some_and(|v| (OLDEST_READABLE_SCHEMA.into()..=SCHEMA_VERSION.into()).contains(&v)) => {
        }
        Some(v) => {
            return Err(format!(
                "schema_version {v} is not supported; this touchaudit reads schema_version \
                 {OLDEST_READABLE_SCHEMA} to {SCHEMA_VERSION}"
            ));
        }
        None => return Err("not a touchaudit result: it has no `schema_version`".to_string()),
    }
    let result: AuditResult = serde_json::from_value(value).map_err(|e| format!("not a touchaudit result: {e}"))?;
    checked_figures(&result)?;
    Ok(result)
}

/// A result's scores within their ranges (an edited or crafted file must not put "inf" in the gauge or a
/// bar 10^300 wide): the score and area scores 0-100, coverage and touchpoint scores 0-1, weights and gains
/// finite and not negative; the error names the figure.
fn checked_figures(result: &AuditResult) -> std::result::Result<(), String> {
    let within = |what: String, value: Option<f64>, max: f64| match value {
        Some(v) if !(v.is_finite() && (0.0..=max).contains(&v)) => {
            Err(format!("not a touchaudit result: {what} is {v}, outside 0 to {max}"))
        }
        _ => Ok(()),
    };
    within("`score.value`".into(), result.score.value, 100.0)?;
    within("`score.coverage`".into(), Some(result.score.coverage), 1.0)?;
    for area in &result.areas {
        within(format!("the score of area `{}`", area.id), area.score, 100.0)?;
        within(format!("the weight of area `{}`", area.id), Some(area.weight), f64::MAX)?;
        within(format!("the coverage of area `{}`", area.id), area.coverage, 1.0)?;
    }
    for t in &result.touchpoints {
        within(format!("the score of touchpoint `{}`", t.id), t.score, 1.0)?;
        within(format!("the weight of touchpoint `{}`", t.id), Some(t.weight), f64::MAX)?;
        within(format!("the gain of touchpoint `{}`", t.id), t.gain, 100.0)?;
        if t.measured.is_some_and(|m| !m.is_finite()) {
            return Err(format!(
                "not a touchaudit result: the measured value of touchpoint `{}` is not a number",
                t.id
            ));
        }
    }
    Ok(())
}
