//! Gather: collect the evidence each source can give, recording why a source gave nothing.

pub mod manual;
pub mod site;
pub mod survey;

use serde::{Deserialize, Serialize};

use crate::config::Audit;
use crate::rules::SourceKind;
use manual::Offline;
use survey::{CesStats, CsatStats, InvalidCell, NpsAnswer, NpsStats, SurveyAnswers};

/// What one source produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Gathered<T> {
    Collected(T),
    /// The audit does not name this source; the reason says what to add.
    NotConfigured(String),
    /// The source was named but gave nothing usable; the reason says why.
    Failed(String),
}

impl<T> Gathered<T> {
    pub fn collected(&self) -> Option<&T> {
        match self {
            Gathered::Collected(facts) => Some(facts),
            _ => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Gathered::Collected(_) => None,
            Gathered::NotConfigured(reason) | Gathered::Failed(reason) => Some(reason),
        }
    }
}

/// Survey answers and the metrics computed from them.
#[derive(Debug, Clone, PartialEq)]
pub struct SurveyFacts {
    pub file: String,
    pub rows: usize,
    pub empty_rows: usize,
    pub nps: Option<NpsStats>,
    pub nps_answers: Vec<NpsAnswer>,
    pub csat: Option<CsatStats>,
    pub ces: Option<CesStats>,
    pub invalid: Vec<InvalidCell>,
}

impl SurveyFacts {
    pub fn from_answers(answers: &SurveyAnswers) -> Self {
        SurveyFacts {
            file: answers.file.clone(),
            rows: answers.rows,
            empty_rows: answers.empty_rows,
            nps: survey::nps(answers.nps.iter().map(|a| a.score)),
            nps_answers: answers.nps.clone(),
            csat: survey::csat(&answers.csat),
            ces: survey::ces(&answers.ces),
            invalid: answers.invalid.clone(),
        }
    }
}

/// Everything the rules can look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub offline: Gathered<Offline>,
    pub survey: Gathered<SurveyFacts>,
    pub site: Gathered<site::SiteFacts>,
}

/// How a source fared, for the report's "method and sources" section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceStatus {
    Collected,
    NotConfigured,
    Failed,
    Unavailable,
}

impl Evidence {
    /// Why rules reading `kind` cannot be assessed: the source's own reason, or what is missing.
    pub fn unavailable_reason(&self, kind: SourceKind) -> String {
        match kind {
            SourceKind::Offline => self.offline.reason().unwrap_or("offline scores were read").to_string(),
            SourceKind::Survey => self.survey.reason().unwrap_or("the survey was read").to_string(),
            SourceKind::Site => self.site.reason().unwrap_or("the website was crawled").to_string(),
            SourceKind::Reviews => "review platforms are not read by this touchaudit build yet".to_string(),
            SourceKind::Mentions => "mention feeds are not read by this touchaudit build yet".to_string(),
            SourceKind::Serm => "brand search results are not read by this touchaudit build yet".to_string(),
        }
    }
}

/// Collects the evidence of every source the audit names. Manual sources were read and checked at load time.
pub fn gather(audit: &Audit, reach: &site::Reach) -> Evidence {
    let offline = match &audit.offline {
        Some(offline) => Gathered::Collected(offline.clone()),
        None => Gathered::NotConfigured("no offline.toml given: set `offline` in audit.toml".to_string()),
    };
    let survey = match &audit.survey {
        Some(answers) => Gathered::Collected(SurveyFacts::from_answers(answers)),
        None => Gathered::NotConfigured("no survey given: set [survey] `file` in audit.toml".to_string()),
    };
    let site = match &audit.business.site {
        None => Gathered::NotConfigured("no website given: set `site` in [business] of audit.toml".to_string()),
        Some(url) => {
            let keywords = audit.keywords.clone();
            let extract = site::ExtractConfig { keywords, custom: audit.checklist.custom_checks() };
            match site::crawl_blocking(url, &audit.crawl, extract, reach) {
                Ok(facts) if facts.pages.is_empty() => {
                    Gathered::Failed(match (&facts.robots.error, facts.robots.disallows_all) {
                        (Some(error), _) => {
                            format!("no page of {url} could be fetched: robots.txt could not be read ({error})")
                        }
                        (None, true) if audit.crawl.robots => {
                            format!("no page of {url} was fetched: robots.txt disallows crawling it")
                        }
                        _ => format!("no page of {url} could be fetched"),
                    })
                }
                Ok(mut facts) => {
                    facts.signal_names = audit.keywords.signals.clone();
                    facts.custom_ids = audit.checklist.custom_touchpoints().map(|t| t.id.clone()).collect();
                    Gathered::Collected(facts)
                }
                Err(reason) => Gathered::Failed(reason),
            }
        }
    };
    Evidence { offline, survey, site }
}
