//! The self-contained HTML report: a typed view of the result rendered with the handlebars templates.

use std::path::Path;

use handlebars::Handlebars;
use serde::Serialize;

use super::model::{AuditResult, MentionSummary, ReviewSummary, SourceInfo, TouchpointResult};
use crate::compare::{Changes, TouchpointChange};
use crate::error::{Error, Result};
use crate::gather::SourceStatus;
use crate::rules::{EvidenceKind, Status, fmt_num, fmt_pct};

/// The templates shipped in the binary; a templates folder may override any of them by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("report", include_str!("../../templates/report.hbs")),
    ("touchpoint", include_str!("../../templates/touchpoint.hbs")),
];
const CSS: &str = include_str!("../../templates/report.css");
const PORTFOLIO: &str = include_str!("../../templates/portfolio.hbs");
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
        registry.register_escape_fn(escape);
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
    reviews: Option<ReviewsView<'a>>,
    mentions: Option<MentionsView<'a>>,
    changes: Option<ChangesView<'a>>,
    gates: Vec<GateView<'a>>,
    survey: Option<SurveyView>,
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
    /// The text, cut at [`SHORT_TEXT`] characters when longer; `full` then holds all of it.
    text: &'a str,
    full: Option<&'a str>,
    source: Option<&'a str>,
}

/// Characters of an evidence text shown before "show all" (a 100 KB review must not bury the report).
const SHORT_TEXT: usize = 300;

/// The first [`SHORT_TEXT`] characters of `text`, and the whole when it is longer.
fn shorten(text: &str) -> (&str, Option<&str>) {
    match text.char_indices().nth(SHORT_TEXT) {
        Some((cut, _)) => (&text[..cut], Some(text)),
        None => (text, None),
    }
}

/// HTML escaping for every `{{value}}`, which also disarms Unicode bidi controls (an RTL override in a review
/// would otherwise reverse the text around it): they become U+FFFD.
fn escape(text: &str) -> String {
    let escaped = handlebars::html_escape(text);
    if escaped.contains(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')) {
        escaped
            .chars()
            .map(|c| if matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') { '\u{fffd}' } else { c })
            .collect()
    } else {
        escaped
    }
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
            .map(|e| {
                let (text, full) = shorten(&e.text);
                EvidenceView {
                    kind: match e.kind {
                        EvidenceKind::Note => "note",
                        EvidenceKind::File => "file",
                        EvidenceKind::Figure => "figure",
                        EvidenceKind::Answer => "answer",
                        EvidenceKind::Problem => "problem",
                        EvidenceKind::Review => "review",
                        EvidenceKind::Mention => "mention",
                    },
                    text,
                    full,
                    source: e.source.as_deref(),
                }
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
            reviews: r.reputation.as_ref().and_then(|rep| rep.reviews.as_ref()).map(reviews_view),
            mentions: r.reputation.as_ref().and_then(|rep| rep.mentions.as_ref()).map(mentions_view),
            changes: r.changes.as_ref().map(changes_view),
            survey: r.survey.as_ref().map(survey_view),
            gates: r
                .gates
                .iter()
                .map(|g| GateView { gate: &g.gate, class: if g.passed { "pass" } else { "fail" }, message: &g.message })
                .collect(),
            sources: r.sources.iter().map(source_view).collect(),
            counts,
        }
    }
}

/// Width and height of the monthly reviews chart, in SVG units.
const MONTHS_CHART: (f64, f64) = (480.0, 120.0);

#[derive(Serialize)]
struct ReviewsView<'a> {
    headline: String,
    platforms: Vec<PlatformView<'a>>,
    distribution: Vec<StarBar>,
    distribution_alt: String,
    months: Vec<MonthBar>,
    reply_line: String,
    months_alt: String,
    first_month: &'a str,
    last_month: &'a str,
    replies: String,
    negatives_heading: String,
    negatives: Vec<ReviewItem<'a>>,
    themes: Vec<ThemeView<'a>>,
}

#[derive(Serialize)]
struct PlatformView<'a> {
    platform: &'a str,
    average: String,
    count: usize,
}

#[derive(Serialize)]
struct StarBar {
    stars: usize,
    count: usize,
    /// Bar length, 0-100.
    width: f64,
    y: f64,
    text_y: f64,
}

#[derive(Serialize)]
struct MonthBar {
    x: f64,
    y: f64,
    height: f64,
    label: String,
}

#[derive(Serialize)]
struct ReviewItem<'a> {
    date: String,
    platform: &'a str,
    stars: String,
    author: Option<&'a str>,
    text: Option<&'a str>,
    full: Option<&'a str>,
    href: Option<&'a str>,
}

#[derive(Serialize)]
struct ThemeView<'a> {
    title: &'a str,
    count: usize,
}

#[derive(Serialize)]
struct MentionsView<'a> {
    headline: String,
    tone_bar: Vec<ToneSegment>,
    tone_alt: String,
    negatives: Vec<MentionItem<'a>>,
}

#[derive(Serialize)]
struct ToneSegment {
    class: &'static str,
    x: f64,
    width: f64,
}

#[derive(Serialize)]
struct MentionItem<'a> {
    date: String,
    title: &'a str,
    /// The whole title when `title` was cut.
    full: Option<&'a str>,
    href: Option<&'a str>,
}

/// A link from reviews or feeds becomes an href only when it is plain http(s); anything else (a
/// `javascript:` URL, say) is shown as text, escaped like the rest.
fn safe_href(link: Option<&str>) -> Option<&str> {
    link.filter(|l| {
        let lower = l.trim_start().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })
}

fn reviews_view(r: &ReviewSummary) -> ReviewsView<'_> {
    let most = r.distribution.iter().copied().max().unwrap_or(0).max(1) as f64;
    let distribution: Vec<StarBar> = (1..=5)
        .rev()
        .enumerate()
        .map(|(row, stars)| StarBar {
            stars,
            count: r.distribution[stars - 1],
            width: r.distribution[stars - 1] as f64 / most * 100.0,
            y: row as f64 * 14.0,
            text_y: row as f64 * 14.0 + 9.5,
        })
        .collect();
    let (width, height) = MONTHS_CHART;
    let slot = width / r.monthly.len().max(1) as f64;
    let busiest = r.monthly.iter().map(|m| m.reviews).max().unwrap_or(0).max(1) as f64;
    let months: Vec<MonthBar> = r
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let h = m.reviews as f64 / busiest * (height - 10.0);
            MonthBar {
                x: i as f64 * slot + slot * 0.15,
                y: height - h,
                height: h,
                label: format!("{}: {} reviews, {} answered", m.month, m.reviews, m.replied),
            }
        })
        .collect();
    let reply_line = r
        .monthly
        .iter()
        .enumerate()
        .filter(|(_, m)| m.reviews > 0)
        .map(|(i, m)| {
            let rate = m.replied as f64 / m.reviews as f64;
            format!("{:.1},{:.1}", i as f64 * slot + slot / 2.0, height - rate * (height - 10.0))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let reply = &r.replies;
    let replies = format!(
        "Over the last {} days, {} of {} reviews were answered ({}){}.",
        r.reply_window_days,
        reply.replied,
        reply.reviews,
        fmt_pct(reply.rate),
        match (reply.median_hours, reply.p90_hours) {
            (Some(median), Some(p90)) => format!(
                "; the median answer came after {} hours and 90 % within {} hours",
                fmt_num(median.round()),
                fmt_num(p90.round())
            ),
            _ => String::new(),
        }
    );
    ReviewsView {
        headline: format!(
            "{} average from {} reviews on {} platforms{}.",
            r.average.map_or_else(|| "No".to_string(), |a| format!("{}★", fmt_num(a))),
            r.count,
            r.platforms.len(),
            if r.duplicates_removed > 0 {
                format!(" ({} reviews found in two sources were counted once)", r.duplicates_removed)
            } else {
                String::new()
            }
        ),
        platforms: r
            .platforms
            .iter()
            .map(|p| PlatformView { platform: &p.platform, average: fmt_num(p.average), count: p.count })
            .collect(),
        distribution_alt: format!(
            "Rating distribution: {}",
            distribution.iter().map(|b| format!("{} stars {}", b.stars, b.count)).collect::<Vec<_>>().join(", ")
        ),
        distribution,
        months_alt: format!(
            "Reviews per month and the share answered, {} to {}",
            r.monthly.first().map_or("", |m| m.month.as_str()),
            r.monthly.last().map_or("", |m| m.month.as_str())
        ),
        months,
        reply_line,
        first_month: r.monthly.first().map_or("", |m| m.month.as_str()),
        last_month: r.monthly.last().map_or("", |m| m.month.as_str()),
        replies,
        negatives_heading: format!(
            "Unanswered reviews of {} stars or less from the last {} days",
            fmt_num(r.negative_max_stars),
            r.negative_window_days
        ),
        negatives: r
            .unanswered_negative
            .iter()
            .map(|n| {
                let (text, full) = n.text.as_deref().map(shorten).unzip();
                ReviewItem {
                    date: n.date.to_string(),
                    platform: &n.platform,
                    stars: format!("{}★", fmt_num(n.stars)),
                    author: n.author.as_deref().map(|a| shorten(a).0),
                    text,
                    full: full.flatten(),
                    href: safe_href(n.link.as_deref()),
                }
            })
            .collect(),
        themes: r.themes.iter().map(|t| ThemeView { title: &t.title, count: t.count }).collect(),
    }
}

/// One 100-unit bar split into segments by count (good, neutral, bad), each with its colour class.
fn stacked(parts: [(&'static str, usize); 3]) -> Vec<ToneSegment> {
    let total = parts.iter().map(|(_, n)| n).sum::<usize>().max(1) as f64;
    let mut x = 0.0;
    parts
        .into_iter()
        .map(|(class, n)| {
            let width = n as f64 / total * 100.0;
            let segment = ToneSegment { class, x, width };
            x += width;
            segment
        })
        .collect()
}

fn mentions_view(m: &MentionSummary) -> MentionsView<'_> {
    let tone_bar = stacked([("pass", m.positive), ("na", m.neutral), ("fail", m.negative)]);
    MentionsView {
        headline: format!("{} mentions in the last {} days.", m.count, m.window_days),
        tone_alt: format!("Tone: {} positive, {} neutral, {} negative", m.positive, m.neutral, m.negative),
        tone_bar,
        negatives: m
            .negatives
            .iter()
            .map(|n| {
                let (title, full) = shorten(&n.title);
                MentionItem { date: n.date.to_string(), title, full, href: safe_href(n.link.as_deref()) }
            })
            .collect(),
    }
}

/// Width and height of the trend chart of repeat audits, in SVG units.
const TREND_CHART: (f64, f64) = (300.0, 80.0);

#[derive(Serialize)]
struct GateView<'a> {
    gate: &'a str,
    class: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct ChangesView<'a> {
    since: &'a str,
    headline: String,
    notes: &'a [String],
    lists: Vec<ChangeList<'a>>,
    areas: Vec<AreaDeltaView<'a>>,
    trend_line: String,
    trend_points: Vec<TrendDot>,
    trend_alt: String,
    /// The scores the chart's height spans.
    trend_range: String,
    first_run: &'a str,
    last_run: &'a str,
}

#[derive(Serialize)]
struct ChangeList<'a> {
    title: &'static str,
    class: &'static str,
    count: usize,
    items: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
struct AreaDeltaView<'a> {
    title: &'a str,
    previous: String,
    current: String,
    delta: String,
    class: &'static str,
}

#[derive(Serialize)]
struct TrendDot {
    x: f64,
    y: f64,
    label: String,
}

fn signed(delta: Option<f64>) -> String {
    match delta {
        Some(d) if d > 0.0 => format!("+{}", fmt_num(d)),
        Some(d) => fmt_num(d),
        None => "n/a".to_string(),
    }
}

fn change_list<'a>(title: &'static str, class: &'static str, items: &'a [TouchpointChange]) -> ChangeList<'a> {
    ChangeList {
        title,
        class,
        count: items.len(),
        items: items.iter().map(|t| LinkView { id: &t.id, title: &t.title }).collect(),
    }
}

fn changes_view(c: &Changes) -> ChangesView<'_> {
    let score = |s: Option<f64>| s.map_or_else(|| "n/a".to_string(), fmt_num);
    let (width, height) = TREND_CHART;
    let step = width / (c.trend.len().max(2) - 1) as f64;
    // The y axis spans the scores seen (at least 10 points), so a change of one point is visible.
    let scores: Vec<f64> = c.trend.iter().filter_map(|t| t.score).collect();
    let low = scores.iter().copied().fold(f64::INFINITY, f64::min);
    let high = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let middle = (low + high) / 2.0;
    let half = ((high - low) / 2.0).max(5.0);
    let (bottom, top) = ((middle - half).max(0.0), (middle + half).min(100.0));
    let trend_points: Vec<TrendDot> = c
        .trend
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            let s = t.score?;
            Some(TrendDot {
                x: i as f64 * step,
                y: height - 6.0 - (s - bottom) / (top - bottom).max(1.0) * (height - 12.0),
                label: format!("{}: {}", t.as_of, fmt_num(s)),
            })
        })
        .collect();
    ChangesView {
        since: c.baseline.as_of.as_deref().unwrap_or("the baseline"),
        headline: format!(
            "The score went from {} to {} ({} points).",
            score(c.previous_score),
            score(c.trend.last().and_then(|t| t.score)),
            signed(c.score_delta)
        ),
        notes: &c.notes,
        lists: [
            change_list("Newly failing", "fail", &c.newly_failing),
            change_list("Fixed", "pass", &c.fixed),
            change_list("Still failing", "warn", &c.still_failing),
        ]
        .into_iter()
        .filter(|l| l.count > 0)
        .collect(),
        areas: c
            .areas
            .iter()
            .map(|a| AreaDeltaView {
                title: &a.title,
                previous: score(a.previous),
                current: score(a.current),
                delta: signed(a.delta),
                class: match a.delta {
                    Some(d) if d > 0.0 => "pass",
                    Some(d) if d < 0.0 => "fail",
                    _ => "na",
                },
            })
            .collect(),
        trend_line: trend_points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" "),
        trend_range: format!("{}–{}", fmt_num(bottom.round()), fmt_num(top.round())),
        first_run: c.trend.first().map_or("", |t| t.as_of.as_str()),
        last_run: c.trend.last().map_or("", |t| t.as_of.as_str()),
        trend_alt: format!(
            "Score over the last runs: {}",
            c.trend.iter().map(|t| format!("{} {}", t.as_of, score(t.score))).collect::<Vec<_>>().join(", ")
        ),
        trend_points,
    }
}

#[derive(Serialize)]
struct PortfolioView<'a> {
    css: &'a str,
    generated_at: &'a str,
    count: usize,
    clients: Vec<ClientView<'a>>,
}

#[derive(Serialize)]
struct ClientView<'a> {
    name: &'a str,
    report: Option<&'a str>,
    score: String,
    class: &'static str,
    level: &'a str,
    coverage: String,
    delta: String,
    top_fix: &'a str,
    gates_failed: &'a [String],
    error: Option<&'a str>,
}

/// The batch's index.html: every client with score, level, coverage, change and top fix.
pub fn render_portfolio(p: &crate::repeat::Portfolio) -> Result<String> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_escape_fn(escape);
    registry
        .register_template_string("portfolio", PORTFOLIO)
        .map_err(|e| Error::Usage(format!("template `portfolio.hbs` does not compile: {e}")))?;
    let view = PortfolioView {
        css: CSS,
        generated_at: &p.generated_at,
        count: p.clients.len(),
        clients: p
            .clients
            .iter()
            .map(|c| ClientView {
                name: &c.name,
                report: c.report.as_deref(),
                score: c.score.map_or_else(|| "n/a".to_string(), fmt_num),
                class: score_class(c.score),
                level: c.level.as_deref().unwrap_or(""),
                coverage: c.coverage.map_or_else(String::new, fmt_pct),
                delta: c.delta.map_or_else(String::new, |d| signed(Some(d))),
                top_fix: c.top_fix.as_deref().unwrap_or(""),
                gates_failed: &c.gates_failed,
                error: c.error.as_deref(),
            })
            .collect(),
    };
    registry.render("portfolio", &view).map_err(|e| Error::Usage(format!("cannot render the portfolio: {e}")))
}

#[derive(Serialize)]
struct SurveyView {
    /// Promoters, passives and detractors as bar segments, when NPS was asked.
    nps: Option<Vec<ToneSegment>>,
    nps_alt: String,
    lines: Vec<String>,
}

fn survey_view(s: &super::model::SurveySummary) -> SurveyView {
    let mut lines = Vec::new();
    let (nps, nps_alt) = match &s.nps {
        Some(n) => {
            let segments = stacked([("pass", n.promoters), ("na", n.passives), ("fail", n.detractors)]);
            lines.push(format!(
                "NPS {} ±{} from {} answers: {} promoters (9-10), {} passives (7-8), {} detractors (0-6).",
                fmt_num(n.nps.round()),
                fmt_num(n.margin_95.round()),
                n.n,
                n.promoters,
                n.passives,
                n.detractors
            ));
            (
                Some(segments),
                format!("NPS answers: {} promoters, {} passives, {} detractors", n.promoters, n.passives, n.detractors),
            )
        }
        None => (None, String::new()),
    };
    if let Some(c) = &s.csat {
        lines.push(format!("CSAT {} % satisfied (4-5 of 5) from {} answers.", fmt_num(c.csat.round()), c.n));
    }
    if let Some(c) = &s.ces {
        lines.push(format!(
            "CES {} of 7 on average, {} % found it easy (5-7), from {} answers.",
            fmt_num(c.mean),
            fmt_num(c.easy.round()),
            c.n
        ));
    }
    SurveyView { nps, nps_alt, lines }
}
