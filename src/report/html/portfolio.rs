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
            })
            .collect(),
    }
}
