//! What changed since the baseline: the headline, the trend chart, the lists, the area deltas and the gaps to rivals.

use super::*;

/// Width and height of the trend chart of repeat audits, in SVG units.
pub(super) const TREND_CHART: (f64, f64) = (300.0, 80.0);

#[derive(Serialize)]
pub(super) struct ChangesView<'a> {
    since: String,
    pub(super) headline: String,
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
    /// Whether the score's change is real, and what moved it.
    score_verdict: Option<String>,
    /// Measured values that changed, each with its verdict.
    measures: Vec<MeasureView<'a>>,
}

#[derive(Serialize)]
pub(super) struct MeasureView<'a> {
    id: &'a str,
    title: &'a str,
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

pub(super) fn changes_view<'a>(tr: &Tr, c: &'a Changes) -> ChangesView<'a> {
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
        score_verdict: c.score_change.as_ref().map(|s| crate::report::markdown::score_verdict_line(tr, s)),
        measures: c
            .measures
            .iter()
            .map(|m| MeasureView {
                id: &m.touchpoint,
                title: &m.title,
                previous: crate::report::markdown::measure_num(tr, m.previous),
                current: crate::report::markdown::measure_num(tr, m.current),
                samples: crate::report::markdown::samples_text(m),
                verdict: crate::report::markdown::verdict_text(tr, m),
                class: match m.verdict {
                    crate::compare::Verdict::Improved => "pass",
                    crate::compare::Verdict::Worsened => "fail",
                    crate::compare::Verdict::WithinNoise => "na",
                },
            })
            .collect(),
    }
}
