//! The self-contained HTML report: a typed view of the result rendered with the handlebars templates.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::model::{AuditResult, SourceInfo, TouchpointResult};
use crate::error::{Error, Result};
use crate::gather::SourceStatus;
use crate::rules::{EvidenceKind, Status, fmt_num, fmt_pct};

/// The templates shipped in the binary; a templates folder may override any of them by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("report", include_str!("../../templates/report.hbs")),
    ("touchpoint", include_str!("../../templates/touchpoint.hbs")),
];
const CSS: &str = include_str!("../../templates/report.css");
/// Radius of the score gauge's circle, in SVG units.
const GAUGE_RADIUS: f64 = 52.0;

/// Renders reports; built once per run with the embedded templates and any overrides.
pub struct Renderer {
    registry: Handlebars<'static>,
    css: String,
}

impl Renderer {
    pub fn new(overrides: Option<&Path>) -> Result<Self> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        let mut css = CSS.to_string();
        for (name, text) in TEMPLATES {
            let text = match overrides.map(|dir| dir.join(format!("{name}.hbs"))).filter(|p| p.exists()) {
                Some(path) => std::fs::read_to_string(&path)
                    .map_err(|e| Error::ReadInput { path: path.clone(), reason: e.to_string() })?,
                None => (*text).to_string(),
            };
            registry
                .register_template_string(name, text)
                .map_err(|e| Error::Usage(format!("template `{name}.hbs` does not compile: {e}")))?;
        }
        if let Some(path) = overrides.map(|dir| dir.join("report.css")).filter(|p| p.exists()) {
            css = std::fs::read_to_string(&path).map_err(|e| Error::ReadInput { path, reason: e.to_string() })?;
        }
        Ok(Renderer { registry, css })
    }

    pub fn render(&self, result: &AuditResult) -> Result<String> {
        let view = View::new(result, &self.css);
        self.registry.render("report", &view).map_err(|e| Error::Usage(format!("cannot render the report: {e}")))
    }
}

#[derive(Serialize)]
struct View<'a> {
    css: &'a str,
    business: &'a str,
    site: Option<&'a str>,
    as_of: String,
    generated_at: &'a str,
    tool_version: &'a str,
    checklist: String,
    score: ScoreView,
    levels: Vec<LevelView<'a>>,
    fix_first: Vec<FixView<'a>>,
    areas: Vec<AreaView<'a>>,
    not_assessed: Vec<ReasonGroup<'a>>,
    sources: Vec<SourceView<'a>>,
    counts: Vec<CountView>,
}

#[derive(Serialize)]
struct ScoreView {
    text: String,
    assessed: bool,
    level: String,
    level_description: String,
    coverage: String,
    provisional: bool,
    capped: Option<String>,
    /// Dash length and gap of the gauge's arc.
    arc: String,
    class: &'static str,
    alt: String,
}

#[derive(Serialize)]
struct LevelView<'a> {
    title: &'a str,
    range: String,
    current: bool,
}

#[derive(Serialize)]
struct FixView<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    area: &'a str,
    status: &'static str,
    status_label: &'static str,
    critical: bool,
    gain: String,
    recommendation: &'a str,
}

#[derive(Serialize)]
struct AreaView<'a> {
    id: &'a str,
    title: &'a str,
    score: String,
    bar: f64,
    class: &'static str,
    coverage: String,
    touchpoints: Vec<TouchpointView<'a>>,
}

#[derive(Serialize)]
struct TouchpointView<'a> {
    id: &'a str,
    title: &'a str,
    area: &'a str,
    status: &'static str,
    status_label: &'static str,
    critical: bool,
    score: Option<String>,
    measured: Option<&'a str>,
    target: Option<&'a str>,
    recommendation: Option<&'a str>,
    reason: Option<&'a str>,
    why: &'a str,
    gain: Option<String>,
    evidence_count: usize,
    evidence: Vec<EvidenceView<'a>>,
}

/// Not-assessed touchpoints sharing one reason, so a missing source reads as one line, not twenty.
#[derive(Serialize)]
struct ReasonGroup<'a> {
    reason: &'a str,
    touchpoints: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct LinkView<'a> {
    id: &'a str,
    title: &'a str,
}

#[derive(Serialize)]
struct EvidenceView<'a> {
    kind: &'static str,
    text: &'a str,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct SourceView<'a> {
    label: &'a str,
    status: &'static str,
    file: Option<&'a str>,
    summary: &'a [String],
    problems: &'a [String],
    problem_count: usize,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct CountView {
    status: &'static str,
    label: &'static str,
    count: usize,
}

fn status_class(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Warn => "warn",
        Status::Fail => "fail",
        Status::NotAssessed => "na",
        Status::NotApplicable => "skip",
    }
}

/// Colour class for a 0-100 score, on the same bands as a touchpoint's status.
fn score_class(score: Option<f64>) -> &'static str {
    score.map_or("na", |s| status_class(Status::from_score(s / 100.0)))
}

fn touchpoint_view(t: &TouchpointResult) -> TouchpointView<'_> {
    TouchpointView {
        id: &t.id,
        title: &t.title,
        area: &t.area,
        status: status_class(t.status),
        status_label: t.status.label(),
        critical: t.critical,
        score: t.score.map(|s| fmt_num((s * 100.0).round())),
        measured: t.measured_text.as_deref(),
        target: t.target.as_deref(),
        recommendation: t.recommendation.as_deref(),
        reason: t.reason.as_deref(),
        why: &t.why,
        gain: t.gain.filter(|g| *g > 0.0).map(|g| format!("+{}", fmt_num(g))),
        evidence_count: t.evidence.len(),
        evidence: t
            .evidence
            .iter()
            .map(|e| EvidenceView {
                kind: match e.kind {
                    EvidenceKind::Note => "note",
                    EvidenceKind::File => "file",
                    EvidenceKind::Figure => "figure",
                    EvidenceKind::Answer => "answer",
                    EvidenceKind::Problem => "problem",
                    EvidenceKind::Review => "review",
                    EvidenceKind::Mention => "mention",
                },
                text: &e.text,
                source: e.source.as_deref(),
            })
            .collect(),
    }
}

fn source_view(s: &SourceInfo) -> SourceView<'_> {
    SourceView {
        label: &s.label,
        status: match s.status {
            SourceStatus::Collected => "collected",
            SourceStatus::NotConfigured => "not configured",
            SourceStatus::Failed => "failed",
            SourceStatus::Unavailable => "not available",
        },
        file: s.file.as_deref(),
        summary: &s.summary,
        problems: &s.problems,
        problem_count: s.problems.len(),
        reason: s.reason.as_deref(),
    }
}

fn group_by_reason(r: &AuditResult) -> Vec<ReasonGroup<'_>> {
    let mut groups: Vec<ReasonGroup> = Vec::new();
    for t in r.touchpoints.iter().filter(|t| t.status == Status::NotAssessed) {
        let reason = t.reason.as_deref().unwrap_or("no reason given");
        let link = LinkView { id: &t.id, title: &t.title };
        match groups.iter_mut().find(|g| g.reason == reason) {
            Some(group) => group.touchpoints.push(link),
            None => groups.push(ReasonGroup { reason, touchpoints: vec![link] }),
        }
    }
    groups
}

impl<'a> View<'a> {
    fn new(r: &'a AuditResult, css: &'a str) -> Self {
        let circumference = 2.0 * std::f64::consts::PI * GAUGE_RADIUS;
        let filled = r.score.value.unwrap_or(0.0) / 100.0 * circumference;
        let level_title = r.score.level.as_ref().map_or("No level", |l| l.title.as_str());
        let coverage = fmt_pct(r.score.coverage);
        let capped = (!r.score.capped_by.is_empty())
            .then(|| format!("Level capped: critical touchpoint failed ({})", r.score.capped_by.join(", ")));
        let score = ScoreView {
            text: r.score_text(),
            assessed: r.score.value.is_some(),
            level: level_title.to_string(),
            level_description: r.score.level.as_ref().map_or_else(
                || "Nothing could be assessed, so there is no score.".to_string(),
                |l| l.description.clone(),
            ),
            coverage: coverage.clone(),
            provisional: r.score.provisional,
            capped,
            arc: format!("{:.2} {:.2}", filled, circumference),
            class: score_class(r.score.value),
            alt: format!("Loyalty readiness score {} of 100, level {level_title}, coverage {coverage}", r.score_text()),
        };
        let levels = r
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let upper = r.levels.get(i + 1).map_or(100.0, |next| next.min - 1.0);
                LevelView {
                    title: &l.title,
                    range: format!("{}–{}", fmt_num(l.min), fmt_num(upper.max(l.min))),
                    current: r.score.level.as_ref().is_some_and(|current| current.id == l.id),
                }
            })
            .collect();
        let fix_first = r
            .fix_first
            .iter()
            .enumerate()
            .map(|(i, f)| FixView {
                rank: i + 1,
                id: &f.id,
                title: &f.title,
                area: r.areas.iter().find(|a| a.id == f.area).map_or(&f.area, |a| &a.title),
                status: status_class(f.status),
                status_label: f.status.label(),
                critical: f.critical,
                gain: format!("+{}", fmt_num(f.gain)),
                recommendation: &f.recommendation,
            })
            .collect();
        let areas = r
            .areas
            .iter()
            .map(|a| AreaView {
                id: &a.id,
                title: &a.title,
                score: a.score.map_or_else(|| "n/a".to_string(), fmt_num),
                bar: a.score.unwrap_or(0.0),
                class: score_class(a.score),
                coverage: format!(
                    "{} of {} assessed ({})",
                    a.assessed,
                    a.applicable,
                    a.coverage.map_or_else(|| "n/a".to_string(), fmt_pct)
                ),
                touchpoints: r.touchpoints_in(&a.id).map(touchpoint_view).collect(),
            })
            .collect();
        let counts = [Status::Pass, Status::Warn, Status::Fail, Status::NotAssessed, Status::NotApplicable]
            .into_iter()
            .map(|status| CountView {
                status: status_class(status),
                label: status.label(),
                count: r.touchpoints.iter().filter(|t| t.status == status).count(),
            })
            .collect();
        View {
            css,
            business: &r.business.name,
            site: r.business.site.as_deref(),
            as_of: r.as_of.format("%-d %B %Y").to_string(),
            generated_at: &r.generated_at,
            tool_version: &r.tool_version,
            checklist: format!("{} {} ({})", r.checklist.name, r.checklist.version, r.checklist.origin),
            score,
            levels,
            fix_first,
            areas,
            not_assessed: group_by_reason(r),
            sources: r.sources.iter().map(source_view).collect(),
            counts,
        }
    }
}
