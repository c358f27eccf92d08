//! The competitor section: the grid by metric and by subject, the rating × review-count quadrant.

use super::*;

/// The competitor grid (one row per metric, one column per subject, the best value marked) and the rating ×
/// review-count quadrant.
#[derive(Serialize)]
pub(super) struct RivalsView {
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
pub(super) struct SubjectView {
    name: String,
    listing_only: bool,
}

/// One subject's figures as a card, for narrow screens where the grid's columns do not fit: the figures it
/// has (none "n/a"), the best ones marked as in the grid.
#[derive(Serialize)]
pub(super) struct SubjectCard {
    name: String,
    listing_only: bool,
    cells: Vec<CardCell>,
    status_cells: Vec<CardCell>,
}

#[derive(Serialize)]
pub(super) struct CardCell {
    metric: String,
    text: String,
    best: bool,
}

/// The grid turned by subject: what each subject's column says, metric by metric.
pub(super) fn subject_cards(
    subjects: &[SubjectView],
    rows: &[RivalRow],
    status_rows: &[RivalRow],
    na: &str,
) -> Vec<SubjectCard> {
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
pub(super) struct RivalRow {
    metric: String,
    cells: Vec<RivalCell>,
}

#[derive(Serialize)]
pub(super) struct RivalCell {
    text: String,
    best: bool,
    subject: String,
}

#[derive(Serialize)]
pub(super) struct QuadrantPoint {
    x: String,
    y: String,
    label: String,
    client: bool,
    label_x: String,
    label_y: String,
    anchor_end: bool,
}

#[derive(Serialize, Default)]
pub(super) struct QuadrantAxes {
    x: String,
    y: String,
}

/// The plotting area of the quadrant, in the SVG's units (the view box is 300 × 170).
pub(super) const QUADRANT_LEFT: f64 = 20.0;
pub(super) const QUADRANT_RIGHT: f64 = 280.0;
pub(super) const QUADRANT_TOP: f64 = 14.0;
pub(super) const QUADRANT_BOTTOM: f64 = 150.0;
/// A label's height, and the width of one of its characters, at the labels' 9px font (generous: labels
/// must not overlap).
pub(super) const LABEL_HEIGHT: f64 = 10.0;
pub(super) const LABEL_CHAR_WIDTH: f64 = 5.2;

/// The rating × review-count quadrant: review count on a log scale across, rating up, each axis spanning
/// the values seen; the lines cross at the medians, as the reputation suites draw it. Labels are placed
/// beside their dots where they overlap no other label (right or left, above or below).
pub(super) fn quadrant(points: &[(String, Option<f64>, Option<usize>, bool)]) -> (Vec<QuadrantPoint>, QuadrantAxes) {
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

pub(super) fn rivals_view(tr: &Tr, r: &AuditResult) -> Option<RivalsView> {
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
    let (rows, trails) = metric_rows(tr, numeric_metrics(tr, r, (client_rating, client_count)), &subjects);
    let status_rows = status_rows(tr, r, &subjects);
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

/// One grid metric: its label, the value per subject (the client first), whether higher is better, and
/// how a value reads.
type Metric = (String, Vec<Option<f64>>, bool, fn(&Tr, f64) -> String);

/// The grid's figures: outside-in score, rating, reviews, reply rate, median reply time, unanswered negatives.
fn numeric_metrics(
    tr: &Tr,
    r: &AuditResult,
    (client_rating, client_count): (Option<f64>, Option<usize>),
) -> Vec<Metric> {
    let reviews = r.reputation.as_ref().and_then(|rep| rep.reviews.as_ref());
    vec![
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
    ]
}

/// The figure rows, the best value of each marked, and "where you trail" for the figures where a rival does
/// better than the client.
fn metric_rows(tr: &Tr, metrics: Vec<Metric>, subjects: &[String]) -> (Vec<RivalRow>, Vec<String>) {
    let mut rows = Vec::new();
    let mut trails = Vec::new();
    for (metric, values, higher, show) in metrics {
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
            .zip(subjects)
            .map(|(v, subject)| RivalCell {
                text: v.map_or_else(|| t!(tr, "n-a"), |v| show(tr, v)),
                best: v.is_some() && *v == best,
                subject: subject.clone(),
            })
            .collect();
        rows.push(RivalRow { metric, cells });
    }
    (rows, trails)
}

/// The site and listing checks of the grid (behind "more measures"): each subject's status on them.
fn status_rows(tr: &Tr, r: &AuditResult, subjects: &[String]) -> Vec<RivalRow> {
    let mut status_rows = Vec::new();
    // The touchpoints whose rule is judged for every rival alike (its `rival` label), in checklist order.
    let measures = r.touchpoints.iter().filter_map(|t| Some((t, crate::rules::rule(&t.rule)?.spec.rival?)));
    for (mine, label) in measures {
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
                .zip(subjects)
                .map(|(s, subject)| RivalCell {
                    text: tr.render(&s.label()),
                    best: best && *s == Status::Pass,
                    subject: subject.clone(),
                })
                .collect(),
        });
    }
    status_rows
}
