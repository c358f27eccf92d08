//! What result.json says about a chain (`[[location]]`): each location judged on its own, and which problems
//! are the chain's (failing in at least half of the locations) and which are a few locations' own.

use serde::{Deserialize, Serialize};

use crate::i18n::Text;
use crate::rules::Status;

/// One location of a chain, judged on the touchpoints that can be judged per location (its reviews and
/// listings, its visit and offline scores, its survey answers).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationResult {
    pub name: String,
    /// 0-100 over its own touchpoints.
    pub score: Option<f64>,
    /// The readiness level it reached (the level's id), and its title.
    pub level: Option<String>,
    #[serde(default)]
    pub level_title: Option<String>,
    pub coverage: f64,
    /// The rating customers see (the platforms' own where stated) and the reviews read.
    pub rating: Option<f64>,
    pub reviews: usize,
    /// Replies in the reply window, 0-1.
    pub reply_rate: Option<f64>,
    /// The mean score of its hand-scored touchpoints (the visit, offline scores), 0-100.
    pub visit_score: Option<f64>,
    /// NPS of its survey answers.
    pub nps: Option<f64>,
    /// Its touchpoints, as the business's own: id, status and what was measured.
    pub touchpoints: Vec<LocationTouchpoint>,
    /// Touchpoints failing here that fail in fewer than half of the locations: fixed at this location.
    pub local: Vec<String>,
    /// Its complaint themes beside the hand-scored touchpoints they are about.
    #[serde(default)]
    pub online_offline: Vec<OnlineOffline>,
    /// The chain's site's page about it and what it shows (absent when the chain's site was not crawled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_page: Option<SitePage>,
}

/// The page of the chain's site about one location: found by its phone, address or name, and whether it
/// shows the location's address, phone and hours (null: audit.toml gives none, or for hours the page states
/// none in its structured data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SitePage {
    /// Null when no page of the site is about the location.
    pub url: Option<String>,
    pub address: Option<bool>,
    pub phone: Option<bool>,
    pub hours: Option<bool>,
    /// Fail without a page; pass when the page shows what audit.toml gives; warn otherwise.
    pub status: Status,
}

/// A touchpoint of one location.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocationTouchpoint {
    pub id: String,
    pub title: String,
    pub status: Status,
    /// 0-1.
    pub score: Option<f64>,
    pub measured: Option<f64>,
    pub measured_text: Option<String>,
    /// `measured_text` as a message, to render in another language.
    #[serde(default)]
    pub message: Option<Text>,
}

/// A complaint theme of a location's reviews beside the hand-scored touchpoint it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OnlineOffline {
    pub theme: String,
    pub theme_title: String,
    /// Negative reviews with the theme, of `negative_reviews` in the window.
    pub complaints: usize,
    pub negative_reviews: usize,
    pub touchpoint: String,
    pub touchpoint_title: String,
    pub status: Status,
    pub score: Option<f64>,
    /// Customers complain of it often while the visit scored it well (or the other way round).
    pub disagree: bool,
}

/// The chain's problems: systemic (one fix in the standards) and local (one fix at each location named).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChainSummary {
    pub locations: usize,
    /// Touchpoints failing in at least half of the locations, each once, with the locations.
    pub systemic: Vec<ChainProblem>,
    /// Touchpoints failing in fewer than half, with the locations where they fail.
    pub local: Vec<ChainProblem>,
}

/// A touchpoint failing at some locations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainProblem {
    pub touchpoint: String,
    pub title: String,
    pub locations: Vec<String>,
    /// Points the chain's score gains when it passes everywhere.
    pub gain: Option<f64>,
}
