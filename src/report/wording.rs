//! Lines both renderers write alike (the HTML report and the Markdown summary): the change tables' cells, the
//! score's verdict, a rival's gap, the next level. Neither renderer calls the other; both call these.

use crate::i18n::Tr;
use crate::result::AuditResult;
use crate::t;

/// "Fix the first N items below and the score reaches X: Level", when a set of fixes reaches the next level.
pub(crate) fn next_level_line(tr: &Tr, r: &AuditResult) -> Option<String> {
    let next = r.summary.next_level.as_ref()?;
    let level = r.levels.iter().find(|l| l.id == next.level).map_or(next.level_title.as_str(), |l| &l.title);
    Some(t!(tr, "report-next-level", count = next.fixes.len(), score = next.score, level = level))
}

/// The touchpoint's title, and which figure of its sample moved when it is not the measured value.
pub(crate) fn measure_title(tr: &Tr, m: &crate::result::changes::MeasureChange) -> String {
    match m.measure.as_str() {
        "measured" => m.title.clone(),
        "csat_mean" => format!("{}: {}", m.title, t!(tr, "measure-csat-mean")),
        "ces_easy" => format!("{}: {}", m.title, t!(tr, "measure-ces-easy")),
        "negative_reviews" => format!("{}: {}", m.title, t!(tr, "measure-negative-reviews")),
        other => format!("{}: {other}", m.title),
    }
}

/// A measured value as the change tables show it: two decimals below 10 (shares, ratings), one above.
pub(crate) fn measure_num(tr: &Tr, value: f64) -> String {
    let decimals = if value.abs() < 10.0 { 2 } else { 1 };
    tr.num(crate::stats::round(value, decimals))
}

/// "90 → 88", or "—" for a census.
pub(crate) fn samples_text(m: &crate::result::changes::MeasureChange) -> String {
    match (m.n_previous, m.n_current) {
        (Some(a), Some(b)) => format!("{a} → {b}"),
        _ => "—".to_string(),
    }
}

/// "within noise (p = 0.41)", "worsened (p = 0.003)", "improved".
pub(crate) fn verdict_text(tr: &Tr, m: &crate::result::changes::MeasureChange) -> String {
    let verdict = tr.message(m.verdict.message(), &[]);
    match m.p_value {
        Some(p) => format!("{verdict} (p = {})", tr.num(p)),
        None => verdict,
    }
}

/// "The score's change is real: worsened (1.2 of its points come from changes within noise)."
pub(crate) fn score_verdict_line(tr: &Tr, s: &crate::result::changes::ScoreChange) -> String {
    let mut line =
        t!(tr, "md-score-verdict", verdict = tr.message(s.verdict.message(), &[]), noise = tr.num(s.noise_points));
    let movers: Vec<String> = s
        .explained_by
        .iter()
        .take(MAX_MOVERS)
        .map(|c| format!("{} {} ({})", c.title, tr.signed(Some(c.points)), tr.message(c.verdict.message(), &[])))
        .collect();
    if !movers.is_empty() {
        line.push(' ');
        line.push_str(&t!(tr, "md-moved-by", touchpoints = movers.join("; ")));
    }
    line
}

/// Touchpoints named as moving the score, at most.
pub(crate) const MAX_MOVERS: usize = 5;

/// "Smile Pro: −4,2 → −1 (+3,2)": the client's lead over one rival then and now, in outside-in points.
pub(crate) fn gap_line(tr: &Tr, g: &crate::result::changes::GapDelta) -> String {
    t!(
        tr,
        "rival-gap-moved",
        rival = g.rival.as_str(),
        before = tr.signed(g.previous),
        now = tr.signed(g.current),
        delta = tr.signed(g.delta)
    )
}
