//! The result model: what result.json holds (schema versioned) and what every renderer reads.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::config::Audit;
use crate::config::checklist::Level;
use crate::gather::site::SiteFacts;
use crate::gather::survey::{CesStats, CsatStats, NpsStats};
use crate::gather::{Evidence, Gathered, SourceStatus};
use crate::rules::{EvidenceItem, Finding, SourceKind, Status, fmt_num, registry};
use crate::score::Scored;

/// Bumped whenever a field changes meaning or disappears; additions keep the version.
pub const SCHEMA_VERSION: u32 = 1;
/// Invalid survey cells listed in the sources section at most (the count is always complete).
const MAX_LISTED_PROBLEMS: usize = 20;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditResult {
    pub schema_version: u32,
    pub tool_version: String,
    pub business: BusinessInfo,
    pub as_of: NaiveDate,
    pub generated_at: String,
    pub checklist: ChecklistInfo,
    pub score: ScoreInfo,
    pub levels: Vec<LevelInfo>,
    pub areas: Vec<AreaResult>,
    pub touchpoints: Vec<TouchpointResult>,
    pub fix_first: Vec<FixItem>,
    pub survey: Option<SurveySummary>,
    pub sources: Vec<SourceInfo>,
    pub duration_ms: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BusinessInfo {
    pub name: String,
    pub site: Option<String>,
    pub locale: String,
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
    pub evidence: Vec<EvidenceItem>,
    pub recommendation: Option<String>,
    /// Points the overall score would gain if this touchpoint passed fully.
    pub gain: Option<f64>,
    /// Why it was not assessed or is not applicable.
    pub reason: Option<String>,
    pub why: String,
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
}

fn round(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    let rounded = (value * factor).round() / factor;
    if rounded == 0.0 { 0.0 } else { rounded }
}

/// Everything a run knows, before it becomes a result.
pub struct RunFacts<'a> {
    pub audit: &'a Audit,
    pub evidence: &'a Evidence,
    pub findings: &'a [Finding],
    pub scored: &'a Scored,
    pub as_of: NaiveDate,
    pub generated_at: String,
    pub duration_ms: u64,
}

pub fn build(facts: &RunFacts) -> AuditResult {
    let RunFacts { audit, evidence, findings, scored, .. } = facts;
    let checklist = &audit.checklist;
    let touchpoints: Vec<TouchpointResult> = findings
        .iter()
        .map(|f| TouchpointResult {
            id: f.id.clone(),
            area: f.area.clone(),
            title: f.title.clone(),
            status: f.status,
            critical: f.critical,
            weight: f.weight,
            rule: checklist.touchpoint(&f.id).map_or_else(String::new, |t| t.rule.name.to_string()),
            score: f.score.map(|s| round(s, 3)),
            measured: f.measured.map(|m| round(m, 4)),
            measured_text: f.measured_text.clone(),
            target: f.target.clone(),
            evidence: f.evidence.clone(),
            recommendation: f.recommendation.clone(),
            gain: scored.gains.get(&f.id).map(|g| round(*g, 2)),
            reason: f.reason.clone(),
            why: f.why.clone(),
        })
        .collect();
    let fix_first = scored
        .fix_first
        .iter()
        .filter_map(|id| touchpoints.iter().find(|t| &t.id == id))
        .map(|t| FixItem {
            id: t.id.clone(),
            title: t.title.clone(),
            area: t.area.clone(),
            status: t.status,
            critical: t.critical,
            gain: t.gain.unwrap_or(0.0),
            recommendation: t.recommendation.clone().unwrap_or_default(),
        })
        .collect();
    let survey = evidence.survey.collected().map(|s| SurveySummary {
        file: s.file.clone(),
        rows: s.rows,
        invalid_cells: s.invalid.len(),
        nps: s.nps,
        csat: s.csat,
        ces: s.ces,
    });
    AuditResult {
        schema_version: SCHEMA_VERSION,
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        business: BusinessInfo {
            name: audit.business.name.clone(),
            site: audit.business.site.clone(),
            locale: audit.business.locale.clone(),
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
        survey,
        sources: sources(audit, evidence, findings),
        duration_ms: facts.duration_ms,
    }
}

fn sources(audit: &Audit, evidence: &Evidence, findings: &[Finding]) -> Vec<SourceInfo> {
    let mut kinds: Vec<SourceKind> = registry::all().map(|r| r.source).collect();
    kinds.sort();
    kinds.dedup();
    let used = |kind: SourceKind| {
        findings.iter().filter(|f| audit.checklist.touchpoint(&f.id).is_some_and(|t| t.rule.source == kind)).count()
    };
    kinds
        .into_iter()
        .filter(|kind| used(*kind) > 0)
        .map(|kind| {
            let mut info = SourceInfo {
                kind,
                label: kind.label().to_string(),
                status: SourceStatus::Unavailable,
                file: None,
                summary: vec![format!("{} touchpoints use it", used(kind))],
                problems: Vec::new(),
                reason: None,
            };
            match kind {
                SourceKind::Offline => describe(&mut info, &evidence.offline, |o| {
                    (
                        Some(o.file.clone()),
                        vec![
                            format!("{} touchpoints scored by the auditor", o.scores.len()),
                            format!("{} client figures", o.figures.len()),
                        ],
                    )
                }),
                SourceKind::Survey => {
                    describe(&mut info, &evidence.survey, |s| {
                        (
                            Some(s.file.clone()),
                            vec![
                                format!("{} rows, {} empty", s.rows, s.empty_rows),
                                format!(
                                    "answers: {} NPS, {} CSAT, {} CES",
                                    s.nps.map_or(0, |n| n.n),
                                    s.csat.map_or(0, |c| c.n),
                                    s.ces.map_or(0, |c| c.n)
                                ),
                            ],
                        )
                    });
                    if let Some(s) = evidence.survey.collected() {
                        info.problems = s
                            .invalid
                            .iter()
                            .take(MAX_LISTED_PROBLEMS)
                            .map(|c| {
                                if c.column.is_empty() {
                                    format!("line {}: {}", c.line, c.reason)
                                } else {
                                    format!("line {}: {} `{}` {}", c.line, c.column, c.value, c.reason)
                                }
                            })
                            .collect();
                        if s.invalid.len() > MAX_LISTED_PROBLEMS {
                            info.problems.push(format!("… {} invalid cells in all", s.invalid.len()));
                        }
                    }
                }
                SourceKind::Site => {
                    describe(&mut info, &evidence.site, |s| (Some(s.start_url.clone()), site_summary(audit, s)));
                    if let Some(s) = evidence.site.collected() {
                        info.problems = site_problems(s);
                    }
                }
                _ => info.reason = Some(evidence.unavailable_reason(kind)),
            }
            info
        })
        .collect()
}

/// What the crawl read and under which settings (no timings: they would make results differ run to run).
fn site_summary(audit: &Audit, s: &SiteFacts) -> Vec<String> {
    let c = &audit.crawl;
    let mut lines = vec![
        format!(
            "{} pages read, {} URLs fetched, {} links and images checked",
            s.pages_crawled,
            s.pages.len(),
            s.resources.len()
        ),
        format!("{} broken links", s.broken_links.len()),
        match (&s.robots.error, s.robots.status) {
            (Some(error), _) => format!("robots.txt: {error}"),
            (None, Some(status)) => {
                format!("robots.txt answered {status}; {} URLs disallowed for us", s.skipped.robots)
            }
            (None, None) => "robots.txt: not read".to_string(),
        },
        format!("sitemap: {} URLs in {} file(s)", s.sitemap.urls.len(), s.sitemap.files.len()),
        format!(
            "settings: max_pages {}, max_depth {}, {} requests at once and {} per host, timeout {} s, robots.txt {}",
            c.max_pages,
            c.max_depth,
            c.concurrency,
            if c.rate_limit {
                format!("{} requests/s", fmt_num(c.requests_per_second))
            } else {
                "no rate limit".to_string()
            },
            fmt_num(c.timeout_s),
            if c.robots { "honoured" } else { "ignored" }
        ),
    ];
    lines.extend(s.limits_hit.iter().chain(&s.warnings).cloned());
    lines
}

/// Pages that could not be fetched or read, the first few of them.
fn site_problems(s: &SiteFacts) -> Vec<String> {
    let mut problems: Vec<String> = s
        .pages
        .iter()
        .filter_map(|p| {
            let why = match (&p.error, p.status) {
                (Some(e), _) => format!("{}: {}", e.kind.label(), e.message),
                (None, Some(status)) if status >= 400 => format!("answered {status}"),
                _ if p.truncated => "cut at max_page_bytes".to_string(),
                _ if p.decode_errors => {
                    format!("bytes not valid in its charset ({})", p.charset.as_deref().unwrap_or("?"))
                }
                _ if p.is_ok() && p.html.is_none() => {
                    format!("not HTML ({})", p.content_type.as_deref().unwrap_or("no content type"))
                }
                _ => return None,
            };
            Some(format!("{}: {why}", p.url))
        })
        .collect();
    problems.extend(s.sitemap.errors.iter().map(|e| format!("sitemap {e}")));
    if problems.len() > MAX_LISTED_PROBLEMS {
        let all = problems.len();
        problems.truncate(MAX_LISTED_PROBLEMS);
        problems.push(format!("… {all} problems in all"));
    }
    problems
}

fn describe<T>(info: &mut SourceInfo, gathered: &Gathered<T>, summary: impl Fn(&T) -> (Option<String>, Vec<String>)) {
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
    pub fn touchpoints_in<'a>(&'a self, area: &'a str) -> impl Iterator<Item = &'a TouchpointResult> {
        self.touchpoints.iter().filter(move |t| t.area == area)
    }

    /// "72.5" or "n/a".
    pub fn score_text(&self) -> String {
        self.score.value.map_or_else(|| "n/a".to_string(), fmt_num)
    }
}
