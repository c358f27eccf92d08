//! The self-contained HTML report: a typed view of the result rendered with the handlebars templates.

use std::path::Path;

use handlebars::{
    Context, Handlebars, Helper, HelperResult, JsonValue, Output, RenderContext, RenderError, RenderErrorReason,
};
use serde::Serialize;

use super::model::{AuditResult, MentionSummary, ReviewSummary, SourceInfo, TouchpointResult};
use crate::compare::{Changes, TouchpointChange};
use crate::error::{Error, Result};
use crate::gather::SourceStatus;
use crate::i18n::{Locale, Tr, Value};
use crate::rules::{EvidenceKind, Status};
use crate::t;

/// The templates shipped in the binary; a templates folder may override any of them by file name.
const TEMPLATES: &[(&str, &str)] = &[
    ("report", include_str!("../../templates/report.hbs")),
    ("touchpoint", include_str!("../../templates/touchpoint.hbs")),
    ("fix", include_str!("../../templates/fix.hbs")),
    ("portfolio", include_str!("../../templates/portfolio.hbs")),
];
const CSS: &str = include_str!("../../templates/report.css");
/// The file of a templates folder whose rules are appended to the stylesheet.
pub const EXTRA_CSS: &str = "extra.css";

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
pub struct Renderer {
    registry: Handlebars<'static>,
    css: String,
}

impl Renderer {
    pub fn new(overrides: Option<&Path>) -> Result<Self> {
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
    pub fn render_portfolio(&self, portfolio: &super::portfolio::Portfolio) -> Result<String> {
        let view = portfolio_view(portfolio, &self.css);
        self.registry
            .render("portfolio", &view)
            .map_err(|e| Error::Internal(format!("cannot render the portfolio: {e}")))
    }

    pub fn render(&self, result: &AuditResult) -> Result<String> {
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
    /// The five fixes the summary lists; `fix_rest` the others, behind "show all".
    fix_top: Vec<FixView<'a>>,
    fix_rest: Vec<FixView<'a>>,
    fix_count: usize,
    /// What the audit did not cover, in plain words (the client view's not-assessed list).
    not_covered: Vec<String>,
    rivals: Option<RivalsView>,
    /// The printed pages' margin boxes: the business (and agency) on every page, page numbers; CSS strings
    /// escaped, so it goes into the stylesheet as it is.
    page_css: String,
}

/// The competitor grid (one row per metric, one column per subject, the best value marked) and the rating ×
/// review-count quadrant.
#[derive(Serialize)]
struct RivalsView {
    subjects: Vec<SubjectView>,
    /// The same figures by subject, shown instead of the grid on narrow screens.
    cards: Vec<SubjectCard>,
    /// Some subject is known by a listing's rating and count only (the grid says so under its name).
    listing_only: bool,
    rows: Vec<RivalRow>,
    /// The site and listing checks, behind "more measures".
    status_rows: Vec<RivalRow>,
    quadrant: Vec<QuadrantPoint>,
    /// Where the quadrant's lines cross: the subjects' median review count and median rating.
    axes: QuadrantAxes,
    quadrant_alt: String,
    trails: Vec<String>,
}

#[derive(Serialize)]
struct SubjectView {
    name: String,
    listing_only: bool,
}

/// One subject's figures as a card, for narrow screens where the grid's columns do not fit: the figures it
/// has (none "n/a"), the best ones marked as in the grid.
#[derive(Serialize)]
struct SubjectCard {
    name: String,
    listing_only: bool,
    cells: Vec<CardCell>,
    status_cells: Vec<CardCell>,
}

#[derive(Serialize)]
struct CardCell {
    metric: String,
    text: String,
    best: bool,
}

/// The grid turned by subject: what each subject's column says, metric by metric.
fn subject_cards(subjects: &[SubjectView], rows: &[RivalRow], status_rows: &[RivalRow], na: &str) -> Vec<SubjectCard> {
    let column = |rows: &[RivalRow], i: usize| -> Vec<CardCell> {
        rows.iter()
            .filter_map(|row| {
                let cell = row.cells.get(i)?;
                (cell.text != na).then(|| CardCell {
                    metric: row.metric.clone(),
                    text: cell.text.clone(),
                    best: cell.best,
                })
            })
            .collect()
    };
    subjects
        .iter()
        .enumerate()
        .map(|(i, s)| SubjectCard {
            name: s.name.clone(),
            listing_only: s.listing_only,
            cells: column(rows, i),
            status_cells: if s.listing_only { Vec::new() } else { column(status_rows, i) },
        })
        .collect()
}

#[derive(Serialize)]
struct RivalRow {
    metric: String,
    cells: Vec<RivalCell>,
}

#[derive(Serialize)]
struct RivalCell {
    text: String,
    best: bool,
    subject: String,
}

#[derive(Serialize)]
struct QuadrantPoint {
    x: String,
    y: String,
    label: String,
    client: bool,
    label_x: String,
    label_y: String,
    anchor_end: bool,
}

#[derive(Serialize, Default)]
struct QuadrantAxes {
    x: String,
    y: String,
}

/// The plotting area of the quadrant, in the SVG's units (the view box is 300 × 170).
const QUADRANT_LEFT: f64 = 20.0;
const QUADRANT_RIGHT: f64 = 280.0;
const QUADRANT_TOP: f64 = 14.0;
const QUADRANT_BOTTOM: f64 = 150.0;
/// A label's height, and the width of one of its characters, at the labels' 9px font (generous: labels
/// must not overlap).
const LABEL_HEIGHT: f64 = 10.0;
const LABEL_CHAR_WIDTH: f64 = 5.2;

/// The rating × review-count quadrant: review count on a log scale across, rating up, each axis spanning
/// the values seen; the lines cross at the medians, as the reputation suites draw it. Labels are placed
/// beside their dots where they overlap no other label (right or left, above or below).
fn quadrant(points: &[(String, Option<f64>, Option<usize>, bool)]) -> (Vec<QuadrantPoint>, QuadrantAxes) {
    let known: Vec<(&String, f64, f64, bool)> = points
        .iter()
        .filter_map(|(name, rating, count, client)| Some((name, (*rating)?, (*count)? as f64, *client)))
        .collect();
    if known.is_empty() {
        return (Vec::new(), QuadrantAxes::default());
    }
    let log = |c: f64| (c + 1.0).ln();
    let (low_c, high_c) =
        known.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), p| (lo.min(log(p.2)), hi.max(log(p.2))));
    let (low_r, high_r) = known.iter().fold((5.0_f64, 0.0_f64), |(lo, hi), p| (lo.min(p.1), hi.max(p.1)));
    // A little room around the values; at least half a star and a factor of e tall and wide.
    let (low_c, high_c) = if high_c - low_c < 1.0 { ((low_c - 0.5).max(0.0), high_c + 0.5) } else { (low_c, high_c) };
    let (low_r, high_r) =
        if high_r - low_r < 0.5 { ((low_r - 0.25).max(1.0), (high_r + 0.25).min(5.0)) } else { (low_r, high_r) };
    let pad = 0.08;
    let x_of = |c: f64| {
        let t = (log(c) - low_c) / (high_c - low_c).max(1e-9);
        QUADRANT_LEFT + (QUADRANT_RIGHT - QUADRANT_LEFT) * (pad + (1.0 - 2.0 * pad) * t)
    };
    let y_of = |r: f64| {
        let t = (r - low_r) / (high_r - low_r).max(1e-9);
        QUADRANT_BOTTOM - (QUADRANT_BOTTOM - QUADRANT_TOP) * (pad + (1.0 - 2.0 * pad) * t)
    };
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        let n = v.len();
        if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
    };
    let axes = QuadrantAxes {
        x: format!("{:.1}", x_of(median(known.iter().map(|p| p.2).collect()))),
        y: format!("{:.1}", y_of(median(known.iter().map(|p| p.1).collect()))),
    };
    // Boxes of the labels placed so far: (left, top, right, bottom).
    // The axis captions sit top left and bottom right.
    let mut placed: Vec<(f64, f64, f64, f64)> = vec![(0.0, 0.0, 110.0, 15.0), (180.0, 156.0, 300.0, 170.0)];
    let dots: Vec<(f64, f64)> = known.iter().map(|p| (x_of(p.2), y_of(p.1))).collect();
    let mut out = Vec::new();
    for ((name, _, _, client), (x, y)) in known.iter().zip(&dots) {
        let width = name.chars().count() as f64 * LABEL_CHAR_WIDTH;
        let overlaps = |b: (f64, f64, f64, f64)| {
            let off_chart = b.0 < 0.0 || b.2 > 300.0 || b.1 < 0.0 || b.3 > 170.0;
            let on_label = placed.iter().any(|p| b.0 < p.2 && p.0 < b.2 && b.1 < p.3 && p.1 < b.3);
            let on_dot = dots.iter().any(|d| d.0 > b.0 - 4.0 && d.0 < b.2 + 4.0 && d.1 > b.1 - 4.0 && d.1 < b.3 + 4.0);
            (off_chart as u8) * 4 + (on_label as u8) * 2 + on_dot as u8
        };
        // Candidates: right or left of the dot, level with it, above or below.
        let candidates = [
            (true, 0.0),
            (false, 0.0),
            (true, -9.0),
            (false, -9.0),
            (true, 9.0),
            (false, 9.0),
            (true, -18.0),
            (false, -18.0),
            (true, 18.0),
            (false, 18.0),
        ];
        let boxed = |(right, dy): (bool, f64)| {
            let left = if right { x + 7.0 } else { x - 7.0 - width };
            let base = y + 3.0 + dy;
            (left, base - LABEL_HEIGHT + 2.0, left + width, base + 2.0)
        };
        let best = candidates.iter().copied().min_by_key(|c| overlaps(boxed(*c))).unwrap_or((true, 0.0));
        let b = boxed(best);
        placed.push(b);
        out.push(QuadrantPoint {
            x: format!("{x:.1}"),
            y: format!("{y:.1}"),
            label: (*name).clone(),
            client: *client,
            label_x: format!("{:.1}", if best.0 { x + 7.0 } else { x - 7.0 }),
            label_y: format!("{:.1}", y + 3.0 + best.1),
            anchor_end: !best.0,
        });
    }
    (out, axes)
}

/// The grid's status metrics: a rule whose touchpoint is judged for every subject, and its label.
const RIVAL_RULES: &[(&str, &str)] = &[
    ("listings_nap", "rival-nap"),
    ("site_https", "rival-https"),
    ("site_viewport", "rival-mobile"),
    ("site_contacts", "rival-contacts"),
    ("site_opening_hours", "rival-hours"),
    ("site_prices_fresh", "rival-prices"),
    ("site_loyalty_page", "rival-loyalty"),
    ("site_accessibility", "rival-accessibility"),
];

fn rivals_view(tr: &Tr, r: &AuditResult) -> Option<RivalsView> {
    if r.competitors.is_empty() {
        return None;
    }
    let reviews = r.reputation.as_ref().and_then(|rep| rep.reviews.as_ref());
    // What customers see: the platforms' ratings weighted by their counts, as the evaluation summarised them.
    let client_rating = reviews.and_then(|rv| rv.average);
    let client_count = reviews.map(|rv| rv.platforms.iter().map(|p| p.count).sum::<usize>());
    let mut subjects = vec![r.business.name.clone()];
    subjects.extend(r.competitors.iter().map(|c| c.name.clone()));
    let listed = std::iter::once(false).chain(r.competitors.iter().map(|c| c.listing_only));
    let subject_views: Vec<SubjectView> = subjects
        .iter()
        .zip(listed)
        .map(|(name, listing_only)| SubjectView { name: name.clone(), listing_only })
        .collect();
    // (metric, values per subject, higher is better, as text)
    type Metric = (String, Vec<Option<f64>>, bool, fn(&Tr, f64) -> String);
    let numeric: Vec<Metric> = vec![
        (
            t!(tr, "rival-outside-in"),
            std::iter::once(r.outside_in.as_ref().and_then(|o| o.score))
                .chain(r.competitors.iter().map(|c| c.outside_in))
                .collect(),
            true,
            |tr, v| tr.num(v),
        ),
        (
            t!(tr, "rival-rating"),
            std::iter::once(client_rating).chain(r.competitors.iter().map(|c| c.rating)).collect(),
            true,
            |tr, v| format!("{}★", tr.num(v)),
        ),
        (
            t!(tr, "report-legend-reviews"),
            std::iter::once(client_count.map(|n| n as f64))
                .chain(r.competitors.iter().map(|c| c.reviews.map(|n| n as f64)))
                .collect(),
            true,
            |tr, v| tr.num(v),
        ),
        (
            t!(tr, "rival-reply-rate"),
            std::iter::once(reviews.map(|rv| rv.replies.rate))
                .chain(r.competitors.iter().map(|c| c.reply_rate))
                .collect(),
            true,
            |tr, v| tr.pct(v),
        ),
        (
            t!(tr, "rival-reply-hours"),
            std::iter::once(reviews.and_then(|rv| rv.replies.median_hours))
                .chain(r.competitors.iter().map(|c| c.median_reply_hours))
                .collect(),
            false,
            |tr, v| t!(tr, "unit-hours", hours = v.round()),
        ),
        (
            t!(tr, "rival-unanswered"),
            std::iter::once(reviews.map(|rv| rv.unanswered_negative.len() as f64))
                .chain(r.competitors.iter().map(|c| c.unanswered_negative.map(|n| n as f64)))
                .collect(),
            false,
            |tr, v| tr.num(v),
        ),
    ];
    let mut rows = Vec::new();
    let mut trails = Vec::new();
    for (metric, values, higher, show) in numeric {
        let best = values
            .iter()
            .flatten()
            .copied()
            .fold(None, |acc: Option<f64>, v| Some(acc.map_or(v, |a| if higher { a.max(v) } else { a.min(v) })));
        if let (Some(best), Some(Some(mine))) = (best, values.first())
            && (best - mine).abs() > 1e-9
            && let Some(i) = values.iter().position(|v| *v == Some(best))
        {
            trails.push(t!(
                tr,
                "rival-trails",
                rival = subjects[i].as_str(),
                metric = metric.as_str(),
                theirs = show(tr, best),
                yours = show(tr, *mine)
            ));
        }
        let cells = values
            .iter()
            .zip(&subjects)
            .map(|(v, subject)| RivalCell {
                text: v.map_or_else(|| t!(tr, "n-a"), |v| show(tr, v)),
                best: v.is_some() && *v == best,
                subject: subject.clone(),
            })
            .collect();
        rows.push(RivalRow { metric, cells });
    }
    let mut status_rows = Vec::new();
    for (rule, label) in RIVAL_RULES {
        let Some(mine) = r.touchpoints.iter().find(|t| t.rule == *rule) else { continue };
        let statuses: Vec<Status> = std::iter::once(mine.status)
            .chain(
                r.competitors
                    .iter()
                    .map(|c| c.touchpoints.iter().find(|t| t.id == mine.id).map_or(Status::NotAssessed, |t| t.status)),
            )
            .collect();
        let best = statuses.contains(&Status::Pass);
        status_rows.push(RivalRow {
            metric: tr.message(label, &[]),
            cells: statuses
                .iter()
                .zip(&subjects)
                .map(|(s, subject)| RivalCell {
                    text: tr.render(&s.label()),
                    best: best && *s == Status::Pass,
                    subject: subject.clone(),
                })
                .collect(),
        });
    }
    let points: Vec<(String, Option<f64>, Option<usize>, bool)> =
        std::iter::once((r.business.name.clone(), client_rating, client_count, true))
            .chain(r.competitors.iter().map(|c| (c.name.clone(), c.rating, c.reviews, false)))
            .collect();
    let (quadrant, axes) = quadrant(&points);
    let quadrant_alt = points
        .iter()
        .map(|(name, rating, count, _)| {
            t!(tr, "rival-point", name = name.as_str(), rating = tr.num_or_na(*rating), count = count.unwrap_or(0))
        })
        .collect::<Vec<_>>()
        .join("; ");
    let cards = subject_cards(&subject_views, &rows, &status_rows, &t!(tr, "n-a"));
    Some(RivalsView {
        cards,
        axes,
        listing_only: subject_views.iter().any(|s| s.listing_only),
        subjects: subject_views,
        rows,
        status_rows,
        quadrant,
        quadrant_alt,
        trails,
    })
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
    format!(
        "@media print {{ @page {{ {logo}@top-left {{ content: {head}; font-size: 9pt; color: #4f5b6b; }} \
         @bottom-left {{ content: {agency}; font-size: 9pt; color: #4f5b6b; }} \
         @bottom-right {{ content: counter(page) {of} counter(pages); font-size: 9pt; color: #4f5b6b; }} }} \
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

/// "Fix the first N items below and the score reaches X: Level", when a set of fixes reaches the next level.
pub(crate) fn next_level_line(tr: &Tr, r: &AuditResult) -> Option<String> {
    let next = r.summary.next_level.as_ref()?;
    let level = r.levels.iter().find(|l| l.id == next.level).map_or(next.level_title.as_str(), |l| &l.title);
    Some(t!(tr, "report-next-level", count = next.fixes.len(), score = next.score, level = level))
}

/// The executive summary: the fixes that reach the next level, the strengths, the change since last time.
fn summary_view(tr: &Tr, r: &AuditResult) -> SummaryView {
    let top = r.score.level.as_ref().is_some_and(|l| r.levels.last().is_some_and(|last| last.id == l.id));
    let next_level = match (next_level_line(tr, r), top, r.score.value) {
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
    for kind in &missing {
        lines.push(match kind {
            SourceKind::Offline => t!(tr, "report-not-covered-offline"),
            SourceKind::Survey => t!(tr, "report-not-covered-survey"),
            SourceKind::Site => t!(tr, "report-not-covered-site"),
            SourceKind::Reviews => t!(tr, "report-not-covered-reviews"),
            SourceKind::Mentions => t!(tr, "report-not-covered-mentions"),
            SourceKind::Serm => t!(tr, "report-not-covered-serm"),
        });
    }
    let source_of = |t: &TouchpointResult| crate::rules::registry::rule(&t.rule).map(|rule| rule.source);
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
        let consultant = r.presentation.audience == crate::config::agency::Audience::Consultant;
        let capped = (!r.score.capped_by.is_empty()).then(|| {
            let named: Vec<&str> = r.score.capped_by.iter().map(|id| r.title_of(id)).collect();
            t!(tr, "report-capped-by", touchpoints = named.join(", "))
        });
        let score = ScoreView {
            assessed: r.score.value.is_some(),
            level_description: r
                .score
                .level
                .as_ref()
                .map_or_else(|| t!(tr, "report-no-score"), |l| l.description.clone()),
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
        };
        let levels = r
            .levels
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
            .collect();
        let fix_first: Vec<FixView> = r
            .fix_first
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
            })
            .collect();
        let areas = r
            .areas
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
                        .map(|t| touchpoint_view(tr, t, consultant))
                        .collect(),
                }
            })
            .collect();
        let counts = [Status::Pass, Status::Warn, Status::Fail, Status::NotAssessed, Status::NotApplicable]
            .into_iter()
            .map(|status| CountView {
                status: status_class(status),
                label: tr.render(&status.label()),
                count: r.touchpoints.iter().filter(|t| t.status == status).count(),
            })
            .collect();
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
            score,
            levels,
            fix_count: fix_first.len(),
            fix_top: fix_first.iter().take(SUMMARY_FIXES).cloned().collect(),
            fix_rest: fix_first.iter().skip(SUMMARY_FIXES).cloned().collect(),
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
            not_covered: not_covered(tr, r),
            not_assessed: group_by_reason(r),
            reviews: r.reputation.as_ref().and_then(|rep| rep.reviews.as_ref()).map(|rv| reviews_view(tr, rv)),
            mentions: r.reputation.as_ref().and_then(|rep| rep.mentions.as_ref()).map(|m| mentions_view(tr, m)),
            listings: r.reputation.as_ref().and_then(|rep| rep.listings.as_ref()).map(|l| listings_view(tr, l)),
            changes: r.changes.as_ref().map(|c| changes_view(tr, c)),
            survey: r.survey.as_ref().map(|s| survey_view(tr, s)),
            gates: r
                .gates
                .iter()
                .map(|g| GateView { gate: &g.gate, class: if g.passed { "pass" } else { "fail" }, message: &g.message })
                .collect(),
            sources: r.sources.iter().map(|s| source_view(tr, s)).collect(),
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
    first_month: String,
    last_month: String,
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
    /// A draft reply in the report's language (checklists/replies.toml), for the consultant.
    draft: Option<String>,
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

fn reviews_view<'a>(tr: &Tr, r: &'a ReviewSummary) -> ReviewsView<'a> {
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
                label: t!(
                    tr,
                    "report-month-bar",
                    month = tr.month(&m.month),
                    reviews = m.reviews,
                    answered = m.replied
                ),
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
    let mut replies = t!(
        tr,
        "report-replies",
        days = r.reply_window_days,
        answered = reply.replied,
        reviews = reply.reviews,
        share = tr.pct(reply.rate)
    );
    if let (Some(median), Some(p90)) = (reply.median_hours, reply.p90_hours) {
        replies.push(' ');
        replies.push_str(&t!(tr, "report-reply-time", median = median.round(), p90 = p90.round()));
    }
    let first_month = r.monthly.first().map_or_else(String::new, |m| tr.month(&m.month));
    let last_month = r.monthly.last().map_or_else(String::new, |m| tr.month(&m.month));
    let mut headline = match r.average {
        Some(average) => {
            t!(tr, "report-reviews-headline", average = average, reviews = r.count, platforms = r.platforms.len())
        }
        None => t!(tr, "report-reviews-no-rating", reviews = r.count, platforms = r.platforms.len()),
    };
    if r.duplicates_removed > 0 {
        headline.push(' ');
        headline.push_str(&t!(tr, "report-reviews-duplicates", count = r.duplicates_removed));
    }
    ReviewsView {
        headline,
        platforms: r
            .platforms
            .iter()
            .map(|p| PlatformView { platform: &p.platform, average: tr.num(p.average), count: p.count })
            .collect(),
        distribution_alt: t!(
            tr,
            "report-distribution-alt",
            counts = distribution
                .iter()
                .map(|b| t!(tr, "report-stars-count", stars = b.stars, count = b.count))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        distribution,
        months_alt: t!(tr, "report-months-alt", first = first_month.as_str(), last = last_month.as_str()),
        months,
        reply_line,
        first_month,
        last_month,
        replies,
        negatives_heading: t!(
            tr,
            "report-negatives-heading",
            stars = r.negative_max_stars,
            days = r.negative_window_days
        ),
        negatives: r
            .unanswered_negative
            .iter()
            .map(|n| {
                let (text, full) = n.text.as_deref().map(shorten).unzip();
                ReviewItem {
                    date: tr.date(n.date),
                    platform: &n.platform,
                    stars: format!("{}★", tr.num(n.stars)),
                    author: n.author.as_deref().map(|a| shorten(a).0),
                    text,
                    full: full.flatten(),
                    href: safe_href(n.link.as_deref()),
                    draft: crate::config::replies::draft(tr.locale(), &n.themes, n.author.as_deref()),
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

fn mentions_view<'a>(tr: &Tr, m: &'a MentionSummary) -> MentionsView<'a> {
    let tone_bar = stacked([("pass", m.positive), ("na", m.neutral), ("fail", m.negative)]);
    MentionsView {
        headline: t!(tr, "report-mentions-headline", count = m.count, days = m.window_days),
        tone_alt: t!(tr, "report-tone-alt", positive = m.positive, neutral = m.neutral, negative = m.negative),
        tone_bar,
        negatives: m
            .negatives
            .iter()
            .map(|n| {
                let (title, full) = shorten(&n.title);
                MentionItem { date: tr.date(n.date), title, full, href: safe_href(n.link.as_deref()) }
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
    since: String,
    headline: String,
    notes: &'a [String],
    lists: Vec<ChangeList<'a>>,
    areas: Vec<AreaDeltaView<'a>>,
    trend_line: String,
    trend_points: Vec<TrendDot>,
    trend_alt: String,
    /// The scores the chart's height spans.
    trend_range: String,
    first_run: String,
    last_run: String,
    /// How the lead over each rival moved.
    rival_gaps: Vec<String>,
}

#[derive(Serialize)]
struct ChangeList<'a> {
    title: String,
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

fn change_list<'a>(title: String, class: &'static str, items: &'a [TouchpointChange]) -> ChangeList<'a> {
    ChangeList {
        title,
        class,
        count: items.len(),
        items: items.iter().map(|t| LinkView { id: &t.id, title: &t.title }).collect(),
    }
}

fn changes_view<'a>(tr: &Tr, c: &'a Changes) -> ChangesView<'a> {
    let score = |s: Option<f64>| tr.num_or_na(s);
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
                label: format!("{}: {}", tr.date_text(&t.as_of), tr.num(s)),
            })
        })
        .collect();
    ChangesView {
        since: c.baseline.as_of.as_deref().map_or_else(|| t!(tr, "report-the-baseline"), |d| tr.date_text(d)),
        headline: t!(
            tr,
            "report-changes-headline",
            from = score(c.previous_score),
            to = score(c.trend.last().and_then(|t| t.score)),
            delta = tr.signed(c.score_delta)
        ),
        notes: &c.notes,
        lists: [
            change_list(t!(tr, "report-newly-failing"), "fail", &c.newly_failing),
            change_list(t!(tr, "report-fixed"), "pass", &c.fixed),
            change_list(t!(tr, "report-still-failing"), "warn", &c.still_failing),
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
                delta: tr.signed(a.delta),
                class: match a.delta {
                    Some(d) if d > 0.0 => "pass",
                    Some(d) if d < 0.0 => "fail",
                    _ => "na",
                },
            })
            .collect(),
        trend_line: trend_points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" "),
        trend_range: format!("{}–{}", tr.num(bottom.round()), tr.num(top.round())),
        first_run: c.trend.first().map_or_else(String::new, |t| tr.date_text(&t.as_of)),
        last_run: c.trend.last().map_or_else(String::new, |t| tr.date_text(&t.as_of)),
        trend_alt: t!(
            tr,
            "report-trend-alt",
            runs = c
                .trend
                .iter()
                .map(|t| format!("{} {}", tr.date_text(&t.as_of), score(t.score)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        trend_points,
        rival_gaps: c.rivals.iter().map(|g| crate::report::markdown::gap_line(tr, g)).collect(),
    }
}

#[derive(Serialize)]
struct PortfolioView<'a> {
    lang: &'static str,
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
    level: String,
    provisional: bool,
    coverage: String,
    delta: String,
    top_fix: &'a str,
    gates_failed: &'a [String],
    error: Option<&'a str>,
}

/// The portfolio's view: its texts in the portfolio's language.
fn portfolio_view<'a>(p: &'a super::portfolio::Portfolio, css: &'a str) -> PortfolioView<'a> {
    let tr = p.locale.tr();
    PortfolioView {
        lang: tr.locale().code(),
        css,
        generated_at: &p.generated_at,
        count: p.clients.len(),
        clients: p
            .clients
            .iter()
            .map(|c| ClientView {
                name: &c.name,
                report: c.report.as_deref(),
                score: tr.num_or_na(c.score),
                class: score_class(c.score),
                level: match (&c.level, c.provisional) {
                    (Some(level), true) => t!(tr, "report-level-provisional", level = level.as_str()),
                    (Some(level), false) => level.clone(),
                    (None, _) => String::new(),
                },
                provisional: c.provisional,
                coverage: c.coverage.map_or_else(String::new, |c| tr.pct(c)),
                delta: c.delta.map_or_else(String::new, |d| tr.signed(Some(d))),
                top_fix: c.top_fix.as_deref().unwrap_or(""),
                gates_failed: &c.gates_failed,
                error: c.error.as_deref(),
            })
            .collect(),
    }
}

/// The NAP table: one row per listing, one column per field, each cell its value and how it compares.
#[derive(Serialize)]
struct ListingsView {
    fields: Vec<String>,
    reference: Vec<ListingCell>,
    rows: Vec<ListingRow>,
}

#[derive(Serialize)]
struct ListingRow {
    source: String,
    cells: Vec<ListingCell>,
    /// The client view's short form: what differs or is missing, each with the value expected ...
    problems: Vec<ListingProblem>,
    /// ... and the fields that match, in one line.
    matching: Option<String>,
}

#[derive(Serialize)]
struct ListingProblem {
    status: String,
    class: &'static str,
    text: String,
}

#[derive(Serialize)]
struct ListingCell {
    field: String,
    value: String,
    status: String,
    class: &'static str,
}

/// Fields in reading order: name, address, phone, website.
const NAP_FIELDS: [&str; 5] = ["name", "address", "phone", "website", "hours"];

fn nap_field(tr: &Tr, field: &str) -> String {
    match field {
        "name" => t!(tr, "nap-name"),
        "address" => t!(tr, "nap-address"),
        "phone" => t!(tr, "nap-phone"),
        "hours" => t!(tr, "nap-hours"),
        _ => t!(tr, "nap-website"),
    }
}

/// "телефон" as "Телефон": a field name opening a line.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn listings_view(tr: &Tr, table: &crate::rules::listings::NapTable) -> ListingsView {
    use crate::rules::listings::NapStatus;
    let reference = NAP_FIELDS
        .iter()
        .map(|field| {
            let value = match table.reference.iter().find(|r| r.field == *field) {
                Some(r) => {
                    let from = if r.from == "audit" { t!(tr, "nap-from-audit") } else { t!(tr, "nap-from-site") };
                    t!(tr, "report-nap-reference", value = r.value.as_str(), from = from)
                }
                None => t!(tr, "report-nap-no-reference"),
            };
            ListingCell { field: nap_field(tr, field), value, status: String::new(), class: "" }
        })
        .collect();
    let expected = |field: &str| {
        table.reference.iter().find(|r| r.field == field).map_or_else(
            || t!(tr, "report-nap-no-reference"),
            |r| {
                let from = if r.from == "audit" { t!(tr, "nap-from-audit") } else { t!(tr, "nap-from-site") };
                t!(tr, "report-nap-reference", value = r.value.as_str(), from = from)
            },
        )
    };
    let rows = table
        .rows
        .iter()
        .map(|row| ListingRow {
            source: row.source.clone(),
            problems: NAP_FIELDS
                .iter()
                .filter_map(|field| {
                    let cell = row.cells.iter().find(|c| c.field == *field)?;
                    let name = capitalised(&nap_field(tr, field));
                    let text = match cell.status {
                        NapStatus::Differs => t!(
                            tr,
                            "report-nap-line-differs",
                            field = name.as_str(),
                            value = cell.value.as_deref().unwrap_or(""),
                            expected = expected(field)
                        ),
                        NapStatus::Missing => {
                            t!(tr, "report-nap-line-missing", field = name.as_str(), expected = expected(field))
                        }
                        _ => return None,
                    };
                    let (status, class) = if cell.status == NapStatus::Differs {
                        (t!(tr, "report-nap-differs"), "fail")
                    } else {
                        (t!(tr, "report-nap-missing"), "warn")
                    };
                    Some(ListingProblem { status, class, text })
                })
                .collect(),
            matching: {
                let names: Vec<String> = NAP_FIELDS
                    .iter()
                    .filter(|f| row.cells.iter().any(|c| c.field == **f && c.status == NapStatus::Matches))
                    .map(|f| nap_field(tr, f).to_lowercase())
                    .collect();
                (!names.is_empty()).then(|| t!(tr, "report-nap-line-match", fields = names.join(", ")))
            },
            cells: NAP_FIELDS
                .iter()
                .map(|field| {
                    let cell = row.cells.iter().find(|c| c.field == *field);
                    let (status, class) = match cell.map(|c| c.status) {
                        Some(NapStatus::Matches) => (t!(tr, "report-nap-matches"), "pass"),
                        Some(NapStatus::Differs) => (t!(tr, "report-nap-differs"), "fail"),
                        Some(NapStatus::Missing) => (t!(tr, "report-nap-missing"), "warn"),
                        _ => (t!(tr, "report-nap-unchecked"), "na"),
                    };
                    let value = cell.and_then(|c| c.value.clone()).unwrap_or_default();
                    ListingCell { field: nap_field(tr, field), value, status, class }
                })
                .collect(),
        })
        .collect();
    ListingsView { fields: NAP_FIELDS.iter().map(|f| nap_field(tr, f)).collect(), reference, rows }
}

#[derive(Serialize)]
struct SurveyView {
    /// Promoters, passives and detractors as bar segments, when NPS was asked.
    nps: Option<Vec<ToneSegment>>,
    nps_alt: String,
    lines: Vec<String>,
}

fn survey_view(tr: &Tr, s: &super::model::SurveySummary) -> SurveyView {
    let mut lines = Vec::new();
    let (nps, nps_alt) = match &s.nps {
        Some(n) => {
            let segments = stacked([("pass", n.promoters), ("na", n.passives), ("fail", n.detractors)]);
            lines.push(t!(
                tr,
                "report-survey-nps",
                nps = n.nps.round(),
                margin = n.margin_95.round(),
                answers = n.n,
                promoters = n.promoters,
                passives = n.passives,
                detractors = n.detractors
            ));
            let alt =
                t!(tr, "report-nps-alt", promoters = n.promoters, passives = n.passives, detractors = n.detractors);
            (Some(segments), alt)
        }
        None => (None, String::new()),
    };
    if let Some(c) = &s.csat {
        lines.push(t!(tr, "report-survey-csat", csat = c.csat.round(), answers = c.n));
    }
    if let Some(c) = &s.ces {
        lines.push(t!(tr, "report-survey-ces", mean = c.mean, easy = c.easy.round(), answers = c.n));
    }
    SurveyView { nps, nps_alt, lines }
}
