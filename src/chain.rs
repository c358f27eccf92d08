//! Chains: a business with several locations (`[[location]]`). Each location goes through the same stages as
//! the business on the touchpoints that can be judged per location (reviews, replies, listings and NAP against
//! its own details, its offline scores and visit, its survey answers); the site, search and brand touchpoints
//! stay the chain's. The chain's figure of each per-location touchpoint is the location-weighted one (each
//! location counts once), a touchpoint failing in at least half of the locations is systemic (one fix in the
//! standards), one failing in fewer is local (fixed where it fails), and each location's complaint themes are
//! put beside the hand-scored touchpoints of its visit they are about.

use chrono::NaiveDate;

use crate::config::Audit;
use crate::config::locations::ChainLocation;
use crate::gather::Evidence;
use crate::msg;
use crate::result::chain::{ChainProblem, ChainSummary, LocationResult, LocationTouchpoint, OnlineOffline, SitePage};
use crate::rules::{EvidenceItem, EvidenceKind, Finding, SourceKind, Status};
use crate::score::Scored;

/// A share of a location's negative reviews with one theme at or above which customers "complain of it often".
pub(crate) const OFTEN_COMPLAINED: f64 = 0.2;
/// Negative reviews with the theme at least, for the share to mean something.
pub(crate) const MIN_COMPLAINTS: usize = 2;
/// A hand score at or above which the visit "scored it well" (0-1).
pub(crate) const SCORED_WELL: f64 = 0.8;

/// The touchpoint can be judged per location: its rule reads the location's own sources.
pub(crate) fn per_location(source: SourceKind) -> bool {
    matches!(source, SourceKind::Reviews | SourceKind::Offline | SourceKind::Survey)
}

/// The audit of one location: the chain's checklist and settings, the location's details, sources, offline
/// scores and survey answers; no site, mentions, brand results or rivals (the chain's).
pub(crate) fn location_audit(audit: &Audit, location: &ChainLocation) -> Audit {
    let mut one = audit.clone();
    one.business.site = None;
    one.business.address = location.address.clone();
    one.business.phone = location.phone.clone();
    one.business.hours = location.hours.clone();
    one.reviews = location.reviews.clone();
    one.offline = location.offline.clone();
    one.survey = location.survey.clone();
    one.mentions = Vec::new();
    one.serm = None;
    one.competitors = Vec::new();
    one.locations = Vec::new();
    one.checklist.touchpoints.retain(|t| per_location(t.rule.source));
    one
}

/// Each location judged on each date asked for, and the live sources' answers it read.
#[derive(Default)]
pub(crate) struct Judgements {
    /// Per date, per location.
    by_date: Vec<Vec<Judged>>,
    pub fetched: Vec<crate::gather::live::Saved>,
}

impl Judgements {
    /// The locations judged on the `index`-th date (none for a single business).
    pub(crate) fn on(&self, index: usize) -> &[Judged] {
        self.by_date.get(index).map_or(&[], Vec::as_slice)
    }
}

/// Gathers each location's evidence, one after another (its sources are files or APIs, each polite on its
/// own), judges it on every date and lets it go: memory holds one location's evidence at a time. The chain's
/// site is the location's website for NAP.
pub(crate) fn gather_judged(audit: &Audit, reach: &crate::gather::site::Reach, dates: &[NaiveDate]) -> Judgements {
    let mut judgements = Judgements { by_date: dates.iter().map(|_| Vec::new()).collect(), fetched: Vec::new() };
    if audit.locations.is_empty() {
        return Judgements::default();
    }
    for location in &audit.locations {
        let one = location_audit(audit, location);
        let mut evidence = crate::gather::gather(&one, reach);
        evidence.business.website = audit.business.site.clone();
        for (date, judged) in dates.iter().zip(&mut judgements.by_date) {
            judged.push(judge(&location.name, &one, &evidence, *date));
        }
        judgements.fetched.append(&mut evidence.fetched);
    }
    judgements
}

/// One location judged on a date.
pub(crate) struct Judged {
    pub name: String,
    pub findings: Vec<Finding>,
    pub scored: Scored,
    pub reputation: Option<crate::rules::summary::ReputationSummary>,
    pub nps: Option<f64>,
}

/// A location's findings and score on `as_of`.
fn judge(name: &str, audit: &Audit, evidence: &Evidence, as_of: NaiveDate) -> Judged {
    let findings = crate::rules::evaluate(&audit.checklist, evidence, as_of);
    let scored = crate::score::score(&audit.checklist, &findings);
    Judged {
        name: name.to_string(),
        reputation: crate::rules::summary::summarize(audit, evidence, as_of),
        nps: evidence.survey.collected().and_then(|s| s.nps.as_ref()).map(|n| n.nps),
        findings,
        scored,
    }
}

/// The chain's findings with each per-location touchpoint replaced by the location-weighted one, where any
/// location was assessed on it.
pub(crate) fn weighted(findings: Vec<Finding>, judged: &[Judged]) -> Vec<Finding> {
    if judged.is_empty() {
        return findings;
    }
    findings.into_iter().map(|chain| across(chain, judged)).collect()
}

/// One touchpoint over the locations: the mean score and measured value (each location once), the status
/// of the mean measured against the target (or, without one, failing where half the locations fail), and one
/// evidence line per location.
fn across(chain: Finding, judged: &[Judged]) -> Finding {
    let at: Vec<(&str, &Finding)> = judged
        .iter()
        .filter_map(|j| Some((j.name.as_str(), j.findings.iter().find(|f| f.id == chain.id)?)))
        .filter(|(_, f)| f.status.is_assessed())
        .collect();
    if at.is_empty() {
        return chain;
    }
    let n = at.len() as f64;
    let scores: Vec<f64> = at.iter().filter_map(|(_, f)| f.score).collect();
    let score = (!scores.is_empty()).then(|| scores.iter().sum::<f64>() / scores.len() as f64);
    let measured: Vec<f64> = at.iter().filter_map(|(_, f)| f.measured).collect();
    let mean = (measured.len() == at.len()).then(|| measured.iter().sum::<f64>() / n);
    let failing = at.iter().filter(|(_, f)| f.status == Status::Fail).count();
    let passing = at.iter().filter(|(_, f)| f.status == Status::Pass).count();
    let thresholds = at.iter().find_map(|(_, f)| f.thresholds);
    let status = match (&thresholds, mean) {
        (Some(t), Some(mean)) => t.status(mean),
        _ if failing * 2 >= at.len() => Status::Fail,
        _ if passing == at.len() => Status::Pass,
        _ => Status::Warn,
    };
    let evidence = at
        .iter()
        .map(|(name, f)| {
            let said = f.measured_text.clone().unwrap_or_else(|| f.status.label());
            EvidenceItem::new(EvidenceKind::Figure, msg!("chain-location-line", location = *name, measured = said))
        })
        .collect();
    let worst = at
        .iter()
        .filter(|(_, f)| f.score.is_some())
        .min_by(|a, b| a.1.score.unwrap_or(0.0).total_cmp(&b.1.score.unwrap_or(0.0)));
    Finding {
        status,
        score,
        measured: mean,
        measured_text: Some(msg!("chain-across", passing = passing, count = at.len(), failing = failing)),
        evidence,
        recommendation: worst.and_then(|(_, f)| f.recommendation.clone()).or(chain.recommendation.clone()),
        thresholds,
        target: chain.target.clone().or_else(|| at[0].1.target.clone()),
        reason: None,
        sample: None,
        auditor: None,
        ..chain
    }
}

/// The id a location's site page goes by among the chain's problems (no checklist touchpoint: the site is
/// the chain's, the page the location's).
pub(crate) const SITE_PAGE_ID: &str = "site.location_page";

/// Each location's page on the chain's site, when the site was crawled.
fn site_pages(audit: &Audit, site: Option<&crate::gather::site::SiteFacts>) -> Vec<Option<SitePage>> {
    let Some(site) = site else { return audit.locations.iter().map(|_| None).collect() };
    let naps: Vec<crate::gather::Nap> = audit
        .locations
        .iter()
        .map(|l| crate::gather::Nap {
            name: Some(l.name.clone()),
            address: l.address.clone(),
            phone: l.phone.clone(),
            website: None,
            hours: l.hours.clone(),
        })
        .collect();
    let named: Vec<(&str, &crate::gather::Nap)> =
        audit.locations.iter().zip(&naps).map(|(l, n)| (l.name.as_str(), n)).collect();
    crate::rules::listings::location_pages::location_pages(site, &audit.business.name, &named)
        .into_iter()
        .map(|page| {
            Some(match page {
                None => SitePage { url: None, address: None, phone: None, hours: None, status: Status::Fail },
                Some(p) => {
                    let shown = [p.address, p.phone, p.hours];
                    let status = if shown.contains(&Some(false)) { Status::Warn } else { Status::Pass };
                    SitePage { url: Some(p.url), address: p.address, phone: p.phone, hours: p.hours, status }
                }
            })
        })
        .collect()
}

/// The locations' records and the chain's problems, for result.json.
pub(crate) fn results(
    audit: &Audit,
    judged: &[Judged],
    gains: &std::collections::BTreeMap<String, f64>,
    site: Option<&crate::gather::site::SiteFacts>,
) -> (Vec<LocationResult>, Option<ChainSummary>) {
    if judged.is_empty() {
        return (Vec::new(), None);
    }
    let tr = audit.business.locale.tr();
    let pages = site_pages(audit, site);
    let mut summary = ChainSummary { locations: judged.len(), ..ChainSummary::default() };
    let no_page: Vec<String> = judged
        .iter()
        .zip(&pages)
        .filter(|(_, p)| p.as_ref().is_some_and(|p| p.status == Status::Fail))
        .map(|(j, _)| j.name.clone())
        .collect();
    if !no_page.is_empty() {
        let problem = ChainProblem {
            touchpoint: SITE_PAGE_ID.to_string(),
            title: crate::t!(tr, "chain-site-page"),
            gain: None,
            locations: no_page.clone(),
        };
        if no_page.len() * 2 >= judged.len() { summary.systemic.push(problem) } else { summary.local.push(problem) }
    }
    for touchpoint in audit.checklist.touchpoints.iter().filter(|t| per_location(t.rule.source)) {
        let failing: Vec<String> = judged
            .iter()
            .filter(|j| j.findings.iter().any(|f| f.id == touchpoint.id && f.status == Status::Fail))
            .map(|j| j.name.clone())
            .collect();
        if failing.is_empty() {
            continue;
        }
        let problem = ChainProblem {
            touchpoint: touchpoint.id.clone(),
            title: touchpoint.title.clone(),
            gain: gains.get(&touchpoint.id).map(|g| (g * 10.0).round() / 10.0),
            locations: failing.clone(),
        };
        if failing.len() * 2 >= judged.len() {
            summary.systemic.push(problem);
        } else {
            summary.local.push(problem);
        }
    }
    let by_gain = |a: &ChainProblem, b: &ChainProblem| b.gain.unwrap_or(0.0).total_cmp(&a.gain.unwrap_or(0.0));
    summary.systemic.sort_by(by_gain);
    summary.local.sort_by(by_gain);
    let locations = judged
        .iter()
        .zip(pages)
        .map(|(j, page)| {
            let local = summary.local.iter().filter(|p| p.locations.contains(&j.name)).map(|p| p.touchpoint.clone());
            LocationResult { site_page: page, ..location_result(audit, j, tr, local.collect()) }
        })
        .collect();
    (locations, Some(summary))
}

fn location_result(audit: &Audit, j: &Judged, tr: &crate::i18n::Tr, local: Vec<String>) -> LocationResult {
    let round = crate::stats::round;
    let touchpoints = j
        .findings
        .iter()
        .map(|f| LocationTouchpoint {
            id: f.id.clone(),
            title: f.title.clone(),
            status: f.status,
            score: f.score.map(|s| round(s, 3)),
            measured: f.measured.map(|m| round(m, 3)),
            measured_text: f.measured_text.as_ref().map(|t| tr.render(t)),
            message: f.measured_text.clone(),
        })
        .collect();
    let by_hand: Vec<f64> = j
        .findings
        .iter()
        .filter(|f| audit.checklist.touchpoint(&f.id).is_some_and(|t| t.rule.source == SourceKind::Offline))
        .filter_map(|f| f.score)
        .collect();
    let reviews = j.reputation.as_ref().and_then(|r| r.reviews.as_ref());
    LocationResult {
        name: j.name.clone(),
        score: j.scored.overall.value.map(|v| round(v, 1)),
        level: j.scored.overall.level.as_ref().map(|l| l.id.clone()),
        level_title: j.scored.overall.level.as_ref().map(|l| l.title.clone()),
        coverage: round(j.scored.overall.coverage, 3),
        rating: reviews.and_then(|r| r.average).map(|a| round(a, 2)),
        reviews: reviews.map_or(0, |r| r.count),
        reply_rate: reviews.filter(|r| r.replies.reviews > 0).map(|r| round(r.replies.rate, 3)),
        visit_score: (!by_hand.is_empty())
            .then(|| round(by_hand.iter().sum::<f64>() / by_hand.len() as f64 * 100.0, 1)),
        nps: j.nps.map(|n| round(n, 1)),
        touchpoints,
        local,
        online_offline: online_offline(audit, j),
        site_page: None,
    }
}

/// The location's complaint themes beside the hand-scored touchpoints they are about (`touchpoints` of each
/// theme in checklists/themes.toml),
/// flagged where they disagree: customers complain of it often (at least [`OFTEN_COMPLAINED`] of the negative
/// reviews, [`MIN_COMPLAINTS`] or more) while the visit scored it well ([`SCORED_WELL`]), or the visit failed it
/// while no negative review names it among several.
fn online_offline(audit: &Audit, j: &Judged) -> Vec<OnlineOffline> {
    let Some(reviews) = j.reputation.as_ref().and_then(|r| r.reviews.as_ref()) else { return Vec::new() };
    let negative = reviews.distribution.iter().take(2).sum::<usize>();
    let mut out = Vec::new();
    for (theme_id, touchpoint_ids) in audit.reputation.lexicon.theme_touchpoints() {
        let complaints = reviews.themes.iter().find(|t| t.id == theme_id).map_or(0, |t| t.count);
        let theme_title = reviews
            .themes
            .iter()
            .find(|t| t.id == theme_id)
            .map(|t| t.title.clone())
            .unwrap_or_else(|| audit.reputation.lexicon.theme_title(theme_id, audit.business.locale).to_string());
        for id in touchpoint_ids {
            let Some(f) = j.findings.iter().find(|f| f.id == *id && f.status.is_assessed()) else { continue };
            let often = complaints >= MIN_COMPLAINTS && complaints as f64 >= OFTEN_COMPLAINED * negative as f64;
            let well = f.score.is_some_and(|s| s >= SCORED_WELL);
            let quiet = complaints == 0 && negative >= 5;
            let disagree = (often && well) || (quiet && f.status == Status::Fail);
            // A touchpoint the visit failed is said once, however many quiet themes are about it.
            let said = out.iter().any(|o: &OnlineOffline| o.touchpoint == f.id);
            if complaints == 0 && (!disagree || said) {
                continue;
            }
            out.push(OnlineOffline {
                theme: theme_id.to_string(),
                theme_title: theme_title.clone(),
                complaints,
                negative_reviews: negative,
                touchpoint: f.id.clone(),
                touchpoint_title: f.title.clone(),
                status: f.status,
                score: f.score,
                disagree,
            });
        }
    }
    out
}
