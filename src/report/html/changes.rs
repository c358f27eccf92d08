//! What changed since the baseline: the headline, the trend chart, the lists, the area deltas and the gaps to rivals.

use super::*;
use crate::result::changes::TrendPoint;

/// Width and height of the trend chart of repeat audits, in SVG units.
pub(super) const TREND_CHART: (f64, f64) = (300.0, 80.0);

#[derive(Serialize)]
pub(super) struct ChangesView<'a> {
    since: String,
    pub(super) headline: String,
    notes: &'a [String],
    lists: Vec<ChangeList<'a>>,
    still_failing: Option<ChangeList<'a>>,
    areas: Vec<AreaDeltaView<'a>>,
    /// The score's trend chart.
    score_trend: TrendChart,
    /// One chart per key metric measured in two runs or more.
    metric_trends: Vec<TrendChart>,
    metric_trends_count: usize,
    /// How the lead over each rival moved.
    rival_gaps: Vec<String>,
    /// Whether the score's change is real, and what moved it.
    score_verdict: Option<String>,
    /// Measured values that changed, each with its verdict.
    measures: Vec<MeasureView<'a>>,
    measures_count: usize,
}

#[derive(Serialize)]
pub(super) struct MeasureView<'a> {
    id: &'a str,
    title: String,
    previous: String,
    current: String,
    samples: String,
    verdict: String,
    class: &'static str,
}

#[derive(Serialize)]
pub(super) struct ChangeList<'a> {
    title: String,
    class: &'static str,
    count: usize,
    items: Vec<LinkView<'a>>,
}

#[derive(Serialize)]
pub(super) struct AreaDeltaView<'a> {
    title: &'a str,
    previous: String,
    current: String,
    delta: String,
    class: &'static str,
}

/// One series over the runs, as a small line chart with its text alternative.
#[derive(Serialize)]
pub(super) struct TrendChart {
    /// Unique within the report, for the chart's `aria-labelledby`.
    id: String,
    title: String,
    line: String,
    points: Vec<TrendDot>,
    alt: String,
    /// The values the chart's height spans.
    range: String,
    first_run: String,
    last_run: String,
    /// The newest value.
    latest: String,
}

#[derive(Serialize)]
pub(super) struct TrendDot {
    x: f64,
    y: f64,
    label: String,
}

pub(super) fn change_list<'a>(title: String, class: &'static str, items: &'a [TouchpointChange]) -> ChangeList<'a> {
    ChangeList {
        title,
        class,
        count: items.len(),
        items: items.iter().map(|t| LinkView { id: &t.id, title: &t.title }).collect(),
    }
}

/// How a key metric of the trend reads, its title, and the least half-span of its chart (so a tiny move does
/// not fill the chart): (key, title message, format, half-span, bounds).
type Format = fn(&Tr, f64) -> String;
type Series = (&'static str, &'static str, Format, f64, (f64, f64));
const TREND_SERIES: &[Series] = &[
    ("rating", "report-trend-rating", |tr, v| tr.num(crate::stats::round(v, 2)), 0.25, (1.0, 5.0)),
    ("reply_rate", "report-trend-reply-rate", |tr, v| tr.pct(v), 0.05, (0.0, 1.0)),
    ("nps", "report-trend-nps", |tr, v| tr.num(v.round()), 5.0, (-100.0, 100.0)),
    ("csat", "report-trend-csat", |tr, v| format!("{} %", tr.num(v.round())), 5.0, (0.0, 100.0)),
    ("ces", "report-trend-ces", |tr, v| tr.num(crate::stats::round(v, 2)), 0.25, (1.0, 7.0)),
    ("unanswered_negative", "report-trend-unanswered", |tr, v| tr.num(v), 1.0, (0.0, f64::INFINITY)),
    ("negative_mentions", "report-trend-negative-mentions", |tr, v| tr.pct(v), 0.05, (0.0, 1.0)),
];

/// The values a chart's height spans: those seen, centred, at least `min_half` either side of the middle (so
/// a tiny move does not fill the chart).
pub(super) fn value_span(values: impl Iterator<Item = f64> + Clone, min_half: f64) -> (f64, f64) {
    let low = values.clone().fold(f64::INFINITY, f64::min);
    let high = values.fold(f64::NEG_INFINITY, f64::max);
    let middle = (low + high) / 2.0;
    let half = ((high - low) / 2.0).max(min_half);
    (middle - half, middle + half)
}

/// A chart of `values` (one per run, `None` where the run did not measure it).
fn trend_chart(
    tr: &Tr,
    (id, title): (&str, String),
    runs: &[TrendPoint],
    values: &[Option<f64>],
    (format, min_half, (floor, ceiling)): (Format, f64, (f64, f64)),
) -> TrendChart {
    let (width, height) = TREND_CHART;
    let step = width / (runs.len().max(2) - 1) as f64;
    let (bottom, top) = value_span(values.iter().flatten().copied(), min_half);
    let (bottom, top) = (bottom.max(floor), top.min(ceiling));
    let span = (top - bottom).max(f64::EPSILON);
    let points: Vec<TrendDot> = runs
        .iter()
        .zip(values)
        .enumerate()
        .filter_map(|(i, (run, value))| {
            let v = (*value)?;
            Some(TrendDot {
                x: i as f64 * step,
                y: height - 6.0 - (v - bottom) / span * (height - 12.0),
                label: format!("{}: {}", tr.date_text(&run.as_of), format(tr, v)),
            })
        })
        .collect();
    let alt_runs: Vec<String> = runs
        .iter()
        .zip(values)
        .map(|(run, v)| {
            format!("{} {}", tr.date_text(&run.as_of), v.map_or_else(|| tr.num_or_na(None), |v| format(tr, v)))
        })
        .collect();
    TrendChart {
        id: format!("trend-{id}"),
        alt: t!(tr, "report-trend-alt-of", what = title.as_str(), runs = alt_runs.join(", ")),
        title,
        line: points.iter().map(|p| format!("{:.1},{:.1}", p.x, p.y)).collect::<Vec<_>>().join(" "),
        points,
        range: format!("{}–{}", format(tr, bottom), format(tr, top)),
        first_run: runs.first().map_or_else(String::new, |t| tr.date_text(&t.as_of)),
        last_run: runs.last().map_or_else(String::new, |t| tr.date_text(&t.as_of)),
        latest: values.iter().rev().flatten().next().map_or_else(String::new, |v| format(tr, *v)),
    }
}

/// The score's chart and one per key metric measured in at least two of the runs.
pub(super) fn trend_charts(tr: &Tr, runs: &[TrendPoint]) -> Vec<TrendChart> {
    let scores: Vec<Option<f64>> = runs.iter().map(|r| r.score).collect();
    let score_format: Format = |tr, v| tr.num(crate::stats::round(v, 1));
    let mut charts =
        vec![trend_chart(tr, ("score", t!(tr, "report-trend")), runs, &scores, (score_format, 5.0, (0.0, 100.0)))];
    for (key, title, format, half, bounds) in TREND_SERIES {
        let values: Vec<Option<f64>> = runs.iter().map(|r| r.metrics.get(*key).copied()).collect();
        if values.iter().flatten().count() >= 2 {
            charts.push(trend_chart(tr, (key, tr.message(title, &[])), runs, &values, (*format, *half, *bounds)));
        }
    }
    charts
}

pub(super) fn changes_view<'a>(tr: &Tr, c: &'a Changes) -> ChangesView<'a> {
    let score = |s: Option<f64>| tr.num_or_na(s);
    let mut metric_trends = trend_charts(tr, &c.trend);
    let score_trend = metric_trends.remove(0);
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
        ]
        .into_iter()
        .filter(|l| l.count > 0)
        .collect(),
        // What still fails is the fix list again: one click away, not in the way.
        still_failing: (!c.still_failing.is_empty())
            .then(|| change_list(t!(tr, "report-still-failing"), "warn", &c.still_failing)),
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
        score_trend,
        metric_trends_count: metric_trends.len(),
        metric_trends,
        rival_gaps: c.rivals.iter().map(|g| crate::report::wording::gap_line(tr, g)).collect(),
        measures_count: c.measures.len(),
        score_verdict: c.score_change.as_ref().map(|s| crate::report::wording::score_verdict_line(tr, s)),
        measures: c
            .measures
            .iter()
            .map(|m| MeasureView {
                id: &m.touchpoint,
                title: crate::report::wording::measure_title(tr, m),
                previous: crate::report::wording::measure_num(tr, m.previous),
                current: crate::report::wording::measure_num(tr, m.current),
                samples: crate::report::wording::samples_text(m),
                verdict: crate::report::wording::verdict_text(tr, m),
                class: match m.verdict {
                    crate::result::changes::ChangeVerdict::Improved => "pass",
                    crate::result::changes::ChangeVerdict::Worsened => "fail",
                    crate::result::changes::ChangeVerdict::WithinNoise => "na",
                },
            })
            .collect(),
    }
}
