//! The portfolio index of a batch: one row per client.

use super::*;

#[derive(Serialize)]
pub(super) struct PortfolioView<'a> {
    lang: &'static str,
    css: &'a str,
    generated_at: &'a str,
    count: usize,
    clients: Vec<ClientView<'a>>,
}

#[derive(Serialize)]
pub(super) struct ClientView<'a> {
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
    /// The score over the client's last runs, as a small line (when it has two runs or more).
    spark: Option<Spark>,
    /// A chain's locations, behind its row.
    locations: Vec<LocationView>,
    locations_label: String,
}

#[derive(Serialize)]
pub(super) struct LocationView {
    name: String,
    score: String,
    class: &'static str,
    level: String,
    local: String,
}

#[derive(Serialize)]
pub(super) struct Spark {
    line: String,
    alt: String,
}

/// Width and height of a client's trend line in the portfolio, in SVG units.
const SPARK: (f64, f64) = (100.0, 24.0);

fn spark(tr: &Tr, trend: &[crate::result::changes::TrendPoint]) -> Option<Spark> {
    let scored: Vec<(usize, f64)> = trend.iter().enumerate().filter_map(|(i, t)| Some((i, t.score?))).collect();
    if scored.len() < 2 {
        return None;
    }
    let (width, height) = SPARK;
    let (bottom, top) = super::changes::value_span(scored.iter().map(|(_, s)| *s), 5.0);
    let step = width / (trend.len() - 1).max(1) as f64;
    let line = scored
        .iter()
        .map(|(i, s)| {
            format!("{:.1},{:.1}", *i as f64 * step, height - 2.0 - (s - bottom) / (top - bottom) * (height - 4.0))
        })
        .collect::<Vec<_>>()
        .join(" ");
    let runs: Vec<String> =
        trend.iter().map(|t| format!("{} {}", tr.date_text(&t.as_of), tr.num_or_na(t.score))).collect();
    Some(Spark { line, alt: t!(tr, "report-trend-alt-of", what = t!(tr, "report-trend"), runs = runs.join(", ")) })
}

/// The portfolio's view: its texts in the portfolio's language.
pub(super) fn portfolio_view<'a>(p: &'a crate::report::portfolio::Portfolio, css: &'a str) -> PortfolioView<'a> {
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
                spark: spark(tr, &c.trend),
                locations_label: t!(tr, "portfolio-locations", count = c.locations.len()),
                locations: c
                    .locations
                    .iter()
                    .map(|l| LocationView {
                        name: l.name.clone(),
                        score: tr.num_or_na(l.score),
                        class: score_class(l.score),
                        level: l.level.clone().unwrap_or_default(),
                        local: if l.local == 0 { String::new() } else { t!(tr, "portfolio-local", count = l.local) },
                    })
                    .collect(),
            })
            .collect(),
    }
}
