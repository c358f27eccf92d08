//! The self-contained HTML report: a typed view of the result rendered with the handlebars templates.

use std::path::Path;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonValue, Output, RenderContext, RenderError, RenderErrorReason,
};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::gather::SourceStatus;
use crate::i18n::{Locale, Tr, Value};
use crate::result::changes::{Changes, TouchpointChange};
use crate::result::{AuditResult, FixItem, MentionSummary, ReviewSummary, SourceInfo, TouchpointResult};
use crate::rules::{EvidenceKind, Status};
use crate::t;

mod chain;
mod changes;
mod listings;
mod portfolio;
mod reputation;
mod rivals;

use chain::*;
use changes::*;
use listings::*;
use portfolio::*;
use reputation::*;
use rivals::*;

/// The templates shipped in the binary; a templates folder may override any of them by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("report", include_str!("../../../templates/report.hbs")),
    ("touchpoint", include_str!("../../../templates/touchpoint.hbs")),
    ("fix", include_str!("../../../templates/fix.hbs")),
    ("portfolio", include_str!("../../../templates/portfolio.hbs")),
];
const CSS: &str = include_str!("../../../templates/report.css");
/// The file of a templates folder whose rules are appended to the stylesheet.
pub(crate) const EXTRA_CSS: &str = "extra.css";

/// The built-in templates and stylesheet as files, for `touchaudit templates export`.
pub fn builtin_files() -> Vec<(String, &'static str)> {
    TEMPLATES
        .iter()
        .map(|(name, text)| (format!("{name}.hbs"), *text))
        .chain([("report.css".to_string(), CSS)])
        .collect()
}
/// Radius of the score gauge's circle, in SVG units.
const GAUGE_RADIUS: f64 = 52.0;

/// Renders reports; built once per run with the embedded templates and any overrides.
pub(crate) struct Renderer {
    registry: Handlebars<'static>,
    css: String,
}

impl Renderer {
    pub(crate) fn new(overrides: Option<&Path>) -> Result<Self> {
        let mut registry = Handlebars::new();
        registry.set_strict_mode(true);
        registry.register_escape_fn(escape);
        registry.register_helper("t", Box::new(translate));
        if let Some(dir) = overrides
            && !dir.is_dir()
        {
            return Err(Error::ReadInput {
                path: dir.to_path_buf(),
                reason: "the --templates folder does not exist (or is not a folder)".to_string(),
            });
        }
        let mut css = CSS.to_string();
        for (name, text) in TEMPLATES {
            let text = match overrides.map(|dir| dir.join(format!("{name}.hbs"))).filter(|p| p.exists()) {
                Some(path) => crate::config::read_input_text(&path)
                    .map_err(|reason| Error::ReadInput { path: path.clone(), reason })?,
                None => (*text).to_string(),
            };
            registry
                .register_template_string(name, text)
                .map_err(|e| Error::Usage(format!("template `{name}.hbs` does not compile: {e}")))?;
        }
        if let Some(path) = overrides.map(|dir| dir.join("report.css")).filter(|p| p.exists()) {
            css = crate::config::read_input_text(&path).map_err(|reason| Error::ReadInput { path, reason })?;
        }
        // `extra.css` adds to the stylesheet (the agency's fonts and colours) without replacing its layout.
        if let Some(path) = overrides.map(|dir| dir.join(EXTRA_CSS)).filter(|p| p.exists()) {
            let extra = crate::config::read_input_text(&path).map_err(|reason| Error::ReadInput { path, reason })?;
            css.push_str("\n/* extra.css */\n");
            css.push_str(&extra.replace("</", "<\\/"));
        }
        Ok(Renderer { registry, css })
    }

    /// The batch's index.html: every client with score, level, coverage, change and top fix.
    pub(crate) fn render_portfolio(&self, portfolio: &super::portfolio::Portfolio) -> Result<String> {
        let view = portfolio_view(portfolio, &self.css);
        self.registry
            .render("portfolio", &view)
            .map_err(|e| Error::Internal(format!("cannot render the portfolio: {e}")))
    }

    pub(crate) fn render(&self, result: &AuditResult) -> Result<String> {
        let view = View::new(result, &self.css, result.business.locale.tr());
        self.registry.render("report", &view).map_err(|e| Error::Internal(format!("cannot render the report: {e}")))
    }
}

/// `{{t ID name=value ...}}` with ID a quoted message id: a message of the view's locale (its `lang`), escaped like any value.
fn translate(h: &Helper, _: &Handlebars, ctx: &Context, _: &mut RenderContext, out: &mut dyn Output) -> HelperResult {
    let id = h.param(0).and_then(|p| p.value().as_str()).ok_or(RenderErrorReason::ParamNotFoundForIndex("t", 0))?;
    let locale = ctx.data().get("lang").and_then(JsonValue::as_str).and_then(Locale::parse).unwrap_or_default();
    let args: Vec<(&str, Value)> = h
        .hash()
        .iter()
        .map(|(name, value)| {
            let value = match value.value() {
                JsonValue::Number(n) => Value::from(n.as_f64().unwrap_or_default()),
                JsonValue::String(text) => Value::from(text.as_str()),
                other => Value::from(other.to_string()),
            };
            (*name, value)
        })
        .collect();
    let text = locale.tr().try_message(id, &args).map_err(|e| RenderError::from(RenderErrorReason::Other(e)))?;
    out.write(&escape(&text))?;
    Ok(())
}

/// A gate's verdict, as the summary shows it.
#[derive(Serialize)]
struct GateView<'a> {
    gate: &'a str,
    class: &'static str,
    message: &'a str,
}

#[derive(Serialize)]
struct View<'a> {
    lang: &'static str,
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
    listings: Option<ListingsView>,
    profiles: Vec<ProfileCardView>,
    changes: Option<ChangesView<'a>>,
    gates: Vec<GateView<'a>>,
    survey: Option<SurveyView>,
    sources: Vec<SourceView<'a>>,
    counts: Vec<CountView>,
    /// The consultant's view: setup hints, ids, file names and sources; the client's leaves them out.
    consultant: bool,
    agency: Option<AgencyView<'a>>,
    /// `--accent: #1a73e8;` for the stylesheet, from `[agency] accent` (validated at load).
    accent: Option<String>,
    summary: SummaryView,
    /// The five fixes the summary lists; `fix_rest` the others, behind "show all" (for the client, only
    /// those worth [`CLIENT_FIX_MIN_GAIN`], at most [`CLIENT_FIXES`]).
    fix_top: Vec<FixView<'a>>,
    fix_rest: Vec<FixView<'a>>,
    fix_count: usize,
    /// The fixes the client's list leaves to the consultant's report (too small, or past [`CLIENT_FIXES`]).
    fix_smaller: usize,
    /// What the audit did not cover, in plain words (the client view's not-assessed list).
    not_covered: Vec<String>,
    rivals: Option<RivalsView>,
    chain: Option<ChainView>,
    /// The printed pages' margin boxes: the business (and agency) on every page, page numbers; CSS strings
    /// escaped, so it goes into the stylesheet as it is.
    page_css: String,
}

/// A CSS string: quoted, every character but letters, digits and spaces escaped (`\3C ` for `<`), so no
/// text can close the string, the rule or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// An image data URL (a logo, a photo) as touchaudit writes it: an image type it embeds and base64 only, so it cannot end the
/// CSS `url("…")` or the attribute it goes into.
fn safe_image_url(url: &str) -> bool {
    ["data:image/png;base64,", "data:image/jpeg;base64,", "data:image/webp;base64,"].iter().any(|prefix| {
        url.strip_prefix(prefix)
            .is_some_and(|b64| !b64.is_empty() && b64.chars().all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c)))
    })
}

/// The printed pages' header and footer: the business and date top left, the agency bottom left, "page n of
/// m" bottom right; none on the cover.
fn page_css(tr: &Tr, r: &AuditResult) -> String {
    let head = css_string(&format!("{} · {}", r.business.name, tr.date(r.as_of)));
    let agency = r.presentation.agency.as_ref().map_or_else(|| "\"\"".to_string(), |a| css_string(&a.name));
    let of = css_string(&format!(" {} ", t!(tr, "report-page-of")));
    // The agency's logo in the top right margin of every page (a data URL checked again here: a result file
    // may have been edited by hand).
    let logo = r.presentation.agency.as_ref().and_then(|a| a.logo.as_deref()).filter(|l| safe_image_url(l)).map_or_else(
        String::new,
        |l| format!("@top-right {{ content: \"\"; width: 40mm; background: url(\"{l}\") no-repeat right center / contain; }} "),
    );
    // The margin boxes inherit from the page, not the body: without a font of their own they are set in the
    // browser's default serif wherever one is installed (Liberation Serif beside DejaVu Sans).
    let font = "font: 9pt system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif; color: #4f5b6b;";
    format!(
        "@media print {{ @page {{ {logo}@top-left {{ content: {head}; {font} }} \
         @bottom-left {{ content: {agency}; {font} }} \
         @bottom-right {{ content: counter(page) {of} counter(pages); {font} }} }} \
         @page :first {{ @top-left {{ content: none; }} @bottom-left {{ content: none; }} }} }}"
    )
}

#[derive(Serialize)]
struct AgencyView<'a> {
    name: &'a str,
    logo: Option<&'a str>,
    contact: Option<&'a str>,
    footer: Option<&'a str>,
    prepared_by: String,
}

#[derive(Serialize)]
struct SummaryView {
    next_level: Option<String>,
    strengths: Vec<String>,
    change: Option<String>,
}

/// Fixes the executive summary lists before "show all".
const SUMMARY_FIXES: usize = 5;

/// A fix worth fewer points than this is too small for the client's list (a critical one always stays): the
/// client's report says how many such fixes the consultant's report holds.
pub(crate) const CLIENT_FIX_MIN_GAIN: f64 = 0.5;

/// The most fixes the client's report lists: a client acts on ten fixes, not on forty.
pub(crate) const CLIENT_FIXES: usize = 10;

/// The fixes the audience's report lists: all for the consultant; for the client, those worth
/// [`CLIENT_FIX_MIN_GAIN`] points or critical, at most [`CLIENT_FIXES`]; each keeps its rank in the whole list.
fn fixes_for<'a>(fixes: Vec<FixView<'a>>, items: &[FixItem], consultant: bool) -> Vec<FixView<'a>> {
    if consultant {
        return fixes;
    }
    let worth = |f: &FixView| items.get(f.rank - 1).is_some_and(|i| i.critical || i.gain >= CLIENT_FIX_MIN_GAIN);
    fixes.into_iter().filter(worth).take(CLIENT_FIXES).collect()
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

#[derive(Serialize, Clone)]
struct FixView<'a> {
    rank: usize,
    id: &'a str,
    title: &'a str,
    area: &'a str,
    status: &'static str,
    status_label: String,
    critical: bool,
    gain: String,
    recommendation: &'a str,
    /// Where the best rival does better here.
    trails: Option<&'a str>,
    /// In a chain: where it fails ("the whole chain: …" when systemic).
    locations: Option<String>,
}

#[derive(Serialize)]
struct AreaView<'a> {
    id: &'a str,
    title: &'a str,
    score: String,
    bar_alt: String,
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
    status_label: String,
    critical: bool,
    score: Option<String>,
    measured: Option<&'a str>,
    target: Option<&'a str>,
    recommendation: Option<&'a str>,
    /// The recommendation is in the report's fix-first list (the client's paper prints it there only).
    listed: bool,
    reason: Option<&'a str>,
    why: &'a str,
    gain: Option<String>,
    evidence_count: usize,
    evidence: Vec<EvidenceView<'a>>,
    /// "Set by the auditor (measured: warn)" when offline.toml overrode the verdict.
    set_by_auditor: Option<String>,
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
    /// A photo's thumbnail (a checked data URL).
    image: Option<&'a str>,
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
pub(crate) fn escape(text: &str) -> String {
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
    status_label: String,
    file: Option<&'a str>,
    summary: &'a [String],
    problems: &'a [String],
    problem_count: usize,
    reason: Option<&'a str>,
}

#[derive(Serialize)]
struct CountView {
    status: &'static str,
    label: String,
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

/// Score at or above which an area or overall score is coloured as good.
const GOOD_SCORE_FROM: f64 = 80.0;
/// Score at or above which (and below [`GOOD_SCORE_FROM`]) it is coloured as middling; below, as poor.
const FAIR_SCORE_FROM: f64 = 50.0;

/// Colour class for a 0-100 score (an area's or the overall one: a mean has no target, so colour bands).
fn score_class(score: Option<f64>) -> &'static str {
    match score {
        None => "na",
        Some(s) if s >= GOOD_SCORE_FROM => "pass",
        Some(s) if s >= FAIR_SCORE_FROM => "warn",
        Some(_) => "fail",
    }
}

/// Points a fix would add: "+4.5 pts".
fn gain(tr: &Tr, points: f64) -> String {
    t!(tr, "report-gain", points = points)
}

fn touchpoint_view<'a>(tr: &Tr, t: &'a TouchpointResult, consultant: bool) -> TouchpointView<'a> {
    TouchpointView {
        id: &t.id,
        title: &t.title,
        area: &t.area,
        status: status_class(t.status),
        status_label: tr.render(&t.status.label()),
        critical: t.critical,
        score: t.score.map(|s| tr.num((s * 100.0).round())),
        measured: t.measured_text.as_deref(),
        target: t.target.as_deref(),
        recommendation: t.recommendation.as_deref(),
        listed: false,
        reason: t.reason.as_deref(),
        why: &t.why,
        gain: t.gain.filter(|g| *g > 0.0).map(|g| gain(tr, g)),
        set_by_auditor: t.auditor.as_ref().map(|a| {
            t!(tr, "tp-set-by-auditor", measured = tr.render(&a.measured_status.label()), note = a.note.as_str())
        }),
        evidence_count: t
            .evidence
            .iter()
            .filter(|e| consultant || e.kind != EvidenceKind::File || e.image.is_some())
            .count(),
        evidence: t
            .evidence
            .iter()
            // File names are the consultant's; the client sees the photos.
            .filter(|e| consultant || e.kind != EvidenceKind::File || e.image.is_some())
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
                    // Where a line comes from: a link for everyone, a file and line for the consultant.
                    source: e.source.as_deref().filter(|s| consultant || s.starts_with("http")),
                    image: e.image.as_deref().filter(|i| i.starts_with("data:image/jpeg;base64,") && safe_image_url(i)),
                }
            })
            .collect(),
    }
}

fn source_view<'a>(tr: &Tr, s: &'a SourceInfo) -> SourceView<'a> {
    let (status, status_label) = match s.status {
        SourceStatus::Collected => ("collected", t!(tr, "source-collected")),
        SourceStatus::NotConfigured => ("not-configured", t!(tr, "source-not-configured")),
        SourceStatus::Failed => ("failed", t!(tr, "source-failed")),
    };
    SourceView {
        label: &s.label,
        status,
        status_label,
        file: s.file.as_deref(),
        summary: &s.summary,
        problems: &s.problems,
        problem_count: s.problems.len(),
        reason: s.reason.as_deref(),
    }
}

/// The executive summary: the fixes that reach the next level, the strengths, the change since last time.
fn summary_view(tr: &Tr, r: &AuditResult) -> SummaryView {
    let top = r.score.level.as_ref().is_some_and(|l| r.levels.last().is_some_and(|last| last.id == l.id));
    let next_level = match (super::wording::next_level_line(tr, r), top, r.score.value) {
        (_, _, None) => None,
        (Some(line), _, _) => Some(line),
        (None, true, _) => Some(t!(tr, "report-top-level")),
        (None, false, _) => Some(t!(tr, "report-next-level-none")),
    };
    SummaryView {
        next_level,
        strengths: r.summary.strengths.iter().map(|id| r.title_of(id).to_string()).collect(),
        change: r.changes.as_ref().map(|c| changes_view(tr, c).headline),
    }
}

/// What the audit did not cover, one plain sentence per source not given, and the checks that could not be
/// measured although their source was there.
fn not_covered(tr: &Tr, r: &AuditResult) -> Vec<String> {
    use crate::gather::SourceKind;
    let mut lines = Vec::new();
    let missing: Vec<SourceKind> =
        r.sources.iter().filter(|s| s.status != SourceStatus::Collected).map(|s| s.kind).collect();
    for source in r.sources.iter().filter(|s| s.status != SourceStatus::Collected) {
        // A source that was given but gave nothing says why (a site that did not answer or refused the crawler).
        if let (SourceStatus::Failed, Some(reason)) = (source.status, &source.reason) {
            let label = source.label.as_str();
            lines.push(t!(tr, "report-not-covered-failed", source = label, reason = reason.as_str()));
            continue;
        }
        lines.push(match &source.kind {
            SourceKind::Offline => t!(tr, "report-not-covered-offline"),
            SourceKind::Survey => t!(tr, "report-not-covered-survey"),
            SourceKind::Site => t!(tr, "report-not-covered-site"),
            SourceKind::Reviews => t!(tr, "report-not-covered-reviews"),
            SourceKind::Mentions => t!(tr, "report-not-covered-mentions"),
            SourceKind::Serm => t!(tr, "report-not-covered-serm"),
        });
    }
    let source_of = |t: &TouchpointResult| crate::rules::registry::rule(&t.rule).map(|rule| rule.spec.source);
    let unmeasured: Vec<&str> = r
        .touchpoints
        .iter()
        .filter(|t| t.status == Status::NotAssessed)
        .filter(|t| source_of(t).is_none_or(|kind| !missing.contains(&kind)))
        .map(|t| t.title.as_str())
        .collect();
    if !unmeasured.is_empty() {
        lines.push(t!(tr, "report-not-measured", count = unmeasured.len(), checks = unmeasured.join("; ")));
    }
    lines
}

fn group_by_reason(r: &AuditResult) -> Vec<ReasonGroup<'_>> {
    let mut groups: Vec<ReasonGroup> = Vec::new();
    for t in r.touchpoints.iter().filter(|t| t.status == Status::NotAssessed) {
        let reason = t.reason.as_deref().unwrap_or_default();
        let link = LinkView { id: &t.id, title: &t.title };
        match groups.iter_mut().find(|g| g.reason == reason) {
            Some(group) => group.touchpoints.push(link),
            None => groups.push(ReasonGroup { reason, touchpoints: vec![link] }),
        }
    }
    groups
}

impl<'a> View<'a> {
    fn new(r: &'a AuditResult, css: &'a str, tr: &Tr) -> Self {
        let consultant = r.presentation.audience == crate::config::agency::Audience::Consultant;
        let fix_first = fixes_for(fix_views(tr, r), &r.fix_first, consultant);
        let areas = area_views(tr, r, consultant, &fix_first.iter().map(|f| f.id).collect::<Vec<_>>());
        View {
            lang: tr.locale().code(),
            css,
            business: &r.business.name,
            site: r.business.site.as_deref(),
            as_of: tr.date(r.as_of),
            generated_at: &r.generated_at,
            tool_version: &r.tool_version,
            checklist: format!(
                "{} {} ({})",
                r.checklist.name,
                r.checklist.version,
                match r.checklist.origin.as_str() {
                    crate::config::checklist::BUILTIN_ORIGIN => t!(tr, "report-builtin-checklist"),
                    file => file.to_string(),
                }
            ),
            score: score_view(tr, r),
            levels: levels_view(tr, r),
            fix_count: fix_first.len(),
            fix_top: fix_first.iter().take(SUMMARY_FIXES).cloned().collect(),
            fix_rest: fix_first.iter().skip(SUMMARY_FIXES).cloned().collect(),
            fix_smaller: r.fix_first.len() - fix_first.len(),
            fix_first,
            areas,
            consultant,
            agency: r.presentation.agency.as_ref().map(|a| AgencyView {
                name: &a.name,
                logo: a.logo.as_deref().filter(|l| safe_image_url(l)),
                contact: a.contact.as_deref(),
                footer: a.footer.as_deref(),
                prepared_by: t!(tr, "report-prepared-by", agency = a.name.as_str()),
            }),
            accent: r
                .presentation
                .agency
                .as_ref()
                .and_then(|a| a.accent.as_deref())
                .filter(|c| crate::config::agency::valid_colour(c))
                .map(|c| format!("--accent: {c};")),
            summary: summary_view(tr, r),
            page_css: page_css(tr, r),
            rivals: rivals_view(tr, r),
            chain: chain_view(tr, r),
            not_covered: not_covered(tr, r),
            not_assessed: group_by_reason(r),
            reviews: r
                .reputation
                .as_ref()
                .and_then(|rep| rep.reviews.as_ref())
                .map(|rv| reviews_view(tr, rv, &r.business.name)),
            mentions: r.reputation.as_ref().and_then(|rep| rep.mentions.as_ref()).map(|m| mentions_view(tr, m)),
            listings: r.reputation.as_ref().and_then(|rep| rep.listings.as_ref()).map(|l| listings_view(tr, l)),
            profiles: r.reputation.as_ref().map_or_else(Vec::new, |rep| profile_cards_view(tr, rep)),
            changes: r.changes.as_ref().map(|c| changes_view(tr, c)),
            survey: r.survey.as_ref().map(|s| survey_view(tr, s)),
            gates: r
                .gates
                .iter()
                .map(|g| GateView { gate: &g.gate, class: if g.passed { "pass" } else { "fail" }, message: &g.message })
                .collect(),
            sources: r.sources.iter().map(|s| source_view(tr, s)).collect(),
            counts: status_counts(tr, r),
        }
    }
}

/// The score gauge: the arc, the level (provisional below the coverage bar), the cap and the coverage.
fn score_view(tr: &Tr, r: &AuditResult) -> ScoreView {
    let circumference = 2.0 * std::f64::consts::PI * GAUGE_RADIUS;
    let filled = r.score.value.unwrap_or(0.0) / 100.0 * circumference;
    let level_title = r.score.level.as_ref().map_or_else(|| t!(tr, "report-no-level"), |l| l.title.clone());
    // Below the coverage bar the level is not a verdict yet, and says so wherever it is written.
    let level_title = if r.score.provisional && r.score.level.is_some() {
        t!(tr, "report-level-provisional", level = level_title.as_str())
    } else {
        level_title
    };
    let coverage = tr.pct(r.score.coverage);
    let overall = r.score_text();
    let capped = (!r.score.capped_by.is_empty()).then(|| {
        let named: Vec<&str> = r.score.capped_by.iter().map(|id| r.title_of(id)).collect();
        t!(tr, "report-capped-by", touchpoints = named.join(", "))
    });
    ScoreView {
        assessed: r.score.value.is_some(),
        level_description: r.score.level.as_ref().map_or_else(|| t!(tr, "report-no-score"), |l| l.description.clone()),
        provisional: r.score.provisional,
        capped,
        arc: format!("{:.2} {:.2}", filled, circumference),
        class: score_class(r.score.value),
        alt: t!(
            tr,
            "report-gauge-alt",
            score = overall.as_str(),
            level = level_title.as_str(),
            coverage = coverage.as_str()
        ),
        level: level_title,
        coverage,
        text: overall,
    }
}

/// The level bands, the current one marked.
fn levels_view<'a>(tr: &Tr, r: &'a AuditResult) -> Vec<LevelView<'a>> {
    r.levels
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let upper = r.levels.get(i + 1).map_or(100.0, |next| next.min - 1.0);
            LevelView {
                title: &l.title,
                range: format!("{}–{}", tr.num(l.min), tr.num(upper.max(l.min))),
                current: r.score.level.as_ref().is_some_and(|current| current.id == l.id),
            }
        })
        .collect()
}

/// The fix-first list, ranked.
fn fix_views<'a>(tr: &Tr, r: &'a AuditResult) -> Vec<FixView<'a>> {
    r.fix_first
        .iter()
        .enumerate()
        .map(|(i, f)| FixView {
            rank: i + 1,
            id: &f.id,
            title: &f.title,
            area: r.areas.iter().find(|a| a.id == f.area).map_or(&f.area, |a| &a.title),
            status: status_class(f.status),
            status_label: tr.render(&f.status.label()),
            critical: f.critical,
            gain: gain(tr, f.gain),
            recommendation: &f.recommendation,
            trails: f.trails.as_deref(),
            locations: fix_locations(tr, r, f),
        })
        .collect()
}

/// Where a chain's fix is needed: the whole chain (one fix in the standards) or the locations named.
fn fix_locations(tr: &Tr, r: &AuditResult, f: &crate::result::FixItem) -> Option<String> {
    if f.locations.is_empty() {
        return None;
    }
    let systemic = r.chain.as_ref().is_some_and(|c| c.systemic.iter().any(|p| p.touchpoint == f.id));
    let places = f.locations.join(", ");
    Some(if systemic {
        t!(tr, "chain-fix-systemic", count = f.locations.len(), locations = places)
    } else {
        t!(tr, "chain-fix-local", locations = places)
    })
}

/// The areas with their touchpoints: every one for the consultant, the measured ones for the client; `listed`
/// are the touchpoints whose fix the fix-first list shows.
fn area_views<'a>(tr: &Tr, r: &'a AuditResult, consultant: bool, listed: &[&str]) -> Vec<AreaView<'a>> {
    r.areas
        .iter()
        .map(|a| {
            let score = tr.num_or_na(a.score);
            AreaView {
                id: &a.id,
                title: &a.title,
                bar_alt: t!(tr, "report-area-alt", area = a.title.as_str(), score = score.as_str()),
                score,
                bar: a.score.unwrap_or(0.0),
                class: score_class(a.score),
                coverage: t!(
                    tr,
                    "report-area-coverage",
                    assessed = a.assessed,
                    applicable = a.applicable,
                    share = a.coverage.map_or_else(|| t!(tr, "n-a"), |c| tr.pct(c))
                ),
                // The client reads what was measured; what could not be is in one plain list.
                touchpoints: r
                    .touchpoints_in(&a.id)
                    .filter(|t| consultant || t.status.is_assessed())
                    .map(|t| TouchpointView {
                        listed: listed.contains(&t.id.as_str()),
                        ..touchpoint_view(tr, t, consultant)
                    })
                    .collect(),
            }
        })
        .collect()
}

/// How many touchpoints have each status.
fn status_counts(tr: &Tr, r: &AuditResult) -> Vec<CountView> {
    [Status::Pass, Status::Warn, Status::Fail, Status::NotAssessed, Status::NotApplicable]
        .into_iter()
        .map(|status| CountView {
            status: status_class(status),
            label: tr.render(&status.label()),
            count: r.touchpoints.iter().filter(|t| t.status == status).count(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Status;

    fn item(gain: f64, critical: bool) -> FixItem {
        FixItem {
            id: format!("t{gain}"),
            title: String::new(),
            area: String::new(),
            status: Status::Fail,
            critical,
            gain,
            recommendation: String::new(),
            trails: None,
            locations: Vec::new(),
        }
    }

    fn view(rank: usize) -> FixView<'static> {
        FixView {
            rank,
            id: "",
            title: "",
            area: "",
            status: "fail",
            status_label: String::new(),
            critical: false,
            gain: String::new(),
            recommendation: "",
            trails: None,
            locations: None,
        }
    }

    #[test]
    fn the_clients_fix_list_keeps_worthwhile_and_critical_fixes_with_their_ranks() {
        // Ranked by gain: three worthwhile, one small, one small but critical, then smaller ones.
        let mut items = vec![item(2.0, false), item(1.0, false), item(0.5, false), item(0.3, false), item(0.1, true)];
        items.extend((0..20).map(|_| item(0.01, false)));
        let views = || (1..=items.len()).map(view).collect::<Vec<_>>();
        let ranks = |v: Vec<FixView>| v.iter().map(|f| f.rank).collect::<Vec<_>>();
        assert_eq!(ranks(fixes_for(views(), &items, false)), [1, 2, 3, 5]);
        assert_eq!(fixes_for(views(), &items, true).len(), items.len());
        // Never more than CLIENT_FIXES, however many are worth it.
        let many: Vec<FixItem> = (0..30).map(|_| item(3.0, false)).collect();
        let views = (1..=many.len()).map(view).collect();
        assert_eq!(ranks(fixes_for(views, &many, false)), (1..=CLIENT_FIXES).collect::<Vec<_>>());
    }
}
