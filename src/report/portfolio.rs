//! The batch's portfolio: every client's score, level, coverage, change and top fix (portfolio.json and
//! index.html), built from the clients' results.

use super::AuditResult;

/// One client of a batch, as portfolio.json lists it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PortfolioEntry {
    pub name: String,
    pub audit: String,
    /// The client's report, relative to the portfolio.
    pub report: Option<String>,
    pub score: Option<f64>,
    pub level: Option<String>,
    pub coverage: Option<f64>,
    pub provisional: bool,
    /// Points since the client's previous run (with --history).
    pub delta: Option<f64>,
    pub top_fix: Option<String>,
    pub gates_failed: Vec<String>,
    /// Sources that gave nothing (see [`AuditResult::warnings`]).
    #[serde(default)]
    pub warnings: Vec<String>,
    /// Why the audit could not run.
    pub error: Option<String>,
    /// The language of the client's report.
    #[serde(default)]
    pub locale: Option<crate::i18n::Locale>,
    /// The client's scores over its last runs, oldest first (with --history).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trend: Vec<crate::result::changes::TrendPoint>,
    /// A chain's locations, its row opening into them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<PortfolioLocation>,
}

/// One location of a chain in the portfolio.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PortfolioLocation {
    pub name: String,
    pub score: Option<f64>,
    pub level: Option<String>,
    /// Touchpoints failing there alone (the chain's own problems are the chain's row).
    pub local: usize,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Portfolio {
    pub schema_version: u32,
    pub generated_at: String,
    /// The language the clients' reports share; English when they differ.
    #[serde(default)]
    pub locale: crate::i18n::Locale,
    /// Clients by score, best first; those that could not run last.
    pub clients: Vec<PortfolioEntry>,
}

impl PortfolioEntry {
    /// A client with nothing known yet but its name and audit file.
    pub(crate) fn without_result(name: String, audit: String) -> Self {
        PortfolioEntry {
            name,
            audit,
            report: None,
            score: None,
            level: None,
            coverage: None,
            provisional: false,
            delta: None,
            top_fix: None,
            gates_failed: Vec::new(),
            warnings: Vec::new(),
            error: None,
            locale: None,
            trend: Vec::new(),
            locations: Vec::new(),
        }
    }

    pub(crate) fn from_result(result: &AuditResult, audit: String, report: String) -> Self {
        PortfolioEntry {
            name: result.business.name.clone(),
            audit,
            report: Some(report),
            score: result.score.value,
            level: result.score.level.as_ref().map(|l| l.title.clone()),
            coverage: Some(result.score.coverage),
            provisional: result.score.provisional,
            delta: result.changes.as_ref().and_then(|c| c.score_delta),
            top_fix: result.fix_first.first().map(|f| f.title.clone()),
            gates_failed: result.failed_gates(),
            warnings: result.warnings(),
            error: None,
            locale: Some(result.business.locale),
            trend: result.changes.as_ref().map(|c| c.trend.clone()).unwrap_or_default(),
            locations: result
                .locations
                .iter()
                .map(|l| PortfolioLocation {
                    name: l.name.clone(),
                    score: l.score,
                    level: l.level_title.clone(),
                    local: l.local.len(),
                })
                .collect(),
        }
    }
}

impl Portfolio {
    /// Clients by score, best first; provisional scores (too little coverage to rank on) after every complete
    /// one, then those without a score, then those that could not run.
    pub(crate) fn new(mut clients: Vec<PortfolioEntry>) -> Self {
        clients.sort_by(|a, b| {
            let key = |e: &PortfolioEntry| (e.error.is_some(), e.score.is_none(), e.provisional);
            key(a)
                .cmp(&key(b))
                .then(b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)))
                .then(a.name.cmp(&b.name))
        });
        let mut locales = clients.iter().filter_map(|c| c.locale);
        let first = locales.next().unwrap_or_default();
        let locale = if locales.all(|l| l == first) { first } else { crate::i18n::Locale::En };
        Portfolio {
            schema_version: super::SCHEMA_VERSION,
            generated_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            locale,
            clients,
        }
    }
}
